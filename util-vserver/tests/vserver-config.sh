# The vserver command, as built, on a scratch configuration directory:
# "check" accepts a valid guest and refuses each kind of invalid
# configuration with exit 6, naming the file (and the line of a list);
# the cgroup settings sched/ (the classic token bucket) and rlimits/rss
# (vs2.3's memory limit) become, as check says them, and each of their
# refusals and warnings, rlimits/as refused;
# the same for a legacy NAME.conf, which is parsed, never run; duplicate
# context ids and addresses between guests of either kind; usage errors, a guest that is not configured, status of a guest whose
# context has no process, build -m skeleton.  Needs no vserver kernel:
# the names are checked by the tools' option parsers, the devices with ip.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

vserver=$UV_BUILDDIR/scripts/vserver
if ! command -v ip >/dev/null 2>&1 || ! ip link show dev lo >/dev/null 2>&1; then
	echo "no ip(8) or no lo: cannot check interfaces"
	exit 77
fi
VSERVER_CONFDIR=$uv_tmp/etc
VSERVER_SBINDIR=$UV_BUILDDIR/src
# The locks of start and stop: here, not in the system's run directory.
VSERVER_RUNDIR=$uv_tmp/run
export VSERVER_CONFDIR VSERVER_SBINDIR VSERVER_RUNDIR
cfg=$VSERVER_CONFDIR/g1

# vrun ARG...: run the vserver command; sets rc and last.
vrun() {
	"$vserver" "$@" >"$uv_tmp/out" 2>"$uv_tmp/err"
	rc=$?
	last="vserver $*"
}

# refused FILE TEXT: the last run refused the configuration naming FILE.
refused() {
	expect_rc 6
	expect_err "vserver g1: $1: "
	expect_err "$2"
}

mkdir -p "$cfg/interfaces/0" "$cfg/apps/init" "$uv_tmp/root/g1" "$VSERVER_CONFDIR/g2"
echo 701 >"$cfg/context"
echo "$uv_tmp/root/g1" >"$cfg/vdir"
echo 10.77.0.2 >"$cfg/interfaces/0/ip"
echo 24 >"$cfg/interfaces/0/prefix"
echo lo >"$cfg/interfaces/0/dev"
printf '# the bound\nCAP_NET_RAW, CAP_SYS_TIME\n' >"$cfg/bcapabilities"
echo set_utsname >"$cfg/ccapabilities"
echo lock >"$cfg/flags"
echo sysv >"$cfg/apps/init/style"
echo 702 >"$VSERVER_CONFDIR/g2/context"

vrun g1 check
expect_rc 0
expect_exact err "vserver g1: the configuration is valid"

vrun --help
expect_rc 0
expect_out "Usage:"
expect_out "Exit status:"
for opt in --confdir --help --version; do
	expect_out "$opt"
done
vrun --version
expect_exact out "vserver (util-vserver) $UV_VERSION"

vrun g1
expect_rc 2
vrun g1 bogus
expect_rc 2
expect_err "unknown command 'bogus'"
vrun --bogus g1 start
expect_rc 2
vrun ../etc start
expect_rc 2
vrun nosuch start
expect_rc 5
expect_err "$VSERVER_CONFDIR/nosuch does not exist"
vrun --confdir "$uv_tmp/nowhere" g1 status
expect_rc 5
expect_err "$uv_tmp/nowhere/g1 does not exist"

printf 'CAP_NET_RAW\nCAP_BOGUS\n' >"$cfg/bcapabilities"
vrun g1 check
refused "$cfg/bcapabilities:2" "capability 'CAP_BOGUS' is not valid"
rm "$cfg/bcapabilities"

echo bogus >"$cfg/ccapabilities"
vrun g1 start
refused "$cfg/ccapabilities:1" "context capability 'bogus' is not valid"
echo raw_icmp >"$cfg/ccapabilities"

echo lock,bogus >"$cfg/flags"
vrun g1 check
refused "$cfg/flags:1" "context flag 'bogus' is not valid"
echo fakeinit >"$cfg/flags"
vrun g1 check
refused "$cfg/flags" "fakeinit is not supported"
rm "$cfg/flags"

echo bogus >"$cfg/nflags"
vrun g1 check
refused "$cfg/nflags:1" "network flag 'bogus' is not valid"
rm "$cfg/nflags"

for bad in 10.77.0.300 10.77.0 fe80::g 10.77.0.2/24 host.example; do
	echo "$bad" >"$cfg/interfaces/0/ip"
	vrun g1 check
	refused "$cfg/interfaces/0/ip" "'$bad"
done
echo 10.77.0.2 >"$cfg/interfaces/0/ip"
echo 33 >"$cfg/interfaces/0/prefix"
vrun g1 check
refused "$cfg/interfaces/0/prefix" "'10.77.0.2/33' is not a valid address"
echo 24 >"$cfg/interfaces/0/prefix"
echo nosuchdev0 >"$cfg/interfaces/0/dev"
vrun g1 check
refused "$cfg/interfaces/0/dev" "there is no network device 'nosuchdev0'"
rm "$cfg/interfaces/0/dev"
vrun g1 check
refused "$cfg/interfaces/0/dev" "missing"
echo lo >"$cfg/interfaces/0/dev"
mv "$cfg/interfaces/0/ip" "$cfg/interfaces/0/ip.off"
vrun g1 check
refused "$cfg/interfaces/0/ip" "missing"
mv "$cfg/interfaces/0/ip.off" "$cfg/interfaces/0/ip"

