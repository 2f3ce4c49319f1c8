// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vunify - link the files of guests to those of a reference guest where
 * their package databases say the files are the same package's, and make
 * them unified (immutable and ixunlink).
 *
 * For each package installed with the same name, version and
 * architecture in the reference and in a guest (dpkg: var/lib/dpkg/status),
 * the files of its list (var/lib/dpkg/info/NAME[:ARCH].list) but its
 * configuration files (the Conffiles of both) and the excluded paths are
 * candidates.  The database is not trusted: a candidate is linked only if
 * both are regular files with the same mode, owner, group, size and
 * modification time, no extended attributes and the same bytes.
 *
 * Paths are looked up as the guest would (RESOLVE_IN_ROOT: its symbolic
 * links stay inside its root), never across a mount point, and the last
 * component is never followed.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "libvserver.h"
#include "tool.h"
#include "unify.h"

#define DPKG_STATUS "var/lib/dpkg/status"
#define DPKG_INFO "var/lib/dpkg/info"

/* An installed package. */
struct pkg {
	char *version;
	char **conffiles;
	size_t n_conffiles;
};

/* A guest: its root and its installed packages ("name:arch" -> pkg). */
struct guest {
	char *root;
	int fd;
	struct stat st;
	struct unify_table pkgs;
	/* The directory of the last file, kept open for the next. */
	char *dir;
	int dirfd;
};

struct options {
	struct unify u;
	char **operands;
};

VU_NORETURN static void usage(void)
{
	const char *const *p;

	printf("Usage:\n"
	       " %s [options] [--] <reference root> <root>...\n"
	       " %s [options] -g [--] <reference guest> <guest>...\n"
	       "\n"
	       "Link the files of guests to those of a reference guest where their dpkg\n"
	       "databases say they belong to the same package version and the files\n"
	       "are identical, and make them unified (immutable and ixunlink).\n"
	       "\n"
	       "Options:\n"
	       " -g, --guests            the operands are names of guests configured in\n"
	       "                           %s, not directories\n"
	       " -e, --exclude <pattern> leave out what matches (repeatable): with a\n"
	       "                           '/', a path from the guest's root, else a name\n"
	       "     --no-default-excludes\n"
	       "                         only the patterns given (conffiles are always\n"
	       "                           left out)\n"
	       "     --ignore-mtime      link files whose modification times differ\n"
	       "     --links-only        link without setting the attributes (for a\n"
	       "                           kernel without vserver: the guests can then\n"
	       "                           change a shared file for all)\n"
	       "     --cow               also copy on write: a guest that changes a\n"
	       "                           shared file gets a copy of its own\n"
	       " -n, --dry-run           change nothing, say what would be linked\n"
	       " -v, --verbose           name each file linked; twice, each left alone\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "\n"
	       "Default excludes:",
	       program_invocation_short_name, program_invocation_short_name,
	       vc_confdir());
	for (p = unify_default_excludes; *p; p++)
		printf(" %s", *p);
	printf("\n"
	       "Only dpkg databases are read; rpm guests are not supported (use\n"
	       "vhashify).\n"
	       "\n"
	       "Exit status: 0 success, 1 failure (a bad option or operand, a guest\n"
	       "without a dpkg database, or a file left alone after an error), 3 kernel\n"
	       "lacks vserver support or unification.\n"
	       "\n"
	       "See vunify(8).\n");
	exit(EXIT_SUCCESS);
}

static void parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		UNIFY_LONGOPTS,
		{ "help",       no_argument,       NULL, 'h' },
		{ "version",    no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct unify_opts *u = &o->u.o;
	int c;

	while ((c = getopt_long(argc, argv, "+" UNIFY_SHORTOPTS "hV", longopts,
				NULL)) != -1) {
		if (unify_option(u, c, optarg))
			continue;
		switch (c) {
		case 'h':
			usage();
		case 'V':
			vu_print_version();
		default:
			vu_try_help();
		}
	}
	unify_options_done(u);
	o->operands = argv + optind;
	if (o->operands[0] == NULL || o->operands[1] == NULL) {
		warnx("give a reference %s and at least one other",
		      u->guests ? "guest" : "root directory");
		vu_try_help();
	}
}

