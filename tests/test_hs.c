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
    vt_hs_random p;
    int compared, skipped = 0;
    memset(&p, 0, sizeof p);
    p.seed = 200;
    p.iters = 100 * vt_scale();
    p.big_n = 300; p.small_n = 50; p.short_len = 4; p.long_len = 40; p.max_hay = 30000;
    p.form = VYRE_LIT_FORM_AUTO;
    p.be[0] = vt_make_cpu(2, VYRE_CPU_ENGINE_AUTO);
    p.be[1] = vt_make_cpu(1, VYRE_CPU_ENGINE_DFA);
    if (p.be[0] && p.be[1]) {
        compared = vt_hs_random_run(&p, &skipped);
        CHECKF(compared > 0 && compared >= skipped, "only %d of %d random cases compared", compared, compared + skipped);
    }
    vyre_backend_destroy(p.be[0]);
    vyre_backend_destroy(p.be[1]);
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

/* Medium sets (1,024-10,000 literals, the CPU f4/f8 bucket-key filters and
   the 4/8-byte bucket keys): half cut from real files (runs of NUL, shared
   suffixes), half random; lengths 3..40 mixed or 8..32 (rand10k's shape);
   caseless and not; vs Hyperscan on the same real bytes. */
static void t_hs_medium_sets(void) {
    static const char *const dirs[] = {"/usr/bin", "/usr/include"};
    vt_rng r = vt_rng_make(0x3ED1);
    size_t d;
    int compared = 0;
    vt_matches a, b;
    vyre_backend *be[2];
    be[0] = vt_make_cpu(2, VYRE_CPU_ENGINE_AUTO);
    be[1] = vt_make_cpu(1, VYRE_CPU_ENGINE_AUTO);
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    if (!be[0] || !be[1]) goto done;
    for (d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
        size_t hl = 0, nf = 0, v;
        uint8_t *hay = vt_read_tree(dirs[d], (size_t)vt_scale() * 1024 * 1024, &hl, &nf);
        if (hl < 65536) { free(hay); continue; }
        for (v = 0; v < 4; v++) {
            size_t n = v == 0 ? 10000 : v == 1 ? 1024 : 3000, i, j;
            uint32_t extra = v == 2 ? VYRE_CASELESS : 0;
            vyre_literal *lits = (vyre_literal *)calloc(n, sizeof *lits);
            uint8_t *store = (uint8_t *)malloc(n * 40);
            vyre_literal_set *set = NULL;
            vyre_compile_desc cd;
            hs_database_t *db;
            char why[512], what[96];
            int k;
            if (!lits || !store) abort();
            for (i = 0; i < n; i++) {
                size_t len = v == 0 ? (size_t)vt_range(&r, 8, 32) : i % 16 == 1 ? 3 : (size_t)vt_range(&r, 4, i % 4 ? 8 : 40);
                uint8_t *x = store + i * 40;
                if (i % 2 == 0) {
                    /* a cut is redrawn while it holds a run of 4 equal bytes (it would match almost everywhere) */
                    int tries, run;
                    for (tries = 0; tries < 50; tries++) {
                        memcpy(x, hay + vt_below(&r, hl - len), len);
                        for (j = 1, run = 1; j < len && run < 4; j++) run = x[j] == x[j - 1] ? run + 1 : 1;
                        if (run < 4) break;
                    }
                } else for (j = 0; j < len; j++) x[j] = (uint8_t)vt_below(&r, 256);
                if (v == 3 && i % 3 == 0) for (j = 0; j < len; j++) if ((uint32_t)x[j] - 'a' < 26u && vt_below(&r, 2)) x[j] ^= 0x20;
                lits[i].bytes = x;
                lits[i].len = len;
                lits[i].flags = v == 3 && i % 3 == 0 ? VYRE_CASELESS : 0;
            }
            db = vt_hs_build(lits, n, extra, why, sizeof why);
            memset(&cd, 0, sizeof cd);
            cd.flags = extra;
            if (CHECKF(db != NULL, "Hyperscan refused medium set %zu: %s", v, why) &&
                CHECK_RC(vyre_literal_set_compile(lits, n, &cd, &set, NULL), VYRE_OK) &&
                CHECKF(vt_hs_all(db, hay, hl, &a), "hs_scan failed")) {
                vt_note("%s: set %zu (%zu literals%s), %zu bytes, %zu matches", dirs[d], v, n, extra ? ", caseless" : "", hl, a.n);
                for (k = 0; k < 2; k++)
                    if (vt_vyre_all(be[k], set, hay, hl, 0, &b)) {
                        snprintf(what, sizeof what, "%s, medium set %zu, backend %d", dirs[d], v, k);
                        CHECK_MATCHES(b.m, b.n, a.m, a.n, what);
                    }
                compared++;
            }
            vyre_literal_set_free(set);
            if (db) hs_free_database(db);
            free(lits);
            free(store);
        }
        free(hay);
    }
    if (!compared) vt_skip("no real files readable on this machine");
done:
    vt_matches_free(&a);
    vt_matches_free(&b);
    vyre_backend_destroy(be[0]);
    vyre_backend_destroy(be[1]);
}

int main(void) {
    VT_RUN(t_hs_random);
    VT_RUN(t_hs_real_files);
    VT_RUN(t_hs_medium_sets);
    return vt_finish();
}
