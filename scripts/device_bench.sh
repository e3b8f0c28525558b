#!/bin/sh
# scripts/device_bench.sh - run the vyre benchmarks on the GPU machine.
#
# The GPU machine has Google Benchmark but no Hyperscan. On the developer
# machine, `make bench-kit` puts the C side (benchmark bodies, vyre with its
# CUDA and OpenCL backends, and the Hyperscan members they use, from the
# static libhs.a) into build/bench/kit/*.o; carry build/bench/kit and run
# this script from the repository root there:
#
#     sh scripts/device_bench.sh            # results in $OUT (or build/bench/device/)
#
# It links the C++ shim against that machine's libbenchmark, points the
# OpenCL ICD loader at NVIDIA's driver, runs the harness in three groups
# (each with its own time limit, so one slow group cannot lose the others),
# merges their JSON into h100.json, draws bench-h100.svg, and runs the
# standalone CPU-vs-Hyperscan benchmark. Knobs: BENCH_REPS (default 5),
# BENCH_MIN_TIME (0.05), BENCH_GT_GITLEAKS / BENCH_GT_RAND / BENCH_GT_OTHER (time
# limits of the three groups in seconds: 50, 110, 50),
# BENCH_CPU_CORPUS (256M), BENCH_NAME (h100).
# One custom group instead of the three (a before/after comparison,
# scripts/gpu_arch.sh): BENCH_GROUPS=custom runs the harness once with the
# caller's BENCH_PATTERNS / BENCH_WORKLOADS / BENCH_BACKENDS / BENCH_SIZES,
# limited to BENCH_GT_CUSTOM seconds (90); BENCH_CPU_VS_HS=0 skips the
# CPU-vs-Hyperscan run and BENCH_PLOT=0 the plot.
set -u
OUTDIR=${OUT:-build/bench/device}
KIT=${KIT:-build/bench/kit}
NAME=${BENCH_NAME:-h100}
REPS=${BENCH_REPS:-5}
export BENCH_MIN_TIME=${BENCH_MIN_TIME:-0.05}
mkdir -p "$OUTDIR"
LOG="$OUTDIR/device-log.txt"
exec 3>&1
exec > "$LOG.tmp" 2>&1 || true
exec 2>&1
T0=$(date +%s)
say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }

say "machine"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv,noheader 2>&1 | head -2
nproc; uname -r; g++ --version | head -1

# OpenCL: NVIDIA's driver has no ICD file there; give the loader one.
ICD=/tmp/vyre-icd
mkdir -p $ICD
NVOCL=$(ldconfig -p 2>/dev/null | awk '/libnvidia-opencl.so.1/ {print $NF; exit}')
[ -n "$NVOCL" ] || NVOCL=libnvidia-opencl.so.1
echo "$NVOCL" > $ICD/nvidia.icd
export OCL_ICD_VENDORS=$ICD
say "OpenCL ICD: $NVOCL"

# Link the shim against this machine's Google Benchmark.
BIN=/tmp/vyre_bench-$NAME
GB_INC=""
[ -f /usr/include/benchmark/benchmark.h ] || [ -f /usr/local/include/benchmark/benchmark.h ] || GB_INC="-I$KIT/include"
LINKOK=0
for pie in "" "-no-pie"; do
  if g++ -std=c++17 -O2 $pie $GB_INC -I. -Ibench bench/gbench_shim.cpp "$KIT/vyre_bench_c.o" \
      -lbenchmark -lpthread -ldl -lm -o $BIN; then LINKOK=1; break; fi
done
[ $LINKOK = 1 ] || { say "FAILED to link the shim"; ls /usr/lib/x86_64-linux-gnu | grep -i bench; mv "$LOG.tmp" "$LOG"; exit 1; }
[ "${BENCH_CPU_VS_HS:-1}" = 0 ] ||
  g++ -O2 "$KIT/cpu_vs_hs.o" "$KIT/vyre_bench_c.o" -lpthread -ldl -lm -o /tmp/cpu_vs_hs 2>&1 ||
  g++ -no-pie -O2 "$KIT/cpu_vs_hs.o" "$KIT/vyre_bench_c.o" -lpthread -ldl -lm -o /tmp/cpu_vs_hs
