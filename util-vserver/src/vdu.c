// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vdu - the disk space, or the number of inodes, that the files of one
 * context take in some directories: du(1) that counts only the files
 * tagged with the context id, and an inode with several hard links once.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <search.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "libvserver.h"
#include "tool.h"
#include "walk.h"

struct options {
	vc_xid_t xid;
	bool inodes;		/* count inodes, not space */
	unsigned long blocksize;
	bool script;
	char **dirs;
};

/* An inode with several links, counted (or not) once for the run. */
struct seen {
	dev_t dev;
	ino_t ino;
};

struct counter {
	const struct options *o;
	void *seen;		/* tsearch(3) tree of struct seen */
	unsigned long long bytes;
	unsigned long long inodes;
	bool found;		/* the directory is there (it may count nothing) */
};

VU_NORETURN static void usage(void)
{
	printf("Usage:\n"
	       " %s --xid <xid>|<name> [--space [--blocksize <bytes>]|--inodes]\n"
	       "        [--script] [--] <dir>...\n"
	       "\n"
	       "Show the disk space (or the inodes) that the files of one context take\n"
	       "in each directory: those tagged with its context id, an inode with\n"
	       "several hard links once, on the file system of the directory only.\n"
	       "\n"
	       "Options:\n"
	       "     --xid <xid>|<name>  the tag to count: 0 (no context) to 65535, or a\n"
	       "                           guest's name for its context id\n"
	       "     --space             count the space the files take (the default)\n"
	       "     --blocksize <bytes> in units of this many bytes, rounded up (default\n"
	       "                           1024)\n"
	       "     --inodes            count the inodes instead\n"
	       "     --script            print only the number, one line per directory\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "\n"
	       "Each line is the number, a tab, then the directory.  Only regular files\n"
	       "and directories are counted: the tags of symbolic links, devices, FIFOs\n"
	       "and sockets cannot be read.\n"
	       "\n"
	       "Exit status: 0 success, 1 failure (a bad option, or a file whose tag\n"
	       "cannot be read: the numbers shown leave it out).\n"
	       "\n"
	       "See vdu(8).\n",
	       program_invocation_short_name);
	exit(EXIT_SUCCESS);
}

static void parse_args(int argc, char **argv, struct options *o)
{
	enum { OPT_XID = 0x100, OPT_SPACE, OPT_INODES, OPT_BLOCKSIZE,
	       OPT_SCRIPT };
	static const struct option longopts[] = {
		{ "xid",       required_argument, NULL, OPT_XID },
		{ "space",     no_argument,       NULL, OPT_SPACE },
		{ "inodes",    no_argument,       NULL, OPT_INODES },
		{ "blocksize", required_argument, NULL, OPT_BLOCKSIZE },
		{ "script",    no_argument,       NULL, OPT_SCRIPT },
		{ "help",      no_argument,       NULL, 'h' },
		{ "version",   no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *xid = NULL, *blocksize = NULL;
	bool space = false;
	int c;

	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_XID:
			xid = optarg;
			break;
		case OPT_SPACE:
			space = true;
			break;
		case OPT_INODES:
			o->inodes = true;
			break;
		case OPT_BLOCKSIZE:
			blocksize = optarg;
			break;
		case OPT_SCRIPT:
			o->script = true;
			break;
		case 'h':
			usage();
		case 'V':
			vu_print_version();
		default:
			vu_try_help();
		}
	}
	o->dirs = argv + optind;

	if (xid == NULL) {
		warnx("no context given: use --xid");
		vu_try_help();
	}
	if (space && o->inodes) {
		warnx("--space and --inodes exclude each other");
		vu_try_help();
	}
	if (blocksize && o->inodes) {
		warnx("--blocksize applies to --space only");
		vu_try_help();
	}
	if (o->dirs[0] == NULL) {
		warnx("no directory given");
		vu_try_help();
	}
	o->blocksize = blocksize ? vu_uint_or_die(blocksize, "--blocksize", 1,
						   1UL << 30) : 1024;
	/* Last: a guest name is looked up only for a valid command line. */
	o->xid = vu_tag_or_die(xid, "--xid", VX_ID_HOST);
}

static int seen_cmp(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return 0;
}

/*
 * 1 if the inode of st was met before in this run; 0 if not, and it is
 * remembered.  Only for a file with several links: the others cannot be
 * met twice.
 */
static int seen_before(struct counter *c, const struct stat *st)
{
	struct seen key = { .dev = st->st_dev, .ino = st->st_ino };
	struct seen *new, **found;

	if (tfind(&key, &c->seen, seen_cmp) != NULL)
		return 1;
	new = malloc(sizeof(*new));
	if (new == NULL)
		err(EXIT_FAILURE, "cannot remember a hard-linked file");
	*new = key;
	found = tsearch(new, &c->seen, seen_cmp);
	if (found == NULL)
		err(EXIT_FAILURE, "cannot remember a hard-linked file");
	return 0;
}

/* Count one regular file or directory if it has the tag. */
static int count(const struct vu_walk *w, const FTSENT *ent)
{
	const struct stat *st = ent->fts_statp;
	struct counter *c = w->data;
	struct vc_tag tag;
	int fd;

	if (ent->fts_level == FTS_ROOTLEVEL)
		c->found = true;	/* given, it may count for nothing */
	if (ent->fts_info != FTS_D && ent->fts_info != FTS_F)
		return 0;	/* no tag to read */
	if (ent->fts_info == FTS_F && st->st_nlink > 1 && seen_before(c, st))
		return 0;
	fd = vu_open_walked(ent->fts_accpath, st);
	if (fd < 0) {
		warn("cannot open %s", ent->fts_path);
		return -1;
	}
	if (vc_fget_tag(fd, &tag) < 0) {
		int unsupported = vc_tag_unsupported(errno);

		vu_warn_tag("read", ent->fts_path);
		close(fd);
		/* Then no file there has one: no number to show. */
		if (unsupported)
			exit(EXIT_FAILURE);
		return -1;
	}
	close(fd);
	if (tag.xid != c->o->xid)
		return 0;
	c->bytes += (unsigned long long)st->st_blocks * 512;
	c->inodes++;
	return 0;
}

int main(int argc, char **argv)
{
	struct options opts = { .xid = 0 };
	struct counter c = { .o = &opts };
	/* Each directory on its own file system only. */
	struct vu_walk w = { .recursive = true, .xdev = true, .visit = count,
			     .data = &c };
	unsigned long long n;
	char **d;

	vu_close_stdout();
	parse_args(argc, argv, &opts);

	/* One count per directory; a hard-linked inode once in the run. */
	for (d = opts.dirs; *d; d++) {
		c.bytes = 0;
		c.inodes = 0;
		c.found = false;
		if (vu_walk(&w, *d) < 0)
			exit(EXIT_FAILURE);
		if (!c.found)
			continue;
		n = opts.inodes ? c.inodes :
		    c.bytes / opts.blocksize + (c.bytes % opts.blocksize != 0);
		if (opts.script)
			printf("%llu\n", n);
		else
			printf("%llu\t%s\n", n, *d);
	}
	return w.status;
}
