#!/usr/bin/env bash
# scripts/gpu_arch.sh - issue 9 (architecture) evidence on the GPU machine:
# the before/after benchmark comparison and the device tests.
#
# On the developer machine first (Hyperscan's static libhs.a is there; the
# GPU machine has none):
#     bash scripts/gpu_arch.sh prepare
#   builds the bench kit (make bench-kit: the C side of the harness as one
#   relocatable object, vyre + its GPU backends + the Hyperscan members) of
#   this tree into build/bench/kit and of BASE into build/bench/kit-before.
#   BASE (default 57d98c8 = b794143^, the parent of "Engine switch and one
#   program table", the first issue-9 commit, on main's lineage: it has the
#   ingest pipeline and the persistent engine, and the same harness bodies,
#   so only the architecture work differs) is built in a temporary git
#   worktree. The two kits are about 2 x 12 MiB: carry both paths
#   (build/bench/kit, build/bench/kit-before; the carry limit is 64 MiB).
# On the GPU machine (repo root), one call:
#     bash scripts/gpu_arch.sh bench        # before, after, compare: about 3 minutes
#   links the harness shim against that machine's Google Benchmark for each
#   kit (scripts/device_bench.sh, BENCH_GROUPS=custom), runs the same cases
#   for BASE then HEAD (BENCH_BACKENDS cuda,opencl,cpu; BENCH_PATTERNS
#   gitleaks-ci,rand10k; BENCH_WORKLOADS scan,count,session,presence;
#   BENCH_SIZES 1M,16M,256M; BENCH_REPS 5 repetitions each; BENCH_NO_VERIFY=1:
#   no Hyperscan match-count check at setup, the tests check matches; each side cut at
#   BENCH_GT_CUSTOM=95 s, a cut-off JSON keeps the cases done), then compares
#   them with the harness's compare script, scripts/bench_compare.py (the
#   two-sided Mann-Whitney U test of Google Benchmark's tools/compare.py,
#   standard library only): a REGRESSION is > 10% slower with p < 0.05.
#   Prints every row that is not "same", the verdict line, and how many rows
#   were "same"; the full table is $OUT/compare.txt (exit 1 = regression).
#   ORDER=reverse runs HEAD first (a check for order effects: clocks, caches).
#   On the H200 the process that runs first is slower (up to +-15-28% on pageable 256 MiB
#   scans and small OpenCL/CPU cases, session 6): run both orders (scripts/gpu_s6e.sh does)
#   before calling a row a regression.
#   Other steps: tests (test_cuda with VYRE_REQUIRE_CUDA=1, test_ocl on
#   NVIDIA, memcheck of the case table), bench-before, bench-after,
#   compare, all (tests + bench).
# Logs in $OUT (default build/gpu-arch). When bench-before ran in an earlier
# call (a fresh $OUT), carry its before.json back and name it with
# BEFORE_JSON=path for bench-after/compare.
set -u
OUT=${OUT:-build/gpu-arch}
BASE=${BASE:-57d98c8}
step=${1:-bench}
BEFORE_JSON=${BEFORE_JSON:-$OUT/before/before.json}
mkdir -p "$OUT"
export PATH=$PATH:/usr/local/cuda/bin
T0=$(date +%s); say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }

prepare() {
    local wt=/tmp/vyre-arch-base-$$
    make -s -j2 bench-kit >/dev/null || exit 2
    rm -rf build/bench/kit-before
    git worktree add --detach -f "$wt" "$BASE" >/dev/null 2>&1 || { echo "prepare: no worktree of $BASE"; exit 2; }
    (cd "$wt" && make -s -j2 bench-kit >/dev/null) || { git worktree remove --force "$wt"; exit 2; }
    mkdir -p build/bench/kit-before
    cp "$wt"/build/bench/kit/*.o build/bench/kit-before/
    git worktree remove --force "$wt"
    du -sh build/bench/kit build/bench/kit-before
    echo "prepare: carry build/bench/kit and build/bench/kit-before"
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
    [ -f "$2/vyre_bench_c.o" ] || { echo "no kit in $2: run 'bash scripts/gpu_arch.sh prepare' here and carry it"; exit 2; }
    KIT=$2 OUT="$OUT/$1" BENCH_NAME=$1 BENCH_GROUPS=custom BENCH_CPU_VS_HS=0 BENCH_PLOT=0 \
        BENCH_REPS=${BENCH_REPS:-5} BENCH_GT_CUSTOM=${BENCH_GT_CUSTOM:-95} \
        BENCH_BACKENDS=${BENCH_BACKENDS:-cuda,opencl,cpu} BENCH_PATTERNS=${BENCH_PATTERNS:-gitleaks-ci,rand10k} \
        BENCH_WORKLOADS=${BENCH_WORKLOADS:-scan,count,session,presence} BENCH_SIZES=${BENCH_SIZES:-1M,16M,256M} \
        BENCH_MAX_CPU=${BENCH_MAX_CPU:-16M} BENCH_NO_VERIFY=${BENCH_NO_VERIFY:-1} \
        sh scripts/device_bench.sh > "$OUT/$1.tail" 2>&1
    grep -E "^\[|SKIP|MISMATCH|ERROR|merge:" "$OUT/$1/device-log.txt" | grep -v -E "median|_mean|_stddev" | cut -c1-160 | head -20
    ls -la "$OUT/$1/$1.json"
}

compare() {
    local rc
    python3 scripts/bench_compare.py "$BEFORE_JSON" "$OUT/after/after.json" --threshold 0.10 --alpha 0.05 \
        > "$OUT/compare.txt"
    rc=$?
    sed -n '1,/^---/p' "$OUT/compare.txt"
    grep -E "(REGRESSION|slower \(not significant\)|faster|faster \(not significant\))$" "$OUT/compare.txt"
    echo "($(grep -c ' same$' "$OUT/compare.txt") rows 'same'; full table: $OUT/compare.txt)"
    grep -E "^(PASS|FAIL|only in|WARNING|bench_compare:)" "$OUT/compare.txt"
    echo "bench_compare exit $rc"
}

case $step in
    prepare) prepare ;;
    tests) tests ;;
    bench)
        if [ "${ORDER:-}" = reverse ]; then bench after build/bench/kit; bench before build/bench/kit-before
        else bench before build/bench/kit-before; bench after build/bench/kit; fi
        compare ;;
    bench-before) bench before build/bench/kit-before ;;
    bench-after) bench after build/bench/kit ;;
    compare) compare ;;
    all) tests; bench before build/bench/kit-before; bench after build/bench/kit; compare ;;
    *) echo "usage: $0 prepare|bench|tests|bench-before|bench-after|compare|all"; exit 2 ;;
esac
