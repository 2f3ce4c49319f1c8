// SPDX-License-Identifier: GPL-2.0
/*
 * lat: lmbench-style kernel microbenchmarks for tests/bench.
 *
 *   lat [options] METRIC
 *	repeats one operation of METRIC for about --seconds (or exactly
 *	--iterations times) after a warm-up, and prints its mean cost in
 *	nanoseconds (one number, one line).
 *   lat [options] command -- COMMAND [ARG...]
 *	the same with fork, execve of COMMAND and wait as the operation:
 *	the timer of tests/bench/startup.sh.
 *   lat [options] --other DIR METRIC -- COMMAND [ARG...]
 *	METRIC on two sides at once, interleaved: this side with --dir,
 *	the other with DIR in a copy of lat that COMMAND runs (COMMAND
 *	enters the guest and executes the rest of its arguments); prints
 *	the mean cost on this side and on the other, one line.
 *   lat --list
 *	the metrics, one line each: NAME UNIT DESCRIPTION.
 *
 * Calibrated by time, not by counts: under qemu TCG an operation costs
 * 10 to 50 times what it costs natively, and differently for each one,
 * so no fixed count gives samples of a sensible length on both.  The
 * operations run in batches that double while one batch takes under a
 * twentieth of the time; the clock is read once per batch, and the
 * sample ends with the first batch that reaches the time.  A tenth of
 * the time, spent the same way first and not counted, warms caches,
 * allocators and (under TCG) the translated code.
 *
 * What a sample sets up (files, echo processes, listening sockets) is
 * outside the timed part.
 *
 * With --other, each side runs in a process of its own (a worker) and
 * the operations run in batches of the same count that alternate between
 * the sides, about a fiftieth of the time each, this side first in even
 * pairs and the other first in odd ones.  The sides of a sample are
 * measured within milliseconds of each other, so that a drift of the
 * machine (under TCG: the load of the real cores) hits both alike, and
 * their ratio is much steadier than that of two samples taken one after
 * the other.
 *
 * start_vserver and start_unshare start a guest, or a process in new
 * namespaces, and run /bin/true there, with the system calls alone: what
 * the kernel costs of the chains of tools that tests/bench/startup.sh
 * times, without their executions and shell.
 *
 * Exit status: 0 when the sample ran, 1 when an operation failed (the
 * reason on stderr), 2 on a usage error.  Nothing is judged here.
 *
 * Plain C and libc only, so that it links statically for the test VM.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/capability.h>
/* (util-vserver/include/uapi: tests/bench/run passes -I) */
#include <linux/vserver.h>

#include "endpoint.h"
#include "libvserver.h"

#define DEFAULT_SECONDS 0.5
#define DEFAULT_PAGES 256UL
#define DEFAULT_ADDRESS "127.0.0.1"
/* start_vserver: the guest's address (startup.sh's), its first id, how many */
#define DEFAULT_GUEST_ADDRESS "10.43.2.2"
#define DEFAULT_XID 472UL
#define XID_COUNT 32UL

struct metric;

struct options {
	const struct metric *metric;
	char **command;		/* command: what to run, NULL-terminated */
	double seconds;		/* the time of a sample */
	unsigned long iterations; /* exactly this many operations; 0: by time */
	unsigned long pages;	/* page_fault: pages per mapping */
	const char *address;	/* tcp_rtt, bind_connect, start_vserver */
	int address_given;	/* --address was given (start_vserver's default differs) */
	const char *dir;	/* stat, open_close, the start_ root: where they are made */
	const char *root;	/* start_*: the root holding bin/true; NULL: make one */
	unsigned long xid;	/* start_vserver: the first of XID_COUNT ids */
	int cpu;		/* run on this CPU, children too; -1: do not pin */
	int verbose;
	const char *other_dir;	/* --other: the other side's --dir; NULL: one side */
	char **other;		/*   the command that runs its worker, NULL-terminated */
	int worker;		/* --worker: a side of --other, ordered on fds 3 and 4 */
};

/* What a sample holds while it runs: set up before the timed part. */
struct bench {
	const struct options *opt;
	char *file;		/* stat, open_close: the file */
	char *self;		/* fork_exec: this program */
	int out;		/* pipe_rtt, unix_rtt, tcp_rtt: towards the echo */
	int in;			/*   and back from it (the same socket for those) */
	int other[2];		/* the other ends, closed in the echo; -1: none */
	pid_t child;		/* the echo or accept process */
	struct endpoint ep;	/* tcp_rtt, bind_connect: the server's address */
	size_t page;		/* page_fault: the page size */
	char *root;		/* start_*: the directory holding bin/true */
	int root_made;		/*   made by setup_root, removed by finish_root */
	char *true_path;	/*   ROOT/bin/true */
	uint32_t guest4;	/* start_vserver: the guest's IPv4 address (network order) */
	unsigned long started;	/*   guests started: the next id is xid + started % XID_COUNT */
};

struct metric {
	const char *name;
	const char *unit;
	const char *what;
	void (*setup)(struct bench *b);
	void (*run)(struct bench *b, unsigned long n);	/* N operations */
	void (*finish)(struct bench *b);
	int listed;		/* runs on its own: in --list */
	int per_page;		/* an operation is --pages pages; the cost is per page */
};

static const char *prog = "lat";

static void vreport(int err, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	if (err)
		fprintf(stderr, ": %s", strerror(err));
	fputc('\n', stderr);
}

static void __attribute__((noreturn)) vdie(int err, const char *fmt, va_list ap)
{
	vreport(err, fmt, ap);
	exit(1);
}

/* die: a failure, with the message of errno (as err(3)). */
static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vdie(saved, fmt, ap);
}

/* diex: a failure that errno has nothing to do with (as errx(3)). */
static void __attribute__((noreturn, format(printf, 1, 2)))
diex(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdie(0, fmt, ap);
}

/*
 * child_die: die() in a forked child that would otherwise execute: the
 * message, then _exit(1), which runs nothing of the parent's (atexit,
 * stdio buffers).
 */
static void __attribute__((noreturn, format(printf, 1, 2)))
child_die(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vreport(saved, fmt, ap);
	va_end(ap);
	_exit(1);
}

/* ----------------------------------------------------------- helpers --- */

/* reap: wait for PID; its exit status, or 128 + the signal that ended it. */
static int reap(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			die("waitpid failed");
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/*
 * start_child: fork a helper process that runs FN(B) and exits with its
 * result.  It dies with lat: a failed sample leaves no echo process or
 * server blocked behind it.
 */
static pid_t start_child(struct bench *b, int (*fn)(struct bench *))
{
	pid_t parent = getpid();
	pid_t pid = fork();

	if (pid < 0)
		die("cannot fork");
	if (pid == 0) {
		/* (the parent may have died before the prctl: then go at once) */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
			_exit(1);
		_exit(fn(b));
	}
	return pid;
}

/* echo: the other end of a round trip: send back every byte, until end of file. */
static int echo(struct bench *b)
{
	char byte;
	ssize_t n;

	for (;;) {
		n = read(b->in, &byte, 1);
		if (n == 0)
			return 0;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return 1;
		}
		if (write(b->out, &byte, 1) != 1)
			return 1;
	}
}

