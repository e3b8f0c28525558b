/* test_re_gpu.c - the GPU regex engine (vyre.h >>re-layout, >>re-gpu; kernels.inc
   >>kernels-nfa) against the CPU engine vyre_regex_scan (the reference), every
   record compared, in both modes, on every GPU backend present:

     OpenCL  (POCL on CPUs here, NVIDIA's driver on the GPU machine)
     CUDA    (a SKIPPED line without a driver/device; VYRE_REQUIRE_CUDA=1 makes
              that a failure, VYRE_REQUIRE_OPENCL=1 likewise for OpenCL)

   Cases: hand-written regexes (anchors, \b, starts before the factor, bounded
   repeats, nullable patterns, (?m), max_scan_bytes), the gitleaks regexes
   (../shared/patterns/gitleaks-regexes.tsv) on real files, factor-token text
   and random bytes, random regexes (tests/re_gen.h) on random haystacks,
   several scans per resident state (tables uploaded once), the hit-buffer
   capacity error, and the CPU backend's loud VYRE_ERR_UNSUPPORTED.

   Environment: VYRE_OCL_SELECT = auto | gpu | cpu; VT_SCALE, VT_FILTER,
   VT_SEED (vt.h); VYRE_RE_GPU_CORPUS_KB (default 768) real bytes per gitleaks scan.

   Build: make build/tests/test_re_gpu (tests/tests.mk) */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#define VYRE_IMPLEMENTATION
#define VYRE_OCL_IMPLEMENTATION
#define VYRE_CUDA_IMPLEMENTATION
#include "vyre_ocl.h"
#include "vyre_cuda.h"
#include "vt.h"
#include "re_gen.h"
#include "re_common.h"

typedef struct dev { const char *name; vyre_backend *b; } dev;
static dev g_dev[2];
static int g_ndev;

/* ---- collecting matches from both engines ---- */
static int collect(void *u, uint32_t pid, uint64_t s, uint64_t e, const uint64_t *caps, uint32_t ng) {
    re_ml *l = (re_ml *)u;
    re_m m;
    uint32_t k;
    memset(&m, 0, sizeof m);
    m.id = pid; m.start = s; m.end = e; m.ngroups = ng;
    for (k = 0; k < ng && k < 24; k++) {
        int none = caps[2 * k] == VYRE_RE_UNBOUNDED || caps[2 * k + 1] == VYRE_RE_UNBOUNDED;
        m.g[2 * k] = none ? VYRE_RE_NO_SPAN : caps[2 * k];
        m.g[2 * k + 1] = none ? VYRE_RE_NO_SPAN : caps[2 * k + 1];
    }
    re_ml_push(l, &m);
    return 0;
}

static vyre_result cpu_ref(const vyre_regex_set *set, vyre_re_mode mode, uint64_t bound, const uint8_t *h, size_t n, re_ml *out) {
    vyre_re_scan_desc d;
    size_t cnt = 0, gc = 0, i, cap = 1024, gcap = 4096;
    vyre_re_match *m = NULL;
    vyre_span *g = NULL;
    vyre_error e;
    vyre_result r;
    memset(&d, 0, sizeof d);
    d.mode = mode; d.max_scan_bytes = bound;
    for (;;) {
        m = (vyre_re_match *)realloc(m, cap * sizeof *m);
        g = (vyre_span *)realloc(g, gcap * sizeof *g);
        r = vyre_regex_scan(set, &d, h, n, m, cap, &cnt, g, gcap, &gc, &e);
        if (r == VYRE_ERR_MATCH_CAPACITY || r == VYRE_ERR_OUTPUT_TOO_SMALL) { if (cnt > cap) cap = cnt; if (gc > gcap) gcap = gc; continue; }
        break;
    }
    if (r == VYRE_OK)
        for (i = 0; i < cnt; i++) {
            re_m x;
            uint32_t k;
            memset(&x, 0, sizeof x);
            x.id = m[i].pattern_id; x.start = m[i].start; x.end = m[i].end; x.ngroups = m[i].group_count;
            for (k = 0; k < m[i].group_count && k < 24; k++) { x.g[2 * k] = g[m[i].groups + k].start; x.g[2 * k + 1] = g[m[i].groups + k].end; }
            re_ml_push(out, &x);
        }
    else printf("  cpu reference failed: %s\n", e.message);
    free(m); free(g);
    return r;
}

