/* cli/ignore.h - gitignore rules and globs for the vyre CLI's walk.

   Single file, C99 + POSIX (realpath, stat: define _DEFAULT_SOURCE or
   _XOPEN_SOURCE 500 before the first system header). Define CLI_IGNORE_IMPLEMENTATION
   in one translation unit before including it. Tested against
   `git check-ignore` by tests/test_ignore.c.

   Pattern syntax (gitignore(5)):
     - blank lines and lines starting with '#' are skipped; "\#" is a literal '#'
     - trailing spaces are removed unless escaped ("\ ")
     - a leading '!' negates (re-includes); "\!" is a literal '!'
     - a trailing '/' matches directories only
     - a '/' at the start or in the middle anchors the pattern to the
       directory of the file that holds it; otherwise it matches the last
       path component at any depth
     - '*' and '?' never match '/'; [abc], [a-z], [!x], [^x], [[:alpha:]] ...
       classes; '\' escapes the next character
     - a double star as a whole leading component (matches in any
       directory), as a whole middle component (zero or more directories)
       and as the last component (everything inside); other runs of '*'
       are a single '*'
   The last matching line wins. A file inside an ignored directory cannot be
   re-included (the walk does not enter ignored directories).

   ig_stack: the rules in effect during a directory walk, in ripgrep's
   precedence: .ignore files over .gitignore files over .git/info/exclude,
   and, within one kind, a deeper directory's file over its parents'.
   .gitignore and .git/info/exclude apply only inside a git repository (a
   directory with a .git entry at or above the walked directory), as in
   ripgrep; .ignore files apply everywhere. Parent directories of a walked
   PATH contribute their files up to the repository root.

   ig_globs: ripgrep's -g/--glob overrides. "GLOB" includes (once any include
   glob is given, only files matching one are scanned), "!GLOB" excludes;
   matched against the path relative to the current directory (the caller
   makes it so), with the same syntax; an override always beats the ignore
   files. */
#ifndef CLI_IGNORE_H
#define CLI_IGNORE_H
#include <stddef.h>

#define IG_NEG 1u
#define IG_DIRONLY 2u
#define IG_ANCHORED 4u

typedef struct ig_rule {
    char *pat;
    size_t len;
    unsigned flags;
} ig_rule;

typedef struct ig_list {
    ig_rule *r;
    size_t n, cap;
} ig_list;

/* Parses gitignore text (one rule per '\n'-terminated line). 0 or ENOMEM. */
int ig_list_add_text(ig_list *l, const char *text, size_t len);
/* Adds one rule line (no '\n'); 0 or ENOMEM. */
int ig_list_add_line(ig_list *l, const char *line, size_t len);
/* Reads a file of rules; a missing file is not an error. 0 or an errno. */
int ig_list_add_file(ig_list *l, const char *path);
void ig_list_free(ig_list *l);
/* rel: path relative to the rules' directory, '/'-separated, no leading '/'.
   Returns 1 (ignored), -1 (re-included by a '!' rule) or 0 (no rule matched). */
int ig_list_match(const ig_list *l, const char *rel, size_t len, int is_dir);
/* Wildmatch with pathname semantics over p[0, pn) and t[0, tn): 1 if it matches. */
int ig_wildmatch(const char *p, size_t pn, const char *t, size_t tn);

#define IG_KINDS 3 /* 0 .ignore, 1 .gitignore, 2 .git/info/exclude */

typedef struct ig_level {
    ig_list kind[IG_KINDS];
    char *pre;   /* prepended to walkpath + cut to get the path relative to this level */
    size_t cut;
    int in_repo; /* a git repository at or above this level */
} ig_level;

typedef struct ig_stack {
    ig_level *lv;
    size_t n, cap;
    int git; /* read .gitignore / info/exclude at all (0 with --no-ignore) */
    int dot; /* read .ignore files */
} ig_stack;

/* Starts the walk of directory PATH `dir` (as it will prefix walked paths):
   pushes the levels of its parent directories (up to the repository root)
   and of dir itself. Returns the number of levels pushed (pop them all
   with ig_stack_pop when the walk of dir ends). */
size_t ig_stack_start(ig_stack *s, const char *dir);
/* Entering a directory during the walk (dir = its walk path): pushes one level. */
void ig_stack_push(ig_stack *s, const char *dir);
void ig_stack_pop(ig_stack *s, size_t levels);
/* 1 if the walk path (below the current directory) is ignored. */
int ig_stack_ignored(const ig_stack *s, const char *path, int is_dir);
void ig_stack_free(ig_stack *s);

