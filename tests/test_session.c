/* test_session.c - the resident sessions (>>sessions) over a RECORDING MOCK
   backend built with vyre_backend_wrap.

   The mock forwards every call to a real CPU backend (so results are real and
   checked against the naive reference) and records each resident operation:
   allocations, uploads, fills, dispatches, downloads, frees, whether they
   came one by one or inside a sequence. It can be told to fail the Nth free
   or the next dispatch. The tests check the session contract:
     - the VYRE_LT_COUNT tables are uploaded once, at create, never again;
     - each scan moves only the haystack and the control values, resets the
       used output prefix with a device-side fill, and dispatches with every
       binding a live resident buffer (nothing borrowed);
     - region cap / haystack capacity / bad regions are rejected before
       anything reaches the device, with the documented codes;
     - no partial output after an error;
     - free attempts every release and returns the first error. */
#define VYRE_IMPLEMENTATION
#include "../vyre.h"
#include "vt.h"

/* ------------------------------------------------------------ the mock */
typedef enum ev_kind { EV_ALLOC = 1, EV_FREE, EV_UPLOAD, EV_FILL, EV_DISPATCH, EV_DOWNLOAD, EV_BORROWED } ev_kind;
typedef struct ev {
    ev_kind kind;
    vyre_buffer buf;
    size_t offset, len;
    int in_sequence;
    /* EV_DISPATCH */
    char program[32];
    uint32_t nbuf, nscalar;
    vyre_buffer bindings[32];
    uint64_t scalars[8];
    int all_live;            /* every binding was a live buffer of this mock at dispatch time */
} ev;

#define MAXBUF 256
typedef struct mock {
    vyre_backend *inner;
    ev *ev;
    size_t nev, cap;
    vyre_buffer live[MAXBUF];
    size_t live_size[MAXBUF];
    int nlive;
    long free_calls;
    long fail_free_at[2];         /* 1-based free call numbers that fail */
    vyre_result fail_free_code[2];
    vyre_result fail_dispatch;    /* next dispatch fails with this (0 = no) */
    int destroyed;
} mock;

