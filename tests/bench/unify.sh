#!/usr/bin/env bash
# tests/bench/unify.sh: disk saved and time taken by vhashify and by its
# peers, util-linux hardlink, rdfind and jdupes, on the same guest trees,
# and the time of a re-run after one file changed.  On the host, on demand
# (never in tests/run or CI, never in the VM); numbers never fail it.  See
# --help.
#
# Each round makes COPIES fresh copies of SOURCE (cp -a: same bytes,
# modes, owners and times, as guests installed from the same packages)
# in a directory of its own under WORKDIR, then for each tool in turn,
# on its own fresh copies:
#   first   the tool over all copies;
#   rerun   one file of the first copy replaced by an edited copy (as a
#           package upgrade in a guest does: write, then rename), then
#           the tool again over all copies.
# The page cache is warm for both (the copies were just written): what is
# measured is the tools' work, not the disk.  Rounds alternate the order
# of the tools.  It prints per tool the median wall-clock time of each
# step with its spread, and its CPU time (user+system: less disturbed by
# other load), the disk the copies took before and after (du, counting
# each inode once), and per tool the ratios vhashify/tool and rerun/first.
# A peer that is not installed (and cannot be: tests/bench/packages.txt,
# installed when run as root) gets a row saying so; only vhashify is
# required.
set -Eeuo pipefail

SOURCE=/usr/share
COPIES=4
REPEAT=3
WORKDIR=${TMPDIR:-/var/tmp}
VHASHIFY=
INSTALL=1
# The tools, in the order of the tables; rounds alternate it.
TOOLS=(hardlink vhashify rdfind jdupes)
PACKAGES=$(dirname "$(readlink -f "$0")")/packages.txt

usage() {
	cat <<EOF
Usage: tests/bench/unify.sh [OPTIONS]

Time vhashify and its peers (util-linux hardlink, rdfind, jdupes) on
COPIES copies of a tree, first run and re-run after one file changed,
and print the disk saved and the ratios.  Runs on the host, as root
(cp -a keeps owners), in a temporary directory it removes at the end.

Options:
  --source DIR     the tree to copy (default $SOURCE)
  --copies N       copies, the "guests" (default $COPIES)
  --repeat N       rounds; the medians are printed (default $REPEAT)
  --workdir DIR    where the copies go, on a disk file system
                   (default \$TMPDIR, else /var/tmp)
  --vhashify PATH  the vhashify to run (default: the one in \$PATH, else
                   the newest the test harness built, under
                   \$VSERVER_BUILD_DIR/tools-*/, default /var/tmp/vserver-build)
  --no-install     do not install the missing packages of
                   tests/bench/packages.txt (rdfind, jdupes), which it
                   does by default when run as root
  -h, --help       this help

The tools run as:
  hardlink -q TREES...
  vhashify --no-default-excludes --hashdir DIR/.hash TREES...
  rdfind -makehardlinks true -makeresultsfile false TREES...
  jdupes -q -r -L -p TREES...      (-p: owner, group and mode must match,
                                    as for hardlink and vhashify)
On a kernel without vserver support vhashify runs with --links-only
(it links, but sets no attributes), as the others do.  A peer that is
not installed gets a row saying so; only vhashify is required.
Exit status: 0 when it ran, 1 when it could not (no vhashify, a failed
step), 2 for a bad option.
EOF
}

die() {
	echo "unify.sh: $*" >&2
	exit 1
}

while [ $# -gt 0 ]; do
	case $1 in
	--source) SOURCE=${2:?--source needs a directory}; shift 2 ;;
	--copies) COPIES=${2:?--copies needs a number}; shift 2 ;;
	--repeat) REPEAT=${2:?--repeat needs a number}; shift 2 ;;
	--workdir) WORKDIR=${2:?--workdir needs a directory}; shift 2 ;;
	--vhashify) VHASHIFY=${2:?--vhashify needs a path}; shift 2 ;;
	--no-install) INSTALL=0; shift ;;
	-h | --help) usage; exit 0 ;;
	*) echo "unify.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
