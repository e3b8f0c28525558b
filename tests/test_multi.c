/* tests/test_multi.c - the multi-device scanner (vyre.h >>multi), the ingest
   pipeline over several backends (vyre_ingest_desc.backends), device counts
   and the same device opened twice (CUDA: SKIPPED without a GPU; OpenCL on
   POCL). Differential: every record against one scanner on one backend. */
#define _POSIX_C_SOURCE 200809L
#define VYRE_IMPLEMENTATION
#define VYRE_CUDA_IMPLEMENTATION
#define VYRE_OCL_IMPLEMENTATION
#include "vyre_cuda.h"
#include "vyre_ocl.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

static int fails = 0, passes = 0, skips = 0;
#define CHECK(c, ...) do { if (c) passes++; else { fails++; printf("FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } } while (0)

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return (uint32_t)(rng >> 11); }

typedef struct mvec { vyre_match *m; size_t n, cap; } mvec;
static int push(const vyre_match *x, void *u) {
    mvec *v = (mvec *)u;
    if (v->n == v->cap) { v->cap = v->cap ? v->cap * 2 : 256; v->m = (vyre_match *)realloc(v->m, v->cap * sizeof *v->m); }
    v->m[v->n++] = *x;
    return 0;
}

static vyre_literal_set *random_set(uint32_t np, int alpha) {
    vyre_literal lits[64];
    static uint8_t bytes[64][16];
    vyre_literal_set *set = NULL;
    vyre_error e;
    uint32_t i, j;
    for (i = 0; i < np; i++) {
        uint32_t len = 1 + rnd() % 6;
        for (j = 0; j < len; j++) bytes[i][j] = (uint8_t)('a' + rnd() % (uint32_t)alpha);
        lits[i].bytes = bytes[i]; lits[i].len = len; lits[i].flags = (rnd() % 4 == 0) ? VYRE_CASELESS : 0;
    }
    if (vyre_literal_set_compile(lits, np, NULL, &set, &e) != VYRE_OK) { printf("compile: %s\n", e.message); return NULL; }
    return set;
}
static void random_data(uint8_t *d, size_t n, int alpha) {
    size_t i;
    for (i = 0; i < n; i++) { uint32_t r = rnd(); d[i] = (uint8_t)((r % 8 == 0) ? ('A' + r % (uint32_t)alpha) : ('a' + (r >> 3) % (uint32_t)alpha)); }
}

