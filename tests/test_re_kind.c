/* test_re_kind.c - the regex kind as a vyre_pattern_set (issue 11, integration):
   scanners (vyre_scan, vyre_scan_cb, vyre_scan_groups_cb, counts, region and
   presence scans), streams under random chunkings, and the resident rule
   session, each differential against vyre_regex_scan on the same bytes
   (vyre_regex_scan itself is checked against Hyperscan in test_re_hs and RE2
   in test_re2), on random regexes over the whole syntax (tests/re_gen.h) and
   the gitleaks rules. Then seed 001's mock-backend tests of the rule
   session: tables uploaded once, two ranged uploads per scan, the truncation
   guard, capacity errors before any upload, free returning the first error,
   and a backend without the regex programs refused loudly. */
#define _POSIX_C_SOURCE 200809L
#define VYRE_IMPLEMENTATION
#include "vyre.h"
#include "vt.h"
#include "re_gen.h"
#include "re_common.h"

/* ---- the reference: vyre_regex_scan, as vyre_match (sorted by start, end, id) ---- */
typedef struct ml { vyre_match *m; size_t n, cap; } ml;
static void ml_push(ml *l, const vyre_match *m) {
    if (l->n == l->cap) { l->cap = l->cap ? l->cap * 2 : 64; l->m = (vyre_match *)realloc(l->m, l->cap * sizeof *l->m); if (!l->m) abort(); }
    l->m[l->n++] = *m;
}
static int cb_push(const vyre_match *m, void *u) { ml_push((ml *)u, m); return 0; }
static int ml_eq(const ml *a, const ml *b, const char *what) {
    size_t i;
    if (a->n != b->n) { CHECKF(0, "%s: %zu matches, reference %zu", what, a->n, b->n); return 0; }
    for (i = 0; i < a->n; i++)
        if (a->m[i].start != b->m[i].start || a->m[i].end != b->m[i].end || a->m[i].pattern_id != b->m[i].pattern_id || a->m[i].region != b->m[i].region) {
            CHECKF(0, "%s: match %zu is (%u, %llu..%llu r%u), reference (%u, %llu..%llu r%u)", what, i, a->m[i].pattern_id,
                   (unsigned long long)a->m[i].start, (unsigned long long)a->m[i].end, a->m[i].region, b->m[i].pattern_id,
                   (unsigned long long)b->m[i].start, (unsigned long long)b->m[i].end, b->m[i].region);
            return 0;
        }
    return 1;
}
typedef struct ref_cb { ml *l; uint32_t region; } ref_cb;
static int ref_push(const vyre_re_match *m, const vyre_span *g, void *u) {
    ref_cb *r = (ref_cb *)u;
    vyre_match o;
    (void)g;
    o.start = m->start; o.end = m->end; o.pattern_id = m->pattern_id; o.region = r->region;
    ml_push(r->l, &o);
    return 0;
}
static void reference(const vyre_regex_set *rs, const vyre_re_scan_desc *o, const uint8_t *h, size_t n, uint32_t region, ml *out) {
    ref_cb r;
    vyre_error err;
    r.l = out; r.region = region;
    CHECK_RC(vyre_regex_scan_cb(rs, o, h, n, ref_push, &r, &err), VYRE_OK);
}

/* ---- groups: the scanner's groups callback vs vyre_regex_scan's spans ---- */
typedef struct gl { vyre_re_match *m; vyre_span *g; size_t n, ng, cap, gcap; } gl;
static int gl_push(const vyre_re_match *m, const vyre_span *g, void *u) {
    gl *l = (gl *)u;
    uint32_t k;
    if (l->n == l->cap) { l->cap = l->cap ? 2 * l->cap : 64; l->m = (vyre_re_match *)realloc(l->m, l->cap * sizeof *l->m); if (!l->m) abort(); }
    while (l->ng + m->group_count > l->gcap) { l->gcap = l->gcap ? 2 * l->gcap : 64; l->g = (vyre_span *)realloc(l->g, l->gcap * sizeof *l->g); if (!l->g) abort(); }
    l->m[l->n] = *m; l->m[l->n].groups = l->ng; l->n++;
    for (k = 0; k < m->group_count; k++) l->g[l->ng++] = g[k];
    return 0;
}
static int gl_eq(const gl *a, const gl *b, const char *what) {
    size_t i;
    uint32_t k;
    if (a->n != b->n) { CHECKF(0, "%s: %zu matches, reference %zu", what, a->n, b->n); return 0; }
    for (i = 0; i < a->n; i++) {
        const vyre_re_match *x = &a->m[i], *y = &b->m[i];
        if (x->start != y->start || x->end != y->end || x->pattern_id != y->pattern_id || x->group_count != y->group_count) {
            CHECKF(0, "%s: match %zu differs", what, i);
            return 0;
        }
        for (k = 0; k < x->group_count; k++)
            if (a->g[x->groups + k].start != b->g[y->groups + k].start || a->g[x->groups + k].end != b->g[y->groups + k].end) {
                CHECKF(0, "%s: match %zu group %u differs", what, i, k + 1);
                return 0;
            }
    }
    return 1;
}