/*
 * echo_child: the echo, once it has closed the parent's ends: while it
 * holds them, it would never see the end of file that ends it.
 */
static int echo_child(struct bench *b)
{
	if (b->other[0] >= 0)
		close(b->other[0]);
	if (b->other[1] >= 0)
		close(b->other[1]);
	return echo(b);
}

/* round_trips: N times one byte to the echo and back. */
static void round_trips(struct bench *b, unsigned long n)
{
	char byte = 'v';

	while (n--) {
		if (write(b->out, &byte, 1) != 1)
			die("write to the echo process failed");
		switch (read(b->in, &byte, 1)) {
		case 1:
			break;
		case 0:
			diex("the echo process is gone");
		default:
			die("read from the echo process failed");
		}
	}
}

/* finish_echo: end of file to the echo process, which must then exit 0. */
static void finish_echo(struct bench *b)
{
	close(b->out);
	if (b->in != b->out)
		close(b->in);
	if (reap(b->child) != 0)
		diex("the echo process failed");
}

/* ---------------------------------------------------------- syscalls --- */

/* (syscall(): glibc versions differ in whether they cache these) */
static void run_null(struct bench *b, unsigned long n)
{
	(void)b;
	while (n--)
		syscall(SYS_getppid);
}

static void run_getpid(struct bench *b, unsigned long n)
{
	(void)b;
	while (n--)
		syscall(SYS_getpid);
}

/* setup_file: an empty file of our own in --dir, for stat and open. */
static void setup_file(struct bench *b)
{
	int fd;

	if (asprintf(&b->file, "%s/lat.XXXXXX", b->opt->dir) < 0)
		die("out of memory");
	fd = mkstemp(b->file);
	if (fd < 0)
		die("cannot create a file in %s", b->opt->dir);
	close(fd);
}

static void finish_file(struct bench *b)
{
	if (unlink(b->file) < 0)
		die("cannot remove %s", b->file);
	free(b->file);
}

static void run_stat(struct bench *b, unsigned long n)
{
	struct stat st;

	while (n--) {
		if (stat(b->file, &st) < 0)
			die("cannot stat %s", b->file);
	}
}

static void run_open_close(struct bench *b, unsigned long n)
{
	int fd;

	while (n--) {
		fd = open(b->file, O_RDONLY);
		if (fd < 0)
			die("cannot open %s", b->file);
		close(fd);
	}
}

/* --------------------------------------------------------- processes --- */

static void run_fork_exit(struct bench *b, unsigned long n)
{
	pid_t pid;

	(void)b;
	while (n--) {
		pid = fork();
		if (pid < 0)
			die("cannot fork");
		if (pid == 0)
			_exit(0);
		if (reap(pid) != 0)
			diex("the child failed");
	}
}

/* setup_self: the path of this program, which fork_exec runs as "lat --exit". */
static void setup_self(struct bench *b)
{
	char path[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", path, sizeof(path) - 1);

	if (len < 0)
		die("cannot read /proc/self/exe");
	path[len] = '\0';
	b->self = strdup(path);
	if (!b->self)
		die("out of memory");
}

static void finish_self(struct bench *b)
{
	free(b->self);
}

/* spawn: fork, execve ARGV with ENVP, wait; it must exit 0. */
static void spawn(char *const argv[], char *const envp[])
{
	pid_t pid;
	int status;

	pid = fork();
	if (pid < 0)
		die("cannot fork");
	if (pid == 0) {
		execve(argv[0], argv, envp);
		_exit(errno == ENOENT ? 127 : 126);
	}
	status = reap(pid);
	if (status != 0)
		diex("%s failed (exit status %d)", argv[0], status);
}

/* (an empty environment: the child has nothing to read there) */
static void run_fork_exec(struct bench *b, unsigned long n)
{
	static char *const envp[] = { NULL };
	char *const argv[] = { b->self, "--exit", NULL };

	while (n--)
		spawn(argv, envp);
}

/* command: COMMAND found in PATH once, before the timed part. */
static void setup_command(struct bench *b)
{
	char **argv = b->opt->command;
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL, *full;

	if (strchr(argv[0], '/'))
		return;
	copy = strdup(path && *path ? path : "/usr/bin:/bin");
	if (!copy)
		die("out of memory");
	for (dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		if (asprintf(&full, "%s/%s", dir, argv[0]) < 0)
			die("out of memory");
		if (access(full, X_OK) == 0) {
			argv[0] = full;
			free(copy);
			return;
		}
		free(full);
	}
	diex("%s: command not found", argv[0]);
}

/* (the command keeps lat's environment: it may need PATH) */
static void run_command(struct bench *b, unsigned long n)
{
	while (n--)
		spawn(b->opt->command, environ);
}

/* ------------------------------------------------------------- IPC --- */

static void setup_pipe(struct bench *b)
{
	int there[2], back[2];

	if (pipe2(there, O_CLOEXEC) < 0 || pipe2(back, O_CLOEXEC) < 0)
		die("cannot create a pipe");
	/* The echo reads from the first pipe and answers on the second. */
	b->in = there[0];
	b->out = back[1];
	b->other[0] = there[1];
	b->other[1] = back[0];
	b->child = start_child(b, echo_child);
	close(there[0]);
	close(back[1]);
	b->out = there[1];
	b->in = back[0];
}

static void setup_unix(struct bench *b)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		die("cannot create a unix socket pair");
	b->in = b->out = sv[1];
	b->other[0] = sv[0];
	b->other[1] = -1;
	b->child = start_child(b, echo_child);
	close(sv[1]);
	b->in = b->out = sv[0];
}

static volatile sig_atomic_t caught;

static void on_signal(int sig)
{
	(void)sig;
	caught = 1;
}

static void setup_signal(struct bench *b)
{
	struct sigaction sa = { .sa_handler = on_signal };

	(void)b;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL) < 0)
		die("cannot catch SIGUSR1");
}

/*
 * A signal to oneself is delivered before kill() returns: one operation
 * is the syscall, the delivery and the handler.
 */
static void run_signal(struct bench *b, unsigned long n)
{
	pid_t self = getpid();

	(void)b;
	while (n--) {
		caught = 0;
		if (kill(self, SIGUSR1) < 0)
			die("kill failed");
		if (!caught)
			diex("the signal was not delivered during kill()");
	}
}