/* multi over bes[0,n) against one scanner on ref: scan_cb, scan (array), count */
static void diff_multi(vyre_backend *ref, vyre_backend **bes, uint32_t n, const char *what, int rounds) {
    int it;
    for (it = 0; it < rounds; it++) {
        int alpha = 2 + (int)(rnd() % 6);
        vyre_literal_set *set = random_set(1 + rnd() % 40, alpha);
        size_t len = (size_t)(rnd() % 200000), k;
        uint8_t *data = (uint8_t *)malloc(len + 1);
        vyre_scanner *sc = NULL;
        vyre_multi *m = NULL;
        vyre_multi_desc md;
        vyre_error e;
        mvec a = {0, 0, 0}, b = {0, 0, 0};
        uint64_t ca = 0, cb = 0;
        size_t cnt = 0;
        vyre_result r;
        random_data(data, len, alpha);
        memset(&md, 0, sizeof md);
        md.unit_bytes = 1 + rnd() % 9000;          /* tiny units: many cuts, raised to history + 1 */
        md.window = rnd() % 3 ? 0 : 1 + rnd() % 4;
        CHECK(vyre_scanner_create(ref, set, NULL, &sc, &e) == VYRE_OK, "%s: scanner: %s", what, e.message);
        r = vyre_multi_create(bes, n, set, &md, &m, &e);
        CHECK(r == VYRE_OK, "%s: multi_create: %s", what, e.message);
        if (r != VYRE_OK || !sc) goto next;
        CHECK(vyre_scan_cb(sc, data, len, push, &a, &e) == VYRE_OK, "%s: ref scan: %s", what, e.message);
        r = vyre_multi_scan_cb(m, data, len, push, &b, &e);
        CHECK(r == VYRE_OK, "%s: multi scan_cb: %s", what, e.message);
        CHECK(a.n == b.n, "%s round %d: %zu matches on one device, %zu over %u (len %zu unit %zu)", what, it, a.n, b.n, n, len, md.unit_bytes);
        for (k = 0; k < a.n && k < b.n; k++)
            if (memcmp(&a.m[k], &b.m[k], sizeof a.m[k])) {
                CHECK(0, "%s round %d: record %zu differs: (%u %llu %llu) vs (%u %llu %llu)", what, it, k, a.m[k].pattern_id,
                      (unsigned long long)a.m[k].start, (unsigned long long)a.m[k].end, b.m[k].pattern_id,
                      (unsigned long long)b.m[k].start, (unsigned long long)b.m[k].end);
                break;
            }
        /* array form, exact capacity and one too few */
        {
            vyre_match *arr = (vyre_match *)calloc(a.n + 1, sizeof *arr);
            r = vyre_multi_scan(m, data, len, arr, a.n, &cnt, &e);
            CHECK(r == VYRE_OK && cnt == a.n && (a.n == 0 || !memcmp(arr, a.m, a.n * sizeof *arr)), "%s: multi_scan array (%d, %zu)", what, (int)r, cnt);
            if (a.n) {
                r = vyre_multi_scan(m, data, len, arr, a.n - 1, &cnt, &e);
                CHECK(r == VYRE_ERR_MATCH_CAPACITY && cnt == a.n, "%s: capacity error %d count %zu", what, (int)r, cnt);
            }
            free(arr);
        }
        CHECK(vyre_scan_count(sc, data, len, &ca, &e) == VYRE_OK, "ref count");
        CHECK(vyre_multi_scan_count(m, data, len, &cb, &e) == VYRE_OK, "%s: multi count: %s", what, e.message);
        CHECK(ca == cb && ca == a.n, "%s: count %llu vs %llu (list %zu)", what, (unsigned long long)ca, (unsigned long long)cb, a.n);
        {
            vyre_multi_stats st;
            uint64_t bytes = 0;
            uint32_t d;
            vyre_multi_get_stats(m, &st);
            for (d = 0; d < n; d++) bytes += st.dev[d].bytes;
            CHECK(bytes == 4 * (uint64_t)len - (a.n ? 0 : (uint64_t)len), "%s: per-device bytes sum %llu, scanned %llu", what,
                  (unsigned long long)bytes, (unsigned long long)(4 * (uint64_t)len));
        }
    next:
        vyre_multi_destroy(m);
        if (sc) vyre_scanner_destroy(sc);
        vyre_literal_set_free(set);
        free(data); free(a.m); free(b.m);
    }
}

static int stop_after(const vyre_match *x, void *u) { (void)x; return --*(int *)u <= 0; }

static void t_errors(vyre_backend *cpu) {
    vyre_literal_set *set = random_set(5, 3);
    vyre_backend *bes[2];
    vyre_multi *m = NULL;
    vyre_error e;
    uint8_t data[50000];
    int left = 3;
    bes[0] = cpu; bes[1] = NULL;
    CHECK(vyre_multi_create(bes, 0, set, NULL, &m, &e) == VYRE_ERR_INVALID_ARGUMENT && !m && strstr(e.fix, "Fix:"), "count 0");
    CHECK(vyre_multi_create(bes, 2, set, NULL, &m, &e) == VYRE_ERR_INVALID_ARGUMENT && strstr(e.message, "backends[1]"), "NULL entry: %s", e.message);
    CHECK(vyre_multi_create(bes, 65, set, NULL, &m, &e) == VYRE_ERR_INVALID_ARGUMENT, "count 65");
    CHECK(vyre_multi_create(bes, 1, NULL, NULL, &m, &e) == VYRE_ERR_INVALID_ARGUMENT, "NULL set");
    random_data(data, sizeof data, 3);
    CHECK(vyre_multi_create(bes, 1, set, NULL, &m, &e) == VYRE_OK, "N=1");
    {
        vyre_multi_desc md;
        vyre_multi *m2 = NULL;
        memset(&md, 0, sizeof md); md.unit_bytes = 100;
        bes[1] = cpu;
        CHECK(vyre_multi_create(bes, 2, set, &md, &m2, &e) == VYRE_OK, "same backend twice");
        CHECK(vyre_multi_scan_cb(m2, data, sizeof data, stop_after, &left, &e) == VYRE_STOPPED && left == 0, "stop: left %d", left);
        vyre_multi_destroy(m2);
    }
    vyre_multi_destroy(m);
    vyre_multi_destroy(NULL);
    vyre_literal_set_free(set);
}

