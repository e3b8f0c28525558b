#!/usr/bin/env bash
# scripts/gpu_large.sh - superseded by scripts/gpu_big.sh (the BIG form now has GPU
# kernels, kernels.inc >>kernels-big); kept so older notes that name it still run.
exec bash "$(dirname "$0")/gpu_big.sh" "$@"
