// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Helpers for the command-line tools; see tool.h.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tool.h"

/* 0 if every byte written to stream reached the kernel, else EOF. */
static int close_stream(FILE *stream)
{
	int had_error = ferror(stream);
	int close_failed = fclose(stream) != 0;

	if (had_error && !close_failed)
		errno = EIO;
	return had_error || close_failed ? EOF : 0;
}

static void close_stdout_at_exit(void)
{
	/*
	 * A full disk or a closed pipe must not look like success to a
	 * script that captures our output: check the final flush.
	 */
	if (close_stream(stdout) != 0 && errno != EPIPE) {
		warn("write error");
		_exit(EXIT_FAILURE);
	}
	if (close_stream(stderr) != 0)
		_exit(EXIT_FAILURE);
}

void vu_close_stdout(void)
{
	atexit(close_stdout_at_exit);
}

void vu_try_help(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n",
		program_invocation_short_name);
	exit(EXIT_FAILURE);
}

void vu_set_mode(int *mode, const char **mode_opt, int new_mode,
		 const char *opt)
{
	if (*mode && *mode != new_mode)
		errx(EXIT_FAILURE, "%s and %s are mutually exclusive",
		     *mode_opt, opt);
	*mode = new_mode;
	*mode_opt = opt;
}

void vu_print_version(void)
{
	printf("%s (util-vserver) %s\n", program_invocation_short_name,
	       PACKAGE_VERSION);
	exit(EXIT_SUCCESS);
}

void vu_err_vc(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	/*
	 * EOPNOTSUPP is also what a vserver kernel says to a command it does
	 * not implement; only blame the whole kernel if get_version fails too.
	 */
	if ((saved == ENOSYS || saved == EOPNOTSUPP) &&
	    vc_kernel_supported() == 0)
		errx(VU_EXIT_NOSYS, VC_MSG_NOSYS);
	errno = saved;
	va_start(ap, fmt);
	verr(EXIT_FAILURE, fmt, ap);
}

VU_NORETURN static void vu_verr_feature(const char *feature, const char *fmt,
					va_list ap)
{
	int saved = errno;
	char what[512];

	if (saved == ENOSYS || saved == EOPNOTSUPP) {
		int supported = vc_kernel_supported();

		if (supported == 0)
			errx(VU_EXIT_NOSYS, VC_MSG_NOSYS);
		if (supported == 1 && saved == EOPNOTSUPP)
			errx(VU_EXIT_NOSYS, "kernel lacks %s", feature);
	}
	vsnprintf(what, sizeof(what), fmt, ap);
	if (saved == EACCES)
		errx(EXIT_FAILURE, "%s: it no longer accepts administration "
		     "(state_admin is cleared)", what);
	errno = saved;
	err(EXIT_FAILURE, "%s", what);
}

void vu_err_feature(const char *feature, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vu_verr_feature(feature, fmt, ap);
}

void vu_err_net(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vu_verr_feature("network context support", fmt, ap);
}

vc_xid_t vu_xid_or_die(const char *str, const char *option, vc_xid_t min)
{
	vc_xid_t xid;

	if (vc_parse_xid(str, min, &xid) < 0)
		errx(EXIT_FAILURE,
		     "invalid %s argument '%s': expected a context id from %u to %u",
		     option, str, (unsigned int)min, (unsigned int)VX_ID_MAX);
	return xid;
}

vc_nid_t vu_nid_or_die(const char *str, const char *option, int allow_self)
{
	unsigned long nid;

	if (allow_self && strcmp(str, "self") == 0)
		return VU_NID_SELF;
	if (vc_parse_uint(str, NX_ID_MIN, NX_ID_MAX, &nid) < 0)
		errx(EXIT_FAILURE,
		     "invalid %s argument '%s': expected a network context id "
		     "from %u to %u%s", option, str, (unsigned int)NX_ID_MIN,
		     (unsigned int)NX_ID_MAX, allow_self ? ", or self" : "");
	return (vc_nid_t)nid;
}

