#!/bin/sh
# vprocunhide.sh: vprocunhide against the patched kernel.  It hides the
# top of /proc from the guests and shows again the entries of its list:
# a guest then sees /proc/loadavg and /proc/cpuinfo but not
# /proc/kallsyms, neither by name nor in the listing of /proc; the host
# sees everything; root in a guest cannot show an entry again; a list of
# the administrator's own replaces the packaged one.  At the end every
# entry is shown again, as the other suites expect.  Runs as root in the
# host context of the test VM; prints TAP.  Contexts 300-309.

PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
export PATH

T=$(mktemp -d /tmp/vprocunhide.XXXXXX) || exit 1
VSERVER_CONFDIR=$T/etc
export VSERVER_CONFDIR

# show_all: every top-level entry of /proc visible again, as at boot.
show_all() {
	for e in /proc/*; do
		case ${e#/proc/} in
		[0-9]* | self | thread-self) continue ;;
		esac
		setattr --~hide --~admin --~watch "$e" 2>/dev/null
	done
}

cleanup() {
	show_all
	rm -rf "$T"
}
trap cleanup EXIT

. "$(dirname "$0")/_tap.sh"

# in_guest XID CMD...: CMD as root in a new context XID (no chroot: it
# sees the VM's /proc, as a guest sees its own mount of it).
in_guest() {
	x=$1
	shift
	vcontext --create --silent --xid "$x" -- "$@"
}

run vprocunhide
[ "$rc" -eq 0 ] && showattr /proc/kallsyms | grep -q 'H' && [ -r /proc/kallsyms ] &&
	head -n 1 /proc/kallsyms >/dev/null
result "E45: vprocunhide hides /proc/kallsyms (showattr: H); the host still reads it"

run in_guest 300 sh -c 'cat /proc/loadavg && head -n 1 /proc/cpuinfo && cat /proc/self/status'
[ "$rc" -eq 0 ] && out_has '^VxID:'
result "a guest reads the entries of the list (loadavg, cpuinfo) and its own process"

run in_guest 301 cat /proc/kallsyms
[ "$rc" -ne 0 ] && err_has "No such file"
result "E44: a guest finds no /proc/kallsyms (ENOENT)"

run in_guest 302 ls /proc
[ "$rc" -eq 0 ] && out_has '^loadavg$' && ! out_has '^kallsyms$'
result "a guest's listing of /proc has loadavg, not kallsyms"

run in_guest 303 setattr --~hide --~admin /proc/kallsyms
[ "$rc" -ne 0 ] && showattr /proc/kallsyms | grep -q 'H'
result "E44: root in a guest cannot show /proc/kallsyms again"

mkdir -p "$VSERVER_CONFDIR/.defaults/apps/vprocunhide"
printf '%s\n' '# only the load' /proc/loadavg >"$VSERVER_CONFDIR/.defaults/apps/vprocunhide/files"
run vprocunhide
[ "$rc" -eq 0 ]
result "vprocunhide with the administrator's list (.defaults/apps/vprocunhide/files)"

run in_guest 304 sh -c 'cat /proc/loadavg >/dev/null && ! test -e /proc/cpuinfo'
[ "$rc" -eq 0 ]
result "with that list a guest sees /proc/loadavg, and no longer /proc/cpuinfo"

printf '%s\n' '!/proc/loadavg' >"$VSERVER_CONFDIR/.defaults/apps/vprocunhide/files"
run vprocunhide
[ "$rc" -ne 0 ] && [ -s "$T/err" ]
result "a prefix this kernel does not support (!) is refused with a message"

show_all
run in_guest 305 sh -c 'head -n 1 /proc/kallsyms >/dev/null && head -n 1 /proc/cpuinfo >/dev/null'
[ "$rc" -eq 0 ]
result "every entry shown again: the guest reads kallsyms and cpuinfo"

finish
