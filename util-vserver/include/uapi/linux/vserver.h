/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Linux-VServer security contexts - user space API
 *
 * The vserver(2) system call multiplexes commands.  Command numbers and
 * structure layouts follow the Linux-VServer 2.3 interface (VCI 2.3), so
 * that existing util-vserver tools keep working.
 */

#ifndef _UAPI_LINUX_VSERVER_H
#define _UAPI_LINUX_VSERVER_H

#include <linux/types.h>

/**
 * DOC: vserver_cmd
 *
 * A command word packs three fields::
 *
 *   bits 24-29  category
 *   bits 16-23  command within the category
 *   bits  0-11  version of the command's argument layout
 *
 * Each (category, command, version) triple is a distinct command, so a
 * changed argument layout gets a new version and the old one keeps working.
 */
#define VC_CMD(c, i, v)		((((c) & 0x3F) << 24) | (((i) & 0xFF) << 16) | \
				 ((v) & 0xFFF))
#define VC_CATEGORY(c)		(((c) >> 24) & 0x3F)
#define VC_COMMAND(c)		(((c) >> 16) & 0xFF)
#define VC_VERSION(c)		((c) & 0xFFF)

/* Command categories. */
#define VC_CAT_VERSION		0
#define VC_CAT_VHOST		2
#define VC_CAT_VPROC		9
#define VC_CAT_PROCMIG		11
#define VC_CAT_PROCTRL		12
#define VC_CAT_VNET		25
#define VC_CAT_NETALT		26
#define VC_CAT_NETMIG		27
#define VC_CAT_TAGMIG		35
#define VC_CAT_INODE		38
#define VC_CAT_VSTAT		40
#define VC_CAT_VINFO		46
#define VC_CAT_EVENT		48
#define VC_CAT_FLAGS		52
#define VC_CAT_RLIMIT		60

/**
 * DOC: vserver_version
 *
 * VCI_VERSION is the interface version returned by VCMD_get_version: the
 * Linux-VServer 2.3 interface, whose command set and layouts this kernel
 * implements.  VCMD_get_vci returns a mask of VCI_FEATURE_* bits describing
 * the kernel configuration, at the positions Linux-VServer 2.3 gave them:
 *
 * VCI_FEATURE_NO_DYNAMIC: no dynamic context ids, every context id is
 * chosen by user space.
 *
 * VCI_FEATURE_COWBL: a guest that changes a unified file with IATTR_COW
 * by its name gets a copy of its own (copy-on-write link breaking, see
 * IATTR_COW).  Tools that unify files mark them IATTR_COW only when the
 * kernel reports this bit.
 */
#define VCI_VERSION		0x00020308

#define VCI_FEATURE_NO_DYNAMIC	(1U << 0)
#define VCI_FEATURE_COWBL	(1U << 8)

/*
 * Context ids.  0 is the host, 1 the spectator context (it sees every
 * process and changes nothing), 2 to 65535 are guests.
 */
#define VX_ID_HOST		0
#define VX_ID_SPECTATOR		1
#define VX_ID_MIN		2
#define VX_ID_MAX		65535

/* Information commands. */
#define VCMD_get_version	VC_CMD(VC_CAT_VERSION, 0, 0)
#define VCMD_get_vci		VC_CMD(VC_CAT_VERSION, 1, 0)
#define VCMD_task_xid		VC_CMD(VC_CAT_VINFO, 1, 0)
#define VCMD_task_nid		VC_CMD(VC_CAT_VINFO, 2, 0)
#define VCMD_vx_info		VC_CMD(VC_CAT_VINFO, 5, 0)
#define VCMD_nx_info		VC_CMD(VC_CAT_VINFO, 6, 0)
#define VCMD_ctx_stat		VC_CMD(VC_CAT_VSTAT, 0, 0)
#define VCMD_virt_stat		VC_CMD(VC_CAT_VSTAT, 3, 0)

/* Context life cycle. */
#define VCMD_ctx_create		VC_CMD(VC_CAT_VPROC, 1, 1)
#define VCMD_ctx_migrate	VC_CMD(VC_CAT_PROCMIG, 1, 1)
#define VCMD_ctx_kill		VC_CMD(VC_CAT_PROCTRL, 1, 0)
#define VCMD_wait_exit		VC_CMD(VC_CAT_EVENT, 99, 0)

/* Flags and capability bounds of a context. */
#define VCMD_get_cflags		VC_CMD(VC_CAT_FLAGS, 1, 0)
#define VCMD_set_cflags		VC_CMD(VC_CAT_FLAGS, 2, 0)
#define VCMD_get_ccaps		VC_CMD(VC_CAT_FLAGS, 3, 1)
#define VCMD_set_ccaps		VC_CMD(VC_CAT_FLAGS, 4, 1)
#define VCMD_get_bcaps		VC_CMD(VC_CAT_FLAGS, 9, 0)
#define VCMD_set_bcaps		VC_CMD(VC_CAT_FLAGS, 10, 0)

