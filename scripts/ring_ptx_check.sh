#!/bin/sh
# scripts/ring_ptx_check.sh - compile the CUDA kernel source exactly as NVRTC
# receives it (kernels.inc with VYRE_KERNELS_FOR_CUDA, the persistent ring
# consumer vyre_ring_consume included) to PTX for sm_90 with nvcc: a check
# that runs without a GPU. Usage: scripts/ring_ptx_check.sh [outdir]
set -eu
OUTD=${1:-build/ptx}
NVCC=${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}
CC=${CC:-cc}
mkdir -p "$OUTD"
cat >"$OUTD/ksrc.c" <<'C'
#include <stdio.h>
#define VYRE_KSRC(...) #__VA_ARGS__ "\n",
static const char *const src[] = {
#define VYRE_KERNELS_FOR_CUDA
#include "kernels.inc"
};
int main(void) { size_t i; for (i = 0; i < sizeof src / sizeof src[0]; i++) fputs(src[i], stdout); return 0; }
C
$CC -std=c99 -Wall -Wextra -Werror -pedantic -I. "$OUTD/ksrc.c" -o "$OUTD/ksrc"
"$OUTD/ksrc" >"$OUTD/vyre_kernels.cu"
"$NVCC" -arch=sm_90 -std=c++14 -ptx "$OUTD/vyre_kernels.cu" -o "$OUTD/vyre_kernels.ptx"
for k in vyre_lit_matches vyre_lit_count vyre_lit_presence vyre_ring_consume; do
    grep -q "\.entry $k" "$OUTD/vyre_kernels.ptx" || { echo "ring_ptx_check: $k missing from the PTX"; exit 1; }
done
# the protocol's system-scope operations made it into the code (the tickets are atomic adds)
for op in ld.relaxed.sys st.relaxed.sys fence.acq_rel.sys fence.sc.sys atom.global.add.u64 ld.acquire.gpu st.release.gpu; do
    grep -q "$op" "$OUTD/vyre_kernels.ptx" || { echo "ring_ptx_check: no $op in vyre_ring_consume's PTX"; exit 1; }
done
echo "ring_ptx_check: sm_90 PTX ok ($OUTD/vyre_kernels.ptx)"
