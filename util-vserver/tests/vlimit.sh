# vlimit against the fake vserver(2): what it sets (the kernel's log),
# what --all and --stat print, --dir and --skip, -M/-S/-H, resources the
# kernel does not account, bad input refused before any change, exec, and
# the kernel's refusals.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

use_fake_kernel

# fake_rlimit XID ID LIMIT VALUE MIN MAX HITS: the state of one resource.
fake_rlimit() {
	echo "$2 $3 $4 $5 $6 $7" >>"$UV_FAKE_DIR/rlimit.$1"
}

# refused TEXT VLIMIT-ARG...: exit 1 with TEXT on stderr, nothing set.
refused() {
	uv_text=$1
	shift
	fake_reset
	run vlimit "$@"
	expect_rc 1
	expect_err "$uv_text"
	expect_empty out
	expect_no_log "set_rlimit\|reset_"
}

HEAD_ALL="RESOURCE          MIN       SOFT       HARD"
HEAD_STAT="RESOURCE      CURRENT        MIN        MAX       HITS"

fake_context 42

# -- --all on a new context: every accounted resource, none limited -----------
run vlimit --xid 42 --all
expect_rc 0
expect_empty err
expect_out_is "$HEAD_ALL" \
	"nproc               -          -        inf" \
	"nofile              -          -        inf" \
	"locks               -          -        inf" \
	"msgqueue            -          -        inf" \
	"nsock               -          -        inf" \
	"openfd              -          -        inf" \
	"shmem               -          -        inf" \
	"semary              -          -        inf" \
	"nsems               -          -        inf"

# -- setting: one call per resource, the other fields kept --------------------
fake_reset
run vlimit --xid 42 --nproc 100 --nsock unlimited --semary INF --openfd 0
expect_rc 0
expect_empty out
expect_empty err
expect_log_is "set_rlimit 42 6 keep keep 100" \
	"set_rlimit 42 16 keep keep inf" \
	"set_rlimit 42 17 keep keep 0" \
	"set_rlimit 42 20 keep keep inf"

run vlimit -c 42 -a
expect_out "nproc               -          -        100"
expect_out "openfd              -          -          0"
# nofile and openfd are one resource to the kernel.
expect_out "nofile              -          -          0"

# A later value wins; the largest number the kernel keeps.
fake_reset
run vlimit -c 42 --nproc 5 --nproc 9223372036854775807
expect_rc 0
expect_log_is "set_rlimit 42 6 keep keep 9223372036854775807"

# -- -M, -S, -H ---------------------------------------------------------------
# The kernel keeps only the hard limit: 0 and inf ("none") pass for the
# others, anything else is refused before any change.
fake_reset
run vlimit -c 42 -SH --nproc inf -M --nsock 0 -H --semary 7
expect_rc 0
expect_log_is "set_rlimit 42 6 keep inf inf" \
	"set_rlimit 42 16 0 keep keep" \
	"set_rlimit 42 20 keep keep 7"
# -S then a value, then -H: the new selection replaces the old one.
fake_reset
run vlimit -c 42 -S --nproc 0 -H --nproc 50
expect_log_is "set_rlimit 42 6 keep 0 50"

refused "vlimit: cannot set the soft limit of nproc (--nproc): the kernel enforces only the hard limit (-H); the soft limit can only be 0 or inf" \
	-c 42 --nsock 10 -S --nproc 100
refused "vlimit: cannot set the minimum of nsock (--nsock)" \
	-c 42 -MH --nsock 10
refused "vlimit: -H applies to the values after it: none follows" \
	-c 42 --nproc 10 -H
expect_no_call

# -- resources the kernel does not account ------------------------------------
refused "vlimit: cannot limit rss (--rss): the kernel does not account it; memory limits belong to the guest's cgroup (memory.max)" \
	-c 42 --nproc 10 --rss 1000
refused "vlimit: cannot limit as (--as): the kernel does not account it; memory limits belong to the guest's cgroup (memory.max)" \
	-c 42 --as inf
