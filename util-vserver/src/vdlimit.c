// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vdlimit - show, set or remove the disk limit of a context on a file
 * system: the project quota of the project id that is the context id (the
 * tag chxid gives the context's files).  The file system counts the usage
 * itself, and keeps it across reboots; vdlimit only reads it, and sets
 * the limits.
 *
 * The quota is reached with quotactl_fd(2) on a descriptor of the mount
 * point, so no block device is looked up.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/dqblk_xfs.h>
#include <linux/quota.h>

#include "libvserver.h"
#include "tool.h"

/* Linux 5.14; the same number on every architecture. */
#ifndef SYS_quotactl_fd
#define SYS_quotactl_fd 443
#endif

/* The keys of --set, as classic vdlimit names them. */
enum key { K_SPACE_TOTAL, K_INODES_TOTAL, K_RESERVED, K_SPACE_USED,
	   K_INODES_USED, N_KEYS };

static const char *const key_names[N_KEYS] = {
	[K_SPACE_TOTAL] = "space_total",
	[K_INODES_TOTAL] = "inodes_total",
	[K_RESERVED] = "reserved",
	[K_SPACE_USED] = "space_used",
	[K_INODES_USED] = "inodes_used",
};

enum mode { M_SHOW, M_SET, M_REMOVE };

struct options {
	vc_xid_t xid;
	enum mode mode;
	bool given[N_KEYS];
	uint64_t space_total;	/* KiB; 0: no limit, as the quota has it */
	uint64_t inodes_total;	/* 0: no limit */
	const char *path;
};

VU_NORETURN static void usage(void)
{
	printf("Usage:\n"
	       " %1$s --xid <xid>|<name> <mountpoint>\n"
	       " %1$s --xid <xid>|<name> --set <key>=<value>... <mountpoint>\n"
	       " %1$s --xid <xid>|<name> --remove <mountpoint>\n"
	       "\n"
	       "Show, set or remove the disk limit of a context on a file system: the\n"
	       "project quota of its context id, which counts the files tagged with it\n"
	       "(see chxid).\n"
	       "\n"
	       "Options:\n"
	       "     --xid <xid>|<name>  the context: 1 to 65535, or a guest's name for\n"
	       "                           its context id\n"
	       "     --set <key>=<value> set a limit (may be repeated):\n"
	       "                           space_total=<KiB>   the space its files take\n"
	       "                           inodes_total=<n>    the number of its inodes\n"
	       "                           reserved=0          the only value supported\n"
	       "                         -1 is no limit\n"
	       "     --remove            remove both limits (the usage is still counted)\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "\n"
	       "Without --set or --remove, show the usage and the limits as lines\n"
	       "space_used=, space_total=, inodes_used=, inodes_total=, reserved=\n"
	       "(space in KiB, -1 for no limit).  space_used and inodes_used cannot be\n"
	       "set: the file system counts them itself and keeps them across reboots.\n"
	       "\n"
	       "Exit status: 0 success, 1 failure (a bad option, or a file system\n"
	       "without project quota).\n"
	       "\n"
	       "See vdlimit(8).\n",
	       program_invocation_short_name);
	exit(EXIT_SUCCESS);
}

/* "invalid --set argument 'ARG': WHY" and the hint to --help; exit 1. */
VU_NORETURN VU_PRINTF(2, 3) static void bad_set(const char *arg,
						const char *why, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, why);
	vsnprintf(text, sizeof(text), why, ap);
	va_end(ap);
	warnx("invalid --set argument '%s': %s", arg, text);
	vu_try_help();
}

/*
 * A total: a number from 1, or -1 for no limit (0 to the quota, which
 * has no way to say "nothing": a limit of 0 is no limit).
 */
static uint64_t parse_total(const char *arg, const char *value,
			    const char *unit)
{
	unsigned long n;

	if (strcmp(value, "-1") == 0)
		return 0;
	if (strcmp(value, "0") == 0)
		bad_set(arg, "a limit of 0 is no limit to the project quota: "
			"give -1 for no limit, or at least 1");
	if (vc_parse_uint(value, 1, ULONG_MAX, &n) < 0)
		bad_set(arg, "expected a number of %s from 1, or -1 for no limit",
			unit);
	return n;
}

