#!/usr/bin/env bash
# scripts/gpu_s8.sh - session 8's GPU-machine call (issue 11: the GPU regex engine after the flagged
# patterns moved to the host finish, step 3b of vyre__re_gpu_scan):
#   1. bench/re_gpu_bench on CUDA, 1 GiB of /usr/lib/x86_64-linux-gnu: a per-256-MiB slice trace
#      (BENCH_RE_GPU_SLICES: confirm passes, flagged patterns), the three timed rows, the per-pattern
#      profile; then NVIDIA OpenCL
#      (carry build/bench/re_gpu_bench: it links the static libhs.a built here);
#   2. test_re_gpu (CUDA and NVIDIA OpenCL, VYRE_REQUIRE_CUDA=1) and test_cuda, built there with gcc;
#   3. compute-sanitizer (memcheck) over test_re_gpu's t_carry on CUDA.
# Logs in $OUT (default build/gpu-s8), also as one $OUT/logs.tar.gz.
set -u
OUT=${OUT:-build/gpu-s8}
mkdir -p "$OUT/icd" build/cuda && echo libnvidia-opencl.so.1 > "$OUT/icd/nvidia.icd"
export PATH=$PATH:/usr/local/cuda/bin
T0=$(date +%s); say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }
CF="-std=c99 -O2 -g -Wall -Wextra -Werror -pedantic -I. -Itests"
( gcc $CF tests/test_cuda.c -o build/cuda/test_cuda -lpthread -ldl -lm &
  gcc $CF tests/test_re_gpu.c -o build/cuda/test_re_gpu -lpthread -ldl -lm &
  wait ) &
BUILD=$!
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem --format=csv,noheader
say "1. re_gpu_bench cuda (slices, rows, profile)"
BENCH_BACKEND=cuda BENCH_RE_GPU_MB=${MB:-1024} BENCH_REPS=3 BENCH_RE_GPU_SLICES=256 BENCH_RE_GPU_PROFILE=12 VYRE_CACHE_DIR=/tmp/vc-b \
  timeout ${RE_T:-200} stdbuf -oL build/bench/re_gpu_bench > "$OUT/re_bench_cuda.log" 2>&1; echo "exit $?"
grep -v "^ *$" "$OUT/re_bench_cuda.log" | cut -c1-260 | head -50
say "1c. re_gpu_bench NVIDIA OpenCL"
OCL_ICD_VENDORS="$PWD/$OUT/icd" BENCH_BACKEND=opencl BENCH_RE_GPU_MB=${MB:-1024} BENCH_REPS=3 BENCH_VERIFY_MB=4 VYRE_CACHE_DIR=/tmp/vc-o \
  timeout 80 stdbuf -oL build/bench/re_gpu_bench > "$OUT/re_bench_ocl.log" 2>&1; echo "exit $?"
grep -E "backend|vyre gpu|last scan|FAIL|PASS|hyperscan" "$OUT/re_bench_ocl.log" | cut -c1-260
wait $BUILD; say "built"
say "2. tests"
( VYRE_REQUIRE_CUDA=1 VYRE_CACHE_DIR=/tmp/vc-cu timeout ${CU_T:-150} stdbuf -oL build/cuda/test_cuda > "$OUT/test_cuda.log" 2>&1
  echo "test_cuda exit $?" >> "$OUT/test_cuda.log" ) &
OCL_ICD_VENDORS="$PWD/$OUT/icd" VYRE_OCL_SELECT=gpu VYRE_REQUIRE_CUDA=1 VYRE_CACHE_DIR=/tmp/vc-re VT_VERBOSE=1 \
    timeout ${RETEST_T:-150} stdbuf -oL build/cuda/test_re_gpu > "$OUT/re.log" 2>&1
echo "test_re_gpu exit $?"
grep -E "^note|FAIL|passed," "$OUT/re.log" | grep -v "^  compile" | head -30
wait
grep -E "FAIL|passed,|exit" "$OUT/test_cuda.log" | head -20
say "3. compute-sanitizer test_re_gpu t_carry (CUDA; OpenCL off)"
for F in t_carry; do
  OCL_ICD_VENDORS=/nonexistent VYRE_REQUIRE_CUDA=1 VYRE_CACHE_DIR=/tmp/vc-re VT_FILTER=$F timeout ${SAN_T:-100} \
    compute-sanitizer --tool memcheck --error-exitcode 3 build/cuda/test_re_gpu > "$OUT/sanitizer_$F.log" 2>&1
  echo "sanitizer $F exit $?"; grep -E "ERROR SUMMARY|passed,|FAIL" "$OUT/sanitizer_$F.log" | head -5
done
( cd "$OUT" && tar czf logs.tar.gz *.log )
say done
