// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lsxid - show the tags of files and directories (the context each
 * belongs to, its project id), one line per file, as lsattr(1) shows the
 * ext2 attributes.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <fts.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "libvserver.h"
#include "tool.h"

struct options {
	bool recursive;
	bool directory;		/* a directory given, not its entries */
	bool all;		/* also the entries whose name starts with '.' */
	bool xdev;
	bool names;		/* a guest's name for its context id */
	bool numeric;		/* -n given, for the conflict with --names */
	char **files;
};

/* What a walk shows with. */
struct lister {
	const struct options *o;
	struct vc_guests guests;	/* with --names */
	dev_t dev;			/* the operand's file system, for -x */
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

	while ((c = getopt_long(argc, argv, "+RdaxnhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'R':
			o->recursive = true;
			break;
		case 'd':
			o->directory = true;
			break;
		case 'a':
			o->all = true;
			break;
		case 'x':
			o->xdev = true;
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
	if (o->xdev && !o->recursive) {
		warnx("-x applies to -R only");
		vu_try_help();
	}
}

static void print_line(const char *tag, bool inherit, const char *path)
{
	printf("%5s %c %s\n", tag, inherit ? 'P' : '-', path);
}

/* One line, or a warning; 0 or -1. */
static int show(const struct lister *l, const FTSENT *ent)
{
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
	if (l->o->names && tag.xid >= VX_ID_MIN)
		name = vc_guests_name(&l->guests, tag.xid);
	if (name == NULL) {
		snprintf(number, sizeof(number), "%u", (unsigned int)tag.xid);
		name = number;
	}
	print_line(name, tag.inherit, ent->fts_path);
	return 0;
}

/* fts visits a directory's entries by name: the same order every run. */
static int by_name(const FTSENT **a, const FTSENT **b)
{
	return strcmp((*a)->fts_name, (*b)->fts_name);
}

/* One operand: 0, or -1 if something could not be shown. */
static int show_operand(struct lister *l, char *path)
{
	const struct options *o = l->o;
	char *paths[] = { path, NULL };
	int status = 0;
	FTSENT *ent;
	FTS *fts;

	/* One fts per operand: it would sort the operands too. */
	fts = fts_open(paths, FTS_PHYSICAL, by_name);
	if (fts == NULL) {
		warn("cannot access %s", path);
		return -1;
	}
	/* fts_read returns NULL at the end, and on an error with errno set. */
	while (errno = 0, (ent = fts_read(fts)) != NULL) {
		bool top = ent->fts_level == FTS_ROOTLEVEL;

		switch (ent->fts_info) {
		case FTS_DP:
		case FTS_DC:
			continue;
		case FTS_NS:
		case FTS_ERR:
			errno = ent->fts_errno;
			warn("cannot access %s", ent->fts_path);
			status = -1;
			continue;
		case FTS_DNR:	/* after its FTS_D visit */
			errno = ent->fts_errno;
			warn("cannot read directory %s", ent->fts_path);
			status = -1;
			continue;
		default:
			break;
		}
		if (top) {
			l->dev = ent->fts_statp->st_dev;
		} else if (o->xdev && ent->fts_statp->st_dev != l->dev) {
			fts_set(fts, ent, FTS_SKIP);
			continue;
		}
		if (!top && !o->all && ent->fts_name[0] == '.') {
			fts_set(fts, ent, FTS_SKIP);
			continue;
		}
		/*
		 * A directory given is listed (unless -d); below it, -R
		 * lists the directories too.
		 */
		if (ent->fts_info == FTS_D &&
		    !(top ? !o->directory || o->recursive : o->recursive))
			fts_set(fts, ent, FTS_SKIP);
		if (top && ent->fts_info == FTS_D && !o->directory)
			continue;
		if (show(l, ent) < 0)
			status = -1;
	}
	if (errno != 0)
		err(EXIT_FAILURE, "cannot walk %s", path);
	fts_close(fts);
	return status;
}

int main(int argc, char **argv)
{
	struct options opts = { .recursive = false };
	struct lister l = { .o = &opts };
	int status = EXIT_SUCCESS;
	char **f;

	vu_close_stdout();
	parse_args(argc, argv, &opts);
	if (opts.names && vc_guests_load(&l.guests) < 0)
		err(EXIT_FAILURE, "cannot read the guests in %s", vc_confdir());
	for (f = opts.files; *f; f++)
		if (show_operand(&l, *f) < 0)
			status = EXIT_FAILURE;
	vc_guests_free(&l.guests);
	return status;
}
