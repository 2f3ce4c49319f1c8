# chxid, lsxid, vdu and vdlimit: bad command lines and bad tags, refused
# before any file changes (needs neither root nor a file system with
# project ids: chxid.sh and vdlimit.sh run the tools on one).
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

guest_context web 42
guest_context bad nonsense
f=$uv_tmp/f
: >"$f"
missing=$uv_tmp/nosuch

# usage_error TEXT TOOL ARG...: exit 1 with TEXT and the pointer to
# --help on stderr, nothing on stdout.
usage_error() {
	uv_text=$1
	shift
	run "$@"
	expect_rc 1
	expect_err "$1: $uv_text"
	expect_err "Try '$1 --help' for more information."
	expect_empty out
}

# refused TEXT TOOL ARG...: exit 1 with TEXT on stderr, nothing on stdout.
refused() {
	uv_text=$1
	shift
	run "$@"
	expect_rc 1
	expect_err "$1: $uv_text"
	expect_empty out
}

# -- chxid ----------------------------------------------------------------
usage_error "no tag given: use -c <xid> or -c <guest name>" chxid "$f"
usage_error "no file given" chxid -c 5
usage_error "no file given" chxid -c web
usage_error "-x applies to -R only" chxid -x -c 5 "$f"
usage_error "option requires an argument -- 'c'" chxid -c
refused "invalid -c argument '65536': expected a tag from 0 to 65535, or a guest's name" \
	chxid -c 65536 "$f"
refused "invalid -c argument '99999999999999999999': expected a tag from 0 to 65535" \
	chxid -c 99999999999999999999 "$f"
refused "invalid -c argument 'nosuch': no guest of that name (no file $VSERVER_CONFDIR/nosuch/context)" \
	chxid -c nosuch "$f"
refused "invalid -c argument 'bad': $VSERVER_CONFDIR/bad/context holds no context id from 2 to 65535" \
	chxid --ctx bad "$f"
refused "invalid -c argument '../web': expected a tag from 0 to 65535, or a guest's name" \
	chxid --xid ../web "$f"
refused "invalid -c argument '': expected a tag" chxid -c '' "$f"

# Every file is read before the first change: a missing one stops it all
# (a guest's name and the other file are fine).  Whether the tag of the
# file that is there stayed as it was can only be asked where the file
# system has tags; elsewhere lsxid fails both times alike.
"$UV_BUILDDIR/src/lsxid" -d "$f" >"$uv_tmp/before" 2>&1
refused "cannot access $missing: No such file or directory" chxid -c web "$f" "$missing"
expect_err "chxid: nothing changed"
"$UV_BUILDDIR/src/lsxid" -d "$f" >"$uv_tmp/after" 2>&1
if cmp -s "$uv_tmp/before" "$uv_tmp/after"; then
	pass "chxid: the file that is there kept its tag"
else
	fail "chxid: the file that is there changed: $(cat "$uv_tmp/after")"
fi

# A symbolic link takes no tag: left alone, silently.
ln -s f "$uv_tmp/link"
run chxid -c 5 "$uv_tmp/link"
expect_rc 0
expect_empty out
expect_empty err

# -- lsxid ----------------------------------------------------------------
usage_error "-n and --names exclude each other" lsxid -n --names "$f"
usage_error "-x applies to -R only" lsxid -x "$f"
refused "cannot access $missing: No such file or directory" lsxid "$missing"
# A symbolic link is listed, without a tag.
run lsxid -d "$uv_tmp/link"
expect_rc 0
expect_exact out "    - - $uv_tmp/link"

# -- vdu ------------------------------------------------------------------
usage_error "no context given: use --xid" vdu "$uv_tmp"
usage_error "--space and --inodes exclude each other" vdu --xid 5 --space --inodes "$uv_tmp"
usage_error "--blocksize applies to --space only" vdu --xid 5 --inodes --blocksize 512 "$uv_tmp"
usage_error "no directory given" vdu --xid 5
refused "invalid --blocksize argument '0': expected a number from 1 to 1073741824" \
	vdu --xid 5 --blocksize 0 "$uv_tmp"
refused "invalid --blocksize argument '1k': expected a number" \
	vdu --xid 5 --blocksize 1k "$uv_tmp"
refused "invalid --xid argument '65536': expected a tag from 0 to 65535" \
	vdu --xid 65536 "$uv_tmp"
refused "invalid --xid argument 'nosuch': no guest of that name" \
	vdu --xid nosuch "$uv_tmp"
# A directory that is not there: named, and no line for it.
refused "cannot access $missing: No such file or directory" vdu --xid 5 "$missing"

# -- vdlimit --------------------------------------------------------------
usage_error "no context given: use --xid" vdlimit "$uv_tmp"
usage_error "no mount point given" vdlimit --xid 5
usage_error "one mount point at a time: '$missing' is one too many" \
	vdlimit --xid 5 "$uv_tmp" "$missing"
usage_error "--set and --remove exclude each other" \
	vdlimit --xid 5 --set space_total=100 --remove "$uv_tmp"
usage_error "invalid --set argument 'space_used=10': the file system's project quota counts the usage itself and keeps it across reboots: there is nothing to set" \
	vdlimit --xid 5 --set space_used=10 "$uv_tmp"
usage_error "invalid --set argument 'inodes_used=10': the file system's project quota counts the usage itself" \
	vdlimit --xid 5 --set inodes_used=10 "$uv_tmp"
usage_error "invalid --set argument 'reserved=5': only 0 is supported: the project quota keeps no share of the space for root" \
	vdlimit --xid 5 --set reserved=5 "$uv_tmp"
usage_error "invalid --set argument 'reserved=all': expected a percentage (only 0 is supported)" \
	vdlimit --xid 5 --set reserved=all "$uv_tmp"
usage_error "invalid --set argument 'space_total=0': a limit of 0 is no limit to the project quota: give -1 for no limit, or at least 1" \
	vdlimit --xid 5 --set space_total=0 "$uv_tmp"
usage_error "invalid --set argument 'space_total=1G': expected a number of KiB from 1, or -1 for no limit" \
	vdlimit --xid 5 --set space_total=1G "$uv_tmp"
usage_error "invalid --set argument 'inodes_total=-2': expected a number of inodes from 1, or -1 for no limit" \
	vdlimit --xid 5 --set inodes_total=-2 "$uv_tmp"
usage_error "invalid --set argument 'space=10': unknown key 'space' (space_total, inodes_total or reserved)" \
	vdlimit --xid 5 --set space=10 "$uv_tmp"
usage_error "invalid --set argument 'space_total': expected <key>=<value>" \
	vdlimit --xid 5 --set space_total "$uv_tmp"
refused "invalid --xid argument '0': expected a tag from 1 to 65535, or a guest's name" \
	vdlimit --xid 0 "$uv_tmp"
refused "invalid --xid argument 'bad': $VSERVER_CONFDIR/bad/context holds no context id" \
	vdlimit --xid bad "$uv_tmp"
refused "cannot open $missing: No such file or directory" vdlimit --xid web "$missing"

finish
