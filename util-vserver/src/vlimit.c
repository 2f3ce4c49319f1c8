// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vlimit - set or show the resource limits of a context, show its
 * accounting, then execute a command.
 */
#include "config.h"

#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "libvserver.h"
#include "tool.h"

/* The three values of a limit, as -M, -S and -H select them. */
enum { F_MIN, F_SOFT, F_HARD, N_FIELDS };

static const char *const field_what[N_FIELDS] = {
	[F_MIN] = "minimum", [F_SOFT] = "soft limit", [F_HARD] = "hard limit",
};

/* One value to set, and where it was given (for messages). */
struct value {
	bool set;
	uint64_t value;
	char *source;		/* "--nproc" or "DIR/nproc.hard" */
};

/* The values to set, indexed by resource id and field. */
struct limits {
	struct value v[VC_RLIMIT_IDS][N_FIELDS];
};

struct options {
	const char *xid_arg;
	const char *xid_opt;	/* as the user spelled it: -c or --xid */
	const char *dir;
	uint32_t skip;		/* bit per resource id: --dir leaves its files */
	bool missingok;
	bool all;
	bool stat;
	bool reset_hits;
	bool reset_minmax;
	bool check;		/* read and check, change nothing */
	struct limits cmdline;
	char **command;
};

/* What a value may be (vc_parse_rlimit), for messages. */
#define VALUE_HELP "expected a number from 0 to 9223372036854775807, inf or unlimited"

