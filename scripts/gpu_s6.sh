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
if [ "${SKIP_TESTS:-0}" != 1 ]; then   # step 1 is session 5's call, with per-scan confirm traces
    OUT=$OUT RE_T=${RE_T:-170} CU_T=${CU_T:-150} VYRE_RE_GPU_TRACE=1 bash scripts/gpu_s5.sh
    echo "slowest confirms:"; grep -o "trace .*confirm [0-9.]* ms" "$OUT/re.log" | awk '{print $(NF-1), $0}' | sort -rn | head -8 | cut -c1-170
fi
if [ "${SKIP_BENCH:-0}" != 1 ]; then
  OUT=$OUT/arch bash scripts/gpu_arch.sh bench 2>&1
fi
echo done
