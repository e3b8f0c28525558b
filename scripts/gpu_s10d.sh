#!/usr/bin/env bash
# scripts/gpu_s10d.sh - session 10, last GPU-machine call: `vyre scan --rules default` over tree B with
# the memory-bounded scheduler (VYRE_CLI_RULES_MEM default 1G, and 4G), and bench/re_cpu_vs_hs once more
# (the host's speed varied between calls). Carry build/vyre, build/bench/re_cpu_vs_hs. Logs in $OUT.
set -u
OUT=${OUT:-build/s10d}
mkdir -p "$OUT"
T0=$(date +%s); say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }
say "re_cpu_vs_hs"
BENCH_REPS=3 timeout 100 stdbuf -oL build/bench/re_cpu_vs_hs > "$OUT/re_cpu_vs_hs.log" 2>&1; echo "exit $?"
grep -E "hyperscan ends|vyre all|vyre compile|goal" "$OUT/re_cpu_vs_hs.log"
grep -m1 -E "model name" /proc/cpuinfo; grep -m1 -o -E "avx512vbmi" /proc/cpuinfo || echo "no avx512vbmi"
B=""; for p in /usr/share /usr/include /usr/local/cuda/include /opt; do [ -d "$p" ] && B="$B $p"; done
say "warm tree B"
find $B -type f -print0 2>/dev/null | xargs -0 -P16 cat > /dev/null 2>&1
for mem in 1G 4G 1G 4G; do
  /usr/bin/time -f "%e s wall %U user %S sys %M KB %P" -o "$OUT/rules.time" env VYRE_CLI_RULES_MEM=$mem timeout 100 build/vyre scan --rules default --report-format=json $B > "$OUT/rules-$mem.json" 2>"$OUT/rules.err"
  echo "mem $mem exit $? findings $(grep -c '"RuleID"' "$OUT/rules-$mem.json") $(tail -1 "$OUT/rules.time")"
done
cmp "$OUT/rules-1G.json" "$OUT/rules-4G.json" && echo "reports identical"
say done
