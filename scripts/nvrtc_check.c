/* scripts/nvrtc_check.c - compile kernels.inc with NVRTC exactly as vyre_cuda.h does
   (--gpu-architecture=sm_XX -lineinfo --std=c++14), one program per kernel family
   (vyre.h >>backend-kit, VYRE_KERNELS_UNITS), plus the whole file (every family, as
   tools that include kernels.inc without VYRE_KERNELS_FAMILIES see it). No GPU needed:
   NVRTC is loaded with dlopen. Each family's PTX must hold its own kernels and none of
   another family's. Prints the logs and "nvrtc_check: ok" or fails. VYRE_PTX_DIR=dir keeps each
   unit's PTX as dir/NAME.ptx (scripts/ptx_regs.sh). Usage (repo root):
     cc -std=c99 -Wall -I. scripts/nvrtc_check.c -o build/nvrtc_check -ldl && build/nvrtc_check [90] */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "vyre.h"
#define VYRE_KSRC(...) #__VA_ARGS__ "\n",
#define VYRE_KERNELS_FOR_CUDA
#define VYRE_KERNELS_ARRAYS src  /* src[unit], src_count[unit], as the backends */
#include "kernels.inc"
#undef VYRE_KERNELS_ARRAYS
static const char *const src_all[] = {
#include "kernels.inc"
};
typedef int (*create_fn)(void **, const char *, const char *, int, const char *const *, const char *const *);
typedef int (*compile_fn)(void *, int, const char *const *);
typedef int (*size_fn)(void *, size_t *);
typedef int (*get_fn)(void *, char *);
static void *h;
static const char *const kernels[5] = {"vyre_lit_matches", "vyre_lit_count", "vyre_lit_presence", "vyre_re_confirm",
                                       "vyre_ring_consume"};
/* compile one unit; `want` = bit i set when kernels[i] must be in it (all others must not) */
static int check(const char *name, const char *const *src, size_t nsrc, unsigned want, const char *arch) {
    void *prog = NULL;
    size_t i, n = 0, k = 0, ls = 0, ps = 0;
    char *all, *log, *ptx;
    const char *opts[3];
    int rc, bad = 0;
    for (i = 0; i < nsrc; i++) n += strlen(src[i]);
    all = (char *)malloc(n + 1);
    for (i = 0; i < nsrc; i++) { memcpy(all + k, src[i], strlen(src[i])); k += strlen(src[i]); }
    all[k] = 0;
    struct timespec t0, t1;
    opts[0] = arch; opts[1] = "-lineinfo"; opts[2] = "--std=c++14";
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (((create_fn)dlsym(h, "nvrtcCreateProgram"))(&prog, all, name, 0, NULL, NULL) != 0) { printf("nvrtc_check: %s: create failed\n", name); return 1; }
    rc = ((compile_fn)dlsym(h, "nvrtcCompileProgram"))(prog, 3, opts);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ((size_fn)dlsym(h, "nvrtcGetProgramLogSize"))(prog, &ls);
    log = (char *)calloc(ls + 1, 1);
    ((get_fn)dlsym(h, "nvrtcGetProgramLog"))(prog, log);
    if (ls > 1) printf("%s: %s\n", name, log);
    if (rc != 0) { printf("nvrtc_check: FAIL (%s, %s, code %d)\n", name, arch, rc); return 1; }
    ((size_fn)dlsym(h, "nvrtcGetPTXSize"))(prog, &ps);
    ptx = (char *)calloc(ps + 1, 1);
    ((get_fn)dlsym(h, "nvrtcGetPTX"))(prog, ptx);
    if (getenv("VYRE_PTX_DIR")) {   /* keep the PTX (scripts/ptx_regs.sh reads it with ptxas -v) */
        char path[4096];
        FILE *f;
        snprintf(path, sizeof path, "%s/%s.ptx", getenv("VYRE_PTX_DIR"), name);
        if ((f = fopen(path, "w")) != NULL) { fputs(ptx, f); fclose(f); }
    }
    for (i = 0; i < 5; i++) {
        char e[64];
        int has;
        snprintf(e, sizeof e, ".entry %s", kernels[i]);
        has = strstr(ptx, e) != NULL;
        if (has != (int)((want >> i) & 1u)) {
            printf("nvrtc_check: FAIL: %s %s %s\n", name, has ? "has the other family's" : "lacks", kernels[i]);
            bad = 1;
        }
    }
    if (!bad)
        printf("nvrtc_check: %-5s %s, %zu bytes of source, %zu bytes of PTX, compiled in %.0f ms\n", name, arch, k, ps,
               (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
    free(all); free(log); free(ptx);
    return bad;
}
#define N(a) (sizeof a / sizeof a[0])
int main(int argc, char **argv) {
    const char *libs[] = {"libnvrtc.so", "libnvrtc.so.13", "libnvrtc.so.12", "/usr/local/cuda/lib64/libnvrtc.so"};
    char arch[64];
    size_t i;
    int bad = 0;
    for (i = 0; i < 4 && !h; i++) h = dlopen(libs[i], RTLD_NOW);
    if (!h) { printf("nvrtc_check: SKIPPED (no libnvrtc)\n"); return 0; }
    snprintf(arch, sizeof arch, "--gpu-architecture=sm_%s", argc > 1 ? argv[1] : "90");
    bad |= check("lit", src[0], src_count[0], 0x07u, arch);
    bad |= check("nfa", src[1], src_count[1], 0x08u, arch);
    bad |= check("ring", src[2], src_count[2], 0x10u, arch);
    bad |= check("big", src[3], src_count[3], 0x00u, arch);   /* vyre_big_*: none of the five above */
    bad |= check("all", src_all, N(src_all), 0x1Fu, arch);
    if (bad) return 1;
    printf("nvrtc_check: ok (%s, each family alone and all together)\n", arch);
    return 0;
}
