# shellcheck shell=sh
# Shared helpers of the shell tests; sourced, not run.
#
# Each check prints "ok: ..." or "FAIL: ..." into the test's log; finish
# turns the failure count into the automake exit status.  Tests that do
# not apply exit 77 (skip); a broken environment exits 99 (hard error).

if [ -z "$UV_BUILDDIR" ] || [ -z "$UV_SRCDIR" ]; then
	echo "UV_BUILDDIR and UV_SRCDIR are unset: run this through 'make check'" >&2
	exit 99
fi

# shellcheck disable=SC2034 # used by the tests that source this file
TOOLS="vserver-info vcontext chcontext vattribute vkill vwait vps vtop
vserver-stat reducecap ncontext naddress nattribute chbind vlimit vuname
setattr showattr secure-mount vhashify vunify chxid lsxid vdlimit vdu vtag"
# Tools that pass their arguments on to ps or top: only a first -h,
# --help, -V or --version is their own.
PASSTHROUGH_TOOLS="vps vtop"
# shellcheck disable=SC2034
OPTION_TOOLS=$(for t in $TOOLS; do
	case " $PASSTHROUGH_TOOLS " in *" $t "*) ;; *) echo "$t" ;; esac
done)

uv_failures=0
uv_tmp=$(mktemp -d "${TMPDIR:-/tmp}/uvtest.XXXXXX") || exit 99
trap 'rm -rf "$uv_tmp"' EXIT
: >"$uv_tmp/out"
: >"$uv_tmp/err"

# run TOOL ARG...: run a built tool, keep its output; sets rc and last.
run() {
	uv_tool=$1
	shift
	"$UV_BUILDDIR/src/$uv_tool" "$@" >"$uv_tmp/out" 2>"$uv_tmp/err"
	rc=$?
	last="$uv_tool $*"
}

pass() {
	echo "ok: $*"
}

fail() {
	echo "FAIL: $*"
	uv_failures=$((uv_failures + 1))
	sed 's/^/    stdout| /' "$uv_tmp/out"
	sed 's/^/    stderr| /' "$uv_tmp/err"
}

# expect_rc N: the last run exited with status N.
expect_rc() {
	if [ "$rc" = "$1" ]; then
		pass "$last: exit $1"
	else
		fail "$last: exit $rc, expected $1"
	fi
}

# expect_in out|err TEXT: that stream contains TEXT (a fixed string).
expect_in() {
	if grep -F -q -e "$2" "$uv_tmp/$1"; then
		pass "$last: $1 has '$2'"
	else
		fail "$last: $1 lacks '$2'"
	fi
}

expect_out() {
	expect_in out "$1"
}

expect_err() {
	expect_in err "$1"
}

# expect_exact out|err TEXT: that stream is exactly the line TEXT.
expect_exact() {
	printf '%s\n' "$2" >"$uv_tmp/want"
	if cmp -s "$uv_tmp/want" "$uv_tmp/$1"; then
		pass "$last: $1 is '$2'"
	else
		fail "$last: $1 is not exactly '$2'"
	fi
}

# expect_out_is LINE...: stdout is exactly these lines.
expect_out_is() {
	printf '%s\n' "$@" >"$uv_tmp/want"
	if cmp -s "$uv_tmp/want" "$uv_tmp/out"; then
		pass "$last: stdout as expected"
	else
		fail "$last: unexpected stdout"
		diff "$uv_tmp/want" "$uv_tmp/out" | sed 's/^/    diff| /'
	fi
}

# expect_empty out|err: nothing was written to that stream.
expect_empty() {
	if [ -s "$uv_tmp/$1" ]; then
		fail "$last: unexpected $1"
	else
		pass "$last: no $1"
	fi
}

# expect_shown TOOL WANT FILE...: "TOOL -d FILE" shows the line "WANT
# FILE" for each FILE, leading blanks aside (lsxid's tag and flag,
# showattr's attributes).
expect_shown() {
	uv_shown_by=$1
	uv_want=$2
	shift 2
	for uv_f in "$@"; do
		"$UV_BUILDDIR/src/$uv_shown_by" -d "$uv_f" >"$uv_tmp/shown" 2>&1
		if [ "$(sed 's/^ *//' "$uv_tmp/shown")" = "$uv_want $uv_f" ]; then
			pass "$last: $uv_f is $uv_want"
		else
			fail "$last: $uv_f is not $uv_want"
			sed "s/^/    $uv_shown_by| /" "$uv_tmp/shown"
		fi
	done
}

# inode_of FILE: its inode number.
inode_of() {
	stat -c %i "$1"
}

