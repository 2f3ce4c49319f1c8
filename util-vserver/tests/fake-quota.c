// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Test helper: an LD_PRELOAD stand-in for the project quota that
 * quotactl_fd(2) reaches, so that vdlimit's logic can be tested on a host
 * whose kernel has none (vdlimit.sh tests it against a real one).
 *
 * Active when $UV_FAKE_QUOTA_DIR is set.  The file "prj.ID" there holds
 * the quota of project ID as "SPACE INODES BSOFT BHARD ISOFT IHARD": the
 * usage in bytes and inodes, the limits in KiB and inodes (0: none); no
 * file is no usage and no limits.  Q_SETQUOTA is logged to the file
 * "log" as "setquota ID VALID BSOFT BHARD ISOFT IHARD" (VALID in hex).
 *
 * $UV_FAKE_QUOTA_STATE says what the file system has:
 *   enforced  project quota counted and enforced (the default)
 *   counted   counted, not enforced (ext4 mounted without prjquota)
 *   off       project quota off: ESRCH
 *   noprj     no project quota type: EINVAL
 *   none      no quota at all: ENOSYS, but EBADF for a bad descriptor
 *   nosys     a kernel without quotactl_fd: ENOSYS for every call
 * $UV_FAKE_QUOTA_FAIL=CMD:ERRNO (CMD get, set or stat; ERRNO EPERM or
 * ERANGE) makes that command fail so.  Only the tools' syscall() calls
 * are caught: others are passed on.
 */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <linux/dqblk_xfs.h>
#include <linux/quota.h>

#ifndef SYS_quotactl_fd
#define SYS_quotactl_fd 443
#endif

struct prj {
	unsigned long long space, inodes, bsoft, bhard, isoft, ihard;
};

static long fail(int err)
{
	errno = err;
	return -1;
}

static const char *state(void)
{
	const char *s = getenv("UV_FAKE_QUOTA_STATE");

	return s && *s ? s : "enforced";
}

/* The errno $UV_FAKE_QUOTA_FAIL asks for command cmd, or 0. */
static int asked_failure(const char *cmd)
{
	const char *f = getenv("UV_FAKE_QUOTA_FAIL");
	size_t len = strlen(cmd);

	if (f == NULL || strncmp(f, cmd, len) != 0 || f[len] != ':')
		return 0;
	if (strcmp(f + len + 1, "EPERM") == 0)
		return EPERM;
	if (strcmp(f + len + 1, "ERANGE") == 0)
		return ERANGE;
	return EINVAL;
}

static void prj_path(char *path, size_t size, unsigned int id)
{
	snprintf(path, size, "%s/prj.%u", getenv("UV_FAKE_QUOTA_DIR"), id);
}

static void prj_read(unsigned int id, struct prj *p)
{
	char path[4096];
	FILE *f;

	memset(p, 0, sizeof(*p));
	prj_path(path, sizeof(path), id);
	f = fopen(path, "r");
	if (f == NULL)
		return;
	if (fscanf(f, "%llu %llu %llu %llu %llu %llu", &p->space, &p->inodes,
		   &p->bsoft, &p->bhard, &p->isoft, &p->ihard) != 6)
		memset(p, 0, sizeof(*p));
	fclose(f);
}

static int prj_write(unsigned int id, const struct prj *p)
{
	char path[4096];
	FILE *f;

	prj_path(path, sizeof(path), id);
	f = fopen(path, "w");
	if (f == NULL)
		return -1;
	fprintf(f, "%llu %llu %llu %llu %llu %llu\n", p->space, p->inodes,
		p->bsoft, p->bhard, p->isoft, p->ihard);
	return fclose(f);
}

static void log_set(unsigned int id, const struct if_dqblk *q)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/log", getenv("UV_FAKE_QUOTA_DIR"));
	f = fopen(path, "a");
	if (f == NULL)
		return;
	fprintf(f, "setquota %u %#x %llu %llu %llu %llu\n", id, q->dqb_valid,
		(unsigned long long)q->dqb_bsoftlimit,
		(unsigned long long)q->dqb_bhardlimit,
		(unsigned long long)q->dqb_isoftlimit,
		(unsigned long long)q->dqb_ihardlimit);
	fclose(f);
}

static long fake_stat(struct fs_quota_statv *st)
{
	if (st->qs_version != FS_QSTATV_VERSION1)
		return fail(EINVAL);
	memset(st, 0, sizeof(*st));
	st->qs_version = FS_QSTATV_VERSION1;
	if (strcmp(state(), "off") != 0)
		st->qs_flags |= FS_QUOTA_PDQ_ACCT;
	if (strcmp(state(), "enforced") == 0)
		st->qs_flags |= FS_QUOTA_PDQ_ENFD;
	return 0;
}

static long fake_get(unsigned int id, struct if_dqblk *q)
{
	struct prj p;

	prj_read(id, &p);
	memset(q, 0, sizeof(*q));
	q->dqb_curspace = p.space;
	q->dqb_curinodes = p.inodes;
	q->dqb_bsoftlimit = p.bsoft;
	q->dqb_bhardlimit = p.bhard;
	q->dqb_isoftlimit = p.isoft;
	q->dqb_ihardlimit = p.ihard;
	q->dqb_valid = QIF_ALL;
	return 0;
}

static long fake_set(unsigned int id, const struct if_dqblk *q)
{
	struct prj p;

	log_set(id, q);
	prj_read(id, &p);
	if (q->dqb_valid & QIF_BLIMITS) {
		p.bsoft = q->dqb_bsoftlimit;
		p.bhard = q->dqb_bhardlimit;
	}
	if (q->dqb_valid & QIF_ILIMITS) {
		p.isoft = q->dqb_isoftlimit;
		p.ihard = q->dqb_ihardlimit;
	}
	return prj_write(id, &p) < 0 ? fail(EIO) : 0;
}

static long fake_quotactl_fd(int fd, unsigned int cmd, unsigned int id,
			     void *addr)
{
	unsigned int sub = cmd >> SUBCMDSHIFT, type = cmd & SUBCMDMASK;
	const char *what;
	struct stat st;
	int err;

	if (strcmp(state(), "nosys") == 0)
		return fail(ENOSYS);
	if (fstat(fd, &st) < 0)
		return fail(EBADF);
	if (strcmp(state(), "none") == 0)
		return fail(ENOSYS);
	if (type != PRJQUOTA || strcmp(state(), "noprj") == 0)
		return fail(EINVAL);
	switch (sub) {
	case Q_XGETQSTATV:
		what = "stat";
		break;
	case Q_GETQUOTA:
		what = "get";
		break;
	case Q_SETQUOTA:
		what = "set";
		break;
	default:
		return fail(EINVAL);
	}
	err = asked_failure(what);
	if (err)
		return fail(err);
	if (sub == Q_XGETQSTATV)
		return fake_stat(addr);
	if (strcmp(state(), "off") == 0)
		return fail(ESRCH);
	return sub == Q_GETQUOTA ? fake_get(id, addr) : fake_set(id, addr);
}

long syscall(long number, ...)
{
	static long (*real)(long, ...);
	long a[6];
	va_list ap;
	int i;

	/* As glibc's syscall(): six arguments, whether passed or not. */
	va_start(ap, number);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (number == SYS_quotactl_fd && getenv("UV_FAKE_QUOTA_DIR"))
		return fake_quotactl_fd((int)a[0], (unsigned int)a[1],
					(unsigned int)a[2], (void *)a[3]);
	if (real == NULL)
		real = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
	if (real == NULL)
		return fail(ENOSYS);
	return real(number, a[0], a[1], a[2], a[3], a[4], a[5]);
}
