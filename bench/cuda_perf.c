/* bench/cuda_perf.c - the CUDA backend's numbers (issue 3), one run, same bytes,
   Hyperscan on all host cores as the comparison.

   Measures: resident scan (count and match list) of >= 1 GiB of real bytes
   with the gitleaks keywords (caseless) and a 10,000-literal set; end to end
   from pinned and from pageable host memory through the native scanner;
   per-scan host overhead of resident sessions on 4 KiB scans; time to first
   result in a new process with a warm on-disk kernel cache.

   Build (developer machine, Hyperscan linked statically, then carried):
     cc -std=c99 -O2 -I. -Ibench -DVYRE_BENCH_COMMIT="\"$(git rev-parse --short HEAD)\"" bench/cuda_perf.c \
        bench/bench_corpus.c bench/bench_hs.c -o build/cuda/cuda_perf /usr/lib/x86_64-linux-gnu/libhs.a \
        -lstdc++ -lpthread -ldl -lm
   Run: build/cuda/cuda_perf [--corpus-mb N] [--reps N]   (see scripts/device_cuda.sh bench) */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#define VYRE_IMPLEMENTATION
#define VYRE_CUDA_IMPLEMENTATION
#include "vyre_cuda.h"
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int die(const char *what, const vyre_error *e) {
    fprintf(stderr, "cuda_perf: %s: %s %s\n", what, e ? e->message : "", e ? e->fix : "");
    exit(2);
}

static int u64cmp(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}
static uint64_t median(uint64_t *v, int n) {
    qsort(v, (size_t)n, sizeof *v, u64cmp);
    return v[n / 2];
}

static vyre_literal_set *set_from(const vb_patset *p) {
    vyre_literal *l = (vyre_literal *)calloc(p->count, sizeof *l);
    vyre_literal_set *set = NULL;
    vyre_compile_desc cd;
    vyre_error e;
    size_t i;
    for (i = 0; i < p->count; i++) {
        l[i].bytes = p->bytes[i];
        l[i].len = p->lens[i];
        l[i].flags = p->flags;
    }
    memset(&cd, 0, sizeof cd);
    if (vyre_literal_set_compile(l, p->count, &cd, &set, &e) != VYRE_OK) die("compile", &e);
    free(l);
    return set;
}

/* Resident tables for the generic programs (the DFA stays on the host: the
   kernels never read it, so its bindings point at END_MASK). */
static void tables_resident(vyre_backend *be, const vyre_literal_set *set, vyre_buffer tb[VYRE_LT_COUNT]) {
    int t;
    vyre_error e;
    for (t = 0; t < (int)VYRE_LT_COUNT; t++) {
        static const uint32_t zero = 0;
        const void *d = NULL;
        size_t n = 0;
        int hit;
        if (t <= VYRE_LT_OUTPUT_RECORDS) continue;
        vyre_literal_set_table(set, (vyre_lit_table)t, &d, &n);
        if (!n || !d) { d = &zero; n = 4; }
        if (vyre_cuda_static_acquire(be, d, n, &tb[t], &hit, &e) != VYRE_OK) die("static_acquire", &e);
    }
    tb[0] = tb[1] = tb[2] = tb[VYRE_LT_END_MASK];
}
static void tables_release(vyre_backend *be, vyre_buffer tb[VYRE_LT_COUNT]) {
    int t;
    for (t = VYRE_LT_OUTPUT_RECORDS + 1; t < (int)VYRE_LT_COUNT; t++) vyre_cuda_static_release(be, tb[t], NULL);
}

typedef struct resident_res {
    uint64_t count, dev_ns, wall_ns, matches_dev_ns;
} resident_res;

