#!/bin/sh
# tests/test_cli_hs.sh - `vyre scan` against Hyperscan in every output format.
#
#   sh tests/test_cli_hs.sh [PATH_TO_VYRE]     (default: $BUILD/vyre, BUILD=build)
#
# Generates trees (nested directories, empty and large files, text with LF
# and CRLF, NUL and 0xff bytes, files streamed in chunks and files batched)
# and random literal sets (1 to 2,000 literals of 2 to 12 bytes over a small
# alphabet, so matches overlap, share ends and repeat; duplicates included).
# tests/cli_hs.c computes what vyre must print with Hyperscan
# (hs_compile_lit_multi, HS_FLAG_SOM_LEFTMOST, block mode, one whole file at
# a time), and every record of every format must be equal, on the CPU
# backend and on the OpenCL backend (POCL in CI; SKIPPED where no OpenCL
# device loads):
#
#   default PATH:LINE:COLUMN:MATCH, -o, -b, --format=offsets, --json
#   (decoded with python3: path, pattern, start, end, line, column, matched
#   bytes), -c, -l, -w, -i, -m NUM (lines), -w -m with -c, and
#   --line-buffered standard input (the engine path; CPU).
#
# Ends with "N passed, N failed[, N skipped]".

VYRE=${1:-${BUILD:-build}/vyre}
CC=${CC:-cc}
case $VYRE in /*) ;; *) VYRE=$(pwd)/$VYRE ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
pass=0
fail=0
skipn=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "FAIL - $1"; }
skip() { skipn=$((skipn + 1)); echo "SKIPPED - $1"; }
finish() { echo "$pass passed, $fail failed, $skipn skipped"; [ $fail -eq 0 ]; exit $?; }
unset VYRE_CLI_CHUNK VYRE_CLI_SMALL VYRE_CLI_BATCH VYRE_CLI_PROGRESS
export LC_ALL=C

if [ ! -x "$VYRE" ]; then bad "$VYRE is not built (run make)"; finish; fi
T=$(mktemp -d "${TMPDIR:-/tmp}/vyre-cli-hs.XXXXXX") || { bad "mktemp"; finish; }
trap 'rm -rf "$T"' EXIT
trap 'exit 1' INT TERM
if ! $CC -std=c99 -O2 -o "$T/cli_hs" "$HERE/cli_hs.c" -lhs 2>"$T/cc.err"; then
    if [ -n "${CI:-}" ]; then bad "cannot build tests/cli_hs.c against Hyperscan (libhs-dev) in CI"; sed 's/^/    /' "$T/cc.err"; finish; fi
    skip "Hyperscan (libhs-dev) is not installed: no CLI differential test"; finish
fi
if ! command -v python3 >/dev/null 2>&1; then
    if [ -n "${CI:-}" ]; then bad "python3 is missing in CI"; finish; fi
    skip "python3 is not installed (it generates the data and decodes --json)"; finish
fi
HS=$T/cli_hs
CHK_ENV=
# a hang is a failure, not a stuck test
TO=; command -v timeout >/dev/null 2>&1 && TO="timeout ${VYRE_CLI_HS_TIMEOUT:-60}"

# gen SEED NPATS: the tree $T/t$SEED and the pattern file $T/p$SEED
gen() {
    python3 - "$T" "$1" "$2" <<'PY'
import os, random, sys
root, seed, npats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(seed)
alpha = [b"a", b"b", b"A", b"B", b"_", b" ", b"\n", b"\r\n", b"\x00", b"\xff", b"c", b"ab", b"ba"]
weights = [8, 6, 3, 2, 1, 2, 2, 1, 1, 1, 2, 4, 3]
top = os.path.join(root, "t%d" % seed)
dirs = ["", "x", "x/y", "x/y/z", "B", "a-c", "a"]
for d in dirs:
    os.makedirs(os.path.join(top, d), exist_ok=True)
for f in range(24):
    r = rnd.random()
    n = 0 if r < 0.08 else rnd.randint(1, 200) if r < 0.5 else rnd.randint(200, 6000) if r < 0.96 else rnd.randint(1050000, 1200000)
    parts, size = [], 0
    while size < n:
        p = rnd.choices(alpha, weights)[0]
        parts.append(p)
        size += len(p)
    d = rnd.choice(dirs)
    with open(os.path.join(top, d, "f%02d%s" % (f, rnd.choice(["", ".txt", ".bin", ".log"]))), "wb") as fh:
        fh.write(b"".join(parts))
pal = [b"a", b"b", b"A", b"B", b"_", b" ", b"\x00", b"\xff", b"c", b"\r"]
pw = [8, 6, 2, 2, 1, 1, 1, 1, 2, 1]
pats = []
for i in range(npats):
    n = rnd.choice([2, 3, 3, 4, 5, 6, 8, 12] if npats < 100 else [4, 5, 6, 8, 12])
    p = b"".join(rnd.choices(pal, pw, k=n))
    while p.endswith(b"\r"):
        p = p[:-1]
    if not p:
        p = b"ab"
    pats.append(p)
if npats > 3:
    pats.append(pats[1])  # a duplicate: reported under each id
with open(os.path.join(root, "p%d" % seed), "wb") as fh:
    fh.write(b"\n".join(pats) + b"\n")
PY
}

# vyre's --json lines -> cli_hs canon lines
decode_json() {
    python3 -c '
import json, sys
for line in sys.stdin.buffer:
    line.decode("utf-8")
    o = json.loads(line)
    path = bytes.fromhex(o["path_hex"]).decode("latin-1") if "path_hex" in o else o["path"]
    m = bytes.fromhex(o["match_hex"]) if "match_hex" in o else o["match"].encode("utf-8")
    print("%s|%d|%d|%d|%d|%d|%s" % (path, o["pattern"], o["start"], o["end"], o["line"], o["column"], m.hex()))
'
}

# check DESC BACKEND "VYRE OPTS" "HS MODE AND OPTS" SEED [json]
check() {
    desc=$1 be=$2 vo=$3 ho=$4 s=$5
    (cd "$T" && $HS $ho -f p$s t$s) >"$T/hs.out" 2>"$T/hs.err"; hrc=$?
    if [ "${6:-}" = json ]; then
        (cd "$T" && { $TO env $CHK_ENV "$VYRE" scan --backend=$be $vo -f p$s t$s 2>"$T/v.err"; echo $? >"$T/v.rc"; } | decode_json) >"$T/v.out" 2>"$T/dec.err"
        vrc=$(cat "$T/v.rc")
        [ -s "$T/dec.err" ] && { vrc=9; sed -n '$s/^/    json: /p' "$T/dec.err" >>"$T/v.err"; }
    else
        (cd "$T" && $TO env $CHK_ENV "$VYRE" scan --backend=$be $vo -f p$s t$s) >"$T/v.out" 2>"$T/v.err"; vrc=$?
        [ $vrc -eq 124 ] && echo "    (vyre timed out: a hang)" >>"$T/v.err"
    fi
    if [ $hrc -le 1 ] && [ $vrc -eq $hrc ] && cmp -s "$T/v.out" "$T/hs.out"; then
        ok "$desc [$be, set $s] ($(wc -l <"$T/hs.out") records, exit $vrc)"
    else
        bad "$desc [$be, set $s]: vyre exit $vrc, cli_hs exit $hrc, $(wc -l <"$T/v.out") vs $(wc -l <"$T/hs.out") records"
        echo "    vyre scan --backend=$be $vo -f p$s t$s"
        diff "$T/hs.out" "$T/v.out" | sed -n '1,8s/^/    /p'
        sed -n '1,3s/^/    stderr: /p' "$T/v.err" "$T/hs.err"
    fi
}

backends=cpu
[ -n "${VYRE_CLI_HS_BACKENDS:-}" ] && backends=$VYRE_CLI_HS_BACKENDS
if [ -n "${VYRE_CLI_HS_BACKENDS:-}" ]; then :; elif (cd "$T" && printf 'x\n' >o.txt && "$VYRE" scan --backend=opencl -c -e x o.txt >/dev/null 2>"$T/ocl.err"); then
    backends="cpu opencl"
else
    if [ -n "${CI:-}" ]; then bad "--backend=opencl is unavailable in CI (POCL): $(head -1 "$T/ocl.err")"; else skip "OpenCL backend: $(head -1 "$T/ocl.err")"; fi
fi

for spec in "1:1" "2:12" "3:200" "4:2000"; do
    s=${spec%%:*}
    gen "$s" "${spec#*:}" || { bad "generating set $s"; continue; }
    for be in $backends; do
        check "default PATH:LINE:COLUMN:MATCH" $be "" "lines" $s
        check "-o (the default)" $be "-o -n" "lines" $s
        check "-b" $be "-b" "bytes" $s
        check "--format=offsets" $be "--format=offsets" "offsets" $s
        check "--json" $be "--json" "canon" $s json
        check "-c" $be "-c" "count" $s
        check "-l" $be "-l" "list" $s
        check "-i" $be "-i" "lines -i" $s
        check "-w" $be "-w" "lines -w" $s
        check "-m 3 (lines)" $be "-m 3" "lines -m 3" $s
        check "-i -w -m 2 -c" $be "-i -w -m 2 -c" "count -i -w -m 2" $s
        check "-i -l" $be "-i -l" "list -i" $s
    done
    # chunked and batched differently: the same records
    CHK_ENV="VYRE_CLI_SMALL=0 VYRE_CLI_CHUNK=4093" check "streamed in 4093-byte chunks, -b" cpu "-b" "bytes" $s
    CHK_ENV="VYRE_CLI_SMALL=100000 VYRE_CLI_BATCH=200000" check "small batches, --format=offsets" cpu "--format=offsets" "offsets" $s
    CHK_ENV=
done
# --line-buffered standard input (the engine): the records of a file with the same bytes
for s in 2 3; do
    f=$(cd "$T" && find t$s -type f -size +1k -size -40k | sort | head -1)
    (cd "$T" && $HS bytes -f p$s "$f" | sed "s|^$f:|(standard input):|") >"$T/hs.out"
    "$VYRE" scan --line-buffered --backend=cpu -b -f "$T/p$s" <"$T/$f" >"$T/v.out" 2>"$T/v.err"
    if [ -s "$T/hs.out" ] && cmp -s "$T/v.out" "$T/hs.out"; then ok "--line-buffered standard input (engine), -b [set $s] ($(wc -l <"$T/hs.out") records)"
    else bad "--line-buffered standard input [set $s]"; diff "$T/hs.out" "$T/v.out" | sed -n '1,8s/^/    /p'; fi
done
finish
