/* bench/re_gpu_bench.c - the 221 gitleaks regexes resident on a GPU (vyre.h
   >>re-gpu, kernels.inc >>kernels-nfa) against Hyperscan on 1 and 16 threads,
   the same bytes, one run (issue 11's goals table).

   Rows (median of BENCH_REPS scans, default 3):
     vyre gpu mode 1 resident     all matches with starts; tables and haystack resident
     vyre gpu mode 2 resident     leftmost-first with capture spans (spans on the host)
     vyre gpu mode 1 end to end   the haystack uploaded from pinned host memory each scan
     hyperscan 1 / 16 threads     all 221 rules in one database, no start of match
                                  (16 slices of the corpus, one scratch per thread)
   then the ratios against the goals. Before timing, the GPU results are compared
   record by record with the CPU engine (vyre_regex_scan) on the first
   BENCH_VERIFY_MB MiB (default 16; 0 = skip): a difference prints FAIL and exits 1.

   Environment: BENCH_BACKEND = cuda (default) | opencl; BENCH_RE_GPU_MB (1024)
   BENCH_RE_GPU_CHUNK / BENCH_RE_GPU_RUNCHUNK (allowed starts per confirm / run task; 0 = the
   engine's defaults); BENCH_RE_GPU_PROFILE=N (after the rows: every pattern scanned alone, the N
   slowest listed);
   MiB of real bytes from BENCH_RE_GPU_DIR (/usr/lib/x86_64-linux-gnu), files
   concatenated, the set repeated if the directory is smaller (the unique bytes
   are printed); BENCH_REPS; BENCH_HS_THREADS (16).
   Build: make build/bench/re_gpu_bench (static libhs.a where present; the
   binary runs on a machine without Hyperscan). -DVYRE_BENCH_NO_HS builds it
   without Hyperscan (the rows say so). */
#define _POSIX_C_SOURCE 200809L
#define VYRE_IMPLEMENTATION
#define VYRE_CUDA_IMPLEMENTATION
#define VYRE_OCL_IMPLEMENTATION
#include "vyre_cuda.h"
#include "vyre_ocl.h"
#include "../tests/re_common.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifndef VYRE_BENCH_NO_HS
#include <hs/hs.h>
#endif

static int cmp_d(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return x < y ? -1 : x > y; }
static int count_emit(void *u, uint32_t pid, uint64_t s, uint64_t e, const uint64_t *caps, uint32_t ng) {
    (void)pid; (void)s; (void)e; (void)caps; (void)ng;
    (*(uint64_t *)u)++;
    return 0;
}
typedef struct rec { uint32_t pid; uint64_t s, e; } rec;
typedef struct recs { rec *r; size_t n, cap; } recs;
static int rec_emit(void *u, uint32_t pid, uint64_t s, uint64_t e, const uint64_t *caps, uint32_t ng) {
    recs *l = (recs *)u;
    (void)caps; (void)ng;
    if (l->n == l->cap) { l->cap = l->cap ? l->cap * 2 : 1024; l->r = (rec *)realloc(l->r, l->cap * sizeof(rec)); if (!l->r) abort(); }
    l->r[l->n].pid = pid; l->r[l->n].s = s; l->r[l->n].e = e; l->n++;
    return 0;
}
static int rec_cmp(const void *a, const void *b) {
    const rec *x = (const rec *)a, *y = (const rec *)b;
    if (x->pid != y->pid) return x->pid < y->pid ? -1 : 1;
    if (x->s != y->s) return x->s < y->s ? -1 : 1;
    return x->e < y->e ? -1 : x->e > y->e;
}

