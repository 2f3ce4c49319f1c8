// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Context flag names, as util-vserver configurations spell them
 * (cflags files, --flag options), and the list parser.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

#include "libvserver.h"

static const struct {
	const char *name;
	uint64_t bit;
} cflag_names[] = {
	{ "lock",         VXF_INFO_LOCK },
	{ "sched",        VXF_INFO_SCHED },
	{ "nproc",        VXF_INFO_NPROC },
	{ "private",      VXF_INFO_PRIVATE },
	{ "fakeinit",     VXF_INFO_INIT },
	{ "hideinfo",     VXF_INFO_HIDE },
	{ "ulimit",       VXF_INFO_ULIMIT },
	{ "namespace",    VXF_INFO_NSPACE },
	{ "sched_hard",   VXF_SCHED_HARD },
	{ "sched_prio",   VXF_SCHED_PRIO },
	{ "sched_pause",  VXF_SCHED_PAUSE },
	{ "virt_mem",     VXF_VIRT_MEM },
	{ "virt_uptime",  VXF_VIRT_UPTIME },
	{ "virt_cpu",     VXF_VIRT_CPU },
	{ "virt_load",    VXF_VIRT_LOAD },
	{ "virt_time",    VXF_VIRT_TIME },
	{ "hide_mount",   VXF_HIDE_MOUNT },
	{ "hide_vinfo",   VXF_HIDE_VINFO },
	{ "state_setup",  VXF_STATE_SETUP },
	{ "state_init",   VXF_STATE_INIT },
	{ "state_admin",  VXF_STATE_ADMIN },
	{ "sc_helper",    VXF_SC_HELPER },
	{ "reboot_kill",  VXF_REBOOT_KILL },
	{ "persistent",   VXF_PERSISTENT },
	{ "fork_rss",     VXF_FORK_RSS },
	{ "prolific",     VXF_PROLIFIC },
	{ "igneg_nice",   VXF_IGNEG_NICE },
	{ "igneg_ionice", VXF_IGNEG_IONICE },
};

#define N_CFLAGS (sizeof(cflag_names) / sizeof(cflag_names[0]))

int vc_cflag_lookup(const char *name, size_t len, uint64_t *bit)
{
	size_t i;

	/* Old configuration files wrote flags in any case; accept that. */
	for (i = 0; i < N_CFLAGS; i++) {
		if (strlen(cflag_names[i].name) == len &&
		    strncasecmp(cflag_names[i].name, name, len) == 0) {
			*bit = cflag_names[i].bit;
			return 0;
		}
	}
	errno = EINVAL;
	return -1;
}

const char *vc_cflag_name(uint64_t bit)
{
	size_t i;

	for (i = 0; i < N_CFLAGS; i++)
		if (cflag_names[i].bit == bit)
			return cflag_names[i].name;
	return NULL;
}

const char *vc_cflag_name_at(size_t idx)
{
	return idx < N_CFLAGS ? cflag_names[idx].name : NULL;
}

/* Apply one item of a list; "~" clears, and the later mention wins. */
static int apply_item(const char *item, size_t len, struct vc_flag_change *chg)
{
	int clear = len > 0 && item[0] == '~';
	uint64_t bit;

	if (clear) {
		item++;
		len--;
	}
	if (vc_cflag_lookup(item, len, &bit) < 0)
		return -1;
	if (clear) {
		chg->clear |= bit;
		chg->set &= ~bit;
	} else {
		chg->set |= bit;
		chg->clear &= ~bit;
	}
	return 0;
}

int vc_parse_cflags(const char *list, struct vc_flag_change *chg,
		    const char **bad, size_t *badlen)
{
	/* Work on a copy so a failed list leaves the caller's state alone. */
	struct vc_flag_change tmp = *chg;
	const char *item = list;

	for (;;) {
		size_t len = strcspn(item, ",");

		/* An empty item ("", "a,,b", "a,") is a typo, not a no-op. */
		if (apply_item(item, len, &tmp) < 0) {
			*bad = item;
			*badlen = len;
			errno = EINVAL;
			return -1;
		}
		if (item[len] == '\0')
			break;
		item += len + 1;
	}
	*chg = tmp;
	return 0;
}
