/* vyre - the command-line scanner of vyre.h: many literal patterns in many files.

       vyre scan [OPTIONS] PATH...

   Builds as one C99 file that compiles the whole library in (vyre.h, the
   CUDA and OpenCL backends, which load their drivers at run time).
   Documentation: docs/cli.md, `vyre --help`, `vyre scan --help`.

   How a scan runs (a thin user of the library's file-ingest pipeline,
   vyre.h >>ingest)
     1. A GPU backend (--backend=cuda, opencl or auto) is created on a
        background thread while the patterns are read (-f files, then -e) and
        compiled into one literal set, and while the tree is walked.
     2. The pipeline walks the PATHs (directories recursively, entries sorted
        byte-wise, regular files only, symbolic links never followed), reads
        files on one thread per core straight into the backend's staging
        memory (small files coalesced into batches, large ones cut into
        chunks), and scans: --backend=cpu on CPU threads, --backend=cuda or
        opencl on the GPU once it is ready, --backend=auto on CPU threads at
        once and on the GPU as well as soon as it is ready.
     3. Results come back in walk order, matches sorted within a file
        (identical to scanning one file at a time), inside a fixed memory
        budget whatever the number of files or matches. -c builds no match
        lists; -l stops reading a file at its first match.
     4. Ctrl-C stops promptly (the progress line is cleared first).

   Tuning through the environment (sizes accept a K, M or G suffix, binary):
     VYRE_CLI_CHUNK     chunk size for large files          default 16M
     VYRE_CLI_SMALL     files smaller than this are batched default 1M
     VYRE_CLI_BATCH     coalesced batch buffer size         default 16M
     VYRE_CLI_THREADS   reader threads                      default: online CPUs
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

#include <pthread.h>
#include <signal.h>

#define CLI_EXIT_MATCH 0
#define CLI_EXIT_NOMATCH 1
#define CLI_EXIT_TROUBLE 2

#define CLI_DEFAULT_CHUNK ((size_t)16 << 20)
#define CLI_DEFAULT_SMALL ((size_t)1 << 20)
#define CLI_DEFAULT_BATCH ((size_t)16 << 20)
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
    vyre_ingest *ing;

    /* the GPU backend, created on a background thread */
    pthread_t bg;
    int bg_started, bg_done, bg_explicit, bg_abandon;
    pthread_mutex_t bg_mu;
    vyre_backend *gpu;
    vyre_error bg_err;
    vyre_result bg_rc;
    char bg_notes[2048];        /* auto: why no GPU backend (for -v) */
    uint64_t bg_ready_ns;

    /* tuning */
    size_t chunk, small, batch_cap;
    uint32_t threads;

    /* JSON path cache (file index + 1; 0 = none) */
    uint64_t json_file;
    cli_buf json_path;
    cli_buf json_hex;

    /* results and stats */
    int any_match, any_error;
    uint64_t skipped_links, skipped_special;
    vyre_ingest_stats st;       /* the latest (progress, -v) */

    /* progress */
    int progress, progress_drawn, progress_forced;
    uint64_t t0, last_draw;
} cli;

/* Ctrl-C: the pipeline polls this flag (set from the signal handler). */
static volatile int cli_interrupted;
static void on_sigint(int sig) {
    (void)sig;
    cli_interrupted = 1;
}

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

static const char *file_name(const vyre_ingest_file *f) { return f->is_stdin ? CLI_STDIN_NAME : f->path; }

/* The JSON members for file f's path, cached for the last file:
   json_path = {"path":"..." and, for a path that is not valid UTF-8,
   json_hex = ,"path_hex":"<the exact path bytes in hex>" (else empty). */
static void json_path_prepare(cli *c, const vyre_ingest_file *f) {
    static const char hex[] = "0123456789abcdef";
    const char *path;
    size_t n, i;
    int lossy = 0;
    if (c->json_file == f->index + 1) return;
    path = file_name(f);
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
    c->json_file = f->index + 1;
}

