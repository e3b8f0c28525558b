#!/usr/bin/env bash
# scripts/gpu_s9e.sh - session 9, the final check on the GPU machine: scripts/gpu_engine.sh (build,
# test_engine with VYRE_REQUIRE_CUDA=1, memcheck, the bench with latency at 10% and 50% load),
# then test_cuda with VYRE_REQUIRE_CUDA=1 (the literal kernels share kernels.inc's filter helpers
# with the ring kernel).
set -u
LOG=${OUT:-build/s9e}
mkdir -p "$LOG"
status=0
env BENCH_LAT_LOADS=0.1,0.5 bash scripts/gpu_engine.sh || status=1
echo "=== test_cuda, VYRE_REQUIRE_CUDA=1"
make -s -j16 build/tests/test_cuda > "$LOG/build_cuda.log" 2>&1 || { tail -20 "$LOG/build_cuda.log"; status=1; }
VYRE_REQUIRE_CUDA=1 timeout 240 ./build/tests/test_cuda > "$LOG/test_cuda.log" 2>&1 || status=1
grep -E '^FAIL|passed, ' "$LOG/test_cuda.log" | tail -8
echo "status $status"
exit $status
