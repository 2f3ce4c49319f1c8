# etc: the example configuration files the tools read, installed under
# sysconfdir.  Included from the top-level Makefile.am.

# The v_* init scripts (init.d/local.mk): one file per service, every
# line commented out, so that a service stays unconfigured (exit 6)
# until its IP is set.
vservicesdir = $(sysconfdir)/vservices
dist_vservices_DATA = \
	etc/vservices/httpd.conf \
	etc/vservices/sshd.conf \
	etc/vservices/xinetd.conf \
	etc/vservices/smb.conf

# init.d/vservers: which guests start at boot (MARKS) and how many at
# once (NUMPARALLEL); sourced by the script, see vservers(8).
vserversdefaultdir = $(sysconfdir)/default
dist_vserversdefault_DATA = etc/default/vservers

# vprocunhide: the /proc entries the guests see, when
# $(sysconfdir)/vservers/.defaults/apps/vprocunhide/files does not say;
# see vprocunhide(8).
vprocunhidedefaultsdir = $(pkgdatadir)/defaults
dist_vprocunhidedefaults_DATA = etc/vprocunhide-files
