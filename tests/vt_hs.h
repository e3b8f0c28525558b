/* vt_hs.h - the Hyperscan literal oracle and the real-file corpus that the
   literal differential tests share (test_hs.c, test_big.c).

   Include after vyre.h and vt.h, in a file that defines _XOPEN_SOURCE 700
   before any header (nftw) and links -lhs:

       vt_hs_build    compile literals with hs_compile_lit_multi in block mode,
                      HS_FLAG_SOM_LEFTMOST (+ HS_FLAG_CASELESS per caseless
                      literal, or for all with extra = VYRE_CASELESS): exactly
                      vyre's semantics. NULL and why[] when Hyperscan refuses.
       vt_hs_all      every match of a database, sorted (start, end, id)
       vt_vyre_all    every match of a scanner on `be` (chunk_bytes = chunk,
                      0 = default), sorted by the callback collector
       vt_make_cpu    a CPU backend with `threads` threads and engine `e`
       vt_random_lits n random literals of 1..maxlen bytes over an alphabet,
                      half caseless (all with caseless_all), 1 in 12 a copy of
                      an earlier one; bytes in store (stride bytes each)
       vt_plant_hay   a haystack of alphabet bytes with hl/64 planted copies
       vt_hs_random_run  the random differential loop of both tests (below)
       vt_read_tree   the first `budget` bytes of the regular files under dir
                      (sorted by path), and how many files were read */
#ifndef VT_HS_H
#define VT_HS_H
#include <ftw.h>
#include <sys/stat.h>
#include <hs/hs.h>

typedef struct vt_hs_ctx { vt_matches *out; } vt_hs_ctx;
static inline int vt_hs_on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int flags, void *ctx) {
    (void)flags;
    vt_matches_push(((vt_hs_ctx *)ctx)->out, from, to, id, 0);
    return 0;
}

