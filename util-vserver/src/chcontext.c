// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * chcontext - the original interface: run a command in context N,
 * creating the context if it does not exist yet.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "libvserver.h"
#include "tool.h"

/*
 * Create-or-enter races with the last task of the context exiting
 * between the two calls; a few rounds settle it.
 */
#define ENTER_ATTEMPTS 3

/* The kernel's limit for host and domain names (__NEW_UTS_LEN). */
#define UTS_NAME_MAX 64

struct options {
	const char *xid_opt;	/* --ctx or --xid, for messages */
	const char *xid_arg;
	bool have_flags;
	struct vc_flag_change flags;
	bool have_caps;		/* --cap or --secure */
	bool secure;
	struct vc_flag_change caps;
	const char *hostname;
	const char *domainname;
	bool disconnect;
	bool silent;
	char **command;
};

enum entered { GONE, CREATED, ENTERED };

VU_NORETURN static void usage(void)
{
	printf("Usage:\n"
	       " %s --ctx <xid> [options] [--] <command> [<arg>...]\n"
	       "\n"
	       "Run a command in security context <xid>, creating the context\n"
	       "if it does not exist.\n"
	       "\n"
	       "Options:\n"
	       "     --ctx <xid>         context id: 2..65535, or 1 (spectator)\n"
	       "     --xid <xid>         same as --ctx\n"
	       "     --flag <list>       comma-separated context flags for a new context;\n"
	       "                           a leading ~ clears a flag that is set by default\n"
	       "     --cap <list>        capabilities to keep (CAP_NAME) or remove (~CAP_NAME,\n"
	       "                           !CAP_NAME) from the new context's bound and the command\n"
	       "     --secure            keep only the capabilities a guest needs\n"
	       "     --hostname <name>   run with this host name (in a new UTS namespace)\n"
	       "     --domainname <name> run with this NIS domain name (same)\n"
	       "     --disconnect        run the command in the background, in a new session\n"
	       "     --silent            do not report the context on stderr\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "\n"
	       "Exit status: that of <command>; else 1 failure, 3 kernel lacks vserver\n"
	       "support, 126 command not executable, 127 command not found;\n"
	       "0 at once with --disconnect.\n"
	       "\n"
	       "See chcontext(8) and vcontext(8) for the flag names, vattribute(8) for\n"
	       "the capability names.\n",
	       program_invocation_short_name);
	exit(EXIT_SUCCESS);
}

static const char *uts_name_or_die(const char *name, const char *option)
{
	if (name[0] == '\0' || strlen(name) > UTS_NAME_MAX)
		errx(EXIT_FAILURE, "invalid %s argument '%s': expected 1 to %d bytes",
		     option, name, UTS_NAME_MAX);
	return name;
}

