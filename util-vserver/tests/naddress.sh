# naddress against the fake vserver(2): the entries it asks the kernel to
# add or remove (each field, in order), --set, --nid self, exec, and the
# kernel's refusals.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

use_fake_kernel

ALL4=255.255.255.255
ALL6=ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff

# expect_addrs NID LINE...: the entries network context NID holds now.
expect_addrs() {
	uv_nid=$1
	shift
	printf '%s\n' "$@" >"$uv_tmp/want"
	fake_addrs "$uv_nid" >"$uv_tmp/have"
	if cmp -s "$uv_tmp/want" "$uv_tmp/have"; then
		pass "$last: network context $uv_nid holds $# entries"
	else
		fail "$last: network context $uv_nid holds other entries"
		diff "$uv_tmp/want" "$uv_tmp/have" | sed 's/^/    addrs| /'
	fi
}

# -- --add: every kind of entry, in order --------------------------------------
fake_ncontext 300
fake_reset
run naddress --add --nid 300 --ip 10.0.0.2/24 --ip fd00::2/64 \
	--net 10.1.2.3/16 --net fd01::/48 --range 10.2.0.1-10.2.0.9 \
	--bcast 10.0.0.255 --lback 127.0.0.9 --ip 10.0.0.3/255.255.255.128
expect_rc 0
expect_empty out
expect_empty err
expect_log_is \
	"net_add_ipv4 300 addr 10.0.0.2 0.0.0.0 255.255.255.0" \
	"net_add_ipv6 300 addr fd00::2 128 $ALL6" \
	"net_add_ipv4 300 mask 10.1.0.0 0.0.0.0 255.255.0.0" \
	"net_add_ipv6 300 mask fd01:: 48 ffff:ffff:ffff::" \
	"net_add_ipv4 300 range 10.2.0.1 10.2.0.10 $ALL4" \
	"net_add_ipv4 300 bcast 10.0.0.255 0.0.0.0 $ALL4" \
	"net_add_ipv4 300 lback 127.0.0.9 0.0.0.0 $ALL4" \
	"net_add_ipv4 300 addr 10.0.0.3 0.0.0.0 255.255.255.128"

# localhost on --ip is the loopback address, and replaces the previous one.
fake_reset
run naddress --add --nid 300 --ip localhost
expect_rc 0
expect_log_is "net_add_ipv4 300 lback 127.0.0.1 0.0.0.0 $ALL4"

# -- refusals of --add -----------------------------------------------------------
run naddress --add --nid 300 --ip 10.0.0.2
expect_rc 1
expect_exact err "naddress: cannot add 10.0.0.2 to network context 300: it has this entry already"
UV_FAKE_FAIL=net_add_ipv4:ENOSPC run naddress --add --nid 300 --ip 10.0.0.4
expect_rc 1
expect_exact err "naddress: cannot add 10.0.0.4 to network context 300: it has 64 entries of this family already"

# The first refusal stops: what came before stays, what comes after is not tried.
fake_reset
run naddress --add --nid 300 --ip 10.0.0.5 --ip 10.0.0.3 --ip 10.0.0.6
expect_rc 1
expect_exact err "naddress: cannot add 10.0.0.3 to network context 300: it has this entry already"
expect_log_is "net_add_ipv4 300 addr 10.0.0.5 0.0.0.0 $ALL4" \
	"net_add_ipv4 300 addr 10.0.0.3 0.0.0.0 $ALL4"

run naddress --add --nid 302 --ip 10.0.0.2
expect_rc 1
expect_exact err "naddress: cannot add 10.0.0.2 to network context 302: No such process"
fake_ncontext 301 106000200
run naddress --add --nid 301 --ip 10.0.0.2
expect_rc 1
expect_exact err "naddress: cannot add 10.0.0.2 to network context 301: it no longer accepts administration (state_admin is cleared)"
UV_FAKE_XID=42 run naddress --add --nid 300 --ip 10.0.0.7
expect_rc 1
expect_exact err "naddress: cannot add 10.0.0.7 to network context 300: Operation not permitted"

