/* test_regex.c - vyre's regex chapters: parser errors (exact codes and byte
   offsets), unit semantics of both match modes against hand-checked
   expectations (Go's regexp answers), literal factors, limits, the bounded
   scan, serialization, capacity errors and the callback form. The oracle
   tests are tests/test_re_hs.c (Hyperscan) and tests/test_re2.cpp (RE2). */
#define _POSIX_C_SOURCE 200809L
#define VYRE_IMPLEMENTATION
#include "vyre.h"
#include "vt.h"
#include <pthread.h>

static int vt_re_cmp(const void *a, const void *b) {
    const vyre_re_match *x = (const vyre_re_match *)a, *y = (const vyre_re_match *)b;
    if (x->pattern_id != y->pattern_id) return x->pattern_id < y->pattern_id ? -1 : 1;
    if (x->end != y->end) return x->end < y->end ? -1 : 1;
    return x->start < y->start ? -1 : x->start > y->start;
}
static vyre_result compile1(const char *pat, uint32_t flags, vyre_regex_set **out, vyre_error *err) {
    vyre_regex re;
    re.pattern = pat; re.len = 0; re.flags = flags;
    return vyre_regex_set_compile(&re, 1, NULL, out, err);
}

/* "s,e s,e ..." of a scan, groups as {s,e} after each match (mode 2) */
static void run(const char *pat, uint32_t flags, vyre_re_mode mode, const char *hay, char *out, size_t cap) {
    vyre_regex_set *set = NULL;
    vyre_error err;
    vyre_re_match m[64];
    vyre_span g[256];
    vyre_re_scan_desc o;
    size_t n = 0, ng = 0, i, at = 0;
    out[0] = 0;
    if (compile1(pat, flags, &set, &err) != VYRE_OK) { snprintf(out, cap, "ERR %s", vyre_result_str(err.code)); return; }
    memset(&o, 0, sizeof o);
    o.mode = mode;
    if (vyre_regex_scan(set, &o, hay, strlen(hay), m, 64, &n, g, 256, &ng, &err) != VYRE_OK) { snprintf(out, cap, "SCAN %s", err.message); vyre_regex_set_free(set); return; }
    for (i = 0; i < n; i++) {
        uint32_t k;
        at += (size_t)snprintf(out + at, cap - at, "%s%llu,%llu", i ? " " : "", (unsigned long long)m[i].start, (unsigned long long)m[i].end);
        for (k = 0; k < m[i].group_count; k++) {
            const vyre_span *s = &g[m[i].groups + k];
            if (s->start == VYRE_RE_NO_SPAN) at += (size_t)snprintf(out + at, cap - at, "{-}");
            else at += (size_t)snprintf(out + at, cap - at, "{%llu,%llu}", (unsigned long long)s->start, (unsigned long long)s->end);
        }
    }
    vyre_regex_set_free(set);
}
#define EXPECT(pat, flags, mode, hay, want) do { char got_[2048]; run((pat), (flags), (mode), (hay), got_, sizeof got_); \
    CHECKF(strcmp(got_, (want)) == 0, "/%s/ %s on \"%s\": got \"%s\", want \"%s\"", (pat), (mode) ? "leftmost-first" : "all", (hay), got_, (want)); } while (0)
#define ALL VYRE_RE_ALL_MATCHES
#define LF VYRE_RE_LEFTMOST_FIRST

static void t_parse_errors(void) {
    static const struct { const char *pat; vyre_result code; uint64_t off; const char *word; } cases[] = {
        {"a(b", VYRE_ERR_REGEX_SYNTAX, 1, "missing closing )"},
        {"ab)", VYRE_ERR_REGEX_SYNTAX, 2, "unexpected )"},
        {"[abc", VYRE_ERR_REGEX_SYNTAX, 0, "missing closing ]"},
        {"x[]", VYRE_ERR_REGEX_SYNTAX, 1, "missing closing ]"},
        {"*a", VYRE_ERR_REGEX_SYNTAX, 0, "missing argument"},
        {"a|+", VYRE_ERR_REGEX_SYNTAX, 2, "missing argument"},
        {"(?i)*", VYRE_ERR_REGEX_SYNTAX, 4, "missing argument"},
        {"{2}", VYRE_ERR_REGEX_SYNTAX, 0, "missing argument"},
        {"a**", VYRE_ERR_REGEX_SYNTAX, 2, "nested repetition"},
        {"a{2}{3}", VYRE_ERR_REGEX_SYNTAX, 4, "nested repetition"},
        {"a{3,2}", VYRE_ERR_REGEX_SYNTAX, 1, "m < n"},
        {"a{1001}", VYRE_ERR_REGEX_SYNTAX, 1, "over the limit"},
        {"(a{2,25}){100}", VYRE_ERR_REGEX_SYNTAX, 9, "nested repetition size"},
        {"((a{10}){10}){11}", VYRE_ERR_REGEX_SYNTAX, 13, "nested repetition size"},
        {"[z-a]", VYRE_ERR_REGEX_SYNTAX, 1, "range"},
        {"[a-\\d]", VYRE_ERR_REGEX_SYNTAX, 2, "range"},
        {"[[:foo:]]", VYRE_ERR_REGEX_SYNTAX, 1, "POSIX"},
        {"ab\\", VYRE_ERR_REGEX_SYNTAX, 2, "trailing backslash"},
        {"\\xZZ", VYRE_ERR_REGEX_SYNTAX, 0, "\\x"},
        {"\\x{}", VYRE_ERR_REGEX_SYNTAX, 0, "\\x"},
        {"\\y", VYRE_ERR_REGEX_SYNTAX, 0, "invalid escape"},
        {"[\\b]", VYRE_ERR_REGEX_SYNTAX, 1, "in character class"},
        {"(?P<a>x)(?P<a>y)", VYRE_ERR_REGEX_SYNTAX, 8, "duplicate"},
        {"(?P<>x)", VYRE_ERR_REGEX_SYNTAX, 0, "name"},
        {"(?P<a-b>x)", VYRE_ERR_REGEX_SYNTAX, 0, "name"},
        {"(?i-)a", VYRE_ERR_REGEX_SYNTAX, 0, "flag"},
        {"(?z)a", VYRE_ERR_REGEX_SYNTAX, 0, "Perl syntax"},
        {"(a)\\1", VYRE_ERR_REGEX_UNSUPPORTED, 3, "backreference"},
        {"x\\9", VYRE_ERR_REGEX_UNSUPPORTED, 1, "backreference"},
        {"\\k<n>", VYRE_ERR_REGEX_UNSUPPORTED, 0, "backreference"},
        {"(?P=n)", VYRE_ERR_REGEX_UNSUPPORTED, 0, "backreference"},
        {"a(?=b)", VYRE_ERR_REGEX_UNSUPPORTED, 1, "look-ahead"},
        {"a(?!b)", VYRE_ERR_REGEX_UNSUPPORTED, 1, "look-ahead"},
        {"(?<=a)b", VYRE_ERR_REGEX_UNSUPPORTED, 0, "look-behind"},
        {"(?<!a)b", VYRE_ERR_REGEX_UNSUPPORTED, 0, "look-behind"},
        {"\\p{Greek}", VYRE_ERR_REGEX_UNSUPPORTED, 0, "\\p"},
        {"x\\PL", VYRE_ERR_REGEX_UNSUPPORTED, 1, "\\p"},
        {"[\\pL]", VYRE_ERR_REGEX_UNSUPPORTED, 1, "\\p"},
        {"a*+", VYRE_ERR_REGEX_UNSUPPORTED, 2, "possessive"},
        {"a{2}+", VYRE_ERR_REGEX_UNSUPPORTED, 4, "possessive"},
        {"(?>a)", VYRE_ERR_REGEX_UNSUPPORTED, 0, "atomic"},
        {"(?R)", VYRE_ERR_REGEX_UNSUPPORTED, 0, "recursion"},
        {"(?x)a b", VYRE_ERR_REGEX_UNSUPPORTED, 2, "(?x)"},
        {"\\x{100}", VYRE_ERR_REGEX_UNSUPPORTED, 0, "0xFF"},
        {"\\Z", VYRE_ERR_REGEX_UNSUPPORTED, 0, "\\Z"},
        {"a\\G", VYRE_ERR_REGEX_UNSUPPORTED, 1, "\\G"},
        {"(?#c)", VYRE_ERR_REGEX_UNSUPPORTED, 0, "comment"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vyre_regex_set *set = (vyre_regex_set *)1;
        vyre_error err;
        vyre_result r = compile1(cases[i].pat, 0, &set, &err);
        CHECKF(r == cases[i].code, "/%s/: %s, want %s (%s)", cases[i].pat, vyre_result_str(r), vyre_result_str(cases[i].code), err.message);
        if (r == VYRE_OK) { vyre_regex_set_free(set); continue; }
        CHECK(set == NULL);
        CHECK_ERR(err, cases[i].code);
        CHECKF(err.offset == cases[i].off, "/%s/: offset %llu, want %llu (%s)", cases[i].pat, (unsigned long long)err.offset, (unsigned long long)cases[i].off, err.message);
        CHECKF(err.pattern_index == 0, "/%s/: pattern_index %u", cases[i].pat, err.pattern_index);
        CHECKF(strstr(err.message, cases[i].word) != NULL, "/%s/: message \"%s\" lacks \"%s\"", cases[i].pat, err.message, cases[i].word);
    }
    {   /* the index of the failing pattern in a set */
        vyre_regex res[3];
        vyre_regex_set *set;
        vyre_error err;
        memset(res, 0, sizeof res);
        res[0].pattern = "ok"; res[1].pattern = "fine+"; res[2].pattern = "bad(";
        CHECK_RC(vyre_regex_set_compile(res, 3, NULL, &set, &err), VYRE_ERR_REGEX_SYNTAX);
        CHECK_EQ_U64(err.pattern_index, 2);
        CHECK_EQ_U64(err.offset, 3);
        CHECK_STR_CONTAINS(err.message, "regex 2");
        CHECK_RC(vyre_regex_set_compile(res, 0, NULL, &set, &err), VYRE_ERR_EMPTY_SET);
        CHECK_EQ_U64(err.pattern_index, UINT32_MAX);
        CHECK_EQ_U64(err.offset, UINT64_MAX);
        res[0].flags = 0x100;
        CHECK_RC(vyre_regex_set_compile(res, 1, NULL, &set, &err), VYRE_ERR_INVALID_ARGUMENT);
        CHECK_RC(vyre_regex_set_compile(NULL, 1, NULL, &set, &err), VYRE_ERR_INVALID_ARGUMENT);
    }
    /* things that are valid Go syntax */
    {
        static const char *ok[] = {"", "()", "(?:)", "a||b", "|", "(?i)", "(?)", "a{,5}", "a{", "x{2,", "}", "]", "\\_\\-\\ \\/", "[]a]", "[^]a]", "[a-]",
                                   "[-a]", "[\\w-]", "[a-b-c]", "\\Qa*b\\E+", "\\Q*", "\\012\\0\\101", "(?P<n_1>a)(?<m>b)", "(?i:a(?-i)b)", "^*", "\\b+", "a{0}",
                                   "a{1000}", "(?s-m:.)", "[[:^alpha:][:digit:]]", "[[]", "[[:]", "a{0,1000}"};
        for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
            vyre_regex_set *set = NULL;
            vyre_error err;
            CHECKF(compile1(ok[i], 0, &set, &err) == VYRE_OK, "/%s/ should compile: %s", ok[i], err.message);
            vyre_regex_set_free(set);
        }
    }
}

