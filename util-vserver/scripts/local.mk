# util-vserver/scripts: the vserver command, a shell script made from its
# .in file, and its man pages.  Included from the top-level Makefile.am.

# Where the guests' root directories are by default (vserver-config(5):
# vdir); "make vrootdir=..." changes it.
vrootdir = /vservers

sbin_SCRIPTS = util-vserver/scripts/vserver
dist_man_MANS += doc/man/vserver.8 doc/man/vserver-config.5
EXTRA_DIST += util-vserver/scripts/vserver.in
CLEANFILES += util-vserver/scripts/vserver

# The paths are filled in by make, so that "make prefix=..." counts too.
util-vserver/scripts/vserver: $(srcdir)/util-vserver/scripts/vserver.in Makefile
	$(AM_V_GEN)$(MKDIR_P) util-vserver/scripts && rm -f $@ $@.tmp && \
	$(SED) -e 's|@sbindir[@]|$(sbindir)|g' \
		-e 's|@sysconfdir[@]|$(sysconfdir)|g' \
		-e 's|@vrootdir[@]|$(vrootdir)|g' \
		-e 's|@runstatedir[@]|$(runstatedir)|g' \
		-e 's|@PACKAGE_VERSION[@]|$(PACKAGE_VERSION)|g' \
		$(srcdir)/util-vserver/scripts/vserver.in >$@.tmp && \
	chmod +x $@.tmp && mv $@.tmp $@