static void rec(mock *m, const ev *e) {
    if (m->nev == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 256;
        m->ev = (ev *)realloc(m->ev, m->cap * sizeof *m->ev);
        if (!m->ev) abort();
    }
    m->ev[m->nev++] = *e;
}
static int live_index(const mock *m, vyre_buffer b) {
    int i;
    for (i = 0; i < m->nlive; i++)
        if (m->live[i] == b) return i;
    return -1;
}
static const char *m_id(void *self) { (void)self; return "mock"; }
static const char *m_version(void *self) { (void)self; return "1"; }
static vyre_result m_profile(void *self, vyre_device_profile *out, vyre_error *err) {
    (void)self; (void)err;
    memset(out, 0, sizeof *out);
    strcpy(out->backend, "mock");
    strcpy(out->device_name, "recording mock");
    out->caps = VYRE_CAP_RESIDENT | VYRE_CAP_FILL | VYRE_CAP_SEQUENCE;
    out->compute_units = 1;
    out->max_workgroup_size = 256;
    out->memory_bytes = 1ull << 30;
    return VYRE_OK;
}
static vyre_result m_dispatch(void *self, const char *program, const vyre_host_arg *args, uint32_t nargs,
                              const uint64_t *scalars, uint32_t nscalars, vyre_timing *timing, vyre_error *err) {
    mock *m = (mock *)self;
    ev e;
    memset(&e, 0, sizeof e);
    e.kind = EV_BORROWED;
    rec(m, &e);
    return vyre_backend_dispatch(m->inner, program, args, nargs, scalars, nscalars, timing, err);
}
static vyre_result m_alloc(void *self, size_t bytes, vyre_buffer *out, vyre_error *err) {
    mock *m = (mock *)self;
    ev e;
    vyre_result rc = vyre_buffer_alloc(m->inner, bytes, out, err);
    if (rc != VYRE_OK) return rc;
    memset(&e, 0, sizeof e);
    e.kind = EV_ALLOC;
    e.buf = *out;
    e.len = bytes;
    rec(m, &e);
    if (m->nlive < MAXBUF) {
        m->live[m->nlive] = *out;
        m->live_size[m->nlive] = bytes;
        m->nlive++;
    }
    return VYRE_OK;
}
static vyre_result m_free(void *self, vyre_buffer buf, vyre_error *err) {
    mock *m = (mock *)self;
    ev e;
    int i, k;
    m->free_calls++;
    memset(&e, 0, sizeof e);
    e.kind = EV_FREE;
    e.buf = buf;
    rec(m, &e);
    for (k = 0; k < 2; k++)
        if (m->fail_free_at[k] && m->free_calls == m->fail_free_at[k])
            return vyre_set_error(err, m->fail_free_code[k], "Fix: none (injected).", "mock: injected free failure");
    i = live_index(m, buf);
    if (i >= 0) {
        m->live[i] = m->live[m->nlive - 1];
        m->live_size[i] = m->live_size[m->nlive - 1];
        m->nlive--;
    }
    return vyre_buffer_free(m->inner, buf, err);
}
static void rec_op(mock *m, const vyre_op *op, int in_seq) {
    ev e;
    memset(&e, 0, sizeof e);
    e.buf = op->buffer;
    e.offset = op->offset;
    e.len = op->len;
    e.in_sequence = in_seq;
    switch (op->kind) {
    case VYRE_OP_UPLOAD: e.kind = EV_UPLOAD; break;
    case VYRE_OP_FILL: e.kind = EV_FILL; break;
    case VYRE_OP_DOWNLOAD: e.kind = EV_DOWNLOAD; break;
    case VYRE_OP_DISPATCH: {
        const vyre_dispatch *d = op->dispatch;
        uint32_t i;
        e.kind = EV_DISPATCH;
        e.all_live = 1;
        if (d) {
            if (d->program) {
                strncpy(e.program, d->program, sizeof e.program - 1);
            }
            e.nbuf = d->buffer_count;
            e.nscalar = d->scalar_count;
            for (i = 0; i < d->buffer_count && i < 32; i++) {
                e.bindings[i] = d->buffers[i];
                if (live_index(m, d->buffers[i]) < 0) e.all_live = 0;
            }
            for (i = 0; i < d->scalar_count && i < 8; i++) e.scalars[i] = d->scalars[i];
        }
        break;
    }
    default: e.kind = (ev_kind)0; break;
    }
    rec(m, &e);
}
/* record one transfer op of the mock's plain entries */
static void rec_one(mock *m, vyre_op_kind kind, vyre_buffer buf, size_t offset, size_t len, const void *src, void *dst,
                    uint8_t value) {
    vyre_op op;
    memset(&op, 0, sizeof op);
    op.kind = kind; op.buffer = buf; op.offset = offset; op.len = len; op.src = src; op.dst = dst; op.value = value;
    rec_op(m, &op, 0);
}
static void rec_ops(mock *m, const vyre_op *ops, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) rec_op(m, &ops[i], 0);
}
static vyre_result m_upload(void *self, vyre_buffer buf, size_t offset, const void *src, size_t len, vyre_error *err) {
    mock *m = (mock *)self;
    rec_one(m, VYRE_OP_UPLOAD, buf, offset, len, src, NULL, 0);
    return vyre_buffer_upload(m->inner, buf, offset, src, len, err);
}
static vyre_result m_upload_many(void *self, const vyre_op *ops, size_t n, vyre_error *err) {
    rec_ops((mock *)self, ops, n);
    return vyre_buffer_upload_many(((mock *)self)->inner, ops, n, err);
}
static vyre_result m_download(void *self, vyre_buffer buf, size_t offset, void *dst, size_t len, vyre_error *err) {
    mock *m = (mock *)self;
    rec_one(m, VYRE_OP_DOWNLOAD, buf, offset, len, NULL, dst, 0);
    return vyre_buffer_download(m->inner, buf, offset, dst, len, err);
}
static vyre_result m_download_many(void *self, const vyre_op *ops, size_t n, vyre_error *err) {
    rec_ops((mock *)self, ops, n);
    return vyre_buffer_download_many(((mock *)self)->inner, ops, n, err);
}
static vyre_result m_fill(void *self, vyre_buffer buf, size_t offset, size_t len, uint8_t value, vyre_error *err) {
    mock *m = (mock *)self;
    rec_one(m, VYRE_OP_FILL, buf, offset, len, NULL, NULL, value);
    return vyre_buffer_fill(m->inner, buf, offset, len, value, err);
}
static vyre_result m_dispatch_resident(void *self, const vyre_dispatch *d, vyre_timing *timing, vyre_error *err) {
    mock *m = (mock *)self;
    vyre_op op;
    memset(&op, 0, sizeof op);
    op.kind = VYRE_OP_DISPATCH;
    op.dispatch = d;
    rec_op(m, &op, 0);
    if (m->fail_dispatch) {
        vyre_result rc = m->fail_dispatch;
        m->fail_dispatch = VYRE_OK;
        return vyre_set_error(err, rc, "Fix: none (injected).", "mock: injected dispatch failure");
    }
    return vyre_dispatch_resident(m->inner, d, timing, err);
}
static vyre_result m_sequence(void *self, const vyre_op *ops, size_t n, vyre_timing *timing, vyre_error *err) {
    mock *m = (mock *)self;
    size_t i;
    int has_dispatch = 0;
    for (i = 0; i < n; i++) {
        rec_op(m, &ops[i], 1);
        if (ops[i].kind == VYRE_OP_DISPATCH) has_dispatch = 1;
    }
    if (has_dispatch && m->fail_dispatch) {
        vyre_result rc = m->fail_dispatch;
        m->fail_dispatch = VYRE_OK;
        return vyre_set_error(err, rc, "Fix: none (injected).", "mock: injected dispatch failure");
    }
    return vyre_sequence(m->inner, ops, n, timing, err);
}
static vyre_result m_telemetry(void *self, vyre_telemetry *out) {
    mock *m = (mock *)self;
    return vyre_backend_telemetry(m->inner, out, NULL);
}
static void m_telemetry_reset(void *self) {
    mock *m = (mock *)self;
    vyre_backend_telemetry_reset(m->inner, NULL);
}
static vyre_result m_flush(void *self, vyre_error *err) { (void)self; (void)err; return VYRE_OK; }
static void m_destroy(void *self) {
    mock *m = (mock *)self;
    m->destroyed++;
}

/* the mock's entries: everything resident, recorded, forwarded to the CPU backend */
static const vyre_backend_vtable mock_vt = {
    .id = m_id, .version = m_version, .profile = m_profile, .dispatch = m_dispatch, .buffer_alloc = m_alloc,
    .buffer_free = m_free, .upload = m_upload, .upload_many = m_upload_many, .download = m_download,
    .download_many = m_download_many, .fill = m_fill, .dispatch_resident = m_dispatch_resident, .sequence = m_sequence,
    .telemetry = m_telemetry, .telemetry_reset = m_telemetry_reset, .flush = m_flush, .destroy = m_destroy};
