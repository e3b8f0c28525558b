#!/bin/sh
# tests/test_cli_rg.sh - `vyre scan` against ripgrep on a generated tree.
#
#   sh tests/test_cli_rg.sh [PATH_TO_VYRE]     (default: $BUILD/vyre, BUILD=build)
#
# The tree has nested directories, .gitignore files with negations and
# anchored and directory-only patterns (in a repository: a .git directory
# with info/exclude), a .ignore file, hidden files and directories, symbolic
# links to files and directories and a loop, binary files, CRLF text,
# non-ASCII names and a file over the size cap. For each flag combination
# the two tools share, vyre's output must equal ripgrep's (both sorted:
# ripgrep's order is not the walk order):
#
#   vyre scan -e PAT ...     rg --hidden -g '!.git' -a -F -o -n --column -H --no-heading -e PAT ...
#
# vyre scans hidden files and binary files by default and skips .git
# directories; --hidden -g '!.git' -a make ripgrep do the same. The
# patterns never overlap themselves or each other, so ripgrep's
# non-overlapping -o matches are all the matches vyre reports. Where the
# tools count differently the ripgrep side uses its matching option
# (vyre -c counts matches: rg --count-matches; vyre -c also prints PATH:0).
# ripgrep runs with -j1 (deterministic); vyre runs with VYRE_CLI_WALK_THREADS=1
# and =4 (the serial and the parallel walk). One known ripgrep 13 divergence from
# git is checked against git check-ignore instead (see below).
# Ends with "N passed, N failed"; without rg every check is SKIPPED.

VYRE=${1:-${BUILD:-build}/vyre}
case $VYRE in /*) ;; *) VYRE=$(pwd)/$VYRE ;; esac
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "FAIL - $1"; }
if ! command -v rg >/dev/null 2>&1 || ! command -v git >/dev/null 2>&1; then
    if [ -n "${CI:-}" ]; then echo "FAIL - ripgrep or git is missing in CI (.ci/run installs them)"; echo "0 passed, 1 failed"; exit 1; fi
    echo "SKIPPED - ripgrep or git is not installed (apt-get install ripgrep git)"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi
if [ ! -x "$VYRE" ]; then echo "FAIL - $VYRE is not built"; echo "0 passed, 1 failed"; exit 1; fi
T=$(mktemp -d "${TMPDIR:-/tmp}/vyre-rg-test.XXXXXX") || { echo "0 passed, 1 failed"; exit 1; }
trap 'rm -rf "$T"' EXIT
trap 'exit 1' INT TERM
unset RIPGREP_CONFIG_PATH VYRE_CLI_CHUNK VYRE_CLI_SMALL VYRE_CLI_BATCH VYRE_CLI_PROGRESS VYRE_CLI_WALK_THREADS
export HOME="$T" XDG_CONFIG_HOME="$T" GIT_CONFIG_NOSYSTEM=1 LC_ALL=C
echo "# $(rg --version 2>/dev/null | sed -n 1p)"

R=$T/tree
mkdir -p "$R" && git init -q "$R" || { echo "FAIL - git init"; echo "0 passed, 1 failed"; exit 1; }
mkdir -p "$R/.git/info" "$R/a/b/c" "$R/a/build" "$R/build" "$R/node_modules/pkg" "$R/.hid/deep" "$R/docs/x/gen" \
    "$R/logs" "$R/sp ace" "$R/vendor/lib" "$R/Temp" "$R/real"
line() { printf '%s\n' "$@"; }
# text files: the pattern words at line starts, ends, several per line, CRLF
line "nothing here" "AKIA at start" "mid AKIA and tok3n and AKIA" "end AKIA" >"$R/top.txt"
printf 'crlf AKIA\r\nsecond tok3n line\r\n\r\nAKIA\r\n' >"$R/crlf.txt"
line "x AKIA" >"$R/a/one.txt"
line "AKIA" "AKIAAKIA" "wordAKIA AKIA_x (AKIA)" >"$R/a/b/two.txt"
line "tok3n" >"$R/a/b/c/three.md"
line "AKIA in a log" >"$R/a/keep.log"
line "AKIA ignored log" >"$R/top.log"
line "AKIA kept log" >"$R/keep.log"
line "AKIA build" >"$R/build/out.txt"
line "AKIA nested build (not anchored away)" >"$R/a/build/out.txt"
line "AKIA node" >"$R/node_modules/pkg/index.js"
line "AKIA hidden" >"$R/.hid/deep/h.txt"
line "AKIA=dotenv" >"$R/.env"
line "AKIA gen" >"$R/docs/x/gen/g.txt"
line "AKIA docs" >"$R/docs/x/d.txt"
line "AKIA secret1" >"$R/a/secret1.txt"
line "AKIA secret12" >"$R/a/secret12.txt"
line "AKIA anchored" >"$R/a/anch.txt"
line "AKIA not anchored here" >"$R/a/b/anch.txt"
line "AKIA space" >"$R/sp ace/f i le.txt"
line "AKIA caf" >"$R/café.txt"
line "AKIA vendor" >"$R/vendor/lib/v.txt"
line "AKIA temp" >"$R/Temp/t.txt"
line "AKIA temp2" >"$R/temp.txt"
line "AKIA excluded by info/exclude" >"$R/excluded.txt"
line "AKIA real" "tok3n real" >"$R/real/r.txt"
line "AKIA in .git" >"$R/.git/description"
printf 'bin\000ary AKIA\000\nAKIA after\n' >"$R/a/bin.dat"
printf 'AKIA first\n\000 then NUL\n' >"$R/a/late.bin"
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "line %d AKIA filler filler filler\n", i }' >"$R/big.txt"
# ignore rules
line '*.log' '!keep.log' '/build/' 'node_modules/' 'docs/**/gen' '[Tt]emp*' '!/Temp/' >"$R/.gitignore"
line '!*.log' 'secret?.txt' '/anch.txt' >"$R/a/.gitignore"
line 'vendor/' >"$R/.ignore"
line 'excluded.txt' >"$R/.git/info/exclude"
# links: to a file, to a directory, dangling, a loop
ln -s "$R/real/r.txt" "$R/a/link-file"
ln -s ../real "$R/a/link-dir"
ln -s "$R/nowhere" "$R/a/dangling"
ln -s .. "$R/a/b/loop"

