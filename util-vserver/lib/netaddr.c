// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Addresses of network contexts: one entry from its text, checked as the
 * kernel checks it, so that the tools refuse a bad one before they change
 * anything.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "libvserver.h"

/* Room for the longest address text (INET6_ADDRSTRLEN) and a mask. */
#define ADDR_TEXT_MAX 96

static const char why_addr[] = "not an IPv4 or IPv6 address";
static const char why_addr4[] = "not an IPv4 address";
static const char why_mask4[] = "the mask must be a prefix length from 0 "
	"to 32 or a netmask such as 255.255.255.0";

static int fail(const char **why, const char *msg)
{
	*why = msg;
	errno = EINVAL;
	return -1;
}

static unsigned int addr_bytes(const struct vc_net_addr *a)
{
	return a->family == AF_INET ? 4 : 16;
}

/* The address in text, of family (0: either); "localhost" is 127.0.0.1. */
static int parse_ip(const char *text, int family, struct vc_net_addr *a)
{
	if (strcasecmp(text, "localhost") == 0 && family != AF_INET6)
		text = "127.0.0.1";
	/* inet_pton takes only the full dotted quad: no "10.1", no octal. */
	if (family != AF_INET6 && inet_pton(AF_INET, text, a->ip) == 1) {
		a->family = AF_INET;
		return 0;
	}
	if (family != AF_INET && inet_pton(AF_INET6, text, a->ip) == 1) {
		a->family = AF_INET6;
		return 0;
	}
	return -1;
}

static void set_prefix(struct vc_net_addr *a, unsigned int prefix)
{
	unsigned int i, bits;

	a->prefix = prefix;
	memset(a->mask, 0, sizeof(a->mask));
	for (i = 0; i < addr_bytes(a) && prefix > 0; i++) {
		bits = prefix > 8 ? 8 : prefix;
		a->mask[i] = (uint8_t)(0xff << (8 - bits));
		prefix -= bits;
	}
}

/* The length of a contiguous IPv4 mask, or -1. */
static int mask_prefix4(const uint8_t *mask)
{
	uint32_t m = (uint32_t)mask[0] << 24 | (uint32_t)mask[1] << 16 |
		     (uint32_t)mask[2] << 8 | mask[3];
	uint32_t inverse = ~m;
	int prefix = 0;

	/* Contiguous: the zero bits, as a number, are all ones. */
	if (inverse & (inverse + 1))
		return -1;
	for (; m; m <<= 1)
		prefix++;
	return prefix;
}

/* "/24" or "/255.255.255.0" (IPv4), "/64" (IPv6). */
static int parse_mask(const char *text, struct vc_net_addr *a,
		      const char **why)
{
	unsigned int max = addr_bytes(a) * 8;
	unsigned long prefix;
	int len;

	if (a->family == AF_INET && strchr(text, '.')) {
		if (inet_pton(AF_INET, text, a->mask) != 1)
			return fail(why, why_mask4);
		len = mask_prefix4(a->mask);
		if (len < 0)
			return fail(why, "the netmask is not contiguous (its "
				    "one bits must come first)");
		a->prefix = (uint8_t)len;
		return 0;
	}
	if (vc_parse_uint(text, 0, max, &prefix) < 0)
		return fail(why, a->family == AF_INET ? why_mask4 :
			    "the prefix length must be from 0 to 128");
	set_prefix(a, (unsigned int)prefix);
	return 0;
}

static void clear_host_bits(struct vc_net_addr *a)
{
	unsigned int i;

	for (i = 0; i < addr_bytes(a); i++)
		a->ip[i] &= a->mask[i];
}

static int is_loopback4(const uint8_t *ip)
{
	return ip[0] == 127;
}

static int is_any6(const uint8_t *ip)
{
	static const uint8_t any[16];

	return memcmp(ip, any, 16) == 0;
}

/* What an IPv6 entry may not be: ::, ::1, multicast, IPv4-mapped. */
static int is_special6(const uint8_t *ip)
{
	static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };
	static const uint8_t loopback[16] = { [15] = 1 };

	return is_any6(ip) || memcmp(ip, loopback, 16) == 0 || ip[0] == 0xff ||
	       memcmp(ip, mapped, 12) == 0;
}

static const char why_host[] =
	"not a host address (unspecified, multicast or broadcast)";
static const char why_host6[] =
	"not a host address (unspecified, loopback, multicast or IPv4-mapped)";

