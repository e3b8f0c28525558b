#!/usr/bin/env bash
# scripts/gpu_s3_final.sh - the session's GPU validation in one call (or two: tests, bench).
# Carry: .tools/rg (ripgrep), .tools/hs (Hyperscan headers + static libhs.a from this machine),
# build/bench/re_gpu_bench (scripts/gpu_regex.sh prepare). Logs in $OUT.
#   tests: build; test_cuda, test_engine, test_ingest (CUDA lane), test_re_gpu, test_multi with
#          VYRE_REQUIRE_CUDA=1; test_ocl and test_ingest on NVIDIA's OpenCL; compute-sanitizer memcheck
#          of the host-staging and ingest-lane cases; CLI output identical on cpu / cuda / auto
#   bench: scripts/bench_ingest.sh (REPS=3), scripts/gpu_regex.sh bench, scripts/gpu_ring.sh bench
set -u
OUT=${OUT:-build/gpu-s3}
STEP=${1:-all}
mkdir -p "$OUT" build/cuda
export PATH=$PATH:/usr/local/cuda/bin VYRE_CACHE_DIR=/tmp/vyre-cache-s3
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
if [ "$STEP" = all ] || [ "$STEP" = tests ]; then
    say build
    make -s -j16 build/vyre || exit 2
    gcc $CF tests/test_cuda.c -o build/cuda/test_cuda $L & gcc $CF tests/test_engine.c -o build/cuda/test_engine $L &
    gcc $CF $HS tests/test_ingest.c -o build/cuda/test_ingest $HSL $L & gcc $CF tests/test_re_gpu.c -o build/cuda/test_re_gpu $L &
    gcc $CF tests/test_multi.c -o build/cuda/test_multi $L & gcc $CF tests/test_ocl.c -o build/cuda/test_ocl $L &
    wait
    ls build/cuda
    echo "GPUs in /proc/driver/nvidia/gpus: $(ls /proc/driver/nvidia/gpus 2>/dev/null | wc -l)"
    say "tests (VYRE_REQUIRE_CUDA=1)"
    export VYRE_REQUIRE_CUDA=1
    run test_cuda 240 build/cuda/test_cuda
    run test_engine 150 env VT_ENGINE_JOBS=2000 build/cuda/test_engine
    run test_ingest 150 build/cuda/test_ingest
    run test_re_gpu 200 build/cuda/test_re_gpu
    run test_multi 150 build/cuda/test_multi
    run test_ocl_nvidia 200 env VYRE_REQUIRE_OPENCL=1 VYRE_OCL_SELECT=gpu build/cuda/test_ocl
    say "compute-sanitizer memcheck"
    VT_FILTER=t_host_staging run memcheck_staging 120 compute-sanitizer --tool memcheck --error-exitcode 9 build/cuda/test_cuda
    VT_FILTER=t_ingest_gpu_lanes run memcheck_ingest 200 compute-sanitizer --tool memcheck --error-exitcode 9 build/cuda/test_ingest
    grep -h "ERROR SUMMARY" "$OUT"/memcheck_*.log
    unset VYRE_REQUIRE_CUDA
    say "CLI output identical on cpu / cuda / auto (tree A, --json and -c; tree B -c)"
    A=/usr/lib/x86_64-linux-gnu
    for be in cpu cuda auto; do
        timeout 60 build/vyre scan --backend=$be -i -f patterns/gitleaks-keywords.txt --json $A > /tmp/s3.$be.json 2>/tmp/s3.$be.err; r1=$?
        timeout 60 build/vyre scan --backend=$be -i -c -f patterns/gitleaks-keywords.txt /usr/share /usr/include > /tmp/s3.$be.c 2>>/tmp/s3.$be.err; r2=$?
        echo "$be: exit $r1/$r2, $(wc -l < /tmp/s3.$be.json) json lines sha $(sha256sum < /tmp/s3.$be.json | cut -c1-12), counts sha $(sha256sum < /tmp/s3.$be.c | cut -c1-12) $(head -c 200 /tmp/s3.$be.err)"
    done
fi
if [ "$STEP" = all ] || [ "$STEP" = bench ]; then
    say "bench_ingest"
    [ -x build/vyre ] || make -s -j16 build/vyre
    VYRE_BENCH_COMMIT=${VYRE_BENCH_COMMIT:-} REPS=3 MM=0 OUT=$OUT/ingest timeout 240 bash scripts/bench_ingest.sh .tools/rg build/vyre > "$OUT/bench_ingest.log" 2>&1
    grep -E '^\||^#' "$OUT/bench_ingest.log"
    for t in /usr/lib/x86_64-linux-gnu "/usr/share /usr/include /usr/local/cuda/include /opt"; do for b in cuda auto; do
        build/vyre scan -v --backend=$b -i -c -f patterns/gitleaks-keywords.txt $t 2>&1 >/dev/null | grep -E 'phases|bytes scanned' | sed "s|^|$b: |"
    done; done
    say "regex GPU bench"
    OUT=$OUT/regex timeout 200 bash scripts/gpu_regex.sh bench 2>&1 | tail -30
    say "ring bench"
    OUT=$OUT/ring timeout 90 sh scripts/gpu_ring.sh bench 2>&1 | tail -15
fi
say done