static vyre_backend *mock_make(mock *m) {
    vyre_backend *be = NULL;
    vyre_cpu_desc cd;
    vyre_error err;
    memset(m, 0, sizeof *m);
    memset(&cd, 0, sizeof cd);
    cd.threads = 2;
    cd.min_bytes_per_thread = 1;
    if (!CHECK_RC(vyre_cpu_backend_create(&cd, &m->inner, &err), VYRE_OK)) return NULL;
    if (!CHECK_RC(vyre_backend_wrap(&mock_vt, m, NULL, &be, &err), VYRE_OK)) {
        vyre_backend_destroy(m->inner);
        return NULL;
    }
    return be;
}
static void mock_free(mock *m, vyre_backend *be) {
    vyre_backend_destroy(be);
    CHECK_EQ_U64(m->destroyed, 1);
    vyre_backend_destroy(m->inner); /* releases anything a failed free left behind */
    free(m->ev);
}
static size_t count_kind(const mock *m, size_t from, ev_kind k) {
    size_t i, n = 0;
    for (i = from; i < m->nev; i++)
        if (m->ev[i].kind == k) n++;
    return n;
}
static size_t bytes_kind_to(const mock *m, size_t from, ev_kind k, vyre_buffer b) {
    size_t i, n = 0;
    for (i = from; i < m->nev; i++)
        if (m->ev[i].kind == k && (b == 0 || m->ev[i].buf == b)) n += m->ev[i].len;
    return n;
}

/* ------------------------------------------------------------- helpers */
/* the literal corpus of the session tests (secret-scanner keywords) */
static const char *const LITS[] = {"key", "token", "secret", "AKIA", "ghp_", "sk_live_", "password", "api"};

static vyre_literal_set *seed_set(vyre_literal *lits) {
    vyre_literal_set *set = NULL;
    vyre_error err;
    size_t i;
    for (i = 0; i < 8; i++) lits[i] = vt_lit(LITS[i], 0);
    if (!CHECK_RC(vyre_literal_set_compile(lits, 8, NULL, &set, &err), VYRE_OK)) return NULL;
    return set;
}

/* Which live buffer holds table t? Returns the index in m->live or -1. */
static vyre_buffer table_buffer(mock *m, const vyre_literal_set *set, int t) {
    const void *p = NULL;
    size_t n = 0;
    int i;
    uint8_t *tmp;
    vyre_buffer found = 0;
    if (vyre_literal_set_table(set, (vyre_lit_table)t, &p, &n) != VYRE_OK) return 0;
    tmp = (uint8_t *)malloc(n ? n : 1);
    if (!tmp) abort();
    for (i = 0; i < m->nlive && !found; i++)
        if (m->live_size[i] >= n && (n == 0 || vyre_buffer_download(m->inner, m->live[i], 0, tmp, n, NULL) == VYRE_OK) &&
            memcmp(tmp, p, n) == 0 && bytes_kind_to(m, 0, EV_UPLOAD, m->live[i]) == n)
            found = m->live[i];
    free(tmp);
    return found;
}

/* Finds the resident buffer of each of the VYRE_LT_COUNT tables (checked: one holds exactly its
   bytes, uploaded once) into tbuf; returns the tables' total size. */
static size_t resident_tables(mock *m, const vyre_literal_set *set, vyre_buffer *tbuf) {
    size_t bytes = 0;
    int t;
    for (t = 0; t < (int)VYRE_LT_COUNT; t++) {
        const void *p = NULL;
        size_t n = 0;
        vyre_literal_set_table(set, (vyre_lit_table)t, &p, &n);
        bytes += n;
        tbuf[t] = table_buffer(m, set, t);
        CHECKF(tbuf[t] != 0, "table %d: no resident buffer holds exactly its bytes, uploaded once", t);
    }
    return bytes;
}
/* Checks every dispatch since event `from`: the program, its binding count, all bindings live,
   binding 1 + t the resident table t. Returns how many; *last is the last one. */
static size_t check_dispatches(const mock *m, size_t from, const char *program, uint32_t nbuf, const vyre_buffer *tbuf,
                               const ev **last) {
    size_t i, nd = 0;
    int t;
    *last = NULL;
    for (i = from; i < m->nev; i++) {
        const ev *e = &m->ev[i];
        if (e->kind != EV_DISPATCH) continue;
        nd++;
        CHECK(strcmp(e->program, program) == 0);
        CHECK_EQ_U64(e->nbuf, nbuf);
        CHECK(e->all_live);
        for (t = 0; t < (int)VYRE_LT_COUNT; t++)
            CHECKF(e->bindings[1 + t] == tbuf[t], "binding %d is not table %d's resident buffer", 1 + t, t);
        *last = e;
    }
    return nd;
}
/* after a scan since event `from`: nothing borrowed or allocated, no table uploaded again */
static void check_resident_scan(const mock *m, size_t from, const vyre_buffer *tbuf) {
    int t;
    CHECK_EQ_U64(count_kind(m, from, EV_BORROWED), 0);
    CHECK_EQ_U64(count_kind(m, from, EV_ALLOC), 0);
    for (t = 0; t < (int)VYRE_LT_COUNT; t++) CHECK_EQ_U64(bytes_kind_to(m, from, EV_UPLOAD, tbuf[t]), 0);
}
/* frees from now on: the at[k]-th (1-based) fails with code[k] */
static void mock_fail_frees(mock *m, long at0, vyre_result code0, long at1, vyre_result code1) {
    m->free_calls = 0;
    m->fail_free_at[0] = at0;
    m->fail_free_code[0] = code0;
    m->fail_free_at[1] = at1;
    m->fail_free_code[1] = code1;
}
/* n random literals over "abAB" of 1..maxlen bytes (in store, maxlen apart), half of them caseless */
static void random_lits(vt_rng *r, vyre_literal *lits, uint8_t *store, size_t n, size_t maxlen) {
    size_t i, j;
    for (i = 0; i < n; i++) {
        size_t len = (size_t)vt_range(r, 1, maxlen);
        for (j = 0; j < len; j++) store[i * maxlen + j] = (uint8_t)"abAB"[vt_below(r, 4)];
        lits[i].bytes = store + i * maxlen;
        lits[i].len = len;
        lits[i].flags = vt_below(r, 2) ? VYRE_CASELESS : 0;
    }
}