run vlimit -c 42 --dentry 10
expect_exact err "vlimit: cannot limit dentry (--dentry): the kernel does not account it"

# Which ones are accounted is the kernel's answer, not a list in vlimit.
fake_reset
UV_FAKE_RLIMIT_MASK=60 run vlimit -c 42 --nproc 3 --rss 9 -a
expect_rc 0
expect_log_is "set_rlimit 42 5 keep keep 9" "set_rlimit 42 6 keep keep 3"
expect_out_is "$HEAD_ALL" \
	"rss                 -          -          9" \
	"nproc               -          -          3"

# -- bad values: refused before any call --------------------------------------
for v in "" abc -1 +5 " 5" "5 " 0x10 1k 1.5 keep infinite \
	9223372036854775808 18446744073709551615 99999999999999999999999; do
	refused "vlimit: invalid --nofile argument '$v': expected a number from 0 to 9223372036854775807, inf or unlimited" \
		-c 42 --nproc 5 --nofile "$v"
	expect_no_call
done
refused "vlimit: invalid -c argument 'abc'" -c abc --nproc 5
refused "vlimit: invalid --xid argument '1': expected a context id from 2 to 65535" \
	--xid 1 --nproc 5
refused "vlimit: --missingok needs --dir" -c 42 --missingok --nproc 5
refused "vlimit: --dir given twice" --dir /a --dir /b -c 42
refused "unrecognized option '--mapped'" -c 42 --mapped 5

# -- --dir ---------------------------------------------------------------------
d=$uv_tmp/rlimits
mkdir "$d"
echo 200 >"$d/nproc"
printf '  inf\n\n' >"$d/nsock.hard"
echo unlimited >"$d/nofile.soft"
echo 0 >"$d/semary.min"
echo 64 >"$d/openfd"
echo 1000 >"$d/rss.bogus"	# not a name vlimit reads
fake_reset
run vlimit -c 42 --dir "$d"
expect_rc 0
expect_empty err
expect_log_is "set_rlimit 42 6 keep keep 200" \
	"set_rlimit 42 7 keep inf keep" \
	"set_rlimit 42 16 keep keep inf" \
	"set_rlimit 42 17 keep keep 64" \
	"set_rlimit 42 20 0 keep keep"

# The command line wins, whatever the order of the options.
fake_reset
run vlimit --nproc 7 -c 42 --dir "$d"
expect_log "set_rlimit 42 6 keep keep 7"
expect_no_log "set_rlimit 42 6 keep keep 200"

# Bad files change nothing: every file is read before the first change.
echo 2x >"$d/semary.hard"
refused "vlimit: invalid value in $d/semary.hard: '2x': expected a number from 0 to 9223372036854775807, inf or unlimited" \
	-c 42 --dir "$d"
printf '\n \n' >"$d/semary.hard"
refused "vlimit: invalid value in $d/semary.hard: the file is empty" -c 42 --dir "$d"
printf '1\n2\n' >"$d/semary.hard"
refused "vlimit: invalid value in $d/semary.hard: '1" -c 42 --dir "$d"
head -c 100 /dev/zero | tr '\0' 1 >"$d/semary.hard"
refused "vlimit: invalid value in $d/semary.hard: the file is too long for one value" \
	-c 42 --dir "$d"
rm "$d/semary.hard"
echo 5 >"$d/nproc.hard"
refused "vlimit: $d/nproc and $d/nproc.hard both give the hard limit of nproc: keep one" \
	-c 42 --dir "$d"
rm "$d/nproc.hard"
mkdir "$d/nsems"
refused "vlimit: cannot read $d/nsems: Is a directory" -c 42 --dir "$d"
rmdir "$d/nsems"
echo 5 >"$d/nproc.soft"
refused "vlimit: cannot set the soft limit of nproc ($d/nproc.soft): the kernel enforces only the hard limit" \
	-c 42 --dir "$d"
rm "$d/nproc.soft"
echo 4096 >"$d/rss"
refused "vlimit: cannot limit rss ($d/rss): the kernel does not account it; memory limits belong to the guest's cgroup (memory.max)" \
	-c 42 --dir "$d"
