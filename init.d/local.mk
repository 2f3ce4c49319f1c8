# init.d: the v_* init scripts, which run a host service bound to the
# host's own addresses (through chbind), and vsysvwrapper, the wrapper
# behind them.  Their example configuration is in etc/local.mk.
# Included from the top-level Makefile.am.

initddir = $(sysconfdir)/init.d
initd_SCRIPTS = \
	init.d/v_httpd \
	init.d/v_sshd \
	init.d/v_xinetd \
	init.d/v_smb
pkglibexec_SCRIPTS = init.d/vsysvwrapper
dist_man_MANS += doc/man/vsysvwrapper.8

uv_initd_scripts = $(initd_SCRIPTS) $(pkglibexec_SCRIPTS)
EXTRA_DIST += $(uv_initd_scripts:=.in)
CLEANFILES += $(uv_initd_scripts)

# The paths are filled in by make, so that "make prefix=..." counts too.
uv_edit_paths = $(SED) \
	-e 's|@sbindir[@]|$(sbindir)|g' \
	-e 's|@sysconfdir[@]|$(sysconfdir)|g' \
	-e 's|@pkglibexecdir[@]|$(pkglibexecdir)|g'

$(uv_initd_scripts): Makefile
	$(AM_V_GEN)$(MKDIR_P) init.d && rm -f $@ $@.tmp && \
	$(uv_edit_paths) $(srcdir)/$@.in >$@.tmp && \
	chmod +x $@.tmp && mv $@.tmp $@
init.d/v_httpd: $(srcdir)/init.d/v_httpd.in
init.d/v_sshd: $(srcdir)/init.d/v_sshd.in
init.d/v_xinetd: $(srcdir)/init.d/v_xinetd.in
init.d/v_smb: $(srcdir)/init.d/v_smb.in
init.d/vsysvwrapper: $(srcdir)/init.d/vsysvwrapper.in