static void naive_rows(const vyre_literal *lits, size_t n, const uint8_t *h, size_t len, const uint32_t *starts,
                       uint32_t rc, uint32_t base, uint32_t wpr, uint32_t *rows) {
    vt_matches all;
    size_t i;
    uint32_t r;
    memset(&all, 0, sizeof all);
    vt_naive(lits, n, 0, h, len, &all);
    memset(rows, 0, (size_t)rc * wpr * 4);
    for (i = 0; i < all.n; i++)
        for (r = 0; r < rc; r++) {
            uint64_t lo = starts[r], hi = r + 1 < rc ? starts[r + 1] : (uint64_t)len + base;
            if (all.m[i].start + base >= lo && all.m[i].end + base <= hi)
                rows[(size_t)r * wpr + all.m[i].pattern_id / 32] |= 1u << (all.m[i].pattern_id % 32);
        }
    vt_matches_free(&all);
}

/* --------------------------------------------------------------- tests */
/* the session tests' setting: the mock over a CPU backend and the seed set compiled from LITS */
typedef struct fixture { mock m; vyre_backend *be; vyre_literal lits[8]; vyre_literal_set *set; } fixture;
static int fixture_open(fixture *f) {
    f->be = mock_make(&f->m);
    f->set = seed_set(f->lits);
    return f->be && f->set;
}
static void fixture_close(fixture *f) {
    vyre_literal_set_free(f->set);
    if (f->be) mock_free(&f->m, f->be);
}

static void t_presence_uploads_tables_once(void) {
    fixture fx;
    vyre_presence_session *s = NULL;
    vyre_error err;
    vyre_buffer tbuf[VYRE_LT_COUNT];
    size_t after_create, table_bytes = 0, i;
    int t, scan;
    static const uint8_t hay[] = "key token secret AKIA\nghp_ sk_live_ password\nnothing\napi";
    const size_t hlen = sizeof hay - 1;
    uint32_t starts[3] = {0, 22, 45}, out[4], want[4];
    const uint32_t wpr = 1, max_regions = 4;
    if (!fixture_open(&fx)) goto done;
    CHECK_RC(vyre_presence_session_create(fx.be, fx.set, 4096, max_regions, &s, &err), VYRE_OK);
    if (!s) goto done;
    after_create = fx.m.nev;
    CHECK_EQ_U64(count_kind(&fx.m, 0, EV_BORROWED), 0);
    CHECK_EQ_U64(count_kind(&fx.m, 0, EV_DISPATCH), 0);
    /* each of the VYRE_LT_COUNT tables sits in its own resident buffer, uploaded exactly once */
    table_bytes = resident_tables(&fx.m, fx.set, tbuf);
    for (t = 0; t < (int)VYRE_LT_COUNT; t++) {
        int u;
        for (u = t + 1; u < (int)VYRE_LT_COUNT; u++)
            if (tbuf[t] && tbuf[t] == tbuf[u]) {
                /* two identical tables may not share; check they differ in content or report */
                CHECKF(0, "tables %d and %d resolved to one buffer", t, u);
            }
    }
    {
        size_t up = bytes_kind_to(&fx.m, 0, EV_UPLOAD, 0), tab = 0;
        for (t = 0; t < (int)VYRE_LT_COUNT; t++) tab += tbuf[t] ? bytes_kind_to(&fx.m, 0, EV_UPLOAD, tbuf[t]) : 0;
        CHECK_EQ_U64(tab, table_bytes);
        /* anything else uploaded at create is a small control buffer, not data */
        CHECKF(up - tab <= max_regions * 4 + 64, "create uploaded %zu bytes beyond the tables", up - tab);
    }

    for (scan = 0; scan < 3; scan++) {
        size_t from = fx.m.nev, nd;
        vyre_timing tm;
        vyre_buffer presence = 0, haybuf = 0;
        const ev *e;
        memset(out, 0xEE, sizeof out);
        CHECK_RC(vyre_presence_session_scan(s, hay, hlen, starts, 3, 0, out, 4, &tm, &err), VYRE_OK);
        naive_rows(fx.lits, 8, hay, hlen, starts, 3, 0, wpr, want);
        CHECK(memcmp(out, want, 3 * 4) == 0);
        /* expected: {key,token,secret,AKIA} / {ghp_,sk_live_,password} / {} + api in region 2 */
        CHECK_EQ_U64(out[0], 0x0Fu);
        CHECK_EQ_U64(out[1], 0x70u);
        CHECK_EQ_U64(out[2], 0x80u);
        /* per scan: exactly one resident dispatch of the presence program, all bindings live */
        nd = check_dispatches(&fx.m, from, VYRE_PROGRAM_LIT_PRESENCE, VYRE_LIT_PRESENCE_BINDINGS, tbuf, &e);
        if (e) {
            CHECK_EQ_U64(e->nscalar, 4);
            CHECK_EQ_U64(e->scalars[0], hlen);
            CHECK_EQ_U64(e->scalars[1], 3);
            CHECK_EQ_U64(e->scalars[2], 0);
            presence = e->bindings[VYRE_LIT_BINDING_OUT1];
            haybuf = e->bindings[0];
        }
        CHECK_EQ_U64(nd, 1);
        /* no table moves again */
        check_resident_scan(&fx.m, from, tbuf);
        CHECK_EQ_U64(count_kind(&fx.m, from, EV_FREE), 0);
        /* the presence prefix is reset on the device: a fill of exactly the used prefix, no upload */
        CHECK_EQ_U64(bytes_kind_to(&fx.m, from, EV_UPLOAD, presence), 0);
        CHECK_EQ_U64(count_kind(&fx.m, from, EV_FILL), 1);
        for (i = from; i < fx.m.nev; i++)
            if (fx.m.ev[i].kind == EV_FILL) {
                CHECK(fx.m.ev[i].buf == presence);
                CHECK_EQ_U64(fx.m.ev[i].offset, 0);
                CHECK_EQ_U64(fx.m.ev[i].len, 3 * wpr * 4);
            }
        /* only the haystack (padded to 16 at most) and the region starts move host-to-device */
        CHECK(bytes_kind_to(&fx.m, from, EV_UPLOAD, haybuf) >= hlen);
        CHECK(bytes_kind_to(&fx.m, from, EV_UPLOAD, haybuf) <= (hlen + 15) / 16 * 16);
        CHECKF(bytes_kind_to(&fx.m, from, EV_UPLOAD, 0) <= (hlen + 15) / 16 * 16 + max_regions * 4,
               "scan uploaded %zu bytes", bytes_kind_to(&fx.m, from, EV_UPLOAD, 0));
        /* read back only the used prefix of the presence buffer */
        CHECK_EQ_U64(bytes_kind_to(&fx.m, from, EV_DOWNLOAD, 0), 3 * wpr * 4);
        CHECK_EQ_U64(bytes_kind_to(&fx.m, from, EV_DOWNLOAD, presence), 3 * wpr * 4);
    }
    (void)after_create;
    CHECK_RC(vyre_presence_session_free(s, &err), VYRE_OK);
    s = NULL;
    CHECK_EQ_U64(fx.m.nlive, 0);
done:
    if (s) vyre_presence_session_free(s, NULL);
    fixture_close(&fx);
}

