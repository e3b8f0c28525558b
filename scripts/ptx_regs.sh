#!/bin/sh
# scripts/ptx_regs.sh - registers, spills and shared memory of every kernel as ptxas assigns them for
# sm_90, from NVRTC's PTX (no GPU needed; the CUDA toolkit's ptxas). Occupancy follows from them: a
# 256-thread block of R registers fits floor(65536 / (256 R)) times on an SM, so the literal kernels
# must stay at or below 40 registers (6 blocks; VK_LIT_BOUNDS holds them there on CUDA) - the gitleaks resident count lost 13% when
# vyre_lit_count went to 56 (4 blocks). Usage (repo root): sh scripts/ptx_regs.sh [sm]
set -u
SM=${1:-90}
D=$(mktemp -d)
cc -std=c99 -Wall -I. scripts/nvrtc_check.c -o "$D/nvrtc_check" -ldl || exit 2
LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}:/usr/local/cuda/lib64 VYRE_PTX_DIR=$D "$D/nvrtc_check" "$SM" > "$D/log" || { cat "$D/log"; exit 2; }
PTXAS=$(command -v ptxas || echo /usr/local/cuda/bin/ptxas)
for u in lit big nfa ring; do
    [ -f "$D/$u.ptx" ] || continue
    "$PTXAS" -arch=sm_$SM -v "$D/$u.ptx" -o /dev/null 2>&1 | awk -v u=$u '
        /Compiling entry function/ { k = $7; gsub(/\047/, "", k) }
        /spill stores/ && k != "" { sp = $5 " B spill stores" }
        /Used [0-9]+ registers/ && k != "" { printf "%-5s %-22s %3d registers  %s  %s\n", u, k, $5, sp, $0 ~ /smem/ ? $(NF-2) " B smem" : ""; k = "" }'
done
rm -rf "$D"
