/* tests/test_rules.c - the gitleaks rule-file loader and scanner (>>rules):
   TOML reader units, invalid configurations gitleaks rejects (exact codes),
   the bundled default rules load, detection semantics on planted secrets. */
#define VYRE_IMPLEMENTATION
#include "vyre.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fails = 0, checks = 0;
#define CHECK(c, ...) do { checks++; if (!(c)) { fails++; printf("FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } } while (0)

static vyre_result load(const char *t, vyre_rules **R, vyre_error *e) {
    return vyre_rules_load_gitleaks(t, strlen(t), NULL, R, e);
}
static void expect_code(const char *t, vyre_result want, uint32_t line) {
    vyre_rules *R = NULL; vyre_error e; vyre_result r = load(t, &R, &e);
    CHECK(r == want, "want %s got %s (%s) for <<%s>>", vyre_result_str(want), vyre_result_str(r), e.message, t);
    if (r != VYRE_OK) {
        CHECK(R == NULL, "nothing after an error");
        CHECK(strncmp(e.fix, "Fix:", 4) == 0, "fix hint: %s", e.fix);
        if (line) CHECK(e.offset == line, "line %u wanted, got %llu (%s)", line, (unsigned long long)e.offset, e.message);
    }
    vyre_rules_free(R);
}
/* a configuration and the code (and, when not 0, the line in e.offset) its load fails with */
typedef struct code_case { const char *toml; vyre_result code; uint32_t line; } code_case;
static const code_case LOAD_ERRORS[] = {
    /* TOML syntax errors with their lines */
    {"[[rules]]\nid = 'x\n", VYRE_ERR_RULES_SYNTAX, 2},
    {"a = 1\na = 2\n", VYRE_ERR_RULES_SYNTAX, 2},
    {"[extend]\n[extend]\n", VYRE_ERR_RULES_SYNTAX, 2},
    {"x = [1, 2\n", VYRE_ERR_RULES_SYNTAX, 0},
    {"x = \"\\q\"\n", VYRE_ERR_RULES_SYNTAX, 1},
    {"x = 012\n", VYRE_ERR_RULES_SYNTAX, 1},
    {"x = bare\n", VYRE_ERR_RULES_SYNTAX, 1},
    {"x = 1 y = 2\n", VYRE_ERR_RULES_SYNTAX, 1},
    {"[a\n", VYRE_ERR_RULES_SYNTAX, 1},
    {"x = {a = 1}\n", VYRE_ERR_RULES_UNSUPPORTED, 1},
    /* what gitleaks' Translate / Validate reject */
    {"[[rules]]\nregex = 'a'\n", VYRE_ERR_RULES_INVALID, 1},                     /* id missing */
    {"[[rules]]\nid = '  '\nregex = 'a'\n", VYRE_ERR_RULES_INVALID, 1},
    {"[[rules]]\nid = 'x'\n", VYRE_ERR_RULES_INVALID, 1},                         /* no regex, no path */
    {"[[rules]]\nid = 'x'\nregex = '(a)'\nsecretGroup = 2\n", VYRE_ERR_RULES_INVALID, 1},
    {"[[rules]]\nid = 'x'\nregex = 'a'\n[[rules.allowlists]]\ndescription = 'empty'\n", VYRE_ERR_RULES_INVALID, 0},
    {"[[rules]]\nid = 'x'\nregex = 'a'\n[[rules.allowlists]]\ncondition = 'XOR'\nstopwords = ['a']\n", VYRE_ERR_RULES_INVALID, 5},
    {"[[rules]]\nid = 'x'\nregex = 'a'\n[[rules.allowlists]]\nregexTarget = 'Line'\nstopwords = ['a']\n", VYRE_ERR_RULES_INVALID, 5},
    {"[[rules]]\nid = 'x'\nregex = 'a'\n[rules.allowlist]\nstopwords = ['a']\n[[rules.allowlists]]\nstopwords = ['b']\n", VYRE_ERR_RULES_INVALID, 0},
    {"[allowlist]\npaths = ['a']\n[[allowlists]]\npaths = ['b']\n", VYRE_ERR_RULES_INVALID, 0},
    {"[[allowlists]]\ntargetRules = ['nope']\npaths = ['b']\n", VYRE_ERR_RULES_INVALID, 0},
    {"[extend]\nuseDefault = true\npath = 'x.toml'\n", VYRE_ERR_RULES_INVALID, 0},
    {"[[rules]]\nid = 'x'\nregex = 'a(b'\n", VYRE_ERR_REGEX_SYNTAX, 1},
    {"[[rules]]\nid = 'x'\nregex = 'a'\nsecretgroup = 'one'\n", VYRE_ERR_RULES_INVALID, 4},
    {"[[rules]]\nid = 'x'\nregex = 'a'\nkeyword = ['a']\n", VYRE_ERR_RULES_INVALID, 4},
    {"[extend]\nuseDefault = true\n", VYRE_ERR_RULES_INVALID, 0},          /* no default text given */
    /* composite rules Translate rejects */
    {"[[rules]]\nid='a'\nregex='a'\n[[rules.required]]\nid='b'\n", VYRE_ERR_RULES_INVALID, 4},
    {"[[rules]]\nid='a'\nregex='a'\n[[rules.required]]\nwithinLines = 2\n", VYRE_ERR_RULES_INVALID, 4},
    {"[[rules]]\nid='a'\nregex='a'\n[[rules.required]]\nid='a'\nwithinLines = 'x'\n", VYRE_ERR_RULES_INVALID, 6},
    {"[[rules]]\nid='a'\nregex='a'\n[[rules.required]]\nid='a'\nwithin = 1\n", VYRE_ERR_RULES_INVALID, 6},
    {"[[rules]]\nid='a'\nregex='a'\nskipReport = 1\n", VYRE_ERR_RULES_INVALID, 4},
};
static void t_load_errors(void) {
    size_t i;
    for (i = 0; i < sizeof LOAD_ERRORS / sizeof LOAD_ERRORS[0]; i++) expect_code(LOAD_ERRORS[i].toml, LOAD_ERRORS[i].code, LOAD_ERRORS[i].line);
}
/* findings with their Match / Secret text copied (the pointers are valid during the callback only) */
typedef struct { vyre_rules_finding f[64], rq[64]; char text[64][2][96]; int n; } coll;
static void keep(char *d, const uint8_t *p, size_t n) { if (n > 95) n = 95; if (n) memcpy(d, p, n); d[n] = 0; }
static int on_f(const vyre_rules_finding *f, void *u) {
    coll *c = (coll *)u;
    if (c->n < 64) {
        c->f[c->n] = *f;
        keep(c->text[c->n][0], f->match, f->match_len); keep(c->text[c->n][1], f->secret, f->secret_len);
        c->f[c->n].match = (const uint8_t *)c->text[c->n][0]; c->f[c->n].secret = (const uint8_t *)c->text[c->n][1];
        if (f->required_count) { /* the first required finding's secret */
            static char req[64][96]; keep(req[c->n], f->required[0].secret, f->required[0].secret_len);
            c->f[c->n].required = NULL; c->f[c->n].required_count = f->required_count;
            c->rq[c->n] = f->required[0]; c->rq[c->n].secret = (const uint8_t *)req[c->n];
        }
        c->n++;
    }
    return 0;
}
static int scan(vyre_rules *R, const char *data, const char *path, coll *c) {
    vyre_error e; vyre_result r;
    memset(c, 0, sizeof *c);
    r = vyre_rules_scan(R, data, strlen(data), path, on_f, c, &e);
    CHECK(r == VYRE_OK, "scan: %s", e.message);
    return c->n;
}
/* scans data as path: want findings (two checks: the scan, the count) */
static void expect_n(vyre_rules *R, const char *data, const char *path, int want, const char *what) {
    coll c;
    scan(R, data, path, &c);
    CHECK(c.n == want, "%s (%d findings, want %d)", what, c.n, want);
}
static char *slurp(const char *p, size_t *n) {
    FILE *f = fopen(p, "rb"); char *b; long L;
    if (!f) return NULL;
    fseek(f, 0, SEEK_END); L = ftell(f); fseek(f, 0, SEEK_SET);
    b = (char *)malloc((size_t)L + 1); if (fread(b, 1, (size_t)L, f) != (size_t)L) { fclose(f); free(b); return NULL; }
    b[L] = 0; fclose(f); *n = (size_t)L; return b;
}

