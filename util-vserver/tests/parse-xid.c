// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit test: vc_parse_uint() and vc_parse_xid().
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "libvserver.h"
#include "unit.h"

#define SENTINEL 0xdeadbeefu

struct xid_case {
	const char *str;
	vc_xid_t min;
	int err;		/* 0: must parse to want */
	vc_xid_t want;
};

static const struct xid_case xid_cases[] = {
	{ "2",      VX_ID_MIN, 0, 2 },
	{ "42",     VX_ID_MIN, 0, 42 },
	{ "65535",  VX_ID_MIN, 0, 65535 },
	{ "007",    VX_ID_MIN, 0, 7 },		/* leading zeros: still decimal */
	{ "1",      VX_ID_SPECTATOR, 0, 1 },	/* spectator where allowed */
	{ "0",      VX_ID_MIN, ERANGE, 0 },	/* host: never a target */
	{ "0",      VX_ID_SPECTATOR, ERANGE, 0 },
	{ "1",      VX_ID_MIN, ERANGE, 0 },
	{ "65536",  VX_ID_MIN, ERANGE, 0 },
	{ "4294967298", VX_ID_MIN, ERANGE, 0 },	/* would wrap a u32 */
	{ "99999999999999999999999", VX_ID_MIN, ERANGE, 0 },
	{ "",       VX_ID_MIN, EINVAL, 0 },
	{ "-1",     VX_ID_MIN, EINVAL, 0 },
	{ "-42",    VX_ID_MIN, EINVAL, 0 },
	{ "+42",    VX_ID_MIN, EINVAL, 0 },
	{ " 42",    VX_ID_MIN, EINVAL, 0 },
	{ "42 ",    VX_ID_MIN, EINVAL, 0 },
	{ "4 2",    VX_ID_MIN, EINVAL, 0 },
	{ "0x2a",   VX_ID_MIN, EINVAL, 0 },
	{ "42abc",  VX_ID_MIN, EINVAL, 0 },
	{ "abc",    VX_ID_MIN, EINVAL, 0 },
	{ "self",   VX_ID_MIN, EINVAL, 0 },
	{ "4.2",    VX_ID_MIN, EINVAL, 0 },
};

static void check_xid_case(const struct xid_case *c)
{
	vc_xid_t xid = SENTINEL;
	int ret;

	errno = 0;
	ret = vc_parse_xid(c->str, c->min, &xid);
	if (c->err == 0) {
		CHECK(ret == 0 && xid == c->want,
		      "xid '%s' (min %u) parses to %u", c->str, c->min, c->want);
		return;
	}
	CHECK(ret == -1 && errno == c->err,
	      "xid '%s' (min %u) is refused with %s", c->str, c->min,
	      strerror(c->err));
	CHECK(xid == SENTINEL, "xid '%s' leaves the output alone", c->str);
}

static void check_uint(void)
{
	unsigned long v = 0;

	CHECK(vc_parse_uint("10", 10, 20, &v) == 0 && v == 10,
	      "uint: lower bound is inclusive");
	CHECK(vc_parse_uint("20", 10, 20, &v) == 0 && v == 20,
	      "uint: upper bound is inclusive");
	CHECK(vc_parse_uint("9", 10, 20, &v) == -1 && errno == ERANGE,
	      "uint: below range is ERANGE");
	CHECK(vc_parse_uint("21", 10, 20, &v) == -1 && errno == ERANGE,
	      "uint: above range is ERANGE");
	CHECK(vc_parse_uint(NULL, 0, 1, &v) == -1 && errno == EINVAL,
	      "uint: NULL is EINVAL");
}

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(xid_cases) / sizeof(xid_cases[0]); i++)
		check_xid_case(&xid_cases[i]);
	check_uint();
	return unit_result();
}
