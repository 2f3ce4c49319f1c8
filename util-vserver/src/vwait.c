// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vwait - wait until a context is gone and report how it ended.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "libvserver.h"
#include "tool.h"

/* Exit statuses of their own (1 and 3 are the shared ones). */
#define EXIT_TIMEOUT	2
#define EXIT_KILLED	4

struct options {
	unsigned int timeout;	/* seconds, 0: none */
	bool terminate;
	int status_fd;
	vc_xid_t xid;
};

static volatile sig_atomic_t timed_out;

VU_NORETURN static void usage(void)
{
	printf("Usage:\n"
	       " %s [--timeout <seconds> [--terminate]] [--status-fd <fd>] <xid>\n"
	       "\n"
	       "Wait until context <xid> is gone, and write how it ended to the status\n"
	       "file descriptor: FINISHED <reboot-cmd> <exit-code>, KILLED, TIMEOUT or\n"
	       "ERROR <reason>.\n"
	       "\n"
	       "Options:\n"
	       "     --timeout <seconds> give up after this long (TIMEOUT)\n"
	       "     --terminate         after the timeout, kill every process of the\n"
	       "                           context and wait again as long (KILLED)\n"
	       "     --status-fd <fd>    write the status line there (default: 1, stdout)\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "\n"
	       "Exit status: 0 FINISHED, 1 failure (ERROR), 2 TIMEOUT, 3 kernel lacks\n"
	       "vserver support, 4 KILLED.\n", program_invocation_short_name);
	exit(EXIT_SUCCESS);
}

static void parse_args(int argc, char **argv, struct options *o)
{
	enum { OPT_TIMEOUT = 0x100, OPT_TERMINATE, OPT_STATUS_FD };
	static const struct option longopts[] = {
		{ "timeout",   required_argument, NULL, OPT_TIMEOUT },
		{ "terminate", no_argument,       NULL, OPT_TERMINATE },
		{ "status-fd", required_argument, NULL, OPT_STATUS_FD },
		{ "help",      no_argument,       NULL, 'h' },
		{ "version",   no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_TIMEOUT:
			o->timeout = vu_uint_or_die(optarg, "--timeout", 1, INT_MAX);
			break;
		case OPT_TERMINATE:
			o->terminate = true;
			break;
		case OPT_STATUS_FD:
			o->status_fd = vu_uint_or_die(optarg, "--status-fd", 0, INT_MAX);
			break;
		case 'h':
			usage();
		case 'V':
			vu_print_version();
		default:
			vu_try_help();
		}
	}
	if (optind == argc) {
		warnx("no context given");
		vu_try_help();
	}
	if (argc - optind > 1)
		errx(EXIT_FAILURE, "unexpected argument '%s'", argv[optind + 1]);
	o->xid = vu_xid_or_die(argv[optind], "context", VX_ID_MIN);
	if (o->terminate && o->timeout == 0)
		errx(EXIT_FAILURE, "--terminate needs --timeout");
	if (fcntl(o->status_fd, F_GETFD) < 0)
		err(EXIT_FAILURE, "invalid --status-fd argument '%d'", o->status_fd);
}

/* Write the status line; a failed write is a failure of its own. */
VU_PRINTF(2, 3) static void status(const struct options *o, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (len < 0 || (size_t)len > sizeof(line) - 2)
		len = sizeof(line) - 2;
	line[len++] = '\n';
	if (write(o->status_fd, line, len) != len)
		err(EXIT_FAILURE, "cannot write the status to file descriptor %d",
		    o->status_fd);
}

VU_NORETURN static void failed(const struct options *o, const char *what)
{
	int saved = errno;

	status(o, "ERROR cannot %s context %u: %s", what, (unsigned int)o->xid,
	       strerror(saved));
	errno = saved;
	vu_err_vc("cannot %s context %u", what, (unsigned int)o->xid);
}

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
	/*
	 * The first alarm may come just before the system call blocks; a
	 * second one a little later interrupts it in any case.
	 */
	alarm(1);
}

/*
 * 0 if the context is gone (result filled in), else -1 with errno set,
 * ETIMEDOUT when the time is up.
 */
static int wait_for(const struct options *o, struct vcmd_wait_exit_v0 *result)
{
	int ret, saved;

	timed_out = 0;
	if (o->timeout)
		alarm(o->timeout);
	while ((ret = vc_wait_exit(o->xid, result)) < 0 && errno == EINTR &&
	       !timed_out)
		;
	saved = ret < 0 && errno == EINTR ? ETIMEDOUT : errno;
	alarm(0);
	errno = saved;
	return ret;
}

int main(int argc, char **argv)
{
	struct options opts = { .status_fd = STDOUT_FILENO };
	struct sigaction sa = { .sa_handler = on_alarm };
	struct vcmd_wait_exit_v0 result;

	vu_close_stdout();
	parse_args(argc, argv, &opts);
	/* No SA_RESTART: the alarm must interrupt the waiting system call. */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);

	if (wait_for(&opts, &result) == 0) {
		status(&opts, "FINISHED %d %d", (int)result.reboot_cmd,
		       (int)result.exit_code);
		return EXIT_SUCCESS;
	}
	if (errno != ETIMEDOUT)
		failed(&opts, "wait for");
	if (!opts.terminate) {
		status(&opts, "TIMEOUT");
		return EXIT_TIMEOUT;
	}

	/* Gone by now (ESRCH) is as good as killed. */
	if (vc_ctx_kill(opts.xid, 0, SIGKILL) < 0 && errno != ESRCH)
		failed(&opts, "kill");
	if (wait_for(&opts, &result) < 0 && errno != ESRCH) {
		if (errno != ETIMEDOUT)
			failed(&opts, "wait for");
		status(&opts, "ERROR context %u still exists after SIGKILL",
		       (unsigned int)opts.xid);
		errx(EXIT_FAILURE, "context %u still exists after SIGKILL (waited %u s); "
		     "if it is persistent, clear that with "
		     "'vattribute --xid %u --flag ~persistent'",
		     (unsigned int)opts.xid, opts.timeout, (unsigned int)opts.xid);
	}
	status(&opts, "KILLED");
	return EXIT_KILLED;
}
