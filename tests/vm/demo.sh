#!/bin/sh
# shellcheck disable=SC3043  # busybox ash has local
# demo.sh: what tests/demo shows inside the VM (busybox sh, run by /init).
#
# Builds two guests in /etc/vservers (web1 and web2, each a busybox tree
# with a web server, on its own address of a dummy interface), starts
# them with `vserver NAME start`, lists them with vserver-stat, asks each
# for its page from the host, and looks at the system from inside one.
# With VS_INTERACTIVE=1 (qemu on a terminal) it then opens a shell on the
# host of the VM; `poweroff` (or exit) leaves the VM.  A tool that is not
# built yet is reported, never fatal.

DEV=vsd0
NET=10.0.2
GUESTS="web1:101 web2:102"

banner() { printf '\n=== %s\n' "$*"; }

# show CMD...: print the command, then run it.
show() {
	printf '# %s\n' "$*"
	"$@" || echo "(exit status $?)"
}

# need TOOL...: true when every TOOL is installed, else say which are missing.
need() {
	local tool missing=
	for tool in "$@"; do
		command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
	done
	[ -z "$missing" ] && return 0
	echo "(missing:$missing - util-vserver is not built or does not install it yet)"
	return 1
}

show_host() {
	banner "kernel"
	uname -a
	banner "vserver-info - APIVER  (the vserver(2) API this kernel speaks)"
	need vserver-info && vserver-info - APIVER
}

# populate ROOT NAME: busybox and its applets, and a sysv rc that starts a
# web server with NAME's page ("rc 3") and stops it ("rc 6").
populate() {
	local root="$1" name="$2" applet
	mkdir -p "$root/bin" "$root/etc/init.d" "$root/www"
	cp /bin/busybox "$root/bin/busybox"
	for applet in $(busybox --list); do
		[ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
	done
	echo "Hello from $name, a Linux-VServer guest" >"$root/www/index.html"
	cat >"$root/etc/init.d/rc" <<'EOF'
#!/bin/sh
case $1 in
3) httpd -p 80 -h /www && echo "rc: httpd on port 80" ;;
6) killall httpd ;;
esac
EOF
	chmod +x "$root/etc/init.d/rc"
}

build_guests() {
	local entry name xid
	banner "two guests in /etc/vservers, each with its address on $DEV"
	need vserver vserver-stat || return 1
	ip link add "$DEV" type dummy && ip link set "$DEV" up
	ip addr add "$NET.1/24" dev "$DEV"
	# The guests' roots, on a tmpfs (the barrier needs extended attributes).
	mkdir -p /vservers && mount -t tmpfs -o mode=0755 vservers /vservers
	for entry in $GUESTS; do
		name=${entry%:*}
		xid=${entry#*:}
		show vserver "$name" build -m skeleton --context "$xid" \
			--interface "$DEV:$NET.$xid/24" --hostname "$name" || return 1
		populate "/vservers/$name" "$name"
	done
	show ls /etc/vservers/web1
}

start_guests() {
	local entry name xid
	banner "vserver NAME start"
	for entry in $GUESTS; do
		show vserver "${entry%:*}" start
	done
	banner "vserver-stat  (the running guests)"
	show vserver-stat
	banner "the web server of each guest, asked from the host"
	for entry in $GUESTS; do
		name=${entry%:*}
		xid=${entry#*:}
		show wget -q -O- "http://$NET.$xid/"
	done
	banner "inside web1: only its own processes and its own address"
	show vserver web1 exec ps
	show vserver web1 exec ip -o addr show
	show vserver web1 exec hostname
	banner "web1's root cannot take web2's address"
	show vserver web1 exec httpd -p "$NET.102:8080"
}

interactive_shell() {
	banner "interactive shell on the host of the VM; 'poweroff' leaves it"
	echo "try: vserver-stat; vserver web1 enter; vserver web2 stop;"
	echo "     wget -q -O- http://$NET.102/; cat /proc/virtual/101/status"
	# cttyhack makes the serial line our controlling tty (job control, Ctrl-C).
	setsid cttyhack sh -l
}

show_host
build_guests && start_guests
echo
echo "VSDEMO done"
if [ "${VS_INTERACTIVE:-0}" = 1 ]; then
	interactive_shell
fi
