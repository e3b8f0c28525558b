#!/usr/bin/env bash
# scripts/gpu_s6.sh - session 6's first GPU-machine call:
#   1. test_re_gpu on CUDA and NVIDIA OpenCL (the regex confirm kernel's label mode, kernels-nfa,
#      after session 5's restart-guard fix: does t_random now finish, and how long does each case
#      take?), with test_cuda (VYRE_REQUIRE_CUDA=1) beside it;
#   2. issue 9's before/after benchmark (scripts/gpu_arch.sh bench: carry build/bench/kit and
#      build/bench/kit-before, made here by `bash scripts/gpu_arch.sh prepare`).
# Logs in $OUT (default build/gpu-s6).
set -u
OUT=${OUT:-build/gpu-s6}
mkdir -p "$OUT/icd" build/cuda && echo libnvidia-opencl.so.1 > "$OUT/icd/nvidia.icd"
T0=$(date +%s); say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }
CF="-std=c99 -O2 -g -Wall -Wextra -Werror -pedantic -I. -Itests"
gcc $CF tests/test_cuda.c -o build/cuda/test_cuda -lpthread -ldl -lm &
gcc $CF tests/test_re_gpu.c -o build/cuda/test_re_gpu -lpthread -ldl -lm
wait
say "built"
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem --format=csv,noheader
if [ "${SKIP_TESTS:-0}" != 1 ]; then
( VYRE_REQUIRE_CUDA=1 VYRE_CACHE_DIR=/tmp/vc-cu timeout ${CU_T:-150} stdbuf -oL build/cuda/test_cuda > "$OUT/test_cuda.log" 2>&1
  echo "test_cuda exit $?" >> "$OUT/test_cuda.log" ) &
OCL_ICD_VENDORS="$PWD/$OUT/icd" VYRE_OCL_SELECT=gpu VYRE_REQUIRE_CUDA=1 VYRE_CACHE_DIR=/tmp/vc-re VT_VERBOSE=1 VYRE_RE_GPU_TRACE=1 \
    timeout ${RE_T:-170} stdbuf -oL build/cuda/test_re_gpu > "$OUT/re.log" 2>&1
echo "[$(( $(date +%s) - T0 ))s] test_re_gpu exit $? | $(grep -c '^random ' "$OUT/re.log") random cases started"
grep -E "^note|FAIL|passed," "$OUT/re.log" | grep -v "^  compile" | head -30
echo "slowest confirms:"; grep -o "trace .*confirm [0-9.]* ms" "$OUT/re.log" | sort -t' ' -k2 | awk '{print $(NF-1), $0}' | sort -rn | head -8 | cut -c1-170
grep '^random ' "$OUT/re.log" | tail -2
wait
say "test_cuda:"; grep -E "FAIL|passed,|exit" "$OUT/test_cuda.log" | head -20
fi
if [ "${SKIP_BENCH:-0}" != 1 ]; then
  OUT=$OUT/arch bash scripts/gpu_arch.sh bench 2>&1
fi
say done
