// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vps - ps(1) over every context: runs ps in the spectator context and
 * adds the context id and guest name of each process after its PID.
 */
#include "config.h"

#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libvserver.h"
#include "tool.h"

#define XID_WIDTH 7		/* strlen("CONTEXT") */

/* Where ps put its PID column, learnt from the header line. */
struct layout {
	size_t start, end;	/* of the word "PID" in the header */
	size_t slot_start;	/* end of the header word before it */
	size_t slot_end;	/* start of the header word after it */
	int field;		/* PID is the field-th word */
	int name_width;
};

VU_NORETURN static void usage(void)
{
	printf("Usage:\n"
	       " %s [<ps-option>...]\n"
	       "\n"
	       "Run ps(1) with the given options in the spectator context, which sees\n"
	       "the processes of every context, and add two columns after PID: CONTEXT,\n"
	       "the context id of the process, and NAME, the name of its guest (\"host\"\n"
	       "for 0, \"spectator\" for 1, - when no guest has that id).\n"
	       "\n"
	       "Options of its own, only as the first argument:\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "A first argument \"--\" is dropped, so \"%s -- -V\" runs \"ps -V\".\n"
	       "\n"
	       "Exit status: that of ps; else 1 failure, 3 kernel lacks vserver\n"
	       "support, 126 ps not executable, 127 ps not found.\n",
	       program_invocation_short_name, program_invocation_short_name);
	exit(EXIT_SUCCESS);
}

/* The next word of line at or after pos: [*start, *end); false if none. */
static bool next_word(const char *line, size_t pos, size_t *start, size_t *end)
{
	while (line[pos] && isspace((unsigned char)line[pos]))
		pos++;
	if (line[pos] == '\0')
		return false;
	*start = pos;
	while (line[pos] && !isspace((unsigned char)line[pos]))
		pos++;
	*end = pos;
	return true;
}

static bool find_pid_column(const char *header, struct layout *l)
{
	size_t s, e, pos = 0, prev_end = 0;
	int field = 0;

	while (next_word(header, pos, &s, &e)) {
		if (e - s == 3 && strncmp(header + s, "PID", 3) == 0) {
			l->start = s;
			l->end = e;
			l->slot_start = prev_end;
			l->field = field;
			l->slot_end = next_word(header, e, &s, &e) ? s : (size_t)-1;
			return true;
		}
		prev_end = e;
		pos = e;
		field++;
	}
	return false;
}

static bool all_digits(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return len > 0;
}

/*
 * The pid in a process line: a number in the header's PID slot, the one
 * right below "PID" if there are several (a numeric user before it may
 * reach into the slot); else the field-th word.
 */
static bool find_pid(const char *line, const struct layout *l,
		     size_t *start, size_t *end)
{
	size_t s, e, pos;
	bool found = false;
	int field = 0;

	for (pos = 0; next_word(line, pos, &s, &e) && s < l->slot_end; pos = e) {
		if (e <= l->slot_start || !all_digits(line + s, e - s))
			continue;
		if (!found || (s < l->end && e > l->start)) {
			*start = s;
			*end = e;
			found = true;
		}
	}
	if (found)
		return true;
	for (pos = 0; next_word(line, pos, &s, &e); pos = e)
		if (field++ == l->field) {
			*start = s;
			*end = e;
			return all_digits(line + s, e - s);
		}
	return false;
}

static void print_columns(const char *xid, const char *name, int width)
{
	printf(" %*s %-*s", XID_WIDTH, xid, width, name);
}

static void print_process(const char *line, size_t at, pid_t pid,
			  const struct vc_guests *guests, int width)
{
	const char *name = NULL;
	char xidbuf[16] = "-";
	vc_xid_t xid;

	/* A process that exited since ps listed it has no context left. */
	if (pid > 0 && vc_task_xid(pid, &xid) == 0) {
		snprintf(xidbuf, sizeof(xidbuf), "%u", (unsigned int)xid);
		name = vc_guests_name(guests, xid);
	} else if (pid > 0 && errno != ESRCH) {
		vu_err_vc("cannot get the context of process %d", (int)pid);
	}
	printf("%.*s", (int)at, line);
	print_columns(xidbuf, name ? name : "-", width);
	fputs(line + at, stdout);
}

static void print_header(const char *header, const struct layout *l,
			 size_t pid_end, int width)
{
	/* Below a left-aligned "PID", pids may end further right. */
	size_t at = pid_end >= l->end && pid_end <= l->slot_end ? pid_end : l->end;

	printf("%.*s", (int)at, header);
	print_columns("CONTEXT", "NAME", width);
	fputs(header + at, stdout);
}

/*
 * Copy ps's output, with the two columns added at the same place in the
 * header and in every process line.  The header waits for the first
 * process line, which shows where ps ends its pids.
 */
static void annotate(FILE *in, const struct vc_guests *guests, int width)
{
	char *header = NULL, *line = NULL;
	size_t header_cap = 0, cap = 0, s, e;
	struct layout l;
	bool held;

	if (getline(&header, &header_cap, in) <= 0)
		goto out;
	held = find_pid_column(header, &l);
	if (!held) {
		warnx("no PID column in the output of ps: contexts not shown");
		fputs(header, stdout);
		while (getline(&line, &cap, in) > 0)
			fputs(line, stdout);
		goto out;
	}
	while (getline(&line, &cap, in) > 0) {
		bool found = find_pid(line, &l, &s, &e);

		if (held) {
			print_header(header, &l, found ? e : l.end, width);
			held = false;
		}
		if (found)
			print_process(line, e, (pid_t)strtol(line + s, NULL, 10),
				      guests, width);
		else
			fputs(line, stdout);
	}
	if (held)
		print_header(header, &l, l.end, width);
out:
	free(header);
	free(line);
}

/* Wide enough for the names of the guests, within reason. */
static int name_width(const struct vc_guests *guests)
{
	size_t width = strlen("spectator"), i;

	for (i = 0; i < guests->count; i++)
		if (strlen(guests->list[i].name) > width)
			width = strlen(guests->list[i].name);
	return width > 16 ? 16 : (int)width;
}

int main(int argc, char **argv)
{
	struct vc_guests guests;
	int first, fds[2], rc;
	FILE *in;
	pid_t pid;

	vu_close_stdout();
	first = vu_passthrough_options(argc, argv, usage);
	if (vc_guests_load(&guests) < 0)
		err(EXIT_FAILURE, "cannot read the guests in %s", vc_confdir());

	vu_enter_spectator();
	if (pipe(fds) < 0)
		err(EXIT_FAILURE, "cannot create a pipe");
	pid = fork();
	if (pid < 0)
		err(EXIT_FAILURE, "cannot fork");
	if (pid == 0) {
		close(fds[0]);
		if (dup2(fds[1], STDOUT_FILENO) < 0)
			err(EXIT_FAILURE, "cannot redirect the output of ps");
		close(fds[1]);
		argv[first - 1] = "ps";
		vu_exec(argv + first - 1);
	}
	close(fds[1]);
	in = fdopen(fds[0], "r");
	if (in == NULL)
		err(EXIT_FAILURE, "cannot read the output of ps");
	annotate(in, &guests, name_width(&guests));
	fclose(in);
	rc = vu_wait_child(pid);
	vc_guests_free(&guests);
	return rc;
}
