# A failed write to stdout is an error, reported and turned into exit 1
# (the util-linux close_stdout rule), not a silent success.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

if ! [ -c /dev/full ]; then
	echo "no /dev/full"
	exit 77
fi

for tool in $TOOLS; do
	for opt in --help --version; do
		"$UV_BUILDDIR/src/$tool" "$opt" >/dev/full 2>"$uv_tmp/err"
		rc=$?
		last="$tool $opt >/dev/full"
		: >"$uv_tmp/out"
		expect_rc 1
		expect_err "$tool: write error"
	done
done

"$UV_BUILDDIR/src/vserver-info" -l >/dev/full 2>"$uv_tmp/err"
rc=$?
last="vserver-info -l >/dev/full"
expect_rc 1
expect_err "write error"

finish
