# The vserver command's start, stop and restart, run for real on the fake
# vserver(2) (fake-vserver.so): the per-guest lock.
#
# The chain really runs: unshare --uts, chroot into a busybox root, exec.
# It needs root, a static busybox and a private mount namespace (the test
# re-runs itself under "unshare -m"): the fake kernel keeps its state in
# files, which the guest's root gets by a bind mount at the same path.
# env -i would drop the preload, so the helpers' directory has an "env"
# that keeps it.  Skipped where any of this is missing.

if [ -z "${UV_START_MNTNS:-}" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "not root: cannot chroot into a guest"
		exit 77
	fi
	if ! unshare -m --propagation private true 2>/dev/null; then
		echo "unshare -m fails: no private mount namespace"
		exit 77
	fi
	UV_START_MNTNS=1
	export UV_START_MNTNS
	exec unshare -m --propagation private /bin/sh "$0" "$@"
fi

. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

busybox=$(command -v busybox) || { echo "no busybox"; exit 77; }
case $(LC_ALL=C ldd "$busybox" 2>&1) in
*"not a dynamic"* | *"statically linked"*) ;;
*) echo "$busybox is not static: it cannot run in a bare root"; exit 77 ;;
esac

use_fake_kernel
vserver=$UV_BUILDDIR/scripts/vserver
VSERVER_CONFDIR=$uv_tmp/etc
VSERVER_RUNDIR=$uv_tmp/run
VSERVER_SBINDIR=$uv_tmp/sbin
export VSERVER_CONFDIR VSERVER_RUNDIR VSERVER_SBINDIR
mkdir -p "$VSERVER_CONFDIR" "$VSERVER_SBINDIR" "$uv_tmp/root" || exit 99
for t in "$UV_BUILDDIR"/src/*; do
	[ -f "$t" ] && [ -x "$t" ] && ln -s "$t" "$VSERVER_SBINDIR/"
done
# "env -i" as the chain runs it, keeping the fake kernel.
cat >"$VSERVER_SBINDIR/env" <<EOF
#!/bin/sh
if [ "\$1" = -i ]; then
	shift
	exec $(command -v env) -i LD_PRELOAD="\$LD_PRELOAD" UV_FAKE_DIR="\$UV_FAKE_DIR" \\
		UV_FAKE_XID="\${UV_FAKE_XID:-}" UV_FAKE_NID="\${UV_FAKE_NID:-}" "\$@"
fi
exec $(command -v env) "\$@"
EOF
chmod +x "$VSERVER_SBINDIR/env"

mounts=
cleanup() {
	for m in $mounts; do
		umount "$m" 2>/dev/null
	done
	for p in "$uv_tmp"/root/*/bg.pid; do
		[ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null
	done
	rm -rf "$uv_tmp"
}
trap cleanup EXIT

# vrun ARG...: run the vserver command; sets rc and last.
vrun() {
	"$vserver" "$@" >"$uv_tmp/out" 2>"$uv_tmp/err"
	rc=$?
	last="vserver $*"
}

# guest NAME XID [IP]: a guest with a busybox root; its init command
# (cmd.start) says "up", stop runs true and waits 1 s.
guest() {
	g_cfg=$VSERVER_CONFDIR/$1
	g_root=$uv_tmp/root/$1
	mkdir -p "$g_cfg/apps/init" "$g_root/bin" "$g_root/tmp" "$g_root$UV_FAKE_DIR" || exit 99
	cp "$busybox" "$g_root/bin/busybox" || exit 99
	for a in sh echo sleep true false cat; do
		ln -s busybox "$g_root/bin/$a"
	done
	mount --bind "$UV_FAKE_DIR" "$g_root$UV_FAKE_DIR" || exit 99
	mkdir -p "$g_root/dev" && : >"$g_root/dev/null" || exit 99
	mount --bind /dev/null "$g_root/dev/null" || exit 99
	mounts="$g_root$UV_FAKE_DIR $g_root/dev/null $mounts"
	echo "$2" >"$g_cfg/context"
	echo "$g_root" >"$g_cfg/vdir"
	printf '%s\n' /bin/sh -c 'echo up' >"$g_cfg/apps/init/cmd.start"
	echo /bin/true >"$g_cfg/apps/init/cmd.stop"
	echo 1 >"$g_cfg/apps/init/stop-timeout"
	if [ -n "${3:-}" ]; then
		mkdir -p "$g_cfg/interfaces/0"
		echo "$3" >"$g_cfg/interfaces/0/ip"
		: >"$g_cfg/interfaces/0/nodev"
	fi
}

