// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Test helper: an LD_PRELOAD stand-in for vserver(2), so the tools' success
 * paths can be tested on a host kernel without vserver support.
 *
 * It follows the check order of Documentation/userspace-api/vserver.rst
 * closely enough for the tools' logic, not the kernel's: a context is a
 * file "ctx.N" in $UV_FAKE_DIR holding "flags tasks bcaps ccaps" (hex
 * flags and caps; the caps may be left out), the caller's xid is
 * $UV_FAKE_XID (set on entry, so it survives the tools' exec), and the
 * commands that change something are appended to $UV_FAKE_DIR/log as
 * "name id value [mask]".
 *
 * Processes: a file "task.PID" holding an xid puts that pid in a context;
 * any other existing pid is a host process.  ctx_kill of a whole context
 * (pid 0, a real signal) ends it: the file ctx.N goes, unless the
 * context is persistent.  wait_exit returns once ctx.N is gone, with the
 * "reboot_cmd exit_code" of the file "exit.N" if there is one.
 *
 * $UV_FAKE_REFUSE names one command to refuse with EOPNOTSUPP, as a kernel
 * that predates it would; $UV_FAKE_FAIL=name:ERRNO (EPERM, ESRCH, EACCES,
 * EINVAL, EBUSY) makes one command fail so.  Only the tools' syscall()
 * calls are caught.
 */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/capability.h>

#include <linux/vserver.h>

#define KNOWN_VXF (VXF_INFO_LOCK | VXF_INFO_SCHED | VXF_INFO_NPROC |	\
		   VXF_INFO_PRIVATE | VXF_INFO_INIT | VXF_INFO_HIDE |	\
		   VXF_INFO_ULIMIT | VXF_INFO_NSPACE | VXF_SCHED_HARD |	\
		   VXF_SCHED_PRIO | VXF_SCHED_PAUSE | VXF_VIRT_MEM |	\
		   VXF_VIRT_UPTIME | VXF_VIRT_CPU | VXF_VIRT_LOAD |	\
		   VXF_VIRT_TIME | VXF_HIDE_MOUNT | VXF_HIDE_VINFO |	\
		   VXF_ONE_TIME | VXF_SC_HELPER | VXF_REBOOT_KILL |	\
		   VXF_PERSISTENT | VXF_FORK_RSS | VXF_PROLIFIC |	\
		   VXF_IGNEG_NICE | VXF_IGNEG_IONICE)

#define KNOWN_VXC (VXC_SET_UTSNAME | VXC_SET_RLIMIT | VXC_FS_SECURITY |	\
		   VXC_FS_TRUSTED | VXC_TIOCSTI | VXC_RAW_ICMP | VXC_SYSLOG |	\
		   VXC_OOM_ADJUST | VXC_AUDIT_CONTROL | VXC_SECURE_MOUNT |	\
		   VXC_SECURE_REMOUNT | VXC_BINARY_MOUNT | VXC_DEV_MOUNT |	\
		   VXC_QUOTA_CTL | VXC_ADMIN_MAPPER | VXC_ADMIN_CLOOP |	\
		   VXC_KTHREAD | VXC_NAMESPACE)

#define KNOWN_CAPS ((1ULL << (CAP_LAST_CAP + 1)) - 1)

struct ctx {
	uint64_t flags;
	unsigned int tasks;
	uint64_t bcaps;
	uint64_t ccaps;
};

static long fail(int err)
{
	errno = err;
	return -1;
}

static void fake_path(char *buf, size_t len, const char *kind, long id)
{
	snprintf(buf, len, "%s/%s.%ld", getenv("UV_FAKE_DIR"), kind, id);
}

static int ctx_load(uint32_t id, struct ctx *ctx)
{
	char path[4096];
	FILE *f;
	int n;

	fake_path(path, sizeof(path), "ctx", id);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	ctx->bcaps = KNOWN_CAPS;
	ctx->ccaps = 0;
	n = fscanf(f, "%" SCNx64 " %u %" SCNx64 " %" SCNx64, &ctx->flags,
		   &ctx->tasks, &ctx->bcaps, &ctx->ccaps);
	fclose(f);
	return n >= 2 ? 0 : -1;
}