/* One --set KEY=VALUE, checked; the last value of a key wins. */
static void parse_set(struct options *o, const char *arg)
{
	const char *eq = strchr(arg, '=');
	const char *value;
	unsigned long n;
	size_t len, k;

	if (eq == NULL)
		bad_set(arg, "expected <key>=<value>");
	len = (size_t)(eq - arg);
	value = eq + 1;
	for (k = 0; k < N_KEYS; k++)
		if (strlen(key_names[k]) == len &&
		    strncmp(key_names[k], arg, len) == 0)
			break;
	switch (k) {
	case K_SPACE_TOTAL:
		o->space_total = parse_total(arg, value, "KiB");
		break;
	case K_INODES_TOTAL:
		o->inodes_total = parse_total(arg, value, "inodes");
		break;
	case K_RESERVED:
		if (vc_parse_uint(value, 0, 100, &n) < 0)
			bad_set(arg, "expected a percentage (only 0 is supported)");
		if (n != 0)
			bad_set(arg, "only 0 is supported: the project quota keeps "
				"no share of the space for root");
		break;
	case K_SPACE_USED:
	case K_INODES_USED:
		bad_set(arg, "the file system's project quota counts the usage "
			"itself and keeps it across reboots: there is nothing "
			"to set");
	default:
		bad_set(arg, "unknown key '%.*s' (space_total, inodes_total or "
			"reserved)", (int)len, arg);
	}
	o->given[k] = true;
}

static void parse_args(int argc, char **argv, struct options *o)
{
	enum { OPT_XID = 0x100, OPT_SET, OPT_REMOVE };
	static const struct option longopts[] = {
		{ "xid",     required_argument, NULL, OPT_XID },
		{ "set",     required_argument, NULL, OPT_SET },
		{ "remove",  no_argument,       NULL, OPT_REMOVE },
		{ "help",    no_argument,       NULL, 'h' },
		{ "version", no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *xid = NULL;
	bool set = false, remove = false;
	int c;

	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_XID:
			xid = optarg;
			break;
		case OPT_SET:
			parse_set(o, optarg);
			set = true;
			break;
		case OPT_REMOVE:
			remove = true;
			break;
		case 'h':
			usage();
		case 'V':
			vu_print_version();
		default:
			vu_try_help();
		}
	}

	if (xid == NULL) {
		warnx("no context given: use --xid");
		vu_try_help();
	}
	if (set && remove) {
		warnx("--set and --remove exclude each other");
		vu_try_help();
	}
	if (optind == argc) {
		warnx("no mount point given");
		vu_try_help();
	}
	if (argc - optind > 1) {
		warnx("one mount point at a time: '%s' is one too many",
		      argv[optind + 1]);
		vu_try_help();
	}
	o->path = argv[optind];
	o->mode = set ? M_SET : remove ? M_REMOVE : M_SHOW;
	/* Last: a guest name is looked up only for a valid command line. */
	o->xid = vu_tag_or_die(xid, "--xid", VX_ID_SPECTATOR);
}

static int quotactl_fd(int fd, int cmd, vc_xid_t id, void *addr)
{
	return (int)syscall(SYS_quotactl_fd, fd, QCMD(cmd, PRJQUOTA), id, addr);
}

/* A quotactl_fd call on o->path failed (errno set): say why, exit 1. */
VU_NORETURN static void quota_failed(const struct options *o, const char *what)
{
	int saved = errno;

	/*
	 * ENOSYS is also what a file system without any quota answers: only
	 * a kernel without the system call fails on a bad descriptor so.
	 */
	if (saved == ENOSYS && quotactl_fd(-1, Q_GETQUOTA, 0, NULL) < 0 &&
	    errno == ENOSYS)
		errx(EXIT_FAILURE, "cannot %s the project quota of context %u: "
		     "the kernel lacks quotactl_fd(2) (Linux 5.14 or later, with "
		     "CONFIG_QUOTACTL)", what, (unsigned int)o->xid);
	if (saved == ENOSYS || saved == ESRCH || saved == EINVAL)
		errx(EXIT_FAILURE, "cannot %s the project quota of context %u: "
		     "the file system of %s has no project quota (ext4 needs "
		     "mke2fs -O quota,project, or tune2fs -O quota,project while "
		     "unmounted, and the mount option prjquota; xfs the mount "
		     "option prjquota)", what, (unsigned int)o->xid, o->path);
	if (saved == EPERM)
		errx(EXIT_FAILURE, "cannot %s the project quota of context %u on "
		     "%s: %s (this needs CAP_SYS_ADMIN)", what,
		     (unsigned int)o->xid, o->path, strerror(EPERM));
	if (saved == ERANGE)
		errx(EXIT_FAILURE, "cannot %s the project quota of context %u on "
		     "%s: a limit is larger than this file system allows", what,
		     (unsigned int)o->xid, o->path);
	errno = saved;
	err(EXIT_FAILURE, "cannot %s the project quota of context %u on %s",
	    what, (unsigned int)o->xid, o->path);
}

