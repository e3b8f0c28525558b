/* cli/lines.h - line numbers, byte columns and escaping for the vyre CLI.

   Single file, C99, no dependencies beyond libc. Define CLI_LINES_IMPLEMENTATION
   in one translation unit before including it.

   A vl_cursor turns byte offsets of one file into 1-based line numbers and
   1-based byte columns (the column of offset o is o - start of its line + 1,
   as `rg --column` and `grep -b` count: bytes, not characters). Lines end at
   '\n' only; a '\r' before it belongs to the line (CRLF text counts like rg).
   The cursor reads the file through a callback (pread on a file descriptor,
   or a memory buffer) in 64 KiB windows and counts newlines incrementally:
   offsets that arrive in ascending order (matches sorted by start, as every
   vyre scan API delivers them) cost one pass over the bytes before the last
   match; an offset before the previous one restarts the count from the
   start of the file (correct, only slower).

   vl_escape_match: printable ASCII as is, '\\' as "\\\\", every other byte as
   \xHH (the CLI's historic pattern escaping).
   vl_escape_path: control bytes (< 0x20 and 0x7f) as \xHH, everything else
   as is (a path with a newline cannot break a line-oriented output). */
#ifndef CLI_LINES_H
#define CLI_LINES_H
#include <stddef.h>
#include <stdint.h>

/* Reads up to n bytes at offset off into buf; *got < n only at end of file.
   Returns 0 or an errno value. */
typedef int (*vl_read_fn)(void *user, uint64_t off, uint8_t *buf, size_t n, size_t *got);

#define VL_WINDOW 65536u

typedef struct vl_cursor {
    vl_read_fn read;
    void *user;
    uint64_t pos;        /* bytes counted so far */
    uint64_t line;       /* 1-based line number at pos */
    uint64_t line_start; /* offset where that line starts */
    uint64_t wbase;      /* win holds the file's bytes [wbase, wbase + wlen) */
    size_t wlen;
    uint8_t win[VL_WINDOW];
} vl_cursor;

void vl_init(vl_cursor *c, vl_read_fn read, void *user);
/* Line and column of offset off. Returns 0, or an errno value (the file
   could not be read up to off, e.g. it shrank: *line and *col are then 0). */
int vl_locate(vl_cursor *c, uint64_t off, uint64_t *line, uint64_t *col);
/* Bytes [off, off + n) of the file: a pointer into the cursor's window (n <=
   VL_WINDOW), or into out (n > VL_WINDOW, out has n bytes). *got < n at the
   end of the file. NULL on a read error. Reads in whole windows, so the
   matched bytes and the bytes around them (-w) rarely cost a read. */
const uint8_t *vl_bytes(vl_cursor *c, uint64_t off, size_t n, uint8_t *out, size_t *got);

/* Escapes n bytes into out (at least 4 * n + 1 bytes); returns the length. */
size_t vl_escape_match(char *out, const uint8_t *p, size_t n);
size_t vl_escape_path(char *out, const char *p, size_t n);
/* 1 if p[0, n) is valid UTF-8 (no overlongs, surrogates or > U+10FFFF). */
int vl_utf8_valid(const uint8_t *p, size_t n);

#endif /* CLI_LINES_H */

#ifdef CLI_LINES_IMPLEMENTATION
#include <string.h>

void vl_init(vl_cursor *c, vl_read_fn read, void *user) {
    c->read = read;
    c->user = user;
    c->pos = 0;
    c->line = 1;
    c->line_start = 0;
    c->wbase = 0;
    c->wlen = 0;
}

/* Fills the window from `at` (also across short reads). */
static int vl__fill(vl_cursor *c, uint64_t at) {
    size_t have = 0;
    c->wbase = at;
    c->wlen = 0;
    while (have < VL_WINDOW) {
        size_t got = 0;
        int er = c->read(c->user, at + have, c->win + have, VL_WINDOW - have, &got);
        if (er) return er;
        if (got == 0) break;
        have += got;
    }
    c->wlen = have;
    return 0;
}

