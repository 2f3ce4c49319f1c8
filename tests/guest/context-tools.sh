#!/bin/sh
# context-tools.sh: the context tools (chcontext --secure/--cap/--hostname/
# --disconnect, vattribute, reducecap, vkill, vwait, vps, vtop,
# vserver-stat, vserver-info BCAPS/CFLAGS/NAME, vlimit, vuname) against the
# patched kernel.  Runs as root in the host context of the test VM (busybox sh),
# with the static tools in /usr/sbin; prints TAP.
#
# This suite owns xids 200-299.  Background tasks in a context ("holders")
# are invisible to the host's kill(1): they are ended with vkill, and any
# left over when the suite ends are killed by the cleanup.

PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
export PATH

held=
T=$(mktemp -d /tmp/context-tools.XXXXXX) || exit 1

# Guest names for vps, vserver-stat and vserver-info.
VSERVER_CONFDIR=$T/etc
export VSERVER_CONFDIR
mkdir -p "$VSERVER_CONFDIR/ctxtest"
echo 210 >"$VSERVER_CONFDIR/ctxtest/context"

# The --secure bound (CAP_CHOWN ... CAP_AUDIT_WRITE), as /proc shows it.
SECURE=00000000b40c04ff
SECURE_NAMES=CAP_CHOWN,CAP_DAC_OVERRIDE,CAP_DAC_READ_SEARCH,CAP_FOWNER,\
CAP_FSETID,CAP_KILL,CAP_SETGID,CAP_SETUID,CAP_NET_BIND_SERVICE,\
CAP_SYS_CHROOT,CAP_SYS_PTRACE,CAP_SYS_TTY_CONFIG,CAP_LEASE,CAP_AUDIT_WRITE,\
CAP_SETFCAP

cleanup() {
	for xid in $held; do
		vkill --xid "$xid" -s KILL 2>/dev/null
	done
	rm -rf "$T"
}
trap cleanup EXIT

. "$(dirname "$0")/_tap.sh"

# hold XID [chcontext options]: a sleeping task in new context XID; its
# pid (as the host's shell knows it) in $holder.
hold() {
	hold_xid=$1
	shift
	chcontext --silent --ctx "$hold_xid" "$@" -- sleep 1000 >/dev/null 2>&1 &
	holder=$!
	eval "holder_$hold_xid=\$holder"
	held="$held $hold_xid"
	wait_running "$hold_xid" 0
}

# release XID: end the holder with vkill, wait for the context to go,
# then reap the holder (not before: a holder that survived would hang).
release() {
	vkill --xid "$1" -s KILL
	wait_running "$1" 1 || return
	eval "pid=\${holder_$1:-}"
	[ -z "$pid" ] || wait "$pid" 2>/dev/null
}

# --- chcontext --secure, --cap: the command's capabilities -------------------

run chcontext --silent --ctx 200 --secure -- grep CapBnd /proc/self/status
[ "$rc" -eq 0 ] && out | grep -q "^CapBnd:[[:space:]]*$SECURE$"
result "chcontext --secure: CapBnd is exactly the secure set"

run chcontext --silent --ctx 201 --secure --cap CAP_NET_RAW,~KILL -- \
	grep CapEff /proc/self/status
[ "$rc" -eq 0 ] && out | grep -q '^CapEff:[[:space:]]*00000000b40c24df$'
result "chcontext --secure --cap NET_RAW,~KILL: CapEff adds one, drops one"

run chcontext --silent --ctx 202 --secure -- mknod "$T/node" c 1 3
[ "$rc" -ne 0 ] && [ ! -e "$T/node" ]
result "chcontext --secure: mknod (CAP_MKNOD) fails inside"

hold 203 --secure
run vattribute --xid 203 --get
[ "$rc" -eq 0 ] && out | grep -q "^bcaps: $SECURE_NAMES$" &&
	out_has '^flags: state_init,state_admin$'
result "chcontext --secure: the new context's bound is the secure set, setup over"

release 203

run chcontext --silent --ctx 209 --secure -- vattribute --get
[ "$rc" -eq 1 ] && err_has "Operation not permitted"
result "chcontext --secure: the command has no CAP_SYS_ADMIN to query with"

# --- vattribute ---------------------------------------------------------------

hold 204
run vattribute --xid 204 --get
[ "$rc" -eq 0 ] && out_has '^bcaps: CAP_CHOWN,.*CAP_CHECKPOINT_RESTORE$' &&
	out_has '^ccaps:$' && out_has '^flags: state_init,state_admin$'
result "vattribute --get: every capability; chcontext ended the setup"

run vattribute --xid 204 --bcap ~CAP_MKNOD --ccap set_utsname --flag lock,~state_setup
[ "$rc" -eq 0 ] && [ ! -s "$T/out" ]
result "vattribute sets the bound, context capabilities and flags from the host"

