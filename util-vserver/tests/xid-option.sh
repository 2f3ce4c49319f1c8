# Bad context ids are refused before any system call, with a message
# that names the option as the user spelled it.  0 is the host and 65535
# the last id; 1 (the spectator) can be entered but never created.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

bad_always="0 65536 4294967298 abc -1 +5 0x10 5x 99999999999999999999999"

check_refused() {	# check_refused OPTION TOOL ARG...
	uv_opt=$1
	shift
	run "$@"
	expect_rc 1
	expect_err "invalid $uv_opt argument"
	expect_empty out
}

for v in $bad_always 1 "" " 5"; do
	check_refused --xid vcontext --create --xid "$v" -- true
done
for v in $bad_always "" " 5"; do
	check_refused --xid vcontext --migrate --xid "$v" -- true
	check_refused --xid vcontext --xid "$v" --migrate-self -- true
	check_refused --ctx chcontext --ctx "$v" -- true
	check_refused --xid chcontext --xid "$v" -- true
	check_refused --xid vlimit --xid "$v" --nproc 5
	check_refused -c vlimit -c "$v" -a
	check_refused --xid vuname --xid "$v" -t nodename=web
	check_refused --xid vuname --xid "$v" --get nodename
done

# The message says what would have been accepted.
run vcontext --create --xid 1 -- true
expect_err "vcontext: invalid --xid argument '1': expected a context id from 2 to 65535"
run chcontext --ctx 0 -- true
expect_err "chcontext: invalid --ctx argument '0': expected a context id from 1 to 65535"

# vserver-info checks its positional numbers the same way ("--" lets
# "-1" through getopt to the number parser).
for v in $bad_always 1; do
	check_refused context vserver-info -- "$v" INITPID
	check_refused context vserver-info -- "$v" RUNNING
done
for v in 0 -1 abc 99999999999 ""; do
	check_refused pid vserver-info -- "$v" XID
done

finish
