#!/bin/sh
# tests/test_cli_walk.sh - the parallel walk of `vyre scan` (VYRE_CLI_WALK_THREADS > 1)
# against the serial walk (VYRE_CLI_WALK_THREADS=1) on a generated tree.
#
#   sh tests/test_cli_walk.sh [PATH_TO_VYRE]     (default: $BUILD/vyre, BUILD=build)
#
# The tree: a few thousand files in deep (80 levels) and wide (600 entries)
# directories, names that sort byte-wise in awkward ways (a, "a b", a.b, a-b,
# A, bytes over 0x7f), a git repository with .gitignore files at several
# levels, .git/info/exclude and a nested repository, a part outside any
# repository (its .gitignore files do not apply, its .ignore files do), .ignore
# files, hidden files, symbolic links to files, to directories, dangling and
# in loops (-L), binary files (--binary=skip), large files (--max-filesize),
# a FIFO, paths over PATH_MAX (ENAMETOOLONG errors inside the walk) and, run
# as an unprivileged user (setpriv to nobody when the test runs as root), an
# unreadable directory and a directory that can be listed but not searched
# (every entry's lstat fails, as for files that vanish between the listing
# and the lstat). For every mode and option set, stdout, stderr (-v: less
# its timing lines) and the exit status with 2, 4 and 8 walk threads (three
# runs each) must be byte-identical to the serial walk's; a mismatch prints
# the first differing lines. Then a writer deletes and recreates one
# directory while the tree is walked 8 times (1 to 8 threads): everything
# outside it must be as in a quiet run, inside it only vanish-type errors.
# Bad VYRE_CLI_WALK_THREADS values must exit 2 with a Fix: hint. Ends with
# "N passed, N failed".