/**
 * DOC: vxf_flags
 *
 * Context flags (VXF_*), a 64-bit word given to VCMD_ctx_create.
 *
 * The STATE bits are one-time bits: a context starts with them set and they
 * can only be cleared.  The bits this kernel does not act on yet are
 * accepted and stored, so that configurations written for Linux-VServer 2.3
 * keep working; any other bit is refused.
 *
 * VXF_VIRT_MEM: /proc/meminfo and sysinfo() show a task of the context the
 * RAM of its memory cgroup (the lowest memory.max up the hierarchy, and
 * what the cgroup uses) instead of the machine's.
 *
 * VXF_VIRT_LOAD: /proc/loadavg and sysinfo() show a task of the context the
 * load averages and the task counts of its context instead of the
 * machine's.
 *
 * VXF_VIRT_CPU: /proc/stat shows a task of the context only the CPUs it may
 * run on (its affinity, bounded by its cpuset), and counts only those in
 * its totals.
 */
#define VXF_INFO_LOCK		(1ULL << 0)
#define VXF_INFO_SCHED		(1ULL << 1)
#define VXF_INFO_NPROC		(1ULL << 2)
#define VXF_INFO_PRIVATE	(1ULL << 3)
#define VXF_INFO_INIT		(1ULL << 4)
#define VXF_INFO_HIDE		(1ULL << 5)
#define VXF_INFO_ULIMIT		(1ULL << 6)
#define VXF_INFO_NSPACE		(1ULL << 7)
#define VXF_SCHED_HARD		(1ULL << 8)
#define VXF_SCHED_PRIO		(1ULL << 9)
#define VXF_SCHED_PAUSE		(1ULL << 10)
#define VXF_VIRT_MEM		(1ULL << 16)
#define VXF_VIRT_UPTIME		(1ULL << 17)
#define VXF_VIRT_CPU		(1ULL << 18)
#define VXF_VIRT_LOAD		(1ULL << 19)
#define VXF_VIRT_TIME		(1ULL << 20)
#define VXF_HIDE_MOUNT		(1ULL << 24)
#define VXF_HIDE_VINFO		(1ULL << 26)
#define VXF_STATE_SETUP		(1ULL << 32)
#define VXF_STATE_INIT		(1ULL << 33)
#define VXF_STATE_ADMIN		(1ULL << 34)
#define VXF_SC_HELPER		(1ULL << 36)
#define VXF_REBOOT_KILL		(1ULL << 37)
#define VXF_PERSISTENT		(1ULL << 38)
#define VXF_FORK_RSS		(1ULL << 48)
#define VXF_PROLIFIC		(1ULL << 49)
#define VXF_IGNEG_NICE		(1ULL << 52)
#define VXF_IGNEG_IONICE	(1ULL << 53)

/* The one-time bits, and the flags of a context created without data. */
#define VXF_ONE_TIME		(VXF_STATE_SETUP | VXF_STATE_INIT | \
				 VXF_STATE_ADMIN)
#define VXF_INIT_SET		VXF_ONE_TIME

/*
 * Flags for VCMD_ctx_migrate: the entering task becomes the context's init
 * (the process VCMD_ctx_kill signals as pid 1 and whose exit status
 * VCMD_wait_exit reports), and/or the reaper of the orphans it leaves
 * behind, as with PR_SET_CHILD_SUBREAPER.
 */
#define VXM_SET_INIT		(1ULL << 0)
#define VXM_SET_REAPER		(1ULL << 1)

/**
 * DOC: vxc_ccaps
 *
 * Context capabilities (VXC_*), a 64-bit word.  Each grants one operation
 * that the coarse POSIX capability named beside it would allow, when the
 * context's capability bound (bcaps) has removed that capability.  The
 * task must still hold the POSIX capability in its own effective set: a
 * context capability never makes an unprivileged user privileged.
 *
 * Bits this kernel does not act on yet are accepted and stored, like the
 * unused VXF_* bits; any other bit is refused.
 */
