/* tests/fuzz/fuzz_ignore.c - libFuzzer target for the CLI's gitignore matcher
   (cli/ignore.h): ig_wildmatch against a reference matcher built another way
   (the pattern is tokenised once and matched by dynamic programming over
   text positions, no backtracking), and ig_list_match against the rule
   semantics cli/ignore.h documents (last matching line wins, a '/' anchors,
   a trailing '/' is for directories, '!' re-includes) evaluated with the
   reference. `git check-ignore` is the oracle of tests/test_ignore.c; this
   target covers the inputs no fixed list reaches (and catches a matcher
   that takes exponential time: libFuzzer's -timeout).

   Input: byte 0 bit 0 = is_dir; then the rules text up to the first 0x00
   byte, then the path (a second 0x00 ends it; bytes 0x01..0x03 in the path
   become '/', so paths have several components). Each rule line is also
   matched alone (its pattern as ig_list_add_line parsed it) against the
   path and its last component.
   Build: make build/fuzz/fuzz_ignore (tests/tests.mk). */
#define _DEFAULT_SOURCE
#define CLI_IGNORE_IMPLEMENTATION
#include "../../cli/ignore.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* tokens of a pattern */
enum { T_LIT, T_ANY1, T_STAR, T_DSTAR_ALL, T_DSTAR_DIRS, T_CLASS, T_FAIL };
typedef struct tok { int kind; unsigned char c; const char *cls; } tok;

/* the documented syntax: '\' escapes, '?', '[...]' (membership through
   ig__class, which tests/test_ignore.c checks against git), runs of '*':
   a double star alone in a component is "everything" at the end and
   "zero or more directories" before a '/', any other run is one '*' */
static size_t tokenize(const char *p, size_t n, tok *t) {
    size_t i = 0, k = 0;
    while (i < n) {
        char c = p[i];
        if (c == '*') {
            size_t j = i;
            while (j < n && p[j] == '*') j++;
            if (j - i >= 2 && (i == 0 || p[i - 1] == '/') && (j == n || p[j] == '/')) {
                if (j == n) { t[k++].kind = T_DSTAR_ALL; i = j; }
                else { t[k++].kind = T_DSTAR_DIRS; i = j + 1; }
            } else {
                t[k++].kind = T_STAR;
                i = j;
            }
            continue;
        }
        if (c == '?') { t[k++].kind = T_ANY1; i++; continue; }
        if (c == '[') {
            size_t adv = 0;
            (void)ig__class(p + i, p + n, 'a', &adv);
            if (!adv) { t[k++].kind = T_FAIL; return k; }
            t[k].kind = T_CLASS; t[k].cls = p + i; t[k].c = 0;   /* membership is asked at match time */
            k++;
            i += adv;
            continue;
        }
        if (c == '\\') {
            if (i + 1 == n) { t[k++].kind = T_FAIL; return k; }
            i++;
            c = p[i];
        }
        t[k].kind = T_LIT; t[k].c = (unsigned char)c;
        k++; i++;
    }
    return k;
}

/* reach[j] = token prefix matched up to text position j; one pass per token */
static int ref_match(const char *p, size_t pn, const char *s, size_t sn) {
    tok *t = (tok *)malloc((pn + 1) * sizeof *t);
    unsigned char *cur = (unsigned char *)calloc(sn + 1, 1), *nx = (unsigned char *)calloc(sn + 1, 1);
    size_t nt, k, j;
    int res;
    if (!t || !cur || !nx) abort();
    nt = tokenize(p, pn, t);
    cur[0] = 1;
    for (k = 0; k < nt; k++) {
        memset(nx, 0, sn + 1);
        for (j = 0; j <= sn; j++) {
            size_t e;
            if (!cur[j]) continue;
            switch (t[k].kind) {
            case T_LIT: if (j < sn && (unsigned char)s[j] == t[k].c) nx[j + 1] = 1; break;
            case T_ANY1: if (j < sn && s[j] != '/') nx[j + 1] = 1; break;
            case T_CLASS: {
                size_t adv = 0;
                if (j < sn && ig__class(t[k].cls, p + pn, s[j], &adv)) nx[j + 1] = 1;
                break;
            }
            case T_STAR: /* any run of non-'/' bytes */
                for (e = j; ; e++) { nx[e] = 1; if (e == sn || s[e] == '/') break; }
                break;
            case T_DSTAR_ALL: for (e = j; e <= sn; e++) nx[e] = 1; break;
            case T_DSTAR_DIRS: /* "" or anything that ends with '/' */
                nx[j] = 1;
                for (e = j; e < sn; e++) if (s[e] == '/') nx[e + 1] = 1;
                break;
            default: break; /* T_FAIL: nothing */
            }
        }
        memcpy(cur, nx, sn + 1);
    }
    res = cur[sn];
    free(t); free(cur); free(nx);
    return res;
}

static void must(int ok) { if (!ok) abort(); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    ig_list l;
    const char *rules, *path0;
    char *path;
    size_t rn, pn, i, k;
    int is_dir, got, want = 0;
    const char *base;
    if (size < 1) return 0;
    is_dir = data[0] & 1;
    rules = (const char *)data + 1;
    for (rn = 0; 1 + rn < size && data[1 + rn] != 0; rn++) {}
    path0 = rules + rn + (1 + rn < size);
    for (pn = 0; path0 + pn < (const char *)data + size && path0[pn] != 0; pn++) {}
    path = (char *)malloc(pn + 1);
    if (!path) abort();
    for (i = 0; i < pn; i++) path[i] = (unsigned char)path0[i] >= 1 && (unsigned char)path0[i] <= 3 ? '/' : path0[i];
    path[pn] = 0;
    memset(&l, 0, sizeof l);
    must(ig_list_add_text(&l, rules, rn) == 0);
    base = path;
    for (k = pn; k > 0; k--) if (path[k - 1] == '/') { base = path + k; break; }
    for (k = 0; k < l.n; k++) {
        const ig_rule *r = &l.r[k];
        must(r->len > 0 && r->pat[r->len] == 0 && (r->flags & ~(unsigned)(IG_NEG | IG_DIRONLY | IG_ANCHORED)) == 0);
        must(ig_wildmatch(r->pat, r->len, path, pn) == ref_match(r->pat, r->len, path, pn));
        must(ig_wildmatch(r->pat, r->len, base, (size_t)(path + pn - base)) == ref_match(r->pat, r->len, base, (size_t)(path + pn - base)));
    }
    /* the whole list: the last rule that applies and matches decides */
    for (k = l.n; k-- > 0;) {
        const ig_rule *r = &l.r[k];
        int m;
        if ((r->flags & IG_DIRONLY) && !is_dir) continue;
        m = (r->flags & IG_ANCHORED) ? ref_match(r->pat, r->len, path, pn)
                                     : ref_match(r->pat, r->len, base, (size_t)(path + pn - base));
        if (m) { want = (r->flags & IG_NEG) ? -1 : 1; break; }
    }
    got = ig_list_match(&l, path, pn, is_dir);
    must(got == want);
    /* the rules text as one pattern, against the path */
    if (rn <= 256) must(ig_wildmatch(rules, rn, path, pn) == ref_match(rules, rn, path, pn));
    ig_list_free(&l);
    free(path);
    return 0;
}
