/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libvserver: thin wrappers over the vserver(2) system call, and the
 * text parsers every util-vserver tool shares.
 *
 * Every vc_* call returns 0 on success and -1 with errno set on failure;
 * nothing here prints or exits, so the tools decide how to report.
 * The kernel ABI (command numbers, structures, flag bits) comes from the
 * uapi header <linux/vserver.h>; this file adds no ABI of its own.
 */
#ifndef UTIL_VSERVER_LIBVSERVER_H
#define UTIL_VSERVER_LIBVSERVER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <linux/capability.h>
#include <linux/vserver.h>

typedef uint32_t vc_xid_t;

/* The one message every tool prints when vserver(2) is missing. */
#define VC_MSG_NOSYS "kernel lacks vserver support"

long vc_syscall(uint32_t cmd, uint32_t id, void *data);

int vc_get_version(uint32_t *version);
int vc_get_vci(uint32_t *vci);
int vc_task_xid(pid_t pid, vc_xid_t *xid);
int vc_vx_info(vc_xid_t xid, struct vcmd_vx_info_v0 *info);
int vc_ctx_stat(vc_xid_t xid, struct vcmd_ctx_stat_v0 *stat);
/*
 * The context's uptime, tasks, forks and load averages.  A kernel that
 * predates the command fails with EOPNOTSUPP (ENOSYS or EINVAL on older
 * ones): the caller falls back to ctx_stat and /proc.
 */
int vc_virt_stat(vc_xid_t xid, struct vcmd_virt_stat_v0 *stat);
int vc_ctx_create(vc_xid_t xid, uint64_t flags);
int vc_ctx_migrate(vc_xid_t xid, uint64_t flags);

/*
 * 1 if the running kernel answers vserver(2), 0 if it lacks the system
 * call (ENOSYS) or has the vserver LSM disabled (EOPNOTSUPP), -1 with
 * errno set for any other failure.
 */
int vc_kernel_supported(void);

/*
 * Strict unsigned decimal: digits only (no sign, no blanks, no base
 * prefix), within [min, max].  EINVAL for malformed text, ERANGE for a
 * well-formed number outside the range.
 */
int vc_parse_uint(const char *str, unsigned long min, unsigned long max,
		  unsigned long *out);

/*
 * A context id from min (VX_ID_MIN for guests, VX_ID_SPECTATOR where the
 * spectator context is a valid target) up to VX_ID_MAX.
 */
int vc_parse_xid(const char *str, vc_xid_t min, vc_xid_t *xid);

/*
 * Flags, context capabilities and capability bound of a context.  A get
 * needs CAP_SYS_ADMIN and stores in *mask (unless NULL) the bits that may
 * still change.  A set changes only the bits in mask; it needs
 * CAP_SYS_ADMIN and CAP_SYS_RESOURCE, and the caller in the host context
 * or, while that context is in setup, in the context itself.
 */
int vc_get_cflags(vc_xid_t xid, uint64_t *flags, uint64_t *mask);
int vc_set_cflags(vc_xid_t xid, uint64_t flags, uint64_t mask);
int vc_get_ccaps(vc_xid_t xid, uint64_t *ccaps, uint64_t *mask);
int vc_set_ccaps(vc_xid_t xid, uint64_t ccaps, uint64_t mask);
int vc_get_bcaps(vc_xid_t xid, uint64_t *bcaps, uint64_t *mask);
int vc_set_bcaps(vc_xid_t xid, uint64_t bcaps, uint64_t mask);

/*
 * Send sig to the tasks of context xid: pid 0 all of them, -1 all but the
 * context's init, 1 its init, else that pid (which must be in xid).
 */
int vc_ctx_kill(vc_xid_t xid, pid_t pid, int sig);

/* Block until context xid is gone; EINTR when a signal interrupts. */
int vc_wait_exit(vc_xid_t xid, struct vcmd_wait_exit_v0 *result);

/*
 * Limits of a context (see "context_limits" in <linux/vserver.h>).  A
 * resource is named by its RLIMIT_* or VLIMIT_* number; values are
 * numbers of objects, CRLIM_INFINITY for none and, when setting,
 * CRLIM_KEEP for "as it is".  vc_get_rlimit_mask reports which
 * resources the kernel accounts (bit = id, in mask->maximum) and needs
 * no context; vc_get_rlimit and vc_rlimit_stat fail with EINVAL for a
 * resource it does not account.  Setting and resetting need what
 * vc_set_cflags needs.
 */
