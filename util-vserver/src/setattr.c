// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * setattr - set the Linux-VServer attributes of files and directories:
 * the barrier of a directory, immutable and ixunlink (together: unified)
 * of a regular file, hide, admin and watch of an entry of /proc.
 *
 * Two walks over the same files (vu_walk_check_then_apply): the first
 * reads every file's attributes and checks that each asked-for attribute
 * can be set there, and changes nothing if one cannot; the second sets
 * them.  Each file is named relative to its directory, so a tree that
 * changes under the walk (a guest's, while it runs) cannot send a change
 * out of it.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "libvserver.h"
#include "tool.h"
#include "walk.h"

/* The attribute options, in the order of the long options below. */
enum {
	A_BARRIER, A_NO_BARRIER, A_IUNLINK, A_NO_IUNLINK, A_IMMUTABLE,
	A_NO_IMMUTABLE, A_IUNLINK_NOT_IMMUTABLE, A_IXUNLINK, A_NO_IXUNLINK,
	A_COW, A_NO_COW, A_ADMIN, A_NO_ADMIN, A_WATCH, A_NO_WATCH, A_HIDE,
	A_NO_HIDE, N_ATTR_OPTIONS
};

/* What each attribute option sets and clears. */
static const struct attr_option {
	const char *name;	/* as given, without "--" */
	uint32_t set;
	uint32_t clear;
} attr_options[N_ATTR_OPTIONS] = {
	[A_BARRIER]      = { "barrier",    IATTR_BARRIER, 0 },
	[A_NO_BARRIER]   = { "~barrier",   0, IATTR_BARRIER },
	/* Unified: unlinked, renamed, linked, never changed in place. */
	[A_IUNLINK]      = { "iunlink",    IATTR_IMMUTABLE | IATTR_IXUNLINK, 0 },
	[A_NO_IUNLINK]   = { "~iunlink",   0, IATTR_IMMUTABLE | IATTR_IXUNLINK },
	[A_IMMUTABLE]    = { "immutable",  IATTR_IMMUTABLE, 0 },
	[A_NO_IMMUTABLE] = { "~immutable", 0, IATTR_IMMUTABLE },
	[A_IUNLINK_NOT_IMMUTABLE] = { "iunlink-but-not-immutable",
				      IATTR_IXUNLINK, IATTR_IMMUTABLE },
	[A_IXUNLINK]     = { "ixunlink",   IATTR_IXUNLINK, 0 },
	[A_NO_IXUNLINK]  = { "~ixunlink",  0, IATTR_IXUNLINK },
	[A_COW]          = { "cow",        IATTR_COW, 0 },
	[A_NO_COW]       = { "~cow",       0, IATTR_COW },
	[A_ADMIN]        = { "admin",      IATTR_ADMIN, 0 },
	[A_NO_ADMIN]     = { "~admin",     0, IATTR_ADMIN },
	[A_WATCH]        = { "watch",      IATTR_WATCH, 0 },
	[A_NO_WATCH]     = { "~watch",     0, IATTR_WATCH },
	[A_HIDE]         = { "hide",       IATTR_HIDE, 0 },
	[A_NO_HIDE]      = { "~hide",      0, IATTR_HIDE },
};

/*
 * The attributes setattr knows: their names, and the type of file each
 * applies to (S_IFDIR, S_IFREG, or 0 for the /proc bits, whose entries
 * are of any type).  Which ones a file can have is the kernel's answer
 * (the mask of get_iattr); the type here only explains a refusal.
 */
static const struct attr_bit {
	uint32_t bit;
	const char *name;
	mode_t type;
} attr_bits[] = {
	{ IATTR_BARRIER,   "barrier",   S_IFDIR },
	{ IATTR_IMMUTABLE, "immutable", S_IFREG },
	{ IATTR_IXUNLINK,  "ixunlink",  S_IFREG },
	{ IATTR_COW,       "cow",       S_IFREG },
	{ IATTR_ADMIN,     "admin",     0 },
	{ IATTR_WATCH,     "watch",     0 },
	{ IATTR_HIDE,      "hide",      0 },
};
#define N_ATTR_BITS (sizeof(attr_bits) / sizeof(attr_bits[0]))

struct options {
	uint32_t flags;		/* the values of the bits in mask */
	uint32_t mask;		/* the bits to change */
	const char *by[N_ATTR_BITS];	/* the option that asked for each bit */
	struct vu_walk walk;	/* -R, -x */
	char **files;
};

VU_NORETURN static void usage(void)
{
	printf("Usage:\n"
	       " %s [options] <attribute option>... [--] <file>...\n"
	       "\n"
	       "Set the Linux-VServer attributes of files and directories.\n"
	       "\n"
	       "Attributes:\n"
	       "     --barrier           no task of a guest passes this directory\n"
	       "     --iunlink           unified: the file cannot be changed in place,\n"
	       "                           but can be unlinked, renamed and linked\n"
	       "                           (sets immutable and ixunlink)\n"
	       "     --immutable         the file cannot be changed, unlinked, renamed\n"
	       "                           or linked\n"
	       "     --ixunlink          an immutable file can be unlinked, renamed and\n"
	       "                           linked\n"
	       "     --iunlink-but-not-immutable\n"
	       "                         sets ixunlink, clears immutable\n"
	       "     --hide              an entry of /proc: hidden from the guests (give\n"
	       "                           --admin too: a hidden entry keeps it)\n"
	       "     --admin             an entry of /proc: the host sees it even hidden\n"
	       "     --watch             an entry of /proc: the spectator (context 1) sees\n"
	       "                           it even hidden\n"
	       "     --cow               with --iunlink: a guest that changes the file\n"
	       "                           gets a copy of its own (copy on write)\n"
	       "     --~<attribute>      clear it (--~iunlink clears immutable and\n"
	       "                           ixunlink); not for iunlink-but-not-immutable\n"
	       "\n"
	       "Options:\n"
	       " -R, --recursive         also the files below each directory given; each\n"
	       "                           takes the attributes that apply to its type\n"
	       " -x, --one-file-system   with -R, leave alone the files on other file\n"
	       "                           systems\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "\n"
	       "The barrier applies to directories; iunlink, immutable and ixunlink\n"
	       "to regular files; hide, admin and watch to the entries of /proc other\n"
	       "than the processes (see vprocunhide(8)).\n"
	       "Symbolic links are never followed.  Every file is checked before the\n"
	       "first change: if one cannot take its attributes, nothing changes.\n"
	       "\n"
	       "Exit status: 0 success, 1 failure (a bad option, a file that cannot\n"
	       "take its attributes, or the kernel refused), 3 kernel lacks vserver\n"
	       "support or inode attribute support.\n"
	       "\n"
	       "See setattr(8).\n",
	       program_invocation_short_name);
	exit(EXIT_SUCCESS);
}

/*
 * Add attribute option a; an option that asks for the opposite value of
 * a bit another one asked for is an error, whatever their order.
 */
static void attr_option(struct options *o, int a)
{
	const struct attr_option *opt = &attr_options[a];
	uint32_t bits = opt->set | opt->clear;
	size_t i;

	for (i = 0; i < N_ATTR_BITS; i++) {
		uint32_t bit = attr_bits[i].bit;

		if (!(bits & bit))
			continue;
		if ((o->mask & bit) && (o->flags & bit) != (opt->set & bit)) {
			warnx("--%s and --%s ask for opposite values of %s",
			      o->by[i], opt->name, attr_bits[i].name);
			vu_try_help();
		}
		o->by[i] = opt->name;
	}
	o->mask |= bits;
	o->flags |= opt->set;
}

static void parse_args(int argc, char **argv, struct options *o)
{
	enum { OPT_ATTR = 0x100 };
	static const struct option longopts[] = {
		{ "barrier",    no_argument, NULL, OPT_ATTR + A_BARRIER },
		{ "~barrier",   no_argument, NULL, OPT_ATTR + A_NO_BARRIER },
		{ "iunlink",    no_argument, NULL, OPT_ATTR + A_IUNLINK },
		{ "~iunlink",   no_argument, NULL, OPT_ATTR + A_NO_IUNLINK },
		{ "immutable",  no_argument, NULL, OPT_ATTR + A_IMMUTABLE },
		{ "~immutable", no_argument, NULL, OPT_ATTR + A_NO_IMMUTABLE },
		{ "iunlink-but-not-immutable", no_argument, NULL,
		  OPT_ATTR + A_IUNLINK_NOT_IMMUTABLE },
		{ "ixunlink",   no_argument, NULL, OPT_ATTR + A_IXUNLINK },
		{ "~ixunlink",  no_argument, NULL, OPT_ATTR + A_NO_IXUNLINK },
		{ "cow",        no_argument, NULL, OPT_ATTR + A_COW },
		{ "~cow",       no_argument, NULL, OPT_ATTR + A_NO_COW },
		{ "admin",      no_argument, NULL, OPT_ATTR + A_ADMIN },
		{ "~admin",     no_argument, NULL, OPT_ATTR + A_NO_ADMIN },
		{ "watch",      no_argument, NULL, OPT_ATTR + A_WATCH },
		{ "~watch",     no_argument, NULL, OPT_ATTR + A_NO_WATCH },
		{ "hide",       no_argument, NULL, OPT_ATTR + A_HIDE },
		{ "~hide",      no_argument, NULL, OPT_ATTR + A_NO_HIDE },
		{ "recursive",  no_argument, NULL, 'R' },
		{ "one-file-system", no_argument, NULL, 'x' },
		{ "help",       no_argument, NULL, 'h' },
		{ "version",    no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "+RxhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'R':
			o->walk.recursive = true;
			break;
		case 'x':
			o->walk.xdev = true;
			break;
		case 'h':
			usage();
		case 'V':
			vu_print_version();
		default:
			if (c >= OPT_ATTR && c < OPT_ATTR + N_ATTR_OPTIONS) {
				attr_option(o, c - OPT_ATTR);
				break;
			}
			vu_try_help();
		}
	}
	o->files = argv + optind;

	if (o->mask == 0) {
		warnx("no attribute to set: give --barrier, --iunlink, "
		      "--immutable, ... or their --~ forms");
		vu_try_help();
	}
	if (o->files[0] == NULL) {
		warnx("no file given");
		vu_try_help();
	}
	vu_walk_check_options(&o->walk);
}

/* A file type, for messages. */
static const char *type_name(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR:  return "a directory";
	case S_IFREG:  return "a regular file";
	case S_IFLNK:  return "a symbolic link, which setattr does not follow";
	case S_IFCHR:  return "a character device";
	case S_IFBLK:  return "a block device";
	case S_IFIFO:  return "a FIFO";
	case S_IFSOCK: return "a socket";
	default:       return "a file of unknown type";
	}
}