VU_NORETURN static void usage(void)
{
	size_t i;

	printf("Usage:\n"
	       " %s [--xid <xid>] [options] [--] [<command> [<arg>...]]\n"
	       "\n"
	       "Set the resource limits of a context, or show them and its accounting;\n"
	       "then run a command, if one is given.\n"
	       "\n"
	       "Options:\n"
	       " -c, --xid <xid>         the context, 2..65535, or self (default: the\n"
	       "                           caller's own)\n"
	       " -M                      the values after it set the minimum\n"
	       " -S                      the values after it set the soft limit\n"
	       " -H                      the values after it set the hard limit (default)\n"
	       "     --<resource> <value>\n"
	       "                         limit the resource: a number or inf (also\n"
	       "                           infinity, unlimited)\n"
	       "     --dir <dir>         read the limits from the files <dir>/<resource>\n"
	       "                           (hard limit) and <dir>/<resource>.min, .soft, .hard\n"
	       "     --missingok         a missing --dir directory sets nothing\n"
	       "     --skip <resource>[,<resource>...]\n"
	       "                         leave the --dir files of these resources unread\n"
	       "     --check             read and check the values, change nothing\n"
	       " -a, --all               show the limits of every resource the kernel\n"
	       "                           accounts\n"
	       "     --stat              show the accounting: current, lowest, highest\n"
	       "                           value and hits of each resource\n"
	       "     --reset-hits        set the hit counters to zero\n"
	       "     --reset-minmax      set the lowest and highest values to the current\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "\n"
	       "Resources:\n",
	       program_invocation_short_name);
	for (i = 0; i < vc_rlimit_count; i++)
		printf("%s--%s", i % 8 == 0 ? (i ? "\n " : " ") : " ",
		       vc_rlimits[i].name);
	printf("\n"
	       "\n"
	       "-M, -S and -H may be combined (-SH sets both); a value given on the\n"
	       "command line wins over one read from --dir.  Only the hard limit is\n"
	       "enforced.  Memory (rss, as) is limited by the guest's cgroup (memory.max).\n"
	       "\n"
	       "Exit status: that of <command>, else 0 success, 1 failure,\n"
	       "3 kernel lacks vserver support, 126 command not executable,\n"
	       "127 command not found.\n"
	       "\n"
	       "See vlimit(8).\n");
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

/* Parse the value of option (or file) source, or exit 1 naming it. */
static uint64_t value_or_die(const char *str, const char *source, bool file)
{
	uint64_t value;

	if (vc_parse_rlimit(str, &value) == 0)
		return value;
	if (file)
		errx(EXIT_FAILURE, "invalid value in %s: '%s': " VALUE_HELP,
		     source, str);
	errx(EXIT_FAILURE, "invalid %s argument '%s': " VALUE_HELP, source, str);
}

static void put_value(struct value *v, uint64_t value, const char *source)
{
	free(v->source);
	*v = (struct value){ .set = true, .value = value,
			     .source = xasprintf("%s", source) };
}

/*
 * -M, -S and -H in a row select fields together (-SH); the selection
 * holds for the values that follow, until the next -M, -S or -H.
 */
struct selection {
	unsigned int fields;	/* bit per field */
	bool fresh;		/* a new -M/-S/-H starts a new selection */
	bool unused;		/* selected explicitly, no value yet */
	char last;		/* the last of -M, -S, -H, for messages */
};

static void select_field(struct selection *sel, int field, char opt)
{
	if (sel->fresh)
		sel->fields = 0;
	sel->fields |= 1U << field;
	sel->fresh = false;
	sel->unused = true;
	sel->last = opt;
}

static void resource_option(struct options *o, struct selection *sel,
			    uint32_t id, const char *arg)
{
	char option[32];
	uint64_t value;
	int f;

	snprintf(option, sizeof(option), "--%s", vc_rlimit_name(id));
	value = value_or_die(arg, option, false);
	for (f = 0; f < N_FIELDS; f++)
		if (sel->fields & (1U << f))
			put_value(&o->cmdline.v[id][f], value, option);
	sel->fresh = true;
	sel->unused = false;
}

/*
 * --skip: the resources of a comma-separated list of names, as bits of
 * o->skip, or exit 1 naming the first unknown one.
 */
static void skip_option(struct options *o, const char *arg)
{
	const char *p = arg, *end;
	size_t i, len;

	for (;;) {
		end = strchr(p, ',');
		len = end ? (size_t)(end - p) : strlen(p);
		for (i = 0; i < vc_rlimit_count; i++)
			if (strlen(vc_rlimits[i].name) == len &&
			    strncmp(vc_rlimits[i].name, p, len) == 0)
				break;
		if (i == vc_rlimit_count)
			errx(EXIT_FAILURE, "invalid --skip argument '%s': '%.*s' "
			     "is not a resource (see --help)", arg, (int)len, p);
		o->skip |= 1U << vc_rlimits[i].id;
		if (!end)
			return;
		p = end + 1;
	}
}

static void parse_args(int argc, char **argv, struct options *o)
{
	enum {
		OPT_DIR = 0x100, OPT_MISSINGOK, OPT_STAT, OPT_RESET_HITS,
		OPT_RESET_MINMAX, OPT_CHECK, OPT_SKIP,
		OPT_RES = 0x200,	/* + the resource id */
	};
	static const struct option longopts[] = {
		{ "xid",          required_argument, NULL, 'c' },
		{ "all",          no_argument,       NULL, 'a' },
		{ "dir",          required_argument, NULL, OPT_DIR },
		{ "missingok",    no_argument,       NULL, OPT_MISSINGOK },
		{ "skip",         required_argument, NULL, OPT_SKIP },
		{ "check",        no_argument,       NULL, OPT_CHECK },
		{ "stat",         no_argument,       NULL, OPT_STAT },
		{ "reset-hits",   no_argument,       NULL, OPT_RESET_HITS },
		{ "reset-minmax", no_argument,       NULL, OPT_RESET_MINMAX },
		{ "cpu",          required_argument, NULL, OPT_RES + RLIMIT_CPU },
		{ "fsize",        required_argument, NULL, OPT_RES + RLIMIT_FSIZE },
		{ "data",         required_argument, NULL, OPT_RES + RLIMIT_DATA },
		{ "stack",        required_argument, NULL, OPT_RES + RLIMIT_STACK },
		{ "core",         required_argument, NULL, OPT_RES + RLIMIT_CORE },
		{ "rss",          required_argument, NULL, OPT_RES + RLIMIT_RSS },
		{ "nproc",        required_argument, NULL, OPT_RES + RLIMIT_NPROC },
		{ "nofile",       required_argument, NULL, OPT_RES + RLIMIT_NOFILE },
		{ "memlock",      required_argument, NULL, OPT_RES + RLIMIT_MEMLOCK },
		{ "as",           required_argument, NULL, OPT_RES + RLIMIT_AS },
		{ "locks",        required_argument, NULL, OPT_RES + RLIMIT_LOCKS },
		{ "msgqueue",     required_argument, NULL, OPT_RES + RLIMIT_MSGQUEUE },
		{ "nsock",        required_argument, NULL, OPT_RES + VLIMIT_NSOCK },
		{ "openfd",       required_argument, NULL, OPT_RES + VLIMIT_OPENFD },
		{ "anon",         required_argument, NULL, OPT_RES + VLIMIT_ANON },
		{ "shmem",        required_argument, NULL, OPT_RES + VLIMIT_SHMEM },
		{ "semary",       required_argument, NULL, OPT_RES + VLIMIT_SEMARY },
		{ "nsems",        required_argument, NULL, OPT_RES + VLIMIT_NSEMS },
		{ "dentry",       required_argument, NULL, OPT_RES + VLIMIT_DENTRY },
		{ "help",         no_argument,       NULL, 'h' },
		{ "version",      no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct selection sel = { .fields = 1U << F_HARD, .fresh = true };
	int c, longindex = -1;

	/* getopt_long sets longindex only for a long option. */
	while ((c = getopt_long(argc, argv, "+c:aMSHhV", longopts,
				&longindex)) != -1) {
		switch (c) {
		case 'c':
			o->xid_arg = optarg;
			o->xid_opt = longindex < 0 ? "-c" : "--xid";
			break;
		case 'a':
			o->all = true;
			break;
		case 'M':
			select_field(&sel, F_MIN, 'M');
			break;
		case 'S':
			select_field(&sel, F_SOFT, 'S');
			break;
		case 'H':
			select_field(&sel, F_HARD, 'H');
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
		case OPT_SKIP:
			skip_option(o, optarg);
			break;
		case OPT_CHECK:
			o->check = true;
			break;
		case OPT_STAT:
			o->stat = true;
			break;
		case OPT_RESET_HITS:
			o->reset_hits = true;
			break;
		case OPT_RESET_MINMAX:
			o->reset_minmax = true;
			break;
		case 'h':
			usage();
		case 'V':
			vu_print_version();
		default:
			if (c >= OPT_RES && c < OPT_RES + VC_RLIMIT_IDS) {
				resource_option(o, &sel, (uint32_t)(c - OPT_RES),
						optarg);
				break;
			}
			vu_try_help();
		}
		longindex = -1;
	}
	if (sel.unused) {
		warnx("-%c applies to the values after it: none follows", sel.last);
		vu_try_help();
	}
	o->command = argv + optind;
}

static bool any_value(const struct limits *l)
{
	size_t id;
	int f;

	for (id = 0; id < VC_RLIMIT_IDS; id++)
		for (f = 0; f < N_FIELDS; f++)
			if (l->v[id][f].set)
				return true;
	return false;
}

static void check_args(const struct options *o)
{
	if (o->missingok && !o->dir) {
		warnx("--missingok needs --dir");
		vu_try_help();
	}
	if (o->skip && !o->dir) {
		warnx("--skip needs --dir");
		vu_try_help();
	}
	if (o->check && (o->all || o->stat || o->reset_hits ||
			 o->reset_minmax || o->command[0] != NULL)) {
		warnx("--check only checks values: no --all, --stat, --reset-* or command");
		vu_try_help();
	}
	if (!any_value(&o->cmdline) && !o->dir && !o->all && !o->stat &&
	    !o->reset_hits && !o->reset_minmax && o->command[0] == NULL) {
		warnx("nothing to do: give a --<resource> value, --dir, --all, "
		      "--stat, --reset-hits, --reset-minmax or a command");
		vu_try_help();
	}
}

/* -- --dir ---------------------------------------------------------------- */

/*
 * The value in file name of directory dfd (path for messages): 1 if it
 * holds one, 0 if there is no such file; anything else exits 1.
 */
static int read_value(int dfd, const char *path, const char *name,
		      uint64_t *value)
{
	char buf[64], *start, *end;
	ssize_t n;
	size_t len = 0;
	int fd;

	fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		err(EXIT_FAILURE, "cannot open %s", path);
	}
	/* One value and blanks around it: a file this long is not that. */
	while ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err(EXIT_FAILURE, "cannot read %s", path);
		}
		len += (size_t)n;
		if (len == sizeof(buf) - 1)
			errx(EXIT_FAILURE, "invalid value in %s: the file is too "
			     "long for one value", path);
	}
	close(fd);
	buf[len] = '\0';
	if (strlen(buf) != len)
		errx(EXIT_FAILURE, "invalid value in %s: the file holds a NUL byte",
		     path);
	for (start = buf; isspace((unsigned char)*start); start++)
		;
	for (end = start + strlen(start);
	     end > start && isspace((unsigned char)end[-1]); end--)
		;
	*end = '\0';
	if (*start == '\0')
		errx(EXIT_FAILURE, "invalid value in %s: the file is empty: "
		     VALUE_HELP, path);
	*value = value_or_die(start, path, true);
	return 1;
}