#define VXC_SET_UTSNAME		(1ULL << 0)	/* CAP_SYS_ADMIN: sethostname */
#define VXC_SET_RLIMIT		(1ULL << 1)	/* CAP_SYS_RESOURCE: raise */
#define VXC_FS_SECURITY		(1ULL << 2)
#define VXC_FS_TRUSTED		(1ULL << 3)
#define VXC_TIOCSTI		(1ULL << 4)
#define VXC_RAW_ICMP		(1ULL << 8)
#define VXC_SYSLOG		(1ULL << 12)	/* CAP_SYSLOG: the kernel log */
#define VXC_OOM_ADJUST		(1ULL << 13)
#define VXC_AUDIT_CONTROL	(1ULL << 14)
#define VXC_SECURE_MOUNT	(1ULL << 16)	/* CAP_SYS_ADMIN: mount(2) */
#define VXC_SECURE_REMOUNT	(1ULL << 17)
#define VXC_BINARY_MOUNT	(1ULL << 18)
#define VXC_DEV_MOUNT		(1ULL << 19)
#define VXC_QUOTA_CTL		(1ULL << 20)	/* CAP_SYS_ADMIN: quotactl */
#define VXC_ADMIN_MAPPER	(1ULL << 21)
#define VXC_ADMIN_CLOOP		(1ULL << 22)
#define VXC_KTHREAD		(1ULL << 24)
#define VXC_NAMESPACE		(1ULL << 25)

/**
 * struct vcmd_ctx_create - argument of VCMD_ctx_create
 * @flagword: initial context flags (VXF_*).  Without an argument
 *	(@data is NULL) the context gets %VXF_INIT_SET.
 */
struct vcmd_ctx_create {
	__u64 flagword;
};

/**
 * struct vcmd_ctx_migrate - argument of VCMD_ctx_migrate
 * @flagword: VXM_* flags; unknown bits are refused.  The argument is
 *	optional: @data may be NULL.
 */
struct vcmd_ctx_migrate {
	__u64 flagword;
};

/**
 * struct vcmd_vx_info_v0 - result of VCMD_vx_info
 * @xid: the context id
 * @initpid: pid of the context's init process, 0 if it has none
 */
struct vcmd_vx_info_v0 {
	__u32 xid;
	__u32 initpid;
};

/**
 * struct vcmd_ctx_stat_v0 - result of VCMD_ctx_stat
 * @usecnt: references held on the context (tasks, credentials, the table
 *	of contexts)
 * @tasks: tasks in the context
 */
struct vcmd_ctx_stat_v0 {
	__u32 usecnt;
	__u32 tasks;
};

/**
 * struct vcmd_virt_stat_v0 - result of VCMD_virt_stat
 * @offset: the bias of the context's clock against the host's, in
 *	nanoseconds.  Always 0: a guest's clocks are those of its time
 *	namespace, which the context does not shift.
 * @uptime: nanoseconds since the context was created, suspend included
 *	(CLOCK_BOOTTIME)
 * @nr_threads: tasks in the context, threads included
 * @nr_running: of them, those running or runnable at the last load sample
 * @nr_uninterruptible: of them, those in uninterruptible sleep at the last
 *	load sample
 * @nr_onhold: tasks held by the scheduler of the context; always 0
 * @nr_forks: tasks and threads forked inside the context since it was
 *	created (modulo 2^32)
 * @load: the context's load averages over 1, 5 and 15 minutes, as fixed
 *	point numbers with 11 fractional bits (the kernel's FSHIFT): divide by
 *	2048 for the value /proc/loadavg shows
 *
 * The load is sampled every 5 seconds, as the machine's is.
 */
struct vcmd_virt_stat_v0 {
	__u64 offset;
	__u64 uptime;
	__u32 nr_threads;
	__u32 nr_running;
	__u32 nr_uninterruptible;
	__u32 nr_onhold;
	__u32 nr_forks;
	__u32 load[3];
};

/**
 * struct vcmd_ctx_flags_v0 - argument of VCMD_get_cflags and VCMD_set_cflags
 * @flagword: the context flags (VXF_*)
 * @mask: for set_cflags, the bits of @flagword to apply; the others keep
 *	their value.  One-time bits can only be cleared.  get_cflags reports
 *	in @mask the bits that may still change: every bit except the
 *	one-time bits already cleared.
 */
struct vcmd_ctx_flags_v0 {
	__u64 flagword;
	__u64 mask;
};

/**
 * struct vcmd_ctx_caps_v1 - argument of VCMD_get_ccaps and VCMD_set_ccaps
 * @ccaps: the context capabilities (VXC_*)
 * @cmask: for set_ccaps, the bits of @ccaps to apply; get_ccaps reports
 *	all bits the kernel knows
 */
struct vcmd_ctx_caps_v1 {
	__u64 ccaps;
	__u64 cmask;
};

