# util-vserver/scripts: the vserver command and the vshelper (run by the
# kernel when a guest reboots), shell scripts made from their .in files,
# and their man pages.  Included from the top-level Makefile.am.

# Where the guests' root directories are by default (vserver-config(5):
# vdir); "make vrootdir=..." changes it.
vrootdir = /vservers

uv_scripts = util-vserver/scripts/vserver util-vserver/scripts/vshelper \
	util-vserver/scripts/vprocunhide
sbin_SCRIPTS = $(uv_scripts)
dist_man_MANS += doc/man/vserver.8 doc/man/vserver-config.5 doc/man/vshelper.8 \
	doc/man/vprocunhide.8
EXTRA_DIST += $(uv_scripts:=.in)
CLEANFILES += $(uv_scripts)

# The paths are filled in by make, so that "make prefix=..." counts too.
$(uv_scripts): Makefile
	$(AM_V_GEN)$(MKDIR_P) util-vserver/scripts && rm -f $@ $@.tmp && \
	$(SED) -e 's|@sbindir[@]|$(sbindir)|g' \
		-e 's|@sysconfdir[@]|$(sysconfdir)|g' \
		-e 's|@pkgdatadir[@]|$(pkgdatadir)|g' \
		-e 's|@vrootdir[@]|$(vrootdir)|g' \
		-e 's|@runstatedir[@]|$(runstatedir)|g' \
		-e 's|@PACKAGE_VERSION[@]|$(PACKAGE_VERSION)|g' \
		$(srcdir)/$@.in >$@.tmp && \
	chmod +x $@.tmp && mv $@.tmp $@
util-vserver/scripts/vserver: $(srcdir)/util-vserver/scripts/vserver.in
util-vserver/scripts/vshelper: $(srcdir)/util-vserver/scripts/vshelper.in
util-vserver/scripts/vprocunhide: $(srcdir)/util-vserver/scripts/vprocunhide.in

# Where the guests are configured, with its .defaults/ (vserver-config(5)),
# empty.  The guests' roots (vrootdir) and the run directory are made
# when needed: by "vserver NAME build" and by init.d/util-vserver.
install-data-local:
	$(MKDIR_P) '$(DESTDIR)$(sysconfdir)/vservers/.defaults'

# The test of the vshelper (the vserver command's are in
# util-vserver/local.mk, with the other host-side tests).
TESTS += util-vserver/tests/vshelper.sh
EXTRA_DIST += util-vserver/tests/vshelper.sh

# The test of vprocunhide, against the fake kernel.
TESTS += util-vserver/tests/vprocunhide.sh
EXTRA_DIST += util-vserver/tests/vprocunhide.sh
