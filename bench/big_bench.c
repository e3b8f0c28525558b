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
   Environment: BENCH_BIG_CORPUS=SIZE (default 64M), BENCH_REPS=N (3),
   BENCH_BIG_COMPILE=N (1000000; 0 skips step 1), BENCH_BIG_RATIO=0 skips step 2, BENCH_BIG_HS_1M=1 also
   compiles the 10^6 set with Hyperscan (about 53 s and 2.7 GB here). */
#define _POSIX_C_SOURCE 200809L
#include "bench.h"
#include "vyre.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static int g_reps = 3, g_fail = 0;
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
            uint64_t cnt = 0, s = vb_now_ns();
            int bad;
            if (k == 0 && getenv("BENCH_BIG_NO_HS")) { g[0][r < 0 ? 0 : r] = 1; continue; }
            bad = k == 0 ? vb_hs_count(h, c->data, c->len, &cnt) != 0 : vyre_scan_count(sc, c->data, c->len, &cnt, &e) != VYRE_OK;
            if (bad) { fprintf(stderr, "big_bench: scan failed (%s)\n", k ? e.message : "hyperscan"); g_fail = 1; goto out; }
            n[k] = cnt;
            if (r >= 0) g[k][r] = (double)c->len / (double)(vb_now_ns() - s);
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

int main(void) {
    vb_corpus c;
    vb_patset rnd, ioc;
    char err[512];
    const char *s;
    size_t target = 64u << 20, ncomp = 1000000;
    setvbuf(stdout, NULL, _IOLBF, 0);
    if ((s = getenv("BENCH_BIG_CORPUS"))) target = (size_t)vb_parse_size(s);
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
        uint64_t t0;
        make_iocs(&big, &c, ncomp, 15);
        l = lits_of(&big);
        memset(&cd, 0, sizeof cd);
        cd.allocator.alloc = c_alloc; cd.allocator.realloc = c_realloc; cd.allocator.free = c_free; cd.allocator.user = &cnt;
        t0 = vb_now_ns();
        if (vyre_literal_set_compile(l, big.count, &cd, &set, &e) != VYRE_OK) { fprintf(stderr, "big_bench: compile: %s\n", e.message); return 1; }
        {
            double sec = (double)(vb_now_ns() - t0) / 1e9;
            vyre_literal_set_get_info(set, &info);
            getrusage(RUSAGE_SELF, &ru);
            printf("compile %zu IOC-like literals: %.3f s, form %s, vyre peak %.1f MB (tables %.1f MB), process peak RSS %.1f MB; goal <= 5 s and <= 1 GB: %s\n",
                   big.count, sec, info.form == VYRE_LIT_FORM_BIG ? "BIG" : "DFA", (double)cnt.peak / 1e6, (double)info.table_bytes / 1e6,
                   (double)ru.ru_maxrss / 1e3, sec <= 5.0 && cnt.peak <= 1000000000u ? "met" : "MISSED");
        }
        vyre_literal_set_free(set);
        if ((s = getenv("BENCH_BIG_HS_1M")) && *s == '1') ratio(&big, &c);
        free(l);
        vb_patset_free(&big);
    }
    if (!((s = getenv("BENCH_BIG_RATIO")) && *s == '0')) {
        vb_patset_random(&rnd, &c, 10000, 42);
        ratio(&rnd, &c);
        make_iocs(&ioc, &c, 100000, 16);
        ratio(&ioc, &c);
        vb_patset_free(&rnd);
        vb_patset_free(&ioc);
    }
    vb_corpus_free(&c);
    return g_fail;
}
