/* tests/cli_hs.c - Hyperscan-computed expectations for tests/test_cli_hs.sh.

   cli_hs MODE [-i] [-w] [-m NUM] -f PATFILE PATH...

   Reads the pattern file as `vyre scan -f` does (one literal per line, the
   trailing \n and one \r before it removed, empty lines skipped), compiles
   every literal with Hyperscan (hs_compile_lit_multi, HS_FLAG_SOM_LEFTMOST,
   HS_FLAG_CASELESS for -i), walks the PATHs as vyre does (directory entries
   sorted with strcmp, regular files only, symbolic links skipped), scans
   each file whole in block mode and prints what `vyre scan` must print:

     MODE lines    PATH:LINE:COLUMN:MATCH          (vyre's default)
     MODE bytes    PATH:LINE:COLUMN:OFFSET:MATCH   (-b)
     MODE offsets  PATH:START-END:ID:PATTERN       (--format=offsets)
     MODE canon    PATH|ID|START|END|LINE|COLUMN|MATCH_HEX   (for --json,
                   which the script decodes into this form)
     MODE count    PATH:COUNT for every file        (-c)
     MODE list     PATH                             (-l)

   -w keeps matches with a non-word byte (or the file's edge) on both sides
   (word bytes: ASCII letters, digits, '_'); -m NUM keeps the matches of the
   first NUM lines holding a kept match. Matches are sorted by (start, end,
   id). Line numbers and columns are computed here from the file's bytes.
   Shares no code with vyre. Exit 0 if anything matched, 1 if nothing, 2 on
   a problem. */
#define _POSIX_C_SOURCE 200809L
#include <hs/hs.h>
#include "cli_ref_walk.h"

typedef struct { unsigned long long id, from, to; } hit;
static hit *hits;
static size_t nhits, caphits;
static unsigned char **pat;
static size_t *patlen, npat;
static const char *mode;
static int word, any;
static long long maxcount = -1;
static hs_database_t *db;
static hs_scratch_t *scratch;

static int on_hit(unsigned int id, unsigned long long from, unsigned long long to, unsigned int flags, void *ctx) {
    (void)flags;
    (void)ctx;
    if (nhits == caphits) {
        caphits = caphits ? caphits * 2 : 1024;
        hits = realloc(hits, caphits * sizeof *hits);
        if (!hits) { fprintf(stderr, "cli_hs: out of memory\n"); exit(2); }
    }
    hits[nhits].id = id;
    hits[nhits].from = from;
    hits[nhits].to = to;
    nhits++;
    return 0;
}

static int cmp_hit(const void *a, const void *b) {
    const hit *x = a, *y = b;
    if (x->from != y->from) return x->from < y->from ? -1 : 1;
    if (x->to != y->to) return x->to < y->to ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}


static int is_word(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static void put_escaped(const unsigned char *p, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) {
        if (p[i] == '\\') fputs("\\\\", stdout);
        else if (p[i] >= 32 && p[i] < 127) putchar(p[i]);
        else printf("\\x%02x", p[i]);
    }
}

