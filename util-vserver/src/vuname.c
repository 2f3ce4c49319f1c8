// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vuname - show or set the names of a context: its own name and the
 * names uname(2) shows its tasks; after setting, execute a command.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "libvserver.h"
#include "tool.h"

#define N_TAGS (VHIN_DOMAINNAME + 1)

/* The tags, as classic util-vserver names them (and the files of uts/). */
static const char *const tag_names[N_TAGS] = {
	[VHIN_CONTEXT] = "context",
	[VHIN_SYSNAME] = "sysname",
	[VHIN_NODENAME] = "nodename",
	[VHIN_RELEASE] = "release",
	[VHIN_VERSION] = "version",
	[VHIN_MACHINE] = "machine",
	[VHIN_DOMAINNAME] = "domainname",
};

#define TAGS_HELP "context, sysname, nodename, release, version, machine or " \
	"domainname"

/*
 * The order names are set in: the uname names first, the context's own
 * name last, so that a context without a UTS namespace of its own (the
 * kernel refuses its uname names) is left as it was.
 */
static const uint32_t set_order[N_TAGS] = {
	VHIN_SYSNAME, VHIN_NODENAME, VHIN_RELEASE, VHIN_VERSION,
	VHIN_MACHINE, VHIN_DOMAINNAME, VHIN_CONTEXT,
};

enum mode { M_ANY, M_GET, M_SET };

struct options {
	const char *xid_arg;
	enum mode mode;		/* as --get or --set asked, or M_ANY */
	const char *set_tag;	/* the first -t TAG=VALUE, for messages */
	const char *get_tag;	/* the first -t TAG, for messages */
	const char *dir;
	bool missingok;
	char *set[N_TAGS];	/* the names to set, NULL for none */
	uint32_t *get;		/* the tags to show, in order */
	size_t n_get;
	char **args;		/* after the options: tags or a command */
};

VU_NORETURN static void usage(void)
{
	printf("Usage:\n"
	       " %1$s [--xid <xid>] [-g|--get] [<tag>...]\n"
	       " %1$s [--xid <xid>] [-s|--set] -t <tag>=<value>... [--dir <dir>]\n"
	       "        [--] [<command> [<arg>...]]\n"
	       "\n"
	       "Show the names of a context, or set them and run a command.\n"
	       "\n"
	       "Options:\n"
	       "     --xid <xid>         the context, 2..65535, or self (default: the\n"
	       "                           caller's own)\n"
	       " -g, --get               show the names: those given as tags (-t <tag>\n"
	       "                           or arguments), one value a line, else all of\n"
	       "                           them as <tag>=<value> lines (the default mode)\n"
	       " -s, --set               set the names given with -t or --dir (the mode\n"
	       "                           -t <tag>=<value> and --dir imply)\n"
	       " -t, --tag <tag>[=<value>]\n"
	       "                         a name to show, or to set to <value> (at most\n"
	       "                           64 bytes, no newline)\n"
	       "     --dir <dir>         set the names from the files <dir>/<tag>, one\n"
	       "                           line each (the classic uts/ directory)\n"
	       "     --missingok         a missing --dir directory sets nothing\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "\n"
	       "Tags: context (the context's own name), sysname, nodename, release,\n"
	       "version, machine, domainname (what uname(2) shows its tasks).  A value\n"
	       "given with -t wins over one read from --dir.\n"
	       "\n"
	       "Exit status: that of <command>, else 0 success, 1 failure,\n"
	       "3 kernel lacks vserver support, 126 command not executable,\n"
	       "127 command not found.\n"
	       "\n"
	       "See vuname(8).\n",
	       program_invocation_short_name);
	exit(EXIT_SUCCESS);
}

static char *xasprintf(const char *fmt, ...) VU_PRINTF(1, 2);

static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		err(EXIT_FAILURE, "cannot allocate memory");
	return s;
}

/* The field of tag (len bytes), or -1. */
static int tag_field(const char *tag, size_t len)
{
	int f;

	for (f = 0; f < N_TAGS; f++)
		if (strlen(tag_names[f]) == len && strncmp(tag, tag_names[f], len) == 0)
			return f;
	return -1;
}

/* The field of tag given as what (e.g. "-t argument 'x'"), or exit 1. */
static uint32_t field_or_die(const char *tag, size_t len, const char *what)
{
	int f = tag_field(tag, len);

	if (f < 0)
		errx(EXIT_FAILURE, "invalid %s: unknown tag '%.*s': expected "
		     TAGS_HELP, what, (int)len, tag);
	return (uint32_t)f;
}

