#!/usr/bin/env bash
# scripts/gpu_final.sh - the session's last GPU call, most important first, each step time-boxed:
# build; bench_ingest (issue 10 table); CLI output identical on cpu/cuda/auto; test_cuda + test_ocl
# (gpu_arch.sh tests); the ring's CUDA tests and bench (issue 13). Logs in $OUT.
set -u
OUT=${OUT:-build/gpu-final}; mkdir -p "$OUT"
export PATH=$PATH:/usr/local/cuda/bin VYRE_CACHE_DIR=/tmp/vyre-cache
T0=$(date +%s); say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }
make -s build/vyre || exit 2
say "bench_ingest"
REPS=3 MM=0 OUT=$OUT/ingest timeout 210 bash scripts/bench_ingest.sh .tools/rg build/vyre > "$OUT/bench_ingest.log" 2>&1; echo "exit $?"
tail -25 "$OUT/bench_ingest.log"
say "CLI identical"
A=/usr/lib/x86_64-linux-gnu
for be in cpu cuda auto; do
    timeout 40 build/vyre scan --backend=$be -i -f patterns/gitleaks-keywords.txt --json $A > /tmp/w.$be.json 2>/tmp/w.$be.err
    echo "$be: exit $? $(wc -l < /tmp/w.$be.json) lines sha $(sha256sum < /tmp/w.$be.json | cut -c1-12) $(head -c 160 /tmp/w.$be.err)"
done | tee "$OUT/cli_identical.txt"
say "tests"
OUT=$OUT/arch timeout 170 bash scripts/gpu_arch.sh tests 2>&1 | grep -E "exit|passed,|FAIL|drwx" | head -20
say "ring"
OUT=$OUT/ring timeout 60 sh scripts/gpu_ring.sh test 2>&1 | tail -8
OUT=$OUT/ring timeout 60 sh scripts/gpu_ring.sh bench 2>&1 | tail -14
say done
