/* test_re_hs.c - vyre's regex ALL_MATCHES mode against Hyperscan.

   Every match Hyperscan reports with HS_FLAG_SOM_LEFTMOST (one per pattern
   and end offset, with the leftmost start; empty matches dropped, as vyre
   never reports them) is compared with vyre's list, record by record. Where
   Hyperscan refuses start-of-match tracking ("Pattern too large") only the
   end offsets are compared. Patterns: the 221 gitleaks regexes (with `$`
   spelled `\z`: PCRE's `$` also matches before a final newline, Go's does
   not) and random regexes from tests/re_gen.h (whose Hyperscan spelling is
   computed independently). Inputs: the repository's samples, real files and
   random bytes. */
#define _POSIX_C_SOURCE 200809L
#define VYRE_IMPLEMENTATION
#include "vyre.h"
#include "vt.h"
#include "re_gen.h"
#include "re_common.h"
#include <hs/hs.h>

typedef struct hs_ctx { re_ml *l; uint32_t id; } hs_ctx;
static int hs_on(unsigned int id, unsigned long long from, unsigned long long to, unsigned int flags, void *u) {
    hs_ctx *c = (hs_ctx *)u;
    re_m m;
    (void)id; (void)flags;
    if (from == to) return 0;
    memset(&m, 0, sizeof m);
    m.id = c->id; m.start = from; m.end = to;
    re_ml_push(c->l, &m);
    return 0;
}

/* one pattern compiled for Hyperscan: som = 1 with starts, 0 ends only, -1 rejected */
typedef struct hs_pat { hs_database_t *db; int som; char why[256]; } hs_pat;
static hs_pat hs_make(const char *pat) {
    hs_pat p;
    hs_compile_error_t *ce = NULL;
    memset(&p, 0, sizeof p);
    if (hs_compile(pat, HS_FLAG_SOM_LEFTMOST | HS_FLAG_ALLOWEMPTY, HS_MODE_BLOCK, NULL, &p.db, &ce) == HS_SUCCESS) { p.som = 1; return p; }
    snprintf(p.why, sizeof p.why, "%s", ce ? ce->message : "?");
    hs_free_compile_error(ce); ce = NULL;
    /* without ALLOWEMPTY: a pattern that matches the empty string cannot be told apart from its
       non-empty matches without start offsets, so it is not compared here (som = -2; RE2 covers it) */
    if (hs_compile(pat, 0, HS_MODE_BLOCK, NULL, &p.db, &ce) == HS_SUCCESS) { p.som = 0; return p; }
    snprintf(p.why, sizeof p.why, "%s", ce ? ce->message : "?");
    p.som = (ce && strstr(ce->message, "empty")) ? -2 : -1;
    hs_free_compile_error(ce);
    return p;
}

/* Hyperscan's matches of pattern `id` over h */
static void hs_run(const hs_pat *p, uint32_t id, const unsigned char *h, size_t n, re_ml *out) {
    hs_scratch_t *s = NULL;
    hs_ctx c;
    size_t i, w = 0;
    c.l = out; c.id = id;
    if (hs_alloc_scratch(p->db, &s) != HS_SUCCESS) abort();
    hs_scan(p->db, (const char *)h, (unsigned)n, 0, s, hs_on, &c);
    hs_free_scratch(s);
    /* one record per end offset (the leftmost start); Hyperscan reports each once, keep it exact */
    re_ml_sort(out);
    for (i = 0; i < out->n; i++) {
        if (w && out->m[w - 1].id == out->m[i].id && out->m[w - 1].end == out->m[i].end && out->m[w - 1].start == out->m[i].start) continue;
        out->m[w++] = out->m[i];
    }
    out->n = w;
}

