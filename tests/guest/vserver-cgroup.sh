#!/bin/sh
# vserver-cgroup.sh: the memory, CPU and task limits of guests through
# their cgroups (cgroup/ in a guest's configuration, cgroup v2): the
# guest runs in its cgroup, free in it shows its memory (the flag
# virt_mem), uptime and /proc/loadavg its load and tasks (virt_load) and
# /proc/stat the CPUs it may run on (virt_cpu),
# a memory hog in it is killed there while the
# host goes on, its tasks stop at pids.max, two busy guests get the CPU
# shares their cpu.max give them, as do two of the classic sched/ in hard
# mode (cpu.max) and two in share mode (cpu.weight, on one CPU), a value
# the kernel refuses rolls the start back, and stop removes the cgroup.
# Runs as root in the host context of the test VM, like
# vserver-command.sh; prints TAP.  Contexts 780-787, addresses
# 10.77.0.80-87.

# shellcheck disable=SC2034 # _vserver.sh reads it
SUITE=vserver-cgroup
. "$(dirname "$0")/_vserver.sh"

CG=/sys/fs/cgroup/vservers

# cgroup_of NAME: the cgroup a process of guest NAME is in.
cgroup_of() {
	vserver "$1" exec cat /proc/self/cgroup
}

# usage NAME: the CPU time of guest NAME's cgroup, in microseconds.
usage() {
	sed -n 's/^usage_usec //p' "$CG/$1/cpu.stat"
}

# cpu_times G1 G2: d1 and d2, the CPU times (us) guests G1 and G2 got
# over the same 10 s.  What counts is their ratio, whatever the length.
cpu_times() {
	a1=$(usage "$1")
	a2=$(usage "$2")
	sleep 10
	d1=$(($(usage "$1") - a1))
	d2=$(($(usage "$2") - a2))
}

guest m1 780 10.77.0.80
mkdir -p "$VSERVER_CONFDIR/m1/cgroup"
echo 16M >"$VSERVER_CONFDIR/m1/cgroup/memory.max"
echo 20 >"$VSERVER_CONFDIR/m1/cgroup/pids.max"
printf '%s\n' virt_mem virt_load virt_cpu >"$VSERVER_CONFDIR/m1/flags"
echo 'none /proc proc defaults 0 0' >"$VSERVER_CONFDIR/m1/fstab"
run vserver m1 start
[ "$rc" -eq 0 ] && [ "$(cat "$CG/m1/memory.max")" = 16777216 ] &&
	[ "$(cat "$CG/m1/pids.max")" = 20 ]
result "start makes the guest's cgroup with the settings of cgroup/"
[ "$(cgroup_of m1)" = "0::/vservers/m1" ]
result "the guest's processes, exec's included, are in its cgroup"

# free subtracts the cache of /proc/meminfo from what sysinfo() says is
# used: a used figure of its own total or more is one that went negative.
run vserver m1 exec free
[ "$rc" -eq 0 ] && [ "$(awk '$1 == "Mem:" { print $2 }' "$T/out")" = 16384 ] &&
	[ "$(awk '$1 == "Mem:" { print $3 }' "$T/out")" -lt 16384 ] &&
	vserver m1 exec cat /proc/meminfo | grep -q '^MemTotal: *16384 kB$'
result "free and /proc/meminfo in the guest (virt_mem) show its 16 MiB, not the machine's"

# /proc/loadavg's fourth field is running/all tasks: the guest counts its
# own few (its init, and exec's chain), the host every task of the VM.
run vserver m1 exec cat /proc/loadavg
guest_tasks=$(cut -d' ' -f4 "$T/out" | cut -d/ -f2)
host_tasks=$(cut -d' ' -f4 /proc/loadavg | cut -d/ -f2)
[ "$rc" -eq 0 ] && [ "${guest_tasks:-0}" -ge 1 ] && [ "$guest_tasks" -le 6 ] &&
	[ "$host_tasks" -gt $((guest_tasks + 10)) ] &&
	vserver m1 exec uptime | grep -q 'load average: [0-9]'
result "uptime and /proc/loadavg in the guest (virt_load) count its $guest_tasks tasks, not the machine's $host_tasks"

# The VM has two CPUs; a process of the guest bound to the first sees one.
host_cpus=$(grep -c '^cpu[0-9]' /proc/stat)
run vserver m1 exec taskset 1 grep -c '^cpu[0-9]' /proc/stat
[ "$rc" -eq 0 ] && [ "$(cat "$T/out")" = 1 ] && [ "$host_cpus" -ge 2 ] &&
	[ "$(vserver m1 exec grep -c '^cpu[0-9]' /proc/stat)" = "$host_cpus" ]
