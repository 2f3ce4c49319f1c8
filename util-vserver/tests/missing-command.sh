# A tool that execs a command refuses to run without one; vserver-info
# needs <what> and <tag>.  All exit 1 before touching the kernel.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

for args in "--create --xid 42" "--create --xid 42 --" "--migrate --xid 42 --"; do
	# shellcheck disable=SC2086 # word splitting wanted
	run vcontext $args
	expect_rc 1
	expect_err "vcontext: no command given"
	expect_err "Try 'vcontext --help'"
done

for args in "--ctx 42" "--ctx 42 --" "--xid 42 --"; do
	# shellcheck disable=SC2086
	run chcontext $args
	expect_rc 1
	expect_err "chcontext: no command given"
	expect_err "Try 'chcontext --help'"
done

run vserver-info
expect_rc 1
expect_err "vserver-info: missing <what> and <tag>"
run vserver-info -
expect_rc 1
expect_err "vserver-info: missing tag"
expect_err "Try 'vserver-info --help'"

finish
