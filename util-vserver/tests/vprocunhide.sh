# vprocunhide, as built, against the fake kernel and a fake /proc: every
# top-level entry hidden except processes, self and thread-self; each
# line prefix; refused prefixes and bad lines; the list's location; the
# exit codes 0, 1, 2 and 3.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

use_fake_kernel

VSERVER_CONFDIR=$uv_tmp/etc
VSERVER_SBINDIR=$UV_BUILDDIR/src
VPROCUNHIDE_PROC=$uv_tmp/proc
export VSERVER_CONFDIR VSERVER_SBINDIR VPROCUNHIDE_PROC
p=$VPROCUNHIDE_PROC
list=$VSERVER_CONFDIR/.defaults/apps/vprocunhide/files
mkdir -p "$p/1" "$p/42" "$p/net" "$p/sys" "$(dirname "$list")" || exit 99
: >"$p/kcore"
: >"$p/cpuinfo"
: >"$p/version"
: >"$p/interrupts"
ln -s 42 "$p/self"
ln -s 42/task/42 "$p/thread-self"
# The entries of the fake /proc: all but the processes and the links.
for e in kcore cpuinfo version interrupts net sys; do
	stat -c '%d %i' "$p/$e"
done >"$UV_FAKE_DIR/proc"

vpu=$UV_BUILDDIR/scripts/vprocunhide
vrun() {
	fake_reset
	"$vpu" "$@" >"$uv_tmp/out" 2>"$uv_tmp/err"
	rc=$?
	last="vprocunhide $*"
}
# attrs ENTRY: what showattr shows of it.
attrs() {
	"$UV_BUILDDIR/src/showattr" -d "$p/$1" | cut -d' ' -f1
}
expect_attrs_of() {
	if [ "$(attrs "$1")" = "$2" ]; then
		pass "$last: $1 is $2"
	else
		fail "$last: $1 is $(attrs "$1"), expected $2"
	fi
}

# -- every entry hidden, the listed shown ----------------------------------
printf '# comment\n\n/proc/cpuinfo\n+/proc/version   # shown\n/proc/net/\n:/proc/interrupts\n' >"$list"
vrun
expect_rc 0
expect_empty err
expect_attrs_of kcore HA--
expect_attrs_of sys HA--
expect_attrs_of cpuinfo -A--
expect_attrs_of version -A--
expect_attrs_of net -A--
expect_attrs_of interrupts HAW-
if grep -q "/1 \|/42 \|/self \|/thread-self " "$UV_FAKE_DIR/log"; then
	fail "$last: a process, self or thread-self was changed"
else
	pass "$last: processes, self and thread-self left alone"
fi

# ~ clears admin and watch; - hides again.
printf '~/proc/interrupts\n-/proc/cpuinfo\n' >"$list"
vrun
expect_rc 0
expect_attrs_of interrupts ----
expect_attrs_of cpuinfo HA--

# -- refused lines: partial (2) --------------------------------------------
printf '!/proc/cpuinfo\n>/proc/version\n/etc/passwd\n/proc/nothing\n/proc/cpuinfo\n' >"$list"
vrun
expect_rc 2
expect_err "vprocunhide: $list:1: '!/proc/cpuinfo': this kernel keeps every hidden entry visible to the host (no ! prefix)"
expect_err "vprocunhide: $list:2: '>/proc/version': this kernel has no write attribute for /proc entries (no > prefix)"
expect_err "vprocunhide: $list:3: '/etc/passwd' is not an entry below /proc"
expect_out "vprocunhide: not in this kernel, skipped: nothing"
expect_err "vprocunhide: 3 of 10 entries failed"
expect_attrs_of cpuinfo -A--

# -- all failed (3): no /proc attributes in the kernel ---------------------
printf '/proc/cpuinfo\n' >"$list"
UV_FAKE_IATTR_BITS=70000 vrun
expect_rc 3
expect_err "vprocunhide: no entry could be changed"
UV_FAKE_REFUSE=get_iattr vrun
expect_rc 3
VPROCUNHIDE_PROC=$uv_tmp/no-proc vrun
expect_rc 3
expect_err "is not mounted"

# -- the list: the packaged one when the configuration has none; none: 1 ---
rm "$list"
vrun
if [ -r "$(sed -n 's/^default_list=//p' "$vpu")" ]; then
	expect_rc 0
else
	expect_rc 1
	expect_err "vprocunhide: cannot read the list of entries"
fi

# -- usage -----------------------------------------------------------------
vrun --help
expect_rc 0
expect_out "Usage:"
vrun --version
expect_rc 0
expect_out "vprocunhide (util-vserver)"
vrun --bogus
expect_rc 1
expect_err "Try 'vprocunhide --help' for more information."

finish
