// SPDX-License-Identifier: GPL-2.0
/*
 * netbench: loopback TCP microbenchmarks for tests/bench.
 *
 *   netbench [options] stream ADDRESS
 *	one connection to ADDRESS; the sender writes BYTES in CHUNK-sized
 *	writes, the receiver reads until end of file; reports MB/s
 *	(10^6 bytes per second).
 *   netbench [options] connect ADDRESS
 *	COUNT times: socket, connect, accept, close; reports connections/s.
 *
 * Client and server are one program: the parent listens on ADDRESS (port
 * 0: the kernel picks a free port, so runs never collide), forks the
 * server side and times the client side itself, from the first connect
 * to the moment the server is known to be done.  Process creation and
 * the listening socket are outside the timed part.
 *
 * Each repetition prints one line of key=value words, for scripts:
 *
 *   netbench mode=stream addr=127.0.0.1 rep=1 bytes=67108864 seconds=0.51234 value=130.98 unit=MB/s
 *
 * Exit status: 0 when every repetition ran, 1 when one failed (the reason
 * on stderr), 2 on a usage error.  Nothing is judged here: the numbers
 * are the caller's business.
 *
 * Plain C and libc only, so that it links statically for the test VM.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "endpoint.h"

#define DEFAULT_BYTES (64UL << 20)
#define DEFAULT_CHUNK (64UL << 10)
#define DEFAULT_COUNT 2000UL

enum mode { MODE_STREAM, MODE_CONNECT };

struct options {
	enum mode mode;
	const char *address;
	unsigned long bytes;	/* stream: bytes sent per repetition */
	unsigned long chunk;	/* stream: size of one write() */
	unsigned long count;	/* connect: connections per repetition */
	unsigned long repeat;	/* repetitions, one output line each */
	int cpu;		/* pin both sides to this CPU; -1: do not */
};

static const char *prog = "netbench";

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(saved));
	exit(1);
}

static void __attribute__((noreturn)) usage(int status)
{
	FILE *out = status ? stderr : stdout;

	fprintf(out,
		"Usage:\n"
		" %s [options] stream ADDRESS\n"
		" %s [options] connect ADDRESS\n"
		"\n"
		"Loopback TCP microbenchmarks: client and server in one program,\n"
		"connected over ADDRESS (IPv4 or IPv6, a local address).\n"
		"\n"
		"Modes:\n"
		" stream    send --bytes in --chunk writes over one connection;\n"
		"           prints MB/s (10^6 bytes per second)\n"
		" connect   --count times socket+connect+accept+close;\n"
		"           prints connections/s\n"
		"\n"
		"Options:\n"
		" -b, --bytes N     stream: bytes per repetition (default %lu)\n"
		" -w, --chunk N     stream: bytes per write (default %lu)\n"
		" -n, --count N     connect: connections per repetition (default %lu)\n"
		" -r, --repeat N    repetitions, one output line each (default 1)\n"
		" -c, --cpu N       run client and server on CPU N only\n"
		" -h, --help        display this help\n"
		"\n"
		"Output, one line per repetition:\n"
		" netbench mode=M addr=A rep=I <size>=N seconds=S value=V unit=U\n"
		"\n"
		"Exit status: 0 all repetitions ran, 1 failure, 2 usage error.\n",
		prog, prog, DEFAULT_BYTES, DEFAULT_CHUNK, DEFAULT_COUNT);
	exit(status);
}

/* parse_number: a decimal number from MIN to MAX for OPTION, or a usage
 * error that names the option. */
static unsigned long parse_number(const char *option, const char *arg,
				  unsigned long min, unsigned long max)
{
	unsigned long value;
	char *end;

	errno = 0;
	value = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-' || value < min || value > max) {
		fprintf(stderr, "%s: %s needs a number from %lu to %lu, not '%s'\n",
			prog, option, min, max, arg);
		usage(2);
	}
	return value;
}

