# --help and -h: complete usage on stdout, exit 0.  "Complete" is checked
# against the source: every long option a tool declares must be listed.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

for tool in $TOOLS; do
	run "$tool" --help
	expect_rc 0
	expect_out "Usage:"
	expect_out "Exit status:"
	expect_empty err
	cp "$uv_tmp/out" "$uv_tmp/help"

	for opt in $(long_options "$tool"); do
		expect_out "--$opt"
	done

	run "$tool" -h
	expect_rc 0
	if cmp -s "$uv_tmp/help" "$uv_tmp/out"; then
		pass "$tool -h prints the same as --help"
	else
		fail "$tool -h differs from --help"
	fi
done

finish
