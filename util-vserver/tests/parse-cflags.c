// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit test: the context flag table and vc_parse_cflags().
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "libvserver.h"
#include "unit.h"

/* Every VXF_* bit of the uapi header: the table may name no other. */
#define ALL_VXF (VXF_INFO_LOCK | VXF_INFO_SCHED | VXF_INFO_NPROC |	\
		 VXF_INFO_PRIVATE | VXF_INFO_INIT | VXF_INFO_HIDE |	\
		 VXF_INFO_ULIMIT | VXF_INFO_NSPACE | VXF_SCHED_HARD |	\
		 VXF_SCHED_PRIO | VXF_SCHED_PAUSE | VXF_VIRT_MEM |	\
		 VXF_VIRT_UPTIME | VXF_VIRT_CPU | VXF_VIRT_LOAD |	\
		 VXF_VIRT_TIME | VXF_HIDE_MOUNT | VXF_HIDE_VINFO |	\
		 VXF_STATE_SETUP | VXF_STATE_INIT | VXF_STATE_ADMIN |	\
		 VXF_SC_HELPER | VXF_REBOOT_KILL | VXF_PERSISTENT |	\
		 VXF_FORK_RSS | VXF_PROLIFIC | VXF_IGNEG_NICE |		\
		 VXF_IGNEG_IONICE)

static int parse(const char *list, struct vc_flag_change *chg)
{
	const char *bad;
	size_t badlen;

	return vc_parse_cflags(list, chg, &bad, &badlen);
}

static void check_good(const char *list, uint64_t set, uint64_t clear)
{
	struct vc_flag_change chg = { 0, 0 };

	CHECK(parse(list, &chg) == 0 && chg.set == set && chg.clear == clear,
	      "'%s' sets %#llx, clears %#llx", list,
	      (unsigned long long)set, (unsigned long long)clear);
}

/* A bad list fails, names the bad item and leaves chg untouched. */
static void check_bad(const char *list, const char *want_bad)
{
	struct vc_flag_change chg = { VXF_INFO_LOCK, VXF_VIRT_MEM };
	const char *bad = NULL;
	size_t badlen = 99;
	int ret;

	errno = 0;
	ret = vc_parse_cflags(list, &chg, &bad, &badlen);
	CHECK(ret == -1 && errno == EINVAL, "'%s' is refused", list);
	CHECK(bad != NULL && badlen == strlen(want_bad) &&
	      strncmp(bad, want_bad, badlen) == 0,
	      "'%s' reports the item '%s'", list, want_bad);
	CHECK(chg.set == VXF_INFO_LOCK && chg.clear == VXF_VIRT_MEM,
	      "'%s' leaves the previous flags alone", list);
}

static void check_table(void)
{
	uint64_t seen = 0, bit;
	const char *name;
	size_t i;

	for (i = 0; (name = vc_cflag_name_at(i)) != NULL; i++) {
		CHECK(vc_cflag_lookup(name, strlen(name), &bit) == 0 &&
		      strcmp(vc_cflag_name(bit), name) == 0,
		      "table: '%s' round-trips", name);
		CHECK((bit & (bit - 1)) == 0 && !(seen & bit) && (bit & ALL_VXF),
		      "table: '%s' is one distinct VXF bit", name);
		seen |= bit;
	}
	CHECK(seen == ALL_VXF, "table: every VXF bit has a name");
	CHECK(vc_cflag_name(1ULL << 63) == NULL, "table: bit 63 has no name");
}

static void check_accumulate(void)
{
	struct vc_flag_change chg = { 0, 0 };

	CHECK(parse("lock", &chg) == 0 && parse("~virt_mem,sched", &chg) == 0 &&
	      chg.set == (VXF_INFO_LOCK | VXF_INFO_SCHED) &&
	      chg.clear == VXF_VIRT_MEM,
	      "repeated lists accumulate");
	CHECK(parse("~lock", &chg) == 0 && chg.set == VXF_INFO_SCHED &&
	      chg.clear == (VXF_VIRT_MEM | VXF_INFO_LOCK),
	      "a later ~flag undoes an earlier flag");
	CHECK(vc_flags_apply(VXF_INIT_SET, &chg) ==
	      ((VXF_INIT_SET | VXF_INFO_SCHED) & ~(VXF_VIRT_MEM | VXF_INFO_LOCK)),
	      "applying the change to the defaults");
}

int main(void)
{
	check_good("lock", VXF_INFO_LOCK, 0);
	check_good("lock,sched", 3, 0);	/* the classic chcontext example */
	check_good("fakeinit", VXF_INFO_INIT, 0);
	check_good("persistent", VXF_PERSISTENT, 0);
	check_good("igneg_ionice", VXF_IGNEG_IONICE, 0);
	check_good("LOCK,Persistent", VXF_INFO_LOCK | VXF_PERSISTENT, 0);
	check_good("~state_setup", 0, VXF_STATE_SETUP);
	check_good("fakeinit,~fakeinit", 0, VXF_INFO_INIT);
	check_good("~fakeinit,fakeinit", VXF_INFO_INIT, 0);
	check_good("lock,lock", VXF_INFO_LOCK, 0);

	check_bad("bogus", "bogus");
	check_bad("~bogus", "~bogus");
	check_bad("lock,bogus,sched", "bogus");
	check_bad("lock ", "lock ");
	check_bad("lock;sched", "lock;sched");
	check_bad("info_lock", "info_lock");
	check_bad("~", "~");
	check_bad("~~lock", "~~lock");
	check_bad("", "");
	check_bad("lock,", "");
	check_bad(",lock", "");
	check_bad("lock,,sched", "");

	check_table();
	check_accumulate();
	return unit_result();
}
