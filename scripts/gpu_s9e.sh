#!/usr/bin/env bash
# scripts/gpu_s9e.sh - session 9, the final check on the GPU machine: scripts/gpu_s9.sh without the
# sweeps (build, test_engine with VYRE_REQUIRE_CUDA=1, memcheck, the bench with latency at 10% and
# 50% load, then test_cuda with VYRE_REQUIRE_CUDA=1).
exec env S9_SWEEPS=0 S9_TEST_CUDA=1 bash scripts/gpu_s9.sh