VYRE=${1:-${BUILD:-build}/vyre}
case $VYRE in /*) ;; *) VYRE=$(pwd)/$VYRE ;; esac
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "FAIL - $1"; }
if [ ! -x "$VYRE" ]; then echo "FAIL - $VYRE is not built"; echo "0 passed, 1 failed"; exit 1; fi
T=$(mktemp -d "${TMPDIR:-/tmp}/vyre-walk-test.XXXXXX") || { echo "0 passed, 1 failed"; exit 1; }
chmod 755 "$T"
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM
unset VYRE_CLI_CHUNK VYRE_CLI_SMALL VYRE_CLI_BATCH VYRE_CLI_PROGRESS VYRE_CLI_WALK_THREADS
export LC_ALL=C
# the binary and the tree readable by an unprivileged user
cp "$VYRE" "$T/vyre" && chmod 755 "$T/vyre"
AS=""
if [ "$(id -u)" = 0 ]; then
    if command -v setpriv >/dev/null 2>&1 && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
        AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
    fi
fi
PERMS=1
if [ "$(id -u)" = 0 ] && [ -z "$AS" ]; then PERMS=0; echo "# running as root without setpriv: no unreadable-directory checks"; fi

R=$T/tree
mkdir -p "$R/repo/.git/info" "$R/plain" || exit 1
# ---- the generated part: wide and deep directories, thousands of files (awk writes them)
awk -v R="$R" 'BEGIN {
    n = 0
    # wide: 600 files and 40 subdirectories of 12 files
    dirs[n++] = R "/repo/wide"
    for (i = 0; i < 40; i++) dirs[n++] = sprintf("%s/repo/wide/sub%02d", R, i)
    # a tree of fanout 5, depth 4 (780 directories) under repo/t and plain/t
    for (a = 0; a < 5; a++) for (b = 0; b < 5; b++) for (c = 0; c < 5; c++) {
        dirs[n++] = sprintf("%s/repo/t/n%d/n%d/n%d", R, a, b, c)
        dirs[n++] = sprintf("%s/plain/t/n%d/n%d/n%d", R, a, b, c)
    }
    # deep: 80 levels (deeper than the 64 ancestors a listing keeps on its stack)
    p = R "/repo/deep"
    for (i = 0; i < 80; i++) { p = p "/d" i; dirs[n++] = p }
    for (i = 0; i < n; i++) print dirs[i] > (R "/../dirs")
}'
tr '\n' '\000' <"$T/dirs" | xargs -0 mkdir -p || exit 1
awk -v R="$R" '
function put(path, k,   j) {
    for (j = 0; j <= k % 4; j++) printf "line %d of %s AKIA%d tok3n x\n", j, path, k > path
    if (k % 7 == 0) printf "no pattern here\n" > path
    close(path)
}
BEGIN {
    for (i = 0; i < 600; i++) put(sprintf("%s/repo/wide/f%03d.txt", R, i), i)
    for (i = 0; i < 40; i++) for (j = 0; j < 12; j++) {
        ext = (j % 4 == 0) ? "log" : (j % 4 == 1) ? "md" : "txt"
        put(sprintf("%s/repo/wide/sub%02d/g%02d.%s", R, i, j, ext), i * 12 + j)
    }
    for (a = 0; a < 5; a++) for (b = 0; b < 5; b++) for (c = 0; c < 5; c++) for (f = 0; f < 3; f++) {
        put(sprintf("%s/repo/t/n%d/n%d/n%d/x%d.txt", R, a, b, c, f), a * 100 + b * 10 + c + f)
        put(sprintf("%s/plain/t/n%d/n%d/n%d/x%d.log", R, a, b, c, f), a * 100 + b * 10 + c + f)
        put(sprintf("%s/repo/t/n%d/n%d/f%d.log", R, a, b, f), a * 10 + b + f)
    }
    p = R "/repo/deep"
    for (i = 0; i < 80; i++) { p = p "/d" i; put(p "/a.txt", i); put(p "/z.log", i) }
}'
line() { printf '%s\n' "$@"; }
# names that sort byte-wise in awkward ways, in one directory and as directories
for nm in a "a b" a.b a-b A B "a~" "$(printf 'caf\303\251')" "$(printf 'hi\377')" "$(printf '\001ctl')"; do
    line "AKIA $nm" >"$R/repo/$nm.txt"
    mkdir -p "$R/repo/n/$nm" && line "AKIA in $nm" "tok3n" >"$R/repo/n/$nm/f"
done
line "AKIA hidden" >"$R/repo/.hidden.txt"
mkdir -p "$R/repo/.hid/x" && line "AKIA hid" >"$R/repo/.hid/x/h.txt"
line "AKIA in .git" >"$R/repo/.git/description"
line "AKIA excluded" >"$R/repo/excluded.txt"
mkdir -p "$R/repo/build" "$R/repo/gen1" "$R/repo/t/gen2" "$R/repo/keepme" && line "AKIA build" >"$R/repo/build/b.txt" &&
    line "AKIA gen" >"$R/repo/gen1/g.txt" && line "AKIA gen2" >"$R/repo/t/gen2/g.txt" && line "AKIA keep" >"$R/repo/keepme/k.log"
# ignore rules at several levels
line '*.log' '!keep*.log' '/build/' 'gen*/' 'tmp?' '!/keepme/' >"$R/repo/.gitignore"
line '!*.log' 'f00[0-4].txt' '/sub1?/' >"$R/repo/wide/.gitignore"
line '!/g0[0-3].log' >"$R/repo/wide/sub05/.gitignore"
line 'x1.txt' >"$R/repo/t/n1/.ignore"
line '!x1.txt' 'n4/' >"$R/repo/t/n1/n2/.gitignore"
line 'excluded.txt' >"$R/repo/.git/info/exclude"
line 'd7[5-9]' >"$R/repo/deep/d0/d1/.gitignore"
line '*.log' 'x0.*' >"$R/plain/.gitignore"   # outside a repository: not applied
line 'x2.log' >"$R/plain/t/.ignore"           # .ignore files apply everywhere
line '/n3/' >"$R/plain/t/n0/.ignore"
# a nested repository with its own rules
mkdir -p "$R/repo/t/n2/inner/.git/info" "$R/repo/t/n2/inner/src" && line "AKIA inner" >"$R/repo/t/n2/inner/src/i.txt" &&
    line "AKIA inner log" >"$R/repo/t/n2/inner/src/i.log" && line '!*.log' 'src/i.txt' >"$R/repo/t/n2/inner/.gitignore"
