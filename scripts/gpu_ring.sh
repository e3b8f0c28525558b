#!/bin/sh
# scripts/gpu_ring.sh - the persistent engine (issue 13) on the GPU machine:
#   scripts/gpu_ring.sh test       tests/test_engine.c with VYRE_REQUIRE_CUDA=1 (CUDA resident ring kernel:
#                                  differential vs vyre_scan, overflow rescans, idle exit + relaunch; also the
#                                  CPU, batched and OpenCL cases) and tests/test_ring.c
#   scripts/gpu_ring.sh sanitize   test_engine's CUDA case under compute-sanitizer memcheck, racecheck, synccheck
#   scripts/gpu_ring.sh bench      bench/engine_bench on CUDA (10,000 x 1 KiB gitleaks jobs, 4 producers:
#                                  engine vs batched vs per-launch, p50/p99 at 50% load), then on OpenCL
#   scripts/gpu_ring.sh all        all three (default)
# Logs go to $OUT (when set) as well as stdout. Exit status: non-zero if any step failed.
set -u
MODE=${1:-all}
OUTDIR=${OUT:-/tmp/vyre-ring-out}
mkdir -p "$OUTDIR" build/ring
CC=${CC:-cc}
export PATH=$PATH:/usr/local/cuda/bin
export VYRE_CACHE_DIR=${VYRE_CACHE_DIR:-/tmp/vyre-cache}
status=0
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | tee "$OUTDIR/gpu.txt"
build() {
    for t in test_engine test_ring; do
        $CC -std=c99 -O2 -g -Wall -Wextra -Werror -pedantic -I. -Itests tests/$t.c -o build/ring/$t -lpthread -ldl -lm || exit 2
    done
}
do_test() {
    build
    echo "== test_engine (VYRE_REQUIRE_CUDA=1)"
    VYRE_REQUIRE_CUDA=1 ./build/ring/test_engine > "$OUTDIR/test_engine.log" 2>&1 || status=1
    grep -E "FAIL|SKIPPED|passed, " "$OUTDIR/test_engine.log"
    echo "== test_ring"
    ./build/ring/test_ring > "$OUTDIR/test_ring.log" 2>&1 || status=1
    grep -E "FAIL|stress|passed, " "$OUTDIR/test_ring.log"
}
do_sanitize() {
    build
    CS=$(command -v compute-sanitizer || echo /usr/local/cuda/bin/compute-sanitizer)
    for tool in memcheck racecheck synccheck; do
        echo "== compute-sanitizer --tool $tool (t_cuda_persistent)"
        VT_FILTER=t_cuda_persistent VT_ENGINE_JOBS=200 VYRE_REQUIRE_CUDA=1 \
            timeout 900 "$CS" --tool "$tool" --error-exitcode 9 ./build/ring/test_engine > "$OUTDIR/sanitize_$tool.log" 2>&1
        rc=$?
        echo "exit $rc"
        [ $rc -eq 0 ] || status=1
        grep -E "ERROR SUMMARY|RACECHECK SUMMARY|passed, " "$OUTDIR/sanitize_$tool.log" | tail -3
    done
}
do_bench() {
    make -s build/bench/engine_bench || exit 2
    echo "== engine_bench cuda"
    BENCH_ENGINE_BACKEND=cuda ./build/bench/engine_bench 2>&1 | tee "$OUTDIR/engine_bench_cuda.log"
    [ "$(tail -1 "$OUTDIR/engine_bench_cuda.log" | grep -c MISMATCH)" -eq 0 ] || status=1
    echo "== engine_bench opencl (batched path)"
    BENCH_ENGINE_BACKEND=opencl BENCH_REPS=3 ./build/bench/engine_bench 2>&1 | tee "$OUTDIR/engine_bench_opencl.log"
}
case "$MODE" in
test) do_test ;;
sanitize) do_sanitize ;;
bench) do_bench ;;
all) do_test; do_sanitize; do_bench ;;
*) echo "usage: $0 test|sanitize|bench|all"; exit 2 ;;
esac
exit $status
