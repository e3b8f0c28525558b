#!/usr/bin/env bash
# scripts/gpu_s4.sh - session 4's GPU calls. Usage: bash scripts/gpu_s4.sh STEP [STEP...]
# Carry: .tools/rg, .tools/hs. Logs in $OUT.
#   regex   test_re_gpu with per-scan traces (VYRE_RE_GPU_TRACE=1) on CUDA and NVIDIA OpenCL
#   ingest  scripts/bench_ingest.sh (REPS=3) on trees A and B, plus -v phase lines
#   tests   the GPU test binaries with VYRE_REQUIRE_CUDA=1, NVIDIA OpenCL, memcheck
set -u
OUT=${OUT:-build/gpu-s4}
mkdir -p "$OUT" build/cuda
export PATH=$PATH:/usr/local/cuda/bin VYRE_CACHE_DIR=/tmp/vyre-cache-s4
mkdir -p "$OUT/icd" && echo libnvidia-opencl.so.1 > "$OUT/icd/nvidia.icd" && export OCL_ICD_VENDORS="$PWD/$OUT/icd"
T0=$(date +%s); say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }
CF="-std=c99 -O2 -g -Wall -Wextra -Werror -pedantic -I. -Itests"
HS="-I.tools/hs/include"; HSL=".tools/hs/libhs.a -lstdc++"
L="-lpthread -ldl -lm"
run() { # name timeout cmd...: runs, prints exit and the summary line
    local n=$1 t=$2; shift 2
    timeout "$t" "$@" > "$OUT/$n.log" 2>&1; local rc=$?
    echo "$n: exit $rc | $(grep -E 'FAIL' "$OUT/$n.log" | head -3 | tr '\n' ' ') $(grep -E 'passed,' "$OUT/$n.log" | tail -1)"
}
for STEP in "$@"; do
case $STEP in
regex)
    say "regex build"
    gcc $CF tests/test_re_gpu.c -o build/cuda/test_re_gpu $L || exit 2
    say "regex trace"
    VYRE_RE_GPU_TRACE=1 VT_FILTER=t_unit VYRE_OCL_SELECT=gpu run re_unit 200 build/cuda/test_re_gpu
    grep -E "missing|extra|differ" "$OUT/re_unit.log" | head -20
    VYRE_OCL_SELECT=gpu run re_all 300 build/cuda/test_re_gpu
    grep -E "FAIL|missing|extra" "$OUT/re_all.log" | head -20
    ;;
redump)
    # the first failing random case: every task and triple (VYRE__RE_GPU_DUMP), on CUDA and NVIDIA OpenCL,
    # with and without device optimisation; initcheck for reads of uninitialised device memory
    gcc $CF tests/test_re_gpu.c -o build/cuda/test_re_gpu $L &
    gcc $CF -DVYRE__RE_GPU_DUMP tests/test_re_gpu.c -o build/cuda/re_dump $L &
    gcc $CF -DVYRE__RE_GPU_DUMP "-DVYRE__CU_DEBUG_OPT=\"-G\"" "-DVYRE__CL_BUILD_OPTIONS=\"-cl-std=CL1.2 -cl-opt-disable\"" tests/test_re_gpu.c -o build/cuda/re_dump_O0 $L &
    wait
    VT_FILTER=t_random VYRE_OCL_SELECT=gpu timeout 120 build/cuda/re_dump > "$OUT/dump.out" 2> "$OUT/dump.err"; echo "dump exit $?"
    VYRE_CACHE_DIR=/tmp/vyre-cache-O0 VT_FILTER=t_random VYRE_OCL_SELECT=gpu timeout 200 build/cuda/re_dump_O0 > "$OUT/dump_O0.out" 2> "$OUT/dump_O0.err"; echo "dump O0 exit $?"
    grep -E "FAIL|passed" "$OUT/dump.out" "$OUT/dump_O0.out" | head
    OCL_ICD_VENDORS=/nonexistent VT_FILTER=t_random timeout 150 compute-sanitizer --tool initcheck build/cuda/test_re_gpu > "$OUT/initcheck.log" 2>&1; echo "initcheck exit $?"
    grep -E "ERROR SUMMARY|Uninitialized|at 0x|by thread" "$OUT/initcheck.log" | head -20
    ;;
ingest)
    say "bench_ingest"
    [ -x build/vyre ] || make -s -j16 build/vyre
    VYRE_BENCH_COMMIT=${VYRE_BENCH_COMMIT:-} REPS=3 MM=0 OUT=$OUT/ingest timeout 300 bash scripts/bench_ingest.sh .tools/rg build/vyre > "$OUT/bench_ingest.log" 2>&1
    grep -E '^\||^#' "$OUT/bench_ingest.log"
    for t in /usr/lib/x86_64-linux-gnu "/usr/share /usr/include /usr/local/cuda/include /opt"; do for b in cuda auto cpu; do
        build/vyre scan -v --backend=$b -i -c -f patterns/gitleaks-keywords.txt $t 2>&1 >/dev/null | grep -E 'phases|bytes scanned|backend' | sed "s|^|$b: |"
    done; done
    ;;
tests)
    say build
    make -s -j16 build/vyre || exit 2
    gcc $CF tests/test_cuda.c -o build/cuda/test_cuda $L & gcc $CF tests/test_engine.c -o build/cuda/test_engine $L &
    gcc $CF $HS tests/test_ingest.c -o build/cuda/test_ingest $HSL $L & gcc $CF tests/test_re_gpu.c -o build/cuda/test_re_gpu $L &
    gcc $CF tests/test_ocl.c -o build/cuda/test_ocl $L &
    wait
    export VYRE_REQUIRE_CUDA=1
    run test_cuda 240 build/cuda/test_cuda
    run test_engine 150 env VT_ENGINE_JOBS=2000 build/cuda/test_engine
    run test_ingest 150 build/cuda/test_ingest
    run test_re_gpu 200 env VYRE_OCL_SELECT=gpu build/cuda/test_re_gpu
    run test_ocl_nvidia 200 env VYRE_REQUIRE_OPENCL=1 VYRE_OCL_SELECT=gpu build/cuda/test_ocl
    VT_FILTER=t_unit run memcheck_re 200 compute-sanitizer --tool memcheck --error-exitcode 9 build/cuda/test_re_gpu
    grep -h "ERROR SUMMARY" "$OUT"/memcheck_*.log
    unset VYRE_REQUIRE_CUDA
    ;;
esac
done
say done
