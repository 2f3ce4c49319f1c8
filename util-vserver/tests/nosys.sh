# On a kernel without vserver(2) every tool that reaches the kernel says
# exactly "TOOL: kernel lacks vserver support" and exits 3.  Skipped on a
# kernel that has the system call (the in-VM suite covers that case).
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

probe=$("$UV_BUILDDIR/tests/vserver-probe")
if [ "$probe" != nosys ]; then
	echo "this kernel answers vserver(2) ($probe); nothing to test here"
	exit 77
fi

nosys() {	# nosys TOOL ARG...
	run "$@"
	expect_rc 3
	expect_exact err "$1: kernel lacks vserver support"
	expect_empty out
}

nosys vserver-info - APIVER
nosys vserver-info - VCI
nosys vserver-info self XID
nosys vserver-info - XID
nosys vserver-info 1 XID
nosys vserver-info -q self XID
nosys vserver-info 42 INITPID
nosys vserver-info 42 RUNNING
nosys vserver-info - FEATURE vserver
nosys vserver-info - FEATURE dynamic
nosys vcontext --create --xid 42 -- true
nosys vcontext --create --xid 42 --silent --flag persistent,~state_setup -- true
nosys vcontext --create --xid 42 --silentexist -- true
nosys vcontext --migrate --xid 42 -- true
nosys vcontext --migrate-self --xid 42 -- true
nosys vcontext --migrate --xid 1 -- true
nosys chcontext --ctx 42 -- true
nosys chcontext --xid 42 --flag lock -- true
nosys chcontext --ctx 1 -- true
nosys chcontext --ctx 42 --secure --cap NET_RAW -- true
nosys chcontext --ctx 42 --disconnect -- true
nosys vserver-info 42 BCAPS
nosys vserver-info 42 CCAPS
nosys vserver-info 42 CFLAGS
nosys vattribute --xid 42 --get
nosys vattribute --xid 42 --secure --flag ~state_setup
nosys vattribute --get
nosys vlimit --xid 42 --nproc 100
nosys vlimit --xid 42 -a --stat
nosys vlimit --xid 42 --reset-hits
nosys vlimit --nproc 100
nosys vuname --xid 42
nosys vuname --xid 42 --get context
nosys vuname --xid 42 -t nodename=web -t context=web -- true
nosys vuname -t nodename=web
nosys vtag --migrate --tag 42 -- true
nosys vtag --create --tag 42 --silent -- true
nosys vkill --xid 42
nosys vkill --xid 42 -s KILL 1 1234
nosys vkill -s HUP
nosys vps ax
nosys vtop -b -n 1
nosys vserver-stat
nosys ncontext --create --nid 300 -- true
nosys ncontext --create --silent --flag persistent -- true
nosys ncontext --create --nid 300 --silentexist -- true
nosys ncontext --migrate --nid 300 -- true
nosys ncontext --create --nid 300 --disconnect -- true
nosys naddress --add --nid 300 --ip 10.0.0.2/24 --ip fd00::2
nosys naddress --remove --nid 300 --net 10.1.0.0/16
nosys naddress --set --nid 300 --range 10.0.0.1-10.0.0.9
nosys naddress --add --nid self --lback 127.0.0.2
nosys nattribute --nid 300 --get
nosys nattribute --nid 300 --secure --flag ~state_setup
nosys nattribute --nid self --ncap raw_icmp
nosys chbind --ip 10.0.0.2 -- true
nosys chbind --nid 300 --ip 10.0.0.2/24 --secure --flag persistent -- true
nosys setattr --barrier /
nosys setattr -R --~iunlink /dev
nosys showattr -d /
nosys showattr /
# The unifiers, on small trees: the first file to link asks the kernel.
mkdir -p "$uv_tmp/v/g1/usr" "$uv_tmp/v/g2/usr" || exit 99
echo "a file" >"$uv_tmp/v/g1/usr/f"
nosys vhashify --hashdir "$uv_tmp/v/.hash" "$uv_tmp/v/g1"
nosys vhashify -n --hashdir "$uv_tmp/v/.hash" "$uv_tmp/v/g1"
for g in g1 g2; do
	mkdir -p "$uv_tmp/v/$g/var/lib/dpkg/info" || exit 99
	printf 'Package: p\nStatus: install ok installed\nVersion: 1\n' \
		>"$uv_tmp/v/$g/var/lib/dpkg/status"
	echo /usr/f >"$uv_tmp/v/$g/var/lib/dpkg/info/p.list"
done
cp -p "$uv_tmp/v/g1/usr/f" "$uv_tmp/v/g2/usr/f"
nosys vunify "$uv_tmp/v/g1" "$uv_tmp/v/g2"
nosys vunify -n "$uv_tmp/v/g1" "$uv_tmp/v/g2"

# vwait reports on its status file descriptor too.
run vwait --timeout 5 42
expect_rc 3
expect_exact err "vwait: kernel lacks vserver support"
expect_exact out "ERROR cannot wait for context 42: Function not implemented"

finish
