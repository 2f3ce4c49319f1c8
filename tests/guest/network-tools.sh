#!/bin/sh
# network-tools.sh: network contexts and their tools (chbind, ncontext,
# naddress, nattribute, the v_httpd init script) against the patched
# kernel.  Runs as root in the host context of the test VM (busybox sh),
# with the static tools in /usr/sbin; prints TAP.
#
# This suite owns nids 300-399 and the addresses 10.42.0.0/24 and
# fd42::/64, put on a dummy interface vsd0 (CONFIG_DUMMY), or on lo
# without it.  Its web servers are busybox httpd, its client busybox
# wget.  On a kernel without network contexts it skips as a whole.
#
# Probing a bind: "timeout 2 busybox httpd -f -p ADDR:PORT" fails at once
# (exit 1, "bind: Cannot assign requested address") when the bind is
# refused, and is still serving when timeout ends it (exit 143).
#
# $V_HTTPD and $V_SSHD replace /etc/init.d/v_httpd and v_sshd, to run the
# suite elsewhere.  busybox telnetd stands in for sshd (a remote-login
# daemon that binds the wildcard unless told otherwise).

PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
export PATH

T=$(mktemp -d /tmp/network-tools.XXXXXX) || exit 1
v_httpd=${V_HTTPD:-/etc/init.d/v_httpd}
v_sshd=${V_SSHD:-/etc/init.d/v_sshd}
servers=
dev=

. "$(dirname "$0")/_tap.sh"

cleanup() {
	for pid in $servers; do
		kill "$pid" 2>/dev/null
	done
	[ -f "$T/httpd4.pid" ] && kill "$(cat "$T/httpd4.pid")" 2>/dev/null
	[ -f "$T/telnetd.pid" ] && kill "$(cat "$T/telnetd.pid")" 2>/dev/null
	nattribute --nid 307 --flag ~persistent 2>/dev/null
	if [ "$dev" = vsd0 ]; then
		ip link del vsd0 2>/dev/null
	elif [ "$dev" = lo ]; then
		for a in 1 2 3 4 5 6 7; do
			ip addr del "10.42.0.$a/32" dev lo 2>/dev/null
		done
		ip -6 addr del fd42::9/128 dev lo 2>/dev/null
	fi
	rm -rf "$T"
}
trap cleanup EXIT