/* every scanner path of one regex set against the reference on h[0, n) */
static uint64_t g_seed = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void) { g_seed ^= g_seed << 13; g_seed ^= g_seed >> 7; g_seed ^= g_seed << 17; return g_seed; }
static void all_paths(vyre_backend *be, const vyre_regex_set *rs, const vyre_re_scan_desc *o, const uint8_t *h, size_t n, int chunkings) {
    vyre_pattern_set *ps = NULL;
    vyre_scanner *sc = NULL;
    vyre_error err;
    ml ref = {0}, got = {0};
    size_t cnt = 0, i;
    uint64_t count = 0;
    char what[64];
    if (!CHECK_RC(vyre_regex_set_as_pattern_set(rs, o, &ps, &err), VYRE_OK)) return;
    CHECK(vyre_pattern_set_kind(ps) == VYRE_SET_REGEX);
    CHECK(vyre_pattern_set_regex(ps, NULL) == rs);
    if (!CHECK_RC(vyre_scanner_create(be, ps, NULL, &sc, &err), VYRE_OK)) { vyre_pattern_set_free(ps); return; }
    reference(rs, o, h, n, 0, &ref);
    /* one-shot list */
    got.cap = ref.n + 1; got.m = (vyre_match *)calloc(got.cap, sizeof *got.m);
    if (CHECK_RC(vyre_scan(sc, h, n, got.m, got.cap, &cnt, &err), VYRE_OK)) { got.n = cnt; ml_eq(&got, &ref, "vyre_scan"); }
    if (ref.n) {
        CHECK_RC(vyre_scan(sc, h, n, got.m, ref.n - 1, &cnt, &err), VYRE_ERR_MATCH_CAPACITY);
        CHECK_EQ_U64(cnt, ref.n);
    }
    got.n = 0;
    /* callback */
    CHECK_RC(vyre_scan_cb(sc, h, n, cb_push, &got, &err), VYRE_OK);
    ml_eq(&got, &ref, "vyre_scan_cb");
    got.n = 0;
    /* count */
    CHECK_RC(vyre_scan_count(sc, h, n, &count, &err), VYRE_OK);
    CHECK_EQ_U64(count, ref.n);
    /* groups callback vs vyre_regex_scan's spans */
    {
        gl a = {0}, b = {0};
        CHECK_RC(vyre_scan_groups_cb(sc, h, n, gl_push, &a, &err), VYRE_OK);
        CHECK_RC(vyre_regex_scan_cb(rs, o, h, n, gl_push, &b, &err), VYRE_OK);
        gl_eq(&a, &b, "vyre_scan_groups_cb");
        free(a.m); free(a.g); free(b.m); free(b.g);
    }
    /* regions: each region is its own text */
    {
        uint64_t starts[5];
        uint32_t nr = 1 + (uint32_t)(rnd() % 4), r, words = vyre_presence_words(ps), pres[5 * 8], want[5 * 8];
        ml rref = {0};
        starts[0] = 0;
        for (r = 1; r < nr; r++) starts[r] = n ? rnd() % (n + 1) : 0;
        for (r = 1; r < nr; r++) { uint32_t q; for (q = r; q > 1 && starts[q] < starts[q - 1]; q--) { uint64_t t = starts[q]; starts[q] = starts[q - 1]; starts[q - 1] = t; } }
        memset(want, 0, sizeof want);
        for (r = 0; r < nr; r++) {
            uint64_t e = r + 1 < nr ? starts[r + 1] : n;
            size_t k0 = rref.n, k;
            reference(rs, o, h + starts[r], (size_t)(e - starts[r]), r, &rref);
            for (k = k0; k < rref.n; k++) want[r * words + (rref.m[k].pattern_id >> 5)] |= 1u << (rref.m[k].pattern_id & 31u);
        }
        CHECK_RC(vyre_scan_regions_cb(sc, h, n, starts, nr, cb_push, &got, &err), VYRE_OK);
        ml_eq(&got, &rref, "vyre_scan_regions_cb");
        got.n = 0;
        if (words <= 8) {
            CHECK_RC(vyre_scan_presence(sc, h, n, starts, nr, pres, (size_t)nr * words, &err), VYRE_OK);
            CHECK(memcmp(pres, want, (size_t)nr * words * 4) == 0);
        }
        free(rref.m);
    }
    /* streams under random chunkings (bounded sets in ALL_MATCHES mode) */
    {
        vyre_stream *st = NULL;
        vyre_result r = vyre_stream_open(sc, &st, &err);
        uint64_t hist = ps->ops->history_bytes(ps);
        if (o->mode != VYRE_RE_ALL_MATCHES || hist == VYRE__HISTORY_UNBOUNDED) {
            CHECK_RC(r, VYRE_ERR_UNSUPPORTED);
            CHECK(err.message[0] != 0 && strstr(err.fix, "Fix:") != NULL);
        } else if (CHECK_RC(r, VYRE_OK)) {
            int c;
            vyre_stream_close(st, cb_push, &got, &err);
            got.n = 0;
            for (c = 0; c < chunkings; c++) {
                size_t x = 0;
                int ok = 1;
                CHECK_RC(vyre_stream_open(sc, &st, &err), VYRE_OK);
                while (x < n && ok) {
                    size_t k = (size_t)(rnd() % (c == 0 ? 2 : c == 1 ? 7 : 97)) + (c == 0 ? 1 : 0);
                    if (k > n - x) k = n - x;
                    ok = CHECK_RC(vyre_stream_write(st, h + x, k, cb_push, &got, &err), VYRE_OK);
                    x += k;
                }
                CHECK_RC(vyre_stream_close(st, cb_push, &got, &err), VYRE_OK);
                snprintf(what, sizeof what, "stream (chunking %d)", c);
                ml_eq(&got, &ref, what);
                got.n = 0;
            }
        }
    }
    /* the resident rule session (the CPU engine on the CPU backend) */
    {
        vyre_rule_session *rsn = NULL;
        if (CHECK_RC(vyre_rule_session_create(be, ps, n + 1, (uint32_t)(ref.n + 1), &rsn, &err), VYRE_OK)) {
            CHECK_RC(vyre_rule_session_scan(rsn, h, n, got.m, got.cap, &cnt, NULL, &err), VYRE_OK);
            got.n = cnt;
            ml_eq(&got, &ref, "vyre_rule_session_scan");
            got.n = 0;
            CHECK_RC(vyre_rule_session_free(rsn, &err), VYRE_OK);
        }
        if (ref.n && CHECK_RC(vyre_rule_session_create(be, ps, n + 1, (uint32_t)(ref.n - 1 ? ref.n - 1 : 1), &rsn, &err), VYRE_OK)) {
            if (ref.n > 1) {
                CHECK_RC(vyre_rule_session_scan(rsn, h, n, got.m, got.cap, &cnt, NULL, &err), VYRE_ERR_MATCH_CAPACITY);
                CHECK_EQ_U64(cnt, ref.n);
                CHECK(strstr(err.fix, "max_matches") != NULL);
            }
            vyre_rule_session_free(rsn, NULL);
        }
    }
    for (i = 0; i < 1; i++) {}
    free(ref.m); free(got.m);
    vyre_scanner_destroy(sc);
    vyre_pattern_set_free(ps);
}