/**
 * struct vcmd_bcaps - argument of VCMD_get_bcaps and VCMD_set_bcaps
 * @bcaps: the capability bound of the context, one bit per CAP_* number.
 *	Every capability check of every task in the context fails for a
 *	capability outside the bound, whatever the task's uid, user
 *	namespace or file capabilities.  A new context starts with every
 *	capability.
 * @bmask: for set_bcaps, the bits of @bcaps to apply; get_bcaps reports
 *	the bits of all valid capabilities
 */
struct vcmd_bcaps {
	__u64 bcaps;
	__u64 bmask;
};

/**
 * struct vcmd_ctx_kill_v0 - argument of VCMD_ctx_kill
 * @pid: 0 signals every task of the context; -1 every task except the
 *	context's init; 1 the context's init; any other value the task with
 *	that pid, which must belong to the context
 * @sig: the signal number, 0 to check only
 */
struct vcmd_ctx_kill_v0 {
	__s32 pid;
	__s32 sig;
};

/**
 * struct vcmd_wait_exit_v0 - result of VCMD_wait_exit
 * @reboot_cmd: the last reboot(2) command issued inside the context, 0 if
 *	none
 * @exit_code: the exit status of the context's init as wait(2) reports
 *	it, 0 if the context had no init
 */
struct vcmd_wait_exit_v0 {
	__s32 reboot_cmd;
	__s32 exit_code;
};

/**
 * DOC: context_names
 *
 * The names of a context: its own name (VHIN_CONTEXT, empty until set),
 * and the names uname(2) shows its tasks.  Those are the names of the UTS
 * namespace of the context, the one of the first task that entered the
 * context in a UTS namespace other than the host's; VCMD_set_vhi_name
 * changes them for every task of the context there, VCMD_get_vhi_name
 * reads them.  A context whose tasks all share the host's UTS namespace
 * has no such names: EINVAL.  Names are strings of up to 64 bytes.
 */
#define VCMD_set_vhi_name	VC_CMD(VC_CAT_VHOST, 1, 0)
#define VCMD_get_vhi_name	VC_CMD(VC_CAT_VHOST, 2, 0)

#define VHIN_CONTEXT		0
#define VHIN_SYSNAME		1
#define VHIN_NODENAME		2
#define VHIN_RELEASE		3
#define VHIN_VERSION		4
#define VHIN_MACHINE		5
#define VHIN_DOMAINNAME		6

#define VHILEN			65

/**
 * struct vcmd_vhi_name_v0 - argument of VCMD_set_vhi_name and
 *	VCMD_get_vhi_name
 * @field: which name, VHIN_*
 * @name: the name, NUL-terminated
 */
struct vcmd_vhi_name_v0 {
	__u32 field;
	char name[VHILEN];
};

/**
 * DOC: context_limits
 *
 * Per-context resource limits and their accounting.  A resource is named
 * by a Linux RLIMIT_* number or by a VLIMIT_* number; the limit holds for
 * the tasks of the context together.  Going past it fails the operation
 * with the errno the kernel uses for its own limit of the kind (EAGAIN
 * for a fork, EMFILE for a file or a POSIX message queue, ENOLCK for a
 * file lock, ENOBUFS for a socket, ENOSPC for a SysV IPC object) and
 * counts a hit.  VCMD_get_rlimit_mask tells which resources this kernel
 * accounts: RLIMIT_NPROC, RLIMIT_NOFILE (the same as VLIMIT_OPENFD),
 * RLIMIT_LOCKS, RLIMIT_MSGQUEUE, VLIMIT_NSOCK, VLIMIT_SHMEM, VLIMIT_SEMARY
 * and VLIMIT_NSEMS.  Memory (RLIMIT_AS, RLIMIT_RSS) is the memory
 * controller's of cgroup v2.
 *
 * Values are numbers of objects, except for RLIMIT_MSGQUEUE, in bytes as
 * the per-user RLIMIT_MSGQUEUE counts them, and VLIMIT_SHMEM, in pages.
 * File locks and leases count against the context that opened the file.
 * CRLIM_INFINITY means no limit, and CRLIM_KEEP in VCMD_set_rlimit leaves
 * a value as it is.  Only the maximum is enforced; the minimum and the
 * soft limit are accepted for compatibility and read back as CRLIM_UNSET.
 */
#define VCMD_rlimit_stat	VC_CMD(VC_CAT_VSTAT, 1, 0)
#define VCMD_get_rlimit		VC_CMD(VC_CAT_RLIMIT, 1, 0)
#define VCMD_set_rlimit		VC_CMD(VC_CAT_RLIMIT, 2, 0)
#define VCMD_get_rlimit_mask	VC_CMD(VC_CAT_RLIMIT, 3, 0)
#define VCMD_reset_hits		VC_CMD(VC_CAT_RLIMIT, 7, 0)
#define VCMD_reset_minmax	VC_CMD(VC_CAT_RLIMIT, 9, 0)

