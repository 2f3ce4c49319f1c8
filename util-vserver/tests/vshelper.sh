# vshelper, as built, against a fake vserver command: the guest found by
# its context id (a directory's context file, a legacy NAME.conf), the
# command run for each action, in the background and in a session of its
# own while vshelper returns at once; unknown context ids, unsupported
# actions, apps/vshelper/disabled, two guests with one id; usage, --help
# and --version.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

vshelper=$UV_BUILDDIR/scripts/vshelper
VSERVER_CONFDIR=$uv_tmp/etc
VSERVER_SBINDIR=$uv_tmp/sbin
FAKE_LOG=$uv_tmp/calls
export VSERVER_CONFDIR VSERVER_SBINDIR FAKE_LOG
mkdir -p "$VSERVER_CONFDIR/g1" "$VSERVER_CONFDIR/g2" "$VSERVER_SBINDIR" || exit 99
echo 731 >"$VSERVER_CONFDIR/g1/context"
printf '# the id\n732  \n' >"$VSERVER_CONFDIR/g2/context"
printf '# legacy\nS_CONTEXT="733"   # fixed\n' >"$VSERVER_CONFDIR/l1.conf"
# l2.conf has a directory: the directory counts, not the file.
printf 'S_CONTEXT=734\n' >"$VSERVER_CONFDIR/l2.conf"
mkdir "$VSERVER_CONFDIR/l2"

# The fake vserver: takes 2 s, then logs its arguments and session.
cat >"$VSERVER_SBINDIR/vserver" <<'EOF'
#!/bin/sh
sleep 2
echo "$* sid=$(awk '{ print $6 }' /proc/$$/stat)" >>"$FAKE_LOG"
EOF
chmod +x "$VSERVER_SBINDIR/vserver"
my_sid=$(awk '{ print $6 }' /proc/$$/stat)

vrun() {
	: >"$FAKE_LOG"
	uv_t0=$(date +%s%N)
	"$vshelper" "$@" >"$uv_tmp/out" 2>"$uv_tmp/err"
	rc=$?
	uv_ms=$((($(date +%s%N) - uv_t0) / 1000000))
	last="vshelper $*"
}

# expect_call LINE: within 5 s, the fake vserver was run once, so.
expect_call() {
	uv_n=0
	while [ ! -s "$FAKE_LOG" ] && [ $uv_n -lt 50 ]; do
		sleep 0.1
		uv_n=$((uv_n + 1))
	done
	if [ "$(sed 's/ sid=[0-9]*$//' "$FAKE_LOG")" = "$1" ]; then
		pass "$last: ran vserver $1"
	else
		fail "$last: did not run vserver $1 (once)"
		sed 's/^/    calls| /' "$FAKE_LOG"
	fi
	uv_sid=$(sed -n 's/.* sid=//p' "$FAKE_LOG")
	if [ -n "$uv_sid" ] && [ "$uv_sid" != "$my_sid" ]; then
		pass "$last: the command ran in a session of its own"
	else
		fail "$last: the command ran in the caller's session"
	fi
}

# expect_quick: the last run returned within 1 s (the command takes 2).
expect_quick() {
	if [ "$uv_ms" -lt 1000 ]; then
		pass "$last: returned in $uv_ms ms"
	else
		fail "$last: took $uv_ms ms: the kernel waits for it"
	fi
}

# expect_no_call_made: the fake vserver was not run (waits 2.5 s to be sure).
expect_no_call_made() {
	sleep 2.5
	if [ -s "$FAKE_LOG" ]; then
		fail "$last: ran vserver"
		sed 's/^/    calls| /' "$FAKE_LOG"
	else
		pass "$last: did not run vserver"
	fi
}

VS_CMD=01234567 VS_UID=0 VS_PID=42 vrun restart 731
expect_rc 0
expect_quick
expect_err "vshelper: guest g1 (context 731) asked for restart (VS_CMD=01234567 VS_UID=0 VS_PID=42): vserver g1 restart"
expect_call "--confdir $VSERVER_CONFDIR g1 restart"
for action in halt poweroff; do
	vrun "$action" 732
	expect_rc 0
	expect_quick
	expect_call "--confdir $VSERVER_CONFDIR g2 stop"
done
vrun restart 733
expect_rc 0
expect_call "--confdir $VSERVER_CONFDIR l1 restart"
vrun kexec 731
expect_rc 0
expect_quick
expect_err "vshelper: guest g1 (context 731) asked for kexec (VS_CMD=? VS_UID=? VS_PID=?): vserver g1 restart"
expect_call "--confdir $VSERVER_CONFDIR g1 restart"

vrun restart 734
expect_rc 1
expect_err "vshelper: context 734 asked for restart (VS_CMD=? VS_UID=? VS_PID=?), but no guest in $VSERVER_CONFDIR has that context id: nothing done"
vrun restart 799
expect_rc 1
expect_err "no guest in $VSERVER_CONFDIR has that context id"
expect_no_call_made
vrun --confdir "$uv_tmp/nowhere" restart 731
expect_rc 1
expect_err "no guest in $uv_tmp/nowhere has that context id"

vrun swsusp 731
expect_rc 1
expect_err "vshelper: context 731 asked for swsusp: not supported for a guest, nothing done"
expect_no_call_made

mkdir -p "$VSERVER_CONFDIR/g1/apps/vshelper"
: >"$VSERVER_CONFDIR/g1/apps/vshelper/disabled"
vrun restart 731
expect_rc 0
expect_err "apps/vshelper/disabled says to do nothing"
expect_no_call_made
rm -r "$VSERVER_CONFDIR/g1/apps"

echo 731 >"$VSERVER_CONFDIR/g2/context"
vrun halt 731
expect_rc 1
expect_err "context 731: both $VSERVER_CONFDIR/g1/context and $VSERVER_CONFDIR/g2/context have it: nothing done"
echo 733 >"$VSERVER_CONFDIR/g2/context"
vrun halt 733
expect_rc 1
expect_err "context 733: both $VSERVER_CONFDIR/g2/context and $VSERVER_CONFDIR/l1.conf have it"
expect_no_call_made
echo 732 >"$VSERVER_CONFDIR/g2/context"

# Usage.
for args in "" "restart" "restart 731 x" "reboot 731" "restart abc" "restart 0" \
	"restart 0731" "restart 1234567" "--bogus restart 731"; do
	# shellcheck disable=SC2086 # the words are the arguments
	vrun $args
	expect_rc 2
	expect_err "Try 'vshelper --help' for more information."
done
vrun reboot 731
expect_err "unknown action 'reboot'"
vrun restart abc
expect_err "'abc' is not a context id"
vrun --help
expect_rc 0
expect_out "Usage:"
for word in --confdir --help --version restart halt poweroff swsusp kexec "Exit status:"; do
	expect_out "$word"
done
vrun --version
expect_rc 0
expect_exact out "vshelper (util-vserver) $UV_VERSION"

finish
