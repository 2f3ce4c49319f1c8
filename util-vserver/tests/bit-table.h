/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Checks shared by the unit tests of the named-bit tables (parse-cflags,
 * parse-caps): the table and its parser, whatever the names.
 */
#ifndef UTIL_VSERVER_TESTS_BIT_TABLE_H
#define UTIL_VSERVER_TESTS_BIT_TABLE_H

#include <errno.h>
#include <string.h>

#include "libvserver.h"
#include "unit.h"

static inline int parse(const struct vc_bit_names *t, const char *list,
			struct vc_flag_change *chg)
{
	const char *bad;
	size_t badlen;

	return vc_parse_bits(t, list, chg, &bad, &badlen);
}

static inline void check_good(const struct vc_bit_names *t, const char *list,
			      uint64_t set, uint64_t clear)
{
	struct vc_flag_change chg = { 0, 0 };

	CHECK(parse(t, list, &chg) == 0 && chg.set == set && chg.clear == clear,
	      "%s '%s' sets %#llx, clears %#llx", t->what, list,
	      (unsigned long long)set, (unsigned long long)clear);
}

/* A bad list fails, names the bad item and leaves chg untouched. */
static inline void check_bad(const struct vc_bit_names *t, const char *list,
			     const char *want_bad)
{
	struct vc_flag_change chg = { 1, 2 };
	const char *bad = NULL;
	size_t badlen = 99;
	int ret;

	errno = 0;
	ret = vc_parse_bits(t, list, &chg, &bad, &badlen);
	CHECK(ret == -1 && errno == EINVAL, "%s '%s' is refused", t->what, list);
	CHECK(bad != NULL && badlen == strlen(want_bad) &&
	      strncmp(bad, want_bad, badlen) == 0,
	      "%s '%s' reports the item '%s'", t->what, list, want_bad);
	CHECK(chg.set == 1 && chg.clear == 2,
	      "%s '%s' leaves the previous bits alone", t->what, list);
}

/* Every name is one distinct bit of all, and every bit of all is named. */
static inline void check_table(const struct vc_bit_names *t, uint64_t all)
{
	uint64_t seen = 0, bit;
	size_t i;

	for (i = 0; i < t->count; i++) {
		const char *name = t->names[i].name;

		CHECK(vc_bit_lookup(t, name, strlen(name), &bit) == 0 &&
		      strcmp(vc_bit_name(t, bit), name) == 0,
		      "table: '%s' round-trips", name);
		CHECK((bit & (bit - 1)) == 0 && !(seen & bit) && (bit & all),
		      "table: '%s' is one distinct bit of its set", name);
		seen |= bit;
	}
	CHECK(seen == all, "table: every %s has a name", t->what);
	CHECK(vc_bit_all(t) == all, "table: vc_bit_all is the whole set");
	CHECK(vc_bit_name(t, 1ULL << 63) == NULL, "table: bit 63 has no name");
}

#endif /* UTIL_VSERVER_TESTS_BIT_TABLE_H */
