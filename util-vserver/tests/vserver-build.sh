# The build methods of the vserver command on the fake vserver(2)
# (fake-vserver.so, for the unified files' attributes): clone (unified
# files linked, the rest copied with modes, owners, times, extended
# attributes and hard links; from a guest or a directory), template (a
# tarball unpacked), debootstrap (a fake debootstrap that records its
# arguments), copy (a tree standing for the host's /, cleaned); device
# files other than the guest's removed; each failure leaves nothing
# behind; usage errors name the option; an existing guest is refused
# without --force.  Needs root (device files, owners).
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

if [ "$(id -u)" != 0 ]; then
	echo "not root: cannot make device files or give files owners"
	exit 77
fi
use_fake_kernel
# (fakes some checks put first in $VSERVER_SBINDIR: cp, debootstrap)
use_vserver_command
root=$uv_tmp/root
T=@1700000000

vrun() {
	"$vserver" "$@" >"$uv_tmp/out" 2>"$uv_tmp/err"
	rc=$?
	last="vserver $*"
}

# check DESC CMD...: a test of the last run's result.
check() {
	uv_desc=$1
	shift
	if "$@"; then
		pass "$last: $uv_desc"
	else
		fail "$last: $uv_desc"
	fi
}

# nothing_left NAME: no configuration and no root of guest NAME.
nothing_left() {
	check "nothing is left of $1" test ! -e "$VSERVER_CONFDIR/$1" -a ! -e "$root/$1"
}

# cfg_is NAME FILE VALUE: the guest's configuration FILE holds VALUE.
cfg_is() {
	check "$2 is $3" test "$(cat "$VSERVER_CONFDIR/$1/$2" 2>/dev/null)" = "$3"
}

# stat_is FORMAT FILE WANT
stat_is() {
	check "$2 has $3 ($1)" test "$(stat -c "$1" "$2" 2>/dev/null)" = "$3"
}

have_xattr=no
if command -v setfattr >/dev/null 2>&1 && command -v getfattr >/dev/null 2>&1; then
	have_xattr=yes
fi

# -- usage errors ---------------------------------------------------------
vrun u1 build --context 750
expect_rc 2
expect_err "build: give the method with -m"
vrun u1 build -m bogus --context 750
expect_rc 2
expect_err "unknown method 'bogus'"
vrun u1 build -m clone --context 750 --bogus
expect_rc 2
expect_err "build: unknown option '--bogus'"
vrun u1 build -m template --context 750 --rootdir
expect_rc 2
expect_err "build: --rootdir needs an argument"
vrun u1 build -m template --context 750 --rootdir relative -- -t x.tar
expect_rc 2
expect_err "--rootdir 'relative' is not an absolute path"
vrun u1 build -m template --context 750 --hostname 'a b' -- -t x.tar
expect_rc 2
expect_err "--hostname 'a b' is not a host name"
vrun u1 build -m clone --context 750
expect_rc 2
expect_err "build -m clone: give the guest or directory to copy with --source"
vrun u1 build -m clone --context 750 -- --source
expect_rc 2
expect_err "build -m clone: --source needs"
vrun u1 build -m clone --context 750 -- --source g0 --exclude x
expect_rc 2
expect_err "build -m clone: unknown option '--exclude'"
vrun u1 build -m template --context 750
expect_rc 2
expect_err "build -m template: give the tarball of a guest's root with -t"
vrun u1 build -m template --context 750 -- -t x.tar -x
expect_rc 2
expect_err "build -m template: unknown option '-x'"
vrun u1 build -m debootstrap --context 750 -- -d
expect_rc 2
expect_err "build -m debootstrap: -d needs an argument"
vrun u1 build -m debootstrap --context 750 -- -q
expect_rc 2
expect_err "build -m debootstrap: unknown option '-q'"
vrun u1 build -m debootstrap --context 750 -- -d 'bad suite'
expect_rc 2
expect_err "-d 'bad suite' is not a suite name"
vrun u1 build -m copy --context 750 -- extra
expect_rc 2
expect_err "build -m copy: unexpected argument 'extra'"
vrun u1 build -m skeleton --context 750 -- extra
expect_rc 2
expect_err "build -m skeleton: unexpected argument 'extra'"
nothing_left u1

