/* vyre_ocl.h - OpenCL backend for vyre (ICD loader, loaded at run time).
   STUB: the real backend is being written. The declarations below are fixed. */
#ifndef VYRE_OCL_H
#define VYRE_OCL_H
#include "vyre.h"
#ifdef __cplusplus
extern "C" {
#endif
typedef enum vyre_ocl_select {
    VYRE_OCL_SELECT_AUTO = 0,        /* first GPU device of any platform, else the first device */
    VYRE_OCL_SELECT_GPU = 1,         /* first GPU device; none is VYRE_ERR_BACKEND_UNAVAILABLE */
    VYRE_OCL_SELECT_CPU = 2,         /* first CPU device (e.g. POCL) */
    VYRE_OCL_SELECT_INDEX = 3,       /* platform_index / device_index */
    VYRE_OCL_SELECT_FORCE_I32 = 0x7FFFFFFF
} vyre_ocl_select;
typedef struct vyre_ocl_desc {
    vyre_ocl_select select;          /* default AUTO */
    uint32_t platform_index;         /* with VYRE_OCL_SELECT_INDEX */
    uint32_t device_index;           /* with VYRE_OCL_SELECT_INDEX */
    const char *cache_dir;           /* program-binary cache, as vyre_cuda_desc.cache_dir */
    vyre_allocator allocator;
} vyre_ocl_desc;
VYREDEF vyre_result vyre_ocl_backend_create(const vyre_ocl_desc *desc, vyre_backend **out, vyre_error *err);
#ifdef __cplusplus
}
#endif
#endif
#if defined(VYRE_OCL_IMPLEMENTATION) && !defined(VYRE_OCL_IMPLEMENTATION_DONE)
#define VYRE_OCL_IMPLEMENTATION_DONE
VYREDEF vyre_result vyre_ocl_backend_create(const vyre_ocl_desc *desc, vyre_backend **out, vyre_error *err) {
    (void)desc; if (out) *out = NULL;
    return vyre_set_error(err, VYRE_ERR_BACKEND_UNAVAILABLE, "Fix: use --backend=cpu until the OpenCL backend lands.",
                          "the OpenCL backend is not built yet");
}
#endif
