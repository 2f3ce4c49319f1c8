# vserver-info on guests (VSERVER_CONFDIR) and on the attributes of a
# context (the fake vserver(2)): CONTEXT, NAME, CFGDIR, VDIR, BCAPS,
# CCAPS, CFLAGS, and guest names wherever a context is asked for.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

VSERVER_CONFDIR=$uv_tmp/etc
export VSERVER_CONFDIR
mkdir -p "$VSERVER_CONFDIR/web" "$VSERVER_CONFDIR/db" "$VSERVER_CONFDIR/nox" \
	"$VSERVER_CONFDIR/bad" "$uv_tmp/roots/web"
echo 42 >"$VSERVER_CONFDIR/web/context"
printf '43  \n' >"$VSERVER_CONFDIR/db/context"
echo 0x10 >"$VSERVER_CONFDIR/bad/context"
ln -s "$uv_tmp/roots/web" "$VSERVER_CONFDIR/web/vdir"

# -- configuration only ------------------------------------------------------
run vserver-info web CONTEXT
expect_rc 0
expect_exact out 42
run vserver-info db CONTEXT
expect_exact out 43
run vserver-info 77 CONTEXT
expect_exact out 77
run vserver-info -q web CONTEXT
expect_rc 0
expect_empty out
for guest in nox bad nosuch "" . .. "web/.." .defaults; do
	run vserver-info -- "$guest" CONTEXT
	expect_rc 1
	expect_exact err "vserver-info: invalid context argument '$guest': expected a context id from 2 to 65535 or a guest with a context file in $VSERVER_CONFDIR"
done

for pair in 42:web 43:db 0:host 1:spectator; do
	run vserver-info "${pair%:*}" NAME
	expect_rc 0
	expect_exact out "${pair#*:}"
done
run vserver-info 44 NAME
expect_rc 1
expect_exact err "vserver-info: no guest in $VSERVER_CONFDIR has context 44"
run vserver-info web NAME
expect_rc 1
expect_err "invalid context argument 'web'"

run vserver-info web CFGDIR
expect_exact out "$(cd "$VSERVER_CONFDIR/web" && pwd -P)"
run vserver-info web VDIR
expect_exact out "$(cd "$uv_tmp/roots/web" && pwd -P)"
run vserver-info db VDIR
expect_rc 1
expect_exact err "vserver-info: cannot resolve $VSERVER_CONFDIR/db/vdir: No such file or directory"
run vserver-info nox CFGDIR
expect_rc 0
expect_exact out "$(cd "$VSERVER_CONFDIR/nox" && pwd -P)"
for guest in nosuch "" . .. .defaults web/.. ../etc/web; do
	run vserver-info -- "$guest" CFGDIR
	expect_rc 1
	expect_exact err "vserver-info: no guest '$guest' in $VSERVER_CONFDIR"
done

# No configuration directory at all: no guests, but the ids still work.
VSERVER_CONFDIR=$uv_tmp/none run vserver-info 42 NAME
expect_rc 1
expect_exact err "vserver-info: no guest in $uv_tmp/none has context 42"
VSERVER_CONFDIR=$uv_tmp/none run vserver-info 0 NAME
expect_exact out host

# -- with the (fake) kernel ---------------------------------------------------
use_fake_kernel
fake_context 42 4700000001 b40c24ff 10001

run vserver-info web BCAPS
expect_rc 0
expect_exact out "$(cap_names $((SECURE_CAPS | 1 << 13)))"
run vserver-info 42 CCAPS
expect_exact out "set_utsname,secure_mount"
run vserver-info web CFLAGS
expect_exact out "lock,state_setup,state_init,state_admin,persistent"
run vserver-info -q web CFLAGS
expect_rc 0
expect_empty out

fake_context 43 0
run vserver-info db CFLAGS
expect_rc 0
expect_exact out ""
run vserver-info db RUNNING
expect_rc 0
run vserver-info db INITPID
expect_exact out 0

run vserver-info 44 BCAPS
expect_rc 1
expect_exact err "vserver-info: cannot get the capability bound of context 44: No such process"
UV_FAKE_FAIL=get_ccaps:EPERM run vserver-info web CCAPS
expect_rc 1
expect_exact err "vserver-info: cannot get the context capabilities of context 42: Operation not permitted"
UV_FAKE_XID=43 run vserver-info web CFLAGS
expect_rc 1
expect_exact err "vserver-info: cannot get the flags of context 42: No such process"

finish