vc_nid_t vu_own_nid_or_die(const char *option)
{
	vc_nid_t nid;

	if (vc_task_nid(0, &nid) < 0)
		vu_err_net("cannot get the network context of this process");
	if (nid == NX_ID_HOST)
		errx(EXIT_FAILURE, "%s self: this process is in no network "
		     "context (it uses the host network)", option);
	return nid;
}

/* A name vc_guest_xid can look up: not a path, nor hidden. */
static int guest_name_ok(const char *name)
{
	return name[0] != '\0' && name[0] != '.' && strchr(name, '/') == NULL;
}

vc_xid_t vu_tag_or_die(const char *str, const char *option, vc_xid_t min)
{
	vc_xid_t xid;

	if (str[0] != '\0' && str[strspn(str, "0123456789")] == '\0') {
		if (vc_parse_xid(str, min, &xid) < 0)
			errx(EXIT_FAILURE, "invalid %s argument '%s': expected a "
			     "tag from %u to %u, or a guest's name", option, str,
			     (unsigned int)min, (unsigned int)VX_ID_MAX);
		return xid;
	}
	if (!guest_name_ok(str))
		errx(EXIT_FAILURE, "invalid %s argument '%s': expected a tag "
		     "from %u to %u, or a guest's name", option, str,
		     (unsigned int)min, (unsigned int)VX_ID_MAX);
	if (vc_guest_xid(str, &xid) == 0) {
		if (xid >= min)
			return xid;
		errno = ERANGE;
	}
	if (errno == ENOENT)
		errx(EXIT_FAILURE, "invalid %s argument '%s': no guest of that "
		     "name (no file %s/%s/context)", option, str, vc_confdir(),
		     str);
	if (errno == EINVAL || errno == ERANGE)
		errx(EXIT_FAILURE, "invalid %s argument '%s': %s/%s/context "
		     "holds no context id from %u to %u", option, str,
		     vc_confdir(), str, (unsigned int)VX_ID_MIN,
		     (unsigned int)VX_ID_MAX);
	err(EXIT_FAILURE, "invalid %s argument '%s': cannot read %s/%s/context",
	    option, str, vc_confdir(), str);
}

void vu_warn_tag(const char *what, const char *path)
{
	if (vc_tag_unsupported(errno))
		warnx("cannot %s the tag of %s: its file system has no project "
		      "ids (ext4 needs mke2fs -O project, or tune2fs -O project "
		      "while unmounted)", what, path);
	else
		warn("cannot %s the tag of %s", what, path);
}

int vu_open_walked(const char *path, const struct stat *st)
{
	struct stat now;
	int fd, saved;

	/*
	 * O_NONBLOCK and O_NOCTTY: should the name be a FIFO or a device
	 * by now, opening it must neither wait nor take a terminal.
	 */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
		  O_CLOEXEC | (S_ISDIR(st->st_mode) ? O_DIRECTORY : 0));
	if (fd < 0)
		return -1;
	if (fstat(fd, &now) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	if (now.st_dev != st->st_dev || now.st_ino != st->st_ino) {
		close(fd);
		errno = ESTALE;
		return -1;
	}
	return fd;
}

unsigned long vu_uint_or_die(const char *str, const char *option,
			     unsigned long min, unsigned long max)
{
	unsigned long val;

	if (vc_parse_uint(str, min, max, &val) < 0)
		errx(EXIT_FAILURE,
		     "invalid %s argument '%s': expected a number from %lu to %lu",
		     option, str, min, max);
	return val;
}

void vu_bits_or_die(const struct vc_bit_names *t, const char *list,
		    const char *option, struct vc_flag_change *chg)
{
	const char *bad;
	size_t badlen;

	if (vc_parse_bits(t, list, chg, &bad, &badlen) < 0) {
		if (badlen == 0)
			errx(EXIT_FAILURE, "invalid %s argument '%s': empty %s name",
			     option, list, t->what);
		errx(EXIT_FAILURE, "invalid %s argument: unknown %s '%.*s'",
		     option, t->what, (int)badlen, bad);
	}
}