done
case $COPIES$REPEAT in *[!0-9]*) die "--copies and --repeat take numbers" ;; esac
[ "$COPIES" -ge 2 ] || die "--copies: at least 2"
[ "$REPEAT" -ge 1 ] || die "--repeat: at least 1"
[ -d "$SOURCE" ] || die "no directory $SOURCE"

# shellcheck disable=SC2012 # ls -t: the newest of our build directories
if [ -z "$VHASHIFY" ]; then
	VHASHIFY=$(command -v vhashify || true)
	[ -n "$VHASHIFY" ] ||
		VHASHIFY=$(ls -t "${VSERVER_BUILD_DIR:-/var/tmp/vserver-build}"/tools-*/*/util-vserver/src/vhashify \
			2>/dev/null | head -n 1 || true)
fi
if [ -z "$VHASHIFY" ] || ! [ -x "$VHASHIFY" ]; then
	die "no vhashify found: build it (tests/run does), or give --vhashify"
fi

# install_peers: the packages of tests/bench/packages.txt that are not
# installed, installed with apt-get when running as root; a failure is
# reported, not fatal (the rows of what is still missing say so).
install_peers() {
	local p missing=()
	[ -f "$PACKAGES" ] || { echo "unify.sh: no $PACKAGES: installing nothing" >&2; return 0; }
	while read -r p; do
		[ -n "$p" ] || continue
		dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' || missing+=("$p")
	done < <(sed 's/#.*//' "$PACKAGES")
	((${#missing[@]})) || return 0
	if ((EUID != 0)); then
		echo "unify.sh: not root: not installing ${missing[*]}" >&2
		return 0
	fi
	echo "unify.sh: installing ${missing[*]} (tests/bench/packages.txt)" >&2
	if ! { DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" ||
		{ DEBIAN_FRONTEND=noninteractive apt-get update -q &&
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; }; } \
		</dev/null >/dev/null 2>&1; then
		echo "unify.sh: apt-get could not install ${missing[*]}; going on without" >&2
	fi
}
if ((INSTALL)) && command -v dpkg-query >/dev/null; then
	install_peers
fi

VH_OPTS=(--no-default-excludes)
KERNEL="vserver kernel: vhashify sets immutable+ixunlink"
if ! [ -d /proc/virtual ]; then
	VH_OPTS+=(--links-only)
	KERNEL="kernel without vserver: vhashify --links-only (no attributes), like the others"
fi

# The tools found (HAVE[tool]=1) and their versions, for the header.
declare -A HAVE VERSION
for tool in "${TOOLS[@]}"; do
	case $tool in
	vhashify) HAVE[$tool]=1; VERSION[$tool]=$VHASHIFY ;;
	hardlink) command -v hardlink >/dev/null && HAVE[$tool]=1 &&
		VERSION[$tool]=$(hardlink --version 2>&1 | head -n 1) ;;
	rdfind) command -v rdfind >/dev/null && HAVE[$tool]=1 &&
		VERSION[$tool]=$(rdfind -v 2>&1 | head -n 1) ;;
	jdupes) command -v jdupes >/dev/null && HAVE[$tool]=1 &&
		VERSION[$tool]=$(jdupes -v 2>&1 | head -n 1) ;;
	esac
	[ -n "${HAVE[$tool]:-}" ] || VERSION[$tool]="$tool: not installed (apt-get install $tool)"
done
RUN=()
for tool in "${TOOLS[@]}"; do
	[ -n "${HAVE[$tool]:-}" ] && RUN+=("$tool")
done