# binary, large, special files
printf 'bin\000ary AKIA\n' >"$R/repo/t/n0/bin.dat"
printf 'AKIA first\n\000\n' >"$R/plain/t/late.bin"
awk 'BEGIN { for (i = 0; i < 400; i++) printf "big %d AKIA tok3n filler filler filler filler\n", i }' >"$R/repo/t/big.txt"
mkfifo "$R/repo/t/n3/fifo" 2>/dev/null
# links: to a file, to a directory, dangling, loops (to an ancestor, to the repository root)
ln -s ../big.txt "$R/repo/t/n0/link-file"
ln -s ../../../plain/t/n1 "$R/repo/t/n0/link-dir"
ln -s "$R/nowhere" "$R/repo/t/n0/dangling"
ln -s .. "$R/repo/t/n1/n1/loop"
ln -s "$R/repo" "$R/repo/deep/d0/d1/d2/toroot"
ln -s ../../n "$R/repo/wide/sub00/ln"
# paths over PATH_MAX: a chain of 200-byte names, files at every level
long=$(printf '%0200d' 0 | tr 0 L)
# (the shell's cd takes whole paths: go down 17 levels, then make the rest with relative names)
(cd "$R/plain" && mkdir -p longp && cd longp && i=0 && while [ $i -lt 17 ]; do
    mkdir "$long$i" && cd "$long$i" && line "AKIA long $i" >f.txt && line "tok3n long $i" >"g$long.txt" || exit 1
    i=$((i + 1))
done && rel=. && while [ $i -lt 23 ]; do
    rel=$rel/$long$i && mkdir "$rel" && line "AKIA long $i" >"$rel/f.txt" && line "tok3n long $i" >"$rel/g$long.txt" || exit 1
    i=$((i + 1))
done) || { bad "could not build the long paths"; }
# unreadable: a directory that cannot be opened, one that can be listed but not searched
if [ $PERMS = 1 ]; then
    mkdir -p "$R/repo/t/n4/locked/x" "$R/repo/t/n4/noexec/y" && line "AKIA locked" >"$R/repo/t/n4/locked/x/l.txt" &&
        line "AKIA noexec" >"$R/repo/t/n4/noexec/f1.txt" && line "AKIA noexec" >"$R/repo/t/n4/noexec/f2.txt"
    chmod 000 "$R/repo/t/n4/locked"
    chmod 644 "$R/repo/t/n4/noexec"
fi
chmod -R go+rX "$T/tree" 2>/dev/null
[ $PERMS = 1 ] && chmod 000 "$R/repo/t/n4/locked" && chmod 644 "$R/repo/t/n4/noexec"
nf=$(find "$R" -type f 2>/dev/null | wc -l)
nd=$(find "$R" -type d 2>/dev/null | wc -l)
echo "# tree: $nf files, $nd directories; run as: ${AS:-$(id -un)}"

