/* bench/cpu_vs_hs.c - the CPU backend against Hyperscan, in one run on the
   same bytes (issue 2, section 5). `make bench-cpu` builds and runs it.

   For each pattern set (gitleaks keywords caseless; 10,000 random literals):
     - Hyperscan, one thread, all matches to a counting callback
       (literal API, block mode, HS_FLAG_SOM_LEFTMOST [+ HS_FLAG_CASELESS]);
     - the vyre CPU backend with 1 thread: vyre_scan_cb (all matches, sorted,
       to a counting callback) and vyre_scan_count; these three are
       interleaved rep by rep so that noise from other processes hits all
       of them alike;
     - the vyre CPU backend at 1, 2, 4, ... online CPUs threads, and Hyperscan
       with one scratch per thread on all of them.
   Each figure is the median of BENCH_REPS (default 5) scans of the whole
   corpus; match counts must agree with Hyperscan's (else it says MISMATCH and
   exits 1). The goal line compares the CPU backend on one thread with
   Hyperscan on one thread (goal: >= 0.5x on gitleaks keywords caseless).

   Environment: BENCH_CPU_CORPUS=SIZE (default 128M), BENCH_REPS=N,
   BENCH_PATTERNS=gitleaks-ci,rand10k, VYRE_BENCH_KEYWORDS=path,
   BENCH_CLOCK=cpu (one-thread scans timed by process CPU time). */
#define _POSIX_C_SOURCE 200809L
#include "bench.h"
#include "vyre.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static int on_match(const vyre_match *m, void *user) {
    (void)m;
    (*(uint64_t *)user)++;
    return 0;
}

static int g_reps = 5;
/* BENCH_CLOCK=cpu: time the one-thread scans by process CPU time instead of
   wall time (on a shared, overloaded machine the wall time of a scan is
   mostly time spent waiting for a core; the interleaved scans run one at a
   time, so the process CPU time is the scan's). */
