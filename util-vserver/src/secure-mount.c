// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * secure-mount - mount the file systems of a guest's fstab inside its root
 * directory, with no symbolic link of the guest able to move a mount out of
 * it, then execute a command.
 *
 * Each mount point is opened relative to the guest root with openat2()
 * and RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS, and
 * the mount is made on /proc/self/fd/N: a guest that replaced /var/run by
 * a symbolic link to / makes the start fail instead of the host mounting
 * over its own root (CVE-2015-1335, LXC's safe_mount).
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
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/openat2.h>

#include "tool.h"

/* What the kernel takes as mount data: one page. */
#define DATA_MAX	4096

struct options {
	const char *root;
	const char *fstab;
	bool check;
	char **command;
};

/* One line of the fstab. */
struct entry {
	unsigned int line;
	char *source;
	char *target;		/* absolute, as written (for messages) */
	char *type;
	unsigned long flags;	/* MS_* */
	bool bind;
	bool nofail;
	char data[DATA_MAX];
};

struct fstab {
	const char *file;
	struct entry *entries;
	size_t count;
};

VU_NORETURN static void usage(void)
{
	const char *p = program_invocation_short_name;

	printf("Usage:\n"
	       " %s --root <dir> --fstab <file> [--] [<command> [<arg>...]]\n"
	       " %s --check --fstab <file>\n"
	       "\n"
	       "Mount the file systems listed in <file> (fstab format: source, mount point\n"
	       "relative to <dir>, type, options) inside <dir>, refusing any mount point\n"
	       "that is or passes through a symbolic link; then run <command>, if given.\n"
	       "\n"
	       "Options:\n"
	       "     --root <dir>        the guest's root directory: mount points are\n"
	       "                           resolved inside it\n"
	       "     --fstab <file>      the list of mounts\n"
	       "     --check             only check <file>: mount nothing\n"
	       " -h, --help              display this help\n"
	       " -V, --version           display version\n"
	       "\n"
	       "Options of an fstab line: ro, rw, nosuid, suid, nodev, dev, noexec, exec,\n"
	       "sync, async, dirsync, noatime, atime, nodiratime, diratime, relatime,\n"
	       "norelatime, strictatime, bind, rbind, defaults, noauto (the line is\n"
	       "skipped), nofail (its failure is only reported); auto, user, nouser,\n"
	       "_netdev and x-* are ignored; any other goes to the file system.\n"
	       "\n"
	       "Exit status: that of <command>; else 0 success, 1 failure (nothing stays\n"
	       "mounted), 126 command not executable, 127 command not found.  It never\n"
	       "exits with 3: it does not use vserver(2).\n"
	       "\n"
	       "See secure-mount(8).\n", p, p);
	exit(EXIT_SUCCESS);
}

static void parse_args(int argc, char **argv, struct options *o)
{
	enum { OPT_ROOT = 0x100, OPT_FSTAB, OPT_CHECK };
	static const struct option longopts[] = {
		{ "root",    required_argument, NULL, OPT_ROOT },
		{ "fstab",   required_argument, NULL, OPT_FSTAB },
		{ "check",   no_argument,       NULL, OPT_CHECK },
		{ "help",    no_argument,       NULL, 'h' },
		{ "version", no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_ROOT:
			o->root = optarg;
			break;
		case OPT_FSTAB:
			o->fstab = optarg;
			break;
		case OPT_CHECK:
			o->check = true;
			break;
		case 'h':
			usage();
		case 'V':
			vu_print_version();
		default:
			vu_try_help();
		}
	}
	o->command = argv + optind;
	if (!o->fstab) {
		warnx("--fstab is required");
		vu_try_help();
	}
	if (o->check && (o->root || o->command[0]))
		errx(EXIT_FAILURE, "--check takes neither --root nor a command");
	if (!o->check && !o->root) {
		warnx("--root is required");
		vu_try_help();
	}
}

/* Decode the octal escapes of an fstab field (\040 for a blank) in place. */
static bool unescape(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (*s != '\\') {
			*out++ = *s;
			continue;
		}
		if (s[1] < '0' || s[1] > '3' || s[2] < '0' || s[2] > '7' ||
		    s[3] < '0' || s[3] > '7')
			return false;
		*out++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0'));
		if (out[-1] == '\0')
			return false;
		s += 3;
	}
	*out = '\0';
	return true;
}

