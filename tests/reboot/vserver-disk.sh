#!/bin/sh
# reboot/vserver-disk.sh: after the reboot of the VM, what
# guest/vserver-disk.sh left on the disk /dev/vda: the file system is
# clean (e2fsck -f), and the tags, the disk limit and the usage of the
# guest dk (context 790) are as they were; the guest starts again and its
# limit still holds.  Runs on the second boot of tests/run
# (vs.mode=reboot), as root in the host context; prints TAP.

# shellcheck disable=SC2034 # _vserver.sh reads it
SUITE=reboot-disk
GUEST_DIR=/tests/guest
. "$GUEST_DIR/_vserver.sh"

D=/mnt/vsdisk
if [ ! -b /dev/vda ]; then
	n=1
	echo "ok 1 - the disk after the reboot # SKIP no disk /dev/vda"
	finish
	exit
fi
VSERVER_CONFDIR=$D/etc
root=$D/vservers/dk

run e2fsck -f -p /dev/vda
[ "$rc" -eq 0 ]
result "e2fsck -f: the file system is clean after the reboot (quota included)"

mkdir -p "$D"
run mount -o prjquota /dev/vda "$D"
[ "$rc" -eq 0 ] && mounted=$D && [ -f "$D/vstest/limits" ]
result "the disk mounts, with what the first boot saved"
[ -n "$mounted" ] || { finish; exit; }

vdlimit --xid 790 "$D" >"$T/limits"
run diff "$D/vstest/limits" "$T/limits"
[ "$rc" -eq 0 ]
result "the disk limit and the usage of context 790 are those before the reboot"

lsxid -d "$root" "$root/persist" "$root/other" >"$T/tags"
run diff "$D/vstest/tags" "$T/tags"
[ "$rc" -eq 0 ] && grep -q "790 P $root\$" "$T/tags"
result "the tags are those before the reboot (790 on the guest's files, 791)"

guests=dk
xids=790
run vserver dk start
[ "$rc" -eq 0 ] && vserver dk running
result "the guest starts again"
run vserver dk exec cat /persist
[ "$rc" -eq 0 ] && [ "$(out)" = kept ]
result "its file is there"
run vserver dk exec dd if=/dev/zero of=/big bs=1024 count=16384
[ "$rc" -ne 0 ] && err_has "Disk quota exceeded"
result "its limit still holds: EDQUOT"
run vserver dk exec cat /other
[ "$rc" -ne 0 ] && err_has "Permission denied"
result "the file of context 791 is still out of its reach"
vserver dk exec rm -f /big
run vserver dk stop
[ "$rc" -eq 0 ] && left_nothing 790 10.77.0.90
result "stop"
guests=
cd / && umount "$D" && mounted=
result "the disk unmounts"

finish
