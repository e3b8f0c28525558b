#!/usr/bin/env python3
"""Plot vyre benchmark JSON (Google Benchmark --benchmark_out) as an SVG.

    scripts/bench_plot.py bench.json [-o out.svg] [--workload scan] [--ceilings]

Throughput (GB/s, log scale) against haystack size (log scale), one panel
per pattern set, one colour per backend and for Hyperscan. Solid lines are
wall-clock throughput (end to end, as the caller sees it); dashed lines are
device-timer throughput (GPU backends only). With repetitions, medians are
plotted. --ceilings draws the GPU machine's PCIe (55 GB/s pinned) and HBM
(3,051 GB/s) ceilings from docs/PERF. Standard library only.
"""
import argparse
import json
import math
import re
import sys
from xml.sax.saxutils import escape

COLORS = {"cuda": "#2ca02c", "opencl": "#ff7f0e", "cpu": "#1f77b4", "cpu1": "#17becf"}
HS_COLORS = ["#555555", "#000000"]


def color_of(backend):
    if backend in COLORS:
        return COLORS[backend]
    if backend.startswith("hs-1t"):
        return HS_COLORS[0]
    if backend.startswith("hs-"):
        return HS_COLORS[1]
    return "#9467bd"


def backend_order(b):
    order = ["cuda", "opencl", "cpu", "cpu1"]
    if b in order:
        return (0, order.index(b), b)
    if b.startswith("hs-"):
        m = re.match(r"hs-(\d+)t", b)
        return (1, int(m.group(1)) if m else 0, b)
    return (2, 0, b)


def load(path, workload):
    with open(path) as f:
        doc = json.load(f)
    have_median = any(b.get("aggregate_name") == "median" for b in doc.get("benchmarks", []))
    series = {}  # (patterns, backend, kind) -> {size: GB/s}
    for b in doc.get("benchmarks", []):
        if b.get("error_occurred"):
            continue
        if have_median:
            if b.get("run_type") != "aggregate" or b.get("aggregate_name") != "median":
                continue
        elif b.get("run_type", "iteration") != "iteration":
            continue
        parts = b.get("run_name", b["name"]).split("/")
        if len(parts) < 4 or parts[0] != workload:
            continue
        backend, pats = parts[1], parts[2]
        size = b.get("hay_bytes")
        if not size:
            continue
        if b.get("wall_GBps"):
            series.setdefault((pats, backend, "wall"), {})[size] = b["wall_GBps"]
        if b.get("device_timer") and b.get("device_GBps"):
            series.setdefault((pats, backend, "device"), {})[size] = b["device_GBps"]
    return doc.get("context", {}), series


def size_label(b):
    for unit, f in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if b >= f:
            return "%g %s" % (b / f, unit)
    return "%d B" % b


