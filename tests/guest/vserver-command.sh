#!/bin/sh
# vserver-command.sh: the vserver command (start, stop, restart, status,
# running, exec, suexec, enter, delete, build -m skeleton) on guests
# configured in a scratch configuration directory, and its refusals of
# invalid configurations; a guest's fstab, mounted in its own mount
# namespace, and the symbolic link attack on it (row 32).  Runs as root
# in the host context of the test VM (busybox sh), with the tools and
# /usr/sbin/vserver installed; prints TAP.  vserver-boot.sh has the rest:
# the lock, hooks, legacy guests, init.d/vservers and reboot from inside.
#
# A refused or failed start must leave nothing behind: no context (in
# vserver-stat or to vattribute) and no address on the interface.
# test VM: 2

# shellcheck disable=SC2034 # _vserver.sh reads it
SUITE=vserver-command
. "$(dirname "$0")/_vserver.sh"

# --- Usage ------------------------------------------------------------------

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
# /proc in the guest, for its uptime.
echo "none /proc proc defaults 0 0" >"$VSERVER_CONFDIR/g1/fstab"

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

run showattr -d "$T/root"
[ "$rc" -eq 0 ] && out_has "^B--- $T/root\$"
result "start: the chroot barrier is on the directory of the guests' roots"

# The host has been up since the VM booted, long before this start.
# vserver makes the guest's time namespace with an unshare that has
# --boottime (util-linux, which the test VM carries; busybox's has none).
if bash -c 'unshare --help' 2>&1 | grep -q -e --boottime; then
	run vserver g1 exec cat /proc/uptime
	host_up=$(cut -d. -f1 /proc/uptime)
	guest_up=$(cut -d. -f1 "$T/out")
	[ "$rc" -eq 0 ] && [ -n "$guest_up" ] && [ "$guest_up" -lt "$host_up" ]
	result "E43: exec: the guest's uptime counts from its start ($guest_up s, the host's $host_up s)"
	# A process's start time (field 22 of its stat, in USER_HZ ticks,
	# 100 on x86) counts from the guest's start too: a process started
	# now started at about the guest's uptime, not the host's.
	run vserver g1 exec sh -c 'read up rest </proc/uptime; set -- $(cat /proc/self/stat); echo "${up%.*} ${22}"'
	read -r guest_up started <"$T/out"
	[ "$rc" -eq 0 ] && [ -n "$started" ] && [ $((started / 100)) -le $((guest_up + 1)) ] &&
		[ $((guest_up + 1)) -lt "$host_up" ]
	result "exec: a guest's process started at the guest's uptime ($((started / 100)) s of $guest_up s), not the host's"
else
	n=$((n + 1))
	echo "ok $n - E43: exec: the guest's uptime # SKIP unshare has no --boottime"
	n=$((n + 1))
	echo "ok $n - exec: a guest's process start time # SKIP unshare has no --boottime"
fi

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

# --- Examples E11, E12, E41 and E42 of the Linux-VServer paper -------------
# (E43 is the uptime above, E44 and E45 are in vprocunhide.sh.)

# E11, resource limits from bash: root in the guest lowers the limits of
# its shell, which then holds no more files; without CAP_SYS_RESOURCE it
# cannot raise the hard limit again.
run vserver g1 exec sh -c 'ulimit -n 32 && ulimit -S -n 16 && ulimit -n && { (exec 20</dev/null) 2>/dev/null && echo opened-20; ulimit -H -n 64; }'
[ "$rc" -ne 0 ] && [ "$(out)" = 16 ] && ! vserver-info 701 BCAPS | grep -q CAP_SYS_RESOURCE
result "E11: ulimit in the guest: 16 files, no descriptor 20, the hard limit not raised again"

# E12, a CPU time limit: a busy loop under a soft limit of a second gets
# SIGXCPU (128 + 24) after a second of CPU (at the hard limit it would be
# SIGKILL: "ulimit -t" sets both); the guest runs on.
run vserver g1 exec sh -c 'ulimit -S -t 1; while :; do :; done'
[ "$rc" -eq 152 ] && vserver g1 running
result "E12: ulimit -S -t 1 in the guest: the busy loop ends on SIGXCPU (exit $rc), the guest runs on"

