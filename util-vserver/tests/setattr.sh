# setattr and showattr against the fake vserver(2): what each attribute
# option sets (the kernel's log), what showattr prints, -R and -x, the
# files each attribute applies to, attributes the kernel does not support,
# bad input and refusals that change nothing, and the kernel's refusals.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

use_fake_kernel

# expect_attrs FLAGS FILE...: showattr -d shows these attributes of each.
expect_attrs() {
	expect_shown showattr "$@"
}

# refused TEXT SETATTR-ARG...: exit 1 with TEXT on stderr, nothing set.
refused() {
	uv_text=$1
	shift
	fake_reset
	run setattr "$@"
	expect_rc 1
	expect_err "$uv_text"
	expect_empty out
	expect_no_log set_iattr
}

# The hex values of the kernel's bits, as the log shows them.
BARRIER=0x10000
IXUNLINK=0x20000
IMMUTABLE=0x40000
UNIFIED=0x60000
COW=0x80000

t=$uv_tmp/t
mkdir -p "$t/d/sub/deeper" "$t/d/.hidden" "$t/outside"
echo a >"$t/d/f"
echo b >"$t/d/sub/g"
echo c >"$t/d/sub/deeper/h"
echo d >"$t/d/.hidden/i"
echo e >"$t/outside/o"
ln -s f "$t/d/link"
ln -s ../outside "$t/d/dirlink"
ln "$t/d/f" "$t/d/f-hardlink"
mkfifo "$t/d/fifo"
f=$t/d/f
d=$t/d

# -- showattr on new files: nothing set ----------------------------------------
run showattr "$d"
expect_rc 0
expect_empty err
expect_out_is "---- $d/dirlink" "---- $d/f" "---- $d/f-hardlink" "---- $d/fifo" \
	"---- $d/link" "---- $d/sub"

# -- each attribute option: the barrier ----------------------------------------
fake_reset
run setattr --barrier "$d"
expect_rc 0
expect_empty out
expect_empty err
expect_log_is "set_iattr $d $BARRIER $BARRIER"
expect_attrs B--- "$d"

fake_reset
run setattr --~barrier "$d"
expect_rc 0
expect_log_is "set_iattr $d 0x0 $BARRIER"
expect_attrs ---- "$d"

# -- a kernel without unification ---------------------------------------------
# setattr asks the kernel what each file can have: nothing changes.
UV_FAKE_IATTR_BITS=10000
export UV_FAKE_IATTR_BITS
refused "setattr: $f: --iunlink: the kernel does not support the immutable attribute here" \
	--iunlink "$f"
expect_err "setattr: nothing changed"
refused "setattr: $f: --~ixunlink: the kernel does not support the ixunlink attribute here" \
	--~ixunlink "$f"
refused "setattr: $t/d/.hidden/i: --iunlink: the kernel does not support the immutable attribute here" \
	-R --barrier --iunlink "$d"
expect_attrs ---- "$d" "$f"
unset UV_FAKE_IATTR_BITS

# -- each attribute option of unification --------------------------------------
fake_reset
run setattr --iunlink "$f"
expect_rc 0
expect_log_is "set_iattr $f $UNIFIED $UNIFIED"
expect_attrs -UI- "$f"
# The attributes are the inode's: every hard link has them.
expect_attrs -UI- "$t/d/f-hardlink"

fake_reset
run setattr --~iunlink "$f"
expect_log_is "set_iattr $f 0x0 $UNIFIED"
expect_attrs ---- "$f"

fake_reset
run setattr --immutable "$f"
expect_log_is "set_iattr $f $IMMUTABLE $IMMUTABLE"
expect_attrs --I- "$f"

# ixunlink on its own leaves immutable as it is: unified now.
fake_reset
run setattr --ixunlink "$f"
expect_log_is "set_iattr $f $IXUNLINK $IXUNLINK"
expect_attrs -UI- "$f"

fake_reset
run setattr --~immutable "$f"
expect_log_is "set_iattr $f 0x0 $IMMUTABLE"
expect_attrs -U-- "$f"

fake_reset
run setattr --~ixunlink "$f"
expect_log_is "set_iattr $f 0x0 $IXUNLINK"
expect_attrs ---- "$f"

