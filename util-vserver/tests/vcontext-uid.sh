# vcontext --migrate --chroot ROOT --uid USER, on the fake vserver(2): the
# user is looked up in ROOT's /etc/passwd and /etc/group (a name or a
# number, with and without an entry), the command runs with its uid, gid,
# groups (none of the caller's) and HOME/USER/LOGNAME; an unknown user, a
# passwd that is not a regular file, or one that is a link out of the
# root are refused before the context is entered.  Needs root and a
# static busybox to chroot into; skipped without them.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

# Arguments first: refused without root too.
run vcontext --create --xid 42 --uid 0 -- true
expect_rc 1
expect_err "vcontext: --uid is only valid with --migrate"
run vcontext --migrate --xid 42 --uid '' -- true
expect_rc 1
expect_err "vcontext: --uid needs a user name or number"

if [ "$(id -u)" != 0 ]; then
	echo "not root: cannot chroot or change ids"
	finish
fi
busybox=$(command -v busybox) || { echo "no busybox"; finish; }
case $(LC_ALL=C ldd "$busybox" 2>&1) in
*"not a dynamic"* | *"statically linked"*) ;;
*) echo "$busybox is not static: it cannot run in a bare root"; finish ;;
esac

# The bind mount below in a private mount namespace of the test's own.
if [ -z "${UV_UID_MNTNS:-}" ]; then
	if unshare -m --propagation private true 2>/dev/null; then
		UV_UID_MNTNS=1
		export UV_UID_MNTNS
		rm -rf "$uv_tmp"
		exec unshare -m --propagation private /bin/sh "$0" "$@"
	fi
	echo "no unshare -m: the ids are not tried"
	finish
fi

use_fake_kernel
root=$uv_tmp/root
mkdir -p "$root/bin" "$root/etc" "$root/home/bob" "$root$UV_FAKE_DIR" || exit 99
cp "$busybox" "$root/bin/busybox" || exit 99
for a in sh id echo; do
	ln -s busybox "$root/bin/$a"
done
cat >"$root/etc/passwd" <<'END'
root:x:0:0:root:/root:/bin/sh
# not an entry
broken
bob:x:1001:1002:Bob:/home/bob:/bin/sh
END
cat >"$root/etc/group" <<'END'
root:x:0:
wheel:x:10:alice,bob
bobs:x:1002:
staff:x:50:bob
other:x:60:alice
END
# The fake kernel's state is read in the new root: the same path there.
mount --bind "$UV_FAKE_DIR" "$root$UV_FAKE_DIR" || exit 99
trap 'umount "$root$UV_FAKE_DIR" 2>/dev/null; rm -rf "$uv_tmp"' EXIT
fake_context 42

# as USER: run vcontext --migrate into 42 as USER, printing the ids and
# the environment.
as() {
	run vcontext --migrate --xid 42 --chroot "$root" --uid "$1" -- \
		/bin/sh -c 'echo "$(id -u) $(id -g) $(id -G) $HOME ${USER:-} ${LOGNAME:-}"'
}

as bob
expect_rc 0
expect_exact out "1001 1002 1002 10 50 /home/bob bob bob"
expect_log "migrate 42 0x0"
as 1001
expect_rc 0
expect_exact out "1001 1002 1002 10 50 /home/bob bob bob"
as root
expect_rc 0
expect_exact out "0 0 0 /root root root"
# A number without an entry: itself as uid and gid, the environment kept.
HOME=/kept USER=kept LOGNAME=kept run vcontext --migrate --xid 42 --chroot "$root" --uid 4242 -- \
	/bin/sh -c 'echo "$(id -u) $(id -g) $(id -G) $HOME $USER $LOGNAME"'
expect_rc 0
expect_exact out "4242 4242 4242 /kept kept kept"

# Refused before the context is entered.
fake_reset
as nobody2
expect_rc 1
expect_err "vcontext: no user nobody2 in /etc/passwd"
expect_no_log migrate
# A link out of the root is followed inside it: the host's file is not read.
mkdir -p "$uv_tmp/outside" || exit 99
cp "$root/etc/passwd" "$uv_tmp/outside/passwd" || exit 99
mv "$root/etc/passwd" "$root/etc/passwd.real" || exit 99
ln -s "$uv_tmp/outside/passwd" "$root/etc/passwd"
as bob
expect_rc 1
expect_err "vcontext: no user bob in /etc/passwd"
expect_no_log migrate
rm "$root/etc/passwd"
mkfifo "$root/etc/passwd" || exit 99
as bob
expect_rc 1
expect_err "vcontext: /etc/passwd is not a regular file"
expect_no_log migrate
rm "$root/etc/passwd"
mv "$root/etc/passwd.real" "$root/etc/passwd"
printf 'bad:x:1x:1:bad:/:/bin/sh\n' >>"$root/etc/passwd"
as bad
expect_rc 1
expect_err "vcontext: /etc/passwd: the entry of bad has invalid ids"

finish
