#!/usr/bin/env bash
# scripts/bench_walk.sh - `vyre scan` with 1..N walk threads (VYRE_CLI_WALK_THREADS) on one tree
# (issue 10: the walk of tree B; docs/PERF.md "Session 10: parallel walk").
#
#   bash scripts/bench_walk.sh [VYRE]          (default build/vyre, built with make if missing)
#
# For each backend and walk-thread count, REPS runs (warm cache) of
#   VYRE_CLI_WALK_THREADS=W vyre scan --backend=B -v -i -c -f patterns/gitleaks-keywords.txt TREE...
# and their medians: wall seconds, "walk with filters done" and "pipeline ended" (-v phase times,
# seconds since the start). Every run's stdout must be byte-identical to the first (W=1) run's;
# a difference is reported and the exit status is 1.
# Knobs: TREE (default tree B: /usr/share /usr/include /usr/local/cuda/include /opt, those that exist),
# BACKENDS ("cpu cuda"), WALK ("1 2 4 8 16"), REPS (3), OUT (build/bench-walk).
set -u
VYRE=${1:-build/vyre}
REPS=${REPS:-3}
BACKENDS=${BACKENDS:-cpu cuda}
WALK=${WALK:-1 2 4 8 16}
OUT=${OUT:-build/bench-walk}
PAT=patterns/gitleaks-keywords.txt
if [ -z "${TREE:-}" ]; then
    TREE=""
    for d in /usr/share /usr/include /usr/local/cuda/include /opt; do [ -d "$d" ] && TREE="$TREE $d"; done
fi
mkdir -p "$OUT"
[ -x "$VYRE" ] || make -s "$VYRE" || exit 2
now() { if [ -n "${EPOCHREALTIME:-}" ]; then echo "${EPOCHREALTIME/,/.}"; else date +%s.%N; fi; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "nan"} else if (NR%2) {print a[(NR+1)/2]} else {printf "%.4f\n", (a[NR/2]+a[NR/2+1])/2}}'; }
bad=0
ref=""
echo "# $VYRE on$TREE; REPS=$REPS; $(nproc) CPUs"
echo "| backend | walk threads | wall (s) | walk done (s) | pipeline ended (s) |"
echo "| --- | --- | --- | --- | --- |"
# warm the page cache once
"$VYRE" scan --backend=cpu -c -e warm-the-cache $TREE >/dev/null 2>&1
for b in $BACKENDS; do
    for w in $WALK; do
        : >"$OUT/wall" ; : >"$OUT/walk" ; : >"$OUT/end"
        for i in $(seq 1 "$REPS"); do
            t0=$(now)
            VYRE_CLI_WALK_THREADS=$w "$VYRE" scan --backend="$b" -v -i -c -f "$PAT" $TREE >"$OUT/out" 2>"$OUT/err"
            rc=$?
            t1=$(now)
            if [ $rc -gt 1 ]; then echo "  $b W=$w: exit $rc: $(grep -v '^vyre: \(time\|phases\|teardown\)' "$OUT/err" | head -c 300)" >&2; fi
            awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f\n", b - a}' >>"$OUT/wall"
            # the phase line may hold other phases between the two (a GPU backend ready, ...)
            grep '^vyre: phases' "$OUT/err" | sed -n 's/.*walk with filters done \([0-9.]*\).*/\1/p' >>"$OUT/walk"
            grep '^vyre: phases' "$OUT/err" | sed -n 's/.*pipeline ended \([0-9]*\.[0-9]*\).*/\1/p' >>"$OUT/end"
            { echo "== $b W=$w"; grep '^vyre: \(time\|phases\)' "$OUT/err"; } >>"$OUT/phases.txt"
            sum=$(md5sum <"$OUT/out")
            if [ -z "$ref" ]; then ref=$sum
            elif [ "$sum" != "$ref" ]; then echo "  DIFFERENT OUTPUT: $b W=$w run $i" >&2; bad=1; fi
        done
        echo "| $b | $w | $(median <"$OUT/wall") | $(median <"$OUT/walk") | $(median <"$OUT/end") |"
    done
done
[ $bad -eq 0 ] && echo "# every run printed the same output" || echo "# OUTPUTS DIFFER (see above)"
exit $bad
