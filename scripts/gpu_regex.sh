#!/usr/bin/env bash
# scripts/gpu_regex.sh - the GPU regex engine (issue 11: vyre.h >>re-layout / >>re-gpu,
# kernels.inc >>kernels-nfa) on the GPU machine, one call, every step time-boxed.
#
# On the developer machine first (Hyperscan is not installed on the GPU machine):
#     bash scripts/gpu_regex.sh prepare     # builds build/bench/re_gpu_bench with the static libhs.a
#   and carry build/bench/re_gpu_bench (12 MB). Without it the bench is built there without
#   Hyperscan and says "hyperscan: MISSING".
# On the GPU machine (repo root):
#     bash scripts/gpu_regex.sh [all|tests|bench]
#   1. NVRTC/PTX: nvcc -ptx of kernels.inc for sm_90 (vyre_re_confirm present, ptxas stack/spills)
#      and NVRTC itself with vyre_cuda.h's options (scripts/nvrtc_check.c)
#   2. tests/test_re_gpu with VYRE_REQUIRE_CUDA=1 (CUDA) and OpenCL on NVIDIA's driver
#      (VYRE_REQUIRE_OPENCL=1, VYRE_OCL_SELECT=gpu): every record against vyre_regex_scan
#   3. compute-sanitizer memcheck of the unit and capacity cases (if the tool is there)
#   4. bench: the 221 gitleaks regexes resident, >= 1 GiB of /usr/lib/x86_64-linux-gnu bytes,
#      mode 1 and mode 2 GB/s on CUDA and OpenCL, Hyperscan 1/16 threads without starts,
#      the goals MET/MISSED (bench/re_gpu_bench.c; it first verifies 16 MiB against the CPU)
# Prints PASS/FAIL per step; logs in $OUT (default build/gpu-regex).
set -u
OUT=${OUT:-build/gpu-regex}
STEP=${1:-all}
mkdir -p "$OUT" build/cuda
export PATH=$PATH:/usr/local/cuda/bin VYRE_CACHE_DIR=${VYRE_CACHE_DIR:-/tmp/vyre-cache-regex}
mkdir -p "$OUT/icd" && echo libnvidia-opencl.so.1 > "$OUT/icd/nvidia.icd" && export OCL_ICD_VENDORS="$PWD/$OUT/icd"
T0=$(date +%s); say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }
CF="-std=c99 -O2 -g -Wall -Wextra -Werror -pedantic -I. -Itests"
RC=0

if [ "$STEP" = prepare ]; then
    make -s build/bench/re_gpu_bench || exit 2
    ls -la build/bench/re_gpu_bench
    exit 0
fi

nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | head -2