static void ctx_store(uint32_t id, const struct ctx *ctx)
{
	char path[4096];
	FILE *f;

	fake_path(path, sizeof(path), "ctx", id);
	f = fopen(path, "w");
	if (f) {
		fprintf(f, "%" PRIx64 " %u %" PRIx64 " %" PRIx64 "\n",
			ctx->flags, ctx->tasks, ctx->bcaps, ctx->ccaps);
		fclose(f);
	}
}

static void ctx_remove(uint32_t id)
{
	char path[4096];

	fake_path(path, sizeof(path), "ctx", id);
	unlink(path);
}

/* The context file "task.PID" puts pid in, or -1. */
static long task_load(long pid)
{
	char path[4096];
	long xid = -1;
	FILE *f;

	fake_path(path, sizeof(path), "task", pid);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%ld", &xid) != 1)
			xid = -1;
		fclose(f);
	}
	return xid;
}

static void log_line(const char *fmt, ...)
{
	char path[4096];
	va_list ap;
	FILE *f;

	snprintf(path, sizeof(path), "%s/log", getenv("UV_FAKE_DIR"));
	f = fopen(path, "a");
	if (f) {
		va_start(ap, fmt);
		vfprintf(f, fmt, ap);
		va_end(ap);
		fclose(f);
	}
}

static void log_call(const char *name, uint32_t id, uint64_t flags)
{
	log_line("%s %" PRIu32 " 0x%" PRIx64 "\n", name, id, flags);
}

static uint32_t current_xid(void)
{
	const char *x = getenv("UV_FAKE_XID");

	return x ? (uint32_t)strtoul(x, NULL, 10) : 0;
}

static void enter(uint32_t id)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%" PRIu32, id);
	setenv("UV_FAKE_XID", buf, 1);
}

static long fake_create(uint32_t id, const struct vcmd_ctx_create *arg)
{
	uint64_t flags = arg ? arg->flagword : VXF_INIT_SET;
	struct ctx ctx;

	log_call("create", id, flags);
	if (current_xid() != VX_ID_HOST)
		return fail(EPERM);
	if (id < VX_ID_MIN || id > VX_ID_MAX || (flags & ~KNOWN_VXF))
		return fail(EINVAL);
	if (ctx_load(id, &ctx) == 0)
		return fail(ctx.flags & VXF_STATE_SETUP ? EBUSY : EEXIST);
	ctx = (struct ctx){ .flags = flags, .tasks = 1, .bcaps = KNOWN_CAPS };
	ctx_store(id, &ctx);
	enter(id);
	return id;
}

static long fake_migrate(uint32_t id, const struct vcmd_ctx_migrate *arg)
{
	uint64_t flags = arg ? arg->flagword : 0;
	struct ctx ctx;

	log_call("migrate", id, flags);
	if (current_xid() != VX_ID_HOST)
		return fail(EPERM);
	if (id != VX_ID_SPECTATOR && ctx_load(id, &ctx) < 0)
		return fail(ESRCH);
	if (flags & ~(VXM_SET_INIT | VXM_SET_REAPER))
		return fail(EINVAL);
	enter(id);
	return 0;
}

static long fake_info(uint32_t cmd, uint32_t id, void *data)
{
	struct ctx ctx;

	if (ctx_load(id, &ctx) < 0)
		return fail(ESRCH);
	if (cmd == VCMD_vx_info) {
		struct vcmd_vx_info_v0 info = { .xid = id, .initpid = 0 };

		memcpy(data, &info, sizeof(info));
	} else {
		struct vcmd_ctx_stat_v0 stat = { .usecnt = 1, .tasks = ctx.tasks };

		memcpy(data, &stat, sizeof(stat));
	}
	return 0;
}

/* The host and the spectator see every context; a guest its own. */
static int ctx_visible(uint32_t id, struct ctx *ctx)
{
	uint32_t own = current_xid();

	if (id <= VX_ID_SPECTATOR || ctx_load(id, ctx) < 0)
		return -1;
	return own <= VX_ID_SPECTATOR || own == id ? 0 : -1;
}

static long fake_task_xid(uint32_t pid)
{
	uint32_t own = current_xid();
	char path[64];
	long xid;

	if (pid == 0 || pid == (uint32_t)getpid())
		return own;
	xid = task_load(pid);
	if (xid >= 0)
		return own <= VX_ID_SPECTATOR || (uint32_t)xid == own ?
		       xid : fail(ESRCH);
	snprintf(path, sizeof(path), "/proc/%" PRIu32, pid);
	if (own <= VX_ID_SPECTATOR && access(path, F_OK) == 0)
		return VX_ID_HOST;
	return fail(ESRCH);
}

