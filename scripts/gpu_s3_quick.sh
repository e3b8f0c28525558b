#!/usr/bin/env bash
# scripts/gpu_s3_quick.sh - quick issue-10 check: CUDA start-up phases (bench/cuda_startup.c)
# and `vyre scan -v` on trees A and B per backend (2 runs each, last -v shown).
set -u
export PATH=$PATH:/usr/local/cuda/bin VYRE_CACHE_DIR=/tmp/vyre-cache
make -s -j16 build/vyre || exit 2
cc -std=c99 -O2 -I. bench/cuda_startup.c -o build/cuda_startup -ldl -lpthread -lm || exit 2
cc -std=c99 -O2 -pthread bench/read_ceiling.c -o build/read_ceiling || exit 2
build/cuda_startup raw; build/cuda_startup vyre; build/cuda_startup vyre | head -3
PAT=patterns/gitleaks-keywords.txt
A=/usr/lib/x86_64-linux-gnu
B=""; for p in /usr/share /usr/include /usr/local/cuda/include /opt; do [ -d "$p" ] && B="$B $p"; done
build/read_ceiling 16 $A >/dev/null; build/read_ceiling 16 $B > /dev/null
echo "ceiling A: $(build/read_ceiling 16 $A)   B: $(build/read_ceiling 16 $B)"
t() { local s=$EPOCHREALTIME; "$@" >/dev/null 2>/tmp/err; local rc=$?; echo "$(awk -v a=$s -v b=$EPOCHREALTIME 'BEGIN{printf "%.3f", b-a}') s rc=$rc"; }
for tree in ${TREES:-A B}; do
  P=${!tree}
  for be in ${BACKENDS:-cuda cpu}; do
    for i in 1 2 ${EXTRA:-}; do echo "$tree $be run $i: $(t env VYRE_CLI_THREADS=16 build/vyre scan -v --backend=$be -i -c -f $PAT $P) $*"; done
    grep -E 'time:|phases|teardown|ready' /tmp/err
  done
done
