#!/usr/bin/env bash
# tests/bench/unify.sh: disk saved and time taken by vhashify and by
# util-linux hardlink on the same guest trees, and the time of a re-run
# after one file changed.  On the host, on demand (never in tests/run or
# CI, never in the VM); numbers never fail it.  See --help.
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
# each inode once), and the ratios vhashify/hardlink and rerun/first.
set -Eeuo pipefail

SOURCE=/usr/share
COPIES=4
REPEAT=3
WORKDIR=${TMPDIR:-/var/tmp}
VHASHIFY=

usage() {
	cat <<EOF
Usage: tests/bench/unify.sh [OPTIONS]

Time vhashify and util-linux hardlink on COPIES copies of a tree, first
run and re-run after one file changed, and print the disk saved and the
ratios.  Runs on the host, as root (cp -a keeps owners), in a temporary
directory it removes at the end.

Options:
  --source DIR     the tree to copy (default $SOURCE)
  --copies N       copies, the "guests" (default $COPIES)
  --repeat N       rounds; the medians are printed (default $REPEAT)
  --workdir DIR    where the copies go, on a disk file system
                   (default \$TMPDIR, else /var/tmp)
  --vhashify PATH  the vhashify to run (default: the one in \$PATH, else
                   the newest the test harness built, under
                   \$VSERVER_BUILD_DIR/tools-*/, default /var/tmp/vserver-build)
  -h, --help       this help

On a kernel without vserver support vhashify runs with --links-only
(it links, but sets no attributes), as hardlink does.
Exit status: 0 when it ran, 1 when it could not (a tool missing, a
failed step), 2 for a bad option.
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
command -v hardlink >/dev/null ||
	die "util-linux hardlink is not installed (Debian: apt-get install util-linux)"

VH_OPTS=(--no-default-excludes)
KERNEL="vserver kernel: vhashify sets immutable+ixunlink"
if ! [ -d /proc/virtual ]; then
	VH_OPTS+=(--links-only)
	KERNEL="kernel without vserver: vhashify --links-only (no attributes), like hardlink"
fi

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

# run_tool TOOL ROUND: both steps of TOOL on fresh copies.
run_tool() {
	local tool=$1 r=$2 dir="$WORK/$1.$2" before after
	local trees=()
	make_copies "$dir"
	for ((i = 1; i <= COPIES; i++)); do trees+=("$dir/g$i"); done
	before=$(du_k "$dir")
	case $tool in
	hardlink) timed "$tool,first,$r" hardlink -q "${trees[@]}" ;;
	vhashify) timed "$tool,first,$r" "$VHASHIFY" "${VH_OPTS[@]}" \
		--hashdir "$dir/.hash" "${trees[@]}" ;;
	esac
	after=$(du_k "$dir")
	T[$tool,saved,$r]=$((before - after))
	T[$tool,before,$r]=$before
	change_one "$dir"
	case $tool in
	hardlink) timed "$tool,rerun,$r" hardlink -q "${trees[@]}" ;;
	vhashify) timed "$tool,rerun,$r" "$VHASHIFY" "${VH_OPTS[@]}" \
		--hashdir "$dir/.hash" "${trees[@]}" ;;
	esac
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
echo "  $KERNEL; $(hardlink --version)" >&2
for ((r = 1; r <= REPEAT; r++)); do
	if ((r % 2)); then
		run_tool hardlink "$r"; run_tool vhashify "$r"
	else
		run_tool vhashify "$r"; run_tool hardlink "$r"
	fi
done

read -r hf hf_min hf_max <<<"$(median hardlink first)"
read -r hr hr_min hr_max <<<"$(median hardlink rerun)"
read -r vf vf_min vf_max <<<"$(median vhashify first)"
read -r vr vr_min vr_max <<<"$(median vhashify rerun)"
read -r hfc _ _ <<<"$(median hardlink first .cpu)"
read -r hrc _ _ <<<"$(median hardlink rerun .cpu)"
read -r vfc _ _ <<<"$(median vhashify first .cpu)"
read -r vrc _ _ <<<"$(median vhashify rerun .cpu)"
read -r hs _ _ <<<"$(median hardlink saved)"
read -r vs _ _ <<<"$(median vhashify saved)"
before=${T[vhashify,before,1]}

echo
echo "unify: $COPIES copies of $SOURCE, $FILES files and $SRC_K KiB each; $REPEAT round(s); median (min-max)"
printf '%-9s %26s %9s %26s %9s %12s\n' tool "first run (s)" "cpu (s)" \
	"rerun, 1 change (s)" "cpu (s)" "saved (KiB)"
printf '%-9s %8.3f (%7.3f-%7.3f) %9.3f %8.3f (%7.3f-%7.3f) %9.3f %12s\n' hardlink \
	"$hf" "$hf_min" "$hf_max" "$hfc" "$hr" "$hr_min" "$hr_max" "$hrc" "$hs"
printf '%-9s %8.3f (%7.3f-%7.3f) %9.3f %8.3f (%7.3f-%7.3f) %9.3f %12s\n' vhashify \
	"$vf" "$vf_min" "$vf_max" "$vfc" "$vr" "$vr_min" "$vr_max" "$vrc" "$vs"
awk -v hf="$hf" -v hr="$hr" -v vf="$vf" -v vr="$vr" -v hs="$hs" -v vs="$vs" \
	-v hfc="$hfc" -v hrc="$hrc" -v vfc="$vfc" -v vrc="$vrc" \
	-v before="$before" 'BEGIN {
	printf "ratio vhashify/hardlink: first run %.2f (cpu %.2f), rerun %.2f (cpu %.2f)\n",
		vf / hf, vfc / hfc, vr / hr, (hrc > 0 ? vrc / hrc : 0)
	printf "ratio rerun/first: vhashify %.3f, hardlink %.3f\n", vr / vf, hr / hf
	printf "disk: %d KiB before, saved: vhashify %d KiB (%.1f%%), hardlink %d KiB (%.1f%%)\n",
		before, vs, 100 * vs / before, hs, 100 * hs / before
}'
