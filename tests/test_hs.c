/* test_hs.c - differential tests against Hyperscan (libhyperscan-dev).

   Hyperscan's literal API (hs_compile_lit_multi) in block mode with
   HS_FLAG_SOM_LEFTMOST (+ HS_FLAG_CASELESS per caseless pattern) reports
   exactly vyre's semantics. All matches are collected, sorted by
   (start, end, id) and compared exactly, on random inputs and on real files
   of the machine (/usr/include, /usr/share/doc, /usr/bin), with the gitleaks
   keywords caseless. A case that Hyperscan refuses to compile is skipped with
   its reason printed, never silently. */
#define _XOPEN_SOURCE 700
#define VYRE_IMPLEMENTATION
#include "../vyre.h"
#include "vt.h"
#include "vt_hs.h"

/* ------------------------------------------------------------- random */
static void t_hs_random(void) {
    static const char *const alphas[] = {"ab", "aAbB", "acgtACGT", "\x01\x80\xff\x00", "key_APIsecret"};
    static const size_t alens[] = {2, 4, 8, 4, 13};
    vyre_literal lits[300];
    static uint8_t store[300 * 40];
    vt_rng r = vt_rng_make(200);
    int it, iters = 100 * vt_scale(), skipped = 0, compared = 0;
    vyre_backend *be[2];
    vt_matches a, b;
    be[0] = vt_make_cpu(2, VYRE_CPU_ENGINE_AUTO);
    be[1] = vt_make_cpu(1, VYRE_CPU_ENGINE_DFA);
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    if (!be[0] || !be[1]) goto done;
    for (it = 0; it < iters && !vt__case_failures; it++) {
        int al = it % 5;
        size_t n = (size_t)vt_range(&r, 1, it % 4 == 0 ? 300 : 50), maxlen = it % 3 == 0 ? 4 : 40;
        size_t hl = (size_t)vt_range(&r, 0, 30000);
        uint8_t *hay = (uint8_t *)malloc(hl + 1);
        uint32_t extra = it % 6 == 5 ? VYRE_CASELESS : 0;
        char why[512];
        hs_database_t *db;
        vyre_literal_set *set = NULL;
        vyre_compile_desc cd;
        if (!hay) abort();
        vt_random_lits(&r, lits, store, 40, n, maxlen, alphas[al], alens[al], 0);
        vt_plant_hay(&r, hay, hl, lits, n, alphas[al], alens[al]);
        db = vt_hs_build(lits, n, extra, why, sizeof why);
        if (!db) {
            vt_note("case %d (%zu patterns) skipped: Hyperscan refused it: %s", it, n, why);
            skipped++;
            free(hay);
            continue;
        }
        memset(&cd, 0, sizeof cd);
        cd.flags = extra;
        if (CHECK_RC(vyre_literal_set_compile(lits, n, &cd, &set, NULL), VYRE_OK) &&
            CHECKF(vt_hs_all(db, hay, hl, &a), "hs_scan failed")) {
            int k;
            for (k = 0; k < 2; k++)
                if (vt_vyre_all(be[k], set, hay, hl, 0, &b)) {
                    char what[64];
                    snprintf(what, sizeof what, "random case %d, backend %d", it, k);
                    CHECK_MATCHES(b.m, b.n, a.m, a.n, what);
                }
            compared++;
        }
        vyre_literal_set_free(set);
        hs_free_database(db);
        free(hay);
    }
    CHECKF(compared > 0 && compared >= skipped, "only %d of %d random cases compared", compared, compared + skipped);
done:
    vt_matches_free(&a);
    vt_matches_free(&b);
    vyre_backend_destroy(be[0]);
    vyre_backend_destroy(be[1]);
}

/* ---------------------------------------------------- real files */
typedef struct stream_ctx { vt_matches got; } stream_ctx;

