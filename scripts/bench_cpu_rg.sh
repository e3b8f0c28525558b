#!/usr/bin/env bash
# scripts/bench_cpu_rg.sh - issue 10's CPU goal in one run: `vyre scan --backend=cpu`
# against `rg -jN` with the same flags on one tree, warm page cache, runs
# interleaved round by round (a noisy shared machine hits every tool alike).
#
#   bash scripts/bench_cpu_rg.sh RG VYRE [BEFORE]
#
# RG: ripgrep (e.g. .tools/rg); VYRE: the vyre binary to measure; BEFORE: an
# optional second vyre binary (e.g. main's build) timed in the same rounds.
# Each round runs, in order: BEFORE, VYRE, VYRE with VYRE_CLI_MMAP=never,
# rg, and the page-cache read ceiling (build/read_ceiling N TREE). Every
# command's output goes to /dev/null except once, where the vyre outputs
# are compared byte for byte (with each other and with rg's counts).
#
# Knobs: TREE (/usr/lib/x86_64-linux-gnu), REPS (5, at least 3), THREADS
# (2: rg -j and VYRE_CLI_THREADS), PAT (patterns/gitleaks-keywords.txt).
# Prints one raw line per run (tool round seconds user sys) and the medians
# with the ratios.
set -u
RG=${1:?usage: bench_cpu_rg.sh RG VYRE [BEFORE]}
VYRE=${2:?usage: bench_cpu_rg.sh RG VYRE [BEFORE]}
BEFORE=${3:-}
TREE=${TREE:-/usr/lib/x86_64-linux-gnu}
REPS=${REPS:-5}
[ "$REPS" -lt 3 ] && REPS=3
THREADS=${THREADS:-2}
PAT=${PAT:-patterns/gitleaks-keywords.txt}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
mkdir -p build
cc -std=c99 -O2 -pthread bench/read_ceiling.c -o build/read_ceiling || exit 2

echo "# bench_cpu_rg: $(git rev-parse --short HEAD 2>/dev/null || echo '?') on $(hostname), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), THREADS=$THREADS, REPS=$REPS, $(date -u +%FT%TZ)"
echo "# tree $TREE: $(build/read_ceiling "$THREADS" "$TREE" | awk '{printf "%d files, %.2f GB", $1, $2 / 1e9}') (warm-up read)"
build/read_ceiling "$THREADS" "$TREE" >/dev/null

# the outputs agree (sorted counts; rg prints only files with matches)
"$VYRE" scan --backend=cpu -i -c -f "$PAT" "$TREE" >"$OUT/new.txt" 2>/dev/null
VYRE_CLI_MMAP=never "$VYRE" scan --backend=cpu -i -c -f "$PAT" "$TREE" >"$OUT/read.txt" 2>/dev/null
cmp -s "$OUT/new.txt" "$OUT/read.txt" && echo "# vyre mapped == vyre read: identical" || echo "# MISMATCH: vyre mapped vs read"
if [ -n "$BEFORE" ]; then
    "$BEFORE" scan --backend=cpu -i -c -f "$PAT" "$TREE" >"$OUT/old.txt" 2>/dev/null
    cmp -s "$OUT/new.txt" "$OUT/old.txt" && echo "# vyre == before: identical" || echo "# MISMATCH: vyre vs before"
fi
"$RG" -uuu -a -F -i -c --count-matches -j"$THREADS" -f "$PAT" "$TREE" 2>/dev/null >"$OUT/rg.txt"
# rg --count-matches counts non-overlapping matches, vyre every match (overlaps too): compare the files with matches
if grep -v ':0$' "$OUT/new.txt" | sed 's/:[0-9]*$//' | sort | cmp -s - <(sed 's/:[0-9]*$//' "$OUT/rg.txt" | sort); then
    echo "# vyre and rg: the same $(wc -l <"$OUT/rg.txt") files with matches (counts differ where matches overlap: rg counts non-overlapping ones)"
else echo "# MISMATCH: vyre and rg disagree on which files match"; fi

run1() { # tool round cmd...
    local tool=$1 r=$2
    shift 2
    /usr/bin/time -f "%e %U %S" -o "$OUT/t" "$@" >/dev/null 2>/dev/null
    echo "$tool $r $(cat "$OUT/t")" | tee -a "$OUT/raw"
}
for r in $(seq 1 "$REPS"); do
    [ -n "$BEFORE" ] && run1 before "$r" env VYRE_CLI_THREADS="$THREADS" "$BEFORE" scan --backend=cpu -i -c -f "$PAT" "$TREE"
    run1 vyre "$r" env VYRE_CLI_THREADS="$THREADS" "$VYRE" scan --backend=cpu -i -c -f "$PAT" "$TREE"
    run1 vyre-read "$r" env VYRE_CLI_THREADS="$THREADS" VYRE_CLI_MMAP=never "$VYRE" scan --backend=cpu -i -c -f "$PAT" "$TREE"
    run1 rg "$r" "$RG" -uuu -a -F -i -c --count-matches -j"$THREADS" -f "$PAT" "$TREE"
    echo "ceiling $r $(build/read_ceiling "$THREADS" "$TREE" | awk '{print $3}') - -" | tee -a "$OUT/raw"
done
med() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
echo ""
echo "| tool | wall median (s) | user+sys median (s) | rg -j$THREADS wall / wall | rg user+sys / user+sys |"
echo "| --- | --- | --- | --- | --- |"
rgm=$(awk '$1 == "rg" {print $3}' "$OUT/raw" | med)
rgc=$(awk '$1 == "rg" {print $4 + $5}' "$OUT/raw" | med)
for tool in before vyre vyre-read rg ceiling; do
    grep -q "^$tool " "$OUT/raw" || continue
    w=$(awk -v t="$tool" '$1 == t {print $3}' "$OUT/raw" | med)
    if [ "$tool" = ceiling ]; then c=-; cr=-; else
        c=$(awk -v t="$tool" '$1 == t {print $4 + $5}' "$OUT/raw" | med)
        cr=$(awk -v a="$rgc" -v b="$c" 'BEGIN {printf "%.2fx", a / b}')
    fi
    echo "| $tool | $w | $c | $(awk -v a="$rgm" -v b="$w" 'BEGIN {printf "%.2fx", a / b}') | $cr |"
done
