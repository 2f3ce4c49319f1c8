#!/bin/sh
# shellcheck disable=SC3043  # busybox ash has local
# demo.sh: what tests/demo shows inside the VM (busybox sh, run by /init).
#
# Shows the kernel, the vserver API version, then creates guest context 42
# and looks at the system from inside it.  With VS_INTERACTIVE=1 (qemu on a
# terminal) it then opens a shell; `poweroff` (or exit) leaves the VM.
# A tool that is not built yet is reported, never fatal.

XID=42

banner() { printf '\n=== %s\n' "$*"; }

# need TOOL...: true when every TOOL is installed, else say which are missing.
need() {
	local tool missing=
	for tool in "$@"; do
		command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
	done
	[ -z "$missing" ] && return 0
	echo "(missing:$missing - util-vserver is not built or does not install it yet)"
	return 1
}

show_host() {
	banner "kernel"
	uname -a
	banner "vserver-info - APIVER  (the vserver(2) API this kernel speaks)"
	need vserver-info && vserver-info - APIVER
}

# The commands run inside the new context; one string, as vcontext execs it.
# $HOST_PID is a host process: it does not exist for the guest.
INSIDE='
echo "vserver-info self XID: $(vserver-info self XID)"
echo "grep VxID /proc/self/status: $(grep VxID /proc/self/status)"
echo "ps (only the processes of context '"$XID"'):"
ps
echo "kill -0 $HOST_PID (a host process):"
kill -0 "$HOST_PID" || echo "  refused: the host process does not exist in the guest"
'

show_guest() {
	banner "ps on the host (a host 'sleep' keeps running in the background)"
	sleep 100000 &
	HOST_PID=$!
	export HOST_PID
	ps
	banner "vcontext --create --xid $XID -- sh -c '...'  (a new guest context)"
	need vcontext vserver-info || return 0
	vcontext --create --xid "$XID" -- sh -c "$INSIDE" ||
		echo "(vcontext failed with status $?)"
	kill "$HOST_PID"
}

interactive_shell() {
	banner "interactive shell on the host context; 'poweroff' leaves the VM"
	echo "try: vcontext --create --xid 43 -- sh"
	# cttyhack makes the serial line our controlling tty (job control, Ctrl-C).
	setsid cttyhack sh -l
}

show_host
show_guest
echo
echo "VSDEMO done"
if [ "${VS_INTERACTIVE:-0}" = 1 ]; then
	interactive_shell
fi