# -- --remove: each entry as it was added ------------------------------------------
fake_reset
run naddress --remove --nid 300 --ip 10.0.0.2 --net 10.1.0.0/16 \
	--range 10.2.0.1-10.2.0.9 --ip fd00::2 --net fd01::/48 --ip 10.0.0.5
expect_rc 0
expect_empty err
expect_log_is \
	"net_rem_ipv4 300 addr 10.0.0.2 0.0.0.0 $ALL4" \
	"net_rem_ipv4 300 mask 10.1.0.0 0.0.0.0 255.255.0.0" \
	"net_rem_ipv4 300 range 10.2.0.1 10.2.0.10 $ALL4" \
	"net_remove_ipv6 300 addr fd00::2 128 $ALL6" \
	"net_remove_ipv6 300 mask fd01:: 48 ffff:ffff:ffff::" \
	"net_rem_ipv4 300 addr 10.0.0.5 0.0.0.0 $ALL4"
expect_addrs 300 \
	"ipv4 bcast 10.0.0.255 0.0.0.0 $ALL4" \
	"ipv4 lback 127.0.0.1 0.0.0.0 $ALL4" \
	"ipv4 addr 10.0.0.3 0.0.0.0 255.255.255.128"
run naddress --remove --nid 300 --ip 10.0.0.2
expect_rc 1
expect_exact err "naddress: cannot remove 10.0.0.2 from network context 300: it has no such entry"

# -- --set: every address goes (the loopback address stays), then add -------------
fake_reset
run naddress --set --nid 300 --ip 10.0.0.7/24 --ip fd00::7
expect_rc 0
expect_log_is \
	"net_rem_ipv4 300 any 0.0.0.0 0.0.0.0 0.0.0.0" \
	"net_remove_ipv6 300 any :: 0 ::" \
	"net_add_ipv4 300 addr 10.0.0.7 0.0.0.0 255.255.255.0" \
	"net_add_ipv6 300 addr fd00::7 128 $ALL6"
expect_addrs 300 \
	"ipv4 lback 127.0.0.1 0.0.0.0 $ALL4" \
	"ipv4 addr 10.0.0.7 0.0.0.0 255.255.255.0" \
	"ipv6 addr fd00::7 128 $ALL6"
UV_FAKE_FAIL=net_remove_ipv6:EPERM run naddress --set --nid 300 --ip 10.0.0.8
expect_rc 1
expect_exact err "naddress: cannot remove the IPv6 addresses of network context 300: Operation not permitted"

# -- --nid self: the caller's own; from inside, only its own is visible --------------
fake_reset
run ncontext --create --silent --nid 303 -- \
	"$UV_BUILDDIR/src/naddress" --add --nid self --ip 10.0.3.1
expect_rc 0
expect_log_is "net_create 303 0x506000200" \
	"net_add_ipv4 303 addr 10.0.3.1 0.0.0.0 $ALL4"
run naddress --add --nid self --ip 10.0.3.1
expect_rc 1
expect_exact err "naddress: --nid self: this process is in no network context (it uses the host network)"
run ncontext --create --silent --nid 304 -- \
	"$UV_BUILDDIR/src/naddress" --add --nid 300 --ip 10.0.3.2
expect_rc 1
expect_exact err "naddress: cannot add 10.0.3.2 to network context 300: No such process"

# -- exec ----------------------------------------------------------------------------
run naddress --add --nid 300 --ip 10.0.0.9 -- sh -c 'echo ran; exit 7'
expect_rc 7
expect_exact out ran
run naddress --add --nid 300 --ip 10.0.0.10 -- "$uv_tmp/no-such-command"
expect_rc 127
expect_exact err "naddress: failed to execute $uv_tmp/no-such-command: No such file or directory"
# A refusal stops before the command.
run naddress --add --nid 300 --ip 10.0.0.10 -- sh -c 'echo ran'
expect_rc 1
expect_empty out

# -- a vserver kernel without network contexts ----------------------------------------
UV_FAKE_REFUSE=net_add_ipv6 run naddress --add --nid 300 --ip fd00::9
expect_rc 3
expect_exact err "naddress: kernel lacks network context support"
UV_FAKE_REFUSE=task_nid run naddress --add --nid self --ip 10.0.0.11
expect_rc 3
expect_exact err "naddress: kernel lacks network context support"

finish
