/* tests/backend_conformance.h - the backend conformance suite every GPU backend
   test runs (tests/test_cuda.c, tests/test_ocl.c): the contract (buffers, bad
   handles, batched transfers, sequences, program errors), parity with the CPU
   backend and a naive reference on random inputs and real files, the gitleaks
   keywords, region presence, streams, resident sessions and threads.

   It defines the suite's globals (g_dev: the backend under test, NULL = none;
   g_cpu: the CPU reference; g_why: why there is no backend under test; g_self:
   this program's path, for child runs) and includes the POSIX headers the
   tests use. The including file defines, before including it:
     VT_DEV_NAME                   "CUDA", "OpenCL" (messages)
     VT_DEV_REQUIRE_ENV            "VYRE_REQUIRE_CUDA": "1" turns a missing device into a failure
     VT_DEV_CORPUS_ENV             "VYRE_CUDA_CORPUS_MB": MiB of real files for the corpus tests (default 8)
     static vyre_result dev_create_in(const vyre_allocator *alloc, const char *cache_dir,
                                      vyre_backend **out, vyre_error *e);
                                   a fresh backend of the kind under test (alloc NULL = default) with
                                   its kernel disk cache in cache_dir ("" = off); the suite's
                                   dev_create (cache off: lifecycle, allocation failures) and
                                   dev_create_cached (t_disk_cache, through the backend contract's
                                   vyre_backend_kernel_info) are built on it
   and calls the t_* functions below from its main(), then conformance_free().
   CONF_DEFINE_DEV_CREATE(desc type, create function, setup) defines
   dev_create_in for a backend whose desc has `allocator` and `cache_dir`:
       CONF_DEFINE_DEV_CREATE(vyre_ocl_desc, vyre_ocl_backend_create, d.select = g_select)
   (`d` is the zeroed desc; setup is one statement, (void)0 for none). */
#ifndef VYRE_BACKEND_CONFORMANCE_H
#define VYRE_BACKEND_CONFORMANCE_H

#include <dirent.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static vyre_backend *g_dev;   /* the backend under test (NULL = none) */
static vyre_backend *g_cpu;   /* the reference */
static char g_why[1024];      /* why there is no backend under test */
static char g_self[1024];     /* path of this program (for child runs) */

static vyre_result dev_create_in(const vyre_allocator *alloc, const char *cache_dir, vyre_backend **out, vyre_error *e);
#define CONF_DEFINE_DEV_CREATE(DESC, CREATE, SETUP)                                                  \
    static vyre_result dev_create_in(const vyre_allocator *alloc, const char *cache_dir, vyre_backend **out, \
                                     vyre_error *e) {                                               \
        DESC d;                                                                                     \
        memset(&d, 0, sizeof d);                                                                    \
        SETUP;                                                                                      \
        d.cache_dir = cache_dir;                                                                    \
        if (alloc) d.allocator = *alloc;                                                            \
        return CREATE(&d, out, e);                                                                  \
    }
static vyre_result dev_create(const vyre_allocator *alloc, vyre_backend **out, vyre_error *e) {
    return dev_create_in(alloc, "", out, e);
}
/* A fresh backend with its disk cache in cache_dir, the literal family built (prepare), and what
   that build did (vyre_backend_kernel_info: one struct on every GPU backend). 1 on success. The
   literal family alone is built: regex and ring build on first use. */
static int dev_create_cached(const char *cache_dir, vyre_backend **b, vyre_kernel_info *info) {
    vyre_error e;
    memset(info, 0, sizeof *info);
    if (!CHECK_RC(dev_create_in(NULL, cache_dir, b, &e), VYRE_OK)) return 0;
    if (!CHECK_RC(vyre_backend_prepare(*b, &e), VYRE_OK) || !CHECK_RC(vyre_backend_kernel_info(*b, info, &e), VYRE_OK)) {
        printf("  %s\n", e.message);
        vyre_backend_destroy(*b);
        *b = NULL;
        return 0;
    }
    CHECKF(info->families == (VYRE_KERNELS_COMMON | VYRE_KERNELS_LIT) && info->lazy_builds == 0,
           "families 0x%x, lazy builds %u after prepare", (unsigned)info->families, (unsigned)info->lazy_builds);
    CHECK(info->build_ns > 0);
    return 1;
}

/* a child run's verdict on a create that must fail: 0 when it is
   VYRE_ERR_BACKEND_UNAVAILABLE with a message, a Fix: hint and no backend */
static int child_unavailable_verdict(vyre_result r, const vyre_backend *b, const vyre_error *e) {
    printf("child: %s: %s %s\n", vyre_result_str(r), e->message, e->fix);
    return r == VYRE_ERR_BACKEND_UNAVAILABLE && b == NULL && strncmp(e->fix, "Fix:", 4) == 0 && e->message[0] ? 0 : 1;
}
/* a child run's create (default desc, cache off) that must fail: 0 when it does as above; else 1,
   and *made = the backend when the create succeeded and made != NULL (the caller destroys it) */
static int conf_child_unavailable(vyre_backend **made) {
    vyre_backend *b = NULL;
    vyre_error e;
    vyre_result r;
    memset(&e, 0, sizeof e);
    r = dev_create_in(NULL, "", &b, &e);
    if (child_unavailable_verdict(r, b, &e) == 0) return 0;
    if (made && r == VYRE_OK) *made = b;
    else vyre_backend_destroy(b);
    return 1;
}

/* runs this program again as `g_self CHILD_FLAG` with env1=val1 (and env2=val2 when env2 is not
   NULL) set; returns the child's exit status, -1 if it did not exit normally or could not start */
