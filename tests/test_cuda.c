/* test_cuda.c - the CUDA backend (vyre_cuda.h): the resident manager (pool,
   static upload cache) over a mock (runs everywhere), and on a GPU: the
   contract, parity with the CPU backend and a naive reference on random
   inputs and real files, gitleaks keywords, presence, sessions, telemetry,
   the native chunked scanner, the on-disk kernel cache, lifecycle.

   Without a driver or device every GPU case prints a line with "SKIPPED" and
   the program exits 0, unless VYRE_REQUIRE_CUDA=1 (then it fails, exit 1).
   The last line is `N passed, N failed, N skipped`.

   Environment: VT_SCALE, VT_FILTER, VT_SEED as in vt.h; VYRE_CUDA_CORPUS_MB
   (default 8) bounds the real files read for the corpus tests.

   Build (from the repo root):
     cc -std=c99 -O2 -g -Wall -Wextra -Werror -pedantic -I. -Itests tests/test_cuda.c -o build/test_cuda -lpthread -ldl -lm */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#define VYRE_IMPLEMENTATION
#define VYRE_CUDA_IMPLEMENTATION
#include "vyre_cuda.h"
#include "vt.h"

#include <dirent.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static vyre_backend *g_cu;    /* the CUDA backend under test (NULL = none) */
static vyre_backend *g_cpu;   /* the reference */
static char g_why[400];       /* why there is no CUDA backend */
static char g_self[1024];     /* path of this program (for child runs) */

static int need_cuda(void) {
    if (g_cu) return 1;
    if (getenv("VYRE_REQUIRE_CUDA") && strcmp(getenv("VYRE_REQUIRE_CUDA"), "1") == 0) {
        CHECKF(0, "no CUDA backend and VYRE_REQUIRE_CUDA=1: %s", g_why);
        return 0;
    }
    vt_skip(g_why);
    return 0;
}

/* ------------------------------------------------------------------ */
/* helpers                                                              */
/* ------------------------------------------------------------------ */
static vyre_literal_set *compile_set(const vyre_literal *lits, size_t n, uint32_t flags) {
    vyre_compile_desc cd;
    vyre_literal_set *set = NULL;
    vyre_error e;
    memset(&cd, 0, sizeof cd);
    cd.flags = flags;
    if (!CHECK_RC(vyre_literal_set_compile(lits, n, &cd, &set, &e), VYRE_OK)) {
        printf("  compile: %s\n", e.message);
        return NULL;
    }
    return set;
}

/* All matches of data via a scanner on backend b (chunk 0 = default). */
static vyre_result scan_all(vyre_backend *b, const vyre_literal_set *set, const uint8_t *data, size_t len,
                            size_t chunk, vt_matches *out, vyre_error *e) {
    vyre_scanner_desc sd;
    vyre_scanner *sc = NULL;
    vyre_result r;
    memset(&sd, 0, sizeof sd);
    sd.chunk_bytes = chunk;
    out->n = 0;
    r = vyre_scanner_create(b, set, &sd, &sc, e);
    if (r != VYRE_OK) return r;
    r = vyre_scan_cb(sc, data, len, vt_collect_cb, out, e);
    vyre_scanner_destroy(sc);
    return r;
}

static void random_bytes(vt_rng *r, uint8_t *p, size_t n, int alphabet) {
    size_t i;
    static const char al[] = "abAB\0\xff\xe9xyzXYZ";
    for (i = 0; i < n; i++) {
        if (alphabet == 0)
            p[i] = (uint8_t)vt_next(r);
        else
            p[i] = (uint8_t)al[vt_below(r, (uint64_t)alphabet)];
    }
}

/* the table buffers for the set on b. */
static int upload_tables(vyre_backend *b, const vyre_literal_set *set, vyre_buffer tb[VYRE_LT_COUNT]) {
    int t;
    vyre_error e;
    for (t = 0; t < (int)VYRE_LT_COUNT; t++) {
        const void *data = NULL;
        size_t bytes = 0;
        tb[t] = 0;
        if (!CHECK_RC(vyre_literal_set_table(set, (vyre_lit_table)t, &data, &bytes), VYRE_OK)) return 0;
        if (!CHECK_RC(vyre_buffer_alloc(b, bytes ? bytes : 4, &tb[t], &e), VYRE_OK)) return 0;
        if (bytes && !CHECK_RC(vyre_buffer_upload(b, tb[t], 0, data, bytes, &e), VYRE_OK)) return 0;
    }
    return 1;
}
static void free_buffers(vyre_backend *b, vyre_buffer *v, size_t n) {
    size_t i;
    for (i = 0; i < n; i++)
        if (v[i]) {
            CHECK_RC(vyre_buffer_free(b, v[i], NULL), VYRE_OK);
            v[i] = 0;
        }
}

static int raw_cmp(const void *a, const void *b) {
    const vyre_raw_match *x = (const vyre_raw_match *)a, *y = (const vyre_raw_match *)b;
    if (x->end != y->end) return x->end < y->end ? -1 : 1;
    if (x->pattern_id != y->pattern_id) return x->pattern_id < y->pattern_id ? -1 : 1;
    return 0;
}

/* Run VYRE_PROGRAM_LIT_MATCHES on b (resident): counter + sorted raw matches. */
static int run_matches_program(vyre_backend *b, const vyre_literal_set *set, const uint8_t *hay, size_t len,
                               uint64_t ctx, uint32_t cap, uint32_t counter[2], vyre_raw_match *out) {
    vyre_buffer tb[VYRE_LT_COUNT], hb = 0, cb = 0, mb = 0, bind[VYRE_LIT_MATCHES_BINDINGS];
    uint64_t sc[3];
    vyre_dispatch d;
    vyre_timing tm;
    vyre_error e;
    int ok = 0, t;
    memset(tb, 0, sizeof tb);
    if (!upload_tables(b, set, tb)) goto done;
    if (!CHECK_RC(vyre_buffer_alloc(b, len ? ((len + 15) & ~(size_t)15) : 16, &hb, &e), VYRE_OK)) goto done;
    if (!CHECK_RC(vyre_buffer_alloc(b, 8, &cb, &e), VYRE_OK)) goto done;
    if (!CHECK_RC(vyre_buffer_alloc(b, (size_t)(cap ? cap : 1) * 8, &mb, &e), VYRE_OK)) goto done;
    if (len && !CHECK_RC(vyre_buffer_upload(b, hb, 0, hay, len, &e), VYRE_OK)) goto done;
    if (!CHECK_RC(vyre_buffer_fill(b, cb, 0, 8, 0, &e), VYRE_OK)) goto done;
    bind[0] = hb;
    for (t = 0; t < (int)VYRE_LT_COUNT; t++) bind[1 + t] = tb[t];
    bind[VYRE_LIT_BINDING_OUT0] = cb;
    bind[VYRE_LIT_BINDING_OUT1] = mb;
    sc[0] = len;
    sc[1] = ctx;
    sc[2] = cap;
    memset(&d, 0, sizeof d);
    d.program = VYRE_PROGRAM_LIT_MATCHES;
    d.buffers = bind;
    d.buffer_count = VYRE_LIT_MATCHES_BINDINGS;
    d.scalars = sc;
    d.scalar_count = 3;
    if (!CHECK_RC(vyre_dispatch_resident(b, &d, &tm, &e), VYRE_OK)) {
        printf("  dispatch: %s\n", e.message);
        goto done;
    }
    if (!CHECK_RC(vyre_buffer_download(b, cb, 0, counter, 8, &e), VYRE_OK)) goto done;
    if (cap && !CHECK_RC(vyre_buffer_download(b, mb, 0, out, (size_t)cap * 8, &e), VYRE_OK)) goto done;
    ok = 1;
done:
    free_buffers(b, tb, VYRE_LT_COUNT);
    free_buffers(b, &hb, 1);
    free_buffers(b, &cb, 1);
    free_buffers(b, &mb, 1);
    return ok;
}

/* ------------------------------------------------------------------ */
/* a small real corpus: samples/ plus system files, sorted, bounded     */
/* ------------------------------------------------------------------ */
typedef struct corpus {
    uint8_t *data;
    size_t len, cap;
    uint64_t *starts;
    uint32_t nfiles, capfiles;
} corpus;

static void corpus_add_file(corpus *c, const char *path, size_t budget) {
    size_t n = 0;
    uint8_t *b;
    if (c->len >= budget) return;
    b = vt_read_file(path, &n);
    if (!b) return;
    if (n > budget - c->len) n = budget - c->len;
    if (c->len + n > c->cap) {
        size_t nc = c->cap ? c->cap : 1 << 20;
        uint8_t *nd;
        while (nc < c->len + n) nc *= 2;
        nd = (uint8_t *)realloc(c->data, nc);
        if (!nd) { free(b); return; }
        c->data = nd;
        c->cap = nc;
    }
    if (c->nfiles == c->capfiles) {
        uint32_t nf = c->capfiles ? c->capfiles * 2 : 256;
        uint64_t *ns = (uint64_t *)realloc(c->starts, nf * sizeof *ns);
        if (!ns) { free(b); return; }
        c->starts = ns;
        c->capfiles = nf;
    }
    c->starts[c->nfiles++] = c->len;
    if (n) memcpy(c->data + c->len, b, n);
    c->len += n;
    free(b);
}

static int u64_cmp(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static int str_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Recursive, sorted, regular files only, no symlinks. */
static void corpus_walk(corpus *c, const char *dir, size_t budget, int depth) {
    DIR *d;
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0, i;
    if (depth > 6 || c->len >= budget) return;
    d = opendir(dir);
    if (!d) return;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
        if (n == cap) {
            char **nn;
            cap = cap ? cap * 2 : 64;
            nn = (char **)realloc(names, cap * sizeof *nn);
            if (!nn) break;
            names = nn;
        }
        names[n] = (char *)malloc(strlen(dir) + strlen(de->d_name) + 2);
        if (!names[n]) break;
        sprintf(names[n], "%s/%s", dir, de->d_name);
        n++;
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, str_cmp);
    for (i = 0; i < n; i++) {
        struct stat st;
        if (lstat(names[i], &st) == 0) {
            if (S_ISREG(st.st_mode) && st.st_size > 0)
                corpus_add_file(c, names[i], budget);
            else if (S_ISDIR(st.st_mode))
                corpus_walk(c, names[i], budget, depth + 1);
        }
        free(names[i]);
    }
    free(names);
}

static corpus g_corpus;
static void corpus_load(void) {
    const char *mb = getenv("VYRE_CUDA_CORPUS_MB");
    size_t budget = (size_t)(mb ? atoi(mb) : 8) << 20;
    if (g_corpus.len) return;
    corpus_walk(&g_corpus, "samples", budget, 0);
    corpus_walk(&g_corpus, "/usr/include/linux", budget / 2, 0);  /* text */
    corpus_walk(&g_corpus, "/usr/bin", budget, 0);                 /* binaries */
}

static vyre_literal *g_kw;
static size_t g_nkw;
static uint8_t *g_kwbuf;
static int load_keywords(void) {
    size_t len = 0;
    if (g_kw) return 1;
    g_kwbuf = vt_read_gitleaks_keywords(&len, NULL);
    if (!CHECKF(g_kwbuf != NULL, "gitleaks keywords not found (../shared/patterns or patterns/)")) return 0;
    g_nkw = vt_split_lines(g_kwbuf, len, &g_kw);
    return CHECK(g_nkw > 100);
}