int vl_locate(vl_cursor *c, uint64_t off, uint64_t *line, uint64_t *col) {
    *line = 0;
    *col = 0;
    if (off < c->pos) { c->pos = 0; c->line = 1; c->line_start = 0; }
    while (c->pos < off) {
        const uint8_t *p, *end;
        uint64_t wend;
        if (c->pos < c->wbase || c->pos >= c->wbase + c->wlen) {
            int er = vl__fill(c, c->pos);
            if (er) return er;
            if (c->wlen == 0) return 5; /* EIO: the file ended before off */
        }
        wend = c->wbase + c->wlen;
        if (wend > off) wend = off;
        p = c->win + (c->pos - c->wbase);
        end = c->win + (wend - c->wbase);
        while (p < end) {
            const uint8_t *nl = (const uint8_t *)memchr(p, '\n', (size_t)(end - p));
            if (!nl) break;
            c->line++;
            c->line_start = c->wbase + (uint64_t)(nl - c->win) + 1;
            p = nl + 1;
        }
        c->pos = wend;
    }
    *line = c->line;
    *col = off - c->line_start + 1;
    return 0;
}

const uint8_t *vl_bytes(vl_cursor *c, uint64_t off, size_t n, uint8_t *out, size_t *got) {
    *got = 0;
    if (n > VL_WINDOW) {
        while (*got < n) {
            size_t k = 0;
            if (c->read(c->user, off + *got, out + *got, n - *got, &k) != 0) return NULL;
            if (k == 0) break;
            *got += k;
        }
        return out;
    }
    if (off < c->wbase || off + n > c->wbase + c->wlen) {
        if (vl__fill(c, off) != 0) return NULL;
    }
    *got = off >= c->wbase + c->wlen ? 0 : (size_t)(c->wbase + c->wlen - off);
    if (*got > n) *got = n;
    return c->win + (off - c->wbase);
}

size_t vl_escape_match(char *out, const uint8_t *p, size_t n) {
    static const char hex[] = "0123456789abcdef";
    char *o = out;
    size_t i;
    for (i = 0; i < n; i++) {
        uint8_t ch = p[i];
        if (ch == '\\') { *o++ = '\\'; *o++ = '\\'; }
        else if (ch >= 0x20 && ch < 0x7f) *o++ = (char)ch;
        else { *o++ = '\\'; *o++ = 'x'; *o++ = hex[ch >> 4]; *o++ = hex[ch & 15]; }
    }
    *o = 0;
    return (size_t)(o - out);
}

size_t vl_escape_path(char *out, const char *p, size_t n) {
    static const char hex[] = "0123456789abcdef";
    char *o = out;
    size_t i;
    for (i = 0; i < n; i++) {
        uint8_t ch = (uint8_t)p[i];
        if (ch < 0x20 || ch == 0x7f) { *o++ = '\\'; *o++ = 'x'; *o++ = hex[ch >> 4]; *o++ = hex[ch & 15]; }
        else *o++ = (char)ch;
    }
    *o = 0;
    return (size_t)(o - out);
}

int vl_utf8_valid(const uint8_t *p, size_t n) {
    size_t i = 0;
    while (i < n) {
        uint8_t b0 = p[i];
        size_t k = 0;
        if (b0 < 0x80) k = 1;
        else if (b0 >= 0xC2 && b0 <= 0xDF) k = (n - i >= 2 && (p[i + 1] & 0xC0) == 0x80) ? 2 : 0;
        else if (b0 >= 0xE0 && b0 <= 0xEF) {
            if (n - i >= 3 && (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80 &&
                !(b0 == 0xE0 && p[i + 1] < 0xA0) && !(b0 == 0xED && p[i + 1] >= 0xA0))
                k = 3;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            if (n - i >= 4 && (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80 && (p[i + 3] & 0xC0) == 0x80 &&
                !(b0 == 0xF0 && p[i + 1] < 0x90) && !(b0 == 0xF4 && p[i + 1] >= 0x90))
                k = 4;
        }
        if (!k) return 0;
        i += k;
    }
    return 1;
}
#endif /* CLI_LINES_IMPLEMENTATION */
