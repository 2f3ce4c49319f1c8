// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vkill - send a signal to the processes of a context.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "libvserver.h"
#include "tool.h"

struct options {
	const char *xid_arg;
	int sig;
	char **pids;		/* none: the whole context */
};

VU_NORETURN static void usage(void)
{
	printf("Usage:\n"
	       " %s [--xid <xid>] [-s <signal>] [--] [<pid>...]\n"
	       "\n"
	       "Send a signal to processes of a context: to every process of the\n"
	       "context when no <pid> is given.  <pid> 1 is the context's init,\n"
	       "-1 every process but its init; any other pid must be in the context.\n"
	       "\n"
	       "Options:\n"
	       " -c, --xid <xid>         the context, 2..65535 (default: the caller's own)\n"
	       " -s, --signal <signal>   signal name (TERM, SIGTERM) or number;\n"
	       "                           default TERM, 0 checks only\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "\n"
	       "Exit status: 0 success, 1 failure (for any <pid>), 3 kernel lacks\n"
	       "vserver support.\n", program_invocation_short_name);
	exit(EXIT_SUCCESS);
}

/* "TERM", "SIGTERM", "term" or a number from 0 to NSIG - 1. */
static int signal_or_die(const char *str)
{
	const char *name = strncasecmp(str, "SIG", 3) == 0 ? str + 3 : str;
	unsigned long num;
	int sig;

	if (vc_parse_uint(str, 0, NSIG - 1, &num) == 0)
		return (int)num;
	for (sig = 1; sig < NSIG; sig++) {
		const char *abbrev = sigabbrev_np(sig);

		if (abbrev && strcasecmp(abbrev, name) == 0)
			return sig;
	}
	warnx("invalid --signal argument '%s': expected a signal name or a "
	      "number from 0 to %d", str, NSIG - 1);
	vu_try_help();
}

/* 0 (whole context), -1 (all but init) or a positive pid. */
static pid_t pid_or_die(const char *str)
{
	if (strcmp(str, "-1") == 0)
		return -1;
	return (pid_t)vu_uint_or_die(str, "pid", 0, INT_MAX);
}

static void parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "xid",     required_argument, NULL, 'c' },
		{ "signal",  required_argument, NULL, 's' },
		{ "help",    no_argument,       NULL, 'h' },
		{ "version", no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c, i;

	while ((c = getopt_long(argc, argv, "+c:s:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			o->xid_arg = optarg;
			break;
		case 's':
			o->sig = signal_or_die(optarg);
			break;
		case 'h':
			usage();
		case 'V':
			vu_print_version();
		default:
			vu_try_help();
		}
	}
	o->pids = argv + optind;
	for (i = 0; o->pids[i]; i++)
		pid_or_die(o->pids[i]);
}

/* 0 if the signal was sent, else reported and 1. */
static int signal_one(vc_xid_t xid, pid_t pid, int sig)
{
	if (vc_ctx_kill(xid, pid, sig) == 0)
		return 0;
	if (pid == 0)
		vu_err_vc("cannot signal context %u", (unsigned int)xid);
	if (errno == ENOSYS || errno == EOPNOTSUPP)
		vu_err_vc("cannot signal process %d of context %u", (int)pid,
			  (unsigned int)xid);
	warn("cannot signal process %d of context %u", (int)pid,
	     (unsigned int)xid);
	return 1;
}

int main(int argc, char **argv)
{
	struct options opts = { .sig = SIGTERM };
	int failed = 0, i;
	vc_xid_t xid;

	vu_close_stdout();
	parse_args(argc, argv, &opts);
	xid = opts.xid_arg ? vu_xid_or_die(opts.xid_arg, "--xid", VX_ID_MIN)
			   : vu_own_xid_or_die("--xid");

	if (opts.pids[0] == NULL)
		return signal_one(xid, 0, opts.sig);
	/* As kill(1): try every pid, fail if any failed. */
	for (i = 0; opts.pids[i]; i++)
		failed |= signal_one(xid, pid_or_die(opts.pids[i]), opts.sig);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
