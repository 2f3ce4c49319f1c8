# Capability and flag lists of vattribute, chcontext and reducecap, and
# the other arguments checked before any system call: a bad one is
# refused with exit 1, naming the option and the bad item.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

refused() {	# refused MESSAGE TOOL ARG...
	uv_msg=$1
	shift
	run "$@"
	expect_rc 1
	expect_err "$uv_msg"
	expect_empty out
}

for cmd in "vattribute --xid 42 --bcap" "chcontext --ctx 42 --cap" \
	"reducecap --cap"; do
	# shellcheck disable=SC2086 # word splitting wanted
	set -- $cmd
	tool=$1
	opt=$(eval "echo \${$#}")
	refused "$tool: invalid $opt argument: unknown capability 'bogus'" \
		"$@" bogus -- true
	refused "unknown capability 'CAP_BOGUS'" "$@" CHOWN,CAP_BOGUS -- true
	refused "unknown capability 'CAP_'" "$@" CAP_ -- true
	refused "unknown capability '~~KILL'" "$@" ~~KILL -- true
	refused "unknown capability '21'" "$@" 21 -- true
	refused "unknown capability 'set_utsname'" "$@" set_utsname -- true
	for list in "" "CHOWN," ",CHOWN" "CHOWN,,KILL"; do
		refused "invalid $opt argument" "$@" "$list" -- true
	done
	refused "empty capability name" "$@" "" -- true
done

# The three lists of vattribute, each with its own names.
refused "vattribute: invalid --ccap argument: unknown context capability 'CAP_CHOWN'" \
	vattribute --xid 42 --ccap CAP_CHOWN
refused "invalid --ccap argument: unknown context capability 'utsname'" \
	vattribute --xid 42 --ccap set_rlimit,utsname
refused "vattribute: invalid --flag argument: unknown flag 'chown'" \
	vattribute --xid 42 --flag chown
refused "invalid --ccap argument '': empty context capability name" \
	vattribute --xid 42 --ccap ""

# One-time flags can only be cleared.
refused "vattribute: invalid --flag argument: state_setup can only be cleared (~state_setup)" \
	vattribute --xid 42 --flag lock,state_setup
refused "state_admin can only be cleared (~state_admin)" \
	vattribute --xid 42 --flag STATE_ADMIN

# Context ids, as for the other tools.
for v in 0 1 65536 abc -1 ""; do
	refused "invalid --xid argument '$v'" vattribute --xid "$v" --get
	refused "invalid --xid argument '$v'" vkill --xid "$v"
	refused "invalid --xid argument '$v'" vkill -c "$v"
	refused "invalid context argument '$v'" vwait -- "$v"
done

# chcontext: the spectator has no bound; names must fit the kernel.
refused "--cap and --secure cannot be used with the spectator context" \
	chcontext --ctx 1 --secure -- true
refused "--cap and --secure cannot be used with the spectator context" \
	chcontext --ctx 1 --cap ~KILL -- true
long=12345678901234567890123456789012345678901234567890123456789012345
refused "chcontext: invalid --hostname argument '$long': expected 1 to 64 bytes" \
	chcontext --ctx 42 --hostname "$long" -- true
refused "invalid --domainname argument '': expected 1 to 64 bytes" \
	chcontext --ctx 42 --domainname "" -- true

# reducecap: --pid only shows, and only with --show.
refused "reducecap: --pid is only valid with --show" reducecap --pid 1 -- true
refused "--pid cannot be used with a command, --cap or --secure" \
	reducecap --show --pid 1 --secure
refused "--pid cannot be used with a command" reducecap --show --pid 1 -- true
for v in 0 -1 abc 99999999999 ""; do
	refused "reducecap: invalid --pid argument '$v'" reducecap --show --pid "$v"
done

# vkill: signals by name or number; anything else is a usage error.
for sig in BOGUS SIG 65 -1 1.5 "" SIGSIGTERM; do
	refused "vkill: invalid --signal argument '$sig'" vkill --xid 42 -s "$sig"
	expect_err "Try 'vkill --help'"
done
for v in abc 2147483648 -2 1x; do
	refused "vkill: invalid pid argument '$v'" vkill --xid 42 -- 1 "$v"
done

# vwait: numbers for --timeout and --status-fd, and an open descriptor.
refused "vwait: invalid --timeout argument '0': expected a number from 1" \
	vwait --timeout 0 42
refused "invalid --timeout argument '1.5'" vwait --timeout 1.5 42
refused "invalid --status-fd argument 'x'" vwait --status-fd x 42
refused "vwait: invalid --status-fd argument '987': Bad file descriptor" \
	vwait --status-fd 987 42
refused "vwait: --terminate needs --timeout" vwait --terminate 42

finish
