/* re_gen.h - random regexes over vyre's whole regex syntax, for the oracle
   tests (tests/test_re2.cpp against RE2, tests/test_re_hs.c against
   Hyperscan), plus random haystacks that make them match often.

   re_gen() writes one regex twice: `go` in the RE2/Go syntax vyre and RE2
   read (POSIX names, \d \s \w, negated classes, \Q..\E, octal, scoped and
   mid-pattern flags, named groups, lazy quantifiers), and `hs` in a plain
   PCRE form for Hyperscan with the same all-matches meaning (classes and `.`
   spelled out as explicit byte sets computed here, $ as \z, no greediness).
   The byte sets are computed by this file independently of vyre.
   Bytes >= 0x80 never appear inside a caseless scope (RE2's Latin-1 mode
   folds Latin-1 letters; vyre folds ASCII only, as Go does on bytes). */
#ifndef RE_GEN_H
#define RE_GEN_H
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct re_gen {
    uint64_t s;
    char go[8192], hs[32768];
    size_t gl, hl;
    int overflow;
    int no_groups;       /* Hyperscan callers: no captures, no anchors other than \b \B (Hyperscan
                            rejects embedded ^ $ \A \z), no {0} repeats */
} re_gen;

static uint64_t rg_next(re_gen *g) { g->s ^= g->s << 13; g->s ^= g->s >> 7; g->s ^= g->s << 17; return g->s; }
static unsigned rg_below(re_gen *g, unsigned n) { return (unsigned)(rg_next(g) % n); }
static void rg_go(re_gen *g, const char *t) { size_t n = strlen(t); if (g->gl + n + 1 >= sizeof g->go) { g->overflow = 1; return; } memcpy(g->go + g->gl, t, n); g->gl += n; g->go[g->gl] = 0; }
static void rg_hs(re_gen *g, const char *t) { size_t n = strlen(t); if (g->hl + n + 1 >= sizeof g->hs) { g->overflow = 1; return; } memcpy(g->hs + g->hl, t, n); g->hl += n; g->hs[g->hl] = 0; }
static void rg_both(re_gen *g, const char *t) { rg_go(g, t); rg_hs(g, t); }

typedef struct rg_set { uint32_t w[8]; } rg_set;
static void rgs_add(rg_set *c, unsigned lo, unsigned hi) { for (; lo <= hi; lo++) c->w[lo >> 5] |= 1u << (lo & 31); }
static int rgs_has(const rg_set *c, unsigned b) { return (c->w[b >> 5] >> (b & 31)) & 1; }
static void rgs_not(rg_set *c) { int k; for (k = 0; k < 8; k++) c->w[k] = ~c->w[k]; }
static void rgs_fold(rg_set *c) { unsigned b; for (b = 'a'; b <= 'z'; b++) if (rgs_has(c, b) || rgs_has(c, b - 32)) { rgs_add(c, b, b); rgs_add(c, b - 32, b - 32); } }
static int rgs_empty(const rg_set *c) { int k; for (k = 0; k < 8; k++) if (c->w[k]) return 0; return 1; }
/* explicit PCRE class for hs */
static void rg_hs_set(re_gen *g, const rg_set *c) {
    unsigned b = 0;
    char t[32];
    if (rgs_empty(c)) { rg_hs(g, "[^\\x00-\\xff]"); return; }
    rg_hs(g, "[");
    while (b < 256) {
        unsigned e;
        if (!rgs_has(c, b)) { b++; continue; }
        e = b;
        while (e + 1 < 256 && rgs_has(c, e + 1)) e++;
        if (e == b) snprintf(t, sizeof t, "\\x%02x", b); else snprintf(t, sizeof t, "\\x%02x-\\x%02x", b, e);
        rg_hs(g, t);
        b = e + 1;
    }
    rg_hs(g, "]");
}

typedef struct rg_flags { int i, s, m; } rg_flags;

