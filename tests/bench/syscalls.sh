#!/bin/sh
# shellcheck disable=SC3043  # busybox ash has local
# syscalls.sh: what the kernel's basic operations cost on the host context
# and inside a guest, in the same VM (busybox sh).  tests/bench/run puts
# it in the VM as /extra/bench/syscalls.sh, next to a static build of
# lat.c and _guest.sh.
#
# The guest is net.sh's (made by _guest.sh: a network context with its
# own IPv4 and IPv6 address, a security context inside, kept alive by a
# sleeping task), with limits on its tasks, open files and sockets
# (vlimit), set high enough never to refuse anything here: what is
# measured is the accounting and the checks every guest pays for, not a
# refusal.  Each measurement enters it (ncontext --migrate, vcontext
# --migrate).  The files of stat and open_close are on an ext4 with
# project quota (tagged_fs), the guest's tagged with its xid, as a
# guest's files are.
#
# Metrics, each measured on both sides: every metric of `lat --list`
# (system calls, stat, open, fork, exec, pipe, unix socket and TCP round
# trips, signals, page faults, bind+connect; not start_vserver and
# start_unshare, which startup.sh measures) as lat_NAME, the TCP ones
# over 127.0.0.1 (in the guest its own loopback address); and
# lat_tcp_rtt_own4 and lat_bind_connect_own4 over the side's own IPv4
# address (host 10.43.1.1, guest 10.43.1.2).  One sample is one run of
# lat: the mean cost of one operation, in ns, over about LAT_SECONDS.
# Lower is better for all of them.
#
# Every metric is measured REPEAT times per side, interleaved as in
# net.sh: host, guest in odd rounds, guest, host in even ones.  One round
# first, not counted, warms caches and allocators.
#
# The metrics the guest's limits and file tags are on (stat, open_close,
# fork_exit), and null as a control, are measured a second way too, as
# interleaved_NAME: one run of lat --other measures both sides in one
# sample, in batches that alternate between a process on the host
# context and one in the guest every few milliseconds, over
# INTERLEAVED_SECONDS per side.  A sample's two figures were taken within
# milliseconds of each other, so their ratio is free of the drifts of the
# machine that two samples half a second apart still see.
#
# Prints one line per measurement, for tests/bench/run and summary.awk:
#   BENCH metric=M side=host|guest round=I better=lower value=V unit=U
# BENCHINFO lines saying how it measured, then the table (summary.awk).
# Exits non-zero only when a measurement could not run; the numbers
# themselves are never judged.
#
# bench.conf next to this script (written by tests/bench/run) may set
# REPEAT, LAT_SECONDS, CPU and GUEST_LIMITS, and NOVS=1: the kernel is the
# same one built without CONFIG_VSERVER, there are no guests, and the
# host's samples are labelled side=novs (tests/bench/run boots it second,
# to compare the host context of the patched kernel with it).

PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
export PATH
cd "$(dirname "$0")" || exit 1
HERE=$(pwd)

REPEAT=15
# Half a second per sample, after lat's warm-up of a tenth of that: under
# TCG long enough for tens of thousands of system calls and still for
# dozens of fork+exec.  With the start of lat (and of the chain that
# enters the guest), a round takes about 20 s.
LAT_SECONDS=0.5
# Pinned like net.sh: the round trips wake the other process, and under
# TCG a wake-up across virtual CPUs costs an emulated inter-processor
# interrupt whose latency swings widely.  Empty: not pinned.
CPU=0
# The guest's limits (vlimit options): far above what lat holds at once
# (two processes, a few files and sockets), so that they never bite.
GUEST_LIMITS="--nproc 1000 --nofile 10000 --openfd 10000 --nsock 1000"
NOVS=0
# lat --other: the time of each side of an interleaved sample, and the
# metrics measured so (not on the kernel without CONFIG_VSERVER)
INTERLEAVED_SECONDS=1
INTERLEAVED_METRICS="null stat open_close fork_exit"
# shellcheck source=/dev/null
[ -f "$HERE/bench.conf" ] && . "$HERE/bench.conf"

NAME=syscalls.sh
LAT=$HERE/lat
# (ids and addresses of its own: net.sh's guest may linger a moment)
XID=431
NID=431
DEV=vsb1
HOST4=10.43.1.1
GUEST4=10.43.1.2
HOST6=fd43:1::1
GUEST6=fd43:1::2

