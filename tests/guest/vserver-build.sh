#!/bin/sh
# vserver-build.sh: the build methods of the vserver command that need no
# network, end to end: clone (of a running guest, its unified busybox
# shared, the rest copied) and template (a tarball of a guest's root);
# each new guest starts with its own configuration and serves its own
# page at its own address; what a failed build leaves (nothing); delete
# of a clone leaves the source's shared file unified.  Runs as root in
# the host context of the test VM, like vserver-command.sh; prints TAP.
# Contexts 730-734, addresses 10.77.0.30-34.  debootstrap runs in
# vserver-debian.sh, which has the packages for it; util-vserver's
# tests/vserver-build.sh covers its options and failures with a fake one.

# shellcheck disable=SC2034 # _vserver.sh reads it
SUITE=vserver-build
. "$(dirname "$0")/_vserver.sh"

# --- the source: a running guest with a unified file -------------------------

guest bsrc 730 10.77.0.30
src=$T/root/bsrc
run setattr --iunlink "$src/bin/busybox"
[ "$rc" -eq 0 ] && showattr -d "$src/bin/busybox" | grep -q '^-UI. '
result "the source's busybox is unified (immutable, ixunlink)"

run vserver bsrc start
[ "$rc" -eq 0 ] && vserver bsrc running
result "the source guest bsrc starts"

# --- clone -------------------------------------------------------------------

run vserver bclone build -m clone --context 731 --hostname bclone-node \
	--interface "$dev:10.77.0.31/$mask" --rootdir "$T/root" -- --source bsrc
guests="$guests bclone"
xids="$xids 731"
c=$T/root/bclone
[ "$rc" -eq 0 ] && err_has "the source guest bsrc runs" && err_has "unified file(s) linked" &&
	[ "$(stat -c %i "$c/bin/busybox")" = "$(stat -c %i "$src/bin/busybox")" ] &&
	[ "$(stat -c %i "$c/marker")" != "$(stat -c %i "$src/marker")" ] &&
	[ "$(cat "$c/marker")" = "root of bsrc" ]
result "clone of the running bsrc: busybox linked (one inode), the rest copied"

[ "$(cat "$VSERVER_CONFDIR/bclone/context")" = 731 ] &&
	[ "$(cat "$VSERVER_CONFDIR/bclone/interfaces/0/ip")" = 10.77.0.31 ] &&
	[ "$(cat "$VSERVER_CONFDIR/bclone/uts/nodename")" = bclone-node ] &&
	[ "$(cat "$c/etc/hostname")" = bclone-node ] && [ -c "$c/dev/null" ]
result "clone: its own configuration (context, address, node name), not the source's"

run vserver bsrc stop
[ "$rc" -eq 0 ] && left_nothing 730 10.77.0.30
result "the source stops"

echo "page of bclone" >"$c/www/index.html"
run vserver bclone start
[ "$rc" -eq 0 ] && vserver bclone running && out_has "rc: runlevel 3"
result "the clone starts"

run timeout 10 wget -q -O- http://10.77.0.31/
[ "$rc" -eq 0 ] && [ "$(out)" = "page of bclone" ]
result "the clone's web server answers on 10.77.0.31 with its own page"

run vserver bclone exec hostname
[ "$rc" -eq 0 ] && [ "$(out)" = bclone-node ]
result "exec in the clone: its node name"

run vserver bclone exec sh -c 'echo changed >>/bin/busybox'
[ "$rc" -ne 0 ] && [ "$(stat -c %i "$c/bin/busybox")" = "$(stat -c %i "$src/bin/busybox")" ] &&
	! tail -c 8 "$src/bin/busybox" | grep -q changed
result "the clone cannot change the shared busybox (immutable)"

run vserver bclone stop
[ "$rc" -eq 0 ] && left_nothing 731 10.77.0.31
result "the clone stops, nothing left"

run vserver bclone delete --silent
[ "$rc" -eq 0 ] && [ ! -e "$c" ] && [ -x "$src/bin/busybox" ] &&
	showattr -d "$src/bin/busybox" | grep -q '^-UI. '
result "delete of the clone: its root is gone, the source's busybox stays, unified"

run vserver bfail build -m clone --context 732 --rootdir "$T/root" -- --source nosuch
[ "$rc" -eq 1 ] && err_has "there is no guest 'nosuch'" &&
	[ ! -e "$VSERVER_CONFDIR/bfail" ] && [ ! -e "$T/root/bfail" ]
result "clone of a guest that does not exist: refused, nothing left"

# --- template ----------------------------------------------------------------

run tar -C "$src" -czf "$T/bsrc.tgz" .
[ "$rc" -eq 0 ]
result "a tarball of bsrc's root"

run vserver btpl build -m template --context 733 --interface "$dev:10.77.0.33/$mask" \
	--rootdir "$T/root" -- -t "$T/bsrc.tgz"
guests="$guests btpl"
xids="$xids 733"
[ "$rc" -eq 0 ] && [ -x "$T/root/btpl/bin/busybox" ] &&
	[ "$(cat "$T/root/btpl/marker")" = "root of bsrc" ] &&
	[ "$(cat "$T/root/btpl/etc/hostname")" = btpl ]
result "template: the tarball unpacked, the guest's own host name"

echo "page of btpl" >"$T/root/btpl/www/index.html"
run vserver btpl start
[ "$rc" -eq 0 ] && vserver btpl running
result "the guest built from the template starts"

run timeout 10 wget -q -O- http://10.77.0.33/
[ "$rc" -eq 0 ] && [ "$(out)" = "page of btpl" ]
result "its web server answers on 10.77.0.33"

run vserver btpl stop
[ "$rc" -eq 0 ] && left_nothing 733 10.77.0.33
result "it stops, nothing left"

head -c 3000 /dev/urandom >"$T/broken.tgz"
run vserver bfail build -m template --context 734 --rootdir "$T/root" -- -t "$T/broken.tgz"
[ "$rc" -eq 1 ] && err_has "cannot unpack" && err_has "removed what it made" &&
	[ ! -e "$VSERVER_CONFDIR/bfail" ] && [ ! -e "$T/root/bfail" ]
result "template from a broken tarball: fails, nothing left"

run vserver btpl build -m template --context 733 --rootdir "$T/root" -- -t "$T/bsrc.tgz"
[ "$rc" -eq 1 ] && err_has "exists already"
result "build refuses an existing guest without --force"

finish
