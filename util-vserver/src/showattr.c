// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * showattr - show the Linux-VServer attributes of files and directories,
 * one line per file, as lsattr(1) shows the ext2 ones.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <fts.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "libvserver.h"
#include "tool.h"

/* The columns: a letter when the bit is set, '-' when not. */
static const struct {
	uint32_t bit;
	char letter;
} columns[] = {
	{ IATTR_BARRIER,   'B' },
	{ IATTR_IXUNLINK,  'U' },
	{ IATTR_IMMUTABLE, 'I' },
};
#define N_COLUMNS (sizeof(columns) / sizeof(columns[0]))

struct options {
	bool recursive;
	bool directory;		/* a directory given, not its entries */
	bool all;		/* also the entries whose name starts with '.' */
	char **files;
};

VU_NORETURN static void usage(void)
{
	printf("Usage:\n"
	       " %s [options] [--] [<file>...]\n"
	       "\n"
	       "Show the Linux-VServer attributes of files: for a directory, those of\n"
	       "its entries; with no file, those of the entries of the current\n"
	       "directory.\n"
	       "\n"
	       "Options:\n"
	       " -R, --recursive         also the entries of the directories below\n"
	       " -d, --directory         a directory itself, not its entries\n"
	       " -a, --all               also the entries whose name starts with '.'\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "\n"
	       "Each line is the attributes, then the file:\n"
	       "  B  barrier: no task of a guest passes this directory\n"
	       "  U  ixunlink: the immutable file can be unlinked, renamed and linked\n"
	       "  I  immutable: the file cannot be changed (with U: unified)\n"
	       "  -  not set\n"
	       "\n"
	       "Exit status: 0 success, 1 failure (a bad option, or a file whose\n"
	       "attributes cannot be read), 3 kernel lacks vserver support or inode\n"
	       "attribute support.\n"
	       "\n"
	       "See showattr(8).\n",
	       program_invocation_short_name);
	exit(EXIT_SUCCESS);
}

static void parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "recursive", no_argument, NULL, 'R' },
		{ "directory", no_argument, NULL, 'd' },
		{ "all",       no_argument, NULL, 'a' },
		{ "help",      no_argument, NULL, 'h' },
		{ "version",   no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static char *here[] = { ".", NULL };
	int c;

	while ((c = getopt_long(argc, argv, "+RdahV", longopts, NULL)) != -1) {
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
		case 'h':
			usage();
		case 'V':
			vu_print_version();
		default:
			vu_try_help();
		}
	}
	o->files = argv[optind] ? argv + optind : here;
}

/* One line, or a warning; 0 or -1. */
static int show(const FTSENT *ent)
{
	char letters[N_COLUMNS + 1];
	uint32_t flags;
	size_t i;

	if (vc_get_iattr(ent->fts_accpath, NULL, &flags, NULL) < 0) {
		if (errno == ENOSYS || errno == EOPNOTSUPP)
			vu_err_feature("inode attribute support",
				       "cannot read the attributes of %s",
				       ent->fts_path);
		warn("cannot read the attributes of %s", ent->fts_path);
		return -1;
	}
	for (i = 0; i < N_COLUMNS; i++)
		letters[i] = flags & columns[i].bit ? columns[i].letter : '-';
	letters[N_COLUMNS] = '\0';
	printf("%s %s\n", letters, ent->fts_path);
	return 0;
}

/* fts visits a directory's entries by name: the same order every run. */
static int by_name(const FTSENT **a, const FTSENT **b)
{
	return strcmp((*a)->fts_name, (*b)->fts_name);
}

/* One operand: 0, or -1 if something could not be shown. */
static int show_operand(const struct options *o, char *path)
{
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
		if (show(ent) < 0)
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
	int status = EXIT_SUCCESS;
	char **f;

	vu_close_stdout();
	parse_args(argc, argv, &opts);
	for (f = opts.files; *f; f++)
		if (show_operand(&opts, *f) < 0)
			status = EXIT_FAILURE;
	return status;
}
