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
 * "name id value [mask]", and every command to $UV_FAKE_DIR/calls as
 * "name id".
 *
 * Processes: a file "task.PID" holding an xid puts that pid in a context;
 * any other existing pid is a host process.  ctx_kill of a whole context
 * (pid 0, a real signal) ends it: the file ctx.N goes, unless the
 * context is persistent.  wait_exit returns once ctx.N is gone, with the
 * "reboot_cmd exit_code" of the file "exit.N" if there is one.
 * vx_info gives as the init of context N the pid in the file "init.N",
 * if there is one, else 0.  virt_stat gives its tasks as ctx_stat does,
 * and the uptime (nanoseconds), forks and load averages (fixed point, as
 * the kernel's) in the file "vstat.N", "UPTIME [FORKS LOAD1 LOAD5
 * LOAD15]"; without one, the time since ctx.N was last written and none.
 *
 * Network contexts: a file "nx.N" holds "flags ncaps pid..." (hex flags
 * and ncaps, then the pids of its tasks), a file "nxaddr.N" its address
 * entries, one per line: "KEY<tab>ENTRY", where KEY is what the kernel
 * compares to find an entry (EEXIST, EADDRNOTAVAIL) and ENTRY the entry
 * as logged.  The caller's nid is $UV_FAKE_NID (survives exec).  A task
 * counts in its network context from create or migrate on; a child
 * forked with fork() counts too, and each leaves it when it exits
 * normally (exit or return from main: a destructor here) or, failing
 * that, when the fake next finds its pid gone; so a network context goes
 * with its last task unless persistent.  A pid of 1 holds a network
 * context that a test made (fake_ncontext).  The rules are the
 * kernel's: create and migrate from the host context; configuring from
 * the host context only, the caller's own network context or any (from
 * the host network), while it has state_admin (EACCES).
 *
 * Limits: a file "rlimit.N" holds a line "ID LIMIT VALUE MIN MAX HITS" per
 * resource of context N that is not as a new context has it (no limit,
 * nothing counted): LIMIT a number or "inf", the others numbers.  The
 * resources accounted are those of $UV_FAKE_RLIMIT_MASK (hex, bit = id),
 * by default the kernel's: nproc, nofile (one resource with openfd),
 * locks, msgqueue, nsock, openfd, shmem, semary and nsems.  set_rlimit is logged as "set_rlimit N ID MIN
 * SOFT MAX" (a number, "inf" or "keep"), reset_hits and reset_minmax as
 * "reset_hits N" and "reset_minmax N".
 *
 * Names: the file "vhi.N.F" holds name F (VHIN_*) of context N, without
 * a newline; with none, the context's own name (VHIN_CONTEXT) is empty
 * and its uname names are the host's, as the kernel copies them into a
 * new UTS namespace.  A file "nouts.N" makes N a context whose tasks
 * share the host's UTS namespace: it has no uname names (EINVAL).
 * set_vhi_name is logged as "set_vhi_name N F NAME"; it needs what
 * set_cflags needs.
 *
 * Inode attributes: the file "iattr" holds a line "DEV INO FLAGS" (FLAGS
 * in hex) per file that has some, keyed by lstat()'s device and inode as
 * the kernel keys them by inode.  The bits supported are those of
 * $UV_FAKE_IATTR_BITS (hex), by default the kernel's: the barrier,
 * immutable and ixunlink (70000), and the /proc bits (7); 10000 is a
 * kernel without unification.
 * Of those, a directory can have the barrier, a regular file immutable
 * and ixunlink, other files none: get_iattr returns them as its mask.
 * The files of a fake /proc, listed as "DEV INO" lines in the file
 * "proc", have instead the hide, admin and watch bits (7 of the default
 * 70007); hide without admin is refused with EINVAL, as the kernel does.
 * set_iattr refuses any change from a guest with EPERM, a bit not
 * supported with EOPNOTSUPP, a supported one this type of file cannot
 * have with EINVAL.  It is logged as "set_iattr PATH FLAGS MASK" (hex),
 * with PATH as the tool passed it.  fget_iattr and fset_iattr do the same
 * for the file open on the descriptor given as id (EBADF for none); the
 * log names the file by the path /proc/self/fd shows, "fset_iattr PATH
 * FLAGS MASK".
 *
 * Tags: the caller's own tag (tag_migrate) is $UV_FAKE_TAG (survives
 * exec), none when unset or 0.  tag_migrate is logged as "tag_migrate
 * TAG"; it needs the host context (EPERM), and 0 or a tag from 2 to
 * 65535 (EINVAL).  task_tag returns the caller's tag, else its xid when
 * it is a guest's, else 0; for another pid, the xid of its "task.PID"
 * file (a guest's tag), as task_xid finds it.
 *
 * $UV_FAKE_REFUSE names one command to refuse with EOPNOTSUPP, as a kernel
 * that predates it would; $UV_FAKE_FAIL=name:ERRNO (EPERM, ESRCH, EACCES,
 * EINVAL, EBUSY, EEXIST, ENOSPC, EADDRNOTAVAIL, EOPNOTSUPP) makes one
 * command fail so.  Only the tools' syscall() calls are caught.
 */
#include "config.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
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

#define KNOWN_NXF (NXF_INFO_PRIVATE | NXF_SINGLE_IP | NXF_LBACK_REMAP |	\
		   NXF_LBACK_ALLOW | NXF_HIDE_NETIF | NXF_HIDE_LBACK |	\
		   NXF_ONE_TIME | NXF_SC_HELPER | NXF_PERSISTENT)

#define KNOWN_NXC (NXC_TUN_CREATE | NXC_RAW_ICMP | NXC_MULTICAST)

#define NX_TASKS_MAX 64

#define RLIMIT_IDS 32
#define DEFAULT_RLIMIT_MASK ((1U << RLIMIT_NPROC) | (1U << RLIMIT_NOFILE) | \
			     (1U << RLIMIT_LOCKS) | (1U << RLIMIT_MSGQUEUE) | \
			     (1U << VLIMIT_NSOCK) | (1U << VLIMIT_OPENFD) |	\
			     (1U << VLIMIT_SHMEM) | (1U << VLIMIT_SEMARY) |	\
			     (1U << VLIMIT_NSEMS))

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

