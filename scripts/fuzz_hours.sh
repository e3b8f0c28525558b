#!/usr/bin/env bash
# scripts/fuzz_hours.sh - CPU-hours of fuzzing toward issue 16's release goal (>= 1 CPU-hour per
# target, docs/testing.md), on any machine with cores to spare:
#     bash scripts/fuzz_hours.sh SECONDS PROCS TARGET...
# runs PROCS libFuzzer processes per TARGET at once (all targets in parallel), each for SECONDS of
# wall time, on a shared per-target corpus ($OUT/corpus_NAME, seeded from tests/fuzz/corpus/NAME;
# the seeds are replayed first, as run_fuzz.sh does), crashes to $OUT/crashes_NAME/. BIN (default
# build/fuzz) holds the fuzz_NAME binaries (make fuzz-build; for a machine without RE2/Hyperscan,
# link fuzz_regex with the static libre2.a and libhs.a). Measures each process's CPU time
# (user + sys, /proc/PID/stat of the finished process via bash's `times` in a subshell) and prints
# one line per target: "fuzz_NAME: CPU s, units, crashes", then a total. Logs in $OUT (build/fuzz-hours).
set -u
SECS=$1; PROCS=$2; shift 2
BIN=${BIN:-build/fuzz}
OUT=${OUT:-build/fuzz-hours}
mkdir -p "$OUT"
one() { # name idx
    local n=$1 i=$2 t0 t1
    ( ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        "$BIN/fuzz_$n" -max_total_time="$SECS" -max_len=4096 -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$OUT/crashes_$n/" "$OUT/corpus_$n" tests/fuzz/corpus/$n > "$OUT/run_${n}_$i.log" 2>&1
      echo "exit $?" >> "$OUT/run_${n}_$i.log"
      times > "$OUT/times_${n}_$i" )
}
for n in "$@"; do
    mkdir -p "$OUT/corpus_$n" "$OUT/crashes_$n"
    "$BIN/fuzz_$n" -runs=0 tests/fuzz/corpus/$n > "$OUT/seeds_$n.log" 2>&1 || { echo "fuzz_$n: a seed input fails"; tail -20 "$OUT/seeds_$n.log"; }
    for i in $(seq 1 "$PROCS"); do one "$n" "$i" & done
done
wait
tot=0
for n in "$@"; do
    cpu=0; units=0
    for i in $(seq 1 "$PROCS"); do
        # `times` line 2: children's user and sys time, e.g. "1m2.5s 0m0.3s"
        c=$(sed -n 2p "$OUT/times_${n}_$i" 2>/dev/null | awk '{ s = 0; for (k = 1; k <= 2; k++) { split($k, a, "m"); s += a[1] * 60 + a[2] } printf "%.0f", s }')
        cpu=$((cpu + ${c:-0}))
        u=$(grep -o "stat::number_of_executed_units: *[0-9]*" "$OUT/run_${n}_$i.log" | awk '{print $2}')
        units=$((units + ${u:-0}))
    done
    tot=$((tot + cpu))
    echo "fuzz_$n: $cpu CPU s, $units inputs, $(ls "$OUT/crashes_$n" | wc -l) crash files, exits: $(grep -h '^exit' "$OUT"/run_${n}_*.log | sort | uniq -c | tr '\n' ' ')"
done
echo "total: $tot CPU s"
