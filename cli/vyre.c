/* vyre - the command-line scanner of vyre.h: many literal patterns in many files.

       vyre scan [OPTIONS] PATH...

   Builds as one C99 file that compiles the whole library in (vyre.h, the
   CUDA and OpenCL backends, which load their drivers at run time).
   Documentation: docs/cli.md, `vyre --help`, `vyre scan --help`.

   How a scan runs
     1. Patterns are read (-f files, then -e), compiled once into a literal set.
     2. A backend is created (--backend; auto tries CUDA, an OpenCL GPU, then
        the CPU) and one scanner binds the set to it.
     3. PATHs are walked (directories recursively, entries sorted byte-wise,
        regular files only, symbolic links never followed) into a file list.
     4. Files smaller than the small-file limit are read back to back into one
        coalesced buffer and scanned in ONE call per buffer (region presence
        for -l, region matches otherwise). Larger files go through the stream
        API in fixed-size reads, so memory stays bounded by the buffer size
        whatever the file sizes are.
     5. Output is in walk order, matches sorted within a file: identical to
        scanning one file at a time.

   Tuning through the environment (sizes accept a K, M or G suffix, binary):
     VYRE_CLI_CHUNK     read size for streamed files        default 64M
     VYRE_CLI_SMALL     files smaller than this are batched default 1M
     VYRE_CLI_BATCH     coalesced batch buffer size         default 64M
     VYRE_CLI_PROGRESS  auto (default: on a terminal), always, never */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#define VYRE_IMPLEMENTATION
#define VYRE_CUDA_IMPLEMENTATION
#define VYRE_OCL_IMPLEMENTATION
#include "../vyre.h"
#include "../vyre_cuda.h"
#include "../vyre_ocl.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define CLI_EXIT_MATCH 0
#define CLI_EXIT_NOMATCH 1
#define CLI_EXIT_TROUBLE 2

#define CLI_DEFAULT_CHUNK ((size_t)64 << 20)
#define CLI_DEFAULT_SMALL ((size_t)1 << 20)
#define CLI_DEFAULT_BATCH ((size_t)64 << 20)
#define CLI_MAX_REGIONS 65536u
#define CLI_PRESENCE_WORDS_BUDGET ((size_t)4 << 20) /* u32 words of presence rows per batch (16 MiB) */
#define CLI_STDIN_NAME "(standard input)"

enum { MODE_LINES = 0, MODE_JSON, MODE_LIST, MODE_COUNT };

/* One growable byte buffer. */
typedef struct cli_buf {
    char *data;
    size_t len, cap;
} cli_buf;

/* One pattern and where it came from (for error messages). */
typedef struct cli_pat {
    const uint8_t *bytes;
    size_t len;
    const char *src;  /* pattern file name, or NULL for -e */
    uint64_t line;    /* 1-based line in src, or the -e index (1-based) */
} cli_pat;

/* One file to scan: its path in the path arena and its size at walk time. */
typedef struct cli_file {
    size_t path_off;
    uint64_t size;
    int is_stdin;
} cli_file;

typedef struct cli {
    /* options */
    int mode;
    char mode_opt[16];          /* the option that set the output mode, for messages */
    int ignore_case, verbose;
    const char *backend_name;
    const char **pattern_files;
    size_t npattern_files;
    const char **inline_patterns;
    size_t ninline;
    const char **paths;
    size_t npaths;

    /* patterns */
    uint8_t **file_data;        /* contents of the pattern files, kept for the run */
    cli_pat *pats;
    size_t npats, pats_cap;
    char **pat_display;         /* escaped pattern text for MODE_LINES */

    /* library objects */
    vyre_literal_set *set;
    vyre_backend *be;
    vyre_scanner *sc;
    uint32_t words_per_row;

    /* file list */
    cli_buf path_arena;
    cli_file *files;
    size_t nfiles, files_cap;
    uint64_t total_bytes;
    uint64_t skipped_links, skipped_special;

    /* tuning */
    size_t chunk, small, batch_cap, buf_cap;
    uint32_t max_regions;

    /* the one data buffer: coalesced batch or stream chunk */
    uint8_t *buf;
    size_t batch_len;
    uint32_t nreg;
    uint64_t *starts;
    size_t *reg_file;
    uint32_t *presence;
    uint64_t *counts;

    /* current streamed file */
    size_t cur_file;
    uint64_t cur_count;
    int cur_found;

    /* JSON path cache */
    size_t json_file;
    cli_buf json_path;
    cli_buf json_hex;

    /* results and stats */
    int any_match, any_error;
    int fatal;                  /* the backend failed: stop scanning */
    uint64_t bytes_done, files_done, batches, streamed;

    /* progress */
    int progress, progress_drawn, progress_forced;
    uint64_t t0, last_draw;
} cli;

/* ------------------------------------------------------------------ */
/* small helpers                                                        */
/* ------------------------------------------------------------------ */
static uint64_t cli_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void progress_clear(cli *c) {
    if (c->progress_drawn) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
        c->progress_drawn = 0;
    }
}

static void cli_vmsg(cli *c, const char *fix, const char *fmt, va_list ap) {
    progress_clear(c);
    fflush(stdout);
    fputs("vyre: ", stderr);
    vfprintf(stderr, fmt, ap);
    if (fix && fix[0]) {
        fputc(' ', stderr);
        fputs(fix, stderr);
    }
    fputc('\n', stderr);
    fflush(stderr);
}

/* An error: printed on stderr with its Fix: hint; the exit status becomes 2. */
static void cli_err(cli *c, const char *fix, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void cli_err(cli *c, const char *fix, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    cli_vmsg(c, fix, fmt, ap);
    va_end(ap);
    c->any_error = 1;
}

/* A note that does not change the exit status (skipped symlinks, -v). */
static void cli_note(cli *c, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void cli_note(cli *c, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    cli_vmsg(c, NULL, fmt, ap);
    va_end(ap);
}

/* A library error: "vyre: WHAT: VYRE_ERR_X: message Fix: ...". */
static void cli_verr(cli *c, const char *what, const vyre_error *e) {
    char line[1024];
    vyre_error_format(e, line, sizeof line);
    if (!strstr(line, "Fix:"))
        cli_err(c, "Fix: this is a vyre bug (no Fix: hint was given); please report it with the command line.",
                "%s: %s", what, line);
    else
        cli_err(c, NULL, "%s: %s", what, line);
}

static void oom_exit(size_t n) {
    fflush(stdout);
    fprintf(stderr, "\r\033[Kvyre: out of memory allocating %lu bytes. Fix: scan fewer files at once, or lower "
                    "VYRE_CLI_BATCH / VYRE_CLI_CHUNK.\n",
            (unsigned long)n);
    exit(CLI_EXIT_TROUBLE);
}

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) oom_exit(n);
    return p;
}

static void *xrealloc(void *p, size_t n) {
    void *q = realloc(p, n ? n : 1);
    if (!q) oom_exit(n);
    return q;
}

