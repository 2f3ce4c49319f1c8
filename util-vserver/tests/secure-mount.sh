# secure-mount: its fstab checks (--check, file:line named, nothing
# mounted), and real mounts in a private mount namespace: tmpfs and bind
# mounts inside a root, options, noauto and nofail, the rollback when a
# line fails, and the symbolic link attack (a guest's /var/run -> / must
# not make it mount over the host's /; nor a link in the middle of a path,
# nor ".." out of the root).  The mounting part needs root and unshare -m;
# it is skipped without them.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

fstab=$uv_tmp/fstab

# check LINE...: secure-mount --check on an fstab of these lines.
check() {
	printf '%s\n' "$@" >"$fstab"
	run secure-mount --check --fstab "$fstab"
}

# -- arguments ------------------------------------------------------------
run secure-mount --root /
expect_rc 1
expect_err "secure-mount: --fstab is required"
expect_err "Try 'secure-mount --help'"
: >"$fstab"
run secure-mount --fstab "$fstab"
expect_rc 1
expect_err "secure-mount: --root is required"
run secure-mount --check --fstab "$fstab" --root /
expect_rc 1
expect_err "--check takes neither --root nor a command"
run secure-mount --check --fstab "$uv_tmp/none"
expect_rc 1
expect_err "secure-mount: cannot open $uv_tmp/none: No such file or directory"

# -- --check: valid files ---------------------------------------------------
check '# comment' '' \
	'none /proc proc nosuid,nodev,noexec 0 0' \
	'  none	/tmp  tmpfs size=16m,mode=1777  # a comment' \
	'none /dev/pts devpts newinstance,ptmxmode=0666,gid=5,mode=0620 0 0' \
	'/srv/x /my\040dir none bind,ro,x-systemd.foo,_netdev,auto,nofail' \
	'none /skipped tmpfs noauto,totally-unknown-fs-option'
expect_rc 0
expect_empty out
expect_empty err

# -- --check: each kind of invalid line, named by file:line -------------
check '' 'none /proc'
expect_rc 1
expect_err "secure-mount: $fstab:2: 2 field(s): an entry needs a source, a mount point, a type and options"
check 'none /proc proc defaults 0 0 extra'
expect_rc 1
expect_err "$fstab:1: more than 6 fields"
check 'none /proc proc defaults zero'
expect_rc 1
expect_err "$fstab:1: field 5 ('zero') is not a number"
check '# x' 'none proc proc defaults'
expect_rc 1
expect_err "$fstab:2: the mount point 'proc' is not an absolute path"
check 'none / tmpfs defaults'
expect_rc 1
expect_err "$fstab:1: a mount on the guest's root / is not supported"
check 'none //. tmpfs defaults'
expect_rc 1
expect_err "$fstab:1: the mount point '//.' has a '.' component"
check 'none /tmp/../../etc tmpfs defaults'
expect_rc 1
expect_err "$fstab:1: the mount point '/tmp/../../etc' has a '..' component"
check 'none /a\09 tmpfs defaults'
expect_rc 1
expect_err "$fstab:1: '/a\\09': a bad octal escape"
for opt in remount move rshared private slave unbindable loop owner users; do
	check "none /tmp tmpfs rw,$opt"
	expect_rc 1
	expect_err "$fstab:1: the option '$opt' is not supported in a guest's fstab"
done
long=$(printf '%04096d' 0)
check "none /tmp tmpfs size=$long"
expect_rc 1
expect_err "$fstab:1: the options are longer than 4095 bytes"

# -- real mounts: root, a private mount namespace ------------------------
if [ "$(id -u)" != 0 ] || ! unshare -m --propagation private true 2>/dev/null; then
	echo "not root or no unshare -m: the mounts are not tried"
	finish
fi

root=$uv_tmp/guest
mkdir -p "$root/proc" "$root/tmp/sub" "$root/srv" "$root/var" "$root/ro" "$uv_tmp/hostdir" || exit 99
echo host >"$uv_tmp/hostdir/file"

rroot=$(cd -P "$root" && pwd)
sm=$UV_BUILDDIR/src/secure-mount

# The probe: what is mounted in the root (mount point and options) and
# whether the host's / was mounted over, then what the root shows.
cat >"$uv_tmp/probe" <<PROBE
#!/bin/sh
awk -v r="$rroot" 'index(\$5, r "/") == 1 { print "mounted", \$5, \$6 }
	\$5 == "/" { n++ } END { print "roots", n }' /proc/self/mountinfo