/* For a walk that lists directories on several threads (cli/vyre.c's
   parallel walk): a level built outside the stack, and the ignore check over
   a stack's levels followed by such levels (read only: callers on several
   threads may share them while nobody changes them).
   ig_level_dir fills lv for walk path `dir` as ig_stack_push would on top of
   a level whose in_repo is parent_in_repo. present: which rule files the
   directory's listing showed (IG_HAS_*), or IG_PROBE to look for them as
   ig_stack_push does (an lstat of .git, an open attempt per file). */
#define IG_HAS_GIT 1u        /* a .git entry */
#define IG_HAS_GITIGNORE 2u  /* a .gitignore entry */
#define IG_HAS_IGNORE 4u     /* a .ignore entry */
#define IG_PROBE 8u
void ig_level_dir(ig_level *lv, int git, int dot, int parent_in_repo, const char *dir, unsigned present);
void ig_level_free(ig_level *lv);
/* Levels base[0, nbase) then *more[0, nmore), innermost last. */
int ig_levels_ignored(const ig_level *base, size_t nbase, const ig_level *const *more, size_t nmore, const char *path,
                      int is_dir);

typedef struct ig_globs {
    ig_list l;      /* rules with IG_NEG meaning "include" (the glob had no '!') */
    int includes;   /* number of include globs */
} ig_globs;
int ig_globs_add(ig_globs *g, const char *glob);
/* rel: path relative to the walked PATH. 1 ignored, -1 included, 0 no opinion. */
int ig_globs_match(const ig_globs *g, const char *rel, int is_dir);
void ig_globs_free(ig_globs *g);

#endif /* CLI_IGNORE_H */

#ifdef CLI_IGNORE_IMPLEMENTATION
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

static int ig__push_rule(ig_list *l, const char *p, size_t n, unsigned flags) {
    char *copy;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        ig_rule *r = (ig_rule *)realloc(l->r, cap * sizeof *r);
        if (!r) return ENOMEM;
        l->r = r;
        l->cap = cap;
    }
    copy = (char *)malloc(n + 1);
    if (!copy) return ENOMEM;
    memcpy(copy, p, n);
    copy[n] = 0;
    l->r[l->n].pat = copy;
    l->r[l->n].len = n;
    l->r[l->n].flags = flags;
    l->n++;
    return 0;
}

int ig_list_add_line(ig_list *l, const char *p, size_t n) {
    unsigned flags = 0;
    size_t i;
    if (n == 0 || p[0] == '#') return 0;
    /* trailing spaces, unless escaped */
    while (n > 0 && p[n - 1] == ' ') {
        size_t bs = 0;
        for (i = n - 1; i > 0 && p[i - 1] == '\\'; i--) bs++;
        if (bs & 1) break; /* "\ " keeps the space */
        n--;
    }
    if (n == 0) return 0;
    if (p[0] == '!') { flags |= IG_NEG; p++; n--; }
    else if (p[0] == '\\' && n > 1 && (p[1] == '!' || p[1] == '#')) { p++; n--; }
    if (n == 0) return 0;
    if (p[n - 1] == '/') {
        flags |= IG_DIRONLY;
        n--;
        if (n == 0) return 0;
    }
    for (i = 0; i < n; i++)
        if (p[i] == '/') { flags |= IG_ANCHORED; break; }
    if (p[0] == '/') { p++; n--; }
    if (n == 0) return 0;
    return ig__push_rule(l, p, n, flags);
}

int ig_list_add_text(ig_list *l, const char *text, size_t len) {
    size_t s = 0, i;
    for (i = 0; i <= len; i++) {
        if (i == len || text[i] == '\n') {
            if (i > s || i < len) {
                int er = ig_list_add_line(l, text + s, i - s);
                if (er) return er;
            }
            s = i + 1;
        }
    }
    return 0;
}

int ig_list_add_file(ig_list *l, const char *path) {
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int er = 0;
    if (!f) return (errno == ENOENT || errno == ENOTDIR) ? 0 : errno;
    for (;;) {
        size_t got;
        if (cap - len < 4096) {
            char *nb = (char *)realloc(buf, cap ? cap * 2 : 8192);
            if (!nb) { er = ENOMEM; break; }
            buf = nb;
            cap = cap ? cap * 2 : 8192;
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) break;
    }
    if (!er && ferror(f)) er = errno ? errno : EIO;
    fclose(f);
    if (!er) er = ig_list_add_text(l, buf ? buf : "", len);
    free(buf);
    return er;
}

