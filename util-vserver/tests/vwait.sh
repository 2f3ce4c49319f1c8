# vwait against the fake vserver(2): the status line and exit status of
# each ending (FINISHED, TIMEOUT, KILLED, ERROR), the status fd, and the
# alarm that interrupts the blocking wait.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

use_fake_kernel

# end_later SECONDS XID REBOOT EXIT: context XID ends after SECONDS, so.
end_later() {
	(
		sleep "$1"
		echo "$3 $4" >"$UV_FAKE_DIR/exit.$2"
		rm -f "$UV_FAKE_DIR/ctx.$2"
	) &
}

# -- FINISHED ------------------------------------------------------------------
fake_context 42
end_later 1 42 0 256
run vwait 42
expect_rc 0
expect_exact out "FINISHED 0 256"
expect_empty err
wait

fake_context 43
end_later 1 43 19088743 0		# LINUX_REBOOT_CMD_RESTART
run vwait --timeout 30 --status-fd 2 43
expect_rc 0
expect_exact err "FINISHED 19088743 0"
expect_empty out
wait

# -- TIMEOUT: the alarm interrupts the wait -------------------------------------
fake_context 44 4700000000
run vwait --timeout 1 44
expect_rc 2
expect_exact out "TIMEOUT"
expect_empty err
expect_no_log "kill"

# -- KILLED: SIGKILL to the whole context, then it is gone ----------------------
fake_context 45
run vwait --timeout 1 --terminate 45
expect_rc 4
expect_exact out "KILLED"
expect_empty err
expect_log "kill 45 0 9"

# A persistent context outlives SIGKILL: an error, with what to do.
run vwait --timeout 1 --terminate 44
expect_rc 1
expect_exact out "ERROR context 44 still exists after SIGKILL"
expect_exact err "vwait: context 44 still exists after SIGKILL (waited 1 s); if it is persistent, clear that with 'vattribute --xid 44 --flag ~persistent'"

# The context went between the timeout and the kill (ESRCH): as good as
# killed.  Here it goes a second after the timeout, within the second wait.
fake_context 46
end_later 3 46 0 0
UV_FAKE_FAIL=ctx_kill:ESRCH run vwait --timeout 2 --terminate 46
expect_rc 4
expect_exact out "KILLED"
expect_empty err
wait

# -- ERROR ---------------------------------------------------------------------
run vwait 47
expect_rc 1
expect_exact out "ERROR cannot wait for context 47: No such process"
expect_exact err "vwait: cannot wait for context 47: No such process"

UV_FAKE_FAIL=ctx_kill:EPERM run vwait --timeout 1 --terminate 44
expect_rc 1
expect_exact out "ERROR cannot kill context 44: Operation not permitted"

UV_FAKE_REFUSE=wait_exit run vwait 44
expect_rc 1
expect_exact out "ERROR cannot wait for context 44: Operation not supported"

# A status fd that cannot take the line.
if [ -c /dev/full ]; then
	fake_context 48
	end_later 1 48 0 0
	"$UV_BUILDDIR/src/vwait" --status-fd 5 48 5>/dev/full 2>"$uv_tmp/err"
	rc=$?
	last="vwait --status-fd 5 48 5>/dev/full"
	expect_rc 1
	expect_err "vwait: cannot write the status to file descriptor 5: No space left on device"
	wait
fi

finish
