/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What vhashify and vunify share: their common options, finding a
 * guest's root directory, exclude patterns, the checks that two files may become one (metadata,
 * extended attributes, every byte), the unified attributes, and the
 * replacement of a guest's file by a hard link that the guest never sees
 * missing.  Like tool.c, these print; the fatal ones exit.
 */
#ifndef UTIL_VSERVER_UNIFY_H
#define UTIL_VSERVER_UNIFY_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

/* The attributes of a unified file. */
#define UNIFY_IATTR (IATTR_IMMUTABLE | IATTR_IXUNLINK)

struct unify_opts {
	bool dry_run;		/* -n: change nothing, say what would be done */
	int verbose;		/* -v: each file linked; twice: each skipped */
	bool links_only;	/* --links-only: no attributes (no kernel) */
	bool cow;		/* --cow: IATTR_COW too (copy on write) */
	bool ignore_mtime;	/* --ignore-mtime */
	bool guests;		/* -g: the operands are guest names */
	bool no_default_excludes;	/* --no-default-excludes */
	char **excludes;	/* patterns, see unify_excluded() */
	size_t n_excludes;
};

struct unify_stats {
	unsigned long long linked;	/* files replaced by a link */
	unsigned long long saved;	/* bytes those files held */
	unsigned long long stored;	/* files that became store entries */
	unsigned long long already;	/* files unified before this run */
	unsigned long long skipped;	/* files that may not be linked */
	unsigned long long errors;	/* files left alone after an error */
};

struct unify {
	struct unify_opts o;
	struct unify_stats st;
	bool attrs_ok;		/* the kernel was found to have them */
	bool store;		/* vhashify: count the new store entries */
};

/*
 * The options of struct unify_opts, which both tools have: their getopt
 * values, short options and long option entries, and their handling.
 * unify_option() records option c (with its argument) and returns true
 * if it is one of them, else false; unify_options_done(), after the
 * last option, adds the default excludes unless --no-default-excludes
 * was given.
 */
enum {
	UNIFY_OPT_NO_DEFAULTS = 0x300, UNIFY_OPT_IGNORE_MTIME,
	UNIFY_OPT_LINKS_ONLY, UNIFY_OPT_COW,
};
#define UNIFY_SHORTOPTS "ge:nv"
#define UNIFY_LONGOPTS							\
	{ "guests",     no_argument,       NULL, 'g' },			\
	{ "exclude",    required_argument, NULL, 'e' },			\
	{ "no-default-excludes", no_argument, NULL, UNIFY_OPT_NO_DEFAULTS }, \
	{ "ignore-mtime", no_argument,     NULL, UNIFY_OPT_IGNORE_MTIME }, \
	{ "links-only", no_argument,       NULL, UNIFY_OPT_LINKS_ONLY },	\
	{ "cow",        no_argument,       NULL, UNIFY_OPT_COW },		\
	{ "dry-run",    no_argument,       NULL, 'n' },			\
	{ "verbose",    no_argument,       NULL, 'v' }
bool unify_option(struct unify_opts *o, int c, const char *arg);
void unify_options_done(struct unify_opts *o);

/*
 * Add an exclude pattern.  One with a '/' is anchored at the guest's
 * root ("/var", "/usr/lib/[a-z]*.a"), one without matches any file or
 * directory of that name ("*.pyc").  Shell wildcards as fnmatch(3) with
 * FNM_PATHNAME; a directory that matches is left out with all below it.
 */
void unify_exclude_add(struct unify_opts *o, const char *pattern);

/* The default patterns, for --help and the man pages. */
extern const char *const unify_default_excludes[];
void unify_exclude_defaults(struct unify_opts *o);

/*
 * Whether path (from the guest's root, with a leading '/') matches a
 * pattern; with prefixes, also whether one of its directories does.
 */
bool unify_excluded(const struct unify_opts *o, const char *path,
		    bool prefixes);

/* A size with a suffix k, M, G (powers of 1024), or exit 1 naming option. */
unsigned long long unify_size_or_die(const char *str, const char *option);

