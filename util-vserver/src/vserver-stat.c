// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vserver-stat - one line per context that has processes: how many tasks,
 * their memory and CPU time, and how long the oldest has run.
 *
 * Each figure comes from the most accurate source there is: the task count
 * and a guest's uptime from the kernel's accounting (VCMD_virt_stat, or
 * VCMD_ctx_stat for the count on a kernel without it), the resident memory and
 * CPU time of a guest from its cgroup v2 (memory.current, cpu.stat), the
 * rest, and whatever those sources do not give, from the sum over the
 * processes in /proc.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libvserver.h"
#include "tool.h"

/*
 * Where the guests' cgroups are, as the vserver command makes them:
 * guest NAME in $VSERVER_CGROUP_BASE/NAME.
 */
#define CGROUP_BASE "/sys/fs/cgroup/vservers"

/*
 * What the processes of one context add up to; then, in the parent, what
 * the kernel and the guest's cgroup say instead.
 */
struct ctx_stat {
	vc_xid_t xid;
	unsigned int procs;		/* processes, or the kernel's tasks */
	unsigned long long vsz;		/* bytes */
	unsigned long long rss;		/* bytes */
	unsigned long long utime;	/* microseconds */
	unsigned long long stime;
	unsigned long long start;	/* of the oldest, ticks after boot */
	unsigned long long uptime;	/* of the context, hundredths */
	bool kernel_uptime;		/* uptime is the kernel's */
};

struct table {
	struct ctx_stat *list;
	size_t count;
};

VU_NORETURN static void usage(void)
{
	printf("Usage:\n"
	       " %s\n"
	       "\n"
	       "Show every context that has processes, one line each, and where each\n"
	       "column comes from:\n"
	       " CTX       the context id\n"
	       " PROC QTY  its tasks, threads included, as the kernel counts them\n"
	       "             (vserver(2) virt_stat or ctx_stat); else its processes\n"
	       "             in /proc\n"
	       " VSZ       the virtual memory of its processes (/proc/PID/stat)\n"
	       " RSS       the memory charged to the guest's cgroup (memory.current);\n"
	       "             else the resident memory of its processes\n"
	       " userTIME  the CPU time the guest's cgroup has used in user mode\n"
	       "             (user_usec of cpu.stat); else that of its context\n"
	       "             (/proc/virtual/XID/sched); else that of its processes\n"
	       " sysTIME   the same in kernel mode (system_usec)\n"
	       " UPTIME    how long the guest's context has existed (vserver(2)\n"
	       "             virt_stat); else how long the oldest of its processes\n"
	       "             has run\n"
	       " NAME      the guest's name, \"host\" for 0, \"spectator\" for 1\n"
	       "\n"
	       "The guest's cgroup is <base>/NAME, where the vserver command puts a\n"
	       "guest that has cgroup settings; the host and a guest without one get\n"
	       "the sums over their processes.\n"
	       "\n"
	       "Options:\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "\n"
	       "Environment:\n"
	       " VSERVER_CONFDIR         the guests' configuration directory\n"
	       " VSERVER_CGROUP_BASE     the <base> of their cgroups (default\n"
	       "                           %s)\n"
	       "\n"
	       "Exit status: 0 success, 1 failure, 3 kernel lacks vserver support.\n",
	       program_invocation_short_name, CGROUP_BASE);
	exit(EXIT_SUCCESS);
}

static void parse_args(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help",    no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage();
		case 'V':
			vu_print_version();
		default:
			vu_try_help();
		}
	}
	if (optind < argc)
		errx(EXIT_FAILURE, "unexpected argument '%s'", argv[optind]);
}

static struct ctx_stat *entry(struct table *t, vc_xid_t xid)
{
	struct ctx_stat *list;
	size_t i;

	for (i = 0; i < t->count; i++)
		if (t->list[i].xid == xid)
			return &t->list[i];
	list = realloc(t->list, (t->count + 1) * sizeof(*list));
	if (list == NULL)
		err(EXIT_FAILURE, "cannot allocate memory");
	t->list = list;
	list[t->count] = (struct ctx_stat){ .xid = xid, .start = -1ULL };
	return &list[t->count++];
}

