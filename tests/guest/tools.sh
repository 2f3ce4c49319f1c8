#!/bin/sh
# tools.sh: the first util-vserver tools (vserver-info, vcontext, chcontext)
# against the patched kernel.  Runs as root in the host context of the test
# VM (busybox sh), with the static tools in /usr/sbin; prints TAP.
#
# Each check stands alone and uses its own context ids; this suite owns
# xids 100-199.  A context disappears when its last task exits unless it
# is persistent, so most checks need no cleanup; the persistent ones use
# ids no other check touches.

PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
export PATH

T=$(mktemp -d /tmp/tools.XXXXXX) || exit 1

cleanup() {
	# Release a holder left waiting by a failed check (see hold_context).
	[ -e "$T/holding" ] && echo release >&3
	rm -rf "$T"
}
trap cleanup EXIT

. "$(dirname "$0")/_tap.sh"

# hold_context XID: keep a task in context XID (created with chcontext)
# until release_context.  The task waits on a fifo that fd 3 holds open.
hold_context() {
	mkfifo "$T/fifo"
	exec 3<>"$T/fifo"
	: >"$T/holding"
	chcontext --silent --ctx "$1" -- sh -c 'read line' <"$T/fifo" &
	holder=$!
	wait_running "$1" 0
}

release_context() {
	echo release >&3
	wait "$holder" 2>/dev/null
	exec 3>&-
	rm -f "$T/holding" "$T/fifo"
	wait_running "$1" 1
}

# --- vserver-info on the host ---------------------------------------------

run vserver-info - APIVER
[ "$rc" -eq 0 ] && [ "$(out)" = 0x00020308 ]
result "vserver-info - APIVER prints 0x00020308"

run vserver-info - VCI
[ "$rc" -eq 0 ] && out | grep -q '^0x[0-9a-f]\{8\}$'
result "vserver-info - VCI prints a hex mask"

run vserver-info self XID
[ "$rc" -eq 0 ] && [ "$(out)" = 0 ]
result "vserver-info self XID prints 0 on the host"

run vserver-info "$$" XID
[ "$rc" -eq 0 ] && [ "$(out)" = 0 ]
result "vserver-info PID XID prints 0 for a host process"

run vserver-info - FEATURE vserver
[ "$rc" -eq 0 ]
result "vserver-info - FEATURE vserver exits 0"

run vserver-info - FEATURE migrate
[ "$rc" -eq 0 ]
result "vserver-info - FEATURE migrate exits 0"

run vserver-info - FEATURE dynamic
[ "$rc" -eq 1 ] && [ ! -s "$T/err" ]
result "vserver-info - FEATURE dynamic exits 1 (no dynamic ids)"

# --- vcontext --create ------------------------------------------------------

run vcontext --create --xid 100 -- vserver-info self XID
[ "$rc" -eq 0 ] && [ "$(out)" = 100 ] && err_has "New security context is 100"
result "vcontext --create --xid 100 runs the command in context 100"

run vcontext --create --silent --xid 102 -- grep VxID /proc/self/status
[ "$rc" -eq 0 ] && out | grep -q '^VxID:[[:space:]]*102$' && [ ! -s "$T/err" ]
result "VxID in /proc/self/status shows 102 inside context 102"

run vcontext --create --silent --xid 104 -- true
[ "$rc" -eq 0 ] && ! vserver-info 104 RUNNING && \
	! vcontext --migrate --xid 104 -- true 2>/dev/null
result "context 104 disappears when its last task exits"

run vcontext --create --silent --xid 104 -- vserver-info self XID
[ "$rc" -eq 0 ] && [ "$(out)" = 104 ]
result "context id 104 can be created again after it disappeared"

# --- creating or entering from inside a context fails -----------------------

run vcontext --create --silent --xid 106 -- vcontext --create --xid 107 -- true
[ "$rc" -eq 1 ] && err_has "vcontext: cannot create context 107: Operation not permitted"
result "vcontext --create inside a context fails with a clear message"

run vcontext --create --silent --xid 108 -- vcontext --migrate --xid 1 -- true
[ "$rc" -eq 1 ] && err_has "vcontext: cannot enter context 1: Operation not permitted"
result "vcontext --migrate inside a context fails (one-way entry)"

run chcontext --silent --ctx 109 -- chcontext --ctx 119 -- true
[ "$rc" -eq 1 ] && err_has "chcontext: cannot create context 119: Operation not permitted"
result "chcontext inside a context fails with a clear message"

