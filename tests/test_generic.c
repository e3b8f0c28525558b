/* test_generic.c - the scanners' generic resident path (vyre.h >>scan,
   vyre__gen_req), which every backend without a native literal scanner uses
   (OpenCL today), run on the CPU backend with its native scanner entries
   removed; plus the decoding guards that turn a backend's duplicated or
   out-of-range match records into VYRE_ERR_BACKEND_OUTPUT; and the shared
   case table (t_case_table) on the CPU backend's native scanner.

   The generic path is the one whose match-buffer regrowth used to mix records
   of two dispatches (duplicates in place of real matches under dense output);
   t_dense_output of the conformance suite catches that here, in CI, without
   any OpenCL platform. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#if defined(__SANITIZE_ADDRESS__)
#define VT_DENSE_MIN 200000u       /* ASan: the same code paths on fewer records */
#define VT_DENSE_MAX 400000u
#endif
#define VYRE_IMPLEMENTATION
#include "vyre.h"
#include "vt.h"

#include <pthread.h>
/* g_dev here is the CPU backend through the generic resident path, g_cpu the
   reference (native CPU scanner); both are the suite's globals */

#define VT_DEV_NAME "CPU (generic path)"
#define VT_DEV_REQUIRE_ENV "VYRE_REQUIRE_GENERIC"
#define VT_DEV_CORPUS_ENV "VYRE_GENERIC_CORPUS_MB"
#include "backend_conformance.h"

/* The generic backend: the CPU backend's own vtable and state without the
   native scanner entries (lit_*); lifecycle entries are dropped so that
   destroying the wrapper leaves the inner backend alone. The CPU backend's
   vyre_lit_matches program writes its records in scan order; a GPU writes
   them in whatever order work-groups win the output counter, which the
   contract allows ("fill matches in any order"). So after every
   vyre_lit_matches dispatch this wrapper permutes the records it wrote, with
   a fresh random order each time, as a GPU would: a scanner that mixes the
   records of two dispatches (the regrowth bug) then fails here. */
static vyre_backend_vtable g_cpu_vt;      /* the CPU backend's own entries */
static pthread_mutex_t g_shuffle_mu = PTHREAD_MUTEX_INITIALIZER;
static vt_rng g_shuffle_rng;
static void noop_destroy(void *self) { (void)self; }
static vyre_result gen_dispatch_res(void *self, const vyre_dispatch *d, vyre_timing *timing, vyre_error *err) {
    vyre_result r = g_cpu_vt.dispatch_resident(self, d, timing, err);
    uint32_t ctr[2];
    size_t n, i;
    vyre_raw_match *m;
    if (r != VYRE_OK || strcmp(d->program, VYRE_PROGRAM_LIT_MATCHES) != 0) return r;
    if ((r = g_cpu_vt.download(self, d->buffers[VYRE_LIT_BINDING_OUT0], 0, ctr, 8, err)) != VYRE_OK) return r;
    n = ctr[0] < d->scalars[2] ? ctr[0] : (size_t)d->scalars[2];
    if (n < 2) return VYRE_OK;
    m = (vyre_raw_match *)malloc(n * sizeof *m);
    if (!m) return vyre_set_error(err, VYRE_ERR_OUT_OF_MEMORY, "Fix: test machine out of memory.", "shuffle buffer");
    if ((r = g_cpu_vt.download(self, d->buffers[VYRE_LIT_BINDING_OUT1], 0, m, n * sizeof *m, err)) == VYRE_OK) {
        pthread_mutex_lock(&g_shuffle_mu);
        for (i = n - 1; i > 0; i--) {
            size_t j = (size_t)vt_below(&g_shuffle_rng, (uint64_t)i + 1);
            vyre_raw_match t = m[i];
            m[i] = m[j];
            m[j] = t;
        }
        pthread_mutex_unlock(&g_shuffle_mu);
        r = g_cpu_vt.upload(self, d->buffers[VYRE_LIT_BINDING_OUT1], 0, m, n * sizeof *m, err);
    }
    free(m);
    return r;
}
static vyre_result gen_sequence(void *self, const vyre_op *ops, size_t n, vyre_timing *timing, vyre_error *err) {
    size_t i;
    vyre_result r = VYRE_OK;
    for (i = 0; i < n && r == VYRE_OK; i++) {
        switch (ops[i].kind) {
        case VYRE_OP_UPLOAD: r = g_cpu_vt.upload(self, ops[i].buffer, ops[i].offset, ops[i].src, ops[i].len, err); break;
        case VYRE_OP_FILL: r = g_cpu_vt.fill(self, ops[i].buffer, ops[i].offset, ops[i].len, ops[i].value, err); break;
        case VYRE_OP_DOWNLOAD: r = g_cpu_vt.download(self, ops[i].buffer, ops[i].offset, ops[i].dst, ops[i].len, err); break;
        case VYRE_OP_DISPATCH: r = gen_dispatch_res(self, ops[i].dispatch, NULL, err); break;
        default: r = g_cpu_vt.sequence(self, ops + i, 1, NULL, err); break; /* the CPU backend's own error for a bad kind */
        }
    }
    if (timing) { timing->device_ns = VYRE_TIME_UNKNOWN; timing->enqueue_ns = VYRE_TIME_UNKNOWN; timing->wait_ns = VYRE_TIME_UNKNOWN; }
    return r;
}
static vyre_backend *make_generic(vyre_backend *inner) {
    static vyre_backend_vtable vt;
    vyre_backend *out = NULL;
    vyre_error e;
    g_cpu_vt = *vyre_backend_vtable_of(inner);
    g_shuffle_rng = vt_rng_make(0x5A0FF1E);
    vt = g_cpu_vt;
    vt.lit_open = NULL;
    vt.lit_scan = NULL;
    vt.lit_close = NULL;
    vt.shutdown = NULL;
    vt.destroy = noop_destroy;
    vt.dispatch_resident = gen_dispatch_res;
    vt.sequence = gen_sequence;
    if (vyre_backend_wrap(&vt, vyre_backend_self(inner), NULL, &out, &e) != VYRE_OK) {
        snprintf(g_why, sizeof g_why, "vyre_backend_wrap: %s", e.message);
        return NULL;
    }
    return out;
}

