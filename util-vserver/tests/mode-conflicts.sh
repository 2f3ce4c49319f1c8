# vcontext option combinations that cannot mean anything are refused
# up front rather than silently ignored.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

conflict() {	# conflict MESSAGE ARG...
	uv_msg=$1
	shift
	run vcontext "$@" -- true
	expect_rc 1
	expect_err "$uv_msg"
	expect_empty out
}

conflict "--create and --migrate are mutually exclusive" \
	--create --migrate --xid 42
conflict "--migrate and --create are mutually exclusive" \
	--migrate --create --xid 42
conflict "--create and --migrate-self are mutually exclusive" \
	--create --migrate-self --xid 42
conflict "one of --create or --migrate is required" --xid 42
conflict "--migrate needs --xid" --migrate
conflict "--migrate-self needs --xid" --migrate-self
conflict "--flag is only valid with --create" --migrate --xid 42 --flag lock
conflict "--silentexist is only valid with --create" \
	--migrate --xid 42 --silentexist

# chcontext: the spectator has no object to put flags on.
run chcontext --ctx 1 --flag lock -- true
expect_rc 1
expect_err "--flag cannot be used with the spectator context"

finish
