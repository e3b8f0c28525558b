/* bench/engine_bench.c - the persistent engine (vyre.h >>engine, issue 13)
   against the per-launch path, in one run on the same jobs.
   `make bench-engine` builds and runs it (scripts/gpu_ring.sh on the GPU).

   Jobs: BENCH_ENGINE_JOBS (default 10,000) jobs of BENCH_ENGINE_JOB_BYTES
   (default 1 KiB) cut from the corpus (real bytes of this machine), gitleaks
   keywords caseless, BENCH_ENGINE_PRODUCERS (default 4) producer threads,
   each submitting and collecting its share through one shared engine.
     engine      vyre_engine_* with VYRE_ENGINE_AUTO (the backend's persistent
                 consumers when it has them); the path is printed
     batched     vyre_engine_* with VYRE_ENGINE_DISABLE (region scans of the
                 jobs in the ring)
     per-launch  vyre_scan of each job (one scanner per producer thread)
   Each figure is the median of BENCH_REPS (default 5) runs, interleaved; the
   total match count of the three must agree (else MISMATCH, exit 1). Then
   the latency from submit to completion at 50% of the engine's measured
   throughput (open loop: each producer submits on a fixed schedule), p50
   and p99. Goals (H200): >= 5M jobs/s, >= 20x per-launch, p50 <= 15 us,
   p99 <= 60 us.

   Environment: BENCH_ENGINE_BACKEND=cuda|opencl|cpu (default: cuda if
   present, else cpu), BENCH_ENGINE_JOBS, BENCH_ENGINE_JOB_BYTES,
   BENCH_ENGINE_PRODUCERS, BENCH_REPS, VYRE_BENCH_KEYWORDS=path, BENCH_ENGINE_WORKERS
   (vyre_engine_desc.workers of the engine runs; CUDA: scanner warps), BENCH_LAT_LOADS
   (comma-separated fractions of the measured throughput for the latency runs; default 0.5),
   BENCH_LAT_REPS (default 3), BENCH_ENGINE_BATCH (jobs per vyre_engine_submit_many call in the
   submit_many lines; default 16). */
#define _POSIX_C_SOURCE 200809L
#include "bench.h"
#include "vyre.h"
#include "vyre_cuda.h"
#include "vyre_ocl.h"

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const uint8_t *g_jobs;         /* njobs * job_bytes */
static size_t g_job_bytes;
static uint32_t g_njobs, g_producers;
static vyre_literal_set *g_set;
static uint32_t g_workers;            /* BENCH_ENGINE_WORKERS: vyre_engine_desc.workers of the engine runs (0: default) */
static vyre_backend *g_be;

static void die(const char *what, const vyre_error *e) {
    char line[900];
    fprintf(stderr, "engine_bench: %s: %s\n", what, e ? vyre_error_format(e, line, sizeof line) : "failed");
    exit(2);
}
static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}
static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}
static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}
static uint64_t env_u64(const char *name, uint64_t def) {
    const char *s = getenv(name);
    return s && *s ? vb_parse_size(s) : def;
}

