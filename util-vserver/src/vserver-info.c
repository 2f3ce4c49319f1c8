// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vserver-info - answer one question about the kernel or a context,
 * for scripts: the value on stdout, or the answer in the exit status.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "libvserver.h"
#include "tool.h"

struct query {
	const char *what;
	const char *arg;	/* third argument (FEATURE name), or NULL */
	bool quiet;
};

struct tag {
	const char *name;
	const char *what;	/* meaning of WHAT, for -l */
	const char *help;
	bool needs_arg;
	int (*run)(const struct query *q);
};

struct feature {
	const char *name;
	const char *help;
	bool (*present)(uint32_t version, uint32_t vci);
};

static bool have_vserver(uint32_t version, uint32_t vci)
{
	(void)version;
	(void)vci;
	return true;
}

static bool have_migrate(uint32_t version, uint32_t vci)
{
	(void)vci;
	/* VCMD_ctx_migrate is part of every 2.x interface. */
	return version >= 0x00020000;
}

static bool have_dynamic(uint32_t version, uint32_t vci)
{
	(void)version;
	return !(vci & VCI_FEATURE_NO_DYNAMIC);
}

static bool have_cowbl(uint32_t version, uint32_t vci)
{
	(void)version;
	return vci & VCI_FEATURE_COWBL;
}

static const struct feature features[] = {
	{ "vserver", "the kernel has vserver(2)",             have_vserver },
	{ "migrate", "tasks can enter an existing context",   have_migrate },
	{ "dynamic", "the kernel can choose context ids",     have_dynamic },
	{ "cowbl",   "a guest writing a unified cow file gets a copy", have_cowbl },
};

#define N_FEATURES (sizeof(features) / sizeof(features[0]))

static void print_hex(const struct query *q, uint32_t v)
{
	if (!q->quiet)
		printf("0x%08x\n", (unsigned int)v);
}

static void print_dec(const struct query *q, uint32_t v)
{
	if (!q->quiet)
		printf("%u\n", (unsigned int)v);
}

static int tag_apiver(const struct query *q)
{
	uint32_t version;

	if (vc_get_version(&version) < 0)
		vu_err_vc("cannot get the vserver interface version");
	print_hex(q, version);
	return EXIT_SUCCESS;
}

static int tag_vci(const struct query *q)
{
	uint32_t vci;

	if (vc_get_vci(&vci) < 0)
		vu_err_vc("cannot get the vserver feature mask");
	print_hex(q, vci);
	return EXIT_SUCCESS;
}

/* "self" or "-" name the caller, which the kernel spells pid 0. */
static pid_t parse_pid(const char *str)
{
	unsigned long pid;

	if (strcmp(str, "self") == 0 || strcmp(str, "-") == 0)
		return 0;
	if (vc_parse_uint(str, 1, INT_MAX, &pid) < 0)
		errx(EXIT_FAILURE, "invalid pid argument '%s'", str);
	return (pid_t)pid;
}

static int tag_xid(const struct query *q)
{
	pid_t pid = parse_pid(q->what);
	vc_xid_t xid;

	if (vc_task_xid(pid, &xid) < 0)
		vu_err_vc("cannot get the context of pid %s", q->what);
	print_dec(q, xid);
	return EXIT_SUCCESS;
}

/* A context id, or the name of a guest configured with one. */
static vc_xid_t context_or_die(const char *what)
{
	unsigned long num;
	vc_xid_t xid;

	/* Digits are an id, even out of range: no guest is named "0". */
	if (vc_parse_uint(what, 0, ULONG_MAX, &num) == 0 || errno == ERANGE)
		return vu_xid_or_die(what, "context", VX_ID_MIN);
	if (vc_guest_xid(what, &xid) < 0)
		errx(EXIT_FAILURE, "invalid context argument '%s': expected a "
		     "context id from %u to %u or a guest with a context file "
		     "in %s", what, (unsigned int)VX_ID_MIN,
		     (unsigned int)VX_ID_MAX, vc_confdir());
	return xid;
}

static int tag_context(const struct query *q)
{
	print_dec(q, context_or_die(q->what));
	return EXIT_SUCCESS;
}

static int tag_name(const struct query *q)
{
	vc_xid_t xid = vu_xid_or_die(q->what, "context", VX_ID_HOST);
	struct vc_guests guests;
	const char *name;

	if (vc_guests_load(&guests) < 0)
		err(EXIT_FAILURE, "cannot read the guests in %s", vc_confdir());
	name = vc_guests_name(&guests, xid);
	if (name == NULL)
		errx(EXIT_FAILURE, "no guest in %s has context %u", vc_confdir(),
		     (unsigned int)xid);
	if (!q->quiet)
		printf("%s\n", name);
	vc_guests_free(&guests);
	return EXIT_SUCCESS;
}

