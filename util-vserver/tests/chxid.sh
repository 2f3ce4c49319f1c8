# chxid, lsxid and vdu on a real file system with project ids (ext4, or
# xfs where this kernel has no quota): the tags and PROJINHERIT chxid
# sets, what new files inherit, lsxid's lines, -R, -x, -U, --no-inherit,
# a guest's name, bad input that changes nothing, a file system without
# project ids, and what vdu counts (tagged files only, a hard-linked inode
# once, its own file system only).
#
# Needs root, loop devices and a private mount namespace (the test re-runs
# itself under "unshare -m"); skipped where any is missing.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

in_private_mount_ns "$@"
mnt=$uv_tmp/mnt
project_fs "$uv_tmp/img" "$mnt" || exit 77
mounts=$mnt
echo "file system: $UV_FS ($UV_FS_OPTS)"

guest_context web 42

# expect_tag "TAG FLAG" FILE...: lsxid -d shows this tag and flag of each.
expect_tag() {
	expect_shown lsxid "$@"
}

# listing: the tags of everything below $g, with names relative to it.
listing() {
	(cd "$g" && "$UV_BUILDDIR/src/lsxid" -R -a .) >"$uv_tmp/listing" 2>&1
	cat "$uv_tmp/listing"
}

g=$mnt/g
mkdir -p "$g/a/sub" "$g/.h" || exit 99
echo data >"$g/a/f"
echo more >"$g/a/sub/s"
echo hidden >"$g/.h/i"
ln "$g/a/f" "$g/a/f2"
ln -s f "$g/a/l"
mkfifo "$g/a/p"

# -- a new file system: nothing tagged --------------------------------------
run lsxid "$g"
expect_rc 0
expect_empty err
expect_out_is "    0 - $g/a"

# -- one directory, not what is in it ----------------------------------------
run chxid -c 42 "$g"
expect_rc 0
expect_empty out
expect_empty err
expect_tag "42 P" "$g"
expect_tag "0 -" "$g/a" "$g/a/f"

# -- -R: every regular file and directory below; links and FIFOs left alone -
run chxid -R -c 42 "$g"
expect_rc 0
expect_empty out
expect_empty err
run lsxid -R -a "$g"
expect_rc 0
expect_empty err
expect_out_is \
	"   42 P $g/.h" \
	"   42 - $g/.h/i" \
	"   42 P $g/a" \
	"   42 - $g/a/f" \
	"   42 - $g/a/f2" \
	"    - - $g/a/l" \
	"    - - $g/a/p" \
	"   42 P $g/a/sub" \
	"   42 - $g/a/sub/s"
# Without -a, no dot entries; -d, the directory itself.
run lsxid -R "$g"
expect_out_is \
	"   42 P $g/a" \
	"   42 - $g/a/f" \
	"   42 - $g/a/f2" \
	"    - - $g/a/l" \
	"    - - $g/a/p" \
	"   42 P $g/a/sub" \
	"   42 - $g/a/sub/s"
run lsxid -d "$g" "$g/a/f"
expect_out_is "   42 P $g" "   42 - $g/a/f"
# The guest's name for its context id.
run lsxid --names -d "$g" "$g/a/f"
expect_rc 0
expect_out_is "  web P $g" "  web - $g/a/f"

# -- new files and directories inherit the tag ---------------------------
: >"$g/a/new"
mkdir "$g/a/newdir"
mkdir -p "$g/a/x/y/z"
expect_tag "42 -" "$g/a/new"
expect_tag "42 P" "$g/a/newdir" "$g/a/x/y/z"

# -- a guest's name as the tag --------------------------------------------
run chxid -c 7 "$g/a/new"
expect_tag "7 -" "$g/a/new"
run chxid --ctx web "$g/a/new"
expect_rc 0
expect_tag "42 -" "$g/a/new"

# -- tag 0: untagged, and a directory passes nothing on ---------------------
run chxid -R -c 0 "$g/a/x"
expect_rc 0
expect_tag "0 -" "$g/a/x" "$g/a/x/y/z"
: >"$g/a/x/fresh"
expect_tag "0 -" "$g/a/x/fresh"

# -- --no-inherit ----------------------------------------------------------
run chxid -R --no-inherit -c 9 "$g/a/x"
expect_rc 0
expect_tag "9 -" "$g/a/x" "$g/a/x/y" "$g/a/x/fresh"
: >"$g/a/x/fresh2"
expect_tag "0 -" "$g/a/x/fresh2"
# ... and without it, the directories pass the tag on again.
run chxid -R -c 9 "$g/a/x"
expect_tag "9 P" "$g/a/x" "$g/a/x/y"
rm -r "$g/a/x" "$g/a/new" "$g/a/newdir"

