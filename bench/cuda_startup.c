/* bench/cuda_startup.c - where the CUDA start-up time goes (issue 10, docs/PERF.md).
     cc -std=c99 -O2 -I. bench/cuda_startup.c -o build/cuda_startup -ldl -lpthread -lm
     build/cuda_startup raw     # driver only: dlopen, cuInit, primary context, cuMemAllocHost
     build/cuda_startup vyre    # vyre_cuda_backend_create, vyre_host_alloc, scanner, scans, destroy
   Run each in a fresh process (the driver initialises once per process). */
#define _POSIX_C_SOURCE 200809L
#define VYRE_IMPLEMENTATION
#define VYRE_CUDA_IMPLEMENTATION
#include "vyre.h"
#include "vyre_cuda.h"
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double ms(uint64_t a, uint64_t b) { return (double)(b - a) / 1e6; }

static int raw(void) {
    typedef int (*fi)(unsigned);
    typedef int (*fg)(int *, int);
    typedef int (*fr)(void **, int);
    typedef int (*fs)(void *);
    typedef int (*fa)(void **, size_t);
    typedef int (*ff)(void *);
    uint64_t t0 = vyre_now_ns(), t;
    void *h = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL), *ctx = NULL, *p[20];
    int dev = 0, i;
    if (!h) { printf("raw: no libcuda.so.1\n"); return 1; }
    t = vyre_now_ns(); printf("raw: dlopen %.1f ms\n", ms(t0, t)); t0 = t;
    if (((fi)dlsym(h, "cuInit"))(0)) { printf("raw: cuInit failed\n"); return 1; }
    t = vyre_now_ns(); printf("raw: cuInit %.1f ms\n", ms(t0, t)); t0 = t;
    ((fg)dlsym(h, "cuDeviceGet"))(&dev, 0);
    if (((fr)dlsym(h, "cuDevicePrimaryCtxRetain"))(&ctx, dev)) { printf("raw: retain failed\n"); return 1; }
    ((fs)dlsym(h, "cuCtxSetCurrent"))(ctx);
    t = vyre_now_ns(); printf("raw: primary context %.1f ms\n", ms(t0, t)); t0 = t;
    for (i = 0; i < 20; i++) if (((fa)dlsym(h, "cuMemAllocHost_v2"))(&p[i], (size_t)16 << 20)) { printf("raw: cuMemAllocHost failed\n"); return 1; }
    t = vyre_now_ns(); printf("raw: 20 x cuMemAllocHost 16 MiB %.1f ms (%.2f ms each)\n", ms(t0, t), ms(t0, t) / 20); t0 = t;
    for (i = 0; i < 20; i++) ((ff)dlsym(h, "cuMemFreeHost"))(p[i]);
    t = vyre_now_ns(); printf("raw: 20 x cuMemFreeHost %.1f ms\n", ms(t0, t));
    return 0;
}

static int vy(const char *patfile) {
    vyre_backend *b = NULL;
    vyre_error e;
    vyre_literal_set *set = NULL;
    vyre_scanner *sc = NULL;
    vyre_literal lits[1024];
    char lines[1024][128];
    size_t n = 0, i;
    void *p[20];
    uint64_t t0 = vyre_now_ns(), t, cnt = 0;
    uint8_t *buf;
    vyre_compile_desc cd;
    FILE *f = fopen(patfile, "r");
    memset(&e, 0, sizeof e);
    if (vyre_cuda_backend_create(NULL, &b, &e) != VYRE_OK) { printf("vyre: create failed: %s\n", e.message); return 1; }
    t = vyre_now_ns(); printf("vyre: vyre_cuda_backend_create %.1f ms\n", ms(t0, t)); t0 = t;
    for (i = 0; i < 20; i++) if (vyre_host_alloc(b, (size_t)16 << 20, &p[i], &e) != VYRE_OK) { printf("vyre: host_alloc failed\n"); return 1; }
    t = vyre_now_ns(); printf("vyre: 20 x vyre_host_alloc 16 MiB %.1f ms\n", ms(t0, t)); t0 = t;
    while (f && n < 1024 && fgets(lines[n], sizeof lines[n], f)) {
        size_t l = strlen(lines[n]);
        while (l && (lines[n][l - 1] == '\n' || lines[n][l - 1] == '\r')) lines[n][--l] = 0;
        if (!l) continue;
        lits[n].bytes = lines[n]; lits[n].len = l; lits[n].flags = 0; n++;
    }
    if (f) fclose(f);
    memset(&cd, 0, sizeof cd); cd.flags = VYRE_CASELESS;
    if (vyre_literal_set_compile(lits, n, &cd, &set, &e) != VYRE_OK) { printf("vyre: compile failed: %s\n", e.message); return 1; }
    t = vyre_now_ns(); printf("vyre: compile %zu patterns %.1f ms\n", n, ms(t0, t)); t0 = t;
    if (vyre_scanner_create(b, set, NULL, &sc, &e) != VYRE_OK) { printf("vyre: scanner failed: %s\n", e.message); return 1; }
    t = vyre_now_ns(); printf("vyre: scanner_create %.1f ms\n", ms(t0, t)); t0 = t;
    buf = (uint8_t *)p[0];
    for (i = 0; i < ((size_t)16 << 20); i++) buf[i] = (uint8_t)("abcdefghij klmnop\n"[i % 18]);
    for (i = 0; i < 4; i++) {
        t0 = vyre_now_ns();
        if (vyre_scan_count(sc, buf, (size_t)16 << 20, &cnt, &e) != VYRE_OK) { printf("vyre: scan failed: %s\n", e.message); return 1; }
        t = vyre_now_ns(); printf("vyre: scan_count 16 MiB pinned #%zu %.2f ms (%.1f GB/s)\n", i, ms(t0, t), 16.777216 / ms(t0, t));
    }
    t0 = vyre_now_ns();
    vyre_scanner_destroy(sc);
    for (i = 0; i < 20; i++) vyre_host_free(b, p[i]);
    t = vyre_now_ns(); printf("vyre: scanner_destroy + 20 host_free %.1f ms\n", ms(t0, t)); t0 = t;
    vyre_backend_destroy(b);
    t = vyre_now_ns(); printf("vyre: backend_destroy %.1f ms\n", ms(t0, t));
    vyre_literal_set_free(set);
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "raw") == 0) return raw();
    return vy(argc > 2 ? argv[2] : "patterns/gitleaks-keywords.txt");
}
