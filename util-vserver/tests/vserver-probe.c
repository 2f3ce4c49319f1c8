// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Test helper, not a test: says whether this kernel answers vserver(2),
 * so the shell tests can pick what to expect.  It makes the raw system
 * call itself rather than trust libvserver, which is under test.
 * Prints "supported", "nosys" or "error: ..." and exits 0, 3 or 1.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/vserver.h>

static long get_version(void)
{
#ifdef __NR_vserver
	return syscall(__NR_vserver, VCMD_get_version, 0, NULL);
#else
	errno = ENOSYS;
	return -1;
#endif
}

int main(void)
{
	if (get_version() >= 0) {
		puts("supported");
		return 0;
	}
	if (errno == ENOSYS) {
		puts("nosys");
		return 3;
	}
	printf("error: %s\n", strerror(errno));
	return 1;
}
