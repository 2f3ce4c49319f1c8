#!/bin/sh
# shellcheck disable=SC3043  # busybox ash has local
# net.sh: loopback TCP throughput and connect rate, on the host context and
# inside a guest, in the same VM (busybox sh).  tests/bench/run puts it in
# the VM as /extra/bench/net.sh, next to a static build of netbench.c.
#
# The guest is what a Linux-VServer guest is: a network context holding
# its own IPv4 and IPv6 address (chbind) with a security context (vcontext)
# inside, kept alive by a sleeping task as a guest is by its init; each
# measurement enters it (ncontext --migrate, vcontext --migrate).  It is
# made by _guest.sh, which syscalls.sh shares.
#
# Metrics, each measured on both sides:
#   tcp_{stream,connect}_loopback4  127.0.0.1: the host's loopback, and in
#                                   the guest its private loopback (the
#                                   kernel maps it to the guest's lback address)
#   tcp_{stream,connect}_own4       the side's own IPv4 address (a dummy
#                                   interface: host 10.43.0.1, guest 10.43.0.2)
#   tcp_{stream,connect}_own6       the same with IPv6 (fd43::1, fd43::2)
# Both ends of every connection are on the same side.
#
# Every metric is measured REPEAT times per side, interleaved: host, guest
# in odd rounds, guest, host in even ones, so that a slow drift of the
# machine (TCG, other load on the real host) touches both sides alike.
# One round first, not counted, warms caches and allocators.
#
# Prints one line per measurement, for tests/bench/run and summary.awk:
#   BENCH metric=M side=host|guest round=I mode=... addr=... value=V unit=U
# BENCHINFO lines saying how it measured, then the table (summary.awk).
# Exits non-zero only when a measurement could not run; the numbers
# themselves are never judged.
#
# bench.conf next to this script (written by tests/bench/run) may set
# REPEAT, STREAM_BYTES, CONNECTIONS and CPU.

PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
export PATH
cd "$(dirname "$0")" || exit 1
HERE=$(pwd)

# Under TCG, 7 rounds left the ratios of the medians anywhere from 0.95 to
# 1.08; 15 rounds bring them to 0.97-1.02 (doc/performance.md).  A round
# takes about 13 s.
REPEAT=15
# About half a second per stream sample and 1.5 s per connect sample
# under TCG: long enough that the start-up of a sample does not count.
STREAM_BYTES=268435456
CONNECTIONS=2000
# Both ends on one CPU: a wake-up across virtual CPUs costs TCG an
# inter-processor interrupt whose latency swings widely (min-max spreads
# of 29-87% unpinned, 12-58% pinned, in a run of 7 rounds each); empty:
# not pinned.
CPU=0
# shellcheck source=/dev/null
[ -f "$HERE/bench.conf" ] && . "$HERE/bench.conf"

NAME=net.sh
NETBENCH=$HERE/netbench
XID=430
NID=430
DEV=vsb0
HOST4=10.43.0.1
GUEST4=10.43.0.2
HOST6=fd43::1
GUEST6=fd43::2

T=$(mktemp -d /tmp/bench-net.XXXXXX) || exit 1
failures=0

# shellcheck source-path=SCRIPTDIR source=_guest.sh
. "$HERE/_guest.sh"

# shellcheck disable=SC2317  # (called by the EXIT trap)
cleanup() {
	guest_cleanup
	rm -rf "$T"
}
trap cleanup EXIT

# measure METRIC SIDE MODE ADDR ROUND: one measurement; its BENCH line goes
# to stdout and to $T/samples (round 0, the warm-up, only to the log).
measure() {
	local metric="$1" side="$2" mode="$3" addr="$4" round="$5" line
	if [ "$mode" = stream ]; then
		set -- --bytes "$STREAM_BYTES"
	else
		set -- --count "$CONNECTIONS"
	fi
	[ -n "$CPU" ] && set -- --cpu "$CPU" "$@"
	set -- "$NETBENCH" "$@" "$mode" "$addr"
	[ "$side" = guest ] && set -- in_guest "$@"
	line=$("$@" </dev/null 2>"$T/err")
	# shellcheck disable=SC2181
	if [ $? -ne 0 ] || [ -z "$line" ]; then
		echo "net.sh: $metric on the $side side (round $round) failed: $(cat "$T/err")" >&2
		failures=$((failures + 1))
		return 1
	fi
	line="BENCH metric=$metric side=$side round=$round ${line#netbench }"
	if [ "$round" -eq 0 ]; then
		echo "# warm-up: $line"
	else
		echo "$line"
		echo "$line" >>"$T/samples"
	fi
}

# --- Set-up: addresses, the guest ------------------------------------------------

[ -x "$NETBENCH" ] || cannot "$NETBENCH is missing (tests/bench/run builds it)"
need_tools chbind ncontext vcontext vkill vserver-info

guest_addresses
guest_start

say "kernel $(uname -r), $(grep -c ^processor /proc/cpuinfo) CPUs"
guest_show
echo "BENCHINFO net.sh: guest = network context $NID ($guest_ips) + security context $XID"
echo "BENCHINFO net.sh: stream $STREAM_BYTES bytes in 65536-byte writes, connect $CONNECTIONS connections per sample${CPU:+; both ends on CPU $CPU}"

# The metrics: NAME MODE HOST-ADDRESS GUEST-ADDRESS, one per line.
{
	for mode in stream connect; do
		echo "tcp_${mode}_loopback4 $mode 127.0.0.1 127.0.0.1"
		echo "tcp_${mode}_own4 $mode $HOST4 $GUEST4"
		[ "$have6" = yes ] && echo "tcp_${mode}_own6 $mode $HOST6 $GUEST6"
	done
} >"$T/metrics"

# --- Measurements -------------------------------------------------------------------

: >"$T/samples"
round=0
while [ "$round" -le "$REPEAT" ]; do
	while read -r metric mode host_addr guest_addr; do
		if [ $((round % 2)) -eq 1 ]; then
			measure "$metric" host "$mode" "$host_addr" "$round"
			measure "$metric" guest "$mode" "$guest_addr" "$round"
		else
			measure "$metric" guest "$mode" "$guest_addr" "$round"
			measure "$metric" host "$mode" "$host_addr" "$round"
		fi
	done <"$T/metrics"
	round=$((round + 1))
done

echo
awk -f "$HERE/summary.awk" "$T/samples"
if [ "$failures" -ne 0 ]; then
	echo "net.sh: $failures measurements failed" >&2
	exit 1
fi
exit 0
