#!/usr/bin/env bash
# scripts/gpu_s5.sh - session 5's one GPU-machine call (about 4 minutes of device time were left):
#   1. test_cuda with VYRE_REQUIRE_CUDA=1 (vyre_cuda.h's sequence / repeated-sequence end now shared:
#      vyre__cu_batch_end), in the background;
#   2. test_re_gpu on CUDA and NVIDIA OpenCL: the regex confirm kernel's label mode (kernels-nfa) -
#      t_random's second case did not finish in 100 s in session 4 with the binary-search start finder;
#      every case prints, so a timeout still says how far it got.
# Logs in $OUT (default build/gpu-s5). No carry needed (gcc builds here; no Hyperscan used).
set -u
OUT=${OUT:-build/gpu-s5}
mkdir -p "$OUT/icd" build/cuda && echo libnvidia-opencl.so.1 > "$OUT/icd/nvidia.icd"
T0=$(date +%s); say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }
CF="-std=c99 -O2 -g -Wall -Wextra -Werror -pedantic -I. -Itests"
gcc $CF tests/test_cuda.c -o build/cuda/test_cuda -lpthread -ldl -lm &
gcc $CF tests/test_re_gpu.c -o build/cuda/test_re_gpu -lpthread -ldl -lm
wait
say "built"
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
( VYRE_REQUIRE_CUDA=1 VYRE_CACHE_DIR=/tmp/vc-cu timeout ${CU_T:-140} stdbuf -oL build/cuda/test_cuda > "$OUT/test_cuda.log" 2>&1
  echo "test_cuda exit $?" >> "$OUT/test_cuda.log" ) &
OCL_ICD_VENDORS="$PWD/$OUT/icd" VYRE_OCL_SELECT=gpu VYRE_REQUIRE_CUDA=1 VYRE_CACHE_DIR=/tmp/vc-re VT_VERBOSE=1 \
    timeout ${RE_T:-140} stdbuf -oL build/cuda/test_re_gpu > "$OUT/re.log" 2>&1
echo "[$(( $(date +%s) - T0 ))s] test_re_gpu exit $? | $(grep -c '^random ' "$OUT/re.log") random cases started"
grep -E "^note|FAIL|passed," "$OUT/re.log" | grep -v "^  compile" | head -30
grep '^random ' "$OUT/re.log" | tail -1
wait
say "test_cuda:"; grep -E "FAIL|passed,|exit" "$OUT/test_cuda.log" | head -20
say done
