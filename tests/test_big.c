/* test_big.c - the literal kind's BIG form (vyre.h >>big-layout, docs/large-sets.md)
   against Hyperscan (hs_compile_lit_multi, HS_FLAG_SOM_LEFTMOST [+ CASELESS]):
   random small sets forced into the BIG form on small alphabets (every length
   class, duplicates, caseless mixes, chunk joins), random sets of 10^3 .. 10^5
   literals of 1 to 255 bytes cut from real files and random bytes on real
   files (/usr/lib) with planted copies, the compiler's pick and its options,
   and serialization round trips. VYRE_BIG_MILLION=1 adds one 10^6 set. All
   matches sorted by (start, end, id) and compared exactly. */
#define _XOPEN_SOURCE 700
#define VYRE_IMPLEMENTATION
#include "../vyre.h"
#include "vt.h"
#include "vt_hs.h"
#include "../bench/bench.h" /* vb_low_entropy */

static int form_of(const vyre_literal_set *set) {
    vyre_literal_set_info info;
    memset(&info, 0, sizeof info);
    if (vyre_literal_set_get_info(set, &info) != VYRE_OK) return -1;
    return (int)info.form;
}

/* small random sets, forced BIG, every length class, on small alphabets */
static void t_big_random(void) {
    vt_hs_random p;
    int compared, skipped = 0;
    memset(&p, 0, sizeof p);
    p.seed = 1500;
    p.iters = 60 * vt_scale();
    p.big_n = 400; p.small_n = 60; p.short_len = 9; p.long_len = 48; p.max_hay = 40000;
    p.sixth_all_flags = 1;
    p.form = VYRE_LIT_FORM_BIG;
    p.chunk_base = 4096; p.chunk_step = 7;
    p.be[0] = vt_make_cpu(2, VYRE_CPU_ENGINE_AUTO);
    p.be[1] = vt_make_cpu(1, VYRE_CPU_ENGINE_AUTO);
    if (p.be[0] && p.be[1]) {
        compared = vt_hs_random_run(&p, &skipped);
        CHECKF(compared > p.iters / 2, "only %d of %d random cases compared", compared, p.iters);
    }
    vyre_backend_destroy(p.be[0]);
    vyre_backend_destroy(p.be[1]);
}

/* ------------------------------------------------------ real files */
/* n literals of 1..255 bytes (skewed short), a mix of pieces of `src` and random bytes */
static size_t short_cap = 24;
static vyre_literal *make_set(vt_rng *r, size_t n, const uint8_t *src, size_t srclen, int caseless_mode, uint8_t **store_out) {
    vyre_literal *lits = (vyre_literal *)malloc(n * sizeof *lits);
    uint8_t *store = (uint8_t *)malloc(n * 256);
    size_t i, j;
    if (!lits || !store) abort();
    for (i = 0; i < n; i++) {
        uint64_t pick = vt_below(r, 100);
        size_t len = (pick < 2 && i < short_cap) ? (size_t)vt_range(r, 1, 3) : pick < 2 ? (size_t)vt_range(r, 4, 7) : pick < 10 ? (size_t)vt_range(r, 4, 7) : pick < 90 ? (size_t)vt_range(r, 8, 40)
                                                                                                        : (size_t)vt_range(r, 41, 255);
        uint8_t *d = store + i * 256;
        if (srclen > 300 && vt_below(r, 3)) {
            /* a piece of a real file; runs of one byte (zero padding) are skipped: Hyperscan's SOM
               tracking gives up (HS_UNKNOWN_ERROR) under the overlapping-match storms they cause */
            int tries = 0;
            do { memcpy(d, src + vt_below(r, srclen - 256), len); } while (++tries < 50 && len > 3 && vb_low_entropy(d, len));
            if (len > 3 && vb_low_entropy(d, len)) for (j = 0; j < len; j++) d[j] = (uint8_t)vt_below(r, 256);
        } else for (j = 0; j < len; j++) d[j] = (uint8_t)vt_below(r, 256);
        lits[i].bytes = d; lits[i].len = len;
        lits[i].flags = caseless_mode == 2 ? VYRE_CASELESS : caseless_mode == 1 ? (vt_below(r, 2) ? VYRE_CASELESS : 0) : 0;
    }
    *store_out = store;
    return lits;
}

