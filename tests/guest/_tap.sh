# _tap.sh: helpers shared by the in-VM suites (sourced, not a suite: the
# leading "_" keeps run-suites from running it).  The suite sets T to its
# scratch directory first.  Tests use "run CMD...", then a test
# expression, then "result DESC"; "finish" prints the plan and gives the
# suite's exit status.

n=0
failed=0

# run CMD...: run a command, keep stdout, stderr and the exit status.
run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	cmd="$*"
}

out() { cat "$T/out"; }
err() { cat "$T/err"; }
out_has() { grep -q -e "$1" "$T/out"; }
err_has() { grep -F -q -e "$1" "$T/err"; }

# result DESC: "ok" if the command just before the call succeeded (the
# test expression), else "not ok" with the last run as diagnostics.
result() {
	status=$?
	n=$((n + 1))
	# With TAP_TIMES set, when each result came (seconds since boot), to
	# see where a slow suite spends its time.
	[ -z "${TAP_TIMES:-}" ] || echo "# at $(cut -d' ' -f1 /proc/uptime) s"
	if [ "$status" -eq 0 ]; then
		echo "ok $n - $1"
		return
	fi
	failed=$((failed + 1))
	echo "not ok $n - $1"
	echo "# command: $cmd"
	echo "# exit status: $rc"
	sed 's/^/# stdout: /' "$T/out"
	sed 's/^/# stderr: /' "$T/err"
}

# wait_running XID 0|1: wait until "vserver-info XID RUNNING" exits 0|1
# (up to 2 minutes: a hang guard, not a timing assumption).
wait_running() {
	tries=0
	while [ "$tries" -lt 120 ]; do
		vserver-info "$1" RUNNING
		[ $? -eq "$2" ] && return 0
		tries=$((tries + 1))
		sleep 1
	done
	return 1
}

finish() {
	echo "1..$n"
	[ "$failed" -eq 0 ]
}

# suite_dev NAME: where the suite puts its addresses: a new dummy
# interface NAME, or lo on a kernel without CONFIG_DUMMY.  Sets $dev, and
# $mask, the prefix length the addresses get there.
suite_dev() {
	if ip link add "$1" type dummy 2>/dev/null && ip link set "$1" up; then
		dev=$1
		mask=24
	else
		echo "# no dummy interface (CONFIG_DUMMY?): the addresses go on lo"
		dev=lo
		mask=32
	fi
}
