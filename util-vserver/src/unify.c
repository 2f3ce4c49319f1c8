// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What vhashify and vunify share; see unify.h.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "libvserver.h"
#include "tool.h"
#include "unify.h"

#ifndef VC_VROOTDIR
#define VC_VROOTDIR "/vservers"
#endif

/*
 * What a guest changes on its own, or what is not a file of a package:
 * configuration, logs and state, users' files, mounted virtual file
 * systems.  util-vserver's vunify-exclude left out the same (/etc with a
 * few exceptions, /dev, /proc, /var, /home, /tmp, /root, /mnt, /sys).
 */
const char *const unify_default_excludes[] = {
	"/boot", "/dev", "/etc", "/home", "/lost+found", "/media", "/mnt",
	"/proc", "/root", "/run", "/srv", "/sys", "/tmp", "/var", NULL,
};

bool unify_option(struct unify_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'g':
		o->guests = true;
		return true;
	case 'e':
		if (arg[0] == '\0')
			errx(EXIT_FAILURE, "invalid --exclude argument: empty");
		unify_exclude_add(o, arg);
		return true;
	case UNIFY_OPT_NO_DEFAULTS:
		o->no_default_excludes = true;
		return true;
	case UNIFY_OPT_IGNORE_MTIME:
		o->ignore_mtime = true;
		return true;
	case UNIFY_OPT_LINKS_ONLY:
		o->links_only = true;
		return true;
	case UNIFY_OPT_COW:
		o->cow = true;
		return true;
	case 'n':
		o->dry_run = true;
		return true;
	case 'v':
		o->verbose++;
		return true;
	default:
		return false;
	}
}

void unify_options_done(struct unify_opts *o)
{
	if (!o->no_default_excludes)
		unify_exclude_defaults(o);
}

void unify_exclude_add(struct unify_opts *o, const char *pattern)
{
	char **list = realloc(o->excludes,
			      (o->n_excludes + 1) * sizeof(*list));
	char *p;

	if (list == NULL)
		err(EXIT_FAILURE, "cannot allocate memory");
	o->excludes = list;
	/* Anchored: with a leading '/', as the paths are matched. */
	if (strchr(pattern, '/') && pattern[0] != '/') {
		if (asprintf(&p, "/%s", pattern) < 0)
			err(EXIT_FAILURE, "cannot allocate memory");
	} else {
		p = (char *)pattern;
	}
	list[o->n_excludes++] = p;
}

void unify_exclude_defaults(struct unify_opts *o)
{
	const char *const *p;

	for (p = unify_default_excludes; *p; p++)
		unify_exclude_add(o, *p);
}

static size_t slashes(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '/';
	return n;
}

/* Whether path itself (not its directories) matches a pattern. */
static bool matches(const struct unify_opts *o, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t i, depth = slashes(path);

	base = base ? base + 1 : path;
	for (i = 0; i < o->n_excludes; i++) {
		const char *p = o->excludes[i];

		if (*p != '/') {
			if (fnmatch(p, base, 0) == 0)
				return true;
			continue;
		}
		/*
		 * With FNM_PATHNAME only a '/' matches a '/': a path of
		 * another depth cannot match (most are deeper than the
		 * default patterns), and fnmatch need not be asked.
		 */
		if (slashes(p) == depth && fnmatch(p, path, FNM_PATHNAME) == 0)
			return true;
	}
	return false;
}