/* compare every record; returns the number of differences */
static size_t compare(const char *what, re_ml *want, re_ml *got) {
    size_t i, j, bad = 0;
    re_ml_sort(want); re_ml_sort(got);
    for (i = j = 0; i < want->n || j < got->n;) {
        int c = i < want->n && j < got->n ? re_m_cmp(&want->m[i], &got->m[j]) : (i < want->n ? -1 : 1);
        if (c == 0) {
            uint32_t k, ng = want->m[i].ngroups < 24 ? want->m[i].ngroups : 24;
            int same = want->m[i].ngroups == got->m[j].ngroups;
            for (k = 0; same && k < 2 * ng; k++) same = want->m[i].g[k] == got->m[j].g[k];
            if (!same && bad++ < 5) printf("  %s: pattern %u [%llu,%llu): capture spans differ\n", what, want->m[i].id, (unsigned long long)want->m[i].start, (unsigned long long)want->m[i].end);
            i++; j++;
        } else if (c < 0) {
            if (bad++ < 5) printf("  %s: missing on the GPU: pattern %u [%llu,%llu)\n", what, want->m[i].id, (unsigned long long)want->m[i].start, (unsigned long long)want->m[i].end);
            i++;
        } else {
            if (bad++ < 5) printf("  %s: extra on the GPU: pattern %u [%llu,%llu)\n", what, got->m[j].id, (unsigned long long)got->m[j].start, (unsigned long long)got->m[j].end);
            j++;
        }
    }
    return bad;
}

/* one differential scan on one device: both modes (and a bound), `runs` scans per resident state */
static size_t g_compared;
static uint64_t g_chunk;   /* allowed starts per task (0 = the engine's default) */
static uint64_t g_carry;   /* carry of patterns with an unbounded longest match (0 = default) */
static uint64_t g_runchunk;   /* starts per run task (0 = default) */
static uint64_t g_run_windows, g_run_tasks;   /* run windows and run tasks seen (t_runs) */
static uint64_t g_sequential;   /* patterns rerun as one task after a long-thread flag */
static uint64_t g_scans;        /* diff_scan calls (the parity picks where flagged patterns finish) */
static uint64_t g_seq_host, g_seq_dev;   /* flagged patterns finished on the host / on the device */
static uint64_t g_seq_host_max;          /* most flagged patterns of one scan finished on the host (host threads) */
static uint64_t g_label;        /* confirm launches that used label mode (long-lived threads) */
static void diff_scan(const dev *d, const char *what, const vyre_regex_set *set, const uint8_t *h, size_t n, uint64_t bound, int runs) {
    vyre__re_gpu *g = NULL;
    vyre_error e;
    int mode, run;
    if (!CHECKF(vyre__re_gpu_open(d->b, set, &g, &e) == VYRE_OK, "%s/%s: open: %s", d->name, what, e.message)) return;
    g->chunk = g_chunk; g->carry = g_carry; g->runchunk = g_runchunk;
    g->seq_on_device = (int)(g_scans++ & 1u);   /* flagged patterns: every other scan on the device, else on the host */
    for (mode = 0; mode < 2; mode++) {
        re_ml want, got;
        memset(&want, 0, sizeof want);
        if (cpu_ref(set, (vyre_re_mode)mode, bound, h, n, &want) != VYRE_OK) { CHECK(0); re_ml_free(&want); continue; }
        for (run = 0; run < runs; run++) {
            vyre_result r;
            char label[160];
            size_t bad;
            memset(&got, 0, sizeof got);
            r = vyre__re_gpu_scan(g, 0, h, n, (vyre_re_mode)mode, bound, 0, collect, &got, &e);
            snprintf(label, sizeof label, "%s %s mode %d bound %llu chunk %llu run %d", d->name, what, mode + 1, (unsigned long long)bound, (unsigned long long)g_chunk, run);
            if (CHECKF(r == VYRE_OK, "%s: scan: %s (%s)", label, vyre_result_str(r), e.message)) {
                if (getenv("VYRE_RE_GPU_TRACE"))
                    printf("  trace %s: confirm %.3f ms, factor_hits %llu tasks %llu windows %llu triples %llu sequential %llu got %llu want %llu\n", label, (double)g->last_ns[2] / 1e6,
                           (unsigned long long)g->last_factor_hits, (unsigned long long)g->last_tasks, (unsigned long long)g->last_windows,
                           (unsigned long long)g->last_triples, (unsigned long long)g->last_sequential, (unsigned long long)got.n,
                           (unsigned long long)want.n);
                bad = compare(label, &want, &got);
                CHECKF(bad == 0, "%s: %llu differing records (cpu %llu, gpu %llu)", label, (unsigned long long)bad, (unsigned long long)want.n, (unsigned long long)got.n);
                g_compared += want.n;
                g_run_windows += g->last_run_windows; g_run_tasks += g->last_run_tasks;
                g_sequential += g->last_sequential;
                if (g->seq_on_device) g_seq_dev += g->last_sequential; else g_seq_host += g->last_sequential;
                if (!g->seq_on_device && g->last_sequential > g_seq_host_max) g_seq_host_max = g->last_sequential;
                g_label += g->label_sweeps; g->label_sweeps = 0;
            }
            re_ml_free(&got);
        }
        re_ml_free(&want);
    }
    CHECK_RC(vyre__re_gpu_close(g, &e), VYRE_OK);
}

static vyre_regex_set *compile_list(const char *const *pats, size_t n) {
    vyre_regex *rx = (vyre_regex *)calloc(n, sizeof *rx);
    vyre_regex_set *set = NULL;
    vyre_error e;
    size_t i;
    for (i = 0; i < n; i++) rx[i].pattern = pats[i];
    if (vyre_regex_set_compile(rx, n, NULL, &set, &e) != VYRE_OK) { printf("  compile: %s\n", e.message); set = NULL; }
    free(rx);
    return set;
}

