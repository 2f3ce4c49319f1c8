/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers for the command-line tools: the exit-status convention, error
 * reporting that turns ENOSYS into one fixed message, checked option
 * parsing and the final exec.  Unlike libvserver.h these print and exit.
 */
#ifndef UTIL_VSERVER_TOOL_H
#define UTIL_VSERVER_TOOL_H

#include <stdlib.h>
#include <sys/stat.h>

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

/*
 * Record the mode an option selects (*mode 0: none yet), and the option
 * as spelled, for messages; exit 1 naming both options if another one
 * already selected a different mode.
 */
void vu_set_mode(int *mode, const char **mode_opt, int new_mode,
		 const char *opt);

/* Print "TOOL (util-vserver) VERSION" and exit 0. */
VU_NORETURN void vu_print_version(void);

/*
 * Report a failed vc_* call (errno still set): "TOOL: <fmt>: <strerror>"
 * and exit 1, or "TOOL: kernel lacks vserver support" and exit 3 when
 * the kernel has no vserver(2) at all.
 */
VU_NORETURN VU_PRINTF(1, 2) void vu_err_vc(const char *fmt, ...);

/*
 * As vu_err_vc, for a failed network-context call: also exit 3, with
 * "TOOL: kernel lacks network context support", when vserver(2) works
 * but the network commands do not (EOPNOTSUPP), and explain EACCES: the
 * host gave up administering the network context (state_admin cleared).
 */
VU_NORETURN VU_PRINTF(1, 2) void vu_err_net(const char *fmt, ...);

/*
 * As vu_err_net, for the commands of one feature of the kernel: "TOOL:
 * kernel lacks <feature>" and exit 3 when only they fail.
 */
VU_NORETURN VU_PRINTF(2, 3) void vu_err_feature(const char *feature,
						const char *fmt, ...);

/* Parse an xid given to option (e.g. "--xid") or exit 1 naming it. */
vc_xid_t vu_xid_or_die(const char *str, const char *option, vc_xid_t min);

/*
 * A network context id given to option, or exit 1 naming it.  With
 * allow_self, "self" is accepted and returned as VU_NID_SELF, which
 * vu_own_nid_or_die resolves once the arguments are all checked.
 */
#define VU_NID_SELF NX_ID_HOST
vc_nid_t vu_nid_or_die(const char *str, const char *option, int allow_self);

/* The caller's own network context; exit 1 if it is in none. */
vc_nid_t vu_own_nid_or_die(const char *option);

/*
 * A file tag given to option: a number from min to VX_ID_MAX, or the name
 * of a guest configured in vc_confdir(), which stands for its context id
 * (a name of digits only is a number).  Exit 1 naming the option if not.
 */
vc_xid_t vu_tag_or_die(const char *str, const char *option, vc_xid_t min);

/*
 * Warn that the tag of path could not be read or set (what: "read",
 * "set"; errno still set), saying what to do when its file system has no
 * project ids.
 */
void vu_warn_tag(const char *what, const char *path);

/*
 * Open a regular file or directory that a walk has found by name (path,
 * relative to the walk's current directory) and stat'ed (st), to read or
 * set its tag: read-only, not following a symbolic link, without waiting
 * or taking a terminal; and check that it is the inode st describes, so
 * that a tree changed during the walk cannot send a change elsewhere
 * (ESTALE if it is not).  The descriptor, or -1 with errno set.
 */
int vu_open_walked(const char *path, const struct stat *st);

/* A decimal number in [min, max] given to option, or exit 1 naming it. */
unsigned long vu_uint_or_die(const char *str, const char *option,
			     unsigned long min, unsigned long max);

/*
 * Parse a list of names from table t given to option into chg (adding to
 * it), or exit 1 naming the option and the bad item.
 */
void vu_bits_or_die(const struct vc_bit_names *t, const char *list,
		    const char *option, struct vc_flag_change *chg);