# -- clone ----------------------------------------------------------------
# The source guest g0: a unified file (hard-linked to a store entry), a
# plain file, a file with an owner, mode, time and extended attribute,
# two names of one file, a symbolic link, a directory of its own mode,
# its /dev with a disk's device file.
src=$uv_tmp/src/g0
mkdir -p "$src/bin" "$src/etc/private" "$src/dev" "$src/store" "$VSERVER_CONFDIR/g0"
echo 730 >"$VSERVER_CONFDIR/g0/context"
echo "$src" >"$VSERVER_CONFDIR/g0/vdir"
echo CAP_NET_RAW >"$VSERVER_CONFDIR/g0/bcapabilities"
echo "unified bytes" >"$src/store/uni"
ln "$src/store/uni" "$src/bin/uni"
echo "plain bytes" >"$src/bin/plain"
echo "configuration" >"$src/etc/conf"
chown 12:34 "$src/etc/conf"
chmod 640 "$src/etc/conf"
echo "two names" >"$src/etc/a"
ln "$src/etc/a" "$src/etc/b"
ln -s conf "$src/etc/link"
chmod 750 "$src/etc/private"
chown 5:6 "$src/etc/private"
echo g0 >"$src/etc/hostname"
mknod -m 600 "$src/dev/sda" b 8 0
mknod -m 666 "$src/dev/null" c 1 3
[ "$have_xattr" = no ] || setfattr -n user.test -v kept "$src/etc/conf" 2>/dev/null || have_xattr=no
touch -h -d "$T" "$src/etc/conf" "$src/bin/plain" "$src/etc/link" "$src/etc/private"
run setattr --iunlink "$src/store/uni"
expect_rc 0

vrun c1 build -m clone --context 731 --hostname c1-node --interface lo:10.77.1.31/24 \
	--rootdir "$root" -- --source g0
expect_rc 0
expect_err "2 unified file(s) linked, the rest copied"
expect_err "removed 1 device file(s)"
c=$root/c1
expect_same_inode "$src/bin/uni" "$c/bin/uni" "$c/store/uni"
expect_other_inode "$src/bin/plain" "$c/bin/plain"
expect_other_inode "$src/etc/conf" "$c/etc/conf"
check "plain has its bytes" cmp -s "$src/bin/plain" "$c/bin/plain"
stat_is '%u:%g %a %Y' "$c/etc/conf" "12:34 640 1700000000"
stat_is '%u:%g %a %Y' "$c/etc/private" "5:6 750 1700000000"
stat_is '%Y' "$c/bin/plain" 1700000000
check "etc/link is still a link to conf" test "$(readlink "$c/etc/link")" = conf
expect_same_inode "$c/etc/a" "$c/etc/b"
expect_other_inode "$src/etc/a" "$c/etc/a"
if [ "$have_xattr" = yes ]; then
	check "the extended attribute is copied" \
		test "$(getfattr --only-values -n user.test "$c/etc/conf" 2>/dev/null)" = kept
fi
check "the disk's device file is not in the clone" test ! -e "$c/dev/sda"
check "the source keeps its device file" test -b "$src/dev/sda"
check "dev/null is there" test -c "$c/dev/null"
check "etc/hostname is the clone's" test "$(cat "$c/etc/hostname")" = c1-node
check "the source's etc/hostname is its own" test "$(cat "$src/etc/hostname")" = g0
cfg_is c1 context 731
cfg_is c1 uts/nodename c1-node
cfg_is c1 interfaces/0/ip 10.77.1.31
cfg_is c1 interfaces/0/dev lo
cfg_is c1 vdir "$c"
check "the source's bcapabilities are not the clone's" test ! -e "$VSERVER_CONFDIR/c1/bcapabilities"
expect_shown showattr -UI- "$c/bin/uni"
expect_shown showattr ---- "$c/bin/plain"
vrun c1 check
expect_rc 0

# An existing guest: refused without --force, nothing changed.
tree_snapshot c1 "$c"
vrun c1 build -m clone --context 732 --rootdir "$root" -- --source g0
expect_rc 1
expect_err "$VSERVER_CONFDIR/c1 exists already"
expect_err "give --force"
cfg_is c1 context 731
expect_tree_unchanged c1 "$c"
rm -r "$VSERVER_CONFDIR/c1"
vrun c1 build -m clone --context 732 --rootdir "$root" -- --source g0
expect_rc 1
expect_err "$c exists already (give --force"
check "the configuration was not made" test ! -e "$VSERVER_CONFDIR/c1"
vrun c1 build -m clone --context 732 --rootdir "$root" --force -- --source g0
expect_rc 0
cfg_is c1 context 732