/* n * size, exiting on overflow. */
static size_t xmul(size_t n, size_t size) {
    if (size && n > (size_t)-1 / size) oom_exit((size_t)-1);
    return n * size;
}

static void buf_reserve(cli_buf *b, size_t extra) {
    size_t need, cap;
    if (extra > (size_t)-1 - b->len) oom_exit((size_t)-1);
    need = b->len + extra;
    if (need <= b->cap) return;
    cap = b->cap ? b->cap : 256;
    while (cap < need) {
        if (cap > (size_t)-1 / 2) { cap = need; break; }
        cap *= 2;
    }
    b->data = (char *)xrealloc(b->data, cap);
    b->cap = cap;
}

static void buf_put(cli_buf *b, const void *p, size_t n) {
    buf_reserve(b, n);
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void buf_putc(cli_buf *b, char ch) {
    buf_reserve(b, 1);
    b->data[b->len++] = ch;
}

static void buf_puts(cli_buf *b, const char *s) { buf_put(b, s, strlen(s)); }

static const char *cli_path(const cli *c, size_t fi) {
    return c->files[fi].is_stdin ? CLI_STDIN_NAME : c->path_arena.data + c->files[fi].path_off;
}

/* Human-readable size: "12.3 MiB". */
static void fmt_bytes(char *out, size_t n, double v) {
    static const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int u = 0;
    while (v >= 1024.0 && u < 5) { v /= 1024.0; u++; }
    if (u == 0) snprintf(out, n, "%.0f B", v);
    else snprintf(out, n, "%.1f %s", v, units[u]);
}

/* ------------------------------------------------------------------ */
/* output                                                               */
/* ------------------------------------------------------------------ */
static void out_u64(uint64_t v) {
    char tmp[24];
    int i = 24;
    do { tmp[--i] = (char)('0' + (int)(v % 10)); v /= 10; } while (v);
    fwrite(tmp + i, 1, (size_t)(24 - i), stdout);
}

static void out_str(const char *s) { fputs(s, stdout); }

/* Escape a pattern for the human-readable line: printable ASCII as is,
   backslash as \\, everything else as \xHH. */
static char *escape_display(const uint8_t *p, size_t n) {
    static const char hex[] = "0123456789abcdef";
    char *out = (char *)xmalloc(xmul(n, 4) + 1), *o = out;
    size_t i;
    for (i = 0; i < n; i++) {
        uint8_t ch = p[i];
        if (ch == '\\') { *o++ = '\\'; *o++ = '\\'; }
        else if (ch >= 0x20 && ch < 0x7f) *o++ = (char)ch;
        else { *o++ = '\\'; *o++ = 'x'; *o++ = hex[ch >> 4]; *o++ = hex[ch & 15]; }
    }
    *o = 0;
    return out;
}

/* Length of the valid UTF-8 sequence at p[0, n), or 0 if it is not one
   (overlong forms, surrogates and code points above U+10FFFF are invalid). */
static size_t utf8_seq(const uint8_t *p, size_t n) {
    uint8_t b0 = p[0];
    if (b0 < 0x80) return 1;
    if (b0 >= 0xC2 && b0 <= 0xDF) return (n >= 2 && (p[1] & 0xC0) == 0x80) ? 2 : 0;
    if (b0 >= 0xE0 && b0 <= 0xEF) {
        if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
        if (b0 == 0xE0 && p[1] < 0xA0) return 0; /* overlong */
        if (b0 == 0xED && p[1] >= 0xA0) return 0; /* surrogate */
        return 3;
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
        if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return 0;
        if (b0 == 0xF0 && p[1] < 0x90) return 0; /* overlong */
        if (b0 == 0xF4 && p[1] >= 0x90) return 0; /* > U+10FFFF */
        return 4;
    }
    return 0;
}

/* JSON string body for arbitrary bytes. Valid UTF-8 passes through; '"',
   '\\' and control characters are escaped; each byte that is not part of a
   valid UTF-8 sequence becomes \ufffd and *lossy is set (the caller then
   adds "path_hex" with the exact bytes). */
static void json_escape(cli_buf *b, const uint8_t *p, size_t n, int *lossy) {
    static const char hex[] = "0123456789abcdef";
    size_t i = 0;
    while (i < n) {
        uint8_t ch = p[i];
        if (ch < 0x80) {
            switch (ch) {
            case '"': buf_puts(b, "\\\""); break;
            case '\\': buf_puts(b, "\\\\"); break;
            case '\b': buf_puts(b, "\\b"); break;
            case '\f': buf_puts(b, "\\f"); break;
            case '\n': buf_puts(b, "\\n"); break;
            case '\r': buf_puts(b, "\\r"); break;
            case '\t': buf_puts(b, "\\t"); break;
            default:
                if (ch < 0x20 || ch == 0x7f) {
                    char e[7] = {'\\', 'u', '0', '0', hex[ch >> 4], hex[ch & 15], 0};
                    buf_puts(b, e);
                } else {
                    buf_putc(b, (char)ch);
                }
            }
            i++;
        } else {
            size_t k = utf8_seq(p + i, n - i);
            if (k) { buf_put(b, p + i, k); i += k; }
            else { buf_puts(b, "\\ufffd"); *lossy = 1; i++; }
        }
    }
}

static void cli_out_begin(cli *c) {
    if (c->progress_drawn) progress_clear(c);
}

/* The JSON members for file fi's path, cached for the last file:
   json_path = {"path":"..." and, for a path that is not valid UTF-8,
   json_hex = ,"path_hex":"<the exact path bytes in hex>" (else empty). */
static void json_path_prepare(cli *c, size_t fi) {
    static const char hex[] = "0123456789abcdef";
    const char *path;
    size_t n, i;
    int lossy = 0;
    if (c->json_file == fi) return;
    path = cli_path(c, fi);
    n = strlen(path);
    c->json_path.len = 0;
    c->json_hex.len = 0;
    buf_puts(&c->json_path, "{\"path\":\"");
    json_escape(&c->json_path, (const uint8_t *)path, n, &lossy);
    buf_putc(&c->json_path, '"');
    if (lossy) {
        buf_puts(&c->json_hex, ",\"path_hex\":\"");
        for (i = 0; i < n; i++) {
            buf_putc(&c->json_hex, hex[(uint8_t)path[i] >> 4]);
            buf_putc(&c->json_hex, hex[(uint8_t)path[i] & 15]);
        }
        buf_putc(&c->json_hex, '"');
    }
    c->json_file = fi;
}

static void emit_match(cli *c, size_t fi, const vyre_match *m) {
    cli_out_begin(c);
    if (c->mode == MODE_JSON) {
        json_path_prepare(c, fi);
        fwrite(c->json_path.data, 1, c->json_path.len, stdout);
        out_str(",\"pattern\":");
        out_u64(m->pattern_id);
        out_str(",\"start\":");
        out_u64(m->start);
        out_str(",\"end\":");
        out_u64(m->end);
        if (c->json_hex.len) fwrite(c->json_hex.data, 1, c->json_hex.len, stdout);
        out_str("}\n");
    } else {
        out_str(cli_path(c, fi));
        fputc(':', stdout);
        out_u64(m->start);
        fputc('-', stdout);
        out_u64(m->end);
        fputc(':', stdout);
        out_u64(m->pattern_id);
        fputc(':', stdout);
        out_str(m->pattern_id < c->npats ? c->pat_display[m->pattern_id] : "?");
        fputc('\n', stdout);
    }
}

static void emit_count(cli *c, size_t fi, uint64_t n) {
    cli_out_begin(c);
    out_str(cli_path(c, fi));
    fputc(':', stdout);
    out_u64(n);
    fputc('\n', stdout);
}

static void emit_list(cli *c, size_t fi) {
    cli_out_begin(c);
    out_str(cli_path(c, fi));
    fputc('\n', stdout);
}

/* ------------------------------------------------------------------ */
/* progress                                                             */
/* ------------------------------------------------------------------ */
static void progress_tick(cli *c) {
    uint64_t now, el;
    double secs, rate;
    char done[32], total[32], speed[32], eta[32], line[256];
    if (!c->progress) return;
    now = cli_now_ns();
    el = now - c->t0;
    if (!c->progress_forced && el < 1000000000u) return;
    if (c->progress_drawn && now - c->last_draw < 200000000u) return;
    c->last_draw = now;
    secs = (double)el / 1e9;
    if (secs <= 0) secs = 1e-9;
    rate = (double)c->bytes_done / secs;
    fmt_bytes(done, sizeof done, (double)c->bytes_done);
    fmt_bytes(total, sizeof total, (double)c->total_bytes);
    fmt_bytes(speed, sizeof speed, rate);
    if (rate > 0 && c->total_bytes >= c->bytes_done) {
        double left = (double)(c->total_bytes - c->bytes_done) / rate;
        unsigned long s = (unsigned long)(left + 0.5);
        snprintf(eta, sizeof eta, "%lu:%02lu:%02lu left", s / 3600, (s / 60) % 60, s % 60);
    } else {
        snprintf(eta, sizeof eta, "time left unknown");
    }
    snprintf(line, sizeof line, "vyre: %s of %s, %lu of %lu files, %s/s, %s", done, total,
             (unsigned long)c->files_done, (unsigned long)c->nfiles, speed, eta);
    fflush(stdout);
    fputs("\r", stderr);
    fputs(line, stderr);
    fputs("\033[K", stderr);
    fflush(stderr);
    c->progress_drawn = 1;
}

/* ------------------------------------------------------------------ */
/* sizes from the environment                                           */
/* ------------------------------------------------------------------ */
static int env_size(const char *name, size_t def, size_t min, size_t *out) {
    const char *s = getenv(name), *p;
    uint64_t v = 0, mul = 1;
    if (!s || !s[0]) { *out = def; return 0; }
    for (p = s; *p >= '0' && *p <= '9'; p++) {
        if (v > (UINT64_MAX - 9) / 10) goto bad;
        v = v * 10 + (uint64_t)(*p - '0');
    }
    if (p == s) goto bad;
    if (*p == 'K' || *p == 'k') { mul = 1u << 10; p++; }
    else if (*p == 'M' || *p == 'm') { mul = 1u << 20; p++; }
    else if (*p == 'G' || *p == 'g') { mul = 1u << 30; p++; }
    if (*p) goto bad;
    if (v > UINT64_MAX / mul) goto bad;
    v *= mul;
    if (v > (uint64_t)((size_t)-1 / 2) || v < min) goto bad;
    *out = (size_t)v;
    return 0;
bad:
    fprintf(stderr, "vyre: %s='%s' is not a valid size (at least %lu bytes). Fix: set it to a number of bytes with an "
                    "optional K, M or G suffix, e.g. %s=16M, or unset it.\n",
            name, s, (unsigned long)min, name);
    return -1;
}

/* ------------------------------------------------------------------ */
/* patterns                                                             */
/* ------------------------------------------------------------------ */
static void add_pattern(cli *c, const uint8_t *p, size_t n, const char *src, uint64_t line) {
    if (c->npats == c->pats_cap) {
        c->pats_cap = c->pats_cap ? c->pats_cap * 2 : 64;
        c->pats = (cli_pat *)xrealloc(c->pats, xmul(c->pats_cap, sizeof *c->pats));
    }
    c->pats[c->npats].bytes = p;
    c->pats[c->npats].len = n;
    c->pats[c->npats].src = src;
    c->pats[c->npats].line = line;
    c->npats++;
}

/* Reads a whole pattern file. Lines are raw bytes; the trailing "\n" and a
   "\r" before it are stripped; empty lines are skipped. */
static int load_pattern_file(cli *c, size_t idx) {
    const char *name = c->pattern_files[idx];
    FILE *f;
    uint8_t *data = NULL;
    size_t len = 0, cap = 0, i, line_start;
    uint64_t line = 0;
    struct stat st;
    f = fopen(name, "rb");
    if (!f) {
        cli_err(c, "Fix: check the path given to -f/--patterns and that the file is readable.",
                "cannot open pattern file '%s': %s.", name, strerror(errno));
        return -1;
    }
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        cli_err(c, "Fix: give -f/--patterns a file with one pattern per line, not a directory.",
                "cannot read pattern file '%s': it is a directory.", name);
        return -1;
    }
    for (;;) {
        size_t got;
        if (cap - len < 65536) {
            cap = cap ? cap * 2 : 65536;
            data = (uint8_t *)xrealloc(data, cap);
        }
        got = fread(data + len, 1, cap - len, f);
        len += got;
        if (got == 0) break;
    }
    if (ferror(f)) {
        int e = errno;
        fclose(f);
        free(data);
        cli_err(c, "Fix: check that the pattern file is a readable regular file.",
                "cannot read pattern file '%s': %s.", name, strerror(e));
        return -1;
    }
    fclose(f);
    c->file_data[idx] = data;
    line_start = 0;
    for (i = 0; i <= len; i++) {
        if (i == len || data[i] == '\n') {
            size_t end = i;
            line++;
            if (i == len && line_start == len) break; /* no final partial line */
            if (end > line_start && data[end - 1] == '\r') end--;
            if (end > line_start) {
                if (end - line_start > VYRE_MAX_PATTERN_LEN) {
                    cli_err(c, "Fix: shorten the pattern or split it; vyre matches literals of at most 65535 bytes.",
                            "%s:%lu: the pattern is %lu bytes, over the limit of %u bytes.", name,
                            (unsigned long)line, (unsigned long)(end - line_start), (unsigned)VYRE_MAX_PATTERN_LEN);
                    return -1;
                }
                add_pattern(c, data + line_start, end - line_start, name, line);
            }
            line_start = i + 1;
        }
    }
    return 0;
}