/* Resources beyond the RLIMIT_* numbers. */
#define VLIMIT_NSOCK		16	/* sockets */
#define VLIMIT_OPENFD		17	/* open files */
#define VLIMIT_ANON		18
#define VLIMIT_SHMEM		19	/* pages of SysV shared memory */
#define VLIMIT_SEMARY		20	/* SysV semaphore sets */
#define VLIMIT_NSEMS		21	/* SysV semaphores, of all sets */
#define VLIMIT_DENTRY		22
#define VLIMIT_MAPPED		23

#define CRLIM_UNSET		0ULL
#define CRLIM_INFINITY		(~0ULL)
#define CRLIM_KEEP		(~1ULL)

/**
 * struct vcmd_ctx_rlimit_v0 - argument of VCMD_get_rlimit and VCMD_set_rlimit
 * @id: the resource, RLIMIT_* or VLIMIT_*
 * @minimum: the guaranteed amount (not enforced)
 * @softlimit: the soft limit (not enforced)
 * @maximum: the limit
 */
struct vcmd_ctx_rlimit_v0 {
	__u32 id;
	__u64 minimum;
	__u64 softlimit;
	__u64 maximum;
};

/**
 * struct vcmd_ctx_rlimit_mask_v0 - result of VCMD_get_rlimit_mask
 * @minimum: resources (bit = id) whose minimum can be set
 * @softlimit: resources whose soft limit can be set
 * @maximum: resources whose maximum can be set: those accounted
 */
struct vcmd_ctx_rlimit_mask_v0 {
	__u32 minimum;
	__u32 softlimit;
	__u32 maximum;
};

/**
 * struct vcmd_rlimit_stat_v0 - argument and result of VCMD_rlimit_stat
 * @id: the resource (in)
 * @hits: operations refused since the last VCMD_reset_hits
 * @value: the amount in use now
 * @minimum: the lowest amount since the last VCMD_reset_minmax
 * @maximum: the highest amount since then
 */
struct vcmd_rlimit_stat_v0 {
	__u32 id;
	__u32 hits;
	__u64 value;
	__u64 minimum;
	__u64 maximum;
};

/**
 * DOC: inode_attributes
 *
 * Attributes of files and directories that confine guests in a shared file
 * system.  They are kept in the extended attribute VSERVER_XATTR of the
 * inode, as a 32-bit little-endian IATTR_* value, so they last on any file
 * system with security.* attributes (ext4, xfs, btrfs, tmpfs).  Any task
 * reads them; only the host changes them, with CAP_LINUX_IMMUTABLE.
 *
 * IATTR_BARRIER, on a directory: no task of a guest passes it, by any path.
 * It goes on the directory that holds the guests' roots, so that a guest
 * that escapes its chroot() stops there.
 *
 * IATTR_IMMUTABLE, on a regular file: no task, the host's included, changes
 * its bytes or its attributes (it cannot be opened for writing, written
 * through a descriptor opened before, mapped shared and writable,
 * truncated, chmod()ed, chown()ed, given new times, extended attributes or
 * ACLs), nor unlinks, renames or links it: EPERM.  With IATTR_IXUNLINK too,
 * the file is unified: it may be unlinked, renamed over and linked, so that
 * a guest replaces its copy of a file it shares with others while theirs
 * stay as they are.  IATTR_IXUNLINK alone has no effect.
 *
 * IATTR_COW, on a unified regular file (IATTR_IMMUTABLE and IATTR_IXUNLINK
 * too): a task of a guest that changes the file by its name gets a copy of
 * its own instead of EPERM.  That is open() for writing or with O_TRUNC,
 * truncate(), chmod(), chown(), utimes() and setxattr() or removexattr()
 * (ACLs too), through a path.  The kernel copies the file into the same
 * directory, with its bytes (none for O_TRUNC, only those kept for
 * truncate(); holes stay holes), mode, owner, times, chattr flags other
 * than immutable and append-only, extended attributes (trusted.* too) and
 * ACLs but without these attributes, renames the copy over the name the
 * task used, and goes on with the copy; the file's other names, in the
 * other guests, keep the shared file.  The copy is made like a new file of
 * the task: it needs write permission on the directory, and gets the
 * directory's tag.  Changes without a name (through a descriptor: write(),
 * ftruncate(), fchmod(), fchown(), futimens(), fsetxattr()) still fail
 * with EPERM, and so does every change by the host or the spectator.
 * IATTR_COW alone has no effect.
 *
 * IATTR_HIDE, IATTR_ADMIN and IATTR_WATCH, on an entry of /proc other
 * than a process directory (/proc/kcore, /proc/net/tcp, /proc/sys, ...):
 * with IATTR_HIDE, the entry does not exist for the tasks of a context
 * (lookups, stat() and open() fail with ENOENT, listings skip it), except
 * for the spectator if the entry also has IATTR_WATCH.  The host sees it
 * through IATTR_ADMIN, which a hidden entry must keep (EINVAL otherwise).
 * Entries are visible until the host hides them; procfs keeps the bits
 * until the entry goes away, for every mount of /proc.  Outside /proc,
 * asking for them fails with EOPNOTSUPP.
 *
 * VCMD_get_iattr and VCMD_set_iattr name the file with a path, looked up
 * without following a last symbolic link; VCMD_fget_iattr and
 * VCMD_fset_iattr take a file descriptor as id.  In VCMD_set_iattr the bits
 * set in @mask are given the values they have in @flags; VCMD_get_iattr
 * returns in @mask the bits the file can have.  The other IATTR_* bits are
 * defined for compatibility and not supported: asking to set them fails
 * with EOPNOTSUPP.
 *
 * The tag of a file is the project id its file system keeps (ext4 and
 * f2fs with the project feature), set by the host with FS_IOC_FSSETXATTR;
 * a directory with FS_XFLAG_PROJINHERIT passes its tag on to the files
 * made in it.  VCMD_get_iattr returns it, with IATTR_TAG in @flags when it
 * is not 0.  A task of a guest reaches only the files tagged with its xid
 * and the untagged ones (EACCES for the others), and may neither change a
 * project id nor the flags of a directory (EPERM).  Tags are not changed
 * with VCMD_set_iattr: IATTR_TAG there fails with EOPNOTSUPP.
 */