/*
 * Whether the project quota of the file system is enforced: it must be
 * counted (else exit 1, as quota_failed), and may be counted only (ext4
 * mounted without prjquota).  A kernel that cannot tell says enforced.
 */
static bool enforced(const struct options *o, int fd)
{
	struct fs_quota_statv st = { .qs_version = FS_QSTATV_VERSION1 };

	if (quotactl_fd(fd, Q_XGETQSTATV, 0, &st) < 0) {
		if (errno == EOPNOTSUPP)
			return true;
		quota_failed(o, "read");
	}
	if (!(st.qs_flags & FS_QUOTA_PDQ_ACCT)) {
		errno = ESRCH;
		quota_failed(o, "read");
	}
	return (st.qs_flags & FS_QUOTA_PDQ_ENFD) != 0;
}

/* A limit as shown: -1 for none. */
static void print_limit(const char *key, uint64_t limit)
{
	if (limit == 0)
		printf("%s=-1\n", key);
	else
		printf("%s=%llu\n", key, (unsigned long long)limit);
}

static void show(const struct if_dqblk *q)
{
	/* The usage in bytes, shown in KiB as the limit is. */
	printf("space_used=%llu\n",
	       (unsigned long long)((q->dqb_curspace + QIF_DQBLKSIZE - 1) /
				    QIF_DQBLKSIZE));
	print_limit("space_total", q->dqb_bhardlimit);
	printf("inodes_used=%llu\n", (unsigned long long)q->dqb_curinodes);
	print_limit("inodes_total", q->dqb_ihardlimit);
	printf("reserved=0\n");
}

int main(int argc, char **argv)
{
	struct options opts = { .mode = M_SHOW };
	struct if_dqblk q;
	bool enforcing;
	int fd;

	vu_close_stdout();
	parse_args(argc, argv, &opts);

	/* Any file of the file system will do: no need to read it. */
	fd = open(opts.path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		err(EXIT_FAILURE, "cannot open %s", opts.path);
	enforcing = enforced(&opts, fd);
	memset(&q, 0, sizeof(q));
	if (quotactl_fd(fd, Q_GETQUOTA, opts.xid, &q) < 0)
		quota_failed(&opts, "read");

	switch (opts.mode) {
	case M_SHOW:
		show(&q);
		break;
	case M_SET:
		memset(&q, 0, sizeof(q));
		/* Soft limits as the hard ones: no grace period to run out. */
		if (opts.given[K_SPACE_TOTAL]) {
			q.dqb_bhardlimit = q.dqb_bsoftlimit = opts.space_total;
			q.dqb_valid |= QIF_BLIMITS;
		}
		if (opts.given[K_INODES_TOTAL]) {
			q.dqb_ihardlimit = q.dqb_isoftlimit = opts.inodes_total;
			q.dqb_valid |= QIF_ILIMITS;
		}
		if (q.dqb_valid &&
		    quotactl_fd(fd, Q_SETQUOTA, opts.xid, &q) < 0)
			quota_failed(&opts, "set");
		if (q.dqb_valid && !enforcing)
			warnx("the limits of context %u are set, but the file "
			      "system of %s does not enforce them: mount it with "
			      "the option prjquota", (unsigned int)opts.xid,
			      opts.path);
		break;
	case M_REMOVE:
		memset(&q, 0, sizeof(q));
		q.dqb_valid = QIF_LIMITS;
		if (quotactl_fd(fd, Q_SETQUOTA, opts.xid, &q) < 0)
			quota_failed(&opts, "remove");
		break;
	}
	close(fd);
	return EXIT_SUCCESS;
}
