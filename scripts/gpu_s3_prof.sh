#!/usr/bin/env bash
# scripts/gpu_s3_prof.sh - where the time goes in `vyre scan --backend=cuda` over real trees
# (issue 10). One GPU-machine call: build, read ceiling, -v breakdown per backend, batch
# size sweep, 1 KiB start-up, and an nsys summary when nsys exists. Logs in $OUT.
set -u
OUT=${OUT:-build/gpu-prof}
mkdir -p "$OUT"
export PATH=$PATH:/usr/local/cuda/bin VYRE_CACHE_DIR=/tmp/vyre-cache
T0=$(date +%s); say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }
say build
make -s -j16 build/vyre || exit 2
cc -std=c99 -O2 -pthread bench/read_ceiling.c -o build/read_ceiling || exit 2
PAT=patterns/gitleaks-keywords.txt
A=/usr/lib/x86_64-linux-gnu
B=""; for p in /usr/share /usr/include /usr/local/cuda/include /opt; do [ -d "$p" ] && B="$B $p"; done
build/read_ceiling 16 $A >/dev/null; build/read_ceiling 16 $B > /dev/null
say "ceiling A: $(build/read_ceiling 16 $A)   B: $(build/read_ceiling 16 $B)"
t() { local s=$EPOCHREALTIME; "$@" >/dev/null 2>"$OUT/err"; local rc=$?; echo "$(awk -v a=$s -v b=$EPOCHREALTIME 'BEGIN{printf "%.3f", b-a}') s rc=$rc"; }
for tree in A B; do
  P=${!tree}
  for be in cuda cpu; do
    for i in 1 2 3; do say "$tree $be run $i: $(t env VYRE_CLI_THREADS=16 build/vyre scan -v --backend=$be -i -c -f $PAT $P)"; done
    grep -v '^vyre: .*skipped' "$OUT/err" | head -12
  done
done
say "A cuda batch sweep"
for b in 4M 64M; do for sm in 1M 8M; do say "batch $b small $sm: $(t env VYRE_CLI_THREADS=16 VYRE_CLI_BATCH=$b VYRE_CLI_SMALL=$sm VYRE_CLI_CHUNK=$b build/vyre scan -v --backend=cuda -i -c -f $PAT $A)"; grep 'time:' "$OUT/err"; done; done
say "A cuda, readers 4/8: "
for n in 4 8; do say "readers $n: $(t env VYRE_CLI_THREADS=$n build/vyre scan -v --backend=cuda -i -c -f $PAT $A)"; grep 'time:' "$OUT/err"; done
say "A cuda, matches mode (--json) and -l"
say "json: $(t env VYRE_CLI_THREADS=16 build/vyre scan -v --backend=cuda -i --json -f $PAT $A)"; grep 'time:' "$OUT/err"
say "-l: $(t env VYRE_CLI_THREADS=16 build/vyre scan -v --backend=cuda -i -l -f $PAT $A)"; grep 'time:' "$OUT/err"
head -c 1024 /dev/urandom > /tmp/1k
for be in cuda auto cpu; do say "1KiB $be: $(t build/vyre scan --backend=$be -i -c -f $PAT /tmp/1k) $(t build/vyre scan --backend=$be -i -c -f $PAT /tmp/1k)"; done
if command -v nsys >/dev/null 2>&1; then
  say "nsys"
  timeout 120 nsys profile -o $OUT/prof --force-overwrite true --stats=false env VYRE_CLI_THREADS=16 build/vyre scan --backend=cuda -i -c -f $PAT $A > /dev/null 2>&1
  timeout 120 nsys stats --report cuda_api_sum,cuda_gpu_kern_sum,cuda_gpu_mem_time_sum,osrt_sum $OUT/prof.nsys-rep 2>/dev/null | grep -v '^$' | head -90
else say "no nsys"; ls /usr/local/cuda/bin | head -50; fi
say done