static void scan_file(const char *path) {
    size_t len = 0, i, count = 0, pos = 0;
    unsigned long long line = 1, line_start = 0, last_line = 0, lines_kept = 0;
    unsigned char *d = ref_slurp(path, &len);
    if (!d) { fprintf(stderr, "cli_hs: cannot read %s\n", path); ref_trouble = 1; return; }
    nhits = 0;
    if (hs_scan(db, (const char *)d, (unsigned)len, 0, scratch, on_hit, NULL) != HS_SUCCESS) {
        fprintf(stderr, "cli_hs: hs_scan failed on %s\n", path);
        ref_trouble = 1;
        free(d);
        return;
    }
    qsort(hits, nhits, sizeof *hits, cmp_hit);
    for (i = 0; i < nhits; i++) {
        const hit *h = &hits[i];
        while (pos < h->from) { /* line of the match start */
            if (d[pos] == '\n') { line++; line_start = pos + 1; }
            pos++;
        }
        if (word && ((h->from > 0 && is_word(d[h->from - 1])) || (h->to < len && is_word(d[h->to])))) continue;
        if (maxcount >= 0) {
            if (line != last_line) {
                if ((long long)lines_kept >= maxcount) break;
                lines_kept++;
                last_line = line;
            }
        }
        count++;
        if (!strcmp(mode, "lines") || !strcmp(mode, "bytes")) {
            printf("%s:%llu:%llu:", path, line, h->from - line_start + 1);
            if (!strcmp(mode, "bytes")) printf("%llu:", h->from);
            put_escaped(d + h->from, (size_t)(h->to - h->from));
            putchar('\n');
        } else if (!strcmp(mode, "offsets")) {
            printf("%s:%llu-%llu:%llu:", path, h->from, h->to, h->id);
            put_escaped(pat[h->id], patlen[h->id]);
            putchar('\n');
        } else if (!strcmp(mode, "canon")) {
            unsigned long long k;
            printf("%s|%llu|%llu|%llu|%llu|%llu|", path, h->id, h->from, h->to, line, h->from - line_start + 1);
            for (k = h->from; k < h->to; k++) printf("%02x", d[k]);
            putchar('\n');
        }
    }
    if (!strcmp(mode, "count")) printf("%s:%lu\n", path, (unsigned long)count);
    if (!strcmp(mode, "list") && count) printf("%s\n", path);
    if (count) any = 1;
    free(d);
}


/* a pattern: a line of the pattern file, in place */
static void add_pat(const unsigned char *b, size_t n) {
    pat[npat] = (unsigned char *)b;
    patlen[npat] = n;
    npat++;
}

int main(int argc, char **argv) {
    int i, icase = 0;
    const char *patfile = NULL;
    unsigned char *d;
    size_t len = 0, j;
    unsigned *ids, *flags;
    hs_compile_error_t *ce = NULL;
    if (argc < 2) { fprintf(stderr, "usage: cli_hs MODE [-i] [-w] [-m NUM] -f PATFILE PATH...\n"); return 2; }
    mode = argv[1];
    for (i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "-i")) icase = 1;
        else if (!strcmp(argv[i], "-w")) word = 1;
        else if (!strcmp(argv[i], "-m") && i + 1 < argc) maxcount = atoll(argv[++i]);
        else if (!strcmp(argv[i], "-f") && i + 1 < argc) patfile = argv[++i];
        else break;
    }
    if (!patfile || !(d = ref_slurp(patfile, &len))) { fprintf(stderr, "cli_hs: no pattern file\n"); return 2; }
    pat = malloc((len + 1) * sizeof *pat);
    patlen = malloc((len + 1) * sizeof *patlen);
    ref_lines(d, len, add_pat);
    ids = malloc((npat + 1) * sizeof *ids);
    flags = malloc((npat + 1) * sizeof *flags);
    for (j = 0; j < npat; j++) { ids[j] = (unsigned)j; flags[j] = HS_FLAG_SOM_LEFTMOST | (icase ? HS_FLAG_CASELESS : 0); }
    if (hs_compile_lit_multi((const char *const *)pat, flags, ids, patlen, (unsigned)npat, HS_MODE_BLOCK, NULL, &db, &ce) !=
        HS_SUCCESS) {
        fprintf(stderr, "cli_hs: hs_compile_lit_multi: %s\n", ce ? ce->message : "?");
        return 2;
    }
    if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) { fprintf(stderr, "cli_hs: hs_alloc_scratch\n"); return 2; }
    ref_prog = "cli_hs";
    for (; i < argc; i++) ref_walk(argv[i], scan_file);
    hs_free_scratch(scratch);
    hs_free_database(db);
    return ref_trouble ? 2 : any ? 0 : 1;
}
