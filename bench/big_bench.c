/* bench/big_bench.c - large literal sets (issue 15; vyre.h >>big-layout,
   docs/large-sets.md). `make bench-big` builds and runs it.

   IOC-like sets: a third SHA-256-style hex digests (64 random lowercase hex
   digits: the same byte statistics as real digests), a third domain names
   (1-2 random lowercase labels of 3-14 letters and a TLD from a fixed list),
   a third 8-32 byte pieces of the corpus (real files of the machine).
     1. compile 1,000,000 IOC-like literals (AUTO form): seconds, and the
        peak of bytes vyre's allocator held during the compile (a counting
        vyre_allocator) next to the process peak RSS; goal <= 5 s, <= 1 GB.
     2. CPU backend, 1 thread, vyre_scan_count vs Hyperscan 1 thread (literal
        API, block mode, SOM_LEFTMOST), interleaved rep by rep, on rand10k
        (10,000 literals of 8-32 bytes, bench_corpus.c) and on 100,000 IOCs;
        match counts must agree (else MISMATCH, exit 1); goal >= 2x.
     3. BENCH_BIG_GPU=cuda|opencl (an OpenCL GPU; opencl-any: any device): resident scan on that GPU (kernels.inc
        >>kernels-big; the haystack and the tables resident, vyre_*_count
        by vyre_dispatch_resident, device time from the backend's events)
        of 10^6 IOCs (AUTO: BIG), 10^5 IOCs, rand10k in the BIG form and
        rand10k in the DFA form (the literal kernels, for comparison): GB/s
        device and wall, the match program once (all matches written), and
        the count checked against the CPU backend on every host core
        (else MISMATCH, exit 1); goals 100 GB/s (10^6) and 200 GB/s (rand10k).
   Environment: BENCH_BIG_CORPUS=SIZE (default 64M), BENCH_REPS=N (3),
   BENCH_CLOCK=cpu (the ratio scans timed by process CPU time), BENCH_BIG_ONLY=rand10k|ioc100k
   (step 2 on that set only),
   BENCH_BIG_COMPILE=N (1000000; 0 skips step 1), BENCH_BIG_RATIO=0 skips step 2, BENCH_BIG_HS_1M=1 also
   compiles the 10^6 set with Hyperscan (about 53 s and 2.7 GB here). */
#define _POSIX_C_SOURCE 200809L
#include "bench.h"
#include "vyre.h"
#include "vyre_cuda.h"
#include "vyre_ocl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static int g_reps = 3, g_fail = 0;
/* BENCH_CLOCK=cpu: the one-thread ratio scans timed by process CPU time (on a
   shared machine their wall time is mostly waiting for a core; they run one
   at a time, so the process CPU time is the scan's) */
