#!/bin/sh
# scripts/device_all.sh - the whole GPU-machine evidence in one call (used for docs/PERF.md):
# CUDA tests, CUDA perf (cuda_perf), OpenCL tests + perf on NVIDIA's driver, the Google
# Benchmark harness (baseline JSON + plot), then compute-sanitizer. Each step's results
# are packed into $OUT/results.tgz as soon as it ends, so a time-out loses only the rest.
# Build first on the developer machine (Hyperscan is linked statically there):
#   gcc -std=c99 -O2 -g -Wall -Wextra -Werror -pedantic -I. -Itests tests/test_cuda.c -o build/cuda/test_cuda -lpthread -ldl -lm
#   cc -std=c99 -O2 -I. -Ibench -DVYRE_BENCH_COMMIT="\"$(git rev-parse --short HEAD)\"" bench/cuda_perf.c \
#      bench/bench_corpus.c bench/bench_hs.c -o build/cuda/cuda_perf /usr/lib/x86_64-linux-gnu/libhs.a -lstdc++ -lpthread -ldl -lm
#   make bench-kit
# then run it there with build/cuda and build/bench/kit carried.
set -u
R=/tmp/vyre-all
FINAL=${OUT:-build/device-all}
mkdir -p $R/cuda $R/ocl $R/bench "$FINAL"
pack() { tar czf "$FINAL/results.tgz" -C $R . ; }
echo "== cuda tests";    OUT=$R/cuda sh scripts/device_cuda.sh test 2>&1 | grep -E "FAIL|passed" | tail -5; pack
echo "== cuda perf";     OUT=$R/cuda sh scripts/device_cuda.sh bench 2>&1 | tail -32; pack
echo "== opencl";        OUT=$R/ocl OCL_PERF_REPS=${OCL_PERF_REPS:-3} VYRE_COMMIT=${VYRE_COMMIT:-unknown} bash scripts/device_ocl.sh 2>&1 | tail -25; pack
echo "== bench harness"; OUT=$R/bench sh scripts/device_bench.sh 2>&1 | tail -12; pack
echo "== sanitizers";    OUT=$R/cuda sh scripts/device_cuda.sh sanitize 2>&1 | tail -8; pack