/*
 * Add process pid (a /proc entry) to its context.  A process that exits
 * meanwhile is skipped: /proc/PID/stat and the context lookup fail.
 */
static void add_process(struct table *t, const char *pid)
{
	unsigned long long hz = sysconf(_SC_CLK_TCK);
	unsigned long long page = sysconf(_SC_PAGESIZE);
	unsigned long long utime, stime, start, vsz, rss;
	char path[64], buf[1024], *p;
	struct ctx_stat *c;
	vc_xid_t xid;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	f = fopen(path, "r");
	if (f == NULL)
		return;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* The command name may hold blanks and parentheses: skip to the last ")". */
	p = strrchr(buf, ')');
	if (p == NULL ||
	    sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu"
		   " %*d %*d %*d %*d %*d %*d %llu %llu %llu",
		   &utime, &stime, &start, &vsz, &rss) != 5)
		return;
	if (vc_task_xid((pid_t)atoi(pid), &xid) < 0) {
		if (errno == ESRCH)
			return;
		vu_err_vc("cannot get the context of process %s", pid);
	}
	c = entry(t, xid);
	c->procs++;
	c->vsz += vsz;
	c->rss += rss * page;
	c->utime += utime * 1000000 / hz;
	c->stime += stime * 1000000 / hz;
	if (start < c->start)
		c->start = start;
}

static bool is_pid(const char *name)
{
	for (; *name; name++)
		if (!isdigit((unsigned char)*name))
			return false;
	return true;
}

/* In the child: every process the spectator sees, but the child itself. */
static void gather(int fd)
{
	struct table t = { NULL, 0 };
	char self[16];
	struct dirent *d;
	DIR *proc;

	vu_enter_spectator();
	snprintf(self, sizeof(self), "%d", (int)getpid());
	proc = opendir("/proc");
	if (proc == NULL)
		err(EXIT_FAILURE, "cannot read /proc");
	while ((errno = 0, d = readdir(proc)) != NULL)
		if (is_pid(d->d_name) && strcmp(d->d_name, self) != 0)
			add_process(&t, d->d_name);
	if (errno != 0)
		err(EXIT_FAILURE, "cannot read /proc");
	closedir(proc);
	if (t.count && write(fd, t.list, t.count * sizeof(*t.list)) !=
	    (ssize_t)(t.count * sizeof(*t.list)))
		err(EXIT_FAILURE, "cannot pass the statistics on");
	exit(EXIT_SUCCESS);
}

/*
 * The spectator context is one way; a child enters it and hands the
 * figures back, so this process stays where it was.
 */
static int collect(struct table *t)
{
	size_t cap = 0, bytes = 0;
	int fds[2], rc;
	ssize_t n;
	pid_t pid;

	if (pipe(fds) < 0)
		err(EXIT_FAILURE, "cannot create a pipe");
	pid = fork();
	if (pid < 0)
		err(EXIT_FAILURE, "cannot fork");
	if (pid == 0) {
		close(fds[0]);
		gather(fds[1]);
	}
	close(fds[1]);
	for (;;) {
		if (bytes == cap) {
			cap = cap ? 2 * cap : 16 * sizeof(*t->list);
			t->list = realloc(t->list, cap);
			if (t->list == NULL)
				err(EXIT_FAILURE, "cannot allocate memory");
		}
		n = read(fds[0], (char *)t->list + bytes, cap - bytes);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			err(EXIT_FAILURE, "cannot read the statistics");
		if (n == 0)
			break;
		bytes += n;
	}
	close(fds[0]);
	t->count = bytes / sizeof(*t->list);
	rc = vu_wait_child(pid);
	if (rc == EXIT_SUCCESS && bytes % sizeof(*t->list))
		errx(EXIT_FAILURE, "statistics cut short");
	return rc;
}

/* Unsigned decimal digits, nothing else; false if not that. */
static bool parse_ull(const char *str, unsigned long long *value)
{
	char *end;

	if (!isdigit((unsigned char)*str))
		return false;
	errno = 0;
	*value = strtoull(str, &end, 10);
	return errno == 0 && *end == '\0';
}

/*
 * cpu.stat and /proc/virtual/XID/sched: lines "key value"; both user_usec
 * and system_usec, or false.  Closes f; NULL is false.
 */
