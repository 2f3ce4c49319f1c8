// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vcontext - create a security context or enter an existing one, then
 * execute a command in it.
 */
#include "config.h"

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/pidfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libvserver.h"
#include "tool.h"

/* --silentexist: the context exists already (classic value). */
#define EXIT_CTX_EXISTS 254

/* <linux/pidfd.h> of Linux 6.11; older headers lack it. */
#ifndef PIDFD_GET_MNT_NAMESPACE
#define PIDFD_GET_MNT_NAMESPACE	_IO(0xFF, 3)
#endif
#ifndef PIDFD_GET_TIME_NAMESPACE
#define PIDFD_GET_TIME_NAMESPACE	_IO(0xFF, 7)
#endif
#ifndef PIDFD_GET_UTS_NAMESPACE
#define PIDFD_GET_UTS_NAMESPACE	_IO(0xFF, 10)
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME	0x00000080
#endif

/* What --uid reads of /etc/passwd and /etc/group, at most. */
#define ID_FILE_MAX	(16 << 20)
#define ID_GROUPS_MAX	256

enum mode { MODE_NONE, MODE_CREATE, MODE_MIGRATE };

struct options {
	int mode;		/* enum mode */
	const char *mode_opt;	/* spelling used, for conflict messages */
	bool have_xid;
	vc_xid_t xid;
	bool have_flags;
	struct vc_flag_change flags;
	bool silent;
	bool silentexist;
	bool endsetup;
	bool init;
	bool mount_ns;
	const char *chroot;
	const char *user;
	char **command;
};

/* The user --uid names, as read from the (new) root's files. */
struct user {
	uid_t uid;
	gid_t gid;
	char name[256];		/* empty: a uid without a passwd entry */
	char home[4096];
	gid_t groups[ID_GROUPS_MAX];
	size_t ngroups;
};

VU_NORETURN static void usage(void)
{
	const char *p = program_invocation_short_name;

	printf("Usage:\n"
	       " %s --create --xid <xid> [options] [--] <command> [<arg>...]\n"
	       " %s --migrate --xid <xid> [options] [--] <command> [<arg>...]\n"
	       "\n"
	       "Create a security context or enter an existing one, then run a command in it.\n"
	       "\n"
	       "Options:\n"
	       "     --create            create context <xid> and enter it\n"
	       "     --migrate           enter the existing context <xid>\n"
	       "     --migrate-self      same as --migrate (needs --xid)\n"
	       "     --xid <xid>         context id: 2..65535, or 1 (spectator) with --migrate\n"
	       "     --flag <list>       with --create: comma-separated context flags;\n"
	       "                           a leading ~ clears a flag that is set by default\n"
	       "     --silent            do not report the new context on stderr\n"
	       "     --silentexist       with --create: exit 254 quietly if <xid> exists\n"
	       "     --init              make <command> the context's init and the reaper\n"
	       "                           of its orphans (what vkill -c <xid> 1 signals)\n"
	       "     --endsetup          end the context's setup before running <command>:\n"
	       "                           its capability bound applies from then on and\n"
	       "                           nothing inside can change the context again\n"
	       "     --mount-ns          with --migrate: join the mount, UTS and time\n"
	       "                           namespaces of the context's init (or, if it has\n"
	       "                           none, of its process with the lowest pid) first\n"
	       "     --chroot <dir>      make <dir> the root directory (and the working\n"
	       "                           directory) before entering the context\n"
	       "     --uid <user>        with --migrate: run <command> as <user>, a name\n"
	       "                           or a number, looked up in /etc/passwd and\n"
	       "                           /etc/group of the (new) root directory\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "\n"
	       "Exit status: that of <command>; else 1 failure, 3 kernel lacks vserver\n"
	       "support, 126 command not executable, 127 command not found,\n"
	       "254 context exists (--silentexist).\n"
	       "\n"
	       "See vcontext(8) for the flag names.\n", p, p);
	exit(EXIT_SUCCESS);
}