static void skip_no_device(void) { vt_skip("no GPU backend (OpenCL or CUDA) available"); }

/* ---- cases ---- */
static void t_layout(void) {
    static const char *const pats[] = {"ab+c", "\\bfoo\\b", "(?m)^x$", "[a-z]{3,5}z", "a*", "(a|b)*c"};
    vyre_regex_set *set = compile_list(pats, 6);
    uint32_t *lay = NULL;
    size_t nw = 0, i;
    vyre_error e;
    if (!CHECK(set != NULL)) return;
    CHECK_RC(vyre__re_layout_build(set, &lay, &nw, &e), VYRE_OK);
    if (lay) {
        CHECK(lay[0] == VYRE__RL_MAGIC && lay[1] == 6u && lay[2] == nw);
        for (i = 0; i < 6; i++) {
            const uint32_t *R = lay + VYRE__RL_HDR + VYRE__RL_REC * i;
            CHECK(R[0] >= 1 && R[0] <= VYRE_RE_GPU_MAX_WORDS && R[2] < R[1] && R[6] + R[0] <= nw && R[12] <= nw);
        }
        CHECK(lay[VYRE__RL_HDR + VYRE__RL_REC * 1 + 11] == 2u);       /* \b twice: two empty-width states */
        CHECK(lay[VYRE__RL_HDR + VYRE__RL_REC * 0 + 3] == 0xFFFFFFFFu); /* ab+c unbounded */
        CHECK(lay[VYRE__RL_HDR + VYRE__RL_REC * 3 + 3] == 6u);
    }
    vyre_free(&set->A, lay);
    vyre_regex_set_free(set);
    {   /* over the state limit: a precise error naming the pattern */
        static const char *const big[] = {"abc", "[a-z]{600}[0-9]{600}"};
        set = compile_list(big, 2);
        if (CHECK(set != NULL)) {
            CHECK_RC(vyre__re_layout_build(set, &lay, &nw, &e), VYRE_ERR_REGEX_TOO_LARGE);
            CHECK(e.pattern_index == 1);
            CHECK_STR_CONTAINS(e.message, "1024 states");
            CHECK_STR_CONTAINS(e.fix, "Fix:");
            vyre_regex_set_free(set);
        }
    }
}

static void t_unit(void) {
    static const char *const pats[] = {
        "foo[0-9]+bar", "\\bkey\\b", "(?i)secret[=:]\\s*([a-z0-9]{4,8})", "(?m)^abc$", "\\Aab", "xy\\z",
        "[\\w.-]{0,20}token[0-9]{2}", "a(b|c)*d", "(?s)BEGIN.{0,40}END", "x*", "\\B[0-9]{3}\\b", "q(?:uu|u)?z",
        "(a|ab)(c|bcd)(d*)", "[^\\n]{2}\\n", "(?U)a+", "z+", "abc|bcd|cde"};
    const size_t np = sizeof pats / sizeof pats[0];
    const char *text =
        "foo12bar foo1bar foobar key keys mykey key\nabc\nabc\nxabc\nSECRET= Abc123xyz secret:zz99 "
        "tokentoken12 a.b-c_token99 abbbcbd ad acd BEGIN......END BEGIN\nEND x xx xxx 123 a123 1234 "
        "quz quuz quuuz qz abcd abcbcd aaa zzz abcdexy";
    vyre_regex_set *set = compile_list(pats, np);
    int i;
    if (!CHECK(set != NULL)) return;
    if (!g_ndev) { skip_no_device(); vyre_regex_set_free(set); return; }
    for (i = 0; i < g_ndev; i++) {
        diff_scan(&g_dev[i], "unit", set, (const uint8_t *)text, strlen(text), 0, 2);
        diff_scan(&g_dev[i], "unit bounded", set, (const uint8_t *)text, strlen(text), 6, 1);
        diff_scan(&g_dev[i], "unit prefix", set, (const uint8_t *)text, 37, 0, 1);
        diff_scan(&g_dev[i], "unit empty", set, (const uint8_t *)text, 0, 0, 1);
        for (g_chunk = 1; g_chunk <= 64; g_chunk *= 4) {   /* many tasks: every task boundary rule */
            diff_scan(&g_dev[i], "unit small tasks", set, (const uint8_t *)text, strlen(text), 0, 1);
            diff_scan(&g_dev[i], "unit small tasks bounded", set, (const uint8_t *)text, strlen(text), 9, 1);
            for (g_carry = 2; g_carry <= 32; g_carry *= 4)   /* unbounded patterns: short carries, long threads */
                diff_scan(&g_dev[i], "unit small carry", set, (const uint8_t *)text, strlen(text), 0, 1);
            g_carry = 0;
        }
        g_chunk = 0;
    }
    vt_note("unit: %llu records compared, %llu sequential reruns, %llu launches in label mode", (unsigned long long)g_compared, (unsigned long long)g_sequential, (unsigned long long)g_label);
    CHECK(g_compared > 50);
    CHECK(g_sequential > 0);   /* the long-thread path ran */
    vyre_regex_set_free(set);
}

