# vdlimit against a fake project quota (fake-quota.so): what it shows and
# sets, what --remove and -1 ask of the quota, and how it reports a file
# system without project quota, a quota not enforced, a kernel without
# quotactl_fd(2) and the quota's refusals.  Needs no root; vdlimit.sh
# runs it against a real file system.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

UV_FAKE_QUOTA_DIR=$uv_tmp/quota
mkdir "$UV_FAKE_QUOTA_DIR" || exit 99
LD_PRELOAD=$UV_BUILDDIR/tests/fake-quota.so
export UV_FAKE_QUOTA_DIR LD_PRELOAD
unset UV_FAKE_QUOTA_STATE UV_FAKE_QUOTA_FAIL
log=$UV_FAKE_QUOTA_DIR/log
: >"$log"
mnt=$uv_tmp

run vdlimit --xid 5 "$mnt"
if [ "$rc" != 0 ]; then
	echo "the fake quota is not reached (static tools?)"
	exit 77
fi

guest_context web 42

# expect_log_is LINE...: the quota was set exactly so, since the last reset.
expect_log_is() {
	if [ $# = 0 ]; then
		: >"$uv_tmp/want"
	else
		printf '%s\n' "$@" >"$uv_tmp/want"
	fi
	if cmp -s "$uv_tmp/want" "$log"; then
		pass "$last: the quota saw $# change(s)"
	else
		fail "$last: the quota saw other changes"
		diff "$uv_tmp/want" "$log" | sed 's/^/    log| /'
	fi
	: >"$log"
}

# -- show: the classic five lines; -1 for no limit; KiB rounded up ----------
run vdlimit --xid 5 "$mnt"
expect_rc 0
expect_empty err
expect_out_is space_used=0 space_total=-1 inodes_used=0 inodes_total=-1 reserved=0
echo "1048577 12 4096 4096 300 300" >"$UV_FAKE_QUOTA_DIR/prj.42"
run vdlimit --xid web "$mnt"
expect_rc 0
expect_out_is space_used=1025 space_total=4096 inodes_used=12 inodes_total=300 reserved=0
expect_log_is

# -- set: hard and soft limits alike; one key leaves the other -------------
run vdlimit --xid 5 --set space_total=2048 --set inodes_total=100 --set reserved=0 "$mnt"
expect_rc 0
expect_empty out
expect_empty err
expect_log_is "setquota 5 0x5 2048 2048 100 100"
run vdlimit --xid 5 "$mnt"
expect_out_is space_used=0 space_total=2048 inodes_used=0 inodes_total=100 reserved=0
run vdlimit --xid 5 --set inodes_total=7 "$mnt"
expect_log_is "setquota 5 0x4 0 0 7 7"
run vdlimit --xid 5 "$mnt"
expect_out "space_total=2048"
expect_out "inodes_total=7"
# The last value of a key is the one set.
run vdlimit --xid 5 --set space_total=10 --set space_total=20 "$mnt"
expect_log_is "setquota 5 0x1 20 20 0 0"
# -1: no limit, which the quota calls 0.
run vdlimit --xid 5 --set space_total=-1 "$mnt"
expect_rc 0
expect_log_is "setquota 5 0x1 0 0 0 0"
run vdlimit --xid 5 "$mnt"
expect_out "space_total=-1"
expect_out "inodes_total=7"
# reserved=0 alone: nothing to change.
run vdlimit --xid 5 --set reserved=0 "$mnt"
expect_rc 0
expect_empty err
expect_log_is

# -- remove: both limits, the usage stays ----------------------------------
run vdlimit --xid web --remove "$mnt"
expect_rc 0
expect_empty out
expect_empty err
expect_log_is "setquota 42 0x5 0 0 0 0"
run vdlimit --xid 42 "$mnt"
expect_out_is space_used=1025 space_total=-1 inodes_used=12 inodes_total=-1 reserved=0

# -- a quota counted but not enforced: set, and said so ---------------------
UV_FAKE_QUOTA_STATE=counted
export UV_FAKE_QUOTA_STATE
run vdlimit --xid 5 --set space_total=100 "$mnt"
expect_rc 0
expect_empty out
expect_exact err "vdlimit: the limits of context 5 are set, but the file system of $mnt does not enforce them: mount it with the option prjquota"
expect_log_is "setquota 5 0x1 100 100 0 0"
run vdlimit --xid 5 "$mnt"
expect_rc 0
expect_empty err
run vdlimit --xid 5 --remove "$mnt"
expect_rc 0
expect_empty err
expect_log_is "setquota 5 0x5 0 0 0 0"

# -- no project quota: refused, with what to do ------------------------------
noquota="the file system of $mnt has no project quota (ext4 needs mke2fs -O quota,project, or tune2fs -O quota,project while unmounted, and the mount option prjquota; xfs the mount option prjquota)"
for UV_FAKE_QUOTA_STATE in off noprj none; do
	run vdlimit --xid 5 "$mnt"
	expect_rc 1
	expect_empty out
	expect_exact err "vdlimit: cannot read the project quota of context 5: $noquota"
	run vdlimit --xid 5 --set space_total=100 "$mnt"
	expect_rc 1
	expect_err "$noquota"
	run vdlimit --xid 5 --remove "$mnt"
	expect_rc 1
	expect_err "$noquota"
	expect_log_is
done
UV_FAKE_QUOTA_STATE=nosys
run vdlimit --xid 5 "$mnt"
expect_rc 1
expect_exact err "vdlimit: cannot read the project quota of context 5: the kernel lacks quotactl_fd(2) (Linux 5.14 or later, with CONFIG_QUOTACTL)"
unset UV_FAKE_QUOTA_STATE

# -- the quota's refusals ---------------------------------------------------
UV_FAKE_QUOTA_FAIL=set:EPERM
export UV_FAKE_QUOTA_FAIL
run vdlimit --xid 5 --set space_total=100 "$mnt"
expect_rc 1
expect_exact err "vdlimit: cannot set the project quota of context 5 on $mnt: Operation not permitted (this needs CAP_SYS_ADMIN)"
UV_FAKE_QUOTA_FAIL=get:EPERM
run vdlimit --xid 5 "$mnt"
expect_rc 1
expect_empty out
expect_exact err "vdlimit: cannot read the project quota of context 5 on $mnt: Operation not permitted (this needs CAP_SYS_ADMIN)"
UV_FAKE_QUOTA_FAIL=set:ERANGE
run vdlimit --xid 5 --set space_total=18446744073709551615 "$mnt"
expect_rc 1
expect_exact err "vdlimit: cannot set the project quota of context 5 on $mnt: a limit is larger than this file system allows"
UV_FAKE_QUOTA_FAIL=set:EINVAL
run vdlimit --xid 5 --remove "$mnt"
expect_rc 1
expect_err "vdlimit: cannot remove the project quota of context 5"
unset UV_FAKE_QUOTA_FAIL

finish
