# A tool that execs a command refuses to run without one (vattribute
# and reducecap unless they have something else to do); vserver-info
# needs <what> and <tag>, vwait one context.  All exit 1 before touching
# the kernel.
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

run vattribute --xid 42
expect_rc 1
expect_err "vattribute: nothing to do: give --bcap, --ccap, --flag, --secure, --get or a command"
expect_err "Try 'vattribute --help'"

for args in "" "--cap ~KILL" "--secure --"; do
	# shellcheck disable=SC2086
	run reducecap $args
	expect_rc 1
	expect_err "reducecap: no command given"
	expect_err "Try 'reducecap --help'"
done

run vwait --timeout 5
expect_rc 1
expect_err "vwait: no context given"
expect_err "Try 'vwait --help'"
run vwait 42 43
expect_rc 1
expect_err "vwait: unexpected argument '43'"

run vserver-stat extra
expect_rc 1
expect_err "vserver-stat: unexpected argument 'extra'"

run vserver-info
expect_rc 1
expect_err "vserver-info: missing <what> and <tag>"
run vserver-info -
expect_rc 1
expect_err "vserver-info: missing tag"
expect_err "Try 'vserver-info --help'"

finish
