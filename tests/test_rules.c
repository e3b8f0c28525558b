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
typedef struct { vyre_rules_finding f[64]; int n; } coll;
static int on_f(const vyre_rules_finding *f, void *u) { coll *c = (coll *)u; if (c->n < 64) c->f[c->n++] = *f; return 0; }
static int scan(vyre_rules *R, const char *data, const char *path, coll *c) {
    vyre_error e; vyre_result r;
    memset(c, 0, sizeof *c);
    r = vyre_rules_scan(R, data, strlen(data), path, on_f, c, &e);
    CHECK(r == VYRE_OK, "scan: %s", e.message);
    return c->n;
}
static char *slurp(const char *p, size_t *n) {
    FILE *f = fopen(p, "rb"); char *b; long L;
    if (!f) return NULL;
    fseek(f, 0, SEEK_END); L = ftell(f); fseek(f, 0, SEEK_SET);
    b = (char *)malloc((size_t)L + 1); if (fread(b, 1, (size_t)L, f) != (size_t)L) { fclose(f); free(b); return NULL; }
    b[L] = 0; fclose(f); *n = (size_t)L; return b;
}

static void t_toml(void) {
    vyre_rules *R; vyre_error e; vyre_rule_info ri;
    /* every string form, arrays over lines with comments, ints, floats, bools */
    const char *t =
        "# comment\ntitle = \"t\" # trailing\n"
        "[[rules]]\nid = 'a-rule'\ndescription = \"\"\"\nmulti \\\n   line\"\"\"\n"
        "regex = '''x(\\d+)y'''\nsecretGroup = 1\nentropy = 1_0.5e-1\nkeywords = [\n  \"X\", # kw\n  'Yy',\n]\ntags = []\n"
        "[[rules]]\nID = \"b\"\nRegex = \"a\\\\tb\\u0041\"\n";
    CHECK(load(t, &R, &e) == VYRE_OK, "toml: %s", e.message);
    if (!R) return;
    CHECK(vyre_rules_count(R) == 2, "2 rules");
    vyre_rules_rule(R, 0, &ri);
    CHECK(strcmp(ri.id, "a-rule") == 0 && strcmp(ri.description, "multi line") == 0, "desc '%s'", ri.description);
    CHECK(strcmp(ri.regex, "x(\\d+)y") == 0 && ri.secret_group == 1, "regex");
    CHECK(ri.entropy > 1.049 && ri.entropy < 1.051, "entropy %f", ri.entropy);
    CHECK(ri.keyword_count == 2 && strcmp(ri.keywords[0], "x") == 0 && strcmp(ri.keywords[1], "yy") == 0, "keywords lower-cased");
    vyre_rules_rule(R, 1, &ri);
    CHECK(strcmp(ri.regex, "a\\tbA") == 0, "escapes: %s", ri.regex);
    vyre_rules_free(R);
    /* syntax errors with their lines */
    expect_code("[[rules]]\nid = 'x\n", VYRE_ERR_RULES_SYNTAX, 2);
    expect_code("a = 1\na = 2\n", VYRE_ERR_RULES_SYNTAX, 2);
    expect_code("[extend]\n[extend]\n", VYRE_ERR_RULES_SYNTAX, 2);
    expect_code("x = [1, 2\n", VYRE_ERR_RULES_SYNTAX, 0);
    expect_code("x = \"\\q\"\n", VYRE_ERR_RULES_SYNTAX, 1);
    expect_code("x = 012\n", VYRE_ERR_RULES_SYNTAX, 1);
    expect_code("x = bare\n", VYRE_ERR_RULES_SYNTAX, 1);
    expect_code("x = 1 y = 2\n", VYRE_ERR_RULES_SYNTAX, 1);
    expect_code("[a\n", VYRE_ERR_RULES_SYNTAX, 1);
    expect_code("x = {a = 1}\n", VYRE_ERR_RULES_UNSUPPORTED, 1);
    expect_code("\n\n[[rules]]\nid='a'\nregex='a'\n[[rules.required]]\nid='a'\n", VYRE_ERR_RULES_UNSUPPORTED, 6);
}
static void t_invalid(void) {
    /* what gitleaks' Translate / Validate reject */
    expect_code("[[rules]]\nregex = 'a'\n", VYRE_ERR_RULES_INVALID, 1);                     /* id missing */
    expect_code("[[rules]]\nid = '  '\nregex = 'a'\n", VYRE_ERR_RULES_INVALID, 1);
    expect_code("[[rules]]\nid = 'x'\n", VYRE_ERR_RULES_INVALID, 1);                         /* no regex, no path */
    expect_code("[[rules]]\nid = 'x'\nregex = '(a)'\nsecretGroup = 2\n", VYRE_ERR_RULES_INVALID, 1);
    expect_code("[[rules]]\nid = 'x'\nregex = 'a'\n[[rules.allowlists]]\ndescription = 'empty'\n", VYRE_ERR_RULES_INVALID, 0);
    expect_code("[[rules]]\nid = 'x'\nregex = 'a'\n[[rules.allowlists]]\ncondition = 'XOR'\nstopwords = ['a']\n", VYRE_ERR_RULES_INVALID, 5);
    expect_code("[[rules]]\nid = 'x'\nregex = 'a'\n[[rules.allowlists]]\nregexTarget = 'Line'\nstopwords = ['a']\n", VYRE_ERR_RULES_INVALID, 5);
    expect_code("[[rules]]\nid = 'x'\nregex = 'a'\n[rules.allowlist]\nstopwords = ['a']\n[[rules.allowlists]]\nstopwords = ['b']\n", VYRE_ERR_RULES_INVALID, 0);
    expect_code("[allowlist]\npaths = ['a']\n[[allowlists]]\npaths = ['b']\n", VYRE_ERR_RULES_INVALID, 0);
    expect_code("[[allowlists]]\ntargetRules = ['nope']\npaths = ['b']\n", VYRE_ERR_RULES_INVALID, 0);
    expect_code("[extend]\nuseDefault = true\npath = 'x.toml'\n", VYRE_ERR_RULES_INVALID, 0);
    expect_code("[[rules]]\nid = 'x'\nregex = 'a(b'\n", VYRE_ERR_REGEX_SYNTAX, 1);
    expect_code("[[rules]]\nid = 'x'\nregex = 'a'\nsecretgroup = 'one'\n", VYRE_ERR_RULES_INVALID, 4);
    expect_code("[[rules]]\nid = 'x'\nregex = 'a'\nkeyword = ['a']\n", VYRE_ERR_RULES_INVALID, 4);
    expect_code("[extend]\nuseDefault = true\n", VYRE_ERR_RULES_INVALID, 0);          /* no default text given */
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
    scan(R, "key = AKIAQYLPMN5HHHFPZAM2 # gitleaks:allow\n", "src/app.py", &c);
    CHECK(c.n == 0, "gitleaks:allow skipped (%d)", c.n);
    /* the global allowlist's paths (images) */
    scan(R, "key = AKIAQYLPMN5HHHFPZAM2\n", "img/logo.png", &c);
    CHECK(c.n == 0, "allowlisted path (%d)", c.n);
    /* the aws rule's allowlist: keys ending in EXAMPLE */
    scan(R, "key = AKIAIOSFODNN7EXAMPLE\n", "a.txt", &c);
    CHECK(c.n == 0, "EXAMPLE allowlisted (%d)", c.n);
    /* no keyword: nothing (the prefilter is caseless) */
    scan(R, "nothing to see here\n", "a.txt", &c);
    CHECK(c.n == 0, "clean file");
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
    vyre_rules *R; vyre_error e; coll c;
    const char *t =
        "[[rules]]\nid = 'tok'\nregex = '''tok_([a-z0-9]{8})'''\nentropy = 2.5\nkeywords = ['TOK_']\n"
        "[[rules.allowlists]]\nstopwords = ['dead']\n"
        "[[rules.allowlists]]\nregexTarget = 'line'\nregexes = ['''^#''']\n"
        "[[rules]]\nid = 'env'\npath = '''\\.env$'''\n"
        "[[rules]]\nid = 'both'\npath = '''\\.cfg$'''\nregex = 'pw=(\\w+)'\n"
        "[[allowlists]]\ntargetRules = ['both']\ncondition = 'AND'\npaths = ['''test''']\nregexes = ['''^x''']\n";
    CHECK(load(t, &R, &e) == VYRE_OK, "semantics config: %s", e.message);
    if (!R) return;
    scan(R, "a = tok_k3j5h2g9\n", "f", &c);
    CHECK(c.n == 1 && c.f[0].secret_end - c.f[0].secret_start == 8, "group 1 is the secret");
    if (c.n == 1) CHECK(c.f[0].entropy == vyre_rules_entropy("k3j5h2g9", 8) && c.f[0].entropy == 3.0, "entropy %f", c.f[0].entropy);
    scan(R, "a = tok_aaaaaaaa\n", "f", &c);
    CHECK(c.n == 0, "low entropy dropped");
    scan(R, "a = tok_deadb33f\n", "f", &c);
    CHECK(c.n == 0, "stopword dropped");
    scan(R, "# tok_k3j5h2g9\n", "f", &c);
    CHECK(c.n == 0, "line target: '^#' matches the first line (%d)", c.n);
    scan(R, "x\n# tok_k3j5h2g9\n", "f", &c);
    CHECK(c.n == 1, "line target: a later line's Line starts at the previous newline in gitleaks, so '^#' fails (%d)", c.n);
    scan(R, "", "conf/.env", &c);
    CHECK(c.n == 1 && c.f[0].path_only, "path-only rule");
    scan(R, "pw=hunter2\n", "a.cfg", &c);
    CHECK(c.n == 1, "path + regex");
    scan(R, "pw=hunter2\n", "a.txt", &c);
    CHECK(c.n == 0, "path + regex, other path");
    scan(R, "pw=xhunter2\n", "test/a.cfg", &c);
    CHECK(c.n == 0, "AND allowlist: path and regex both hold");
    scan(R, "pw=hunter2\n", "test/a.cfg", &c);
    CHECK(c.n == 1, "AND allowlist: regex does not hold");
    vyre_rules_free(R);
    CHECK(vyre_rules_entropy("", 0) == 0 && vyre_rules_entropy("aaaa", 4) == 0 && vyre_rules_entropy("ab", 2) == 1.0, "entropy basics");
}
int main(void) {
    t_toml(); t_invalid(); t_default(); t_semantics();
    printf("test_rules: %d checks, %d failed\n", checks, fails);
    printf("%d passed, %d failed\n", checks - fails, fails); /* the summary line tests/run.sh reads */
    return fails ? 1 : 0;
}
