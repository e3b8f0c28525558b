#!/usr/bin/env bash
# scripts/gpu_s7.sh - session 7's first GPU-machine call (issue 11: the GPU regex engine after run windows):
#   1. bench/re_gpu_bench on CUDA, 1 GiB of /usr/lib/x86_64-linux-gnu, with the per-pattern profile
#      (BENCH_RE_GPU_PROFILE=12), then the confirm chunk at 16384 and 4096 allowed starts per task,
#      then NVIDIA OpenCL (carry build/bench/re_gpu_bench: it links the static libhs.a built here);
#   2. test_re_gpu (CUDA and NVIDIA OpenCL, VYRE_REQUIRE_CUDA=1) and test_cuda, built there with gcc;
#   3. `vyre scan -v --backend=cuda` twice on a sample tree (cold, then warm kernel cache): the
#      kernels line from vyre_backend_kernel_info on CUDA.
# Logs in $OUT (default build/gpu-s7), also as one $OUT/logs.tar.gz.
set -u
OUT=${OUT:-build/gpu-s7}
mkdir -p "$OUT/icd" build/cuda && echo libnvidia-opencl.so.1 > "$OUT/icd/nvidia.icd"
export PATH=$PATH:/usr/local/cuda/bin
T0=$(date +%s); say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }
CF="-std=c99 -O2 -g -Wall -Wextra -Werror -pedantic -I. -Itests"
( gcc $CF tests/test_cuda.c -o build/cuda/test_cuda -lpthread -ldl -lm &
  gcc $CF tests/test_re_gpu.c -o build/cuda/test_re_gpu -lpthread -ldl -lm &
  make -s build/vyre > "$OUT/make.log" 2>&1; wait ) &
BUILD=$!
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem --format=csv,noheader
say "1. re_gpu_bench cuda (profile)"
BENCH_BACKEND=cuda BENCH_RE_GPU_MB=${MB:-1024} BENCH_REPS=3 BENCH_RE_GPU_PROFILE=12 VYRE_CACHE_DIR=/tmp/vc-b \
  timeout ${RE_T:-150} stdbuf -oL build/bench/re_gpu_bench > "$OUT/re_bench_cuda.log" 2>&1; echo "exit $?"
grep -v "^ *$" "$OUT/re_bench_cuda.log" | cut -c1-230 | head -45
for C in ${CHUNKS:-16384 4096}; do
  say "1b. chunk $C"
  BENCH_BACKEND=cuda BENCH_RE_GPU_MB=${MB:-1024} BENCH_REPS=3 BENCH_VERIFY_MB=4 BENCH_RE_GPU_CHUNK=$C VYRE_CACHE_DIR=/tmp/vc-b \
    timeout 60 stdbuf -oL build/bench/re_gpu_bench > "$OUT/re_bench_chunk$C.log" 2>&1; echo "exit $?"
  grep -E "vyre gpu|last scan|FAIL|PASS" "$OUT/re_bench_chunk$C.log" | cut -c1-230
done
say "1c. re_gpu_bench NVIDIA OpenCL"
OCL_ICD_VENDORS="$PWD/$OUT/icd" BENCH_BACKEND=opencl BENCH_RE_GPU_MB=${MB:-1024} BENCH_REPS=3 BENCH_VERIFY_MB=4 VYRE_CACHE_DIR=/tmp/vc-o \
  timeout 90 stdbuf -oL build/bench/re_gpu_bench > "$OUT/re_bench_ocl.log" 2>&1; echo "exit $?"
grep -E "backend|vyre gpu|last scan|FAIL|PASS" "$OUT/re_bench_ocl.log" | cut -c1-230
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
say "3. vyre scan -v --backend=cuda, cold then warm kernel cache"
rm -rf /tmp/vc-cli
for k in 1 2; do VYRE_CACHE_DIR=/tmp/vc-cli timeout 60 build/vyre scan -v -c --backend=cuda -e secret -e token tests 2>&1 | grep -iE "kernel|backend|error" | head -6; done
( cd "$OUT" && tar czf logs.tar.gz *.log )
say done