bool unify_excluded(const struct unify_opts *o, const char *path,
		    bool prefixes)
{
	char buf[PATH_MAX];
	char *slash;

	if (!prefixes)
		return matches(o, path);
	if (strlen(path) >= sizeof(buf))
		return true;	/* no such path: leave it alone */
	strcpy(buf, path);
	/* Each leading directory, then the path itself. */
	for (slash = strchr(buf + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (matches(o, buf))
			return true;
		*slash = '/';
	}
	return matches(o, buf);
}

unsigned long long unify_size_or_die(const char *str, const char *option)
{
	unsigned long long n, shift = 0;
	char *end;

	errno = 0;
	n = strtoull(str, &end, 10);
	if (end != str && *end != '\0' && end[1] == '\0') {
		switch (*end) {
		case 'k': case 'K': shift = 10; end++; break;
		case 'M': shift = 20; end++; break;
		case 'G': shift = 30; end++; break;
		default: break;
		}
	}
	if (end == str || *end != '\0' || errno != 0 || *str == '-' ||
	    n > (ULLONG_MAX >> shift))
		errx(EXIT_FAILURE, "invalid %s argument '%s': expected a size "
		     "in bytes, optionally with k, M or G", option, str);
	return n << shift;
}

const char *unify_vrootdir(void)
{
	const char *dir = getenv("VSERVER_VROOTDIR");

	return dir && *dir ? dir : VC_VROOTDIR;
}

/* The first value of a configuration file, as "vserver" reads it. */
static char *first_value(const char *file)
{
	char line[PATH_MAX + 64];
	FILE *f = fopen(file, "re");

	if (f == NULL)
		err(EXIT_FAILURE, "cannot open %s", file);
	while (fgets(line, sizeof(line), f)) {
		char *v = line, *end;

		v[strcspn(v, "#")] = '\0';
		v += strspn(v, " \t");
		end = v + strlen(v);
		while (end > v && strchr(" \t\r\n", end[-1]))
			*--end = '\0';
		if (*v) {
			fclose(f);
			return strdup(v);
		}
	}
	fclose(f);
	return NULL;
}

/* dir/name into buf, or exit 1. */
static void join(char *buf, size_t len, const char *dir, const char *name)
{
	if ((size_t)snprintf(buf, len, "%s/%s", dir, name) >= len)
		errx(EXIT_FAILURE, "%s/%s: path too long", dir, name);
}

char *unify_guest_root(const char *name)
{
	const char *confdir = vc_confdir();
	char cfg[PATH_MAX], file[PATH_MAX], *dir = NULL, *real;
	struct stat st;

	if (name[0] == '\0' || name[0] == '.' || strchr(name, '/'))
		errx(EXIT_FAILURE, "'%s' is not a guest name", name);
	join(cfg, sizeof(cfg), confdir, name);
	if (strlen(cfg) + 6 > sizeof(file))
		errx(EXIT_FAILURE, "%s: path too long", cfg);
	snprintf(file, sizeof(file), "%s.conf", cfg);
	if (stat(cfg, &st) < 0 && stat(file, &st) < 0)
		errx(EXIT_FAILURE, "no guest %s: %s does not exist", name, cfg);

	join(file, sizeof(file), cfg, "vdir");
	if (lstat(file, &st) == 0 && (S_ISLNK(st.st_mode) || S_ISDIR(st.st_mode))) {
		dir = strdup(file);
	} else if (lstat(file, &st) == 0 && S_ISREG(st.st_mode)) {
		dir = first_value(file);
		if (dir == NULL || dir[0] != '/')
			errx(EXIT_FAILURE, "%s: the root directory '%s' is not "
			     "an absolute path", file, dir ? dir : "");
	} else {
		join(file, sizeof(file), confdir, ".defaults/vdirbase");
		if (stat(file, &st) == 0 && S_ISDIR(st.st_mode)) {
			real = realpath(file, NULL);
			if (real == NULL)
				err(EXIT_FAILURE, "cannot resolve %s", file);
			join(file, sizeof(file), real, name);
			free(real);
		} else {
			join(file, sizeof(file), unify_vrootdir(), name);
		}
		dir = strdup(file);
	}
	if (dir == NULL)
		err(EXIT_FAILURE, "cannot allocate memory");
	real = realpath(dir, NULL);
	if (real == NULL)
		err(EXIT_FAILURE, "cannot find the root directory of guest %s, %s",
		    name, dir);
	free(dir);
	return real;
}

int unify_open_root(const struct unify_opts *o, const char *operand,
		    char **root, struct stat *st)
{
	struct stat top;
	size_t len;
	int fd;

	*root = o->guests ? unify_guest_root(operand) : strdup(operand);
	if (*root == NULL)
		err(EXIT_FAILURE, "cannot allocate memory");
	len = strlen(*root);
	while (len > 1 && (*root)[len - 1] == '/')
		(*root)[--len] = '\0';
	fd = open(*root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		err(EXIT_FAILURE, "cannot open %s", *root);
	if (fstat(fd, st) < 0)
		err(EXIT_FAILURE, "cannot stat %s", *root);
	if (stat("/", &top) == 0 && top.st_dev == st->st_dev &&
	    top.st_ino == st->st_ino)
		errx(EXIT_FAILURE, "%s is the host's root directory, not a "
		     "guest's", *root);
	return fd;
}

bool unify_same_meta(const struct unify_opts *o, const struct stat *a,
		     const struct stat *b)
{
	return a->st_mode == b->st_mode && a->st_uid == b->st_uid &&
	       a->st_gid == b->st_gid && a->st_size == b->st_size &&
	       (o->ignore_mtime ||
		(a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
		 a->st_mtim.tv_nsec == b->st_mtim.tv_nsec));
}

int unify_has_xattrs(int fd)
{
	char buf[4096], *p;
	ssize_t n = flistxattr(fd, buf, sizeof(buf));

	if (n < 0) {
		if (errno == ENOTSUP)
			return 0;
		if (errno == ERANGE)
			return 1;	/* many: more than ours, surely */
		return -1;
	}
	for (p = buf; p < buf + n; p += strlen(p) + 1)
		if (strcmp(p, VSERVER_XATTR) != 0)
			return 1;
	return 0;
}

int unify_same_bytes(int a, int b, off_t size)
{
	enum { CHUNK = 256 * 1024 };
	static char *buf;
	off_t off = 0;

	if (buf == NULL && (buf = malloc(2 * CHUNK)) == NULL)
		return -1;
	while (off < size) {
		size_t want = size - off < CHUNK ? (size_t)(size - off) : CHUNK;
		ssize_t na = pread(a, buf, want, off);
		ssize_t nb = pread(b, buf + CHUNK, want, off);

		if (na < 0 || nb < 0)
			return -1;
		/* A file shorter than its size now: it changed. */
		if (na != nb || na == 0 || memcmp(buf, buf + CHUNK, na) != 0)
			return 0;
		off += na;
	}
	return 1;
}

/*
 * A unified file is shared by guests with different tags: it is untagged
 * (tag 0, which every guest reaches, counted in no guest's disk limit), as
 * the file tags of the kernel documentation say.  The file of the first
 * guest, which the others are linked to, loses its tag here, before it is
 * linked: the kernel lets only an untagged unified file be linked into a
 * guest's tagged tree (ext4 and f2fs refuse other files with EXDEV).
 */
static int untag(int fd, const char *name)
{
	struct vc_tag tag;

	if (vc_fget_tag(fd, &tag) < 0) {
		if (vc_tag_unsupported(errno))
			return 0;	/* no tags on this file system */
		warn("cannot read the tag of %s", name);
		return -1;
	}
	if (tag.xid == 0)
		return 0;
	tag.xid = 0;
	tag.inherit = 0;
	if (vc_fset_tag(fd, &tag) == 0)
		return 0;
	warn("cannot untag %s, to share it between guests", name);
	return -1;
}

int unify_attrs(struct unify *u, int fd, const char *name)
{
	uint32_t want = UNIFY_IATTR | (u->o.cow ? IATTR_COW : 0);
	uint32_t flags, mask;

	if (u->o.links_only)
		return 0;
	if (vc_fget_iattr(fd, &flags, &mask) < 0) {
		if (errno == ENOSYS || errno == EOPNOTSUPP)
			vu_err_feature("inode attribute support",
				       "cannot read the attributes of %s", name);
		warn("cannot read the attributes of %s", name);
		return -1;
	}
	if ((mask & UNIFY_IATTR) != UNIFY_IATTR)
		errx(VU_EXIT_NOSYS, "kernel lacks unification (the immutable "
		     "and ixunlink attributes) for %s; --links-only links "
		     "without them", name);
	if ((mask & want) != want)
		errx(VU_EXIT_NOSYS, "kernel lacks copy on write (the cow "
		     "attribute) for %s; unify without --cow", name);
	u->attrs_ok = true;
	if (u->o.dry_run)
		return 0;
	if (untag(fd, name) < 0)
		return -1;
	if ((flags & want) == want)
		return 0;
	if (vc_fset_iattr(fd, want, want) == 0)
		return 0;
	if (errno == EPERM)
		errx(EXIT_FAILURE, "cannot set the attributes of %s: %s (this "
		     "needs CAP_LINUX_IMMUTABLE in the host context)", name,
		     strerror(EPERM));
	warn("cannot set the attributes of %s", name);
	return -1;
}

int unify_is_unified(int fd, const char *name)
{
	uint32_t flags;

	if (vc_fget_iattr(fd, &flags, NULL) == 0)
		return (flags & UNIFY_IATTR) == UNIFY_IATTR;
	if (errno == ENOSYS || errno == EOPNOTSUPP)
		vu_err_feature("inode attribute support",
			       "cannot read the attributes of %s", name);
	warn("cannot read the attributes of %s", name);
	return -1;
}

int unify_link_fd(int fd, int dirfd, const char *name)
{
	char proc[64];

	if (linkat(fd, "", dirfd, name, AT_EMPTY_PATH) == 0)
		return 0;
	if (errno != ENOENT && errno != EPERM)
		return -1;
	/* Without CAP_DAC_READ_SEARCH: the same inode, through /proc. */
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	return linkat(AT_FDCWD, proc, dirfd, name, AT_SYMLINK_FOLLOW);
}

/* The file is still old: the same inode, not written since. */
static bool unchanged(const struct stat *now, const struct stat *old)
{
	return now->st_dev == old->st_dev && now->st_ino == old->st_ino &&
	       now->st_size == old->st_size &&
	       now->st_mtim.tv_sec == old->st_mtim.tv_sec &&
	       now->st_mtim.tv_nsec == old->st_mtim.tv_nsec;
}

int unify_replace(struct unify *u, int srcfd, int dirfd, const char *name,
		  const struct stat *old, const char *path)
{
	static unsigned int counter;
	static pid_t pid;
	char tmp[64];
	struct stat now;
	int tries;

	for (tries = 0;; tries++) {
		if (pid == 0)
			pid = getpid();
		snprintf(tmp, sizeof(tmp), ".vunify.%d.%u", (int)pid, counter++);
		if (unify_link_fd(srcfd, dirfd, tmp) == 0)
			break;
		if (errno != EEXIST || tries == 10) {
			warn("cannot link %s (in its directory as %s)", path, tmp);
			u->st.errors++;
			return -1;
		}
	}
	if (renameat2(dirfd, tmp, dirfd, name, RENAME_EXCHANGE) < 0) {
		/* A file system that cannot exchange: check, then rename. */
		if (errno == EINVAL &&
		    fstatat(dirfd, name, &now, AT_SYMLINK_NOFOLLOW) == 0 &&
		    unchanged(&now, old) && renameat(dirfd, tmp, dirfd, name) == 0)
			return 0;
		warn("cannot replace %s", path);
		unlinkat(dirfd, tmp, 0);
		u->st.errors++;
		return -1;
	}
	/* The guest's file is at tmp now: the one compared, unchanged? */
	if (fstatat(dirfd, tmp, &now, AT_SYMLINK_NOFOLLOW) == 0 &&
	    unchanged(&now, old)) {
		if (unlinkat(dirfd, tmp, 0) < 0) {
			warn("cannot remove %s/%s, the former %s", path, tmp,
			     path);
			u->st.errors++;
		}
		return 0;
	}
	if (renameat2(dirfd, tmp, dirfd, name, RENAME_EXCHANGE) < 0 ||
	    unlinkat(dirfd, tmp, 0) < 0) {
		warn("%s changed while it was being linked, and cannot be put "
		     "back: it is in its directory as %s", path, tmp);
		u->st.errors++;
		return -1;
	}
	if (u->o.verbose)
		printf("left alone %s: it changed while being linked\n", path);
	u->st.skipped++;
	return 1;
}

/*
 * The closers: CLOSERS threads take descriptors from a ring of
 * CLOSE_QUEUE; unify_close_later() waits while it is full, so that no
 * more than that many are open at a time.  Several threads, as the
 * device may work on several discards at once.
 */
enum { CLOSERS = 4, CLOSE_QUEUE = 64 };

static struct {
	pthread_mutex_t lock;
	pthread_cond_t work;	/* a descriptor queued, or done */
	pthread_cond_t room;	/* a descriptor taken from the ring */
	int fds[CLOSE_QUEUE];
	unsigned int head, queued;
	int threads;		/* started; -1: none could be: close inline */
	bool done;
	pthread_t tid[CLOSERS];
} closer = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.work = PTHREAD_COND_INITIALIZER,
	.room = PTHREAD_COND_INITIALIZER,
};

static void *closer_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&closer.lock);
	for (;;) {
		int fd;

		while (closer.queued == 0 && !closer.done)
			pthread_cond_wait(&closer.work, &closer.lock);
		if (closer.queued == 0)
			break;
		fd = closer.fds[closer.head];
		closer.head = (closer.head + 1) % CLOSE_QUEUE;
		closer.queued--;
		pthread_cond_signal(&closer.room);
		pthread_mutex_unlock(&closer.lock);
		close(fd);	/* read-only: nothing to report */
		pthread_mutex_lock(&closer.lock);
	}
	pthread_mutex_unlock(&closer.lock);
	return NULL;
}

