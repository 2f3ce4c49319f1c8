# The vserver command, as built, on a scratch configuration directory:
# "check" accepts a valid guest and refuses each kind of invalid
# configuration with exit 6, naming the file (and the line of a list);
# usage errors, a guest that is not configured, status of a guest whose
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
export VSERVER_CONFDIR VSERVER_SBINDIR
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

mkdir -p "$cfg/uts"
awk 'BEGIN { while (n++ < 65) printf "x"; print "" }' >"$cfg/uts/nodename"
vrun g1 check
refused "$cfg/uts/nodename" "longer than 64 bytes"
rm "$cfg/uts/nodename"

vrun g1 check
expect_rc 0

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
vrun sk2 build -m debootstrap --context 722
expect_rc 2
vrun sk2 build -m skeleton --context 1
expect_rc 2

finish