static void parse_options(int argc, char **argv, struct options *opt)
{
	static const struct option longopts[] = {
		{ "bytes", required_argument, NULL, 'b' },
		{ "chunk", required_argument, NULL, 'w' },
		{ "count", required_argument, NULL, 'n' },
		{ "repeat", required_argument, NULL, 'r' },
		{ "cpu", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*opt = (struct options){
		.bytes = DEFAULT_BYTES,
		.chunk = DEFAULT_CHUNK,
		.count = DEFAULT_COUNT,
		.repeat = 1,
		.cpu = -1,
	};
	while ((c = getopt_long(argc, argv, "+b:w:n:r:c:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			opt->bytes = parse_number("--bytes", optarg, 1, ULONG_MAX);
			break;
		case 'w':
			/* (one write() of more than 1 GiB would be cut short anyway) */
			opt->chunk = parse_number("--chunk", optarg, 1, 1UL << 30);
			break;
		case 'n':
			opt->count = parse_number("--count", optarg, 1, ULONG_MAX);
			break;
		case 'r':
			opt->repeat = parse_number("--repeat", optarg, 1, ULONG_MAX);
			break;
		case 'c':
			opt->cpu = (int)parse_number("--cpu", optarg, 0, CPU_SETSIZE - 1);
			break;
		case 'h':
			usage(0);
		default:
			usage(2);
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "%s: need a mode and an address\n", prog);
		usage(2);
	}
	if (!strcmp(argv[optind], "stream")) {
		opt->mode = MODE_STREAM;
	} else if (!strcmp(argv[optind], "connect")) {
		opt->mode = MODE_CONNECT;
	} else {
		fprintf(stderr, "%s: unknown mode '%s'\n", prog, argv[optind]);
		usage(2);
	}
	opt->address = argv[optind + 1];
}

/* listen_or_die: the listening socket on EP (endpoint.h) for ADDRESS, or die. */
static int listen_or_die(struct endpoint *ep, int backlog, const char *address)
{
	const char *failed;
	int fd = listen_on(ep, backlog, &failed);

	if (fd < 0)
		die("cannot %s %s", failed, address);
	return fd;
}

static int connect_to(const struct endpoint *ep)
{
	int fd = socket(ep->family, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		die("cannot create a socket");
	if (connect(fd, (const struct sockaddr *)&ep->addr, ep->len) < 0)
		die("cannot connect");
	return fd;
}

/*
 * start_server: fork the server side, which runs SERVE on the listening
 * socket and exits 0 when it saw what it expected.  It dies with the
 * client: a client that fails leaves no server blocked in accept() behind.
 * The parent closes its copy of the listening socket: it only connects.
 */
static pid_t start_server(int lfd, int (*serve)(int, const struct options *),
			  const struct options *opt)
{
	pid_t parent = getpid();
	pid_t pid = fork();

	if (pid < 0)
		die("cannot fork");
	if (pid == 0) {
		/* (the parent may have died before the prctl: then go at once) */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
			_exit(1);
		_exit(serve(lfd, opt));
	}
	close(lfd);
	return pid;
}

/* wait_server: reap the server; its failure fails the repetition. */
static int wait_server(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			die("waitpid failed");
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	fprintf(stderr, "%s: the server side failed (wait status %#x)\n", prog, status);
	return -1;
}

/* stream_serve: accept one connection, read until end of file, check the
 * byte count, close (which tells the sender that everything arrived). */
static int stream_serve(int lfd, const struct options *opt)
{
	unsigned long total = 0;
	char *buf = malloc(opt->chunk);
	int fd = accept(lfd, NULL, NULL);
	ssize_t n = -1;

	if (buf && fd >= 0) {
		while ((n = read(fd, buf, opt->chunk)) > 0)
			total += (unsigned long)n;
	}
	free(buf);
	if (fd >= 0)
		close(fd);
	return n == 0 && total == opt->bytes ? 0 : 1;
}

/*
 * stream_once: the seconds from connect to the receiver's close.  The
 * sender shuts its side down after the last write and waits for the
 * receiver's end of file, so the time covers the data actually read, not
 * only what sits in socket buffers.
 */
static int stream_once(struct endpoint *ep, const struct options *opt, double *seconds)
{
	unsigned long left = opt->bytes;
	char *buf = malloc(opt->chunk);
	double start;
	pid_t pid;
	int fd;

	if (!buf)
		die("cannot allocate %lu bytes", opt->chunk);
	memset(buf, 'v', opt->chunk);
	pid = start_server(listen_or_die(ep, 1, opt->address), stream_serve, opt);
	start = now();
	fd = connect_to(ep);
	while (left) {
		size_t len = left < opt->chunk ? left : opt->chunk;
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("write failed");
		}
		left -= (unsigned long)n;
	}
	if (shutdown(fd, SHUT_WR) < 0)
		die("shutdown failed");
	/* Returns 0 once the receiver has read everything and closed. */
	while (read(fd, buf, 1) < 0 && errno == EINTR)
		;
	*seconds = now() - start;
	close(fd);
	free(buf);
	return wait_server(pid);
}

/* connect_serve: accept COUNT connections, closing each at once. */
static int connect_serve(int lfd, const struct options *opt)
{
	unsigned long i;

	for (i = 0; i < opt->count; i++) {
		int fd = accept(lfd, NULL, NULL);

		if (fd < 0)
			return 1;
		close(fd);
	}
	return 0;
}

/*
 * connect_once: the seconds for COUNT socket+connect+accept+close.
 *
 * The client waits for the server's close (end of file) before the next
 * connect, so at most one connection is pending: a client running ahead
 * would fill the accept queue, and a dropped SYN costs a one-second
 * retransmission.  It then closes with SO_LINGER 0: a reset, which also
 * ends the server's half-closed side, so no connection ends in TIME_WAIT
 * and thousands of them use up neither ephemeral ports nor time-wait
 * buckets for the next repetition.
 */
static int connect_once(struct endpoint *ep, const struct options *opt, double *seconds)
{
	static const struct linger abort_close = { .l_onoff = 1, .l_linger = 0 };
	unsigned long i;
	double start;
	char byte;
	pid_t pid;

	pid = start_server(listen_or_die(ep, 16, opt->address), connect_serve, opt);
	start = now();
	for (i = 0; i < opt->count; i++) {
		int fd = connect_to(ep);

		while (read(fd, &byte, 1) < 0 && errno == EINTR)
			;
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_close, sizeof(abort_close));
		close(fd);
	}
	*seconds = now() - start;
	return wait_server(pid);
}

/* pin_cpu: both sides on one CPU (the forked server inherits it). */
static void pin_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) < 0)
		die("cannot run on CPU %d", cpu);
}

