/* Translation unit 1 of 2: the implementation (vyre.h and the GPU headers). */
#define VYRE_IMPLEMENTATION
#define VYRE_CUDA_IMPLEMENTATION
#define VYRE_OCL_IMPLEMENTATION
#include "vyre.h"
#include "vyre.h" /* a second include is harmless */
#include "vyre_cuda.h"
#include "vyre_ocl.h"
#ifdef __cplusplus
extern "C" {
#endif
int vt_tu_impl_marker(void);
int vt_tu_impl_marker(void) { return 1; }
#ifdef __cplusplus
}
#endif