/* the alphabet literals come from (matches the haystack generator) */
static const char rg_alpha[] = "aabbcAB01 \n-._=x";
static unsigned rg_lit(re_gen *g, const rg_flags *f) {
    unsigned r = rg_below(g, 40);
    if (r == 0 && !f->i) return 0xE9;
    if (r == 1) return 0;
    if (r == 2) return '\t';
    return (unsigned char)rg_alpha[rg_below(g, (unsigned)sizeof rg_alpha - 1)];
}
/* one literal byte in go syntax (escaping as needed; various escape spellings) */
static void rg_go_byte(re_gen *g, unsigned b, int in_class) {
    char t[16];
    unsigned v = rg_below(g, 6);
    if (b == '\n' && v < 3) { rg_go(g, "\\n"); return; }
    if (b == '\t' && v < 3) { rg_go(g, "\\t"); return; }
    if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')) {
        if (v == 0) snprintf(t, sizeof t, "\\x%02X", b);
        else if (v == 1) snprintf(t, sizeof t, "\\x{%x}", b);
        else { t[0] = (char)b; t[1] = 0; }
        rg_go(g, t);
        return;
    }
    if (b >= 0x20 && b < 0x7f && b != '\\' && !(in_class && (b == ']' || b == '[' || b == '^' || b == '-')) &&
        !(!in_class && strchr(".[]()*+?{}|^$", (int)b))) {
        if (v == 0) { t[0] = '\\'; t[1] = (char)b; t[2] = 0; } else { t[0] = (char)b; t[1] = 0; }
        rg_go(g, t);
        return;
    }
    if (b >= 0x20 && b < 0x7f) { t[0] = '\\'; t[1] = (char)b; t[2] = 0; rg_go(g, t); return; }
    if (v == 0 && b < 64) { snprintf(t, sizeof t, "\\%03o", b); rg_go(g, t); return; }
    snprintf(t, sizeof t, "\\x%02x", b);
    rg_go(g, t);
}
static void rg_hs_byte(re_gen *g, unsigned b) {
    char t[8];
    if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')) { t[0] = (char)b; t[1] = 0; }
    else snprintf(t, sizeof t, "\\x%02x", b);
    rg_hs(g, t);
}

static void rg_perl(unsigned ch, rg_set *c) {
    memset(c, 0, sizeof *c);
    switch (ch | 0x20) {
    case 'd': rgs_add(c, '0', '9'); break;
    case 's': rgs_add(c, '\t', '\n'); rgs_add(c, '\f', '\r'); rgs_add(c, ' ', ' '); break;
    default: rgs_add(c, '0', '9'); rgs_add(c, 'A', 'Z'); rgs_add(c, 'a', 'z'); rgs_add(c, '_', '_'); break;
    }
    if (ch < 'a') rgs_not(c);
}
static const char *rg_posix_names[] = {"alnum", "alpha", "blank", "digit", "lower", "upper", "space", "punct", "xdigit", "word", "cntrl", "print", "graph", "ascii"};
static void rg_posix(int k, int neg, rg_set *c) {
    memset(c, 0, sizeof *c);
    switch (k) {
    case 0: rgs_add(c, '0', '9'); rgs_add(c, 'A', 'Z'); rgs_add(c, 'a', 'z'); break;
    case 1: rgs_add(c, 'A', 'Z'); rgs_add(c, 'a', 'z'); break;
    case 2: rgs_add(c, ' ', ' '); rgs_add(c, '\t', '\t'); break;
    case 3: rgs_add(c, '0', '9'); break;
    case 4: rgs_add(c, 'a', 'z'); break;
    case 5: rgs_add(c, 'A', 'Z'); break;
    case 6: rgs_add(c, '\t', '\r'); rgs_add(c, ' ', ' '); break;
    case 7: rgs_add(c, '!', '/'); rgs_add(c, ':', '@'); rgs_add(c, '[', '`'); rgs_add(c, '{', '~'); break;
    case 8: rgs_add(c, '0', '9'); rgs_add(c, 'A', 'F'); rgs_add(c, 'a', 'f'); break;
    case 9: rgs_add(c, '0', '9'); rgs_add(c, 'A', 'Z'); rgs_add(c, 'a', 'z'); rgs_add(c, '_', '_'); break;
    case 10: rgs_add(c, 0, 31); rgs_add(c, 127, 127); break;
    case 11: rgs_add(c, ' ', '~'); break;
    case 12: rgs_add(c, '!', '~'); break;
    default: rgs_add(c, 0, 127); break;
    }
    if (neg) rgs_not(c);
}