static int all_zero(const uint32_t *w, size_t n) {
    size_t i;
    for (i = 0; i < n; i++)
        if (w[i]) return 0;
    return 1;
}

static void t_presence_rejects_before_upload(void) {
    fixture fx;
    vyre_presence_session *s = NULL;
    vyre_error err;
    uint32_t out[8];
    uint8_t big[64];
    size_t from;
    if (!fixture_open(&fx)) goto done;
    memset(big, 'a', sizeof big);
    /* max_regions = 0 cannot size the presence buffer; nothing stays allocated */
    s = (vyre_presence_session *)&fx.m;
    CHECK(vyre_presence_session_create(fx.be, fx.set, 4096, 0, &s, &err) < 0);
    CHECK(s == NULL);
    CHECK_EQ_U64(fx.m.nlive, 0);
    s = NULL;

    CHECK_RC(vyre_presence_session_create(fx.be, fx.set, 8, 2, &s, &err), VYRE_OK);
    if (!s) goto done;
    /* region cap */
    {
        uint32_t starts[3] = {0, 2, 4};
        from = fx.m.nev;
        memset(out, 0x77, sizeof out);
        memset(&err, 0, sizeof err);
        CHECK_RC(vyre_presence_session_scan(s, "a\nb\nc\n", 6, starts, 3, 0, out, 8, NULL, &err),
                 VYRE_ERR_REGION_CAPACITY);
        CHECK_ERR(err, VYRE_ERR_REGION_CAPACITY);
        CHECK_STR_CONTAINS(err.message, "2");
        CHECK_STR_CONTAINS(err.message, "3");
        CHECK(all_zero(out, 3));
        CHECK_EQ_U64(fx.m.nev - from, 0);
    }
    /* haystack capacity */
    {
        uint32_t starts[1] = {0};
        from = fx.m.nev;
        memset(out, 0x77, sizeof out);
        CHECK_RC(vyre_presence_session_scan(s, big, 64, starts, 1, 0, out, 8, NULL, &err), VYRE_ERR_HAYSTACK_CAPACITY);
        CHECK_ERR(err, VYRE_ERR_HAYSTACK_CAPACITY);
        CHECK_STR_CONTAINS(err.message, "64");
        CHECK(all_zero(out, 1));
        CHECK_EQ_U64(fx.m.nev - from, 0);
        /* exactly the capacity fits */
        CHECK_RC(vyre_presence_session_scan(s, big, 8, starts, 1, 0, out, 8, NULL, &err), VYRE_OK);
    }
    /* bad regions */
    {
        uint32_t starts[2] = {1, 3};
        from = fx.m.nev;
        memset(out, 0x77, sizeof out);
        CHECK_RC(vyre_presence_session_scan(s, "abcdef", 6, starts, 2, 0, out, 8, NULL, &err), VYRE_ERR_BAD_REGIONS);
        CHECK(all_zero(out, 2));
        starts[0] = 4;
        starts[1] = 2; /* descending */
        CHECK_RC(vyre_presence_session_scan(s, "abcdef", 6, starts, 2, 0, out, 8, NULL, &err), VYRE_ERR_BAD_REGIONS);
        CHECK_RC(vyre_presence_session_scan(s, "abcdef", 6, starts, 0, 0, out, 8, NULL, &err), VYRE_ERR_BAD_REGIONS);
        CHECK_EQ_U64(fx.m.nev - from, 0);
    }
    /* output too small */
    {
        uint32_t starts[2] = {0, 3};
        from = fx.m.nev;
        CHECK_RC(vyre_presence_session_scan(s, "abcdef", 6, starts, 2, 0, out, 1, NULL, &err),
                 VYRE_ERR_OUTPUT_TOO_SMALL);
        CHECK_EQ_U64(fx.m.nev - from, 0);
    }
    /* a device failure mid-scan: the error comes back and no partial bitmap */
    {
        uint32_t starts[2] = {0, 3};
        fx.m.fail_dispatch = VYRE_ERR_LAUNCH;
        memset(out, 0x77, sizeof out);
        CHECK_RC(vyre_presence_session_scan(s, "keyapi", 6, starts, 2, 0, out, 8, NULL, &err), VYRE_ERR_LAUNCH);
        CHECK(all_zero(out, 2));
        fx.m.fail_dispatch = VYRE_OK;
        /* and the session still works afterwards, with a clean prefix */
        CHECK_RC(vyre_presence_session_scan(s, "keyapi", 6, starts, 2, 0, out, 8, NULL, &err), VYRE_OK);
        CHECK_EQ_U64(out[0], 1u << 0);
        CHECK_EQ_U64(out[1], 1u << 7);
    }
done:
    if (s) CHECK_RC(vyre_presence_session_free(s, &err), VYRE_OK);
    fixture_close(&fx);
}