/* count program (and the matches program when mcap > 0) on a resident haystack */
static resident_res resident_scan(vyre_backend *be, const vyre_literal_set *set, vyre_buffer hay, uint64_t len,
                                  int reps, uint64_t mcap) {
    vyre_buffer tb[VYRE_LT_COUNT], bind[VYRE_LIT_MATCHES_BINDINGS], ctr = 0, mat = 0;
    uint64_t sc[3], dev[32], wall[32];
    vyre_dispatch d;
    vyre_op ops[3];
    vyre_timing tm;
    vyre_error e;
    resident_res rr;
    int i, t;
    memset(&rr, 0, sizeof rr);
    tables_resident(be, set, tb);
    if (vyre_buffer_alloc(be, 16, &ctr, &e) != VYRE_OK) die("alloc", &e);
    bind[0] = hay;
    for (t = 0; t < (int)VYRE_LT_COUNT; t++) bind[1 + t] = tb[t];
    bind[VYRE_LIT_BINDING_OUT0] = ctr;
    sc[0] = len;
    sc[1] = 0;
    vyre_kit_dispatch(&d, VYRE_PROGRAM_LIT_COUNT, bind, VYRE_LIT_COUNT_BINDINGS, sc, 2);
    memset(ops, 0, sizeof ops);
    ops[0].kind = VYRE_OP_FILL; ops[0].buffer = ctr; ops[0].len = 16;
    ops[1].kind = VYRE_OP_DISPATCH; ops[1].dispatch = &d;
    ops[2].kind = VYRE_OP_DOWNLOAD; ops[2].buffer = ctr; ops[2].len = 8; ops[2].dst = &rr.count;
    if (reps > 32) reps = 32;
    for (i = 0; i <= reps; i++) { /* the first is a warm-up */
        if (vyre_sequence(be, ops, 3, &tm, &e) != VYRE_OK) die("count sequence", &e);
        if (i) { dev[i - 1] = tm.device_ns; wall[i - 1] = tm.wall_ns; }
    }
    rr.dev_ns = median(dev, reps);
    rr.wall_ns = median(wall, reps);
    if (mcap) {
        uint32_t c2[2];
        if (vyre_buffer_alloc(be, (size_t)mcap * 8, &mat, &e) != VYRE_OK) die("alloc matches", &e);
        bind[VYRE_LIT_BINDING_OUT1] = mat;
        sc[2] = mcap;
        vyre_kit_dispatch(&d, VYRE_PROGRAM_LIT_MATCHES, bind, VYRE_LIT_MATCHES_BINDINGS, sc, 3);
        ops[2].len = 8; ops[2].dst = c2;
        for (i = 0; i <= reps; i++) {
            if (vyre_sequence(be, ops, 3, &tm, &e) != VYRE_OK) die("matches sequence", &e);
            if (i) dev[i - 1] = tm.device_ns;
        }
        rr.matches_dev_ns = median(dev, reps);
        if (c2[0] != rr.count) fprintf(stderr, "cuda_perf: matches total %u != count %llu\n", c2[0], (unsigned long long)rr.count);
        vyre_buffer_free(be, mat, NULL);
    }
    vyre_buffer_free(be, ctr, NULL);
    tables_release(be, tb);
    return rr;
}

static double gbs(uint64_t bytes, uint64_t ns) { return ns ? (double)bytes / (double)ns : 0.0; }

/* Child mode: time from process start to the first result (warm disk cache). */
static int first_result(void) {
    uint64_t t0 = vyre_now_ns(), c = 0;
    vyre_backend *be = NULL;
    vyre_literal_set *set = NULL;
    vyre_scanner *sc = NULL;
    vyre_error e;
    vb_patset p;
    char er[256];
    static char text[4096];
    vyre_cuda_module_info mi;
    size_t i;
    for (i = 0; i < sizeof text; i++) text[i] = "password token api_key AKIA secret\n"[i % 35];
    if (vb_patset_gitleaks(&p, er, sizeof er) != 0) { fprintf(stderr, "%s\n", er); return 2; }
    if (vyre_cuda_backend_create(NULL, &be, &e) != VYRE_OK) die("create", &e);
    set = set_from(&p);
    if (vyre_scanner_create(be, set, NULL, &sc, &e) != VYRE_OK) die("scanner", &e);
    if (vyre_scan_count(sc, text, sizeof text, &c, &e) != VYRE_OK) die("scan", &e);
    vyre_cuda_module_info_get(be, &mi, NULL);
    printf("first-result %.2f ms (backend create %.2f ms, kernels %s), %llu matches\n", (vyre_now_ns() - t0) / 1e6,
           mi.create_ns / 1e6, mi.from_disk_cache ? "from disk cache" : "compiled", (unsigned long long)c);
    vyre_scanner_destroy(sc);
    vyre_literal_set_free(set);
    vyre_backend_destroy(be);
    vb_patset_free(&p);
    return 0;
}

