# Bad input to the network tools (ncontext, naddress, nattribute,
# chbind): exit 1, a message that names the option and says what is
# wrong, nothing on stdout, and not one vserver(2) call, not even a query
# (the fake kernel records every call).
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

use_fake_kernel

# refused MESSAGE TOOL ARG...: exit 1 with MESSAGE on stderr, no call.
refused() {
	uv_msg=$1
	shift
	fake_reset
	run "$@"
	expect_rc 1
	expect_err "$1: $uv_msg"
	expect_empty out
	expect_no_call
}

# addresses N FORMAT: N --ip options, FORMAT given the index 1..N.
addresses() {
	uv_i=1
	while [ "$uv_i" -le "$1" ]; do
		# shellcheck disable=SC2059 # the format is the argument
		printf -- "--ip $2 " "$uv_i"
		uv_i=$((uv_i + 1))
	done
}

# -- chbind: addresses -----------------------------------------------------
refused "invalid --ip argument '10.0.0.300': not an IPv4 or IPv6 address" \
	chbind --ip 10.0.0.300 -- true
refused "invalid --ip argument 'eth0': not an IPv4 or IPv6 address" \
	chbind --ip eth0 -- true
refused "invalid --ip argument '': not an IPv4 or IPv6 address" \
	chbind --ip "" -- true
refused "invalid --ip argument '10.0.0.2/33': the mask must be a prefix length from 0 to 32 or a netmask such as 255.255.255.0" \
	chbind --ip 10.0.0.2/33 -- true
refused "invalid --ip argument '10.0.0.2/': the mask must be a prefix length" \
	chbind --ip 10.0.0.2/ -- true
refused "invalid --ip argument '10.0.0.2/255.0.255.0': the netmask is not contiguous (its one bits must come first)" \
	chbind --ip 10.0.0.2/255.0.255.0 -- true
refused "invalid --ip argument 'fd00::1/129': the prefix length must be from 0 to 128" \
	chbind --ip fd00::1/129 -- true
refused "invalid --ip argument '0.0.0.0': not a host address (unspecified, multicast or broadcast)" \
	chbind --ip 0.0.0.0 -- true
refused "invalid --ip argument '224.0.0.1': not a host address" \
	chbind --ip 224.0.0.1 -- true
refused "invalid --ip argument '::1': not a host address (unspecified, loopback, multicast or IPv4-mapped)" \
	chbind --ip ::1 -- true
refused "invalid --ip argument '10.0.0.2/24': --ip '10.0.0.2' gives this entry already" \
	chbind --ip 10.0.0.2 --ip 10.0.0.2/24 -- true
refused "invalid --ip argument 'fd00::2/64': --ip 'fd00::2' gives this entry already" \
	chbind --ip fd00::2 --ip fd00::2/64 -- true
refused "invalid --net argument '10.1.0.0': a subnet needs a mask, as in 10.0.0.0/24" \
	chbind --net 10.1.0.0 -- true
refused "invalid --net argument '10.1.0.0/0': a subnet needs a mask of 1 to 32 bits" \
	chbind --net 10.1.0.0/0 -- true
refused "invalid --range argument '10.0.0.9-10.0.0.1': the last address of the range comes before the first" \
	chbind --range 10.0.0.9-10.0.0.1 -- true
refused "invalid --range argument '10.0.0.1': expected FIRST-LAST, two IPv4 addresses" \
	chbind --range 10.0.0.1 -- true
refused "invalid --bcast argument '10.0.0.255/24': takes no mask" \
	chbind --ip 10.0.0.2 --bcast 10.0.0.255/24 -- true
refused "invalid --bcast argument '10.0.1.255': --bcast '10.0.0.255' gives the broadcast address already" \
	chbind --ip 10.0.0.2 --bcast 10.0.0.255 --bcast 10.0.1.255 -- true
refused "invalid --lback argument '10.0.0.1': not a loopback address (127.0.0.0/8)" \
	chbind --ip 10.0.0.2 --lback 10.0.0.1 -- true
refused "invalid --lback argument '127.0.0.2': --ip 'localhost' gives the loopback address already" \
	chbind --ip localhost --lback 127.0.0.2 -- true

# 64 entries per family; the 65th is refused, whichever family.
# shellcheck disable=SC2046 # one word per option and address
refused "invalid --ip argument '10.0.1.65': too many IPv4 entries (a network context holds 64 at most)" \
	chbind $(addresses 65 10.0.1.%d) -- true
# shellcheck disable=SC2046
refused "invalid --ip argument 'fd00::41': too many IPv6 entries (a network context holds 64 at most)" \
	chbind --ip 10.0.0.1 $(addresses 65 fd00::%x) -- true
# shellcheck disable=SC2046
refused "invalid --net argument '10.9.0.0/16': too many IPv4 entries" \
	chbind $(addresses 64 10.0.1.%d) --bcast 10.0.1.255 --lback 127.0.0.2 \
	--net 10.9.0.0/16 -- true

# A full list (64 + 64 entries, a broadcast and a loopback address), then
# one more of each kind.
full="$(addresses 64 10.0.1.%d) $(addresses 64 fd00::%x) --bcast 10.0.1.255 --lback 127.0.0.2"
# shellcheck disable=SC2086 # one word per option and address
refused "invalid --ip argument '10.0.2.1': too many IPv4 entries" \
	chbind $full --ip 10.0.2.1 -- true
# shellcheck disable=SC2086
refused "invalid --net argument 'fd01::/64': too many IPv6 entries" \
	naddress --add --nid 300 $full --net fd01::/64
