/* vt.h - vyre's tiny test framework and shared test helpers.

   Include after vyre.h. One test binary = one translation unit:

       #define VYRE_IMPLEMENTATION
       #include "vyre.h"
       #include "vt.h"
       static void t_something(void) { CHECK(1 + 1 == 2); CHECK_RC(rc, VYRE_OK); }
       int main(void) { VT_RUN(t_something); return vt_finish(); }

   Counting: a test case (one VT_RUN) passes when none of its checks failed,
   fails otherwise, and is skipped when it called vt_skip() (it prints a line
   with "SKIPPED"). vt_finish() prints `N passed, N failed, N skipped` alone on
   the last line and returns the exit status (1 if anything failed). Failed
   checks print `file:line: message`; at most VT_MAX_REPORTS per test case.

   Environment: VT_SCALE (default 1) multiplies the iteration counts of the
   randomized tests; VT_FILTER=substr runs only test cases whose name contains
   substr; VT_SEED overrides the base seed of randomized tests. */
#ifndef VT_H
#define VT_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef VT_MAX_REPORTS
#define VT_MAX_REPORTS 12
#endif

static int vt__passed, vt__failed, vt__skipped;
static int vt__case_failures, vt__case_skipped;
static const char *vt__case_name = "";

static inline void vt__vfail(const char *file, int line, const char *fmt, va_list ap) {
    vt__case_failures++;
    if (vt__case_failures <= VT_MAX_REPORTS) {
        fprintf(stdout, "%s:%d: FAIL [%s] ", file, line, vt__case_name);
        vfprintf(stdout, fmt, ap);
        fputc('\n', stdout);
        if (vt__case_failures == VT_MAX_REPORTS) fprintf(stdout, "  (further failures of [%s] not shown)\n", vt__case_name);
        fflush(stdout);
    }
}