mkdir -p "$VSERVER_CONFDIR/g2/interfaces/a"
echo 10.77.0.2 >"$VSERVER_CONFDIR/g2/interfaces/a/ip"
vrun g1 check
refused "$cfg/interfaces/0/ip" "the address 10.77.0.2 is also one of guest g2"
: >"$VSERVER_CONFDIR/g2/interfaces/a/disabled"
vrun g1 check
expect_rc 0
# The same address spelled otherwise is the same.
echo 64 >"$cfg/interfaces/0/prefix"
echo fd00:77::2 >"$cfg/interfaces/0/ip"
mkdir -p "$VSERVER_CONFDIR/g2/interfaces/b"
echo FD00:0077:0:0::2 >"$VSERVER_CONFDIR/g2/interfaces/b/ip"
vrun g1 check
refused "$cfg/interfaces/0/ip" "the address fd00:77::2 is also one of guest g2 ($VSERVER_CONFDIR/g2/interfaces/b/ip)"
echo 010.77.0.2 >"$VSERVER_CONFDIR/g2/interfaces/b/ip"
echo 10.77.0.2 >"$cfg/interfaces/0/ip"
echo 24 >"$cfg/interfaces/0/prefix"
vrun g1 check
refused "$cfg/interfaces/0/ip" "the address 10.77.0.2 is also one of guest g2"
rm -r "$VSERVER_CONFDIR/g2/interfaces/b"

echo 702 >"$cfg/context"
vrun g1 check
refused "$cfg/context" "context id 702 is also the one of guest g2 ($VSERVER_CONFDIR/g2/context)"
for bad in 1 0 65536 07 abc ''; do
	echo "$bad" >"$cfg/context"
	vrun g1 check
	refused "$cfg/context" "is not a context id"
done
rm "$cfg/context"
vrun g1 check
refused "$cfg/context" "missing"
echo 701 >"$cfg/context"

echo "$uv_tmp/root/nosuch" >"$cfg/vdir"
vrun g1 check
refused "$cfg/vdir" "the root directory $uv_tmp/root/nosuch does not exist"
echo root/g1 >"$cfg/vdir"
vrun g1 check
refused "$cfg/vdir" "not an absolute path"
rm "$cfg/vdir"
ln -s "$uv_tmp/root/nosuch" "$cfg/vdir"
vrun g1 check
refused "$cfg/vdir" "does not exist"
rm "$cfg/vdir"
ln -s "$uv_tmp/root/g1" "$cfg/vdir"
vrun g1 check
expect_rc 0
rm "$cfg/vdir"
mkdir -p "$VSERVER_CONFDIR/.defaults"
ln -s "$uv_tmp/root" "$VSERVER_CONFDIR/.defaults/vdirbase"
vrun g1 check
expect_rc 0
rm "$VSERVER_CONFDIR/.defaults/vdirbase"
echo "$uv_tmp/root/g1" >"$cfg/vdir"

echo upstart >"$cfg/apps/init/style"
vrun g1 check
refused "$cfg/apps/init/style" "unknown init style 'upstart'"
rm "$cfg/apps/init/style"
mkdir -p "$VSERVER_CONFDIR/.defaults/apps/init"
echo minit2 >"$VSERVER_CONFDIR/.defaults/apps/init/style"
vrun g1 check
refused "$VSERVER_CONFDIR/.defaults/apps/init/style" "unknown init style 'minit2'"
echo sysv >"$cfg/apps/init/style"
echo sbin/init >"$cfg/apps/init/cmd.start"
vrun g1 check
refused "$cfg/apps/init/cmd.start" "is not an absolute path"
echo '# nothing' >"$cfg/apps/init/cmd.start"
vrun g1 check
refused "$cfg/apps/init/cmd.start" "empty"
rm "$cfg/apps/init/cmd.start"
echo soon >"$cfg/apps/init/stop-timeout"
vrun g1 check
refused "$cfg/apps/init/stop-timeout" "is not a number of seconds"
rm "$cfg/apps/init/stop-timeout"

# rlimits/: checked by vlimit --check, before anything changes.  vlimit
# asks the kernel what it accounts: the fake vserver(2) answers, where
# the tools are not static.
mkdir "$cfg/rlimits" "$uv_tmp/fake-rlimits"
: >"$uv_tmp/fake-rlimits/log"
fake_vrun() {
	UV_FAKE_DIR=$uv_tmp/fake-rlimits \
		LD_PRELOAD=$UV_BUILDDIR/tests/fake-vserver.so vrun "$@"
}
fake_ok=
if UV_FAKE_DIR=$uv_tmp/fake-rlimits LD_PRELOAD=$UV_BUILDDIR/tests/fake-vserver.so \
	"$UV_BUILDDIR/src/vserver-info" - APIVER >/dev/null 2>&1; then
	fake_ok=1
	echo lots >"$cfg/rlimits/nproc"
	fake_vrun g1 check
	refused "$cfg/rlimits" "invalid value in $cfg/rlimits/nproc: 'lots'"
	echo 300 >"$cfg/rlimits/nproc"
	echo 4096 >"$cfg/rlimits/anon"
	fake_vrun g1 check
	refused "$cfg/rlimits" "cannot limit anon ($cfg/rlimits/anon): the kernel does not account it"
	rm "$cfg/rlimits/anon"
	fake_vrun g1 check
	expect_rc 0
fi
rm -r "$cfg/rlimits"