VU_NORETURN VU_PRINTF(3, 4)
static void bad_line(const struct fstab *t, unsigned int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s:%u: ", program_invocation_short_name, t->file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_FAILURE);
}

/* The mount flags an option sets (set) or clears (clear). */
static const struct {
	const char *name;
	unsigned long set, clear;
} flag_options[] = {
	{ "defaults",    0, 0 },
	{ "rw",          0, MS_RDONLY },
	{ "ro",          MS_RDONLY, 0 },
	{ "nosuid",      MS_NOSUID, 0 },
	{ "suid",        0, MS_NOSUID },
	{ "nodev",       MS_NODEV, 0 },
	{ "dev",         0, MS_NODEV },
	{ "noexec",      MS_NOEXEC, 0 },
	{ "exec",        0, MS_NOEXEC },
	{ "sync",        MS_SYNCHRONOUS, 0 },
	{ "async",       0, MS_SYNCHRONOUS },
	{ "dirsync",     MS_DIRSYNC, 0 },
	{ "noatime",     MS_NOATIME, 0 },
	{ "atime",       0, MS_NOATIME },
	{ "nodiratime",  MS_NODIRATIME, 0 },
	{ "diratime",    0, MS_NODIRATIME },
	{ "relatime",    MS_RELATIME, 0 },
	{ "norelatime",  0, MS_RELATIME },
	{ "strictatime", MS_STRICTATIME, 0 },
};

/* Options mount(8) itself acts on, which make no sense here. */
static const char *const refused_options[] = {
	"remount", "move", "shared", "rshared", "slave", "rslave", "private",
	"rprivate", "unbindable", "runbindable", "loop", "owner", "users",
	"group", "mand", "nomand",
};

/*
 * The options field of e: mount flags into e->flags, the rest into e->data.
 * Returns false when the line is to be skipped (noauto).
 */
static bool parse_options(const struct fstab *t, struct entry *e, char *field)
{
	char *opt, *rest = field;
	bool skip = false;
	size_t i, len = 0;

	while ((opt = strsep(&rest, ",")) != NULL) {
		bool known = false;

		if (*opt == '\0')
			continue;
		for (i = 0; i < sizeof(flag_options) / sizeof(flag_options[0]); i++) {
			if (strcmp(opt, flag_options[i].name) == 0) {
				e->flags = (e->flags & ~flag_options[i].clear) |
					   flag_options[i].set;
				known = true;
			}
		}
		for (i = 0; i < sizeof(refused_options) / sizeof(refused_options[0]); i++)
			if (strcmp(opt, refused_options[i]) == 0)
				bad_line(t, e->line, "the option '%s' is not "
					 "supported in a guest's fstab", opt);
		if (known)
			continue;
		if (strcmp(opt, "bind") == 0 || strcmp(opt, "rbind") == 0) {
			e->bind = true;
			e->flags |= opt[0] == 'r' ? MS_BIND | MS_REC : MS_BIND;
		} else if (strcmp(opt, "noauto") == 0) {
			skip = true;
		} else if (strcmp(opt, "nofail") == 0) {
			e->nofail = true;
		} else if (strcmp(opt, "auto") == 0 || strcmp(opt, "user") == 0 ||
			   strcmp(opt, "nouser") == 0 || strcmp(opt, "_netdev") == 0 ||
			   strncmp(opt, "x-", 2) == 0) {
			/* for mount(8) and the boot only */
		} else {
			size_t n = strlen(opt);

			if (len + n + 2 > sizeof(e->data))
				bad_line(t, e->line, "the options are longer than "
					 "%zu bytes", sizeof(e->data) - 1);
			if (len)
				e->data[len++] = ',';
			memcpy(e->data + len, opt, n + 1);
			len += n;
		}
	}
	return !skip;
}

