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

#define VT_DEV_NAME "CUDA"
#define VT_DEV_REQUIRE_ENV "VYRE_REQUIRE_CUDA"
#define VT_DEV_CORPUS_ENV "VYRE_CUDA_CORPUS_MB"
#include "backend_conformance.h"

/* the conformance suite's fresh-backend hook (t_lifecycle, t_alloc_failures) */
CONF_DEFINE_DEV_CREATE(vyre_cuda_desc, vyre_cuda_backend_create, (void)0)


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
        CHECK_RC(vyre__cu_rm_evict_idle_one(&rm, &done, &e), VYRE_ERR_STATE);
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
            if (rm.cache[k].slot == (uint32_t)((h3 & 0xFFFFFFFFu) - 1u)) rm.cache[k].hash = vyre_kit_hash(z, 48, 0);
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
static int child_unavailable(void) { return conf_child_unavailable(NULL); }
/* A child that sees no device (CUDA_VISIBLE_DEVICES="") gets BACKEND_UNAVAILABLE
   with a Fix: hint; on a machine without a driver the same holds. */
static void t_unavailable(void) {
    int st;
    if (getenv("VYRE_UNDER_SANITIZER")) { /* compute-sanitizer shows the device to the child anyway */
        vt_skip("under compute-sanitizer the child still sees the device");
        return;
    }
    st = conf_child_status("--child-unavailable", "CUDA_VISIBLE_DEVICES", "", NULL, NULL);
    CHECKF(st == 0, "child with no visible device: exit status %d", st);
}

