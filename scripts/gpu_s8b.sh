#!/usr/bin/env bash
# scripts/gpu_s8b.sh - session 8's second GPU-machine call: the host finish on one thread per flagged
# pattern (vyre__re_gpu.pool) and the resident haystack's copy in kept staging memory, then the confirm chunk (allowed starts per task) at the default 65536,
# 16384 and 4096: bench/re_gpu_bench on CUDA over 1 GiB (carry build/bench/re_gpu_bench), NVIDIA
# OpenCL at the default; then test_re_gpu (CUDA and NVIDIA OpenCL, VYRE_REQUIRE_CUDA=1).
set -u
OUT=${OUT:-build/gpu-s8b}
mkdir -p "$OUT/icd" build/cuda && echo libnvidia-opencl.so.1 > "$OUT/icd/nvidia.icd"
T0=$(date +%s); say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }
gcc -std=c99 -O2 -g -Wall -Wextra -Werror -pedantic -I. -Itests tests/test_re_gpu.c -o build/cuda/test_re_gpu -lpthread -ldl -lm &
BUILD=$!
for C in 0 16384 4096; do
  say "1. re_gpu_bench cuda chunk $C"
  V=4; [ $C = 0 ] && V=16
  env BENCH_BACKEND=cuda BENCH_RE_GPU_MB=1024 BENCH_REPS=5 BENCH_VERIFY_MB=$V BENCH_RE_GPU_CHUNK=$C VYRE_CACHE_DIR=/tmp/vc-b \
    timeout 100 stdbuf -oL build/bench/re_gpu_bench > "$OUT/re_bench_chunk$C.log" 2>&1; echo "exit $?"
  grep -E "vyre gpu|last scan|FAIL|PASS|hyperscan|goal" "$OUT/re_bench_chunk$C.log" | cut -c1-300
done
say "1c. re_gpu_bench NVIDIA OpenCL"
OCL_ICD_VENDORS="$PWD/$OUT/icd" BENCH_BACKEND=opencl BENCH_RE_GPU_MB=1024 BENCH_REPS=5 BENCH_VERIFY_MB=4 VYRE_CACHE_DIR=/tmp/vc-o \
  timeout 80 stdbuf -oL build/bench/re_gpu_bench > "$OUT/re_bench_ocl.log" 2>&1; echo "exit $?"
grep -E "backend|vyre gpu|last scan|FAIL|PASS|hyperscan|goal" "$OUT/re_bench_ocl.log" | cut -c1-300
wait $BUILD; say "2. test_re_gpu"
OCL_ICD_VENDORS="$PWD/$OUT/icd" VYRE_OCL_SELECT=gpu VYRE_REQUIRE_CUDA=1 VYRE_CACHE_DIR=/tmp/vc-re \
    timeout 150 stdbuf -oL build/cuda/test_re_gpu > "$OUT/re.log" 2>&1
echo "test_re_gpu exit $?"
grep -E "^note|FAIL|passed," "$OUT/re.log" | head -30
( cd "$OUT" && tar czf logs.tar.gz *.log )
say done
