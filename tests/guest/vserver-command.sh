#!/bin/sh
# vserver-command.sh: the vserver command (start, stop, restart, status,
# running, exec, enter, build -m skeleton) on guests configured in a
# scratch configuration directory ($VSERVER_CONFDIR), and its refusals of
# invalid configurations; its lock, hook scripts and legacy NAME.conf
# guests; init.d/vservers; a reboot and a halt inside a guest, through
# the vshelper (kernel.vshelper is set for that and restored).  Runs as root in the host context of the test
# VM (busybox sh), with the tools and /usr/sbin/vserver installed; prints
# TAP.
#
# This suite owns xids 700-799 and the addresses 10.77.0.0/24, put on a
# dummy interface vsc0 (CONFIG_DUMMY), or on lo without it.  Its guests
# are busybox trees in tmpfs: a copy of /bin/busybox and its applet links.
# A refused or failed start must leave nothing behind: no context (in
# vserver-stat or to vattribute) and no address on the interface.

PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
export PATH

T=$(mktemp -d /tmp/vserver-command.XXXXXX) || exit 1
VSERVER_CONFDIR=$T/etc
export VSERVER_CONFDIR
dev=
guests=

. "$(dirname "$0")/_tap.sh"

cleanup() {
	[ -z "${vshelper_set:-}" ] || echo "$old_vshelper" >/proc/sys/kernel/vshelper
	for g in $guests; do
		vserver "$g" stop >/dev/null 2>&1
	done
	for x in 701 702 703 704 705 706 707 708 709 710 711 712 720; do
		vattribute --xid "$x" --flag ~persistent >/dev/null 2>&1
		vkill --xid "$x" -s KILL >/dev/null 2>&1
	done
	if [ "$dev" = vsc0 ]; then
		ip link del vsc0 2>/dev/null
	elif [ "$dev" = lo ]; then
		for a in 2 3 4 5 6 7 8 9 10 11 12 20; do
			ip addr del "10.77.0.$a/32" dev lo 2>/dev/null
		done
	fi
	rm -rf "$T"
}
trap cleanup EXIT