# From a directory.
vrun c2 build -m clone --context 733 --rootdir "$root" -- --source "$src"
expect_rc 0
expect_same_inode "$src/bin/uni" "$root/c2/bin/uni"
expect_other_inode "$src/bin/plain" "$root/c2/bin/plain"

# Failures: nothing left.
vrun c3 build -m clone --context 734 --rootdir "$root" -- --source nosuch
expect_rc 1
expect_err "clone: there is no guest 'nosuch'"
nothing_left c3
vrun c3 build -m clone --context 734 --rootdir "$root" -- --source "$uv_tmp/nosuch"
expect_rc 1
expect_err "clone: the source $uv_tmp/nosuch is not a directory"
nothing_left c3
vrun g0 build -m clone --context 734 --rootdir "$root" --force -- --source g0
expect_rc 1
expect_err "clone: the guest cannot be its own source"
vrun c3 build -m clone --context 734 --rootdir "$src" -- --source g0
expect_rc 1
expect_err "is inside the source"
check "nothing was made in the source" test ! -e "$src/c3"
# The copy fails half-way (a cp that copies a part, then fails).
cat >"$VSERVER_SBINDIR/cp" <<EOF
#!/bin/sh
case " \$* " in
*" -n "* | *" --update=none "*) mkdir -p "$root/c3/half" && echo "cp: error writing: No space left on device" >&2; exit 1 ;;
esac
exec $(command -v cp) "\$@"
EOF
chmod +x "$VSERVER_SBINDIR/cp"
vrun c3 build -m clone --context 734 --rootdir "$root" -- --source g0
expect_rc 1
expect_err "clone: cannot copy $src to $root/c3: cp: error writing: No space left on device"
expect_err "build failed; removed what it made: $root/c3 $VSERVER_CONFDIR/c3"
nothing_left c3
check "the source's unified file is still there" test -f "$src/bin/uni"
rm "$VSERVER_SBINDIR/cp"

# -- template -------------------------------------------------------------
tpl=$uv_tmp/tpl
mkdir -p "$tpl/bin" "$tpl/etc" "$tpl/dev" "$tpl/var/lib"
echo "template program" >"$tpl/bin/prog"
chmod 755 "$tpl/bin/prog"
chown 7:8 "$tpl/var/lib"
echo old >"$tpl/etc/hostname"
mknod -m 600 "$tpl/dev/console" c 5 1
touch -d "$T" "$tpl/bin/prog"
tar -C "$tpl" -czf "$uv_tmp/tpl.tgz" . || exit 99
vrun t1 build -m template --context 741 --rootdir "$root" -- -t "$uv_tmp/tpl.tgz"
expect_rc 0
expect_err "built (template) in $root/t1"
check "the tarball's file is there" cmp -s "$tpl/bin/prog" "$root/t1/bin/prog"
stat_is '%a %Y' "$root/t1/bin/prog" "755 1700000000"
stat_is '%u:%g' "$root/t1/var/lib" "7:8"
check "its device file is not" test ! -e "$root/t1/dev/console"
check "dev/null is there" test -c "$root/t1/dev/null"
check "etc/hostname is the guest's" test "$(cat "$root/t1/etc/hostname")" = t1
cfg_is t1 context 741

vrun t2 build -m template --context 742 --rootdir "$root" -- -t "$uv_tmp/nosuch.tgz"
expect_rc 1
expect_err "template: the tarball $uv_tmp/nosuch.tgz does not exist"
nothing_left t2
head -c 3000 /dev/urandom >"$uv_tmp/broken.tgz"
vrun t2 build -m template --context 742 --rootdir "$root" -- -t "$uv_tmp/broken.tgz"
expect_rc 1
expect_err "template: cannot unpack $uv_tmp/broken.tgz into $root/t2"
expect_err "build failed; removed what it made"
nothing_left t2
# A tarball whose etc is a link out of the root: nothing written there.
mkdir -p "$uv_tmp/outside" "$uv_tmp/evil"
ln -s "$uv_tmp/outside" "$uv_tmp/evil/etc"
tar -C "$uv_tmp/evil" -cf "$uv_tmp/evil.tar" . || exit 99
vrun t2 build -m template --context 742 --rootdir "$root" -- -t "$uv_tmp/evil.tar"
expect_rc 1
expect_err "$root/t2/etc is a symbolic link (to $uv_tmp/outside): refused"
check "nothing was written outside the root" test ! -e "$uv_tmp/outside/hostname"
nothing_left t2
# A failure with --force over an existing guest leaves it as it was.
vrun t1 build -m template --context 741 --rootdir "$root" --force -- -t "$uv_tmp/broken.tgz"
expect_rc 1
expect_err "existed before it (--force) and are left as they are"
cfg_is t1 context 741
check "the root is still there" test -f "$root/t1/bin/prog"

