// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lsxid - show the tags of files and directories (the context each
 * belongs to, its project id), one line per file, as lsattr(1) shows the
 * ext2 attributes.
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
#include "walk.h"

struct options {
	struct vu_walk walk;	/* -R, -d, -a, -x */
	bool names;		/* a guest's name for its context id */
	bool numeric;		/* -n given, for the conflict with --names */
	struct vc_guests guests;	/* with --names */
	char **files;
};

VU_NORETURN static void usage(void)
{
	printf("Usage:\n"
	       " %s [options] [--] [<file>...]\n"
	       "\n"
	       "Show the tags of files (the context each belongs to): for a directory,\n"
	       "those of its entries; with no file, those of the entries of the\n"
	       "current directory.\n"
	       "\n"
	       "Options:\n"
	       " -R, --recursive         also the entries of the directories below\n"
	       " -d, --directory         a directory itself, not its entries\n"
	       " -a, --all               also the entries whose name starts with '.'\n"
	       " -x, --one-file-system   with -R, leave out the files on other file\n"
	       "                           systems\n"
	       " -n, --numeric           show tags as numbers (the default)\n"
	       "     --names             show a guest's name for its context id\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "\n"
	       "Each line is the tag (0: no context; -: a file of a type that takes no\n"
	       "tag, such as a symbolic link), P if a directory passes its tag on to\n"
	       "the files made in it (else -), then the file.\n"
	       "\n"
	       "Exit status: 0 success, 1 failure (a bad option, or a file whose tag\n"
	       "cannot be read).\n"
	       "\n"
	       "See lsxid(8).\n",
	       program_invocation_short_name);
	exit(EXIT_SUCCESS);
}

static void parse_args(int argc, char **argv, struct options *o)
{
	enum { OPT_NAMES = 0x100 };
	static const struct option longopts[] = {
		{ "recursive",       no_argument, NULL, 'R' },
		{ "directory",       no_argument, NULL, 'd' },
		{ "all",             no_argument, NULL, 'a' },
		{ "one-file-system", no_argument, NULL, 'x' },
		{ "numeric",         no_argument, NULL, 'n' },
		{ "names",           no_argument, NULL, OPT_NAMES },
		{ "help",            no_argument, NULL, 'h' },
		{ "version",         no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static char *here[] = { ".", NULL };
	int c;

	/* A directory stands for its entries, as with ls; not the hidden. */
	o->walk.entries = true;
	o->walk.skip_hidden = true;
	while ((c = getopt_long(argc, argv, "+RdaxnhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'R':
			o->walk.recursive = true;
			break;
		case 'd':
			o->walk.entries = false;
			break;
		case 'a':
			o->walk.skip_hidden = false;
			break;
		case 'x':
			o->walk.xdev = true;
			break;
		case 'n':
			o->numeric = true;
			break;
		case OPT_NAMES:
			o->names = true;
			break;
		case 'h':
			usage();
		case 'V':
			vu_print_version();
		default:
			vu_try_help();
		}
	}
	o->files = argv[optind] ? argv + optind : here;

	if (o->numeric && o->names) {
		warnx("-n and --names exclude each other");
		vu_try_help();
	}
	vu_walk_check_options(&o->walk);
}

static void print_line(const char *tag, bool inherit, const char *path)
{
	printf("%5s %c %s\n", tag, inherit ? 'P' : '-', path);
}

/* One line, or a warning; 0 or -1. */
static int show(const struct vu_walk *w, const FTSENT *ent)
{
	const struct options *o = w->data;
	const char *name = NULL;
	struct vc_tag tag;
	char number[16];
	int fd;

	/* The ioctls need a descriptor, which these cannot give safely. */
	if (ent->fts_info != FTS_F && ent->fts_info != FTS_D) {
		print_line("-", false, ent->fts_path);
		return 0;
	}
	fd = vu_open_walked(ent->fts_accpath, ent->fts_statp);
	if (fd < 0) {
		warn("cannot open %s", ent->fts_path);
		return -1;
	}
	if (vc_fget_tag(fd, &tag) < 0) {
		vu_warn_tag("read", ent->fts_path);
		close(fd);
		return -1;
	}
	close(fd);
	if (o->names && tag.xid >= VX_ID_MIN)
		name = vc_guests_name(&o->guests, tag.xid);
	if (name == NULL) {
		snprintf(number, sizeof(number), "%u", (unsigned int)tag.xid);
		name = number;
	}
	print_line(name, tag.inherit, ent->fts_path);
	return 0;
}

int main(int argc, char **argv)
{
	struct options opts = { .walk.visit = show };
	int status;

	vu_close_stdout();
	parse_args(argc, argv, &opts);
	opts.walk.data = &opts;
	if (opts.names && vc_guests_load(&opts.guests) < 0)
		err(EXIT_FAILURE, "cannot read the guests in %s", vc_confdir());
	status = vu_walk_all(&opts.walk, opts.files);
	vc_guests_free(&opts.guests);
	return status;
}
