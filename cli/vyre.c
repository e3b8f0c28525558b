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
     VYRE_CLI_CHUNK     chunk size for large files          default 4M
     VYRE_CLI_SMALL     files smaller than this are batched default 1M
     VYRE_CLI_BATCH     coalesced batch buffer size         default 4M
     VYRE_CLI_THREADS   reader threads                      default: online CPUs (at most 8
                                                            with --backend=cuda|opencl)
     VYRE_CLI_WALK_THREADS  threads that list directories in the walk: 1 = the walk on
                        one thread; default: online CPUs, at most 4 (same output for any count)
     VYRE_CLI_PROGRESS  auto (default: on a terminal), always, never
     VYRE_CLI_MMAP      auto (default: CPU threads scan large files mapped, in place), never
     VYRE_CLI_AUTO_GPU_BYTES  --backend=auto starts a GPU once the walk has found this many
                        bytes (default 128M per reader thread; 0 = always)    */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#define VYRE_IMPLEMENTATION
#define VYRE_CUDA_IMPLEMENTATION
#define VYRE_OCL_IMPLEMENTATION
#include "../vyre.h"
#include "../vyre_cuda.h"
#include "../vyre_ocl.h"
#define CLI_LINES_IMPLEMENTATION
#include "lines.h"
#define CLI_IGNORE_IMPLEMENTATION
#include "ignore.h"
#define CLI_OPTS_IMPLEMENTATION
#include "opts.h"
#define CLI_PATFILE_IMPLEMENTATION
#include "patfile.h"
#include "rules_cli.h"

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

/* 4 MiB staging: on the H200 machine it beat 8 and 16 MiB for --backend=cuda over both trees
   (page-locking costs about 0.5 ms per MiB, so smaller slots start sooner; docs/PERF.md) */
#define CLI_DEFAULT_CHUNK ((size_t)4 << 20)
#define CLI_DEFAULT_SMALL ((size_t)1 << 20)
#define CLI_DEFAULT_BATCH ((size_t)4 << 20)
#define CLI_STDIN_NAME "(standard input)"

enum { MODE_LINES = 0, MODE_JSON, MODE_LIST, MODE_COUNT };
enum { BIN_SCAN = 0, BIN_SKIP };

/* One file of the CLI's walk: the path shown, and the path the pipeline
   opens (the link's target for followed links, the spooled copy of stdin). */
typedef struct cli_file {
    size_t disp_off, lib_off; /* in the path arena */
    int is_stdin;
} cli_file;

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
    int json;                   /* --json: JSON objects for any mode */
    int offsets_format;         /* --format=offsets: PATH:START-END:ID:PATTERN */
    int byte_offset;            /* -b */
    int color;                  /* --color resolved */
    int quiet, no_messages, no_filename, word, null_sep, line_buffered, stats;
    int follow, no_ignore, unrestricted, comments, no_warnings;
    /* -E: the patterns are regexes (vyre.h >>regex); --leftmost-first: mode 2, --json adds "groups" */
    int regex, leftmost;
    vyre_regex_set *rs;
    uint64_t groups_file;       /* file index + 1 whose matches with groups are in groups_m */
    vyre_re_match *groups_m;
    vyre_span *groups_g;
    size_t groups_n;
    int binary;                 /* BIN_SCAN or BIN_SKIP */
    uint64_t max_count;         /* -m; 0 = no limit */
    int has_max_count;
    uint64_t max_filesize;      /* 0 = no limit */
    uint64_t max_dfa_bytes;     /* --max-dfa-bytes; 0 = the library default */
    ig_globs globs;
    ig_stack ign;
    const char *walk_root;      /* the PATH being walked */
    char cwd[4096];             /* -g globs are relative to it */
    uint64_t skipped_ignored, skipped_binary, skipped_large;
    /* per-file state of the output layer: data source for line numbers */
    size_t src_file;
    int src_fd;
    vl_cursor *cur;
    uint8_t *scratch;
    size_t scratch_cap;
    size_t acc_file;            /* the file acc_n counts */
    uint64_t acc_n;             /* matches accepted (-w, -m) in acc_file */
    uint64_t acc_lines;         /* -m: matching lines in acc_file */
    uint64_t acc_line;          /* -m: the line of the last accepted match (0: none) */
    int flush_files;            /* fflush after each file */
    int filter_matches;         /* -w or -m with -c/-l: match lists are built and counted here */
    uint64_t stat_matches;      /* --stats */
    int stdin_fd;               /* spooled standard input (-1: none) */
    int quit;                   /* -q: stop after the first match */
    pf_file *pfiles;
    /* walk: (dev, ino) of the directories being walked, for -L loops */
    dev_t *wdev;
    ino_t *wino;
    size_t wdepth, wcap;

    const char *backend_name;
    const char *devices;        /* --devices=all|0,1,...: GPU ordinals (cuda, opencl); NULL = all */
    vyre_backend *xgpu[64];     /* the backends of the 2nd.. listed device (docs/multi-gpu.md) */
    uint32_t nxgpu;
    int bg_ndev;                /* devices the background thread will open (-1: not counted yet; under bg_mu) */
    const char **pattern_files;
    size_t npattern_files;
    const char **inline_patterns;
    size_t ninline;
    const char **paths;
    size_t npaths;

    /* patterns */
    /* the walk's file list */
    cli_buf path_arena;
    cli_file *files;
    size_t nfiles, files_cap;
    const char **lib_paths;     /* desc.paths */
    uint64_t map_index;         /* the ingest file index last mapped (+1) */
    size_t map_i;               /* ... to this entry of files */
    char stdin_tmp[4096];       /* the spooled standard input's file ("" if none) */
    cli_pat *pats;
    size_t npats, pats_cap;
    char **pat_display;         /* escaped pattern text for MODE_LINES */

    /* library objects */
    vyre_literal_set *set;
    vyre_ingest *ing;

    /* the GPU backend, created on a background thread */
    pthread_t bg;
    int bg_started, bg_done, bg_explicit, bg_abandon;
    int bg_creating;            /* the background thread is inside a backend's create (not deciding) */
    pthread_mutex_t bg_mu;
    vyre_backend *gpu;
    vyre_error bg_err;
    vyre_result bg_rc;
    char bg_notes[2048];        /* auto: why no GPU backend (for -v) */
    uint64_t bg_ready_ns;

    /* tuning */
    size_t chunk, small, batch_cap;
    uint32_t threads;
    size_t walk_threads;        /* VYRE_CLI_WALK_THREADS: threads that list directories (1: the serial walk) */

    /* JSON path cache (file index + 1; 0 = none) */
    uint64_t json_file;
    cli_buf json_path;
    cli_buf json_hex;
    cli_buf json_tmp;

    /* results and stats */
    int any_match, any_error;
    uint64_t skipped_links, skipped_special;
    vyre_ingest_stats st;       /* the latest (progress, -v) */

    /* progress */
    int progress, progress_drawn, progress_forced;
    int no_mmap;                      /* VYRE_CLI_MMAP=never: CPU lanes read large files into staging too */
    uint64_t t0, last_draw;
    uint64_t ph_compiled, ph_walked, ph_ran; /* -v: phase ends, ns since t0 */

    /* the walk feeding the running pipeline (vyre_ingest_feed) */
    int feed;                   /* this run feeds (no standard input among the PATHs) */
    int feeding;                /* the pipeline thread runs: files/path_arena under files_mu */
    int walk_stopped;           /* the run stopped (-q, -l, a callback, an error): stop walking */
    int walk_done;              /* under bg_mu: the walk has ended (auto's GPU decision) */
    pthread_mutex_t files_mu;
    vyre_result run_rc;
    vyre_error run_err;
    size_t auto_gpu_bytes;      /* auto: a GPU is started once the walk found this many bytes */
    uint64_t auto_walked;       /* bytes the walk had found at auto's decision */
    char *cur_name;             /* file_name's copy of the current file's shown name */
    const vyre_ingest_file *cur_f; /* the file of the match being written (NULL: standard-input lines) */
    size_t cur_name_cap;
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

/* Messages name paths: their control bytes are written as \xHH, as on
   stdout, so a file name cannot forge a message line or send escape
   sequences to the terminal. */