# dlimits/: each entry names a directory and at least one total.
mkdir -p "$cfg/dlimits/0"
vrun g1 check
refused "$cfg/dlimits/0" "no file 'directory'"
echo relative/dir >"$cfg/dlimits/0/directory"
vrun g1 check
refused "$cfg/dlimits/0/directory" "'relative/dir' is not an absolute path"
echo "$uv_tmp/nosuch" >"$cfg/dlimits/0/directory"
vrun g1 check
refused "$cfg/dlimits/0/directory" "$uv_tmp/nosuch is not a directory"
echo "$uv_tmp" >"$cfg/dlimits/0/directory"
vrun g1 check
refused "$cfg/dlimits/0" "neither space_total nor inodes_total"
echo 10M >"$cfg/dlimits/0/space_total"
vrun g1 check
refused "$cfg/dlimits/0/space_total" "'10M' is not a number"
echo 10240 >"$cfg/dlimits/0/space_total"
echo 5 >"$cfg/dlimits/0/reserved"
# Valid; but the root here is not tagged (no project ids on this file
# system), so nothing would count against the limit: refused.
vrun g1 check
expect_rc 1
expect_err "the root $uv_tmp/root/g1 is not tagged, so no file of the guest would count against its disk limits (dlimits/); chxid -R -x -c 701 $uv_tmp/root/g1"
rm -r "$cfg/dlimits"

# cgroup/: settings of controllers the (here: fake) cgroup v2 root has.
VSERVER_CGROUP_BASE=$uv_tmp/cgroup/vservers
export VSERVER_CGROUP_BASE
mkdir -p "$cfg/cgroup"
echo 256M >"$cfg/cgroup/memory.max"
vrun g1 check
refused "$cfg/cgroup" "$uv_tmp/cgroup is not a cgroup v2 file system"
mkdir -p "$uv_tmp/cgroup"
echo "cpu memory pids" >"$uv_tmp/cgroup/cgroup.controllers"
vrun g1 check
expect_rc 0
echo 1 >"$cfg/cgroup/rdma.max"
vrun g1 check
refused "$cfg/cgroup/rdma.max" "the cgroup controller 'rdma' is not available"
rm "$cfg/cgroup/rdma.max"
echo 1 >"$cfg/cgroup/cgroup.procs"
vrun g1 check
refused "$cfg/cgroup/cgroup.procs" "'cgroup.procs' is not a setting of a cgroup controller"
rm "$cfg/cgroup/cgroup.procs"
: >"$cfg/cgroup/pids.max"
vrun g1 check
refused "$cfg/cgroup/pids.max:1" "empty"
rm -r "$cfg/cgroup"

# sched/ (or the old schedule file): the classic token bucket, mapped onto
# the same cgroup (vserver-config(5)); check says what each file becomes.
# sched KEY=VALUE...: a fresh sched/ with these files.
sched() {
	rm -rf "$cfg/sched"
	mkdir -p "$cfg/sched"
	for kv in "$@"; do
		printf '%s\n' "${kv#*=}" >"$cfg/sched/${kv%%=*}"
	done
}
# lacks TEXT: the last run's stderr does not have TEXT.
lacks() {
	if grep -F -q -e "$1" "$uv_tmp/err"; then
		fail "$last: err has '$1'"
	else
		pass "$last: err lacks '$1'"
	fi
}
s=$cfg/sched
echo "cpu cpuset memory pids" >"$uv_tmp/cgroup/cgroup.controllers"

# Share mode (no sched_hard): cpu.weight R/I * 100, a nice step a bias.
sched fill-rate=1 interval=4
vrun g1 check
expect_rc 0
expect_err "vserver g1: $s: cpu.weight '25' (1/4 of a CPU, 100 for a whole one)"
lacks cpu.max
expect_err "the configuration is valid"
sched fill-rate=3 interval=4
vrun g1 check
expect_err "$s: cpu.weight '75'"
sched fill-rate=1 interval=4 priority-bias=5
vrun g1 check
expect_err "$s: cpu.weight '8' (1/4 of a CPU, 100 for a whole one, priority-bias 5)"
sched fill-rate=1 interval=4 priority-bias=-3
vrun g1 check
expect_err "$s: cpu.weight '49'"
sched fill-rate=1 interval=1000
vrun g1 check
expect_err "$s: cpu.weight '1'"
sched fill-rate=200 interval=1
vrun g1 check
expect_rc 0
expect_err "$s: cpu.weight '10000'"
# What a weight has no use for: one warning.
sched fill-rate=1 interval=4 tokens=100 tokens-min=30 tokens-max=200 idle-time= fill-rate2=1 interval2=2
vrun g1 check
expect_rc 0
expect_err "vserver g1: warning: $s: tokens, tokens-min, tokens-max, idle-time, fill-rate2, interval2: no cgroup equivalent with a weight, ignored"
# sched_prio is share mode too.
echo sched_prio >"$cfg/flags"
sched fill-rate=1 interval=2
vrun g1 check
expect_err "$s: cpu.weight '50'"
lacks cpu.max

