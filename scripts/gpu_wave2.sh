#!/usr/bin/env bash
# scripts/gpu_wave2.sh - one GPU-machine call for the ingest pipeline (issue 10) and the
# persistent engine (issue 13) at the current commit; every step time-boxed, logs in $OUT.
#   1. build; test_cuda (VYRE_REQUIRE_CUDA=1) and test_ingest
#   2. CLI output identical on cpu / cuda / auto over tree A (gitleaks keywords, -i, JSON and -c)
#   3. scripts/bench_ingest.sh (REPS=3, ripgrep from .tools/rg)
#   4. scripts/gpu_ring.sh test / sanitize / bench
set -u
OUT=${OUT:-build/gpu-wave2}
mkdir -p "$OUT" build/cuda
export PATH=$PATH:/usr/local/cuda/bin VYRE_CACHE_DIR=/tmp/vyre-cache
mkdir -p /tmp/icd && echo libnvidia-opencl.so.1 > /tmp/icd/nvidia.icd && export OCL_ICD_VENDORS=/tmp/icd
T0=$(date +%s); say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }
CF="-std=c99 -O2 -g -Wall -Wextra -Werror -pedantic -I. -Itests -Ibench"
say build
make -s build/vyre || exit 2
gcc $CF tests/test_cuda.c -o build/cuda/test_cuda -lpthread -ldl -lm || exit 2
gcc $CF tests/test_ingest.c -o build/cuda/test_ingest -lpthread -ldl -lm || exit 2
STEP=${1:-all}
if [ "$STEP" = all ] || [ "$STEP" = tests ]; then
say "1. test_cuda + test_ocl NVIDIA + memcheck (scripts/gpu_arch.sh tests), test_ingest"
OUT=$OUT/arch timeout 280 bash scripts/gpu_arch.sh tests 2>&1 | tail -25
timeout 120 build/cuda/test_ingest > "$OUT/test_ingest.log" 2>&1; echo "test_ingest exit $?"; grep -E "FAIL|passed," "$OUT/test_ingest.log" | tail -5
say "2. CLI cpu/cuda/auto identical on tree A"
A=/usr/lib/x86_64-linux-gnu
for be in cpu cuda auto; do
    timeout 60 build/vyre scan --backend=$be -i -f patterns/gitleaks-keywords.txt --json $A > /tmp/w2.$be.json 2>/tmp/w2.$be.err; r1=$?
    timeout 60 build/vyre scan --backend=$be -i -c -f patterns/gitleaks-keywords.txt $A > /tmp/w2.$be.c 2>>/tmp/w2.$be.err; r2=$?
    echo "$be: exit $r1/$r2, $(wc -l < /tmp/w2.$be.json) json lines, sha $(sha256sum < /tmp/w2.$be.json | cut -c1-12), counts sha $(sha256sum < /tmp/w2.$be.c | cut -c1-12) $(head -c 200 /tmp/w2.$be.err)"
done | tee "$OUT/cli_identical.txt"
fi
if [ "$STEP" = all ] || [ "$STEP" = bench ]; then
say "3. bench_ingest"
REPS=3 MM=0 OUT=$OUT/ingest timeout 300 bash scripts/bench_ingest.sh .tools/rg build/vyre > "$OUT/bench_ingest.log" 2>&1; echo "bench_ingest exit $?"
cat "$OUT/bench_ingest.log" | tail -30
OUT=$OUT/ring timeout 100 sh scripts/gpu_ring.sh bench 2>&1 | tail -25
fi
if [ "$STEP" = all ] || [ "$STEP" = tests ]; then
say "4. ring tests and sanitizers"
OUT=$OUT/ring timeout 100 sh scripts/gpu_ring.sh test 2>&1 | tail -12
OUT=$OUT/ring VT_ENGINE_JOBS=100 timeout 120 sh scripts/gpu_ring.sh sanitize 2>&1 | tail -12
fi
say done
