# Unknown options: a getopt message, a pointer to --help, exit 1, and no
# output on stdout.  Options after the command belong to the command.
# (vps and vtop pass unknown options on to ps and top: see vps.sh.)
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

for tool in $OPTION_TOOLS; do
	for opt in --bogus -Z; do
		run "$tool" "$opt"
		expect_rc 1
		expect_err "Try '$tool --help' for more information."
		expect_empty out
	done
	run "$tool" --bogus
	expect_err "unrecognized option '--bogus'"
done

# "+" optstring: the bad option after the command is not ours; the run
# then fails later for another reason (no context id), not on --bogus.
run vcontext --create -- true --bogus
expect_rc 1
expect_err "use --xid"
run chcontext true --bogus
expect_rc 1
expect_err "use --ctx"
run vattribute --flag bogus -- true --bogus
expect_rc 1
expect_err "unknown flag 'bogus'"
run reducecap --cap bogus -- true --bogus
expect_rc 1
expect_err "unknown capability 'bogus'"

finish