# Hard mode (the flag sched_hard): cpu.max R/I of each of the guest's
# CPUs, here those of cgroup/cpuset.cpus; tokens-max its burst.
echo "lock sched_hard" >"$cfg/flags"
mkdir -p "$cfg/cgroup"
echo 0-1,3 >"$cfg/cgroup/cpuset.cpus"
sched fill-rate=1 interval=10
vrun g1 check
expect_rc 0
expect_err "vserver g1: $s: cpu.max '30000 100000' (sched_hard: 1/10 of each of 3 CPUs)"
lacks cpu.weight
lacks cpu.max.burst
sched fill-rate=1 interval=2 tokens-max=3
VSERVER_HZ=100 vrun g1 check
expect_err "$s: cpu.max '150000 100000'"
expect_err "$s: cpu.max.burst '90000' (tokens-max 3 ticks at HZ 100 on 3 CPUs, at most the quota)"
sched fill-rate=1 interval=2 tokens-max=100
VSERVER_HZ=100 vrun g1 check
expect_err "$s: cpu.max.burst '150000'"
VSERVER_HZ=fast vrun g1 check
expect_rc 1
expect_err "VSERVER_HZ 'fast' is not a number of ticks a second"
echo 2 >"$cfg/cgroup/cpuset.cpus"
sched fill-rate=1 interval=1000
vrun g1 check
expect_err "$s: cpu.max '1000 100000' (sched_hard: 1/1000 of each of 1 CPU)"
echo 3-1 >"$cfg/cgroup/cpuset.cpus"
vrun g1 check
refused "$cfg/cgroup/cpuset.cpus" "'3-1' is not a list of CPUs (such as 0-3,6)"
rm -r "$cfg/cgroup"
# Without cpuset.cpus: the online CPUs.
online=$(awk -F, '{ for (i = 1; i <= NF; i++) { n = split($i, r, "-"); c += n == 2 ? r[2] - r[1] + 1 : 1 } } END { print c }' /sys/devices/system/cpu/online)
sched fill-rate=1 interval=10
vrun g1 check
expect_err "$s: cpu.max '$((online * 10000)) 100000' (sched_hard: 1/10 of each of $online CPU"
sched fill-rate=1 interval=10 tokens=100 tokens-min=30 priority-bias=2
vrun g1 check
expect_rc 0
expect_err "vserver g1: warning: $s: tokens, tokens-min, priority-bias: no cgroup equivalent with sched_hard, ignored"
# With sched_prio too: the cap and the weight.
echo sched_hard,sched_prio >"$cfg/flags"
vrun g1 check
expect_err "$s: cpu.max '$((online * 10000)) 100000'"
expect_err "$s: cpu.weight '6' (1/10 of a CPU, 100 for a whole one, priority-bias 2)"
expect_err "vserver g1: warning: $s: tokens, tokens-min: no cgroup equivalent with sched_hard, ignored"
echo sched_hard >"$cfg/flags"
sched fill-rate=5 interval=4
vrun g1 check
refused "$s/fill-rate" "5 tokens every 4 ticks is more than a whole CPU, no cap at all with sched_hard"
for key in idle-time fill-rate2 interval2; do
	sched fill-rate=1 interval=4 "$key=1"
	vrun g1 check
	refused "$s/$key" "idle time has no cgroup equivalent with sched_hard"
done
# The same cgroup file twice: refused, naming both.
mkdir -p "$cfg/cgroup"
echo "50000 100000" >"$cfg/cgroup/cpu.max"
sched fill-rate=1 interval=4
vrun g1 check
refused "$s" "sets cpu.max, as does $cfg/cgroup/cpu.max: keep one of the two"
rm "$cfg/cgroup/cpu.max"
echo 1000 >"$cfg/cgroup/cpu.max.burst"
vrun g1 check
refused "$s" "sets cpu.max.burst, as does $cfg/cgroup/cpu.max.burst"
rm "$cfg/cgroup/cpu.max.burst"
rm "$cfg/flags"
echo 300 >"$cfg/cgroup/cpu.weight"
vrun g1 check
refused "$s" "sets cpu.weight, as does $cfg/cgroup/cpu.weight: keep one of the two"
rm "$cfg/cgroup/cpu.weight"
# A cap of cgroup/ and a weight of sched/ go together.
echo "50000 100000" >"$cfg/cgroup/cpu.max"
vrun g1 check
expect_rc 0
expect_err "$s: cpu.weight '25'"
rm -r "$cfg/cgroup"

# Bad values, each refused naming its file, with exit 6.
for bad in x -1 0 1.5 1234567890; do
	sched fill-rate="$bad" interval=4
	vrun g1 check
	refused "$s/fill-rate" "'$bad' is not a number of tokens (1 to 999999999)"
done
for bad in 0 -4 four; do
	sched fill-rate=1 interval="$bad"
	vrun g1 check
	refused "$s/interval" "'$bad' is not a number of ticks (1 to 999999999)"
done
sched fill-rate=1 interval=
vrun g1 check
refused "$s/interval" "empty: give a number of ticks"
for key in tokens tokens-min tokens-max; do
	sched fill-rate=1 interval=4 "$key=-5"
	vrun g1 check
	refused "$s/$key" "'-5' is not a number of tokens (0 to 999999999)"
done
for bad in 20 -21 x; do
	sched fill-rate=1 interval=4 priority-bias="$bad"
	vrun g1 check
	refused "$s/priority-bias" "'$bad' is not a priority bias (-20 to 19)"
done
sched fill-rate=1
vrun g1 check
refused "$s/interval" "missing: the guest's part of the CPU is fill-rate tokens every interval ticks"
sched interval=4 tokens=10
vrun g1 check
refused "$s/fill-rate" "missing"
sched fill-rate=1 interval=4 cpu-id=0
vrun g1 check
refused "$s/cpu-id" "a bucket of one CPU has no cgroup equivalent"
sched fill-rate=1 interval=4 bogus=1
vrun g1 check
refused "$s/bogus" "'bogus' is not a setting of sched/"
sched fill-rate=1 interval=4
mkdir "$s/0"
echo 0 >"$s/0/cpu-id"
vrun g1 check
refused "$s/0" "a bucket of its own for a CPU has no cgroup equivalent"
# The system's side, as for cgroup/.
sched fill-rate=1 interval=4
echo "memory pids" >"$uv_tmp/cgroup/cgroup.controllers"
vrun g1 check
refused "$s" "the cgroup controller 'cpu' is not available"
mv "$uv_tmp/cgroup/cgroup.controllers" "$uv_tmp/cgroup/controllers.off"
vrun g1 check
refused "$s" "$uv_tmp/cgroup is not a cgroup v2 file system"
mv "$uv_tmp/cgroup/controllers.off" "$uv_tmp/cgroup/cgroup.controllers"
echo "cpu cpuset memory pids" >"$uv_tmp/cgroup/cgroup.controllers"

