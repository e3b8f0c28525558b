/* bench/rules_cpu.c - vyre_rules_scan on one thread over files (issue 12's CPU path without the CLI's
   walk and threads): the rule file (default rules/gitleaks.toml, gitleaks' default rules), the
   decoding depth (--depth, default gitleaks' 5) and the file names on the command line or, with
   "-", one per line on standard input. Prints bytes, CPU seconds of the scans alone (reading the
   files is not counted), GB/s and the findings; the files taking longest are listed with -v.
     find /usr/share -type f | build/bench/rules_cpu -
   Session 11's numbers (docs/PERF.md "Session 11") came from this loop. */
#define _POSIX_C_SOURCE 200809L
#define VYRE_IMPLEMENTATION
#include "vyre.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double cpu_now(void) { struct timespec t; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return (double)t.tv_sec + t.tv_nsec * 1e-9; }
static int on_finding(const vyre_rules_finding *f, void *u) { (void)f; ++*(size_t *)u; return 0; }
static char *slurp(const char *path, size_t *n) {
    FILE *f = fopen(path, "rb"); char *b = NULL; long L;
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (L = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 && (b = (char *)malloc((size_t)L + 1)) != NULL) {
        *n = fread(b, 1, (size_t)L, f);
    }
    fclose(f);
    return b;
}
int main(int argc, char **argv) {
    const char *rules = "rules/gitleaks.toml"; unsigned depth = 5; int verbose = 0, i, from_stdin = 0;
    size_t tl = 0, bytes = 0, findings = 0, files = 0; char *text; vyre_rules *R = NULL; vyre_rules_desc d; vyre_error e;
    double total = 0, t0;
    for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (!strcmp(argv[i], "--depth") && i + 1 < argc) depth = (unsigned)atoi(argv[++i]);
        else if (!strcmp(argv[i], "--rules") && i + 1 < argc) rules = argv[++i];
        else if (!strcmp(argv[i], "-v")) verbose = 1;
        else { fprintf(stderr, "usage: rules_cpu [--rules FILE] [--depth N] [-v] (FILE... | -)\n"); return 2; }
    }
    if (!(text = slurp(rules, &tl))) { fprintf(stderr, "rules_cpu: cannot read %s. Fix: run from the repository root or pass --rules.\n", rules); return 2; }
    memset(&d, 0, sizeof d); d.max_decode_depth = depth;
    t0 = cpu_now();
    if (vyre_rules_load_gitleaks(text, tl, &d, &R, &e) != VYRE_OK) { fprintf(stderr, "rules_cpu: %s\n", e.message); return 2; }
    printf("compile %.1f ms (%u rules)\n", (cpu_now() - t0) * 1e3, vyre_rules_count(R));
    if (i < argc && !strcmp(argv[i], "-")) from_stdin = 1;
    for (;;) {
        char name[4096]; const char *path; char *b; size_t n = 0; double t, dt;
        if (from_stdin) { if (!fgets(name, sizeof name, stdin)) break; name[strcspn(name, "\n")] = 0; path = name; }
        else { if (i >= argc) break; path = argv[i++]; }
        if (!(b = slurp(path, &n))) continue;
        t = cpu_now();
        if (vyre_rules_scan(R, b, n, path, on_finding, &findings, &e) != VYRE_OK) fprintf(stderr, "rules_cpu: %s: %s\n", path, e.message);
        dt = cpu_now() - t; total += dt;
        if (verbose && dt > 0.05) printf("  %.3f s %zu bytes %s\n", dt, n, path);
        bytes += n; files++;
        free(b);
    }
    printf("files %zu bytes %zu depth %u: %.3f s CPU, %.3f GB/s, %zu findings\n", files, bytes, depth, total, total > 0 ? bytes / total / 1e9 : 0.0, findings);
    vyre_rules_free(R); free(text);
    return 0;
}
