# ncontext against the fake vserver(2): what it asks of the kernel for
# --create (flags, picked ids, existing ids), --migrate, --disconnect, the
# life of a network context, and the kernel's refusals.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

use_fake_kernel


# gone NID: network context NID does not exist (any more).
gone() {
	"$UV_BUILDDIR/src/nattribute" --nid "$1" --get >/dev/null 2>&1
	if [ $? = 1 ] && ! [ -e "$UV_FAKE_DIR/nx.$1" ]; then
		pass "$last: network context $1 is gone"
	else
		fail "$last: network context $1 is still there"
	fi
}

# -- --create ------------------------------------------------------------------
fake_reset
run ncontext --create --nid 300 -- printenv UV_FAKE_NID
expect_rc 0
expect_exact out 300
expect_exact err "New network context is 300"
expect_log_is "net_create 300 0x506000200"
gone 300

fake_reset
run ncontext --create --silent --nid 301 --flag private,~hide_netif \
	--flag PERSISTENT -- true
expect_rc 0
expect_empty err
expect_log_is "net_create 301 0x4504000208"

# 301 is persistent: it outlived its command, and exists.
run ncontext --create --nid 301 -- true
expect_rc 1
expect_exact err "ncontext: cannot create network context 301: File exists"
fake_reset
run ncontext --create --silentexist --nid 301 -- true
expect_rc 254
expect_empty err
expect_log_is "net_create 301 0x506000200"

# -- --create without --nid: the lowest free id from 49152 -------------------
fake_ncontext 49152
fake_ncontext 49153
fake_reset
run ncontext --create -- printenv UV_FAKE_NID
expect_rc 0
expect_exact out 49154
expect_exact err "New network context is 49154"
expect_log_is "net_create 49152 0x506000200" "net_create 49153 0x506000200" \
	"net_create 49154 0x506000200"
UV_FAKE_FAIL=net_create:EEXIST run ncontext --create -- true
expect_rc 1
expect_exact err "ncontext: cannot create a network context: every id from 49152 to 65535 is taken"
UV_FAKE_FAIL=net_create:EPERM run ncontext --create -- true
expect_rc 1
expect_exact err "ncontext: cannot create a network context: Operation not permitted"

# -- --migrate ------------------------------------------------------------------
fake_ncontext 310
for mode in --migrate --migrate-self; do
	fake_reset
	run ncontext "$mode" --nid 310 -- printenv UV_FAKE_NID
	expect_rc 0
	expect_exact out 310
	expect_empty err
	expect_log_is "net_migrate 310"
done
run ncontext --migrate --nid 311 -- true
expect_rc 1
expect_exact err "ncontext: cannot enter network context 311: No such process"

# The host gave it up; a private one left setup; a private one in setup.
fake_ncontext 312 106000200
fake_ncontext 313 406000208
fake_ncontext 314 506000208
for nid in 312 313; do
	run ncontext --migrate --nid "$nid" -- true
	expect_rc 1
	expect_exact err "ncontext: cannot enter network context $nid: it accepts no more tasks (state_admin is cleared, or it is private and out of setup)"
done
run ncontext --migrate --nid 314 -- printenv UV_FAKE_NID
expect_rc 0
expect_exact out 314

# Only the host context creates or enters.
UV_FAKE_XID=42 run ncontext --create --nid 315 -- true
expect_rc 1
expect_exact err "ncontext: cannot create network context 315: Operation not permitted"
UV_FAKE_XID=42 run ncontext --migrate --nid 310 -- true
expect_exact err "ncontext: cannot enter network context 310: Operation not permitted"

# -- the life of a network context ------------------------------------------------
# The command's children count in it; it goes with the last of them.
run ncontext --create --silent --nid 316 -- sh -c \
	"(sleep 1; touch '$uv_tmp/child-done') & exit 0"
expect_rc 0
if [ -e "$UV_FAKE_DIR/nx.316" ]; then
	pass "$last: the child keeps network context 316"
else
	fail "$last: network context 316 went with its first task"
fi
tries=0
while ! [ -e "$uv_tmp/child-done" ] && [ "$tries" -lt 50 ]; do
	sleep 0.1
	tries=$((tries + 1))
done
sleep 0.2
gone 316

# -- --disconnect: exit 0 at once, the command in a session of its own -------
# shellcheck disable=SC2016 # expanded by the command's shell
run ncontext --create --nid 320 --disconnect -- sh -c \
	'sleep 1; read -r pid comm state ppid pgrp sid rest </proc/$$/stat; echo "$pid $sid $UV_FAKE_NID" >"$0"' \
	"$uv_tmp/disconnected"
expect_rc 0
expect_exact err "New network context is 320"
if [ -e "$uv_tmp/disconnected" ]; then
	fail "$last: ncontext waited for the command"
else
	pass "$last: ncontext returned before the command ended"
fi
tries=0
while ! [ -s "$uv_tmp/disconnected" ] && [ "$tries" -lt 50 ]; do
	sleep 0.1
	tries=$((tries + 1))
done
read -r pid sid nid <"$uv_tmp/disconnected"
if [ -n "$pid" ] && [ "$pid" = "$sid" ] && [ "$nid" = 320 ]; then
	pass "$last: the command leads a new session, in network context 320"
else
	fail "$last: the command is not alone in 320 ($pid, $sid, $nid)"
fi
UV_FAKE_FAIL=net_create:EPERM run ncontext --create --nid 321 --disconnect -- true
expect_rc 1
expect_exact err "ncontext: cannot create network context 321: Operation not permitted"

# -- exec failures ----------------------------------------------------------------
run ncontext --create --silent --nid 330 -- sh -c 'exit 7'
expect_rc 7
run ncontext --create --silent --nid 331 -- "$uv_tmp/no-such-command"
expect_rc 127
expect_exact err "ncontext: failed to execute $uv_tmp/no-such-command: No such file or directory"
: >"$uv_tmp/not-executable"
run ncontext --migrate --nid 310 -- "$uv_tmp/not-executable"
expect_rc 126
expect_err "ncontext: failed to execute $uv_tmp/not-executable: Permission denied"

# -- a vserver kernel without network contexts ----------------------------------
UV_FAKE_REFUSE=net_create run ncontext --create --nid 332 -- true
expect_rc 3
expect_exact err "ncontext: kernel lacks network context support"
UV_FAKE_REFUSE=net_migrate run ncontext --migrate --nid 310 -- true
expect_rc 3
expect_exact err "ncontext: kernel lacks network context support"

finish
