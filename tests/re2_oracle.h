/* re2_oracle.h - RE2 as the regex oracle (C++; tests/test_re2.cpp and
   tests/fuzz/fuzz_regex.cpp): Latin-1 encoding so that RE2 is byte-oriented
   like vyre, longest_match false; Go's FindAllSubmatchIndex loop on RE2 (the
   LEFTMOST_FIRST reference, empty-match rules included) and the naive
   ALL_MATCHES reference (for every end e the leftmost s < e such that RE2
   matches exactly [s, e), the whole input as context). Needs re_common.h. */
#ifndef RE2_ORACLE_H
#define RE2_ORACLE_H
#include <re2/re2.h>
#include <string>
#include <vector>

static RE2::Options re2_opts() {
    RE2::Options o;
    o.set_encoding(RE2::Options::EncodingLatin1);
    o.set_longest_match(false);
    o.set_log_errors(false);
    o.set_max_mem((int64_t)1 << 30);
    return o;
}

/* Go's FindAllSubmatchIndex loop on RE2 */
static void re2_leftmost(const RE2 &re, uint32_t id, const unsigned char *h, size_t n, re_ml *out) {
    re2::StringPiece text((const char *)h, n);
    int ng = re.NumberOfCapturingGroups();
    std::vector<re2::StringPiece> sub((size_t)ng + 1);
    size_t pos = 0;
    uint64_t prev = UINT64_MAX;
    while (pos <= n) {
        if (!re.Match(text, pos, n, RE2::UNANCHORED, sub.data(), ng + 1)) break;
        uint64_t s = (uint64_t)(sub[0].data() - text.data()), e = s + sub[0].size();
        bool accept = true;
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
                else { m.g[2 * k] = (uint64_t)(sub[k + 1].data() - text.data()); m.g[2 * k + 1] = m.g[2 * k] + sub[k + 1].size(); }
            }
            re_ml_push(out, &m);
        }
    }
}

/* naive all-matches reference (short inputs) */
static void re2_all(const RE2 &re, uint32_t id, const unsigned char *h, size_t n, re_ml *out) {
    re2::StringPiece text((const char *)h, n);
    for (size_t e = 1; e <= n; e++)
        for (size_t s = 0; s < e; s++)
            if (re.Match(text, s, e, RE2::ANCHOR_BOTH, NULL, 0)) {
                re_m m;
                memset(&m, 0, sizeof m);
                m.id = id; m.start = s; m.end = e;
                re_ml_push(out, &m);
                break;
            }
}

#endif