static vyre_backend *cpu(void) {
    vyre_backend *be = NULL;
    vyre_error err;
    vyre_cpu_desc d;
    memset(&d, 0, sizeof d);
    d.threads = 2;
    if (vyre_cpu_backend_create(&d, &be, &err) != VYRE_OK) abort();
    return be;
}

/* random regexes over the whole syntax, random haystacks, both modes, bounded and not */
static void t_random_sets(void) {
    vyre_backend *be = cpu();
    re_gen g;
    int it, iters = 40 * vt_scale();
    memset(&g, 0, sizeof g);
    g.s = 0x1234567ull;
    for (it = 0; it < iters; it++) {
        char pats[4][8192];
        vyre_regex re[4];
        vyre_regex_set *rs = NULL;
        vyre_error err;
        vyre_re_scan_desc o;
        unsigned char h[1500];
        size_t n = 1 + rg_below(&g, sizeof h - 1), k, np = 1 + rg_below(&g, 4);
        for (k = 0; k < np; k++) {
            while (!re_gen_one(&g)) {}
            memcpy(pats[k], g.go, g.gl + 1);
            re[k].pattern = pats[k]; re[k].len = g.gl; re[k].flags = 0;
        }
        if (vyre_regex_set_compile(re, np, NULL, &rs, &err) != VYRE_OK) continue;
        re_gen_haystack(&g, h, n);
        memset(&o, 0, sizeof o);
        o.mode = (it % 3 == 2) ? VYRE_RE_LEFTMOST_FIRST : VYRE_RE_ALL_MATCHES;
        if (it % 4 == 1) o.max_scan_bytes = 1 + rg_below(&g, 40);
        all_paths(be, rs, &o, h, n, 3);
        vyre_regex_set_free(rs);
    }
    vyre_backend_destroy(be);
}

