// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nattribute - set or show the capabilities and flags of a network
 * context, then execute a command.
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
 * The attributes in the order of setting: the flags come last, as
 * clearing state_admin ends further changes.
 */
enum { A_NCAPS, A_FLAGS, N_ATTRIBUTES };

struct attribute {
	const char *label;	/* for --get */
	const char *what;	/* for messages */
	const char *option;
	const struct vc_bit_names *names;
	int (*get)(vc_nid_t nid, uint64_t *value, uint64_t *mask);
	int (*set)(vc_nid_t nid, uint64_t value, uint64_t mask);
};

static const struct attribute attributes[N_ATTRIBUTES] = {
	[A_NCAPS] = { "ncaps", "network capabilities", "--ncap", &vc_ncaps,
		      vc_get_ncaps, vc_set_ncaps },
	[A_FLAGS] = { "flags", "network flags", "--flag", &vc_nflags,
		      vc_get_nflags, vc_set_nflags },
};

struct options {
	const char *nid_arg;
	vc_nid_t nid;		/* VU_NID_SELF until resolved */
	bool have[N_ATTRIBUTES];
	struct vc_flag_change change[N_ATTRIBUTES];
	bool get;
	char **command;
};

VU_NORETURN static void usage(void)
{
	printf("Usage:\n"
	       " %s --nid <nid> [options] [--] [<command> [<arg>...]]\n"
	       "\n"
	       "Set the capabilities or flags of a network context, or print them;\n"
	       "then run a command, if one is given.\n"
	       "\n"
	       "Options:\n"
	       "     --nid <nid>         the network context, 2..65535, or self (the caller's)\n"
	       "     --ncap <list>       network capabilities: name adds, ~name removes\n"
	       "     --flag <list>       network flags: name sets, ~name clears\n"
	       "     --secure            the secure defaults: no network capability;\n"
	       "                           lback_remap, hide_lback, hide_netif set and\n"
	       "                           lback_allow cleared (--ncap, --flag change it further)\n"
	       "     --get               print the capabilities and flags\n"
	       "     --set               accepted for old scripts; setting needs no option\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "\n"
	       "Lists are comma-separated; options may be repeated.\n"
	       "\n"
	       "Exit status: that of <command>, else 0 success, 1 failure, 3 kernel\n"
	       "lacks vserver or network context support, 126 command not executable,\n"
	       "127 command not found.\n"
	       "\n"
	       "See nattribute(8) for the names.\n", program_invocation_short_name);
	exit(EXIT_SUCCESS);
}

static void parse_args(int argc, char **argv, struct options *o)
{
	enum {
		/* In the order of the attributes. */
		OPT_NCAP = 0x100, OPT_FLAG,
		OPT_NID, OPT_SECURE, OPT_GET, OPT_SET,
	};
	static const struct option longopts[] = {
		{ "nid",     required_argument, NULL, OPT_NID },
		{ "ncap",    required_argument, NULL, OPT_NCAP },
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
		case OPT_NID:
			o->nid = vu_nid_or_die(optarg, "--nid", true);
			o->nid_arg = optarg;
			break;
		case OPT_NCAP:
		case OPT_FLAG:
			a = c - OPT_NCAP;
			vu_bits_or_die(attributes[a].names, optarg,
				       attributes[a].option, &o->change[a]);
			o->have[a] = true;
			break;
		case OPT_SECURE:
			secure = true;
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
	if (secure) {
		vc_bits_secure(&o->change[A_NCAPS], VC_NCAPS_SECURE,
			       vc_bit_all(&vc_ncaps) & ~VC_NCAPS_SECURE);
		vc_bits_secure(&o->change[A_FLAGS], VC_NXF_SECURE_SET,
			       VC_NXF_SECURE_CLEAR);
		o->have[A_NCAPS] = o->have[A_FLAGS] = true;
	}
	o->command = argv + optind;
}

static void check_args(const struct options *o)
{
	uint64_t one_time = o->change[A_FLAGS].set & NXF_ONE_TIME;
	size_t i;

	/* The kernel would ignore it: say so rather than pretend. */
	if (one_time)
		errx(EXIT_FAILURE, "invalid --flag argument: %s can only be cleared (~%s)",
		     vc_bit_name(&vc_nflags, one_time & -one_time),
		     vc_bit_name(&vc_nflags, one_time & -one_time));
	if (o->nid_arg == NULL)
		errx(EXIT_FAILURE, "--nid is required (a network context id, "
		     "or self)");
	for (i = 0; i < N_ATTRIBUTES; i++)
		if (o->have[i])
			return;
	if (!o->get && o->command[0] == NULL) {
		warnx("nothing to do: give --ncap, --flag, --secure, --get or a command");
		vu_try_help();
	}
}

static void set_attribute(const struct attribute *a, vc_nid_t nid,
			  const struct vc_flag_change *chg)
{
	if (a->set(nid, chg->set, vc_flags_mask(chg)) < 0)
		vu_err_net("cannot set the %s of network context %u", a->what,
			   (unsigned int)nid);
}

static void print_attribute(const struct attribute *a, vc_nid_t nid)
{
	uint64_t value;

	if (a->get(nid, &value, NULL) < 0)
		vu_err_net("cannot get the %s of network context %u", a->what,
			   (unsigned int)nid);
	vu_print_bits(a->label, a->names, value);
}

int main(int argc, char **argv)
{
	struct options opts = { .get = false };
	size_t i;

	vu_close_stdout();
	parse_args(argc, argv, &opts);
	check_args(&opts);
	if (opts.nid == VU_NID_SELF)
		opts.nid = vu_own_nid_or_die("--nid");

	for (i = 0; i < N_ATTRIBUTES; i++)
		if (opts.have[i])
			set_attribute(&attributes[i], opts.nid, &opts.change[i]);
	if (opts.get)
		for (i = 0; i < N_ATTRIBUTES; i++)
			print_attribute(&attributes[i], opts.nid);

	if (opts.command[0] == NULL)
		return EXIT_SUCCESS;
	vu_exec(opts.command);
}