run vattribute --xid 204 --get
[ "$rc" -eq 0 ] && ! out_has 'CAP_MKNOD' && out_has '^ccaps: set_utsname$' &&
	out_has '^flags: lock,state_init,state_admin$'
result "vattribute --get shows the changes"

run vserver-info 204 CFLAGS
[ "$rc" -eq 0 ] && [ "$(out)" = lock,state_init,state_admin ]
result "vserver-info 204 CFLAGS agrees"

# The bound holds against a process that has the capability (out of setup).
run vcontext --migrate --xid 204 -- mknod "$T/node2" c 1 3
[ "$rc" -ne 0 ] && [ ! -e "$T/node2" ]
result "the context's bound refuses CAP_MKNOD to root entering it"

run vcontext --migrate --xid 204 -- vattribute --flag nproc
[ "$rc" -eq 1 ] && err_has "cannot set the flags of context 204: Operation not permitted"
result "a guest out of setup cannot change itself (EPERM)"

release 204

# A context that ends by itself: without state_admin the host can no
# longer act on it, not even to end it.
chcontext --silent --ctx 214 -- sleep 5 >/dev/null 2>&1 &
wait_running 214 0
run vattribute --xid 214 --flag ~state_admin
[ "$rc" -eq 0 ]
result "vattribute --flag ~state_admin: the host gives up administration"

run vattribute --xid 214 --flag lock
[ "$rc" -eq 1 ] && err_has "no longer accepts administration"
result "vattribute on a context without state_admin fails (EACCES)"
wait_running 214 1

run vcontext --silent --create --xid 205 -- sh -c \
	'vattribute --bcap ~CAP_SYS_TIME --flag ~state_setup && vattribute --get'
[ "$rc" -eq 0 ] && ! out_has CAP_SYS_TIME && out_has '^flags: state_init,state_admin$'
result "a guest in setup changes its own context (default --xid)"

run vcontext --silent --create --xid 220 --flag fakeinit --endsetup -- \
	sh -c 'echo $$; sh -c "kill -9 -1"; echo alive'
[ "$rc" -eq 0 ] && [ "$(head -n 1 "$T/out")" = 1 ] && out_has '^alive$'
result "vcontext --flag fakeinit: the command is pid 1 of the guest, spared by kill -1"

run vattribute --get
[ "$rc" -eq 1 ] && err_has "use --xid"
result "vattribute without --xid in the host context asks for --xid"

run vattribute --xid 250 --get
[ "$rc" -eq 1 ] && err_has "context 250: No such process"
result "vattribute on a context that does not exist fails (ESRCH)"

# --- reducecap ----------------------------------------------------------------

run reducecap --secure -- grep CapBnd /proc/self/status
[ "$rc" -eq 0 ] && out | grep -q "^CapBnd:[[:space:]]*$SECURE$"
result "reducecap --secure: CapBnd is exactly the secure set"

run reducecap --show --pid 1
[ "$rc" -eq 0 ] && out_has '^bounding: CAP_CHOWN,' && out_has '^effective: ' &&
	out_has '^permitted: '
result "reducecap --show --pid 1 prints the three sets"

# --- vkill --------------------------------------------------------------------

hold 206
run vkill --xid 206 -- "$$"
[ "$rc" -eq 1 ] && err_has "cannot signal process $$ of context 206: No such process"
result "vkill refuses a pid outside the context (ESRCH)"

run vkill --xid 206 -s 0
[ "$rc" -eq 0 ] && vserver-info 206 RUNNING
result "vkill -s 0 signals nothing"

run vkill --xid 206 -s KILL
[ "$rc" -eq 0 ] && wait_running 206 1
result "vkill -s KILL ends every process of context 206"

run vkill --xid 251
[ "$rc" -eq 1 ] && err_has "cannot signal context 251: No such process"
result "vkill on a context that does not exist fails (ESRCH)"

# --- vwait --------------------------------------------------------------------

hold 207
vwait --timeout 60 207 >"$T/vwait.out" 2>&1 &
waiter=$!
sleep 1
vkill --xid 207 -s TERM
wait "$waiter"
rc=$?
cmd="vwait --timeout 60 207 (vkill -s TERM)"
cp "$T/vwait.out" "$T/out"
: >"$T/err"
[ "$rc" -eq 0 ] && out | grep -q '^FINISHED -\{0,1\}[0-9][0-9]* -\{0,1\}[0-9][0-9]*$'
result "vwait reports FINISHED when the context's processes are killed"

hold 208
run vwait --timeout 1 208
[ "$rc" -eq 2 ] && [ "$(out)" = TIMEOUT ] && vserver-info 208 RUNNING
result "vwait --timeout 1 reports TIMEOUT (exit 2), the context runs on"