/* The mount point: absolute, not /, no "." or ".." component. */
static void check_target(const struct fstab *t, const struct entry *e)
{
	const char *p = e->target;

	if (p[0] != '/')
		bad_line(t, e->line, "the mount point '%s' is not an absolute "
			 "path (it is taken inside the guest's root)", p);
	while (*p == '/')
		p++;
	if (*p == '\0')
		bad_line(t, e->line, "a mount on the guest's root / is not supported");
	while (*p) {
		size_t n = strcspn(p, "/");

		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			bad_line(t, e->line, "the mount point '%s' has a '%.*s' "
				 "component", e->target, (int)n, p);
		p += n;
		while (*p == '/')
			p++;
	}
}

/* One line of the fstab; false when it is a comment, blank or skipped. */
static bool parse_line(const struct fstab *t, char *text, struct entry *e)
{
	char *field[7], *save = NULL, *tok;
	size_t n = 0, i;

	text[strcspn(text, "#\n")] = '\0';
	for (tok = strtok_r(text, " \t\r", &save); tok && n < 7;
	     tok = strtok_r(NULL, " \t\r", &save))
		field[n++] = tok;
	if (n == 0)
		return false;
	if (n < 4)
		bad_line(t, e->line, "%zu field(s): an entry needs a source, a "
			 "mount point, a type and options", n);
	if (n > 6)
		bad_line(t, e->line, "more than 6 fields");
	for (i = 4; i < n; i++)
		if (strspn(field[i], "0123456789") != strlen(field[i]))
			bad_line(t, e->line, "field %zu ('%s') is not a number",
				 i + 1, field[i]);
	for (i = 0; i < 2; i++)
		if (!unescape(field[i]))
			bad_line(t, e->line, "'%s': a bad octal escape", field[i]);
	e->source = strdup(field[0]);
	e->target = strdup(field[1]);
	e->type = strdup(field[2]);
	if (!e->source || !e->target || !e->type)
		err(EXIT_FAILURE, "cannot allocate memory");
	check_target(t, e);
	return parse_options(t, e, field[3]);
}

/* Read and check the whole fstab before anything is mounted. */
static void read_fstab(struct fstab *t)
{
	char *text = NULL;
	size_t cap = 0, alloc = 0;
	unsigned int line = 0;
	struct entry e;
	FILE *f;

	f = fopen(t->file, "re");
	if (!f)
		err(EXIT_FAILURE, "cannot open %s", t->file);
	while (getline(&text, &cap, f) > 0) {
		memset(&e, 0, sizeof(e));
		e.line = ++line;
		if (!parse_line(t, text, &e))
			continue;
		if (t->count == alloc) {
			alloc = alloc ? 2 * alloc : 8;
			t->entries = reallocarray(t->entries, alloc, sizeof(e));
			if (!t->entries)
				err(EXIT_FAILURE, "cannot allocate memory");
		}
		t->entries[t->count++] = e;
	}
	if (ferror(f))
		err(EXIT_FAILURE, "cannot read %s", t->file);
	free(text);
	fclose(f);
}

/*
 * Open path (absolute, inside the root rootfd) with no symbolic link
 * followed and no way out of the root; report and return -1 on failure.
 */
static int open_in_root(int rootfd, const char *root, const char *path)
{
	struct open_how how = {
		.flags = O_PATH | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS |
			   RESOLVE_NO_MAGICLINKS,
	};
	const char *rel = path;
	long fd;

	while (*rel == '/')
		rel++;
	fd = syscall(SYS_openat2, rootfd, rel, &how, sizeof(how));
	if (fd >= 0)
		return (int)fd;
	switch (errno) {
	case ELOOP:
		warnx("%s in %s is a symbolic link or passes through one: "
		      "refused (give the path it stands for)", path, root);
		break;
	case ENOENT:
		warnx("the mount point %s does not exist in %s", path, root);
		break;
	case ENOSYS:
		warnx("this kernel has no openat2(): cannot mount safely");
		break;
	default:
		warn("cannot open the mount point %s in %s", path, root);
	}
	return -1;
}