#ifndef VYRE_BENCH_NO_HS
static int hs_count(unsigned int id, unsigned long long f, unsigned long long t, unsigned int fl, void *u) { (void)id; (void)f; (void)t; (void)fl; (*(uint64_t *)u)++; return 0; }
typedef struct hs_job { hs_database_t *db; hs_scratch_t *sc; const unsigned char *p; size_t n; uint64_t count; } hs_job;
static void *hs_thread(void *u) {
    hs_job *j = (hs_job *)u;
    size_t off = 0;
    while (off < j->n) {   /* hs_scan takes an unsigned length */
        size_t len = j->n - off > (1u << 30) ? (1u << 30) : j->n - off;
        hs_scan(j->db, (const char *)j->p + off, (unsigned)len, 0, j->sc, hs_count, &j->count);
        off += len;
    }
    return NULL;
}
static double hs_run(hs_database_t *db, hs_scratch_t *proto, const unsigned char *p, size_t n, int threads, uint64_t *count) {
    hs_job jobs[64];
    pthread_t th[64];
    uint64_t t0;
    int i;
    if (threads > 64) threads = 64;
    for (i = 0; i < threads; i++) {
        jobs[i].db = db; jobs[i].sc = NULL; hs_clone_scratch(proto, &jobs[i].sc);
        jobs[i].p = p + n / (size_t)threads * (size_t)i;
        jobs[i].n = i == threads - 1 ? n - n / (size_t)threads * (size_t)i : n / (size_t)threads;
        jobs[i].count = 0;
    }
    t0 = vyre_now_ns();
    for (i = 0; i < threads; i++) pthread_create(&th[i], NULL, hs_thread, &jobs[i]);
    *count = 0;
    for (i = 0; i < threads; i++) { pthread_join(th[i], NULL); *count += jobs[i].count; hs_free_scratch(jobs[i].sc); }
    return (double)(vyre_now_ns() - t0) / 1e9;
}
#endif

