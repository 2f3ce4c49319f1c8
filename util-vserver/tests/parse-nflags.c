// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit test: the network flag and network capability tables, the list
 * parser on them, and the --secure sets.
 */
#include "config.h"

#include "bit-table.h"

/* Every NXF_* and NXC_* bit of the uapi header: the tables name no other. */
#define ALL_NXF (NXF_INFO_PRIVATE | NXF_SINGLE_IP | NXF_LBACK_REMAP |	\
		 NXF_LBACK_ALLOW | NXF_HIDE_NETIF | NXF_HIDE_LBACK |	\
		 NXF_STATE_SETUP | NXF_STATE_ADMIN | NXF_SC_HELPER |	\
		 NXF_PERSISTENT)
#define ALL_NXC (NXC_TUN_CREATE | NXC_RAW_ICMP | NXC_MULTICAST)

static void check_secure(void)
{
	struct vc_flag_change chg = { 0, 0 };

	/* --secure alone: exactly the secure defaults. */
	vc_bits_secure(&chg, VC_NXF_SECURE_SET, VC_NXF_SECURE_CLEAR);
	CHECK(chg.set == (NXF_LBACK_REMAP | NXF_HIDE_LBACK | NXF_HIDE_NETIF) &&
	      chg.clear == NXF_LBACK_ALLOW,
	      "secure flags: remap and hide the loopback, hide interfaces, no lback_allow");
	CHECK(!((chg.set | chg.clear) & NXF_STATE_ADMIN),
	      "secure flags: state_admin is left alone");

	/* The list wins over --secure, in either order. */
	chg = (struct vc_flag_change){ 0, 0 };
	CHECK(parse(&vc_nflags, "~hide_netif,lback_allow", &chg) == 0,
	      "secure flags: a list to put on top");
	vc_bits_secure(&chg, VC_NXF_SECURE_SET, VC_NXF_SECURE_CLEAR);
	CHECK(chg.set == (NXF_LBACK_REMAP | NXF_HIDE_LBACK | NXF_LBACK_ALLOW) &&
	      chg.clear == NXF_HIDE_NETIF,
	      "secure flags: --flag ~hide_netif,lback_allow wins");

	chg = (struct vc_flag_change){ 0, 0 };
	CHECK(parse(&vc_ncaps, "raw_icmp", &chg) == 0, "secure ncaps: a list");
	vc_bits_secure(&chg, VC_NCAPS_SECURE, vc_bit_all(&vc_ncaps));
	CHECK(chg.set == NXC_RAW_ICMP &&
	      chg.clear == (NXC_TUN_CREATE | NXC_MULTICAST),
	      "secure ncaps: none but what --ncap adds");

	/* What the tools create a network context with. */
	CHECK(VC_NXF_CREATE == (NXF_STATE_ADMIN | NXF_STATE_SETUP |
				NXF_LBACK_REMAP | NXF_HIDE_LBACK | NXF_HIDE_NETIF),
	      "create: the kernel's defaults plus state_setup");
}

int main(void)
{
	check_good(&vc_nflags, "private", NXF_INFO_PRIVATE, 0);
	check_good(&vc_nflags, "single_ip,lback_remap",
		   NXF_SINGLE_IP | NXF_LBACK_REMAP, 0);
	check_good(&vc_nflags, "PERSISTENT,~state_setup", NXF_PERSISTENT,
		   NXF_STATE_SETUP);
	check_good(&vc_nflags, "!hide_netif,hide_lback", NXF_HIDE_LBACK,
		   NXF_HIDE_NETIF);
	check_good(&vc_nflags, "sc_helper,~sc_helper", 0, NXF_SC_HELPER);
	check_bad(&vc_nflags, "lock", "lock");		/* a context flag */
	check_bad(&vc_nflags, "info_private", "info_private");
	check_bad(&vc_nflags, "private,", "");
	check_bad(&vc_nflags, "", "");
	check_table(&vc_nflags, ALL_NXF);

	check_good(&vc_ncaps, "raw_icmp", NXC_RAW_ICMP, 0);
	check_good(&vc_ncaps, "tun_create,multicast,~raw_icmp",
		   NXC_TUN_CREATE | NXC_MULTICAST, NXC_RAW_ICMP);
	check_bad(&vc_ncaps, "net_raw", "net_raw");	/* a capability */
	check_bad(&vc_ncaps, "raw_icmp,,multicast", "");
	check_table(&vc_ncaps, ALL_NXC);

	check_secure();
	return unit_result();
}
