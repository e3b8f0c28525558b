#!/usr/bin/env bash
# scripts/gpu_s11.sh - for the next GPU-machine call (session 11 had none lent): `vyre scan --rules
# default` over tree B after session 11's rules changes (the encoding finder's masks, binary-searched
# location, gitleaks:allow offsets), next to session 10's binary, and the critical-path check: the
# largest files of tree B and the time of the largest alone (one file is scanned by one thread; on the
# dev box a 707 MB Go binary under /opt took 4.5 s of a 6.1 s run). Carry build/vyre and
# build/vyre-s10 (a build of 2a023ab), build/bench/re_cpu_vs_hs. Logs in $OUT.
set -u
OUT=${OUT:-build/s11}
mkdir -p "$OUT"
T0=$(date +%s); say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }
grep -m1 -E "model name" /proc/cpuinfo; grep -m1 -o -E "avx512vbmi" /proc/cpuinfo || echo "no avx512vbmi"
cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null
B=""; for p in /usr/share /usr/include /usr/local/cuda/include /opt; do [ -d "$p" ] && B="$B $p"; done
say "warm tree B"
find $B -type f -print0 2>/dev/null | xargs -0 -P16 cat > /dev/null 2>&1
find $B -type f -printf '%s %p\n' 2>/dev/null | sort -rn | head -10 | tee "$OUT/largest.txt"
BIG=$(head -1 "$OUT/largest.txt" | cut -d' ' -f2-)
for bin in build/vyre build/vyre-s10 build/vyre build/vyre-s10; do
  [ -x "$bin" ] || continue
  /usr/bin/time -f "%e s wall %U user %S sys %M KB %P" -o "$OUT/rules.time" timeout 120 $bin scan --rules default --report-format=json $B > "$OUT/rules-$(basename $bin).json" 2>"$OUT/rules.err"
  echo "$bin tree B exit $? findings $(grep -c '"RuleID"' "$OUT/rules-$(basename $bin).json") $(tail -1 "$OUT/rules.time")"
  /usr/bin/time -f "%e s wall %M KB" -o "$OUT/big.time" timeout 60 $bin scan --rules default "$BIG" > /dev/null 2>&1
  echo "$bin largest file alone: $(tail -1 "$OUT/big.time")"
done
cmp "$OUT/rules-vyre.json" "$OUT/rules-vyre-s10.json" && echo "reports identical"
say "re_cpu_vs_hs"
BENCH_REPS=3 timeout 100 stdbuf -oL build/bench/re_cpu_vs_hs > "$OUT/re_cpu_vs_hs.log" 2>&1; echo "exit $?"
grep -E "hyperscan ends|vyre all|vyre compile|goal" "$OUT/re_cpu_vs_hs.log"
say done
