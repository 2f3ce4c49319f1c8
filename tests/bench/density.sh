#!/bin/sh
# shellcheck disable=SC3043  # busybox ash has local
# density.sh: how many idle guests fit in the VM's memory, and what one
# costs the kernel, in the same VM as the other benchmarks (busybox sh).
# tests/bench/run puts it in the VM as /extra/bench/density.sh, next to
# _guest.sh and summary.awk.
#
# An idle guest is what `vserver NAME start` leaves of a guest that does
# nothing: its own IPv4 address on an interface (a dummy one here), a
# network context holding it (chbind) with a security context inside
# (vcontext --create), and a sleeping init: _guest.sh's guest_spawn, with
# busybox sleep as the init, as net.sh's guest.  To tell what the
# contexts cost from what any process costs, the same number of plain
# sleeping processes (busybox sleep, executed the same way, without
# address or contexts) is measured first.
#
# GUESTS of each are started, STEP at a time; /proc/meminfo (and
# /proc/slabinfo where the kernel has it) is read before the first step,
# after each step and after all were stopped.  Each reading comes after
# the reclaimable caches were dropped (/proc/sys/vm/drop_caches), so that
# what is compared is what the guests hold.  Nothing waits for a time: a
# step is read once every process it started runs sleep (its
# /proc/PID/stat, read in the spectator context for the guests, whose
# processes the host cannot see), the end once every context of the
# guests has left /proc/virtual.  One guest and one process are started
# and stopped first, not counted, to warm caches and allocators.
#
# Metrics (in kB per guest, resp. per process, lower is better):
#   density_total        what MemAvailable fell by: all memory, user and kernel
#   density_kernel       Slab + KernelStack + PageTables: the kernel's part
#   density_slab, density_sunreclaim, density_kernelstack, density_pagetables,
#   density_percpu       the /proc/meminfo fields, one by one
# each as samples of one step (round=I: the growth of the step divided by
# the guests it started; count=C: guests running after it), as one figure
# over all (scope=all: after the last step against before the first,
# divided by GUESTS), and what did not come back once all were stopped
# (scope=left, in kB, not per guest: the reading after the stop against
# the one before the first step).  Besides: MemAvailable before anything
# started (density_memavail_start, side=vm), from which summary.awk
# extrapolates how many guests would fit, and the slab caches that grew
# most (density_cache, cache=NAME, scope=all, kB per guest: active objects
# times their size, from /proc/slabinfo).  Every line carries table=density:
#   BENCH metric=M side=guest|process round=I count=C better=lower value=V unit=kB table=density
#   BENCH metric=M side=guest|process scope=all|left better=lower value=V unit=kB table=density
# BENCHINFO lines saying how it measured, then the table (summary.awk).
# Exits non-zero only when the guests cannot be started or stopped; the
# numbers themselves are never judged.
#
# bench.conf next to this script (written by tests/bench/run) may set
# DENSITY_GUESTS (GUESTS, default 100) and DENSITY_STEP (STEP, default a
# tenth of GUESTS).

PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
export PATH
cd "$(dirname "$0")" || exit 1
HERE=$(pwd)

# Under TCG a guest takes four executions to start (ip, chbind, vcontext,
# sleep): 100 guests and as many processes take well under a minute.
DENSITY_GUESTS=100
DENSITY_STEP=
# shellcheck source=/dev/null
[ -f "$HERE/bench.conf" ] && . "$HERE/bench.conf"

NAME=density.sh
# Guest I (0, 1, ...) is xid and nid XID_FIRST + I, on 10.44.(I / 250).(I % 250 + 1);
# the warm-up guest is XID_FIRST - 1 on 10.44.255.1.
XID_FIRST=1000
GUESTS_MAX=10000
DEV=vsb3
# The init of a guest, and the plain process: executed by its path, so
# that busybox sh runs no applet of that name in a forked copy of itself
# (which would share the shell's pages) but a fresh program, as vcontext
# starts a guest's init.
SLEEP=/bin/sleep

T=$(mktemp -d /tmp/bench-density.XXXXXX) || exit 1

# shellcheck source-path=SCRIPTDIR source=_guest.sh
. "$HERE/_guest.sh"