# -- bad input changes nothing -------------------------------------------
listing >"$uv_tmp/listing.before"
run chxid -R -c 77 "$g" "$mnt/nosuch"
expect_rc 1
expect_err "chxid: cannot access $mnt/nosuch: No such file or directory"
expect_err "chxid: nothing changed"
run chxid -R -c 65536 "$g"
expect_rc 1
expect_err "expected a tag from 0 to 65535"
run chxid -R -c nosuch "$g"
expect_rc 1
expect_err "no guest of that name"
listing >"$uv_tmp/listing.after"
if cmp -s "$uv_tmp/listing.before" "$uv_tmp/listing.after"; then
	pass "refused chxid runs: no tag changed"
else
	fail "refused chxid runs changed tags"
	diff "$uv_tmp/listing.before" "$uv_tmp/listing.after" | sed 's/^/    diff| /'
fi

# -- another file system below: -x leaves it alone --------------------------
mkdir "$g/m"
mount -t tmpfs tmpfs "$g/m" || exit 99
mounts="$g/m $mounts"
: >"$g/m/t"
run chxid -R -x -c 50 "$g"
expect_rc 0
expect_empty err
expect_tag "50 P" "$g" "$g/a/sub"
expect_tag "0 -" "$g/m" "$g/m/t"
run lsxid -R -x "$g"
expect_rc 0
if grep -q "$g/m" "$uv_tmp/out"; then
	fail "$last: lists the files of the other file system"
else
	pass "$last: leaves out the other file system"
fi
# Without -x, tmpfs has no project ids: said so, with what to do.
run chxid -R -c 51 "$g"
expect_rc 1
expect_err "chxid: cannot set the tag of $g/m: its file system has no project ids (ext4 needs mke2fs -O project, or tune2fs -O project while unmounted)"
# vdu counts its own file system only (the tmpfs files are untagged too).
run vdu --xid 0 --inodes --script "$g"
expect_rc 0
expect_exact out 0
umount "$g/m"
mounts=$mnt
rmdir "$g/m"

# -- -U: unified files (immutable and ixunlink) are left alone --------------
if command -v setfattr >/dev/null 2>&1; then
	u=$mnt/u
	mkdir "$u"
	echo shared >"$u/unified"
	echo half >"$u/ixunlink"
	echo plain >"$u/plain"
	# The kernel keeps the attributes as 32 bits, little-endian:
	# 0x00060000 is immutable and ixunlink (unified), 0x00020000
	# ixunlink alone (not unified).
	setfattr -n security.vserver -v 0x00000600 "$u/unified" || exit 99
	setfattr -n security.vserver -v 0x00000200 "$u/ixunlink" || exit 99
	run chxid -R -U -c 60 "$u"
	expect_rc 0
	expect_empty err
	expect_tag "0 -" "$u/unified"
	expect_tag "60 -" "$u/ixunlink" "$u/plain"
	expect_tag "60 P" "$u"
	run chxid -U -c 61 "$u/unified" "$u/plain"
	expect_rc 0
	expect_tag "0 -" "$u/unified"
	expect_tag "61 -" "$u/plain"
else
	echo "skip: no setfattr (Debian package attr): -U is not tried"
fi

# -- vdu: the tagged files, a hard-linked inode once ------------------------
v=$mnt/v
mkdir -p "$v/d" "$v/e" || exit 99
head -c 20000 /dev/zero >"$v/d/a"
ln "$v/d/a" "$v/d/b"
ln "$v/d/a" "$v/e/c"
head -c 10000 /dev/zero >"$v/other"
ln -s a "$v/d/link"
run chxid -R -c 42 "$v"
run chxid -c 43 "$v/other"
sync
# What they take: v, v/d, v/e and the inode of a (three names), in bytes.
bytes=0
for x in "$v" "$v/d" "$v/e" "$v/d/a"; do
	bytes=$((bytes + $(stat -c '%b * %B' "$x")))
done
run vdu --xid 42 --inodes "$v"
expect_rc 0
expect_empty err
expect_exact out "4	$v"
run vdu --xid 42 --script --inodes "$v"
expect_exact out 4
run vdu --xid 42 --script --space --blocksize 1 "$v"
expect_rc 0
expect_exact out "$bytes"
run vdu --xid 42 --script "$v"
expect_exact out "$(((bytes + 1023) / 1024))"
run vdu --xid web --script --blocksize 4096 "$v"
expect_exact out "$(((bytes + 4095) / 4096))"
other=$(($(stat -c '%b * %B' "$v/other")))
run vdu --xid 43 --script --blocksize 1 "$v"
expect_exact out "$other"
run vdu --xid 43 --script --inodes "$v"
expect_exact out 1
# Two directories: one line each; the inode linked in both counts in the
# first only.
run vdu --xid 42 --inodes "$v/d" "$v/e"
expect_rc 0
expect_out_is "2	$v/d" "1	$v/e"

finish