/*
 * The root directory of guest name as "vserver NAME" finds it (its vdir
 * in the configuration directory, else .defaults/vdirbase/NAME, else the
 * default root directory /vservers/NAME), or exit 1 saying why.
 */
char *unify_guest_root(const char *name);

/* The directory that holds the guests' roots (the default /vservers). */
const char *unify_vrootdir(void);

/*
 * Open an operand's root directory (a path, or with -g a guest name);
 * *root is set to its path.  Exit 1 when it cannot be opened.
 */
int unify_open_root(const struct unify_opts *o, const char *operand,
		    char **root, struct stat *st);

/* a and b have the same type, mode, owner, group, size (and mtime). */
bool unify_same_meta(const struct unify_opts *o, const struct stat *a,
		     const struct stat *b);

/*
 * 1 when the file open on fd has extended attributes (ACLs, file
 * capabilities, security labels) besides the kernel's security.vserver,
 * 0 when not, -1 with errno on failure.
 */
int unify_has_xattrs(int fd);

/* 1 when the first size bytes of a and b are equal, 0 if not, -1 errno. */
int unify_same_bytes(int a, int b, off_t size);

/*
 * Give the file open on fd the unified attributes unless it has them
 * (name is for messages).  The first call asks the kernel whether it
 * has them: if not, exit 3 (nothing has been linked yet).  0, or -1
 * after a warning; EPERM (no CAP_LINUX_IMMUTABLE) exits 1.
 */
int unify_attrs(struct unify *u, int fd, const char *name);

/*
 * 1 if the file open on fd is unified, 0 if not, -1 after a warning;
 * exit 3 if the kernel lacks inode attributes.
 */
int unify_is_unified(int fd, const char *name);

/* Link the inode open on fd at dirfd/name: 0, or -1 with errno. */
int unify_link_fd(int fd, int dirfd, const char *name);

/*
 * Replace dirfd/name, the file old (the one that was compared), by a hard
 * link to the inode open on srcfd: link it at a temporary name in the same
 * directory, exchange the two names in one step, and remove the old file
 * under the temporary name, so that the guest never sees the name
 * missing.  If the old file has been replaced or changed meanwhile, the
 * exchange is undone: the guest's file stays as the guest left it.
 * 0 linked, 1 left alone (changed meanwhile, said with -v), -1 after a
 * warning naming path.
 */
int unify_replace(struct unify *u, int srcfd, int dirfd, const char *name,
		  const struct stat *old, const char *path);

/*
 * Close fd, a guest's file that unify_replace() may have removed, in
 * another thread: closing the last descriptor of a file without links
 * frees its blocks, and on a file system mounted with discard that may
 * wait for the device (ext4 then discards each extent as it frees it).
 * The walk goes on meanwhile.  Closed inline when no thread can be
 * started.  unify_summary() waits for the closes first.
 */
void unify_close_later(int fd);

/* Wait until every descriptor given to unify_close_later() is closed. */
void unify_close_wait(void);

/* Count a file linked (or that would be), with -v say so. */
void unify_linked(struct unify *u, const char *path, off_t size);

/* With -vv, say why path is left alone; count it. */
void unify_skip(struct unify *u, const char *path, const char *why);

/*
 * The last line: files linked, bytes saved, files already unified (after
 * unify_close_wait(): the bytes are saved when it is printed).
 */
void unify_summary(const struct unify *u);

/* The exit status: 1 if a file was left alone after an error. */
int unify_status(const struct unify *u);

/* A table of strings to pointers (open addressing). */
struct unify_table {
	struct unify_slot {
		char *key;
		void *val;
	} *slots;
	size_t size, used;
};

/* The value of key, or NULL. */
void *unify_table_get(struct unify_table *t, const char *key);
/* Add key (kept, not copied) with val, unless key is there already. */
void unify_table_put(struct unify_table *t, char *key, void *val);
/* Empty the table, freeing the keys and values if asked. */
void unify_table_free(struct unify_table *t, bool keys, bool vals);

#endif /* UTIL_VSERVER_UNIFY_H */