/*
 * Open path (relative) in the guest as the guest would see it: symbolic
 * links resolved inside its root, no mount point crossed; the last
 * component is not followed (O_NOFOLLOW).
 */
static int open_in(const struct guest *g, const char *path, int flags)
{
	struct open_how how = {
		.flags = (uint64_t)(flags | O_CLOEXEC),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS |
			   RESOLVE_NO_XDEV,
	};

	while (*path == '/')
		path++;
	if (*path == '\0')
		path = ".";
	return (int)syscall(SYS_openat2, g->fd, path, &how, sizeof(how));
}

/* -- the dpkg database --------------------------------------------------- */

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (d == NULL)
		err(EXIT_FAILURE, "cannot allocate memory");
	return d;
}

/* The paragraph's fields are in: add the package if it is installed. */
static void add_pkg(struct guest *g, char *name, char *arch, char *version,
		    bool installed, struct pkg *p)
{
	char *key;
	struct pkg *copy;

	if (!installed || name == NULL || version == NULL) {
		free(p->conffiles);
		return;
	}
	if (asprintf(&key, "%s:%s", name, arch ? arch : "") < 0 ||
	    (copy = malloc(sizeof(*copy))) == NULL)
		err(EXIT_FAILURE, "cannot allocate memory");
	*copy = *p;
	copy->version = xstrdup(version);
	unify_table_put(&g->pkgs, key, copy);
}

/* The value of "Field: value" if line is that field, else NULL. */
static char *field(char *line, const char *name)
{
	size_t len = strlen(name);

	if (strncasecmp(line, name, len) != 0 || line[len] != ':')
		return NULL;
	line += len + 1;
	return line + strspn(line, " \t");
}

static void read_status(struct guest *g)
{
	char *line = NULL, *name = NULL, *arch = NULL, *version = NULL, *v;
	struct pkg p = { .n_conffiles = 0 };
	bool installed = false, in_conffiles = false;
	size_t cap = 0;
	ssize_t n;
	FILE *f;
	int fd;

	fd = open_in(g, DPKG_STATUS, O_RDONLY | O_NOFOLLOW);
	if (fd < 0) {
		int rpm = open_in(g, "var/lib/rpm", O_RDONLY | O_DIRECTORY);

		if (rpm >= 0)
			errx(EXIT_FAILURE, "%s has an rpm database: vunify reads "
			     "dpkg databases only (use vhashify)", g->root);
		err(EXIT_FAILURE, "cannot open %s/" DPKG_STATUS, g->root);
	}
	f = fdopen(fd, "r");
	if (f == NULL)
		err(EXIT_FAILURE, "cannot read %s/" DPKG_STATUS, g->root);
	while ((n = getline(&line, &cap, f)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0) {	/* the end of a paragraph */
			add_pkg(g, name, arch, version, installed, &p);
			free(name); free(arch); free(version);
			name = arch = version = NULL;
			p = (struct pkg){ .n_conffiles = 0 };
			installed = in_conffiles = false;
			continue;
		}
		if (line[0] == ' ' || line[0] == '\t') {
			char *path = line + strspn(line, " \t");

			if (!in_conffiles || *path != '/')
				continue;
			path[strcspn(path, " \t")] = '\0';
			p.conffiles = realloc(p.conffiles, (p.n_conffiles + 1) *
					      sizeof(*p.conffiles));
			if (p.conffiles == NULL)
				err(EXIT_FAILURE, "cannot allocate memory");
			p.conffiles[p.n_conffiles++] = xstrdup(path);
			continue;
		}
		in_conffiles = false;
		if ((v = field(line, "Package")))
			name = xstrdup(v);
		else if ((v = field(line, "Architecture")))
			arch = xstrdup(v);
		else if ((v = field(line, "Version")))
			version = xstrdup(v);
		else if ((v = field(line, "Status")))
			installed = strcmp(v, "install ok installed") == 0;
		else if (field(line, "Conffiles"))
			in_conffiles = true;
	}
	if (ferror(f))
		err(EXIT_FAILURE, "cannot read %s/" DPKG_STATUS, g->root);
	add_pkg(g, name, arch, version, installed, &p);
	free(name); free(arch); free(version);
	free(line);
	fclose(f);
}