static void rg_class(re_gen *g, const rg_flags *f) {
    rg_set c;
    int neg = rg_below(g, 4) == 0, items = 1 + (int)rg_below(g, 3), k;
    memset(&c, 0, sizeof c);
    rg_go(g, neg ? "[^" : "[");
    for (k = 0; k < items; k++) {
        unsigned r = rg_below(g, 10);
        if (r < 4) {
            unsigned b = rg_lit(g, f);
            if (b == '^' && k == 0) b = 'a';
            rg_go_byte(g, b, 1); rgs_add(&c, b, b);
        } else if (r < 6) {
            static const unsigned los[] = {'a', '0', 'A', 0, ' ', 'x'}, his[] = {'c', '5', 'C', 31, '/', 'z'};
            unsigned q = rg_below(g, 6);
            rg_go_byte(g, los[q], 1); rg_go(g, "-"); rg_go_byte(g, his[q], 1);
            rgs_add(&c, los[q], his[q]);
        } else if (r < 8) {
            static const char pc[] = "dswDSW";
            char t[3] = {'\\', 0, 0};
            rg_set p;
            t[1] = pc[rg_below(g, 6)];
            rg_go(g, t); rg_perl((unsigned char)t[1], &p);
            for (r = 0; r < 8; r++) c.w[r] |= p.w[r];
        } else {
            int q = (int)rg_below(g, 14), n = rg_below(g, 4) == 0;
            rg_set p;
            rg_go(g, "[:"); if (n) rg_go(g, "^"); rg_go(g, rg_posix_names[q]); rg_go(g, ":]");
            rg_posix(q, n, &p);
            for (r = 0; r < 8; r++) c.w[r] |= p.w[r];
        }
    }
    rg_go(g, "]");
    if (f->i) rgs_fold(&c);
    if (neg) rgs_not(&c);
    rg_hs_set(g, &c);
}

static void rg_alt(re_gen *g, rg_flags *f, int depth);

static int rg_atom(re_gen *g, rg_flags *f, int depth) {
    unsigned r = rg_below(g, depth >= 3 ? 11 : 15);
    if (r < 5) { unsigned b = rg_lit(g, f); rg_go_byte(g, b, 0); rg_hs_byte(g, b); return 1; }
    if (r < 7) { rg_class(g, f); return 1; }
    if (r == 7) {
        rg_set c; memset(&c, 0xFF, sizeof c); if (!f->s) c.w[0] &= ~(1u << 10);
        rg_go(g, "."); rg_hs_set(g, &c); return 1;
    }
    if (r == 8) {
        static const char pc[] = "dswDSW";
        char t[3] = {'\\', 0, 0};
        rg_set c;
        t[1] = pc[rg_below(g, 6)];
        rg_go(g, t); rg_perl((unsigned char)t[1], &c); rg_hs_set(g, &c); return 1;
    }
    if (r == 9) {
        unsigned a = rg_below(g, 6);
        if (g->no_groups) a = 2 + (a & 1);
        if (a == 0) { rg_go(g, "^"); rg_hs(g, f->m ? "(?m:^)" : "\\A"); }
        else if (a == 1) { rg_go(g, "$"); rg_hs(g, f->m ? "(?m:$)" : "\\z"); }
        else if (a == 2) rg_both(g, "\\b");
        else if (a == 3) rg_both(g, "\\B");
        else if (a == 4) rg_both(g, "\\A");
        else rg_both(g, "\\z");
        return 0;
    }
    if (r == 10) { /* \Q..\E */
        unsigned n = 1 + rg_below(g, 3), k;
        rg_go(g, "\\Q");
        for (k = 0; k < n; k++) {
            unsigned b = (unsigned char)"ab.*+A0-"[rg_below(g, 8)];
            char t[2] = {(char)b, 0};
            rg_go(g, t); rg_hs_byte(g, b);
        }
        rg_go(g, "\\E");
        if (rg_below(g, 2)) { rg_go(g, "a"); rg_hs(g, "a"); } /* keep a quantifier off the \E */
        return 1;
    }
    /* groups */
    {
        rg_flags in = *f;
        unsigned k = rg_below(g, 7);
        char name[16];
        if (g->no_groups && k < 2) k = 2;
        if (k == 0) { rg_go(g, "("); rg_hs(g, "(?:"); }
        else if (k == 1) { snprintf(name, sizeof name, "(?P<n%u>", (unsigned)rg_below(g, 100000)); rg_go(g, name); rg_hs(g, "(?:"); }
        else if (k == 2) { rg_both(g, "(?:"); }
        else if (k == 3) { rg_both(g, "(?i:"); in.i = 1; }
        else if (k == 4) { rg_both(g, "(?-i:"); in.i = 0; }
        else if (k == 5) { rg_go(g, "(?s:"); rg_hs(g, "(?:"); in.s = 1; }
        else { rg_go(g, "(?m-s:"); rg_hs(g, "(?:"); in.m = 1; in.s = 0; }
        rg_alt(g, &in, depth + 1);
        rg_both(g, ")");
    }
    return 1;
}