/* ---- ingest over several backends ---- */
typedef struct irec { char path[256]; uint64_t a, b, c; } irec;
typedef struct ilog { irec *r; size_t n, cap; } ilog;
static void ilog_add(ilog *l, const char *p, uint64_t a, uint64_t b, uint64_t c) {
    if (l->n == l->cap) { l->cap = l->cap ? l->cap * 2 : 1024; l->r = (irec *)realloc(l->r, l->cap * sizeof *l->r); }
    snprintf(l->r[l->n].path, sizeof l->r[l->n].path, "%s", p);
    l->r[l->n].a = a; l->r[l->n].b = b; l->r[l->n].c = c; l->n++;
}
static int icb_match(void *u, const vyre_ingest_file *f, const vyre_match *m) { ilog_add((ilog *)u, f->path, m->start, m->end, m->pattern_id); return 0; }
static int icb_file(void *u, const vyre_ingest_file *f, uint64_t count, vyre_result st, const vyre_error *e) {
    (void)e; ilog_add((ilog *)u, f->path, count, (uint64_t)(int64_t)st, UINT64_MAX); return 0;
}
static vyre_result run_ingest(const vyre_literal_set *set, const char *root, vyre_ingest_mode mode, vyre_backend *one,
                              vyre_backend **many, uint32_t nmany, size_t batch, ilog *out, vyre_ingest_stats *st) {
    vyre_ingest_desc d;
    vyre_ingest *g = NULL;
    vyre_error e;
    vyre_result r;
    memset(&d, 0, sizeof d);
    d.paths = &root; d.path_count = 1; d.mode = mode; d.readers = 2;
    d.backend = one; d.backends = many; d.backend_count = nmany;
    d.batch_bytes = batch; d.small_file_bytes = batch / 2; d.chunk_bytes = batch / 2 + 1;
    d.cb.match = icb_match; d.cb.file = icb_file; d.cb.user = out;
    r = vyre_ingest_create(set, &d, &g, &e);
    if (r == VYRE_OK) r = vyre_ingest_run(g, &e);
    if (r != VYRE_OK) printf("ingest: %s\n", e.message);
    if (st && g) vyre_ingest_get_stats(g, st);
    vyre_ingest_destroy(g);
    return r;
}
static void make_tree(const char *root, int files) {
    char p[300];
    int i;
    mkdir(root, 0700);
    snprintf(p, sizeof p, "%s/sub", root); mkdir(p, 0700);
    for (i = 0; i < files; i++) {
        size_t len = (i % 7 == 0) ? 20000 + rnd() % 60000 : rnd() % 3000, k;
        uint8_t *buf = (uint8_t *)malloc(len + 1);
        FILE *f;
        random_data(buf, len, 3);
        for (k = 0; k < len; k += 97) buf[k] = '\n';
        snprintf(p, sizeof p, "%s/%sf%03d", root, i % 2 ? "sub/" : "", i);
        f = fopen(p, "wb");
        if (f) { fwrite(buf, 1, len, f); fclose(f); }
        free(buf);
    }
}
static void t_ingest(vyre_backend *ref, vyre_backend **bes, uint32_t n, const char *what) {
    char root[] = "/tmp/vyre_multi_XXXXXX";
    int it;
    if (!mkdtemp(root)) { CHECK(0, "mkdtemp"); return; }
    make_tree(root, 60);
    for (it = 0; it < 3; it++) {
        vyre_literal_set *set = random_set(1 + rnd() % 20, 3);
        vyre_ingest_mode mode = (vyre_ingest_mode)(1 + it % 3);
        size_t batch = (size_t)4096 << (rnd() % 5);
        ilog a = {0, 0, 0}, b = {0, 0, 0};
        vyre_ingest_stats st;
        uint32_t k;
        uint64_t lanes = 0;
        CHECK(run_ingest(set, root, mode, ref, NULL, 0, batch, &a, NULL) == VYRE_OK, "%s: ingest one", what);
        CHECK(run_ingest(set, root, mode, NULL, bes, n, batch, &b, &st) == VYRE_OK, "%s: ingest many", what);
        CHECK(a.n == b.n && a.n > 0, "%s mode %d: %zu records on one backend, %zu over %u", what, (int)mode, a.n, b.n, n);
        for (k = 0; k < a.n && k < b.n; k++)
            if (strcmp(a.r[k].path, b.r[k].path) || a.r[k].a != b.r[k].a || a.r[k].b != b.r[k].b || a.r[k].c != b.r[k].c) {
                CHECK(0, "%s mode %d: record %u differs (%s %llu %llu %llu vs %s %llu %llu %llu)", what, (int)mode, k, a.r[k].path,
                      (unsigned long long)a.r[k].a, (unsigned long long)a.r[k].b, (unsigned long long)a.r[k].c, b.r[k].path,
                      (unsigned long long)b.r[k].a, (unsigned long long)b.r[k].b, (unsigned long long)b.r[k].c);
                break;
            }
        for (k = 0; k < n && k < VYRE_INGEST_MAX_BACKENDS; k++) lanes += st.lane_bytes[k];
        CHECK(lanes == st.backend_bytes && st.cpu_bytes == 0, "%s: lane bytes %llu, backend bytes %llu", what,
              (unsigned long long)lanes, (unsigned long long)st.backend_bytes);
        free(a.r); free(b.r);
        vyre_literal_set_free(set);
    }
    {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
        if (system(cmd) != 0) printf("note: could not remove %s\n", root);
    }
}

