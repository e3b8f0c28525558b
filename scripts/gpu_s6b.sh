#!/usr/bin/env bash
# scripts/gpu_s6b.sh - session 6's second GPU-machine call, every step time-boxed:
#   1. issue 9: the one REGRESSION of the first call (presence/cuda/gitleaks-ci/64MiB, +18%), run
#      again on its own, HEAD first (ORDER=reverse), 10 repetitions (carry build/bench/kit and
#      build/bench/kit-before from `bash scripts/gpu_arch.sh prepare`);
#   2. bench/cuda_perf: the resident gitleaks count (was 688.9 GB/s in session 4, 785-795 before;
#      the register fix of session 5 is not measured yet) (carry build/cuda/cuda_perf);
#   3. bench/re_gpu_bench: the 221 gitleaks regexes on the GPU, >= 1 GiB (issue 11 goals) now that
#      label mode finished t_random (carry build/bench/re_gpu_bench);
#   4. scripts/bench_ingest.sh REPS=3 (issue 10 table; carry .tools/rg).
# Logs in $OUT (default build/gpu-s6b).
set -u
OUT=${OUT:-build/gpu-s6b}
mkdir -p "$OUT/icd" && echo libnvidia-opencl.so.1 > "$OUT/icd/nvidia.icd"
export OCL_ICD_VENDORS="$PWD/$OUT/icd" PATH=$PATH:/usr/local/cuda/bin VYRE_CACHE_DIR=/tmp/vyre-cache-s6b
T0=$(date +%s); say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem --format=csv,noheader
( make -s -j8 build/vyre > "$OUT/make.log" 2>&1 ) &
say "1. presence rerun"
ORDER=reverse BENCH_REPS=10 BENCH_BACKENDS=cuda BENCH_PATTERNS=gitleaks-ci BENCH_WORKLOADS=presence,scan \
  BENCH_SIZES=16M,256M BENCH_GT_CUSTOM=40 OUT=$OUT/arch timeout 120 bash scripts/gpu_arch.sh bench 2>&1 | grep -v "^\[" | cut -c1-140
say "2. cuda_perf"
timeout ${CP_T:-130} build/cuda/cuda_perf --reps 5 > "$OUT/cuda_perf.log" 2>&1; echo "cuda_perf exit $?"
grep -v "^ *$" "$OUT/cuda_perf.log" | head -60
say "3. re_gpu_bench cuda"
BENCH_BACKEND=cuda BENCH_RE_GPU_MB=1024 BENCH_REPS=3 timeout ${RE_T:-130} build/bench/re_gpu_bench > "$OUT/re_bench_cuda.log" 2>&1; echo "re_gpu_bench exit $?"
cat "$OUT/re_bench_cuda.log" | head -50
wait
say "4. ingest"
VYRE_BENCH_COMMIT=${VYRE_BENCH_COMMIT:-} REPS=3 MM=0 OUT=$OUT/ingest timeout ${IN_T:-170} bash scripts/bench_ingest.sh .tools/rg build/vyre > "$OUT/bench_ingest.log" 2>&1
echo "bench_ingest exit $?"; grep -E '^\||^#|ratio|goal' "$OUT/bench_ingest.log" | head -30
say done