# expect_same_inode FILE...: all are one inode (linked).
expect_same_inode() {
	uv_first=$(inode_of "$1")
	for uv_f in "$@"; do
		if [ "$(inode_of "$uv_f")" != "$uv_first" ]; then
			fail "$last: $uv_f is not linked to $1"
			return
		fi
	done
	pass "$last: $* are one inode"
}

# expect_other_inode A B: two inodes.
expect_other_inode() {
	if [ "$(inode_of "$1")" != "$(inode_of "$2")" ]; then
		pass "$last: $1 and $2 are apart"
	else
		fail "$last: $1 and $2 were linked"
	fi
}

# tree_snapshot NAME DIR [SKIP]: keep as NAME the type, inode, mode, links,
# size and mtime of every file below DIR, and the bytes' checksum of each
# regular file; SKIP (a path such as ./.hash) and what is below it aside.
tree_snapshot() {
	(cd "$2" && find . -path "${3:-}" -prune -o -print | LC_ALL=C sort |
		while read -r uv_f; do
			stat -c '%n %F %i %a %h %s %Y' "$uv_f"
			[ -f "$uv_f" ] && ! [ -L "$uv_f" ] && cksum <"$uv_f"
		done) >"$uv_tmp/snap.$1"
}

# expect_tree_unchanged NAME DIR [SKIP]: nothing below DIR changed since
# tree_snapshot NAME DIR [SKIP].
expect_tree_unchanged() {
	tree_snapshot now "$2" "${3:-}"
	if cmp -s "$uv_tmp/snap.$1" "$uv_tmp/snap.now"; then
		pass "$last: the trees are as they were"
	else
		fail "$last: the trees changed"
		diff "$uv_tmp/snap.$1" "$uv_tmp/snap.now" | sed 's/^/    diff| /'
	fi
}

# guest_context NAME XID: a guest NAME with context id XID, configured
# in VSERVER_CONFDIR ($uv_tmp/etc), for the tools that take a guest's
# name for its context id.
guest_context() {
	VSERVER_CONFDIR=$uv_tmp/etc
	export VSERVER_CONFDIR
	mkdir -p "$VSERVER_CONFDIR/$1" || exit 99
	echo "$2" >"$VSERVER_CONFDIR/$1/context"
}

