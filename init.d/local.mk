# init.d: the v_* init scripts, which run a host service bound to the
# host's own addresses (through chbind), and vsysvwrapper, the wrapper
# behind them; util-vserver, which sets up the host at boot, and
# vservers, which starts the guests marked for boot.  Their example
# configuration is in etc/local.mk.  Included from the top-level
# Makefile.am.

initddir = $(sysconfdir)/init.d
initd_SCRIPTS = \
	init.d/v_httpd \
	init.d/v_sshd \
	init.d/v_xinetd \
	init.d/v_smb \
	init.d/util-vserver \
	init.d/vprocunhide \
	init.d/vservers
pkglibexec_SCRIPTS = init.d/vsysvwrapper
dist_man_MANS += doc/man/vsysvwrapper.8 doc/man/util-vserver.8 doc/man/vservers.8

uv_initd_scripts = $(initd_SCRIPTS) $(pkglibexec_SCRIPTS)
EXTRA_DIST += $(uv_initd_scripts:=.in)
CLEANFILES += $(uv_initd_scripts)

# The paths are filled in by make, so that "make prefix=..." counts too.
uv_edit_paths = $(SED) \
	-e 's|@sbindir[@]|$(sbindir)|g' \
	-e 's|@sysconfdir[@]|$(sysconfdir)|g' \
	-e 's|@pkglibexecdir[@]|$(pkglibexecdir)|g' \
	-e 's|@runstatedir[@]|$(runstatedir)|g' \
	-e 's|@vrootdir[@]|$(vrootdir)|g'

$(uv_initd_scripts): Makefile
	$(AM_V_GEN)$(MKDIR_P) init.d && rm -f $@ $@.tmp && \
	$(uv_edit_paths) $(srcdir)/$@.in >$@.tmp && \
	chmod +x $@.tmp && mv $@.tmp $@
init.d/v_httpd: $(srcdir)/init.d/v_httpd.in
init.d/v_sshd: $(srcdir)/init.d/v_sshd.in
init.d/v_xinetd: $(srcdir)/init.d/v_xinetd.in
init.d/v_smb: $(srcdir)/init.d/v_smb.in
init.d/vsysvwrapper: $(srcdir)/init.d/vsysvwrapper.in
init.d/util-vserver: $(srcdir)/init.d/util-vserver.in
init.d/vservers: $(srcdir)/init.d/vservers.in
init.d/vprocunhide: $(srcdir)/init.d/vprocunhide.in

# The test of util-vserver and vservers (vsysvwrapper's is in
# util-vserver/local.mk, with the other host-side tests).
TESTS += util-vserver/tests/init-scripts.sh
EXTRA_DIST += util-vserver/tests/init-scripts.sh