static void t_ingest_errors(vyre_backend *cpu) {
    vyre_literal_set *set = random_set(3, 3);
    vyre_ingest_desc d;
    vyre_ingest *g = NULL;
    vyre_error e;
    vyre_backend *bes[2];
    const char *p = "/nonexistent";
    bes[0] = cpu; bes[1] = NULL;
    memset(&d, 0, sizeof d);
    d.paths = &p; d.path_count = 1; d.mode = VYRE_INGEST_COUNT;
    d.backends = bes; d.backend_count = 2;
    CHECK(vyre_ingest_create(set, &d, &g, &e) == VYRE_ERR_INVALID_ARGUMENT && strstr(e.message, "backends[1]"), "ingest NULL backend: %s", e.message);
    d.backend_count = VYRE_INGEST_MAX_BACKENDS + 1;
    CHECK(vyre_ingest_create(set, &d, &g, &e) == VYRE_ERR_INVALID_ARGUMENT, "ingest too many backends");
    d.backend_count = 1; d.backend = cpu;
    CHECK(vyre_ingest_create(set, &d, &g, &e) == VYRE_ERR_INVALID_ARGUMENT, "backend and backends");
    vyre_literal_set_free(set);
}

static void t_cuda(void) {
    uint32_t n = 99;
    vyre_error e;
    vyre_result r;
    vyre_backend *b[2] = {NULL, NULL}, *cpu = NULL;
    vyre_cuda_desc cd;
    vyre_cpu_desc pd;
    CHECK(vyre_cuda_device_count(NULL, &e) == VYRE_ERR_INVALID_ARGUMENT, "count NULL");
    r = vyre_cuda_device_count(&n, &e);
    if (r != VYRE_OK) {
        CHECK(r == VYRE_ERR_BACKEND_UNAVAILABLE && n == 0 && strstr(e.fix, "Fix:") && strstr(e.message, "0 CUDA devices"),
              "no driver: %d n=%u %s", (int)r, n, e.message);
        skips++;
        printf("SKIPPED test_multi cuda: two CUDA backends on ordinal 0 (%s)\n", e.message);
        return;
    }
    printf("cuda: %u device(s)\n", n);
    memset(&cd, 0, sizeof cd);
    cd.device_index = (int)n;
    CHECK(vyre_cuda_backend_create(&cd, &b[0], &e) == VYRE_ERR_BACKEND_UNAVAILABLE, "ordinal %u past the count", n);
    cd.device_index = 0;
    CHECK(vyre_cuda_backend_create(&cd, &b[0], &e) == VYRE_OK, "cuda 0: %s", e.message);
    CHECK(vyre_cuda_backend_create(&cd, &b[1], &e) == VYRE_OK, "cuda 0 again: %s", e.message);
    memset(&pd, 0, sizeof pd); pd.threads = 2;
    vyre_cpu_backend_create(&pd, &cpu, &e);
    if (b[0] && b[1] && cpu) {
        diff_multi(cpu, b, 2, "cuda0 x2", 4);
        diff_multi(b[0], b, 1, "cuda0 N=1", 2);
        t_ingest(cpu, b, 2, "ingest cuda0 x2");
    }
    vyre_backend_destroy(b[1]); vyre_backend_destroy(b[0]); vyre_backend_destroy(cpu);
}

