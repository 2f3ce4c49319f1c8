// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vtag - give this process a file tag, then execute a command with it.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "libvserver.h"
#include "tool.h"

enum mode { MODE_NONE, MODE_CREATE, MODE_MIGRATE };

struct options {
	int mode;		/* enum mode */
	const char *mode_opt;	/* spelling used, for messages */
	const char *tag_arg;	/* checked once the mode is known */
	vc_xid_t tag;
	bool silent;
	bool silentexist;
	char **command;
};

VU_NORETURN static void usage(void)
{
	const char *p = program_invocation_short_name;

	printf("Usage:\n"
	       " %s --migrate --tag <tag> [--silent] [--] <command> [<arg>...]\n"
	       " %s --create --tag <tag> [--silent] [--silentexist] [--] <command> [<arg>...]\n"
	       "\n"
	       "Give this process a file tag, then run a command with it: the command\n"
	       "reaches only the files with that tag and untagged ones, and the files it\n"
	       "creates get the tag.\n"
	       "\n"
	       "Options:\n"
	       "     --migrate           take the tag <tag>; with tag 0, take none\n"
	       "     --create            the same (a tag needs no creation); report it\n"
	       "     --tag <tag>         the tag: 2..65535 or a guest's name (its context\n"
	       "                           id); 0 with --migrate\n"
	       "     --silent            do not report the tag (only --create does)\n"
	       "     --silentexist       with --create: accepted for compatibility\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "\n"
	       "Exit status: that of <command>; else 1 failure, 3 kernel lacks vserver\n"
	       "or tag support, 126 command not executable, 127 command not found.\n"
	       "\n"
	       "See vtag(8).\n", p, p);
	exit(EXIT_SUCCESS);
}

static void parse_args(int argc, char **argv, struct options *o)
{
	enum {
		OPT_CREATE = 0x100, OPT_MIGRATE, OPT_TAG, OPT_SILENT,
		OPT_SILENTEXIST,
	};
	static const struct option longopts[] = {
		{ "create",      no_argument,       NULL, OPT_CREATE },
		{ "migrate",     no_argument,       NULL, OPT_MIGRATE },
		{ "tag",         required_argument, NULL, OPT_TAG },
		{ "silent",      no_argument,       NULL, OPT_SILENT },
		{ "silentexist", no_argument,       NULL, OPT_SILENTEXIST },
		{ "help",        no_argument,       NULL, 'h' },
		{ "version",     no_argument,       NULL, 'V' },
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
		case OPT_TAG:
			o->tag_arg = optarg;
			break;
		case OPT_SILENT:
			o->silent = true;
			break;
		case OPT_SILENTEXIST:
			o->silentexist = true;
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

/*
 * Tag 0 is no tag: only --migrate may ask for it.  Tag 1 would be the
 * spectator's, which owns no files.
 */
static vc_xid_t parse_tag(const char *arg, enum mode mode)
{
	vc_xid_t tag;

	if (mode == MODE_CREATE)
		return vu_tag_or_die(arg, "--tag", VX_ID_MIN);
	tag = vu_tag_or_die(arg, "--tag", VX_ID_HOST);
	if (tag == VX_ID_SPECTATOR)
		errx(EXIT_FAILURE, "invalid --tag argument '%s': 1 is the "
		     "spectator context, which owns no files: expected 0 (no "
		     "tag), a tag from %u to %u, or a guest's name", arg,
		     (unsigned int)VX_ID_MIN, (unsigned int)VX_ID_MAX);
	return tag;
}

static void check_args(struct options *o)
{
	if (o->mode == MODE_NONE) {
		warnx("one of --create or --migrate is required");
		vu_try_help();
	}
	if (o->tag_arg == NULL)
		errx(EXIT_FAILURE, "%s needs --tag", o->mode_opt);
	if (o->mode == MODE_MIGRATE && o->silentexist)
		errx(EXIT_FAILURE, "--silentexist is only valid with --create");
	if (o->command[0] == NULL) {
		warnx("no command given");
		vu_try_help();
	}
	o->tag = parse_tag(o->tag_arg, o->mode);
}

static void migrate_tag(const struct options *o)
{
	if (vc_tag_migrate(o->tag) == 0)
		return;
	if (errno == EPERM)
		errx(EXIT_FAILURE, "cannot set the tag of this process to %u: "
		     "%s (only root in the host context may)",
		     (unsigned int)o->tag, strerror(EPERM));
	vu_err_feature("file tag support", "cannot set the tag of this "
		       "process to %u", (unsigned int)o->tag);
}

int main(int argc, char **argv)
{
	struct options opts = { .mode = MODE_NONE };

	vu_close_stdout();
	parse_args(argc, argv, &opts);
	check_args(&opts);

	migrate_tag(&opts);
	if (opts.mode == MODE_CREATE && !opts.silent)
		fprintf(stderr, "New tag context is %u\n",
			(unsigned int)opts.tag);

	vu_exec(opts.command);
}
