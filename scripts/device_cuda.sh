#!/bin/sh
# scripts/device_cuda.sh - build and run the CUDA backend's tests (and optionally
# the sanitizers and the benchmark) on the GPU machine. Usage:
#   scripts/device_cuda.sh test        build + run tests/test_cuda.c with VYRE_REQUIRE_CUDA=1
#   scripts/device_cuda.sh sanitize    the same under compute-sanitizer memcheck and racecheck
#   scripts/device_cuda.sh bench       bench/cuda_perf (built here with Hyperscan: build/cuda/cuda_perf)
# Output logs go to $OUT (when set) as well as stdout.
set -u
MODE=${1:-test}
OUTDIR=${OUT:-/tmp/vyre-cuda-out}
mkdir -p "$OUTDIR" build/cuda
CC=${CC:-cc}
export PATH=$PATH:/usr/local/cuda/bin
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null
build_test() {
    $CC -std=c99 -O2 -g -Wall -Wextra -Werror -pedantic -I. -Itests tests/test_cuda.c -o build/cuda/test_cuda \
        -lpthread -ldl -lm || exit 2
}
case "$MODE" in
test)
    build_test
    VYRE_REQUIRE_CUDA=1 VYRE_CACHE_DIR=/tmp/vyre-cache ./build/cuda/test_cuda 2>&1 | tee "$OUTDIR/test_cuda.log"
    ;;
sanitize)
    build_test
    CS=$(command -v compute-sanitizer || echo /usr/local/cuda/bin/compute-sanitizer)
    for tool in memcheck racecheck; do
        echo "== compute-sanitizer --tool $tool"
        F=${VT_FILTER:-}
        [ "$tool" = racecheck ] && F=${RACE_FILTER:-$F}
        VYRE_UNDER_SANITIZER=1 VYRE_REQUIRE_CUDA=1 VYRE_CACHE_DIR=/tmp/vyre-cache VYRE_CUDA_CORPUS_MB=2 VT_FILTER=$F \
            $CS --tool $tool --error-exitcode 9 ./build/cuda/test_cuda > "$OUTDIR/sanitize_$tool.log" 2>&1
        echo "exit $?"
        grep -E "ERROR SUMMARY|RACECHECK SUMMARY|passed, " "$OUTDIR/sanitize_$tool.log" | tail -3
    done
    ;;
bench)
    shift
    VYRE_CACHE_DIR=/tmp/vyre-cache ./build/cuda/cuda_perf "$@" 2>&1 | tee "$OUTDIR/cuda_perf.log"
    ;;
esac