# -- debootstrap ----------------------------------------------------------
if ! PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin command -v debootstrap >/dev/null; then
	vrun d1 build -m debootstrap --context 751 --rootdir "$root" -- -d bookworm
	expect_rc 1
	expect_err "debootstrap is not installed"
	expect_err "apt-get install debootstrap"
	nothing_left d1
fi
# A debootstrap that records its arguments and makes a tree (or half of
# one, then fails, with DB_FAIL in the environment).
cat >"$VSERVER_SBINDIR/debootstrap" <<EOF
#!/bin/sh
printf '%s\n' "\$@" >"$uv_tmp/db.args"
for a; do
	case \$a in --*) ;; *) set -- "\$@" "\$a" ;; esac
	shift
done
target=\$2
mkdir -p "\$target/bin" "\$target/etc" "\$target/dev" "\$target/debootstrap" || exit 1
echo "12.0" >"\$target/etc/debian_version"
mknod "\$target/dev/tty0" c 4 0
# As the real one: its log open, then unpacking the tarball's over it.
exec 3>>"\$target/debootstrap/debootstrap.log"
rm -f "\$target/debootstrap/debootstrap.log"
echo "I: the log of the tarball's making" >"\$target/debootstrap/debootstrap.log"
if [ -n "\${DB_FAIL:-}" ]; then
	echo "W: Failure trying to run: chroot \$target dpkg --force-depends --install" >&3
	echo "E: Couldn't find these debs: bogus" >&2
	exit 1
fi
echo "I: Base system installed successfully."
EOF
chmod +x "$VSERVER_SBINDIR/debootstrap"
: >"$uv_tmp/base.tgz"
mkdir -p "$VSERVER_CONFDIR/.defaults/apps/debootstrap"
echo 'http://mirror.example/debian  # the local mirror' >"$VSERVER_CONFDIR/.defaults/apps/debootstrap/mirror"
echo '--variant=minbase --include=less' >"$VSERVER_CONFDIR/.defaults/apps/debootstrap/options"
vrun d1 build -m debootstrap --context 751 --rootdir "$root" -- -d bookworm -t "$uv_tmp/base.tgz" --keyring=/k.gpg
expect_rc 0
expect_err "Base system installed successfully"
expect_err "removed 1 device file(s)"
cp "$uv_tmp/db.args" "$uv_tmp/out"
last="debootstrap (fake)"
expect_out_is --variant=minbase --include=less --keyring=/k.gpg \
	"--unpack-tarball=$uv_tmp/base.tgz" bookworm "$root/d1" http://mirror.example/debian
check "the tree is there" test -f "$root/d1/etc/debian_version"
cfg_is d1 context 751
vrun d2 build -m debootstrap --context 752 --rootdir "$root" -- -d trixie -m http://other.example/debian
expect_rc 0
cp "$uv_tmp/db.args" "$uv_tmp/out"
last="debootstrap (fake)"
expect_out_is --variant=minbase --include=less trixie "$root/d2" http://other.example/debian

rm -f "$uv_tmp/db.args"
vrun d3 build -m debootstrap --context 753 --rootdir "$root" -- -d bookworm -t "$uv_tmp/nosuch.tgz"
expect_rc 1
expect_err "debootstrap: the tarball $uv_tmp/nosuch.tgz does not exist"
check "debootstrap did not run" test ! -e "$uv_tmp/db.args"
nothing_left d3
DB_FAIL=1 vrun d3 build -m debootstrap --context 753 --rootdir "$root" -- -d bookworm -t "$uv_tmp/base.tgz"
expect_rc 1
expect_err "debootstrap failed (exit status 1): E: Couldn't find these debs: bogus"
expect_err "debootstrap.log: W: Failure trying to run"
check "the log shown is this run's, not the tarball's" \
	sh -c "! grep -q \"the tarball's making\" '$uv_tmp/err'"