static void parse_args(int argc, char **argv, struct options *o)
{
	enum {
		OPT_CREATE = 0x100, OPT_MIGRATE, OPT_MIGRATE_SELF, OPT_XID,
		OPT_FLAG, OPT_SILENT, OPT_SILENTEXIST, OPT_INIT, OPT_ENDSETUP,
		OPT_CHROOT, OPT_UID, OPT_MOUNT_NS,
	};
	static const struct option longopts[] = {
		{ "create",       no_argument,       NULL, OPT_CREATE },
		{ "migrate",      no_argument,       NULL, OPT_MIGRATE },
		{ "migrate-self", no_argument,       NULL, OPT_MIGRATE_SELF },
		{ "xid",          required_argument, NULL, OPT_XID },
		{ "flag",         required_argument, NULL, OPT_FLAG },
		{ "silent",       no_argument,       NULL, OPT_SILENT },
		{ "silentexist",  no_argument,       NULL, OPT_SILENTEXIST },
		{ "init",         no_argument,       NULL, OPT_INIT },
		{ "endsetup",     no_argument,       NULL, OPT_ENDSETUP },
		{ "chroot",       required_argument, NULL, OPT_CHROOT },
		{ "uid",          required_argument, NULL, OPT_UID },
		{ "mount-ns",     no_argument,       NULL, OPT_MOUNT_NS },
		{ "help",         no_argument,       NULL, 'h' },
		{ "version",      no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *xid_arg = NULL;
	int c;

	/* "+": stop at the command so its own options are left alone. */
	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_CREATE:
			vu_set_mode(&o->mode, &o->mode_opt,
				    MODE_CREATE, "--create");
			break;
		case OPT_MIGRATE:
			vu_set_mode(&o->mode, &o->mode_opt,
				    MODE_MIGRATE, "--migrate");
			break;
		case OPT_MIGRATE_SELF:
			vu_set_mode(&o->mode, &o->mode_opt,
				    MODE_MIGRATE, "--migrate-self");
			break;
		case OPT_XID:
			xid_arg = optarg;
			break;
		case OPT_FLAG:
			vu_bits_or_die(&vc_cflags, optarg, "--flag", &o->flags);
			o->have_flags = true;
			break;
		case OPT_SILENT:
			o->silent = true;
			break;
		case OPT_SILENTEXIST:
			o->silentexist = true;
			break;
		case OPT_INIT:
			o->init = true;
			break;
		case OPT_ENDSETUP:
			o->endsetup = true;
			break;
		case OPT_CHROOT:
			o->chroot = optarg;
			break;
		case OPT_UID:
			if (optarg[0] == '\0')
				errx(EXIT_FAILURE, "--uid needs a user name or number");
			o->user = optarg;
			break;
		case OPT_MOUNT_NS:
			o->mount_ns = true;
			break;
		case 'h':
			usage();
		case 'V':
			vu_print_version();
		default:
			vu_try_help();
		}
	}
	/* Checked after the loop: the spectator is a valid target only for
	 * --migrate, which may come after --xid. */
	if (xid_arg) {
		o->have_xid = true;
		o->xid = vu_xid_or_die(xid_arg, "--xid",
				       o->mode == MODE_MIGRATE ?
				       VX_ID_SPECTATOR : VX_ID_MIN);
	}
	o->command = argv + optind;
}

static void check_args(const struct options *o)
{
	if (o->mode == MODE_NONE) {
		warnx("one of --create or --migrate is required");
		vu_try_help();
	}
	if (!o->have_xid && o->mode == MODE_CREATE)
		errx(EXIT_FAILURE, "dynamic context ids are not supported: "
		     "the kernel has none; use --xid");
	if (!o->have_xid)
		errx(EXIT_FAILURE, "%s needs --xid", o->mode_opt);
	if (o->mode == MODE_MIGRATE && o->have_flags)
		errx(EXIT_FAILURE, "--flag is only valid with --create");
	if (o->mode == MODE_MIGRATE && o->silentexist)
		errx(EXIT_FAILURE, "--silentexist is only valid with --create");
	if (o->xid == VX_ID_SPECTATOR && (o->init || o->endsetup))
		errx(EXIT_FAILURE, "the spectator context has no init and no setup");
	if (o->user && o->mode != MODE_MIGRATE)
		errx(EXIT_FAILURE, "--uid is only valid with --migrate");
	if (o->mount_ns && o->mode != MODE_MIGRATE)
		errx(EXIT_FAILURE, "--mount-ns is only valid with --migrate");
	if (o->mount_ns && o->xid == VX_ID_SPECTATOR)
		errx(EXIT_FAILURE, "the spectator context has no mount namespace");
	if (o->command[0] == NULL) {
		warnx("no command given");
		vu_try_help();
	}
}