skip() {	# skip DESC REASON
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

# page DIR TEXT: a document root whose index is TEXT.
page() {
	mkdir -p "$T/$1"
	echo "$2" >"$T/$1/index.html"
}

# fetch URL: the body, or a failure.
fetch() {
	timeout 10 wget -q -O- "$1"
}

# serve NAME CMD...: start CMD (a chbind/ncontext chain ending in an httpd)
# in the background; its pid in $server, its stderr in $T/NAME.err.
serve() {
	serve_name=$1
	shift
	"$@" </dev/null >/dev/null 2>"$T/$serve_name.err" &
	server=$!
	servers="$servers $server"
}

# wait_http URL PID: until URL answers, at most 10 s, or PID is gone.
wait_http() {
	tries=0
	while [ "$tries" -lt 40 ]; do
		timeout 5 wget -q -O /dev/null "$1" 2>/dev/null && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.25
		tries=$((tries + 1))
	done
	return 1
}

# bind_probe ADDR:PORT [WRAPPER...]: try to serve on ADDR:PORT for 2 s,
# through WRAPPER (a chbind/ncontext command ending in --); rc and output
# as with run.
bind_probe() {
	probe_at=$1
	shift
	page probe "probe"
	run "$@" timeout 2 busybox httpd -f -p "$probe_at" -h "$T/probe"
}

# bound: the last bind_probe bound, and served until timeout ended it
# (busybox timeout exits 143, coreutils timeout 124).
bound() {
	[ "$rc" -eq 143 ] || [ "$rc" -eq 124 ]
}

# --- Does this kernel have network contexts? ----------------------------------

run ncontext --create --silent --nid 399 -- true
if [ "$rc" -eq 3 ] || err_has "Operation not supported" ||
	err_has "Function not implemented"; then
	echo "# $(err)"
	skip "network contexts" "the kernel lacks network contexts"
	finish
	exit
fi
[ "$rc" -eq 0 ]
result "ncontext --create --nid 399 -- true: the kernel has network contexts"

# --- Addresses for the suite -------------------------------------------------------

suite_dev vsd0
for a in 1 2 3 4 5 6 7; do
	ip addr add "10.42.0.$a/$mask" dev "$dev"
done
prefix6=128
[ "$dev" = vsd0 ] && prefix6=64
have_ipv6=no
if ip -6 addr add "fd42::9/$prefix6" dev "$dev" 2>/dev/null; then
	have_ipv6=yes
fi
run ip addr show dev "$dev"
out_has "10.42.0.7/$mask"
result "10.42.0.1-7 on $dev (10.42.0.1 is the host's own)"

# --- Three web servers on port 80: two guests and the host -------------------------

page www1 "host page"
page www2 "page of network context 300"
page www3 "page of network context 301"
serve h300 chbind --nid 300 --ip 10.42.0.2 -- busybox httpd -f -p 80 -h "$T/www2"
h300=$server
serve h301 chbind --nid 301 --ip 10.42.0.3/24 -- busybox httpd -f -p 80 -h "$T/www3"
h301=$server
serve h302 chbind --ip 10.42.0.1 -- busybox httpd -f -p 80 -h "$T/www1"
h302=$server

wait_http http://10.42.0.2/ "$h300"
result "chbind --nid 300 --ip 10.42.0.2 -- httpd -p 80: it serves on 10.42.0.2"
wait_http http://10.42.0.3/ "$h301"
result "chbind --nid 301 --ip 10.42.0.3/24 -- httpd -p 80: it serves on 10.42.0.3"
wait_http http://10.42.0.1/ "$h302"
result "chbind --ip 10.42.0.1 -- httpd -p 80 (a picked nid): it serves on the host's address"

run fetch http://10.42.0.2/
[ "$rc" -eq 0 ] && [ "$(out)" = "page of network context 300" ]
result "wget http://10.42.0.2/ from the host: the page of network context 300"
run fetch http://10.42.0.3/
[ "$rc" -eq 0 ] && [ "$(out)" = "page of network context 301" ]
result "wget http://10.42.0.3/ from the host: the page of network context 301"
run fetch http://10.42.0.1/
[ "$rc" -eq 0 ] && [ "$(out)" = "host page" ]
result "wget http://10.42.0.1/ from the host: the host's page"

run fetch http://10.42.0.4/
[ "$rc" -ne 0 ]
result "wget http://10.42.0.4/: nobody took port 80 on the other addresses"

run netstat -ltn
[ "$rc" -eq 0 ] && out_has '10\.42\.0\.2:80 ' && out_has '10\.42\.0\.3:80 ' &&
	out_has '10\.42\.0\.1:80 ' && ! out_has '0\.0\.0\.0:80 ' && ! out_has ':::80 '
result "netstat: port 80 on 10.42.0.1, .2 and .3 each, not on the wildcard"

run grep -h "New network context is" "$T/h302.err"
[ "$rc" -eq 0 ] && out | grep -q '^New network context is [0-9][0-9]*$'
result "chbind without --nid reports the network context it picked"

# --- What a guest sees: its own addresses, interfaces and sockets -----------------

run ncontext --migrate --nid 300 -- ip -o addr
[ "$rc" -eq 0 ] && out_has ' 10\.42\.0\.2/' && out_has ' 127\.0\.0\.1/' &&
	! out_has ' 10\.42\.0\.1/' && ! out_has ' 10\.42\.0\.3/' && ! out_has 'fd42::9'
result "inside 300, ip addr lists 10.42.0.2 and 127.0.0.1, not the others' addresses"
run ncontext --migrate --nid 300 -- ifconfig
# (On lo, ifconfig shows the first address, 127.0.0.1.)
[ "$rc" -eq 0 ] && ! out_has 'inet addr:10\.42\.0\.1 ' &&
	{ [ "$dev" = lo ] || out_has 'inet addr:10\.42\.0\.2 '; }
result "inside 300, ifconfig shows 10.42.0.2 on $dev, not the host's 10.42.0.1"
run ncontext --migrate --nid 300 -- netstat -ltn
[ "$rc" -eq 0 ] && out_has '10\.42\.0\.2:80 ' && ! out_has '10\.42\.0\.1:80 ' &&
	! out_has '10\.42\.0\.3:80 '
result "inside 300, netstat lists its own listener only"
run ncontext --migrate --nid 300 -- timeout 10 wget -q -O- http://127.0.0.1/
[ "$rc" -eq 0 ] && [ "$(out)" = "page of network context 300" ]
result "inside 300, wget http://127.0.0.1/ reaches its httpd on the wildcard"
run cat /proc/virtnet/300/info
[ "$rc" -eq 0 ] && out_has '^ID:	300$' && out_has '^0:	10\.42\.0\.2-'
result "/proc/virtnet/300/info shows its address to the host"
run ncontext --migrate --nid 301 -- cat /proc/virtnet/300/info
[ "$rc" -ne 0 ]
result "inside 301, /proc/virtnet/300/info does not open"

# --- Binding outside the network context fails ------------------------------------

bind_probe 10.42.0.5:8080 chbind --silent --nid 303 --ip 10.42.0.5 --
bound
result "in network context 303 (10.42.0.5): binding 10.42.0.5:8080 works"
for addr in 10.42.0.3 10.42.0.1 10.42.0.9; do
	bind_probe "$addr:8080" chbind --silent --nid 303 --ip 10.42.0.5 --
	[ "$rc" -eq 1 ] && err_has "Cannot assign requested address"
	result "in network context 303 (10.42.0.5): binding $addr:8080 fails (EADDRNOTAVAIL)"
done
bind_probe 10.42.0.3:8080
bound
result "on the host, binding 10.42.0.3:8080 works (the refusal above was the context's)"

# --- ncontext --migrate and naddress on a running network context ------------------

bind_probe 10.42.0.6:8081 ncontext --migrate --nid 300 --
[ "$rc" -eq 1 ] && err_has "Cannot assign requested address"
result "ncontext --migrate --nid 300: 10.42.0.6 is not 300's"
run naddress --add --nid 300 --ip 10.42.0.6
[ "$rc" -eq 0 ]
result "naddress --add --nid 300 --ip 10.42.0.6"
run fetch http://10.42.0.6/
[ "$rc" -eq 0 ] && [ "$(out)" = "page of network context 300" ]
result "wget http://10.42.0.6/: 300's httpd on the wildcard serves its new address"
bind_probe 10.42.0.6:8081 ncontext --migrate --nid 300 --
bound
result "ncontext --migrate --nid 300: now binding 10.42.0.6 works"
run naddress --remove --nid 300 --ip 10.42.0.6
[ "$rc" -eq 0 ]
result "naddress --remove --nid 300 --ip 10.42.0.6"
run fetch http://10.42.0.6/
[ "$rc" -ne 0 ]
result "wget http://10.42.0.6/: no longer served once removed"
bind_probe 10.42.0.6:8081 ncontext --migrate --nid 300 --
[ "$rc" -eq 1 ]
result "ncontext --migrate --nid 300: binding 10.42.0.6 fails again"
run naddress --add --nid 300 --ip 10.42.0.2
[ "$rc" -eq 1 ] && err_has "it has this entry already"
result "naddress --add of an address it has: EEXIST, said so"

# --- The loopback, the source address, netlink --------------------------------------

# 127.0.0.1 in a network context is its own loopback address (--lback).
page www5 "page on the loopback of 304"
serve h304 chbind --nid 304 --ip 10.42.0.5 --lback 127.0.42.1 -- \
	busybox httpd -f -p 127.0.0.1:8082 -h "$T/www5"
h304=$server
wait_http http://127.0.42.1:8082/ "$h304"
result "chbind --lback 127.0.42.1 -- httpd -p 127.0.0.1:8082: it serves on 127.0.42.1"
run fetch http://127.0.0.1:8082/
[ "$rc" -ne 0 ]
result "the host's 127.0.0.1:8082 is not the guest's"
run ncontext --migrate --nid 304 -- timeout 10 wget -q -O- http://127.0.0.1:8082/
[ "$rc" -eq 0 ] && [ "$(out)" = "page on the loopback of 304" ]
result "inside 304, wget http://127.0.0.1:8082/ reaches its own loopback"
run chbind --silent --nid 305 --ip 10.42.0.6 -- timeout 10 wget -q -O- http://127.0.0.1:8082/
[ "$rc" -ne 0 ]
result "inside another network context, 127.0.0.1:8082 is not 304's"

# A socket that connects unbound leaves with the guest's address.
page www6 "logged"
serve h306 busybox httpd -f -vv -p 10.42.0.1:8083 -h "$T/www6"
h306=$server
wait_http http://10.42.0.1:8083/ "$h306"
run chbind --silent --nid 306 --ip 10.42.0.6 -- timeout 10 wget -q -O- http://10.42.0.1:8083/
[ "$rc" -eq 0 ] && grep -q '^10\.42\.0\.6:[0-9]*: url:/' "$T/h306.err"
result "wget from network context 306 reaches the host from 10.42.0.6"

run chbind --silent --nid 306 --ip 10.42.0.5 -- ip addr add 10.42.0.99/32 dev "$dev"
[ "$rc" -ne 0 ] && ! ip addr show dev "$dev" | grep -q '10\.42\.0\.99/'
result "inside a network context, ip addr add is refused (netlink changes)"
# (hide_netif may hide every interface from the dump: it must not fail.)
run chbind --silent --nid 306 --ip 10.42.0.5 -- ip link show
[ "$rc" -eq 0 ]
result "inside a network context, ip link show still works (netlink reads)"

# --- IPv6 -------------------------------------------------------------------------------

if [ "$have_ipv6" = yes ]; then
	page www9 "page on fd42::9"
	serve h309 chbind --nid 309 --ip fd42::9 -- busybox httpd -f -p 8084 -h "$T/www9"
	h309=$server
	wait_http "http://[fd42::9]:8084/" "$h309"
	result "chbind --ip fd42::9 -- httpd -p 8084: [::]:8084 became [fd42::9]:8084"
	run netstat -ltn
	! out_has ':::8084 '
	result "netstat: port 8084 is not on the IPv6 wildcard"

	# busybox httpd listens on [::] without IPV6_V6ONLY: one socket for both.
	page www13 "dual-stack page of 313"
	serve h313 chbind --nid 313 --ip 10.42.0.7 --ip fd42::9 -- busybox httpd -f -p 8087 -h "$T/www13"
	h313=$server
	wait_http "http://[fd42::9]:8087/" "$h313"
	run timeout 10 wget -q -O- http://10.42.0.7:8087/
	[ "$rc" -eq 0 ] && out_has "dual-stack page of 313"
	result "one httpd on [::]:8087 in a guest with 10.42.0.7 and fd42::9 answers on both"
else
	skip "chbind --ip fd42::9" "no IPv6 address on $dev"
	skip "netstat: port 8084 is not on the IPv6 wildcard" "no IPv6 address on $dev"
	skip "one httpd on [::]:8087 answers on IPv4 and IPv6" "no IPv6 address on $dev"
fi

# --- Life of a network context ---------------------------------------------------------

run chbind --silent --nid 307 --ip 10.42.0.5 --flag persistent -- true
[ "$rc" -eq 0 ]
result "chbind --flag persistent -- true"
run nattribute --nid 307 --get
[ "$rc" -eq 0 ] && out_has '^flags: .*persistent' && ! out_has state_setup
result "network context 307 outlived its command: persistent, out of setup"
run nattribute --nid 307 --flag ~persistent
[ "$rc" -eq 0 ]
run nattribute --nid 307 --get
[ "$rc" -eq 1 ] && err_has "No such process"
result "nattribute --flag ~persistent: a network context without tasks goes"

run chbind --silent --nid 308 --ip 10.42.0.5 -- true
run nattribute --nid 308 --get
[ "$rc" -eq 1 ] && err_has "No such process"
result "a network context goes with its last task"

run chbind --nid 312 --ip 10.42.0.5 --ip 224.0.0.1 -- true
[ "$rc" -eq 1 ] && err_has "not a host address"
result "chbind refuses a multicast address"
run nattribute --nid 312 --get
[ "$rc" -eq 1 ] && err_has "No such process"
result "... before creating anything"

# Built step by step, as the classic tool chain does.
page www8 "page of the chain"
serve h310 ncontext --create --silent --nid 310 -- \
	naddress --add --nid self --ip 10.42.0.4 -- \
	nattribute --nid self --flag ~state_setup -- \
	busybox httpd -f -p 8085 -h "$T/www8"
h310=$server
wait_http http://10.42.0.4:8085/ "$h310"
run fetch http://10.42.0.4:8085/
[ "$rc" -eq 0 ] && [ "$(out)" = "page of the chain" ]
result "ncontext --create -- naddress -- nattribute -- httpd serves on 10.42.0.4:8085"
run nattribute --nid 310 --get
[ "$rc" -eq 0 ] && out_has '^flags: lback_remap,hide_netif,hide_lback,state_admin$'
result "the chain's network context: out of setup, administered"

# The host gives it up: nothing enters or changes it any more.
run nattribute --nid 310 --flag ~state_admin
[ "$rc" -eq 0 ]
result "nattribute --flag ~state_admin"
run ncontext --migrate --nid 310 -- true
[ "$rc" -eq 1 ] && err_has "accepts no more tasks"
result "ncontext --migrate into it is refused (EACCES)"
run naddress --add --nid 310 --ip 10.42.0.6
[ "$rc" -eq 1 ] && err_has "no longer accepts administration"
result "naddress on it is refused (EACCES)"

# --- v_httpd: a host service on the configured address only ---------------------------

if [ -x "$v_httpd" ]; then
	page www4 "page of v_httpd"
	cat >"$T/httpd-init" <<EOF
#!/bin/sh
# A minimal init script for busybox httpd on port 8086 (every address).
case \$1 in
start)	busybox httpd -f -p 8086 -h "$T/www4" </dev/null >/dev/null 2>&1 &
	echo \$! >"$T/httpd4.pid" ;;
