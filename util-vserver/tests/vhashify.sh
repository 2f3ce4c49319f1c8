# vhashify against the fake vserver(2), on small guest trees under the
# test's directory: what is linked (identical files, across guests) and
# what is left alone (other bytes, mode, excluded paths, symbolic links,
# empty files, other hard links, extended attributes), the attributes of
# the linked files, bytes never changed, a dry run that changes nothing,
# a second run that reads nothing, a changed file relinked only once it is
# equal again, guest names, and the kernel's refusals.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

use_fake_kernel

v=$uv_tmp/vservers
# The default store is .hash in the directory of the guests' roots.
VSERVER_VROOTDIR=$v
export VSERVER_VROOTDIR
store=$v/.hash

# expect_attrs FLAGS FILE...: showattr -d shows these attributes of each.
expect_attrs() {
	expect_shown showattr "$@"
}

# snapshot NAME, expect_snapshot_is NAME: the files under $v, the store
# aside.
snapshot() {
	tree_snapshot "$1" "$v" ./.hash
}
expect_snapshot_is() {
	expect_tree_unchanged "$1" "$v" ./.hash
}

# bytes_of NAME: the content of every regular file, by path, not inode.
contents() {
	(cd "$v" && find . -path ./.hash -prune -o -type f -print | LC_ALL=C sort |
		while read -r f; do echo "$f $(cksum <"$f")"; done) >"$uv_tmp/bytes.$1"
}

T=@1700000000
for g in g1 g2 g3; do
	r=$v/$g
	mkdir -p "$r/usr/bin" "$r/usr/lib" "$r/usr/share/doc" "$r/etc"
	echo "the same in every guest" >"$r/usr/bin/same"
	# Bigger than the chunks files are compared by.
	head -c 300000 /dev/zero | tr '\0' x >"$r/usr/lib/big"
	echo "$g differs" >"$r/usr/bin/differs"
	echo "same bytes, other mode" >"$r/usr/bin/mode"
	echo "a configuration file" >"$r/etc/conf"
	echo "documentation" >"$r/usr/share/doc/README"
	: >"$r/usr/lib/empty"
	ln -s same "$r/usr/bin/symlink"
	touch -h -d "$T" "$r/usr/bin/same" "$r/usr/lib/big" "$r/usr/bin/differs" \
		"$r/usr/bin/mode" "$r/etc/conf" "$r/usr/share/doc/README" \
		"$r/usr/lib/empty" "$r/usr/bin/symlink"
done
chmod 700 "$v/g2/usr/bin/mode"
# Bytes differ at the end only, in a file bigger than a chunk.
head -c 299999 /dev/zero | tr '\0' x >"$v/g3/usr/lib/big"
echo y | tr -d '\n' >>"$v/g3/usr/lib/big"
touch -d "$T" "$v/g3/usr/lib/big"
cp -p "$v/g3/usr/lib/big" "$v/g2/usr/lib/big2"
cp -p "$v/g3/usr/lib/big" "$v/g3/usr/lib/big2"
# A file with another name in the same guest: left alone.
echo "hard-linked in g1" >"$v/g1/usr/lib/hard"
ln "$v/g1/usr/lib/hard" "$v/g1/usr/lib/hard2"
echo "hard-linked in g1" >"$v/g2/usr/lib/hard"
touch -d "$T" "$v/g1/usr/lib/hard" "$v/g2/usr/lib/hard"
# Extended attributes (an ACL, a capability): left alone.
have_xattr=no
echo "with an attribute" >"$v/g1/usr/lib/xattr"
echo "with an attribute" >"$v/g2/usr/lib/xattr"
touch -d "$T" "$v/g1/usr/lib/xattr" "$v/g2/usr/lib/xattr"
if command -v python3 >/dev/null 2>&1 &&
    python3 -c 'import os, sys; os.setxattr(sys.argv[1], "user.test", b"1")' \
	"$v/g1/usr/lib/xattr" 2>/dev/null; then
	have_xattr=yes
	touch -d "$T" "$v/g1/usr/lib/xattr"
