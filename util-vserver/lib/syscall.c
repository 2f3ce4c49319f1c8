// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The vc_* wrappers: one vserver(2) command each.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "libvserver.h"

long vc_syscall(uint32_t cmd, uint32_t id, void *data)
{
#ifdef __NR_vserver
	return syscall(__NR_vserver, cmd, id, data);
#else
	/*
	 * Only x86 reserves a vserver slot (x86_64 236, i386 273).  Elsewhere
	 * the tools still build and report, truthfully, that the kernel has
	 * no vserver support.
	 */
	(void)cmd;
	(void)id;
	(void)data;
	errno = ENOSYS;
	return -1;
#endif
}

/* For the commands whose result is the return value itself. */
static int vc_query(uint32_t cmd, uint32_t id, uint32_t *out)
{
	long ret = vc_syscall(cmd, id, NULL);

	if (ret < 0)
		return -1;
	*out = (uint32_t)ret;
	return 0;
}

int vc_get_version(uint32_t *version)
{
	return vc_query(VCMD_get_version, 0, version);
}

int vc_get_vci(uint32_t *vci)
{
	return vc_query(VCMD_get_vci, 0, vci);
}

int vc_task_xid(pid_t pid, vc_xid_t *xid)
{
	/* Negative pids would wrap to huge ids; the kernel knows no such task. */
	if (pid < 0) {
		errno = ESRCH;
		return -1;
	}
	return vc_query(VCMD_task_xid, (uint32_t)pid, xid);
}

int vc_task_tag(pid_t pid, vc_xid_t *tag)
{
	if (pid < 0) {
		errno = ESRCH;
		return -1;
	}
	return vc_query(VCMD_task_tag, (uint32_t)pid, tag);
}

int vc_tag_migrate(vc_xid_t tag)
{
	return vc_syscall(VCMD_tag_migrate, tag, NULL) < 0 ? -1 : 0;
}

int vc_vx_info(vc_xid_t xid, struct vcmd_vx_info_v0 *info)
{
	return vc_syscall(VCMD_vx_info, xid, info) < 0 ? -1 : 0;
}

int vc_ctx_stat(vc_xid_t xid, struct vcmd_ctx_stat_v0 *stat)
{
	return vc_syscall(VCMD_ctx_stat, xid, stat) < 0 ? -1 : 0;
}

int vc_virt_stat(vc_xid_t xid, struct vcmd_virt_stat_v0 *stat)
{
	return vc_syscall(VCMD_virt_stat, xid, stat) < 0 ? -1 : 0;
}

int vc_ctx_create(vc_xid_t xid, uint64_t flags)
{
	/*
	 * Always pass the argument, even for the default flags: the caller
	 * then states exactly what the new context starts with.
	 */
	struct vcmd_ctx_create arg = { .flagword = flags };

	return vc_syscall(VCMD_ctx_create, xid, &arg) < 0 ? -1 : 0;
}

int vc_ctx_migrate(vc_xid_t xid, uint64_t flags)
{
	struct vcmd_ctx_migrate arg = { .flagword = flags };

	return vc_syscall(VCMD_ctx_migrate, xid, &arg) < 0 ? -1 : 0;
}

/*
 * The three {value, mask} pairs share one layout, which the kernel pins;
 * each wrapper still uses its command's own structure.
 */
int vc_get_cflags(vc_xid_t xid, uint64_t *flags, uint64_t *mask)
{
	struct vcmd_ctx_flags_v0 arg;

	if (vc_syscall(VCMD_get_cflags, xid, &arg) < 0)
		return -1;
	*flags = arg.flagword;
	if (mask)
		*mask = arg.mask;
	return 0;
}

int vc_set_cflags(vc_xid_t xid, uint64_t flags, uint64_t mask)
{
	struct vcmd_ctx_flags_v0 arg = { .flagword = flags, .mask = mask };

	return vc_syscall(VCMD_set_cflags, xid, &arg) < 0 ? -1 : 0;
}

int vc_get_ccaps(vc_xid_t xid, uint64_t *ccaps, uint64_t *mask)
{
	struct vcmd_ctx_caps_v1 arg;

	if (vc_syscall(VCMD_get_ccaps, xid, &arg) < 0)
		return -1;
	*ccaps = arg.ccaps;
	if (mask)
		*mask = arg.cmask;
	return 0;
}

int vc_set_ccaps(vc_xid_t xid, uint64_t ccaps, uint64_t mask)
{
	struct vcmd_ctx_caps_v1 arg = { .ccaps = ccaps, .cmask = mask };

	return vc_syscall(VCMD_set_ccaps, xid, &arg) < 0 ? -1 : 0;
}

int vc_get_bcaps(vc_xid_t xid, uint64_t *bcaps, uint64_t *mask)
{
	struct vcmd_bcaps arg;

	if (vc_syscall(VCMD_get_bcaps, xid, &arg) < 0)
		return -1;
	*bcaps = arg.bcaps;
	if (mask)
		*mask = arg.bmask;
	return 0;
}

