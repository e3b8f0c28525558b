/* tests/cli_ref.c - a naive, independent reference for tests/test_cli.sh.

   cli_ref [-i] [-c] [-l] [-f FILE]... [-e PATTERN]... PATH...

   Walks PATHs (directories recursively, entries sorted with strcmp, regular
   files only, symbolic links skipped), reads each file whole, tries every
   pattern at every offset and prints what `vyre scan` should print:
   PATH:START-END:ID:PATTERN lines (default), PATH:COUNT (-c) or PATH (-l).
   Exit 0 if anything matched, 1 if nothing, 2 on a problem. Shares no code
   with the scanner. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct { unsigned char *b; size_t n; } pat;
static pat *pats;
static size_t npats;
static int icase, mode; /* mode: 0 lines, 'c', 'l' */
static int any, trouble;
static size_t *by_first[256], nby_first[256];

static int lower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

static void add(const unsigned char *b, size_t n) {
    pats = realloc(pats, (npats + 1) * sizeof *pats);
    pats[npats].b = malloc(n ? n : 1);
    memcpy(pats[npats].b, b, n);
    pats[npats].n = n;
    npats++;
}

static unsigned char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    unsigned char *d = NULL;
    size_t n = 0, cap = 0, k;
    if (!f) return NULL;
    do {
        if (cap - n < 4096) { cap = cap * 2 + 4096; d = realloc(d, cap); }
        k = fread(d + n, 1, cap - n, f);
        n += k;
    } while (k > 0);
    fclose(f);
    *len = n;
    return d ? d : malloc(1);
}

static void print_pat(const pat *p) {
    size_t i;
    for (i = 0; i < p->n; i++) {
        unsigned c = p->b[i];
        if (c == '\\') fputs("\\\\", stdout);
        else if (c >= 32 && c < 127) putchar((int)c);
        else printf("\\x%02x", c);
    }
}

static int cmp_len_id(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    if (pats[x].n != pats[y].n) return pats[x].n < pats[y].n ? -1 : 1;
    return x < y ? -1 : x > y;
}

static void scan_file(const char *path) {
    size_t len = 0, i, j, k, count = 0, *hits = malloc((npats + 1) * sizeof *hits);
    unsigned char *d = slurp(path, &len);
    if (!d) { fprintf(stderr, "cli_ref: cannot read %s\n", path); trouble = 1; free(hits); return; }
    for (i = 0; i < len; i++) {
        int c = icase ? lower(d[i]) : d[i];
        size_t nh = 0;
        for (j = 0; j < nby_first[c]; j++) {
            const pat *p = &pats[by_first[c][j]];
            if (p->n > len - i) continue;
            for (k = 0; k < p->n; k++) {
                int a = d[i + k], b = p->b[k];
                if (icase) { a = lower(a); b = lower(b); }
                if (a != b) break;
            }
            if (k == p->n) hits[nh++] = by_first[c][j];
        }
        qsort(hits, nh, sizeof *hits, cmp_len_id);
        for (j = 0; j < nh; j++) {
            count++;
            if (mode == 0) {
                printf("%s:%lu-%lu:%lu:", path, (unsigned long)i, (unsigned long)(i + pats[hits[j]].n),
                       (unsigned long)hits[j]);
                print_pat(&pats[hits[j]]);
                putchar('\n');
            }
        }
    }
    if (mode == 'c') printf("%s:%lu\n", path, (unsigned long)count);
    if (mode == 'l' && count) printf("%s\n", path);
    if (count) any = 1;
    free(d);
    free(hits);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void walk(const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0) { fprintf(stderr, "cli_ref: %s missing\n", path); trouble = 1; return; }
    if (S_ISREG(st.st_mode)) { scan_file(path); return; }
    if (S_ISDIR(st.st_mode)) {
        DIR *dir = opendir(path);
        struct dirent *e;
        char **names = NULL;
        size_t n = 0, i;
        if (!dir) { fprintf(stderr, "cli_ref: cannot open %s\n", path); trouble = 1; return; }
        while ((e = readdir(dir)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            names = realloc(names, (n + 1) * sizeof *names);
            names[n] = malloc(strlen(path) + strlen(e->d_name) + 2);
            sprintf(names[n], "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", e->d_name);
            n++;
        }
        closedir(dir);
        qsort(names, n, sizeof *names, cmp_str); /* same directory: full-path order == name order */
        for (i = 0; i < n; i++) { walk(names[i]); free(names[i]); }
        free(names);
    }
    /* symbolic links and special files: skipped */
}

int main(int argc, char **argv) {
    int i;
    size_t p;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-i")) icase = 1;
        else if (!strcmp(argv[i], "-c")) mode = 'c';
        else if (!strcmp(argv[i], "-l")) mode = 'l';
        else if (!strcmp(argv[i], "-e") && i + 1 < argc) { i++; } /* second pass */
        else if (!strcmp(argv[i], "-f") && i + 1 < argc) {
            size_t len = 0, s = 0, j;
            unsigned char *d = slurp(argv[++i], &len);
            if (!d) { fprintf(stderr, "cli_ref: cannot read %s\n", argv[i]); return 2; }
            for (j = 0; j <= len; j++) {
                if (j == len || d[j] == '\n') {
                    size_t e = j;
                    if (e > s && d[e - 1] == '\r') e--;
                    if (e > s) add(d + s, e - s);
                    s = j + 1;
                }
            }
            free(d);
        } else break;
    }
    {   /* -e patterns come after all -f patterns */
        int k;
        for (k = 1; k < i; k++)
            if (!strcmp(argv[k], "-e")) { add((const unsigned char *)argv[k + 1], strlen(argv[k + 1])); k++; }
            else if (!strcmp(argv[k], "-f")) k++;
    }
    for (p = 0; p < npats; p++) {
        int c = icase ? lower(pats[p].b[0]) : pats[p].b[0];
        by_first[c] = realloc(by_first[c], (nby_first[c] + 1) * sizeof(size_t));
        by_first[c][nby_first[c]++] = p;
    }
    for (; i < argc; i++) walk(argv[i]);
    return trouble ? 2 : any ? 0 : 1;
}
