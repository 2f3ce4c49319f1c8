#!/bin/sh
# shellcheck disable=SC3043  # busybox ash has local
# startup.sh: how long it takes to start a guest and run /bin/true in it,
# against other ways of isolating a process, in the same VM (busybox sh).
# tests/bench/run puts it in the VM as /extra/bench/startup.sh, next to
# a static build of lat.c (which times the starts) and _guest.sh.
#
# Metrics, all on the host context, lower is better, in ms per start:
#   startup_vserver  the steps of `vserver NAME start` that make the guest
#                    and run its init, with /bin/true as the init:
#                      vcontext --create --flag persistent -- true
#                      vlimit (tasks, files, sockets), vattribute --secure
#                      and the end of the setup state
#                      unshare --uts --mount --propagation private --
#                      chbind --secure --ip GUEST4/24 --
#                      vcontext --migrate --chroot ROOT -- /bin/true
#                      vattribute --flag ~persistent (the context goes
#                      with its last task)
#                    left out: hooks, cgroup, hostname, environment, fstab,
#                    adding the address (it is on the interface already);
#   startup_unshare  unshare -m -u -i -n -p -f /bin/true (util-linux's, or
#                    busybox's: a BENCHINFO line says which);
#   startup_bwrap    bwrap --unshare-all with ROOT as its root, /bin/true;
#   startup_lxc      lxc-execute of /bin/true with ROOT as its root;
#   startup_nspawn   systemd-nspawn -D ROOT /bin/true;
#   startup_true     /bin/true alone: no isolation, the floor;
#   lat_start_vserver  the guest of startup_vserver made with the system
#                    calls alone, by lat (start_vserver): fork; the child
#                    unshares the mount (private) and UTS namespaces,
#                    creates the network context with GUEST4/24 (no
#                    network capability, setup ended), changes its root
#                    to ROOT, creates the context (default flags), sets
#                    the limits and the secure capability bound, ends the
#                    setup, and executes /bin/true; waitpid.  Each start
#                    takes the next of the ids LAT_XID.. (32; context and
#                    network context), and lat checks that both are gone
#                    after each start;
#   lat_start_unshare  what `unshare -m -u -i -n -p -f /bin/true` does, by
#                    lat (start_unshare): fork; the child unshares the
#                    five namespaces, makes the mounts private, forks, and
#                    the grandchild executes ROOT's /bin/true; waitpid.
# bwrap, lxc and nspawn only where the tool is installed and runs in the
# VM (today none of them): else a BENCHINFO line says why not.  ROOT is a
# small tree in /tmp: busybox and /bin/true.
#
# Each startup_ start is one run of a small script by /bin/sh (printed in
# the log), as an administrator's script would run the tool: the start of
# the shell is in every figure, and startup_true shows how much that is.
# The two lat_start_ metrics are the like-for-like kernel cost: no shell,
# no execution but that of /bin/true (the chain of startup_vserver
# executes six tools, unshare one).  One sample is one run of lat (`lat
# command` for the scripts): the mean time of a start over about
# STARTUP_SECONDS.  The startup_ metrics but startup_vserver have
# ref=startup_vserver, lat_start_unshare has ref=lat_start_vserver: the
# table shows the ratio to it (above 1: the guest starts faster).
#
# A lat_start_ metric that does not run (tried once first) is left out
# and counted as a failure: the other tools are still measured.
#
# Every tool is measured REPEAT times, in one order in odd rounds and the
# reverse in even ones, so that a drift of the machine touches all alike.
# One round first, not counted, warms caches and allocators.
#
# Prints one line per measurement, for tests/bench/run and summary.awk:
#   BENCH metric=M side=host round=I better=lower [ref=R] value=V unit=ms
# BENCHINFO lines saying how it measured, then the table (summary.awk).
# Exits non-zero only when a measurement could not run; the numbers
# themselves are never judged.
#
# bench.conf next to this script (written by tests/bench/run) may set
# REPEAT, STARTUP_SECONDS, CPU and GUEST_LIMITS.

PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
export PATH
cd "$(dirname "$0")" || exit 1
HERE=$(pwd)

REPEAT=15
# One second per sample: under TCG a start takes tens to hundreds of ms,
# so that a sample holds several starts.
STARTUP_SECONDS=1
# Pinned like the other scripts (a start wakes the waiting parent of each
# step); empty: not pinned.
CPU=0
GUEST_LIMITS="--nproc 1000 --nofile 10000 --openfd 10000 --nsock 1000"
# shellcheck source=/dev/null
[ -f "$HERE/bench.conf" ] && . "$HERE/bench.conf"

