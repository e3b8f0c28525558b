#!/usr/bin/env bash
# scripts/bench_ingest.sh - the file-ingest table of issue 10 in one run (docs/PERF.md).
#
#   bash scripts/bench_ingest.sh RG [VYRE]
#
# RG: a ripgrep binary (e.g. .tools/usr/bin/rg from `apt-get download ripgrep`
# + `dpkg -x`); "none" skips ripgrep. VYRE: default build/vyre (built with
# `make` if missing). Warm page cache; every number is the median of REPS runs
# (default 5, at least 3) of:
#   vyre --backend=cuda|cpu|auto -i -c -f patterns/gitleaks-keywords.txt TREE
#   rg -uuu -a -F -i -c --count-matches -jN -f patterns/gitleaks-keywords.txt TREE
#   the page-cache read ceiling: build/read_ceiling N TREE (N threads pread()ing
#   every file, no scan; bench/read_ceiling.c)
# on tree A (/usr/lib/x86_64-linux-gnu) and tree B (/usr/share /usr/include
# /usr/local/cuda/include /opt, the ones that exist), then the process
# start-to-exit time of one 1 KiB file for each backend, then (MM=1, needs
# python3 and /usr/bin/time) the peak RSS of the many-matches case (16 MB of
# real files, 3,000 literals cut from them) in every output mode.
#
# Knobs: REPS (5), THREADS (nproc; ripgrep -j and the read ceiling), VYRE_THREADS (unset: vyre's own
# defaults, one reader per CPU, at most 8 with --backend=cuda; else VYRE_CLI_THREADS), BACKENDS ("cuda cpu auto"), TREES ("A B"),
# MM (1), OUT (build/bench-ingest). Prints a table; raw times go to
# $OUT/raw.csv (tree,tool,run,seconds) and the table to $OUT/table.md.
set -u
RG=${1:-none}
VYRE=${2:-build/vyre}
REPS=${REPS:-5}
[ "$REPS" -lt 3 ] && REPS=3
THREADS=${THREADS:-$(nproc)}
BACKENDS=${BACKENDS:-cuda cpu auto}
TREES=${TREES:-A B}
MM=${MM:-1}
OUT=${OUT:-build/bench-ingest}
PAT=patterns/gitleaks-keywords.txt
mkdir -p "$OUT" build
RAW=$OUT/raw.csv
echo "tree,tool,run,seconds" >"$RAW"
[ -x "$VYRE" ] || make -s "$VYRE" || exit 2
cc -std=c99 -O2 -pthread bench/read_ceiling.c -o build/read_ceiling || exit 2
if [ "$RG" != none ] && ! "$RG" --version >/dev/null 2>&1; then echo "bench_ingest: cannot run ripgrep '$RG'" >&2; RG=none; fi

now() { if [ -n "${EPOCHREALTIME:-}" ]; then echo "${EPOCHREALTIME/,/.}"; else date +%s.%N; fi; }
# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "nan"} else if (NR%2) {print a[(NR+1)/2]} else {printf "%.4f\n", (a[NR/2]+a[NR/2+1])/2}}'; }
# timeit TREE TOOL CMD...: REPS timed runs (output to /dev/null), raw rows, echo the median
timeit() {
    local tree=$1 tool=$2 i t0 t1 rc
    shift 2
    local f; f=$(mktemp)
    for i in $(seq 1 "$REPS"); do
        t0=$(now); "$@" >/dev/null 2>"$OUT/last.err"; rc=$?; t1=$(now)
        if [ $rc -gt 1 ] && [ "$tool" != rg ]; then echo "  $tool on $tree: exit $rc: $(head -c 300 "$OUT/last.err")" >&2; fi
        awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f\n", b - a}' | tee -a "$f" | sed "s/^/$tree,$tool,$i,/" >>"$RAW"
    done
    median <"$f"; rm -f "$f"
}

declare -A PATHS
PATHS[A]="/usr/lib/x86_64-linux-gnu"
B=""
for p in /usr/share /usr/include /usr/local/cuda/include /opt; do [ -d "$p" ] && B="$B $p"; done
PATHS[B]="$B"