static void t_ocl(vyre_backend *cpu) {
    uint32_t n = 0;
    vyre_error e;
    vyre_ocl_desc od;
    vyre_backend *b[2] = {NULL, NULL};
    vyre_result r;
#if defined(__SANITIZE_ADDRESS__)
    skips++;
    printf("SKIPPED test_multi opencl: ASan build (POCL runs in the normal build)\n");
    (void)cpu; (void)n; (void)e; (void)od; (void)b; (void)r;
    return;
#else
    memset(&od, 0, sizeof od);
    r = vyre_ocl_device_count(&od, &n, &e);
    if (r != VYRE_OK) {
        CHECK(r == VYRE_ERR_BACKEND_UNAVAILABLE && n == 0, "ocl count error %d", (int)r);
        if (getenv("VYRE_REQUIRE_OPENCL")) CHECK(0, "VYRE_REQUIRE_OPENCL set but: %s", e.message);
        skips++;
        printf("SKIPPED test_multi opencl: %s\n", e.message);
        return;
    }
    printf("opencl: %u device(s) for AUTO\n", n);
    od.ordinal = n;
    CHECK(vyre_ocl_backend_create(&od, &b[0], &e) == VYRE_ERR_BACKEND_UNAVAILABLE && strstr(e.message, "ordinal"), "ordinal past the count: %s", e.message);
    od.ordinal = 0;
    CHECK(vyre_ocl_backend_create(&od, &b[0], &e) == VYRE_OK, "ocl: %s", e.message);
    CHECK(vyre_ocl_backend_create(&od, &b[1], &e) == VYRE_OK, "ocl again: %s", e.message);
    if (b[0] && b[1]) {
        diff_multi(cpu, b, 2, "opencl x2 (same device)", 3);
        t_ingest(cpu, b, 2, "ingest opencl x2");
    }
    vyre_backend_destroy(b[1]); vyre_backend_destroy(b[0]);
#endif
}

int main(void) {
    vyre_backend *cpu[4] = {NULL, NULL, NULL, NULL}, *ref = NULL, *mix[3];
    vyre_cpu_desc cd;
    vyre_error e;
    int i, rounds = getenv("VT_SCALE") ? 12 * atoi(getenv("VT_SCALE")) : 12;
    if (getenv("VT_SEED")) rng = strtoull(getenv("VT_SEED"), NULL, 0) | 1u;
    else rng ^= (uint64_t)time(NULL) * 0x2545F4914F6CDD1Dull;
    printf("test_multi: seed 0x%llx (VT_SEED=... repeats a run)\n", (unsigned long long)rng);
    memset(&cd, 0, sizeof cd);
    cd.threads = 1;
    cd.engine = VYRE_CPU_ENGINE_DFA; /* the reference engine */
    if (vyre_cpu_backend_create(&cd, &ref, &e) != VYRE_OK) { printf("FAIL cpu backend: %s\n", e.message); return 1; }
    for (i = 0; i < 4; i++) {
        cd.threads = 1 + (uint32_t)(i % 2);
        cd.engine = i == 3 ? VYRE_CPU_ENGINE_DFA : VYRE_CPU_ENGINE_AUTO;
        if (vyre_cpu_backend_create(&cd, &cpu[i], &e) != VYRE_OK) { printf("FAIL cpu backend: %s\n", e.message); return 1; }
    }
    t_errors(cpu[0]);
    diff_multi(ref, cpu, 1, "cpu N=1", rounds / 2);
    diff_multi(ref, cpu, 2, "cpu x2", rounds);
    diff_multi(ref, cpu, 4, "cpu x4", rounds);
    mix[0] = cpu[0]; mix[1] = cpu[0]; mix[2] = cpu[1];
    diff_multi(ref, mix, 3, "cpu same backend twice", rounds / 2);
    t_ingest_errors(cpu[0]);
    t_ingest(ref, cpu, 1, "ingest cpu N=1");
    t_ingest(ref, cpu, 3, "ingest cpu x3");
    t_ingest(ref, mix, 2, "ingest cpu same backend twice");
    t_cuda();
    t_ocl(ref);
    for (i = 0; i < 4; i++) vyre_backend_destroy(cpu[i]);
    vyre_backend_destroy(ref);
    printf("%s test_multi\n%d passed, %d failed, %d skipped\n", fails ? "FAIL" : "PASS", passes, fails, skips);
    return fails ? 1 : 0;
}
