# vserver-stat against the fake vserver(2), on the real /proc: one line
# per context, the counts and names right, the child that gathers the
# figures in the spectator context and not counted; then each column from
# its source (the kernel's task count and uptime, a guest's cgroup in a
# fake cgroup base) and from the processes where the source gives nothing.
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

# Every line in the columns of the header: NAME from character 60 on.
expect_columns() {
	if awk 'substr($0, 60) != $NF || substr($0, 59, 1) != " " { bad = 1 }
		END { exit bad }' "$uv_tmp/out"; then
		pass "$last: the columns of the header"
	else
		fail "$last: a line out of the columns"
	fi
}
# expect_line XID PATTERN: the line for a context matches PATTERN (an
# extended regular expression, anchored).
expect_line() {
	if line_of "$1" | grep -E -q "^$2\$"; then
		pass "$last: context $1 is '$2'"
	else
		fail "$last: context $1 is not '$2'"
	fi
}
size='[0-9.]+[KMGT]?'
time='[0-9]+[mhd][0-9][0-9][smh][0-9][0-9]'
expect_columns

# The kernel's figures: a virt_stat of context 42 that says 7 tasks
# (threads included) wins over the 3 processes in /proc, and its uptime,
# 1h02m03 (the context is older than its processes), over that of the
# oldest process; 43, which the fake kernel does not know, keeps its
# count of processes and their uptime.
printf '700000000 7\n' >"$UV_FAKE_DIR/ctx.42"
echo 3723990000000 >"$UV_FAKE_DIR/vstat.42"
run vserver-stat
expect_rc 0
expect_empty err
expect_line 42 "42 +7 +$size +$size +0m00s[0-9]{2} +0m00s[0-9]{2} +1h02m03 web"
expect_line 43 "43 +1 .* +[0-9]+m[0-9]{2}s[0-9]{2} -"
expect_columns
# A kernel without virt_stat (EOPNOTSUPP, EINVAL from an older one): the
# task count of ctx_stat, the uptime of the oldest process.
for e in EOPNOTSUPP EINVAL; do
	UV_FAKE_FAIL=virt_stat:$e run vserver-stat
	expect_rc 0
	expect_empty err
	expect_line 42 "42 +7 +$size +$size +0m00s[0-9]{2} +0m00s[0-9]{2} +[0-9]+m[0-9]{2}s[0-9]{2} web"
done
UV_FAKE_REFUSE=virt_stat run vserver-stat
expect_rc 0
expect_line 42 "42 +7 .* +[0-9]+m[0-9]{2}s[0-9]{2} web"
# A kernel without either (an old one): the processes in /proc.
UV_FAKE_REFUSE=virt_stat UV_FAKE_FAIL=ctx_stat:EOPNOTSUPP run vserver-stat
expect_rc 0
expect_empty err
expect_line 42 "42 +3 .* +[0-9]+m[0-9]{2}s[0-9]{2} web"

# The guests' cgroups, in a base of their own: web's has the memory
# controller and cpu.stat; db (context 43) has no cgroup; a cgroup named
# "host" is not the host's.  115G and hours of CPU time are no sleep's.
VSERVER_CGROUP_BASE=$uv_tmp/cgroup/vservers
export VSERVER_CGROUP_BASE
cg=$VSERVER_CGROUP_BASE
mkdir -p "$cg/web" "$cg/host" "$VSERVER_CONFDIR/db"
echo 43 >"$VSERVER_CONFDIR/db/context"
echo 123456789012 >"$cg/web/memory.current"
printf '%s\n' "usage_usec 11107450000" "user_usec 7384000000" \
	"system_usec 3723450000" "nr_periods 0" >"$cg/web/cpu.stat"
cp "$cg/web/memory.current" "$cg/web/cpu.stat" "$cg/host/"
run vserver-stat
expect_rc 0
expect_empty err
expect_line 42 "42 +7 +$size +115G +2h03m04 +1h02m03 +$time web"
expect_line 43 "43 +1 +$size +$size +0m00s[0-9]{2} +0m00s[0-9]{2} +$time db"
if line_of 0 | grep -q '115G\|2h03m04\|1h02m03'; then
	fail "$last: the host read from a cgroup"
else
	pass "$last: the host from its processes"
fi
expect_columns

# A cgroup without the memory controller: RSS from the processes, the
# times still from cpu.stat.
rm "$cg/web/memory.current"
run vserver-stat
expect_rc 0
expect_line 42 "42 +7 +$size +$size +2h03m04 +1h02m03 +$time web"
if line_of 42 | grep -q 115G; then
	fail "$last: RSS of a memory.current that is gone"
else
	pass "$last: RSS from the processes"
fi

# A cpu.stat without system_usec, and a memory.current that is no
# number: both from the processes.
echo 'user_usec 7384000000' >"$cg/web/cpu.stat"
echo 'max' >"$cg/web/memory.current"
run vserver-stat
expect_rc 0
expect_line 42 "42 +7 +$size +$size +0m00s[0-9]{2} +0m00s[0-9]{2} +$time web"

# Another base, where web has no cgroup: as without one.
printf '%s\n' "user_usec 7384000000" "system_usec 3723450000" >"$cg/web/cpu.stat"
VSERVER_CGROUP_BASE=$uv_tmp/elsewhere run vserver-stat
expect_rc 0
expect_line 42 "42 +7 +$size +$size +0m00s[0-9]{2} +0m00s[0-9]{2} +$time web"
run vserver-stat
expect_line 42 "42 +7 +$size +$size +2h03m04 +1h02m03 +$time web"
unset VSERVER_CGROUP_BASE
rm "$VSERVER_CONFDIR/db/context"
rmdir "$VSERVER_CONFDIR/db"

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
