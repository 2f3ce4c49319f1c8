# nattribute against the fake vserver(2): what it sets (value and mask),
# --secure, what --get prints, --nid self, exec, and the kernel's
# refusals.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

use_fake_kernel

# -- --get on a network context as the tools create it -------------------------
fake_ncontext 300
run nattribute --nid 300 --get
expect_rc 0
expect_empty err
printf '%s\n' "ncaps:" \
	"flags: lback_remap,hide_netif,hide_lback,state_setup,state_admin" \
	>"$uv_tmp/want"
if cmp -s "$uv_tmp/want" "$uv_tmp/out"; then
	pass "$last: no ncaps, the default flags"
else
	fail "$last: unexpected output"
fi

# -- setting: only the named bits; capabilities first, flags last ------------------
fake_reset
run nattribute --nid 300 --flag single_ip,~hide_netif --ncap raw_icmp,~multicast \
	--ncap TUN_CREATE
expect_rc 0
expect_empty out
expect_empty err
expect_log_is "set_ncaps 300 0x101 0x1101" "set_nflags 300 0x100 0x2000100"
run nattribute --nid 300 --get
expect_out "ncaps: tun_create,raw_icmp"
expect_out "flags: single_ip,lback_remap,hide_lback,state_setup,state_admin"

# --set is accepted and changes nothing by itself.
fake_reset
run nattribute --set --nid 300 --flag ~single_ip
expect_rc 0
expect_log_is "set_nflags 300 0x0 0x100"

# -- --secure: the secure defaults, with --ncap/--flag on top in any order -----------
fake_reset
run nattribute --nid 300 --secure
expect_rc 0
expect_log_is "set_ncaps 300 0x0 0x1101" "set_nflags 300 0x6000200 0x6000600"
run nattribute --nid 300 --get
expect_out "ncaps:"
expect_out "flags: lback_remap,hide_netif,hide_lback,state_setup,state_admin"
fake_reset
run nattribute --ncap raw_icmp --nid 300 --secure --flag lback_allow,~hide_lback
expect_rc 0
expect_log_is "set_ncaps 300 0x100 0x1101" "set_nflags 300 0x2000600 0x6000600"

# -- one-time flags: cleared only, and state_admin ends the administration ------------
fake_reset
run nattribute --nid 300 --flag ~state_setup
expect_rc 0
expect_log_is "set_nflags 300 0x0 0x100000000"
run nattribute --nid 300 --flag ~state_admin,persistent
expect_rc 0
run nattribute --nid 300 --get
expect_out "flags: lback_remap,lback_allow,hide_netif,persistent"
run nattribute --nid 300 --ncap multicast
expect_rc 1
expect_exact err "nattribute: cannot set the network capabilities of network context 300: it no longer accepts administration (state_admin is cleared)"

# Bits without a name are shown as a number.
fake_ncontext 301 506000200 8000000000000000
run nattribute --nid 301 --get
expect_out "ncaps: 0x8000000000000000"

# -- --nid self ------------------------------------------------------------------
fake_reset
run ncontext --create --silent --nid 302 -- \
	"$UV_BUILDDIR/src/nattribute" --nid self --flag ~state_setup --get
expect_rc 0
expect_log_is "net_create 302 0x506000200" "set_nflags 302 0x0 0x100000000"
expect_out "flags: lback_remap,hide_netif,hide_lback,state_admin"
run nattribute --nid self --get
expect_rc 1
expect_exact err "nattribute: --nid self: this process is in no network context (it uses the host network)"

# -- --get then exec: the output comes first ---------------------------------------
run nattribute --nid 301 --get -- sh -c 'echo command ran; exit 5'
expect_rc 5
if [ "$(tail -n 1 "$uv_tmp/out")" = "command ran" ] &&
	[ "$(sed -n 1p "$uv_tmp/out" | cut -c1-6)" = "ncaps:" ]; then
	pass "$last: --get output, then the command"
else
	fail "$last: output out of order"
fi
run nattribute --nid 301 -- "$uv_tmp/no-such-command"
expect_rc 127

# -- refusals --------------------------------------------------------------------
run nattribute --nid 303 --flag private
expect_rc 1
expect_exact err "nattribute: cannot set the network flags of network context 303: No such process"
run nattribute --nid 303 --get
expect_rc 1
expect_exact err "nattribute: cannot get the network capabilities of network context 303: No such process"
UV_FAKE_XID=42 run nattribute --nid 301 --flag private
expect_rc 1
expect_exact err "nattribute: cannot set the network flags of network context 301: Operation not permitted"
fake_reset
UV_FAKE_FAIL=set_ncaps:EINVAL run nattribute --nid 301 --ncap multicast --flag private
expect_rc 1
expect_exact err "nattribute: cannot set the network capabilities of network context 301: Invalid argument"
expect_no_log "set_nflags"
UV_FAKE_REFUSE=get_nflags run nattribute --nid 301 --get
expect_rc 3
expect_exact err "nattribute: kernel lacks network context support"

finish
