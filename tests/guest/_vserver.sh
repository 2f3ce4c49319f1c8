# _vserver.sh: what the suites of the vserver command share (sourced, not
# a suite: the leading "_" keeps run-suites from running it): a scratch
# configuration directory ($VSERVER_CONFDIR) and the guests made in it,
# the dummy interface vsc0 (or lo without CONFIG_DUMMY) with 10.77.0.1,
# and a cleanup at exit that stops every guest made, kills what is left
# of their contexts, removes the addresses and unmounts what the suite
# lists in $mounted.  The suite sets SUITE to its name first, and
# GUEST_DIR when it is not in the directory of this file.
#
# Guests are busybox trees in tmpfs: a copy of /bin/busybox and its
# applet links.  The suites own xids 700-799 and the addresses
# 10.77.0.0/24; they run one after the other, so they share them.

PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
export PATH

T=$(mktemp -d "/tmp/$SUITE.XXXXXX") || exit 1
VSERVER_CONFDIR=$T/etc
export VSERVER_CONFDIR
dev=
guests=
xids=

mounted=
TAP_TIMES=1

. "${GUEST_DIR:-$(dirname "$0")}/_tap.sh"

cleanup() {
	[ -z "${vshelper_set:-}" ] || echo "$old_vshelper" >/proc/sys/kernel/vshelper
	# Only the guests still running: a stop is slow under emulation.
	for g in $guests; do
		x=$(cat "$VSERVER_CONFDIR/$g/context" 2>/dev/null) &&
			vserver-info "$x" RUNNING || continue
		vserver "$g" stop >/dev/null 2>&1
	done
	for x in $xids; do
		vattribute --xid "$x" --flag ~persistent >/dev/null 2>&1
		vkill --xid "$x" -s KILL >/dev/null 2>&1
	done
	if [ "$dev" = vsc0 ]; then
		ip link del vsc0 2>/dev/null
	elif [ "$dev" = lo ]; then
		ip -o addr show dev lo | awk '$4 ~ /^10\.77\.0\./ { print $4 }' |
			while read -r a; do ip addr del "$a" dev lo 2>/dev/null; done
	fi
	for m in $mounted; do
		umount "$m" 2>/dev/null
	done
	rm -rf "$T"
}
trap cleanup EXIT

# template: the tree every guest root is copied from, made once: busybox,
# its applets in /bin (hundreds of links, slow to make under emulation),
# /dev/null, and an rc script.
template() {
	r=$T/template
	[ -d "$r" ] && return
	mkdir -p "$r/bin" "$r/sbin" "$r/etc/init.d" "$r/proc" "$r/tmp" "$r/www" "$r/dev"
	cp /bin/busybox "$r/bin/busybox"
	for applet in $(busybox --list); do
		[ -e "$r/bin/$applet" ] || ln -s busybox "$r/bin/$applet"
	done
	mknod -m 666 "$r/dev/null" c 1 3
	mknod -m 666 "$r/dev/zero" c 1 5
	# sysv style: "rc 3" starts a web server and a sleeper, "rc 6"
	# stops them.
	cat >"$r/etc/init.d/rc" <<'EOF'
#!/bin/sh
case $1 in
3)	httpd -p 80 -h /www
	sleep 100000 </dev/null >/dev/null 2>&1 &
	echo "rc: runlevel 3" ;;
6)	killall httpd sleep
	echo "rc: runlevel 6" ;;
esac
EOF
	chmod +x "$r/etc/init.d/rc"
}

# root NAME: a guest root: a copy of the template, with its own marker
# and web page.
root() {
	template
	mkdir -p "$T/root"
	r=$T/root/$1
	cp -a "$T/template" "$r"
	echo "root of $1" >"$r/marker"
	echo "page of $1" >"$r/www/index.html"
}

# guest NAME XID ADDRESS: a configured guest with its root, on $dev.
guest() {
	c=$VSERVER_CONFDIR/$1
	mkdir -p "$c/interfaces/0" "$c/uts" "$c/apps/init"
	echo "$2" >"$c/context"
	echo "$3" >"$c/interfaces/0/ip"
	echo "$mask" >"$c/interfaces/0/prefix"
	echo "$dev" >"$c/interfaces/0/dev"
	echo "$1-node" >"$c/uts/nodename"
	echo sysv >"$c/apps/init/style"
	echo "$T/root/$1" >"$c/vdir"
	root "$1"
	guests="$guests $1"
	xids="$xids $2"
}

# has_address A: A is on the suite's interface.
has_address() {
	ip -o addr show dev "$dev" | grep -q " $1/"
}

# left_nothing XID ADDRESS: no context XID, ADDRESS not on the interface.
left_nothing() {
	! vserver-info "$1" RUNNING && ! vattribute --xid "$1" --get >/dev/null 2>&1 &&
		! vserver-stat | grep -q "^$1 " && ! has_address "$2"
}

# debian_disks FILE DIR WHAT: the suites of real Debian guests.  The
# Debian disk tests/run makes (/dev/vdb) read-only at $SRC, where FILE
# must be, else the suite skips WHAT, and the VM's ext4 disk with project
# quota at $D, with an empty DIR there for the guests' roots: $R.
SRC=/mnt/vsdebian
D=/mnt/vsdeb
debian_disks() {
	if [ ! -b /dev/vdb ] || ! mkdir -p "$SRC" || ! mount -o ro /dev/vdb "$SRC" 2>/dev/null ||
		[ ! -s "$SRC/$1" ]; then
		echo "ok 1 - $3 # SKIP no $1 on a Debian disk /dev/vdb (tests/run makes one with debootstrap; see its log)"
		echo "1..1"
		exit 0
	fi
	mounted="$SRC"
	mkdir -p "$D"
	run mount -o prjquota /dev/vda "$D"
	[ "$rc" -eq 0 ] && mounted="$D $mounted" && rm -rf "${D:?}/$2" && mkdir -p "$D/$2"
	result "the VM's ext4 disk is mounted for the guests' roots"
	[ "$rc" -eq 0 ] || { finish; exit; }
	R=$D/$2
}

# refused DESC FILE TEXT: the last run was refused as an invalid
# configuration (exit 6) naming FILE, with TEXT.
refused() {
	[ "$rc" -eq 6 ] && err_has "$2" && err_has "$3" && left_nothing 710 10.77.0.10
	result "$1"
}

suite_dev vsc0
ip addr add "10.77.0.1/$mask" dev "$dev"
mkdir -p "$VSERVER_CONFDIR/.defaults"
