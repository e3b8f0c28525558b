/* re_common.h - shared helpers of the regex oracle tests (C and C++):
   the gitleaks regexes (tests/data/gitleaks-regexes.tsv, MIT, see
   tests/data/gitleaks.LICENSE), a corpus of real files, and match lists. */
#ifndef RE_COMMON_H
#define RE_COMMON_H
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct re_m { uint64_t start, end; uint32_t id, ngroups; uint64_t g[2 * 24]; } re_m;
typedef struct re_ml { re_m *m; size_t n, cap; } re_ml;
static void re_ml_push(re_ml *l, const re_m *m) {
    if (l->n == l->cap) { l->cap = l->cap ? l->cap * 2 : 64; l->m = (re_m *)realloc(l->m, l->cap * sizeof(re_m)); if (!l->m) abort(); }
    l->m[l->n++] = *m;
}
static int re_m_cmp(const void *a, const void *b) {
    const re_m *x = (const re_m *)a, *y = (const re_m *)b;
    if (x->id != y->id) return x->id < y->id ? -1 : 1;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end < y->end ? -1 : 1;
    return 0;
}
static void re_ml_sort(re_ml *l) { if (l->n) qsort(l->m, l->n, sizeof(re_m), re_m_cmp); }
static void re_ml_free(re_ml *l) { free(l->m); l->m = NULL; l->n = l->cap = 0; }

/* the gitleaks regexes: names[i], pats[i]; returns count (0 if the file is missing) */
typedef struct re_rules { char **name, **pat; size_t n; } re_rules;
static size_t re_load_gitleaks(re_rules *r) {
    static const char *paths[] = {"tests/data/gitleaks-regexes.tsv", "../shared/patterns/gitleaks-regexes.tsv"};
    char line[8192];
    size_t k;
    FILE *f = NULL;
    memset(r, 0, sizeof *r);
    for (k = 0; k < 2 && !f; k++) f = fopen(paths[k], "rb");
    if (!f) return 0;
    while (fgets(line, sizeof line, f)) {
        char *tab = strchr(line, '\t'), *e;
        if (!tab) continue;
        *tab = 0;
        e = tab + 1 + strlen(tab + 1);
        while (e > tab + 1 && (e[-1] == '\n' || e[-1] == '\r')) *--e = 0;
        r->name = (char **)realloc(r->name, (r->n + 1) * sizeof(char *));
        r->pat = (char **)realloc(r->pat, (r->n + 1) * sizeof(char *));
        if (!r->name || !r->pat) abort();
        r->name[r->n] = strdup(line); r->pat[r->n] = strdup(tab + 1);
        r->n++;
    }
    fclose(f);
    return r->n;
}
static void re_rules_free(re_rules *r) {
    size_t i;
    for (i = 0; i < r->n; i++) { free(r->name[i]); free(r->pat[i]); }
    free(r->name); free(r->pat);
    memset(r, 0, sizeof *r);
}

/* up to `budget` bytes of regular files under dirs (depth-first, sorted order not guaranteed
   but deterministic per machine), each file capped at per_file bytes, files separated by '\n' */
typedef struct re_buf { unsigned char *p; size_t n, cap; } re_buf;
static void re_buf_add(re_buf *b, const void *d, size_t n) {
    if (b->n + n > b->cap) { b->cap = (b->n + n) * 2 + 4096; b->p = (unsigned char *)realloc(b->p, b->cap); if (!b->p) abort(); }
    memcpy(b->p + b->n, d, n); b->n += n;
}
static void re_walk(re_buf *b, const char *dir, size_t budget, size_t per_file, int depth) {
    DIR *d;
    struct dirent *e;
    char path[4096];
    if (depth > 6 || b->n >= budget) return;
    d = opendir(dir);
    if (!d) return;
    while ((e = readdir(d)) != NULL && b->n < budget) {
        struct stat st;
        if (e->d_name[0] == '.') continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (lstat(path, &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) re_walk(b, path, budget, per_file, depth + 1);
        else if (S_ISREG(st.st_mode) && st.st_size > 0) {
            FILE *f = fopen(path, "rb");
            unsigned char tmp[65536];
            size_t got, want = per_file;
            if (!f) continue;
            while (want && b->n < budget && (got = fread(tmp, 1, want < sizeof tmp ? want : sizeof tmp, f)) > 0) { re_buf_add(b, tmp, got); want -= got; }
            fclose(f);
            re_buf_add(b, "\n", 1);
        }
    }
    closedir(d);
}
static re_buf re_corpus(size_t budget) {
    static const char *dirs[] = {"/usr/include", "/usr/share/doc", "/usr/share/perl5", "/usr/bin"};
    re_buf b;
    size_t k;
    memset(&b, 0, sizeof b);
    for (k = 0; k < 4; k++) re_walk(&b, dirs[k], budget * (k + 1) / 4, 32768, 0);
    return b;
}
/* A gitleaks regex in Hyperscan's (PCRE's) spelling: `$` -> `\z` outside
   classes and escapes (PCRE's $ also matches before a final \n, vyre's and
   RE2's only at the end). malloc'd; the caller frees it. Used by the
   Hyperscan oracles (tests/test_re_hs.c) and benches (bench/re_cpu_vs_hs.c,
   bench/re_gpu_bench.c). */
static inline char *re_pcre_spelling(const char *p) {
    size_t n = strlen(p), i, o = 0;
    char *r = (char *)malloc(2 * n + 1);
    int cls = 0;
    if (!r) abort();
    for (i = 0; i < n; i++) {
        if (p[i] == '\\' && i + 1 < n) { r[o++] = p[i++]; r[o++] = p[i]; continue; }
        if (!cls && p[i] == '[') { cls = 1; r[o++] = p[i]; if (p[i + 1] == '^') r[o++] = p[++i]; if (p[i + 1] == ']') r[o++] = p[++i]; continue; }
        if (cls && p[i] == '[' && p[i + 1] == ':') { const char *e = strstr(p + i + 2, ":]"); if (e) { size_t k = (size_t)(e + 2 - (p + i)); memcpy(r + o, p + i, k); o += k; i += k - 1; continue; } }
        if (cls && p[i] == ']') { cls = 0; r[o++] = p[i]; continue; }
        if (!cls && p[i] == '$') { r[o++] = '\\'; r[o++] = 'z'; continue; }
        r[o++] = p[i];
    }
    r[o] = 0;
    return r;
}
#endif
