/* tests/fuzz/fuzz_regex.cpp - libFuzzer target for the regex parser and
   compiler (vyre.h >>regex) against RE2 (tests/re2_oracle.h; C++ only for
   the oracle).

   Input: byte 0 = flags (bit 0 (?i), bit 1 (?s), bit 2 (?m), bit 3 (?U),
   bit 4 the haystack is the pattern text itself), then up to 3 patterns and
   a haystack separated by 0x00 bytes (the last piece is the haystack; with
   one piece it is pattern and haystack). Patterns are cut at 256 bytes, the
   haystack at 256.
   Checked:
     - vyre compiles each pattern or fails with a regex code
       (SYNTAX / UNSUPPORTED / TOO_LARGE), a Fix: hint, pattern_index and an
       offset inside the pattern; never a crash, leak or UB (ASan+UBSan);
     - acceptance: a pattern RE2 rejects is rejected by vyre too (RE2's own
       size limits, kRegexpRepeatSize and kRegexpPatternTooLarge, excepted:
       vyre has its own); vyre may reject what RE2 accepts (the constructs
       docs/regex.md lists as unsupported);
     - matches: for the patterns both accept, LEFTMOST_FIRST matches with
       every capture span equal to Go's FindAllSubmatchIndex loop on RE2,
       and ALL_MATCHES on haystacks up to 48 bytes equal to the naive
       RE2 reference; every record compared.
     - Hyperscan (HS_FLAG_SOM_LEFTMOST; byte mode), on patterns written in
       the syntax subset whose meaning PCRE and RE2 agree on (letters,
       digits, `_ . * + ? | ( ) [ ] ^ -`, space, and the escapes
       \d \w \D \W \b \B \. \\ (not \s: PCRE counts \v in it); no flags but the (?i) of byte 0):
       ALL_MATCHES with leftmost starts, empty matches dropped, equal to
       Hyperscan's matches; where Hyperscan accepts no start of match ("Pattern
       too large"), the ends. A pattern Hyperscan rejects is not compared.
   With (?i) the haystack is cut to 7-bit bytes: vyre folds ASCII only, RE2
   in Latin-1 also folds the letters above 0xC0 (a documented difference).
   Build: make build/fuzz/fuzz_regex (tests/tests.mk). */
#define VYRE_IMPLEMENTATION
#include "../../vyre.h"
#include "../re_common.h"
#include "../re2_oracle.h"
#include <re2/re2.h>
#include <hs/hs.h>
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

static void must_at(bool ok, int line, const char *what) {
    if (!ok) { fprintf(stderr, "fuzz_regex: line %d: %s\n", line, what); abort(); }
}
#define must(ok, what) must_at((ok), __LINE__, (what))

static void same(re_ml *v, re_ml *o, bool groups, const std::vector<std::string> &pats, const char *mode) {
    re_ml_sort(v); re_ml_sort(o);
    bool ok = v->n == o->n;
    for (size_t i = 0; ok && i < v->n; i++) {
        if (re_m_cmp(&v->m[i], &o->m[i]) != 0) ok = false;
        else if (groups && (v->m[i].ngroups != o->m[i].ngroups ||
                            memcmp(v->m[i].g, o->m[i].g, 2 * sizeof(uint64_t) * v->m[i].ngroups) != 0)) ok = false;
    }
    if (!ok) {
        fprintf(stderr, "fuzz_regex: %s: vyre %zu matches, RE2 %zu\n", mode, v->n, o->n);
        for (size_t k = 0; k < pats.size(); k++) fprintf(stderr, "  pattern %zu: /%s/\n", k, pats[k].c_str());
        for (size_t i = 0; i < v->n && i < 8; i++) fprintf(stderr, "  vyre %u [%llu,%llu)\n", v->m[i].id, (unsigned long long)v->m[i].start, (unsigned long long)v->m[i].end);
        for (size_t i = 0; i < o->n && i < 8; i++) fprintf(stderr, "  RE2  %u [%llu,%llu)\n", o->m[i].id, (unsigned long long)o->m[i].start, (unsigned long long)o->m[i].end);
        abort();
    }
}