rm "$d/rss"

# --skip: the files of the resources named are not read, bad or not;
# the other files and the command line are as without it.
echo 4096 >"$d/rss"
echo lots >"$d/rss.soft"
echo 9 >"$d/as.hard"
fake_reset
run vlimit -c 42 --dir "$d" --skip rss,as
expect_rc 0
expect_empty err
expect_log_is "set_rlimit 42 6 keep keep 200" \
	"set_rlimit 42 7 keep inf keep" \
	"set_rlimit 42 16 keep keep inf" \
	"set_rlimit 42 17 keep keep 64" \
	"set_rlimit 42 20 0 keep keep"
fake_reset
run vlimit --check --dir "$d" --skip as --skip rss
expect_rc 0
expect_empty err
expect_no_log "set_rlimit"
refused "vlimit: invalid value in $d/rss.soft: 'lots'" -c 42 --dir "$d" --skip as
refused "vlimit: cannot limit rss (--rss): the kernel does not account it" \
	-c 42 --dir "$d" --skip rss,as --rss 5
rm "$d/rss" "$d/rss.soft" "$d/as.hard"
# nofile and openfd are one resource: skipping either skips both files.
fake_reset
run vlimit -c 42 --dir "$d" --skip nofile
expect_rc 0
expect_no_log "set_rlimit 42 7"
refused "vlimit: invalid --skip argument 'rss,bogus': 'bogus' is not a resource (see --help)" \
	-c 42 --dir "$d" --skip rss,bogus
refused "vlimit: invalid --skip argument 'rss,': '' is not a resource" \
	-c 42 --dir "$d" --skip rss,
refused "vlimit: --skip needs --dir" -c 42 --skip rss --nproc 5

# --check: the same checks, nothing set.
echo 4096 >"$d/rss"
refused "vlimit: cannot limit rss ($d/rss): the kernel does not account it" \
	--check --dir "$d"
rm "$d/rss"
echo 5 >"$d/nproc"
fake_reset
run vlimit --check --dir "$d"
expect_rc 0
expect_empty err
expect_no_log "set_rlimit"
rm "$d/nproc"
refused "vlimit: --check only checks values" --check --nproc 5 --stat

# A missing directory: an error, unless --missingok.
refused "vlimit: cannot open $uv_tmp/none: No such file or directory" \
	-c 42 --dir "$uv_tmp/none" --nproc 5
fake_reset
run vlimit -c 42 --dir "$uv_tmp/none" --missingok --nproc 5
expect_rc 0
expect_log_is "set_rlimit 42 6 keep keep 5"
fake_reset
run vlimit -c 42 --missingok --dir "$uv_tmp/none"
expect_rc 0
expect_no_log "set_rlimit"
# --missingok is about a missing directory, not a file in its place.
refused "vlimit: cannot open $d/openfd: Not a directory" \
	-c 42 --missingok --dir "$d/openfd"

# -- --stat and the resets -------------------------------------------------------
fake_context 43
fake_rlimit 43 6 40 12 1 40 3
fake_rlimit 43 16 inf 2 0 5 0
run vlimit --xid 43 --stat
expect_rc 0
expect_empty err
expect_out_is "$HEAD_STAT" \
	"nproc              12          1         40          3" \
	"nofile              0          0          0          0" \
	"locks               0          0          0          0" \
	"msgqueue            0          0          0          0" \
	"nsock               2          0          5          0" \
	"openfd              0          0          0          0" \
	"shmem               0          0          0          0" \
	"semary              0          0          0          0" \
	"nsems               0          0          0          0"

# The tables first, then the resets: what was printed is what was cleared.
fake_reset
run vlimit --xid 43 --all --stat --reset-hits --reset-minmax
expect_rc 0
expect_log_is "reset_hits 43" "reset_minmax 43"
expect_out "nproc               -          -         40"
expect_out "nproc              12          1         40          3"
if [ "$(sed -n 11p "$uv_tmp/out")" = "" ] &&
	[ "$(sed -n 12p "$uv_tmp/out")" = "$HEAD_STAT" ]; then
	pass "$last: limits, an empty line, then the accounting"
