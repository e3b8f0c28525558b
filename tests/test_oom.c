/* test_oom.c - allocation-failure injection.

   A counting vyre_allocator (vt.h) fails its Nth allocation, for N = 1, 2, ...
   until the operation succeeds without a failure. Each injected failure must
   give a clean error code (VYRE_ERR_OUT_OF_MEMORY, or VYRE_ERR_THREAD where
   thread creation is involved), leave no output behind, and leak nothing:
   after everything is destroyed the live allocation count is back to zero.
   Covered: compile, deserialize, CPU backend create, scanner create, scan
   (buffer, callback, count, presence, regions), streams, both sessions. */
#define VYRE_IMPLEMENTATION
#include "../vyre.h"
#include "vt.h"

#define MAX_N 20000

static vt_alloc_stats st;
static vyre_allocator A;

static vyre_literal lits[6];
static uint8_t hay[5000];
static size_t want_matches;

static void setup_data(void) {
    static const char *const p[] = {"secret", "AKIA", "ghp_", "k", "password", "et"};
    size_t i;
    vt_rng r = vt_rng_make(300);
    for (i = 0; i < 6; i++) {
        lits[i].bytes = p[i];
        lits[i].len = strlen(p[i]);
        lits[i].flags = i % 2 ? VYRE_CASELESS : 0;
    }
    for (i = 0; i < sizeof hay; i++) hay[i] = (uint8_t)"secrtAKIghp_kasword "[vt_below(&r, 20)];
    memcpy(hay + 100, "password", 8);
    memcpy(hay + 4990, "secret", 6);
    {
        vt_matches w;
        memset(&w, 0, sizeof w);
        vt_naive(lits, 6, 0, hay, sizeof hay, &w);
        want_matches = w.n;
        vt_matches_free(&w);
    }
}

static int ok_code(vyre_result rc, int threads) {
    return rc == VYRE_ERR_OUT_OF_MEMORY || (threads && rc == VYRE_ERR_THREAD);
}

/* Common loop reporting. Returns 1 to stop. */
static int judge(const char *what, long n, vyre_result rc, int threads, long live_after) {
    if (rc == VYRE_OK && st.failed == 0) { /* done: no failure left to inject */
        if (getenv("VT_VERBOSE")) vt_note("%s: %ld allocation sites failed in turn", what, n - 1);
        return 1;
    }
    if (!CHECKF(live_after == 0, "%s: failing allocation %ld: %ld allocations leaked (rc %s)", what, n, live_after,
                vyre_result_str(rc)))
        return 1;
    if (rc == VYRE_OK) {
        /* a failure was injected but swallowed: only allowed if the result is still right (checked by caller) */
        return 0;
    }
    if (!CHECKF(ok_code(rc, threads), "%s: failing allocation %ld gave %s, want VYRE_ERR_OUT_OF_MEMORY", what, n,
                vyre_result_str(rc)))
        return 1;
    return 0;
}

static vyre_compile_desc cdesc(void) {
    vyre_compile_desc d;
    memset(&d, 0, sizeof d);
    d.allocator = A;
    return d;
}
static vyre_cpu_desc pdesc(void) {
    vyre_cpu_desc d;
    memset(&d, 0, sizeof d);
    d.allocator = A;
    d.threads = 2;
    d.min_bytes_per_thread = 512;
    return d;
}

static void t_oom_compile(void) {
    long n;
    vyre_compile_desc d = cdesc();
    for (n = 1; n < MAX_N; n++) {
        vyre_literal_set *set = (vyre_literal_set *)&st;
        vyre_error err;
        vyre_result rc;
        memset(&err, 0, sizeof err);
        vt_alloc_arm(&st, n);
        rc = vyre_literal_set_compile(lits, 6, &d, &set, &err);
        if (rc != VYRE_OK) {
            CHECKF(set == NULL, "compile, failing allocation %ld: *out not NULL", n);
            CHECK_ERR(err, rc);
        } else {
            vyre_literal_set_free(set);
        }
        if (judge("compile", n, rc, 0, st.live)) break;
    }
    CHECK(n > 1 && n < MAX_N);
}

static void t_oom_deserialize(void) {
    long n;
    vyre_compile_desc d = cdesc();
    vyre_literal_set *set = NULL;
    size_t need = 0;
    uint8_t *blob;
    vt_alloc_arm(&st, 0);
    if (!CHECK_RC(vyre_literal_set_compile(lits, 6, NULL, &set, NULL), VYRE_OK)) return;
    CHECK_RC(vyre_literal_set_serialize(set, NULL, 0, &need, NULL), VYRE_OK);
    blob = (uint8_t *)malloc(need ? need : 1);
    if (!blob) abort();
    CHECK_RC(vyre_literal_set_serialize(set, blob, need, &need, NULL), VYRE_OK);
    vyre_literal_set_free(set);
    for (n = 1; n < MAX_N; n++) {
        vyre_literal_set *back = (vyre_literal_set *)&st;
        vyre_result rc;
        vt_alloc_arm(&st, n);
        rc = vyre_literal_set_deserialize(blob, need, &d, &back, NULL);
        if (rc != VYRE_OK) CHECKF(back == NULL, "deserialize, failing allocation %ld: *out not NULL", n);
        else vyre_literal_set_free(back);
        if (judge("deserialize", n, rc, 0, st.live)) break;
    }
    CHECK(n > 1 && n < MAX_N);
    free(blob);
}