static void t_presence_free_attempts_all(void) {
    fixture fx;
    vyre_presence_session *s = NULL;
    vyre_error err;
    size_t allocs;
    if (!fixture_open(&fx)) goto done;
    CHECK_RC(vyre_presence_session_create(fx.be, fx.set, 1024, 4, &s, &err), VYRE_OK);
    if (!s) goto done;
    allocs = count_kind(&fx.m, 0, EV_ALLOC);
    CHECK(allocs >= VYRE_LT_COUNT + 2);
    mock_fail_frees(&fx.m, 2, VYRE_ERR_DEVICE, 5, VYRE_ERR_DEVICE_LOST);
    memset(&err, 0, sizeof err);
    CHECK_RC(vyre_presence_session_free(s, &err), VYRE_ERR_DEVICE);
    CHECK_RC(err.code, VYRE_ERR_DEVICE);
    CHECK_EQ_U64(fx.m.free_calls, allocs);
    CHECK_EQ_U64(fx.m.nlive, 2); /* the two that failed */
    s = NULL;
done:
    if (s) vyre_presence_session_free(s, NULL);
    fixture_close(&fx);
}

/* random presence scans through the mock and directly on the CPU backend */
static void t_presence_random(void) {
    mock m;
    vyre_backend *be = mock_make(&m);
    vyre_backend *cpu = NULL;
    vyre_literal lits[100];
    static uint8_t store[100 * 8];
    vt_rng r = vt_rng_make(50);
    int it, iters = 20 * vt_scale(), which;
    vyre_cpu_desc cd;
    memset(&cd, 0, sizeof cd);
    cd.threads = 3;
    cd.min_bytes_per_thread = 1;
    if (!be || !CHECK_RC(vyre_cpu_backend_create(&cd, &cpu, NULL), VYRE_OK)) goto done;
    for (it = 0; it < iters && !vt__case_failures; it++)
        for (which = 0; which < 2; which++) {
            size_t n = (size_t)vt_range(&r, 1, 100), i, hl = (size_t)vt_range(&r, 0, 4000);
            uint32_t rc = (uint32_t)vt_range(&r, 1, 16), maxr = rc + (uint32_t)vt_below(&r, 4), base, wpr, k;
            uint32_t starts[16], *out, *want;
            uint8_t *hay = (uint8_t *)malloc(hl + 1);
            vyre_literal_set *set = NULL;
            vyre_presence_session *s = NULL;
            vyre_error err;
            random_lits(&r, lits, store, n, 8);
            if (!hay) abort();
            for (i = 0; i < hl; i++) hay[i] = (uint8_t)"abAB"[vt_below(&r, 4)];
            base = vt_below(&r, 2) ? 0 : (uint32_t)vt_range(&r, 1, 100);
            starts[0] = 0;
            for (k = 1; k < rc; k++) {
                starts[k] = starts[k - 1] + (uint32_t)vt_below(&r, hl / rc + 2);
                if (starts[k] > hl + base) starts[k] = (uint32_t)(hl + base);
            }
            if (!CHECK_RC(vyre_literal_set_compile(lits, n, NULL, &set, &err), VYRE_OK)) { free(hay); goto done; }
            wpr = vyre_presence_words(set);
            out = (uint32_t *)malloc((size_t)rc * wpr * 4);
            want = (uint32_t *)malloc((size_t)rc * wpr * 4);
            if (!out || !want) abort();
            if (CHECK_RC(vyre_presence_session_create(which ? cpu : be, set, hl + 16, maxr, &s, &err), VYRE_OK)) {
                CHECK_RC(vyre_presence_session_scan(s, hay, hl, starts, rc, base, out, (size_t)rc * wpr, NULL, &err),
                         VYRE_OK);
                naive_rows(lits, n, hay, hl, starts, rc, base, wpr, want);
                CHECKF(memcmp(out, want, (size_t)rc * wpr * 4) == 0,
                       "presence session rows differ (iteration %d, %s, %u regions, base %u)", it,
                       which ? "cpu" : "mock", rc, base);
                CHECK_RC(vyre_presence_session_free(s, &err), VYRE_OK);
            }
            free(out);
            free(want);
            free(hay);
            vyre_literal_set_free(set);
        }
done:
    vyre_backend_destroy(cpu);
    if (be) mock_free(&m, be);
}

