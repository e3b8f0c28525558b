#!/usr/bin/env bash
# scripts/gpu_s10b.sh - session 10, second GPU-machine call: the parallel walk (issue 10) and the rules
# confirm/decoder changes (issue 12), each against the session's base build in the same call.
# Carry build/vyre (this tree) and build/vyre-base (0a7e5a8, the session's start); .tools/rg travels
# untracked. Logs in $OUT.
set -u
OUT=${OUT:-build/s10b}
mkdir -p "$OUT"
T0=$(date +%s); say() { echo "[$(( $(date +%s) - T0 ))s] $*"; }
B=""; for p in /usr/share /usr/include /usr/local/cuda/include /opt; do [ -d "$p" ] && B="$B $p"; done
say "warm tree B and A"
find $B /usr/lib/x86_64-linux-gnu -type f -print0 2>/dev/null | xargs -0 -P16 cat > /dev/null 2>&1
for v in vyre vyre-base; do
  say "bench_ingest $v"
  env VYRE_BENCH_COMMIT=$v REPS=3 MM=0 OUT="$OUT/ingest-$v" bash scripts/bench_ingest.sh .tools/rg build/$v > "$OUT/ingest-$v.log" 2>&1; echo "exit $?"
  grep -E "^\|" "$OUT/ingest-$v.log" | head -20
done
say "bench_walk cuda, tree B"
env REPS=3 BACKENDS="cuda" WALK="1 4 8 16" OUT="$OUT/walk" bash scripts/bench_walk.sh build/vyre > "$OUT/walk.log" 2>&1; echo "exit $?"; tail -8 "$OUT/walk.log"
for v in vyre vyre-base vyre vyre-base; do
  say "rules $v, tree B"
  /usr/bin/time -f "%e s wall %U user %S sys %M KB %P" -o "$OUT/rules-$v.time" timeout 120 build/$v scan --rules default --report-format=json $B > "$OUT/rules-$v.json" 2>"$OUT/rules-$v.err"
  echo "exit $? findings $(grep -c '"RuleID"' "$OUT/rules-$v.json")"; cat "$OUT/rules-$v.time"
done
cmp "$OUT/rules-vyre.json" "$OUT/rules-vyre-base.json" && echo "rules JSON identical"
say done
