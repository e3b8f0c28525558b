/* bench/bench_corpus.c - corpus of real bytes, pattern sets, small helpers. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#include "bench.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#ifndef VYRE_BENCH_COMMIT
#define VYRE_BENCH_COMMIT "unknown"
#endif

uint64_t vb_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

unsigned vb_online_cpus(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1u;
}

const char *vb_commit(void) { return VYRE_BENCH_COMMIT; }

uint64_t vb_splitmix64(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void vb_machine(char *buf, size_t n) {
    char model[160] = "unknown CPU";
    FILE *f = fopen("/proc/cpuinfo", "r");
    struct utsname u;
    if (f) {
        char line[512];
        while (fgets(line, sizeof line, f)) {
            if (strncmp(line, "model name", 10) == 0) {
                char *p = strchr(line, ':');
                if (p) {
                    size_t l;
                    p++;
                    while (*p == ' ' || *p == '\t') p++;
                    l = strlen(p);
                    while (l && (p[l - 1] == '\n' || p[l - 1] == ' ')) p[--l] = 0;
                    snprintf(model, sizeof model, "%s", p);
                }
                break;
            }
        }
        fclose(f);
    }
    if (uname(&u) != 0) strcpy(u.release, "?");
    snprintf(buf, n, "%s x %u CPUs, Linux %s", model, vb_online_cpus(), u.release);
}

void vb_size_name(uint64_t b, char *buf, size_t n) {
    if (b >= VB_GIB && b % VB_GIB == 0) snprintf(buf, n, "%lluGiB", (unsigned long long)(b / VB_GIB));
    else if (b >= VB_MIB && b % VB_MIB == 0) snprintf(buf, n, "%lluMiB", (unsigned long long)(b / VB_MIB));
    else if (b >= VB_KIB && b % VB_KIB == 0) snprintf(buf, n, "%lluKiB", (unsigned long long)(b / VB_KIB));
    else snprintf(buf, n, "%lluB", (unsigned long long)b);
}

uint64_t vb_parse_size(const char *s) {
    char *end;
    unsigned long long v;
    if (!s || !*s) return 0;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || end == s) return 0;
    switch (*end) {
    case 'k': case 'K': v *= VB_KIB; end++; break;
    case 'm': case 'M': v *= VB_MIB; end++; break;
    case 'g': case 'G': v *= VB_GIB; end++; break;
    default: break;
    }
    if (*end == 'i') end++;
    if (*end == 'B' || *end == 'b') end++;
    return *end ? 0 : (uint64_t)v;
}

/* ---- a lazy, sorted, symlink-free directory walker -------------------- */
typedef struct vb_frame {
    char *path;
    char **names;
    size_t n, i;
} vb_frame;

typedef struct vb_walker {
    const char *const *roots;
    size_t root_i;
    vb_frame stack[32];
    int depth;                      /* frames in use */
} vb_walker;

static int vb_cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *vb_strdup(const char *s) {
    size_t l = strlen(s) + 1;
    char *d = (char *)malloc(l);
    if (d) memcpy(d, s, l);
    return d;
}

static int vb_push_dir(vb_walker *w, const char *path) {
    DIR *d;
    struct dirent *e;
    vb_frame *f;
    size_t cap = 0;
    if (w->depth >= (int)(sizeof w->stack / sizeof w->stack[0])) return -1;
    d = opendir(path);
    if (!d) return -1;
    f = &w->stack[w->depth];
    memset(f, 0, sizeof *f);
    f->path = vb_strdup(path);
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        if (f->n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            char **nn = (char **)realloc(f->names, nc * sizeof *nn);
            if (!nn) break;
            f->names = nn;
            cap = nc;
        }
        f->names[f->n] = vb_strdup(e->d_name);
        if (f->names[f->n]) f->n++;
    }
    closedir(d);
    if (f->n) qsort(f->names, f->n, sizeof *f->names, vb_cmp_str);
    w->depth++;
    return 0;
}

static void vb_pop_dir(vb_walker *w) {
    vb_frame *f = &w->stack[--w->depth];
    size_t i;
    for (i = 0; i < f->n; i++) free(f->names[i]);
    free(f->names);
    free(f->path);
}