static int g_cpu_clock = 0;
static uint64_t tick_ns(void) {
    struct timespec ts;
    if (!g_cpu_clock) return vb_now_ns();
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
static int g_fail = 0;

/* mode 0: vyre_scan_cb, 1: vyre_scan_count. Returns GB/s (median) or -1. */
static double run_vyre(const vyre_literal_set *set, unsigned threads, int mode, const vb_corpus *c,
                       uint64_t *matches) {
    vyre_backend *be = NULL;
    vyre_scanner *sc = NULL;
    vyre_cpu_desc d;
    vyre_error e;
    double gbps[64];
    int r;
    memset(&d, 0, sizeof d);
    d.threads = threads;
    if (vyre_cpu_backend_create(&d, &be, &e) != VYRE_OK || vyre_scanner_create(be, set, NULL, &sc, &e) != VYRE_OK) {
        char line[900];
        fprintf(stderr, "cpu_vs_hs: %s\n", vyre_error_format(&e, line, sizeof line));
        vyre_backend_destroy(be);
        return -1;
    }
    for (r = -1; r < g_reps; r++) { /* r == -1: warm-up */
        uint64_t n = 0, t0 = vb_now_ns(), dt;
        vyre_result rc = mode == 0 ? vyre_scan_cb(sc, c->data, c->len, on_match, &n, &e)
                                   : vyre_scan_count(sc, c->data, c->len, &n, &e);
        dt = vb_now_ns() - t0;
        if (rc != VYRE_OK) {
            char line[900];
            fprintf(stderr, "cpu_vs_hs: %s\n", vyre_error_format(&e, line, sizeof line));
            vyre_scanner_destroy(sc);
            vyre_backend_destroy(be);
            return -1;
        }
        *matches = n;
        if (r >= 0) gbps[r] = (double)c->len / (double)dt;
    }
    vyre_scanner_destroy(sc);
    vyre_backend_destroy(be);
    return median(gbps, g_reps);
}

static double run_hs(const vb_patset *p, unsigned threads, const vb_corpus *c, uint64_t *matches) {
    vb_hs *h = NULL;
    char err[512];
    double gbps[64];
    int r;
    if (vb_hs_create(p, threads, &h, err, sizeof err) != 0) {
        fprintf(stderr, "cpu_vs_hs: %s\n", err);
        return -1;
    }
    for (r = -1; r < g_reps; r++) {
        uint64_t t0 = vb_now_ns(), dt;
        if (vb_hs_count(h, c->data, c->len, matches) != 0) {
            fprintf(stderr, "cpu_vs_hs: hs_scan failed\n");
            vb_hs_free(h);
            return -1;
        }
        dt = vb_now_ns() - t0;
        if (r >= 0) gbps[r] = (double)c->len / (double)dt;
    }
    vb_hs_free(h);
    return median(gbps, g_reps);
}

/* The one-thread ratio: Hyperscan, vyre scan_cb and vyre scan_count
   interleaved rep by rep, so that noise from other processes hits all three
   alike. Medians in GB/s into out[0..2]; match counts into n[0..2]. */
static int run_interleaved(const vb_patset *p, const vyre_literal_set *set, const vb_corpus *c, double out[3],
                           uint64_t n[3]) {
    vb_hs *h = NULL;
    vyre_backend *be = NULL;
    vyre_scanner *sc = NULL;
    vyre_cpu_desc d;
    vyre_error e;
    char err[512];
    double g[3][64];
    int r, k;
    memset(&d, 0, sizeof d);
    d.threads = 1;
    if (vb_hs_create(p, 1, &h, err, sizeof err) != 0) {
        fprintf(stderr, "cpu_vs_hs: %s\n", err);
        return -1;
    }
    if (vyre_cpu_backend_create(&d, &be, &e) != VYRE_OK || vyre_scanner_create(be, set, NULL, &sc, &e) != VYRE_OK) {
        char line[900];
        fprintf(stderr, "cpu_vs_hs: %s\n", vyre_error_format(&e, line, sizeof line));
        vyre_backend_destroy(be);
        vb_hs_free(h);
        return -1;
    }
    for (r = -1; r < g_reps; r++) {
        for (k = 0; k < 3; k++) {
            uint64_t cnt = 0, t0 = tick_ns(), dt;
            int bad;
            if (k == 0) bad = vb_hs_count(h, c->data, c->len, &cnt) != 0;
            else if (k == 1) bad = vyre_scan_cb(sc, c->data, c->len, on_match, &cnt, &e) != VYRE_OK;
            else bad = vyre_scan_count(sc, c->data, c->len, &cnt, &e) != VYRE_OK;
            dt = tick_ns() - t0;
            if (bad) {
                fprintf(stderr, "cpu_vs_hs: scan %d failed\n", k);
                vyre_scanner_destroy(sc);
                vyre_backend_destroy(be);
                vb_hs_free(h);
                return -1;
            }
            n[k] = cnt;
            if (r >= 0) g[k][r] = (double)c->len / (double)dt;
        }
    }
    for (k = 0; k < 3; k++) out[k] = median(g[k], g_reps);
    vyre_scanner_destroy(sc);
    vyre_backend_destroy(be);
    vb_hs_free(h);
    return 0;
}

static void check(const char *what, uint64_t got, uint64_t want) {
    if (got != want) {
        printf("MISMATCH %s: %llu matches, Hyperscan %llu\n", what, (unsigned long long)got,
               (unsigned long long)want);
        g_fail = 1;
    }
}

static void bench_set(const vb_patset *p, const vb_corpus *c) {
    vyre_literal *lits = (vyre_literal *)malloc(p->count * sizeof *lits);
    vyre_literal_set *set = NULL;
    vyre_literal_set_info info;
    vyre_error e;
    size_t k;
    uint64_t t0, hs_n = 0, n = 0;
    double hs1, v1, v1c, ms;
    unsigned cpus = vb_online_cpus(), t;
    if (!lits) return;
    for (k = 0; k < p->count; k++) {
        lits[k].bytes = p->bytes[k];
        lits[k].len = p->lens[k];
        lits[k].flags = p->flags;
    }
    t0 = vb_now_ns();
    if (vyre_literal_set_compile(lits, p->count, NULL, &set, &e) != VYRE_OK) {
        char line[900];
        printf("%s: compile failed: %s\n", p->name, vyre_error_format(&e, line, sizeof line));
        free(lits);
        g_fail = 1;
        return;
    }
    ms = (double)(vb_now_ns() - t0) / 1e6;
    free(lits);
    memset(&info, 0, sizeof info);
    vyre_literal_set_get_info(set, &info);
    printf("\n== %s: %s\n   vyre compile %.1f ms, %u DFA states, %llu table bytes\n", p->name, p->source, ms,
           info.state_count, (unsigned long long)info.table_bytes);
    printf("   %-34s %10s %14s %8s\n", "engine", "GB/s", "matches", "vs hs-1t");
    {
        double gb[3] = {0, 0, 0};
        uint64_t nn[3] = {0, 0, 0};
        if (run_interleaved(p, set, c, gb, nn) != 0) {
            g_fail = 1;
            vyre_literal_set_free(set);
            return;
        }
        hs1 = gb[0];
        v1 = gb[1];
        v1c = gb[2];
        hs_n = nn[0];
        printf("   %-34s %10.3f %14llu %8.2f\n", "hyperscan 1 thread", hs1, (unsigned long long)hs_n, 1.0);
        printf("   %-34s %10.3f %14llu %8.2f\n", "vyre cpu 1 thread (scan_cb)", v1, (unsigned long long)nn[1],
               hs1 > 0 ? v1 / hs1 : 0);
        check("vyre cpu 1 thread scan_cb", nn[1], hs_n);
        printf("   %-34s %10.3f %14llu %8.2f\n", "vyre cpu 1 thread (scan_count)", v1c, (unsigned long long)nn[2],
               hs1 > 0 ? v1c / hs1 : 0);
        check("vyre cpu 1 thread scan_count", nn[2], hs_n);
    }
    for (t = 2; t <= cpus; t = (t * 2 > cpus && t != cpus) ? cpus : t * 2) {
        char name[64];
        double v;
        snprintf(name, sizeof name, "vyre cpu %u threads (scan_cb)", t);
        v = run_vyre(set, t, 0, c, &n);
        printf("   %-34s %10.3f %14llu %8.2f  (x%.2f of 1 thread)\n", name, v, (unsigned long long)n,
               hs1 > 0 ? v / hs1 : 0, v1 > 0 ? v / v1 : 0);
        check(name, n, hs_n);
        snprintf(name, sizeof name, "hyperscan %u threads", t);
        v = run_hs(p, t, c, &n);
        printf("   %-34s %10.3f %14llu %8.2f\n", name, v, (unsigned long long)n, hs1 > 0 ? v / hs1 : 0);
        check(name, n, hs_n);
        if (t == cpus) break;
    }
    printf("RATIO %s: vyre cpu 1 thread / hyperscan 1 thread = %.3f (scan_cb), %.3f (scan_count); goal >= 0.5%s\n",
           p->name, hs1 > 0 ? v1 / hs1 : 0, hs1 > 0 ? v1c / hs1 : 0,
           strcmp(p->name, "gitleaks-ci") == 0 ? (v1 >= 0.5 * hs1 ? ": MET" : ": MISSED") : " (informational)");
    vyre_literal_set_free(set);
}

int main(void) {
    vb_corpus c;
    vb_patset p;
    char err[1024], machine[256];
    const char *pats = getenv("BENCH_PATTERNS");
    uint64_t target = vb_parse_size(getenv("BENCH_CPU_CORPUS") ? getenv("BENCH_CPU_CORPUS") : "128M");
    if (getenv("BENCH_REPS")) g_reps = atoi(getenv("BENCH_REPS"));
    g_cpu_clock = getenv("BENCH_CLOCK") && strcmp(getenv("BENCH_CLOCK"), "cpu") == 0;
    if (g_reps < 1) g_reps = 1;
    if (g_reps > 64) g_reps = 64;
    if (!target) target = 128 * VB_MIB;
    if (!pats) pats = "gitleaks-ci,rand10k";
    vb_machine(machine, sizeof machine);
    printf("cpu_vs_hs: vyre %s (commit %s) vs hyperscan %s\nmachine: %s\n", vyre_version(), vb_commit(),
           vb_hs_version(), machine);
    if (vb_corpus_build(&c, (size_t)target, 8 * VB_MIB, err, sizeof err) != 0) {
        fprintf(stderr, "cpu_vs_hs: %s\n", err);
        return 2;
    }
    printf("corpus: %s\nmedian of %d scans of the whole corpus each%s\n", c.desc, g_reps,
           g_cpu_clock ? "; one-thread scans timed by process CPU time (BENCH_CLOCK=cpu)" : "");
    if (strstr(pats, "gitleaks-ci")) {
        if (vb_patset_gitleaks(&p, err, sizeof err) != 0) {
            fprintf(stderr, "cpu_vs_hs: %s\n", err);
            vb_corpus_free(&c);
            return 2;
        }
        bench_set(&p, &c);
        vb_patset_free(&p);
    }
    if (strstr(pats, "rand10k")) {
        if (vb_patset_random(&p, &c, 10000, 0x5eedu) == 0) {
            bench_set(&p, &c);
            vb_patset_free(&p);
        }
    }
    vb_corpus_free(&c);
    return g_fail ? 1 : 0;
}
