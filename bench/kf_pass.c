/* bench/kf_pass.c - how many end positions each GPU literal-kernel filter stage passes (issue 15),
   computed on the host from the set's tables exactly as kernels.inc tests them:
     q4 fold    the plain kernels' shared-memory test (Q4 folded to 4,096 words, bit 0 spread)
     q4 full    ... and their second check against the full Q4 (sets with q4_bits > 12)
     kf fold    the _kf kernels' shared-memory test (vyre.h >>lit-layout "Key filter": the fold)
     kf full    ... and their check against the full f4 / f8 tables (vk_kf_classes != 0)
   Over every end position i >= 7 of the corpus (the long-pattern test only); sets: the gitleaks
   keywords, rand10k (10,000 literals of 8-32 bytes, half cut from the corpus, bench/bench_corpus.c)
   and rand10k's first 2,000 cut to their last 3-7 bytes (the key filter's weak case).
   Build: cc -std=c99 -O2 -I. -Ibench bench/kf_pass.c bench/bench_corpus.c -o build/kf_pass -lpthread -lm
   Run:   build/kf_pass [bytes]   (default 32 MiB) */
#define _POSIX_C_SOURCE 200809L
#define VYRE_IMPLEMENTATION
#include "vyre.h"
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t fold(uint32_t c) { return (c - 65u < 26u) ? (c | 32u) : c; }
static uint32_t le4f(const uint8_t *p) {
    return fold(p[0]) | fold(p[1]) << 8 | fold(p[2]) << 16 | fold(p[3]) << 24;
}

static void stages(const char *name, const vb_patset *ps, const vb_corpus *c) {
    vyre_literal *lits = (vyre_literal *)calloc(ps->count, sizeof *lits);
    vyre_literal_set *set = NULL;
    vyre_error e;
    const uint32_t *q4, *kf, *par;
    size_t n, i, k;
    uint32_t qb, F, lk, *q4f, W, sh;
    uint64_t pos = 0, a = 0, b = 0, cfo = 0, cfu = 0;
    for (k = 0; k < ps->count; k++) { lits[k].bytes = ps->bytes[k]; lits[k].len = ps->lens[k]; lits[k].flags = ps->flags; }
    if (vyre_literal_set_compile(lits, ps->count, NULL, &set, &e) != VYRE_OK) { printf("%s: compile: %s\n", name, e.message); exit(1); }
    vyre_literal_set_table(set, VYRE_LT_Q4, (const void **)&q4, &n);
    vyre_literal_set_table(set, VYRE_LT_KEY_FILTER, (const void **)&kf, &n);
    vyre_literal_set_table(set, VYRE_LT_PARAMS, (const void **)&par, &n);
    qb = par[VYRE_LP_Q4_BITS]; F = par[VYRE_LP_KF_BITS]; lk = par[VYRE_LP_LONG_KINDS];
    W = F ? 1u << (F - 5) : 0; sh = F ? 32u - F : 0;
    q4f = (uint32_t *)calloc(4096, 4);
    for (k = 0; k < 4096; k++) { /* the plain kernels' fold (kernels.inc vk_lit_body_keys) */
        uint32_t acc = 0, q;
        if (qb <= 12) acc = q4[k >> (12 - qb)];
        else for (q = 0; q < (1u << (qb - 12)); q++) acc |= q4[k * (1u << (qb - 12)) + q];
        q4f[k] = (acc & 1u) ? 0xFFFFFFFFu : acc;
    }
    for (i = 7; i < c->len; i++) {
        const uint8_t *h = c->data;
        const uint32_t w4 = le4f(h + i - 3), w8 = le4f(h + i - 7), h4 = w4 * 0x9E3779B1u, h8 = (w8 * 0x85EBCA6Bu) ^ h4;
        const uint32_t k3 = w4 >> 8, f3 = w4 & 255u;
        uint32_t p1 = (q4f[(k3 * 0x9E3779B1u) >> 20] >> (f3 & 31u)) & 1u, p2 = p1;
        pos++;
        if (p1 && qb > 12) { uint32_t w = q4[(k3 * 0x9E3779B1u) >> (32 - qb)]; p2 = (w | (w >> (f3 & 31u))) & 1u; }
        a += p1; b += p2;
        if (F) {
            const uint32_t *f4 = kf + VYRE_KF_FOLD_WORDS, *f8 = kf + VYRE_KF_FOLD_WORDS + ((lk & 3u) ? W : 0u);
            uint32_t fo = 0, fu = 0;
            if (lk & 3u) { fo |= (kf[h4 >> 20] >> ((h4 >> sh) & 31u)) & 1u; fu |= (f4[(h4 >> sh) >> 5] >> ((h4 >> sh) & 31u)) & 1u; }
            if (lk & 4u) { fo |= (kf[h8 >> 20] >> ((h8 >> sh) & 31u)) & 1u; fu |= (f8[(h8 >> sh) >> 5] >> ((h8 >> sh) & 31u)) & 1u; }
            cfo += fo; cfu += fo && fu;
        }
    }
    printf("%-12s %5zu patterns, q4_bits %u, kf_bits %u: of %llu positions q4 fold %.1f%%, q4 full %.1f%%", name, ps->count, qb, F,
           (unsigned long long)pos, 100.0 * a / pos, 100.0 * b / pos);
    if (F) printf(", kf fold %.1f%%, kf full %.1f%%", 100.0 * cfo / pos, 100.0 * cfu / pos);
    printf("\n");
    free(q4f); free(lits);
    vyre_literal_set_free(set);
}

int main(int argc, char **argv) {
    vb_corpus c;
    vb_patset gl, rnd;
    char err[256];
    size_t bytes = argc > 1 ? (size_t)vb_parse_size(argv[1]) : (size_t)32 << 20;
    memset(&c, 0, sizeof c);
    if (vb_corpus_build(&c, bytes, 64u << 20, err, sizeof err) != 0) { printf("corpus: %s\n", err); return 1; }
    printf("corpus: %s (%zu bytes)\n", c.desc, c.len);
    if (vb_patset_gitleaks(&gl, err, sizeof err) != 0) { printf("patterns: %s\n", err); return 1; }
    if (vb_patset_random(&rnd, &c, 10000, 0x10000) != 0) { printf("rand10k failed\n"); return 1; }
    stages("gitleaks-ci", &gl, &c);
    stages("rand10k", &rnd, &c);
    {   /* rand10k's first 2,000 patterns cut to their last 3-7 bytes: a set whose 3-byte patterns
           (256 key-filter entries each) fill the fold */
        static uint8_t *ob[2000];
        static size_t ol[2000];
        size_t k, keep = rnd.count;
        rnd.count = 2000;
        for (k = 0; k < rnd.count; k++) {
            ob[k] = rnd.bytes[k]; ol[k] = rnd.lens[k];
            rnd.bytes[k] += rnd.lens[k] - (3 + k % 5);
            rnd.lens[k] = 3 + k % 5;
        }
        stages("short3-7", &rnd, &c);
        for (k = 0; k < rnd.count; k++) { rnd.bytes[k] = ob[k]; rnd.lens[k] = ol[k]; }
        rnd.count = keep;
    }
    vb_patset_free(&gl); vb_patset_free(&rnd); vb_corpus_free(&c);
    return 0;
}