/* ----------------------------------------------------------- memory --- */

static void setup_page_fault(struct bench *b)
{
	b->page = (size_t)sysconf(_SC_PAGESIZE);
}

/*
 * run_page_fault: N times a fresh anonymous mapping of --pages pages, the
 * first touch of each page, munmap.  Always whole mappings of the same
 * size, so that the mmap and munmap weigh the same on every page.  No
 * transparent huge pages: one fault would fill 512 pages, and whether it
 * does depends on the system's setting and the mapping's alignment.
 */
static void run_page_fault(struct bench *b, unsigned long n)
{
	size_t len = b->opt->pages * b->page;
	unsigned long i;
	char *p;

	while (n--) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			die("cannot map %zu bytes", len);
		/* (EINVAL: a kernel without transparent huge pages) */
		if (madvise(p, len, MADV_NOHUGEPAGE) < 0 && errno != EINVAL)
			die("madvise failed");
		for (i = 0; i < b->opt->pages; i++)
			p[i * b->page] = 1;
		if (munmap(p, len) < 0)
			die("munmap failed");
	}
}

/* -------------------------------------------------------------- TCP --- */

static void setup_endpoint(struct bench *b)
{
	/* (checked by parse_options already) */
	if (parse_address(b->opt->address, &b->ep) < 0)
		diex("bad address %s", b->opt->address);
}

/* listen_or_die: the listening socket of the server side (endpoint.h), or die. */
static int listen_or_die(struct bench *b)
{
	const char *failed;
	int fd = listen_on(&b->ep, 16, &failed);

	if (fd < 0)
		die("cannot %s %s", failed, b->opt->address);
	return fd;
}

/* tcp_echo: accept one connection and echo on it. */
static int tcp_echo(struct bench *b)
{
	int one = 1;
	int fd = accept(b->in, NULL, NULL);

	if (fd < 0)
		return 1;
	close(b->in);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	b->in = b->out = fd;
	return echo(b);
}

/*
 * One byte each way per operation, Nagle off: what is measured is the
 * latency of the stack, not the delayed-ack timer.
 */
static void setup_tcp(struct bench *b)
{
	int one = 1;
	int lfd, fd;

	setup_endpoint(b);
	lfd = listen_or_die(b);
	b->in = lfd;
	b->child = start_child(b, tcp_echo);
	close(lfd);
	fd = socket(b->ep.family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("cannot create a socket");
	if (connect(fd, (struct sockaddr *)&b->ep.addr, b->ep.len) < 0)
		die("cannot connect to %s", b->opt->address);
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) < 0)
		die("cannot set TCP_NODELAY");
	b->in = b->out = fd;
}

/* accept_close: accept connections and close them, until killed. */
static int accept_close(struct bench *b)
{
	int fd;

	for (;;) {
		fd = accept(b->in, NULL, NULL);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			return 1;
		}
		close(fd);
	}
}

static void setup_connect(struct bench *b)
{
	int lfd;

	setup_endpoint(b);
	lfd = listen_or_die(b);
	b->in = lfd;
	b->child = start_child(b, accept_close);
	close(lfd);
}

/*
 * run_bind_connect: N times socket, bind to the address (port 0: the
 * kernel picks one), connect to the server, wait for its close, close.
 * The bind is explicit, as a server's or a guest's client sockets do: it
 * is where a network context checks the address.  As in netbench.c, the
 * client waits for the server's close, so that at most one connection
 * is pending (a full accept queue drops a SYN, a second lost), and
 * closes with a reset, so that no connection is left in TIME_WAIT to use
 * up ports.
 */
static void run_bind_connect(struct bench *b, unsigned long n)
{
	static const struct linger abort_close = { .l_onoff = 1, .l_linger = 0 };
	struct endpoint local = b->ep;
	char byte;
	int fd;

	if (local.family == AF_INET)
		((struct sockaddr_in *)&local.addr)->sin_port = 0;
	else
		((struct sockaddr_in6 *)&local.addr)->sin6_port = 0;
	while (n--) {
		fd = socket(b->ep.family, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			die("cannot create a socket");
		if (bind(fd, (struct sockaddr *)&local.addr, local.len) < 0)
			die("cannot bind to %s", b->opt->address);
		if (connect(fd, (struct sockaddr *)&b->ep.addr, b->ep.len) < 0)
			die("cannot connect to %s", b->opt->address);
		while (read(fd, &byte, 1) < 0 && errno == EINTR)
			;
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_close, sizeof(abort_close));
		close(fd);
	}
}

static void finish_connect(struct bench *b)
{
	int status;

	kill(b->child, SIGKILL);
	while (waitpid(b->child, &status, 0) < 0) {
		if (errno != EINTR)
			die("waitpid failed");
	}
	/* Anything but our SIGKILL means the server gave up early. */
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
		diex("the server process failed");
}

/* ---------------------------------------------------------- start-up --- */

/*
 * vserver: the vserver(2) system call.  Only x86 has a slot for it (236
 * on x86_64, 273 on i386, util-vserver/lib/syscall.c); elsewhere, and on
 * a kernel without it, ENOSYS.
 */
static long vserver(uint32_t cmd, uint32_t id, void *data)
{
#ifdef __NR_vserver
	return syscall(__NR_vserver, cmd, id, data);
#else
	(void)cmd;
	(void)id;
	(void)data;
	errno = ENOSYS;
	return -1;
#endif
}

/* copy_file: FROM to a new file TO, executable. */
static void copy_file(const char *from, const char *to)
{
	char buf[65536];
	ssize_t n;
	int in, out;

	in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		die("cannot open %s", from);
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
	if (out < 0)
		die("cannot create %s", to);
	while ((n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("cannot read %s", from);
		}
		if (write(out, buf, (size_t)n) != n)
			die("cannot write %s", to);
	}
	close(in);
	if (close(out) < 0)
		die("cannot write %s", to);
}

/*
 * setup_root: the root of the start_ metrics, holding a static bin/true:
 * --root, or a fresh directory in --dir with a copy of this program (it
 * is static; executed with --exit it exits at once).
 */
static void setup_root(struct bench *b)
{
	char *bin;

	if (b->opt->root) {
		b->root = strdup(b->opt->root);
		if (!b->root)
			die("out of memory");
	} else {
		if (asprintf(&b->root, "%s/lat-root.XXXXXX", b->opt->dir) < 0)
			die("out of memory");
		if (!mkdtemp(b->root))
			die("cannot create a directory in %s", b->opt->dir);
		b->root_made = 1;
		if (asprintf(&bin, "%s/bin", b->root) < 0)
			die("out of memory");
		if (mkdir(bin, 0755) < 0)
			die("cannot create %s", bin);
		free(bin);
	}
	if (asprintf(&b->true_path, "%s/bin/true", b->root) < 0)
		die("out of memory");
	if (b->root_made)
		copy_file("/proc/self/exe", b->true_path);
	if (access(b->true_path, X_OK) < 0)
		die("cannot execute %s (--root)", b->true_path);
}