/* the gitleaks rules (one set, 221 regexes), both modes; streams with a bound */
static void t_gitleaks(void) {
    re_rules R;
    size_t n = re_load_gitleaks(&R), i, len = (size_t)(16 << 10) * (size_t)vt_scale();
    vyre_regex *re;
    vyre_regex_set *rs = NULL;
    vyre_error err;
    vyre_backend *be;
    vyre_re_scan_desc o;
    uint8_t *h;
    if (n == 0) { vt_skip("gitleaks-regexes.tsv not found"); return; }
    re = (vyre_regex *)calloc(n, sizeof *re);
    for (i = 0; i < n; i++) { re[i].pattern = R.pat[i]; re[i].len = 0; re[i].flags = 0; }
    if (!CHECK_RC(vyre_regex_set_compile(re, n, NULL, &rs, &err), VYRE_OK)) { free(re); re_rules_free(&R); return; }
    be = cpu();
    h = (uint8_t *)malloc(len);
    /* text that fires rules: tokens of the rules' own alphabets around keywords */
    {
        static const char *words[] = {"AKIA", "ghp_", "xoxb-", "sk_live_", "api_key=", "token: ", "secret=\"", "-----BEGIN RSA PRIVATE KEY-----",
                                      "glpat-", "AIza", "password=", "\n", " ", "=", "\"", "'"};
        size_t x = 0;
        while (x < len) {
            if (rnd() % 3 == 0) {
                const char *w = words[rnd() % (sizeof words / sizeof *words)];
                size_t k = strlen(w);
                if (k > len - x) k = len - x;
                memcpy(h + x, w, k); x += k;
            } else {
                size_t k = 1 + rnd() % 48, j;
                static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+/";
                for (j = 0; j < k && x < len; j++) h[x++] = (uint8_t)al[rnd() % (sizeof al - 1)];
            }
        }
    }
    memset(&o, 0, sizeof o);
    all_paths(be, rs, &o, h, len, 0);              /* exact; streams refused (unbounded rules) */
    o.max_scan_bytes = 512;
    all_paths(be, rs, &o, h, len, 2);              /* bounded: streams exact against the bounded scan */
    o.max_scan_bytes = 0; o.mode = VYRE_RE_LEFTMOST_FIRST;
    all_paths(be, rs, &o, h, len, 0);
    {   /* real files */
        re_buf b = re_corpus((size_t)(64 << 10) * (size_t)vt_scale());
        re_ml unused = {0};
        o.mode = VYRE_RE_ALL_MATCHES; o.max_scan_bytes = 300;
        if (b.n) all_paths(be, rs, &o, (const uint8_t *)b.p, b.n, 1);
        free(b.p);
        if (0) { re_ml_push(&unused, NULL); re_ml_sort(&unused); }
        re_ml_free(&unused);
    }
    free(h);
    vyre_backend_destroy(be);
    vyre_regex_set_free(rs);
    free(re);
    re_rules_free(&R);
}

/* anchors at chunk joins: a stream sees the bytes around each join */
static void t_stream_joins(void) {
    static const char *pats[] = {"\\bfoo\\b", "^bar$", "(?m)^baz$", "a\\Bb", "x+y", "\\Aq", "z\\z"};
    static const char *hay = "foo xfoo foox foo\nbar\nbaz\nab a b qzz foo\nxxxy baz";
    vyre_regex re[7];
    vyre_regex_set *rs;
    vyre_error err;
    vyre_re_scan_desc o;
    vyre_backend *be = cpu();
    size_t i;
    for (i = 0; i < 7; i++) { re[i].pattern = pats[i]; re[i].len = 0; re[i].flags = 0; }
    if (!CHECK_RC(vyre_regex_set_compile(re, 7, NULL, &rs, &err), VYRE_OK)) return;
    memset(&o, 0, sizeof o);
    o.max_scan_bytes = 64;   /* x+y is unbounded */
    for (i = 0; i < 20; i++) all_paths(be, rs, &o, (const uint8_t *)hay, strlen(hay), 3);
    vyre_regex_set_free(rs);
    /* each alone: the longest match is short, so joins fall right before and after matches of that length */
    for (i = 0; i < 7; i++) {
        int k;
        if (!CHECK_RC(vyre_regex_set_compile(&re[i], 1, NULL, &rs, &err), VYRE_OK)) continue;
        for (k = 0; k < 24; k++) {
            o.max_scan_bytes = k & 1 ? 2 + (uint64_t)(k % 4) : 0;
            all_paths(be, rs, &o, (const uint8_t *)hay, strlen(hay), 3);
        }
        vyre_regex_set_free(rs);
    }
    vyre_backend_destroy(be);
}