/* Unbounded patterns whose leftmost start lies further back than the carry while the threads the
   task does simulate start late (an allowed start far before the task, none in its carry): the task
   must not report a later start. Allowed-start pieces far apart, small tasks and carries. */
static void t_carry(void) {
    static const char *const pats[] = {"a[^b]*c", "a[^b]*c", "(?s)BEGIN.*?END", "k[^\\n]*=[0-9]+", "(?i)-----BEGIN[ A-Z]{0,10}KEY-----[\\s\\S-]{4,}?KEY-----"};
    const size_t np = sizeof pats / sizeof pats[0];
    vyre_regex_set *set = compile_list(pats, np);
    uint8_t *h;
    size_t n = 0, cap = 12 << 10, k;
    int i, r;
    static const uint64_t chunks[] = {0, 1, 4, 37};
    static const uint64_t carries[] = {0, 2, 8, 100};
    vt_rng G;
    if (!CHECK(set != NULL)) return;
    if (!g_ndev) { skip_no_device(); vyre_regex_set_free(set); return; }
    h = (uint8_t *)malloc(cap);
    G = vt_rng_make(77);
    while (n + 400 < cap) {   /* pieces: a start, filler of a random length, late starts, an end */
        static const char *const starts[] = {"a", "BEGIN", "k", "-----BEGIN RSA KEY-----"};
        static const char *const ends[] = {"c", "END", "=42", "KEY-----"};
        const size_t s = vt_below(&G, 4), fill = vt_below(&G, 3) ? 1 + vt_below(&G, 40) : 100 + vt_below(&G, 250);
        memcpy(h + n, starts[s], strlen(starts[s])); n += strlen(starts[s]);
        for (k = 0; k < fill; k++) h[n++] = (uint8_t)("xyzq KEY-"[vt_below(&G, 9)]);
        if (vt_below(&G, 2)) { memcpy(h + n, starts[s], strlen(starts[s])); n += strlen(starts[s]); h[n++] = 'x'; }
        memcpy(h + n, ends[vt_below(&G, 4)], 3); n += 3;
        if (vt_below(&G, 3) == 0) h[n++] = (uint8_t)(vt_below(&G, 2) ? '\n' : 'b');
    }
    {   /* the plain case first: a start 300 bytes before a later one, one end */
        uint8_t t[320];
        memset(t, 'x', sizeof t); t[0] = 'a'; t[301] = 'a'; t[303] = 'c';
        for (i = 0; i < g_ndev; i++)
            for (r = 1; r < 4; r++)
                for (k = 1; k < 4; k++) { g_chunk = chunks[r]; g_carry = carries[k]; diff_scan(&g_dev[i], "carry plain", set, t, 310, 0, 1); }
    }
    for (i = 0; i < g_ndev; i++)
        for (r = 0; r < 4; r++)
            for (k = 0; k < 4; k++) {
                g_chunk = chunks[r]; g_carry = carries[k];
                diff_scan(&g_dev[i], "carry", set, h, n, 0, 1);
                diff_scan(&g_dev[i], "carry", set, h, 600 + 97 * k, 0, 1);
            }
    g_chunk = 0; g_carry = 0;
    for (i = 0; i < g_ndev; i++) {   /* a resident haystack (no host bytes): step 3b downloads it, twice in one state */
        vyre__re_gpu *g = NULL;
        vyre_buffer hb = 0;
        vyre_error e;
        re_ml want, got;
        int rep;
        memset(&want, 0, sizeof want);
        if (!CHECK(cpu_ref(set, VYRE_RE_ALL_MATCHES, 0, h, n, &want) == VYRE_OK)) continue;
        if (CHECK_RC(vyre__re_gpu_open(g_dev[i].b, set, &g, &e), VYRE_OK)) {
            g->chunk = 4; g->carry = 8;
            if (CHECK_RC(vyre_buffer_alloc(g_dev[i].b, (n + 15) & ~(size_t)15, &hb, &e), VYRE_OK) && CHECK_RC(vyre_buffer_upload(g_dev[i].b, hb, 0, h, n, &e), VYRE_OK))
                for (rep = 0; rep < 2; rep++) {
                    memset(&got, 0, sizeof got);
                    if (CHECK_RC(vyre__re_gpu_scan(g, hb, NULL, n, VYRE_RE_ALL_MATCHES, 0, 0, collect, &got, &e), VYRE_OK)) {
                        CHECKF(g->last_sequential >= 2, "%s: resident carry scan flagged %llu patterns", g_dev[i].name, (unsigned long long)g->last_sequential);
                        CHECKF(compare("resident carry", &want, &got) == 0, "%s: resident carry scan differs (cpu %llu, gpu %llu)", g_dev[i].name,
                               (unsigned long long)want.n, (unsigned long long)got.n);
                        g_compared += want.n;
                    }
                    re_ml_free(&got);
                }
            if (hb) CHECK_RC(vyre_buffer_free(g_dev[i].b, hb, &e), VYRE_OK);
            CHECK_RC(vyre__re_gpu_close(g, &e), VYRE_OK);
        }
        re_ml_free(&want);
    }
    vt_note("carry: %llu records compared, %llu flagged patterns finished on the host, %llu on the device", (unsigned long long)g_compared,
            (unsigned long long)g_seq_host, (unsigned long long)g_seq_dev);
    CHECK(g_seq_host > 0 && g_seq_dev > 0);   /* both finishing paths ran */
    CHECKF(g_seq_host_max >= 2, "one scan finished %llu flagged patterns on the host (want several: the host threads)", (unsigned long long)g_seq_host_max);
    free(h);
    vyre_regex_set_free(set);
}