/* Refuse a name the kernel would refuse, or one that get cannot show. */
static void check_name(const char *name, uint32_t field, const char *what)
{
	size_t len = strlen(name);

	if (len > VC_VHI_NAME_MAX)
		errx(EXIT_FAILURE, "invalid %s: the %s is %zu bytes long, at most "
		     "%d", what, tag_names[field], len, VC_VHI_NAME_MAX);
	if (strchr(name, '\n'))
		errx(EXIT_FAILURE, "invalid %s: the %s holds a newline", what,
		     tag_names[field]);
}

static void put_name(char **slot, const char *name)
{
	free(*slot);
	*slot = xasprintf("%s", name);
}

/* -t TAG=VALUE sets a name, -t TAG asks for one. */
static void tag_option(struct options *o, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char *what = xasprintf("-t argument '%s'", arg);
	uint32_t field;

	field = field_or_die(arg, eq ? (size_t)(eq - arg) : strlen(arg), what);
	if (eq) {
		check_name(eq + 1, field, what);
		put_name(&o->set[field], eq + 1);
		if (!o->set_tag)
			o->set_tag = arg;
	} else {
		o->get[o->n_get++] = field;
		if (!o->get_tag)
			o->get_tag = arg;
	}
	free(what);
}

static void set_mode(struct options *o, enum mode mode)
{
	if (o->mode != M_ANY && o->mode != mode) {
		warnx("--get and --set exclude each other");
		vu_try_help();
	}
	o->mode = mode;
}

