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

#include <ftw.h>
#include <sys/stat.h>
#include <hs/hs.h>

/* ---------------------------------------------------------- Hyperscan */
typedef struct hs_ctx { vt_matches *out; } hs_ctx;
static int hs_on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int flags, void *ctx) {
    (void)flags;
    vt_matches_push(((hs_ctx *)ctx)->out, from, to, id, 0);
    return 0;
}

/* Compile lits with Hyperscan. Returns NULL and fills why[] if Hyperscan refuses. */
static hs_database_t *hs_build(const vyre_literal *lits, size_t n, uint32_t extra, char *why, size_t whylen) {
    const char **ex = (const char **)malloc(n * sizeof *ex);
    unsigned *fl = (unsigned *)malloc(n * sizeof *fl), *ids = (unsigned *)malloc(n * sizeof *ids);
    size_t *lens = (size_t *)malloc(n * sizeof *lens), i;
    hs_database_t *db = NULL;
    hs_compile_error_t *ce = NULL;
    if (!ex || !fl || !ids || !lens) abort();
    for (i = 0; i < n; i++) {
        ex[i] = (const char *)lits[i].bytes;
        lens[i] = lits[i].len;
        ids[i] = (unsigned)i;
        fl[i] = HS_FLAG_SOM_LEFTMOST | (((lits[i].flags | extra) & VYRE_CASELESS) ? HS_FLAG_CASELESS : 0);
    }
    if (hs_compile_lit_multi(ex, fl, ids, lens, (unsigned)n, HS_MODE_BLOCK, NULL, &db, &ce) != HS_SUCCESS) {
        snprintf(why, whylen, "hs_compile_lit_multi: %s (expression %d)", ce ? ce->message : "?",
                 ce ? ce->expression : -1);
        if (ce) hs_free_compile_error(ce);
        db = NULL;
    }
    free(ex);
    free(fl);
    free(ids);
    free(lens);
    return db;
}

static int hs_all(hs_database_t *db, const uint8_t *h, size_t hl, vt_matches *out) {
    hs_scratch_t *scratch = NULL;
    hs_ctx c;
    hs_error_t rc;
    out->n = 0;
    if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) return 0;
    c.out = out;
    rc = hs_scan(db, (const char *)h, (unsigned)hl, 0, scratch, hs_on_match, &c);
    hs_free_scratch(scratch);
    vt_matches_sort(out);
    return rc == HS_SUCCESS;
}

/* ---------------------------------------------------------- vyre side */
static int vyre_all(vyre_backend *be, const vyre_literal_set *set, const uint8_t *h, size_t hl, vt_matches *out) {
    vyre_scanner *sc = NULL;
    vyre_error err;
    vyre_result rc;
    out->n = 0;
    if (!CHECKF(vyre_scanner_create(be, set, NULL, &sc, &err) == VYRE_OK, "scanner: %s", err.message)) return 0;
    rc = vyre_scan_cb(sc, h, hl, vt_collect_cb, out, &err);
    vyre_scanner_destroy(sc);
    return CHECKF(rc == VYRE_OK, "vyre_scan_cb: %s %s", vyre_result_str(rc), err.message);
}