/*
 * The address entries of a command line (--ip, --net, --range, --bcast,
 * --lback), in their order, each checked when it is added to the list:
 * no duplicate, one broadcast and one loopback address, at most
 * NX_ADDRS_MAX entries per family.  The text is kept for messages.
 */
struct vu_addr {
	const char *option;
	const char *text;
	struct vc_net_addr addr;
};

struct vu_addrs {
	struct vu_addr list[2 * NX_ADDRS_MAX + 2];
	size_t count;
	unsigned int n4;	/* IPv4 entries, broadcast and loopback aside */
	unsigned int n6;
};

/* Parse text (given to option) as an entry of type and append it, or exit 1. */
void vu_addr_or_die(struct vu_addrs *addrs, uint16_t type, const char *option,
		    const char *text);

/*
 * The address options chbind and naddress share: their getopt values, their
 * long option entries, and their handling: vu_addr_option() records the
 * entry of option c (one of them), or exits 1.
 */
enum {
	VU_OPT_IP = 0x200, VU_OPT_NET, VU_OPT_RANGE, VU_OPT_BCAST, VU_OPT_LBACK,
};
#define VU_ADDR_LONGOPTS						\
	{ "ip",      required_argument, NULL, VU_OPT_IP },		\
	{ "net",     required_argument, NULL, VU_OPT_NET },		\
	{ "range",   required_argument, NULL, VU_OPT_RANGE },		\
	{ "bcast",   required_argument, NULL, VU_OPT_BCAST },		\
	{ "lback",   required_argument, NULL, VU_OPT_LBACK }
void vu_addr_option(struct vu_addrs *addrs, int c, const char *text);

/*
 * Add (or remove) every entry, in order; on the first the kernel refuses,
 * report it and exit (those before it stay).
 */
void vu_addrs_add(vc_nid_t nid, const struct vu_addrs *addrs);
void vu_addrs_remove(vc_nid_t nid, const struct vu_addrs *addrs);

/*
 * Print a line "label: names" on stdout (just "names" if label is NULL):
 * the names of the bits set in value, comma-separated, in table order; a
 * bit without a name as a hex number.  No bits, no names: "label:".
 */
void vu_print_bits(const char *label, const struct vc_bit_names *t,
		   uint64_t value);

/*
 * The caller's own context, for tools whose --xid defaults to it; exit 1
 * telling to use option if the caller is in the host or the spectator
 * context, which have no flags or capabilities of their own.
 */
vc_xid_t vu_own_xid_or_die(const char *option);

/*
 * Let /proc show the processes of every context: from the host, enter the
 * spectator context (one way: a tool calls it just before it exits or
 * execs).  In any other context, stay: a guest sees its own processes.
 */
void vu_enter_spectator(void);

/*
 * Lower the capabilities in caps for good: drop them from the bounding
 * set (which needs CAP_SETPCAP), then from the effective, permitted and
 * inheritable sets, which also clears them from the ambient set.  Exit 1
 * naming the capability on failure.  The two halves exist apart for a
 * caller that still needs a capability between them.
 */
void vu_drop_caps(uint64_t caps);
void vu_drop_bound(uint64_t caps);
void vu_drop_held(uint64_t caps);

/*
 * For a tool that passes its arguments on to another program (vps, vtop):
 * -h/--help and -V/--version are its own when they come first; a leading
 * "--" is skipped so that such an option can reach the program.  Returns
 * the index of the first argument to pass on.
 */
int vu_passthrough_options(int argc, char **argv, void (*usage)(void));

/* Wait for child pid: its exit status, or 128 + the signal that ended it. */
int vu_wait_child(pid_t pid);

/*
 * execvp(argv[0], argv), after flushing stdout; on failure report and
 * exit 126 or 127.
 */
VU_NORETURN void vu_exec(char *const argv[]);

#endif /* UTIL_VSERVER_TOOL_H */
