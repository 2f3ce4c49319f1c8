# util-vserver/include/uapi/linux/vserver.h must be a verbatim copy of
# the header the kernel patch series installs.  The series is replayed
# for that one file (a later patch may extend the header), and the
# result compared.  Skipped while no patch adds the header.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

header=include/uapi/linux/vserver.h
patchdir=${UV_PATCHDIR:-$UV_SRCDIR/patches}
copy=$UV_SRCDIR/util-vserver/include/uapi/linux/vserver.h

if ! [ -f "$patchdir/series" ]; then
	echo "no $patchdir/series"
	exit 77
fi

# The series' patches in order, without comments or per-patch options.
sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$patchdir/series" |
	while read -r p rest; do echo "$p"; done >"$uv_tmp/series"

# extract FILE < PATCH: the parts of a unified diff that touch FILE
# (paths given with one leading component, as for patch -p1).  Hunks are
# consumed by their line counts, so a removed line starting with "--- "
# is not mistaken for a file header.
extract() {
	awk -v want="$1" '
	function strip(path) {
		sub(/[\t].*$/, "", path)
		sub(/^[^\/]*\//, "", path)
		return path
	}
	function count(spec,   n) {
		n = split(spec, f, ",")
		return n > 1 ? f[2] + 0 : 1
	}
	old > 0 || new > 0 {
		# An empty line is a blank context line whose space was dropped.
		c = substr($0, 1, 1)
		if (c == "") c = " "
		if (c == " " || c == "-") old--
		if (c == " " || c == "+") new--
		if (keep) print
		next
	}
	/^--- / { minus = $0; next }
	/^\+\+\+ / && minus != "" {
		keep = strip(substr($0, 5)) == want
		if (keep) { print minus; print }
		minus = ""
		next
	}
	/^@@ / {
		split($0, h, " ")
		old = count(substr(h[2], 2))
		new = count(substr(h[3], 2))
		if (keep) print
		next
	}
	/^\\/ { if (keep) print; next }
	{ minus = "" }
	'
}

if ! command -v patch >/dev/null 2>&1; then
	echo "patch(1) is not installed"
	exit 77
fi

adds=0
mkdir "$uv_tmp/tree"
while read -r p; do
	extract "$header" <"$patchdir/$p" >"$uv_tmp/part" || exit 99
	[ -s "$uv_tmp/part" ] || continue
	if grep -q '^--- /dev/null' "$uv_tmp/part"; then
		adds=$((adds + 1))
	fi
	echo "replaying $p"
	if ! patch -s -p1 -d "$uv_tmp/tree" <"$uv_tmp/part"; then
		fail "$p does not apply to $header as built so far"
		finish
	fi
done <"$uv_tmp/series"

if [ "$adds" -eq 0 ]; then
	echo "no patch in the series adds $header"
	exit 77
fi

if diff -u "$uv_tmp/tree/$header" "$copy"; then
	pass "$copy matches the patch series"
else
	fail "$copy differs from the header in the patch series (diff above)"
fi
finish
