# reducecap on the real kernel (no vserver(2) needed): --show prints the
# sets by name; the removal reaches the bounding, effective, permitted,
# inheritable and ambient sets of the command, and needs CAP_SETPCAP.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

# The sets of this shell (reducecap --show shows its own: the same).
bnd=$(cap_set Bnd)
eff=$(cap_set Eff)
prm=$(cap_set Prm)

run reducecap --show
expect_rc 0
expect_empty err
printf '%s\n' "bounding: $(cap_names "$bnd")" "effective: $(cap_names "$eff")" \
	"permitted: $(cap_names "$prm")" | sed 's/: $/:/' >"$uv_tmp/want"
if cmp -s "$uv_tmp/want" "$uv_tmp/out"; then
	pass "$last: the three sets by name"
else
	fail "$last: not the sets of this process"
fi
run reducecap --show --pid $$
expect_rc 0
if cmp -s "$uv_tmp/want" "$uv_tmp/out"; then
	pass "$last: the sets of this shell"
else
	fail "$last: not the sets of this shell"
fi
run reducecap --show --pid 2147483647
expect_rc 1
expect_exact err "reducecap: cannot read /proc/2147483647/status: No such file or directory"

run reducecap -- "$uv_tmp/no-such-command"
expect_rc 127
expect_err "reducecap: failed to execute $uv_tmp/no-such-command"
run reducecap sh -c 'exit 9'
expect_rc 9

if ! can_drop_caps; then
	run reducecap --cap ~CAP_CHOWN -- true
	expect_rc 1
	expect_exact err "reducecap: cannot drop CAP_CHOWN from the capability bounding set (this needs CAP_SETPCAP): Operation not permitted"
	echo "no CAP_SETPCAP here: the removals are not tried"
	finish
fi

# has_caps SET WANT: the command's CapSET is WANT (numbers).
has_caps() {
	got=$((0x$(sed -n "s/^Cap$1:[[:space:]]*//p" "$uv_tmp/out")))
	if [ "$got" = "$2" ]; then
		pass "$last: Cap$1 is $(printf '%#x' "$2")"
	else
		fail "$last: Cap$1 is $(printf '%#x' "$got"), not $(printf '%#x' "$2")"
	fi
}

# --secure --cap: exactly the secure set, with the list on top.
want=$(((SECURE_CAPS | 1 << 13) & ~(1 << 5) & bnd))
run reducecap --secure --cap NET_RAW,~KILL -- cat /proc/self/status
expect_rc 0
has_caps Bnd "$want"
has_caps Eff "$want"
has_caps Prm "$want"
has_caps Inh 0
has_caps Amb 0

# The removed capability is gone for the command, root or not.
: >"$uv_tmp/file"
run reducecap --cap ~CAP_CHOWN -- chown 1 "$uv_tmp/file"
expect_rc 1
expect_err "Operation not permitted"
run reducecap --cap '!chown' -- sh -c "chown 1 '$uv_tmp/file' 2>/dev/null || echo refused"
expect_exact out "refused"

# CAP_SETPCAP goes last, so it can go too; then nothing more can be removed.
run reducecap --cap ~SETPCAP,~KILL --show -- \
	"$UV_BUILDDIR/src/reducecap" --cap ~CHOWN -- true
expect_rc 1
expect_out "bounding: $(cap_names $((bnd & ~(1 << 8) & ~(1 << 5))))"
expect_exact err "reducecap: cannot drop CAP_CHOWN from the capability bounding set (this needs CAP_SETPCAP): Operation not permitted"

# Removing what is already gone is no error.
run reducecap --cap ~KILL -- "$UV_BUILDDIR/src/reducecap" --cap ~KILL,~SETPCAP -- true
expect_rc 0

# --show with a removal shows the sets after it.
run reducecap --secure --show -- true
expect_rc 0
expect_out "bounding: $(cap_names $((SECURE_CAPS & bnd)))"
expect_out "effective: $(cap_names $((SECURE_CAPS & eff)))"

finish
