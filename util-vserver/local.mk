# util-vserver: libvserver, the tools (one block each: program + man page)
# and the host-side tests.  Included from the top-level Makefile.am.

# --- libvserver --------------------------------------------------------
noinst_LIBRARIES += util-vserver/lib/libvserver.a
util_vserver_lib_libvserver_a_SOURCES = \
	util-vserver/lib/libvserver.h \
	util-vserver/lib/syscall.c \
	util-vserver/lib/parse.c \
	util-vserver/lib/bits.c \
	util-vserver/lib/cflags.c \
	util-vserver/lib/caps.c \
	util-vserver/lib/nflags.c \
	util-vserver/lib/netaddr.c \
	util-vserver/lib/guests.c \
	util-vserver/lib/rlimit.c \
	util-vserver/lib/sha256.h \
	util-vserver/lib/sha256.c \
	util-vserver/lib/tag.c \
	util-vserver/lib/tool.h \
	util-vserver/lib/tool.c \
	util-vserver/lib/walk.h \
	util-vserver/lib/walk.c
# Where the guests are configured (guests.c; $VSERVER_CONFDIR overrides).
util_vserver_lib_libvserver_a_CPPFLAGS = $(AM_CPPFLAGS) \
	-DVC_CONFDIR='"$(sysconfdir)/vservers"'

LIBVSERVER = util-vserver/lib/libvserver.a

# The kernel's uapi header, a verbatim copy (checked by tests/uapi-sync.sh).
EXTRA_DIST += util-vserver/include/uapi/linux/vserver.h

# --- vserver-info: query the kernel and contexts -----------------------
sbin_PROGRAMS += util-vserver/src/vserver-info
util_vserver_src_vserver_info_SOURCES = util-vserver/src/vserver-info.c
util_vserver_src_vserver_info_LDADD = $(LIBVSERVER)
util_vserver_src_vserver_info_LDFLAGS = $(TOOLS_LDFLAGS)
dist_man_MANS += doc/man/vserver-info.8

# --- vcontext: create or enter a context, then exec --------------------
sbin_PROGRAMS += util-vserver/src/vcontext
util_vserver_src_vcontext_SOURCES = util-vserver/src/vcontext.c
util_vserver_src_vcontext_LDADD = $(LIBVSERVER)
util_vserver_src_vcontext_LDFLAGS = $(TOOLS_LDFLAGS)
dist_man_MANS += doc/man/vcontext.8

# --- chcontext: the original create-or-enter interface -----------------
sbin_PROGRAMS += util-vserver/src/chcontext
util_vserver_src_chcontext_SOURCES = util-vserver/src/chcontext.c
util_vserver_src_chcontext_LDADD = $(LIBVSERVER)
util_vserver_src_chcontext_LDFLAGS = $(TOOLS_LDFLAGS)
dist_man_MANS += doc/man/chcontext.8

# --- vattribute: set or show the flags and capabilities of a context ---
sbin_PROGRAMS += util-vserver/src/vattribute
util_vserver_src_vattribute_SOURCES = util-vserver/src/vattribute.c
util_vserver_src_vattribute_LDADD = $(LIBVSERVER)
util_vserver_src_vattribute_LDFLAGS = $(TOOLS_LDFLAGS)
dist_man_MANS += doc/man/vattribute.8

# --- vkill: signal the processes of a context --------------------------
sbin_PROGRAMS += util-vserver/src/vkill
util_vserver_src_vkill_SOURCES = util-vserver/src/vkill.c
util_vserver_src_vkill_LDADD = $(LIBVSERVER)
util_vserver_src_vkill_LDFLAGS = $(TOOLS_LDFLAGS)
dist_man_MANS += doc/man/vkill.8

# --- vwait: wait for a context to end ----------------------------------
sbin_PROGRAMS += util-vserver/src/vwait
util_vserver_src_vwait_SOURCES = util-vserver/src/vwait.c
util_vserver_src_vwait_LDADD = $(LIBVSERVER)
util_vserver_src_vwait_LDFLAGS = $(TOOLS_LDFLAGS)
dist_man_MANS += doc/man/vwait.8