T=$(mktemp -d /tmp/bench-syscalls.XXXXXX) || exit 1
failures=0

# shellcheck source-path=SCRIPTDIR source=_guest.sh
. "$HERE/_guest.sh"

# shellcheck disable=SC2317  # (called by the EXIT trap)
cleanup() {
	guest_cleanup
	[ -n "$fs_mounted" ] && umount "$FS"
	rm -rf "$T"
}
trap cleanup EXIT

# tagged_fs: the files of stat and open_close on ext4 with project ids and
# project quota (a loop device on the VM's tmpfs), as a guest's are: a
# directory per side, the guest's tagged with its xid and passing it on
# (chxid), so that the guest's file is tagged and every look-up of it
# goes through the tag check.  Both sides on the same file system.
FS=$T/fs
fs_mounted=
tagged_fs() {
	local mkfs='' d
	# e2fsprogs' mke2fs (tests/vm/host-programs), not busybox's applet,
	# which makes no project ids.
	for d in /bin /sbin /usr/bin /usr/sbin; do
		[ -x "$d/mke2fs" ] && [ ! -L "$d/mke2fs" ] && mkfs=$d/mke2fs && break
	done
	[ -n "$mkfs" ] || cannot "no mke2fs of e2fsprogs in the VM"
	{ "$mkfs" -q -F -t ext4 -O quota,project "$T/fs.img" 64M >"$T/err" 2>&1 &&
		mkdir -p "$FS" && mount -o loop,prjquota "$T/fs.img" "$FS" 2>>"$T/err"; } ||
		cannot "no ext4 with project quota for the files: $(cat "$T/err")"
	fs_mounted=yes
	mkdir -p "$FS/host" "$FS/guest" || cannot "cannot make the directories in $FS"
	[ "$NOVS" = 1 ] || chxid -c "$XID" "$FS/guest" >"$T/err" 2>&1 ||
		cannot "chxid -c $XID $FS/guest failed: $(cat "$T/err")"
}

# record METRIC SIDE ROUND VALUE UNIT: the BENCH line of one sample, to
# stdout and to $T/samples (round 0, the warm-up, only to the log).
record() {
	local line="BENCH metric=$1 side=$2 round=$3 better=lower value=$4 unit=$5"
	if [ "$3" -eq 0 ]; then
		echo "# warm-up: $line"
	else
		echo "$line"
		echo "$line" >>"$T/samples"
	fi
}

# measure METRIC LAT-METRIC UNIT SIDE ADDRESS ROUND: one measurement
# (record).  ADDRESS "-": lat's default.
measure() {
	local metric="$1" lat_metric="$2" unit="$3" side="$4" addr="$5" round="$6" value
	set -- --seconds "$LAT_SECONDS" --dir "$FS/$side" "$lat_metric"
	[ "$addr" = - ] || set -- --address "$addr" "$@"
	[ -n "$CPU" ] && set -- --cpu "$CPU" "$@"
	set -- "$LAT" "$@"
	[ "$side" = guest ] && set -- in_guest "$@"
	[ "$NOVS" = 1 ] && side=novs
	value=$("$@" </dev/null 2>"$T/err")
	# shellcheck disable=SC2181
	[ $? -eq 0 ] || value=
	case $value in
	"" | *[!0-9.]*)
		echo "syscalls.sh: $metric on the $side side (round $round) failed: $value$(cat "$T/err")" >&2
		failures=$((failures + 1))
		return 1 ;;
	esac
	record "$metric" "$side" "$round" "$value" "$unit"
}

# measure_interleaved LAT-METRIC UNIT ROUND: one sample of lat --other,
# the host context against the guest: two BENCH lines (record), of metric
# interleaved_LAT-METRIC.  The guest's side enters it as in_guest does.
measure_interleaved() {
	local metric="interleaved_$1" lat_metric="$1" unit="$2" round="$3" out
	# shellcheck disable=SC2046  # guest_entry's words, split on purpose
	set -- --seconds "$INTERLEAVED_SECONDS" --dir "$FS/host" --other "$FS/guest" "$lat_metric" \
		-- $(guest_entry)
	[ -n "$CPU" ] && set -- --cpu "$CPU" "$@"
	out=$("$LAT" "$@" </dev/null 2>"$T/err")
	# shellcheck disable=SC2181
	[ $? -eq 0 ] || out=
	case $out in
	*[!0-9.\ ]* | *" "*" "* | [!0-9]* | *[!0-9]) out= ;;
	*" "*) ;;
	*) out= ;;
	esac
	if [ -z "$out" ]; then
		echo "syscalls.sh: $metric (round $round) failed: $(cat "$T/err")" >&2
		failures=$((failures + 1))
		return 1
	fi
	record "$metric" host "$round" "${out% *}" "$unit"
	record "$metric" guest "$round" "${out#* }" "$unit"
}

