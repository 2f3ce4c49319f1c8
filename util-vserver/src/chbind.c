// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * chbind - run a command bound to some addresses: create a network
 * context holding only them, configure it, end its setup and execute
 * the command inside.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "libvserver.h"
#include "tool.h"

/*
 * Create-or-enter races with the last task of the network context
 * exiting between the two calls; a few rounds settle it.
 */
#define ENTER_ATTEMPTS 3

struct options {
	bool have_nid;
	vc_nid_t nid;
	struct vu_addrs addrs;
	struct vc_flag_change flags;
	bool have_ncaps;	/* --ncap or --secure */
	struct vc_flag_change ncaps;
	bool silent;
	char **command;
};

enum entered { GONE, CREATED, ENTERED };

VU_NORETURN static void usage(void)
{
	printf("Usage:\n"
	       " %s [--nid <nid>] --ip <addr>[/<mask>] [options] [--] <command> [<arg>...]\n"
	       "\n"
	       "Run a command in a new network context that holds only the given\n"
	       "addresses: what it binds to the wildcard address binds to the first\n"
	       "one, and 127.0.0.1 is a loopback address of its own.\n"
	       "\n"
	       "Options:\n"
	       "     --nid <nid>         network context id, 2..65535 (default: the lowest\n"
	       "                           free id from 49152); an existing one is entered\n"
	       "                           as it is\n"
	       "     --ip <addr>[/<mask>]  an IPv4 or IPv6 address, or localhost; repeatable\n"
	       "     --net <addr>/<mask>   every address of a subnet; repeatable\n"
	       "     --range <first>-<last>  every IPv4 address from <first> to <last>\n"
	       "     --bcast <addr>      the IPv4 broadcast address\n"
	       "     --lback <addr>      the address 127.0.0.1 stands for, in 127.0.0.0/8\n"
	       "     --flag <list>       network flags: name sets, ~name clears\n"
	       "     --ncap <list>       network capabilities: name adds, ~name removes\n"
	       "     --secure            the secure defaults: no network capability;\n"
	       "                           lback_remap, hide_lback, hide_netif set and\n"
	       "                           lback_allow cleared (--ncap, --flag change it further)\n"
	       "     --silent            do not report the new network context on stderr\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "\n"
	       "Everything is checked before the kernel is asked for anything; if the\n"
	       "kernel refuses a step, the new network context goes with chbind.\n"
	       "\n"
	       "Exit status: that of <command>; else 1 failure, 3 kernel lacks vserver\n"
	       "or network context support, 126 command not executable, 127 command\n"
	       "not found.\n"
	       "\n"
	       "See chbind(8) and nattribute(8) for the names.\n",
	       program_invocation_short_name);
	exit(EXIT_SUCCESS);
}