void ig_list_free(ig_list *l) {
    size_t i;
    for (i = 0; i < l->n; i++) free(l->r[i].pat);
    free(l->r);
    l->r = NULL;
    l->n = l->cap = 0;
}

/* [...] at p (p[0] == '['); *adv = bytes of the class, 0 if unterminated. */
static int ig__class(const char *p, const char *pe, char ch, size_t *adv) {
    const char *q = p + 1;
    int neg = 0, hit = 0, first = 1;
    if (q < pe && (*q == '!' || *q == '^')) { neg = 1; q++; }
    while (q < pe && (first || *q != ']')) {
        unsigned char lo, hi;
        first = 0;
        if (*q == '[' && q + 1 < pe && q[1] == ':') {
            const char *e = q + 2;
            while (e + 1 < pe && !(e[0] == ':' && e[1] == ']')) e++;
            if (e + 1 < pe) {
                size_t nl = (size_t)(e - (q + 2));
                const char *nm = q + 2;
                unsigned char c = (unsigned char)ch;
#define IG_CL(s, cond) if (nl == sizeof(s) - 1 && memcmp(nm, s, nl) == 0 && (cond)) hit = 1
                IG_CL("alpha", (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
                IG_CL("digit", c >= '0' && c <= '9');
                IG_CL("alnum", (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
                IG_CL("upper", c >= 'A' && c <= 'Z');
                IG_CL("lower", c >= 'a' && c <= 'z');
                IG_CL("space", c == ' ' || (c >= '\t' && c <= '\r'));
                IG_CL("xdigit", (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
                IG_CL("punct", c > 32 && c < 127 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')));
                IG_CL("blank", c == ' ' || c == '\t');
                IG_CL("cntrl", c < 32 || c == 127);
                IG_CL("print", c >= 32 && c < 127);
                IG_CL("graph", c > 32 && c < 127);
#undef IG_CL
                q = e + 2;
                continue;
            }
        }
        if (*q == '\\' && q + 1 < pe) q++;
        lo = hi = (unsigned char)*q;
        q++;
        if (q + 1 < pe && *q == '-' && q[1] != ']') {
            q++;
            if (*q == '\\' && q + 1 < pe) q++;
            hi = (unsigned char)*q;
            q++;
        }
        if ((unsigned char)ch >= lo && (unsigned char)ch <= hi) hit = 1;
    }
    if (q >= pe) { *adv = 0; return 0; }
    *adv = (size_t)(q + 1 - p);
    return ch != '/' && (hit != neg);
}

/* Backtracking matcher in git's wildmatch style, kept polynomial by its two
   early exits: IG__ABORT_ALL when the text runs out before the pattern does
   (an enclosing star that starts later has even less text) and
   IG__ABORT_TO_DSTAR when a single star meets a '/' it cannot cross (only
   an enclosing double star may move past it). Without them a pattern like
   a*a*a*a*a*a*a*a*b against a run of a's takes exponential time. */
#define IG__ABORT_ALL (-1)
#define IG__ABORT_TO_DSTAR (-2)
static int ig__wm(const char *p0, const char *p, const char *pe, const char *t, const char *te) {
    while (p < pe) {
        char c = *p;
        if (c == '*') {
            const char *q = p, *s;
            int m;
            while (q < pe && *q == '*') q++;
            if (q - p >= 2 && (p == p0 || p[-1] == '/') && (q == pe || *q == '/')) {
                if (q == pe) return 1; /* trailing "**": everything */
                q++;                   /* double star + slash: zero or more directories */
                for (s = t;;) {
                    m = ig__wm(p0, q, pe, s, te);
                    if (m == 1 || m == IG__ABORT_ALL) return m;
                    s = (const char *)memchr(s, '/', (size_t)(te - s));
                    if (!s) return IG__ABORT_ALL;
                    s++;
                }
            }
            p = q;
            if (p == pe) return memchr(t, '/', (size_t)(te - t)) == NULL ? 1 : IG__ABORT_TO_DSTAR;
            for (s = t; s <= te; s++) {
                m = ig__wm(p0, p, pe, s, te);
                if (m != 0) return m;
                if (s < te && *s == '/') return IG__ABORT_TO_DSTAR;
            }
            return IG__ABORT_ALL;
        }
        if (t == te) return IG__ABORT_ALL;
        if (c == '?') {
            if (*t == '/') return 0;
            p++;
            t++;
            continue;
        }
        if (c == '[') {
            size_t adv = 0;
            int hit = ig__class(p, pe, *t, &adv);
            if (!adv) return IG__ABORT_ALL; /* unterminated class: matches nothing (as git) */
            if (!hit) return 0;
            p += adv;
            t++;
            continue;
        }
        if (c == '\\') {
            if (p + 1 == pe) return IG__ABORT_ALL; /* a trailing backslash: the pattern never matches (as git) */
            p++;
            c = *p;
        }
        if (*t != c) return 0;
        p++;
        t++;
    }
    return t == te;
}

int ig_wildmatch(const char *p, size_t pn, const char *t, size_t tn) { return ig__wm(p, p, p + pn, t, t + tn) == 1; }

int ig_list_match(const ig_list *l, const char *rel, size_t len, int is_dir) {
    size_t i = l->n;
    const char *base = rel;
    size_t k;
    for (k = len; k > 0; k--)
        if (rel[k - 1] == '/') { base = rel + k; break; }
    while (i-- > 0) {
        const ig_rule *r = &l->r[i];
        int m;
        if ((r->flags & IG_DIRONLY) && !is_dir) continue;
        if (r->flags & IG_ANCHORED) m = ig_wildmatch(r->pat, r->len, rel, len);
        else m = ig_wildmatch(r->pat, r->len, base, (size_t)(rel + len - base));
        if (m) return (r->flags & IG_NEG) ? -1 : 1;
    }
    return 0;
}

/* ---- the walk's stack ---- */
static int ig__exists(const char *dir, const char *name) {
    char p[PATH_MAX];
    struct stat st;
    if ((size_t)snprintf(p, sizeof p, "%s/%s", dir, name) >= sizeof p) return 0;
    return lstat(p, &st) == 0;
}

static ig_level *ig__push_level(ig_stack *s) {
    ig_level *lv;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        ig_level *n = (ig_level *)realloc(s->lv, cap * sizeof *n);
        if (!n) { fputs("vyre: out of memory in the ignore rules\n", stderr); exit(2); }
        s->lv = n;
        s->cap = cap;
    }
    lv = &s->lv[s->n++];
    memset(lv, 0, sizeof *lv);
    lv->in_repo = s->n > 1 ? s->lv[s->n - 2].in_repo : 0;
    return lv;
}

/* Loads the rule files of directory `dir` (a real path to read from); present as in
   ig_level_dir (a file the listing did not show is not opened: it is absent). */
static void ig__load_present(int git, int dot, ig_level *lv, const char *dir, unsigned present) {
    char p[PATH_MAX];
    int probe = (present & IG_PROBE) != 0;
    if (git && (probe ? ig__exists(dir, ".git")
                      : (present & IG_HAS_GIT) && (size_t)snprintf(p, sizeof p, "%s/.git", dir) < sizeof p)) {
        lv->in_repo = 1;
        if ((size_t)snprintf(p, sizeof p, "%s/.git/info/exclude", dir) < sizeof p) ig_list_add_file(&lv->kind[2], p);
    }
    if (git && lv->in_repo && (probe || (present & IG_HAS_GITIGNORE)) &&
        (size_t)snprintf(p, sizeof p, "%s/.gitignore", dir) < sizeof p)
        ig_list_add_file(&lv->kind[1], p);
    if (dot && (probe || (present & IG_HAS_IGNORE)) && (size_t)snprintf(p, sizeof p, "%s/.ignore", dir) < sizeof p)
        ig_list_add_file(&lv->kind[0], p);
}
static void ig__load(ig_stack *s, ig_level *lv, const char *dir) { ig__load_present(s->git, s->dot, lv, dir, IG_PROBE); }

static void ig__cut(ig_level *lv, const char *dir) {
    lv->cut = strlen(dir);
    if (lv->cut && dir[lv->cut - 1] != '/') lv->cut++;
}

void ig_stack_push(ig_stack *s, const char *dir) {
    ig_level *lv = ig__push_level(s);
    ig__cut(lv, dir);
    ig__load(s, lv, dir);
}

void ig_level_dir(ig_level *lv, int git, int dot, int parent_in_repo, const char *dir, unsigned present) {
    memset(lv, 0, sizeof *lv);
    lv->in_repo = parent_in_repo;
    ig__cut(lv, dir);
    ig__load_present(git, dot, lv, dir, present);
}

void ig_level_free(ig_level *lv) {
    int k;
    for (k = 0; k < IG_KINDS; k++) ig_list_free(&lv->kind[k]);
    free(lv->pre);
    lv->pre = NULL;
}

size_t ig_stack_start(ig_stack *s, const char *dir) {
    char real[PATH_MAX], *anc[256];
    size_t na = 0, i, pushed = 0, dl = strlen(dir);
    if ((s->git || s->dot) && realpath(dir, real)) {
        /* parents of dir, nearest first, up to the repository root (or "/") */
        char cur[PATH_MAX];
        int found = 0;
        strcpy(cur, real);
        if (ig__exists(cur, ".git")) found = 1;
        while (!found && na < 256) {
            char *sl = strrchr(cur, '/');
            if (!sl) break;
            if (sl == cur) { if (cur[1] == 0) break; cur[1] = 0; }
            else *sl = 0;
            anc[na] = (char *)malloc(strlen(cur) + 1);
            if (!anc[na]) break;
            strcpy(anc[na++], cur);
            if (ig__exists(cur, ".git")) { found = 1; break; }
            if (strcmp(cur, "/") == 0) break;
        }
        if (!found) {
            /* no repository above: only .ignore files, and only the nearest
               parents matter as in ripgrep; keep them all (they are rare) */
        }
        for (i = na; i-- > 0;) {
            ig_level *lv = ig__push_level(s);
            size_t al = strlen(anc[i]), rl = strlen(real);
            /* pre = real[al+1 ..] + "/" */
            const char *rest = real + (al == 1 ? 1 : al + 1);
            size_t rn = rl >= (al == 1 ? 1 : al + 1) ? strlen(rest) : 0;
            lv->pre = (char *)malloc(rn + 2);
            if (lv->pre) {
                memcpy(lv->pre, rest, rn);
                lv->pre[rn] = '/';
                lv->pre[rn + 1] = 0;
            }
            lv->cut = dl;
            if (dl && dir[dl - 1] != '/') lv->cut++;
            ig__load(s, lv, anc[i]);
            if (!found) { ig_list_free(&lv->kind[1]); ig_list_free(&lv->kind[2]); lv->in_repo = 0; }
            pushed++;
            free(anc[i]);
        }
    }
    ig_stack_push(s, dir);
    return pushed + 1;
}

void ig_stack_pop(ig_stack *s, size_t levels) {
    while (levels-- > 0 && s->n > 0) ig_level_free(&s->lv[--s->n]);
}

int ig_stack_ignored(const ig_stack *s, const char *path, int is_dir) {
    return ig_levels_ignored(s->lv, s->n, NULL, 0, path, is_dir);
}

int ig_levels_ignored(const ig_level *base, size_t nbase, const ig_level *const *more, size_t nmore, const char *path,
                      int is_dir) {
    size_t pl = strlen(path);
    int k;
    char tmp[PATH_MAX];
    for (k = 0; k < IG_KINDS; k++) {
        size_t i = nbase + nmore;
        while (i-- > 0) {
            const ig_level *lv = i >= nbase ? more[i - nbase] : &base[i];
            const char *rel;
            size_t rl;
            int m;
            if (lv->kind[k].n == 0 || lv->cut > pl) continue;
            if (lv->pre) {
                size_t prl = strlen(lv->pre);
                if (prl + (pl - lv->cut) + 1 > sizeof tmp) continue;
                memcpy(tmp, lv->pre, prl);
                memcpy(tmp + prl, path + lv->cut, pl - lv->cut + 1);
                rel = tmp;
                rl = prl + (pl - lv->cut);
            } else {
                rel = path + lv->cut;
                rl = pl - lv->cut;
            }
            m = ig_list_match(&lv->kind[k], rel, rl, is_dir);
            if (m) return m > 0;
        }
    }
    return 0;
}

void ig_stack_free(ig_stack *s) {
    ig_stack_pop(s, s->n);
    free(s->lv);
    s->lv = NULL;
    s->cap = 0;
}

int ig_globs_add(ig_globs *g, const char *glob) {
    size_t n = strlen(glob);
    int er;
    size_t before = g->l.n;
    /* a glob is a gitignore line with the meaning of '!' inverted */
    if (glob[0] == '!') er = ig_list_add_line(&g->l, glob + 1, n - 1);
    else {
        er = ig_list_add_line(&g->l, glob, n);
        if (!er && g->l.n > before) { g->l.r[g->l.n - 1].flags |= IG_NEG; g->includes++; }
        return er;
    }
    if (!er && g->l.n > before) g->l.r[g->l.n - 1].flags &= ~IG_NEG;
    return er;
}

int ig_globs_match(const ig_globs *g, const char *rel, int is_dir) {
    int m = ig_list_match(&g->l, rel, strlen(rel), is_dir);
    if (m) return m;
    if (g->includes && !is_dir) return 1;
    return 0;
}

void ig_globs_free(ig_globs *g) { ig_list_free(&g->l); g->includes = 0; }
#endif /* CLI_IGNORE_IMPLEMENTATION */
