/* tests/cli_ref.c - a naive, independent reference for tests/test_cli.sh.

   cli_ref [-i] [-c] [-l] [-f FILE]... [-e PATTERN]... PATH...

   Walks PATHs (directories recursively, entries sorted with strcmp, regular
   files only, symbolic links skipped), reads each file whole, tries every
   pattern at every offset and prints what `vyre scan` should print:
   PATH:START-END:ID:PATTERN lines (default), PATH:COUNT (-c) or PATH (-l).
   Exit 0 if anything matched, 1 if nothing, 2 on a problem. Shares no code
   with the scanner. */
#define _POSIX_C_SOURCE 200809L
#include "cli_ref_walk.h"

typedef struct { unsigned char *b; size_t n; } pat;
static pat *pats;
static size_t npats;
static int icase, mode; /* mode: 0 lines, 'c', 'l' */
static int any;
static size_t *by_first[256], nby_first[256];

static int lower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

static void add(const unsigned char *b, size_t n) {
    pats = realloc(pats, (npats + 1) * sizeof *pats);
    pats[npats].b = malloc(n ? n : 1);
    memcpy(pats[npats].b, b, n);
    pats[npats].n = n;
    npats++;
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
    unsigned char *d = ref_slurp(path, &len);
    if (!d) { fprintf(stderr, "cli_ref: cannot read %s\n", path); ref_trouble = 1; free(hits); return; }
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


int main(int argc, char **argv) {
    int i;
    size_t p;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-i")) icase = 1;
        else if (!strcmp(argv[i], "-c")) mode = 'c';
        else if (!strcmp(argv[i], "-l")) mode = 'l';
        else if (!strcmp(argv[i], "-e") && i + 1 < argc) { i++; } /* second pass */
        else if (!strcmp(argv[i], "-f") && i + 1 < argc) {
            size_t len = 0;
            unsigned char *d = ref_slurp(argv[++i], &len);
            if (!d) { fprintf(stderr, "cli_ref: cannot read %s\n", argv[i]); return 2; }
            ref_lines(d, len, add);
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
    for (; i < argc; i++) ref_walk(argv[i], scan_file);
    return ref_trouble ? 2 : any ? 0 : 1;
}
