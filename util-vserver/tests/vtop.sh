# vtop against the fake vserver(2) and a fake top: top runs in the
# spectator context with the arguments untouched.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

use_fake_kernel

# A top that says where it runs and with what.
mkdir "$uv_tmp/bin"
cat >"$uv_tmp/bin/top" <<EOT
#!/bin/sh
echo "context \$("$UV_BUILDDIR/src/vserver-info" self XID): \$*"
exit \${FAKE_TOP_EXIT:-0}
EOT
chmod +x "$uv_tmp/bin/top"
PATH=$uv_tmp/bin:$PATH

run vtop -b -n 1
expect_rc 0
expect_exact out "context 1: -b -n 1"
expect_empty err
expect_log "migrate 1 0x0"

run vtop -- -h --bogus
expect_exact out "context 1: -h --bogus"
run vtop
expect_exact out "context 1: "
FAKE_TOP_EXIT=5 run vtop -d 1
expect_rc 5

# Inside a guest: top runs there.
fake_context 42
: >"$UV_FAKE_DIR/log"
UV_FAKE_XID=42 run vtop -b
expect_exact out "context 42: -b"
expect_no_log "migrate"

UV_FAKE_FAIL=ctx_migrate:EPERM run vtop -b
expect_rc 1
expect_exact err "vtop: cannot enter the spectator context: Operation not permitted"
expect_empty out
PATH=$uv_tmp/nowhere run vtop -b
expect_rc 127
expect_exact err "vtop: failed to execute top: No such file or directory"

finish