# shellcheck disable=SC2317  # (called by the EXIT trap)
cleanup() {
	local x pid
	# Whatever is still running: guests (by context id), processes.
	if [ -f "$T/guests" ]; then
		while read -r x pid; do
			vkill --xid "$x" -s KILL >/dev/null 2>&1
		done <"$T/guests"
	fi
	if [ -f "$T/procs" ]; then
		while read -r x pid; do
			kill -KILL "$pid" 2>/dev/null
		done <"$T/procs"
	fi
	guest_cleanup
	rm -rf "$T"
}
trap cleanup EXIT

case $DENSITY_GUESTS in "" | *[!0-9]*) cannot "DENSITY_GUESTS must be a number, not '$DENSITY_GUESTS'" ;; esac
[ -n "$DENSITY_STEP" ] || DENSITY_STEP=$(((DENSITY_GUESTS + 9) / 10))
case $DENSITY_STEP in "" | *[!0-9]*) cannot "DENSITY_STEP must be a number, not '$DENSITY_STEP'" ;; esac
{ [ "$DENSITY_GUESTS" -ge 1 ] && [ "$DENSITY_GUESTS" -le "$GUESTS_MAX" ]; } ||
	cannot "DENSITY_GUESTS must be 1 to $GUESTS_MAX, not $DENSITY_GUESTS"
[ "$DENSITY_STEP" -ge 1 ] || cannot "DENSITY_STEP must be at least 1"

# mem_read LABEL: drop the reclaimable caches, then /proc/meminfo's fields
# (kB) into $T/mem.LABEL as "NAME VALUE" lines, the kernel's part among
# them, and the bytes of active objects per slab cache into
# $T/slab.LABEL, when the kernel has /proc/slabinfo.
mem_read() {
	[ -n "$drop" ] && echo 3 >/proc/sys/vm/drop_caches
	awk '{ sub(/:$/, "", $1); v[$1] = $2; print $1, $2 }
	END { print "Kernel", v["Slab"] + v["KernelStack"] + v["PageTables"] }' \
		/proc/meminfo >"$T/mem.$1" || cannot "cannot read /proc/meminfo"
	[ -n "$slabinfo" ] || return 0
	# name active_objs num_objs objsize ...; two header lines
	awk 'NR > 2 { print $1, $2 * $4 }' /proc/slabinfo >"$T/slab.$1" ||
		cannot "cannot read /proc/slabinfo"
}

# emit SIDE FROM TO N ATTRS: BENCH lines for the growth from reading FROM
# to reading TO over N guests or processes of SIDE, per one of them; ATTRS
# (round=I count=C, or scope=all) go into each line.  scope=left: the
# total, not per instance.  Also to $T/samples.
emit() {
	awk -v side="$1" -v n="$4" -v attrs="$5" '
	FNR == NR { from[$1] = $2; next }
	{ to[$1] = $2 }
	END {
		# what: metric suffix, field, +1 if the growth is TO - FROM, -1 if FROM - TO
		split("total kernel slab sunreclaim kernelstack pagetables percpu", what, " ")
		split("MemAvailable Kernel Slab SUnreclaim KernelStack PageTables Percpu", field, " ")
		for (i = 1; i <= 7; i++) {
			f = field[i]
			if (!(f in from) || !(f in to))
				continue
			d = (i == 1) ? from[f] - to[f] : to[f] - from[f]
			printf "BENCH metric=density_%s side=%s %s better=lower value=%.1f unit=kB table=density\n",
				what[i], side, attrs, d / n
		}
	}' "$T/mem.$2" "$T/mem.$3" | tee -a "$T/samples"
}

# emit_caches G0 G1 P0 P1 N: the slab caches that grew most from reading
# G0 to G1 over N guests, in kB per guest (the 8 largest growths, of at
# least 0.05 kB), and the same caches from P0 to P1 over N processes.
emit_caches() {
	[ -n "$slabinfo" ] || return 0
	awk -v n="$5" '
	FNR == NR { from[$1] = $2; next }
	{ d = ($2 - from[$1]) / 1024 / n; if (d >= 0.05) printf "%.2f %s\n", d, $1 }' \
		"$T/slab.$1" "$T/slab.$2" | sort -rn | head -n 8 >"$T/caches"
	while read -r kb cache; do
		echo "BENCH metric=density_cache side=guest scope=all cache=$cache better=lower value=$kb unit=kB table=density"
		awk -v c="$cache" -v n="$5" '
		FNR == NR { if ($1 == c) from = $2; next }
		$1 == c { printf "BENCH metric=density_cache side=process scope=all cache=%s better=lower value=%.2f unit=kB table=density\n",
			c, ($2 - from) / 1024 / n }' "$T/slab.$3" "$T/slab.$4"
	done <"$T/caches" | tee -a "$T/samples"
}