/* {pattern, flags, mode, haystack, the matches as "start,end{group}..."} */
static const struct sem_case { const char *pat; uint32_t flags; vyre_re_mode mode; const char *hay, *want; } SEMANTICS[] = {
    /* all-matches mode */
    {"abc", 0, ALL, "xabcabc", "1,4 4,7"},
    {"a+", 0, ALL, "baaab", "1,2 1,3 1,4"},                 /* each end, leftmost start */
    {"a*", 0, ALL, "bab", "1,2"},                           /* empty matches never reported */
    {"a|ab|abc", 0, ALL, "abc", "0,1 0,2 0,3"},
    {"b+|ab", 0, ALL, "abb", "0,2 1,3"},
    {"(?i)AbC", 0, ALL, "aBc ABC abc", "0,3 4,7 8,11"},
    {"abc", VYRE_RE_CASELESS, ALL, "ABC", "0,3"},
    {"a.c", 0, ALL, "abc a\nc", "0,3"},
    {"(?s)a.c", 0, ALL, "abc a\nc", "0,3 4,7"},
    {"a.c", VYRE_RE_DOTALL, ALL, "a\nc", "0,3"},
    {"^a", 0, ALL, "aa\na", "0,1"},
    {"(?m)^a", 0, ALL, "aa\na", "0,1 3,4"},
    {"a$", 0, ALL, "aa\na\n", ""},
    {"a$", 0, ALL, "aa\na", "3,4"},
    {"(?m)a$", 0, ALL, "aa\na\n", "1,2 3,4"},
    {"\\Aa|a\\z", 0, ALL, "aba", "0,1 2,3"},
    {"\\bfoo\\b", 0, ALL, "foo foobar afoo foo", "0,3 16,19"},
    {"\\Boo\\B", 0, ALL, "foo fooo", "5,7"},
    {"[[:digit:]]{2}", 0, ALL, "a123", "1,3 2,4"},
    {"\\d\\s\\w", 0, ALL, "1 a2\tb3\vc", "0,3 3,6"},       /* \s has no \v (Go) */
    {"[^a-c]", 0, ALL, "abcd\n", "3,4 4,5"},
    {"(?i)[^a-c]", 0, ALL, "AbCd", "3,4"},
    {"(?i)[[:lower:]]", 0, ALL, "A1", "0,1"},
    {"\\x41\\x{42}\\103\\t", 0, ALL, "ABC\t", "0,4"},
    {"\\Qa.b\\E+", 0, ALL, "a.bbxa.b", "0,3 0,4 5,8"},
    {"a{2,3}", 0, ALL, "aaaa", "0,2 0,3 1,4"},
    {"a{2,}", 0, ALL, "aaaa", "0,2 0,3 0,4"},
    {"a{01}", 0, ALL, "a a{01}", "2,7"},                    /* a count with a leading zero is literal text (Go, RE2) */
    {"a{00,2}", 0, ALL, "aa{00,2}", "1,8"},
    {"a{1,02}", 0, ALL, "a{1,02}a", "0,7"},
    {"a{0}b", 0, ALL, "ab", "1,2"},                          /* a lone 0 is a count */
    {"(?:ab){2}", 0, ALL, "ababab", "0,4 2,6"},
    {"a(?i)b|c", 0, ALL, "aB C c", "0,2 3,4 5,6"},           /* a flag lasts across | to the group's end */
    {"(a(?i)b)c", 0, ALL, "aBc aBC", "0,3"},
    {"(?i:a)b", 0, ALL, "Ab AB", "0,2"},
    {"\\xe9+", 0, ALL, "\xe9\xe9", "0,1 0,2"},
    {"[\\x80-\\xff]", 0, ALL, "a\x80\xff", "1,2 2,3"},
    {"x*", 0, ALL, "", ""},
    /* leftmost-first; Go: regexp.MustCompile(p).FindAllStringSubmatchIndex(s, -1) */
    {"a+", 0, LF, "baaab", "1,4"},
    {"a+?", 0, LF, "baaab", "1,2 2,3 3,4"},
    {"a*", 0, LF, "baaab", "0,0 1,4 5,5"},
    {"a*?", 0, LF, "ba", "0,0 1,1 2,2"},
    {"a|ab|abc", 0, LF, "abc", "0,1"},
    {"ab|a", 0, LF, "abc", "0,2"},
    {"(a)|b", 0, LF, "ab", "0,1{0,1} 1,2{-}"},
    {"(a*)+", 0, LF, "b", "0,0{0,0} 1,1{1,1}"},
    {"(a|b)*c", 0, LF, "abc", "0,3{1,2}"},
    {"(?P<k>\\w+)=(\\d+)", 0, LF, "x=1 yy=22", "0,3{0,1}{2,3} 4,9{4,6}{7,9}"},
    {"(?U)a+", 0, LF, "aaa", "0,1 1,2 2,3"},
    {"(?U)a+?", 0, LF, "aaa", "0,3"},
    {"a+", VYRE_RE_UNGREEDY, LF, "aa", "0,1 1,2"},
    {"", 0, LF, "ab", "0,0 1,1 2,2"},
    {"b*", 0, LF, "abb", "0,0 1,3"},
    {"x*", 0, LF, "", "0,0"},
    {"\\b", 0, LF, "ab cd", "0,0 2,2 3,3 5,5"},
    {"(a)(b)?", 0, LF, "a ab", "0,1{0,1}{-} 2,4{2,3}{3,4}"},
    {"(a{2}){2,3}", 0, LF, "aaaaaaa", "0,6{4,6}"},
    {"(?:(a)|b)+", 0, LF, "ab", "0,2{0,1}"},
    {"(a|ab)(c|bcd)(d*)", 0, LF, "abcd", "0,4{0,1}{1,4}{4,4}"},
};
static void semantics(vyre_re_mode mode) {
    size_t i;
    for (i = 0; i < sizeof SEMANTICS / sizeof SEMANTICS[0]; i++)
        if (SEMANTICS[i].mode == mode) EXPECT(SEMANTICS[i].pat, SEMANTICS[i].flags, mode, SEMANTICS[i].hay, SEMANTICS[i].want);
}
static void t_semantics_all(void) { semantics(ALL); }
static void t_semantics_leftmost(void) { semantics(LF); }