# --- vps: ps over every context, with context columns ------------------
sbin_PROGRAMS += util-vserver/src/vps
util_vserver_src_vps_SOURCES = util-vserver/src/vps.c
util_vserver_src_vps_LDADD = $(LIBVSERVER)
util_vserver_src_vps_LDFLAGS = $(TOOLS_LDFLAGS)
dist_man_MANS += doc/man/vps.8

# --- vtop: top over every context --------------------------------------
sbin_PROGRAMS += util-vserver/src/vtop
util_vserver_src_vtop_SOURCES = util-vserver/src/vtop.c
util_vserver_src_vtop_LDADD = $(LIBVSERVER)
util_vserver_src_vtop_LDFLAGS = $(TOOLS_LDFLAGS)
dist_man_MANS += doc/man/vtop.8

# --- vserver-stat: one line per running context ------------------------
sbin_PROGRAMS += util-vserver/src/vserver-stat
util_vserver_src_vserver_stat_SOURCES = util-vserver/src/vserver-stat.c
util_vserver_src_vserver_stat_LDADD = $(LIBVSERVER)
util_vserver_src_vserver_stat_LDFLAGS = $(TOOLS_LDFLAGS)
dist_man_MANS += doc/man/vserver-stat.8

# --- vlimit: set or show the resource limits of a context -------------
sbin_PROGRAMS += util-vserver/src/vlimit
util_vserver_src_vlimit_SOURCES = util-vserver/src/vlimit.c
util_vserver_src_vlimit_LDADD = $(LIBVSERVER)
util_vserver_src_vlimit_LDFLAGS = $(TOOLS_LDFLAGS)
dist_man_MANS += doc/man/vlimit.8

# --- vuname: show or set the names of a context -----------------------
sbin_PROGRAMS += util-vserver/src/vuname
util_vserver_src_vuname_SOURCES = util-vserver/src/vuname.c
util_vserver_src_vuname_LDADD = $(LIBVSERVER)
util_vserver_src_vuname_LDFLAGS = $(TOOLS_LDFLAGS)
dist_man_MANS += doc/man/vuname.8

# --- setattr: set the barrier, immutable, ixunlink of files -----------
sbin_PROGRAMS += util-vserver/src/setattr
util_vserver_src_setattr_SOURCES = util-vserver/src/setattr.c
util_vserver_src_setattr_LDADD = $(LIBVSERVER)
util_vserver_src_setattr_LDFLAGS = $(TOOLS_LDFLAGS)
dist_man_MANS += doc/man/setattr.8

# --- showattr: show the attributes of files ----------------------------
sbin_PROGRAMS += util-vserver/src/showattr
util_vserver_src_showattr_SOURCES = util-vserver/src/showattr.c
util_vserver_src_showattr_LDADD = $(LIBVSERVER)
util_vserver_src_showattr_LDFLAGS = $(TOOLS_LDFLAGS)
dist_man_MANS += doc/man/showattr.8

# --- chxid: tag files with a context (their project id) ---------------
sbin_PROGRAMS += util-vserver/src/chxid
util_vserver_src_chxid_SOURCES = util-vserver/src/chxid.c
util_vserver_src_chxid_LDADD = $(LIBVSERVER)
util_vserver_src_chxid_LDFLAGS = $(TOOLS_LDFLAGS)
dist_man_MANS += doc/man/chxid.8

# --- lsxid: show the tags of files -------------------------------------
sbin_PROGRAMS += util-vserver/src/lsxid
util_vserver_src_lsxid_SOURCES = util-vserver/src/lsxid.c
util_vserver_src_lsxid_LDADD = $(LIBVSERVER)
util_vserver_src_lsxid_LDFLAGS = $(TOOLS_LDFLAGS)
dist_man_MANS += doc/man/lsxid.8