else
	rm -f "$v/g1/usr/lib/xattr" "$v/g2/usr/lib/xattr"
fi
# What the first run finds: files that become store entries, files
# already unified on later runs, files left alone (hard, hard2, xattr).
if [ "$have_xattr" = yes ]; then
	NEW=11 ALREADY=19 LEFT=3
else
	NEW=10 ALREADY=18 LEFT=2
fi

# -- a dry run changes nothing ------------------------------------------------
snapshot before
contents before
fake_reset
run vhashify -n -v "$v/g1" "$v/g2" "$v/g3"
expect_rc 0
expect_empty err
expect_out "would link $v/g2/usr/bin/same"
expect_out "would link $v/g3/usr/bin/same"
expect_out "would link $v/g3/usr/bin/mode"
expect_out "would link $v/g3/usr/lib/big2"
expect_out "would link 8 files, saving 900099 bytes (879.0 KiB); $NEW would be new in the store, 0 already unified, $LEFT left alone"
expect_snapshot_is before
expect_no_log set_iattr
if [ -e "$store" ]; then
	fail "$last: created the store"
else
	pass "$last: no store created"
fi

# -- the first run ------------------------------------------------------------
fake_reset
run vhashify -v "$v/g1" "$v/g2" "$v/g3"
expect_rc 0
expect_empty err
expect_exact out "linked $v/g2/usr/bin/same
linked $v/g2/usr/lib/big
linked $v/g2/usr/share/doc/README
linked $v/g3/usr/bin/mode
linked $v/g3/usr/bin/same
linked $v/g3/usr/lib/big
linked $v/g3/usr/lib/big2
linked $v/g3/usr/share/doc/README
linked 8 files, saved 900099 bytes (879.0 KiB); $NEW new in the store, 0 already unified, $LEFT left alone"
expect_same_inode "$v/g1/usr/bin/same" "$v/g2/usr/bin/same" "$v/g3/usr/bin/same"
expect_same_inode "$v/g1/usr/lib/big" "$v/g2/usr/lib/big"
expect_other_inode "$v/g1/usr/lib/big" "$v/g3/usr/lib/big"
expect_same_inode "$v/g2/usr/lib/big2" "$v/g3/usr/lib/big2" "$v/g3/usr/lib/big"
expect_same_inode "$v/g1/usr/share/doc/README" "$v/g2/usr/share/doc/README" \
	"$v/g3/usr/share/doc/README"
expect_same_inode "$v/g1/usr/bin/mode" "$v/g3/usr/bin/mode"
expect_other_inode "$v/g1/usr/bin/mode" "$v/g2/usr/bin/mode"
expect_other_inode "$v/g1/usr/bin/differs" "$v/g2/usr/bin/differs"
expect_other_inode "$v/g1/etc/conf" "$v/g2/etc/conf"
expect_other_inode "$v/g1/usr/lib/empty" "$v/g2/usr/lib/empty"
expect_other_inode "$v/g1/usr/lib/hard" "$v/g2/usr/lib/hard"
expect_same_inode "$v/g1/usr/lib/hard" "$v/g1/usr/lib/hard2"
if [ "$have_xattr" = yes ]; then
	expect_other_inode "$v/g1/usr/lib/xattr" "$v/g2/usr/lib/xattr"
fi
# The unified files and the store; nothing else.
expect_attrs -UI- "$v/g1/usr/bin/same" "$v/g2/usr/lib/big" "$v/g3/usr/lib/big" \
	"$v/g1/usr/bin/differs" "$v/g2/usr/bin/mode" "$v/g2/usr/lib/hard"
expect_attrs ---- "$v/g1/etc/conf" "$v/g1/usr/lib/empty" "$v/g1/usr/lib/hard" "$v/g1/usr/bin/symlink"
if [ "$have_xattr" = yes ]; then
	expect_attrs ---- "$v/g1/usr/lib/xattr"
