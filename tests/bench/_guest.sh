# shellcheck shell=sh
# shellcheck disable=SC3043  # busybox ash has local
# _guest.sh: the guest of the in-VM benchmarks (busybox sh), sourced by
# net.sh and syscalls.sh, by density.sh, which starts many guests the
# same way (guest_spawn, guest_stop), and by startup.sh for its interface
# and helpers only; not a benchmark itself (the leading "_").
#
# The guest is what a Linux-VServer guest is: a network context holding
# its own IPv4 and IPv6 address (chbind) with a security context
# (vcontext) inside, kept alive by a sleeping task as a guest is by its
# init; each measurement enters it (in_guest: ncontext --migrate,
# vcontext --migrate).  Its addresses, and the host side's, are on a
# dummy interface: traffic to them goes through the loopback device like
# any local traffic.
#
# The sourcing script sets first:
#   NAME                  its name, for messages
#   XID, NID              the guest's context and network context ids
#   DEV                   the dummy interface to make
#   HOST4, GUEST4         IPv4 addresses of the host side and the guest
#   HOST6, GUEST6         the same in IPv6
#   T                     its scratch directory
# and calls guest_cleanup from its EXIT trap.  Each script has ids and
# addresses of its own: a context may outlive the script that made it
# by a moment, and the next script must not find it.

holder=
dev_made=

say() { echo "# $*"; }

# cannot REASON: the benchmark cannot run at all.
cannot() {
	echo "$NAME: cannot run: $*" >&2
	exit 1
}

# need_tools TOOL...: every TOOL is installed.
need_tools() {
	local tool
	for tool in "$@"; do
		command -v "$tool" >/dev/null || cannot "$tool is not installed"
	done
}

# guest_entry: the words of the command that enters the guest, the way
# `vserver NAME enter` does (network context first: a task in a guest can
# enter no other), and executes the words after it.  No word has a blank,
# so that it splits unquoted: in_guest runs it, and lat --other takes it.
guest_entry() {
	echo "ncontext --migrate --nid $NID -- vcontext --migrate --silent --xid $XID --"
}

# in_guest CMD...: run CMD inside the guest.
in_guest() {
	# shellcheck disable=SC2046  # guest_entry's words, split on purpose
	$(guest_entry) "$@"
}

# guest_dev: the dummy interface DEV, up, without addresses.
guest_dev() {
	{ ip link add "$DEV" type dummy && ip link set "$DEV" up; } ||
		cannot "no dummy interface $DEV (CONFIG_DUMMY?)"
	dev_made=yes
}

# guest_addresses: DEV with HOST4 and GUEST4, and HOST6 and GUEST6 where
# IPv6 works; sets have6 to yes or no.
guest_addresses() {
	guest_dev
	{ ip addr add "$HOST4/24" dev "$DEV" && ip addr add "$GUEST4/24" dev "$DEV"; } ||
		cannot "cannot put $HOST4 and $GUEST4 on $DEV"
	have6=yes
	# (a dummy interface is NOARP: its IPv6 addresses skip duplicate
	# address detection and can be bound at once)
	if ! { ip -6 addr add "$HOST6/64" dev "$DEV" && ip -6 addr add "$GUEST6/64" dev "$DEV"; }; then
		say "no IPv6 address on $DEV: the IPv6 metrics are left out"
		have6=no
	fi
}

# guest_spawn XID NID IPS ERRFILE INIT...: start a guest in the
# background: a network context NID with the addresses IPS (chbind
# arguments, "--ip A --ip B"), a security context XID inside, and INIT
# run there, as a guest's init (no new process: each step executes the
# next); its errors go to ERRFILE.  Sets spawned to its pid, which the
# host cannot see once it is in the guest but can wait for.  Returns at
# once: the guest runs when INIT does.
guest_spawn() {
	local xid="$1" nid="$2" ips="$3" errfile="$4"
	shift 4
	# shellcheck disable=SC2086
	chbind --silent --nid "$nid" $ips -- \
		vcontext --create --silent --xid "$xid" -- "$@" </dev/null >/dev/null 2>"$errfile" &
	spawned=$!
}

# guest_stop XID PID: the tasks of context XID killed (vkill: the host
# cannot reach them by pid), and PID, the guest_spawn that started it,
# reaped, so that the context is gone with its last task.  (No wait when
# vkill fails: it would wait for the init.)
guest_stop() {
	vkill --xid "$1" -s KILL 2>/dev/null && wait "$2" 2>/dev/null
}

# guest_start: the guest, with GUEST4 (and GUEST6 if have6=yes); sets
# guest_ips to its chbind arguments.  Returns once the context runs.
guest_start() {
	local tries=0
	guest_ips="--ip $GUEST4"
	[ "$have6" = yes ] && guest_ips="$guest_ips --ip $GUEST6"
	guest_spawn "$XID" "$NID" "$guest_ips" "$T/holder.err" sleep 1000000
	holder=$spawned
	until vserver-info "$XID" RUNNING >/dev/null 2>&1; do
		tries=$((tries + 1))
		# Once in the guest, the holder is out of the host's reach and
		# kill -0 fails: it failed to start only if the context does not
		# run after that either.
		if [ "$tries" -ge 50 ] || { ! kill -0 "$holder" 2>/dev/null &&
			! vserver-info "$XID" RUNNING >/dev/null 2>&1; }; then
			cannot "the guest (nid $NID, xid $XID) did not start: $(cat "$T/holder.err")"
		fi
		sleep 0.2
	done
}

# guest_show: the guest as seen from inside, for the log.
guest_show() {
	say "the guest, seen from inside:"
	in_guest grep -E '^(VxID|NxID):' /proc/self/status | sed 's/^/#   /'
	nattribute --nid "$NID" --get 2>&1 | sed 's/^/#   /'
}

# guest_cleanup: the guest and the interface gone; its contexts are gone
# when the script ends (guest_stop).
guest_cleanup() {
	[ -n "$holder" ] && guest_stop "$XID" "$holder"
	[ -n "$dev_made" ] && ip link del "$DEV" 2>/dev/null
}
