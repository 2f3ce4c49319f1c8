// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Capability names: the capability bound (bcaps, one bit per CAP_*
 * number) and the context capabilities (ccaps, VXC_* bits).
 */
#include "config.h"

#include "libvserver.h"

#define CAP(name) { "CAP_" #name, 1ULL << CAP_##name }

/* In CAP_* number order, 0 to CAP_LAST_CAP (40 in Linux 6.12). */
static const struct vc_bit_name bcap_names[] = {
	CAP(CHOWN), CAP(DAC_OVERRIDE), CAP(DAC_READ_SEARCH), CAP(FOWNER),
	CAP(FSETID), CAP(KILL), CAP(SETGID), CAP(SETUID), CAP(SETPCAP),
	CAP(LINUX_IMMUTABLE), CAP(NET_BIND_SERVICE), CAP(NET_BROADCAST),
	CAP(NET_ADMIN), CAP(NET_RAW), CAP(IPC_LOCK), CAP(IPC_OWNER),
	CAP(SYS_MODULE), CAP(SYS_RAWIO), CAP(SYS_CHROOT), CAP(SYS_PTRACE),
	CAP(SYS_PACCT), CAP(SYS_ADMIN), CAP(SYS_BOOT), CAP(SYS_NICE),
	CAP(SYS_RESOURCE), CAP(SYS_TIME), CAP(SYS_TTY_CONFIG), CAP(MKNOD),
	CAP(LEASE), CAP(AUDIT_WRITE), CAP(AUDIT_CONTROL), CAP(SETFCAP),
	CAP(MAC_OVERRIDE), CAP(MAC_ADMIN), CAP(SYSLOG), CAP(WAKE_ALARM),
	CAP(BLOCK_SUSPEND), CAP(AUDIT_READ), CAP(PERFMON), CAP(BPF),
	CAP(CHECKPOINT_RESTORE),
};

const struct vc_bit_names vc_bcaps = {
	.what = "capability",
	.prefix = "CAP_",
	.names = bcap_names,
	.count = sizeof(bcap_names) / sizeof(bcap_names[0]),
};

static const struct vc_bit_name ccap_names[] = {
	{ "set_utsname",     VXC_SET_UTSNAME },
	{ "set_rlimit",      VXC_SET_RLIMIT },
	{ "fs_security",     VXC_FS_SECURITY },
	{ "fs_trusted",      VXC_FS_TRUSTED },
	{ "tiocsti",         VXC_TIOCSTI },
	{ "raw_icmp",        VXC_RAW_ICMP },
	{ "syslog",          VXC_SYSLOG },
	{ "oom_adjust",      VXC_OOM_ADJUST },
	{ "audit_control",   VXC_AUDIT_CONTROL },
	{ "secure_mount",    VXC_SECURE_MOUNT },
	{ "secure_remount",  VXC_SECURE_REMOUNT },
	{ "binary_mount",    VXC_BINARY_MOUNT },
	{ "dev_mount",       VXC_DEV_MOUNT },
	{ "quota_ctl",       VXC_QUOTA_CTL },
	{ "admin_mapper",    VXC_ADMIN_MAPPER },
	{ "admin_cloop",     VXC_ADMIN_CLOOP },
	{ "kthread",         VXC_KTHREAD },
	{ "namespace",       VXC_NAMESPACE },
};

const struct vc_bit_names vc_ccaps = {
	.what = "context capability",
	.names = ccap_names,
	.count = sizeof(ccap_names) / sizeof(ccap_names[0]),
};

void vc_bcaps_secure(struct vc_flag_change *chg)
{
	vc_bits_secure(chg, VC_BCAPS_SECURE,
		       vc_bit_all(&vc_bcaps) & ~VC_BCAPS_SECURE);
}
