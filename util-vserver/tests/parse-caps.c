// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit test: the capability tables (bound and context capabilities), the
 * list parser on them, and the --secure set.
 */
#include "config.h"

#include "bit-table.h"

/* Bit N is capability N, for every capability of <linux/capability.h>. */
#define ALL_CAPS ((1ULL << (CAP_LAST_CAP + 1)) - 1)

/* Every VXC_* bit of the uapi header: the table may name no other. */
#define ALL_VXC (VXC_SET_UTSNAME | VXC_SET_RLIMIT | VXC_FS_SECURITY |	\
		 VXC_FS_TRUSTED | VXC_TIOCSTI | VXC_RAW_ICMP | VXC_SYSLOG |	\
		 VXC_OOM_ADJUST | VXC_AUDIT_CONTROL | VXC_SECURE_MOUNT |	\
		 VXC_SECURE_REMOUNT | VXC_BINARY_MOUNT | VXC_DEV_MOUNT |	\
		 VXC_QUOTA_CTL | VXC_ADMIN_MAPPER | VXC_ADMIN_CLOOP |		\
		 VXC_KTHREAD | VXC_NAMESPACE)

#define BIT(cap) (1ULL << (cap))

static void check_bcap_table(void)
{
	uint64_t bit;
	size_t i;

	CHECK(CAP_LAST_CAP == 40 && vc_bcaps.count == 41,
	      "bcaps: 41 capabilities, 0 to 40 (Linux 6.12)");
	/* In number order, so --get lists them as capabilities(7) does. */
	for (i = 0; i < vc_bcaps.count; i++)
		CHECK(vc_bcaps.names[i].bit == BIT(i) &&
		      strncmp(vc_bcaps.names[i].name, "CAP_", 4) == 0,
		      "bcaps: entry %zu is %s, bit %zu", i,
		      vc_bcaps.names[i].name, i);
	CHECK(vc_bit_lookup(&vc_bcaps, "CAP_CHECKPOINT_RESTORE", 22, &bit) == 0 &&
	      bit == BIT(CAP_CHECKPOINT_RESTORE), "bcaps: the last one is known");
	check_table(&vc_bcaps, ALL_CAPS);
}

static void check_bcap_names(void)
{
	check_good(&vc_bcaps, "CAP_CHOWN", BIT(CAP_CHOWN), 0);
	check_good(&vc_bcaps, "chown", BIT(CAP_CHOWN), 0);
	check_good(&vc_bcaps, "CHOWN", BIT(CAP_CHOWN), 0);
	check_good(&vc_bcaps, "cap_chown", BIT(CAP_CHOWN), 0);
	check_good(&vc_bcaps, "Cap_Sys_Admin", BIT(CAP_SYS_ADMIN), 0);
	check_good(&vc_bcaps, "~CAP_KILL", 0, BIT(CAP_KILL));
	check_good(&vc_bcaps, "!kill", 0, BIT(CAP_KILL));
	check_good(&vc_bcaps, "NET_RAW,!SYS_ADMIN,~CAP_MKNOD",
		   BIT(CAP_NET_RAW), BIT(CAP_SYS_ADMIN) | BIT(CAP_MKNOD));
	check_good(&vc_bcaps, "kill,~kill", 0, BIT(CAP_KILL));
	check_good(&vc_bcaps, "!kill,kill", BIT(CAP_KILL), 0);

	check_bad(&vc_bcaps, "bogus", "bogus");
	check_bad(&vc_bcaps, "CAP_", "CAP_");
	check_bad(&vc_bcaps, "CAP_BOGUS", "CAP_BOGUS");
	check_bad(&vc_bcaps, "CAP_CAP_CHOWN", "CAP_CAP_CHOWN");
	check_bad(&vc_bcaps, "CAP_CHOWN_", "CAP_CHOWN_");
	check_bad(&vc_bcaps, "0", "0");		/* numbers are not names */
	check_bad(&vc_bcaps, "chown,~,kill", "~");
	check_bad(&vc_bcaps, "~!chown", "~!chown");
	check_bad(&vc_bcaps, "chown,", "");
	check_bad(&vc_bcaps, "", "");
	check_bad(&vc_bcaps, "set_utsname", "set_utsname");	/* a ccap */
}

static void check_ccaps(void)
{
	check_table(&vc_ccaps, ALL_VXC);
	check_good(&vc_ccaps, "set_utsname", VXC_SET_UTSNAME, 0);
	check_good(&vc_ccaps, "SECURE_MOUNT,~raw_icmp,!namespace",
		   VXC_SECURE_MOUNT, VXC_RAW_ICMP | VXC_NAMESPACE);
	check_good(&vc_ccaps, "kthread,admin_cloop",
		   VXC_KTHREAD | VXC_ADMIN_CLOOP, 0);
	check_bad(&vc_ccaps, "CAP_SET_UTSNAME", "CAP_SET_UTSNAME");
	check_bad(&vc_ccaps, "chown", "chown");
	check_bad(&vc_ccaps, "utsname", "utsname");
}

static void check_secure(void)
{
	const uint64_t want = BIT(CAP_CHOWN) | BIT(CAP_DAC_OVERRIDE) |
		BIT(CAP_DAC_READ_SEARCH) | BIT(CAP_FOWNER) | BIT(CAP_FSETID) |
		BIT(CAP_KILL) | BIT(CAP_SETGID) | BIT(CAP_SETUID) |
		BIT(CAP_NET_BIND_SERVICE) | BIT(CAP_SYS_CHROOT) |
		BIT(CAP_SYS_PTRACE) | BIT(CAP_SYS_TTY_CONFIG) | BIT(CAP_LEASE) |
		BIT(CAP_SETFCAP) | BIT(CAP_AUDIT_WRITE);
	struct vc_flag_change chg = { 0, 0 };

	CHECK(VC_BCAPS_SECURE == want && __builtin_popcountll(want) == 15,
	      "secure: the 15 capabilities a guest needs");

	vc_bcaps_secure(&chg);
	CHECK(chg.set == want && chg.clear == (ALL_CAPS & ~want),
	      "secure alone: keep the set, remove every other capability");
	CHECK(vc_flags_apply(ALL_CAPS, &chg) == want &&
	      vc_flags_mask(&chg) == ALL_CAPS,
	      "secure alone: the bound becomes exactly the set");

	/* --secure --cap NET_RAW,~KILL, in either option order. */
	chg = (struct vc_flag_change){ 0, 0 };
	CHECK(parse(&vc_bcaps, "NET_RAW,~KILL", &chg) == 0, "secure: list parses");
	vc_bcaps_secure(&chg);
	CHECK(vc_flags_apply(ALL_CAPS, &chg) ==
	      ((want | BIT(CAP_NET_RAW)) & ~BIT(CAP_KILL)) &&
	      vc_flags_apply(0, &chg) == vc_flags_apply(ALL_CAPS, &chg),
	      "secure: the list adds and removes on top of the set");
	CHECK(!(chg.set & chg.clear), "secure: no bit is both set and cleared");
}

int main(void)
{
	check_bcap_table();
	check_bcap_names();
	check_ccaps();
	check_secure();
	return unit_result();
}
