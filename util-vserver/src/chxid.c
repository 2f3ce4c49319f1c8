// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * chxid - tag files with a context: give regular files and directories a
 * context id as their project id, and have the directories pass it on to
 * the files made in them, so that the file system's project quota counts
 * a guest's files under its context id.
 *
 * Two walks over the same files, as setattr's (vu_walk_check_then_apply):
 * the first opens every file and reads its tag, and changes nothing if
 * one fails; the second sets the tags.  Each file is opened relative to
 * its directory, checked to be the inode the walk found.
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
#include "walk.h"

struct options {
	vc_xid_t xid;
	struct vu_walk walk;	/* -R, -x */
	bool skip_unified;
	bool no_inherit;
	char **files;
};

VU_NORETURN static void usage(void)
{
	printf("Usage:\n"
	       " %s [options] -c <xid>|<name> [--] <file>...\n"
	       "\n"
	       "Tag files with a context: set their project id, under which the file\n"
	       "system's project quota counts them (the disk limit of the context).\n"
	       "\n"
	       "Options:\n"
	       " -c, --ctx, --xid <xid>|<name>\n"
	       "                         the tag: a context id from 0 (no context) to\n"
	       "                           65535, or a guest's name for its context id\n"
	       " -R, --recursive         also the files below each directory given\n"
	       " -x, --one-file-system   with -R, leave alone the files on other file\n"
	       "                           systems\n"
	       " -U, --skip-unified      leave alone the unified files (immutable and\n"
	       "                           ixunlink set), which guests share\n"
	       "     --no-inherit        directories do not pass the tag on to the\n"
	       "                           files made in them\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "\n"
	       "A directory passes its tag on to the files and directories made in it\n"
	       "(FS_XFLAG_PROJINHERIT), unless --no-inherit is given or the tag is 0.\n"
	       "Only regular files and directories take a tag: symbolic links, devices,\n"
	       "FIFOs and sockets are left alone, and links never followed.  Every file\n"
	       "is read before the first change: if one cannot be, nothing changes.\n"
	       "\n"
	       "Exit status: 0 success, 1 failure (a bad option, a file that cannot be\n"
	       "read, or the file system refused a change).\n"
	       "\n"
	       "See chxid(8).\n",
	       program_invocation_short_name);
	exit(EXIT_SUCCESS);
}

static void parse_args(int argc, char **argv, struct options *o)
{
	enum { OPT_NO_INHERIT = 0x100 };
	static const struct option longopts[] = {
		{ "ctx",             required_argument, NULL, 'c' },
		{ "xid",             required_argument, NULL, 'c' },
		{ "recursive",       no_argument,       NULL, 'R' },
		{ "one-file-system", no_argument,       NULL, 'x' },
		{ "skip-unified",    no_argument,       NULL, 'U' },
		{ "no-inherit",      no_argument,       NULL, OPT_NO_INHERIT },
		{ "help",            no_argument,       NULL, 'h' },
		{ "version",         no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *tag = NULL;
	int c;

	while ((c = getopt_long(argc, argv, "+c:RxUhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			tag = optarg;
			break;
		case 'R':
			o->walk.recursive = true;
			break;
		case 'x':
			o->walk.xdev = true;
			break;
		case 'U':
			o->skip_unified = true;
			break;
		case OPT_NO_INHERIT:
			o->no_inherit = true;
			break;
		case 'h':
			usage();
		case 'V':
			vu_print_version();
		default:
			vu_try_help();
		}
	}
	o->files = argv + optind;

	if (tag == NULL) {
		warnx("no tag given: use -c <xid> or -c <guest name>");
		vu_try_help();
	}
	if (o->files[0] == NULL) {
		warnx("no file given");
		vu_try_help();
	}
	vu_walk_check_options(&o->walk);
	/* Last: a guest name is looked up only for a valid command line. */
	o->xid = vu_tag_or_die(tag, "-c", VX_ID_HOST);
}

/* The kernel refused to set the tag of path (errno set): say why, exit. */
VU_NORETURN static void set_failed(const struct options *o, const char *path)
{
	if (errno == EPERM)
		errx(EXIT_FAILURE, "cannot set the tag of %s: %s (it is immutable "
		     "or append-only, or not yours and this needs CAP_FOWNER%s)",
		     path, strerror(EPERM),
		     o->skip_unified ? "" : "; -U leaves unified files alone");
	if (errno == EDQUOT)
		errx(EXIT_FAILURE, "cannot set the tag of %s: %s (context %u is "
		     "at its disk limit: see vdlimit)", path, strerror(EDQUOT),
		     (unsigned int)o->xid);
	vu_warn_tag("set", path);
	exit(EXIT_FAILURE);
}

/* 1 if the regular file open on fd is unified, 0 if not, -1 after a warning. */
static int is_unified(int fd, const char *path)
{
	uint32_t flags;

	if (vc_fget_iattr_xattr(fd, &flags) < 0) {
		warn("cannot read the attributes of %s", path);
		return -1;
	}
	return (flags & VC_IATTR_UNIFIED) == VC_IATTR_UNIFIED;
}

/* Read, or set, the tag of one regular file or directory. */
static int visit(const struct vu_walk *w, const FTSENT *ent)
{
	const struct options *o = w->data;
	struct vc_tag now, want;
	int fd, unified = 0;

	if (ent->fts_info != FTS_D && ent->fts_info != FTS_F)
		return 0;	/* a file of a type that takes no tag */
	fd = vu_open_walked(ent->fts_accpath, ent->fts_statp);
	if (fd < 0) {
		warn("cannot open %s", ent->fts_path);
		return -1;
	}
	if (o->skip_unified && ent->fts_info == FTS_F)
		unified = is_unified(fd, ent->fts_path);
	if (unified != 0) {
		close(fd);
		return unified < 0 ? -1 : 0;	/* failed, or left alone */
	}
	if (vc_fget_tag(fd, &now) < 0) {
		vu_warn_tag("read", ent->fts_path);
		close(fd);
		return -1;
	}
	want.xid = o->xid;
	/* Tag 0 is no context: nothing to pass on. */
	want.inherit = ent->fts_info == FTS_D ? o->xid != 0 && !o->no_inherit
					      : now.inherit;
	if (w->apply && (want.xid != now.xid || want.inherit != now.inherit) &&
	    vc_fset_tag(fd, &want) < 0)
		set_failed(o, ent->fts_path);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	struct options opts = { .walk.visit = visit };

	vu_close_stdout();
	parse_args(argc, argv, &opts);
	opts.walk.data = &opts;
	return vu_walk_check_then_apply(&opts.walk, opts.files);
}
