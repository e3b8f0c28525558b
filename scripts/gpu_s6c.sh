#!/usr/bin/env bash
# scripts/gpu_s6c.sh - session 6's third GPU-machine call, time-boxed steps:
#   1. scripts/copier_probe.c: the CUDA staging copier (worker pool, HEAD) against 57d98c8's
#      dedicated copier, 16 MiB chunks into page-locked memory (issue 9's presence regression);
#   2. bench/cuda_perf at 57d98c8 and at HEAD, alternating (base, head, base): the resident gitleaks
#      count before/after the architecture work on the same machine (carry build/cudaperf.tar.xz:
#      build/cuda/cuda_perf and build/cuda/cuda_perf_base, each built here with the static libhs.a);
#   3. bench/re_gpu_bench on CUDA, line-buffered (the second call's run printed nothing before its
#      time box), 256 MiB (carry build/re_gpu_bench.xz);
#   4. fuzzing for the rest of the call: scripts/fuzz_hours.sh, 2 processes per target on the 16
#      host cores (carry build/fuzzdev.tar.xz: the ASan+UBSan libFuzzer binaries built here,
#      fuzz_regex with the static libre2.a / libhs.a).
# Everything under $OUT is packed into $OUT/s6c.tar.gz (only a few files come back per call).
set -u
OUT=${OUT:-build/gpu-s6c}
mkdir -p "$OUT/icd" && echo libnvidia-opencl.so.1 > "$OUT/icd/nvidia.icd"
export OCL_ICD_VENDORS="$PWD/$OUT/icd" PATH=$PATH:/usr/local/cuda/bin VYRE_CACHE_DIR=/tmp/vyre-cache-s6c
T0=$(date +%s); say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }
tar xJf build/cudaperf.tar.xz; xz -dc build/re_gpu_bench.xz > /tmp/re_gpu_bench; chmod +x /tmp/re_gpu_bench
tar xJf build/fuzzdev.tar.xz -C build
say "1. copier probe"
cc -std=c99 -O2 -I. scripts/copier_probe.c -o /tmp/copier_probe -lpthread -ldl -lm && timeout 60 /tmp/copier_probe
say "2. cuda_perf base / head / base"
for v in base head base head; do
    bin=build/cuda/cuda_perf; [ $v = base ] && bin=build/cuda/cuda_perf_base
    timeout 60 $bin --reps 5 > "$OUT/cuda_perf_$v.log" 2>&1; echo "$v exit $?"
    grep -E "commit|resident|end-to-end|ratio" "$OUT/cuda_perf_$v.log" | head -12
    cat "$OUT/cuda_perf_$v.log" >> "$OUT/cuda_perf_all.log"
done
say "3. re_gpu_bench cuda 256 MiB"
BENCH_BACKEND=cuda BENCH_RE_GPU_MB=${RE_MB:-256} BENCH_REPS=3 timeout ${RE_T:-110} stdbuf -oL /tmp/re_gpu_bench > "$OUT/re_bench_cuda.log" 2>&1; echo "re_gpu_bench exit $?"
cat "$OUT/re_bench_cuda.log" | head -40
FUZZ_S=$(( ${CALL_S:-530} - ($(date +%s) - T0) ))
[ $FUZZ_S -lt 60 ] && FUZZ_S=60
say "4. fuzz $FUZZ_S s x 2 processes x 7 targets"
BIN=build/fuzzdev OUT=$OUT/fuzz bash scripts/fuzz_hours.sh "$FUZZ_S" 2 deserialize scan stream rules ring ignore regex
nproc
rm -rf "$OUT"/fuzz/corpus_*
tar czf /tmp/s6c.tar.gz -C "$OUT" . && mv /tmp/s6c.tar.gz "$OUT/s6c.tar.gz"
say done
