// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Named bits: lookup by name, name by bit, and the "a,~b,!c" list parser
 * shared by every table (context and network context flags and
 * capabilities, the capability bound).
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

#include "libvserver.h"

static int name_is(const char *want, const char *name, size_t len)
{
	return strlen(want) == len && strncasecmp(want, name, len) == 0;
}

int vc_bit_lookup(const struct vc_bit_names *t, const char *name, size_t len,
		  uint64_t *bit)
{
	size_t plen = t->prefix ? strlen(t->prefix) : 0;
	size_t i;

	/*
	 * Old configuration files wrote names in any case, with or without
	 * the prefix (CAP_CHOWN, chown); accept all of them.
	 */
	for (i = 0; i < t->count; i++) {
		const char *want = t->names[i].name;

		if (name_is(want, name, len) ||
		    (plen && strncasecmp(want, t->prefix, plen) == 0 &&
		     name_is(want + plen, name, len))) {
			*bit = t->names[i].bit;
			return 0;
		}
	}
	errno = EINVAL;
	return -1;
}

const char *vc_bit_name(const struct vc_bit_names *t, uint64_t bit)
{
	size_t i;

	for (i = 0; i < t->count; i++)
		if (t->names[i].bit == bit)
			return t->names[i].name;
	return NULL;
}

uint64_t vc_bit_all(const struct vc_bit_names *t)
{
	uint64_t all = 0;
	size_t i;

	for (i = 0; i < t->count; i++)
		all |= t->names[i].bit;
	return all;
}

/* Apply one item of a list; "~" or "!" clears, the later mention wins. */
static int apply_item(const struct vc_bit_names *t, const char *item,
		      size_t len, struct vc_flag_change *chg)
{
	int clear = len > 0 && (item[0] == '~' || item[0] == '!');
	uint64_t bit;

	if (clear) {
		item++;
		len--;
	}
	if (vc_bit_lookup(t, item, len, &bit) < 0)
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

int vc_parse_bits(const struct vc_bit_names *t, const char *list,
		  struct vc_flag_change *chg, const char **bad, size_t *badlen)
{
	/* Work on a copy so a failed list leaves the caller's state alone. */
	struct vc_flag_change tmp = *chg;
	const char *item = list;

	for (;;) {
		size_t len = strcspn(item, ",");

		/* An empty item ("", "a,,b", "a,") is a typo, not a no-op. */
		if (apply_item(t, item, len, &tmp) < 0) {
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

void vc_bits_secure(struct vc_flag_change *chg, uint64_t set, uint64_t clear)
{
	struct vc_flag_change list = *chg;

	/* The list wins over the secure set, whatever the option order. */
	chg->set = (set & ~list.clear) | list.set;
	chg->clear = (clear & ~list.set) | list.clear;
}
