/* test_re2.cpp - vyre's regex modes against RE2 (C++ only for the oracle).

   LEFTMOST_FIRST: RE2 (Latin-1 encoding so that it is byte-oriented like
   vyre, longest_match false) drives Go's FindAllIndex loop (empty-match
   rules included: an empty match right after the previous match is
   dropped, and the search then moves one byte on); every match and the span
   of every capture group is compared with vyre's.
   ALL_MATCHES on short inputs: for every end e, the leftmost s < e such that
   RE2 matches exactly [s, e) (RE2::Match anchored at both ends, with the
   whole input as context for ^ $ \b) - a naive reference that also covers
   patterns Hyperscan cannot take (those matching the empty string).
   Patterns: the gitleaks regexes and random regexes over the whole syntax
   (tests/re_gen.h). Inputs: samples/, real files, random bytes. */
#define _POSIX_C_SOURCE 200809L
#define VYRE_IMPLEMENTATION
#include "vyre.h"
#include "vt.h"
#include "re_gen.h"
#include "re_common.h"
#include "re2_oracle.h"
#include <re2/re2.h>
#include <memory>
#include <string>
#include <vector>

static size_t g_bad;
static void compare(const char *what, const char *const *pats, re_ml *v, re_ml *o, int groups) {
    size_t i = 0, j = 0;
    re_ml_sort(v); re_ml_sort(o);
    while (i < v->n || j < o->n) {
        int c = i >= v->n ? 1 : j >= o->n ? -1 : re_m_cmp(&v->m[i], &o->m[j]);
        if (c == 0) {
            if (groups && (v->m[i].ngroups != o->m[j].ngroups || memcmp(v->m[i].g, o->m[j].g, 2 * sizeof(uint64_t) * v->m[i].ngroups) != 0)) {
                if (g_bad++ < 10) {
                    std::string a, b;
                    char t[64];
                    for (uint32_t k = 0; k < v->m[i].ngroups; k++) { snprintf(t, sizeof t, "{%lld,%lld}", (long long)v->m[i].g[2 * k], (long long)v->m[i].g[2 * k + 1]); a += t; }
                    for (uint32_t k = 0; k < o->m[j].ngroups; k++) { snprintf(t, sizeof t, "{%lld,%lld}", (long long)o->m[j].g[2 * k], (long long)o->m[j].g[2 * k + 1]); b += t; }
                    CHECKF(0, "%s: pattern %u /%s/ [%llu,%llu): vyre groups %s, RE2 %s", what, v->m[i].id, pats[v->m[i].id],
                           (unsigned long long)v->m[i].start, (unsigned long long)v->m[i].end, a.c_str(), b.c_str());
                }
            }
            i++; j++;
        } else if (c < 0) {
            if (g_bad++ < 10) CHECKF(0, "%s: pattern %u /%s/: vyre only [%llu,%llu)", what, v->m[i].id, pats[v->m[i].id], (unsigned long long)v->m[i].start, (unsigned long long)v->m[i].end);
            i++;
        } else {
            if (g_bad++ < 10) CHECKF(0, "%s: pattern %u /%s/: RE2 only [%llu,%llu)", what, o->m[j].id, pats[o->m[j].id], (unsigned long long)o->m[j].start, (unsigned long long)o->m[j].end);
            j++;
        }
    }
}

static size_t scan_both(const char *what, const vyre_regex_set *set, const char *const *pats, const std::vector<std::unique_ptr<RE2>> &res,
                        const unsigned char *h, size_t n, bool all_too) {
    re_ml v, o;
    vyre_error err;
    vyre_re_scan_desc d;
    size_t compared;
    memset(&v, 0, sizeof v); memset(&o, 0, sizeof o);
    memset(&d, 0, sizeof d);
    d.mode = VYRE_RE_LEFTMOST_FIRST;
    if (!CHECK_RC(vyre_regex_scan_cb(set, &d, h, n, re2_vyre_collect, &v, &err), VYRE_OK)) { printf("  %s\n", err.message); return 0; }
    for (size_t k = 0; k < res.size(); k++) if (res[k]) re2_leftmost(*res[k], (uint32_t)k, h, n, &o);
    compare(what, pats, &v, &o, 1);
    compared = o.n;
    if (all_too) {
        re_ml_free(&v); re_ml_free(&o);
        d.mode = VYRE_RE_ALL_MATCHES;
        if (!CHECK_RC(vyre_regex_scan_cb(set, &d, h, n, re2_vyre_collect, &v, &err), VYRE_OK)) return compared;
        for (size_t k = 0; k < res.size(); k++) if (res[k]) re2_all(*res[k], (uint32_t)k, h, n, &o);
        compare(what, pats, &v, &o, 0);
        compared += o.n;
    }
    re_ml_free(&v); re_ml_free(&o);
    return compared;
}