static void big_case(vyre_backend *be, size_t n, int caseless_mode, uint64_t seed, const uint8_t *real, size_t reallen) {
    vt_rng r = vt_rng_make(seed);
    uint8_t *store = NULL, *hay;
    vyre_literal *lits = make_set(&r, n, real, reallen, caseless_mode, &store);
    size_t hl = reallen + (1u << 20), i;
    vt_matches a, b;
    char why[512], what[128];
    hs_database_t *db;
    vyre_literal_set *set = NULL;
    vyre_compile_desc cd;
    memset(&a, 0, sizeof a); memset(&b, 0, sizeof b);
    hay = (uint8_t *)malloc(hl);
    if (!hay) abort();
    memcpy(hay, real, reallen);
    for (i = reallen; i < hl; i++) hay[i] = (uint8_t)vt_below(&r, 256);
    for (i = 0; i < 20000; i++) { /* planted copies, some with flipped case */
        const vyre_literal *L = &lits[vt_below(&r, n)];
        size_t at = vt_below(&r, hl - L->len + 1), j;
        memcpy(hay + at, L->bytes, L->len);
        if (vt_below(&r, 2)) for (j = 0; j < L->len; j++) if (hay[at + j] >= 'a' && hay[at + j] <= 'z') hay[at + j] ^= 0x20;
    }
    db = vt_hs_build(lits, n, 0, why, sizeof why);
    snprintf(what, sizeof what, "%zu literals, caseless mode %d", n, caseless_mode);
    if (!db) { vt_note("%s skipped: Hyperscan refused it: %s", what, why); goto done; }
    memset(&cd, 0, sizeof cd);
    cd.form = n >= 100000 ? VYRE_LIT_FORM_AUTO : VYRE_LIT_FORM_BIG; /* AUTO: 10^5 such literals do not fit the default DFA budget */
    if (CHECK_RC(vyre_literal_set_compile(lits, n, &cd, &set, NULL), VYRE_OK) && CHECK(form_of(set) == VYRE_LIT_FORM_BIG) &&
        CHECKF(vt_hs_all(db, hay, hl, &a), "hs_scan failed") && vt_vyre_all(be, set, hay, hl, 0, &b)) {
        vt_note("%s: %zu matches on %zu bytes", what, a.n, hl);
        CHECK_MATCHES(b.m, b.n, a.m, a.n, what);
    }
    hs_free_database(db);
done:
    vyre_literal_set_free(set);
    vt_matches_free(&a); vt_matches_free(&b);
    free(hay); free(lits); free(store);
}

static void t_big_sets(void) {
    size_t reallen = 0;
    uint8_t *real = vt_read_tree("/usr/lib", (size_t)vt_scale() * 6 * 1024 * 1024, &reallen, NULL);
    vyre_backend *be = vt_make_cpu(2, VYRE_CPU_ENGINE_AUTO);
    const char *million = getenv("VYRE_BIG_MILLION");
    if (!be) { free(real); return; }
    if (reallen < 4096) vt_note("/usr/lib gave %zu bytes; random bytes only", reallen);
    big_case(be, 1000, 0, 11, real, reallen);
    big_case(be, 1000, 2, 12, real, reallen);
    short_cap = 0;
    big_case(be, 10000, 1, 13, real, reallen);
    big_case(be, 100000, 0, 14, real, reallen);
    big_case(be, 100000, 1, 15, real, reallen);
    if (million && *million == '1') big_case(be, 1000000, 1, 16, real, reallen);
    else vt_note("10^6 literals not run (set VYRE_BIG_MILLION=1; bench/big_bench runs it too)");
    vyre_backend_destroy(be);
    free(real);
}

