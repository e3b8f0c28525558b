/* test_ingest.c - the host staging contract (vtable host_alloc/host_free) and
   the file-ingest pipeline (vyre.h >>ingest): walk order, batches, chunk
   boundaries, empty files, the three modes against a naive reference and
   Hyperscan, bounded memory (tiny budgets, result buffers that overflow),
   files that change while read, cancellation. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#define VYRE_IMPLEMENTATION
#include "vyre.h"
#include "vt.h"

#include <stdint.h>

/* an allocator that records the largest single request */
typedef struct big_alloc { size_t largest; long live; } big_alloc;
static void *ba_alloc(size_t n, void *u) {
    big_alloc *b = (big_alloc *)u;
    if (n > b->largest) b->largest = n;
    __sync_add_and_fetch(&b->live, 1);
    return malloc(n ? n : 1);
}
static void *ba_realloc(void *p, size_t n, void *u) {
    big_alloc *b = (big_alloc *)u;
    void *q;
    if (n > b->largest) b->largest = n;
    q = realloc(p, n ? n : 1);
    if (q && !p) __sync_add_and_fetch(&b->live, 1);
    return q;
}
static void ba_free(void *p, void *u) { if (p) { __sync_sub_and_fetch(&((big_alloc *)u)->live, 1); free(p); } }
static vyre_allocator ba_make(big_alloc *b) {
    vyre_allocator a;
    a.alloc = ba_alloc; a.realloc = ba_realloc; a.free = ba_free; a.user = b;
    return a;
}

/* ---------------------------------------------------------------- host staging */
static void t_host_alloc_cpu(void) {
    vyre_backend *be = NULL;
    vyre_error e;
    void *p = NULL;
    CHECK_RC(vyre_cpu_backend_create(NULL, &be, &e), VYRE_OK);
    CHECK(vyre_backend_vtable_of(be)->host_alloc != NULL && vyre_backend_vtable_of(be)->host_free != NULL);
    CHECK_RC(vyre_host_alloc(be, 1 << 20, &p, &e), VYRE_OK);
    CHECK(p != NULL);
    if (p) { memset(p, 0xab, 1 << 20); vyre_host_free(be, p); }
    p = NULL;
    CHECK_RC(vyre_host_alloc(be, 0, &p, &e), VYRE_OK); /* 0 bytes: a valid pointer */
    CHECK(p != NULL);
    vyre_host_free(be, p);
    vyre_host_free(be, NULL);
    CHECK_RC(vyre_host_alloc(be, 16, NULL, &e), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_RC(vyre_host_alloc(NULL, 16, &p, &e), VYRE_ERR_INVALID_ARGUMENT);
    CHECK(p == NULL);
    vyre_backend_destroy(be);
}

/* a backend that leaves host_alloc NULL: memory comes from the wrap allocator */
static const char *nb_id(void *s) { (void)s; return "nullhost"; }
static const char *nb_ver(void *s) { (void)s; return "0"; }
static vyre_result nb_prof(void *s, vyre_device_profile *o, vyre_error *e) { (void)s; (void)o; (void)e; return VYRE_OK; }
static void nb_destroy(void *s) { (void)s; }
static void t_host_alloc_null_entries(void) {
    static vyre_backend_vtable vt;
    vt_alloc_stats st;
    vyre_allocator a;
    vyre_backend *be = NULL;
    vyre_error e;
    void *p = NULL;
    memset(&st, 0, sizeof st);
    a = vt_allocator(&st);
    vt.id = nb_id; vt.version = nb_ver; vt.profile = nb_prof; vt.destroy = nb_destroy;
    CHECK_RC(vyre_backend_wrap(&vt, NULL, &a, &be, &e), VYRE_OK);
    vt_alloc_arm(&st, 0);
    CHECK_RC(vyre_host_alloc(be, 4096, &p, &e), VYRE_OK);
    CHECK(p != NULL && st.calls == 1); /* through the backend's allocator */
    vyre_host_free(be, p);
    vt_alloc_arm(&st, 1); /* the allocation fails: a clean OOM */
    p = (void *)&st;
    CHECK_RC(vyre_host_alloc(be, 4096, &p, &e), VYRE_ERR_OUT_OF_MEMORY);
    CHECK(p == NULL && e.code == VYRE_ERR_OUT_OF_MEMORY && strstr(e.fix, "Fix:") != NULL);
    vyre_backend_destroy(be);
    CHECK(st.live == 0);
}

/* the CPU native scanner stores at most `cap` raw matches per request (it used
   to collect every match first: 4 M matches = 32 MB for a 16-entry buffer) */
static void t_cpu_lit_cap_bounded(void) {
    big_alloc ba = {0, 0};
    vyre_cpu_desc cd;
    vyre_backend *be = NULL;
    vyre_literal_set *set = NULL;
    vyre_literal lit = {(const uint8_t *)"a", 1, 0};
    vyre_error e;
    void *state = NULL;
    vyre_lit_request q;
    vyre_lit_result res;
    vyre_raw_match buf[16];
    size_t n = (size_t)4 << 20;
    uint8_t *h = (uint8_t *)malloc(n);
    const vyre_backend_vtable *vt;
    memset(h, 'a', n);
    memset(&cd, 0, sizeof cd);
    cd.threads = 1;
    cd.allocator = ba_make(&ba);
    CHECK_RC(vyre_literal_set_compile(&lit, 1, NULL, &set, &e), VYRE_OK);
    CHECK_RC(vyre_cpu_backend_create(&cd, &be, &e), VYRE_OK);
    vt = vyre_backend_vtable_of(be);
    CHECK_RC(vt->lit_open(vyre_backend_self(be), set, n, &state, &e), VYRE_OK);
    memset(&q, 0, sizeof q);
    q.mode = VYRE_LIT_MATCHES; q.data = h; q.len = n; q.matches = buf; q.cap = 16;
    ba.largest = 0;
    CHECK_RC(vt->lit_scan(vyre_backend_self(be), state, &q, &res, &e), VYRE_ERR_MATCH_CAPACITY);
    CHECK_EQ_U64(res.count, n);
    CHECKF(ba.largest < 4096, "largest allocation during a 16-match request: %zu bytes", ba.largest);
    vt->lit_close(vyre_backend_self(be), state);
    vyre_backend_destroy(be);
    vyre_literal_set_free(set);
    free(h);
    CHECK(ba.live == 0);
}

int main(void) {
    VT_RUN(t_host_alloc_cpu);
    VT_RUN(t_host_alloc_null_entries);
    VT_RUN(t_cpu_lit_cap_bounded);
    return vt_finish();
}
