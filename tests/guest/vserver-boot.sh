#!/bin/sh
# vserver-boot.sh: the life of a guest around the vserver command: the
# per-guest lock, the hook scripts, a legacy NAME.conf guest,
# init.d/vservers (dependency order; twenty guests started at boot and all
# stopped), and a reboot and a halt inside a guest through the vshelper
# (kernel.vshelper is set for that and restored).  Runs as root in the
# host context of the test VM, like vserver-command.sh, whose helpers
# (_vserver.sh) it shares; prints TAP.  Twenty guests: xids 740-759,
# addresses 10.77.0.40-59.
# test VM: 2

# shellcheck disable=SC2034 # _vserver.sh reads it
SUITE=vserver-boot
. "$(dirname "$0")/_vserver.sh"

# The lock: a second start while the first one runs is refused.  The
# first start's init says so in /started, then waits on the FIFO /gate
# until the test has tried; the test holds the FIFO open read-write, so
# neither side blocks on opening it.  The loop only guards against a hang.
guest lk 704 10.77.0.4
mkfifo "$T/root/lk/gate"
exec 6<>"$T/root/lk/gate"
printf '%s\n' /bin/sh -c ': >/started; read go </gate; sleep 100000 </dev/null >/dev/null 2>&1 &' \
	>"$VSERVER_CONFDIR/lk/apps/init/cmd.start"
vserver lk start >"$T/lk.out" 2>&1 &
lkpid=$!
tries=0
while [ ! -e "$T/root/lk/started" ] && [ $tries -lt 600 ]; do
	sleep 0.2
	tries=$((tries + 1))
done
run vserver lk start
[ "$rc" -eq 1 ] && err_has "busy: another start or stop of this guest is under way"
result "lock: a second start of a guest while the first runs is refused"
echo go >&6
wait "$lkpid"
lkrc=$?
exec 6<&-
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
xids="$xids 706"
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

	# Twenty guests at boot, in parallel, and all of them stopped.
	rm "$VSERVER_CONFDIR/b1/apps/init/mark" "$VSERVER_CONFDIR/b2/apps/init/mark"
	for i in $(seq 1 20); do
		guest "f$i" $((739 + i)) "10.77.0.$((39 + i))"
		echo default >"$VSERVER_CONFDIR/f$i/apps/init/mark"
	done
	run /etc/init.d/vservers start
	up=0
	for i in $(seq 1 20); do
		vserver "f$i" running && vserver-stat | grep -q "^$((739 + i)) " &&
			up=$((up + 1))
	done
	[ "$rc" -eq 0 ] && [ "$up" -eq 20 ]
	result "init.d/vservers start: 20 guests run ($up in vserver-stat)"
	run /etc/init.d/vservers stop
	left=0
	for i in $(seq 1 20); do
		left_nothing $((739 + i)) "10.77.0.$((39 + i))" || left=$((left + 1))
	done
	[ "$rc" -eq 0 ] && [ "$left" -eq 0 ]
	result "init.d/vservers stop: all 20 stopped, nothing left ($left left)"
	for i in $(seq 1 20); do
		rm -rf "${T:?}/root/f$i"
	done
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
	# The test VM has both: their absence is a failure, not a skip.
	false
	result "reboot from inside: kernel.vshelper is writable and /usr/sbin/vshelper installed"
fi

finish