static void t_re2_gitleaks(void) {
    re_rules R;
    if (!re_load_gitleaks(&R)) { vt_skip("tests/data/gitleaks-regexes.tsv not found"); return; }
    std::vector<vyre_regex> res(R.n);
    std::vector<std::unique_ptr<RE2>> re2s(R.n);
    vyre_regex_set *set = NULL;
    vyre_error err;
    size_t compared = 0;
    for (size_t i = 0; i < R.n; i++) {
        res[i].pattern = R.pat[i]; res[i].len = 0; res[i].flags = 0;
        re2s[i].reset(re2_new(R.pat[i], re2_opts()));
        if (!CHECKF(re2s[i]->ok(), "RE2 rejects gitleaks %s: %s", R.name[i], re2s[i]->error().c_str())) re2s[i].reset();
    }
    if (CHECK_RC(vyre_regex_set_compile(res.data(), R.n, NULL, &set, &err), VYRE_OK)) {
        re_buf samp, corp, tokens;
        memset(&samp, 0, sizeof samp); memset(&tokens, 0, sizeof tokens);
        re_walk(&samp, "samples", 1u << 20, 1u << 20, 0);
        compared += scan_both("gitleaks/samples", set, R.pat, re2s, samp.p, samp.n, false);
        corp = re_corpus((size_t)(1u << 20) * (size_t)vt_scale());
        compared += scan_both("gitleaks/real files", set, R.pat, re2s, corp.p, corp.n, false);
        {
            vt_rng r = vt_rng_make(12);
            for (size_t rep = 0; rep < 6; rep++)
                for (size_t k = 0; k < R.n; k++) {
                    vyre_literal f[32];
                    size_t nf = 0, len;
                    char tok[400];
                    static const char *seps[] = {"", "=", " = \"", ": '", "_", "-", "\t", "\"", "=>\""};
                    if (vyre_regex_set_factors(set, (uint32_t)k, f, 32, &nf, &err) != VYRE_OK || !nf) continue;
                    re_buf_add(&tokens, "x ", 2);
                    if (vt_below(&r, 2)) re_buf_add(&tokens, "api_key", 7);
                    size_t fi = (size_t)vt_below(&r, nf);
                    re_buf_add(&tokens, f[fi].bytes, f[fi].len);
                    const char *sp = seps[vt_below(&r, 9)];
                    re_buf_add(&tokens, sp, strlen(sp));
                    len = (size_t)vt_range(&r, 4, 300);
                    for (size_t t = 0; t < len; t++) {
                        uint64_t x = vt_next(&r);
                        tok[t] = x % 50 == 0 ? "-_=.+/\n '\""[(x >> 8) % 10] : "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[(x >> 8) % 62];
                    }
                    re_buf_add(&tokens, tok, len);
                    sp = seps[vt_below(&r, 9)];
                    re_buf_add(&tokens, sp, strlen(sp));
                    re_buf_add(&tokens, "\n", 1);
                }
        }
        compared += scan_both("gitleaks/factor tokens", set, R.pat, re2s, tokens.p, tokens.n, false);
        vt_note("%llu RE2 matches (with capture spans) compared", (unsigned long long)compared);
        CHECK(compared > 100);
        free(samp.p); free(corp.p); free(tokens.p);
    } else printf("  %s\n", err.message);
    vyre_regex_set_free(set);
    re_rules_free(&R);
}

