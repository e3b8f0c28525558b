#!/usr/bin/env bash
# scripts/gpu_rules.sh - issue 12's comparison point on the GPU machine: gitleaks' default rules over
# tree B (/usr/share /usr/include /usr/local/cuda/include /opt, bench_ingest's definition), warm cache,
# with the Hyperscan-prefilter + RE2 implementation of the same semantics (bench/rules_hs_re2.cpp,
# tests/rules_ref.h; 16 threads and 1 thread) next to `vyre scan --rules default`.
# Carry: .tools/hs (Hyperscan headers + static libhs.a) and .tools/re2 (RE2 headers + static libre2.a
# from the dev machine: /usr/include/re2, /usr/lib/x86_64-linux-gnu/libre2.a). Logs in $OUT. <= 3 min.
# `vyre scan --rules` runs vyre_rules_scan on the CPU, one thread (the rules' GPU confirm step is not
# wired yet), so it gets the CUDA-include part of tree B plus /usr/include (timeout 100 s), and the
# Hyperscan + RE2 side runs on the same subset too, for a same-bytes ratio.
set -u
OUT=${OUT:-build/gpu-rules}
mkdir -p "$OUT" build/bench
T0=$(date +%s); say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }
say build
make -s -j16 build/vyre || exit 2
g++ -std=c++17 -O2 -I. -Itests -I.tools/hs/include -I.tools/re2/include bench/rules_hs_re2.cpp -o build/bench/rules_hs_re2 \
    .tools/hs/libhs.a .tools/re2/libre2.a -lpthread -ldl -lm || exit 2
B=""; for p in /usr/share /usr/include /usr/local/cuda/include /opt; do [ -d "$p" ] && B="$B $p"; done
S=""; for p in /usr/include /usr/local/cuda/include; do [ -d "$p" ] && S="$S $p"; done
say "warm the cache (tree B:$B)"
find $B -type f -print0 2>/dev/null | xargs -0 -P16 cat > /dev/null 2>&1
say "Hyperscan + RE2, 16 threads, tree B"
timeout 120 build/bench/rules_hs_re2 --threads 16 $B | tee "$OUT/hs_re2_B_16.txt"
say "same bytes (subset:$S): Hyperscan + RE2 16 threads, 1 thread, vyre scan --rules default"
timeout 60 build/bench/rules_hs_re2 --threads 16 $S | tee "$OUT/hs_re2_S_16.txt"
timeout 100 build/bench/rules_hs_re2 --threads 1 $S | tee "$OUT/hs_re2_S_1.txt"
t0=$(date +%s.%N); timeout 100 build/vyre scan --rules default $S > "$OUT/vyre_S.txt"; rc=$?; t1=$(date +%s.%N)
BYTES=$(awk '{for(i=1;i<NF;i++) if($i=="bytes") print $(i+1)}' "$OUT/hs_re2_S_16.txt")
awk -v a="$t0" -v b="$t1" -v n="$BYTES" -v rc="$rc" -v f="$(wc -l < "$OUT/vyre_S.txt")" 'BEGIN {printf "vyre scan --rules default (1 thread, CPU): exit %d, %d findings, %.3f s, %.4f GB/s\n", rc, f, b - a, n / (b - a) / 1e9}' | tee "$OUT/vyre_S.summary"
say done