/* ------------------------------------------------------ match sessions */
static void t_match_session(void) {
    fixture fx;
    vyre_match_session *s = NULL;
    vyre_error err;
    static const uint8_t hay[] = "key token secret AKIA ghp_ sk_live_ password api keykey";
    const size_t hlen = sizeof hay - 1;
    vyre_match out[64];
    size_t cnt = 0, i, from, tab;
    vt_matches want;
    vyre_buffer tbuf[VYRE_LT_COUNT];
    int scan;
    memset(&want, 0, sizeof want);
    if (!fixture_open(&fx)) goto done;
    vt_naive(fx.lits, 8, 0, hay, hlen, &want);
    CHECK_RC(vyre_match_session_create(fx.be, fx.set, 256, 16, &s, &err), VYRE_OK);
    if (!s) goto done;
    tab = resident_tables(&fx.m, fx.set, tbuf);
    CHECK(bytes_kind_to(&fx.m, 0, EV_UPLOAD, 0) <= tab + 64);
    for (scan = 0; scan < 2; scan++) {
        vyre_buffer counter = 0, haybuf = 0;
        const ev *e;
        from = fx.m.nev;
        memset(out, 0xEE, sizeof out);
        CHECK_RC(vyre_match_session_scan(s, hay, hlen, out, 64, &cnt, NULL, &err), VYRE_OK);
        CHECK_MATCHES(out, cnt, want.m, want.n, "match session");
        CHECK_EQ_U64(check_dispatches(&fx.m, from, VYRE_PROGRAM_LIT_MATCHES, VYRE_LIT_MATCHES_BINDINGS, tbuf, &e), 1);
        if (e) {
            counter = e->bindings[VYRE_LIT_BINDING_OUT0];
            haybuf = e->bindings[0];
        }
        check_resident_scan(&fx.m, from, tbuf);
        /* the counter is reset device-side, never uploaded */
        CHECK_EQ_U64(bytes_kind_to(&fx.m, from, EV_UPLOAD, counter), 0);
        CHECK(bytes_kind_to(&fx.m, from, EV_FILL, counter) >= 4);
        CHECK(bytes_kind_to(&fx.m, from, EV_UPLOAD, 0) == bytes_kind_to(&fx.m, from, EV_UPLOAD, haybuf));
        CHECK(bytes_kind_to(&fx.m, from, EV_UPLOAD, haybuf) <= (hlen + 15) / 16 * 16);
        /* read back the counter and at most the found matches */
        CHECKF(bytes_kind_to(&fx.m, from, EV_DOWNLOAD, 0) <= 8 + 16 * sizeof(vyre_raw_match),
               "read back %zu bytes, more than the counter and max_matches records",
               bytes_kind_to(&fx.m, from, EV_DOWNLOAD, 0));
    }
    /* capacity: more matches than the caller's cap or max_matches: count found, nothing written */
    memset(out, 0xEE, sizeof out);
    cnt = 0;
    CHECK_RC(vyre_match_session_scan(s, hay, hlen, out, 3, &cnt, NULL, &err), VYRE_ERR_MATCH_CAPACITY);
    CHECK_ERR(err, VYRE_ERR_MATCH_CAPACITY);
    CHECK_EQ_U64(cnt, want.n);
    CHECK(((uint8_t *)out)[0] == 0xEE && ((uint8_t *)out)[sizeof out - 1] == 0xEE);
    {
        uint8_t many[200];
        vt_matches w2;
        memset(many, 0, sizeof many);
        for (i = 0; i + 3 <= sizeof many; i += 3) memcpy(many + i, "key", 3); /* 66 > max_matches 16 */
        memset(&w2, 0, sizeof w2);
        vt_naive(fx.lits, 8, 0, many, sizeof many, &w2);
        cnt = 0;
        memset(out, 0xEE, sizeof out);
        CHECK_RC(vyre_match_session_scan(s, many, sizeof many, out, 64, &cnt, NULL, &err), VYRE_ERR_MATCH_CAPACITY);
        CHECK_EQ_U64(cnt, w2.n);
        CHECK(((uint8_t *)out)[0] == 0xEE);
        vt_matches_free(&w2);
    }
    /* haystack capacity before anything moves */
    {
        uint8_t big[300];
        memset(big, 'z', sizeof big);
        from = fx.m.nev;
        CHECK_RC(vyre_match_session_scan(s, big, sizeof big, out, 64, &cnt, NULL, &err), VYRE_ERR_HAYSTACK_CAPACITY);
        CHECK_ERR(err, VYRE_ERR_HAYSTACK_CAPACITY);
        CHECK_EQ_U64(cnt, 0);
        CHECK_EQ_U64(fx.m.nev - from, 0);
    }
    /* injected dispatch failure: error, zero count, nothing written */
    fx.m.fail_dispatch = VYRE_ERR_DEVICE;
    memset(out, 0xEE, sizeof out);
    cnt = 5;
    CHECK_RC(vyre_match_session_scan(s, hay, hlen, out, 64, &cnt, NULL, &err), VYRE_ERR_DEVICE);
    CHECK_EQ_U64(cnt, 0);
    CHECK(((uint8_t *)out)[0] == 0xEE || ((uint8_t *)out)[0] == 0);
    fx.m.fail_dispatch = VYRE_OK;
    CHECK_RC(vyre_match_session_scan(s, hay, hlen, out, 64, &cnt, NULL, &err), VYRE_OK);
    CHECK_MATCHES(out, cnt, want.m, want.n, "match session after a failure");
    {
        size_t allocs = count_kind(&fx.m, 0, EV_ALLOC);
        mock_fail_frees(&fx.m, 1, VYRE_ERR_BAD_HANDLE, 3, VYRE_ERR_DEVICE);
        CHECK_RC(vyre_match_session_free(s, &err), VYRE_ERR_BAD_HANDLE);
        CHECK_EQ_U64(fx.m.free_calls, allocs);
        s = NULL;
    }
done:
    if (s) vyre_match_session_free(s, NULL);
    vt_matches_free(&want);
    fixture_close(&fx);
}


/* ------------------------------------- scanners on the generic contract */
/* The mock has no lit_* entries, so a scanner on it runs the generic path:
   tables resident once at create, per scan only haystack + programs. Every
   scan API must give exactly the naive result, also with small chunks
   (matches crossing dispatch boundaries) and with more matches than the
   first readback holds. */
