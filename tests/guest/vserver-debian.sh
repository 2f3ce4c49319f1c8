#!/bin/sh
# vserver-debian.sh: real Debian guests, end to end.  Two Debian 12 guests
# are built from a template (a minimal Debian made with debootstrap on the
# machine that runs tests/run: the VM's second disk, /dev/vdb) on the VM's
# ext4 disk; vhashify stores their identical files once (the disk saved
# is printed), after which vunify, which reads their package databases,
# finds nothing left to do; a Debian package (mini-httpd, a web server)
# is installed into one guest with its own dpkg, and a package of the base system is
# reinstalled there, replacing unified files as an upgrade does; the
# guest's configuration is edited, and its sysv runlevel starts the
# Debian daemon, which answers at the guest's address; the other guest's
# files are unchanged throughout.  Runs as root in the host context of
# the test VM; prints TAP.  Contexts 760-761, addresses 10.77.0.60-61.
# vserver-debootstrap.sh builds a Debian guest with debootstrap itself.
# test VM: 2

# shellcheck disable=SC2034 # _vserver.sh reads it
SUITE=vserver-debian
. "$(dirname "$0")/_vserver.sh"

debian_disks bookworm.tar debian "Debian guests"
hashdir=$R/.hash

# build NAME XID ADDRESS: a Debian guest from the template.
build() {
	run vserver "$1" build -m template --context "$2" --hostname "$1" \
		--interface "$dev:$3/$mask" --initstyle sysv --rootdir "$R" -- -t "$SRC/bookworm.tar"
	guests="$guests $1"
	xids="$xids $2"
	[ "$rc" -eq 0 ] && grep -q '^12\.' "$R/$1/etc/debian_version" &&
		[ -x "$R/$1/usr/bin/dpkg" ] && [ "$(cat "$R/$1/etc/hostname")" = "$1" ]
	result "build -m template: $1 is a Debian 12 (its dpkg, its host name)"
}
build deb1 760 10.77.0.60
build deb2 761 10.77.0.61

# kb: the disk the guests' roots take, each inode counted once.
kb() { du -sk "$R" | cut -f1; }
inode() { stat -c %i "$1"; }
before=$(kb)

# --- unification ---------------------------------------------------------------

run vhashify --hashdir "$hashdir" -g deb1 deb2
after_hash=$(kb)
echo "# vhashify: the roots took $before kB, now $after_hash kB"
[ "$rc" -eq 0 ] && [ "$(inode "$R/deb1/usr/bin/dpkg")" = "$(inode "$R/deb2/usr/bin/dpkg")" ] &&
	showattr -d "$R/deb2/usr/bin/dpkg" | grep -q '^-UI. ' &&
	[ "$after_hash" -lt $((before * 7 / 10)) ]
result "vhashify of both guests: identical files stored once and unified, the disk saved"

[ "$(inode "$R/deb1/etc/debian_version")" != "$(inode "$R/deb2/etc/debian_version")" ] &&
	[ "$(inode "$R/deb1/var/lib/dpkg/status")" != "$(inode "$R/deb2/var/lib/dpkg/status")" ]
result "configuration files and package state stay each guest's own"

run vhashify --hashdir "$hashdir" -g deb1 deb2
[ "$rc" -eq 0 ] && [ "$(kb)" -eq "$after_hash" ] && out_has '^linked 0 files'
result "vhashify again: nothing left to link"

mkdir -p "$VSERVER_CONFDIR/deb2/apps/vunify"
echo deb1 >"$VSERVER_CONFDIR/deb2/apps/vunify/refserver"
run vserver deb2 unify
[ "$rc" -eq 0 ] && out_has '^linked 0 files' && ! out_has '; 0 already unified'
result "vunify deb2 against deb1 (their dpkg databases): every shared file is already unified"

# --- a Debian package into one guest ---------------------------------------------

shared_hostname=$(inode "$R/deb2/usr/bin/hostname")
sum_deb2=$(md5sum "$R/deb2/usr/bin/hostname" "$R/deb2/var/lib/dpkg/status" | cut -d' ' -f1)
[ "$(inode "$R/deb1/usr/bin/hostname")" = "$shared_hostname" ]
result "hostname (a base package) is one file for both guests"