static void t_factors(void) {
    static const struct { const char *pat; int has; const char *one; } cases[] = {
        {"AKIA[0-9A-Z]{16}", 1, "AKIA"},
        {"(?i)[\\w.-]{0,50}?(?:adafruit)(?:[ \\t\\w.-]{0,20})", 1, "adafruit"},
        {"xox[os]-\\d+", 1, "xoxo-"},
        {"[a-z]{32}", 0, NULL},
        {"a*", 0, NULL},
        {"(?:abc)?", 0, NULL},
        {"abc|x", 0, NULL},                                   /* "x" too short */
        {"hello|world", 1, "world"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vyre_regex_set *set;
        vyre_error err;
        vyre_literal f[32];
        size_t n = 0, k;
        int found = 0;
        if (!CHECK_RC(compile1(cases[i].pat, 0, &set, &err), VYRE_OK)) continue;
        CHECK_RC(vyre_regex_set_factors(set, 0, f, 32, &n, &err), VYRE_OK);
        CHECKF((n > 0) == cases[i].has, "/%s/: %llu factors", cases[i].pat, (unsigned long long)n);
        for (k = 0; k < n; k++) if (cases[i].one && f[k].len == strlen(cases[i].one) && memcmp(f[k].bytes, cases[i].one, f[k].len) == 0) found = 1;
        if (cases[i].one) CHECKF(found, "/%s/: factor %s missing", cases[i].pat, cases[i].one);
        if (n) CHECK_RC(vyre_regex_set_factors(set, 0, f, 0, &n, &err), VYRE_ERR_OUTPUT_TOO_SMALL);
        vyre_regex_set_free(set);
    }
}

/* the prefiltered windows give exactly what a whole-input scan gives: compare a
   factor pattern against the same pattern with the factor hidden from the analysis */
static void t_prefilter_equivalence(void) {
    static const char *pairs[][2] = {
        {"key[=:]\\s*[a-z0-9]{4,12}", "(?:key|[^\\x00-\\xff]+)[=:]\\s*[a-z0-9]{4,12}"},
        {"(?i)secret.{0,20}\\d+", "(?i)(?:secret|[^\\x00-\\xff]+).{0,20}\\d+"},
        {"\\bfoo\\w*bar", "\\b(?:foo|[^\\x00-\\xff]+)\\w*bar"},
        {"[a-z ]{0,6}key=\\d+", "[a-z ]{0,6}(?:key|[^\\x00-\\xff]+)=\\d+"},     /* matches start before the factor */
        {"(?:[0-9]x){1,4}secret", "(?:[0-9]x){1,4}(?:secret|[^\\x00-\\xff]+)"},
    };
    vt_rng r = vt_rng_make(5);
    size_t i, t;
    for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        vyre_regex res[2];
        vyre_regex_set *set;
        vyre_error err;
        vyre_regex_pattern_info a, b;
        memset(res, 0, sizeof res);
        res[0].pattern = pairs[i][0]; res[1].pattern = pairs[i][1];
        if (!CHECK_RC(vyre_regex_set_compile(res, 2, NULL, &set, &err), VYRE_OK)) continue;
        vyre_regex_set_pattern(set, 0, &a); vyre_regex_set_pattern(set, 1, &b);
        CHECK(a.factor_count > 0);
        CHECK(i == 2 || b.factor_count == 0);   /* (pair 2 keeps "bar") */
        for (t = 0; t < 40; t++) {
            char h[3000];
            size_t n = (size_t)vt_range(&r, 0, sizeof h), k, cnt = 0;
            vyre_re_match m[4096];
            vyre_re_scan_desc o;
            for (k = 0; k < n; k++) {
                uint64_t x = vt_next(&r);
                h[k] = (x % 40 == 0) ? "keysecretfoobar"[(x >> 8) % 15] : "kKeEyY=: \nSs3c0rtfobar_x9abz"[(x >> 16) % 29];
                if ((x >> 32) % 100 == 0 && k + 10 < n) {
                    static const char *chunk[4] = {"xsecret   ", "key=  1   ", "ab zkey=12", "1x2xsecret"};
                    memcpy(h + k, chunk[(x >> 40) & 3], 10); k += 9;
                }
            }
            memset(&o, 0, sizeof o);
            for (o.mode = ALL; (int)o.mode <= (int)LF; o.mode = (vyre_re_mode)((int)o.mode + 1)) {
                size_t j, x = 0, y = 0;
                if (!CHECK_RC(vyre_regex_scan(set, &o, h, n, m, 4096, &cnt, NULL, 0, NULL, &err), VYRE_OK)) break;
                /* split by pattern, compare in order */
                for (j = 0; j < cnt; j++) { if (m[j].pattern_id) y++; else x++; }
                CHECKF(x == y, "/%s/ mode %d: %llu prefiltered matches vs %llu whole-input", pairs[i][0], (int)o.mode, (unsigned long long)x, (unsigned long long)y);
                for (j = 0, x = 0; j < cnt; j++) {
                    size_t q;
                    if (m[j].pattern_id) continue;
                    for (q = 0; q < cnt; q++) if (m[q].pattern_id == 1 && m[q].start == m[j].start && m[q].end == m[j].end) break;
                    if (!CHECKF(q < cnt, "/%s/ mode %d: [%llu,%llu) only prefiltered", pairs[i][0], (int)o.mode, (unsigned long long)m[j].start, (unsigned long long)m[j].end)) break;
                }
            }
        }
        vyre_regex_set_free(set);
    }
}