cat "$rroot/ro/file" 2>/dev/null
echo x 2>/dev/null >"$rroot/ro/new" && echo writable
exit 0
PROBE
chmod +x "$uv_tmp/probe"

# inns WHAT ARG...: secure-mount --root ROOT --fstab FSTAB ARG..., then
# the probe, in a private mount namespace; out and err have their
# output, out also "status=N" (secure-mount's); rc is N.
inns() {
	last="secure-mount in a namespace: $1"
	shift
	unshare -m --propagation private sh -c '
		"$@"
		echo "status=$?"
		"$0"' "$uv_tmp/probe" "$sm" --root "$root" --fstab "$fstab" "$@" \
		>"$uv_tmp/out" 2>"$uv_tmp/err"
	rc=$(sed -n 's/^status=//p' "$uv_tmp/out")
}

# expect_mounts N: the probe saw N mounts in the root, and the host's /
# as it was.
expect_mounts() {
	n=$(grep -c "^mounted $rroot/" "$uv_tmp/out")
	if [ "$n" = "$1" ] && grep -q -x "roots 1" "$uv_tmp/out"; then
		pass "$last: $1 mount(s) in the root, / untouched"
	else
		fail "$last: $n mount(s) in the root, expected $1, or / mounted over"
	fi
}

# Mounted inside the root, in line order; the options apply (ro on a
# bind mount, nosuid on a tmpfs); noauto skipped.
printf '%s\n' \
	'none /tmp tmpfs size=1m,mode=1777,nosuid,nodev 0 0' \
	'none /tmp/later tmpfs size=1m,noauto' \
	"$uv_tmp/hostdir /ro none bind,ro" >"$fstab"
inns "tmpfs and ro bind"
expect_rc 0
expect_mounts 2
expect_out "mounted $rroot/tmp rw,nosuid,nodev"
expect_out "mounted $rroot/ro ro"
expect_out "host"
if grep -q -e writable -e later "$uv_tmp/out"; then
	fail "$last: the ro bind mount is writable, or the noauto line was mounted"
else
	pass "$last: ro holds, noauto skipped"
fi
# The command runs with the mounts.
inns "a command" sh -c 'grep -c " $0/tmp " /proc/self/mountinfo' "$rroot"
expect_rc 0
expect_in out "1"

# The symbolic link attack: /var/run -> / in the guest must not mount
# over the host's /; a link in the middle of the path neither; nothing of
# the lines before stays mounted; the command does not run.
[ -n "$root" ] && [ -d "$root/var" ] || exit 99
ln -s / "$root/var/run" || exit 99
ln -s / "$root/srv/up" || exit 99
for target in /var/run /srv/up/tmp; do
	printf '%s\n' 'none /tmp tmpfs size=1m' "none $target tmpfs size=1m" >"$fstab"
	inns "symlink $target" echo ran
	expect_rc 1
	expect_err "secure-mount: $target in $root is a symbolic link or passes through one: refused"
	expect_err "secure-mount: $fstab:2: failed; nothing of $fstab stays mounted"
	expect_mounts 0
	if grep -q '^ran' "$uv_tmp/out"; then
		fail "$last: the command ran"
	else
		pass "$last: the command did not run"
	fi
done
rm "$root/var/run" "$root/srv/up"

# A mount point that does not exist; a failing mount: rolled back.
printf '%s\n' 'none /tmp tmpfs size=1m' 'none /nonexistent tmpfs size=1m' >"$fstab"
inns "missing mount point" echo ran
expect_rc 1
expect_mounts 0
expect_err "secure-mount: the mount point /nonexistent does not exist in $root"
printf '%s\n' 'none /tmp tmpfs size=1m' 'none /srv no-such-fs-type defaults' >"$fstab"
inns "failing mount" echo ran
expect_rc 1
expect_mounts 0
expect_err "secure-mount: cannot mount none (no-such-fs-type) on /srv in $root"
expect_err "$fstab:2: failed; nothing of $fstab stays mounted"
# nofail: reported, the others stay and the command runs.
printf '%s\n' 'none /tmp tmpfs size=1m' 'none /srv no-such-fs-type nofail' >"$fstab"
inns "nofail" echo ran
expect_rc 0
expect_mounts 1
expect_out "ran"
expect_err "$fstab:2: nofail: going on without it"

# The command's status is its own; 127 when it is missing.
printf '%s\n' 'none /tmp tmpfs size=1m' >"$fstab"
inns "status" sh -c "exit 7"
expect_rc 7
inns "missing command" /nonexistent/cmd
expect_rc 127

finish
