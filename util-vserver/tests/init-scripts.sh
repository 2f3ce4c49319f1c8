# init.d/vservers and init.d/util-vserver, as built.  vservers against a
# fake vserver command: which guests start (marks, ONBOOT of legacy
# guests, disabled, the guests they depend on), in dependency order,
# independent ones in parallel up to NUMPARALLEL; a failed guest and
# those that need it; cycles and unknown dependencies; stop of every
# running guest in reverse order; the LSB status codes.  util-vserver on
# the fake vserver(2): the state directory and its stale locks, the
# vshelper sysctl (a scratch file), the contexts ended at stop.  Both:
# LSB headers and usage.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

initd=$UV_BUILDDIR/../init.d
VSERVER_CONFDIR=$uv_tmp/etc
VSERVER_RUNDIR=$uv_tmp/run
VSERVERS_DEFAULTS=$uv_tmp/defaults
VSERVER_VROOTDIR=$uv_tmp/vservers
FAKE_DIR=$uv_tmp/state
export VSERVER_CONFDIR VSERVER_RUNDIR VSERVERS_DEFAULTS VSERVER_VROOTDIR FAKE_DIR
mkdir -p "$VSERVER_CONFDIR" "$VSERVER_VROOTDIR" "$FAKE_DIR" "$uv_tmp/sbin" || exit 99

# The fake vserver: "NAME start" logs "begin"/"end" around a pause of
# $FAKE_DIR/delay.NAME seconds (default 0.3), fails with the status in
# $FAKE_DIR/fail.NAME, else marks NAME running; stop unmarks it;
# running tests the mark.
cat >"$uv_tmp/sbin/vserver" <<'EOF'
#!/bin/sh
name=$1
case $2 in
start | stop)
	echo "begin $2 $name" >>"$FAKE_DIR/log"
	sleep "$(cat "$FAKE_DIR/delay.$name" 2>/dev/null || echo 0.3)"
	echo "end $2 $name" >>"$FAKE_DIR/log"
	if [ -f "$FAKE_DIR/fail.$name" ]; then
		echo "vserver $name: it failed on purpose"
		exit "$(cat "$FAKE_DIR/fail.$name")"
	fi
	if [ "$2" = start ]; then : >"$FAKE_DIR/running.$name"; else rm -f "$FAKE_DIR/running.$name"; fi ;;
