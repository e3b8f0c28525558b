/* test_api.c - unit tests of every public function of vyre.h on the CPU
   backend: errors, allocators, compile limits, the documented table layout,
   serialization, the backend contract, the program table, the backend kit,
   scanning, regions, streams. Public API only: engine internals are tested in
   test_internal.c. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#endif
#define VYRE_IMPLEMENTATION
#include "../vyre.h"
#include "vt.h"

#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---------------------------------------------------------------- helpers */

static vyre_literal_set *compile_or_null(const vyre_literal *lits, size_t n, const vyre_compile_desc *d) {
    vyre_literal_set *set = NULL;
    vyre_error err;
    memset(&err, 0, sizeof err);
    if (!CHECKF(vyre_literal_set_compile(lits, n, d, &set, &err) == VYRE_OK, "compile failed: %s %s",
                vyre_result_str(err.code), err.message))
        return NULL;
    return set;
}

static vyre_backend *cpu_backend(uint32_t threads, vyre_cpu_engine engine) {
    vyre_cpu_desc d;
    vyre_backend *be = NULL;
    vyre_error err;
    memset(&d, 0, sizeof d);
    memset(&err, 0, sizeof err);
    d.threads = threads;
    d.engine = engine;
    d.min_bytes_per_thread = 1;
    if (!CHECKF(vyre_cpu_backend_create(&d, &be, &err) == VYRE_OK, "cpu backend: %s %s", vyre_result_str(err.code),
                err.message))
        return NULL;
    return be;
}

static vyre_scanner *scanner(vyre_backend *be, const vyre_literal_set *set) {
    vyre_scanner *sc = NULL;
    vyre_error err;
    memset(&err, 0, sizeof err);
    if (!CHECKF(vyre_scanner_create(be, set, NULL, &sc, &err) == VYRE_OK, "scanner: %s %s", vyre_result_str(err.code),
                err.message))
        return NULL;
    return sc;
}

/* one literal (the bytes of s, case-sensitive) on a CPU backend of `threads` threads */
typedef struct one_lit { vyre_literal_set *set; vyre_backend *be; vyre_scanner *sc; } one_lit;
static one_lit one_lit_open(const char *s, uint32_t threads) {
    one_lit o;
    vyre_literal l = vt_lit(s, 0);
    o.set = compile_or_null(&l, 1, NULL);
    o.be = cpu_backend(threads, VYRE_CPU_ENGINE_AUTO);
    o.sc = (o.set && o.be) ? scanner(o.be, o.set) : NULL;
    return o;
}
static void one_lit_close(one_lit *o) {
    vyre_scanner_destroy(o->sc);
    vyre_backend_destroy(o->be);
    vyre_literal_set_free(o->set);
}

/* Random literals from a small alphabet into caller storage. */
static size_t random_lits(vt_rng *r, vyre_literal *lits, uint8_t *store, size_t max_n, size_t maxlen,
                          const char *alpha, int caseless_mix) {
    size_t n = (size_t)vt_range(r, 1, max_n), i, j, alen = strlen(alpha);
    for (i = 0; i < n; i++) {
        size_t len = (size_t)vt_range(r, 1, maxlen);
        uint8_t *p = store + i * maxlen;
        for (j = 0; j < len; j++) p[j] = (uint8_t)alpha[vt_below(r, alen)];
        lits[i].bytes = p;
        lits[i].len = len;
        lits[i].flags = caseless_mix ? (uint32_t)(vt_below(r, 2) ? VYRE_CASELESS : 0) : 0;
    }
    return n;
}

static void random_hay(vt_rng *r, uint8_t *h, size_t n, const char *alpha) {
    size_t i, alen = strlen(alpha);
    for (i = 0; i < n; i++) h[i] = (uint8_t)alpha[vt_below(r, alen)];
}

/* ------------------------------------------------------------- version */
static void t_version(void) {
    CHECK(strcmp(vyre_version(), VYRE_VERSION_STRING) == 0);
    CHECK_EQ_U64(vyre_version_number(), VYRE_VERSION_NUMBER);
    CHECK_EQ_U64(VYRE_VERSION_NUMBER, (0u << 16) | (1u << 8) | 0u);
}

/* -------------------------------------------------------------- errors */
static void t_result_str(void) {
    static const struct { int code; const char *name; } names[] = {
        {VYRE_OK, "VYRE_OK"},
        {VYRE_STOPPED, "VYRE_STOPPED"},
        {VYRE_ERR_INVALID_ARGUMENT, "VYRE_ERR_INVALID_ARGUMENT"},
        {VYRE_ERR_EMPTY_PATTERN, "VYRE_ERR_EMPTY_PATTERN"},
        {VYRE_ERR_EMPTY_SET, "VYRE_ERR_EMPTY_SET"},
        {VYRE_ERR_TOO_MANY_PATTERNS, "VYRE_ERR_TOO_MANY_PATTERNS"},
        {VYRE_ERR_PATTERN_TOO_LONG, "VYRE_ERR_PATTERN_TOO_LONG"},
        {VYRE_ERR_DFA_TOO_LARGE, "VYRE_ERR_DFA_TOO_LARGE"},
        {VYRE_ERR_BAD_REGIONS, "VYRE_ERR_BAD_REGIONS"},
        {VYRE_ERR_BAD_ALLOCATOR, "VYRE_ERR_BAD_ALLOCATOR"},
        {VYRE_ERR_BAD_PROGRAM, "VYRE_ERR_BAD_PROGRAM"},
        {VYRE_ERR_TABLES_TOO_LARGE, "VYRE_ERR_TABLES_TOO_LARGE"},
        {VYRE_ERR_REGEX_SYNTAX, "VYRE_ERR_REGEX_SYNTAX"},
        {VYRE_ERR_REGEX_UNSUPPORTED, "VYRE_ERR_REGEX_UNSUPPORTED"},
        {VYRE_ERR_REGEX_TOO_LARGE, "VYRE_ERR_REGEX_TOO_LARGE"},
        {VYRE_ERR_RULES_SYNTAX, "VYRE_ERR_RULES_SYNTAX"},
        {VYRE_ERR_RULES_INVALID, "VYRE_ERR_RULES_INVALID"},
        {VYRE_ERR_RULES_UNSUPPORTED, "VYRE_ERR_RULES_UNSUPPORTED"},
        {VYRE_ERR_MATCH_CAPACITY, "VYRE_ERR_MATCH_CAPACITY"},
        {VYRE_ERR_REGION_CAPACITY, "VYRE_ERR_REGION_CAPACITY"},
        {VYRE_ERR_HAYSTACK_CAPACITY, "VYRE_ERR_HAYSTACK_CAPACITY"},
        {VYRE_ERR_OUTPUT_TOO_SMALL, "VYRE_ERR_OUTPUT_TOO_SMALL"},
        {VYRE_ERR_OUT_OF_RANGE, "VYRE_ERR_OUT_OF_RANGE"},
        {VYRE_ERR_OUT_OF_MEMORY, "VYRE_ERR_OUT_OF_MEMORY"},
        {VYRE_ERR_OVERFLOW, "VYRE_ERR_OVERFLOW"},
        {VYRE_ERR_UNSUPPORTED, "VYRE_ERR_UNSUPPORTED"},
        {VYRE_ERR_BACKEND_UNAVAILABLE, "VYRE_ERR_BACKEND_UNAVAILABLE"},
        {VYRE_ERR_DEVICE, "VYRE_ERR_DEVICE"},
        {VYRE_ERR_DEVICE_OUT_OF_MEMORY, "VYRE_ERR_DEVICE_OUT_OF_MEMORY"},
        {VYRE_ERR_DEVICE_LOST, "VYRE_ERR_DEVICE_LOST"},
        {VYRE_ERR_KERNEL_COMPILE, "VYRE_ERR_KERNEL_COMPILE"},
        {VYRE_ERR_LAUNCH, "VYRE_ERR_LAUNCH"},
        {VYRE_ERR_BAD_HANDLE, "VYRE_ERR_BAD_HANDLE"},
        {VYRE_ERR_THREAD, "VYRE_ERR_THREAD"},
        {VYRE_ERR_BACKEND_OUTPUT, "VYRE_ERR_BACKEND_OUTPUT"},
        {VYRE_ERR_SERIAL_TRUNCATED, "VYRE_ERR_SERIAL_TRUNCATED"},
        {VYRE_ERR_SERIAL_CORRUPT, "VYRE_ERR_SERIAL_CORRUPT"},
        {VYRE_ERR_SERIAL_VERSION, "VYRE_ERR_SERIAL_VERSION"},
        {VYRE_ERR_STATE, "VYRE_ERR_STATE"},
        {VYRE_ERR_IO, "VYRE_ERR_IO"},
        {VYRE_PENDING, "VYRE_PENDING"},
        {VYRE_ERR_RING_FULL, "VYRE_ERR_RING_FULL"},
        {VYRE_ERR_TIMEOUT, "VYRE_ERR_TIMEOUT"},
    };
    static const int unknown[] = {-1, -99, -110, -119, -123, -206, -302, -411, -503, -602, 3, 12345, INT_MIN};
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *s = vyre_result_str((vyre_result)names[i].code);
        CHECKF(s && strcmp(s, names[i].name) == 0, "vyre_result_str(%d) = \"%s\", want \"%s\"", names[i].code,
               s ? s : "(null)", names[i].name);
    }
    for (i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        const char *s = vyre_result_str((vyre_result)unknown[i]);
        CHECKF(s && strcmp(s, "VYRE_ERR_UNKNOWN") == 0, "vyre_result_str(%d) = \"%s\"", unknown[i], s ? s : "(null)");
    }
}

/* Called through a volatile pointer so that gcc does not inline it into the
   test and warn about truncation (tests/compile/error_format_small.c checks
   that warning separately). */
static char *(*volatile error_format_fn)(const vyre_error *, char *, size_t) = vyre_error_format;

static void t_error_format(void) {
    vyre_error e;
    char buf[1024], tiny[8];
    vyre_result rc;
    memset(&e, 0, sizeof e);
    rc = vyre_set_error(&e, VYRE_ERR_IO, "Fix: check the path.", "cannot read '%s' (%d)", "x.bin", 42);
    CHECK_RC(rc, VYRE_ERR_IO);
    CHECK_RC(e.code, VYRE_ERR_IO);
    CHECK(strcmp(e.message, "cannot read 'x.bin' (42)") == 0);
    CHECK(strcmp(e.fix, "Fix: check the path.") == 0);
    CHECK(vyre_error_format(&e, buf, sizeof buf) == buf);
    CHECK_STR_CONTAINS(buf, "VYRE_ERR_IO");
    CHECK_STR_CONTAINS(buf, "cannot read 'x.bin' (42)");
    CHECK_STR_CONTAINS(buf, "Fix: check the path.");
    CHECK(strchr(buf, '\n') == NULL || strchr(buf, '\n')[1] == 0);
    memset(tiny, 'Z', sizeof tiny);
    error_format_fn(&e, tiny, sizeof tiny);
    CHECK(memchr(tiny, 0, sizeof tiny) != NULL);
    CHECK(strncmp(tiny, buf, strlen(tiny)) == 0);
    tiny[0] = 'Z';
    error_format_fn(&e, tiny, 1);
    CHECK(tiny[0] == 0);
    /* NULL err is allowed */
    CHECK_RC(vyre_set_error(NULL, VYRE_ERR_STATE, "Fix: x.", "y"), VYRE_ERR_STATE);
    /* a very long message is truncated, not overflowed */
    {
        char big[2000];
        memset(big, 'a', sizeof big - 1);
        big[sizeof big - 1] = 0;
        vyre_set_error(&e, VYRE_ERR_DEVICE, "Fix: x.", "%s", big);
        CHECK(memchr(e.message, 0, sizeof e.message) != NULL);
        CHECK(strlen(e.message) >= 100);
    }
}

/* ---------------------------------------------------------- allocators */
static void *noop_alloc(size_t n, void *u) { (void)u; return malloc(n); }
static void noop_free(void *p, void *u) { (void)u; free(p); }

static void t_allocators(void) {
    vyre_allocator half, out, all0;
    vyre_error err;
    vyre_literal l = vt_lit("abc", 0);
    vyre_literal_set *set = (vyre_literal_set *)&l;
    vyre_backend *be = (vyre_backend *)&l;
    vyre_compile_desc cd;
    vyre_cpu_desc pd;
    vyre_scanner_desc sd;
    vt_alloc_stats st;
    vyre_allocator counting;
    int variant;

    memset(&all0, 0, sizeof all0);
    memset(&err, 0, sizeof err);
    CHECK_RC(vyre_allocator_resolve(&all0, &out, &err), VYRE_OK);
    CHECK(out.alloc && out.realloc && out.free);
    {
        void *p = vyre_alloc(&out, 16), *q;
        CHECK(p != NULL);
        q = vyre_realloc(&out, p, 4096);
        CHECK(q != NULL);
        vyre_free(&out, q);
        vyre_free(&out, NULL);
    }
    CHECK_RC(vyre_allocator_resolve(NULL, &out, &err), VYRE_OK);

    for (variant = 0; variant < 3; variant++) {
        memset(&half, 0, sizeof half);
        if (variant == 0) half.alloc = noop_alloc;
        if (variant == 1) { half.alloc = noop_alloc; half.free = noop_free; }
        if (variant == 2) half.free = noop_free;
        memset(&err, 0, sizeof err);
        CHECK_RC(vyre_allocator_resolve(&half, &out, &err), VYRE_ERR_BAD_ALLOCATOR);
        CHECK_ERR(err, VYRE_ERR_BAD_ALLOCATOR);

        memset(&cd, 0, sizeof cd);
        cd.allocator = half;
        set = (vyre_literal_set *)&l;
        CHECK_RC(vyre_literal_set_compile(&l, 1, &cd, &set, &err), VYRE_ERR_BAD_ALLOCATOR);
        CHECK(set == NULL);
        CHECK_ERR(err, VYRE_ERR_BAD_ALLOCATOR);

        memset(&pd, 0, sizeof pd);
        pd.allocator = half;
        be = (vyre_backend *)&l;
        CHECK_RC(vyre_cpu_backend_create(&pd, &be, &err), VYRE_ERR_BAD_ALLOCATOR);
        CHECK(be == NULL);
        CHECK_ERR(err, VYRE_ERR_BAD_ALLOCATOR);

        set = compile_or_null(&l, 1, NULL);
        be = cpu_backend(1, VYRE_CPU_ENGINE_AUTO);
        if (set && be) {
            vyre_scanner *sc = (vyre_scanner *)&l;
            memset(&sd, 0, sizeof sd);
            sd.allocator = half;
            CHECK_RC(vyre_scanner_create(be, set, &sd, &sc, &err), VYRE_ERR_BAD_ALLOCATOR);
            CHECK(sc == NULL);
            CHECK_ERR(err, VYRE_ERR_BAD_ALLOCATOR);
        }
        vyre_backend_destroy(be);
        vyre_literal_set_free(set);
    }

    /* the runtime allocator is really used, and everything is given back */
    memset(&st, 0, sizeof st);
    counting = vt_allocator(&st);
    memset(&cd, 0, sizeof cd);
    cd.allocator = counting;
    memset(&pd, 0, sizeof pd);
    pd.allocator = counting;
    pd.threads = 2;
    memset(&sd, 0, sizeof sd);
    sd.allocator = counting;
    set = NULL;
    be = NULL;
    CHECK_RC(vyre_literal_set_compile(&l, 1, &cd, &set, NULL), VYRE_OK);
    CHECK(st.calls > 0 && st.live > 0);
    {
        long after_compile = st.calls;
        vyre_scanner *sc = NULL;
        size_t cnt = 0;
        vyre_match m[4];
        CHECK_RC(vyre_cpu_backend_create(&pd, &be, NULL), VYRE_OK);
        CHECK(st.calls > after_compile);
        if (be) {
            CHECK_RC(vyre_scanner_create(be, set, &sd, &sc, NULL), VYRE_OK);
            CHECK_RC(vyre_scan(sc, "xxabcabc", 8, m, 4, &cnt, NULL), VYRE_OK);
            CHECK_EQ_U64(cnt, 2);
            vyre_scanner_destroy(sc);
        }
        vyre_backend_destroy(be);
        vyre_literal_set_free(set);
        CHECKF(st.live == 0, "live allocations after destroying everything: %ld", st.live);
    }
}

