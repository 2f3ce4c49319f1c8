# vunify against the fake vserver(2), on small guest trees with fake dpkg
# databases: the files of packages of the same version are linked to the
# reference's when they are identical, never the conffiles, nor files of
# another version, another mode or other bytes, nor symbolic links; a dry
# run changes nothing, a second run finds them unified; rpm guests and
# guests without a database are refused.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

use_fake_kernel

v=$uv_tmp/vservers
T=@1700000000

expect_attrs() {	# expect_attrs FLAGS FILE...
	expect_shown showattr "$@"
}

snapshot() {	# snapshot NAME: the files under $v
	tree_snapshot "$1" "$v"
}

expect_snapshot_is() {	# expect_snapshot_is NAME: as at snapshot NAME
	expect_tree_unchanged "$1" "$v"
}

# pkg ROOT NAME VERSION [STATUS [CONFFILE...]]: a status paragraph.
pkg() {
	uv_root=$1 uv_name=$2 uv_version=$3 uv_status=${4:-install ok installed}
	shift 4 2>/dev/null || shift $#
	{
		echo "Package: $uv_name"
		echo "Status: $uv_status"
		echo "Priority: optional"
		echo "Architecture: amd64"
		echo "Version: $uv_version"
		if [ $# -gt 0 ]; then
			echo "Conffiles:"
			for uv_c in "$@"; do
				echo " $uv_c 0123456789abcdef0123456789abcdef"
			done
		fi
		echo "Description: test package"
		echo " with a continuation line"
		echo
	} >>"$uv_root/var/lib/dpkg/status"
}

# file ROOT PATH TEXT: a file of a package, with the packages' time.
file() {
	mkdir -p "$(dirname "$1$2")"
	printf '%s\n' "$3" >"$1$2"
	touch -d "$T" "$1$2"
}

for g in ref t1 t2; do
	r=$v/$g
	mkdir -p "$r/var/lib/dpkg/info"
	: >"$r/var/lib/dpkg/status"
	pkg "$r" tool 1.0 "install ok installed" /etc/tool.conf /usr/share/tool/defaults
	file "$r" /usr/bin/tool "the tool"
	file "$r" /usr/lib/tool/data "$(head -c 300000 /dev/zero | tr '\0' d)"
	file "$r" /usr/share/tool/defaults "defaults, a conffile"
	file "$r" /usr/share/tool/differs "differs in $(printf %-3s "$g")"
	file "$r" /usr/share/tool/mode "mode"
	file "$r" /etc/tool.conf "configuration"
	file "$r" /usr/share/tool/empty ""
	: >"$r/usr/share/tool/empty"
	ln -s tool "$r/usr/bin/tool-link"
	printf '%s\n' / /usr /usr/bin /usr/bin/tool /usr/bin/tool-link /usr/lib \
		/usr/lib/tool /usr/lib/tool/data /usr/share /usr/share/tool \
		/usr/share/tool/defaults /usr/share/tool/differs \
		/usr/share/tool/mode /usr/share/tool/empty /etc /etc/tool.conf \
		/usr/share/tool/missing >"$r/var/lib/dpkg/info/tool.list"
	# Multi-Arch: same: the list is NAME:ARCH.list.
	pkg "$r" libm 2.0
	file "$r" /usr/lib/libm.so "a library"
	echo /usr/lib/libm.so >"$r/var/lib/dpkg/info/libm:amd64.list"
	# Another version in t1, removed (config-files) in t2.
	case $g in
	t1) pkg "$r" newer 3.1 ;;
	t2) pkg "$r" newer 3.0 "deinstall ok config-files" ;;
	*) pkg "$r" newer 3.0 ;;
	esac
	file "$r" /usr/bin/newer "newer"
	echo /usr/bin/newer >"$r/var/lib/dpkg/info/newer.list"
	# A package only the guest has.
	if [ "$g" != ref ]; then
		pkg "$r" own 1.0
		file "$r" /usr/bin/own "own"
		echo /usr/bin/own >"$r/var/lib/dpkg/info/own.list"
	fi