static void finish_root(struct bench *b)
{
	char *bin;

	if (b->root_made) {
		if (asprintf(&bin, "%s/bin", b->root) < 0)
			die("out of memory");
		if (unlink(b->true_path) < 0 || rmdir(bin) < 0 || rmdir(b->root) < 0)
			die("cannot remove %s", b->root);
		free(bin);
	}
	free(b->true_path);
	free(b->root);
}

/*
 * exec_true: in a child, execute PATH, a static /bin/true, with an empty
 * environment.  "--exit" is for lat's own copy (setup_root); a true
 * ignores it.
 */
static void __attribute__((noreturn)) exec_true(const char *path)
{
	static char *const envp[] = { NULL };
	char *const argv[] = { (char *)path, "--exit", NULL };
	int saved;

	execve(path, argv, envp);
	saved = errno;
	fprintf(stderr, "%s: cannot execute %s: %s\n", prog, path, strerror(saved));
	_exit(saved == ENOENT ? 127 : 126);
}

/*
 * private_mounts: in a new mount namespace, every mount private, as
 * util-linux unshare --mount does by default (--propagation private):
 * nothing mounted inside reaches the host.
 */
static void private_mounts(void)
{
	if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		child_die("cannot make the mounts private");
}

/*
 * unshare_child: what `unshare -m -u -i -n -p -f /bin/true` does: new
 * mount (private), UTS, IPC, network and PID namespaces, and, since only
 * a child enters the new PID namespace, one fork (-f): the grandchild,
 * pid 1 there, executes /bin/true, and this process exits with its
 * status.
 */
static void __attribute__((noreturn)) unshare_child(const struct bench *b)
{
	int status;
	pid_t pid;

	if (unshare(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWPID) < 0)
		child_die("cannot unshare the mount, UTS, IPC, network and PID namespaces");
	private_mounts();
	pid = fork();
	if (pid < 0)
		child_die("cannot fork into the new PID namespace");
	if (pid == 0)
		exec_true(b->true_path);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			child_die("waitpid failed");
	}
	_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

static void run_start_unshare(struct bench *b, unsigned long n)
{
	int status;
	pid_t pid;

	while (n--) {
		pid = fork();
		if (pid < 0)
			die("cannot fork");
		if (pid == 0)
			unshare_child(b);
		status = reap(pid);
		if (status != 0)
			diex("start_unshare: the start failed (exit status %d)", status);
	}
}

/*
 * The guest's limits: those of tests/bench/syscalls.sh and startup.sh
 * (vlimit --nproc 1000 --nofile 10000 --openfd 10000 --nsock 1000).
 */
static const struct guest_limit {
	uint32_t id;
	const char *name;
	uint64_t max;
} guest_limits[] = {
	{ RLIMIT_NPROC, "nproc", 1000 },
	{ RLIMIT_NOFILE, "nofile", 10000 },
	{ VLIMIT_OPENFD, "openfd", 10000 },
	{ VLIMIT_NSOCK, "nsock", 1000 },
};

/*
 * The capability bound of vattribute --secure (VC_BCAPS_SECURE of
 * util-vserver's lib/libvserver.h), and every capability: the mask that
 * sets the bound to exactly that.
 */
#define BCAPS_ALL	((1ULL << (CAP_LAST_CAP + 1)) - 1)
/* chbind --secure: no network capability */
#define NCAPS_ALL	(NXC_TUN_CREATE | NXC_RAW_ICMP | NXC_MULTICAST)

/*
 * vserver_child: the guest, made the way `vserver NAME start` makes it
 * (startup.sh's startup_vserver), with the same vserver(2) commands,
 * then /bin/true executed in it as its init:
 *
 *   unshare --uts --mount --propagation private
 *   chbind --nid ID --secure --ip ADDRESS/24: the network context, made
 *     from the host context, which alone may; its address, no network
 *     capability, the end of its setup
 *   vcontext --migrate --chroot ROOT: the root first
 *   vcontext --create, vlimit, vattribute --secure --flag ~state_setup:
 *     the context with the default flags, its limits and capability
 *     bound, the end of its setup
 *
 * One difference: the chain creates the context persistent in a helper
 * process, configures it from the host and then enters it (and clears
 * persistent at the end); here the task creates it, which moves it in,
 * and configures it from inside while it is in setup, as the kernel
 * allows.  The context and the network context go with the task.
 */
static void __attribute__((noreturn)) vserver_child(const struct bench *b, uint32_t id)
{
	struct vcmd_net_create net = { .flagword = NXF_INIT_SET | NXF_STATE_SETUP };
	struct vcmd_net_addr_ipv4_v2 addr = {
		.type = NXA_TYPE_ADDR,
		.ip = b->guest4,
		.mask = htonl(0xffffff00),
	};
	struct vcmd_net_caps_v0 ncaps = { .ncaps = 0, .cmask = NCAPS_ALL };
	struct vcmd_net_flags_v0 nflags = { .flagword = 0, .mask = NXF_STATE_SETUP };
	struct vcmd_ctx_create ctx = { .flagword = VXF_INIT_SET };
	struct vcmd_ctx_rlimit_v0 limit;
	struct vcmd_bcaps bcaps = { .bcaps = VC_BCAPS_SECURE, .bmask = BCAPS_ALL };
	struct vcmd_ctx_flags_v0 cflags = { .flagword = 0, .mask = VXF_STATE_SETUP };
	size_t i;

	if (unshare(CLONE_NEWNS | CLONE_NEWUTS) < 0)
		child_die("cannot unshare the mount and UTS namespaces");
	private_mounts();

	if (vserver(VCMD_net_create, id, &net) < 0)
		child_die("cannot create network context %u", id);
	if (vserver(VCMD_net_add_ipv4, id, &addr) < 0)
		child_die("cannot add the guest's address to network context %u", id);
	if (vserver(VCMD_set_ncaps, id, &ncaps) < 0)
		child_die("cannot set the capabilities of network context %u", id);
	if (vserver(VCMD_set_nflags, id, &nflags) < 0)
		child_die("cannot end the setup of network context %u", id);

	if (chroot(b->root) < 0 || chdir("/") < 0)
		child_die("cannot change the root directory to %s", b->root);

	if (vserver(VCMD_ctx_create, id, &ctx) < 0)
		child_die("cannot create context %u", id);
	for (i = 0; i < sizeof(guest_limits) / sizeof(guest_limits[0]); i++) {
		limit = (struct vcmd_ctx_rlimit_v0){
			.id = guest_limits[i].id,
			.minimum = CRLIM_KEEP,
			.softlimit = CRLIM_KEEP,
			.maximum = guest_limits[i].max,
		};
		if (vserver(VCMD_set_rlimit, id, &limit) < 0)
			child_die("cannot set the %s limit of context %u", guest_limits[i].name, id);
	}
	if (vserver(VCMD_set_bcaps, id, &bcaps) < 0)
		child_die("cannot set the capability bound of context %u", id);
	if (vserver(VCMD_set_cflags, id, &cflags) < 0)
		child_die("cannot end the setup of context %u", id);

	exec_true("/bin/true");
}

