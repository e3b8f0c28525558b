/* bench/ocl_perf.c - OpenCL next to CUDA (and the CPU backend) on the same
   bytes and pattern sets, through the same backend contract.

   Workloads, for each pattern set (gitleaks keywords caseless; 10,000 literals
   of 8-32 bytes, half cut from the corpus):
     h2d            one upload of the whole corpus into a resident buffer
     count          VYRE_PROGRAM_LIT_COUNT on the resident corpus (device time)
     matches        VYRE_PROGRAM_LIT_MATCHES on the resident corpus (device time)
     scan-count     vyre_scan_count() end to end from pageable host memory
                    (chunked uploads + dispatches; host wall time)
   Every backend's match count is printed; they must agree (exit 1 if not).

   Usage: ocl_perf [--bytes=1G] [--reps=5] [--backends=opencl,cuda,cpu]
   Env: OCL_ICD_VENDORS as needed to register a driver (see scripts/device_ocl.sh).
   Build: cc -std=c99 -O2 -I. -Ibench bench/ocl_perf.c bench/bench_corpus.c -o build/ocl/ocl_perf -lpthread -ldl -lm */
#define _POSIX_C_SOURCE 200809L
#define VYRE_IMPLEMENTATION
#define VYRE_OCL_IMPLEMENTATION
#define VYRE_CUDA_IMPLEMENTATION
#include "vyre_ocl.h"
#include "vyre_cuda.h"
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct op_stats {
    double dev_ms, wall_ms;   /* medians */
    uint64_t matches;
    int ok;
} op_stats;

static int dbl_cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}
static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, dbl_cmp);
    return n ? v[n / 2] : 0.0;
}

static void fail(const char *what, const vyre_error *e) {
    printf("ERROR %s: %s %s\n", what, e->message, e->fix);
}

