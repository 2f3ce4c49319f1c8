// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit test: vc_parse_rlimit() and the resource names.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>

#include "libvserver.h"
#include "unit.h"

#define SENTINEL 0xdeadbeefULL

struct value_case {
	const char *str;
	int err;		/* 0: must parse to want */
	uint64_t want;
};

static const struct value_case value_cases[] = {
	{ "0",         0, 0 },
	{ "1",         0, 1 },
	{ "100",       0, 100 },
	{ "007",       0, 7 },			/* leading zeros: decimal */
	{ "4294967296", 0, 4294967296ULL },	/* past 32 bits */
	{ "9223372036854775807", 0, VC_RLIMIT_MAX },
	{ "inf",       0, CRLIM_INFINITY },
	{ "infinity",  0, CRLIM_INFINITY },
	{ "unlimited", 0, CRLIM_INFINITY },
	{ "INF",       0, CRLIM_INFINITY },
	{ "Unlimited", 0, CRLIM_INFINITY },
	{ "9223372036854775808", ERANGE, 0 },	/* past a long: the kernel's */
	{ "18446744073709551614", ERANGE, 0 },	/* CRLIM_KEEP */
	{ "18446744073709551615", ERANGE, 0 },	/* CRLIM_INFINITY as a number */
	{ "18446744073709551616", ERANGE, 0 },
	{ "99999999999999999999999", ERANGE, 0 },
	{ "",          EINVAL, 0 },
	{ "-1",        EINVAL, 0 },
	{ "+1",        EINVAL, 0 },
	{ " 1",        EINVAL, 0 },
	{ "1 ",        EINVAL, 0 },
	{ "0x10",      EINVAL, 0 },
	{ "1k",        EINVAL, 0 },
	{ "1.5",       EINVAL, 0 },
	{ "infinite",  EINVAL, 0 },
	{ "in",        EINVAL, 0 },
	{ "keep",      EINVAL, 0 },
};

static void check_value_case(const struct value_case *c)
{
	uint64_t v = SENTINEL;
	int ret;

	errno = 0;
	ret = vc_parse_rlimit(c->str, &v);
	if (c->err == 0) {
		CHECK(ret == 0 && v == c->want, "value '%s' parses to %llu",
		      c->str, (unsigned long long)c->want);
		return;
	}
	CHECK(ret == -1 && errno == c->err, "value '%s' is refused with %s",
	      c->str, strerror(c->err));
	CHECK(v == SENTINEL, "value '%s' leaves the output alone", c->str);
}

static void check_names(void)
{
	size_t i, j;
	int dup = 0;

	CHECK(vc_rlimit_count == 19, "19 resources have a name");
	CHECK(strcmp(vc_rlimit_name(RLIMIT_NPROC), "nproc") == 0,
	      "RLIMIT_NPROC is nproc");
	CHECK(strcmp(vc_rlimit_name(RLIMIT_NOFILE), "nofile") == 0,
	      "RLIMIT_NOFILE is nofile");
	CHECK(strcmp(vc_rlimit_name(VLIMIT_NSOCK), "nsock") == 0,
	      "VLIMIT_NSOCK is nsock");
	CHECK(strcmp(vc_rlimit_name(VLIMIT_DENTRY), "dentry") == 0,
	      "VLIMIT_DENTRY is dentry");
	CHECK(vc_rlimit_name(VLIMIT_MAPPED) == NULL, "VLIMIT_MAPPED has no name");
	CHECK(vc_rlimit_name(VC_RLIMIT_IDS) == NULL, "id 32 has no name");
	for (i = 0; i < vc_rlimit_count; i++) {
		CHECK(vc_rlimits[i].id < VC_RLIMIT_IDS,
		      "%s has an id that fits a mask", vc_rlimits[i].name);
		for (j = i + 1; j < vc_rlimit_count; j++)
			if (vc_rlimits[i].id == vc_rlimits[j].id ||
			    strcmp(vc_rlimits[i].name, vc_rlimits[j].name) == 0)
				dup = 1;
	}
	CHECK(!dup, "no two resources share a name or an id");
}

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(value_cases) / sizeof(value_cases[0]); i++)
		check_value_case(&value_cases[i]);
	check_names();
	return unit_result();
}
