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
#define VC_CAT_VPROC		9
#define VC_CAT_PROCMIG		11
#define VC_CAT_VSTAT		40
#define VC_CAT_VINFO		46

/**
 * DOC: vserver_version
 *
 * VCI_VERSION is the interface version returned by VCMD_get_version: the
 * Linux-VServer 2.3 interface, whose command set and layouts this kernel
 * implements.  VCMD_get_vci returns a mask of VCI_FEATURE_* bits describing
 * the kernel configuration.
 */
#define VCI_VERSION		0x00020308

/* No dynamic context ids: every context id is chosen by user space. */
#define VCI_FEATURE_NO_DYNAMIC	(1U << 0)

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
#define VCMD_vx_info		VC_CMD(VC_CAT_VINFO, 5, 0)
#define VCMD_ctx_stat		VC_CMD(VC_CAT_VSTAT, 0, 0)

/* Context life cycle. */
#define VCMD_ctx_create		VC_CMD(VC_CAT_VPROC, 1, 1)
#define VCMD_ctx_migrate	VC_CMD(VC_CAT_PROCMIG, 1, 1)

/**
 * DOC: vxf_flags
 *
 * Context flags (VXF_*), a 64-bit word given to VCMD_ctx_create.
 *
 * The STATE bits are one-time bits: a context starts with them set and they
 * can only be cleared.  The bits this kernel does not act on yet are
 * accepted and stored, so that configurations written for Linux-VServer 2.3
 * keep working; any other bit is refused.
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

/* Flags for VCMD_ctx_migrate. */
#define VXM_SET_INIT		(1ULL << 0)
#define VXM_SET_REAPER		(1ULL << 1)

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
 * @flagword: VXM_* flags.  None is acted on yet; unknown bits are refused.
 *	The argument is optional: @data may be NULL.
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

#endif /* _UAPI_LINUX_VSERVER_H */