/* A backend whose native scanner corrupts what the CPU scanner returns. */
typedef struct corrupt_self {
    vyre_backend *inner;
    int how;              /* 1 record 1 := record 0, 2 pattern id out of range, 3 end past the request, 4 end inside the history */
} corrupt_self;
static const vyre_backend_vtable *in_vt(void *self) { return vyre_backend_vtable_of(((corrupt_self *)self)->inner); }
static void *in_self(void *self) { return vyre_backend_self(((corrupt_self *)self)->inner); }
static const char *c_id(void *self) { (void)self; return "corrupting"; }
static const char *c_version(void *self) { return in_vt(self)->version(in_self(self)); }
static vyre_result c_profile(void *self, vyre_device_profile *out, vyre_error *err) { return in_vt(self)->profile(in_self(self), out, err); }
static void c_destroy(void *self) { free(self); }
static vyre_result c_lit_open(void *self, const vyre_literal_set *set, size_t max_chunk, void **state, vyre_error *err) {
    return in_vt(self)->lit_open(in_self(self), set, max_chunk, state, err);
}
static void c_lit_close(void *self, void *state) { in_vt(self)->lit_close(in_self(self), state); }
static vyre_result c_lit_scan(void *self, void *state, const vyre_lit_request *q, vyre_lit_result *res, vyre_error *err) {
    corrupt_self *c = (corrupt_self *)self;
    vyre_result r = in_vt(self)->lit_scan(in_self(self), state, q, res, err);
    if (r == VYRE_OK && q->mode == VYRE_LIT_MATCHES && res->count >= 2) {
        if (c->how == 1) q->matches[1] = q->matches[0];
        if (c->how == 2) q->matches[1].pattern_id = 1000000u;
        if (c->how == 3) q->matches[1].end = (uint32_t)q->len + 1u;
        if (c->how == 4) q->matches[1].end = (uint32_t)q->context_len;
    }
    return r;
}
static const vyre_backend_vtable corrupt_vt = {.id = c_id, .version = c_version, .profile = c_profile, .destroy = c_destroy,
                                               .lit_open = c_lit_open, .lit_scan = c_lit_scan, .lit_close = c_lit_close};
static vyre_backend *make_corrupt(vyre_backend *inner, int how) {
    corrupt_self *c = (corrupt_self *)calloc(1, sizeof *c);
    vyre_backend *out = NULL;
    vyre_error e;
    if (!c) return NULL;
    c->inner = inner;
    c->how = how;
    if (!CHECK_RC(vyre_backend_wrap(&corrupt_vt, c, NULL, &out, &e), VYRE_OK)) return NULL;
    return out;
}

static int stop_never(const vyre_match *m, void *user) { (void)m; (void)user; return 0; }

/* Every decoding path rejects a corrupted record: list scan, callback scan,
   region scan, stream; nothing is delivered to the caller's list. */