# vyre_vs_rg DESC "VYRE ARGS" "RG ARGS" [FILTER]: sorted stdout must be equal, for the serial
# walk (VYRE_CLI_WALK_THREADS=1) and the parallel one (4 threads)
cmp_run() {
    desc=$1 va=$2 ra=$3
    (cd "$T" && eval "rg -j1 $ra" >"$T/r.out" 2>"$T/r.err"); rrc=$?
    tr '\000' '\n' <"$T/r.out" | sort >"$T/r.s"
    for wt in 1 4; do
        (cd "$T" && eval "VYRE_CLI_WALK_THREADS=$wt \"\$VYRE\" scan $va" >"$T/v.out" 2>"$T/v.err"); vrc=$?
        if [ -n "${FILTER:-}" ]; then grep -v -- "$FILTER" "$T/v.out" >"$T/v.f"; mv "$T/v.f" "$T/v.out"; fi
        tr '\000' '\n' <"$T/v.out" | sort >"$T/v.s"
        if cmp -s "$T/v.s" "$T/r.s" && [ -s "$T/r.s" ] && { [ $vrc -eq $rrc ] || [ "${ANYRC:-0}" = 1 ]; }; then
            ok "$desc ($(wc -l <"$T/r.s") lines, exit $vrc, $wt walk threads)"
        else
            bad "$desc: vyre exit $vrc ($wt walk threads), rg exit $rrc"
            echo "  vyre: scan $va"; echo "  rg:   $ra"
            diff "$T/r.s" "$T/v.s" | sed -n '1,12s/^/    /p'
            sed -n '1,3s/^/    vyre stderr: /p' "$T/v.err"
        fi
    done
}
RG="--hidden -g '!.git' -a -F -o -n --column -H --no-heading"