static void t_oom_backend_create(void) {
    long n;
    vyre_cpu_desc d = pdesc();
    for (n = 1; n < MAX_N; n++) {
        vyre_backend *be = (vyre_backend *)&st;
        vyre_result rc;
        vt_alloc_arm(&st, n);
        rc = vyre_cpu_backend_create(&d, &be, NULL);
        if (rc != VYRE_OK) CHECKF(be == NULL, "cpu backend create, failing allocation %ld: *out not NULL", n);
        else vyre_backend_destroy(be);
        if (judge("cpu backend create", n, rc, 1, st.live)) break;
    }
    CHECK(n > 1 && n < MAX_N);
}

/* Build set + backend (+ scanner) with the counting allocator, no failures. */
static int build(vyre_literal_set **set, vyre_backend **be, vyre_scanner **sc) {
    vyre_compile_desc cd = cdesc();
    vyre_cpu_desc pd = pdesc();
    vyre_scanner_desc sd;
    memset(&sd, 0, sizeof sd);
    sd.allocator = A;
    *set = NULL;
    *be = NULL;
    if (sc) *sc = NULL;
    vt_alloc_arm(&st, 0);
    if (!CHECK_RC(vyre_literal_set_compile(lits, 6, &cd, set, NULL), VYRE_OK)) return 0;
    if (!CHECK_RC(vyre_cpu_backend_create(&pd, be, NULL), VYRE_OK)) return 0;
    if (sc && !CHECK_RC(vyre_scanner_create(*be, *set, &sd, sc, NULL), VYRE_OK)) return 0;
    return 1;
}
static void teardown(vyre_literal_set *set, vyre_backend *be, vyre_scanner *sc) {
    vyre_scanner_destroy(sc);
    vyre_backend_destroy(be);
    vyre_literal_set_free(set);
}

static void t_oom_scanner_create(void) {
    long n;
    vyre_scanner_desc sd;
    memset(&sd, 0, sizeof sd);
    sd.allocator = A;
    for (n = 1; n < MAX_N; n++) {
        vyre_literal_set *set;
        vyre_backend *be;
        vyre_scanner *sc = (vyre_scanner *)&st;
        vyre_result rc;
        if (!build(&set, &be, NULL)) { teardown(set, be, NULL); return; }
        vt_alloc_arm(&st, n);
        rc = vyre_scanner_create(be, set, &sd, &sc, NULL);
        if (rc != VYRE_OK) {
            CHECKF(sc == NULL, "scanner create, failing allocation %ld: *out not NULL", n);
            sc = NULL;
        }
        teardown(set, be, sc);
        if (judge("scanner create", n, rc, 1, st.live)) break;
    }
    CHECK(n > 1 && n < MAX_N);
}

enum { OP_SCAN, OP_CB, OP_COUNT, OP_PRESENCE, OP_REGIONS, OP_STREAM, OP_N };
static const char *const OP_NAMES[OP_N] = {"scan", "scan_cb", "scan_count", "scan_presence", "scan_regions_cb",
                                           "stream"};

static vyre_result run_op(int op, vyre_scanner *sc, size_t *found) {
    static vyre_match out[4096];
    static const uint64_t starts[3] = {0, 1000, 2500};
    vyre_result rc = VYRE_OK;
    *found = 0;
    switch (op) {
    case OP_SCAN: rc = vyre_scan(sc, hay, sizeof hay, out, 4096, found, NULL); break;
    case OP_CB: {
        vt_matches m;
        memset(&m, 0, sizeof m);
        rc = vyre_scan_cb(sc, hay, sizeof hay, vt_collect_cb, &m, NULL);
        *found = m.n;
        vt_matches_free(&m);
        break;
    }
    case OP_COUNT: {
        uint64_t c = 0;
        rc = vyre_scan_count(sc, hay, sizeof hay, &c, NULL);
        *found = (size_t)c;
        break;
    }
    case OP_PRESENCE: {
        uint32_t rows[3];
        memset(rows, 0, sizeof rows);
        rc = vyre_scan_presence(sc, hay, sizeof hay, starts, 3, rows, 3, NULL);
        *found = rc == VYRE_OK ? want_matches : 0; /* contents are tested elsewhere */
        break;
    }
    case OP_REGIONS: {
        vt_matches m;
        memset(&m, 0, sizeof m);
        rc = vyre_scan_regions_cb(sc, hay, sizeof hay, starts, 3, vt_collect_cb, &m, NULL);
        *found = rc == VYRE_OK ? want_matches : 0;
        vt_matches_free(&m);
        break;
    }
    case OP_STREAM: {
        vyre_stream *s = NULL;
        vt_matches m;
        size_t off = 0;
        memset(&m, 0, sizeof m);
        rc = vyre_stream_open(sc, &s, NULL);
        if (rc != VYRE_OK) {
            CHECKF(s == NULL, "stream open failed but *out not NULL");
            break;
        }
        while (off < sizeof hay && rc == VYRE_OK) {
            size_t len = sizeof hay - off < 777 ? sizeof hay - off : 777;
            rc = vyre_stream_write(s, hay + off, len, vt_collect_cb, &m, NULL);
            off += len;
        }
        {
            vyre_result rc2 = vyre_stream_close(s, vt_collect_cb, &m, NULL); /* frees the stream also on error */
            if (rc == VYRE_OK) rc = rc2;
        }
        *found = m.n;
        vt_matches_free(&m);
        break;
    }
    }
    return rc;
}

