#!/usr/bin/env bash
# scripts/gpu_s9d.sh - session 9, after the ring scan's candidate queue: scripts/gpu_engine.sh (build,
# test_engine with VYRE_REQUIRE_CUDA=1, memcheck, the bench with latency at 10% and 50% load), then
# scripts/gpu_s9c.sh (latency by job size and candidate load).
set -u
status=0
env BENCH_LAT_LOADS=0.1,0.5 bash scripts/gpu_engine.sh || status=1
bash scripts/gpu_s9c.sh || status=1
echo "status $status"
exit $status