int main(int argc, char **argv)
{
	struct options opt;
	struct endpoint ep;
	unsigned long rep;
	double seconds;

	parse_options(argc, argv, &opt);
	if (parse_address(opt.address, &ep) < 0) {
		fprintf(stderr, "%s: '%s' is not an IPv4 or IPv6 address\n", prog, opt.address);
		usage(2);
	}
	if (opt.cpu >= 0)
		pin_cpu(opt.cpu);
	/* A server that dies early must fail a write, not kill the client. */
	signal(SIGPIPE, SIG_IGN);
	/* Each line goes out whole and at once, for the caller's pipes. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	for (rep = 1; rep <= opt.repeat; rep++) {
		if (opt.mode == MODE_STREAM) {
			if (stream_once(&ep, &opt, &seconds) < 0)
				return 1;
			printf("netbench mode=stream addr=%s rep=%lu bytes=%lu seconds=%.6f value=%.2f unit=MB/s\n",
			       opt.address, rep, opt.bytes, seconds,
			       (double)opt.bytes / seconds / 1e6);
		} else {
			if (connect_once(&ep, &opt, &seconds) < 0)
				return 1;
			printf("netbench mode=connect addr=%s rep=%lu connections=%lu seconds=%.6f value=%.1f unit=conn/s\n",
			       opt.address, rep, opt.count, seconds,
			       (double)opt.count / seconds);
		}
	}
	if (fflush(stdout) == EOF || ferror(stdout))
		die("cannot write the results");
	return 0;
}
