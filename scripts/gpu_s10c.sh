#!/usr/bin/env bash
# scripts/gpu_s10c.sh - session 10, third GPU-machine call: the merged tree.
#  1. scripts/gpu_s10_lit.sh: the key-filter (_kf) literal kernels (issue 15): test_cuda with
#     VYRE_REQUIRE_CUDA=1, resident rand10k / gitleaks on CUDA (ocl_perf, cuda_perf with Hyperscan counts)
#  2. bench/re_cpu_vs_hs (issue 11's CPU goal; carried: static Hyperscan)
#  3. vyre scan --rules default over tree B (issue 12; carried build/vyre)
#  4. ingest, tree B: --backend=cuda with 8 / 12 / 16 readers, and one -v run per backend (issue 10)
#  5. test_engine (VYRE_REQUIRE_CUDA=1) and compute-sanitizer memcheck of t_wide_keys (test_cuda)
# Carry: build/vyre, build/bench/re_cpu_vs_hs; .tools (rg, hs) travels untracked. Logs in $OUT.
set -u
OUT=${OUT:-build/s10c}
mkdir -p "$OUT"
T0=$(date +%s); say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }
status=0
say "1. gpu_s10_lit.sh"
env OUT="$OUT/lit" bash scripts/gpu_s10_lit.sh > "$OUT/lit.log" 2>&1 || status=1
grep -vE "^\s*$" "$OUT/lit.log" | grep -E "passed, |FAIL|GOAL|CHECK|GB/s device|== vyre|resident|^lit|PASS|MISMATCH" | cut -c1-200 | head -40
say "2. re_cpu_vs_hs"
BENCH_REPS=3 timeout 100 stdbuf -oL build/bench/re_cpu_vs_hs > "$OUT/re_cpu_vs_hs.log" 2>&1; echo "exit $?"
grep -E "hyperscan ends|vyre all|vyre leftmost|goal" "$OUT/re_cpu_vs_hs.log"
B=""; for p in /usr/share /usr/include /usr/local/cuda/include /opt; do [ -d "$p" ] && B="$B $p"; done
say "warm tree B"
find $B -type f -print0 2>/dev/null | xargs -0 -P16 cat > /dev/null 2>&1
say "3. rules, tree B"
for rep in 1 2; do
  /usr/bin/time -f "%e s wall %U user %S sys %M KB %P" -o "$OUT/rules$rep.time" timeout 100 build/vyre scan --rules default --report-format=json $B > "$OUT/rules$rep.json" 2>"$OUT/rules$rep.err"
  echo "exit $? findings $(grep -c '"RuleID"' "$OUT/rules$rep.json") $(cat "$OUT/rules$rep.time" | tail -1)"
done
say "5. test_engine and memcheck"
make -s -j16 build/tests/test_engine > "$OUT/build_engine.log" 2>&1 || { tail -5 "$OUT/build_engine.log"; status=1; }
VYRE_REQUIRE_CUDA=1 timeout 120 ./build/tests/test_engine > "$OUT/test_engine.log" 2>&1 || status=1
grep -E "^FAIL|passed, " "$OUT/test_engine.log" | tail -4
if command -v compute-sanitizer > /dev/null; then
  VT_FILTER=t_wide_keys VYRE_REQUIRE_CUDA=1 timeout 150 compute-sanitizer --tool memcheck --error-exitcode 9 ./build/tests/test_cuda > "$OUT/memcheck_wide.log" 2>&1; echo "memcheck exit $?"
  grep -E "ERROR SUMMARY|passed, " "$OUT/memcheck_wide.log" | tail -3
fi
say "4. ingest, tree B, cuda readers"
PAT=patterns/gitleaks-keywords.txt
for T in 8 12 16; do
  for rep in 1 2 3; do
    s=$(date +%s.%N); env VYRE_CLI_THREADS=$T build/vyre scan --backend=cuda -i -c -f $PAT $B > "$OUT/ing.out" 2>/dev/null; e=$(date +%s.%N)
    echo "cuda T=$T rep $rep $(awk -v a=$s -v b=$e 'BEGIN{printf "%.4f", b-a}') s $(md5sum < "$OUT/ing.out" | cut -c1-8)"
  done
done
for b in cpu cuda auto; do
  build/vyre scan --backend=$b -v -i -c -f $PAT $B > /dev/null 2> "$OUT/v-$b.err"
  echo "== -v $b"; grep -E "^vyre: (time|phases|backend|auto|gpu|lane)" "$OUT/v-$b.err" | cut -c1-400
done
say "done, status $status"