/* Resident program runs on one backend. */
static int run_resident(vyre_backend *b, const vyre_literal_set *set, const uint8_t *data, size_t len, int reps,
                        double *h2d_ms, op_stats *cnt, op_stats *mat, const char *sweep_label) {
    vyre_buffer tb[VYRE_LT_COUNT], hb = 0, cb = 0, mb = 0, bind[VYRE_LIT_MATCHES_BINDINGS];
    vyre_error e;
    vyre_dispatch d;
    vyre_timing tm;
    uint64_t sc[3], t0;
    double dv[64], wv[64];
    int t, r, ok = 0;
    uint32_t cap;
    memset(tb, 0, sizeof tb);
    memset(cnt, 0, sizeof *cnt);
    memset(mat, 0, sizeof *mat);
    for (t = 0; t < (int)VYRE_LT_COUNT; t++) {
        const void *p = NULL;
        size_t n = 0;
        if (vyre_literal_set_table(set, (vyre_lit_table)t, &p, &n) != VYRE_OK) goto done;
        if (vyre_buffer_alloc(b, n ? n : 4, &tb[t], &e) != VYRE_OK) { fail("table alloc", &e); goto done; }
        if (n && vyre_buffer_upload(b, tb[t], 0, p, n, &e) != VYRE_OK) { fail("table upload", &e); goto done; }
    }
    if (vyre_buffer_alloc(b, (len + 15) & ~(size_t)15, &hb, &e) != VYRE_OK) { fail("haystack alloc", &e); goto done; }
    if (vyre_buffer_alloc(b, 8, &cb, &e) != VYRE_OK) { fail("counter alloc", &e); goto done; }
    t0 = vb_now_ns();
    if (vyre_buffer_upload(b, hb, 0, data, len, &e) != VYRE_OK) { fail("haystack upload", &e); goto done; }
    *h2d_ms = (double)(vb_now_ns() - t0) / 1e6;
    bind[0] = hb;
    for (t = 0; t < (int)VYRE_LT_COUNT; t++) bind[1 + t] = tb[t];
    bind[VYRE_LIT_BINDING_OUT0] = cb;
    /* count */
    sc[0] = len;
    sc[1] = 0;
    vyre_kit_dispatch(&d, VYRE_PROGRAM_LIT_COUNT, bind, VYRE_LIT_COUNT_BINDINGS, sc, 2);
    for (r = 0; r <= reps; r++) { /* r == 0: warm-up */
        if (vyre_buffer_fill(b, cb, 0, 8, 0, &e) != VYRE_OK) { fail("fill", &e); goto done; }
        t0 = vb_now_ns();
        if (vyre_dispatch_resident(b, &d, &tm, &e) != VYRE_OK) { fail("count dispatch", &e); goto done; }
        if (r) {
            wv[r - 1] = (double)(vb_now_ns() - t0) / 1e6;
            dv[r - 1] = tm.device_ns == VYRE_TIME_UNKNOWN ? wv[r - 1] : (double)tm.device_ns / 1e6;
        }
    }
    if (vyre_buffer_download(b, cb, 0, &cnt->matches, 8, &e) != VYRE_OK) { fail("download", &e); goto done; }
    cnt->dev_ms = median(dv, reps);
    cnt->wall_ms = median(wv, reps);
    cnt->ok = 1;
    /* OCL_PERF_SWEEP=1: the count program with grid = k x compute units (workgroups of 256) */
    if (getenv("OCL_PERF_SWEEP") && sweep_label) {
        static const uint32_t mult[] = {1, 2, 4, 6, 8, 12, 16, 32};
        vyre_device_profile pr;
        size_t g;
        if (vyre_backend_profile(b, &pr, &e) == VYRE_OK && pr.compute_units)
            for (g = 0; g < sizeof mult / sizeof mult[0]; g++) {
                double sv[64];
                uint64_t c2 = 0;
                d.grid[0] = pr.compute_units * mult[g];
                for (r = 0; r < reps; r++) {
                    if (vyre_buffer_fill(b, cb, 0, 8, 0, &e) != VYRE_OK ||
                        vyre_dispatch_resident(b, &d, &tm, &e) != VYRE_OK) { fail("sweep", &e); goto done; }
                    sv[r] = tm.device_ns == VYRE_TIME_UNKNOWN ? 0 : (double)tm.device_ns / 1e6;
                }
                vyre_buffer_download(b, cb, 0, &c2, 8, &e);
                printf("SWEEP %s groups=%u (%ux CUs) device_ms=%.3f GBps=%.2f matches=%llu%s\n", sweep_label,
                       (unsigned)d.grid[0], (unsigned)mult[g], median(sv, reps),
                       (double)len / (median(sv, reps) * 1e6), (unsigned long long)c2,
                       c2 == cnt->matches ? "" : " MISMATCH");
            }
        d.grid[0] = 0;
    }
    /* matches: capacity for all of them up to 64 Mi (512 MiB) */
    cap = cnt->matches > (64u << 20) ? (64u << 20) : (uint32_t)(cnt->matches + 1);
    if (vyre_buffer_alloc(b, (size_t)cap * 8, &mb, &e) != VYRE_OK) { fail("matches alloc", &e); goto done; }
    bind[VYRE_LIT_BINDING_OUT1] = mb;
    sc[2] = cap;
    vyre_kit_dispatch(&d, VYRE_PROGRAM_LIT_MATCHES, bind, VYRE_LIT_MATCHES_BINDINGS, sc, 3);
    for (r = 0; r <= reps; r++) {
        uint32_t c2[2];
        if (vyre_buffer_fill(b, cb, 0, 8, 0, &e) != VYRE_OK) { fail("fill", &e); goto done; }
        t0 = vb_now_ns();
        if (vyre_dispatch_resident(b, &d, &tm, &e) != VYRE_OK) { fail("matches dispatch", &e); goto done; }
        if (r) {
            wv[r - 1] = (double)(vb_now_ns() - t0) / 1e6;
            dv[r - 1] = tm.device_ns == VYRE_TIME_UNKNOWN ? wv[r - 1] : (double)tm.device_ns / 1e6;
        }
        if (vyre_buffer_download(b, cb, 0, c2, 8, &e) != VYRE_OK) { fail("download", &e); goto done; }
        mat->matches = c2[0];
    }
    mat->dev_ms = median(dv, reps);
    mat->wall_ms = median(wv, reps);
    mat->ok = 1;
    ok = 1;
done:
    for (t = 0; t < (int)VYRE_LT_COUNT; t++)
        if (tb[t]) vyre_buffer_free(b, tb[t], NULL);
    if (hb) vyre_buffer_free(b, hb, NULL);
    if (cb) vyre_buffer_free(b, cb, NULL);
    if (mb) vyre_buffer_free(b, mb, NULL);
    return ok;
}

