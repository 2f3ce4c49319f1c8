# analyse-log.awk: read a VM serial log (carriage returns stripped) and print
# one "kind<TAB>name" line per finding, for tests/lib/harness.sh:
#   ok / fail / skip   a VSRESULT line of the in-VM runner (tests/vm/run-suites)
#   report             a kernel problem report (BUG, WARNING, KASAN, lockdep...)
#   done               the runner's done marker
#
# Kernel reports are recognised only on printk lines, which carry a
# "[   12.345678]" timestamp (CONFIG_PRINTK_TIME): test output that merely
# mentions "BUG:" is not a kernel report.  One report spans several matching
# lines (an Oops follows its "BUG:" line, a panic follows the Oops): a match
# within 30 lines of the previous one, with no "---[ end" line in between,
# belongs to the same report.  Written for mawk (Debian's default awk).

BEGIN {
	suite = "boot"
	in_report = 0
	last = 0
	reports = "BUG:|Oops|WARNING:|Kernel panic|general protection fault|KASAN:|UBSAN:|" \
		"possible circular locking|inconsistent lock state|possible recursive locking|" \
		"suspicious RCU usage|INFO: "
}

/^VSSUITE begin / { suite = substr($0, 15); next }
/^VSSUITE end / { suite = "the runner, after " substr($0, 13); next }
/^VSRESULT ok / { emit("ok", substr($0, 13)); next }
/^VSRESULT not ok / { emit("fail", substr($0, 17)); next }
/^VSRESULT skip / { emit("skip", substr($0, 15)); next }
/^VSDONE/ { emit("done", ""); next }

/\[ *[0-9]+\.[0-9]+\]/ {
	if (index($0, "---[ end ")) {
		in_report = 0
		next
	}
	if (match($0, reports)) {
		if (!(in_report && NR - last <= 30))
			emit("report", substr($0, RSTART) " (during " suite ")")
		in_report = 1
		last = NR
	}
}

function emit(kind, name) {
	gsub(/\t/, " ", name)
	printf "%s\t%s\n", kind, name
}
