# chbind against the fake vserver(2): the exact sequence of calls (create,
# addresses, capabilities, end of setup), the id it picks, an existing
# network context, --secure, and that a failure half-way leaves no
# network context behind.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

use_fake_kernel

ALL4=255.255.255.255
ALL6=ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff

# gone NID: network context NID does not exist (any more).
gone() {
	"$UV_BUILDDIR/src/nattribute" --nid "$1" --get >/dev/null 2>&1
	if [ $? = 1 ] && ! [ -e "$UV_FAKE_DIR/nx.$1" ]; then
		pass "$last: network context $1 is gone"
	else
		fail "$last: network context $1 is still there"
	fi
}

# flags_of NID: the flags line of nattribute --get.
flags_of() {
	"$UV_BUILDDIR/src/nattribute" --nid "$1" --get | sed -n 's/^flags: //p'
}

# -- the everyday call ----------------------------------------------------------
fake_reset
run chbind --nid 300 --ip 10.0.0.2/24 --ip fd00::2 -- printenv UV_FAKE_NID
expect_rc 0
expect_exact out 300
expect_exact err "New network context is 300"
expect_log_is \
	"net_create 300 0x506000200" \
	"net_add_ipv4 300 addr 10.0.0.2 0.0.0.0 255.255.255.0" \
	"net_add_ipv6 300 addr fd00::2 128 $ALL6" \
	"set_nflags 300 0x0 0x100000000"
# The command was its last task.
gone 300

# What the command finds: the addresses, the setup over.
fake_reset
run chbind --silent --nid 301 --ip 10.0.1.2 -- sh -c \
	"cut -f2 '$UV_FAKE_DIR/nxaddr.301'; '$UV_BUILDDIR/src/nattribute' --nid self --get"
expect_rc 0
expect_empty err
printf '%s\n' "ipv4 addr 10.0.1.2 0.0.0.0 $ALL4" "ncaps:" \
	"flags: lback_remap,hide_netif,hide_lback,state_admin" >"$uv_tmp/want"
if cmp -s "$uv_tmp/want" "$uv_tmp/out"; then
	pass "$last: the command runs with the address, out of setup"
else
	fail "$last: the command sees something else"
fi

# -- every option, in the order of the steps -------------------------------------
fake_reset
run chbind --nid 302 --ncap raw_icmp --flag single_ip,~hide_lback \
	--ip 10.0.2.2/255.255.255.0 --net 10.3.0.0/16 --range 10.4.0.1-10.4.0.3 \
	--net fd02::/64 --bcast 10.0.2.255 --lback 127.0.2.1 -- true
expect_rc 0
expect_log_is \
	"net_create 302 0x502000300" \
	"net_add_ipv4 302 addr 10.0.2.2 0.0.0.0 255.255.255.0" \
	"net_add_ipv4 302 mask 10.3.0.0 0.0.0.0 255.255.0.0" \
	"net_add_ipv4 302 range 10.4.0.1 10.4.0.4 $ALL4" \
	"net_add_ipv6 302 mask fd02:: 64 ffff:ffff:ffff:ffff::" \
	"net_add_ipv4 302 bcast 10.0.2.255 0.0.0.0 $ALL4" \
	"net_add_ipv4 302 lback 127.0.2.1 0.0.0.0 $ALL4" \
	"set_ncaps 302 0x100 0x100" \
	"set_nflags 302 0x0 0x100000000"

# --ip localhost: the loopback address only.
fake_reset
run chbind --silent --nid 303 --ip localhost -- true
expect_rc 0
expect_log_is "net_create 303 0x506000200" \
	"net_add_ipv4 303 lback 127.0.0.1 0.0.0.0 $ALL4" \
	"set_nflags 303 0x0 0x100000000"

# 64 entries per family, a broadcast and a loopback address: all accepted.
set --
i=1
while [ "$i" -le 64 ]; do
	set -- "$@" --ip "10.5.0.$i" --ip "fd05::$i"
	i=$((i + 1))
done
fake_reset
run chbind --silent --nid 304 "$@" --bcast 10.5.0.255 --lback 127.0.5.1 -- true
expect_rc 0
if [ "$(grep -c '^net_add_ipv' "$UV_FAKE_DIR/log")" = 130 ]; then
	pass "$last: 130 entries added"
else
	fail "$last: not 130 entries added"
fi

# -- persistent and ~state_admin come with the end of the setup -------------------
fake_reset
run chbind --silent --nid 305 --ip 10.0.5.2 --flag persistent,~state_admin -- true
expect_rc 0
expect_log_is "net_create 305 0x506000200" \
	"net_add_ipv4 305 addr 10.0.5.2 0.0.0.0 $ALL4" \
	"set_nflags 305 0x4000000000 0x4500000000"
last="chbind --flag persistent,~state_admin"
if [ "$(flags_of 305)" = "lback_remap,hide_netif,hide_lback,persistent" ]; then
	pass "$last: persistent, setup and administration over"
else
	fail "$last: flags $(flags_of 305)"