int main(void) {
    re_rules R;
    re_buf c;
    vyre_regex *res;
    vyre_regex_set *set;
    vyre_backend *b = NULL;
    vyre__re_gpu *g = NULL;
    vyre_error err;
    vyre_buffer hay = 0;
    const char *be = getenv("BENCH_BACKEND") ? getenv("BENCH_BACKEND") : "cuda";
    const char *dir = getenv("BENCH_RE_GPU_DIR") ? getenv("BENCH_RE_GPU_DIR") : "/usr/lib/x86_64-linux-gnu";
    size_t mb = getenv("BENCH_RE_GPU_MB") ? (size_t)atol(getenv("BENCH_RE_GPU_MB")) : 1024;
    size_t vmb = getenv("BENCH_VERIFY_MB") ? (size_t)atol(getenv("BENCH_VERIFY_MB")) : 16;
    int reps = getenv("BENCH_REPS") ? atoi(getenv("BENCH_REPS")) : 3, hs_threads = getenv("BENCH_HS_THREADS") ? atoi(getenv("BENCH_HS_THREADS")) : 16;
    size_t i, n, uniq;
    uint64_t t0;
    double gbs[3] = {0, 0, 0}, hs1 = 0, hs16 = 0;
    uint8_t *pinned = NULL;
    int row, k, failed = 0;
    if (reps < 1) reps = 1;
    if (reps > 64) reps = 64;
    if (!re_load_gitleaks(&R)) { printf("FAIL: gitleaks-regexes.tsv not found\n"); return 1; }
    res = (vyre_regex *)calloc(R.n, sizeof *res);
    for (i = 0; i < R.n; i++) res[i].pattern = R.pat[i];
    t0 = vyre_now_ns();
    if (vyre_regex_set_compile(res, R.n, NULL, &set, &err) != VYRE_OK) { printf("FAIL: compile: %s\n", err.message); return 1; }
    printf("vyre compile %zu rules: %.1f ms\n", R.n, (double)(vyre_now_ns() - t0) / 1e6);
    /* the corpus */
    memset(&c, 0, sizeof c);
    re_walk(&c, dir, mb << 20, (size_t)64 << 20, 0);
    uniq = c.n;
    if (!uniq) { printf("FAIL: no bytes under %s\n", dir); return 1; }
    while (c.n < (mb << 20)) { size_t add = (mb << 20) - c.n < uniq ? (mb << 20) - c.n : uniq; re_buf_add(&c, c.p, add); }
    n = c.n;
    printf("corpus: %zu bytes (%zu unique, from %s)\n", n, uniq, dir);
    /* the backend */
    if (strcmp(be, "opencl") == 0) {
        vyre_ocl_desc od;
        memset(&od, 0, sizeof od);
        od.select = VYRE_OCL_SELECT_AUTO;   /* the first GPU, else the first device (POCL here) */
        if (vyre_ocl_backend_create(&od, &b, &err) != VYRE_OK) { printf("FAIL: opencl: %s\n", err.message); return 1; }
    } else if (vyre_cuda_backend_create(NULL, &b, &err) != VYRE_OK) { printf("FAIL: cuda: %s\n", err.message); return 1; }
    {
        vyre_device_profile pr;
        vyre_backend_profile(b, &pr, &err);
        printf("backend %s: %s\n", vyre_backend_id(b), pr.device_name);
    }
    t0 = vyre_now_ns();
    if (vyre__re_gpu_open(b, set, &g, &err) != VYRE_OK) { printf("FAIL: open: %s\n", err.message); return 1; }
    if (getenv("BENCH_RE_GPU_CHUNK")) g->chunk = (uint64_t)atoll(getenv("BENCH_RE_GPU_CHUNK"));   /* allowed starts per task */
    if (getenv("BENCH_RE_GPU_RUNCHUNK")) g->runchunk = (uint64_t)atoll(getenv("BENCH_RE_GPU_RUNCHUNK"));
    printf("tables resident: %.1f ms\n", (double)(vyre_now_ns() - t0) / 1e6);
    /* exactness on a prefix first */
    if (vmb) {
        size_t vn = vmb << 20 < n ? vmb << 20 : n;
        int mode;
        for (mode = 0; mode < 2; mode++) {
            recs a, bb;
            vyre_re_scan_desc d;
            vyre_re_match *m = NULL;
            size_t cnt = 0, cap = 1 << 16, gc = 0, gcap = 1 << 18;
            vyre_span *gs = NULL;
            vyre_result r;
            memset(&a, 0, sizeof a); memset(&bb, 0, sizeof bb); memset(&d, 0, sizeof d);
            d.mode = (vyre_re_mode)mode;
            for (;;) {
                m = (vyre_re_match *)realloc(m, cap * sizeof *m); gs = (vyre_span *)realloc(gs, gcap * sizeof *gs);
                r = vyre_regex_scan(set, &d, c.p, vn, m, cap, &cnt, gs, gcap, &gc, &err);
                if (r == VYRE_ERR_MATCH_CAPACITY || r == VYRE_ERR_OUTPUT_TOO_SMALL) { if (cnt > cap) cap = cnt; if (gc > gcap) gcap = gc; continue; }
                break;
            }
            for (i = 0; r == VYRE_OK && i < cnt; i++) rec_emit(&a, m[i].pattern_id, m[i].start, m[i].end, NULL, 0);
            if (r == VYRE_OK) r = vyre__re_gpu_scan(g, 0, c.p, vn, (vyre_re_mode)mode, 0, 0, rec_emit, &bb, &err);
            if (r != VYRE_OK) { printf("FAIL: verify mode %d: %s\n", mode + 1, err.message); failed = 1; }
            else {
                size_t diff = 0;
                qsort(a.r, a.n, sizeof(rec), rec_cmp); qsort(bb.r, bb.n, sizeof(rec), rec_cmp);
                if (a.n != bb.n) diff = 1;
                for (i = 0; !diff && i < a.n; i++) diff = rec_cmp(&a.r[i], &bb.r[i]) != 0;
                printf("%s: verify mode %d on %zu MiB: cpu %zu, gpu %zu matches\n", diff ? "FAIL" : "PASS", mode + 1, vn >> 20, a.n, bb.n);
                failed |= diff != 0;
            }
            free(a.r); free(bb.r); free(m); free(gs);
        }
    }
    /* BENCH_RE_GPU_SLICES=M: mode 1 over each M MiB slice alone first (uploaded from host memory), with
       the confirm passes and the patterns flagged for a sequential rerun: where a slow slice's time goes */
    if (getenv("BENCH_RE_GPU_SLICES")) {
        const size_t sl = (size_t)atol(getenv("BENCH_RE_GPU_SLICES")) << 20;
        size_t off;
        for (off = 0; sl && off < n; off += sl) {
            uint64_t cnt = 0, s0 = vyre_now_ns();
            size_t len = n - off < sl ? n - off : sl, q;
            if (vyre__re_gpu_scan(g, 0, c.p + off, len, VYRE_RE_ALL_MATCHES, 0, 0, count_emit, &cnt, &err) != VYRE_OK) { printf("FAIL: slice at %zu: %s\n", off, err.message); break; }
            printf("slice %5zu MiB: %8.1f ms, %llu matches, pass 0 %.1f ms, pass 1 %.1f ms, %llu tasks, %llu flagged patterns:",
                   off >> 20, (double)(vyre_now_ns() - s0) / 1e6, (unsigned long long)cnt, g->last_pass_ns[0] / 1e6, g->last_pass_ns[1] / 1e6,
                   (unsigned long long)g->last_tasks, (unsigned long long)g->last_sequential);
            for (q = 0; q < g->last_sequential && q < 8; q++) printf(" %u", g->last_seq_pid[q]);
            printf("\n");
            fflush(stdout);
        }
    }
    /* resident haystack (the session's buffer) */
    if (vyre_buffer_alloc(b, (n + 15) & ~(size_t)15, &hay, &err) != VYRE_OK || vyre_buffer_upload(b, hay, 0, c.p, n, &err) != VYRE_OK) {
        printf("FAIL: haystack upload: %s\n", err.message);
        return 1;
    }
    if (vyre_host_alloc(b, n, (void **)&pinned, &err) == VYRE_OK) memcpy(pinned, c.p, n);
    for (row = 0; row < 3; row++) {
        static const char *const names[3] = {"vyre gpu mode 1 resident", "vyre gpu mode 2 resident", "vyre gpu mode 1 end to end"};
        double t[64];
        uint64_t count = 0;
        vyre_result r = VYRE_OK;
        if (row == 2 && !pinned) { printf("%-30s (no pinned host memory: %s)\n", names[row], err.message); continue; }
        int rr = reps;
        for (k = 0; k < rr + 1 && r == VYRE_OK; k++) {   /* the first scan warms up (kernel build, buffers) */
            uint64_t s0 = vyre_now_ns();
            count = 0;
            if (row == 0) r = vyre__re_gpu_scan(g, hay, NULL, n, VYRE_RE_ALL_MATCHES, 0, 0, count_emit, &count, &err);
            else if (row == 1) r = vyre__re_gpu_scan(g, hay, c.p, n, VYRE_RE_LEFTMOST_FIRST, 0, 0, count_emit, &count, &err);
            else r = vyre__re_gpu_scan(g, 0, pinned, n, VYRE_RE_ALL_MATCHES, 0, 0, count_emit, &count, &err);
            if (k) t[k - 1] = (double)(vyre_now_ns() - s0) / 1e9;
            else if ((double)(vyre_now_ns() - s0) / 1e9 > 20.0) { rr = 1; printf("    (warm-up scan took %.1f s: one timed scan)\n", (double)(vyre_now_ns() - s0) / 1e9); }
        }
        if (r != VYRE_OK) { printf("FAIL: %s: %s\n", names[row], err.message); failed = 1; continue; }
        qsort(t, (size_t)rr, sizeof t[0], cmp_d);
        gbs[row] = (double)n / t[rr / 2] / 1e9;
        printf("%-30s %8.3f s  %8.2f GB/s  %llu matches\n", names[row], t[rr / 2], gbs[row], (unsigned long long)count);
        printf("    last scan: %llu factor occurrences, %llu run windows (%llu run tasks), %llu tasks, %llu windows, %llu device matches; host ms: factors %.1f, runs %.1f, tasks %.1f, confirm %.1f (pass 0 %.1f, pass 1 %.1f: %llu patterns), results %.1f\n",
               (unsigned long long)g->last_factor_hits, (unsigned long long)g->last_run_windows, (unsigned long long)g->last_run_tasks,
               (unsigned long long)g->last_tasks, (unsigned long long)g->last_windows,
               (unsigned long long)g->last_triples, g->last_ns[0] / 1e6, g->last_ns[4] / 1e6, g->last_ns[1] / 1e6, g->last_ns[2] / 1e6,
               g->last_pass_ns[0] / 1e6, g->last_pass_ns[1] / 1e6, (unsigned long long)g->last_sequential, g->last_ns[3] / 1e6);
    }
    /* BENCH_RE_GPU_PROFILE=N: each pattern scanned alone (mode 1, resident), the N with the longest
       confirm step listed: where the confirm time goes */
    if (getenv("BENCH_RE_GPU_PROFILE")) {
        const size_t top = (size_t)atol(getenv("BENCH_RE_GPU_PROFILE"));
        double *ms = (double *)calloc(R.n, sizeof *ms);
        uint64_t *nt = (uint64_t *)calloc(R.n, sizeof *nt), *nw = (uint64_t *)calloc(R.n, sizeof *nw), cnt = 0;
        size_t q, best;
        double total = 0;
        for (i = 0; i < R.n; i++) {
            g->only_pid = (uint32_t)i + 1u;
            if (vyre__re_gpu_scan(g, hay, NULL, n, VYRE_RE_ALL_MATCHES, 0, 0, count_emit, &cnt, &err) != VYRE_OK) { printf("FAIL: profile %zu: %s\n", i, err.message); break; }
            ms[i] = (double)(g->last_ns[2] + g->last_ns[4]) / 1e6; nt[i] = g->last_tasks; nw[i] = g->last_windows;
            total += ms[i];
        }
        g->only_pid = 0;
        printf("profile: the patterns alone, confirm + run windows ms summed %.1f; the %zu slowest:\n", total, top);
        for (q = 0; q < top && q < R.n; q++) {
            for (best = 0, i = 1; i < R.n; i++) if (ms[i] > ms[best]) best = i;
            if (ms[best] < 0) break;
            printf("    pattern %3zu  %8.2f ms  %7llu tasks %8llu windows  %.70s\n", best, ms[best], (unsigned long long)nt[best], (unsigned long long)nw[best], R.pat[best]);
            ms[best] = -1;
        }
        free(ms); free(nt); free(nw);
    }
#ifndef VYRE_BENCH_NO_HS
    {
        char **hp = (char **)calloc(R.n, sizeof *hp);
        unsigned *ids = (unsigned *)calloc(R.n, sizeof *ids), *fl = (unsigned *)calloc(R.n, sizeof *fl);
        hs_database_t *db = NULL;
        hs_scratch_t *sc = NULL;
        hs_compile_error_t *ce = NULL;
        for (i = 0; i < R.n; i++) { hp[i] = re_pcre_spelling(R.pat[i]); ids[i] = (unsigned)i; }
        t0 = vyre_now_ns();
        if (hs_compile_multi((const char *const *)hp, fl, ids, (unsigned)R.n, HS_MODE_BLOCK, NULL, &db, &ce) != HS_SUCCESS) {
            printf("hyperscan: compile failed: %s\n", ce->message);
        } else {
            uint64_t cnt1 = 0, cnt16 = 0;
            double t1, t16;
            printf("hyperscan compile %zu rules (no SOM): %.1f ms\n", R.n, (double)(vyre_now_ns() - t0) / 1e6);
            hs_alloc_scratch(db, &sc);
            t1 = hs_run(db, sc, c.p, n < ((size_t)256 << 20) ? n : ((size_t)256 << 20), 1, &cnt1);   /* 1 thread on 256 MiB */
            hs1 = (double)(n < ((size_t)256 << 20) ? n : ((size_t)256 << 20)) / t1 / 1e9;
            t16 = hs_run(db, sc, c.p, n, hs_threads, &cnt16);
            hs16 = (double)n / t16 / 1e9;
            printf("%-30s %8.3f s  %8.2f GB/s  %llu matches (first 256 MiB)\n", "hyperscan 1 thread, no starts", t1, hs1, (unsigned long long)cnt1);
            printf("hyperscan %2d threads, no starts %8.3f s  %8.2f GB/s  %llu matches\n", hs_threads, t16, hs16, (unsigned long long)cnt16);
            hs_free_scratch(sc); hs_free_database(db);
        }
        for (i = 0; i < R.n; i++) free(hp[i]);
        free(hp); free(ids); free(fl);
    }
#else
    printf("hyperscan: MISSING (built with -DVYRE_BENCH_NO_HS: no libhs on this machine; build build/bench/re_gpu_bench on a machine with libhs.a and carry it)\n");
#endif
    printf("goal mode 1 resident >= 100 GB/s: %s (%.2f GB/s)\n", gbs[0] >= 100 ? "MET" : "MISSED", gbs[0]);
    if (hs16 > 0) printf("goal mode 1 resident >= 20x hyperscan %d threads: %s (%.2fx)\n", hs_threads, gbs[0] >= 20 * hs16 ? "MET" : "MISSED", gbs[0] / hs16);
    printf("goal mode 2 resident >= 50 GB/s: %s (%.2f GB/s)\n", gbs[1] >= 50 ? "MET" : "MISSED", gbs[1]);
    printf("goal end to end >= 45 GB/s: %s (%.2f GB/s)\n", gbs[2] >= 45 ? "MET" : "MISSED", gbs[2]);
    if (pinned) vyre_host_free(b, pinned);
    vyre_buffer_free(b, hay, NULL);
    vyre__re_gpu_close(g, NULL);
    vyre_backend_destroy(b);
    vyre_regex_set_free(set);
    free(res); free(c.p);
    re_rules_free(&R);
    (void)hs1;
    return failed;
}