def render(ctx, series, title, ceilings):
    pats = sorted({k[0] for k in series}, key=lambda p: (p != "gitleaks-ci", p))
    if not pats:
        return None
    W_PANEL, H_PANEL, ML, MR, MT, MB = 520, 360, 70, 20, 70, 150
    width = ML + len(pats) * (W_PANEL + MR + ML) - ML + 10
    height = MT + H_PANEL + MB
    sizes = sorted({s for v in series.values() for s in v})
    vals = [g for v in series.values() for g in v.values() if g > 0]
    if ceilings:
        vals += [55.0, 3051.0]
    xmin, xmax = math.log2(min(sizes)), math.log2(max(sizes))
    if xmax - xmin < 1:
        xmin, xmax = xmin - 1, xmax + 1
    ymin = math.floor(math.log10(min(vals)))
    ymax = math.ceil(math.log10(max(vals)))
    if ymax - ymin < 1:
        ymax = ymin + 1
    out = []
    out.append('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
               'font-family="Helvetica, Arial, sans-serif" font-size="12">' % (width, height, width, height))
    out.append('<rect width="100%" height="100%" fill="white"/>')
    out.append('<text x="%d" y="22" font-size="16" font-weight="bold">%s</text>' % (ML, escape(title)))
    sub = "commit %s | %s" % (ctx.get("vyre.commit", "?"), ctx.get("vyre.machine", "?"))
    out.append('<text x="%d" y="40" fill="#444">%s</text>' % (ML, escape(sub[:150])))
    devs = ["%s: %s" % (k[len("vyre.backend."):], v.split("|")[1].strip()) for k, v in sorted(ctx.items())
            if k.startswith("vyre.backend.") and "|" in v]
    if devs:
        out.append('<text x="%d" y="56" fill="#444">%s</text>' % (ML, escape(("devices: " + "; ".join(devs))[:150])))

    backends = sorted({k[1] for k in series}, key=backend_order)
    for pi, pat in enumerate(pats):
        x0 = ML + pi * (W_PANEL + MR + ML)
        y0 = MT

        def X(s):
            return x0 + (math.log2(s) - xmin) / (xmax - xmin) * W_PANEL

        def Y(g):
            return y0 + H_PANEL - (math.log10(g) - ymin) / (ymax - ymin) * H_PANEL

        out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#888"/>' % (x0, y0, W_PANEL, H_PANEL))
        for d in range(ymin, ymax + 1):
            y = Y(10 ** d)
            out.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>' % (x0, y, x0 + W_PANEL, y))
            lab = ("%g" % (10 ** d)) if d >= 0 else ("%.*f" % (-d, 10 ** d))
            out.append('<text x="%d" y="%.1f" text-anchor="end">%s</text>' % (x0 - 6, y + 4, lab))
        for s in sizes:
            x = X(s)
            out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#eee"/>' % (x, y0, x, y0 + H_PANEL))
            out.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>' % (x, y0 + H_PANEL + 16, size_label(s)))
        out.append('<text x="%d" y="%d" text-anchor="middle">haystack size</text>' % (x0 + W_PANEL // 2, y0 + H_PANEL + 34))
        out.append('<text transform="translate(%d,%d) rotate(-90)" text-anchor="middle">throughput, GB/s (log)</text>'
                   % (x0 - 48, y0 + H_PANEL // 2))
        out.append('<text x="%d" y="%d" font-weight="bold">%s</text>' % (x0 + 6, y0 + 16, escape(pat)))
        if ceilings:
            for g, lab in ((55.0, "PCIe H2D pinned 55 GB/s"), (3051.0, "HBM read 3,051 GB/s")):
                if ymin <= math.log10(g) <= ymax:
                    out.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#c00" stroke-dasharray="2,3"/>'
                               % (x0, Y(g), x0 + W_PANEL, Y(g)))
                    out.append('<text x="%d" y="%.1f" fill="#c00" text-anchor="end" font-size="10">%s</text>'
                               % (x0 + W_PANEL - 4, Y(g) - 3, lab))
        for be in backends:
            for kind in ("wall", "device"):
                pts = series.get((pat, be, kind))
                if not pts:
                    continue
                xy = [(X(s), Y(g)) for s, g in sorted(pts.items()) if g > 0]
                dash = ' stroke-dasharray="6,4"' if kind == "device" else ""
                out.append('<polyline fill="none" stroke="%s" stroke-width="2"%s points="%s"/>'
                           % (color_of(be), dash, " ".join("%.1f,%.1f" % p for p in xy)))
                for x, y in xy:
                    if kind == "wall":
                        out.append('<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>' % (x, y, color_of(be)))
                    else:
                        out.append('<rect x="%.1f" y="%.1f" width="6" height="6" fill="white" stroke="%s"/>'
                                   % (x - 3, y - 3, color_of(be)))
    # legend
    ly = MT + H_PANEL + 56
    lx = ML
    for be in backends:
        kinds = [k for k in ("wall", "device") if any((p, be, k) in series for p in pats)]
        for kind in kinds:
            dash = ' stroke-dasharray="6,4"' if kind == "device" else ""
            m = re.match(r"hs-(\d+)t$", be)
            name = ("hyperscan, %s thread%s" % (m.group(1), "" if m.group(1) == "1" else "s")) if m else be
            label = "%s, %s" % (name, "wall clock" if kind == "wall" else "device timer")
            out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"%s/>'
                       % (lx, ly, lx + 28, ly, color_of(be), dash))
            out.append('<text x="%d" y="%d">%s</text>' % (lx + 34, ly + 4, escape(label)))
            lx += 260
            if lx + 260 > width:
                lx = ML
                ly += 20
    out.append('<text x="%d" y="%d" fill="#444" font-size="11">%s</text>' % (
        ML, height - 12, escape("solid: wall clock per scan (end to end, from pageable host memory); dashed: device "
                                "timer; medians of repetitions where present")))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("json")
    ap.add_argument("-o", "--output", default=None)
    ap.add_argument("--workload", default="scan")
    ap.add_argument("--title", default=None)
    ap.add_argument("--ceilings", action="store_true")
    a = ap.parse_args()
    ctx, series = load(a.json, a.workload)
    title = a.title or "vyre %s: throughput against haystack size" % a.workload
    svg = render(ctx, series, title, a.ceilings)
    if svg is None:
        print("bench_plot: no '%s' benchmarks with hay_bytes in %s" % (a.workload, a.json), file=sys.stderr)
        return 1
    out = a.output or re.sub(r"\.json$", "", a.json) + ".svg"
    with open(out, "w") as f:
        f.write(svg)
    print("bench_plot: wrote %s" % out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
