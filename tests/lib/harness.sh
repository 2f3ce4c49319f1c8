# shellcheck shell=bash
# tests/lib/harness.sh: the build-and-boot machinery shared by tests/run (the
# test command) and tests/demo (the demo).  Sourced, never executed.
#
# Everything is built outside the checkout, in $VSERVER_BUILD_DIR (default
# /var/tmp/vserver-build), so that a fresh clone (CI) reuses the caches:
#
#   src-<version>/linux/             Debian's linux-source tree, series applied by quilt
#   src-<version>/patches/           snapshot of the repo's patches/ that quilt applied
#   src-<version>/obj-<flavour>/     kernel objects (make O=) and .vs-stamp
#   src-<version>/kselftest-<flavour>/  selftest build and install tree
#   ccache/                          compiler cache (CCACHE_DIR)
#   tools-<checkout hash>/           util-vserver builds (static for the VM, dynamic for make check)
#   last/bzImage-<flavour>           the last kernel image built for <flavour>
#   logs/                            build logs; serial logs of failed or --keep-log runs
#   runs/<flavour>.<pid>/            scratch for one run (initramfs), removed at exit
#
# Flavours: `demo` = tests/kconfig/base.config, `test` = base + debug.config.
#
# Conventions: functions prefixed vs_; a build step that cannot go on calls
# vs_build_failed, which prints the reason and the closing `0 passed, 1 failed`.