/* confdir/name[/sub] of guest name, resolved; it must exist. */
static int guest_path(const struct query *q, const char *sub)
{
	char path[PATH_MAX], real[PATH_MAX];
	struct stat st;

	/* A directory name: no path, no ".defaults". */
	snprintf(path, sizeof(path), "%s/%s", vc_confdir(), q->what);
	if (q->what[0] == '\0' || q->what[0] == '.' || strchr(q->what, '/') ||
	    stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
		errx(EXIT_FAILURE, "no guest '%s' in %s", q->what, vc_confdir());
	if (sub)
		snprintf(path, sizeof(path), "%s/%s/%s", vc_confdir(), q->what, sub);
	if (realpath(path, real) == NULL)
		err(EXIT_FAILURE, "cannot resolve %s", path);
	if (!q->quiet)
		printf("%s\n", real);
	return EXIT_SUCCESS;
}

static int tag_cfgdir(const struct query *q)
{
	return guest_path(q, NULL);
}

static int tag_vdir(const struct query *q)
{
	return guest_path(q, "vdir");
}

static int print_bits(const struct query *q, const struct vc_bit_names *t,
		      int (*get)(vc_xid_t, uint64_t *, uint64_t *),
		      const char *what)
{
	vc_xid_t xid = context_or_die(q->what);
	uint64_t value;

	if (get(xid, &value, NULL) < 0)
		vu_err_vc("cannot get the %s of context %u", what,
			  (unsigned int)xid);
	if (!q->quiet)
		vu_print_bits(NULL, t, value);
	return EXIT_SUCCESS;
}

static int tag_bcaps(const struct query *q)
{
	return print_bits(q, &vc_bcaps, vc_get_bcaps, "capability bound");
}

static int tag_ccaps(const struct query *q)
{
	return print_bits(q, &vc_ccaps, vc_get_ccaps, "context capabilities");
}

static int tag_cflags(const struct query *q)
{
	return print_bits(q, &vc_cflags, vc_get_cflags, "flags");
}

static int tag_initpid(const struct query *q)
{
	vc_xid_t xid = context_or_die(q->what);
	struct vcmd_vx_info_v0 info;

	if (vc_vx_info(xid, &info) < 0)
		vu_err_vc("cannot get information on context %u",
			  (unsigned int)xid);
	print_dec(q, info.initpid);
	return EXIT_SUCCESS;
}

static int tag_running(const struct query *q)
{
	vc_xid_t xid = context_or_die(q->what);
	struct vcmd_ctx_stat_v0 stat;

	if (vc_ctx_stat(xid, &stat) == 0)
		return stat.tasks > 0 ? EXIT_SUCCESS : EXIT_FAILURE;
	if (errno == ESRCH)
		return EXIT_FAILURE;
	vu_err_vc("cannot get the status of context %u", (unsigned int)xid);
}

VU_NORETURN static void unknown_feature(const char *name)
{
	size_t i;

	fprintf(stderr, "%s: unknown feature '%s'; known features:",
		program_invocation_short_name, name);
	for (i = 0; i < N_FEATURES; i++)
		fprintf(stderr, "%s %s", i ? "," : "", features[i].name);
	fputc('\n', stderr);
	exit(EXIT_FAILURE);
}

static int tag_feature(const struct query *q)
{
	uint32_t version, vci;
	size_t i;

	for (i = 0; i < N_FEATURES; i++)
		if (strcasecmp(features[i].name, q->arg) == 0)
			break;
	if (i == N_FEATURES)
		unknown_feature(q->arg);

	if (vc_get_version(&version) < 0 || vc_get_vci(&vci) < 0)
		vu_err_vc("cannot query the kernel");
	return features[i].present(version, vci) ? EXIT_SUCCESS : EXIT_FAILURE;
}

static const struct tag tags[] = {
	{ "APIVER",  "-",          "vserver interface version (hex)",        false, tag_apiver },
	{ "VCI",     "-",          "kernel feature mask (hex)",              false, tag_vci },
	{ "XID",     "pid|self",   "context id of a process",                false, tag_xid },
	{ "INITPID", "ctx",        "pid of the context's init, 0 if none",   false, tag_initpid },
	{ "RUNNING", "ctx",        "exit 0 if the context has tasks, else 1", false, tag_running },
	{ "BCAPS",   "ctx",        "capability bound of the context",        false, tag_bcaps },
	{ "CCAPS",   "ctx",        "context capabilities of the context",    false, tag_ccaps },
	{ "CFLAGS",  "ctx",        "flags of the context",                   false, tag_cflags },
	{ "CONTEXT", "ctx",        "context id (of a guest name)",           false, tag_context },
	{ "NAME",    "xid",        "name of the guest with that context id", false, tag_name },
	{ "CFGDIR",  "guest",      "configuration directory of the guest",   false, tag_cfgdir },
	{ "VDIR",    "guest",      "root directory of the guest",            false, tag_vdir },
	{ "FEATURE", "- <name>",   "exit 0 if the kernel has <name>, else 1", true,  tag_feature },
};

#define N_TAGS (sizeof(tags) / sizeof(tags[0]))

static const struct tag *find_tag(const char *name)
{
	size_t i;

	for (i = 0; i < N_TAGS; i++)
		if (strcasecmp(tags[i].name, name) == 0)
			return &tags[i];
	return NULL;
}

VU_NORETURN static void unknown_tag(const char *name)
{
	size_t i;

	fprintf(stderr, "%s: unknown tag '%s'; known tags:",
		program_invocation_short_name, name);
	for (i = 0; i < N_TAGS; i++)
		fprintf(stderr, "%s %s", i ? "," : "", tags[i].name);
	fputc('\n', stderr);
	exit(EXIT_FAILURE);
}

VU_NORETURN static void list_tags(void)
{
	size_t i;

	for (i = 0; i < N_TAGS; i++)
		printf("%-8s %-9s %s\n", tags[i].name, tags[i].what,
		       tags[i].help);
	printf("\nFeatures for FEATURE:\n");
	for (i = 0; i < N_FEATURES; i++)
		printf("%-8s %s\n", features[i].name, features[i].help);
	exit(EXIT_SUCCESS);
}

VU_NORETURN static void usage(void)
{
	const char *p = program_invocation_short_name;

	printf("Usage:\n"
	       " %s [-q] <what> <tag> [<name>]\n"
	       " %s -l\n"
	       "\n"
	       "Print information about the vserver kernel, a context or a guest.\n"
	       "<what> is a pid, \"self\", a context, a guest name or \"-\", as <tag> needs;\n"
	       "a context is an id or the name of a guest configured with one.\n"
	       "\n"
	       "Tags:\n"
	       " APIVER           vserver interface version of the kernel (hex)\n"
	       " VCI              feature mask of the kernel (hex)\n"
	       " XID              context id of pid <what> (\"self\" or \"-\": this process)\n"
	       " INITPID          pid of the init process of context <what>\n"
	       " RUNNING          exit 0 if context <what> has tasks, 1 if not\n"
	       " BCAPS            capability bound of context <what>\n"
	       " CCAPS            context capabilities of context <what>\n"
	       " CFLAGS           flags of context <what>\n"
	       " CONTEXT          context id of <what> (a guest name or an id)\n"
	       " NAME             name of the guest with context id <what>\n"
	       " CFGDIR           configuration directory of guest <what>\n"
	       " VDIR             root directory of guest <what>\n"
	       " FEATURE <name>   exit 0 if the kernel has feature <name>, 1 if not\n"
	       "\n"
	       "Options:\n"
	       " -q, --quiet      print nothing, only set the exit status\n"
	       " -l, --list       list the tags and features, and exit\n"
	       " -h, --help       display this help\n"
	       " -V, --version    display version\n"
	       "\n"
	       "Exit status: 0 success or yes, 1 failure or no,\n"
	       "3 kernel lacks vserver support.\n", p, p);
	exit(EXIT_SUCCESS);
}

static void parse_args(int argc, char **argv, struct query *q,
		       const struct tag **tag)
{
	static const struct option longopts[] = {
		{ "quiet",   no_argument, NULL, 'q' },
		{ "list",    no_argument, NULL, 'l' },
		{ "help",    no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c, nargs;

	while ((c = getopt_long(argc, argv, "+qlhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'q':
			q->quiet = true;
			break;
		case 'l':
			list_tags();
		case 'h':
			usage();
		case 'V':
			vu_print_version();
		default:
			vu_try_help();
		}
	}
	nargs = argc - optind;
	if (nargs < 2) {
		warnx("%s", nargs ? "missing tag" : "missing <what> and <tag>");
		vu_try_help();
	}
	q->what = argv[optind];
	*tag = find_tag(argv[optind + 1]);
	if (*tag == NULL)
		unknown_tag(argv[optind + 1]);
	if ((*tag)->needs_arg && nargs < 3)
		errx(EXIT_FAILURE, "%s needs a name; try %s -l",
		     (*tag)->name, program_invocation_short_name);
	if (nargs > 2 + (*tag)->needs_arg)
		errx(EXIT_FAILURE, "unexpected argument '%s'",
		     argv[optind + 2 + (*tag)->needs_arg]);
	q->arg = (*tag)->needs_arg ? argv[optind + 2] : NULL;
}

int main(int argc, char **argv)
{
	struct query q = { .quiet = false };
	const struct tag *tag;

	vu_close_stdout();
	parse_args(argc, argv, &q, &tag);
	return tag->run(&q);
}