int vc_get_rlimit_mask(vc_xid_t xid, struct vcmd_ctx_rlimit_mask_v0 *mask);
int vc_get_rlimit(vc_xid_t xid, uint32_t id, struct vcmd_ctx_rlimit_v0 *lim);
int vc_set_rlimit(vc_xid_t xid, const struct vcmd_ctx_rlimit_v0 *lim);
int vc_rlimit_stat(vc_xid_t xid, uint32_t id, struct vcmd_rlimit_stat_v0 *stat);
int vc_reset_hits(vc_xid_t xid);
int vc_reset_minmax(vc_xid_t xid);

/*
 * The names of a context (see "context_names" in <linux/vserver.h>):
 * field VHIN_CONTEXT is its own name (empty until set), VHIN_SYSNAME to
 * VHIN_DOMAINNAME are the names uname(2) shows its tasks, those of its
 * UTS namespace.  A name is a string of at most VC_VHI_NAME_MAX bytes:
 * vc_set_vhi_name fails with EINVAL for a longer one without calling the
 * kernel; vc_get_vhi_name stores the name in name (len bytes, ERANGE if
 * it does not fit).  The kernel answers EINVAL for the uname names of a
 * context without a UTS namespace of its own (its tasks share the
 * host's) and for an unknown field, ESRCH for no such context.  Setting
 * needs root in the host context, or the context itself while in setup;
 * reading needs CAP_SYS_ADMIN.
 */
#define VC_VHI_NAME_MAX (VHILEN - 1)
int vc_set_vhi_name(vc_xid_t xid, uint32_t field, const char *name);
int vc_get_vhi_name(vc_xid_t xid, uint32_t field, char *name, size_t len);

/*
 * Inode attributes (see "inode_attributes" in <linux/vserver.h>): the
 * IATTR_* bits of a file or directory.  vc_get_iattr stores the bits set
 * in *flags and, unless tag or mask is NULL, the tag (always 0) in *tag
 * and the bits this file can have in *mask.  vc_set_iattr gives the bits
 * in mask the values they have in flags; it needs CAP_LINUX_IMMUTABLE in
 * the host context (EPERM).  EINVAL: a bit this type of file cannot have
 * (the barrier is for directories, immutable, ixunlink and cow for
 * regular files); EOPNOTSUPP: a bit the kernel does not support (tag,
 * cow on kernels without copy on write, and the /proc bits admin, watch
 * and hide outside /proc).  Which bits a file can have is
 * best asked of the kernel (the mask of vc_get_iattr) before setting.  A
 * path is looked up as lstat(2) does: a last symbolic link is not
 * followed.
 */
int vc_get_iattr(const char *path, uint32_t *tag, uint32_t *flags,
		 uint32_t *mask);
int vc_set_iattr(const char *path, uint32_t tag, uint32_t flags,
		 uint32_t mask);
/*
 * The same for the file open on fd (not an O_PATH descriptor): the very
 * inode a tool has opened and checked, whatever its names now are.
 */
int vc_fget_iattr(int fd, uint32_t *flags, uint32_t *mask);
int vc_fset_iattr(int fd, uint32_t flags, uint32_t mask);

/* Both bits of a unified file: it may be replaced, not changed. */
#define VC_IATTR_UNIFIED (IATTR_IMMUTABLE | IATTR_IXUNLINK)

/*
 * The IATTR_* bits of the file open on fd as the kernel keeps them, in
 * its VSERVER_XATTR extended attribute, read without vserver(2): on any
 * kernel, for the host's tools that only need to know (chxid -U).  No
 * attribute is no bits; EINVAL for a value of the wrong size.
 */
int vc_fget_iattr_xattr(int fd, uint32_t *flags);

/*
 * File tags.  The context a file belongs to is its tag: the file system's
 * project id (ext4, xfs, f2fs), so that the project quota of id XID is
 * the disk limit of context XID.  Tag 0 is no context.  A directory with
 * inherit set (FS_XFLAG_PROJINHERIT) gives its tag to every file made in
 * it, and makes statfs(2) there report the project's limits as the size
 * of the file system.  Both calls take a descriptor of a regular file or
 * a directory (the ioctls need one, which other types cannot give without
 * side effects).  vc_fset_tag keeps the inode's other attributes; it
 * needs to own the file or CAP_FOWNER, in the initial user namespace.
 */
