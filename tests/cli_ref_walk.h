/* tests/cli_ref_walk.h - what the CLI's reference programs (tests/cli_ref.c,
   tests/cli_hs.c) share, none of it from the scanner: reading a file whole,
   the pattern file's lines as `vyre scan -f` reads them (the trailing \n and
   one \r before it removed, empty lines skipped), and the walk over PATHs
   (directories recursively, entries sorted with strcmp, regular files only,
   symbolic links and special files skipped).
   Set ref_prog to the program's name (for messages) before the walk;
   ref_trouble is set when a path is missing or cannot be opened. */
#ifndef CLI_REF_WALK_H
#define CLI_REF_WALK_H
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *ref_prog = "cli_ref";
static int ref_trouble;

/* the whole file (never NULL for a readable file, even an empty one), NULL if unreadable */
static unsigned char *ref_slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    unsigned char *d = NULL;
    size_t n = 0, cap = 0, k;
    if (!f) return NULL;
    do {
        if (cap - n < 65536) { cap = cap * 2 + 65536; d = realloc(d, cap); }
        k = fread(d + n, 1, cap - n, f);
        n += k;
    } while (k > 0);
    fclose(f);
    *len = n;
    return d;
}

/* calls add(line, length) for every non-empty line of d, without its \n and one \r before it */
static void ref_lines(const unsigned char *d, size_t len, void (*add)(const unsigned char *, size_t)) {
    size_t s = 0, j;
    for (j = 0; j <= len; j++) {
        if (j == len || d[j] == '\n') {
            size_t e = j;
            if (e > s && d[e - 1] == '\r') e--;
            if (e > s) add(d + s, e - s);
            s = j + 1;
        }
    }
}

static int ref_cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* calls scan_file(path) for every regular file under path, in vyre's order */
static void ref_walk(const char *path, void (*scan_file)(const char *)) {
    struct stat st;
    if (lstat(path, &st) != 0) { fprintf(stderr, "%s: %s missing\n", ref_prog, path); ref_trouble = 1; return; }
    if (S_ISREG(st.st_mode)) { scan_file(path); return; }
    if (S_ISDIR(st.st_mode)) {
        DIR *dir = opendir(path);
        struct dirent *e;
        char **names = NULL;
        size_t n = 0, i, pl = strlen(path);
        if (!dir) { fprintf(stderr, "%s: cannot open %s\n", ref_prog, path); ref_trouble = 1; return; }
        while ((e = readdir(dir)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            names = realloc(names, (n + 1) * sizeof *names);
            names[n] = malloc(pl + strlen(e->d_name) + 2);
            sprintf(names[n], "%s%s%s", path, pl && path[pl - 1] == '/' ? "" : "/", e->d_name);
            n++;
        }
        closedir(dir);
        qsort(names, n, sizeof *names, ref_cmp_str); /* same directory: full-path order == name order */
        for (i = 0; i < n; i++) { ref_walk(names[i], scan_file); free(names[i]); }
        free(names);
    }
}
#endif
