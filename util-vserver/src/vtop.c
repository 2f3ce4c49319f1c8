// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vtop - top(1) over every context: runs top in the spectator context.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "libvserver.h"
#include "tool.h"

VU_NORETURN static void usage(void)
{
	printf("Usage:\n"
	       " %s [<top-option>...]\n"
	       "\n"
	       "Run top(1) with the given options in the spectator context, which sees\n"
	       "the processes of every context.  Inside a guest, top runs in the guest.\n"
	       "\n"
	       "Options of its own, only as the first argument:\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "A first argument \"--\" is dropped, so \"%s -- -h\" runs \"top -h\".\n"
	       "\n"
	       "Exit status: that of top; else 1 failure, 3 kernel lacks vserver\n"
	       "support, 126 top not executable, 127 top not found.\n",
	       program_invocation_short_name, program_invocation_short_name);
	exit(EXIT_SUCCESS);
}

int main(int argc, char **argv)
{
	int first;

	vu_close_stdout();
	first = vu_passthrough_options(argc, argv, usage);
	vu_enter_spectator();
	argv[first - 1] = "top";
	vu_exec(argv + first - 1);
}