fi
expect_log "fset_iattr $v/g1/usr/bin/same 0x60000 0x60000"
# One attribute change per store entry: hard links share it.
if [ "$(grep -c '^fset_iattr ' "$UV_FAKE_DIR/log")" = "$NEW" ]; then
	pass "$last: the attributes were set $NEW times, once per entry"
else
	fail "$last: the attributes were set $(grep -c '^fset_iattr ' "$UV_FAKE_DIR/log") times, not $NEW"
fi
# The symbolic link is still one, to the same name.
if [ -L "$v/g2/usr/bin/symlink" ] && [ "$(readlink "$v/g2/usr/bin/symlink")" = same ]; then
	pass "$last: the symbolic link is left as it was"
else
	fail "$last: the symbolic link changed"
fi
contents after
if cmp -s "$uv_tmp/bytes.before" "$uv_tmp/bytes.after"; then
	pass "$last: every file has the bytes it had"
else
	fail "$last: the bytes of a file changed"
	diff "$uv_tmp/bytes.before" "$uv_tmp/bytes.after" | sed 's/^/    diff| /'
fi
# The store: entries named by hash and metadata, a directory per prefix.
if ls "$store"/*/*-100644-0-0-1700000000.000000000 >/dev/null 2>&1 &&
    [ "$(stat -c %a "$store")" = 700 ]; then
	pass "$last: the store has its entries, mode 700"
else
	fail "$last: the store is not as expected"
	find "$store" | sed 's/^/    store| /'
fi
h=$(sha256sum <"$v/g1/usr/bin/same" | cut -c1-64)
e=$store/$(echo "$h" | cut -c1-2)/$(echo "$h" | cut -c3-)-100644-$(id -u)-$(id -g)-1700000000.000000000
if [ -f "$e" ] && [ "$(inode_of "$e")" = "$(inode_of "$v/g1/usr/bin/same")" ]; then
	pass "$last: the store entry of same is its SHA-256 and a link of it"
else
	fail "$last: no store entry $e linked to same"
fi

# -- a second run: nothing to do, nothing read ---------------------------------
snapshot linked
fake_reset
run vhashify -v "$v/g1" "$v/g2" "$v/g3"
expect_rc 0
expect_exact out "linked 0 files, saved 0 bytes (0 B); 0 new in the store, $ALREADY already unified, $LEFT left alone"
expect_snapshot_is linked
expect_no_call
# Without the cache every file is read again, with the same result.
fake_reset
run vhashify --rehash "$v/g1" "$v/g2" "$v/g3"
expect_rc 0
expect_exact out "linked 0 files, saved 0 bytes (0 B); 0 new in the store, $ALREADY already unified, $LEFT left alone"
expect_snapshot_is linked
expect_no_log set_iattr

# -- a guest replaces a file: linked again only when equal ----------------------
# As a package upgrade does: a new file renamed over the unified one.
echo "g2's own version" >"$v/g2/usr/bin/same.new"
touch -d "$T" "$v/g2/usr/bin/same.new"
mv "$v/g2/usr/bin/same.new" "$v/g2/usr/bin/same"
run vhashify -v "$v/g1" "$v/g2" "$v/g3"
expect_rc 0
expect_exact out "linked 0 files, saved 0 bytes (0 B); 1 new in the store, $((ALREADY - 1)) already unified, $LEFT left alone"
expect_other_inode "$v/g1/usr/bin/same" "$v/g2/usr/bin/same"
expect_same_inode "$v/g1/usr/bin/same" "$v/g3/usr/bin/same"
if [ "$(cat "$v/g2/usr/bin/same")" = "g2's own version" ] &&
    [ "$(cat "$v/g1/usr/bin/same")" = "the same in every guest" ]; then
	pass "$last: each guest keeps its bytes"
else
	fail "$last: a guest's bytes changed"
fi
# Back to what the others have: linked again.
echo "the same in every guest" >"$v/g2/usr/bin/same.new"
touch -d "$T" "$v/g2/usr/bin/same.new"
mv "$v/g2/usr/bin/same.new" "$v/g2/usr/bin/same"
run vhashify -v "$v/g1" "$v/g2" "$v/g3"
expect_rc 0
expect_exact out "linked $v/g2/usr/bin/same
linked 1 file, saved 24 bytes (24 B); 0 new in the store, $((ALREADY - 1)) already unified, $LEFT left alone"
expect_same_inode "$v/g1/usr/bin/same" "$v/g2/usr/bin/same" "$v/g3/usr/bin/same"

# -- options ------------------------------------------------------------------
# --exclude: a name anywhere, or a path from the root.
mkdir -p "$v/g4/usr/bin" "$v/g4/usr/share/doc" "$v/g4/etc"
cp -p "$v/g1/usr/bin/differs" "$v/g4/usr/bin/differs"
cp -p "$v/g1/usr/share/doc/README" "$v/g4/usr/share/doc/README"
cp -p "$v/g1/etc/conf" "$v/g4/etc/conf"
cp -p "$v/g1/usr/lib/empty" "$v/g4/empty"
run vhashify -v -n --no-default-excludes -e /usr/share -e differs "$v/g4"
expect_rc 0
expect_exact out "would link 0 files, saving 0 bytes (0 B); 1 would be new in the store, 0 already unified, 0 left alone"
# --min-size 0: empty files too; -vv names what is left alone and why.
run vhashify -vv -n --min-size 0 -e etc "$v/g4"
expect_rc 0
expect_out "excluded $v/g4/etc"
expect_out "would link $v/g4/usr/bin/differs"
expect_out "would link $v/g4/usr/share/doc/README"
expect_out "would link 2 files, saving 25 bytes (25 B); 1 would be new in the store, 0 already unified, 0 left alone"
run vhashify -vv -n "$v/g1" "$v/g2"
expect_out "left alone $v/g1/usr/lib/hard: it has other hard links"
if [ "$have_xattr" = yes ]; then
	expect_out "left alone $v/g1/usr/lib/xattr: it has extended attributes"
fi
run vhashify -n --min-size 1k "$v/g4"
expect_exact out "would link 0 files, saving 0 bytes (0 B); 0 would be new in the store, 0 already unified, 0 left alone"

# --links-only: linked, no attribute, no vserver(2) call.
mkdir -p "$v/l1" "$v/l2"
echo "links only" >"$v/l1/f"
cp -p "$v/l1/f" "$v/l2/f"
fake_reset
run vhashify --links-only --hashdir "$v/.hash-links" "$v/l1" "$v/l2"
expect_rc 0
expect_exact out "linked 1 file, saved 11 bytes (11 B); 1 new in the store, 0 already unified, 0 left alone"
expect_same_inode "$v/l1/f" "$v/l2/f"
expect_no_call
expect_attrs ---- "$v/l1/f"

# -g: guests by name, their root as the vserver command finds it.
VSERVER_CONFDIR=$uv_tmp/etc-vservers
export VSERVER_CONFDIR
mkdir -p "$VSERVER_CONFDIR/g1" "$VSERVER_CONFDIR/other" "$VSERVER_CONFDIR/file"
ln -s "$v/g4" "$VSERVER_CONFDIR/other/vdir"
echo "$v/g3  # a comment" >"$VSERVER_CONFDIR/file/vdir"
run vhashify -g -v g1 other file
expect_rc 0
expect_out "linked $v/g4/usr/bin/differs"
expect_out "linked $v/g4/usr/share/doc/README"
expect_out "linked 2 files, saved 25 bytes (25 B); 0 new in the store, 11 already unified, $LEFT left alone"
expect_same_inode "$v/g1/usr/bin/differs" "$v/g4/usr/bin/differs"
run vhashify -g nosuch
expect_rc 1
expect_exact err "vhashify: no guest nosuch: $VSERVER_CONFDIR/nosuch does not exist"
run vhashify -g ../g1
expect_rc 1
expect_exact err "vhashify: '../g1' is not a guest name"
unset VSERVER_CONFDIR

# -- many files: more than unify.c's ring of 64 descriptors closed by its
# threads, each of them a replaced file whose blocks are freed at close --
for g in m1 m2 m3; do
	mkdir -p "$v/$g/d"
	i=0
	while [ $i -lt 150 ]; do
		echo "file $i" >"$v/$g/d/f$i"
		i=$((i + 1))
	done
	touch -d "$T" "$v/$g"/d/f*
done
run vhashify --links-only --hashdir "$v/.mhash" "$v/m1" "$v/m2" "$v/m3"
expect_rc 0
expect_empty err
expect_out "linked 300 files, saved 2480 bytes (2.4 KiB); 150 new in the store, 0 already unified, 0 left alone"
links=$(stat -c %h "$v"/m*/d/f* | sort -u)
if [ "$links" = 4 ]; then
	pass "$last: each of the 450 files is one of 150 inodes with four links"
