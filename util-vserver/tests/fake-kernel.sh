# The tools' success paths against a fake vserver(2) (fake-vserver.so,
# preloaded): values printed, flags passed, create-or-enter, existing
# contexts, nesting, exec failures.  Skipped for static tools, which an
# LD_PRELOAD cannot reach.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

use_fake_kernel

# -- vserver-info -------------------------------------------------------
run vserver-info - APIVER
expect_exact out 0x00020308
run vserver-info - VCI
expect_exact out 0x00000101
run vserver-info self XID
expect_exact out 0
run vserver-info -q self XID
expect_rc 0
expect_empty out
run vserver-info - FEATURE vserver
expect_rc 0
run vserver-info - FEATURE migrate
expect_rc 0
run vserver-info - FEATURE dynamic
expect_rc 1
expect_empty err
# Copy-on-write link breaking: VCI bit 8, as the kernel reports it.
run vserver-info - FEATURE cowbl
expect_rc 0
expect_empty out
expect_empty err
UV_FAKE_VCI=1 run vserver-info - FEATURE cowbl
expect_rc 1
expect_empty err
UV_FAKE_VCI=1 run vserver-info - VCI
expect_exact out 0x00000001
run vserver-info 1 XID
expect_exact out 0
run vserver-info 2147483647 XID
expect_rc 1
expect_exact err "vserver-info: cannot get the context of pid 2147483647: No such process"
run vserver-info 77 RUNNING
expect_rc 1
expect_empty err

# -- vcontext --create ---------------------------------------------------
run vcontext --create --xid 42 -- "$UV_BUILDDIR/src/vserver-info" self XID
expect_rc 0
expect_exact out 42
expect_exact err "New security context is 42"
expect_log "create 42 0x700000000"

run vserver-info 42 RUNNING
expect_rc 0
run vserver-info 42 INITPID
expect_exact out 0

# 42 exists and is still in setup: EBUSY.
run vcontext --create --xid 42 -- true
expect_rc 1
expect_exact err "vcontext: cannot create context 42: Device or resource busy"
run vcontext --create --silentexist --xid 42 -- true
expect_rc 254
expect_empty err

# Flags: the defaults plus and minus the list.  43 leaves setup: EEXIST.
run vcontext --create --silent --xid 43 --flag persistent,~state_setup \
	--flag LOCK -- true
expect_rc 0
expect_empty err
expect_log "create 43 0x4600000001"
run vcontext --create --xid 43 -- true
expect_exact err "vcontext: cannot create context 43: File exists"
run vcontext --create --silentexist --xid 43 -- true
expect_rc 254

# Only the host creates or enters contexts.
run vcontext --create --silent --xid 44 -- \
	"$UV_BUILDDIR/src/vcontext" --create --xid 45 -- true
expect_rc 1
expect_exact err "vcontext: cannot create context 45: Operation not permitted"

# -- vcontext --migrate --------------------------------------------------
for mode in --migrate --migrate-self; do
	run vcontext "$mode" --xid 42 -- "$UV_BUILDDIR/src/vserver-info" self XID
	expect_rc 0
	expect_exact out 42
	expect_empty err
done
run vcontext --migrate --xid 1 -- "$UV_BUILDDIR/src/vserver-info" self XID
expect_exact out 1
run vcontext --migrate --xid 46 -- true
expect_rc 1
expect_exact err "vcontext: cannot enter context 46: No such process"

# -- chcontext: create, else enter ---------------------------------------
: >"$UV_FAKE_DIR/log"
run chcontext --ctx 50 -- "$UV_BUILDDIR/src/vserver-info" self XID
expect_rc 0
expect_exact out 50
expect_exact err "New security context is 50"
expect_log "create 50 0x700000000"

: >"$UV_FAKE_DIR/log"
run chcontext --xid 50 --flag lock -- "$UV_BUILDDIR/src/vserver-info" self XID
expect_exact out 50
expect_err "chcontext: context 50 exists; --flag ignored"
expect_err "New security context is 50"
expect_log "create 50 0x700000001"
expect_log "migrate 50 0x0"

: >"$UV_FAKE_DIR/log"
run chcontext --silent --ctx 1 -- "$UV_BUILDDIR/src/vserver-info" self XID
expect_exact out 1
expect_empty err
expect_log "migrate 1 0x0"

# -- exec failures --------------------------------------------------------
run vcontext --create --silent --xid 60 -- "$uv_tmp/no-such-command"
expect_rc 127
expect_exact err "vcontext: failed to execute $uv_tmp/no-such-command: No such file or directory"
: >"$uv_tmp/not-executable"
run chcontext --silent --ctx 61 -- "$uv_tmp/not-executable"
expect_rc 126
expect_err "chcontext: failed to execute $uv_tmp/not-executable: Permission denied"

# -- EOPNOTSUPP from a vserver kernel: one command missing, not the kernel -
UV_FAKE_REFUSE=vx_info run vserver-info 42 INITPID
expect_rc 1
expect_exact err "vserver-info: cannot get information on context 42: Operation not supported"
UV_FAKE_REFUSE=get_version run vserver-info - APIVER
expect_rc 3
expect_exact err "vserver-info: kernel lacks vserver support"

finish