# shellcheck disable=SC2086
refused "invalid --bcast argument '10.0.2.255': --bcast '10.0.1.255' gives the broadcast address already" \
	chbind $full --bcast 10.0.2.255 -- true
# shellcheck disable=SC2086
refused "invalid --ip argument 'localhost': --lback '127.0.0.2' gives the loopback address already" \
	chbind $full --ip localhost -- true

# -- chbind: other options ---------------------------------------------------
fake_reset
run chbind --ip
expect_rc 1
expect_err "option '--ip' requires an argument"
expect_err "Try 'chbind --help' for more information."
expect_no_call

refused "no address given: use --ip (or --net, --range)" chbind -- true
refused "no address given: use --ip (or --net, --range)" \
	chbind --bcast 10.0.0.255 --lback 127.0.0.2 -- true
refused "no command given" chbind --ip 10.0.0.2
refused "no command given" chbind --nid 300 --ip 10.0.0.2 --
refused "invalid --flag argument: unknown network flag 'bogus'" \
	chbind --ip 10.0.0.2 --flag bogus -- true
refused "invalid --flag argument: unknown network flag 'lock'" \
	chbind --ip 10.0.0.2 --flag lock -- true
refused "invalid --flag argument '': empty network flag name" \
	chbind --ip 10.0.0.2 --flag "" -- true
refused "invalid --flag argument: state_setup can only be cleared (~state_setup)" \
	chbind --ip 10.0.0.2 --flag state_setup -- true
refused "invalid --flag argument: state_admin can only be cleared (~state_admin)" \
	chbind --ip 10.0.0.2 --flag persistent,state_admin -- true
refused "invalid --ncap argument: unknown network capability 'net_raw'" \
	chbind --ip 10.0.0.2 --ncap net_raw -- true
for nid in 0 1 65536 abc -5 0x12c self ""; do
	refused "invalid --nid argument '$nid': expected a network context id from 2 to 65535" \
		chbind --nid "$nid" --ip 10.0.0.2 -- true
done

# -- ncontext ------------------------------------------------------------------
refused "one of --create or --migrate is required" ncontext --nid 300 -- true
refused "--migrate needs --nid" ncontext --migrate -- true
refused "--migrate-self needs --nid" ncontext --migrate-self -- true
refused "--create and --migrate are mutually exclusive" \
	ncontext --create --migrate --nid 300 -- true
refused "--migrate-self and --create are mutually exclusive" \
	ncontext --migrate-self --create --nid 300 -- true
refused "--flag is only valid with --create" \
	ncontext --migrate --nid 300 --flag private -- true
refused "--silentexist is only valid with --create" \
	ncontext --migrate --nid 300 --silentexist -- true
refused "--silentexist needs --nid: a picked id is always new" \
	ncontext --create --silentexist -- true
refused "invalid --nid argument '1': expected a network context id from 2 to 65535" \
	ncontext --create --nid 1 -- true
refused "invalid --nid argument 'self'" ncontext --migrate --nid self -- true
refused "invalid --flag argument: unknown network flag 'fakeinit'" \
	ncontext --create --nid 300 --flag fakeinit -- true
refused "no command given" ncontext --create --nid 300
refused "no command given" ncontext --migrate --nid 300 --

# -- naddress -----------------------------------------------------------------
refused "one of --add, --remove or --set is required" \
	naddress --nid 300 --ip 10.0.0.2
refused "--add and --set are mutually exclusive" \
	naddress --add --set --nid 300 --ip 10.0.0.2
refused "--remove and --add are mutually exclusive" \
	naddress --remove --add --nid 300 --ip 10.0.0.2
refused "--nid is required (a network context id, or self)" \
	naddress --add --ip 10.0.0.2
refused "no address given: use --ip, --net, --range, --bcast or --lback" \
	naddress --add --nid 300
refused "invalid --nid argument '70000': expected a network context id from 2 to 65535, or self" \
	naddress --add --nid 70000 --ip 10.0.0.2
refused "invalid --ip argument '10.0.0.2/40': the mask must be a prefix length" \
	naddress --add --nid 300 --ip 10.0.0.2/40
refused "invalid --net argument '2001:db8::/0': a subnet needs a prefix length from 1 to 128" \
	naddress --add --nid 300 --net 2001:db8::/0
refused "--remove cannot remove --bcast '10.0.0.255': the broadcast and loopback addresses are replaced, not removed" \
	naddress --remove --nid 300 --ip 10.0.0.2 --bcast 10.0.0.255
refused "--remove cannot remove --ip 'localhost'" \
	naddress --remove --nid 300 --ip localhost
# shellcheck disable=SC2046
refused "invalid --ip argument '10.0.2.65': too many IPv4 entries" naddress --set --nid 300 $(addresses 65 10.0.2.%d)
fake_reset
run naddress --add --nid 300 --ip
expect_rc 1
expect_err "option '--ip' requires an argument"
expect_no_call

# -- nattribute ----------------------------------------------------------------
refused "--nid is required (a network context id, or self)" nattribute --get
refused "nothing to do: give --ncap, --flag, --secure, --get or a command" \
	nattribute --nid 300
refused "nothing to do" nattribute --nid 300 --set
refused "invalid --flag argument: state_admin can only be cleared (~state_admin)" \
	nattribute --nid 300 --flag state_admin
refused "invalid --ncap argument: unknown network capability 'bogus'" \
	nattribute --nid 300 --ncap raw_icmp,bogus
refused "invalid --nid argument '1': expected a network context id from 2 to 65535, or self" \
	nattribute --nid 1 --get

finish
