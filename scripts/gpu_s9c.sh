#!/usr/bin/env bash
# scripts/gpu_s9c.sh - session 9, where the engine's 20 us at low load go (issue 13): latency at 10%
# and 50% load for 16-byte, 1 KiB and 4 KiB jobs (staging + scan grow with the bytes, the protocol
# does not), and 1 KiB jobs against one literal that never matches (no candidates: no bucket
# walks), 1 and 4 producers. Assumes build/bench/engine_bench is built (make -j16 builds it).
set -u
export VYRE_CACHE_DIR=${VYRE_CACHE_DIR:-/tmp/vyre-cache}
LOG=${OUT:-build/s9c}
mkdir -p "$LOG"
make -s -j16 build/bench/engine_bench > "$LOG/build.log" 2>&1 || { tail -20 "$LOG/build.log"; exit 2; }
printf 'qzjxvqkwzpqzjx\n' > "$LOG/never.txt"
run() {
  echo "=== $*"
  env BENCH_ENGINE_BACKEND=cuda BENCH_REPS=1 BENCH_LAT_REPS=2 BENCH_LAT_LOADS=0.1,0.5 "$@" timeout 60 ./build/bench/engine_bench 2>&1 \
    | grep -E '^  resident |latency at|MISMATCH'
}
run BENCH_ENGINE_JOB_BYTES=16
run BENCH_ENGINE_JOB_BYTES=1024
run BENCH_ENGINE_JOB_BYTES=4096
run BENCH_ENGINE_JOB_BYTES=1024 VYRE_BENCH_KEYWORDS="$LOG/never.txt"
run BENCH_ENGINE_JOB_BYTES=16 BENCH_ENGINE_PRODUCERS=1
run BENCH_ENGINE_JOB_BYTES=1024 BENCH_ENGINE_PRODUCERS=1
