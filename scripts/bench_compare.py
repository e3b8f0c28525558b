#!/usr/bin/env python3
"""Compare two Google Benchmark JSON files (vyre's bench harness) and fail on regressions.

    scripts/bench_compare.py BASELINE.json NEW.json [--threshold 0.10] [--alpha 0.05]
                             [--metric real_time,wall_ns] [--filter REGEX]

For every benchmark present in both files, the per-repetition values of each
metric (run with --benchmark_repetitions=N; aggregates are ignored) are
compared with a two-sided Mann-Whitney U test, as Google Benchmark's
tools/compare.py does (exact distribution for small samples without ties,
normal approximation with tie and continuity correction otherwise).

A benchmark REGRESSED when, for some metric, its median got slower by more
than --threshold (a fraction: 0.10 = 10%) AND the U test says the difference
is significant (p < --alpha). When either side has fewer than 2 repetitions
the test cannot run: the threshold alone decides, and the line says "no test".
With 5 repetitions per side the smallest possible p is 0.008; with 3 it is
0.1, which can never pass alpha = 0.05: use at least 4 per side.

Metrics: real_time is Google Benchmark's iteration time (the device timer's
time on GPU backends, which use manual time; the wall clock elsewhere);
wall_ns is the host wall clock per scan on every backend. Lower is better
for both.

Exit status: 0 no regression, 1 at least one regression, 2 bad input.
Standard library only.
"""
import argparse
import json
import math
import re
import sys
from functools import lru_cache

TIME_UNITS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
SUFFIX = re.compile(r"/(min_time|min_warmup_time|repeats|iterations|threads):[^/]*|/(real_time|manual_time|process_time)")


def norm_name(name):
    return SUFFIX.sub("", name)


def load(path):
    try:
        with open(path) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        sys.exit("bench_compare: cannot read %s: %s" % (path, e))
    runs = {}
    for b in doc.get("benchmarks", []):
        if b.get("run_type", "iteration") != "iteration" or b.get("error_occurred"):
            continue
        key = norm_name(b.get("run_name", b["name"]))
        vals = runs.setdefault(key, {})
        for metric in ("real_time", "cpu_time"):
            if metric in b:
                vals.setdefault(metric, []).append(float(b[metric]) * TIME_UNITS.get(b.get("time_unit", "ns"), 1.0))
        for k, v in b.items():
            if isinstance(v, (int, float)) and k.endswith("_ns"):
                vals.setdefault(k, []).append(float(v))
    return doc.get("context", {}), runs