/* ---- one producer: submit its share, collect in FIFO order ---------- */
typedef struct prod {
    vyre_engine *e;
    vyre_scanner *sc;                 /* per-launch mode */
    uint32_t id;
    uint64_t matches;
    int failed;
    double rate;                      /* jobs/s for this producer (latency mode), 0 = as fast as possible */
    uint64_t *lat;                    /* latency mode: ns per job */
    uint32_t nlat;
    char msg[600];
} prod;
enum { WINDOW = 512 };
/* latency runs: the device trace of every collected job (vyre_job_info.dev_*; 0 on host consumers) */
static uint32_t *g_dw, *g_ds, g_nd;
static void trace_add(const vyre_job_info *info) {
    uint32_t k = __atomic_fetch_add(&g_nd, 1u, __ATOMIC_RELAXED);
    if (k < g_njobs) { g_dw[k] = info->dev_wait_ns; g_ds[k] = info->dev_scan_ns; }
}
static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int collect_one(prod *p, vyre_job j, vyre_match *m, size_t cap) {
    size_t n = 0;
    vyre_job_info info;
    vyre_error e;
    vyre_result r = vyre_engine_wait(p->e, j, 0, m, cap, &n, &info, &e);
    if (r == VYRE_ERR_MATCH_CAPACITY) r = vyre_engine_wait(p->e, j, 0, NULL, 0, &n, &info, &e) == VYRE_ERR_MATCH_CAPACITY ? VYRE_ERR_MATCH_CAPACITY : r;
    if (r == VYRE_ERR_MATCH_CAPACITY) { /* count only: collect with a buffer as large as needed */
        vyre_match *big = (vyre_match *)malloc(n * sizeof *big);
        size_t n2 = 0;
        r = big ? vyre_engine_wait(p->e, j, 0, big, n, &n2, &info, &e) : VYRE_ERR_OUT_OF_MEMORY;
        free(big);
        n = n2;
    }
    if (r != VYRE_OK) { vyre_error_format(&e, p->msg, sizeof p->msg); p->failed = 1; return -1; }
    p->matches += n;
    if (p->lat) { p->lat[p->nlat++] = info.complete_ns - info.submit_ns; trace_add(&info); }
    return 0;
}
static void *producer_engine(void *arg) {
    prod *p = (prod *)arg;
    vyre_job win[WINDOW];
    vyre_match m[256];
    uint32_t head = 0, tail = 0, i;
    uint64_t t0 = vb_now_ns();
    vyre_error e;
    for (i = p->id; i < g_njobs; i += g_producers) {
        vyre_result r;
        if (p->rate > 0) { /* open loop: wait for this job's slot in the schedule, collecting meanwhile */
            uint64_t due = t0 + (uint64_t)((double)(i / g_producers) * 1e9 / p->rate);
            while (vb_now_ns() < due) {
                size_t n = 0;
                if (tail != head) {
                    vyre_job_info info;
                    r = vyre_engine_poll(p->e, win[tail % WINDOW], m, 256, &n, &info, &e);
                    if (r == VYRE_OK) {
                        p->matches += n; p->lat[p->nlat++] = info.complete_ns - info.submit_ns; trace_add(&info); tail++;
                        continue;
                    }
                    if (r != VYRE_PENDING && collect_one(p, win[tail++ % WINDOW], m, 256)) return NULL;
                }
                if (vb_online_cpus() <= 2u * g_producers) sched_yield();   /* leave host consumers their CPUs */
            }
        }
        if (head - tail == WINDOW && collect_one(p, win[tail++ % WINDOW], m, 256)) return NULL;
        while ((r = vyre_engine_submit(p->e, 0, g_jobs + (size_t)i * g_job_bytes, g_job_bytes, i, &win[head % WINDOW], &e)) ==
               VYRE_ERR_RING_FULL) {
            if (tail == head) sched_yield();
            else if (collect_one(p, win[tail++ % WINDOW], m, 256)) return NULL;
        }
        if (r != VYRE_OK) { vyre_error_format(&e, p->msg, sizeof p->msg); p->failed = 1; return NULL; }
        head++;
    }
    while (tail != head)
        if (collect_one(p, win[tail++ % WINDOW], m, 256)) return NULL;
    return NULL;
}
/* the same through vyre_engine_submit_many: groups of g_batch consecutive jobs of this producer */
static uint32_t g_batch = 16;          /* BENCH_ENGINE_BATCH */
static void *producer_many(void *arg) {
    prod *p = (prod *)arg;
    vyre_job win[WINDOW], got[64];
    vyre_engine_job_desc d[64];
    vyre_match m[256];
    uint32_t head = 0, tail = 0, i = p->id, k, n;
    vyre_error e;
    while (i < g_njobs) {
        vyre_result r;
        for (n = 0; n < g_batch && i < g_njobs; n++, i += g_producers) {
            d[n].rule_set_id = 0; d[n].data = g_jobs + (size_t)i * g_job_bytes; d[n].len = g_job_bytes; d[n].user_tag = i;
        }
        while (head - tail + n > WINDOW)
            if (collect_one(p, win[tail++ % WINDOW], m, 256)) return NULL;
        while ((r = vyre_engine_submit_many(p->e, d, n, got, &e)) == VYRE_ERR_RING_FULL) {
            if (tail == head) sched_yield();
            else if (collect_one(p, win[tail++ % WINDOW], m, 256)) return NULL;
        }
        if (r != VYRE_OK) { vyre_error_format(&e, p->msg, sizeof p->msg); p->failed = 1; return NULL; }
        for (k = 0; k < n; k++) win[head++ % WINDOW] = got[k];
    }
    while (tail != head)
        if (collect_one(p, win[tail++ % WINDOW], m, 256)) return NULL;
    return NULL;
}
static void *producer_launch(void *arg) {
    prod *p = (prod *)arg;
    uint32_t i;
    vyre_error e;
    for (i = p->id; i < g_njobs; i += g_producers) {
        uint64_t n = 0;
        if (vyre_scan_count(p->sc, g_jobs + (size_t)i * g_job_bytes, g_job_bytes, &n, &e) != VYRE_OK) {
            vyre_error_format(&e, p->msg, sizeof p->msg);
            p->failed = 1;
            return NULL;
        }
        p->matches += n;
    }
    return NULL;
}

