# vuname against the fake vserver(2): what it shows (all names, or the
# tags asked for), what it sets (the kernel's log, in order), --dir, the
# modes and their conflicts, bad input refused before any change, a
# context without UTS names, exec, and the kernel's refusals.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

use_fake_kernel

# refused TEXT VUNAME-ARG...: exit 1 with TEXT on stderr, nothing set.
refused() {
	uv_text=$1
	shift
	fake_reset
	run vuname "$@"
	expect_rc 1
	expect_err "$uv_text"
	expect_empty out
	expect_no_log "set_vhi_name"
}

# usage_error TEXT VUNAME-ARG...: refused, pointing to --help, no call.
usage_error() {
	refused "$@"
	expect_err "Try 'vuname --help'"
	expect_no_call
}

fake_context 42

# -- a new context: no name of its own, the uname names it was started with ---
run vuname --xid 42
expect_rc 0
expect_empty err
expect_out_is "context=" \
	"sysname=$(uname -s)" \
	"nodename=$(uname -n)" \
	"release=$(uname -r)" \
	"version=$(uname -v)" \
	"machine=$(uname -m)" \
	"domainname=$(cat /proc/sys/kernel/domainname)"

# -- setting: one call per name, the uname names first, the context's last ---
fake_reset
run vuname --xid 42 -t context=/etc/vservers/web -t domainname=example.org \
	-t nodename=web
expect_rc 0
expect_empty out
expect_empty err
expect_log_is "set_vhi_name 42 2 web" \
	"set_vhi_name 42 6 example.org" \
	"set_vhi_name 42 0 /etc/vservers/web"

# -- showing the tags asked for: bare values, in the order asked --------------
run vuname --xid 42 nodename context
expect_rc 0
expect_out_is web /etc/vservers/web
run vuname --xid 42 --get -t domainname -t nodename context nodename
expect_out_is example.org web /etc/vservers/web web
run vuname --xid 42 -g -- release
expect_out_is "$(uname -r)"
run vuname --xid 42
expect_out_is "context=/etc/vservers/web" \
	"sysname=$(uname -s)" \
	"nodename=web" \
	"release=$(uname -r)" \
	"version=$(uname -v)" \
	"machine=$(uname -m)" \
	"domainname=example.org"

# Every name, with --set too; a later value wins; values may be empty, or
# hold blanks and '='.
fake_reset
run vuname --set --xid 42 -t sysname=Linux -t nodename=a -t release=6.12.0-vs \
	-t version="#1 SMP x=y" -t machine=x86_64 -t domainname= \
	-t context=c -t nodename=b
expect_rc 0
expect_log_is "set_vhi_name 42 1 Linux" \
	"set_vhi_name 42 2 b" \
	"set_vhi_name 42 3 6.12.0-vs" \
	"set_vhi_name 42 4 #1 SMP x=y" \
	"set_vhi_name 42 5 x86_64" \
	"set_vhi_name 42 6 " \
	"set_vhi_name 42 0 c"
run vuname --xid 42 version domainname nodename
expect_out_is "#1 SMP x=y" "" b

# The longest name: 64 bytes.
n64=$(printf '%064d' 0 | tr 0 n)
fake_reset
run vuname --xid 42 --tag "nodename=$n64"
expect_rc 0
expect_log_is "set_vhi_name 42 2 $n64"
run vuname --xid 42 nodename
expect_out_is "$n64"

# -- bad input: refused before any call ---------------------------------------
usage_error "vuname: --get and --set exclude each other" --xid 42 --get --set -t nodename=a
usage_error "vuname: --get and --set exclude each other" --xid 42 -s -g nodename
usage_error "vuname: --get shows names: -t nodename=a sets one" --xid 42 --get -t nodename=a
usage_error "vuname: --get shows names: --dir sets them" --xid 42 -g --dir "$uv_tmp"
usage_error "vuname: -t release: no value to set (give -t release=<value>)" \
	--xid 42 -t nodename=a -t release
usage_error "vuname: -t release: no value to set" --xid 42 --set -t release
usage_error "vuname: -t nodename: no value to set" --xid 42 --dir "$uv_tmp" -t nodename
usage_error "vuname: nothing to set: give -t <tag>=<value> or --dir" --xid 42 --set
usage_error "vuname: --missingok needs --dir" --xid 42 --missingok -t nodename=a
usage_error "unrecognized option '--hostname'" --xid 42 --hostname a
refused "vuname: --dir given twice ('/a', '/b')" --xid 42 --dir /a --dir /b
expect_no_call

refused "vuname: invalid -t argument 'hostname=a': unknown tag 'hostname': expected context, sysname, nodename, release, version, machine or domainname" \
	--xid 42 -t nodename=a -t hostname=a