static void log_calls(const char *fmt, ...)
{
	char path[4096];
	va_list ap;
	FILE *f;

	snprintf(path, sizeof(path), "%s/calls", getenv("UV_FAKE_DIR"));
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

static void fake_virt_stat(uint32_t id, const struct ctx *ctx, void *data)
{
	struct vcmd_virt_stat_v0 vs = { .nr_threads = ctx->tasks };
	unsigned long long uptime = 0;
	unsigned int forks = 0, load[3] = { 0, 0, 0 };
	struct timespec now;
	char path[4096];
	struct stat st;
	FILE *f;

	fake_path(path, sizeof(path), "vstat", id);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%llu %u %u %u %u", &uptime, &forks, &load[0],
			   &load[1], &load[2]) < 1)
			uptime = 0;
		fclose(f);
	} else {
		fake_path(path, sizeof(path), "ctx", id);
		if (stat(path, &st) == 0 &&
		    clock_gettime(CLOCK_REALTIME, &now) == 0 &&
		    now.tv_sec >= st.st_mtim.tv_sec)
			uptime = (now.tv_sec - st.st_mtim.tv_sec) * 1000000000ULL;
	}
	vs.uptime = uptime;
	vs.nr_forks = forks;
	vs.load[0] = load[0];
	vs.load[1] = load[1];
	vs.load[2] = load[2];
	memcpy(data, &vs, sizeof(vs));
}

