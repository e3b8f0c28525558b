#!/usr/bin/env bash
# scripts/gpu_issue8.sh - issue 8 evidence on the GPU machine, one call:
#   1. CUDA tests (VYRE_REQUIRE_CUDA=1), incl. t_dense_output
#   2. OpenCL tests on NVIDIA's driver (VYRE_REQUIRE_OPENCL=1, gpu), incl. t_dense_output
#   3. compute-sanitizer racecheck, synccheck and memcheck on the dense-output test (CUDA)
#   4. the issue's CLI reproduction: 200 real files, 2,000 literals of 3-40 bytes cut from
#      them, `vyre scan --json` on cpu, cuda and opencl, 3 runs each, every output compared
#   5. ocl_perf at this commit and at c96baf8 (.old/, carried) in the same call
# Usage (repo root, on the GPU machine): bash scripts/gpu_issue8.sh   (logs in $OUT)
set -u
OUT=${OUT:-build/gpu-issue8}
mkdir -p "$OUT" build/cuda build/ocl-device/icd
export PATH=$PATH:/usr/local/cuda/bin
echo "libnvidia-opencl.so.1" > build/ocl-device/icd/nvidia.icd
export OCL_ICD_VENDORS="$PWD/build/ocl-device/icd"
export VYRE_CACHE_DIR=/tmp/vyre-cache
T0=$(date +%s); say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
CF="-std=c99 -O2 -g -Wall -Wextra -Werror -pedantic -I. -Itests -Ibench"
gcc $CF tests/test_cuda.c -o build/cuda/test_cuda -lpthread -ldl -lm || exit 2
gcc $CF tests/test_ocl.c -o build/ocl-device/test_ocl -lpthread -ldl -lm || exit 2
make -s build/vyre || exit 2
say "1. test_cuda"
VYRE_REQUIRE_CUDA=1 timeout 200 build/cuda/test_cuda > "$OUT/test_cuda.log" 2>&1; echo "test_cuda exit $?"
grep -E "FAIL|dense|passed," "$OUT/test_cuda.log" | tail -12
say "2. test_ocl (NVIDIA)"
VYRE_REQUIRE_OPENCL=1 VYRE_OCL_SELECT=gpu timeout 200 build/ocl-device/test_ocl > "$OUT/test_ocl_nvidia.log" 2>&1; echo "test_ocl exit $?"
grep -E "FAIL|dense|OpenCL:|passed," "$OUT/test_ocl_nvidia.log" | tail -12
say "3. compute-sanitizer on t_dense_output"
for tool in racecheck synccheck memcheck; do
    VYRE_UNDER_SANITIZER=1 VYRE_REQUIRE_CUDA=1 VYRE_CUDA_CORPUS_MB=2 VYRE_DENSE_MAX=300000 VT_FILTER=dense \
        timeout 150 compute-sanitizer --tool $tool --error-exitcode 9 build/cuda/test_cuda > "$OUT/sanitize_$tool.log" 2>&1
    echo "$tool exit $?"; grep -E "ERROR SUMMARY|RACECHECK SUMMARY|passed, " "$OUT/sanitize_$tool.log" | tail -3
done
say "4. CLI reproduction"
T=/tmp/i8tree; rm -rf $T; mkdir -p $T
find /usr/lib/x86_64-linux-gnu /usr/share/doc /usr/include -type f -size +8k -size -400k 2>/dev/null | sort | awk 'NR % 7 == 0' | head -200 |
    while read -r f; do cp "$f" "$T/$(echo "$f" | tr / _)"; done
du -sh $T; ls $T | wc -l
python3 - "$T" > /tmp/i8lits.txt <<'PY'
import os, random, sys
random.seed(8); d = sys.argv[1]; fs = sorted(os.listdir(d)); out = set()
while len(out) < 2000:
    b = open(os.path.join(d, random.choice(fs)), 'rb').read(); l = random.randint(3, 40)
    if len(b) <= l: continue
    o = random.randrange(len(b) - l); p = b[o:o + l]
    if b'\n' in p or b'\r' in p: continue
    out.add(p)
sys.stdout.buffer.write(b'\n'.join(sorted(out)) + b'\n')
PY
wc -l /tmp/i8lits.txt
for be in cpu cuda opencl; do
    for run in 1 2 3; do
        timeout 120 build/vyre scan --json --backend=$be -f /tmp/i8lits.txt $T > /tmp/i8.$be.$run 2> /tmp/i8.$be.$run.err
        echo "$be run $run: exit $? $(wc -l < /tmp/i8.$be.$run) lines sha $(sha256sum < /tmp/i8.$be.$run | cut -c1-16) $(head -c 200 /tmp/i8.$be.$run.err)"
    done
done
for f in /tmp/i8.cuda.* /tmp/i8.opencl.* /tmp/i8.cpu.2 /tmp/i8.cpu.3; do
    case $f in *.err) continue ;; esac
    cmp -s /tmp/i8.cpu.1 "$f" && echo "same as cpu run 1: $f" || echo "DIFFERS from cpu run 1: $f ($(diff /tmp/i8.cpu.1 "$f" | grep -c '^[<>]') lines)"
done | tee "$OUT/cli_compare.txt"
say "5. ocl_perf now and at c96baf8"
gcc $CF -DVYRE_BENCH_COMMIT="\"new\"" bench/ocl_perf.c bench/bench_corpus.c -o build/ocl-device/ocl_perf -lpthread -ldl -lm || exit 2
(cd .old && gcc $CF -DVYRE_BENCH_COMMIT="\"c96baf8\"" bench/ocl_perf.c bench/bench_corpus.c -o ../build/ocl-device/ocl_perf_old -lpthread -ldl -lm) || exit 2
for v in old new; do
    b=build/ocl-device/ocl_perf; [ $v = old ] && b=build/ocl-device/ocl_perf_old
    timeout 120 $b --bytes=1G --reps=3 --backends=opencl > "$OUT/ocl_perf_$v.txt" 2>&1; echo "ocl_perf $v exit $?"
    cat "$OUT/ocl_perf_$v.txt" | tail -14
done
say done
