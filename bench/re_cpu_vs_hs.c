/* bench/re_cpu_vs_hs.c - the 221 gitleaks regexes on the CPU: vyre's regex
   engine against Hyperscan, one thread, the same bytes, one run.
   `make bench-re` builds and runs it.

   Rows (each the median of BENCH_REPS scans of the corpus, default 3):
     hyperscan ends      all 221 rules in one database, no start of match
     hyperscan som       the rules Hyperscan accepts with HS_FLAG_SOM_LEFTMOST
     vyre all-matches    mode 1 with starts, all 221 rules
     vyre leftmost-first mode 2 with capture spans, all 221 rules
   plus the compile time of the 221 rules (vyre and Hyperscan) and the
   deserialize time of vyre's serialized set, and the ratios vyre / Hyperscan
   (ends) of both vyre rows. Corpus: BENCH_RE_CORPUS bytes (default 256M) of
   real files (a quarter each from /usr/include, /usr/share, /usr/lib,
   /usr/bin, at most 1 MiB of each file), or the file named by BENCH_RE_FILE. */
#define _POSIX_C_SOURCE 200809L
#define VYRE_IMPLEMENTATION
#include "vyre.h"
#include "../tests/re_common.h"
#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_d(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return x < y ? -1 : x > y; }
static int hs_count(unsigned int id, unsigned long long f, unsigned long long t, unsigned int fl, void *u) { (void)id; (void)f; (void)t; (void)fl; (*(uint64_t *)u)++; return 0; }
static int vy_count(const vyre_re_match *m, const vyre_span *g, void *u) { (void)m; (void)g; (*(uint64_t *)u)++; return 0; }