static void rg_quant(re_gen *g) {
    unsigned r = rg_below(g, 14);
    if (g->no_groups && (r == 10 || r == 12)) r = 8;
    char t[32];
    int lazy = rg_below(g, 3) == 0;
    if (r < 7) return;
    if (r == 7) rg_both(g, "*");
    else if (r == 8) rg_both(g, "+");
    else if (r == 9) rg_both(g, "?");
    else if (r == 10) { snprintf(t, sizeof t, "{%u}", rg_below(g, 4)); rg_both(g, t); }
    else if (r == 11) { snprintf(t, sizeof t, "{%u,}", rg_below(g, 4)); rg_both(g, t); }
    else if (r == 12) { unsigned a = rg_below(g, 3); snprintf(t, sizeof t, "{%u,%u}", a, a + rg_below(g, 4)); rg_both(g, t); }
    else { unsigned a = rg_below(g, 5); snprintf(t, sizeof t, "{%u,%u}", a, a + 5 + rg_below(g, 40)); rg_both(g, t); }
    if (lazy) rg_go(g, "?");
}

static void rg_cat(re_gen *g, rg_flags *f, int depth) {
    unsigned n = 1 + rg_below(g, depth ? 3 : 5), k;
    for (k = 0; k < n; k++) {
        if (rg_below(g, 25) == 0) { /* mid-pattern flag: lasts to the end of the group */
            unsigned q = rg_below(g, 4);
            if (q == 0) { rg_both(g, "(?i)"); f->i = 1; }
            else if (q == 1) { rg_both(g, "(?-i)"); f->i = 0; }
            else if (q == 2) { rg_go(g, "(?s)"); f->s = 1; }
            else { rg_go(g, "(?U)"); }
            continue;
        }
        if (rg_atom(g, f, depth)) rg_quant(g);
    }
}
static void rg_alt(re_gen *g, rg_flags *f, int depth) {
    unsigned n = rg_below(g, 4) == 0 ? 2 + rg_below(g, 2) : 1, k;
    for (k = 0; k < n; k++) {
        if (k) rg_both(g, "|");
        if (depth < 4 || rg_below(g, 2)) rg_cat(g, f, depth);
        else { unsigned b = rg_lit(g, f); rg_go_byte(g, b, 0); rg_hs_byte(g, b); }
    }
}

/* a random regex into g->go / g->hs; returns 0 if it overflowed (call again) */
static int re_gen_one(re_gen *g) {
    rg_flags f = {0, 0, 0};
    g->gl = g->hl = 0; g->go[0] = g->hs[0] = 0; g->overflow = 0;
    if (rg_below(g, 8) == 0) { rg_both(g, "(?i)"); f.i = 1; }
    rg_alt(g, &f, 0);
    return !g->overflow;
}

/* a haystack over the literal alphabet plus random bytes */
static void re_gen_haystack(re_gen *g, unsigned char *h, size_t n) {
    size_t i;
    unsigned mode = rg_below(g, 3);
    for (i = 0; i < n; i++) {
        unsigned r = rg_below(g, 64);
        if (mode == 0 || r < 40) h[i] = (unsigned char)rg_alpha[rg_below(g, (unsigned)sizeof rg_alpha - 1)];
        else if (r < 50) h[i] = (unsigned char)"aAbB_ \n\t0.-="[rg_below(g, 12)];
        else h[i] = (unsigned char)rg_next(g);
    }
}
#endif
