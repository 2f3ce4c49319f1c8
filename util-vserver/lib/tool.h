/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers for the command-line tools: the exit-status convention, error
 * reporting that turns ENOSYS into one fixed message, checked option
 * parsing and the final exec.  Unlike libvserver.h these print and exit.
 */
#ifndef UTIL_VSERVER_TOOL_H
#define UTIL_VSERVER_TOOL_H

#include <stdlib.h>

#include "libvserver.h"

/*
 * Exit statuses shared by every tool (documented in each man page):
 *   0   success
 *   1   failure, including usage errors (EXIT_FAILURE, as util-linux)
 *   3   the kernel lacks vserver support
 *   126 the command was found but could not be executed
 *   127 the command was not found
 * Tools may add their own (vcontext --silentexist: 254).
 */
#define VU_EXIT_NOSYS		3
#define VU_EXIT_EXEC_FAILED	126
#define VU_EXIT_EXEC_ENOENT	127

#define VU_NORETURN __attribute__((noreturn))
#define VU_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Register at the start of main: reports write errors on stdout at exit. */
void vu_close_stdout(void);

/* "Try 'TOOL --help' for more information." and exit 1. */
VU_NORETURN void vu_try_help(void);

/* Print "TOOL (util-vserver) VERSION" and exit 0. */
VU_NORETURN void vu_print_version(void);

/*
 * Report a failed vc_* call (errno still set): "TOOL: <fmt>: <strerror>"
 * and exit 1, or "TOOL: kernel lacks vserver support" and exit 3 when
 * the kernel has no vserver(2) at all.
 */
VU_NORETURN VU_PRINTF(1, 2) void vu_err_vc(const char *fmt, ...);

/* Parse an xid given to option (e.g. "--xid") or exit 1 naming it. */
vc_xid_t vu_xid_or_die(const char *str, const char *option, vc_xid_t min);

/* Parse a flag list given to option into chg or exit 1 naming it. */
void vu_cflags_or_die(const char *list, const char *option,
		      struct vc_flag_change *chg);

/* execvp(argv[0], argv); on failure report and exit 126 or 127. */
VU_NORETURN void vu_exec(char *const argv[]);

#endif /* UTIL_VSERVER_TOOL_H */
