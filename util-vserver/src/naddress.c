// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * naddress - add, remove or set the addresses of a network context, then
 * execute a command.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/socket.h>

#include "libvserver.h"
#include "tool.h"

enum mode { MODE_NONE, MODE_ADD, MODE_REMOVE, MODE_SET };

struct options {
	int mode;		/* enum mode */
	const char *mode_opt;
	const char *nid_arg;
	vc_nid_t nid;		/* VU_NID_SELF until resolved */
	struct vu_addrs addrs;
	char **command;
};

VU_NORETURN static void usage(void)
{
	printf("Usage:\n"
	       " %s (--add|--remove|--set) --nid <nid> <address>... [--] [<command> [<arg>...]]\n"
	       "\n"
	       "Add, remove or set the addresses of a network context; then run a\n"
	       "command, if one is given.\n"
	       "\n"
	       "Options:\n"
	       "     --add               add the addresses\n"
	       "     --remove            remove the addresses (each as it was added)\n"
	       "     --set               remove every IPv4 and IPv6 address first, then add\n"
	       "     --nid <nid>         the network context, 2..65535, or self (the caller's)\n"
	       "\n"
	       "Addresses (each option may be repeated, 64 entries per family at most):\n"
	       "     --ip <addr>[/<mask>]  an IPv4 or IPv6 address, or localhost; an IPv4\n"
	       "                           mask is a length (/24) or a netmask (/255.255.255.0)\n"
	       "     --net <addr>/<mask>   every address of a subnet\n"
	       "     --range <first>-<last>  every IPv4 address from <first> to <last>\n"
	       "     --bcast <addr>      the IPv4 broadcast address\n"
	       "     --lback <addr>      the address 127.0.0.1 stands for, in 127.0.0.0/8\n"
	       "\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "\n"
	       "Exit status: that of <command>, else 0 success, 1 failure, 3 kernel\n"
	       "lacks vserver or network context support, 126 command not executable,\n"
	       "127 command not found.\n"
	       "\n"
	       "See naddress(8).\n", program_invocation_short_name);
	exit(EXIT_SUCCESS);
}

static void parse_args(int argc, char **argv, struct options *o)
{
	enum {
		OPT_ADD = 0x100, OPT_REMOVE, OPT_SET, OPT_NID,
	};
	static const struct option longopts[] = {
		{ "add",     no_argument,       NULL, OPT_ADD },
		{ "remove",  no_argument,       NULL, OPT_REMOVE },
		{ "set",     no_argument,       NULL, OPT_SET },
		{ "nid",     required_argument, NULL, OPT_NID },
		VU_ADDR_LONGOPTS,
		{ "help",    no_argument,       NULL, 'h' },
		{ "version", no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_ADD:
			vu_set_mode(&o->mode, &o->mode_opt, MODE_ADD, "--add");
			break;
		case OPT_REMOVE:
			vu_set_mode(&o->mode, &o->mode_opt,
				    MODE_REMOVE, "--remove");
			break;
		case OPT_SET:
			vu_set_mode(&o->mode, &o->mode_opt, MODE_SET, "--set");
			break;
		case OPT_NID:
			o->nid = vu_nid_or_die(optarg, "--nid", true);
			o->nid_arg = optarg;
			break;
		case VU_OPT_IP:
		case VU_OPT_NET:
		case VU_OPT_RANGE:
		case VU_OPT_BCAST:
		case VU_OPT_LBACK:
			vu_addr_option(&o->addrs, c, optarg);
			break;
		case 'h':
			usage();
		case 'V':
			vu_print_version();
		default:
			vu_try_help();
		}
	}
	o->command = argv + optind;
}

static void check_args(struct options *o)
{
	size_t i;

	if (o->mode == MODE_NONE) {
		warnx("one of --add, --remove or --set is required");
		vu_try_help();
	}
	if (o->nid_arg == NULL)
		errx(EXIT_FAILURE, "--nid is required (a network context id, "
		     "or self)");
	if (o->addrs.count == 0) {
		warnx("no address given: use --ip, --net, --range, --bcast or --lback");
		vu_try_help();
	}
	/* The kernel removes entries of a list, which these are not. */
	for (i = 0; i < o->addrs.count; i++) {
		uint16_t type = o->addrs.list[i].addr.type;

		if (o->mode == MODE_REMOVE &&
		    (type == NXA_MOD_BCAST || type == NXA_MOD_LBACK))
			errx(EXIT_FAILURE, "--remove cannot remove %s '%s': the "
			     "broadcast and loopback addresses are replaced, "
			     "not removed", o->addrs.list[i].option,
			     o->addrs.list[i].text);
	}
}

int main(int argc, char **argv)
{
	static struct options opts;	/* the address list is large */

	vu_close_stdout();
	parse_args(argc, argv, &opts);
	check_args(&opts);
	if (opts.nid == VU_NID_SELF)
		opts.nid = vu_own_nid_or_die("--nid");

	switch (opts.mode) {
	case MODE_SET:
		if (vc_net_remove_all(opts.nid, AF_INET) < 0)
			vu_err_net("cannot remove the IPv4 addresses of network "
				   "context %u", (unsigned int)opts.nid);
		if (vc_net_remove_all(opts.nid, AF_INET6) < 0)
			vu_err_net("cannot remove the IPv6 addresses of network "
				   "context %u", (unsigned int)opts.nid);
		vu_addrs_add(opts.nid, &opts.addrs);
		break;
	case MODE_ADD:
		vu_addrs_add(opts.nid, &opts.addrs);
		break;
	default:
		vu_addrs_remove(opts.nid, &opts.addrs);
		break;
	}

	if (opts.command[0] == NULL)
		return EXIT_SUCCESS;
	vu_exec(opts.command);
}