fake_reset
run setattr --iunlink "$f"
run setattr --iunlink-but-not-immutable "$f"
expect_rc 0
expect_log_is "set_iattr $f $UNIFIED $UNIFIED" \
	"set_iattr $f $IXUNLINK $UNIFIED"
expect_attrs -U-- "$f"

# Options combine; one that is there already changes nothing.
fake_reset
run setattr --immutable --ixunlink -- "$f" "$t/d/sub/g"
expect_rc 0
expect_log_is "set_iattr $f $UNIFIED $UNIFIED" \
	"set_iattr $t/d/sub/g $UNIFIED $UNIFIED"
expect_attrs -UI- "$f" "$t/d/sub/g"
fake_reset
run setattr --iunlink "$f" "$t/d/sub/g"
expect_rc 0
expect_no_log set_iattr
fake_reset
run setattr --~iunlink "$f" "$t/d/sub/g"
expect_log_is "set_iattr $f 0x0 $UNIFIED" "set_iattr $t/d/sub/g 0x0 $UNIFIED"

# -- -R: each file takes what applies to its type ------------------------------
# fts enters each directory, so the files below are named relative to it.
fake_reset
run setattr -R --barrier --iunlink "$d"
expect_rc 0
expect_empty err
expect_log_is "set_iattr $d $BARRIER $BARRIER" \
	"set_iattr .hidden $BARRIER $BARRIER" \
	"set_iattr i $UNIFIED $UNIFIED" \
	"set_iattr f $UNIFIED $UNIFIED" \
	"set_iattr sub $BARRIER $BARRIER" \
	"set_iattr deeper $BARRIER $BARRIER" \
	"set_iattr h $UNIFIED $UNIFIED" \
	"set_iattr g $UNIFIED $UNIFIED"
# Symbolic links are not followed: outside/ is not touched.
expect_attrs ---- "$t/outside" "$t/outside/o" "$t/d/link" "$t/d/dirlink" \
	"$t/d/fifo"

run showattr -R "$d"
expect_rc 0
expect_out_is "---- $d/dirlink" "-UI- $d/f" "-UI- $d/f-hardlink" "---- $d/fifo" \
	"---- $d/link" "B--- $d/sub" "B--- $d/sub/deeper" "-UI- $d/sub/deeper/h" \
	"-UI- $d/sub/g"

run showattr -Rda "$d"
expect_rc 0
expect_out_is "B--- $d" "B--- $d/.hidden" "-UI- $d/.hidden/i" "---- $d/dirlink" \
	"-UI- $d/f" "-UI- $d/f-hardlink" "---- $d/fifo" "---- $d/link" \
	"B--- $d/sub" "B--- $d/sub/deeper" "-UI- $d/sub/deeper/h" "-UI- $d/sub/g"

# A directory given with -R is walked even if nothing applies to it.
fake_reset
run setattr --recursive --~iunlink "$t/d/sub"
expect_rc 0
expect_log_is "set_iattr h 0x0 $UNIFIED" "set_iattr g 0x0 $UNIFIED"
expect_attrs B--- "$t/d/sub"
fake_reset
run setattr -R --~barrier "$t/d/sub/g" "$t/d/sub"
expect_rc 1
expect_err "setattr: $t/d/sub/g: --~barrier applies to directories only, and this is a regular file"
expect_err "setattr: nothing changed"
expect_no_log set_iattr

# -x: the files on another file system are left alone (here a mount
# under /dev, when there is one; the fake keeps the attributes apart).
for m in /dev/pts /dev/shm /dev/mqueue; do
	if [ -d "$m" ] && [ "$(stat -c %d "$m")" != "$(stat -c %d /dev)" ] &&
	    [ -r /dev ] && [ -x /dev ]; then
		fake_reset
		run setattr -R -x --barrier /dev
		if [ "$rc" = 0 ]; then
			expect_attrs B--- /dev
			expect_attrs ---- "$m"
			expect_no_log "set_iattr $(basename "$m") "
		else
			echo "skip -x: setattr -R /dev failed here: $(cat "$uv_tmp/err")"
		fi
		break
	fi
done
run setattr -R --one-file-system --~barrier "$d"
expect_rc 0

# -- the files an attribute applies to -----------------------------------------
refused "setattr: $f: --barrier applies to directories only, and this is a regular file" \
	--barrier "$f"