static bool cpu_times(FILE *f, unsigned long long *user,
		      unsigned long long *sys)
{
	bool have_user = false, have_sys = false;
	char line[128], *value;

	if (f == NULL)
		return false;
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		value = strchr(line, ' ');
		if (value == NULL)
			continue;
		*value++ = '\0';
		if (strcmp(line, "user_usec") == 0)
			have_user = parse_ull(value, user);
		else if (strcmp(line, "system_usec") == 0)
			have_sys = parse_ull(value, sys);
	}
	fclose(f);
	return have_user && have_sys;
}

/*
 * What the kernel keeps for a guest's context: its tasks, threads
 * included (what /proc/virtual/XID/status shows as Tasks), and how long
 * the context has existed, which outlasts its processes (a guest whose
 * init was restarted is still as old).  A kernel without virt_stat
 * (EOPNOTSUPP; ENOSYS or EINVAL from older ones) gives the count with
 * ctx_stat, and the uptime is that of the oldest process; one that
 * answers neither (a context gone meanwhile) leaves the figures of the
 * processes.  The host and the spectator have no context.
 */
static void kernel_figures(struct ctx_stat *c)
{
	struct vcmd_virt_stat_v0 vstat;
	struct vcmd_ctx_stat_v0 stat;

	if (c->xid < VX_ID_MIN)
		return;
	if (vc_virt_stat(c->xid, &vstat) == 0) {
		c->procs = vstat.nr_threads;
		c->uptime = vstat.uptime / 10000000;
		c->kernel_uptime = true;
	} else if (vc_ctx_stat(c->xid, &stat) == 0) {
		c->procs = stat.tasks;
	}
}

/*
 * The CPU time the kernel keeps for a guest's context, its threads gone
 * included (/proc/virtual/XID/sched); a kernel without the file leaves
 * the sums over the processes.  Reading it makes the kernel walk the
 * context's tasks: only for a guest whose cgroup did not give the time.
 */
static void context_cpu(struct ctx_stat *c)
{
	unsigned long long user, sys;
	char path[64];

	snprintf(path, sizeof(path), "/proc/virtual/%u/sched",
		 (unsigned int)c->xid);
	if (cpu_times(fopen(path, "re"), &user, &sys)) {
		c->utime = user;
		c->stime = sys;
	}
}

static const char *cgroup_base(void)
{
	const char *base = getenv("VSERVER_CGROUP_BASE");

	return base && *base ? base : CGROUP_BASE;
}

/*
 * Open file of the cgroup dir, or NULL (no such cgroup, or the controller
 * that has the file is not enabled there).
 */
static FILE *cgroup_open(const char *dir, const char *file)
{
	char path[4096];

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, file) >=
	    sizeof(path))
		return NULL;
	return fopen(path, "re");
}

/* memory.current: a number of bytes on one line. */
static bool cgroup_memory(const char *dir, unsigned long long *bytes)
{
	char line[64];
	bool ok;
	FILE *f;

	f = cgroup_open(dir, "memory.current");
	if (f == NULL)
		return false;
	ok = fgets(line, sizeof(line), f) != NULL;
	fclose(f);
	if (!ok)
		return false;
	line[strcspn(line, "\n")] = '\0';
	return parse_ull(line, bytes);
}

/*
 * A guest that runs in a cgroup of its own (the vserver command makes
 * <base>/NAME for one with cgroup settings): its memory and CPU time as
 * the cgroup accounts them, which the sum over the processes misses
 * (kernel memory, page cache, the CPU time of the processes that exited).
 * Each file the cgroup lacks leaves the sum over the processes.  True if
 * the cgroup gave the CPU time.
 */
static bool cgroup_figures(struct ctx_stat *c, const char *name)
{
	unsigned long long rss, user, sys;
	char dir[4096];

	if (c->xid < VX_ID_MIN || name == NULL ||
	    (size_t)snprintf(dir, sizeof(dir), "%s/%s", cgroup_base(), name) >=
	    sizeof(dir))
		return false;
	if (cgroup_memory(dir, &rss))
		c->rss = rss;
	if (!cpu_times(cgroup_open(dir, "cpu.stat"), &user, &sys))
		return false;
	c->utime = user;
	c->stime = sys;
	return true;
}