else
	fail "$last: tables out of order"
fi
run vlimit --xid 43 --stat
expect_out "nproc              12         12         12          0"
expect_out "nsock               2          2          2          0"

# -- the default context: the caller's own, also as "self" --------------------
fake_context 44
for xid in "" "--xid self" "-c self"; do
	fake_reset
	# shellcheck disable=SC2086 # word splitting wanted
	UV_FAKE_XID=44 run vlimit $xid --nproc 20
	expect_rc 0
	expect_log_is "set_rlimit 44 6 keep keep 20"
done
run vlimit --nproc 20
expect_rc 1
expect_exact err "vlimit: this process is in the host context, which is not a guest: use --xid to name a context"
UV_FAKE_XID=1 run vlimit --xid self -a
expect_rc 1
expect_err "in the spectator context, which is not a guest: use --xid"

# -- exec after the changes -------------------------------------------------------
run vlimit --xid 42 --nproc 30 -- "$UV_BUILDDIR/src/vlimit" --xid 42 -a
expect_rc 0
expect_out "nproc               -          -         30"
run vlimit --xid 42 -a -- sh -c 'echo command ran'
if [ "$(tail -n 1 "$uv_tmp/out")" = "command ran" ] &&
	[ "$(sed -n 1p "$uv_tmp/out")" = "$HEAD_ALL" ]; then
	pass "$last: --all output, then the command"
else
	fail "$last: output out of order"
fi
run vlimit --xid 42 -- sh -c 'exit 7'
expect_rc 7
run vlimit --xid 42 --nproc 3 "$uv_tmp/no-such-command"
expect_rc 127
expect_err "vlimit: failed to execute $uv_tmp/no-such-command"
# Refused input: the command does not run either.
run vlimit --xid 42 --rss 3 -- sh -c 'echo command ran'
expect_rc 1
expect_empty out

# -- nothing to do ---------------------------------------------------------------------
run vlimit --xid 42
expect_rc 1
expect_err "vlimit: nothing to do"
expect_err "Try 'vlimit --help'"

# -- the kernel's refusals ---------------------------------------------------------------
run vlimit --xid 45 --nproc 5
expect_rc 1
expect_exact err "vlimit: cannot set the nproc limit of context 45: No such process"
run vlimit --xid 45 -a
expect_rc 1
expect_exact err "vlimit: cannot get the nproc limit of context 45: No such process"
expect_empty out
run vlimit --xid 45 --stat
expect_exact err "vlimit: cannot get the nproc accounting of context 45: No such process"
run vlimit --xid 45 --reset-hits
expect_exact err "vlimit: cannot reset the hits of context 45: No such process"

# The host gave up administering 46.
fake_context 46 300000000
run vlimit --xid 46 --nproc 5
expect_rc 1
expect_exact err "vlimit: cannot set the nproc limit of context 46: it no longer accepts administration (state_admin is cleared)"
run vlimit --xid 46 -a
expect_rc 0

# A guest out of setup changes nothing, not even itself.
fake_context 47 600000000
UV_FAKE_XID=47 run vlimit --nproc 5
expect_rc 1
expect_exact err "vlimit: cannot set the nproc limit of context 47: Operation not permitted"

# One change refused: those before it stay, nothing after it is tried.
fake_reset
UV_FAKE_FAIL=set_rlimit:EINVAL run vlimit --xid 42 --nproc 1 --nsock 2
expect_rc 1
expect_exact err "vlimit: cannot set the nproc limit of context 42: Invalid argument"
expect_no_log "set_rlimit 42 16"

# A vserver kernel without limits: exit 3, as without vserver(2).
UV_FAKE_REFUSE=get_rlimit_mask run vlimit --xid 42 --nproc 5
expect_rc 3
expect_exact err "vlimit: kernel lacks context limit support"
UV_FAKE_REFUSE=reset_minmax run vlimit --xid 42 --reset-minmax
expect_rc 3
expect_exact err "vlimit: kernel lacks context limit support"

finish