void unify_close_later(int fd)
{
	pthread_mutex_lock(&closer.lock);
	while (closer.threads >= 0 && closer.threads < CLOSERS &&
	       closer.threads <= (int)closer.queued) {
		if (pthread_create(&closer.tid[closer.threads], NULL,
				   closer_main, NULL) != 0) {
			if (closer.threads == 0)
				closer.threads = -1;
			break;
		}
		closer.threads++;
	}
	if (closer.threads <= 0) {
		pthread_mutex_unlock(&closer.lock);
		close(fd);
		return;
	}
	while (closer.queued == CLOSE_QUEUE)
		pthread_cond_wait(&closer.room, &closer.lock);
	closer.fds[(closer.head + closer.queued) % CLOSE_QUEUE] = fd;
	closer.queued++;
	pthread_cond_signal(&closer.work);
	pthread_mutex_unlock(&closer.lock);
}

void unify_close_wait(void)
{
	int i, n;

	pthread_mutex_lock(&closer.lock);
	closer.done = true;
	pthread_cond_broadcast(&closer.work);
	n = closer.threads;
	pthread_mutex_unlock(&closer.lock);
	for (i = 0; i < n; i++)
		pthread_join(closer.tid[i], NULL);
	pthread_mutex_lock(&closer.lock);
	if (closer.threads > 0)
		closer.threads = 0;
	closer.done = false;
	pthread_mutex_unlock(&closer.lock);
}