expect_err "setattr: nothing changed"
refused "setattr: $d: --iunlink applies to regular files only, and this is a directory" \
	--iunlink "$d"
refused "setattr: $t/d/link: --immutable applies to regular files only, and this is a symbolic link, which setattr does not follow" \
	--immutable "$t/d/link"
refused "setattr: $t/d/fifo: --ixunlink applies to regular files only, and this is a FIFO" \
	--ixunlink "$t/d/fifo"
refused "setattr: $t/d/dirlink: --~barrier applies to directories only, and this is a symbolic link" \
	--~barrier "$t/d/dirlink"

# -- a failed run changes nothing ----------------------------------------------
# One bad file among good ones: each bad one is named, none is changed.
run showattr -Rda "$t" && cp "$uv_tmp/out" "$uv_tmp/before"
refused "setattr: cannot access $t/nosuch: No such file or directory" \
	--iunlink "$f" "$t/nosuch" "$t/d/sub/g" "$d"
expect_err "setattr: $d: --iunlink applies to regular files only"
expect_err "setattr: nothing changed"
refused "setattr: $t/d/sub/g: --barrier applies to directories only" \
	-R --barrier "$d" "$t/d/sub/g"
run showattr -Rda "$t"
if cmp -s "$uv_tmp/before" "$uv_tmp/out"; then
	pass "the refused runs changed no attribute"
else
	fail "the refused runs changed attributes"
	diff "$uv_tmp/before" "$uv_tmp/out" | sed 's/^/    diff| /'
fi

# -- copy on write --------------------------------------------------------------
fake_reset
run setattr --iunlink --cow "$f"
expect_rc 0
expect_empty err
expect_log_is "set_iattr $f 0xe0000 0xe0000"
# Its own column, after the other three; a hard link has it too.
expect_attrs -UIC "$f" "$t/d/f-hardlink"
run showattr "$d"
expect_rc 0
expect_out_is "---- $d/dirlink" "-UIC $d/f" "-UIC $d/f-hardlink" "---- $d/fifo" \
	"---- $d/link" "---- $d/sub"
run showattr --help
expect_rc 0
expect_out "  C  cow: a guest that changes the unified file gets a copy of its own"
fake_reset
run setattr --~cow "$f"
expect_rc 0
expect_log_is "set_iattr $f 0x0 $COW"
expect_attrs -UI- "$f"
refused "setattr: $d: --cow applies to regular files only, and this is a directory" \
	--cow "$d"

# -- attributes the kernel does not support: nothing changes -------------------
# A kernel without copy on write.
UV_FAKE_IATTR_BITS=70000
export UV_FAKE_IATTR_BITS
refused "setattr: $t/d/sub/g: --cow: the kernel does not support the cow attribute here" \
	--iunlink --cow "$t/d/sub/g" "$f"
expect_err "setattr: nothing changed"
refused "setattr: $f: --~cow: the kernel does not support the cow attribute here" \
	--~cow "$f"
unset UV_FAKE_IATTR_BITS
for a in admin watch hide; do
	refused "setattr: $d: --$a: the kernel does not support the $a attribute here" \
		--barrier "--$a" "$d"
	refused "setattr: $f: --~$a: the kernel does not support the $a attribute here" \
		"--~$a" "$f"
done
# With -R, the first file that should take it ends the run.
UV_FAKE_IATTR_BITS=70000
export UV_FAKE_IATTR_BITS
refused "setattr: $t/d/.hidden/i: --cow: the kernel does not support the cow attribute here" \
	-R --barrier --cow "$d"
unset UV_FAKE_IATTR_BITS
expect_attrs ---- "$d"

# -- bad usage: no call at all -------------------------------------------------
usage() {	# usage TEXT SETATTR-ARG...
	refused "$@"
	expect_err "Try 'setattr --help' for more information."
	expect_no_call
}
usage "setattr: no attribute to set" "$f"
usage "setattr: no attribute to set" -R "$d"
usage "setattr: no file given" --barrier
usage "setattr: -x applies to -R only" -x --barrier "$d"
usage "setattr: --iunlink and --~immutable ask for opposite values of immutable" \
	--iunlink --~immutable "$f"
usage "setattr: --~immutable and --iunlink ask for opposite values of immutable" \
	--~immutable --iunlink "$f"
