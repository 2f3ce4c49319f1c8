#!/bin/sh
# vserver-debootstrap.sh: "vserver NAME build -m debootstrap" for real,
# offline: from the tarball "debootstrap --make-tarball" made on the
# machine that runs tests/run (minbase, with sysv-rc and cron, the daemon
# that keeps the guest running; on the VM's second disk, /dev/vdb),
# debootstrap's second stage, dpkg installing every package, runs here,
# into a root on the VM's ext4 disk; the guest then starts with Debian's
# rc, its dpkg knows its packages, and its root installs a local .deb on
# the shell of "vserver NAME enter".  A suite of its own: the second stage
# takes 10 to 20 minutes on the debug kernel.
# Runs as root in the host context of the test VM; prints TAP.  Context
# 762, address 10.77.0.62.
# hang guard: 2700 s
# test VM: 2

# shellcheck disable=SC2034 # _vserver.sh reads it
SUITE=vserver-debootstrap
. "$(dirname "$0")/_vserver.sh"

debian_disks bookworm-debootstrap.tgz debootstrap "build -m debootstrap"
TARBALL=$SRC/bookworm-debootstrap.tgz

# --arch and --extractor, which debootstrap would otherwise ask dpkg,
# because the VM's dpkg is busybox's.
t0=$(cut -d. -f1 /proc/uptime)
run vserver deb3 build -m debootstrap --context 762 --hostname deb3 \
	--interface "$dev:10.77.0.62/$mask" --initstyle sysv --rootdir "$R" -- \
	-d bookworm -t "$TARBALL" --arch=amd64 --extractor=ar
t1=$(cut -d. -f1 /proc/uptime)
guests="$guests deb3"
xids="$xids 762"
[ "$rc" -eq 0 ] && grep -q '^12\.' "$R/deb3/etc/debian_version" && [ ! -e "$R/deb3/debootstrap" ] &&
	grep -q '^Package: sysv-rc$' "$R/deb3/var/lib/dpkg/status" &&
	grep -q '^Package: cron$' "$R/deb3/var/lib/dpkg/status" &&
	! grep '^Status: ' "$R/deb3/var/lib/dpkg/status" | grep -v -q ' installed$'
result "build -m debootstrap: deb3, a Debian 12 whose every package dpkg installed, offline from debootstrap's tarball ($((t1 - t0)) s)"

run vserver deb3 start
[ "$rc" -eq 0 ] && vserver deb3 running &&
	[ "$(vserver deb3 exec dpkg-query -W -f='${Status}' dpkg)" = "install ok installed" ] &&
	[ "$(vserver deb3 exec hostname)" = deb3 ]
result "deb3 starts (sysv), its dpkg knows its packages, its name is deb3"

# A local .deb, installed by root on the guest's shell (enter).
cp "$SRC"/hostname_*.deb "$R/deb3/root/"
run sh -c 'echo "dpkg -i /root/hostname_*.deb" | vserver deb3 enter'
[ "$rc" -eq 0 ] && out_has '^Setting up hostname ' &&
	[ "$(vserver deb3 exec dpkg-query -W -f='${Status}' hostname)" = "install ok installed" ]
result "enter deb3: its root installs a local .deb (hostname) with the guest's dpkg"

run vserver deb3 stop
[ "$rc" -eq 0 ] && left_nothing 762 10.77.0.62
result "deb3 stops, nothing left"

run vserver deb3 delete --silent
[ "$rc" -eq 0 ] && [ ! -e "$R/deb3" ]
result "delete deb3: its root is gone"

rm -rf "$R"
cd / && umount "$D" && mounted=$SRC
result "the disk unmounts"

finish
