/* re2_oracle.h - RE2 as the regex oracle (C++; tests/test_re2.cpp and
   tests/fuzz/fuzz_regex.cpp): Latin-1 encoding so that RE2 is byte-oriented
   like vyre, longest_match false; Go's FindAllSubmatchIndex loop on RE2 (the
   LEFTMOST_FIRST reference, empty-match rules included) and the naive
   ALL_MATCHES reference (for every end e the leftmost s < e such that RE2
   matches exactly [s, e), the whole input as context). Needs re_common.h.

   RE2 before google/re2 0ff0fabc (2024-02-19, RE2 issue #477; Debian 12
   ships 20220601) has a Latin-1 defect: factoring a common non-ASCII prefix
   out of an alternation loses the prefix's Latin-1-ness, so the literal
   prefix used for acceleration becomes the UTF-8 bytes of the rune and
   (?:\xC9|\xC9) never matches "\xC9" (tests/fuzz/corpus/regex/re2_latin1_factoring
   is the fuzzer's instance). re2_new() probes the linked RE2 once; where the
   defect is present it keeps the Latin-1 compile for acceptance (what RE2
   accepts does not change) and matches through UTF-8 instead: every byte b
   of pattern and haystack becomes the rune U+00bb (the same one-byte-one-rune
   text, which RE2's UTF-8 mode handles correctly), and every offset maps back.
   A pattern with \C (one byte, not one rune) stays on Latin-1. */
#ifndef RE2_ORACLE_H
#define RE2_ORACLE_H
#include <re2/re2.h>
#include <algorithm>
#include <string>
#include <vector>

/* a vyre regex match callback (needs vyre.h) that appends the match and its first 24 group spans to
   the re_ml at u, as the references below record RE2's */
static int re2_vyre_collect(const vyre_re_match *m, const vyre_span *g, void *u) {
    re_m r;
    memset(&r, 0, sizeof r);
    r.id = m->pattern_id; r.start = m->start; r.end = m->end; r.ngroups = m->group_count < 24 ? m->group_count : 24;
    for (uint32_t k = 0; k < r.ngroups; k++) { r.g[2 * k] = g[k].start; r.g[2 * k + 1] = g[k].end; }
    re_ml_push((re_ml *)u, &r);
    return 0;
}

static RE2::Options re2_opts() {
    RE2::Options o;
    o.set_encoding(RE2::Options::EncodingLatin1);
    o.set_longest_match(false);
    o.set_log_errors(false);
    o.set_max_mem((int64_t)1 << 30);
    return o;
}

/* Latin-1 bytes as UTF-8 runes U+0000..U+00FF; at[i] is the UTF-8 offset of byte i (at[n] the end) */
static std::string re2_to_utf8(const unsigned char *h, size_t n, std::vector<size_t> *at) {
    std::string t;
    if (at) at->resize(n + 1);
    for (size_t i = 0; i < n; i++) {
        if (at) (*at)[i] = t.size();
        if (h[i] < 0x80) t += (char)h[i];
        else { t += (char)(0xC0 | (h[i] >> 6)); t += (char)(0x80 | (h[i] & 0x3F)); }
    }
    if (at) (*at)[n] = t.size();
    return t;
}
/* does the linked RE2 have the Latin-1 prefix-factoring defect (issue #477)? */
static bool re2_latin1_factor_bug(void) {
    static int known = -1;
    if (known < 0) {
        RE2::Options o;
        o.set_encoding(RE2::Options::EncodingLatin1);
        o.set_log_errors(false);
        RE2 probe("(?:\\xC9|\\xC9e)", o);   /* RE2 parses the escapes: the pattern text is ASCII */
        known = probe.ok() && !RE2::PartialMatch(re2::StringPiece("x\xC9y", 3), probe);
    }
    return known == 1;
}
/* the oracle's RE2 for a pattern: Latin-1 (its acceptance is what the tests compare), or the UTF-8
   transcoding where the linked RE2 has the Latin-1 defect above; check ok() as for new RE2 */
