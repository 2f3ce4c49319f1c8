// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vcontext - create a security context or enter an existing one, then
 * execute a command in it.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <sched.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

#include "libvserver.h"
#include "tool.h"

/* --silentexist: the context exists already (classic value). */
#define EXIT_CTX_EXISTS 254

enum mode { MODE_NONE, MODE_CREATE, MODE_MIGRATE };

struct options {
	enum mode mode;
	const char *mode_opt;	/* spelling used, for conflict messages */
	bool have_xid;
	vc_xid_t xid;
	bool have_flags;
	struct vc_flag_change flags;
	bool silent;
	bool silentexist;
	bool endsetup;
	bool init;
	const char *chroot;
	char **command;
};

VU_NORETURN static void usage(void)
{
	const char *p = program_invocation_short_name;

	printf("Usage:\n"
	       " %s --create --xid <xid> [options] [--] <command> [<arg>...]\n"
	       " %s --migrate --xid <xid> [options] [--] <command> [<arg>...]\n"
	       "\n"
	       "Create a security context or enter an existing one, then run a command in it.\n"
	       "\n"
	       "Options:\n"
	       "     --create            create context <xid> and enter it\n"
	       "     --migrate           enter the existing context <xid>\n"
	       "     --migrate-self      same as --migrate (needs --xid)\n"
	       "     --xid <xid>         context id: 2..65535, or 1 (spectator) with --migrate\n"
	       "     --flag <list>       with --create: comma-separated context flags;\n"
	       "                           a leading ~ clears a flag that is set by default\n"
	       "     --silent            do not report the new context on stderr\n"
	       "     --silentexist       with --create: exit 254 quietly if <xid> exists\n"
	       "     --init              make <command> the context's init and the reaper\n"
	       "                           of its orphans (what vkill -c <xid> 1 signals)\n"
	       "     --endsetup          end the context's setup before running <command>:\n"
	       "                           its capability bound applies from then on and\n"
	       "                           nothing inside can change the context again\n"
	       "     --chroot <dir>      make <dir> the root directory (and the working\n"
	       "                           directory) before entering the context\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "\n"
	       "Exit status: that of <command>; else 1 failure, 3 kernel lacks vserver\n"
	       "support, 126 command not executable, 127 command not found,\n"
	       "254 context exists (--silentexist).\n"
	       "\n"
	       "See vcontext(8) for the flag names.\n", p, p);
	exit(EXIT_SUCCESS);
}

static void set_mode(struct options *o, enum mode mode, const char *opt)
{
	if (o->mode != MODE_NONE && o->mode != mode)
		errx(EXIT_FAILURE, "%s and %s are mutually exclusive",
		     o->mode_opt, opt);
	o->mode = mode;
	o->mode_opt = opt;
}

static void parse_args(int argc, char **argv, struct options *o)
{
	enum {
		OPT_CREATE = 0x100, OPT_MIGRATE, OPT_MIGRATE_SELF, OPT_XID,
		OPT_FLAG, OPT_SILENT, OPT_SILENTEXIST, OPT_INIT, OPT_ENDSETUP,
		OPT_CHROOT,
	};
	static const struct option longopts[] = {
		{ "create",       no_argument,       NULL, OPT_CREATE },
		{ "migrate",      no_argument,       NULL, OPT_MIGRATE },
		{ "migrate-self", no_argument,       NULL, OPT_MIGRATE_SELF },
		{ "xid",          required_argument, NULL, OPT_XID },
		{ "flag",         required_argument, NULL, OPT_FLAG },
		{ "silent",       no_argument,       NULL, OPT_SILENT },
		{ "silentexist",  no_argument,       NULL, OPT_SILENTEXIST },
		{ "init",         no_argument,       NULL, OPT_INIT },
		{ "endsetup",     no_argument,       NULL, OPT_ENDSETUP },
		{ "chroot",       required_argument, NULL, OPT_CHROOT },
		{ "help",         no_argument,       NULL, 'h' },
		{ "version",      no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *xid_arg = NULL;
	int c;

	/* "+": stop at the command so its own options are left alone. */
	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_CREATE:
			set_mode(o, MODE_CREATE, "--create");
			break;
		case OPT_MIGRATE:
			set_mode(o, MODE_MIGRATE, "--migrate");
			break;
		case OPT_MIGRATE_SELF:
			set_mode(o, MODE_MIGRATE, "--migrate-self");
			break;
		case OPT_XID:
			xid_arg = optarg;
			break;
		case OPT_FLAG:
			vu_bits_or_die(&vc_cflags, optarg, "--flag", &o->flags);
			o->have_flags = true;
			break;
		case OPT_SILENT:
			o->silent = true;
			break;
		case OPT_SILENTEXIST:
			o->silentexist = true;
			break;
		case OPT_INIT:
			o->init = true;
			break;
		case OPT_ENDSETUP:
			o->endsetup = true;
			break;
		case OPT_CHROOT:
			o->chroot = optarg;
			break;
		case 'h':
			usage();
		case 'V':
			vu_print_version();
		default:
			vu_try_help();
		}
	}
	/* Checked after the loop: the spectator is a valid target only for
	 * --migrate, which may come after --xid. */
	if (xid_arg) {
		o->have_xid = true;
		o->xid = vu_xid_or_die(xid_arg, "--xid",
				       o->mode == MODE_MIGRATE ?
				       VX_ID_SPECTATOR : VX_ID_MIN);
	}
	o->command = argv + optind;
}