void unify_linked(struct unify *u, const char *path, off_t size)
{
	u->st.linked++;
	u->st.saved += (unsigned long long)size;
	if (u->o.verbose)
		printf("%s %s\n", u->o.dry_run ? "would link" : "linked", path);
}

void unify_skip(struct unify *u, const char *path, const char *why)
{
	u->st.skipped++;
	if (u->o.verbose > 1)
		printf("left alone %s: %s\n", path, why);
}

/* bytes in a unit a reader takes in at a glance. */
static void human(unsigned long long bytes, char *buf, size_t len)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB" };
	double v = (double)bytes;
	int i = -1;

	while (v >= 1024 && i < 3) {
		v /= 1024;
		i++;
	}
	if (i < 0)
		snprintf(buf, len, "%llu B", bytes);
	else
		snprintf(buf, len, "%.1f %s", v, units[i]);
}

void unify_summary(const struct unify *u)
{
	const struct unify_stats *s = &u->st;
	char size[32];

	unify_close_wait();
	human(s->saved, size, sizeof(size));
	printf("%s %llu file%s, %s %llu bytes (%s); ",
	       u->o.dry_run ? "would link" : "linked", s->linked,
	       s->linked == 1 ? "" : "s", u->o.dry_run ? "saving" : "saved",
	       s->saved, size);
	if (u->store)
		printf("%llu %s the store, ", s->stored,
		       u->o.dry_run ? "would be new in" : "new in");
	printf("%llu already unified, %llu left alone", s->already, s->skipped);
	if (s->errors)
		printf(", %llu error%s", s->errors, s->errors == 1 ? "" : "s");
	putchar('\n');
}