# root NAME: a guest root with busybox, its applets in /bin, an rc script.
root() {
	r=$T/root/$1
	mkdir -p "$r/bin" "$r/sbin" "$r/etc/init.d" "$r/proc" "$r/tmp" "$r/www" "$r/dev"
	cp /bin/busybox "$r/bin/busybox"
	for applet in $(busybox --list); do
		[ -e "$r/bin/$applet" ] || ln -s busybox "$r/bin/$applet"
	done
	mknod -m 666 "$r/dev/null" c 1 3
	echo "root of $1" >"$r/marker"
	echo "page of $1" >"$r/www/index.html"
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

# refused DESC FILE TEXT: the last run was refused as an invalid
# configuration (exit 6) naming FILE, with TEXT.
refused() {
	[ "$rc" -eq 6 ] && err_has "$2" && err_has "$3" && left_nothing 710 10.77.0.10
	result "$1"
}

# --- Setup ------------------------------------------------------------------

suite_dev vsc0
ip addr add "10.77.0.1/$mask" dev "$dev"
mkdir -p "$VSERVER_CONFDIR/.defaults"

run vserver --help
[ "$rc" -eq 0 ] && out_has '^Usage:' && out_has 'vserver-config(5)'
result "vserver --help prints the usage"

run vserver nosuch start
[ "$rc" -eq 5 ] && err_has "$VSERVER_CONFDIR/nosuch does not exist"
result "vserver on a guest that is not configured: exit 5, names the directory"

# --- A sysv guest: start, status, exec, enter, stop ---------------------------

guest g1 701 10.77.0.2
echo CAP_NET_RAW >"$VSERVER_CONFDIR/g1/bcapabilities"
echo set_utsname >"$VSERVER_CONFDIR/g1/ccapabilities"
mkdir -p "$VSERVER_CONFDIR/g1/rlimits"
echo 200 >"$VSERVER_CONFDIR/g1/rlimits/nproc"

run vserver g1 bogus
[ "$rc" -eq 2 ] && err_has "unknown command"
result "vserver NAME bogus: a usage error (exit 2)"

run vserver g1 status
[ "$rc" -eq 3 ] && out_has "stopped"
result "status of a stopped guest: exit 3"

run vserver g1 running
[ "$rc" -eq 3 ]
result "running of a stopped guest: exit 3"

run vserver g1 exec true
[ "$rc" -eq 1 ] && err_has "not running"
result "exec in a stopped guest is refused"

run vserver g1 start
[ "$rc" -eq 0 ] && out_has "rc: runlevel 3" && err_has "started in context 701"
result "start: the guest's rc 3 runs, the guest runs in context 701"

run vserver g1 running
[ "$rc" -eq 0 ]
result "running: exit 0"

run vserver g1 status
[ "$rc" -eq 0 ] && out_has "running at context '701'"
result "status: running at context 701"

run vserver-stat
out_has '^701 '
result "vserver-stat lists context 701"

run ip -o addr show dev "$dev"
out_has " 10.77.0.2/$mask"
result "start put 10.77.0.2/$mask on $dev"

run vserver-info 701 BCAPS
[ "$rc" -eq 0 ] && out_has CAP_NET_RAW && out_has CAP_SYS_CHROOT && ! out_has CAP_MKNOD &&
	! out_has CAP_SYS_ADMIN
result "the bound is the secure set plus bcapabilities (CAP_NET_RAW)"

run vattribute --xid 701 --get
[ "$rc" -eq 0 ] && out_has '^ccaps: set_utsname$' && ! out_has state_setup &&
	! out_has persistent
result "ccapabilities set, setup ended, not persistent"

run vlimit --xid 701 --all
[ "$rc" -eq 0 ] && out_has '^nproc  *-  *-  *200$'
result "rlimits/nproc: the guest's context is limited to 200 tasks"

run vserver g1 exec cat /marker
[ "$rc" -eq 0 ] && [ "$(out)" = "root of g1" ]
result "exec runs in the guest's root"

run vserver g1 exec hostname
[ "$rc" -eq 0 ] && [ "$(out)" = "g1-node" ] && [ "$(hostname)" != g1-node ]
result "exec: the guest's node name (uts/nodename), not the host's"

run vserver g1 exec sh -c 'hostname renamed && hostname'
[ "$rc" -eq 0 ] && [ "$(out)" = renamed ] && [ "$(hostname)" != renamed ]
result "exec: set_utsname lets guest root rename its own UTS namespace only"

run vserver g1 exec mknod /tmp/node c 1 3
[ "$rc" -ne 0 ] && [ ! -e "$T/root/g1/tmp/node" ]
result "exec: mknod (outside the bound) fails in the guest"

run vserver g1 status
procs=$(sed -n "s/.* with \([0-9]*\) processes$/\1/p" "$T/out")
[ "$rc" -eq 0 ] && [ "${procs:-0}" -ge 2 ]
result "status counts the web server and the sleeper rc 3 started"

run timeout 10 wget -q -O- http://10.77.0.2/
[ "$rc" -eq 0 ] && [ "$(out)" = "page of g1" ]
result "the guest's web server answers on 10.77.0.2"

run timeout 2 busybox httpd -f -p 10.77.0.2:80 -h "$T"
[ "$rc" -eq 1 ]
result "the host cannot take the guest's port 80 (it is the guest's)"

run sh -c 'printf "cat /etc/hostname 2>/dev/null; cat /marker; exit 7\n" | vserver g1 enter'
[ "$rc" -eq 7 ] && out_has "root of g1"
result "enter: a shell in the guest, its exit status"

run vserver g1 start
[ "$rc" -eq 0 ] && err_has "already running"
result "start of a running guest: exit 0, says so"

run vserver g1 stop
[ "$rc" -eq 0 ] && err_has "rc: runlevel 6" && err_has "stopped"
result "stop: the guest's rc 6 runs, the guest stops"

left_nothing 701 10.77.0.2
result "stop left no context 701 and no address 10.77.0.2"

run vserver g1 stop
[ "$rc" -eq 0 ] && err_has "not running"
result "stop of a stopped guest: exit 0"

# --- restart; a stop that has to kill -------------------------------------------

run vserver g1 start
[ "$rc" -eq 0 ]
result "start again"

run vserver g1 restart
[ "$rc" -eq 0 ] && err_has "stopped" && err_has "started in context 701" &&
	vserver g1 running
result "restart: stopped, started, running"

# A shutdown that leaves a process that ignores TERM: killed in the end.
printf '%s\n' /bin/true >"$VSERVER_CONFDIR/g1/apps/init/cmd.stop"
echo 2 >"$VSERVER_CONFDIR/g1/apps/init/stop-timeout"
vserver g1 exec sh -c 'trap "" TERM; sleep 100000 </dev/null >/dev/null 2>&1 &' </dev/null >/dev/null 2>&1
run vserver g1 stop
[ "$rc" -eq 0 ] && err_has "sending TERM" && left_nothing 701 10.77.0.2
result "stop: after the bounded wait, what is left is killed (TERM, KILL)"
rm -f "$VSERVER_CONFDIR/g1/apps/init/cmd.stop" "$VSERVER_CONFDIR/g1/apps/init/stop-timeout"

# --- A plain guest: its init runs on as the context's init -----------------------

guest g2 702 10.77.0.3
echo plain >"$VSERVER_CONFDIR/g2/apps/init/style"
cat >"$T/root/g2/sbin/init" <<'EOF'
#!/bin/sh
trap 'echo "init: INT" >/tmp/init.log; exit 0' INT
echo "init: started" >/tmp/init.log
while :; do sleep 1; done
EOF
chmod +x "$T/root/g2/sbin/init"

run vserver g2 start
[ "$rc" -eq 0 ] && vserver g2 running && [ "$(cat "$T/root/g2/tmp/init.log")" = "init: started" ]
result "plain: start runs /sbin/init in the background"

run vserver-info 702 INITPID
[ "$rc" -eq 0 ] && [ -n "$(out)" ]
result "plain: /sbin/init is the context's init"

run vserver g2 stop
[ "$rc" -eq 0 ] && [ "$(cat "$T/root/g2/tmp/init.log")" = "init: INT" ] && left_nothing 702 10.77.0.3
result "plain: stop sends SIGINT to the init, nothing is left"

# --- Invalid configurations: refused before anything changes -------------------

guest bad 710 10.77.0.10
cfg=$VSERVER_CONFDIR/bad

run vserver bad check
[ "$rc" -eq 0 ] && err_has "valid"
result "check: the guest 'bad' is valid as written"

printf 'CAP_NET_RAW\nCAP_BOGUS\n' >"$cfg/bcapabilities"
run vserver bad start
refused "unknown capability: refused, names bcapabilities:2" "$cfg/bcapabilities:2" "CAP_BOGUS"
rm "$cfg/bcapabilities"

echo bogus_ccap >"$cfg/ccapabilities"
run vserver bad start
refused "unknown context capability: refused, names ccapabilities" "$cfg/ccapabilities:1" "bogus_ccap"
rm "$cfg/ccapabilities"

echo lock,bogus_flag >"$cfg/flags"
run vserver bad start
refused "unknown context flag: refused, names flags" "$cfg/flags:1" "bogus_flag"
rm "$cfg/flags"

echo 10.77.0.300 >"$cfg/interfaces/0/ip"
run vserver bad start
refused "bad address: refused, names interfaces/0/ip" "$cfg/interfaces/0/ip" "10.77.0.300"

echo 10.77.0.10 >"$cfg/interfaces/0/ip"
echo 40 >"$cfg/interfaces/0/prefix"
run vserver bad start
refused "bad prefix: refused, names interfaces/0/prefix" "$cfg/interfaces/0/prefix" "/40"
echo "$mask" >"$cfg/interfaces/0/prefix"

echo nosuchdev0 >"$cfg/interfaces/0/dev"
run vserver bad start
refused "unknown device: refused, names interfaces/0/dev" "$cfg/interfaces/0/dev" "nosuchdev0"
echo "$dev" >"$cfg/interfaces/0/dev"

echo 701 >"$cfg/context"
run vserver bad start
refused "duplicate context id: refused, names both guests" "$cfg/context" "guest g1"
echo 99999 >"$cfg/context"
run vserver bad start
refused "context id out of range: refused, names context" "$cfg/context" "99999"
echo 710 >"$cfg/context"

echo 10.77.0.2 >"$cfg/interfaces/0/ip"
run vserver bad start
[ "$rc" -eq 6 ] && err_has "$cfg/interfaces/0/ip" && err_has "guest g1" &&
	left_nothing 710 10.77.0.10 && ! has_address 10.77.0.2
result "duplicate address: refused, names both guests"
echo 10.77.0.10 >"$cfg/interfaces/0/ip"

echo "$T/root/nosuch" >"$cfg/vdir"
run vserver bad start
refused "missing root directory: refused, names vdir" "$cfg/vdir" "$T/root/nosuch does not exist"
echo "$T/root/bad" >"$cfg/vdir"

echo upstart >"$cfg/apps/init/style"
run vserver bad start
refused "unknown init style: refused, names apps/init/style" "$cfg/apps/init/style" "upstart"
echo sysv >"$cfg/apps/init/style"

ip addr add "10.77.0.10/$mask" dev "$dev"
run vserver bad start
[ "$rc" -eq 6 ] && err_has "already on $dev" && has_address 10.77.0.10 &&
	! vattribute --xid 710 --get >/dev/null 2>&1
result "an address already on the device: refused, the address is left as it was"
ip addr del "10.77.0.10/$mask" dev "$dev"

run vserver bad start
[ "$rc" -eq 0 ] && vserver bad running
result "corrected, the guest 'bad' starts"
run vserver bad stop
[ "$rc" -eq 0 ] && left_nothing 710 10.77.0.10
result "and stops"

# --- Starts that fail half-way roll back ------------------------------------------

guest half 711 10.77.0.11
echo /bin/nonexistent >"$VSERVER_CONFDIR/half/apps/init/cmd.start"
run vserver half start
[ "$rc" -eq 1 ] && err_has "start failed: the init command /bin/nonexistent" &&
	err_has "apps/init/cmd.start" && err_has "exit status 127" &&
	left_nothing 711 10.77.0.11
result "init command missing: start fails, names it, rolls back (no context, no address)"

printf '%s\n' /bin/sh -c 'sleep 100000 </dev/null >/dev/null 2>&1 & echo broken >&2; exit 4' \
	>"$VSERVER_CONFDIR/half/apps/init/cmd.start"
run vserver half start
[ "$rc" -eq 1 ] && err_has "exit status 4" && err_has broken &&
	left_nothing 711 10.77.0.11
result "init fails after starting a daemon: the daemon is killed, nothing is left"

guest plainbad 712 10.77.0.12
echo plain >"$VSERVER_CONFDIR/plainbad/apps/init/style"
run vserver plainbad start
[ "$rc" -eq 1 ] && err_has "/sbin/init" && left_nothing 712 10.77.0.12
result "plain init missing: start fails, rolls back"

# --- build -m skeleton ---------------------------------------------------------

run vserver sk build -m skeleton --context 720 --hostname sk-node \
	--interface "$dev:10.77.0.20/$mask" --rootdir "$T/root"
[ "$rc" -eq 0 ] && [ "$(cat "$VSERVER_CONFDIR/sk/context")" = 720 ] &&
	[ "$(cat "$VSERVER_CONFDIR/sk/interfaces/0/ip")" = 10.77.0.20 ] &&
	[ -d "$T/root/sk/etc" ] && [ -c "$T/root/sk/dev/null" ]
result "build -m skeleton: the configuration and a root tree"

cp /bin/busybox "$T/root/sk/bin/busybox"
ln -s busybox "$T/root/sk/bin/sh"
ln -s busybox "$T/root/sk/bin/sleep"
printf '%s\n' /bin/sh -c 'sleep 100000 </dev/null >/dev/null 2>&1 &' \
	>"$VSERVER_CONFDIR/sk/apps/init/cmd.start"
guests="$guests sk"
run vserver sk start
[ "$rc" -eq 0 ] && vserver sk running && [ "$(vserver sk exec /bin/sh -c 'read -r h </etc/hostname; echo "$h"')" = sk-node ]
result "the skeleton guest starts"
run vserver sk stop
[ "$rc" -eq 0 ] && left_nothing 720 10.77.0.20
result "and stops"

run vserver sk build -m skeleton --context 721 --rootdir "$T/root"
[ "$rc" -eq 1 ] && err_has "exists already"
result "build refuses an existing guest"

# --- The lock, hooks, a legacy guest, boot-time start, reboot from inside ---------

# The lock: a second start while the first one runs is refused.
guest lk 704 10.77.0.4
printf '%s\n' /bin/sh -c 'sleep 3; sleep 100000 </dev/null >/dev/null 2>&1 &' \
	>"$VSERVER_CONFDIR/lk/apps/init/cmd.start"
vserver lk start >"$T/lk.out" 2>&1 &
lkpid=$!
sleep 1
run vserver lk start
[ "$rc" -eq 1 ] && err_has "busy: another start or stop of this guest is under way"
result "lock: a second start of a guest while the first runs is refused"
wait "$lkpid"
lkrc=$?
[ "$lkrc" -eq 0 ] && vserver lk running
result "lock: the first start goes on, the guest runs"
run vserver lk stop
[ "$rc" -eq 0 ] && left_nothing 704 10.77.0.4
result "lock: free again after the start (its init does not hold it): stop works"

# Hooks: pre-start runs once the address is up; when it fails, nothing is
# left.  post-start sees the guest run, post-stop sees it gone.
guest hk 705 10.77.0.5
mkdir -p "$VSERVER_CONFDIR/hk/scripts"
cat >"$VSERVER_CONFDIR/hk/scripts/pre-start" <<EOF
#!/bin/sh
ip -o addr show | grep -q " 10.77.0.5/" && echo "\$1 \$2 address up" >"$T/hk.log"
exit 3
EOF
chmod +x "$VSERVER_CONFDIR/hk/scripts/pre-start"
run vserver hk start
[ "$rc" -eq 1 ] && err_has "start failed: the pre-start script $VSERVER_CONFDIR/hk/scripts/pre-start: exit status 3" &&
	[ "$(cat "$T/hk.log" 2>/dev/null)" = "pre-start hk address up" ] && left_nothing 705 10.77.0.5
result "hooks: a failing pre-start stops the start, names the script, leaves nothing"
rm "$VSERVER_CONFDIR/hk/scripts/pre-start"
for t in post-start post-stop; do
	cat >"$VSERVER_CONFDIR/hk/scripts/$t" <<EOF
#!/bin/sh
if vserver-info "\$VSERVER_XID" RUNNING; then s=running; else s=gone; fi
echo "\$1 \$2 \$VSERVER_XID \$s" >>"$T/hk.log"
EOF
	chmod +x "$VSERVER_CONFDIR/hk/scripts/$t"
done
: >"$T/hk.log"
run vserver hk start
[ "$rc" -eq 0 ] && [ "$(cat "$T/hk.log")" = "post-start hk 705 running" ]
result "hooks: post-start runs with the guest running"
run vserver hk stop
[ "$rc" -eq 0 ] && [ "$(sed -n 2p "$T/hk.log")" = "post-stop hk 705 gone" ] && left_nothing 705 10.77.0.5
result "hooks: post-stop runs once the context is gone"

# A legacy guest: /etc/vservers/NAME.conf, its root in .defaults/vdirbase.
ln -s "$T/root" "$VSERVER_CONFDIR/.defaults/vdirbase"
root l1
cat >"$VSERVER_CONFDIR/l1.conf" <<EOF
# a legacy guest
S_CONTEXT=706
IPROOT="$dev:10.77.0.6/$mask"
S_HOSTNAME=l1-node
S_FLAGS="lock"
ULIMIT="-HS -n 123"
EOF
guests="$guests l1"
run vserver l1 start
[ "$rc" -eq 0 ] && vserver l1 running && has_address 10.77.0.6
result "legacy: a NAME.conf guest starts, with its address"
run vserver l1 exec sh -c 'hostname; ulimit -n'
[ "$rc" -eq 0 ] && [ "$(out)" = "l1-node
123" ]
result "legacy: S_HOSTNAME and ULIMIT apply in the guest"
run timeout 10 wget -q -O- http://10.77.0.6/
[ "$rc" -eq 0 ] && [ "$(out)" = "page of l1" ]
result "legacy: the guest's web server answers on its IPROOT"
run vserver l1 stop
[ "$rc" -eq 0 ] && left_nothing 706 10.77.0.6
result "legacy: stop leaves nothing"
echo 'S_NICE=$(reboot)' >>"$VSERVER_CONFDIR/l1.conf"
run vserver l1 start
[ "$rc" -eq 6 ] && err_has "$VSERVER_CONFDIR/l1.conf:7:" && left_nothing 706 10.77.0.6
result "legacy: a line the shell would expand is refused with file:line, nothing done"
rm "$VSERVER_CONFDIR/l1.conf"

# Boot-time start: init.d/vservers, b2 after b1, then stop them all.
if [ -x /etc/init.d/vservers ]; then
	guest b1 707 10.77.0.7
	guest b2 708 10.77.0.8
	echo default >"$VSERVER_CONFDIR/b1/apps/init/mark"
	echo default >"$VSERVER_CONFDIR/b2/apps/init/mark"
	echo b1 >"$VSERVER_CONFDIR/b2/apps/init/depends"
	VSERVERS_DEFAULTS=$T/no-defaults
	export VSERVERS_DEFAULTS
	run /etc/init.d/vservers start
	[ "$rc" -eq 0 ] && out_has "b1: started" && out_has "b2: started" &&
		vserver b1 running && vserver b2 running
	result "init.d/vservers start: the marked guests run"
	run /etc/init.d/vservers status
	[ "$rc" -eq 0 ]
	result "init.d/vservers status: 0"
	run /etc/init.d/vservers stop
	[ "$rc" -eq 0 ] && left_nothing 707 10.77.0.7 && left_nothing 708 10.77.0.8
	result "init.d/vservers stop: every guest stopped, nothing left"
	run /etc/init.d/vservers status
	[ "$rc" -eq 3 ]
	result "init.d/vservers status after stop: 3"
else
	n=$((n + 1))
	echo "ok $n - init.d/vservers # SKIP /etc/init.d/vservers is not installed"
fi

# Reboot from inside: the kernel runs the vshelper, which restarts the
# guest (halt: stops it); the host stays up.  The loops below only guard
# against a hang (4 and 2 minutes): the restart runs detached.
if [ -w /proc/sys/kernel/vshelper ] && [ -x /usr/sbin/vshelper ]; then
	old_vshelper=$(cat /proc/sys/kernel/vshelper)
	vshelper_set=1
	cat >"$T/vshelper" <<EOF
#!/bin/sh
echo "\$*" >>"$T/vshelper.log"
VSERVER_CONFDIR=$VSERVER_CONFDIR exec /usr/sbin/vshelper "\$@"
EOF
	chmod +x "$T/vshelper"
	echo "$T/vshelper" >/proc/sys/kernel/vshelper
	guest rb 709 10.77.0.9
	echo CAP_SYS_BOOT >"$VSERVER_CONFDIR/rb/bcapabilities"
	sed -i 's|^3)|3) echo boot >>/boots;|' "$T/root/rb/etc/init.d/rc"
	run vserver rb start
	[ "$rc" -eq 0 ] && [ "$(wc -l <"$T/root/rb/boots")" -eq 1 ]
	result "reboot: the guest rb starts (boot 1)"
	run vserver rb exec reboot -f
	tries=0
	while [ $tries -lt 480 ] && ! { [ "$(wc -l <"$T/root/rb/boots")" -eq 2 ] && vserver rb running; }; do
		sleep 0.5
		tries=$((tries + 1))
	done
	[ "$(wc -l <"$T/root/rb/boots")" -eq 2 ] && vserver rb running &&
		grep -q '^restart 709$' "$T/vshelper.log"
	result "reboot -f in a guest: the vshelper restarts it (boot 2), the host stays up"
	run vserver rb exec halt -f
	wait_running 709 1 && tries=0 &&
		while [ $tries -lt 240 ] && has_address 10.77.0.9; do sleep 0.5; tries=$((tries + 1)); done &&
		left_nothing 709 10.77.0.9 && grep -q '^halt 709$' "$T/vshelper.log"
	result "halt -f in a guest: the vshelper stops it, nothing left"
	echo "$old_vshelper" >/proc/sys/kernel/vshelper
	vshelper_set=
else
	n=$((n + 1))
	echo "ok $n - reboot from inside # SKIP no kernel.vshelper sysctl or no /usr/sbin/vshelper"
fi

finish
