# vtag against the fake vserver(2): the tag the command runs with, the
# report of --create, bad tags and command lines refused before the
# kernel is asked, and the kernel's refusals.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

use_fake_kernel
guest_context web 42
guest_context bad nonsense

# tag_is TAG: the command ran with tag TAG (the fake keeps it in
# UV_FAKE_TAG, which survives the exec).
tag_is() {
	expect_exact out "$1"
}

# -- success ---------------------------------------------------------------
fake_reset
run vtag --migrate --tag 42 -- printenv UV_FAKE_TAG
expect_rc 0
tag_is 42
expect_empty err
expect_log_is "tag_migrate 42"

# A guest's name stands for its context id; the command's own options are
# left alone ("+" optstring), and its exit status is vtag's.
fake_reset
# shellcheck disable=SC2016 # expanded by the command's shell
run vtag --migrate --tag web sh -c 'echo "$UV_FAKE_TAG"; exit 7' --tag 9
expect_rc 7
tag_is 42
expect_log_is "tag_migrate 42"

# --create: the same call, reported on stderr unless --silent;
# --silentexist is accepted and changes nothing.
fake_reset
run vtag --create --tag 43 -- printenv UV_FAKE_TAG
expect_rc 0
tag_is 43
expect_exact err "New tag context is 43"
expect_log_is "tag_migrate 43"
for opts in "--silent" "--silent --silentexist"; do
	fake_reset
	# shellcheck disable=SC2086 # word splitting wanted
	run vtag --create $opts --tag 44 -- printenv UV_FAKE_TAG
	expect_rc 0
	tag_is 44
	expect_empty err
	expect_log_is "tag_migrate 44"
done
run vtag --migrate --silent --tag 45 -- printenv UV_FAKE_TAG
expect_rc 0
tag_is 45
expect_empty err

# Tag 0 takes a tag away (the command inherited 42 from the first vtag).
fake_reset
UV_FAKE_TAG=42 run vtag --migrate --tag 0 -- printenv UV_FAKE_TAG
expect_rc 0
tag_is 0
expect_log_is "tag_migrate 0"

# Chained with vcontext, as the vserver command enters a guest.
fake_context 42 0
fake_reset
# shellcheck disable=SC2016 # expanded by the command's shell
run vtag --migrate --tag 42 -- "$UV_BUILDDIR/src/vcontext" --migrate --xid 42 -- \
	sh -c 'echo "$UV_FAKE_TAG $UV_FAKE_XID"'
expect_rc 0
expect_exact out "42 42"

# -- bad tags: nothing reaches the kernel ------------------------------------
refused() {	# refused TEXT ARG...
	uv_text=$1
	shift
	fake_reset
	run vtag "$@"
	expect_rc 1
	expect_exact err "vtag: $uv_text"
	expect_empty out
	expect_no_call
}
refused "invalid --tag argument '65536': expected a tag from 0 to 65535, or a guest's name" \
	--migrate --tag 65536 -- true
refused "invalid --tag argument '1': 1 is the spectator context, which owns no files: expected 0 (no tag), a tag from 2 to 65535, or a guest's name" \
	--migrate --tag 1 -- true
refused "invalid --tag argument '0': expected a tag from 2 to 65535, or a guest's name" \
	--create --tag 0 -- true
refused "invalid --tag argument '-5': no guest of that name (no file $VSERVER_CONFDIR/-5/context)" \
	--migrate --tag -5 -- true
refused "invalid --tag argument '../web': expected a tag from 0 to 65535, or a guest's name" \
	--migrate --tag ../web -- true
refused "invalid --tag argument '': expected a tag from 0 to 65535, or a guest's name" \
	--migrate --tag '' -- true
refused "invalid --tag argument 'nosuch': no guest of that name (no file $VSERVER_CONFDIR/nosuch/context)" \
	--migrate --tag nosuch -- true
refused "invalid --tag argument 'bad': $VSERVER_CONFDIR/bad/context holds no context id from 2 to 65535" \
	--migrate --tag bad -- true

# -- bad command lines ---------------------------------------------------------
usage_error() {	# usage_error TEXT ARG...
	uv_text=$1
	shift
	fake_reset
	run vtag "$@"
	expect_rc 1
	expect_err "vtag: $uv_text"
	expect_err "Try 'vtag --help' for more information."
	expect_empty out
	expect_no_call
}
usage_error "no command given" --migrate --tag 42
usage_error "no command given" --migrate --tag 42 --
usage_error "no command given" --create --tag 42
usage_error "one of --create or --migrate is required" --tag 42 -- true
refused "--migrate needs --tag" --migrate -- true
refused "--create needs --tag" --create -- true
refused "--migrate and --create are mutually exclusive" --migrate --create --tag 42 -- true
refused "--silentexist is only valid with --create" --migrate --silentexist --tag 42 -- true

# -- the kernel refuses ------------------------------------------------------
# A guest may not set a tag.
fake_context 50 0
fake_reset
UV_FAKE_XID=50 run vtag --migrate --tag 50 -- printenv UV_FAKE_TAG
expect_rc 1
expect_exact err "vtag: cannot set the tag of this process to 50: Operation not permitted (only root in the host context may)"
expect_empty out
expect_log_is "tag_migrate 50"

UV_FAKE_FAIL=tag_migrate:EINVAL run vtag --create --tag 42 -- true
expect_rc 1
expect_exact err "vtag: cannot set the tag of this process to 42: Invalid argument"
expect_empty out

# A vserver kernel without tags for processes.
UV_FAKE_REFUSE=tag_migrate run vtag --migrate --tag 42 -- true
expect_rc 3
expect_exact err "vtag: kernel lacks file tag support"
expect_empty out

# The command cannot run.
run vtag --migrate --tag 42 -- "$uv_tmp/no-such-command"
expect_rc 127
run vtag --migrate --tag 42 -- "$uv_tmp"
expect_rc 126

finish