# A start refused for sched/ changes nothing: no cgroup is made.
tree_snapshot cg "$uv_tmp/cgroup"
sched fill-rate=0 interval=4
vrun g1 start
refused "$s/fill-rate" "'0' is not a number of tokens"
expect_tree_unchanged cg "$uv_tmp/cgroup"
mkdir -p "$cfg/cgroup"
echo 300 >"$cfg/cgroup/cpu.weight"
sched fill-rate=1 interval=4
vrun g1 start
refused "$s" "sets cpu.weight, as does $cfg/cgroup/cpu.weight"
expect_tree_unchanged cg "$uv_tmp/cgroup"
rm -r "$cfg/cgroup"
# An empty sched/ sets nothing; sched_hard without a bucket is said.
sched
echo sched_hard >"$cfg/flags"
vrun g1 check
expect_rc 0
expect_err "vserver g1: warning: $cfg/flags: sched_hard or sched_prio without $s: no CPU limit or share is set"
lacks cpu.max
rm -r "$cfg/flags" "$s"
vrun g1 check
lacks warning

# The old schedule file: its six lines read as sched/, with a warning.
printf '%s\n' 1 4 100 30 200 0 >"$cfg/schedule"
vrun g1 check
expect_rc 0
expect_err "vserver g1: warning: $cfg/schedule: the old schedule file, read as sched/ (fill-rate interval tokens tokens-min tokens-max priority-bias): move to $s, one file each"
expect_err "vserver g1: $cfg/schedule: cpu.weight '25' (1/4 of a CPU, 100 for a whole one, priority-bias 0)"
expect_err "warning: $cfg/schedule: tokens, tokens-min, tokens-max: no cgroup equivalent with a weight, ignored"
printf '%s\n' 1 10 100 30 >"$cfg/schedule"
echo sched_hard >"$cfg/flags"
vrun g1 check
expect_err "$cfg/schedule: cpu.max '$((online * 10000)) 100000'"
rm "$cfg/flags"
printf '%s\n' 1 0 >"$cfg/schedule"
vrun g1 check
refused "$cfg/schedule:2" "'0' is not a number of ticks"
printf '%s\n' 1 >"$cfg/schedule"
vrun g1 check
refused "$cfg/schedule:2" "missing"
printf '%s\n' 1 4 100 30 200 0 7 >"$cfg/schedule"
vrun g1 check
refused "$cfg/schedule:7" "more than 6 lines"
printf '%s\n' 1 4 >"$cfg/schedule"
sched fill-rate=1 interval=4
vrun g1 check
refused "$cfg/schedule" "given with $s: sched/ replaces it (remove $cfg/schedule)"
rm -r "$cfg/schedule" "$s"

# rlimits/rss, vs2.3's RSS limit in pages, which the kernel does not
# account: onto the same cgroup, with one warning a file that cgroup/ is
# the place for it now (vserver-config(5)); vlimit never sees it.
r=$cfg/rlimits
ps=$(getconf PAGESIZE)
# rss NAME=VALUE...: a fresh rlimits/ with these files.
rss() {
	rm -rf "$r"
	mkdir -p "$r"
	for kv in "$@"; do
		printf '%s\n' "${kv#*=}" >"$r/${kv%%=*}"
	done
}
# warnings N: the last run said N warnings.
warnings() {
	n=$(grep -c warning "$uv_tmp/err")
	if [ "$n" = "$1" ]; then
		pass "$last: $1 warning(s)"
	else
		fail "$last: $n warnings, not $1"
	fi
}
# The hard limit (rss or rss.hard) is memory.max, rss.soft memory.high.
rss rss=65536
vrun g1 check
expect_rc 0
expect_err "vserver g1: warning: $r/rss: 65536 pages became the cgroup's memory.max '$((65536 * ps))' (65536 x $ps bytes); the place for it is $cfg/cgroup/memory.max now"
warnings 1
rss rss.hard=' 0100 '
vrun g1 check
expect_rc 0
expect_err "vserver g1: warning: $r/rss.hard: 100 pages became the cgroup's memory.max '$((100 * ps))' (100 x $ps bytes)"
warnings 1
rss rss=4096 rss.soft=2048
vrun g1 check
expect_rc 0
expect_err "vserver g1: warning: $r/rss: 4096 pages became the cgroup's memory.max '$((4096 * ps))'"
expect_err "vserver g1: warning: $r/rss.soft: 2048 pages became the cgroup's memory.high '$((2048 * ps))' (2048 x $ps bytes); the place for it is $cfg/cgroup/memory.high now"
warnings 2
# A memory.high of cgroup/ goes with a hard limit of rss, memory.max with
# rss.soft.
mkdir -p "$cfg/cgroup"
echo 1G >"$cfg/cgroup/memory.high"
rss rss=4096
vrun g1 check
expect_rc 0
expect_err "$r/rss: 4096 pages became the cgroup's memory.max"
rm "$cfg/cgroup/memory.high"
echo 1G >"$cfg/cgroup/memory.max"
rss rss.soft=4096
vrun g1 check
expect_rc 0
expect_err "$r/rss.soft: 4096 pages became the cgroup's memory.high"
rm -r "$cfg/cgroup"
# No limit: nothing set, no cgroup (none is needed), still the warning.
mv "$uv_tmp/cgroup/cgroup.controllers" "$uv_tmp/cgroup/controllers.off"
for v in inf INFINITY unlimited -1; do
	rss rss="$v"
	vrun g1 check
	expect_rc 0
	expect_err "vserver g1: warning: $r/rss: no limit: nothing set; the place for the guest's memory limit is $cfg/cgroup/memory.max now (remove $r/rss)"
	warnings 1
	lacks "memory.max '"
