#!/usr/bin/env bash
# scripts/gpu_s9.sh - session 9 on the GPU machine (issue 13): the engine after the ring-kernel
# rework (shared-memory filter of set 0, one publication per item, claims of one item, grid from
# vyre_engine_desc.workers) and the sharded free lists. Runs scripts/gpu_engine.sh (build,
# test_engine with VYRE_REQUIRE_CUDA=1, memcheck, the bench with latency at 10% and 50% load),
# then the bench at 1 and 4 scanner blocks per SM, then test_cuda (the literal kernels share the
# filter helpers with the ring now). S9_SWEEPS=0 skips the worker and producer sweeps,
# S9_TEST_CUDA=0 skips test_cuda. Usage (repo root): bash scripts/gpu_s9.sh
set -u
LOG=${OUT:-build/s9}
mkdir -p "$LOG"
status=0
SMS=${SMS:-132}   # the H200's SMs (nvidia-smi has no query field for it)
env BENCH_LAT_LOADS=0.1,0.5 bash scripts/gpu_engine.sh || status=1
if [ "${S9_SWEEPS:-1}" = 1 ]; then
for W in $((SMS * 4 - 1)) $((SMS * 16 - 1)); do
  echo "=== engine_bench, BENCH_ENGINE_WORKERS=$W (scanner warps)"
  env BENCH_ENGINE_BACKEND=cuda BENCH_REPS=3 BENCH_NULL_THREADS=4 BENCH_ENGINE_WORKERS=$W BENCH_LAT_LOADS=0.5 timeout 90 \
    ./build/bench/engine_bench > "$LOG/engine_bench_w$W.log" 2>&1 || status=1
  grep -E 'resident|host ceiling|latency at|MISMATCH' "$LOG/engine_bench_w$W.log"
done
echo "=== engine_bench, 8 producers"
env BENCH_ENGINE_BACKEND=cuda BENCH_REPS=3 BENCH_NULL_THREADS=4 BENCH_ENGINE_PRODUCERS=8 BENCH_LAT_LOADS=0.5 timeout 90 \
  ./build/bench/engine_bench > "$LOG/engine_bench_p8.log" 2>&1 || status=1
grep -E 'resident|host ceiling|latency at|MISMATCH' "$LOG/engine_bench_p8.log"
fi
if [ "${S9_TEST_CUDA:-1}" = 1 ]; then
  echo "=== test_cuda, VYRE_REQUIRE_CUDA=1"
  make -s -j16 build/tests/test_cuda > "$LOG/build_cuda.log" 2>&1 || { tail -20 "$LOG/build_cuda.log"; status=1; }
  VYRE_REQUIRE_CUDA=1 timeout 240 ./build/tests/test_cuda > "$LOG/test_cuda.log" 2>&1 || status=1
  grep -E '^FAIL|passed, ' "$LOG/test_cuda.log" | tail -8
fi
echo "status $status"
exit $status
