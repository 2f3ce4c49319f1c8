# --flag: unknown and empty names are refused, naming the option and the
# bad item; a leading ~ is accepted (checked further by parse-cflags).
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

for tool in vcontext chcontext; do
	if [ "$tool" = vcontext ]; then
		set -- --create --xid 42
	else
		set -- --ctx 42
	fi

	run "$tool" "$@" --flag bogus -- true
	expect_rc 1
	expect_err "$tool: invalid --flag argument: unknown flag 'bogus'"

	run "$tool" "$@" --flag lock,~nosuch,sched -- true
	expect_rc 1
	expect_err "unknown flag '~nosuch'"

	for list in "" "lock," ",lock" "lock,,sched" "~"; do
		run "$tool" "$@" --flag "$list" -- true
		expect_rc 1
		expect_err "invalid --flag argument"
	done
	run "$tool" "$@" --flag "" -- true
	expect_err "empty flag name"
done

finish