#define VCMD_get_iattr		VC_CMD(VC_CAT_INODE, 1, 1)
#define VCMD_set_iattr		VC_CMD(VC_CAT_INODE, 2, 1)
#define VCMD_fget_iattr		VC_CMD(VC_CAT_INODE, 3, 0)
#define VCMD_fset_iattr		VC_CMD(VC_CAT_INODE, 4, 0)

/**
 * DOC: task_tags
 *
 * A task may carry a tag of its own, set by the host with VCMD_tag_migrate
 * (id: the tag, 2 to 65535, or 0 to clear it; data: ignored) and passed on
 * to the tasks it creates.  Such a task reaches only the files with that tag
 * and the untagged ones, as a task of the guest of that xid does, and on
 * ext4 with the project feature every file it creates gets the tag as its
 * project id, whatever the directory says.  Entering or creating a context
 * keeps the tag: a host tool sets the tag and the context one after the
 * other.  A task without a tag uses the xid of its context (a guest), or
 * no tag at all (the host and the spectator).
 *
 * VCMD_tag_migrate needs CAP_SYS_ADMIN in the host context (EPERM), and
 * fails with EINVAL for an id that is not a tag.  VCMD_task_tag (id: a
 * pid, 0 for the caller) returns the tag a task uses: its own, else the
 * xid of its guest, else 0.
 */
#define VCMD_task_tag		VC_CMD(VC_CAT_VINFO, 3, 0)
#define VCMD_tag_migrate	VC_CMD(VC_CAT_TAGMIG, 1, 0)

#define VSERVER_XATTR		"security.vserver"

#define IATTR_TAG		0x01000000
#define IATTR_ADMIN		0x00000001
#define IATTR_WATCH		0x00000002
#define IATTR_HIDE		0x00000004
#define IATTR_BARRIER		0x00010000
#define IATTR_IXUNLINK		0x00020000
#define IATTR_IMMUTABLE		0x00040000
#define IATTR_COW		0x00080000

/**
 * struct vcmd_ctx_iattr_v1 - argument of VCMD_get_iattr and
 *	VCMD_set_iattr
 * @name: the path of the file
 * @tag: the file's tag: its project id, 0 when it has none (see
 *	inode_attributes)
 * @flags: IATTR_* values
 * @mask: the IATTR_* bits to set, or that the file can have
 */
struct vcmd_ctx_iattr_v1 {
	const char *name;
	__u32 tag;
	__u32 flags;
	__u32 mask;
};

/**
 * struct vcmd_ctx_fiattr_v0 - argument of VCMD_fget_iattr and
 *	VCMD_fset_iattr
 * @tag: the file's tag: its project id, 0 when it has none (see
 *	inode_attributes)
 * @flags: IATTR_* values
 * @mask: the IATTR_* bits to set, or that the file can have
 */
struct vcmd_ctx_fiattr_v0 {
	__u32 tag;
	__u32 flags;
	__u32 mask;
};

