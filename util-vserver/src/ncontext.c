// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ncontext - create a network context or enter an existing one, then
 * execute a command in it.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

#include "libvserver.h"
#include "tool.h"

/* --silentexist: the network context exists already (as vcontext). */
#define EXIT_NX_EXISTS 254

enum mode { MODE_NONE, MODE_CREATE, MODE_MIGRATE };

struct options {
	int mode;		/* enum mode */
	const char *mode_opt;	/* spelling used, for messages */
	bool have_nid;
	vc_nid_t nid;
	bool have_flags;
	struct vc_flag_change flags;
	bool silent;
	bool silentexist;
	bool disconnect;
	char **command;
};

VU_NORETURN static void usage(void)
{
	const char *p = program_invocation_short_name;

	printf("Usage:\n"
	       " %s --create [--nid <nid>] [options] [--] <command> [<arg>...]\n"
	       " %s --migrate --nid <nid> [options] [--] <command> [<arg>...]\n"
	       "\n"
	       "Create a network context or enter an existing one, then run a command in it.\n"
	       "\n"
	       "Options:\n"
	       "     --create            create a network context and enter it\n"
	       "     --migrate           enter the existing network context <nid>\n"
	       "     --migrate-self      same as --migrate (needs --nid)\n"
	       "     --nid <nid>         network context id, 2..65535; with --create and\n"
	       "                           no --nid, the lowest free id from 49152\n"
	       "     --flag <list>       with --create: comma-separated network flags;\n"
	       "                           a leading ~ clears a flag that is set by default\n"
	       "     --silent            do not report the new network context on stderr\n"
	       "     --silentexist       with --create: exit 254 quietly if <nid> exists\n"
	       "     --disconnect        run the command in the background, in a new session\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "\n"
	       "Exit status: that of <command>; else 1 failure, 3 kernel lacks vserver\n"
	       "or network context support, 126 command not executable, 127 command\n"
	       "not found, 254 network context exists (--silentexist); 0 at once with\n"
	       "--disconnect.\n"
	       "\n"
	       "See ncontext(8) for the flag names.\n", p, p);
	exit(EXIT_SUCCESS);
}

static void parse_args(int argc, char **argv, struct options *o)
{
	enum {
		OPT_CREATE = 0x100, OPT_MIGRATE, OPT_MIGRATE_SELF, OPT_NID,
		OPT_FLAG, OPT_SILENT, OPT_SILENTEXIST, OPT_DISCONNECT,
	};
	static const struct option longopts[] = {
		{ "create",       no_argument,       NULL, OPT_CREATE },
		{ "migrate",      no_argument,       NULL, OPT_MIGRATE },
		{ "migrate-self", no_argument,       NULL, OPT_MIGRATE_SELF },
		{ "nid",          required_argument, NULL, OPT_NID },
		{ "flag",         required_argument, NULL, OPT_FLAG },
		{ "silent",       no_argument,       NULL, OPT_SILENT },
		{ "silentexist",  no_argument,       NULL, OPT_SILENTEXIST },
		{ "disconnect",   no_argument,       NULL, OPT_DISCONNECT },
		{ "help",         no_argument,       NULL, 'h' },
		{ "version",      no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	/* "+": stop at the command so its own options are left alone. */
	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_CREATE:
			vu_set_mode(&o->mode, &o->mode_opt,
				    MODE_CREATE, "--create");
			break;
		case OPT_MIGRATE:
			vu_set_mode(&o->mode, &o->mode_opt,
				    MODE_MIGRATE, "--migrate");
			break;
		case OPT_MIGRATE_SELF:
			vu_set_mode(&o->mode, &o->mode_opt,
				    MODE_MIGRATE, "--migrate-self");
			break;
		case OPT_NID:
			o->nid = vu_nid_or_die(optarg, "--nid", false);
			o->have_nid = true;
			break;
		case OPT_FLAG:
			vu_bits_or_die(&vc_nflags, optarg, "--flag", &o->flags);
			o->have_flags = true;
			break;
		case OPT_SILENT:
			o->silent = true;
			break;
		case OPT_SILENTEXIST:
			o->silentexist = true;
			break;
		case OPT_DISCONNECT:
			o->disconnect = true;
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

static void check_args(const struct options *o)
{
	if (o->mode == MODE_NONE) {
		warnx("one of --create or --migrate is required");
		vu_try_help();
	}
	if (o->mode == MODE_MIGRATE && !o->have_nid)
		errx(EXIT_FAILURE, "%s needs --nid", o->mode_opt);
	if (o->mode == MODE_MIGRATE && o->have_flags)
		errx(EXIT_FAILURE, "--flag is only valid with --create");
	if (o->mode == MODE_MIGRATE && o->silentexist)
		errx(EXIT_FAILURE, "--silentexist is only valid with --create");
	if (o->silentexist && !o->have_nid)
		errx(EXIT_FAILURE, "--silentexist needs --nid: a picked id is "
		     "always new");
	if (o->command[0] == NULL) {
		warnx("no command given");
		vu_try_help();
	}
}

static vc_nid_t create_context(const struct options *o)
{
	uint64_t flags = vc_flags_apply(VC_NXF_CREATE, &o->flags);
	vc_nid_t nid = o->nid;

	if (!o->have_nid) {
		if (vc_net_create_dynamic(flags, &nid) < 0) {
			if (errno == EEXIST)
				errx(EXIT_FAILURE, "cannot create a network "
				     "context: every id from %u to %u is taken",
				     (unsigned int)VC_NID_DYNAMIC_MIN,
				     (unsigned int)NX_ID_MAX);
			vu_err_net("cannot create a network context");
		}
	} else if (vc_net_create(nid, flags) < 0) {
		if (o->silentexist && errno == EEXIST)
			exit(EXIT_NX_EXISTS);
		vu_err_net("cannot create network context %u", (unsigned int)nid);
	}
	if (!o->silent)
		fprintf(stderr, "New network context is %u\n", (unsigned int)nid);
	return nid;
}

static void migrate_context(const struct options *o)
{
	if (vc_net_migrate(o->nid) == 0)
		return;
	/* Migrating, EACCES has two causes: say both. */
	if (errno == EACCES)
		errx(EXIT_FAILURE, "cannot enter network context %u: it accepts "
		     "no more tasks (state_admin is cleared, or it is private "
		     "and out of setup)", (unsigned int)o->nid);
	vu_err_net("cannot enter network context %u", (unsigned int)o->nid);
}

/* The caller gets its status back at once; the command runs on alone. */
static void disconnect(void)
{
	pid_t pid = fork();

	if (pid < 0)
		err(EXIT_FAILURE, "cannot fork");
	if (pid > 0)
		exit(EXIT_SUCCESS);
	if (setsid() < 0)
		err(EXIT_FAILURE, "cannot start a new session");
}

int main(int argc, char **argv)
{
	struct options opts = { .mode = MODE_NONE };

	vu_close_stdout();
	parse_args(argc, argv, &opts);
	check_args(&opts);

	if (opts.mode == MODE_CREATE)
		create_context(&opts);
	else
		migrate_context(&opts);
	if (opts.disconnect)
		disconnect();

	vu_exec(opts.command);
}
