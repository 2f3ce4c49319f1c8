# vkill against the fake vserver(2): the pid and signal it passes, the
# default context, every pid tried, and the kernel's refusals.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

use_fake_kernel
fake_context 42 4700000000	# persistent: survives the signals below
fake_context 43

# -- signals: names in any case, with or without SIG, numbers ----------------
for spec in "" "-s TERM" "-s SIGTERM" "-s term" "--signal=15" "-s 15"; do
	: >"$UV_FAKE_DIR/log"
	# shellcheck disable=SC2086 # word splitting wanted
	run vkill --xid 42 $spec
	expect_rc 0
	expect_empty out
	expect_empty err
	expect_log "kill 42 0 15"
done
for spec in "KILL 9" "SIGKILL 9" "hup 1" "USR2 12" "0 0" "64 64" "CHLD 17"; do
	# shellcheck disable=SC2086
	set -- $spec
	: >"$UV_FAKE_DIR/log"
	run vkill -c 42 -s "$1"
	expect_rc 0
	expect_log "kill 42 0 $2"
done

# -- pids: init, all but init, members of the context -------------------------
fake_task 1234 42
fake_task 1235 43
: >"$UV_FAKE_DIR/log"
run vkill --xid 42 -s HUP -- 1 -1 0 1234
expect_rc 0
expect_empty err
expect_log "kill 42 1 1"
expect_log "kill 42 -1 1"
expect_log "kill 42 0 1"
expect_log "kill 42 1234 1"

# A pid of another context: refused, the others still signalled.
: >"$UV_FAKE_DIR/log"
run vkill --xid 42 -- 1235 1234
expect_rc 1
expect_exact err "vkill: cannot signal process 1235 of context 42: No such process"
expect_log "kill 42 1234 15"

# -- the default context: the caller's own ------------------------------------
: >"$UV_FAKE_DIR/log"
UV_FAKE_XID=43 run vkill -s USR1 1235
expect_rc 0
expect_log "kill 43 1235 10"
run vkill
expect_rc 1
expect_exact err "vkill: this process is in the host context, which is not a guest: use --xid to name a context"

# -- refusals ------------------------------------------------------------------
run vkill --xid 44
expect_rc 1
expect_exact err "vkill: cannot signal context 44: No such process"
UV_FAKE_XID=43 run vkill --xid 42
expect_rc 1
expect_exact err "vkill: cannot signal context 42: No such process"
UV_FAKE_FAIL=ctx_kill:EPERM run vkill --xid 42 -s KILL
expect_rc 1
expect_exact err "vkill: cannot signal context 42: Operation not permitted"
UV_FAKE_REFUSE=ctx_kill run vkill --xid 42 1234 1
expect_rc 1
expect_exact err "vkill: cannot signal process 1234 of context 42: Operation not supported"

# An unknown signal is a usage error, before any system call.
: >"$UV_FAKE_DIR/log"
run vkill --xid 42 -s BOGUS 1234
expect_rc 1
expect_err "Try 'vkill --help'"
expect_no_log "kill"

# A whole-context signal ends a context that is not persistent.
run vkill --xid 43 -s KILL
expect_rc 0
if [ -e "$UV_FAKE_DIR/ctx.43" ]; then
	fail "$last: context 43 still there"
else
	pass "$last: context 43 is gone"
fi

finish
