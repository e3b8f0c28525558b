/* cli/patfile.h - reading -f pattern files for the vyre CLI.

   Single file, C99. Define CLI_PATFILE_IMPLEMENTATION in one translation unit.

   pf_read streams a pattern file (a path, or "-" for standard input) line
   by line: every line is a literal pattern, raw bytes, as grep -F and rg -F
   take it; the trailing '\n' and a '\r' before it are removed; empty lines
   are skipped; with comments set, lines starting with '#' are skipped too.
   It stops at the first line over PF_MAX_LINE bytes (vyre's pattern length
   limit), naming its line number, without reading the rest of the file.
   Memory: the patterns themselves (in one arena) plus one read buffer.

   pf_suspicious says why a literal looks like it was meant otherwise: a
   regex construct ([...], \d \w \s \b, {n} / {n,m}, .*, .+) or a comment
   ("# " at the start). */
#ifndef CLI_PATFILE_H
#define CLI_PATFILE_H
#include <stddef.h>
#include <stdint.h>

#define PF_MAX_LINE 65535u

typedef struct pf_pattern {
    size_t off, len; /* in the arena */
    uint64_t line;   /* 1-based */
} pf_pattern;

typedef struct pf_file {
    uint8_t *arena;
    size_t arena_len, arena_cap;
    pf_pattern *pats;
    size_t npats, cap;
} pf_file;

/* Returns 0, or -1 with a message (naming the file and the line, with a
   "Fix:" sentence) in err. */
int pf_read(pf_file *out, const char *name, int comments, char *err, size_t errn);
void pf_free(pf_file *f);
/* NULL, or a short reason ("a [...] class", "'\\d'", "a '{n}' repeat", ...). */
const char *pf_suspicious(const uint8_t *p, size_t n, int *is_comment);

#endif /* CLI_PATFILE_H */

#ifdef CLI_PATFILE_IMPLEMENTATION
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int pf__reserve(pf_file *f, size_t extra) {
    if (f->arena_cap - f->arena_len < extra) {
        size_t cap = f->arena_cap ? f->arena_cap : 65536;
        uint8_t *n;
        while (cap - f->arena_len < extra) cap *= 2;
        n = (uint8_t *)realloc(f->arena, cap);
        if (!n) return -1;
        f->arena = n;
        f->arena_cap = cap;
    }
    return 0;
}

static int pf__finish_line(pf_file *f, size_t start, uint64_t line, int comments) {
    size_t n = f->arena_len - start;
    if (n && f->arena[f->arena_len - 1] == '\r') n--;
    if (n > PF_MAX_LINE) return -2;
    if (n == 0 || (comments && f->arena[start] == '#')) { f->arena_len = start; return 0; }
    if (f->npats == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 256;
        pf_pattern *p = (pf_pattern *)realloc(f->pats, cap * sizeof *p);
        if (!p) return -1;
        f->pats = p;
        f->cap = cap;
    }
    f->pats[f->npats].off = start;
    f->pats[f->npats].len = n;
    f->pats[f->npats].line = line;
    f->npats++;
    f->arena_len = start + n;
    return 0;
}

int pf_read(pf_file *out, const char *name, int comments, char *err, size_t errn) {
    FILE *fp;
    int is_stdin = strcmp(name, "-") == 0;
    const char *shown = is_stdin ? "(standard input)" : name;
    uint8_t buf[65536];
    size_t start;
    uint64_t line = 1;
    struct stat st;
    memset(out, 0, sizeof *out);
    fp = is_stdin ? stdin : fopen(name, "rb");
    if (!fp) {
        snprintf(err, errn, "cannot open pattern file '%s': %s. Fix: check the path given to -f/--file and that the file is readable.",
                 name, strerror(errno));
        return -1;
    }
    if (!is_stdin && fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(fp);
        snprintf(err, errn, "cannot read pattern file '%s': it is a directory. Fix: give -f/--file a file with one pattern per line, not a directory.", name);
        return -1;
    }
    if (pf__reserve(out, 1)) goto oom;
    start = 0;
    for (;;) {
        size_t got = fread(buf, 1, sizeof buf, fp), i = 0;
        if (got == 0) break;
        while (i < got) {
            const uint8_t *nl = (const uint8_t *)memchr(buf + i, '\n', got - i);
            size_t take = nl ? (size_t)(nl - (buf + i)) : got - i;
            if (pf__reserve(out, take + 1)) goto oom;
            memcpy(out->arena + out->arena_len, buf + i, take);
            out->arena_len += take;
            /* a '\r' that may still be followed by '\n' counts once the line ends */
            if (out->arena_len - start > PF_MAX_LINE + 1) goto too_long;
            i += take;
            if (nl) {
                int r = pf__finish_line(out, start, line, comments);
                if (r == -2) goto too_long;
                if (r) goto oom;
                start = out->arena_len;
                line++;
                i++;
            }
        }
    }
    if (ferror(fp)) {
        int e = errno;
        if (!is_stdin) fclose(fp);
        snprintf(err, errn, "cannot read pattern file '%s': %s. Fix: check that the pattern file is a readable regular file.",
                 shown, strerror(e));
        return -1;
    }
    if (out->arena_len > start) {
        int r = pf__finish_line(out, start, line, comments);
        if (r == -2) goto too_long;
        if (r) goto oom;
    }
    if (!is_stdin) fclose(fp);
    return 0;
too_long:
    if (!is_stdin) fclose(fp);
    snprintf(err, errn, "%s:%lu: the line is over the pattern limit of %u bytes (the rest of the file was not read). Fix: a pattern file holds one literal per line, each at most %u bytes: check that '%s' is a pattern file, and shorten or split that line.",
             shown, (unsigned long)line, PF_MAX_LINE, PF_MAX_LINE, shown);
    return -1;
oom:
    if (!is_stdin) fclose(fp);
    snprintf(err, errn, "out of memory reading pattern file '%s'. Fix: use a smaller pattern file.", shown);
    return -1;
}

void pf_free(pf_file *f) {
    free(f->arena);
    free(f->pats);
    memset(f, 0, sizeof *f);
}

const char *pf_suspicious(const uint8_t *p, size_t n, int *is_comment) {
    size_t i;
    *is_comment = 0;
    if (n >= 2 && p[0] == '#' && p[1] == ' ') { *is_comment = 1; return "starts with '# ' (a comment?)"; }
    for (i = 0; i + 1 < n; i++) {
        if (p[i] == '\\' && (p[i + 1] == 'd' || p[i + 1] == 'w' || p[i + 1] == 's' || p[i + 1] == 'b'))
            return "has a regex escape like '\\d'";
        if (p[i] == '.' && (p[i + 1] == '*' || p[i + 1] == '+')) return "has '.*' or '.+'";
        if (p[i] == '[') {
            size_t j = i + 1;
            while (j < n && p[j] != ']') j++;
            if (j < n && j > i + 1) return "has a [...] character class";
        }
        if (p[i] == '{' && p[i + 1] >= '0' && p[i + 1] <= '9') {
            size_t j = i + 1;
            while (j < n && ((p[j] >= '0' && p[j] <= '9') || p[j] == ',')) j++;
            if (j < n && p[j] == '}') return "has a {n} repeat";
        }
    }
    return NULL;
}
#endif /* CLI_PATFILE_IMPLEMENTATION */
