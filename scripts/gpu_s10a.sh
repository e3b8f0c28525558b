#!/usr/bin/env bash
# scripts/gpu_s10a.sh - session 10, first GPU-machine call: the numbers never taken there.
#  1. issue 12: `vyre scan --rules default` over tree B (one thread per host core since a1f94fd)
#     next to bench/rules_hs_re2 (Hyperscan keyword prefilter + RE2 confirm, same semantics, 16 threads).
#  2. issue 11: bench/re_cpu_vs_hs twice (BENCH_REPS=3 each: six paired runs, one host core each).
# Carry (built on the dev machine, static Hyperscan and RE2): build/vyre, build/bench/rules_hs_re2,
# build/bench/re_cpu_vs_hs. Logs in $OUT (or build/s10a).
set -u
OUT=${OUT:-build/s10a}
mkdir -p "$OUT"
T0=$(date +%s); say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }
B=""; for p in /usr/share /usr/include /usr/local/cuda/include /opt; do [ -d "$p" ] && B="$B $p"; done
say "warm tree B:$B"
find $B -type f -print0 2>/dev/null | xargs -0 -P16 cat > /dev/null 2>&1
say "1a. Hyperscan + RE2, 16 threads, tree B"
timeout 150 build/bench/rules_hs_re2 --threads 16 $B > "$OUT/hs_re2_B_16.txt" 2> "$OUT/hs_re2_B_16.err"; echo "exit $?"; cat "$OUT/hs_re2_B_16.txt" | tail -2
for rep in 1 2; do
say "1b. vyre scan --rules default, tree B, rep $rep"
/usr/bin/time -v -o "$OUT/vyre_B_time$rep.txt" timeout 200 build/vyre scan --rules default --report-format=json $B > "$OUT/vyre_B$rep.txt" 2> "$OUT/vyre_B$rep.err"
echo "exit $? findings $(grep -c "\"RuleID\"" "$OUT/vyre_B$rep.txt")"; grep -E "Elapsed|Maximum resident|Percent of CPU" "$OUT/vyre_B_time$rep.txt"; grep -iE "time|bytes|thread" "$OUT/vyre_B$rep.err" | tail -6 | cut -c1-300
done
say "1c. Hyperscan + RE2, 16 threads, tree B, again"
timeout 150 build/bench/rules_hs_re2 --threads 16 $B > "$OUT/hs_re2_B_16b.txt" 2>&1; echo "exit $?"; tail -1 "$OUT/hs_re2_B_16b.txt"
for rep in 1 2; do
say "2. re_cpu_vs_hs call $rep"
BENCH_REPS=3 timeout 150 stdbuf -oL build/bench/re_cpu_vs_hs > "$OUT/re_cpu_vs_hs$rep.log" 2>&1; echo "exit $?"
grep -vE "^#|^$" "$OUT/re_cpu_vs_hs$rep.log" | cut -c1-160 | tail -14
done
say done