static long fake_info(uint32_t cmd, uint32_t id, void *data)
{
	struct ctx ctx;

	if (ctx_load(id, &ctx) < 0)
		return fail(ESRCH);
	if (cmd == VCMD_vx_info) {
		struct vcmd_vx_info_v0 info = { .xid = id, .initpid = 0 };
		char path[4096];
		FILE *f;

		fake_path(path, sizeof(path), "init", id);
		f = fopen(path, "r");
		if (f) {
			if (fscanf(f, "%" SCNu32, &info.initpid) != 1)
				info.initpid = 0;
			fclose(f);
		}
		memcpy(data, &info, sizeof(info));
	} else if (cmd == VCMD_virt_stat) {
		fake_virt_stat(id, &ctx, data);
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

static long fake_tag_migrate(uint32_t id)
{
	char buf[16];

	log_line("tag_migrate %" PRIu32 "\n", id);
	if (current_xid() != VX_ID_HOST)
		return fail(EPERM);
	if (id == VX_ID_SPECTATOR || id > VX_ID_MAX)
		return fail(EINVAL);
	snprintf(buf, sizeof(buf), "%" PRIu32, id);
	setenv("UV_FAKE_TAG", buf, 1);
	return 0;
}

static long fake_task_tag(uint32_t pid)
{
	const char *t = getenv("UV_FAKE_TAG");
	uint32_t tag = t ? (uint32_t)strtoul(t, NULL, 10) : 0;
	long xid;

	if (pid != 0 && pid != (uint32_t)getpid()) {
		xid = fake_task_xid(pid);
		return xid > VX_ID_SPECTATOR ? xid : xid < 0 ? xid : 0;
	}
	if (tag)
		return tag;
	xid = current_xid();
	return xid > VX_ID_SPECTATOR ? xid : 0;
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

/* The checks of a command that configures context id. */
static long ctx_configurable(uint32_t id, struct ctx *ctx)
{
	uint32_t own = current_xid();

	/* The host, or a guest in setup acting on itself. */
	if (own == VX_ID_SPECTATOR)
		return fail(EPERM);
	if (own != VX_ID_HOST &&
	    (ctx_load(own, ctx) < 0 || !(ctx->flags & VXF_STATE_SETUP)))
		return fail(EPERM);
	if (ctx_visible(id, ctx) < 0)
		return fail(ESRCH);
	if (own == VX_ID_HOST && !(ctx->flags & VXF_STATE_ADMIN))
		return fail(EACCES);
	return 0;
}

static long fake_set(uint32_t cmd, uint32_t id, const uint64_t *pair)
{
	uint64_t valid, *field, mask;
	struct ctx ctx;

	log_line("%s %" PRIu32 " 0x%" PRIx64 " 0x%" PRIx64 "\n",
		 cmd == VCMD_set_cflags ? "set_cflags" :
		 cmd == VCMD_set_ccaps ? "set_ccaps" : "set_bcaps",
		 id, pair[0], pair[1]);
	if (ctx_configurable(id, &ctx) < 0)
		return -1;
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

/* -- limits ---------------------------------------------------------------- */

struct rlim {
	uint64_t limit;		/* CRLIM_INFINITY: none */
	uint64_t value;
	uint64_t minimum;
	uint64_t maximum;
	uint32_t hits;
};

static uint32_t rlimit_mask(void)
{
	const char *m = getenv("UV_FAKE_RLIMIT_MASK");

	return m ? (uint32_t)strtoul(m, NULL, 16) : DEFAULT_RLIMIT_MASK;
}

/* The slot of resource id, or -1 if it is not accounted (EINVAL). */
static int rlimit_slot(uint32_t id)
{
	if (id >= RLIMIT_IDS || !(rlimit_mask() & (1U << id)))
		return -1;
	/* As the kernel: nofile and openfd count the same files. */
	return id == RLIMIT_NOFILE ? VLIMIT_OPENFD : (int)id;
}

static void rlimit_load(uint32_t xid, struct rlim r[RLIMIT_IDS])
{
	char path[4096], limit[32];
	unsigned long long v, lo, hi;
	unsigned int id, hits;
	FILE *f;
	int i;

	for (i = 0; i < RLIMIT_IDS; i++)
		r[i] = (struct rlim){ .limit = CRLIM_INFINITY };
	fake_path(path, sizeof(path), "rlimit", xid);
	f = fopen(path, "r");
	if (f == NULL)
		return;
	while (fscanf(f, "%u %31s %llu %llu %llu %u", &id, limit, &v, &lo, &hi,
		      &hits) == 6) {
		if (id >= RLIMIT_IDS)
			continue;
		r[id].limit = strcmp(limit, "inf") == 0 ? CRLIM_INFINITY :
			      strtoull(limit, NULL, 10);
		r[id].value = v;
		r[id].minimum = lo;
		r[id].maximum = hi;
		r[id].hits = hits;
	}
	fclose(f);
}

static void rlimit_store(uint32_t xid, const struct rlim r[RLIMIT_IDS])
{
	char path[4096];
	FILE *f;
	int i;

	fake_path(path, sizeof(path), "rlimit", xid);
	f = fopen(path, "w");
	if (f == NULL)
		return;
	for (i = 0; i < RLIMIT_IDS; i++) {
		if (r[i].limit == CRLIM_INFINITY && !r[i].value &&
		    !r[i].minimum && !r[i].maximum && !r[i].hits)
			continue;
		if (r[i].limit == CRLIM_INFINITY)
			fprintf(f, "%d inf", i);
		else
			fprintf(f, "%d %" PRIu64, i, r[i].limit);
		fprintf(f, " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu32 "\n",
			r[i].value, r[i].minimum, r[i].maximum, r[i].hits);
	}
	fclose(f);
}

static const char *rlimit_text(uint64_t v, char *buf, size_t len)
{
	if (v == CRLIM_INFINITY)
		return "inf";
	if (v == CRLIM_KEEP)
		return "keep";
	snprintf(buf, len, "%" PRIu64, v);
	return buf;
}

static long fake_get_rlimit_mask(struct vcmd_ctx_rlimit_mask_v0 *mask)
{
	/* Only the hard limit is kept, as the kernel's. */
	*mask = (struct vcmd_ctx_rlimit_mask_v0){ .maximum = rlimit_mask() };
	return 0;
}

static long fake_get_rlimit(uint32_t id, struct vcmd_ctx_rlimit_v0 *arg)
{
	struct rlim r[RLIMIT_IDS];
	struct ctx ctx;
	int slot;

	if (ctx_visible(id, &ctx) < 0)
		return fail(ESRCH);
	slot = rlimit_slot(arg->id);
	if (slot < 0)
		return fail(EINVAL);
	rlimit_load(id, r);
	arg->minimum = CRLIM_UNSET;
	arg->softlimit = CRLIM_UNSET;
	arg->maximum = r[slot].limit;
	return 0;
}

/* Not kept, so only "none" is accepted: unset, keep or infinity. */
static int rlimit_unenforced(uint64_t v)
{
	return v == CRLIM_UNSET || v == CRLIM_KEEP || v == CRLIM_INFINITY;
}

static long fake_set_rlimit(uint32_t id, const struct vcmd_ctx_rlimit_v0 *arg)
{
	char b1[24], b2[24], b3[24];
	struct rlim r[RLIMIT_IDS];
	struct ctx ctx;
	int slot;

	log_line("set_rlimit %" PRIu32 " %" PRIu32 " %s %s %s\n", id, arg->id,
		 rlimit_text(arg->minimum, b1, sizeof(b1)),
		 rlimit_text(arg->softlimit, b2, sizeof(b2)),
		 rlimit_text(arg->maximum, b3, sizeof(b3)));
	if (ctx_configurable(id, &ctx) < 0)
		return -1;
	slot = rlimit_slot(arg->id);
	if (slot < 0 || !rlimit_unenforced(arg->minimum) ||
	    !rlimit_unenforced(arg->softlimit) ||
	    (arg->maximum > INT64_MAX && arg->maximum != CRLIM_INFINITY &&
	     arg->maximum != CRLIM_KEEP))
		return fail(EINVAL);
	if (arg->maximum == CRLIM_KEEP)
		return 0;
	rlimit_load(id, r);
	r[slot].limit = arg->maximum;
	rlimit_store(id, r);
	return 0;
}

static long fake_rlimit_stat(uint32_t id, struct vcmd_rlimit_stat_v0 *arg)
{
	struct rlim r[RLIMIT_IDS];
	struct ctx ctx;
	int slot;

	if (ctx_visible(id, &ctx) < 0)
		return fail(ESRCH);
	slot = rlimit_slot(arg->id);
	if (slot < 0)
		return fail(EINVAL);
	rlimit_load(id, r);
	arg->hits = r[slot].hits;
	arg->value = r[slot].value;
	arg->minimum = r[slot].minimum;
	arg->maximum = r[slot].maximum;
	return 0;
}

static long fake_reset(uint32_t cmd, uint32_t id)
{
	struct rlim r[RLIMIT_IDS];
	struct ctx ctx;
	int i;

	log_line("%s %" PRIu32 "\n",
		 cmd == VCMD_reset_hits ? "reset_hits" : "reset_minmax", id);
	if (ctx_configurable(id, &ctx) < 0)
		return -1;
	rlimit_load(id, r);
	for (i = 0; i < RLIMIT_IDS; i++) {
		if (cmd == VCMD_reset_hits)
			r[i].hits = 0;
		else
			r[i].minimum = r[i].maximum = r[i].value;
	}
	rlimit_store(id, r);
	return 0;
}

/* -- names ----------------------------------------------------------------- */

static void vhi_path(char *buf, size_t len, uint32_t id, uint32_t field)
{
	snprintf(buf, len, "%s/vhi.%" PRIu32 ".%" PRIu32, getenv("UV_FAKE_DIR"),
		 id, field);
}

/* EINVAL for a field context id does not have: unknown, or no UTS names. */
static long vhi_field_ok(uint32_t id, uint32_t field)
{
	char path[4096];

	if (field > VHIN_DOMAINNAME)
		return fail(EINVAL);
	fake_path(path, sizeof(path), "nouts", id);
	if (field != VHIN_CONTEXT && access(path, F_OK) == 0)
		return fail(EINVAL);
	return 0;
}

static long fake_get_vhi_name(uint32_t id, struct vcmd_vhi_name_v0 *arg)
{
	struct utsname uts;
	const char *host[] = {
		[VHIN_CONTEXT] = "", [VHIN_SYSNAME] = uts.sysname,
		[VHIN_NODENAME] = uts.nodename, [VHIN_RELEASE] = uts.release,
		[VHIN_VERSION] = uts.version, [VHIN_MACHINE] = uts.machine,
		[VHIN_DOMAINNAME] = uts.domainname,
	};
	char path[4096];
	struct ctx ctx;
	size_t n;
	FILE *f;

	if (ctx_visible(id, &ctx) < 0)
		return fail(ESRCH);
	if (vhi_field_ok(id, arg->field) < 0)
		return -1;
	memset(arg->name, 0, sizeof(arg->name));
	vhi_path(path, sizeof(path), id, arg->field);
	f = fopen(path, "r");
	if (f) {
		n = fread(arg->name, 1, sizeof(arg->name) - 1, f);
		fclose(f);
		arg->name[n] = '\0';
		return 0;
	}
	if (uname(&uts) < 0)
		return -1;
	snprintf(arg->name, sizeof(arg->name), "%s", host[arg->field]);
	return 0;
}

static long fake_set_vhi_name(uint32_t id, const struct vcmd_vhi_name_v0 *arg)
{
	char path[4096];
	struct ctx ctx;
	FILE *f;

	log_line("set_vhi_name %" PRIu32 " %" PRIu32 " %.*s\n", id, arg->field,
		 (int)sizeof(arg->name), arg->name);
	if (ctx_configurable(id, &ctx) < 0)
		return -1;
	if (vhi_field_ok(id, arg->field) < 0)
		return -1;
	if (memchr(arg->name, '\0', sizeof(arg->name)) == NULL)
		return fail(EINVAL);
	vhi_path(path, sizeof(path), id, arg->field);
	f = fopen(path, "w");
	if (f == NULL)
		return -1;
	fputs(arg->name, f);
	return fclose(f) == 0 ? 0 : -1;
}

/* -- network contexts ---------------------------------------------------- */

struct nx {
	uint64_t flags;
	uint64_t ncaps;
	long pids[NX_TASKS_MAX];
	int npids;
};

/* Tools, their children and the test's shell change nx files: serialise. */
static int nx_lock(void)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/nx.lock", getenv("UV_FAKE_DIR"));
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd >= 0)
		flock(fd, LOCK_EX);
	return fd;
}

static void nx_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

/* Whether pid runs: a zombie has left its network context already. */
static int task_alive(long pid)
{
	char path[64], state = 'Z';
	FILE *f;

	if (kill((pid_t)pid, 0) < 0 && errno == ESRCH)
		return 0;
	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	f = fopen(path, "r");
	if (f == NULL)
		return 0;
	/* "pid (comm) state ...": the comms here hold no parenthesis. */
	if (fscanf(f, "%*d (%*[^)]) %c", &state) != 1)
		state = '?';
	fclose(f);
	return state != 'Z' && state != 'X';
}

static void nx_remove(uint32_t id)
{
	char path[4096];

	fake_path(path, sizeof(path), "nx", id);
	unlink(path);
	fake_path(path, sizeof(path), "nxaddr", id);
	unlink(path);
}

/* The network context as stored, without the tasks that are gone. */
static int nx_read(uint32_t id, struct nx *nx, int *listed)
{
	char path[4096];
	FILE *f;
	long pid;

	fake_path(path, sizeof(path), "nx", id);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	*nx = (struct nx){ 0 };
	if (fscanf(f, "%" SCNx64 " %" SCNx64, &nx->flags, &nx->ncaps) != 2) {
		fclose(f);
		return -1;
	}
	*listed = 0;
	while (nx->npids < NX_TASKS_MAX && fscanf(f, "%ld", &pid) == 1) {
		(*listed)++;
		/* A task that ended with _exit() (dash does) never left. */
		if (task_alive(pid))
			nx->pids[nx->npids++] = pid;
	}
	fclose(f);
	return 0;
}

/* The network context, unless its last task is gone (then it goes). */
static int nx_load(uint32_t id, struct nx *nx)
{
	int listed;

	if (nx_read(id, nx, &listed) < 0)
		return -1;
	if (listed && nx->npids == 0 && !(nx->flags & NXF_PERSISTENT)) {
		nx_remove(id);
		return -1;
	}
	return 0;
}

static void nx_store(uint32_t id, const struct nx *nx)
{
	char path[4096];
	FILE *f;
	int i;

	fake_path(path, sizeof(path), "nx", id);
	f = fopen(path, "w");
	if (f == NULL)
		return;
	fprintf(f, "%" PRIx64 " %" PRIx64, nx->flags, nx->ncaps);
	for (i = 0; i < nx->npids; i++)
		fprintf(f, " %ld", nx->pids[i]);
	fputc('\n', f);
	fclose(f);
}

static uint32_t current_nid(void)
{
	const char *x = getenv("UV_FAKE_NID");

	return x ? (uint32_t)strtoul(x, NULL, 10) : 0;
}

/*
 * pid joins or leaves network context id (under the lock).  A forked
 * child joins even if its parent is gone by now: the kernel counted it
 * within fork().
 */
static void nx_task_join(uint32_t id, long pid)
{
	struct nx nx;
	int listed;

	if (nx_read(id, &nx, &listed) < 0 || nx.npids == NX_TASKS_MAX)
		return;
	nx.pids[nx.npids++] = pid;
	nx_store(id, &nx);
}

static void nx_task_leave(uint32_t id, long pid)
{
	struct nx nx;
	int i;

	if (nx_load(id, &nx) < 0)
		return;
	for (i = 0; i < nx.npids && nx.pids[i] != pid; i++)
		;
	if (i == nx.npids)
		return;
	nx.pids[i] = nx.pids[--nx.npids];
	if (nx.npids == 0 && !(nx.flags & NXF_PERSISTENT))
		nx_remove(id);
	else
		nx_store(id, &nx);
}

static void nx_enter(uint32_t id)
{
	char buf[16];
	uint32_t old = current_nid();

	if (old != NX_ID_HOST)
		nx_task_leave(old, getpid());
	nx_task_join(id, getpid());
	snprintf(buf, sizeof(buf), "%" PRIu32, id);
	setenv("UV_FAKE_NID", buf, 1);
}

/*
 * The kernel counts a child in its parent's network context within
 * fork(): the lock is taken before the fork, and the child's copy of it,
 * which keeps it held, is released once the child has joined, so that
 * the parent cannot leave (and remove the network context) before.
 */
static int fork_lock = -1;

static void nx_before_fork(void)
{
	if (current_nid() != NX_ID_HOST && getenv("UV_FAKE_DIR"))
		fork_lock = nx_lock();
}

static void nx_forked_parent(void)
{
	nx_unlock(fork_lock);
	fork_lock = -1;
}

static void nx_forked_child(void)
{
	if (fork_lock < 0)
		return;
	nx_task_join(current_nid(), getpid());
	nx_unlock(fork_lock);
	fork_lock = -1;
}

__attribute__((constructor)) static void nx_watch_forks(void)
{
	pthread_atfork(nx_before_fork, nx_forked_parent, nx_forked_child);
}

/* exit() and the return from main: the task leaves its network context. */
__attribute__((destructor)) static void nx_task_exit(void)
{
	uint32_t id = current_nid();
	int lock;

	if (id == NX_ID_HOST || getenv("UV_FAKE_DIR") == NULL)
		return;
	lock = nx_lock();
	nx_task_leave(id, getpid());
	nx_unlock(lock);
}

/* The host network sees every network context, a task in one its own. */
static int nx_visible(uint32_t id, struct nx *nx)
{
	uint32_t own = current_nid();

	if (id < NX_ID_MIN || nx_load(id, nx) < 0)
		return -1;
	return own == NX_ID_HOST || own == id ? 0 : -1;
}

/* The dispatcher's checks of a configuration command. */
static long nx_configurable(uint32_t id, struct nx *nx)
{
	if (current_xid() != VX_ID_HOST)
		return fail(EPERM);
	if (nx_visible(id, nx) < 0)
		return fail(ESRCH);
	if (!(nx->flags & NXF_STATE_ADMIN))
		return fail(EACCES);
	return 0;
}

static long fake_net_create(uint32_t id, const struct vcmd_net_create *arg)
{
	uint64_t flags = arg ? arg->flagword : NXF_INIT_SET;
	struct nx nx = { .flags = flags };

	log_call("net_create", id, flags);
	if (current_xid() != VX_ID_HOST)
		return fail(EPERM);
	if (id < NX_ID_MIN || id > NX_ID_MAX || (flags & ~KNOWN_NXF))
		return fail(EINVAL);
	if (nx_load(id, &nx) == 0)
		return fail(EEXIST);
	nx = (struct nx){ .flags = flags };
	nx_store(id, &nx);
	nx_enter(id);
	return id;
}

static long fake_net_migrate(uint32_t id)
{
	struct nx nx;

	log_line("net_migrate %" PRIu32 "\n", id);
	if (current_xid() != VX_ID_HOST)
		return fail(EPERM);
	if (nx_load(id, &nx) < 0)
		return fail(ESRCH);
	if (!(nx.flags & NXF_STATE_ADMIN) ||
	    ((nx.flags & NXF_INFO_PRIVATE) && !(nx.flags & NXF_STATE_SETUP)))
		return fail(EACCES);
	nx_enter(id);
	return 0;
}

static const char *nxa_name(uint16_t type)
{
	switch (type) {
	case NXA_TYPE_ADDR:  return "addr";
	case NXA_TYPE_MASK:  return "mask";
	case NXA_TYPE_RANGE: return "range";
	case NXA_MOD_BCAST:  return "bcast";
	case NXA_MOD_LBACK:  return "lback";
	case NXA_TYPE_ANY:   return "any";
	default:             return NULL;
	}
}

/*
 * An address entry as text: "ipv4 addr IP IP2 MASK" or "ipv6 addr IP
 * PREFIX MASK" (what is logged), and the part of it the kernel compares.
 */
struct nx_entry {
	char text[256];
	char key[256];
	int family;
	uint16_t type;
};

static int nx_entry_v4(const struct vcmd_net_addr_ipv4_v2 *arg,
		       struct nx_entry *e)
{
	char ip[INET_ADDRSTRLEN], ip2[INET_ADDRSTRLEN], mask[INET_ADDRSTRLEN];
	const char *name = nxa_name(arg->type);
	char hex[16];

	inet_ntop(AF_INET, &arg->ip, ip, sizeof(ip));
	inet_ntop(AF_INET, &arg->ip2, ip2, sizeof(ip2));
	inet_ntop(AF_INET, &arg->mask, mask, sizeof(mask));
	if (name == NULL) {
		snprintf(hex, sizeof(hex), "0x%x", arg->type);
		name = hex;
	}
	e->family = AF_INET;
	e->type = arg->type;
	snprintf(e->text, sizeof(e->text), "ipv4 %s %s %s %s%s", name, ip, ip2,
		 mask, arg->flags ? " flags" : "");
	switch (arg->type) {
	case NXA_MOD_BCAST:
	case NXA_MOD_LBACK:
		snprintf(e->key, sizeof(e->key), "ipv4 %s", name);
		break;
	case NXA_TYPE_RANGE:
		snprintf(e->key, sizeof(e->key), "ipv4 %s %s %s", name, ip, ip2);
		break;
	case NXA_TYPE_MASK:
		snprintf(e->key, sizeof(e->key), "ipv4 %s %s %s", name, ip, mask);
		break;
	default:
		snprintf(e->key, sizeof(e->key), "ipv4 %s %s", name, ip);
	}
	return arg->flags || nxa_name(arg->type) == NULL ? -1 : 0;
}

static int nx_entry_v6(const struct vcmd_net_addr_ipv6_v1 *arg,
		       struct nx_entry *e)
{
	char ip[INET6_ADDRSTRLEN], mask[INET6_ADDRSTRLEN];
	const char *name = nxa_name(arg->type);
	uint8_t want[16] = { 0 };
	uint32_t prefix = arg->type == NXA_TYPE_ADDR ? 128 : arg->prefix;
	char hex[16];
	unsigned int i;

	inet_ntop(AF_INET6, arg->ip, ip, sizeof(ip));
	inet_ntop(AF_INET6, arg->mask, mask, sizeof(mask));
	if (name == NULL) {
		snprintf(hex, sizeof(hex), "0x%x", arg->type);
		name = hex;
	}
	e->family = AF_INET6;
	e->type = arg->type;
	snprintf(e->text, sizeof(e->text), "ipv6 %s %s %" PRIu32 " %s%s", name,
		 ip, arg->prefix, mask, arg->flags ? " flags" : "");
	snprintf(e->key, sizeof(e->key), "ipv6 %s %s %" PRIu32, name, ip,
		 arg->type == NXA_TYPE_MASK ? arg->prefix : 0);
	if (arg->flags || prefix > 128 ||
	    (arg->type != NXA_TYPE_ADDR && arg->type != NXA_TYPE_MASK &&
	     arg->type != NXA_TYPE_ANY))
		return -1;
	/* As the kernel: a mask, if given, must be the prefix's. */
	for (i = 0; i < prefix; i++)
		want[i / 8] |= (uint8_t)(0x80 >> (i % 8));
	for (i = 0; i < 16 && arg->mask[i] == 0; i++)
		;
	return i < 16 && memcmp(want, arg->mask, 16) != 0 ? -1 : 0;
}

/* The lines of nxaddr.N, in a buffer of n lines; -1 if too many. */
#define NX_LINES_MAX (2 * NX_ADDRS_MAX + 2)

static int nx_addrs_load(uint32_t id, char lines[][520])
{
	char path[4096];
	FILE *f;
	int n = 0;

	fake_path(path, sizeof(path), "nxaddr", id);
	f = fopen(path, "r");
	if (f == NULL)
		return 0;
	while (n < NX_LINES_MAX && fgets(lines[n], 520, f)) {
		lines[n][strcspn(lines[n], "\n")] = '\0';
		n++;
	}
	fclose(f);
	return n;
}

static void nx_addrs_store(uint32_t id, char lines[][520], int n)
{
	char path[4096];
	FILE *f;
	int i;

	fake_path(path, sizeof(path), "nxaddr", id);
	f = fopen(path, "w");
	if (f == NULL)
		return;
	for (i = 0; i < n; i++)
		fprintf(f, "%s\n", lines[i]);
	fclose(f);
}

static int line_is(const char *line, const char *key)
{
	size_t len = strlen(key);

	return strncmp(line, key, len) == 0 && line[len] == '\t';
}

static int line_family(const char *line, int family)
{
	return strncmp(line, family == AF_INET ? "ipv4 " : "ipv6 ", 5) == 0;
}

static long nx_add_entry(uint32_t id, const struct nx_entry *e)
{
	static char lines[NX_LINES_MAX][520];
	int n = nx_addrs_load(id, lines), i, count = 0;
	int modifier = e->type == NXA_MOD_BCAST || e->type == NXA_MOD_LBACK;

	if (e->type == NXA_TYPE_ANY || (e->family == AF_INET6 && modifier))
		return fail(EINVAL);
	for (i = 0; i < n; i++) {
		if (line_is(lines[i], e->key)) {
			if (!modifier)
				return fail(EEXIST);
			break;	/* replaced */
		}
		if (line_family(lines[i], e->family) &&
		    !strstr(lines[i], " bcast ") && !strstr(lines[i], " lback "))
			count++;
	}
	if (!modifier && count >= NX_ADDRS_MAX)
		return fail(ENOSPC);
	if (i == n)
		n++;
	snprintf(lines[i], sizeof(lines[i]), "%s\t%s", e->key, e->text);
	nx_addrs_store(id, lines, n);
	return 0;
}

static long nx_remove_entry(uint32_t id, const struct nx_entry *e)
{
	static char lines[NX_LINES_MAX][520];
	int n = nx_addrs_load(id, lines), i, kept = 0, found = 0;

	if (e->type == NXA_MOD_BCAST || e->type == NXA_MOD_LBACK)
		return fail(EINVAL);
	for (i = 0; i < n; i++) {
		/* "any": every entry of the family; the loopback stays. */
		int drop = e->type == NXA_TYPE_ANY ?
			   line_family(lines[i], e->family) &&
			   !strstr(lines[i], " lback ") :
			   line_is(lines[i], e->key);

		if (drop) {
			found = 1;
			continue;
		}
		memmove(lines[kept++], lines[i], sizeof(lines[i]));
	}
	if (!found && e->type != NXA_TYPE_ANY)
		return fail(EADDRNOTAVAIL);
	nx_addrs_store(id, lines, kept);
	return 0;
}

static long fake_net_addr(uint32_t cmd, uint32_t id, const void *data)
{
	int add = cmd == VCMD_net_add_ipv4 || cmd == VCMD_net_add_ipv6;
	const char *name = cmd == VCMD_net_add_ipv4 ? "net_add_ipv4" :
			   cmd == VCMD_net_rem_ipv4 ? "net_rem_ipv4" :
			   cmd == VCMD_net_add_ipv6 ? "net_add_ipv6" :
						      "net_remove_ipv6";
	struct nx_entry e;
	struct nx nx;
	int bad;
	long ret;

	if (cmd == VCMD_net_add_ipv4 || cmd == VCMD_net_rem_ipv4)
		bad = nx_entry_v4(data, &e);
	else
		bad = nx_entry_v6(data, &e);
	/* "ipv4 addr ..." logged as "net_add_ipv4 N addr ...". */
	log_line("%s %" PRIu32 " %s\n", name, id, e.text + 5);
	ret = nx_configurable(id, &nx);
	if (ret < 0)
		return ret;
	if (bad)
		return fail(EINVAL);
	return add ? nx_add_entry(id, &e) : nx_remove_entry(id, &e);
}

static long fake_nx_get(uint32_t cmd, uint32_t id, uint64_t *pair)
{
	struct nx nx;

	if (nx_visible(id, &nx) < 0)
		return fail(ESRCH);
	if (cmd == VCMD_get_nflags) {
		pair[0] = nx.flags;
		pair[1] = KNOWN_NXF & ~(NXF_ONE_TIME & ~nx.flags);
	} else {
		pair[0] = nx.ncaps;
		pair[1] = KNOWN_NXC;
	}
	return 0;
}

static long fake_nx_set(uint32_t cmd, uint32_t id, const uint64_t *pair)
{
	uint64_t valid = cmd == VCMD_set_nflags ? KNOWN_NXF : KNOWN_NXC;
	uint64_t mask, *field;
	struct nx nx;
	long ret;

	log_line("%s %" PRIu32 " 0x%" PRIx64 " 0x%" PRIx64 "\n",
		 cmd == VCMD_set_nflags ? "set_nflags" : "set_ncaps",
		 id, pair[0], pair[1]);
	ret = nx_configurable(id, &nx);
	if (ret < 0)
		return ret;
	if (pair[0] & pair[1] & ~valid)
		return fail(EINVAL);
	mask = pair[1] & valid;
	field = cmd == VCMD_set_nflags ? &nx.flags : &nx.ncaps;
	if (cmd == VCMD_set_nflags)
		mask &= ~(NXF_ONE_TIME & ~nx.flags);
	*field = (*field & ~mask) | (pair[0] & mask);
	if (nx.npids == 0 && !(nx.flags & NXF_PERSISTENT))
		nx_remove(id);
	else
		nx_store(id, &nx);
	return 0;
}

static long fake_task_nid(uint32_t pid)
{
	char path[64];

	if (pid == 0 || pid == (uint32_t)getpid())
		return current_nid();
	snprintf(path, sizeof(path), "/proc/%" PRIu32, pid);
	if (current_nid() == NX_ID_HOST && access(path, F_OK) == 0)
		return NX_ID_HOST;
	return fail(ESRCH);
}

static long fake_nx_info(uint32_t id, struct vcmd_nx_info_v0 *info)
{
	struct nx nx;

	if (nx_visible(id, &nx) < 0)
		return fail(ESRCH);
	info->nid = id;
	return 0;
}

/* The network commands, under the lock of the nx files. */
static long fake_network(uint32_t cmd, uint32_t id, void *data)
{
	int lock = nx_lock();
	long ret;

	switch (cmd) {
	case VCMD_net_create:
		ret = fake_net_create(id, data);
		break;
	case VCMD_net_migrate:
		ret = fake_net_migrate(id);
		break;
	case VCMD_net_add_ipv4:
	case VCMD_net_rem_ipv4:
	case VCMD_net_add_ipv6:
	case VCMD_net_remove_ipv6:
		ret = fake_net_addr(cmd, id, data);
		break;
	case VCMD_get_nflags:
	case VCMD_get_ncaps:
		ret = fake_nx_get(cmd, id, data);
		break;
	case VCMD_set_nflags:
	case VCMD_set_ncaps:
		ret = fake_nx_set(cmd, id, data);
		break;
	case VCMD_task_nid:
		ret = fake_task_nid(id);
		break;
	default:
		ret = fake_nx_info(id, data);
		break;
	}
	nx_unlock(lock);
	return ret;
}

/* The feature mask: $UV_FAKE_VCI (hex), else the real kernel's. */
static long fake_vci(void)
{
	const char *vci = getenv("UV_FAKE_VCI");

	return vci ? (long)strtoul(vci, NULL, 16) :
		     VCI_FEATURE_NO_DYNAMIC | VCI_FEATURE_COWBL;
}

/* -- inode attributes ------------------------------------------------------ */

#define IATTR_ALL (IATTR_TAG | IATTR_ADMIN | IATTR_WATCH | IATTR_HIDE |	\
		   IATTR_BARRIER | IATTR_IXUNLINK | IATTR_IMMUTABLE |	\
		   IATTR_COW)

#define IATTR_PROC (IATTR_ADMIN | IATTR_WATCH | IATTR_HIDE)

static uint32_t iattr_supported(void)
{
	const char *bits = getenv("UV_FAKE_IATTR_BITS");

	return bits ? (uint32_t)strtoul(bits, NULL, 16) & IATTR_ALL :
		      IATTR_BARRIER | IATTR_IMMUTABLE | IATTR_IXUNLINK |
		      IATTR_COW | IATTR_PROC;
}

/* Whether st is an entry of the fake /proc: a "DEV INO" line of "proc". */
static int proc_entry(const struct stat *st)
{
	char path[4096];
	unsigned long long dev, ino;
	int found = 0;
	FILE *in;

	snprintf(path, sizeof(path), "%s/proc", getenv("UV_FAKE_DIR"));
	in = fopen(path, "r");
	while (in && !found && fscanf(in, "%llu %llu", &dev, &ino) == 2)
		found = dev == (unsigned long long)st->st_dev &&
			ino == (unsigned long long)st->st_ino;
	if (in)
		fclose(in);
	return found;
}

/* The bits a file can have: by its type, or the /proc ones. */
static uint32_t iattr_valid(const struct stat *st)
{
	mode_t mode = st->st_mode;
	uint32_t bits = 0;

	if (proc_entry(st))
		return IATTR_PROC & iattr_supported();
	if (S_ISDIR(mode))
		bits = IATTR_BARRIER;
	if (S_ISREG(mode))
		bits = IATTR_IMMUTABLE | IATTR_IXUNLINK | IATTR_COW;
	return bits & iattr_supported();
}

/*
 * The flags of the file st names; with set, store new instead (the line
 * goes when new is 0).
 */
static uint32_t iattr_state(const struct stat *st, int set, uint32_t new)
{
	char path[4096], tmp[4096];
	unsigned long long dev, ino;
	unsigned int flags;
	uint32_t found = 0;
	FILE *in, *out = NULL;

	snprintf(path, sizeof(path), "%s/iattr", getenv("UV_FAKE_DIR"));
	snprintf(tmp, sizeof(tmp), "%s/iattr.new", getenv("UV_FAKE_DIR"));
	in = fopen(path, "r");
	if (set) {
		out = fopen(tmp, "w");
		if (out == NULL) {
			if (in)
				fclose(in);
			return 0;
		}
	}
	while (in && fscanf(in, "%llu %llu %x", &dev, &ino, &flags) == 3) {
		if (dev == (unsigned long long)st->st_dev &&
		    ino == (unsigned long long)st->st_ino) {
			found = flags;
			continue;
		}
		if (out)
			fprintf(out, "%llu %llu %x\n", dev, ino, flags);
	}
	if (in)
		fclose(in);
	if (out) {
		if (new)
			fprintf(out, "%llu %llu %x\n",
				(unsigned long long)st->st_dev,
				(unsigned long long)st->st_ino, (unsigned int)new);
		fclose(out);
		rename(tmp, path);
	}
	return found;
}

static long fake_get_iattr(struct vcmd_ctx_iattr_v1 *arg)
{
	struct stat st;

	if (lstat(arg->name, &st) < 0)
		return -1;
	arg->tag = 0;
	arg->flags = iattr_state(&st, 0, 0);
	arg->mask = iattr_valid(&st);
	return 0;
}

/* The file open on fd: -1 with EBADF for none (or an O_PATH one). */
static int fd_stat(uint32_t fd, struct stat *st)
{
	int flags = fcntl((int)fd, F_GETFL);

	if (flags < 0 || (flags & O_PATH) || fstat((int)fd, st) < 0)
		return fail(EBADF);
	return 0;
}

static long fake_fget_iattr(uint32_t fd, struct vcmd_ctx_fiattr_v0 *arg)
{
	struct stat st;

	if (fd_stat(fd, &st) < 0)
		return -1;
	arg->tag = 0;
	arg->flags = iattr_state(&st, 0, 0);
	arg->mask = iattr_valid(&st);
	return 0;
}

static long fake_fset_iattr(uint32_t fd, const struct vcmd_ctx_fiattr_v0 *arg)
{
	char link[64], path[4096];
	struct stat st;
	ssize_t n;
	uint32_t old, new;

	snprintf(link, sizeof(link), "/proc/self/fd/%u", (unsigned int)fd);
	n = readlink(link, path, sizeof(path) - 1);
	path[n < 0 ? 0 : n] = '\0';
	log_line("fset_iattr %s 0x%" PRIx32 " 0x%" PRIx32 "\n", path,
		 arg->flags, arg->mask);
	if (current_xid() != VX_ID_HOST)
		return fail(EPERM);
	if (arg->mask & ~IATTR_ALL)
		return fail(EINVAL);
	if (arg->mask & ~iattr_supported())
		return fail(EOPNOTSUPP);
	if (fd_stat(fd, &st) < 0)
		return -1;
	if (arg->mask & ~iattr_valid(&st))
		return fail(EINVAL);
	old = iattr_state(&st, 0, 0);
	new = (old & ~arg->mask) | (arg->flags & arg->mask);
	if ((new & IATTR_HIDE) && !(new & IATTR_ADMIN))
		return fail(EINVAL);
	iattr_state(&st, 1, new);
	return 0;
}

static long fake_set_iattr(const struct vcmd_ctx_iattr_v1 *arg)
{
	struct stat st;
	uint32_t old, new;

	log_line("set_iattr %s 0x%" PRIx32 " 0x%" PRIx32 "\n", arg->name,
		 arg->flags, arg->mask);
	if (current_xid() != VX_ID_HOST)
		return fail(EPERM);
	if (arg->mask & ~IATTR_ALL)
		return fail(EINVAL);
	if (arg->mask & ~iattr_supported())
		return fail(EOPNOTSUPP);
	if (lstat(arg->name, &st) < 0)
		return -1;
	if (arg->mask & ~iattr_valid(&st))
		return fail(EINVAL);
	old = iattr_state(&st, 0, 0);
	new = (old & ~arg->mask) | (arg->flags & arg->mask);
	if ((new & IATTR_HIDE) && !(new & IATTR_ADMIN))
		return fail(EINVAL);
	iattr_state(&st, 1, new);
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
		{ "EINVAL", EINVAL }, { "EBUSY", EBUSY }, { "EEXIST", EEXIST },
		{ "ENOSPC", ENOSPC }, { "EADDRNOTAVAIL", EADDRNOTAVAIL },
		{ "EOPNOTSUPP", EOPNOTSUPP },
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
	case VCMD_task_tag:    return "task_tag";
	case VCMD_tag_migrate: return "tag_migrate";
	case VCMD_vx_info:     return "vx_info";
	case VCMD_ctx_stat:    return "ctx_stat";
	case VCMD_virt_stat:   return "virt_stat";
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
	case VCMD_set_vhi_name: return "set_vhi_name";
	case VCMD_get_vhi_name: return "get_vhi_name";
	case VCMD_task_nid:    return "task_nid";
	case VCMD_nx_info:     return "nx_info";
	case VCMD_net_create:  return "net_create";
	case VCMD_net_migrate: return "net_migrate";
	case VCMD_net_add_ipv4: return "net_add_ipv4";
	case VCMD_net_rem_ipv4: return "net_rem_ipv4";
	case VCMD_net_add_ipv6: return "net_add_ipv6";
	case VCMD_net_remove_ipv6: return "net_remove_ipv6";
	case VCMD_get_nflags:  return "get_nflags";
	case VCMD_set_nflags:  return "set_nflags";
	case VCMD_get_ncaps:   return "get_ncaps";
	case VCMD_set_ncaps:   return "set_ncaps";
	case VCMD_get_rlimit_mask: return "get_rlimit_mask";
	case VCMD_get_rlimit:  return "get_rlimit";
	case VCMD_set_rlimit:  return "set_rlimit";
	case VCMD_rlimit_stat: return "rlimit_stat";
	case VCMD_reset_hits:  return "reset_hits";
	case VCMD_reset_minmax: return "reset_minmax";
	case VCMD_get_iattr:   return "get_iattr";
	case VCMD_set_iattr:   return "set_iattr";
	case VCMD_fget_iattr:  return "fget_iattr";
	case VCMD_fset_iattr:  return "fset_iattr";
	default:               return "unknown";
	}
}

