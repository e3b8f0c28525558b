/* test_engine.c - the persistent engine (vyre.h >>engine): results of many
   jobs from several producer threads are compared with one-shot vyre_scan of
   each job (every match), on the CPU backend's persistent consumers, on the
   batched per-launch path (DISABLE, and AUTO over a backend without
   persistent consumers), with tiny result slots (overflow -> host rescan);
   policy (FORCE -> VYRE_ERR_UNSUPPORTED), every error code, bounded waits
   against consumers that never answer. Also built under ThreadSanitizer. */
#define _POSIX_C_SOURCE 200809L
#define VYRE_IMPLEMENTATION
#define VYRE_OCL_IMPLEMENTATION
#define VYRE_CUDA_IMPLEMENTATION
#include "vyre.h"
#include "vyre_ocl.h"
#include "vyre_cuda.h"
#include "vt.h"
#include <pthread.h>
#include <sched.h>

static const char *const lits_a[] = {"key", "secret", "AKIA", "ab", "password", "b"};
static const char *const lits_b[] = {"token", "pass", "xyz", "KEY", "zz"};

static vyre_literal_set *compile(const char *const *l, size_t n, uint32_t flags) {
    vyre_literal v[8];
    vyre_literal_set *set = NULL;
    vyre_compile_desc d;
    vyre_error err;
    size_t i;
    memset(&d, 0, sizeof d);
    d.flags = flags;
    for (i = 0; i < n; i++) { v[i].bytes = l[i]; v[i].len = strlen(l[i]); v[i].flags = 0; }
    if (vyre_literal_set_compile(v, n, &d, &set, &err) != VYRE_OK) return NULL;
    return set;
}

/* a backend that forwards to the CPU backend but has no persistent consumers */
static vyre_backend_vtable mock_vt;
static const char *mock_id(void *self) { (void)self; return "mock-no-persistent"; }
static void mock_destroy(void *self) { (void)self; }
static vyre_backend *wrap_without_persistent(vyre_backend *cpu) {
    vyre_backend *b = NULL;
    vyre_error err;
    mock_vt = *vyre_backend_vtable_of(cpu);
    mock_vt.id = mock_id;
    mock_vt.destroy = mock_destroy;
    mock_vt.shutdown = NULL;
    mock_vt.engine_open = NULL; mock_vt.engine_start = NULL; mock_vt.engine_kick = NULL; mock_vt.engine_close = NULL;
    if (vyre_backend_wrap(&mock_vt, vyre_backend_self(cpu), NULL, &b, &err) != VYRE_OK) return NULL;
    return b;
}

/* a "persistent" backend whose consumers never run: waits must time out */
static vyre_backend_vtable stuck_vt;
static void *stuck_mem;
static const char *stuck_id(void *self) { (void)self; return "stuck"; }
static vyre_result stuck_profile(void *self, vyre_device_profile *out, vyre_error *err) {
    (void)self; (void)err;
    snprintf(out->backend, sizeof out->backend, "stuck");
    out->caps = VYRE_CAP_PERSISTENT;
    return VYRE_OK;
}
static vyre_result stuck_open(void *self, const vyre_engine_plan *p, void **block, void **state, vyre_error *err) {
    (void)self; (void)err;
    stuck_mem = calloc(1, p->block_bytes);
    *block = stuck_mem;
    *state = stuck_mem;
    return stuck_mem ? VYRE_OK : VYRE_ERR_OUT_OF_MEMORY;
}
static vyre_result stuck_start(void *self, void *state, vyre_error *err) { (void)self; (void)state; (void)err; return VYRE_OK; }
static vyre_result stuck_close(void *self, void *state, vyre_error *err) { (void)self; (void)err; free(state); return VYRE_OK; }
static void stuck_destroy(void *self) { (void)self; }

typedef struct cfg {
    const char *name;
    vyre_backend *b;
    vyre_engine_mode mode;
    vyre_engine_path want_path;
    uint32_t max_matches, max_jobs, workers;
    uint32_t job_bytes;              /* largest job (0: 2048); above VK_RING_TILE (2048) the CUDA scan stages several tiles */
    int many;                        /* producers submit each group with one vyre_engine_submit_many */
} cfg;

typedef struct prod_arg {
    vyre_engine *e;
    vyre_literal_set *sets[2];
    uint32_t id, jobs, mism, errors, overflowed;
    uint32_t maxlen, max_jobs;
    int many;
    uint64_t seed;
} prod_arg;

static size_t make_job(vt_rng *r, uint8_t *buf, size_t cap) {
    static const char *const plant[] = {"key", "SECRET", "akia", "token", "PASS", "xyz", "zzz", "password", "ab"};
    size_t len = (size_t)vt_below(r, 8) == 0 ? 0 : (size_t)vt_range(r, 1, cap), i;
    for (i = 0; i < len; i++) buf[i] = (uint8_t)"aexyz kspAT"[vt_below(r, 11)];
    for (i = 0; len > 8 && i < len / 64 + 1; i++) {
        const char *p = plant[vt_below(r, 9)];
        size_t pl = strlen(p), at = (size_t)vt_below(r, len - pl + 1);
        if (pl <= len) memcpy(buf + at, p, pl);
    }
    return len;
}

/* submit `jobs` jobs in windows, collect them (poll or wait, in a shuffled
   order), compare each with vyre_scan */
static void *producer(void *a_) {
    prod_arg *a = (prod_arg *)a_;
    vt_rng r = vt_rng_make(a->seed);
    vyre_backend *cpu = NULL;
    vyre_scanner *ref[2] = {NULL, NULL};
    vyre_error err;
    enum { W = 24 };
    vyre_job job[W];
    uint32_t set[W];
    uint64_t tag[W];
    const size_t ML = a->maxlen;
    uint8_t *data = (uint8_t *)malloc(W * ML), *scratch = (uint8_t *)malloc(ML), *tmp = (uint8_t *)malloc(ML);
    size_t len[W];
    static vyre_match got[8][4096], want[8][4096];   /* per producer id: jobs of 9000 bytes can hold ~2000 matches */
    vyre_match *gotp = got[a->id & 7], *wantp = want[a->id & 7];
    uint32_t done = 0, i;
    if (vyre_cpu_backend_create(&(vyre_cpu_desc){1, VYRE_CPU_ENGINE_DFA, 0, {0}}, &cpu, &err) != VYRE_OK ||
        vyre_scanner_create(cpu, a->sets[0], NULL, &ref[0], &err) != VYRE_OK ||
        vyre_scanner_create(cpu, a->sets[1], NULL, &ref[1], &err) != VYRE_OK) {
        a->errors++;
        free(data); free(scratch); free(tmp);
        return NULL;
    }
    if (!data || !scratch || !tmp) { a->errors++; free(data); free(scratch); free(tmp); return NULL; }
    while (done < a->jobs) {
        uint32_t n = (uint32_t)vt_range(&r, 1, W), k;
        if (n > a->jobs - done) n = a->jobs - done;
        if (a->many && n > (a->max_jobs >= 8u ? a->max_jobs / 4u : 1u)) n = a->max_jobs >= 8u ? a->max_jobs / 4u : 1u;
        if (a->many) { /* the whole group in one call: all or none */
            vyre_engine_job_desc dd[W];
            vyre_result rc;
            for (k = 0; k < n; k++) {
                len[k] = make_job(&r, data + k * ML, ML);
                set[k] = (uint32_t)vt_below(&r, 2);
                tag[k] = ((uint64_t)a->id << 40) | (done + k);
                dd[k].rule_set_id = set[k]; dd[k].data = data + k * ML; dd[k].len = len[k]; dd[k].user_tag = tag[k];
            }
            while ((rc = vyre_engine_submit_many(a->e, dd, n, job, &err)) == VYRE_ERR_RING_FULL) {
                for (k = 0; k < n; k++) if (job[k] != 0) a->errors++;   /* none queued: every handle stays 0 */
                sched_yield();
            }
            if (rc != VYRE_OK) { a->errors++; for (k = 0; k < n; k++) job[k] = 0; }
        }
        for (k = 0; k < n && !a->many; k++) {
            vyre_result rc;
            len[k] = make_job(&r, data + k * ML, ML);
            set[k] = (uint32_t)vt_below(&r, 2);
            tag[k] = ((uint64_t)a->id << 40) | (done + k);
            memcpy(scratch, data + k * ML, len[k]);
            /* all job slots in flight: collect what we hold first (others hold the rest) */
            while ((rc = vyre_engine_submit(a->e, set[k], scratch, len[k], tag[k], &job[k], &err)) == VYRE_ERR_RING_FULL && k == 0)
                sched_yield();
            if (rc == VYRE_ERR_RING_FULL) { n = k; break; }
            if (rc != VYRE_OK) { a->errors++; job[k] = 0; }
            memset(scratch, 0xEE, ML);   /* the caller's bytes may be reused at once: they were copied */
        }
        for (k = 0; k < n; k++) { /* shuffle the collection order */
            uint32_t o = (uint32_t)vt_below(&r, n);
            vyre_job tj = job[k]; uint32_t ts = set[k]; uint64_t tt = tag[k]; size_t tl = len[k];
            job[k] = job[o]; set[k] = set[o]; tag[k] = tag[o]; len[k] = len[o];
            job[o] = tj; set[o] = ts; tag[o] = tt; len[o] = tl;
            memcpy(tmp, data + k * ML, ML); memcpy(data + k * ML, data + o * ML, ML); memcpy(data + o * ML, tmp, ML);
        }
        for (k = 0; k < n; k++) {
            size_t gn = 0, wn = 0;
            vyre_job_info info;
            vyre_result rc;
            if (!job[k]) continue;
            if (vt_below(&r, 3) == 0) {
                uint64_t t0 = vyre_now_ns();
                while ((rc = vyre_engine_poll(a->e, job[k], gotp, 4096, &gn, &info, &err)) == VYRE_PENDING) {
                    if (vyre_now_ns() - t0 > 20000000000ull) break;
                    sched_yield();
                }
            } else {
                rc = vyre_engine_wait(a->e, job[k], 0, gotp, 4096, &gn, &info, &err);
            }
            if (rc != VYRE_OK) { a->errors++; continue; }
            if (vyre_scan(ref[set[k]], data + k * ML, len[k], wantp, 4096, &wn, &err) != VYRE_OK) { a->errors++; continue; }
            if (gn != wn || (gn && memcmp(gotp, wantp, gn * sizeof *gotp) != 0) || info.user_tag != tag[k] ||
                info.rule_set_id != set[k] || info.len != len[k] || info.match_count != gn || info.complete_ns < info.submit_ns)
                a->mism++;
            if (info.flags & VYRE_JOB_OVERFLOWED) a->overflowed++;
        }
        done += n;
    }
    for (i = 0; i < 2; i++) vyre_scanner_destroy(ref[i]);
    vyre_backend_destroy(cpu);
    free(data); free(scratch); free(tmp);
    return NULL;
}