static int cmp_end(const void *a, const void *b) {
    const re_m *x = (const re_m *)a, *y = (const re_m *)b;
    if (x->id != y->id) return x->id < y->id ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

/* compare vyre's and Hyperscan's lists for pattern ids [0, n); returns the differing records */
static size_t compare(const char *what, const char *const *pats, re_ml *v, re_ml *hs, const int *som) {
    size_t i = 0, j = 0, bad = 0;
    qsort(v->m, v->n, sizeof(re_m), cmp_end);
    qsort(hs->m, hs->n, sizeof(re_m), cmp_end);
    while (i < v->n || j < hs->n) {
        int c = i >= v->n ? 1 : j >= hs->n ? -1 : cmp_end(&v->m[i], &hs->m[j]);
        if (c == 0) {
            if (som[v->m[i].id] == 1 && v->m[i].start != hs->m[j].start) {
                if (bad++ < 8) CHECKF(0, "%s: pattern %u /%s/ end %llu: vyre start %llu, Hyperscan start %llu", what, v->m[i].id, pats[v->m[i].id],
                                      (unsigned long long)v->m[i].end, (unsigned long long)v->m[i].start, (unsigned long long)hs->m[j].start);
            }
            i++; j++;
        } else if (c < 0) {
            if (bad++ < 8) CHECKF(0, "%s: pattern %u /%s/: vyre only [%llu,%llu)", what, v->m[i].id, pats[v->m[i].id], (unsigned long long)v->m[i].start, (unsigned long long)v->m[i].end);
            i++;
        } else {
            if (bad++ < 8) CHECKF(0, "%s: pattern %u /%s/: Hyperscan only [%llu,%llu)", what, hs->m[j].id, pats[hs->m[j].id], (unsigned long long)hs->m[j].start, (unsigned long long)hs->m[j].end);
            j++;
        }
    }
    return bad;
}

static int vy_on(const vyre_re_match *m, const vyre_span *g, void *u) {
    re_m r;
    (void)g;
    memset(&r, 0, sizeof r);
    r.id = m->pattern_id; r.start = m->start; r.end = m->end;
    re_ml_push((re_ml *)u, &r);
    return 0;
}


static void scan_both(const char *what, const vyre_regex_set *set, const char *const *pats, const hs_pat *hp, const int *som, uint32_t npat,
                      const unsigned char *h, size_t n, size_t *compared) {
    re_ml v, hs;
    vyre_error err;
    uint32_t k;
    size_t i, w;
    memset(&v, 0, sizeof v); memset(&hs, 0, sizeof hs);
    if (!CHECK_RC(vyre_regex_scan_cb(set, NULL, h, n, vy_on, &v, &err), VYRE_OK)) { printf("  %s\n", err.message); return; }
    for (k = 0; k < npat; k++) {
        re_ml one;
        if (som[k] < 0) continue;
        memset(&one, 0, sizeof one);
        hs_run(&hp[k], k, h, n, &one);
        for (i = 0; i < one.n; i++) re_ml_push(&hs, &one.m[i]);
        re_ml_free(&one);
    }
    for (i = w = 0; i < v.n; i++) if (som[v.m[i].id] >= 0) v.m[w++] = v.m[i];
    v.n = w;
    compare(what, pats, &v, &hs, som);
    *compared += hs.n;
    re_ml_free(&v); re_ml_free(&hs);
}

static void t_hs_gitleaks(void) {
    re_rules R;
    vyre_regex *res;
    vyre_regex_set *set = NULL;
    vyre_error err;
    hs_pat *hp;
    int *som;
    char **hsp;
    size_t i, compared = 0, ends_only = 0, rejected = 0;
    re_buf corp, samp;
    if (!re_load_gitleaks(&R)) { vt_skip("tests/data/gitleaks-regexes.tsv not found"); return; }
    res = (vyre_regex *)calloc(R.n, sizeof *res);
    hp = (hs_pat *)calloc(R.n, sizeof *hp);
    som = (int *)calloc(R.n, sizeof *som);
    hsp = (char **)calloc(R.n, sizeof *hsp);
    for (i = 0; i < R.n; i++) {
        res[i].pattern = R.pat[i];
        hsp[i] = re_pcre_spelling(R.pat[i]);
        hp[i] = hs_make(hsp[i]);
        som[i] = hp[i].som;
        if (som[i] == 0) ends_only++;
        if (som[i] < 0) { rejected++; vt_note("Hyperscan rejects gitleaks %s: %s", R.name[i], hp[i].why); }
    }
    CHECK(rejected == 0);
    if (!CHECK_RC(vyre_regex_set_compile(res, R.n, NULL, &set, &err), VYRE_OK)) { printf("  %s\n", err.message); goto done; }
    memset(&samp, 0, sizeof samp);
    re_walk(&samp, "samples", 1u << 20, 1u << 20, 0);
    scan_both("gitleaks/samples", set, (const char *const *)R.pat, hp, som, (uint32_t)R.n, samp.p, samp.n, &compared);
    corp = re_corpus((size_t)(3u << 20) * (size_t)vt_scale());
    scan_both("gitleaks/real files", set, (const char *const *)R.pat, hp, som, (uint32_t)R.n, corp.p, corp.n, &compared);
    {
        /* each rule's literal factors followed by separators and random token bytes, many times */
        vt_rng r = vt_rng_make(12);
        re_buf b;
        size_t rep, k;
        memset(&b, 0, sizeof b);
        for (rep = 0; rep < 6; rep++)
            for (k = 0; k < R.n; k++) {
                vyre_literal f[32];
                size_t nf = 0, t, len;
                char tok[400];
                static const char *seps[] = {"", "=", " = \"", ": '", "_", "-", "\t", "\"", "=>\""};
                if (vyre_regex_set_factors(set, (uint32_t)k, f, 32, &nf, &err) != VYRE_OK || !nf) continue;
                re_buf_add(&b, "x ", 2);
                if (vt_below(&r, 2)) re_buf_add(&b, "api_key", 7);
                re_buf_add(&b, f[vt_below(&r, nf)].bytes, f[vt_below(&r, nf)].len);
                re_buf_add(&b, seps[vt_below(&r, 9)], strlen(seps[vt_below(&r, 9)]));
                len = (size_t)vt_range(&r, 4, 300);
                for (t = 0; t < len; t++) {
                    uint64_t x = vt_next(&r);
                    tok[t] = x % 50 == 0 ? "-_=.+/\n '\""[(x >> 8) % 10] : "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[(x >> 8) % 62];
                }
                re_buf_add(&b, tok, len);
                re_buf_add(&b, seps[vt_below(&r, 9)], strlen(seps[vt_below(&r, 9)]));
                re_buf_add(&b, "\n", 1);
            }
        scan_both("gitleaks/factor tokens", set, (const char *const *)R.pat, hp, som, (uint32_t)R.n, b.p, b.n, &compared);
        free(b.p);
    }
    {
        /* random bytes sprinkled with pieces of secrets */
        vt_rng r = vt_rng_make(11);
        size_t n = 1u << 20, k;
        unsigned char *h = (unsigned char *)malloc(n);
        static const char *bits[] = {"AKIA", "ghp_", "xoxb-", "token", "secret", "=", " = \"", "'", "\n", "ops_eyJ", "-----BEGIN", "api_key", "glpat-", "sk_live_", "AIza", "password", ": "};
        for (k = 0; k < n; k++) {
            uint64_t x = vt_next(&r);
            h[k] = (x & 3) ? (unsigned char)"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/_-"[(x >> 8) % 66] : (unsigned char)(x >> 16);
            if ((x >> 40) % 64 == 0) {
                const char *b = bits[(x >> 48) % 16];
                size_t bl = strlen(b);
                if (k + bl < n) { memcpy(h + k, b, bl); k += bl - 1; }
            }
        }
        scan_both("gitleaks/random", set, (const char *const *)R.pat, hp, som, (uint32_t)R.n, h, n, &compared);
        free(h);
    }
    vt_note("%llu Hyperscan matches compared; %llu of %llu rules end offsets only (Hyperscan: SOM not supported)", (unsigned long long)compared,
            (unsigned long long)ends_only, (unsigned long long)R.n);
    CHECK(compared > 100);
    free(corp.p); free(samp.p);
done:
    vyre_regex_set_free(set);
    for (i = 0; i < R.n; i++) { if (hp[i].db) hs_free_database(hp[i].db); free(hsp[i]); }
    free(res); free(hp); free(som); free(hsp);
    re_rules_free(&R);
}

/* vyre's view of whether a regex matches the empty string (ends-only comparisons skip those) */
static int set_nullable(const char *pat) {
    vyre_regex re;
    vyre_regex_set *set = NULL;
    vyre_regex_pattern_info pi;
    int n = 0;
    re.pattern = pat; re.len = 0; re.flags = 0;
    if (vyre_regex_set_compile(&re, 1, NULL, &set, NULL) == VYRE_OK && vyre_regex_set_pattern(set, 0, &pi) == VYRE_OK) n = (int)pi.nullable;
    vyre_regex_set_free(set);
    return n;
}

static void t_hs_random_regexes(void) {
    re_gen g;
    size_t npat = 40, rounds = 5 * (size_t)vt_scale(), round, compared = 0, rejected = 0, ends_only = 0, total = 0, nullable = 0, vyre_rejected = 0;
    re_buf corp = re_corpus(256u << 10);
    memset(&g, 0, sizeof g);
    g.s = 0x9E3779B97F4A7C15ull ^ vt_seed_base();
    g.no_groups = 1;
    for (round = 0; round < rounds; round++) {
        char *go[40], *hs[40];
        vyre_regex res[40];
        hs_pat hp[40];
        int som[40];
        vyre_regex_set *set = NULL;
        vyre_error err;
        size_t k;
        for (k = 0; k < npat; k++) {
            while (!re_gen_one(&g)) {}
            go[k] = strdup(g.go); hs[k] = strdup(g.hs);
            res[k].pattern = go[k]; res[k].len = 0; res[k].flags = 0;
            hp[k] = hs_make(hs[k]);
            som[k] = hp[k].som;
            {   /* a regex vyre rejects (nested repeats over 1000 copies, as Go and RE2 do: test_re2 checks
                   that they agree) is replaced by one that never matches */
                vyre_regex_set *one = NULL;
                if (vyre_regex_set_compile(&res[k], 1, NULL, &one, NULL) != VYRE_OK) {
                    res[k].pattern = "[^\\x00-\\xff]";
                    if (som[k] >= 0) som[k] = -3;
                    vyre_rejected++;
                }
                vyre_regex_set_free(one);
            }
            if (som[k] == 0 && set_nullable(go[k])) { som[k] = -2; }
            if (som[k] == -1 && rejected++ < 3) vt_note("Hyperscan rejects /%s/: %s", hs[k], hp[k].why);
            if (som[k] == -2) nullable++;
            if (som[k] == 0) ends_only++;
            total++;
        }
        if (CHECK_RC(vyre_regex_set_compile(res, npat, NULL, &set, &err), VYRE_OK)) {
            unsigned char h[2048];
            size_t t;
            for (t = 0; t < 12; t++) {
                size_t n = rg_below(&g, t < 4 ? 64 : (unsigned)sizeof h);
                re_gen_haystack(&g, h, n);
                scan_both("random", set, (const char *const *)go, hp, som, (uint32_t)npat, h, n, &compared);
            }
            if (corp.n > 4096) {
                size_t off = rg_below(&g, (unsigned)(corp.n - 4096));
                scan_both("random/real file", set, (const char *const *)go, hp, som, (uint32_t)npat, corp.p + off, 4096, &compared);
            }
        } else printf("  %s\n", err.message);
        vyre_regex_set_free(set);
        for (k = 0; k < npat; k++) { if (hp[k].db) hs_free_database(hp[k].db); free(go[k]); free(hs[k]); }
        if (vt__case_failures) break;
    }
    vt_note("%llu random regexes, %llu Hyperscan matches compared, %llu ends only, %llu match the empty string (not compared), %llu rejected by Hyperscan, %llu by vyre",
            (unsigned long long)total, (unsigned long long)compared, (unsigned long long)ends_only, (unsigned long long)nullable, (unsigned long long)rejected, (unsigned long long)vyre_rejected);
    CHECK(vyre_rejected * 10 < total);
    CHECK(rejected * 10 < total);
    CHECK(compared > 1000);
    free(corp.p);
}

/* Long stretches after a factor where the CPU engine's lazy DFA sits in one state that leaves only
   on a few bytes (its skip loop, vyre.h vyre__rx_skip): `.*`-style rules over long lines with the
   escape bytes sprinkled at random distances, some far past the first 64-byte block, and matches
   that need an escape byte right after one that led nowhere. Every end and start against Hyperscan. */
static void t_hs_long_lines(void) {
    static const char *const pats[] = {"ab.*cd", "(?s)BEGIN.{64,}?END", "x[^\n]*yz", "(?i)key[^;]{0,300}=q", "k.*(?:K|Z)EY",
                                       "\\bab\\b.*?[ \t]-cd\\b", "\\bx.*=q\\B", "x[^\n]*\\bqq", "(?i)k.*\\Bey"};
    /* the last four: \b makes the DFA alternate between a state and its word-context sibling (the pair skip);
       in the last two the landing byte's word-ness decides the next assertion */
    const uint32_t npat = (uint32_t)(sizeof pats / sizeof pats[0]);
    vyre_regex res[9];
    hs_pat hp[9];
    int som[9];
    vyre_regex_set *set = NULL;
    vyre_error err;
    size_t compared = 0, k, round;
    unsigned char *h = (unsigned char *)malloc(1 << 16);
    vt_rng G = vt_rng_make(0x51ull ^ vt_seed_base());
    for (k = 0; k < npat; k++) {
        char *hs = re_pcre_spelling(pats[k]);
        res[k].pattern = pats[k]; res[k].len = 0; res[k].flags = 0;
        hp[k] = hs_make(hs); som[k] = hp[k].som;
        if (som[k] != 1) vt_note("long lines: Hyperscan gives /%s/ %s", pats[k], som[k] == 0 ? "ends only" : hp[k].why);
        free(hs);
    }
    if (!CHECK_RC(vyre_regex_set_compile(res, npat, NULL, &set, &err), VYRE_OK)) { free(h); return; }
    for (round = 0; round < 100; round++) {
        static const char *const starts[] = {"ab", "BEGIN", "x", "KEY", "k"};
        static const char *const esc = "cdEyz=qKZ;\n -\tqe";
        size_t n = 0, cap = 1024 + (size_t)vt_below(&G, 60000);
        while (n + 64 < cap) {
            uint64_t r = vt_below(&G, 100);
            if (r < 10) { const char *st = starts[vt_below(&G, 5)]; memcpy(h + n, st, strlen(st)); n += strlen(st); }
            else if (r < 30) h[n++] = (unsigned char)esc[vt_below(&G, strlen(esc))];
            else if (r < 34) { memcpy(h + n, vt_below(&G, 2) ? "cdENDyzEY=q" : " -cd =qq\t-c", 11); n += 11; }
            else { size_t run = vt_below(&G, 6) ? vt_below(&G, 40) : 64 + vt_below(&G, 900), j; if (n + run + 64 > cap) run = cap - n - 64; for (j = 0; j < run; j++) h[n++] = (unsigned char)("mnop.rs,"[vt_below(&G, 8)]); }
        }
        scan_both("long lines", set, pats, hp, som, npat, h, n, &compared);
        if (vt__case_failures) break;
    }
    vt_note("long lines: %llu Hyperscan matches compared", (unsigned long long)compared);
    CHECK(compared > 2000);
    vyre_regex_set_free(set);
    for (k = 0; k < npat; k++) if (hp[k].db) hs_free_database(hp[k].db);
    free(h);
}

int main(void) {
    VT_RUN(t_hs_gitleaks);
    VT_RUN(t_hs_random_regexes);
    VT_RUN(t_hs_long_lines);
    return vt_finish();
}