fi
# ... so nothing enters it any more.
run chbind --nid 305 --ip 10.0.5.2 -- true
expect_rc 1
expect_exact err "chbind: network context 305 exists and accepts no more tasks (state_admin is cleared, or it is private and out of setup)"

# -- --secure ----------------------------------------------------------------------
fake_reset
run chbind --silent --nid 306 --ip 10.0.6.2 --secure -- true
expect_rc 0
expect_log_is "net_create 306 0x506000200" \
	"net_add_ipv4 306 addr 10.0.6.2 0.0.0.0 $ALL4" \
	"set_ncaps 306 0x0 0x1101" \
	"set_nflags 306 0x0 0x100000000"
fake_reset
run chbind --silent --ncap raw_icmp --nid 307 --flag lback_allow --secure \
	--ip 10.0.7.2 -- true
expect_rc 0
expect_log "net_create 307 0x506000600"
expect_log "set_ncaps 307 0x100 0x1101"

# -- no --nid: the lowest free id from 49152 ------------------------------------------
fake_ncontext 49152
fake_reset
run chbind --ip 10.0.8.2 -- printenv UV_FAKE_NID
expect_rc 0
expect_exact out 49153
expect_exact err "New network context is 49153"
expect_log_is "net_create 49152 0x506000200" "net_create 49153 0x506000200" \
	"net_add_ipv4 49153 addr 10.0.8.2 0.0.0.0 $ALL4" \
	"set_nflags 49153 0x0 0x100000000"
UV_FAKE_FAIL=net_create:EEXIST run chbind --ip 10.0.8.2 -- true
expect_rc 1
expect_exact err "chbind: cannot create a network context: every id from 49152 to 65535 is taken; use --nid"

# -- an existing network context: entered as it is, and said so ---------------------
fake_ncontext 310 406000200
for silent in "" --silent; do
	fake_reset
	# shellcheck disable=SC2086 # no option when empty
	run chbind $silent --nid 310 --ip 10.0.10.2 --secure -- printenv UV_FAKE_NID
	expect_rc 0
	expect_exact out 310
	expect_exact err "chbind: network context 310 exists: entered it as it is (its addresses, flags and capabilities are left unchanged)"
	expect_log_is "net_create 310 0x506000200" "net_migrate 310"
done
fake_ncontext 311 406000208
run chbind --nid 311 --ip 10.0.11.2 -- true
expect_rc 1
expect_exact err "chbind: network context 311 exists and accepts no more tasks (state_admin is cleared, or it is private and out of setup)"

# -- a refusal half-way: chbind exits, the network context goes with it ---------------
for step in net_add_ipv6 set_ncaps set_nflags; do
	fake_reset
	UV_FAKE_FAIL=$step:EINVAL run chbind --nid 312 --ip 10.0.12.2 --ip fd00::12 \
		--ncap multicast --flag persistent -- sh -c 'echo ran'
	expect_rc 1
	expect_empty out
	case $step in
	net_add_ipv6)
		expect_exact err "chbind: cannot add fd00::12 to network context 312: Invalid argument" ;;
	set_ncaps)
		expect_exact err "chbind: cannot set the network capabilities of network context 312: Invalid argument" ;;
	set_nflags)
		expect_exact err "chbind: cannot end the setup of network context 312: Invalid argument" ;;
	esac
	expect_log "net_create 312 0x506000200"
	expect_no_log "0x4[0-9a-f]\{9\} "	# persistent never asked for
	gone 312
done

UV_FAKE_FAIL=net_add_ipv4:EADDRNOTAVAIL run chbind --silent --ip 10.0.13.2 -- true
expect_rc 1
expect_exact err "chbind: cannot add 10.0.13.2 to network context 49153: Cannot assign requested address"
gone 49153

# Only the host context.
UV_FAKE_XID=42 run chbind --nid 313 --ip 10.0.13.2 -- true
expect_rc 1
expect_exact err "chbind: cannot create network context 313: Operation not permitted"
UV_FAKE_XID=42 run chbind --ip 10.0.13.2 -- true
expect_exact err "chbind: cannot create a network context: Operation not permitted"

# -- exec ------------------------------------------------------------------------------
run chbind --silent --ip 10.0.14.2 -- sh -c 'exit 7'
expect_rc 7
run chbind --silent --ip 10.0.14.2 -- "$uv_tmp/no-such-command"
expect_rc 127
expect_exact err "chbind: failed to execute $uv_tmp/no-such-command: No such file or directory"
: >"$uv_tmp/not-executable"
run chbind --silent --ip 10.0.14.2 -- "$uv_tmp/not-executable"
expect_rc 126
expect_err "chbind: failed to execute $uv_tmp/not-executable: Permission denied"
# Options after the command are the command's.
run chbind --silent --ip 10.0.14.2 echo --ip --bogus
expect_rc 0
expect_exact out "--ip --bogus"

# -- a vserver kernel without network contexts ---------------------------------------------
UV_FAKE_REFUSE=net_create run chbind --ip 10.0.15.2 -- true
expect_rc 3
expect_exact err "chbind: kernel lacks network context support"

finish