# E41, context accounting: the host reads in /proc/virtual/701 what the
# guest holds: its processes (as many as vps and vserver-stat show) and
# its sockets (httpd listens).
procs=$(vps ax | awk '$2 == 701' | wc -l)
counted=$(awk '$1 == "PROC:" { print $2 }' /proc/virtual/701/limit)
qty=$(vserver-stat | awk '$1 == 701 { print $2 }')
inet=$(awk '$1 == "INET:" || $1 == "INET6:" { n += $2 } END { print n + 0 }' /proc/virtual/701/cacct)
[ "$procs" -ge 2 ] && [ "$counted" = "$procs" ] && [ "$qty" = "$procs" ] && [ "$inet" -ge 1 ]
result "E41: /proc/virtual/701 counts the guest's $counted processes (vps $procs, vserver-stat $qty) and $inet IP socket(s)"

# E42, context limits: the host lowers the guest's task limit to what it
# runs: a task that enters is counted past it, but nothing forks in the
# guest; the hit is counted, the host forks on, and raising the limit
# again lets the guest fork.
hits=$(awk '$1 == "PROC:" { print $6 }' /proc/virtual/701/limit)
run vlimit --xid 701 --nproc "$counted"
run vserver g1 exec sh -c 'sleep 0 & wait $!'
rc_limited=$rc
hits_after=$(awk '$1 == "PROC:" { print $6 }' /proc/virtual/701/limit)
sh -c 'sleep 0 & wait $!'
host_rc=$?
vlimit --xid 701 --nproc 200 >/dev/null
run vserver g1 exec sh -c 'sleep 0 & wait $!'
[ "$rc_limited" -ne 0 ] && [ "$hits_after" -gt "$hits" ] && [ "$host_rc" -eq 0 ] && [ "$rc" -eq 0 ]
result "E42: vlimit --nproc $counted on the running guest: its fork is refused (hits $hits -> $hits_after), the host forks; 200 again: it forks"

run vserver g1 exec cat /marker
[ "$rc" -eq 0 ] && [ "$(out)" = "root of g1" ]
result "exec runs in the guest's root"

run vserver g1 exec hostname
[ "$rc" -eq 0 ] && [ "$(out)" = "g1-node" ] && [ "$(hostname)" != g1-node ]
result "exec: the guest's node name (uts/nodename), not the host's"

run vserver g1 exec sh -c 'hostname renamed && hostname'
[ "$rc" -eq 0 ] && [ "$(out)" = renamed ] && [ "$(hostname)" != renamed ]
result "exec: set_utsname lets guest root rename its own UTS namespace only"

run vuname --xid 701 --get -t context
[ "$rc" -eq 0 ] && [ "$(out)" = g1 ]
result "start: the context is named after the guest (vuname)"

run vuname --xid 701 -t nodename=vnamed
[ "$rc" -eq 0 ] && [ "$(vserver g1 exec hostname)" = vnamed ] && [ "$(hostname)" != vnamed ]
result "vuname on the host renames the running guest, and exec joins its names"

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
xids="$xids 720"
run vserver sk start
[ "$rc" -eq 0 ] && vserver sk running && [ "$(vserver sk exec /bin/sh -c 'read -r h </etc/hostname; echo "$h"')" = sk-node ]
result "the skeleton guest starts"
run vserver sk stop
[ "$rc" -eq 0 ] && left_nothing 720 10.77.0.20
result "and stops"

run vserver sk build -m skeleton --context 721 --rootdir "$T/root"
[ "$rc" -eq 1 ] && err_has "exists already"
result "build refuses an existing guest"

# The guest's fstab: mounted in its own mount namespace, inside its root;
# exec, suexec and stop join that namespace; the host sees none of it.
guest fs1 723 10.77.0.23
mkdir -p "$T/root/fs1/srv" "$T/root/fs1/home/bob"
printf '%s\n' 'none /proc proc defaults 0 0' 'none /srv tmpfs size=1m,mode=1777 0 0' \
	>"$VSERVER_CONFDIR/fs1/fstab"
