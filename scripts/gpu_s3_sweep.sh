#!/usr/bin/env bash
# scripts/gpu_s3_sweep.sh - issue 10: staging size and exit sweep for --backend=cuda (3 runs, median).
set -u
export PATH=$PATH:/usr/local/cuda/bin VYRE_CACHE_DIR=/tmp/vyre-cache
make -s -j16 build/vyre || exit 2
PAT=patterns/gitleaks-keywords.txt
A=/usr/lib/x86_64-linux-gnu
B=""; for p in /usr/share /usr/include /usr/local/cuda/include /opt; do [ -d "$p" ] && B="$B $p"; done
cat $A/* $B >/dev/null 2>&1; build/vyre scan --backend=cuda -c -e x $A > /dev/null 2>&1
t() { local s=$EPOCHREALTIME; "$@" >/dev/null 2>/tmp/err; local rc=$?; awk -v a=$s -v b=$EPOCHREALTIME 'BEGIN{printf "%.3f\n", b-a}'; }
med() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for tree in A B; do P=${!tree}
  for cfg in "16M 16 0" "8M 16 0" "4M 16 0" "4M 8 0" "2M 16 0" "4M 16 1" "16M 16 1"; do set -- $cfg
    m=$(for i in 1 2 3; do t env VYRE_CLI_THREADS=$2 VYRE_CLI_BATCH=$1 VYRE_CLI_CHUNK=$1 $( [ $3 = 1 ] && echo VYRE_CLI_NO_TEARDOWN=1 || echo VYRE_X=0) build/vyre scan -v --backend=cuda -i -c -f $PAT $P; done | med)
    echo "$tree batch=$1 readers=$2 no_teardown=$3: median $m s | $(grep -E 'phases' /tmp/err | sed 's/vyre: phases (s since the start)//')"
  done
  for be in cpu; do m=$(for i in 1 2 3; do t env VYRE_CLI_THREADS=16 build/vyre scan --backend=$be -i -c -f $PAT $P; done | med); echo "$tree $be median $m"; done
done