# --- vdlimit: the disk limit of a context (its project quota) ----------
sbin_PROGRAMS += util-vserver/src/vdlimit
util_vserver_src_vdlimit_SOURCES = util-vserver/src/vdlimit.c
util_vserver_src_vdlimit_LDADD = $(LIBVSERVER)
util_vserver_src_vdlimit_LDFLAGS = $(TOOLS_LDFLAGS)
dist_man_MANS += doc/man/vdlimit.8

# --- vdu: the space or inodes the files of a context take --------------
sbin_PROGRAMS += util-vserver/src/vdu
util_vserver_src_vdu_SOURCES = util-vserver/src/vdu.c
util_vserver_src_vdu_LDADD = $(LIBVSERVER)
util_vserver_src_vdu_LDFLAGS = $(TOOLS_LDFLAGS)
dist_man_MANS += doc/man/vdu.8

# --- vhashify: store identical files of guests once ------------------
sbin_PROGRAMS += util-vserver/src/vhashify
util_vserver_src_vhashify_SOURCES = util-vserver/src/vhashify.c \
	util-vserver/src/unify.h util-vserver/src/unify.c
util_vserver_src_vhashify_CPPFLAGS = $(AM_CPPFLAGS) $(uv_unify_cppflags)
util_vserver_src_vhashify_LDADD = $(LIBVSERVER)
util_vserver_src_vhashify_LDFLAGS = $(TOOLS_LDFLAGS)
dist_man_MANS += doc/man/vhashify.8

# --- vunify: link guests' package files to a reference guest's ---------
sbin_PROGRAMS += util-vserver/src/vunify
util_vserver_src_vunify_SOURCES = util-vserver/src/vunify.c \
	util-vserver/src/unify.h util-vserver/src/unify.c
util_vserver_src_vunify_CPPFLAGS = $(AM_CPPFLAGS) $(uv_unify_cppflags)
util_vserver_src_vunify_LDADD = $(LIBVSERVER)
util_vserver_src_vunify_LDFLAGS = $(TOOLS_LDFLAGS)
dist_man_MANS += doc/man/vunify.8

# Where the guests are (unify.c; $VSERVER_VROOTDIR overrides) and are
# configured (as libvserver).
uv_unify_cppflags = -DVC_VROOTDIR='"$(vrootdir)"' \
	-DVC_CONFDIR='"$(sysconfdir)/vservers"'

# --- reducecap: lower the capabilities of a command --------------------
sbin_PROGRAMS += util-vserver/src/reducecap
util_vserver_src_reducecap_SOURCES = util-vserver/src/reducecap.c
util_vserver_src_reducecap_LDADD = $(LIBVSERVER)
util_vserver_src_reducecap_LDFLAGS = $(TOOLS_LDFLAGS)
dist_man_MANS += doc/man/reducecap.8

# --- ncontext: create or enter a network context, then exec -----------
sbin_PROGRAMS += util-vserver/src/ncontext
util_vserver_src_ncontext_SOURCES = util-vserver/src/ncontext.c
util_vserver_src_ncontext_LDADD = $(LIBVSERVER)
util_vserver_src_ncontext_LDFLAGS = $(TOOLS_LDFLAGS)
dist_man_MANS += doc/man/ncontext.8

# --- vtag: give this process a file tag, then exec ---------------------
sbin_PROGRAMS += util-vserver/src/vtag
util_vserver_src_vtag_SOURCES = util-vserver/src/vtag.c
util_vserver_src_vtag_LDADD = $(LIBVSERVER)
util_vserver_src_vtag_LDFLAGS = $(TOOLS_LDFLAGS)
dist_man_MANS += doc/man/vtag.8

# --- naddress: add, remove or set the addresses of a network context ---
sbin_PROGRAMS += util-vserver/src/naddress
util_vserver_src_naddress_SOURCES = util-vserver/src/naddress.c
util_vserver_src_naddress_LDADD = $(LIBVSERVER)
util_vserver_src_naddress_LDFLAGS = $(TOOLS_LDFLAGS)
dist_man_MANS += doc/man/naddress.8

