/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libvserver: thin wrappers over the vserver(2) system call, and the
 * text parsers every util-vserver tool shares.
 *
 * Every vc_* call returns 0 on success and -1 with errno set on failure;
 * nothing here prints or exits, so the tools decide how to report.
 * The kernel ABI (command numbers, structures, flag bits) comes from the
 * uapi header <linux/vserver.h>; this file adds no ABI of its own.
 */
#ifndef UTIL_VSERVER_LIBVSERVER_H
#define UTIL_VSERVER_LIBVSERVER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <linux/vserver.h>

typedef uint32_t vc_xid_t;

/* The one message every tool prints when vserver(2) is missing. */
#define VC_MSG_NOSYS "kernel lacks vserver support"

long vc_syscall(uint32_t cmd, uint32_t id, void *data);

int vc_get_version(uint32_t *version);
int vc_get_vci(uint32_t *vci);
int vc_task_xid(pid_t pid, vc_xid_t *xid);
int vc_vx_info(vc_xid_t xid, struct vcmd_vx_info_v0 *info);
int vc_ctx_stat(vc_xid_t xid, struct vcmd_ctx_stat_v0 *stat);
int vc_ctx_create(vc_xid_t xid, uint64_t flags);
int vc_ctx_migrate(vc_xid_t xid, uint64_t flags);

/*
 * 1 if the running kernel answers vserver(2), 0 if it lacks the system
 * call (ENOSYS) or has the vserver LSM disabled (EOPNOTSUPP), -1 with
 * errno set for any other failure.
 */
int vc_kernel_supported(void);

/*
 * Strict unsigned decimal: digits only (no sign, no blanks, no base
 * prefix), within [min, max].  EINVAL for malformed text, ERANGE for a
 * well-formed number outside the range.
 */
int vc_parse_uint(const char *str, unsigned long min, unsigned long max,
		  unsigned long *out);

/*
 * A context id from min (VX_ID_MIN for guests, VX_ID_SPECTATOR where the
 * spectator context is a valid target) up to VX_ID_MAX.
 */
int vc_parse_xid(const char *str, vc_xid_t min, vc_xid_t *xid);

/* Context flags named on a command line: bits to set and bits to clear. */
struct vc_flag_change {
	uint64_t set;
	uint64_t clear;
};

/* Bit of one flag name (case-insensitive, len bytes), or -1/EINVAL. */
int vc_cflag_lookup(const char *name, size_t len, uint64_t *bit);

/* Name of a single flag bit, NULL if the bit has no name. */
const char *vc_cflag_name(uint64_t bit);

/* Name of the idx-th flag in table order, NULL past the end. */
const char *vc_cflag_name_at(size_t idx);

/*
 * Parse "name,~name,..." into chg, adding to what it already holds so a
 * repeated option accumulates; "~" clears a flag and the last mention of
 * a flag wins.  On error returns -1 with errno EINVAL and points *bad and
 * *badlen at the offending item (possibly empty).
 */
int vc_parse_cflags(const char *list, struct vc_flag_change *chg,
		    const char **bad, size_t *badlen);

/* The flags a change yields when applied to base. */
static inline uint64_t vc_flags_apply(uint64_t base,
				      const struct vc_flag_change *chg)
{
	return (base | chg->set) & ~chg->clear;
}

#endif /* UTIL_VSERVER_LIBVSERVER_H */