WORK=$(mktemp -d "$WORKDIR/unify-bench.XXXXXX") || die "cannot create a directory in $WORKDIR"
cleanup() {
	# Only what mktemp made; the trees hold no immutable file unless the
	# kernel has vserver, where ixunlink lets rm remove them.
	[ -n "$WORK" ] && [ -d "$WORK" ] && rm -rf -- "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# timed KEY CMD...: run CMD, output discarded; T[KEY] its wall-clock
# seconds, T[KEY.cpu] its user+system CPU seconds (less disturbed by
# other load on the machine than the wall clock).
timed() {
	local key=$1 real user sys
	shift
	local TIMEFORMAT='%R %U %S'
	{ time "$@" >"$WORK/out" 2>&1; } 2>"$WORK/time" ||
		die "$1 failed: $(cat "$WORK/out")"
	read -r real user sys <"$WORK/time"
	T[$key]=$real
	T[$key.cpu]=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')
}

# make_copies DIR: COPIES copies of SOURCE in DIR/g1 ... DIR/gN.
make_copies() {
	local i
	mkdir -p "$1"
	for ((i = 1; i <= COPIES; i++)); do
		cp -a "$SOURCE" "$1/g$i" || die "cannot copy $SOURCE"
	done
	sync
}

# change_one DIR: replace the largest regular file of DIR/g1 by an edited
# copy, as a package manager does (write a new file, rename it over).
change_one() {
	local f
	f=$(find "$1/g1" -type f -size +1k -printf '%s %p\n' | sort -n | tail -n 1 | cut -d' ' -f2-)
	[ -n "$f" ] || die "no file to change in $1/g1"
	if ! { cp -p "$f" "$f.new" && echo "one more line" >>"$f.new" &&
	    mv "$f.new" "$f"; }; then
		die "cannot change $f"
	fi
}

# du_k DIR...: kilobytes the directories take, each inode counted once.
du_k() {
	du -sk -c "$@" | tail -n 1 | cut -f1
}

declare -A T
FILES=$(find "$SOURCE" -type f | wc -l)
SRC_K=$(du_k "$SOURCE")

# unify TOOL KEY DIR TREES...: one run of TOOL over TREES, timed as KEY;
# DIR holds the copies (and vhashify's store).
unify() {
	local tool=$1 key=$2 dir=$3
	shift 3
	case $tool in
	hardlink) timed "$key" hardlink -q "$@" ;;
	vhashify) timed "$key" "$VHASHIFY" "${VH_OPTS[@]}" --hashdir "$dir/.hash" "$@" ;;
	rdfind) timed "$key" rdfind -makehardlinks true -makeresultsfile false "$@" ;;
	jdupes) timed "$key" jdupes -q -r -L -p "$@" ;;
	*) die "unify: no tool $tool" ;;
	esac
}

# run_tool TOOL ROUND: both steps of TOOL on fresh copies.
run_tool() {
	local tool=$1 r=$2 dir="$WORK/$1.$2" before after i
	local trees=()
	make_copies "$dir"
	for ((i = 1; i <= COPIES; i++)); do trees+=("$dir/g$i"); done
	before=$(du_k "$dir")
	unify "$tool" "$tool,first,$r" "$dir" "${trees[@]}"
	after=$(du_k "$dir")
	T[$tool,saved,$r]=$((before - after))
	T[$tool,before,$r]=$before
	change_one "$dir"
	unify "$tool" "$tool,rerun,$r" "$dir" "${trees[@]}"
	printf '  round %d %-8s first %7.3f s (cpu %.3f)  rerun %7.3f s (cpu %.3f)  saved %d KiB\n' \
		"$r" "$tool" "${T[$tool,first,$r]}" "${T[$tool,first,$r.cpu]}" \
		"${T[$tool,rerun,$r]}" "${T[$tool,rerun,$r.cpu]}" \
		"${T[$tool,saved,$r]}" >&2
	rm -rf -- "$dir"
}

# median TOOL STEP [SUFFIX]: "median min max" of the rounds.
median() {
	local tool=$1 step=$2 suffix=${3:-} r
	for ((r = 1; r <= REPEAT; r++)); do echo "${T[$tool,$step,$r$suffix]}"; done |
		sort -g | awk '{ v[NR] = $1 } END {
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%s %s %s\n", m, v[1], v[NR] }'
}

