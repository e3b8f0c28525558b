#!/usr/bin/env bash
# scripts/gpu_multi.sh - issue 17 (several GPUs in one process) on a GPU machine.
# On any machine with >= 1 GPU:
#   1. tests/test_multi: two CUDA backends on ordinal 0 (the same GPU opened
#      twice) under the multi-device scanner and the ingest pipeline,
#      differential against the CPU backend (every record); CPU x1/x2/x4 and
#      POCL x2 as in CI.
#   2. a resident literal scan of 1 GiB through vyre_multi with N=1 against
#      the plain scanner on the same CUDA backend: byte-identical output
#      (count and a hash of every record) and the GB/s of both (the multi
#      layer's overhead), then N=2 on the same GPU twice.
#   3. with >= 2 / 4 GPUs: the same scan over 2 / 4 ordinals (goals: >= 1.9x
#      / 3.6x one GPU) and `vyre scan --backend=cuda -v` over a page-cache tree
#      with --devices=0 vs all (bytes per device are printed).
# Prints PASS/FAIL per step and what could not run for lack of GPUs.
set -u -o pipefail
cd "$(dirname "$0")/.."
rc=0
nvidia-smi -L 2>/dev/null || echo "(no nvidia-smi)"
make -s build/tests/test_multi build/vyre || exit 2
echo "=== 1. tests/test_multi (two CUDA backends on ordinal 0 must run, not SKIP)"
out=$(build/tests/test_multi 2>&1); echo "$out" | tail -4
if echo "$out" | grep -q 'SKIPPED test_multi cuda'; then echo "FAIL 1: the CUDA part was skipped (no GPU seen)"; rc=1
elif echo "$out" | grep -q '^PASS test_multi'; then echo "PASS 1"; else echo "FAIL 1"; rc=1; fi

