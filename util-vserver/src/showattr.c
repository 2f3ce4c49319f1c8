// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * showattr - show the Linux-VServer attributes of files and directories,
 * one line per file, as lsattr(1) shows the ext2 ones.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>

#include "libvserver.h"
#include "tool.h"
#include "walk.h"

/* The columns: a letter when the bit is set, '-' when not. */
struct column {
	uint32_t bit;
	char letter;
};

static const struct column columns[] = {
	{ IATTR_BARRIER,   'B' },
	{ IATTR_IXUNLINK,  'U' },
	{ IATTR_IMMUTABLE, 'I' },
	{ IATTR_COW,       'C' },
};
#define N_COLUMNS (sizeof(columns) / sizeof(columns[0]))

/*
 * The entries of /proc have none of those, but their own: the kernel's
 * mask says which a file can have.  They have no fourth.
 */
#define PROC_BITS (IATTR_HIDE | IATTR_ADMIN | IATTR_WATCH)
static const struct column proc_columns[N_COLUMNS] = {
	{ IATTR_HIDE,  'H' },
	{ IATTR_ADMIN, 'A' },
	{ IATTR_WATCH, 'W' },
	{ 0,           '-' },
};

struct options {
	struct vu_walk walk;	/* -R, -d, -a */
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
	       "  C  cow: a guest that changes the unified file gets a copy of its own\n"
	       "and for the entries of /proc:\n"
	       "  H  hide: the guests do not see it\n"
	       "  A  admin: the host sees it even hidden\n"
	       "  W  watch: the spectator (context 1) sees it even hidden\n"
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

	/* A directory stands for its entries, as with ls; not the hidden. */
	o->walk.entries = true;
	o->walk.skip_hidden = true;
	while ((c = getopt_long(argc, argv, "+RdahV", longopts, NULL)) != -1) {
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
static int show(const struct vu_walk *w, const FTSENT *ent)
{
	char letters[N_COLUMNS + 1];
	const struct column *cols = columns;
	uint32_t flags, mask;
	size_t i;

	(void)w;	/* nothing of the options is needed here */
	if (vc_get_iattr(ent->fts_accpath, NULL, &flags, &mask) < 0) {
		if (errno == ENOSYS || errno == EOPNOTSUPP)
			vu_err_feature("inode attribute support",
				       "cannot read the attributes of %s",
				       ent->fts_path);
		warn("cannot read the attributes of %s", ent->fts_path);
		return -1;
	}
	if (mask & PROC_BITS)
		cols = proc_columns;
	for (i = 0; i < N_COLUMNS; i++)
		letters[i] = flags & cols[i].bit ? cols[i].letter : '-';
	letters[N_COLUMNS] = '\0';
	printf("%s %s\n", letters, ent->fts_path);
	return 0;
}

int main(int argc, char **argv)
{
	struct options opts = { .walk.visit = show };

	vu_close_stdout();
	parse_args(argc, argv, &opts);
	return vu_walk_all(&opts.walk, opts.files);
}