/*
 * gone: context ID and network context ID left the kernel's tables;
 * else "context" or "network context", the one still there.  Looking
 * them up fails with ESRCH then.
 */
static const char *gone(uint32_t id)
{
	struct vcmd_vx_info_v0 vx;
	struct vcmd_nx_info_v0 nx;

	if (vserver(VCMD_vx_info, id, &vx) == 0)
		return "context";
	if (errno != ESRCH)
		die("cannot look up context %u", id);
	if (vserver(VCMD_nx_info, id, &nx) == 0)
		return "network context";
	if (errno != ESRCH)
		die("cannot look up network context %u", id);
	return NULL;
}

/*
 * setup_vserver: the address, the kernel's vserver support, free ids
 * (each start takes the next of --xid..--xid+31 as context and network
 * context id), and the root.
 */
static void setup_vserver(struct bench *b)
{
	const char *address = b->opt->address_given ? b->opt->address : DEFAULT_GUEST_ADDRESS;
	const char *there;
	struct in_addr in;
	unsigned long id;

	if (inet_pton(AF_INET, address, &in) != 1)
		diex("start_vserver: the guest's --address must be IPv4, not %s", address);
	b->guest4 = in.s_addr;
	if (vserver(VCMD_get_version, 0, NULL) < 0) {
		if (errno == ENOSYS)
			die("start_vserver: this kernel has no vserver support (vserver(2))");
		die("start_vserver: vserver(2) does not work here");
	}
	for (id = b->opt->xid; id < b->opt->xid + XID_COUNT; id++) {
		there = gone((uint32_t)id);
		if (there)
			diex("start_vserver: %s %lu exists already (ids %lu-%lu: --xid)",
			     there, id, b->opt->xid, b->opt->xid + XID_COUNT - 1);
	}
	setup_root(b);
}

/*
 * run_start_vserver: N times fork, the child makes the guest and executes
 * /bin/true in it (vserver_child), waitpid.  The kernel counts a task out
 * of its contexts before its parent learns of its end, so both must be
 * gone once it is reaped: checked after each start (two lookups), so
 * that none is left behind unnoticed.
 */
static void run_start_vserver(struct bench *b, unsigned long n)
{
	const char *there;
	uint32_t id;
	int status;
	pid_t pid;

	while (n--) {
		id = (uint32_t)(b->opt->xid + b->started++ % XID_COUNT);
		pid = fork();
		if (pid < 0)
			die("cannot fork");
		if (pid == 0)
			vserver_child(b, id);
		status = reap(pid);
		if (status != 0)
			diex("start_vserver: the start of guest %u failed (exit status %d)", id, status);
		there = gone(id);
		if (there)
			diex("start_vserver: %s %u is still there after its last task ended", there, id);
	}
}

/* ----------------------------------------------------------- table --- */

static const struct metric metrics[] = {
	{ .name = "null", .unit = "ns", .listed = 1,
	  .what = "getppid() through syscall(): the cost of a system call",
	  .run = run_null },
	{ .name = "getpid", .unit = "ns", .listed = 1,
	  .what = "getpid() through syscall()",
	  .run = run_getpid },
	{ .name = "stat", .unit = "ns", .listed = 1,
	  .what = "stat() of a file in --dir",
	  .setup = setup_file, .run = run_stat, .finish = finish_file },
	{ .name = "open_close", .unit = "ns", .listed = 1,
	  .what = "open() read-only and close() of a file in --dir",
	  .setup = setup_file, .run = run_open_close, .finish = finish_file },
	{ .name = "fork_exit", .unit = "ns", .listed = 1,
	  .what = "fork(), the child exits, waitpid()",
	  .run = run_fork_exit },
	{ .name = "fork_exec", .unit = "ns", .listed = 1,
	  .what = "fork(), the child executes this static program, which exits, waitpid()",
	  .setup = setup_self, .run = run_fork_exec, .finish = finish_self },
	{ .name = "pipe_rtt", .unit = "ns", .listed = 1,
	  .what = "one byte to another process and back over two pipes",
	  .setup = setup_pipe, .run = round_trips, .finish = finish_echo },
	{ .name = "unix_rtt", .unit = "ns", .listed = 1,
	  .what = "one byte to another process and back over a unix stream socket",
	  .setup = setup_unix, .run = round_trips, .finish = finish_echo },
	{ .name = "signal", .unit = "ns", .listed = 1,
	  .what = "kill() of the process itself, the handler run",
	  .setup = setup_signal, .run = run_signal },
	{ .name = "page_fault", .unit = "ns/page", .listed = 1, .per_page = 1,
	  .what = "first touch of a page of a fresh anonymous mapping (mmap, munmap included)",
	  .setup = setup_page_fault, .run = run_page_fault },
	{ .name = "tcp_rtt", .unit = "ns", .listed = 1,
	  .what = "one byte to another process and back over TCP to --address",
	  .setup = setup_tcp, .run = round_trips, .finish = finish_echo },
	{ .name = "bind_connect", .unit = "ns", .listed = 1,
	  .what = "socket, bind and connect to --address, accepted and closed",
	  .setup = setup_connect, .run = run_bind_connect, .finish = finish_connect },
	{ .name = "start_vserver", .unit = "ns", .listed = 1,
	  .what = "fork; the child makes a guest as vserver start does, executes /bin/true of --root in it",
	  .setup = setup_vserver, .run = run_start_vserver, .finish = finish_root },
	{ .name = "start_unshare", .unit = "ns", .listed = 1,
	  .what = "fork; the child unshares as unshare -m -u -i -n -p -f, forks, executes /bin/true of --root",
	  .setup = setup_root, .run = run_start_unshare, .finish = finish_root },
	/* (not listed: it needs a command) */
	{ .name = "command", .unit = "ns",
	  .what = "fork, execve of COMMAND, waitpid; it must exit 0",
	  .setup = setup_command, .run = run_command },
};

#define N_METRICS (sizeof(metrics) / sizeof(metrics[0]))