echo "unify benchmark: $COPIES copies of $SOURCE ($FILES files, $SRC_K KiB each), $REPEAT round(s), warm page cache" >&2
echo "  $KERNEL" >&2
for tool in "${TOOLS[@]}"; do
	echo "  $tool: ${VERSION[$tool]}" >&2
done
for ((r = 1; r <= REPEAT; r++)); do
	if ((r % 2)); then
		for ((i = 0; i < ${#RUN[@]}; i++)); do run_tool "${RUN[i]}" "$r"; done
	else
		for ((i = ${#RUN[@]} - 1; i >= 0; i--)); do run_tool "${RUN[i]}" "$r"; done
	fi
done

# M[tool,step] and friends: the medians, for the tables.
declare -A M
for tool in "${RUN[@]}"; do
	for step in first rerun; do
		read -r "M[$tool,$step]" "M[$tool,$step,min]" "M[$tool,$step,max]" <<<"$(median "$tool" "$step")"
		read -r "M[$tool,$step,cpu]" _ _ <<<"$(median "$tool" "$step" .cpu)"
	done
	read -r "M[$tool,saved]" _ _ <<<"$(median "$tool" saved)"
done
before=${T[vhashify,before,1]}

echo
echo "unify: $COPIES copies of $SOURCE, $FILES files and $SRC_K KiB each; $REPEAT round(s); median (min-max)"
printf '%-9s %26s %9s %26s %9s %12s\n' tool "first run (s)" "cpu (s)" \
	"rerun, 1 change (s)" "cpu (s)" "saved (KiB)"
for tool in "${TOOLS[@]}"; do
	if [ -z "${HAVE[$tool]:-}" ]; then
		printf '%-9s not installed (apt-get install %s): not measured\n' "$tool" "$tool"
		continue
	fi
	printf '%-9s %8.3f (%7.3f-%7.3f) %9.3f %8.3f (%7.3f-%7.3f) %9.3f %12s\n' "$tool" \
		"${M[$tool,first]}" "${M[$tool,first,min]}" "${M[$tool,first,max]}" "${M[$tool,first,cpu]}" \
		"${M[$tool,rerun]}" "${M[$tool,rerun,min]}" "${M[$tool,rerun,max]}" "${M[$tool,rerun,cpu]}" \
		"${M[$tool,saved]}"
done

echo
echo "ratios: vhashify/tool (wall clock, cpu in parentheses; below 1: vhashify is faster),"
echo "the tool's own rerun/first, and the disk it saved of the $before KiB the copies took"
printf '%-9s %-22s %-22s %11s  %s\n' tool "first run vh/tool" "rerun vh/tool" "rerun/first" "saved"
for tool in "${TOOLS[@]}"; do
	if [ -z "${HAVE[$tool]:-}" ]; then
		printf '%-9s not installed: no ratio\n' "$tool"
		continue
	fi
	awk -v tool="$tool" -v vf="${M[vhashify,first]}" -v vr="${M[vhashify,rerun]}" \
		-v vfc="${M[vhashify,first,cpu]}" -v vrc="${M[vhashify,rerun,cpu]}" \
		-v tf="${M[$tool,first]}" -v tr="${M[$tool,rerun]}" \
		-v tfc="${M[$tool,first,cpu]}" -v trc="${M[$tool,rerun,cpu]}" \
		-v saved="${M[$tool,saved]}" -v before="$before" '
	# ratio A B: A/B, or "-" when B is 0 (a step too short to time)
	function ratio(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "-" }
	BEGIN {
		printf "%-9s %-22s %-22s %11s  %s\n", tool,
			ratio(vf, tf) " (cpu " ratio(vfc, tfc) ")",
			ratio(vr, tr) " (cpu " ratio(vrc, trc) ")",
			(tf > 0 ? sprintf("%.3f", tr / tf) : "-"),
			sprintf("%d KiB (%.1f%%)", saved, before > 0 ? 100 * saved / before : 0)
	}'
done