# ---- output formats, one and several patterns
cmp_run "default: PATH:LINE:COLUMN:MATCH" "-e AKIA tree" "$RG -e AKIA tree"
cmp_run "two patterns" "-e AKIA -e tok3n tree" "$RG -e AKIA -e tok3n tree"
cmp_run "-i prints the bytes that matched" "-i -e akia -e TOK3N tree" "$RG -i -e akia -e TOK3N tree"
cmp_run "-w word boundaries" "-w -e AKIA tree" "$RG -w -e AKIA tree"
cmp_run "-b byte offsets" "-b -e AKIA tree" "$RG -b -e AKIA tree"
cmp_run "-h / rg -I: no file name" "-h -e tok3n tree/a" "$RG -I -e tok3n tree/a"
cmp_run "-r -F -n -o -H --column are accepted (the default)" "-rFnoH --column -e AKIA tree" "$RG -e AKIA tree"
cmp_run "--regexp= and --ignore-case" "--regexp=akia --ignore-case tree/a" "$RG --regexp=akia --ignore-case tree/a"
# -E: the patterns are regexes (RE2/Go syntax); rg's regex engine is leftmost-first too, and these
# patterns cannot overlap themselves or each other, so every mode lists the same matches
cmp_run "-E --leftmost-first: regexes, as rg" "-E --leftmost-first -e 'AK[A-Z]A' -e 'tok[0-9]n' tree" "--hidden -g '!.git' -a -o -n --column -H --no-heading -e 'AK[A-Z]A' -e 'tok[0-9]n' tree"
cmp_run "-E (all matches) on non-overlapping regexes, as rg" "-E -i -e 'ak[a-z]a' tree" "--hidden -g '!.git' -a -o -n --column -H --no-heading -i -e 'ak[a-z]a' tree"
printf 'AKIA\ntok3n\n' >"$T/pats"
cmp_run "-f FILE (rg -f)" "-f pats tree" "$RG -f pats tree"
cmp_run "-l files with matches" "-l -e tok3n tree" "--hidden -g '!.git' -a -F -l -e tok3n tree"
cmp_run "-l -0" "-l -0 -e tok3n tree" "--hidden -g '!.git' -a -F -l -0 -e tok3n tree"
FILTER=':0$' cmp_run "-c counts matches (rg --count-matches; vyre also prints PATH:0)" "-c -e AKIA tree" "--hidden -g '!.git' -a -F --count-matches -H -e AKIA tree"
FILTER=':0$' cmp_run "-c -w" "-c -w -e AKIA tree/a/b" "--hidden -a -F -w --count-matches -H -e AKIA tree/a/b"
# -m NUM counts matching lines, as rg (the matches of the first NUM matching lines of each file)
cmp_run "-m 1 (lines, as rg)" "-m 1 -e AKIA -e tok3n tree" "$RG -m 1 -e AKIA -e tok3n tree"
cmp_run "-m 2 -w" "-m 2 -w -e AKIA tree" "$RG -m 2 -w -e AKIA tree"
cmp_run "--max-count=3 -i" "--max-count=3 -i -e akia tree" "$RG --max-count=3 -i -e akia tree"
FILTER=':0$' cmp_run "-c -m 2 (rg --count-matches -m 2)" "-c -m 2 -e AKIA tree" "--hidden -g '!.git' -a -F --count-matches -H -m 2 -e AKIA tree"
cmp_run "-l -m 1" "-l -m 1 -e tok3n tree" "--hidden -g '!.git' -a -F -l -m 1 -e tok3n tree"
# standard input as a log filter (--line-buffered: the engine path) prints what rg prints for the same bytes
(cd "$T" && cat tree/top.txt tree/crlf.txt tree/a/b/two.txt | "$VYRE" scan --line-buffered -e AKIA -e tok3n >"$T/v.out" 2>"$T/v.err"); vrc=$?
(cd "$T" && cat tree/top.txt tree/crlf.txt tree/a/b/two.txt | rg -F -o -n --column -H --no-heading --line-buffered -e AKIA -e tok3n - >"$T/r.out" 2>&1); rrc=$?
sed 's/^<stdin>:/(standard input):/' "$T/r.out" >"$T/r.s"
if [ $vrc -eq $rrc ] && [ -s "$T/r.s" ] && cmp -s "$T/v.out" "$T/r.s"; then ok "--line-buffered standard input equals rg --line-buffered - ($(wc -l <"$T/r.s") lines)"
else bad "--line-buffered stdin vs rg: vyre $vrc rg $rrc"; diff "$T/r.s" "$T/v.out" | sed -n '1,8s/^/    /p'; fi