static const struct metric *find_metric(const char *name)
{
	size_t i;

	for (i = 0; i < N_METRICS; i++) {
		if (!strcmp(metrics[i].name, name))
			return &metrics[i];
	}
	return NULL;
}

static void list_metrics(void)
{
	size_t i;

	for (i = 0; i < N_METRICS; i++) {
		if (metrics[i].listed)
			printf("%s %s %s\n", metrics[i].name, metrics[i].unit, metrics[i].what);
	}
}

/* --------------------------------------------------------- options --- */

/* try_help: the end of a usage error, whose message is already out. */
static void __attribute__((noreturn)) try_help(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", prog);
	exit(2);
}

static void __attribute__((noreturn)) usage(void)
{
	size_t i;

	printf("Usage:\n"
	       " %s [options] <metric>\n"
	       " %s [options] command -- <command> [<arg>...]\n"
	       " %s [options] --other <dir> <metric> -- <command> [<arg>...]\n"
	       " %s --list\n"
	       "\n"
	       "Repeat one kernel operation for about --seconds after a warm-up of a\n"
	       "tenth of that, and print its mean cost in nanoseconds.\n"
	       "\n"
	       "Metrics (unit per operation):\n",
	       prog, prog, prog, prog);
	for (i = 0; i < N_METRICS; i++)
		printf(" %-13s %-8s %s\n", metrics[i].name, metrics[i].unit, metrics[i].what);
	printf("\n"
	       "Options:\n"
	       " -s, --seconds <s>       time of the sample, of each side with --other\n"
	       "                           (default %.1f)\n"
	       " -n, --iterations <n>    exactly <n> operations instead (the warm-up:\n"
	       "                           a tenth of them; page_fault: mappings)\n"
	       " -p, --pages <n>         page_fault: pages per mapping (default %lu)\n"
	       " -a, --address <addr>    tcp_rtt, bind_connect: a local IPv4 or IPv6\n"
	       "                           address (default %s); start_vserver: the\n"
	       "                           guest's IPv4 address (default %s)\n"
	       " -d, --dir <dir>         stat, open_close: where the file is made, and\n"
	       "                           start_*: the root, without --root\n"
	       "                           (default $TMPDIR, else /tmp)\n"
	       " -r, --root <dir>        start_*: a directory holding a static bin/true\n"
	       "                           (default: a copy of this program, made in --dir)\n"
	       " -x, --xid <xid>         start_vserver: each start takes the next of the\n"
	       "                           %lu context and network context ids from <xid>\n"
	       "                           on (default %lu); none may exist\n"
	       " -c, --cpu <n>           run on CPU <n> only, with the processes it starts\n"
	       " -o, --other <dir>       measure <metric> on a second side too, interleaved\n"
	       "                           with this one in batches: a copy of this program\n"
	       "                           with --dir <dir>, which <command> runs (it is\n"
	       "                           given the copy's path and arguments to execute,\n"
	       "                           as vcontext --migrate ... -- is); prints the\n"
	       "                           cost on this side, then on the other\n"
	       " -v, --verbose           say on stderr how many operations took how long\n"
	       " -l, --list              list the metrics: name, unit, description\n"
	       "     --exit              exit 0 at once (what fork_exec executes, and\n"
	       "                           start_* as /bin/true of the root they make)\n"
	       "     --worker            run <metric> on the orders of another lat on\n"
	       "                           fds 3 and 4 (what --other executes)\n"
	       " -h, --help              display this help\n"
	       "\n"
	       "Options may come before or after <metric>; after command, or after the\n"
	       "-- that ends the options of --other, everything is the command.\n"
	       "\n"
	       "Exit status: 0 the sample ran, 1 an operation failed, 2 usage error.\n",
	       DEFAULT_SECONDS, DEFAULT_PAGES, DEFAULT_ADDRESS, DEFAULT_GUEST_ADDRESS,
	       XID_COUNT, DEFAULT_XID);
	if (fflush(stdout) == EOF || ferror(stdout))
		die("cannot write the help");
	exit(0);
}

/*
 * parse_number: a decimal number from MIN to MAX for OPTION, or a usage
 * error that names the option.
 */
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
		try_help();
	}
	return value;
}

/* parse_seconds: a time from 0.001 to 3600 seconds for OPTION. */
static double parse_seconds(const char *option, const char *arg)
{
	double value;
	char *end;

	errno = 0;
	value = strtod(arg, &end);
	if (errno || end == arg || *end || !(value >= 0.001 && value <= 3600)) {
		fprintf(stderr, "%s: %s needs seconds from 0.001 to 3600, not '%s'\n",
			prog, option, arg);
		try_help();
	}
	return value;
}

enum { OPT_EXIT = 256, OPT_WORKER };

static const struct option longopts[] = {
	{ "seconds", required_argument, NULL, 's' },
	{ "iterations", required_argument, NULL, 'n' },
	{ "pages", required_argument, NULL, 'p' },
	{ "address", required_argument, NULL, 'a' },
	{ "dir", required_argument, NULL, 'd' },
	{ "root", required_argument, NULL, 'r' },
	{ "xid", required_argument, NULL, 'x' },
	{ "cpu", required_argument, NULL, 'c' },
	{ "other", required_argument, NULL, 'o' },
	{ "worker", no_argument, NULL, OPT_WORKER },
	{ "verbose", no_argument, NULL, 'v' },
	{ "list", no_argument, NULL, 'l' },
	{ "exit", no_argument, NULL, OPT_EXIT },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* "+": stop at the metric, so that a command's own options stay its own. */
static const char shortopts[] = "+s:n:p:a:d:r:x:c:o:vlh";

/*
 * options_pass: the options of ARGV up to the first non-option; returns
 * the index of that one.
 */
static int options_pass(int argc, char **argv, struct options *opt)
{
	struct endpoint ep;
	int c;

	optind = 0;	/* (GNU getopt: start afresh, argv[0] is skipped) */
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			opt->seconds = parse_seconds("--seconds", optarg);
			break;
		case 'n':
			opt->iterations = parse_number("--iterations", optarg, 1, ULONG_MAX / 2);
			break;
		case 'p':
			opt->pages = parse_number("--pages", optarg, 1, 1UL << 20);
			break;
		case 'a':
			if (parse_address(optarg, &ep) < 0) {
				fprintf(stderr, "%s: --address needs an IPv4 or IPv6 address, not '%s'\n",
					prog, optarg);
				try_help();
			}
			opt->address = optarg;
			opt->address_given = 1;
			break;
		case 'd':
			opt->dir = optarg;
			break;
		case 'r':
			opt->root = optarg;
			break;
		case 'x':
			opt->xid = parse_number("--xid", optarg, VX_ID_MIN, VX_ID_MAX - XID_COUNT + 1);
			break;
		case 'c':
			opt->cpu = (int)parse_number("--cpu", optarg, 0, CPU_SETSIZE - 1);
			break;
		case 'o':
			opt->other_dir = optarg;
			break;
		case OPT_WORKER:
			opt->worker = 1;
			break;
		case 'v':
			opt->verbose = 1;
			break;
		case 'l':
			list_metrics();
			if (fflush(stdout) == EOF || ferror(stdout))
				die("cannot write the list");
			exit(0);
		case OPT_EXIT:
			exit(0);
		case 'h':
			usage();
		default:
			try_help();
		}
	}
	return optind;
}