static void create_context(const struct options *o)
{
	uint64_t flags = vc_flags_apply(VXF_INIT_SET, &o->flags);

	if (vc_ctx_create(o->xid, flags) < 0) {
		/* EBUSY: exists and still in setup; EEXIST: exists. */
		if (o->silentexist && (errno == EEXIST || errno == EBUSY))
			exit(EXIT_CTX_EXISTS);
		vu_err_vc("cannot create context %u", (unsigned int)o->xid);
	}
	if (!o->silent)
		fprintf(stderr, "New security context is %u\n",
			(unsigned int)o->xid);
}

static void migrate_context(const struct options *o)
{
	uint64_t flags = o->init ? VXM_SET_INIT | VXM_SET_REAPER : 0;

	if (vc_ctx_migrate(o->xid, flags) < 0)
		vu_err_vc("cannot enter context %u", (unsigned int)o->xid);
}

/*
 * From inside, while the context is in setup: clearing STATE_INIT makes
 * the caller the init, clearing STATE_SETUP ends the setup.  Done last,
 * since afterwards nothing inside may change the context.
 */
static void finish_setup(const struct options *o)
{
	uint64_t mask = 0;

	if (o->init && o->mode == MODE_CREATE)
		mask |= VXF_STATE_INIT;
	if (o->endsetup)
		mask |= VXF_STATE_SETUP;
	if (mask && vc_set_cflags(o->xid, 0, mask) < 0)
		vu_err_vc("cannot %s of context %u",
			  o->endsetup ? "end the setup" : "become the init",
			  (unsigned int)o->xid);
}

/*
 * The fake init (flag fakeinit, VXF_INFO_INIT): the command runs as pid 1
 * of a new PID namespace, so that it is pid 1 inside the guest, reaps the
 * guest's orphans and is spared by kill(-1).  This process stays behind
 * it, in the context, and exits with its status.
 */
static void start_fake_init(struct options *o)
{
	pid_t pid;

	if (unshare(CLONE_NEWPID) < 0)
		err(EXIT_FAILURE, "cannot start a PID namespace for the fake "
		    "init of context %u", (unsigned int)o->xid);
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		err(EXIT_FAILURE, "cannot fork the fake init");
	if (pid > 0)
		exit(vu_wait_child(pid));
	o->init = true;
}

/*
 * An init starts as the kernel starts one: every signal at its default
 * and none blocked.  Ignored signals survive exec, and whoever started
 * vcontext in the background (a script's "&" ignores SIGINT and SIGQUIT)
 * would otherwise leave the init unable to catch the signal that asks
 * it to shut down.
 */