/* What an entry already in the list is to a new one, for messages. */
static const char *addr_clash(const struct vc_net_addr *a)
{
	switch (a->type) {
	case NXA_MOD_BCAST:
		return "the broadcast address";
	case NXA_MOD_LBACK:
		return "the loopback address";
	default:
		return "this entry";
	}
}

void vu_addr_or_die(struct vu_addrs *addrs, uint16_t type, const char *option,
		    const char *text)
{
	struct vu_addr new = { .option = option, .text = text };
	unsigned int *family_count;
	const char *why;
	size_t i;

	if (vc_parse_net_addr(text, type, &new.addr, &why) < 0)
		errx(EXIT_FAILURE, "invalid %s argument '%s': %s", option, text,
		     why);
	for (i = 0; i < addrs->count; i++)
		if (vc_net_addr_same(&addrs->list[i].addr, &new.addr))
			errx(EXIT_FAILURE, "invalid %s argument '%s': %s '%s' "
			     "gives %s already", option, text,
			     addrs->list[i].option, addrs->list[i].text,
			     addr_clash(&new.addr));
	/*
	 * No duplicate, one broadcast and one loopback address: the list
	 * always has room for what passes this check.
	 */
	if (new.addr.type != NXA_MOD_BCAST && new.addr.type != NXA_MOD_LBACK) {
		family_count = new.addr.family == AF_INET ? &addrs->n4 : &addrs->n6;
		if (*family_count == NX_ADDRS_MAX)
			errx(EXIT_FAILURE, "invalid %s argument '%s': too many "
			     "%s entries (a network context holds %d at most)",
			     option, text,
			     new.addr.family == AF_INET ? "IPv4" : "IPv6",
			     NX_ADDRS_MAX);
		(*family_count)++;
	}
	addrs->list[addrs->count++] = new;
}

void vu_addr_option(struct vu_addrs *addrs, int c, const char *text)
{
	static const struct {
		int c;
		uint16_t type;
		const char *option;
	} options[] = {
		{ VU_OPT_IP, NXA_TYPE_ADDR, "--ip" },
		{ VU_OPT_NET, NXA_TYPE_MASK, "--net" },
		{ VU_OPT_RANGE, NXA_TYPE_RANGE, "--range" },
		{ VU_OPT_BCAST, NXA_MOD_BCAST, "--bcast" },
		{ VU_OPT_LBACK, NXA_MOD_LBACK, "--lback" },
	};
	size_t i;

	for (i = 0; i < sizeof(options) / sizeof(options[0]); i++)
		if (options[i].c == c)
			vu_addr_or_die(addrs, options[i].type,
				       options[i].option, text);
}

void vu_addrs_add(vc_nid_t nid, const struct vu_addrs *addrs)
{
	const struct vu_addr *a;
	size_t i;

	for (i = 0; i < addrs->count; i++) {
		a = &addrs->list[i];
		if (vc_net_add(nid, &a->addr) == 0)
			continue;
		if (errno == EEXIST)
			errx(EXIT_FAILURE, "cannot add %s to network context %u: "
			     "it has this entry already", a->text,
			     (unsigned int)nid);
		if (errno == ENOSPC)
			errx(EXIT_FAILURE, "cannot add %s to network context %u: "
			     "it has %d entries of this family already",
			     a->text, (unsigned int)nid, NX_ADDRS_MAX);
		vu_err_net("cannot add %s to network context %u", a->text,
			   (unsigned int)nid);
	}
}

void vu_addrs_remove(vc_nid_t nid, const struct vu_addrs *addrs)
{
	const struct vu_addr *a;
	size_t i;

	for (i = 0; i < addrs->count; i++) {
		a = &addrs->list[i];
		if (vc_net_remove(nid, &a->addr) == 0)
			continue;
		if (errno == EADDRNOTAVAIL)
			errx(EXIT_FAILURE, "cannot remove %s from network context "
			     "%u: it has no such entry", a->text,
			     (unsigned int)nid);
		vu_err_net("cannot remove %s from network context %u", a->text,
			   (unsigned int)nid);
	}
}