/* The file list of package key ("name:arch"), or NULL. */
static FILE *open_list(const struct guest *g, const char *key)
{
	char path[PATH_MAX], name[NAME_MAX + 1];
	const char *colon = strchr(key, ':');
	int fd;

	/* Multi-Arch: same packages' lists are NAME:ARCH.list. */
	snprintf(path, sizeof(path), DPKG_INFO "/%s.list", key);
	fd = open_in(g, path, O_RDONLY | O_NOFOLLOW);
	if (fd < 0) {
		snprintf(name, sizeof(name), "%.*s", (int)(colon - key), key);
		snprintf(path, sizeof(path), DPKG_INFO "/%s.list", name);
		fd = open_in(g, path, O_RDONLY | O_NOFOLLOW);
	}
	return fd < 0 ? NULL : fdopen(fd, "r");
}

static bool is_conffile(const struct pkg *p, const char *path)
{
	size_t i;

	for (i = 0; i < p->n_conffiles; i++)
		if (strcmp(p->conffiles[i], path) == 0)
			return true;
	return false;
}

/* -- one file ------------------------------------------------------------ */

/* The directory dir of g, kept open for the files after: fd or -1. */
static int dir_of(struct guest *g, const char *dir)
{
	if (g->dir && strcmp(g->dir, dir) == 0)
		return g->dirfd;
	free(g->dir);
	if (g->dirfd >= 0)
		close(g->dirfd);
	g->dir = xstrdup(dir);
	g->dirfd = open_in(g, dir, O_RDONLY | O_DIRECTORY);
	return g->dirfd;
}

