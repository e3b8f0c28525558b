#!/usr/bin/env bash
# scripts/gpu_s8e.sh - session 8's last GPU-machine call: after the \b pair skip (CPU end finder) and
# the leftmost-first span step cut to the factor windows: bench/re_cpu_vs_hs, bench/re_gpu_bench on
# CUDA over 1 GiB, test_re_gpu (CUDA and NVIDIA OpenCL, VYRE_REQUIRE_CUDA=1). Carry
# build/bench/re_gpu_bench and build/bench/re_cpu_vs_hs.
set -u
OUT=${OUT:-build/gpu-s8e}
mkdir -p "$OUT/icd" build/cuda && echo libnvidia-opencl.so.1 > "$OUT/icd/nvidia.icd"
T0=$(date +%s); say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }
gcc -std=c99 -O2 -g -Wall -Wextra -Werror -pedantic -I. -Itests tests/test_re_gpu.c -o build/cuda/test_re_gpu -lpthread -ldl -lm &
BUILD=$!
say "1. re_cpu_vs_hs"
BENCH_REPS=3 timeout 120 stdbuf -oL build/bench/re_cpu_vs_hs > "$OUT/re_cpu_vs_hs.log" 2>&1; echo "exit $?"
cut -c1-200 "$OUT/re_cpu_vs_hs.log"
say "2. re_gpu_bench cuda"
BENCH_BACKEND=cuda BENCH_RE_GPU_MB=1024 BENCH_REPS=5 VYRE_CACHE_DIR=/tmp/vc-b \
  timeout 120 stdbuf -oL build/bench/re_gpu_bench > "$OUT/re_bench_cuda.log" 2>&1; echo "exit $?"
grep -E "vyre gpu|last scan|FAIL|PASS|hyperscan|goal" "$OUT/re_bench_cuda.log" | cut -c1-300
wait $BUILD; say "3. test_re_gpu"
OCL_ICD_VENDORS="$PWD/$OUT/icd" VYRE_OCL_SELECT=gpu VYRE_REQUIRE_CUDA=1 VYRE_CACHE_DIR=/tmp/vc-re \
    timeout 150 stdbuf -oL build/cuda/test_re_gpu > "$OUT/re.log" 2>&1
echo "test_re_gpu exit $?"
grep -E "^note|FAIL|passed," "$OUT/re.log" | head -30
( cd "$OUT" && tar czf logs.tar.gz *.log )
say done
