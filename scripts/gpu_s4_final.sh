#!/usr/bin/env bash
# scripts/gpu_s4_final.sh - session 4's final GPU call: the GPU regex engine's tests, then the helpers'
# scripts (persistent engine, medium literal sets, BIG form), each under a time cap. Carry .tools/hs.
set -u
OUT=${OUT:-build/gpu-s4-final}
mkdir -p "$OUT/icd" build/cuda && echo libnvidia-opencl.so.1 > "$OUT/icd/nvidia.icd"
T0=$(date +%s); say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }
export PATH=$PATH:/usr/local/cuda/bin
say "test_re_gpu (CUDA + NVIDIA OpenCL)"
gcc -std=c99 -O2 -g -Wall -Wextra -Werror -pedantic -I. -Itests tests/test_re_gpu.c -o build/cuda/test_re_gpu -lpthread -ldl -lm || exit 2
OCL_ICD_VENDORS="$PWD/$OUT/icd" VYRE_OCL_SELECT=gpu VYRE_REQUIRE_CUDA=1 VYRE_CACHE_DIR=/tmp/vc-re timeout 100 stdbuf -oL build/cuda/test_re_gpu > "$OUT/test_re_gpu.log" 2>&1
echo "test_re_gpu exit $? | $(grep -E '^(ok|FAILED) ' "$OUT/test_re_gpu.log" | tr '\n' ' ') $(grep -E 'passed,' "$OUT/test_re_gpu.log" | tail -1)"
grep -E "FAIL" "$OUT/test_re_gpu.log" | head -5
say "engine"; OUT=$OUT/engine timeout 150 bash scripts/gpu_engine.sh 2>&1 | tail -25
say "lit"; OUT=$OUT/lit LIT_REPS=3 timeout 140 bash scripts/gpu_lit.sh 2>&1 | tail -25
say "big"; OUT=$OUT/big timeout 160 bash scripts/gpu_big.sh 2>&1 | tail -25
say done
