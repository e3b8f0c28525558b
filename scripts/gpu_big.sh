#!/usr/bin/env bash
# scripts/gpu_big.sh - issue 15 on the GPU machine: the BIG form (large literal
# sets, docs/large-sets.md) on CUDA and NVIDIA OpenCL (kernels.inc >>kernels-big).
#
# Run from the repo root on the device, carrying .tools (Hyperscan's headers and
# static libhs.a from the dev machine: .tools/hs/include, .tools/hs/libhs.a):
#     bash scripts/gpu_big.sh            # everything, about 2-3 minutes
#     bash scripts/gpu_big.sh tests      # tests only
#     bash scripts/gpu_big.sh bench      # resident bench only
# Steps:
#   1. NVRTC compiles kernels.inc for sm_90 (scripts/nvrtc_check.c)
#   2. tests/test_big with VYRE_REQUIRE_CUDA=1 VYRE_REQUIRE_OPENCL=1 on NVIDIA OpenCL:
#      every BIG case vs Hyperscan on the CPU backend, CUDA and OpenCL (10^3..10^5
#      literals, caseless and not), t_big_gpu_modes (count, presence, regions,
#      match-buffer regrow, match session vs the CPU backend)
#   3. tests/test_cuda and tests/test_ocl (NVIDIA), VT_FILTER=t_big_programs: the BIG
#      programs by borrowed dispatch vs the CPU backend and the naive reference
#   4. bench/big_bench BENCH_BIG_GPU=cuda on 1 GiB of real files: resident count
#      (device GB/s, median of 5) of 10^6 and 10^5 IOC-like literals and rand10k (BIG
#      and DFA forms), the matches program once, counts checked against the CPU
#      backend on 16 cores (MISMATCH = failure)
# Expected: "test_big exit 0" with "N passed, 0 failed" and no "SKIPPED: CUDA/OpenCL",
# "t_big_programs ... 1 passed, 0 failed" twice, four "gpu ... resident count" lines
# ending "(==)", and "gpu_big: PASS". Logs in $OUT (default build/gpu-big).
set -u
OUT=${OUT:-build/gpu-big}
step=${1:-all}
mkdir -p "$OUT" build/gpu-big/icd
echo "libnvidia-opencl.so.1" > build/gpu-big/icd/nvidia.icd
export OCL_ICD_VENDORS="$PWD/build/gpu-big/icd" VYRE_CACHE_DIR=/tmp/vyre-cache-big PATH=$PATH:/usr/local/cuda/bin
T0=$(date +%s); say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }
fail=0
HSI="-I.tools/hs/include"; HSL=".tools/hs/libhs.a -lstdc++"
[ -f .tools/hs/libhs.a ] || { HSI=""; HSL="-lhs"; echo "note: no .tools/hs (carry .tools); trying the system's -lhs"; }
CF="-std=c99 -O2 -g -Wall -Wextra -Werror -pedantic -I. -Itests"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader

build() {
    say "build (make -j16 of the four binaries)"
    cat > build/gpu-big/Makefile <<EOF
all: build/gpu-big/test_big build/gpu-big/test_cuda build/gpu-big/test_ocl build/gpu-big/nvrtc_check build/gpu-big/big_bench
build/gpu-big/test_big: tests/test_big.c vyre.h vyre_cuda.h vyre_ocl.h kernels.inc
	gcc $CF $HSI tests/test_big.c -o \$@ $HSL -lpthread -ldl -lm
build/gpu-big/test_cuda: tests/test_cuda.c vyre.h vyre_cuda.h kernels.inc tests/backend_conformance.h
	gcc $CF tests/test_cuda.c -o \$@ -lpthread -ldl -lm
build/gpu-big/test_ocl: tests/test_ocl.c vyre.h vyre_ocl.h kernels.inc tests/backend_conformance.h
	gcc $CF tests/test_ocl.c -o \$@ -lpthread -ldl -lm
build/gpu-big/nvrtc_check: scripts/nvrtc_check.c kernels.inc
	gcc -std=c99 -Wall -I. scripts/nvrtc_check.c -o \$@ -ldl
build/gpu-big/big_bench: bench/big_bench.c bench/bench_corpus.c bench/bench_hs.c bench/bench_impl.c
	gcc -std=c99 -O2 -g -I. -Ibench $HSI -DVYRE_BENCH_COMMIT='"$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"' bench/big_bench.c bench/bench_corpus.c bench/bench_hs.c bench/bench_impl.c -o \$@ $HSL -lpthread -ldl -lm
EOF
    make -s -j16 -f build/gpu-big/Makefile > "$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log"; echo "gpu_big: BUILD FAILED"; exit 2; }
}

tests() {
    say "1. NVRTC sm_90"
    LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}:/usr/local/cuda/lib64 build/gpu-big/nvrtc_check 90 > "$OUT/nvrtc.log" 2>&1 || fail=1
    tail -1 "$OUT/nvrtc.log"
    say "2. test_big (CPU, CUDA, NVIDIA OpenCL vs Hyperscan)"
    VYRE_REQUIRE_CUDA=1 VYRE_REQUIRE_OPENCL=1 VYRE_OCL_SELECT=gpu timeout 150 build/gpu-big/test_big > "$OUT/test_big.log" 2>&1
    rc=$?; echo "test_big exit $rc"; [ $rc = 0 ] || fail=1
    grep -E "SKIPPED|FAIL|note \[t_big_gpu|passed," "$OUT/test_big.log" | tail -15
    say "3. t_big_programs on CUDA and NVIDIA OpenCL"
    VYRE_REQUIRE_CUDA=1 VT_FILTER=t_big_programs timeout 60 build/gpu-big/test_cuda > "$OUT/test_cuda_big.log" 2>&1
    rc=$?; echo "test_cuda t_big_programs exit $rc: $(grep -E 'note|passed,' "$OUT/test_cuda_big.log" | tr '\n' ' ')"; [ $rc = 0 ] || fail=1
    VYRE_REQUIRE_OPENCL=1 VYRE_OCL_SELECT=gpu VT_FILTER=t_big_programs timeout 60 build/gpu-big/test_ocl > "$OUT/test_ocl_big.log" 2>&1
    rc=$?; echo "test_ocl t_big_programs exit $rc: $(grep -E 'note|passed,' "$OUT/test_ocl_big.log" | tr '\n' ' ')"; [ $rc = 0 ] || fail=1
}

bench() {
    say "4. resident scan on CUDA, 1 GiB of real files"
    BENCH_BIG_CORPUS=${BENCH_BIG_CORPUS:-1G} BENCH_BIG_COMPILE=0 BENCH_BIG_RATIO=0 BENCH_BIG_GPU=cuda BENCH_GPU_REPS=5 \
        timeout 150 build/gpu-big/big_bench > "$OUT/big_bench.log" 2>&1
    rc=$?; cat "$OUT/big_bench.log"; echo "big_bench exit $rc"; [ $rc = 0 ] || fail=1
}

build
case $step in
    tests) tests ;;
    bench) bench ;;
    *) tests; bench ;;
esac
say "done"
[ $fail = 0 ] && echo "gpu_big: PASS" || echo "gpu_big: FAIL"
exit $fail
