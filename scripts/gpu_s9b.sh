#!/usr/bin/env bash
# scripts/gpu_s9b.sh - session 9, second GPU call (issue 13): scripts/gpu_engine.sh (build, test_engine
# with VYRE_REQUIRE_CUDA=1, memcheck, the bench with the submit_many lines and latency at 10% and
# 50% load), then the bench with 64 jobs a submit_many call and with 8 producers.
set -u
LOG=${OUT:-build/s9b}
mkdir -p "$LOG"
status=0
env BENCH_LAT_LOADS=0.1,0.5 bash scripts/gpu_engine.sh || status=1
for cfg in "BENCH_ENGINE_BATCH=64" "BENCH_ENGINE_PRODUCERS=8" "BENCH_ENGINE_PRODUCERS=2"; do
  echo "=== engine_bench, $cfg"
  env BENCH_ENGINE_BACKEND=cuda BENCH_REPS=3 BENCH_NULL_THREADS=4 BENCH_LAT_LOADS=0.5 $cfg timeout 90 \
    ./build/bench/engine_bench > "$LOG/engine_bench_${cfg#BENCH_ENGINE_}.log" 2>&1 || status=1
  grep -E 'resident|host ceiling|latency at|MISMATCH' "$LOG/engine_bench_${cfg#BENCH_ENGINE_}.log"
done
echo "status $status"
exit $status