NAME=startup.sh
LAT=$HERE/lat
# The starts take their ids in turn from XID_FIRST on (each is both xid
# and nid): a context whose last task is being freed may still hold its
# id for a moment, so the next start must not need it at once.
XID_FIRST=440
XID_COUNT=32
# lat's start_vserver takes 32 ids from here on (472-503): its own, so
# that it never finds one of the chain's contexts.
LAT_XID=472
# (_guest.sh's interface, with ids and addresses of its own; no guest
# runs all along here, so XID and NID stay unset)
DEV=vsb2
HOST4=10.43.2.1
GUEST4=10.43.2.2
HOST6=fd43:2::1
GUEST6=fd43:2::2

T=$(mktemp -d /tmp/bench-startup.XXXXXX) || exit 1
ROOT=$T/root
failures=0

# shellcheck source-path=SCRIPTDIR source=_guest.sh
. "$HERE/_guest.sh"

# shellcheck disable=SC2317  # (called by the EXIT trap)
cleanup() {
	local x="$XID_FIRST" n=0
	# Whatever a failed start left: persistent contexts, their tasks; in
	# the ids the starts took.
	[ -f "$T/count" ] && read -r n <"$T/count"
	[ "$n" -gt "$XID_COUNT" ] && n=$XID_COUNT
	while [ "$x" -lt $((XID_FIRST + n)) ]; do
		if vserver-info "$x" RUNNING >/dev/null 2>&1 ||
			vattribute --xid "$x" --get >/dev/null 2>&1; then
			vattribute --xid "$x" --flag ~persistent >/dev/null 2>&1
			vkill --xid "$x" -s KILL >/dev/null 2>&1
		fi
		x=$((x + 1))
	done
	guest_cleanup
	rm -rf "$T"
}
trap cleanup EXIT

# run_lat TOOL OPTION...: lat, with the OPTIONs, on the starts of TOOL:
# its start script (`lat command`), or for lat_start_vserver and
# lat_start_unshare lat's own metric.
run_lat() {
	local tool="$1"
	shift
	[ -n "$CPU" ] && set -- --cpu "$CPU" "$@"
	case $tool in
	lat_start_vserver)
		"$LAT" "$@" --root "$ROOT" --xid "$LAT_XID" --address "$GUEST4" start_vserver ;;
	lat_start_unshare)
		"$LAT" "$@" --root "$ROOT" start_unshare ;;
	*)
		"$LAT" "$@" command -- /bin/sh "$T/start-$tool" ;;
	esac
}

# measure TOOL ROUND: one measurement of TOOL (run_lat); its BENCH line
# goes to stdout and to $T/samples (round 0, the warm-up, only to the
# log).
measure() {
	local tool="$1" round="$2" ns ms line metric="startup_$1" ref=" ref=startup_vserver"
	case $tool in
	vserver) ref= ;;
	lat_start_vserver) metric=$tool ref= ;;
	lat_*) metric=$tool ref=" ref=lat_start_vserver" ;;
	esac
	ns=$(run_lat "$tool" --seconds "$STARTUP_SECONDS" </dev/null 2>"$T/err")
	# shellcheck disable=SC2181
	[ $? -eq 0 ] || ns=
	case $ns in
	"" | *[!0-9.]*)
		echo "startup.sh: $metric (round $round) failed: $ns$(cat "$T/err")" >&2
		failures=$((failures + 1))
		return 1 ;;
	esac
	ms=$(awk -v ns="$ns" 'BEGIN { printf "%.3f", ns / 1e6 }')
	line="BENCH metric=$metric side=host round=$round better=lower$ref value=$ms unit=ms"
	if [ "$round" -eq 0 ]; then
		echo "# warm-up: $line"
	else
		echo "$line"
		echo "$line" >>"$T/samples"
	fi
}

# script TOOL: $T/start-TOOL from stdin, once it ran once; else a
# BENCHINFO line with the first line of its error, and TOOL is left out.
script() {
	cat >"$T/start-$1"
	say "start-$1:"
	sed 's/^/#   /' "$T/start-$1"
	if ! /bin/sh "$T/start-$1" </dev/null >"$T/try.out" 2>&1; then
		echo "BENCHINFO startup.sh: $2 does not run here: $(head -n 1 "$T/try.out")"
		rm -f "$T/start-$1"
		return 1
	fi
	echo "$1" >>"$T/tools"
}

# --- Set-up: the root, the address, the start scripts ------------------------------

[ -x "$LAT" ] || cannot "$LAT is missing (tests/bench/run builds it)"
need_tools chbind vcontext vattribute vlimit vkill vserver-info

mkdir -p "$ROOT/bin" "$ROOT/etc" "$ROOT/dev" "$ROOT/proc" "$ROOT/tmp" ||
	cannot "cannot make $ROOT"
{ cp /bin/busybox "$ROOT/bin/busybox" && ln -s busybox "$ROOT/bin/true" && ln -s busybox "$ROOT/bin/sh"; } ||
	cannot "cannot put busybox into $ROOT"
