#!/usr/bin/env bash
# scripts/gpu_s8d.sh - session 8: scripts/gpu_s8c.sh again after the end-finder skip change (the host
# finish of rules 163, 40, 41), logs in build/gpu-s8d. Carry what gpu_s8c.sh says.
OUT=${OUT:-build/gpu-s8d} exec bash "$(dirname "$0")/gpu_s8c.sh" "$@"