/* errors: kinds, arguments, and the stream refusals name the culprit */
static void t_errors(void) {
    vyre_regex re[2];
    vyre_regex_set *rs;
    vyre_pattern_set *ps = NULL;
    vyre_scanner *sc;
    vyre_stream *st;
    vyre_error err;
    vyre_re_scan_desc o;
    vyre_backend *be = cpu();
    vyre_rule_session *rsn;
    vyre_literal lit = {"ab", 2, 0};
    vyre_literal_set *ls;
    re[0].pattern = "ab{2,5}"; re[0].len = 0; re[0].flags = 0;
    re[1].pattern = "c[0-9]+d"; re[1].len = 0; re[1].flags = 0;
    if (!CHECK_RC(vyre_regex_set_compile(re, 2, NULL, &rs, &err), VYRE_OK)) return;
    memset(&o, 0, sizeof o);
    o.mode = (vyre_re_mode)7;
    CHECK_RC(vyre_regex_set_as_pattern_set(rs, &o, &ps, &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK(ps == NULL);
    CHECK_RC(vyre_regex_set_as_pattern_set(NULL, NULL, &ps, &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_RC(vyre_regex_set_as_pattern_set(rs, NULL, &ps, &err), VYRE_OK);
    CHECK(strcmp(vyre_pattern_set_kind_name(ps), "regex") == 0);
    CHECK_EQ_U64(vyre_pattern_set_count(ps), 2);
    CHECK_RC(vyre_scanner_create(be, ps, NULL, &sc, &err), VYRE_OK);
    CHECK_RC(vyre_stream_open(sc, &st, &err), VYRE_ERR_UNSUPPORTED);
    CHECK_STR_CONTAINS(err.message, "pattern 1");
    CHECK_STR_CONTAINS(err.fix, "max_scan_bytes");
    vyre_scanner_destroy(sc);
    vyre_pattern_set_free(ps);
    o.mode = VYRE_RE_LEFTMOST_FIRST; o.max_scan_bytes = 100;
    CHECK_RC(vyre_regex_set_as_pattern_set(rs, &o, &ps, &err), VYRE_OK);
    CHECK_RC(vyre_scanner_create(be, ps, NULL, &sc, &err), VYRE_OK);
    CHECK_RC(vyre_stream_open(sc, &st, &err), VYRE_ERR_UNSUPPORTED);
    CHECK_STR_CONTAINS(err.message, "LEFTMOST_FIRST");
    vyre_scanner_destroy(sc);
    /* rule session: capacity before anything, kind check */
    CHECK_RC(vyre_rule_session_create(be, ps, 16, 0, &rsn, &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_RC(vyre_rule_session_create(be, ps, 0, 4, &rsn, &err), VYRE_ERR_INVALID_ARGUMENT);
    if (CHECK_RC(vyre_rule_session_create(be, ps, 16, 4, &rsn, &err), VYRE_OK)) {
        vyre_match m[4];
        size_t c = 99;
        CHECK_RC(vyre_rule_session_scan(rsn, "0123456789abcdefg", 17, m, 4, &c, NULL, &err), VYRE_ERR_HAYSTACK_CAPACITY);
        CHECK_EQ_U64(c, 0);
        CHECK_STR_CONTAINS(err.fix, "haystack_capacity");
        CHECK_RC(vyre_rule_session_free(rsn, &err), VYRE_OK);
    }
    CHECK_RC(vyre_literal_set_compile(&lit, 1, NULL, &ls, &err), VYRE_OK);
    CHECK_RC(vyre_rule_session_create(be, ls, 16, 4, &rsn, &err), VYRE_ERR_INVALID_ARGUMENT);
    vyre_literal_set_free(ls);
    vyre_pattern_set_free(ps);
    vyre_regex_set_free(rs);
    vyre_backend_destroy(be);
}

/* ---- seed 001's mock backend: records resident traffic, returns a canned hit buffer ---- */
typedef struct mock {
    uint32_t caps;
    int allocs, frees, full_uploads, ranged_uploads, dispatches, fail_free;
    uint8_t *bufs[32];
    size_t lens[32];
    uint32_t canned[1 + 3 * 16];
    size_t canned_words;
    int tables_resident_at_dispatch;
} mock;
static const char *mk_id(void *self) { (void)self; return "mock-resident"; }
static const char *mk_version(void *self) { (void)self; return "1"; }
static vyre_result mk_profile(void *self, vyre_device_profile *out, vyre_error *err) {
    (void)err;
    memset(out, 0, sizeof *out);
    strcpy(out->backend, "mock");
    out->caps = ((mock *)self)->caps;
    return VYRE_OK;
}
static vyre_result mk_alloc(void *self, size_t bytes, vyre_buffer *out, vyre_error *err) {
    mock *m = (mock *)self;
    (void)err;
    m->bufs[m->allocs] = (uint8_t *)calloc(1, bytes); m->lens[m->allocs] = bytes;
    *out = (vyre_buffer)(++m->allocs);
    return VYRE_OK;
}
static vyre_result mk_free(void *self, vyre_buffer b, vyre_error *err) {
    mock *m = (mock *)self;
    m->frees++;
    free(m->bufs[b - 1]); m->bufs[b - 1] = NULL;
    if (m->fail_free && m->frees == m->fail_free) return vyre_set_error(err, VYRE_ERR_DEVICE, "Fix: test.", "mock free failure %d", m->frees);
    return VYRE_OK;
}
static vyre_result mk_upload(void *self, vyre_buffer b, size_t off, const void *src, size_t len, vyre_error *err) {
    mock *m = (mock *)self;
    (void)err;
    if (off == 0 && len == m->lens[b - 1] && m->dispatches == 0 && m->ranged_uploads == 0) m->full_uploads++;
    else m->ranged_uploads++;
    if (len) memcpy(m->bufs[b - 1] + off, src, len);
    return VYRE_OK;
}
static vyre_result mk_download(void *self, vyre_buffer b, size_t off, void *dst, size_t len, vyre_error *err) {
    mock *m = (mock *)self;
    (void)err;
    memcpy(dst, m->bufs[b - 1] + off, len);
    return VYRE_OK;
}
static vyre_result mk_dispatch(void *self, const vyre_dispatch *d, vyre_timing *t, vyre_error *err) {
    mock *m = (mock *)self;
    vyre_buffer hits = d->buffers[d->buffer_count - 1];
    size_t cap = m->lens[hits - 1], w = m->canned_words * 4;
    (void)err;
    m->dispatches++;
    /* the contract the session relies on: program, bindings (haystack, 3 resident tables, hits), scalars */
    m->tables_resident_at_dispatch = d->buffer_count == 5 && d->scalar_count == 3 && strcmp(d->program, VYRE_PROGRAM_RE_MATCHES) == 0 &&
                                     d->buffers[1] && d->buffers[2] && d->buffers[3] && d->scalars[2] * 12 + 4 == cap;
    if (w > cap) w = cap;          /* a kernel writes at most max_matches triples, but counts them all */
    memcpy(m->bufs[hits - 1], m->canned, w);
    memcpy(m->bufs[hits - 1], m->canned, 4);
    if (t) memset(t, 0, sizeof *t);
    return VYRE_OK;
}
static void mk_destroy(void *self) { mock *m = (mock *)self; int i; for (i = 0; i < 32; i++) free(m->bufs[i]); free(m); }
static const vyre_backend_vtable mock_vt = {.id = mk_id, .version = mk_version, .profile = mk_profile, .buffer_alloc = mk_alloc,
                                            .buffer_free = mk_free, .upload = mk_upload, .download = mk_download,
                                            .dispatch_resident = mk_dispatch, .destroy = mk_destroy};
static vyre_backend *mock_backend(uint32_t caps, mock **out) {
    vyre_backend *b = NULL;
    mock *m = (mock *)calloc(1, sizeof *m);
    vyre_error err;
    m->caps = caps;
    if (vyre_backend_wrap(&mock_vt, m, NULL, &b, &err) != VYRE_OK) abort();
    *out = m;
    return b;
}
static void canned(mock *m, const uint32_t *triples, uint32_t count, uint32_t present) {
    uint32_t i;
    m->canned[0] = count;
    for (i = 0; i < 3 * present; i++) m->canned[1 + i] = triples[i];
    m->canned_words = 1 + 3 * present;
}
static vyre_pattern_set *two_rules(vyre_regex_set **rs) {
    vyre_regex re[2];
    vyre_pattern_set *ps = NULL;
    vyre_error err;
    re[0].pattern = "ab"; re[0].len = 0; re[0].flags = 0;
    re[1].pattern = "c[d-f]+"; re[1].len = 0; re[1].flags = 0;
    if (vyre_regex_set_compile(re, 2, NULL, rs, &err) != VYRE_OK || vyre_regex_set_as_pattern_set(*rs, NULL, &ps, &err) != VYRE_OK) abort();
    return ps;
}

/* the mock with these caps and the two rules of two_rules */
typedef struct rules_mock { mock *m; vyre_backend *b; vyre_regex_set *rs; vyre_pattern_set *ps; } rules_mock;
static rules_mock rules_mock_open(uint32_t caps) {
    rules_mock r;
    r.b = mock_backend(caps, &r.m);
    r.ps = two_rules(&r.rs);
    return r;
}
static void rules_mock_close(rules_mock *r) {
    vyre_backend_destroy(r->b);
    vyre_pattern_set_free(r->ps);
    vyre_regex_set_free(r->rs);
}

static void t_mock_tables_once(void) {
    rules_mock r = rules_mock_open(VYRE_CAP_RESIDENT | VYRE_CAP_REGEX);
    vyre_rule_session *s = NULL;
    vyre_error err;
    vyre_match out[8];
    size_t n = 0;
    int i;
    static const uint32_t hits[] = {1, 4, 6, 0, 1, 3};
    canned(r.m, hits, 2, 2);
    if (!CHECK_RC(vyre_rule_session_create(r.b, r.ps, 4096, 64, &s, &err), VYRE_OK)) return;
    CHECK_EQ_U64(r.m->allocs, 5);                  /* 3 tables, haystack, hits */
    CHECK_EQ_U64(r.m->full_uploads, 3);            /* the tables, once */
    CHECK_EQ_U64(r.m->ranged_uploads, 0);
    for (i = 0; i < 3; i++) {
        CHECK_RC(vyre_rule_session_scan(s, "zabqcd", 6, out, 8, &n, NULL, &err), VYRE_OK);
        CHECK(r.m->tables_resident_at_dispatch);
    }
    /* decoded and sorted: (0, 1..3), (1, 4..6) */
    CHECK_EQ_U64(n, 2);
    CHECK(out[0].pattern_id == 0 && out[0].start == 1 && out[0].end == 3);
    CHECK(out[1].pattern_id == 1 && out[1].start == 4 && out[1].end == 6);
    CHECK_EQ_U64(r.m->full_uploads, 3);            /* tables never move again */
    CHECK_EQ_U64(r.m->ranged_uploads, 6);          /* 3 scans x (haystack + counter reset) */
    CHECK_EQ_U64(r.m->dispatches, 3);
    CHECK_RC(vyre_rule_session_free(s, &err), VYRE_OK);
    CHECK_EQ_U64(r.m->frees, 5);
    rules_mock_close(&r);
}

static void t_mock_truncation_guard(void) {
    rules_mock r = rules_mock_open(VYRE_CAP_RESIDENT | VYRE_CAP_REGEX);
    vyre_rule_session *s = NULL;
    vyre_error err;
    vyre_match out[16];
    size_t n = 0, i;
    static const uint32_t hits[12] = {0, 0, 2, 0, 0, 2, 0, 0, 2, 0, 0, 2};
    canned(r.m, hits, 9, 4);                       /* the counter says 9, the session holds 4 */
    if (!CHECK_RC(vyre_rule_session_create(r.b, r.ps, 64, 4, &s, &err), VYRE_OK)) return;
    for (i = 0; i < 16; i++) { out[i].start = 7; out[i].end = 7; out[i].pattern_id = 7; out[i].region = 0; }
    CHECK_RC(vyre_rule_session_scan(s, "ab", 2, out, 16, &n, NULL, &err), VYRE_ERR_MATCH_CAPACITY);
    CHECK_EQ_U64(n, 9);
    CHECK_STR_CONTAINS(err.message, "9 rule matches");
    CHECK_STR_CONTAINS(err.fix, "never truncated");
    for (i = 0; i < 16; i++) CHECK(out[i].pattern_id == 7);   /* nothing partial written */
    /* a backend's impossible triple is an error, not a match */
    {
        static const uint32_t bad[3] = {5, 0, 2};
        canned(r.m, bad, 1, 1);
        CHECK_RC(vyre_rule_session_scan(s, "ab", 2, out, 16, &n, NULL, &err), VYRE_ERR_BACKEND_OUTPUT);
    }
    vyre_rule_session_free(s, NULL);
    rules_mock_close(&r);
}

static void t_mock_capacity_and_free(void) {
    rules_mock r = rules_mock_open(VYRE_CAP_RESIDENT | VYRE_CAP_REGEX);
    vyre_rule_session *s = NULL;
    vyre_error err;
    vyre_match out[4];
    size_t n = 0;
    uint8_t big[64];
    memset(big, 'a', sizeof big);
    if (!CHECK_RC(vyre_rule_session_create(r.b, r.ps, 16, 8, &s, &err), VYRE_OK)) return;
    CHECK_RC(vyre_rule_session_scan(s, big, sizeof big, out, 4, &n, NULL, &err), VYRE_ERR_HAYSTACK_CAPACITY);
    CHECK_STR_CONTAINS(err.message, "holds 16");
    CHECK_EQ_U64(r.m->ranged_uploads, 0);          /* refused before any upload */
    CHECK_EQ_U64(r.m->dispatches, 0);
    r.m->fail_free = 2;                            /* the second release fails: every release is still attempted */
    CHECK_RC(vyre_rule_session_free(s, &err), VYRE_ERR_DEVICE);
    CHECK_STR_CONTAINS(err.message, "failure 2");
    CHECK_EQ_U64(r.m->frees, 5);
    vyre_backend_destroy(r.b);
    /* a backend without the regex programs says so, before allocating anything */
    r.b = mock_backend(VYRE_CAP_RESIDENT, &r.m);
    CHECK_RC(vyre_rule_session_create(r.b, r.ps, 16, 8, &s, &err), VYRE_ERR_UNSUPPORTED);
    CHECK_STR_CONTAINS(err.message, "mock-resident");
    CHECK_EQ_U64(r.m->allocs, 0);
    {
        vyre_scanner *sc = NULL;
        CHECK_RC(vyre_scanner_create(r.b, r.ps, NULL, &sc, &err), VYRE_ERR_UNSUPPORTED);
        CHECK(sc == NULL);
        CHECK_STR_CONTAINS(err.fix, "CPU backend");
    }
    rules_mock_close(&r);
}

/* the ingest pipeline scans rule sets: each file whole, as its own text */
typedef struct ing_c { ml got[4]; vyre_result status[4]; char names[4][256]; int nf; } ing_c;
static int ing_idx(ing_c *c, const char *path) { int i; for (i = 0; i < 4; i++) if (strstr(path, c->names[i])) return i; return -1; }
static int ing_match(void *u, const vyre_ingest_file *f, const vyre_match *m) {
    ing_c *c = (ing_c *)u;
    int i = ing_idx(c, f->path);
    if (i >= 0) ml_push(&c->got[i], m);
    return 0;
}
static int ing_file(void *u, const vyre_ingest_file *f, uint64_t count, vyre_result status, const vyre_error *err) {
    ing_c *c = (ing_c *)u;
    int i = ing_idx(c, f->path);
    (void)count; (void)err;
    if (getenv("DBG")) fprintf(stderr, "file %s status %d\n", f->path, (int)status);
    if (i >= 0) c->status[i] = status;
    return 0;
}
static void t_ingest(void) {
    char dir[] = "/tmp/vyre_rules_XXXXXX";
    static const char *texts[3] = {"foo AKIA0123456789ABCDEF foo\nbar token=abc", "xfoo foo_ foo\nfoo", "no match here"};
    vyre_regex re[2];
    vyre_regex_set *rs;
    vyre_pattern_set *ps;
    vyre_error err;
    vyre_ingest *g = NULL;
    vyre_ingest_desc d;
    const char *paths[1];
    ing_c c;
    char path[512];
    int i;
    uint8_t *big;
    FILE *f;
    memset(&c, 0, sizeof c);
    if (!mkdtemp(dir)) { vt_skip("mkdtemp failed"); return; }
    for (i = 0; i < 3; i++) {
        snprintf(c.names[i], sizeof c.names[i], "/f%d.txt", i);
        snprintf(path, sizeof path, "%s%s", dir, c.names[i]);
        f = fopen(path, "wb"); fputs(texts[i], f); fclose(f);
    }
    big = (uint8_t *)malloc(3 << 20);
    memset(big, 'f', 3 << 20);
    snprintf(c.names[3], sizeof c.names[3], "/big.bin");
    snprintf(path, sizeof path, "%s%s", dir, c.names[3]);
    f = fopen(path, "wb"); fwrite(big, 1, 3 << 20, f); fclose(f);
    re[0].pattern = "\\bfoo\\b"; re[0].len = 0; re[0].flags = 0;
    re[1].pattern = "AKIA[0-9A-Z]{16}|token=[a-z]+$"; re[1].len = 0; re[1].flags = 0;
    if (!CHECK_RC(vyre_regex_set_compile(re, 2, NULL, &rs, &err), VYRE_OK)) return;
    CHECK_RC(vyre_regex_set_as_pattern_set(rs, NULL, &ps, &err), VYRE_OK);
    memset(&d, 0, sizeof d);
    paths[0] = dir;
    d.paths = paths; d.path_count = 1; d.mode = VYRE_INGEST_MATCHES; d.flags = VYRE_INGEST_CPU; d.readers = 2;
    d.chunk_bytes = 1 << 20;
    d.cb.match = ing_match; d.cb.file = ing_file; d.cb.user = &c;
    for (i = 0; i < 4; i++) c.status[i] = (vyre_result)1;
    if (CHECK_RC(vyre_ingest_create(ps, &d, &g, &err), VYRE_OK)) {
        CHECK_RC(vyre_ingest_run(g, &err), VYRE_OK);
        for (i = 0; i < 3; i++) {
            ml ref = {0};
            vyre_re_scan_desc o;
            memset(&o, 0, sizeof o);
            reference(rs, &o, (const uint8_t *)texts[i], strlen(texts[i]), 0, &ref);
            CHECK_RC(c.status[i], VYRE_OK);
            ml_eq(&c.got[i], &ref, c.names[i]);
            free(ref.m);
        }
        CHECK_RC(c.status[3], VYRE_ERR_UNSUPPORTED);   /* 3 MiB in 1 MiB chunks: refused loudly, not misjudged */
        vyre_ingest_destroy(g);
    }
    for (i = 0; i < 4; i++) { free(c.got[i].m); snprintf(path, sizeof path, "%s%s", dir, c.names[i]); remove(path); }
    remove(dir);
    free(big);
    vyre_pattern_set_free(ps);
    vyre_regex_set_free(rs);
}

int main(void) {
    VT_RUN(t_errors);
    VT_RUN(t_stream_joins);
    VT_RUN(t_random_sets);
    VT_RUN(t_gitleaks);
    VT_RUN(t_ingest);
    VT_RUN(t_mock_tables_once);
    VT_RUN(t_mock_truncation_guard);
    VT_RUN(t_mock_capacity_and_free);
    return vt_finish();
}
