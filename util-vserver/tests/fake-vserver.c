// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Test helper: an LD_PRELOAD stand-in for vserver(2), so the tools' success
 * paths can be tested on a host kernel without vserver support.
 *
 * It follows the check order of Documentation/userspace-api/vserver.rst
 * closely enough for the tools' logic, not the kernel's: a context is a
 * file "ctx.N" in $UV_FAKE_DIR holding "flags tasks", the caller's xid is
 * $UV_FAKE_XID (set on entry, so it survives the tools' exec), and every
 * command is appended to $UV_FAKE_DIR/log as "name id flags".
 * $UV_FAKE_REFUSE names one command to refuse with EOPNOTSUPP, as a kernel
 * that predates it would.  Only the tools' syscall() calls are caught.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

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

struct ctx {
	uint64_t flags;
	unsigned int tasks;
};

static long fail(int err)
{
	errno = err;
	return -1;
}

static void ctx_path(char *buf, size_t len, uint32_t id)
{
	snprintf(buf, len, "%s/ctx.%" PRIu32, getenv("UV_FAKE_DIR"), id);
}

static int ctx_load(uint32_t id, struct ctx *ctx)
{
	char path[4096];
	FILE *f;
	int n;

	ctx_path(path, sizeof(path), id);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	n = fscanf(f, "%" SCNx64 " %u", &ctx->flags, &ctx->tasks);
	fclose(f);
	return n == 2 ? 0 : -1;
}

static void ctx_store(uint32_t id, uint64_t flags)
{
	char path[4096];
	FILE *f;

	ctx_path(path, sizeof(path), id);
	f = fopen(path, "w");
	if (f) {
		fprintf(f, "%" PRIx64 " 1\n", flags);
		fclose(f);
	}
}

static void log_call(const char *name, uint32_t id, uint64_t flags)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/log", getenv("UV_FAKE_DIR"));
	f = fopen(path, "a");
	if (f) {
		fprintf(f, "%s %" PRIu32 " 0x%" PRIx64 "\n", name, id, flags);
		fclose(f);
	}
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
	ctx_store(id, flags);
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
	default:               return "unknown";
	}
}

static long fake_vserver(uint32_t cmd, uint32_t id, void *data)
{
	const char *refuse = getenv("UV_FAKE_REFUSE");

	if (refuse && strcmp(refuse, cmd_name(cmd)) == 0)
		return fail(EOPNOTSUPP);
	switch (cmd) {
	case VCMD_get_version:
		return VCI_VERSION;
	case VCMD_get_vci:
		return VCI_FEATURE_NO_DYNAMIC;
	case VCMD_task_xid:
		if (id != 0 && id != (uint32_t)getpid())
			return fail(ESRCH);
		return current_xid();
	case VCMD_vx_info:
	case VCMD_ctx_stat:
		return fake_info(cmd, id, data);
	case VCMD_ctx_create:
		return fake_create(id, data);
	case VCMD_ctx_migrate:
		return fake_migrate(id, data);
	default:
		return fail(EOPNOTSUPP);
	}
}

long syscall(long number, ...)
{
	uint32_t cmd, id;
	void *data;
	va_list ap;

#ifdef __NR_vserver
	if (number != __NR_vserver)
		return fail(EOPNOTSUPP);
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