static size_t str_hash(const char *s)
{
	size_t h = 14695981039346656037ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static struct unify_slot *table_slot(struct unify_table *t, const char *key)
{
	size_t i = str_hash(key) & (t->size - 1);

	while (t->slots[i].key && strcmp(t->slots[i].key, key) != 0)
		i = (i + 1) & (t->size - 1);
	return &t->slots[i];
}

void *unify_table_get(struct unify_table *t, const char *key)
{
	return t->size ? table_slot(t, key)->val : NULL;
}

void unify_table_put(struct unify_table *t, char *key, void *val)
{
	struct unify_slot *s;

	if (2 * (t->used + 1) > t->size) {
		struct unify_table bigger = { .size = t->size ? 2 * t->size : 1024 };
		size_t i;

		bigger.slots = calloc(bigger.size, sizeof(*bigger.slots));
		if (bigger.slots == NULL)
			err(EXIT_FAILURE, "cannot allocate memory");
		for (i = 0; i < t->size; i++)
			if (t->slots[i].key)
				*table_slot(&bigger, t->slots[i].key) = t->slots[i];
		bigger.used = t->used;
		free(t->slots);
		*t = bigger;
	}
	s = table_slot(t, key);
	if (s->key == NULL) {
		s->key = key;
		s->val = val;
		t->used++;
	}
}

void unify_table_free(struct unify_table *t, bool keys, bool vals)
{
	size_t i;

	for (i = 0; i < t->size; i++) {
		if (keys)
			free(t->slots[i].key);
		if (vals)
			free(t->slots[i].val);
	}
	free(t->slots);
	*t = (struct unify_table){ .size = 0 };
}

int unify_status(const struct unify *u)
{
	return u->st.errors ? EXIT_FAILURE : EXIT_SUCCESS;
}
