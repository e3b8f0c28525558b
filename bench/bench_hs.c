/* bench/bench_hs.c - the Hyperscan baseline: literal API, block mode,
   HS_FLAG_SOM_LEFTMOST (+ HS_FLAG_CASELESS), one scratch per thread. */
#define _POSIX_C_SOURCE 200809L
#include "bench.h"

#include <hs/hs.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct vb_hs {
    hs_database_t *db;
    hs_scratch_t **scratch;
    unsigned threads;
    size_t max_len;
    uint32_t pattern_count;
};

const char *vb_hs_version(void) { return hs_version(); }
unsigned vb_hs_threads(const vb_hs *h) { return h->threads; }

int vb_hs_create(const vb_patset *p, unsigned threads, vb_hs **out, char *err, size_t errlen) {
    vb_hs *h;
    const char **exprs;
    unsigned *flags, *ids, i;
    hs_compile_error_t *cerr = NULL;
    hs_error_t rc;
    *out = NULL;
    if (threads == 0) threads = 1;
    h = (vb_hs *)calloc(1, sizeof *h);
    exprs = (const char **)malloc(p->count * sizeof *exprs);
    flags = (unsigned *)malloc(p->count * sizeof *flags);
    ids = (unsigned *)malloc(p->count * sizeof *ids);
    if (!h || !exprs || !flags || !ids) {
        snprintf(err, errlen, "out of memory");
        free(h); free(exprs); free(flags); free(ids);
        return -1;
    }
    for (i = 0; i < (unsigned)p->count; i++) {
        exprs[i] = (const char *)p->bytes[i];
        flags[i] = HS_FLAG_SOM_LEFTMOST | ((p->flags & 1u) ? HS_FLAG_CASELESS : 0u);
        ids[i] = i;
    }
    rc = hs_compile_lit_multi(exprs, flags, ids, p->lens, (unsigned)p->count, HS_MODE_BLOCK, NULL, &h->db, &cerr);
    free(exprs); free(flags); free(ids);
    if (rc != HS_SUCCESS) {
        snprintf(err, errlen, "hs_compile_lit_multi(%s): %s (expression %d)", p->name,
                 cerr ? cerr->message : "?", cerr ? cerr->expression : -1);
        if (cerr) hs_free_compile_error(cerr);
        free(h);
        return -1;
    }
    h->threads = threads;
    h->max_len = p->max_len;
    h->pattern_count = (uint32_t)p->count;
    h->scratch = (hs_scratch_t **)calloc(threads, sizeof *h->scratch);
    if (!h->scratch || hs_alloc_scratch(h->db, &h->scratch[0]) != HS_SUCCESS) {
        snprintf(err, errlen, "hs_alloc_scratch failed");
        vb_hs_free(h);
        return -1;
    }
    for (i = 1; i < threads; i++)
        if (hs_clone_scratch(h->scratch[0], &h->scratch[i]) != HS_SUCCESS) {
            snprintf(err, errlen, "hs_clone_scratch failed");
            vb_hs_free(h);
            return -1;
        }
    *out = h;
    return 0;
}

void vb_hs_free(vb_hs *h) {
    unsigned i;
    if (!h) return;
    if (h->scratch)
        for (i = 0; i < h->threads; i++)
            if (h->scratch[i]) hs_free_scratch(h->scratch[i]);
    free(h->scratch);
    if (h->db) hs_free_database(h->db);
    free(h);
}

/* ---- counting ------------------------------------------------------------ */
/* one Hyperscan callback for counting and presence: a match counts when it ends after ctx_len
   (the history bytes before a thread's range); with row set it also sets its pattern's bit there */
typedef struct vb_hs_count_ctx {
    unsigned long long ctx_len;
    uint64_t matches;
    uint32_t *row;                  /* presence: the region's bitmap row; NULL when counting */
} vb_hs_count_ctx;

static int vb_hs_on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int fl,
                          void *user) {
    vb_hs_count_ctx *c = (vb_hs_count_ctx *)user;
    (void)from; (void)fl;
    if (to <= c->ctx_len) return 0;
    c->matches++;
    if (c->row) c->row[id >> 5] |= 1u << (id & 31u);
    return 0;
}

typedef struct vb_hs_job {
    vb_hs *h;
    unsigned t;
    const uint8_t *data;
    size_t len;
    /* count */
    size_t begin, end;
    vb_hs_count_ctx cc;
    /* presence */
    const uint64_t *starts;
    uint32_t rbegin, rend, count;
    uint32_t *out;
    uint32_t wpr;
    int rc;
} vb_hs_job;

static void vb_hs_count_range(vb_hs_job *j) {
    size_t hist = j->h->max_len ? j->h->max_len - 1 : 0;
    size_t s = j->begin > hist ? j->begin - hist : 0;
    j->cc.ctx_len = j->begin - s;
    j->cc.matches = 0;
    j->cc.row = NULL;
    if (j->end <= j->begin) {
        j->rc = 0;
        return;
    }
    j->rc = hs_scan(j->h->db, (const char *)j->data + s, (unsigned)(j->end - s), 0, j->h->scratch[j->t],
                    vb_hs_on_match, &j->cc) == HS_SUCCESS ? 0 : -1;
}