run vwait --timeout 1 --terminate 208
[ "$rc" -eq 4 ] && [ "$(out)" = KILLED ] && ! vserver-info 208 RUNNING
result "vwait --timeout 1 --terminate reports KILLED (exit 4)"

run vwait --status-fd 2 252
[ "$rc" -eq 1 ] && err_has "ERROR cannot wait for context 252: No such process"
result "vwait on a context that does not exist reports ERROR (exit 1)"

# --- vps, vserver-stat, vtop ----------------------------------------------------

hold 210
guest=$holder
run vps
[ "$rc" -eq 0 ] && out_has 'PID *CONTEXT NAME' &&
	out_has "^ *$guest  *210 ctxtest " && out_has "^ *$$  *0 host "
result "vps shows the guest's process with its xid and name, and the host's"

run chcontext --silent --ctx 211 -- vps
[ "$rc" -eq 0 ] && [ "$(sed 1d "$T/out" | grep -c -v '  211 ')" -eq 0 ] &&
	! out_has "^ *$guest "
result "vps inside a guest shows only the guest's processes"

run vserver-stat
[ "$rc" -eq 0 ] && out_has '^CTX   PROC QTY    VSZ    RSS  userTIME   sysTIME    UPTIME NAME$' &&
	out_has '^210  *1 .* ctxtest$' && out_has '^0  *[0-9][0-9]* .* host$'
result "vserver-stat lists context 210 with 1 process, and the host"

# A process that burnt CPU and exited: the context's time keeps it.
run chcontext --silent --ctx 210 -- sh -c \
	'i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done'
busy_rc=$rc
run vserver-stat
[ "$busy_rc" -eq 0 ] && [ "$rc" -eq 0 ] && out_has '^210  *1 ' &&
	! out_has '^210 .* 0m00s00  *0m00s00  *[^ ]*  *ctxtest$'
result "vserver-stat counts the CPU time of a process of 210 that exited"

run vtop -b -n 1
[ "$rc" -eq 0 ] && out_has PID
result "vtop -b -n 1 runs top in the spectator context"

run vserver-info ctxtest BCAPS
[ "$rc" -eq 0 ] && out_has '^CAP_CHOWN,'
result "vserver-info ctxtest BCAPS (a guest name) prints the bound"

run vserver-info 210 NAME
[ "$rc" -eq 0 ] && [ "$(out)" = ctxtest ]
result "vserver-info 210 NAME prints ctxtest"
release 210

# --- chcontext --hostname, --domainname, --disconnect -------------------------

host=$(hostname)
run chcontext --silent --ctx 212 --hostname guest212 --domainname dom212 -- \
	sh -c 'hostname; cat /proc/sys/kernel/domainname'
