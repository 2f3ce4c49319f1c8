// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vhashify - store identical files of guests once: hard-link each into a
 * content-hash store on their file system and make it unified (immutable
 * and ixunlink), so that no guest can change the shared copy in place
 * but each can replace its own.
 *
 * The store holds one entry per content and metadata: its name is the
 * SHA-256 of the bytes with the mode, owner, group and (unless
 * --ignore-mtime) the modification time, "ab/cdef...-100644-0-0-T".  A
 * guest's file is linked to the entry of that name only after every byte
 * has been compared; the first file with a new name becomes the entry.
 *
 * A cache per guest (in the store's .cache/) remembers the hash of each
 * file by inode, size and times, so a second run reads only the files
 * that changed.  The guest's trees are walked by directory descriptors,
 * never by paths, and symbolic links are never followed: a running guest
 * that changes its tree meanwhile cannot send a change outside it.
 */
#include "config.h"

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libvserver.h"
#include "sha256.h"
#include "tool.h"
#include "unify.h"

#define CACHE_MAGIC "vhashify-cache 1"
#define CACHE_DIR ".cache"

/* What the cache knows of a file. */
enum state {
	S_UNIFIED = 'U',	/* a link of its store entry */
	S_HASHED = 'H',		/* hash known, not in the store */
	S_XATTRS = 'X',		/* has extended attributes: left alone */
	S_LINKS = 'L',		/* has other hard links: left alone */
};

struct record {
	ino_t ino;
	off_t size;
	struct timespec mtime, ctime;
	char state;
	char hash[SHA256_HEX_SIZE];	/* "" when not known */
};

struct options {
	struct unify u;
	const char *hashdir;
	unsigned long long min_size;
	bool rehash;
	char **operands;
};

/* One run. */
struct hashify {
	struct options *o;
	struct unify *u;
	int storefd;		/* -1: no store yet (a dry run) */
	struct stat store;	/* the store directory, or where it would go */
	struct unify_table dry;	/* dry run: new entries, key -> first path */
	struct unify_table seen; /* path -> hash, of any guest so far */
	/* The guest being walked. */
	const char *root;
	dev_t dev;
	struct unify_table cache;	/* path -> struct record, of the last run */
	char *cache_data;	/* what those point into */
	FILE *new_cache;	/* this run's, or NULL */
};

VU_NORETURN static void usage(void)
{
	const char *const *p;

	printf("Usage:\n"
	       " %s [options] [--] <root directory>...\n"
	       " %s [options] -g [--] <guest>...\n"
	       "\n"
	       "Store identical files of guests once: hard-link each regular file into\n"
	       "a content-hash store on its file system and make it unified (immutable\n"
	       "and ixunlink: no guest changes it in place, each can replace its own).\n"
	       "\n"
	       "Options:\n"
	       " -g, --guests            the operands are names of guests configured in\n"
	       "                           %s, not directories\n"
	       "     --hashdir <dir>     the store (default: %s/.hash); it\n"
	       "                           must be on the file system of the guests\n"
	       " -e, --exclude <pattern> leave out what matches (repeatable): with a\n"
	       "                           '/', a path from the guest's root, else a name\n"
	       "     --no-default-excludes\n"
	       "                         only the patterns given\n"
	       " -s, --min-size <size>   leave out smaller files (default 1: empty files\n"
	       "                           are left alone); k, M, G suffixes\n"
	       "     --ignore-mtime      link files whose modification times differ\n"
	       "     --rehash            read every file again, not trusting the cache\n"
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
	       vc_confdir(), unify_vrootdir());
	for (p = unify_default_excludes; *p; p++)
		printf(" %s", *p);
	printf("\n"
	       "Left alone: symbolic links, devices, files with extended attributes\n"
	       "(ACLs, capabilities) or other hard links, files on other file systems.\n"
	       "\n"
	       "Exit status: 0 success, 1 failure (a bad option or operand, or a file\n"
	       "left alone after an error), 3 kernel lacks vserver support or\n"
	       "unification.\n"
	       "\n"
	       "See vhashify(8).\n");
	exit(EXIT_SUCCESS);
}

static void parse_args(int argc, char **argv, struct options *o)
{
	enum { OPT_HASHDIR = 0x100, OPT_REHASH };
	static const struct option longopts[] = {
		UNIFY_LONGOPTS,
		{ "hashdir",    required_argument, NULL, OPT_HASHDIR },
		{ "min-size",   required_argument, NULL, 's' },
		{ "rehash",     no_argument,       NULL, OPT_REHASH },
		{ "help",       no_argument,       NULL, 'h' },
		{ "version",    no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct unify_opts *u = &o->u.o;
	int c;

	while ((c = getopt_long(argc, argv, "+" UNIFY_SHORTOPTS "s:hV", longopts,
				NULL)) != -1) {
		if (unify_option(u, c, optarg))
			continue;
		switch (c) {
		case OPT_HASHDIR:
			if (optarg[0] == '\0')
				errx(EXIT_FAILURE, "invalid --hashdir argument: "
				     "empty");
			o->hashdir = optarg;
			break;
		case 's':
			o->min_size = unify_size_or_die(optarg, "--min-size");
			break;
		case OPT_REHASH:
			o->rehash = true;
			break;
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
	if (o->operands[0] == NULL) {
		warnx("no %s given", u->guests ? "guest" : "root directory");
		vu_try_help();
	}
}

/* -- the cache ---------------------------------------------------------- */

/* The cache file of a guest: named by the hash of its root's real path. */
static void cache_name(const char *root, char name[SHA256_HEX_SIZE + 8])
{
	uint8_t digest[SHA256_DIGEST_SIZE];
	char *real = realpath(root, NULL);
	struct sha256 s;

	sha256_init(&s);
	sha256_update(&s, real ? real : root, strlen(real ? real : root));
	sha256_final(&s, digest);
	sha256_hex(digest, name);
	free(real);
}

/*
 * Records "INO SIZE MSEC.MNSEC CSEC.CNSEC STATE HASH PATH", each ended by
 * a NUL (a path may hold any other byte), after the line CACHE_MAGIC ROOT.
 * A cache that cannot be read is no cache: every file is read again.
 */
static void cache_load(struct hashify *h)
{
	char name[SHA256_HEX_SIZE + 8], path[SHA256_HEX_SIZE + 16];
	struct stat st;
	char *p, *end;
	int fd;

	if (h->storefd < 0 || h->o->rehash)
		return;
	cache_name(h->root, name);
	snprintf(path, sizeof(path), CACHE_DIR "/%s", name);
	fd = openat(h->storefd, path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (h->cache_data = malloc(st.st_size + 1)) == NULL) {
		close(fd);
		return;
	}
	if (read(fd, h->cache_data, st.st_size) != st.st_size) {
		close(fd);
		return;
	}
	close(fd);
	h->cache_data[st.st_size] = '\0';
	end = h->cache_data + st.st_size;
	p = h->cache_data + strlen(h->cache_data) + 1;
	if (strncmp(h->cache_data, CACHE_MAGIC " ", strlen(CACHE_MAGIC) + 1) != 0)
		return;
	for (; p < end; p += strlen(p) + 1) {
		struct record *r = calloc(1, sizeof(*r));
		uintmax_t ino;
		intmax_t size, ms, mn, cs, cn;
		int off = 0;

		if (r == NULL)
			err(EXIT_FAILURE, "cannot allocate memory");
		if (sscanf(p, "%ju %jd %jd.%jd %jd.%jd %c %64s %n", &ino, &size,
			   &ms, &mn, &cs, &cn, &r->state, r->hash, &off) < 8 ||
		    off == 0 || p[off] != '/') {
			free(r);
			continue;
		}
		if (strcmp(r->hash, "-") == 0)
			r->hash[0] = '\0';
		r->ino = (ino_t)ino;
		r->size = (off_t)size;
		r->mtime = (struct timespec){ .tv_sec = ms, .tv_nsec = mn };
		r->ctime = (struct timespec){ .tv_sec = cs, .tv_nsec = cn };
		unify_table_put(&h->cache, p + off, r);
	}
}

/* The cache of this guest as it is written: NAME.new, renamed at the end. */
static void cache_new_name(const struct hashify *h, char *path, size_t len)
{
	char name[SHA256_HEX_SIZE + 8];

	cache_name(h->root, name);
	snprintf(path, len, CACHE_DIR "/%s.new", name);
}

static void cache_start(struct hashify *h)
{
	char path[SHA256_HEX_SIZE + 24];
	int fd;

	if (h->o->u.o.dry_run)
		return;
	if (mkdirat(h->storefd, CACHE_DIR, 0700) < 0 && errno != EEXIST) {
		warn("cannot create %s/" CACHE_DIR, h->o->hashdir);
		return;
	}
	cache_new_name(h, path, sizeof(path));
	fd = openat(h->storefd, path, O_WRONLY | O_CREAT | O_TRUNC |
		    O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || (h->new_cache = fdopen(fd, "w")) == NULL) {
		warn("cannot write %s/%s", h->o->hashdir, path);
		if (fd >= 0)
			close(fd);
		return;
	}
	fprintf(h->new_cache, CACHE_MAGIC " %s%c", h->root, '\0');
}

static void cache_add(struct hashify *h, const char *path,
		      const struct stat *st, char state, const char *hash)
{
	/* The next guests' files of this path are likely the same. */
	if (hash && *hash && unify_table_get(&h->seen, path) == NULL) {
		char *p = strdup(path), *v = strdup(hash);

		if (p == NULL || v == NULL)
			err(EXIT_FAILURE, "cannot allocate memory");
		unify_table_put(&h->seen, p, v);
	}
	if (h->new_cache == NULL)
		return;
	fprintf(h->new_cache, "%ju %jd %jd.%09ld %jd.%09ld %c %s %s%c",
		(uintmax_t)st->st_ino, (intmax_t)st->st_size,
		(intmax_t)st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
		(intmax_t)st->st_ctim.tv_sec, st->st_ctim.tv_nsec, state,
		hash && *hash ? hash : "-", path, '\0');
}

static void cache_finish(struct hashify *h)
{
	char name[SHA256_HEX_SIZE + 8], path[SHA256_HEX_SIZE + 16];
	char new[SHA256_HEX_SIZE + 24];

	if (h->new_cache) {
		cache_name(h->root, name);
		snprintf(path, sizeof(path), CACHE_DIR "/%s", name);
		cache_new_name(h, new, sizeof(new));
		/*
		 * No fsync: a cache lost or torn in a crash costs a re-read
		 * only; a record that makes no sense is ignored, and a wrong
		 * hash never links a file (the bytes are compared).
		 */
		if (fclose(h->new_cache) != 0 ||
		    renameat(h->storefd, new, h->storefd, path) < 0)
			warn("cannot write the cache %s/%s", h->o->hashdir, path);
		h->new_cache = NULL;
	}
	unify_table_free(&h->cache, false, true);
	free(h->cache_data);
	h->cache_data = NULL;
}

/* -- one file ------------------------------------------------------------ */

/* The SHA-256 of the file open on fd, as hex: 0, or -1 with errno. */
static int hash_fd(int fd, char hex[SHA256_HEX_SIZE])
{
	enum { CHUNK = 256 * 1024 };
	static char *buf;
	uint8_t digest[SHA256_DIGEST_SIZE];
	struct sha256 s;
	ssize_t n;

	if (buf == NULL && (buf = malloc(CHUNK)) == NULL)
		return -1;
	sha256_init(&s);
	while ((n = read(fd, buf, CHUNK)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		sha256_update(&s, buf, n);
	}
	sha256_final(&s, digest);
	sha256_hex(digest, hex);
	return 0;
}

/* The store entry of a hash and a file's metadata: "ab/cdef...-MODE-...". */
static void entry_name(const struct hashify *h, const char *hash,
		       const struct stat *st, char *name, size_t len)
{
	int n = snprintf(name, len, "%.2s/%s-%o-%ju-%ju", hash, hash + 2,
			 (unsigned int)st->st_mode, (uintmax_t)st->st_uid,
			 (uintmax_t)st->st_gid);

	if (!h->o->u.o.ignore_mtime)
		snprintf(name + n, len - n, "-%jd.%09ld",
			 (intmax_t)st->st_mtim.tv_sec, st->st_mtim.tv_nsec);
}

/* Whether the store has entry name, as the inode *st. */
static bool store_has(const struct hashify *h, const char *name,
		      struct stat *st)
{
	return h->storefd >= 0 &&
	       fstatat(h->storefd, name, st, AT_SYMLINK_NOFOLLOW) == 0 &&
	       S_ISREG(st->st_mode);
}

static void file_error(struct hashify *h, const char *what, const char *path)
{
	warn("%s %s; it is left alone", what, path);
	h->u->st.errors++;
}

/* A dry run: the file that would be the new entry, or remember this one. */
static void dry_entry(struct hashify *h, const char *key, int fd,
		      const struct stat *st, const char *path)
{
	const char *first = unify_table_get(&h->dry, key);
	struct stat fst;
	int ffd, same;

	if (first == NULL) {
		char *k = strdup(key), *p = strdup(path);

		if (k == NULL || p == NULL)
			err(EXIT_FAILURE, "cannot allocate memory");
		unify_table_put(&h->dry, k, p);
		h->u->st.stored++;
		return;
	}
	ffd = open(first, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (ffd < 0 || fstat(ffd, &fst) < 0 ||
	    !unify_same_meta(&h->u->o, st, &fst)) {
		if (ffd >= 0)
			close(ffd);
		unify_skip(h->u, path, "the file it would be linked to changed");
		return;
	}
	same = unify_same_bytes(fd, ffd, st->st_size);
	close(ffd);
	if (same == 1)
		unify_linked(h->u, path, st->st_size);
	else if (same == 0)
		unify_skip(h->u, path, "same hash, other bytes");
	else
		file_error(h, "cannot compare", path);
}

/*
 * Whether the file open on fd (*st) has every byte of the entry of hash,
 * an entry that exists and is another inode: then its hash is that one,
 * and it need not be computed.  The entry open, or -1.
 */
static int entry_of(struct hashify *h, int fd, const struct stat *st,
		    const char *hash)
{
	char key[SHA256_HEX_SIZE + 96];
	struct stat est;
	int efd;

	entry_name(h, hash, st, key, sizeof(key));
	if (!store_has(h, key, &est) || est.st_ino == st->st_ino ||
	    !unify_same_meta(&h->u->o, st, &est))
		return -1;
	efd = openat(h->storefd, key, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (efd >= 0 && unify_same_bytes(fd, efd, st->st_size) == 1)
		return efd;
	if (efd >= 0)
		close(efd);
	return -1;
}

/*
 * Replace dirfd/name (path, *st) by a link of the entry open on efd
 * (*est, named entry), whose bytes are the file's: unified first.
 */
static void replace_by_entry(struct hashify *h, int dirfd, const char *name,
			     const struct stat *st, int efd,
			     const struct stat *est, const char *entry,
			     const char *hash, const char *path,
			     const char *relpath)
{
	struct unify *u = h->u;

	if (u->o.dry_run) {
		unify_linked(u, path, st->st_size);
	} else if (unify_attrs(u, efd, entry) < 0) {
		u->st.errors++;
	} else if (unify_replace(u, efd, dirfd, name, st, path) == 0) {
		unify_linked(u, path, st->st_size);
		cache_add(h, relpath, est, S_UNIFIED, hash);
	}
	close(efd);
}

/*
 * Link dirfd/name (path, *st, open on fd, hash known) to its entry;
 * cfd: the entry open, its every byte compared with the file's, or -1.
 */
static void link_file(struct hashify *h, int dirfd, const char *name,
		      int fd, const struct stat *st, const char *hash,
		      int cfd, const char *path, const char *relpath)
{
	struct unify *u = h->u;
	char key[SHA256_HEX_SIZE + 96], entry[PATH_MAX];
	struct stat est, now;
	int efd, same;

	entry_name(h, hash, st, key, sizeof(key));
	snprintf(entry, sizeof(entry), "%s/%s", h->o->hashdir, key);
	if (cfd >= 0) {
		if (fstat(cfd, &est) < 0) {
			warn("cannot stat %s", entry);
			close(cfd);
			u->st.errors++;
			return;
		}
		replace_by_entry(h, dirfd, name, st, cfd, &est, entry, hash,
				 path, relpath);
		return;
	}
	if (store_has(h, key, &est)) {
		if (est.st_dev == st->st_dev && est.st_ino == st->st_ino) {
			if (unify_attrs(u, fd, entry) < 0) {
				u->st.errors++;
				return;
			}
			u->st.already++;
			cache_add(h, relpath, st, S_UNIFIED, hash);
			return;
		}
		if (st->st_nlink > 1) {
			unify_skip(u, path, "it has other hard links");
			cache_add(h, relpath, st, S_LINKS, hash);
			return;
		}
		efd = openat(h->storefd, key, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (efd < 0 || fstat(efd, &est) < 0) {
			warn("cannot open %s", entry);
			if (efd >= 0)
				close(efd);
			u->st.errors++;
			return;
		}
		if (!unify_same_meta(&u->o, st, &est)) {
			warnx("%s has another mode, owner or size than its name "
			      "says: remove it from the store", entry);
			close(efd);
			u->st.errors++;
			return;
		}
		same = unify_same_bytes(fd, efd, st->st_size);
		if (same != 1) {
			if (same == 0)
				warnx("%s has the hash of %s but other bytes: "
				      "left alone", path, entry);
			else
				warn("cannot compare %s with %s", path, entry);
			close(efd);
			u->st.errors++;
			return;
		}
		replace_by_entry(h, dirfd, name, st, efd, &est, entry, hash,
				 path, relpath);
		return;
	}

	/* No entry yet: this file becomes it. */
	if (st->st_nlink > 1) {
		unify_skip(u, path, "it has other hard links");
		cache_add(h, relpath, st, S_LINKS, hash);
		return;
	}
	if (u->o.dry_run) {
		/* Whether a run could: the kernel is asked, nothing set. */
		if (unify_attrs(u, fd, path) < 0) {
			u->st.errors++;
			return;
		}
		dry_entry(h, key, fd, st, path);
		return;
	}
	/* Frozen first, then checked: what is stored is what was hashed. */
	if (unify_attrs(u, fd, path) < 0) {
		u->st.errors++;
		return;
	}
	if (fstat(fd, &now) < 0 || now.st_size != st->st_size ||
	    now.st_mtim.tv_sec != st->st_mtim.tv_sec ||
	    now.st_mtim.tv_nsec != st->st_mtim.tv_nsec) {
		if (!u->o.links_only)
			vc_fset_iattr(fd, 0, UNIFY_IATTR);
		unify_skip(u, path, "it changed while being read");
		return;
	}
	key[2] = '\0';
	if (mkdirat(h->storefd, key, 0700) < 0 && errno != EEXIST) {
		warn("cannot create %s/%s", h->o->hashdir, key);
		u->st.errors++;
		return;
	}
	key[2] = '/';
	if (unify_link_fd(fd, h->storefd, key) < 0) {
		warn("cannot link %s into the store as %s", path, entry);
		u->st.errors++;
		return;
	}
	u->st.stored++;
	cache_add(h, relpath, st, S_UNIFIED, hash);
}

/* A regular file dirfd/name: path for messages, relpath from the root. */
static void visit_file(struct hashify *h, int dirfd, const char *name,
		       const struct stat *st, const char *path,
		       const char *relpath)
{
	struct record *r = unify_table_get(&h->cache, relpath);
	char hash[SHA256_HEX_SIZE] = "";
	const char *guess;
	struct stat fst, after;
	int fd, x, cfd = -1;

	if ((unsigned long long)st->st_size < h->o->min_size)
		return;
	if (r && r->ino == st->st_ino && r->size == st->st_size &&
	    r->mtime.tv_sec == st->st_mtim.tv_sec &&
	    r->mtime.tv_nsec == st->st_mtim.tv_nsec) {
		bool same_ctime = r->ctime.tv_sec == st->st_ctim.tv_sec &&
				  r->ctime.tv_nsec == st->st_ctim.tv_nsec;

		/*
		 * A link of its entry stays one: the entry is immutable, and
		 * while the store links it no other file gets its inode
		 * number.  Its ctime changes as other guests link it, so it
		 * is not compared.  (Were it not the entry's any more, this
		 * would only miss a saving: nothing is done to it.)
		 */
		if (r->state == S_UNIFIED && r->hash[0]) {
			if (st->st_nlink > 1) {
				h->u->st.already++;
				cache_add(h, relpath, st, S_UNIFIED, r->hash);
				return;
			}
		} else if (same_ctime && r->state == S_XATTRS) {
			unify_skip(h->u, path, "it has extended attributes");
			cache_add(h, relpath, st, S_XATTRS, NULL);
			return;
		} else if (same_ctime && r->state == S_LINKS && r->hash[0] &&
			   st->st_nlink > 1) {
			unify_skip(h->u, path, "it has other hard links");
			cache_add(h, relpath, st, S_LINKS, r->hash);
			return;
		} else if (same_ctime && r->hash[0]) {
			strcpy(hash, r->hash);
		}
	}

	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NOCTTY |
		    O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		file_error(h, "cannot open", path);
		return;
	}
	if (fstat(fd, &fst) < 0 || fst.st_ino != st->st_ino ||
	    fst.st_dev != st->st_dev) {
		unify_skip(h->u, path, "it was replaced while being looked at");
		close(fd);
		return;
	}
	if (hash[0] == '\0') {
		x = unify_has_xattrs(fd);
		if (x != 0) {
			if (x < 0)
				file_error(h, "cannot list the extended "
					   "attributes of", path);
			else {
				unify_skip(h->u, path,
					   "it has extended attributes");
				cache_add(h, relpath, st, S_XATTRS, NULL);
			}
			close(fd);
			return;
		}
		/*
		 * Another guest's file of this path had an entry: if every
		 * byte is the entry's, the hash is known without computing
		 * it, and the bytes were compared once, not read twice.
		 */
		guess = unify_table_get(&h->seen, relpath);
		if (guess && st->st_nlink == 1 &&
		    (cfd = entry_of(h, fd, st, guess)) >= 0) {
			strcpy(hash, guess);
		} else if (hash_fd(fd, hash) < 0) {
			file_error(h, "cannot read", path);
			close(fd);
			return;
		}
		if (fstat(fd, &after) < 0 || after.st_size != st->st_size ||
		    after.st_mtim.tv_sec != st->st_mtim.tv_sec ||
		    after.st_mtim.tv_nsec != st->st_mtim.tv_nsec ||
		    after.st_ctim.tv_sec != st->st_ctim.tv_sec ||
		    after.st_ctim.tv_nsec != st->st_ctim.tv_nsec) {
			unify_skip(h->u, path, "it changed while being read");
			if (cfd >= 0)
				close(cfd);
			close(fd);
			return;
		}
	}
	link_file(h, dirfd, name, fd, st, hash, cfd, path, relpath);
	unify_close_later(fd);	/* the last link of its inode may be gone */
}

/* -- the walk ------------------------------------------------------------ */

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of the directory open on fd, sorted; NULL-terminated. */
static char **read_dir(int fd, size_t *count)
{
	char **names = NULL;
	size_t n = 0, size = 0;
	struct dirent *d;
	int dfd = dup(fd);
	DIR *dir;

	if (dfd < 0 || (dir = fdopendir(dfd)) == NULL) {
		if (dfd >= 0)
			close(dfd);
		return NULL;
	}
	while ((d = readdir(dir)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if (n + 1 >= size) {
			size = size ? 2 * size : 64;
			names = realloc(names, size * sizeof(*names));
			if (names == NULL)
				err(EXIT_FAILURE, "cannot allocate memory");
		}
		if ((names[n++] = strdup(d->d_name)) == NULL)
			err(EXIT_FAILURE, "cannot allocate memory");
	}
	closedir(dir);
	if (names == NULL && (names = malloc(sizeof(*names))) == NULL)
		err(EXIT_FAILURE, "cannot allocate memory");
	qsort(names, n, sizeof(*names), by_name);
	names[n] = NULL;
	*count = n;
	return names;
}

/* The directory open on fd, relpath from the root ("" for the root). */
static void walk_dir(struct hashify *h, int fd, char *relpath, size_t len)
{
	size_t count, i;
	char **names = read_dir(fd, &count);
	char path[PATH_MAX];

	if (names == NULL) {
		snprintf(path, sizeof(path), "%s%s", h->root, relpath);
		file_error(h, "cannot read directory", path);
		return;
	}
	for (i = 0; i < count; i++) {
		const char *name = names[i];
		size_t nlen = strlen(name);
		struct stat st;

		if (len + 1 + nlen >= PATH_MAX) {
			relpath[len] = '\0';
			warnx("%s%s/%s: path too long; it is left alone",
			      h->root, relpath, name);
			h->u->st.errors++;
			continue;
		}
		relpath[len] = '/';
		memcpy(relpath + len + 1, name, nlen + 1);
		snprintf(path, sizeof(path), "%s%s", h->root, relpath);
		if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			if (errno != ENOENT)	/* gone meanwhile */
				file_error(h, "cannot stat", path);
			continue;
		}
		if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
			continue;
		if (st.st_dev != h->dev)
			continue;	/* another file system */
		if (unify_excluded(&h->u->o, relpath, false)) {
			if (h->u->o.verbose > 1)
				printf("excluded %s\n", path);
			continue;
		}
		if (S_ISREG(st.st_mode)) {
			visit_file(h, fd, name, &st, path, relpath);
			continue;
		}
		/* The store itself, when it is below a root given. */
		if (st.st_ino == h->store.st_ino && st.st_dev == h->store.st_dev)
			continue;
		{
			int sub = openat(fd, name, O_RDONLY | O_DIRECTORY |
					 O_NOFOLLOW | O_CLOEXEC);
			struct stat sst;

			if (sub < 0 || fstat(sub, &sst) < 0 ||
			    sst.st_ino != st.st_ino || sst.st_dev != st.st_dev) {
				if (sub >= 0)
					close(sub);
				else if (errno != ENOENT)
					file_error(h, "cannot open directory",
						   path);
				continue;
			}
			walk_dir(h, sub, relpath, len + 1 + nlen);
			close(sub);
		}
	}
	relpath[len] = '\0';
	for (i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

/* -- the store ----------------------------------------------------------- */

/*
 * Open the store, creating it (mode 0700: the guests' files are not the
 * host's users' business) unless this is a dry run.  A dry run without a
 * store takes the file system of the directory it would be made in.
 */
static void open_store(struct hashify *h)
{
	const char *dir = h->o->hashdir;

	if (!h->u->o.dry_run && mkdir(dir, 0700) < 0 && errno != EEXIST)
		err(EXIT_FAILURE, "cannot create the store %s", dir);
	h->storefd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (h->storefd >= 0) {
		if (fstat(h->storefd, &h->store) < 0)
			err(EXIT_FAILURE, "cannot stat %s", dir);
		return;
	}
	if (errno != ENOENT || !h->u->o.dry_run)
		err(EXIT_FAILURE, "cannot open the store %s", dir);
	{
		char *parent = strdup(dir), *slash;

		if (parent == NULL)
			err(EXIT_FAILURE, "cannot allocate memory");
		slash = strrchr(parent, '/');
		if (slash == parent)
			slash[1] = '\0';
		else if (slash)
			*slash = '\0';
		else
			strcpy(parent, ".");
		if (stat(parent, &h->store) < 0)
			err(EXIT_FAILURE, "cannot create the store %s: "
			    "cannot stat %s", dir, parent);
		h->store.st_ino = 0;
		free(parent);
	}
}

int main(int argc, char **argv)
{
	struct options opts = { .min_size = 1 };
	struct hashify h = { .o = &opts, .u = &opts.u, .storefd = -1 };
	char relpath[PATH_MAX] = "", *hashdir = NULL;
	size_t n, i;
	int *fds;
	char **roots;
	struct stat *sts;

	vu_close_stdout();
	opts.u.store = true;
	parse_args(argc, argv, &opts);
	if (opts.hashdir == NULL) {
		if (asprintf(&hashdir, "%s/.hash", unify_vrootdir()) < 0)
			err(EXIT_FAILURE, "cannot allocate memory");
		opts.hashdir = hashdir;
	}

	/* Every operand is checked before the first change. */
	for (n = 0; opts.operands[n]; n++)
		;
	fds = calloc(n, sizeof(*fds));
	roots = calloc(n, sizeof(*roots));
	sts = calloc(n, sizeof(*sts));
	if (fds == NULL || roots == NULL || sts == NULL)
		err(EXIT_FAILURE, "cannot allocate memory");
	for (i = 0; i < n; i++)
		fds[i] = unify_open_root(&opts.u.o, opts.operands[i], &roots[i],
					 &sts[i]);
	open_store(&h);
	for (i = 0; i < n; i++)
		if (sts[i].st_dev != h.store.st_dev)
			errx(EXIT_FAILURE, "%s is on another file system than "
			     "the store %s: give --hashdir a directory on its "
			     "file system", roots[i], opts.hashdir);

	for (i = 0; i < n; i++) {
		h.root = roots[i];
		h.dev = sts[i].st_dev;
		cache_load(&h);
		cache_start(&h);
		walk_dir(&h, fds[i], relpath, 0);
		cache_finish(&h);
		close(fds[i]);
	}
	unify_table_free(&h.seen, true, true);
	unify_summary(&opts.u);
	return unify_status(&opts.u);
}