/* Patterns without a literal factor whose matches hold a class run (gitleaks' \d{15,16}... and
   [a-fA-F0-9]{40} rules among them) take their allowed starts from run windows found on the device
   (vyre.h >>re-gpu step 1b). Haystacks of class runs of every length around k (and runs longer than a
   run task), separators, run tasks from 1 to 5,000 starts: every window boundary rule. */
static void t_runs(void) {
    static const char *const pats[] = {
        "(?i)\\b(\\d{15,16}(\\||%)[0-9a-z\\-_]{27,40})(?:[\\x60'\"\\s;]|\\\\[nr]|$)",
        "(?i)\\b(\\b(sgp_(?:[a-fA-F0-9]{16}|local)_[a-fA-F0-9]{40}|sgp_[a-fA-F0-9]{40}|[a-fA-F0-9]{40})\\b)(?:[\\x60'\"\\s;]|\\\\[nr]|$)",
        "[0-9]{6}", "\\b[a-f0-9]{8}\\b", "x?[0-9]{5,7}[a-c]", "[a-z]{2}[0-9]{9,}",
        "(?:[0-9a-f]{4}-){2}[0-9a-f]{4}"};
    const size_t np = sizeof pats / sizeof pats[0];
    static const char alpha[] = "0123456789abcdefABCxyz_-|% ;\n\"";
    vyre_regex_set *set = compile_list(pats, np);
    vt_rng rng = vt_rng_make(0x52554E53u);
    size_t k, i, nrun = 0;
    int d, c;
    if (!CHECK(set != NULL)) return;
    for (k = 0; k < np; k++) nrun += !set->progs[k].nfactors && set->cpu[k].run_k;
    CHECKF(nrun >= 4, "only %zu of the patterns have run windows", nrun);   /* else this test tests nothing */
    if (!g_ndev) { skip_no_device(); vyre_regex_set_free(set); return; }
    for (c = 0; c < 6; c++) {
        const size_t n = c == 5 ? 70000 : 3000 + 2000 * (size_t)c;
        uint8_t *h = (uint8_t *)malloc(n);
        size_t p = 0;
        while (p < n) {   /* a run of one class (digits, hex, letters) of a random length, then a separator */
            const int kind = (int)(vt_next(&rng) % 3u);
            size_t len = (size_t)(vt_next(&rng) % 48u);
            if (vt_next(&rng) % 40u == 0) len = 100 + (size_t)(vt_next(&rng) % (c == 5 ? 30000u : 3000u));
            for (i = 0; i < len && p < n; i++, p++)
                h[p] = (uint8_t)(kind == 0 ? (uint64_t)'0' + vt_next(&rng) % 10u : (uint64_t)(uint8_t)alpha[vt_next(&rng) % (kind == 1 ? 16u : 22u)]);
            if (p < n) h[p++] = (uint8_t)alpha[16 + vt_next(&rng) % (sizeof alpha - 17u)];
        }
        for (d = 0; d < g_ndev; d++) {
            static const uint64_t rch[] = {0, 1, 7, 64, 333, 5000};
            size_t q;
            for (q = 0; q < sizeof rch / sizeof rch[0]; q++) {
                g_runchunk = rch[q];
                diff_scan(&g_dev[d], "runs", set, h, n, 0, q == 0 ? 2 : 1);
                if (q == 3) diff_scan(&g_dev[d], "runs bounded", set, h, n, 12, 1);
            }
            g_runchunk = 0;
        }
        free(h);
    }
    vt_note("runs: %llu run windows from %llu run tasks, %llu records compared so far", (unsigned long long)g_run_windows,
            (unsigned long long)g_run_tasks, (unsigned long long)g_compared);
    CHECK(g_run_windows > 1000);
    vyre_regex_set_free(set);
}

