# vps against the fake vserver(2) and a fake ps: the two columns land
# after PID in every layout, arguments reach ps untouched, ps's exit
# status comes back; then once with the real ps, if there is one.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

use_fake_kernel
real_path=$PATH

# The guests, by name.
VSERVER_CONFDIR=$uv_tmp/etc
export VSERVER_CONFDIR
for guest in web:42 db:43 mail:44; do
	mkdir -p "$VSERVER_CONFDIR/${guest%:*}"
	echo "${guest#*:}" >"$VSERVER_CONFDIR/${guest%:*}/context"
done
mkdir "$VSERVER_CONFDIR/.defaults"
fake_task 1234 42
fake_task 1235 43

# A ps that prints the layout named by its first argument (and records
# its arguments), exiting with $FAKE_PS_EXIT.
mkdir "$uv_tmp/bin"
cat >"$uv_tmp/bin/ps" <<'EOT'
#!/bin/sh
printf '%s\n' "$*" >"$UV_FAKE_DIR/ps-args"
case $1 in
procps)
	echo '  PID TTY          TIME CMD'
	echo '    1 ?        00:00:01 init'
	echo ' 1234 ?        00:00:00 nginx -g daemon 99;'
	echo ' 1235 pts/0    00:00:00 postgres'
	echo '2147483647 ?   00:00:00 gone' ;;
busybox)
	echo 'PID   USER     COMMAND'
	echo '    1 root     init'
	echo ' 1234 root     nginx' ;;
numeric)
	echo 'UID          PID    PPID CMD'
	echo '100000      1234       1 nginx' ;;
nopid)
	echo 'COMMAND'
	echo 'init' ;;
header)
	echo '  PID CMD' ;;
esac
exit "${FAKE_PS_EXIT:-0}"
EOT
chmod +x "$uv_tmp/bin/ps"
PATH=$uv_tmp/bin:$PATH

# expect_lines LINE...: stdout is exactly these lines.
expect_lines() {
	printf '%s\n' "$@" >"$uv_tmp/want"
	if cmp -s "$uv_tmp/want" "$uv_tmp/out"; then
		pass "$last: the expected lines"
	else
		fail "$last: unexpected output; expected:"
		sed 's/^/    want| /' "$uv_tmp/want"
	fi
}

# -- layouts -------------------------------------------------------------------
run vps procps
expect_rc 0
expect_empty err
expect_lines \
	'  PID CONTEXT NAME      TTY          TIME CMD' \
	'    1       0 host      ?        00:00:01 init' \
	' 1234      42 web       ?        00:00:00 nginx -g daemon 99;' \
	' 1235      43 db        pts/0    00:00:00 postgres' \
	'2147483647       - -         ?   00:00:00 gone'
expect_log "migrate 1 0x0"

# busybox: a left-aligned "PID" over right-aligned numbers.
run vps busybox
expect_rc 0
expect_lines \
	'PID   CONTEXT NAME      USER     COMMAND' \
	'    1       0 host      root     init' \
	' 1234      42 web       root     nginx'

# A numeric user reaching into the PID slot is not taken for the pid.
run vps numeric
expect_lines \
	'UID          PID CONTEXT NAME         PPID CMD' \
	'100000      1234      42 web             1 nginx'

# A header alone.
run vps header
expect_lines '  PID CONTEXT NAME      CMD'

# No PID column: the output as it is, and a warning.
run vps nopid
expect_rc 0
expect_lines 'COMMAND' 'init'
expect_exact err "vps: no PID column in the output of ps: contexts not shown"

# -- arguments, exit status ------------------------------------------------------
run vps procps aux --bogus -h -V
expect_exact fake/ps-args "procps aux --bogus -h -V"
run vps -- -V
expect_rc 0
expect_exact fake/ps-args "-V"
FAKE_PS_EXIT=3 run vps procps
expect_rc 3
expect_out "web"
PATH=$uv_tmp/nowhere run vps ax
expect_rc 127
expect_exact err "vps: failed to execute ps: No such file or directory"

# -- inside a guest: no spectator, its own processes only ----------------------
fake_context 42
: >"$UV_FAKE_DIR/log"
UV_FAKE_XID=42 run vps procps
expect_rc 0
expect_out ' 1234      42 web       ?'
expect_out '    1       - -         ?'
expect_no_log "migrate"

# -- refusals ------------------------------------------------------------------
UV_FAKE_FAIL=ctx_migrate:EPERM run vps procps
expect_rc 1
expect_exact err "vps: cannot enter the spectator context: Operation not permitted"
expect_empty out
UV_FAKE_FAIL=task_xid:EPERM run vps procps
expect_rc 1
expect_exact err "vps: cannot get the context of this process: Operation not permitted"

# -- the real ps ---------------------------------------------------------------
PATH=$real_path
if command -v ps >/dev/null 2>&1 && ps -o pid= -p $$ >/dev/null 2>&1; then
	run vps -o pid,comm -p $$
	expect_rc 0
	if grep -q "^ *$$       0 host  *[^ ]" "$uv_tmp/out"; then
		pass "$last: this shell is in context 0, the host"
	else
		fail "$last: no line for pid $$ in context 0"
	fi
	expect_out "PID CONTEXT NAME"
else
	echo "no ps with -o and -p here: the real ps is not tried"
fi

finish