[ "$rc" -eq 0 ] && [ "$(out)" = "guest212
dom212" ] && [ "$(hostname)" = "$host" ]
result "chcontext --hostname/--domainname name the command, not the host"

run chcontext --silent --disconnect --ctx 213 -- sleep 1000
[ "$rc" -eq 0 ] && held="$held 213" && wait_running 213 0
result "chcontext --disconnect returns at once, the context runs on"
release 213

# --- vuname: the names of a context ---------------------------------------------

# Started as vserver starts a guest: a UTS namespace of its own, then the
# context.  Its task waits until the host has named it, then writes what
# uname shows it.
# shellcheck disable=SC2016 # $1 is the inner shell's
unshare --uts -- vcontext --silent --create --xid 240 -- sh -c '
	while [ ! -e "$1/named" ]; do sleep 1; done
	uname -n >"$1/uname.tmp" && mv "$1/uname.tmp" "$1/uname.240"
	exec sleep 1000' vuname-240 "$T" >/dev/null 2>&1 &
# shellcheck disable=SC2034 # release reads it
holder_240=$!
held="$held 240"
wait_running 240 0
run vuname --xid 240 --set -t nodename=guest240 -t context=/etc/vservers/uts240
[ "$rc" -eq 0 ] && [ "$(hostname)" = "$host" ]
result "vuname --set names context 240 from the host; the host keeps its name"

touch "$T/named"
tries=0
while [ ! -e "$T/uname.240" ] && [ "$tries" -lt 60 ]; do
	sleep 1
	tries=$((tries + 1))
done
cmd="uname -n in context 240"
[ "$(cat "$T/uname.240" 2>/dev/null)" = guest240 ]
result "uname -n inside context 240 shows the node name the host set"

run vuname --xid 240 --get -t context
[ "$rc" -eq 0 ] && [ "$(out)" = /etc/vservers/uts240 ]
result "vuname --get -t context reads back the context's name"

run vuname --xid 240
[ "$rc" -eq 0 ] && out_has '^context=/etc/vservers/uts240$' &&
	out_has "^sysname=$(uname -s)$" && out_has '^nodename=guest240$' &&
	out_has "^release=$(uname -r)$"
result "vuname --xid 240 shows every name, the new one among them"
release 240

# A guest in setup names itself in its exec chain, as vserver start would.
mkdir "$T/uts"
echo self241 >"$T/uts/nodename"
echo dom241 >"$T/uts/domainname"
run unshare --uts -- vcontext --silent --create --xid 241 -- \
	vuname --dir "$T/uts" -t context=/etc/vservers/uts241 -- \
	sh -c 'uname -n; cat /proc/sys/kernel/domainname; vuname --get context'
[ "$rc" -eq 0 ] && [ "$(out)" = "self241
dom241
/etc/vservers/uts241" ]
result "vuname --dir in a guest's chain: the guest in setup names itself"

run chcontext --silent --ctx 242 --hostname h242 -- vuname --get nodename
[ "$rc" -eq 0 ] && [ "$(out)" = h242 ]
result "inside a guest, vuname shows its own node name (chcontext --hostname)"

# A context whose tasks share the host's UTS namespace has no uname names.
hold 243
run vuname --xid 243 --set -t context=/etc/vservers/uts243 -t nodename=guest243
[ "$rc" -eq 1 ] && [ "$(hostname)" = "$host" ] &&
	err_has "vuname: cannot set the nodename of context 243: the context has no UTS namespace of its own (its tasks share the host's)"
result "vuname --set on a context in the host's UTS namespace: EINVAL, said clearly"

run vuname --xid 243 --get -t context
[ "$rc" -eq 0 ] && [ "$(out)" = "" ]
result "the refused set changed nothing: the context still has no name"

run vuname --xid 243 --get nodename
[ "$rc" -eq 1 ] && [ ! -s "$T/out" ] &&
	err_has "cannot get the nodename of context 243: the context has no UTS namespace of its own"
result "vuname --get nodename of that context: EINVAL, said clearly"
release 243

run vuname --xid 253 --get context
[ "$rc" -eq 1 ] && err_has "cannot get the name of context 253: No such process"
result "vuname on a context that does not exist fails (ESRCH)"

# --- The seed's walkthrough ---------------------------------------------------

run chcontext --silent --ctx 231 -- ps ax
[ "$rc" -eq 0 ] && out_has 'ps ax' && ! out_has 'sleep 1000' &&
	[ "$(grep -c . "$T/out")" -le 3 ]
result "chcontext: ps ax inside shows only the context's own processes"

sleep 1000 &
sleeper=$!
run chcontext --silent --ctx 1 -- ps ax
kill "$sleeper"
[ "$rc" -eq 0 ] && out_has 'sleep 1000' && out_has 'ps ax'
result "chcontext --ctx 1 ps ax shows the host's processes too"

run reducecap --secure -- mknod "$T/null" c 1 3
[ "$rc" -ne 0 ] && [ ! -e "$T/null" ]
result "reducecap --secure: mknod fails"

mkdir "$T/mnt"
run reducecap --secure -- mount -t tmpfs none "$T/mnt"
[ "$rc" -ne 0 ] && ! grep -q " $T/mnt " /proc/mounts
result "reducecap --secure: mount fails"

ifconfig lo 127.0.0.1 up
run reducecap --secure -- ifconfig lo down
[ "$rc" -ne 0 ] && ifconfig lo | grep -q UP
result "reducecap --secure: taking an interface down fails"

# --- vlimit: a task limit holds inside, the host forks on ----------------------

# The second background job needs a third task: the fork is refused, ash
# gives up, and the first sleep keeps the context alive for the checks.
run vcontext --silent --create --xid 220 -- vlimit --nproc 2 -- \
	sh -c 'sleep 1000 & sleep 1000 & wait'
held="$held 220"
[ "$rc" -ne 0 ] && err_has "fork"
result "vlimit --nproc 2 in context 220: the third task is refused"
run vlimit --xid 220 --stat
[ "$rc" -eq 0 ] && out_has '^nproc  *1  *1  *2  *1$'
result "vlimit --stat: nproc 1 now, lowest 1, highest 2, one hit"
run vlimit --xid 220 --all
[ "$rc" -eq 0 ] && out_has '^nproc  *-  *-  *2$' && out_has '^nofile  *-  *-  *inf$'
result "vlimit --all: nproc limited to 2, open files unlimited"
run sh -c 'sleep 0 & sleep 0 & sleep 0 & wait'
[ "$rc" -eq 0 ]
result "the host still forks three tasks"
vkill --xid 220 -s KILL

# --- Many short-lived contexts leave none behind -------------------------------

i=0
while [ "$i" -lt 1000 ] && vcontext --silent --create --xid 232 -- true; do
	i=$((i + 1))
done
run vserver-stat
[ "$i" -eq 1000 ] && [ "$rc" -eq 0 ] && ! out | grep -q '^ *232 '
result "1000 create/exit cycles of context 232, none left in vserver-stat"

finish