# long_options TOOL: the long options TOOL's source declares, with those
# of the shared tables it uses (a macro NAME_LONGOPTS in a header, such
# as VU_ADDR_LONGOPTS in lib/tool.h).
long_options() {
	uv_entry='s/^[[:space:]]*{ "\([a-z-]*\)",.*_argument.*/\1/p'
	uv_src=$UV_SRCDIR/util-vserver/src/$1.c
	sed -n "$uv_entry" "$uv_src"
	for uv_macro in $(sed -n 's/^[[:space:]]*\([A-Z_]*_LONGOPTS\),$/\1/p' "$uv_src"); do
		# The macro's lines: from its #define to the first without a
		# continuing backslash.
		sed -n "/^#define ${uv_macro}[[:space:]]/,/[^\\\\]\$/p" \
			"$UV_SRCDIR"/util-vserver/lib/*.h "$UV_SRCDIR"/util-vserver/src/*.h |
			sed -n "$uv_entry"
	done
}

# use_fake_kernel: preload the fake vserver(2) (fake-vserver.c), with no
# context yet; skip the test when it cannot reach the tools (static).
use_fake_kernel() {
	UV_FAKE_DIR=$uv_tmp/fake
	mkdir "$UV_FAKE_DIR" || exit 99
	: >"$UV_FAKE_DIR/log"
	LD_PRELOAD=$UV_BUILDDIR/tests/fake-vserver.so
	export UV_FAKE_DIR LD_PRELOAD
	unset UV_FAKE_XID UV_FAKE_NID UV_FAKE_TAG UV_FAKE_REFUSE UV_FAKE_FAIL
	run vserver-info - APIVER
	if [ "$rc" != 0 ]; then
		echo "the fake vserver(2) is not reached (static tools?)"
		exit 77
	fi
}

# use_vserver_command: the vserver command of the build ($vserver) in a
# scratch world: configuration, run files and helpers under $uv_tmp, the
# helpers being links to the tools of the build in $VSERVER_SBINDIR,
# where a test may put fakes of its own first.
use_vserver_command() {
	local t
	vserver=$UV_BUILDDIR/scripts/vserver
	VSERVER_CONFDIR=$uv_tmp/etc
	VSERVER_RUNDIR=$uv_tmp/run
	VSERVER_SBINDIR=$uv_tmp/sbin
	export VSERVER_CONFDIR VSERVER_RUNDIR VSERVER_SBINDIR
	mkdir -p "$VSERVER_CONFDIR/.defaults" "$VSERVER_SBINDIR" "$uv_tmp/root" || exit 99
	for t in "$UV_BUILDDIR"/src/*; do
		[ -f "$t" ] && [ -x "$t" ] && ln -s "$t" "$VSERVER_SBINDIR/"
	done
}

# fake_context XID [FLAGS [BCAPS [CCAPS]]]: a context of the fake kernel
# with one task (hex FLAGS, default the setup state; BCAPS all).
fake_context() {
	printf '%s 1 %s %s\n' "${2:-700000000}" "${3:-1ffffffffff}" "${4:-0}" \
		>"$UV_FAKE_DIR/ctx.$1"
}

# fake_ncontext NID [FLAGS [NCAPS]]: a network context of the fake kernel,
# held by pid 1 (hex FLAGS, default what the tools create one with).
fake_ncontext() {
	printf '%s %s 1\n' "${2:-506000200}" "${3:-0}" >"$UV_FAKE_DIR/nx.$1"
	: >"$UV_FAKE_DIR/nxaddr.$1"
}

# fake_addrs NID: the address entries of network context NID, as logged.
fake_addrs() {
	cut -f2 "$UV_FAKE_DIR/nxaddr.$1"
}

# fake_reset: forget the calls seen so far.
fake_reset() {
	: >"$UV_FAKE_DIR/log"
	: >"$UV_FAKE_DIR/calls"
}

# expect_no_call: the last run made no vserver(2) call at all.
expect_no_call() {
	if [ -s "$UV_FAKE_DIR/calls" ]; then
		fail "$last: made vserver(2) calls"
		sed 's/^/    calls| /' "$UV_FAKE_DIR/calls"
	else
		pass "$last: no vserver(2) call"
	fi
}

# expect_log_is LINE...: the fake kernel saw exactly these changes, in order.
expect_log_is() {
	printf '%s\n' "$@" >"$uv_tmp/want"
	if cmp -s "$uv_tmp/want" "$UV_FAKE_DIR/log"; then
		pass "$last: kernel saw exactly $# change(s)"
	else
		fail "$last: kernel saw other changes"
		diff "$uv_tmp/want" "$UV_FAKE_DIR/log" | sed 's/^/    log| /'
	fi
}

# fake_task PID XID: the fake kernel puts process PID in context XID.
fake_task() {
	echo "$2" >"$UV_FAKE_DIR/task.$1"
}

# expect_log LINE: the fake kernel saw this call.
expect_log() {
	if grep -F -x -q -e "$1" "$UV_FAKE_DIR/log"; then
		pass "$last: kernel saw '$1'"
	else
		fail "$last: kernel did not see '$1'"
		sed 's/^/    log| /' "$UV_FAKE_DIR/log"
	fi
}

# expect_no_log PATTERN: the fake kernel saw no call matching PATTERN
# (a basic regular expression), e.g. because the arguments were refused.
expect_no_log() {
	if grep -q -e "$1" "$UV_FAKE_DIR/log"; then
		fail "$last: kernel saw '$1'"
		sed 's/^/    log| /' "$UV_FAKE_DIR/log"
	else
		pass "$last: kernel saw no '$1'"
	fi
}

# Every capability, in number order (bit N is capability N).
ALL_CAP_NAMES="CAP_CHOWN,CAP_DAC_OVERRIDE,CAP_DAC_READ_SEARCH,CAP_FOWNER,\
CAP_FSETID,CAP_KILL,CAP_SETGID,CAP_SETUID,CAP_SETPCAP,CAP_LINUX_IMMUTABLE,\
CAP_NET_BIND_SERVICE,CAP_NET_BROADCAST,CAP_NET_ADMIN,CAP_NET_RAW,\
CAP_IPC_LOCK,CAP_IPC_OWNER,CAP_SYS_MODULE,CAP_SYS_RAWIO,CAP_SYS_CHROOT,\
CAP_SYS_PTRACE,CAP_SYS_PACCT,CAP_SYS_ADMIN,CAP_SYS_BOOT,CAP_SYS_NICE,\
CAP_SYS_RESOURCE,CAP_SYS_TIME,CAP_SYS_TTY_CONFIG,CAP_MKNOD,CAP_LEASE,\
CAP_AUDIT_WRITE,CAP_AUDIT_CONTROL,CAP_SETFCAP,CAP_MAC_OVERRIDE,\
CAP_MAC_ADMIN,CAP_SYSLOG,CAP_WAKE_ALARM,CAP_BLOCK_SUSPEND,CAP_AUDIT_READ,\
CAP_PERFMON,CAP_BPF,CAP_CHECKPOINT_RESTORE"
# The capabilities of --secure, as a number.
SECURE_CAPS=$((0xb40c04ff))

# cap_names NUMBER: the names of the capabilities in NUMBER, as the tools
# print them (comma-separated, in number order).
cap_names() {
	uv_n=0
	uv_list=
	for uv_name in $(echo "$ALL_CAP_NAMES" | tr ',' ' '); do
		if [ $(($1 >> uv_n & 1)) = 1 ]; then
			uv_list="$uv_list${uv_list:+,}$uv_name"
		fi
		uv_n=$((uv_n + 1))
	done
	echo "$uv_list"
}

# cap_set NAME: the capability set CapNAME of this shell, a number.
cap_set() {
	echo $((0x$(sed -n "s/^Cap$1:[[:space:]]*//p" /proc/self/status)))
}