/* FUZZ_REGEX_STATS=1: how many patterns met each oracle, printed at exit */
static unsigned long g_re2_cmp, g_hs_som, g_hs_ends;
static void stats_at_exit(void) { fprintf(stderr, "fuzz_regex stats: %lu patterns against RE2, %lu against Hyperscan with starts, %lu ends only\n", g_re2_cmp, g_hs_som, g_hs_ends); }
/* the PCRE/RE2 common subset (above) */
static bool hs_subset(const std::string &p) {
    for (size_t i = 0; i < p.size(); i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == '\\') {
            if (i + 1 >= p.size() || !strchr("dwDWbB.\\", p[i + 1])) return false;   /* not \\s: PCRE and Hyperscan count \\v in it, RE2 does not */
            i++;
            continue;
        }
        if (!(isalnum(c) || strchr("_.*+?|()[]^- ", c)) || c == 0) return false;
        if (c == '(' && i + 1 < p.size() && p[i + 1] == '?') return false;   /* no groups with flags or names */
        if (c == '[' && i + 1 < p.size() && p[i + 1] == '[') return false;   /* no [[:class:]] */
    }
    return true;
}
struct hs_hits { std::vector<std::pair<uint64_t, uint64_t> > v; bool som; };
static int hs_on(unsigned int id, unsigned long long from, unsigned long long to, unsigned int fl, void *u) {
    (void)id; (void)fl;
    hs_hits *hh = (hs_hits *)u;
    if (!hh->som || from != to) hh->v.push_back(std::make_pair((uint64_t)from, (uint64_t)to));   /* with starts, empty matches dropped */
    return 0;
}
/* vyre's ALL_MATCHES of pattern k against Hyperscan's, if Hyperscan takes the pattern */
static void hs_compare(const std::string &pat, bool caseless, const vyre_regex_set *set1, const uint8_t *h, size_t n) {
    hs_database_t *db = NULL;
    hs_compile_error_t *ce = NULL;
    unsigned fl = HS_FLAG_SOM_LEFTMOST | HS_FLAG_ALLOWEMPTY | (caseless ? HS_FLAG_CASELESS : 0u);
    bool som = true;
    if (hs_compile(pat.c_str(), fl, HS_MODE_BLOCK, NULL, &db, &ce) != HS_SUCCESS) {
        hs_free_compile_error(ce); ce = NULL;
        /* ends only: an empty match cannot be told from a non-empty one without its start, so a pattern
           that can match empty (nullable, or with an empty-width test) is not compared */
        som = false;
        if (pat.find("\\b") != std::string::npos || pat.find("\\B") != std::string::npos || pat.find('^') != std::string::npos) return;
        {
            RE2::Options o = re2_opts();
            o.set_case_sensitive(!caseless);
            RE2 re(pat, o);
            if (!re.ok() || RE2::FullMatch("", re)) return;
        }
        if (hs_compile(pat.c_str(), caseless ? HS_FLAG_CASELESS : 0u, HS_MODE_BLOCK, NULL, &db, &ce) != HS_SUCCESS) { hs_free_compile_error(ce); return; }
    }
    if (som) g_hs_som++; else g_hs_ends++;
    hs_scratch_t *sc = NULL;
    hs_hits hh;
    hh.som = som;
    if (hs_alloc_scratch(db, &sc) != HS_SUCCESS) { hs_free_database(db); return; }
    hs_error_t hr = hs_scan(db, n ? (const char *)h : "", (unsigned)n, 0, sc, hs_on, &hh);
    hs_free_scratch(sc); hs_free_database(db);
    if (hr != HS_SUCCESS) return;   /* e.g. HS_ARCH_ERROR on a CPU this libhs was not built for: no oracle */
    re_ml v;
    vyre_re_scan_desc d;
    vyre_error err;
    memset(&v, 0, sizeof v); memset(&d, 0, sizeof d);
    d.mode = VYRE_RE_ALL_MATCHES;
    must(vyre_regex_scan_cb(set1, &d, h, n, re2_vyre_collect, &v, &err) == VYRE_OK, err.message);
    std::vector<std::pair<uint64_t, uint64_t> > vv;
    for (size_t i = 0; i < v.n; i++) vv.push_back(std::make_pair(som ? v.m[i].start : 0, v.m[i].end));
    if (!som) for (auto &x : hh.v) x.first = 0;
    std::sort(vv.begin(), vv.end()); std::sort(hh.v.begin(), hh.v.end());
    hh.v.erase(std::unique(hh.v.begin(), hh.v.end()), hh.v.end());
    if (vv != hh.v) {
        fprintf(stderr, "fuzz_regex: Hyperscan%s: vyre %zu matches, Hyperscan %zu; pattern /%s/%s\n", som ? " (SOM)" : " (ends)", vv.size(), hh.v.size(),
                pat.c_str(), caseless ? "i" : "");
        for (size_t i = 0; i < vv.size() && i < 8; i++) fprintf(stderr, "  vyre [%llu,%llu)\n", (unsigned long long)vv[i].first, (unsigned long long)vv[i].second);
        for (size_t i = 0; i < hh.v.size() && i < 8; i++) fprintf(stderr, "  HS   [%llu,%llu)\n", (unsigned long long)hh.v[i].first, (unsigned long long)hh.v[i].second);
        abort();
    }
    re_ml_free(&v);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static int stats = -1;
    if (stats < 0) { stats = getenv("FUZZ_REGEX_STATS") != NULL; if (stats) atexit(stats_at_exit); }
    if (size < 1) return 0;
    uint8_t fl = data[0];
    std::vector<std::string> piece;
    size_t s = 1;
    for (size_t i = 1; i <= size; i++)
        if (i == size || data[i] == 0) {
            if (piece.size() < 4) piece.push_back(std::string((const char *)data + s, i - s));
            s = i + 1;
        }
    std::vector<std::string> pats(piece.begin(), piece.size() > 1 ? piece.end() - 1 : piece.end());
    std::string hay = (fl & 16u) || piece.size() == 1 ? pats[0] : piece.back();
    for (auto &p : pats) if (p.size() > 256) p.resize(256);
    if (hay.size() > 256) hay.resize(256);
    uint32_t flags = (fl & 1u ? VYRE_RE_CASELESS : 0) | (fl & 2u ? VYRE_RE_DOTALL : 0) | (fl & 4u ? VYRE_RE_MULTILINE : 0) |
                     (fl & 8u ? VYRE_RE_UNGREEDY : 0);
    std::string pre = std::string(fl & 1u ? "(?i)" : "") + (fl & 2u ? "(?s)" : "") + (fl & 4u ? "(?m)" : "") + (fl & 8u ? "(?U)" : "");
    bool fold = (fl & 1u) != 0;
    for (auto &p : pats) if (p.find('i') != std::string::npos) fold = true;   /* a (?i) inside the pattern */
    if (fold) for (auto &c : hay) c = (char)((unsigned char)c & 0x7Fu);

    vyre_regex_desc desc;
    memset(&desc, 0, sizeof desc);
    desc.max_insts = 1u << 14;   /* keeps every input fast; larger is VYRE_ERR_REGEX_TOO_LARGE */
    std::vector<std::unique_ptr<RE2>> re2s;
    std::vector<vyre_regex> ok_res;
    std::vector<std::string> ok_pats;
    for (size_t k = 0; k < pats.size(); k++) {
        vyre_regex r;
        vyre_regex_set *one = NULL;
        vyre_error err;
        r.pattern = pats[k].data(); r.len = pats[k].size(); r.flags = flags;
        if (r.len == 0) continue;   /* len 0 means strlen: an empty piece is skipped */
        vyre_result rc = vyre_regex_set_compile(&r, 1, &desc, &one, &err);
        if (rc != VYRE_OK) {
            must(one == NULL, "a failed compile gave a set");
            must(rc == VYRE_ERR_REGEX_SYNTAX || rc == VYRE_ERR_REGEX_UNSUPPORTED || rc == VYRE_ERR_REGEX_TOO_LARGE, err.message);
            must(strncmp(err.fix, "Fix:", 4) == 0, "no Fix: hint");
            must(err.pattern_index == 0 && err.offset <= r.len, err.message);
            continue;
        }
        must(one != NULL, "compile OK without a set");
        if ((fl & 14u) == 0 && hs_subset(pats[k])) hs_compare(pats[k], (fl & 1u) != 0, one, (const uint8_t *)hay.data(), hay.size());
        vyre_regex_set_free(one);
        RE2::Options o = re2_opts();
        o.set_max_mem((int64_t)64 << 20);   /* over it RE2 says kRegexpPatternTooLarge, excepted below */
        std::unique_ptr<RE2> re(re2_new(pre + pats[k], o));
        if (!re->ok()) {
            RE2::ErrorCode ec = re->error_code();
            if (ec == RE2::ErrorRepeatSize || ec == RE2::ErrorPatternTooLarge) continue;
            fprintf(stderr, "fuzz_regex: RE2 rejects /%s/ (%s) but vyre compiles it\n", pats[k].c_str(), re->error().c_str());
            abort();
        }
        g_re2_cmp++;
        ok_res.push_back(r);
        ok_pats.push_back(pats[k]);
        re2s.push_back(std::move(re));
    }
    if (ok_res.empty()) return 0;
    vyre_regex_set *set = NULL;
    vyre_error err;
    must(vyre_regex_set_compile(ok_res.data(), ok_res.size(), &desc, &set, &err) == VYRE_OK, err.message);
    const unsigned char *h = (const unsigned char *)hay.data();
    size_t n = hay.size();
    vyre_re_scan_desc d;
    re_ml v, o;
    memset(&d, 0, sizeof d);
    memset(&v, 0, sizeof v); memset(&o, 0, sizeof o);
    d.mode = VYRE_RE_LEFTMOST_FIRST;
    must(vyre_regex_scan_cb(set, &d, h, n, re2_vyre_collect, &v, &err) == VYRE_OK, err.message);
    for (size_t k = 0; k < re2s.size(); k++) re2_leftmost(*re2s[k], (uint32_t)k, h, n, &o);
    same(&v, &o, true, ok_pats, "LEFTMOST_FIRST");
    re_ml_free(&v); re_ml_free(&o);
    if (n <= 48) {
        d.mode = VYRE_RE_ALL_MATCHES;
        must(vyre_regex_scan_cb(set, &d, h, n, re2_vyre_collect, &v, &err) == VYRE_OK, err.message);
        for (size_t k = 0; k < re2s.size(); k++) re2_all(*re2s[k], (uint32_t)k, h, n, &o);
        same(&v, &o, false, ok_pats, "ALL_MATCHES");
        re_ml_free(&v); re_ml_free(&o);
    }
    vyre_regex_set_free(set);
    return 0;
}