/* ------------------------------------------------------------------ */
/* creation and selection                                               */
/* ------------------------------------------------------------------ */
/* ------------------------------------------------------------------ */
/* resident buffers                                                     */
/* ------------------------------------------------------------------ */
static void t_buffers(void) {
    vyre_buffer a = 0, b = 0;
    vyre_error e;
    uint8_t src[1000], out[1000], zero[1000];
    vyre_telemetry t0, t1;
    size_t i;
    if (!need_cuda()) return;
    for (i = 0; i < sizeof src; i++) src[i] = (uint8_t)(i * 31 + 7);
    memset(zero, 0, sizeof zero);
    CHECK_RC(vyre_backend_telemetry(g_cu, &t0, &e), VYRE_OK);
    if (!CHECK_RC(vyre_buffer_alloc(g_cu, 1000, &a, &e), VYRE_OK)) return;
    if (!CHECK_RC(vyre_buffer_alloc(g_cu, 37, &b, &e), VYRE_OK)) return;
    CHECK(a != 0 && b != 0 && a != b);
    CHECK_RC(vyre_backend_telemetry(g_cu, &t1, &e), VYRE_OK);
    CHECK_EQ_U64(t1.live_resident_bytes - t0.live_resident_bytes, 1037);
    CHECK_EQ_U64(t1.live_resident_buffers - t0.live_resident_buffers, 2);
    /* fresh buffers read as zero */
    memset(out, 0xEE, sizeof out);
    CHECK_RC(vyre_buffer_download(g_cu, a, 0, out, 1000, &e), VYRE_OK);
    CHECK(memcmp(out, zero, 1000) == 0);
    /* whole, ranged upload and download */
    CHECK_RC(vyre_buffer_upload(g_cu, a, 0, src, 1000, &e), VYRE_OK);
    CHECK_RC(vyre_buffer_upload(g_cu, a, 100, zero, 50, &e), VYRE_OK);
    CHECK_RC(vyre_buffer_download(g_cu, a, 0, out, 1000, &e), VYRE_OK);
    CHECK(memcmp(out, src, 100) == 0 && memcmp(out + 100, zero, 50) == 0 && memcmp(out + 150, src + 150, 850) == 0);
    memset(out, 0, sizeof out);
    CHECK_RC(vyre_buffer_download(g_cu, a, 997, out, 3, &e), VYRE_OK);
    CHECK(memcmp(out, src + 997, 3) == 0);
    CHECK_RC(vyre_buffer_download(g_cu, a, 1000, out, 0, &e), VYRE_OK); /* empty range at the end */
    CHECK_RC(vyre_buffer_upload(g_cu, b, 0, src, 37, &e), VYRE_OK);
    CHECK_RC(vyre_buffer_download(g_cu, b, 0, out, 37, &e), VYRE_OK);
    CHECK(memcmp(out, src, 37) == 0);
    /* fill */
    CHECK_RC(vyre_buffer_fill(g_cu, a, 3, 11, 0xA5, &e), VYRE_OK);
    CHECK_RC(vyre_buffer_download(g_cu, a, 0, out, 20, &e), VYRE_OK);
    for (i = 0; i < 20; i++) CHECKF(out[i] == ((i >= 3 && i < 14) ? 0xA5 : (i >= 100 ? 0 : src[i])), "byte %zu", i);
    /* out of range: nothing is written */
    CHECK_RC(vyre_buffer_upload(g_cu, b, 30, src, 8, &e), VYRE_ERR_OUT_OF_RANGE);
    CHECK_ERR(e, VYRE_ERR_OUT_OF_RANGE);
    CHECK_STR_CONTAINS(e.message, "37");
    CHECK_RC(vyre_buffer_upload(g_cu, b, 38, src, 0, &e), VYRE_ERR_OUT_OF_RANGE);
    CHECK_RC(vyre_buffer_upload(g_cu, b, SIZE_MAX, src, 2, &e), VYRE_ERR_OUT_OF_RANGE);
    CHECK_RC(vyre_buffer_upload(g_cu, b, 2, src, SIZE_MAX, &e), VYRE_ERR_OUT_OF_RANGE);
    memset(out, 0x77, sizeof out);
    CHECK_RC(vyre_buffer_download(g_cu, b, 36, out, 2, &e), VYRE_ERR_OUT_OF_RANGE);
    CHECK(out[0] == 0x77 || out[0] == 0); /* nothing partial: untouched or cleared */
    CHECK_RC(vyre_buffer_fill(g_cu, b, 0, 38, 1, &e), VYRE_ERR_OUT_OF_RANGE);
    CHECK_RC(vyre_buffer_download(g_cu, b, 0, out, 37, &e), VYRE_OK);
    CHECK(memcmp(out, src, 37) == 0);
    CHECK_RC(vyre_buffer_free(g_cu, a, &e), VYRE_OK);
    CHECK_RC(vyre_buffer_free(g_cu, b, &e), VYRE_OK);
    CHECK_RC(vyre_backend_telemetry(g_cu, &t1, &e), VYRE_OK);
    CHECK_EQ_U64(t1.live_resident_bytes, t0.live_resident_bytes);
    CHECK_EQ_U64(t1.live_resident_buffers, t0.live_resident_buffers);
}

static void t_bad_handles(void) {
    vyre_buffer a = 0, c = 0, a2 = 0;
    vyre_error e;
    uint8_t x[16];
    if (!need_cuda()) return;
    memset(x, 1, sizeof x);
    CHECK_RC(vyre_buffer_upload(g_cu, 0, 0, x, 1, &e), VYRE_ERR_BAD_HANDLE);
    CHECK_ERR(e, VYRE_ERR_BAD_HANDLE);
    CHECK_RC(vyre_buffer_download(g_cu, 0x1234567890ull, 0, x, 1, &e), VYRE_ERR_BAD_HANDLE);
    CHECK_RC(vyre_buffer_free(g_cu, 42, &e), VYRE_ERR_BAD_HANDLE);
    CHECK_RC(vyre_buffer_fill(g_cu, ~(vyre_buffer)0, 0, 1, 0, &e), VYRE_ERR_BAD_HANDLE);
    if (!CHECK_RC(vyre_buffer_alloc(g_cu, 16, &a, &e), VYRE_OK)) return;
    CHECK_RC(vyre_buffer_free(g_cu, a, &e), VYRE_OK);
    CHECK_RC(vyre_buffer_free(g_cu, a, &e), VYRE_ERR_BAD_HANDLE); /* double free */
    CHECK_RC(vyre_buffer_upload(g_cu, a, 0, x, 1, &e), VYRE_ERR_BAD_HANDLE);
    /* the slot is reused: the stale handle still fails */
    if (CHECK_RC(vyre_buffer_alloc(g_cu, 16, &a2, &e), VYRE_OK)) {
        CHECK(a2 != a);
        CHECK_RC(vyre_buffer_upload(g_cu, a, 0, x, 1, &e), VYRE_ERR_BAD_HANDLE);
        CHECK_RC(vyre_buffer_upload(g_cu, a2, 0, x, 1, &e), VYRE_OK);
        CHECK_RC(vyre_buffer_free(g_cu, a2, &e), VYRE_OK);
    }
    /* a handle of another backend */
    if (CHECK_RC(vyre_buffer_alloc(g_cpu, 16, &c, &e), VYRE_OK)) {
        CHECK_RC(vyre_buffer_upload(g_cu, c, 0, x, 1, &e), VYRE_ERR_BAD_HANDLE);
        CHECK_RC(vyre_buffer_free(g_cu, c, &e), VYRE_ERR_BAD_HANDLE);
        CHECK_RC(vyre_buffer_free(g_cpu, c, &e), VYRE_OK);
    }
}

