# shellcheck shell=sh
# Shared helpers of the shell tests; sourced, not run.
#
# Each check prints "ok: ..." or "FAIL: ..." into the test's log; finish
# turns the failure count into the automake exit status.  Tests that do
# not apply exit 77 (skip); a broken environment exits 99 (hard error).

if [ -z "$UV_BUILDDIR" ] || [ -z "$UV_SRCDIR" ]; then
	echo "UV_BUILDDIR and UV_SRCDIR are unset: run this through 'make check'" >&2
	exit 99
fi

# shellcheck disable=SC2034 # used by the tests that source this file
TOOLS="vserver-info vcontext chcontext"

uv_failures=0
uv_tmp=$(mktemp -d "${TMPDIR:-/tmp}/uvtest.XXXXXX") || exit 99
trap 'rm -rf "$uv_tmp"' EXIT
: >"$uv_tmp/out"
: >"$uv_tmp/err"

# run TOOL ARG...: run a built tool, keep its output; sets rc and last.
run() {
	uv_tool=$1
	shift
	"$UV_BUILDDIR/src/$uv_tool" "$@" >"$uv_tmp/out" 2>"$uv_tmp/err"
	rc=$?
	last="$uv_tool $*"
}

pass() {
	echo "ok: $*"
}

fail() {
	echo "FAIL: $*"
	uv_failures=$((uv_failures + 1))
	sed 's/^/    stdout| /' "$uv_tmp/out"
	sed 's/^/    stderr| /' "$uv_tmp/err"
}

# expect_rc N: the last run exited with status N.
expect_rc() {
	if [ "$rc" = "$1" ]; then
		pass "$last: exit $1"
	else
		fail "$last: exit $rc, expected $1"
	fi
}

# expect_in out|err TEXT: that stream contains TEXT (a fixed string).
expect_in() {
	if grep -F -q -e "$2" "$uv_tmp/$1"; then
		pass "$last: $1 has '$2'"
	else
		fail "$last: $1 lacks '$2'"
	fi
}

expect_out() {
	expect_in out "$1"
}

expect_err() {
	expect_in err "$1"
}

# expect_exact out|err TEXT: that stream is exactly the line TEXT.
expect_exact() {
	printf '%s\n' "$2" >"$uv_tmp/want"
	if cmp -s "$uv_tmp/want" "$uv_tmp/$1"; then
		pass "$last: $1 is '$2'"
	else
		fail "$last: $1 is not exactly '$2'"
	fi
}

# expect_empty out|err: nothing was written to that stream.
expect_empty() {
	if [ -s "$uv_tmp/$1" ]; then
		fail "$last: unexpected $1"
	else
		pass "$last: no $1"
	fi
}

# long_options TOOL: the long options TOOL's source declares.
long_options() {
	sed -n 's/^[[:space:]]*{ "\([a-z-]*\)",.*_argument.*/\1/p' \
		"$UV_SRCDIR/util-vserver/src/$1.c"
}

finish() {
	echo "$uv_failures failure(s)"
	if [ "$uv_failures" -eq 0 ]; then
		exit 0
	fi
	exit 1
}