static void parse_args(int argc, char **argv, struct options *o)
{
	enum {
		OPT_CTX = 0x100, OPT_XID, OPT_FLAG, OPT_CAP, OPT_SECURE,
		OPT_HOSTNAME, OPT_DOMAINNAME, OPT_DISCONNECT, OPT_SILENT,
	};
	static const struct option longopts[] = {
		{ "ctx",        required_argument, NULL, OPT_CTX },
		{ "xid",        required_argument, NULL, OPT_XID },
		{ "flag",       required_argument, NULL, OPT_FLAG },
		{ "cap",        required_argument, NULL, OPT_CAP },
		{ "secure",     no_argument,       NULL, OPT_SECURE },
		{ "hostname",   required_argument, NULL, OPT_HOSTNAME },
		{ "domainname", required_argument, NULL, OPT_DOMAINNAME },
		{ "disconnect", no_argument,       NULL, OPT_DISCONNECT },
		{ "silent",     no_argument,       NULL, OPT_SILENT },
		{ "help",       no_argument,       NULL, 'h' },
		{ "version",    no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_CTX:
		case OPT_XID:
			o->xid_opt = c == OPT_CTX ? "--ctx" : "--xid";
			o->xid_arg = optarg;
			break;
		case OPT_FLAG:
			vu_bits_or_die(&vc_cflags, optarg, "--flag", &o->flags);
			o->have_flags = true;
			break;
		case OPT_CAP:
			vu_bits_or_die(&vc_bcaps, optarg, "--cap", &o->caps);
			o->have_caps = true;
			break;
		case OPT_SECURE:
			o->secure = o->have_caps = true;
			break;
		case OPT_HOSTNAME:
			o->hostname = uts_name_or_die(optarg, "--hostname");
			break;
		case OPT_DOMAINNAME:
			o->domainname = uts_name_or_die(optarg, "--domainname");
			break;
		case OPT_DISCONNECT:
			o->disconnect = true;
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
	if (o->secure)
		vc_bcaps_secure(&o->caps);
	o->command = argv + optind;
}

static vc_xid_t check_args(const struct options *o)
{
	/* The original allocated an id when none was given; this kernel
	 * has no dynamic ids, so say so instead of failing obscurely. */
	vc_xid_t xid;

	if (o->xid_arg == NULL)
		errx(EXIT_FAILURE, "dynamic contexts are not supported: "
		     "the kernel has no dynamic context ids; use --ctx <xid>");
	xid = vu_xid_or_die(o->xid_arg, o->xid_opt, VX_ID_SPECTATOR);
	if (xid == VX_ID_SPECTATOR && o->have_flags)
		errx(EXIT_FAILURE, "--flag cannot be used with the spectator context");
	if (xid == VX_ID_SPECTATOR && o->have_caps)
		errx(EXIT_FAILURE, "--cap and --secure cannot be used with the spectator context");
	if (o->command[0] == NULL) {
		warnx("no command given");
		vu_try_help();
	}
	return xid;
}

/* A UTS namespace of the command's own, so the host keeps its names. */
static void set_uts_names(const struct options *o)
{
	if (o->hostname == NULL && o->domainname == NULL)
		return;
	if (unshare(CLONE_NEWUTS) < 0)
		err(EXIT_FAILURE, "cannot create a UTS namespace");
	if (o->hostname && sethostname(o->hostname, strlen(o->hostname)) < 0)
		err(EXIT_FAILURE, "cannot set the host name to '%s'", o->hostname);
	if (o->domainname &&
	    setdomainname(o->domainname, strlen(o->domainname)) < 0)
		err(EXIT_FAILURE, "cannot set the domain name to '%s'",
		    o->domainname);
}

static enum entered try_enter(vc_xid_t xid, const struct options *o)
{
	uint64_t flags = vc_flags_apply(VXF_INIT_SET, &o->flags);

	if (vc_ctx_create(xid, flags) == 0)
		return CREATED;
	if (errno != EEXIST && errno != EBUSY)
		vu_err_vc("cannot create context %u", (unsigned int)xid);

	if (vc_ctx_migrate(xid, 0) == 0) {
		if (o->have_flags && !o->silent)
			warnx("context %u exists; --flag ignored",
			      (unsigned int)xid);
		return ENTERED;
	}
	if (errno != ESRCH)
		vu_err_vc("cannot enter context %u", (unsigned int)xid);
	return GONE;
}

static enum entered enter_context(vc_xid_t xid, const struct options *o)
{
	enum entered how;
	int i;

	/* The spectator has no context object: it can only be entered. */
	if (xid == VX_ID_SPECTATOR) {
		if (vc_ctx_migrate(xid, 0) < 0)
			vu_err_vc("cannot enter context %u", (unsigned int)xid);
		return ENTERED;
	}
	for (i = 0; i < ENTER_ATTEMPTS; i++) {
		how = try_enter(xid, o);
		if (how != GONE)
			return how;
	}
	errx(EXIT_FAILURE, "cannot enter context %u: it keeps disappearing",
	     (unsigned int)xid);
}

/*
 * A context it created: set its bound from inside while it is in setup,
 * then end the setup, so that the command runs as a guest: bounded and
 * unable to change its context.  The command's bounding set is lowered
 * before (that needs CAP_SETPCAP, which the bound may lack), its held
 * capabilities after (ending the setup needs CAP_SYS_ADMIN and
 * CAP_SYS_RESOURCE), so that /proc shows the bound too.
 */
static void finish_setup(vc_xid_t xid, const struct options *o)
{
	if (o->have_caps) {
		if (vc_set_bcaps(xid, o->caps.set,
				 vc_flags_mask(&o->caps)) < 0)
			vu_err_vc("cannot set the capability bound of context %u",
				  (unsigned int)xid);
		vu_drop_bound(o->caps.clear);
	}
	if (vc_set_cflags(xid, 0, VXF_STATE_SETUP) < 0)
		vu_err_vc("cannot end the setup of context %u",
			  (unsigned int)xid);
	if (o->have_caps)
		vu_drop_held(o->caps.clear);
}

/* An existing context keeps its bound: --cap limits only the command. */
static void limit_command(vc_xid_t xid, const struct options *o)
{
	if (!o->silent)
		warnx("context %u exists; its capability bound is unchanged, "
		      "--cap and --secure limit only this command",
		      (unsigned int)xid);
	vu_drop_caps(o->caps.clear);
}

/* The caller gets its status back at once; the command runs on alone. */
static void disconnect(void)
{
	pid_t pid = fork();

	if (pid < 0)
		err(EXIT_FAILURE, "cannot fork");
	if (pid > 0)
		exit(EXIT_SUCCESS);
	if (setsid() < 0)
		err(EXIT_FAILURE, "cannot start a new session");
}

int main(int argc, char **argv)
{
	struct options opts = { .xid_opt = "--ctx" };
	enum entered how;
	vc_xid_t xid;

	vu_close_stdout();
	parse_args(argc, argv, &opts);
	xid = check_args(&opts);

	set_uts_names(&opts);
	how = enter_context(xid, &opts);
	if (how == CREATED)
		finish_setup(xid, &opts);
	else if (opts.have_caps)
		limit_command(xid, &opts);
	if (!opts.silent)
		fprintf(stderr, "New security context is %u\n",
			(unsigned int)xid);
	if (opts.disconnect)
		disconnect();

	vu_exec(opts.command);
}