int main(void) {
    re_rules R;
    re_buf c;
    size_t i, budget = (size_t)256 << 20;
    int reps = getenv("BENCH_REPS") ? atoi(getenv("BENCH_REPS")) : 3, k;
    const char *cs = getenv("BENCH_RE_CORPUS"), *file = getenv("BENCH_RE_FILE");
    vyre_regex *res;
    vyre_regex_set *set;
    vyre_error err;
    char **hp;
    const char **ok_som;
    unsigned *ids, *flags, *flags_som, nsom = 0;
    hs_database_t *db_end = NULL, *db_som = NULL;
    hs_scratch_t *sc = NULL;
    hs_compile_error_t *ce = NULL;
    uint64_t t0;
    double t_vc, t_hc;
    if (reps < 1) reps = 1;
    if (cs) { budget = (size_t)strtoull(cs, NULL, 10); if (strchr(cs, 'M')) budget <<= 20; if (strchr(cs, 'G')) budget <<= 30; }
    if (!re_load_gitleaks(&R)) { fprintf(stderr, "tests/data/gitleaks-regexes.tsv not found\n"); return 1; }
    res = (vyre_regex *)calloc(R.n, sizeof *res);
    hp = (char **)calloc(R.n, sizeof *hp);
    ok_som = (const char **)calloc(R.n, sizeof *ok_som);
    ids = (unsigned *)calloc(R.n, sizeof *ids); flags = (unsigned *)calloc(R.n, sizeof *flags); flags_som = (unsigned *)calloc(R.n, sizeof *flags_som);
    for (i = 0; i < R.n; i++) { res[i].pattern = R.pat[i]; hp[i] = re_pcre_spelling(R.pat[i]); ids[i] = (unsigned)i; }
    t0 = vyre_now_ns();
    if (vyre_regex_set_compile(res, R.n, NULL, &set, &err) != VYRE_OK) { fprintf(stderr, "vyre: %s\n", err.message); return 1; }
    t_vc = (double)(vyre_now_ns() - t0) / 1e6;
    {
        size_t sz; uint8_t *buf; vyre_regex_set *b2; double td;
        vyre_regex_set_serialize(set, NULL, 0, &sz, &err);
        buf = (uint8_t *)malloc(sz);
        vyre_regex_set_serialize(set, buf, sz, &sz, &err);
        t0 = vyre_now_ns();
        vyre_regex_set_deserialize(buf, sz, NULL, &b2, &err);
        td = (double)(vyre_now_ns() - t0) / 1e6;
        printf("vyre compile 221 rules: %.1f ms; deserialize (%zu bytes): %.1f ms\n", t_vc, sz, td);
        vyre_regex_set_free(b2); free(buf);
    }
    for (i = 0; i < R.n; i++) flags[i] = 0;
    t0 = vyre_now_ns();
    if (hs_compile_multi((const char *const *)hp, flags, ids, (unsigned)R.n, HS_MODE_BLOCK, NULL, &db_end, &ce) != HS_SUCCESS) { fprintf(stderr, "hs: %s (%d)\n", ce->message, ce->expression); return 1; }
    t_hc = (double)(vyre_now_ns() - t0) / 1e6;
    for (i = 0; i < R.n; i++) {
        hs_database_t *one = NULL;
        if (hs_compile(hp[i], HS_FLAG_SOM_LEFTMOST, HS_MODE_BLOCK, NULL, &one, &ce) == HS_SUCCESS) { ok_som[nsom] = hp[i]; flags_som[nsom] = HS_FLAG_SOM_LEFTMOST; nsom++; hs_free_database(one); }
        else hs_free_compile_error(ce);
    }
    if (hs_compile_multi(ok_som, flags_som, ids, nsom, HS_MODE_BLOCK, NULL, &db_som, &ce) != HS_SUCCESS) { fprintf(stderr, "hs som: %s\n", ce->message); return 1; }
    printf("hyperscan compile 221 rules (no SOM): %.1f ms; %u of %zu rules accept HS_FLAG_SOM_LEFTMOST\n", t_hc, nsom, R.n);
    if (file) {
        FILE *f = fopen(file, "rb");
        memset(&c, 0, sizeof c);
        if (f) { unsigned char tmp[65536]; size_t got; while ((got = fread(tmp, 1, sizeof tmp, f)) > 0) re_buf_add(&c, tmp, got); fclose(f); }
    } else {
        static const char *dirs[] = {"/usr/include", "/usr/share", "/usr/lib", "/usr/bin"};
        memset(&c, 0, sizeof c);
        for (k = 0; k < 4; k++) re_walk(&c, dirs[k], budget * (size_t)(k + 1) / 4, (size_t)1 << 20, 0);
    }
    printf("corpus: %zu bytes\n", c.n);
    hs_alloc_scratch(db_end, &sc); hs_alloc_scratch(db_som, &sc);
    {
        const char *names[4] = {"hyperscan ends (221)", "hyperscan som", "vyre all-matches + starts", "vyre leftmost-first + groups"};
        double best[4];
        uint64_t counts[4];
        int row;
        for (row = 0; row < 4; row++) {
            double t[64];
            for (k = 0; k < reps && k < 64; k++) {
                uint64_t n = 0, s0 = vyre_now_ns();
                vyre_re_scan_desc o;
                memset(&o, 0, sizeof o);
                if (row == 0) hs_scan(db_end, (const char *)c.p, (unsigned)c.n, 0, sc, hs_count, &n);
                else if (row == 1) hs_scan(db_som, (const char *)c.p, (unsigned)c.n, 0, sc, hs_count, &n);
                else { o.mode = row == 2 ? VYRE_RE_ALL_MATCHES : VYRE_RE_LEFTMOST_FIRST; vyre_regex_scan_cb(set, &o, c.p, c.n, vy_count, &n, &err); }
                t[k] = (double)(vyre_now_ns() - s0) / 1e9;
                counts[row] = n;
            }
            qsort(t, (size_t)k, sizeof t[0], cmp_d);
            best[row] = t[k / 2];
            printf("%-32s %8.3f s  %8.1f MB/s  %llu matches\n", names[row], best[row], (double)c.n / best[row] / 1e6, (unsigned long long)counts[row]);
        }
        printf("goal (1 thread, vyre mode 1 with starts >= Hyperscan without starts): %.2fx\n", best[0] / best[2]);
        printf("vyre mode 2 with groups / Hyperscan without starts: %.2fx\n", best[0] / best[3]);
    }
    hs_free_scratch(sc); hs_free_database(db_end); hs_free_database(db_som);
    vyre_regex_set_free(set);
    for (i = 0; i < R.n; i++) free(hp[i]);
    free(res); free(hp); free(ok_som); free(ids); free(flags); free(flags_som); free(c.p);
    re_rules_free(&R);
    return 0;
}