static void reset_signals(void)
{
	sigset_t none;
	int sig;

	for (sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/*
 * The process whose mount namespace a joiner takes: the context's init,
 * or, when it has none (a guest whose start command has ended), its
 * process with the lowest pid; 0 if it has no process.  Called in the
 * spectator context, which sees them all.
 */
static pid_t guest_process(vc_xid_t xid, bool *is_init)
{
	struct vcmd_vx_info_v0 info;
	unsigned long pid;
	pid_t best = 0;
	struct dirent *d;
	vc_xid_t owner;
	DIR *dir;

	if (vc_vx_info(xid, &info) < 0)
		vu_err_vc("cannot get the init of context %u", (unsigned int)xid);
	*is_init = info.initpid != 0;
	if (*is_init)
		return (pid_t)info.initpid;
	dir = opendir("/proc");
	if (!dir)
		err(EXIT_FAILURE, "cannot open /proc");
	while ((d = readdir(dir)) != NULL) {
		if (vc_parse_uint(d->d_name, 1, INT32_MAX, &pid) < 0)
			continue;
		if (vc_task_xid((pid_t)pid, &owner) == 0 && owner == xid &&
		    (best == 0 || (pid_t)pid < best))
			best = (pid_t)pid;
	}
	closedir(dir);
	return best;
}

/*
 * The namespaces of a guest that a joining process enters: the mount
 * namespace is required (it holds the guest's fstab); the others are
 * joined when the kernel gives them (CONFIG_TIME_NS, Linux 6.11).
 */
static const struct guest_ns {
	unsigned long ioctl;	/* PIDFD_GET_*_NAMESPACE */
	int type;		/* CLONE_NEW* */
	const char *name;
} guest_ns[] = {
	{ PIDFD_GET_MNT_NAMESPACE, CLONE_NEWNS, "mount" },
	{ PIDFD_GET_UTS_NAMESPACE, CLONE_NEWUTS, "UTS" },
	{ PIDFD_GET_TIME_NAMESPACE, CLONE_NEWTIME, "time" },
};
#define GUEST_NS ((int)(sizeof(guest_ns) / sizeof(guest_ns[0])))

/*
 * File descriptors of the namespaces of a process of context xid, taken
 * race-free: the pidfd is opened first and the pid checked after, so a
 * pid reused in between is caught, and the namespaces are asked of the
 * pidfd, which fails if that process has ended since the check.  An
 * optional namespace the kernel does not give is -1.
 */
static void guest_namespaces(vc_xid_t xid, int *fds)
{
	const char *what;
	bool is_init;
	vc_xid_t owner;
	struct vcmd_vx_info_v0 info;
	int pidfd, i;
	pid_t pid;

	pid = guest_process(xid, &is_init);
	if (pid == 0)
		errx(EXIT_FAILURE, "context %u has no init and no process: is "
		     "the guest running?", (unsigned int)xid);
	what = is_init ? "init" : "process";
	pidfd = pidfd_open(pid, 0);
	if (pidfd < 0 && errno == ESRCH)
		errx(EXIT_FAILURE, "the %s of context %u (pid %d) has ended: "
		     "try again", what, (unsigned int)xid, (int)pid);
	if (pidfd < 0)
		err(EXIT_FAILURE, "cannot open pid %d of context %u", (int)pid,
		    (unsigned int)xid);
	if (vc_task_xid(pid, &owner) < 0 || owner != xid)
		errx(EXIT_FAILURE, "pid %d is no longer the %s of context %u "
		     "(it ended, the pid was reused): try again", (int)pid,
		     what, (unsigned int)xid);
	if (is_init && (vc_vx_info(xid, &info) < 0 ||
			info.initpid != (uint32_t)pid))
		errx(EXIT_FAILURE, "the init of context %u changed (it was pid "
		     "%d): try again", (unsigned int)xid, (int)pid);
	for (i = 0; i < GUEST_NS; i++) {
		fds[i] = ioctl(pidfd, guest_ns[i].ioctl, 0);
		if (fds[i] >= 0)
			continue;
		if (errno == ESRCH)
			errx(EXIT_FAILURE, "the %s of context %u (pid %d) has "
			     "ended: try again", what, (unsigned int)xid,
			     (int)pid);
		if (i > 0 && (errno == ENOTTY || errno == EINVAL ||
			      errno == EOPNOTSUPP))
			continue;
		if (errno == ENOTTY || errno == EINVAL)
			errx(EXIT_FAILURE, "the kernel does not give the mount "
			     "namespace of a process by its pidfd "
			     "(PIDFD_GET_MNT_NAMESPACE, Linux 6.11)");
		err(EXIT_FAILURE, "cannot get the %s namespace of pid %d of "
		    "context %u", guest_ns[i].name, (int)pid,
		    (unsigned int)xid);
	}
	close(pidfd);
}

/* Pass the GUEST_NS descriptors (-1 for none) over sock. */
static void send_fds(int sock, const int *fds)
{
	union {
		char buf[CMSG_SPACE(GUEST_NS * sizeof(int))];
		struct cmsghdr align;
	} u = { 0 };
	char present[GUEST_NS];
	struct iovec iov = { .iov_base = present, .iov_len = sizeof(present) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf,
	};
	struct cmsghdr *c;
	int i, n = 0, pass[GUEST_NS];

	for (i = 0; i < GUEST_NS; i++) {
		present[i] = fds[i] >= 0;
		if (fds[i] >= 0)
			pass[n++] = fds[i];
	}
	msg.msg_controllen = CMSG_SPACE(n * sizeof(int));
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(n * sizeof(int));
	memcpy(CMSG_DATA(c), pass, n * sizeof(int));
	if (sendmsg(sock, &msg, 0) < 0)
		err(EXIT_FAILURE, "cannot pass the guest's namespaces");
}

/* The descriptors send_fds passed; fds[0] is -1 if none came. */
static void recv_fds(int sock, int *fds)
{
	union {
		char buf[CMSG_SPACE(GUEST_NS * sizeof(int))];
		struct cmsghdr align;
	} u;
	char present[GUEST_NS];
	struct iovec iov = { .iov_base = present, .iov_len = sizeof(present) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *c;
	int i, n = 0, passed[GUEST_NS];

	for (i = 0; i < GUEST_NS; i++)
		fds[i] = -1;
	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != (ssize_t)sizeof(present))
		return;
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
	    c->cmsg_len > CMSG_LEN(sizeof(passed)))
		return;
	memcpy(passed, CMSG_DATA(c), c->cmsg_len - CMSG_LEN(0));
	for (i = 0; i < GUEST_NS; i++)
		if (present[i])
			fds[i] = passed[n++];
}

/*
 * Join the namespaces of the guest: its mount namespace, where its fstab
 * is mounted, its UTS namespace, where its names are, and its time
 * namespace, where its uptime starts at its start.  Its processes keep
 * them.  The host cannot reach a guest's process by pid, the spectator
 * context can but cannot enter a guest: a child enters the spectator
 * context, takes the namespaces and passes them back over a socket.
 * Joining is done from the host, before anything of the guest is
 * trusted: setns() makes the mount namespace's root the root and working
 * directory, and --chroot follows.
 */
static void join_guest_namespaces(vc_xid_t xid)
{
	int sock[2], fds[GUEST_NS], status, i;
	pid_t child;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sock) < 0)
		err(EXIT_FAILURE, "cannot create a socket pair");
	fflush(NULL);
	child = fork();
	if (child < 0)
		err(EXIT_FAILURE, "cannot fork");
	if (child == 0) {
		close(sock[0]);
		if (vc_ctx_migrate(VX_ID_SPECTATOR, 0) < 0)
			vu_err_vc("cannot enter the spectator context");
		guest_namespaces(xid, fds);
		send_fds(sock[1], fds);
		exit(EXIT_SUCCESS);
	}
	close(sock[1]);
	recv_fds(sock[0], fds);
	close(sock[0]);
	status = vu_wait_child(child);
	if (fds[0] < 0)
		exit(status ? status : EXIT_FAILURE);
	for (i = 0; i < GUEST_NS; i++) {
		if (fds[i] < 0)
			continue;
		if (setns(fds[i], guest_ns[i].type) < 0)
			err(EXIT_FAILURE, "cannot join the %s namespace of "
			    "context %u", guest_ns[i].name, (unsigned int)xid);
		close(fds[i]);
	}
}