/* {value, mask} of the three get/set pairs: which field of struct ctx. */
static uint64_t *ctx_field(uint32_t cmd, struct ctx *ctx, uint64_t *valid)
{
	switch (cmd) {
	case VCMD_get_cflags:
	case VCMD_set_cflags:
		*valid = KNOWN_VXF;
		return &ctx->flags;
	case VCMD_get_ccaps:
	case VCMD_set_ccaps:
		*valid = KNOWN_VXC;
		return &ctx->ccaps;
	default:
		*valid = KNOWN_CAPS;
		return &ctx->bcaps;
	}
}

static long fake_get(uint32_t cmd, uint32_t id, uint64_t *pair)
{
	uint64_t valid, *field;
	struct ctx ctx;

	if (ctx_visible(id, &ctx) < 0)
		return fail(ESRCH);
	field = ctx_field(cmd, &ctx, &valid);
	pair[0] = *field;
	pair[1] = valid;
	if (cmd == VCMD_get_cflags)
		pair[1] &= ~(VXF_ONE_TIME & ~ctx.flags);
	return 0;
}

static long fake_set(uint32_t cmd, uint32_t id, const uint64_t *pair)
{
	uint32_t own = current_xid();
	uint64_t valid, *field, mask;
	struct ctx ctx;

	log_line("%s %" PRIu32 " 0x%" PRIx64 " 0x%" PRIx64 "\n",
		 cmd == VCMD_set_cflags ? "set_cflags" :
		 cmd == VCMD_set_ccaps ? "set_ccaps" : "set_bcaps",
		 id, pair[0], pair[1]);
	/* The host, or a guest in setup acting on itself. */
	if (own == VX_ID_SPECTATOR)
		return fail(EPERM);
	if (own != VX_ID_HOST &&
	    (ctx_load(own, &ctx) < 0 || !(ctx.flags & VXF_STATE_SETUP)))
		return fail(EPERM);
	if (ctx_visible(id, &ctx) < 0)
		return fail(ESRCH);
	if (own == VX_ID_HOST && !(ctx.flags & VXF_STATE_ADMIN))
		return fail(EACCES);
	field = ctx_field(cmd, &ctx, &valid);
	if (pair[0] & pair[1] & ~valid)
		return fail(EINVAL);
	mask = pair[1] & valid;
	if (cmd == VCMD_set_cflags)
		mask &= ~(VXF_ONE_TIME & ~ctx.flags);
	*field = (*field & ~mask) | (pair[0] & mask);
	ctx_store(id, &ctx);
	return 0;
}

static long fake_kill(uint32_t id, const struct vcmd_ctx_kill_v0 *arg)
{
	struct ctx ctx;

	log_line("kill %" PRIu32 " %d %d\n", id, arg->pid, arg->sig);
	if (ctx_visible(id, &ctx) < 0)
		return fail(ESRCH);
	if (arg->sig < 0 || arg->sig >= 65)
		return fail(EINVAL);
	if (arg->pid > 1 && task_load(arg->pid) != (long)id)
		return fail(ESRCH);
	if (arg->pid == 0 && arg->sig != 0 && !(ctx.flags & VXF_PERSISTENT))
		ctx_remove(id);
	return 0;
}

static long fake_wait_exit(uint32_t id, struct vcmd_wait_exit_v0 *result)
{
	const struct timespec tick = { 0, 10 * 1000 * 1000 };
	struct ctx ctx;
	char path[4096];
	FILE *f;

	if (ctx_visible(id, &ctx) < 0)
		return fail(ESRCH);
	while (ctx_load(id, &ctx) == 0)
		if (nanosleep(&tick, NULL) < 0)
			return -1;	/* EINTR, as the kernel's wait */
	result->reboot_cmd = 0;
	result->exit_code = 0;
	fake_path(path, sizeof(path), "exit", id);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%d %d", &result->reboot_cmd, &result->exit_code) != 2)
			result->reboot_cmd = result->exit_code = 0;
		fclose(f);
	}
	return 0;
}