/* The kernel's checks, in its words where it has some. */
static int check_entry(struct vc_net_addr *a, const char **why)
{
	const uint8_t *ip = a->ip;

	if (a->family == AF_INET6) {
		if (a->type == NXA_TYPE_ADDR)
			set_prefix(a, 128);	/* the kernel keeps /128 */
		if (a->type == NXA_TYPE_MASK && a->prefix == 0)
			return fail(why, "a subnet needs a prefix length from 1 to 128");
		clear_host_bits(a);
		return is_special6(ip) ? fail(why, why_host6) : 0;
	}
	switch (a->type) {
	case NXA_TYPE_ADDR:
		if (ip[0] == 0 || (ip[0] & 0xf0) == 0xe0 ||
		    (ip[0] == 255 && ip[1] == 255 && ip[2] == 255 && ip[3] == 255))
			return fail(why, why_host);
		return 0;
	case NXA_TYPE_MASK:
		if (a->prefix == 0)
			return fail(why, "a subnet needs a mask of 1 to 32 bits");
		if (is_loopback4(ip))
			return fail(why, "a loopback subnet cannot be given: "
				    "a network context has one loopback "
				    "address (--lback)");
		clear_host_bits(a);
		return 0;
	case NXA_MOD_LBACK:
		return is_loopback4(ip) ? 0 :
		       fail(why, "not a loopback address (127.0.0.0/8)");
	default:
		return 0;
	}
}

static uint32_t get4(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put4(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* "FIRST-LAST", both IPv4 and included; the kernel wants LAST + 1. */
static int parse_range(char *text, struct vc_net_addr *a, const char **why)
{
	static const char why_range[] =
		"expected FIRST-LAST, two IPv4 addresses";
	struct vc_net_addr last = { .type = NXA_TYPE_RANGE };
	char *dash = strchr(text, '-');
	uint32_t first, end;

	if (dash == NULL)
		return fail(why, why_range);
	*dash = '\0';
	if (parse_ip(text, AF_INET, a) < 0 || parse_ip(dash + 1, AF_INET, &last) < 0)
		return fail(why, why_range);
	first = get4(a->ip);
	end = get4(last.ip);
	if (end < first)
		return fail(why, "the last address of the range comes before the first");
	if (end == 0xffffffffU)
		return fail(why, "a range cannot end at 255.255.255.255");
	end++;
	if ((first >> 24) == 127 || (end >> 24) == 127)
		return fail(why, "a range cannot touch 127.0.0.0/8: a network "
			    "context has one loopback address (--lback)");
	put4(a->ip2, end);
	set_prefix(a, 32);
	return 0;
}

int vc_parse_net_addr(const char *str, uint16_t type,
		      struct vc_net_addr *addr, const char **why)
{
	struct vc_net_addr a = { .type = type };
	int v4_only = type == NXA_MOD_BCAST || type == NXA_MOD_LBACK;
	char text[ADDR_TEXT_MAX];
	char *mask;

	if (strlen(str) >= sizeof(text))
		return fail(why, v4_only || type == NXA_TYPE_RANGE ?
			    why_addr4 : why_addr);
	strcpy(text, str);

	if (type == NXA_TYPE_RANGE) {
		if (parse_range(text, &a, why) < 0)
			return -1;
		*addr = a;
		return 0;
	}

	mask = strchr(text, '/');
	if (mask)
		*mask++ = '\0';
	if (parse_ip(text, v4_only ? AF_INET : 0, &a) < 0)
		return fail(why, v4_only ? why_addr4 : why_addr);
	if (mask && v4_only)
		return fail(why, "takes no mask");
	if (mask && parse_mask(mask, &a, why) < 0)
		return -1;
	if (!mask && type == NXA_TYPE_MASK)
		return fail(why, "a subnet needs a mask, as in 10.0.0.0/24");
	if (!mask)
		set_prefix(&a, addr_bytes(&a) * 8);

	/* A network context has one use for a loopback address. */
	if (a.family == AF_INET && type == NXA_TYPE_ADDR && is_loopback4(a.ip)) {
		a.type = NXA_MOD_LBACK;
		set_prefix(&a, 32);
	}
	if (v4_only)
		set_prefix(&a, 32);
	if (check_entry(&a, why) < 0)
		return -1;
	*addr = a;
	return 0;
}

int vc_net_addr_same(const struct vc_net_addr *a, const struct vc_net_addr *b)
{
	size_t n = a->family == AF_INET ? 4 : 16;

	if (a->family != b->family || a->type != b->type)
		return 0;
	/* One broadcast and one loopback address per network context. */
	if (a->type == NXA_MOD_BCAST || a->type == NXA_MOD_LBACK)
		return 1;
	if (memcmp(a->ip, b->ip, n) != 0)
		return 0;
	if (a->type == NXA_TYPE_RANGE)
		return memcmp(a->ip2, b->ip2, n) == 0;
	if (a->type == NXA_TYPE_MASK)
		return a->prefix == b->prefix;
	return 1;
}