void vu_print_bits(const char *label, const struct vc_bit_names *t,
		   uint64_t value)
{
	const char *sep = "";
	size_t i;

	if (label) {
		printf("%s:", label);
		sep = " ";
	}

	for (i = 0; i < t->count; i++) {
		if (value & t->names[i].bit) {
			printf("%s%s", sep, t->names[i].name);
			sep = ",";
		}
	}
	value &= ~vc_bit_all(t);
	if (value)
		printf("%s%#llx", sep, (unsigned long long)value);
	putchar('\n');
}

vc_xid_t vu_own_xid_or_die(const char *option)
{
	vc_xid_t xid;

	if (vc_task_xid(0, &xid) < 0)
		vu_err_vc("cannot get the context of this process");
	if (xid < VX_ID_MIN)
		errx(EXIT_FAILURE, "this process is in the %s context, "
		     "which is not a guest: use %s to name a context",
		     xid == VX_ID_HOST ? "host" : "spectator", option);
	return xid;
}

void vu_enter_spectator(void)
{
	vc_xid_t xid;

	if (vc_task_xid(0, &xid) < 0)
		vu_err_vc("cannot get the context of this process");
	if (xid == VX_ID_HOST && vc_ctx_migrate(VX_ID_SPECTATOR, 0) < 0)
		vu_err_vc("cannot enter the spectator context");
}

/* glibc has these system calls but no header for them (libcap has). */
extern int capget(cap_user_header_t header, cap_user_data_t data);
extern int capset(cap_user_header_t header, const cap_user_data_t data);

static void drop_bound(int cap)
{
	/* EINVAL: a capability newer than this kernel, nothing to drop. */
	if (prctl(PR_CAPBSET_READ, cap) <= 0)
		return;
	if (prctl(PR_CAPBSET_DROP, cap) < 0)
		err(EXIT_FAILURE, "cannot drop %s from the capability bounding set "
		    "(this needs CAP_SETPCAP)", vc_bit_name(&vc_bcaps, 1ULL << cap));
}

void vu_drop_bound(uint64_t caps)
{
	int cap;

	caps &= vc_bit_all(&vc_bcaps);
	/* CAP_SETPCAP is what allows the drops: it goes last. */
	for (cap = 0; cap <= CAP_LAST_CAP; cap++)
		if ((caps & (1ULL << cap)) && cap != CAP_SETPCAP)
			drop_bound(cap);
	if (caps & (1ULL << CAP_SETPCAP))
		drop_bound(CAP_SETPCAP);
}

void vu_drop_held(uint64_t caps)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	int i;

	/*
	 * The bounding set alone is not enough: a capability left in the
	 * inheritable set comes back when root executes a program.
	 */
	if (capget(&hdr, data) < 0)
		err(EXIT_FAILURE, "cannot read the capabilities of this process");
	for (i = 0; i < _LINUX_CAPABILITY_U32S_3; i++) {
		uint32_t keep = ~(uint32_t)(caps >> (32 * i));

		data[i].effective &= keep;
		data[i].permitted &= keep;
		data[i].inheritable &= keep;
	}
	if (capset(&hdr, data) < 0)
		err(EXIT_FAILURE, "cannot lower the capabilities of this process");
}

void vu_drop_caps(uint64_t caps)
{
	vu_drop_bound(caps);
	vu_drop_held(caps);
}

int vu_passthrough_options(int argc, char **argv, void (*usage)(void))
{
	const char *arg = argc > 1 ? argv[1] : "";

	if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0)
		usage();
	if (strcmp(arg, "-V") == 0 || strcmp(arg, "--version") == 0)
		vu_print_version();
	return strcmp(arg, "--") == 0 ? 2 : 1;
}

int vu_wait_child(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			err(EXIT_FAILURE, "cannot wait for process %d", (int)pid);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

void vu_exec(char *const argv[])
{
	/* Output printed before (vattribute --get) must not be lost. */
	if (fflush(stdout) != 0)
		err(EXIT_FAILURE, "write error");
	execvp(argv[0], argv);
	err(errno == ENOENT ? VU_EXIT_EXEC_ENOENT : VU_EXIT_EXEC_FAILED,
	    "failed to execute %s", argv[0]);
}
