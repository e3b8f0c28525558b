#!/usr/bin/env bash
# scripts/gpu_s4_final2.sh - the BIG form's GPU tests and bench (scripts/gpu_big.sh), then the GPU regex
# engine case by case (t_gitleaks, t_capacity, then t_random with each case printed). Carry .tools/hs.
set -u
OUT=${OUT:-build/gpu-s4-final2}
mkdir -p "$OUT/icd" build/cuda && echo libnvidia-opencl.so.1 > "$OUT/icd/nvidia.icd"
T0=$(date +%s); say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }
export PATH=$PATH:/usr/local/cuda/bin
gcc -std=c99 -O2 -g -Wall -Wextra -Werror -pedantic -I. -Itests tests/test_re_gpu.c -o build/cuda/test_re_gpu -lpthread -ldl -lm &
say "big"; OUT=$OUT/big timeout 170 bash scripts/gpu_big.sh 2>&1 | tail -30
wait
for c in t_gitleaks t_capacity; do
    OCL_ICD_VENDORS="$PWD/$OUT/icd" VYRE_OCL_SELECT=gpu VYRE_REQUIRE_CUDA=1 VYRE_CACHE_DIR=/tmp/vc-re VT_FILTER=$c timeout 60 stdbuf -oL build/cuda/test_re_gpu > "$OUT/re_$c.log" 2>&1
    echo "[$(( $(date +%s) - T0 ))s] re $c exit $? | $(grep -E 'FAIL' "$OUT/re_$c.log" | head -3 | tr '\n' ' ') $(tail -1 "$OUT/re_$c.log")"
done
OCL_ICD_VENDORS="$PWD/$OUT/icd" VYRE_OCL_SELECT=gpu VYRE_REQUIRE_CUDA=1 VYRE_CACHE_DIR=/tmp/vc-re VT_FILTER=t_random VT_VERBOSE=1 VT_RE_RANDOM_ITERS=12 timeout 120 stdbuf -oL build/cuda/test_re_gpu > "$OUT/re_random.log" 2>&1
echo "re t_random exit $? | $(grep -c '^random ' "$OUT/re_random.log") cases started | $(grep -E 'FAIL' "$OUT/re_random.log" | head -3 | tr '\n' ' ') $(tail -1 "$OUT/re_random.log")"
grep '^random ' "$OUT/re_random.log" | tail -2
say done
