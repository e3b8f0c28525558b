/* test_prop.c - property tests: random pattern sets (1..300 patterns,
   lengths 1..40, small alphabets so matches are dense, NUL and >= 0x80
   bytes, caseless flags mixed, duplicates) and random haystacks with planted
   occurrences, fixed seeds, against the naive reference in vt.h, on every
   CPU engine (AUTO, PREFILTER, DFA) and thread counts 1, 2, 3, with whole-
   input and small-chunk scanners. */
#define VYRE_IMPLEMENTATION
#include "../vyre.h"
#include "vt.h"

static const char *const ALPHAS[] = {
    "ab", "aAbB", "abc", "\x00\x80\xff" "a", "xyXY01", "aAbBcC\x00\xfe", "QWERTYqwerty", NULL, /* NULL = all bytes */
};
#define NALPHA (sizeof ALPHAS / sizeof ALPHAS[0])
static size_t alpha_len(int a) { return a == 3 ? 4 : a == 5 ? 8 : ALPHAS[a] ? strlen(ALPHAS[a]) : 256; }
static uint8_t alpha_byte(vt_rng *r, int a) {
    return ALPHAS[a] ? (uint8_t)ALPHAS[a][vt_below(r, alpha_len(a))] : (uint8_t)vt_next(r);
}

typedef struct pcase {
    vyre_literal lits[300];
    uint8_t store[300 * 40];
    size_t n;
    uint32_t extra_flags;
    uint8_t *hay;
    size_t hl;
} pcase;

static void make_case(vt_rng *r, pcase *c, int it) {
    int a = (int)(it % NALPHA);
    size_t maxlen = it % 4 == 0 ? 3 : it % 4 == 1 ? 8 : 40, i, j, nplant;
    c->n = (size_t)(it % 5 == 0 ? vt_range(r, 1, 300) : vt_range(r, 1, 40));
    for (i = 0; i < c->n; i++) {
        uint8_t *p = c->store + i * 40;
        if (i > 0 && vt_below(r, 10) == 0) { /* duplicate of an earlier pattern, maybe other flags */
            c->lits[i] = c->lits[vt_below(r, i)];
            c->lits[i].flags = vt_below(r, 2) ? VYRE_CASELESS : 0;
            continue;
        }
        c->lits[i].len = (size_t)vt_range(r, 1, maxlen);
        for (j = 0; j < c->lits[i].len; j++) p[j] = alpha_byte(r, a);
        c->lits[i].bytes = p;
        c->lits[i].flags = vt_below(r, 3) == 0 ? VYRE_CASELESS : 0;
    }
    c->extra_flags = it % 7 == 3 ? VYRE_CASELESS : 0;
    c->hl = (size_t)(it % 6 == 0 ? vt_range(r, 0, 64) : vt_range(r, 0, 24000));
    c->hay = (uint8_t *)malloc(c->hl + 1);
    if (!c->hay) abort();
    for (i = 0; i < c->hl; i++) c->hay[i] = alpha_byte(r, a);
    /* plant occurrences, with random case flips (caseless ones still match) */
    nplant = c->hl / 50;
    for (i = 0; i < nplant; i++) {
        const vyre_literal *L = &c->lits[vt_below(r, c->n)];
        size_t at;
        if (L->len > c->hl) continue;
        at = (size_t)vt_below(r, c->hl - L->len + 1);
        memcpy(c->hay + at, L->bytes, L->len);
        if (vt_below(r, 3) == 0)
            for (j = 0; j < L->len; j++)
                if ((c->hay[at + j] | 0x20) >= 'a' && (c->hay[at + j] | 0x20) <= 'z' && vt_below(r, 2))
                    c->hay[at + j] ^= 0x20;
    }
}

#define NENG 3
#define NTHR 3
static vyre_backend *backends[NENG][NTHR];
static const vyre_cpu_engine ENGINES[NENG] = {VYRE_CPU_ENGINE_AUTO, VYRE_CPU_ENGINE_PREFILTER, VYRE_CPU_ENGINE_DFA};
static const char *const ENGINE_NAMES[NENG] = {"auto", "prefilter", "dfa"};

static int make_backends(void) {
    int e, t;
    for (e = 0; e < NENG; e++)
        for (t = 0; t < NTHR; t++) {
            vyre_cpu_desc d;
            vyre_error err;
            memset(&d, 0, sizeof d);
            d.engine = ENGINES[e];
            d.threads = (uint32_t)(t + 1);
            d.min_bytes_per_thread = 64; /* make small inputs really split */
            if (!CHECK_RC(vyre_cpu_backend_create(&d, &backends[e][t], &err), VYRE_OK)) return 0;
        }
    return 1;
}
static void free_backends(void) {
    int e, t;
    for (e = 0; e < NENG; e++)
        for (t = 0; t < NTHR; t++) vyre_backend_destroy(backends[e][t]), backends[e][t] = NULL;
}