/*
 * The limits of directory dir (classic util-vserver's rlimits/): for each
 * resource, the file <resource> gives the hard limit, as does
 * <resource>.hard; <resource>.min and <resource>.soft the others.  The
 * files of the resources in skip (bit per id) are not even opened.
 */
static void read_dir(const char *dir, bool missingok, uint32_t skip,
		     struct limits *out)
{
	static const struct {
		const char *suffix;
		int field;
	} files[] = {
		{ "",      F_HARD },
		{ ".hard", F_HARD },
		{ ".soft", F_SOFT },
		{ ".min",  F_MIN },
	};
	char name[64];
	uint64_t value;
	size_t i, k;
	char *path;
	int dfd;

	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		if (errno == ENOENT && missingok)
			return;
		err(EXIT_FAILURE, "cannot open %s", dir);
	}
	for (i = 0; i < vc_rlimit_count; i++) {
		uint32_t id = vc_rlimits[i].id;

		if (skip & (1U << id))
			continue;
		for (k = 0; k < sizeof(files) / sizeof(files[0]); k++) {
			struct value *v = &out->v[id][files[k].field];

			snprintf(name, sizeof(name), "%s%s", vc_rlimits[i].name,
				 files[k].suffix);
			path = xasprintf("%s/%s", dir, name);
			if (read_value(dfd, path, name, &value) == 0) {
				free(path);
				continue;
			}
			if (v->set)
				errx(EXIT_FAILURE, "%s and %s both give the hard "
				     "limit of %s: keep one", v->source, path,
				     vc_rlimits[i].name);
			put_value(v, value, path);
			free(path);
		}
	}
	close(dfd);
}

