# --version and -V: "TOOL (util-vserver) VERSION" on stdout, exit 0.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

for tool in $TOOLS; do
	for opt in --version -V; do
		run "$tool" "$opt"
		expect_rc 0
		expect_exact out "$tool (util-vserver) $UV_VERSION"
		expect_empty err
	done
done

finish
