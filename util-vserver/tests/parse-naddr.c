// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit test: vc_parse_net_addr() and vc_net_addr_same(), the address
 * entries of network contexts.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "libvserver.h"
#include "unit.h"

struct good {
	const char *str;
	uint16_t type;		/* asked for */
	uint16_t want_type;	/* got */
	int family;
	const char *ip;
	const char *ip2;	/* NULL: all zero */
	const char *mask;
	unsigned int prefix;
};

static const struct good goods[] = {
	{ "10.0.0.2", NXA_TYPE_ADDR, NXA_TYPE_ADDR, AF_INET, "10.0.0.2", NULL,
	  "255.255.255.255", 32 },
	{ "10.0.0.2/24", NXA_TYPE_ADDR, NXA_TYPE_ADDR, AF_INET, "10.0.0.2",
	  NULL, "255.255.255.0", 24 },
	{ "10.0.0.2/255.255.0.0", NXA_TYPE_ADDR, NXA_TYPE_ADDR, AF_INET,
	  "10.0.0.2", NULL, "255.255.0.0", 16 },
	{ "10.0.0.2/0", NXA_TYPE_ADDR, NXA_TYPE_ADDR, AF_INET, "10.0.0.2",
	  NULL, "0.0.0.0", 0 },
	{ "10.0.0.2/32", NXA_TYPE_ADDR, NXA_TYPE_ADDR, AF_INET, "10.0.0.2",
	  NULL, "255.255.255.255", 32 },
	{ "10.0.0.2/025", NXA_TYPE_ADDR, NXA_TYPE_ADDR, AF_INET, "10.0.0.2",
	  NULL, "255.255.255.128", 25 },	/* decimal, not octal */
	{ "192.0.2.1/255.255.255.252", NXA_TYPE_ADDR, NXA_TYPE_ADDR, AF_INET,
	  "192.0.2.1", NULL, "255.255.255.252", 30 },
	/* A loopback address is the loopback address of the context. */
	{ "localhost", NXA_TYPE_ADDR, NXA_MOD_LBACK, AF_INET, "127.0.0.1",
	  NULL, "255.255.255.255", 32 },
	{ "LocalHost/8", NXA_TYPE_ADDR, NXA_MOD_LBACK, AF_INET, "127.0.0.1",
	  NULL, "255.255.255.255", 32 },
	{ "127.0.3.1", NXA_TYPE_ADDR, NXA_MOD_LBACK, AF_INET, "127.0.3.1",
	  NULL, "255.255.255.255", 32 },
	/* IPv6 addresses are /128 whatever the prefix given. */
	{ "2001:db8::1", NXA_TYPE_ADDR, NXA_TYPE_ADDR, AF_INET6, "2001:db8::1",
	  NULL, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 128 },
	{ "2001:db8::1/64", NXA_TYPE_ADDR, NXA_TYPE_ADDR, AF_INET6,
	  "2001:db8::1", NULL, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 128 },
	{ "fe80::1", NXA_TYPE_ADDR, NXA_TYPE_ADDR, AF_INET6, "fe80::1", NULL,
	  "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 128 },
	/* Subnets: host bits cleared. */
	{ "10.1.2.3/16", NXA_TYPE_MASK, NXA_TYPE_MASK, AF_INET, "10.1.0.0",
	  NULL, "255.255.0.0", 16 },
	{ "10.1.2.3/255.255.255.0", NXA_TYPE_MASK, NXA_TYPE_MASK, AF_INET,
	  "10.1.2.0", NULL, "255.255.255.0", 24 },
	{ "2001:db8:1:2::5/48", NXA_TYPE_MASK, NXA_TYPE_MASK, AF_INET6,
	  "2001:db8:1::", NULL, "ffff:ffff:ffff::", 48 },
	{ "2001:db8::/127", NXA_TYPE_MASK, NXA_TYPE_MASK, AF_INET6,
	  "2001:db8::", NULL, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe", 127 },
	/* Ranges: the last address included, the kernel's end excluded. */
	{ "10.0.0.1-10.0.0.9", NXA_TYPE_RANGE, NXA_TYPE_RANGE, AF_INET,
	  "10.0.0.1", "10.0.0.10", "255.255.255.255", 32 },
	{ "10.0.0.255-10.0.1.0", NXA_TYPE_RANGE, NXA_TYPE_RANGE, AF_INET,
	  "10.0.0.255", "10.0.1.1", "255.255.255.255", 32 },
	{ "10.0.0.5-10.0.0.5", NXA_TYPE_RANGE, NXA_TYPE_RANGE, AF_INET,
	  "10.0.0.5", "10.0.0.6", "255.255.255.255", 32 },
	{ "10.0.0.255", NXA_MOD_BCAST, NXA_MOD_BCAST, AF_INET, "10.0.0.255",
	  NULL, "255.255.255.255", 32 },
	{ "255.255.255.255", NXA_MOD_BCAST, NXA_MOD_BCAST, AF_INET,
	  "255.255.255.255", NULL, "255.255.255.255", 32 },
	{ "127.0.0.2", NXA_MOD_LBACK, NXA_MOD_LBACK, AF_INET, "127.0.0.2",
	  NULL, "255.255.255.255", 32 },
	{ "localhost", NXA_MOD_LBACK, NXA_MOD_LBACK, AF_INET, "127.0.0.1",
	  NULL, "255.255.255.255", 32 },
};

struct bad {
	const char *str;
	uint16_t type;
	const char *why;	/* a part of the reason */
};

static const struct bad bads[] = {
	{ "", NXA_TYPE_ADDR, "not an IPv4 or IPv6 address" },
	{ "10.0.0.300", NXA_TYPE_ADDR, "not an IPv4 or IPv6 address" },
	{ "10.0.0", NXA_TYPE_ADDR, "not an IPv4 or IPv6 address" },
	{ "10.1", NXA_TYPE_ADDR, "not an IPv4 or IPv6 address" },
	{ "010.0.0.1", NXA_TYPE_ADDR, "not an IPv4 or IPv6 address" },
	{ " 10.0.0.1", NXA_TYPE_ADDR, "not an IPv4 or IPv6 address" },
	{ "10.0.0.1 ", NXA_TYPE_ADDR, "not an IPv4 or IPv6 address" },
	{ "eth0", NXA_TYPE_ADDR, "not an IPv4 or IPv6 address" },
	{ "example.org", NXA_TYPE_ADDR, "not an IPv4 or IPv6 address" },
	{ "2001:db8::1::2", NXA_TYPE_ADDR, "not an IPv4 or IPv6 address" },
	{ "fe80::1%eth0", NXA_TYPE_ADDR, "not an IPv4 or IPv6 address" },
	{ "[2001:db8::1]", NXA_TYPE_ADDR, "not an IPv4 or IPv6 address" },
	{ "/24", NXA_TYPE_ADDR, "not an IPv4 or IPv6 address" },
	{ "10.0.0.2/", NXA_TYPE_ADDR, "the mask must be a prefix length" },
	{ "10.0.0.2/33", NXA_TYPE_ADDR, "the mask must be a prefix length" },
	{ "10.0.0.2/-1", NXA_TYPE_ADDR, "the mask must be a prefix length" },
	{ "10.0.0.2/+8", NXA_TYPE_ADDR, "the mask must be a prefix length" },
	{ "10.0.0.2/0x18", NXA_TYPE_ADDR, "the mask must be a prefix length" },
	{ "10.0.0.2/24/24", NXA_TYPE_ADDR, "the mask must be a prefix length" },
	{ "10.0.0.2/255.255.255", NXA_TYPE_ADDR, "the mask must be a prefix length" },
	{ "10.0.0.2/255.0.255.0", NXA_TYPE_ADDR, "not contiguous" },
	{ "10.0.0.2/0.255.255.255", NXA_TYPE_ADDR, "not contiguous" },
	{ "2001:db8::1/129", NXA_TYPE_ADDR, "the prefix length must be from 0 to 128" },
	{ "2001:db8::1/ffff::", NXA_TYPE_ADDR, "the prefix length must be from 0 to 128" },
	{ "0.0.0.0", NXA_TYPE_ADDR, "not a host address" },
	{ "0.1.2.3", NXA_TYPE_ADDR, "not a host address" },
	{ "224.0.0.1", NXA_TYPE_ADDR, "not a host address" },
	{ "239.1.2.3/8", NXA_TYPE_ADDR, "not a host address" },
	{ "255.255.255.255", NXA_TYPE_ADDR, "not a host address" },
	{ "::", NXA_TYPE_ADDR, "not a host address" },
	{ "::1", NXA_TYPE_ADDR, "not a host address" },
	{ "ff02::1", NXA_TYPE_ADDR, "not a host address" },
	{ "::ffff:10.0.0.1", NXA_TYPE_ADDR, "not a host address" },
	{ "10.1.0.0", NXA_TYPE_MASK, "a subnet needs a mask" },
	{ "10.1.0.0/0", NXA_TYPE_MASK, "a subnet needs a mask of 1 to 32 bits" },
	{ "127.0.0.0/8", NXA_TYPE_MASK, "a loopback subnet cannot be given" },
	{ "2001:db8::/0", NXA_TYPE_MASK, "a subnet needs a prefix length from 1 to 128" },
	{ "::/1", NXA_TYPE_MASK, "not a host address" },
	{ "10.0.0.1", NXA_TYPE_RANGE, "expected FIRST-LAST" },
	{ "10.0.0.1-", NXA_TYPE_RANGE, "expected FIRST-LAST" },
	{ "-10.0.0.1", NXA_TYPE_RANGE, "expected FIRST-LAST" },
	{ "10.0.0.1-10.0.0.9-10.0.0.12", NXA_TYPE_RANGE, "expected FIRST-LAST" },
	{ "10.0.0.1/24-10.0.0.9", NXA_TYPE_RANGE, "expected FIRST-LAST" },
	{ "2001:db8::1-2001:db8::9", NXA_TYPE_RANGE, "expected FIRST-LAST" },
	{ "10.0.0.9-10.0.0.1", NXA_TYPE_RANGE, "comes before the first" },
	{ "255.255.255.0-255.255.255.255", NXA_TYPE_RANGE, "cannot end at 255.255.255.255" },
	{ "126.255.255.0-126.255.255.255", NXA_TYPE_RANGE, "cannot touch 127.0.0.0/8" },
	{ "127.0.0.1-127.0.0.9", NXA_TYPE_RANGE, "cannot touch 127.0.0.0/8" },
	{ "10.0.0.255/24", NXA_MOD_BCAST, "takes no mask" },
	{ "2001:db8::ff", NXA_MOD_BCAST, "not an IPv4 address" },
	{ "127.0.0.2/8", NXA_MOD_LBACK, "takes no mask" },
	{ "10.0.0.1", NXA_MOD_LBACK, "not a loopback address" },
	{ "::1", NXA_MOD_LBACK, "not an IPv4 address" },
};

static void check_good(const struct good *g)
{
	struct vc_net_addr a, want = { .type = g->want_type };
	const char *why = NULL;
	int ret;

	want.family = (uint8_t)g->family;
	want.prefix = (uint8_t)g->prefix;
	inet_pton(g->family, g->ip, want.ip);
	if (g->ip2)
		inet_pton(g->family, g->ip2, want.ip2);
	inet_pton(g->family, g->mask, want.mask);
	memset(&a, 0x55, sizeof(a));

	ret = vc_parse_net_addr(g->str, g->type, &a, &why);
	CHECK(ret == 0, "'%s' (type %#x) parses", g->str, g->type);
	if (ret < 0) {
		printf("    why: %s\n", why);
		return;
	}
	CHECK(memcmp(&a, &want, sizeof(a)) == 0,
	      "'%s' is type %#x, %s %s, mask %s (/%u)", g->str, g->want_type,
	      g->ip, g->ip2 ? g->ip2 : "-", g->mask, g->prefix);
}

static void check_bad(const struct bad *b)
{
	struct vc_net_addr a;
	const char *why = NULL;
	int ret;

	memset(&a, 0x55, sizeof(a));
	errno = 0;
	ret = vc_parse_net_addr(b->str, b->type, &a, &why);
	CHECK(ret == -1 && errno == EINVAL, "'%s' (type %#x) is refused",
	      b->str, b->type);
	CHECK(why && strstr(why, b->why), "'%s': the reason says '%s' (%s)",
	      b->str, b->why, why ? why : "none");
	CHECK(((unsigned char *)&a)[0] == 0x55 && ((unsigned char *)&a)[20] == 0x55,
	      "'%s' leaves the output alone", b->str);
}

static int same(const char *x, uint16_t tx, const char *y, uint16_t ty)
{
	struct vc_net_addr a, b;
	const char *why;

	if (vc_parse_net_addr(x, tx, &a, &why) < 0 ||
	    vc_parse_net_addr(y, ty, &b, &why) < 0)
		return -1;
	return vc_net_addr_same(&a, &b);
}

static void check_same(void)
{
	CHECK(same("10.0.0.2", NXA_TYPE_ADDR, "10.0.0.2/24", NXA_TYPE_ADDR) == 1,
	      "same: an address whatever its mask");
	CHECK(same("10.0.0.2", NXA_TYPE_ADDR, "10.0.0.3", NXA_TYPE_ADDR) == 0,
	      "same: not another address");
	CHECK(same("10.0.0.2/32", NXA_TYPE_MASK, "10.0.0.2", NXA_TYPE_ADDR) == 0,
	      "same: a subnet is not an address");
	CHECK(same("10.1.2.3/16", NXA_TYPE_MASK, "10.1.0.0/16", NXA_TYPE_MASK) == 1,
	      "same: a subnet whatever its host bits");
	CHECK(same("10.1.0.0/16", NXA_TYPE_MASK, "10.1.0.0/17", NXA_TYPE_MASK) == 0,
	      "same: not a subnet of another size");
	CHECK(same("10.0.0.1-10.0.0.9", NXA_TYPE_RANGE, "10.0.0.1-10.0.0.9",
		   NXA_TYPE_RANGE) == 1, "same: a range");
	CHECK(same("10.0.0.1-10.0.0.9", NXA_TYPE_RANGE, "10.0.0.1-10.0.0.8",
		   NXA_TYPE_RANGE) == 0, "same: not another range");
	CHECK(same("2001:db8::1/64", NXA_TYPE_ADDR, "2001:db8::1", NXA_TYPE_ADDR) == 1,
	      "same: an IPv6 address whatever its prefix");
	CHECK(same("10.0.0.255", NXA_MOD_BCAST, "10.0.1.255", NXA_MOD_BCAST) == 1,
	      "same: one broadcast address");
	CHECK(same("localhost", NXA_TYPE_ADDR, "127.0.0.2", NXA_MOD_LBACK) == 1,
	      "same: one loopback address, given by --ip or --lback");
	CHECK(same("10.0.0.2", NXA_TYPE_ADDR, "::ffff:0:0/96", NXA_TYPE_MASK) == -1,
	      "same: (an IPv4-mapped subnet is refused)");
}

int main(void)
{
	char longer[200];
	size_t i;

	for (i = 0; i < sizeof(goods) / sizeof(goods[0]); i++)
		check_good(&goods[i]);
	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++)
		check_bad(&bads[i]);

	memset(longer, '1', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	check_bad(&(struct bad){ longer, NXA_TYPE_ADDR, "not an IPv4 or IPv6 address" });
	check_same();
	return unit_result();
}
