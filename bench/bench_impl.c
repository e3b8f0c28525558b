/* bench/bench_impl.c - the one translation unit that holds the vyre
   implementation (core, CUDA, OpenCL) for the benchmark programs. */
#define VYRE_IMPLEMENTATION
#include "vyre.h"
#define VYRE_CUDA_IMPLEMENTATION
#include "vyre_cuda.h"
#define VYRE_OCL_IMPLEMENTATION
#include "vyre_ocl.h"
