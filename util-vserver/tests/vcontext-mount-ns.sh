# vcontext --migrate --mount-ns, on the fake vserver(2): the option's
# conflicts; a context with no process, an init that has ended and an
# init pid that belongs to another context are refused before the
# context is entered; the command runs in the mount namespace of the
# context's init, or of its process with the lowest pid when it has no
# init.  The joining needs root and private mount namespaces (a "guest"
# process with a tmpfs mounted in a namespace of its own); skipped
# without them.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

run vcontext --create --xid 42 --mount-ns -- true
expect_rc 1
expect_err "vcontext: --mount-ns is only valid with --migrate"
run vcontext --migrate --xid 1 --mount-ns -- true
expect_rc 1
expect_err "vcontext: the spectator context has no mount namespace"

if [ "$(id -u)" != 0 ]; then
	echo "not root: cannot join a mount namespace"
	finish
fi
# The guest's namespace is made below the test's own private one.
if [ -z "${UV_MNTNS_TEST:-}" ]; then
	if unshare -m --propagation private true 2>/dev/null; then
		UV_MNTNS_TEST=1
		export UV_MNTNS_TEST
		rm -rf "$uv_tmp"
		exec unshare -m --propagation private /bin/sh "$0" "$@"
	fi
	echo "no unshare -m: the namespaces are not tried"
	finish
fi

use_fake_kernel
fake_context 42 0
fake_context 43 0
mnt=$uv_tmp/mnt
mkdir -p "$mnt" || exit 99

# No process at all.
run vcontext --migrate --xid 42 --mount-ns -- true
expect_rc 1
expect_exact err "vcontext: context 42 has no init and no process: is the guest running?"
expect_no_log "^migrate 42"

# An init that has ended (its pid is free).
sh -c 'exit 0' &
gone=$!
wait "$gone"
echo "$gone" >"$UV_FAKE_DIR/init.42"
fake_reset
run vcontext --migrate --xid 42 --mount-ns -- true
expect_rc 1
expect_exact err "vcontext: the init of context 42 (pid $gone) has ended: try again"
expect_no_log "^migrate 42"

# The guest: a process with a tmpfs on $mnt in a mount namespace of its
# own, holding a file the host's namespace does not have.
# The fake kernel's state is read in it too, at the same path.
unshare -m --propagation private /bin/sh -c '
	mount -t tmpfs none "$1" && echo guest >"$1/marker" || exit 1
	mkdir -p "$1$2" && mount --bind "$2" "$1$2" || exit 1
	exec sleep 60' guest "$mnt" "$UV_FAKE_DIR" &
guest=$!
trap 'kill "$guest" 2>/dev/null; rm -rf "$uv_tmp"' EXIT
tries=0
while [ $tries -lt 50 ] && ! grep -q " $mnt " "/proc/$guest/mountinfo" 2>/dev/null; do
	sleep 0.1
	tries=$((tries + 1))
done
[ -e "$mnt/marker" ] && exit 99

# The pid is in another context: it is no longer the guest's init.
fake_task "$guest" 43
echo "$guest" >"$UV_FAKE_DIR/init.42"
fake_reset
run vcontext --migrate --xid 42 --mount-ns -- cat "$mnt/marker"
expect_rc 1
expect_exact err "vcontext: pid $guest is no longer the init of context 42 (it ended, the pid was reused): try again"
expect_no_log "^migrate 42"

# The init's namespace: the tmpfs is there, and the command is in 42.
fake_task "$guest" 42
fake_reset
run vcontext --migrate --xid 42 --mount-ns -- cat "$mnt/marker"
expect_rc 0
expect_exact out guest
expect_log "migrate 42 0x0"
if [ -e "$mnt/marker" ]; then
	fail "$last: the caller's namespace changed"
else
	pass "$last: the caller's namespace is as it was"
fi
# --chroot is taken in the joined namespace: the tmpfs is the root.
run vcontext --migrate --xid 42 --mount-ns --chroot "$mnt" -- /marker
expect_rc 126
expect_err "vcontext: failed to execute /marker"

# No init: the process of the context with the lowest pid.
rm "$UV_FAKE_DIR/init.42"
run vcontext --migrate --xid 42 --mount-ns -- cat "$mnt/marker"
expect_rc 0
expect_exact out guest

finish