static void t_scanner_generic_path(void) {
    mock m;
    vyre_backend *be = mock_make(&m);
    vyre_literal lits[40];
    static uint8_t store[40 * 12];
    vt_rng r = vt_rng_make(60);
    int it, iters = 12 * vt_scale();
    if (!be) return;
    for (it = 0; it < iters && !vt__case_failures; it++) {
        size_t n = (size_t)vt_range(&r, 1, 40), i, hl = (size_t)(it == 0 ? 200000 : vt_range(&r, 0, 30000));
        uint8_t *hay = (uint8_t *)malloc(hl + 1);
        vyre_literal_set *set = NULL;
        vyre_scanner *sc = NULL;
        vyre_scanner_desc sd;
        vyre_error err;
        vt_matches want, got;
        size_t from, t;
        vyre_buffer tbuf[VYRE_LT_COUNT];
        if (!hay) abort();
        random_lits(&r, lits, store, n, 12);
        if (it == 0) { lits[0].bytes = "a"; lits[0].len = 1; lits[0].flags = VYRE_CASELESS; } /* ~100k matches */
        for (i = 0; i < hl; i++) hay[i] = (uint8_t)"abAB"[vt_below(&r, 4)];
        memset(&want, 0, sizeof want);
        memset(&got, 0, sizeof got);
        vt_naive(lits, n, 0, hay, hl, &want);
        memset(&sd, 0, sizeof sd);
        if (it % 2) sd.chunk_bytes = (size_t)vt_range(&r, 16, 5000);
        if (!CHECK_RC(vyre_literal_set_compile(lits, n, NULL, &set, &err), VYRE_OK)) { free(hay); break; }
        from = m.nev;
        if (CHECK_RC(vyre_scanner_create(be, set, &sd, &sc, &err), VYRE_OK)) {
            size_t cnt = 0, after;
            uint64_t c64 = 0;
            vyre_match *out = (vyre_match *)malloc((want.n + 1) * sizeof *out);
            if (!out) abort();
            for (t = 0; t < VYRE_LT_COUNT; t++) tbuf[t] = table_buffer(&m, set, (int)t);
            for (t = 0; t < VYRE_LT_COUNT; t++) CHECKF(tbuf[t] != 0, "generic scanner: table %zu not resident once", t);
            after = m.nev;
            if (CHECK_RC(vyre_scan(sc, hay, hl, out, want.n + 1, &cnt, &err), VYRE_OK))
                CHECK_MATCHES(out, cnt, want.m, want.n, "generic vyre_scan");
            if (CHECK_RC(vyre_scan_cb(sc, hay, hl, vt_collect_cb, &got, &err), VYRE_OK))
                CHECK_MATCHES(got.m, got.n, want.m, want.n, "generic vyre_scan_cb");
            if (CHECK_RC(vyre_scan_count(sc, hay, hl, &c64, &err), VYRE_OK)) CHECK_EQ_U64(c64, want.n);
            if (want.n > 1) {
                cnt = 0;
                CHECK_RC(vyre_scan(sc, hay, hl, out, want.n - 1, &cnt, &err), VYRE_ERR_MATCH_CAPACITY);
                CHECK_EQ_U64(cnt, want.n);
            }
            {
                /* presence over 3 regions */
                uint64_t st3[3];
                uint32_t wpr = vyre_presence_words(set), *rows = (uint32_t *)malloc(3 * wpr * 4),
                         *wrows = (uint32_t *)calloc(3 * wpr, 4);
                uint32_t s32[3], k;
                if (!rows || !wrows) abort();
                st3[0] = 0; st3[1] = hl / 3; st3[2] = hl / 2;
                for (k = 0; k < 3; k++) s32[k] = (uint32_t)st3[k];
                naive_rows(lits, n, hay, hl, s32, 3, 0, wpr, wrows);
                if (CHECK_RC(vyre_scan_presence(sc, hay, hl, st3, 3, rows, 3 * wpr, &err), VYRE_OK))
                    CHECK(memcmp(rows, wrows, 3 * wpr * 4) == 0);
                free(rows);
                free(wrows);
            }
            {
                vyre_stream *st = NULL;
                size_t off = 0;
                got.n = 0;
                if (CHECK_RC(vyre_stream_open(sc, &st, &err), VYRE_OK)) {
                    while (off < hl) {
                        size_t len = (size_t)vt_range(&r, 0, 3000);
                        if (len > hl - off) len = hl - off;
                        if (!CHECK_RC(vyre_stream_write(st, hay + off, len, vt_collect_cb, &got, &err), VYRE_OK)) break;
                        off += len;
                    }
                    CHECK_RC(vyre_stream_close(st, vt_collect_cb, &got, &err), VYRE_OK);
                    CHECK_MATCHES(got.m, got.n, want.m, want.n, "generic stream");
                }
            }
            /* after create: no table moved, nothing borrowed, every dispatch all-resident */
            for (t = 0; t < VYRE_LT_COUNT; t++)
                if (tbuf[t]) CHECK_EQ_U64(bytes_kind_to(&m, after, EV_UPLOAD, tbuf[t]), 0);
            CHECK_EQ_U64(count_kind(&m, from, EV_BORROWED), 0);
            for (i = after; i < m.nev; i++)
                if (m.ev[i].kind == EV_DISPATCH) {
                    if (!CHECK(m.ev[i].all_live)) break;
                    if (!CHECK(strncmp(m.ev[i].program, "vyre_lit_", 9) == 0)) break;
                }
            free(out);
            vyre_scanner_destroy(sc);
            CHECKF(m.nlive == 0, "%d resident buffers left after vyre_scanner_destroy", m.nlive);
        }
        vt_matches_free(&want);
        vt_matches_free(&got);
        vyre_literal_set_free(set);
        free(hay);
    }
    mock_free(&m, be);
}

static void t_session_null_args(void) {
    vyre_error err;
    vyre_presence_session *ps = NULL;
    vyre_match_session *ms = NULL;
    CHECK_RC(vyre_presence_session_create(NULL, NULL, 16, 1, &ps, &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_RC(vyre_match_session_create(NULL, NULL, 16, 1, &ms, &err), VYRE_ERR_INVALID_ARGUMENT);
}

int main(void) {
    VT_RUN(t_presence_uploads_tables_once);
    VT_RUN(t_presence_rejects_before_upload);
    VT_RUN(t_presence_free_attempts_all);
    VT_RUN(t_presence_random);
    VT_RUN(t_match_session);
    VT_RUN(t_scanner_generic_path);
    VT_RUN(t_session_null_args);
    return vt_finish();
}