result "/proc/stat in the guest (virt_cpu) shows only the CPUs it may run on ($host_cpus on the host)"

run vserver m1 exec dd if=/dev/zero of=/dev/null bs=48M count=1
[ "$rc" -ne 0 ] && grep -q '^oom_kill [1-9]' "$CG/m1/memory.events" &&
	vserver m1 running
result "a 48 MiB buffer in a guest of 16 MiB: killed in the guest's cgroup, the rest goes on"

run vserver m1 exec sh -c 'i=0; while [ $i -lt 40 ]; do sleep 1000 & i=$((i + 1)); done'
tasks=$(cat "$CG/m1/pids.current")
grep -q '^max [1-9]' "$CG/m1/pids.events" && [ "$tasks" -le 20 ]
result "forks past pids.max fail in the guest ($tasks tasks in its cgroup)"

run vserver m1 stop
[ "$rc" -eq 0 ] && [ ! -d "$CG/m1" ] && left_nothing 780 10.77.0.80
result "stop removes the cgroup"

# Two busy guests: a tenth and a fifth of a CPU.  What counts is the ratio
# of the CPU time they got over the same stretch, whatever its length.
guest c1 781 10.77.0.81
guest c2 782 10.77.0.82
mkdir -p "$VSERVER_CONFDIR/c1/cgroup" "$VSERVER_CONFDIR/c2/cgroup"
echo "10000 100000" >"$VSERVER_CONFDIR/c1/cgroup/cpu.max"
echo "20000 100000" >"$VSERVER_CONFDIR/c2/cgroup/cpu.max"
echo virt_load >"$VSERVER_CONFDIR/c1/flags"
vserver c1 start >/dev/null 2>&1
vserver c2 start >/dev/null 2>&1
for g in c1 c2; do
	vserver "$g" exec sh -c 'while :; do :; done </dev/null >/dev/null 2>&1 &'
done
cpu_times c1 c2
# 2 within 40%: 1.4 to 2.8.
[ "$d1" -gt 0 ] && [ $((d2 * 10 / d1)) -ge 14 ] && [ $((d2 * 10 / d1)) -le 28 ]
result "two busy guests with cpu.max of 10% and 20%: CPU times $d1 and $d2 us (ratio 2)"
# The busy loop of c1 has been running (or throttled, which counts as
# running) for over 10 s: at least two samples of the load.  (c1 has no
# /proc of its own: the host reads the guest's load in /proc/virtual.)
load1=$(awk '$1 == "loadavg:" { print $2 }' /proc/virtual/781/cvirt)
[ -n "$load1" ] && [ "$load1" != 0.00 ]
result "the busy guest's own load average is not zero ($load1, /proc/virtual/781/cvirt)"
run vserver c1 stop
run vserver c2 stop
[ ! -d "$CG/c1" ] && [ ! -d "$CG/c2" ] && left_nothing 781 10.77.0.81 && left_nothing 782 10.77.0.82
result "both stop, their cgroups go"

# Two busy guests configured only by sched/, the classic token bucket, in
# hard mode (the flag sched_hard): 1 token every 20 ticks and 3 every 30,
# a twentieth and a tenth of each of the VM's CPUs, become cpu.max quotas
# of $host_cpus times 5000 and 10000 us; h2's tokens-max of 500 ticks is
# more than its quota, so its burst is the whole quota.  One busy loop
# each: the ratio of their CPU times over the same stretch is 2, as with
# cpu.max above.
guest h1 784 10.77.0.84
guest h2 785 10.77.0.85
for g in h1 h2; do
	mkdir -p "$VSERVER_CONFDIR/$g/sched"
	echo sched_hard >"$VSERVER_CONFDIR/$g/flags"
done
echo 1 >"$VSERVER_CONFDIR/h1/sched/fill-rate"
echo 20 >"$VSERVER_CONFDIR/h1/sched/interval"
echo 3 >"$VSERVER_CONFDIR/h2/sched/fill-rate"
echo 30 >"$VSERVER_CONFDIR/h2/sched/interval"
echo 500 >"$VSERVER_CONFDIR/h2/sched/tokens-max"
run vserver h1 start
rc1=$rc
run vserver h2 start
max1=$(cat "$CG/h1/cpu.max" 2>/dev/null)
max2=$(cat "$CG/h2/cpu.max" 2>/dev/null)
burst2=$(cat "$CG/h2/cpu.max.burst" 2>/dev/null)
[ "$rc1" -eq 0 ] && [ "$rc" -eq 0 ] &&
	[ "$max1" = "$((host_cpus * 5000)) 100000" ] &&
	[ "$max2" = "$((host_cpus * 10000)) 100000" ] &&
	[ "$burst2" = "$((host_cpus * 10000))" ] &&
	[ "$(cat "$CG/h1/cpu.weight")" = 100 ]