static int load_patterns(cli *c) {
    size_t i;
    c->file_data = (uint8_t **)xmalloc(xmul(c->npattern_files + 1, sizeof *c->file_data));
    for (i = 0; i < c->npattern_files; i++) c->file_data[i] = NULL;
    for (i = 0; i < c->npattern_files; i++)
        if (load_pattern_file(c, i) != 0) return -1;
    for (i = 0; i < c->ninline; i++) {
        size_t n = strlen(c->inline_patterns[i]);
        if (n == 0) {
            cli_err(c, "Fix: give -e a non-empty pattern (an empty pattern would match everywhere).",
                    "-e pattern %lu is empty.", (unsigned long)(i + 1));
            return -1;
        }
        if (n > VYRE_MAX_PATTERN_LEN) {
            cli_err(c, "Fix: shorten the pattern; vyre matches literals of at most 65535 bytes.",
                    "-e pattern %lu is %lu bytes, over the limit of %u bytes.", (unsigned long)(i + 1),
                    (unsigned long)n, (unsigned)VYRE_MAX_PATTERN_LEN);
            return -1;
        }
        add_pattern(c, (const uint8_t *)c->inline_patterns[i], n, NULL, i + 1);
    }
    if (c->npats == 0) {
        if (c->npattern_files + c->ninline == 0)
            cli_err(c, "Fix: pass -f FILE (one pattern per line) or -e PATTERN.", "no patterns given.");
        else
            cli_err(c, "Fix: put at least one non-empty line in the pattern file(s), or add -e PATTERN.",
                    "the pattern file(s) contain no patterns (only empty lines).");
        return -1;
    }
    return 0;
}