run vserver deb1 start
[ "$rc" -eq 0 ] && vserver deb1 running
result "deb1 starts (sysv: Debian's /etc/init.d/rc 3)"

# (in /root: the guest's /tmp is a tmpfs of its own)
cp "$SRC"/mini-httpd_*.deb "$SRC"/hostname_*.deb "$R/deb1/root/"
run vserver deb1 exec sh -c 'dpkg -i /root/mini-httpd_*.deb'
[ "$rc" -eq 0 ] && [ -x "$R/deb1/usr/sbin/mini_httpd" ] && [ ! -e "$R/deb2/usr/sbin/mini_httpd" ] &&
	vserver deb1 exec dpkg -s mini-httpd | grep -q '^Status: install ok installed'
result "dpkg -i mini-httpd in deb1: installed there, not in deb2"

run vserver deb1 exec sh -c 'dpkg -i /root/hostname_*.deb'
[ "$rc" -eq 0 ] && [ "$(inode "$R/deb1/usr/bin/hostname")" != "$shared_hostname" ] &&
	[ "$(inode "$R/deb2/usr/bin/hostname")" = "$shared_hostname" ] &&
	[ "$(md5sum "$R/deb2/usr/bin/hostname" "$R/deb2/var/lib/dpkg/status" | cut -d' ' -f1)" = "$sum_deb2" ] &&
	showattr -d "$R/deb2/usr/bin/hostname" | grep -q '^-UI. '
result "dpkg -i hostname (an upgrade's file operations) in deb1 replaces its unified files; deb2's stay, unchanged and unified"

run vserver deb1 exec sh -c 'echo more >>/usr/bin/dpkg'
[ "$rc" -ne 0 ] && [ "$(inode "$R/deb1/usr/bin/dpkg")" = "$(inode "$R/deb2/usr/bin/dpkg")" ] &&
	! tail -c 5 "$R/deb2/usr/bin/dpkg" | grep -q more
result "root in deb1 cannot change the shared dpkg in place"

# The package's configuration, edited in the guest as an administrator
# would: serve on the guest's address, a page of its own, and the daemon
# enabled in the runlevels.
run vserver deb1 exec sh -c 'sed -i "s/^host=.*/host=10.77.0.60/" /etc/mini-httpd.conf &&
	echo "page of deb1" >/var/www/html/index.html && update-rc.d mini-httpd enable'
[ "$rc" -eq 0 ] && grep -q '^host=10.77.0.60' "$R/deb1/etc/mini-httpd.conf" && ls "$R"/deb1/etc/rc3.d/S*mini-httpd >/dev/null
result "deb1's configuration edited, mini-httpd enabled in its runlevels"

run vserver deb1 restart
[ "$rc" -eq 0 ] && vserver deb1 running
result "deb1 restarts"

run timeout 20 wget -q -O- http://10.77.0.60/
[ "$rc" -eq 0 ] && [ "$(out)" = "page of deb1" ]
result "Debian's mini-httpd in deb1 answers on 10.77.0.60 with deb1's page"

run vserver deb1 exec pidof mini_httpd
[ "$rc" -eq 0 ] && [ -n "$(out)" ]
result "the daemon runs in deb1's context"

run vserver deb2 start
[ "$rc" -eq 0 ] && vserver deb2 running
result "deb2 starts next to it"

run timeout 10 wget -q -O- http://10.77.0.61/
[ "$rc" -ne 0 ]
result "deb2 has no web server (the package went into deb1 only)"

run vserver deb2 exec sh -c 'dpkg -s mini-httpd'
[ "$rc" -ne 0 ]
result "deb2's dpkg does not know mini-httpd"

for g in deb1 deb2; do
	run vserver "$g" stop
	x=$(cat "$VSERVER_CONFDIR/$g/context")
	a=10.77.0.6${x#76}
	[ "$rc" -eq 0 ] && left_nothing "$x" "$a"
	result "$g stops, nothing left"
done

for g in deb1 deb2; do
	run vserver "$g" delete --silent
	[ "$rc" -eq 0 ] && [ ! -e "$R/$g" ]
	result "delete $g: its root is gone"
done
rm -rf "$R"
cd / && umount "$D" && mounted=$SRC
result "the disk unmounts"

finish