/* VYRE_KERNELS_* families the device backend has built so far */
static uint32_t built_families(vyre_backend *b) {
    if (strcmp(vyre_backend_id(b), "opencl") == 0) {
        vyre_ocl_info in;
        return vyre_ocl_backend_info(b, &in, NULL) == VYRE_OK ? in.families : 0u;
    } else {
        vyre_cuda_module_info in;
        return vyre_cuda_module_info_get(b, &in, NULL) == VYRE_OK ? in.families : 0u;
    }
}
/* the regex family (vyre_re_confirm) is built on the first regex scan, not before (runs first) */
static void t_lazy_family(void) {
    static const char *const pats[] = {"foo[0-9]+bar", "\\bkey\\b"};
    const char *text = "foo12bar key";
    vyre_regex_set *set = compile_list(pats, 2);
    int i;
    if (!CHECK(set != NULL)) return;
    if (!g_ndev) { skip_no_device(); vyre_regex_set_free(set); return; }
    for (i = 0; i < g_ndev; i++) {
        uint32_t before = built_families(g_dev[i].b);
        CHECKF((before & VYRE_KERNELS_NFA) == 0, "%s: the regex family was built before any regex scan (families 0x%x)",
               g_dev[i].name, (unsigned)before);
        diff_scan(&g_dev[i], "lazy family", set, (const uint8_t *)text, strlen(text), 0, 1);
        CHECKF((built_families(g_dev[i].b) & VYRE_KERNELS_NFA) != 0, "%s: the regex family is not built after a regex scan",
               g_dev[i].name);
        vt_note("%s: families 0x%x before the first regex scan, 0x%x after", g_dev[i].name, (unsigned)before,
                (unsigned)built_families(g_dev[i].b));
    }
    vyre_regex_set_free(set);
}