static void t_random_sets(void) {
    int it, iters = 120 * vt_scale();
    vt_rng r = vt_rng_make(100);
    static pcase c;
    vt_matches want;
    vyre_match *out = NULL;
    size_t outcap = 0;
    memset(&want, 0, sizeof want);
    if (!make_backends()) { free_backends(); return; }
    for (it = 0; it < iters && vt__case_failures == 0; it++) {
        vyre_literal_set *set = NULL;
        vyre_compile_desc cd;
        vyre_error err;
        int e, t;
        make_case(&r, &c, it);
        memset(&cd, 0, sizeof cd);
        cd.flags = c.extra_flags;
        vt_naive(c.lits, c.n, c.extra_flags, c.hay, c.hl, &want);
        if (!CHECK_RC(vyre_literal_set_compile(c.lits, c.n, &cd, &set, &err), VYRE_OK)) { free(c.hay); break; }
        if (want.n + 1 > outcap) {
            outcap = want.n + 1;
            out = (vyre_match *)realloc(out, outcap * sizeof *out);
            if (!out) abort();
        }
        for (e = 0; e < NENG; e++)
            for (t = 0; t < NTHR; t++) {
                vyre_scanner *sc = NULL;
                vyre_scanner_desc sd;
                size_t cnt = 0;
                uint64_t count = 0;
                char what[96];
                memset(&sd, 0, sizeof sd);
                if ((it + e + t) % 3 == 0) sd.chunk_bytes = (size_t)vt_range(&r, 64, 4096); /* chunked scanner */
                snprintf(what, sizeof what, "case %d engine %s threads %d chunk %zu (%zu patterns, %zu bytes)", it,
                         ENGINE_NAMES[e], t + 1, sd.chunk_bytes, c.n, c.hl);
                if (!CHECKF(vyre_scanner_create(backends[e][t], set, &sd, &sc, &err) == VYRE_OK, "%s: scanner: %s", what,
                            err.message))
                    continue;
                if (CHECKF(vyre_scan(sc, c.hay, c.hl, out, outcap, &cnt, &err) == VYRE_OK, "%s: scan: %s %s", what,
                           vyre_result_str(err.code), err.message))
                    CHECK_MATCHES(out, cnt, want.m, want.n, what);
                if (CHECKF(vyre_scan_count(sc, c.hay, c.hl, &count, &err) == VYRE_OK, "%s: count", what))
                    CHECKF(count == want.n, "%s: count %llu, want %zu", what, (unsigned long long)count, want.n);
                if (t == 1) {
                    vt_matches got;
                    memset(&got, 0, sizeof got);
                    if (CHECKF(vyre_scan_cb(sc, c.hay, c.hl, vt_collect_cb, &got, &err) == VYRE_OK, "%s: cb", what))
                        CHECK_MATCHES(got.m, got.n, want.m, want.n, what);
                    vt_matches_free(&got);
                }
                vyre_scanner_destroy(sc);
            }
        vyre_literal_set_free(set);
        free(c.hay);
    }
    free(out);
    vt_matches_free(&want);
    free_backends();
}

/* Every 1- and 2-byte pattern over a 3-letter alphabet with case mixing, on
   a haystack that contains every 3-gram: exercises the SHORT_MASK and
   KEY_KINDS paths of the prefilter exhaustively. */
