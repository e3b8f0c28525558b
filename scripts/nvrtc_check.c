/* scripts/nvrtc_check.c - compile kernels.inc with NVRTC exactly as vyre_cuda.h does
   (--gpu-architecture=sm_XX -lineinfo --std=c++14), no GPU needed: NVRTC is loaded with
   dlopen. Prints the log and "nvrtc_check: ok" or fails. Usage (repo root):
     cc -std=c99 -Wall -I. scripts/nvrtc_check.c -o build/nvrtc_check -ldl && build/nvrtc_check [90] */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define VYRE_KSRC(...) #__VA_ARGS__ "\n",
static const char *const src[] = {
#define VYRE_KERNELS_FOR_CUDA
#include "kernels.inc"
};
typedef int (*create_fn)(void **, const char *, const char *, int, const char *const *, const char *const *);
typedef int (*compile_fn)(void *, int, const char *const *);
typedef int (*size_fn)(void *, size_t *);
typedef int (*get_fn)(void *, char *);
int main(int argc, char **argv) {
    const char *libs[] = {"libnvrtc.so", "libnvrtc.so.13", "libnvrtc.so.12", "/usr/local/cuda/lib64/libnvrtc.so"};
    void *h = NULL, *prog = NULL;
    size_t i, n = 0, k = 0, ls = 0, ps = 0;
    char *all, *log, *ptx, arch[64];
    const char *opts[3];
    int rc;
    for (i = 0; i < 4 && !h; i++) h = dlopen(libs[i], RTLD_NOW);
    if (!h) { printf("nvrtc_check: SKIPPED (no libnvrtc)\n"); return 0; }
    for (i = 0; i < sizeof src / sizeof src[0]; i++) n += strlen(src[i]);
    all = (char *)malloc(n + 1);
    for (i = 0; i < sizeof src / sizeof src[0]; i++) { memcpy(all + k, src[i], strlen(src[i])); k += strlen(src[i]); }
    all[k] = 0;
    snprintf(arch, sizeof arch, "--gpu-architecture=sm_%s", argc > 1 ? argv[1] : "90");
    opts[0] = arch; opts[1] = "-lineinfo"; opts[2] = "--std=c++14";
    if (((create_fn)dlsym(h, "nvrtcCreateProgram"))(&prog, all, "kernels.inc", 0, NULL, NULL) != 0) { printf("nvrtc_check: create failed\n"); return 1; }
    rc = ((compile_fn)dlsym(h, "nvrtcCompileProgram"))(prog, 3, opts);
    ((size_fn)dlsym(h, "nvrtcGetProgramLogSize"))(prog, &ls);
    log = (char *)calloc(ls + 1, 1);
    ((get_fn)dlsym(h, "nvrtcGetProgramLog"))(prog, log);
    if (ls > 1) printf("%s\n", log);
    if (rc != 0) { printf("nvrtc_check: FAIL (%s, code %d)\n", arch, rc); return 1; }
    ((size_fn)dlsym(h, "nvrtcGetPTXSize"))(prog, &ps);
    ptx = (char *)calloc(ps + 1, 1);
    ((get_fn)dlsym(h, "nvrtcGetPTX"))(prog, ptx);
    for (i = 0; i < 5; i++) {
        static const char *const names[5] = {"vyre_lit_matches", "vyre_lit_count", "vyre_lit_presence", "vyre_re_confirm", "vyre_ring_consume"};
        char want[64];
        snprintf(want, sizeof want, ".entry %s", names[i]);
        if (!strstr(ptx, want)) { printf("nvrtc_check: FAIL: %s missing\n", names[i]); return 1; }
    }
    printf("nvrtc_check: ok (%s, %zu bytes of PTX, vyre_re_confirm present)\n", arch, ps);
    free(all); free(log); free(ptx);
    return 0;
}
