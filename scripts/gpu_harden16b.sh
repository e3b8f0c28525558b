#!/usr/bin/env bash
# scripts/gpu_harden16b.sh - issue 16 (repeated sequences, seed 004) on the GPU machine:
# builds test_cuda and test_ocl, runs the repeated-sequence cases and the sequence
# validation case on CUDA (VYRE_REQUIRE_CUDA=1: native entry, one synchronisation) and
# on NVIDIA's OpenCL (the default built from single dispatches). Under 3 minutes.
# Expected: every line "1 passed, 0 failed, 0 skipped", then "ALL OK".
set -u
OUT=${OUT:-build/gpu-harden16b}
mkdir -p "$OUT/icd" && echo libnvidia-opencl.so.1 > "$OUT/icd/nvidia.icd"
make -j16 build/tests/test_cuda build/tests/test_ocl >"$OUT/build.log" 2>&1 || { tail -20 "$OUT/build.log"; echo FAILED build; exit 1; }
fail=0
for c in t_repeat_default_mock t_repeat_sequences t_seq_validate_first t_many_and_sequence; do
    r=$(VYRE_REQUIRE_CUDA=1 VT_FILTER=$c timeout 60 ./build/tests/test_cuda 2>&1 | tee -a "$OUT/cuda.log" | tail -1)
    echo "cuda   $c: $r"; case "$r" in "1 passed, 0 failed, 0 skipped") ;; *) fail=1 ;; esac
    r=$(OCL_ICD_VENDORS="$PWD/$OUT/icd" VYRE_REQUIRE_OPENCL=1 VT_FILTER=$c timeout 60 ./build/tests/test_ocl 2>&1 | tee -a "$OUT/ocl.log" | tail -1)
    echo "opencl $c: $r"; case "$r" in "1 passed, 0 failed, 0 skipped") ;; *) fail=1 ;; esac
done
[ $fail = 0 ] && echo "ALL OK" || { grep -h FAIL "$OUT"/*.log | head -20; echo FAILED; exit 1; }