expect_no_call
refused "vuname: invalid -t argument 'Nodename': unknown tag 'Nodename'" --xid 42 -t Nodename
refused "vuname: invalid -t argument '=a': unknown tag ''" --xid 42 -t =a
refused "vuname: invalid argument 'host': unknown tag 'host'" --xid 42 nodename host
expect_no_call
refused "vuname: invalid argument 'true': unknown tag 'true'" --xid 42 --get -- true
refused "vuname: invalid argument 'nodename=a': to set a name, use -t nodename=a" \
	--xid 42 nodename=a
expect_no_call

refused "vuname: invalid -t argument 'nodename=${n64}x': the nodename is 65 bytes long, at most 64" \
	--xid 42 -t context=a -t "nodename=${n64}x"
expect_no_call
refused "vuname: invalid -t argument 'context=${n64}${n64}': the context is 128 bytes long, at most 64" \
	--xid 42 -t "context=$n64$n64"
refused "': the version holds a newline" --xid 42 -t "version=a
b"
expect_no_call

for v in 0 1 65536 abc -1 "" " 5"; do
	refused "vuname: invalid --xid argument '$v': expected a context id from 2 to 65535" \
		--xid "$v" -t nodename=a
	expect_no_call
	refused "vuname: invalid --xid argument '$v'" --xid "$v" nodename
done

# -- --dir: one file per tag, as the classic uts/ directory -------------------
d=$uv_tmp/uts
mkdir "$d"
echo web2 >"$d/nodename"
printf 'example.net' >"$d/domainname"	# no newline
printf ' spaced  \n' >"$d/machine"	# blanks are part of the name
: >"$d/release"				# empty: an empty name
echo 12345 >"$d/hostname"		# not a tag: not read
fake_reset
run vuname --xid 42 --dir "$d"
expect_rc 0
expect_empty err
expect_log_is "set_vhi_name 42 2 web2" \
	"set_vhi_name 42 3 " \
	"set_vhi_name 42 5  spaced  " \
	"set_vhi_name 42 6 example.net"

# -t wins, whatever the order of the options.
fake_reset
run vuname -t nodename=cmd --xid 42 --dir "$d" -t context=/etc/vservers/web2
expect_rc 0
expect_log_is "set_vhi_name 42 2 cmd" \
	"set_vhi_name 42 3 " \
	"set_vhi_name 42 5  spaced  " \
	"set_vhi_name 42 6 example.net" \
	"set_vhi_name 42 0 /etc/vservers/web2"

# Bad files change nothing: every file is read before the first change.
rm "$d/release"
echo "$n64" >"$d/version"
fake_reset
run vuname --xid 42 --dir "$d"
expect_rc 0
expect_log "set_vhi_name 42 4 $n64"
echo "${n64}x" >"$d/version"
refused "vuname: invalid name in $d/version: the version is longer than 64 bytes" \
	--xid 42 --dir "$d"
expect_no_call
printf 'a\nb\n' >"$d/version"
refused "vuname: invalid name in $d/version: the file holds more than one line" \
	--xid 42 --dir "$d"
printf 'a\n\n' >"$d/version"
refused "vuname: invalid name in $d/version: the file holds more than one line" \
	--xid 42 --dir "$d"
printf 'a\000b' >"$d/version"
refused "vuname: invalid name in $d/version: the file holds a NUL byte" \
	--xid 42 --dir "$d"
rm "$d/version"
mkdir "$d/sysname"
refused "vuname: cannot read $d/sysname: Is a directory" --xid 42 --dir "$d"
expect_no_call
rmdir "$d/sysname"
ln -s "$uv_tmp/nowhere" "$d/sysname"
fake_reset
run vuname --xid 42 --dir "$d"
expect_rc 0
expect_no_log "set_vhi_name 42 1"
rm "$d/sysname"
if [ "$(id -u)" != 0 ]; then
	echo x >"$d/context"
	chmod 000 "$d/context"
	refused "vuname: cannot open $d/context: Permission denied" --xid 42 --dir "$d"
	rm -f "$d/context"
fi
# A bad -t is refused even with a good --dir.
refused "vuname: invalid -t argument 'nodename=${n64}x'" --xid 42 --dir "$d" -t "nodename=${n64}x"

# A missing directory: an error, unless --missingok.
refused "vuname: cannot open $uv_tmp/none: No such file or directory" \
	--xid 42 --dir "$uv_tmp/none" -t nodename=a
expect_no_call
fake_reset
run vuname --xid 42 --dir "$uv_tmp/none" --missingok -t nodename=a
expect_rc 0
expect_log_is "set_vhi_name 42 2 a"
fake_reset
run vuname --xid 42 --missingok --dir "$uv_tmp/none"
expect_rc 0
expect_no_log "set_vhi_name"
# --missingok is about a missing directory, not a file in its place.
refused "vuname: cannot open $d/nodename: Not a directory" \
	--xid 42 --missingok --dir "$d/nodename"