int vc_set_bcaps(vc_xid_t xid, uint64_t bcaps, uint64_t mask)
{
	struct vcmd_bcaps arg = { .bcaps = bcaps, .bmask = mask };

	return vc_syscall(VCMD_set_bcaps, xid, &arg) < 0 ? -1 : 0;
}

int vc_ctx_kill(vc_xid_t xid, pid_t pid, int sig)
{
	struct vcmd_ctx_kill_v0 arg = { .pid = pid, .sig = sig };

	return vc_syscall(VCMD_ctx_kill, xid, &arg) < 0 ? -1 : 0;
}

int vc_wait_exit(vc_xid_t xid, struct vcmd_wait_exit_v0 *result)
{
	return vc_syscall(VCMD_wait_exit, xid, result) < 0 ? -1 : 0;
}

int vc_task_nid(pid_t pid, vc_nid_t *nid)
{
	if (pid < 0) {
		errno = ESRCH;
		return -1;
	}
	return vc_query(VCMD_task_nid, (uint32_t)pid, nid);
}

int vc_nx_info(vc_nid_t nid, struct vcmd_nx_info_v0 *info)
{
	return vc_syscall(VCMD_nx_info, nid, info) < 0 ? -1 : 0;
}

int vc_net_create(vc_nid_t nid, uint64_t flags)
{
	/* As vc_ctx_create: the flags are always stated. */
	struct vcmd_net_create arg = { .flagword = flags };

	return vc_syscall(VCMD_net_create, nid, &arg) < 0 ? -1 : 0;
}

int vc_net_create_dynamic(uint64_t flags, vc_nid_t *nid)
{
	vc_nid_t id;

	/*
	 * The kernel picks no id itself; creating is the test, so two
	 * callers never get the same one.
	 */
	for (id = VC_NID_DYNAMIC_MIN; id <= NX_ID_MAX; id++) {
		if (vc_net_create(id, flags) == 0) {
			*nid = id;
			return 0;
		}
		if (errno != EEXIST)
			return -1;
	}
	errno = EEXIST;
	return -1;
}

int vc_net_migrate(vc_nid_t nid)
{
	return vc_syscall(VCMD_net_migrate, nid, NULL) < 0 ? -1 : 0;
}

/* One entry through the IPv4 (v2) or IPv6 command of a pair. */
static int vc_net_addr_call(uint32_t cmd4, uint32_t cmd6, vc_nid_t nid,
			    const struct vc_net_addr *a)
{
	if (a->family == AF_INET) {
		struct vcmd_net_addr_ipv4_v2 arg = { .type = a->type };

		memcpy(&arg.ip, a->ip, sizeof(arg.ip));
		memcpy(&arg.ip2, a->ip2, sizeof(arg.ip2));
		memcpy(&arg.mask, a->mask, sizeof(arg.mask));
		return vc_syscall(cmd4, nid, &arg) < 0 ? -1 : 0;
	}
	if (a->family == AF_INET6) {
		struct vcmd_net_addr_ipv6_v1 arg = {
			.type = a->type,
			.prefix = a->prefix,
		};

		memcpy(arg.ip, a->ip, sizeof(arg.ip));
		memcpy(arg.mask, a->mask, sizeof(arg.mask));
		return vc_syscall(cmd6, nid, &arg) < 0 ? -1 : 0;
	}
	errno = EAFNOSUPPORT;
	return -1;
}

int vc_net_add(vc_nid_t nid, const struct vc_net_addr *addr)
{
	return vc_net_addr_call(VCMD_net_add_ipv4, VCMD_net_add_ipv6, nid, addr);
}

int vc_net_remove(vc_nid_t nid, const struct vc_net_addr *addr)
{
	return vc_net_addr_call(VCMD_net_rem_ipv4, VCMD_net_remove_ipv6, nid,
				addr);
}

int vc_net_remove_all(vc_nid_t nid, int family)
{
	struct vc_net_addr any = {
		.type = NXA_TYPE_ANY,
		.family = (uint8_t)family,
	};

	return vc_net_remove(nid, &any);
}

int vc_get_nflags(vc_nid_t nid, uint64_t *flags, uint64_t *mask)
{
	struct vcmd_net_flags_v0 arg;

	if (vc_syscall(VCMD_get_nflags, nid, &arg) < 0)
		return -1;
	*flags = arg.flagword;
	if (mask)
		*mask = arg.mask;
	return 0;
}

int vc_set_nflags(vc_nid_t nid, uint64_t flags, uint64_t mask)
{
	struct vcmd_net_flags_v0 arg = { .flagword = flags, .mask = mask };

	return vc_syscall(VCMD_set_nflags, nid, &arg) < 0 ? -1 : 0;
}

int vc_get_ncaps(vc_nid_t nid, uint64_t *ncaps, uint64_t *mask)
{
	struct vcmd_net_caps_v0 arg;

	if (vc_syscall(VCMD_get_ncaps, nid, &arg) < 0)
		return -1;
	*ncaps = arg.ncaps;
	if (mask)
		*mask = arg.cmask;
	return 0;
}

