// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vattribute - set or show the capability bound, context capabilities
 * and flags of a context, then execute a command.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "libvserver.h"
#include "tool.h"

/*
 * One attribute of a context: its table of names and its commands.  The
 * order of the table is the order of setting: the flags come last, as
 * clearing state_setup or state_admin ends further changes.
 */
enum { A_BCAPS, A_CCAPS, A_FLAGS, N_ATTRIBUTES };

struct attribute {
	const char *label;	/* for --get */
	const char *what;	/* for messages */
	const char *option;
	const struct vc_bit_names *names;
	int (*get)(vc_xid_t xid, uint64_t *value, uint64_t *mask);
	int (*set)(vc_xid_t xid, uint64_t value, uint64_t mask);
};

static const struct attribute attributes[N_ATTRIBUTES] = {
	[A_BCAPS] = { "bcaps", "capability bound", "--bcap", &vc_bcaps,
		      vc_get_bcaps, vc_set_bcaps },
	[A_CCAPS] = { "ccaps", "context capabilities", "--ccap", &vc_ccaps,
		      vc_get_ccaps, vc_set_ccaps },
	[A_FLAGS] = { "flags", "flags", "--flag", &vc_cflags,
		      vc_get_cflags, vc_set_cflags },
};

struct options {
	const char *xid_arg;
	bool have[N_ATTRIBUTES];
	struct vc_flag_change change[N_ATTRIBUTES];
	bool get;
	char **command;
};

VU_NORETURN static void usage(void)
{
	printf("Usage:\n"
	       " %s [--xid <xid>] [options] [--] [<command> [<arg>...]]\n"
	       "\n"
	       "Set the capability bound, context capabilities or flags of a context,\n"
	       "or print them; then run a command, if one is given.\n"
	       "\n"
	       "Options:\n"
	       "     --xid <xid>         the context, 2..65535 (default: the caller's own)\n"
	       "     --bcap <list>       capability bound: CAP_NAME adds a capability,\n"
	       "                           ~CAP_NAME or !CAP_NAME removes it\n"
	       "     --ccap <list>       context capabilities: name adds, ~name removes\n"
	       "     --flag <list>       context flags: name sets, ~name clears\n"
	       "     --secure            bound: only the capabilities a guest needs\n"
	       "                           (--bcap changes it further)\n"
	       "     --get               print the bound, context capabilities and flags\n"
	       "     --set               accepted for old scripts; setting needs no option\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "\n"
	       "Lists are comma-separated; options may be repeated.\n"
	       "\n"
	       "Exit status: that of <command>, else 0 success, 1 failure,\n"
	       "3 kernel lacks vserver support, 126 command not executable,\n"
	       "127 command not found.\n"
	       "\n"
	       "See vattribute(8) for the names.\n", program_invocation_short_name);
	exit(EXIT_SUCCESS);
}

static void parse_args(int argc, char **argv, struct options *o)
{
	enum {
		/* In the order of the attributes. */
		OPT_BCAP = 0x100, OPT_CCAP, OPT_FLAG,
		OPT_XID, OPT_SECURE, OPT_GET, OPT_SET,
	};
	static const struct option longopts[] = {
		{ "xid",     required_argument, NULL, OPT_XID },
		{ "bcap",    required_argument, NULL, OPT_BCAP },
		{ "ccap",    required_argument, NULL, OPT_CCAP },
		{ "flag",    required_argument, NULL, OPT_FLAG },
		{ "secure",  no_argument,       NULL, OPT_SECURE },
		{ "get",     no_argument,       NULL, OPT_GET },
		{ "set",     no_argument,       NULL, OPT_SET },
		{ "help",    no_argument,       NULL, 'h' },
		{ "version", no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	bool secure = false;
	int a, c;

	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_XID:
			o->xid_arg = optarg;
			break;
		case OPT_BCAP:
		case OPT_CCAP:
		case OPT_FLAG:
			a = c - OPT_BCAP;
			vu_bits_or_die(attributes[a].names, optarg,
				       attributes[a].option, &o->change[a]);
			o->have[a] = true;
			break;
		case OPT_SECURE:
			secure = o->have[A_BCAPS] = true;
			break;
		case OPT_GET:
			o->get = true;
			break;
		case OPT_SET:
			break;
		case 'h':
			usage();
		case 'V':
			vu_print_version();
		default:
			vu_try_help();
		}
	}
	if (secure)
		vc_bcaps_secure(&o->change[A_BCAPS]);
	o->command = argv + optind;
}

static void check_args(const struct options *o)
{
	uint64_t one_time = o->change[A_FLAGS].set & VXF_ONE_TIME;
	size_t i;

	/* The kernel would ignore it: say so rather than pretend. */
	if (one_time)
		errx(EXIT_FAILURE, "invalid --flag argument: %s can only be cleared (~%s)",
		     vc_bit_name(&vc_cflags, one_time & -one_time),
		     vc_bit_name(&vc_cflags, one_time & -one_time));
	for (i = 0; i < N_ATTRIBUTES; i++)
		if (o->have[i])
			return;
	if (!o->get && o->command[0] == NULL) {
		warnx("nothing to do: give --bcap, --ccap, --flag, --secure, --get or a command");
		vu_try_help();
	}
}

static void set_attribute(const struct attribute *a, vc_xid_t xid,
			  const struct vc_flag_change *chg)
{
	if (a->set(xid, chg->set, vc_flags_mask(chg)) == 0)
		return;
	if (errno == EACCES)
		errx(EXIT_FAILURE, "cannot set the %s of context %u: it no longer "
		     "accepts administration (state_admin is cleared)",
		     a->what, (unsigned int)xid);
	vu_err_vc("cannot set the %s of context %u", a->what, (unsigned int)xid);
}

static void print_attribute(const struct attribute *a, vc_xid_t xid)
{
	uint64_t value;

	if (a->get(xid, &value, NULL) < 0)
		vu_err_vc("cannot get the %s of context %u", a->what,
			  (unsigned int)xid);
	vu_print_bits(a->label, a->names, value);
}

int main(int argc, char **argv)
{
	struct options opts = { .get = false };
	vc_xid_t xid;
	size_t i;

	vu_close_stdout();
	parse_args(argc, argv, &opts);
	check_args(&opts);
	xid = opts.xid_arg ? vu_xid_or_die(opts.xid_arg, "--xid", VX_ID_MIN)
			   : vu_own_xid_or_die("--xid");

	for (i = 0; i < N_ATTRIBUTES; i++)
		if (opts.have[i])
			set_attribute(&attributes[i], xid, &opts.change[i]);
	if (opts.get)
		for (i = 0; i < N_ATTRIBUTES; i++)
			print_attribute(&attributes[i], xid);

	if (opts.command[0] == NULL)
		return EXIT_SUCCESS;
	vu_exec(opts.command);
}