done
# 0 is no soft limit and no minimum, as vlimit takes them.
rss rss.soft=0 rss.min=inf
vrun g1 check
expect_rc 0
expect_err "vserver g1: warning: $r/rss.soft: no limit: nothing set; the place for the guest's memory limit is $cfg/cgroup/memory.high now"
expect_err "vserver g1: warning: $r/rss.min: no minimum: nothing set, remove the file"
warnings 2
rss rss=100
vrun g1 check
refused "$r/rss" "$uv_tmp/cgroup is not a cgroup v2 file system"
mv "$uv_tmp/cgroup/controllers.off" "$uv_tmp/cgroup/cgroup.controllers"
echo "cpu pids" >"$uv_tmp/cgroup/cgroup.controllers"
vrun g1 check
refused "$r/rss" "the cgroup controller 'memory' is not available"
echo "cpu cpuset memory pids" >"$uv_tmp/cgroup/cgroup.controllers"
# Refused, naming the file: a value that is no number of pages, none at
# all for the hard limit, a minimum, both rss and rss.hard.
for bad in lots 1.5 -2 0x10 '1 2'; do
	rss rss="$bad"
	vrun g1 check
	refused "$r/rss" "'$bad' is not a number of pages (of RSS, as vs2.3 counted it), inf or -1"
done
rss rss.soft=
vrun g1 check
refused "$r/rss.soft" "empty: give a number of pages, or inf for no limit"
rss rss.hard=0
vrun g1 check
refused "$r/rss.hard" "0 pages would leave the guest no memory at all"
for big in 999999999999999999 99999999999999999999999; do
	rss rss=$big
	vrun g1 check
	refused "$r/rss" "$big pages of $ps bytes is more memory than there can be: give at most $((0x7fffffffffffffff / ps)), or inf"
done
rss rss.min=1024
vrun g1 check
refused "$r/rss.min" "a guaranteed minimum of memory: vs2.3 kept it without enforcing it; the cgroup's memory.min would enforce it"
expect_err "put it in $cfg/cgroup/memory.min, in bytes, if that is meant, else remove the file"
rss rss=100 rss.hard=100
vrun g1 check
refused "$r/rss.hard" "gives the hard limit of rss, as does $r/rss: keep one"
# The same cgroup file twice: refused, naming both, whatever the value.
mkdir -p "$cfg/cgroup"
echo 1G >"$cfg/cgroup/memory.max"
for v in 100 inf; do
	rss rss="$v"
	vrun g1 check
	refused "$r/rss" "sets memory.max, as does $cfg/cgroup/memory.max: keep the one of cgroup/ (in bytes), the place for it now, and remove $r/rss"
done
rm "$cfg/cgroup/memory.max"
echo 1G >"$cfg/cgroup/memory.high"
rss rss=100 rss.soft=50
vrun g1 check
refused "$r/rss.soft" "sets memory.high, as does $cfg/cgroup/memory.high: keep the one of cgroup/"
# A start refused for rlimits/ changes nothing: no cgroup is made.
tree_snapshot cg "$uv_tmp/cgroup"
vrun g1 start
refused "$r/rss.soft" "sets memory.high, as does $cfg/cgroup/memory.high"
expect_tree_unchanged cg "$uv_tmp/cgroup"
rm -r "$cfg/cgroup"
rss rss=lots
vrun g1 start
refused "$r/rss" "'lots' is not a number of pages"
expect_tree_unchanged cg "$uv_tmp/cgroup"
# as, the address space: no cgroup equivalent, every file refused.
for f in as as.hard as.soft as.min; do
	rss rss=100 "$f=inf"
	vrun g1 start
	refused "$r/$f" "an address space limit has no equivalent here: the kernel does not account it per context, and a cgroup limits memory, not address space; remove the file (a limit of the guest's memory goes in $cfg/cgroup/memory.max, in bytes)"
	expect_tree_unchanged cg "$uv_tmp/cgroup"
done
# The other limits still go to vlimit, which is not given rss.
if [ -n "$fake_ok" ]; then
	rss rss=100 nproc=300 rss.soft=lots
	fake_vrun g1 check
	refused "$r/rss.soft" "'lots' is not a number of pages"
	rss rss=100 nproc=300 rss.soft=50
	fake_vrun g1 check
	expect_rc 0
	expect_err "$r/rss.soft: 50 pages became the cgroup's memory.high"
	rss rss=100 nproc=lots
	fake_vrun g1 check
	refused "$r" "invalid value in $r/nproc: 'lots'"
fi
rm -r "$r"

