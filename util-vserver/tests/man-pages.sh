# Each tool's man page: the sections a reader expects, every long option
# the tool declares, the exit status for a kernel without vserver
# support, and no warnings from groff (when it is installed).
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

sections="NAME SYNOPSIS DESCRIPTION OPTIONS \"EXIT STATUS\" EXAMPLES \"SEE ALSO\""
# These tools use no vserver(2): their pages say they never exit with 3.
no_kernel_tools="reducecap secure-mount chxid lsxid vdlimit vdu"

check_page() {	# check_page TOOL
	tool=$1
	page=$UV_SRCDIR/doc/man/$tool.8
	last="$tool.8"
	if ! [ -f "$page" ]; then
		fail "$page is missing"
		return
	fi
	cp "$page" "$uv_tmp/out"
	: >"$uv_tmp/err"
	eval "set -- $sections"
	for s in "$@"; do
		expect_out ".SH $s"
	done
	# Options are written with escaped hyphens: \-\-migrate\-self.
	for opt in $(long_options "$tool"); do
		expect_out "$(printf -- '--%s' "$opt" | sed 's/-/\\-/g')"
	done
	case " $no_kernel_tools " in
	*" $tool "*)
		expect_out "never exits with 3" ;;
	*)
		expect_out "kernel lacks vserver support"
		expect_out ".B 3" ;;
	esac
}

lint_page() {	# lint_page TOOL
	page=$UV_SRCDIR/doc/man/$1.8
	last="groff $1.8"
	LC_ALL=C.UTF-8 groff -man -ww -z -Tutf8 "$page" >"$uv_tmp/out" 2>"$uv_tmp/err"
	rc=$?
	expect_rc 0
	expect_empty err
}

for tool in $TOOLS; do
	check_page "$tool"
	if command -v groff >/dev/null 2>&1; then
		lint_page "$tool"
	fi
done

# The shell commands and init scripts: the same sections; their long
# options are in their --help (vserver, vshelper).
for page in vserver vshelper vservers util-vserver; do
	last="$page.8"
	cp "$UV_SRCDIR/doc/man/$page.8" "$uv_tmp/out" || { fail "$page.8 is missing"; continue; }
	: >"$uv_tmp/err"
	eval "set -- $sections"
	for s in "$@"; do
		expect_out ".SH $s"
	done
	case $page in
	vserver | vshelper)
		for opt in --confdir --help --version; do
			expect_out "$(printf -- '%s' "$opt" | sed 's/-/\\-/g')"
		done ;;
	esac
	if command -v groff >/dev/null 2>&1; then
		lint_page "$page"
	fi
done

finish