echo 'bob:x:1001:1002::/home/bob:/bin/sh' >>"$T/root/fs1/etc/passwd"
run vserver fs1 suexec bob id -u
[ "$rc" -eq 1 ] && err_has "not running: start it first"
result "suexec: refused while the guest is stopped"
run vserver fs1 start
[ "$rc" -eq 0 ] && vserver fs1 running
result "fstab: the guest with an fstab starts"
run vserver fs1 exec sh -c 'grep " /srv tmpfs " /proc/mounts && echo hi >/srv/f && cat /srv/f'
[ "$rc" -eq 0 ] && out_has '^hi$' && [ ! -e "$T/root/fs1/srv/f" ]
result "fstab: exec sees the tmpfs on /srv (and proc); its file is not in the host's tree"
! grep -q " $T/root/fs1/srv " /proc/self/mountinfo &&
	! grep -q " $T/root/fs1/proc " /proc/self/mountinfo
result "fstab: the guest's mounts are not in the host's mount namespace"
run vserver fs1 suexec bob sh -c 'echo "$(id -u) $(id -g) $HOME"; cat /srv/f'
[ "$rc" -eq 0 ] && [ "$(out)" = "1001 1002 /home/bob
hi" ]
result "suexec bob: id -u is 1001 (gid 1002, HOME), in the guest's namespace"
run vserver fs1 suexec 0 id -u
[ "$rc" -eq 0 ] && [ "$(out)" = 0 ]
result "suexec 0: root of the guest"
run vserver fs1 suexec nobody2 id -u
[ "$rc" -ne 0 ] && err_has "no user nobody2 in /etc/passwd"
result "suexec: a user the guest does not have is refused"
run vserver fs1 delete --silent
[ "$rc" -eq 1 ] && err_has "stop it first" && [ -d "$T/root/fs1/bin" ] &&
	[ -d "$VSERVER_CONFDIR/fs1" ] && vserver fs1 running
result "delete: refused while the guest runs, nothing deleted"
run vserver fs1 stop
[ "$rc" -eq 0 ] && left_nothing 723 10.77.0.23 &&
	! grep -q " $T/root/fs1/" /proc/self/mountinfo
result "fstab: stop leaves no context, no address, no mount"
run vserver fs1 delete </dev/null
[ "$rc" -eq 1 ] && err_has "give --silent" && [ -d "$T/root/fs1/bin" ]
result "delete: without a terminal and without --silent: refused, nothing deleted"
ln -s / "$T/root/fs1/hostroot"
run vserver fs1 delete --silent
[ "$rc" -eq 0 ] && [ ! -e "$T/root/fs1" ] && [ ! -e "$VSERVER_CONFDIR/fs1" ] && [ -d /bin ] && [ -x /bin/busybox ]
result "delete --silent: root and configuration removed; a link in it to / was not followed"
run vserver fs1 status
[ "$rc" -eq 5 ]
result "delete: the guest is no longer configured (status: 5)"

# Row 32: the guest replaced its /var/run by a link to /; its fstab
# mounts a tmpfs there: the start is refused, and the host's / stays.
guest sl 724 10.77.0.24
run vserver sl start
[ "$rc" -eq 0 ]
result "row 32: the guest sl starts without an fstab"
run vserver sl exec sh -c 'mkdir -p /var && rm -rf /var/run && ln -s / /var/run'
[ "$rc" -eq 0 ] && [ "$(readlink "$T/root/sl/var/run")" = / ]
result "row 32: the guest plants /var/run -> /"
run vserver sl stop
printf '%s\n' 'none /var/run tmpfs size=1m 0 0' >"$VSERVER_CONFDIR/sl/fstab"
roots=$(awk '$5 == "/"' /proc/self/mountinfo | wc -l)
run vserver sl start
[ "$rc" -eq 1 ] && err_has "mounting the file systems of $VSERVER_CONFDIR/sl/fstab" &&
	err_has "symbolic link" && left_nothing 724 10.77.0.24 &&
	[ "$(awk '$5 == "/"' /proc/self/mountinfo | wc -l)" = "$roots" ] &&
	[ -x /bin/busybox ] && [ -d "$T/root/sl/bin" ]
result "row 32: the start is refused and rolled back; the host's / is not mounted over"
rm "$VSERVER_CONFDIR/sl/fstab"

finish