echo "=== 2. resident scan: vyre_multi N=1 / N=2 (same GPU twice) vs the plain scanner"
B=$(mktemp -d)
cat > "$B/mb.c" <<'C'
#define _POSIX_C_SOURCE 200809L
#define VYRE_IMPLEMENTATION
#define VYRE_CUDA_IMPLEMENTATION
#include "vyre_cuda.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
typedef struct { uint64_t n, h; } acc;
static int cb(const vyre_match *m, void *u) {
    acc *a = (acc *)u;
    a->n++; a->h = (a->h ^ (m->start * 1315423911u + m->end * 2654435761u + m->pattern_id)) * 1099511628211ull;
    return 0;
}
int main(int argc, char **argv) {
    size_t len = (size_t)1 << 30, i;
    uint32_t ndev = 0, want = argc > 1 ? (uint32_t)atoi(argv[1]) : 0, k, nb;
    vyre_error e;
    vyre_backend *be[8];
    vyre_literal lits[64];
    char words[64][16];
    vyre_literal_set *set;
    vyre_scanner *sc;
    uint8_t *data = (uint8_t *)malloc(len);
    uint64_t s = 88172645463325252ull, t;
    acc a0 = {0, 0};
    int bad = 0;
    void *pinned = NULL;
    if (vyre_cuda_device_count(&ndev, &e) != VYRE_OK) { printf("FAIL no CUDA: %s\n", e.message); return 1; }
    for (i = 0; i < len; i++) { s ^= s << 13; s ^= s >> 7; s ^= s << 17; data[i] = (uint8_t)(' ' + (s >> 20) % 90); }
    for (k = 0; k < 64; k++) { snprintf(words[k], sizeof words[k], "K%02uX%c", k, 'a' + k % 26); lits[k].bytes = words[k]; lits[k].len = strlen(words[k]); lits[k].flags = 0; }
    for (i = 0; i + 8 < len; i += 4093) memcpy(data + i, words[i % 64], strlen(words[i % 64]));
    vyre_literal_set_compile(lits, 64, NULL, &set, &e);
    for (k = 0; k < 8; k++) be[k] = NULL;
    nb = want ? want : 2;
    for (k = 0; k < nb; k++) {
        vyre_cuda_desc cd; memset(&cd, 0, sizeof cd);
        cd.device_index = want ? (int)k : 0;   /* no argument: the same GPU twice */
        if (vyre_cuda_backend_create(&cd, &be[k], &e) != VYRE_OK) { printf("FAIL backend %u: %s\n", k, e.message); return 1; }
    }
    if (vyre_cuda_host_alloc(be[0], len, &pinned, &e) == VYRE_OK) { memcpy(pinned, data, len); free(data); data = (uint8_t *)pinned; }
    vyre_scanner_create(be[0], set, NULL, &sc, &e);
    vyre_scan_cb(sc, data, len, cb, &a0, &e); /* warm */
    a0.n = a0.h = 0;
    t = vyre_now_ns();
    if (vyre_scan_cb(sc, data, len, cb, &a0, &e) != VYRE_OK) { printf("FAIL direct: %s\n", e.message); return 1; }
    t = vyre_now_ns() - t;
    printf("direct scanner, 1 GPU: %llu matches, %.2f GB/s\n", (unsigned long long)a0.n, len / (t / 1e9) / 1e9);
    for (k = 1; k <= nb; k++) {
        vyre_multi *m;
        acc a = {0, 0};
        vyre_multi_stats st;
        uint32_t d;
        if (k == 1 || k == nb || k == 2 || k == 4) {
            vyre_multi_create(be, k, set, NULL, &m, &e);
            vyre_multi_scan_cb(m, data, len, cb, &a, &e); a.n = a.h = 0; /* warm */
            t = vyre_now_ns();
            if (vyre_multi_scan_cb(m, data, len, cb, &a, &e) != VYRE_OK) { printf("FAIL multi N=%u: %s\n", k, e.message); bad = 1; }
            t = vyre_now_ns() - t;
            vyre_multi_get_stats(m, &st);
            printf("vyre_multi N=%u%s: %llu matches, %.2f GB/s, %s\n", k, want ? "" : " (same GPU)", (unsigned long long)a.n,
                   len / (t / 1e9) / 1e9, a.n == a0.n && a.h == a0.h ? "byte-identical" : "DIFFERS");
            for (d = 0; d < k; d++) printf("   device %u: %llu units, %.1f MiB\n", d, (unsigned long long)st.dev[d].units, st.dev[d].bytes / 1048576.0);
            if (a.n != a0.n || a.h != a0.h) bad = 1;
            vyre_multi_destroy(m);
        }
    }
    printf("%s resident multi scan\n", bad ? "FAIL" : "PASS");
    return bad;
}
C
if cc -std=c99 -O2 -I. "$B/mb.c" -o "$B/mb" -lpthread -ldl -lm; then
    "$B/mb" || rc=1
    n=$(nvidia-smi -L 2>/dev/null | wc -l)
    echo "=== 3. several GPUs ($n present)"
    if [ "$n" -ge 2 ]; then "$B/mb" 2 || rc=1; else echo "NOT RUN: 2-GPU resident scan (goal >= 1.9x one GPU): needs 2 GPUs"; fi
    if [ "$n" -ge 4 ]; then "$B/mb" 4 || rc=1; else echo "NOT RUN: 4-GPU resident scan (goal >= 3.6x one GPU): needs 4 GPUs"; fi
    if [ "$n" -ge 2 ]; then
        T=$(mktemp -d); for i in $(seq 1 4000); do head -c 200000 /dev/urandom | base64 > "$T/f$i"; done
        cat "$T"/* > /dev/null
        for dv in 0 all; do
            echo "--- vyre scan --backend=cuda --devices=$dv -v (page cache)"
            /usr/bin/time -f "%e s wall" build/vyre scan --backend=cuda --devices=$dv -v -c -e AKIA -e secret "$T" 2>&1 >/dev/null | grep -E 'device|scanned|wall'
        done
        echo "read ceiling: $( { /usr/bin/time -f '%e' cat "$T"/* > /dev/null; } 2>&1 ) s for cat of the tree"
        rm -rf "$T"
    else echo "NOT RUN: file pipeline over 2 GPUs vs the page-cache read ceiling: needs 2 GPUs"; fi
else echo "FAIL 2: could not build the multi bench"; rc=1; fi
rm -rf "$B"
exit $rc