static void session_overhead(vyre_backend *be, const vyre_literal_set *set, const vb_corpus *c) {
    enum { N = 2000 };
    static uint64_t ov[N], wall[N], dev[N];
    vyre_match_session *ms = NULL;
    vyre_presence_session *ps = NULL;
    static vyre_match out[4096];
    uint32_t words = vyre_presence_words(set), *pres = (uint32_t *)calloc(words * 4u, 4), rs[4] = {0, 1024, 2048, 3072};
    vyre_timing tm;
    vyre_error e;
    size_t n = 0;
    int i;
    if (vyre_match_session_create(be, set, 4096, 4096, &ms, &e) != VYRE_OK) die("match session", &e);
    for (i = 0; i < N + 50; i++) {
        size_t off = ((size_t)i * 4096 * 37) % (c->len - 4096);
        vyre_result r = vyre_match_session_scan(ms, c->data + off, 4096, out, 4096, &n, &tm, &e);
        if (r != VYRE_OK && r != VYRE_ERR_MATCH_CAPACITY) die("match session scan", &e);
        if (i >= 50) { wall[i - 50] = tm.wall_ns; dev[i - 50] = tm.device_ns; ov[i - 50] = tm.wall_ns - tm.device_ns; }
    }
    printf("match session 4KiB: wall %.2f us, device %.2f us, wall-device %.2f us (medians of %d)\n",
           median(wall, N) / 1e3, median(dev, N) / 1e3, median(ov, N) / 1e3, N);
    vyre_match_session_free(ms, NULL);
    if (vyre_presence_session_create(be, set, 4096, 4, &ps, &e) != VYRE_OK) die("presence session", &e);
    for (i = 0; i < N + 50; i++) {
        size_t off = ((size_t)i * 4096 * 37) % (c->len - 4096);
        if (vyre_presence_session_scan(ps, c->data + off, 4096, rs, 4, 0, pres, words * 4u, &tm, &e) != VYRE_OK)
            die("presence session scan", &e);
        if (i >= 50) { wall[i - 50] = tm.wall_ns; dev[i - 50] = tm.device_ns; ov[i - 50] = tm.wall_ns - tm.device_ns; }
    }
    printf("presence session 4KiB: wall %.2f us, device %.2f us, wall-device %.2f us (medians of %d)\n",
           median(wall, N) / 1e3, median(dev, N) / 1e3, median(ov, N) / 1e3, N);
    vyre_presence_session_free(ps, NULL);
    free(pres);
}