/* loads t with max_decode_depth = depth (checked: VYRE_OK) */
static vyre_rules *load_depth(const char *t, uint32_t depth) {
    vyre_rules *R = NULL; vyre_error e; vyre_rules_desc d; memset(&d, 0, sizeof d); d.max_decode_depth = depth;
    CHECK(vyre_rules_load_gitleaks(t, strlen(t), &d, &R, &e) == VYRE_OK, "load: %s", e.message);
    return R;
}
static void t_toml(void) {
    vyre_rules *R; vyre_rule_info ri;
    /* every string form, arrays over lines with comments, ints, floats, bools */
    const char *t =
        "# comment\ntitle = \"t\" # trailing\n"
        "[[rules]]\nid = 'a-rule'\ndescription = \"\"\"\nmulti \\\n   line\"\"\"\n"
        "regex = '''x(\\d+)y'''\nsecretGroup = 1\nentropy = 1_0.5e-1\nkeywords = [\n  \"X\", # kw\n  'Yy',\n]\ntags = []\n"
        "[[rules]]\nID = \"b\"\nRegex = \"a\\\\tb\\u0041\"\n";
    if (!(R = load_depth(t, 0))) return;
    CHECK(vyre_rules_count(R) == 2, "2 rules");
    vyre_rules_rule(R, 0, &ri);
    CHECK(strcmp(ri.id, "a-rule") == 0 && strcmp(ri.description, "multi line") == 0, "desc '%s'", ri.description);
    CHECK(strcmp(ri.regex, "x(\\d+)y") == 0 && ri.secret_group == 1, "regex");
    CHECK(ri.entropy > 1.049 && ri.entropy < 1.051, "entropy %f", ri.entropy);
    CHECK(ri.keyword_count == 2 && strcmp(ri.keywords[0], "x") == 0 && strcmp(ri.keywords[1], "yy") == 0, "keywords lower-cased");
    vyre_rules_rule(R, 1, &ri);
    CHECK(strcmp(ri.regex, "a\\tbA") == 0, "escapes: %s", ri.regex);
    vyre_rules_free(R);
}
static void t_default(void) {
    size_t n; char *d = slurp("rules/gitleaks.toml", &n);
    vyre_rules *R = NULL; vyre_error e; vyre_rules_desc desc; coll c; uint32_t k, aws = UINT32_MAX, gen = UINT32_MAX;
    vyre_rule_info ri;
    CHECK(d != NULL, "rules/gitleaks.toml present");
    if (!d) return;
    CHECK(vyre_rules_load_gitleaks(d, n, NULL, &R, &e) == VYRE_OK, "default rules load: %s", e.message);
    CHECK(vyre_rules_count(R) == 222, "222 rules, got %u", vyre_rules_count(R));
    for (k = 0; k < vyre_rules_count(R); k++) {
        vyre_rules_rule(R, k, &ri);
        if (strcmp(ri.id, "aws-access-token") == 0) aws = k;
        if (strcmp(ri.id, "generic-api-key") == 0) gen = k;
    }
    CHECK(aws != UINT32_MAX && gen != UINT32_MAX, "rules found");
    /* a planted AWS key: found, with gitleaks' line/column conventions */
    scan(R, "line one\nkey = AKIAQYLPMN5HHHFPZAM2\n", "src/app.py", &c);
    CHECK(c.n == 1 && c.f[0].rule == aws, "aws found (%d)", c.n);
    if (c.n == 1) {
        CHECK(c.f[0].start_line == 2 && c.f[0].end_line == 2, "line %llu", (unsigned long long)c.f[0].start_line);
        CHECK(c.f[0].start_column == 8 && c.f[0].end_column == 27, "columns %llu %llu (gitleaks counts from the previous newline)",
              (unsigned long long)c.f[0].start_column, (unsigned long long)c.f[0].end_column);
        CHECK(c.f[0].secret_end - c.f[0].secret_start == 20, "secret span");
    }
    /* gitleaks:allow on the line */
    expect_n(R, "key = AKIAQYLPMN5HHHFPZAM2 # gitleaks:allow\n", "src/app.py", 0, "gitleaks:allow skipped");
    /* the global allowlist's paths (images) */
    expect_n(R, "key = AKIAQYLPMN5HHHFPZAM2\n", "img/logo.png", 0, "allowlisted path");
    /* the aws rule's allowlist: keys ending in EXAMPLE */
    expect_n(R, "key = AKIAIOSFODNN7EXAMPLE\n", "a.txt", 0, "EXAMPLE allowlisted");
    /* no keyword: nothing (the prefilter is caseless) */
    expect_n(R, "nothing to see here\n", "a.txt", 0, "clean file");
    vyre_rules_free(R);
    /* extend useDefault with a disabled rule and an override */
    memset(&desc, 0, sizeof desc); desc.default_text = d; desc.default_len = n;
    {
        const char *t = "[extend]\nuseDefault = true\ndisabledRules = ['aws-access-token']\n[[rules]]\nid = 'mine'\nregex = 'MYSECRET_[0-9]{4}'\nkeywords = ['mysecret']\n";
        CHECK(vyre_rules_load_gitleaks(t, strlen(t), &desc, &R, &e) == VYRE_OK, "extend: %s", e.message);
        CHECK(vyre_rules_count(R) == 222, "222 - 1 + 1 rules, got %u", vyre_rules_count(R));
        scan(R, "key = AKIAQYLPMN5HHHFPZAM2\nMYSECRET_1234\n", "a.txt", &c);
        CHECK(c.n >= 1, "own rule found (%d)", c.n);
        for (k = 0; k < (uint32_t)c.n; k++) { vyre_rules_rule(R, c.f[k].rule, &ri); CHECK(strcmp(ri.id, "aws-access-token") != 0, "disabled rule reported"); if (c.n > 1) printf("  note: %s line %llu\n", ri.id, (unsigned long long)c.f[k].start_line); }
        vyre_rules_free(R);
    }
    free(d);
}
static void t_semantics(void) {
    vyre_rules *R; coll c;
    const char *t =
        "[[rules]]\nid = 'tok'\nregex = '''tok_([a-z0-9]{8})'''\nentropy = 2.5\nkeywords = ['TOK_']\n"
        "[[rules.allowlists]]\nstopwords = ['dead']\n"
        "[[rules.allowlists]]\nregexTarget = 'line'\nregexes = ['''^#''']\n"
        "[[rules]]\nid = 'env'\npath = '''\\.env$'''\n"
        "[[rules]]\nid = 'both'\npath = '''\\.cfg$'''\nregex = 'pw=(\\w+)'\n"
        "[[allowlists]]\ntargetRules = ['both']\ncondition = 'AND'\npaths = ['''test''']\nregexes = ['''^x''']\n";
    if (!(R = load_depth(t, 0))) return;
    scan(R, "a = tok_k3j5h2g9\n", "f", &c);
    CHECK(c.n == 1 && c.f[0].secret_end - c.f[0].secret_start == 8, "group 1 is the secret");
    if (c.n == 1) CHECK(c.f[0].entropy == vyre_rules_entropy("k3j5h2g9", 8) && c.f[0].entropy == 3.0, "entropy %f", c.f[0].entropy);
    expect_n(R, "a = tok_aaaaaaaa\n", "f", 0, "low entropy dropped");
    expect_n(R, "a = tok_deadb33f\n", "f", 0, "stopword dropped");
    expect_n(R, "# tok_k3j5h2g9\n", "f", 0, "line target: '^#' matches the first line");
    expect_n(R, "x\n# tok_k3j5h2g9\n", "f", 1, "line target: a later line's Line starts at the previous newline in gitleaks, so '^#' fails");
    scan(R, "", "conf/.env", &c);
    CHECK(c.n == 1 && c.f[0].path_only, "path-only rule");
    expect_n(R, "pw=hunter2\n", "a.cfg", 1, "path + regex");
    expect_n(R, "pw=hunter2\n", "a.txt", 0, "path + regex, other path");
    expect_n(R, "pw=xhunter2\n", "test/a.cfg", 0, "AND allowlist: path and regex both hold");
    expect_n(R, "pw=hunter2\n", "test/a.cfg", 1, "AND allowlist: regex does not hold");
    vyre_rules_free(R);
    CHECK(vyre_rules_entropy("", 0) == 0 && vyre_rules_entropy("aaaa", 4) == 0 && vyre_rules_entropy("ab", 2) == 1.0, "entropy basics");
}
static int has_text(const uint8_t *p, size_t n, const char *want) { return n == strlen(want) && memcmp(p, want, n) == 0; }
/* composite rules as gitleaks' processRequiredRules / withinProximity (hand-derived) */
static void t_composite(void) {
    const char *base =
        "[[rules]]\nid = 'primary-rule'\nregex = 'password\\s*=\\s*\"([^\"]+)\"'\n[[rules.required]]\nid = 'username-rule'\n%s"
        "[[rules]]\nid = 'username-rule'\nregex = 'username\\s*=\\s*\"([^\"]+)\"'\nskipReport = true\n";
    char t[1024]; vyre_rules *R; coll c; vyre_rule_info ri;
    snprintf(t, sizeof t, base, "");
    R = load_depth(t, 0);
    if (!R) return;
    vyre_rules_rule(R, 0, &ri);
    CHECK(ri.required_count == 1 && !ri.skip_report, "rule info: required_count %u", ri.required_count);
    scan(R, "username = \"admin\"\nx\npassword = \"hunter2\"\n", "f", &c);
    CHECK(c.n == 1 && c.f[0].rule == 0 && c.f[0].required_count == 1, "fragment-level composite: one finding with one required (%d)", c.n);
    if (c.n == 1 && c.f[0].required_count == 1) {
        CHECK(has_text(c.f[0].secret, c.f[0].secret_len, "hunter2") && c.f[0].start_line == 3, "primary secret/line");
        CHECK(c.rq[0].rule == 1 && has_text(c.rq[0].secret, c.rq[0].secret_len, "admin") && c.rq[0].start_line == 1, "required finding");
    }
    expect_n(R, "password = \"hunter2\"\n", "f", 0, "no required finding: the primary is dropped");
    expect_n(R, "username = \"admin\"\n", "f", 0, "skipReport: a required rule alone is not reported");
    scan(R, "username = \"a\"\nusername = \"b\"\npassword = \"p1\"\npassword = \"p2\"\n", "f", &c);
    CHECK(c.n == 2 && c.f[0].required_count == 2 && c.f[1].required_count == 2, "every primary gets every required finding (%d)", c.n);
    vyre_rules_free(R);
    snprintf(t, sizeof t, base, "withinLines = 1\n");
    R = load_depth(t, 0);
    if (!R) return;
    expect_n(R, "username = \"admin\"\nx\npassword = \"hunter2\"\n", "f", 0, "withinLines = 1: two lines apart");
    scan(R, "username = \"admin\"\npassword = \"hunter2\"\nusername = \"root\"\n", "f", &c);
    CHECK(c.n == 1 && c.f[0].required_count == 2, "withinLines = 1: both neighbours (%d)", c.n);
    vyre_rules_free(R);
    snprintf(t, sizeof t, base, "withinColumns = 3\n");
    R = load_depth(t, 0);
    if (!R) return;
    /* columns: line 1 counts from 1, later lines from the previous newline */
    expect_n(R, "username = \"admin\"\npassword = \"hunter2\"\n", "f", 1, "withinColumns = 3: columns 1 and 2");
    expect_n(R, "username = \"admin\"\n     password = \"hunter2\"\n", "f", 0, "withinColumns = 3: columns 1 and 7");
    vyre_rules_free(R);
    {   /* a required rule runs whatever its keywords (processRequiredRules has no keyword gate), on the
           shared confirm scan (confirm_set_min 1) as on the per-rule scans */
        const char *t2 = "[[rules]]\nid='a'\nregex='k[0-9]'\nkeywords=['k']\n[[rules.required]]\nid='b'\n"
                         "[[rules]]\nid='b'\nregex='z[0-9]'\nkeywords=['qqq']\n";
        uint32_t mins[2] = { 1, UINT32_MAX }; int m;
        for (m = 0; m < 2; m++) {
            vyre_rules *R2 = NULL; vyre_error e2; vyre_rules_desc d2; memset(&d2, 0, sizeof d2); d2.confirm_set_min = mins[m];
            CHECK(vyre_rules_load_gitleaks(t2, strlen(t2), &d2, &R2, &e2) == VYRE_OK, "load: %s", e2.message);
            if (!R2) continue;
            scan(R2, "k1 z2\n", "f", &c);
            CHECK(c.n == 1 && c.f[0].required_count == 1, "required rule without its keyword (confirm_set_min %u): %d findings", mins[m], c.n);
            vyre_rules_free(R2);
        }
    }
    /* a rule requiring itself: each finding pairs with itself */
    R = load_depth("[[rules]]\nid='a'\nregex='k[0-9]'\n[[rules.required]]\nid='a'\n", 0);
    if (R) { scan(R, "k1 k2\n", "f", &c); CHECK(c.n == 2 && c.f[0].required_count == 2, "self-required (%d)", c.n); vyre_rules_free(R); }
}
/* the encoding finder (vyre__gl_find, byte-class masks 64 positions at a time, scalar and AVX2)
   against its definition: the encodings regex tried at every position, runs measured from there */