static int stop_after_two(const vyre_re_match *m, const vyre_span *g, void *u) { (void)m; (void)g; return ++*(int *)u == 2; }
typedef struct cbl { vyre_re_match m[64]; vyre_span g[64]; size_t n, ng; } cbl;
static int collect(const vyre_re_match *m, const vyre_span *g, void *u) {
    cbl *c = (cbl *)u; uint32_t k;
    c->m[c->n] = *m; c->m[c->n].groups = c->ng; c->n++;
    for (k = 0; k < m->group_count; k++) c->g[c->ng++] = g[k];
    return 0;
}

static void t_capacity_and_callbacks(void) {
    vyre_regex res[2];
    vyre_regex_set *set;
    vyre_error err;
    vyre_re_match m[8];
    vyre_span g[8];
    vyre_re_scan_desc o;
    size_t n = 99, ng = 99, i;
    int stops = 0;
    cbl c;
    const char *hay = "k=1 k=22 k=333";
    memset(res, 0, sizeof res);
    res[0].pattern = "k=(\\d+)"; res[1].pattern = "\\d";
    if (!CHECK_RC(vyre_regex_set_compile(res, 2, NULL, &set, &err), VYRE_OK)) return;
    memset(&o, 0, sizeof o);
    CHECK_RC(vyre_regex_scan(set, &o, hay, strlen(hay), m, 8, &n, NULL, 0, NULL, &err), VYRE_ERR_MATCH_CAPACITY);
    CHECK_EQ_U64(n, 3 + 6 + 3);                                   /* counted, not truncated */
    CHECK_ERR(err, VYRE_ERR_MATCH_CAPACITY);
    for (i = 0; i < 8; i++) CHECK(m[i].end == 0);
    o.mode = LF;
    CHECK_RC(vyre_regex_scan(set, &o, hay, strlen(hay), m, 8, &n, g, 2, &ng, &err), VYRE_ERR_MATCH_CAPACITY);
    CHECK_EQ_U64(n, 9);
    {
        vyre_re_match big[16];
        CHECK_RC(vyre_regex_scan(set, &o, hay, strlen(hay), big, 16, &n, g, 2, &ng, &err), VYRE_ERR_OUTPUT_TOO_SMALL);
        CHECK_EQ_U64(ng, 3);
        CHECK_RC(vyre_regex_scan(set, &o, hay, strlen(hay), big, 16, &n, g, 8, &ng, &err), VYRE_OK);
        CHECK_EQ_U64(n, 9); CHECK_EQ_U64(ng, 3);
        /* sorted by (start, end, id) */
        for (i = 1; i < n; i++) CHECK(big[i - 1].start < big[i].start || (big[i - 1].start == big[i].start && big[i - 1].end <= big[i].end));
        CHECK(big[0].pattern_id == 0 && big[0].start == 0 && big[0].end == 3 && big[0].group_count == 1 && g[big[0].groups].start == 2);
        memset(&c, 0, sizeof c);
        CHECK_RC(vyre_regex_scan_cb(set, &o, hay, strlen(hay), collect, &c, &err), VYRE_OK);
        CHECK_EQ_U64(c.n, n);
        for (i = 0; i < n && i < c.n; i++) {
            CHECK(c.m[i].start == big[i].start && c.m[i].end == big[i].end && c.m[i].pattern_id == big[i].pattern_id);
            if (c.m[i].group_count) CHECK(c.g[c.m[i].groups].start == g[big[i].groups].start && c.g[c.m[i].groups].end == g[big[i].groups].end);
        }
    }
    CHECK_RC(vyre_regex_scan_cb(set, &o, hay, strlen(hay), stop_after_two, &stops, &err), VYRE_STOPPED);
    CHECK(stops == 2);
    o.mode = (vyre_re_mode)7;
    CHECK_RC(vyre_regex_scan(set, &o, hay, strlen(hay), m, 8, &n, NULL, 0, NULL, &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_RC(vyre_regex_scan(set, NULL, NULL, 5, m, 8, &n, NULL, 0, NULL, &err), VYRE_ERR_INVALID_ARGUMENT);
    vyre_regex_set_free(set);
}

static void t_bounded(void) {
    /* max_scan_bytes drops matches longer than the bound, keeps the others exactly */
    vyre_regex_set *set;
    vyre_error err;
    vyre_re_match m[64];
    vyre_re_scan_desc o;
    size_t n, i;
    const char *hay = "xaaaaaay xay";
    if (!CHECK_RC(compile1("xa+y", 0, &set, &err), VYRE_OK)) return;
    memset(&o, 0, sizeof o);
    CHECK_RC(vyre_regex_scan(set, &o, hay, strlen(hay), m, 64, &n, NULL, 0, NULL, &err), VYRE_OK);
    CHECK_EQ_U64(n, 2);
    o.max_scan_bytes = 4;
    CHECK_RC(vyre_regex_scan(set, &o, hay, strlen(hay), m, 64, &n, NULL, 0, NULL, &err), VYRE_OK);
    CHECK(n == 1 && m[0].start == 9 && m[0].end == 12);
    vyre_regex_set_free(set);
    /* all-matches with a bound: for each end the leftmost start within the bound */
    if (!CHECK_RC(compile1("a+", 0, &set, &err), VYRE_OK)) return;
    o.max_scan_bytes = 2;
    CHECK_RC(vyre_regex_scan(set, &o, "aaaa", 4, m, 64, &n, NULL, 0, NULL, &err), VYRE_OK);
    CHECK_EQ_U64(n, 4);
    if (n == 4) { CHECK(m[0].start == 0 && m[0].end == 1); CHECK(m[1].start == 0 && m[1].end == 2); CHECK(m[2].start == 1 && m[2].end == 3); CHECK(m[3].start == 2 && m[3].end == 4); }
    o.mode = LF;
    CHECK_RC(vyre_regex_scan(set, &o, "aaaaa", 5, m, 64, &n, NULL, 0, NULL, &err), VYRE_OK);
    CHECK_EQ_U64(n, 3);
    for (i = 0; i < n; i++) CHECK(m[i].end - m[i].start <= 2);
    vyre_regex_set_free(set);
}

static void t_limits(void) {
    vyre_regex re;
    vyre_regex_desc d;
    vyre_regex_set *set;
    vyre_error err;
    memset(&re, 0, sizeof re); memset(&d, 0, sizeof d);
    re.pattern = "(?:(?:(?:(?:a{0,1000}b)*c)*d)*e)*";
    d.max_insts = 3000;
    CHECK_RC(vyre_regex_set_compile(&re, 1, &d, &set, &err), VYRE_OK);
    vyre_regex_set_free(set);
    re.pattern = "(?:(?:(?:(?:a{0,1000}b)*c)*d)*e)*(?:a{0,1000}b)*";
    CHECK_RC(vyre_regex_set_compile(&re, 1, &d, &set, &err), VYRE_ERR_REGEX_TOO_LARGE);
    CHECK_ERR(err, VYRE_ERR_REGEX_TOO_LARGE);
    CHECK_EQ_U64(err.pattern_index, 0);
    d.max_insts = 10;
    re.pattern = "abcdefghijklmn";
    CHECK_RC(vyre_regex_set_compile(&re, 1, &d, &set, &err), VYRE_ERR_REGEX_TOO_LARGE);
    CHECK_STR_CONTAINS(err.message, "10");
    memset(&d, 0, sizeof d);
    d.max_repeat = 5;
    re.pattern = "a{6}";
    CHECK_RC(vyre_regex_set_compile(&re, 1, &d, &set, &err), VYRE_ERR_REGEX_SYNTAX);
    d.max_repeat = 2000;
    re.pattern = "a{2000}";
    CHECK_RC(vyre_regex_set_compile(&re, 1, &d, &set, &err), VYRE_OK);
    vyre_regex_set_free(set);
    d.max_repeat = VYRE_RE_MAX_REPEAT + 1;
    CHECK_RC(vyre_regex_set_compile(&re, 1, &d, &set, &err), VYRE_ERR_INVALID_ARGUMENT);
    memset(&d, 0, sizeof d);
    d.max_depth = 3;
    re.pattern = "((((a))))";
    CHECK_RC(vyre_regex_set_compile(&re, 1, &d, &set, &err), VYRE_ERR_REGEX_SYNTAX);
    CHECK_STR_CONTAINS(err.message, "nested");
    {   /* deep nesting within the default limit does not overflow the stack */
        char deep[4100];
        size_t i;
        for (i = 0; i < 900; i++) deep[i] = '(';
        deep[900] = 'a';
        for (i = 0; i < 900; i++) deep[901 + i] = ')';
        deep[1801] = 0;
        re.pattern = deep;
        CHECK_RC(vyre_regex_set_compile(&re, 1, NULL, &set, &err), VYRE_OK);
        vyre_regex_set_free(set);
    }
}

static void t_serialize(void) {
    vyre_regex res[3];
    vyre_regex_set *set, *back;
    vyre_error err;
    size_t sz = 0, i;
    uint8_t *buf;
    vyre_re_match m1[64], m2[64];
    size_t n1, n2;
    const char *hay = "token=abcd1234 Secret: zz9 http://x.y";
    memset(res, 0, sizeof res);
    res[0].pattern = "token=(\\w+)"; res[1].pattern = "secret:\\s*(?P<v>\\w+)"; res[1].flags = VYRE_RE_CASELESS; res[2].pattern = "https?://[a-z.]+";
    if (!CHECK_RC(vyre_regex_set_compile(res, 3, NULL, &set, &err), VYRE_OK)) return;
    CHECK_RC(vyre_regex_set_serialize(set, NULL, 0, &sz, &err), VYRE_OK);
    buf = (uint8_t *)malloc(sz);
    CHECK_RC(vyre_regex_set_serialize(set, buf, sz - 1, &sz, &err), VYRE_ERR_OUTPUT_TOO_SMALL);
    CHECK_RC(vyre_regex_set_serialize(set, buf, sz, &sz, &err), VYRE_OK);
    {
        uint64_t t0 = vyre_now_ns();
        CHECK_RC(vyre_regex_set_deserialize(buf, sz, NULL, &back, &err), VYRE_OK);
        vt_note("deserialize (3 regexes): %.3f ms", (double)(vyre_now_ns() - t0) / 1e6);
    }
    CHECK_RC(vyre_regex_scan(set, NULL, hay, strlen(hay), m1, 64, &n1, NULL, 0, NULL, &err), VYRE_OK);
    CHECK_RC(vyre_regex_scan(back, NULL, hay, strlen(hay), m2, 64, &n2, NULL, 0, NULL, &err), VYRE_OK);
    CHECK(n1 == n2 && n1 > 0 && memcmp(m1, m2, n1 * sizeof m1[0]) == 0);
    CHECK(strcmp(vyre_regex_set_group_name(back, 1, 1), "v") == 0);
    CHECK(strcmp(vyre_regex_set_group_name(back, 0, 1), "") == 0);
    CHECK(vyre_regex_set_group_name(back, 0, 2) == NULL);
    vyre_regex_set_free(back);
    /* every truncation and every single-byte corruption is an error, never a crash */
    for (i = 0; i < sz; i++) {
        vyre_result r = vyre_regex_set_deserialize(buf, i, NULL, &back, &err);
        CHECKF(r == VYRE_ERR_SERIAL_TRUNCATED || r == VYRE_ERR_SERIAL_CORRUPT, "truncated to %llu: %s", (unsigned long long)i, vyre_result_str(r));
        CHECK(back == NULL);
        buf[i] ^= 0x5A;
        r = vyre_regex_set_deserialize(buf, sz, NULL, &back, &err);
        CHECKF(r == VYRE_ERR_SERIAL_CORRUPT || r == VYRE_ERR_SERIAL_VERSION || r == VYRE_ERR_SERIAL_TRUNCATED, "byte %llu flipped: %s", (unsigned long long)i, vyre_result_str(r));
        if (r == VYRE_OK) vyre_regex_set_free(back);
        buf[i] ^= 0x5A;
    }
    free(buf);
    vyre_regex_set_free(set);
}

static void t_gitleaks_compile(void) {
    /* all 221 gitleaks rules compile in one set, with literal factors for most, well under a second */
    FILE *f = fopen("tests/data/gitleaks-regexes.tsv", "rb");
    char line[8192];
    static char pats[300][1024];
    vyre_regex res[300];
    size_t n = 0;
    vyre_regex_set *set;
    vyre_error err;
    vyre_regex_set_info info;
    uint64_t t0;
    if (!f) { vt_skip("tests/data/gitleaks-regexes.tsv not found"); return; }
    while (n < 300 && fgets(line, sizeof line, f)) {
        char *tab = strchr(line, '\t'), *e;
        if (!tab) continue;
        e = tab + 1 + strlen(tab + 1);
        while (e > tab + 1 && (e[-1] == '\n' || e[-1] == '\r')) *--e = 0;
        snprintf(pats[n], sizeof pats[n], "%s", tab + 1);
        res[n].pattern = pats[n]; res[n].len = 0; res[n].flags = 0;
        n++;
    }
    fclose(f);
    CHECK_EQ_U64(n, 221);
    t0 = vyre_now_ns();
    if (!CHECK_RC(vyre_regex_set_compile(res, n, NULL, &set, &err), VYRE_OK)) { printf("  %s\n", err.message); return; }
    vt_note("compile 221 gitleaks regexes: %.1f ms", (double)(vyre_now_ns() - t0) / 1e6);
    CHECK_RC(vyre_regex_set_get_info(set, &info), VYRE_OK);
    vt_note("%u of %u rules prefiltered by %u literal factors; %llu instructions", info.prefiltered, info.pattern_count, info.factor_count,
            (unsigned long long)info.inst_count);
    CHECK(info.prefiltered * 10 >= info.pattern_count * 7);
    CHECK(vyre_regex_set_history_bytes(set) == VYRE_RE_UNBOUNDED);
    vyre_regex_set_free(set);
}

/* the parser on hostile input: random bytes over the metacharacters and mutated real rules
   compile or fail with a regex error code, never crash (run under ASan+UBSan by make test);
   what compiles also scans */
static void t_parser_fuzz(void) {
    static const char meta[] = "()[]{}|*+?.^$\\-:,=!<>PQEiIsmUxdwsbBAzpk0123456789abcAB_ \n";
    static const char *seeds[] = {"(?i)[\\w.-]{0,50}?(?:key|token)(?:[ \\t\\w.-]{0,20})[\\s'\"]{0,3}(?:=|>|:{1,3}=)([a-z0-9]{32})(?:[\\x60'\"\\s;]|\\\\[nr]|$)",
                                  "\\b(?P<x>AKIA[0-9A-Z]{16})\\b", "(?m)^\\s*(?:a|b)+?[[:alpha:][^x]]\\Qq*\\E{2,5}$"};
    vt_rng r = vt_rng_make(77);
    size_t iter, n = 4000 * (size_t)vt_scale(), compiled = 0;
    for (iter = 0; iter < n; iter++) {
        char pat[128];
        size_t len, k;
        vyre_regex re;
        vyre_regex_set *set = NULL;
        vyre_error err;
        vyre_result rc;
        if (iter & 1) {
            const char *sd = seeds[vt_below(&r, 3)];
            len = strlen(sd) < sizeof pat ? strlen(sd) : sizeof pat - 1;
            memcpy(pat, sd, len);
            for (k = vt_range(&r, 1, 4); k > 0; k--) pat[vt_below(&r, len)] = (char)(vt_below(&r, 4) ? meta[vt_below(&r, sizeof meta - 1)] : (char)vt_next(&r));
        } else {
            len = (size_t)vt_range(&r, 0, 40);
            for (k = 0; k < len; k++) pat[k] = vt_below(&r, 8) ? meta[vt_below(&r, sizeof meta - 1)] : (char)vt_next(&r);
        }
        re.pattern = pat; re.len = len ? len : 1; re.flags = (uint32_t)vt_below(&r, 16);
        if (!len) { pat[0] = 'a'; len = 1; }
        rc = vyre_regex_set_compile(&re, 1, NULL, &set, &err);
        if (rc == VYRE_OK) {
            vyre_re_match m[64];
            vyre_span g[256];
            size_t cnt, ng;
            vyre_re_scan_desc o;
            memset(&o, 0, sizeof o);
            compiled++;
            o.mode = (vyre_re_mode)(iter & 2 ? 1 : 0);
            rc = vyre_regex_scan(set, &o, meta, sizeof meta - 1, m, 64, &cnt, g, 256, &ng, &err);
            CHECKF(rc == VYRE_OK || rc == VYRE_ERR_MATCH_CAPACITY || rc == VYRE_ERR_OUTPUT_TOO_SMALL, "scan of /%.*s/: %s", (int)len, pat, vyre_result_str(rc));
            vyre_regex_set_free(set);
        } else {
            CHECKF(rc == VYRE_ERR_REGEX_SYNTAX || rc == VYRE_ERR_REGEX_UNSUPPORTED || rc == VYRE_ERR_REGEX_TOO_LARGE, "/%.*s/: %s", (int)len, pat, vyre_result_str(rc));
            CHECKF(err.offset <= len, "/%.*s/: offset %llu past the pattern", (int)len, pat, (unsigned long long)err.offset);
            CHECK(set == NULL);
        }
    }
    CHECK(compiled > n / 20);
}

/* the internal entry point's chunk-join contract: chunks with history_bytes of history before and one
   byte after, reporting min_end <= end <= max_end, give exactly the whole-input ALL_MATCHES list */
typedef struct chunk_ctx { vyre_re_match m[4096]; size_t n; uint64_t base; } chunk_ctx;
static int chunk_emit(void *u, uint32_t pid, uint64_t s, uint64_t e, const uint64_t *caps, uint32_t ng) {
    chunk_ctx *c = (chunk_ctx *)u;
    (void)caps; (void)ng;
    if (c->n >= 4096) return 1;
    c->m[c->n].start = s + c->base; c->m[c->n].end = e + c->base; c->m[c->n].pattern_id = pid;
    c->m[c->n].group_count = 0; c->m[c->n].groups = 0;
    c->n++;
    return 0;
}
static void t_chunk_joins(void) {
    vyre_regex res[4];
    vyre_regex_set *set;
    vyre_error err;
    vt_rng r = vt_rng_make(9);
    static chunk_ctx whole, parts;
    uint64_t H;
    size_t t;
    memset(res, 0, sizeof res);
    res[0].pattern = "\\bab{1,5}c\\b"; res[1].pattern = "(?m)^a.{0,6}$"; res[2].pattern = "ke?y=[0-9]{2,4}"; res[3].pattern = "\\Bb{1,3}\\B";
    if (!CHECK_RC(vyre_regex_set_compile(res, 4, NULL, &set, &err), VYRE_OK)) return;
    H = vyre_regex_set_history_bytes(set);
    CHECK_EQ_U64(H, 7);
    for (t = 0; t < 30; t++) {
        char h[600];
        size_t n = (size_t)vt_range(&r, 1, sizeof h), k, B, chunk = (size_t)vt_range(&r, 1, 40);
        for (k = 0; k < n; k++) h[k] = "abbcky=0123 \nab_"[vt_below(&r, 17)];
        whole.n = 0; whole.base = 0;
        CHECK_RC(vyre__re_scan_cpu(set, VYRE_RE_ALL_MATCHES, 0, (const uint8_t *)h, n, 0, VYRE_RE_UNBOUNDED, chunk_emit, &whole, &err), VYRE_OK);
        parts.n = 0;
        for (B = 0; B < n; B += chunk) {
            size_t E = B + chunk < n ? B + chunk : n, lo = B > H ? B - (size_t)H : 0, hi = E < n ? E + 1 : n;
            parts.base = lo;
            CHECK_RC(vyre__re_scan_cpu(set, VYRE_RE_ALL_MATCHES, 0, (const uint8_t *)h + lo, hi - lo, B - lo + 1, E - lo, chunk_emit, &parts, &err), VYRE_OK);
        }
        CHECK_EQ_U64(parts.n, whole.n);
        if (parts.n == whole.n) {
            qsort(parts.m, parts.n, sizeof parts.m[0], vt_re_cmp);
            qsort(whole.m, whole.n, sizeof whole.m[0], vt_re_cmp);
            CHECK(memcmp(parts.m, whole.m, whole.n * sizeof whole.m[0]) == 0);
        }
    }
    vyre_regex_set_free(set);
}

/* patterns without factors go through the lazy-DFA end finder (or, when its state budget is
   exceeded, the whole-input sweep); the bounded scan runs every start on its own: with a bound
   above the longest match both must agree, in both modes */
static void t_end_finder_vs_per_start(void) {
    static const char *pats[] = {"\\b[ab]{3,5}\\b", "(?m)^b[ab]{0,3}$", "[ab]{0,30}a[ab]{12}c?", "(a|ab)(b{1,3}|a)\\B", "[^a]{2}a{2,4}"};
    vt_rng r = vt_rng_make(21);
    size_t i, t;
    for (i = 0; i < sizeof pats / sizeof pats[0]; i++) {
        vyre_regex_set *set;
        vyre_error err;
        vyre_regex_pattern_info pi;
        if (!CHECK_RC(compile1(pats[i], 0, &set, &err), VYRE_OK)) continue;
        vyre_regex_set_pattern(set, 0, &pi);
        CHECK(pi.max_len < 100);
        for (t = 0; t < 20; t++) {
            static vyre_re_match a[8192], b[8192];
            static vyre_span ga[8192], gb[8192];
            char h[4000];
            size_t n = (size_t)vt_range(&r, 0, sizeof h), k, na = 0, nb = 0, nga = 0, ngb = 0;
            vyre_re_scan_desc o;
            for (k = 0; k < n; k++) h[k] = "aab b\nabc"[vt_below(&r, 9)];
            memset(&o, 0, sizeof o);
            for (o.mode = ALL; (int)o.mode <= (int)LF; o.mode = (vyre_re_mode)((int)o.mode + 1)) {
                o.max_scan_bytes = 0;
                CHECK_RC(vyre_regex_scan(set, &o, h, n, a, 8192, &na, ga, 8192, &nga, &err), VYRE_OK);
                o.max_scan_bytes = 1000;
                CHECK_RC(vyre_regex_scan(set, &o, h, n, b, 8192, &nb, gb, 8192, &ngb, &err), VYRE_OK);
                CHECKF(na == nb && nga == ngb, "/%s/ mode %d: %llu vs %llu matches", pats[i], (int)o.mode, (unsigned long long)na, (unsigned long long)nb);
                if (na == nb) CHECKF(memcmp(a, b, na * sizeof a[0]) == 0, "/%s/ mode %d: lists differ", pats[i], (int)o.mode);
                if (nga == ngb) CHECK(memcmp(ga, gb, nga * sizeof ga[0]) == 0);
            }
        }
        vyre_regex_set_free(set);
    }
}

/* the class-run windows of factorless patterns (>>re-cpu vyre__rs_run_windows): the engine's
   (the AVX2 mask loop where the CPU has it), the sampled scalar loop and a byte-at-a-time reference
   give the same windows for random classes (bytes of every high nibble), run lengths around the
   64-byte blocks and k from 1 to 130 */
static void t_run_windows(void) {
    vt_rng r = vt_rng_make(77);
    vyre_allocator A;
    size_t t;
    if (!CHECK_RC(vyre_allocator_resolve(NULL, &A, NULL), VYRE_OK)) return;
    for (t = 0; t < 3000; t++) {
        static uint8_t h[9000];
        vyre__rcpu pc;
        vyre__vec w1, w2, w3;
        size_t n = (size_t)(t < 200 ? vt_below(&r, 300) : vt_below(&r, sizeof h + 1)), i, run = 0;
        uint32_t b;
        int dense = (int)vt_below(&r, 4);
        memset(&pc, 0, sizeof pc);
        pc.run_k = (uint32_t)(t % 3 == 0 ? vt_range(&r, 1, 8) : vt_range(&r, 1, 130));
        pc.run_pre = vt_below(&r, 3) ? vt_below(&r, 100) : 0;
        for (b = 0; b < 256; b++) if (vt_below(&r, 4) == 0) pc.run_cls[b >> 5] |= 1u << (b & 31u);
        pc.run_cls[0x41 >> 5] |= 1u << (0x41 & 31u);   /* 'A' in, 'B' out */
        pc.run_cls[0x42 >> 5] &= ~(1u << (0x42 & 31u));
        for (i = 0; i < n; i++) {
            /* runs of 'A' of random length, separated by random bytes */
            if (!run && vt_below(&r, 6) < (uint64_t)dense + 1) run = (size_t)vt_below(&r, 3 * pc.run_k + 70);
            if (run) { h[i] = 'A'; run--; }
            else h[i] = vt_below(&r, 3) ? 'B' : (uint8_t)vt_below(&r, 256);
        }
        memset(&w1, 0, sizeof w1); memset(&w2, 0, sizeof w2); memset(&w3, 0, sizeof w3);
        w1.item = w2.item = w3.item = sizeof(vyre__rwin);
        CHECK(vyre__rs_run_windows(&A, &pc, h, n, &w1));
        CHECK(vyre__rs_run_windows_scalar(&A, &pc, h, n, &w2));
        {   /* reference: every maximal run, one byte at a time */
            size_t r0 = 0;
            for (i = 0; i <= n; i++) {
                int in = i < n && ((pc.run_cls[h[i] >> 5] >> (h[i] & 31u)) & 1u);
                if (in) continue;
                if (i - r0 >= pc.run_k) CHECK(vyre__rwin_push(&A, &w3, r0 > pc.run_pre ? r0 - pc.run_pre : 0, i - pc.run_k));
                r0 = i + 1;
            }
        }
        CHECKF(w1.len == w3.len && w2.len == w3.len, "n %llu k %u: %llu / %llu windows, reference %llu", (unsigned long long)n, pc.run_k,
               (unsigned long long)w1.len, (unsigned long long)w2.len, (unsigned long long)w3.len);
        if (w1.len == w3.len) CHECKF(w1.len == 0 || memcmp(w1.data, w3.data, w1.len * sizeof(vyre__rwin)) == 0, "n %llu k %u: windows differ", (unsigned long long)n, pc.run_k);
        if (w2.len == w3.len) CHECK(w2.len == 0 || memcmp(w2.data, w3.data, w2.len * sizeof(vyre__rwin)) == 0);
        vyre_free(&A, w1.data); vyre_free(&A, w2.data); vyre_free(&A, w3.data);
    }
}

/* long-lived DFA states (a [\s\S]{64,} that never dies, e.g. gitleaks' private-key rule): the start
   finder runs back over long stretches with the accel skip (taken again at once whenever the run is
   back in a skipped state) and the end finder forward; their (start, end) pairs must equal the bounded
   scan's (a Pike VM per allowed start, no DFA) on inputs with many escape bytes between the skips */
static void t_long_state_starts(void) {
    static const char *pats[] = {"(?i)-----BEGIN[ A-Z]{0,10}KEY-----[\\s\\S-]{64,}?KEY-----", "a[\\s\\S]{64,}?b-", "x[^y]{100,}z",
                                 "(?s)q.{70,}?(?:k|K-)"};
    vt_rng r = vt_rng_make(64);
    size_t i, t;
    for (i = 0; i < sizeof pats / sizeof pats[0]; i++) {
        vyre_regex_set *set;
        vyre_error err;
        if (!CHECK_RC(compile1(pats[i], 0, &set, &err), VYRE_OK)) continue;
        for (t = 0; t < 40; t++) {
            static vyre_re_match a[8192], b[8192];
            static char h[7000];
            static const char *bits[] = {"-----BEGIN KEY-----", "-----begin ab key-----", "KEY-----", "-", "--", "k", "K-", "a", "b-", "x", "y", "z", "q", "\n"};
            size_t n = 0, k, na = 0, nb = 0;
            vyre_re_scan_desc o;
            size_t target = (size_t)vt_range(&r, 100, sizeof h - 64);
            while (n < target) {
                size_t fill = vt_below(&r, 3) ? (size_t)vt_below(&r, 40) : (size_t)vt_range(&r, 64, 700);   /* escape-free stretches */
                const char *bt = bits[vt_below(&r, sizeof bits / sizeof bits[0])];
                for (k = 0; k < fill && n < target; k++) h[n++] = "ABcdefghijlmnoprstuvw 0123456789\t"[vt_below(&r, 33)];
                for (k = 0; bt[k] && n < target; k++) h[n++] = bt[k];
            }
            memset(&o, 0, sizeof o);
            o.mode = ALL;
            CHECK_RC(vyre_regex_scan(set, &o, h, n, a, 8192, &na, NULL, 0, NULL, &err), VYRE_OK);
            o.max_scan_bytes = (uint64_t)n + 1u;
            CHECK_RC(vyre_regex_scan(set, &o, h, n, b, 8192, &nb, NULL, 0, NULL, &err), VYRE_OK);
            CHECKF(na == nb, "/%s/ n %llu: %llu vs %llu matches", pats[i], (unsigned long long)n, (unsigned long long)na, (unsigned long long)nb);
            if (na == nb) CHECKF(memcmp(a, b, na * sizeof a[0]) == 0, "/%s/ n %llu: lists differ", pats[i], (unsigned long long)n);
        }
        vyre_regex_set_free(set);
    }
}

/* The lazy DFAs kept across scans (>>re-cpu vyre__rdc): one set scanned from 4 threads at once, 40
   scans each over 12 inputs in both modes; every result list must equal the one a fresh set (nothing
   kept) gives single-threaded. The patterns build many DFA states (one fills the cache and is reset),
   never-dying ones and \b / ^ contexts. Run under ThreadSanitizer by build/tsan/test_regex. */
#define VT_CC_NH 12
struct vt_cc_res;
typedef struct vt_cc {
    const vyre_regex_set *set;
    const char *h[VT_CC_NH];
    size_t n[VT_CC_NH];
    const struct vt_cc_res *ref[2][VT_CC_NH];
    int tid, bad, scans;
} vt_cc;
static const char *const vt_cc_pats[] = {"\\b[ab]{3,5}\\b", "(?m)^b[ab]{0,3}$", "[ab]{0,30}a[ab]{12}c?", "a[\\s\\S]{64,}?b-",
                                         "(?i)-----BEGIN[ A-Z]{0,10}KEY-----[\\s\\S-]{64,}?KEY-----", "x[^y]{10,}z", "(a|ab)(b{1,3}|a)\\B",
                                         "(?i)(?:key|api)[ \\t\\w.-]{0,20}[=:]['\"]?([\\w.=-]{10,40})"};
/* a scan's records: matches, and the capture spans of mode 1 (leftmost-first) */
typedef struct vt_cc_res { vyre_re_match m[4096]; vyre_span g[8192]; size_t nm, ng; } vt_cc_res;
static vyre_result vt_cc_scan(const vyre_regex_set *set, int mode, const char *h, size_t n, vt_cc_res *out) {
    vyre_re_scan_desc o;
    vyre_error err;
    memset(&o, 0, sizeof o);
    o.mode = mode ? LF : ALL;
    out->nm = out->ng = 0;
    return vyre_regex_scan(set, &o, h, n, out->m, 4096, &out->nm, out->g, 8192, &out->ng, &err);
}
static int vt_cc_same(const vt_cc_res *a, const vt_cc_res *b) {
    return a->nm == b->nm && a->ng == b->ng && (!a->nm || memcmp(a->m, b->m, a->nm * sizeof a->m[0]) == 0) &&
           (!a->ng || memcmp(a->g, b->g, a->ng * sizeof a->g[0]) == 0);
}
static void *vt_cc_thread(void *arg) {
    vt_cc *c = (vt_cc *)arg;
    vt_cc_res *m = (vt_cc_res *)malloc(sizeof *m);
    int j;
    for (j = 0; m && j < 40; j++) {
        const int i = (c->tid * 7 + j * 5) % VT_CC_NH, mode = (j + c->tid) & 1;
        if (vt_cc_scan(c->set, mode, c->h[i], c->n[i], m) != VYRE_OK || !vt_cc_same(m, c->ref[mode][i])) c->bad++;
        c->scans++;
    }
    free(m);
    return NULL;
}
static void t_dfa_cache_threads(void) {
    const size_t np = sizeof vt_cc_pats / sizeof vt_cc_pats[0];
    vyre_regex res[16];
    vyre_regex_set *set = NULL;
    vyre_error err;
    vt_cc cc[4];
    pthread_t th[4];
    vt_rng r = vt_rng_make(99);
    char *hs[VT_CC_NH];
    vt_cc_res *refs[2][VT_CC_NH];
    size_t i, k, total = 0;
    int mode, t, run;
    memset(res, 0, sizeof res);
    for (i = 0; i < np; i++) res[i].pattern = vt_cc_pats[i];
    memset(cc, 0, sizeof cc);
    for (i = 0; i < VT_CC_NH; i++) {
        static const char *bits[] = {"-----BEGIN KEY-----", "KEY-----", "b-", "api_key='abcdefghij0123'", "x", "z", "y", "\n", " ab ", "aab"};
        size_t n = 0, target = i == 0 ? 0 : (size_t)vt_range(&r, 50, 20000);
        hs[i] = (char *)malloc(target + 64);
        while (n < target) {
            size_t fill = (size_t)vt_below(&r, 90), q;
            const char *b = bits[vt_below(&r, 10)];
            for (q = 0; q < fill && n < target; q++) hs[i][n++] = "aab b\nabcxKk-"[vt_below(&r, 13)];
            for (q = 0; b[q] && n < target; q++) hs[i][n++] = b[q];
        }
        cc[0].h[i] = hs[i]; cc[0].n[i] = n;
        for (mode = 0; mode < 2; mode++) {   /* the reference: a fresh set, one scan */
            vyre_regex_set *fresh = NULL;
            vt_cc_res *rr = (vt_cc_res *)malloc(sizeof *rr);
            refs[mode][i] = rr; cc[0].ref[mode][i] = rr;
            if (!rr || !CHECK_RC(vyre_regex_set_compile(res, np, NULL, &fresh, &err), VYRE_OK)) return;
            CHECK(fresh->dcache == NULL);
            CHECK_RC(vt_cc_scan(fresh, mode, hs[i], n, rr), VYRE_OK);
            total += rr->nm;
            vyre_regex_set_free(fresh);
        }
    }
    CHECKF(total > 500, "only %llu reference matches", (unsigned long long)total);
    if (!CHECK_RC(vyre_regex_set_compile(res, np, NULL, &set, &err), VYRE_OK)) return;
    for (run = 0; run < 3; run++) {
        for (t = 0; t < 4; t++) {
            if (t) memcpy(&cc[t], &cc[0], sizeof cc[0]);
            cc[t].set = set; cc[t].tid = t + 4 * run; cc[t].bad = 0; cc[t].scans = 0;
        }
        for (t = 0; t < 4; t++) CHECK(pthread_create(&th[t], NULL, vt_cc_thread, &cc[t]) == 0);
        for (t = 0; t < 4; t++) pthread_join(th[t], NULL);
        for (t = 0; t < 4; t++) CHECKF(cc[t].bad == 0 && cc[t].scans == 40, "run %d thread %d: %d of %d scans differ from a fresh set's", run, t, cc[t].bad, cc[t].scans);
        /* the bundle is back in the set, within its bound */
        CHECK(set->dcache != NULL);
        if (set->dcache) CHECKF(set->dcache->bytes <= VYRE__RDC_KEEP, "kept %llu bytes", (unsigned long long)set->dcache->bytes);
    }
    {   /* and single-threaded, scan after scan on the kept DFAs */
        vt_cc one;
        memcpy(&one, &cc[0], sizeof one);
        one.set = set; one.tid = 1; one.bad = 0; one.scans = 0;
        vt_cc_thread(&one);
        CHECKF(one.bad == 0, "%d kept-DFA scans differ", one.bad);
    }
    vyre_regex_set_free(set);
    for (i = 0; i < VT_CC_NH; i++) { free(hs[i]); for (k = 0; k < 2; k++) free(refs[k][i]); }
}

int main(void) {
    VT_RUN(t_dfa_cache_threads);
    VT_RUN(t_long_state_starts);
    VT_RUN(t_run_windows);
    VT_RUN(t_end_finder_vs_per_start);
    VT_RUN(t_chunk_joins);
    VT_RUN(t_parser_fuzz);
    VT_RUN(t_parse_errors);
    VT_RUN(t_semantics_all);
    VT_RUN(t_semantics_leftmost);
    VT_RUN(t_factors);
    VT_RUN(t_prefilter_equivalence);
    VT_RUN(t_capacity_and_callbacks);
    VT_RUN(t_bounded);
    VT_RUN(t_limits);
    VT_RUN(t_serialize);
    VT_RUN(t_gitleaks_compile);
    return vt_finish();
}
