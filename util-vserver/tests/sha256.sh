# The SHA-256 the unifiers name their store entries by: the same digests
# as sha256sum(1), for files of awkward sizes (around the 55/56 bytes
# where the length spills into another block, and the 64-byte blocks),
# with the SHA extensions where the processor has them and in portable C.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

if ! command -v sha256sum >/dev/null 2>&1; then
	echo "no sha256sum to compare with"
	exit 77
fi
files=
for n in 0 1 3 55 56 57 63 64 65 119 120 127 128 4095 4096 4097 100001 262145; do
	head -c "$n" /dev/urandom >"$uv_tmp/f$n" || exit 99
	files="$files $uv_tmp/f$n"
done
# shellcheck disable=SC2086 # the list of files
sha256sum $files >"$uv_tmp/want" || exit 99
for mode in "" -p; do
	# shellcheck disable=SC2086
	"$UV_BUILDDIR/tests/sha256sum" $mode $files >"$uv_tmp/out" 2>"$uv_tmp/err"
	# shellcheck disable=SC2034 # read by expect_rc
	rc=$?
	last="sha256sum ${mode:-(fastest)}"
	expect_rc 0
	expect_empty err
	if cmp -s "$uv_tmp/want" "$uv_tmp/out"; then
		pass "$last: the digests of sha256sum"
	else
		fail "$last: other digests than sha256sum"
		diff "$uv_tmp/want" "$uv_tmp/out" | sed 's/^/    diff| /'
	fi
done

finish