struct vc_tag {
	vc_xid_t xid;		/* the project id */
	int inherit;		/* FS_XFLAG_PROJINHERIT */
};

int vc_fget_tag(int fd, struct vc_tag *tag);
int vc_fset_tag(int fd, const struct vc_tag *tag);

/*
 * The tag of a process.  vc_tag_migrate gives the caller a tag of its own
 * (0 takes it away), which its children inherit: it then reaches only the
 * files with that tag and untagged ones, and the files it creates get the
 * tag whatever their directory says.  It needs CAP_SYS_ADMIN in the host
 * context (EPERM); the kernel refuses 1 and ids above VX_ID_MAX (EINVAL).
 * vc_task_tag gets the tag a process uses (pid 0: the caller): its own,
 * else its guest's xid, else 0.
 */
int vc_tag_migrate(vc_xid_t tag);
int vc_task_tag(pid_t pid, vc_xid_t *tag);

/*
 * 1 if err is how a file system without project ids refuses those calls
 * (ENOTTY, EOPNOTSUPP, EINVAL), else 0.
 */
int vc_tag_unsupported(int err);

/*
 * The resources by name, as util-vserver has always spelled them (cpu,
 * nproc, nsock, ...), the RLIMIT_* ones first; ids are this architecture's
 * RLIMIT_* numbers and the VLIMIT_* ones.  A mask has 32 bits: ids are
 * below VC_RLIMIT_IDS.
 */
#define VC_RLIMIT_IDS 32

struct vc_rlimit_name {
	const char *name;
	uint32_t id;
};

extern const struct vc_rlimit_name vc_rlimits[];
extern const size_t vc_rlimit_count;

/* The name of resource id, or NULL. */
const char *vc_rlimit_name(uint32_t id);

/*
 * The largest limit the kernel keeps (its limits are longs); above it
 * only CRLIM_INFINITY.
 */
#define VC_RLIMIT_MAX ((uint64_t)INT64_MAX)

/*
 * A limit value: strict decimal from 0 to VC_RLIMIT_MAX, or "inf",
 * "infinity" or "unlimited" (any case) for CRLIM_INFINITY.  EINVAL for
 * other text, ERANGE for a number above VC_RLIMIT_MAX.
 */
int vc_parse_rlimit(const char *str, uint64_t *value);

/*
 * Named bits: context flags (VXF_*), context capabilities (VXC_*), the
 * capability bound (bit N is capability N, CAP_* of <linux/capability.h>),
 * network context flags (NXF_*) and capabilities (NXC_*).  One table
 * shape and one list parser serve all five.
 */
struct vc_bit_name {
	const char *name;
	uint64_t bit;
};

struct vc_bit_names {
	const char *what;	/* what one name is, for messages */
	const char *prefix;	/* may be left out on input ("CAP_"), or NULL */
	const struct vc_bit_name *names;
	size_t count;
};

extern const struct vc_bit_names vc_cflags;	/* lock, persistent, ... */
extern const struct vc_bit_names vc_ccaps;	/* set_utsname, ... */
extern const struct vc_bit_names vc_bcaps;	/* CAP_CHOWN ... CAP_CHECKPOINT_RESTORE */
extern const struct vc_bit_names vc_nflags;	/* private, single_ip, ... */
extern const struct vc_bit_names vc_ncaps;	/* tun_create, raw_icmp, multicast */

/*
 * The capabilities --secure keeps: what a guest's root needs to run
 * services (own files, users, signals, low ports, chroot), and none that
 * reach beyond the guest (modules, raw I/O, mount, time, net admin...).
 */
#define VC_BCAPS_SECURE							\
	((1ULL << CAP_CHOWN) | (1ULL << CAP_DAC_OVERRIDE) |		\
	 (1ULL << CAP_DAC_READ_SEARCH) | (1ULL << CAP_FOWNER) |		\
	 (1ULL << CAP_FSETID) | (1ULL << CAP_KILL) |			\
	 (1ULL << CAP_SETGID) | (1ULL << CAP_SETUID) |			\
	 (1ULL << CAP_NET_BIND_SERVICE) | (1ULL << CAP_SYS_CHROOT) |	\
	 (1ULL << CAP_SYS_PTRACE) | (1ULL << CAP_SYS_TTY_CONFIG) |	\
	 (1ULL << CAP_LEASE) | (1ULL << CAP_SETFCAP) |			\
	 (1ULL << CAP_AUDIT_WRITE))