/* ------------------------------------------------------ compile limits */
static void t_compile_limits(void) {
    vyre_literal lits[8];
    vyre_literal_set *set;
    vyre_error err;
    vyre_compile_desc d;
    static uint8_t longp[VYRE_MAX_PATTERN_LEN + 2];
    vyre_literal_set *dummy = (vyre_literal_set *)lits;

    lits[0] = vt_lit("alpha", 0);
    lits[1] = vt_lit("beta", 0);
    lits[2] = vt_lit("", 0);
    lits[3] = vt_lit("gamma", 0);

    /* empty set */
    set = dummy;
    memset(&err, 0, sizeof err);
    CHECK_RC(vyre_literal_set_compile(lits, 0, NULL, &set, &err), VYRE_ERR_EMPTY_SET);
    CHECK(set == NULL);
    CHECK_ERR(err, VYRE_ERR_EMPTY_SET);
    set = dummy;
    CHECK_RC(vyre_literal_set_compile(NULL, 0, NULL, &set, &err), VYRE_ERR_EMPTY_SET);
    CHECK(set == NULL);

    /* empty pattern, named by index */
    set = dummy;
    CHECK_RC(vyre_literal_set_compile(lits, 4, NULL, &set, &err), VYRE_ERR_EMPTY_PATTERN);
    CHECK(set == NULL);
    CHECK_ERR(err, VYRE_ERR_EMPTY_PATTERN);
    CHECK_STR_CONTAINS(err.message, "2");
    CHECK_EQ_U64(err.pattern_index, 2);      /* the culprit: pattern 2, byte 0 */
    CHECK_EQ_U64(err.offset, 0);

    /* too many patterns over a lowered max_patterns: names count and limit */
    lits[2] = vt_lit("delta", 0);
    lits[4] = vt_lit("eps", 0);
    lits[5] = vt_lit("zeta", 0);
    lits[6] = vt_lit("eta", 0);
    memset(&d, 0, sizeof d);
    d.max_patterns = 5;
    set = dummy;
    CHECK_RC(vyre_literal_set_compile(lits, 7, &d, &set, &err), VYRE_ERR_TOO_MANY_PATTERNS);
    CHECK(set == NULL);
    CHECK_ERR(err, VYRE_ERR_TOO_MANY_PATTERNS);
    CHECK_STR_CONTAINS(err.message, "7");
    CHECK_STR_CONTAINS(err.message, "5");
    CHECK_EQ_U64(err.pattern_index, VYRE_ERROR_NO_PATTERN); /* no single culprit */
    CHECK_EQ_U64(err.offset, VYRE_ERROR_NO_OFFSET);
    set = NULL;
    CHECK_RC(vyre_literal_set_compile(lits, 5, &d, &set, &err), VYRE_OK);
    vyre_literal_set_free(set);

    /* pattern too long: VYRE_MAX_PATTERN_LEN + 1; exactly the max is fine */
    memset(longp, 'q', sizeof longp);
    lits[1].bytes = longp;
    lits[1].len = VYRE_MAX_PATTERN_LEN + 1;
    set = dummy;
    CHECK_RC(vyre_literal_set_compile(lits, 2, NULL, &set, &err), VYRE_ERR_PATTERN_TOO_LONG);
    CHECK(set == NULL);
    CHECK_ERR(err, VYRE_ERR_PATTERN_TOO_LONG);
    CHECK_STR_CONTAINS(err.message, "65536");
    CHECK_EQ_U64(err.pattern_index, 1);      /* pattern 1, first byte past the limit */
    CHECK_EQ_U64(err.offset, VYRE_MAX_PATTERN_LEN);
    lits[1].len = VYRE_MAX_PATTERN_LEN;
    set = NULL;
    CHECK_RC(vyre_literal_set_compile(lits, 2, NULL, &set, &err), VYRE_OK);
    if (set) {
        vyre_literal_set_info info;
        CHECK_RC(vyre_literal_set_get_info(set, &info), VYRE_OK);
        CHECK_EQ_U64(info.max_len, VYRE_MAX_PATTERN_LEN);
        CHECK_EQ_U64(info.min_len, 5);
    }
    vyre_literal_set_free(set);

    /* DFA over a small budget: 2 patterns of 10 distinct bytes = 21 states > 4 */
    lits[0] = vt_lit("abcdefghij", 0);
    lits[1] = vt_lit("klmnopqrst", 0);
    memset(&d, 0, sizeof d);
    d.form = VYRE_LIT_FORM_DFA; /* forced: AUTO picks the BIG form over the budget (test_big t_big_pick) */
    d.max_dfa_bytes = 4096; /* 4 states of 256 u32 */
    set = dummy;
    CHECK_RC(vyre_literal_set_compile(lits, 2, &d, &set, &err), VYRE_ERR_DFA_TOO_LARGE);
    CHECK(set == NULL);
    CHECK_ERR(err, VYRE_ERR_DFA_TOO_LARGE);
    CHECK_STR_CONTAINS(err.message, "4096");
    d.max_dfa_bytes = 21 * 1024; /* exactly enough */
    set = NULL;
    CHECK_RC(vyre_literal_set_compile(lits, 2, &d, &set, &err), VYRE_OK);
    if (set) {
        vyre_literal_set_info info;
        CHECK_RC(vyre_literal_set_get_info(set, &info), VYRE_OK);
        CHECK_EQ_U64(info.state_count, 21);
        CHECK_EQ_U64(info.dfa_bytes, 21 * 1024);
    }
    vyre_literal_set_free(set);
    d.max_dfa_bytes = 20 * 1024; /* one state short */
    set = dummy;
    CHECK_RC(vyre_literal_set_compile(lits, 2, &d, &set, &err), VYRE_ERR_DFA_TOO_LARGE);
    CHECK(set == NULL);

    /* bad flags, in a literal and in the desc */
    lits[1].flags = 0x2;
    set = dummy;
    CHECK_RC(vyre_literal_set_compile(lits, 2, NULL, &set, &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK(set == NULL);
    CHECK_ERR(err, VYRE_ERR_INVALID_ARGUMENT);
    lits[1].flags = 0x80000000u;
    CHECK_RC(vyre_literal_set_compile(lits, 2, NULL, &set, &err), VYRE_ERR_INVALID_ARGUMENT);
    lits[1].flags = 0;
    memset(&d, 0, sizeof d);
    d.flags = 0x10;
    set = dummy;
    CHECK_RC(vyre_literal_set_compile(lits, 2, &d, &set, &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK(set == NULL);

    /* NULL arguments */
    CHECK_RC(vyre_literal_set_compile(lits, 2, NULL, NULL, &err), VYRE_ERR_INVALID_ARGUMENT);
    set = dummy;
    CHECK_RC(vyre_literal_set_compile(NULL, 2, NULL, &set, &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK(set == NULL);
    lits[0].bytes = NULL;
    set = dummy;
    CHECK_RC(vyre_literal_set_compile(lits, 2, NULL, &set, &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK(set == NULL);
    vyre_literal_set_free(NULL);
}

static void t_info_and_pattern(void) {
    static const uint8_t binp[] = {0x00, 0xff, 0x80, 'A'};
    vyre_literal lits[4];
    vyre_literal_set *set;
    vyre_literal_set_info info;
    const uint8_t *b = NULL;
    size_t len = 0;
    uint32_t flags = 0;
    memset(&info, 0, sizeof info);
    lits[0] = vt_lit("Hello", VYRE_CASELESS);
    lits[1].bytes = binp;
    lits[1].len = sizeof binp;
    lits[1].flags = 0;
    lits[2] = vt_lit("x", 0);
    lits[3] = vt_lit("Hello", VYRE_CASELESS);
    set = compile_or_null(lits, 4, NULL);
    if (!set) return;
    CHECK_RC(vyre_literal_set_get_info(set, &info), VYRE_OK);
    CHECK_EQ_U64(info.pattern_count, 4);
    CHECK_EQ_U64(info.min_len, 1);
    CHECK_EQ_U64(info.max_len, 5);
    /* trie: root + hello(5) + 4 binary + x = 11 states (duplicates share) */
    CHECK_EQ_U64(info.state_count, 11);
    CHECK_EQ_U64(info.dfa_bytes, (uint64_t)info.state_count * 256 * 4);
    CHECK(info.table_bytes > info.dfa_bytes);
    CHECK_RC(vyre_literal_set_pattern(set, 0, &b, &len, &flags), VYRE_OK);
    CHECK(len == 5 && memcmp(b, "Hello", 5) == 0 && flags == VYRE_CASELESS);
    CHECK_RC(vyre_literal_set_pattern(set, 1, &b, &len, &flags), VYRE_OK);
    CHECK(len == 4 && memcmp(b, binp, 4) == 0 && flags == 0);
    CHECK(vyre_literal_set_pattern(set, 4, &b, &len, &flags) < 0);
    CHECK(vyre_literal_set_get_info(NULL, &info) < 0);
    CHECK_EQ_U64(vyre_presence_words(set), 1);
    vyre_literal_set_free(set);
    {
        /* presence_words = ceil(n/32) */
        vyre_literal many[65];
        size_t i;
        for (i = 0; i < 65; i++) many[i] = vt_lit("k", 0);
        set = compile_or_null(many, 32, NULL);
        if (set) CHECK_EQ_U64(vyre_presence_words(set), 1);
        vyre_literal_set_free(set);
        set = compile_or_null(many, 33, NULL);
        if (set) CHECK_EQ_U64(vyre_presence_words(set), 2);
        vyre_literal_set_free(set);
        set = compile_or_null(many, 65, NULL);
        if (set) CHECK_EQ_U64(vyre_presence_words(set), 3);
        vyre_literal_set_free(set);
    }
}

/* --------------------------------------------------------------- tables */
static void set_bit(uint32_t *w, uint32_t i) { w[i >> 5] |= 1u << (i & 31); }
static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static const void *table(const vyre_literal_set *set, vyre_lit_table id, size_t *bytes) {
    const void *p = NULL;
    *bytes = 0;
    if (!CHECKF(vyre_literal_set_table(set, id, &p, bytes) == VYRE_OK && p != NULL, "table %d missing", (int)id))
        return NULL;
    return p;
}

/* Check every documented table invariant of `set` built from lits (+extra flags). */
static void check_tables(const vyre_literal_set *set, const vyre_literal *lits, size_t n, uint32_t extra, vt_rng *r) {
    size_t sz[VYRE_LT_COUNT];
    const void *tp[VYRE_LT_COUNT];
    const uint32_t *T, *OO, *OR, *PL, *EM, *S2, *B3, *SM, *PO, *PF, *BK, *BI, *PR;
    const uint8_t *PB;
    uint32_t states, mask, i, kinds = 0, long_kinds = 0, minl = UINT32_MAX, maxl = 0;
    uint32_t *em, *s2, *b3, *sm;
    vyre_literal_set_info info;
    int t;
    for (t = 0; t < (int)VYRE_LT_COUNT; t++) {
        tp[t] = table(set, (vyre_lit_table)t, &sz[t]);
        if (!tp[t]) return;
    }
    CHECK(vyre_literal_set_table(set, VYRE_LT_COUNT, &tp[0], &sz[0]) < 0);
    T = (const uint32_t *)tp[VYRE_LT_TRANSITIONS];
    OO = (const uint32_t *)tp[VYRE_LT_OUTPUT_OFFSETS];
    OR = (const uint32_t *)tp[VYRE_LT_OUTPUT_RECORDS];
    PL = (const uint32_t *)tp[VYRE_LT_PATTERN_LENGTHS];
    EM = (const uint32_t *)tp[VYRE_LT_END_MASK];
    S2 = (const uint32_t *)tp[VYRE_LT_SUFFIX2_MASK];
    B3 = (const uint32_t *)tp[VYRE_LT_SUFFIX3_BLOOM];
    SM = (const uint32_t *)tp[VYRE_LT_SHORT_MASK];
    PO = (const uint32_t *)tp[VYRE_LT_PATTERN_OFFSETS];
    PF = (const uint32_t *)tp[VYRE_LT_PATTERN_FLAGS];
    PB = (const uint8_t *)tp[VYRE_LT_PATTERN_BYTES];
    BK = (const uint32_t *)tp[VYRE_LT_BUCKETS];
    BI = (const uint32_t *)tp[VYRE_LT_BUCKET_IDS];
    PR = (const uint32_t *)tp[VYRE_LT_PARAMS];
    memset(&info, 0, sizeof info);
    CHECK_RC(vyre_literal_set_get_info(set, &info), VYRE_OK);
    states = info.state_count;

    /* sizes */
    CHECK_EQ_U64(sz[VYRE_LT_TRANSITIONS], (uint64_t)states * 256 * 4);
    CHECK_EQ_U64(sz[VYRE_LT_OUTPUT_OFFSETS], ((uint64_t)states + 1) * 4);
    CHECK_EQ_U64(sz[VYRE_LT_OUTPUT_RECORDS], (uint64_t)OO[states] * 4);
    CHECK_EQ_U64(sz[VYRE_LT_PATTERN_LENGTHS], n * 4);
    CHECK_EQ_U64(sz[VYRE_LT_END_MASK], 32);
    CHECK_EQ_U64(sz[VYRE_LT_SUFFIX2_MASK], 2048 * 4);
    CHECK_EQ_U64(sz[VYRE_LT_SUFFIX3_BLOOM], VYRE_BLOOM3_BITS / 8);
    CHECK_EQ_U64(sz[VYRE_LT_SHORT_MASK], (8 + 2048) * 4);
    CHECK_EQ_U64(sz[VYRE_LT_PATTERN_OFFSETS], n * 4);
    CHECK_EQ_U64(sz[VYRE_LT_PATTERN_FLAGS], n * 4);
    CHECK(sz[VYRE_LT_PATTERN_BYTES] % 4 == 0);
    CHECK_EQ_U64(sz[VYRE_LT_BUCKET_IDS], n * 4);
    CHECK_EQ_U64(sz[VYRE_LT_PARAMS], VYRE_LP_COUNT * 4);
    CHECK_EQ_U64(info.dfa_bytes, sz[VYRE_LT_TRANSITIONS]);
    {
        uint64_t total = 0;
        for (t = 0; t < (int)VYRE_LT_COUNT; t++) total += sz[t];
        CHECKF(info.table_bytes >= total, "table_bytes %llu < sum of tables %llu", (unsigned long long)info.table_bytes,
               (unsigned long long)total);
    }

    /* params */
    mask = PR[VYRE_LP_BUCKET_MASK];
    CHECK_EQ_U64(PR[VYRE_LP_PATTERN_COUNT], n);
    CHECK_EQ_U64(PR[VYRE_LP_STATE_COUNT], states);
    CHECK((((uint64_t)mask + 1) & mask) == 0); /* power of two minus one */
    CHECK_EQ_U64(sz[VYRE_LT_BUCKETS], 3ull * ((uint64_t)mask + 1) * 4);
    CHECK_EQ_U64(PR[VYRE_LP_WORDS_PER_ROW], (n + 31) / 32);
    CHECK(PR[VYRE_LP_Q4_BITS] >= 10 && PR[VYRE_LP_Q4_BITS] <= 15);
    CHECK_EQ_U64(sz[VYRE_LT_Q4], (uint64_t)4 << PR[VYRE_LP_Q4_BITS]);
    if (sz[VYRE_LT_Q4] == (uint64_t)4 << PR[VYRE_LP_Q4_BITS] && PR[VYRE_LP_Q4_BITS] >= 10 && PR[VYRE_LP_Q4_BITS] <= 15) {
        /* Q4: each pattern of length >= 3 sets one bit of word hash(last 3 folded bytes):
           bit 0 for 3-byte patterns, else fold(4th-last byte) & 31 */
        uint32_t qb = PR[VYRE_LP_Q4_BITS], *q4 = (uint32_t *)calloc((size_t)1 << qb, 4);
        if (!q4) abort();
        for (i = 0; i < n; i++) {
            const uint8_t *p = (const uint8_t *)lits[i].bytes;
            size_t len = lits[i].len;
            uint32_t k3;
            if (len < 3) continue;
            k3 = (uint32_t)vt_fold(p[len - 3]) | (uint32_t)vt_fold(p[len - 2]) << 8 | (uint32_t)vt_fold(p[len - 1]) << 16;
            q4[VYRE_Q4_HASH(k3, qb)] |= len == 3 ? 1u : 1u << (vt_fold(p[len - 4]) & 31u);
        }
        CHECK(memcmp(q4, tp[VYRE_LT_Q4], (size_t)4 << qb) == 0);
        free(q4);
    }

    /* per pattern: lengths, offsets, flags, bytes, masks, buckets */
    em = (uint32_t *)calloc(8, 4);
    s2 = (uint32_t *)calloc(2048, 4);
    b3 = (uint32_t *)calloc(VYRE_BLOOM3_BITS / 32, 4);
    sm = (uint32_t *)calloc(8 + 2048, 4);
    if (!em || !s2 || !b3 || !sm) abort();
    for (i = 0; i < n; i++) {
        const uint8_t *p = (const uint8_t *)lits[i].bytes;
        uint32_t len = (uint32_t)lits[i].len, j, k, packed = 0, key, slot, probes = 0, fl;
        int cl = ((lits[i].flags | extra) & VYRE_CASELESS) != 0;
        uint8_t c1 = vt_fold(p[len - 1]);
        fl = (lits[i].flags | extra) & VYRE_CASELESS;
        if (len < minl) minl = len;
        if (len > maxl) maxl = len;
        CHECK_EQ_U64(PL[i], len);
        CHECK_EQ_U64(PF[i], fl);
        if (CHECKF((uint64_t)PO[i] + len <= sz[VYRE_LT_PATTERN_BYTES], "pattern %u offset %u out of table", i, PO[i])) {
            for (j = 0; j < len; j++)
                if (!CHECKF(PB[PO[i] + j] == (cl ? vt_fold(p[j]) : p[j]), "pattern %u byte %u stored wrong", i, j))
                    break;
        }
        set_bit(em, c1);
        if (len == 1) set_bit(sm, c1);
        if (len == 2) set_bit(sm, 256u + ((uint32_t)vt_fold(p[0]) << 8 | c1));
        if (len >= 2) set_bit(s2, (uint32_t)vt_fold(p[len - 2]) << 8 | c1);
        if (len >= 3) set_bit(b3, VYRE_BLOOM3_HASH(vt_fold(p[len - 3]), vt_fold(p[len - 2]), c1));
        k = len < 3 ? len : 3;
        kinds |= 1u << (k - 1);
        if (len >= 3) long_kinds |= n < VYRE_LIT_WIDE_KEYS_MIN ? 1u : len >= 8 ? 4u : len >= 4 ? 2u : 1u;
        /* vyre.h "Bucket keys": the last 1..3 bytes packed; in large sets 4..7 and >= 8 hashed */
        if (len >= 4 && n >= VYRE_LIT_WIDE_KEYS_MIN) {
            uint32_t w4 = 0, w8 = 0;
            for (j = 0; j < 4; j++) w4 |= (uint32_t)vt_fold(p[len - 4 + j]) << (8 * j);
            if (len >= 8) for (j = 0; j < 4; j++) w8 |= (uint32_t)vt_fold(p[len - 8 + j]) << (8 * j);
            key = len >= 8 ? (8u << 24) | VYRE_KEY8_HASH(w8, w4) : (4u << 24) | VYRE_KEY4_HASH(w4);
        } else {
            for (j = len - k; j < len; j++) packed = packed << 8 | vt_fold(p[j]);
            key = (k << 24) | packed;
        }
        slot = VYRE_BUCKET_HASH(key) & mask;
        while (BK[3 * slot] != 0 && BK[3 * slot] != key + 1 && probes <= mask) {
            slot = (slot + 1) & mask;
            probes++;
        }
        if (CHECKF(BK[3 * slot] == key + 1, "pattern %u: bucket key %#x not found by probing", i, key)) {
            uint32_t first = BK[3 * slot + 1], cnt = BK[3 * slot + 2], q, found = 0;
            if (CHECKF((uint64_t)first + cnt <= n, "bucket range %u+%u past %zu ids", first, cnt, n)) {
                for (q = first; q < first + cnt; q++) {
                    if (BI[q] == i) found = 1;
                    if (q > first) CHECKF(BI[q - 1] < BI[q], "bucket ids not ascending at %u", q);
                }
                CHECKF(found, "pattern %u not listed in its bucket", i);
            }
        }
    }
    CHECK(memcmp(em, EM, 32) == 0);
    CHECK(memcmp(s2, S2, 2048 * 4) == 0);
    CHECK(memcmp(b3, B3, VYRE_BLOOM3_BITS / 8) == 0);
    CHECK(memcmp(sm, SM, (8 + 2048) * 4) == 0);
    CHECK_EQ_U64(PR[VYRE_LP_KEY_KINDS], kinds);
    CHECK_EQ_U64(PR[VYRE_LP_LONG_KINDS], long_kinds);
    {
        /* vyre.h "Key filter": rebuilt from the patterns and the documented layout */
        const uint32_t F = PR[VYRE_LP_KF_BITS];
        const uint32_t *KF = (const uint32_t *)tp[VYRE_LT_KEY_FILTER];
        if (n < VYRE_LIT_WIDE_KEYS_MIN || !(long_kinds & 7u)) {
            CHECK_EQ_U64(F, 0);
            CHECK_EQ_U64(sz[VYRE_LT_KEY_FILTER], 4);
            CHECK_EQ_U64(KF[0], 0);
        } else if (CHECKF(F >= 17 && F <= 23, "KF_BITS %u outside 17..23", F)) {
            uint64_t entries = 0;
            uint32_t fb = 17, W = 1u << (F - 5), nt = ((long_kinds & 3u) != 0) + ((long_kinds & 4u) != 0), x, q;
            uint32_t *want, *f4, *f8;
            for (i = 0; i < n; i++) entries += lits[i].len == 3 ? 256u : lits[i].len >= 4 ? 1u : 0u;
            while (fb < 23 && (1ull << fb) < entries * 64u) fb++;
            CHECK_EQ_U64(F, fb);
            CHECK_EQ_U64(sz[VYRE_LT_KEY_FILTER], 4ull * (VYRE_KF_FOLD_WORDS + (uint64_t)nt * W));
            want = (uint32_t *)calloc(VYRE_KF_FOLD_WORDS + (size_t)nt * W, 4);
            if (!want) abort();
            f4 = (long_kinds & 3u) ? want + VYRE_KF_FOLD_WORDS : NULL;
            f8 = (long_kinds & 4u) ? want + VYRE_KF_FOLD_WORDS + (f4 ? W : 0u) : NULL;
            for (i = 0; i < n; i++) {
                const uint8_t *p = (const uint8_t *)lits[i].bytes;
                uint32_t len = (uint32_t)lits[i].len, w4 = 0, w8 = 0, j, h4;
                if (len < 3) continue;
                if (len == 3) {
                    for (x = 0; x < 256; x++) {
                        h4 = ((uint32_t)vt_fold((uint8_t)x) | (uint32_t)vt_fold(p[0]) << 8 | (uint32_t)vt_fold(p[1]) << 16 |
                              (uint32_t)vt_fold(p[2]) << 24) * 0x9E3779B1u;
                        set_bit(f4, h4 >> (32 - F));
                    }
                    continue;
                }
                for (j = 0; j < 4; j++) w4 |= (uint32_t)vt_fold(p[len - 4 + j]) << (8 * j);
                h4 = w4 * 0x9E3779B1u;
                if (len < 8) { set_bit(f4, h4 >> (32 - F)); continue; }
                for (j = 0; j < 4; j++) w8 |= (uint32_t)vt_fold(p[len - 8 + j]) << (8 * j);
                set_bit(f8, ((w8 * 0x85EBCA6Bu) ^ h4) >> (32 - F));
            }
            for (x = 0; x < VYRE_KF_FOLD_WORDS; x++)
                for (q = 0; q < W / VYRE_KF_FOLD_WORDS; q++)
                    want[x] |= (f4 ? f4[x * (W / VYRE_KF_FOLD_WORDS) + q] : 0u) | (f8 ? f8[x * (W / VYRE_KF_FOLD_WORDS) + q] : 0u);
            if (sz[VYRE_LT_KEY_FILTER] == 4ull * (VYRE_KF_FOLD_WORDS + (uint64_t)nt * W))
                CHECK(memcmp(want, KF, sz[VYRE_LT_KEY_FILTER]) == 0);
            free(want);
        }
    }
    CHECK_EQ_U64(PR[VYRE_LP_MIN_LEN], minl);
    CHECK_EQ_U64(PR[VYRE_LP_MAX_LEN], maxl);
    CHECK_EQ_U64(info.min_len, minl);
    CHECK_EQ_U64(info.max_len, maxl);
    {
        /* every bucket's ids sum to n, and every occupied slot is found by its own key */
        uint64_t total = 0;
        for (i = 0; i <= mask; i++)
            if (BK[3 * i]) total += BK[3 * i + 2];
        CHECK_EQ_U64(total, n);
    }
    free(em);
    free(s2);
    free(b3);
    free(sm);

    /* DFA: transitions in range, folded columns equal, offsets monotone */
    {
        uint32_t s, c;
        int bad = 0;
        CHECK_EQ_U64(OO[0], 0);
        for (s = 0; s < states && !bad; s++) {
            if (!CHECKF(OO[s] <= OO[s + 1], "output offsets not monotone at %u", s)) bad = 1;
            for (c = 0; c < 256 && !bad; c++) {
                if (!CHECKF(T[s * 256 + c] < states, "T[%u][%u] = %u >= %u states", s, c, T[s * 256 + c], states))
                    bad = 1;
                else if (!CHECKF(T[s * 256 + c] == T[s * 256 + vt_fold((uint8_t)c)], "T[%u][%u] not folded", s, c))
                    bad = 1;
            }
        }
        for (i = 0; i < OO[states] && !bad; i++)
            if (!CHECKF(OR[i] < n, "output record %u = %u >= %zu", i, OR[i], n)) bad = 1;
        if (bad) return;
    }
    /* DFA walk over random text from the patterns' own bytes: the outputs at
       each position are exactly the patterns whose folded bytes end there. */
    {
        size_t hl = 4000, pos;
        uint8_t *h = (uint8_t *)malloc(hl);
        uint32_t *want = (uint32_t *)malloc(n * 4), *got = (uint32_t *)malloc(n * 4);
        uint32_t s = 0;
        if (!h || !want || !got) abort();
        for (pos = 0; pos < hl; pos++) {
            const vyre_literal *L = &lits[vt_below(r, n)];
            h[pos] = ((const uint8_t *)L->bytes)[vt_below(r, L->len)];
            if (vt_below(r, 4) == 0) h[pos] = (uint8_t)(h[pos] ^ 0x20);
        }
        for (pos = 0; pos < hl; pos++) {
            uint32_t nw = 0, ng = 0, q;
            s = T[s * 256 + h[pos]];
            for (q = OO[s]; q < OO[s + 1]; q++) got[ng++] = OR[q];
            for (i = 0; i < n; i++)
                if (lits[i].len <= pos + 1 &&
                    vt_occurs_at(h, hl, pos + 1 - lits[i].len, (const uint8_t *)lits[i].bytes, lits[i].len, 1))
                    want[nw++] = i;
            qsort(got, ng, 4, cmp_u32);
            if (!CHECKF(ng == nw && memcmp(got, want, nw * 4) == 0,
                        "DFA outputs at position %zu: got %u ids, want %u (state %u)", pos, ng, nw, s))
                break;
        }
        free(h);
        free(want);
        free(got);
    }
}

static void t_tables_fixed(void) {
    static const uint8_t bin[] = {0x00, 0x80, 0xff};
    vyre_literal lits[9];
    vyre_literal_set *set;
    vt_rng r = vt_rng_make(1);
    lits[0] = vt_lit("he", 0);
    lits[1] = vt_lit("She", VYRE_CASELESS);
    lits[2] = vt_lit("his", 0);
    lits[3] = vt_lit("hers", 0);
    lits[4] = vt_lit("H", 0);
    lits[5].bytes = bin;
    lits[5].len = 3;
    lits[5].flags = 0;
    lits[6] = vt_lit("he", 0);
    lits[7] = vt_lit("AKIA", VYRE_CASELESS);
    lits[8] = vt_lit("aB", 0);
    set = compile_or_null(lits, 9, NULL);
    if (set) check_tables(set, lits, 9, 0, &r);
    vyre_literal_set_free(set);
    {
        vyre_compile_desc d;
        memset(&d, 0, sizeof d);
        d.flags = VYRE_CASELESS;
        set = compile_or_null(lits, 9, &d);
        if (set) check_tables(set, lits, 9, VYRE_CASELESS, &r);
        vyre_literal_set_free(set);
    }
}

static void t_tables_random(void) {
    static const char *alphas[] = {"ab", "aAbB", "xyzXYZ\x01", "abc\x80\xff", "QqRr0"};
    vyre_literal lits[300];
    static uint8_t store[300 * 40];
    int it, iters = 30 * vt_scale();
    vt_rng r = vt_rng_make(2);
    for (it = 0; it < iters; it++) {
        const char *alpha = alphas[it % 5];
        size_t n = random_lits(&r, lits, store, it % 3 == 0 ? 300 : 40, it % 2 ? 40 : 6, alpha, 1);
        vyre_literal_set *set;
        if (it % 5 == 4) lits[0].bytes = "\0\0", lits[0].len = 2; /* NUL bytes */
        set = compile_or_null(lits, n, NULL);
        if (!set) return;
        check_tables(set, lits, n, 0, &r);
        vyre_literal_set_free(set);
        if (vt__case_failures) return;
    }
}

/* Sets of >= VYRE_LIT_WIDE_KEYS_MIN patterns: the 4- and 8-byte bucket keys (vyre.h "Bucket keys"). */
static void t_tables_wide_keys(void) {
    static const char *alphas[] = {"abcdefghAB\x01\x80", "aAbB"};
    static vyre_literal lits[3000];
    static uint8_t store[3000 * 40];
    vt_rng r = vt_rng_make(3);
    int it;
    for (it = 0; it < 4; it++) {
        size_t n = random_lits(&r, lits, store, 3000, it % 2 ? 40 : 9, alphas[it % 2], 1), i;
        vyre_literal_set *set;
        for (i = 0; n < VYRE_LIT_WIDE_KEYS_MIN && i < VYRE_LIT_WIDE_KEYS_MIN; i++) n++, lits[n - 1] = lits[i]; /* duplicates */
        set = compile_or_null(lits, n, NULL);
        if (!set) return;
        check_tables(set, lits, n, 0, &r);
        vyre_literal_set_free(set);
        if (vt__case_failures) return;
    }
}

/* -------------------------------------------------------- serialization */
static int same_set(const vyre_literal_set *a, const vyre_literal_set *b) {
    vyre_literal_set_info ia, ib;
    uint32_t i;
    int t;
    if (vyre_literal_set_get_info(a, &ia) != VYRE_OK || vyre_literal_set_get_info(b, &ib) != VYRE_OK) return 0;
    if (memcmp(&ia, &ib, sizeof ia) != 0) return 0;
    for (i = 0; i < ia.pattern_count; i++) {
        const uint8_t *pa, *pb;
        size_t la, lb;
        uint32_t fa, fb;
        if (vyre_literal_set_pattern(a, i, &pa, &la, &fa) != VYRE_OK) return 0;
        if (vyre_literal_set_pattern(b, i, &pb, &lb, &fb) != VYRE_OK) return 0;
        if (la != lb || fa != fb || memcmp(pa, pb, la) != 0) return 0;
    }
    for (t = 0; t < (int)VYRE_LT_COUNT; t++) {
        const void *da, *db;
        size_t sa, sb;
        if (vyre_literal_set_table(a, (vyre_lit_table)t, &da, &sa) != VYRE_OK) return 0;
        if (vyre_literal_set_table(b, (vyre_lit_table)t, &db, &sb) != VYRE_OK) return 0;
        if (sa != sb || memcmp(da, db, sa) != 0) return 0;
    }
    return 1;
}

static void t_serialize(void) {
    static const uint8_t bin[] = {0x00, 'k', 0xff, 0x80};
    vyre_literal lits[6];
    vyre_literal_set *set, *back;
    vyre_error err;
    size_t need = 0, got = 0, i;
    uint8_t *blob, *copy;
    long errors = 0, identical = 0;
    vyre_compile_desc d;
    lits[0] = vt_lit("password", VYRE_CASELESS);
    lits[1] = vt_lit("AKIA", 0);
    lits[2].bytes = bin;
    lits[2].len = sizeof bin;
    lits[2].flags = 0;
    lits[3] = vt_lit("k", 0);
    lits[4] = vt_lit("AKIA", 0);
    lits[5] = vt_lit("ghp_", VYRE_CASELESS);
    memset(&d, 0, sizeof d);
    d.max_dfa_bytes = 1 << 20;
    set = compile_or_null(lits, 6, &d);
    if (!set) return;
    memset(&err, 0, sizeof err);
    CHECK_RC(vyre_literal_set_serialize(set, NULL, 0, &need, &err), VYRE_OK);
    CHECK(need > 0);
    blob = (uint8_t *)malloc(need);
    copy = (uint8_t *)malloc(need);
    if (!blob || !copy) abort();
    CHECK(vyre_literal_set_serialize(set, blob, need - 1, &got, &err) < 0);
    CHECK_RC(vyre_literal_set_serialize(set, blob, need, &got, &err), VYRE_OK);
    CHECK_EQ_U64(got, need);
    /* deterministic */
    {
        uint8_t *b2 = (uint8_t *)malloc(need);
        size_t g2 = 0;
        if (!b2) abort();
        CHECK_RC(vyre_literal_set_serialize(set, b2, need, &g2, &err), VYRE_OK);
        CHECK(g2 == need && memcmp(b2, blob, need) == 0);
        free(b2);
    }
    back = NULL;
    CHECK_RC(vyre_literal_set_deserialize(blob, need, NULL, &back, &err), VYRE_OK);
    if (back) CHECK(same_set(set, back));
    vyre_literal_set_free(back);

    /* a set compiled with desc.flags = CASELESS keeps its caseless patterns through a round trip */
    {
        vyre_compile_desc dc;
        vyre_literal_set *cs, *cb = NULL;
        size_t n2 = 0;
        uint8_t *b2;
        memset(&dc, 0, sizeof dc);
        dc.flags = VYRE_CASELESS;
        cs = compile_or_null(lits, 6, &dc);
        if (cs && CHECK_RC(vyre_literal_set_serialize(cs, NULL, 0, &n2, &err), VYRE_OK)) {
            b2 = (uint8_t *)malloc(n2);
            if (!b2) abort();
            CHECK_RC(vyre_literal_set_serialize(cs, b2, n2, &n2, &err), VYRE_OK);
            if (CHECK_RC(vyre_literal_set_deserialize(b2, n2, NULL, &cb, &err), VYRE_OK)) {
                const void *fa = NULL, *fb = NULL;
                size_t sa = 0, sb = 0;
                vyre_literal_set_table(cs, VYRE_LT_PATTERN_FLAGS, &fa, &sa);
                vyre_literal_set_table(cb, VYRE_LT_PATTERN_FLAGS, &fb, &sb);
                CHECKF(sa == sb && memcmp(fa, fb, sa) == 0, "desc.flags CASELESS lost in a serialize round trip");
            }
            vyre_literal_set_free(cb);
            free(b2);
        }
        vyre_literal_set_free(cs);
    }
    /* every truncation length is an error */
    for (i = 0; i < need; i++) {
        vyre_result rc;
        back = (vyre_literal_set *)blob;
        memcpy(copy, blob, i); /* exact-size view: ASan sees any over-read past i via the heap copy below */
        {
            uint8_t *exact = (uint8_t *)malloc(i ? i : 1);
            if (!exact) abort();
            memcpy(exact, blob, i);
            rc = vyre_literal_set_deserialize(exact, i, NULL, &back, &err);
            free(exact);
        }
        if (!CHECKF(rc < 0, "truncated to %zu of %zu bytes: %s", i, need, vyre_result_str(rc))) {
            if (rc == VYRE_OK) vyre_literal_set_free(back);
            break;
        }
        if (!CHECKF(back == NULL, "truncated to %zu: *out not NULL after error", i)) break;
        CHECKF(rc == VYRE_ERR_SERIAL_TRUNCATED || rc == VYRE_ERR_SERIAL_CORRUPT || rc == VYRE_ERR_SERIAL_VERSION,
               "truncation to %zu gave %s", i, vyre_result_str(rc));
    }
    /* every single-byte flip (several masks) is an error or an identical set */
    {
        static const uint8_t masks[] = {0x01, 0x80, 0xff, 0x10};
        size_t mi;
        for (mi = 0; mi < sizeof masks; mi++)
            for (i = 0; i < need; i++) {
                vyre_result rc;
                uint8_t *exact = (uint8_t *)malloc(need);
                if (!exact) abort();
                memcpy(exact, blob, need);
                exact[i] ^= masks[mi];
                back = NULL;
                rc = vyre_literal_set_deserialize(exact, need, NULL, &back, &err);
                free(exact);
                if (rc == VYRE_OK) {
                    identical++;
                    CHECKF(back && same_set(set, back), "flip %#x at byte %zu loaded a different set", masks[mi], i);
                    vyre_literal_set_free(back);
                } else {
                    errors++;
                    CHECKF(back == NULL, "flip at %zu: *out not NULL after error", i);
                    CHECKF(rc == VYRE_ERR_SERIAL_TRUNCATED || rc == VYRE_ERR_SERIAL_CORRUPT ||
                               rc == VYRE_ERR_SERIAL_VERSION || rc == VYRE_ERR_OUT_OF_MEMORY ||
                               rc == VYRE_ERR_DFA_TOO_LARGE || rc == VYRE_ERR_TOO_MANY_PATTERNS,
                           "flip %#x at byte %zu gave %s", masks[mi], i, vyre_result_str(rc));
                }
            }
        CHECK(errors > 0);
    }
    /* random garbage and NULL */
    {
        vt_rng r = vt_rng_make(3);
        int it;
        for (it = 0; it < 2000; it++) {
            size_t n = (size_t)vt_below(&r, 256);
            uint8_t *g = (uint8_t *)malloc(n ? n : 1);
            if (!g) abort();
            for (i = 0; i < n; i++) g[i] = (uint8_t)vt_next(&r);
            if (n >= 8 && it % 2) memcpy(g, blob, 8); /* keep the magic */
            back = NULL;
            if (!CHECKF(vyre_literal_set_deserialize(g, n, NULL, &back, &err) < 0, "garbage of %zu bytes loaded", n))
                vyre_literal_set_free(back);
            free(g);
        }
        back = (vyre_literal_set *)blob;
        CHECK(vyre_literal_set_deserialize(NULL, 10, NULL, &back, &err) < 0);
    }
    free(blob);
    free(copy);
    vyre_literal_set_free(set);
}

/* ------------------------------------------------------ backend contract */
static void t_cpu_identity(void) {
    vyre_cpu_desc d;
    vyre_backend *be = NULL;
    vyre_device_profile prof;
    vyre_error err;
    memset(&d, 0, sizeof d);
    d.threads = 3;
    CHECK_RC(vyre_cpu_backend_create(&d, &be, &err), VYRE_OK);
    if (!be) return;
    CHECK(strcmp(vyre_backend_id(be), "cpu") == 0);
    CHECK(vyre_backend_version(be) != NULL && vyre_backend_version(be)[0] != 0);
    CHECK(vyre_backend_vtable_of(be) != NULL);
    CHECK_RC(vyre_backend_profile(be, &prof, &err), VYRE_OK);
    CHECK(strcmp(prof.backend, "cpu") == 0);
    CHECK((prof.caps & VYRE_CAP_RESIDENT) && (prof.caps & VYRE_CAP_HOST_MEMORY) && (prof.caps & VYRE_CAP_FILL));
    CHECK(!(prof.caps & VYRE_CAP_DEVICE_TIMER));
    CHECK_EQ_U64(prof.compute_units, 3);
    CHECK(prof.memory_bytes > 0);
    CHECK_RC(vyre_backend_prepare(be, &err), VYRE_OK);
    CHECK_RC(vyre_backend_flush(be, &err), VYRE_OK);
    CHECK(vyre_backend_device_lost(be) == 0);
    {   /* the CPU backend compiles no kernels: a kernel-build report is UNSUPPORTED, loud, zeroed */
        vyre_kernel_info ki;
        memset(&ki, 0xAB, sizeof ki);
        CHECK_RC(vyre_backend_kernel_info(be, &ki, &err), VYRE_ERR_UNSUPPORTED);
        CHECK_ERR(err, VYRE_ERR_UNSUPPORTED);
        CHECK_STR_CONTAINS(err.message, "'cpu'");
        CHECK(ki.families == 0 && ki.cache_path[0] == 0 && ki.build_ns == 0);
        CHECK_RC(vyre_backend_kernel_info(be, NULL, &err), VYRE_ERR_INVALID_ARGUMENT);
        CHECK_RC(vyre_backend_kernel_info(NULL, &ki, &err), VYRE_ERR_INVALID_ARGUMENT);
    }
    vyre_backend_destroy(be);
    vyre_backend_destroy(NULL);
    /* default threads = online CPUs: at least 1 */
    be = cpu_backend(0, VYRE_CPU_ENGINE_AUTO);
    if (be && CHECK_RC(vyre_backend_profile(be, &prof, &err), VYRE_OK)) CHECK(prof.compute_units >= 1);
    vyre_backend_destroy(be);
    /* bad engine */
    memset(&d, 0, sizeof d);
    d.engine = (vyre_cpu_engine)7;
    be = NULL;
    CHECK_RC(vyre_cpu_backend_create(&d, &be, &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK(be == NULL);
    CHECK_RC(vyre_cpu_backend_create(NULL, NULL, &err), VYRE_ERR_INVALID_ARGUMENT);
}

static void t_buffers(void) {
    vyre_backend *be = cpu_backend(1, VYRE_CPU_ENGINE_AUTO);
    vyre_buffer a = 0, b = 0;
    vyre_error err;
    uint8_t src[256], dst[256];
    size_t i;
    if (!be) return;
    for (i = 0; i < sizeof src; i++) src[i] = (uint8_t)(i * 7 + 1);
    CHECK_RC(vyre_buffer_alloc(be, 100, &a, &err), VYRE_OK);
    CHECK_RC(vyre_buffer_alloc(be, 256, &b, &err), VYRE_OK);
    CHECK(a != 0 && b != 0 && a != b);
    CHECK_RC(vyre_buffer_upload(be, a, 0, src, 100, &err), VYRE_OK);
    CHECK_RC(vyre_buffer_upload(be, a, 10, src + 200, 20, &err), VYRE_OK); /* ranged */
    memset(dst, 0xEE, sizeof dst);
    CHECK_RC(vyre_buffer_download(be, a, 0, dst, 100, &err), VYRE_OK);
    CHECK(memcmp(dst, src, 10) == 0 && memcmp(dst + 10, src + 200, 20) == 0 && memcmp(dst + 30, src + 30, 70) == 0);
    memset(dst, 0xEE, sizeof dst);
    CHECK_RC(vyre_buffer_download(be, a, 95, dst, 5, &err), VYRE_OK); /* ranged, to the end */
    CHECK(memcmp(dst, src + 95, 5) == 0 && dst[5] == 0xEE);
    CHECK_RC(vyre_buffer_upload(be, a, 100, src, 0, &err), VYRE_OK); /* empty range at the end */

    /* out of range */
    CHECK_RC(vyre_buffer_upload(be, a, 0, src, 101, &err), VYRE_ERR_OUT_OF_RANGE);
    CHECK_ERR(err, VYRE_ERR_OUT_OF_RANGE);
    CHECK_STR_CONTAINS(err.message, "101");
    CHECK_RC(vyre_buffer_upload(be, a, 99, src, 2, &err), VYRE_ERR_OUT_OF_RANGE);
    CHECK_RC(vyre_buffer_upload(be, a, 101, src, 0, &err), VYRE_ERR_OUT_OF_RANGE);
    CHECK_RC(vyre_buffer_upload(be, a, SIZE_MAX, src, 2, &err), VYRE_ERR_OUT_OF_RANGE); /* wraps */
    CHECK_RC(vyre_buffer_download(be, a, 1, dst, 100, &err), VYRE_ERR_OUT_OF_RANGE);
    CHECK_RC(vyre_buffer_download(be, a, 2, dst, SIZE_MAX, &err), VYRE_ERR_OUT_OF_RANGE);
    CHECK_RC(vyre_buffer_fill(be, a, 50, 51, 0, &err), VYRE_ERR_OUT_OF_RANGE);
    /* the failed calls changed nothing */
    CHECK_RC(vyre_buffer_download(be, a, 0, dst, 100, &err), VYRE_OK);
    CHECK(memcmp(dst, src, 10) == 0 && memcmp(dst + 30, src + 30, 70) == 0);

    /* fill */
    CHECK_RC(vyre_buffer_fill(be, a, 20, 30, 0xAB, &err), VYRE_OK);
    CHECK_RC(vyre_buffer_download(be, a, 0, dst, 100, &err), VYRE_OK);
    for (i = 0; i < 100; i++) {
        uint8_t want = i < 10 ? src[i] : i < 30 ? src[200 + i - 10] : src[i];
        if (i >= 20 && i < 50) want = 0xAB;
        if (!CHECKF(dst[i] == want, "byte %zu after fill: %#x want %#x", i, dst[i], want)) break;
    }

    /* many */
    {
        vyre_op ops[2];
        memset(ops, 0, sizeof ops);
        ops[0].kind = VYRE_OP_UPLOAD; ops[0].buffer = a; ops[0].offset = 0; ops[0].len = 4; ops[0].src = "WXYZ";
        ops[1].kind = VYRE_OP_UPLOAD; ops[1].buffer = b; ops[1].offset = 250; ops[1].len = 6; ops[1].src = "abcdef";
        CHECK_RC(vyre_buffer_upload_many(be, ops, 2, &err), VYRE_OK);
        memset(dst, 0, sizeof dst);
        ops[0].kind = VYRE_OP_DOWNLOAD; ops[0].src = NULL; ops[0].dst = dst;
        ops[1].kind = VYRE_OP_DOWNLOAD; ops[1].src = NULL; ops[1].dst = dst + 10;
        CHECK_RC(vyre_buffer_download_many(be, ops, 2, &err), VYRE_OK);
        CHECK(memcmp(dst, "WXYZ", 4) == 0 && memcmp(dst + 10, "abcdef", 6) == 0);
        ops[1].len = 7; /* 250 + 7 > 256 */
        CHECK_RC(vyre_buffer_download_many(be, ops, 2, &err), VYRE_ERR_OUT_OF_RANGE);
        ops[1].kind = VYRE_OP_FILL; /* wrong kind in a download batch */
        ops[1].len = 6;
        CHECK(vyre_buffer_download_many(be, ops, 2, &err) < 0);
    }

    /* bad handles: 0, made up, freed */
    CHECK_RC(vyre_buffer_upload(be, 0, 0, src, 1, &err), VYRE_ERR_BAD_HANDLE);
    CHECK_ERR(err, VYRE_ERR_BAD_HANDLE);
    CHECK_RC(vyre_buffer_download(be, (vyre_buffer)0xDEADBEEFull, 0, dst, 1, &err), VYRE_ERR_BAD_HANDLE);
    CHECK_RC(vyre_buffer_fill(be, a + b + 1000, 0, 1, 0, &err), VYRE_ERR_BAD_HANDLE);
    CHECK_RC(vyre_buffer_free(be, a, &err), VYRE_OK);
    CHECK_RC(vyre_buffer_free(be, a, &err), VYRE_ERR_BAD_HANDLE);
    CHECK_RC(vyre_buffer_upload(be, a, 0, src, 1, &err), VYRE_ERR_BAD_HANDLE);
    CHECK_RC(vyre_buffer_download(be, a, 0, dst, 1, &err), VYRE_ERR_BAD_HANDLE);
    CHECK_RC(vyre_buffer_free(be, 0, &err), VYRE_ERR_BAD_HANDLE);
    /* a handle from another backend */
    {
        vyre_backend *be2 = cpu_backend(1, VYRE_CPU_ENGINE_AUTO);
        vyre_buffer c = 0;
        if (be2 && CHECK_RC(vyre_buffer_alloc(be2, 8, &c, &err), VYRE_OK)) {
            if (c != b) CHECK_RC(vyre_buffer_download(be, c, 0, dst, 1, &err), VYRE_ERR_BAD_HANDLE);
            CHECK_RC(vyre_buffer_free(be2, c, &err), VYRE_OK);
        }
        vyre_backend_destroy(be2);
    }
    /* b stays live: destroy releases it (ASan/LSan would report a leak) */
    vyre_backend_destroy(be);
}

static void t_telemetry(void) {
    vyre_backend *be = cpu_backend(1, VYRE_CPU_ENGINE_AUTO);
    vyre_buffer a = 0, b = 0;
    vyre_telemetry t;
    vyre_error err;
    uint8_t buf[64];
    vyre_op ops[2];
    if (!be) return;
    memset(buf, 1, sizeof buf);
    CHECK_RC(vyre_backend_telemetry(be, &t, &err), VYRE_OK);
    CHECK_EQ_U64(t.live_resident_bytes, 0);
    CHECK_EQ_U64(t.live_resident_buffers, 0);
    CHECK_RC(vyre_buffer_alloc(be, 100, &a, &err), VYRE_OK);
    CHECK_RC(vyre_buffer_alloc(be, 28, &b, &err), VYRE_OK);
    CHECK_RC(vyre_backend_telemetry_reset(be, &err), VYRE_OK);
    CHECK_RC(vyre_backend_telemetry(be, &t, &err), VYRE_OK);
    CHECK_EQ_U64(t.h2d_bytes, 0);
    CHECK_EQ_U64(t.d2h_bytes, 0);
    CHECK_EQ_U64(t.launches, 0);
    CHECK_EQ_U64(t.fills, 0);
    CHECK_EQ_U64(t.live_resident_bytes, 128); /* not reset */
    CHECK_EQ_U64(t.live_resident_buffers, 2);
    CHECK_RC(vyre_buffer_upload(be, a, 5, buf, 60, &err), VYRE_OK);
    CHECK_RC(vyre_buffer_download(be, a, 0, buf, 17, &err), VYRE_OK);
    CHECK_RC(vyre_buffer_fill(be, b, 0, 28, 0, &err), VYRE_OK);
    memset(ops, 0, sizeof ops);
    ops[0].kind = VYRE_OP_UPLOAD; ops[0].buffer = a; ops[0].len = 3; ops[0].src = buf;
    ops[1].kind = VYRE_OP_UPLOAD; ops[1].buffer = b; ops[1].len = 4; ops[1].src = buf;
    CHECK_RC(vyre_buffer_upload_many(be, ops, 2, &err), VYRE_OK);
    ops[0].kind = VYRE_OP_DOWNLOAD; ops[0].dst = buf; ops[0].src = NULL;
    ops[1].kind = VYRE_OP_DOWNLOAD; ops[1].dst = buf + 8; ops[1].src = NULL;
    CHECK_RC(vyre_buffer_download_many(be, ops, 2, &err), VYRE_OK);
    /* failed calls move nothing */
    CHECK_RC(vyre_buffer_upload(be, a, 90, buf, 20, &err), VYRE_ERR_OUT_OF_RANGE);
    CHECK_RC(vyre_backend_telemetry(be, &t, &err), VYRE_OK);
    CHECK_EQ_U64(t.h2d_bytes, 60 + 3 + 4);
    CHECK_EQ_U64(t.d2h_bytes, 17 + 3 + 4);
    CHECK_EQ_U64(t.fills, 1);
    CHECK_EQ_U64(t.launches, 0);
    CHECK_RC(vyre_buffer_free(be, a, &err), VYRE_OK);
    CHECK_RC(vyre_backend_telemetry(be, &t, &err), VYRE_OK);
    CHECK_EQ_U64(t.live_resident_bytes, 28);
    CHECK_EQ_U64(t.live_resident_buffers, 1);
    CHECK_RC(vyre_backend_telemetry_reset(be, &err), VYRE_OK);
    CHECK_RC(vyre_backend_telemetry(be, &t, &err), VYRE_OK);
    CHECK_EQ_U64(t.h2d_bytes, 0);
    CHECK_EQ_U64(t.live_resident_bytes, 28);
    CHECK_RC(vyre_buffer_free(be, b, &err), VYRE_OK);
    CHECK_RC(vyre_backend_telemetry(be, &t, &err), VYRE_OK);
    CHECK_EQ_U64(t.live_resident_bytes, 0);
    CHECK_EQ_U64(t.live_resident_buffers, 0);
    vyre_backend_destroy(be);
}

/* --- programs: borrowed and resident dispatch against the naive reference */
typedef struct prog_fixture {
    vyre_literal lits[300];
    uint8_t store[300 * 12];
    size_t n;
    vyre_literal_set *set;
    uint8_t *hay;     /* padded to a multiple of 16 */
    size_t hay_len, hay_pad;
    vt_matches want;  /* naive, sorted */
} prog_fixture;

static int prog_setup(prog_fixture *f, uint64_t seed, size_t hay_len) {
    vt_rng r = vt_rng_make(seed);
    memset(f, 0, sizeof *f);
    f->n = random_lits(&r, f->lits, f->store, 60, 12, "abcAB\0", 1);
    {
        size_t i;
        for (i = 0; i < f->n; i++)
            if (memchr(f->lits[i].bytes, 0, f->lits[i].len)) ((uint8_t *)f->store)[0] = 'a';
    }
    f->set = compile_or_null(f->lits, f->n, NULL);
    if (!f->set) return 0;
    f->hay_len = hay_len;
    f->hay_pad = (hay_len + 15) / 16 * 16;
    if (f->hay_pad == 0) f->hay_pad = 16;
    f->hay = (uint8_t *)calloc(f->hay_pad, 1);
    if (!f->hay) abort();
    random_hay(&r, f->hay, hay_len, "abcABx");
    vt_naive(f->lits, f->n, 0, f->hay, hay_len, &f->want);
    return 1;
}
static void prog_teardown(prog_fixture *f) {
    vyre_literal_set_free(f->set);
    free(f->hay);
    vt_matches_free(&f->want);
}
static void table_args(const vyre_literal_set *set, vyre_host_arg *args) {
    int t;
    for (t = 0; t < (int)VYRE_LT_COUNT; t++) {
        const void *p = NULL;
        size_t n = 0;
        vyre_literal_set_table(set, (vyre_lit_table)t, &p, &n);
        args[VYRE_LIT_BINDING_TABLE0 + t].data = p;
        args[VYRE_LIT_BINDING_TABLE0 + t].out = NULL;
        args[VYRE_LIT_BINDING_TABLE0 + t].len = n;
    }
}

static void t_program_count_borrowed(void) {
    prog_fixture f;
    vyre_backend *be = cpu_backend(2, VYRE_CPU_ENGINE_AUTO);
    vyre_host_arg args[VYRE_LIT_COUNT_BINDINGS];
    uint64_t counter, scalars[2], ctx;
    vyre_error err;
    vyre_timing tm;
    if (!be) return;
    if (!prog_setup(&f, 10, 5000)) { vyre_backend_destroy(be); return; }
    CHECK_EQ_U64(VYRE_LIT_COUNT_BINDINGS, VYRE_LIT_BINDING_OUT0 + 1);
    CHECK_EQ_U64(VYRE_LIT_BINDING_OUT0, VYRE_LIT_BINDING_TABLE0 + VYRE_LT_COUNT);
    memset(args, 0, sizeof args);
    args[VYRE_LIT_BINDING_HAYSTACK].data = f.hay;
    args[0].len = f.hay_pad;
    table_args(f.set, args);
    for (ctx = 0; ctx < 40; ctx += 13) {
        size_t i, want = 0;
        for (i = 0; i < f.want.n; i++)
            if (f.want.m[i].end > ctx) want++;
        counter = 0;
        args[VYRE_LIT_BINDING_OUT0].out = &counter;
        args[VYRE_LIT_BINDING_OUT0].len = 8;
        scalars[0] = f.hay_len;
        scalars[1] = ctx;
        CHECK_RC(vyre_backend_dispatch(be, VYRE_PROGRAM_LIT_COUNT, args, VYRE_LIT_COUNT_BINDINGS, scalars, 2, &tm, &err),
                 VYRE_OK);
        CHECK_EQ_U64(counter, want);
        CHECK_EQ_U64(tm.device_ns, VYRE_TIME_UNKNOWN);
        CHECK(tm.wall_ns > 0 && tm.wall_ns != VYRE_TIME_UNKNOWN);
    }
    /* bad program name, wrong binding count, wrong scalar count */
    CHECK_RC(vyre_backend_dispatch(be, "vyre_no_such_program", args, VYRE_LIT_COUNT_BINDINGS, scalars, 2, NULL, &err),
             VYRE_ERR_BAD_PROGRAM);
    CHECK_ERR(err, VYRE_ERR_BAD_PROGRAM);
    CHECK_STR_CONTAINS(err.message, "vyre_no_such_program");
    CHECK_RC(vyre_backend_dispatch(be, VYRE_PROGRAM_LIT_COUNT, args, VYRE_LIT_COUNT_BINDINGS - 1, scalars, 2, NULL, &err),
             VYRE_ERR_BAD_PROGRAM);
    CHECK_RC(vyre_backend_dispatch(be, VYRE_PROGRAM_LIT_COUNT, args, VYRE_LIT_COUNT_BINDINGS, scalars, 1, NULL, &err),
             VYRE_ERR_BAD_PROGRAM);
    prog_teardown(&f);
    vyre_backend_destroy(be);
}

static void t_program_matches_borrowed(void) {
    prog_fixture f;
    vyre_backend *be = cpu_backend(3, VYRE_CPU_ENGINE_AUTO);
    vyre_host_arg args[VYRE_LIT_MATCHES_BINDINGS];
    uint32_t counter[2];
    uint64_t scalars[3];
    vyre_raw_match *raw;
    size_t cap, i;
    vyre_error err;
    if (!be) return;
    if (!prog_setup(&f, 11, 3000)) { vyre_backend_destroy(be); return; }
    cap = f.want.n + 5;
    raw = (vyre_raw_match *)calloc(cap, sizeof *raw);
    if (!raw) abort();
    memset(args, 0, sizeof args);
    args[VYRE_LIT_BINDING_HAYSTACK].data = f.hay;
    args[0].len = f.hay_pad;
    table_args(f.set, args);
    counter[0] = counter[1] = 0;
    args[VYRE_LIT_BINDING_OUT0].out = counter;
    args[VYRE_LIT_BINDING_OUT0].len = 8;
    args[VYRE_LIT_BINDING_OUT1].out = raw;
    args[VYRE_LIT_BINDING_OUT1].len = cap * sizeof *raw;
    scalars[0] = f.hay_len;
    scalars[1] = 0;
    scalars[2] = cap;
    CHECK_RC(vyre_backend_dispatch(be, VYRE_PROGRAM_LIT_MATCHES, args, VYRE_LIT_MATCHES_BINDINGS, scalars, 3, NULL, &err),
             VYRE_OK);
    CHECK_EQ_U64(counter[0], f.want.n);
    CHECK_EQ_U64(counter[1], 0);
    if (counter[0] == f.want.n) {
        vt_matches got;
        memset(&got, 0, sizeof got);
        for (i = 0; i < f.want.n; i++) {
            uint32_t pl = (uint32_t)f.lits[raw[i].pattern_id < f.n ? raw[i].pattern_id : 0].len;
            vt_matches_push(&got, raw[i].end - pl, raw[i].end, raw[i].pattern_id, 0);
        }
        vt_matches_sort(&got);
        CHECK_MATCHES(got.m, got.n, f.want.m, f.want.n, "vyre_lit_matches");
        vt_matches_free(&got);
    }
    /* small capacity: counter is the total; only cap slots are written */
    if (f.want.n > 4) {
        memset(raw, 0xCD, cap * sizeof *raw);
        counter[0] = counter[1] = 0;
        args[VYRE_LIT_BINDING_OUT1].len = 3 * sizeof *raw;
        scalars[2] = 3;
        vyre_backend_dispatch(be, VYRE_PROGRAM_LIT_MATCHES, args, VYRE_LIT_MATCHES_BINDINGS, scalars, 3, NULL, &err);
        CHECK_EQ_U64(counter[0], f.want.n);
        CHECK(raw[3].pattern_id == 0xCDCDCDCDu && raw[3].end == 0xCDCDCDCDu);
        for (i = 0; i < 3; i++) CHECK(raw[i].pattern_id < f.n && raw[i].end <= f.hay_len);
    }
    free(raw);
    prog_teardown(&f);
    vyre_backend_destroy(be);
}

/* naive presence rows for regions given in data coordinates */
static void naive_presence(const vt_matches *all, const uint64_t *starts, uint32_t rc, uint64_t end, uint32_t wpr,
                           uint32_t *rows) {
    size_t i;
    uint32_t r;
    memset(rows, 0, (size_t)rc * wpr * 4);
    for (i = 0; i < all->n; i++)
        for (r = 0; r < rc; r++) {
            uint64_t lo = starts[r], hi = r + 1 < rc ? starts[r + 1] : end;
            if (all->m[i].start >= lo && all->m[i].end <= hi)
                rows[(size_t)r * wpr + all->m[i].pattern_id / 32] |= 1u << (all->m[i].pattern_id % 32);
        }
}

static void t_program_presence_resident(void) {
    prog_fixture f;
    vyre_backend *be = cpu_backend(2, VYRE_CPU_ENGINE_AUTO);
    vyre_buffer bufs[VYRE_LIT_PRESENCE_BINDINGS];
    uint32_t starts32[8], rows[8 * 3], want[8 * 3], wpr;
    uint64_t starts[6] = {0, 100, 100, 777, 1500, 2999};
    uint64_t scalars[4];
    vyre_dispatch d;
    vyre_error err;
    vyre_telemetry tel;
    int t, i;
    if (!be) return;
    if (!prog_setup(&f, 12, 3000)) { vyre_backend_destroy(be); return; }
    wpr = vyre_presence_words(f.set);
    memset(bufs, 0, sizeof bufs);
    CHECK_RC(vyre_buffer_alloc(be, f.hay_pad, &bufs[0], &err), VYRE_OK);
    CHECK_RC(vyre_buffer_upload(be, bufs[0], 0, f.hay, f.hay_pad, &err), VYRE_OK);
    for (t = 0; t < (int)VYRE_LT_COUNT; t++) {
        const void *p = NULL;
        size_t n = 0;
        vyre_literal_set_table(f.set, (vyre_lit_table)t, &p, &n);
        CHECK_RC(vyre_buffer_alloc(be, n, &bufs[1 + t], &err), VYRE_OK);
        CHECK_RC(vyre_buffer_upload(be, bufs[1 + t], 0, p, n, &err), VYRE_OK);
    }
    for (i = 0; i < 8; i++) starts32[i] = i < 6 ? (uint32_t)starts[i] : 0xFFFFFFFFu;
    CHECK_RC(vyre_buffer_alloc(be, sizeof starts32, &bufs[VYRE_LIT_BINDING_OUT0], &err), VYRE_OK);
    CHECK_RC(vyre_buffer_upload(be, bufs[VYRE_LIT_BINDING_OUT0], 0, starts32, sizeof starts32, &err), VYRE_OK);
    CHECK_RC(vyre_buffer_alloc(be, 8 * wpr * 4, &bufs[VYRE_LIT_BINDING_OUT1], &err), VYRE_OK);
    CHECK_RC(vyre_buffer_fill(be, bufs[VYRE_LIT_BINDING_OUT1], 0, 8 * wpr * 4, 0, &err), VYRE_OK);
    CHECK_RC(vyre_backend_telemetry_reset(be, &err), VYRE_OK);
    scalars[0] = f.hay_len;
    scalars[1] = 6;
    scalars[2] = 0;
    scalars[3] = f.hay_len;
    vyre_kit_dispatch(&d, VYRE_PROGRAM_LIT_PRESENCE, bufs, VYRE_LIT_PRESENCE_BINDINGS, scalars, 4);
    CHECK_RC(vyre_dispatch_resident(be, &d, NULL, &err), VYRE_OK);
    CHECK_RC(vyre_backend_telemetry(be, &tel, &err), VYRE_OK);
    CHECK_EQ_U64(tel.launches, 1);
    CHECK_EQ_U64(tel.h2d_bytes, 0);
    CHECK_RC(vyre_buffer_download(be, bufs[VYRE_LIT_BINDING_OUT1], 0, rows, 6 * wpr * 4, &err), VYRE_OK);
    naive_presence(&f.want, starts, 6, f.hay_len, wpr, want);
    CHECK(memcmp(rows, want, 6 * wpr * 4) == 0);
    /* region_base: positions shift by the base before the lookup */
    CHECK_RC(vyre_buffer_fill(be, bufs[VYRE_LIT_BINDING_OUT1], 0, 8 * wpr * 4, 0, &err), VYRE_OK);
    {
        uint64_t s2[6];
        for (i = 0; i < 6; i++) s2[i] = starts[i] + 50;
        s2[0] = 0;
        for (i = 0; i < 6; i++) starts32[i] = (uint32_t)s2[i];
        CHECK_RC(vyre_buffer_upload(be, bufs[VYRE_LIT_BINDING_OUT0], 0, starts32, sizeof starts32, &err), VYRE_OK);
        scalars[2] = 50;
        scalars[3] = f.hay_len + 50;
        CHECK_RC(vyre_dispatch_resident(be, &d, NULL, &err), VYRE_OK);
        CHECK_RC(vyre_buffer_download(be, bufs[VYRE_LIT_BINDING_OUT1], 0, rows, 6 * wpr * 4, &err), VYRE_OK);
        {
            vt_matches shifted;
            size_t k;
            memset(&shifted, 0, sizeof shifted);
            for (k = 0; k < f.want.n; k++)
                vt_matches_push(&shifted, f.want.m[k].start + 50, f.want.m[k].end + 50, f.want.m[k].pattern_id, 0);
            naive_presence(&shifted, s2, 6, f.hay_len + 50, wpr, want);
            vt_matches_free(&shifted);
        }
        CHECK(memcmp(rows, want, 6 * wpr * 4) == 0);
    }
    /* bad binding handle in a dispatch */
    {
        vyre_buffer saved = bufs[3];
        bufs[3] = 0xABCDEF12345ull;
        CHECK_RC(vyre_dispatch_resident(be, &d, NULL, &err), VYRE_ERR_BAD_HANDLE);
        bufs[3] = saved;
    }
    /* a sequence: fill, dispatch, download with one call */
    {
        vyre_op ops[3];
        uint32_t rows2[8 * 3];
        vyre_timing tm;
        memset(ops, 0, sizeof ops);
        memset(rows2, 0xAA, sizeof rows2);
        ops[0].kind = VYRE_OP_FILL; ops[0].buffer = bufs[VYRE_LIT_BINDING_OUT1]; ops[0].len = 8 * wpr * 4; ops[0].value = 0;
        ops[1].kind = VYRE_OP_DISPATCH; ops[1].dispatch = &d;
        ops[2].kind = VYRE_OP_DOWNLOAD; ops[2].buffer = bufs[VYRE_LIT_BINDING_OUT1]; ops[2].len = 6 * wpr * 4; ops[2].dst = rows2;
        CHECK_RC(vyre_backend_telemetry_reset(be, &err), VYRE_OK);
        CHECK_RC(vyre_sequence(be, ops, 3, &tm, &err), VYRE_OK);
        CHECK(memcmp(rows2, want, 6 * wpr * 4) == 0);
        CHECK_EQ_U64(tm.device_ns, VYRE_TIME_UNKNOWN);
        CHECK_RC(vyre_backend_telemetry(be, &tel, &err), VYRE_OK);
        CHECK_EQ_U64(tel.launches, 1);
        CHECK_EQ_U64(tel.fills, 1);
        CHECK_EQ_U64(tel.d2h_bytes, 6 * wpr * 4);
        CHECK_EQ_U64(tel.h2d_bytes, 0);
        ops[2].len = 100 * 4 * wpr; /* out of range download */
        CHECK_RC(vyre_sequence(be, ops, 3, &tm, &err), VYRE_ERR_OUT_OF_RANGE);
    }
    for (i = 0; i < (int)VYRE_LIT_PRESENCE_BINDINGS; i++) CHECK_RC(vyre_buffer_free(be, bufs[i], &err), VYRE_OK);
    prog_teardown(&f);
    vyre_backend_destroy(be);
}

/* --- a tiny backend with a mostly-NULL vtable: every missing entry is loud */
static int tiny_destroyed;
static const char *tiny_id(void *self) { (void)self; return "tinybe"; }
static const char *tiny_version(void *self) { (void)self; return "0.0.1"; }
static vyre_result tiny_profile(void *self, vyre_device_profile *out, vyre_error *err) {
    (void)self; (void)err;
    memset(out, 0, sizeof *out);
    strcpy(out->backend, "tinybe");
    return VYRE_OK;
}
static void tiny_destroy(void *self) { (void)self; tiny_destroyed++; }

static void t_unsupported(void) {
    vyre_backend_vtable vt;
    vyre_backend *be = NULL;
    vyre_error err;
    vyre_buffer buf = 0;
    uint8_t x[16];
    vyre_op op;
    vyre_dispatch d;
    vyre_telemetry tel;
    char msgs[16][512];
    int nm = 0, i, j;
    memset(&vt, 0, sizeof vt);
    vt.id = tiny_id;
    vt.version = tiny_version;
    vt.profile = tiny_profile;
    vt.destroy = tiny_destroy;
    tiny_destroyed = 0;
    CHECK_RC(vyre_backend_wrap(&vt, x, NULL, &be, &err), VYRE_OK);
    if (!be) return;
    CHECK(strcmp(vyre_backend_id(be), "tinybe") == 0);
    CHECK(vyre_backend_self(be) == (void *)x);
    memset(&op, 0, sizeof op);
    op.kind = VYRE_OP_UPLOAD;
    op.buffer = 1;
    op.len = 1;
    op.src = x;
    memset(&d, 0, sizeof d);
    d.program = VYRE_PROGRAM_LIT_COUNT;
#define UNSUP(call)                                                                   \
    do {                                                                              \
        memset(&err, 0, sizeof err);                                                  \
        CHECK_RC(call, VYRE_ERR_UNSUPPORTED);                                         \
        CHECK_ERR(err, VYRE_ERR_UNSUPPORTED);                                         \
        CHECK_STR_CONTAINS(err.message, "tinybe");                                    \
        if (nm < 16) strcpy(msgs[nm++], err.message);                                 \
    } while (0)
    UNSUP(vyre_backend_dispatch(be, VYRE_PROGRAM_LIT_COUNT, NULL, 0, NULL, 0, NULL, &err));
    UNSUP(vyre_buffer_alloc(be, 16, &buf, &err));
    UNSUP(vyre_buffer_free(be, 1, &err));
    UNSUP(vyre_buffer_upload(be, 1, 0, x, 1, &err));
    UNSUP(vyre_buffer_upload_many(be, &op, 1, &err));
    UNSUP(vyre_buffer_download(be, 1, 0, x, 1, &err));
    op.kind = VYRE_OP_DOWNLOAD;
    op.dst = x;
    UNSUP(vyre_buffer_download_many(be, &op, 1, &err));
    UNSUP(vyre_buffer_fill(be, 1, 0, 1, 0, &err));
    UNSUP(vyre_dispatch_resident(be, &d, NULL, &err));
    UNSUP(vyre_sequence(be, &op, 1, NULL, &err));
    UNSUP(vyre_backend_telemetry(be, &tel, &err));
    UNSUP(vyre_backend_telemetry_reset(be, &err));
    UNSUP(vyre_backend_try_recover(be, &err));
#undef UNSUP
    /* the messages name the feature: no two entries share a message */
    for (i = 0; i < nm; i++)
        for (j = i + 1; j < nm; j++) CHECKF(strcmp(msgs[i], msgs[j]) != 0, "same message for two features: %s", msgs[i]);
    /* NULL lifecycle hooks are successful no-ops (seed 004), not UNSUPPORTED */
    CHECK_RC(vyre_backend_prepare(be, &err), VYRE_OK);
    CHECK_RC(vyre_backend_flush(be, &err), VYRE_OK);
    CHECK_RC(vyre_backend_shutdown(be, &err), VYRE_OK);
    CHECK(vyre_backend_device_lost(be) == 0);
    /* a scanner on a backend without resident buffers or a literal scanner is unsupported */
    {
        vyre_literal l = vt_lit("abc", 0);
        vyre_literal_set *set = compile_or_null(&l, 1, NULL);
        vyre_scanner *sc = (vyre_scanner *)x;
        vyre_presence_session *ps = (vyre_presence_session *)x;
        vyre_match_session *ms = (vyre_match_session *)x;
        if (set) {
            CHECK_RC(vyre_scanner_create(be, set, NULL, &sc, &err), VYRE_ERR_UNSUPPORTED);
            CHECK(sc == NULL);
            CHECK_STR_CONTAINS(err.message, "tinybe");
            CHECK_RC(vyre_presence_session_create(be, set, 1024, 4, &ps, &err), VYRE_ERR_UNSUPPORTED);
            CHECK(ps == NULL);
            CHECK_RC(vyre_match_session_create(be, set, 1024, 64, &ms, &err), VYRE_ERR_UNSUPPORTED);
            CHECK(ms == NULL);
        }
        vyre_literal_set_free(set);
    }
    vyre_backend_destroy(be);
    CHECK_EQ_U64(tiny_destroyed, 1);

    /* wrap: a vtable without a required entry is refused, and self is destroyed */
    vt.id = NULL;
    tiny_destroyed = 0;
    be = (vyre_backend *)x;
    CHECK_RC(vyre_backend_wrap(&vt, x, NULL, &be, &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK(be == NULL);
    CHECK_EQ_U64(tiny_destroyed, 1);
    vt.id = tiny_id;
    vt.destroy = NULL;
    be = (vyre_backend *)x;
    CHECK_RC(vyre_backend_wrap(&vt, x, NULL, &be, &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK(be == NULL);
    vt.destroy = tiny_destroy;
    {
        vyre_allocator half;
        memset(&half, 0, sizeof half);
        half.alloc = noop_alloc;
        tiny_destroyed = 0;
        CHECK_RC(vyre_backend_wrap(&vt, x, &half, &be, &err), VYRE_ERR_BAD_ALLOCATOR);
        CHECK_EQ_U64(tiny_destroyed, 1);
    }
}

/* ------------------------------------------------------------- scanning */
static void t_scan_classic(void) {
    vyre_literal lits[5];
    vyre_literal_set *set;
    vyre_backend *be;
    vyre_scanner *sc;
    vyre_match m[16];
    size_t n = 0;
    vyre_error err;
    /* ids: he=0 she=1 his=2 hers=3 HE(caseless)=4 */
    static const struct { uint64_t s, e; uint32_t id; } want[] = {
        /* "ushers" : she@1..4, he@2..4, HE@2..4, hers@2..6 */
        {1, 4, 1}, {2, 4, 0}, {2, 4, 4}, {2, 6, 3},
        /* " HIS he": his is case-sensitive (no match on HIS), he@11..13, HE@11..13 */
        {11, 13, 0}, {11, 13, 4},
    };
    size_t i;
    lits[0] = vt_lit("he", 0);
    lits[1] = vt_lit("she", 0);
    lits[2] = vt_lit("his", 0);
    lits[3] = vt_lit("hers", 0);
    lits[4] = vt_lit("HE", VYRE_CASELESS);
    set = compile_or_null(lits, 5, NULL);
    be = cpu_backend(1, VYRE_CPU_ENGINE_AUTO);
    sc = (set && be) ? scanner(be, set) : NULL;
    if (sc) {
        CHECK_RC(vyre_scan(sc, "ushers HIS he", 13, m, 16, &n, &err), VYRE_OK);
        CHECK_EQ_U64(n, 6);
        for (i = 0; i < 6 && i < n; i++)
            CHECKF(m[i].start == want[i].s && m[i].end == want[i].e && m[i].pattern_id == want[i].id && m[i].region == 0,
                   "match %zu: got (%u, %llu..%llu) want (%u, %llu..%llu)", i, m[i].pattern_id,
                   (unsigned long long)m[i].start, (unsigned long long)m[i].end, want[i].id,
                   (unsigned long long)want[i].s, (unsigned long long)want[i].e);
        /* empty input */
        n = 99;
        CHECK_RC(vyre_scan(sc, "", 0, m, 16, &n, &err), VYRE_OK);
        CHECK_EQ_U64(n, 0);
        {
            uint64_t c = 99;
            CHECK_RC(vyre_scan_count(sc, "", 0, &c, &err), VYRE_OK);
            CHECK_EQ_U64(c, 0);
            CHECK_RC(vyre_scan_count(sc, "ushers HIS he", 13, &c, &err), VYRE_OK);
            CHECK_EQ_U64(c, 6);
        }
        {
            vyre_timing tm;
            CHECK_RC(vyre_scanner_last_timing(sc, &tm), VYRE_OK);
            CHECK_EQ_U64(tm.device_ns, VYRE_TIME_UNKNOWN);
        }
        CHECK(vyre_scan(sc, NULL, 5, m, 16, &n, &err) == VYRE_ERR_INVALID_ARGUMENT);
        CHECK(vyre_scan(sc, "abc", 3, m, 16, NULL, &err) == VYRE_ERR_INVALID_ARGUMENT);
    }
    vyre_scanner_destroy(sc);
    vyre_scanner_destroy(NULL);
    vyre_backend_destroy(be);
    vyre_literal_set_free(set);
}

static void t_scan_capacity(void) {
    one_lit o = one_lit_open("aa", 2);
    vyre_scanner *sc = o.sc;
    vyre_match m[40];
    size_t n = 0, i;
    vyre_error err;
    const char *hay = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"; /* 32 a: 31 overlapping matches */
    if (sc) {
        memset(m, 0xAB, sizeof m);
        CHECK_RC(vyre_scan(sc, hay, 32, m, 10, &n, &err), VYRE_ERR_MATCH_CAPACITY);
        CHECK_ERR(err, VYRE_ERR_MATCH_CAPACITY);
        CHECK_EQ_U64(n, 31);
        CHECK_STR_CONTAINS(err.message, "31");
        for (i = 0; i < 10 * sizeof(vyre_match); i++)
            if (!CHECKF(((uint8_t *)m)[i] == 0, "out[0,cap) not cleared at byte %zu", i)) break;
        CHECK(((uint8_t *)m)[10 * sizeof(vyre_match)] == 0xAB); /* nothing past cap */
        CHECK_RC(vyre_scan(sc, hay, 32, m, 31, &n, &err), VYRE_OK);
        CHECK_EQ_U64(n, 31);
        for (i = 0; i < 31 && i < n; i++) CHECK(m[i].start == i && m[i].end == i + 2 && m[i].pattern_id == 0);
        n = 7;
        CHECK_RC(vyre_scan(sc, hay, 32, NULL, 0, &n, &err), VYRE_ERR_MATCH_CAPACITY);
        CHECK_EQ_U64(n, 31);
    }
    one_lit_close(&o);
}

typedef struct stop_ctx { int calls, stop_at; vt_matches seen; } stop_ctx;
static int stop_cb(const vyre_match *m, void *user) {
    stop_ctx *c = (stop_ctx *)user;
    c->calls++;
    vt_matches_push(&c->seen, m->start, m->end, m->pattern_id, m->region);
    return c->calls == c->stop_at ? 7 : 0;
}

static void t_scan_cb(void) {
    vyre_literal lits[3];
    vyre_literal_set *set;
    vyre_backend *be = cpu_backend(3, VYRE_CPU_ENGINE_AUTO);
    vyre_scanner *sc = NULL;
    vyre_error err;
    vt_rng r = vt_rng_make(20);
    uint8_t hay[20000];
    vt_matches want;
    stop_ctx c;
    lits[0] = vt_lit("ab", 0);
    lits[1] = vt_lit("bab", VYRE_CASELESS);
    lits[2] = vt_lit("b", 0);
    set = compile_or_null(lits, 3, NULL);
    memset(&want, 0, sizeof want);
    memset(&c, 0, sizeof c);
    random_hay(&r, hay, sizeof hay, "abAB");
    vt_naive(lits, 3, 0, hay, sizeof hay, &want);
    if (set && be) sc = scanner(be, set);
    if (sc) {
        c.stop_at = 0;
        CHECK_RC(vyre_scan_cb(sc, hay, sizeof hay, stop_cb, &c, &err), VYRE_OK);
        CHECK_MATCHES(c.seen.m, c.seen.n, want.m, want.n, "scan_cb");
        c.seen.n = 0;
        c.calls = 0;
        c.stop_at = 5;
        CHECK_RC(vyre_scan_cb(sc, hay, sizeof hay, stop_cb, &c, &err), VYRE_STOPPED);
        CHECK_EQ_U64(c.calls, 5);
        if (c.seen.n == 5) CHECK_MATCHES(c.seen.m, 5, want.m, 5, "scan_cb stopped prefix");
        c.seen.n = 0;
        c.calls = 0;
        c.stop_at = 1;
        CHECK_RC(vyre_scan_cb(sc, hay, sizeof hay, stop_cb, &c, &err), VYRE_STOPPED);
        CHECK_EQ_U64(c.calls, 1);
        CHECK(vyre_scan_cb(sc, hay, sizeof hay, NULL, &c, &err) == VYRE_ERR_INVALID_ARGUMENT);
    }
    vt_matches_free(&c.seen);
    vt_matches_free(&want);
    vyre_scanner_destroy(sc);
    vyre_backend_destroy(be);
    vyre_literal_set_free(set);
}

/* presence and regions_cb on random regions vs the naive reference */
static void t_presence_regions(void) {
    vyre_literal lits[70];
    static uint8_t store[70 * 6];
    vt_rng r = vt_rng_make(30);
    vyre_backend *be = cpu_backend(3, VYRE_CPU_ENGINE_AUTO);
    int it, iters = 40 * vt_scale();
    if (!be) return;
    for (it = 0; it < iters && !vt__case_failures; it++) {
        size_t n = random_lits(&r, lits, store, 70, 6, "abAB", 1), hl = (size_t)vt_range(&r, 0, 3000), i;
        uint8_t *hay = (uint8_t *)malloc(hl + 1);
        uint32_t rc = (uint32_t)vt_range(&r, 1, 12), wpr, ri;
        uint64_t starts[12];
        uint32_t *rows, *want;
        vt_matches all, regs;
        vyre_literal_set *set = compile_or_null(lits, n, NULL);
        vyre_scanner *sc = set ? scanner(be, set) : NULL;
        vyre_error err;
        if (!hay) abort();
        random_hay(&r, hay, hl, "abAB");
        starts[0] = 0;
        for (ri = 1; ri < rc; ri++) {
            starts[ri] = starts[ri - 1] + (vt_below(&r, 3) == 0 ? 0 : vt_below(&r, hl / rc + 2));
            if (starts[ri] > hl) starts[ri] = hl;
        }
        memset(&all, 0, sizeof all);
        memset(&regs, 0, sizeof regs);
        vt_naive(lits, n, 0, hay, hl, &all);
        if (!sc) { vyre_literal_set_free(set); free(hay); vt_matches_free(&all); break; }
        wpr = vyre_presence_words(set);
        rows = (uint32_t *)malloc((size_t)rc * wpr * 4 + 4);
        want = (uint32_t *)malloc((size_t)rc * wpr * 4 + 4);
        if (!rows || !want) abort();
        memset(rows, 0xFF, (size_t)rc * wpr * 4 + 4);
        naive_presence(&all, starts, rc, hl, wpr, want);
        CHECK_RC(vyre_scan_presence(sc, hay, hl, starts, rc, rows, (size_t)rc * wpr + 1, &err), VYRE_OK);
        CHECKF(memcmp(rows, want, (size_t)rc * wpr * 4) == 0, "presence rows differ (iteration %d, %u regions)", it, rc);
        /* regions_cb: matches wholly inside each region, relative offsets, sorted by region */
        for (ri = 0; ri < rc; ri++) {
            uint64_t lo = starts[ri], hi = ri + 1 < rc ? starts[ri + 1] : hl;
            for (i = 0; i < all.n; i++)
                if (all.m[i].start >= lo && all.m[i].end <= hi)
                    vt_matches_push(&regs, all.m[i].start - lo, all.m[i].end - lo, all.m[i].pattern_id, ri);
        }
        vt_matches_sort(&regs);
        {
            vt_matches got;
            memset(&got, 0, sizeof got);
            CHECK_RC(vyre_scan_regions_cb(sc, hay, hl, starts, rc, vt_collect_cb, &got, &err), VYRE_OK);
            CHECK_MATCHES(got.m, got.n, regs.m, regs.n, "regions_cb");
            vt_matches_free(&got);
        }
        /* errors */
        if (rc >= 1) {
            CHECK_RC(vyre_scan_presence(sc, hay, hl, starts, rc, rows, (size_t)rc * wpr - 1, &err),
                     VYRE_ERR_OUTPUT_TOO_SMALL);
            CHECK_ERR(err, VYRE_ERR_OUTPUT_TOO_SMALL);
        }
        free(rows);
        free(want);
        free(hay);
        vt_matches_free(&all);
        vt_matches_free(&regs);
        vyre_scanner_destroy(sc);
        vyre_literal_set_free(set);
    }
    vyre_backend_destroy(be);
}

static void t_bad_regions(void) {
    one_lit o = one_lit_open("ab", 1);
    vyre_scanner *sc = o.sc;
    uint32_t rows[8];
    vyre_error err;
    const char *hay = "abababababab"; /* 12 bytes */
    static const struct { uint64_t s[4]; uint32_t n; const char *name; } bad[] = {
        {{1, 2, 3, 4}, 4, "first start not 0"},
        {{0, 5, 3, 8}, 4, "descending"},
        {{0, 5, 13, 13}, 4, "past the end"},
        {{0, 2, 4, 100}, 4, "last past the end"},
    };
    size_t i;
    if (sc) {
        for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            vt_matches got;
            memset(rows, 0x5A, sizeof rows);
            memset(&err, 0, sizeof err);
            if (!CHECKF(vyre_scan_presence(sc, hay, 12, bad[i].s, bad[i].n, rows, 8, &err) == VYRE_ERR_BAD_REGIONS,
                        "%s: %s", bad[i].name, vyre_result_str(err.code)))
                continue;
            CHECK_ERR(err, VYRE_ERR_BAD_REGIONS);
            CHECK(rows[0] == 0 || rows[0] == 0x5A5A5A5Au); /* no partial bitmap */
            memset(&got, 0, sizeof got);
            CHECK_RC(vyre_scan_regions_cb(sc, hay, 12, bad[i].s, bad[i].n, vt_collect_cb, &got, &err),
                     VYRE_ERR_BAD_REGIONS);
            CHECK_EQ_U64(got.n, 0);
            vt_matches_free(&got);
        }
        CHECK_RC(vyre_scan_presence(sc, hay, 12, bad[0].s, 0, rows, 8, &err), VYRE_ERR_BAD_REGIONS);
        CHECK_RC(vyre_scan_presence(sc, hay, 12, NULL, 2, rows, 8, &err), VYRE_ERR_INVALID_ARGUMENT);
        {
            /* the message names the bad index */
            uint64_t s[4] = {0, 5, 3, 8};
            vyre_scan_presence(sc, hay, 12, s, 4, rows, 8, &err);
            CHECK_STR_CONTAINS(err.message, "2");
        }
        {
            /* a match crossing a region boundary is in neither region */
            uint64_t s[2] = {0, 1}; /* "a" | "bababababab" */
            CHECK_RC(vyre_scan_presence(sc, hay, 12, s, 2, rows, 8, &err), VYRE_OK);
            CHECK_EQ_U64(rows[0], 0);
            CHECK_EQ_U64(rows[1], 1);
            s[1] = 11; /* last region "b" */
            CHECK_RC(vyre_scan_presence(sc, hay, 12, s, 2, rows, 8, &err), VYRE_OK);
            CHECK_EQ_U64(rows[0], 1);
            CHECK_EQ_U64(rows[1], 0);
            s[1] = 12; /* empty last region */
            CHECK_RC(vyre_scan_presence(sc, hay, 12, s, 2, rows, 8, &err), VYRE_OK);
            CHECK_EQ_U64(rows[0], 1);
            CHECK_EQ_U64(rows[1], 0);
        }
    }
    one_lit_close(&o);
}

/* -------------------------------------------------------------- streams */
typedef struct order_ctx { vt_matches got; int unsorted; } order_ctx;
static int order_cb(const vyre_match *m, void *user) {
    order_ctx *c = (order_ctx *)user;
    if (c->got.n && vt_match_cmp(&c->got.m[c->got.n - 1], m) > 0) c->unsorted++;
    vt_matches_push(&c->got, m->start, m->end, m->pattern_id, m->region);
    return 0;
}

static void t_stream(void) {
    vyre_literal lits[300];
    static uint8_t store[300 * 40];
    vt_rng r = vt_rng_make(40);
    int it, iters = 60 * vt_scale();
    vyre_backend *be = cpu_backend(2, VYRE_CPU_ENGINE_AUTO);
    if (!be) return;
    for (it = 0; it < iters && !vt__case_failures; it++) {
        size_t n = random_lits(&r, lits, store, it % 4 ? 30 : 300, it % 2 ? 40 : 5, "abAB\0", 1);
        size_t hl = (size_t)vt_range(&r, 0, 20000), off = 0, i;
        uint8_t *hay = (uint8_t *)malloc(hl + 1);
        vt_matches want;
        order_ctx c;
        vyre_literal_set *set = compile_or_null(lits, n, NULL);
        vyre_scanner *sc = set ? scanner(be, set) : NULL;
        vyre_stream *st = NULL;
        vyre_error err;
        int mode = it % 3;
        if (!hay) abort();
        random_hay(&r, hay, hl, "abAB\0");
        /* plant long patterns so that some cross chunk boundaries */
        for (i = 0; i + 40 < hl && i < 40; i++) {
            const vyre_literal *L = &lits[vt_below(&r, n)];
            size_t at = (size_t)vt_below(&r, hl - L->len);
            memcpy(hay + at, L->bytes, L->len);
        }
        memset(&want, 0, sizeof want);
        memset(&c, 0, sizeof c);
        vt_naive(lits, n, 0, hay, hl, &want);
        if (sc && CHECK_RC(vyre_stream_open(sc, &st, &err), VYRE_OK)) {
            while (off < hl) {
                size_t len = mode == 0 ? 1 : mode == 1 ? (size_t)vt_range(&r, 0, 50) : (size_t)vt_range(&r, 0, 5000);
                if (len > hl - off) len = hl - off;
                if (!CHECK_RC(vyre_stream_write(st, hay + off, len, order_cb, &c, &err), VYRE_OK)) break;
                off += len;
                if (!CHECK_EQ_U64(vyre_stream_offset(st), off)) break;
            }
            CHECK_RC(vyre_stream_close(st, order_cb, &c, &err), VYRE_OK);
            CHECK_MATCHES(c.got.m, c.got.n, want.m, want.n, mode == 0 ? "stream (1-byte chunks)" : "stream");
            CHECK_EQ_U64(c.unsorted, 0);
        }
        free(hay);
        vt_matches_free(&want);
        vt_matches_free(&c.got);
        vyre_scanner_destroy(sc);
        vyre_literal_set_free(set);
    }
    vyre_backend_destroy(be);
}

static void t_stream_holdback(void) {
    /* "abcd" and "bc": "bc" must be held back until we know "abcd" (which
       starts earlier) does or does not follow. */
    vyre_literal lits[2];
    vyre_literal_set *set;
    vyre_backend *be = cpu_backend(1, VYRE_CPU_ENGINE_AUTO);
    vyre_scanner *sc = NULL;
    vyre_stream *st = NULL;
    order_ctx c;
    vyre_error err;
    lits[0] = vt_lit("abcd", 0);
    lits[1] = vt_lit("bc", 0);
    set = compile_or_null(lits, 2, NULL);
    memset(&c, 0, sizeof c);
    if (set && be) sc = scanner(be, set);
    if (sc && CHECK_RC(vyre_stream_open(sc, &st, &err), VYRE_OK)) {
        CHECK_RC(vyre_stream_write(st, "xab", 3, order_cb, &c, &err), VYRE_OK);
        CHECK_RC(vyre_stream_write(st, "c", 1, order_cb, &c, &err), VYRE_OK);
        CHECK_RC(vyre_stream_write(st, "", 0, order_cb, &c, &err), VYRE_OK);
        CHECK_RC(vyre_stream_write(st, "d bc", 4, order_cb, &c, &err), VYRE_OK);
        CHECK_EQ_U64(vyre_stream_offset(st), 8);
        CHECK_RC(vyre_stream_close(st, order_cb, &c, &err), VYRE_OK);
        /* abcd@1..5, bc@2..4, bc@6..8 */
        if (CHECK_EQ_U64(c.got.n, 3)) {
            CHECK(c.got.m[0].pattern_id == 0 && c.got.m[0].start == 1 && c.got.m[0].end == 5);
            CHECK(c.got.m[1].pattern_id == 1 && c.got.m[1].start == 2 && c.got.m[1].end == 4);
            CHECK(c.got.m[2].pattern_id == 1 && c.got.m[2].start == 6 && c.got.m[2].end == 8);
        }
        CHECK_EQ_U64(c.unsorted, 0);
    }
    vt_matches_free(&c.got);
    vyre_scanner_destroy(sc);
    vyre_backend_destroy(be);
    vyre_literal_set_free(set);
}

/* sort helper */
static void t_sort_matches(void) {
    vyre_match m[5];
    memset(m, 0, sizeof m);
    m[0].region = 1; m[0].start = 0; m[0].end = 1; m[0].pattern_id = 0;
    m[1].region = 0; m[1].start = 5; m[1].end = 9; m[1].pattern_id = 2;
    m[2].region = 0; m[2].start = 5; m[2].end = 7; m[2].pattern_id = 3;
    m[3].region = 0; m[3].start = 5; m[3].end = 7; m[3].pattern_id = 1;
    m[4].region = 0; m[4].start = 2; m[4].end = 9; m[4].pattern_id = 9;
    vyre_sort_matches(m, 5);
    CHECK(m[0].start == 2 && m[1].pattern_id == 1 && m[2].pattern_id == 3 && m[3].pattern_id == 2 && m[4].region == 1);
    vyre_sort_matches(m, 0);
    CHECK(vyre_now_ns() > 0);
    {
        uint64_t a = vyre_now_ns(), b = vyre_now_ns();
        CHECK(b >= a);
    }
}

/* vyre_scanner_desc.max_matches_per_chunk: a tiny initial buffer still yields
   every match (grown on demand, never truncated); an absurd one is refused. */
static void t_scanner_match_buffer(void) {
    static const vyre_literal lits[2] = {{"a", 1, 0}, {"aa", 2, 0}};
    vyre_literal_set *set = NULL;
    vyre_backend *b = NULL;
    vyre_scanner *sc = NULL;
    vyre_scanner_desc d;
    vyre_error e;
    char hay[3000];
    uint64_t n = 0;
    size_t got = 0;
    vyre_match *out = (vyre_match *)malloc(6000 * sizeof *out);
    memset(hay, 'a', sizeof hay);
    if (!CHECK(out) || !CHECK_RC(vyre_literal_set_compile(lits, 2, NULL, &set, &e), VYRE_OK) ||
        !CHECK_RC(vyre_cpu_backend_create(NULL, &b, &e), VYRE_OK)) {
        free(out); vyre_literal_set_free(set); return;
    }
    memset(&d, 0, sizeof d);
    d.max_matches_per_chunk = 1;
    if (CHECK_RC(vyre_scanner_create(b, set, &d, &sc, &e), VYRE_OK)) {
        CHECK_RC(vyre_scan(sc, hay, sizeof hay, out, 6000, &got, &e), VYRE_OK);
        CHECK_EQ_U64(got, 3000 + 2999);   /* every 'a' and every overlapping "aa" */
        CHECK_RC(vyre_scan_count(sc, hay, sizeof hay, &n, &e), VYRE_OK);
        CHECK_EQ_U64(n, 3000 + 2999);
        vyre_scanner_destroy(sc);
    }
    if ((uint64_t)(size_t)-1 > 0xFFFFFFFFull) {
        sc = (vyre_scanner *)&d;
        d.max_matches_per_chunk = (size_t)0x100000000ull;
        CHECK_RC(vyre_scanner_create(b, set, &d, &sc, &e), VYRE_ERR_INVALID_ARGUMENT);
        CHECK(sc == NULL);
        CHECK_STR_CONTAINS(e.message, "max_matches_per_chunk");
    }
    vyre_backend_destroy(b);
    vyre_literal_set_free(set);
    free(out);
}

/* >>backend-kit: the kernel disk cache every GPU backend uses (one layout,
   one hash, directories 0700, any bad entry a miss). */
/* the kit's worker pool: every index runs exactly once (run: caller helps;
   begin/wait: workers only, caller free), 0 workers runs on the caller */
typedef struct kit_pool_job { unsigned hits[257]; } kit_pool_job;
static void kit_pool_task(void *arg, uint32_t i) { ((kit_pool_job *)arg)->hits[i]++; }
static void t_kit_worker_pool(void) {
    vyre_worker_pool *p = NULL;
    vyre_error err;
    kit_pool_job j;
    uint32_t w, i, n, round;
    for (w = 0; w <= 4; w += 2) {
        CHECK_RC(vyre_worker_pool_create(NULL, w, "test pool", &p, &err), VYRE_OK);
        if (!p) return;
        CHECK_EQ_U64(vyre_worker_pool_workers(p), w);
        for (round = 0; round < 20; round++) {
            n = 1 + (round * 37u) % 257u;
            memset(&j, 0, sizeof j);
            if (round & 1) { vyre_worker_pool_begin(p, kit_pool_task, &j, n); vyre_worker_pool_wait(p); }
            else vyre_worker_pool_run(p, kit_pool_task, &j, n);
            for (i = 0; i < 257; i++) CHECKF(j.hits[i] == (i < n ? 1u : 0u), "workers %u round %u: index %u ran %u times", w, round, i, j.hits[i]);
        }
        vyre_worker_pool_destroy(p);
        p = NULL;
    }
    vyre_worker_pool_destroy(NULL);
    CHECK_RC(vyre_worker_pool_create(NULL, 1025, "test pool", &p, &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK(p == NULL);
    CHECK(strstr(err.message, "test pool") != NULL);
    CHECK_RC(vyre_worker_pool_create(NULL, 1, NULL, NULL, &err), VYRE_ERR_INVALID_ARGUMENT);
}

/* the kit's growable array: grows by doubling from 16, keeps contents, names the table on overflow */
static void t_kit_grow(void) {
    vyre_allocator a;
    vyre_error err;
    uint32_t *arr = NULL, cap = 0, i;
    void *big = NULL;
    uint32_t bigcap = 0;
    memset(&a, 0, sizeof a);
    CHECK_RC(vyre_allocator_resolve(NULL, &a, &err), VYRE_OK);
    CHECK_RC(vyre_kit_grow(&a, (void **)&arr, &cap, 1, sizeof *arr, "test table", &err), VYRE_OK);
    CHECK_EQ_U64(cap, 16);
    for (i = 0; i < 16; i++) arr[i] = i * 7u;
    CHECK_RC(vyre_kit_grow(&a, (void **)&arr, &cap, 100, sizeof *arr, "test table", &err), VYRE_OK);
    CHECK_EQ_U64(cap, 128);
    for (i = 0; i < 16; i++) CHECK_EQ_U64(arr[i], i * 7u);
    CHECK_RC(vyre_kit_grow(&a, (void **)&arr, &cap, 50, sizeof *arr, "test table", &err), VYRE_OK);
    CHECK_EQ_U64(cap, 128);
    CHECK_RC(vyre_kit_grow(&a, &big, &bigcap, 0x80000001u, 4, "test table", &err), VYRE_ERR_OVERFLOW);
    CHECK(strstr(err.message, "test table") != NULL);
    CHECK(big == NULL && bigcap == 0);
    vyre_free(&a, arr);
}

static void t_kit_disk_cache(void) {
    char dir[] = "/tmp/vyre-kit-XXXXXX", sub[256], path[512], want[256];
    vyre_allocator A;
    uint8_t payload[1000], *blob;
    size_t len = 0, flen = 0, i;
    int rej = 0;
    void *got;
    struct stat st;
    FILE *f;
    CHECK_RC(vyre_allocator_resolve(NULL, &A, NULL), VYRE_OK);
    if (!CHECK(mkdtemp(dir) != NULL)) return;
    for (i = 0; i < sizeof payload; i++) payload[i] = (uint8_t)(i * 7u + 3u);
    /* directory rules */
    vyre_kit_cache_dir("", want, sizeof want);
    CHECK(want[0] == 0);
    vyre_kit_cache_dir("/x/y", want, sizeof want);
    CHECK(strcmp(want, "/x/y") == 0);
    snprintf(sub, sizeof sub, "%s/a/b", dir);
    vyre_kit_cache_path(sub, "test", 0x1234ull, path, sizeof path);
    CHECK_STR_CONTAINS(path, "/a/b/test-0000000000001234.bin");
    vyre_kit_cache_path("", "test", 1, want, sizeof want);
    CHECK(want[0] == 0);
    /* a miss, then stored (mkdir -p with 0700), then read back */
    CHECK(vyre_kit_cache_read(&A, path, 0x1234ull, 1 << 20, &len, &rej) == NULL && rej == 0);
    CHECK(vyre_kit_cache_write(path, 0x1234ull, payload, sizeof payload) == 0);
    CHECK(stat(sub, &st) == 0 && (st.st_mode & 0777) == 0700);
    got = vyre_kit_cache_read(&A, path, 0x1234ull, 1 << 20, &len, &rej);
    if (CHECK(got != NULL)) CHECK(len == sizeof payload && memcmp(got, payload, len) == 0 && rej == 0);
    vyre_free(&A, got);
    /* another key, a lower size limit: rejected misses */
    CHECK(vyre_kit_cache_read(&A, path, 0x1235ull, 1 << 20, &len, &rej) == NULL && rej == 1);
    CHECK(vyre_kit_cache_read(&A, path, 0x1234ull, 999, &len, &rej) == NULL && rej == 1);
    /* one flipped payload byte or a truncated file: rejected */
    blob = vt_read_file(path, &flen);
    if (CHECK(blob != NULL && flen == 32 + sizeof payload)) {
        blob[32 + 500] ^= 1;
        if ((f = fopen(path, "wb")) != NULL) { fwrite(blob, 1, flen, f); fclose(f); }
        CHECK(vyre_kit_cache_read(&A, path, 0x1234ull, 1 << 20, &len, &rej) == NULL && rej == 1);
        if ((f = fopen(path, "wb")) != NULL) { fwrite(blob, 1, 40, f); fclose(f); }
        CHECK(vyre_kit_cache_read(&A, path, 0x1234ull, 1 << 20, &len, &rej) == NULL && rej == 1);
    }
    free(blob);
    /* the hash chains through its seed and sees every byte */
    CHECK(vyre_kit_hash(payload, 1000, 0) != vyre_kit_hash(payload, 1000, 1));
    CHECK(vyre_kit_hash(payload, 999, 0) != vyre_kit_hash(payload, 1000, 0));
    remove(path);
    snprintf(want, sizeof want, "%s/a/b", dir); rmdir(want);
    snprintf(want, sizeof want, "%s/a", dir); rmdir(want);
    rmdir(dir);
}

/* >>backend-kit: borrowed dispatch composed from resident ops (what CUDA and
   OpenCL use), here over the CPU backend's resident entries, against the CPU
   backend's own borrowed dispatch; an error clears the out bindings. */
static vyre_result kit_alloc(void *self, size_t bytes, vyre_buffer *out, vyre_error *err) {
    return vyre_buffer_alloc((vyre_backend *)self, bytes, out, err);
}
static void kit_release(void *self, vyre_buffer buf) { vyre_buffer_free((vyre_backend *)self, buf, NULL); }
static vyre_result kit_sequence(void *self, const vyre_op *ops, size_t n, vyre_timing *timing, vyre_error *err) {
    return vyre_sequence((vyre_backend *)self, ops, n, timing, err);
}
static void t_kit_borrowed_dispatch(void) {
    static const vyre_kit_resident_ops ro = {kit_alloc, kit_release, kit_sequence};
    static const vyre_literal lits[3] = {{"secret", 6, VYRE_CASELESS}, {"key", 3, VYRE_CASELESS}, {"=", 1, 0}};
    vyre_literal_set *set = compile_or_null(lits, 3, NULL);
    vyre_backend *be = NULL;
    vyre_host_arg args[VYRE_LIT_COUNT_BINDINGS];
    uint64_t sc[2], c_kit = 0, c_cpu = 0;
    vyre_telemetry t0, t1;
    vyre_error e;
    const char *text = "API_KEY=Secret; key=SECRETkey=x secretsecret KEY";
    int t;
    if (!set) return;
    if (!CHECK_RC(vyre_cpu_backend_create(NULL, &be, &e), VYRE_OK)) { vyre_literal_set_free(set); return; }
    memset(args, 0, sizeof args);
    args[0].data = text; args[0].len = strlen(text);
    for (t = 0; t < (int)VYRE_LT_COUNT; t++) CHECK_RC(vyre_literal_set_table(set, (vyre_lit_table)t, &args[1 + t].data, &args[1 + t].len), VYRE_OK);
    args[VYRE_LIT_BINDING_OUT0].out = &c_kit; args[VYRE_LIT_BINDING_OUT0].len = 8;
    sc[0] = strlen(text); sc[1] = 0;
    CHECK_RC(vyre_backend_telemetry(be, &t0, &e), VYRE_OK);
    CHECK_RC(vyre_kit_borrowed_dispatch(&ro, be, "cpu", VYRE_PROGRAM_LIT_COUNT, args, VYRE_LIT_COUNT_BINDINGS, sc, 2, NULL, &e), VYRE_OK);
    CHECK_RC(vyre_backend_telemetry(be, &t1, &e), VYRE_OK);
    CHECK_EQ_U64(t1.live_resident_buffers, t0.live_resident_buffers); /* every buffer released */
    args[VYRE_LIT_BINDING_OUT0].out = &c_cpu;
    CHECK_RC(vyre_backend_dispatch(be, VYRE_PROGRAM_LIT_COUNT, args, VYRE_LIT_COUNT_BINDINGS, sc, 2, NULL, &e), VYRE_OK);
    CHECK_EQ_U64(c_kit, 11);
    CHECK_EQ_U64(c_kit, c_cpu);
    /* errors: wrong counts; a binding with neither data nor out; a failing dispatch clears the outs */
    CHECK_RC(vyre_kit_borrowed_dispatch(&ro, be, "cpu", VYRE_PROGRAM_LIT_COUNT, args, 15, sc, 2, NULL, &e), VYRE_ERR_BAD_PROGRAM);
    CHECK_STR_CONTAINS(e.message, "cpu");
    c_kit = 77;
    args[VYRE_LIT_BINDING_OUT0].out = &c_kit;
    sc[0] = 0x100000000ull; /* over 4 GiB: HAYSTACK_CAPACITY from the dispatch */
    CHECK_RC(vyre_kit_borrowed_dispatch(&ro, be, "cpu", VYRE_PROGRAM_LIT_COUNT, args, VYRE_LIT_COUNT_BINDINGS, sc, 2, NULL, &e),
             VYRE_ERR_HAYSTACK_CAPACITY);
    CHECK_EQ_U64(c_kit, 0);
    args[1].data = NULL;
    CHECK_RC(vyre_kit_borrowed_dispatch(&ro, be, "cpu", VYRE_PROGRAM_LIT_COUNT, args, VYRE_LIT_COUNT_BINDINGS, sc, 2, NULL, &e),
             VYRE_ERR_INVALID_ARGUMENT);
    CHECK_RC(vyre_backend_telemetry(be, &t1, &e), VYRE_OK);
    CHECK_EQ_U64(t1.live_resident_buffers, t0.live_resident_buffers);
    vyre_backend_destroy(be);
    vyre_literal_set_free(set);
}

/* The program table (VYRE_PROGRAM_LIST): names, counts and modes that every
   backend validates against; the CPU backend rejects wrong counts for each. */
static void t_program_table(void) {
    uint32_t i;
    vyre_error err;
    CHECK_EQ_U64(VYRE_PROGRAM_COUNT, 7);
    CHECK(vyre_program_at(VYRE_PROGRAM_COUNT) == NULL);
    CHECK(vyre_program_find("nope") == NULL && vyre_program_find(NULL) == NULL);
    CHECK(strcmp(vyre_program_at(VYRE_PROGRAM_ID_LIT_MATCHES - 1)->name, VYRE_PROGRAM_LIT_MATCHES) == 0);
    CHECK(strcmp(vyre_program_at(VYRE_PROGRAM_ID_LIT_COUNT - 1)->name, VYRE_PROGRAM_LIT_COUNT) == 0);
    CHECK(strcmp(vyre_program_at(VYRE_PROGRAM_ID_LIT_PRESENCE - 1)->name, VYRE_PROGRAM_LIT_PRESENCE) == 0);
    CHECK(strcmp(vyre_program_at(VYRE_PROGRAM_ID_RE_CONFIRM - 1)->name, VYRE_PROGRAM_RE_CONFIRM) == 0);
    CHECK(vyre_program_at(VYRE_PROGRAM_ID_RE_CONFIRM - 1)->families == (VYRE_KERNELS_COMMON | VYRE_KERNELS_NFA));
    CHECK(strcmp(vyre_program_at(VYRE_PROGRAM_ID_BIG_MATCHES - 1)->name, VYRE_PROGRAM_BIG_MATCHES) == 0);
    CHECK(strcmp(vyre_program_at(VYRE_PROGRAM_ID_BIG_COUNT - 1)->name, VYRE_PROGRAM_BIG_COUNT) == 0);
    CHECK(strcmp(vyre_program_at(VYRE_PROGRAM_ID_BIG_PRESENCE - 1)->name, VYRE_PROGRAM_BIG_PRESENCE) == 0);
    CHECK(vyre_program_at(VYRE_PROGRAM_ID_BIG_COUNT - 1)->families == (VYRE_KERNELS_COMMON | VYRE_KERNELS_BIG));
    CHECK_EQ_U64(vyre_program_at(VYRE_PROGRAM_ID_BIG_MATCHES - 1)->buffers, 1u + VYRE_BT_COUNT + 2u);
    CHECK_EQ_U64(VYRE_PROGRAM_ID_LIT_MATCHES, VYRE_LIT_MATCHES);   /* one mode numbering */
    CHECK_EQ_U64(VYRE_PROGRAM_ID_LIT_COUNT, VYRE_LIT_COUNT);
    CHECK_EQ_U64(VYRE_PROGRAM_ID_LIT_PRESENCE, VYRE_LIT_PRESENCE);
    for (i = 0; i < VYRE_PROGRAM_COUNT; i++) {
        const vyre_program_spec *p = vyre_program_at(i);
        CHECK_EQ_U64(p->mode, i + 1);
        CHECK(vyre_program_find(p->name) == p);
        CHECK(p->buffers <= VYRE_PROGRAM_MAX_BINDINGS && p->scalars <= VYRE_PROGRAM_MAX_SCALARS);
        CHECK(vyre_program_check("t", p->name, p->buffers, p->scalars, &err) == p);
        CHECK(vyre_program_check("t", p->name, p->buffers + 1, p->scalars, &err) == NULL);
        CHECK_ERR(err, VYRE_ERR_BAD_PROGRAM);
    }
}

/* A pattern set has a kind; literal-set functions accept the literal kind. */
static void t_pattern_set_kind(void) {
    vyre_literal l = vt_lit("abc", 0);
    vyre_literal_set *set = compile_or_null(&l, 1, NULL);
    if (!set) return;
    CHECK_EQ_U64(vyre_pattern_set_kind(set), VYRE_SET_LITERAL);
    CHECK_EQ_U64(vyre_pattern_set_count(set), 1);
    CHECK(strcmp(vyre_pattern_set_kind_name(set), "literal") == 0);
    CHECK_EQ_U64(vyre_pattern_set_kind(NULL), 0);
    CHECK(strcmp(vyre_pattern_set_kind_name(NULL), "(null)") == 0);
    vyre_pattern_set_free(set);
}

/* A scanner used by two threads at once (issue 16 item 4): the second call
   overlaps the first deterministically (thread A's match callback waits until
   thread B has made its call) and returns VYRE_ERR_STATE naming the scanner;
   A's scan then completes with every match. Re-entry from a callback too. */
#include <pthread.h>
typedef struct busy_ctx {
    vyre_scanner *sc;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int in_cb, b_done, reentry_rc;
    vyre_result b_rc;
    vyre_error b_err;
    uint64_t n;
} busy_ctx;
static int busy_cb(const vyre_match *m, void *user) {
    busy_ctx *c = (busy_ctx *)user;
    (void)m;
    if (c->n++ == 0) {
        uint64_t k;
        c->reentry_rc = (int)vyre_scan_count(c->sc, "abc", 3, &k, NULL);
        pthread_mutex_lock(&c->mu);
        c->in_cb = 1;
        pthread_cond_broadcast(&c->cv);
        while (!c->b_done) pthread_cond_wait(&c->cv, &c->mu);
        pthread_mutex_unlock(&c->mu);
    }
    return 0;
}
static void *busy_thread_b(void *arg) {
    busy_ctx *c = (busy_ctx *)arg;
    vyre_match out[4];
    size_t n = 99;
    pthread_mutex_lock(&c->mu);
    while (!c->in_cb) pthread_cond_wait(&c->cv, &c->mu);
    pthread_mutex_unlock(&c->mu);
    c->b_rc = vyre_scan(c->sc, "abcabc", 6, out, 4, &n, &c->b_err);
    if (n != 0) c->b_rc = VYRE_ERR_INVALID_ARGUMENT; /* a partial count after an error */
    pthread_mutex_lock(&c->mu);
    c->b_done = 1;
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
    return NULL;
}
static void t_scanner_busy(void) {
    vyre_literal l = vt_lit("abc", 0);
    vyre_literal_set *set = compile_or_null(&l, 1, NULL);
    vyre_backend *be = NULL;
    busy_ctx c;
    pthread_t tb;
    vyre_error e;
    char name[32];
    uint64_t k = 0;
    if (!set || !CHECK_RC(vyre_cpu_backend_create(NULL, &be, &e), VYRE_OK)) { vyre_literal_set_free(set); return; }
    memset(&c, 0, sizeof c);
    pthread_mutex_init(&c.mu, NULL);
    pthread_cond_init(&c.cv, NULL);
    if (CHECK_RC(vyre_scanner_create(be, set, NULL, &c.sc, &e), VYRE_OK)) {
        CHECK(pthread_create(&tb, NULL, busy_thread_b, &c) == 0);
        CHECK_RC(vyre_scan_cb(c.sc, "xabcabcabc", 10, busy_cb, &c, &e), VYRE_OK);
        pthread_join(tb, NULL);
        CHECK_EQ_U64(c.n, 3);
        CHECK_RC(c.b_rc, VYRE_ERR_STATE);
        CHECK_ERR(c.b_err, VYRE_ERR_STATE);
        snprintf(name, sizeof name, "%p", (void *)c.sc);
        CHECK_STR_CONTAINS(c.b_err.message, name);
        CHECK_STR_CONTAINS(c.b_err.fix, "per thread");
        CHECK_RC(c.reentry_rc, VYRE_ERR_STATE);                 /* a callback calling its own scanner */
        CHECK_RC(vyre_scan_count(c.sc, "abc", 3, &k, &e), VYRE_OK);  /* the flag was released */
        CHECK_EQ_U64(k, 1);
        vyre_scanner_destroy(c.sc);
    }
    pthread_mutex_destroy(&c.mu);
    pthread_cond_destroy(&c.cv);
    vyre_backend_destroy(be);
    vyre_literal_set_free(set);
}

/* Use after destroy (issue 16 item 8): destroying a scanner detaches its open
   stream; write is VYRE_ERR_STATE, close frees the stream (ASan: no leak, no
   use after free) and reports the undelivered held-back matches. */
static void t_stream_after_destroy(void) {
    vyre_literal ls[2] = {vt_lit("ab", 0), vt_lit("abcdef", 0)};
    vyre_literal_set *set = compile_or_null(ls, 2, NULL);
    vyre_backend *be = NULL;
    vyre_scanner *sc = NULL;
    vyre_stream *st = NULL;
    vt_matches got;
    vyre_error e;
    memset(&got, 0, sizeof got);
    if (!set || !CHECK_RC(vyre_cpu_backend_create(NULL, &be, &e), VYRE_OK)) { vyre_literal_set_free(set); return; }
    if (CHECK_RC(vyre_scanner_create(be, set, NULL, &sc, &e), VYRE_OK) && CHECK_RC(vyre_stream_open(sc, &st, &e), VYRE_OK)) {
        CHECK_RC(vyre_stream_write(st, "xxab", 4, vt_collect_cb, &got, &e), VYRE_OK);  /* "ab" held back: "abcdef" may start earlier */
        vyre_scanner_destroy(sc);
        CHECK_RC(vyre_stream_write(st, "cd", 2, vt_collect_cb, &got, &e), VYRE_ERR_STATE);
        CHECK_STR_CONTAINS(e.message, "destroyed");
        CHECK_RC(vyre_stream_close(st, vt_collect_cb, &got, &e), VYRE_ERR_STATE);
        CHECK_STR_CONTAINS(e.message, "1 held-back");
        CHECK_EQ_U64(got.n, 0);
    }
    vt_matches_free(&got);
    vyre_backend_destroy(be);
    vyre_literal_set_free(set);
}

/* Deserialize under a caller's max_patterns below the blob's count (issue 16
   item 5): VYRE_ERR_TOO_MANY_PATTERNS with a Fix about the limit, not
   corruption; the blob loads at its own count. */
static void t_deserialize_limit(void) {
    vyre_literal ls[3] = {vt_lit("one", 0), vt_lit("two", 0), vt_lit("three", 0)};
    vyre_literal_set *set = compile_or_null(ls, 3, NULL), *back = NULL;
    vyre_compile_desc cd;
    vyre_error e;
    uint8_t blob[256];
    size_t sz = 0;
    if (!set) return;
    if (CHECK_RC(vyre_literal_set_serialize(set, blob, sizeof blob, &sz, &e), VYRE_OK)) {
        memset(&cd, 0, sizeof cd);
        cd.max_patterns = 1;
        CHECK_RC(vyre_literal_set_deserialize(blob, sz, &cd, &back, &e), VYRE_ERR_TOO_MANY_PATTERNS);
        CHECK(back == NULL);
        CHECK_STR_CONTAINS(e.message, "3 patterns");
        CHECK_STR_CONTAINS(e.fix, "max_patterns");
        cd.max_patterns = 3;
        CHECK_RC(vyre_literal_set_deserialize(blob, sz, &cd, &back, &e), VYRE_OK);
        vyre_literal_set_free(back);
    }
    vyre_literal_set_free(set);
}

/* CPU backend after shutdown (issue 16 item 7, as CUDA): buffers released,
   allocate / upload / scanner create / borrowed dispatch are VYRE_ERR_STATE,
   nothing allocated after it (ASan build: no leak). */
static void t_cpu_after_shutdown(void) {
    vyre_literal l = vt_lit("abc", 0);
    vyre_literal_set *set = compile_or_null(&l, 1, NULL);
    vyre_backend *be = NULL;
    vyre_scanner *sc = NULL;
    vyre_buffer x = 0;
    vyre_telemetry t;
    vyre_error e;
    uint8_t v[4] = {1, 2, 3, 4};
    if (!set || !CHECK_RC(vyre_cpu_backend_create(NULL, &be, &e), VYRE_OK)) { vyre_literal_set_free(set); return; }
    CHECK_RC(vyre_buffer_alloc(be, 4, &x, &e), VYRE_OK);
    CHECK_RC(vyre_backend_shutdown(be, &e), VYRE_OK);
    CHECK_RC(vyre_backend_telemetry(be, &t, &e), VYRE_OK);
    CHECK_EQ_U64(t.live_resident_buffers, 0);
    CHECK_RC(vyre_buffer_alloc(be, 4, &x, &e), VYRE_ERR_STATE);
    CHECK_STR_CONTAINS(e.message, "shut down");
    CHECK_RC(vyre_buffer_upload(be, x, 0, v, 4, &e), VYRE_ERR_STATE);
    CHECK_RC(vyre_scanner_create(be, set, NULL, &sc, &e), VYRE_ERR_STATE);
    CHECK(sc == NULL);
    CHECK_RC(vyre_backend_prepare(be, &e), VYRE_ERR_STATE);
    CHECK_RC(vyre_backend_shutdown(be, &e), VYRE_OK);   /* twice is fine */
    vyre_backend_destroy(be);
    vyre_literal_set_free(set);
}

int main(void) {
    VT_RUN(t_cpu_after_shutdown);
    VT_RUN(t_scanner_busy);
    VT_RUN(t_stream_after_destroy);
    VT_RUN(t_deserialize_limit);
    VT_RUN(t_version);
    VT_RUN(t_result_str);
    VT_RUN(t_error_format);
    VT_RUN(t_allocators);
    VT_RUN(t_compile_limits);
    VT_RUN(t_info_and_pattern);
    VT_RUN(t_tables_fixed);
    VT_RUN(t_tables_random);
    VT_RUN(t_tables_wide_keys);
    VT_RUN(t_serialize);
    VT_RUN(t_cpu_identity);
    VT_RUN(t_buffers);
    VT_RUN(t_telemetry);
    VT_RUN(t_program_count_borrowed);
    VT_RUN(t_program_matches_borrowed);
    VT_RUN(t_program_presence_resident);
    VT_RUN(t_unsupported);
    VT_RUN(t_scan_classic);
    VT_RUN(t_scan_capacity);
    VT_RUN(t_scan_cb);
    VT_RUN(t_presence_regions);
    VT_RUN(t_bad_regions);
    VT_RUN(t_stream);
    VT_RUN(t_stream_holdback);
    VT_RUN(t_sort_matches);
    VT_RUN(t_scanner_match_buffer);
    VT_RUN(t_kit_disk_cache);
    VT_RUN(t_kit_worker_pool);
    VT_RUN(t_kit_grow);
    VT_RUN(t_program_table);
    VT_RUN(t_kit_borrowed_dispatch);
    VT_RUN(t_pattern_set_kind);
    return vt_finish();
}