# vrun W ARGS -> $T/o.W, $T/e.W, $T/rc.W (stderr less -v timing lines)
vrun() {
    w=$1
    shift
    (cd "$T" && eval "VYRE_CLI_WALK_THREADS=$w $AS ./vyre scan $*" >"$T/o.$w" 2>"$T/e.raw"; echo $? >"$T/rc.$w")
    grep -v -e ' in [0-9.]* s (' -e '^vyre: time: ' -e '^vyre: phases (s' -e '^vyre: teardown ' "$T/e.raw" >"$T/e.$w"
}
# same DESC ARGS: the serial walk's output, stderr and status equal those of 2, 4, 8 threads (3 runs each)
same() {
    desc=$1
    shift
    vrun 1 "$@"
    r1=$(cat "$T/rc.1")
    for w in 2 4 8 2 4 8 2 4 8; do
        vrun $w "$@"
        if ! cmp -s "$T/o.1" "$T/o.$w" || ! cmp -s "$T/e.1" "$T/e.$w" || [ "$(cat "$T/rc.$w")" != "$r1" ]; then
            bad "$desc: VYRE_CLI_WALK_THREADS=$w differs from 1 (exit $(cat "$T/rc.$w") vs $r1)"
            echo "  vyre scan $*"
            diff "$T/o.1" "$T/o.$w" | sed -n '1,8s/^/    out: /p'
            diff "$T/e.1" "$T/e.$w" | sed -n '1,8s/^/    err: /p'
            return
        fi
    done
    if [ -s "$T/o.1" ] || [ -s "$T/e.1" ] || [ "${EMPTY_OK:-0}" = 1 ]; then
        ok "$desc ($(wc -l <"$T/o.1") lines, $(wc -l <"$T/e.1") on stderr, exit $r1; 9 parallel runs identical)"
    else
        bad "$desc: the serial walk printed nothing (the check would prove nothing)"
    fi
}
P="-e AKIA -e tok3n"
same "default output" "$P tree"
same "-c" "-c $P tree"
same "--json" "--json $P tree"
same "-l" "-l $P tree"
same "-v -c (notes: skipped counts, dangling links)" "-v -c $P tree"
same "-L -c (links followed, loops noted)" "-L -c $P tree"
same "-L -v --json" "-L -v --json $P tree"
same "-g globs" "-g '*.txt' -g '!tree/repo/wide/' -g '!n1' -c $P tree"
same "-g including a .git-like and an ignored path" "-g '*.log' -g '!**/n0/**' -v -l $P tree"
same "-u" "-u -c $P tree"
same "-uu" "-uu -c $P tree"
same "-uuu" "-uuu -c $P tree"
same "--no-ignore" "--no-ignore --json $P tree"
same "--max-filesize --binary=skip -v" "--max-filesize=1K --binary=skip -v -c $P tree"
same "-L --binary=skip --max-filesize" "-L --binary=skip --max-filesize=10K $P tree"
same "several PATHs (sub-PATHs get the parents' rules)" "-c $P tree/repo/t tree/plain tree/repo/wide/sub05 tree/repo/big.txt tree/repo"
same "-s silences the file errors" "-s -c $P tree"
same "-m 1 -w" "-m 1 -w $P tree"
EMPTY_OK=1 same "-q -s (exit status; when the walk stops depends on the pipeline)" "-q -s $P tree"
EMPTY_OK=1 same "-l -m 1 on one pattern" "-l -m 1 -e tok3n tree/repo"
# the long paths and (unprivileged) the unreadable directories give errors inside the walk
if grep -q 'over the system' "$T/e.1" 2>/dev/null || { vrun 1 "-c $P tree" && grep -q 'over the system' "$T/e.1"; }; then
    ok "the walk reports paths over PATH_MAX ($(grep -c 'over the system' "$T/e.1") errors)"
else bad "no ENAMETOOLONG error from the walk"; sed -n '1,5p' "$T/e.1"; fi
if [ $PERMS = 1 ]; then
    vrun 1 "-c $P tree"
    if grep -q 'locked: cannot open directory: Permission denied' "$T/e.1" && grep -q 'noexec/f1.txt: Permission denied' "$T/e.1"; then
        ok "an unreadable directory and unsearchable entries are reported"
    else bad "the unreadable directory errors are missing"; sed -n '1,6p' "$T/e.1"; fi