/*
 * Into the guest's root before entering the context: once inside, this
 * process is the guest's to reach as soon as it executes, and a chroot
 * program executed then would still run from the host's root.
 */
static void change_root(const char *dir)
{
	if (chroot(dir) < 0)
		err(EXIT_FAILURE, "cannot change the root directory to %s", dir);
	if (chdir("/") < 0)
		err(EXIT_FAILURE, "cannot change directory to / in %s", dir);
}

/*
 * The fields of a line of /etc/passwd or /etc/group, split at ':' in
 * place; returns how many there are (at most n).
 */
static size_t split_fields(char *line, char **field, size_t n)
{
	size_t i = 0;

	line[strcspn(line, "\n")] = '\0';
	while (i < n && line) {
		field[i++] = line;
		line = strchr(line, ':');
		if (line)
			*line++ = '\0';
	}
	return i;
}

/* A uid or gid: decimal, below (uid_t)-1; else false. */
static bool parse_id(const char *s, unsigned long *id)
{
	unsigned long v = 0;

	if (*s == '\0' || strlen(s) > 10)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	if (v >= 0xffffffffUL)
		return false;
	*id = v;
	return true;
}

/*
 * Open file of the current root (the guest's after --chroot) to read: a
 * regular file only (not a FIFO or device the guest planted to block or
 * flood us), never a terminal.  NULL if it does not exist.
 */
static FILE *open_id_file(const char *file)
{
	struct stat st;
	FILE *f;
	int fd;

	fd = open(file, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return NULL;
		err(EXIT_FAILURE, "cannot open %s", file);
	}
	if (fstat(fd, &st) < 0)
		err(EXIT_FAILURE, "cannot stat %s", file);
	if (!S_ISREG(st.st_mode))
		errx(EXIT_FAILURE, "%s is not a regular file", file);
	if (st.st_size > ID_FILE_MAX)
		errx(EXIT_FAILURE, "%s is larger than %d bytes", file, ID_FILE_MAX);
	f = fdopen(fd, "r");
	if (!f)
		err(EXIT_FAILURE, "cannot read %s", file);
	return f;
}

/*
 * The passwd entry of user (a name, or a number when it is one): its ids
 * and home.  Parsed here, not with getpwnam(): NSS would load libraries
 * of the guest's root into this host process.  A number without an entry
 * is taken as it is, with the same number as group.
 */
