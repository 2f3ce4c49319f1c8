// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * reducecap - lower the capabilities of a command for good, or show the
 * capability sets of a process.  Works on any kernel: it uses the
 * capability bounding set, not vserver(2).
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "libvserver.h"
#include "tool.h"

struct options {
	bool have_caps;		/* --cap or --secure */
	struct vc_flag_change caps;
	bool show;
	const char *pid_arg;
	char **command;
};

VU_NORETURN static void usage(void)
{
	const char *p = program_invocation_short_name;

	printf("Usage:\n"
	       " %s [--secure] [--cap <list>] [--show] [--] <command> [<arg>...]\n"
	       " %s --show [--pid <pid>]\n"
	       "\n"
	       "Remove capabilities from the bounding set and from the sets of this\n"
	       "process, then run a command: neither it nor anything it executes can\n"
	       "get them back.  Or show the capability sets of a process.\n"
	       "\n"
	       "Options:\n"
	       "     --cap <list>        ~CAP_NAME or !CAP_NAME removes a capability;\n"
	       "                           CAP_NAME keeps one that --secure removes\n"
	       "     --secure            keep only the capabilities a guest needs\n"
	       "     --show              print the bounding, effective and permitted sets\n"
	       "                           (after the removal, before the command)\n"
	       "     --pid <pid>         with --show alone: of that process\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "\n"
	       "Exit status: that of <command>, else 0 success, 1 failure,\n"
	       "126 command not executable, 127 command not found.\n"
	       "\n"
	       "See vattribute(8) for the capability names.\n", p, p);
	exit(EXIT_SUCCESS);
}

static void parse_args(int argc, char **argv, struct options *o)
{
	enum { OPT_CAP = 0x100, OPT_SECURE, OPT_SHOW, OPT_PID };
	static const struct option longopts[] = {
		{ "cap",     required_argument, NULL, OPT_CAP },
		{ "secure",  no_argument,       NULL, OPT_SECURE },
		{ "show",    no_argument,       NULL, OPT_SHOW },
		{ "pid",     required_argument, NULL, OPT_PID },
		{ "help",    no_argument,       NULL, 'h' },
		{ "version", no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	bool secure = false;
	int c;

	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_CAP:
			vu_bits_or_die(&vc_bcaps, optarg, "--cap", &o->caps);
			o->have_caps = true;
			break;
		case OPT_SECURE:
			secure = o->have_caps = true;
			break;
		case OPT_SHOW:
			o->show = true;
			break;
		case OPT_PID:
			vu_uint_or_die(optarg, "--pid", 1, INT_MAX);
			o->pid_arg = optarg;
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
		vc_bcaps_secure(&o->caps);
	o->command = argv + optind;
}

static void check_args(const struct options *o)
{
	if (o->pid_arg && !o->show)
		errx(EXIT_FAILURE, "--pid is only valid with --show");
	if (o->pid_arg && (o->have_caps || o->command[0]))
		errx(EXIT_FAILURE, "--pid cannot be used with a command, --cap or "
		     "--secure: only this process's capabilities can be lowered");
	if (!o->show && o->command[0] == NULL) {
		warnx("no command given");
		vu_try_help();
	}
}

/* The CapBnd, CapEff and CapPrm lines of /proc/PID/status, by name. */
static void show(const char *pid)
{
	static const struct {
		const char *field, *label;
	} sets[] = {
		{ "CapBnd:", "bounding" },
		{ "CapEff:", "effective" },
		{ "CapPrm:", "permitted" },
	};
	char path[64], line[256];
	uint64_t value[3];
	bool seen[3] = { false, false, false };
	size_t i;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/status", pid);
	f = fopen(path, "r");
	if (f == NULL)
		err(EXIT_FAILURE, "cannot read %s", path);
	while (fgets(line, sizeof(line), f))
		for (i = 0; i < 3; i++)
			if (strncmp(line, sets[i].field, strlen(sets[i].field)) == 0)
				seen[i] = sscanf(line + strlen(sets[i].field),
						 "%" SCNx64, &value[i]) == 1;
	fclose(f);
	for (i = 0; i < 3; i++) {
		if (!seen[i])
			errx(EXIT_FAILURE, "no %s line in %s", sets[i].field, path);
		vu_print_bits(sets[i].label, &vc_bcaps, value[i]);
	}
}

int main(int argc, char **argv)
{
	struct options opts = { .show = false };

	vu_close_stdout();
	parse_args(argc, argv, &opts);
	check_args(&opts);

	if (opts.have_caps)
		vu_drop_caps(opts.caps.clear);
	if (opts.show)
		show(opts.pid_arg ? opts.pid_arg : "self");
	if (opts.command[0] == NULL)
		return EXIT_SUCCESS;
	vu_exec(opts.command);
}