usage "setattr: --iunlink and --iunlink-but-not-immutable ask for opposite values of immutable" \
	--iunlink --iunlink-but-not-immutable "$f"
usage "setattr: --barrier and --~barrier ask for opposite values of barrier" \
	--barrier --~barrier "$d"
usage "unrecognized option '--!barrier'" "--!barrier" "$d"
usage "unrecognized option '--unified'" --unified "$f"
# The same value twice is no contradiction.
fake_reset
run setattr --iunlink --immutable --ixunlink "$t/d/sub/g"
expect_rc 0
expect_log_is "set_iattr $t/d/sub/g $UNIFIED $UNIFIED"
run setattr --~iunlink "$t/d/sub/g"

# -- the kernel refuses --------------------------------------------------------
# A guest, or a host process without CAP_LINUX_IMMUTABLE: the first
# change fails, so nothing changes.
fake_reset
UV_FAKE_XID=42 run setattr -R --~iunlink --barrier "$d"
expect_rc 1
expect_exact err "setattr: cannot set the attributes of $d: Operation not permitted (this needs CAP_LINUX_IMMUTABLE in the host context)"
expect_log_is "set_iattr $d $BARRIER $BARRIER"
expect_attrs ---- "$d"
expect_attrs -UI- "$f"
fake_reset
UV_FAKE_FAIL=set_iattr:EPERM run setattr --~iunlink "$f"
expect_rc 1
expect_err "Operation not permitted (this needs CAP_LINUX_IMMUTABLE"
expect_attrs -UI- "$f"
# Reading needs no privilege.
UV_FAKE_XID=42 run showattr -d "$f"
expect_rc 0
expect_exact out "-UI- $f"

# A kernel with vserver(2) but without the inode attribute commands.
for tool in setattr showattr; do
	fake_reset
	if [ "$tool" = setattr ]; then
		UV_FAKE_REFUSE=get_iattr run setattr --barrier "$d"
	else
		UV_FAKE_REFUSE=get_iattr run showattr "$d"
	fi
	expect_rc 3
	expect_exact err "$tool: kernel lacks inode attribute support"
	expect_empty out
	expect_no_log set_iattr
done
# A change refused in a way the check could not foresee: the run stops
# there (an injected error comes before the fake's log: count the calls).
fake_reset
UV_FAKE_FAIL=set_iattr:EINVAL run setattr --barrier "$d" "$t/d/sub"
expect_rc 1
expect_exact err "setattr: cannot set the attributes of $d: Invalid argument"
if [ "$(grep -c '^set_iattr ' "$UV_FAKE_DIR/calls")" = 1 ]; then
	pass "$last: stopped at the first refusal"
else
	fail "$last: went on after the first refusal"
fi
expect_attrs ---- "$d" "$t/d/sub"

# -- showattr ------------------------------------------------------------------
# No file: the entries of the current directory; -d: the directory itself.
(cd "$t/d/sub" && run showattr)
last="showattr (in $t/d/sub)"
expect_out_is "---- ./deeper" "---- ./g"
(cd "$t/d/sub" && run showattr -d)
last="showattr -d (in $t/d/sub)"
expect_out_is "---- ."
# -a: the entries whose name starts with a dot; a file given is shown,
# in the order given; a symbolic link given is not followed.
run showattr -a "$d"
expect_rc 0
expect_out "---- $d/.hidden"
run showattr "$t/d/sub/g" "$t/d/dirlink" "$t/d/.hidden" "$f"
expect_rc 0
expect_out_is "---- $t/d/sub/g" "---- $t/d/dirlink" "-UI- $t/d/.hidden/i" "-UI- $f"
run showattr --directory "$t/d/.hidden"
expect_out_is "---- $t/d/.hidden"
# A file that is not there is named; the others are shown all the same.
run showattr "$f" "$t/nosuch" "$t/d/sub/g"
expect_rc 1
expect_exact err "showattr: cannot access $t/nosuch: No such file or directory"
expect_out_is "-UI- $f" "---- $t/d/sub/g"
run showattr -d ""
expect_rc 1
expect_err "showattr: cannot access : No such file or directory"
# An option after a file is a file.
run showattr -d -- "$f" -R
expect_rc 1
expect_err "cannot access -R"
expect_out "-UI- $f"

finish