static int compile_patterns(cli *c) {
    vyre_literal *lits = (vyre_literal *)xmalloc(xmul(c->npats, sizeof *lits));
    vyre_compile_desc desc;
    vyre_error e;
    vyre_result r;
    size_t i;
    memset(&desc, 0, sizeof desc);
    memset(&e, 0, sizeof e);
    for (i = 0; i < c->npats; i++) {
        lits[i].bytes = c->pats[i].bytes;
        lits[i].len = c->pats[i].len;
        lits[i].flags = 0;
    }
    desc.flags = c->ignore_case ? VYRE_CASELESS : 0;
    r = vyre_literal_set_compile(lits, c->npats, &desc, &c->set, &e);
    free(lits);
    if (r != VYRE_OK) {
        cli_verr(c, "compiling the patterns", &e);
        return -1;
    }
    c->words_per_row = vyre_presence_words(c->set);
    if (c->mode == MODE_LINES) {
        c->pat_display = (char **)xmalloc(xmul(c->npats, sizeof *c->pat_display));
        for (i = 0; i < c->npats; i++) c->pat_display[i] = escape_display(c->pats[i].bytes, c->pats[i].len);
    }
    if (c->verbose) {
        vyre_literal_set_info info;
        memset(&info, 0, sizeof info);
        if (vyre_literal_set_get_info(c->set, &info) == VYRE_OK)
            cli_note(c, "%lu patterns%s, %lu DFA states, %lu table bytes.", (unsigned long)c->npats,
                     c->ignore_case ? " (ignore case)" : "", (unsigned long)info.state_count,
                     (unsigned long)info.table_bytes);
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* backend                                                              */
/* ------------------------------------------------------------------ */
static int create_backend(cli *c) {
    vyre_error e;
    vyre_result r;
    const char *name = c->backend_name ? c->backend_name : "auto";
    memset(&e, 0, sizeof e);
    if (strcmp(name, "cpu") == 0) {
        r = vyre_cpu_backend_create(NULL, &c->be, &e);
        if (r != VYRE_OK) { cli_verr(c, "--backend=cpu", &e); return -1; }
    } else if (strcmp(name, "cuda") == 0) {
        r = vyre_cuda_backend_create(NULL, &c->be, &e);
        if (r != VYRE_OK) { cli_verr(c, "--backend=cuda is unavailable", &e); return -1; }
    } else if (strcmp(name, "opencl") == 0) {
        vyre_ocl_desc od;
        memset(&od, 0, sizeof od);
        od.select = VYRE_OCL_SELECT_AUTO;
        r = vyre_ocl_backend_create(&od, &c->be, &e);
        if (r != VYRE_OK) { cli_verr(c, "--backend=opencl is unavailable", &e); return -1; }
    } else { /* auto */
        vyre_ocl_desc od;
        char line[1024];
        r = vyre_cuda_backend_create(NULL, &c->be, &e);
        if (r != VYRE_OK) {
            if (c->verbose) cli_note(c, "auto: no CUDA backend (%s)", vyre_error_format(&e, line, sizeof line));
            memset(&od, 0, sizeof od);
            memset(&e, 0, sizeof e);
            od.select = VYRE_OCL_SELECT_GPU;
            r = vyre_ocl_backend_create(&od, &c->be, &e);
            if (r != VYRE_OK) {
                if (c->verbose)
                    cli_note(c, "auto: no OpenCL GPU backend (%s)", vyre_error_format(&e, line, sizeof line));
                memset(&e, 0, sizeof e);
                r = vyre_cpu_backend_create(NULL, &c->be, &e);
                if (r != VYRE_OK) { cli_verr(c, "creating the CPU backend", &e); return -1; }
            }
        }
    }
    if (c->verbose) {
        vyre_device_profile prof;
        memset(&prof, 0, sizeof prof);
        memset(&e, 0, sizeof e);
        if (vyre_backend_profile(c->be, &prof, &e) == VYRE_OK)
            cli_note(c, "backend: %s (%s, %u compute units)%s", vyre_backend_id(c->be), prof.device_name,
                     (unsigned)prof.compute_units, strcmp(name, "auto") == 0 ? ", picked by --backend=auto" : "");
        else
            cli_note(c, "backend: %s", vyre_backend_id(c->be));
    }
    memset(&e, 0, sizeof e);
    r = vyre_scanner_create(c->be, c->set, NULL, &c->sc, &e);
    if (r != VYRE_OK) { cli_verr(c, "creating the scanner", &e); return -1; }
    return 0;
}

/* ------------------------------------------------------------------ */
/* the walk                                                             */
/* ------------------------------------------------------------------ */
static void add_file(cli *c, const char *path, uint64_t size, int is_stdin) {
    if (c->nfiles == c->files_cap) {
        c->files_cap = c->files_cap ? c->files_cap * 2 : 256;
        c->files = (cli_file *)xrealloc(c->files, xmul(c->files_cap, sizeof *c->files));
    }
    c->files[c->nfiles].path_off = c->path_arena.len;
    c->files[c->nfiles].size = size;
    c->files[c->nfiles].is_stdin = is_stdin;
    c->nfiles++;
    buf_put(&c->path_arena, path, strlen(path) + 1);
    c->total_bytes += size;
}

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join_path(const char *dir, const char *name) {
    size_t dl = strlen(dir), nl = strlen(name);
    int slash = dl > 0 && dir[dl - 1] != '/';
    char *p = (char *)xmalloc(dl + (size_t)slash + nl + 1);
    memcpy(p, dir, dl);
    if (slash) p[dl] = '/';
    memcpy(p + dl + (size_t)slash, name, nl + 1);
    return p;
}

static void walk_dir(cli *c, const char *dir) {
    DIR *d = opendir(dir);
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0, i;
    if (!d) {
        cli_err(c, "Fix: check the directory's permissions, or leave it out of the PATHs.",
                "%s: cannot open directory: %s.", dir, strerror(errno));
        return;
    }
    for (;;) {
        errno = 0;
        de = readdir(d);
        if (!de) {
            if (errno)
                cli_err(c, "Fix: check the directory and the file system; entries after the failure were not scanned.",
                        "%s: cannot read directory: %s.", dir, strerror(errno));
            break;
        }
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            names = (char **)xrealloc(names, xmul(cap, sizeof *names));
        }
        names[n] = (char *)xmalloc(strlen(de->d_name) + 1);
        strcpy(names[n], de->d_name);
        n++;
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, cmp_names);
    for (i = 0; i < n; i++) {
        char *child = join_path(dir, names[i]);
        struct stat st;
        if (lstat(child, &st) != 0) {
            cli_err(c, "Fix: check that the file still exists and its directory is readable.", "%s: %s.", child,
                    strerror(errno));
        } else if (S_ISDIR(st.st_mode)) {
            walk_dir(c, child);
        } else if (S_ISREG(st.st_mode)) {
            add_file(c, child, (uint64_t)st.st_size, 0);
        } else if (S_ISLNK(st.st_mode)) {
            c->skipped_links++;
        } else {
            c->skipped_special++;
        }
        free(child);
        free(names[i]);
    }
    free(names);
}

static void walk_arg(cli *c, const char *arg) {
    struct stat st;
    if (strcmp(arg, "-") == 0) {
        add_file(c, "-", 0, 1);
        return;
    }
    if (lstat(arg, &st) != 0) {
        cli_err(c, "Fix: check the path; name existing files or directories to scan.", "%s: %s.", arg,
                strerror(errno));
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        walk_dir(c, arg);
    } else if (S_ISREG(st.st_mode)) {
        add_file(c, arg, (uint64_t)st.st_size, 0);
    } else if (S_ISLNK(st.st_mode)) {
        c->skipped_links++;
        cli_note(c, "%s: is a symbolic link; not followed (vyre never follows symbolic links; name its target to "
                    "scan it).",
                 arg);
    } else {
        c->skipped_special++;
        cli_note(c, "%s: not a regular file or directory; skipped (use '-' to scan standard input).", arg);
    }
}

/* ------------------------------------------------------------------ */
/* scanning                                                             */
/* ------------------------------------------------------------------ */
/* Reads up to n bytes (fewer only at end of file). Returns 0 or an errno. */
static int read_full(int fd, uint8_t *p, size_t n, size_t *got) {
    size_t done = 0;
    while (done < n) {
        ssize_t k = read(fd, p + done, n - done);
        if (k < 0) {
            if (errno == EINTR) continue;
            *got = done;
            return errno ? errno : EIO;
        }
        if (k == 0) break;
        done += (size_t)k;
    }
    *got = done;
    return 0;
}

static int region_cb(const vyre_match *m, void *user) {
    cli *c = (cli *)user;
    c->any_match = 1;
    if (m->region >= c->nreg) return 0; /* cannot happen; never index out of range */
    if (c->mode == MODE_COUNT) c->counts[m->region]++;
    else emit_match(c, c->reg_file[m->region], m);
    return 0;
}

static int stream_cb(const vyre_match *m, void *user) {
    cli *c = (cli *)user;
    c->any_match = 1;
    switch (c->mode) {
    case MODE_LIST: c->cur_found = 1; return 1; /* one match is enough for -l */
    case MODE_COUNT: c->cur_count++; return 0;
    default: emit_match(c, c->cur_file, m); return 0;
    }
}

static int stop_cb(const vyre_match *m, void *user) {
    (void)m;
    (void)user;
    return 1;
}

/* Scans the coalesced buffer in one call and prints its files' results. */
static void flush_batch(cli *c) {
    vyre_error e;
    vyre_result r;
    uint32_t i;
    if (c->nreg == 0) return;
    memset(&e, 0, sizeof e);
    c->batches++;
    if (c->mode == MODE_LIST) {
        size_t words = (size_t)c->nreg * c->words_per_row;
        r = vyre_scan_presence(c->sc, c->buf, c->batch_len, c->starts, c->nreg, c->presence, words, &e);
        if (r == VYRE_OK) {
            for (i = 0; i < c->nreg; i++) {
                const uint32_t *row = c->presence + (size_t)i * c->words_per_row;
                uint32_t w, any = 0;
                for (w = 0; w < c->words_per_row; w++) any |= row[w];
                if (any) { c->any_match = 1; emit_list(c, c->reg_file[i]); }
            }
        }
    } else {
        if (c->mode == MODE_COUNT) memset(c->counts, 0, (size_t)c->nreg * sizeof *c->counts);
        r = vyre_scan_regions_cb(c->sc, c->buf, c->batch_len, c->starts, c->nreg, region_cb, c, &e);
        if (r == VYRE_OK && c->mode == MODE_COUNT)
            for (i = 0; i < c->nreg; i++) emit_count(c, c->reg_file[i], c->counts[i]);
    }
    if (r != VYRE_OK) {
        char what[256];
        snprintf(what, sizeof what, "scanning %lu files (%s and the %lu after it)", (unsigned long)c->nreg,
                 cli_path(c, c->reg_file[0]), (unsigned long)(c->nreg - 1));
        cli_verr(c, what, &e);
        c->fatal = 1;
    }
    c->nreg = 0;
    c->batch_len = 0;
}

/* Streams an open file: `pre` holds bytes already read from it. */
static void stream_file(cli *c, size_t fi, int fd, const uint8_t *pre, size_t prelen) {
    vyre_stream *st = NULL;
    vyre_error e;
    vyre_result r;
    int stopped = 0, failed = 0;
    memset(&e, 0, sizeof e);
    c->cur_file = fi;
    c->cur_count = 0;
    c->cur_found = 0;
    c->streamed++;
    r = vyre_stream_open(c->sc, &st, &e);
    if (r != VYRE_OK) {
        cli_verr(c, "opening a stream", &e);
        c->fatal = 1;
        return;
    }
    if (prelen) {
        r = vyre_stream_write(st, pre, prelen, stream_cb, c, &e);
        if (r == VYRE_STOPPED) stopped = 1;
        else if (r != VYRE_OK) failed = 1;
    }
    while (!stopped && !failed) {
        size_t got = 0;
        int er = read_full(fd, c->buf, c->chunk, &got);
        if (got) {
            c->bytes_done += got;
            r = vyre_stream_write(st, c->buf, got, stream_cb, c, &e);
            if (r == VYRE_STOPPED) stopped = 1;
            else if (r != VYRE_OK) failed = 1;
            progress_tick(c);
        }
        if (er) {
            cli_err(c, "Fix: check the file and the device it is on; its matches up to the failure were reported.",
                    "%s: read error after %lu bytes: %s.", cli_path(c, fi),
                    (unsigned long)vyre_stream_offset(st), strerror(er));
            break;
        }
        if (got < c->chunk) break; /* end of file */
    }
    if (failed) {
        char what[512];
        snprintf(what, sizeof what, "scanning %s", cli_path(c, fi));
        cli_verr(c, what, &e);
        c->fatal = 1;
        memset(&e, 0, sizeof e);
        vyre_stream_close(st, stop_cb, c, &e);
        return;
    }
    memset(&e, 0, sizeof e);
    r = vyre_stream_close(st, stopped ? stop_cb : stream_cb, c, &e);
    if (r != VYRE_OK && r != VYRE_STOPPED && !stopped) {
        char what[512];
        snprintf(what, sizeof what, "scanning %s", cli_path(c, fi));
        cli_verr(c, what, &e);
        c->fatal = 1;
        return;
    }
    if (c->mode == MODE_COUNT) emit_count(c, fi, c->cur_count);
    else if (c->mode == MODE_LIST && c->cur_found) emit_list(c, fi);
}

static int open_file(cli *c, size_t fi) {
    const char *path = cli_path(c, fi);
    struct stat st;
    int fd;
    if (c->files[fi].is_stdin) return 0;
    fd = open(path, O_RDONLY | O_NOFOLLOW);
    if (fd < 0) {
        int er = errno;
        if (er == ELOOP) {
            cli_note(c, "%s: became a symbolic link during the scan; not followed.", path);
            return -2;
        }
        cli_err(c, "Fix: check the file's permissions (it was skipped; the other files were scanned).",
                "%s: cannot open: %s.", path, strerror(er));
        return -1;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        cli_note(c, "%s: is no longer a regular file; skipped.", path);
        return -2;
    }
    return fd;
}

static void scan_file(cli *c, size_t fi) {
    cli_file *f = &c->files[fi];
    int fd;
    if (!f->is_stdin && f->size < c->small) {
        size_t avail, got = 0;
        int er;
        if (c->batch_len + f->size > c->batch_cap || c->nreg == c->max_regions) flush_batch(c);
        if (c->fatal) return;
        fd = open_file(c, fi);
        if (fd < 0) return; /* reported by open_file; the other files go on */
        avail = c->batch_cap - c->batch_len;
        if (avail > c->small) avail = c->small; /* a file that grew past the limit is streamed */
        er = read_full(fd, c->buf + c->batch_len, avail, &got);
        if (er) {
            close(fd);
            cli_err(c, "Fix: check the file and the device it is on (it was skipped; the other files were scanned).",
                    "%s: read error: %s.", cli_path(c, fi), strerror(er));
            return;
        }
        c->bytes_done += got;
        if (got == avail) {
            /* The file grew since the walk: probe for more, stream it whole if so. */
            uint8_t probe;
            size_t pg = 0;
            er = read_full(fd, &probe, 1, &pg);
            if (er == 0 && pg == 1) {
                size_t at = c->batch_len;
                c->bytes_done += 1;
                c->total_bytes += 1;
                flush_batch(c); /* earlier files first; leaves buf[at, at+got) intact */
                if (c->fatal) { close(fd); return; }
                /* buf_cap >= small + 1 > got: the bytes read plus the probe byte fit at the front */
                memmove(c->buf, c->buf + at, got);
                c->buf[got] = probe;
                stream_file(c, fi, fd, c->buf, got + 1);
                close(fd);
                c->files_done++;
                progress_tick(c);
                return;
            }
        }
        close(fd);
        c->starts[c->nreg] = c->batch_len;
        c->reg_file[c->nreg] = fi;
        c->nreg++;
        c->batch_len += got;
        c->files_done++;
        progress_tick(c);
        return;
    }
    flush_batch(c);
    if (c->fatal) return;
    fd = open_file(c, fi);
    if (fd == -1 || fd == -2) return;
    stream_file(c, fi, f->is_stdin ? 0 : fd, NULL, 0);
    if (!f->is_stdin) close(fd);
    c->files_done++;
    progress_tick(c);
}

/* ------------------------------------------------------------------ */
/* command line                                                         */
/* ------------------------------------------------------------------ */
static const char *usage_main =
    "vyre " VYRE_VERSION_STRING " - find many literal patterns in many files, on the GPU or the CPU.\n"
    "\n"
    "Usage:\n"
    "  vyre scan [OPTIONS] PATH...   scan files and directories (see `vyre scan --help`)\n"
    "  vyre --help                   this help\n"
    "  vyre --version                print the version\n"
    "\n"
    "Example:\n"
    "  vyre scan -i -f patterns/gitleaks-keywords.txt samples/\n"
    "\n"
    "Exit status: 0 if anything matched, 1 if nothing did, 2 on any error.\n";

static const char *usage_scan =
    "Usage: vyre scan [OPTIONS] PATH...\n"
    "\n"
    "Finds every occurrence of every literal pattern (overlapping ones included) in\n"
    "the files. Directories are walked recursively in sorted (byte-wise) order;\n"
    "regular files only; symbolic links are never followed; every byte is scanned.\n"
    "PATH '-' reads standard input.\n"
    "\n"
    "Options:\n"
    "  -f FILE, --patterns=FILE  literal patterns, one per line, raw bytes; empty lines are skipped;\n"
    "                            pattern ids are 0-based over the non-empty lines of all -f files in order, then -e patterns\n"
    "  -e PATTERN                add one literal pattern\n"
    "  -i, --ignore-case         ASCII case-insensitive matching\n"
    "  --backend=NAME            auto (default: CUDA if a GPU is present, else an OpenCL GPU, else cpu), cpu, opencl, cuda\n"
    "  --json                    one JSON object per match per line: {\"path\":\"...\",\"pattern\":ID,\"start\":S,\"end\":E}\n"
    "  -l                        print the paths of files with at least one match\n"
    "  -c                        print PATH:COUNT for each file\n"
    "  -v, --verbose             say which backend was picked, and statistics, on stderr\n"
    "  -h, --help                this help\n"
    "\n"
    "Output (without --json, -l or -c): one line per match,\n"
    "  PATH:START-END:ID:PATTERN\n"
    "where START and END are byte offsets in the file (END exclusive), ID is the\n"
    "pattern id and PATTERN the pattern as given, printable ASCII shown as is, a\n"
    "backslash as \\\\ and every other byte as \\xHH. Files are reported in walk\n"
    "order, matches sorted by (START, END, ID) within a file. -c prints a line for\n"
    "every file scanned, PATH:0 included. In --json output, paths that are not\n"
    "valid UTF-8 have each bad byte shown as \\ufffd and an extra member\n"
    "\"path_hex\" with the exact path bytes.\n"
    "\n"
    "Pattern files: the trailing \\n of each line and a \\r before it are removed;\n"
    "everything else, NUL and bytes >= 0x80 included, is part of the pattern.\n"
    "\n"
    "Exit status: 0 if anything matched, 1 if nothing did, 2 on any error (an\n"
    "unreadable file is reported by name on stderr and the other files are still\n"
    "scanned). A backend named with --backend that is unavailable is an error,\n"
    "never a silent fallback.\n"
    "\n"
    "Environment: VYRE_CLI_CHUNK (read size for large files, default 64M),\n"
    "VYRE_CLI_SMALL (files smaller than this are batched, default 1M),\n"
    "VYRE_CLI_BATCH (batch buffer, default 64M), VYRE_CLI_PROGRESS (auto, always,\n"
    "never: the progress line on a terminal for scans longer than a second).\n";

static void usage_error(const char *fix, const char *fmt, const char *arg) {
    fputs("vyre: ", stderr);
    fprintf(stderr, fmt, arg);
    fputc(' ', stderr);
    fputs(fix, stderr);
    fputc('\n', stderr);
}

static int set_mode(cli *c, int mode, const char *opt) {
    if (c->mode != MODE_LINES && c->mode != mode) {
        fprintf(stderr, "vyre: options %s and %s cannot be used together. Fix: pick one output mode: --json, -l or "
                        "-c (or none for match lines).\n",
                c->mode_opt, opt);
        return -1;
    }
    c->mode = mode;
    snprintf(c->mode_opt, sizeof c->mode_opt, "%s", opt);
    return 0;
}

static int check_backend_name(const char *name) {
    if (strcmp(name, "auto") == 0 || strcmp(name, "cpu") == 0 || strcmp(name, "opencl") == 0 ||
        strcmp(name, "cuda") == 0)
        return 0;
    usage_error("Fix: use --backend=auto, --backend=cpu, --backend=opencl or --backend=cuda.",
                "unknown backend '%s'.", name);
    return -1;
}

/* Returns 0 to go on, or an exit status + 1 (help exits 0 → returns 1). */
static int parse_scan_args(cli *c, int argc, char **argv) {
    int i, no_more_opts = 0;
    size_t n = (size_t)argc;
    c->pattern_files = (const char **)xmalloc(xmul(n, sizeof *c->pattern_files));
    c->inline_patterns = (const char **)xmalloc(xmul(n, sizeof *c->inline_patterns));
    c->paths = (const char **)xmalloc(xmul(n, sizeof *c->paths));
    for (i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (no_more_opts || a[0] != '-' || a[1] == 0) {
            c->paths[c->npaths++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) { no_more_opts = 1; continue; }
        if (a[1] == '-') {
            const char *name = a + 2, *eq = strchr(name, '=');
            size_t nl = eq ? (size_t)(eq - name) : strlen(name);
            const char *val = eq ? eq + 1 : NULL;
#define LONG_IS(s) (nl == strlen(s) && strncmp(name, s, nl) == 0)
            if (LONG_IS("patterns") || LONG_IS("backend")) {
                int is_pat = LONG_IS("patterns");
                if (!val) {
                    if (i + 1 >= argc) {
                        usage_error(is_pat ? "Fix: write --patterns=FILE." : "Fix: write --backend=NAME (auto, cpu, opencl or cuda).",
                                    "option '%s' needs a value.", a);
                        return CLI_EXIT_TROUBLE + 1;
                    }
                    val = argv[++i];
                }
                if (is_pat) {
                    if (!val[0]) {
                        usage_error("Fix: write --patterns=FILE with a file name.", "option '%s' has an empty file name.", a);
                        return CLI_EXIT_TROUBLE + 1;
                    }
                    c->pattern_files[c->npattern_files++] = val;
                } else {
                    if (check_backend_name(val) != 0) return CLI_EXIT_TROUBLE + 1;
                    c->backend_name = val;
                }
                continue;
            }
            if (val) {
                if (LONG_IS("ignore-case") || LONG_IS("json") || LONG_IS("verbose") || LONG_IS("help")) {
                    usage_error("Fix: remove the '=...' part; this option takes no value.",
                                "option '%s' takes no value.", a);
                    return CLI_EXIT_TROUBLE + 1;
                }
            } else if (LONG_IS("ignore-case")) { c->ignore_case = 1; continue; }
            else if (LONG_IS("json")) { if (set_mode(c, MODE_JSON, "--json")) return CLI_EXIT_TROUBLE + 1; continue; }
            else if (LONG_IS("verbose")) { c->verbose = 1; continue; }
            else if (LONG_IS("help")) { fputs(usage_scan, stdout); return 1; }
#undef LONG_IS
            usage_error("Fix: see `vyre scan --help` for the options.", "unknown option '%s'.", a);
            return CLI_EXIT_TROUBLE + 1;
        }
        /* a cluster of short options: -il, -fFILE, -ePATTERN */
        {
            const char *p = a + 1;
            for (; *p; p++) {
                char opt[3] = {'-', *p, 0};
                switch (*p) {
                case 'i': c->ignore_case = 1; break;
                case 'l': if (set_mode(c, MODE_LIST, "-l")) return CLI_EXIT_TROUBLE + 1; break;
                case 'c': if (set_mode(c, MODE_COUNT, "-c")) return CLI_EXIT_TROUBLE + 1; break;
                case 'v': c->verbose = 1; break;
                case 'h': fputs(usage_scan, stdout); return 1;
                case 'f':
                case 'e': {
                    const char *val = p[1] ? p + 1 : NULL;
                    if (!val) {
                        if (i + 1 >= argc) {
                            usage_error(*p == 'f' ? "Fix: write -f FILE (one pattern per line)." : "Fix: write -e PATTERN.",
                                        "option '%s' needs a value.", opt);
                            return CLI_EXIT_TROUBLE + 1;
                        }
                        val = argv[++i];
                    }
                    if (*p == 'f') {
                        if (!val[0]) {
                            usage_error("Fix: write -f FILE with a file name.", "option '%s' has an empty file name.", opt);
                            return CLI_EXIT_TROUBLE + 1;
                        }
                        c->pattern_files[c->npattern_files++] = val;
                    } else {
                        c->inline_patterns[c->ninline++] = val;
                    }
                    p += strlen(p) - 1; /* the rest of the cluster was the value */
                    break;
                }
                default:
                    usage_error("Fix: see `vyre scan --help` for the options.", "unknown option '%s'.", opt);
                    return CLI_EXIT_TROUBLE + 1;
                }
            }
        }
    }
    if (c->npaths == 0) {
        fputs("vyre: no PATH given. Fix: name at least one file or directory to scan (or '-' for standard input), "
              "e.g. vyre scan -f patterns.txt src/\n",
              stderr);
        return CLI_EXIT_TROUBLE + 1;
    }
    if (c->npattern_files + c->ninline == 0) {
        fputs("vyre: no patterns given. Fix: pass -f FILE (one pattern per line) or -e PATTERN.\n", stderr);
        return CLI_EXIT_TROUBLE + 1;
    }
    return 0;
}

static void cli_free(cli *c) {
    size_t i;
    if (c->sc) vyre_scanner_destroy(c->sc);
    if (c->be) vyre_backend_destroy(c->be);
    if (c->set) vyre_literal_set_free(c->set);
    if (c->file_data)
        for (i = 0; i < c->npattern_files; i++) free(c->file_data[i]);
    if (c->pat_display)
        for (i = 0; i < c->npats; i++) free(c->pat_display[i]);
    free(c->pat_display);
    free(c->file_data);
    free(c->pats);
    free((void *)c->pattern_files);
    free((void *)c->inline_patterns);
    free((void *)c->paths);
    free(c->path_arena.data);
    free(c->files);
    free(c->buf);
    free(c->starts);
    free(c->reg_file);
    free(c->presence);
    free(c->counts);
    free(c->json_path.data);
    free(c->json_hex.data);
}

static int cmd_scan(int argc, char **argv) {
    cli c;
    size_t i;
    int rc;
    const char *prog;
    memset(&c, 0, sizeof c);
    c.json_file = (size_t)-1;
    c.t0 = cli_now_ns();
    rc = parse_scan_args(&c, argc, argv);
    if (rc) { cli_free(&c); return rc - 1; }
    if (env_size("VYRE_CLI_CHUNK", CLI_DEFAULT_CHUNK, 1, &c.chunk) || env_size("VYRE_CLI_SMALL", CLI_DEFAULT_SMALL, 0, &c.small) ||
        env_size("VYRE_CLI_BATCH", CLI_DEFAULT_BATCH, 1, &c.batch_cap)) {
        cli_free(&c);
        return CLI_EXIT_TROUBLE;
    }
    if (c.small > c.batch_cap) {
        fprintf(stderr, "vyre: VYRE_CLI_SMALL (%lu bytes) is larger than VYRE_CLI_BATCH (%lu bytes). Fix: make the "
                        "small-file limit at most the batch buffer size.\n",
                (unsigned long)c.small, (unsigned long)c.batch_cap);
        cli_free(&c);
        return CLI_EXIT_TROUBLE;
    }
    prog = getenv("VYRE_CLI_PROGRESS");
    if (!prog || !prog[0] || strcmp(prog, "auto") == 0) c.progress = isatty(2);
    else if (strcmp(prog, "always") == 0) { c.progress = 1; c.progress_forced = 1; }
    else if (strcmp(prog, "never") == 0) c.progress = 0;
    else {
        fprintf(stderr, "vyre: VYRE_CLI_PROGRESS='%s' is not valid. Fix: set it to auto, always or never.\n", prog);
        cli_free(&c);
        return CLI_EXIT_TROUBLE;
    }

    if (load_patterns(&c) != 0 || compile_patterns(&c) != 0 || create_backend(&c) != 0) {
        cli_free(&c);
        return CLI_EXIT_TROUBLE;
    }

    for (i = 0; i < c.npaths; i++) walk_arg(&c, c.paths[i]);
    if (c.verbose && (c.skipped_links || c.skipped_special))
        cli_note(&c, "skipped %lu symbolic links and %lu special files (never followed or read).",
                 (unsigned long)c.skipped_links, (unsigned long)c.skipped_special);

    /* buffers */
    c.buf_cap = c.batch_cap > c.chunk ? c.batch_cap : c.chunk;
    if (c.buf_cap < c.small + 1) c.buf_cap = c.small + 1;
    c.buf = (uint8_t *)xmalloc(c.buf_cap);
    c.max_regions = CLI_MAX_REGIONS;
    if (c.words_per_row && CLI_PRESENCE_WORDS_BUDGET / c.words_per_row < c.max_regions)
        c.max_regions = (uint32_t)(CLI_PRESENCE_WORDS_BUDGET / c.words_per_row);
    if (c.max_regions == 0) c.max_regions = 1;
    c.starts = (uint64_t *)xmalloc(xmul(c.max_regions, sizeof *c.starts));
    c.reg_file = (size_t *)xmalloc(xmul(c.max_regions, sizeof *c.reg_file));
    if (c.mode == MODE_LIST) c.presence = (uint32_t *)xmalloc(xmul(xmul(c.max_regions, c.words_per_row), 4));
    if (c.mode == MODE_COUNT) c.counts = (uint64_t *)xmalloc(xmul(c.max_regions, sizeof *c.counts));

    if (!isatty(1)) setvbuf(stdout, NULL, _IOFBF, 1 << 20); /* a terminal keeps line buffering */
    for (i = 0; i < c.nfiles && !c.fatal; i++) scan_file(&c, i);
    if (!c.fatal) flush_batch(&c);
    if (c.fatal)
        cli_err(&c, "Fix: retry with --backend=cpu, or report the error above.",
                "the scan stopped after a backend error; %lu of %lu files were scanned.", (unsigned long)c.files_done,
                (unsigned long)c.nfiles);
    progress_clear(&c);

    if (fflush(stdout) != 0 || ferror(stdout))
        cli_err(&c, "Fix: check where the output goes (disk full, closed pipe).", "error writing the output: %s.",
                strerror(errno));
    if (c.verbose) {
        double secs = (double)(cli_now_ns() - c.t0) / 1e9;
        char b[32], r[32];
        fmt_bytes(b, sizeof b, (double)c.bytes_done);
        fmt_bytes(r, sizeof r, secs > 0 ? (double)c.bytes_done / secs : 0.0);
        cli_note(&c, "scanned %lu files, %s in %.3f s (%s/s): %lu batched calls, %lu streamed files.",
                 (unsigned long)c.files_done, b, secs, r, (unsigned long)c.batches, (unsigned long)c.streamed);
    }
    rc = c.any_error ? CLI_EXIT_TROUBLE : c.any_match ? CLI_EXIT_MATCH : CLI_EXIT_NOMATCH;
    cli_free(&c);
    return rc;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fputs(usage_main, stderr);
        fputs("vyre: no command given. Fix: run `vyre scan [OPTIONS] PATH...`, or `vyre --help`.\n", stderr);
        return CLI_EXIT_TROUBLE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        fputs(usage_main, stdout);
        return fflush(stdout) == 0 ? 0 : CLI_EXIT_TROUBLE;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("vyre %s\n", vyre_version());
        return fflush(stdout) == 0 ? 0 : CLI_EXIT_TROUBLE;
    }
    if (strcmp(argv[1], "scan") == 0) return cmd_scan(argc - 2, argv + 2);
    fprintf(stderr, "vyre: unknown command '%s'. Fix: run `vyre scan [OPTIONS] PATH...` (see `vyre --help`).\n",
            argv[1]);
    return CLI_EXIT_TROUBLE;
}