# wait_ready SIDE PID...: until every PID runs sleep ($T/ready.sh; for
# the guests in the spectator context, which sees their processes).  A
# PID that ended, or is gone, is a start that failed: then cannot.
wait_ready() {
	local side="$1" pid x
	shift
	if [ "$side" = guest ]; then
		set -- vcontext --migrate --silent --xid 1 -- /bin/sh "$T/ready.sh" "$@"
	else
		set -- /bin/sh "$T/ready.sh" "$@"
	fi
	"$@" >"$T/ready.out" 2>&1 && return 0
	# "ended PID": the error of that start
	read -r x pid <"$T/ready.out"
	if [ "$x" = ended ]; then
		[ "$side" = guest ] && x=$(awk -v p="$pid" '$2 == p { print $1 }' "$T/guests")
		[ "$side" = guest ] || x=p$(awk -v p="$pid" '$2 == p { print $1 }' "$T/procs")
		cannot "a $side did not start: $(cat "$T/err.$x" 2>/dev/null)"
	fi
	cannot "the ${side}s did not start: $(cat "$T/ready.out")"
}

# start_guest I: guest I started (its address first, as vserver start
# adds it); "XID PID" appended to $T/guests, PID to pids.
start_guest() {
	local x addr
	if [ "$1" -ge 0 ]; then
		x=$((XID_FIRST + $1))
		addr=10.44.$(($1 / 250)).$(($1 % 250 + 1))
	else
		x=$((XID_FIRST - 1))
		addr=10.44.255.1
	fi
	ip addr add "$addr/16" dev "$DEV" 2>"$T/ip.err" ||
		cannot "cannot add $addr to $DEV: $(cat "$T/ip.err")"
	guest_spawn "$x" "$x" "--ip $addr" "$T/err.$x" "$SLEEP" 1000000
	echo "$x $spawned" >>"$T/guests"
	pids="$pids $spawned"
}

# start_process I: a plain sleeping process; "I PID" appended to
# $T/procs, PID to pids.
start_process() {
	"$SLEEP" 1000000 >/dev/null 2>"$T/err.p$1" &
	echo "$1 $!" >>"$T/procs"
	pids="$pids $!"
}

# stop_guests: every guest of $T/guests killed and reaped, the addresses
# gone, then until no context of theirs is left in /proc/virtual (they
# are freed after their last task; a minute at most, else a BENCHINFO
# line says how many were left).
stop_guests() {
	local x pid left tries=0
	while read -r x pid; do
		vkill --xid "$x" -s KILL >/dev/null 2>&1 ||
			cannot "cannot kill the tasks of context $x"
	done <"$T/guests"
	while read -r x pid; do
		wait "$pid" 2>/dev/null
	done <"$T/guests"
	# The interface made again, empty: "ip addr flush" fails once the
	# removal of a primary address has taken its secondaries with it.
	{ ip link del "$DEV" && guest_dev; } || cannot "cannot remove the addresses of $DEV"
	[ -d /proc/virtual ] || { rm -f "$T/guests"; return 0; }
	while :; do
		left=0
		while read -r x pid; do
			[ -e "/proc/virtual/$x" ] && left=$((left + 1))
		done <"$T/guests"
		[ "$left" -eq 0 ] && break
		tries=$((tries + 1))
		if [ "$tries" -gt 600 ]; then
			echo "BENCHINFO density.sh: $left of the stopped guests' contexts still in /proc/virtual after a minute"
			break
		fi
		sleep 0.1
	done
	rm -f "$T/guests"
}

# stop_processes: every process of $T/procs killed and reaped.
stop_processes() {
	local i pid
	while read -r i pid; do
		kill -KILL "$pid" 2>/dev/null
	done <"$T/procs"
	while read -r i pid; do
		wait "$pid" 2>/dev/null
	done <"$T/procs"
	rm -f "$T/procs"
}