static void t_hs_real_files(void) {
    static const char *const dirs[] = {"/usr/include", "/usr/share/doc", "/usr/bin"};
    const char *kw_path = NULL;
    size_t kwlen = 0, n, d;
    uint8_t *kw = vt_read_gitleaks_keywords(&kwlen, &kw_path);
    vyre_literal *lits = NULL;
    vyre_literal_set *set = NULL;
    vyre_compile_desc cd;
    hs_database_t *db = NULL;
    char why[512];
    vyre_backend *be[2] = {NULL, NULL};
    vt_matches a, b;
    size_t budget = (size_t)vt_scale() * 3 * 1024 * 1024;
    int compared = 0;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    if (!kw) {
        vt_skip("gitleaks keywords not found (../shared/patterns/gitleaks-keywords.txt or patterns/gitleaks-keywords.txt)");
        return;
    }
    n = vt_split_lines(kw, kwlen, &lits);
    vt_note("%zu keywords from %s", n, kw_path);
    memset(&cd, 0, sizeof cd);
    cd.flags = VYRE_CASELESS;
    if (!CHECK(n > 100) || !CHECK_RC(vyre_literal_set_compile(lits, n, &cd, &set, NULL), VYRE_OK)) goto done;
    db = vt_hs_build(lits, n, VYRE_CASELESS, why, sizeof why);
    if (!CHECKF(db != NULL, "Hyperscan refused the gitleaks keywords: %s", why)) goto done;
    be[0] = vt_make_cpu(2, VYRE_CPU_ENGINE_AUTO);
    be[1] = vt_make_cpu(1, VYRE_CPU_ENGINE_DFA);
    if (!be[0] || !be[1]) goto done;
    for (d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
        size_t hl = 0, nf = 0;
        uint8_t *hay = vt_read_tree(dirs[d], budget, &hl, &nf);
        int k;
        if (hl == 0) {
            vt_note("%s: no readable files, not compared", dirs[d]);
            free(hay);
            continue;
        }
        vt_note("%s: %zu files, %zu bytes", dirs[d], nf, hl);
        if (!CHECKF(vt_hs_all(db, hay, hl, &a), "hs_scan failed on %s", dirs[d])) { free(hay); continue; }
        for (k = 0; k < 2; k++)
            if (vt_vyre_all(be[k], set, hay, hl, 0, &b)) CHECK_MATCHES(b.m, b.n, a.m, a.n, dirs[d]);
        /* the same bytes as a stream of uneven chunks */
        {
            vyre_scanner *sc = NULL;
            vyre_stream *st = NULL;
            stream_ctx c;
            size_t off = 0, chunk = 65536 + 13;
            memset(&c, 0, sizeof c);
            if (CHECK_RC(vyre_scanner_create(be[0], set, NULL, &sc, NULL), VYRE_OK) &&
                CHECK_RC(vyre_stream_open(sc, &st, NULL), VYRE_OK)) {
                while (off < hl) {
                    size_t len = hl - off < chunk ? hl - off : chunk;
                    if (!CHECK_RC(vyre_stream_write(st, hay + off, len, vt_collect_cb, &c.got, NULL), VYRE_OK)) break;
                    off += len;
                    chunk = chunk * 3 % 200003 + 1;
                }
                CHECK_RC(vyre_stream_close(st, vt_collect_cb, &c.got, NULL), VYRE_OK);
                CHECK_MATCHES(c.got.m, c.got.n, a.m, a.n, "stream over real files");
            }
            vyre_scanner_destroy(sc);
            vt_matches_free(&c.got);
        }
        compared++;
        free(hay);
    }
    if (!compared) vt_skip("no real files readable on this machine");
done:
    vt_matches_free(&a);
    vt_matches_free(&b);
    if (db) hs_free_database(db);
    vyre_literal_set_free(set);
    vyre_backend_destroy(be[0]);
    vyre_backend_destroy(be[1]);
    free(lits);
    free(kw);
}

int main(void) {
    VT_RUN(t_hs_random);
    VT_RUN(t_hs_real_files);
    return vt_finish();
}