# (systemd-nspawn wants to see an operating system there)
echo 'ID=busybox' >"$ROOT/etc/os-release"
chroot "$ROOT" /bin/true || cannot "/bin/true does not run in $ROOT (is /bin/busybox static?)"

guest_addresses

: >"$T/tools"
echo 0 >"$T/count"
# The start scripts.  Every value is written in; "$x" is the start's id,
# the next of XID_FIRST.. in turn.
script vserver "the vserver chain" <<EOF
read -r n <"$T/count"
echo \$((n + 1)) >"$T/count"
x=\$(($XID_FIRST + n % $XID_COUNT))
vcontext --create --silent --xid "\$x" --flag persistent -- true &&
	vlimit --xid "\$x" $GUEST_LIMITS >/dev/null &&
	vattribute --xid "\$x" --secure --flag ~state_setup &&
	unshare --uts --mount --propagation private -- \\
	chbind --silent --nid "\$x" --secure --ip "$GUEST4/24" -- \\
	vcontext --migrate --silent --xid "\$x" --chroot "$ROOT" -- /bin/true &&
	vattribute --xid "\$x" --flag ~persistent
EOF
[ -s "$T/tools" ] || cannot "the vserver chain does not run: $(cat "$T/try.out")"

if ! unshare_path=$(command -v unshare); then
	echo "BENCHINFO startup.sh: no unshare in the VM"
elif unshare --version 2>&1 | grep -q util-linux; then
	echo "BENCHINFO startup.sh: unshare: $(unshare --version 2>&1 | head -n 1) ($unshare_path)"
	echo 'unshare -m -u -i -n -p -f /bin/true' | script unshare "util-linux unshare"
else
	echo "BENCHINFO startup.sh: unshare: busybox's ($unshare_path; no util-linux unshare in the VM)"
	echo 'unshare -m -u -i -n -p -f /bin/true' | script unshare "busybox unshare"
fi

if command -v bwrap >/dev/null; then
	echo "bwrap --unshare-all --ro-bind $ROOT / /bin/true" | script bwrap bwrap
else
	echo "BENCHINFO startup.sh: no bwrap in the VM: startup_bwrap left out"
fi

if command -v lxc-execute >/dev/null; then
	cat >"$T/lxc.conf" <<EOF
lxc.uts.name = bench
lxc.rootfs.path = dir:$ROOT
lxc.net.0.type = empty
EOF
	echo "lxc-execute -n bench-startup -f $T/lxc.conf -- /bin/true" | script lxc lxc-execute
else
	echo "BENCHINFO startup.sh: no lxc-execute in the VM: startup_lxc left out"
fi

if command -v systemd-nspawn >/dev/null; then
	echo "systemd-nspawn -q --register=no -D $ROOT /bin/true" | script nspawn systemd-nspawn
else
	echo "BENCHINFO startup.sh: no systemd-nspawn in the VM: startup_nspawn left out"
fi

echo /bin/true | script true "/bin/true"

# The kernel's part of the two starts, by lat (no tool, no shell); each
# tried once (two starts), since a failure should not cost the rest.
for tool in lat_start_vserver lat_start_unshare; do
	if run_lat "$tool" --iterations 1 </dev/null >"$T/try.out" 2>&1; then
		echo "$tool" >>"$T/tools"
	else
		echo "startup.sh: $tool does not run, left out: $(cat "$T/try.out")" >&2
		failures=$((failures + 1))
	fi
done

say "kernel $(uname -r), $(grep -c ^processor /proc/cpuinfo) CPUs"
echo "BENCHINFO startup.sh: each startup_ start is /bin/sh running the tool's commands (see the log); guest limits $GUEST_LIMITS"
echo "BENCHINFO startup.sh: lat_start_vserver, lat_start_unshare: the same starts by lat with the system calls alone (no shell, no tool; /bin/true of $ROOT; guest ids $LAT_XID-$((LAT_XID + 31)), $GUEST4)"
echo "BENCHINFO startup.sh: samples of about $STARTUP_SECONDS s of starts after a tenth of that not counted${CPU:+; on CPU $CPU}"

# --- Measurements -------------------------------------------------------------------

: >"$T/samples"
awk '{ line[NR] = $0 } END { for (i = NR; i >= 1; i--) print line[i] }' "$T/tools" >"$T/tools.reversed"
round=0
while [ "$round" -le "$REPEAT" ]; do
	order=$T/tools
	[ $((round % 2)) -eq 0 ] && order=$T/tools.reversed
	while read -r tool; do
		measure "$tool" "$round"
	done <"$order"
	round=$((round + 1))
done

echo
awk -f "$HERE/summary.awk" "$T/samples"
if [ "$failures" -ne 0 ]; then
	echo "startup.sh: $failures measurements failed" >&2
	exit 1
fi
exit 0
