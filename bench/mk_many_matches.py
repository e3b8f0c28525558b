#!/usr/bin/env python3
"""Builds the many-matches case of issue 10: 16 MB of real files (the most
NUL-dense files of /usr/lib/x86_64-linux-gnu, copied) and 3,000 distinct
literals cut from them: 20 of 1 byte, 120 of 2 bytes, the zero runs of every
length up to RUNS (215: about 255 million matches, as in the issue), the
rest random cuts of 3..64 bytes. Usage:
    python3 bench/mk_many_matches.py OUTDIR [MB [ROOTS [RUNS]]]   (ROOTS: a:b:c)
Writes OUTDIR/tree/ and OUTDIR/patterns.txt (one literal per line)."""
import os, random, sys

out = sys.argv[1]
mb = int(sys.argv[2]) if len(sys.argv) > 2 else 16
rng = random.Random(10)
ROOTS = sys.argv[3].split(':') if len(sys.argv) > 3 else ['/usr/lib/x86_64-linux-gnu']
tree = os.path.join(out, 'tree')
os.makedirs(tree, exist_ok=True)
srcs = []
for root in ROOTS:
    for dp, dn, fn in os.walk(root):
        dn.sort()
        for f in sorted(fn):
            p = os.path.join(dp, f)
            if os.path.isfile(p) and not os.path.islink(p):
                srcs.append(p)
# the most NUL-dense files first (binaries with long zero runs give the dense matches of issue 10)
def density(p):
    try:
        with open(p, 'rb') as f:
            d = f.read(1 << 16)
        return d.count(0) / max(1, len(d))
    except OSError:
        return 0
srcs = [p for p in srcs if os.path.getsize(p) >= 4096][:4000]
srcs.sort(key=lambda p: (-density(p), p))
total, i, datas = 0, 0, []
for p in srcs:
    if total >= mb << 20:
        break
    try:
        d = open(p, 'rb').read()
    except OSError:
        continue
    if not d:
        continue
    d = d[: (mb << 20) - total]
    sub = os.path.join(tree, 'd%02d' % (i % 37))
    os.makedirs(sub, exist_ok=True)
    open(os.path.join(sub, 'f%05d' % i), 'wb').write(d)
    datas.append(d)
    total += len(d)
    i += 1
pats = set()
def cut(n):
    d = datas[rng.randrange(len(datas))]
    if len(d) < n:
        return None
    s = rng.randrange(len(d) - n + 1)
    b = d[s:s + n]
    if b'\n' in b or b.endswith(b'\r'):
        return None
    return b
want = [(1, 20), (2, 120)]
for n, k in want:
    tries = 0
    got = 0
    while got < k and tries < 100000:
        tries += 1
        b = cut(n)
        if b and b not in pats:
            pats.add(b); got += 1
# runs of the most common byte (NUL in binaries), as a literal cut from a long run would be, of every length up to RUNS
RUNS = int(sys.argv[4]) if len(sys.argv) > 4 else 215
for n in range(1, RUNS + 1):
    b = b'\0' * n
    if any(b in d for d in datas):
        pats.add(b)
while len(pats) < 3000:
    b = cut(rng.randint(3, 64))
    if b and b not in pats:
        pats.add(b)
with open(os.path.join(out, 'patterns.txt'), 'wb') as f:
    for b in sorted(pats):
        f.write(b + b'\n')
print('%d files, %d bytes, %d patterns' % (i, total, len(pats)))