result "sched/ with sched_hard, fill-rate 1/20 and 3/30 on $host_cpus CPUs: cpu.max '$max1' and '$max2', tokens-max 500 a cpu.max.burst of $burst2"
for g in h1 h2; do
	vserver "$g" exec sh -c 'while :; do :; done </dev/null >/dev/null 2>&1 &'
done
cpu_times h1 h2
# 2 within 40%: 1.4 to 2.8.
[ "$d1" -gt 0 ] && [ $((d2 * 10 / d1)) -ge 14 ] && [ $((d2 * 10 / d1)) -le 28 ]
result "two busy guests capped by sched/ (sched_hard, 1/20 and 3/30): CPU times $d1 and $d2 us (ratio 2)"
run vserver h1 stop
run vserver h2 stop
[ ! -d "$CG/h1" ] && [ ! -d "$CG/h2" ] && left_nothing 784 10.77.0.84 && left_nothing 785 10.77.0.85
result "h1 and h2 stop, their cgroups go"

# Two busy guests of sched/ in share mode (no sched_hard): 1 and 3 tokens
# every 4 ticks, a quarter and three quarters of a CPU, become
# cpu.weight 25 and 75 and no cap.  A weight counts only when the guests
# compete for a CPU: both busy loops are bound to the first one (taskset
# 1; the VM's kernel has no cpuset controller), where they share it 1:3.
guest w1 786 10.77.0.86
guest w2 787 10.77.0.87
for g in w1 w2; do
	mkdir -p "$VSERVER_CONFDIR/$g/sched"
	echo 4 >"$VSERVER_CONFDIR/$g/sched/interval"
done
echo 1 >"$VSERVER_CONFDIR/w1/sched/fill-rate"
echo 3 >"$VSERVER_CONFDIR/w2/sched/fill-rate"
run vserver w1 start
rc1=$rc
run vserver w2 start
weight1=$(cat "$CG/w1/cpu.weight" 2>/dev/null)
weight2=$(cat "$CG/w2/cpu.weight" 2>/dev/null)
[ "$rc1" -eq 0 ] && [ "$rc" -eq 0 ] && [ "$weight1" = 25 ] && [ "$weight2" = 75 ] &&
	[ "$(cat "$CG/w1/cpu.max")" = "max 100000" ]
result "sched/ without sched_hard, fill-rate 1/4 and 3/4: cpu.weight $weight1 and $weight2, no cpu.max"
for g in w1 w2; do
	vserver "$g" exec sh -c 'taskset 1 sh -c "while :; do :; done" </dev/null >/dev/null 2>&1 &'
done
cpu_times w1 w2
# 3, from 2 to 4.5.
[ "$d1" -gt 0 ] && [ $((d2 * 10 / d1)) -ge 20 ] && [ $((d2 * 10 / d1)) -le 45 ]
result "two busy guests on one CPU weighted by sched/ (25 and 75): CPU times $d1 and $d2 us (ratio 3)"
run vserver w1 stop
run vserver w2 stop
[ ! -d "$CG/w1" ] && [ ! -d "$CG/w2" ] && left_nothing 786 10.77.0.86 && left_nothing 787 10.77.0.87
result "w1 and w2 stop, their cgroups go"

# A value the kernel refuses: the start fails, naming the file, and
# leaves no cgroup, no context, no address.
guest bad 783 10.77.0.83
mkdir -p "$VSERVER_CONFDIR/bad/cgroup"
echo lots >"$VSERVER_CONFDIR/bad/cgroup/memory.max"
run vserver bad start
[ "$rc" -eq 1 ] && err_has "$VSERVER_CONFDIR/bad/cgroup/memory.max" &&
	[ ! -d "$CG/bad" ] && left_nothing 783 10.77.0.83
result "memory.max 'lots': the start fails, names the file, rolls back (no cgroup left)"
echo 1 >"$VSERVER_CONFDIR/bad/cgroup/nosuch.max"
run vserver bad start
[ "$rc" -eq 6 ] && err_has "the cgroup controller 'nosuch' is not available" && [ ! -d "$CG/bad" ]
result "a controller the system lacks: refused before anything changes"

finish
