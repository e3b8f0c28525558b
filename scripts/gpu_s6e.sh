#!/usr/bin/env bash
# scripts/gpu_s6e.sh - session 6's last GPU-machine call: issue 9's before/after benchmark again
# after the literal-kernel fix (VK_LIT_BOUNDS + the LONG_KINDS split), in both orders (the first
# call showed a +-15% order effect on the pageable 256 MiB scans), 16 MiB and 256 MiB,
# every backend, the gitleaks and rand10k sets, scan/count/session/presence.
# Carry build/bench/kit (HEAD) and build/bench/kit-before (57d98c8): bash scripts/gpu_arch.sh prepare.
set -u
OUT=${OUT:-build/gpu-s6e}
mkdir -p "$OUT"
for order in normal reverse; do
    echo "=== order $order"
    ORDER=$order BENCH_SIZES=${BENCH_SIZES:-16M,256M} BENCH_GT_CUSTOM=${BENCH_GT_CUSTOM:-55} OUT=$OUT/$order \
        timeout 150 bash scripts/gpu_arch.sh bench 2>&1 | grep -v "^\[" | grep -v "^-rw" | cut -c1-150
done
tar czf /tmp/s6e.tgz -C "$OUT" . && mv /tmp/s6e.tgz "$OUT/"