else
	fail "$last: link counts $(echo $links) where 4 was expected"
fi
rm -rf "$v/m1" "$v/m2" "$v/m3" "$v/.mhash"

# -- refusals: nothing changes -------------------------------------------------
mkdir -p "$v/k1" "$v/k2"
echo "kernel" >"$v/k1/f"
cp -p "$v/k1/f" "$v/k2/f"
snapshot k
for bits in 10000 ""; do
	if [ -n "$bits" ]; then
		UV_FAKE_IATTR_BITS=$bits run vhashify "$v/k1" "$v/k2"
		expect_err "vhashify: kernel lacks unification (the immutable and ixunlink attributes) for $v/k1/f; --links-only links without them"
	else
		UV_FAKE_REFUSE=fget_iattr run vhashify "$v/k1" "$v/k2"
		expect_exact err "vhashify: kernel lacks inode attribute support"
	fi
	expect_rc 3
	expect_empty out
	expect_snapshot_is k
done
# Without CAP_LINUX_IMMUTABLE in the host context.
UV_FAKE_XID=42 run vhashify "$v/k1" "$v/k2"
expect_rc 1
expect_exact err "vhashify: cannot set the attributes of $v/k1/f: Operation not permitted (this needs CAP_LINUX_IMMUTABLE in the host context)"
expect_snapshot_is k