say "built"

run_group() { # name, time limit (s), then env assignments
  g=$1; lim=$2; shift 2
  say "group $g (limit ${lim}s): $*"
  env "$@" timeout "$lim" $BIN --benchmark_repetitions="$REPS" --benchmark_out="/tmp/bench-$NAME-$g.json" \
      --benchmark_out_format=json --benchmark_report_aggregates_only=false 2>&1 \
    | grep -v -E '_(mean|stddev|cv)\s' | grep -E 'median|SKIP|MISMATCH|bench:|vyre\.|ERROR|error' | cut -c1-220
  say "group $g exit $?"
}
if [ "${BENCH_GROUPS:-}" = custom ]; then
  run_group custom "${BENCH_GT_CUSTOM:-90}" BENCH_NAME="$NAME"
  PARTS="/tmp/bench-$NAME-custom.json"
else
  run_group scan-gitleaks "${BENCH_GT_GITLEAKS:-50}" BENCH_PATTERNS=gitleaks-ci BENCH_WORKLOADS=scan
  run_group scan-rand10k "${BENCH_GT_RAND:-110}" BENCH_PATTERNS=rand10k BENCH_WORKLOADS=scan
  run_group other "${BENCH_GT_OTHER:-50}" BENCH_PATTERNS=gitleaks-ci BENCH_WORKLOADS=count,session,oneshot,presence,pinned
  PARTS="/tmp/bench-$NAME-scan-gitleaks.json /tmp/bench-$NAME-scan-rand10k.json /tmp/bench-$NAME-other.json"
fi

# shellcheck disable=SC2086
python3 - "$OUTDIR/$NAME.json" $PARTS <<'EOF'
import json, sys
out, parts = sys.argv[1], sys.argv[2:]
merged = None
def load(p):
    text = open(p).read()
    try:
        return json.loads(text)
    except ValueError:
        pass
    # a group cut off by its time limit: keep the benchmarks written so far
    while True:
        i = text.rfind("\n    }")
        if i < 0:
            raise ValueError("no complete benchmark")
        try:
            d = json.loads(text[:i + 6] + "\n  ]\n}")
            print("merge: %s was cut off; kept %d entries" % (p, len(d.get("benchmarks", []))))
            return d
        except ValueError:
            text = text[:i]
for p in parts:
    try:
        d = load(p)
    except Exception as e:
        print("merge: skipping %s: %s" % (p, e)); continue
    if merged is None:
        merged = d
    else:
        for k, v in d.get("context", {}).items():
            merged["context"].setdefault(k, v)
        merged["benchmarks"] += d.get("benchmarks", [])
if merged:
    json.dump(merged, open(out, "w"), indent=1)
    print("merge: %d entries -> %s" % (len(merged["benchmarks"]), out))
EOF
[ "${BENCH_PLOT:-1}" = 0 ] || python3 scripts/bench_plot.py "$OUTDIR/$NAME.json" -o "$OUTDIR/bench-$NAME.svg" --ceilings \
  --title "vyre on $NAME: scan throughput against haystack size"

if [ "${BENCH_CPU_VS_HS:-1}" != 0 ]; then
  say "cpu_vs_hs"
  BENCH_PATTERNS=gitleaks-ci BENCH_CPU_CORPUS=${BENCH_CPU_CORPUS:-256M} BENCH_REPS=3 timeout 40 /tmp/cpu_vs_hs > "$OUTDIR/cpu_vs_hs-$NAME.txt" 2>&1
  cat "$OUTDIR/cpu_vs_hs-$NAME.txt"
fi
say "done"
mv "$LOG.tmp" "$LOG"
# the tail of the log is what the run tool shows
tail -c 11000 "$LOG" >&3 || true