static void t_gitleaks(void) {
    re_rules R;
    vyre_regex_set *set;
    re_buf corp, samp;
    size_t kb = 768, n, i;
    uint8_t *h;
    const char *env = getenv("VYRE_RE_GPU_CORPUS_KB");
    vt_rng rng = vt_rng_make(vt_seed_base() ^ 0x6C65616Bu);
    int d;
    if (!re_load_gitleaks(&R)) { vt_skip("gitleaks-regexes.tsv not found"); return; }
    if (!g_ndev) { skip_no_device(); re_rules_free(&R); return; }
    set = compile_list((const char *const *)R.pat, R.n);
    if (!CHECK(set != NULL)) { re_rules_free(&R); return; }
    {   /* the layout of the whole set: every gitleaks rule fits */
        uint32_t *lay = NULL;
        size_t nw = 0;
        vyre_error e;
        if (CHECKF(vyre__re_layout_build(set, &lay, &nw, &e) == VYRE_OK, "gitleaks layout: %s", e.message))
            vt_note("gitleaks layout: %u patterns, %llu words (%llu KiB), largest pattern %u words", lay[1], (unsigned long long)nw,
                    (unsigned long long)(nw * 4u) >> 10, lay[3]);
        vyre_free(&set->A, lay);
    }
    if (env && atoi(env) > 0) kb = (size_t)atoi(env);
    corp = re_corpus(kb << 10);
    /* factor tokens: the patterns' own factors in noise, so that windows and matches are dense */
    n = 256u << 10;
    h = (uint8_t *)malloc(n);
    for (i = 0; i < n;) {
        uint32_t p = (uint32_t)vt_below(&rng, R.n);
        vyre_literal f[64];
        size_t fc = 0, k;
        if (vt_below(&rng, 3) == 0 && vyre_regex_set_factors(set, p, f, 64, &fc, NULL) == VYRE_OK && fc) {
            const vyre_literal *L = &f[vt_below(&rng, fc)];
            for (k = 0; k < L->len && i < n; k++) h[i++] = ((const uint8_t *)L->bytes)[k];
            if (vt_below(&rng, 2)) {   /* an assignment and a secret-like token after it */
                static const char *const as[] = {"=", " = \"", ": '", ":=", "_KEY=", "\": \"", "-", "_"};
                static const char an[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
                const char *a = as[vt_below(&rng, 8)];
                size_t tl = 8 + vt_below(&rng, 60);
                for (k = 0; a[k] && i < n; k++) h[i++] = (uint8_t)a[k];
                for (k = 0; k < tl && i < n; k++) h[i++] = (uint8_t)an[vt_below(&rng, sizeof an - 1)];
                if (i < n) h[i++] = (uint8_t)"\"' \n;"[vt_below(&rng, 5)];
            }
        }
        for (k = vt_below(&rng, 24); k && i < n; k--) {
            static const char al[] = "abcdefABCDEF0123456789_-=:\"' \n\t/+.";
            h[i++] = (uint8_t)(vt_below(&rng, 4) ? al[vt_below(&rng, sizeof al - 1)] : (uint8_t)vt_next(&rng));
        }
    }
    memset(&samp, 0, sizeof samp);
    re_walk(&samp, "samples", 1u << 20, 1u << 20, 0);
    for (d = 0; d < g_ndev; d++) {
        if (samp.n) diff_scan(&g_dev[d], "gitleaks/samples", set, samp.p, samp.n, 0, 1);
        diff_scan(&g_dev[d], "gitleaks/real files", set, corp.p, corp.n, 0, 2);
        diff_scan(&g_dev[d], "gitleaks/factor tokens", set, h, n, 0, 1);
        diff_scan(&g_dev[d], "gitleaks/factor tokens bounded", set, h, n, 40, 1);
        g_chunk = 200; g_carry = 60;
        diff_scan(&g_dev[d], "gitleaks/factor tokens small tasks", set, h, n / 4, 0, 1);
        diff_scan(&g_dev[d], "gitleaks/real files small tasks", set, corp.p, corp.n / 8, 0, 1);
        g_chunk = 0; g_carry = 0;
    }
    vt_note("gitleaks: %llu records compared, %llu sequential reruns, %llu launches in label mode", (unsigned long long)g_compared, (unsigned long long)g_sequential, (unsigned long long)g_label);
    CHECK(g_label > 0);   /* the label sweep ran (an anchored start search over its budget: real files, long lines) */
    free(h); free(corp.p); free(samp.p);
    vyre_regex_set_free(set);
    re_rules_free(&R);
}

static void t_random(void) {
    re_gen G;
    int it, iters = getenv("VT_RE_RANDOM_ITERS") ? atoi(getenv("VT_RE_RANDOM_ITERS")) : 40 * vt_scale(), d;
    memset(&G, 0, sizeof G);
    G.s = vt_seed_base() ^ 0x7E57E5ull;
    if (!g_ndev) { skip_no_device(); return; }
    for (it = 0; it < iters; it++) {
        char *pats[6];
        size_t np = 1 + rg_below(&G, 6), k, n = 256 + rg_below(&G, it % 4 == 3 ? 16384 : 1792);   /* some long inputs: label mode over long live runs */
        vyre_regex_set *set;
        uint8_t *h = (uint8_t *)malloc(n);
        uint64_t bound = rg_below(&G, 4) == 0 ? 1 + rg_below(&G, 12) : 0;
        for (k = 0; k < np; k++) { while (!re_gen_one(&G)) {} pats[k] = strdup(G.go); }
        set = compile_list((const char *const *)pats, np);
        re_gen_haystack(&G, h, n);
        if (set) {
            uint32_t *lay = NULL;
            size_t nw = 0;
            vyre_error e;
            if (vyre__re_layout_build(set, &lay, &nw, &e) == VYRE_OK) {
                g_chunk = rg_below(&G, 2) ? 1 + rg_below(&G, 300) : 0;
                g_carry = rg_below(&G, 2) ? 2 + rg_below(&G, 100) : 0;
                if (getenv("VT_VERBOSE")) { printf("random %d: n %zu bound %llu chunk %llu carry %llu\n", it, n, (unsigned long long)bound, (unsigned long long)g_chunk, (unsigned long long)g_carry); for (k = 0; k < np; k++) printf("  %s\n", pats[k]); fflush(stdout); }
                for (d = 0; d < g_ndev; d++) diff_scan(&g_dev[d], "random", set, h, n, bound, 1);
                g_chunk = 0; g_carry = 0;
            } else vt_note("random: a set over the GPU layout's limits: %s", e.message);
            vyre_free(&set->A, lay);
            vyre_regex_set_free(set);
        }
        if (vt__case_failures) { for (k = 0; k < np; k++) printf("  pattern %u: %s\n", (unsigned)k, pats[k]); }
        for (k = 0; k < np; k++) free(pats[k]);
        free(h);
        if (vt__case_failures) break;
    }
    vt_note("random: %d cases, %llu launches in label mode so far", it, (unsigned long long)g_label);
}

static int stop_after_one(void *u, uint32_t pid, uint64_t s, uint64_t e, const uint64_t *caps, uint32_t ng) {
    (void)pid; (void)s; (void)e; (void)caps; (void)ng;
    ++*(int *)u;
    return 1;
}

static void t_capacity(void) {
    static const char *const pats[] = {"a[0-9]"};
    vyre_regex_set *set = compile_list(pats, 1);
    char text[400];
    int i, d, calls = 0;
    if (!CHECK(set != NULL)) return;
    if (!g_ndev) { skip_no_device(); vyre_regex_set_free(set); return; }
    for (i = 0; i < 399; i++) text[i] = (char)(i % 2 ? '0' + i % 10 : 'a');
    text[399] = 0;
    for (d = 0; d < g_ndev; d++) {
        vyre__re_gpu *g = NULL;
        vyre_error e;
        re_ml got;
        memset(&got, 0, sizeof got);
        calls = 0;   /* per device: the stop-after-one check below counts this device's calls */
        if (!CHECK_RC(vyre__re_gpu_open(g_dev[d].b, set, &g, &e), VYRE_OK)) continue;
        /* 199 matches, room for 10: an error with the count, nothing emitted */
        CHECK_RC(vyre__re_gpu_scan(g, 0, (const uint8_t *)text, 399, VYRE_RE_ALL_MATCHES, 0, 10, collect, &got, &e), VYRE_ERR_MATCH_CAPACITY);
        CHECK_STR_CONTAINS(e.message, "199 matches");
        CHECK_STR_CONTAINS(e.fix, "Fix:");
        CHECK(got.n == 0);
        CHECK_RC(vyre__re_gpu_scan(g, 0, (const uint8_t *)text, 399, VYRE_RE_ALL_MATCHES, 0, 199, collect, &got, &e), VYRE_OK);
        CHECK(got.n == 199);
        CHECK_RC(vyre__re_gpu_scan(g, 0, (const uint8_t *)text, 399, VYRE_RE_ALL_MATCHES, 0, 0, stop_after_one, &calls, &e), VYRE_STOPPED);
        CHECK(calls == 1);
        /* a resident haystack given by the caller (the session's buffer) */
        {
            vyre_buffer hb = 0;
            re_ml got2;
            memset(&got2, 0, sizeof got2);
            if (CHECK_RC(vyre_buffer_alloc(g_dev[d].b, 400, &hb, &e), VYRE_OK)) {
                CHECK_RC(vyre_buffer_upload(g_dev[d].b, hb, 0, text, 399, &e), VYRE_OK);
                CHECK_RC(vyre__re_gpu_scan(g, hb, NULL, 399, VYRE_RE_ALL_MATCHES, 0, 0, collect, &got2, &e), VYRE_OK);
                CHECK(got2.n == 199);
                CHECK_RC(vyre__re_gpu_scan(g, hb, NULL, 399, VYRE_RE_LEFTMOST_FIRST, 0, 0, collect, &got2, &e), VYRE_ERR_INVALID_ARGUMENT);
                CHECK_RC(vyre_buffer_free(g_dev[d].b, hb, &e), VYRE_OK);
            }
            re_ml_free(&got2);
        }
        CHECK_RC(vyre__re_gpu_close(g, &e), VYRE_OK);
        re_ml_free(&got);
    }
    vyre_regex_set_free(set);
}

static void t_cpu_backend_unsupported(void) {
    static const char *const pats[] = {"ab+"};
    vyre_regex_set *set = compile_list(pats, 1);
    vyre_backend *b = NULL;
    vyre__re_gpu *g = NULL;
    vyre_error e;
    re_ml got;
    memset(&got, 0, sizeof got);
    if (!CHECK(set != NULL)) return;
    if (CHECK_RC(vyre_cpu_backend_create(NULL, &b, &e), VYRE_OK)) {
        vyre_result r = vyre__re_gpu_open(b, set, &g, &e);
        if (r == VYRE_OK) {
            CHECK_RC(vyre__re_gpu_scan(g, 0, (const uint8_t *)"xabbb", 5, VYRE_RE_ALL_MATCHES, 0, 0, collect, &got, &e), VYRE_ERR_UNSUPPORTED);
            CHECK_STR_CONTAINS(e.message, "vyre_re_confirm");
            CHECK(got.n == 0);
            CHECK_RC(vyre__re_gpu_close(g, &e), VYRE_OK);
        } else {
            CHECK_RC(r, VYRE_ERR_UNSUPPORTED);
        }
        vyre_backend_destroy(b);
    }
    re_ml_free(&got);
    vyre_regex_set_free(set);
}

int main(void) {
    vyre_error e;
    vyre_ocl_desc od;
    vyre_cuda_desc cd;
    const char *sel = getenv("VYRE_OCL_SELECT");
    const char *req_cl = getenv("VYRE_REQUIRE_OPENCL"), *req_cu = getenv("VYRE_REQUIRE_CUDA");
    int fail_missing = 0;
    memset(&od, 0, sizeof od);
    if (sel && strcmp(sel, "gpu") == 0) od.select = VYRE_OCL_SELECT_GPU;
    else if (sel && strcmp(sel, "cpu") == 0) od.select = VYRE_OCL_SELECT_CPU;
    if (vyre_ocl_backend_create(&od, &g_dev[g_ndev].b, &e) == VYRE_OK) g_dev[g_ndev++].name = "opencl";
    else {
        printf("SKIPPED: OpenCL: %s\n", e.message);
        if (req_cl && strcmp(req_cl, "1") == 0) { printf("FAIL: VYRE_REQUIRE_OPENCL=1 but no OpenCL device\n"); fail_missing = 1; }
    }
    memset(&cd, 0, sizeof cd);
    if (vyre_cuda_backend_create(&cd, &g_dev[g_ndev].b, &e) == VYRE_OK) g_dev[g_ndev++].name = "cuda";
    else {
        printf("SKIPPED: CUDA: %s\n", e.message);
        if (req_cu && strcmp(req_cu, "1") == 0) { printf("FAIL: VYRE_REQUIRE_CUDA=1 but no CUDA device\n"); fail_missing = 1; }
    }
    VT_RUN(t_lazy_family);
    VT_RUN(t_layout);
    VT_RUN(t_cpu_backend_unsupported);
    VT_RUN(t_unit);
    VT_RUN(t_capacity);
    VT_RUN(t_runs);
    VT_RUN(t_carry);
    VT_RUN(t_random);
    VT_RUN(t_gitleaks);
    while (g_ndev) vyre_backend_destroy(g_dev[--g_ndev].b);
    if (fail_missing) { vt__failed++; }
    return vt_finish();
}