done
file "$v/ref" /usr/bin/own "own"
chmod 700 "$v/t2/usr/share/tool/mode"
ref=$v/ref

# -- a dry run changes nothing --------------------------------------------------
snapshot before
fake_reset
run vunify -n -v "$ref" "$v/t1" "$v/t2"
expect_rc 0
expect_empty err
expect_exact out "would link $v/t1/usr/lib/libm.so
would link $v/t1/usr/bin/tool
would link $v/t1/usr/lib/tool/data
would link $v/t1/usr/share/tool/mode
would link $v/t2/usr/lib/libm.so
would link $v/t2/usr/bin/tool
would link $v/t2/usr/lib/tool/data
would link 7 files, saving 600045 bytes (586.0 KiB); 0 already unified, 3 left alone"
expect_snapshot_is before
expect_no_log set_iattr

# -- linked -------------------------------------------------------------------
fake_reset
run vunify "$ref" "$v/t1" "$v/t2"
expect_rc 0
expect_empty err
expect_exact out "linked 7 files, saved 600045 bytes (586.0 KiB); 0 already unified, 3 left alone"
for g in t1 t2; do
	expect_same_inode "$ref/usr/bin/tool" "$v/$g/usr/bin/tool"
	expect_same_inode "$ref/usr/lib/tool/data" "$v/$g/usr/lib/tool/data"
	expect_same_inode "$ref/usr/lib/libm.so" "$v/$g/usr/lib/libm.so"
	# conffiles, in /etc or not; other bytes; other versions; own files
	expect_other_inode "$ref/usr/share/tool/defaults" "$v/$g/usr/share/tool/defaults"
	expect_other_inode "$ref/etc/tool.conf" "$v/$g/etc/tool.conf"
	expect_other_inode "$ref/usr/share/tool/differs" "$v/$g/usr/share/tool/differs"
	expect_other_inode "$ref/usr/bin/newer" "$v/$g/usr/bin/newer"
	expect_other_inode "$ref/usr/bin/own" "$v/$g/usr/bin/own"
	expect_other_inode "$ref/usr/share/tool/empty" "$v/$g/usr/share/tool/empty"
	if [ -L "$v/$g/usr/bin/tool-link" ]; then
		pass "$last: $g's symbolic link is one still"
	else
		fail "$last: $g's symbolic link was replaced"
	fi
done
expect_same_inode "$ref/usr/share/tool/mode" "$v/t1/usr/share/tool/mode"
expect_other_inode "$ref/usr/share/tool/mode" "$v/t2/usr/share/tool/mode"
expect_attrs -UI- "$ref/usr/bin/tool" "$v/t2/usr/lib/libm.so" "$ref/usr/share/tool/mode"
expect_attrs ---- "$v/t2/usr/share/tool/mode" "$v/t1/usr/share/tool/defaults" \
	"$v/t1/usr/share/tool/differs" "$ref/usr/share/tool/differs"
# The reference's inode took the attributes once, before its first link.
expect_log "fset_iattr $ref/usr/bin/tool 0x60000 0x60000"
if [ "$(grep -c '^fset_iattr ' "$UV_FAKE_DIR/log")" = 4 ]; then
	pass "$last: four inodes took the attributes"
else
	fail "$last: $(grep -c '^fset_iattr ' "$UV_FAKE_DIR/log") attribute changes, not 4"
fi
if [ "$(cat "$v/t2/usr/share/tool/differs")" = "differs in t2 " ] &&
    [ "$(cat "$v/t1/usr/bin/tool")" = "the tool" ]; then
	pass "$last: the bytes are the guests'"
else
	fail "$last: a guest's bytes changed"
fi

# -- again: nothing to do --------------------------------------------------------
snapshot linked
fake_reset
run vunify -vv "$ref" "$v/t1" "$v/t2"
expect_rc 0
expect_out "left alone $v/t1/usr/share/tool/differs: other bytes than in the reference"
expect_out "left alone $v/t2/usr/share/tool/mode: another mode, owner, size or time than in the reference"
expect_out "linked 0 files, saved 0 bytes (0 B); 7 already unified, 3 left alone"
expect_snapshot_is linked
expect_no_log set_iattr

