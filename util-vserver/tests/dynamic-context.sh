# The kernel has no dynamic context ids: creating without an id is
# refused with a message saying so and naming the option to use.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

run chcontext -- true
expect_rc 1
expect_err "chcontext: dynamic contexts are not supported"
expect_err "use --ctx"

run chcontext --silent --flag lock -- true
expect_rc 1
expect_err "use --ctx"

run vcontext --create -- true
expect_rc 1
expect_err "vcontext: dynamic context ids are not supported"
expect_err "use --xid"

finish