static inline int vt__check(int ok, const char *file, int line, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static inline int vt__check(int ok, const char *file, int line, const char *fmt, ...) {
    va_list ap;
    if (ok) return 1;
    va_start(ap, fmt);
    vt__vfail(file, line, fmt, ap);
    va_end(ap);
    return 0;
}

/* CHECK(cond): fails with the condition's text. CHECKF(cond, fmt, ...): with a message.
   Both evaluate to 1 if the check passed, so `if (!CHECK(x)) return;` works. */
#define CHECK(cond) vt__check(!!(cond), __FILE__, __LINE__, "%s", #cond)
#define CHECKF(cond, ...) vt__check(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define CHECK_EQ_U64(a, b)                                                                              \
    vt__check((unsigned long long)(a) == (unsigned long long)(b), __FILE__, __LINE__,                  \
              "%s == %s: %llu != %llu", #a, #b, (unsigned long long)(a), (unsigned long long)(b))
#define CHECK_STR_CONTAINS(hay, needle) vt__check_contains((hay), (needle), #hay, __FILE__, __LINE__)
static inline int vt__check_contains(const char *hay, const char *needle, const char *expr, const char *file, int line) {
    return vt__check(hay != NULL && strstr(hay, needle) != NULL, file, line, "%s does not contain \"%s\": \"%s\"",
                     expr, needle, hay ? hay : "(null)");
}
/* CHECK_RC(expr, expected): compare vyre_result codes, print both names. */
#define CHECK_RC(expr, expected) vt__check_rc((int)(expr), (int)(expected), #expr, __FILE__, __LINE__)

static inline int vt__check_rc(int got, int want, const char *expr, const char *file, int line) {
    return vt__check(got == want, file, line, "%s returned %s (%d), expected %s (%d)", expr,
                     vyre_result_str((vyre_result)got), got, vyre_result_str((vyre_result)want), want);
}

/* Check an error struct after a failed call: code, non-empty message, Fix:. */
#define CHECK_ERR(e, expected) vt__check_err(&(e), (int)(expected), __FILE__, __LINE__)
static inline int vt__check_err(const vyre_error *e, int want, const char *file, int line) {
    int ok = 1;
    ok &= vt__check((int)e->code == want, file, line, "err.code is %s, expected %s",
                    vyre_result_str(e->code), vyre_result_str((vyre_result)want));
    ok &= vt__check(e->message[0] != 0, file, line, "err.message is empty (code %s)", vyre_result_str(e->code));
    ok &= vt__check(strncmp(e->fix, "Fix:", 4) == 0, file, line, "err.fix does not start with \"Fix:\": \"%s\"",
                    e->fix);
    return ok;
}

static inline int vt__filter_ok(const char *name) {
    const char *f = getenv("VT_FILTER");
    return !f || !*f || strstr(name, f) != NULL;
}

static inline void vt__run(const char *name, void (*fn)(void)) {
    clock_t t0;
    if (!vt__filter_ok(name)) return;
    vt__case_name = name;
    vt__case_failures = 0;
    vt__case_skipped = 0;
    t0 = clock();
    fn();
    if (vt__case_skipped && !vt__case_failures) {
        vt__skipped++;
    } else if (vt__case_failures) {
        vt__failed++;
        printf("FAILED %s (%d failed checks)\n", name, vt__case_failures);
    } else {
        vt__passed++;
        if (getenv("VT_VERBOSE")) printf("ok %s (%.2fs)\n", name, (double)(clock() - t0) / CLOCKS_PER_SEC);
    }
    fflush(stdout);
}
#define VT_RUN(fn) vt__run(#fn, fn)

/* Mark the current test case skipped (call it, then return). */
static inline void vt_skip(const char *reason) {
    vt__case_skipped = 1;
    printf("SKIPPED: %s: %s\n", vt__case_name, reason);
    fflush(stdout);
}
/* A note that is neither pass nor fail (e.g. a documented Hyperscan limitation). */
static inline void vt_note(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    printf("note [%s]: ", vt__case_name);
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    fflush(stdout);
}

static inline int vt_finish(void) {
    printf("%d passed, %d failed, %d skipped\n", vt__passed, vt__failed, vt__skipped);
    fflush(stdout);
    return vt__failed ? 1 : 0;
}

static inline int vt_scale(void) {
    const char *s = getenv("VT_SCALE");
    int v = s ? atoi(s) : 1;
    return v < 1 ? 1 : v;
}

/* ------------------------------------------------------------------ */
/* deterministic random numbers (splitmix64)                          */
/* ------------------------------------------------------------------ */
typedef struct vt_rng { uint64_t s; } vt_rng;
static inline uint64_t vt_seed_base(void) {
    const char *s = getenv("VT_SEED");
    return s ? (uint64_t)strtoull(s, NULL, 0) : 0x5eed5eedULL;
}
static inline vt_rng vt_rng_make(uint64_t seed) {
    vt_rng r;
    r.s = seed ^ vt_seed_base();
    return r;
}
static inline uint64_t vt_next(vt_rng *r) {
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
/* uniform in [0, n) (n > 0) */
static inline uint64_t vt_below(vt_rng *r, uint64_t n) { return n ? vt_next(r) % n : 0; }
/* uniform in [lo, hi] */
static inline uint64_t vt_range(vt_rng *r, uint64_t lo, uint64_t hi) { return lo + vt_below(r, hi - lo + 1); }

/* a literal of the bytes of the C string s */
static inline vyre_literal vt_lit(const char *s, uint32_t flags) {
    vyre_literal l;
    l.bytes = s;
    l.len = strlen(s);
    l.flags = flags;
    return l;
}

/* ------------------------------------------------------------------ */
/* naive reference matcher                                             */
/* ------------------------------------------------------------------ */
static inline uint8_t vt_fold(uint8_t c) { return (c >= 'A' && c <= 'Z') ? (uint8_t)(c | 0x20) : c; }

typedef struct vt_matches {
    vyre_match *m;
    size_t n, cap;
} vt_matches;

static inline void vt_matches_push(vt_matches *v, uint64_t start, uint64_t end, uint32_t id, uint32_t region) {
    if (v->n == v->cap) {
        size_t nc = v->cap ? v->cap * 2 : 256;
        vyre_match *nm = (vyre_match *)realloc(v->m, nc * sizeof *nm);
        if (!nm) { fprintf(stderr, "vt: out of memory\n"); abort(); }
        v->m = nm;
        v->cap = nc;
    }
    v->m[v->n].start = start;
    v->m[v->n].end = end;
    v->m[v->n].pattern_id = id;
    v->m[v->n].region = region;
    v->n++;
}
static inline void vt_matches_free(vt_matches *v) { free(v->m); v->m = NULL; v->n = v->cap = 0; }

static inline int vt_match_cmp(const void *a, const void *b) {
    const vyre_match *x = (const vyre_match *)a, *y = (const vyre_match *)b;
    if (x->region != y->region) return x->region < y->region ? -1 : 1;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end < y->end ? -1 : 1;
    if (x->pattern_id != y->pattern_id) return x->pattern_id < y->pattern_id ? -1 : 1;
    return 0;
}
static inline void vt_matches_sort(vt_matches *v) {
    if (v->n) qsort(v->m, v->n, sizeof *v->m, vt_match_cmp);
}

/* Does pattern (p, len, caseless) occur at h[pos]? Plain byte loop. */
static inline int vt_occurs_at(const uint8_t *h, size_t hlen, size_t pos, const uint8_t *p, size_t len, int caseless) {
    size_t j;
    if (len == 0 || pos + len > hlen) return 0;
    for (j = 0; j < len; j++) {
        uint8_t a = h[pos + j], b = p[j];
        if (caseless ? vt_fold(a) != vt_fold(b) : a != b) return 0;
    }
    return 1;
}

/* The naive reference: for each position, for each pattern, compare.
   extra_flags is OR'ed into every pattern's flags (vyre_compile_desc.flags).
   Results sorted by (start, end, id), region 0. */
static inline void vt_naive(const vyre_literal *lits, size_t n, uint32_t extra_flags, const uint8_t *h, size_t hlen,
                            vt_matches *out) {
    size_t pos, i;
    out->n = 0;
    for (pos = 0; pos < hlen; pos++)
        for (i = 0; i < n; i++)
            if (vt_occurs_at(h, hlen, pos, (const uint8_t *)lits[i].bytes, lits[i].len,
                             ((lits[i].flags | extra_flags) & VYRE_CASELESS) != 0))
                vt_matches_push(out, pos, pos + lits[i].len, (uint32_t)i, 0);
    vt_matches_sort(out);
}

/* Compare two sorted match lists; report the first difference. */
#define CHECK_MATCHES(got, gotn, want, wantn, what) vt__check_matches((got), (gotn), (want), (wantn), (what), __FILE__, __LINE__)
static inline int vt__check_matches(const vyre_match *got, size_t gotn, const vyre_match *want, size_t wantn,
                                    const char *what, const char *file, int line) {
    size_t i, n = gotn < wantn ? gotn : wantn;
    for (i = 0; i < n; i++) {
        if (vt_match_cmp(&got[i], &want[i]) != 0)
            return vt__check(0, file, line,
                             "%s: match %zu differs: got (id %u, %llu..%llu, region %u), want (id %u, %llu..%llu, "
                             "region %u); counts got %zu want %zu",
                             what, i, got[i].pattern_id, (unsigned long long)got[i].start,
                             (unsigned long long)got[i].end, got[i].region, want[i].pattern_id,
                             (unsigned long long)want[i].start, (unsigned long long)want[i].end, want[i].region,
                             gotn, wantn);
    }
    if (gotn != wantn) {
        const vyre_match *x = gotn > wantn ? &got[n] : &want[n];
        return vt__check(0, file, line, "%s: got %zu matches, want %zu; first extra in %s: (id %u, %llu..%llu)", what,
                         gotn, wantn, gotn > wantn ? "got" : "want", x->pattern_id, (unsigned long long)x->start,
                         (unsigned long long)x->end);
    }
    return 1;
}

/* A callback collecting matches into a vt_matches. */
static inline int vt_collect_cb(const vyre_match *m, void *user) {
    vt_matches_push((vt_matches *)user, m->start, m->end, m->pattern_id, m->region);
    return 0;
}

/* ------------------------------------------------------------------ */
/* a counting allocator that can fail the Nth allocation               */
/* ------------------------------------------------------------------ */
typedef struct vt_alloc_stats {
    long live;          /* allocations not yet freed */
    long calls;         /* allocation calls (alloc, realloc) since the last arm */
    long fail_at;       /* fail the fail_at-th call (1-based); 0 = never */
    long failed;        /* how many calls were failed */
    long frees_null;    /* free(NULL) calls (allowed, counted for information) */
} vt_alloc_stats;

/* The counters are updated atomically: worker threads may allocate. */
static inline void *vt_a_alloc(size_t size, void *user) {
    vt_alloc_stats *s = (vt_alloc_stats *)user;
    void *p;
    long c = __sync_add_and_fetch(&s->calls, 1);
    if (s->fail_at && c == s->fail_at) { __sync_add_and_fetch(&s->failed, 1); return NULL; }
    p = malloc(size ? size : 1);
    if (p) __sync_add_and_fetch(&s->live, 1);
    return p;
}
static inline void *vt_a_realloc(void *ptr, size_t size, void *user) {
    vt_alloc_stats *s = (vt_alloc_stats *)user;
    void *p;
    long c = __sync_add_and_fetch(&s->calls, 1);
    if (s->fail_at && c == s->fail_at) { __sync_add_and_fetch(&s->failed, 1); return NULL; }
    p = realloc(ptr, size ? size : 1);
    if (p && !ptr) __sync_add_and_fetch(&s->live, 1);
    return p;
}
static inline void vt_a_free(void *ptr, void *user) {
    vt_alloc_stats *s = (vt_alloc_stats *)user;
    if (!ptr) { __sync_add_and_fetch(&s->frees_null, 1); return; }
    __sync_sub_and_fetch(&s->live, 1);
    free(ptr);
}
static inline vyre_allocator vt_allocator(vt_alloc_stats *s) {
    vyre_allocator a;
    a.alloc = vt_a_alloc;
    a.realloc = vt_a_realloc;
    a.free = vt_a_free;
    a.user = s;
    return a;
}
/* Start counting calls from now; fail the nth (0 = never). */
static inline void vt_alloc_arm(vt_alloc_stats *s, long nth) {
    s->calls = 0;
    s->fail_at = nth;
    s->failed = 0;
}

/* ------------------------------------------------------------------ */
/* files                                                                */
/* ------------------------------------------------------------------ */
/* Read a whole file (NULL if unreadable). */
static inline uint8_t *vt_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t cap = 0, n = 0;
    *len = 0;
    if (!f) return NULL;
    for (;;) {
        size_t got;
        if (n == cap) {
            uint8_t *nb;
            cap = cap ? cap * 2 : 65536;
            nb = (uint8_t *)realloc(buf, cap);
            if (!nb) { free(buf); fclose(f); return NULL; }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Split a text buffer into non-empty lines (a trailing '\r' is kept as a byte:
   the keyword file is plain LF). Pointers point into buf. Returns the count. */
static inline size_t vt_split_lines(const uint8_t *buf, size_t len, vyre_literal **out) {
    size_t i, start = 0, n = 0, cap = 0;
    vyre_literal *v = NULL;
    for (i = 0; i <= len; i++) {
        if (i == len || buf[i] == '\n') {
            if (i > start) {
                if (n == cap) {
                    cap = cap ? cap * 2 : 64;
                    v = (vyre_literal *)realloc(v, cap * sizeof *v);
                    if (!v) abort();
                }
                v[n].bytes = buf + start;
                v[n].len = i - start;
                v[n].flags = 0;
                n++;
            }
            start = i + 1;
        }
    }
    *out = v;
    return n;
}

/* The gitleaks keyword list: ../shared/patterns (beside the repo), else the
   repo's bundled copy. Paths are relative to the repo root (tests run there). */
static inline uint8_t *vt_read_gitleaks_keywords(size_t *len, const char **path_used) {
    static const char *const paths[] = {"../shared/patterns/gitleaks-keywords.txt", "patterns/gitleaks-keywords.txt"};
    size_t i;
    for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        uint8_t *b = vt_read_file(paths[i], len);
        if (b) {
            if (path_used) *path_used = paths[i];
            return b;
        }
    }
    return NULL;
}

#endif /* VT_H */