echo "# bench_ingest: ${VYRE_BENCH_COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo '?')} on $(hostname), $THREADS threads, REPS=$REPS, $(date -u +%FT%TZ)" | tee "$OUT/table.md"
if command -v nvidia-smi >/dev/null 2>&1; then nvidia-smi --query-gpu=name --format=csv,noheader | head -1 | sed 's/^/# GPU: /' | tee -a "$OUT/table.md"; fi
echo "" | tee -a "$OUT/table.md"
hdr="| tree | size | files |"
sep="| --- | --- | --- |"
for b in $BACKENDS; do hdr="$hdr vyre $b (s) |"; sep="$sep --- |"; done
[ "$RG" != none ] && { hdr="$hdr rg -j$THREADS (s) |"; sep="$sep --- |"; }
hdr="$hdr read ceiling (s, GB/s) | ratios |"; sep="$sep --- | --- |"
echo "$hdr" | tee -a "$OUT/table.md"; echo "$sep" | tee -a "$OUT/table.md"
for tr in $TREES; do
    P=${PATHS[$tr]}
    # warm the cache twice and take the tree's size from the ceiling tool
    build/read_ceiling "$THREADS" $P >/dev/null; cl=$(build/read_ceiling "$THREADS" $P)
    files=$(echo "$cl" | awk '{print $1}'); bytes=$(echo "$cl" | awk '{print $2}')
    row="| $tr ($P) | $(awk -v b="$bytes" 'BEGIN {printf "%.2f GB", b / 1e9}') | $files |"
    declare -A T=()
    for b in $BACKENDS; do
        T[$b]=$(timeit "$tr" "vyre-$b" env ${VYRE_THREADS:+VYRE_CLI_THREADS=$VYRE_THREADS} "$VYRE" scan --backend="$b" -i -c -f "$PAT" $P)
        row="$row ${T[$b]} |"
    done
    if [ "$RG" != none ]; then
        T[rg]=$(timeit "$tr" rg "$RG" -uuu -a -F -i -c --count-matches -j"$THREADS" -f "$PAT" $P)
        row="$row ${T[rg]} |"
    fi
    f=$(mktemp)
    for i in $(seq 1 "$REPS"); do
        build/read_ceiling "$THREADS" $P | awk '{print $3}' | tee -a "$f" | sed "s/^/$tr,ceiling,$i,/" >>"$RAW"
    done
    T[ceiling]=$(median <"$f"); rm -f "$f"
    row="$row ${T[ceiling]}, $(awk -v b="$bytes" -v s="${T[ceiling]}" 'BEGIN {printf "%.1f", b / s / 1e9}') |"
    rat=""
    for b in $BACKENDS; do
        x=${T[$b]}
        [ "$RG" != none ] && rat="$rat $b: $(awk -v a="${T[rg]}" -v b="$x" 'BEGIN {printf "%.2f", a / b}')x rg,"
        rat="$rat $(awk -v a="${T[ceiling]}" -v b="$x" 'BEGIN {printf "%.0f", 100 * a / b}')% of ceiling;"
    done
    if [[ " $BACKENDS " == *" cuda "* && " $BACKENDS " == *" cpu "* ]]; then
        rat="$rat cuda $(awk -v a="${T[cpu]}" -v b="${T[cuda]}" 'BEGIN {printf "%.2f", a / b}')x cpu;"
    fi
    if [[ " $BACKENDS " == *" auto "* && " $BACKENDS " == *" cpu "* ]]; then
        best=${T[cpu]}
        [[ " $BACKENDS " == *" cuda "* ]] && best=$(awk -v a="${T[cpu]}" -v b="${T[cuda]}" 'BEGIN {print (a < b ? a : b)}')
        rat="$rat auto $(awk -v a="$best" -v b="${T[auto]}" 'BEGIN {printf "%.0f", 100 * (b / a - 1)}')% over the faster;"
    fi
    echo "$row$rat |" | tee -a "$OUT/table.md"
done

# one 1 KiB file, process start to exit
K=$(mktemp -d)
head -c 1024 /usr/include/stdio.h >"$K/one.txt" 2>/dev/null || printf '%1024s' x >"$K/one.txt"
echo "" | tee -a "$OUT/table.md"
line="| one 1 KiB file, start to exit (ms) |"
for b in $BACKENDS; do
    s=$(timeit 1KiB "vyre-$b" env ${VYRE_THREADS:+VYRE_CLI_THREADS=$VYRE_THREADS} "$VYRE" scan --backend="$b" -i -c -f "$PAT" "$K/one.txt")
    line="$line $b $(awk -v s="$s" 'BEGIN {printf "%.1f", s * 1000}') |"
done
echo "$line" | tee -a "$OUT/table.md"
rm -rf "$K"

# the many-matches case: peak RSS in every output mode, output to /dev/null
if [ "$MM" = 1 ] && command -v python3 >/dev/null 2>&1 && [ -x /usr/bin/time ]; then
    M=${MM_DIR:-/tmp/vyre-many-matches}
    [ -f "$M/patterns.txt" ] || python3 bench/mk_many_matches.py "$M" >/dev/null
    echo "" | tee -a "$OUT/table.md"
    echo "| many matches (16 MB, 3,000 literals) | backend | mode | seconds | peak RSS (MB) | matches |" | tee -a "$OUT/table.md"
    echo "| --- | --- | --- | --- | --- | --- |" | tee -a "$OUT/table.md"
    nm=$("$VYRE" scan --backend=cpu -c -f "$M/patterns.txt" "$M/tree" | awk -F: '{s += $NF} END {print s}')
    for b in $BACKENDS; do
        for mode in lines --json -c -l; do
            o=""; [ "$mode" != lines ] && o=$mode
            /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$VYRE" scan --backend="$b" $o -f "$M/patterns.txt" "$M/tree" >/dev/null 2>"$OUT/last.err"
            read -r sec kb <"$OUT/time.txt"
            echo "| | $b | $mode | $sec | $((kb / 1024)) | $nm |" | tee -a "$OUT/table.md"
            echo "MM,vyre-$b$o,1,$sec,rss_kb=$kb" >>"$RAW"
        done
    done
fi
echo ""
echo "raw numbers: $RAW; table: $OUT/table.md"