static void cli_vmsg(cli *c, const char *fix, const char *fmt, va_list ap) {
    char small[1024], *m = small;
    int n;
    va_list aq;
    progress_clear(c);
    fflush(stdout);
    fputs("vyre: ", stderr);
    va_copy(aq, ap);
    n = vsnprintf(small, sizeof small, fmt, aq);
    va_end(aq);
    if (n >= (int)sizeof small) {
        m = (char *)malloc((size_t)n + 1);
        if (m) vsnprintf(m, (size_t)n + 1, fmt, ap);
        else m = small;
    }
    if (n > 0) {
        size_t len = strlen(m), i;
        for (i = 0; i < len; i++) {
            unsigned char ch = (unsigned char)m[i];
            if (ch < 0x20 || ch == 0x7f) fprintf(stderr, "\\x%02x", ch);
            else fputc(ch, stderr);
        }
    }
    if (m != small) free(m);
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

/* An error about one file or directory: like cli_err, silenced by -s/--no-messages. */
static void cli_ferr(cli *c, const char *fix, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void cli_ferr(cli *c, const char *fix, const char *fmt, ...) {
    va_list ap;
    c->any_error = 1;
    if (c->no_messages) return;
    va_start(ap, fmt);
    cli_vmsg(c, fix, fmt, ap);
    va_end(ap);
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

static void cli_out_begin(cli *c);
/* --- the data source of the file being reported: line numbers, matched
   bytes and -w look at the file's bytes again (pread on the file, or on the
   spooled standard input), through one vl_cursor per file. */
/* Read n bytes (fewer only at end of file), retrying EINTR: read() from the
   current position when off is NULL, else pread() at *off. 0 or an errno. */
static int read_full_at(int fd, uint8_t *p, size_t n, const uint64_t *off, size_t *got) {
    size_t done = 0;
    while (done < n) {
        ssize_t k = off ? pread(fd, p + done, n - done, (off_t)(*off + done)) : read(fd, p + done, n - done);
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
static int src_read(void *user, uint64_t off, uint8_t *buf, size_t n, size_t *got) {
    return read_full_at(((cli *)user)->src_fd, buf, n, &off, got);
}

/* The path shown for file f: the CLI's walk list, in the pipeline's walk
   order (f->path is the path the pipeline opened). */
static const char *file_name(cli *c, const vyre_ingest_file *f) {
    if (c->map_index != f->index + 1) {
        size_t i, n, len;
        const char *name;
        if (c->feeding) pthread_mutex_lock(&c->files_mu); /* the walk appends to files and path_arena */
        n = c->nfiles;
        i = c->map_index ? c->map_i + 1 : 0;
        while (i < n && strcmp(c->path_arena.data + c->files[i].lib_off, f->path) != 0) i++;
        if (i >= n) {
            if (c->feeding) pthread_mutex_unlock(&c->files_mu);
            c->map_i = 0; c->map_index = 0;
            return f->is_stdin ? CLI_STDIN_NAME : f->path;
        }
        c->map_i = i;
        c->map_index = f->index + 1;
        name = c->files[i].is_stdin ? CLI_STDIN_NAME : c->path_arena.data + c->files[i].disp_off;
        len = strlen(name) + 1;
        if (len > c->cur_name_cap) {
            c->cur_name_cap = len * 2;
            c->cur_name = (char *)xrealloc(c->cur_name, c->cur_name_cap);
        }
        memcpy(c->cur_name, name, len);
        if (c->feeding) pthread_mutex_unlock(&c->files_mu);
    }
    return c->cur_name;
}

/* Makes file f the current source. 0, or -1 (reported; its matches are skipped). */
static int src_prepare(cli *c, const vyre_ingest_file *f) {
    size_t fi = (size_t)f->index;
    if (c->src_file == fi) return c->src_fd >= 0 ? 0 : -1;
    if (c->src_fd >= 0) close(c->src_fd);
    c->src_fd = -1;
    c->src_file = fi;
    if (!c->cur) c->cur = (vl_cursor *)xmalloc(sizeof *c->cur);
    c->src_fd = f->is_stdin ? -1 : open(f->path, O_RDONLY);
    if (c->src_fd < 0) {
        int er = errno;
        cli_ferr(c, "Fix: check that the file was not removed during the scan.",
                 "%s: cannot reopen to compute line numbers: %s.", file_name(c, f),
                 f->is_stdin ? "standard input was not spooled" : strerror(er));
        return -1;
    }
    vl_init(c->cur, src_read, c);
    return 0;
}

/* Bytes [off, off + n) of the current source (through the cursor's window). */
static const uint8_t *src_bytes(cli *c, uint64_t off, size_t n, size_t *got) {
    const uint8_t *p;
    if (n > VL_WINDOW && n > c->scratch_cap) {
        c->scratch_cap = n;
        c->scratch = (uint8_t *)xrealloc(c->scratch, c->scratch_cap);
    }
    p = vl_bytes(c->cur, off, n, c->scratch, got);
    if (!p) *got = 0;
    return p;
}

/* The JSON members for file f's path, cached for the last file:
   json_path = {"path":"..." and, for a path that is not valid UTF-8,
   json_hex = ,"path_hex":"<the exact path bytes in hex>" (else empty). */
static void json_path_set(cli *c, const char *path, uint64_t key) {
    static const char hex[] = "0123456789abcdef";
    size_t n, i;
    int lossy = 0;
    if (c->json_file == key) return;
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
    c->json_file = key;
}
static void json_path_prepare(cli *c, const vyre_ingest_file *f) { json_path_set(c, file_name(c, f), f->index + 1); }

static int is_word_byte(uint8_t b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_';
}

/* The filters of the output layer: -w (word boundaries on both sides) and
   -m NUM (the matches in the first NUM matching lines of a file, as grep and
   rg count: a line is matching when it holds an accepted match; matches
   arrive sorted by start, so lines only grow). 1 if m is reported. */
static int cli_accept(cli *c, const vyre_ingest_file *f, const vyre_match *m) {
    size_t fi = (size_t)f->index;
    if (c->quit) return 0;
    if (c->word || c->has_max_count) {
        if (c->acc_file != fi) { c->acc_file = fi; c->acc_n = 0; c->acc_lines = 0; c->acc_line = 0; }
        if (src_prepare(c, f) != 0) return 0;
        if (c->has_max_count && c->acc_lines >= c->max_count && c->acc_line == 0) return 0;
        if (c->word) {
            const uint8_t *b;
            size_t got = 0;
            if (m->start > 0 && (b = src_bytes(c, m->start - 1, 1, &got)) != NULL && got == 1 && is_word_byte(*b)) return 0;
            got = 0;
            if ((b = src_bytes(c, m->end, 1, &got)) != NULL && got == 1 && is_word_byte(*b)) return 0;
        }
        if (c->has_max_count) {
            uint64_t line = 0, col = 0;
            if (vl_locate(c->cur, m->start, &line, &col) != 0) {
                cli_ferr(c, "Fix: do not change files while they are scanned.",
                         "%s: the file changed during the scan (cannot read back byte %lu for -m).", file_name(c, f),
                         (unsigned long)m->start);
                return 0;
            }
            if (line != c->acc_line) {
                if (c->acc_lines >= c->max_count) { c->acc_line = 0; return 0; } /* NUM lines done: nothing more */
                c->acc_lines++;
                c->acc_line = line;
            }
        }
        c->acc_n++;
    }
    return 1;
}

static void out_color(cli *c, const char *sgr) {
    if (c->color) { fputs("\033[", stdout); fputs(sgr, stdout); fputc('m', stdout); }
}

/* A path for line-oriented output: control bytes as \xHH (exact with -0). */
static void out_path_name(cli *c, const char *p) {
    size_t n = strlen(p), i;
    for (i = 0; i < n; i++)
        if ((uint8_t)p[i] < 0x20 || p[i] == 0x7f) break;
    if (i == n || c->null_sep) { fwrite(p, 1, n, stdout); return; }
    {
        char *e = (char *)xmalloc(xmul(n, 4) + 1);
        size_t k = vl_escape_path(e, p, n);
        fwrite(e, 1, k, stdout);
        free(e);
    }
}

static void out_path(cli *c, const vyre_ingest_file *f) { out_path_name(c, file_name(c, f)); }

static void out_end_record(cli *c) {
    if (c->line_buffered) fflush(stdout);
    (void)c;
}

static void emit_match_at(cli *c, const char *path, uint64_t key, const vyre_match *m, uint64_t line, uint64_t col,
                          const uint8_t *mb, size_t mlen);
/* -E --leftmost-first --json: ,"groups":[[start,end],...] of match m (null for a group that did not
   take part). The pipeline reports spans only; the file's matches with their groups are computed once
   per file with vyre_regex_scan on its bytes (the same matches: vyre.h >>regex). */
static int groups_cmp(const void *a, const void *b) {
    const vyre_re_match *x = (const vyre_re_match *)a, *y = (const vyre_re_match *)b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end < y->end ? -1 : 1;
    return x->pattern_id < y->pattern_id ? -1 : x->pattern_id > y->pattern_id;
}
static void emit_groups(cli *c, const vyre_ingest_file *f, const vyre_match *m) {
    const vyre_re_match *hit;
    vyre_re_match key;
    uint32_t k;
    if (c->groups_file != f->index + 1) {
        vyre_re_scan_desc so;
        vyre_error e;
        size_t got = 0, n = 0, ng = 0;
        const uint8_t *all = src_bytes(c, 0, (size_t)f->size, &got);
        free(c->groups_m); free(c->groups_g);
        c->groups_m = NULL; c->groups_g = NULL; c->groups_n = 0;
        c->groups_file = f->index + 1;
        memset(&so, 0, sizeof so);
        so.mode = VYRE_RE_LEFTMOST_FIRST;
        if (!all || got != f->size) return;
        if (vyre_regex_scan(c->rs, &so, all, got, NULL, 0, &n, NULL, 0, &ng, &e) == VYRE_ERR_MATCH_CAPACITY || n) {
            c->groups_m = (vyre_re_match *)xmalloc(xmul(n + 1, sizeof *c->groups_m));
            c->groups_g = (vyre_span *)xmalloc(xmul(ng + 1, sizeof *c->groups_g));
            all = src_bytes(c, 0, (size_t)f->size, &got);
            if (!all || vyre_regex_scan(c->rs, &so, all, got, c->groups_m, n, &n, c->groups_g, ng, &ng, &e) != VYRE_OK) n = 0;
            c->groups_n = n;
        }
    }
    key.start = m->start; key.end = m->end; key.pattern_id = m->pattern_id;
    hit = c->groups_n ? (const vyre_re_match *)bsearch(&key, c->groups_m, c->groups_n, sizeof key, groups_cmp) : NULL;
    out_str(",\"groups\":[");
    for (k = 0; hit && k < hit->group_count; k++) {
        const vyre_span *sp = &c->groups_g[hit->groups + k];
        if (k) fputc(',', stdout);
        if (sp->start == VYRE_RE_NO_SPAN) { out_str("null"); continue; }
        fputc('[', stdout); out_u64(sp->start); fputc(',', stdout); out_u64(sp->end); fputc(']', stdout);
    }
    fputc(']', stdout);
}

static void emit_match(cli *c, const vyre_ingest_file *f, const vyre_match *m) {
    uint64_t line = 0, col = 0;
    const uint8_t *mb = NULL;
    size_t mlen = 0, want = (size_t)(m->end - m->start);
    if (c->quiet) { c->quit = 1; return; }
    if (!c->offsets_format || c->json) {
        if (src_prepare(c, f) != 0) return;
        if (vl_locate(c->cur, m->start, &line, &col) != 0 || (mb = src_bytes(c, m->start, want, &mlen), mlen != want)) {
            cli_ferr(c, "Fix: do not change files while they are scanned (the file's other matches were reported).",
                     "%s: the file changed during the scan (cannot read back the match at byte %lu).", file_name(c, f),
                     (unsigned long)m->start);
            return;
        }
    }
    c->cur_f = f; /* for the groups of -E --leftmost-first --json */
    emit_match_at(c, file_name(c, f), f->index + 1, m, line, col, mb, mlen);
    c->cur_f = NULL;
}

/* One match record, everything resolved: path shown (key: a cache key for
   its JSON form), the match, its line and column, the matched bytes. */
static void emit_match_at(cli *c, const char *path, uint64_t key, const vyre_match *m, uint64_t line, uint64_t col,
                          const uint8_t *mb, size_t mlen) {
    cli_out_begin(c);
    if (c->json) {
        int lossy = 0;
        json_path_set(c, path, key);
        fwrite(c->json_path.data, 1, c->json_path.len, stdout);
        out_str(",\"pattern\":");
        out_u64(m->pattern_id);
        out_str(",\"start\":");
        out_u64(m->start);
        out_str(",\"end\":");
        out_u64(m->end);
        out_str(",\"line\":");
        out_u64(line);
        out_str(",\"column\":");
        out_u64(col);
        c->json_tmp.len = 0;
        buf_puts(&c->json_tmp, ",\"pattern_text\":\"");
        if (m->pattern_id < c->npats) json_escape(&c->json_tmp, c->pats[m->pattern_id].bytes, c->pats[m->pattern_id].len, &lossy);
        buf_puts(&c->json_tmp, "\",\"match\":\"");
        lossy = 0;
        json_escape(&c->json_tmp, mb, mlen, &lossy);
        buf_putc(&c->json_tmp, '"');
        if (lossy) {
            static const char hex[] = "0123456789abcdef";
            size_t i;
            buf_puts(&c->json_tmp, ",\"match_hex\":\"");
            for (i = 0; i < mlen; i++) { buf_putc(&c->json_tmp, hex[mb[i] >> 4]); buf_putc(&c->json_tmp, hex[mb[i] & 15]); }
            buf_putc(&c->json_tmp, '"');
        }
        fwrite(c->json_tmp.data, 1, c->json_tmp.len, stdout);
        if (c->regex && c->leftmost && c->cur_f) emit_groups(c, c->cur_f, m);
        if (c->json_hex.len) fwrite(c->json_hex.data, 1, c->json_hex.len, stdout);
        out_str("}\n");
    } else if (c->offsets_format) {
        out_path_name(c, path);
        fputc(':', stdout);
        out_u64(m->start);
        fputc('-', stdout);
        out_u64(m->end);
        fputc(':', stdout);
        out_u64(m->pattern_id);
        fputc(':', stdout);
        out_str(m->pattern_id < c->npats ? c->pat_display[m->pattern_id] : "?");
        fputc('\n', stdout);
    } else {
        char *e;
        size_t k;
        if (!c->no_filename) {
            out_color(c, "35");
            out_path_name(c, path);
            out_color(c, "0");
            fputc(':', stdout);
        }
        out_color(c, "32");
        out_u64(line);
        out_color(c, "0");
        fputc(':', stdout);
        out_u64(col);
        fputc(':', stdout);
        if (c->byte_offset) { out_u64(m->start); fputc(':', stdout); }
        e = (char *)xmalloc(xmul(mlen, 4) + 1);
        k = vl_escape_match(e, mb, mlen);
        out_color(c, "1;31");
        fwrite(e, 1, k, stdout);
        out_color(c, "0");
        free(e);
        fputc('\n', stdout);
    }
    out_end_record(c);
}

static void emit_count(cli *c, const vyre_ingest_file *f, uint64_t n) {
    if (c->quiet) return;
    cli_out_begin(c);
    if (c->json) {
        json_path_prepare(c, f);
        fwrite(c->json_path.data, 1, c->json_path.len, stdout);
        out_str(",\"count\":");
        out_u64(n);
        if (c->json_hex.len) fwrite(c->json_hex.data, 1, c->json_hex.len, stdout);
        out_str("}\n");
    } else {
        out_path(c, f);
        fputc(c->null_sep ? '\0' : ':', stdout);
        out_u64(n);
        fputc('\n', stdout);
    }
    out_end_record(c);
}

static void emit_list(cli *c, const vyre_ingest_file *f) {
    if (c->quiet) { c->quit = 1; return; }
    cli_out_begin(c);
    if (c->json) {
        json_path_prepare(c, f);
        fwrite(c->json_path.data, 1, c->json_path.len, stdout);
        if (c->json_hex.len) fwrite(c->json_hex.data, 1, c->json_hex.len, stdout);
        out_str("}\n");
    } else {
        out_path(c, f);
        fputc(c->null_sep ? '\0' : '\n', stdout);
    }
    out_end_record(c);
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

/* Warns (stderr, not an error) about a literal that looks like a regex or,
   in a file, a comment. */
static void warn_pattern(cli *c, const uint8_t *p, size_t n, const char *src, uint64_t line) {
    int is_comment = 0;
    const char *why;
    char *shown;
    if (c->no_warnings || c->regex) return;
    why = pf_suspicious(p, n, &is_comment);
    if (!why || (is_comment && !src)) return;
    shown = escape_display(p, n < 80 ? n : 80);
    if (src)
        cli_note(c, "warning: %s:%lu: pattern '%s%s' %s but is matched literally, byte for byte. Fix: %s, or pass --no-warnings.",
                 strcmp(src, "-") == 0 ? "(standard input)" : src, (unsigned long)line, shown, n > 80 ? "..." : "", why,
                 is_comment ? "pass --comments to skip lines starting with '#'" : "pass -E to match the patterns as regexes, or write the literal text you want found (without -E vyre takes literals, like grep -F)");
    else
        cli_note(c, "warning: -e pattern %lu '%s%s' %s but is matched literally. Fix: pass -E to match it as a regex, or write the literal text (without -E vyre takes literals, like grep -F), or pass --no-warnings.",
                 (unsigned long)line, shown, n > 80 ? "..." : "", why);
    free(shown);
}

/* Reads one pattern file (cli/patfile.h: streamed, stops at an over-long line). */
static int load_pattern_file(cli *c, size_t idx) {
    const char *name = c->pattern_files[idx];
    pf_file *f = &c->pfiles[idx];
    char err[1024];
    size_t i;
    if (pf_read(f, name, c->comments, err, sizeof err) != 0) {
        c->any_error = 1;
        progress_clear(c);
        fprintf(stderr, "vyre: %s\n", err);
        return -1;
    }
    for (i = 0; i < f->npats; i++) {
        const uint8_t *b = f->arena + f->pats[i].off;
        warn_pattern(c, b, f->pats[i].len, name, f->pats[i].line);
        add_pattern(c, b, f->pats[i].len, name, f->pats[i].line);
    }
    return 0;
}

static int load_patterns(cli *c) {
    size_t i;
    c->pfiles = (pf_file *)xmalloc(xmul(c->npattern_files + 1, sizeof *c->pfiles));
    memset(c->pfiles, 0, (c->npattern_files + 1) * sizeof *c->pfiles);
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
        warn_pattern(c, (const uint8_t *)c->inline_patterns[i], n, NULL, i + 1);
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

/* -E: the patterns as one regex set, seen by the pipeline as a pattern set of kind regex */
static int compile_regexes(cli *c) {
    vyre_regex *res = (vyre_regex *)xmalloc(xmul(c->npats, sizeof *res));
    vyre_regex_desc desc;
    vyre_re_scan_desc so;
    vyre_pattern_set *ps = NULL;
    vyre_error e;
    vyre_result r;
    size_t i;
    memset(&desc, 0, sizeof desc);
    memset(&so, 0, sizeof so);
    memset(&e, 0, sizeof e);
    for (i = 0; i < c->npats; i++) { res[i].pattern = (const char *)c->pats[i].bytes; res[i].len = c->pats[i].len; res[i].flags = 0; }
    desc.flags = c->ignore_case ? VYRE_RE_CASELESS : 0;
    r = vyre_regex_set_compile(res, c->npats, &desc, &c->rs, &e);
    free(res);
    if (r == VYRE_OK) {
        so.mode = c->leftmost ? VYRE_RE_LEFTMOST_FIRST : VYRE_RE_ALL_MATCHES;
        r = vyre_regex_set_as_pattern_set(c->rs, &so, &ps, &e);
    }
    if (r != VYRE_OK) {
        if (e.pattern_index < c->npats && (r == VYRE_ERR_REGEX_SYNTAX || r == VYRE_ERR_REGEX_UNSUPPORTED || r == VYRE_ERR_REGEX_TOO_LARGE)) {
            const cli_pat *q = &c->pats[e.pattern_index];
            if (q->src) cli_note(c, "in %s:%lu", strcmp(q->src, "-") == 0 ? "(standard input)" : q->src, (unsigned long)q->line);
            else cli_note(c, "in -e pattern %lu", (unsigned long)q->line);
        }
        cli_verr(c, "compiling the regexes (-E)", &e);
        return -1;
    }
    c->set = ps;
    if (c->mode == MODE_LINES) {
        c->pat_display = (char **)xmalloc(xmul(c->npats, sizeof *c->pat_display));
        for (i = 0; i < c->npats; i++) c->pat_display[i] = escape_display(c->pats[i].bytes, c->pats[i].len);
    }
    return 0;
}

static int compile_patterns(cli *c) {
    vyre_literal *lits;
    if (c->regex) return compile_regexes(c);
    lits = (vyre_literal *)xmalloc(xmul(c->npats, sizeof *lits));
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
    desc.max_dfa_bytes = c->max_dfa_bytes;
    r = vyre_literal_set_compile(lits, c->npats, &desc, &c->set, &e);
    free(lits);
    if (r == VYRE_ERR_DFA_TOO_LARGE) {
        char line[1024];
        vyre_error_format(&e, line, sizeof line);
        cli_err(c, NULL, "compiling the patterns: %s", line);
        cli_note(c, "Fix (vyre CLI): pass --max-dfa-bytes=SIZE above the size named (e.g. --max-dfa-bytes=4G; the "
                    "tables take that much memory), or split the pattern file (split -l) and run vyre once per part.");
        return -1;
    }
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

/* auto: wait until the walk has found auto_gpu_bytes (1: start a GPU) or ended with fewer (0) */
static int auto_wants_gpu(cli *c) {
    for (;;) {
        int done;
        vyre_ingest *g;
        vyre_ingest_stats st;
        struct timespec ts;
        pthread_mutex_lock(&c->bg_mu);
        done = c->walk_done;
        g = c->ing;
        pthread_mutex_unlock(&c->bg_mu);
        if (g && vyre_ingest_get_stats(g, &st) == VYRE_OK) {
            c->auto_walked = st.bytes_walked;
            if (st.bytes_walked >= c->auto_gpu_bytes) return 1;
            if (done) return 0;
        } else if (done) {
            return 0;
        }
        if (cli_interrupted) return 0;
        ts.tv_sec = 0;
        ts.tv_nsec = 1000000L;
        nanosleep(&ts, NULL);
    }
}

static void *bg_create(void *arg) {
    cli *c = (cli *)arg;
    vyre_error e;
    vyre_result r;
    vyre_backend *be = NULL;
    const char *name = c->backend_name ? c->backend_name : "auto";
    memset(&e, 0, sizeof e);
    if (strcmp(name, "auto") == 0 && c->feed && !auto_wants_gpu(c)) {
        /* the walk ended with less than a quarter second or so of work for the CPU threads: starting
           a GPU (driver start-up ~0.2-0.35 s, its teardown at exit ~0.1 s) would only cost time */
        pthread_mutex_lock(&c->bg_mu);
        c->bg_done = 1;
        c->bg_rc = VYRE_OK;
        c->gpu = NULL;
        snprintf(c->bg_notes, sizeof c->bg_notes, "the walk found %llu bytes, fewer than VYRE_CLI_AUTO_GPU_BYTES=%llu "
                     "(what the CPU threads scan before a GPU would be ready); no GPU started",
                     (unsigned long long)c->auto_walked, (unsigned long long)c->auto_gpu_bytes);
        c->bg_ready_ns = cli_now_ns() - c->t0;
        pthread_mutex_unlock(&c->bg_mu);
        return NULL;
    }
    pthread_mutex_lock(&c->bg_mu);
    c->bg_creating = 1; /* from here the driver's start-up cannot be cut short */
    pthread_mutex_unlock(&c->bg_mu);
    if (strcmp(name, "cuda") == 0 || strcmp(name, "opencl") == 0) {
        /* --devices: one backend per listed ordinal (all by default); the first is c->gpu */
        uint32_t ord[64], n = 0, k;
        int cuda = strcmp(name, "cuda") == 0;
        vyre_ocl_desc od;
        memset(&od, 0, sizeof od);
        od.select = VYRE_OCL_SELECT_AUTO;
        r = VYRE_OK;
        if (!c->devices || strcmp(c->devices, "all") == 0) {
            uint32_t cnt = 0;
            r = cuda ? vyre_cuda_device_count(&cnt, &e) : vyre_ocl_device_count(&od, &cnt, &e);
            for (n = 0; n < cnt && n < 64; n++) ord[n] = n;
        } else {
            const char *p = c->devices;
            while (*p && n < 64) { ord[n++] = (uint32_t)strtoul(p, (char **)&p, 10); if (*p == ',') p++; }
        }
        pthread_mutex_lock(&c->bg_mu);
        c->bg_ndev = (int)n; /* the main thread waits for several devices before the pipeline starts */
        pthread_mutex_unlock(&c->bg_mu);
        for (k = 0; r == VYRE_OK && k < n; k++) {
            vyre_backend *b = NULL;
            if (cuda) {
                vyre_cuda_desc cd;
                memset(&cd, 0, sizeof cd);
                cd.device_index = (int)ord[k];
                r = vyre_cuda_backend_create(&cd, &b, &e);
            } else {
                od.ordinal = ord[k];
                r = vyre_ocl_backend_create(&od, &b, &e);
            }
            if (r == VYRE_OK) { if (k == 0) be = b; else c->xgpu[c->nxgpu++] = b; }
        }
        if (r != VYRE_OK && be) { vyre_backend_destroy(be); be = NULL; }
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
    if (!c->gpu) { uint32_t k; for (k = 0; k < c->nxgpu; k++) vyre_backend_destroy(c->xgpu[k]); c->nxgpu = 0; }
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
    if (!cli_accept(c, f, m)) return c->quit;
    c->any_match = 1;
    c->stat_matches++;
    if (c->mode == MODE_LINES) emit_match(c, f, m);
    else if (c->quiet) c->quit = 1;
    return c->quit;
}

static int on_file(void *user, const vyre_ingest_file *f, uint64_t count, vyre_result status, const vyre_error *err) {
    cli *c = (cli *)user;
    if (status != VYRE_OK) {
        if (err && err->message[0]) cli_ferr(c, err->fix, "%s.", err->message);
        else cli_ferr(c, "Fix: check the file (it was skipped; the other files were scanned).", "%s: could not be read.", file_name(c, f));
        return 0;
    }
    if (c->filter_matches) count = c->acc_file == (size_t)f->index ? c->acc_n : 0; /* -w, -m: counted here */
    else if (c->mode != MODE_LINES) c->stat_matches += count;
    if (count) c->any_match = 1;
    if (c->mode == MODE_COUNT) emit_count(c, f, count);
    else if (c->mode == MODE_LIST && count) emit_list(c, f);
    if (c->flush_files) fflush(stdout); /* per file on a terminal, and with --line-buffered */
    return c->quit;
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
            cli_ferr(c, ev->err->fix, "%s", ev->err->message);
        } else {
            cli_ferr(c, "Fix: check the path.", "%s: cannot be read.", ev->path);
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
    if (s->mapped_chunks) {
        char mb[32];
        fmt_bytes(mb, sizeof mb, (double)s->mapped_bytes);
        cli_note(c, "scanned in place (mapped, not copied): %lu chunks, %s.", (unsigned long)s->mapped_chunks, mb);
    }
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
/* ------------------------------------------------------------------ */
/* the walk (with ripgrep's filters), before the pipeline                */
/* ------------------------------------------------------------------ */
/* The pipeline's own walker lists PATHs without filters; the CLI walks
   here (ignore files, -g, -L with loop detection, links named on the
   command line, --max-filesize, --binary=skip) and hands the pipeline the
   list of files in walk order. */
static int read_full(int fd, uint8_t *p, size_t n, size_t *got) { return read_full_at(fd, p, n, NULL, got); }

/* disp: the path shown; lib: the path the pipeline opens (NULL: disp). While the
   pipeline runs (c->feeding) the file is also fed to it. */
static void add_file_locked(cli *c, const char *disp, const char *lib, int is_stdin);
static void add_file(cli *c, const char *disp, const char *lib, int is_stdin, const struct stat *st) {
    if (c->feeding) {
        vyre_error e;
        vyre_result r;
        pthread_mutex_lock(&c->files_mu);
        add_file_locked(c, disp, lib, is_stdin);
        pthread_mutex_unlock(&c->files_mu);
        memset(&e, 0, sizeof e);
        /* the walk has stat'ed the file: the pipeline does not stat it again */
        r = st && S_ISREG(st->st_mode) ? vyre_ingest_feed_file(c->ing, lib ? lib : disp, (uint64_t)st->st_size, (uint64_t)st->st_dev,
                                                                (uint64_t)st->st_ino, &e)
                                        : vyre_ingest_feed(c->ing, lib ? lib : disp, &e);
        if (r != VYRE_OK) c->walk_stopped = 1; /* VYRE_STOPPED: the run ended; its error is reported after it */
        return;
    }
    add_file_locked(c, disp, lib, is_stdin);
}
static void add_file_locked(cli *c, const char *disp, const char *lib, int is_stdin) {
    if (c->nfiles == c->files_cap) {
        c->files_cap = c->files_cap ? c->files_cap * 2 : 256;
        c->files = (cli_file *)xrealloc(c->files, xmul(c->files_cap, sizeof *c->files));
    }
    c->files[c->nfiles].disp_off = c->path_arena.len;
    buf_put(&c->path_arena, disp, strlen(disp) + 1);
    if (lib) {
        c->files[c->nfiles].lib_off = c->path_arena.len;
        buf_put(&c->path_arena, lib, strlen(lib) + 1);
    } else {
        c->files[c->nfiles].lib_off = c->files[c->nfiles].disp_off;
    }
    c->files[c->nfiles].is_stdin = is_stdin;
    c->nfiles++;
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

/* --binary=skip: a file is binary when its first 8 KiB hold a NUL byte (the
   heuristic of git and grep; ripgrep looks at its first read buffer). */
#define CLI_BINARY_PROBE 8192
static int looks_binary(const char *path) {
    uint8_t b[CLI_BINARY_PROBE];
    size_t got = 0;
    int fd = open(path, O_RDONLY), r;
    if (fd < 0) return 0; /* the open error is reported when it is scanned */
    r = read_full(fd, b, sizeof b, &got);
    close(fd);
    return r == 0 && memchr(b, 0, got) != NULL;
}

/* The walker's filter for one directory entry (not for PATHs named on the
   command line): 1 to skip it. Order as ripgrep: -g overrides win, then
   .git directories, then the ignore files. */
static int walk_skip_with(const cli *c, const ig_level *const *more, size_t nmore, const char *child, const char *name,
                          int is_dir);
static int walk_skip(cli *c, const char *child, const char *name, int is_dir) {
    if (!walk_skip_with(c, NULL, 0, child, name, is_dir)) return 0;
    c->skipped_ignored++;
    return 1;
}
/* walk_skip's decision with the ignore levels of c->ign followed by more[0, nmore) (the
   parallel walk's listed ancestors); changes nothing, so helper threads may call it */
static int walk_skip_with(const cli *c, const ig_level *const *more, size_t nmore, const char *child, const char *name,
                          int is_dir) {
    int g = 0;
    if (c->globs.l.n) {
        /* as ripgrep: relative to the current directory ("./" and the cwd prefix dropped) */
        const char *rel = child;
        size_t cl = strlen(c->cwd);
        while (rel[0] == '.' && rel[1] == '/') rel += 2;
        if (rel[0] == '/' && cl > 1 && strncmp(rel, c->cwd, cl) == 0 && rel[cl] == '/') rel += cl + 1;
        while (*rel == '/') rel++;
        g = ig_globs_match(&c->globs, rel, is_dir);
        if (g > 0) return 1;
    }
    if (g < 0) return 0;
    if (is_dir && strcmp(name, ".git") == 0 && c->unrestricted < 2 && !c->no_ignore) return 1;
    if (c->unrestricted < 1 && !c->no_ignore && ig_levels_ignored(c->ign.lv, c->ign.n, more, nmore, child, is_dir)) return 1;
    return 0;
}

/* The walk's messages, one text each for the serial and the parallel walk (err: the errno) */
static void walk_err_dir(cli *c, const char *dir, int err) {
    if (err == ENAMETOOLONG)
        cli_ferr(c, "Fix: scan that part on its own: cd into a directory inside it and name a relative PATH.",
                 "%s: not scanned, with everything below it: the path is %lu bytes, over the system's limit (%s).",
                 dir, (unsigned long)strlen(dir), strerror(ENAMETOOLONG));
    else
        cli_ferr(c, "Fix: check the directory's permissions, or leave it out of the PATHs.",
                 "%s: cannot open directory: %s.", dir, strerror(err));
}
static void walk_err_readdir(cli *c, const char *dir, int err) {
    cli_ferr(c, "Fix: check the directory and the file system; entries after the failure were not scanned.",
             "%s: cannot read directory: %s.", dir, strerror(err));
}
static void walk_err_entry(cli *c, const char *path, int err) {
    if (err == ENAMETOOLONG)
        cli_ferr(c, "Fix: scan that part on its own: cd into a directory inside it and name a relative PATH (vyre "
                    "walks by path names, limited to PATH_MAX bytes).",
                 "%s: not scanned, with everything below it: the path is %lu bytes, over the system's limit (%s).",
                 path, (unsigned long)strlen(path), strerror(ENAMETOOLONG));
    else
        cli_ferr(c, "Fix: check that the file still exists and its directory is readable.", "%s: %s.", path, strerror(err));
}
static void walk_note_dangling(cli *c, const char *path, int err) {
    if (c->verbose) cli_note(c, "%s: symbolic link to nothing readable (%s); skipped.", path, strerror(err));
    c->skipped_links++;
}
static void walk_note_loop(cli *c, const char *dir) {
    cli_note(c, "%s: file system loop (it is an ancestor of itself through a symbolic link); not walked again.", dir);
}

/* bin: -1 probe the file for --binary=skip here, else the parallel walk's probe (1: binary) */
static void walk_file(cli *c, const char *path, const struct stat *st, int via_link, int bin) {
    if (c->max_filesize && (uint64_t)st->st_size > c->max_filesize) {
        c->skipped_large++;
        if (c->verbose) cli_note(c, "%s: %lu bytes, over --max-filesize; skipped.", path, (unsigned long)st->st_size);
        return;
    }
    if (c->binary == BIN_SKIP && (bin < 0 ? looks_binary(path) : bin)) {
        c->skipped_binary++;
        if (c->verbose) cli_note(c, "%s: binary (a NUL byte in its first 8 KiB); skipped (--binary=skip).", path);
        return;
    }
    if (via_link) {
        char *real = realpath(path, NULL);
        add_file(c, path, real ? real : path, 0, st);
        free(real);
    } else {
        add_file(c, path, NULL, 0, st);
    }
}

static void walk_dir(cli *c, const char *dir, const struct stat *dst);

static void walk_file_named(cli *c, const char *arg, int via_link, const struct stat *st) {
    if (via_link) {
        char *real = realpath(arg, NULL);
        add_file(c, arg, real ? real : arg, 0, st);
        free(real);
    } else {
        add_file(c, arg, NULL, 0, st);
    }
}

/* Walks a directory unless it is one of its own ancestors (a loop through -L). */
static void walk_enter(cli *c, const char *dir, const struct stat *st, int push_rules) {
    size_t i;
    for (i = 0; i < c->wdepth; i++)
        if (c->wdev[i] == st->st_dev && c->wino[i] == st->st_ino) {
            walk_note_loop(c, dir);
            return;
        }
    if (c->wdepth == c->wcap) {
        c->wcap = c->wcap ? c->wcap * 2 : 64;
        c->wdev = (dev_t *)xrealloc(c->wdev, xmul(c->wcap, sizeof *c->wdev));
        c->wino = (ino_t *)xrealloc(c->wino, xmul(c->wcap, sizeof *c->wino));
    }
    c->wdev[c->wdepth] = st->st_dev;
    c->wino[c->wdepth] = st->st_ino;
    c->wdepth++;
    if (push_rules) ig_stack_push(&c->ign, dir);
    walk_dir(c, dir, st);
    if (push_rules) ig_stack_pop(&c->ign, 1);
    c->wdepth--;
}

static void walk_dir(cli *c, const char *dir, const struct stat *dst) {
    DIR *d = opendir(dir);
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0, i;
    (void)dst;
    if (!d) {
        walk_err_dir(c, dir, errno);
        return;
    }
    for (;;) {
        errno = 0;
        de = readdir(d);
        if (!de) {
            if (errno) walk_err_readdir(c, dir, errno);
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
        int via_link = 0;
        if (c->walk_stopped) goto next; /* the pipeline has stopped (-q, an error): nothing more is scanned */
        if (lstat(child, &st) != 0) {
            walk_err_entry(c, child, errno);
            goto next;
        }
        if (S_ISLNK(st.st_mode)) {
            if (!c->follow) { c->skipped_links++; goto next; }
            if (stat(child, &st) != 0) {
                walk_note_dangling(c, child, errno);
                goto next;
            }
            via_link = 1;
        }
        if (S_ISDIR(st.st_mode)) {
            if (!walk_skip(c, child, names[i], 1)) walk_enter(c, child, &st, 1);
        } else if (S_ISREG(st.st_mode)) {
            if (!walk_skip(c, child, names[i], 0)) walk_file(c, child, &st, via_link, -1);
        } else {
            c->skipped_special++;
        }
    next:
        free(child);
        free(names[i]);
    }
    free(names);
}

/* ---- the parallel walk (VYRE_CLI_WALK_THREADS > 1) ----
   The same walk as walk_enter/walk_dir, its system calls spread over helper
   threads. A helper lists a directory ahead of the walk: opendir/readdir,
   the byte-wise sort, fstatat(dirfd, name, AT_SYMLINK_NOFOLLOW) of every
   entry (stat of the path for links under -L), the directory's .git/info/
   exclude, .gitignore and .ignore read only when the listing shows them
   (ig_level_dir), --binary=skip's probe, and the decision for every entry
   with the serial code (walk_skip_with over the PATH's ignore levels and
   the listed ancestors' levels, the -L loop check over the ancestors'
   (dev, ino)). Every subdirectory it decides to enter becomes a request for
   the next listing. Those decisions depend only on the directory and its
   ancestors, which are fixed once listed, so listing a subtree never waits
   for the walk to get there. The walk's own thread (the consumer) goes
   through the listings in the serial order: its messages, counters,
   add_file calls and walk_stopped checks are those of walk_dir, in the
   same order, so the output is the same for any number of threads.
   Order of the work: pending requests sit in a heap ordered by DFS position
   (the path compared byte-wise with '/' below every other byte), so helpers
   always list the earliest directory the walk has not reached, and the one
   the walk needs next is the heap's top when nobody has taken it yet: the
   consumer then lists it itself (no waiting on a queue; progress whatever
   the helpers do). Memory: helpers take no new request while the listings
   done and not yet reached hold CLI_WALK_AHEAD entries or more (each of
   the helpers may finish one more), so the read-ahead is bounded; pending
   requests are only directories of listings already read. */
#define CLI_WALK_AHEAD ((size_t)65536)
#define CLI_WALK_MAX_THREADS 256
enum { PW_QUEUED = 0, PW_LISTING, PW_READY, PW_OWNED };

typedef struct pw_node pw_node;
typedef struct pw_ent {
    const char *path, *name;    /* in the listing's blob: the walk path, the entry's name */
    int lerr;                   /* the lstat errno (0: it worked) */
    int serr;                   /* -L, a link: the stat errno (0: it worked) */
    unsigned char islnk, skip, loop, bin;
    mode_t mode;                /* after following a link under -L */
    uint64_t size;
    dev_t dev;
    ino_t ino;
    pw_node *child;             /* a directory to enter (not skipped, not a loop) */
} pw_ent;

struct pw_node {
    char *path;
    pw_node *parent;            /* NULL: the PATH being walked */
    dev_t dev;
    ino_t ino;
    int state;                  /* PW_*, under the pool's lock */
    int oerr, rerr;             /* opendir / readdir errno (0: none) */
    pw_ent *ents;
    size_t n, counted;          /* entries; those counted in ready_ents */
    char *blob;
    ig_level lv;                /* this directory's rules (not for the PATH: its level is on c->ign) */
    pw_node *prev, *next;       /* the pool's list of live nodes */
};

typedef struct pw_pool {
    cli *c;
    pthread_mutex_t mu;
    pthread_cond_t work;        /* helpers: a request or room ahead */
    pthread_cond_t ready;       /* the consumer: a listing is done */
    pw_node **heap;
    size_t nheap, heap_cap;
    size_t ready_ents;          /* entries of listings done by helpers, not yet reached */
    int stop;
    pw_node *live;
    pthread_t th[CLI_WALK_MAX_THREADS];
    size_t nth;
} pw_pool;

/* DFS order of two walk paths below the same PATH: byte-wise, '/' below every other byte */
static int pw_before(const pw_node *a, const pw_node *b) {
    const unsigned char *x = (const unsigned char *)a->path, *y = (const unsigned char *)b->path;
    for (;; x++, y++) {
        unsigned cx = *x == '/' ? 1u : *x ? (unsigned)*x + 2u : 0u, cy = *y == '/' ? 1u : *y ? (unsigned)*y + 2u : 0u;
        if (cx != cy) return cx < cy;
        if (!cx) return 0;
    }
}

static void pw_heap_push(pw_pool *p, pw_node *nd) {
    size_t i;
    if (p->nheap == p->heap_cap) {
        p->heap_cap = p->heap_cap ? p->heap_cap * 2 : 256;
        p->heap = (pw_node **)xrealloc(p->heap, xmul(p->heap_cap, sizeof *p->heap));
    }
    i = p->nheap++;
    while (i > 0 && pw_before(nd, p->heap[(i - 1) / 2])) {
        p->heap[i] = p->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    p->heap[i] = nd;
}

/* removes heap entry k (the top for helpers; for the consumer the top too, searched for safety) */
static void pw_heap_remove(pw_pool *p, size_t k) {
    pw_node *last = p->heap[--p->nheap];
    size_t i = k;
    if (k == p->nheap) return;
    while (i > 0 && pw_before(last, p->heap[(i - 1) / 2])) {
        p->heap[i] = p->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        pw_node *best = last;
        if (l < p->nheap && pw_before(p->heap[l], best)) { m = l; best = p->heap[l]; }
        if (l + 1 < p->nheap && pw_before(p->heap[l + 1], best)) m = l + 1;
        if (m == i) break;
        p->heap[i] = p->heap[m];
        i = m;
    }
    p->heap[i] = last;
}

static pw_node *pw_node_new(pw_node *parent, const char *path, const struct stat *st) {
    pw_node *nd = (pw_node *)xmalloc(sizeof *nd);
    memset(nd, 0, sizeof *nd);
    nd->path = (char *)xmalloc(strlen(path) + 1);
    strcpy(nd->path, path);
    nd->parent = parent;
    nd->dev = st->st_dev;
    nd->ino = st->st_ino;
    return nd;
}

static void pw_node_free(pw_node *nd) {
    ig_level_free(&nd->lv);
    free(nd->ents);
    free(nd->blob);
    free(nd->path);
    free(nd);
}

/* under the lock */
static void pw_link(pw_pool *p, pw_node *nd) {
    nd->prev = NULL;
    nd->next = p->live;
    if (p->live) p->live->prev = nd;
    p->live = nd;
}
static void pw_unlink(pw_pool *p, pw_node *nd) {
    if (nd->prev) nd->prev->next = nd->next;
    else p->live = nd->next;
    if (nd->next) nd->next->prev = nd->prev;
}

/* Lists nd and decides every entry (helpers and the consumer; touches only nd, its new
   children and read-only state: nd's ancestors, c->ign's levels, the options). */
static void pw_list(pw_pool *p, pw_node *nd) {
    cli *c = p->c;
    DIR *d = opendir(nd->path);
    char *names = NULL, **sorted = NULL, *bp;
    size_t nlen = 0, ncap = 0, n = 0, i, dl, total = 0, nmore = 0, k;
    size_t *offs = NULL, ocap = 0;
    unsigned present = 0;
    const ig_level *more_small[64], **more = more_small;
    const pw_node *a;
    int fd;
    struct dirent *de;
    if (!d) { nd->oerr = errno; return; }
    for (;;) {
        size_t l;
        errno = 0;
        de = readdir(d);
        if (!de) { nd->rerr = errno; break; }
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
        l = strlen(de->d_name) + 1;
        if (ncap - nlen < l) {
            ncap = ncap ? ncap * 2 : 4096;
            while (ncap - nlen < l) ncap *= 2;
            names = (char *)xrealloc(names, ncap);
        }
        if (n == ocap) {
            ocap = ocap ? ocap * 2 : 32;
            offs = (size_t *)xrealloc(offs, xmul(ocap, sizeof *offs));
        }
        memcpy(names + nlen, de->d_name, l);
        offs[n++] = nlen;
        nlen += l;
    }
    fd = dirfd(d);
    dl = strlen(nd->path);
    sorted = (char **)xmalloc(xmul(n ? n : 1, sizeof *sorted));
    for (i = 0; i < n; i++) {
        sorted[i] = names + offs[i];
        if (strcmp(sorted[i], ".git") == 0) present |= IG_HAS_GIT;
        else if (strcmp(sorted[i], ".gitignore") == 0) present |= IG_HAS_GITIGNORE;
        else if (strcmp(sorted[i], ".ignore") == 0) present |= IG_HAS_IGNORE;
        total += dl + 2 + strlen(sorted[i]) + 1;
    }
    free(offs);
    if (n) qsort(sorted, n, sizeof *sorted, cmp_names);
    /* this directory's rules, as ig_stack_push reads them (the PATH's own are on c->ign) */
    if (nd->parent) {
        int in_repo = nd->parent->parent ? nd->parent->lv.in_repo : c->ign.lv[c->ign.n - 1].in_repo;
        ig_level_dir(&nd->lv, c->ign.git, c->ign.dot, in_repo, nd->path, present);
    }
    for (a = nd; a->parent; a = a->parent) nmore++;
    if (nmore > sizeof more_small / sizeof more_small[0]) more = (const ig_level **)xmalloc(xmul(nmore, sizeof *more));
    for (a = nd, k = nmore; a->parent; a = a->parent) more[--k] = &a->lv;
    nd->blob = bp = (char *)xmalloc(total ? total : 1);
    nd->ents = (pw_ent *)xmalloc(xmul(n ? n : 1, sizeof *nd->ents));
    nd->n = n;
    for (i = 0; i < n; i++) {
        pw_ent *e = &nd->ents[i];
        size_t ml = strlen(sorted[i]);
        struct stat st;
        int r;
        memset(e, 0, sizeof *e);
        /* the walk path, as join_path makes it */
        e->path = bp;
        memcpy(bp, nd->path, dl);
        bp += dl;
        if (dl > 0 && nd->path[dl - 1] != '/') *bp++ = '/';
        e->name = bp;
        memcpy(bp, sorted[i], ml + 1);
        bp += ml + 1;
        /* lstat(path) as walk_dir; relative to the open directory unless the path is over
           PATH_MAX (then lstat gives walk_dir's ENAMETOOLONG) */
        if (strlen(e->path) >= PATH_MAX) r = lstat(e->path, &st);
        else r = fstatat(fd, e->name, &st, AT_SYMLINK_NOFOLLOW);
        if (r != 0) { e->lerr = errno; continue; }
        if (S_ISLNK(st.st_mode)) {
            e->islnk = 1;
            if (!c->follow) continue;
            if (stat(e->path, &st) != 0) { e->serr = errno; continue; }
        }
        e->mode = st.st_mode;
        e->size = (uint64_t)st.st_size;
        e->dev = st.st_dev;
        e->ino = st.st_ino;
        if (S_ISDIR(st.st_mode)) {
            e->skip = (unsigned char)walk_skip_with(c, more, nmore, e->path, e->name, 1);
            if (e->skip) continue;
            for (a = nd; a; a = a->parent)
                if (a->dev == st.st_dev && a->ino == st.st_ino) break;
            if (a) e->loop = 1;
            else e->child = pw_node_new(nd, e->path, &st);
        } else if (S_ISREG(st.st_mode)) {
            e->skip = (unsigned char)walk_skip_with(c, more, nmore, e->path, e->name, 0);
            if (!e->skip && c->binary == BIN_SKIP && !(c->max_filesize && e->size > c->max_filesize))
                e->bin = (unsigned char)looks_binary(e->path);
        }
    }
    closedir(d);
    if (more != more_small) free((void *)more);
    free(sorted);
    free(names);
}

/* under the lock: nd's listing is done; its subdirectories become requests (last first, so the
   heap's ties never matter: paths differ) */
static void pw_publish(pw_pool *p, pw_node *nd) {
    size_t i = nd->n;
    while (i-- > 0)
        if (nd->ents[i].child) {
            pw_link(p, nd->ents[i].child);
            pw_heap_push(p, nd->ents[i].child);
        }
    pthread_cond_broadcast(&p->work);
}

static void *pw_helper(void *arg) {
    pw_pool *p = (pw_pool *)arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        pw_node *nd;
        while (!p->stop && (p->nheap == 0 || p->ready_ents >= CLI_WALK_AHEAD)) pthread_cond_wait(&p->work, &p->mu);
        if (p->stop) break;
        nd = p->heap[0];
        pw_heap_remove(p, 0);
        nd->state = PW_LISTING;
        pthread_mutex_unlock(&p->mu);
        pw_list(p, nd);
        pthread_mutex_lock(&p->mu);
        nd->state = PW_READY;
        nd->counted = nd->n;
        p->ready_ents += nd->n;
        pw_publish(p, nd);
        pthread_cond_broadcast(&p->ready);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* the consumer: nd (a child of the directory being walked) listed, and its own */
static void pw_take(pw_pool *p, pw_node *nd) {
    pthread_mutex_lock(&p->mu);
    if (nd->state == PW_QUEUED) {
        size_t k = 0;
        while (k < p->nheap && p->heap[k] != nd) k++; /* the top: nothing before it is left */
        pw_heap_remove(p, k);
        nd->state = PW_OWNED;
        pthread_mutex_unlock(&p->mu);
        pw_list(p, nd);
        pthread_mutex_lock(&p->mu);
        pw_publish(p, nd);
        pthread_mutex_unlock(&p->mu);
        return;
    }
    while (nd->state == PW_LISTING) pthread_cond_wait(&p->ready, &p->mu);
    p->ready_ents -= nd->counted;
    nd->counted = 0;
    nd->state = PW_OWNED;
    pthread_cond_broadcast(&p->work); /* room ahead */
    pthread_mutex_unlock(&p->mu);
}

static void pw_file(cli *c, const pw_ent *e, int via_link) {
    struct stat st; /* what add_file reads of the helper's fstatat */
    memset(&st, 0, sizeof st);
    st.st_mode = e->mode;
    st.st_size = (off_t)e->size;
    st.st_dev = e->dev;
    st.st_ino = e->ino;
    walk_file(c, e->path, &st, via_link, e->bin);
}

/* the consumer: walk_dir's loop over a listing (nd owned, listed) */
static void pw_walk(pw_pool *p, pw_node *nd) {
    cli *c = p->c;
    size_t i;
    if (nd->oerr) {
        walk_err_dir(c, nd->path, nd->oerr);
        return;
    }
    if (nd->rerr) walk_err_readdir(c, nd->path, nd->rerr);
    for (i = 0; i < nd->n; i++) {
        const pw_ent *e = &nd->ents[i];
        int via_link = 0;
        if (c->walk_stopped) continue; /* the pipeline has stopped (-q, an error): nothing more is scanned */
        if (e->lerr) {
            walk_err_entry(c, e->path, e->lerr);
            continue;
        }
        if (e->islnk) {
            if (!c->follow) { c->skipped_links++; continue; }
            if (e->serr) {
                walk_note_dangling(c, e->path, e->serr);
                continue;
            }
            via_link = 1;
        }
        if (S_ISDIR(e->mode)) {
            if (e->skip) c->skipped_ignored++;
            else if (e->loop)
                walk_note_loop(c, e->path);
            else {
                pw_take(p, e->child);
                pw_walk(p, e->child);
                if (!c->walk_stopped) { /* stopped: helpers may still read it (freed after they end) */
                    pthread_mutex_lock(&p->mu);
                    pw_unlink(p, e->child);
                    pthread_mutex_unlock(&p->mu);
                    pw_node_free(e->child);
                }
            }
        } else if (S_ISREG(e->mode)) {
            if (e->skip) c->skipped_ignored++;
            else pw_file(c, e, via_link);
        } else {
            c->skipped_special++;
        }
    }
}

/* Walks directory PATH dir (its levels on c->ign) with helpers; 0, or -1 when no helper
   thread could start (the caller walks serially). */
static int pw_run(cli *c, const char *dir, const struct stat *st) {
    pw_pool p;
    pw_node *root;
    size_t i, want = c->walk_threads - 1;
    memset(&p, 0, sizeof p);
    p.c = c;
    if (pthread_mutex_init(&p.mu, NULL) != 0) return -1;
    if (pthread_cond_init(&p.work, NULL) != 0) { pthread_mutex_destroy(&p.mu); return -1; }
    if (pthread_cond_init(&p.ready, NULL) != 0) {
        pthread_cond_destroy(&p.work);
        pthread_mutex_destroy(&p.mu);
        return -1;
    }
    for (i = 0; i < want; i++)
        if (pthread_create(&p.th[p.nth], NULL, pw_helper, &p) == 0) p.nth++;
    if (!p.nth) {
        pthread_cond_destroy(&p.ready);
        pthread_cond_destroy(&p.work);
        pthread_mutex_destroy(&p.mu);
        return -1;
    }
    root = pw_node_new(NULL, dir, st);
    root->state = PW_OWNED;
    pthread_mutex_lock(&p.mu);
    pw_link(&p, root);
    pthread_mutex_unlock(&p.mu);
    pw_list(&p, root);
    pthread_mutex_lock(&p.mu);
    pw_publish(&p, root);
    pthread_mutex_unlock(&p.mu);
    pw_walk(&p, root);
    pthread_mutex_lock(&p.mu);
    p.stop = 1;
    pthread_cond_broadcast(&p.work);
    pthread_mutex_unlock(&p.mu);
    for (i = 0; i < p.nth; i++) pthread_join(p.th[i], NULL);
    /* what is left: the PATH, and after a stop the listings the walk did not reach */
    while (p.live) {
        pw_node *nd = p.live;
        p.live = nd->next;
        pw_node_free(nd);
    }
    free(p.heap);
    pthread_cond_destroy(&p.ready);
    pthread_cond_destroy(&p.work);
    pthread_mutex_destroy(&p.mu);
    return 0;
}

static void walk_arg(cli *c, const char *arg) {
    struct stat st;
    int via_link = 0;
    if (strcmp(arg, "-") == 0) {
        add_file(c, "-", "-", 1, NULL);
        return;
    }
    if (lstat(arg, &st) != 0) {
        cli_ferr(c, "Fix: check the path; name existing files or directories to scan.", "%s: %s.", arg,
                 strerror(errno));
        return;
    }
    if (S_ISLNK(st.st_mode)) {
        /* a PATH named on the command line is followed, as grep -r and rg do */
        if (stat(arg, &st) != 0) {
            cli_ferr(c, "Fix: the symbolic link points nowhere; name its target, or fix the link.",
                     "%s: is a symbolic link to nothing readable: %s.", arg, strerror(errno));
            return;
        }
        via_link = 1;
    }
    if (S_ISDIR(st.st_mode)) {
        size_t levels;
        c->ign.git = !c->no_ignore && c->unrestricted < 1;
        c->ign.dot = c->ign.git;
        c->walk_root = arg;
        levels = ig_stack_start(&c->ign, arg);
        if (c->walk_threads < 2 || pw_run(c, arg, &st) != 0) walk_enter(c, arg, &st, 0);
        ig_stack_pop(&c->ign, levels);
    } else if (S_ISREG(st.st_mode)) {
        if (c->max_filesize && (uint64_t)st.st_size > c->max_filesize) {
            c->skipped_large++;
            cli_note(c, "%s: %lu bytes, over --max-filesize; skipped.", arg, (unsigned long)st.st_size);
            return;
        }
        walk_file_named(c, arg, via_link, &st);
    } else {
        c->skipped_special++;
        cli_note(c, "%s: not a regular file or directory; skipped (use '-' to scan standard input).", arg);
    }
}

/* Standard input is copied to a temporary file when the output needs its
   bytes again (line numbers, matched bytes, -w): the pipeline then scans
   that file (shown as standard input; removed at the end). Not for -c/-l
   without -w (the pipeline reads standard input itself). */
static int spool_stdin(cli *c) {
    size_t i;
    int need = (c->mode == MODE_LINES && (!c->offsets_format || c->json)) || c->word || c->has_max_count, fd;
    char tmpl[4096];
    const char *dir = getenv("TMPDIR");
    uint8_t *b;
    if (!need) return 0;
    for (i = 0; i < c->nfiles; i++)
        if (c->files[i].is_stdin) break;
    if (i == c->nfiles) return 0;
    snprintf(tmpl, sizeof tmpl, "%s/vyre-stdin.XXXXXX", dir && dir[0] ? dir : "/tmp");
    fd = mkstemp(tmpl);
    if (fd < 0) {
        cli_err(c, "Fix: set TMPDIR to a writable directory, or use --format=offsets (no copy needed).",
                "cannot create a temporary file to hold standard input (for line numbers): %s.", strerror(errno));
        return -1;
    }
    snprintf(c->stdin_tmp, sizeof c->stdin_tmp, "%s", tmpl);
    b = (uint8_t *)xmalloc(1 << 20);
    for (;;) {
        size_t got = 0, off = 0;
        int er = read_full(0, b, 1 << 20, &got);
        while (off < got) {
            ssize_t k = write(fd, b + off, got - off);
            if (k < 0 && errno == EINTR) continue;
            if (k <= 0) {
                cli_err(c, "Fix: free space in TMPDIR, or use --format=offsets (no copy needed).",
                        "cannot copy standard input to a temporary file: %s.", strerror(errno));
                free(b);
                close(fd);
                return -1;
            }
            off += (size_t)k;
        }
        if (er) {
            cli_err(c, "Fix: check what feeds standard input.", "cannot read standard input: %s.", strerror(er));
            free(b);
            close(fd);
            return -1;
        }
        if (got < (1 << 20)) break;
    }
    free(b);
    close(fd);
    for (i = 0; i < c->nfiles; i++)
        if (c->files[i].is_stdin) {
            c->files[i].lib_off = c->path_arena.len;
            buf_put(&c->path_arena, c->stdin_tmp, strlen(c->stdin_tmp) + 1);
        }
    return 0;
}

static const char *usage_main =
    "vyre " VYRE_VERSION_STRING " - find many literal patterns in many files, on the GPU or the CPU.\n"
    "\n"
    "Usage:\n"
    "  vyre scan [OPTIONS] [PATH...] scan files and directories (see `vyre scan --help`)\n"
    "  vyre [OPTIONS] [PATH...]      the same: `vyre -i -e akia src/`\n"
    "  vyre --help                   this help\n"
    "  vyre --version                the version, the commit and which backends load here\n"
    "\n"
    "Example:\n"
    "  vyre scan -i -f patterns/gitleaks-keywords.txt samples/\n"
    "\n"
    "Exit status: 0 if anything matched, 1 if nothing did, 2 on any error.\n";

static const char *const usage_scan[] = {
    "Usage: vyre scan [OPTIONS] [PATH...]\n"
    "       vyre [OPTIONS] [PATH...]        (the same: `scan` may be left out)\n"
    "\n"
    "Finds every occurrence of every literal pattern (overlapping ones included) in\n"
    "the files. Directories are walked recursively (-r is the default) in sorted\n"
    "(byte-wise) order, regular files only. PATHs named on the command line are\n"
    "followed when they are symbolic links; links met during the walk are not\n"
    "(-L follows them). .gitignore, .ignore and .git/info/exclude rules are\n"
    "respected and .git directories skipped (--no-ignore, -u, -uu, -uuu). Hidden\n"
    "files are scanned. Every byte of a file is scanned, binary files included\n"
    "(--binary=scan, the default: secrets live in binaries too). PATH '-' reads\n"
    "standard input; with no PATH, standard input is read when it is not a terminal.\n"
    "\n"
    "Patterns:\n"
    "  -e PATTERN, --regexp=PATTERN  add one literal pattern (-F/--fixed-strings: literals are the default)\n"
    "  -f FILE, --file=FILE, --patterns=FILE\n"
    "                            literal patterns, one per line, raw bytes; empty lines are skipped;\n"
    "                            '-f -' reads them from standard input; pattern ids are 0-based over\n"
    "                            the non-empty lines of all -f files in order, then -e patterns\n"
    "  --comments                skip -f lines starting with '#'\n"
    "  --no-warnings             do not warn about -f lines that look like a regex or a comment\n"
    "  -E, --extended-regexp     the -e/-f patterns are regexes (RE2/Go syntax on bytes; docs/regex.md):\n"
    "                            every end of a match with its leftmost start (Hyperscan's semantics)\n"
    "  --leftmost-first          with -E: non-overlapping leftmost-first matches (RE2, Go FindAllIndex);\n"
    "                            --json adds \"groups\":[[start,end],...] (null: group not taken)\n"
    "  -i, --ignore-case         ASCII case-insensitive matching\n"
    "  -w, --word-regexp         only matches with a non-word byte (or the file edge) on both sides;\n"
    "                            word bytes are ASCII letters, digits and '_'\n"
    "  -m NUM, --max-count=NUM   stop a file after NUM matching lines (as grep and rg): the matches of its\n"
    "                            first NUM lines with a match are reported (-c counts those)\n"
    "\n"
    "Output:\n"
    "  (default)                 PATH:LINE:COLUMN:MATCH per match, as rg --no-heading -H -n --column -o\n"
    "  -n, --line-number, --column, -o, --only-matching, -H, --with-filename\n"
    "                            accepted; that is the default output (one line per match, the matched bytes only)\n"
    "  -h, --no-filename         leave out PATH: in match lines\n"
    "  -b, --byte-offset         PATH:LINE:COLUMN:OFFSET:MATCH (OFFSET: 0-based byte offset of the match)\n"
    "  --format=FORMAT           lines (the default) or offsets: PATH:START-END:ID:PATTERN\n"
    "  --json                    one JSON object per line (with -c and -l too)\n"
    "  -l, --files-with-matches  print the paths of files with at least one match\n"
    "  -c, --count               print PATH:COUNT for each file\n"
    "  -0, --null                with -l: end paths with NUL; with -c: PATH NUL COUNT; paths exact\n"
    "  -q, --quiet               print nothing; exit 0 at the first match\n"
    "  -s, --no-messages         do not print errors about unreadable files (the exit status still says 2)\n"
    "  --color=WHEN, --colour=WHEN  auto (default: on a terminal, unless NO_COLOR is set), always, never\n"
    "  --line-buffered           flush after every line (default: after every file on a terminal or a\n"
    "                            pipe); with standard input alone: a log filter, each line scanned as it\n"
    "                            arrives (one engine job per line) and its matches printed at once\n"
    "  --stats                   one summary line on stderr: files, bytes, matches, backend, time, GB/s\n"
    "  -v, --verbose             say which backend was picked, skipped files, and statistics, on stderr\n"
    "\n",
    "Which files:\n"
    "  -r, --recursive           accepted (directories are always walked)\n"
    "  -L, --follow              follow symbolic links during the walk (loops are detected and reported)\n"
    "  --no-ignore               do not read .gitignore/.ignore/.git/info/exclude; walk .git directories\n"
    "  -u, --unrestricted        -u: as --no-ignore but .git still skipped; -uu: .git walked too;\n"
    "                            -uuu: also --binary=scan\n"
    "  -g GLOB, --glob=GLOB      scan only files matching GLOB; !GLOB excludes (gitignore syntax, matched\n"
    "                            relative to the current directory as rg does; wins over the ignore files;\n"
    "                            repeatable; PATHs named on the command line are never filtered)\n"
    "  --max-filesize=SIZE       skip files larger than SIZE bytes (K, M, G suffixes)\n"
    "  --binary=MODE             scan (default) or skip: leave out files found in the walk that have a NUL\n"
    "                            byte in their first 8 KiB (files named on the command line are scanned)\n"
    "\n"
    "  --max-dfa-bytes=SIZE      budget of the pattern automaton (default 1G); a set over it compiles to\n"
    "                            the BIG form instead (large literal sets; every backend runs it)\n"
    "  --backend=NAME            auto (default: CUDA if a GPU is present, else an OpenCL GPU, else cpu), cpu, opencl, cuda\n"
    "  --devices=all|0,1,...     with --backend=cuda or opencl: the GPUs to spread the files over (default all; -v\n"
    "                            shows the bytes each scanned)\n"
    "  --help                    this help\n"
    "\n"
    "Secret scanning with gitleaks rule files (docs/rules.md; exit 1 leaks, 0 none, 2 errors):\n"
    "  --rules=FILE|default      scan with a gitleaks TOML rule file (default: the bundled gitleaks rules)\n"
    "  --report-format=FORMAT    text (default), json or sarif (gitleaks' report fields)\n"
    "  --report-path=FILE        write the report to FILE (default: standard output)\n"
    "  --redact                  REDACTED in place of secrets\n"
    "  --max-decode-depth=N      decoding passes (base64, hex, percent, unicode) as gitleaks' flag; default 5, 0: none\n"
    "\n",
    "Match lines: LINE is the 1-based line number of the match start (lines end at\n"
    "\\n; CRLF counts as one line end), COLUMN its 1-based byte column, MATCH the\n"
    "matched bytes (with -i: as they are in the file): printable ASCII as is, a\n"
    "backslash as \\\\ and every other byte as \\xHH. Control bytes in paths are shown\n"
    "as \\xHH. With --format=offsets: PATH:START-END:ID:PATTERN, START and END byte\n"
    "offsets (END exclusive), ID the pattern id, PATTERN the pattern as given. Files\n"
    "are reported in walk order, matches sorted by (START, END, ID) within a file;\n"
    "overlapping matches are all reported. -c prints a line for every file scanned,\n"
    "PATH:0 included. --json: {\"path\",\"pattern\":ID,\"start\",\"end\",\"line\",\n"
    "\"column\",\"pattern_text\",\"match\"} per match (\"match_hex\" when the match is not\n"
    "valid UTF-8), {\"path\",\"count\"} with -c, {\"path\"} with -l; paths that are not\n"
    "valid UTF-8 have each bad byte shown as \\ufffd and an extra member\n"
    "\"path_hex\" with the exact path bytes.\n"
    "\n"
    "Pattern files: the trailing \\n of each line and a \\r before it are removed;\n",
    "everything else, NUL and bytes >= 0x80 included, is part of the pattern (as\n"
    "grep -F and rg -F take it). A line over 65535 bytes is an error naming it.\n"
    "\n"
    "Exit status (as grep): 0 if anything matched, 1 if nothing did, 2 on any error\n"
    "(an unreadable file is reported by name on stderr and the other files are still\n"
    "scanned; with -q a match gives 0 even after an error). A backend named with\n"
    "--backend that is unavailable is an error, never a silent fallback.\n"
    "\n"
    "Environment: NO_COLOR (no colour with --color=auto), TMPDIR (where standard\n"
    "input is copied for line numbers), VYRE_CLI_CHUNK (chunk size for large files,\n"
    "default 4M), VYRE_CLI_SMALL (files smaller than this are batched, default 1M),\n"
    "VYRE_CLI_BATCH (batch buffer, default 4M), VYRE_CLI_THREADS (reader threads,\n"
    "default: one per CPU, at most 8 with --backend=cuda|opencl),\n"
    "VYRE_CLI_WALK_THREADS (threads that list directories in the walk, 1 to 256;\n"
    "1: one thread; default: one per CPU, at most 4; the output is the same for any\n"
    "count), VYRE_CLI_PROGRESS (auto, always, never: the progress line on a\n"
    "terminal for scans longer than a second), VYRE_CLI_AUTO_GPU_BYTES\n"
    "(--backend=auto starts a GPU only once the walk has found this many bytes;\n"
    "default 128M per reader thread, 0 = always), VYRE_CLI_MMAP (auto: CPU threads\n"
    "scan large files mapped, in place; never: read them like the rest).\n",
    NULL};
static void print_usage_scan(void) {
    size_t i;
    for (i = 0; usage_scan[i]; i++) fputs(usage_scan[i], stdout);
}

static void usage_error(const char *fix, const char *fmt, const char *arg) {
    fputs("vyre: ", stderr);
    fprintf(stderr, fmt, arg);
    fputc(' ', stderr);
    fputs(fix, stderr);
    fputc('\n', stderr);
}

static int set_mode(cli *c, int mode, const char *opt) {
    if (c->mode != MODE_LINES && c->mode != mode) {
        fprintf(stderr, "vyre: options %s and %s cannot be used together. Fix: pick one output mode: -l or -c (or "
                        "none for match lines); --json goes with any of them.\n",
                c->mode_opt, opt);
        return -1;
    }
    c->mode = mode;
    snprintf(c->mode_opt, sizeof c->mode_opt, "%s", opt);
    return 0;
}

/* --devices=all or a comma list of ordinals (at most 64, each below 64) */
static int check_devices(const char *v) {
    const char *p = v;
    unsigned n = 0;
    if (strcmp(v, "all") == 0) return 0;
    for (;;) {
        char *end;
        unsigned long x;
        if (*p < '0' || *p > '9') break;
        x = strtoul(p, &end, 10);
        if (x >= 64 || ++n > 64) break;
        p = end;
        if (*p == 0) return 0;
        if (*p != ',') break;
        p++;
    }
    usage_error("Fix: use --devices=all or a comma list of device ordinals such as --devices=0,1 (each below 64).",
                "--devices='%s' is not 'all' or a list of ordinals.", v);
    return -1;
}
static int check_backend_name(const char *name) {
    static const char *const names[] = {"auto", "cpu", "opencl", "cuda", NULL};
    const char *near;
    if (strcmp(name, "auto") == 0 || strcmp(name, "cpu") == 0 || strcmp(name, "opencl") == 0 ||
        strcmp(name, "cuda") == 0)
        return 0;
    near = cli_nearest(name, names);
    if (near) fprintf(stderr, "vyre: unknown backend '%s'. Fix: did you mean --backend=%s?\n", name, near);
    else
        usage_error("Fix: use --backend=auto, --backend=cpu, --backend=opencl or --backend=cuda.",
                    "unknown backend '%s'.", name);
    return -1;
}

/* SIZE with an optional K, M or G suffix (binary). */
static int parse_size(const char *s, uint64_t *out) {
    uint64_t v = 0, mul = 1;
    const char *p;
    for (p = s; *p >= '0' && *p <= '9'; p++) {
        if (v > (UINT64_MAX - 9) / 10) return -1;
        v = v * 10 + (uint64_t)(*p - '0');
    }
    if (p == s) return -1;
    if (*p == 'K' || *p == 'k') { mul = 1u << 10; p++; }
    else if (*p == 'M' || *p == 'm') { mul = 1u << 20; p++; }
    else if (*p == 'G' || *p == 'g') { mul = 1u << 30; p++; }
    if (*p || v > UINT64_MAX / mul) return -1;
    *out = v * mul;
    return 0;
}

enum {
    O_FILE = 1, O_REGEXP, O_ICASE, O_BACKEND, O_JSON, O_LIST, O_COUNT, O_VERBOSE, O_HELP, O_NOOP, O_NOFILENAME,
    O_BYTEOFF, O_FORMAT, O_COLOR, O_QUIET, O_NOMSG, O_WORD, O_MAXCOUNT, O_FOLLOW, O_NOIGNORE, O_UNRESTRICTED,
    O_GLOB, O_MAXFILESIZE, O_MAXDFA, O_BINARY, O_NULL, O_LINEBUF, O_STATS, O_COMMENTS, O_NOWARN, O_DEVICES,
    O_EXTENDED, O_LEFTMOST
};
static const cli_opt scan_opts[] = {
    {O_FILE, 'f', {"file", "patterns", NULL}, OPT_REQ},
    {O_REGEXP, 'e', {"regexp", NULL, NULL}, OPT_REQ},
    {O_ICASE, 'i', {"ignore-case", NULL, NULL}, OPT_NONE},
    {O_BACKEND, 0, {"backend", NULL, NULL}, OPT_REQ},
    {O_DEVICES, 0, {"devices", NULL, NULL}, OPT_REQ},
    {O_JSON, 0, {"json", NULL, NULL}, OPT_NONE},
    {O_LIST, 'l', {"files-with-matches", NULL, NULL}, OPT_NONE},
    {O_COUNT, 'c', {"count", NULL, NULL}, OPT_NONE},
    {O_VERBOSE, 'v', {"verbose", NULL, NULL}, OPT_NONE},
    {O_HELP, 0, {"help", NULL, NULL}, OPT_NONE},
    {O_NOOP, 'n', {"line-number", "column", NULL}, OPT_NONE},
    {O_NOOP, 'o', {"only-matching", NULL, NULL}, OPT_NONE},
    {O_NOOP, 'H', {"with-filename", NULL, NULL}, OPT_NONE},
    {O_NOOP, 'r', {"recursive", NULL, NULL}, OPT_NONE},
    {O_NOOP, 'F', {"fixed-strings", NULL, NULL}, OPT_NONE},
    {O_NOFILENAME, 'h', {"no-filename", NULL, NULL}, OPT_NONE},
    {O_BYTEOFF, 'b', {"byte-offset", NULL, NULL}, OPT_NONE},
    {O_FORMAT, 0, {"format", NULL, NULL}, OPT_REQ},
    {O_COLOR, 0, {"color", "colour", NULL}, OPT_REQ},
    {O_QUIET, 'q', {"quiet", "silent", NULL}, OPT_NONE},
    {O_NOMSG, 's', {"no-messages", NULL, NULL}, OPT_NONE},
    {O_WORD, 'w', {"word-regexp", NULL, NULL}, OPT_NONE},
    {O_MAXCOUNT, 'm', {"max-count", NULL, NULL}, OPT_REQ},
    {O_FOLLOW, 'L', {"follow", NULL, NULL}, OPT_NONE},
    {O_NOIGNORE, 0, {"no-ignore", NULL, NULL}, OPT_NONE},
    {O_UNRESTRICTED, 'u', {"unrestricted", NULL, NULL}, OPT_NONE},
    {O_GLOB, 'g', {"glob", NULL, NULL}, OPT_REQ},
    {O_MAXFILESIZE, 0, {"max-filesize", NULL, NULL}, OPT_REQ},
    {O_MAXDFA, 0, {"max-dfa-bytes", NULL, NULL}, OPT_REQ},
    {O_BINARY, 0, {"binary", NULL, NULL}, OPT_REQ},
    {O_NULL, '0', {"null", NULL, NULL}, OPT_NONE},
    {O_LINEBUF, 0, {"line-buffered", NULL, NULL}, OPT_NONE},
    {O_STATS, 0, {"stats", NULL, NULL}, OPT_NONE},
    {O_COMMENTS, 0, {"comments", NULL, NULL}, OPT_NONE},
    {O_NOWARN, 0, {"no-warnings", NULL, NULL}, OPT_NONE},
    {O_EXTENDED, 'E', {"extended-regexp", NULL, NULL}, OPT_NONE},
    {O_LEFTMOST, 0, {"leftmost-first", NULL, NULL}, OPT_NONE},
};

/* Returns 0 to go on, or an exit status + 1 (help exits 0 → returns 1). */
static int parse_scan_args(cli *c, int argc, char **argv) {
    cli_optparse p;
    size_t n = (size_t)argc;
    const char *val, *color = "auto";
    int id;
    c->pattern_files = (const char **)xmalloc(xmul(n + 1, sizeof *c->pattern_files));
    c->inline_patterns = (const char **)xmalloc(xmul(n + 1, sizeof *c->inline_patterns));
    c->paths = (const char **)xmalloc(xmul(n + 1, sizeof *c->paths));
    cli_opt_init(&p, scan_opts, sizeof scan_opts / sizeof scan_opts[0], argc, argv);
    while ((id = cli_opt_next(&p, &val)) != -2) {
        switch (id) {
        case -1: fprintf(stderr, "vyre: %s\n", p.err); return CLI_EXIT_TROUBLE + 1;
        case 0: c->paths[c->npaths++] = val; break;
        case O_FILE:
            if (!val[0]) {
                usage_error("Fix: write -f FILE with a file name ('-' for standard input).", "option '%s' has an empty file name.", p.opt_text);
                return CLI_EXIT_TROUBLE + 1;
            }
            c->pattern_files[c->npattern_files++] = val;
            break;
        case O_REGEXP: c->inline_patterns[c->ninline++] = val; break;
        case O_EXTENDED: c->regex = 1; break;
        case O_LEFTMOST: c->leftmost = 1; break;
        case O_ICASE: c->ignore_case = 1; break;
        case O_BACKEND: if (check_backend_name(val) != 0) return CLI_EXIT_TROUBLE + 1; c->backend_name = val; break;
        case O_DEVICES: if (check_devices(val) != 0) return CLI_EXIT_TROUBLE + 1; c->devices = val; break;
        case O_JSON: c->json = 1; break;
        case O_LIST: if (set_mode(c, MODE_LIST, p.opt_text)) return CLI_EXIT_TROUBLE + 1; break;
        case O_COUNT: if (set_mode(c, MODE_COUNT, p.opt_text)) return CLI_EXIT_TROUBLE + 1; break;
        case O_VERBOSE: c->verbose = 1; break;
        case O_HELP: print_usage_scan(); return 1;
        case O_NOOP: break;
        case O_NOFILENAME: c->no_filename = 1; break;
        case O_BYTEOFF: c->byte_offset = 1; break;
        case O_FORMAT:
            if (strcmp(val, "lines") == 0) c->offsets_format = 0;
            else if (strcmp(val, "offsets") == 0) c->offsets_format = 1;
            else { usage_error("Fix: use --format=lines or --format=offsets.", "unknown format '%s'.", val); return CLI_EXIT_TROUBLE + 1; }
            break;
        case O_COLOR:
            if (strcmp(val, "auto") && strcmp(val, "always") && strcmp(val, "never")) {
                usage_error("Fix: use --color=auto, --color=always or --color=never.", "unknown --color value '%s'.", val);
                return CLI_EXIT_TROUBLE + 1;
            }
            color = val;
            break;
        case O_QUIET: c->quiet = 1; break;
        case O_NOMSG: c->no_messages = 1; break;
        case O_WORD: c->word = 1; break;
        case O_MAXCOUNT: {
            uint64_t v;
            const char *q;
            for (q = val; *q >= '0' && *q <= '9'; q++) {}
            if (!val[0] || *q || parse_size(val, &v) != 0) {
                usage_error("Fix: write -m NUM with a whole number, e.g. -m 1.", "-m/--max-count needs a number, not '%s'.", val);
                return CLI_EXIT_TROUBLE + 1;
            }
            c->max_count = v;
            c->has_max_count = 1;
            break;
        }
        case O_FOLLOW: c->follow = 1; break;
        case O_NOIGNORE: c->no_ignore = 1; break;
        case O_UNRESTRICTED: c->unrestricted++; break;
        case O_GLOB:
            if (!val[0] || strcmp(val, "!") == 0) {
                usage_error("Fix: write -g GLOB, e.g. -g '*.py' or -g '!vendor/'.", "option '%s' needs a non-empty glob.", p.opt_text);
                return CLI_EXIT_TROUBLE + 1;
            }
            if (ig_globs_add(&c->globs, val) != 0) oom_exit(strlen(val));
            break;
        case O_MAXFILESIZE:
            if (parse_size(val, &c->max_filesize) != 0) {
                usage_error("Fix: write --max-filesize=SIZE, a number of bytes with an optional K, M or G suffix.",
                            "--max-filesize: '%s' is not a size.", val);
                return CLI_EXIT_TROUBLE + 1;
            }
            break;
        case O_MAXDFA:
            if (parse_size(val, &c->max_dfa_bytes) != 0 || c->max_dfa_bytes == 0) {
                usage_error("Fix: write --max-dfa-bytes=SIZE, e.g. --max-dfa-bytes=4G.", "--max-dfa-bytes: '%s' is not a size.", val);
                return CLI_EXIT_TROUBLE + 1;
            }
            break;
        case O_BINARY:
            if (strcmp(val, "scan") == 0) c->binary = BIN_SCAN;
            else if (strcmp(val, "skip") == 0) c->binary = BIN_SKIP;
            else { usage_error("Fix: use --binary=scan (the default) or --binary=skip.", "unknown --binary value '%s'.", val); return CLI_EXIT_TROUBLE + 1; }
            break;
        case O_NULL: c->null_sep = 1; break;
        case O_LINEBUF: c->line_buffered = 1; break;
        case O_STATS: c->stats = 1; break;
        case O_COMMENTS: c->comments = 1; break;
        case O_NOWARN: c->no_warnings = 1; break;
        default: break;
        }
    }
    if (c->unrestricted >= 3) c->binary = BIN_SCAN;
    if (strcmp(color, "always") == 0) c->color = 1;
    else if (strcmp(color, "never") == 0) c->color = 0;
    else c->color = isatty(1) && !(getenv("NO_COLOR") && getenv("NO_COLOR")[0]);
    if (c->npattern_files + c->ninline == 0) {
        fputs("vyre: no patterns given. Fix: pass -f FILE (one pattern per line) or -e PATTERN.\n", stderr);
        return CLI_EXIT_TROUBLE + 1;
    }
    if (c->npaths == 0) {
        size_t i;
        int pat_stdin = 0;
        for (i = 0; i < c->npattern_files; i++)
            if (strcmp(c->pattern_files[i], "-") == 0) pat_stdin = 1;
        if (isatty(0) || pat_stdin) {
            fputs("vyre: no PATH given. Fix: name at least one file or directory to scan (or '-' for standard input), "
                  "e.g. vyre scan -f patterns.txt src/\n",
                  stderr);
            return CLI_EXIT_TROUBLE + 1;
        }
        c->paths[c->npaths++] = "-";
    }
    return 0;
}

static void cli_free(cli *c) {
    size_t i;
    if (c->ing) vyre_ingest_destroy(c->ing);
    if (c->gpu) vyre_backend_destroy(c->gpu);
    while (c->nxgpu) vyre_backend_destroy(c->xgpu[--c->nxgpu]);
    if (c->set) vyre_literal_set_free(c->set);
    vyre_regex_set_free(c->rs);
    free(c->groups_m); free(c->groups_g);
    if (c->pfiles)
        for (i = 0; i < c->npattern_files; i++) pf_free(&c->pfiles[i]);
    free(c->pfiles);
    ig_globs_free(&c->globs);
    ig_stack_free(&c->ign);
    if (c->src_fd >= 0) close(c->src_fd);
    if (c->stdin_tmp[0]) unlink(c->stdin_tmp);
    free(c->cur);
    free(c->scratch);
    free(c->wdev);
    free(c->wino);
    free(c->json_tmp.data);
    if (c->pat_display)
        for (i = 0; i < c->npats; i++) free(c->pat_display[i]);
    free(c->pat_display);
    free(c->files);
    free((void *)c->lib_paths);
    free(c->path_arena.data);
    free(c->cur_name);
    free(c->pats);
    free((void *)c->pattern_files);
    free((void *)c->inline_patterns);
    free((void *)c->paths);
    free(c->json_path.data);
    free(c->json_hex.data);
}

/* waits for the background backend thread (if any) */
/* -v: what the walk skipped */
static void walk_notes(cli *c) {
    if (c->verbose && (c->skipped_links || c->skipped_special))
        cli_note(c, "skipped %lu symbolic links and %lu special files (not followed or read).",
                 (unsigned long)c->skipped_links, (unsigned long)c->skipped_special);
    if (c->verbose && (c->skipped_ignored || c->skipped_binary || c->skipped_large))
        cli_note(c, "skipped %lu ignored entries (.gitignore/.ignore/-g/.git), %lu binary files, %lu files over --max-filesize.",
                 (unsigned long)c->skipped_ignored, (unsigned long)c->skipped_binary, (unsigned long)c->skipped_large);
}

/* the pipeline's thread while the walk feeds it (the output callbacks run here) */
static void *run_main(void *arg) {
    cli *c = (cli *)arg;
    memset(&c->run_err, 0, sizeof c->run_err);
    c->run_rc = vyre_ingest_run(c->ing, &c->run_err);
    return NULL;
}

/* GPUs the NVIDIA driver lists in /proc/driver/nvidia/gpus (-1: not readable) */
static int proc_nvidia_gpus(void) {
    DIR *d = opendir("/proc/driver/nvidia/gpus");
    struct dirent *de;
    int n = 0;
    if (!d) return -1;
    while ((de = readdir(d)) != NULL)
        if (de->d_name[0] != '.') n++;
    closedir(d);
    return n;
}

static void bg_join(cli *c) {
    pthread_mutex_lock(&c->bg_mu);
    c->walk_done = 1; /* auto's decision waits for the walk: whatever happened, it is over */
    pthread_mutex_unlock(&c->bg_mu);
    if (c->bg_started) {
        pthread_join(c->bg, NULL);
        c->bg_started = 0;
    }
}

/* ------------------------------------------------------------------ */
/* --line-buffered on standard input: a log filter through the engine   */
/* ------------------------------------------------------------------ */
/* `vyre scan --line-buffered [-]` with match-line output (default, -b,
   --format=offsets, --json) and standard input as the only PATH: every line
   (with its '\n') is one job of the persistent engine (vyre.h >>engine);
   the lines of one read() are submitted together, then collected in order
   and printed (and flushed) before the next read blocks, so a line's matches
   appear while the input stays open. Offsets, line numbers and columns are
   positions in the stream, as when the same bytes are scanned as a file; a
   match spanning a '\n' is not found (a job is a line; a pattern with a
   '\n' before its last byte gets a warning). A line longer than the job
   size is cut into pieces that overlap by the longest pattern minus one;
   piece k reports the matches that start before piece k+1 does, so each
   match is reported once and in order. */
#define CLI_LF_JOB_BYTES ((uint32_t)1 << 20)
#define CLI_LF_MAX_JOBS 64u

typedef struct cli_lf_job {
    vyre_job job;
    uint64_t lo, hi;          /* stream offsets: the job's first byte; report starts < hi */
    uint64_t line, line_start;
} cli_lf_job;

static int u64_cmp(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static double lf_pct(uint64_t *v, size_t n, double p) {
    size_t i;
    if (!n) return 0.0;
    i = (size_t)(p * (double)(n - 1) + 0.5);
    return (double)v[i] / 1e3;
}

static int run_lines_filter(cli *c) {
    const char *name = c->backend_name ? c->backend_name : "auto";
    vyre_backend *be = NULL;
    vyre_engine *eng = NULL;
    vyre_engine_set es;
    vyre_engine_desc ed;
    vyre_engine_stats est;
    vyre_literal_set_info info;
    vyre_error e;
    vyre_result r;
    uint8_t *buf = NULL;
    size_t blen = 0, bcap = 0, nq = 0, mcap = 256, nlat = 0, latcap = 0, i;
    uint64_t base = 0, js = 0, ls = 0, ln = 1, lines_seen = 0, jobs = 0, bytes = 0;
    uint64_t mlines = 0, mline = 0, *lat = NULL, *plat = NULL;
    uint32_t maxjob = CLI_LF_JOB_BYTES, ov;
    cli_lf_job q[CLI_LF_MAX_JOBS];
    vyre_engine_job_desc jd[CLI_LF_MAX_JOBS];
    size_t nq0;
    vyre_match *mb = (vyre_match *)xmalloc(mcap * sizeof *mb);
    int eof = 0, done = 0, failed = 0;
    struct sigaction sa, old_sa;
    memset(&e, 0, sizeof e);
    memset(&info, 0, sizeof info);
    vyre_literal_set_get_info(c->set, &info);
    ov = info.max_len ? info.max_len - 1 : 0;
    if (strcmp(name, "cuda") == 0) r = vyre_cuda_backend_create(NULL, &be, &e);
    else if (strcmp(name, "opencl") == 0) {
        vyre_ocl_desc od;
        memset(&od, 0, sizeof od);
        od.select = VYRE_OCL_SELECT_AUTO;
        r = vyre_ocl_backend_create(&od, &be, &e);
    } else r = vyre_cpu_backend_create(NULL, &be, &e); /* auto: a log filter wants latency, not a GPU start-up */
    if (r != VYRE_OK) {
        char what[64];
        snprintf(what, sizeof what, "--backend=%s is unavailable", name);
        cli_verr(c, what, &e);
        cli_note(c, "hint: --backend=cpu filters on the CPU.");
        free(mb);
        return CLI_EXIT_TROUBLE;
    }
    memset(&es, 0, sizeof es);
    es.literal = c->set;
    memset(&ed, 0, sizeof ed);
    ed.mode = VYRE_ENGINE_AUTO;
    ed.sets = &es;
    ed.set_count = 1;
    ed.max_jobs = CLI_LF_MAX_JOBS;
    ed.max_job_bytes = maxjob;
    memset(&e, 0, sizeof e);
    r = vyre_engine_create(be, &ed, &eng, &e);
    if (r != VYRE_OK) {
        cli_verr(c, "starting the engine for --line-buffered standard input", &e);
        vyre_backend_destroy(be);
        free(mb);
        return CLI_EXIT_TROUBLE;
    }
    if (c->verbose) {
        memset(&est, 0, sizeof est);
        vyre_engine_get_stats(eng, &est, &e);
        cli_note(c, "--line-buffered standard input: one engine job per line on backend %s, %s path (%s), %u consumers.",
                 vyre_backend_id(be), est.path == VYRE_ENGINE_PATH_PERSISTENT ? "persistent" : "batched", est.path_reason,
                 (unsigned)est.consumers);
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_sa);
    bcap = (size_t)maxjob * 2 + 65536;
    buf = (uint8_t *)xmalloc(bcap);
    while (!done && !failed && !cli_interrupted) {
        ssize_t k;
        if (!eof) {
            if (blen == bcap) {
                bcap *= 2;
                buf = (uint8_t *)xrealloc(buf, bcap);
            }
            k = read(0, buf + blen, bcap - blen);
            if (k < 0) {
                if (errno == EINTR) continue;
                cli_err(c, "Fix: check what feeds standard input.", "cannot read standard input: %s.", strerror(errno));
                break;
            }
            if (k == 0) eof = 1;
            blen += (size_t)k;
            bytes += (uint64_t)k;
        }
        /* cut the jobs that the bytes read so far allow, then submit them with one call (the
           ring's shared lines paid once per read, not once per line); every earlier job was
           collected, so the group fits (CLI_LF_MAX_JOBS = the engine's max_jobs) */
        nq0 = nq;
        for (;;) {
            uint64_t end = base + blen, avail = end - js, take, hi;
            const uint8_t *nl;
            size_t look = (size_t)(avail < maxjob ? avail : maxjob);
            cli_lf_job *jb;
            int line_end = 0;
            if (avail == 0) break;
            nl = (const uint8_t *)memchr(buf + (js - base), '\n', look);
            if (nl) { take = (uint64_t)(nl - (buf + (js - base))) + 1; hi = js + take; line_end = 1; }
            else if (avail > maxjob) { take = maxjob; hi = js + take - ov; } /* a long line: the next piece starts at hi */
            else if (eof) { take = avail; hi = js + take; line_end = 1; }
            else break;
            if (nq == CLI_LF_MAX_JOBS) break; /* collect first */
            jb = &q[nq];
            jd[nq].rule_set_id = 0;
            jd[nq].data = buf + (js - base);
            jd[nq].len = (size_t)take;
            jd[nq].user_tag = jobs;
            jb->lo = js;
            jb->hi = line_end ? UINT64_MAX : hi;
            jb->line = ln;
            jb->line_start = ls;
            nq++;
            jobs++;
            if (line_end) { js += take; ls = js; ln++; lines_seen++; }
            else js = hi;
        }
        if (nq > nq0) {
            vyre_job hs[CLI_LF_MAX_JOBS];
            memset(&e, 0, sizeof e);
            r = vyre_engine_submit_many(eng, jd + nq0, nq - nq0, hs, &e);
            if (r != VYRE_OK) { cli_verr(c, "submitting lines to the engine", &e); failed = 1; nq = nq0; }
            else for (i = nq0; i < nq; i++) q[i].job = hs[i - nq0];
        }
        /* collect in order, print, flush */
        for (i = 0; i < nq; i++) {
            size_t cnt = 0, j;
            vyre_job_info ji;
            uint64_t now;
            memset(&e, 0, sizeof e);
            r = vyre_engine_wait(eng, q[i].job, 0, mb, mcap, &cnt, &ji, &e);
            if (r == VYRE_ERR_MATCH_CAPACITY) {
                mcap = cnt;
                mb = (vyre_match *)xrealloc(mb, xmul(mcap, sizeof *mb));
                r = vyre_engine_wait(eng, q[i].job, 0, mb, mcap, &cnt, &ji, &e);
            }
            if (r != VYRE_OK) { cli_verr(c, "waiting for a line's results", &e); failed = 1; break; }
            if (nlat == latcap) {
                latcap = latcap ? latcap * 2 : 1024;
                lat = (uint64_t *)xrealloc(lat, xmul(latcap, sizeof *lat));
                plat = (uint64_t *)xrealloc(plat, xmul(latcap, sizeof *plat));
            }
            now = vyre_now_ns();
            lat[nlat] = ji.complete_ns > ji.submit_ns ? ji.complete_ns - ji.submit_ns : 0;
            plat[nlat] = now > ji.submit_ns ? now - ji.submit_ns : 0;
            nlat++;
            for (j = 0; j < cnt && !done; j++) {
                vyre_match m = mb[j];
                uint64_t s = q[i].lo + m.start, en = q[i].lo + m.end;
                const uint8_t *p = buf + (s - base);
                if (s >= q[i].hi) continue; /* the next piece reports it */
                if (c->word) {
                    if (s > base && is_word_byte(p[-1])) continue;
                    if (en < base + blen && is_word_byte(buf[en - base])) continue;
                }
                if (c->has_max_count) {
                    if (q[i].line != mline) {
                        if (mlines >= c->max_count) { done = 1; break; }
                        mlines++;
                        mline = q[i].line;
                    }
                }
                c->any_match = 1;
                c->stat_matches++;
                if (c->quiet) { done = 1; break; }
                m.start = s;
                m.end = en;
                emit_match_at(c, CLI_STDIN_NAME, 1, &m, q[i].line, s - q[i].line_start + 1, p, (size_t)(en - s));
            }
            if (c->has_max_count && mlines >= c->max_count && c->max_count == 0) done = 1;
        }
        nq = 0;
        fflush(stdout);
        if (failed) break;
        if (eof && js == base + blen) break;
        /* keep the byte before the next job (-w) and the job's bytes */
        if (js - base > 1) {
            size_t drop = (size_t)(js - base - 1);
            memmove(buf, buf + drop, blen - drop);
            blen -= drop;
            base += drop;
        }
    }
    sigaction(SIGINT, &old_sa, NULL);
    if (c->verbose || c->stats) {
        memset(&est, 0, sizeof est);
        vyre_engine_get_stats(eng, &est, &e);
    }
    if (c->verbose) {
        qsort(lat, nlat, sizeof *lat, u64_cmp);
        qsort(plat, nlat, sizeof *plat, u64_cmp);
        cli_note(c, "%lu lines, %lu jobs, %lu bytes; latency submit to result: p50 %.1f us, p99 %.1f us, max %.1f us; "
                    "submit to printed: p50 %.1f us, p99 %.1f us; %lu engine dispatches, %lu overflow rescans.",
                 (unsigned long)lines_seen, (unsigned long)jobs, (unsigned long)bytes, lf_pct(lat, nlat, 0.5),
                 lf_pct(lat, nlat, 0.99), lf_pct(lat, nlat, 1.0), lf_pct(plat, nlat, 0.5), lf_pct(plat, nlat, 0.99),
                 (unsigned long)est.dispatches, (unsigned long)est.overflows);
    }
    if (c->stats) {
        double secs = (double)(cli_now_ns() - c->t0) / 1e9;
        fprintf(stderr, "vyre: 1 files, %lu bytes, %lu matches, backend %s (engine, %lu lines), %.3f s, %.3f GB/s\n",
                (unsigned long)bytes, (unsigned long)c->stat_matches, vyre_backend_id(be), (unsigned long)lines_seen,
                secs, secs > 0 ? (double)bytes / secs / 1e9 : 0.0);
    }
    memset(&e, 0, sizeof e);
    if (vyre_engine_destroy(eng, &e) != VYRE_OK && !failed) cli_verr(c, "stopping the engine", &e);
    vyre_backend_destroy(be);
    free(buf);
    free(mb);
    free(lat);
    free(plat);
    if (fflush(stdout) != 0 || ferror(stdout))
        cli_err(c, "Fix: check where the output goes (disk full, closed pipe).", "error writing the output: %s.", strerror(errno));
    if (cli_interrupted) {
        fputs("vyre: interrupted.\n", stderr);
        signal(SIGINT, SIG_DFL);
        raise(SIGINT);
        return 130;
    }
    return (c->any_error && !(c->quiet && c->any_match)) ? CLI_EXIT_TROUBLE : c->any_match ? CLI_EXIT_MATCH : CLI_EXIT_NOMATCH;
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
    vyre_backend *all_gpus[65];
    memset(&c, 0, sizeof c);
    c.bg_ndev = -1;
    c.src_file = (size_t)-1;
    c.acc_file = (size_t)-1;
    c.src_fd = -1;
    c.stdin_fd = -1;
    if (!getcwd(c.cwd, sizeof c.cwd)) c.cwd[0] = 0;
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
        const char *bn = c.backend_name ? c.backend_name : "auto";
        threads = n > 0 ? (size_t)n : 1;
        /* a GPU backend alone: the readers only read; 8 read as fast as 16 there and pin less memory */
        if ((strcmp(bn, "cuda") == 0 || strcmp(bn, "opencl") == 0) && threads > 8) threads = 8;
    }
    c.threads = (uint32_t)threads;
    prog = getenv("VYRE_CLI_WALK_THREADS");
    if (!prog || !prog[0]) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        c.walk_threads = n > 4 ? 4 : n > 0 ? (size_t)n : 1;
    } else {
        const char *q = prog;
        size_t v = 0;
        while (*q >= '0' && *q <= '9' && v <= CLI_WALK_MAX_THREADS) v = v * 10 + (size_t)(*q++ - '0');
        if (q == prog || *q || v < 1 || v > CLI_WALK_MAX_THREADS) {
            fprintf(stderr, "vyre: VYRE_CLI_WALK_THREADS='%s' is not valid (a number of threads from 1 to %d). Fix: set it "
                            "to 1 (the walk on one thread) up to %d, or unset it (default: the online CPUs, at most 8).\n",
                    prog, CLI_WALK_MAX_THREADS, CLI_WALK_MAX_THREADS);
            cli_free(&c);
            return CLI_EXIT_TROUBLE;
        }
        c.walk_threads = v;
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
    prog = getenv("VYRE_CLI_MMAP");
    if (!prog || !prog[0] || strcmp(prog, "auto") == 0) c.no_mmap = 0;
    else if (strcmp(prog, "never") == 0) c.no_mmap = 1;
    else {
        fprintf(stderr, "vyre: VYRE_CLI_MMAP='%s' is not valid. Fix: set it to auto or never.\n", prog);
        cli_free(&c);
        return CLI_EXIT_TROUBLE;
    }

    {
        size_t i;
        c.feed = 1; /* the walk feeds the running pipeline unless standard input is among the PATHs */
        for (i = 0; i < c.npaths; i++)
            if (strcmp(c.paths[i], "-") == 0) c.feed = 0;
    }
    if (env_size("VYRE_CLI_AUTO_GPU_BYTES", (size_t)c.threads * ((size_t)128 << 20), 0, &c.auto_gpu_bytes)) {
        cli_free(&c);
        return CLI_EXIT_TROUBLE;
    }

    /* --line-buffered with standard input alone and match lines: the engine's log filter */
    if (c.line_buffered && c.npaths == 1 && strcmp(c.paths[0], "-") == 0 && c.mode == MODE_LINES) {
        size_t i;
        if (load_patterns(&c) != 0 || compile_patterns(&c) != 0) { cli_free(&c); return CLI_EXIT_TROUBLE; }
        for (i = 0; i < c.npats && !c.no_warnings; i++) {
            const uint8_t *nl = (const uint8_t *)memchr(c.pats[i].bytes, '\n', c.pats[i].len);
            if (nl && nl != c.pats[i].bytes + c.pats[i].len - 1)
                cli_note(&c, "warning: pattern %lu holds a newline before its end; with --line-buffered on standard input "
                             "each line is scanned alone, so it is never found. Fix: scan the input as a file (without "
                             "--line-buffered), or pass --no-warnings.", (unsigned long)i);
        }
        rc = run_lines_filter(&c);
        cli_free(&c);
        return rc;
    }
    /* 1. the GPU backend starts on its own thread while the patterns compile */
    name = c.backend_name ? c.backend_name : "auto";
    c.bg_explicit = strcmp(name, "cuda") == 0 || strcmp(name, "opencl") == 0;
    if (c.devices && !c.bg_explicit) {
        usage_error("Fix: add --backend=cuda or --backend=opencl, or drop --devices.",
                    "--devices=%s needs --backend=cuda or --backend=opencl.", c.devices);
        cli_free(&c);
        return CLI_EXIT_TROUBLE;
    }
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

    /* 2. the walk with its filters and the pipeline over the files found. Without standard
       input among the PATHs the two overlap: the pipeline runs on its own thread (the output
       callbacks run there) while this thread walks and feeds it files (vyre_ingest_feed).
       With standard input the walk comes first (it may be spooled for line numbers). */
    c.ph_compiled = cli_now_ns() - c.t0;
    if (c.quiet && c.mode == MODE_LINES && !c.word && !c.has_max_count) c.mode = MODE_LIST; /* -q: presence is enough */
    c.filter_matches = (c.word || c.has_max_count) && c.mode != MODE_LINES;
    memset(&d, 0, sizeof d);
    memset(&e, 0, sizeof e);
    d.mode = c.filter_matches ? VYRE_INGEST_MATCHES : c.mode == MODE_COUNT ? VYRE_INGEST_COUNT : c.mode == MODE_LIST ? VYRE_INGEST_FIRST : VYRE_INGEST_MATCHES;
    /* auto: CPU threads scan at once; a GPU that becomes ready takes every unit from then on */
    d.flags = c.bg_explicit ? 0u : (VYRE_INGEST_CPU | VYRE_INGEST_CPU_UNTIL_READY);
    /* CPU lanes scan large files in place (mapped), without the copy into staging (vyre.h >>ingest "Mapped chunks") */
    if (!c.bg_explicit && !c.no_mmap) d.flags |= VYRE_INGEST_MMAP;
    d.readers = c.threads;
    d.batch_bytes = c.batch_cap;
    d.small_file_bytes = c.small ? c.small : 1; /* VYRE_CLI_SMALL=0: every file chunked (0 is the library's default) */
    d.chunk_bytes = c.chunk;
    d.cancel = &cli_interrupted;
    d.cb.match = on_match;
    d.cb.file = on_file;
    d.cb.event = on_event;
    d.cb.progress = c.progress ? on_progress : NULL;
    d.cb.user = &c;
    if (!c.feed) {
        size_t i;
        for (i = 0; i < c.npaths; i++) walk_arg(&c, c.paths[i]);
        walk_notes(&c);
        if (spool_stdin(&c) != 0) {
            bg_join(&c);
            pthread_mutex_destroy(&c.bg_mu);
            cli_free(&c);
            return CLI_EXIT_TROUBLE;
        }
        c.ph_walked = cli_now_ns() - c.t0;
        c.lib_paths = (const char **)xmalloc(xmul(c.nfiles + 1, sizeof *c.lib_paths));
        for (i = 0; i < c.nfiles; i++) c.lib_paths[i] = c.path_arena.data + c.files[i].lib_off;
        d.paths = c.lib_paths;
        d.path_count = c.nfiles;
        pthread_mutex_lock(&c.bg_mu);
        c.walk_done = 1;
        pthread_mutex_unlock(&c.bg_mu);
    } else {
        d.flags |= VYRE_INGEST_FEED;
    }
    if (!c.feed && c.nfiles == 0) {
        /* everything was filtered out (or missing): nothing to scan */
        int rc0;
        if (c.bg_started && !c.bg_explicit) {
            int done;
            pthread_mutex_lock(&c.bg_mu);
            done = c.bg_done;
            pthread_mutex_unlock(&c.bg_mu);
            if (!done) { fflush(stdout); fflush(stderr); _exit(c.any_error ? CLI_EXIT_TROUBLE : CLI_EXIT_NOMATCH); }
        }
        bg_join(&c);
        if (c.bg_explicit && c.bg_done && !c.gpu) {
            char what[64];
            snprintf(what, sizeof what, "--backend=%s is unavailable", name);
            cli_verr(&c, what, &c.bg_err);
        }
        if (c.stats)
            fprintf(stderr, "vyre: 0 files, 0 bytes, 0 matches, backend %s, %.3f s, 0.000 GB/s\n", c.gpu ? vyre_backend_id(c.gpu) : "cpu",
                    (double)(cli_now_ns() - c.t0) / 1e9);
        rc0 = c.any_error ? CLI_EXIT_TROUBLE : CLI_EXIT_NOMATCH;
        pthread_mutex_destroy(&c.bg_mu);
        cli_free(&c);
        return rc0;
    }
    if (c.bg_explicit && c.bg_started) {
        /* several devices (--devices, all by default): their backends go into the desc (desc.backends), so wait
           for them here; one device keeps starting up while the scan begins (attached when ready) */
        int want = -1, done = 0;
        if (c.devices && strcmp(c.devices, "all") != 0) want = strchr(c.devices, ',') ? 2 : 1;
        /* --devices=all with CUDA: the driver lists its GPUs in /proc without initialising
           (cuInit takes ~0.2 s); with one GPU the scan starts at once and the GPU attaches when ready */
        if (want < 0 && strcmp(name, "cuda") == 0 && !getenv("CUDA_VISIBLE_DEVICES") && proc_nvidia_gpus() == 1) want = 1;
        while (want < 0 && !done && !cli_interrupted) { /* the background thread counts the devices first */
            struct timespec ts;
            pthread_mutex_lock(&c.bg_mu);
            want = c.bg_ndev;
            done = c.bg_done;
            pthread_mutex_unlock(&c.bg_mu);
            ts.tv_sec = 0;
            ts.tv_nsec = 1000000L;
            if (want < 0 && !done) nanosleep(&ts, NULL);
        }
        if (want > 1) bg_join(&c);
        if (c.gpu && c.nxgpu) {
            uint32_t k;
            all_gpus[0] = c.gpu;
            for (k = 0; k < c.nxgpu; k++) all_gpus[k + 1] = c.xgpu[k];
            d.backends = all_gpus;
            d.backend_count = 1 + c.nxgpu;
        }
    }
    {
        vyre_ingest *ing = NULL;
        r = vyre_ingest_create(c.set, &d, &ing, &e);
        if (r != VYRE_OK) {
            cli_verr(&c, "setting up the scan", &e);
            bg_join(&c);
            pthread_mutex_destroy(&c.bg_mu);
            cli_free(&c);
            return CLI_EXIT_TROUBLE;
        }
        pthread_mutex_lock(&c.bg_mu);
        c.ing = ing; /* the background thread attaches its GPU to it */
    }
    if (c.bg_done && !c.nxgpu) { /* several devices were given to the desc (desc.backends) */
        if (c.gpu) vyre_ingest_attach(c.ing, c.gpu, NULL);
        else if (c.bg_explicit) vyre_ingest_abort(c.ing, &c.bg_err);
    }
    pthread_mutex_unlock(&c.bg_mu);

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocked read returns */
    sigaction(SIGINT, &sa, &old_sa);

    {
        /* a terminal keeps line buffering; a pipe or a FIFO is flushed after every file (a reader sees a
           file's results when that file is done, not at exit); a regular file gets 1 MiB buffers */
        struct stat ost;
        int pipe_out = fstat(1, &ost) == 0 && (S_ISFIFO(ost.st_mode) || S_ISSOCK(ost.st_mode));
        if (!isatty(1)) setvbuf(stdout, NULL, _IOFBF, 1 << 20);
        c.flush_files = c.line_buffered || isatty(1) || pipe_out;
    }
    memset(&e, 0, sizeof e);
    if (c.feed) {
        size_t i;
        pthread_t rt;
        if (pthread_mutex_init(&c.files_mu, NULL) != 0 || pthread_create(&rt, NULL, run_main, &c) != 0) {
            /* no second thread: walk first, then run here */
            c.feed = 0;
            for (i = 0; i < c.npaths; i++) walk_arg(&c, c.paths[i]);
            vyre_ingest_feed_end(c.ing);
            c.ph_walked = cli_now_ns() - c.t0;
            r = vyre_ingest_run(c.ing, &e);
        } else {
            c.feeding = 1;
            for (i = 0; i < c.npaths && !c.walk_stopped; i++) walk_arg(&c, c.paths[i]);
            vyre_ingest_feed_end(c.ing);
            c.ph_walked = cli_now_ns() - c.t0;
            pthread_mutex_lock(&c.bg_mu);
            c.walk_done = 1;
            pthread_mutex_unlock(&c.bg_mu);
            pthread_join(rt, NULL);
            c.feeding = 0;
            pthread_mutex_destroy(&c.files_mu);
            r = c.run_rc;
            e = c.run_err;
        }
        walk_notes(&c);
    } else {
        r = vyre_ingest_run(c.ing, &e);
    }
    c.ph_ran = cli_now_ns() - c.t0;
    vyre_ingest_get_stats(c.ing, &c.st);
    if (c.progress_forced && !c.progress_drawn && !cli_interrupted) progress_tick(&c, 1);
    progress_clear(&c);
    if (c.bg_started && !c.bg_explicit) {
        /* auto: the CPU threads finished before the GPU backend was ready (small inputs); do not wait for it */
        int done, creating;
        pthread_mutex_lock(&c.bg_mu);
        done = c.bg_done;
        creating = c.bg_creating;
        pthread_mutex_unlock(&c.bg_mu);
        if (!done && creating) c.bg_abandon = 1; /* still deciding (auto): it returns at once */
    }
    if (!c.bg_abandon) bg_join(&c);

    if (r != VYRE_OK && r != VYRE_STOPPED) {
        if (c.bg_explicit && c.bg_done && !c.gpu) {
            char what[64];
            snprintf(what, sizeof what, "--backend=%s is unavailable", name);
            cli_verr(&c, what, &e);
            cli_note(&c, "hint: --backend=cpu scans on the CPU, --backend=auto picks what this machine has.");
        } else {
            cli_verr(&c, "scanning", &e);
            cli_err(&c, c.gpu && c.st.backend_bytes ? "Fix: retry with --backend=cpu, or report the error above."
                                                   : "Fix: see the error above (it came from the CPU scan: free memory or scan fewer files at once).",
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
        if (c.gpu) { /* the cold-start question: compiled here, or loaded from the kernel disk cache? */
            vyre_kernel_info ki;
            if (vyre_backend_kernel_info(c.gpu, &ki, NULL) == VYRE_OK && ki.families)
                cli_note(&c, "%s kernels: %s in %.1f ms%s; %s%s.", vyre_backend_id(c.gpu),
                         ki.from_disk_cache ? "loaded from the disk cache" : "compiled", (double)ki.build_ns / 1e6,
                         ki.cache_rejected ? " (a damaged or stale cache entry was rebuilt)" : "",
                         ki.cache_path[0] ? "cache entry " : "disk cache off", ki.cache_path);
        }
        if (c.bg_abandon) cli_note(&c, "auto: the scan ended before the GPU backend was ready; it was not used.");
        if (!c.gpu || strcmp(name, "auto") == 0)
            cli_note(&c, "backend: cpu (%u reader threads scanning)%s%s%s", (unsigned)c.threads,
                     strcmp(name, "auto") == 0 ? ", picked by --backend=auto" : "", c.bg_notes[0] ? ": " : "", c.bg_notes);
        verbose_summary(&c, &c.st);
        {
            char gr[64] = "";
            if (c.gpu) snprintf(gr, sizeof gr, ", GPU backend ready %.3f", (double)c.bg_ready_ns / 1e9);
            cli_note(&c, "phases (s since the start): patterns compiled %.3f, walk with filters done %.3f%s, pipeline ended %.3f.",
                     (double)c.ph_compiled / 1e9, (double)c.ph_walked / 1e9, gr, (double)c.ph_ran / 1e9);
        }
        if (c.gpu && (c.nxgpu || c.st.backend_bytes)) { /* bytes per device (--devices) */
            uint32_t k;
            for (k = 0; k <= c.nxgpu; k++) {
                char bb[32];
                fmt_bytes(bb, sizeof bb, (double)c.st.lane_bytes[k]);
                cli_note(&c, "device %u: %s, %s scanned.", k, vyre_backend_id(k ? c.xgpu[k - 1] : c.gpu), bb);
            }
        }
    }
    if (c.stats) {
        double secs = (double)c.st.wall_ns / 1e9;
        fflush(stdout);
        fprintf(stderr, "vyre: %lu files, %lu bytes, %lu matches, backend %s, %.3f s, %.3f GB/s\n",
                (unsigned long)c.st.files_done, (unsigned long)c.st.bytes_done, (unsigned long)c.stat_matches,
                c.gpu && c.st.backend_bytes ? vyre_backend_id(c.gpu) : c.gpu ? "cpu (GPU not used)" : "cpu", secs,
                secs > 0 ? (double)c.st.bytes_done / secs / 1e9 : 0.0);
    }
    sigaction(SIGINT, &old_sa, NULL);
    /* as grep: 2 on an error, unless -q found a match */
    rc = (c.any_error && !(c.quiet && c.any_match)) ? CLI_EXIT_TROUBLE : c.any_match ? CLI_EXIT_MATCH : CLI_EXIT_NOMATCH;
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
    {
        int verbose = c.verbose;
        uint64_t t0 = c.t0, tf = cli_now_ns();
        cli_free(&c);
        if (verbose) fprintf(stderr, "vyre: teardown %.3f s, exit at %.3f s.\n", (double)(cli_now_ns() - tf) / 1e9, (double)(cli_now_ns() - t0) / 1e9);
    }
    if (rc == 130) {
        signal(SIGINT, SIG_DFL);
        raise(SIGINT);
    }
    return rc;
}


/* --version: the library version, the commit it was built from and which
   backends can be created on this machine (each with why not). */
#ifndef VYRE_GIT_COMMIT
#define VYRE_GIT_COMMIT "unknown"
#endif
static int cmd_version(void) {
    vyre_backend *b = NULL;
    vyre_error e;
    vyre_ocl_desc od;
    char line[1024];
    printf("vyre %s\n", vyre_version());
    printf("commit: %s\n", VYRE_GIT_COMMIT);
    memset(&e, 0, sizeof e);
    if (vyre_cpu_backend_create(NULL, &b, &e) == VYRE_OK) { printf("backend cpu: available\n"); vyre_backend_destroy(b); }
    else printf("backend cpu: unavailable: %s\n", vyre_error_format(&e, line, sizeof line));
    b = NULL;
    memset(&e, 0, sizeof e);
    if (vyre_cuda_backend_create(NULL, &b, &e) == VYRE_OK) { printf("backend cuda: available\n"); vyre_backend_destroy(b); }
    else printf("backend cuda: unavailable: %s\n", vyre_error_format(&e, line, sizeof line));
    b = NULL;
    memset(&e, 0, sizeof e);
    memset(&od, 0, sizeof od);
    od.select = VYRE_OCL_SELECT_AUTO;
    if (vyre_ocl_backend_create(&od, &b, &e) == VYRE_OK) { printf("backend opencl: available\n"); vyre_backend_destroy(b); }
    else printf("backend opencl: unavailable: %s\n", vyre_error_format(&e, line, sizeof line));
    return fflush(stdout) == 0 ? 0 : CLI_EXIT_TROUBLE;
}

int main(int argc, char **argv) {
    static const char *const cmds[] = {"scan", "help", "--help", "--version", NULL};
    const char *near;
    if (argc < 2) {
        fputs(usage_main, stderr);
        fputs("vyre: no command given. Fix: run `vyre scan [OPTIONS] PATH...`, or `vyre --help`.\n", stderr);
        return CLI_EXIT_TROUBLE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0 || (argc == 2 && strcmp(argv[1], "-h") == 0)) {
        fputs(usage_main, stdout);
        return fflush(stdout) == 0 ? 0 : CLI_EXIT_TROUBLE;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) return cmd_version();
    if (strcmp(argv[1], "scan") == 0 && rules_cli_wants(argc - 2, argv + 2)) return rules_cli_main(argc - 2, argv + 2); /* cli/rules_cli.h */
    if (strcmp(argv[1], "scan") == 0) return cmd_scan(argc - 2, argv + 2);
    /* `vyre -e foo a.txt` is `vyre scan -e foo a.txt` */
    if (argv[1][0] == '-') return cmd_scan(argc - 1, argv + 1);
    near = cli_nearest(argv[1], cmds);
    if (near)
        fprintf(stderr, "vyre: unknown command '%s'. Fix: did you mean `vyre %s`? (see `vyre --help`)\n", argv[1], near);
    else
        fprintf(stderr, "vyre: unknown command '%s'. Fix: run `vyre scan [OPTIONS] PATH...` (see `vyre --help`).\n",
                argv[1]);
    return CLI_EXIT_TROUBLE;
}