static void parse_args(int argc, char **argv, struct options *o)
{
	enum {
		OPT_NID = 0x100, OPT_FLAG, OPT_NCAP, OPT_SECURE, OPT_SILENT,
	};
	static const struct option longopts[] = {
		{ "nid",     required_argument, NULL, OPT_NID },
		VU_ADDR_LONGOPTS,
		{ "flag",    required_argument, NULL, OPT_FLAG },
		{ "ncap",    required_argument, NULL, OPT_NCAP },
		{ "secure",  no_argument,       NULL, OPT_SECURE },
		{ "silent",  no_argument,       NULL, OPT_SILENT },
		{ "help",    no_argument,       NULL, 'h' },
		{ "version", no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	bool secure = false;
	int c;

	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_NID:
			o->nid = vu_nid_or_die(optarg, "--nid", false);
			o->have_nid = true;
			break;
		case VU_OPT_IP:
		case VU_OPT_NET:
		case VU_OPT_RANGE:
		case VU_OPT_BCAST:
		case VU_OPT_LBACK:
			vu_addr_option(&o->addrs, c, optarg);
			break;
		case OPT_FLAG:
			vu_bits_or_die(&vc_nflags, optarg, "--flag", &o->flags);
			break;
		case OPT_NCAP:
			vu_bits_or_die(&vc_ncaps, optarg, "--ncap", &o->ncaps);
			o->have_ncaps = true;
			break;
		case OPT_SECURE:
			secure = true;
			break;
		case OPT_SILENT:
			o->silent = true;
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
		vc_bits_secure(&o->ncaps, VC_NCAPS_SECURE,
			       vc_bit_all(&vc_ncaps) & ~VC_NCAPS_SECURE);
		vc_bits_secure(&o->flags, VC_NXF_SECURE_SET, VC_NXF_SECURE_CLEAR);
		o->have_ncaps = true;
	}
	o->command = argv + optind;
}

static void check_args(const struct options *o)
{
	uint64_t one_time = o->flags.set & NXF_ONE_TIME;
	size_t i;

	/* The setup ends anyway, and admin is on unless ~state_admin. */
	if (one_time)
		errx(EXIT_FAILURE, "invalid --flag argument: %s can only be cleared (~%s)",
		     vc_bit_name(&vc_nflags, one_time & -one_time),
		     vc_bit_name(&vc_nflags, one_time & -one_time));
	for (i = 0; i < o->addrs.count; i++)
		if (strcmp(o->addrs.list[i].option, "--bcast") != 0 &&
		    strcmp(o->addrs.list[i].option, "--lback") != 0)
			break;
	if (i == o->addrs.count)
		errx(EXIT_FAILURE, "no address given: use --ip (or --net, --range)");
	if (o->command[0] == NULL) {
		warnx("no command given");
		vu_try_help();
	}
}

static enum entered try_enter(vc_nid_t nid, uint64_t flags)
{
	if (vc_net_create(nid, flags) == 0)
		return CREATED;
	if (errno != EEXIST)
		vu_err_net("cannot create network context %u", (unsigned int)nid);

	if (vc_net_migrate(nid) == 0) {
		warnx("network context %u exists: entered it as it is (its "
		      "addresses, flags and capabilities are left unchanged)",
		      (unsigned int)nid);
		return ENTERED;
	}
	if (errno == EACCES)
		errx(EXIT_FAILURE, "network context %u exists and accepts no "
		     "more tasks (state_admin is cleared, or it is private and "
		     "out of setup)", (unsigned int)nid);
	if (errno != ESRCH)
		vu_err_net("cannot enter network context %u", (unsigned int)nid);
	return GONE;
}

/* Create or enter the network context; its id in *nid. */
static enum entered enter_context(const struct options *o, uint64_t flags,
				  vc_nid_t *nid)
{
	enum entered how;
	int i;

	if (!o->have_nid) {
		if (vc_net_create_dynamic(flags, nid) == 0)
			return CREATED;
		if (errno == EEXIST)
			errx(EXIT_FAILURE, "cannot create a network context: "
			     "every id from %u to %u is taken; use --nid",
			     (unsigned int)VC_NID_DYNAMIC_MIN,
			     (unsigned int)NX_ID_MAX);
		vu_err_net("cannot create a network context");
	}
	*nid = o->nid;
	for (i = 0; i < ENTER_ATTEMPTS; i++) {
		how = try_enter(o->nid, flags);
		if (how != GONE)
			return how;
	}
	errx(EXIT_FAILURE, "cannot enter network context %u: it keeps "
	     "disappearing", (unsigned int)o->nid);
}

/*
 * Configure the network context chbind created, from inside (the host
 * context may configure the network context it is in while that has
 * state_admin).  Until the last step it is neither persistent nor out of
 * administration: if a step fails, chbind exits, and the network context
 * goes with its only task.  The last step ends the setup and applies
 * persistent and ~state_admin together.
 */
static void configure(vc_nid_t nid, const struct options *o, uint64_t flags)
{
	uint64_t last = NXF_STATE_SETUP;

	vu_addrs_add(nid, &o->addrs);
	if (o->have_ncaps &&
	    vc_set_ncaps(nid, o->ncaps.set, vc_flags_mask(&o->ncaps)) < 0)
		vu_err_net("cannot set the network capabilities of network "
			   "context %u", (unsigned int)nid);
	if (flags & NXF_PERSISTENT)
		last |= NXF_PERSISTENT;
	if (!(flags & NXF_STATE_ADMIN))
		last |= NXF_STATE_ADMIN;
	if (vc_set_nflags(nid, flags & last & ~NXF_STATE_SETUP, last) < 0)
		vu_err_net("cannot end the setup of network context %u",
			   (unsigned int)nid);
}

int main(int argc, char **argv)
{
	static struct options opts;	/* the address list is large */
	uint64_t flags, create_flags;
	vc_nid_t nid;

	vu_close_stdout();
	parse_args(argc, argv, &opts);
	check_args(&opts);

	flags = vc_flags_apply(VC_NXF_CREATE, &opts.flags);
	create_flags = (flags | NXF_STATE_SETUP | NXF_STATE_ADMIN) &
		       ~NXF_PERSISTENT;
	if (enter_context(&opts, create_flags, &nid) == CREATED) {
		configure(nid, &opts, flags);
		if (!opts.silent)
			fprintf(stderr, "New network context is %u\n",
				(unsigned int)nid);
	}

	vu_exec(opts.command);
}
