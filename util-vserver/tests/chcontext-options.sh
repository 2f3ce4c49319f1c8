# chcontext --cap, --secure, --hostname, --domainname and --disconnect
# against the fake vserver(2): the bound set on a new context, the
# command's own capabilities, its names, and the background start.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

use_fake_kernel
bnd=$(cap_set Bnd)

# -- --secure, --cap: the new context's bound ----------------------------------
run chcontext --ctx 50 --secure --cap CAP_NET_RAW -- true
expect_rc 0
expect_log "create 50 0x700000000"
expect_log "set_bcaps 50 $(printf '%#x' $((SECURE_CAPS | 1 << 13))) 0x1ffffffffff"
run chcontext --silent --ctx 51 --cap ~SYS_ADMIN,!MKNOD --cap ~mknod -- true
expect_rc 0
expect_log "set_bcaps 51 0x0 0x8200000"

# ... and the command's own, when this process may lower them.
if can_drop_caps; then
	run chcontext --silent --ctx 52 --secure --cap NET_RAW -- grep '^Cap' /proc/self/status
	expect_rc 0
	expect_out "CapBnd:	$(printf '%016x' $(((SECURE_CAPS | 1 << 13) & bnd)))"
	expect_out "CapInh:	0000000000000000"

	# An existing context keeps its bound; only the command is limited.
	: >"$UV_FAKE_DIR/log"
	run chcontext --ctx 52 --cap ~KILL -- grep '^CapBnd' /proc/self/status
	expect_rc 0
	expect_err "chcontext: context 52 exists; its capability bound is unchanged, --cap and --secure limit only this command"
	expect_exact out "CapBnd:	$(printf '%016x' $((bnd & ~(1 << 5))))"
	expect_no_log "set_bcaps"
	run chcontext --silent --ctx 52 --cap ~KILL -- true
	expect_empty err
else
	echo "no CAP_SETPCAP here: the command's capabilities are not checked"
fi

UV_FAKE_FAIL=set_bcaps:EPERM run chcontext --ctx 53 --secure -- true
expect_rc 1
expect_exact err "chcontext: cannot set the capability bound of context 53: Operation not permitted"

# -- --hostname, --domainname: a UTS namespace of the command's own -----------
host=$(cat /proc/sys/kernel/hostname)
if [ $(($(cap_set Eff) >> 21 & 1)) = 1 ]; then
	run chcontext --silent --ctx 54 --hostname guest54 --domainname dom54 -- \
		cat /proc/sys/kernel/hostname /proc/sys/kernel/domainname
	expect_rc 0
	printf 'guest54\ndom54\n' >"$uv_tmp/want"
	if cmp -s "$uv_tmp/want" "$uv_tmp/out"; then
		pass "$last: the command has the names"
	else
		fail "$last: the command does not have the names"
	fi
	if [ "$(cat /proc/sys/kernel/hostname)" = "$host" ]; then
		pass "$last: the host keeps its name"
	else
		fail "$last: the host name changed"
	fi
	run chcontext --silent --ctx 54 --hostname only -- cat /proc/sys/kernel/hostname
	expect_exact out "only"
else
	run chcontext --silent --ctx 54 --hostname guest54 -- true
	expect_rc 1
	expect_err "chcontext: cannot create a UTS namespace"
fi

# -- --disconnect: exit 0 at once, the command in a session of its own -------
# shellcheck disable=SC2016 # expanded by the command's shell
run chcontext --ctx 55 --disconnect -- sh -c \
	'sleep 1; read -r pid comm state ppid pgrp sid rest </proc/$$/stat; echo "$pid $sid" >"$0"' \
	"$uv_tmp/disconnected"
expect_rc 0
expect_exact err "New security context is 55"
if [ -e "$uv_tmp/disconnected" ]; then
	fail "$last: chcontext waited for the command"
else
	pass "$last: chcontext returned before the command ended"
fi
tries=0
while ! [ -s "$uv_tmp/disconnected" ] && [ "$tries" -lt 50 ]; do
	sleep 0.1
	tries=$((tries + 1))
done
read -r pid sid <"$uv_tmp/disconnected"
if [ -n "$pid" ] && [ "$pid" = "$sid" ]; then
	pass "$last: the command leads a new session"
else
	fail "$last: the command is not in a session of its own ($pid, $sid)"
fi

# A failure is still reported before the fork.
UV_FAKE_FAIL=ctx_create:EPERM run chcontext --ctx 56 --disconnect -- true
expect_rc 1
expect_exact err "chcontext: cannot create context 56: Operation not permitted"

finish