static int run_scan(vyre_backend *b, const vyre_literal_set *set, const uint8_t *data, size_t len, int reps,
                    op_stats *st) {
    vyre_scanner *sc = NULL;
    vyre_error e;
    double wv[64];
    int r;
    memset(st, 0, sizeof *st);
    if (vyre_scanner_create(b, set, NULL, &sc, &e) != VYRE_OK) { fail("scanner", &e); return 0; }
    for (r = 0; r <= reps; r++) {
        uint64_t t0 = vb_now_ns();
        if (vyre_scan_count(sc, data, len, &st->matches, &e) != VYRE_OK) {
            fail("scan_count", &e);
            vyre_scanner_destroy(sc);
            return 0;
        }
        if (r) wv[r - 1] = (double)(vb_now_ns() - t0) / 1e6;
    }
    vyre_scanner_destroy(sc);
    st->wall_ms = median(wv, reps);
    st->dev_ms = -1;
    st->ok = 1;
    return 1;
}

static double gbps(size_t bytes, double ms) { return ms > 0 ? (double)bytes / (ms * 1e6) : 0.0; }

int main(int argc, char **argv) {
    size_t bytes = (size_t)1 << 30;
    int reps = 5, i, p, bad = 0;
    const char *backends = "opencl,cuda,cpu";
    vb_corpus corpus;
    vb_patset sets[2];
    char err[512], mach[256];
    vyre_backend *be[3] = {NULL, NULL, NULL};
    const char *names[3] = {"opencl", "cuda", "cpu"};
    vyre_error e;
    for (i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--bytes=", 8) == 0) bytes = (size_t)vb_parse_size(argv[i] + 8);
        else if (strncmp(argv[i], "--reps=", 7) == 0) reps = atoi(argv[i] + 7);
        else if (strncmp(argv[i], "--backends=", 11) == 0) backends = argv[i] + 11;
        else { printf("usage: %s [--bytes=1G] [--reps=5] [--backends=opencl,cuda,cpu]\n", argv[0]); return 2; }
    }
    if (reps < 1) reps = 1;
    if (reps > 63) reps = 63;
    vb_machine(mach, sizeof mach);
    printf("machine: %s\ncommit: %s\n", mach, vb_commit());
    if (vb_corpus_build(&corpus, bytes, 64u << 20, err, sizeof err) != 0) { printf("corpus: %s\n", err); return 1; }
    printf("corpus: %s (%zu bytes, %zu files, %.1f s to read)\n", corpus.desc, corpus.len, corpus.file_count,
           corpus.build_seconds);
    memset(sets, 0, sizeof sets);
    if (vb_patset_gitleaks(&sets[0], err, sizeof err) != 0) { printf("patterns: %s\n", err); return 1; }
    if (vb_patset_random(&sets[1], &corpus, 10000, 0x10000) != 0) { printf("rand10k failed\n"); return 1; }
    if (strstr(backends, "opencl")) {
        vyre_ocl_desc d;
        memset(&d, 0, sizeof d);
        d.select = VYRE_OCL_SELECT_AUTO;
        if (vyre_ocl_backend_create(&d, &be[0], &e) != VYRE_OK || vyre_backend_prepare(be[0], &e) != VYRE_OK) {
            printf("SKIP backend opencl: %s %s\n", e.message, e.fix);
            vyre_backend_destroy(be[0]);
            be[0] = NULL;
        }
    }
    if (strstr(backends, "cuda")) {
        if (vyre_cuda_backend_create(NULL, &be[1], &e) != VYRE_OK || vyre_backend_prepare(be[1], &e) != VYRE_OK) {
            printf("SKIP backend cuda: %s %s\n", e.message, e.fix);
            vyre_backend_destroy(be[1]);
            be[1] = NULL;
        }
    }
    if (strstr(backends, "cpu") && vyre_cpu_backend_create(NULL, &be[2], &e) != VYRE_OK) {
        printf("SKIP backend cpu: %s\n", e.message);
        be[2] = NULL;
    }
    for (i = 0; i < 3; i++) {
        vyre_device_profile pr;
        if (be[i] && vyre_backend_profile(be[i], &pr, &e) == VYRE_OK)
            printf("backend %s: %s, driver %s, %u CUs\n", names[i], pr.device_name, pr.driver_version,
                   pr.compute_units);
    }
    for (p = 0; p < 2; p++) {
        vyre_literal *lits = (vyre_literal *)calloc(sets[p].count, sizeof *lits);
        vyre_literal_set *set = NULL;
        vyre_literal_set_info info;
        uint64_t want = UINT64_MAX;
        size_t k;
        uint64_t t0 = vb_now_ns();
        for (k = 0; k < sets[p].count; k++) {
            lits[k].bytes = sets[p].bytes[k];
            lits[k].len = sets[p].lens[k];
            lits[k].flags = sets[p].flags;
        }
        if (vyre_literal_set_compile(lits, sets[p].count, NULL, &set, &e) != VYRE_OK) {
            fail("compile", &e);
            return 1;
        }
        vyre_literal_set_get_info(set, &info);
        printf("\npatterns %s: %zu literals (%zu..%zu bytes)%s, %u DFA states, %.1f MiB tables, compiled in %.2f s\n",
               sets[p].name, sets[p].count, sets[p].min_len, sets[p].max_len,
               sets[p].flags ? " caseless" : "", info.state_count, (double)info.table_bytes / 1048576.0,
               (double)(vb_now_ns() - t0) / 1e9);
        for (i = 0; i < 3; i++) {
            double h2d = 0;
            op_stats c, m, s;
            int rr = i == 2 ? (reps < 2 ? reps : 2) : reps;
            if (!be[i]) continue;
            char label[128];
            snprintf(label, sizeof label, "backend=%s patterns=%.32s", names[i], sets[p].name);
            if (!run_resident(be[i], set, corpus.data, corpus.len, rr, &h2d, &c, &m, i == 2 ? NULL : label)) {
                bad = 1;
                continue;
            }
            if (!run_scan(be[i], set, corpus.data, corpus.len, i == 2 ? 1 : (reps < 3 ? reps : 3), &s)) {
                bad = 1;
                continue;
            }
            printf("RESULT backend=%s patterns=%s workload=h2d bytes=%zu wall_ms=%.3f GBps=%.2f\n", names[i],
                   sets[p].name, corpus.len, h2d, gbps(corpus.len, h2d));
            printf("RESULT backend=%s patterns=%s workload=count bytes=%zu reps=%d device_ms=%.3f GBps_device=%.2f "
                   "wall_ms=%.3f GBps_wall=%.2f matches=%llu\n",
                   names[i], sets[p].name, corpus.len, rr, c.dev_ms, gbps(corpus.len, c.dev_ms), c.wall_ms,
                   gbps(corpus.len, c.wall_ms), (unsigned long long)c.matches);
            printf("RESULT backend=%s patterns=%s workload=matches bytes=%zu reps=%d device_ms=%.3f GBps_device=%.2f "
                   "wall_ms=%.3f GBps_wall=%.2f matches=%llu\n",
                   names[i], sets[p].name, corpus.len, rr, m.dev_ms, gbps(corpus.len, m.dev_ms), m.wall_ms,
                   gbps(corpus.len, m.wall_ms), (unsigned long long)m.matches);
            printf("RESULT backend=%s patterns=%s workload=scan-count bytes=%zu wall_ms=%.3f GBps_wall=%.2f "
                   "matches=%llu\n",
                   names[i], sets[p].name, corpus.len, s.wall_ms, gbps(corpus.len, s.wall_ms),
                   (unsigned long long)s.matches);
            if (want == UINT64_MAX) want = c.matches;
            if (c.matches != want || m.matches != want || s.matches != want) {
                printf("MISMATCH %s on %s: count %llu, matches %llu, scan %llu, first backend %llu\n", names[i],
                       sets[p].name, (unsigned long long)c.matches, (unsigned long long)m.matches,
                       (unsigned long long)s.matches, (unsigned long long)want);
                bad = 1;
            }
            fflush(stdout);
        }
        vyre_literal_set_free(set);
        free(lits);
    }
    for (i = 0; i < 3; i++) vyre_backend_destroy(be[i]);
    vb_patset_free(&sets[0]);
    vb_patset_free(&sets[1]);
    vb_corpus_free(&corpus);
    printf("%s\n", bad ? "ocl_perf: FAILED (see ERROR/MISMATCH lines)" : "ocl_perf: ok");
    return bad;
}
