// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Resource limits: the names of the resources and the value parser.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/resource.h>

#include "libvserver.h"

/*
 * The RLIMIT_* numbers differ between architectures (mips, sparc, alpha):
 * take them from the C library, which has this architecture's.
 */
const struct vc_rlimit_name vc_rlimits[] = {
	{ "cpu",      RLIMIT_CPU },
	{ "fsize",    RLIMIT_FSIZE },
	{ "data",     RLIMIT_DATA },
	{ "stack",    RLIMIT_STACK },
	{ "core",     RLIMIT_CORE },
	{ "rss",      RLIMIT_RSS },
	{ "nproc",    RLIMIT_NPROC },
	{ "nofile",   RLIMIT_NOFILE },
	{ "memlock",  RLIMIT_MEMLOCK },
	{ "as",       RLIMIT_AS },
	{ "locks",    RLIMIT_LOCKS },
	{ "msgqueue", RLIMIT_MSGQUEUE },
	{ "nsock",    VLIMIT_NSOCK },
	{ "openfd",   VLIMIT_OPENFD },
	{ "anon",     VLIMIT_ANON },
	{ "shmem",    VLIMIT_SHMEM },
	{ "semary",   VLIMIT_SEMARY },
	{ "nsems",    VLIMIT_NSEMS },
	{ "dentry",   VLIMIT_DENTRY },
};

const size_t vc_rlimit_count = sizeof(vc_rlimits) / sizeof(vc_rlimits[0]);

const char *vc_rlimit_name(uint32_t id)
{
	size_t i;

	for (i = 0; i < vc_rlimit_count; i++)
		if (vc_rlimits[i].id == id)
			return vc_rlimits[i].name;
	return NULL;
}

int vc_parse_rlimit(const char *str, uint64_t *value)
{
	const char *p;
	uint64_t v = 0;

	if (str == NULL || *str == '\0') {
		errno = EINVAL;
		return -1;
	}
	/* The spellings of ulimit(1), prlimit(1) and the old vlimit. */
	if (strcasecmp(str, "inf") == 0 || strcasecmp(str, "infinity") == 0 ||
	    strcasecmp(str, "unlimited") == 0) {
		*value = CRLIM_INFINITY;
		return 0;
	}
	for (p = str; *p; p++)
		if (*p < '0' || *p > '9') {
			errno = EINVAL;
			return -1;
		}
	/* Digit by digit: no sign, base prefix or blank slips through. */
	for (p = str; *p; p++) {
		if (v > (VC_RLIMIT_MAX - (uint64_t)(*p - '0')) / 10) {
			errno = ERANGE;
			return -1;
		}
		v = v * 10 + (uint64_t)(*p - '0');
	}
	*value = v;
	return 0;
}
