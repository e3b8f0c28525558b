#!/usr/bin/env bash
# tests/run.sh - run every test binary and script, sum their counts, print
# the total as the last line: `N passed, N failed, N skipped`.
#
# Each test prints `N passed, N failed[, N skipped]` as its last such line.
# A test that exits non-zero without reporting a failure (a crash, a
# sanitizer report), or that prints no summary, counts as one failure.
# Lines containing SKIPPED, FAIL or MISSING are echoed; the full output of
# each test is in build/tests/logs/NAME.log.
#
# Environment:
#   VYRE_REQUIRE_ALL_TESTS=1  a missing test of another area (test_cuda,
#                             test_ocl, test_cli.sh) counts as a failure
#                             (default 1 once they exist in the tree; see below)
#   VT_SCALE, VT_SEED, VT_FILTER, VT_VERBOSE  passed to the tests (tests/vt.h)
#   VT_ASAN_SCALE             VT_SCALE for the ASan+UBSan binaries (default 1)
#   VT_ONLY=name              run only tests whose name contains this
set -u
cd "$(dirname "$0")/.."

BT=${BUILD:-build}/tests
BA=${BUILD:-build}/asan
LOGS=$BT/logs
mkdir -p "$LOGS"

total_pass=0
total_fail=0
total_skip=0
summary=()

# tests of other areas: a missing one is reported loudly; it is a failure
# when VYRE_REQUIRE_ALL_TESTS=1
REQUIRE_ALL=${VYRE_REQUIRE_ALL_TESTS:-1}

add() { # name pass fail skip
    total_pass=$((total_pass + $2))
    total_fail=$((total_fail + $3))
    total_skip=$((total_skip + $4))
    summary+=("$(printf '%-34s %5d passed, %3d failed, %3d skipped' "$1" "$2" "$3" "$4")")
}

# run_test NAME CMD... : run, capture, parse the last summary line
run_test() {
    local name=$1
    shift
    case "$name" in *"${VT_ONLY:-}"*) ;; *) return 0 ;; esac
    local log="$LOGS/${name//\//_}.log" t0 t1 rc line p f s
    echo "--- $name"
    t0=$(date +%s)
    "$@" >"$log" 2>&1 </dev/null
    rc=$?
    t1=$(date +%s)
    grep -E 'SKIPPED|FAIL|MISSING|ERROR|runtime error|AddressSanitizer|LeakSanitizer|Assertion' "$log" | head -60
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$log" | tail -1)
    if [ -z "$line" ]; then
        tail -20 "$log" | sed 's/^/    | /'
        echo "FAIL $name: no summary line (exit status $rc)"
        add "$name" 0 1 0
        return 0
    fi
    p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
    s=0
    case "$line" in *skipped) s=$(echo "$line" | sed -E 's/.*, ([0-9]+) skipped$/\1/') ;; esac
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        tail -20 "$log" | sed 's/^/    | /'
        echo "FAIL $name: exit status $rc with no failure counted (crash or sanitizer report)"
        f=1
    fi
    echo "    $line ($((t1 - t0))s)"
    add "$name" "$p" "$f" "$s"
}

missing() { # name reason
    if [ "$REQUIRE_ALL" = 1 ]; then
        echo "MISSING (counts as a failure): $1: $2"
        add "$1" 0 1 0
    else
        echo "MISSING: $1: $2"
        summary+=("$(printf '%-34s MISSING' "$1")")
    fi
}

# checked_test NAME SOURCE BINARY CMD... : run CMD when SOURCE exists and BINARY was built
# (a missing binary is a build failure; a missing source, see missing above)
checked_test() {
    local name=$1 src=$2 bin=$3
    shift 3
    case "$name" in *"${VT_ONLY:-}"*) ;; *) return 0 ;; esac
    if [ ! -f "$src" ]; then
        missing "$name" "$src does not exist"
    elif [ ! -x "$bin" ]; then
        echo "FAIL $name: $bin was not built (see the make output above)"
        add "$name" 0 1 0
    else
        run_test "$name" "$@"
    fi
}

# a test binary: bin_test NAME BINARY SOURCE [env...]
bin_test() {
    local name=$1 bin=$2 src=$3
    shift 3
    checked_test "$name" "$src" "$bin" env "$@" "$bin"
}

# a script that tests the CLI: cli_test NAME (run as `sh tests/NAME build/vyre`)
cli_test() {
    checked_test "$1" "tests/$1" "${BUILD:-build}/vyre" sh "tests/$1" "${BUILD:-build}/vyre"
}

OWN="test_api test_internal test_session test_prop test_hs test_oom test_fuzz test_generic test_ingest test_ring test_engine test_regex test_ignore test_big test_multi test_rules test_re_kind"
TSAN="test_ring test_engine"

# 1. header compile tests
run_test compile_tests bash tests/compile_tests.sh

# 2. our unit, property, differential and injection tests
for t in $OWN; do
    bin_test "$t" "$BT/$t" "tests/$t.c" VT_SCALE="${VT_SCALE:-1}"
done

# 3. the same under ASan + UBSan
for t in $OWN; do
    bin_test "asan/$t" "$BA/$t" "tests/$t.c" VT_SCALE="${VT_ASAN_SCALE:-1}" \
        ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1:detect_stack_use_after_return=1" \
        UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
done

# 3b. the libFuzzer targets (tests/fuzz/), VYRE_FUZZ_SECONDS each (60 under CI, else 10)
for t in deserialize scan stream rules ring ignore regex; do
    run_test "fuzz/$t" bash tests/fuzz/run_fuzz.sh "$t"
done

# 3c. the lock-free parts under ThreadSanitizer
BTS=${BUILD:-build}/tsan
for t in $TSAN; do
    bin_test "tsan/$t" "$BTS/$t" "tests/$t.c" VT_SCALE="${VT_TSAN_SCALE:-1}" \
        TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
done

# 3d. regex oracles: Hyperscan (all-matches mode) and RE2 (leftmost-first mode)
bin_test test_re_hs "$BT/test_re_hs" tests/test_re_hs.c VT_SCALE="${VT_SCALE:-1}"
bin_test test_re2 "$BT/test_re2" tests/test_re2.cpp VT_SCALE="${VT_SCALE:-1}"
bin_test test_rules_re2 "$BT/test_rules_re2" tests/test_rules_re2.cpp

# 4. the other areas' tests
bin_test test_cuda "$BT/test_cuda" tests/test_cuda.c
bin_test test_ocl "$BT/test_ocl" tests/test_ocl.c
bin_test test_re_gpu "$BT/test_re_gpu" tests/test_re_gpu.c VT_SCALE="${VT_SCALE:-1}"

# 5. the CLI
for t in test_cli.sh test_cli_rg.sh test_cli_walk.sh test_parallel.sh test_rules_cli.sh test_cli_hs.sh; do
    cli_test "$t"
done

echo "=== summary"
for l in "${summary[@]}"; do echo "  $l"; done
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]
