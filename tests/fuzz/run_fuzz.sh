#!/usr/bin/env bash
# tests/fuzz/run_fuzz.sh NAME [SECONDS] - run one libFuzzer target (built by
# `make fuzz-build` as build/fuzz/fuzz_NAME with ASan+UBSan) for SECONDS
# (default $VYRE_FUZZ_SECONDS, else 60 under CI, else 10) on its seed corpus
# tests/fuzz/corpus/NAME (read-only; new inputs go to build/fuzz/corpus_NAME).
# Prints `1 passed, 0 failed` when the run ends clean, `0 passed, 1 failed`
# with the crash input's path otherwise (libFuzzer writes it to build/fuzz/).
# A crash input becomes a regression test by copying it into the seed corpus.
set -u
NAME=$1
SECS=${2:-${VYRE_FUZZ_SECONDS:-$([ "${CI:-}" = true ] && echo 60 || echo 10)}}
B=${BUILD:-build}/fuzz
BIN=$B/fuzz_$NAME
if [ ! -x "$BIN" ]; then
    echo "SKIPPED fuzz_$NAME: $BIN not built (needs clang with libFuzzer: make fuzz-build)"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi
mkdir -p "$B/corpus_$NAME" "$B/crashes_$NAME"
echo "fuzz_$NAME: $SECS s on tests/fuzz/corpus/$NAME ($(ls tests/fuzz/corpus/$NAME | wc -l) seeds)"
# the seeds first, alone: each one is a regression input and must pass
"$BIN" -runs=0 tests/fuzz/corpus/$NAME > "$B/seeds_$NAME.log" 2>&1 || { tail -30 "$B/seeds_$NAME.log"; echo "FAIL: a seed input of fuzz_$NAME fails"; echo "0 passed, 1 failed"; exit 1; }
ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "$BIN" -max_total_time="$SECS" -max_len=4096 -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$B/crashes_$NAME/" "$B/corpus_$NAME" tests/fuzz/corpus/$NAME > "$B/run_$NAME.log" 2>&1
rc=$?
grep -E "stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs" "$B/run_$NAME.log" | tail -3
if [ $rc -ne 0 ]; then
    tail -40 "$B/run_$NAME.log"
    echo "FAIL: fuzz_$NAME found a failing input: $(ls "$B/crashes_$NAME" | head -3)"
    echo "0 passed, 1 failed"
    exit 1
fi
echo "1 passed, 0 failed"
