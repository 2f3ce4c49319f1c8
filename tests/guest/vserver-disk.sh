#!/bin/sh
# vserver-disk.sh: a guest on a real ext4 file system: its files tagged
# with its context, its disk limit (the project quota of its context id)
# seen and enforced inside it, another context's file out of its reach.
# The file system is the VM's disk /dev/vda, which tests/run makes with
# mke2fs -O quota,project and attaches; the guest, its configuration and
# what this suite measured stay there, and after the reboot of the VM
# tests/reboot/vserver-disk.sh checks them again, after e2fsck.  Runs as
# root in the host context of the test VM, like vserver-command.sh; prints
# TAP.  Context 790 (the guest dk, 10.77.0.90) and 791 (a tag only).

# shellcheck disable=SC2034 # _vserver.sh reads it
SUITE=vserver-disk
. "$(dirname "$0")/_vserver.sh"

D=/mnt/vsdisk
if [ ! -b /dev/vda ]; then
	n=1
	echo "ok 1 - guest on an ext4 disk # SKIP no disk /dev/vda (tests/run attaches one)"
	finish
	exit
fi
# Everything the suite leaves for the second boot is on the disk.
VSERVER_CONFDIR=$D/etc
root=$D/vservers/dk
limits=$D/vstest/limits

# stat_kib PATH (in the guest): the size of its file system, in KiB, as
# statfs() (df) shows it.
stat_kib() {
	vserver dk exec stat -f -c '%b %S' "$1" | awk '{ print $1 * $2 / 1024 }'
}

mkdir -p "$D"
run mount -o prjquota /dev/vda "$D"
[ "$rc" -eq 0 ] && mounted=$D && mkdir -p "$VSERVER_CONFDIR/.defaults" "$D/vstest"
result "the VM's disk: ext4 with project quota, mounted with prjquota"
[ -n "$mounted" ] || { finish; exit; }

run vserver dk build -m skeleton --context 790 --hostname dk-node \
	--interface "$dev:10.77.0.90/$mask" --rootdir "$D/vservers"
guests="$guests dk"
xids="$xids 790 791"
[ "$rc" -eq 0 ] && [ "$(lsxid -d "$root" | awk '{ print $1 $2 }')" = 790P ]
result "build -m skeleton tags the root with the context (790, inheriting)"

# The guest's programs, copied in after the build: tagged by inheritance.
template
cp -a "$T/template/." "$root/"
[ "$(lsxid "$root/bin/busybox" | awk '{ print $1 }')" = 790 ]
result "files copied into the tagged root are the guest's (790)"

mkdir -p "$VSERVER_CONFDIR/dk/dlimits/0"
echo "$D" >"$VSERVER_CONFDIR/dk/dlimits/0/directory"
echo 8192 >"$VSERVER_CONFDIR/dk/dlimits/0/space_total"
echo 2000 >"$VSERVER_CONFDIR/dk/dlimits/0/inodes_total"
run vserver dk start
[ "$rc" -eq 0 ] && vserver dk running &&
	vdlimit --xid 790 "$D" | grep -q -x 'space_total=8192' &&
	vdlimit --xid 790 "$D" | grep -q -x 'inodes_total=2000'
result "start sets the disk limits of dlimits/ (vdlimit)"

kib=$(stat_kib /)
[ "$kib" = 8192 ]
result "df in the guest: its disk is its limit, 8192 KiB ($kib)"

run vserver dk exec sh -c 'echo mine >/new; mkdir /newdir'
[ "$rc" -eq 0 ] && [ "$(lsxid -d "$root/new" "$root/newdir" | awk '{ printf "%s%s ", $1, $2 }')" = "790- 790P " ]
result "what the guest makes is tagged with its context"

run vserver dk exec dd if=/dev/zero of=/big bs=1024 count=16384
used=$(vdlimit --xid 790 "$D" | sed -n 's/^space_used=//p')
[ "$rc" -ne 0 ] && err_has "Disk quota exceeded" && [ "$used" -le 8192 ] && [ "$used" -gt 7000 ]
result "writing 16 MiB in the guest stops at its limit: EDQUOT ($used KiB used)"

# Once written out, the file system's count and a walk of the tree agree
# (up to the blocks of the directories the walk does not reach).
sync
used=$(vdlimit --xid 790 "$D" | sed -n 's/^space_used=//p')
vdu=$(vdu --xid 790 --space --script "$root")
[ "$vdu" -le "$used" ] && [ "$vdu" -ge $((used - 64)) ]
result "vdu counts the guest's files as the quota does ($vdu and $used KiB)"

run vserver dk exec rm /big
after=$(vdlimit --xid 790 "$D" | sed -n 's/^space_used=//p')
[ "$rc" -eq 0 ] && [ "$after" -lt 4096 ]
result "rm in the guest gives the space back ($after KiB used)"

# A file of context 791 planted in the guest's root: out of its reach,
# though the guest's root has CAP_DAC_OVERRIDE.
echo other >"$root/other"
chxid -c 791 "$root/other"
run vserver dk exec cat /other
[ "$rc" -ne 0 ] && err_has "Permission denied" &&
	[ "$(lsxid "$root/other" | awk '{ print $1 }')" = 791 ]
result "a file tagged for another context is out of the guest's reach"
run vserver dk exec rm -f /other
[ "$rc" -ne 0 ] && [ -f "$root/other" ]
result "nor can the guest remove it"
run vserver dk exec cat /new
[ "$rc" -eq 0 ] && [ "$(out)" = mine ]
result "its own files it reads"

# For the second boot: a file, the limits and the usage.
run vserver dk exec sh -c 'echo kept >/persist'
run vserver dk stop
[ "$rc" -eq 0 ] && left_nothing 790 10.77.0.90
result "stop"
vdlimit --xid 790 "$D" >"$limits"
lsxid -d "$root" "$root/persist" "$root/other" >"$D/vstest/tags"
grep -q -x 'space_total=8192' "$limits" && [ "$(wc -l <"$D/vstest/tags")" -eq 3 ]
result "the limits, the usage and the tags are saved on the disk for the reboot"
guests=
cd / && umount "$D" && mounted=
result "the disk unmounts"
# Clean now, so that a fault found after the reboot is the reboot's.
run e2fsck -f -n /dev/vda
[ "$rc" -eq 0 ]
result "e2fsck -f -n: the file system is clean before the reboot"

finish
