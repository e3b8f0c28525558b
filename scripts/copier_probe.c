/* scripts/copier_probe.c - issue 9's one regression (presence/cuda/gitleaks-ci/64MiB one-shot, +13-18%
   against 57d98c8): is it the CUDA staging copier? Times vyre_cuda.h's copier (the shared
   vyre_worker_pool since the backend kit) against the dedicated copier 57d98c8 had (static
   partition: worker k always copies part k+1, the caller part 0), 16 MiB chunks (VYRE__CU_CHUNK)
   from pageable into page-locked memory, as lit_scan does. GPU machine (needs a CUDA device for the
   pinned buffer; plain malloc otherwise):
     cc -std=c99 -O2 -I. scripts/copier_probe.c -o build/copier_probe -lpthread -ldl -lm && build/copier_probe */
#define _GNU_SOURCE
#define VYRE_IMPLEMENTATION
#define VYRE_CUDA_IMPLEMENTATION
#include "vyre_cuda.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct old_copier {
    pthread_t th[7];
    unsigned n, started, quit, gen, pending, parts;
    pthread_mutex_t mu;
    pthread_cond_t go, done;
    unsigned char *dst;
    const unsigned char *src;
    size_t len;
} old_copier;
static void old_part(old_copier *c, unsigned part, unsigned parts) {
    size_t a = c->len / parts * part, e = part + 1 == parts ? c->len : c->len / parts * (part + 1);
    memcpy(c->dst + a, c->src + a, e - a);
}
static void *old_main(void *arg) {
    old_copier *c = (old_copier *)arg;
    unsigned seen = 0, me, parts;
    pthread_mutex_lock(&c->mu);
    me = c->n++;
    for (;;) {
        while (!c->quit && c->gen == seen) pthread_cond_wait(&c->go, &c->mu);
        if (c->quit) break;
        seen = c->gen; parts = c->parts;
        pthread_mutex_unlock(&c->mu);
        old_part(c, me + 1, parts);
        pthread_mutex_lock(&c->mu);
        if (--c->pending == 0) pthread_cond_signal(&c->done);
    }
    pthread_mutex_unlock(&c->mu);
    return NULL;
}
static void old_start(old_copier *c, unsigned want) {
    unsigned i;
    pthread_mutex_init(&c->mu, NULL); pthread_cond_init(&c->go, NULL); pthread_cond_init(&c->done, NULL);
    for (i = 0; i < want; i++) pthread_create(&c->th[i], NULL, old_main, c);
    c->started = want;
    pthread_mutex_lock(&c->mu);
    while (c->n < c->started) { pthread_mutex_unlock(&c->mu); sched_yield(); pthread_mutex_lock(&c->mu); }
    pthread_mutex_unlock(&c->mu);
}
static void old_copy(old_copier *c, void *dst, const void *src, size_t len) {
    pthread_mutex_lock(&c->mu);
    c->dst = (unsigned char *)dst; c->src = (const unsigned char *)src; c->len = len;
    c->pending = c->started; c->parts = c->started + 1; c->gen++;
    pthread_cond_broadcast(&c->go);
    pthread_mutex_unlock(&c->mu);
    old_part(c, 0, c->started + 1);
    pthread_mutex_lock(&c->mu);
    while (c->pending) pthread_cond_wait(&c->done, &c->mu);
    pthread_mutex_unlock(&c->mu);
}
static int cmpd(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return x < y ? -1 : x > y; }

int main(void) {
    const size_t chunk = (size_t)16 << 20, total = (size_t)256 << 20;
    unsigned char *src = (unsigned char *)malloc(total), *dst = NULL;
    vyre_backend *b = NULL;
    vyre_error e;
    vyre__cu_copier nc;
    old_copier oc;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned want = ncpu > 2 ? (unsigned)(ncpu / 2) : 0u, k, rep;
    double t[2][15];
    if (want > 7) want = 7;
    memset(src, 'a', total);
    if (vyre_cuda_backend_create(NULL, &b, &e) == VYRE_OK && vyre_host_alloc(b, chunk * 2, (void **)&dst, &e) == VYRE_OK)
        printf("destination: page-locked (vyre_host_alloc)\n");
    else { dst = (unsigned char *)malloc(chunk * 2); memset(dst, 0, chunk * 2); printf("destination: malloc (no CUDA: %s)\n", e.message); }
    memset(&nc, 0, sizeof nc); memset(&oc, 0, sizeof oc);
    vyre__cu_copier_start(&nc, NULL, want);
    old_start(&oc, want);
    printf("%u copy threads + the caller, %zu MiB in %zu MiB chunks, 15 reps, alternating\n", want, total >> 20, chunk >> 20);
    for (rep = 0; rep < 15; rep++)
        for (k = 0; k < 2; k++) {
            size_t x;
            uint64_t t0 = vyre_now_ns();
            for (x = 0; x < total; x += chunk) {
                if (k == 0) vyre__cu_copy(&nc, dst + (x / chunk % 2) * chunk, src + x, chunk);
                else old_copy(&oc, dst + (x / chunk % 2) * chunk, src + x, chunk);
            }
            t[k][rep] = (double)(vyre_now_ns() - t0) / 1e6;
        }
    qsort(t[0], 15, sizeof(double), cmpd); qsort(t[1], 15, sizeof(double), cmpd);
    printf("worker pool copier (HEAD)   : median %.3f ms = %.1f GB/s (min %.3f, max %.3f)\n", t[0][7], total / t[0][7] / 1e6, t[0][0], t[0][14]);
    printf("dedicated copier (57d98c8)  : median %.3f ms = %.1f GB/s (min %.3f, max %.3f)\n", t[1][7], total / t[1][7] / 1e6, t[1][0], t[1][14]);
    return 0;
}