# unify and hashify run vunify and vhashify on the guest.
vrun g1 unify
expect_rc 1
expect_err "vserver g1: no reference guest: put its name in $cfg/apps/vunify/refserver"
mkdir -p "$cfg/apps/vunify"
echo g1 >"$cfg/apps/vunify/refserver"
vrun g1 unify
expect_rc 1
expect_err "$cfg/apps/vunify/refserver: 'g1' is not another configured guest"
rm -r "$cfg/apps/vunify"
mkdir -p "$uv_tmp/hash"
vrun g1 hashify --dry-run --hashdir "$uv_tmp/hash"
expect_rc 0
vrun g1 hashify --bogus
expect_rc 1
expect_err "vhashify: unrecognized option '--bogus'"

mkdir -p "$cfg/uts"
awk 'BEGIN { while (n++ < 65) printf "x"; print "" }' >"$cfg/uts/nodename"
vrun g1 check
refused "$cfg/uts/nodename" "longer than 64 bytes"
rm "$cfg/uts/nodename"

vrun g1 check
expect_rc 0

for bad in 20 -21 x 1.5; do
	echo "$bad" >"$cfg/nice"
	vrun g1 check
	refused "$cfg/nice" "'$bad' is not a nice value (-20 to 19)"
done
echo -5 >"$cfg/nice"
vrun g1 check
expect_rc 0
rm "$cfg/nice"

# build -m skeleton
vrun sk build -m skeleton --context 720 --interface lo:10.77.0.20/24 --rootdir "$uv_tmp/root"
expect_rc 0
for f in context:720 name:sk uts/nodename:sk interfaces/0/ip:10.77.0.20 \
	interfaces/0/prefix:24 interfaces/0/dev:lo apps/init/style:sysv \
	"vdir:$uv_tmp/root/sk"; do
	if [ "$(cat "$VSERVER_CONFDIR/sk/${f%%:*}")" = "${f#*:}" ]; then
		pass "build: ${f%%:*} is ${f#*:}"
	else
		fail "build: ${f%%:*} is not ${f#*:}"
	fi
done
for d in bin etc proc tmp dev var/run; do
	if [ -d "$uv_tmp/root/sk/$d" ]; then
		pass "build: the root has $d"
	else
		fail "build: the root lacks $d"
	fi
done
vrun sk check
expect_rc 0
vrun sk build -m skeleton --context 721 --rootdir "$uv_tmp/root"
expect_rc 1
expect_err "exists already"
vrun sk2 build -m bogus --context 722
expect_rc 2
expect_err "unknown method 'bogus'"
vrun sk2 build -m skeleton --context 1
expect_rc 2

# -- the legacy NAME.conf -------------------------------------------------
# Read when there is no directory NAME/: parsed, never run; each invalid
# line or value is refused naming the file and the line.
conf=$VSERVER_CONFDIR/l1.conf
mkdir -p "$uv_tmp/root/l1"
# legacy_conf LINE...: write l1.conf: the valid base, then the LINEs.
legacy_conf() {
	{
		echo '# a legacy guest'
		echo 'S_CONTEXT=741'
		echo 'IPROOT="10.77.2.1 lo:10.77.2.2/24"'
		echo 'IPROOTDEV=lo'
		echo "S_HOSTNAME='l1.example.org'   # its name"
		echo 'export S_DOMAINNAME=none'
		echo 'S_CAPS="CAP_NET_RAW"'
		echo 'S_FLAGS="lock nproc"'
		echo 'ULIMIT="-HS -u 1000"'
		echo 'S_NICE=5'
		echo 'ONBOOT=yes'
		echo 'PRIORITY=20'
		echo
		for l in "$@"; do
			printf '%s\n' "$l"
		done
	} >"$conf"
}
# lrefused LINE TEXT: the last run refused l1.conf, line LINE, with TEXT.
lrefused() {
	expect_rc 6
	expect_err "vserver l1: $conf:$1: "
	expect_err "$2"
}
ln -s "$uv_tmp/root" "$VSERVER_CONFDIR/.defaults/vdirbase"
legacy_conf
vrun l1 check
expect_rc 0
expect_exact err "vserver l1: the configuration is valid"
vrun l1 status
expect_rc 3
expect_out "Vserver 'l1' is stopped"
vrun l1 build -m skeleton --context 749 --rootdir "$uv_tmp/root"
expect_rc 1
expect_err "vserver l1: $conf exists already: the guest is configured (legacy)"
printf 'if true; then\nS_CONTEXT=741\n' >"$conf"
vrun l1 running
expect_rc 6
expect_err "vserver l1: $conf:1: not a VAR=value line"

legacy_conf "S_HOSTNAME=\$(touch $uv_tmp/ran)"
vrun l1 check
lrefused 14 "the value of S_HOSTNAME is neither a word nor a quoted string"
legacy_conf "S_HOSTNAME=x; touch $uv_tmp/ran"
vrun l1 check
lrefused 14 "the value of S_HOSTNAME is neither"
legacy_conf "touch $uv_tmp/ran"
vrun l1 check
lrefused 14 "not a VAR=value line"
legacy_conf 'S_HOSTNAME="`id`"'
vrun l1 check
lrefused 14 "neither a word nor a quoted string without"
legacy_conf 'IPROOT=10.77.2.9 touch x'
vrun l1 check
lrefused 14 "the value of IPROOT is neither"
legacy_conf 'case $PROFILE in' 'prod) IPROOT=10.77.2.9 ;;' 'esac'
vrun l1 check
lrefused 14 "not a VAR=value line (the file is read, not run as shell"
if [ -e "$uv_tmp/ran" ]; then
	fail "l1.conf: a command in it was run"
else
	pass "l1.conf: no command in it was run"
fi
legacy_conf 'PROFILE=prod'
vrun l1 check
lrefused 14 "unknown setting PROFILE"