def median(xs):
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else 0.5 * (s[n // 2 - 1] + s[n // 2])


@lru_cache(maxsize=None)
def _u_count(u, n1, n2):
    """Number of arrangements of n1 x's and n2 y's with U statistic (for x) == u."""
    if u < 0:
        return 0
    if n1 == 0 or n2 == 0:
        return 1 if u == 0 else 0
    # the largest element is an x (contributes n2 to U) or a y (contributes 0)
    return _u_count(u - n2, n1 - 1, n2) + _u_count(u, n1, n2 - 1)


def mann_whitney_u(x, y):
    """Two-sided Mann-Whitney U test. Returns (U of x, p-value)."""
    n1, n2 = len(x), len(y)
    allv = sorted([(v, 0) for v in x] + [(v, 1) for v in y])
    ranks = [0.0] * len(allv)
    ties = []
    i = 0
    while i < len(allv):
        j = i
        while j + 1 < len(allv) and allv[j + 1][0] == allv[i][0]:
            j += 1
        r = (i + j) / 2.0 + 1.0
        for k in range(i, j + 1):
            ranks[k] = r
        if j > i:
            ties.append(j - i + 1)
        i = j + 1
    r1 = sum(ranks[k] for k in range(len(allv)) if allv[k][1] == 0)
    u1 = r1 - n1 * (n1 + 1) / 2.0
    if not ties and n1 <= 20 and n2 <= 20:
        total = math.comb(n1 + n2, n1)
        u = int(round(u1))
        le = sum(_u_count(k, n1, n2) for k in range(0, u + 1)) / total
        ge = sum(_u_count(k, n1, n2) for k in range(u, n1 * n2 + 1)) / total
        return u1, min(1.0, 2.0 * min(le, ge))
    n = n1 + n2
    mu = n1 * n2 / 2.0
    tie_term = sum(t ** 3 - t for t in ties)
    var = n1 * n2 / 12.0 * ((n + 1) - tie_term / (n * (n - 1)))
    if var <= 0:
        return u1, 1.0
    z = (abs(u1 - mu) - 0.5) / math.sqrt(var)
    z = max(z, 0.0)
    return u1, min(1.0, math.erfc(z / math.sqrt(2.0)))


def fmt_ns(v):
    for unit, f in (("s", 1e9), ("ms", 1e6), ("us", 1e3)):
        if v >= f:
            return "%.3g %s" % (v / f, unit)
    return "%.3g ns" % v


def self_test():
    _, p = mann_whitney_u([1, 2, 3, 4, 5], [6, 7, 8, 9, 10])
    assert abs(p - 2 / 252) < 1e-12, p
    _, p = mann_whitney_u([1, 2, 3], [4, 5, 6])
    assert abs(p - 0.1) < 1e-12, p
    _, p = mann_whitney_u([1, 3, 5, 7], [2, 4, 6, 8])
    assert p > 0.5, p
    # ties: normal approximation (scipy.stats.mannwhitneyu gives 0.0432 with continuity correction)
    _, p = mann_whitney_u([1, 1, 2, 2, 3, 3, 4, 4], [3, 3, 4, 4, 5, 5, 6, 6])
    assert 0.01 < p < 0.06, p
    print("bench_compare: self-test passed")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("baseline", nargs="?")
    ap.add_argument("new", nargs="?")
    ap.add_argument("--threshold", type=float, default=0.10, help="slower by more than this fraction fails (0.10)")
    ap.add_argument("--alpha", type=float, default=0.05, help="significance level of the U test (0.05)")
    ap.add_argument("--metric", default="real_time,wall_ns", help="comma list of metrics, lower is better")
    ap.add_argument("--filter", default=None, help="only benchmarks whose name matches this regex")
    ap.add_argument("--self-test", action="store_true")
    a = ap.parse_args()
    if a.self_test:
        self_test()
        return 0
    if not a.baseline or not a.new:
        ap.error("BASELINE and NEW are required")
    bctx, base = load(a.baseline)
    nctx, new = load(a.new)
    metrics = [m for m in a.metric.split(",") if m]
    flt = re.compile(a.filter) if a.filter else None

    print("baseline: %s (commit %s, %s)" % (a.baseline, bctx.get("vyre.commit", "?"), bctx.get("vyre.machine", "?")))
    print("new:      %s (commit %s, %s)" % (a.new, nctx.get("vyre.commit", "?"), nctx.get("vyre.machine", "?")))
    for k in sorted(set(bctx) | set(nctx)):
        if k.startswith("vyre.backend.") and bctx.get(k) != nctx.get(k):
            print("NOTE: %s differs: baseline '%s', new '%s'" % (k, bctx.get(k, "-"), nctx.get(k, "-")))
    if bctx.get("vyre.machine") != nctx.get("vyre.machine"):
        print("NOTE: the machines differ; absolute times are not comparable across machines")
    print("threshold %.1f%% slower, alpha %.3g, metrics %s" % (100 * a.threshold, a.alpha, ",".join(metrics)))
    print()
    hdr = "%-52s %-10s %4s %4s %11s %11s %8s %7s  %s" % ("benchmark", "metric", "nb", "nn", "base med", "new med",
                                                       "change", "p", "verdict")
    print(hdr)
    print("-" * len(hdr))
    regressions, few_reps, compared = [], False, 0
    for name in sorted(set(base) & set(new)):
        if flt and not flt.search(name):
            continue
        for m in metrics:
            xb, xn = base[name].get(m), new[name].get(m)
            if not xb or not xn:
                continue
            compared += 1
            mb, mn = median(xb), median(xn)
            change = (mn - mb) / mb if mb > 0 else 0.0
            if len(xb) >= 2 and len(xn) >= 2:
                _, p = mann_whitney_u(xb, xn)
                ptxt = "%.4f" % p
                significant = p < a.alpha
            else:
                p, ptxt, significant, few_reps = None, "no test", True, True
            if change > a.threshold and significant:
                verdict = "REGRESSION"
                regressions.append((name, m, change, p))
            elif change > a.threshold:
                verdict = "slower (not significant)"
            elif change < -a.threshold and significant:
                verdict = "faster"
            elif change < -a.threshold:
                verdict = "faster (not significant)"
            else:
                verdict = "same"
            print("%-52s %-10s %4d %4d %11s %11s %+7.1f%% %7s  %s" % (name[:52], m, len(xb), len(xn), fmt_ns(mb),
                                                                     fmt_ns(mn), 100 * change, ptxt, verdict))
    only_b = sorted(set(base) - set(new))
    only_n = sorted(set(new) - set(base))
    if only_b:
        print("\nonly in the baseline (%d): %s" % (len(only_b), ", ".join(only_b[:20]) + (" ..." if len(only_b) > 20 else "")))
    if only_n:
        print("only in the new run (%d): %s" % (len(only_n), ", ".join(only_n[:20]) + (" ..." if len(only_n) > 20 else "")))
    if few_reps:
        print("\nWARNING: some benchmarks have < 2 repetitions on a side; their verdict uses the threshold alone. "
              "Run with --benchmark_repetitions=5 or more (make bench-compare does).")
    if compared == 0:
        print("bench_compare: no benchmark in common (different machines, backends or BENCH_QUICK settings?)")
        return 2
    if regressions:
        print("\nFAIL: %d regression(s) slower than %.1f%%:" % (len(regressions), 100 * a.threshold))
        for name, m, change, p in regressions:
            print("  %s [%s] %+.1f%% (p=%s)" % (name, m, 100 * change, "n/a" if p is None else "%.4f" % p))
        return 1
    print("\nPASS: no regression larger than %.1f%% (%d comparisons)" % (100 * a.threshold, compared))
    return 0


if __name__ == "__main__":
    sys.exit(main())