static RE2 *re2_new(const std::string &pat, RE2::Options o) {
    RE2 *l1 = new RE2(re2::StringPiece(pat), o);
    if (!l1->ok() || !re2_latin1_factor_bug() || pat.find("\\C") != std::string::npos) return l1;
    o.set_encoding(RE2::Options::EncodingUTF8);
    RE2 *u8 = new RE2(re2_to_utf8((const unsigned char *)pat.data(), pat.size(), NULL), o);
    if (!u8->ok()) { delete u8; return l1; }   /* e.g. over max_mem in UTF-8 only: keep Latin-1 */
    delete l1;
    return u8;
}
static bool re2_is_utf8(const RE2 &re) { return re.options().encoding() == RE2::Options::EncodingUTF8; }
/* a UTF-8 offset back to the byte index; *inside is set when it is not a rune boundary */
static uint64_t re2_back(const std::vector<size_t> &at, size_t off, bool *inside) {
    size_t i = (size_t)(std::upper_bound(at.begin(), at.end(), off) - at.begin()) - 1;
    if (inside) *inside = at[i] != off;
    return i;
}

/* Go's FindAllSubmatchIndex loop on RE2 */
static void re2_leftmost(const RE2 &re, uint32_t id, const unsigned char *h, size_t n, re_ml *out) {
    bool u8 = re2_is_utf8(re);
    std::vector<size_t> at;
    std::string t8 = u8 ? re2_to_utf8(h, n, &at) : std::string();
    re2::StringPiece text = u8 ? re2::StringPiece(t8) : re2::StringPiece((const char *)h, n);
    int ng = re.NumberOfCapturingGroups();
    std::vector<re2::StringPiece> sub((size_t)ng + 1);
    size_t pos = 0;
    uint64_t prev = UINT64_MAX;
    while (pos <= n) {
        if (!re.Match(text, u8 ? at[pos] : pos, text.size(), RE2::UNANCHORED, sub.data(), ng + 1)) break;
        uint64_t s = (uint64_t)(sub[0].data() - text.data()), e = s + sub[0].size();
        bool accept = true;
        if (u8) {
            /* RE2's unanchored loop runs over bytes, so an empty match can sit inside a rune: that
               position does not exist in the Latin-1 text; go on from the next byte */
            bool in_s, in_e;
            s = re2_back(at, (size_t)s, &in_s); e = re2_back(at, (size_t)e, &in_e);
            if (in_s || in_e) { pos = (size_t)s + 1; continue; }
        }
        if (e == pos) {
            if (s == prev) accept = false;
            pos += 1;
        } else {
            pos = (size_t)e;
        }
        prev = e;
        if (accept) {
            re_m m;
            memset(&m, 0, sizeof m);
            m.id = id; m.start = s; m.end = e; m.ngroups = (uint32_t)(ng < 24 ? ng : 24);
            for (int k = 0; k < (int)m.ngroups; k++) {
                if (sub[k + 1].data() == NULL) { m.g[2 * k] = m.g[2 * k + 1] = VYRE_RE_NO_SPAN; }
                else {
                    m.g[2 * k] = (uint64_t)(sub[k + 1].data() - text.data()); m.g[2 * k + 1] = m.g[2 * k] + sub[k + 1].size();
                    if (u8) { m.g[2 * k] = re2_back(at, (size_t)m.g[2 * k], NULL); m.g[2 * k + 1] = re2_back(at, (size_t)m.g[2 * k + 1], NULL); }
                }
            }
            re_ml_push(out, &m);
        }
    }
}

/* naive all-matches reference (short inputs) */
static void re2_all(const RE2 &re, uint32_t id, const unsigned char *h, size_t n, re_ml *out) {
    bool u8 = re2_is_utf8(re);
    std::vector<size_t> at;
    std::string t8 = u8 ? re2_to_utf8(h, n, &at) : std::string();
    re2::StringPiece text = u8 ? re2::StringPiece(t8) : re2::StringPiece((const char *)h, n);
    for (size_t e = 1; e <= n; e++)
        for (size_t s = 0; s < e; s++)
            if (re.Match(text, u8 ? at[s] : s, u8 ? at[e] : e, RE2::ANCHOR_BOTH, NULL, 0)) {
                re_m m;
                memset(&m, 0, sizeof m);
                m.id = id; m.start = s; m.end = e;
                re_ml_push(out, &m);
                break;
            }
}

#endif