static void parse_options(int argc, char **argv, struct options *opt)
{
	const char *tmp = getenv("TMPDIR");
	const struct metric *m;
	int i;

	*opt = (struct options){
		.seconds = DEFAULT_SECONDS,
		.pages = DEFAULT_PAGES,
		.address = DEFAULT_ADDRESS,
		.dir = tmp && *tmp ? tmp : "/tmp",
		.xid = DEFAULT_XID,
		.cpu = -1,
	};
	i = options_pass(argc, argv, opt);
	if (i >= argc) {
		fprintf(stderr, "%s: no metric given\n", prog);
		try_help();
	}
	m = find_metric(argv[i]);
	if (!m) {
		fprintf(stderr, "%s: unknown metric '%s' (see --list)\n", prog, argv[i]);
		try_help();
	}
	opt->metric = m;
	if (!strcmp(m->name, "command")) {
		if (opt->other_dir) {
			fprintf(stderr, "%s: command cannot be measured with --other\n", prog);
			try_help();
		}
		i++;
		if (i < argc && !strcmp(argv[i], "--"))
			i++;
		if (i >= argc) {
			fprintf(stderr, "%s: command needs a command to run\n", prog);
			try_help();
		}
		opt->command = argv + i;
		return;
	}
	/* The options after the metric: argv[i], the metric, is the new argv[0]. */
	i += options_pass(argc - i, argv + i, opt);
	if (opt->other_dir) {
		/* (getopt steps over the "--" that ends the options) */
		if (strcmp(argv[i - 1], "--") || i >= argc) {
			fprintf(stderr, "%s: --other needs -- and the command that runs the other side\n",
				prog);
			try_help();
		}
		if (opt->iterations || opt->worker) {
			fprintf(stderr, "%s: --other cannot be used with --%s\n",
				prog, opt->worker ? "worker" : "iterations");
			try_help();
		}
		opt->other = argv + i;
		return;
	}
	if (i < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", prog, argv[i]);
		try_help();
	}
}

/* ----------------------------------------------------------- main --- */

/*
 * run_for: batches of operations until SECONDS have passed; returns the
 * number of operations and sets *ELAPSED.  A batch doubles while it takes
 * under a twentieth of SECONDS, so that the clock is read rarely; and it
 * is cut to what the rate so far fits in the time left, so that the
 * sample ends near SECONDS even when the machine slows down under it.
 */
static unsigned long run_for(const struct metric *m, struct bench *b, double seconds,
			     double *elapsed)
{
	unsigned long batch = 1, done = 0;
	double start = now(), last = start, t, fits;

	for (;;) {
		m->run(b, batch);
		done += batch;
		t = now();
		if (t - start >= seconds)
			break;
		if (t - last < seconds / 20 && batch < ULONG_MAX / 4)
			batch *= 2;
		fits = (double)done / (t - start) * (seconds - (t - start));
		if (fits < (double)batch)
			batch = fits >= 1 ? (unsigned long)fits : 1;
		last = t;
	}
	*elapsed = t - start;
	return done;
}

/* pin_cpu: this process and what it starts on one CPU. */
static void pin_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) < 0)
		die("cannot run on CPU %d", cpu);
}

/* ---------------------------------------------------- two sides --- */

/*
 * The orders of --other: the coordinator (the lat that was run) writes an
 * order to a worker, the worker runs it and writes back its report; both
 * small enough for one atomic pipe write.
 */
#define WORKER_ORDERS 3		/* a worker reads its orders on this fd */
#define WORKER_REPORTS 4	/*   and writes its reports to this one */
#define BATCHES 50		/* batches per side in a sample, about */

struct order {
	unsigned long ops;	/* run this many operations; 0: warm up by time */
};

struct report {
	unsigned long ops;	/* how many ran */
	double seconds;		/*   in how long */
};

/* A side of --other, seen from the coordinator. */
struct side {
	const char *name;	/* for messages: "this side", "the other side" */
	pid_t pid;		/* its worker */
	int orders;		/* the write end of its orders */
	int reports;		/* the read end of its reports */
	unsigned long ops;	/* operations timed so far */
	double seconds;		/*   and their time */
};

/*
 * worker: a side of --other: its metric set up, then the orders of the
 * coordinator run until it closes them.  A warm-up order runs the
 * operation for a tenth of --seconds, as a sample of one side starts.
 */
static int worker(const struct metric *m, struct bench *b)
{
	struct order order;
	struct report report;
	ssize_t len;
	double t;

	if (m->setup)
		m->setup(b);
	while ((len = read(WORKER_ORDERS, &order, sizeof(order))) != 0) {
		if (len != (ssize_t)sizeof(order))
			die("cannot read the order of the other side");
		if (order.ops == 0) {
			report.ops = run_for(m, b, b->opt->seconds / 10, &report.seconds);
		} else {
			t = now();
			m->run(b, order.ops);
			report.seconds = now() - t;
			report.ops = order.ops;
		}
		if (write(WORKER_REPORTS, &report, sizeof(report)) != (ssize_t)sizeof(report))
			die("cannot report to the other side");
	}
	if (m->finish)
		m->finish(b);
	return 0;
}

/*
 * start_side: the worker of SIDE, with its orders on fd WORKER_ORDERS and
 * its reports on fd WORKER_REPORTS: a fork of this process when ARGV is
 * NULL, else ARGV executed.
 */
static void start_side(struct side *side, const struct metric *m, struct bench *b,
		       char *const argv[])
{
	int orders[2], reports[2], in, out;

	if (pipe2(orders, O_CLOEXEC) < 0 || pipe2(reports, O_CLOEXEC) < 0)
		die("cannot make the pipes of %s", side->name);
	fflush(NULL);
	side->pid = fork();
	if (side->pid < 0)
		die("cannot fork %s", side->name);
	if (side->pid == 0) {
		/* (moved out of the way first: a pipe may be on fd 3 or 4) */
		in = fcntl(orders[0], F_DUPFD, 10);
		out = fcntl(reports[1], F_DUPFD, 10);
		if (in < 0 || out < 0)
			child_die("cannot pass the pipes to %s", side->name);
		close(orders[0]);
		close(orders[1]);
		close(reports[0]);
		close(reports[1]);
		if (dup2(in, WORKER_ORDERS) < 0 || dup2(out, WORKER_REPORTS) < 0)
			child_die("cannot pass the pipes to %s", side->name);
		close(in);
		close(out);
		if (!argv)
			exit(worker(m, b));
		execvp(argv[0], argv);
		child_die("cannot execute %s for %s", argv[0], side->name);
	}
	close(orders[0]);
	close(reports[1]);
	side->orders = orders[1];
	side->reports = reports[0];
}