static void run_differential(const cfg *c, vyre_literal_set *sa, vyre_literal_set *sb, uint32_t producers, uint32_t jobs) {
    vyre_engine_set sets[2];
    vyre_engine_desc d;
    vyre_engine *e = NULL;
    vyre_engine_stats st;
    vyre_error err;
    pthread_t th[8];
    prod_arg a[8];
    uint32_t i, mism = 0, errors = 0, over = 0, over_all = 0;
    int run;
    for (run = 0; run < 2; run++) {
        over = 0;
        memset(&d, 0, sizeof d);
        sets[0].literal = sa; sets[1].literal = sb;
        d.mode = c->mode; d.sets = sets; d.set_count = 2;
        d.max_jobs = c->max_jobs; d.max_job_bytes = c->job_bytes ? c->job_bytes : 2048u; d.max_matches_per_job = c->max_matches;
        d.workers = c->workers;
        d.timeout_ns = 120000000000ull;   /* correctness, not latency: a loaded CI machine (POCL on 2 cores) may be slow */
        if (!CHECK_RC(vyre_engine_create(c->b, &d, &e, &err), VYRE_OK)) { vt_note("%s: %s", c->name, err.message); return; }
        CHECK_RC(vyre_engine_get_stats(e, &st, &err), VYRE_OK);
        CHECKF(st.path == c->want_path, "%s: path %d, want %d (%s)", c->name, (int)st.path, (int)c->want_path, st.path_reason);
        for (i = 0; i < producers; i++) {
            memset(&a[i], 0, sizeof a[i]);
            a[i].e = e; a[i].sets[0] = sa; a[i].sets[1] = sb; a[i].id = i; a[i].jobs = jobs;
            a[i].maxlen = c->job_bytes ? c->job_bytes : 2048u;
            a[i].max_jobs = c->max_jobs; a[i].many = c->many;
            a[i].seed = vt_seed_base() + 7919u * i + 104729u * (uint64_t)run;
            pthread_create(&th[i], NULL, producer, &a[i]);
        }
        for (i = 0; i < producers; i++) {
            pthread_join(th[i], NULL);
            mism += a[i].mism; errors += a[i].errors; over += a[i].overflowed;
        }
        CHECK_RC(vyre_engine_get_stats(e, &st, &err), VYRE_OK);
        CHECK_EQ_U64(st.submitted, (uint64_t)producers * jobs);
        CHECK_EQ_U64(st.collected, (uint64_t)producers * jobs);
        CHECK_EQ_U64(st.jobs_in_flight, 0);
        CHECK_EQ_U64(st.in_ring, 0);
        CHECK_EQ_U64(st.overflows, over);
        if (c->want_path == VYRE_ENGINE_PATH_BATCHED) {
            CHECK_EQ_U64(st.batched_jobs, st.submitted);
            CHECK(st.dispatches >= 1 && st.dispatches <= st.submitted);
            CHECK_STR_CONTAINS(st.path_reason, "batched");
        } else {
            CHECK_STR_CONTAINS(st.path_reason, "persistent");
            CHECKF(st.consumers >= 1, "%s: persistent path reports %u consumers", c->name, st.consumers);
        }
        CHECK_RC(vyre_engine_destroy(e, &err), VYRE_OK);
        vt_note("%s run %d: %u producers x %u jobs, %llu region scans, %u overflowed (rescanned)", c->name, run, producers, jobs,
                (unsigned long long)st.dispatches, over);
        over_all += over;
    }
    over = over_all;
    CHECKF(errors == 0, "%s: %u calls failed", c->name, errors);
    CHECKF(mism == 0, "%s: %u jobs differ from one-shot vyre_scan", c->name, mism);
    if (c->max_matches && c->max_matches <= 2) CHECKF(over > 0, "%s: expected overflowed jobs with %u-match slots", c->name, c->max_matches);
}

static vyre_literal_set *g_sa, *g_sb;
static vyre_backend *g_cpu, *g_mock;
static uint32_t jobs_per_producer(void) {
    const char *e = getenv("VT_ENGINE_JOBS");
    return (e ? (uint32_t)atoi(e) : 1500u) * (uint32_t)vt_scale();
}

/* the CPU-side differential cases: the config (its backend: the mock when on_mock, else the CPU
   backend), producers, and the share of jobs_per_producer() each producer submits */
static const struct diff_case { cfg c; int on_mock; uint32_t producers, jobs_div; } DIFF_CASES[] = {
    {{"cpu persistent", NULL, VYRE_ENGINE_AUTO, VYRE_ENGINE_PATH_PERSISTENT, 0, 64, 3, 0, 0}, 0, 4, 1},
    {{"cpu FORCE, 2-match slots, submit_many", NULL, VYRE_ENGINE_FORCE, VYRE_ENGINE_PATH_PERSISTENT, 2, 16, 2, 0, 1}, 0, 3, 2},
    {{"cpu DISABLE (batched)", NULL, VYRE_ENGINE_DISABLE, VYRE_ENGINE_PATH_BATCHED, 0, 256, 0, 0, 0}, 0, 4, 1},
    {{"AUTO without persistent consumers, 1-match slots, submit_many", NULL, VYRE_ENGINE_AUTO, VYRE_ENGINE_PATH_BATCHED, 1, 32, 0, 0, 1}, 1, 3, 2},
};
static void diff_case(int i) {
    cfg c = DIFF_CASES[i].c;
    c.b = DIFF_CASES[i].on_mock ? g_mock : g_cpu;
    run_differential(&c, g_sa, g_sb, DIFF_CASES[i].producers, jobs_per_producer() / DIFF_CASES[i].jobs_div);
}
static void t_differential_persistent_cpu(void) { diff_case(0); }
static void t_differential_force_cpu_overflow(void) { diff_case(1); }
static void t_differential_batched_disable(void) { diff_case(2); }
static void t_differential_batched_auto_overflow(void) { diff_case(3); }