fi
# the walk's files, each once, in sorted DFS order (what -l lists with one pattern that matches every file)
vrun 4 "-l -uu -e line -e AKIA -e . -e / tree/repo/t"
(cd "$T" && find tree/repo/t -type f ! -path '*/n4/*' | sort) >"$T/find.s"
LC_ALL=C sort "$T/o.4" | grep -v '/n4/' >"$T/o.s"
if cmp -s "$T/find.s" "$T/o.s" && [ "$(grep -v /n4/ "$T/o.4" | tr '/' '\001' | LC_ALL=C sort -c 2>&1)" = "" ] && [ -s "$T/o.s" ]; then
    ok "-uu -l lists every file of the subtree once, in byte-wise DFS order ($(wc -l <"$T/o.s") files)"
else bad "-uu -l with 4 threads is not find's file list in DFS order"; diff "$T/find.s" "$T/o.s" | sed -n '1,6p'; fi
# files and directories that vanish (and reappear) while the tree is walked: a writer churns
# tree/repo/churn during every run. What is outside churn/ must come out exactly as in a quiet run;
# what is inside may be missing, with only vanish-type errors; no crash, exit 0-2.
mkdir -p "$R/repo/churn"
churn_fill() {
    k=0
    while [ $k -lt 30 ]; do
        mkdir -p "$R/repo/churn/s$k" && line "AKIA churn $k" >"$R/repo/churn/s$k/f.txt" && line "AKIA $k" >"$R/repo/churn/g$k.txt"
        k=$((k + 1))
    done
}
churn_fill
chmod -R go+rX "$R/repo/churn"
vrun 1 "-c $P tree"
grep -v '/churn/' "$T/o.1" >"$T/quiet.o"
grep -v '/churn/' "$T/e.1" >"$T/quiet.e"
(while [ ! -f "$T/churn.stop" ]; do rm -rf "$R/repo/churn/s"* "$R/repo/churn/g"*; churn_fill; done) 2>/dev/null &
cpid=$!
cbad=""
nerr=0
for w in 1 8 4 8 2 8 1 8; do
    vrun $w "-c $P tree"
    rc=$(cat "$T/rc.$w")
    grep -v '/churn/' "$T/o.$w" >"$T/c.o"
    grep -v '/churn/' "$T/e.$w" >"$T/c.e"
    nerr=$((nerr + $(grep -c '/churn/' "$T/e.$w")))
    odd=$(grep '/churn/' "$T/e.$w" | grep -v -e 'No such file or directory' -e 'vanished while the tree was scanned' \
        -e 'shrank while it was read' -e 'grew while it was read' -e 'was replaced' | head -3)
    if [ "$rc" -gt 2 ] || ! cmp -s "$T/c.o" "$T/quiet.o" || ! cmp -s "$T/c.e" "$T/quiet.e" || [ -n "$odd" ]; then
        cbad="W=$w exit $rc; other output: $(diff "$T/quiet.o" "$T/c.o" | sed -n 2p) $(diff "$T/quiet.e" "$T/c.e" | sed -n 2p); odd: $odd"
        break
    fi
done
touch "$T/churn.stop"
wait $cpid
if [ -z "$cbad" ]; then ok "a directory churned during 8 walks (1-8 threads): the rest of the tree unchanged, only vanish errors inside ($nerr of them)"
else bad "churn: $cbad"; fi
# bad values of the knob
for v in 0 x 257 -1 2x 99999999999999999999; do
    (cd "$T" && VYRE_CLI_WALK_THREADS=$v ./vyre scan -c -e AKIA tree >/dev/null 2>"$T/e.bad"); rc=$?
    if [ $rc -eq 2 ] && grep -q "VYRE_CLI_WALK_THREADS='$v' is not valid.*Fix:" "$T/e.bad"; then ok "VYRE_CLI_WALK_THREADS=$v: exit 2 with a Fix:"
    else bad "VYRE_CLI_WALK_THREADS=$v: exit $rc"; cat "$T/e.bad"; fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