static void t_re2_random_regexes(void) {
    re_gen g;
    size_t npat = 40, rounds = 10 * (size_t)vt_scale(), compared = 0, total = 0, rejected = 0;
    re_buf corp = re_corpus(256u << 10);
    memset(&g, 0, sizeof g);
    g.s = 0xD1B54A32D192ED03ull ^ vt_seed_base();
    for (size_t round = 0; round < rounds && !vt__case_failures; round++) {
        std::vector<std::string> pats;
        std::vector<const char *> cp;
        std::vector<vyre_regex> res;
        std::vector<std::unique_ptr<RE2>> re2s;
        vyre_regex_set *set = NULL;
        vyre_error err;
        for (size_t k = 0; k < npat; k++) {
            while (!re_gen_one(&g)) {}
            pats.push_back(g.go);
        }
        for (size_t k = 0; k < npat; k++) {
            vyre_regex r;
            r.pattern = pats[k].c_str(); r.len = 0; r.flags = 0;
            res.push_back(r); cp.push_back(pats[k].c_str());
            re2s.emplace_back(re2_new(pats[k], re2_opts()));
            total++;
            if (!re2s.back()->ok()) {
                /* both must reject; vyre says why */
                vyre_regex_set *one = NULL;
                if (rejected++ < 3) vt_note("RE2 rejects /%s/: %s", pats[k].c_str(), re2s.back()->error().c_str());
                CHECKF(vyre_regex_set_compile(&r, 1, NULL, &one, &err) != VYRE_OK, "RE2 rejects /%s/ (%s) but vyre compiles it", pats[k].c_str(), re2s.back()->error().c_str());
                vyre_regex_set_free(one);
                re2s.back().reset();
                res.back().pattern = "[^\\x00-\\xff]";   /* never matches; keeps the ids aligned */
            }
        }
        if (!CHECK_RC(vyre_regex_set_compile(res.data(), npat, NULL, &set, &err), VYRE_OK)) { printf("  %s (/%s/)\n", err.message, err.pattern_index < npat ? cp[err.pattern_index] : "?"); continue; }
        unsigned char h[2048];
        for (int t = 0; t < 12; t++) {
            size_t n = rg_below(&g, t < 6 ? 40 : (unsigned)sizeof h);
            re_gen_haystack(&g, h, n);
            compared += scan_both("random", set, cp.data(), re2s, h, n, n <= 40);
        }
        if (corp.n > 4096) {
            size_t off = rg_below(&g, (unsigned)(corp.n - 4096));
            compared += scan_both("random/real file", set, cp.data(), re2s, corp.p + off, 4096, false);
        }
        vyre_regex_set_free(set);
    }
    vt_note("%llu random regexes (%llu rejected by both), %llu RE2 matches compared", (unsigned long long)total, (unsigned long long)rejected,
            (unsigned long long)compared);
    CHECK(rejected * 20 < total);
    CHECK(compared > 1000);
    free(corp.p);
}

/* the oracle itself, on the Latin-1 alternations that Debian 12's RE2 gets wrong (re2_oracle.h,
   RE2 issue #477): whichever way re2_new() matches, the answer is the literal one, and vyre's too */
static void t_re2_latin1_prefix(void) {
    static const char *const pats[] = {"(?:\\xC9|\\xC9e)", "\xC9\xC9=|\xC9" "eyJ", "(\xE9+)|\xE9" "b|x*"};
    static const char hay[] = "a\xC9" "e\xC9\xC9=\xC9" "eyJ \xE9\xE9" "b \xE9";
    const unsigned char *h = (const unsigned char *)hay;
    size_t n = sizeof hay - 1, i;
    vt_note("linked RE2 %s the Latin-1 factoring defect", re2_latin1_factor_bug() ? "has" : "does not have");
    for (i = 0; i < 3; i++) {
        std::vector<std::unique_ptr<RE2>> res;
        vyre_regex r;
        vyre_regex_set *set = NULL;
        vyre_error err;
        res.emplace_back(re2_new(pats[i], re2_opts()));
        if (!CHECKF(res[0]->ok(), "RE2 rejects /%s/", pats[i])) continue;
        r.pattern = pats[i]; r.len = 0; r.flags = 0;
        if (!CHECK_RC(vyre_regex_set_compile(&r, 1, NULL, &set, &err), VYRE_OK)) continue;
        CHECK(scan_both("latin1 prefix", set, &pats[i], res, h, n, true) > 0);
        vyre_regex_set_free(set);
    }
    {   /* the first pattern's leftmost-first matches, written out: the first alternative wins at
           every \xC9 of the text, offsets 1, 3, 4 and 6 */
        re_ml o;
        std::unique_ptr<RE2> re(re2_new(pats[0], re2_opts()));
        memset(&o, 0, sizeof o);
        re2_leftmost(*re, 0, h, n, &o);
        CHECK_EQ_U64(o.n, 4);
        if (o.n == 4) { CHECK_EQ_U64(o.m[0].start, 1); CHECK_EQ_U64(o.m[0].end, 2); CHECK_EQ_U64(o.m[3].start, 6); CHECK_EQ_U64(o.m[3].end, 7); }
        re_ml_free(&o);
    }
}

int main(void) {
    VT_RUN(t_re2_latin1_prefix);
    VT_RUN(t_re2_gitleaks);
    VT_RUN(t_re2_random_regexes);
    return vt_finish();
}