VS_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VS_REPO=$(cd "$VS_LIB_DIR/../.." && pwd)
VS_TESTS=$VS_REPO/tests
VS_BUILD=${VSERVER_BUILD_DIR:-/var/tmp/vserver-build}
VS_JOBS=${JOBS:-$(nproc)}
VS_TARBALL=/usr/src/linux-source-6.12.tar.xz
VS_SOURCE_PKG=linux-source-6.12
# Bump when the way a kernel is configured or built changes, so that cached
# kernels built the old way are rebuilt.
VS_KERNEL_RECIPE=1
# How long one `quilt push` may take before we call it hung.
VS_QUILT_TIMEOUT=600
VS_UNIT_TIMEOUT=1800
# Where debootstrap fetches the Debian guests' packages from.
VS_DEBIAN_MIRROR=${VS_DEBIAN_MIRROR:-http://deb.debian.org/debian}

# Debian packages the harness needs.  tests/packages.txt adds the ones the
# project's own code needs (one name per line, # comments).
VS_PACKAGES=(
	linux-source-6.12 qemu-system-x86 busybox-static quilt ccache
	gcc libc6-dev make flex bison bc libelf-dev libssl-dev cpio xz-utils
	kmod rsync perl autoconf automake libtool pkg-config e2fsprogs
	debootstrap
)

# Results, added up by every step and printed by vs_summary.
VS_PASSED=0
VS_FAILED=0
VS_SKIPPED=0
VS_FAILURES=()
VS_SUMMARY_DONE=0
VS_RUN_DIR=

# ---------------------------------------------------------------- output ---

vs_say() { printf '==> %s\n' "$*" >&2; }
vs_warn() { printf 'WARNING (harness): %s\n' "$*" >&2; }

# vs_step NAME: announce a step with the time elapsed since the start.
vs_step() {
	printf '==> [%02d:%02d] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*" >&2
}

# vs_show_log FILE [LINES]: print the end of a build log after a failure.
vs_show_log() {
	local file=$1 lines=${2:-60}
	printf -- '--- last %s lines of %s ---\n' "$lines" "$file" >&2
	tail -n "$lines" "$file" >&2 || true
	printf -- '--- end of %s ---\n' "$file" >&2
}

vs_count_pass() { VS_PASSED=$((VS_PASSED + 1)); }
vs_count_skip() { VS_SKIPPED=$((VS_SKIPPED + 1)); }
vs_count_fail() {
	VS_FAILED=$((VS_FAILED + 1))
	VS_FAILURES+=("$1")
}

# vs_summary: the one closing line that CI reads; the list of failures
# goes just before it.
vs_summary() {
	local f
	for f in "${VS_FAILURES[@]}"; do
		printf 'FAILED: %s\n' "$f"
	done
	VS_SUMMARY_DONE=1
	if ((VS_SKIPPED)); then
		printf '%d passed, %d failed, %d skipped\n' "$VS_PASSED" "$VS_FAILED" "$VS_SKIPPED"
	else
		printf '%d passed, %d failed\n' "$VS_PASSED" "$VS_FAILED"
	fi
}

# vs_finish: the summary, then exit 1 when anything failed.
vs_finish() {
	vs_summary
	if ((VS_FAILED)); then
		exit 1
	fi
	exit 0
}

# vs_build_failed REASON...: a build step failed, nothing can be tested.
vs_build_failed() {
	local line
	printf 'BUILD FAILED: %s\n' "$1" >&2
	shift
	for line in "$@"; do printf '  %s\n' "$line" >&2; done
	VS_PASSED=0 VS_FAILED=0 VS_SKIPPED=0 VS_FAILURES=()
	vs_count_fail "build"
	vs_summary
	exit 1
}

# Installed as the EXIT trap: whatever stops the script (a bug in the
# harness, Ctrl-C), it still ends with the summary line and a failure.
vs_on_exit() {
	local status=$? pidfile
	if [[ -n $VS_RUN_DIR && -d $VS_RUN_DIR ]]; then
		# A VM started in the background (vs_run_test_vms) ignores Ctrl-C.
		for pidfile in "$VS_RUN_DIR"/*.pid; do
			[[ -f $pidfile ]] && kill "$(cat "$pidfile")" 2>/dev/null || true
		done
		rm -rf "$VS_RUN_DIR"
	fi
	if ((!VS_SUMMARY_DONE)); then
		printf 'HARNESS ERROR: stopped with status %s before the summary (see the messages above)\n' "$status" >&2
		VS_PASSED=0 VS_FAILED=0 VS_SKIPPED=0 VS_FAILURES=()
		vs_count_fail "harness"
		vs_summary
		((status)) || status=1
	fi
	exit "$status"
}

# vs_on_err: with `set -e`, name the command that stopped the script.
vs_on_err() {
	printf 'HARNESS ERROR: "%s" failed with status %s at %s line %s\n' \
		"$BASH_COMMAND" "$1" "${BASH_SOURCE[1]:-?}" "${BASH_LINENO[0]:-?}" >&2
}

vs_install_traps() {
	trap 'vs_on_err $?' ERR
	trap vs_on_exit EXIT
}

# ---------------------------------------------------------------- setup ----

# vs_ensure_packages [LIST...]: install what is missing of the harness's
# packages, tests/packages.txt and each LIST (a file of the same form, such
# as tests/bench/packages.txt); a warm machine runs no apt.
vs_ensure_packages() {
	local pkgs=("${VS_PACKAGES[@]}") missing=() p installed list
	for list in "$VS_TESTS/packages.txt" "$@"; do
		if [[ ! -f $list ]]; then
			[[ $list == "$VS_TESTS/packages.txt" ]] && continue
			vs_build_failed "no package list $list"
		fi
		while read -r p; do
			[[ -n $p ]] && pkgs+=("$p")
		done < <(sed 's/#.*//' "$list")
	done
	# (dpkg-query exits 1 when it knows none of a package: not an error here)
	installed=" $({ dpkg-query -W -f='${db:Status-Abbrev}${Package} \n' "${pkgs[@]}" 2>/dev/null || :; } |
		awk '$1 == "ii" { printf "%s ", $2 }') "
	for p in "${pkgs[@]}"; do
		[[ $installed == *" $p "* ]] || missing+=("$p")
	done
	((${#missing[@]})) || return 0
	vs_step "installing Debian packages: ${missing[*]}"
	((EUID == 0)) || vs_build_failed "packages missing: ${missing[*]}" \
		"run as root, or: apt-get install ${missing[*]}"
	local log=$VS_BUILD/logs/apt.log
	if ! { DEBIAN_FRONTEND=noninteractive apt-get update -q &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; } \
		</dev/null >"$log" 2>&1; then
		vs_show_log "$log" 30
		vs_build_failed "apt-get could not install: ${missing[*]}"
	fi
}

# vs_init: create the build directory and set up the compiler cache.
vs_init() {
	mkdir -p "$VS_BUILD"/{logs,last,runs,ccache}
	export CCACHE_DIR=$VS_BUILD/ccache
	# The cache survives across runs and checkouts; cap it (ccache evicts).
	[[ -f $CCACHE_DIR/ccache.conf ]] || echo "max_size = 5G" >"$CCACHE_DIR/ccache.conf"
	export LC_ALL=C
}

# vs_lock: one build at a time per build directory (developers and CI may
# share it); released by vs_unlock before the VM boots.
vs_lock() {
	exec {VS_LOCK_FD}>"$VS_BUILD/.lock"
	if ! flock -n "$VS_LOCK_FD"; then
		vs_say "waiting for another run using $VS_BUILD to finish its build"
		flock "$VS_LOCK_FD"
	fi
}

vs_unlock() { flock -u "$VS_LOCK_FD"; }

# -------------------------------------------------------- kernel source ----

# vs_source_version: the installed linux-source package version, as a
# directory-safe string.
vs_source_version() {
	local v
	v=$(dpkg-query -W -f='${Version}' "$VS_SOURCE_PKG" 2>/dev/null) ||
		v=$(stat -c '%s-%Y' "$VS_TARBALL")
	printf '%s' "${v//[^A-Za-z0-9.+-]/_}"
}

# vs_series_entries FILE: the series without comments or blank lines, one
# "name [options]" per line, whitespace normalised.
vs_series_entries() {
	[[ -f $1 ]] || return 0
	sed 's/#.*//' "$1" | awk 'NF { $1 = $1; print }'
}

# vs_check_series DIR: every patch the series lists exists.
vs_check_series() {
	local dir=$1 entry
	while read -r entry; do
		[[ -f $dir/${entry%% *} ]] ||
			vs_build_failed "patches/series lists ${entry%% *} but $dir/${entry%% *} does not exist"
	done < <(vs_series_entries "$dir/series")
}

# vs_series_hash DIR: hash of the series in DIR and of every patch it lists.
vs_series_hash() {
	local dir=$1 entry
	while read -r entry; do
		printf '%s %s\n' "$entry" "$(sha256sum <"$dir/${entry%% *}" | cut -c1-64)"
	done < <(vs_series_entries "$dir/series") | sha256sum | cut -c1-64
}

# vs_extract_source: a fresh tree for this source version (objects built
# against an older tree are wiped: tar restores old mtimes, make would not
# notice the difference).
vs_extract_source() {
	local tmp
	vs_step "extracting $VS_TARBALL into $VS_SRCDIR"
	[[ -f $VS_TARBALL ]] || vs_build_failed "$VS_TARBALL is missing" "apt-get install $VS_SOURCE_PKG"
	rm -rf "$VS_SRCDIR"
	mkdir -p "$VS_SRCDIR/patches"
	tmp=$(mktemp -d "$VS_SRCDIR/extract.XXXXXX")
	tar -xJf "$VS_TARBALL" -C "$tmp" || vs_build_failed "cannot extract $VS_TARBALL"
	mv "$tmp"/linux-source-* "$VS_SRC"
	rmdir "$tmp"
}

# vs_prune_old_sources: trees of other source versions are dead weight
# (about 2 GB each with objects) once the package was upgraded.
vs_prune_old_sources() {
	local d
	for d in "$VS_BUILD"/src-*; do
		[[ -d $d && $d != "$VS_SRCDIR" ]] || continue
		vs_say "removing the tree of an older linux-source: $d"
		rm -rf "$d"
	done
}

# vs_quilt ARGS...: quilt on the build tree, never interactive, never hung.
vs_quilt() {
	(cd "$VS_SRC" && QUILT_PATCHES=$VS_SRCDIR/patches timeout "$VS_QUILT_TIMEOUT" \
		quilt --quiltrc - "$@" </dev/null)
}

# vs_snapshot_patches DEST: copy the repo's series and the patches it lists.
vs_snapshot_patches() {
	local dest=$1 entry name
	rm -rf "$dest"
	mkdir -p "$dest"
	[[ -f $VS_REPO/patches/series ]] || return 0
	cp "$VS_REPO/patches/series" "$dest/series"
	while read -r entry; do
		name=${entry%% *}
		mkdir -p "$dest/$(dirname "$name")"
		cp "$VS_REPO/patches/$name" "$dest/$name"
	done < <(vs_series_entries "$dest/series")
}

# vs_common_prefix NEW: how many of the applied patches are identical (same
# series line, same contents) in the new snapshot NEW and can stay applied.
vs_common_prefix() {
	local new=$1 n=0 i
	local -a applied old_entries new_entries
	mapfile -t applied < <(vs_quilt applied 2>/dev/null || true)
	mapfile -t old_entries < <(vs_series_entries "$VS_SRCDIR/patches/series")
	mapfile -t new_entries < <(vs_series_entries "$new/series")
	for ((i = 0; i < ${#applied[@]} && i < ${#new_entries[@]}; i++)); do
		[[ ${old_entries[i]:-} == "${new_entries[i]}" && ${applied[i]} == "${new_entries[i]%% *}" ]] || break
		cmp -s "$VS_SRCDIR/patches/${applied[i]}" "$new/${applied[i]}" || break
		n=$((n + 1))
	done
	echo "$n ${#applied[@]}"
}

# vs_quilt_failed LOG STATUS: print quilt's output and name the patch to fix.
vs_quilt_failed() {
	local log=$1 status=$2 patch
	printf -- '--- quilt push output ---\n' >&2
	cat "$log" >&2
	printf -- '--- end of quilt output ---\n' >&2
	((status == 124)) && vs_build_failed "quilt push did not finish in ${VS_QUILT_TIMEOUT}s (log: $log)"
	patch=$(sed -n 's/^Patch \(.*\) does not apply.*/\1/p' "$log" | tail -n 1)
	vs_build_failed "patch ${patch:-?} of patches/series does not apply cleanly to $VS_SOURCE_PKG $VS_SRCVER (fuzz is refused too)" \
		"the patches before it are applied in $VS_SRC (QUILT_PATCHES=$VS_SRCDIR/patches):" \
		"  rebase it there (quilt push -f, fix the .rej files, quilt refresh) and copy it back to patches/"
}

# vs_sync_series NEW: make the tree carry exactly the series snapshot NEW.
# Patches that changed, and all after them, are popped (quilt touches the
# files it restores) and the new ones pushed, so make rebuilds only what
# they touch.  Sets VS_SERIES_HASH.
vs_sync_series() {
	local new=$1 log=$VS_BUILD/logs/quilt.log keep applied status=0
	VS_SERIES_HASH=$(vs_series_hash "$new")
	if [[ $(cat "$VS_SRCDIR/series.applied" 2>/dev/null) == "$VS_SERIES_HASH" ]]; then
		rm -rf "$new"
		return 0
	fi
	vs_step "applying patches/series to $VS_SRC (log: $log)"
	read -r keep applied < <(vs_common_prefix "$new")
	touch "$VS_SRCDIR/quilt.busy"
	rm -f "$VS_SRCDIR/series.applied"
	: >"$log"
	if ((applied > keep)); then
		vs_say "popping $((applied - keep)) of $applied applied patches"
		vs_quilt pop -f "$((applied - keep))" >>"$log" 2>&1 || {
			vs_show_log "$log"
			vs_build_failed "quilt pop failed in $VS_SRC" "the tree is marked and will be re-extracted by the next run"
		}
	fi
	rm -rf "$VS_SRCDIR/patches"
	mv "$new" "$VS_SRCDIR/patches"
	if (($(vs_series_entries "$VS_SRCDIR/patches/series" | wc -l) > keep)); then
		# --fuzz=0: a patch that only applies with fuzz is stale and must be refreshed.
		vs_quilt push -a -q --fuzz=0 >>"$log" 2>&1 || status=$?
		# Killed by the timeout, quilt may have left a patch half applied:
		# keep the mark, so that the next run starts from a fresh tree.
		((status == 124)) || rm -f "$VS_SRCDIR/quilt.busy"
		((status == 0)) || vs_quilt_failed "$log" "$status"
	fi
	rm -f "$VS_SRCDIR/quilt.busy"
	echo "$VS_SERIES_HASH" >"$VS_SRCDIR/series.applied"
}

# vs_prepare_source: sets VS_SRCVER VS_SRCDIR VS_SRC VS_SERIES_HASH and
# leaves the tree with the repo's series applied.  Everything works on a
# snapshot of patches/, which others may be editing meanwhile.
vs_prepare_source() {
	VS_SRCVER=$(vs_source_version)
	VS_SRCDIR=$VS_BUILD/src-$VS_SRCVER
	VS_SRC=$VS_SRCDIR/linux
	vs_check_series "$VS_REPO/patches"
	vs_prune_old_sources
	# A run killed in the middle of quilt leaves the tree in an unknown state.
	if [[ ! -f $VS_SRC/Makefile || -e $VS_SRCDIR/quilt.busy ]]; then
		vs_extract_source
	fi
	vs_snapshot_patches "$VS_SRCDIR/patches.new"
	vs_sync_series "$VS_SRCDIR/patches.new"
}

# --------------------------------------------------------------- kernel ----

# vs_fragments FLAVOUR: the config fragments of a flavour, in merge order.
# The selftests' own `config` (kselftest convention) is part of `test`.
vs_fragments() {
	echo "$VS_TESTS/kconfig/base.config"
	[[ $1 != novs ]] || echo "$VS_TESTS/kconfig/novs.config"
	[[ $1 == test ]] || return 0
	echo "$VS_TESTS/kconfig/debug.config"
	if [[ -f $VS_SRC/tools/testing/selftests/vserver/config ]]; then
		echo "$VS_SRC/tools/testing/selftests/vserver/config"
	fi
}

# vs_kmake ARGS...: make in the kernel tree with the flavour's object dir.
vs_kmake() {
	make -C "$VS_SRC" O="$VS_OBJ" ARCH=x86_64 CC="ccache gcc" -j"$VS_JOBS" "$@"
}

# vs_config_wanted LINE: the value a fragment line asks for ("n" for "is
# not set"), nothing for other lines.
vs_config_wanted() {
	case $1 in
	CONFIG_*=*) echo "${1#*=}" ;;
	"# CONFIG_"*" is not set") echo n ;;
	esac
}

# vs_verify_config CONFIG FRAGMENTS...: every option the fragments set must
# have that value in the final .config (when fragments disagree, the last
# one wins, as in merge_config.sh); list all that do not.
vs_verify_config() {
	local config=$1 frag line name want got
	local -A have=() wanted=() from=()
	local -a bad=() order=()
	shift
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*) have[${line%%=*}]=${line#*=} ;;
		"# CONFIG_"*" is not set") line=${line#"# "} && have[${line%% *}]=n ;;
		esac
	done <"$config"
	for frag in "$@"; do
		while IFS= read -r line; do
			want=$(vs_config_wanted "$line")
			[[ -n $want ]] || continue
			name=${line#"# "}
			name=${name%%[= ]*}
			[[ -n ${wanted[$name]:-} ]] || order+=("$name")
			wanted[$name]=$want
			from[$name]=${frag#"$VS_REPO/"}
		done <"$frag"
	done
	for name in "${order[@]}"; do
		want=${wanted[$name]}
		got=${have[$name]:-n}
		[[ $got == "$want" ]] && continue
		bad+=("$name=$want wanted, got $got (from ${from[$name]})")
		if [[ $name == CONFIG_VSERVER ]]; then
			bad+=("  is the patch series applied? patches/series has $(vs_series_entries "$VS_REPO/patches/series" | wc -l) patches")
		fi
	done
	((${#bad[@]} == 0)) && return 0
	vs_build_failed "options set in the config fragments did not take effect in $config:" "${bad[@]}" \
		"a dependency is off or the option does not exist in this tree: find it with" \
		"  make -C $VS_SRC O=$VS_OBJ ARCH=x86_64 menuconfig   (press / and type the name)" \
		"and add what it depends on to the fragment"
}

# vs_kernel_configure LOG FRAGMENTS...: tinyconfig + the fragments, verified.
vs_kernel_configure() {
	local log=$1 frags
	shift
	frags=("$@")
	rm -f "$VS_OBJ/.config"
	{
		vs_kmake tinyconfig &&
			(cd "$VS_SRC" && scripts/kconfig/merge_config.sh -m -O "$VS_OBJ" "$VS_OBJ/.config" "${frags[@]}") &&
			vs_kmake olddefconfig
	} >"$log" 2>&1 || {
		vs_show_log "$log"
		vs_build_failed "kernel configuration failed (log: $log)"
	}
	vs_verify_config "$VS_OBJ/.config" "${frags[@]}"
}

# vs_kernel_stamp FRAGMENTS...: what the kernel image depends on.
vs_kernel_stamp() {
	{
		echo "recipe $VS_KERNEL_RECIPE source $VS_SRCVER series $VS_SERIES_HASH"
		cat "$@"
	} | sha256sum | cut -c1-64
}

# vs_ccache_counts: "hits misses" so far in our cache.
vs_ccache_counts() {
	ccache --print-stats 2>/dev/null | awk '
		$1 ~ /^(direct|preprocessed)_cache_hit$/ { hits += $2 }
		$1 == "cache_miss" { misses += $2 }
		END { print hits + 0, misses + 0 }'
}

# vs_ccache_delta "HITS MISSES": what the build since then hit and missed.
vs_ccache_delta() {
	local h0 m0 h1 m1
	read -r h0 m0 <<<"$1"
	read -r h1 m1 < <(vs_ccache_counts)
	echo "$((h1 - h0)) hits, $((m1 - m0)) misses"
}

# vs_build_kernel FLAVOUR: sets VS_OBJ VS_KERNEL_STAMP VS_IMAGE; skips make
# entirely when nothing the image depends on changed.
vs_build_kernel() {
	local flavour=$1 log=$VS_BUILD/logs/kernel-$1.log before
	local -a frags
	[[ $flavour == demo || $flavour == test || $flavour == novs ]] ||
		vs_build_failed "unknown kernel flavour '$flavour' (demo, test or novs)"
	vs_prepare_source
	mapfile -t frags < <(vs_fragments "$flavour")
	VS_OBJ=$VS_SRCDIR/obj-$flavour
	VS_KERNEL_STAMP=$(vs_kernel_stamp "${frags[@]}")
	local image=$VS_OBJ/arch/x86/boot/bzImage
	if [[ -f $image && $(cat "$VS_OBJ/.vs-stamp" 2>/dev/null) == "$VS_KERNEL_STAMP" ]]; then
		vs_step "kernel ($flavour) is up to date"
	else
		mkdir -p "$VS_OBJ"
		rm -f "$VS_OBJ/.vs-stamp"
		vs_step "configuring kernel ($flavour): tinyconfig + ${frags[*]##*/}"
		vs_kernel_configure "$log.config" "${frags[@]}"
		vs_step "building kernel ($flavour) with -j$VS_JOBS (log: $log)"
		before=$(vs_ccache_counts)
		{ vs_kmake bzImage && vs_kmake headers_install INSTALL_HDR_PATH="$VS_OBJ/vs-hdr"; } >"$log" 2>&1 || {
			vs_show_log "$log" 80
			vs_build_failed "kernel build ($flavour) failed (log: $log)"
		}
		echo "$VS_KERNEL_STAMP" >"$VS_OBJ/.vs-stamp"
		vs_step "kernel ($flavour) built (ccache: $(vs_ccache_delta "$before"))"
	fi
	# A copy, not a link: it stays valid while a later build rewrites obj/.
	VS_IMAGE=$VS_BUILD/last/bzImage-$flavour
	cp "$image" "$VS_IMAGE.tmp" && mv "$VS_IMAGE.tmp" "$VS_IMAGE"
	cp "$VS_OBJ/.config" "$VS_BUILD/last/config-$flavour"
	vs_say "kernel image: $VS_IMAGE"
}

# ----------------------------------------------------------- kselftests ----

# vs_build_kselftests FLAVOUR: sets VS_KSELFTEST_INSTALL ("" when the series
# has no selftests yet).
vs_build_kselftests() {
	local flavour=$1 dir=$VS_SRC/tools/testing/selftests/vserver
	local kdir=$VS_SRCDIR/kselftest-$flavour log=$VS_BUILD/logs/kselftest-$flavour.log
	VS_KSELFTEST_INSTALL=
	if [[ ! -d $dir ]]; then
		vs_say "SKIP kselftests: tools/testing/selftests/vserver is not in the patch series yet"
		vs_count_skip
		return 0
	fi
	# lib.mk does not track the uapi headers: start over when the kernel changed.
	[[ $(cat "$kdir/.vs-stamp" 2>/dev/null) == "$VS_KERNEL_STAMP" ]] || rm -rf "$kdir"
	mkdir -p "$kdir/build"
	vs_step "building kselftests (log: $log)"
	local -a args=(-C "$dir" KHDR_INCLUDES="-isystem $VS_OBJ/vs-hdr/include" OUTPUT="$kdir/build" COLLECTION=vserver)
	rm -rf "$kdir/install"
	{
		make -j"$VS_JOBS" "${args[@]}" all &&
			make "${args[@]}" INSTALL_PATH="$kdir/install" install
	} >"$log" 2>&1 || {
		vs_show_log "$log"
		vs_build_failed "kselftest build failed in $dir (log: $log)"
	}
	mkdir -p "$kdir/install"
	make -s --no-print-directory "${args[@]}" emit_tests >"$kdir/emit_tests" 2>>"$log" ||
		vs_build_failed "make emit_tests failed in $dir (log: $log)"
	sed -n 's/^vserver://p' "$kdir/emit_tests" >"$kdir/install/kselftest-list.txt"
	echo "$VS_KERNEL_STAMP" >"$kdir/.vs-stamp"
	VS_KSELFTEST_INSTALL=$kdir/install
}

# ---------------------------------------------------------- util-vserver ----

# vs_tools_dir: build trees are per checkout (config.status records srcdir).
# Those of checkouts unused for a week (CI's fresh clones) are removed.
vs_tools_dir() {
	local dir
	dir=$VS_BUILD/tools-$(printf '%s' "$VS_REPO" | sha256sum | cut -c1-12)
	mkdir -p "$dir"
	touch "$dir"
	find "$VS_BUILD" -maxdepth 1 -name 'tools-*' -mtime +7 -exec rm -rf {} +
	echo "$dir"
}

# vs_tools_present: util-vserver has an autotools build yet.
vs_tools_present() {
	[[ -f $VS_REPO/configure.ac && -f $VS_REPO/Makefile.am ]]
}

# vs_autoreconf: regenerate configure when it is missing or stale.
vs_autoreconf() {
	local log=$VS_BUILD/logs/autoreconf.log am stale=0
	[[ -x $VS_REPO/configure && ! $VS_REPO/configure.ac -nt $VS_REPO/configure ]] || stale=1
	while IFS= read -r am; do
		[[ -f ${am%.am}.in ]] || stale=1
	done < <(find "$VS_REPO" -name Makefile.am -not -path '*/.git/*')
	((stale)) || return 0
	vs_step "autoreconf -fi in $VS_REPO (log: $log)"
	(cd "$VS_REPO" && autoreconf -fi) >"$log" 2>&1 || {
		vs_show_log "$log"
		vs_build_failed "autoreconf failed in $VS_REPO (log: $log)"
	}
}

# vs_configure_tools BUILDDIR LOG ARGS...: (re)configure when the arguments
# or the checkout changed; later configure.ac edits are make's business.
vs_configure_tools() {
	local bdir=$1 log=$2 want
	shift 2
	want="$VS_REPO $*"
	[[ -f $bdir/config.status && $(cat "$bdir/.vs-configure" 2>/dev/null) == "$want" ]] && return 0
	rm -rf "$bdir"
	mkdir -p "$bdir"
	(cd "$bdir" && "$VS_REPO/configure" "$@") >"$log" 2>&1 || {
		vs_show_log "$log"
		vs_build_failed "util-vserver configure failed (log: $log; config.log in $bdir)"
	}
	echo "$want" >"$bdir/.vs-configure"
}

VS_TOOLS_CONFIGURE=(--prefix=/usr --sysconfdir=/etc --localstatedir=/var)

# vs_build_tools_static: sets VS_TOOLS_STAGE ("" when there is no build yet).
vs_build_tools_static() {
	local bdir log=$VS_BUILD/logs/tools-static.log
	VS_TOOLS_STAGE=
	if ! vs_tools_present; then
		vs_say "SKIP util-vserver tools: no configure.ac/Makefile.am in $VS_REPO yet"
		return 0
	fi
	vs_autoreconf
	bdir=$(vs_tools_dir)/static
	vs_step "building util-vserver tools (static) in $bdir (log: $log)"
	vs_configure_tools "$bdir" "$log" "${VS_TOOLS_CONFIGURE[@]}" --enable-static-tools
	rm -rf "$bdir/stage"
	{
		make -C "$bdir" -j"$VS_JOBS" && make -C "$bdir" install DESTDIR="$bdir/stage"
	} >>"$log" 2>&1 || {
		vs_show_log "$log"
		vs_build_failed "util-vserver build or install failed (log: $log)"
	}
	VS_TOOLS_STAGE=$bdir/stage
}

# vs_count_make_check LOG STATUS: add automake's PASS:/FAIL:/SKIP: lines
# (XFAIL counts as passed, XPASS and ERROR as failed).
vs_count_make_check() {
	local log=$1 status=$2 kind name seen=0 failed=0
	while read -r kind name; do
		seen=$((seen + 1))
		case $kind in
		PASS: | XFAIL:) vs_count_pass ;;
		SKIP:) vs_count_skip ;;
		*) vs_count_fail "host: $name (${kind%:})" && failed=$((failed + 1)) ;;
		esac
	done < <(grep -E '^(PASS|FAIL|SKIP|XFAIL|XPASS|ERROR): ' "$log")
	if ((status != 0 && failed == 0)); then
		vs_count_fail "host: make check exited with status $status without a FAIL line (log: $log)"
	fi
	((seen)) || vs_warn "make check ran no test (log: $log)"
	vs_say "host unit tests: $seen results"
}

# vs_run_unit_tests: `make check` in a dynamic build of the tools.
vs_run_unit_tests() {
	local bdir log=$VS_BUILD/logs/make-check.log status=0 f
	if ! vs_tools_present; then
		vs_say "SKIP host unit tests: no configure.ac/Makefile.am in $VS_REPO yet"
		vs_count_skip
		return 0
	fi
	bdir=$(vs_tools_dir)/check
	vs_step "host unit tests: make check in $bdir (log: $log)"
	vs_configure_tools "$bdir" "$log.configure" "${VS_TOOLS_CONFIGURE[@]}"
	# Build first, so that a compile error is a build failure, not a test one.
	make -C "$bdir" -j"$VS_JOBS" >"$log" 2>&1 || {
		vs_show_log "$log"
		vs_build_failed "util-vserver (dynamic) build failed (log: $log)"
	}
	# Each test has a hang guard of its own (util-vserver/local.mk); this
	# one is for make itself.
	timeout -k 20 "$VS_UNIT_TIMEOUT" make -C "$bdir" -j"$VS_JOBS" check AM_COLOR_TESTS=no >>"$log" 2>&1 || status=$?
	((status != 124)) || vs_count_fail "host: make check killed by its hang guard of ${VS_UNIT_TIMEOUT}s (log: $log)"
	vs_count_make_check "$log" "$status"
	if ((status)); then
		# automake keeps the output of failed tests in test-suite.log.
		while IFS= read -r f; do
			vs_show_log "$f" 100
		done < <(find "$bdir" -name test-suite.log)
	fi
	vs_run_distcheck "$bdir"
}

# vs_run_distcheck BDIR: `make distcheck` in the dynamic build, one test:
# the tarball has every file the build needs, builds out of its read-only
# tree, installs into a DESTDIR and uninstalls leaving nothing.  Its inner
# make check runs only the tests of the installed files' metadata (make
# check above ran them all); about a minute.
VS_DISTCHECK_TESTS="util-vserver/tests/help.sh util-vserver/tests/version.sh util-vserver/tests/man-pages.sh"
vs_run_distcheck() {
	local bdir=$1 log=$VS_BUILD/logs/distcheck.log
	vs_step "make distcheck in $1 (log: $log)"
	if timeout -k 20 "$VS_UNIT_TIMEOUT" make -C "$bdir" distcheck TESTS="$VS_DISTCHECK_TESTS" \
		AM_COLOR_TESTS=no >"$log" 2>&1; then
		vs_count_pass
	else
		vs_show_log "$log" 40
		vs_count_fail "host: make distcheck failed (log: $log)"
	fi
}

# ------------------------------------------------------------ initramfs ----

# vs_elf FILE: FILE is an ELF binary (a candidate for shared libraries).
vs_elf() {
	local magic
	IFS= read -r -n 4 magic <"$1" 2>/dev/null || true
	[[ $magic == $'\x7fELF' ]]
}

# vs_copy_libs ROOT: copy the shared libraries and the loader of every
# dynamically linked program in ROOT, so static and dynamic programs both run.
vs_copy_libs() {
	local root=$1 f lib
	while IFS= read -r -d '' f; do
		vs_elf "$f" || continue
		# ldd fails on static binaries: nothing to copy for them.
		{ ldd "$f" 2>/dev/null || true; } | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^\//) print $i }'
	done < <(find "$root" -type f -perm -u+x -print0) | sort -u | while IFS= read -r lib; do
		[[ -e $root$lib ]] || cp -L --parents "$lib" "$root"
	done
}

# vs_root_busybox ROOT: busybox and a symlink for each applet.
vs_root_busybox() {
	local root=$1 bb applet
	bb=$(command -v busybox) || vs_build_failed "busybox not found" "apt-get install busybox-static"
	cp "$bb" "$root/bin/busybox"
	while IFS= read -r applet; do
		[[ -e $root/$applet || -L $root/$applet ]] && continue
		mkdir -p "$root/$(dirname "$applet")"
		ln -s /bin/busybox "$root/$applet"
	done < <("$bb" --list-full)
}

# vs_root_host_programs ROOT: host programs listed in tests/vm/host-programs.
vs_root_host_programs() {
	local root=$1 prog path
	while read -r prog; do
		[[ -n $prog ]] || continue
		path=$(command -v "$prog") || {
			vs_warn "host program $prog (tests/vm/host-programs) not found, not in the VM"
			continue
		}
		path=$(readlink -f "$path")
		# The busybox applet of that name goes wherever it is, or a PATH
		# with /usr/bin before /bin would still find it.
		rm -f "$root"/{bin,sbin,usr/bin,usr/sbin}/"$prog"
		cp "$path" "$root/bin/$prog"
	done < <(sed 's/#.*//' "$VS_TESTS/vm/host-programs")
}

# vs_root_debootstrap ROOT: debootstrap and its scripts, for "vserver NAME
# build -m debootstrap" in the VM (tests/guest/vserver-debootstrap.sh).  It is
# a POSIX shell script, run here by bash: the VM's /bin/sh is busybox's,
# which runs its own applets before any program of the PATH (its chroot,
# then busybox's dpkg in the new root).
vs_root_debootstrap() {
	local root=$1
	[[ -x /usr/sbin/debootstrap ]] || return 0
	mkdir -p "$root/usr/share/debootstrap"
	cp -a /usr/share/debootstrap/. "$root/usr/share/debootstrap/"
	sed '1s|^#!.*|#!/bin/bash|' /usr/sbin/debootstrap >"$root/usr/sbin/debootstrap"
	chmod 755 "$root/usr/sbin/debootstrap"
}

# vs_root_skeleton ROOT: directories, /dev/console (the kernel opens it for
# /init before devtmpfs is mounted), passwd and group.
vs_root_skeleton() {
	local root=$1
	mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,dev,proc,sys,tmp,run,root,mnt,var/tmp,kselftest/vserver,tests/guest,tests/vm,extra}
	mknod -m 600 "$root/dev/console" c 5 1 || vs_build_failed "mknod /dev/console failed: the harness must run as root"
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
	echo vserver-vm >"$root/etc/hostname"
}

# vs_root_repo_files ROOT: init, runner, demo and the in-VM suites.
vs_root_repo_files() {
	local root=$1
	install -m 755 "$VS_TESTS/vm/init" "$root/init"
	install -m 755 "$VS_TESTS/vm/run-suites" "$VS_TESTS/vm/demo.sh" "$root/tests/vm/"
	cp -a "$VS_TESTS/guest/." "$root/tests/guest/"
	mkdir -p "$root/tests/reboot"
	cp -a "$VS_TESTS/reboot/." "$root/tests/reboot/"
}

# vs_root_tools ROOT: the installed util-vserver tree, without docs.
vs_root_tools() {
	local root=$1
	[[ -n ${VS_TOOLS_STAGE:-} ]] || return 0
	rsync -a --exclude=/usr/share/man --exclude=/usr/share/doc --exclude=/usr/share/info \
		--exclude=/usr/include --exclude='*.a' --exclude='*.la' "$VS_TOOLS_STAGE/" "$root/"
}

# vs_root_extras ROOT DIR...: --suite directories go to /extra/<basename>/.
vs_root_extras() {
	local root=$1 dir
	shift
	for dir in "$@"; do
		mkdir -p "$root/extra/$(basename "$dir")"
		cp -a "$dir/." "$root/extra/$(basename "$dir")/"
	done
}

# vs_build_initramfs RUNDIR: sets VS_INITRD.  Uses VS_TOOLS_STAGE,
# VS_KSELFTEST_INSTALL and the arrays VS_EXTRA_DIRS/VS_EXTRA_SCRIPTS.
vs_build_initramfs() {
	local rundir=$1 root=$1/root i
	vs_step "assembling the initramfs"
	vs_root_skeleton "$root"
	vs_root_busybox "$root"
	vs_root_host_programs "$root"
	vs_root_debootstrap "$root"
	vs_root_tools "$root"
	if [[ -n ${VS_KSELFTEST_INSTALL:-} ]]; then
		cp -a "$VS_KSELFTEST_INSTALL/." "$root/kselftest/vserver/"
	fi
	vs_root_repo_files "$root"
	vs_root_extras "$root" "${VS_EXTRA_DIRS[@]}"
	: >"$root/tests/extra-suites"
	for i in "${!VS_EXTRA_DIRS[@]}"; do
		echo "$(basename "${VS_EXTRA_DIRS[i]}")/${VS_EXTRA_SCRIPTS[i]}" >>"$root/tests/extra-suites"
	done
	vs_copy_libs "$root"
	VS_INITRD=$rundir/initramfs.cpio.gz
	(cd "$root" && find . -print0 | cpio --null -o -H newc -R 0:0 --quiet) | gzip -1 >"$VS_INITRD" ||
		vs_build_failed "cannot write the initramfs $VS_INITRD"
	vs_say "initramfs: $(du -h "$VS_INITRD" | cut -f1)"
}

# vs_new_run_dir FLAVOUR: scratch space for one run, removed at exit (and
# by a later run, should this one be killed before it can clean up).
vs_new_run_dir() {
	local d
	for d in "$VS_BUILD"/runs/*.*; do
		[[ -d $d ]] && ! kill -0 "${d##*.}" 2>/dev/null && rm -rf "$d"
	done
	VS_RUN_DIR=$VS_BUILD/runs/$1.$$
	rm -rf "$VS_RUN_DIR"
	mkdir -p "$VS_RUN_DIR"
}

# vs_make_disk FILE: VS_DISK, an empty ext4 file system with project ids
# and project quota (what file tags and disk limits rest on), attached to
# the VM as /dev/vda.  It outlives a reboot of the VM: tests/run boots
# twice with it (vs.mode=reboot the second time).
vs_make_disk() {
	VS_DISK=$1
	mke2fs -q -F -t ext4 -O quota,project -L vsdisk "$VS_DISK" 1G ||
		vs_build_failed "mke2fs cannot make the test disk $VS_DISK" "apt-get install e2fsprogs"
}

# vs_make_debian_disk FILE: VS_DEBIAN_DISK, a second disk for the VM
# (/dev/vdb, read-only) that tests/guest/vserver-debian.sh builds real
# Debian guests from: bookworm.tar, a minimal Debian 12 made here with
# debootstrap (minbase; sysv-rc for the guests' runlevels, cron as the
# daemon that keeps an idle guest running, the libraries of the package
# below) without documentation, as Debian's "slim" images (vs_slim_debian);
# the .deb of mini-httpd, a Debian web server the suite installs into
# one guest, and of hostname, a package of the base system it reinstalls;
# and bookworm-debootstrap.tgz, the packages of a minimal Debian 12 (with
# sysv-rc and cron, as above) as "debootstrap --make-tarball" saves them,
# which vserver-debootstrap.sh builds a guest from offline with "vserver
# NAME build -m debootstrap".
# debootstrap runs here, natively: its second stage (dpkg) takes half a
# minute here and most of an hour under emulation.  They are cached in
# $VS_BUILD/debian-N (N: VS_DEBIAN_RECIPE); making them needs Debian's
# mirror ($VS_DEBIAN_MIRROR).  When that fails, there is no second disk
# and the suite skips, with the reason in the log.
VS_DEBIAN_RECIPE=2
vs_make_debian_disk() {
	local cache=$VS_BUILD/debian-$VS_DEBIAN_RECIPE tree log=$VS_BUILD/logs/debootstrap.log
	VS_DEBIAN_DISK=
	if [[ ! -s $cache/bookworm.tar ]]; then
		tree=$VS_BUILD/debian.tree.$$
		rm -rf "$tree" "$cache"
		mkdir -p "$cache"
		vs_step "debootstrap: a minimal Debian 12 for the Debian guests (log: $log)"
		if ! debootstrap --variant=minbase --include=sysv-rc,insserv,cron,libssl3,lsb-base \
			bookworm "$tree" "$VS_DEBIAN_MIRROR" >"$log" 2>&1 ||
			! vs_slim_debian "$tree" || ! tar --numeric-owner -C "$tree" -cf "$cache/bookworm.tar.new" .; then
			rm -rf "$tree" "$cache"
			vs_warn "debootstrap failed (log: $log): no Debian guests in this run"
			return 0
		fi
		rm -rf "$tree"
		mv "$cache/bookworm.tar.new" "$cache/bookworm.tar"
	fi
	if ! compgen -G "$cache/mini-httpd_*.deb" >/dev/null; then
		(cd "$cache" && { apt-get download mini-httpd hostname || { apt-get update -q && apt-get download mini-httpd hostname; }; }) \
			>>"$log" 2>&1 || {
			vs_warn "apt-get download mini-httpd hostname failed (log: $log): no Debian guests in this run"
			return 0
		}
	fi
	if [[ ! -s $cache/bookworm-debootstrap.tgz ]]; then
		tree=$VS_BUILD/debian.tree.$$
		rm -rf "$tree"
		vs_step "debootstrap --make-tarball: the packages of a minimal Debian 12, for build -m debootstrap in the VM"
		if debootstrap --variant=minbase --include=sysv-rc,insserv,cron \
			--make-tarball="$cache/bookworm-debootstrap.new.tgz" bookworm "$tree" "$VS_DEBIAN_MIRROR" >>"$log" 2>&1; then
			mv "$cache/bookworm-debootstrap.new.tgz" "$cache/bookworm-debootstrap.tgz"
		else
			rm -f "$cache/bookworm-debootstrap.new.tgz"
			vs_warn "debootstrap --make-tarball failed (log: $log): build -m debootstrap skips in the VM"
		fi
		rm -rf "$tree"
	fi
	mke2fs -q -F -t ext4 -L vsdebian -d "$cache" "$1" 1G ||
		vs_build_failed "mke2fs cannot make the Debian disk $1" "apt-get install e2fsprogs"
	VS_DEBIAN_DISK=$1
}

# vs_slim_debian TREE: a Debian tree without documentation, manual pages
# and translations (the copyright files stay), and without apt's lists
# and caches; dpkg is told to leave them out of later installations too.
# A third less to unpack and unify in the VM, where both are slow.
vs_slim_debian() {
	local tree=$1
	cat >"$tree/etc/dpkg/dpkg.cfg.d/slim" <<-EOF
		# The Linux-VServer test guests: no documentation (as Debian's slim images).
		path-exclude /usr/share/doc/*
		path-include /usr/share/doc/*/copyright
		path-exclude /usr/share/man/*
		path-exclude /usr/share/info/*
		path-exclude /usr/share/locale/*
		path-include /usr/share/locale/locale.alias
	EOF
	find "$tree/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete &&
		find "$tree/usr/share/man" "$tree/usr/share/info" -mindepth 1 ! -type d -delete &&
		find "$tree/usr/share/locale" -mindepth 1 ! -type d ! -name locale.alias -delete &&
		find "$tree/usr/share/doc" "$tree/usr/share/man" "$tree/usr/share/info" \
			"$tree/usr/share/locale" -mindepth 1 -type d -empty -delete &&
		rm -rf "$tree"/var/lib/apt/lists/* "$tree"/var/cache/apt/*.bin
}

# ------------------------------------------------------------------- VM ----

# vs_boot IMAGE INITRD LOG TIMEOUT INTERACTIVE APPEND: boot under qemu (TCG:
# KVM hangs on these machines), serial console to the terminal and to LOG,
# or to LOG only when VS_CONSOLE=log; qemu writes its pid to
# VS_QEMU_PIDFILE when that is set.  VS_DISK and VS_DEBIAN_DISK, when set,
# are /dev/vda and /dev/vdb.  Sets VS_QEMU_STATUS (124: killed by the hard
# timeout).
# pci=noacpi: the PCI interrupts are routed from the BIOS's table, not by
# the ACPI method _PRT.  On a loaded machine a debug kernel under TCG ran
# that method past ACPI's 30 s loop timeout; the disk was left without an
# interrupt and the boot hung on its first read.
vs_boot() {
	local image=$1 initrd=$2 log=$3 timeout=$4 interactive=$5 append=$6
	local -a qemu=(qemu-system-x86_64 -accel tcg -nic none -nographic -no-reboot
		-m 2G -smp 2 -kernel "$image" -initrd "$initrd"
		-append "console=ttyS0 panic=-1 pci=noacpi $append")
	[[ -z ${VS_DISK:-} ]] || qemu+=(-drive "file=$VS_DISK,format=raw,if=virtio,cache=unsafe")
	[[ -z ${VS_DEBIAN_DISK:-} ]] ||
		qemu+=(-drive "file=$VS_DEBIAN_DISK,format=raw,if=virtio,readonly=on")
	[[ -z ${VS_QEMU_PIDFILE:-} ]] || qemu+=(-pidfile "$VS_QEMU_PIDFILE")
	VS_QEMU_STATUS=0
	if [[ ${VS_CONSOLE:-terminal} == log ]]; then
		timeout --foreground -k 20 "$timeout" "${qemu[@]}" \
			-chardev "file,id=con,path=$log" -serial chardev:con -monitor none \
			</dev/null || VS_QEMU_STATUS=$?
	elif ((interactive)); then
		# Ctrl-C goes to the guest; Ctrl-A x leaves qemu; no timeout.
		"${qemu[@]}" -chardev "stdio,id=con,mux=on,signal=off,logfile=$log" \
			-serial chardev:con -mon chardev=con,mode=readline || VS_QEMU_STATUS=$?
	else
		# --foreground keeps qemu in our process group, so Ctrl-C stops it.
		timeout --foreground -k 20 "$timeout" "${qemu[@]}" \
			-chardev "stdio,id=con,logfile=$log" -serial chardev:con -monitor none \
			</dev/null || VS_QEMU_STATUS=$?
	fi
}

# vs_analyse_log LOG: count the VSRESULT lines of the in-VM runner and every
# kernel problem report, and check that the runner finished.
vs_analyse_log() {
	local log=$1 kind name
	while IFS=$'\t' read -r kind name; do
		case $kind in
		ok) vs_count_pass ;;
		skip) vs_count_skip ;;
		fail) vs_count_fail "$name" ;;
		report) vs_count_fail "kernel: $name" ;;
		done) VS_VM_DONE=1 ;;
		esac
	done < <(tr -d '\r' <"$log" | awk -f "$VS_LIB_DIR/analyse-log.awk")
}

# vs_vm_append MODE SUITE_TIMEOUT INTERACTIVE: the kernel command line of
# a test VM (the part after console and panic).
vs_vm_append() {
	echo "rcupdate.rcu_cpu_stall_timeout=300 kasan_multi_shot vs.mode=$1 vs.suite_timeout=$2 vs.interactive=$3"
}

# vs_vm_log FLAVOUR [NAME]: the name of a new serial log.
vs_vm_log() {
	echo "$VS_BUILD/logs/console-$1-$(date +%Y%m%d-%H%M%S)-$$${2:+-$2}.log"
}

# vs_run_vm FLAVOUR MODE TIMEOUT SUITE_TIMEOUT INTERACTIVE KEEP_LOG: boot
# with the console on the terminal, then add up the results.
vs_run_vm() {
	local flavour=$1 mode=$2 timeout=$3 suite_timeout=$4 interactive=$5 keep=$6 log
	log=$(vs_vm_log "$flavour")
	vs_step "booting $VS_IMAGE under qemu (TCG, hard timeout ${timeout}s); serial log: $log"
	vs_boot "$VS_IMAGE" "$VS_INITRD" "$log" "$timeout" "$interactive" \
		"$(vs_vm_append "$mode" "$suite_timeout" "$interactive")"
	vs_step "VM stopped (qemu status $VS_QEMU_STATUS)"
	vs_vm_results "$flavour" "$mode" "$log" "$timeout" "$keep"
}

# vs_run_test_vms FLAVOUR TIMEOUT SUITE_TIMEOUT KEEP_LOG IMAGE1 DISK1 IMAGE2
# DISK2: the in-VM suites of vs.mode=test in two VMs that run at once, VM N
# with kernel IMAGE N on DISK N (tests/vm/run-suites gives each its share,
# vs.vm=N).  Under TCG one VM keeps little more than one of the machine's
# two cores busy: the suites are mostly one shell at a time.  The consoles
# go to their logs only; the terminal gets each suite's time and each
# failure as they come, prefixed "vmN: ".  Then both are added up, VM 2
# first, so that VS_VM_DONE ends as VM 1's (whose disk the reboot uses).
vs_run_test_vms() {
	local flavour=$1 timeout=$2 suite_timeout=$3 keep=$4 vm
	local -a logs pids
	shift 4
	for vm in 1 2; do
		logs[vm]=$(vs_vm_log "$flavour" "vm$vm")
		vs_step "booting test VM $vm under qemu (TCG, hard timeout ${timeout}s): $1 on $2; serial log: ${logs[vm]}"
		(
			VS_IMAGE=$1
			VS_DISK=$2
			VS_CONSOLE=log
			VS_QEMU_PIDFILE=$VS_RUN_DIR/vm$vm.pid
			vs_boot "$VS_IMAGE" "$VS_INITRD" "${logs[vm]}" "$timeout" 0 \
				"$(vs_vm_append test "$suite_timeout" 0) vs.vm=$vm"
			exit "$VS_QEMU_STATUS"
		) &
		pids[vm]=$!
		# (grep and sed, not awk: mawk reads a pipe in blocks, hours late here)
		{ tail -n +1 -F --pid="${pids[vm]}" "${logs[vm]}" 2>/dev/null |
			grep --line-buffered -aE '^(VSSUITE time|VSRESULT not ok) ' |
			sed -u "s/\r\$//; s/^/vm$vm: /" || true; } &
		shift 2
	done
	for vm in 2 1; do
		VS_QEMU_STATUS=0
		wait "${pids[vm]}" || VS_QEMU_STATUS=$?
		vs_step "test VM $vm stopped (qemu status $VS_QEMU_STATUS)"
		vs_vm_results "$flavour" "test, VM $vm" "${logs[vm]}" "$timeout" "$keep"
	done
	# (the progress filters end with their VM)
	wait
}

# vs_vm_results FLAVOUR WHAT LOG TIMEOUT KEEP_LOG: add up the results of a
# VM that stopped with VS_QEMU_STATUS; sets VS_VM_DONE.  The serial log is
# kept when anything failed (console-FLAVOUR-last.log: the newest).
vs_vm_results() {
	local flavour=$1 what=$2 log=$3 timeout=$4 keep=$5 failed_before=$VS_FAILED
	VS_VM_DONE=0
	vs_analyse_log "$log"
	if ((!VS_VM_DONE)); then
		if ((VS_QEMU_STATUS == 124)); then
			vs_count_fail "vm ($what): no done marker: killed by the hard timeout of ${timeout}s (hang? raise it with --timeout)"
		else
			vs_count_fail "vm ($what): no done marker: the guest stopped early (panic, or init died; qemu status $VS_QEMU_STATUS)"
		fi
		vs_show_log "$log" 40
	fi
	if ((keep || VS_FAILED > failed_before)); then
		ln -sfn "$(basename "$log")" "$VS_BUILD/logs/console-$flavour-last.log"
		vs_say "serial log kept: $log"
	else
		rm -f "$log"
	fi
	vs_prune_logs
}

# vs_prune_logs: keep the 20 newest serial logs.
vs_prune_logs() {
	find "$VS_BUILD/logs" -name 'console-*-*.log' -type f -printf '%T@ %p\n' |
		sort -rn | tail -n +21 | cut -d' ' -f2- | xargs -r rm -f
}

# ---------------------------------------------------------------- options --

# vs_usage_common: the options tests/run and tests/demo share.
vs_usage_common() {
	cat <<EOF
  --only-kernel        build the kernel only and print the image path
  --timeout SECONDS    hard timeout of the VM (default $VS_TIMEOUT)
  --keep-log           keep the serial log even when everything passed
                       (it is always kept when something failed)
  --help               this text

Environment:
  VSERVER_BUILD_DIR    build directory (default /var/tmp/vserver-build)
  JOBS                 parallel make jobs (default: nproc)

The last kernel built is at \$VSERVER_BUILD_DIR/last/bzImage-<flavour>.
EOF
}

# vs_parse_common OPTION [VALUE]: handle a shared option; sets VS_CONSUMED
# to the number of arguments used, 0 when the option is not a shared one.
vs_parse_common() {
	VS_CONSUMED=1
	case $1 in
	--only-kernel) VS_ONLY_KERNEL=1 ;;
	--keep-log) VS_KEEP_LOG=1 ;;
	--timeout)
		[[ ${2:-} =~ ^[1-9][0-9]*$ ]] || vs_usage_error "--timeout needs a number of seconds"
		VS_TIMEOUT=$2
		VS_CONSUMED=2
		;;
	*) VS_CONSUMED=0 ;;
	esac
}

vs_usage_error() {
	printf '%s: %s (see --help)\n' "$(basename "$0")" "$1" >&2
	VS_SUMMARY_DONE=1
	exit 2
}
