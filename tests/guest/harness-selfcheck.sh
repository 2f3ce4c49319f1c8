#!/bin/sh
# harness-selfcheck.sh: the VM is what the other suites assume (TAP).
#
# Checks what /init (tests/vm/init) sets up and what the initramfs holds.
# When this suite fails, look at the harness, not at the vserver code.

n=0
failed=0

# check DESCRIPTION COMMAND...: one TAP line for COMMAND's exit status.
check() {
	desc=$1
	shift
	n=$((n + 1))
	if "$@" >/dev/null 2>&1; then
		echo "ok $n $desc"
	else
		echo "not ok $n $desc"
		failed=$((failed + 1))
	fi
}

mounted() { grep -q " $1 $2 " /proc/mounts; }
kernel_is_6_12() { case $(uname -r) in 6.12.*) true ;; *) false ;; esac; }
tmp_ok() { mounted /tmp tmpfs && echo x >/tmp/.selfcheck && rm /tmp/.selfcheck; }
lo_up() { ip link show lo | grep -q 'UP'; }

echo "1..11"
check "/proc is mounted" mounted /proc proc
check "/sys is mounted" mounted /sys sysfs
check "/dev is devtmpfs with /dev/null" test -c /dev/null
check "/tmp is a writable tmpfs" tmp_ok
check "debugfs is mounted" mounted /sys/kernel/debug debugfs
check "cgroup2 is mounted" mounted /sys/fs/cgroup cgroup2
check "running as root" test "$(id -u)" = 0
check "kernel version is 6.12" kernel_is_6_12
check "loopback is up" lo_up
check "the busybox applets are installed" test -x /bin/sh -a -x /usr/bin/awk
check "dynamically linked host programs run (bash)" bash -c true
[ "$failed" -eq 0 ]