stop)	[ -f "$T/httpd4.pid" ] && kill "\$(cat "$T/httpd4.pid")"
	rm -f "$T/httpd4.pid" ;;
status)	[ -f "$T/httpd4.pid" ] && kill -0 "\$(cat "$T/httpd4.pid")" 2>/dev/null && exit 0
	exit 3 ;;
*)	exit 2 ;;
esac
EOF
	chmod +x "$T/httpd-init"
	mkdir "$T/vservices"
	printf 'IP=10.42.0.4\nSERVICE_SCRIPT=%s\n' "$T/httpd-init" >"$T/vservices/httpd.conf"

	VSERVICES_CONFDIR=$T/vservices run "$v_httpd" start
	[ "$rc" -eq 0 ] && wait_http http://10.42.0.4:8086/ "$(cat "$T/httpd4.pid")"
	result "v_httpd start, with IP=10.42.0.4 in httpd.conf"
	run fetch http://10.42.0.4:8086/
	[ "$rc" -eq 0 ] && [ "$(out)" = "page of v_httpd" ]
	result "the service answers on 10.42.0.4:8086"
	run fetch http://10.42.0.1:8086/
	[ "$rc" -ne 0 ]
	result "the service does not answer on the host's other address 10.42.0.1"
	run netstat -ltn
	out_has '10\.42\.0\.4:8086 ' && ! out_has '0\.0\.0\.0:8086 ' && ! out_has ':::8086 '
	result "netstat: port 8086 on 10.42.0.4 only"
	bind_probe 0.0.0.0:8086 chbind --silent --nid 311 --ip 10.42.0.6 --
	bound
	result "a guest with 10.42.0.6 serves on its own port 8086 beside it"
	VSERVICES_CONFDIR=$T/vservices run "$v_httpd" status
	[ "$rc" -eq 0 ]
	result "v_httpd status: 0 (running)"
	VSERVICES_CONFDIR=$T/vservices run "$v_httpd" stop
	[ "$rc" -eq 0 ]
	result "v_httpd stop"
	VSERVICES_CONFDIR=$T/vservices run "$v_httpd" status
	[ "$rc" -eq 3 ]
	result "v_httpd status: 3 (not running)"
	VSERVICES_CONFDIR=$T/none run "$v_httpd" start
	[ "$rc" -eq 6 ] && err_has "httpd.conf is missing"
	result "v_httpd start without httpd.conf: 6 (not configured)"