for bad in "S_CONTEXT=1|is not a context id" "S_CONTEXT=|S_CONTEXT is not set" \
	"S_CAPS=CAP_BOGUS|capability 'CAP_BOGUS' is not valid" \
	"S_CAPS='CAP_NET_RAW !CAP_SYS_CHROOT'|!CAP_SYS_CHROOT (no chroot) is not supported" \
	"S_FLAGS='lock bogus'|context flag 'bogus' is not valid" \
	"S_NICE=20|'20' is not a nice value" "S_NICE=-3x|is not a nice value" \
	"ULIMIT='-HS -Q 5'|is refused by ulimit" "ULIMIT='-u \$x'|'\$x' in ULIMIT is not" \
	"ONBOOT=maybe|ONBOOT 'maybe' is neither yes nor no" \
	"PRIORITY=high|PRIORITY 'high' is not a number" \
	"IPROOTBCAST=10.77.2.255|IPROOTBCAST is not supported" \
	"IPROOT=10.77.2.300|'10.77.2.300/32' is not a valid address" \
	"IPROOT=0.0.0.0|IPROOT 0.0.0.0 (no network isolation) is not supported" \
	"IPROOT=ALL|IPROOT ALL" \
	"IPROOT=10.77.2.1/255.0.255.0|'255.0.255.0' in IPROOT is not a netmask" \
	"IPROOT='10.77.2.1 10.77.2.1'|the address 10.77.2.1 is given twice" \
	"IPROOT=nosuchdev0:10.77.2.1|there is no network device 'nosuchdev0'" \
	"IPROOTMASK=255.255.0.255|IPROOTMASK '255.255.0.255' is not a netmask"; do
	legacy_conf "${bad%%|*}"
	vrun l1 check
	lrefused 14 "${bad#*|}"
done
legacy_conf 'IPROOTDEV=nosuchdev0'
vrun l1 check
lrefused 14 "there is no network device 'nosuchdev0'"
legacy_conf 'IPROOT=10.77.2.3/16' 'IPROOTMASK=255.255.255.0' 'IPROOTDEV='
vrun l1 check
expect_rc 0
legacy_conf 'S_FLAGS="fakeinit lock"' 'S_CAPS=' 'IPROOT=' 'S_HOSTNAME='
vrun l1 check
expect_rc 0
{ echo 'S_HOSTNAME=l1'; echo 'IPROOT=10.77.2.7'; } >"$conf"
vrun l1 check
refused_l1() { expect_rc 6; expect_err "vserver l1: $conf: "; expect_err "$1"; }
refused_l1 "S_CONTEXT is not set"
rm -r "$uv_tmp/root/l1"
legacy_conf
vrun l1 check
expect_rc 6
expect_err "the root directory $uv_tmp/root/l1 does not exist"
mkdir "$uv_tmp/root/l1"

# A directory l1/ wins over l1.conf, as with the classic command.
mkdir -p "$VSERVER_CONFDIR/l1/apps/init"
echo 742 >"$VSERVER_CONFDIR/l1/context"
echo sysv >"$VSERVER_CONFDIR/l1/apps/init/style"
legacy_conf 'if true; then'
vrun l1 check
expect_rc 0
rm -r "$VSERVER_CONFDIR/l1"

# Duplicates between a legacy guest and a directory one, both ways.
legacy_conf 'S_CONTEXT=702'
vrun l1 check
lrefused 14 "context id 702 is also the one of guest g2 ($VSERVER_CONFDIR/g2/context)"
legacy_conf
echo 741 >"$cfg/context"
vrun g1 check
refused "$cfg/context" "context id 741 is also the one of guest l1 ($conf)"
echo 701 >"$cfg/context"
echo 10.77.2.2 >"$cfg/interfaces/0/ip"
vrun g1 check
refused "$cfg/interfaces/0/ip" "the address 10.77.2.2 is also one of guest l1 ($conf)"
echo 10.77.0.2 >"$cfg/interfaces/0/ip"
legacy_conf 'IPROOT=10.77.0.2'
vrun l1 check
lrefused 14 "the address 10.77.0.2 is also one of guest g1 ($cfg/interfaces/0/ip)"
# Two legacy guests.
legacy_conf
printf 'S_CONTEXT=741\nIPROOT=10.77.2.8\n' >"$VSERVER_CONFDIR/l2.conf"
mkdir -p "$uv_tmp/root/l2"
vrun l2 check
expect_rc 6
expect_err "vserver l2: $VSERVER_CONFDIR/l2.conf:1: context id 741 is also the one of guest l1 ($conf)"
printf 'S_CONTEXT=742\nIPROOT="lo:10.77.2.1"\n' >"$VSERVER_CONFDIR/l2.conf"
vrun l2 check
expect_rc 6
expect_err "vserver l2: $VSERVER_CONFDIR/l2.conf:2: the address 10.77.2.1 is also one of guest l1 ($conf)"
printf 'S_CONTEXT=742\nIPROOT="fd00:77::9/64"\n' >"$VSERVER_CONFDIR/l2.conf"
legacy_conf 'IPROOT=FD00:77:0::9'
vrun l1 check
lrefused 14 "the address fd00:77::9 is also one of guest l2 ($VSERVER_CONFDIR/l2.conf)"
rm "$VSERVER_CONFDIR/l2.conf" "$VSERVER_CONFDIR/.defaults/vdirbase"
vrun l2 status
expect_rc 5
expect_err "$VSERVER_CONFDIR/l2 does not exist, nor l2.conf"

finish