/* order: one order to SIDE, and its report. */
static struct report order(struct side *side, unsigned long ops)
{
	struct order order = { .ops = ops };
	struct report report;

	if (write(side->orders, &order, sizeof(order)) != (ssize_t)sizeof(order) ||
	    read(side->reports, &report, sizeof(report)) != (ssize_t)sizeof(report)) {
		close(side->orders);
		diex("%s ended before it reported (exit status %d)", side->name,
		     reap(side->pid));
	}
	return report;
}

/*
 * other_argv: the command line of the other side's worker: the command of
 * --other, then this program with the options of this run but --dir.
 * There is one other side: its numeric options are kept in static buffers.
 */
static char **other_argv(const struct options *opt, const char *self)
{
	static char seconds_arg[64], pages_arg[64], cpu_arg[64];
	size_t n = 0, i = 0;
	char **argv;

	while (opt->other[n])
		n++;
	argv = calloc(n + 20, sizeof(*argv));
	if (!argv)
		die("out of memory");
	for (; i < n; i++)
		argv[i] = opt->other[i];
	argv[i++] = (char *)self;
	argv[i++] = "--worker";
	argv[i++] = "--dir";
	argv[i++] = (char *)opt->other_dir;
	snprintf(seconds_arg, sizeof(seconds_arg), "--seconds=%.6f", opt->seconds);
	argv[i++] = seconds_arg;
	snprintf(pages_arg, sizeof(pages_arg), "--pages=%lu", opt->pages);
	argv[i++] = pages_arg;
	if (opt->cpu >= 0) {
		snprintf(cpu_arg, sizeof(cpu_arg), "--cpu=%d", opt->cpu);
		argv[i++] = cpu_arg;
	}
	if (opt->address_given) {
		argv[i++] = "--address";
		argv[i++] = (char *)opt->address;
	}
	argv[i++] = (char *)opt->metric->name;
	return argv;
}

/*
 * two_sides: --other.  Both workers warm up; the batch is what the slower
 * of them ran in a fiftieth of --seconds; then pairs of batches, one on
 * each side, this side first in even pairs and the other first in odd
 * ones, until a side has taken --seconds, and always an even number of
 * pairs.  Prints the mean cost of an operation on each side.
 */
static void two_sides(const struct options *opt, struct bench *b)
{
	const struct metric *m = opt->metric;
	struct side sides[2] = { { .name = "this side" }, { .name = "the other side" } };
	struct report warm[2], r;
	unsigned long batch, pairs;
	double rate[2];
	char **argv;
	int i, first, status;

	setup_self(b);
	argv = other_argv(opt, b->self);
	start_side(&sides[0], m, b, NULL);
	start_side(&sides[1], m, b, argv);
	for (i = 0; i < 2; i++) {
		warm[i] = order(&sides[i], 0);
		rate[i] = warm[i].ops / (warm[i].seconds > 0 ? warm[i].seconds : 1e-9);
	}
	batch = (unsigned long)((rate[0] < rate[1] ? rate[0] : rate[1]) * opt->seconds / BATCHES);
	if (batch < 1)
		batch = 1;
	for (pairs = 0; pairs % 2 ||
	     (sides[0].seconds < opt->seconds && sides[1].seconds < opt->seconds); pairs++) {
		for (i = 0; i < 2; i++) {
			first = (int)(pairs % 2);
			r = order(&sides[first ^ i], batch);
			sides[first ^ i].ops += r.ops;
			sides[first ^ i].seconds += r.seconds;
		}
	}
	for (i = 0; i < 2; i++) {
		close(sides[i].orders);
		status = reap(sides[i].pid);
		if (status != 0)
			diex("%s failed at its end (exit status %d)", sides[i].name, status);
		close(sides[i].reports);
		if (opt->verbose)
			fprintf(stderr, "%s: %s: %s: %lu operations in %.6f s, in %lu batches (after %lu not counted)%s\n",
				prog, m->name, sides[i].name, sides[i].ops, sides[i].seconds, pairs,
				warm[i].ops, m->per_page ? " of --pages pages" : "");
		if (m->per_page)
			sides[i].ops *= opt->pages;
	}
	printf("%.2f %.2f\n", sides[0].seconds / (double)sides[0].ops * 1e9,
	       sides[1].seconds / (double)sides[1].ops * 1e9);
	if (fflush(stdout) == EOF || ferror(stdout))
		die("cannot write the result");
	free(argv);
	finish_self(b);
}

int main(int argc, char **argv)
{
	const struct metric *m;
	struct options opt;
	struct bench b;
	unsigned long warm, ops;
	double seconds, t;

	/* fork_exec's child: as little as possible before the exit. */
	if (argc == 2 && !strcmp(argv[1], "--exit"))
		return 0;

	parse_options(argc, argv, &opt);
	m = opt.metric;
	if (opt.cpu >= 0)
		pin_cpu(opt.cpu);
	/* An echo process that dies must fail a write, not kill lat. */
	signal(SIGPIPE, SIG_IGN);

	memset(&b, 0, sizeof(b));
	b.opt = &opt;
	if (opt.worker)
		return worker(m, &b);
	if (opt.other) {
		two_sides(&opt, &b);
		return 0;
	}
	if (m->setup)
		m->setup(&b);
	if (opt.iterations) {
		warm = opt.iterations / 10 ? opt.iterations / 10 : 1;
		m->run(&b, warm);
		t = now();
		m->run(&b, opt.iterations);
		seconds = now() - t;
		ops = opt.iterations;
	} else {
		warm = run_for(m, &b, opt.seconds / 10, &t);
		ops = run_for(m, &b, opt.seconds, &seconds);
	}
	if (m->finish)
		m->finish(&b);

	if (opt.verbose)
		fprintf(stderr, "%s: %s: %lu operations in %.6f s (after %lu not counted)%s\n",
			prog, m->name, ops, seconds, warm, m->per_page ? " of --pages pages" : "");
	if (m->per_page)
		ops *= opt.pages;
	printf("%.2f\n", seconds / (double)ops * 1e9);
	if (fflush(stdout) == EOF || ferror(stdout))
		die("cannot write the result");
	return 0;
}