# --- nattribute: set or show network flags and capabilities ------------
sbin_PROGRAMS += util-vserver/src/nattribute
util_vserver_src_nattribute_SOURCES = util-vserver/src/nattribute.c
util_vserver_src_nattribute_LDADD = $(LIBVSERVER)
util_vserver_src_nattribute_LDFLAGS = $(TOOLS_LDFLAGS)
dist_man_MANS += doc/man/nattribute.8

# --- chbind: run a command bound to some addresses ---------------------
sbin_PROGRAMS += util-vserver/src/chbind
util_vserver_src_chbind_SOURCES = util-vserver/src/chbind.c
util_vserver_src_chbind_LDADD = $(LIBVSERVER)
util_vserver_src_chbind_LDFLAGS = $(TOOLS_LDFLAGS)
dist_man_MANS += doc/man/chbind.8

# --- secure-mount: mount a guest's fstab inside its root, then exec ----
sbin_PROGRAMS += util-vserver/src/secure-mount
util_vserver_src_secure_mount_SOURCES = util-vserver/src/secure-mount.c
util_vserver_src_secure_mount_LDADD = $(LIBVSERVER)
util_vserver_src_secure_mount_LDFLAGS = $(TOOLS_LDFLAGS)
dist_man_MANS += doc/man/secure-mount.8

# --- host-side tests ---------------------------------------------------
# C unit tests of the parsers; a probe the shell tests use to tell
# whether this kernel has vserver(2); a fake vserver(2) to preload.
check_PROGRAMS += \
	util-vserver/tests/parse-xid \
	util-vserver/tests/parse-cflags \
	util-vserver/tests/parse-caps \
	util-vserver/tests/parse-nflags \
	util-vserver/tests/parse-naddr \
	util-vserver/tests/parse-rlimit \
	util-vserver/tests/vserver-probe \
	util-vserver/tests/sha256sum \
	util-vserver/tests/fake-vserver.so \
	util-vserver/tests/fake-quota.so
util_vserver_tests_parse_xid_SOURCES = util-vserver/tests/parse-xid.c util-vserver/tests/unit.h
util_vserver_tests_parse_xid_LDADD = $(LIBVSERVER)
util_vserver_tests_parse_cflags_SOURCES = util-vserver/tests/parse-cflags.c \
	util-vserver/tests/bit-table.h util-vserver/tests/unit.h
util_vserver_tests_parse_cflags_LDADD = $(LIBVSERVER)
util_vserver_tests_parse_caps_SOURCES = util-vserver/tests/parse-caps.c \
	util-vserver/tests/bit-table.h util-vserver/tests/unit.h
util_vserver_tests_parse_caps_LDADD = $(LIBVSERVER)
util_vserver_tests_parse_nflags_SOURCES = util-vserver/tests/parse-nflags.c \
	util-vserver/tests/bit-table.h util-vserver/tests/unit.h
util_vserver_tests_parse_nflags_LDADD = $(LIBVSERVER)
util_vserver_tests_parse_naddr_SOURCES = util-vserver/tests/parse-naddr.c \
	util-vserver/tests/unit.h
util_vserver_tests_parse_naddr_LDADD = $(LIBVSERVER)
util_vserver_tests_parse_rlimit_SOURCES = util-vserver/tests/parse-rlimit.c \
	util-vserver/tests/unit.h
util_vserver_tests_parse_rlimit_LDADD = $(LIBVSERVER)
util_vserver_tests_vserver_probe_SOURCES = util-vserver/tests/vserver-probe.c
util_vserver_tests_sha256sum_SOURCES = util-vserver/tests/sha256sum.c
util_vserver_tests_sha256sum_LDADD = $(LIBVSERVER)
# A shared object built as a "program": automake without libtool.
util_vserver_tests_fake_vserver_so_SOURCES = util-vserver/tests/fake-vserver.c
util_vserver_tests_fake_vserver_so_CFLAGS = $(AM_CFLAGS) -fPIC
util_vserver_tests_fake_vserver_so_LDFLAGS = -shared
# dlsym(), to pass other system calls on, and pthread_atfork(), to count
# forked children in their network context (both in libc itself since
# glibc 2.34).
util_vserver_tests_fake_vserver_so_LDADD = -ldl -lpthread
# The project quota of quotactl_fd(2), for vdlimit (as fake-vserver.so).
util_vserver_tests_fake_quota_so_SOURCES = util-vserver/tests/fake-quota.c
util_vserver_tests_fake_quota_so_CFLAGS = $(AM_CFLAGS) -fPIC
util_vserver_tests_fake_quota_so_LDFLAGS = -shared
util_vserver_tests_fake_quota_so_LDADD = -ldl

