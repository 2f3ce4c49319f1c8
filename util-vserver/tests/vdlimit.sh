# vdlimit on a real file system with project quota (ext4 made with
# mke2fs -O quota,project and mounted with prjquota, else xfs with
# prjquota): the limits it sets, shows and removes; a writer without
# CAP_SYS_RESOURCE stopped with EDQUOT past space_total and past
# inodes_total; df in a tagged directory showing the limits as the size;
# the usage kept across umount, fsck and mount; vdu counting what the
# quota counts; and a file system without project quota (tmpfs), refused
# with what to do.
#
# Needs root, loop devices, a private mount namespace (the test re-runs
# itself under "unshare -m") and a kernel with project quota
# (CONFIG_QUOTA, or CONFIG_XFS_QUOTA); skipped where any is missing.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

in_private_mount_ns "$@"
mnt=$uv_tmp/mnt
img=$uv_tmp/img

# value KEY: the value of KEY in the last vdlimit output.
value() {
	sed -n "s/^$1=//p" "$uv_tmp/out"
}

# -- a file system without project quota ---------------------------------
mkdir "$uv_tmp/tmpfs" || exit 99
if mount -t tmpfs tmpfs "$uv_tmp/tmpfs"; then
	mounts="$uv_tmp/tmpfs"
	for args in "" "--set space_total=100" "--remove"; do
		# shellcheck disable=SC2086 # the options are words
		run vdlimit --xid 42 $args "$uv_tmp/tmpfs"
		expect_rc 1
		expect_empty out
		expect_err "the file system of $uv_tmp/tmpfs has no project quota (ext4 needs mke2fs -O quota,project, or tune2fs -O quota,project while unmounted, and the mount option prjquota; xfs the mount option prjquota)"
	done
	umount "$uv_tmp/tmpfs"
	mounts=
fi

if ! project_fs "$img" "$mnt" quota; then
	# What ran above stands: a failure there is one.
	[ "$uv_failures" -eq 0 ] || finish
	exit 77
fi
mounts=$mnt
echo "file system: $UV_FS ($UV_FS_OPTS)"

if ! command -v setpriv >/dev/null 2>&1; then
	echo "no setpriv (util-linux): cannot write without CAP_SYS_RESOURCE"
	exit 77
fi
# capless CMD...: CMD as root without CAP_SYS_RESOURCE, which the quota
# would let through.
capless() {
	setpriv --inh-caps=-sys_resource --bounding-set=-sys_resource -- "$@"
}

g=$mnt/g
mkdir "$g" || exit 99
"$UV_BUILDDIR/src/chxid" -c 42 "$g" || exit 99

# -- nothing set: the usage, no limits -------------------------------------
run vdlimit --xid 42 "$mnt"
expect_rc 0
expect_empty err
expect_out "space_total=-1"
expect_out "inodes_used=1"
expect_out "inodes_total=-1"
expect_out "reserved=0"
if [ "$(sed 's/=.*//' "$uv_tmp/out" | tr '\n' ' ')" = \
	"space_used space_total inodes_used inodes_total reserved " ]; then
	pass "$last: the five lines, in the classic order"
else
	fail "$last: not the five classic lines"
fi

# -- set, show ---------------------------------------------------------
run vdlimit --xid 42 --set space_total=2048 --set inodes_total=10 \
	--set reserved=0 "$mnt"
expect_rc 0
expect_empty out
expect_empty err
# A guest's name for its context id, and any directory of the file system.
guest_context web 42
run vdlimit --xid web "$g"
expect_rc 0
expect_out "space_total=2048"
expect_out "inodes_total=10"
expect_out "inodes_used=1"
# Another context's limits are its own.
run vdlimit --xid 43 "$mnt"
expect_out_is space_used=0 space_total=-1 inodes_used=0 inodes_total=-1 reserved=0
# One limit at a time: the other stays.
run vdlimit --xid 42 --set inodes_total=20 "$mnt"
expect_rc 0
run vdlimit --xid 42 "$mnt"
expect_out "space_total=2048"
expect_out "inodes_total=20"

# -- df in the tagged directory: the limits are the size --------------------
size=$(df -P -k "$g" | awk 'NR == 2 { print $2 }')
if [ "$size" = 2048 ]; then
	pass "df $g: 2048 KiB, the space limit"