static size_t finder_ref(const uint8_t *t, size_t n, vyre__gl_em *out) {
    size_t p = 0, k = 0;
    while (p < n) {
        size_t hx = p, bx = p, e; int kind = -1;
        while (hx < n && (vyre__gl_cls[t[hx]] & 1)) hx++;
        while (bx < n && (vyre__gl_cls[t[bx]] & 2)) bx++;
        e = vyre__gl_enc_at(t, n, p, hx, bx, &kind);
        if (!e) { p++; continue; }
        out[k].kind = kind; out[k].s = p; out[k].e = e; k++;
        p = e;
    }
    return k;
}
static void t_finder(void) {
    static const char alpha[] = "abcxyzABCXYZ0123456789+/-_=%U\\u \n.\x80\xff";
    const vyre_allocator *A = NULL; vyre_allocator al; vyre_error e;
    uint64_t x = 0x9E3779B97F4A7C15ull; int it, simd, bad = 0, total = 0, nsimd = 1;
    uint8_t *t = (uint8_t *)malloc(5000); vyre__gl_em *ref = (vyre__gl_em *)malloc(5000 * sizeof *ref);
#ifdef VYRE__AVX2
    nsimd = __builtin_cpu_supports("avx2") ? 2 : 1;
#endif
    vyre_allocator_resolve(NULL, &al, &e); A = &al;
    for (it = 0; it < 3000 && t && ref; it++) {
        size_t n, i, nr; int mode;
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        n = (size_t)(x % (it < 2000 ? 300 : 5000)); mode = (int)(x >> 40) % 4;
        for (i = 0; i < n;) { /* runs of one kind of byte: hex, base64, %XX, U+XXXX, \uXXXX or any */
            size_t r, j; int k;
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            r = 1 + (size_t)(x % (mode == 0 ? 8 : mode == 1 ? 40 : 70)); k = (int)((x >> 32) % 6);
            for (j = 0; j < r && i < n; j++, i++) {
                x ^= x << 13; x ^= x >> 7; x ^= x << 17;
                if (k == 0) t[i] = (uint8_t)"0123456789abcdefABCDEF"[x % 22];
                else if (k == 1) t[i] = (uint8_t)"ghijKLMN0189+/-_"[x % 16];
                else if (k == 2) t[i] = (uint8_t)(j % 3 == 0 ? '%' : "0aF9g"[x % 5]);
                else if (k == 3) t[i] = (uint8_t)(j % 7 == 0 ? 'U' : j % 7 == 1 ? '+' : j % 7 == 6 ? (x % 2 ? ' ' : '\n') : "00f9"[x % 4]);
                else if (k == 4) t[i] = (uint8_t)(j % 6 == 0 ? '\\' : j % 6 == 1 ? "uU\\"[x % 3] : "0aF9"[x % 4]);
                else t[i] = (uint8_t)alpha[x % (sizeof alpha - 1)];
            }
        }
        nr = finder_ref(t, n, ref);
        total += (int)nr;
        for (simd = 0; simd < nsimd; simd++) {
            vyre__vec em; size_t big = 0, j, rb = 0; int ok;
            memset(&em, 0, sizeof em); em.item = sizeof(vyre__gl_em);
            ok = vyre__gl_find(A, t, n, simd, &em, &big) && em.len == nr;
            for (j = 0; ok && j < nr; j++) {
                const vyre__gl_em *m = (const vyre__gl_em *)em.data + j;
                ok = m->kind == ref[j].kind && m->s == ref[j].s && m->e == ref[j].e;
                if (ref[j].e - ref[j].s > rb) rb = ref[j].e - ref[j].s;
            }
            if (ok && big != rb) ok = 0;
            if (!ok && bad++ < 3) printf("  finder (simd %d) differs on input %d (%zu bytes): %zu vs %zu matches\n", simd, it, n, em.len, nr);
            free(em.data);
        }
    }
    CHECK(bad == 0 && total > 3000, "encoding finder: %d of %d runs (3000 inputs x %d paths) differ (%d matches)", bad, 3000 * nsimd, nsimd, total);
    free(t); free(ref);
}
/* gitleaks' location(), line by line as detect/location.go walks (the library binary-searches) */
static void location_ref(const uint64_t *nl, size_t nn, uint64_t rawlen, const uint8_t *raw, uint64_t start, uint64_t end, vyre_rules_finding *f) {
    uint64_t prev = 0, sl = 0, el = 0, sc = 0, ec = 0, sli = 0, eli = 0; size_t k, ln = 0; int set = 0;
    uint64_t one = rawlen;
    const uint64_t *L = nl; size_t N = nn;
    if (!N) { L = &one; N = 1; }
    for (k = 0; k < N; k++) {
        uint64_t nb = L[k];
        ln = k;
        if (prev <= start && start < nb) { set = 1; sl = k; el = k; sc = start - prev + 1; sli = prev; eli = nb; }
        if (prev < end && end <= nb) { el = k; ec = end - prev; eli = nb; }
        prev = nb;
    }
    if (!set) {
        uint64_t i = 0;
        sc = start - prev + 1; ec = end - prev; sl = ln + 1; el = ln + 1;
        while (end + i < rawlen && raw[end + i] != '\n' && raw[end + i] != '\r') i++;
        eli = end + i;
    }
    f->start_line = sl; f->end_line = el; f->start_column = sc; f->end_column = ec; f->line_start = sli; f->line_end = eli;
}
static void t_location(void) {
    uint64_t x = 0x2545F4914F6CDD1Dull, nl[64]; uint8_t raw[600]; int it, bad = 0;
    for (it = 0; it < 20000; it++) {
        size_t n, nn = 0, i; uint64_t st, en; vyre_rules_finding a, b;
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        n = (size_t)(x % 500);
        for (i = 0; i < n; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; raw[i] = (uint8_t)((x % 9) == 0 ? '\n' : (x % 23) == 1 ? '\r' : 'a'); if (raw[i] == '\n' && nn < 64) nl[nn++] = i; }
        if (nn == 64) continue;
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        st = n ? x % (n + 1) : 0; en = st + (n + 1 > st ? (x >> 20) % (n + 1 - st) : 0);
        if (it % 7 == 0 && nn) { st = nl[(x >> 30) % nn]; en = (x >> 40) % 2 ? st : st + 1; }   /* on a newline, empty or not */
        memset(&a, 0, sizeof a); memset(&b, 0, sizeof b);
        location_ref(nl, nn, n, raw, st, en, &a);
        vyre__gl_location(nl, nn, n, raw, st, en, &b);
        if (a.start_line != b.start_line || a.end_line != b.end_line || a.start_column != b.start_column || a.end_column != b.end_column ||
            a.line_start != b.line_start || a.line_end != b.line_end) {
            if (bad++ < 3) printf("  location differs: %zu bytes, %zu newlines, [%llu, %llu)\n", n, nn, (unsigned long long)st, (unsigned long long)en);
        }
    }
    CHECK(bad == 0, "location by binary search vs line by line: %d of 20000 differ", bad);
}
/* the gitleaks:allow test of a Line (offsets found once, binary-searched) against a search of the line */
static void t_allow_line(void) {
    static const char *bits[] = { "gitleaks:allow", "gitleaks:allo", "ggitleaks:allow", "x", "\n", "g", "itleaks:allow" };
    uint64_t x = 0x1234567887654321ull; int it, bad = 0, hits = 0;
    for (it = 0; it < 2000; it++) {
        uint8_t raw[400]; size_t n = 0; vyre__gl_scan S; int k; vyre_allocator al; vyre_error e;
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        while (n < 380) { const char *b = bits[(x >> 8) % 7]; size_t l = strlen(b); if (n + l > 380) break; memcpy(raw + n, b, l); n += l; x ^= x << 13; x ^= x >> 7; x ^= x << 17; }
        memset(&S, 0, sizeof S);
        vyre_allocator_resolve(NULL, &al, &e);
        S.raw = raw; S.len = n; S.A = &al; S.err = &e;
        for (k = 0; k < 20; k++) {
            uint64_t ls, le; int hit = -1, want = 0; size_t i;
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            ls = x % (n + 1); le = ls + (x >> 20) % (n + 1 - ls);
            for (i = 0; ls + i + 14 <= le && !want; i++) want = memcmp(raw + ls + i, "gitleaks:allow", 14) == 0;
            if (vyre__gl_allow_line(&S, ls, le, &hit) != VYRE_OK || hit != want) bad++;
            hits += want;
        }
        vyre_free(S.A, S.allow.data);
    }
    CHECK(bad == 0 && hits > 1000, "gitleaks:allow by offsets vs a search of the line: %d of 40000 differ (%d hits)", bad, hits);
}
/* decoding passes (gitleaks' detect/codec), hand-derived */
static void t_decode(void) {
    const char *t = "[[rules]]\nid = 'tok'\nregex = 'tok_[a-z0-9]{8}'\nkeywords = ['tok_']\n";
    {   /* the encoding finder's byte classes (vyre__gl_cls) are exactly gitleaks' classes: a high byte
           counted as a hex digit (Python's str.isdigit() calls U+00B2 one) once broke a hex decode */
        unsigned b, bad = 0;
        for (b = 0; b < 256; b++) {
            int hx = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
            int b64 = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_' || b == '/' || b == '+' || b == '-';
            int sp = b == '%' || b == 'U' || b == '\\';
            if (!!(vyre__gl_cls[b] & 1) != hx || !!(vyre__gl_cls[b] & 2) != b64 || !!(vyre__gl_cls[b] & 4) != sp || vyre__gl_hexc((uint8_t)b) != hx) bad++;
        }
        CHECK(bad == 0, "byte classes: %u bytes wrong", bad);
    }
    vyre_rules *R0 = load_depth(t, 0), *R1 = load_depth(t, 1), *R5 = load_depth(t, 5); coll c;
    if (!R0 || !R1 || !R5) { vyre_rules_free(R0); vyre_rules_free(R1); vyre_rules_free(R5); return; }
    expect_n(R0, "a = dG9rX2szajVoMmc5\n", "f", 0, "depth 0: no decoding");
    scan(R1, "a = dG9rX2szajVoMmc5\n", "f", &c);   /* base64 of tok_k3j5h2g9 */
    CHECK(c.n == 1, "base64 (%d)", c.n);
    if (c.n == 1) {
        CHECK(c.f[0].decode_depth == 1 && c.f[0].decoded == VYRE_RULES_DECODED_BASE64, "tags: depth %u kinds %u", c.f[0].decode_depth, c.f[0].decoded);
        CHECK(c.f[0].start == 4 && c.f[0].end == 20 && c.f[0].start_column == 5 && c.f[0].end_column == 20, "at the whole segment: %llu-%llu col %llu-%llu",
              (unsigned long long)c.f[0].start, (unsigned long long)c.f[0].end, (unsigned long long)c.f[0].start_column, (unsigned long long)c.f[0].end_column);
        CHECK(has_text(c.f[0].match, c.f[0].match_len, "tok_k3j5h2g9") && has_text(c.f[0].secret, c.f[0].secret_len, "tok_k3j5h2g9"), "decoded Match/Secret");
    }
    scan(R1, "x\nh = 746f6b5f6b336a356832673961626364\n", "f", &c);   /* hex of tok_k3j5h2g9abcd */
    CHECK(c.n == 1 && c.f[0].decoded == VYRE_RULES_DECODED_HEX && c.f[0].start_line == 2 && c.f[0].start_column == 6 && c.f[0].end_column == 37, "hex (%d)", c.n);
    /* hex runs next to the high bytes 0xB2 0xB3 0xB9 (digits to Unicode, not to gitleaks): no decode across them */
    scan(R5, "h = 746f6b5f6b336a35\xb2\xb3\xb9" "6832673961626364746f6b5f6b336a356832673961626364\n", "f", &c);
    CHECK(c.n == 1 && c.f[0].decoded == VYRE_RULES_DECODED_HEX, "hex run after high bytes (%d)", c.n);
    scan(R1, "url=tok%5Fk3j5h2g9\n", "f", &c);   /* percent: the match reaches past the segment */
    CHECK(c.n == 1 && c.f[0].decoded == VYRE_RULES_DECODED_PERCENT && c.f[0].start == 4 && c.f[0].end == 18, "percent, partial overlap (%d)", c.n);
    scan(R1, "k=\\u0074\\u006f\\u006b_k3j5h2g9\n", "f", &c);
    CHECK(c.n == 1 && c.f[0].decoded == VYRE_RULES_DECODED_UNICODE && c.f[0].start == 2, "unicode escapes (%d)", c.n);
    expect_n(R1, "k=U+0074 U+006F U+006B\n", "f", 0, "unicode code points decode to 'tok', no rule match");
    expect_n(R1, "b = dG9rJTVGazNqNWgyZzk=\n", "f", 0, "depth 1 stops before the percent layer");   /* base64 of tok%5Fk3j5h2g9 */
    scan(R5, "b = dG9rJTVGazNqNWgyZzk=\n", "f", &c);
    CHECK(c.n == 1 && c.f[0].decode_depth == 2 && c.f[0].decoded == (VYRE_RULES_DECODED_PERCENT | VYRE_RULES_DECODED_BASE64) && c.f[0].start == 4 && c.f[0].end == 24,
          "two layers: depth %u kinds %u", c.n ? c.f[0].decode_depth : 0, c.n ? c.f[0].decoded : 0);
    scan(R5, "tok_k3j5h2g9 dG9rX2szajVoMmc5\n", "f", &c);
    CHECK(c.n == 2 && c.f[0].decode_depth == 0 && c.f[1].decode_depth == 1, "a plain finding is not repeated by the decoding pass (%d)", c.n);
    expect_n(R5, "tok_k3j5h2g9 # gitleaks:allow\ndG9rX2szajVoMmc5 gitleaks:allow\n", "f", 0, "gitleaks:allow holds for decoded findings");
    vyre_rules_free(R0); vyre_rules_free(R1); vyre_rules_free(R5);
}
int main(void) {
    t_toml(); t_load_errors(); t_default(); t_semantics(); t_composite(); t_decode(); t_finder(); t_location(); t_allow_line();
    printf("test_rules: %d checks, %d failed\n", checks, fails);
    printf("%d passed, %d failed\n", checks - fails, fails); /* the summary line tests/run.sh reads */
    return fails ? 1 : 0;
}
