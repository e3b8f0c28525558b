#!/bin/sh
# tests/test_rules_cli.sh VYRE - `vyre scan --rules` (cli/rules_cli.h): exit codes
# (1 leaks, 0 none, 2 errors), JSON report fields, SARIF 2.1.0 validated against
# tests/data/sarif-schema-2.1.0.json with python3-jsonschema (missing validator = FAIL).
V=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail=0
passed=0
failed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; fail=1; failed=$((failed + 1)); }
mkdir -p "$T/tree/src" "$T/tree/img" "$T/clean"
printf 'line one\naws = AKIAQYLPMN5HHHFPZAM2\ngh = ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5\nallowed = AKIAQYLPMN5HHHFPZAM3 # gitleaks:allow\n' > "$T/tree/src/a.py"
printf 'AKIAQYLPMN5HHHFPZAM2\n' > "$T/tree/img/x.png"
printf 'nothing here\n' > "$T/clean/b.txt"
cd "$T/tree" || exit 1
"$V" scan --rules default . > "$T/text"; rc=$?
[ $rc -eq 1 ] && ok "leaks: exit 1" || bad "leaks: exit $rc"
[ "$(wc -l < "$T/text")" -eq 2 ] && ok "text: 2 findings (png allowlisted, gitleaks:allow skipped)" || { bad "text findings"; cat "$T/text"; }
"$V" scan --rules default "$T/clean" > /dev/null; rc=$?
[ $rc -eq 0 ] && ok "clean: exit 0" || bad "clean: exit $rc"
"$V" scan --rules "$T/nope.toml" . 2>/dev/null; rc=$?
[ $rc -eq 2 ] && ok "missing rule file: exit 2" || bad "missing rule file: exit $rc"
printf '[[rules]]\nid = "x"\n' > "$T/bad.toml"
"$V" scan --rules "$T/bad.toml" . 2> "$T/err"; rc=$?
{ [ $rc -eq 2 ] && grep -q 'VYRE_ERR_RULES_INVALID' "$T/err" && grep -q 'Fix:' "$T/err"; } && ok "invalid rules: exit 2, code and Fix:" || bad "invalid rules: exit $rc $(cat "$T/err")"
"$V" scan --rules default --report-format=json --report-path "$T/r.json" . ; rc=$?
[ $rc -eq 1 ] && ok "json: exit 1" || bad "json: exit $rc"
"$V" scan --rules default --report-format=sarif --redact . > "$T/r.sarif"
if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import jsonschema' 2>/dev/null; then
    bad "python3-jsonschema is missing: cannot validate SARIF (install python3-jsonschema)"
else
    python3 - "$T/r.json" "$T/r.sarif" "$ROOT/tests/data/sarif-schema-2.1.0.json" <<'PY' && ok "json fields, SARIF valid against the 2.1.0 schema" || bad "json/sarif check"
import json, sys, jsonschema
j = json.load(open(sys.argv[1]))
keys = ["RuleID","Description","StartLine","EndLine","StartColumn","EndColumn","Match","Secret","File","SymlinkFile","Commit","Entropy","Author","Email","Date","Message","Tags","Fingerprint"]
assert len(j) == 2, j
for f in j:
    assert list(f.keys()) == keys, list(f.keys())
    assert f["Fingerprint"] == "%s:%s:%d" % (f["File"], f["RuleID"], f["StartLine"])
ids = sorted(f["RuleID"] for f in j)
assert ids == ["aws-access-token", "github-pat"], ids
aws = [f for f in j if f["RuleID"] == "aws-access-token"][0]
assert (aws["StartLine"], aws["StartColumn"], aws["EndColumn"], aws["Secret"]) == (2, 8, 27, "AKIAQYLPMN5HHHFPZAM2"), aws
s = json.load(open(sys.argv[2]))
jsonschema.validate(s, json.load(open(sys.argv[3])))
assert len(s["runs"][0]["results"]) == 2 and len(s["runs"][0]["tool"]["driver"]["rules"]) == 222
assert all(r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == "REDACTED" for r in s["runs"][0]["results"])
PY
fi
# many files on many threads (cli/rules_cli.h): the report is the one-thread report, byte for byte,
# on every run (workers finish in any order; findings and errors are gathered in walk order)
mkdir -p "$T/many"
i=0
while [ $i -lt 300 ]; do
    d="$T/many/d$((i % 7))"; mkdir -p "$d"
    case $((i % 5)) in
        0) printf 'k%d = AKIAQYLPMN5HHHFP%s\n' $i "$(printf '%04d' $i | tr 0-9 QRSTUVWXYZ)" > "$d/f$i.py" ;;
        1) printf 'tok = ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE%04d\nnone\n' $i > "$d/f$i.txt" ;;
        2) printf 'placeholder = AKIAXXXXXXXXXXXXXXXX\n' > "$d/f$i.cfg" ;;
        3) printf 'nothing %d\n' $i > "$d/f$i.md" ;;
        4) : > "$d/empty$i" ;;
    esac
    i=$((i + 1))
