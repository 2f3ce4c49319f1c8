// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * chcontext - the original interface: run a command in context N,
 * creating the context if it does not exist yet.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "libvserver.h"
#include "tool.h"

/*
 * Create-or-enter races with the last task of the context exiting
 * between the two calls; a few rounds settle it.
 */
#define ENTER_ATTEMPTS 3

struct options {
	const char *xid_opt;	/* --ctx or --xid, for messages */
	const char *xid_arg;
	bool have_flags;
	struct vc_flag_change flags;
	bool silent;
	char **command;
};

VU_NORETURN static void usage(void)
{
	printf("Usage:\n"
	       " %s --ctx <xid> [options] [--] <command> [<arg>...]\n"
	       "\n"
	       "Run a command in security context <xid>, creating the context\n"
	       "if it does not exist.\n"
	       "\n"
	       "Options:\n"
	       "     --ctx <xid>         context id: 2..65535, or 1 (spectator)\n"
	       "     --xid <xid>         same as --ctx\n"
	       "     --flag <list>       comma-separated context flags for a new context;\n"
	       "                           a leading ~ clears a flag that is set by default\n"
	       "     --silent            do not report the context on stderr\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "\n"
	       "Exit status: that of <command>; else 1 failure, 3 kernel lacks vserver\n"
	       "support, 126 command not executable, 127 command not found.\n"
	       "\n"
	       "See chcontext(8) and vcontext(8) for the flag names.\n",
	       program_invocation_short_name);
	exit(EXIT_SUCCESS);
}

static void parse_args(int argc, char **argv, struct options *o)
{
	enum { OPT_CTX = 0x100, OPT_XID, OPT_FLAG, OPT_SILENT };
	static const struct option longopts[] = {
		{ "ctx",     required_argument, NULL, OPT_CTX },
		{ "xid",     required_argument, NULL, OPT_XID },
		{ "flag",    required_argument, NULL, OPT_FLAG },
		{ "silent",  no_argument,       NULL, OPT_SILENT },
		{ "help",    no_argument,       NULL, 'h' },
		{ "version", no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_CTX:
		case OPT_XID:
			o->xid_opt = c == OPT_CTX ? "--ctx" : "--xid";
			o->xid_arg = optarg;
			break;
		case OPT_FLAG:
			vu_cflags_or_die(optarg, "--flag", &o->flags);
			o->have_flags = true;
			break;
		case OPT_SILENT:
			o->silent = true;
			break;
		case 'h':
			usage();
		case 'V':
			vu_print_version();
		default:
			vu_try_help();
		}
	}
	o->command = argv + optind;
}

static vc_xid_t check_args(const struct options *o)
{
	/* The original allocated an id when none was given; this kernel
	 * has no dynamic ids, so say so instead of failing obscurely. */
	vc_xid_t xid;

	if (o->xid_arg == NULL)
		errx(EXIT_FAILURE, "dynamic contexts are not supported: "
		     "the kernel has no dynamic context ids; use --ctx <xid>");
	xid = vu_xid_or_die(o->xid_arg, o->xid_opt, VX_ID_SPECTATOR);
	if (xid == VX_ID_SPECTATOR && o->have_flags)
		errx(EXIT_FAILURE, "--flag cannot be used with the spectator context");
	if (o->command[0] == NULL) {
		warnx("no command given");
		vu_try_help();
	}
	return xid;
}

/* 1 if entered, 0 if the context vanished under us, exits on error. */
static int try_enter(vc_xid_t xid, const struct options *o)
{
	uint64_t flags = vc_flags_apply(VXF_INIT_SET, &o->flags);

	if (vc_ctx_create(xid, flags) == 0)
		return 1;
	if (errno != EEXIST && errno != EBUSY)
		vu_err_vc("cannot create context %u", (unsigned int)xid);

	if (vc_ctx_migrate(xid, 0) == 0) {
		if (o->have_flags && !o->silent)
			warnx("context %u exists; --flag ignored",
			      (unsigned int)xid);
		return 1;
	}
	if (errno != ESRCH)
		vu_err_vc("cannot enter context %u", (unsigned int)xid);
	return 0;
}

static void enter_context(vc_xid_t xid, const struct options *o)
{
	int i;

	/* The spectator has no context object: it can only be entered. */
	if (xid == VX_ID_SPECTATOR) {
		if (vc_ctx_migrate(xid, 0) < 0)
			vu_err_vc("cannot enter context %u", (unsigned int)xid);
		return;
	}
	for (i = 0; i < ENTER_ATTEMPTS; i++)
		if (try_enter(xid, o))
			return;
	errx(EXIT_FAILURE, "cannot enter context %u: it keeps disappearing",
	     (unsigned int)xid);
}

int main(int argc, char **argv)
{
	struct options opts = { .xid_opt = "--ctx" };
	vc_xid_t xid;

	vu_close_stdout();
	parse_args(argc, argv, &opts);
	xid = check_args(&opts);

	enter_context(xid, &opts);
	if (!opts.silent)
		fprintf(stderr, "New security context is %u\n",
			(unsigned int)xid);

	vu_exec(opts.command);
}
