// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Number and context-id parsers shared by the tools.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "libvserver.h"

static int all_digits(const char *str)
{
	if (*str == '\0')
		return 0;
	for (; *str; str++)
		if (*str < '0' || *str > '9')
			return 0;
	return 1;
}

int vc_parse_uint(const char *str, unsigned long min, unsigned long max,
		  unsigned long *out)
{
	unsigned long val;

	/*
	 * strtoul alone accepts " 7", "+7", "-7" (as a huge value) and "0x7";
	 * an id typed on a command line is plain decimal or a mistake.
	 */
	if (str == NULL || !all_digits(str)) {
		errno = EINVAL;
		return -1;
	}
	errno = 0;
	val = strtoul(str, NULL, 10);
	if (errno == ERANGE || val < min || val > max) {
		errno = ERANGE;
		return -1;
	}
	*out = val;
	return 0;
}

int vc_parse_xid(const char *str, vc_xid_t min, vc_xid_t *xid)
{
	unsigned long val;

	if (vc_parse_uint(str, min, VX_ID_MAX, &val) < 0)
		return -1;
	*xid = (vc_xid_t)val;
	return 0;
}
