/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A minimal check helper for the C unit tests: each CHECK prints one
 * "ok"/"FAIL" line to the test log, and unit_result() turns the count of
 * failures into the automake exit status (0 pass, 1 fail).
 */
#ifndef UTIL_VSERVER_TESTS_UNIT_H
#define UTIL_VSERVER_TESTS_UNIT_H

#include <stdio.h>

static int unit_failures;

#define CHECK(cond, ...)						\
	do {								\
		int ok_ = !!(cond);					\
		printf("%s: ", ok_ ? "ok" : "FAIL");			\
		printf(__VA_ARGS__);					\
		printf("%s\n", ok_ ? "" : "  [" #cond "]");		\
		if (!ok_)						\
			unit_failures++;				\
	} while (0)

static inline int unit_result(void)
{
	printf("%d failure(s)\n", unit_failures);
	return unit_failures ? 1 : 0;
}

#endif /* UTIL_VSERVER_TESTS_UNIT_H */