static long fake_vserver(uint32_t cmd, uint32_t id, void *data)
{
	const char *refuse = getenv("UV_FAKE_REFUSE");
	int err;

	/* Every call, changing or not, for the tests that want none. */
	log_calls("%s %" PRIu32 "\n", cmd_name(cmd), id);
	if (refuse && strcmp(refuse, cmd_name(cmd)) == 0)
		return fail(EOPNOTSUPP);
	err = injected_error(cmd_name(cmd));
	if (err)
		return fail(err);
	switch (cmd) {
	case VCMD_get_version:
		return VCI_VERSION;
	case VCMD_get_vci:
		return fake_vci();
	case VCMD_task_xid:
		return fake_task_xid(id);
	case VCMD_task_tag:
		return fake_task_tag(id);
	case VCMD_tag_migrate:
		return fake_tag_migrate(id);
	case VCMD_vx_info:
	case VCMD_ctx_stat:
	case VCMD_virt_stat:
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
	case VCMD_set_vhi_name:
		return fake_set_vhi_name(id, data);
	case VCMD_get_vhi_name:
		return fake_get_vhi_name(id, data);
	case VCMD_get_rlimit_mask:
		return fake_get_rlimit_mask(data);
	case VCMD_get_rlimit:
		return fake_get_rlimit(id, data);
	case VCMD_set_rlimit:
		return fake_set_rlimit(id, data);
	case VCMD_rlimit_stat:
		return fake_rlimit_stat(id, data);
	case VCMD_reset_hits:
	case VCMD_reset_minmax:
		return fake_reset(cmd, id);
	case VCMD_get_iattr:
		return fake_get_iattr(data);
	case VCMD_set_iattr:
		return fake_set_iattr(data);
	case VCMD_fget_iattr:
		return fake_fget_iattr(id, data);
	case VCMD_fset_iattr:
		return fake_fset_iattr(id, data);
	case VCMD_task_nid:
	case VCMD_nx_info:
	case VCMD_net_create:
	case VCMD_net_migrate:
	case VCMD_net_add_ipv4:
	case VCMD_net_rem_ipv4:
	case VCMD_net_add_ipv6:
	case VCMD_net_remove_ipv6:
	case VCMD_get_nflags:
	case VCMD_set_nflags:
	case VCMD_get_ncaps:
	case VCMD_set_ncaps:
		return fake_network(cmd, id, data);
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