/*
 * Report a failed vc_* call on path (errno still set): exit 3 when the
 * kernel lacks vserver(2) or the inode attribute commands, else warn
 * and return -1.
 */
static int iattr_failed(const char *what, const char *path)
{
	if (errno == ENOSYS || errno == EOPNOTSUPP)
		vu_err_feature("inode attribute support",
			       "cannot %s the attributes of %s", what, path);
	warn("cannot %s the attributes of %s", what, path);
	return -1;
}

/* What bits_for() finds. */
enum fit { FIT_OK, FIT_REFUSED, FIT_UNSUPPORTED };

/*
 * The bits of o->mask to change on ent, whose kernel mask (the bits it
 * can have) is can.  A file given takes them all, or with -R those that
 * apply to its type (a directory given may take none); a file found by
 * -R takes those that apply to its type.  FIT_REFUSED when the file
 * cannot take what it must, FIT_UNSUPPORTED when the kernel does not
 * support a bit that applies to its type (so no other file takes it
 * either); both say why.
 */
static enum fit bits_for(const struct options *o, const FTSENT *ent,
			 uint32_t can, uint32_t *bits)
{
	mode_t type = ent->fts_statp->st_mode & S_IFMT;
	bool named = ent->fts_level == FTS_ROOTLEVEL;
	size_t i, misfit = N_ATTR_BITS;

	*bits = 0;
	for (i = 0; i < N_ATTR_BITS; i++) {
		const struct attr_bit *b = &attr_bits[i];

		if (!(o->mask & b->bit))
			continue;
		if (can & b->bit) {
			*bits |= b->bit;
		} else if (b->type == 0 || b->type == type) {
			warnx("%s: --%s: the kernel does not support the %s "
			      "attribute here", ent->fts_path, o->by[i], b->name);
			return FIT_UNSUPPORTED;
		} else if (misfit == N_ATTR_BITS) {
			misfit = i;
		}
	}
	if (misfit == N_ATTR_BITS || !named ||
	    (o->walk.recursive && (*bits != 0 || type == S_IFDIR)))
		return FIT_OK;
	warnx("%s: --%s applies to %s only, and this is %s", ent->fts_path,
	      o->by[misfit],
	      attr_bits[misfit].type == S_IFDIR ? "directories" : "regular files",
	      type_name(type));
	return FIT_REFUSED;
}

