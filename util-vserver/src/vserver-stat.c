// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vserver-stat - one line per context that has processes: how many, their
 * memory and CPU time, and how long the oldest has run.
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

/* What the processes of one context add up to. */
struct ctx_stat {
	vc_xid_t xid;
	unsigned int procs;
	unsigned long long vsz;		/* bytes */
	unsigned long long rss;		/* pages */
	unsigned long long utime;	/* clock ticks */
	unsigned long long stime;
	unsigned long long start;	/* of the oldest, ticks after boot */
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
	       "Show every context that has processes: CTX (its id), PROC QTY (its\n"
	       "processes), VSZ and RSS (their virtual and resident memory), userTIME\n"
	       "and sysTIME (their CPU time), UPTIME (how long the oldest has run) and\n"
	       "NAME (the guest's name, \"host\" for 0, \"spectator\" for 1).\n"
	       "\n"
	       "Options:\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "\n"
	       "Exit status: 0 success, 1 failure, 3 kernel lacks vserver support.\n",
	       program_invocation_short_name);
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
	c->rss += rss;
	c->utime += utime;
	c->stime += stime;
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

static void print_table(struct table *t, const struct vc_guests *guests)
{
	unsigned long long hz = sysconf(_SC_CLK_TCK), page = sysconf(_SC_PAGESIZE);
	unsigned long long now = uptime_cs();
	char vsz[48], rss[48], user[48], sys[48], up[48];
	size_t i;

	qsort(t->list, t->count, sizeof(*t->list), by_xid);
	printf("%-5s %8s %6s %6s %9s %9s %9s %s\n", "CTX", "PROC QTY", "VSZ",
	       "RSS", "userTIME", "sysTIME", "UPTIME", "NAME");
	for (i = 0; i < t->count; i++) {
		const struct ctx_stat *c = &t->list[i];
		unsigned long long started = c->start * 100 / hz;
		const char *name = vc_guests_name(guests, c->xid);

		format_size(vsz, sizeof(vsz), c->vsz);
		format_size(rss, sizeof(rss), c->rss * page);
		format_time(user, sizeof(user), c->utime * 100 / hz);
		format_time(sys, sizeof(sys), c->stime * 100 / hz);
		format_time(up, sizeof(up), now > started ? now - started : 0);
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
	print_table(&t, &guests);
	free(t.list);
	vc_guests_free(&guests);
	return EXIT_SUCCESS;
}