# --no-default-excludes: the conffiles stay out all the same; -e a name.
run vunify -n -v --no-default-excludes -e libm.so "$ref" "$v/t1"
expect_rc 0
expect_exact out "would link 0 files, saving 0 bytes (0 B); 3 already unified, 1 left alone"

# -g: guests by name.
VSERVER_CONFDIR=$uv_tmp/etc-vservers
VSERVER_VROOTDIR=$v
export VSERVER_CONFDIR VSERVER_VROOTDIR
mkdir -p "$VSERVER_CONFDIR/ref" "$VSERVER_CONFDIR/t1"
run vunify -n -g ref t1
expect_rc 0
expect_exact out "would link 0 files, saving 0 bytes (0 B); 4 already unified, 1 left alone"
unset VSERVER_CONFDIR VSERVER_VROOTDIR

# -- refusals -----------------------------------------------------------------
mkdir -p "$v/rpm/var/lib/rpm" "$v/none"
snapshot refused
usage() {	# usage TEXT VUNIFY-ARG...
	uv_text=$1
	shift
	fake_reset
	run vunify "$@"
	expect_rc 1
	expect_err "$uv_text"
	expect_empty out
	expect_no_call
}
usage "vunify: $v/rpm has an rpm database: vunify reads dpkg databases only (use vhashify)" \
	"$ref" "$v/rpm"
usage "vunify: cannot open $v/none/var/lib/dpkg/status: No such file or directory" \
	"$ref" "$v/t1" "$v/none"
usage "vunify: give a reference root directory and at least one other" "$ref"
usage "vunify: give a reference guest and at least one other" -g
usage "vunify: $ref is the reference itself" "$ref" "$ref/"
usage "unrecognized option '--hashdir'" --hashdir x "$ref" "$v/t1"
if [ -d /dev/shm ] && [ -w /dev/shm ] && [ "$(stat -c %d /dev/shm)" != "$(stat -c %d "$v")" ]; then
	usage "vunify: /dev/shm is on another file system than the reference $ref: files cannot be linked across" \
		"$ref" /dev/shm
fi
expect_snapshot_is refused

# The kernel: without unification, without inode attributes, no privilege.
rm -rf "$v/t3"
cp -a "$v/t2" "$v/t3"
snapshot kernel
UV_FAKE_IATTR_BITS=10000 run vunify "$ref" "$v/t3"
expect_rc 3
expect_exact err "vunify: kernel lacks unification (the immutable and ixunlink attributes) for $ref/usr/lib/libm.so; --links-only links without them"
expect_snapshot_is kernel
UV_FAKE_REFUSE=fget_iattr run vunify "$ref" "$v/t3"
expect_rc 3
expect_exact err "vunify: kernel lacks inode attribute support"
expect_snapshot_is kernel
# --links-only: linked without a vserver(2) call.
fake_reset
run vunify --links-only -v "$ref" "$v/t3"
expect_rc 0
expect_out "linked $v/t3/usr/bin/tool"
expect_same_inode "$ref/usr/bin/tool" "$v/t3/usr/bin/tool"
expect_no_call

# --cow: copy on write too, also on what was unified before; refused by a
# kernel without it.
rm -rf "$v/t4"
cp -a "$v/t2" "$v/t4"
snapshot cow
UV_FAKE_IATTR_BITS=70000 run vunify --cow "$ref" "$v/t4"
expect_rc 3
expect_exact err "vunify: kernel lacks copy on write (the cow attribute) for $ref/usr/lib/libm.so; unify without --cow"
expect_snapshot_is cow
fake_reset
run vunify --cow "$ref" "$v/t4"
expect_rc 0
expect_log "fset_iattr $ref/usr/lib/libm.so 0xe0000 0xe0000"
expect_same_inode "$ref/usr/lib/libm.so" "$v/t4/usr/lib/libm.so"

finish