static void t_decode_guards(void) {
    static const vyre_literal lits[2] = {{"ab", 2, 0}, {"b", 1, 0}};
    static const char text[] = "xxabxxabxxab history xxab";
    vyre_literal_set *set = compile_set(lits, 2, 0);
    int how;
    if (!set) return;
    for (how = 1; how <= 4; how++) {
        vyre_backend *b = make_corrupt(g_cpu, how);
        vyre_scanner *sc = NULL;
        vyre_scanner_desc sd;
        vyre_match out[64];
        size_t n = 77;
        vyre_error e;
        vyre_stream *st = NULL;
        uint64_t starts[2] = {0, 10};
        if (!b) continue;
        memset(&sd, 0, sizeof sd);
        sd.chunk_bytes = 8; /* several requests with history, so how 4 has a context to land in */
        if (CHECK_RC(vyre_scanner_create(b, set, &sd, &sc, &e), VYRE_OK)) {
            memset(out, 0x5A, sizeof out);
            CHECK_RC(vyre_scan(sc, text, sizeof text - 1, out, 64, &n, &e), VYRE_ERR_BACKEND_OUTPUT);
            CHECK_ERR(e, VYRE_ERR_BACKEND_OUTPUT);
            CHECK_STR_CONTAINS(e.message, "corrupting");
            CHECK_EQ_U64(n, 0);
            CHECK_RC(vyre_scan_cb(sc, text, sizeof text - 1, stop_never, NULL, &e), VYRE_ERR_BACKEND_OUTPUT);
            CHECK_RC(vyre_scan_regions_cb(sc, text, sizeof text - 1, starts, 2, stop_never, NULL, &e), VYRE_ERR_BACKEND_OUTPUT);
            if (CHECK_RC(vyre_stream_open(sc, &st, &e), VYRE_OK)) {
                vyre_result r1 = vyre_stream_write(st, text, 12, stop_never, NULL, &e);
                vyre_result r2 = r1 == VYRE_OK ? vyre_stream_write(st, text + 12, sizeof text - 13, stop_never, NULL, &e) : r1;
                vyre_result r3 = vyre_stream_close(st, stop_never, NULL, &e);
                CHECKF(r1 == VYRE_ERR_BACKEND_OUTPUT || r2 == VYRE_ERR_BACKEND_OUTPUT || r3 == VYRE_ERR_BACKEND_OUTPUT,
                       "corruption %d: stream results %d %d %d", how, r1, r2, r3);
            }
            vyre_scanner_destroy(sc);
        }
        vyre_backend_destroy(b);
    }
    vyre_literal_set_free(set);
}

/* the suite's fresh-backend hook: a CPU backend (the lifecycle tests need a real device, see main) */
static vyre_result dev_create_in(const vyre_allocator *alloc, const char *cache_dir, vyre_backend **out, vyre_error *e) {
    vyre_cpu_desc d;
    (void)cache_dir; /* the CPU backend compiles no kernels: no cache */
    memset(&d, 0, sizeof d);
    if (alloc) d.allocator = *alloc;
    return vyre_cpu_backend_create(&d, out, e);
}

/* the shared case table on the CPU backend's native scanner (g_cpu) too, so
   every row runs on the CPU engines as well as on the generic path */
static void t_case_table_cpu_native(void) {
    vyre_backend *generic = g_dev;
    g_dev = g_cpu;
    t_case_table();
    g_dev = generic;
}


int main(void) {
    vyre_error e;
    vyre_cpu_desc cd;
    memset(&cd, 0, sizeof cd);
    cd.threads = 2; /* the programs run on several threads: record order races as on a GPU */
    if (vyre_cpu_backend_create(&cd, &g_cpu, &e) != VYRE_OK) {
        printf("cannot create the CPU backend: %s\n", e.message);
        return 1;
    }
    snprintf(g_why, sizeof g_why, "the generic CPU backend could not be created");
    g_dev = make_generic(g_cpu);
    {   /* contract cases that need a real device (its own handles, timers, telemetry): not for a wrapper */
        static void (*const device_only[])(void) = {t_buffers, t_bad_handles, t_many_and_sequence, t_program_errors,
                                                      t_borrowed_dispatch, t_sessions, t_lifecycle, t_alloc_failures, t_disk_cache,
                                                      conformance_run_all};
        (void)device_only;
    }
    VT_RUN(t_decode_guards);
    VT_RUN(t_case_table);
    VT_RUN(t_case_table_cpu_native);
    VT_RUN(t_program_matches_parity);
    VT_RUN(t_scan_api);
    VT_RUN(t_scan_parity_random);
    VT_RUN(t_gitleaks_real_files);
    VT_RUN(t_presence_random);
    VT_RUN(t_streams);
    VT_RUN(t_dense_output);
    VT_RUN(t_wide_keys);
    VT_RUN(t_threads);
    conformance_free();
    return vt_finish();
}