# ---- scope
cmp_run "--no-ignore (.git walked too, as rg --hidden --no-ignore)" "--no-ignore -e AKIA tree" "--hidden --no-ignore -a -F -o -n --column -H --no-heading -e AKIA tree"
cmp_run "-u: no ignore files, .git still skipped" "-u -e AKIA tree" "$RG --no-ignore -e AKIA tree"
cmp_run "-uu" "-uu -e AKIA tree" "--hidden --no-ignore -a -F -o -n --column -H --no-heading -e AKIA tree"
cmp_run "-g include glob" "-g '*.txt' -e AKIA tree" "$RG -g '*.txt' -e AKIA tree"
cmp_run "-g exclude globs (directory, anchored at the current directory as rg)" "-g '!a/' -g '!/tree/real' -e AKIA tree" "$RG -g '!a/' -g '!/tree/real' -e AKIA tree"
cmp_run "-g anchored at the current directory does not match below the PATH" "-g '!/real' -e AKIA tree" "$RG -g '!/real' -e AKIA tree"
cmp_run "-g with ** and a class" "-g '**/[a-c]/*.txt' -e AKIA tree" "$RG -g '**/[a-c]/*.txt' -e AKIA tree"
cmp_run "-g overrides .gitignore" "-g '*.log' -e AKIA tree" "$RG -g '*.log' -e AKIA tree"
cmp_run "--max-filesize" "--max-filesize=10K -e AKIA tree" "$RG --max-filesize=10K -e AKIA tree"
cmp_run "--binary=skip (rg without -a; NUL in the first bytes)" "--binary=skip -e AKIA tree" "--hidden -g '!.git' -F -o -n --column -H --no-heading -e AKIA tree"
ANYRC=1 cmp_run "-L follows links; the loop is walked once (rg reports it as an error)" "-L -e AKIA tree" "$RG -L -e AKIA tree"
cmp_run "a directory symlink named on the command line is walked" "-e AKIA tree/a/link-dir" "$RG -e AKIA tree/a/link-dir"
cmp_run "a file symlink named on the command line is scanned" "-e AKIA tree/a/link-file" "$RG -e AKIA tree/a/link-file"
cmp_run "a subdirectory PATH: parent .gitignore rules apply" "-e AKIA tree/a" "$RG -e AKIA tree/a"
cmp_run "a PATH inside an ignored directory is scanned when named" "-e AKIA tree/build" "$RG -e AKIA tree/build"
cmp_run "an ignored file named on the command line is scanned" "-e AKIA tree/top.log" "$RG -e AKIA tree/top.log"
cmp_run "several PATHs" "-e AKIA tree/a/b tree/real tree/crlf.txt" "$RG -e AKIA tree/a/b tree/real tree/crlf.txt"
# ripgrep 13 does not apply a parent's anchored pattern (docs/**/gen in tree/.gitignore) when the
# PATH is tree/docs (single-threaded never, parallel sometimes); vyre follows git check-ignore
(cd "$T" && "$VYRE" scan -l -e AKIA tree/docs >"$T/v.out" 2>&1)
printf '%s\n' tree/docs/x/d.txt >"$T/exp"
if cmp -s "$T/v.out" "$T/exp" && (cd "$R" && git check-ignore -q docs/x/gen/g.txt); then
    ok "a parent's anchored pattern applies below a sub-PATH, as git check-ignore says (rg 13 differs)"
else bad "parent anchored pattern under tree/docs"; cat "$T/v.out"; fi
(cd "$R" && "$VYRE" scan -e AKIA >"$T/v.out" 2>&1 </dev/null); vrc=$?
if [ $vrc -eq 1 ]; then ok "no PATH and an empty, non-terminal stdin: stdin is scanned (exit 1)"; else bad "no PATH, stdin /dev/null: exit $vrc"; fi

# ---- exit codes
(cd "$T" && "$VYRE" scan -q -e AKIA tree); v=$?; (cd "$T" && rg -q -F -e AKIA tree); r=$?
if [ $v -eq 0 ] && [ $r -eq 0 ]; then ok "-q with a match: exit 0 as rg"; else bad "-q: vyre $v rg $r"; fi
(cd "$T" && "$VYRE" scan -q -e NOPE_NOT_THERE tree); v=$?; (cd "$T" && rg -q -F -e NOPE_NOT_THERE tree); r=$?
if [ $v -eq 1 ] && [ $r -eq 1 ]; then ok "no match: exit 1 as rg"; else bad "no match: vyre $v rg $r"; fi
(cd "$T" && "$VYRE" scan -e AKIA tree/missing >/dev/null 2>&1); v=$?; (cd "$T" && rg -F -e AKIA tree/missing >/dev/null 2>&1); r=$?
if [ $v -eq 2 ] && [ $r -eq 2 ]; then ok "a missing PATH: exit 2 as rg"; else bad "missing PATH: vyre $v rg $r"; fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