/* the compiler's pick, forced forms and the options' errors */
static void t_big_pick(void) {
    static vyre_literal lits[3000];
    static uint8_t store[3000 * 16];
    vt_rng r = vt_rng_make(77);
    vyre_literal_set *set = NULL;
    vyre_compile_desc cd;
    vyre_error err;
    size_t i, j;
    for (i = 0; i < 3000; i++) {
        for (j = 0; j < 16; j++) store[i * 16 + j] = (uint8_t)('a' + vt_below(&r, 26));
        lits[i].bytes = store + i * 16; lits[i].len = 8 + i % 9; lits[i].flags = 0;
    }
    if (CHECK_RC(vyre_literal_set_compile(lits, 10, NULL, &set, NULL), VYRE_OK)) CHECK(form_of(set) == VYRE_LIT_FORM_DFA);
    vyre_literal_set_free(set); set = NULL;
    /* AUTO keeps the DFA wherever it fits (every backend has its kernels) */
    if (CHECK_RC(vyre_literal_set_compile(lits, 3000, NULL, &set, NULL), VYRE_OK)) CHECK(form_of(set) == VYRE_LIT_FORM_DFA);
    vyre_literal_set_free(set); set = NULL;
    /* AUTO where the DFA is tried and does not fit: 20 x 8..16 bytes ~ 240 states, budget 40 states */
    memset(&cd, 0, sizeof cd);
    cd.max_dfa_bytes = 40 * 1024;
    if (CHECK_RC(vyre_literal_set_compile(lits, 20, &cd, &set, &err), VYRE_OK)) CHECK(form_of(set) == VYRE_LIT_FORM_BIG);
    vyre_literal_set_free(set); set = NULL;
    cd.form = VYRE_LIT_FORM_DFA; /* forced: the DFA's error stands */
    CHECK_RC(vyre_literal_set_compile(lits, 20, &cd, &set, &err), VYRE_ERR_DFA_TOO_LARGE);
    CHECK_STR_CONTAINS(err.message, "max_dfa_bytes");
    CHECK(set == NULL);
    memset(&cd, 0, sizeof cd);
    cd.form = VYRE_LIT_FORM_DFA;
    if (CHECK_RC(vyre_literal_set_compile(lits, 3000, &cd, &set, NULL), VYRE_OK)) CHECK(form_of(set) == VYRE_LIT_FORM_DFA);
    vyre_literal_set_free(set); set = NULL;
    cd.form = VYRE_LIT_FORM_BIG;
    if (CHECK_RC(vyre_literal_set_compile(lits, 1, &cd, &set, NULL), VYRE_OK)) CHECK(form_of(set) == VYRE_LIT_FORM_BIG);
    vyre_literal_set_free(set); set = NULL;
    /* AUTO with a DFA budget too small for the DFA: BIG, not VYRE_ERR_DFA_TOO_LARGE */
    memset(&cd, 0, sizeof cd);
    cd.max_dfa_bytes = 4096;
    if (CHECK_RC(vyre_literal_set_compile(lits, 20, &cd, &set, NULL), VYRE_OK)) CHECK(form_of(set) == VYRE_LIT_FORM_BIG);
    vyre_literal_set_free(set); set = NULL;
    cd.form = 7;
    CHECK_RC(vyre_literal_set_compile(lits, 20, &cd, &set, &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_STR_CONTAINS(err.message, "form = 7");
    memset(&cd, 0, sizeof cd);
    cd.form = VYRE_LIT_FORM_BIG;
    cd.max_table_bytes = 1000;
    CHECK_RC(vyre_literal_set_compile(lits, 3000, &cd, &set, &err), VYRE_ERR_TABLES_TOO_LARGE);
    CHECK_STR_CONTAINS(err.message, "max_table_bytes");
    CHECK_STR_CONTAINS(err.fix, "Fix:");
    CHECK(set == NULL);
}

/* serialize -> deserialize keeps the form and every match; corruption is an error */
static void t_big_serial(void) {
    vt_rng r = vt_rng_make(99);
    uint8_t *store = NULL, *blob = NULL, hay[65536];
    vyre_literal *lits = make_set(&r, 5000, NULL, 0, 1, &store);
    vyre_literal_set *set = NULL, *back = NULL;
    vyre_backend *be = vt_make_cpu(1, VYRE_CPU_ENGINE_AUTO);
    vt_matches a, b;
    size_t sz = 0, i;
    memset(&a, 0, sizeof a); memset(&b, 0, sizeof b);
    for (i = 0; i < sizeof hay; i++) hay[i] = (uint8_t)vt_below(&r, 256);
    for (i = 0; i < 500; i++) { const vyre_literal *L = &lits[vt_below(&r, 5000)]; memcpy(hay + vt_below(&r, sizeof hay - 256), L->bytes, L->len); }
    vyre_compile_desc cd;
    memset(&cd, 0, sizeof cd);
    cd.form = VYRE_LIT_FORM_BIG; /* the blob stores patterns and flags; the form comes from the loader's desc */
    if (!be || !CHECK_RC(vyre_literal_set_compile(lits, 5000, &cd, &set, NULL), VYRE_OK)) goto done;
    if (!CHECK_RC(vyre_literal_set_serialize(set, NULL, 0, &sz, NULL), VYRE_OK)) goto done;
    blob = (uint8_t *)malloc(sz);
    if (!blob) abort();
    if (!CHECK_RC(vyre_literal_set_serialize(set, blob, sz, &sz, NULL), VYRE_OK)) goto done;
    if (CHECK_RC(vyre_literal_set_deserialize(blob, sz, &cd, &back, NULL), VYRE_OK) && CHECK(form_of(back) == VYRE_LIT_FORM_BIG) &&
        vt_vyre_all(be, set, hay, sizeof hay, 0, &a) && vt_vyre_all(be, back, hay, sizeof hay, 0, &b))
        CHECK_MATCHES(b.m, b.n, a.m, a.n, "deserialized BIG set");
    vyre_literal_set_free(back); back = NULL;
    blob[sz / 2] ^= 0x40;
    CHECK_RC(vyre_literal_set_deserialize(blob, sz, NULL, &back, NULL), VYRE_ERR_SERIAL_CORRUPT);
    CHECK(back == NULL);
    CHECK_RC(vyre_literal_set_deserialize(blob, sz - 5, NULL, &back, NULL), VYRE_ERR_SERIAL_TRUNCATED);
done:
    vyre_literal_set_free(set); vyre_literal_set_free(back);
    vyre_backend_destroy(be);
    vt_matches_free(&a); vt_matches_free(&b);
    free(blob); free(lits); free(store);
}

int main(void) {
    VT_RUN(t_big_pick);
    VT_RUN(t_big_random);
    VT_RUN(t_big_serial);
    VT_RUN(t_big_sets);
    return vt_finish();
}