static void t_many_and_sequence(void) {
    vyre_buffer a = 0, b = 0;
    vyre_error e;
    uint8_t s1[64], s2[64], d1[64], d2[64];
    vyre_op ops[8];
    vyre_telemetry t0, t1;
    vyre_timing tm;
    size_t i;
    if (!need_cuda()) return;
    for (i = 0; i < 64; i++) {
        s1[i] = (uint8_t)(i + 1);
        s2[i] = (uint8_t)(200 - i);
    }
    if (!CHECK_RC(vyre_buffer_alloc(g_cu, 64, &a, &e), VYRE_OK)) return;
    if (!CHECK_RC(vyre_buffer_alloc(g_cu, 64, &b, &e), VYRE_OK)) return;
    CHECK_RC(vyre_backend_telemetry_reset(g_cu, &e), VYRE_OK);
    memset(ops, 0, sizeof ops);
    ops[0].kind = VYRE_OP_UPLOAD; ops[0].buffer = a; ops[0].offset = 0; ops[0].len = 64; ops[0].src = s1;
    ops[1].kind = VYRE_OP_UPLOAD; ops[1].buffer = b; ops[1].offset = 8; ops[1].len = 16; ops[1].src = s2;
    CHECK_RC(vyre_buffer_upload_many(g_cu, ops, 2, &e), VYRE_OK);
    CHECK_RC(vyre_backend_telemetry(g_cu, &t1, &e), VYRE_OK);
    CHECK_EQ_U64(t1.h2d_bytes, 80);
    CHECK_EQ_U64(t1.syncs, 1);
    memset(ops, 0, sizeof ops);
    ops[0].kind = VYRE_OP_DOWNLOAD; ops[0].buffer = a; ops[0].offset = 4; ops[0].len = 10; ops[0].dst = d1;
    ops[1].kind = VYRE_OP_DOWNLOAD; ops[1].buffer = b; ops[1].offset = 0; ops[1].len = 24; ops[1].dst = d2;
    CHECK_RC(vyre_buffer_download_many(g_cu, ops, 2, &e), VYRE_OK);
    CHECK(memcmp(d1, s1 + 4, 10) == 0);
    for (i = 0; i < 24; i++) CHECKF(d2[i] == (i < 8 ? 0 : s2[i - 8]), "d2[%zu]", i);
    CHECK_RC(vyre_backend_telemetry(g_cu, &t0, &e), VYRE_OK);
    CHECK_EQ_U64(t0.d2h_bytes, 34);
    CHECK_EQ_U64(t0.syncs, 2);
    /* a wrong kind in upload_many */
    ops[0].kind = VYRE_OP_FILL;
    CHECK_RC(vyre_buffer_upload_many(g_cu, ops, 1, &e), VYRE_ERR_INVALID_ARGUMENT);
    /* a sequence: upload, fill, download, download with ONE sync */
    memset(ops, 0, sizeof ops);
    ops[0].kind = VYRE_OP_UPLOAD; ops[0].buffer = a; ops[0].len = 64; ops[0].src = s2;
    ops[1].kind = VYRE_OP_FILL; ops[1].buffer = a; ops[1].offset = 10; ops[1].len = 5; ops[1].value = 9;
    ops[2].kind = VYRE_OP_DOWNLOAD; ops[2].buffer = a; ops[2].len = 64; ops[2].dst = d1;
    ops[3].kind = VYRE_OP_FILL; ops[3].buffer = b; ops[3].len = 64; ops[3].value = 0;
    ops[4].kind = VYRE_OP_DOWNLOAD; ops[4].buffer = b; ops[4].offset = 60; ops[4].len = 4; ops[4].dst = d2;
    CHECK_RC(vyre_backend_telemetry_reset(g_cu, &e), VYRE_OK);
    memset(d2, 0xCC, sizeof d2);
    memset(&tm, 0, sizeof tm);
    CHECK_RC(vyre_sequence(g_cu, ops, 5, &tm, &e), VYRE_OK);
    for (i = 0; i < 64; i++) CHECKF(d1[i] == ((i >= 10 && i < 15) ? 9 : s2[i]), "seq d1[%zu]", i);
    CHECK(d2[0] == 0 && d2[3] == 0 && d2[4] == 0xCC);
    CHECK_RC(vyre_backend_telemetry(g_cu, &t1, &e), VYRE_OK);
    CHECK_EQ_U64(t1.syncs, 1);
    CHECK_EQ_U64(t1.fills, 2);
    CHECK_EQ_U64(t1.h2d_bytes, 64);
    CHECK_EQ_U64(t1.d2h_bytes, 68);
    CHECK_EQ_U64(t1.launches, 0);
    CHECK(tm.wall_ns > 0 && tm.device_ns != VYRE_TIME_UNKNOWN && tm.device_ns <= tm.wall_ns + 1000000);
    CHECK(tm.enqueue_ns != VYRE_TIME_UNKNOWN && tm.wait_ns != VYRE_TIME_UNKNOWN);
    /* a sequence with a bad op in the middle runs nothing (no partial output) */
    ops[1].buffer = 12345;
    memset(d1, 0xCC, sizeof d1);
    CHECK_RC(vyre_backend_telemetry_reset(g_cu, &e), VYRE_OK);
    ops[0].src = s1;
    CHECK_RC(vyre_sequence(g_cu, ops, 5, &tm, &e), VYRE_ERR_BAD_HANDLE);
    CHECK_ERR(e, VYRE_ERR_BAD_HANDLE);
    for (i = 0; i < 64; i++)
        if (d1[i] != 0) { CHECKF(0, "download dst not cleared after a failed sequence (byte %zu = %u)", i, d1[i]); break; }
    CHECK_RC(vyre_backend_telemetry(g_cu, &t1, &e), VYRE_OK);
    CHECK_EQ_U64(t1.h2d_bytes, 0);
    CHECK_RC(vyre_buffer_download(g_cu, a, 0, d1, 64, &e), VYRE_OK); /* still the old contents */
    CHECK(d1[0] == s2[0] && d1[10] == 9);
    ops[1].buffer = b;
    ops[1].len = 65;
    CHECK_RC(vyre_sequence(g_cu, ops, 5, &tm, &e), VYRE_ERR_OUT_OF_RANGE);
    ops[1].len = 5;
    ops[2].kind = (vyre_op_kind)99;
    CHECK_RC(vyre_sequence(g_cu, ops, 5, &tm, &e), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_RC(vyre_sequence(g_cu, ops, 0, &tm, &e), VYRE_OK);
    CHECK_RC(vyre_buffer_free(g_cu, a, &e), VYRE_OK);
    CHECK_RC(vyre_buffer_free(g_cu, b, &e), VYRE_OK);
}

/* ------------------------------------------------------------------ */
/* programs                                                             */
/* ------------------------------------------------------------------ */
static void t_program_errors(void) {
    static const vyre_literal lits[2] = {{"ab", 2, 0}, {"b", 1, 0}};
    vyre_literal_set *set;
    vyre_buffer tb[VYRE_LT_COUNT], hb = 0, cb = 0, bind[VYRE_LIT_MATCHES_BINDINGS];
    vyre_dispatch d;
    uint64_t sc[3] = {64, 0, 0};
    vyre_error e;
    vyre_telemetry t0, t1;
    int t;
    if (!need_cuda()) return;
    set = compile_set(lits, 2, 0);
    if (!set) return;
    memset(tb, 0, sizeof tb);
    if (!upload_tables(g_cu, set, tb)) goto done;
    CHECK_RC(vyre_buffer_alloc(g_cu, 32, &hb, &e), VYRE_OK);
    CHECK_RC(vyre_buffer_alloc(g_cu, 8, &cb, &e), VYRE_OK);
    bind[0] = hb;
    for (t = 0; t < (int)VYRE_LT_COUNT; t++) bind[1 + t] = tb[t];
    bind[VYRE_LIT_BINDING_OUT0] = cb;
    memset(&d, 0, sizeof d);
    d.program = "vyre_no_such_program";
    d.buffers = bind;
    d.buffer_count = VYRE_LIT_COUNT_BINDINGS;
    d.scalars = sc;
    d.scalar_count = 2;
    CHECK_RC(vyre_backend_telemetry(g_cu, &t0, &e), VYRE_OK);
    CHECK_RC(vyre_dispatch_resident(g_cu, &d, NULL, &e), VYRE_ERR_BAD_PROGRAM);
    CHECK_ERR(e, VYRE_ERR_BAD_PROGRAM);
    d.program = VYRE_PROGRAM_LIT_COUNT;
    d.buffer_count = 15;
    CHECK_RC(vyre_dispatch_resident(g_cu, &d, NULL, &e), VYRE_ERR_BAD_PROGRAM);
    d.buffer_count = VYRE_LIT_COUNT_BINDINGS;
    d.scalar_count = 3;
    CHECK_RC(vyre_dispatch_resident(g_cu, &d, NULL, &e), VYRE_ERR_BAD_PROGRAM);
    d.scalar_count = 2;
    /* hay_len 64 over a 32-byte haystack buffer */
    CHECK_RC(vyre_dispatch_resident(g_cu, &d, NULL, &e), VYRE_ERR_OUT_OF_RANGE);
    CHECK_ERR(e, VYRE_ERR_OUT_OF_RANGE);
    bind[3] = 999;
    sc[0] = 16;
    CHECK_RC(vyre_dispatch_resident(g_cu, &d, NULL, &e), VYRE_ERR_BAD_HANDLE);
    bind[3] = tb[2];
    CHECK_RC(vyre_backend_telemetry(g_cu, &t1, &e), VYRE_OK);
    CHECK_EQ_U64(t1.launches, t0.launches); /* nothing was launched */
    CHECK_RC(vyre_dispatch_resident(g_cu, &d, NULL, &e), VYRE_OK);
    CHECK_RC(vyre_backend_telemetry(g_cu, &t1, &e), VYRE_OK);
    CHECK_EQ_U64(t1.launches, t0.launches + 1);
    /* matches: match_cap over the matches binding */
    bind[VYRE_LIT_BINDING_OUT1] = cb; /* 8 bytes = 1 match */
    d.program = VYRE_PROGRAM_LIT_MATCHES;
    d.buffer_count = VYRE_LIT_MATCHES_BINDINGS;
    d.scalar_count = 3;
    sc[2] = 2;
    CHECK_RC(vyre_dispatch_resident(g_cu, &d, NULL, &e), VYRE_ERR_OUT_OF_RANGE);
done:
    free_buffers(g_cu, tb, VYRE_LT_COUNT);
    free_buffers(g_cu, &hb, 1);
    free_buffers(g_cu, &cb, 1);
    vyre_literal_set_free(set);
}

/* The matches program, resident, against the CPU backend's and the naive
   reference: totals, contents, context_len and match_cap overflow. */
static void t_program_matches_parity(void) {
    vt_rng r = vt_rng_make(0x0C1A);
    int iter, n = 12 * vt_scale();
    if (!need_cuda()) return;
    for (iter = 0; iter < n; iter++) {
        vyre_literal lits[40];
        uint8_t pb[40][8];
        size_t np = (size_t)vt_range(&r, 1, 40), i, hl = (size_t)vt_range(&r, 0, 20000);
        uint8_t *hay = (uint8_t *)malloc(hl + 1);
        uint32_t ctx = (uint32_t)(iter % 3 == 0 ? vt_below(&r, hl + 1) : 0);
        uint32_t c_cu[2] = {0, 0}, c_cpu[2] = {0, 0}, cap;
        vyre_raw_match *m_cu, *m_cpu;
        vyre_literal_set *set;
        vt_matches ref;
        size_t want = 0;
        for (i = 0; i < np; i++) {
            size_t l = (size_t)vt_range(&r, 1, 8), j;
            for (j = 0; j < l; j++) pb[i][j] = (uint8_t)"abAB\0\xff"[vt_below(&r, 6)];
            lits[i].bytes = pb[i];
            lits[i].len = l;
            lits[i].flags = vt_below(&r, 2) ? VYRE_CASELESS : 0;
        }
        random_bytes(&r, hay, hl, 6);
        set = compile_set(lits, np, 0);
        if (!set) { free(hay); return; }
        memset(&ref, 0, sizeof ref);
        vt_naive(lits, np, 0, hay, hl, &ref);
        for (i = 0; i < ref.n; i++)
            if (ref.m[i].end > ctx) want++;
        cap = (uint32_t)(iter % 4 == 1 && want > 2 ? want / 2 : want + 5);
        m_cu = (vyre_raw_match *)calloc(cap + 1, sizeof *m_cu);
        m_cpu = (vyre_raw_match *)calloc(cap + 1, sizeof *m_cpu);
        if (run_matches_program(g_cu, set, hay, hl, ctx, cap, c_cu, m_cu) &&
            run_matches_program(g_cpu, set, hay, hl, ctx, cap, c_cpu, m_cpu)) {
            CHECKF(c_cu[0] == want && c_cpu[0] == want, "iter %d: totals cuda %u cpu %u naive %zu (ctx %u)", iter,
                   c_cu[0], c_cpu[0], want, ctx);
            CHECK(c_cu[1] == 0);
            if (cap >= want) {
                qsort(m_cu, want, sizeof *m_cu, raw_cmp);
                qsort(m_cpu, want, sizeof *m_cpu, raw_cmp);
                CHECKF(memcmp(m_cu, m_cpu, want * sizeof *m_cu) == 0, "iter %d: match lists differ", iter);
            } else {
                /* over capacity: matches[0,cap) hold a subset of the real matches */
                size_t k, bad = 0;
                for (k = 0; k < cap; k++) {
                    size_t q;
                    int found = 0;
                    for (q = 0; q < ref.n && !found; q++)
                        found = ref.m[q].pattern_id == m_cu[k].pattern_id && ref.m[q].end == m_cu[k].end;
                    bad += !found;
                }
                CHECKF(bad == 0, "iter %d: %zu of %u capped matches are not real matches", iter, bad, cap);
            }
        }
        free(m_cu);
        free(m_cpu);
        vt_matches_free(&ref);
        vyre_literal_set_free(set);
        free(hay);
    }
}

/* Borrowed dispatch of the count program vs the CPU backend. */
static void t_borrowed_dispatch(void) {
    static const vyre_literal lits[3] = {{"secret", 6, VYRE_CASELESS}, {"key", 3, VYRE_CASELESS}, {"=", 1, 0}};
    vyre_literal_set *set;
    vyre_host_arg args[VYRE_LIT_COUNT_BINDINGS];
    uint64_t sc[2], c_cu = 0, c_cpu = 0;
    vyre_timing tm;
    vyre_error e;
    const char *text = "API_KEY=Secret; key=SECRETkey=x secretsecret KEY";
    size_t hl = strlen(text);
    int t;
    if (!need_cuda()) return;
    set = compile_set(lits, 3, 0);
    if (!set) return;
    memset(args, 0, sizeof args);
    args[0].data = text;
    args[0].len = hl;
    for (t = 0; t < (int)VYRE_LT_COUNT; t++) {
        const void *p;
        size_t bytes;
        CHECK_RC(vyre_literal_set_table(set, (vyre_lit_table)t, &p, &bytes), VYRE_OK);
        args[1 + t].data = p;
        args[1 + t].len = bytes;
    }
    args[VYRE_LIT_BINDING_OUT0].out = &c_cu;
    args[VYRE_LIT_BINDING_OUT0].len = 8;
    sc[0] = hl;
    sc[1] = 0;
    memset(&tm, 0, sizeof tm);
    if (CHECK_RC(vyre_backend_dispatch(g_cu, VYRE_PROGRAM_LIT_COUNT, args, VYRE_LIT_COUNT_BINDINGS, sc, 2, &tm, &e),
                 VYRE_OK)) {
        args[VYRE_LIT_BINDING_OUT0].out = &c_cpu;
        CHECK_RC(vyre_backend_dispatch(g_cpu, VYRE_PROGRAM_LIT_COUNT, args, VYRE_LIT_COUNT_BINDINGS, sc, 2, NULL, &e),
                 VYRE_OK);
        CHECK_EQ_U64(c_cu, c_cpu);
        CHECK_EQ_U64(c_cu, 11); /* 4 x key, 4 x secret, 3 x '=' counted by hand */
        CHECK(tm.wall_ns > 0 && tm.device_ns != VYRE_TIME_UNKNOWN);
    } else {
        printf("  %s\n", e.message);
    }
    CHECK_RC(vyre_backend_dispatch(g_cu, "nope", args, VYRE_LIT_COUNT_BINDINGS, sc, 2, NULL, &e), VYRE_ERR_BAD_PROGRAM);
    vyre_literal_set_free(set);
}

/* ------------------------------------------------------------------ */
/* scanners: parity with the CPU backend and the naive reference       */
/* ------------------------------------------------------------------ */
static void t_scan_parity_random(void) {
    vt_rng r = vt_rng_make(0x5CA9);
    int iter, n = 25 * vt_scale();
    if (!need_cuda()) return;
    for (iter = 0; iter < n; iter++) {
        vyre_literal lits[64];
        uint8_t pb[64][20];
        size_t np = (size_t)vt_range(&r, 1, 64), i, hl = (size_t)vt_range(&r, 0, iter % 5 == 0 ? 200000 : 30000);
        int alpha = iter % 4 == 3 ? 0 : 12;
        uint8_t *hay = (uint8_t *)malloc(hl + 1);
        vyre_literal_set *set;
        vt_matches ref, got, cpu;
        vyre_error e;
        size_t chunk = iter % 3 == 1 ? (size_t)vt_range(&r, 64, 5000) : 0;
        uint32_t flags = iter % 5 == 2 ? VYRE_CASELESS : 0;
        for (i = 0; i < np; i++) {
            size_t l = (size_t)vt_range(&r, 1, iter % 2 ? 20 : 5);
            random_bytes(&r, pb[i], l, alpha ? alpha : 12);
            /* some patterns cut from the haystack later */
            lits[i].bytes = pb[i];
            lits[i].len = l;
            lits[i].flags = vt_below(&r, 3) == 0 ? VYRE_CASELESS : 0;
        }
        random_bytes(&r, hay, hl, alpha);
        for (i = 0; i < np && hl > 40; i += 3) { /* plant occurrences */
            size_t at = (size_t)vt_below(&r, hl - lits[i].len);
            memcpy(hay + at, lits[i].bytes, lits[i].len);
        }
        set = compile_set(lits, np, flags);
        if (!set) { free(hay); return; }
        memset(&ref, 0, sizeof ref);
        memset(&got, 0, sizeof got);
        memset(&cpu, 0, sizeof cpu);
        vt_naive(lits, np, flags, hay, hl, &ref);
        if (CHECK_RC(scan_all(g_cu, set, hay, hl, chunk, &got, &e), VYRE_OK) &&
            CHECK_RC(scan_all(g_cpu, set, hay, hl, 0, &cpu, &e), VYRE_OK)) {
            char what[96];
            snprintf(what, sizeof what, "iter %d (%zu patterns, %zu bytes, chunk %zu) cuda vs naive", iter, np, hl,
                     chunk);
            CHECK_MATCHES(got.m, got.n, ref.m, ref.n, what);
            snprintf(what, sizeof what, "iter %d cuda vs cpu", iter);
            CHECK_MATCHES(got.m, got.n, cpu.m, cpu.n, what);
        } else {
            printf("  %s %s\n", e.message, e.fix);
        }
        vt_matches_free(&ref);
        vt_matches_free(&got);
        vt_matches_free(&cpu);
        vyre_literal_set_free(set);
        free(hay);
    }
}

/* Scan into a caller buffer and count: capacity errors are exact. */
static void t_scan_api(void) {
    static const vyre_literal lits[2] = {{"aa", 2, 0}, {"a", 1, 0}};
    const char *text = "aaaa";
    vyre_literal_set *set;
    vyre_scanner *sc = NULL;
    vyre_match out[16];
    size_t count = 99;
    uint64_t c = 0;
    vyre_error e;
    if (!need_cuda()) return;
    set = compile_set(lits, 2, 0);
    if (!set) return;
    if (CHECK_RC(vyre_scanner_create(g_cu, set, NULL, &sc, &e), VYRE_OK)) {
        CHECK_RC(vyre_scan(sc, text, 4, out, 16, &count, &e), VYRE_OK);
        CHECK_EQ_U64(count, 7); /* 4 x "a" + 3 x "aa" */
        CHECK(out[0].start == 0 && out[0].end == 1 && out[0].pattern_id == 1);
        CHECK(out[1].start == 0 && out[1].end == 2 && out[1].pattern_id == 0);
        CHECK_RC(vyre_scan(sc, text, 4, out, 3, &count, &e), VYRE_ERR_MATCH_CAPACITY);
        CHECK_EQ_U64(count, 7);
        CHECK_RC(vyre_scan_count(sc, text, 4, &c, &e), VYRE_OK);
        CHECK_EQ_U64(c, 7);
        CHECK_RC(vyre_scan_count(sc, text, 0, &c, &e), VYRE_OK);
        CHECK_EQ_U64(c, 0);
        vyre_scanner_destroy(sc);
    }
    vyre_literal_set_free(set);
}

/* gitleaks keywords, caseless, on real files: matches, counts, presence. */
static void t_gitleaks_real_files(void) {
    vyre_literal_set *set;
    vt_matches got, cpu;
    vyre_error e;
    vyre_scanner *so = NULL, *sc = NULL;
    uint64_t co = 0, cc = 0;
    uint32_t *po = NULL, *pc = NULL, words;
    size_t pw;
    if (!need_cuda()) return;
    if (!load_keywords()) return;
    corpus_load();
    if (!CHECKF(g_corpus.len > 0 && g_corpus.nfiles > 0, "no real files found for the corpus")) return;
    printf("  corpus: %u files, %zu bytes; %zu keywords\n", g_corpus.nfiles, g_corpus.len, g_nkw);
    set = compile_set(g_kw, g_nkw, VYRE_CASELESS);
    if (!set) return;
    memset(&got, 0, sizeof got);
    memset(&cpu, 0, sizeof cpu);
    if (CHECK_RC(scan_all(g_cu, set, g_corpus.data, g_corpus.len, 0, &got, &e), VYRE_OK) &&
        CHECK_RC(scan_all(g_cpu, set, g_corpus.data, g_corpus.len, 0, &cpu, &e), VYRE_OK)) {
        CHECK_MATCHES(got.m, got.n, cpu.m, cpu.n, "gitleaks corpus cuda vs cpu");
        CHECK(got.n > 0);
        printf("  %zu matches\n", got.n);
    }
    /* chunked (with context carry) gives the same list */
    got.n = 0;
    if (CHECK_RC(scan_all(g_cu, set, g_corpus.data, g_corpus.len, 1 << 20, &got, &e), VYRE_OK))
        CHECK_MATCHES(got.m, got.n, cpu.m, cpu.n, "gitleaks corpus, 1 MiB chunks, cuda vs cpu");
    /* counts and presence by region (files coalesced) */
    words = vyre_presence_words(set);
    pw = (size_t)words * g_corpus.nfiles;
    po = (uint32_t *)calloc(pw, 4);
    pc = (uint32_t *)calloc(pw, 4);
    if (po && pc && CHECK_RC(vyre_scanner_create(g_cu, set, NULL, &so, &e), VYRE_OK) &&
        CHECK_RC(vyre_scanner_create(g_cpu, set, NULL, &sc, &e), VYRE_OK)) {
        CHECK_RC(vyre_scan_count(so, g_corpus.data, g_corpus.len, &co, &e), VYRE_OK);
        CHECK_RC(vyre_scan_count(sc, g_corpus.data, g_corpus.len, &cc, &e), VYRE_OK);
        CHECK_EQ_U64(co, cc);
        CHECK_EQ_U64(co, cpu.n);
        CHECK_RC(vyre_scan_presence(so, g_corpus.data, g_corpus.len, g_corpus.starts, g_corpus.nfiles, po, pw, &e),
                 VYRE_OK);
        CHECK_RC(vyre_scan_presence(sc, g_corpus.data, g_corpus.len, g_corpus.starts, g_corpus.nfiles, pc, pw, &e),
                 VYRE_OK);
        CHECKF(memcmp(po, pc, pw * 4) == 0, "presence bitmaps differ (%u regions)", g_corpus.nfiles);
        {
            size_t i, bits = 0;
            for (i = 0; i < pw; i++) {
                uint32_t v = po[i];
                while (v) { bits += v & 1u; v >>= 1; }
            }
            CHECK(bits > 0);
            printf("  presence: %zu (file, keyword) bits set\n", bits);
        }
        /* bad regions are errors with nothing written */
        {
            uint64_t bad[2] = {5, 3};
            CHECK_RC(vyre_scan_presence(so, g_corpus.data, g_corpus.len, bad, 2, po, pw, &e), VYRE_ERR_BAD_REGIONS);
            CHECK_RC(vyre_scan_presence(so, g_corpus.data, g_corpus.len, g_corpus.starts, g_corpus.nfiles, po, 1, &e),
                     VYRE_ERR_OUTPUT_TOO_SMALL);
        }
    }
    vyre_scanner_destroy(so);
    vyre_scanner_destroy(sc);
    free(po);
    free(pc);
    vt_matches_free(&got);
    vt_matches_free(&cpu);
    vyre_literal_set_free(set);
}

/* Region presence on random region layouts, matches straddling borders. */
static void t_presence_random(void) {
    vt_rng r = vt_rng_make(0x9E6);
    int iter, n = 10 * vt_scale();
    if (!need_cuda()) return;
    for (iter = 0; iter < n; iter++) {
        vyre_literal lits[40];
        uint8_t pb[40][6];
        size_t np = (size_t)vt_range(&r, 1, 40), i, hl = (size_t)vt_range(&r, 1, 50000);
        uint32_t nreg = (uint32_t)vt_range(&r, 1, 300), words;
        uint64_t *starts = (uint64_t *)malloc(nreg * sizeof *starts);
        uint8_t *hay = (uint8_t *)malloc(hl);
        uint32_t *po, *pc;
        vyre_literal_set *set;
        vyre_scanner *so = NULL, *sc = NULL;
        vyre_error e;
        vt_matches go, gc;
        for (i = 0; i < np; i++) {
            size_t l = (size_t)vt_range(&r, 1, 6);
            random_bytes(&r, pb[i], l, 6);
            lits[i].bytes = pb[i];
            lits[i].len = l;
            lits[i].flags = (uint32_t)vt_below(&r, 2);
        }
        random_bytes(&r, hay, hl, 6);
        starts[0] = 0;
        for (i = 1; i < nreg; i++) starts[i] = vt_below(&r, hl + 1);
        if (nreg > 1) qsort(starts + 1, nreg - 1, sizeof *starts, u64_cmp);
        set = compile_set(lits, np, 0);
        if (!set) { free(starts); free(hay); return; }
        words = vyre_presence_words(set);
        po = (uint32_t *)calloc((size_t)words * nreg, 4);
        pc = (uint32_t *)calloc((size_t)words * nreg, 4);
        memset(&go, 0, sizeof go);
        memset(&gc, 0, sizeof gc);
        if (CHECK_RC(vyre_scanner_create(g_cu, set, NULL, &so, &e), VYRE_OK) &&
            CHECK_RC(vyre_scanner_create(g_cpu, set, NULL, &sc, &e), VYRE_OK)) {
            CHECK_RC(vyre_scan_presence(so, hay, hl, starts, nreg, po, (size_t)words * nreg, &e), VYRE_OK);
            CHECK_RC(vyre_scan_presence(sc, hay, hl, starts, nreg, pc, (size_t)words * nreg, &e), VYRE_OK);
            CHECKF(memcmp(po, pc, (size_t)words * nreg * 4) == 0, "iter %d: presence differs (%u regions)", iter, nreg);
            CHECK_RC(vyre_scan_regions_cb(so, hay, hl, starts, nreg, vt_collect_cb, &go, &e), VYRE_OK);
            CHECK_RC(vyre_scan_regions_cb(sc, hay, hl, starts, nreg, vt_collect_cb, &gc, &e), VYRE_OK);
            CHECK_MATCHES(go.m, go.n, gc.m, gc.n, "regions_cb cuda vs cpu");
        }
        vyre_scanner_destroy(so);
        vyre_scanner_destroy(sc);
        vt_matches_free(&go);
        vt_matches_free(&gc);
        free(po);
        free(pc);
        vyre_literal_set_free(set);
        free(starts);
        free(hay);
    }
}

/* Streams: chunks of random sizes give the matches of the whole input. */
static void t_streams(void) {
    vt_rng r = vt_rng_make(0x57AE);
    int iter, n = 6 * vt_scale();
    if (!need_cuda()) return;
    for (iter = 0; iter < n; iter++) {
        vyre_literal lits[20];
        uint8_t pb[20][12];
        size_t np = (size_t)vt_range(&r, 1, 20), i, hl = (size_t)vt_range(&r, 1000, 60000), off = 0;
        uint8_t *hay = (uint8_t *)malloc(hl);
        vyre_literal_set *set;
        vyre_scanner *so = NULL;
        vyre_stream *st = NULL;
        vyre_error e;
        vt_matches ref, got;
        for (i = 0; i < np; i++) {
            size_t l = (size_t)vt_range(&r, 1, 12);
            random_bytes(&r, pb[i], l, 5);
            lits[i].bytes = pb[i];
            lits[i].len = l;
            lits[i].flags = 0;
        }
        random_bytes(&r, hay, hl, 5);
        set = compile_set(lits, np, 0);
        if (!set) { free(hay); return; }
        memset(&ref, 0, sizeof ref);
        memset(&got, 0, sizeof got);
        vt_naive(lits, np, 0, hay, hl, &ref);
        if (CHECK_RC(vyre_scanner_create(g_cu, set, NULL, &so, &e), VYRE_OK) &&
            CHECK_RC(vyre_stream_open(so, &st, &e), VYRE_OK)) {
            int ok = 1;
            while (off < hl && ok) {
                size_t c = (size_t)vt_range(&r, 1, 9000);
                if (c > hl - off) c = hl - off;
                ok = CHECK_RC(vyre_stream_write(st, hay + off, c, vt_collect_cb, &got, &e), VYRE_OK);
                off += c;
            }
            CHECK_EQ_U64(vyre_stream_offset(st), off);
            CHECK_RC(vyre_stream_close(st, vt_collect_cb, &got, &e), VYRE_OK);
            CHECK_MATCHES(got.m, got.n, ref.m, ref.n, "stream cuda vs naive");
        }
        vyre_scanner_destroy(so);
        vt_matches_free(&ref);
        vt_matches_free(&got);
        vyre_literal_set_free(set);
        free(hay);
    }
}

/* Resident sessions (presence and match lists) vs the CPU backend. */
static void t_sessions(void) {
    vyre_literal_set *set;
    vyre_presence_session *ps_g = NULL, *ps_c = NULL;
    vyre_match_session *ms_g = NULL, *ms_c = NULL;
    vyre_error e;
    vyre_timing tm;
    size_t cap = 1 << 20, len, nreg, i, round;
    uint32_t words, *po, *pc, *rs;
    vyre_match *mo, *mc;
    size_t no = 0, nc = 0;
    vyre_telemetry t0, t1;
    if (!need_cuda()) return;
    if (!load_keywords()) return;
    corpus_load();
    set = compile_set(g_kw, g_nkw, VYRE_CASELESS);
    if (!set) return;
    words = vyre_presence_words(set);
    rs = (uint32_t *)calloc(257, 4);   /* 257: the region-capacity check below passes 257 regions */
    po = (uint32_t *)calloc((size_t)words * 257, 4);
    pc = (uint32_t *)calloc((size_t)words * 257, 4);
    mo = (vyre_match *)calloc(1 << 16, sizeof *mo);
    mc = (vyre_match *)calloc(1 << 16, sizeof *mc);
    if (!CHECK_RC(vyre_presence_session_create(g_cu, set, cap, 256, &ps_g, &e), VYRE_OK) ||
        !CHECK_RC(vyre_presence_session_create(g_cpu, set, cap, 256, &ps_c, &e), VYRE_OK) ||
        !CHECK_RC(vyre_match_session_create(g_cu, set, cap, 1 << 16, &ms_g, &e), VYRE_OK) ||
        !CHECK_RC(vyre_match_session_create(g_cpu, set, cap, 1 << 16, &ms_c, &e), VYRE_OK))
        goto done;
    for (round = 0; round < 4; round++) {
        /* a window of the corpus, cut into 16..200 regions */
        size_t base = g_corpus.len > cap ? (round * 7919 * 1031) % (g_corpus.len - cap) : 0;
        len = cap - round * 1000;
        if (len > g_corpus.len - base) len = g_corpus.len - base;
        nreg = 16 + round * 60;
        for (i = 0; i < nreg; i++) rs[i] = (uint32_t)(i * (len / nreg));
        CHECK_RC(vyre_backend_telemetry(g_cu, &t0, &e), VYRE_OK);
        CHECK_RC(vyre_presence_session_scan(ps_g, g_corpus.data + base, len, rs, (uint32_t)nreg, 0, po,
                                            (size_t)words * 256, &tm, &e), VYRE_OK);
        CHECK_RC(vyre_backend_telemetry(g_cu, &t1, &e), VYRE_OK);
        /* only the haystack and control values move in; the tables stay resident */
        CHECKF(t1.h2d_bytes - t0.h2d_bytes <= len + 4 * 256 + 1024, "presence scan uploaded %llu bytes for %zu",
               (unsigned long long)(t1.h2d_bytes - t0.h2d_bytes), len);
        CHECK_RC(vyre_presence_session_scan(ps_c, g_corpus.data + base, len, rs, (uint32_t)nreg, 0, pc,
                                            (size_t)words * 256, NULL, &e), VYRE_OK);
        CHECKF(memcmp(po, pc, (size_t)words * nreg * 4) == 0, "round %zu: presence session differs", round);
        CHECK_RC(vyre_match_session_scan(ms_g, g_corpus.data + base, len, mo, 1 << 16, &no, &tm, &e), VYRE_OK);
        CHECK_RC(vyre_match_session_scan(ms_c, g_corpus.data + base, len, mc, 1 << 16, &nc, NULL, &e), VYRE_OK);
        CHECK_MATCHES(mo, no, mc, nc, "match session cuda vs cpu");
        CHECK(tm.device_ns != VYRE_TIME_UNKNOWN);
    }
    /* capacity errors */
    if (g_corpus.len > cap)
        CHECK_RC(vyre_presence_session_scan(ps_g, g_corpus.data, cap + 1, rs, 1, 0, po, (size_t)words * 256, NULL, &e),
                 VYRE_ERR_HAYSTACK_CAPACITY);
    CHECK_RC(vyre_presence_session_scan(ps_g, g_corpus.data, 1000, rs, 257, 0, po, (size_t)words * 257, NULL, &e),
             VYRE_ERR_REGION_CAPACITY);
done:
    CHECK_RC(vyre_presence_session_free(ps_g, &e), VYRE_OK);
    CHECK_RC(vyre_presence_session_free(ps_c, &e), VYRE_OK);
    CHECK_RC(vyre_match_session_free(ms_g, &e), VYRE_OK);
    CHECK_RC(vyre_match_session_free(ms_c, &e), VYRE_OK);
    free(rs);
    free(po);
    free(pc);
    free(mo);
    free(mc);
    vyre_literal_set_free(set);
}

/* Two threads, each with its own scanner on the shared backend. */
typedef struct thr_arg {
    const vyre_literal_set *set;
    uint64_t count;
    vyre_result r;
} thr_arg;
static void *thr_main(void *p) {
    thr_arg *a = (thr_arg *)p;
    vyre_scanner *sc = NULL;
    vyre_error e;
    int i;
    a->r = vyre_scanner_create(g_cu, a->set, NULL, &sc, &e);
    for (i = 0; i < 5 && a->r == VYRE_OK; i++) a->r = vyre_scan_count(sc, g_corpus.data, g_corpus.len, &a->count, &e);
    vyre_scanner_destroy(sc);
    return NULL;
}
static void t_threads(void) {
    vyre_literal_set *set;
    pthread_t th[2];
    thr_arg a[2];
    vyre_scanner *sc = NULL;
    uint64_t want = 0;
    vyre_error e;
    int i;
    if (!need_cuda()) return;
    if (!load_keywords()) return;
    corpus_load();
    set = compile_set(g_kw, g_nkw, VYRE_CASELESS);
    if (!set) return;
    if (CHECK_RC(vyre_scanner_create(g_cpu, set, NULL, &sc, &e), VYRE_OK))
        CHECK_RC(vyre_scan_count(sc, g_corpus.data, g_corpus.len, &want, &e), VYRE_OK);
    vyre_scanner_destroy(sc);
    for (i = 0; i < 2; i++) {
        a[i].set = set;
        a[i].count = 0;
        a[i].r = VYRE_ERR_STATE;
        CHECK(pthread_create(&th[i], NULL, thr_main, &a[i]) == 0);
    }
    for (i = 0; i < 2; i++) {
        pthread_join(th[i], NULL);
        CHECK_RC(a[i].r, VYRE_OK);
        CHECK_EQ_U64(a[i].count, want);
    }
    vyre_literal_set_free(set);
}

/* ------------------------------------------------------------------ */
/* binary cache and lifecycle                                           */
/* ------------------------------------------------------------------ */
static void t_lifecycle(void) {
    vyre_cuda_desc d;
    vyre_backend *b = NULL;
    vyre_buffer x = 0;
    vyre_error e;
    uint8_t v[4] = {1, 2, 3, 4};
    vyre_telemetry t;
    if (!need_cuda()) return;
    memset(&d, 0, sizeof d);
    if (!CHECK_RC(vyre_cuda_backend_create(&d, &b, &e), VYRE_OK)) return;
    CHECK_RC(vyre_buffer_alloc(b, 4, &x, &e), VYRE_OK);
    CHECK_RC(vyre_buffer_upload(b, x, 0, v, 4, &e), VYRE_OK);
    CHECK_RC(vyre_backend_flush(b, &e), VYRE_OK);
    CHECK(vyre_backend_device_lost(b) == 0);
    CHECK_RC(vyre_backend_try_recover(b, &e), VYRE_OK);
    CHECK_RC(vyre_backend_shutdown(b, &e), VYRE_OK);
    CHECK_RC(vyre_backend_telemetry(b, &t, &e), VYRE_OK);
    CHECK_EQ_U64(t.live_resident_buffers, 0); /* shutdown released the live buffer */
    CHECK_RC(vyre_buffer_alloc(b, 4, &x, &e), VYRE_ERR_STATE);
    CHECK_ERR(e, VYRE_ERR_STATE);
    CHECK_RC(vyre_buffer_upload(b, x, 0, v, 4, &e), VYRE_ERR_STATE);
    CHECK_RC(vyre_backend_prepare(b, &e), VYRE_ERR_STATE);
    vyre_backend_destroy(b); /* destroy after shutdown is fine */
    /* destroy with live buffers releases them (leak checkers see no loss) */
    if (CHECK_RC(vyre_cuda_backend_create(&d, &b, &e), VYRE_OK)) {
        CHECK_RC(vyre_buffer_alloc(b, 1 << 20, &x, &e), VYRE_OK);
        vyre_backend_destroy(b);
    }
}

/* Allocation failure injection on create: every failure is a clean error. */
static void t_alloc_failures(void) {
    vyre_cuda_desc d;
    vyre_backend *b = NULL;
    vyre_error e;
    vt_alloc_stats st;
    long k;
    vyre_result r;
    if (!need_cuda()) return;
    memset(&st, 0, sizeof st);
    memset(&d, 0, sizeof d);
    d.cache_dir = "";
    d.allocator = vt_allocator(&st);
    for (k = 1; k < 20; k++) {
        vyre_buffer x = 0;
        vt_alloc_arm(&st, k);
        r = vyre_cuda_backend_create(&d, &b, &e);
        if (r == VYRE_OK) {
            r = vyre_buffer_alloc(b, 64, &x, &e);
            if (r != VYRE_OK) CHECK_RC(r, VYRE_ERR_OUT_OF_MEMORY);
            vyre_backend_destroy(b);
            b = NULL;
            if (st.failed == 0) break;
        } else {
            CHECK_RC(r, VYRE_ERR_OUT_OF_MEMORY);
            CHECK(b == NULL);
        }
        CHECKF(st.live == 0, "allocation %ld failed: %ld allocations leaked", k, st.live);
    }
}

/* ------------------------------------------------------------------ */
/* CPU-only: the resident manager (pool + static cache) over a mock     */
/* ------------------------------------------------------------------ */
typedef struct mock_mem {
    uint64_t next;                   /* next fake device address */
    uint64_t live_bytes, live_allocs, allocs, frees, uploads, upload_bytes;
    uint64_t fail_over;              /* alloc fails (device OOM) when live_bytes + n > fail_over (0 = never) */
    int fail_upload;
    size_t freed_sizes[64];
    size_t nfreed;
    struct { uint64_t p; size_t n; } tab[256];
    size_t ntab;
} mock_mem;

static vyre_result mock_alloc(void *user, size_t bytes, uint64_t *dptr, vyre_error *err) {
    mock_mem *m = (mock_mem *)user;
    if ((m->fail_over && m->live_bytes + bytes > m->fail_over) || m->ntab == 256)
        return vyre_set_error(err, VYRE_ERR_DEVICE_OUT_OF_MEMORY, "Fix: test.", "mock device out of memory (%zu)", bytes);
    *dptr = m->next += 0x1000;
    m->tab[m->ntab].p = *dptr;
    m->tab[m->ntab].n = bytes;
    m->ntab++;
    m->live_bytes += bytes;
    m->live_allocs++;
    m->allocs++;
    return VYRE_OK;
}
static vyre_result mock_free(void *user, uint64_t dptr, vyre_error *err) {
    mock_mem *m = (mock_mem *)user;
    size_t i;
    for (i = 0; i < m->ntab; i++)
        if (m->tab[i].p == dptr) {
            m->live_bytes -= m->tab[i].n;
            m->live_allocs--;
            m->frees++;
            if (m->nfreed < 64) m->freed_sizes[m->nfreed++] = m->tab[i].n;
            m->tab[i] = m->tab[--m->ntab];
            return VYRE_OK;
        }
    return vyre_set_error(err, VYRE_ERR_BAD_HANDLE, "Fix: test.", "mock free of unknown pointer 0x%llx",
                          (unsigned long long)dptr);
}
static vyre_result mock_upload(void *user, uint64_t dptr, const void *src, size_t len, vyre_error *err) {
    mock_mem *m = (mock_mem *)user;
    (void)dptr; (void)src;
    if (m->fail_upload) return vyre_set_error(err, VYRE_ERR_DEVICE, "Fix: test.", "mock upload failure");
    m->uploads++;
    m->upload_bytes += len;
    return VYRE_OK;
}
static void mock_rm(vyre__cu_rm *rm, mock_mem *m, uint64_t budget) {
    vyre__cu_memops ops;
    vyre_allocator a;
    memset(m, 0, sizeof *m);
    memset(&a, 0, sizeof a);
    vyre_allocator_resolve(NULL, &a, NULL);
    ops.alloc = mock_alloc;
    ops.free = mock_free;
    ops.upload = mock_upload;
    ops.user = m;
    vyre__cu_rm_init(rm, &a, &ops, budget);
}

static void t_rm_pool_budget(void) {
    vyre__cu_rm rm;
    mock_mem m;
    vyre_buffer a = 0, b = 0, c = 0, x[4];
    vyre_cuda_pool_stats s;
    vyre_error e;
    int i;
    mock_rm(&rm, &m, 64);
    CHECK_RC(vyre__cu_rm_alloc(&rm, 64, &a, &e), VYRE_OK);
    CHECK_RC(vyre__cu_rm_alloc(&rm, 64, &b, &e), VYRE_OK);
    CHECK_EQ_U64(m.live_bytes, 128);
    CHECK_RC(vyre__cu_rm_free(&rm, a, &e), VYRE_OK);
    CHECK_RC(vyre__cu_rm_free(&rm, b, &e), VYRE_OK);
    vyre__cu_rm_stats(&rm, &s);
    CHECK_EQ_U64(s.pooled_bytes, 64);          /* budget 64: the second free evicted */
    CHECK_EQ_U64(s.live_bytes, 0);
    CHECK_EQ_U64(m.live_bytes, 64);            /* exactly what the pool keeps */
    CHECK_EQ_U64(s.device_bytes, m.live_bytes);
    CHECK_RC(vyre__cu_rm_free(&rm, a, &e), VYRE_ERR_BAD_HANDLE); /* stale */
    CHECK_ERR(e, VYRE_ERR_BAD_HANDLE);
    /* exact size class: 64 reuses, 32 does not */
    CHECK_RC(vyre__cu_rm_alloc(&rm, 64, &c, &e), VYRE_OK);
    CHECK_EQ_U64(m.allocs, 2);
    CHECK(c != a && c != b);                   /* a reused slot gets a new generation */
    CHECK_RC(vyre__cu_rm_free(&rm, b, &e), VYRE_ERR_BAD_HANDLE);
    CHECK_RC(vyre__cu_rm_alloc(&rm, 32, &a, &e), VYRE_OK);
    CHECK_EQ_U64(m.allocs, 3);
    CHECK_RC(vyre__cu_rm_free(&rm, a, &e), VYRE_OK);
    CHECK_RC(vyre__cu_rm_free(&rm, c, &e), VYRE_OK);
    vyre__cu_rm_stats(&rm, &s);
    CHECK(s.pooled_bytes <= 64);
    CHECK_EQ_U64(s.device_bytes, m.live_bytes);
    /* over-budget buffers are released at once */
    CHECK_RC(vyre__cu_rm_alloc(&rm, 1000, &a, &e), VYRE_OK);
    m.nfreed = 0;
    CHECK_RC(vyre__cu_rm_free(&rm, a, &e), VYRE_OK);
    CHECK(m.nfreed == 1 && m.freed_sizes[0] == 1000);
    CHECK_RC(vyre__cu_rm_destroy(&rm, &e), VYRE_OK);
    CHECK_EQ_U64(m.live_bytes, 0);
    CHECK_EQ_U64(m.live_allocs, 0);
    /* largest-first eviction */
    mock_rm(&rm, &m, 100);
    for (i = 0; i < 4; i++) CHECK_RC(vyre__cu_rm_alloc(&rm, (size_t)(i == 0 ? 10 : i == 1 ? 20 : i == 2 ? 50 : 40), &x[i], &e), VYRE_OK);
    for (i = 0; i < 3; i++) CHECK_RC(vyre__cu_rm_free(&rm, x[i], &e), VYRE_OK);
    m.nfreed = 0;
    CHECK_RC(vyre__cu_rm_free(&rm, x[3], &e), VYRE_OK); /* 80 + 40 > 100: evict the 50 */
    CHECK(m.nfreed == 1 && m.freed_sizes[0] == 50);
    vyre__cu_rm_stats(&rm, &s);
    CHECK_EQ_U64(s.pooled_bytes, 70);
    CHECK_EQ_U64(s.pool_evictions, 1);
    /* device OOM: the pool is drained and the allocation retried */
    m.fail_over = m.live_bytes + 60;          /* 70 pooled + 60 would be over: needs eviction */
    CHECK_RC(vyre__cu_rm_alloc(&rm, 90, &a, &e), VYRE_OK);
    vyre__cu_rm_stats(&rm, &s);
    CHECK_EQ_U64(s.device_bytes, m.live_bytes);
    CHECK_RC(vyre__cu_rm_alloc(&rm, 1000, &b, &e), VYRE_ERR_DEVICE_OUT_OF_MEMORY);
    CHECK_ERR(e, VYRE_ERR_DEVICE_OUT_OF_MEMORY);
    CHECK(b == 0);
    CHECK_RC(vyre__cu_rm_free(&rm, a, &e), VYRE_OK);
    /* exact accounting: a corrupted counter is an error, never a wrap */
    rm.pooled_bytes = 0;
    {
        int done = 0;
        CHECK_RC(vyre__cu_rm_evict_pool_one(&rm, &done, &e), VYRE_ERR_STATE);
        CHECK_STR_CONTAINS(e.message, "underflow");
    }
    vyre__cu_rm_destroy(&rm, NULL);
    CHECK_EQ_U64(m.live_bytes, 0);
}

static void t_rm_static_cache(void) {
    vyre__cu_rm rm;
    mock_mem m;
    uint8_t x[48], y[48], z[60];
    vyre_buffer h1 = 0, h2 = 0, h3 = 0, h4 = 0, h5 = 0;
    int hit = -1;
    vyre_cuda_pool_stats s;
    vyre_error e;
    size_t i;
    for (i = 0; i < sizeof x; i++) { x[i] = (uint8_t)(i * 7); y[i] = x[i]; }
    y[47] ^= 1;
    memset(z, 0x33, sizeof z);
    mock_rm(&rm, &m, 100);
    CHECK_RC(vyre__cu_rm_static_acquire(&rm, x, sizeof x, &h1, &hit, &e), VYRE_OK);
    CHECK(hit == 0);
    CHECK_EQ_U64(m.upload_bytes, 48);
    /* same bytes at another address: a hit, nothing uploaded */
    {
        uint8_t x2[48];
        memcpy(x2, x, sizeof x2);
        CHECK_RC(vyre__cu_rm_static_acquire(&rm, x2, sizeof x2, &h2, &hit, &e), VYRE_OK);
        CHECK(hit == 1 && h2 == h1);
        CHECK_EQ_U64(m.upload_bytes, 48);
    }
    /* one byte different: a miss */
    CHECK_RC(vyre__cu_rm_static_acquire(&rm, y, sizeof y, &h3, &hit, &e), VYRE_OK);
    CHECK(hit == 0 && h3 != h1);
    CHECK_EQ_U64(m.upload_bytes, 96);
    /* a forged hash collision must still miss: identity is verified byte for byte */
    {
        uint32_t k;
        for (k = 0; k < rm.ncache; k++)
            if (rm.cache[k].slot == (uint32_t)((h3 & 0xFFFFFFFFu) - 1u)) rm.cache[k].hash = vyre__cu_hash(z, 48, 0);
        CHECK_RC(vyre__cu_rm_static_acquire(&rm, z, 48, &h4, &hit, &e), VYRE_OK);
        CHECK(hit == 0 && h4 != h3);
        CHECK_EQ_U64(m.upload_bytes, 144);
    }
    /* budget 100: x (48) retained, y (48) did not fit beside x while x was in use; z (48) neither */
    vyre__cu_rm_stats(&rm, &s);
    CHECK(s.cached_bytes <= 100);
    CHECK_EQ_U64(s.device_bytes, m.live_bytes);
    /* buffer_free of a cached handle is refused */
    CHECK_RC(vyre__cu_rm_free(&rm, h1, &e), VYRE_ERR_BAD_HANDLE);
    /* release everything: unretained entries are freed, retained ones stay for reuse */
    CHECK_RC(vyre__cu_rm_static_release(&rm, h1, &e), VYRE_OK);
    CHECK_RC(vyre__cu_rm_static_release(&rm, h2, &e), VYRE_OK);
    CHECK_RC(vyre__cu_rm_static_release(&rm, h1, &e), VYRE_ERR_BAD_HANDLE); /* refs already 0 */
    CHECK_RC(vyre__cu_rm_static_release(&rm, h3, &e), VYRE_OK);
    CHECK_RC(vyre__cu_rm_static_release(&rm, h4, &e), VYRE_OK);
    vyre__cu_rm_stats(&rm, &s);
    CHECK_EQ_U64(s.live_bytes, 0);
    CHECK_EQ_U64(s.device_bytes, s.cached_bytes + s.pooled_bytes);
    CHECK_EQ_U64(s.device_bytes, m.live_bytes);
    /* a retained entry is reused after release (warm: 0 bytes uploaded) */
    {
        uint64_t before = m.upload_bytes;
        CHECK_RC(vyre__cu_rm_static_acquire(&rm, x, sizeof x, &h1, &hit, &e), VYRE_OK);
        CHECK(hit == 1);
        CHECK_EQ_U64(m.upload_bytes, before);
        CHECK_RC(vyre__cu_rm_static_release(&rm, h1, &e), VYRE_OK);
    }
    /* a 60-byte entry evicts idle entries largest-first to fit the budget */
    CHECK_RC(vyre__cu_rm_static_acquire(&rm, z, sizeof z, &h5, &hit, &e), VYRE_OK);
    vyre__cu_rm_stats(&rm, &s);
    CHECK(s.cached_bytes <= 100 && s.cached_bytes >= 60);
    CHECK_RC(vyre__cu_rm_static_release(&rm, h5, &e), VYRE_OK);
    /* an upload failure leaks nothing */
    m.fail_upload = 1;
    {
        uint8_t w[16] = {9, 9, 9};
        uint64_t live = m.live_bytes;
        vyre__cu_rm_trim(&rm, NULL);
        live = m.live_bytes;
        CHECK_RC(vyre__cu_rm_static_acquire(&rm, w, sizeof w, &h1, &hit, &e), VYRE_ERR_DEVICE);
        vyre__cu_rm_stats(&rm, &s);
        CHECK(m.live_bytes <= live + 16 && s.device_bytes == m.live_bytes);
    }
    m.fail_upload = 0;
    CHECK_RC(vyre__cu_rm_destroy(&rm, &e), VYRE_OK);
    CHECK_EQ_U64(m.live_bytes, 0);
    CHECK_EQ_U64(m.live_allocs, 0);
}

/* ------------------------------------------------------------------ */
/* creation                                                             */
/* ------------------------------------------------------------------ */
static int child_unavailable(void) {
    vyre_backend *b = NULL;
    vyre_error e;
    vyre_result r;
    memset(&e, 0, sizeof e);
    r = vyre_cuda_backend_create(NULL, &b, &e);
    printf("child: %s: %s %s\n", vyre_result_str(r), e.message, e.fix);
    if (r == VYRE_ERR_BACKEND_UNAVAILABLE && b == NULL && strncmp(e.fix, "Fix:", 4) == 0 && e.message[0]) return 0;
    vyre_backend_destroy(b);
    return 1;
}
/* A child that sees no device (CUDA_VISIBLE_DEVICES="") gets BACKEND_UNAVAILABLE
   with a Fix: hint; on a machine without a driver the same holds. */
static void t_unavailable(void) {
    pid_t pid;
    int status = 0;
    if (getenv("VYRE_UNDER_SANITIZER")) { /* compute-sanitizer shows the device to the child anyway */
        vt_skip("under compute-sanitizer the child still sees the device");
        return;
    }
    pid = fork();
    if (pid == 0) {
        setenv("CUDA_VISIBLE_DEVICES", "", 1);
        execl(g_self, g_self, "--child-unavailable", (char *)NULL);
        _exit(3);
    }
    if (CHECK(pid > 0)) {
        waitpid(pid, &status, 0);
        CHECKF(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child with no visible device: exit status %d",
               WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    }
}

static void t_bad_desc(void) {
    vyre_cuda_desc d;
    vyre_backend *b = NULL;
    vyre_error e;
    vt_alloc_stats st;
    memset(&d, 0, sizeof d);
    d.flags = 4;
    CHECK_RC(vyre_cuda_backend_create(&d, &b, &e), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_ERR(e, VYRE_ERR_INVALID_ARGUMENT);
    memset(&d, 0, sizeof d);
    memset(&st, 0, sizeof st);
    d.allocator = vt_allocator(&st);
    d.allocator.free = NULL;
    CHECK_RC(vyre_cuda_backend_create(&d, &b, &e), VYRE_ERR_BAD_ALLOCATOR);
    CHECK_RC(vyre_cuda_backend_create(NULL, NULL, &e), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_RC(vyre_cuda_pool_stats_get(g_cpu, NULL, &e), VYRE_ERR_INVALID_ARGUMENT);
    if (!need_cuda()) return;
    memset(&d, 0, sizeof d);
    d.device_index = 999;
    CHECK_RC(vyre_cuda_backend_create(&d, &b, &e), VYRE_ERR_BACKEND_UNAVAILABLE);
    CHECK_ERR(e, VYRE_ERR_BACKEND_UNAVAILABLE);
    CHECK_STR_CONTAINS(e.message, "999");
    CHECK(b == NULL);
}

static void t_profile(void) {
    vyre_device_profile p;
    vyre_error e;
    const uint32_t want = VYRE_CAP_RESIDENT | VYRE_CAP_DEVICE_TIMER | VYRE_CAP_ASYNC_COPY | VYRE_CAP_SEQUENCE |
                          VYRE_CAP_FILL | VYRE_CAP_LITERAL_SCAN;
    if (!need_cuda()) return;
    CHECK(strcmp(vyre_backend_id(g_cu), "cuda") == 0);
    if (!CHECK_RC(vyre_backend_profile(g_cu, &p, &e), VYRE_OK)) return;
    CHECK(strcmp(p.backend, "cuda") == 0);
    CHECK((p.caps & want) == want);
    CHECK((p.caps & VYRE_CAP_HOST_MEMORY) == 0);
    CHECK(p.compute_units > 0 && p.arch >= 50 && p.memory_bytes > 0 && p.subgroup_size == 32);
    printf("  device: %s | %s | sm_%u | %u SMs | %llu MiB | L2 %llu KiB | %s\n", p.device_name, p.driver_version, p.arch,
           p.compute_units, (unsigned long long)(p.memory_bytes >> 20), (unsigned long long)(p.l2_bytes >> 10),
           vyre_backend_version(g_cu));
}

/* ------------------------------------------------------------------ */
/* GPU: pool, static cache, telemetry                                   */
/* ------------------------------------------------------------------ */
static void t_gpu_pool_and_cache(void) {
    vyre_cuda_desc d;
    vyre_backend *b = NULL;
    vyre_error e;
    vyre_cuda_pool_stats s0, s1;
    vyre_telemetry t0, t1;
    vyre_buffer x = 0, y = 0, h1 = 0, h2 = 0;
    uint8_t *blob = (uint8_t *)malloc(1 << 20), *back = (uint8_t *)malloc(1 << 20);
    int hit = -1;
    size_t i;
    vt_rng r = vt_rng_make(0xCAC4E);
    if (!need_cuda() || !blob || !back) { free(blob); free(back); return; }
    for (i = 0; i < (1u << 20); i++) blob[i] = (uint8_t)vt_next(&r);
    memset(&d, 0, sizeof d);
    d.pool_budget_bytes = 3u << 20;
    if (!CHECK_RC(vyre_cuda_backend_create(&d, &b, &e), VYRE_OK)) { free(blob); free(back); return; }
    CHECK_RC(vyre_cuda_pool_stats_get(b, &s0, &e), VYRE_OK);
    CHECK_EQ_U64(s0.budget_bytes, 3u << 20);
    /* static cache: cold upload moves the bytes, warm moves none */
    CHECK_RC(vyre_backend_telemetry_reset(b, &e), VYRE_OK);
    CHECK_RC(vyre_cuda_static_acquire(b, blob, 1 << 20, &h1, &hit, &e), VYRE_OK);
    CHECK(hit == 0);
    CHECK_RC(vyre_backend_telemetry(b, &t0, &e), VYRE_OK);
    CHECK_EQ_U64(t0.h2d_bytes, 1 << 20);
    CHECK_RC(vyre_cuda_static_acquire(b, blob, 1 << 20, &h2, &hit, &e), VYRE_OK);
    CHECK(hit == 1 && h2 == h1);
    CHECK_RC(vyre_backend_telemetry(b, &t1, &e), VYRE_OK);
    CHECK_EQ_U64(t1.h2d_bytes, t0.h2d_bytes); /* warm static upload: 0 bytes */
    CHECK_RC(vyre_buffer_download(b, h1, 0, back, 1 << 20, &e), VYRE_OK);
    CHECK(memcmp(back, blob, 1 << 20) == 0);
    CHECK_RC(vyre_buffer_free(b, h1, &e), VYRE_ERR_BAD_HANDLE);
    CHECK_RC(vyre_cuda_static_release(b, h1, &e), VYRE_OK);
    CHECK_RC(vyre_cuda_static_release(b, h2, &e), VYRE_OK);
    /* fill: device-side, 0 bytes moved */
    CHECK_RC(vyre_buffer_alloc(b, 1 << 20, &x, &e), VYRE_OK);
    CHECK_RC(vyre_backend_telemetry(b, &t0, &e), VYRE_OK);
    CHECK_RC(vyre_buffer_fill(b, x, 0, 1 << 20, 0, &e), VYRE_OK);
    CHECK_RC(vyre_buffer_fill(b, x, 100, 1000, 0x5A, &e), VYRE_OK);
    CHECK_RC(vyre_backend_telemetry(b, &t1, &e), VYRE_OK);
    CHECK_EQ_U64(t1.h2d_bytes, t0.h2d_bytes);
    CHECK_EQ_U64(t1.fills, t0.fills + 2);
    CHECK_RC(vyre_buffer_download(b, x, 0, back, 1 << 20, &e), VYRE_OK);
    {
        size_t bad = 0;
        for (i = 0; i < (1u << 20); i++) bad += back[i] != ((i >= 100 && i < 1100) ? 0x5A : 0);
        CHECK_EQ_U64(bad, 0);
    }
    /* pool: a freed buffer is reused for the same size only */
    CHECK_RC(vyre_cuda_pool_stats_get(b, &s0, &e), VYRE_OK);
    CHECK_RC(vyre_buffer_free(b, x, &e), VYRE_OK);
    CHECK_RC(vyre_buffer_alloc(b, 1 << 20, &y, &e), VYRE_OK);
    CHECK_RC(vyre_cuda_pool_stats_get(b, &s1, &e), VYRE_OK);
    CHECK_EQ_U64(s1.pool_hits, s0.pool_hits + 1);
    CHECK_RC(vyre_buffer_upload(b, x, 0, blob, 4, &e), VYRE_ERR_BAD_HANDLE); /* the old handle is stale */
    CHECK_RC(vyre_buffer_free(b, y, &e), VYRE_OK);
    CHECK_RC(vyre_buffer_alloc(b, (1 << 20) - 16, &y, &e), VYRE_OK);
    CHECK_RC(vyre_cuda_pool_stats_get(b, &s0, &e), VYRE_OK);
    CHECK_EQ_U64(s0.pool_misses, s1.pool_misses + 1);
    CHECK_RC(vyre_buffer_free(b, y, &e), VYRE_OK);
    /* budget: pooled bytes never exceed it */
    {
        vyre_buffer v[6];
        for (i = 0; i < 6; i++) CHECK_RC(vyre_buffer_alloc(b, 1 << 20, &v[i], &e), VYRE_OK);
        for (i = 0; i < 6; i++) CHECK_RC(vyre_buffer_free(b, v[i], &e), VYRE_OK);
        CHECK_RC(vyre_cuda_pool_stats_get(b, &s1, &e), VYRE_OK);
        CHECKF(s1.pooled_bytes <= (3u << 20), "pooled %llu over the 3 MiB budget", (unsigned long long)s1.pooled_bytes);
        CHECK_EQ_U64(s1.live_bytes, 0);
        CHECK(s1.pool_evictions > 0);
    }
    CHECK_RC(vyre_cuda_trim(b, &e), VYRE_OK);
    CHECK_RC(vyre_cuda_pool_stats_get(b, &s1, &e), VYRE_OK);
    CHECK_EQ_U64(s1.device_bytes, 0);
    vyre_backend_destroy(b);
    free(blob);
    free(back);
}

/* Two scanners of one set: the second moves no table bytes; after destroy
   the live resident bytes are back to the baseline. */
static void t_scanner_tables_once(void) {
    vyre_literal_set *set;
    vyre_scanner *s1 = NULL, *s2 = NULL;
    vyre_telemetry t0, t1, t2;
    vyre_error e;
    uint64_t c1 = 0, c2 = 0;
    const char *text = "password=hunter2 token: AKIAIOSFODNN7EXAMPLE api_key secret";
    if (!need_cuda()) return;
    if (!load_keywords()) return;
    set = compile_set(g_kw, g_nkw, VYRE_CASELESS);
    if (!set) return;
    CHECK_RC(vyre_backend_telemetry(g_cu, &t0, &e), VYRE_OK);
    if (CHECK_RC(vyre_scanner_create(g_cu, set, NULL, &s1, &e), VYRE_OK)) {
        CHECK_RC(vyre_backend_telemetry(g_cu, &t1, &e), VYRE_OK);
        if (CHECK_RC(vyre_scanner_create(g_cu, set, NULL, &s2, &e), VYRE_OK)) {
            CHECK_RC(vyre_backend_telemetry(g_cu, &t2, &e), VYRE_OK);
            CHECK_EQ_U64(t2.h2d_bytes, t1.h2d_bytes); /* warm: tables already resident */
            CHECK_RC(vyre_scan_count(s1, text, strlen(text), &c1, &e), VYRE_OK);
            CHECK_RC(vyre_scan_count(s2, text, strlen(text), &c2, &e), VYRE_OK);
            CHECK(c1 == c2 && c1 > 0);
            vyre_scanner_destroy(s2);
        }
        vyre_scanner_destroy(s1);
    }
    CHECK_RC(vyre_backend_telemetry(g_cu, &t2, &e), VYRE_OK);
    CHECK_EQ_U64(t2.live_resident_bytes, t0.live_resident_bytes);
    CHECK_EQ_U64(t2.live_resident_buffers, t0.live_resident_buffers);
    vyre_literal_set_free(set);
}

/* Native scanner on inputs larger than its 16 MiB chunk: matches planted
   across chunk boundaries are found exactly once; pinned input too; the
   capacity error reports the total. */
static void t_native_chunks(void) {
    static const vyre_literal lits[4] = {{"boundary-secret", 15, VYRE_CASELESS}, {"xy", 2, 0}, {"Q", 1, 0},
                                         {"\0\xff\0", 3, 0}};
    const size_t len = (size_t)40 << 20;
    vyre_literal_set *set;
    uint8_t *hay = (uint8_t *)malloc(len), *pin = NULL;
    vt_matches got, want;
    vyre_error e;
    vt_rng r = vt_rng_make(0xB0DA);
    size_t i, k;
    if (!need_cuda() || !hay) { free(hay); return; }
    memset(&got, 0, sizeof got);
    memset(&want, 0, sizeof want);
    for (i = 0; i < len; i++) hay[i] = (uint8_t)("abcxyQ \n\0\xff"[vt_below(&r, 10)]);
    for (k = 1; k <= 2; k++) {
        size_t cut = k * ((size_t)16 << 20); /* the chunk boundaries */
        for (i = 0; i < 15; i++) hay[cut - 7 + i] = (uint8_t)"BOUNDARY-secret"[i];
        hay[cut - 1] = 'x';
        hay[cut] = 'y';
    }
    set = compile_set(lits, 4, 0);
    if (!set) { free(hay); return; }
    CHECK_RC(scan_all(g_cpu, set, hay, len, 0, &want, &e), VYRE_OK);
    if (CHECK_RC(scan_all(g_cu, set, hay, len, 0, &got, &e), VYRE_OK))
        CHECK_MATCHES(got.m, got.n, want.m, want.n, "40 MiB cuda vs cpu");
    printf("  %zu matches in 40 MiB\n", want.n);
    if (CHECK_RC(vyre_cuda_host_alloc(g_cu, len, (void **)&pin, &e), VYRE_OK)) {
        vyre_scanner *sc = NULL;
        uint64_t c = 0;
        memcpy(pin, hay, len);
        if (CHECK_RC(vyre_scanner_create(g_cu, set, NULL, &sc, &e), VYRE_OK)) {
            CHECK_RC(vyre_scan_count(sc, pin, len, &c, &e), VYRE_OK);
            CHECK_EQ_U64(c, want.n);
            vyre_scanner_destroy(sc);
        }
        if (CHECK_RC(scan_all(g_cu, set, pin, len, 0, &got, &e), VYRE_OK))
            CHECK_MATCHES(got.m, got.n, want.m, want.n, "pinned cuda vs cpu");
        vyre_cuda_host_free(g_cu, pin);
    }
    /* lit_scan directly: over capacity reports the total, MATCH_CAPACITY */
    {
        const vyre_backend_vtable *vt = vyre_backend_vtable_of(g_cu);
        void *state = NULL;
        vyre_raw_match small[10];
        vyre_lit_request rq;
        vyre_lit_result rs;
        if (CHECK(vt->lit_open != NULL) && CHECK_RC(vt->lit_open(vyre_backend_self(g_cu), set, 0, &state, &e), VYRE_OK)) {
            memset(&rq, 0, sizeof rq);
            rq.mode = VYRE_LIT_MATCHES;
            rq.data = hay;
            rq.len = len;
            rq.matches = small;
            rq.cap = 10;
            CHECK_RC(vt->lit_scan(vyre_backend_self(g_cu), state, &rq, &rs, &e), VYRE_ERR_MATCH_CAPACITY);
            CHECK_ERR(e, VYRE_ERR_MATCH_CAPACITY);
            CHECK_EQ_U64(rs.count, want.n);
            rq.mode = VYRE_LIT_COUNT;
            rq.context_len = (size_t)16 << 20; /* only matches ending after 16 MiB */
            CHECK_RC(vt->lit_scan(vyre_backend_self(g_cu), state, &rq, &rs, &e), VYRE_OK);
            {
                uint64_t w = 0;
                for (i = 0; i < want.n; i++) w += want.m[i].end > rq.context_len;
                CHECK_EQ_U64(rs.count, w);
            }
            vt->lit_close(vyre_backend_self(g_cu), state);
        }
    }
    vt_matches_free(&got);
    vt_matches_free(&want);
    vyre_literal_set_free(set);
    free(hay);
}

/* The on-disk kernel cache: stored, reused, corrupt entries rebuilt, "" off. */
static int make_cu(const char *dir, vyre_backend **b, vyre_cuda_module_info *in) {
    vyre_cuda_desc d;
    vyre_error e;
    memset(&d, 0, sizeof d);
    d.cache_dir = dir;
    if (!CHECK_RC(vyre_cuda_backend_create(&d, b, &e), VYRE_OK)) return 0;
    return CHECK_RC(vyre_cuda_module_info_get(*b, in, &e), VYRE_OK);
}
static uint64_t count_secret(vyre_backend *b) {
    static const vyre_literal lits[1] = {{"secret", 6, VYRE_CASELESS}};
    vyre_literal_set *set = compile_set(lits, 1, 0);
    vyre_scanner *sc = NULL;
    uint64_t c = 0;
    vyre_error e;
    const char *t = "SECRET secret sEcReT secre";
    if (!set) return 0;
    if (CHECK_RC(vyre_scanner_create(b, set, NULL, &sc, &e), VYRE_OK)) CHECK_RC(vyre_scan_count(sc, t, strlen(t), &c, &e), VYRE_OK);
    vyre_scanner_destroy(sc);
    vyre_literal_set_free(set);
    return c;
}
static void t_disk_cache(void) {
    char dir[] = "/tmp/vyre-cuda-cache-XXXXXX";
    char file[600];
    vyre_backend *b = NULL;
    vyre_cuda_module_info in;
    uint8_t *blob;
    size_t len = 0, i;
    FILE *f;
    if (!need_cuda()) return;
    if (!CHECK(mkdtemp(dir) != NULL)) return;
    if (!make_cu(dir, &b, &in)) return;
    CHECK(in.from_disk_cache == 0 && in.compile_ns > 0);
    snprintf(file, sizeof file, "%s", in.cache_path);
    CHECK(strncmp(file, dir, strlen(dir)) == 0);
    CHECK_EQ_U64(count_secret(b), 3);
    printf("  compile %.1f ms, create %.1f ms\n", in.compile_ns / 1e6, in.create_ns / 1e6);
    vyre_backend_destroy(b);
    if (make_cu(dir, &b, &in)) {
        CHECK(in.from_disk_cache == 1 && in.compile_ns == 0);
        CHECK_EQ_U64(count_secret(b), 3);
        printf("  warm create %.1f ms\n", in.create_ns / 1e6);
        vyre_backend_destroy(b);
    }
    blob = vt_read_file(file, &len);
    if (!CHECKF(blob != NULL && len > 64, "cache entry %s missing", file)) return;
    for (i = 40; i < len; i += 97) blob[i] ^= 0x5A;
    f = fopen(file, "wb");
    if (CHECK(f != NULL)) { fwrite(blob, 1, len, f); fclose(f); }
    if (make_cu(dir, &b, &in)) {
        CHECK(in.from_disk_cache == 0 && in.cache_rejected == 1);
        CHECK_EQ_U64(count_secret(b), 3);
        vyre_backend_destroy(b);
    }
    f = fopen(file, "wb");
    if (CHECK(f != NULL)) { fwrite(blob, 1, 20, f); fclose(f); }
    if (make_cu(dir, &b, &in)) {
        CHECK(in.from_disk_cache == 0 && in.cache_rejected == 1);
        vyre_backend_destroy(b);
    }
    if (make_cu(dir, &b, &in)) {
        CHECK(in.from_disk_cache == 1);
        CHECK_EQ_U64(count_secret(b), 3);
        vyre_backend_destroy(b);
    }
    if (make_cu("", &b, &in)) {
        CHECK(in.cache_path[0] == 0 && in.from_disk_cache == 0);
        vyre_backend_destroy(b);
    }
    free(blob);
    remove(file);
    rmdir(dir);
}

int main(int argc, char **argv) {
    vyre_error e;
    vyre_result r;
    snprintf(g_self, sizeof g_self, "%s", argv[0]);
    {
        ssize_t n = readlink("/proc/self/exe", g_self, sizeof g_self - 1);
        if (n > 0) g_self[n] = 0;
    }
    if (argc > 1 && strcmp(argv[1], "--child-unavailable") == 0) return child_unavailable();

    VT_RUN(t_rm_pool_budget);
    VT_RUN(t_rm_static_cache);
    VT_RUN(t_unavailable);

    if (vyre_cpu_backend_create(NULL, &g_cpu, &e) != VYRE_OK) {
        printf("cannot create the CPU backend: %s\n", e.message);
        return 1;
    }
    r = vyre_cuda_backend_create(NULL, &g_cu, &e);
    if (r != VYRE_OK) {
        g_cu = NULL;
        snprintf(g_why, sizeof g_why, "no CUDA device (%s: %.300s)", vyre_result_str(r), e.message);
        printf("SKIPPED: %s\n", g_why);
    } else {
        vyre_cuda_module_info in;
        vyre_cuda_module_info_get(g_cu, &in, NULL);
        printf("CUDA: sm_%u, NVRTC %d.%d, kernels %s in %.1f ms (create %.1f ms)\n", in.arch, in.nvrtc_major,
               in.nvrtc_minor, in.from_disk_cache ? "from disk cache" : "compiled", in.compile_ns / 1e6,
               in.create_ns / 1e6);
    }

    VT_RUN(t_bad_desc);
    VT_RUN(t_profile);
    VT_RUN(t_buffers);
    VT_RUN(t_bad_handles);
    VT_RUN(t_many_and_sequence);
    VT_RUN(t_program_errors);
    VT_RUN(t_program_matches_parity);
    VT_RUN(t_borrowed_dispatch);
    VT_RUN(t_scan_api);
    VT_RUN(t_scan_parity_random);
    VT_RUN(t_gitleaks_real_files);
    VT_RUN(t_presence_random);
    VT_RUN(t_streams);
    VT_RUN(t_sessions);
    VT_RUN(t_threads);
    VT_RUN(t_gpu_pool_and_cache);
    VT_RUN(t_scanner_tables_once);
    VT_RUN(t_native_chunks);
    VT_RUN(t_disk_cache);
    VT_RUN(t_lifecycle);
    VT_RUN(t_alloc_failures);

    vyre_backend_destroy(g_cu);
    vyre_backend_destroy(g_cpu);
    free(g_corpus.data);
    free(g_corpus.starts);
    free(g_kw);
    free(g_kwbuf);
    return vt_finish();
}