static void check_args(const struct options *o)
{
	if (o->mode == MODE_NONE) {
		warnx("one of --create or --migrate is required");
		vu_try_help();
	}
	if (!o->have_xid && o->mode == MODE_CREATE)
		errx(EXIT_FAILURE, "dynamic context ids are not supported: "
		     "the kernel has none; use --xid");
	if (!o->have_xid)
		errx(EXIT_FAILURE, "%s needs --xid", o->mode_opt);
	if (o->mode == MODE_MIGRATE && o->have_flags)
		errx(EXIT_FAILURE, "--flag is only valid with --create");
	if (o->mode == MODE_MIGRATE && o->silentexist)
		errx(EXIT_FAILURE, "--silentexist is only valid with --create");
	if (o->xid == VX_ID_SPECTATOR && (o->init || o->endsetup))
		errx(EXIT_FAILURE, "the spectator context has no init and no setup");
	if (o->command[0] == NULL) {
		warnx("no command given");
		vu_try_help();
	}
}

static void create_context(const struct options *o)
{
	uint64_t flags = vc_flags_apply(VXF_INIT_SET, &o->flags);

	if (vc_ctx_create(o->xid, flags) < 0) {
		/* EBUSY: exists and still in setup; EEXIST: exists. */
		if (o->silentexist && (errno == EEXIST || errno == EBUSY))
			exit(EXIT_CTX_EXISTS);
		vu_err_vc("cannot create context %u", (unsigned int)o->xid);
	}
	if (!o->silent)
		fprintf(stderr, "New security context is %u\n",
			(unsigned int)o->xid);
}

static void migrate_context(const struct options *o)
{
	uint64_t flags = o->init ? VXM_SET_INIT | VXM_SET_REAPER : 0;

	if (vc_ctx_migrate(o->xid, flags) < 0)
		vu_err_vc("cannot enter context %u", (unsigned int)o->xid);
}

/*
 * From inside, while the context is in setup: clearing STATE_INIT makes
 * the caller the init, clearing STATE_SETUP ends the setup.  Done last,
 * since afterwards nothing inside may change the context.
 */
static void finish_setup(const struct options *o)
{
	uint64_t mask = 0;

	if (o->init && o->mode == MODE_CREATE)
		mask |= VXF_STATE_INIT;
	if (o->endsetup)
		mask |= VXF_STATE_SETUP;
	if (mask && vc_set_cflags(o->xid, 0, mask) < 0)
		vu_err_vc("cannot %s of context %u",
			  o->endsetup ? "end the setup" : "become the init",
			  (unsigned int)o->xid);
}

/*
 * The fake init (flag fakeinit, VXF_INFO_INIT): the command runs as pid 1
 * of a new PID namespace, so that it is pid 1 inside the guest, reaps the
 * guest's orphans and is spared by kill(-1).  This process stays behind
 * it, in the context, and exits with its status.
 */
static void start_fake_init(struct options *o)
{
	pid_t pid;

	if (unshare(CLONE_NEWPID) < 0)
		err(EXIT_FAILURE, "cannot start a PID namespace for the fake "
		    "init of context %u", (unsigned int)o->xid);
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		err(EXIT_FAILURE, "cannot fork the fake init");
	if (pid > 0)
		exit(vu_wait_child(pid));
	o->init = true;
}

/*
 * An init starts as the kernel starts one: every signal at its default
 * and none blocked.  Ignored signals survive exec, and whoever started
 * vcontext in the background (a script's "&" ignores SIGINT and SIGQUIT)
 * would otherwise leave the init unable to catch the signal that asks
 * it to shut down.
 */
static void reset_signals(void)
{
	sigset_t none;
	int sig;

	for (sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/*
 * Into the guest's root before entering the context: once inside, this
 * process is the guest's to reach as soon as it executes, and a chroot
 * program executed then would still run from the host's root.
 */
static void change_root(const char *dir)
{
	if (chroot(dir) < 0)
		err(EXIT_FAILURE, "cannot change the root directory to %s", dir);
	if (chdir("/") < 0)
		err(EXIT_FAILURE, "cannot change directory to / in %s", dir);
}

int main(int argc, char **argv)
{
	struct options opts = { .mode = MODE_NONE };

	vu_close_stdout();
	parse_args(argc, argv, &opts);
	check_args(&opts);
	if (opts.chroot)
		change_root(opts.chroot);

	if (opts.mode == MODE_CREATE) {
		create_context(&opts);
		if (vc_flags_apply(VXF_INIT_SET, &opts.flags) & VXF_INFO_INIT)
			start_fake_init(&opts);
	} else {
		migrate_context(&opts);
	}
	finish_setup(&opts);
	if (opts.init)
		reset_signals();

	vu_exec(opts.command);
}