else
	skip "v_httpd" "$v_httpd is not installed"
fi

# --- v_sshd: a remote-login daemon on the configured address only ---------------------

# port_open ADDR PORT: something accepts connections there.
port_open() {
	echo | timeout 5 nc "$1" "$2" >/dev/null 2>&1
}

if [ -x "$v_sshd" ] && busybox telnetd --help 2>&1 | grep -q Usage; then
	cat >"$T/sshd-init" <<EOF
#!/bin/sh
# Stands in for /etc/init.d/sshd: a login daemon on port 8023 (every address).
case \$1 in
start)	busybox telnetd -F -p 8023 -l /bin/sh </dev/null >/dev/null 2>&1 &
	echo \$! >"$T/telnetd.pid" ;;
stop)	[ -f "$T/telnetd.pid" ] && kill "\$(cat "$T/telnetd.pid")"
	rm -f "$T/telnetd.pid" ;;
status)	[ -f "$T/telnetd.pid" ] && kill -0 "\$(cat "$T/telnetd.pid")" 2>/dev/null && exit 0
	exit 3 ;;
*)	exit 2 ;;
esac
EOF
	chmod +x "$T/sshd-init"
	mkdir -p "$T/vservices"
	printf 'IP=10.42.0.4\nSERVICE_SCRIPT=%s\n' "$T/sshd-init" >"$T/vservices/sshd.conf"

	VSERVICES_CONFDIR=$T/vservices run "$v_sshd" start
	tries=0
	while [ "$rc" -eq 0 ] && [ "$tries" -lt 40 ] && ! port_open 10.42.0.4 8023; do
		sleep 0.25
		tries=$((tries + 1))
	done
	port_open 10.42.0.4 8023
	result "v_sshd start, with IP=10.42.0.4 in sshd.conf: the daemon answers there"
	! port_open 10.42.0.1 8023
	result "the daemon does not answer on the host's other address 10.42.0.1"
	run netstat -ltn
	out_has '10\.42\.0\.4:8023 ' && ! out_has '0\.0\.0\.0:8023 ' && ! out_has ':::8023 '
	result "netstat: port 8023 on 10.42.0.4 only"
	VSERVICES_CONFDIR=$T/vservices run "$v_sshd" stop
	[ "$rc" -eq 0 ]
	result "v_sshd stop"
else
	skip "v_sshd" "$v_sshd or busybox telnetd is missing"
fi

# --- Clean-up: the servers go, their network contexts with them ------------------------

for pid in $servers; do
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
done
servers=
gone=0
for nid in 300 301 304 306 309 310; do
	nattribute --nid "$nid" --get >/dev/null 2>&1 || gone=$((gone + 1))
done
[ "$gone" -eq 6 ]
result "once their servers ended, the network contexts are gone"

finish
