# vserver-stat against the fake vserver(2), on the real /proc: one line
# per context, the counts and names right, the child that gathers the
# figures in the spectator context and not counted.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

use_fake_kernel
VSERVER_CONFDIR=$uv_tmp/etc
export VSERVER_CONFDIR
mkdir -p "$VSERVER_CONFDIR/web"
echo 42 >"$VSERVER_CONFDIR/web/context"

# Three processes of "context 42" and one of 43, the rest are the host's.
sleep 60 & p1=$!
sleep 60 & p2=$!
sleep 60 & p3=$!
sleep 60 & p4=$!
trap 'kill $p1 $p2 $p3 $p4 2>/dev/null; rm -rf "$uv_tmp"' EXIT
fake_task $p1 42
fake_task $p2 42
fake_task $p3 42
fake_task $p4 43

header="CTX   PROC QTY    VSZ    RSS  userTIME   sysTIME    UPTIME NAME"
run vserver-stat
expect_rc 0
expect_empty err
if [ "$(sed -n 1p "$uv_tmp/out")" = "$header" ]; then
	pass "$last: the header"
else
	fail "$last: not the header '$header'"
fi
expect_log "migrate 1 0x0"

# line_of XID: the line for a context.
line_of() {
	grep "^$1 " "$uv_tmp/out"
}
if line_of 42 | grep -q '^42           3  *[0-9.]*[KMG]\{0,1\}  *[0-9.]*[KMG]\{0,1\}  *0m00s[0-9][0-9]  *0m00s[0-9][0-9]  *[0-9]m[0-9][0-9]s[0-9][0-9] web$'; then
	pass "$last: context 42: 3 processes, sizes, times, name"
else
	fail "$last: no good line for context 42"
fi
if line_of 43 | grep -q '^43           1 .* -$'; then
	pass "$last: context 43: 1 process, no name"
else
	fail "$last: no good line for context 43"
fi
if line_of 0 | grep -q '^0  *[0-9][0-9]* .* host$'; then
	pass "$last: the host"
else
	fail "$last: no line for the host"
fi
if [ "$(sed 1d "$uv_tmp/out" | cut -d' ' -f1 | tr '\n' ' ')" = "0 42 43 " ]; then
	pass "$last: in the order of the ids, one line each"
else
	fail "$last: not one line each for 0, 42, 43"
fi
# The child in the spectator context does not count itself.
if grep -q '^1 ' "$uv_tmp/out"; then
	fail "$last: a line for the spectator context"
else
	pass "$last: no line for the spectator context (the child)"
fi

# Inside a guest: no spectator; the guest sees its own processes.
fake_context 42
: >"$UV_FAKE_DIR/log"
UV_FAKE_XID=42 run vserver-stat
expect_rc 0
expect_no_log "migrate"
if [ "$(sed 1d "$uv_tmp/out" | cut -d' ' -f1 | tr '\n' ' ')" = "42 " ]; then
	pass "$last: context 42 only"
else
	fail "$last: more than context 42"
fi

UV_FAKE_FAIL=ctx_migrate:EPERM run vserver-stat
expect_rc 1
expect_exact err "vserver-stat: cannot enter the spectator context: Operation not permitted"
expect_empty out

finish