# can_drop_caps: the tools run here can lower their capabilities
# (CAP_SETPCAP, bit 8, is effective); the checks that do are skipped if not.
can_drop_caps() {
	[ $(($(cap_set Eff) >> 8 & 1)) = 1 ]
}

# in_private_mount_ns "$@": for a test that mounts file systems, called
# right after this file is sourced: re-run the test as root in a private
# mount namespace of its own (unshare -m), where what it mounts is out
# of the host's sight and goes away with it; skip it where that cannot
# be.  There, the mount points the test lists in $mounts (separated by
# blanks, the innermost first) are unmounted at its exit, before $uv_tmp
# is removed.
in_private_mount_ns() {
	if [ -z "${UV_PRIVATE_MNTNS:-}" ]; then
		if [ "$(id -u)" != 0 ]; then
			echo "not root: cannot mount a file system image"
			exit 77
		fi
		if ! unshare -m --propagation private true 2>/dev/null; then
			echo "unshare -m fails: no private mount namespace"
			exit 77
		fi
		UV_PRIVATE_MNTNS=1
		export UV_PRIVATE_MNTNS
		rm -rf "$uv_tmp"	# the run in the namespace makes its own
		exec unshare -m --propagation private /bin/sh "$0" "$@"
	fi
	mounts=
	trap uv_umount_all EXIT
}

uv_umount_all() {
	for uv_m in $mounts; do
		umount "$uv_m" 2>/dev/null
	done
	rm -rf "$uv_tmp"
}

# project_fs IMG DIR [quota]: make a file system with project ids (file
# tags) in the image file IMG and mount it on DIR; run it in a private
# mount namespace.  ext4 with project quota (mke2fs -O quota,project,
# mounted with prjquota); where this kernel cannot mount that (no
# CONFIG_QUOTA), xfs, whose project ids need no quota, unless "quota" asks
# for the project quota too (then mounted with prjquota).  Sets UV_FS to
# ext4 or xfs and UV_FS_OPTS to the mount options; returns 1, after saying
# why, when neither can be had.
project_fs() {
	mkdir -p "$2" || return 1
	rm -f "$1"
	UV_FS=ext4
	UV_FS_OPTS=loop,prjquota
	if truncate -s 64M "$1" 2>/dev/null &&
		mke2fs -q -F -t ext4 -O quota,project "$1" >/dev/null 2>&1 &&
		mount -o "$UV_FS_OPTS" "$1" "$2" 2>/dev/null; then
		return 0
	fi
	rm -f "$1"
	UV_FS=xfs
	UV_FS_OPTS=loop
	[ "${3:-}" = quota ] && UV_FS_OPTS=loop,prjquota
	# mkfs.xfs wants 300 MiB at least (a sparse file: little is written).
	if command -v mkfs.xfs >/dev/null 2>&1 && truncate -s 320M "$1" &&
		mkfs.xfs -q "$1" >/dev/null 2>&1 &&
		mount -o "$UV_FS_OPTS" "$1" "$2" 2>/dev/null; then
		return 0
	fi
	rm -f "$1"
	if [ "${3:-}" = quota ]; then
		uv_why="xfs with it (no CONFIG_XFS_QUOTA, or no mkfs.xfs of xfsprogs?)"
	else
		uv_why="xfs (no mkfs.xfs of xfsprogs?)"
	fi
	echo "cannot mount ext4 with project quota (no CONFIG_QUOTA or" \
		"CONFIG_QFMT_V2 in this kernel?), nor $uv_why"
	return 1
}

# fsck_fs IMG: check and repair the unmounted file system project_fs made.
fsck_fs() {
	case $UV_FS in
	ext4) e2fsck -f -y "$1" ;;
	xfs) xfs_repair "$1" ;;
	esac
}

finish() {
	echo "$uv_failures failure(s)"
	if [ "$uv_failures" -eq 0 ]; then
		exit 0
	fi
	exit 1
}