static void parse_args(int argc, char **argv, struct options *o)
{
	enum { OPT_XID = 0x100, OPT_DIR, OPT_MISSINGOK };
	static const struct option longopts[] = {
		{ "xid",       required_argument, NULL, OPT_XID },
		{ "get",       no_argument,       NULL, 'g' },
		{ "set",       no_argument,       NULL, 's' },
		{ "tag",       required_argument, NULL, 't' },
		{ "dir",       required_argument, NULL, OPT_DIR },
		{ "missingok", no_argument,       NULL, OPT_MISSINGOK },
		{ "help",      no_argument,       NULL, 'h' },
		{ "version",   no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	/* Room for every argument as a tag to show. */
	o->get = calloc((size_t)argc, sizeof(*o->get));
	if (o->get == NULL)
		err(EXIT_FAILURE, "cannot allocate memory");
	while ((c = getopt_long(argc, argv, "+gst:hV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_XID:
			o->xid_arg = optarg;
			break;
		case 'g':
			set_mode(o, M_GET);
			break;
		case 's':
			set_mode(o, M_SET);
			break;
		case 't':
			tag_option(o, optarg);
			break;
		case OPT_DIR:
			if (o->dir)
				errx(EXIT_FAILURE, "--dir given twice ('%s', '%s')",
				     o->dir, optarg);
			o->dir = optarg;
			break;
		case OPT_MISSINGOK:
			o->missingok = true;
			break;
		case 'h':
			usage();
		case 'V':
			vu_print_version();
		default:
			vu_try_help();
		}
	}
	o->args = argv + optind;
}

/*
 * Which mode: --get or --set if given, else what -t and --dir imply
 * (showing when nothing does); the options of the other mode are
 * refused.  In get mode the arguments are more tags to show.
 */
static void check_args(struct options *o)
{
	bool setting = o->set_tag || o->dir;
	char **a;

	if (o->missingok && !o->dir) {
		warnx("--missingok needs --dir");
		vu_try_help();
	}
	if (o->mode == M_ANY)
		o->mode = setting ? M_SET : M_GET;
	if (o->mode == M_SET && o->get_tag) {
		warnx("-t %s: no value to set (give -t %s=<value>); to show a "
		      "name, leave out -t <tag>=<value>, --dir and --set",
		      o->get_tag, o->get_tag);
		vu_try_help();
	}
	if (o->mode == M_SET && !setting) {
		warnx("nothing to set: give -t <tag>=<value> or --dir");
		vu_try_help();
	}
	if (o->mode == M_SET)
		return;
	if (o->set_tag) {
		warnx("--get shows names: -t %s sets one", o->set_tag);
		vu_try_help();
	}
	if (o->dir) {
		warnx("--get shows names: --dir sets them");
		vu_try_help();
	}
	for (a = o->args; *a; a++) {
		const char *eq = strchr(*a, '=');
		char *what;

		if (eq && tag_field(*a, (size_t)(eq - *a)) >= 0)
			errx(EXIT_FAILURE, "invalid argument '%s': to set a name, "
			     "use -t %s", *a, *a);
		what = xasprintf("argument '%s'", *a);
		o->get[o->n_get++] = field_or_die(*a, strlen(*a), what);
		free(what);
	}
}

/* -- --dir ------------------------------------------------------------------ */

/*
 * The name in the file of tag field in directory dfd (path for
 * messages), one line: stored in *slot, or nothing if there is no such
 * file; anything else exits 1.
 */
static void read_name(int dfd, const char *path, uint32_t field, char **slot)
{
	char buf[VHILEN + 2];
	size_t len = 0;
	ssize_t n;
	int fd;

	fd = openat(dfd, tag_names[field], O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (errno == ENOENT)
			return;
		err(EXIT_FAILURE, "cannot open %s", path);
	}
	/* A name, a newline, and one byte more tells a name too long. */
	while (len < sizeof(buf) - 1 &&
	       (n = read(fd, buf + len, sizeof(buf) - 1 - len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err(EXIT_FAILURE, "cannot read %s", path);
		}
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	if (strlen(buf) != len)
		errx(EXIT_FAILURE, "invalid name in %s: the file holds a NUL byte",
		     path);
	if (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	if (len > VC_VHI_NAME_MAX)
		errx(EXIT_FAILURE, "invalid name in %s: the %s is longer than %d "
		     "bytes", path, tag_names[field], VC_VHI_NAME_MAX);
	if (strchr(buf, '\n'))
		errx(EXIT_FAILURE, "invalid name in %s: the file holds more than "
		     "one line", path);
	put_name(slot, buf);
}

/* The names of directory dir (classic util-vserver's uts/), by tag. */
static void read_dir(const char *dir, bool missingok, char **set)
{
	uint32_t field;
	char *path;
	int dfd;

	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		if (errno == ENOENT && missingok)
			return;
		err(EXIT_FAILURE, "cannot open %s", dir);
	}
	for (field = 0; field < N_TAGS; field++) {
		path = xasprintf("%s/%s", dir, tag_names[field]);
		read_name(dfd, path, field, &set[field]);
		free(path);
	}
	close(dfd);
}

/* -- the kernel --------------------------------------------------------------- */

/*
 * Report a failed name call (errno still set) and exit: as vu_err_vc,
 * exit 3 for a vserver kernel without names (EOPNOTSUPP), and say why
 * the kernel refuses the uname names of a context (EINVAL).
 */
VU_NORETURN static void err_name(const char *verb, vc_xid_t xid, uint32_t field)
{
	const char *what = field == VHIN_CONTEXT ? "name" : tag_names[field];

	if (errno == EINVAL && field != VHIN_CONTEXT)
		errx(EXIT_FAILURE, "cannot %s the %s of context %u: the context "
		     "has no UTS namespace of its own (its tasks share the "
		     "host's)", verb, what, (unsigned int)xid);
	vu_err_feature("context name support", "cannot %s the %s of context %u",
		       verb, what, (unsigned int)xid);
}

/* One call per name; the first refusal ends the run. */
static void set_names(vc_xid_t xid, char *const *set)
{
	uint32_t field;
	size_t i;

	for (i = 0; i < N_TAGS; i++) {
		field = set_order[i];
		if (set[field] && vc_set_vhi_name(xid, field, set[field]) < 0)
			err_name("set", xid, field);
	}
}

/* Every name is read before the first line is printed. */
static void show_names(vc_xid_t xid, const uint32_t *get, size_t n_get)
{
	static const uint32_t all[N_TAGS] = {
		VHIN_CONTEXT, VHIN_SYSNAME, VHIN_NODENAME, VHIN_RELEASE,
		VHIN_VERSION, VHIN_MACHINE, VHIN_DOMAINNAME,
	};
	char (*names)[VHILEN];
	bool labelled = n_get == 0;
	size_t i;

	if (labelled) {
		get = all;
		n_get = N_TAGS;
	}
	names = calloc(n_get, sizeof(*names));
	if (names == NULL)
		err(EXIT_FAILURE, "cannot allocate memory");
	for (i = 0; i < n_get; i++)
		if (vc_get_vhi_name(xid, get[i], names[i], sizeof(names[i])) < 0)
			err_name("get", xid, get[i]);
	for (i = 0; i < n_get; i++) {
		if (labelled)
			printf("%s=", tag_names[get[i]]);
		printf("%s\n", names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	struct options opts = { .mode = M_ANY };
	char *set[N_TAGS] = { NULL };
	vc_xid_t xid = 0;
	uint32_t field;

	vu_close_stdout();
	parse_args(argc, argv, &opts);
	check_args(&opts);

	/* Everything is read and checked before the first call. */
	if (opts.xid_arg && strcmp(opts.xid_arg, "self") != 0)
		xid = vu_xid_or_die(opts.xid_arg, "--xid", VX_ID_MIN);
	if (opts.dir)
		read_dir(opts.dir, opts.missingok, set);
	for (field = 0; field < N_TAGS; field++)
		if (opts.set[field])
			put_name(&set[field], opts.set[field]);
	if (xid == 0)
		xid = vu_own_xid_or_die("--xid");

	if (opts.mode == M_GET) {
		show_names(xid, opts.get, opts.n_get);
		return EXIT_SUCCESS;
	}
	set_names(xid, set);
	if (opts.args[0] == NULL)
		return EXIT_SUCCESS;
	vu_exec(opts.args);
}