static void t_bad_desc(void) {
    vyre_cuda_desc d;
    vyre_backend *b = NULL;
    vyre_error e;
    memset(&d, 0, sizeof d);
    d.flags = 4;
    CHECK_RC(vyre_cuda_backend_create(&d, &b, &e), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_ERR(e, VYRE_ERR_INVALID_ARGUMENT);
    conf_bad_desc_common();
    CHECK_RC(vyre_cuda_pool_stats_get(g_cpu, NULL, &e), VYRE_ERR_INVALID_ARGUMENT);
    if (!need_dev()) return;
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
                          VYRE_CAP_REPEAT | VYRE_CAP_FILL | VYRE_CAP_LITERAL_SCAN;
    if (!need_dev()) return;
    CHECK(strcmp(vyre_backend_id(g_dev), "cuda") == 0);
    if (!CHECK_RC(vyre_backend_profile(g_dev, &p, &e), VYRE_OK)) return;
    CHECK(strcmp(p.backend, "cuda") == 0);
    CHECK((p.caps & want) == want);
    CHECK((p.caps & VYRE_CAP_HOST_MEMORY) == 0);
    CHECK(p.compute_units > 0 && p.arch >= 50 && p.memory_bytes > 0 && p.subgroup_size == 32);
    printf("  device: %s | %s | sm_%u | %u SMs | %llu MiB | L2 %llu KiB | %s\n", p.device_name, p.driver_version, p.arch,
           p.compute_units, (unsigned long long)(p.memory_bytes >> 20), (unsigned long long)(p.l2_bytes >> 10),
           vyre_backend_version(g_dev));
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
    if (!need_dev() || !blob || !back) { free(blob); free(back); return; }
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
    if (!need_dev()) return;
    if (!load_keywords()) return;
    set = compile_set(g_kw, g_nkw, VYRE_CASELESS);
    if (!set) return;
    CHECK_RC(vyre_backend_telemetry(g_dev, &t0, &e), VYRE_OK);
    if (CHECK_RC(vyre_scanner_create(g_dev, set, NULL, &s1, &e), VYRE_OK)) {
        CHECK_RC(vyre_backend_telemetry(g_dev, &t1, &e), VYRE_OK);
        if (CHECK_RC(vyre_scanner_create(g_dev, set, NULL, &s2, &e), VYRE_OK)) {
            CHECK_RC(vyre_backend_telemetry(g_dev, &t2, &e), VYRE_OK);
            CHECK_EQ_U64(t2.h2d_bytes, t1.h2d_bytes); /* warm: tables already resident */
            CHECK_RC(vyre_scan_count(s1, text, strlen(text), &c1, &e), VYRE_OK);
            CHECK_RC(vyre_scan_count(s2, text, strlen(text), &c2, &e), VYRE_OK);
            CHECK(c1 == c2 && c1 > 0);
            vyre_scanner_destroy(s2);
        }
        vyre_scanner_destroy(s1);
    }
    CHECK_RC(vyre_backend_telemetry(g_dev, &t2, &e), VYRE_OK);
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
    if (!need_dev() || !hay) { free(hay); return; }
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
    if (CHECK_RC(scan_all(g_dev, set, hay, len, 0, &got, &e), VYRE_OK))
        CHECK_MATCHES(got.m, got.n, want.m, want.n, "40 MiB cuda vs cpu");
    printf("  %zu matches in 40 MiB\n", want.n);
    if (CHECK_RC(vyre_cuda_host_alloc(g_dev, len, (void **)&pin, &e), VYRE_OK)) {
        vyre_scanner *sc = NULL;
        uint64_t c = 0;
        memcpy(pin, hay, len);
        if (CHECK_RC(vyre_scanner_create(g_dev, set, NULL, &sc, &e), VYRE_OK)) {
            CHECK_RC(vyre_scan_count(sc, pin, len, &c, &e), VYRE_OK);
            CHECK_EQ_U64(c, want.n);
            vyre_scanner_destroy(sc);
        }
        if (CHECK_RC(scan_all(g_dev, set, pin, len, 0, &got, &e), VYRE_OK))
            CHECK_MATCHES(got.m, got.n, want.m, want.n, "pinned cuda vs cpu");
        vyre_cuda_host_free(g_dev, pin);
    }
    /* lit_scan directly: over capacity reports the total, MATCH_CAPACITY */
    {
        const vyre_backend_vtable *vt = vyre_backend_vtable_of(g_dev);
        void *state = NULL;
        vyre_raw_match small[10];
        vyre_lit_request rq;
        vyre_lit_result rs;
        if (CHECK(vt->lit_open != NULL) && CHECK_RC(vt->lit_open(vyre_backend_self(g_dev), set, 0, &state, &e), VYRE_OK)) {
            memset(&rq, 0, sizeof rq);
            rq.mode = VYRE_LIT_MATCHES;
            rq.data = hay;
            rq.len = len;
            rq.matches = small;
            rq.cap = 10;
            CHECK_RC(vt->lit_scan(vyre_backend_self(g_dev), state, &rq, &rs, &e), VYRE_ERR_MATCH_CAPACITY);
            CHECK_ERR(e, VYRE_ERR_MATCH_CAPACITY);
            CHECK_EQ_U64(rs.count, want.n);
            rq.mode = VYRE_LIT_COUNT;
            rq.context_len = (size_t)16 << 20; /* only matches ending after 16 MiB */
            CHECK_RC(vt->lit_scan(vyre_backend_self(g_dev), state, &rq, &rs, &e), VYRE_OK);
            {
                uint64_t w = 0;
                for (i = 0; i < want.n; i++) w += want.m[i].end > rq.context_len;
                CHECK_EQ_U64(rs.count, w);
            }
            vt->lit_close(vyre_backend_self(g_dev), state);
        }
    }
    vt_matches_free(&got);
    vt_matches_free(&want);
    vyre_literal_set_free(set);
    free(hay);
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
    r = vyre_cuda_backend_create(NULL, &g_dev, &e);
    if (r != VYRE_OK) {
        g_dev = NULL;
        snprintf(g_why, sizeof g_why, "no CUDA device (%s: %.300s)", vyre_result_str(r), e.message);
        printf("SKIPPED: %s\n", g_why);
    } else {
        vyre_cuda_module_info in;
        vyre_cuda_module_info_get(g_dev, &in, NULL);
        printf("CUDA: sm_%u, NVRTC %d.%d, kernels %s in %.1f ms (create %.1f ms)\n", in.arch, in.nvrtc_major,
               in.nvrtc_minor, in.from_disk_cache ? "from disk cache" : "compiled", in.compile_ns / 1e6,
               in.create_ns / 1e6);
    }

    VT_RUN(t_bad_desc);
    VT_RUN(t_profile);
    conformance_run_all();
    VT_RUN(t_gpu_pool_and_cache);
    VT_RUN(t_scanner_tables_once);
    VT_RUN(t_native_chunks);

    conformance_free();
    return vt_finish();
}
