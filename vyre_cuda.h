/* vyre_cuda.h - CUDA backend for vyre (driver API + NVRTC, loaded at run time).
   STUB: the real backend is being written. The declarations below are fixed. */
#ifndef VYRE_CUDA_H
#define VYRE_CUDA_H
#include "vyre.h"
#ifdef __cplusplus
extern "C" {
#endif
typedef struct vyre_cuda_desc {
    int device_index;                /* CUDA device ordinal; default 0 */
    const char *cache_dir;           /* compiled-module cache: NULL = $VYRE_CACHE_DIR, else $XDG_CACHE_HOME/vyre,
                                        else $HOME/.cache/vyre; "" disables the on-disk cache */
    uint64_t pool_budget_bytes;      /* resident buffer pool budget; default device memory / 32 */
    uint32_t flags;                  /* reserved, 0 */
    vyre_allocator allocator;
} vyre_cuda_desc;
/* Errors: VYRE_ERR_BACKEND_UNAVAILABLE (no libcuda.so.1 / NVRTC / device, with a Fix: hint),
   VYRE_ERR_DEVICE, VYRE_ERR_KERNEL_COMPILE (NVRTC log in the message), VYRE_ERR_OUT_OF_MEMORY. */
VYREDEF vyre_result vyre_cuda_backend_create(const vyre_cuda_desc *desc, vyre_backend **out, vyre_error *err);
#ifdef __cplusplus
}
#endif
#endif
#if defined(VYRE_CUDA_IMPLEMENTATION) && !defined(VYRE_CUDA_IMPLEMENTATION_DONE)
#define VYRE_CUDA_IMPLEMENTATION_DONE
VYREDEF vyre_result vyre_cuda_backend_create(const vyre_cuda_desc *desc, vyre_backend **out, vyre_error *err) {
    (void)desc; if (out) *out = NULL;
    return vyre_set_error(err, VYRE_ERR_BACKEND_UNAVAILABLE, "Fix: use --backend=cpu until the CUDA backend lands.",
                          "the CUDA backend is not built yet");
}
#endif