/* -- the kernel ------------------------------------------------------------ */

/*
 * Report a failed limit call (errno still set) and exit: as vu_err_vc,
 * and exit 3 with its own message when vserver(2) works but has no
 * limits (EOPNOTSUPP); EACCES means the host gave up administration.
 */
#define err_limits(...) vu_err_feature("context limit support", __VA_ARGS__)

static uint32_t field_mask(const struct vcmd_ctx_rlimit_mask_v0 *m, int f)
{
	return f == F_MIN ? m->minimum : f == F_SOFT ? m->softlimit : m->maximum;
}

/*
 * Refuse what the kernel would refuse, before anything is set: a
 * resource it does not account, and a minimum or soft limit it does not
 * keep (it takes only 0 and inf for those: "none").
 */
static void check_supported(const struct limits *l,
			    const struct vcmd_ctx_rlimit_mask_v0 *mask)
{
	const struct value *v;
	const char *name;
	uint32_t id;
	int f;

	for (id = 0; id < VC_RLIMIT_IDS; id++) {
		name = vc_rlimit_name(id);
		for (f = 0; f < N_FIELDS; f++) {
			v = &l->v[id][f];
			if (!v->set)
				continue;
			if (!(mask->maximum & (1U << id)))
				errx(EXIT_FAILURE, "cannot limit %s (%s): the kernel "
				     "does not account it%s", name, v->source,
				     id == RLIMIT_RSS || id == RLIMIT_AS ?
				     "; memory limits belong to the guest's "
				     "cgroup (memory.max)" : "");
			if (f != F_HARD && !(field_mask(mask, f) & (1U << id)) &&
			    v->value != 0 && v->value != CRLIM_INFINITY)
				errx(EXIT_FAILURE, "cannot set the %s of %s (%s): "
				     "the kernel enforces only the hard limit (-H); "
				     "the %s can only be 0 or inf", field_what[f],
				     name, v->source, field_what[f]);
		}
	}
}

/* The value to pass for one field: the one given, else "keep". */
static uint64_t field_value(const struct value *v)
{
	return v->set ? v->value : CRLIM_KEEP;
}

/* One call per resource, in id order; the first refusal ends the run. */
static void set_limits(vc_xid_t xid, const struct limits *l)
{
	struct vcmd_ctx_rlimit_v0 arg;
	const struct value *v;
	uint32_t id;

	for (id = 0; id < VC_RLIMIT_IDS; id++) {
		v = l->v[id];
		if (!v[F_MIN].set && !v[F_SOFT].set && !v[F_HARD].set)
			continue;
		arg = (struct vcmd_ctx_rlimit_v0){
			.id = id,
			.minimum = field_value(&v[F_MIN]),
			.softlimit = field_value(&v[F_SOFT]),
			.maximum = field_value(&v[F_HARD]),
		};
		if (vc_set_rlimit(xid, &arg) < 0)
			err_limits("cannot set the %s limit of context %u",
				   vc_rlimit_name(id), (unsigned int)xid);
	}
}

/* A resource by name, or by number when it has none. */
static void print_resource(uint32_t id)
{
	const char *name = vc_rlimit_name(id);

	if (name)
		printf("%-10s", name);
	else
		printf("%-10u", (unsigned int)id);
}

static void print_value(uint64_t value, bool kept)
{
	if (!kept)
		printf(" %10s", "-");
	else if (value == CRLIM_INFINITY)
		printf(" %10s", "inf");
	else
		printf(" %10llu", (unsigned long long)value);
}