static void t_oom_scan_ops(void) {
    int op;
    for (op = 0; op < OP_N; op++) {
        long n;
        for (n = 1; n < MAX_N; n++) {
            vyre_literal_set *set;
            vyre_backend *be;
            vyre_scanner *sc;
            vyre_result rc;
            size_t found = 0;
            if (!build(&set, &be, &sc)) { teardown(set, be, sc); return; }
            vt_alloc_arm(&st, n);
            rc = run_op(op, sc, &found);
            if (rc == VYRE_OK)
                CHECKF(found == want_matches, "%s after failing allocation %ld: %zu matches, want %zu", OP_NAMES[op], n,
                       found, want_matches);
            /* the scanner still works after a failure */
            if (rc != VYRE_OK) {
                size_t again = 0;
                vt_alloc_arm(&st, 0);
                CHECKF(run_op(op, sc, &again) == VYRE_OK && again == want_matches,
                       "%s: scanner unusable after failing allocation %ld", OP_NAMES[op], n);
                st.failed = 1; /* keep judging this iteration as a failure case */
            }
            teardown(set, be, sc);
            if (judge(OP_NAMES[op], n, rc, 1, st.live)) break;
        }
        CHECKF(n < MAX_N, "%s: never succeeded", OP_NAMES[op]);
        if (vt__case_failures) return;
    }
}

static void t_oom_sessions(void) {
    int which;
    for (which = 0; which < 2; which++) {
        long n;
        const char *what = which ? "match session" : "presence session";
        for (n = 1; n < MAX_N; n++) {
            vyre_literal_set *set;
            vyre_backend *be;
            vyre_result rc, frc = VYRE_OK;
            if (!build(&set, &be, NULL)) { teardown(set, be, NULL); return; }
            vt_alloc_arm(&st, n);
            if (which == 0) {
                vyre_presence_session *s = NULL;
                uint32_t starts[2] = {0, 2000}, rows[2] = {0, 0};
                rc = vyre_presence_session_create(be, set, sizeof hay, 4, &s, NULL);
                if (rc == VYRE_OK) {
                    rc = vyre_presence_session_scan(s, hay, sizeof hay, starts, 2, 0, rows, 2, NULL, NULL);
                    frc = vyre_presence_session_free(s, NULL);
                } else {
                    CHECKF(s == NULL, "%s: failing allocation %ld: *out not NULL", what, n);
                }
            } else {
                vyre_match_session *s = NULL;
                static vyre_match out[4096];
                size_t cnt = 0;
                rc = vyre_match_session_create(be, set, sizeof hay, 4096, &s, NULL);
                if (rc == VYRE_OK) {
                    rc = vyre_match_session_scan(s, hay, sizeof hay, out, 4096, &cnt, NULL, NULL);
                    if (rc == VYRE_OK) CHECK_EQ_U64(cnt, want_matches);
                    frc = vyre_match_session_free(s, NULL);
                } else {
                    CHECKF(s == NULL, "%s: failing allocation %ld: *out not NULL", what, n);
                }
            }
            CHECK_RC(frc, VYRE_OK);
            teardown(set, be, NULL);
            if (judge(what, n, rc, 1, st.live)) break;
        }
        CHECKF(n < MAX_N, "%s: never succeeded", what);
    }
}

int main(void) {
    A = vt_allocator(&st);
    setup_data();
    VT_RUN(t_oom_compile);
    VT_RUN(t_oom_deserialize);
    VT_RUN(t_oom_backend_create);
    VT_RUN(t_oom_scanner_create);
    VT_RUN(t_oom_scan_ops);
    VT_RUN(t_oom_sessions);
    return vt_finish();
}