int vc_set_ncaps(vc_nid_t nid, uint64_t ncaps, uint64_t mask)
{
	struct vcmd_net_caps_v0 arg = { .ncaps = ncaps, .cmask = mask };

	return vc_syscall(VCMD_set_ncaps, nid, &arg) < 0 ? -1 : 0;
}

int vc_kernel_supported(void)
{
	uint32_t version;

	/*
	 * get_version needs no privilege and exists in every vserver kernel:
	 * it fails with ENOSYS where the system call is absent and with
	 * EOPNOTSUPP where the vserver LSM is built but not enabled.
	 */
	if (vc_get_version(&version) == 0)
		return 1;
	return errno == ENOSYS || errno == EOPNOTSUPP ? 0 : -1;
}

int vc_get_rlimit_mask(vc_xid_t xid, struct vcmd_ctx_rlimit_mask_v0 *mask)
{
	return vc_syscall(VCMD_get_rlimit_mask, xid, mask) < 0 ? -1 : 0;
}

int vc_get_rlimit(vc_xid_t xid, uint32_t id, struct vcmd_ctx_rlimit_v0 *lim)
{
	/* The id goes in, the values come out. */
	*lim = (struct vcmd_ctx_rlimit_v0){ .id = id };
	return vc_syscall(VCMD_get_rlimit, xid, lim) < 0 ? -1 : 0;
}

int vc_set_rlimit(vc_xid_t xid, const struct vcmd_ctx_rlimit_v0 *lim)
{
	struct vcmd_ctx_rlimit_v0 arg = *lim;

	return vc_syscall(VCMD_set_rlimit, xid, &arg) < 0 ? -1 : 0;
}

int vc_rlimit_stat(vc_xid_t xid, uint32_t id, struct vcmd_rlimit_stat_v0 *stat)
{
	*stat = (struct vcmd_rlimit_stat_v0){ .id = id };
	return vc_syscall(VCMD_rlimit_stat, xid, stat) < 0 ? -1 : 0;
}

int vc_reset_hits(vc_xid_t xid)
{
	return vc_syscall(VCMD_reset_hits, xid, NULL) < 0 ? -1 : 0;
}

int vc_reset_minmax(vc_xid_t xid)
{
	return vc_syscall(VCMD_reset_minmax, xid, NULL) < 0 ? -1 : 0;
}

int vc_set_vhi_name(vc_xid_t xid, uint32_t field, const char *name)
{
	struct vcmd_vhi_name_v0 arg = { .field = field };
	size_t len = strlen(name);

	if (len > VC_VHI_NAME_MAX) {
		errno = EINVAL;
		return -1;
	}
	memcpy(arg.name, name, len + 1);
	return vc_syscall(VCMD_set_vhi_name, xid, &arg) < 0 ? -1 : 0;
}

int vc_get_vhi_name(vc_xid_t xid, uint32_t field, char *name, size_t len)
{
	struct vcmd_vhi_name_v0 arg = { .field = field };
	size_t n;

	if (vc_syscall(VCMD_get_vhi_name, xid, &arg) < 0)
		return -1;
	/* The kernel terminates it; never read past it all the same. */
	arg.name[VHILEN - 1] = '\0';
	n = strlen(arg.name);
	if (n >= len) {
		errno = ERANGE;
		return -1;
	}
	memcpy(name, arg.name, n + 1);
	return 0;
}

int vc_get_iattr(const char *path, uint32_t *tag, uint32_t *flags,
		 uint32_t *mask)
{
	struct vcmd_ctx_iattr_v1 arg = { .name = path };

	if (vc_syscall(VCMD_get_iattr, 0, &arg) < 0)
		return -1;
	*flags = arg.flags;
	if (tag)
		*tag = arg.tag;
	if (mask)
		*mask = arg.mask;
	return 0;
}

int vc_set_iattr(const char *path, uint32_t tag, uint32_t flags,
		 uint32_t mask)
{
	struct vcmd_ctx_iattr_v1 arg = {
		.name = path,
		.tag = tag,
		.flags = flags,
		.mask = mask,
	};

	return vc_syscall(VCMD_set_iattr, 0, &arg) < 0 ? -1 : 0;
}

int vc_fget_iattr(int fd, uint32_t *flags, uint32_t *mask)
{
	struct vcmd_ctx_fiattr_v0 arg = { .tag = 0 };

	if (vc_syscall(VCMD_fget_iattr, (uint32_t)fd, &arg) < 0)
		return -1;
	*flags = arg.flags;
	if (mask)
		*mask = arg.mask;
	return 0;
}

int vc_fset_iattr(int fd, uint32_t flags, uint32_t mask)
{
	struct vcmd_ctx_fiattr_v0 arg = { .flags = flags, .mask = mask };

	return vc_syscall(VCMD_fset_iattr, (uint32_t)fd, &arg) < 0 ? -1 : 0;
}
