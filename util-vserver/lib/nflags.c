// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Network context flag and capability names, as util-vserver
 * configurations spell them (nflags and ncapabilities files, --flag and
 * --ncap options).
 */
#include "config.h"

#include "libvserver.h"

static const struct vc_bit_name nflag_names[] = {
	{ "private",      NXF_INFO_PRIVATE },
	{ "single_ip",    NXF_SINGLE_IP },
	{ "lback_remap",  NXF_LBACK_REMAP },
	{ "lback_allow",  NXF_LBACK_ALLOW },
	{ "hide_netif",   NXF_HIDE_NETIF },
	{ "hide_lback",   NXF_HIDE_LBACK },
	{ "state_setup",  NXF_STATE_SETUP },
	{ "state_admin",  NXF_STATE_ADMIN },
	{ "sc_helper",    NXF_SC_HELPER },
	{ "persistent",   NXF_PERSISTENT },
};

const struct vc_bit_names vc_nflags = {
	.what = "network flag",
	.names = nflag_names,
	.count = sizeof(nflag_names) / sizeof(nflag_names[0]),
};

static const struct vc_bit_name ncap_names[] = {
	{ "tun_create",   NXC_TUN_CREATE },
	{ "raw_icmp",     NXC_RAW_ICMP },
	{ "multicast",    NXC_MULTICAST },
};

const struct vc_bit_names vc_ncaps = {
	.what = "network capability",
	.names = ncap_names,
	.count = sizeof(ncap_names) / sizeof(ncap_names[0]),
};