/**
 * DOC: network_contexts
 *
 * A network context (nid) restricts the sockets of its tasks to the
 * addresses given to it, on the network stack the host and every guest
 * share.  Network context ids are independent of context ids: 0 is the
 * host (no restriction), 1 is reserved, 2 to 65535 are network contexts.
 * The tools usually give a guest the same number for both.
 */
#define NX_ID_HOST		0
#define NX_ID_MIN		2
#define NX_ID_MAX		65535

/* Network context life cycle and addresses. */
#define VCMD_net_create		VC_CMD(VC_CAT_VNET, 1, 1)
#define VCMD_net_migrate	VC_CMD(VC_CAT_NETMIG, 1, 0)
#define VCMD_net_add		VC_CMD(VC_CAT_NETALT, 1, 0)
#define VCMD_net_remove		VC_CMD(VC_CAT_NETALT, 2, 0)
#define VCMD_net_add_ipv4_v1	VC_CMD(VC_CAT_NETALT, 1, 1)
#define VCMD_net_rem_ipv4_v1	VC_CMD(VC_CAT_NETALT, 2, 1)
#define VCMD_net_add_ipv4	VC_CMD(VC_CAT_NETALT, 1, 2)
#define VCMD_net_rem_ipv4	VC_CMD(VC_CAT_NETALT, 2, 2)
#define VCMD_net_add_ipv6	VC_CMD(VC_CAT_NETALT, 3, 1)
#define VCMD_net_remove_ipv6	VC_CMD(VC_CAT_NETALT, 4, 1)

/* Flags and capabilities of a network context. */
#define VCMD_get_nflags		VC_CMD(VC_CAT_FLAGS, 5, 0)
#define VCMD_set_nflags		VC_CMD(VC_CAT_FLAGS, 6, 0)
#define VCMD_get_ncaps		VC_CMD(VC_CAT_FLAGS, 7, 0)
#define VCMD_set_ncaps		VC_CMD(VC_CAT_FLAGS, 8, 0)

/**
 * DOC: nxf_flags
 *
 * Network context flags (NXF_*), a 64-bit word given to VCMD_net_create.
 * The STATE bits are one-time bits, as for contexts.  Bits this kernel
 * does not act on are accepted and stored; any other bit is refused.
 */
#define NXF_INFO_PRIVATE	(1ULL << 3)	/* no net_migrate after setup */
#define NXF_SINGLE_IP		(1ULL << 8)
#define NXF_LBACK_REMAP		(1ULL << 9)	/* 127.0.0.1 is the guest's */
#define NXF_LBACK_ALLOW		(1ULL << 10)
#define NXF_HIDE_NETIF		(1ULL << 25)
#define NXF_HIDE_LBACK		(1ULL << 26)
#define NXF_STATE_SETUP		(1ULL << 32)
#define NXF_STATE_ADMIN		(1ULL << 34)
#define NXF_SC_HELPER		(1ULL << 36)
#define NXF_PERSISTENT		(1ULL << 38)

#define NXF_ONE_TIME		(NXF_STATE_SETUP | NXF_STATE_ADMIN)
/* The flags of a network context created without data. */
#define NXF_INIT_SET		(NXF_STATE_ADMIN | NXF_LBACK_REMAP | \
				 NXF_HIDE_LBACK | NXF_HIDE_NETIF)

/**
 * DOC: nxc_ncaps
 *
 * Network context capabilities (NXC_*), a 64-bit word.
 * %NXC_RAW_ICMP lets the guest's root open raw ICMP and ICMPv6 sockets
 * (ping), like %VXC_RAW_ICMP; no other raw or packet socket is ever
 * allowed in a network context.
 */
#define NXC_TUN_CREATE		(1ULL << 0)
#define NXC_RAW_ICMP		(1ULL << 8)
#define NXC_MULTICAST		(1ULL << 12)	/* bind multicast addresses */

/**
 * DOC: nxa_types
 *
 * Address entry types (NXA_*), the @type of the net_add and net_remove
 * arguments: a family (%NXA_TYPE_IPV4, %NXA_TYPE_IPV6) or'ed with a kind
 * (%NXA_TYPE_ADDR one address, %NXA_TYPE_MASK a subnet, %NXA_TYPE_RANGE
 * the addresses from ip up to, not including, ip2) or a modifier
 * (%NXA_MOD_BCAST the broadcast address, %NXA_MOD_LBACK the loopback
 * address that 127.0.0.1 stands for).  %NXA_TYPE_ANY removes every entry
 * of the family.
 */
