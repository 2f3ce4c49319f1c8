# vserver-info argument handling that needs no kernel: tag and feature
# names, argument counts, -l.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

known_tags="APIVER, VCI, XID, INITPID, RUNNING, BCAPS, CCAPS, CFLAGS, CONTEXT, NAME, CFGDIR, VDIR, FEATURE"

run vserver-info - BOGUS
expect_rc 1
expect_exact err "vserver-info: unknown tag 'BOGUS'; known tags: $known_tags"
expect_empty out

run vserver-info - FEATURE
expect_rc 1
expect_err "FEATURE needs a name"

run vserver-info - FEATURE bogus
expect_rc 1
expect_exact err "vserver-info: unknown feature 'bogus'; known features: vserver, migrate, dynamic, cowbl"

run vserver-info - APIVER extra
expect_rc 1
expect_err "unexpected argument 'extra'"

run vserver-info - FEATURE vserver extra
expect_rc 1
expect_err "unexpected argument 'extra'"

for opt in -l --list; do
	run vserver-info "$opt"
	expect_rc 0
	for tag in APIVER VCI XID INITPID RUNNING BCAPS CCAPS CFLAGS CONTEXT \
		NAME CFGDIR VDIR FEATURE vserver migrate dynamic cowbl; do
		expect_out "$tag"
	done
	expect_empty err
done

finish