/* Every value is read before the first line is printed. */
static void show_limits(vc_xid_t xid, const struct vcmd_ctx_rlimit_mask_v0 *m)
{
	struct vcmd_ctx_rlimit_v0 lim[VC_RLIMIT_IDS];
	uint32_t id, bit, shown = m->minimum | m->softlimit | m->maximum;

	for (id = 0; id < VC_RLIMIT_IDS; id++)
		if ((shown & (1U << id)) && vc_get_rlimit(xid, id, &lim[id]) < 0)
			err_limits("cannot get the %s limit of context %u",
				   vc_rlimit_name(id) ? vc_rlimit_name(id) : "?",
				   (unsigned int)xid);
	printf("%-10s %10s %10s %10s\n", "RESOURCE", "MIN", "SOFT", "HARD");
	for (id = 0; id < VC_RLIMIT_IDS; id++) {
		bit = 1U << id;
		if (!(shown & bit))
			continue;
		print_resource(id);
		print_value(lim[id].minimum, m->minimum & bit);
		print_value(lim[id].softlimit, m->softlimit & bit);
		print_value(lim[id].maximum, m->maximum & bit);
		putchar('\n');
	}
}

static void show_stat(vc_xid_t xid, const struct vcmd_ctx_rlimit_mask_v0 *m)
{
	struct vcmd_rlimit_stat_v0 st[VC_RLIMIT_IDS];
	uint32_t id;

	for (id = 0; id < VC_RLIMIT_IDS; id++)
		if ((m->maximum & (1U << id)) &&
		    vc_rlimit_stat(xid, id, &st[id]) < 0)
			err_limits("cannot get the %s accounting of context %u",
				   vc_rlimit_name(id) ? vc_rlimit_name(id) : "?",
				   (unsigned int)xid);
	printf("%-10s %10s %10s %10s %10s\n", "RESOURCE", "CURRENT", "MIN",
	       "MAX", "HITS");
	for (id = 0; id < VC_RLIMIT_IDS; id++) {
		if (!(m->maximum & (1U << id)))
			continue;
		print_resource(id);
		print_value(st[id].value, true);
		print_value(st[id].minimum, true);
		print_value(st[id].maximum, true);
		printf(" %10u\n", (unsigned int)st[id].hits);
	}
}

static vc_xid_t resolve_xid(const struct options *o)
{
	if (o->xid_arg && strcmp(o->xid_arg, "self") != 0)
		return vu_xid_or_die(o->xid_arg, o->xid_opt, VX_ID_MIN);
	return vu_own_xid_or_die(o->xid_opt ? o->xid_opt : "--xid");
}

int main(int argc, char **argv)
{
	struct options opts = { .all = false };
	struct vcmd_ctx_rlimit_mask_v0 mask;
	struct limits *set;
	vc_xid_t xid;
	uint32_t id;
	int f;

	vu_close_stdout();
	parse_args(argc, argv, &opts);
	check_args(&opts);

	/* Everything is read and checked before the first change. */
	set = calloc(1, sizeof(*set));
	if (set == NULL)
		err(EXIT_FAILURE, "cannot allocate memory");
	if (opts.dir)
		read_dir(opts.dir, opts.missingok, opts.skip, set);
	for (id = 0; id < VC_RLIMIT_IDS; id++)
		for (f = 0; f < N_FIELDS; f++)
			if (opts.cmdline.v[id][f].set) {
				free(set->v[id][f].source);
				set->v[id][f] = opts.cmdline.v[id][f];
			}
	/* Checking needs no context, unless one is named. */
	xid = opts.check && !opts.xid_arg ? 0 : resolve_xid(&opts);

	if (any_value(set) || opts.all || opts.stat) {
		if (vc_get_rlimit_mask(xid, &mask) < 0)
			err_limits("cannot get the resources the kernel accounts");
		check_supported(set, &mask);
	}
	if (opts.check)
		return EXIT_SUCCESS;

	set_limits(xid, set);
	if (opts.all)
		show_limits(xid, &mask);
	if (opts.all && opts.stat)
		putchar('\n');
	if (opts.stat)
		show_stat(xid, &mask);
	if (opts.reset_hits && vc_reset_hits(xid) < 0)
		err_limits("cannot reset the hits of context %u", (unsigned int)xid);
	if (opts.reset_minmax && vc_reset_minmax(xid) < 0)
		err_limits("cannot reset the minimum and maximum of context %u",
			   (unsigned int)xid);

	if (opts.command[0] == NULL)
		return EXIT_SUCCESS;
	vu_exec(opts.command);
}