/* Run jobs[1..n) on threads (inline if a thread cannot start) and jobs[0]
   on the caller; sum the matches. 0, or -1 if any job failed. */
static int vb_hs_run(vb_hs_job *jobs, unsigned n, void *(*fn)(void *), uint64_t *matches) {
    pthread_t tid[256];
    int joined[256], rc = 0;
    uint64_t total = 0;
    unsigned t;
    for (t = 1; t < n; t++) {
        joined[t] = pthread_create(&tid[t], NULL, fn, &jobs[t]) == 0;
        if (!joined[t]) fn(&jobs[t]);
    }
    fn(&jobs[0]);
    for (t = 1; t < n; t++)
        if (joined[t]) pthread_join(tid[t], NULL);
    for (t = 0; t < n; t++) {
        if (jobs[t].rc) rc = -1;
        total += jobs[t].cc.matches;
    }
    *matches = total;
    return rc;
}

static void *vb_hs_count_thread(void *arg) {
    vb_hs_count_range((vb_hs_job *)arg);
    return NULL;
}

int vb_hs_count(vb_hs *h, const uint8_t *data, size_t len, uint64_t *matches) {
    vb_hs_job jobs[256];
    unsigned n = h->threads, t;
    size_t per;
    uint64_t total = 0;
    if (n > 256) n = 256;
    /* hs_scan takes an unsigned length: also split one thread's work into < 4 GiB pieces */
    if (n == 1 && len < ((size_t)1 << 31)) {
        jobs[0].h = h; jobs[0].t = 0; jobs[0].data = data; jobs[0].begin = 0; jobs[0].end = len;
        vb_hs_count_range(&jobs[0]);
        *matches = jobs[0].cc.matches;
        return jobs[0].rc;
    }
    if (n == 1) {
        size_t piece = (size_t)1 << 30, b;
        for (b = 0; b < len; b += piece) {
            jobs[0].h = h; jobs[0].t = 0; jobs[0].data = data; jobs[0].begin = b;
            jobs[0].end = b + piece < len ? b + piece : len;
            vb_hs_count_range(&jobs[0]);
            if (jobs[0].rc) return -1;
            total += jobs[0].cc.matches;
        }
        *matches = total;
        return 0;
    }
    per = (len + n - 1) / n;
    for (t = 0; t < n; t++) {
        jobs[t].h = h; jobs[t].t = t; jobs[t].data = data;
        jobs[t].begin = (size_t)t * per < len ? (size_t)t * per : len;
        jobs[t].end = jobs[t].begin + per < len ? jobs[t].begin + per : len;
    }
    return vb_hs_run(jobs, n, vb_hs_count_thread, matches);
}

/* ---- presence by region ---------------------------------------------------- */
static void vb_hs_presence_range(vb_hs_job *j) {
    uint32_t r;
    vb_hs_count_ctx pc;
    pc.ctx_len = 0; /* every match ends after byte 0 */
    pc.matches = 0;
    j->rc = 0;
    for (r = j->rbegin; r < j->rend; r++) {
        uint64_t s = j->starts[r];
        uint64_t e = r + 1 < j->count ? j->starts[r + 1] : j->len;
        pc.row = j->out + (size_t)r * j->wpr;
        memset(pc.row, 0, j->wpr * sizeof *pc.row);
        if (e <= s) continue;
        if (hs_scan(j->h->db, (const char *)j->data + s, (unsigned)(e - s), 0, j->h->scratch[j->t],
                    vb_hs_on_match, &pc) != HS_SUCCESS)
            j->rc = -1;
    }
    j->cc.matches = pc.matches;
}

static void *vb_hs_presence_thread(void *arg) {
    vb_hs_presence_range((vb_hs_job *)arg);
    return NULL;
}

int vb_hs_presence(vb_hs *h, const uint8_t *data, size_t len, const uint64_t *starts, uint32_t count,
                   uint32_t *out, uint32_t wpr, uint64_t *matches) {
    vb_hs_job jobs[256];
    unsigned n = h->threads, t;
    if (n > 256) n = 256;
    if (n > count) n = count ? count : 1;
    /* split regions so each thread gets about len / n bytes */
    {
        uint32_t r = 0;
        for (t = 0; t < n; t++) {
            uint64_t goal = (uint64_t)len * (t + 1) / n;
            jobs[t].h = h; jobs[t].t = t; jobs[t].data = data; jobs[t].len = len;
            jobs[t].starts = starts; jobs[t].count = count; jobs[t].out = out; jobs[t].wpr = wpr;
            jobs[t].rbegin = r;
            while (r < count && (t == n - 1 || starts[r] < goal)) r++;
            jobs[t].rend = r;
        }
    }
    return vb_hs_run(jobs, n, vb_hs_presence_thread, matches);
}