# -- a context whose tasks share the host's UTS namespace ---------------------
fake_context 43
: >"$UV_FAKE_DIR/nouts.43"
fake_reset
run vuname --xid 43 -t context=/etc/vservers/c43 -t nodename=c43
expect_rc 1
expect_exact err "vuname: cannot set the nodename of context 43: the context has no UTS namespace of its own (its tasks share the host's)"
# The uname names come first: the context's name was not set either.
expect_log_is "set_vhi_name 43 2 c43"
run vuname --xid 43 --get context
expect_rc 0
expect_out_is ""
run vuname --xid 43 nodename
expect_rc 1
expect_exact err "vuname: cannot get the nodename of context 43: the context has no UTS namespace of its own (its tasks share the host's)"
expect_empty out
run vuname --xid 43
expect_rc 1
expect_err "vuname: cannot get the sysname of context 43: the context has no UTS namespace"
expect_empty out
# Its own name it has.
fake_reset
run vuname --xid 43 -t context=/etc/vservers/c43
expect_rc 0
run vuname --xid 43 -g context
expect_out_is /etc/vservers/c43

# -- the default context: the caller's own, also as "self" --------------------
fake_context 44
for xid in "" "--xid self"; do
	fake_reset
	# shellcheck disable=SC2086 # word splitting wanted
	UV_FAKE_XID=44 run vuname $xid -t nodename=self44
	expect_rc 0
	expect_log_is "set_vhi_name 44 2 self44"
	# shellcheck disable=SC2086
	UV_FAKE_XID=44 run vuname $xid nodename
	expect_out_is self44
done
run vuname -t nodename=a
expect_rc 1
expect_exact err "vuname: this process is in the host context, which is not a guest: use --xid to name a context"
run vuname
expect_rc 1
expect_err "use --xid to name a context"
UV_FAKE_XID=1 run vuname --xid self context
expect_rc 1
expect_err "in the spectator context, which is not a guest: use --xid"

# -- exec after the changes ------------------------------------------------------
run vuname --xid 42 -t nodename=ran -- "$UV_BUILDDIR/src/vuname" --xid 42 nodename
expect_rc 0
expect_out_is ran
run vuname --xid 42 -t nodename=x -- sh -c 'exit 7'
expect_rc 7
run vuname --xid 42 --dir "$d" sh -c 'echo command ran'
expect_rc 0
expect_out_is "command ran"
run vuname --xid 42 --missingok --dir "$uv_tmp/none" -- sh -c 'echo command ran'
expect_out_is "command ran"
run vuname --xid 42 -t nodename=x "$uv_tmp/no-such-command"
expect_rc 127
expect_err "vuname: failed to execute $uv_tmp/no-such-command"
# Refused input: the command does not run either.
run vuname --xid 42 -t "nodename=${n64}x" -- sh -c 'echo command ran'
expect_rc 1
expect_empty out
run vuname --xid 43 -t nodename=x -- sh -c 'echo command ran'
expect_rc 1
expect_empty out

# -- the kernel's refusals ---------------------------------------------------------
run vuname --xid 45 -t nodename=a
expect_rc 1
expect_exact err "vuname: cannot set the nodename of context 45: No such process"
run vuname --xid 45 -t context=a
expect_exact err "vuname: cannot set the name of context 45: No such process"
run vuname --xid 45
expect_rc 1
expect_exact err "vuname: cannot get the name of context 45: No such process"
expect_empty out

# The host gave up administering 46; it can still read.
fake_context 46 300000000
run vuname --xid 46 -t nodename=a
expect_rc 1
expect_exact err "vuname: cannot set the nodename of context 46: it no longer accepts administration (state_admin is cleared)"
run vuname --xid 46 nodename
expect_rc 0

# A guest out of setup changes nothing, not even itself; one in setup
# (44, above) changes itself, and sees no other context.
fake_context 47 600000000
UV_FAKE_XID=47 run vuname -t nodename=a
expect_rc 1
expect_exact err "vuname: cannot set the nodename of context 47: Operation not permitted"
UV_FAKE_XID=44 run vuname --xid 42 -t nodename=a
expect_rc 1
expect_exact err "vuname: cannot set the nodename of context 42: No such process"

# A vserver kernel without names: exit 3, as without vserver(2).
UV_FAKE_REFUSE=set_vhi_name run vuname --xid 42 -t nodename=a
expect_rc 3
expect_exact err "vuname: kernel lacks context name support"
UV_FAKE_REFUSE=get_vhi_name run vuname --xid 42
expect_rc 3
expect_exact err "vuname: kernel lacks context name support"
expect_empty out
UV_FAKE_FAIL=set_vhi_name:EINVAL run vuname --xid 42 -t context=a
expect_rc 1
expect_exact err "vuname: cannot set the name of context 42: Invalid argument"

finish
