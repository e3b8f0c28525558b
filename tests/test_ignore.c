/* tests/test_ignore.c - the CLI's gitignore matcher (cli/ignore.h) against
   git itself, plus cli/lines.h, cli/opts.h and cli/patfile.h units.

   t_git_differential: random trees (nested directories, names with glob
   and escape characters, spaces, '#', '!') with random .gitignore files at
   several depths and a random .git/info/exclude; every file and directory
   is classified by `git check-ignore --no-index` and by ig_stack the way
   the CLI's walk uses it (a path inside an ignored directory is ignored);
   every path must agree. Patterns cover negations, anchored patterns,
   directory-only patterns, '**' in every position, classes, ranges, POSIX
   classes, escapes and trailing spaces. Skipped (SKIPPED line) without git.
   HOME and XDG_CONFIG_HOME point into the temporary directory so no global
   excludes file takes part. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#define VYRE_IMPLEMENTATION
#include "vyre.h"
#include "tests/vt.h"
#define CLI_IGNORE_IMPLEMENTATION
#include "cli/ignore.h"
#define CLI_LINES_IMPLEMENTATION
#include "cli/lines.h"
#define CLI_OPTS_IMPLEMENTATION
#include "cli/opts.h"
#define CLI_PATFILE_IMPLEMENTATION
#include "cli/patfile.h"

#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char g_root[700];

static void rm_rf(const char *p) {
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", p);
    if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", p);
}

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "wb");
    if (!f) { fprintf(stderr, "cannot write %s\n", path); return; }
    fputs(text, f);
    fclose(f);
}

/* ------------------------------------------------------------ wildmatch units */
static void t_wildmatch_units(void) {
    static const struct { const char *p, *t; int want; } cases[] = {
        {"*.log", "a.log", 1}, {"*.log", "a/b.log", 0}, {"a/**/b", "a/b", 1}, {"a/**/b", "a/x/y/b", 1},
        {"**/b", "b", 1}, {"**/b", "x/y/b", 1}, {"a/**", "a/x/y", 1}, {"a/**", "a", 0},
        {"a**b", "axxb", 1}, {"a**b", "ax/xb", 0}, {"[ab]c", "bc", 1}, {"[!ab]c", "bc", 0},
        {"[!ab]c", "xc", 1}, {"[^ab]c", "xc", 1}, {"[a-c]x", "bx", 1}, {"[a-c]x", "dx", 0},
        {"[[:digit:]]*", "7z", 1}, {"[[:digit:]]*", "z7", 0}, {"\\*", "*", 1}, {"\\*", "a", 0},
        {"?", "/", 0}, {"a?c", "abc", 1}, {"[]]", "]", 1}, {"[a", "a", 0}, {"x[/]y", "x/y", 0},
        {"\\[x]", "[x]", 1}, {"*", "", 1}, {"a\\", "a\\", 0},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CHECKF(ig_wildmatch(cases[i].p, strlen(cases[i].p), cases[i].t, strlen(cases[i].t)) == cases[i].want,
               "wildmatch('%s', '%s') != %d", cases[i].p, cases[i].t, cases[i].want);
}

/* ------------------------------------------------------------ git differential */
static const char *const names[] = {"a", "b", "ab", "a.c", "b.log", "c.txt", ".h", "#h", "!n", "sp ", "s p", "[x]", "x*", "A", "dd"};
#define NNAMES (sizeof names / sizeof names[0])
static const char *const comps[] = {"a", "b", "ab", "*", "?", "a*", "*.log", "[ab]", "[!a]*", "[a-c]*", "[[:alpha:]]*",
                                    "**", "\\#h", "#h", "\\!n", "sp\\ ", "sp", "\\[x]", "[x]", "x\\*", "x*", "A", "dd",
                                    "*.c", "?b", "s p", ".h", "d*"};
#define NCOMPS (sizeof comps / sizeof comps[0])

typedef struct { char **p; size_t n, cap; } strv;
static void sv_push(strv *v, const char *s) {
    if (v->n == v->cap) { v->cap = v->cap ? v->cap * 2 : 64; v->p = (char **)realloc(v->p, v->cap * sizeof *v->p); }
    v->p[v->n] = (char *)malloc(strlen(s) + 1);
    strcpy(v->p[v->n++], s);
}
static void sv_free(strv *v) { size_t i; for (i = 0; i < v->n; i++) free(v->p[i]); free(v->p); memset(v, 0, sizeof *v); }

static void gen_rules(vt_rng *r, char *out, size_t cap) {
    size_t nl = vt_range(r, 1, 6), i, len = 0;
    out[0] = 0;
    for (i = 0; i < nl; i++) {
        char line[256];
        size_t k = 0, nc = vt_range(r, 1, 3), j;
        line[0] = 0;
        if (vt_below(r, 5) == 0) k += (size_t)snprintf(line + k, sizeof line - k, "!");
        if (vt_below(r, 5) == 0) k += (size_t)snprintf(line + k, sizeof line - k, "/");
        for (j = 0; j < nc; j++)
            k += (size_t)snprintf(line + k, sizeof line - k, "%s%s", j ? "/" : "", comps[vt_below(r, NCOMPS)]);
        if (vt_below(r, 4) == 0) k += (size_t)snprintf(line + k, sizeof line - k, "/");
        if (vt_below(r, 10) == 0) k += (size_t)snprintf(line + k, sizeof line - k, "  ");
        if (len + k + 2 < cap) { memcpy(out + len, line, k); len += k; out[len++] = '\n'; out[len] = 0; }
    }
}

static void gen_tree(vt_rng *r, const char *dir, int depth, strv *dirs) {
    size_t n = vt_range(r, 1, 5), i;
    for (i = 0; i < n; i++) {
        char p[1024];
        snprintf(p, sizeof p, "%s/%s", dir, names[vt_below(r, NNAMES)]);
        if (depth < 3 && vt_below(r, 3) == 0) {
            if (mkdir(p, 0755) == 0) { sv_push(dirs, p); gen_tree(r, p, depth + 1, dirs); }
        } else {
            struct stat st;
            if (lstat(p, &st) != 0) write_file(p, "x\n");
        }
    }
}

/* the CLI's walk, recording every path (relative) with its decision */
static void classify(ig_stack *s, const char *dir, int anc_ignored, strv *paths, strv *ignored) {
    DIR *d = opendir(dir);
    struct dirent *de;
    strv ents = {0, 0, 0};
    size_t i, rl = strlen(g_root) + 1;
    if (!d) return;
    while ((de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") || !strcmp(de->d_name, ".git")) continue;
        sv_push(&ents, de->d_name);
    }
    closedir(d);
    for (i = 0; i < ents.n; i++) {
        char p[1024];
        struct stat st;
        int is_dir, ign;
        snprintf(p, sizeof p, "%s/%s", dir, ents.p[i]);
        if (lstat(p, &st) != 0) continue;
        is_dir = S_ISDIR(st.st_mode);
        ign = anc_ignored || ig_stack_ignored(s, p, is_dir);
        sv_push(paths, p + rl);
        if (ign) sv_push(ignored, p + rl);
        if (is_dir) {
            ig_stack_push(s, p);
            classify(s, p, ign, paths, ignored);
            ig_stack_pop(s, 1);
        }
    }
    sv_free(&ents);
}

static int git_ignored(const strv *paths, strv *out) {
    char in[800], outp[800], cmd[2400];
    FILE *f;
    size_t i;
    int st;
    snprintf(in, sizeof in, "%s.in", g_root);
    snprintf(outp, sizeof outp, "%s.out", g_root);
    f = fopen(in, "wb");
    if (!f) return -1;
    for (i = 0; i < paths->n; i++) { fputs(paths->p[i], f); fputc(0, f); }
    fclose(f);
    snprintf(cmd, sizeof cmd, "cd '%s' && git check-ignore --no-index -z --stdin <'%s' >'%s'", g_root, in, outp);
    st = system(cmd);
    if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) > 1) return -1;
    {
        size_t len = 0, s = 0;
        uint8_t *b = vt_read_file(outp, &len);
        if (!b) return -1;
        for (i = 0; i < len; i++)
            if (b[i] == 0) { sv_push(out, (const char *)b + s); s = i + 1; }
        free(b);
    }
    return 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* regression (tests/fuzz/fuzz_ignore found it; corpus/ignore/stars_exponential): many
   single stars against a long run of one byte took exponential time (a hostile .gitignore
   stalled the walk). The matcher's early exits keep it polynomial: these take
   milliseconds (the old matcher needed on the order of C(512, 20) tries) and run under
   a 5 s alarm, so a regression kills the test instead of hanging it. */
static void t_wildmatch_polynomial(void) {
    char pat[64], text[512];
    size_t i, n = 0;
    for (i = 0; i < 20; i++) { pat[n++] = 'a'; pat[n++] = '*'; }
    pat[n++] = 'b';
    memset(text, 'a', sizeof text);
    alarm(5);
    CHECK(!ig_wildmatch(pat, n, text, sizeof text));                 /* no 'b' */
    text[sizeof text - 1] = 'b';
    CHECK(ig_wildmatch(pat, n, text, sizeof text));
    text[200] = '/';                                                 /* single stars never cross '/' */
    CHECK(!ig_wildmatch(pat, n, text, sizeof text));
    CHECK(ig_wildmatch("**/a*a*a*a*a*a*a*a*a*b", 22, text, sizeof text));
    CHECK(!ig_wildmatch("**/a*a*a*a*a*a*a*a*a*c", 22, text, sizeof text));
    CHECK(!ig_wildmatch("a*a*a*a*a*a*a*a*a*/**/c", 23, text, sizeof text));
    alarm(0);
}

static void t_git_differential(void) {
    char cmd[1600], base[400];
    int cases = 150 * vt_scale(), k, disagree = 0;
    vt_rng r = vt_rng_make(vt_seed_base() ^ 0x1617);
    const char *tmp = getenv("TMPDIR");
    if (system("git --version >/dev/null 2>&1") != 0) { vt_skip("git is not installed (apt-get install git)"); return; }
    snprintf(base, sizeof base, "%s/vyre-ignore-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(base)) { CHECK(!"mkdtemp"); return; }
    setenv("HOME", base, 1);
    setenv("XDG_CONFIG_HOME", base, 1);
    setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
    for (k = 0; k < cases && disagree < 5; k++) {
        strv dirs = {0, 0, 0}, paths = {0, 0, 0}, mine = {0, 0, 0}, git = {0, 0, 0};
        char rules[4096], p[1024];
        ig_stack s;
        size_t i, levels;
        /* one repository, emptied (but for .git) before each case */
        snprintf(g_root, sizeof g_root, "%s/t", base);
        if (k == 0) {
            mkdir(g_root, 0755);
            snprintf(cmd, sizeof cmd, "cd '%s' && git init -q .", g_root);
            if (system(cmd) != 0) { CHECK(!"git init failed"); break; }
        } else {
            snprintf(cmd, sizeof cmd, "cd '%s' && rm -f .git/info/exclude && find . -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +", g_root);
            if (system(cmd) != 0) { CHECK(!"cleaning the repository failed"); break; }
        }
        gen_tree(&r, g_root, 0, &dirs);
        gen_rules(&r, rules, sizeof rules);
        snprintf(p, sizeof p, "%s/.gitignore", g_root);
        write_file(p, rules);
        for (i = 0; i < dirs.n; i++)
            if (vt_below(&r, 2) == 0) {
                gen_rules(&r, rules, sizeof rules);
                snprintf(p, sizeof p, "%s/.gitignore", dirs.p[i]);
                write_file(p, rules);
            }
        if (vt_below(&r, 2) == 0) {
            gen_rules(&r, rules, sizeof rules);
            snprintf(p, sizeof p, "%s/.git/info/exclude", g_root);
            write_file(p, rules);
        }
        memset(&s, 0, sizeof s);
        s.git = 1;
        s.dot = 1;
        levels = ig_stack_start(&s, g_root);
        classify(&s, g_root, 0, &paths, &mine);
        ig_stack_pop(&s, levels);
        ig_stack_free(&s);
        if (git_ignored(&paths, &git) != 0) { CHECK(!"git check-ignore failed"); sv_free(&dirs); sv_free(&paths); sv_free(&mine); break; }
        if (mine.n) qsort(mine.p, mine.n, sizeof *mine.p, cmp_str);
        if (git.n) qsort(git.p, git.n, sizeof *git.p, cmp_str);
        {
            size_t a = 0, b = 0;
            int bad = 0;
            while (a < mine.n || b < git.n) {
                int c = a == mine.n ? 1 : b == git.n ? -1 : strcmp(mine.p[a], git.p[b]);
                if (c == 0) { a++; b++; continue; }
                bad = 1;
                CHECKF(0, "case %d: '%s' is %s by vyre but %s by git", k, c < 0 ? mine.p[a] : git.p[b],
                       c < 0 ? "ignored" : "not ignored", c < 0 ? "not ignored" : "ignored");
                if (c < 0) a++; else b++;
            }
            if (bad) {
                disagree++;
                snprintf(cmd, sizeof cmd, "cd '%s' && for f in $(find . -name .gitignore) .git/info/exclude; do echo \"== $f\"; cat \"$f\" 2>/dev/null; done", g_root);
                if (system(cmd) != 0) {}
            }
        }
        sv_free(&dirs); sv_free(&paths); sv_free(&mine); sv_free(&git);
    }
    vt_note("%d random trees compared with git check-ignore", k);
    if (!disagree) rm_rf(base);
}

static void t_globs(void) {
    ig_globs g;
    memset(&g, 0, sizeof g);
    CHECK(ig_globs_add(&g, "*.py") == 0);
    CHECK(ig_globs_add(&g, "!test_*") == 0);
    CHECK(ig_globs_match(&g, "src/a.py", 0) == -1);
    CHECK(ig_globs_match(&g, "src/test_a.py", 0) == 1);
    CHECK(ig_globs_match(&g, "src/a.c", 0) == 1);  /* include globs given: others are left out */
    CHECK(ig_globs_match(&g, "src", 1) == 0);      /* directories are still walked */
    ig_globs_free(&g);
    CHECK(ig_globs_add(&g, "!vendor/") == 0);
    CHECK(ig_globs_match(&g, "a/vendor", 1) == 1);
    CHECK(ig_globs_match(&g, "a/vendor", 0) == 0);
    ig_globs_free(&g);
}

/* ------------------------------------------------------------ lines.h */
typedef struct { const uint8_t *d; size_t n; size_t max_read; } memsrc;
static int mem_read(void *u, uint64_t off, uint8_t *buf, size_t n, size_t *got) {
    memsrc *m = (memsrc *)u;
    if (n > m->max_read) n = m->max_read; /* short reads must be handled */
    if (off >= m->n) { *got = 0; return 0; }
    if (n > m->n - off) n = (size_t)(m->n - off);
    memcpy(buf, m->d + off, n);
    *got = n;
    return 0;
}

static void t_lines(void) {
    vt_rng r = vt_rng_make(vt_seed_base() ^ 0x11e5);
    int it;
    static vl_cursor cur;
    char e[64];
    for (it = 0; it < 40 * vt_scale(); it++) {
        size_t n = (size_t)vt_range(&r, 0, 300000), i, q;
        uint8_t *d = (uint8_t *)malloc(n + 1);
        memsrc m;
        uint64_t off = 0;
        uint64_t line = 1, ls = 0, pos = 0;
        for (i = 0; i < n; i++) { uint64_t x = vt_below(&r, 40); d[i] = x == 0 ? '\n' : x == 1 ? '\r' : (uint8_t)('a' + x % 26); }
        m.d = d; m.n = n; m.max_read = (size_t)vt_range(&r, 1, 100000);
        vl_init(&cur, mem_read, &m);
        for (q = 0; q < 50 && n; q++) {
            uint64_t gl, gc;
            off = vt_below(&r, 8) == 0 ? vt_below(&r, n) : off + vt_below(&r, n / 20 + 1); /* mostly ascending */
            if (off >= n) off = n - 1;
            if (off < pos) { line = 1; ls = 0; pos = 0; }
            for (; pos < off; pos++) if (d[pos] == '\n') { line++; ls = pos + 1; }
            if (!CHECK(vl_locate(&cur, off, &gl, &gc) == 0)) break;
            if (!CHECKF(gl == line && gc == off - ls + 1, "offset %llu: got %llu:%llu, want %llu:%llu",
                        (unsigned long long)off, (unsigned long long)gl, (unsigned long long)gc,
                        (unsigned long long)line, (unsigned long long)(off - ls + 1)))
                break;
            {
                size_t want = (size_t)vt_range(&r, 1, 70000), got = 0;
                static uint8_t big[70000];
                const uint8_t *b = vl_bytes(&cur, off, want, big, &got);
                size_t exp = n - off < want ? (size_t)(n - off) : want;
                if (!CHECKF(b && got == exp && memcmp(b, d + off, got) == 0, "vl_bytes(%llu, %lu)", (unsigned long long)off, (unsigned long)want))
                    break;
            }
        }
        {   /* an offset past the end is an error, not a made-up line */
            uint64_t gl, gc;
            CHECK(vl_locate(&cur, (uint64_t)n + 5, &gl, &gc) != 0 && gl == 0);
        }
        free(d);
    }
    CHECK(vl_escape_match(e, (const uint8_t *)"a\\b\x01\xff", 5) == 12 && strcmp(e, "a\\\\b\\x01\\xff") == 0);
    CHECK(vl_escape_path(e, "a\nb\\c", 5) == 8 && strcmp(e, "a\\x0ab\\c") == 0);
    CHECK(vl_utf8_valid((const uint8_t *)"caf\xc3\xa9", 5) == 1);
    CHECK(vl_utf8_valid((const uint8_t *)"\xc0\x80", 2) == 0);
    CHECK(vl_utf8_valid((const uint8_t *)"\xed\xa0\x80", 3) == 0);
}

/* ------------------------------------------------------------ opts.h and patfile.h */
static void t_opts_patfile(void) {
    static const char *const c1[] = {"files-with-matches", "count", "ignore-case", "no-ignore", NULL};
    char base[600], p[700], err[1024];
    const char *tmp = getenv("TMPDIR");
    pf_file f;
    int ic;
    CHECK(cli_nearest("ignore-cas", c1) && strcmp(cli_nearest("ignore-cas", c1), "ignore-case") == 0);
    CHECK(cli_nearest("cuont", c1) && strcmp(cli_nearest("cuont", c1), "count") == 0);
    CHECK(cli_nearest("files-with", c1) && strcmp(cli_nearest("files-with", c1), "files-with-matches") == 0);
    CHECK(cli_nearest("xyzzy", c1) == NULL);
    snprintf(base, sizeof base, "%s/vyre-pf-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(base)) { CHECK(!"mkdtemp"); return; }
    snprintf(p, sizeof p, "%s/p", base);
    write_file(p, "# c\nab\r\n\n#x\ncd");
    CHECK(pf_read(&f, p, 0, err, sizeof err) == 0 && f.npats == 4);
    if (f.npats == 4) CHECK(f.pats[1].len == 2 && memcmp(f.arena + f.pats[1].off, "ab", 2) == 0 && f.pats[1].line == 2 && f.pats[3].line == 5);
    pf_free(&f);
    CHECK(pf_read(&f, p, 1, err, sizeof err) == 0 && f.npats == 2);
    pf_free(&f);
    {
        FILE *o = fopen(p, "wb");
        int i;
        fputs("ok\n", o);
        for (i = 0; i < 65535; i++) fputc('a', o);
        fputs("\r\nfine\n", o);
        for (i = 0; i < 65536; i++) fputc('b', o);
        fputs("\nnever\n", o);
        fclose(o);
    }
    CHECK(pf_read(&f, p, 0, err, sizeof err) == -1);
    CHECK_STR_CONTAINS(err, ":4:");
    CHECK_STR_CONTAINS(err, "Fix:");
    pf_free(&f);
    CHECK(pf_suspicious((const uint8_t *)"AKIA[0-9A-Z]{16}", 16, &ic) != NULL && !ic);
    CHECK(pf_suspicious((const uint8_t *)"# AWS", 5, &ic) != NULL && ic);
    CHECK(pf_suspicious((const uint8_t *)"\\d+", 3, &ic) != NULL);
    CHECK(pf_suspicious((const uint8_t *)"AKIA", 4, &ic) == NULL);
    CHECK(pf_suspicious((const uint8_t *)"a[]b", 4, &ic) == NULL);
    rm_rf(base);
}

int main(void) {
    VT_RUN(t_wildmatch_units);
    VT_RUN(t_wildmatch_polynomial);
    VT_RUN(t_globs);
    VT_RUN(t_git_differential);
    VT_RUN(t_lines);
    VT_RUN(t_opts_patfile);
    return vt_finish();
}