static vyre_backend *make_cpu(uint32_t threads, vyre_cpu_engine e) {
    vyre_cpu_desc d;
    vyre_backend *be = NULL;
    memset(&d, 0, sizeof d);
    d.threads = threads;
    d.engine = e;
    d.min_bytes_per_thread = 4096;
    if (!CHECK_RC(vyre_cpu_backend_create(&d, &be, NULL), VYRE_OK)) return NULL;
    return be;
}

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
    be[0] = make_cpu(2, VYRE_CPU_ENGINE_AUTO);
    be[1] = make_cpu(1, VYRE_CPU_ENGINE_DFA);
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    if (!be[0] || !be[1]) goto done;
    for (it = 0; it < iters && !vt__case_failures; it++) {
        int al = it % 5;
        size_t n = (size_t)vt_range(&r, 1, it % 4 == 0 ? 300 : 50), maxlen = it % 3 == 0 ? 4 : 40, i, j;
        size_t hl = (size_t)vt_range(&r, 0, 30000);
        uint8_t *hay = (uint8_t *)malloc(hl + 1);
        uint32_t extra = it % 6 == 5 ? VYRE_CASELESS : 0;
        char why[512];
        hs_database_t *db;
        vyre_literal_set *set = NULL;
        vyre_compile_desc cd;
        if (!hay) abort();
        for (i = 0; i < n; i++) {
            size_t len = (size_t)vt_range(&r, 1, maxlen);
            for (j = 0; j < len; j++) store[i * 40 + j] = (uint8_t)alphas[al][vt_below(&r, alens[al])];
            lits[i].bytes = store + i * 40;
            lits[i].len = len;
            lits[i].flags = vt_below(&r, 2) ? VYRE_CASELESS : 0;
            if (i && vt_below(&r, 12) == 0) lits[i] = lits[vt_below(&r, i)]; /* duplicate */
        }
        for (i = 0; i < hl; i++) hay[i] = (uint8_t)alphas[al][vt_below(&r, alens[al])];
        for (i = 0; i < hl / 64; i++) {
            const vyre_literal *L = &lits[vt_below(&r, n)];
            if (L->len <= hl) memcpy(hay + vt_below(&r, hl - L->len + 1), L->bytes, L->len);
        }
        db = hs_build(lits, n, extra, why, sizeof why);
        if (!db) {
            vt_note("case %d (%zu patterns) skipped: Hyperscan refused it: %s", it, n, why);
            skipped++;
            free(hay);
            continue;
        }
        memset(&cd, 0, sizeof cd);
        cd.flags = extra;
        if (CHECK_RC(vyre_literal_set_compile(lits, n, &cd, &set, NULL), VYRE_OK) &&
            CHECKF(hs_all(db, hay, hl, &a), "hs_scan failed")) {
            int k;
            for (k = 0; k < 2; k++)
                if (vyre_all(be[k], set, hay, hl, &b)) {
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
#define MAX_PATHS 200000
static char **g_paths;
static size_t g_npaths;
static int collect(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)ftw;
    if (flag == FTW_F && S_ISREG(st->st_mode) && g_npaths < MAX_PATHS) {
        size_t l = strlen(path);
        char *p = (char *)malloc(l + 1);
        if (!p) abort();
        memcpy(p, path, l + 1);
        g_paths[g_npaths++] = p;
    }
    return 0;
}
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Concatenate the first `budget` bytes of the regular files under dir (sorted). */
static uint8_t *read_tree(const char *dir, size_t budget, size_t *len, size_t *nfiles) {
    uint8_t *buf = (uint8_t *)malloc(budget);
    size_t i, n = 0;
    if (!buf) abort();
    g_paths = (char **)malloc(MAX_PATHS * sizeof *g_paths);
    if (!g_paths) abort();
    g_npaths = 0;
    *nfiles = 0;
    nftw(dir, collect, 16, FTW_PHYS);
    qsort(g_paths, g_npaths, sizeof *g_paths, cmp_str);
    for (i = 0; i < g_npaths; i++) {
        if (n < budget) {
            FILE *f = fopen(g_paths[i], "rb");
            if (f) {
                n += fread(buf + n, 1, budget - n, f);
                fclose(f);
                (*nfiles)++;
            }
        }
        free(g_paths[i]);
    }
    free(g_paths);
    *len = n;
    return buf;
}

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
    db = hs_build(lits, n, VYRE_CASELESS, why, sizeof why);
    if (!CHECKF(db != NULL, "Hyperscan refused the gitleaks keywords: %s", why)) goto done;
    be[0] = make_cpu(2, VYRE_CPU_ENGINE_AUTO);
    be[1] = make_cpu(1, VYRE_CPU_ENGINE_DFA);
    if (!be[0] || !be[1]) goto done;
    for (d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
        size_t hl = 0, nf = 0;
        uint8_t *hay = read_tree(dirs[d], budget, &hl, &nf);
        int k;
        if (hl == 0) {
            vt_note("%s: no readable files, not compared", dirs[d]);
            free(hay);
            continue;
        }
        vt_note("%s: %zu files, %zu bytes", dirs[d], nf, hl);
        if (!CHECKF(hs_all(db, hay, hl, &a), "hs_scan failed on %s", dirs[d])) { free(hay); continue; }
        for (k = 0; k < 2; k++)
            if (vyre_all(be[k], set, hay, hl, &b)) CHECK_MATCHES(b.m, b.n, a.m, a.n, dirs[d]);
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
    be[0] = make_cpu(2, VYRE_CPU_ENGINE_AUTO);
    be[1] = make_cpu(1, VYRE_CPU_ENGINE_AUTO);
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    if (!be[0] || !be[1]) goto done;
    for (d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
        size_t hl = 0, nf = 0, v;
        uint8_t *hay = read_tree(dirs[d], (size_t)vt_scale() * 1024 * 1024, &hl, &nf);
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
            db = hs_build(lits, n, extra, why, sizeof why);
            memset(&cd, 0, sizeof cd);
            cd.flags = extra;
            if (CHECKF(db != NULL, "Hyperscan refused medium set %zu: %s", v, why) &&
                CHECK_RC(vyre_literal_set_compile(lits, n, &cd, &set, NULL), VYRE_OK) &&
                CHECKF(hs_all(db, hay, hl, &a), "hs_scan failed")) {
                vt_note("%s: set %zu (%zu literals%s), %zu bytes, %zu matches", dirs[d], v, n, extra ? ", caseless" : "", hl, a.n);
                for (k = 0; k < 2; k++)
                    if (vyre_all(be[k], set, hay, hl, &b)) {
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
