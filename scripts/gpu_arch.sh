#!/usr/bin/env bash
# scripts/gpu_arch.sh - issue 9 (architecture) evidence on the GPU machine.
#
# On the developer machine first (needs Hyperscan's static libhs.a):
#     bash scripts/gpu_arch.sh prepare
#   builds the bench kit of this commit (build/bench/kit) and of the base
#   before the architecture work (BASE, default 57d98c8 = b794143^, the parent
#   of "Engine switch and one program table", the first issue-9 commit, on
#   main's lineage: it has the ingest pipeline and the persistent engine, so
#   only the architecture work differs), into build/bench/kit-before.
#   Carry build/bench/kit and build/bench/kit-before.
# On the GPU machine (repo root), one step per call or all of them:
#     bash scripts/gpu_arch.sh tests        # test_cuda (VYRE_REQUIRE_CUDA=1), test_ocl on NVIDIA
#                                           # (VYRE_REQUIRE_OPENCL=1), memcheck of the case table
#     bash scripts/gpu_arch.sh bench-before # the harness at BASE   -> $OUT/before/before.json
#     bash scripts/gpu_arch.sh bench-after  # the harness at HEAD   -> $OUT/after/after.json
#     bash scripts/gpu_arch.sh compare      # scripts/bench_compare.py before after (exit 1 = regression)
# Logs in $OUT (default build/gpu-arch). When bench-before ran in an earlier
# call (a fresh $OUT), carry its before.json back and name it with
# BEFORE_JSON=path for bench-after/compare.
set -u
OUT=${OUT:-build/gpu-arch}
BASE=${BASE:-57d98c8}
step=${1:-all}
BEFORE_JSON=${BEFORE_JSON:-$OUT/before/before.json}
mkdir -p "$OUT"
export PATH=$PATH:/usr/local/cuda/bin
T0=$(date +%s); say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }

prepare() {
    make -s bench-kit || exit 2
    rm -rf build/bench/kit-before /tmp/vyre-arch-base
    git worktree add -f /tmp/vyre-arch-base "$BASE" >/dev/null 2>&1 || exit 2
    (cd /tmp/vyre-arch-base && make -s bench-kit) || exit 2
    cp -r /tmp/vyre-arch-base/build/bench/kit build/bench/kit-before
    git worktree remove --force /tmp/vyre-arch-base
    ls -la build/bench/kit build/bench/kit-before
}

tests() {
    mkdir -p build/cuda build/ocl-device/icd
    echo "libnvidia-opencl.so.1" > build/ocl-device/icd/nvidia.icd
    export OCL_ICD_VENDORS="$PWD/build/ocl-device/icd"
    export VYRE_CACHE_DIR=/tmp/vyre-cache-arch
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
    CF="-std=c99 -O2 -g -Wall -Wextra -Werror -pedantic -I. -Itests"
    gcc $CF tests/test_cuda.c -o build/cuda/test_cuda -lpthread -ldl -lm || exit 2
    gcc $CF tests/test_ocl.c -o build/ocl-device/test_ocl -lpthread -ldl -lm || exit 2
    say "test_cuda (cold kernel cache, then warm)"
    rm -rf "$VYRE_CACHE_DIR"
    VYRE_REQUIRE_CUDA=1 timeout 250 build/cuda/test_cuda > "$OUT/test_cuda.log" 2>&1; echo "test_cuda exit $?"
    grep -E "FAIL|CUDA:|passed," "$OUT/test_cuda.log" | tail -12
    VYRE_REQUIRE_CUDA=1 VT_FILTER=t_disk_cache timeout 60 build/cuda/test_cuda 2>&1 | tail -3
    ls -la "$VYRE_CACHE_DIR" 2>&1 | head -5   # directory mode must be drwx------
    say "test_ocl (NVIDIA)"
    VYRE_REQUIRE_OPENCL=1 VYRE_OCL_SELECT=gpu timeout 250 build/ocl-device/test_ocl > "$OUT/test_ocl_nvidia.log" 2>&1
    echo "test_ocl exit $?"
    grep -E "FAIL|OpenCL:|passed," "$OUT/test_ocl_nvidia.log" | tail -12
    say "compute-sanitizer memcheck on the case table, program errors and borrowed dispatch"
    for f in t_case_table t_program_errors t_borrowed_dispatch; do
        VYRE_UNDER_SANITIZER=1 VYRE_REQUIRE_CUDA=1 VT_FILTER=$f \
            timeout 120 compute-sanitizer --tool memcheck --error-exitcode 9 build/cuda/test_cuda > "$OUT/memcheck-$f.log" 2>&1
        echo "memcheck $f exit $?"; grep -E "ERROR SUMMARY|passed, " "$OUT/memcheck-$f.log" | tail -2
    done
}

bench() { # name kit
    say "bench $1 ($2)"
    KIT=$2 OUT="$OUT/$1" BENCH_NAME=$1 sh scripts/device_bench.sh
    ls -la "$OUT/$1/$1.json"
}

compare() {
    python3 scripts/bench_compare.py "$BEFORE_JSON" "$OUT/after/after.json" --threshold 0.10 --alpha 0.05 \
        | tee "$OUT/compare.txt"
    echo "bench_compare exit ${PIPESTATUS[0]}"
}

case $step in
    prepare) prepare ;;
    tests) tests ;;
    bench-before) bench before build/bench/kit-before ;;
    bench-after) bench after build/bench/kit ;;
    compare) compare ;;
    all) tests; bench before build/bench/kit-before; bench after build/bench/kit; compare ;;
    *) echo "usage: $0 prepare|tests|bench-before|bench-after|compare|all"; exit 2 ;;
esac
