// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Helpers for the command-line tools; see tool.h.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "tool.h"

/* 0 if every byte written to stream reached the kernel, else EOF. */
static int close_stream(FILE *stream)
{
	int had_error = ferror(stream);
	int close_failed = fclose(stream) != 0;

	if (had_error && !close_failed)
		errno = EIO;
	return had_error || close_failed ? EOF : 0;
}

static void close_stdout_at_exit(void)
{
	/*
	 * A full disk or a closed pipe must not look like success to a
	 * script that captures our output: check the final flush.
	 */
	if (close_stream(stdout) != 0 && errno != EPIPE) {
		warn("write error");
		_exit(EXIT_FAILURE);
	}
	if (close_stream(stderr) != 0)
		_exit(EXIT_FAILURE);
}

void vu_close_stdout(void)
{
	atexit(close_stdout_at_exit);
}

void vu_try_help(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n",
		program_invocation_short_name);
	exit(EXIT_FAILURE);
}

void vu_print_version(void)
{
	printf("%s (util-vserver) %s\n", program_invocation_short_name,
	       PACKAGE_VERSION);
	exit(EXIT_SUCCESS);
}

void vu_err_vc(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	/*
	 * EOPNOTSUPP is also what a vserver kernel says to a command it does
	 * not implement; only blame the whole kernel if get_version fails too.
	 */
	if ((saved == ENOSYS || saved == EOPNOTSUPP) &&
	    vc_kernel_supported() == 0)
		errx(VU_EXIT_NOSYS, VC_MSG_NOSYS);
	errno = saved;
	va_start(ap, fmt);
	verr(EXIT_FAILURE, fmt, ap);
}

vc_xid_t vu_xid_or_die(const char *str, const char *option, vc_xid_t min)
{
	vc_xid_t xid;

	if (vc_parse_xid(str, min, &xid) < 0)
		errx(EXIT_FAILURE,
		     "invalid %s argument '%s': expected a context id from %u to %u",
		     option, str, (unsigned int)min, (unsigned int)VX_ID_MAX);
	return xid;
}

void vu_cflags_or_die(const char *list, const char *option,
		      struct vc_flag_change *chg)
{
	const char *bad;
	size_t badlen;

	if (vc_parse_cflags(list, chg, &bad, &badlen) < 0) {
		if (badlen == 0)
			errx(EXIT_FAILURE, "invalid %s argument '%s': empty flag name",
			     option, list);
		errx(EXIT_FAILURE, "invalid %s argument: unknown flag '%.*s'",
		     option, (int)badlen, bad);
	}
}

void vu_exec(char *const argv[])
{
	execvp(argv[0], argv);
	err(errno == ENOENT ? VU_EXIT_EXEC_ENOENT : VU_EXIT_EXEC_FAILED,
	    "failed to execute %s", argv[0]);
}
