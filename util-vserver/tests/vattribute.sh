# vattribute against the fake vserver(2): what it sets (value and mask,
# in the kernel's log), what --get prints, the default context, exec,
# and the kernel's refusals.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

use_fake_kernel

# -- --get on a new context --------------------------------------------------
fake_context 42
run vattribute --xid 42 --get
expect_rc 0
expect_empty err
printf '%s\n' "bcaps: $ALL_CAP_NAMES" "ccaps:" \
	"flags: state_setup,state_init,state_admin" >"$uv_tmp/want"
if cmp -s "$uv_tmp/want" "$uv_tmp/out"; then
	pass "$last: every capability, no ccaps, the setup flags"
else
	fail "$last: unexpected output"
fi

# -- setting: only the named bits, in the mask ------------------------------
run vattribute --xid 42 --bcap ~CAP_SYS_ADMIN,net_raw --ccap set_utsname \
	--ccap secure_mount,~raw_icmp --flag lock,~state_setup
expect_rc 0
expect_empty out
expect_empty err
expect_log "set_bcaps 42 0x2000 0x202000"
expect_log "set_ccaps 42 0x10001 0x10101"
expect_log "set_cflags 42 0x1 0x100000001"

# The bound first, the flags last (clearing setup may end the changes).
if sed -n 's/ .*//p' "$UV_FAKE_DIR/log" | tr '\n' ' ' |
	grep -q '^set_bcaps set_ccaps set_cflags $'; then
	pass "$last: bound, then context capabilities, then flags"
else
	fail "$last: wrong order of the changes"
fi

run vattribute --xid 42 --get
expect_out "ccaps: set_utsname,secure_mount"
expect_out "flags: lock,state_init,state_admin"
if grep -q 'CAP_SYS_ADMIN' "$uv_tmp/out"; then
	fail "$last: CAP_SYS_ADMIN still in the bound"
else
	pass "$last: CAP_SYS_ADMIN left the bound"
fi

# --secure: exactly the secure set, with --bcap on top in any order.
: >"$UV_FAKE_DIR/log"
run vattribute --bcap CAP_NET_RAW --xid 42 --secure --bcap ~kill
expect_rc 0
expect_log "set_bcaps 42 $(printf '%#x' $(((SECURE_CAPS | 0x2000) & ~0x20))) 0x1ffffffffff"
run vattribute --xid 42 --get
expect_out "bcaps: CAP_CHOWN,CAP_DAC_OVERRIDE,CAP_DAC_READ_SEARCH,CAP_FOWNER,CAP_FSETID,CAP_SETGID,CAP_SETUID,CAP_NET_BIND_SERVICE,CAP_NET_RAW,CAP_SYS_CHROOT,CAP_SYS_PTRACE,CAP_SYS_TTY_CONFIG,CAP_LEASE,CAP_AUDIT_WRITE,CAP_SETFCAP"

# --set is accepted and changes nothing by itself.
: >"$UV_FAKE_DIR/log"
run vattribute --set --xid 42 --flag ~lock
expect_rc 0
expect_log "set_cflags 42 0x0 0x1"

# Bits the table does not name are shown as a number.
fake_context 43 700000000 1 8000000000000000
run vattribute --xid 43 --get
expect_out "bcaps: CAP_CHOWN"
expect_out "ccaps: 0x8000000000000000"

# -- the default context: the caller's own ------------------------------------
fake_context 44
: >"$UV_FAKE_DIR/log"
UV_FAKE_XID=44 run vattribute --flag ~state_setup -- "$UV_BUILDDIR/src/vattribute" --get
expect_rc 0
expect_log "set_cflags 44 0x0 0x100000000"
expect_out "flags: state_init,state_admin"

run vattribute --get
expect_rc 1
expect_exact err "vattribute: this process is in the host context, which is not a guest: use --xid to name a context"
UV_FAKE_XID=1 run vattribute --flag lock
expect_rc 1
expect_err "in the spectator context, which is not a guest: use --xid"

# -- --get then exec: the output comes first, the command runs after ---------
run vattribute --xid 42 --get -- sh -c 'echo command ran'
expect_rc 0
if [ "$(tail -n 1 "$uv_tmp/out")" = "command ran" ] &&
	[ "$(sed -n 1p "$uv_tmp/out" | cut -c1-6)" = "bcaps:" ]; then
	pass "$last: --get output, then the command"
else
	fail "$last: output out of order"
fi
run vattribute --xid 42 --flag lock -- sh -c 'exit 7'
expect_rc 7
run vattribute --xid 42 -- "$uv_tmp/no-such-command"
expect_rc 127
expect_err "vattribute: failed to execute $uv_tmp/no-such-command"

# -- refusals ------------------------------------------------------------------
run vattribute --xid 45 --flag lock
expect_rc 1
expect_exact err "vattribute: cannot set the flags of context 45: No such process"
run vattribute --xid 45 --get
expect_rc 1
expect_exact err "vattribute: cannot get the capability bound of context 45: No such process"

# A guest out of setup (44 above) changes nothing, not even itself.
UV_FAKE_XID=44 run vattribute --bcap ~CAP_KILL
expect_rc 1
expect_exact err "vattribute: cannot set the capability bound of context 44: Operation not permitted"

# The host gave up administering 46.
fake_context 46 300000000
run vattribute --xid 46 --ccap set_utsname
expect_rc 1
expect_exact err "vattribute: cannot set the context capabilities of context 46: it no longer accepts administration (state_admin is cleared)"

# One change refused: nothing after it is tried.
: >"$UV_FAKE_DIR/log"
UV_FAKE_FAIL=set_ccaps:EINVAL run vattribute --xid 42 --bcap kill --ccap kthread --flag lock
expect_rc 1
expect_exact err "vattribute: cannot set the context capabilities of context 42: Invalid argument"
expect_no_log "set_cflags"

UV_FAKE_REFUSE=get_bcaps run vattribute --xid 42 --get
expect_rc 1
expect_exact err "vattribute: cannot get the capability bound of context 42: Operation not supported"

finish