static int conf_child_status(const char *child_flag, const char *env1, const char *val1, const char *env2, const char *val2) {
    int status = 0;
    pid_t pid = fork();
    if (pid == 0) {
        setenv(env1, val1, 1);
        if (env2) setenv(env2, val2, 1);
        execl(g_self, g_self, child_flag, (char *)NULL);
        _exit(3);
    }
    if (!CHECK(pid > 0)) return -1;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* desc checks every backend shares (dev_create): an allocator without free is
   VYRE_ERR_BAD_ALLOCATOR, a NULL out pointer VYRE_ERR_INVALID_ARGUMENT */
static void conf_bad_desc_common(void) {
    vyre_backend *b = NULL;
    vyre_error e;
    vt_alloc_stats st;
    vyre_allocator a;
    memset(&st, 0, sizeof st);
    a = vt_allocator(&st);
    a.free = NULL;
    CHECK_RC(dev_create(&a, &b, &e), VYRE_ERR_BAD_ALLOCATOR);
    CHECK(b == NULL);
    CHECK_RC(dev_create(NULL, NULL, &e), VYRE_ERR_INVALID_ARGUMENT);
}

static int need_dev(void) {
    if (g_dev) return 1;
    if (getenv(VT_DEV_REQUIRE_ENV) && strcmp(getenv(VT_DEV_REQUIRE_ENV), "1") == 0) {
        CHECKF(0, "no %s backend and %s=1: %s", VT_DEV_NAME, VT_DEV_REQUIRE_ENV, g_why);
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

/* t_wide_keys: when set, upload_tables gives the KEY_FILTER binding at least this many bytes (its table
   first, then 0xA5 filler): a set without the key filter then runs the GPU's _kf kernels (vyre.h
   >>programs "Kernel variants"), which must still find every match */
static size_t g_kf_pad;
/* the table buffers for the set on b. */
static int upload_tables(vyre_backend *b, const vyre_literal_set *set, vyre_buffer tb[VYRE_LT_COUNT]) {
    int t;
    vyre_error e;
    for (t = 0; t < (int)VYRE_LT_COUNT; t++) {
        const void *data = NULL;
        size_t bytes = 0;
        tb[t] = 0;
        if (!CHECK_RC(vyre_literal_set_table(set, (vyre_lit_table)t, &data, &bytes), VYRE_OK)) return 0;
        if (t == (int)VYRE_LT_KEY_FILTER && g_kf_pad > bytes) {
            uint8_t *pad = (uint8_t *)malloc(g_kf_pad);
            int ok;
            if (!CHECK(pad != NULL)) return 0;
            memset(pad, 0xA5, g_kf_pad);
            memcpy(pad, data, bytes);
            ok = CHECK_RC(vyre_buffer_alloc(b, g_kf_pad, &tb[t], &e), VYRE_OK) && CHECK_RC(vyre_buffer_upload(b, tb[t], 0, pad, g_kf_pad, &e), VYRE_OK);
            free(pad);
            if (!ok) return 0;
            continue;
        }
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
    vyre_kit_dispatch(&d, VYRE_PROGRAM_LIT_MATCHES, bind, VYRE_LIT_MATCHES_BINDINGS, sc, 3);
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
    const char *mb = getenv(VT_DEV_CORPUS_ENV);
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
    if (!need_dev()) return;
    for (i = 0; i < sizeof src; i++) src[i] = (uint8_t)(i * 31 + 7);
    memset(zero, 0, sizeof zero);
    CHECK_RC(vyre_backend_telemetry(g_dev, &t0, &e), VYRE_OK);
    if (!CHECK_RC(vyre_buffer_alloc(g_dev, 1000, &a, &e), VYRE_OK)) return;
    if (!CHECK_RC(vyre_buffer_alloc(g_dev, 37, &b, &e), VYRE_OK)) return;
    CHECK(a != 0 && b != 0 && a != b);
    CHECK_RC(vyre_backend_telemetry(g_dev, &t1, &e), VYRE_OK);
    CHECK_EQ_U64(t1.live_resident_bytes - t0.live_resident_bytes, 1037);
    CHECK_EQ_U64(t1.live_resident_buffers - t0.live_resident_buffers, 2);
    /* fresh buffers read as zero */
    memset(out, 0xEE, sizeof out);
    CHECK_RC(vyre_buffer_download(g_dev, a, 0, out, 1000, &e), VYRE_OK);
    CHECK(memcmp(out, zero, 1000) == 0);
    /* whole, ranged upload and download */
    CHECK_RC(vyre_buffer_upload(g_dev, a, 0, src, 1000, &e), VYRE_OK);
    CHECK_RC(vyre_buffer_upload(g_dev, a, 100, zero, 50, &e), VYRE_OK);
    CHECK_RC(vyre_buffer_download(g_dev, a, 0, out, 1000, &e), VYRE_OK);
    CHECK(memcmp(out, src, 100) == 0 && memcmp(out + 100, zero, 50) == 0 && memcmp(out + 150, src + 150, 850) == 0);
    memset(out, 0, sizeof out);
    CHECK_RC(vyre_buffer_download(g_dev, a, 997, out, 3, &e), VYRE_OK);
    CHECK(memcmp(out, src + 997, 3) == 0);
    CHECK_RC(vyre_buffer_download(g_dev, a, 1000, out, 0, &e), VYRE_OK); /* empty range at the end */
    CHECK_RC(vyre_buffer_upload(g_dev, b, 0, src, 37, &e), VYRE_OK);
    CHECK_RC(vyre_buffer_download(g_dev, b, 0, out, 37, &e), VYRE_OK);
    CHECK(memcmp(out, src, 37) == 0);
    /* fill */
    CHECK_RC(vyre_buffer_fill(g_dev, a, 3, 11, 0xA5, &e), VYRE_OK);
    CHECK_RC(vyre_buffer_download(g_dev, a, 0, out, 20, &e), VYRE_OK);
    for (i = 0; i < 20; i++) CHECKF(out[i] == ((i >= 3 && i < 14) ? 0xA5 : (i >= 100 ? 0 : src[i])), "byte %zu", i);
    /* out of range: nothing is written */
    CHECK_RC(vyre_buffer_upload(g_dev, b, 30, src, 8, &e), VYRE_ERR_OUT_OF_RANGE);
    CHECK_ERR(e, VYRE_ERR_OUT_OF_RANGE);
    CHECK_STR_CONTAINS(e.message, "37");
    CHECK_RC(vyre_buffer_upload(g_dev, b, 38, src, 0, &e), VYRE_ERR_OUT_OF_RANGE);
    CHECK_RC(vyre_buffer_upload(g_dev, b, SIZE_MAX, src, 2, &e), VYRE_ERR_OUT_OF_RANGE);
    CHECK_RC(vyre_buffer_upload(g_dev, b, 2, src, SIZE_MAX, &e), VYRE_ERR_OUT_OF_RANGE);
    memset(out, 0x77, sizeof out);
    CHECK_RC(vyre_buffer_download(g_dev, b, 36, out, 2, &e), VYRE_ERR_OUT_OF_RANGE);
    CHECK(out[0] == 0x77 || out[0] == 0); /* nothing partial: untouched or cleared */
    CHECK_RC(vyre_buffer_fill(g_dev, b, 0, 38, 1, &e), VYRE_ERR_OUT_OF_RANGE);
    CHECK_RC(vyre_buffer_download(g_dev, b, 0, out, 37, &e), VYRE_OK);
    CHECK(memcmp(out, src, 37) == 0);
    CHECK_RC(vyre_buffer_free(g_dev, a, &e), VYRE_OK);
    CHECK_RC(vyre_buffer_free(g_dev, b, &e), VYRE_OK);
    CHECK_RC(vyre_backend_telemetry(g_dev, &t1, &e), VYRE_OK);
    CHECK_EQ_U64(t1.live_resident_bytes, t0.live_resident_bytes);
    CHECK_EQ_U64(t1.live_resident_buffers, t0.live_resident_buffers);
}

static void t_bad_handles(void) {
    vyre_buffer a = 0, c = 0, a2 = 0;
    vyre_error e;
    uint8_t x[16];
    if (!need_dev()) return;
    memset(x, 1, sizeof x);
    CHECK_RC(vyre_buffer_upload(g_dev, 0, 0, x, 1, &e), VYRE_ERR_BAD_HANDLE);
    CHECK_ERR(e, VYRE_ERR_BAD_HANDLE);
    CHECK_RC(vyre_buffer_download(g_dev, 0x1234567890ull, 0, x, 1, &e), VYRE_ERR_BAD_HANDLE);
    CHECK_RC(vyre_buffer_free(g_dev, 42, &e), VYRE_ERR_BAD_HANDLE);
    CHECK_RC(vyre_buffer_fill(g_dev, ~(vyre_buffer)0, 0, 1, 0, &e), VYRE_ERR_BAD_HANDLE);
    if (!CHECK_RC(vyre_buffer_alloc(g_dev, 16, &a, &e), VYRE_OK)) return;
    CHECK_RC(vyre_buffer_free(g_dev, a, &e), VYRE_OK);
    CHECK_RC(vyre_buffer_free(g_dev, a, &e), VYRE_ERR_BAD_HANDLE); /* double free */
    CHECK_RC(vyre_buffer_upload(g_dev, a, 0, x, 1, &e), VYRE_ERR_BAD_HANDLE);
    /* the slot is reused: the stale handle still fails */
    if (CHECK_RC(vyre_buffer_alloc(g_dev, 16, &a2, &e), VYRE_OK)) {
        CHECK(a2 != a);
        CHECK_RC(vyre_buffer_upload(g_dev, a, 0, x, 1, &e), VYRE_ERR_BAD_HANDLE);
        CHECK_RC(vyre_buffer_upload(g_dev, a2, 0, x, 1, &e), VYRE_OK);
        CHECK_RC(vyre_buffer_free(g_dev, a2, &e), VYRE_OK);
    }
    /* a handle of another backend */
    if (CHECK_RC(vyre_buffer_alloc(g_cpu, 16, &c, &e), VYRE_OK)) {
        CHECK_RC(vyre_buffer_upload(g_dev, c, 0, x, 1, &e), VYRE_ERR_BAD_HANDLE);
        CHECK_RC(vyre_buffer_free(g_dev, c, &e), VYRE_ERR_BAD_HANDLE);
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
    if (!need_dev()) return;
    for (i = 0; i < 64; i++) {
        s1[i] = (uint8_t)(i + 1);
        s2[i] = (uint8_t)(200 - i);
    }
    if (!CHECK_RC(vyre_buffer_alloc(g_dev, 64, &a, &e), VYRE_OK)) return;
    if (!CHECK_RC(vyre_buffer_alloc(g_dev, 64, &b, &e), VYRE_OK)) return;
    CHECK_RC(vyre_backend_telemetry_reset(g_dev, &e), VYRE_OK);
    memset(ops, 0, sizeof ops);
    ops[0].kind = VYRE_OP_UPLOAD; ops[0].buffer = a; ops[0].offset = 0; ops[0].len = 64; ops[0].src = s1;
    ops[1].kind = VYRE_OP_UPLOAD; ops[1].buffer = b; ops[1].offset = 8; ops[1].len = 16; ops[1].src = s2;
    CHECK_RC(vyre_buffer_upload_many(g_dev, ops, 2, &e), VYRE_OK);
    CHECK_RC(vyre_backend_telemetry(g_dev, &t1, &e), VYRE_OK);
    CHECK_EQ_U64(t1.h2d_bytes, 80);
    CHECK_EQ_U64(t1.syncs, 1);
    memset(ops, 0, sizeof ops);
    ops[0].kind = VYRE_OP_DOWNLOAD; ops[0].buffer = a; ops[0].offset = 4; ops[0].len = 10; ops[0].dst = d1;
    ops[1].kind = VYRE_OP_DOWNLOAD; ops[1].buffer = b; ops[1].offset = 0; ops[1].len = 24; ops[1].dst = d2;
    CHECK_RC(vyre_buffer_download_many(g_dev, ops, 2, &e), VYRE_OK);
    CHECK(memcmp(d1, s1 + 4, 10) == 0);
    for (i = 0; i < 24; i++) CHECKF(d2[i] == (i < 8 ? 0 : s2[i - 8]), "d2[%zu]", i);
    CHECK_RC(vyre_backend_telemetry(g_dev, &t0, &e), VYRE_OK);
    CHECK_EQ_U64(t0.d2h_bytes, 34);
    CHECK_EQ_U64(t0.syncs, 2);
    /* a wrong kind in upload_many */
    ops[0].kind = VYRE_OP_FILL;
    CHECK_RC(vyre_buffer_upload_many(g_dev, ops, 1, &e), VYRE_ERR_INVALID_ARGUMENT);
    /* a sequence: upload, fill, download, download with ONE sync */
    memset(ops, 0, sizeof ops);
    ops[0].kind = VYRE_OP_UPLOAD; ops[0].buffer = a; ops[0].len = 64; ops[0].src = s2;
    ops[1].kind = VYRE_OP_FILL; ops[1].buffer = a; ops[1].offset = 10; ops[1].len = 5; ops[1].value = 9;
    ops[2].kind = VYRE_OP_DOWNLOAD; ops[2].buffer = a; ops[2].len = 64; ops[2].dst = d1;
    ops[3].kind = VYRE_OP_FILL; ops[3].buffer = b; ops[3].len = 64; ops[3].value = 0;
    ops[4].kind = VYRE_OP_DOWNLOAD; ops[4].buffer = b; ops[4].offset = 60; ops[4].len = 4; ops[4].dst = d2;
    CHECK_RC(vyre_backend_telemetry_reset(g_dev, &e), VYRE_OK);
    memset(d2, 0xCC, sizeof d2);
    memset(&tm, 0, sizeof tm);
    CHECK_RC(vyre_sequence(g_dev, ops, 5, &tm, &e), VYRE_OK);
    for (i = 0; i < 64; i++) CHECKF(d1[i] == ((i >= 10 && i < 15) ? 9 : s2[i]), "seq d1[%zu]", i);
    CHECK(d2[0] == 0 && d2[3] == 0 && d2[4] == 0xCC);
    CHECK_RC(vyre_backend_telemetry(g_dev, &t1, &e), VYRE_OK);
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
    CHECK_RC(vyre_backend_telemetry_reset(g_dev, &e), VYRE_OK);
    ops[0].src = s1;
    CHECK_RC(vyre_sequence(g_dev, ops, 5, &tm, &e), VYRE_ERR_BAD_HANDLE);
    CHECK_ERR(e, VYRE_ERR_BAD_HANDLE);
    for (i = 0; i < 64; i++)
        if (d1[i] != 0) { CHECKF(0, "download dst not cleared after a failed sequence (byte %zu = %u)", i, d1[i]); break; }
    CHECK_RC(vyre_backend_telemetry(g_dev, &t1, &e), VYRE_OK);
    CHECK_EQ_U64(t1.h2d_bytes, 0);
    CHECK_RC(vyre_buffer_download(g_dev, a, 0, d1, 64, &e), VYRE_OK); /* still the old contents */
    CHECK(d1[0] == s2[0] && d1[10] == 9);
    ops[1].buffer = b;
    ops[1].len = 65;
    CHECK_RC(vyre_sequence(g_dev, ops, 5, &tm, &e), VYRE_ERR_OUT_OF_RANGE);
    ops[1].len = 5;
    ops[2].kind = (vyre_op_kind)99;
    CHECK_RC(vyre_sequence(g_dev, ops, 5, &tm, &e), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_RC(vyre_sequence(g_dev, ops, 0, &tm, &e), VYRE_OK);
    CHECK_RC(vyre_buffer_free(g_dev, a, &e), VYRE_OK);
    CHECK_RC(vyre_buffer_free(g_dev, b, &e), VYRE_OK);
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
    if (!need_dev()) return;
    set = compile_set(lits, 2, 0);
    if (!set) return;
    memset(tb, 0, sizeof tb);
    if (!upload_tables(g_dev, set, tb)) goto done;
    CHECK_RC(vyre_buffer_alloc(g_dev, 32, &hb, &e), VYRE_OK);
    CHECK_RC(vyre_buffer_alloc(g_dev, 8, &cb, &e), VYRE_OK);
    bind[0] = hb;
    for (t = 0; t < (int)VYRE_LT_COUNT; t++) bind[1 + t] = tb[t];
    bind[VYRE_LIT_BINDING_OUT0] = cb;
    memset(&d, 0, sizeof d);
    d.program = "vyre_no_such_program";
    d.buffers = bind;
    d.buffer_count = VYRE_LIT_COUNT_BINDINGS;
    d.scalars = sc;
    d.scalar_count = 2;
    CHECK_RC(vyre_backend_telemetry(g_dev, &t0, &e), VYRE_OK);
    CHECK_RC(vyre_dispatch_resident(g_dev, &d, NULL, &e), VYRE_ERR_BAD_PROGRAM);
    CHECK_ERR(e, VYRE_ERR_BAD_PROGRAM);
    d.program = VYRE_PROGRAM_LIT_COUNT;
    d.buffer_count = 15;
    CHECK_RC(vyre_dispatch_resident(g_dev, &d, NULL, &e), VYRE_ERR_BAD_PROGRAM);
    d.buffer_count = VYRE_LIT_COUNT_BINDINGS;
    d.scalar_count = 3;
    CHECK_RC(vyre_dispatch_resident(g_dev, &d, NULL, &e), VYRE_ERR_BAD_PROGRAM);
    d.scalar_count = 2;
    /* one condition, one code on every backend: a dispatch over 4 GiB is
       HAYSTACK_CAPACITY (checked before the binding sizes) */
    sc[0] = 0x100000000ull;
    CHECK_RC(vyre_dispatch_resident(g_dev, &d, NULL, &e), VYRE_ERR_HAYSTACK_CAPACITY);
    CHECK_ERR(e, VYRE_ERR_HAYSTACK_CAPACITY);
    sc[0] = 64;
    /* hay_len 64 over a 32-byte haystack buffer */
    CHECK_RC(vyre_dispatch_resident(g_dev, &d, NULL, &e), VYRE_ERR_OUT_OF_RANGE);
    CHECK_ERR(e, VYRE_ERR_OUT_OF_RANGE);
    bind[3] = 999;
    sc[0] = 16;
    CHECK_RC(vyre_dispatch_resident(g_dev, &d, NULL, &e), VYRE_ERR_BAD_HANDLE);
    bind[3] = tb[2];
    CHECK_RC(vyre_backend_telemetry(g_dev, &t1, &e), VYRE_OK);
    CHECK_EQ_U64(t1.launches, t0.launches); /* nothing was launched */
    CHECK_RC(vyre_dispatch_resident(g_dev, &d, NULL, &e), VYRE_OK);
    CHECK_RC(vyre_backend_telemetry(g_dev, &t1, &e), VYRE_OK);
    CHECK_EQ_U64(t1.launches, t0.launches + 1);
    /* matches: match_cap over the matches binding */
    bind[VYRE_LIT_BINDING_OUT1] = cb; /* 8 bytes = 1 match */
    d.program = VYRE_PROGRAM_LIT_MATCHES;
    d.buffer_count = VYRE_LIT_MATCHES_BINDINGS;
    d.scalar_count = 3;
    sc[2] = 2;
    CHECK_RC(vyre_dispatch_resident(g_dev, &d, NULL, &e), VYRE_ERR_OUT_OF_RANGE);
done:
    free_buffers(g_dev, tb, VYRE_LT_COUNT);
    free_buffers(g_dev, &hb, 1);
    free_buffers(g_dev, &cb, 1);
    vyre_literal_set_free(set);
}

/* The matches program, resident, against the CPU backend's and the naive
   reference: totals, contents, context_len and match_cap overflow. */
static void t_program_matches_parity(void) {
    vt_rng r = vt_rng_make(0x0C1A);
    int iter, n = 12 * vt_scale();
    if (!need_dev()) return;
    for (iter = 0; iter < n; iter++) {
        vyre_literal lits[40];
        uint8_t pb[40][8];
        size_t np = (size_t)vt_range(&r, 1, 40), i, hl = (size_t)vt_range(&r, 0, 20000);
        uint8_t *hay = (uint8_t *)malloc(hl + 1);
        uint32_t ctx = (uint32_t)(iter % 3 == 0 ? vt_below(&r, hl + 1) : 0);
        uint32_t c_dev[2] = {0, 0}, c_cpu[2] = {0, 0}, cap;
        vyre_raw_match *m_dev, *m_cpu;
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
        m_dev = (vyre_raw_match *)calloc(cap + 1, sizeof *m_dev);
        m_cpu = (vyre_raw_match *)calloc(cap + 1, sizeof *m_cpu);
        if (run_matches_program(g_dev, set, hay, hl, ctx, cap, c_dev, m_dev) &&
            run_matches_program(g_cpu, set, hay, hl, ctx, cap, c_cpu, m_cpu)) {
            CHECKF(c_dev[0] == want && c_cpu[0] == want, "iter %d: totals dev %u cpu %u naive %zu (ctx %u)", iter,
                   c_dev[0], c_cpu[0], want, ctx);
            CHECK(c_dev[1] == 0);
            if (cap >= want) {
                qsort(m_dev, want, sizeof *m_dev, raw_cmp);
                qsort(m_cpu, want, sizeof *m_cpu, raw_cmp);
                CHECKF(memcmp(m_dev, m_cpu, want * sizeof *m_dev) == 0, "iter %d: match lists differ", iter);
            } else {
                /* over capacity: matches[0,cap) hold a subset of the real matches */
                size_t k, bad = 0;
                for (k = 0; k < cap; k++) {
                    size_t q;
                    int found = 0;
                    for (q = 0; q < ref.n && !found; q++)
                        found = ref.m[q].pattern_id == m_dev[k].pattern_id && ref.m[q].end == m_dev[k].end;
                    bad += !found;
                }
                CHECKF(bad == 0, "iter %d: %zu of %u capped matches are not real matches", iter, bad, cap);
            }
        }
        free(m_dev);
        free(m_cpu);
        vt_matches_free(&ref);
        vyre_literal_set_free(set);
        free(hay);
    }
}

/* The BIG form's programs (vyre_big_matches / _count, kernels.inc >>kernels-big) by
   borrowed dispatch on random forced-BIG sets of every length class: totals and
   lists against the CPU backend and the naive reference, context_len, a match_cap
   below the total (a subset of real matches, the true total), and a short head
   binding (VYRE_ERR_OUT_OF_RANGE on the device, VYRE_ERR_INVALID_ARGUMENT on the CPU). */
static int big_dispatch(vyre_backend *b, const vyre_literal_set *set, const uint8_t *hay, size_t hl, uint64_t ctx, uint32_t cap,
                        uint32_t counter[2], vyre_raw_match *out, uint64_t *count, vyre_error *e) {
    vyre_host_arg args[VYRE_BIG_MATCHES_BINDINGS];
    uint64_t sc[3];
    uint32_t t;
    vyre_result r;
    memset(args, 0, sizeof args);
    args[0].data = hay; args[0].len = hl ? hl : 1;
    if (!hl) args[0].data = "";
    for (t = 0; t < VYRE_BT_COUNT; t++) {
        const void *p; size_t bytes;
        if (vyre_literal_set_big_table(set, (vyre_big_table)t, &p, &bytes) != VYRE_OK) return 0;
        args[1 + t].data = p; args[1 + t].len = bytes;
    }
    sc[0] = hl; sc[1] = ctx; sc[2] = cap;
    if (count) {
        *count = 0;
        args[VYRE_BIG_BINDING_OUT0].out = count; args[VYRE_BIG_BINDING_OUT0].len = 8;
        r = vyre_backend_dispatch(b, VYRE_PROGRAM_BIG_COUNT, args, VYRE_BIG_COUNT_BINDINGS, sc, 2, NULL, e);
    } else {
        counter[0] = counter[1] = 0;
        args[VYRE_BIG_BINDING_OUT0].out = counter; args[VYRE_BIG_BINDING_OUT0].len = 8;
        args[VYRE_BIG_BINDING_OUT1].out = out; args[VYRE_BIG_BINDING_OUT1].len = (size_t)(cap ? cap : 1) * 8u;
        r = vyre_backend_dispatch(b, VYRE_PROGRAM_BIG_MATCHES, args, VYRE_BIG_MATCHES_BINDINGS, sc, 3, NULL, e);
    }
    return CHECKF(r == VYRE_OK, "BIG dispatch on %s: %s %s", vyre_backend_id(b), vyre_result_str(r), e->message);
}
static void t_big_programs(void) {
    vt_rng r = vt_rng_make(0xB16);
    int iter, n = 16 * vt_scale();
    size_t total = 0;
    if (!need_dev()) return;
    for (iter = 0; iter < n && !vt__case_failures; iter++) {
        vyre_literal lits[120];
        uint8_t pb[120][40];
        size_t np = (size_t)vt_range(&r, 1, 120), i, hl = (size_t)vt_range(&r, 0, 30000), want = 0;
        uint8_t *hay = (uint8_t *)malloc(hl + 1);
        uint64_t ctx = iter % 3 == 0 ? vt_below(&r, hl + 1) : 0, cd_dev = 0, cd_cpu = 0;
        uint32_t c_dev[2], c_cpu[2], cap;
        vyre_raw_match *m_dev, *m_cpu;
        vyre_literal_set *set = NULL;
        vyre_compile_desc cd;
        vyre_error e;
        vt_matches ref;
        for (i = 0; i < np; i++) {
            size_t l = (size_t)vt_range(&r, 1, iter % 2 ? 12 : 40), j;
            for (j = 0; j < l; j++) pb[i][j] = (uint8_t)"abAB\0\xff"[vt_below(&r, iter % 4 == 3 ? 2 : 6)];
            lits[i].bytes = pb[i]; lits[i].len = l; lits[i].flags = vt_below(&r, 2) ? VYRE_CASELESS : 0;
        }
        random_bytes(&r, hay, hl, iter % 4 == 3 ? 0 : 6);
        memset(&cd, 0, sizeof cd);
        cd.form = VYRE_LIT_FORM_BIG;
        if (!CHECK_RC(vyre_literal_set_compile(lits, np, &cd, &set, NULL), VYRE_OK)) { free(hay); return; }
        memset(&ref, 0, sizeof ref);
        vt_naive(lits, np, 0, hay, hl, &ref);
        for (i = 0; i < ref.n; i++) want += ref.m[i].end > ctx;
        total += want;
        cap = (uint32_t)(iter % 4 == 1 && want > 2 ? want / 2 : want + 5);
        m_dev = (vyre_raw_match *)calloc(cap + 1, sizeof *m_dev);
        m_cpu = (vyre_raw_match *)calloc(cap + 1, sizeof *m_cpu);
        if (!m_dev || !m_cpu) abort();
        if (big_dispatch(g_dev, set, hay, hl, ctx, 0, NULL, NULL, &cd_dev, &e) && big_dispatch(g_cpu, set, hay, hl, ctx, 0, NULL, NULL, &cd_cpu, &e))
            CHECKF(cd_dev == want && cd_cpu == want, "iter %d: counts dev %llu cpu %llu naive %zu", iter, (unsigned long long)cd_dev,
                   (unsigned long long)cd_cpu, want);
        if (big_dispatch(g_dev, set, hay, hl, ctx, cap, c_dev, m_dev, NULL, &e) && big_dispatch(g_cpu, set, hay, hl, ctx, cap, c_cpu, m_cpu, NULL, &e)) {
            CHECKF(c_dev[0] == want && c_cpu[0] == want && c_dev[1] == 0, "iter %d: totals dev %u cpu %u naive %zu", iter, c_dev[0], c_cpu[0], want);
            if (cap >= want) {
                qsort(m_dev, want, sizeof *m_dev, raw_cmp);
                qsort(m_cpu, want, sizeof *m_cpu, raw_cmp);
                CHECKF(memcmp(m_dev, m_cpu, want * sizeof *m_dev) == 0, "iter %d: BIG match lists differ", iter);
            } else {
                size_t k, bad = 0;
                for (k = 0; k < cap; k++) {
                    size_t q; int found = 0;
                    for (q = 0; q < ref.n && !found; q++) found = ref.m[q].pattern_id == m_dev[k].pattern_id && ref.m[q].end == m_dev[k].end && ref.m[q].end > ctx;
                    bad += !found;
                }
                CHECKF(bad == 0, "iter %d: %zu of %u capped BIG matches are not real matches", iter, bad, cap);
            }
        }
        if (iter == 0) { /* a short head binding */
            vyre_host_arg args[VYRE_BIG_COUNT_BINDINGS];
            uint64_t sc[2] = {0, 0}, c = 0;
            uint32_t t;
            memset(args, 0, sizeof args);
            args[0].data = "x"; args[0].len = 1;
            for (t = 0; t < VYRE_BT_COUNT; t++) {
                const void *p; size_t bytes;
                vyre_literal_set_big_table(set, (vyre_big_table)t, &p, &bytes);
                args[1 + t].data = p; args[1 + t].len = t == VYRE_BT_HEAD ? 16 : bytes;
            }
            args[VYRE_BIG_BINDING_OUT0].out = &c; args[VYRE_BIG_BINDING_OUT0].len = 8;
            CHECK_RC(vyre_backend_dispatch(g_dev, VYRE_PROGRAM_BIG_COUNT, args, VYRE_BIG_COUNT_BINDINGS, sc, 2, NULL, &e), VYRE_ERR_OUT_OF_RANGE);
            CHECK_RC(vyre_backend_dispatch(g_cpu, VYRE_PROGRAM_BIG_COUNT, args, VYRE_BIG_COUNT_BINDINGS, sc, 2, NULL, &e), VYRE_ERR_INVALID_ARGUMENT);
            CHECK_RC(vyre_literal_set_big_table(NULL, VYRE_BT_HEAD, NULL, NULL), VYRE_ERR_INVALID_ARGUMENT);
        }
        free(m_dev); free(m_cpu);
        vt_matches_free(&ref);
        vyre_literal_set_free(set);
        free(hay);
    }
    vt_note("%d BIG sets, %zu matches compared", iter, total);
}

/* Borrowed dispatch of the count program vs the CPU backend. */
static void t_borrowed_dispatch(void) {
    static const vyre_literal lits[3] = {{"secret", 6, VYRE_CASELESS}, {"key", 3, VYRE_CASELESS}, {"=", 1, 0}};
    vyre_literal_set *set;
    vyre_host_arg args[VYRE_LIT_COUNT_BINDINGS];
    uint64_t sc[2], c_dev = 0, c_cpu = 0;
    vyre_timing tm;
    vyre_error e;
    const char *text = "API_KEY=Secret; key=SECRETkey=x secretsecret KEY";
    size_t hl = strlen(text);
    int t;
    if (!need_dev()) return;
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
    args[VYRE_LIT_BINDING_OUT0].out = &c_dev;
    args[VYRE_LIT_BINDING_OUT0].len = 8;
    sc[0] = hl;
    sc[1] = 0;
    memset(&tm, 0, sizeof tm);
    if (CHECK_RC(vyre_backend_dispatch(g_dev, VYRE_PROGRAM_LIT_COUNT, args, VYRE_LIT_COUNT_BINDINGS, sc, 2, &tm, &e),
                 VYRE_OK)) {
        args[VYRE_LIT_BINDING_OUT0].out = &c_cpu;
        CHECK_RC(vyre_backend_dispatch(g_cpu, VYRE_PROGRAM_LIT_COUNT, args, VYRE_LIT_COUNT_BINDINGS, sc, 2, NULL, &e),
                 VYRE_OK);
        CHECK_EQ_U64(c_dev, c_cpu);
        CHECK_EQ_U64(c_dev, 11); /* 4 x key, 4 x secret, 3 x '=' counted by hand */
        CHECK(tm.wall_ns > 0 && tm.device_ns != VYRE_TIME_UNKNOWN);
    } else {
        printf("  %s\n", e.message);
    }
    CHECK_RC(vyre_backend_dispatch(g_dev, "nope", args, VYRE_LIT_COUNT_BINDINGS, sc, 2, NULL, &e), VYRE_ERR_BAD_PROGRAM);
    vyre_literal_set_free(set);
}

/* ------------------------------------------------------------------ */
/* scanners: parity with the CPU backend and the naive reference       */
/* ------------------------------------------------------------------ */
static void t_scan_parity_random(void) {
    vt_rng r = vt_rng_make(0x5CA9);
    int iter, n = 25 * vt_scale();
    if (!need_dev()) return;
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
        if (CHECK_RC(scan_all(g_dev, set, hay, hl, chunk, &got, &e), VYRE_OK) &&
            CHECK_RC(scan_all(g_cpu, set, hay, hl, 0, &cpu, &e), VYRE_OK)) {
            char what[96];
            snprintf(what, sizeof what, "iter %d (%zu patterns, %zu bytes, chunk %zu) device vs naive", iter, np, hl,
                     chunk);
            CHECK_MATCHES(got.m, got.n, ref.m, ref.n, what);
            snprintf(what, sizeof what, "iter %d device vs cpu", iter);
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
    if (!need_dev()) return;
    set = compile_set(lits, 2, 0);
    if (!set) return;
    if (CHECK_RC(vyre_scanner_create(g_dev, set, NULL, &sc, &e), VYRE_OK)) {
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
    if (!need_dev()) return;
    if (!load_keywords()) return;
    corpus_load();
    if (!CHECKF(g_corpus.len > 0 && g_corpus.nfiles > 0, "no real files found for the corpus")) return;
    printf("  corpus: %u files, %zu bytes; %zu keywords\n", g_corpus.nfiles, g_corpus.len, g_nkw);
    set = compile_set(g_kw, g_nkw, VYRE_CASELESS);
    if (!set) return;
    memset(&got, 0, sizeof got);
    memset(&cpu, 0, sizeof cpu);
    if (CHECK_RC(scan_all(g_dev, set, g_corpus.data, g_corpus.len, 0, &got, &e), VYRE_OK) &&
        CHECK_RC(scan_all(g_cpu, set, g_corpus.data, g_corpus.len, 0, &cpu, &e), VYRE_OK)) {
        CHECK_MATCHES(got.m, got.n, cpu.m, cpu.n, "gitleaks corpus device vs cpu");
        CHECK(got.n > 0);
        printf("  %zu matches\n", got.n);
    }
    /* chunked (with context carry) gives the same list */
    got.n = 0;
    if (CHECK_RC(scan_all(g_dev, set, g_corpus.data, g_corpus.len, 1 << 20, &got, &e), VYRE_OK))
        CHECK_MATCHES(got.m, got.n, cpu.m, cpu.n, "gitleaks corpus, 1 MiB chunks, device vs cpu");
    /* counts and presence by region (files coalesced) */
    words = vyre_presence_words(set);
    pw = (size_t)words * g_corpus.nfiles;
    po = (uint32_t *)calloc(pw, 4);
    pc = (uint32_t *)calloc(pw, 4);
    if (po && pc && CHECK_RC(vyre_scanner_create(g_dev, set, NULL, &so, &e), VYRE_OK) &&
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
    if (!need_dev()) return;
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
        if (CHECK_RC(vyre_scanner_create(g_dev, set, NULL, &so, &e), VYRE_OK) &&
            CHECK_RC(vyre_scanner_create(g_cpu, set, NULL, &sc, &e), VYRE_OK)) {
            CHECK_RC(vyre_scan_presence(so, hay, hl, starts, nreg, po, (size_t)words * nreg, &e), VYRE_OK);
            CHECK_RC(vyre_scan_presence(sc, hay, hl, starts, nreg, pc, (size_t)words * nreg, &e), VYRE_OK);
            CHECKF(memcmp(po, pc, (size_t)words * nreg * 4) == 0, "iter %d: presence differs (%u regions)", iter, nreg);
            CHECK_RC(vyre_scan_regions_cb(so, hay, hl, starts, nreg, vt_collect_cb, &go, &e), VYRE_OK);
            CHECK_RC(vyre_scan_regions_cb(sc, hay, hl, starts, nreg, vt_collect_cb, &gc, &e), VYRE_OK);
            CHECK_MATCHES(go.m, go.n, gc.m, gc.n, "regions_cb device vs cpu");
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
    if (!need_dev()) return;
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
        if (CHECK_RC(vyre_scanner_create(g_dev, set, NULL, &so, &e), VYRE_OK) &&
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
            CHECK_MATCHES(got.m, got.n, ref.m, ref.n, "stream device vs naive");
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
    if (!need_dev()) return;
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
    if (!CHECK_RC(vyre_presence_session_create(g_dev, set, cap, 256, &ps_g, &e), VYRE_OK) ||
        !CHECK_RC(vyre_presence_session_create(g_cpu, set, cap, 256, &ps_c, &e), VYRE_OK) ||
        !CHECK_RC(vyre_match_session_create(g_dev, set, cap, 1 << 16, &ms_g, &e), VYRE_OK) ||
        !CHECK_RC(vyre_match_session_create(g_cpu, set, cap, 1 << 16, &ms_c, &e), VYRE_OK))
        goto done;
    for (round = 0; round < 4; round++) {
        /* a window of the corpus, cut into 16..200 regions */
        size_t base = g_corpus.len > cap ? (round * 7919 * 1031) % (g_corpus.len - cap) : 0;
        len = cap - round * 1000;
        if (len > g_corpus.len - base) len = g_corpus.len - base;
        nreg = 16 + round * 60;
        for (i = 0; i < nreg; i++) rs[i] = (uint32_t)(i * (len / nreg));
        CHECK_RC(vyre_backend_telemetry(g_dev, &t0, &e), VYRE_OK);
        CHECK_RC(vyre_presence_session_scan(ps_g, g_corpus.data + base, len, rs, (uint32_t)nreg, 0, po,
                                            (size_t)words * 256, &tm, &e), VYRE_OK);
        CHECK_RC(vyre_backend_telemetry(g_dev, &t1, &e), VYRE_OK);
        /* only the haystack and control values move in; the tables stay resident */
        CHECKF(t1.h2d_bytes - t0.h2d_bytes <= len + 4 * 256 + 1024, "presence scan uploaded %llu bytes for %zu",
               (unsigned long long)(t1.h2d_bytes - t0.h2d_bytes), len);
        CHECK_RC(vyre_presence_session_scan(ps_c, g_corpus.data + base, len, rs, (uint32_t)nreg, 0, pc,
                                            (size_t)words * 256, NULL, &e), VYRE_OK);
        CHECKF(memcmp(po, pc, (size_t)words * nreg * 4) == 0, "round %zu: presence session differs", round);
        CHECK_RC(vyre_match_session_scan(ms_g, g_corpus.data + base, len, mo, 1 << 16, &no, &tm, &e), VYRE_OK);
        CHECK_RC(vyre_match_session_scan(ms_c, g_corpus.data + base, len, mc, 1 << 16, &nc, NULL, &e), VYRE_OK);
        CHECK_MATCHES(mo, no, mc, nc, "match session device vs cpu");
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
    a->r = vyre_scanner_create(g_dev, a->set, NULL, &sc, &e);
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
    if (!need_dev()) return;
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
/* dense output: millions of match records from one dispatch            */
/* ------------------------------------------------------------------ */
/* Every kernel variant (small set with 1-2 byte keys, SWAR 2-byte keys, the
   cooperative candidate queue of large sets, caseless) on real bytes with
   short patterns cut from those bytes: millions of matches in ONE dispatch,
   every record compared with the CPU backend, VT_DENSE_RUNS runs of each
   API (scanner list, callback, count, presence, match session, the raw
   program) because record order races between work-groups and a race shows
   only in some runs. each variant scans the
   largest tail of the corpus with at most VT_DENSE_MAX matches and must
   reach VT_DENSE_MIN matches or the test fails (so it cannot
   silently stop being dense). */
#ifndef VT_DENSE_RUNS
#define VT_DENSE_RUNS 3
#endif
#ifndef VT_DENSE_MIN
#define VT_DENSE_MIN 1000000u
#endif
#ifndef VT_DENSE_MAX
#define VT_DENSE_MAX 3000000u
#endif
/* The last hl bytes of the corpus, as regions at its file starts. */
static const uint8_t *dense_window(size_t hl, uint64_t *st, uint32_t max, uint32_t *nreg) {
    size_t base = g_corpus.len - hl;
    uint32_t f, n = 0;
    st[n++] = 0;
    for (f = 0; f < g_corpus.nfiles && n < max; f++)
        if (g_corpus.starts[f] > base) st[n++] = g_corpus.starts[f] - base;
    *nreg = n;
    return g_corpus.data + base;
}
static void dense_variant(const char *name, const vyre_literal *lits, size_t np, uint32_t flags, size_t min) {
    vyre_literal_set *set = compile_set(lits, np, flags);
    static uint64_t starts[4096];
    uint32_t nreg = 0;
    size_t hl = g_corpus.len;
    const uint8_t *hay;
    vt_matches cpu, got;
    vyre_error e;
    vyre_scanner *sd = NULL, *scpu = NULL;
    vyre_match_session *ms = NULL;
    vyre_match *arr = NULL;
    vyre_raw_match *raw = NULL, *rawref = NULL;
    uint32_t *pd = NULL, *pc = NULL, words, ctr[2];
    size_t pw, i, n = 0;
    int run;
    char what[160];
    if (!set) return;
    memset(&cpu, 0, sizeof cpu);
    memset(&got, 0, sizeof got);
    {   /* the largest tail of the corpus with at most VT_DENSE_MAX matches (dense, yet quick);
           VYRE_DENSE_MAX overrides it (e.g. lower under compute-sanitizer) */
        const char *dm = getenv("VYRE_DENSE_MAX");
        uint64_t dense_max = dm ? strtoull(dm, NULL, 10) : VT_DENSE_MAX;
        vyre_scanner *cnt = NULL;
        uint64_t c = 0;
        if (!CHECK_RC(vyre_scanner_create(g_cpu, set, NULL, &cnt, &e), VYRE_OK)) goto done;
        for (;;) {
            if (!CHECK_RC(vyre_scan_count(cnt, g_corpus.data + (g_corpus.len - hl), hl, &c, &e), VYRE_OK)) break;
            if (c <= dense_max || hl < 65536) break;
            hl /= 2;
        }
        vyre_scanner_destroy(cnt);
    }
    hay = dense_window(hl, starts, 4096, &nreg);
    if (!CHECK_RC(scan_all(g_cpu, set, hay, hl, 0, &cpu, &e), VYRE_OK)) goto done;
    printf("  %s: %zu patterns, %zu bytes, %zu matches\n", name, np, hl, cpu.n);
    if (getenv("VYRE_DENSE_MAX")) min = 1;
    if (!CHECKF(cpu.n >= min, "%s: only %zu matches; the test needs >= %zu to be dense", name, cpu.n, min)) goto done;
    arr = (vyre_match *)malloc(cpu.n * sizeof *arr);
    raw = (vyre_raw_match *)malloc(cpu.n * sizeof *raw);
    rawref = (vyre_raw_match *)malloc(cpu.n * sizeof *rawref);
    words = vyre_presence_words(set);
    pw = (size_t)words * nreg;
    pd = (uint32_t *)calloc(pw, 4);
    pc = (uint32_t *)calloc(pw, 4);
    if (!CHECK(arr && raw && rawref && pd && pc)) goto done;
    for (i = 0; i < cpu.n; i++) { rawref[i].pattern_id = cpu.m[i].pattern_id; rawref[i].end = (uint32_t)cpu.m[i].end; }
    qsort(rawref, cpu.n, sizeof *rawref, raw_cmp);
    if (!CHECK_RC(vyre_scanner_create(g_dev, set, NULL, &sd, &e), VYRE_OK) ||
        !CHECK_RC(vyre_scanner_create(g_cpu, set, NULL, &scpu, &e), VYRE_OK) ||
        !CHECK_RC(vyre_scan_presence(scpu, hay, hl, starts, nreg, pc, pw, &e), VYRE_OK))
        goto done;
    if (!CHECK_RC(vyre_match_session_create(g_dev, set, hl, (uint32_t)cpu.n, &ms, &e), VYRE_OK)) {
        printf("  match session: %s\n", e.message);
        goto done;
    }
    for (run = 0; run < VT_DENSE_RUNS; run++) {
        uint64_t c = 0;
        /* a fresh scanner each run (its buffers start small and grow) and the long-lived one */
        got.n = 0;
        snprintf(what, sizeof what, "%s run %d: callback scan, fresh scanner", name, run);
        if (CHECK_RC(scan_all(g_dev, set, hay, hl, 0, &got, &e), VYRE_OK)) CHECK_MATCHES(got.m, got.n, cpu.m, cpu.n, what);
        else printf("  %s: %s\n", what, e.message);
        n = 0;
        snprintf(what, sizeof what, "%s run %d: list scan", name, run);
        if (CHECK_RC(vyre_scan(sd, hay, hl, arr, cpu.n, &n, &e), VYRE_OK)) CHECK_MATCHES(arr, n, cpu.m, cpu.n, what);
        else printf("  %s: %s\n", what, e.message);
        CHECK_RC(vyre_scan_count(sd, hay, hl, &c, &e), VYRE_OK);
        CHECK_EQ_U64(c, cpu.n);
        memset(pd, 0xA5, pw * 4);
        snprintf(what, sizeof what, "%s run %d: presence", name, run);
        if (CHECK_RC(vyre_scan_presence(sd, hay, hl, starts, nreg, pd, pw, &e), VYRE_OK))
            CHECKF(memcmp(pd, pc, pw * 4) == 0, "%s differs from the CPU backend", what);
        n = 0;
        snprintf(what, sizeof what, "%s run %d: match session", name, run);
        if (CHECK_RC(vyre_match_session_scan(ms, hay, hl, arr, cpu.n, &n, NULL, &e), VYRE_OK))
            CHECK_MATCHES(arr, n, cpu.m, cpu.n, what);
        else printf("  %s: %s\n", what, e.message);
        /* the program itself, no scanner logic: every record, as a sorted multiset */
        ctr[0] = ctr[1] = 0;
        memset(raw, 0, cpu.n * sizeof *raw);
        if (run_matches_program(g_dev, set, hay, hl, 0, (uint32_t)cpu.n, ctr, raw)) {
            CHECKF(ctr[0] == cpu.n && ctr[1] == 0, "%s run %d: program counter %u (overflow %u), want %zu", name, run, ctr[0],
                   ctr[1], cpu.n);
            qsort(raw, cpu.n, sizeof *raw, raw_cmp);
            for (i = 0; i < cpu.n; i++)
                if (!CHECKF(raw[i].end == rawref[i].end && raw[i].pattern_id == rawref[i].pattern_id,
                            "%s run %d: program record %zu is (pattern %u, end %u), want (pattern %u, end %u)", name, run, i,
                            raw[i].pattern_id, raw[i].end, rawref[i].pattern_id, rawref[i].end))
                    break;
        }
    }
done:
    if (ms) CHECK_RC(vyre_match_session_free(ms, &e), VYRE_OK);
    vyre_scanner_destroy(sd);
    vyre_scanner_destroy(scpu);
    vt_matches_free(&cpu);
    vt_matches_free(&got);
    free(arr);
    free(raw);
    free(rawref);
    free(pd);
    free(pc);
    vyre_literal_set_free(set);
}
/* the n most frequent byte pairs of h (for SWAR keys that are truly dense) */
static void top_pairs(const uint8_t *h, size_t hl, uint8_t (*out)[2], int n) {
    static uint32_t cnt[65536];
    size_t i;
    int k;
    memset(cnt, 0, sizeof cnt);
    for (i = 1; i < hl; i++) cnt[((uint32_t)h[i - 1] << 8) | h[i]]++;
    for (k = 0; k < n; k++) {
        uint32_t best = 0, j;
        for (j = 1; j < 65536; j++) if (cnt[j] > cnt[best]) best = j;
        out[k][0] = (uint8_t)(best >> 8);
        out[k][1] = (uint8_t)best;
        cnt[best] = 0;
    }
}
/* drop repeated patterns (cuts from runs of NUL repeat a lot), keeping the first; returns the count */
static size_t dedup_lits(vyre_literal *l, size_t n) {
    size_t i, j, k = 0;
    for (i = 0; i < n; i++) {
        for (j = 0; j < k; j++)
            if (l[j].len == l[i].len && memcmp(l[j].bytes, l[i].bytes, l[i].len) == 0) break;
        if (j == k) l[k++] = l[i];
    }
    return k;
}
static void t_dense_output(void) {
    vt_rng r = vt_rng_make(0xDE45E);
    vyre_literal *lits;
    uint8_t pairs[4][2];
    size_t i, np, hl;
    const uint8_t *h;
    if (!need_dev()) return;
    corpus_load();
    if (!CHECKF(g_corpus.len > 65536, "no real files found for the corpus")) return;
    lits = (vyre_literal *)calloc(2100, sizeof *lits);
    if (!CHECK(lits != NULL)) return;
    /* patterns are cut from the binaries at the corpus's end (runs of NUL, dense short keys) */
    hl = g_corpus.len < (2u << 20) ? g_corpus.len : (2u << 20);
    h = g_corpus.data + (g_corpus.len - hl);
    top_pairs(g_corpus.data, g_corpus.len, pairs, 4);
    /* 1. small set, 1-4 byte keys (shared-memory short mask, direct confirm) */
    np = 300;
    for (i = 0; i < np; i++) {
        size_t l = (size_t)vt_range(&r, i < 8 ? 1 : 2, 4);
        lits[i].bytes = h + vt_below(&r, hl - l);
        lits[i].len = l;
        lits[i].flags = 0;
    }
    np = dedup_lits(lits, np);
    dense_variant("small set, 1-4 bytes", lits, np, 0, VT_DENSE_MIN);
    /* 2. the same, caseless */
    dense_variant("small set, caseless", lits, np, VYRE_CASELESS, VT_DENSE_MIN);
    /* 3. large set, 3-40 bytes: the cooperative candidate queue */
    np = 2000;
    for (i = 0; i < np; i++) {
        size_t l = (size_t)vt_range(&r, 3, i % 4 == 0 ? 40 : 8);
        lits[i].bytes = h + vt_below(&r, hl - l);
        lits[i].len = l;
        lits[i].flags = 0;
    }
    np = dedup_lits(lits, np);
    CHECKF(np >= 1024, "only %zu distinct patterns: the queue needs >= 1024", np);
    /* distinct cuts of real bytes are less dense than short keys: on the GPU machine's /usr/bin this variant
       finds about 0.9 million matches in the whole 8 MiB corpus, so it must reach half the usual floor */
    dense_variant("large set, 3-40 bytes (queue)", lits, np, 0, VT_DENSE_MIN / 2);
    /* 4. large set plus the four densest 2-byte keys: the queue with SWAR short keys */
    for (i = 0; i < 4; i++) {
        lits[np + i].bytes = pairs[i];
        lits[np + i].len = 2;
        lits[np + i].flags = 0;
    }
    dense_variant("large set + 2-byte SWAR keys", lits, np + 4, 0, VT_DENSE_MIN / 2);
    /* 5. only the four 2-byte keys: the SWAR filter without the queue */
    dense_variant("2-byte SWAR keys only", lits + np, 4, 0, VT_DENSE_MIN / 2); /* 4 keys: the densest there are */
    free(lits);
}

/* ------------------------------------------------------------------ */
/* sets of >= VYRE_LIT_WIDE_KEYS_MIN patterns: the key filter (vyre.h     */
/* >>lit-layout "Key filter") and the GPU's _kf kernels                   */
/* ------------------------------------------------------------------ */
/* One set on one haystack, every API against the CPU backend (which the CPU's plain DFA walk
   checks first): callback scan (native scanner on CUDA), list scan, count, presence over
   regions, and the matches program itself with and without context_len, record for record. */
static void wide_variant(const char *name, const vyre_literal *lits, size_t np, const uint8_t *hay, size_t hl,
                         const uint64_t *starts, uint32_t nreg, size_t min) {
    vyre_literal_set *set = compile_set(lits, np, 0);
    vyre_backend *dfa = NULL;
    vyre_cpu_desc cd;
    vt_matches cpu, ref, got;
    vyre_error e;
    vyre_scanner *sd = NULL, *scpu = NULL;
    vyre_match *arr = NULL;
    vyre_raw_match *raw = NULL, *rawref = NULL;
    uint32_t *pd = NULL, *pc = NULL, ctr[2], pass;
    size_t pw, i, n = 0;
    uint64_t c = 0;
    char what[200];
    if (!set) return;
    memset(&cpu, 0, sizeof cpu); memset(&ref, 0, sizeof ref); memset(&got, 0, sizeof got);
    memset(&cd, 0, sizeof cd);
    cd.engine = VYRE_CPU_ENGINE_DFA;
    if (!CHECK_RC(vyre_cpu_backend_create(&cd, &dfa, &e), VYRE_OK)) goto done;
    if (!CHECK_RC(scan_all(g_cpu, set, hay, hl, 0, &cpu, &e), VYRE_OK) || !CHECK_RC(scan_all(dfa, set, hay, hl, 0, &ref, &e), VYRE_OK)) goto done;
    {
        vyre_literal_set_info info;
        const void *kp = NULL;
        size_t kb = 0;
        CHECK_RC(vyre_literal_set_get_info(set, &info), VYRE_OK);
        CHECK_RC(vyre_literal_set_table(set, VYRE_LT_KEY_FILTER, &kp, &kb), VYRE_OK);
        printf("  %s: %zu patterns (%u-%u bytes), %zu bytes, %zu matches, key filter %zu bytes%s\n", name, np, info.min_len,
               info.max_len, hl, cpu.n, kb, g_kf_pad ? " (padded: the _kf kernels without a filter)" : "");
        CHECKF(g_kf_pad || kb >= VYRE_LIT_KF_MIN_BYTES, "%s: no key filter (%zu bytes)", name, kb);
    }
    snprintf(what, sizeof what, "%s: CPU backend vs the CPU DFA walk", name);
    CHECK_MATCHES(cpu.m, cpu.n, ref.m, ref.n, what);
    if (!CHECKF(cpu.n >= min, "%s: only %zu matches, the case needs >= %zu", name, cpu.n, min)) goto done;
    arr = (vyre_match *)malloc((cpu.n + 1) * sizeof *arr);
    raw = (vyre_raw_match *)malloc((cpu.n + 1) * sizeof *raw);
    rawref = (vyre_raw_match *)malloc((cpu.n + 1) * sizeof *rawref);
    pw = (size_t)vyre_presence_words(set) * nreg;
    pd = (uint32_t *)calloc(pw, 4);
    pc = (uint32_t *)calloc(pw, 4);
    if (!CHECK(arr && raw && rawref && pd && pc)) goto done;
    if (!CHECK_RC(vyre_scanner_create(g_dev, set, NULL, &sd, &e), VYRE_OK) || !CHECK_RC(vyre_scanner_create(g_cpu, set, NULL, &scpu, &e), VYRE_OK) ||
        !CHECK_RC(vyre_scan_presence(scpu, hay, hl, starts, nreg, pc, pw, &e), VYRE_OK))
        goto done;
    snprintf(what, sizeof what, "%s: callback scan", name);
    if (CHECK_RC(scan_all(g_dev, set, hay, hl, 0, &got, &e), VYRE_OK)) CHECK_MATCHES(got.m, got.n, cpu.m, cpu.n, what);
    else printf("  %s: %s\n", what, e.message);
    snprintf(what, sizeof what, "%s: list scan", name);
    if (CHECK_RC(vyre_scan(sd, hay, hl, arr, cpu.n + 1, &n, &e), VYRE_OK)) CHECK_MATCHES(arr, n, cpu.m, cpu.n, what);
    else printf("  %s: %s\n", what, e.message);
    if (CHECK_RC(vyre_scan_count(sd, hay, hl, &c, &e), VYRE_OK)) CHECKF(c == cpu.n, "%s: count %llu, want %zu", name, (unsigned long long)c, cpu.n);
    memset(pd, 0xA5, pw * 4);
    if (CHECK_RC(vyre_scan_presence(sd, hay, hl, starts, nreg, pd, pw, &e), VYRE_OK))
        CHECKF(memcmp(pd, pc, pw * 4) == 0, "%s: presence over %u regions differs from the CPU backend", name, nreg);
    for (pass = 0; pass < 2; pass++) {
        /* the program itself: every record as a sorted multiset; pass 1 with context_len (matches ending after it) */
        const uint64_t ctx = pass ? hl / 3 : 0;
        size_t want = 0;
        for (i = 0; i < cpu.n; i++)
            if (cpu.m[i].end > ctx) { rawref[want].pattern_id = cpu.m[i].pattern_id; rawref[want].end = (uint32_t)cpu.m[i].end; want++; }
        qsort(rawref, want, sizeof *rawref, raw_cmp);
        ctr[0] = ctr[1] = 0;
        memset(raw, 0, (want + 1) * sizeof *raw);
        if (run_matches_program(g_dev, set, hay, hl, ctx, (uint32_t)want + 1, ctr, raw)) {
            CHECKF(ctr[0] == want && ctr[1] == 0, "%s: program counter %u (overflow %u), want %zu (context %llu)", name, ctr[0], ctr[1], want,
                   (unsigned long long)ctx);
            qsort(raw, want, sizeof *raw, raw_cmp);
            for (i = 0; i < want; i++)
                if (!CHECKF(raw[i].end == rawref[i].end && raw[i].pattern_id == rawref[i].pattern_id,
                            "%s: program record %zu is (pattern %u, end %u), want (pattern %u, end %u)", name, i, raw[i].pattern_id,
                            raw[i].end, rawref[i].pattern_id, rawref[i].end))
                    break;
        }
    }
done:
    vyre_scanner_destroy(sd);
    vyre_scanner_destroy(scpu);
    if (dfa) vyre_backend_destroy(dfa);
    vt_matches_free(&cpu); vt_matches_free(&ref); vt_matches_free(&got);
    free(arr); free(raw); free(rawref); free(pd); free(pc);
    vyre_literal_set_free(set);
}
/* a pattern of `len` bytes: cut from the corpus (real bytes) or random over a small alphabet */
static void wide_pattern(vt_rng *r, uint8_t *dst, size_t len, int real) {
    if (real) memcpy(dst, g_corpus.data + vt_below(r, g_corpus.len - len), len);
    else random_bytes(r, dst, len, 0);
}
static void t_wide_keys(void) {
    vt_rng r = vt_rng_make(0x15F4F8);
    vyre_literal *lits;
    uint8_t *store, *hay;
    static uint64_t starts[512];
    size_t hl = (size_t)1 << 21, i, np, off;
    uint32_t nreg = 0, v;
    if (!need_dev()) return;
    corpus_load();
    if (!CHECKF(g_corpus.len > (4u << 20), "no real files found for the corpus")) return;
    lits = (vyre_literal *)calloc(10000, sizeof *lits);
    store = (uint8_t *)malloc(10000 * 256);
    hay = (uint8_t *)malloc(hl);
    if (!CHECK(lits && store && hay)) goto out;
    for (v = 0; v < 4; v++) {
        /* the haystack: 2 MiB of the corpus, regions at random starts, then copies of patterns planted
           across 16-byte work-item and 4096-byte tile boundaries, at the very start and at the end */
        const uint8_t *src = g_corpus.data + vt_below(&r, g_corpus.len - hl);
        const char *name = v == 0 ? "rand10k-like: 10,000 x 8-32 bytes, half real" :
                           v == 1 ? "1,500 x 1-255 bytes, mixed case (1- and 2-byte keys: per-position path)" :
                           v == 2 ? "1,200 x 3-7 bytes, mixed case (f4 only)" : "2,000 x 4-64 bytes + 4 two-byte keys (queue, SWAR)";
        memcpy(hay, src, hl);
        np = v == 0 ? 10000 : v == 1 ? 1500 : v == 2 ? 1200 : 2000;
        for (i = 0; i < np; i++) {
            size_t len = v == 0 ? (size_t)vt_range(&r, 8, 32)
                       : v == 1 ? (i < 4 ? 1 : i < 40 ? 2 : (size_t)vt_range(&r, 3, i % 8 == 0 ? 255 : 24))
                       : v == 2 ? (size_t)vt_range(&r, 3, 7) : (size_t)vt_range(&r, 4, i % 8 == 0 ? 64 : 16);
            wide_pattern(&r, store + 256 * i, len, v == 0 ? (int)(i & 1) : vt_below(&r, 4) != 0);
            lits[i].bytes = store + 256 * i;
            lits[i].len = len;
            lits[i].flags = v == 0 ? 0 : (vt_below(&r, 2) ? VYRE_CASELESS : 0);
        }
        if (v == 3) {
            uint8_t pairs[4][2];
            top_pairs(hay, hl, pairs, 4);
            for (i = 0; i < 4; i++) { memcpy(store + 256 * (np + i), pairs[i], 2); lits[np + i].bytes = store + 256 * (np + i); lits[np + i].len = 2; lits[np + i].flags = 0; }
            np += 4;
        }
        for (i = 0; i < 400; i++) {
            const vyre_literal *l = &lits[vt_below(&r, np)];
            size_t at = i == 0 ? 0 : i == 1 ? hl - l->len : (vt_below(&r, hl / 4096 - 1) + 1) * 4096 + (size_t)vt_range(&r, 0, 16) - l->len / 2;
            if (i % 3 == 2) at = (vt_below(&r, hl / 16 - 20) + 17) * 16 - (size_t)vt_range(&r, 0, l->len);
            if (l->len > 255) continue;
            if (at > hl - l->len) at = hl - l->len;
            memcpy(hay + at, l->bytes, l->len);
            if (l->flags & VYRE_CASELESS) /* flip letter case */
                for (off = 0; off < l->len; off++) if ((hay[at + off] | 32u) - 97u < 26u && vt_below(&r, 2)) hay[at + off] ^= 32u;
        }
        starts[0] = 0; nreg = 1;
        while (nreg < 512) { starts[nreg] = starts[nreg - 1] + (uint64_t)vt_range(&r, 1, 2 * (hl / 512)); if (starts[nreg] > hl) break; nreg++; }
        wide_variant(name, lits, np, hay, hl, starts, nreg, 400);
        if (vt__case_failures) break;
    }
    if (!vt__case_failures) {
        /* a set without the key filter (gitleaks-sized, 300 patterns) whose KEY_FILTER binding is padded
           past VYRE_LIT_KF_MIN_BYTES: the device runs the _kf kernels with KF_BITS = 0 */
        np = 300;
        for (i = 0; i < np; i++) {
            size_t len = (size_t)vt_range(&r, 2, 12);
            wide_pattern(&r, store + 256 * i, len, 1);
            lits[i].bytes = store + 256 * i; lits[i].len = len; lits[i].flags = vt_below(&r, 2) ? VYRE_CASELESS : 0;
        }
        g_kf_pad = VYRE_LIT_KF_MIN_BYTES + 64;
        wide_variant("300 x 2-12 bytes, no key filter, padded binding (programs only)", lits, np, hay, hl, starts, nreg, 100);
        g_kf_pad = 0;
    }
out:
    free(lits); free(store); free(hay);
}

/* ------------------------------------------------------------------ */
/* the kernel disk cache: stored, reused, corrupt and truncated entries */
/* rebuilt, "" off (dev_create_cached)                                  */
/* ------------------------------------------------------------------ */
/* count "secret" (caseless) in a fixed text: proves a (cached) program works */
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
/* write len bytes of blob over file */
static void rewrite_file(const char *file, const uint8_t *blob, size_t len) {
    FILE *f = fopen(file, "wb");
    if (CHECK(f != NULL)) { fwrite(blob, 1, len, f); fclose(f); }
}
static void t_disk_cache(void) {
    char dir[] = "/tmp/vyre-kernel-cache-XXXXXX";
    char file[600];
    vyre_backend *b = NULL;
    vyre_kernel_info in;
    uint8_t *blob;
    size_t len = 0, i;
    if (!need_dev()) return;
    if (!CHECK(mkdtemp(dir) != NULL)) return;
    /* 1: compile and store */
    if (!dev_create_cached(dir, &b, &in)) { rmdir(dir); return; }
    CHECK(in.from_disk_cache == 0 && in.build_ns > 0);
    snprintf(file, sizeof file, "%s", in.cache_path);
    CHECKF(strncmp(file, dir, strlen(dir)) == 0, "cache entry %s is outside %s", file, dir);
    CHECK_EQ_U64(count_secret(b), 3);
    printf("  compile %.1f ms\n", in.build_ns / 1e6);
    vyre_backend_destroy(b);
    blob = vt_read_file(file, &len);
    if (!CHECKF(blob != NULL && len > 64, "cache entry %s missing", file)) { rmdir(dir); return; }
    /* 2: loaded from the cache */
    if (dev_create_cached(dir, &b, &in)) {
        CHECK(in.from_disk_cache == 1);
        CHECK_EQ_U64(count_secret(b), 3);
        printf("  cache load %.1f ms (entry %zu bytes)\n", in.build_ns / 1e6, len);
        vyre_backend_destroy(b);
    }
    /* 3: a corrupted entry (payload bytes flipped) is rejected and rebuilt */
    for (i = 40; i < len; i += 97) blob[i] ^= 0x5A;
    rewrite_file(file, blob, len);
    if (dev_create_cached(dir, &b, &in)) {
        CHECK(in.from_disk_cache == 0 && in.cache_rejected != 0);
        CHECK_EQ_U64(count_secret(b), 3);
        vyre_backend_destroy(b);
    }
    /* 4: a truncated entry too; the rebuilt entry is valid again */
    rewrite_file(file, blob, 20);
    if (dev_create_cached(dir, &b, &in)) {
        CHECK(in.from_disk_cache == 0 && in.cache_rejected != 0);
        vyre_backend_destroy(b);
    }
    if (dev_create_cached(dir, &b, &in)) {
        CHECK(in.from_disk_cache == 1);
        CHECK_EQ_U64(count_secret(b), 3);
        vyre_backend_destroy(b);
    }
    /* 5: "" disables the cache */
    if (dev_create_cached("", &b, &in)) {
        CHECK(in.cache_path[0] == 0 && in.from_disk_cache == 0);
        vyre_backend_destroy(b);
    }
    free(blob);
    remove(file);
    rmdir(dir);
}

/* ------------------------------------------------------------------ */
/* lifecycle and allocation failures of a fresh backend (dev_create)    */
/* ------------------------------------------------------------------ */
static void t_lifecycle(void) {
    vyre_backend *b = NULL;
    vyre_buffer x = 0;
    vyre_error e;
    uint8_t v[4] = {1, 2, 3, 4};
    vyre_telemetry t;
    if (!need_dev()) return;
    if (!CHECK_RC(dev_create(NULL, &b, &e), VYRE_OK)) return;
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
    if (CHECK_RC(dev_create(NULL, &b, &e), VYRE_OK)) {
        CHECK_RC(vyre_buffer_alloc(b, 1 << 20, &x, &e), VYRE_OK);
        vyre_backend_destroy(b);
    }
}

/* Allocation failure injection on create: every failure is a clean error. */
static void t_alloc_failures(void) {
    vyre_backend *b = NULL;
    vyre_error e;
    vt_alloc_stats st;
    vyre_allocator a;
    long k;
    vyre_result r;
    if (!need_dev()) return;
    memset(&st, 0, sizeof st);
    a = vt_allocator(&st);
    for (k = 1; k < 20; k++) {
        vyre_buffer x = 0;
        vt_alloc_arm(&st, k);
        r = dev_create(&a, &b, &e);
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
/* one table of cases, run on every backend (aho-corasick's SearchTest) */
/* ------------------------------------------------------------------ */
/* Rows: patterns ('|'-separated, the flags apply to each), compile flags,
   haystack, expected matches as "id:start-end" in sorted order. Each row
   runs through vyre_scan, vyre_scan_cb with 1-byte-minimum chunks, a stream
   fed 1 byte at a time and vyre_scan_count, on the backend under test. */
typedef struct conf_case { const char *patterns; uint32_t flags; const char *hay; const char *expect; } conf_case;
static const conf_case conf_cases[] = {
    {"abc", 0, "xabcabcx", "0:1-4 0:4-7"},
    {"aa", 0, "aaaa", "0:0-2 0:1-3 0:2-4"},                               /* overlapping */
    {"a|aa|aaa", 0, "aaa", "0:0-1 1:0-2 2:0-3 0:1-2 1:1-3 0:2-3"},       /* nested, sorted by start, end, id */
    {"Secret", VYRE_CASELESS, "SECRET secret sEcReT", "0:0-6 0:7-13 0:14-20"},
    {"Secret", 0, "SECRET Secret", "0:7-13"},                              /* case-sensitive */
    {"ab|ab", 0, "ab", "0:0-2 1:0-2"},                                     /* duplicates report under each id */
    {"needle", 0, "haystack without it", ""},
    {"x", 0, "", ""},                                                      /* empty haystack */
    {"he|she|his|hers", 0, "ushers", "1:1-4 0:2-4 3:2-6"},                /* the Aho-Corasick paper's example */
    {"=|key", VYRE_CASELESS, "KEY=k", "1:0-3 0:3-4"},                     /* 1-byte pattern */
};
static size_t conf_split(const char *pats, vyre_literal *out, size_t cap, uint32_t flags) {
    size_t n = 0;
    const char *p = pats;
    while (n < cap) {
        const char *e = strchr(p, '|');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        out[n].bytes = p; out[n].len = len; out[n].flags = flags;
        n++;
        if (!e) break;
        p = e + 1;
    }
    return n;
}
static void conf_format(const vt_matches *m, char *buf, size_t cap) {
    size_t i, at = 0;
    buf[0] = 0;
    for (i = 0; i < m->n && at + 40 < cap; i++)
        at += (size_t)snprintf(buf + at, cap - at, "%s%u:%llu-%llu", i ? " " : "", m->m[i].pattern_id,
                               (unsigned long long)m->m[i].start, (unsigned long long)m->m[i].end);
}
static void t_case_table(void) {
    size_t c;
    if (!need_dev()) return;
    for (c = 0; c < sizeof conf_cases / sizeof conf_cases[0]; c++) {
        const conf_case *k = &conf_cases[c];
        vyre_literal lits[8];
        size_t n = conf_split(k->patterns, lits, 8, k->flags), hl = strlen(k->hay), i, cnt = 0, nexp = 0;
        vyre_literal_set *set = compile_set(lits, n, 0);
        vyre_scanner *sc = NULL;
        vyre_stream *st = NULL;
        vt_matches got;
        vyre_match out[16];
        uint64_t count = 0;
        char buf[512];
        vyre_error e;
        if (!set) continue;
        for (i = 0; k->expect[i]; i++) nexp += k->expect[i] == ':';
        memset(&got, 0, sizeof got);
        if (CHECK_RC(vyre_scanner_create(g_dev, set, NULL, &sc, &e), VYRE_OK)) {
            /* vyre_scan */
            if (CHECK_RC(vyre_scan(sc, k->hay, hl, out, 16, &cnt, &e), VYRE_OK)) {
                for (i = 0; i < cnt; i++) vt_matches_push(&got, out[i].start, out[i].end, out[i].pattern_id, 0);
                conf_format(&got, buf, sizeof buf);
                CHECKF(strcmp(buf, k->expect) == 0, "case %u vyre_scan: got \"%s\", want \"%s\"", (unsigned)c, buf, k->expect);
            }
            /* callbacks */
            got.n = 0;
            if (CHECK_RC(vyre_scan_cb(sc, k->hay, hl, vt_collect_cb, &got, &e), VYRE_OK)) {
                conf_format(&got, buf, sizeof buf);
                CHECKF(strcmp(buf, k->expect) == 0, "case %u vyre_scan_cb: got \"%s\", want \"%s\"", (unsigned)c, buf, k->expect);
            }
            /* a stream fed one byte at a time (every match crosses a write) */
            got.n = 0;
            if (CHECK_RC(vyre_stream_open(sc, &st, &e), VYRE_OK)) {
                for (i = 0; i < hl; i++) CHECK_RC(vyre_stream_write(st, k->hay + i, 1, vt_collect_cb, &got, &e), VYRE_OK);
                CHECK_RC(vyre_stream_close(st, vt_collect_cb, &got, &e), VYRE_OK);
                conf_format(&got, buf, sizeof buf);
                CHECKF(strcmp(buf, k->expect) == 0, "case %u stream: got \"%s\", want \"%s\"", (unsigned)c, buf, k->expect);
            }
            /* counts */
            if (CHECK_RC(vyre_scan_count(sc, k->hay, hl, &count, &e), VYRE_OK))
                CHECKF(count == nexp, "case %u count: %llu, want %llu", (unsigned)c, (unsigned long long)count, (unsigned long long)nexp);
            vyre_scanner_destroy(sc);
        }
        vt_matches_free(&got);
        vyre_literal_set_free(set);
    }
}

/* Host staging (vtable host_alloc, vyre.h >>backend): the backend's staging memory holds what
   was written, scans from it equal scans from plain memory (every record; pinned input takes the
   direct DMA path on CUDA), several buffers live at once, 0 bytes gives a valid pointer, frees in
   any order, and a buffer left allocated at destroy is released by it (OpenCL: every one; CUDA:
   the first 64 live ones it tracks for the direct DMA path). */
static void t_host_staging(void) {
    static const vyre_literal lits[] = {{"abA", 3, 0}, {"B\0", 2, 0}, {"xyzX", 4, VYRE_CASELESS}, {"\xff", 1, 0}};
    vyre_literal_set *set;
    vt_rng rng = vt_rng_make(vt_seed_base() + 4242u);
    void *p[4] = {NULL, NULL, NULL, NULL};
    size_t sizes[4] = {(size_t)3 << 20, 4096 + 17, 0, 65536}, i;
    vyre_error e;
    if (!need_dev()) return;
    set = compile_set(lits, 4, 0);
    if (!set) return;
    for (i = 0; i < 4; i++) {
        if (!CHECK_RC(vyre_host_alloc(g_dev, sizes[i], &p[i], &e), VYRE_OK)) { printf("  %s\n", e.message); continue; }
        CHECK(p[i] != NULL);
    }
    for (i = 0; i < 4; i++) {
        vt_matches a, b;
        uint8_t *copy;
        size_t n = sizes[i];
        if (!p[i] || n == 0) continue;
        memset(&a, 0, sizeof a);
        memset(&b, 0, sizeof b);
        random_bytes(&rng, (uint8_t *)p[i], n, 13);
        copy = (uint8_t *)malloc(n);
        memcpy(copy, p[i], n);
        if (CHECK_RC(scan_all(g_dev, set, (const uint8_t *)p[i], n, 0, &a, &e), VYRE_OK) &&
            CHECK_RC(scan_all(g_cpu, set, copy, n, 0, &b, &e), VYRE_OK)) {
            CHECK(a.n > 0);
            CHECK_MATCHES(a.m, a.n, b.m, b.n, "scan from host staging vs CPU");
        }
        CHECK(memcmp(copy, p[i], n) == 0); /* the scan left the staging bytes alone */
        free(copy);
        vt_matches_free(&a);
        vt_matches_free(&b);
    }
    vyre_host_free(g_dev, p[1]);
    vyre_host_free(g_dev, p[0]);
    vyre_host_free(g_dev, p[2]);
    vyre_host_free(g_dev, NULL); /* allowed */
    {
        /* a fresh backend destroyed with staging still allocated releases it */
        vyre_backend *b = NULL;
        void *q = NULL;
        if (CHECK_RC(dev_create(NULL, &b, &e), VYRE_OK)) {
            CHECK_RC(vyre_host_alloc(b, 1 << 20, &q, &e), VYRE_OK);
            if (q) memset(q, 0x5a, 1 << 20);
            vyre_backend_destroy(b);
        }
    }
    vyre_host_free(g_dev, p[3]);
    vyre_literal_set_free(set);
}

/* Sequences are validated before any op runs (issue 16 item 7, seed 004): a
   BAD_HANDLE (or out-of-range op) late in a sequence leaves the uploads before
   it unapplied and the download destinations before it untouched. Runs on the
   CPU reference and on the backend under test. */
static void seq_validate_first_on(vyre_backend *b) {
    vyre_buffer buf = 0, gone = 0;
    vyre_error e;
    vyre_op ops[3];
    uint8_t src[16], dst[16], back[16];
    size_t i;
    const char *id = vyre_backend_id(b);
    if (!CHECK_RC(vyre_buffer_alloc(b, 16, &buf, &e), VYRE_OK)) return;
    CHECK_RC(vyre_buffer_fill(b, buf, 0, 16, 0x11, &e), VYRE_OK);
    if (CHECK_RC(vyre_buffer_alloc(b, 16, &gone, &e), VYRE_OK)) CHECK_RC(vyre_buffer_free(b, gone, &e), VYRE_OK);
    memset(src, 0xAB, sizeof src);
    memset(dst, 0x5A, sizeof dst);
    memset(ops, 0, sizeof ops);
    ops[0].kind = VYRE_OP_UPLOAD; ops[0].buffer = buf; ops[0].src = src; ops[0].len = 16;
    ops[1].kind = VYRE_OP_DOWNLOAD; ops[1].buffer = buf; ops[1].dst = dst; ops[1].len = 16;
    ops[2].kind = VYRE_OP_DOWNLOAD; ops[2].buffer = gone; ops[2].dst = back; ops[2].len = 16;   /* freed handle */
    CHECKF(vyre_sequence(b, ops, 3, NULL, &e) == VYRE_ERR_BAD_HANDLE, "%s: sequence with a freed handle last: %s", id, e.message);
    /* the destination is untouched or cleared (the no-partial-output rule), never the buffer's bytes */
    for (i = 0; i < 16; i++) if (!CHECKF(dst[i] == 0x5A || dst[i] == 0, "%s: a download before the bad op was filled (byte %zu = 0x%02x)", id, i, dst[i])) break;
    CHECK_RC(vyre_buffer_download(b, buf, 0, back, 16, &e), VYRE_OK);
    for (i = 0; i < 16; i++) if (!CHECKF(back[i] == 0x11, "%s: an upload before the bad op was applied (byte %zu = 0x%02x)", id, i, back[i])) break;
    ops[2].buffer = buf; ops[2].offset = 8; ops[2].len = 16;                                   /* out of range */
    CHECKF(vyre_sequence(b, ops, 3, NULL, &e) == VYRE_ERR_OUT_OF_RANGE, "%s: sequence with an out-of-range op last: %s", id, e.message);
    CHECK_RC(vyre_buffer_download(b, buf, 0, back, 16, &e), VYRE_OK);
    CHECKF(back[0] == 0x11 && (dst[0] == 0x5A || dst[0] == 0), "%s: an out-of-range op late in a sequence left earlier ops applied", id);
    CHECK_RC(vyre_buffer_free(b, buf, &e), VYRE_OK);
}
static void t_seq_validate_first(void) {
    seq_validate_first_on(g_cpu);
    if (need_dev()) seq_validate_first_on(g_dev);
}

/* ------------------------------------------------------------------ */
/* repeated sequences (vyre_sequence_repeat, seed 004)                  */
/* ------------------------------------------------------------------ */
/* Seed 004's default_resident_sequence_timing_sums_step_device_times_and_reads_ranges,
   for the repeated form: a mock backend whose dispatch_resident reports timings
   10+k (wall), 7+k (device), 3+k (enqueue), 4+k (wait) for its k-th dispatch and
   records each dispatch's grid; its download_many writes (buffer, offset, len).
   No sequence_repeat entry, so vyre_sequence_repeat runs the default. */
typedef struct rep_mock {
    uint32_t k, grids[64];
    uint64_t device_at[64];   /* device_ns of dispatch k when non-zero (UNKNOWN, huge values) */
    int natives;              /* calls of the native entry */
} rep_mock;
static const char *rep_mock_id(void *self) { (void)self; return "repeat-mock"; }
static vyre_result rep_mock_profile(void *self, vyre_device_profile *out, vyre_error *err) { (void)self; (void)err; memset(out, 0, sizeof *out); return VYRE_OK; }
static void rep_mock_destroy(void *self) { (void)self; }
static vyre_result rep_mock_dispatch(void *self, const vyre_dispatch *d, vyre_timing *t, vyre_error *err) {
    rep_mock *m = (rep_mock *)self;
    uint32_t k = m->k++;
    (void)err;
    if (k < 64) m->grids[k] = d->grid[0];
    t->wall_ns = 10u + k;
    t->device_ns = k < 64 && m->device_at[k] ? m->device_at[k] : 7u + k;
    t->enqueue_ns = 3u + k;
    t->wait_ns = 4u + k;
    return VYRE_OK;
}
static vyre_result rep_mock_download_many(void *self, const vyre_op *ops, size_t n, vyre_error *err) {
    size_t i;
    (void)self; (void)err;
    for (i = 0; i < n; i++) {
        uint64_t v[3];
        v[0] = ops[i].buffer; v[1] = ops[i].offset; v[2] = ops[i].len;
        memcpy(ops[i].dst, v, 24);
    }
    return VYRE_OK;
}
static vyre_result rep_mock_native(void *self, const vyre_repeat *rep, vyre_timing *t, vyre_error *err) {
    (void)rep; (void)t; (void)err;
    ((rep_mock *)self)->natives++;
    return VYRE_OK;
}
static void t_repeat_default_mock(void) {
    static vyre_backend_vtable vt;
    rep_mock m;
    vyre_backend *b = NULL;
    vyre_dispatch pre[1], st[2];
    vyre_buffer res[2] = {11, 22};
    vyre_op rd;
    vyre_repeat rep;
    vyre_timing tm;
    vyre_error e;
    uint64_t out[3];
    uint32_t k, want_grid[7] = {1, 2, 3, 2, 3, 2, 3};
    memset(&vt, 0, sizeof vt);
    vt.id = rep_mock_id; vt.version = rep_mock_id; vt.profile = rep_mock_profile; vt.destroy = rep_mock_destroy;
    vt.dispatch_resident = rep_mock_dispatch; vt.download_many = rep_mock_download_many;
    memset(&m, 0, sizeof m);
    if (!CHECK_RC(vyre_backend_wrap(&vt, &m, NULL, &b, &e), VYRE_OK)) return;
    vyre_kit_dispatch(&pre[0], "p", res, 1, NULL, 0); pre[0].grid[0] = 1;
    vyre_kit_dispatch(&st[0], "s0", res, 1, NULL, 0); st[0].grid[0] = 2;
    vyre_kit_dispatch(&st[1], "s1", res + 1, 1, NULL, 0); st[1].grid[0] = 3;
    memset(&rd, 0, sizeof rd);
    rd.kind = VYRE_OP_DOWNLOAD; rd.buffer = 33; rd.offset = 4; rd.len = 24; rd.dst = out;
    memset(&rep, 0, sizeof rep);
    rep.prefix = pre; rep.prefix_count = 1; rep.steps = st; rep.step_count = 2; rep.repeat_count = 3;
    rep.reads = &rd; rep.read_count = 1;
    CHECK_RC(vyre_sequence_repeat(b, &rep, &tm, &e), VYRE_OK);
    CHECK_EQ_U64(m.k, 7);                                    /* 1 + 2 x 3 single dispatches */
    for (k = 0; k < 7; k++) CHECKF(m.grids[k] == want_grid[k], "dispatch %u had grid %u, want %u (each step keeps its grid)", k, m.grids[k], want_grid[k]);
    CHECK_EQ_U64(tm.device_ns, 70);                          /* sum of 7+k, k = 0..6 */
    CHECK_EQ_U64(tm.enqueue_ns, 42);
    CHECK_EQ_U64(tm.wait_ns, 49);
    CHECK(tm.wall_ns > 0);
    CHECK(out[0] == 33 && out[1] == 4 && out[2] == 24);      /* the read went through download_many */
    /* one dispatch without a device timer: the device sum is unknown, the others still sum */
    memset(&m, 0, sizeof m);
    m.device_at[4] = VYRE_TIME_UNKNOWN;
    CHECK_RC(vyre_sequence_repeat(b, &rep, &tm, &e), VYRE_OK);
    CHECK_EQ_U64(tm.device_ns, VYRE_TIME_UNKNOWN);
    CHECK_EQ_U64(tm.enqueue_ns, 42);
    /* a sum past 64 bits is an error, never clamped; the read destination is cleared */
    memset(&m, 0, sizeof m);
    m.device_at[1] = UINT64_MAX / 2; m.device_at[2] = UINT64_MAX / 2 + 10;
    out[0] = 0x5A5A;
    CHECK_RC(vyre_sequence_repeat(b, &rep, &tm, &e), VYRE_ERR_OVERFLOW);
    CHECK_STR_CONTAINS(e.fix, "Fix:");
    CHECK_STR_CONTAINS(e.message, "device time");
    CHECK(out[0] == 0 && out[1] == 0 && out[2] == 0);
    CHECK_EQ_U64(m.k, 3);                                    /* stopped at the dispatch whose timing overflowed */
    /* repeat_count 0: the prefix and the reads only; no dispatch at all: times are 0 */
    memset(&m, 0, sizeof m);
    rep.repeat_count = 0;
    CHECK_RC(vyre_sequence_repeat(b, &rep, &tm, &e), VYRE_OK);
    CHECK_EQ_U64(m.k, 1);
    rep.prefix_count = 0;
    CHECK_RC(vyre_sequence_repeat(b, &rep, &tm, &e), VYRE_OK);
    CHECK(m.k == 1 && tm.device_ns == 0 && tm.enqueue_ns == 0 && tm.wait_ns == 0);
    /* structural errors before anything runs */
    rep.prefix_count = 1; rep.repeat_count = 3;
    memset(&m, 0, sizeof m);
    rd.kind = VYRE_OP_UPLOAD;
    CHECK_RC(vyre_sequence_repeat(b, &rep, &tm, &e), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_STR_CONTAINS(e.message, "reads[0]");
    rd.kind = VYRE_OP_DOWNLOAD;
    st[1].program = NULL;
    CHECK_RC(vyre_sequence_repeat(b, &rep, &tm, &e), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_STR_CONTAINS(e.message, "steps[1]");
    st[1].program = "s1";
    rep.steps = NULL;
    CHECK_RC(vyre_sequence_repeat(b, &rep, &tm, &e), VYRE_ERR_INVALID_ARGUMENT);
    rep.steps = st;
    CHECK_RC(vyre_sequence_repeat(b, NULL, &tm, &e), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_EQ_U64(m.k, 0);
    /* a native entry is used by vyre_sequence_repeat, not by vyre_sequence_repeat_default */
    vt.sequence_repeat = rep_mock_native;
    CHECK_RC(vyre_sequence_repeat(b, &rep, &tm, &e), VYRE_OK);
    CHECK(m.natives == 1 && m.k == 0);
    CHECK_RC(vyre_sequence_repeat_default(b, &rep, &tm, &e), VYRE_OK);
    CHECK(m.natives == 1 && m.k == 7);
    /* no resident dispatch and no native entry: unsupported, naming the backend */
    vt.sequence_repeat = NULL; vt.dispatch_resident = NULL;
    CHECK_RC(vyre_sequence_repeat(b, &rep, &tm, &e), VYRE_ERR_UNSUPPORTED);
    CHECK_STR_CONTAINS(e.message, "repeat-mock");
    vyre_backend_destroy(b);
}

/* The counters of a repeated sequence of count programs on a real backend:
   prefix = [count -> c1], steps = [count -> c2, count -> c1], repeat R, reads c1,
   c2 and a range of the haystack. Native (vyre_sequence_repeat) and the
   default (vyre_sequence_repeat_default) give the same bytes: c1 = n (1 + R),
   c2 = n R for the n matches of the haystack; the native path synchronises
   once (VYRE_CAP_REPEAT); errors run nothing natively and clear the reads. */
static void repeat_on(vyre_backend *b) {
    static const char *pats[] = {"ab", "b", "abc", "ca"};
    const char *id = vyre_backend_id(b);
    vyre_literal lits[4];
    vyre_literal_set *set = NULL;
    vyre_buffer tb[VYRE_LT_COUNT], hb = 0, c1 = 0, c2 = 0, gone = 0, bind1[VYRE_LIT_COUNT_BINDINGS], bind2[VYRE_LIT_COUNT_BINDINGS];
    vyre_dispatch pre[1], st[2];
    vyre_device_profile prof;
    vyre_telemetry t0, t1;
    vyre_op rd[3];
    vyre_repeat rep;
    vyre_timing tm;
    vyre_error e;
    uint64_t sc[2], v1 = 0, v2 = 0, w1 = 0, w2 = 0, n = 0;
    uint8_t hay[256], part[8], part2[8];
    uint32_t R;
    size_t i, j;
    int t;
    for (i = 0; i < sizeof hay; i++) hay[i] = (uint8_t)"abcab"[(i * 7 + i / 5) % 5];
    for (i = 0; i < 4; i++) {
        lits[i].bytes = pats[i]; lits[i].len = strlen(pats[i]); lits[i].flags = 0;
        for (j = 0; j + lits[i].len <= sizeof hay; j++) n += memcmp(hay + j, pats[i], lits[i].len) == 0;
    }
    memset(tb, 0, sizeof tb);
    if (!CHECK_RC(vyre_literal_set_compile(lits, 4, NULL, &set, &e), VYRE_OK)) return;
    if (!CHECK_RC(vyre_backend_profile(b, &prof, &e), VYRE_OK) || !upload_tables(b, set, tb)) goto done;
    if (!CHECK_RC(vyre_buffer_alloc(b, sizeof hay, &hb, &e), VYRE_OK) || !CHECK_RC(vyre_buffer_alloc(b, 8, &c1, &e), VYRE_OK) ||
        !CHECK_RC(vyre_buffer_alloc(b, 8, &c2, &e), VYRE_OK) || !CHECK_RC(vyre_buffer_alloc(b, 8, &gone, &e), VYRE_OK)) goto done;
    CHECK_RC(vyre_buffer_upload(b, hb, 0, hay, sizeof hay, &e), VYRE_OK);
    bind1[0] = bind2[0] = hb;
    for (t = 0; t < (int)VYRE_LT_COUNT; t++) bind1[1 + t] = bind2[1 + t] = tb[t];
    bind1[VYRE_LIT_BINDING_OUT0] = c1; bind2[VYRE_LIT_BINDING_OUT0] = c2;
    sc[0] = sizeof hay; sc[1] = 0;
    vyre_kit_dispatch(&pre[0], VYRE_PROGRAM_LIT_COUNT, bind1, VYRE_LIT_COUNT_BINDINGS, sc, 2);
    vyre_kit_dispatch(&st[0], VYRE_PROGRAM_LIT_COUNT, bind2, VYRE_LIT_COUNT_BINDINGS, sc, 2);
    vyre_kit_dispatch(&st[1], VYRE_PROGRAM_LIT_COUNT, bind1, VYRE_LIT_COUNT_BINDINGS, sc, 2);
    memset(rd, 0, sizeof rd);
    rd[0].kind = VYRE_OP_DOWNLOAD; rd[0].buffer = c1; rd[0].len = 8; rd[0].dst = &v1;
    rd[1].kind = VYRE_OP_DOWNLOAD; rd[1].buffer = c2; rd[1].len = 8; rd[1].dst = &v2;
    rd[2].kind = VYRE_OP_DOWNLOAD; rd[2].buffer = hb; rd[2].offset = 100; rd[2].len = 8; rd[2].dst = part;
    memset(&rep, 0, sizeof rep);
    rep.prefix = pre; rep.prefix_count = 1; rep.steps = st; rep.step_count = 2; rep.reads = rd; rep.read_count = 3;
    for (R = 0; R <= 9; R += 3) {
        rep.repeat_count = R;
        CHECK_RC(vyre_buffer_fill(b, c1, 0, 8, 0, &e), VYRE_OK);
        CHECK_RC(vyre_buffer_fill(b, c2, 0, 8, 0, &e), VYRE_OK);
        CHECK_RC(vyre_backend_telemetry(b, &t0, &e), VYRE_OK);
        memset(&tm, 0, sizeof tm);
        if (!CHECKF(vyre_sequence_repeat(b, &rep, &tm, &e) == VYRE_OK, "%s: repeated sequence R=%u: %s", id, R, e.message)) continue;
        CHECK_RC(vyre_backend_telemetry(b, &t1, &e), VYRE_OK);
        CHECKF(v1 == n * (1u + R) && v2 == n * R, "%s: R=%u: counters %llu, %llu, want %llu, %llu", id, R, (unsigned long long)v1,
               (unsigned long long)v2, (unsigned long long)(n * (1u + R)), (unsigned long long)(n * R));
        CHECK(memcmp(part, hay + 100, 8) == 0);
        CHECKF(t1.launches - t0.launches == 1u + 2u * R, "%s: R=%u: %llu launches, want %u", id, R, (unsigned long long)(t1.launches - t0.launches), 1u + 2u * R);
        if (prof.caps & VYRE_CAP_REPEAT) CHECKF(t1.syncs - t0.syncs == 1, "%s: native repeated sequence took %llu synchronisations", id, (unsigned long long)(t1.syncs - t0.syncs));
        CHECK(tm.wall_ns > 0);
        if (prof.caps & VYRE_CAP_DEVICE_TIMER) CHECK(tm.device_ns != VYRE_TIME_UNKNOWN);
        /* the default on the same backend: the same bytes */
        CHECK_RC(vyre_buffer_fill(b, c1, 0, 8, 0, &e), VYRE_OK);
        CHECK_RC(vyre_buffer_fill(b, c2, 0, 8, 0, &e), VYRE_OK);
        w1 = v1; w2 = v2; memcpy(part2, part, 8);
        v1 = v2 = 0; memset(part, 0, 8);
        CHECK_RC(vyre_backend_telemetry(b, &t0, &e), VYRE_OK);
        if (!CHECKF(vyre_sequence_repeat_default(b, &rep, &tm, &e) == VYRE_OK, "%s: default R=%u: %s", id, R, e.message)) continue;
        CHECK_RC(vyre_backend_telemetry(b, &t1, &e), VYRE_OK);
        CHECKF(v1 == w1 && v2 == w2 && memcmp(part, part2, 8) == 0, "%s: R=%u: the default gave %llu, %llu, native %llu, %llu", id, R,
               (unsigned long long)v1, (unsigned long long)v2, (unsigned long long)w1, (unsigned long long)w2);
        CHECK_EQ_U64(t1.launches - t0.launches, 1u + 2u * R);
        if (prof.caps & VYRE_CAP_DEVICE_TIMER) CHECK(tm.device_ns != VYRE_TIME_UNKNOWN);
    }
    /* a freed handle in the last step: BAD_HANDLE; natively nothing ran; the reads are cleared */
    CHECK_RC(vyre_buffer_free(b, gone, &e), VYRE_OK);
    CHECK_RC(vyre_buffer_fill(b, c1, 0, 8, 0x11, &e), VYRE_OK);
    bind2[VYRE_LIT_BINDING_OUT0] = gone;
    rep.repeat_count = 4;
    v1 = v2 = 0x5A5A5A5A5A5A5A5Aull;
    CHECKF(vyre_sequence_repeat(b, &rep, &tm, &e) == VYRE_ERR_BAD_HANDLE, "%s: freed handle in a step: %s", id, e.message);
    CHECK_STR_CONTAINS(e.fix, "Fix:");
    CHECK(v1 == 0 && v2 == 0);
    CHECK_RC(vyre_buffer_download(b, c1, 0, &w1, 8, &e), VYRE_OK);
    if (prof.caps & VYRE_CAP_REPEAT) CHECKF(w1 == 0x1111111111111111ull, "%s: a failed native repeated sequence ran its prefix (c1 = %llx)", id, (unsigned long long)w1);
    v1 = 0x5A;
    CHECKF(vyre_sequence_repeat_default(b, &rep, &tm, &e) == VYRE_ERR_BAD_HANDLE, "%s: default, freed handle: %s", id, e.message);
    CHECK(v1 == 0);
    bind2[VYRE_LIT_BINDING_OUT0] = c2;
    /* an unknown program and an out-of-range read */
    st[1].program = "no_such_program";
    CHECKF(vyre_sequence_repeat(b, &rep, &tm, &e) == VYRE_ERR_BAD_PROGRAM, "%s: unknown program: %s", id, e.message);
    st[1].program = VYRE_PROGRAM_LIT_COUNT;
    rd[2].offset = sizeof hay - 4;
    memset(part, 0x5A, 8);
    CHECKF(vyre_sequence_repeat(b, &rep, &tm, &e) == VYRE_ERR_OUT_OF_RANGE, "%s: read out of range: %s", id, e.message);
    for (i = 0; i < 8; i++) CHECK(part[i] == 0);
done:
    free_buffers(b, tb, VYRE_LT_COUNT);
    free_buffers(b, &hb, 1);
    free_buffers(b, &c1, 1);
    free_buffers(b, &c2, 1);
    vyre_literal_set_free(set);
}
static void t_repeat_sequences(void) {
    repeat_on(g_cpu);
    if (need_dev()) repeat_on(g_dev);
}

/* The whole suite, in order: every backend test runs this list (and then its
   device-specific tests), so a case added here runs on every backend. */
static void conformance_run_all(void) {
    VT_RUN(t_case_table);
    VT_RUN(t_buffers);
    VT_RUN(t_bad_handles);
    VT_RUN(t_many_and_sequence);
    VT_RUN(t_seq_validate_first);
    VT_RUN(t_repeat_default_mock);
    VT_RUN(t_repeat_sequences);
    VT_RUN(t_program_errors);
    VT_RUN(t_program_matches_parity);
    VT_RUN(t_borrowed_dispatch);
    VT_RUN(t_big_programs);
    VT_RUN(t_scan_api);
    VT_RUN(t_scan_parity_random);
    VT_RUN(t_gitleaks_real_files);
    VT_RUN(t_presence_random);
    VT_RUN(t_streams);
    VT_RUN(t_sessions);
    VT_RUN(t_dense_output);
    VT_RUN(t_wide_keys);
    VT_RUN(t_threads);
    VT_RUN(t_lifecycle);
    VT_RUN(t_alloc_failures);
    VT_RUN(t_host_staging);
    VT_RUN(t_disk_cache);
}

/* Frees the suite's globals (the backends and the corpora). */
static void conformance_free(void) {
    (void)g_self; /* used by the device tests' child runs only */
    (void)child_unavailable_verdict;
    (void)conf_child_unavailable;
    (void)conf_child_status;
    (void)conf_bad_desc_common;
    vyre_backend_destroy(g_dev);
    vyre_backend_destroy(g_cpu);
    free(g_corpus.data);
    free(g_corpus.starts);
    free(g_kw);
    free(g_kwbuf);
}

#endif /* VYRE_BACKEND_CONFORMANCE_H */