expect_err "build failed; removed what it made: $root/d3 $VSERVER_CONFDIR/d3"
nothing_left d3
unset DB_FAIL

# -- copy of the host -----------------------------------------------------
# A tree that stands for the host's /.
h=$uv_tmp/host
mkdir -p "$h/bin" "$h/etc/ssh" "$h/etc/rc2.d" "$h/etc/init.d" "$h/var/log/apt" \
	"$h/var/lib/vs/gx" "$h/var/tmp" "$h/usr/lib/modules/6.12" "$h/home/alice" "$h/root" \
	"$h/proc/1" "$h/tmp"
echo "the shell" >"$h/bin/sh"
echo "root:x:0:0:root:/root:/bin/sh" >"$h/etc/passwd"
echo "secret" >"$h/etc/ssh/ssh_host_ed25519_key"
echo "Port 22" >"$h/etc/ssh/sshd_config"
echo 0123456789abcdef >"$h/etc/machine-id"
echo "/dev/sda1 / ext4 defaults 0 1" >"$h/etc/fstab"
for s in udev cron; do
	echo "#!/bin/sh" >"$h/etc/init.d/$s"
done
ln -s ../init.d/udev "$h/etc/rc2.d/S01udev"
ln -s ../init.d/cron "$h/etc/rc2.d/S02cron"
echo "a log" >"$h/var/log/syslog"
echo "a log" >"$h/var/log/apt/history.log"
echo "temporary" >"$h/var/tmp/t"
echo "module" >"$h/usr/lib/modules/6.12/m.ko"
echo "alice's" >"$h/home/alice/notes"
echo "root's" >"$h/root/notes"
echo "guest gx's" >"$h/var/lib/vs/gx/marker"
mkdir -p "$VSERVER_CONFDIR/gx"
echo 760 >"$VSERVER_CONFDIR/gx/context"
echo "$h/var/lib/vs/gx" >"$VSERVER_CONFDIR/gx/vdir"
VSERVER_BUILD_HOSTROOT=$h
export VSERVER_BUILD_HOSTROOT
vrun k1 build -m copy --context 761 --rootdir "$h/var/lib/vs"
expect_rc 1
expect_err "copy: the new root $h/var/lib/vs/k1 is in the host's /var, which the copy takes"
nothing_left k1
vrun k1 build -m legacy-copy --context 761 --rootdir "$root"
expect_rc 0
expect_err "built (copy) in $root/k1"
k=$root/k1
check "bin/sh is copied" cmp -s "$h/bin/sh" "$k/bin/sh"
check "etc/passwd is copied" cmp -s "$h/etc/passwd" "$k/etc/passwd"
check "sshd_config is copied" test -f "$k/etc/ssh/sshd_config"
check "the host's ssh keys are not" test ! -e "$k/etc/ssh/ssh_host_ed25519_key"
check "etc/machine-id is empty" test -f "$k/etc/machine-id" -a ! -s "$k/etc/machine-id"
check "etc/fstab is not the host's" test "$(grep -c sda1 "$k/etc/fstab")" = 0
check "etc/mtab is /proc/mounts" test "$(readlink "$k/etc/mtab")" = /proc/mounts
check "udev does not start in the guest" test ! -e "$k/etc/rc2.d/S01udev" -a ! -L "$k/etc/rc2.d/S01udev"
check "cron does" test -L "$k/etc/rc2.d/S02cron"
check "the logs are gone, their directories kept" test ! -e "$k/var/log/syslog" -a ! -e "$k/var/log/apt/history.log" -a -d "$k/var/log/apt"
check "var/tmp is empty" test ! -e "$k/var/tmp/t" -a -d "$k/var/tmp"
check "no kernel modules" test ! -e "$k/usr/lib/modules"
check "home, root and proc are empty" test -d "$k/home" -a ! -e "$k/home/alice" -a ! -e "$k/root/notes" -a ! -e "$k/proc/1"
check "the other guest's root is not copied" test -d "$k/var/lib/vs" -a ! -e "$k/var/lib/vs/gx"
check "the host's tree is unchanged" test -f "$h/var/log/syslog" -a -f "$h/etc/ssh/ssh_host_ed25519_key" -a -L "$h/etc/rc2.d/S01udev"
check "etc/hostname is the guest's" test "$(cat "$k/etc/hostname")" = k1
unset VSERVER_BUILD_HOSTROOT

finish