/*
 * In this process, back where it was: what the kernel and the guests'
 * cgroups account, instead of the sums over the processes.
 */
static void use_accounting(struct table *t, const struct vc_guests *guests)
{
	struct ctx_stat *c;

	for (c = t->list; c < t->list + t->count; c++) {
		kernel_figures(c);
		if (!cgroup_figures(c, vc_guests_name(guests, c->xid)) &&
		    c->xid >= VX_ID_MIN)
			context_cpu(c);
	}
}

/* 1023, 1.5K, 12.3M, 456G: at most 6 characters. */
static void format_size(char *buf, size_t len, unsigned long long bytes)
{
	static const char units[] = "KMGTPE";
	double v = bytes;
	int u = -1;

	if (bytes < 1024) {
		snprintf(buf, len, "%llu", bytes);
		return;
	}
	do {
		v /= 1024;
		u++;
	} while (v >= 1024 && units[u + 1]);
	snprintf(buf, len, v < 100 ? "%.1f%c" : "%.0f%c", v, units[u]);
}

/* 4m05s12 (minutes, seconds, hundredths), 3h04m05, 12d03h04. */
static void format_time(char *buf, size_t len, unsigned long long cs)
{
	unsigned long long s = cs / 100;

	if (s < 3600)
		snprintf(buf, len, "%llum%02llus%02llu", s / 60, s % 60, cs % 100);
	else if (s < 86400)
		snprintf(buf, len, "%lluh%02llum%02llu", s / 3600, s / 60 % 60,
			 s % 60);
	else
		snprintf(buf, len, "%llud%02lluh%02llu", s / 86400, s / 3600 % 24,
			 s / 60 % 60);
}

static int by_xid(const void *a, const void *b)
{
	const struct ctx_stat *x = a, *y = b;

	return (x->xid > y->xid) - (x->xid < y->xid);
}

/* Seconds since boot, in hundredths. */
static unsigned long long uptime_cs(void)
{
	double up;
	FILE *f = fopen("/proc/uptime", "r");

	if (f == NULL || fscanf(f, "%lf", &up) != 1)
		err(EXIT_FAILURE, "cannot read /proc/uptime");
	fclose(f);
	return (unsigned long long)(up * 100);
}

static void print_table(const struct table *t, const struct vc_guests *guests)
{
	unsigned long long hz = sysconf(_SC_CLK_TCK);
	unsigned long long now = uptime_cs();
	char vsz[48], rss[48], user[48], sys[48], up[48];
	size_t i;

	printf("%-5s %8s %6s %6s %9s %9s %9s %s\n", "CTX", "PROC QTY", "VSZ",
	       "RSS", "userTIME", "sysTIME", "UPTIME", "NAME");
	for (i = 0; i < t->count; i++) {
		const struct ctx_stat *c = &t->list[i];
		unsigned long long started = c->start * 100 / hz;
		const char *name = vc_guests_name(guests, c->xid);

		format_size(vsz, sizeof(vsz), c->vsz);
		format_size(rss, sizeof(rss), c->rss);
		format_time(user, sizeof(user), c->utime / 10000);
		format_time(sys, sizeof(sys), c->stime / 10000);
		if (c->kernel_uptime)
			format_time(up, sizeof(up), c->uptime);
		else
			format_time(up, sizeof(up),
				    now > started ? now - started : 0);
		printf("%-5u %8u %6s %6s %9s %9s %9s %s\n", (unsigned int)c->xid,
		       c->procs, vsz, rss, user, sys, up, name ? name : "-");
	}
}

int main(int argc, char **argv)
{
	struct table t = { NULL, 0 };
	struct vc_guests guests;
	int rc;

	vu_close_stdout();
	parse_args(argc, argv);
	if (vc_guests_load(&guests) < 0)
		err(EXIT_FAILURE, "cannot read the guests in %s", vc_confdir());

	rc = collect(&t);
	if (rc != EXIT_SUCCESS)
		return rc;
	qsort(t.list, t.count, sizeof(*t.list), by_xid);
	use_accounting(&t, &guests);
	print_table(&t, &guests);
	free(t.list);
	vc_guests_free(&guests);
	return EXIT_SUCCESS;
}
