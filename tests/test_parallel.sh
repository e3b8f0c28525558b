#!/bin/sh
# tests/test_parallel.sh - vyre as the map step under GNU parallel (docs/multi-gpu.md):
# shard a generated tree into file lists, run `vyre scan --json` once per shard
# through GNU parallel (locally here; over hosts it is the same command with
# --sshlogin), merge the per-shard JSON by sorting, and check the merged output
# equals one whole-tree run sorted the same way. Also: the per-shard runs over
# ssh-style remote quoting (--sshlogin : is the local host). Ends with
# "N passed, N failed, N skipped"; without GNU parallel every check is SKIPPED.
# Usage: sh tests/test_parallel.sh [path/to/vyre]
VYRE=${1:-build/vyre}
pass=0; fail=0; skip=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "FAIL - $1"; }
if ! command -v parallel >/dev/null 2>&1 || ! parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
    echo "SKIPPED test_parallel.sh: GNU parallel is not installed (Debian: apt-get install parallel)"
    echo "0 passed, 0 failed, 4 skipped"; exit 0
fi
[ -x "$VYRE" ] || { echo "FAIL - $VYRE was not built"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
case "$VYRE" in /*) ;; *) VYRE="$(pwd)/$VYRE" ;; esac
T=$(mktemp -d /tmp/vyre_parallel.XXXXXX) || exit 1
trap "rm -rf \"$T\"" EXIT
# a tree: 120 files over 4 directories, secrets sprinkled in, one file with a space in its name
i=0
while [ $i -lt 120 ]; do
    d="$T/tree/d$((i % 4))"; mkdir -p "$d"
    {
        j=0
        while [ $j -lt $((i % 9 + 1)) ]; do
            echo "line $j of $i: AKIAIOSFODNN7EXAMPLE$i token=secret_$j password: hunter$i"
            j=$((j + 1))
        done
    } > "$d/f$i.txt"
    i=$((i + 1))
done
echo "AKIA in a file whose name has a space" > "$T/tree/d1/with space.txt"
printf 'AKIA\nsecret\npassword\nhunter1\n' > "$T/pats"
# one whole-tree run, sorted
"$VYRE" scan --json -f "$T/pats" "$T/tree" > "$T/whole.json"; rc=$?
[ $rc -le 1 ] && [ -s "$T/whole.json" ] && ok "whole-tree run ($(wc -l < "$T/whole.json") records)" || bad "whole-tree run rc=$rc"
LC_ALL=C sort "$T/whole.json" > "$T/whole.sorted"
# shards: the file list cut into 7 pieces (NUL-separated names are safest; -0 below)
(cd "$T/tree" && find . -type f -print0) > "$T/files0"
# the map step: one `vyre scan --json` per shard of 20 files; -j 4 runs 4 at once
# (over hosts: add --sshlogin host1,host2 --workdir <the tree on every host>; docs/multi-gpu.md)
mkdir -p "$T/out"
(cd "$T/tree" && parallel -0 -n 20 -j 4 --will-cite \
    "'$VYRE' scan --json -f '$T/pats' {} > '$T/out/shard{#}.json'; test \$? -le 1" < "$T/files0")
prc=$?
[ $prc -eq 0 ] && ok "every shard's vyre run succeeded" || bad "parallel exit $prc (a shard failed)"
ns=$(ls "$T/out" | wc -l)
[ "$ns" -ge 6 ] && ok "parallel ran $ns shards" || bad "parallel ran $ns shards, expected >= 6"
# the reduce step: merge by sorting; paths in the shards are relative (./d0/f1.txt): make them absolute
cat "$T/out"/shard*.json | sed "s#\"path\":\"\\./#\"path\":\"$T/tree/#" | LC_ALL=C sort > "$T/merged.sorted"
if cmp -s "$T/whole.sorted" "$T/merged.sorted"; then ok "merged shards == whole-tree run ($(wc -l < "$T/merged.sorted") records)"
else bad "merged shards differ from the whole-tree run"; diff "$T/whole.sorted" "$T/merged.sorted" | head -5; fi
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