running) [ -e "$FAKE_DIR/running.$name" ] || exit 3 ;;
*) echo "fake vserver: $*" >&2; exit 2 ;;
esac
EOF
chmod +x "$uv_tmp/sbin/vserver"
# The tools util-vserver uses, as built.
for t in "$UV_BUILDDIR"/src/*; do
	[ -f "$t" ] && [ -x "$t" ] && ln -s "$t" "$uv_tmp/sbin/"
done

# initrun SCRIPT ARG...: run init.d/SCRIPT; sets rc and last.
initrun() {
	uv_script=$1
	shift
	: >"$FAKE_DIR/log"
	"$initd/$uv_script" "$@" >"$uv_tmp/out" 2>"$uv_tmp/err"
	rc=$?
	last="$uv_script $*"
}

# guest NAME [MARK [DEPENDS...]]: a configured guest.
guest() {
	mkdir -p "$VSERVER_CONFDIR/$1/apps/init" || exit 99
	g_name=$1
	shift
	if [ $# -gt 0 ]; then
		[ -z "$1" ] || echo "$1" >"$VSERVER_CONFDIR/$g_name/apps/init/mark"
		shift
	fi
	if [ $# -gt 0 ]; then
		printf '%s\n' "# what $g_name needs" "$@" >"$VSERVER_CONFDIR/$g_name/apps/init/depends"
	fi
}

# expect_acted ACTION NAME...: exactly these guests got ACTION.
expect_acted() {
	uv_action=$1
	shift
	: >"$uv_tmp/want"
	[ $# -eq 0 ] || printf '%s\n' "$@" | sort >"$uv_tmp/want"
	sed -n "s/^end $uv_action //p" "$FAKE_DIR/log" | sort >"$uv_tmp/got"
	if cmp -s "$uv_tmp/want" "$uv_tmp/got"; then
		pass "$last: $uv_action $*"
	else
		fail "$last: not $uv_action exactly $*"
		sed 's/^/    log| /' "$FAKE_DIR/log"
	fi
}

# expect_before A B: line A of the fake's log comes before line B.
expect_before() {
	uv_a=$(grep -n -x -F "$1" "$FAKE_DIR/log" | cut -d: -f1)
	uv_b=$(grep -n -x -F "$2" "$FAKE_DIR/log" | cut -d: -f1)
	if [ -n "$uv_a" ] && [ -n "$uv_b" ] && [ "$uv_a" -lt "$uv_b" ]; then
		pass "$last: '$1' before '$2'"
	else
		fail "$last: not '$1' before '$2'"
		sed 's/^/    log| /' "$FAKE_DIR/log"
	fi
}

export PATH="$uv_tmp/sbin:$PATH"
VSERVER_SBINDIR=$uv_tmp/sbin
export VSERVER_SBINDIR

# -- LSB headers, usage -------------------------------------------------
for s in vservers util-vserver; do
	last="$s: LSB header"
	cp "$initd/$s" "$uv_tmp/out"
	: >"$uv_tmp/err"
	for field in "### BEGIN INIT INFO" "# Provides:          $s" "# Required-Start:" \
		"# Required-Stop:" "# Default-Start:     2 3 4 5" "# Default-Stop:      0 1 6" \
		"# Short-Description:" "# Description:" "### END INIT INFO"; do
		expect_out "$field"
	done
	initrun "$s"
	expect_rc 2
	expect_err "Usage: $s {start|stop|restart|try-restart|force-reload|status}"
	initrun "$s" bogus
	expect_rc 2
	initrun "$s" reload
	expect_rc 3
done
if grep -q '^# Required-Start:.* util-vserver' "$initd/vservers"; then
	pass "vservers starts after util-vserver"
else
	fail "vservers does not require util-vserver"
fi

# -- vservers: which guests, in which order -------------------------------
guest a default
guest b default a
guest c default
guest d other
guest e
guest f default e
guest g default
: >"$VSERVER_CONFDIR/g/disabled"
printf '# legacy\nS_CONTEXT=760\nONBOOT="yes"  # at boot\n' >"$VSERVER_CONFDIR/l.conf"
printf 'S_CONTEXT=761\nONBOOT=no\n' >"$VSERVER_CONFDIR/l2.conf"
echo 1 >"$FAKE_DIR/delay.a"
echo 1 >"$FAKE_DIR/delay.c"

initrun vservers status
expect_rc 3
initrun vservers start
expect_rc 0
expect_acted start a b c e f l
expect_before "end start a" "begin start b"
expect_before "end start e" "begin start f"
# a and c are independent: c begins before a ends.
expect_before "begin start c" "end start a"
expect_out "vservers: a: started"
initrun vservers status
expect_rc 0
expect_out "vservers: a: running"
rm "$FAKE_DIR/running.c"
initrun vservers status
expect_rc 1
expect_out "vservers: started, but not running: c"
initrun vservers try-restart
expect_rc 0
expect_acted start a b c e f l

# Stop: every running guest, d too; b before a, f before e.
: >"$FAKE_DIR/running.d"
initrun vservers stop
expect_rc 0
expect_acted stop a b c d e f l
expect_before "end stop b" "begin stop a"
expect_before "end stop f" "begin stop e"
initrun vservers status
expect_rc 3
initrun vservers stop
expect_rc 0
expect_out "no guest is running"
initrun vservers try-restart
expect_rc 0
expect_acted start

# MARKS and NUMPARALLEL.
printf 'MARKS="other default"\nNUMPARALLEL=1\n' >"$VSERVERS_DEFAULTS"
initrun vservers start
expect_rc 0
expect_acted start a b c d e f l
expect_before "end start a" "begin start c"
printf 'NUMPARALLEL=many\n' >"$VSERVERS_DEFAULTS"
initrun vservers stop
expect_rc 6
expect_err "NUMPARALLEL='many' in $VSERVERS_DEFAULTS is not a number of guests"
rm "$VSERVERS_DEFAULTS"
initrun vservers stop
expect_rc 0

# A failed guest: those that need it are not started, the others are.
echo 3 >"$FAKE_DIR/fail.a"
initrun vservers start
expect_rc 1
expect_acted start a c e f l
expect_out "vservers: a: start failed (exit status 3):"
expect_out "    vserver a: it failed on purpose"
expect_out "vservers: b: not started: a guest it needs failed"
if grep -q "begin start b" "$FAKE_DIR/log"; then
	fail "$last: b was started"
else
	pass "$last: b was not started"
fi
rm "$FAKE_DIR/fail.a"
initrun vservers restart
expect_rc 0
expect_acted start a b c e f l

# Unknown dependencies and cycles.
initrun vservers stop
guest x default y
guest y default x
guest z default nosuch
initrun vservers start
expect_rc 1
expect_acted start a b c e f l
expect_out "vservers: x: not started: its apps/init/depends are in a cycle (y)"
expect_out "vservers: y: not started: its apps/init/depends are in a cycle (x)"
expect_out "vservers: z: not started: it depends on 'nosuch', which is not configured"
initrun vservers stop
expect_rc 0
rm -r "$VSERVER_CONFDIR"/*

initrun vservers start
expect_rc 0
expect_out "no guest is marked for boot (MARKS: default)"
initrun vservers status
expect_rc 0
initrun vservers stop
initrun vservers status
expect_rc 3

# -- util-vserver ---------------------------------------------------------
VSHELPER_SYSCTL=$uv_tmp/sysctl-vshelper
VSHELPER=$uv_tmp/sbin/vshelper
export VSHELPER_SYSCTL VSHELPER
printf '#!/bin/sh\n' >"$VSHELPER"
chmod +x "$VSHELPER"
echo /sbin/vshelper >"$VSHELPER_SYSCTL"
rm -rf "$VSERVER_RUNDIR"

# Without the fake kernel: no vserver support.
initrun util-vserver start
expect_rc 5
expect_out "the kernel has no vserver support"
initrun util-vserver status
expect_rc 3

use_fake_kernel
mkdir -p "$VSERVER_RUNDIR"
echo "1 start" >"$VSERVER_RUNDIR/gone.lock"
echo "$$ start" >"$VSERVER_RUNDIR/held.lock"
: >"$VSERVER_RUNDIR/.vservers-started"
exec 8<>"$VSERVER_RUNDIR/held.lock"
flock -n 8 || exit 99
initrun util-vserver status
expect_rc 3
expect_out "not set up: kernel.vshelper is '/sbin/vshelper', not $VSHELPER"
initrun util-vserver start
expect_rc 0
expect_out "kernel.vshelper: $VSHELPER (was '/sbin/vshelper')"
expect_out "removed 1 stale lock(s) from $VSERVER_RUNDIR"
expect_out "$VSERVER_RUNDIR/held.lock is held (pid $$): kept"
if [ "$(cat "$VSHELPER_SYSCTL")" = "$VSHELPER" ] && [ ! -e "$VSERVER_RUNDIR/gone.lock" ] &&
	[ -e "$VSERVER_RUNDIR/held.lock" ] && [ ! -e "$VSERVER_RUNDIR/.vservers-started" ]; then
	pass "$last: the sysctl is set, the stale lock and mark removed, the held lock kept"
else
	fail "$last: the sysctl or the state directory is not as expected"
fi
exec 8>&-
if [ "$("$UV_BUILDDIR/src/showattr" -d "$VSERVER_VROOTDIR")" = "B--- $VSERVER_VROOTDIR" ]; then
	pass "$last: the chroot barrier is on $VSERVER_VROOTDIR"
else
	fail "$last: no chroot barrier on $VSERVER_VROOTDIR"
fi
# A kernel (or file system) that cannot keep the barrier: refused.
UV_FAKE_IATTR_BITS=0 initrun util-vserver start
expect_rc 1
expect_out "cannot put the chroot barrier on $VSERVER_VROOTDIR"
initrun util-vserver status
expect_rc 0
expect_out "set up: $VSERVER_RUNDIR, kernel.vshelper $VSHELPER"
rm "$VSHELPER"
echo /sbin/vshelper >"$VSHELPER_SYSCTL"
initrun util-vserver start
expect_rc 5
expect_out "$VSHELPER is missing"

# stop: the contexts left get TERM; a persistent one too.
sleep 30 &
sleeper=$!
fake_task "$sleeper" 750
fake_context 750 4700000000
fake_reset
initrun util-vserver stop
expect_rc 0
expect_out "util-vserver: context 750 ended"
expect_log "kill 750 0 15"
kill "$sleeper" 2>/dev/null
wait "$sleeper" 2>/dev/null

finish