# run SIDE: GUESTS of SIDE (guest or process) in steps of STEP, with the
# readings P.0 (P: g or p), P.C after each step (C: how many run) and
# P.stop after all were stopped; emits the samples.
run() {
	local side="$1" p=p started=0 n i prev=0 round=0
	[ "$side" = guest ] && p=g
	mem_read "$p.0"
	while [ "$started" -lt "$DENSITY_GUESTS" ]; do
		n=$DENSITY_STEP
		[ $((started + n)) -le "$DENSITY_GUESTS" ] || n=$((DENSITY_GUESTS - started))
		i=$started
		pids=
		while [ "$i" -lt $((started + n)) ]; do
			"start_$side" "$i"
			i=$((i + 1))
		done
		# shellcheck disable=SC2086
		wait_ready "$side" $pids
		started=$((started + n))
		round=$((round + 1))
		mem_read "$p.$started"
		emit "$side" "$p.$prev" "$p.$started" "$n" "round=$round count=$started"
		prev=$started
	done
	emit "$side" "$p.0" "$p.$started" "$DENSITY_GUESTS" scope=all
	if [ "$side" = guest ]; then
		emit_caches g.0 "g.$started" p.0 "p.$started" "$DENSITY_GUESTS"
		stop_guests
	else
		stop_processes
	fi
	mem_read "$p.stop"
	emit "$side" "$p.0" "$p.stop" 1 scope=left
}

# --- Set-up -------------------------------------------------------------------------

need_tools chbind vcontext vkill ip
[ -x "$SLEEP" ] || cannot "no $SLEEP"
[ -r /proc/meminfo ] || cannot "no /proc/meminfo"
drop=
if [ -w /proc/sys/vm/drop_caches ]; then
	drop=yes
else
	echo "BENCHINFO density.sh: cannot drop the caches (/proc/sys/vm/drop_caches): readings with them"
fi
slabinfo=
if [ -r /proc/slabinfo ]; then
	slabinfo=yes
else
	echo "BENCHINFO density.sh: no /proc/slabinfo (CONFIG_SLUB_DEBUG?): no slab caches"
fi
guest_dev
# ready.sh PID...: waits until every PID runs sleep, by its /proc/PID/stat
# (read by the shell: no process started while it looks); exits 1 with
# "ended PID" for one that ended (a zombie) or is gone (reaped: the
# shell that started it reaps any child it sees end), 2 after 1200 looks
# (a minute at least: something hangs).
cat >"$T/ready.sh" <<'EOF'
tries=0
while :; do
	pending=
	for p in "$@"; do
		line=
		{ read -r line <"/proc/$p/stat"; } 2>/dev/null
		case $line in
		"" | *") Z "* | *") X "*) echo "ended $p"; exit 1 ;;
		*"(sleep) "*) ;;
		*) pending="$pending $p" ;;
		esac
	done
	[ -z "$pending" ] && exit 0
	# shellcheck disable=SC2086
	set -- $pending
	tries=$((tries + 1))
	[ "$tries" -le 1200 ] || { echo "still not sleeping after a minute: $*"; exit 2; }
	sleep 0.05
done
EOF
: >"$T/samples"

say "kernel $(uname -r), $(grep -c ^processor /proc/cpuinfo) CPUs, $(awk '/^MemTotal:/ { print $2 }' /proc/meminfo) kB"
echo "BENCHINFO density.sh: guest = address on $DEV (ip addr add), network context + security context (chbind --ip A -- vcontext --create), init busybox sleep; process = busybox sleep alone"
echo "BENCHINFO density.sh: $DENSITY_GUESTS of each in steps of $DENSITY_STEP; /proc/meminfo read before, after each step and after the stop${drop:+, each time after drop_caches}"

# Warm-up, not counted: one guest, one process, started and stopped.
pids=
start_guest -1
# shellcheck disable=SC2086
wait_ready guest $pids
pids=
start_process -1
# shellcheck disable=SC2086
wait_ready process $pids
stop_guests
stop_processes
rm -f "$T"/err.*

mem_read start
awk '$1 == "MemAvailable" { printf "BENCH metric=density_memavail_start side=vm better=higher value=%s unit=kB table=density\n", $2 }' \
	"$T/mem.start" | tee -a "$T/samples"

# --- Measurements -------------------------------------------------------------------

run process
run guest

echo
awk -f "$HERE/summary.awk" "$T/samples"
exit 0