# Bad usage: exit 1 before anything is looked at.
usage() {	# usage TEXT VHASHIFY-ARG...
	uv_text=$1
	shift
	fake_reset
	run vhashify "$@"
	expect_rc 1
	expect_err "$uv_text"
	expect_empty out
	expect_no_call
}
usage "vhashify: no root directory given" -n
usage "Try 'vhashify --help'" -g
usage "vhashify: invalid --min-size argument 'x': expected a size in bytes, optionally with k, M or G" \
	--min-size x "$v/k1"
usage "vhashify: invalid --min-size argument '-1'" -s -1 "$v/k1"
usage "vhashify: invalid --hashdir argument: empty" --hashdir "" "$v/k1"
usage "vhashify: cannot open $v/nosuch: No such file or directory" "$v/k1" "$v/nosuch"
usage "vhashify: / is the host's root directory, not a guest's" /
# A store on another file system than a guest: refused before any change.
if [ -d /dev/shm ] && [ -w /dev/shm ] && [ "$(stat -c %d /dev/shm)" != "$(stat -c %d "$v")" ]; then
	usage "vhashify: $v/k1 is on another file system than the store /dev/shm/uvtest-nosuch: give --hashdir a directory on its file system" \
		-n --hashdir /dev/shm/uvtest-nosuch "$v/k1"
fi
expect_snapshot_is k

finish