/* Next regular file (path into buf, size into *size); 0 when exhausted. */
static int vb_walk_next(vb_walker *w, char *buf, size_t n, size_t *size) {
    for (;;) {
        vb_frame *f;
        struct stat st;
        if (w->depth == 0) {
            if (!w->roots[w->root_i]) return 0;
            vb_push_dir(w, w->roots[w->root_i++]);
            continue;
        }
        f = &w->stack[w->depth - 1];
        if (f->i >= f->n) {
            vb_pop_dir(w);
            continue;
        }
        snprintf(buf, n, "%s/%s", f->path, f->names[f->i++]);
        if (lstat(buf, &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            vb_push_dir(w, buf);
            continue;
        }
        if (S_ISREG(st.st_mode) && st.st_size > 0) {
            *size = (size_t)st.st_size;
            return 1;
        }
    }
}

static void vb_walk_free(vb_walker *w) {
    while (w->depth) vb_pop_dir(w);
}

/* Reads up to `max` bytes of a file into dst; returns bytes read. */
static size_t vb_read_file(const char *path, uint8_t *dst, size_t max) {
    size_t got = 0;
    int fd = open(path, O_RDONLY);
    if (fd < 0) return 0;
    while (got < max) {
        ssize_t r = read(fd, dst + got, max - got);
        if (r <= 0) break;
        got += (size_t)r;
    }
    close(fd);
    return got;
}

int vb_corpus_build(vb_corpus *c, size_t target, size_t max_file, char *err, size_t errlen) {
    static const char *const text_roots[] = {"/usr/include", "/usr/share/doc", "/usr/share", NULL};
    static const char *const bin_roots[] = {"/usr/lib", "/usr/bin", "/usr/sbin", "/usr/libexec", "/usr/local", NULL};
    vb_walker tw, bw;
    size_t fcap = 4096;
    char path[4096];
    int text_done = 0, bin_done = 0;
    uint64_t t0 = vb_now_ns();
    memset(c, 0, sizeof *c);
    memset(&tw, 0, sizeof tw);
    memset(&bw, 0, sizeof bw);
    tw.roots = text_roots;
    bw.roots = bin_roots;
    if (target == 0) target = 1;
    c->data = (uint8_t *)malloc(target + 64);
    c->file_starts = (uint64_t *)malloc(fcap * sizeof *c->file_starts);
    if (!c->data || !c->file_starts) {
        snprintf(err, errlen, "out of memory for a corpus of %zu bytes", target);
        vb_corpus_free(c);
        return -1;
    }
    while (c->len < target && !(text_done && bin_done)) {
        int use_text = !text_done && (bin_done || c->text_bytes <= c->binary_bytes);
        vb_walker *w = use_text ? &tw : &bw;
        size_t fsize, want, got;
        /* /usr/share/doc is also under /usr/share: skip the second visit */
        if (!vb_walk_next(w, path, sizeof path, &fsize)) {
            if (use_text) text_done = 1; else bin_done = 1;
            continue;
        }
        if (use_text && tw.root_i == 3 && strncmp(path, "/usr/share/doc/", 15) == 0) continue;
        if (!use_text && strncmp(path, "/usr/lib/locale/", 16) == 0) continue;
        want = fsize < max_file ? fsize : max_file;
        if (want > target - c->len) want = target - c->len;
        got = vb_read_file(path, c->data + c->len, want);
        if (got == 0) continue;
        if (c->file_count == fcap) {
            uint64_t *nf = (uint64_t *)realloc(c->file_starts, fcap * 2 * sizeof *nf);
            if (!nf) break;
            c->file_starts = nf;
            fcap *= 2;
        }
        c->file_starts[c->file_count++] = c->len;
        c->len += got;
        if (use_text) c->text_bytes += got; else c->binary_bytes += got;
    }
    vb_walk_free(&tw);
    vb_walk_free(&bw);
    if (c->len == 0) {
        snprintf(err, errlen, "no readable files under /usr to build a corpus from");
        vb_corpus_free(c);
        return -1;
    }
    if (c->len < target) {            /* repeat what we have: real bytes, never zeros */
        size_t have = c->len;
        c->repeated = 1;
        while (c->len < target) {
            size_t k = target - c->len < have ? target - c->len : have;
            memcpy(c->data + c->len, c->data, k);
            c->len += k;
        }
    }
    memset(c->data + c->len, 0, 64);
    c->build_seconds = (double)(vb_now_ns() - t0) / 1e9;
    snprintf(c->desc, sizeof c->desc,
             "%zu bytes from %zu files under /usr (text %zu, binaries %zu, at most %zu bytes per file%s), "
             "read in %.1f s",
             c->len, c->file_count, c->text_bytes, c->binary_bytes, max_file,
             c->repeated ? ", REPEATED to fill" : "", c->build_seconds);
    return 0;
}

void vb_corpus_free(vb_corpus *c) {
    free(c->data);
    free(c->file_starts);
    memset(c, 0, sizeof *c);
}

int vb_regions_build(const vb_corpus *c, size_t target, size_t max_file_bytes, vb_regions *out) {
    size_t i, cap = 1024;
    memset(out, 0, sizeof *out);
    out->data = (uint8_t *)malloc(target + 64);
    out->starts = (uint64_t *)malloc(cap * sizeof *out->starts);
    if (!out->data || !out->starts) {
        vb_regions_free(out);
        return -1;
    }
    for (;;) {
        size_t before = out->len;
        for (i = 0; i < c->file_count && out->len < target; i++) {
            uint64_t s = c->file_starts[i];
            uint64_t e = i + 1 < c->file_count ? c->file_starts[i + 1] : c->len;
            size_t fl = (size_t)(e - s);
            if (fl > max_file_bytes || fl == 0) continue;
            if (fl > target - out->len) fl = target - out->len;
            if (out->count == cap) {
                uint64_t *ns = (uint64_t *)realloc(out->starts, cap * 2 * sizeof *ns);
                if (!ns) {
                    vb_regions_free(out);
                    return -1;
                }
                out->starts = ns;
                cap *= 2;
            }
            out->starts[out->count++] = out->len;
            memcpy(out->data + out->len, c->data + s, fl);
            out->len += fl;
        }
        if (out->len >= target || out->len == before) break;
    }
    if (out->count == 0) {
        vb_regions_free(out);
        return -1;
    }
    memset(out->data + out->len, 0, 64);
    return 0;
}

void vb_regions_free(vb_regions *r) {
    free(r->data);
    free(r->starts);
    memset(r, 0, sizeof *r);
}

/* ---- pattern sets -------------------------------------------------------- */
static int vb_patset_alloc(vb_patset *p, size_t count) {
    p->bytes = (uint8_t **)calloc(count ? count : 1, sizeof *p->bytes);
    p->lens = (size_t *)calloc(count ? count : 1, sizeof *p->lens);
    return p->bytes && p->lens ? 0 : -1;
}

static void vb_patset_minmax(vb_patset *p) {
    size_t i;
    p->min_len = (size_t)-1;
    p->max_len = 0;
    for (i = 0; i < p->count; i++) {
        if (p->lens[i] < p->min_len) p->min_len = p->lens[i];
        if (p->lens[i] > p->max_len) p->max_len = p->lens[i];
    }
}

int vb_patset_gitleaks(vb_patset *p, char *err, size_t errlen) {
    const char *cands[6];
    const char *src = "";
    size_t nc = 0, i, cap = 256;
    FILE *f = NULL;
    char line[4096];
    memset(p, 0, sizeof *p);
    if (getenv("VYRE_BENCH_KEYWORDS")) cands[nc++] = getenv("VYRE_BENCH_KEYWORDS");
    cands[nc++] = "../shared/patterns/gitleaks-keywords.txt";
    cands[nc++] = "patterns/gitleaks-keywords.txt";
    cands[nc++] = "bench/patterns/gitleaks-keywords.txt";
    cands[nc++] = "build/bench/gitleaks-keywords.txt";
    for (i = 0; i < nc && !f; i++) {
        f = fopen(cands[i], "rb");
        if (f) src = cands[i];
    }
    if (!f) {
        snprintf(err, errlen,
                 "gitleaks-keywords.txt not found (tried $VYRE_BENCH_KEYWORDS, ../shared/patterns/, patterns/, "
                 "bench/patterns/, build/bench/). Fix: set VYRE_BENCH_KEYWORDS=/path/to/gitleaks-keywords.txt");
        return -1;
    }
    snprintf(p->name, sizeof p->name, "gitleaks-ci");
    p->flags = 1u; /* VYRE_CASELESS */
    p->bytes = (uint8_t **)malloc(cap * sizeof *p->bytes);
    p->lens = (size_t *)malloc(cap * sizeof *p->lens);
    if (!p->bytes || !p->lens) {
        fclose(f);
        vb_patset_free(p);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    while (fgets(line, sizeof line, f)) {
        size_t l = strlen(line);
        while (l && (line[l - 1] == '\n' || line[l - 1] == '\r')) line[--l] = 0;
        if (l == 0) continue;
        if (p->count == cap) {
            uint8_t **nb = (uint8_t **)realloc(p->bytes, cap * 2 * sizeof *nb);
            size_t *nl;
            if (!nb) break;
            p->bytes = nb;
            nl = (size_t *)realloc(p->lens, cap * 2 * sizeof *nl);
            if (!nl) break;
            p->lens = nl;
            cap *= 2;
        }
        p->bytes[p->count] = (uint8_t *)malloc(l);
        if (!p->bytes[p->count]) break;
        memcpy(p->bytes[p->count], line, l);
        p->lens[p->count++] = l;
    }
    fclose(f);
    if (p->count == 0) {
        snprintf(err, errlen, "%s holds no patterns", src);
        vb_patset_free(p);
        return -1;
    }
    vb_patset_minmax(p);
    snprintf(p->source, sizeof p->source, "%.400s (%zu keywords, %zu-%zu bytes, ASCII caseless)", src, p->count,
             p->min_len, p->max_len);
    return 0;
}

static int vb_varied(const uint8_t *b, size_t len) {
    unsigned char seen[256];
    size_t i, distinct = 0, run = 1;
    memset(seen, 0, sizeof seen);
    for (i = 0; i < len; i++) {
        if (!seen[b[i]]) {
            seen[b[i]] = 1;
            distinct++;
        }
        run = i > 0 && b[i] == b[i - 1] ? run + 1 : 1;
        if (run > 3) return 0;
    }
    return distinct >= 4 && distinct * 2 >= len;
}

int vb_patset_random(vb_patset *p, const vb_corpus *c, size_t count, uint64_t seed) {
    uint64_t s = seed;
    size_t i, j, cut = 0;
    memset(p, 0, sizeof *p);
    if (vb_patset_alloc(p, count) != 0) {
        vb_patset_free(p);
        return -1;
    }
    snprintf(p->name, sizeof p->name, "rand%zuk", count / 1000);
    for (i = 0; i < count; i++) {
        size_t len = 8 + (size_t)(vb_splitmix64(&s) % 25u);
        uint8_t *b = (uint8_t *)malloc(len);
        if (!b) {
            vb_patset_free(p);
            return -1;
        }
        if ((i & 1u) == 0 && c && c->len > len) {
            /* a cut is redrawn while it is low-entropy (runs of one byte, as in
               zero padding), which would match at almost every offset */
            int tries;
            for (tries = 0; tries < 1000; tries++) {
                size_t off = (size_t)(vb_splitmix64(&s) % (uint64_t)(c->len - len));
                memcpy(b, c->data + off, len);
                if (vb_varied(b, len)) break;
            }
            cut++;
        } else {
            for (j = 0; j < len; j++) b[j] = (uint8_t)vb_splitmix64(&s);
        }
        p->bytes[i] = b;
        p->lens[i] = len;
        p->count++;
    }
    vb_patset_minmax(p);
    snprintf(p->source, sizeof p->source,
             "%zu literals of 8-32 bytes, %zu cut from the corpus (varied bytes), the rest random bytes, case-sensitive, "
             "seed 0x%llx",
             count, cut, (unsigned long long)seed);
    return 0;
}

void vb_patset_free(vb_patset *p) {
    size_t i;
    if (p->bytes)
        for (i = 0; i < p->count; i++) free(p->bytes[i]);
    free(p->bytes);
    free(p->lens);
    memset(p, 0, sizeof *p);
}
