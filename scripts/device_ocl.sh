#!/usr/bin/env bash
# scripts/device_ocl.sh - the OpenCL backend on the GPU machine (issue 4):
#   1. registers NVIDIA's OpenCL driver with the ICD loader through OCL_ICD_VENDORS
#      (the driver is installed there but has no .icd file),
#   2. builds tests/test_ocl.c and bench/ocl_perf.c with the machine's gcc,
#   3. runs the OpenCL tests on the GPU with VYRE_REQUIRE_OPENCL=1,
#   4. measures OpenCL next to CUDA (and the CPU backend) on >= 1 GiB of real bytes
#      with the gitleaks keywords (caseless) and a 10,000-literal set.
# Output goes to $OUT (the run tool's folder) or build/ocl-device/out.
# Usage (from the repo root): VYRE_COMMIT=$(git rev-parse --short=12 HEAD) bash scripts/device_ocl.sh
# Env: OCL_PERF_BYTES (default 1G), OCL_PERF_REPS (default 5), OCL_TEST_CORPUS_MB (default 64).
set -u
B=build/ocl-device
OUT=${OUT:-$B/out}
mkdir -p "$B" "$OUT" "$B/icd"
COMMIT=${VYRE_COMMIT:-$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)}

# 1. the ICD registration: a one-line .icd naming the vendor library
echo "libnvidia-opencl.so.1" > "$B/icd/nvidia.icd"
export OCL_ICD_VENDORS="$PWD/$B/icd"

{
  echo "commit: $COMMIT"
  date -u
  nvidia-smi -L 2>&1
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv 2>&1
  gcc --version | head -1
  nproc
  ls -l /usr/lib/x86_64-linux-gnu/libnvidia-opencl.so.1 /usr/lib/x86_64-linux-gnu/libOpenCL.so.1 2>&1
} > "$OUT/machine.txt"
cat "$OUT/machine.txt"

# 2. build
CF="-std=c99 -O2 -g -Wall -Wextra -Werror -pedantic -I. -Itests -Ibench"
set -x
gcc $CF tests/test_ocl.c -o "$B/test_ocl" -lpthread -ldl -lm 2> "$OUT/build_test.txt" || { cat "$OUT/build_test.txt"; exit 1; }
gcc $CF -DVYRE_BENCH_COMMIT="\"$COMMIT\"" bench/ocl_perf.c bench/bench_corpus.c -o "$B/ocl_perf" \
    -lpthread -ldl -lm 2> "$OUT/build_perf.txt" || { cat "$OUT/build_perf.txt"; exit 1; }
set +x

# 3. parity tests on the GPU (a missing platform is a failure here)
VYRE_REQUIRE_OPENCL=1 VYRE_OCL_SELECT=gpu VYRE_OCL_CORPUS_MB=${OCL_TEST_CORPUS_MB:-64} VT_VERBOSE=1 \
  VYRE_CACHE_DIR="$PWD/$B/cache" timeout 100 "$B/test_ocl" > "$OUT/test_ocl.txt" 2>&1
echo "test_ocl exit status: $?" | tee -a "$OUT/test_ocl.txt"
grep -v '^child:' "$OUT/test_ocl.txt" | tail -40

# 4. throughput: OpenCL next to CUDA on the same bytes
VYRE_CACHE_DIR="$PWD/$B/cache" timeout 150 "$B/ocl_perf" --bytes=${OCL_PERF_BYTES:-1G} --reps=${OCL_PERF_REPS:-5} \
  > "$OUT/ocl_perf.txt" 2>&1
echo "ocl_perf exit status: $?" | tee -a "$OUT/ocl_perf.txt"
cat "$OUT/ocl_perf.txt"