if [ "$STEP" = all ] || [ "$STEP" = tests ]; then
    say "1. PTX of kernels.inc for sm_90"
    if timeout 120 sh scripts/ring_ptx_check.sh "$OUT/ptx" > "$OUT/ptx.log" 2>&1 && grep -q "\.entry vyre_re_confirm" "$OUT/ptx/vyre_kernels.ptx"; then
        echo "PASS: ptx (vyre_re_confirm in $OUT/ptx/vyre_kernels.ptx)"
        nvcc -arch=sm_90 -std=c++14 -cubin -Xptxas -v "$OUT/ptx/vyre_kernels.cu" -o "$OUT/ptx/k.cubin" 2>&1 | grep -A2 "'vyre_re_confirm'" | tail -2
    else
        echo "FAIL: ptx"; tail -5 "$OUT/ptx.log"; RC=1
    fi
    if cc -std=c99 -Wall -Wextra -Werror -I. scripts/nvrtc_check.c -o "$OUT/nvrtc_check" -ldl && LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}:/usr/local/cuda/lib64 "$OUT/nvrtc_check" 90 > "$OUT/nvrtc.log" 2>&1; then
        echo "PASS: $(tail -1 "$OUT/nvrtc.log")"
    else
        echo "FAIL: nvrtc"; tail -5 "$OUT/nvrtc.log"; RC=1
    fi
    say "2. test_re_gpu (CUDA required, OpenCL on NVIDIA required)"
    gcc $CF tests/test_re_gpu.c -o build/cuda/test_re_gpu -lpthread -ldl -lm || { echo "FAIL: build test_re_gpu"; exit 2; }
    VYRE_REQUIRE_CUDA=1 VYRE_REQUIRE_OPENCL=1 VYRE_OCL_SELECT=gpu timeout 300 build/cuda/test_re_gpu > "$OUT/test_re_gpu.log" 2>&1
    st=$?
    grep -E "SKIPPED|FAIL|note|passed," "$OUT/test_re_gpu.log" | head -30
    if [ $st -eq 0 ]; then echo "PASS: test_re_gpu"; else echo "FAIL: test_re_gpu (exit $st, $OUT/test_re_gpu.log)"; RC=1; fi
    say "3. compute-sanitizer memcheck (unit, capacity)"
    if command -v compute-sanitizer >/dev/null 2>&1; then
        VT_FILTER=t_unit VYRE_REQUIRE_CUDA=1 timeout 300 compute-sanitizer --tool memcheck --error-exitcode 9 build/cuda/test_re_gpu > "$OUT/memcheck.log" 2>&1
        st=$?
        VT_FILTER=t_capacity VYRE_REQUIRE_CUDA=1 timeout 200 compute-sanitizer --tool memcheck --error-exitcode 9 build/cuda/test_re_gpu >> "$OUT/memcheck.log" 2>&1
        st2=$?
        grep -E "ERROR SUMMARY|passed," "$OUT/memcheck.log" | tail -4
        if [ $st -eq 0 ] && [ $st2 -eq 0 ]; then echo "PASS: memcheck"; else echo "FAIL: memcheck (exit $st/$st2, $OUT/memcheck.log)"; RC=1; fi
    else
        echo "SKIPPED: compute-sanitizer not found"
    fi
fi

if [ "$STEP" = all ] || [ "$STEP" = bench ]; then
    say "4. bench: 221 gitleaks regexes resident, >= 1 GiB real bytes"
    BIN=build/bench/re_gpu_bench
    if [ -f /usr/include/hs/hs.h ] && gcc $CF -Wno-unused-function bench/re_gpu_bench.c -o /tmp/re_gpu_bench -lhs -lstdc++ -lpthread -ldl -lm 2>/dev/null; then
        BIN=/tmp/re_gpu_bench; echo "bench built here with -lhs"
    elif [ -x "$BIN" ]; then
        echo "bench: the carried $BIN (built with static libhs.a; kernels.inc embedded at its build)"
    else
        echo "hyperscan: MISSING on this machine and no carried $BIN (run 'bash scripts/gpu_regex.sh prepare' on the developer machine and carry it); building without Hyperscan"
        gcc $CF -Wno-unused-function -DVYRE_BENCH_NO_HS bench/re_gpu_bench.c -o /tmp/re_gpu_bench -lpthread -ldl -lm || { echo "FAIL: build bench"; exit 2; }
        BIN=/tmp/re_gpu_bench
    fi
    for be in cuda opencl; do
        BENCH_BACKEND=$be BENCH_RE_GPU_MB=${BENCH_RE_GPU_MB:-1024} BENCH_REPS=${BENCH_REPS:-3} timeout 420 "$BIN" > "$OUT/bench-$be.log" 2>&1
        st=$?
        echo "--- $be (exit $st)"; cat "$OUT/bench-$be.log"
        [ $st -eq 0 ] || RC=1
    done
    a=$(awk '/vyre gpu mode 1 resident/ {print $(NF-3)}' "$OUT/bench-cuda.log" 2>/dev/null)
    b=$(awk '/vyre gpu mode 1 resident/ {print $(NF-3)}' "$OUT/bench-opencl.log" 2>/dev/null)
    [ -n "$a" ] && [ -n "$b" ] && awk -v a="$a" -v b="$b" 'BEGIN { printf "goal OpenCL within 15%% of CUDA (mode 1 resident): %s (opencl %.2f / cuda %.2f GB/s = %.2f)\n", (b >= 0.85 * a ? "MET" : "MISSED"), b, a, (a > 0 ? b / a : 0) }'
fi
say "done (exit $RC)"
exit $RC