# --- Set-up: addresses, the guest, its limits -------------------------------------

[ -x "$LAT" ] || cannot "$LAT is missing (tests/bench/run builds it)"
say "kernel $(uname -r), $(grep -c ^processor /proc/cpuinfo) CPUs"
if [ "$NOVS" = 1 ]; then
	# (the own-address metrics need the host's address all the same)
	guest_addresses
	echo "BENCHINFO syscalls.sh: side novs = the host of the same kernel built without CONFIG_VSERVER (another boot)"
else
	need_tools chbind ncontext vcontext vkill vserver-info vlimit chxid
	guest_addresses
	guest_start
	# shellcheck disable=SC2086
	vlimit --xid "$XID" $GUEST_LIMITS >"$T/vlimit.out" 2>&1 ||
		cannot "cannot set the limits of the guest ($GUEST_LIMITS): $(cat "$T/vlimit.out")"
	guest_show
	say "its limits:"
	vlimit --xid "$XID" 2>&1 | sed 's/^/#   /'
	echo "BENCHINFO syscalls.sh: guest = network context $NID ($guest_ips) + security context $XID with limits $GUEST_LIMITS"
fi
tagged_fs
echo "BENCHINFO syscalls.sh: stat and open_close on ext4 with project quota (a loop device), in $FS/host and $FS/guest; the guest's directory and files tagged $XID"
echo "BENCHINFO syscalls.sh: lat samples of ${LAT_SECONDS} s after a warm-up of a tenth of that${CPU:+; on CPU $CPU}"
[ "$NOVS" = 1 ] ||
	echo "BENCHINFO syscalls.sh: interleaved_$(echo "$INTERLEAVED_METRICS" | sed 's/ /, interleaved_/g'): lat --other, host and guest alternating in batches within one sample, ${INTERLEAVED_SECONDS} s per side"

# The metrics: NAME LAT-METRIC UNIT HOST-ADDRESS GUEST-ADDRESS, one per
# line; address "-": lat's default, 127.0.0.1.  Not the start_ ones:
# they start guests, which only the host can, and are startup.sh's.
"$LAT" --list >"$T/list" || cannot "lat --list failed"
{
	while read -r lat_metric unit _; do
		case $lat_metric in
		start_*) continue ;;
		esac
		echo "lat_$lat_metric $lat_metric $unit - -"
		case $lat_metric in
		tcp_rtt | bind_connect)
			echo "lat_${lat_metric}_own4 $lat_metric $unit $HOST4 $GUEST4" ;;
		esac
	done <"$T/list"
} >"$T/metrics"
[ -s "$T/metrics" ] || cannot "lat --list listed no metric"

# --- Measurements -------------------------------------------------------------------

: >"$T/samples"
round=0
while [ "$round" -le "$REPEAT" ]; do
	while read -r metric lat_metric unit host_addr guest_addr; do
		if [ "$NOVS" = 1 ]; then
			measure "$metric" "$lat_metric" "$unit" host "$host_addr" "$round"
		elif [ $((round % 2)) -eq 1 ]; then
			measure "$metric" "$lat_metric" "$unit" host "$host_addr" "$round"
			measure "$metric" "$lat_metric" "$unit" guest "$guest_addr" "$round"
		else
			measure "$metric" "$lat_metric" "$unit" guest "$guest_addr" "$round"
			measure "$metric" "$lat_metric" "$unit" host "$host_addr" "$round"
		fi
	done <"$T/metrics"
	if [ "$NOVS" != 1 ]; then
		for lat_metric in $INTERLEAVED_METRICS; do
			measure_interleaved "$lat_metric" ns "$round"
		done
	fi
	round=$((round + 1))
done

echo
awk -f "$HERE/summary.awk" "$T/samples"
if [ "$failures" -ne 0 ]; then
	echo "syscalls.sh: $failures measurements failed" >&2
	exit 1
fi
exit 0