static vyre_engine *mk(vyre_backend *b, vyre_engine_mode mode, uint32_t max_jobs, uint32_t max_bytes, uint32_t max_matches) {
    vyre_engine_set sets[2];
    vyre_engine_desc d;
    vyre_engine *e = NULL;
    vyre_error err;
    memset(&d, 0, sizeof d);
    sets[0].literal = g_sa; sets[1].literal = g_sb;
    d.mode = mode; d.sets = sets; d.set_count = 2; d.max_jobs = max_jobs; d.max_job_bytes = max_bytes;
    d.max_matches_per_job = max_matches; d.workers = 2;
    if (vyre_engine_create(b, &d, &e, &err) != VYRE_OK) { vt_note("create: %s", err.message); return NULL; }
    return e;
}

static void t_create_errors(void) {
    vyre_engine_set sets[2] = {{NULL}, {NULL}};
    vyre_engine_desc d;
    vyre_engine *e = (vyre_engine *)1;
    vyre_error err;
    memset(&d, 0, sizeof d);
    CHECK_RC(vyre_engine_create(g_cpu, &d, NULL, &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_RC(vyre_engine_create(NULL, &d, &e, &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK(e == NULL);
    CHECK_RC(vyre_engine_create(g_cpu, NULL, &e, &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_RC(vyre_engine_create(g_cpu, &d, &e, &err), VYRE_ERR_INVALID_ARGUMENT);   /* no sets */
    CHECK_STR_CONTAINS(err.message, "0 sets");
    CHECK_STR_CONTAINS(err.fix, "Fix:");
    d.sets = sets; d.set_count = 2; sets[0].literal = g_sa;
    CHECK_RC(vyre_engine_create(g_cpu, &d, &e, &err), VYRE_ERR_INVALID_ARGUMENT);   /* sets[1] empty */
    CHECK_STR_CONTAINS(err.message, "sets[1]");
    sets[1].literal = g_sb;
    d.set_count = VYRE_ENGINE_MAX_SETS + 1;
    CHECK_RC(vyre_engine_create(g_cpu, &d, &e, &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_STR_CONTAINS(err.message, "4097");
    d.set_count = 2;
    d.mode = (vyre_engine_mode)7;
    CHECK_RC(vyre_engine_create(g_cpu, &d, &e, &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_STR_CONTAINS(err.message, "mode 7");
    d.mode = VYRE_ENGINE_AUTO;
    d.max_jobs = VYRE_ENGINE_MAX_JOBS + 1;
    CHECK_RC(vyre_engine_create(g_cpu, &d, &e, &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_STR_CONTAINS(err.message, "1048577");
    d.max_jobs = 65536; d.max_job_bytes = 65536;
    CHECK_RC(vyre_engine_create(g_cpu, &d, &e, &err), VYRE_ERR_INVALID_ARGUMENT);  /* 4 GiB arena */
    CHECK_STR_CONTAINS(err.message, "4 GiB");
    d.allocator.alloc = vt_a_alloc;
    CHECK_RC(vyre_engine_create(g_cpu, &d, &e, &err), VYRE_ERR_BAD_ALLOCATOR);
    CHECK(e == NULL);
}

static void t_force_without_persistent_is_loud(void) {
    vyre_engine *e;
    vyre_engine_set sets[1];
    vyre_engine_desc d;
    vyre_engine_stats st;
    vyre_device_profile prof;
    vyre_error err;
    memset(&d, 0, sizeof d);
    sets[0].literal = g_sa;
    d.sets = sets; d.set_count = 1; d.mode = VYRE_ENGINE_FORCE;
    e = (vyre_engine *)1;
    CHECK_RC(vyre_engine_create(g_mock, &d, &e, &err), VYRE_ERR_UNSUPPORTED);
    CHECK(e == NULL);
    CHECK_STR_CONTAINS(err.message, "mock-no-persistent");
    CHECK_STR_CONTAINS(err.message, "VYRE_CAP_PERSISTENT");
    CHECK_STR_CONTAINS(err.fix, "VYRE_ENGINE_AUTO");
    d.mode = VYRE_ENGINE_AUTO;
    if (!CHECK_RC(vyre_engine_create(g_mock, &d, &e, &err), VYRE_OK)) return;
    CHECK_RC(vyre_engine_get_stats(e, &st, &err), VYRE_OK);
    CHECK(st.path == VYRE_ENGINE_PATH_BATCHED);
    CHECK_STR_CONTAINS(st.path_reason, "mock-no-persistent");
    CHECK_STR_CONTAINS(st.path_reason, "no persistent consumers");
    CHECK_RC(vyre_engine_destroy(e, &err), VYRE_OK);
    CHECK_RC(vyre_backend_profile(g_cpu, &prof, &err), VYRE_OK);
    CHECK(prof.caps & VYRE_CAP_PERSISTENT);
    d.mode = VYRE_ENGINE_FORCE;
    CHECK_RC(vyre_engine_create(g_cpu, &d, &e, &err), VYRE_OK);
    CHECK_RC(vyre_engine_get_stats(e, &st, &err), VYRE_OK);
    CHECK(st.path == VYRE_ENGINE_PATH_PERSISTENT);
    CHECK_STR_CONTAINS(st.path_reason, "FORCE");
    CHECK_RC(vyre_engine_destroy(e, &err), VYRE_OK);
    CHECK_RC(vyre_engine_destroy(NULL, &err), VYRE_OK);
}

static void job_api_on(vyre_backend *b, vyre_engine_mode mode) {
    vyre_engine *e = mk(b, mode, 4, 64, 3);
    vyre_job j[5], stale;
    vyre_match m[8];
    vyre_job_info info;
    vyre_error err;
    size_t n = 99;
    uint8_t big[65];
    int k;
    vyre_result rc;
    if (!CHECK(e)) return;
    memset(big, 'a', sizeof big);
    CHECK_RC(vyre_engine_submit(e, 2, "key", 3, 0, &j[0], &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_STR_CONTAINS(err.message, "rule_set_id 2");
    CHECK_RC(vyre_engine_submit(e, 0, big, 65, 0, &j[0], &err), VYRE_ERR_HAYSTACK_CAPACITY);
    CHECK_STR_CONTAINS(err.message, "max_job_bytes = 64");
    CHECK_RC(vyre_engine_submit(e, 0, NULL, 3, 0, &j[0], &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_RC(vyre_engine_submit(e, 0, "x", 1, 0, NULL, &err), VYRE_ERR_INVALID_ARGUMENT);
    /* 4 slots: the 5th is RING_FULL until one is collected */
    CHECK_RC(vyre_engine_submit(e, 0, "bbbbb", 5, 10, &j[0], &err), VYRE_OK);           /* 5 matches of "b": > 3 */
    CHECK_RC(vyre_engine_submit(e, 1, "a token here", 12, 11, &j[1], &err), VYRE_OK);
    CHECK_RC(vyre_engine_submit(e, 0, "", 0, 12, &j[2], &err), VYRE_OK);
    CHECK_RC(vyre_engine_submit(e, 0, "secret key", 10, 13, &j[3], &err), VYRE_OK);
    CHECK_RC(vyre_engine_submit(e, 0, "key", 3, 14, &j[4], &err), VYRE_ERR_RING_FULL);
    CHECK_STR_CONTAINS(err.message, "all 4 job slots");
    CHECK_STR_CONTAINS(err.fix, "collect");
    CHECK(j[4] == 0);
    /* MATCH_CAPACITY keeps the job; the count needed is reported */
    CHECK_RC(vyre_engine_wait(e, j[3], 0, m, 1, &n, &info, &err), VYRE_ERR_MATCH_CAPACITY);
    CHECK_EQ_U64(n, 2);
    CHECK(m[0].end == 0 && m[0].start == 0);
    CHECK_RC(vyre_engine_wait(e, j[3], 0, m, 8, &n, &info, &err), VYRE_OK);
    CHECK_EQ_U64(n, 2);
    CHECK(m[0].start == 0 && m[0].end == 6 && m[0].pattern_id == 1);
    CHECK(m[1].start == 7 && m[1].end == 10 && m[1].pattern_id == 0);
    CHECK_EQ_U64(info.user_tag, 13);
    CHECK_RC(vyre_engine_wait(e, j[3], 0, m, 8, &n, &info, &err), VYRE_ERR_BAD_HANDLE);   /* collected */
    CHECK_STR_CONTAINS(err.message, "not a live job");
    stale = j[3];
    CHECK_RC(vyre_engine_submit(e, 0, "key", 3, 14, &j[4], &err), VYRE_OK);               /* the slot came back */
    CHECK((uint32_t)j[4] == (uint32_t)stale && j[4] != stale);                            /* same slot, new generation */
    CHECK_RC(vyre_engine_poll(e, stale, m, 8, &n, NULL, &err), VYRE_ERR_BAD_HANDLE);
    CHECK_RC(vyre_engine_poll(e, 0, m, 8, &n, NULL, &err), VYRE_ERR_BAD_HANDLE);
    CHECK_RC(vyre_engine_poll(e, ((uint64_t)1 << 32) | 4u, m, 8, &n, NULL, &err), VYRE_ERR_BAD_HANDLE);
    CHECK_RC(vyre_engine_poll(e, j[4], NULL, 8, &n, NULL, &err), VYRE_ERR_INVALID_ARGUMENT);
    /* a second collector of a job that is being collected */
    {
        uint32_t slot = (uint32_t)j[4];
        uint64_t w = VYRE__ALD(&e->jobs[slot].word, relaxed);
        VYRE__AST(&e->jobs[slot].word, w + 1u, relaxed);   /* state 1 -> 2 */
        CHECK_RC(vyre_engine_poll(e, j[4], m, 8, &n, NULL, &err), VYRE_ERR_STATE);
        CHECK_STR_CONTAINS(err.message, "another call");
        VYRE__AST(&e->jobs[slot].word, w, relaxed);
    }
    /* overflowed job: rescanned on the host, all 5 matches */
    for (k = 0; k < 1000 && (rc = vyre_engine_poll(e, j[0], m, 8, &n, &info, &err)) == VYRE_PENDING; k++) sched_yield();
    if (rc == VYRE_PENDING) rc = vyre_engine_wait(e, j[0], 0, m, 8, &n, &info, &err);
    CHECK_RC(rc, VYRE_OK);
    CHECK_EQ_U64(n, 5);
    CHECK(info.flags & VYRE_JOB_OVERFLOWED);
    for (k = 0; k < 5 && k < (int)n; k++) CHECK(m[k].start == (uint64_t)k && m[k].end == (uint64_t)k + 1 && m[k].pattern_id == 5);
    CHECK_RC(vyre_engine_wait(e, j[1], 0, m, 8, &n, &info, &err), VYRE_OK);
    CHECK_EQ_U64(n, 1);
    CHECK(m[0].start == 2 && m[0].end == 7 && m[0].pattern_id == 0);
    CHECK_EQ_U64(info.rule_set_id, 1);
    CHECK_RC(vyre_engine_wait(e, j[2], 0, NULL, 0, &n, &info, &err), VYRE_OK);
    CHECK_EQ_U64(n, 0);
    CHECK_EQ_U64(info.len, 0);
    CHECK_RC(vyre_engine_wait(e, j[4], 0, NULL, 0, &n, &info, &err), VYRE_ERR_MATCH_CAPACITY);
    CHECK_EQ_U64(n, 1);
    CHECK_RC(vyre_engine_wait(e, j[4], 0, m, 1, &n, &info, &err), VYRE_OK);
    CHECK_RC(vyre_engine_destroy(e, &err), VYRE_OK);
}
static void t_job_api_persistent(void) { job_api_on(g_cpu, VYRE_ENGINE_FORCE); }
static void t_job_api_batched(void) { job_api_on(g_cpu, VYRE_ENGINE_DISABLE); }

/* vyre_engine_submit_many: all or none, exact errors naming the job, nothing queued after one */
static void submit_many_on(vyre_backend *b, vyre_engine_mode mode) {
    vyre_engine *e = mk(b, mode, 8, 64, 8);
    vyre_engine_job_desc d[9];
    vyre_job jb[9], one;
    vyre_engine_stats st;
    vyre_match m[8];
    vyre_error err;
    size_t i, n;
    if (!CHECK(e)) return;
    for (i = 0; i < 9; i++) { d[i].rule_set_id = (uint32_t)(i & 1); d[i].data = "a secret key"; d[i].len = 12; d[i].user_tag = 100 + i; }
    CHECK_RC(vyre_engine_submit_many(e, d, 0, jb, &err), VYRE_OK);
    CHECK_RC(vyre_engine_submit_many(e, d, 9, jb, &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_STR_CONTAINS(err.message, "more than the engine's max_jobs = 8");
    CHECK_STR_CONTAINS(err.fix, "Fix: submit at most max_jobs jobs per call");
    d[3].rule_set_id = 7;
    CHECK_RC(vyre_engine_submit_many(e, d, 5, jb, &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_STR_CONTAINS(err.message, "job 3 of 5: rule_set_id 7 is not a set of this engine");
    CHECK_EQ_U64(err.pattern_index, 3);
    d[3].rule_set_id = 1;
    d[4].len = 65;
    CHECK_RC(vyre_engine_submit_many(e, d, 5, jb, &err), VYRE_ERR_HAYSTACK_CAPACITY);
    CHECK_STR_CONTAINS(err.message, "job 4 of 5: job of 65 bytes is larger than max_job_bytes = 64");
    d[4].len = 12;
    d[2].data = NULL;
    CHECK_RC(vyre_engine_submit_many(e, d, 5, jb, &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_STR_CONTAINS(err.message, "job 2 of 5: argument 'data' is NULL");
    d[2].data = "a secret key";
    CHECK_RC(vyre_engine_submit_many(e, d, 5, NULL, &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_RC(vyre_engine_get_stats(e, &st, &err), VYRE_OK);
    CHECK_EQ_U64(st.submitted, 0);   /* nothing queued after any of those errors */
    /* 6 in flight: a group of 3 does not fit, and none of it is queued */
    CHECK_RC(vyre_engine_submit_many(e, d, 6, jb, &err), VYRE_OK);
    for (i = 0; i < 6; i++) CHECK(jb[i] != 0);
    CHECK_RC(vyre_engine_submit_many(e, d + 6, 3, jb + 6, &err), VYRE_ERR_RING_FULL);
    CHECK_STR_CONTAINS(err.message, "all 8 job slots");
    for (i = 6; i < 9; i++) CHECK(jb[i] == 0);
    CHECK_RC(vyre_engine_get_stats(e, &st, &err), VYRE_OK);
    CHECK_EQ_U64(st.submitted, 6);
    CHECK_RC(vyre_engine_submit(e, 0, "key", 3, 1, &one, &err), VYRE_OK);   /* the slots were given back */
    CHECK_RC(vyre_engine_submit(e, 0, "key", 3, 2, &jb[8], &err), VYRE_OK);
    CHECK_RC(vyre_engine_submit(e, 0, "key", 3, 3, &jb[7], &err), VYRE_ERR_RING_FULL);
    for (i = 0; i < 6; i++) {
        vyre_job_info info;
        n = 0;
        CHECK_RC(vyre_engine_wait(e, jb[i], 0, m, 8, &n, &info, &err), VYRE_OK);
        CHECK_EQ_U64(info.user_tag, 100 + i);
        CHECK_EQ_U64(info.rule_set_id, i & 1);
        CHECK_EQ_U64(n, (i & 1) ? 1u : 2u);   /* set 0: "secret", "key"; set 1 (caseless): "KEY" */
    }
    CHECK_RC(vyre_engine_wait(e, one, 0, m, 8, &n, NULL, &err), VYRE_OK);
    CHECK_RC(vyre_engine_wait(e, jb[8], 0, m, 8, &n, NULL, &err), VYRE_OK);
    CHECK_RC(vyre_engine_submit_many(e, d, 8, jb, &err), VYRE_OK);   /* all 8 slots at once */
    for (i = 0; i < 8; i++) CHECK_RC(vyre_engine_wait(e, jb[i], 0, m, 8, &n, NULL, &err), VYRE_OK);
    CHECK_RC(vyre_engine_get_stats(e, &st, &err), VYRE_OK);
    CHECK_EQ_U64(st.submitted, 16);
    CHECK_EQ_U64(st.collected, 16);
    CHECK_RC(vyre_engine_destroy(e, &err), VYRE_OK);
    CHECK_RC(vyre_engine_submit_many(NULL, d, 1, jb, &err), VYRE_ERR_INVALID_ARGUMENT);
}
static void t_submit_many_persistent(void) { submit_many_on(g_cpu, VYRE_ENGINE_FORCE); }
static void t_submit_many_batched(void) { submit_many_on(g_cpu, VYRE_ENGINE_DISABLE); }

/* consumers that never answer: bounded waits, the job stays collectable;
   a consumer error is reported; destroy returns */
static void t_bounded_waits(void) {
    vyre_backend *b = NULL;
    vyre_engine *e;
    vyre_job j, j2;
    vyre_match m[4];
    size_t n;
    vyre_error err;
    uint64_t t0;
    memset(&stuck_vt, 0, sizeof stuck_vt);
    stuck_vt.id = stuck_id; stuck_vt.version = stuck_id; stuck_vt.profile = stuck_profile; stuck_vt.destroy = stuck_destroy;
    stuck_vt.engine_open = stuck_open; stuck_vt.engine_start = stuck_start; stuck_vt.engine_close = stuck_close;
    if (!CHECK_RC(vyre_backend_wrap(&stuck_vt, NULL, NULL, &b, &err), VYRE_OK)) return;
    e = mk(b, VYRE_ENGINE_FORCE, 8, 64, 4);
    if (!CHECK(e)) { vyre_backend_destroy(b); return; }
    CHECK_RC(vyre_engine_submit(e, 0, "key", 3, 1, &j, &err), VYRE_OK);
    CHECK_RC(vyre_engine_poll(e, j, m, 4, &n, NULL, &err), VYRE_PENDING);
    t0 = vyre_now_ns();
    CHECK_RC(vyre_engine_wait(e, j, 30000000ull, m, 4, &n, NULL, &err), VYRE_ERR_TIMEOUT);
    CHECK(vyre_now_ns() - t0 >= 30000000ull);
    CHECK(vyre_now_ns() - t0 < 5000000000ull);
    CHECK_STR_CONTAINS(err.message, "did not complete within 30.000 ms");
    CHECK_STR_CONTAINS(err.message, "1 items not yet claimed");
    CHECK_STR_CONTAINS(err.fix, "Fix:");
    CHECK_RC(vyre_engine_wait(e, j, 1000000ull, m, 4, &n, NULL, &err), VYRE_ERR_TIMEOUT);   /* still collectable */
    /* the "device" publishes the job by hand: then it collects */
    {
        vyre_ring_item it;
        uint8_t *s;
        CHECK(vyre__ring_take(&e->ring, &it, NULL) == 1);
        s = vyre__eslot(&e->plan, e->block, it.correlation);
        VYRE__ES_MATCH(s)[0] = 0; VYRE__ES_MATCH(s)[1] = 0; VYRE__ES_MATCH(s)[2] = 3;
        *VYRE__ES_COUNT(s) = 1;
        VYRE__AST(VYRE__ES_DONE(s), 1u, release);
    }
    CHECK_RC(vyre_engine_wait(e, j, 0, m, 4, &n, NULL, &err), VYRE_OK);
    CHECK_EQ_U64(n, 1);
    CHECK(m[0].pattern_id == 0 && m[0].start == 0 && m[0].end == 3);
    /* consumers report that they died: waits return the error at once */
    CHECK_RC(vyre_engine_submit(e, 0, "key", 3, 2, &j2, &err), VYRE_OK);
    VYRE__AST(&e->ctl[VYRE_ENGINE_CTL_ERROR], (uint32_t)VYRE_ERR_LAUNCH, release);
    t0 = vyre_now_ns();
    CHECK_RC(vyre_engine_wait(e, j2, 0, m, 4, &n, NULL, &err), VYRE_ERR_LAUNCH);
    CHECK(vyre_now_ns() - t0 < 1000000000ull);
    CHECK_STR_CONTAINS(err.message, "consumers stopped with VYRE_ERR_LAUNCH");
    CHECK_RC(vyre_engine_destroy(e, &err), VYRE_OK);
    vyre_backend_destroy(b);
}

/* ---- a host-thread model of the CUDA resident kernel's protocol ------------
   kernels.inc >>kernels-ring, step for step, on host threads over the same
   engine block: one FETCHER moves published ring items in batches of up to
   128 into a device ring, entries reused only once their scanner read them
   (per-entry sequences); SCANNER threads take a ticket (one position each,
   fetch-add), wait for its entry, scan with the CPU backend and publish
   done; the last scanner to leave a grid rewinds the tickets to avail;
   idle exit with the ALIVE handshake and an epoch per launch;
   engine_kick relaunches (a launch first joins the previous grid, as a
   stream would serialise them). Where the kernel pairs relaxed accesses with
   fences, the model uses the equivalent acquire/release accesses (TSan does
   not model fences). idle_ns = 0 makes the grid leave whenever the ring is
   empty: a lost wake-up would show as a timed-out wait. */
enum { SIM_SCANNERS = 3 };
typedef struct sim_engine {
    vyre_engine_plan plan;
    uint8_t *block;
    vyre__au64 tail, avail, exitw, left;   /* dstate: tail = the ticket counter, left = scanners that left */
    vyre__au64 *dring, *dseq;              /* dseq: the entry's sequence minus its slot index (0 = free, round 0) */
    vyre__au32 *ctl;
    vyre__au64 *words, *ready, *mirror;
    uint64_t epoch, idle_ns;
    pthread_t th[1 + SIM_SCANNERS];
    int running;
    pthread_mutex_t mu;
    vyre__au32 launches, exits;
} sim_engine;
typedef struct sim_arg { sim_engine *E; uint64_t epoch; } sim_arg;
static sim_arg sim_args[1 + SIM_SCANNERS];
static uint64_t sim_idle_ns;
static vyre__au32 sim_dummy, sim_total_launches;

static void *sim_fetcher(void *arg) {
    sim_engine *E = ((sim_arg *)arg)->E;
    const uint64_t epoch = ((sim_arg *)arg)->epoch, cap = E->plan.ring_capacity, mask = cap - 1u;
    uint64_t base = VYRE__ALD(&E->avail, relaxed), last = vyre_now_ns();
    uint32_t nf = 1;
    VYRE__AST(&E->ctl[VYRE_ENGINE_CTL_ALIVE], 1u, relaxed);
    for (;;) {
        uint64_t n = 0, room, k;
        while (n < 32u * nf && VYRE__ALD(&E->ready[vyre_engine_ring_slot((uint32_t)cap, base + n)], acquire) == base + n + 1u) n++;
        if (VYRE__ALD(&E->ctl[VYRE_ENGINE_CTL_STOP], relaxed)) {
            VYRE__AST(&E->ctl[VYRE_ENGINE_CTL_ALIVE], 0u, relaxed);
            VYRE__AST(&E->exitw, epoch, release);
            break;
        }
        for (room = 0; room < n && VYRE__ALD(&E->dseq[(base + room) & mask], acquire) == ((base + room) & ~mask); room++) {}
        n = room;   /* an entry is reused only after its scanner read it */
        if (n) {
            for (k = 0; k < n; k++) {
                uint64_t p = base + k;
                const uint32_t hs = vyre_engine_ring_slot((uint32_t)cap, p);   /* the host ring's slot order */
                VYRE__AST(&E->dring[2 * (p & mask)], VYRE__ALD(&E->words[2 * (size_t)hs], relaxed), relaxed);
                VYRE__AST(&E->dring[2 * (p & mask) + 1], VYRE__ALD(&E->words[2 * (size_t)hs + 1], relaxed), relaxed);
                VYRE__AST(&E->dseq[p & mask], (p & ~mask) + 1u, release);
            }
            for (k = 0; k < n; k++) VYRE__AST(&E->ready[vyre_engine_ring_slot((uint32_t)cap, base + k)], base + k + cap, release);
            VYRE__AST(E->mirror, base + n, relaxed);
            VYRE__AST(&E->avail, base + n, release);
            nf = n == 32u * nf ? 4u : 1u;
            base += n;
            last = vyre_now_ns();
            continue;
        }
        nf = 1;
        if (vyre_now_ns() - last >= E->idle_ns) {
            int again;
            VYRE__AST(&E->ctl[VYRE_ENGINE_CTL_ALIVE], 0u, seq_cst);
            again = VYRE__ALD(&E->ready[vyre_engine_ring_slot((uint32_t)cap, base)], seq_cst) == base + 1u;
            if (again) { VYRE__AST(&E->ctl[VYRE_ENGINE_CTL_ALIVE], 1u, relaxed); last = vyre_now_ns(); continue; }
            VYRE__AADD(&E->exits, 1u, relaxed);
            VYRE__AST(&E->exitw, epoch, release);
            break;
        }
        sched_yield();
    }
    return NULL;
}
static void *sim_scanner(void *arg) {
    sim_engine *E = ((sim_arg *)arg)->E;
    const uint64_t epoch = ((sim_arg *)arg)->epoch, mask = (uint64_t)E->plan.ring_capacity - 1u;
    const vyre_engine_plan *p = &E->plan;
    vyre_scanner *sc[2] = {NULL, NULL};
    vyre_match *buf = (vyre_match *)calloc(p->max_matches ? p->max_matches : 1, sizeof *buf);
    const uint64_t cap = E->plan.ring_capacity;
    uint64_t t = 0;
    int have = 0;
    for (;;) {   /* the ticket protocol of kernels.inc >>kernels-ring */
        if (!have) { t = VYRE__AADD(&E->tail, 1u, relaxed); have = 1; }
        if (VYRE__ALD(&E->dseq[t & mask], acquire) == (t & ~mask) + 1u) {
            uint64_t w[2];
            vyre_ring_item it;
            w[0] = VYRE__ALD(&E->dring[2 * (t & mask)], relaxed);
            w[1] = VYRE__ALD(&E->dring[2 * (t & mask) + 1], relaxed);
            VYRE__AST(&E->dseq[t & mask], (t & ~mask) + cap, release);
            have = 0;
            vyre_ring_unpack(w, &it);
            vyre__engine_consume(p, E->block, &it, sc, buf);   /* scans, writes the slot, release-stores done */
            continue;
        }
        if (VYRE__ALD(&E->exitw, acquire) == epoch) {   /* leave once every position below the last avail is taken */
            uint64_t a = VYRE__ALD(&E->avail, acquire);
            if ((int64_t)(t - a) >= 0) {
                if (VYRE__AADD(&E->left, 1u, acq_rel) + 1u == epoch * SIM_SCANNERS)
                    VYRE__AST(&E->tail, VYRE__ALD(&E->avail, acquire), release);   /* the last one rewinds the tickets */
                break;
            }
            continue;
        }
        sched_yield();
    }
    vyre_scanner_destroy(sc[0]);
    vyre_scanner_destroy(sc[1]);
    free(buf);
    return NULL;
}
static void sim_join(sim_engine *E) {
    int i;
    if (!E->running) return;
    for (i = 0; i < 1 + SIM_SCANNERS; i++) pthread_join(E->th[i], NULL);
    E->running = 0;
}
static vyre_result sim_launch(sim_engine *E) {
    int i;
    sim_join(E);   /* the stream runs launches one after another */
    VYRE__AST(&E->ctl[VYRE_ENGINE_CTL_ALIVE], 1u, seq_cst);
    E->epoch++;
    for (i = 0; i < 1 + SIM_SCANNERS; i++) {
        sim_args[i].E = E;
        sim_args[i].epoch = E->epoch;
        pthread_create(&E->th[i], NULL, i == 0 ? sim_fetcher : sim_scanner, &sim_args[i]);
    }
    E->running = 1;
    VYRE__AADD(&E->launches, 1u, relaxed);
    VYRE__AADD(&sim_total_launches, 1u, relaxed);
    return VYRE_OK;
}
static vyre_result sim_open(void *self, const vyre_engine_plan *plan, void **block, void **state, vyre_error *err) {
    sim_engine *E = (sim_engine *)calloc(1, sizeof *E);
    void *blk = NULL;
    (void)self; (void)err;
    if (!E || posix_memalign(&blk, 64, plan->block_bytes) != 0) { free(E); return VYRE_ERR_OUT_OF_MEMORY; }
    memset(blk, 0, plan->block_bytes);
    E->plan = *plan;
    E->block = (uint8_t *)blk;
    E->idle_ns = sim_idle_ns;
    E->dring = (vyre__au64 *)calloc((size_t)plan->ring_capacity * 2u, sizeof(vyre__au64));
    E->dseq = (vyre__au64 *)calloc((size_t)plan->ring_capacity, sizeof(vyre__au64));
    pthread_mutex_init(&E->mu, NULL);
    if (plan->consumers) *plan->consumers = SIM_SCANNERS;
    *block = blk;
    *state = E;
    return E->dring ? VYRE_OK : VYRE_ERR_OUT_OF_MEMORY;
}
static vyre_result sim_start(void *self, void *state, vyre_error *err) {
    sim_engine *E = (sim_engine *)state;
    (void)self; (void)err;
    E->ctl = (vyre__au32 *)(void *)(E->block + E->plan.off_ctl);
    E->mirror = (vyre__au64 *)(void *)(E->block + E->plan.off_ring + 64);
    E->words = (vyre__au64 *)(void *)(E->block + E->plan.off_ring + 128);
    E->ready = E->words + 2u * (size_t)E->plan.ring_capacity;
    return sim_launch(E);
}
static void sim_kick(void *self, void *state) {
    sim_engine *E = (sim_engine *)state;
    (void)self;
    VYRE__AADD(&sim_dummy, 0u, seq_cst);   /* the publication before the ALIVE read (a full barrier TSan sees) */
    if (VYRE__ALD(&E->ctl[VYRE_ENGINE_CTL_ALIVE], seq_cst) != 0u) return;
    pthread_mutex_lock(&E->mu);
    if (VYRE__ALD(&E->ctl[VYRE_ENGINE_CTL_ALIVE], seq_cst) == 0u && VYRE__ALD(&E->ctl[VYRE_ENGINE_CTL_STOP], acquire) == 0u)
        sim_launch(E);
    pthread_mutex_unlock(&E->mu);
}
static vyre_result sim_close(void *self, void *state, vyre_error *err) {
    sim_engine *E = (sim_engine *)state;
    (void)self; (void)err;
    VYRE__AST(&E->ctl[VYRE_ENGINE_CTL_STOP], 1u, seq_cst);
    pthread_mutex_lock(&E->mu);
    sim_join(E);
    pthread_mutex_unlock(&E->mu);
    pthread_mutex_destroy(&E->mu);
    free(E->dring);
    free(E->dseq);
    free(E->block);
    free(E);
    return VYRE_OK;
}
static vyre_backend_vtable sim_vt;
static vyre_result (*sim_cpu_profile)(void *, vyre_device_profile *, vyre_error *);
static const char *sim_id(void *self) { (void)self; return "devsim"; }
/* like a device: its consumers publish done words and notify no one (waiters spin, yield, sleep) */
static vyre_result sim_profile(void *self, vyre_device_profile *out, vyre_error *err) {
    vyre_result r = sim_cpu_profile(self, out, err);
    out->caps &= ~VYRE_CAP_HOST_MEMORY;
    return r;
}
static vyre_backend *wrap_devsim(vyre_backend *cpu) {
    vyre_backend *b = NULL;
    vyre_error err;
    sim_vt = *vyre_backend_vtable_of(cpu);
    sim_vt.id = sim_id;
    sim_cpu_profile = sim_vt.profile;
    sim_vt.profile = sim_profile;
    sim_vt.destroy = mock_destroy;
    sim_vt.shutdown = NULL;
    sim_vt.engine_open = sim_open; sim_vt.engine_start = sim_start; sim_vt.engine_kick = sim_kick; sim_vt.engine_close = sim_close;
    if (vyre_backend_wrap(&sim_vt, vyre_backend_self(cpu), NULL, &b, &err) != VYRE_OK) return NULL;
    return b;
}
/* the kernel's protocol: idle exits after 2 ms, then after every empty look
   (idle 0: the most relaunches), small rings (the device ring's room bound,
   wrap-around), 2-match slots (overflow rescans) */
static void t_device_protocol_model(void) {
    vyre_backend *b = wrap_devsim(g_cpu);
    uint32_t launches;
    if (!CHECK(b)) return;
    {
        cfg c = {"devsim idle 2 ms, 64 slots", NULL, VYRE_ENGINE_FORCE, VYRE_ENGINE_PATH_PERSISTENT, 0, 64, 0, 0, 0};
        c.b = b;
        sim_idle_ns = 2000000u;
        run_differential(&c, g_sa, g_sb, 4, jobs_per_producer() / 2);
    }
    {
        cfg c = {"devsim idle 0, 8 slots, 2-match slots, submit_many", NULL, VYRE_ENGINE_FORCE, VYRE_ENGINE_PATH_PERSISTENT, 2, 8, 0, 0, 1};
        c.b = b;
        sim_idle_ns = 0;
        launches = VYRE__ALD(&sim_total_launches, relaxed);
        run_differential(&c, g_sa, g_sb, 3, jobs_per_producer() / 2);
        launches = VYRE__ALD(&sim_total_launches, relaxed) - launches;
        vt_note("devsim idle 0: %u grid launches (idle exits and relaunches)", launches);
        CHECKF(launches > 2, "idle 0 should relaunch the grid often, got %u launches", launches);
    }
    { /* an idle exit is followed by a relaunch on the next submit */
        vyre_engine *e;
        vyre_match m[8];
        vyre_job j;
        vyre_error err;
        size_t n = 0;
        int k;
        sim_idle_ns = 1000000u;
        e = mk(b, VYRE_ENGINE_FORCE, 16, 256, 8);
        if (CHECK(e)) {
            sim_engine *E = (sim_engine *)e->bstate;
            for (k = 0; k < 3; k++) {
                uint64_t t0 = vyre_now_ns();
                launches = VYRE__ALD(&E->launches, relaxed);
                while (VYRE__ALD(&e->ctl[VYRE_ENGINE_CTL_ALIVE], acquire) != 0u && vyre_now_ns() - t0 < 2000000000ull) sched_yield();
                CHECK(VYRE__ALD(&e->ctl[VYRE_ENGINE_CTL_ALIVE], acquire) == 0u);
                CHECK_RC(vyre_engine_submit(e, 0, "a secret key", 12, (uint64_t)k, &j, &err), VYRE_OK);
                CHECK_RC(vyre_engine_wait(e, j, 0, m, 8, &n, NULL, &err), VYRE_OK);
                CHECK_EQ_U64(n, 2);
                CHECKF(VYRE__ALD(&E->launches, relaxed) > launches, "no relaunch after the idle exit (%u launches)", launches);
            }
            CHECK_RC(vyre_engine_destroy(e, &err), VYRE_OK);
        }
    }
    vyre_backend_destroy(b);
}

/* OpenCL (POCL here, any device on a GPU machine) has no persistent consumers:
   FORCE is loud, AUTO takes the batched path; results identical to vyre_scan */
static void t_opencl_batched(void) {
    vyre_backend *ocl = NULL;
    vyre_engine_set sets[1];
    vyre_engine_desc d;
    vyre_engine *e = (vyre_engine *)1;
    vyre_error err;
    const char *req = getenv("VYRE_REQUIRE_OPENCL");
    vyre_result r;
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
    /* the ICD loader and POCL are not instrumented (and leak at exit); the plain build runs this */
    vt_skip("OpenCL under a sanitizer (tests/test_engine, the plain build, runs it)");
    (void)req; (void)ocl; (void)sets; (void)d; (void)e; (void)err; (void)r;
    return;
#endif
    r = vyre_ocl_backend_create(NULL, &ocl, &err);
    if (r != VYRE_OK) {
        if (req && req[0] == '1') CHECKF(0, "VYRE_REQUIRE_OPENCL=1 but no OpenCL backend: %s", err.message);
        else vt_skip("no OpenCL platform (VYRE_REQUIRE_OPENCL=1 makes this a failure)");
        return;
    }
    memset(&d, 0, sizeof d);
    sets[0].literal = g_sa;
    d.sets = sets; d.set_count = 1; d.mode = VYRE_ENGINE_FORCE;
    CHECK_RC(vyre_engine_create(ocl, &d, &e, &err), VYRE_ERR_UNSUPPORTED);
    CHECK_STR_CONTAINS(err.message, "backend 'opencl' has no persistent consumers");
    CHECK(e == NULL);
    {
        cfg c = {"opencl AUTO (batched)", NULL, VYRE_ENGINE_AUTO, VYRE_ENGINE_PATH_BATCHED, 0, 128, 0, 0, 0};
        cfg c2 = {"opencl AUTO (batched), 2-match slots, submit_many", NULL, VYRE_ENGINE_AUTO, VYRE_ENGINE_PATH_BATCHED, 2, 32, 0, 0, 1};
        c.b = ocl; c2.b = ocl;
        run_differential(&c, g_sa, g_sb, 3, jobs_per_producer() / 3);
        run_differential(&c2, g_sa, g_sb, 2, jobs_per_producer() / 6);
    }
    vyre_backend_destroy(ocl);
}

/* CUDA: the resident ring kernel (FORCE), with small slots (overflow ->
   rescan), the batched path on the same device, and a relaunch after the
   grid idled out. SKIPPED without a GPU unless VYRE_REQUIRE_CUDA=1. */
static void t_cuda_persistent(void) {
    vyre_backend *cu = NULL;
    vyre_error err;
    const char *req = getenv("VYRE_REQUIRE_CUDA");
    vyre_device_profile prof;
    vyre_result r;
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
    vt_skip("CUDA under a host sanitizer (scripts/gpu_engine.sh runs the plain build under compute-sanitizer)");
    (void)cu; (void)err; (void)req; (void)prof; (void)r;
    return;
#endif
    r = vyre_cuda_backend_create(NULL, &cu, &err);
    if (r != VYRE_OK) {
        if (req && req[0] == '1') CHECKF(0, "VYRE_REQUIRE_CUDA=1 but no CUDA backend: %s", err.message);
        else vt_skip("no CUDA device (VYRE_REQUIRE_CUDA=1 makes this a failure)");
        return;
    }
    CHECK_RC(vyre_backend_profile(cu, &prof, &err), VYRE_OK);
    CHECK(prof.caps & VYRE_CAP_PERSISTENT);
    { /* the ring kernel family is built when the first engine opens, not at create */
        vyre_cuda_module_info mi;
        memset(&mi, 0, sizeof mi);
        CHECK_RC(vyre_cuda_module_info_get(cu, &mi, &err), VYRE_OK);
        CHECKF((mi.families & VYRE_KERNELS_RING) == 0, "ring family built at create (families 0x%x)", (unsigned)mi.families);
    }
    {
        cfg c = {"cuda FORCE (resident kernel)", NULL, VYRE_ENGINE_FORCE, VYRE_ENGINE_PATH_PERSISTENT, 0, 256, 0, 0, 0};
        cfg c2 = {"cuda FORCE, 2-match slots, submit_many", NULL, VYRE_ENGINE_FORCE, VYRE_ENGINE_PATH_PERSISTENT, 2, 64, 0, 0, 1};
        cfg c3 = {"cuda DISABLE (batched)", NULL, VYRE_ENGINE_DISABLE, VYRE_ENGINE_PATH_BATCHED, 0, 256, 0, 0, 0};
        c.b = cu; c2.b = cu; c3.b = cu;
        run_differential(&c, g_sa, g_sb, 4, jobs_per_producer());
        {
            vyre_cuda_module_info mi;
            memset(&mi, 0, sizeof mi);
            CHECK_RC(vyre_cuda_module_info_get(cu, &mi, &err), VYRE_OK);
            CHECKF((mi.families & VYRE_KERNELS_RING) != 0 && mi.lazy_builds >= 1,
                   "ring family not built by the engine (families 0x%x, lazy builds %u)", (unsigned)mi.families,
                   (unsigned)mi.lazy_builds);
        }
        run_differential(&c2, g_sa, g_sb, 3, jobs_per_producer() / 2);
        run_differential(&c3, g_sa, g_sb, 3, jobs_per_producer() / 2);
        { /* jobs up to 9000 bytes: several staged tiles per item, look-behind across tile edges,
             both the shared-memory filter (set 0) and the END_MASK path (set 1); 1 scanner block */
            cfg c4 = {"cuda FORCE, jobs up to 9000 bytes, 3 scanner warps, submit_many", NULL, VYRE_ENGINE_FORCE, VYRE_ENGINE_PATH_PERSISTENT, 4096, 64, 3, 9000, 1};
            c4.b = cu;
            run_differential(&c4, g_sa, g_sb, 3, jobs_per_producer() / 4);
        }
    }
    { /* a large-set (BIG) form set: the resident kernel cannot scan it. FORCE says so; AUTO takes
         the batched path and says why; its results are still every match */
        vyre_literal v[6];
        vyre_compile_desc cd;
        vyre_literal_set *big = NULL;
        vyre_engine_set bs[1];
        vyre_engine_desc d;
        vyre_engine *e = NULL;
        vyre_engine_stats st;
        vyre_match m[8];
        vyre_job j;
        size_t n = 0, i;
        memset(&cd, 0, sizeof cd);
        cd.form = VYRE_LIT_FORM_BIG;
        for (i = 0; i < 6; i++) { v[i].bytes = lits_a[i]; v[i].len = strlen(lits_a[i]); v[i].flags = 0; }
        if (CHECK_RC(vyre_literal_set_compile(v, 6, &cd, &big, &err), VYRE_OK)) {
            memset(&d, 0, sizeof d);
            bs[0].literal = big;
            d.sets = bs; d.set_count = 1; d.max_jobs = 16; d.max_job_bytes = 256; d.mode = VYRE_ENGINE_FORCE;
            CHECK_RC(vyre_engine_create(cu, &d, &e, &err), VYRE_ERR_UNSUPPORTED);
            CHECK_STR_CONTAINS(err.message, "set 0 is in the large-set (BIG) form");
            CHECK_STR_CONTAINS(err.fix, "VYRE_ENGINE_AUTO");
            d.mode = VYRE_ENGINE_AUTO;
            if (CHECK_RC(vyre_engine_create(cu, &d, &e, &err), VYRE_OK)) {
                CHECK_RC(vyre_engine_get_stats(e, &st, &err), VYRE_OK);
                CHECK(st.path == VYRE_ENGINE_PATH_BATCHED);
                CHECK_STR_CONTAINS(st.path_reason, "DFA-form literal sets only");
                CHECK_RC(vyre_engine_submit(e, 0, "a secret key", 12, 1, &j, &err), VYRE_OK);
                CHECK_RC(vyre_engine_wait(e, j, 0, m, 8, &n, NULL, &err), VYRE_OK);
                CHECK_EQ_U64(n, 2);   /* "secret", "key" */
                CHECK_RC(vyre_engine_destroy(e, &err), VYRE_OK);
            }
            vyre_literal_set_free(big);
        }
    }
    { /* two engines on one backend whose set 0 caches tables of different sizes in shared
         memory: the kernel's dynamic shared-memory attribute is only ever raised */
        vyre_engine_set s1[1], s2[1];
        vyre_engine_desc d;
        vyre_engine *e1 = NULL, *e2 = NULL;
        vyre_match m[8];
        vyre_job j;
        size_t n = 0;
        int k, order;
        for (order = 0; order < 2; order++) {   /* both creation orders: one of them lowers nothing */
            memset(&d, 0, sizeof d);
            d.set_count = 1; d.max_jobs = 16; d.max_job_bytes = 256; d.mode = VYRE_ENGINE_FORCE;
            s1[0].literal = order ? g_sa : g_sb; s2[0].literal = order ? g_sb : g_sa;
            d.sets = s1;
            CHECK_RC(vyre_engine_create(cu, &d, &e1, &err), VYRE_OK);
            d.sets = s2;
            CHECK_RC(vyre_engine_create(cu, &d, &e2, &err), VYRE_OK);
            for (k = 0; k < 4 && e1 && e2; k++) {
                struct timespec ts = {0, 30000000L};
                vyre_engine *ek = k & 1 ? e2 : e1;
                const int is_a = (k & 1) ? !order : order;
                nanosleep(&ts, NULL);   /* past the idle limit: each job relaunches its engine's grid */
                CHECK_RC(vyre_engine_submit(ek, 0, "a secret KEY token", 18, 1, &j, &err), VYRE_OK);
                CHECK_RC(vyre_engine_wait(ek, j, 0, m, 8, &n, NULL, &err), VYRE_OK);
                CHECK_EQ_U64(n, is_a ? 1u : 2u);   /* set a: "secret" (KEY is upper case); set b: "KEY", "token" */
            }
            CHECK_RC(vyre_engine_destroy(e1, &err), VYRE_OK);
            CHECK_RC(vyre_engine_destroy(e2, &err), VYRE_OK);
            e1 = e2 = NULL;
        }
    }
    { /* idle exit and relaunch */
        vyre_engine *e = mk(cu, VYRE_ENGINE_FORCE, 16, 256, 8);
        vyre_telemetry t0, t1;
        vyre_match m[8];
        vyre_job_info ji;
        vyre_job j;
        size_t n = 0;
        int k;
        if (CHECK(e)) {
            for (k = 0; k < 3; k++) {
                struct timespec ts = {0, 30000000L};
                CHECK_RC(vyre_backend_telemetry(cu, &t0, &err), VYRE_OK);
                nanosleep(&ts, NULL);   /* longer than the kernel's idle limit: it leaves */
                CHECK(VYRE__ALD(&e->ctl[VYRE_ENGINE_CTL_ALIVE], acquire) == 0u);
                CHECK_RC(vyre_engine_submit(e, 0, "a secret key", 12, (uint64_t)k, &j, &err), VYRE_OK);
                CHECK_RC(vyre_engine_wait(e, j, 0, m, 8, &n, &ji, &err), VYRE_OK);
                CHECK_EQ_U64(n, 2);
                /* the device trace: taken -> scanned is measured (nonzero, below the 2 ms saturation) */
                CHECKF(ji.dev_scan_ns > 0 && ji.dev_scan_ns < 0x1FFFFFu && ji.dev_wait_ns < 0x1FFFFFu,
                       "device trace of a CUDA job: wait %u ns, scan %u ns", ji.dev_wait_ns, ji.dev_scan_ns);
                CHECK_RC(vyre_backend_telemetry(cu, &t1, &err), VYRE_OK);
                CHECKF(t1.launches > t0.launches, "no relaunch after the idle exit (launches %llu -> %llu)",
                       (unsigned long long)t0.launches, (unsigned long long)t1.launches);
            }
            CHECK_RC(vyre_engine_destroy(e, &err), VYRE_OK);
        }
    }
    vyre_backend_destroy(cu);
}

int main(void) {
    vyre_error err;
    g_sa = compile(lits_a, sizeof lits_a / sizeof lits_a[0], 0);
    g_sb = compile(lits_b, sizeof lits_b / sizeof lits_b[0], VYRE_CASELESS);
    if (!g_sa || !g_sb || vyre_cpu_backend_create(&(vyre_cpu_desc){2, VYRE_CPU_ENGINE_AUTO, 0, {0}}, &g_cpu, &err) != VYRE_OK) {
        printf("FAIL setup\n0 passed, 1 failed, 0 skipped\n");
        return 1;
    }
    g_mock = wrap_without_persistent(g_cpu);
    VT_RUN(t_create_errors);
    VT_RUN(t_force_without_persistent_is_loud);
    VT_RUN(t_job_api_persistent);
    VT_RUN(t_job_api_batched);
    VT_RUN(t_submit_many_persistent);
    VT_RUN(t_submit_many_batched);
    VT_RUN(t_bounded_waits);
    VT_RUN(t_differential_persistent_cpu);
    VT_RUN(t_differential_force_cpu_overflow);
    VT_RUN(t_differential_batched_disable);
    VT_RUN(t_differential_batched_auto_overflow);
    VT_RUN(t_device_protocol_model);
    VT_RUN(t_opencl_batched);
    VT_RUN(t_cuda_persistent);
    vyre_backend_destroy(g_mock);
    vyre_backend_destroy(g_cpu);
    vyre_literal_set_free(g_sa);
    vyre_literal_set_free(g_sb);
    return vt_finish();
}