# --- persistent contexts and --silentexist ----------------------------------

(vcontext --create --silent --xid 110 --flag persistent -- true)
run vserver-info 110 RUNNING
[ "$rc" -eq 1 ] && vcontext --migrate --xid 110 -- true
result "a persistent context (110) outlives its tasks"

run vcontext --create --silentexist --xid 110 -- true
[ "$rc" -eq 254 ] && [ ! -s "$T/err" ]
result "vcontext --create --silentexist exits 254 for existing context 110"

run vcontext --create --xid 110 -- true
[ "$rc" -eq 1 ] && err_has "vcontext: cannot create context 110: "
result "vcontext --create of existing context 110 fails with a message"

(vcontext --create --silent --xid 111 --flag persistent,~state_setup -- true)
run vcontext --create --xid 111 -- true
[ "$rc" -eq 1 ] && err_has "cannot create context 111: File exists"
result "existing context 111 out of setup: EEXIST (--flag ~state_setup)"

run vcontext --migrate --xid 110 -- vserver-info self XID
[ "$rc" -eq 0 ] && [ "$(out)" = 110 ]
result "vcontext --migrate enters persistent context 110"

run chcontext --ctx 111 -- vserver-info self XID
[ "$rc" -eq 0 ] && [ "$(out)" = 111 ]
result "chcontext enters an existing context (111)"

run vserver-info 110 INITPID
[ "$rc" -eq 0 ] && [ "$(out)" = 0 ]
result "vserver-info 110 INITPID prints 0 (no init)"

# --- chcontext ------------------------------------------------------------

run chcontext --ctx 101 -- sh -c 'vserver-info self XID'
[ "$rc" -eq 0 ] && [ "$(out)" = 101 ] && err_has "New security context is 101"
result "chcontext --ctx 101 runs the command in context 101"

run chcontext -- true
[ "$rc" -eq 1 ] && err_has "dynamic contexts are not supported" && err_has "--ctx"
result "chcontext without --ctx explains there are no dynamic contexts"

# --- --migrate works only while the context exists --------------------------

hold_context 105
run vcontext --migrate --xid 105 -- vserver-info self XID
[ "$rc" -eq 0 ] && [ "$(out)" = 105 ]
result "vcontext --migrate --xid 105 works while 105 has a task"

run chcontext --silent --ctx 105 -- vserver-info self XID
[ "$rc" -eq 0 ] && [ "$(out)" = 105 ]
result "chcontext --ctx 105 enters the running context 105"

release_context 105
run vcontext --migrate --xid 105 -- true
[ "$rc" -eq 1 ] && err_has "vcontext: cannot enter context 105: No such process"
result "vcontext --migrate --xid 105 fails once 105 is gone"

# --- the spectator context --------------------------------------------------

run vcontext --migrate --xid 1 -- vserver-info self XID
[ "$rc" -eq 0 ] && [ "$(out)" = 1 ]
result "vcontext --migrate --xid 1 enters the spectator context"

run chcontext --silent --ctx 1 -- vcontext --create --xid 112 -- true
[ "$rc" -eq 1 ] && err_has "cannot create context 112: Operation not permitted"
result "the spectator context cannot create contexts"

# --- bad context ids are refused, naming the option -------------------------

for xid in 0 1 65536; do
	run vcontext --create --xid "$xid" -- true
	[ "$rc" -eq 1 ] && err_has "invalid --xid argument '$xid'"
	result "vcontext --create --xid $xid is refused naming --xid"
done

for xid in 0 65536; do
	run chcontext --ctx "$xid" -- true
	[ "$rc" -eq 1 ] && err_has "invalid --ctx argument '$xid'"
	result "chcontext --ctx $xid is refused naming --ctx"
done

run vcontext --migrate --xid 0 -- true
[ "$rc" -eq 1 ] && err_has "invalid --xid argument '0'"
result "vcontext --migrate --xid 0 is refused (no return to the host)"

# --- exec failures ----------------------------------------------------------

run vcontext --create --silent --xid 113 -- /nonexistent/command
[ "$rc" -eq 127 ] && err_has "failed to execute /nonexistent/command"
result "vcontext exits 127 when the command is not found"

run chcontext --silent --ctx 114 -- /tmp
[ "$rc" -eq 126 ] && err_has "failed to execute /tmp"
result "chcontext exits 126 when the command cannot be executed"

finish