/* Bits named on a command line: bits to set and bits to clear. */
struct vc_flag_change {
	uint64_t set;
	uint64_t clear;
};

/*
 * Bit of one name (len bytes, case-insensitive, the table's prefix
 * optional), or -1/EINVAL.
 */
int vc_bit_lookup(const struct vc_bit_names *t, const char *name, size_t len,
		  uint64_t *bit);

/* Name of a single bit, NULL if the bit has no name. */
const char *vc_bit_name(const struct vc_bit_names *t, uint64_t bit);

/* Every bit the table names. */
uint64_t vc_bit_all(const struct vc_bit_names *t);

/*
 * Parse "name,~name,!name,..." into chg, adding to what it already holds
 * so a repeated option accumulates; "~" or "!" clears a bit and the last
 * mention of a bit wins.  On error returns -1 with errno EINVAL and points
 * *bad and *badlen at the offending item (possibly empty).
 */
int vc_parse_bits(const struct vc_bit_names *t, const char *list,
		  struct vc_flag_change *chg, const char **bad, size_t *badlen);

/*
 * Put chg on top of the secure bound: the capability bound that
 * "--secure --cap LIST" asks for is exactly VC_BCAPS_SECURE, plus what
 * LIST adds, minus what it removes.
 */
void vc_bcaps_secure(struct vc_flag_change *chg);

/*
 * The same for any set: chg becomes "set these, clear those", with what
 * chg named on top, whatever the order of the options.
 */
void vc_bits_secure(struct vc_flag_change *chg, uint64_t set, uint64_t clear);

/* The bits a change yields when applied to base. */
static inline uint64_t vc_flags_apply(uint64_t base,
				      const struct vc_flag_change *chg)
{
	return (base | chg->set) & ~chg->clear;
}

/* The mask of a vc_set_* call that applies chg (its value is chg->set). */
static inline uint64_t vc_flags_mask(const struct vc_flag_change *chg)
{
	return chg->set | chg->clear;
}

/*
 * Network contexts (nids): the addresses a context's sockets may use.
 * Ids are independent of context ids (NX_ID_MIN to NX_ID_MAX); the
 * tools usually give a guest the same number for both.
 */
typedef uint32_t vc_nid_t;

/*
 * Where a network context id is picked when none is given (chbind,
 * ncontext --create): the lowest free id from here to NX_ID_MAX, the
 * range Linux-VServer kernels used for dynamic ids.  Static ids below it
 * never collide with a picked one.
 */
#define VC_NID_DYNAMIC_MIN	49152

/*
 * The flags the tools create a network context with: the kernel's
 * defaults plus the setup state, which the tools end once the context is
 * configured (a private context accepts no newcomer after that).
 */
#define VC_NXF_CREATE		(NXF_INIT_SET | NXF_STATE_SETUP)

/*
 * --secure for a network context: 127.0.0.1 is the guest's own loopback,
 * hidden, as are the host's interfaces, and the host's loopback is out of
 * reach (no lback_allow); no network capability (no raw ICMP, tun devices
 * or multicast).  The host keeps administering it: state_admin stays.
 */
#define VC_NXF_SECURE_SET	(NXF_LBACK_REMAP | NXF_HIDE_LBACK | NXF_HIDE_NETIF)
#define VC_NXF_SECURE_CLEAR	NXF_LBACK_ALLOW
#define VC_NCAPS_SECURE		0ULL

/* The network context of a task (0: the host network), or -1/ESRCH. */
int vc_task_nid(pid_t pid, vc_nid_t *nid);
int vc_nx_info(vc_nid_t nid, struct vcmd_nx_info_v0 *info);

/*
 * Create network context nid with these flags and move the caller into
 * it (EEXIST if it exists).  vc_net_create_dynamic tries the ids from
 * VC_NID_DYNAMIC_MIN up and stores the one it created in *nid; EEXIST
 * when every one of them exists.
 */
int vc_net_create(vc_nid_t nid, uint64_t flags);
int vc_net_create_dynamic(uint64_t flags, vc_nid_t *nid);

/* Move the caller into network context nid (EACCES: it refuses). */
int vc_net_migrate(vc_nid_t nid);