static void emit_match(cli *c, const vyre_ingest_file *f, const vyre_match *m) {
    cli_out_begin(c);
    if (c->mode == MODE_JSON) {
        json_path_prepare(c, f);
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
        out_str(file_name(f));
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

static void emit_count(cli *c, const vyre_ingest_file *f, uint64_t n) {
    cli_out_begin(c);
    out_str(file_name(f));
    fputc(':', stdout);
    out_u64(n);
    fputc('\n', stdout);
}

static void emit_list(cli *c, const vyre_ingest_file *f) {
    cli_out_begin(c);
    out_str(file_name(f));
    fputc('\n', stdout);
}

/* ------------------------------------------------------------------ */
/* progress                                                             */
/* ------------------------------------------------------------------ */
static void progress_tick(cli *c, int force) {
    uint64_t now, el;
    double secs, rate;
    char done[32], total[32], speed[32], eta[32], line[256];
    const vyre_ingest_stats *s = &c->st;
    if (!c->progress) return;
    now = cli_now_ns();
    el = now - c->t0;
    if (!force) {
        if (!c->progress_forced && el < 1000000000u) return;
        if (c->progress_drawn && now - c->last_draw < 200000000u) return;
    }
    c->last_draw = now;
    secs = (double)el / 1e9;
    if (secs <= 0) secs = 1e-9;
    rate = (double)s->bytes_done / secs;
    fmt_bytes(done, sizeof done, (double)s->bytes_done);
    fmt_bytes(total, sizeof total, (double)s->bytes_walked);
    fmt_bytes(speed, sizeof speed, rate);
    if (rate > 0 && s->bytes_walked >= s->bytes_done) {
        double left = (double)(s->bytes_walked - s->bytes_done) / rate;
        unsigned long sl = (unsigned long)(left + 0.5);
        snprintf(eta, sizeof eta, "%lu:%02lu:%02lu left", sl / 3600, (sl / 60) % 60, sl % 60);
    } else {
        snprintf(eta, sizeof eta, "time left unknown");
    }
    snprintf(line, sizeof line, "vyre: %s of %s, %lu of %lu files, %s/s, %s", done, total,
             (unsigned long)s->files_done, (unsigned long)s->files_walked, speed, eta);
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

/* ------------------------------------------------------------------ */
/* the GPU backend, on a background thread                              */
/* ------------------------------------------------------------------ */
static void bg_note(cli *c, const char *what, const vyre_error *e) {
    char line[1024];
    size_t n = strlen(c->bg_notes);
    vyre_error_format(e, line, sizeof line);
    snprintf(c->bg_notes + n, sizeof c->bg_notes - n, "%s%s (%s)", n ? "; " : "", what, line);
}

static void *bg_create(void *arg) {
    cli *c = (cli *)arg;
    vyre_error e;
    vyre_result r;
    vyre_backend *be = NULL;
    const char *name = c->backend_name ? c->backend_name : "auto";
    memset(&e, 0, sizeof e);
    if (strcmp(name, "cuda") == 0) {
        r = vyre_cuda_backend_create(NULL, &be, &e);
    } else if (strcmp(name, "opencl") == 0) {
        vyre_ocl_desc od;
        memset(&od, 0, sizeof od);
        od.select = VYRE_OCL_SELECT_AUTO;
        r = vyre_ocl_backend_create(&od, &be, &e);
    } else { /* auto: CUDA, else an OpenCL GPU; the CPU threads scan meanwhile anyway */
        r = vyre_cuda_backend_create(NULL, &be, &e);
        if (r != VYRE_OK) {
            vyre_ocl_desc od;
            bg_note(c, "no CUDA backend", &e);
            memset(&od, 0, sizeof od);
            memset(&e, 0, sizeof e);
            od.select = VYRE_OCL_SELECT_GPU;
            r = vyre_ocl_backend_create(&od, &be, &e);
            if (r != VYRE_OK) bg_note(c, "no OpenCL GPU backend", &e);
        }
    }
    pthread_mutex_lock(&c->bg_mu);
    c->bg_done = 1;
    c->bg_rc = r;
    c->bg_err = e;
    c->gpu = r == VYRE_OK ? be : NULL;
    c->bg_ready_ns = cli_now_ns() - c->t0;
    if (c->ing) {
        if (c->gpu) vyre_ingest_attach(c->ing, c->gpu, NULL);
        else if (c->bg_explicit) vyre_ingest_abort(c->ing, &c->bg_err);
    }
    pthread_mutex_unlock(&c->bg_mu);
    return NULL;
}

/* ------------------------------------------------------------------ */
/* pipeline callbacks (on the main thread, in walk order)               */
/* ------------------------------------------------------------------ */
static int on_match(void *user, const vyre_ingest_file *f, const vyre_match *m) {
    cli *c = (cli *)user;
    c->any_match = 1;
    emit_match(c, f, m);
    return 0;
}

static int on_file(void *user, const vyre_ingest_file *f, uint64_t count, vyre_result status, const vyre_error *err) {
    cli *c = (cli *)user;
    if (status != VYRE_OK) {
        if (err && err->message[0]) cli_err(c, err->fix, "%s.", err->message);
        else cli_err(c, "Fix: check the file (it was skipped; the other files were scanned).", "%s: could not be read.", file_name(f));
        return 0;
    }
    if (count) c->any_match = 1;
    if (c->mode == MODE_COUNT) emit_count(c, f, count);
    else if (c->mode == MODE_LIST && count) emit_list(c, f);
    return 0;
}

static void on_event(void *user, const vyre_ingest_event *ev) {
    cli *c = (cli *)user;
    switch (ev->kind) {
    case VYRE_INGEST_EV_LINK:
        if (ev->at_open) cli_note(c, "%s: became a symbolic link during the scan; not followed.", ev->path);
        else if (ev->depth == 0) {
            c->skipped_links++;
            cli_note(c, "%s: is a symbolic link; not followed (vyre never follows symbolic links; name its target to "
                        "scan it).",
                     ev->path);
        } else c->skipped_links++;
        break;
    case VYRE_INGEST_EV_SPECIAL:
        if (ev->at_open) cli_note(c, "%s: is no longer a regular file; skipped.", ev->path);
        else if (ev->depth == 0) {
            c->skipped_special++;
            cli_note(c, "%s: not a regular file or directory; skipped (use '-' to scan standard input).", ev->path);
        } else c->skipped_special++;
        break;
    default:
        if (ev->err) {
            /* the library's message ends with '.' already */
            cli_err(c, ev->err->fix, "%s", ev->err->message);
        } else {
            cli_err(c, "Fix: check the path.", "%s: cannot be read.", ev->path);
        }
        break;
    }
}

static void on_progress(void *user, const vyre_ingest_stats *st) {
    cli *c = (cli *)user;
    c->st = *st;
    progress_tick(c, 0);
}

static void verbose_summary(cli *c, const vyre_ingest_stats *s) {
    double secs = (double)s->wall_ns / 1e9;
    char b[32], r[32], cb[32], gb[32], bud[32];
    fmt_bytes(b, sizeof b, (double)s->bytes_done);
    fmt_bytes(r, sizeof r, secs > 0 ? (double)s->bytes_done / secs : 0.0);
    fmt_bytes(cb, sizeof cb, (double)s->cpu_bytes);
    fmt_bytes(gb, sizeof gb, (double)s->backend_bytes);
    fmt_bytes(bud, sizeof bud, (double)s->budget_bytes);
    if (c->skipped_links || c->skipped_special)
        cli_note(c, "skipped %lu symbolic links and %lu special files (never followed or read).",
                 (unsigned long)c->skipped_links, (unsigned long)c->skipped_special);
    cli_note(c, "scanned %lu files, %s in %.3f s (%s/s): %lu batched calls, %lu streamed files.",
             (unsigned long)s->files_done, b, secs, r, (unsigned long)s->batches, (unsigned long)s->chunked_files);
    if (s->backend_id[0])
        cli_note(c, "bytes scanned: cpu %s, %s %s (%s ready %.3f s after the start).", cb, s->backend_id, gb, s->backend_id,
                 (double)s->attach_ns / 1e9);
    else
        cli_note(c, "bytes scanned: cpu %s.", cb);
    {
        char dev[64];
        if (s->backend_device_ns == VYRE_TIME_UNKNOWN || !s->backend_id[0]) snprintf(dev, sizeof dev, "not measured");
        else snprintf(dev, sizeof dev, "%.3f s", (double)s->backend_device_ns / 1e9);
        cli_note(c, "time: walk %.3f s; read %.3f s and cpu scan %.3f s (summed over %u threads); %s lane %.3f s "
                    "(kernel %s, the rest transfer and decode); output %.3f s; %lu partial deliveries, %lu re-split "
                    "requests; memory budget %s.",
                 (double)s->walk_ns / 1e9, (double)s->read_ns / 1e9, (double)s->cpu_scan_ns / 1e9, (unsigned)c->threads,
                 s->backend_id[0] ? s->backend_id : "backend", (double)s->backend_scan_ns / 1e9, dev,
                 (double)s->output_ns / 1e9, (unsigned long)s->parts, (unsigned long)s->resplits, bud);
    }
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
    "Environment: VYRE_CLI_CHUNK (chunk size for large files, default 16M),\n"
    "VYRE_CLI_SMALL (files smaller than this are batched, default 1M),\n"
    "VYRE_CLI_BATCH (batch buffer, default 16M), VYRE_CLI_THREADS (reader threads,\n"
    "default: one per CPU), VYRE_CLI_PROGRESS (auto, always, never: the progress\n"
    "line on a terminal for scans longer than a second).\n";

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
    if (c->ing) vyre_ingest_destroy(c->ing);
    if (c->gpu) vyre_backend_destroy(c->gpu);
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
    free(c->json_path.data);
    free(c->json_hex.data);
}

/* waits for the background backend thread (if any) */
static void bg_join(cli *c) {
    if (c->bg_started) {
        pthread_join(c->bg, NULL);
        c->bg_started = 0;
    }
}

static int cmd_scan(int argc, char **argv) {
    cli c;
    int rc;
    const char *prog, *name;
    size_t threads = 0;
    vyre_ingest_desc d;
    vyre_error e;
    vyre_result r;
    struct sigaction sa, old_sa;
    memset(&c, 0, sizeof c);
    c.t0 = cli_now_ns();
    rc = parse_scan_args(&c, argc, argv);
    if (rc) { cli_free(&c); return rc - 1; }
    if (env_size("VYRE_CLI_CHUNK", CLI_DEFAULT_CHUNK, 1, &c.chunk) || env_size("VYRE_CLI_SMALL", CLI_DEFAULT_SMALL, 0, &c.small) ||
        env_size("VYRE_CLI_BATCH", CLI_DEFAULT_BATCH, 1, &c.batch_cap) || env_size("VYRE_CLI_THREADS", 0, 0, &threads)) {
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
    if (threads > 256) {
        fprintf(stderr, "vyre: VYRE_CLI_THREADS=%lu is over the limit of 256. Fix: use at most 256 reader threads, or unset it.\n",
                (unsigned long)threads);
        cli_free(&c);
        return CLI_EXIT_TROUBLE;
    }
    if (!threads) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 0 ? (size_t)n : 1;
    }
    c.threads = (uint32_t)threads;
    prog = getenv("VYRE_CLI_PROGRESS");
    if (!prog || !prog[0] || strcmp(prog, "auto") == 0) c.progress = isatty(2);
    else if (strcmp(prog, "always") == 0) { c.progress = 1; c.progress_forced = 1; }
    else if (strcmp(prog, "never") == 0) c.progress = 0;
    else {
        fprintf(stderr, "vyre: VYRE_CLI_PROGRESS='%s' is not valid. Fix: set it to auto, always or never.\n", prog);
        cli_free(&c);
        return CLI_EXIT_TROUBLE;
    }

    /* 1. the GPU backend starts on its own thread while the patterns compile */
    name = c.backend_name ? c.backend_name : "auto";
    c.bg_explicit = strcmp(name, "cuda") == 0 || strcmp(name, "opencl") == 0;
    if (pthread_mutex_init(&c.bg_mu, NULL) != 0) {
        fputs("vyre: cannot create a mutex. Fix: check system resources.\n", stderr);
        cli_free(&c);
        return CLI_EXIT_TROUBLE;
    }
    if (strcmp(name, "cpu") != 0) {
        if (pthread_create(&c.bg, NULL, bg_create, &c) == 0) c.bg_started = 1;
        else if (c.bg_explicit) {
            fputs("vyre: cannot start a thread. Fix: check system resources (thread limits).\n", stderr);
            pthread_mutex_destroy(&c.bg_mu);
            cli_free(&c);
            return CLI_EXIT_TROUBLE;
        }
    }
    if (load_patterns(&c) != 0 || compile_patterns(&c) != 0) {
        bg_join(&c);
        pthread_mutex_destroy(&c.bg_mu);
        cli_free(&c);
        return CLI_EXIT_TROUBLE;
    }

    /* 2. the pipeline */
    memset(&d, 0, sizeof d);
    memset(&e, 0, sizeof e);
    d.paths = c.paths;
    d.path_count = c.npaths;
    d.mode = c.mode == MODE_COUNT ? VYRE_INGEST_COUNT : c.mode == MODE_LIST ? VYRE_INGEST_FIRST : VYRE_INGEST_MATCHES;
    d.flags = c.bg_explicit ? 0u : VYRE_INGEST_CPU;
    d.readers = c.threads;
    d.batch_bytes = c.batch_cap;
    d.small_file_bytes = c.small;
    d.chunk_bytes = c.chunk;
    d.cancel = &cli_interrupted;
    d.cb.match = on_match;
    d.cb.file = on_file;
    d.cb.event = on_event;
    d.cb.progress = c.progress ? on_progress : NULL;
    d.cb.user = &c;
    r = vyre_ingest_create(c.set, &d, &c.ing, &e);
    if (r != VYRE_OK) {
        cli_verr(&c, "setting up the scan", &e);
        bg_join(&c);
        pthread_mutex_destroy(&c.bg_mu);
        cli_free(&c);
        return CLI_EXIT_TROUBLE;
    }
    pthread_mutex_lock(&c.bg_mu);
    if (c.bg_done) {
        if (c.gpu) vyre_ingest_attach(c.ing, c.gpu, NULL);
        else if (c.bg_explicit) vyre_ingest_abort(c.ing, &c.bg_err);
    }
    pthread_mutex_unlock(&c.bg_mu);
    if (!c.bg_started && c.bg_explicit) { /* could not even start the thread */ }

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocked read returns */
    sigaction(SIGINT, &sa, &old_sa);

    if (!isatty(1)) setvbuf(stdout, NULL, _IOFBF, 1 << 20); /* a terminal keeps line buffering */
    memset(&e, 0, sizeof e);
    r = vyre_ingest_run(c.ing, &e);
    vyre_ingest_get_stats(c.ing, &c.st);
    if (c.progress_forced && !c.progress_drawn && !cli_interrupted) progress_tick(&c, 1);
    progress_clear(&c);
    if (c.bg_started && !c.bg_explicit) {
        /* auto: the CPU threads finished before the GPU backend was ready (small inputs); do not wait for it */
        int done;
        pthread_mutex_lock(&c.bg_mu);
        done = c.bg_done;
        pthread_mutex_unlock(&c.bg_mu);
        if (!done) c.bg_abandon = 1;
    }
    if (!c.bg_abandon) bg_join(&c);

    if (r != VYRE_OK && r != VYRE_STOPPED) {
        if (c.bg_explicit && c.bg_done && !c.gpu) {
            char what[64];
            snprintf(what, sizeof what, "--backend=%s is unavailable", name);
            cli_verr(&c, what, &e);
        } else {
            cli_verr(&c, "scanning", &e);
            cli_err(&c, "Fix: retry with --backend=cpu, or report the error above.",
                    "the scan stopped after a backend error; %lu of %lu files were scanned.", (unsigned long)c.st.files_done,
                    (unsigned long)c.st.files_walked);
        }
    }
    if (fflush(stdout) != 0 || ferror(stdout))
        cli_err(&c, "Fix: check where the output goes (disk full, closed pipe).", "error writing the output: %s.",
                strerror(errno));
    if (c.verbose) {
        vyre_device_profile prof;
        vyre_error pe;
        memset(&prof, 0, sizeof prof);
        memset(&pe, 0, sizeof pe);
        if (c.gpu && vyre_backend_profile(c.gpu, &prof, &pe) == VYRE_OK)
            cli_note(&c, "backend: %s (%s, %u compute units)%s%s", vyre_backend_id(c.gpu), prof.device_name,
                     (unsigned)prof.compute_units, strcmp(name, "auto") == 0 ? ", picked by --backend=auto" : "",
                     strcmp(name, "auto") == 0 ? ", together with the CPU reader threads" : "");
        if (c.bg_abandon) cli_note(&c, "auto: the scan ended before the GPU backend was ready; it was not used.");
        if (!c.gpu || strcmp(name, "auto") == 0)
            cli_note(&c, "backend: cpu (%u reader threads scanning)%s%s%s", (unsigned)c.threads,
                     strcmp(name, "auto") == 0 ? ", picked by --backend=auto" : "", c.bg_notes[0] ? ": " : "", c.bg_notes);
        verbose_summary(&c, &c.st);
    }
    sigaction(SIGINT, &old_sa, NULL);
    rc = c.any_error ? CLI_EXIT_TROUBLE : c.any_match ? CLI_EXIT_MATCH : CLI_EXIT_NOMATCH;
    if (cli_interrupted) {
        fflush(stdout);
        fputs("vyre: interrupted.\n", stderr);
        rc = 130;
    }
    if (c.bg_abandon) {
        /* the backend thread is still inside driver start-up: leave without tearing anything down under it */
        fflush(stdout);
        fflush(stderr);
        if (rc == 130) { signal(SIGINT, SIG_DFL); raise(SIGINT); }
        _exit(rc);
    }
    pthread_mutex_destroy(&c.bg_mu);
    cli_free(&c);
    if (rc == 130) {
        signal(SIGINT, SIG_DFL);
        raise(SIGINT);
    }
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