static void lookup_passwd(const char *user, struct user *u)
{
	unsigned long uid = 0, gid;
	bool numeric = parse_id(user, &uid);
	char *line = NULL, *f[7];
	size_t cap = 0;
	FILE *file;

	memset(u, 0, sizeof(*u));
	file = open_id_file("/etc/passwd");
	while (file && getline(&line, &cap, file) > 0) {
		if (split_fields(line, f, 7) < 7)
			continue;
		if (numeric ? !parse_id(f[2], &gid) || gid != uid :
		    strcmp(f[0], user) != 0)
			continue;
		if (!parse_id(f[2], &uid) || !parse_id(f[3], &gid))
			errx(EXIT_FAILURE, "/etc/passwd: the entry of %s has "
			     "invalid ids", user);
		u->uid = (uid_t)uid;
		u->gid = (gid_t)gid;
		snprintf(u->name, sizeof(u->name), "%s", f[0]);
		snprintf(u->home, sizeof(u->home), "%s", f[5]);
		break;
	}
	free(line);
	if (file)
		fclose(file);
	if (u->name[0])
		return;
	if (!numeric)
		errx(EXIT_FAILURE, "no user %s in /etc/passwd", user);
	u->uid = (uid_t)uid;
	u->gid = (gid_t)uid;
}

/* The groups of u: its own, then those of /etc/group that list it. */
static void lookup_groups(struct user *u)
{
	char *line = NULL, *f[4], *member, *rest;
	unsigned long gid;
	size_t cap = 0;
	FILE *file;

	u->groups[u->ngroups++] = u->gid;
	if (!u->name[0])
		return;
	file = open_id_file("/etc/group");
	while (file && getline(&line, &cap, file) > 0) {
		if (split_fields(line, f, 4) < 4 || !parse_id(f[2], &gid) ||
		    (gid_t)gid == u->gid)
			continue;
		for (rest = f[3]; (member = strsep(&rest, ",")) != NULL;) {
			if (strcmp(member, u->name) != 0)
				continue;
			if (u->ngroups == ID_GROUPS_MAX)
				errx(EXIT_FAILURE, "%s is in more than %d groups",
				     u->name, ID_GROUPS_MAX);
			u->groups[u->ngroups++] = (gid_t)gid;
			break;
		}
	}
	free(line);
	if (file)
		fclose(file);
}

/*
 * Run as u from now on: groups, then gid, then uid (each change needs the
 * privilege the next drops).  The kernel makes the process non-dumpable
 * when its uid changes; it stays out of the guest's reach until it
 * executes anyway.
 */
static void become_user(const struct user *u)
{
	if (setgroups(u->ngroups, u->groups) < 0)
		err(EXIT_FAILURE, "cannot set the groups of uid %u",
		    (unsigned int)u->uid);
	if (setresgid(u->gid, u->gid, u->gid) < 0)
		err(EXIT_FAILURE, "cannot set gid %u", (unsigned int)u->gid);
	if (setresuid(u->uid, u->uid, u->uid) < 0)
		err(EXIT_FAILURE, "cannot set uid %u", (unsigned int)u->uid);
	if (!u->name[0])
		return;
	if (setenv("HOME", u->home, 1) < 0 || setenv("USER", u->name, 1) < 0 ||
	    setenv("LOGNAME", u->name, 1) < 0)
		err(EXIT_FAILURE, "cannot set the environment");
}

int main(int argc, char **argv)
{
	struct options opts = { .mode = MODE_NONE };
	struct user user;

	vu_close_stdout();
	parse_args(argc, argv, &opts);
	check_args(&opts);
	if (opts.mount_ns)
		join_guest_namespaces(opts.xid);
	if (opts.chroot)
		change_root(opts.chroot);
	/* Looked up in the guest's files, before entering its context. */
	if (opts.user) {
		lookup_passwd(opts.user, &user);
		lookup_groups(&user);
	}

	if (opts.mode == MODE_CREATE) {
		create_context(&opts);
		if (vc_flags_apply(VXF_INIT_SET, &opts.flags) & VXF_INFO_INIT)
			start_fake_init(&opts);
	} else {
		migrate_context(&opts);
	}
	finish_setup(&opts);
	if (opts.user)
		become_user(&user);
	if (opts.init)
		reset_signals();

	vu_exec(opts.command);
}