/*
 * One address entry of a network context, as the kernel takes it: an
 * IPv4 or IPv6 address (NXA_TYPE_ADDR), subnet (NXA_TYPE_MASK) or range
 * (NXA_TYPE_RANGE, IPv4), or the broadcast (NXA_MOD_BCAST) or loopback
 * (NXA_MOD_LBACK) address, both IPv4.
 */
struct vc_net_addr {
	uint16_t type;		/* NXA_TYPE_* or NXA_MOD_*, no family bit */
	uint8_t family;		/* AF_INET or AF_INET6 */
	uint8_t prefix;		/* the number of one bits of mask */
	uint8_t ip[16];		/* network byte order; IPv4 in the first 4 */
	uint8_t ip2[16];	/* NXA_TYPE_RANGE: the first address after it */
	uint8_t mask[16];
};

/*
 * Parse str as an entry of this type, checked as the kernel checks it, so
 * that a bad entry is refused before anything changes.  The forms:
 *   NXA_TYPE_ADDR   a.b.c.d[/bits|/a.b.c.d], x::y[/prefix], "localhost";
 *                   the mask defaults to all ones; an IPv6 address is
 *                   kept as /128 whatever its prefix (the kernel does).
 *                   A loopback address (127.0.0.0/8, "localhost") becomes
 *                   an NXA_MOD_LBACK entry: that is what a network
 *                   context can do with it.
 *   NXA_TYPE_MASK   a.b.c.d/bits, x::y/prefix (a mask is required; host
 *                   bits are cleared)
 *   NXA_TYPE_RANGE  a.b.c.d-a.b.c.d, both included
 *   NXA_MOD_BCAST   a.b.c.d
 *   NXA_MOD_LBACK   a.b.c.d in 127.0.0.0/8, or "localhost"
 * Returns -1/EINVAL with *why saying what is wrong (a fixed string).
 */
int vc_parse_net_addr(const char *str, uint16_t type,
		      struct vc_net_addr *addr, const char **why);

/* Whether the kernel takes a and b for the same entry (EEXIST). */
int vc_net_addr_same(const struct vc_net_addr *a, const struct vc_net_addr *b);

/*
 * Add or remove one entry (net_add_ipv4 v2, net_add_ipv6 and their
 * remove commands); remove takes an entry as it was added.
 * vc_net_remove_all removes every entry of one family (AF_INET: also the
 * broadcast address).  EEXIST: the entry is there; ENOSPC: NX_ADDRS_MAX
 * entries already; EADDRNOTAVAIL: no such entry to remove.
 */
int vc_net_add(vc_nid_t nid, const struct vc_net_addr *addr);
int vc_net_remove(vc_nid_t nid, const struct vc_net_addr *addr);
int vc_net_remove_all(vc_nid_t nid, int family);

/* Flags and capabilities of a network context, as vc_get/set_cflags. */
int vc_get_nflags(vc_nid_t nid, uint64_t *flags, uint64_t *mask);
int vc_set_nflags(vc_nid_t nid, uint64_t flags, uint64_t mask);
int vc_get_ncaps(vc_nid_t nid, uint64_t *ncaps, uint64_t *mask);
int vc_set_ncaps(vc_nid_t nid, uint64_t ncaps, uint64_t mask);

/*
 * Guests configured in the util-vserver configuration directory:
 * $VSERVER_CONFDIR if set, else sysconfdir/vservers.  A guest is a
 * directory there whose file "context" holds its context id.
 */
const char *vc_confdir(void);

/*
 * Context id of guest name: ENOENT if it has no context file, EINVAL for
 * a name that is not a plain directory name or a file that holds no
 * context id, ERANGE for an id out of range.
 */
int vc_guest_xid(const char *name, vc_xid_t *xid);

struct vc_guest {
	vc_xid_t xid;
	char *name;
};

struct vc_guests {
	struct vc_guest *list;
	size_t count;
};

/*
 * Read every guest's context id (a missing directory means no guests).
 * -1 with errno on failure; vc_guests_free releases the list.
 */
int vc_guests_load(struct vc_guests *guests);
void vc_guests_free(struct vc_guests *guests);

/*
 * Name shown for context xid: "host" for 0, "spectator" for 1, else the
 * guest configured with that id, or NULL.
 */
const char *vc_guests_name(const struct vc_guests *guests, vc_xid_t xid);

#endif /* UTIL_VSERVER_LIBVSERVER_H */