else
	fail "df $g: $size KiB, not the space limit 2048"
fi
inodes=$(df -P -i "$g" | awk 'NR == 2 { print $2 }')
if [ "$inodes" = 20 ]; then
	pass "df -i $g: 20 inodes, the inode limit"
else
	fail "df -i $g: $inodes inodes, not the inode limit 20"
fi

# -- past space_total: EDQUOT, for a writer without CAP_SYS_RESOURCE ------
capless dd if=/dev/zero of="$g/big" bs=64k count=64 >"$uv_tmp/out" 2>"$uv_tmp/err"
rc=$?
last="dd of 4 MiB under a limit of 2 MiB"
expect_rc 1
expect_err "Disk quota exceeded"
run vdlimit --xid 42 "$mnt"
used=$(value space_used)
if [ -n "$used" ] && [ "$used" -le 2048 ] && [ "$used" -gt 1024 ]; then
	pass "the usage stopped at the limit: $used KiB"
else
	fail "the usage is $used KiB, not near the limit 2048"
fi
rm -f "$g/big"

# -- past inodes_total -------------------------------------------------
run vdlimit --xid 42 "$mnt"
limit=$(($(value inodes_used) + 2))
run vdlimit --xid 42 --set "inodes_total=$limit" "$mnt"
expect_rc 0
capless sh -c 'for i in 1 2 3 4; do : >"$1/f$i" || exit 1; done' sh "$g" \
	>"$uv_tmp/out" 2>"$uv_tmp/err"
rc=$?
last="four new files under a limit of two more"
expect_rc 1
expect_err "Disk quota exceeded"
if [ -e "$g/f1" ] && [ -e "$g/f2" ] && ! [ -e "$g/f3" ]; then
	pass "$last: two made, the third refused"
else
	fail "$last: not two made and the third refused: $(ls "$g")"
fi
run vdlimit --xid 42 "$mnt"
expect_out "inodes_used=$limit"

# -- vdu counts what the quota counts ------------------------------------
mkdir "$g/d"
run vdlimit --xid 42 --set inodes_total=100 "$mnt"
head -c 100000 /dev/zero >"$g/d/data"
ln "$g/d/data" "$g/d/link"
sync
run vdlimit --xid 42 "$mnt"
quota_space=$(value space_used)
quota_inodes=$(value inodes_used)
run vdu --xid 42 --script --inodes "$g"
expect_exact out "$quota_inodes"
run vdu --xid 42 --script --space "$g"
expect_exact out "$quota_space"

# -- the usage and the limits across umount, fsck and mount ---------------
run vdlimit --xid 42 "$mnt"
cp "$uv_tmp/out" "$uv_tmp/before"
umount "$mnt" || exit 99
mounts=
fsck_fs "$img" >"$uv_tmp/fsck" 2>&1
rc=$?
last="fsck of the unmounted $UV_FS"
expect_rc 0
mount -o "$UV_FS_OPTS" "$img" "$mnt" || exit 99
mounts=$mnt
run vdlimit --xid 42 "$mnt"
expect_rc 0
if cmp -s "$uv_tmp/before" "$uv_tmp/out"; then
	pass "$last: the same usage and limits after umount, fsck and mount"
else
	fail "$last: other usage or limits after umount, fsck and mount"
	diff "$uv_tmp/before" "$uv_tmp/out" | sed 's/^/    diff| /'
fi

# -- --remove: no limits, the usage still counted -------------------------
run vdlimit --xid 42 --remove "$mnt"
expect_rc 0
expect_empty out
expect_empty err
run vdlimit --xid 42 "$mnt"
expect_out "space_used=$quota_space"
expect_out "space_total=-1"
expect_out "inodes_used=$quota_inodes"
expect_out "inodes_total=-1"
capless dd if=/dev/zero of="$g/big" bs=64k count=64 >"$uv_tmp/out" 2>"$uv_tmp/err"
rc=$?
last="dd of 4 MiB without a limit"
expect_rc 0
# -1 sets no limit, as --remove does.
run vdlimit --xid 42 --set space_total=1000000 "$mnt"
run vdlimit --xid 42 --set space_total=-1 "$mnt"
expect_rc 0
run vdlimit --xid 42 "$mnt"
expect_out "space_total=-1"

finish