/* mount(2) on the file descriptor fd; 0, or -1 with errno set. */
static int mount_on(const struct entry *e, int fd, unsigned long flags,
		    const char *data)
{
	char target[64];

	snprintf(target, sizeof(target), "/proc/self/fd/%d", fd);
	return mount(e->source, target, e->type, flags, data);
}

/*
 * Mount e inside the root.  *mnt: an O_PATH descriptor of the new mount's
 * root, to unmount it again, or -1 if nothing was mounted.  Returns 0, or
 * -1 after reporting a failure.
 */
static int mount_entry(int rootfd, const char *root, const struct entry *e,
		       int *mnt)
{
	unsigned long bindflags = e->flags & ~(MS_BIND | MS_REC);
	int fd;

	*mnt = -1;
	fd = open_in_root(rootfd, root, e->target);
	if (fd < 0)
		return -1;
	if (mount_on(e, fd, e->flags, e->bind ? NULL : e->data) < 0) {
		warn("cannot mount %s (%s) on %s in %s", e->source, e->type,
		     e->target, root);
		close(fd);
		return -1;
	}
	close(fd);
	/* The path again, now leading into the new mount. */
	*mnt = open_in_root(rootfd, root, e->target);
	if (*mnt < 0)
		return -1;
	/* A bind mount takes its flags (ro, nosuid ...) by a remount. */
	if (e->bind && bindflags &&
	    mount_on(e, *mnt, MS_REMOUNT | MS_BIND | bindflags, NULL) < 0) {
		warn("cannot apply the options of %s on %s in %s", e->source,
		     e->target, root);
		return -1;
	}
	return 0;
}

/* Unmount the mounts whose roots are in fds, last first. */
static void unmount_all(const int *fds, size_t n)
{
	char target[64];

	while (n-- > 0) {
		snprintf(target, sizeof(target), "/proc/self/fd/%d", fds[n]);
		if (umount2(target, MNT_DETACH) < 0)
			warn("cannot unmount %s again", target);
		close(fds[n]);
	}
}

/* Mount every entry; on a failure unmount what was mounted and exit 1. */
static void mount_all(const struct fstab *t, const char *root)
{
	int rootfd, *fds, fd;
	size_t i, n = 0;

	rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		err(EXIT_FAILURE, "cannot open the root directory %s", root);
	fds = calloc(t->count + 1, sizeof(*fds));
	if (!fds)
		err(EXIT_FAILURE, "cannot allocate memory");
	for (i = 0; i < t->count; i++) {
		const struct entry *e = &t->entries[i];

		if (mount_entry(rootfd, root, e, &fd) == 0) {
			fds[n++] = fd;
			continue;
		}
		if (e->nofail) {
			if (fd >= 0)
				unmount_all(&fd, 1);
			warnx("%s:%u: nofail: going on without it", t->file,
			      e->line);
			continue;
		}
		if (fd >= 0)
			fds[n++] = fd;
		unmount_all(fds, n);
		errx(EXIT_FAILURE, "%s:%u: failed; nothing of %s stays mounted",
		     t->file, e->line, t->file);
	}
	for (i = 0; i < n; i++)
		close(fds[i]);
	free(fds);
	close(rootfd);
}

int main(int argc, char **argv)
{
	struct options opts = { 0 };
	struct fstab tab = { 0 };

	vu_close_stdout();
	parse_args(argc, argv, &opts);
	tab.file = opts.fstab;
	read_fstab(&tab);
	if (opts.check)
		return EXIT_SUCCESS;
	mount_all(&tab, opts.root);
	if (!opts.command[0])
		return EXIT_SUCCESS;
	vu_exec(opts.command);
}