/* ---- the host side's ceiling: a persistent backend whose consumers scan
   nothing. BENCH_NULL_THREADS (default 2) host threads claim ring items from the engine block
   (the vyre.h >>ring protocol on the documented layout) and publish each job
   as done with 0 matches; no notify, so waiters spin as they do for a
   device. Submit + claim + publish + collect, no scan: what the host
   protocol can carry with this many producers on this machine. */
enum { NULL_MAX_THREADS = 16 };
static uint32_t g_null_threads = 2;   /* BENCH_NULL_THREADS */
typedef struct nullc {
    vyre_engine_plan plan;
    uint8_t *block;
    pthread_t th[NULL_MAX_THREADS];
} nullc;
static vyre_backend_vtable g_null_vt;
static vyre_result (*g_cpu_profile)(void *, vyre_device_profile *, vyre_error *);
static const char *null_id(void *self) { (void)self; return "null-consumer"; }
static void null_destroy(void *self) { (void)self; }
static vyre_result null_profile(void *self, vyre_device_profile *out, vyre_error *err) {
    vyre_result r = g_cpu_profile(self, out, err);
    out->caps = (out->caps & ~VYRE_CAP_HOST_MEMORY) | VYRE_CAP_PERSISTENT;
    return r;
}
static void *null_worker(void *arg) {
    nullc *N = (nullc *)arg;
    const vyre_engine_plan *p = &N->plan;
    uint64_t *head = (uint64_t *)(void *)(N->block + p->off_ring), *tail = head + 8, *words = head + 16;
    uint64_t *ready = words + 2u * (size_t)p->ring_capacity;
    uint32_t *ctl = (uint32_t *)(void *)(N->block + p->off_ctl);
    for (;;) {
        uint64_t t = __atomic_load_n(tail, __ATOMIC_ACQUIRE);
        uint32_t sl = vyre_engine_ring_slot(p->ring_capacity, t);   /* the engine ring's slot order */
        uint64_t seq = __atomic_load_n(&ready[sl], __ATOMIC_ACQUIRE);
        if (seq == t + 1u) {
            if (__atomic_compare_exchange_n(tail, &t, t + 1u, 1, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
                uint32_t j = (uint32_t)(__atomic_load_n(&words[2u * (size_t)sl + 1u], __ATOMIC_RELAXED) >> 32);
                uint8_t *s = N->block + p->off_results + (size_t)j * p->result_stride;
                __atomic_store_n(&ready[sl], t + p->ring_capacity, __ATOMIC_RELEASE);
                memset(s + 4, 0, 20);   /* flags, count, status, complete_ns */
                __atomic_store_n((uint32_t *)(void *)s, 1u, __ATOMIC_RELEASE);
            }
            continue;
        }
        if (__atomic_load_n(&ctl[VYRE_ENGINE_CTL_STOP], __ATOMIC_ACQUIRE)) break;
        if (vb_online_cpus() <= g_producers + g_null_threads) sched_yield();
    }
    return NULL;
}
static vyre_result null_open(void *self, const vyre_engine_plan *plan, void **block, void **state, vyre_error *err) {
    nullc *N = (nullc *)calloc(1, sizeof *N);
    void *blk = NULL;
    (void)self; (void)err;
    if (!N || posix_memalign(&blk, 64, plan->block_bytes) != 0) { free(N); return VYRE_ERR_OUT_OF_MEMORY; }
    memset(blk, 0, plan->block_bytes);
    N->plan = *plan;
    N->block = (uint8_t *)blk;
    if (plan->consumers) *plan->consumers = g_null_threads;
    *block = blk;
    *state = N;
    return VYRE_OK;
}
static vyre_result null_start(void *self, void *state, vyre_error *err) {
    nullc *N = (nullc *)state;
    int i;
    (void)self; (void)err;
    for (i = 0; i < (int)g_null_threads; i++) pthread_create(&N->th[i], NULL, null_worker, N);
    return VYRE_OK;
}
static vyre_result null_close(void *self, void *state, vyre_error *err) {
    nullc *N = (nullc *)state;
    int i;
    (void)self; (void)err;
    for (i = 0; i < (int)g_null_threads; i++) pthread_join(N->th[i], NULL);   /* the core stored STOP */
    free(N->block);
    free(N);
    return VYRE_OK;
}

/* mode 0: engine AUTO, 1: engine DISABLE, 2: per-launch, 3: engine AUTO over
   the null-consumer backend, 4 and 5: modes 0 and 3 submitting with
   vyre_engine_submit_many. Returns jobs/s. */
static vyre_backend *g_null, *g_null_owner;
static double run(int mode, uint64_t *matches, char *path, size_t pathn, double rate, uint64_t *lat) {
    prod P[64];
    pthread_t th[64];
    vyre_engine *e = NULL;
    vyre_engine_set sets[1];
    vyre_engine_desc d;
    vyre_error err;
    uint64_t t0, t1, total = 0;
    uint32_t i, nl = 0;
    memset(P, 0, sizeof P);
    if (mode != 2) {
        memset(&d, 0, sizeof d);
        sets[0].literal = g_set;
        d.mode = mode == 1 ? VYRE_ENGINE_DISABLE : VYRE_ENGINE_AUTO;
        d.sets = sets; d.set_count = 1;
        d.max_jobs = 4096; d.max_job_bytes = (uint32_t)g_job_bytes; d.max_matches_per_job = 64;
        if (mode == 0 || mode == 4) d.workers = g_workers;
        if (vyre_engine_create(mode == 3 || mode == 5 ? g_null : g_be, &d, &e, &err) != VYRE_OK) die("vyre_engine_create", &err);
        if (path) {
            vyre_engine_stats st;
            vyre_engine_get_stats(e, &st, &err);
            snprintf(path, pathn, "%s", st.path_reason);
        }
    }
    for (i = 0; i < g_producers; i++) {
        P[i].e = e; P[i].id = i; P[i].rate = rate;
        if (lat) P[i].lat = lat + (size_t)i * (g_njobs / g_producers + 1);
        if (mode == 2 && vyre_scanner_create(g_be, g_set, NULL, &P[i].sc, &err) != VYRE_OK) die("vyre_scanner_create", &err);
    }
    t0 = vb_now_ns();
    for (i = 0; i < g_producers; i++)
        pthread_create(&th[i], NULL, mode == 2 ? producer_launch : mode >= 4 ? producer_many : producer_engine, &P[i]);
    for (i = 0; i < g_producers; i++) pthread_join(th[i], NULL);
    t1 = vb_now_ns();
    for (i = 0; i < g_producers; i++) {
        if (P[i].failed) { fprintf(stderr, "engine_bench: producer %u: %s\n", i, P[i].msg); exit(2); }
        total += P[i].matches;
        vyre_scanner_destroy(P[i].sc);
        if (lat && P[i].nlat) { memmove(lat + nl, P[i].lat, P[i].nlat * sizeof *lat); nl += P[i].nlat; }
    }
    if (e && vyre_engine_destroy(e, &err) != VYRE_OK) die("vyre_engine_destroy", &err);
    *matches = total;
    if (lat) lat[g_njobs] = nl;
    return (double)g_njobs / ((double)(t1 - t0) / 1e9);
}

int main(void) {
    vb_corpus corpus;
    vb_patset ps;
    char err[512], line[900], path[200];
    vyre_error e;
    vyre_literal *lits;
    const char *bname = getenv("BENCH_ENGINE_BACKEND");
    int reps = (int)env_u64("BENCH_REPS", 5), k, bad = 0;
    double eng[64], bat[64], per[64], nul[64], eng_m[64], nul_m[64], me, mb, mp, mn, mem, mnm;
    uint64_t m_eng = 0, m_bat = 0, m_per = 0, *lat;
    size_t i;
    uint8_t *jobs;
    if (reps < 1) reps = 1;
    if (reps > 64) reps = 64;
    g_njobs = (uint32_t)env_u64("BENCH_ENGINE_JOBS", 10000);
    g_job_bytes = (size_t)env_u64("BENCH_ENGINE_JOB_BYTES", 1024);
    g_producers = (uint32_t)env_u64("BENCH_ENGINE_PRODUCERS", 4);
    g_null_threads = (uint32_t)env_u64("BENCH_NULL_THREADS", 2);
    g_workers = (uint32_t)env_u64("BENCH_ENGINE_WORKERS", 0);
    g_batch = (uint32_t)env_u64("BENCH_ENGINE_BATCH", 16);
    if (g_batch < 1) g_batch = 1;
    if (g_batch > 64) g_batch = 64;
    if (g_null_threads < 1) g_null_threads = 1;
    if (g_null_threads > NULL_MAX_THREADS) g_null_threads = NULL_MAX_THREADS;
    if (g_producers < 1 || g_producers > 64 || g_njobs < 1 || g_job_bytes < 1) { fprintf(stderr, "engine_bench: bad sizes\n"); return 2; }
    if (vb_corpus_build(&corpus, (size_t)g_njobs * g_job_bytes + VB_MIB, 4 * VB_MIB, err, sizeof err)) { fprintf(stderr, "engine_bench: %s\n", err); return 2; }
    if (vb_patset_gitleaks(&ps, err, sizeof err)) { fprintf(stderr, "engine_bench: %s\n", err); return 2; }
    jobs = (uint8_t *)malloc((size_t)g_njobs * g_job_bytes);
    lits = (vyre_literal *)calloc(ps.count, sizeof *lits);
    lat = (uint64_t *)calloc((size_t)g_njobs + g_producers + 1, sizeof *lat);
    g_dw = (uint32_t *)calloc((size_t)g_njobs, sizeof *g_dw);
    g_ds = (uint32_t *)calloc((size_t)g_njobs, sizeof *g_ds);
    if (!jobs || !lits || !lat || !g_dw || !g_ds) return 2;
    for (i = 0; i < (size_t)g_njobs * g_job_bytes; i++) jobs[i] = corpus.data[i % corpus.len];
    g_jobs = jobs;
    for (i = 0; i < ps.count; i++) { lits[i].bytes = ps.bytes[i]; lits[i].len = ps.lens[i]; lits[i].flags = ps.flags; }
    if (vyre_literal_set_compile(lits, ps.count, NULL, &g_set, &e) != VYRE_OK) die("compile", &e);
    if (!bname || !strcmp(bname, "cuda")) {
        if (vyre_cuda_backend_create(NULL, &g_be, &e) != VYRE_OK) {
            if (bname) die("vyre_cuda_backend_create", &e);
            printf("SKIP backend cuda: %s\n", vyre_error_format(&e, line, sizeof line));
            bname = "cpu";
        } else bname = "cuda";
    }
    if (!g_be && !strcmp(bname, "opencl") && vyre_ocl_backend_create(NULL, &g_be, &e) != VYRE_OK) die("vyre_ocl_backend_create", &e);
    if (!g_be && !strcmp(bname, "cpu") && vyre_cpu_backend_create(NULL, &g_be, &e) != VYRE_OK) die("vyre_cpu_backend_create", &e);
    if (!g_be) { fprintf(stderr, "engine_bench: unknown BENCH_ENGINE_BACKEND=%s\n", bname); return 2; }
    vb_machine(line, sizeof line);
    printf("engine_bench at %s on %s, backend %s (%s)\n", vb_commit(), line, bname, vyre_backend_version(g_be));
    printf("jobs: %u x %zu B from %s; patterns: %s (%zu, caseless); %u producer threads; %d reps\n", g_njobs, g_job_bytes,
           corpus.desc, ps.name, ps.count, g_producers, reps);
    {
        vyre_backend *cpu1 = NULL;
        if (vyre_cpu_backend_create(&(vyre_cpu_desc){1, VYRE_CPU_ENGINE_AUTO, 0, {0}}, &cpu1, &e) != VYRE_OK) die("cpu backend", &e);
        g_null_vt = *vyre_backend_vtable_of(cpu1);
        g_cpu_profile = g_null_vt.profile;
        g_null_vt.id = null_id; g_null_vt.profile = null_profile; g_null_vt.destroy = null_destroy; g_null_vt.shutdown = NULL;
        g_null_vt.engine_open = null_open; g_null_vt.engine_start = null_start; g_null_vt.engine_kick = NULL;
        g_null_vt.engine_close = null_close;
        if (vyre_backend_wrap(&g_null_vt, vyre_backend_self(cpu1), NULL, &g_null, &e) != VYRE_OK) die("null backend", &e);
        g_null_owner = cpu1;
    }
    for (k = 0; k < reps; k++) {
        uint64_t a, b, c, z, a2;
        eng[k] = run(0, &a, k == 0 ? path : NULL, sizeof path, 0, NULL);
        bat[k] = run(1, &b, NULL, 0, 0, NULL);
        per[k] = run(2, &c, NULL, 0, 0, NULL);
        nul[k] = run(3, &z, NULL, 0, 0, NULL);
        eng_m[k] = run(4, &a2, NULL, 0, 0, NULL);
        nul_m[k] = run(5, &z, NULL, 0, 0, NULL);
        if (k == 0) { m_eng = a; m_bat = b; m_per = c; }
        if (a != c || b != c || a != m_eng || a2 != c) bad = 1;
    }
    me = median(eng, reps); mb = median(bat, reps); mp = median(per, reps); mn = median(nul, reps);
    mem = median(eng_m, reps); mnm = median(nul_m, reps);
    printf("engine AUTO path: %s\n", path);
    printf("throughput (median of %d runs of %u jobs, %u producers):\n", reps, g_njobs, g_producers);
    printf("  resident    %12.0f jobs/s  %8.2f GB/s  (%llu matches; engine AUTO)\n", me, me * (double)g_job_bytes / 1e9, (unsigned long long)m_eng);
    printf("  batched     %12.0f jobs/s  %8.2f GB/s  (%llu matches; engine DISABLE: region scans of what is in the ring)\n", mb,
           mb * (double)g_job_bytes / 1e9, (unsigned long long)m_bat);
    printf("  per-launch  %12.0f jobs/s  %8.2f GB/s  (%llu matches; one vyre_scan_count per job)\n", mp, mp * (double)g_job_bytes / 1e9,
           (unsigned long long)m_per);
    printf("  host ceiling %11.0f jobs/s               (null consumers: submit + claim + publish + collect, no scan)\n", mn);
    printf("  resident, submit_many %12.0f jobs/s  %8.2f GB/s  (%u jobs a call; engine AUTO)\n", mem, mem * (double)g_job_bytes / 1e9,
           g_batch);
    printf("  host ceiling, submit_many %8.0f jobs/s               (null consumers, %u jobs a call)\n", mnm, g_batch);
    printf("goal: resident >= 5,000,000 jobs/s: %s (%.2fM one job a call; %.2fM with submit_many of %u); resident / per-launch >= 20x: "
           "%s (%.1fx); batched / per-launch %.1fx\n",
           me >= 5e6 ? "MET" : mem >= 5e6 ? "MET with submit_many only" : "MISSED", me / 1e6, mem / 1e6, g_batch,
           me >= 20.0 * mp ? "MET" : "MISSED", me / mp, mb / mp);
    {
        /* BENCH_LAT_LOADS: comma-separated fractions of the resident throughput just measured
           (default 0.5, the goal's load); the goal is judged at 0.5 when it is in the list */
        int lreps = (int)env_u64("BENCH_LAT_REPS", 3), q, goal_done = 0;
        const char *loads = getenv("BENCH_LAT_LOADS");
        char lbuf[256], *tok, *save = NULL;
        if (lreps < 1) lreps = 1;
        if (lreps > 16) lreps = 16;
        snprintf(lbuf, sizeof lbuf, "%s", loads && *loads ? loads : "0.5");
        for (tok = strtok_r(lbuf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            double load = atof(tok), p50s[16], p99s[16], offered, p50, p99;
            if (load <= 0 || load > 1) { fprintf(stderr, "engine_bench: BENCH_LAT_LOADS entry %s is not in (0, 1]\n", tok); return 2; }
            offered = me * load;
            for (q = 0; q < lreps; q++) {
                uint64_t mm, n;
                g_nd = 0;
                run(0, &mm, NULL, 0, offered / (double)g_producers, lat);
                n = lat[g_njobs];
                p50s[q] = p99s[q] = 0;
                if (n) {
                    qsort(lat, (size_t)n, sizeof *lat, cmp_u64);
                    p50s[q] = (double)lat[n / 2] / 1e3;
                    p99s[q] = (double)lat[(size_t)((double)n * 0.99) < n ? (size_t)((double)n * 0.99) : n - 1] / 1e3;
                    printf("  latency run %d at %.0f%% load (%.0f jobs/s offered, %llu jobs): p50 %.1f us, p99 %.1f us, max %.1f us\n", q,
                           100.0 * load, offered, (unsigned long long)n, p50s[q], p99s[q], (double)lat[n - 1] / 1e3);
                    if (g_nd >= n && n && g_ds[0] + g_ds[n / 2] + g_ds[n - 1] != 0) {
                        /* the device's share (CUDA): fetched -> taken by a scanner, taken -> scanned */
                        qsort(g_dw, (size_t)n, sizeof *g_dw, cmp_u32);
                        qsort(g_ds, (size_t)n, sizeof *g_ds, cmp_u32);
                        printf("    device trace: fetched -> taken p50 %.1f us (p99 %.1f), taken -> scanned p50 %.1f us (p99 %.1f); "
                               "the rest of p50 (host publish -> fetched, fence + done -> host) %.1f us\n",
                               g_dw[n / 2] / 1e3, g_dw[(size_t)((double)n * 0.99)] / 1e3, g_ds[n / 2] / 1e3,
                               g_ds[(size_t)((double)n * 0.99)] / 1e3, p50s[q] - (g_dw[n / 2] + g_ds[n / 2]) / 1e3);
                    }
                }
                if (mm != m_per) bad = 1;
            }
            p50 = median(p50s, lreps);
            p99 = median(p99s, lreps);
            if (load == 0.5) {
                printf("latency at 50%% load, submit to completion (median of %d runs): p50 %.1f us, p99 %.1f us; goals p50 <= 15 us: %s, "
                       "p99 <= 60 us: %s\n",
                       lreps, p50, p99, p50 <= 15.0 ? "MET" : "MISSED", p99 <= 60.0 ? "MET" : "MISSED");
                goal_done = 1;
            } else {
                printf("latency at %.0f%% load, submit to completion (median of %d runs): p50 %.1f us, p99 %.1f us\n", 100.0 * load,
                       lreps, p50, p99);
            }
        }
        if (!goal_done) printf("latency goal not judged: BENCH_LAT_LOADS has no 0.5\n");
    }
    if (bad) printf("MISMATCH: match counts differ between the engine, the batched path and per-launch scans\n");
    vyre_backend_destroy(g_be);
    vyre_backend_destroy(g_null);
    vyre_backend_destroy(g_null_owner);
    vyre_literal_set_free(g_set);
    vb_patset_free(&ps);
    vb_corpus_free(&corpus);
    free(jobs); free(lits); free(lat); free(g_dw); free(g_ds);
    return bad ? 1 : 0;
}
