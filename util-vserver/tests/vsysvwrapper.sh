# The v_* init scripts and vsysvwrapper, as built, against a fake chbind
# and a fake service init script: the chbind command line they build from
# the configuration, status without chbind, the LSB exit codes of a
# missing or bad configuration and of missing programs, the LSB headers,
# the shipped example configurations (inert), and the man page.
. "$UV_SRCDIR/util-vserver/tests/testlib.sh"

initd=$UV_BUILDDIR/../init.d
services="httpd sshd xinetd smb"

# The fake chbind: its arguments to chbind.log, then the command after --.
cat >"$uv_tmp/chbind" <<'EOF'
#!/bin/sh
echo "chbind $*" >>"$FAKE_LOG"
while [ $# -gt 0 ] && [ "$1" != -- ]; do shift; done
shift
exec "$@"
EOF
# The fake service: its arguments to the log, exit $SVC_RC (default 0).
cat >"$uv_tmp/service" <<'EOF'
#!/bin/sh
echo "service $*" >>"$FAKE_LOG"
exit "${SVC_RC:-0}"
EOF
chmod +x "$uv_tmp/chbind" "$uv_tmp/service"

VSERVICES_CONFDIR=$uv_tmp/vservices
CHBIND=$uv_tmp/chbind
VSYSVWRAPPER=$initd/vsysvwrapper
FAKE_LOG=$uv_tmp/log
export VSERVICES_CONFDIR CHBIND VSYSVWRAPPER FAKE_LOG
mkdir "$VSERVICES_CONFDIR"

# vrun SERVICE ARG...: run init.d/v_SERVICE; sets rc and last.
vrun() {
	uv_svc=$1
	shift
	: >"$FAKE_LOG"
	"$initd/v_$uv_svc" "$@" >"$uv_tmp/out" 2>"$uv_tmp/err"
	rc=$?
	last="v_$uv_svc $*"
}

# conf SERVICE LINE...: the configuration of SERVICE, with the fake script.
conf() {
	uv_svc=$1
	shift
	{
		echo "SERVICE_SCRIPT=$uv_tmp/service"
		printf '%s\n' "$@"
	} >"$VSERVICES_CONFDIR/$uv_svc.conf"
}

# expect_calls LINE...: chbind and the service were run so, in order.
expect_calls() {
	printf '%s\n' "$@" >"$uv_tmp/want"
	if cmp -s "$uv_tmp/want" "$FAKE_LOG"; then
		pass "$last: ran '$*'"
	else
		fail "$last: ran something else"
		diff "$uv_tmp/want" "$FAKE_LOG" | sed 's/^/    calls| /'
	fi
}

expect_no_calls() {
	if [ -s "$FAKE_LOG" ]; then
		fail "$last: ran something"
		sed 's/^/    calls| /' "$FAKE_LOG"
	else
		pass "$last: ran nothing"
	fi
}

# -- the scripts as built --------------------------------------------------------
for f in $services; do
	script=$initd/v_$f
	last="v_$f"
	if [ -x "$script" ] && sh -n "$script"; then
		pass "$last: built, executable, valid sh"
	else
		fail "$last: not built or not valid sh"
		continue
	fi
	for field in "### BEGIN INIT INFO" "# Provides:          v_$f" \
		"# Required-Start:" "# Required-Stop:" "# Default-Start:     2 3 4 5" \
		"# Default-Stop:      0 1 6" "# Short-Description:" "# Description:" \
		"### END INIT INFO"; do
		if grep -q -F -e "$field" "$script"; then
			pass "$last: LSB header has '$field'"
		else
			fail "$last: LSB header lacks '$field'"
		fi
	done
done
if grep -q '@[a-z]*@' "$initd"/v_* "$initd/vsysvwrapper"; then
	fail "init.d: a @path@ is left unsubstituted"
else
	pass "init.d: every @path@ substituted"
fi

# -- each script runs its own service through chbind -------------------------------
for f in $services; do
	conf "$f" "IP=192.0.2.1"
	vrun "$f" start
	expect_rc 0
	expect_empty err
	expect_calls "chbind --silent --ip 192.0.2.1 -- $uv_tmp/service start" \
		"service start"
done

# Several addresses, a fixed id, more arguments, the action's status.
conf httpd 'IP="192.0.2.1/24 2001:db8::1
  localhost"' "NID=80"
SVC_RC=7 vrun httpd restart --force
expect_rc 7
expect_calls "chbind --silent --nid 80 --ip 192.0.2.1/24 --ip 2001:db8::1 --ip localhost -- $uv_tmp/service restart --force" \
	"service restart --force"
conf httpd "IP=192.0.2.1/255.255.255.0" "NID=65535"
vrun httpd stop
expect_calls "chbind --silent --nid 65535 --ip 192.0.2.1/255.255.255.0 -- $uv_tmp/service stop" \
	"service stop"

# The configuration is shell: a command substitution works.
# shellcheck disable=SC2016 # expanded by the wrapper
conf httpd 'IP=$(echo 192.0.2.9)'
vrun httpd reload
expect_calls "chbind --silent --ip 192.0.2.9 -- $uv_tmp/service reload" \
	"service reload"

# chbind's own failure is the script's.
printf '#!/bin/sh\necho "chbind: kernel lacks vserver support" >&2\nexit 3\n' \
	>"$uv_tmp/chbind3"
chmod +x "$uv_tmp/chbind3"
CHBIND=$uv_tmp/chbind3 vrun httpd start
expect_rc 3
expect_exact err "chbind: kernel lacks vserver support"

# -- status: the service's answer, without chbind ------------------------------------
for code in 0 3 1; do
	SVC_RC=$code vrun httpd status
	expect_rc "$code"
	expect_calls "service status"
done

# -- not configured: 6, and 4 for status ---------------------------------------------
not_configured() {	# not_configured MESSAGE [CONF LINE...]
	uv_msg=$1
	shift
	for action in start stop restart status; do
		vrun httpd "$action"
		if [ "$action" = status ]; then
			expect_rc 4
		else
			expect_rc 6
		fi
		expect_err "v_httpd: $uv_msg"
		expect_no_calls
	done
}

rm -f "$VSERVICES_CONFDIR/httpd.conf"
not_configured "$VSERVICES_CONFDIR/httpd.conf is missing: set IP there (see vsysvwrapper(8))"

# The shipped example sets nothing: the service stays unconfigured.
for f in $services; do
	cp "$UV_SRCDIR/etc/vservices/$f.conf" "$VSERVICES_CONFDIR/$f.conf"
	vrun "$f" start
	expect_rc 6
	expect_exact err "v_$f: IP is not set in $VSERVICES_CONFDIR/$f.conf"
	expect_no_calls
	if grep -q "SERVICE_SCRIPT=/etc/init.d/" "$UV_SRCDIR/etc/vservices/$f.conf" &&
		grep -q "^#IP=" "$UV_SRCDIR/etc/vservices/$f.conf"; then
		pass "$f.conf: documents IP and SERVICE_SCRIPT"
	else
		fail "$f.conf: does not document IP and SERVICE_SCRIPT"
	fi
done
not_configured "IP is not set in $VSERVICES_CONFDIR/httpd.conf"

conf httpd "IP=192.0.2.1" "if then"
not_configured "$VSERVICES_CONFDIR/httpd.conf is not a valid shell file"
mkdir -p "$uv_tmp/dir" && rm -f "$VSERVICES_CONFDIR/httpd.conf" &&
	ln -s "$uv_tmp/dir" "$VSERVICES_CONFDIR/httpd.conf"
not_configured "cannot read $VSERVICES_CONFDIR/httpd.conf"
rm -f "$VSERVICES_CONFDIR/httpd.conf"

for ip in eth0 10.0.0.300 1.2.3 1.2.3.4.5 1.2.3.4/33 1.2.3.4/ 1.2.3.4/24/8 \
	1.2.3.4/255.255.256.0 2001:db8::g 2001:db8::1/129 'a;b' '*'; do
	conf httpd "IP='192.0.2.1 $ip'"
	not_configured "IP in $VSERVICES_CONFDIR/httpd.conf: '$ip' is not an address"
done
for nid in abc 1 0 65536 999999 -5 " 7"; do
	conf httpd "IP=192.0.2.1" "NID='$nid'"
	not_configured "NID in $VSERVICES_CONFDIR/httpd.conf: '$nid' is not a number from 2 to 65535"
done

# -- not installed: 5, and 4 for status ------------------------------------------------
conf httpd "IP=192.0.2.1" "SERVICE_SCRIPT=$uv_tmp/no-such-script"
for action in start status; do
	vrun httpd "$action"
	if [ "$action" = status ]; then expect_rc 4; else expect_rc 5; fi
	expect_exact err "v_httpd: $uv_tmp/no-such-script is not installed (set SERVICE_SCRIPT in $VSERVICES_CONFDIR/httpd.conf?)"
	expect_no_calls
done
# The default script is the service's own.
if ! [ -e /etc/init.d/httpd ]; then
	echo "IP=192.0.2.1" >"$VSERVICES_CONFDIR/httpd.conf"
	vrun httpd start
	expect_rc 5
	expect_err "v_httpd: /etc/init.d/httpd is not installed"
fi
conf httpd "IP=192.0.2.1"
CHBIND=$uv_tmp/no-chbind vrun httpd start
expect_rc 5
expect_exact err "v_httpd: $uv_tmp/no-chbind is not installed"
VSYSVWRAPPER=$uv_tmp/no-wrapper vrun httpd start
expect_rc 5
expect_exact err "v_httpd: $uv_tmp/no-wrapper is missing: reinstall util-vserver"
VSYSVWRAPPER=$uv_tmp/no-wrapper vrun httpd status
expect_rc 4

# -- usage ---------------------------------------------------------------------------------
vrun httpd
expect_rc 2
expect_exact err "Usage: v_httpd {start|stop|restart|try-restart|reload|force-reload|status}"
"$initd/vsysvwrapper" >"$uv_tmp/out" 2>"$uv_tmp/err"
rc=$?
last=vsysvwrapper
expect_rc 2
expect_err "Usage: vsysvwrapper <service> <action>"
"$initd/vsysvwrapper" ../etc start >"$uv_tmp/out" 2>"$uv_tmp/err"
rc=$?
last="vsysvwrapper ../etc start"
expect_rc 2
expect_exact err "vsysvwrapper: invalid service name '../etc'"

# -- the man page -----------------------------------------------------------------------
page=$UV_SRCDIR/doc/man/vsysvwrapper.8
cp "$page" "$uv_tmp/out"
: >"$uv_tmp/err"
last=vsysvwrapper.8
for s in NAME SYNOPSIS DESCRIPTION CONFIGURATION "EXIT STATUS" EXAMPLES "SEE ALSO"; do
	expect_out ".SH $s"
done
for word in v_httpd v_sshd v_xinetd v_smb IP NID SERVICE_SCRIPT; do
	expect_out "$word"
done
if command -v groff >/dev/null 2>&1; then
	LC_ALL=C.UTF-8 groff -man -ww -z -Tutf8 "$page" >"$uv_tmp/out" 2>"$uv_tmp/err"
	# shellcheck disable=SC2034 # read by expect_rc
	rc=$?
	last="groff vsysvwrapper.8"
	expect_rc 0
	expect_empty err
fi

finish