/* Check, or set, the attributes of one file. */
static int visit(const struct vu_walk *w, const FTSENT *ent)
{
	const struct options *o = w->data;
	uint32_t flags, can, bits, want;

	if (vc_get_iattr(ent->fts_accpath, NULL, &flags, &can) < 0)
		return iattr_failed("read", ent->fts_path);
	switch (bits_for(o, ent, can, &bits)) {
	case FIT_OK:
		break;
	case FIT_UNSUPPORTED:
		if (!w->apply)
			errx(EXIT_FAILURE, "nothing changed");
		/* fall through */
	case FIT_REFUSED:
		return -1;
	}
	want = (flags & ~bits) | (o->flags & bits);
	if ((want & IATTR_HIDE) && !(want & IATTR_ADMIN)) {
		/* The kernel refuses it: the host would lose the entry. */
		warnx("%s: a hidden entry keeps the admin attribute, so that "
		      "the host still sees it: give --admin too", ent->fts_path);
		return -1;
	}
	if (!w->apply || want == flags)
		return 0;
	if (vc_set_iattr(ent->fts_accpath, 0, o->flags & bits, bits) == 0)
		return 0;
	if (errno == EPERM)
		errx(EXIT_FAILURE, "cannot set the attributes of %s: %s (this "
		     "needs CAP_LINUX_IMMUTABLE in the host context)",
		     ent->fts_path, strerror(EPERM));
	if (errno == EOPNOTSUPP && vc_kernel_supported() == 1)
		errx(EXIT_FAILURE, "cannot set the attributes of %s: the kernel "
		     "does not support one of them here", ent->fts_path);
	/* The changes before this one stay; none after it is tried. */
	return iattr_failed("set", ent->fts_path);
}

int main(int argc, char **argv)
{
	struct options opts = { .walk.visit = visit };

	vu_close_stdout();
	parse_args(argc, argv, &opts);
	opts.walk.data = &opts;
	/* Every file is read and checked before the first change. */
	return vu_walk_check_then_apply(&opts.walk, opts.files);
}