uv_shell_tests = \
	util-vserver/tests/help.sh \
	util-vserver/tests/version.sh \
	util-vserver/tests/bad-option.sh \
	util-vserver/tests/missing-command.sh \
	util-vserver/tests/xid-option.sh \
	util-vserver/tests/flag-option.sh \
	util-vserver/tests/cap-option.sh \
	util-vserver/tests/vattribute.sh \
	util-vserver/tests/vlimit.sh \
	util-vserver/tests/vuname.sh \
	util-vserver/tests/setattr.sh \
	util-vserver/tests/tag-options.sh \
	util-vserver/tests/chxid.sh \
	util-vserver/tests/vdlimit-fake.sh \
	util-vserver/tests/vdlimit.sh \
	util-vserver/tests/vhashify.sh \
	util-vserver/tests/vunify.sh \
	util-vserver/tests/sha256.sh \
	util-vserver/tests/vkill.sh \
	util-vserver/tests/vwait.sh \
	util-vserver/tests/vtag.sh \
	util-vserver/tests/vps.sh \
	util-vserver/tests/vtop.sh \
	util-vserver/tests/vserver-stat.sh \
	util-vserver/tests/reducecap.sh \
	util-vserver/tests/chcontext-options.sh \
	util-vserver/tests/mode-conflicts.sh \
	util-vserver/tests/dynamic-context.sh \
	util-vserver/tests/vserver-info-args.sh \
	util-vserver/tests/vserver-info-guests.sh \
	util-vserver/tests/write-error.sh \
	util-vserver/tests/nosys.sh \
	util-vserver/tests/fake-kernel.sh \
	util-vserver/tests/uapi-sync.sh \
	util-vserver/tests/man-pages.sh \
	util-vserver/tests/net-bad-input.sh \
	util-vserver/tests/ncontext.sh \
	util-vserver/tests/naddress.sh \
	util-vserver/tests/nattribute.sh \
	util-vserver/tests/chbind.sh \
	util-vserver/tests/vsysvwrapper.sh \
	util-vserver/tests/secure-mount.sh \
	util-vserver/tests/vcontext-uid.sh \
	util-vserver/tests/vcontext-mount-ns.sh \
	util-vserver/tests/vserver-config.sh \
	util-vserver/tests/vserver-build.sh \
	util-vserver/tests/vserver-start.sh

TESTS += \
	util-vserver/tests/parse-xid \
	util-vserver/tests/parse-cflags \
	util-vserver/tests/parse-caps \
	util-vserver/tests/parse-nflags \
	util-vserver/tests/parse-naddr \
	util-vserver/tests/parse-rlimit \
	$(uv_shell_tests)
EXTRA_DIST += $(uv_shell_tests) util-vserver/tests/testlib.sh

# The in-VM suite of these tools (run by tests/vm/run-suites, not here).

TEST_EXTENSIONS = .sh
# A test that hangs is killed after 5 minutes and fails (status 124), so
# make check always ends and names it; the slowest takes about 20 s.
SH_LOG_COMPILER = timeout -k 10 300 $(SHELL)
# What the shell tests need to find: the built tools, the probe, the
# source tree (patches, man pages) and the version to expect.
AM_TESTS_ENVIRONMENT = \
	UV_BUILDDIR='$(abs_top_builddir)/util-vserver'; \
	UV_SRCDIR='$(abs_top_srcdir)'; \
	UV_VERSION='$(PACKAGE_VERSION)'; \
	export UV_BUILDDIR UV_SRCDIR UV_VERSION;
