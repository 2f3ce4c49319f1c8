// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit test: the context flag table and the list parser on it.
 */
#include "config.h"

#include "bit-table.h"

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

static void check_accumulate(void)
{
	struct vc_flag_change chg = { 0, 0 };

	CHECK(parse(&vc_cflags, "lock", &chg) == 0 &&
	      parse(&vc_cflags, "~virt_mem,sched", &chg) == 0 &&
	      chg.set == (VXF_INFO_LOCK | VXF_INFO_SCHED) &&
	      chg.clear == VXF_VIRT_MEM,
	      "repeated lists accumulate");
	CHECK(parse(&vc_cflags, "~lock", &chg) == 0 && chg.set == VXF_INFO_SCHED &&
	      chg.clear == (VXF_VIRT_MEM | VXF_INFO_LOCK),
	      "a later ~flag undoes an earlier flag");
	CHECK(vc_flags_apply(VXF_INIT_SET, &chg) ==
	      ((VXF_INIT_SET | VXF_INFO_SCHED) & ~(VXF_VIRT_MEM | VXF_INFO_LOCK)),
	      "applying the change to the defaults");
}

int main(void)
{
	check_good(&vc_cflags, "lock", VXF_INFO_LOCK, 0);
	check_good(&vc_cflags, "lock,sched", 3, 0);	/* the classic chcontext example */
	check_good(&vc_cflags, "fakeinit", VXF_INFO_INIT, 0);
	check_good(&vc_cflags, "persistent", VXF_PERSISTENT, 0);
	check_good(&vc_cflags, "igneg_ionice", VXF_IGNEG_IONICE, 0);
	check_good(&vc_cflags, "LOCK,Persistent", VXF_INFO_LOCK | VXF_PERSISTENT, 0);
	check_good(&vc_cflags, "~state_setup", 0, VXF_STATE_SETUP);
	check_good(&vc_cflags, "fakeinit,~fakeinit", 0, VXF_INFO_INIT);
	check_good(&vc_cflags, "~fakeinit,fakeinit", VXF_INFO_INIT, 0);
	check_good(&vc_cflags, "lock,lock", VXF_INFO_LOCK, 0);

	check_bad(&vc_cflags, "bogus", "bogus");
	check_bad(&vc_cflags, "~bogus", "~bogus");
	check_bad(&vc_cflags, "lock,bogus,sched", "bogus");
	check_bad(&vc_cflags, "lock ", "lock ");
	check_bad(&vc_cflags, "lock;sched", "lock;sched");
	check_bad(&vc_cflags, "info_lock", "info_lock");
	check_bad(&vc_cflags, "~", "~");
	check_bad(&vc_cflags, "~~lock", "~~lock");
	check_bad(&vc_cflags, "", "");
	check_bad(&vc_cflags, "lock,", "");
	check_bad(&vc_cflags, ",lock", "");
	check_bad(&vc_cflags, "lock,,sched", "");

	check_good(&vc_cflags, "!lock,~sched", 0, VXF_INFO_LOCK | VXF_INFO_SCHED);
	check_bad(&vc_cflags, "!", "!");
	check_bad(&vc_cflags, "!~lock", "!~lock");
	check_bad(&vc_cflags, "cap_lock", "cap_lock");	/* no prefix here */

	check_table(&vc_cflags, ALL_VXF);
	check_accumulate();
	return unit_result();
}
