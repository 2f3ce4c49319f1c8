# util-vserver: libvserver, the tools (one block each: program + man page)
# and the host-side tests.  Included from the top-level Makefile.am.

# --- libvserver --------------------------------------------------------
noinst_LIBRARIES += util-vserver/lib/libvserver.a
util_vserver_lib_libvserver_a_SOURCES = \
	util-vserver/lib/libvserver.h \
	util-vserver/lib/syscall.c \
	util-vserver/lib/parse.c \
	util-vserver/lib/cflags.c \
	util-vserver/lib/tool.h \
	util-vserver/lib/tool.c

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

# --- host-side tests ---------------------------------------------------
# C unit tests of the parsers; a probe the shell tests use to tell
# whether this kernel has vserver(2); a fake vserver(2) to preload.
check_PROGRAMS += \
	util-vserver/tests/parse-xid \
	util-vserver/tests/parse-cflags \
	util-vserver/tests/vserver-probe \
	util-vserver/tests/fake-vserver.so
util_vserver_tests_parse_xid_SOURCES = util-vserver/tests/parse-xid.c util-vserver/tests/unit.h
util_vserver_tests_parse_xid_LDADD = $(LIBVSERVER)
util_vserver_tests_parse_cflags_SOURCES = util-vserver/tests/parse-cflags.c util-vserver/tests/unit.h
util_vserver_tests_parse_cflags_LDADD = $(LIBVSERVER)
util_vserver_tests_vserver_probe_SOURCES = util-vserver/tests/vserver-probe.c
# A shared object built as a "program": automake without libtool.
util_vserver_tests_fake_vserver_so_SOURCES = util-vserver/tests/fake-vserver.c
util_vserver_tests_fake_vserver_so_CFLAGS = $(AM_CFLAGS) -fPIC
util_vserver_tests_fake_vserver_so_LDFLAGS = -shared

uv_shell_tests = \
	util-vserver/tests/help.sh \
	util-vserver/tests/version.sh \
	util-vserver/tests/bad-option.sh \
	util-vserver/tests/missing-command.sh \
	util-vserver/tests/xid-option.sh \
	util-vserver/tests/flag-option.sh \
	util-vserver/tests/mode-conflicts.sh \
	util-vserver/tests/dynamic-context.sh \
	util-vserver/tests/vserver-info-args.sh \
	util-vserver/tests/write-error.sh \
	util-vserver/tests/nosys.sh \
	util-vserver/tests/fake-kernel.sh \
	util-vserver/tests/uapi-sync.sh \
	util-vserver/tests/man-pages.sh

TESTS += \
	util-vserver/tests/parse-xid \
	util-vserver/tests/parse-cflags \
	$(uv_shell_tests)
EXTRA_DIST += $(uv_shell_tests) util-vserver/tests/testlib.sh

TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
# What the shell tests need to find: the built tools, the probe, the
# source tree (patches, man pages) and the version to expect.
AM_TESTS_ENVIRONMENT = \
	UV_BUILDDIR='$(abs_top_builddir)/util-vserver'; \
	UV_SRCDIR='$(abs_top_srcdir)'; \
	UV_VERSION='$(PACKAGE_VERSION)'; \
	export UV_BUILDDIR UV_SRCDIR UV_VERSION;
