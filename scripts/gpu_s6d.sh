#!/usr/bin/env bash
# scripts/gpu_s6d.sh - session 6's fourth GPU-machine call: which kernel variant brings the gitleaks
# resident count back to 57d98c8's 792-795 GB/s (HEAD: 711-713 GB/s, same 40 registers)?
# bench/cuda_perf built on the developer machine against each variant's headers (build/var/vN,
# carried packed in build/var.tar.xz), run in turn, twice:
#   base  57d98c8                     head  5c2b703 (five-class key loop, 40 registers)
#   v1    body specialised on LONG_KINDS (wide/narrow key loops), 48 registers
#   v2    v1 + __launch_bounds__(256, 6) on the literal kernels (40 registers, 4-16 B spills)
#   v4    head with the key loop cut to classes 1..3 (diagnostic only: wrong for wide sets), 46 registers
#   v6    v4 + __launch_bounds__(256, 6) (diagnostic)
# then tests/test_cuda.c against v2's headers with VYRE_REQUIRE_CUDA=1.
set -u
OUT=${OUT:-build/gpu-s6d}
mkdir -p "$OUT" build/cuda
T0=$(date +%s); say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }
tar xJf build/var.tar.xz
for round in 1 2; do
  for v in base head v1 v2 v4 v6; do
    case $v in base) bin=build/cuda/cuda_perf_base ;; head) bin=build/cuda/cuda_perf ;; *) bin=build/var/$v/cuda_perf ;; esac
    VYRE_CACHE_DIR=/tmp/vc-$v timeout 40 $bin --reps 5 > "$OUT/cp_${v}_$round.log" 2>&1
    echo "$v round $round (exit $?): $(grep -E 'resident (count|matches)' "$OUT/cp_${v}_$round.log" | head -2 | tr -s ' ' | tr '\n' '|')"
  done
done
say "test_cuda on v2"
gcc -std=c99 -O2 -g -Wall -Wextra -Werror -pedantic -Ibuild/var/v2 -I. -Itests tests/test_cuda.c -o build/cuda/test_cuda_v2 -lpthread -ldl -lm || exit 2
VYRE_REQUIRE_CUDA=1 VYRE_CACHE_DIR=/tmp/vc-t2 timeout 150 build/cuda/test_cuda_v2 > "$OUT/test_cuda_v2.log" 2>&1; echo "test_cuda v2 exit $?"
grep -E "FAIL|passed," "$OUT/test_cuda_v2.log" | head
tar czf /tmp/s6d.tgz -C "$OUT" . && mv /tmp/s6d.tgz "$OUT/"
say done