/* Link path of guest t to that of the reference r, if they are the same. */
static void unify_path(struct unify *u, struct guest *r, struct guest *t,
		       const char *path)
{
	char dir[PATH_MAX], tpath[PATH_MAX], rpath[PATH_MAX];
	const char *base = strrchr(path, '/') + 1;
	struct stat rst, tst, rf, tf;
	int rdir, tdir, rfd = -1, tfd = -1, same;

	snprintf(dir, sizeof(dir), "%.*s", (int)(base - path), path);
	snprintf(tpath, sizeof(tpath), "%s%s", t->root, path);
	snprintf(rpath, sizeof(rpath), "%s%s", r->root, path);
	if (*base == '\0')
		return;
	rdir = dir_of(r, dir);
	tdir = dir_of(t, dir);
	if (rdir < 0 || tdir < 0 ||
	    fstatat(rdir, base, &rst, AT_SYMLINK_NOFOLLOW) < 0 ||
	    fstatat(tdir, base, &tst, AT_SYMLINK_NOFOLLOW) < 0)
		return;		/* not in both: nothing to share */
	if (!S_ISREG(rst.st_mode) || !S_ISREG(tst.st_mode) || tst.st_size == 0)
		return;		/* directories, links, empty files */
	if (rst.st_dev == tst.st_dev && rst.st_ino == tst.st_ino) {
		u->st.already++;
		return;
	}
	if (tst.st_nlink > 1) {
		unify_skip(u, tpath, "it has other hard links");
		return;
	}
	if (!unify_same_meta(&u->o, &rst, &tst)) {
		unify_skip(u, tpath, "another mode, owner, size or time than "
			   "in the reference");
		return;
	}
	rfd = openat(rdir, base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
		     O_NOCTTY | O_CLOEXEC);
	tfd = openat(tdir, base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
		     O_NOCTTY | O_CLOEXEC);
	if (rfd < 0 || tfd < 0 || fstat(rfd, &rf) < 0 || fstat(tfd, &tf) < 0) {
		warn("cannot open %s", rfd < 0 ? rpath : tpath);
		u->st.errors++;
		goto out;
	}
	if (rf.st_ino != rst.st_ino || tf.st_ino != tst.st_ino) {
		unify_skip(u, tpath, "it was replaced while being looked at");
		goto out;
	}
	/* The reference's copy becomes the shared one: not if linked. */
	if (rst.st_nlink > 1 && !u->o.links_only) {
		int unified = unify_is_unified(rfd, rpath);

		if (unified < 0) {
			u->st.errors++;
			goto out;
		}
		if (!unified) {
			unify_skip(u, tpath, "its reference has other hard links");
			goto out;
		}
	}
	if (unify_has_xattrs(rfd) != 0 || unify_has_xattrs(tfd) != 0) {
		unify_skip(u, tpath, "it or its reference has extended attributes");
		goto out;
	}
	same = unify_same_bytes(rfd, tfd, tst.st_size);
	if (same < 0) {
		warn("cannot compare %s with %s", tpath, rpath);
		u->st.errors++;
		goto out;
	}
	if (same == 0) {
		unify_skip(u, tpath, "other bytes than in the reference");
		goto out;
	}
	if (u->o.dry_run) {
		unify_attrs(u, rfd, rpath);	/* says if the kernel lacks them */
		unify_linked(u, tpath, tst.st_size);
		goto out;
	}
	if (unify_attrs(u, rfd, rpath) < 0) {
		u->st.errors++;
		goto out;
	}
	if (unify_replace(u, rfd, tdir, base, &tst, tpath) == 0)
		unify_linked(u, tpath, tst.st_size);
out:
	if (rfd >= 0)
		close(rfd);
	if (tfd >= 0)
		unify_close_later(tfd);	/* its last link may be gone */
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every package t has as r has it, in name order. */
static void unify_guest(struct unify *u, struct guest *r, struct guest *t)
{
	char *line = NULL, **keys;
	size_t cap = 0, i, k = 0;
	ssize_t n;

	keys = calloc(t->pkgs.used + 1, sizeof(*keys));
	if (keys == NULL)
		err(EXIT_FAILURE, "cannot allocate memory");
	for (i = 0; i < t->pkgs.size; i++)
		if (t->pkgs.slots[i].key)
			keys[k++] = t->pkgs.slots[i].key;
	qsort(keys, k, sizeof(*keys), by_name);
	for (i = 0; i < k; i++) {
		const char *key = keys[i];
		const struct pkg *tp = unify_table_get(&t->pkgs, key), *rp;
		FILE *list;

		rp = unify_table_get(&r->pkgs, key);
		if (rp == NULL || strcmp(rp->version, tp->version) != 0)
			continue;
		list = open_list(t, key);
		if (list == NULL) {
			if (u->o.verbose > 1)
				printf("no file list of %s in %s\n", key,
				       t->root);
			continue;
		}
		while ((n = getline(&line, &cap, list)) > 0) {
			if (line[n - 1] == '\n')
				line[--n] = '\0';
			if (line[0] != '/' || is_conffile(tp, line) ||
			    is_conffile(rp, line))
				continue;
			if (unify_excluded(&u->o, line, true))
				continue;
			unify_path(u, r, t, line);
		}
		fclose(list);
	}
	free(keys);
	free(line);
}

int main(int argc, char **argv)
{
	struct options opts = { .u.store = false };
	struct guest *g;
	size_t n, i;

	vu_close_stdout();
	parse_args(argc, argv, &opts);

	/* Every guest is opened and its database read before any change. */
	for (n = 0; opts.operands[n]; n++)
		;
	g = calloc(n, sizeof(*g));
	if (g == NULL)
		err(EXIT_FAILURE, "cannot allocate memory");
	for (i = 0; i < n; i++) {
		g[i].fd = unify_open_root(&opts.u.o, opts.operands[i], &g[i].root,
					  &g[i].st);
		g[i].dirfd = -1;
		if (i > 0 && g[i].st.st_dev != g[0].st.st_dev)
			errx(EXIT_FAILURE, "%s is on another file system than "
			     "the reference %s: files cannot be linked across",
			     g[i].root, g[0].root);
		if (i > 0 && g[i].st.st_ino == g[0].st.st_ino)
			errx(EXIT_FAILURE, "%s is the reference itself",
			     g[i].root);
		read_status(&g[i]);
	}
	for (i = 1; i < n; i++)
		unify_guest(&opts.u, &g[0], &g[i]);
	unify_summary(&opts.u);
	return unify_status(&opts.u);
}