done
chmod 000 "$T/many/d3/f3.md"
(cd "$T/many" && VYRE_CLI_THREADS=1 "$V" scan --rules default --report-format=json . > "$T/m1.json" 2> "$T/m1.err"); rc1=$?
same=1
for run in 1 2 3; do
    (cd "$T/many" && VYRE_CLI_THREADS=4 "$V" scan --rules default --report-format=json . > "$T/m4.json" 2> "$T/m4.err"); rc4=$?
    cmp -s "$T/m1.json" "$T/m4.json" && cmp -s "$T/m1.err" "$T/m4.err" && [ $rc1 -eq $rc4 ] || same=0
done
n1=$(grep -c '"RuleID"' "$T/m1.json")
want_rc=2; [ "$(id -u)" = 0 ] && want_rc=1   # root reads the chmod-000 file
if [ $same -eq 1 ] && [ $rc1 -eq $want_rc ] && [ "$n1" -ge 120 ]; then ok "300 files on 4 threads: report and errors identical to 1 thread, 3 runs ($n1 findings)"
else bad "threads: same=$same rc1=$rc1 rc4=$rc4 findings=$n1"; diff "$T/m1.json" "$T/m4.json" | head -5; fi
if [ "$(id -u)" != 0 ]; then
    grep -q "d3/f3.md" "$T/m1.err" && ok "an unreadable file is named on stderr, exit 2, the others reported" || bad "unreadable file not reported: $(cat "$T/m1.err")"
fi
chmod 644 "$T/many/d3/f3.md"
# the memory budget (VYRE_CLI_RULES_MEM): larger files among the small ones; a budget that lets one
# file run at a time, one that forces the smallest-left path, and the default give the same report
for k in 1 2 3 4 5 6; do
    { head -c $((k * 7000)) /dev/zero | tr '\0' 'x'; printf '\nk = AKIAQYLPMN5HHHFP%sQ\n' "$(printf '%03d' $k | tr 0-9 QRSTUVWXYZ)"; } > "$T/many/d$k/big$k.txt"
done
(cd "$T/many" && VYRE_CLI_THREADS=1 "$V" scan --rules default --report-format=json . > "$T/b1.json" 2> "$T/b1.err"); rcb=$?
same=1
for mem in 1 20000 30K 1G; do
    for run in 1 2; do
        (cd "$T/many" && VYRE_CLI_RULES_MEM=$mem VYRE_CLI_THREADS=4 "$V" scan --rules default --report-format=json . > "$T/b4.json" 2> "$T/b4.err"); rc4=$?
        cmp -s "$T/b1.json" "$T/b4.json" && cmp -s "$T/b1.err" "$T/b4.err" && [ $rcb -eq $rc4 ] || { same=0; echo "  VYRE_CLI_RULES_MEM=$mem run $run differs (exit $rc4)"; }
    done
done
nb=$(grep -c '"RuleID"' "$T/b1.json")
[ $same -eq 1 ] && [ "$nb" -ge $((n1 + 6)) ] && ok "VYRE_CLI_RULES_MEM 1 / 20000 / 30K / 1G on 4 threads: report identical to 1 thread ($nb findings)" || bad "memory budget: same=$same findings=$nb (want >= $((n1 + 6)))"
(cd "$T/many" && VYRE_CLI_RULES_MEM=12X "$V" scan --rules default . > /dev/null 2> "$T/err"); rc=$?
{ [ $rc -eq 2 ] && grep -q 'VYRE_CLI_RULES_MEM' "$T/err" && grep -q 'Fix:' "$T/err"; } && ok "bad VYRE_CLI_RULES_MEM: exit 2, named, Fix:" || bad "bad VYRE_CLI_RULES_MEM: exit $rc $(cat "$T/err")"
(cd "$T/many" && VYRE_CLI_THREADS=lots "$V" scan --rules default . > /dev/null 2> "$T/err"); rc=$?
{ [ $rc -eq 2 ] && grep -q 'VYRE_CLI_THREADS' "$T/err" && grep -q 'Fix:' "$T/err"; } && ok "bad VYRE_CLI_THREADS: exit 2, named, Fix:" || bad "bad VYRE_CLI_THREADS: exit $rc $(cat "$T/err")"
[ $fail -eq 0 ] && echo "test_rules_cli.sh: PASS" || echo "test_rules_cli.sh: FAIL"
echo "$passed passed, $failed failed"
exit $fail