#define NXA_TYPE_IPV4		0x0001
#define NXA_TYPE_IPV6		0x0002
#define NXA_TYPE_NONE		0x0000
#define NXA_TYPE_ANY		0x00FF
#define NXA_TYPE_ADDR		0x0010
#define NXA_TYPE_MASK		0x0020
#define NXA_TYPE_RANGE		0x0040
#define NXA_MOD_BCAST		0x0100
#define NXA_MOD_LBACK		0x0200

/* The most address entries of one family in a network context. */
#define NX_ADDRS_MAX		64

/**
 * struct vcmd_net_create - argument of VCMD_net_create
 * @flagword: initial flags (NXF_*).  Without an argument (@data is NULL)
 *	the network context gets %NXF_INIT_SET.
 */
struct vcmd_net_create {
	__u64 flagword;
};

/**
 * struct vcmd_nx_info_v0 - result of VCMD_nx_info
 * @nid: the network context id
 */
struct vcmd_nx_info_v0 {
	__u32 nid;
};

/**
 * struct vcmd_net_addr_v0 - argument of VCMD_net_add and VCMD_net_remove
 * @type: %NXA_TYPE_IPV4 to add @count addresses with their netmasks;
 *	%NXA_TYPE_IPV4 | %NXA_MOD_BCAST to set the broadcast address, or
 *	%NXA_TYPE_IPV4 | %NXA_MOD_LBACK the loopback address, from @ip[0].
 *	net_remove accepts only %NXA_TYPE_ANY, which removes every IPv4
 *	entry.
 * @count: the number of addresses, 1 to 4
 * @ip: IPv4 addresses, network byte order
 * @mask: their netmasks, network byte order
 */
struct vcmd_net_addr_v0 {
	__u16 type;
	__u16 count;
	__be32 ip[4];
	__be32 mask[4];
};

/**
 * struct vcmd_net_addr_ipv4_v1 - argument of VCMD_net_add_ipv4_v1 and
 *	VCMD_net_rem_ipv4_v1
 * @type: %NXA_TYPE_ADDR, %NXA_TYPE_MASK, %NXA_MOD_BCAST or %NXA_MOD_LBACK
 *	(remove: %NXA_TYPE_ADDR or %NXA_TYPE_ANY)
 * @flags: reserved, must be 0
 * @ip: the address, network byte order
 * @mask: the netmask, network byte order
 */
struct vcmd_net_addr_ipv4_v1 {
	__u16 type;
	__u16 flags;
	__be32 ip;
	__be32 mask;
};

/**
 * struct vcmd_net_addr_ipv4_v2 - argument of VCMD_net_add_ipv4 and
 *	VCMD_net_rem_ipv4
 * @type: %NXA_TYPE_ADDR, %NXA_TYPE_MASK, %NXA_TYPE_RANGE, %NXA_MOD_BCAST
 *	or %NXA_MOD_LBACK (remove: an entry as it was added, or
 *	%NXA_TYPE_ANY for all)
 * @flags: reserved, must be 0
 * @ip: the address, network byte order
 * @ip2: for %NXA_TYPE_RANGE, the end of the range (excluded)
 * @mask: the netmask, network byte order
 */
struct vcmd_net_addr_ipv4_v2 {
	__u16 type;
	__u16 flags;
	__be32 ip;
	__be32 ip2;
	__be32 mask;
};

/**
 * struct vcmd_net_addr_ipv6_v1 - argument of VCMD_net_add_ipv6 and
 *	VCMD_net_remove_ipv6
 * @type: %NXA_TYPE_ADDR (the mask is ignored) or %NXA_TYPE_MASK (remove
 *	also %NXA_TYPE_ANY)
 * @flags: reserved, must be 0
 * @prefix: the prefix length of @mask, 0 to 128
 * @ip: the address, network byte order
 * @mask: the netmask, network byte order
 */
struct vcmd_net_addr_ipv6_v1 {
	__u16 type;
	__u16 flags;
	__u32 prefix;
	__u8 ip[16];
	__u8 mask[16];
};

/**
 * struct vcmd_net_flags_v0 - argument of VCMD_get_nflags and
 *	VCMD_set_nflags
 * @flagword: the network context flags (NXF_*)
 * @mask: as for &struct vcmd_ctx_flags_v0
 */
struct vcmd_net_flags_v0 {
	__u64 flagword;
	__u64 mask;
};

/**
 * struct vcmd_net_caps_v0 - argument of VCMD_get_ncaps and VCMD_set_ncaps
 * @ncaps: the network context capabilities (NXC_*)
 * @cmask: for set_ncaps, the bits of @ncaps to apply; get_ncaps reports
 *	all bits the kernel knows
 */
struct vcmd_net_caps_v0 {
	__u64 ncaps;
	__u64 cmask;
};

#endif /* _UAPI_LINUX_VSERVER_H */