static inline hs_database_t *vt_hs_build(const vyre_literal *lits, size_t n, uint32_t extra, char *why, size_t whylen) {
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

static inline int vt_hs_all(hs_database_t *db, const uint8_t *h, size_t hl, vt_matches *out) {
    hs_scratch_t *scratch = NULL;
    vt_hs_ctx c;
    hs_error_t rc;
    out->n = 0;
    if ((rc = hs_alloc_scratch(db, &scratch)) != HS_SUCCESS) { vt_note("hs_alloc_scratch: %d", (int)rc); return 0; }
    c.out = out;
    rc = hs_scan(db, (const char *)h, (unsigned)hl, 0, scratch, vt_hs_on_match, &c);
    if (rc != HS_SUCCESS) vt_note("hs_scan: %d", (int)rc);
    hs_free_scratch(scratch);
    vt_matches_sort(out);
    return rc == HS_SUCCESS;
}

static inline int vt_vyre_all(vyre_backend *be, const vyre_literal_set *set, const uint8_t *h, size_t hl, size_t chunk,
                       vt_matches *out) {
    vyre_scanner *sc = NULL;
    vyre_scanner_desc sd;
    vyre_error err;
    vyre_result rc;
    out->n = 0;
    memset(&sd, 0, sizeof sd);
    sd.chunk_bytes = chunk;
    if (!CHECKF(vyre_scanner_create(be, set, &sd, &sc, &err) == VYRE_OK, "scanner: %s", err.message)) return 0;
    rc = vyre_scan_cb(sc, h, hl, vt_collect_cb, out, &err);
    vyre_scanner_destroy(sc);
    return CHECKF(rc == VYRE_OK, "vyre_scan_cb: %s %s", vyre_result_str(rc), err.message);
}

static inline vyre_backend *vt_make_cpu(uint32_t threads, vyre_cpu_engine e) {
    vyre_cpu_desc d;
    vyre_backend *be = NULL;
    memset(&d, 0, sizeof d);
    d.threads = threads;
    d.engine = e;
    d.min_bytes_per_thread = 4096;
    if (!CHECK_RC(vyre_cpu_backend_create(&d, &be, NULL), VYRE_OK)) return NULL;
    return be;
}

static inline void vt_random_lits(vt_rng *r, vyre_literal *lits, uint8_t *store, size_t stride, size_t n, size_t maxlen,
                           const char *alpha, size_t alen, int caseless_all) {
    size_t i, j;
    for (i = 0; i < n; i++) {
        size_t len = (size_t)vt_range(r, 1, maxlen);
        for (j = 0; j < len; j++) store[i * stride + j] = (uint8_t)alpha[vt_below(r, alen)];
        lits[i].bytes = store + i * stride;
        lits[i].len = len;
        lits[i].flags = (caseless_all || vt_below(r, 2)) ? VYRE_CASELESS : 0;
        if (i && vt_below(r, 12) == 0) lits[i] = lits[vt_below(r, i)]; /* a duplicate */
    }
}

static inline void vt_plant_hay(vt_rng *r, uint8_t *hay, size_t hl, const vyre_literal *lits, size_t n, const char *alpha,
                         size_t alen) {
    size_t i;
    for (i = 0; i < hl; i++) hay[i] = (uint8_t)alpha[vt_below(r, alen)];
    for (i = 0; i < hl / 64; i++) {
        const vyre_literal *L = &lits[vt_below(r, n)];
        if (L->len <= hl) memcpy(hay + vt_below(r, hl - L->len + 1), L->bytes, L->len);
    }
}

/* The random differential loop: p->iters cases over five alphabets; case
   `it` has 1..(it % 4 == 0 ? big_n : small_n) literals of
   1..(it % 3 == 0 ? short_len : long_len) bytes and a haystack of
   0..max_hay bytes with planted copies. Every sixth case is caseless: through
   vyre_compile_desc.flags (and Hyperscan's `extra`) with sixth_all_flags = 0,
   through every literal's flag with 1. The set is compiled with form p->form
   (checked unless VYRE_LIT_FORM_AUTO) and scanned on be[0] (default chunks)
   and be[1] (chunk_bytes = chunk_base + it * chunk_step, 0 = default), every
   match compared with Hyperscan's. Returns the cases compared; *skipped
   counts the ones Hyperscan refused (each noted with its reason). */
typedef struct vt_hs_random {
    uint64_t seed;
    int iters;
    size_t big_n, small_n, short_len, long_len, max_hay;
    int sixth_all_flags;
    vyre_lit_form form;
    vyre_backend *be[2];
    size_t chunk_base, chunk_step;
} vt_hs_random;
static inline int vt_hs_random_run(const vt_hs_random *p, int *skipped) {
    static const char *const alphas[] = {"ab", "aAbB", "acgtACGT", "\x01\x80\xff\x00", "key_APIsecret"};
    static const size_t alens[] = {2, 4, 8, 4, 13};
    vyre_literal *lits = (vyre_literal *)malloc(p->big_n * sizeof *lits);
    uint8_t *store = (uint8_t *)malloc(p->big_n * p->long_len);
    vt_rng r = vt_rng_make(p->seed);
    vt_matches a, b;
    int it, compared = 0;
    if (!lits || !store) abort();
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    *skipped = 0;
    for (it = 0; it < p->iters && !vt__case_failures; it++) {
        int al = it % 5, k, sixth = it % 6 == 5;
        size_t n = (size_t)vt_range(&r, 1, it % 4 == 0 ? p->big_n : p->small_n);
        size_t maxlen = it % 3 == 0 ? p->short_len : p->long_len;
        size_t hl = (size_t)vt_range(&r, 0, p->max_hay);
        uint8_t *hay = (uint8_t *)malloc(hl + 1);
        uint32_t extra = sixth && !p->sixth_all_flags ? VYRE_CASELESS : 0;
        char why[512];
        hs_database_t *db;
        vyre_literal_set *set = NULL;
        vyre_literal_set_info info;
        vyre_compile_desc cd;
        if (!hay) abort();
        vt_random_lits(&r, lits, store, p->long_len, n, maxlen, alphas[al], alens[al], sixth && p->sixth_all_flags);
        vt_plant_hay(&r, hay, hl, lits, n, alphas[al], alens[al]);
        db = vt_hs_build(lits, n, extra, why, sizeof why);
        if (!db) {
            vt_note("case %d (%zu patterns) skipped: Hyperscan refused it: %s", it, n, why);
            (*skipped)++;
            free(hay);
            continue;
        }
        memset(&cd, 0, sizeof cd);
        cd.flags = extra;
        cd.form = p->form;
        memset(&info, 0, sizeof info);
        if (CHECK_RC(vyre_literal_set_compile(lits, n, &cd, &set, NULL), VYRE_OK) &&
            CHECK_RC(vyre_literal_set_get_info(set, &info), VYRE_OK) &&
            CHECKF(p->form == VYRE_LIT_FORM_AUTO || info.form == p->form, "case %d: form %d, wanted %d", it,
                   (int)info.form, (int)p->form) &&
            CHECKF(vt_hs_all(db, hay, hl, &a), "hs_scan failed")) {
            for (k = 0; k < 2; k++)
                if (vt_vyre_all(p->be[k], set, hay, hl, k ? p->chunk_base + (size_t)it * p->chunk_step : 0, &b)) {
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
    vt_matches_free(&a);
    vt_matches_free(&b);
    free(lits);
    free(store);
    return compared;
}

#define VT_TREE_MAX_PATHS 200000
static char **vt__tree_paths;
static size_t vt__tree_n;
static inline int vt__tree_collect(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)ftw;
    if (flag == FTW_F && S_ISREG(st->st_mode) && vt__tree_n < VT_TREE_MAX_PATHS) {
        size_t l = strlen(path);
        char *p = (char *)malloc(l + 1);
        if (!p) abort();
        memcpy(p, path, l + 1);
        vt__tree_paths[vt__tree_n++] = p;
    }
    return 0;
}
static inline int vt__tree_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static inline uint8_t *vt_read_tree(const char *dir, size_t budget, size_t *len, size_t *nfiles) {
    uint8_t *buf = (uint8_t *)malloc(budget);
    size_t i, n = 0, nf = 0;
    if (!buf) abort();
    vt__tree_paths = (char **)malloc(VT_TREE_MAX_PATHS * sizeof *vt__tree_paths);
    if (!vt__tree_paths) abort();
    vt__tree_n = 0;
    nftw(dir, vt__tree_collect, 16, FTW_PHYS);
    qsort(vt__tree_paths, vt__tree_n, sizeof *vt__tree_paths, vt__tree_cmp);
    for (i = 0; i < vt__tree_n; i++) {
        if (n < budget) {
            FILE *f = fopen(vt__tree_paths[i], "rb");
            if (f) {
                n += fread(buf + n, 1, budget - n, f);
                fclose(f);
                nf++;
            }
        }
        free(vt__tree_paths[i]);
    }
    free(vt__tree_paths);
    *len = n;
    if (nfiles) *nfiles = nf;
    return buf;
}
#endif /* VT_HS_H */