static void t_short_patterns_exhaustive(void) {
    static const char al[] = "aBz";
    vyre_literal lits[3 + 9 + 27];
    uint8_t store[39 * 3], hay[27 * 3 * 2];
    size_t n = 0, i, hl = 0;
    int a, b, c2, e;
    vt_matches want;
    memset(&want, 0, sizeof want);
    for (a = 0; a < 3; a++) {
        store[n * 3] = (uint8_t)al[a];
        lits[n].bytes = store + n * 3; lits[n].len = 1; lits[n].flags = (uint32_t)(a & 1); n++;
        for (b = 0; b < 3; b++) {
            store[n * 3] = (uint8_t)al[a]; store[n * 3 + 1] = (uint8_t)al[b];
            lits[n].bytes = store + n * 3; lits[n].len = 2; lits[n].flags = (uint32_t)((a + b) & 1); n++;
            for (c2 = 0; c2 < 3; c2++) {
                store[n * 3] = (uint8_t)al[a]; store[n * 3 + 1] = (uint8_t)al[b]; store[n * 3 + 2] = (uint8_t)al[c2];
                lits[n].bytes = store + n * 3; lits[n].len = 3; lits[n].flags = (uint32_t)((a + c2) & 1); n++;
                hay[hl++] = (uint8_t)al[a]; hay[hl++] = (uint8_t)(al[b] ^ 0x20); hay[hl++] = (uint8_t)al[c2];
            }
        }
    }
    for (i = 0; i < hl; i++) hay[hl + i] = (uint8_t)(hay[i] ^ (i % 2 ? 0x20 : 0));
    hl *= 2;
    vt_naive(lits, n, 0, hay, hl, &want);
    for (e = 0; e < NENG; e++) {
        vyre_cpu_desc d;
        vyre_backend *be = NULL;
        vyre_literal_set *set = NULL;
        vyre_scanner *sc = NULL;
        vyre_match out[4096];
        size_t cnt = 0;
        memset(&d, 0, sizeof d);
        d.engine = ENGINES[e];
        d.threads = 1;
        if (CHECK_RC(vyre_cpu_backend_create(&d, &be, NULL), VYRE_OK) &&
            CHECK_RC(vyre_literal_set_compile(lits, n, NULL, &set, NULL), VYRE_OK) &&
            CHECK_RC(vyre_scanner_create(be, set, NULL, &sc, NULL), VYRE_OK) &&
            CHECK_RC(vyre_scan(sc, hay, hl, out, 4096, &cnt, NULL), VYRE_OK))
            CHECK_MATCHES(out, cnt, want.m, want.n, ENGINE_NAMES[e]);
        vyre_scanner_destroy(sc);
        vyre_literal_set_free(set);
        vyre_backend_destroy(be);
    }
    vt_matches_free(&want);
}

/* One large input across many threads: the per-thread split must neither
   lose nor duplicate matches at the seams. */
static void t_thread_seams(void) {
    vyre_literal lits[4];
    size_t hl = 3 * 1024 * 1024 + 7, i;
    uint8_t *hay = (uint8_t *)malloc(hl);
    vt_matches want;
    int t;
    vt_rng r = vt_rng_make(7);
    if (!hay) abort();
    lits[0].bytes = "abcabcabcabcabcabcab"; lits[0].len = 20; lits[0].flags = 0;
    lits[1].bytes = "ca"; lits[1].len = 2; lits[1].flags = VYRE_CASELESS;
    lits[2].bytes = "c"; lits[2].len = 1; lits[2].flags = 0;
    lits[3].bytes = "bcabcabcabcabcabcabcabcabcabcabcabcabca"; lits[3].len = 39; lits[3].flags = 0;
    for (i = 0; i < hl; i++) hay[i] = (uint8_t)"abc"[i % 3];
    for (i = 0; i < 2000; i++) hay[vt_below(&r, hl)] = 'C';
    memset(&want, 0, sizeof want);
    vt_naive(lits, 4, 0, hay, hl, &want);
    for (t = 1; t <= 4; t++) {
        vyre_cpu_desc d;
        vyre_backend *be = NULL;
        vyre_literal_set *set = NULL;
        vyre_scanner *sc = NULL;
        vt_matches got;
        uint64_t count = 0;
        memset(&got, 0, sizeof got);
        memset(&d, 0, sizeof d);
        d.threads = (uint32_t)t;
        d.min_bytes_per_thread = 4096;
        if (CHECK_RC(vyre_cpu_backend_create(&d, &be, NULL), VYRE_OK) &&
            CHECK_RC(vyre_literal_set_compile(lits, 4, NULL, &set, NULL), VYRE_OK) &&
            CHECK_RC(vyre_scanner_create(be, set, NULL, &sc, NULL), VYRE_OK)) {
            if (CHECK_RC(vyre_scan_cb(sc, hay, hl, vt_collect_cb, &got, NULL), VYRE_OK))
                CHECK_MATCHES(got.m, got.n, want.m, want.n, "thread seams");
            if (CHECK_RC(vyre_scan_count(sc, hay, hl, &count, NULL), VYRE_OK)) CHECK_EQ_U64(count, want.n);
        }
        vt_matches_free(&got);
        vyre_scanner_destroy(sc);
        vyre_literal_set_free(set);
        vyre_backend_destroy(be);
    }
    vt_matches_free(&want);
    free(hay);
}

int main(void) {
    VT_RUN(t_random_sets);
    VT_RUN(t_short_patterns_exhaustive);
    VT_RUN(t_thread_seams);
    return vt_finish();
}