int main(int argc, char **argv) {
    size_t corpus_mb = 1100;
    int reps = 7, i;
    vyre_backend *be = NULL;
    vyre_error e;
    vb_corpus c;
    vb_patset gl, rnd;
    char er[512], mach[256];
    vyre_device_profile prof;
    vyre_buffer hay = 0;
    unsigned threads;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--first") == 0) return first_result();
        if (strcmp(argv[i], "--corpus-mb") == 0 && i + 1 < argc) corpus_mb = (size_t)atoi(argv[++i]);
        if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc) reps = atoi(argv[++i]);
    }
    vb_machine(mach, sizeof mach);
    printf("cuda_perf: vyre %s commit %s, hyperscan %s\nmachine: %s\n", vyre_version(), vb_commit(), vb_hs_version(), mach);
    if (vyre_cuda_backend_create(NULL, &be, &e) != VYRE_OK) die("create", &e);
    vyre_backend_profile(be, &prof, NULL);
    printf("device: %s, sm_%u, %u SMs, %s\n", prof.device_name, prof.arch, prof.compute_units, vyre_backend_version(be));
    memset(&c, 0, sizeof c);
    if (vb_corpus_build(&c, corpus_mb << 20, (size_t)64 << 20, er, sizeof er) != 0) { fprintf(stderr, "%s\n", er); return 2; }
    printf("corpus: %s\n", c.desc);
    if (vb_patset_gitleaks(&gl, er, sizeof er) != 0) { fprintf(stderr, "%s\n", er); return 2; }
    if (vb_patset_random(&rnd, &c, 10000, 0x10000) != 0) { fprintf(stderr, "rand10k failed\n"); return 2; }
    threads = vb_online_cpus();
    if (vyre_buffer_alloc(be, (c.len + 15) & ~(size_t)15, &hay, &e) != VYRE_OK) die("alloc haystack", &e);
    if (vyre_buffer_upload(be, hay, 0, c.data, c.len, &e) != VYRE_OK) die("upload haystack", &e);
    {
        const vb_patset *ps[2];
        int k;
        ps[0] = &gl;
        ps[1] = &rnd;
        for (k = 0; k < 2; k++) {
            vyre_literal_set *set = set_from(ps[k]);
            resident_res rr = resident_scan(be, set, hay, c.len, reps, k == 0 ? 0 : 0);
            vb_hs *h1 = NULL, *hn = NULL;
            uint64_t hm1 = 0, hmn = 0, t0, hs1[3], hsn[3];
            int j;
            /* the match-list program too, with room for every match */
            {
                resident_res rm = resident_scan(be, set, hay, c.len, 3, rr.count + 16);
                rr.matches_dev_ns = rm.matches_dev_ns;
            }
            if (vb_hs_create(ps[k], 1, &h1, er, sizeof er) != 0 || vb_hs_create(ps[k], threads, &hn, er, sizeof er) != 0) {
                fprintf(stderr, "%s\n", er);
                return 2;
            }
            for (j = 0; j < 3; j++) {
                t0 = vb_now_ns(); vb_hs_count(hn, c.data, c.len, &hmn); hsn[j] = vb_now_ns() - t0;
            }
            t0 = vb_now_ns(); vb_hs_count(h1, c.data, c.len > (256u << 20) ? (256u << 20) : c.len, &hm1); hs1[0] = vb_now_ns() - t0;
            printf("\n[%s: %zu patterns, %zu..%zu bytes%s] %zu bytes\n", ps[k]->name, ps[k]->count, ps[k]->min_len,
                   ps[k]->max_len, ps[k]->flags ? ", caseless" : "", c.len);
            printf("  resident count   : %8.1f GB/s device (median %.3f ms of %d), wall %.3f ms, %llu matches\n",
                   gbs(c.len, rr.dev_ns), rr.dev_ns / 1e6, reps, rr.wall_ns / 1e6, (unsigned long long)rr.count);
            printf("  resident matches : %8.1f GB/s device (median %.3f ms), all %llu matches written\n",
                   gbs(c.len, rr.matches_dev_ns), rr.matches_dev_ns / 1e6, (unsigned long long)rr.count);
            printf("  hyperscan %2u thr : %8.2f GB/s (median %.1f ms), %llu matches %s\n", threads,
                   gbs(c.len, median(hsn, 3)), median(hsn, 3) / 1e6, (unsigned long long)hmn,
                   hmn == rr.count ? "(== vyre)" : "(MISMATCH vs vyre)");
            printf("  hyperscan  1 thr : %8.2f GB/s (on the first %zu bytes)\n",
                   gbs(c.len > (256u << 20) ? (256u << 20) : c.len, hs1[0]), c.len > (256u << 20) ? (size_t)256 << 20 : c.len);
            printf("  ratio            : %.1fx hyperscan on %u threads\n",
                   gbs(c.len, rr.dev_ns) / gbs(c.len, median(hsn, 3)), threads);
            vb_hs_free(h1);
            vb_hs_free(hn);
            if (k == 0) {
                /* end to end through the native scanner: pinned and pageable */
                vyre_scanner *sc = NULL;
                uint8_t *pin = NULL;
                uint64_t cnt = 0, w[5];
                int q;
                if (vyre_scanner_create(be, set, NULL, &sc, &e) != VYRE_OK) die("scanner", &e);
                if (vyre_cuda_host_alloc(be, c.len, (void **)&pin, &e) != VYRE_OK) die("host_alloc", &e);
                memcpy(pin, c.data, c.len);
                for (q = 0; q < 5; q++) {
                    t0 = vb_now_ns();
                    if (vyre_scan_count(sc, pin, c.len, &cnt, &e) != VYRE_OK) die("scan pinned", &e);
                    w[q] = vb_now_ns() - t0;
                }
                printf("  end-to-end pinned  : %6.1f GB/s wall (median %.1f ms), %llu matches %s\n", gbs(c.len, median(w, 5)),
                       median(w, 5) / 1e6, (unsigned long long)cnt, cnt == rr.count ? "(== resident)" : "(MISMATCH)");
                for (q = 0; q < 3; q++) {
                    t0 = vb_now_ns();
                    if (vyre_scan_count(sc, c.data, c.len, &cnt, &e) != VYRE_OK) die("scan pageable", &e);
                    w[q] = vb_now_ns() - t0;
                }
                printf("  end-to-end pageable: %6.1f GB/s wall (median %.1f ms), %llu matches %s\n", gbs(c.len, median(w, 3)),
                       median(w, 3) / 1e6, (unsigned long long)cnt, cnt == rr.count ? "(== resident)" : "(MISMATCH)");
                vyre_cuda_host_free(be, pin);
                vyre_scanner_destroy(sc);
                session_overhead(be, set, &c);
            }
            vyre_literal_set_free(set);
        }
    }
    vyre_buffer_free(be, hay, NULL);
    vyre_backend_destroy(be);
    /* time to first result in a new process (run twice: the first warms the disk cache) */
    for (i = 0; i < 2; i++) {
        uint64_t t0 = vb_now_ns();
        pid_t pid = fork();
        int st = 0;
        if (pid == 0) {
            char self[1024];
            ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
            if (n <= 0) _exit(3);
            self[n] = 0;
            execl(self, self, "--first", (char *)NULL);
            _exit(3);
        }
        waitpid(pid, &st, 0);
        printf("new process #%d: %.2f ms fork to exit\n", i + 1, (vb_now_ns() - t0) / 1e6);
    }
    vb_patset_free(&gl);
    vb_patset_free(&rnd);
    vb_corpus_free(&c);
    return 0;
}