/* $UV_FAKE_FAIL=name:ERRNO: the errno to fail command name with, or 0. */
static int injected_error(const char *name)
{
	static const struct {
		const char *name;
		int err;
	} errs[] = {
		{ "EPERM", EPERM }, { "ESRCH", ESRCH }, { "EACCES", EACCES },
		{ "EINVAL", EINVAL }, { "EBUSY", EBUSY },
	};
	const char *spec = getenv("UV_FAKE_FAIL");
	size_t len = strlen(name), i;

	if (spec == NULL || strncmp(spec, name, len) != 0 || spec[len] != ':')
		return 0;
	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
		if (strcmp(spec + len + 1, errs[i].name) == 0)
			return errs[i].err;
	return 0;
}

static const char *cmd_name(uint32_t cmd)
{
	switch (cmd) {
	case VCMD_get_version: return "get_version";
	case VCMD_get_vci:     return "get_vci";
	case VCMD_task_xid:    return "task_xid";
	case VCMD_vx_info:     return "vx_info";
	case VCMD_ctx_stat:    return "ctx_stat";
	case VCMD_ctx_create:  return "ctx_create";
	case VCMD_ctx_migrate: return "ctx_migrate";
	case VCMD_get_cflags:  return "get_cflags";
	case VCMD_set_cflags:  return "set_cflags";
	case VCMD_get_ccaps:   return "get_ccaps";
	case VCMD_set_ccaps:   return "set_ccaps";
	case VCMD_get_bcaps:   return "get_bcaps";
	case VCMD_set_bcaps:   return "set_bcaps";
	case VCMD_ctx_kill:    return "ctx_kill";
	case VCMD_wait_exit:   return "wait_exit";
	default:               return "unknown";
	}
}

static long fake_vserver(uint32_t cmd, uint32_t id, void *data)
{
	const char *refuse = getenv("UV_FAKE_REFUSE");
	int err;

	if (refuse && strcmp(refuse, cmd_name(cmd)) == 0)
		return fail(EOPNOTSUPP);
	err = injected_error(cmd_name(cmd));
	if (err)
		return fail(err);
	switch (cmd) {
	case VCMD_get_version:
		return VCI_VERSION;
	case VCMD_get_vci:
		return VCI_FEATURE_NO_DYNAMIC;
	case VCMD_task_xid:
		return fake_task_xid(id);
	case VCMD_vx_info:
	case VCMD_ctx_stat:
		return fake_info(cmd, id, data);
	case VCMD_ctx_create:
		return fake_create(id, data);
	case VCMD_ctx_migrate:
		return fake_migrate(id, data);
	case VCMD_get_cflags:
	case VCMD_get_ccaps:
	case VCMD_get_bcaps:
		return fake_get(cmd, id, data);
	case VCMD_set_cflags:
	case VCMD_set_ccaps:
	case VCMD_set_bcaps:
		return fake_set(cmd, id, data);
	case VCMD_ctx_kill:
		return fake_kill(id, data);
	case VCMD_wait_exit:
		return fake_wait_exit(id, data);
	default:
		return fail(EOPNOTSUPP);
	}
}

/* Someone else's system call (ps, libnuma...): pass it on. */
static long real_syscall(long number, va_list ap)
{
	static long (*real)(long, ...);
	long a[6];
	int i;

	if (real == NULL)
		real = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
	if (real == NULL)
		return fail(ENOSYS);
	/* As glibc's syscall(): six arguments, whether passed or not. */
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	return real(number, a[0], a[1], a[2], a[3], a[4], a[5]);
}

long syscall(long number, ...)
{
	uint32_t cmd, id;
	void *data;
	va_list ap;

#ifdef __NR_vserver
	if (number != __NR_vserver) {
		long ret;

		va_start(ap, number);
		ret = real_syscall(number, ap);
		va_end(ap);
		return ret;
	}
#else
	return fail(ENOSYS);	/* no vserver slot: the tests skip */
#endif
	/* Read back exactly what libvserver passes: u32, u32, pointer. */
	va_start(ap, number);
	cmd = va_arg(ap, uint32_t);
	id = va_arg(ap, uint32_t);
	data = va_arg(ap, void *);
	va_end(ap);
	return fake_vserver(cmd, id, data);
}