static int g_cpu_clock = 0;
static uint64_t cpu_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
static uint64_t tick_ns(void) {
    struct timespec ts;
    if (!g_cpu_clock) return vb_now_ns();
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
static double g_compile_s;
typedef struct counting { size_t live, peak; } counting;
/* a size header in front of every block, so free knows what it releases */
static void *c_alloc(size_t n, void *u) {
    counting *c = (counting *)u;
    size_t *p = (size_t *)malloc(n + 16);
    if (!p) return NULL;
    p[0] = n; c->live += n; if (c->live > c->peak) c->peak = c->live;
    return (char *)p + 16;
}
static void c_free(void *q, void *u) {
    counting *c = (counting *)u;
    size_t *p;
    if (!q) return;
    p = (size_t *)(void *)((char *)q - 16);
    c->live -= p[0];
    free(p);
}
static void *c_realloc(void *q, size_t n, void *u) {
    counting *c = (counting *)u;
    size_t *p = q ? (size_t *)(void *)((char *)q - 16) : NULL, old = p ? p[0] : 0;
    size_t *np = (size_t *)realloc(p, n + 16);
    if (!np) return NULL;
    c->live = c->live - old + n; if (c->live > c->peak) c->peak = c->live;
    np[0] = n;
    return (char *)np + 16;
}

static const char *const tlds[] = {"com", "net", "org", "io", "ru", "cn", "info", "xyz", "top", "co.uk", "de", "biz"};
/* n IOC-like literals into p (bytes owned by p) */
static void make_iocs(vb_patset *p, const vb_corpus *c, size_t n, uint64_t seed) {
    size_t i, j;
    uint64_t st = seed;
    memset(p, 0, sizeof *p);
    snprintf(p->name, sizeof p->name, "ioc%zuk", n / 1000);
    snprintf(p->source, sizeof p->source, "IOC-like, seed %llu: hex64 / domains / 8-32 byte corpus pieces", (unsigned long long)seed);
    p->count = n;
    p->bytes = (uint8_t **)calloc(n, sizeof *p->bytes);
    p->lens = (size_t *)calloc(n, sizeof *p->lens);
    if (!p->bytes || !p->lens) abort();
    p->min_len = (size_t)-1;
    for (i = 0; i < n; i++) {
        uint8_t buf[96];
        size_t len = 0;
        uint64_t r = vb_splitmix64(&st);
        if (i % 3 == 0) {
            for (j = 0; j < 64; j++) buf[j] = (uint8_t)"0123456789abcdef"[vb_splitmix64(&st) & 15u];
            len = 64;
        } else if (i % 3 == 1) {
            int labels = 1 + (int)(r & 1u), l;
            for (l = 0; l < labels; l++) {
                size_t ll = 3 + (size_t)(vb_splitmix64(&st) % 12u);
                for (j = 0; j < ll; j++) buf[len++] = (uint8_t)('a' + vb_splitmix64(&st) % 26u);
                buf[len++] = '.';
            }
            {
                const char *t = tlds[vb_splitmix64(&st) % (sizeof tlds / sizeof tlds[0])];
                memcpy(buf + len, t, strlen(t)); len += strlen(t);
            }
        } else {
            int tries = 0;
            len = 8 + (size_t)(r % 25u);
            /* no runs of one byte (zero padding): an indicator feed holds distinctive pieces */
            do memcpy(buf, c->data + vb_splitmix64(&st) % (c->len - 64), len); while (++tries < 100 && vb_low_entropy(buf, len));
        }
        p->bytes[i] = (uint8_t *)malloc(len);
        if (!p->bytes[i]) abort();
        memcpy(p->bytes[i], buf, len);
        p->lens[i] = len;
        if (len < p->min_len) p->min_len = len;
        if (len > p->max_len) p->max_len = len;
    }
}
static vyre_literal *lits_of(const vb_patset *p) {
    vyre_literal *l = (vyre_literal *)calloc(p->count, sizeof *l);
    size_t i;
    if (!l) abort();
    for (i = 0; i < p->count; i++) { l[i].bytes = p->bytes[i]; l[i].len = p->lens[i]; l[i].flags = p->flags; }
    return l;
}
static int cmpd(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return x < y ? -1 : x > y; }

static void ratio(const vb_patset *p, const vb_corpus *c) {
    vyre_literal *l = lits_of(p);
    vyre_literal_set *set = NULL;
    vyre_literal_set_info info;
    vyre_backend *be = NULL;
    vyre_scanner *sc = NULL;
    vyre_cpu_desc d;
    vyre_error e;
    vb_hs *h = NULL;
    char err[512];
    double g[2][64];
    uint64_t n[2] = {0, 0}, t0;
    int r, k;
    memset(&d, 0, sizeof d);
    d.threads = 1;
    t0 = vb_now_ns();
    vyre_compile_desc cd;
    memset(&cd, 0, sizeof cd);
    cd.form = VYRE_LIT_FORM_BIG; /* the form under test (AUTO keeps rand10k in the DFA form: it fits) */
    if (vyre_literal_set_compile(l, p->count, &cd, &set, &e) != VYRE_OK) { fprintf(stderr, "big_bench: %s\n", e.message); g_fail = 1; free(l); return; }
    vyre_literal_set_get_info(set, &info);
    printf("%-8s %zu literals (%zu..%zu bytes): vyre compile %.3f s, form %s, %.1f MB tables\n", p->name, p->count, p->min_len, p->max_len,
           (double)(vb_now_ns() - t0) / 1e9, info.form == VYRE_LIT_FORM_BIG ? "BIG" : "DFA", (double)info.table_bytes / 1e6);
    t0 = vb_now_ns();
    if (vb_hs_create(p, 1, &h, err, sizeof err) != 0) { fprintf(stderr, "big_bench: %s\n", err); g_fail = 1; goto out; }
    printf("%-8s hyperscan compile %.3f s\n", p->name, (double)(vb_now_ns() - t0) / 1e9);
    if (vyre_cpu_backend_create(&d, &be, &e) != VYRE_OK || vyre_scanner_create(be, set, NULL, &sc, &e) != VYRE_OK) {
        fprintf(stderr, "big_bench: %s\n", e.message); g_fail = 1; goto out;
    }
    for (r = -1; r < g_reps; r++)
        for (k = 0; k < 2; k++) {
            uint64_t cnt = 0, s = tick_ns();
            int bad;
            if (k == 0 && getenv("BENCH_BIG_NO_HS")) { g[0][r < 0 ? 0 : r] = 1; continue; }
            bad = k == 0 ? vb_hs_count(h, c->data, c->len, &cnt) != 0 : vyre_scan_count(sc, c->data, c->len, &cnt, &e) != VYRE_OK;
            if (bad) { fprintf(stderr, "big_bench: scan failed (%s)\n", k ? e.message : "hyperscan"); g_fail = 1; goto out; }
            n[k] = cnt;
            if (r >= 0) g[k][r] = (double)c->len / (double)(tick_ns() - s);
        }
    qsort(g[0], (size_t)g_reps, sizeof(double), cmpd);
    qsort(g[1], (size_t)g_reps, sizeof(double), cmpd);
    printf("%-8s 1 thread: hyperscan %.3f GB/s, vyre %.3f GB/s = %.2fx (goal >= 2x: %s); matches %llu / %llu%s\n", p->name,
           g[0][g_reps / 2], g[1][g_reps / 2], g[1][g_reps / 2] / g[0][g_reps / 2], g[1][g_reps / 2] >= 2 * g[0][g_reps / 2] ? "met" : "MISSED",
           (unsigned long long)n[0], (unsigned long long)n[1], n[0] == n[1] ? "" : " MISMATCH");
    if (n[0] != n[1]) g_fail = 1;
out:
    vyre_scanner_destroy(sc);
    vyre_backend_destroy(be);
    vb_hs_free(h);
    vyre_literal_set_free(set);
    free(l);
}

/* ---- 3. resident GPU scan ---- */
static int g_gpu_reps = 5;
static vyre_result res_up(vyre_backend *be, const void *data, size_t bytes, vyre_buffer *out, vyre_error *e) {
    vyre_result r = vyre_buffer_alloc(be, bytes ? bytes : 4, out, e);
    if (r == VYRE_OK && bytes) r = vyre_buffer_upload(be, *out, 0, data, bytes, e);
    return r;
}
static void gpu_resident(vyre_backend *be, vyre_buffer hay, const vb_corpus *c, const char *name, const vb_patset *p, int form) {
    vyre_literal *l = lits_of(p);
    vyre_literal_set *set = NULL;
    vyre_literal_set_info info;
    vyre_compile_desc cd;
    vyre_error e;
    vyre_buffer tb[VYRE_LT_COUNT], ctr = 0, mat = 0, bind[VYRE_LIT_MATCHES_BINDINGS];
    vyre_backend *cpu = NULL;
    vyre_scanner *sc = NULL;
    uint32_t nt, k, big;
    uint64_t cnt = 0, ref = 0, t0, sc3[3];
    double dev[64], wall[64], mdev = 0;
    int rep;
    vyre_dispatch d;
    memset(tb, 0, sizeof tb);
    memset(&cd, 0, sizeof cd);
    cd.form = (uint32_t)form;
    t0 = vb_now_ns();
    if (vyre_literal_set_compile(l, p->count, &cd, &set, &e) != VYRE_OK) { fprintf(stderr, "big_bench: %s\n", e.message); g_fail = 1; free(l); return; }
    vyre_literal_set_get_info(set, &info);
    big = info.form == VYRE_LIT_FORM_BIG;
    nt = big ? VYRE_BT_COUNT : VYRE_LT_COUNT;
    printf("gpu %-10s %zu literals, form %s, compile %.2f s, %.1f MB tables\n", name, p->count, big ? "BIG" : "DFA",
           (double)(vb_now_ns() - t0) / 1e9, (double)info.table_bytes / 1e6);
    for (k = 0; k < nt; k++) {
        const void *data = NULL; size_t bytes = 0;
        if (big) vyre_literal_set_big_table(set, (vyre_big_table)k, &data, &bytes);
        else vyre_literal_set_table(set, (vyre_lit_table)k, &data, &bytes);
        if (res_up(be, data, bytes, &tb[k], &e) != VYRE_OK) { fprintf(stderr, "big_bench: table upload: %s\n", e.message); g_fail = 1; goto out; }
    }
    if (vyre_buffer_alloc(be, 16, &ctr, &e) != VYRE_OK) { fprintf(stderr, "big_bench: %s\n", e.message); g_fail = 1; goto out; }
    bind[0] = hay;
    for (k = 0; k < nt; k++) bind[1 + k] = tb[k];
    bind[1 + nt] = ctr;
    sc3[0] = c->len; sc3[1] = 0; sc3[2] = 0;
    for (rep = -1; rep < g_gpu_reps; rep++) {
        vyre_timing tm;
        memset(&d, 0, sizeof d);
        d.program = big ? VYRE_PROGRAM_BIG_COUNT : VYRE_PROGRAM_LIT_COUNT; d.buffers = bind; d.buffer_count = 2 + nt; d.scalars = sc3; d.scalar_count = 2;
        if (vyre_buffer_fill(be, ctr, 0, 16, 0, &e) != VYRE_OK || vyre_dispatch_resident(be, &d, &tm, &e) != VYRE_OK ||
            vyre_buffer_download(be, ctr, 0, &cnt, 8, &e) != VYRE_OK) { fprintf(stderr, "big_bench: count: %s\n", e.message); g_fail = 1; goto out; }
        if (rep >= 0) { dev[rep] = tm.device_ns == VYRE_TIME_UNKNOWN ? 0 : (double)tm.device_ns; wall[rep] = (double)tm.wall_ns; }
    }
    qsort(dev, (size_t)g_gpu_reps, sizeof(double), cmpd);
    qsort(wall, (size_t)g_gpu_reps, sizeof(double), cmpd);
    /* the match program once: every match written */
    if (vyre_buffer_alloc(be, (size_t)(cnt + 16) * 8u, &mat, &e) == VYRE_OK) {
        uint32_t c2[2] = {0, 0};
        vyre_timing tm;
        bind[2 + nt] = mat;
        sc3[2] = cnt + 16;
        memset(&d, 0, sizeof d);
        d.program = big ? VYRE_PROGRAM_BIG_MATCHES : VYRE_PROGRAM_LIT_MATCHES; d.buffers = bind; d.buffer_count = 3 + nt; d.scalars = sc3; d.scalar_count = 3;
        if (vyre_buffer_fill(be, ctr, 0, 16, 0, &e) == VYRE_OK && vyre_dispatch_resident(be, &d, &tm, &e) == VYRE_OK &&
            vyre_buffer_download(be, ctr, 0, c2, 8, &e) == VYRE_OK) {
            mdev = tm.device_ns == VYRE_TIME_UNKNOWN ? 0 : (double)tm.device_ns;
            if (c2[0] != cnt || c2[1]) { printf("gpu %-10s MISMATCH: match program total %u, count program %llu\n", name, c2[0], (unsigned long long)cnt); g_fail = 1; }
        } else { fprintf(stderr, "big_bench: matches: %s\n", e.message); g_fail = 1; }
    } else {
        printf("gpu %-10s matches program not run: no room for %llu match records (%s)\n", name, (unsigned long long)cnt, e.message);
    }
    {   /* the CPU backend on every host core: the reference count */
        vyre_cpu_desc cdd;
        memset(&cdd, 0, sizeof cdd);
        t0 = vb_now_ns();
        if (vyre_cpu_backend_create(&cdd, &cpu, &e) != VYRE_OK || vyre_scanner_create(cpu, set, NULL, &sc, &e) != VYRE_OK ||
            vyre_scan_count(sc, c->data, c->len, &ref, &e) != VYRE_OK) { fprintf(stderr, "big_bench: cpu: %s\n", e.message); g_fail = 1; goto out; }
    }
    printf("gpu %-10s resident count %8.1f GB/s device (median %.3f ms of %d), %.1f GB/s wall; matches program %.1f GB/s device; "
           "%llu matches, CPU backend (all cores, %.2f GB/s) %llu%s\n", name, dev[g_gpu_reps / 2] > 0 ? (double)c->len / dev[g_gpu_reps / 2] : 0.0,
           dev[g_gpu_reps / 2] / 1e6, g_gpu_reps, (double)c->len / wall[g_gpu_reps / 2], mdev > 0 ? (double)c->len / mdev : 0.0,
           (unsigned long long)cnt, (double)c->len / (double)(vb_now_ns() - t0), (unsigned long long)ref, ref == cnt ? " (==)" : " MISMATCH");
    if (ref != cnt) g_fail = 1;
out:
    vyre_scanner_destroy(sc);
    vyre_backend_destroy(cpu);
    for (k = 0; k < nt; k++) if (tb[k]) vyre_buffer_free(be, tb[k], NULL);
    if (ctr) vyre_buffer_free(be, ctr, NULL);
    if (mat) vyre_buffer_free(be, mat, NULL);
    vyre_literal_set_free(set);
    free(l);
}
static void gpu_bench(const char *which, const vb_corpus *c) {
    vyre_backend *be = NULL;
    vyre_error e;
    vyre_buffer hay = 0;
    vb_patset rnd, ioc, m;
    size_t pad = (c->len + 15u) & ~(size_t)15u;
    uint8_t *hb;
    vyre_result r;
    if (strcmp(which, "cuda") == 0) r = vyre_cuda_backend_create(NULL, &be, &e);
    else {
        vyre_ocl_desc od;
        memset(&od, 0, sizeof od);
        od.select = strcmp(which, "opencl-any") == 0 ? VYRE_OCL_SELECT_AUTO : VYRE_OCL_SELECT_GPU; /* opencl-any: POCL too */
        r = vyre_ocl_backend_create(&od, &be, &e);
    }
    if (r != VYRE_OK) { fprintf(stderr, "big_bench: no %s backend: %s\n", which, e.message); g_fail = 1; return; }
    printf("gpu bench on %s (%s), %.2f GiB resident haystack of real bytes\n", vyre_backend_id(be), vyre_backend_version(be), (double)c->len / 1073741824.0);
    hb = (uint8_t *)calloc(pad, 1);
    if (!hb) abort();
    memcpy(hb, c->data, c->len);
    if (vyre_buffer_alloc(be, pad, &hay, &e) != VYRE_OK || vyre_buffer_upload(be, hay, 0, hb, pad, &e) != VYRE_OK) {
        fprintf(stderr, "big_bench: haystack: %s\n", e.message); g_fail = 1; free(hb); vyre_backend_destroy(be); return;
    }
    free(hb);
    make_iocs(&m, c, 1000000, 15);
    gpu_resident(be, hay, c, "ioc1000k", &m, VYRE_LIT_FORM_AUTO);
    vb_patset_free(&m);
    make_iocs(&ioc, c, 100000, 16);
    gpu_resident(be, hay, c, "ioc100k", &ioc, VYRE_LIT_FORM_AUTO);
    vb_patset_free(&ioc);
    vb_patset_random(&rnd, c, 10000, 42);
    gpu_resident(be, hay, c, "rand10k", &rnd, VYRE_LIT_FORM_BIG);
    gpu_resident(be, hay, c, "rand10k", &rnd, VYRE_LIT_FORM_DFA);
    vb_patset_free(&rnd);
    vyre_buffer_free(be, hay, NULL);
    vyre_backend_destroy(be);
}

int main(void) {
    vb_corpus c;
    vb_patset rnd, ioc;
    char err[512];
    const char *s;
    size_t target = 64u << 20, ncomp = 1000000;
    setvbuf(stdout, NULL, _IOLBF, 0);
    if ((s = getenv("BENCH_BIG_CORPUS"))) target = (size_t)vb_parse_size(s);
    g_cpu_clock = (s = getenv("BENCH_CLOCK")) && strcmp(s, "cpu") == 0;
    if ((s = getenv("BENCH_REPS"))) g_reps = atoi(s) > 0 && atoi(s) <= 64 ? atoi(s) : 3;
    if ((s = getenv("BENCH_BIG_COMPILE"))) ncomp = (size_t)strtoull(s, NULL, 10);
    if (vb_corpus_build(&c, target, 4u << 20, err, sizeof err) != 0) { fprintf(stderr, "big_bench: %s\n", err); return 1; }
    printf("big_bench %s: corpus %s\n", vb_commit(), c.desc);
    if (ncomp) {
        vb_patset big;
        vyre_literal *l;
        vyre_literal_set *set = NULL;
        vyre_literal_set_info info;
        vyre_compile_desc cd;
        vyre_error e;
        counting cnt = {0, 0};
        struct rusage ru;
        uint64_t t0, c0;
        make_iocs(&big, &c, ncomp, 15);
        l = lits_of(&big);
        memset(&cd, 0, sizeof cd);
        cd.allocator.alloc = c_alloc; cd.allocator.realloc = c_realloc; cd.allocator.free = c_free; cd.allocator.user = &cnt;
        t0 = vb_now_ns(); c0 = cpu_ns();
        if (vyre_literal_set_compile(l, big.count, &cd, &set, &e) != VYRE_OK) { fprintf(stderr, "big_bench: compile: %s\n", e.message); return 1; }
        {
            double sec = (double)(vb_now_ns() - t0) / 1e9, csec = (double)(cpu_ns() - c0) / 1e9;
            g_compile_s = sec;
            vyre_literal_set_get_info(set, &info);
            getrusage(RUSAGE_SELF, &ru);
            printf("compile %zu IOC-like literals: %.3f s (process CPU %.3f s), form %s, vyre peak %.1f MB (tables %.1f MB), process peak RSS %.1f MB; goal <= 5 s and <= 1 GB: %s\n",
                   big.count, sec, csec, info.form == VYRE_LIT_FORM_BIG ? "BIG" : "DFA", (double)cnt.peak / 1e6, (double)info.table_bytes / 1e6,
                   (double)ru.ru_maxrss / 1e3, sec <= 5.0 && cnt.peak <= 1000000000u ? "met" : "MISSED");
        }
        {   /* serialized load: format 2 copies the tables (a load recompiled before: the compile time above) */
            size_t sz = 0;
            uint8_t *blob;
            vyre_literal_set *back = NULL;
            double ld[5];
            int k;
            memset(&cd, 0, sizeof cd);
            if (vyre_literal_set_serialize(set, NULL, 0, &sz, &e) == VYRE_OK && (blob = (uint8_t *)malloc(sz)) != NULL) {
                uint64_t t1 = vb_now_ns();
                if (vyre_literal_set_serialize(set, blob, sz, &sz, &e) != VYRE_OK) { fprintf(stderr, "big_bench: serialize: %s\n", e.message); g_fail = 1; }
                printf("serialize %zu literals: %.1f MB in %.3f s\n", big.count, (double)sz / 1e6, (double)(vb_now_ns() - t1) / 1e9);
                for (k = 0; k < 5; k++) {
                    t1 = vb_now_ns();
                    if (vyre_literal_set_deserialize(blob, sz, NULL, &back, &e) != VYRE_OK) { fprintf(stderr, "big_bench: deserialize: %s\n", e.message); g_fail = 1; break; }
                    ld[k] = (double)(vb_now_ns() - t1) / 1e9;
                    vyre_literal_set_free(back); back = NULL;
                }
                if (k == 5) {
                    double zc[5];
                    for (k = 0; k < 5; k++) {
                        t1 = vb_now_ns();
                        if (vyre_literal_set_load(blob, sz, NULL, &back, &e) != VYRE_OK) { fprintf(stderr, "big_bench: load: %s\n", e.message); g_fail = 1; break; }
                        zc[k] = (double)(vb_now_ns() - t1) / 1e9;
                        vyre_literal_set_free(back); back = NULL;
                    }
                    qsort(zc, 5, sizeof(double), cmpd);
                    printf("load in place (vyre_literal_set_load) %zu literals: %.3f s (median of 5; min %.3f)\n", big.count, zc[2], zc[0]);
                    k = 5;
                    qsort(ld, 5, sizeof(double), cmpd);
                    printf("deserialize %zu literals: %.3f s (median of 5; min %.3f) against the %.3f s compile a load cost before (format 1 recompiled)\n",
                           big.count, ld[2], ld[0], g_compile_s);
                }
                free(blob);
            }
        }
        vyre_literal_set_free(set);
        if ((s = getenv("BENCH_BIG_HS_1M")) && *s == '1') ratio(&big, &c);
        free(l);
        vb_patset_free(&big);
    }
    if ((s = getenv("BENCH_BIG_GPU")) && *s && strcmp(s, "none") != 0) {
        const char *reps = getenv("BENCH_GPU_REPS");
        if (reps && atoi(reps) > 0 && atoi(reps) <= 64) g_gpu_reps = atoi(reps);
        gpu_bench(s, &c);
    }
    if (!((s = getenv("BENCH_BIG_RATIO")) && *s == '0')) {
        const char *only = getenv("BENCH_BIG_ONLY");
        vb_patset_random(&rnd, &c, 10000, 42);
        if (!only || strcmp(only, "rand10k") == 0) ratio(&rnd, &c);
        make_iocs(&ioc, &c, 100000, 16);
        if (!only || strcmp(only, "ioc100k") == 0) ratio(&ioc, &c);
        vb_patset_free(&rnd);
        vb_patset_free(&ioc);
    }
    vb_corpus_free(&c);
    return g_fail;
}