# expect_context XID yes|no: the fake kernel has (or has not) context XID.
expect_context() {
	if [ -f "$UV_FAKE_DIR/ctx.$1" ]; then
		has=yes
	else
		has=no
	fi
	if [ "$has" = "$2" ]; then
		pass "$last: context $1 exists: $2"
	else
		fail "$last: context $1 exists: $has, expected $2"
	fi
}

# expect_unlocked NAME: nobody holds the lock of guest NAME.
expect_unlocked() {
	if flock -n "$VSERVER_RUNDIR/$1.lock" true; then
		pass "$last: the lock of $1 is free"
	else
		fail "$last: the lock of $1 is still held"
	fi
}

guest g1 731 10.77.1.2

# -- a start and a stop, for a start -----------------------------------
vrun g1 start
expect_rc 0
expect_exact out up
expect_err "vserver g1: started in context 731"
expect_context 731 yes
expect_unlocked g1
vrun g1 status
expect_rc 0
vrun g1 stop
expect_rc 0
expect_err "vserver g1: stopped"
expect_context 731 no
expect_unlocked g1

# -- the lock -----------------------------------------------------------
# Held by someone else: start, stop and restart are refused, nothing done.
fake_reset
exec 8<>"$VSERVER_RUNDIR/g1.lock"
flock -n 8 || exit 99
for cmd in start stop restart condrestart; do
	vrun g1 "$cmd"
	expect_rc 1
	expect_err "vserver g1: busy: another start or stop of this guest is under way"
	expect_err "lock $VSERVER_RUNDIR/g1.lock"
done
expect_no_log .
expect_context 731 no
# status, running, check and exec do not wait for it.
vrun g1 status
expect_rc 3
vrun g1 check
expect_rc 0
exec 8>&-

# Two starts at once: the second is refused while the first runs.
printf '%s\n' /bin/sh -c 'sleep 2; echo up' >"$VSERVER_CONFDIR/g1/apps/init/cmd.start"
"$vserver" g1 start >"$uv_tmp/out1" 2>"$uv_tmp/err1" &
first=$!
tries=0
until grep -q ' start$' "$VSERVER_RUNDIR/g1.lock" 2>/dev/null || [ $tries -ge 50 ]; do
	sleep 0.1
	tries=$((tries + 1))
done
vrun g1 start
expect_rc 1
expect_err "busy: another start or stop of this guest is under way (pid $first, start; lock"
vrun g1 stop
expect_rc 1
expect_err "(pid $first, start;"
wait $first
rc=$?
last="the first vserver g1 start"
expect_rc 0
if grep -q -x up "$uv_tmp/out1"; then
	pass "$last: its init ran"
else
	fail "$last: its init did not run"
fi
expect_context 731 yes

# What the guest leaves running does not hold the lock.
printf '%s\n' /bin/sh -c 'sleep 300 </dev/null >/dev/null 2>&1 & echo $! >/bg.pid; echo up' \
	>"$VSERVER_CONFDIR/g1/apps/init/cmd.start"
vrun g1 restart
expect_rc 0
expect_err "vserver g1: stopped"
expect_err "vserver g1: started in context 731"
expect_unlocked g1
bg=$(cat "$uv_tmp/root/g1/bg.pid" 2>/dev/null)
if [ -n "$bg" ] && [ -d "/proc/$bg/fd" ] &&
	! ls -l "/proc/$bg/fd" | grep -q 'g1\.lock'; then
	pass "$last: the guest's process has no fd of the lock"
else
	fail "$last: the guest's process has the lock open (or is gone)"
fi
kill "$bg" 2>/dev/null
vrun g1 stop
expect_rc 0

# A lock directory that cannot be made.
VSERVER_RUNDIR=$uv_tmp/etc/g1/context/run
vrun g1 start
VSERVER_RUNDIR=$uv_tmp/run
expect_rc 1
expect_err "cannot create the lock directory $uv_tmp/etc/g1/context/run"
expect_context 731 no

finish
