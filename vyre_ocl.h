/* vyre_ocl.h - v0.1.0 - OpenCL backend for vyre (ICD loader, loaded at run time).
   Public domain / MIT (see the end of vyre.h).

   DO THIS
       #define VYRE_IMPLEMENTATION        (in one file, for vyre.h)
       #define VYRE_OCL_IMPLEMENTATION    (in one file)
       #include "vyre_ocl.h"
   kernels.inc must sit next to this header (it is #included as strings).
   Link with -ldl -lpthread. No OpenCL SDK is needed to build: the few CL
   types, constants and entry points used are declared here and the ICD loader
   (libOpenCL.so.1) is opened with dlopen() when a backend is created. On a
   machine without a loader, a platform or a device, vyre_ocl_backend_create()
   returns VYRE_ERR_BACKEND_UNAVAILABLE with a Fix: hint; nothing else fails.

   OPTIONS (define before including, in the implementation file)
       VYRE_OCL_USE_SYSTEM_HEADERS  off   include <CL/cl.h> and check every
                                          constant and entry-point type used
                                          here against it at compile time
                                          (still loads the library with dlopen)

   WHAT IT DOES
       - Platform/device selection (vyre_ocl_desc.select): AUTO = the first GPU
         device of any platform, else the first device; GPU; CPU (e.g. POCL);
         INDEX = platform_index/device_index as listed by `clinfo -l`.
       - One context and one in-order command queue with profiling enabled
         (device_ns comes from CL_PROFILING_COMMAND_START/END of events).
       - kernels.inc is built with clBuildProgram one kernel family at a time
         (vyre.h >>backend-kit, VYRE_KERNELS_UNITS): a family's program is
         built on the first use of one of its kernels (vyre_backend_prepare()
         builds the literal family eagerly; the regex family is built when a
         regex set is first scanned here); the build log is in the
         VYRE_ERR_KERNEL_COMPILE message. An optional program-binary cache
         (CL_PROGRAM_BINARIES) holds one entry per family (ocl-<family>),
         keyed by a hash of that family's kernel source, the platform, device
         name, device version, driver version, build options and the vyre
         version. Unreadable or corrupt entries are ignored and
         rebuilt; write failures of the cache are ignored (the cache is an
         optimisation, never a correctness dependency).
       - The whole vyre_backend_vtable except the native literal scanner
         (lit_*): scanners therefore use the generic resident programs of
         vyre.h >>programs, which produce the same results as the CPU backend.

   RESIDENT BUFFERS
       Handles are (backend tag << 48 | generation << 32 | slot + 1): a handle
       of another backend, a freed one or 0 is VYRE_ERR_BAD_HANDLE. The device
       allocation is rounded up to 16 bytes (kernels may read 16-byte vectors)
       and zero-filled at allocation (this also makes the driver commit the
       memory, so an allocation that does not fit fails here and not at first
       use); ranges are checked against the size that was asked for.
       The zero-fill at allocation is not counted in telemetry.fills/syncs.

   TIMING
       dispatch_resident: device_ns = the kernel's event (START..END).
       dispatch (borrowed) and sequence: device_ns = first START .. last END
       over every command issued (copies, fills and kernels).
       enqueue_ns = host time issuing commands, wait_ns = host time in the one
       clFinish.

   THREAD SAFETY
       Every vtable entry takes the backend's mutex: one backend may be used
       from several threads; calls are serialised.

   LIMITS
       POSIX only (dlopen, pthreads). One dispatch covers < 4 GiB of haystack
       (the programs' offsets are u32).

   CONTENTS (grep for the anchors; shared, device-independent code lives in
   vyre.h >>backend-kit and >>programs)
       >>ocl-api        vyre_ocl_desc (ordinal), vyre_ocl_device_count, vyre_ocl_info, create/info
       >>ocl-impl       implementation starts
       >>ocl-types      the CL types and constants used (no SDK headers)
       >>ocl-state      the backend struct, slots, kernels
       >>ocl-load       dlopen of the ICD loader, platform/device choice
       >>ocl-cache      program-binary cache key and load/store (kit layout)
       >>ocl-handles    buffer handles and range checks
       >>ocl-programs   program checks and kernel launch
       >>ocl-vtable     buffers, transfers, sequences, resident dispatch, telemetry, lifecycle
       >>ocl-borrowed   borrowed dispatch
       >>ocl-create     vyre_ocl_backend_create, vyre_ocl_backend_info
*/
#ifndef VYRE_OCL_H
#define VYRE_OCL_H
#include "vyre.h"
#ifdef __cplusplus
extern "C" {
#endif

/* ==================================================================== */
/* >>ocl-api                                                             */
/* ==================================================================== */
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
    const char *cache_dir;           /* program-binary cache, as vyre_cuda_desc.cache_dir: NULL = $VYRE_CACHE_DIR,
                                        else $XDG_CACHE_HOME/vyre, else $HOME/.cache/vyre; "" disables it */
    vyre_allocator allocator;
    const char *library;             /* ICD loader to dlopen; default "libOpenCL.so.1", then "libOpenCL.so" */
    uint32_t local_size;             /* work-items per workgroup, a power of two <= 256; default 256 (lowered to the
                                        device/kernel limit) */
    uint32_t ordinal;                /* with AUTO / GPU / CPU: the ordinal-th available matching device over all
                                        platforms in platform order (0 = the first; 0 .. vyre_ocl_device_count() - 1);
                                        default 0. Several backends may open the same device (each its own context
                                        and queue); one backend per ordinal drives several devices (vyre.h >>multi) */
} vyre_ocl_desc;

/* Create an OpenCL backend (vyre_backend_id() == "opencl").
   Errors: VYRE_ERR_BACKEND_UNAVAILABLE (no loader, no platform, no matching
   device; the message names what was found, with a Fix: hint),
   VYRE_ERR_INVALID_ARGUMENT (bad select value), VYRE_ERR_DEVICE (context or
   queue creation failed), VYRE_ERR_BAD_ALLOCATOR, VYRE_ERR_OUT_OF_MEMORY.
   Thread safety: any thread. */
VYREDEF vyre_result vyre_ocl_backend_create(const vyre_ocl_desc *desc, vyre_backend **out, vyre_error *err);

/* The number of available devices that desc's select would choose from: AUTO
   counts GPU devices if there is any, else every device; GPU and CPU count
   that type; INDEX counts the devices of platform_index. desc may be NULL
   (AUTO); only select, platform_index and library are read. The valid
   ordinals for that select are 0 .. *count - 1.
   Returns VYRE_OK with *count >= 1, or VYRE_ERR_BACKEND_UNAVAILABLE with
   *count = 0 (no loader, no platform, no such device), with a Fix: line.
   Thread safety: any thread. */
VYREDEF vyre_result vyre_ocl_device_count(const vyre_ocl_desc *desc, uint32_t *count, vyre_error *err);

/* Facts about an OpenCL backend (for tools and tests). */
typedef struct vyre_ocl_info {
    char platform_name[128];
    char platform_version[128];
    char device_name[128];
    char device_version[128];
    char driver_version[64];
    uint32_t is_gpu;                 /* CL_DEVICE_TYPE_GPU */
    uint32_t program_built;          /* a kernels.inc family has been built in this backend */
    uint32_t program_from_cache;     /* ... every family built so far came from the binary cache (no compile) */
    uint32_t local_size;             /* work-items per workgroup used for launches */
    uint64_t build_ns;               /* host time of the program builds or cache loads, all families so far */
    char cache_file[512];            /* the cache entry of the first family built (the literal one after
                                        prepare), "" when the cache is disabled */
    uint32_t families;               /* VYRE_KERNELS_* families built so far */
} vyre_ocl_info;
/* VYRE_ERR_INVALID_ARGUMENT if `b` is not an OpenCL backend. */
VYREDEF vyre_result vyre_ocl_backend_info(vyre_backend *b, vyre_ocl_info *out, vyre_error *err);

#ifdef __cplusplus
}
#endif
#endif /* VYRE_OCL_H */

/* ==================================================================== */
/* >>ocl-impl                                                            */
/* ==================================================================== */
#if defined(VYRE_OCL_IMPLEMENTATION) && !defined(VYRE_OCL_IMPLEMENTATION_DONE)
#define VYRE_OCL_IMPLEMENTATION_DONE
#define VYRE_KIT_WANT_DLOPEN             /* vyre.h >>kit-dlopen: vyre__kit_dlopen_first */
#include "vyre.h"
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#ifdef VYRE_OCL_USE_SYSTEM_HEADERS
#  ifndef CL_TARGET_OPENCL_VERSION
#    define CL_TARGET_OPENCL_VERSION 300
#  endif
#  ifndef CL_USE_DEPRECATED_OPENCL_1_2_APIS
#    define CL_USE_DEPRECATED_OPENCL_1_2_APIS
#  endif
#  include <CL/cl.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* --- >>ocl-types: the few CL types and constants used ----------------- */
#ifdef VYRE_OCL_USE_SYSTEM_HEADERS
typedef cl_int vyre__cl_int;
typedef cl_uint vyre__cl_uint;
typedef cl_ulong vyre__cl_ulong;
typedef cl_bitfield vyre__cl_bitfield;
typedef cl_platform_id vyre__cl_platform_id;
typedef cl_device_id vyre__cl_device_id;
typedef cl_context vyre__cl_context;
typedef cl_command_queue vyre__cl_command_queue;
typedef cl_mem vyre__cl_mem;
typedef cl_program vyre__cl_program;
typedef cl_kernel vyre__cl_kernel;
typedef cl_event vyre__cl_event;
typedef cl_context_properties vyre__cl_properties;
#else
typedef int32_t vyre__cl_int;
typedef uint32_t vyre__cl_uint;
typedef uint64_t vyre__cl_ulong;
typedef uint64_t vyre__cl_bitfield;
typedef struct vyre__cl_opaque_platform *vyre__cl_platform_id;
typedef struct vyre__cl_opaque_device *vyre__cl_device_id;
typedef struct vyre__cl_opaque_context *vyre__cl_context;
typedef struct vyre__cl_opaque_queue *vyre__cl_command_queue;
typedef struct vyre__cl_opaque_mem *vyre__cl_mem;
typedef struct vyre__cl_opaque_program *vyre__cl_program;
typedef struct vyre__cl_opaque_kernel *vyre__cl_kernel;
typedef struct vyre__cl_opaque_event *vyre__cl_event;
typedef intptr_t vyre__cl_properties;
#endif

#define VYRE__CL_SUCCESS 0
#define VYRE__CL_DEVICE_NOT_FOUND (-1)
#define VYRE__CL_DEVICE_NOT_AVAILABLE (-2)
#define VYRE__CL_MEM_OBJECT_ALLOCATION_FAILURE (-4)
#define VYRE__CL_OUT_OF_RESOURCES (-5)
#define VYRE__CL_OUT_OF_HOST_MEMORY (-6)
#define VYRE__CL_BUILD_PROGRAM_FAILURE (-11)
#define VYRE__CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST (-14)
#define VYRE__CL_INVALID_KERNEL_NAME (-46)
#define VYRE__CL_INVALID_BUFFER_SIZE (-61)
#define VYRE__CL_PLATFORM_NOT_FOUND_KHR (-1001)
#define VYRE__CL_FALSE 0u
#define VYRE__CL_TRUE 1u
#define VYRE__CL_DEVICE_TYPE_CPU (1u << 1)
#define VYRE__CL_DEVICE_TYPE_GPU (1u << 2)
#define VYRE__CL_DEVICE_TYPE_ALL 0xFFFFFFFFu
#define VYRE__CL_PLATFORM_VERSION 0x0901u
#define VYRE__CL_PLATFORM_NAME 0x0902u
#define VYRE__CL_DEVICE_TYPE 0x1000u
#define VYRE__CL_DEVICE_MAX_COMPUTE_UNITS 0x1002u
#define VYRE__CL_DEVICE_MAX_WORK_GROUP_SIZE 0x1004u
#define VYRE__CL_DEVICE_MAX_MEM_ALLOC_SIZE 0x1010u
#define VYRE__CL_DEVICE_GLOBAL_MEM_CACHE_SIZE 0x101Eu
#define VYRE__CL_DEVICE_GLOBAL_MEM_SIZE 0x101Fu
#define VYRE__CL_DEVICE_LOCAL_MEM_SIZE 0x1023u
#define VYRE__CL_DEVICE_AVAILABLE 0x1027u
#define VYRE__CL_DEVICE_NAME 0x102Bu
#define VYRE__CL_DRIVER_VERSION 0x102Du
#define VYRE__CL_DEVICE_VERSION 0x102Fu
#define VYRE__CL_DEVICE_EXTENSIONS 0x1030u
#define VYRE__CL_DEVICE_COMPUTE_CAPABILITY_MAJOR_NV 0x4000u
#define VYRE__CL_DEVICE_COMPUTE_CAPABILITY_MINOR_NV 0x4001u
#define VYRE__CL_DEVICE_WARP_SIZE_NV 0x4003u
#define VYRE__CL_QUEUE_PROFILING_ENABLE (1u << 1)
#define VYRE__CL_QUEUE_PROPERTIES 0x1093u
#define VYRE__CL_MEM_READ_WRITE (1u << 0)
#define VYRE__CL_MEM_ALLOC_HOST_PTR (1u << 4)
#define VYRE__CL_MAP_READ (1u << 0)
#define VYRE__CL_MAP_WRITE (1u << 1)
#define VYRE__CL_PROGRAM_BINARY_SIZES 0x1165u
#define VYRE__CL_PROGRAM_BINARIES 0x1166u
#define VYRE__CL_PROGRAM_BUILD_LOG 0x1183u
#define VYRE__CL_KERNEL_WORK_GROUP_SIZE 0x11B0u
#define VYRE__CL_EVENT_COMMAND_EXECUTION_STATUS 0x11D3u
#define VYRE__CL_PROFILING_COMMAND_START 0x1282u
#define VYRE__CL_PROFILING_COMMAND_END 0x1283u

#if defined(_WIN32)
#  define VYRE__CL_CALL __stdcall
#else
#  define VYRE__CL_CALL
#endif

/* The entry points, in load order (X(name, return, params)). */
#define VYRE__CL_FUNCS(X) \
    X(GetPlatformIDs, vyre__cl_int, (vyre__cl_uint, vyre__cl_platform_id *, vyre__cl_uint *)) \
    X(GetPlatformInfo, vyre__cl_int, (vyre__cl_platform_id, vyre__cl_uint, size_t, void *, size_t *)) \
    X(GetDeviceIDs, vyre__cl_int, (vyre__cl_platform_id, vyre__cl_bitfield, vyre__cl_uint, vyre__cl_device_id *, vyre__cl_uint *)) \
    X(GetDeviceInfo, vyre__cl_int, (vyre__cl_device_id, vyre__cl_uint, size_t, void *, size_t *)) \
    X(CreateContext, vyre__cl_context, (const vyre__cl_properties *, vyre__cl_uint, const vyre__cl_device_id *, \
        void (VYRE__CL_CALL *)(const char *, const void *, size_t, void *), void *, vyre__cl_int *)) \
    X(ReleaseContext, vyre__cl_int, (vyre__cl_context)) \
    X(CreateCommandQueue, vyre__cl_command_queue, (vyre__cl_context, vyre__cl_device_id, vyre__cl_bitfield, vyre__cl_int *)) \
    X(ReleaseCommandQueue, vyre__cl_int, (vyre__cl_command_queue)) \
    X(CreateBuffer, vyre__cl_mem, (vyre__cl_context, vyre__cl_bitfield, size_t, void *, vyre__cl_int *)) \
    X(ReleaseMemObject, vyre__cl_int, (vyre__cl_mem)) \
    X(CreateProgramWithSource, vyre__cl_program, (vyre__cl_context, vyre__cl_uint, const char **, const size_t *, vyre__cl_int *)) \
    X(CreateProgramWithBinary, vyre__cl_program, (vyre__cl_context, vyre__cl_uint, const vyre__cl_device_id *, \
        const size_t *, const unsigned char **, vyre__cl_int *, vyre__cl_int *)) \
    X(BuildProgram, vyre__cl_int, (vyre__cl_program, vyre__cl_uint, const vyre__cl_device_id *, const char *, \
        void (VYRE__CL_CALL *)(vyre__cl_program, void *), void *)) \
    X(GetProgramInfo, vyre__cl_int, (vyre__cl_program, vyre__cl_uint, size_t, void *, size_t *)) \
    X(GetProgramBuildInfo, vyre__cl_int, (vyre__cl_program, vyre__cl_device_id, vyre__cl_uint, size_t, void *, size_t *)) \
    X(ReleaseProgram, vyre__cl_int, (vyre__cl_program)) \
    X(CreateKernel, vyre__cl_kernel, (vyre__cl_program, const char *, vyre__cl_int *)) \
    X(ReleaseKernel, vyre__cl_int, (vyre__cl_kernel)) \
    X(SetKernelArg, vyre__cl_int, (vyre__cl_kernel, vyre__cl_uint, size_t, const void *)) \
    X(GetKernelWorkGroupInfo, vyre__cl_int, (vyre__cl_kernel, vyre__cl_device_id, vyre__cl_uint, size_t, void *, size_t *)) \
    X(EnqueueWriteBuffer, vyre__cl_int, (vyre__cl_command_queue, vyre__cl_mem, vyre__cl_uint, size_t, size_t, const void *, \
        vyre__cl_uint, const vyre__cl_event *, vyre__cl_event *)) \
    X(EnqueueReadBuffer, vyre__cl_int, (vyre__cl_command_queue, vyre__cl_mem, vyre__cl_uint, size_t, size_t, void *, \
        vyre__cl_uint, const vyre__cl_event *, vyre__cl_event *)) \
    X(EnqueueFillBuffer, vyre__cl_int, (vyre__cl_command_queue, vyre__cl_mem, const void *, size_t, size_t, size_t, \
        vyre__cl_uint, const vyre__cl_event *, vyre__cl_event *)) \
    X(EnqueueNDRangeKernel, vyre__cl_int, (vyre__cl_command_queue, vyre__cl_kernel, vyre__cl_uint, const size_t *, \
        const size_t *, const size_t *, vyre__cl_uint, const vyre__cl_event *, vyre__cl_event *)) \
    X(Finish, vyre__cl_int, (vyre__cl_command_queue)) \
    X(Flush, vyre__cl_int, (vyre__cl_command_queue)) \
    X(GetEventInfo, vyre__cl_int, (vyre__cl_event, vyre__cl_uint, size_t, void *, size_t *)) \
    X(GetEventProfilingInfo, vyre__cl_int, (vyre__cl_event, vyre__cl_uint, size_t, void *, size_t *)) \
    X(ReleaseEvent, vyre__cl_int, (vyre__cl_event)) \
    X(EnqueueMapBuffer, void *, (vyre__cl_command_queue, vyre__cl_mem, vyre__cl_uint, vyre__cl_bitfield, size_t, size_t, \
        vyre__cl_uint, const vyre__cl_event *, vyre__cl_event *, vyre__cl_int *)) \
    X(EnqueueUnmapMemObject, vyre__cl_int, (vyre__cl_command_queue, vyre__cl_mem, void *, vyre__cl_uint, \
        const vyre__cl_event *, vyre__cl_event *))

typedef struct vyre__cl_api {
    void *lib;
#define VYRE__CL_FIELD(name, ret, params) ret (VYRE__CL_CALL *name) params;
    VYRE__CL_FUNCS(VYRE__CL_FIELD)
#undef VYRE__CL_FIELD
} vyre__cl_api;

#ifdef VYRE_OCL_USE_SYSTEM_HEADERS
/* Compile-time checks that the declarations above agree with <CL/cl.h>. */
typedef char vyre__cl_chk_int[(sizeof(cl_int) == sizeof(vyre__cl_int)) ? 1 : -1];
typedef char vyre__cl_chk_bitfield[(sizeof(cl_bitfield) == sizeof(vyre__cl_bitfield)) ? 1 : -1];
typedef char vyre__cl_chk_props[(sizeof(cl_context_properties) == sizeof(vyre__cl_properties)) ? 1 : -1];
#define VYRE__CL_CHK(n) typedef char vyre__cl_chk_##n[(VYRE__CL_##n == (CL_##n)) ? 1 : -1];
VYRE__CL_CHK(SUCCESS) VYRE__CL_CHK(DEVICE_NOT_FOUND) VYRE__CL_CHK(DEVICE_NOT_AVAILABLE)
VYRE__CL_CHK(MEM_OBJECT_ALLOCATION_FAILURE) VYRE__CL_CHK(OUT_OF_RESOURCES) VYRE__CL_CHK(OUT_OF_HOST_MEMORY)
VYRE__CL_CHK(BUILD_PROGRAM_FAILURE) VYRE__CL_CHK(EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST)
VYRE__CL_CHK(INVALID_KERNEL_NAME) VYRE__CL_CHK(INVALID_BUFFER_SIZE) VYRE__CL_CHK(FALSE) VYRE__CL_CHK(TRUE)
VYRE__CL_CHK(DEVICE_TYPE_CPU) VYRE__CL_CHK(DEVICE_TYPE_GPU) VYRE__CL_CHK(DEVICE_TYPE_ALL)
VYRE__CL_CHK(PLATFORM_VERSION) VYRE__CL_CHK(PLATFORM_NAME) VYRE__CL_CHK(DEVICE_TYPE)
VYRE__CL_CHK(DEVICE_MAX_COMPUTE_UNITS) VYRE__CL_CHK(DEVICE_MAX_WORK_GROUP_SIZE)
VYRE__CL_CHK(DEVICE_MAX_MEM_ALLOC_SIZE) VYRE__CL_CHK(DEVICE_GLOBAL_MEM_CACHE_SIZE)
VYRE__CL_CHK(DEVICE_GLOBAL_MEM_SIZE) VYRE__CL_CHK(DEVICE_LOCAL_MEM_SIZE) VYRE__CL_CHK(DEVICE_AVAILABLE)
VYRE__CL_CHK(DEVICE_NAME) VYRE__CL_CHK(DRIVER_VERSION) VYRE__CL_CHK(DEVICE_VERSION)
VYRE__CL_CHK(DEVICE_EXTENSIONS) VYRE__CL_CHK(QUEUE_PROFILING_ENABLE) VYRE__CL_CHK(QUEUE_PROPERTIES)
VYRE__CL_CHK(MEM_READ_WRITE) VYRE__CL_CHK(PROGRAM_BINARY_SIZES) VYRE__CL_CHK(PROGRAM_BINARIES)
VYRE__CL_CHK(PROGRAM_BUILD_LOG) VYRE__CL_CHK(KERNEL_WORK_GROUP_SIZE)
VYRE__CL_CHK(EVENT_COMMAND_EXECUTION_STATUS) VYRE__CL_CHK(PROFILING_COMMAND_START)
VYRE__CL_CHK(PROFILING_COMMAND_END)
#undef VYRE__CL_CHK
/* Entry-point types: with the system headers the handle typedefs above are
   the cl_* ones, so assigning each real entry point to its pointer field in
   an unevaluated sizeof checks every prototype exactly (no link needed). */
static void vyre__cl_typecheck(vyre__cl_api *api) {
#define VYRE__CL_TYPECHECK(name, ret, params) (void)sizeof(api->name = cl##name);
    VYRE__CL_FUNCS(VYRE__CL_TYPECHECK)
#undef VYRE__CL_TYPECHECK
}
#endif

/* --- >>ocl-state: backend state ---------------------------------------- */
/* programs: vyre.h's table (VYRE_PROGRAM_LIST); kernel i is program vyre_program_at(i), mode i + 1 */
#define VYRE__CL_NPROG VYRE_PROGRAM_COUNT
/* kernels by index: the programs (vyre.h >>programs order), then the key-filter variants of the three
   literal programs (VYRE_LIT_KF_KERNEL) at VYRE__CL_NPROG + mode - 1 */
#define VYRE__CL_NKERN (VYRE__CL_NPROG + 3)
#define VYRE__CL_MAX_BINDINGS VYRE_PROGRAM_MAX_BINDINGS
#define VYRE__CL_MAX_SCALARS VYRE_PROGRAM_MAX_SCALARS
#ifndef VYRE__CL_BUILD_OPTIONS   /* debugging the kernels: e.g. "-cl-std=CL1.2 -cl-opt-disable" */
#define VYRE__CL_BUILD_OPTIONS "-cl-std=CL1.2"
#endif
/* kernels.inc's VK_WG: the count reduction and local arrays assume at most this many work-items per group */
#define VYRE__CL_MAX_LOCAL 256u

typedef struct vyre__cl_slot {
    vyre__cl_mem mem;                /* NULL = free slot */
    size_t bytes;                    /* as asked for */
    size_t alloc_bytes;              /* rounded up */
    uint32_t gen;                    /* 16 bits used */
    uint32_t next_free;              /* index + 1 of the next free slot, 0 = none */
} vyre__cl_slot;
typedef struct vyre__cl_hostmap { void *p; vyre__cl_mem mem; } vyre__cl_hostmap; /* one mapped staging buffer */

typedef struct vyre__cl_backend {
    vyre_allocator alloc;
    pthread_mutex_t lock;
    vyre__cl_api api;
    vyre__cl_platform_id platform;
    vyre__cl_device_id device;
    int count_only;                  /* vyre_ocl_device_count: select only counts */
    uint32_t counted;
    vyre__cl_context ctx;
    vyre__cl_command_queue queue;
    vyre__cl_program programs[VYRE_KERNELS_UNITS]; /* one per kernel family, built on first use (>>ocl-cache) */
    vyre__cl_kernel kernels[VYRE__CL_NKERN];
    size_t kernel_local[VYRE__CL_NKERN];
    vyre__cl_slot *slots;
    uint32_t nslots, capslots, free_head;
    uint32_t tag;                    /* 16-bit per-backend handle tag */
    int shut, lost;
    uint32_t local_size;
    vyre_telemetry tel;
    vyre_device_profile prof;
    vyre_ocl_info info;
    vyre_kernel_info kinfo;          /* vyre_backend_kernel_info: the first (literal) build; families from info */
    char cache_dir[400];
    char version_str[352];
    /* host staging (vtable host_alloc): CL_MEM_ALLOC_HOST_PTR buffers kept mapped; the
       driver pins them (NVIDIA: the fast DMA path for clEnqueueWriteBuffer from them) */
    vyre__cl_hostmap *hostmaps;
    uint32_t nhostmaps, caphostmaps;
} vyre__cl_backend;

static const char *vyre__cl_errname(vyre__cl_int e) {
    switch (e) {
    case 0: return "CL_SUCCESS";
    case -1: return "CL_DEVICE_NOT_FOUND";
    case -2: return "CL_DEVICE_NOT_AVAILABLE";
    case -3: return "CL_COMPILER_NOT_AVAILABLE";
    case -4: return "CL_MEM_OBJECT_ALLOCATION_FAILURE";
    case -5: return "CL_OUT_OF_RESOURCES";
    case -6: return "CL_OUT_OF_HOST_MEMORY";
    case -7: return "CL_PROFILING_INFO_NOT_AVAILABLE";
    case -11: return "CL_BUILD_PROGRAM_FAILURE";
    case -14: return "CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST";
    case -30: return "CL_INVALID_VALUE";
    case -33: return "CL_INVALID_DEVICE";
    case -34: return "CL_INVALID_CONTEXT";
    case -36: return "CL_INVALID_COMMAND_QUEUE";
    case -38: return "CL_INVALID_MEM_OBJECT";
    case -42: return "CL_INVALID_BINARY";
    case -43: return "CL_INVALID_BUILD_OPTIONS";
    case -44: return "CL_INVALID_PROGRAM";
    case -45: return "CL_INVALID_PROGRAM_EXECUTABLE";
    case -46: return "CL_INVALID_KERNEL_NAME";
    case -48: return "CL_INVALID_KERNEL";
    case -49: return "CL_INVALID_ARG_INDEX";
    case -50: return "CL_INVALID_ARG_VALUE";
    case -51: return "CL_INVALID_ARG_SIZE";
    case -52: return "CL_INVALID_KERNEL_ARGS";
    case -53: return "CL_INVALID_WORK_DIMENSION";
    case -54: return "CL_INVALID_WORK_GROUP_SIZE";
    case -55: return "CL_INVALID_WORK_ITEM_SIZE";
    case -56: return "CL_INVALID_GLOBAL_OFFSET";
    case -61: return "CL_INVALID_BUFFER_SIZE";
    case -63: return "CL_INVALID_GLOBAL_WORK_SIZE";
    case -1001: return "CL_PLATFORM_NOT_FOUND_KHR";
    default: return "CL_error";
    }
}

/* A failed CL call: marks the device lost for the errors that mean it. */
static vyre_result vyre__cl_fail(vyre__cl_backend *s, vyre_error *err, vyre__cl_int e, const char *what) {
    if (e == VYRE__CL_OUT_OF_RESOURCES || e == VYRE__CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST ||
        e == VYRE__CL_DEVICE_NOT_AVAILABLE) {
        if (e != VYRE__CL_OUT_OF_RESOURCES || strstr(what, "alloc") == NULL) {
            s->lost = 1;
            return vyre_set_error(err, VYRE_ERR_DEVICE_LOST,
                                  "Fix: call vyre_backend_try_recover() (resident buffers are lost) or recreate the backend; "
                                  "check the kernel's bounds and the driver log (dmesg).",
                                  "OpenCL %s failed with %s (%d): the device or its context is no longer usable", what,
                                  vyre__cl_errname(e), (int)e);
        }
    }
    if (e == VYRE__CL_MEM_OBJECT_ALLOCATION_FAILURE || e == VYRE__CL_OUT_OF_RESOURCES ||
        e == VYRE__CL_INVALID_BUFFER_SIZE)
        return vyre_set_error(err, VYRE_ERR_DEVICE_OUT_OF_MEMORY,
                              "Fix: free resident buffers, use smaller chunks (vyre_scanner_desc.chunk_bytes) or a device "
                              "with more memory.",
                              "OpenCL %s failed with %s (%d): the device is out of memory", what, vyre__cl_errname(e),
                              (int)e);
    return vyre_set_error(err, VYRE_ERR_DEVICE, "Fix: check the OpenCL driver installation (clinfo) and the device state.",
                          "OpenCL %s failed with %s (%d)", what, vyre__cl_errname(e), (int)e);
}

static vyre_result vyre__cl_usable(vyre__cl_backend *s, vyre_error *err) {
    return vyre_kit_check_usable("OpenCL", s->shut, s->lost, err);
}

static int vyre__cl_add_ok(size_t a, size_t b, size_t *out) {
    if (a > (size_t)-1 - b) return 0;
    *out = a + b;
    return 1;
}

/* --- >>ocl-load: the ICD loader, platform and device --------------------- */
static vyre_result vyre__cl_load(vyre__cl_api *api, const char *library, vyre_error *err) {
    static const char *const names[] = {"libOpenCL.so.1", "libOpenCL.so",
                                        "/System/Library/Frameworks/OpenCL.framework/OpenCL"};
    const char *dlerr = "";
    memset(api, 0, sizeof(*api));
    if (library)
        api->lib = vyre__kit_dlopen_first(&library, 1, &dlerr);
    else
        api->lib = vyre__kit_dlopen_first(names, sizeof(names) / sizeof(names[0]), &dlerr);
    if (!api->lib)
        return vyre_set_error(err, VYRE_ERR_BACKEND_UNAVAILABLE,
                              "Fix: install an OpenCL ICD loader and a driver (Debian/Ubuntu: apt-get install "
                              "ocl-icd-libopencl1 pocl-opencl-icd, or the GPU vendor's driver), or use the CPU backend (vyre_cpu_backend_create).",
                              "the OpenCL ICD loader '%s' could not be loaded: %s",
                              library ? library : "libOpenCL.so.1", dlerr ? dlerr : "?");
#define VYRE__CL_LOADSYM(name, ret, params) \
    { \
        void *sym = dlsym(api->lib, "cl" #name); \
        if (!sym) { \
            dlclose(api->lib); \
            api->lib = NULL; \
            return vyre_set_error(err, VYRE_ERR_BACKEND_UNAVAILABLE, \
                                  "Fix: install an OpenCL 1.2 or newer ICD loader (ocl-icd-libopencl1).", \
                                  "the OpenCL loader lacks the entry point cl%s (older than OpenCL 1.2?)", #name); \
        } \
        memcpy(&api->name, &sym, sizeof(sym)); \
    }
    VYRE__CL_FUNCS(VYRE__CL_LOADSYM)
#undef VYRE__CL_LOADSYM
    return VYRE_OK;
}

static void vyre__cl_str(vyre__cl_backend *s, vyre__cl_device_id d, vyre__cl_platform_id p, vyre__cl_uint what,
                         char *buf, size_t cap) {
    vyre__cl_int e;
    buf[0] = 0;
    if (d)
        e = s->api.GetDeviceInfo(d, what, cap - 1, buf, NULL);
    else
        e = s->api.GetPlatformInfo(p, what, cap - 1, buf, NULL);
    if (e != VYRE__CL_SUCCESS) {
        /* too long for buf: read it whole and truncate */
        size_t need = 0;
        char *tmp;
        if (d ? s->api.GetDeviceInfo(d, what, 0, NULL, &need) : s->api.GetPlatformInfo(p, what, 0, NULL, &need))
            return;
        tmp = (char *)vyre_alloc(&s->alloc, need + 1);
        if (!tmp) return;
        if ((d ? s->api.GetDeviceInfo(d, what, need, tmp, NULL) : s->api.GetPlatformInfo(p, what, need, tmp, NULL)) ==
            VYRE__CL_SUCCESS) {
            tmp[need] = 0;
            snprintf(buf, cap, "%s", tmp);
        }
        vyre_free(&s->alloc, tmp);
        return;
    }
    buf[cap - 1] = 0;
}

static uint64_t vyre__cl_devu64(vyre__cl_backend *s, vyre__cl_device_id d, vyre__cl_uint what, size_t width) {
    unsigned char b[8];
    uint64_t v = 0;
    memset(b, 0, sizeof(b));
    if (s->api.GetDeviceInfo(d, what, width, b, NULL) != VYRE__CL_SUCCESS) return 0;
    if (width == 8) {
        uint64_t x;
        memcpy(&x, b, 8);
        v = x;
    } else if (width == 4) {
        uint32_t x;
        memcpy(&x, b, 4);
        v = x;
    } else if (width == sizeof(size_t)) {
        size_t x;
        memcpy(&x, b, sizeof(size_t));
        v = (uint64_t)x;
    }
    return v;
}

/* Select the device per desc. */
static vyre_result vyre__cl_select(vyre__cl_backend *s, const vyre_ocl_desc *d, vyre_error *err) {
    vyre__cl_platform_id plats[32];
    vyre__cl_uint np = 0, pi, total = 0;
    vyre__cl_int e;
    vyre__cl_platform_id first_p = NULL, gpu_p = NULL, cpu_p = NULL;
    vyre__cl_device_id first_d = NULL, gpu_d = NULL, cpu_d = NULL;
    uint32_t n_all = 0, n_gpu = 0, n_cpu = 0; /* available devices seen so far, per kind (the ordinal) */
    char found[256];
    size_t fl = 0;
    found[0] = 0;
    e = s->api.GetPlatformIDs(32, plats, &np);
    if (e == VYRE__CL_PLATFORM_NOT_FOUND_KHR || (e == VYRE__CL_SUCCESS && np == 0))
        return vyre_set_error(err, VYRE_ERR_BACKEND_UNAVAILABLE,
                              "Fix: install an OpenCL driver (pocl-opencl-icd for CPUs, the GPU vendor's driver) and make "
                              "sure its .icd file is in /etc/OpenCL/vendors or in $OCL_ICD_VENDORS, or use the CPU backend (vyre_cpu_backend_create).",
                              "no OpenCL platform is registered with the ICD loader");
    if (e != VYRE__CL_SUCCESS) {
        vyre__cl_fail(s, err, e, "clGetPlatformIDs");
        if (err) err->code = VYRE_ERR_BACKEND_UNAVAILABLE;
        return VYRE_ERR_BACKEND_UNAVAILABLE;
    }
    if (np > 32) np = 32;
    for (pi = 0; pi < np; pi++) {
        vyre__cl_device_id devs[32];
        vyre__cl_uint nd = 0, di;
        e = s->api.GetDeviceIDs(plats[pi], VYRE__CL_DEVICE_TYPE_ALL, 32, devs, &nd);
        if (e != VYRE__CL_SUCCESS) nd = 0;
        if (nd > 32) nd = 32;
        if (d->select == VYRE_OCL_SELECT_INDEX && pi == d->platform_index) {
            if (s->count_only) {
                s->counted = nd;
                if (nd) return VYRE_OK;
                return vyre_set_error(err, VYRE_ERR_BACKEND_UNAVAILABLE, "Fix: pick a platform listed by `clinfo -l` that has devices.",
                                      "0 OpenCL devices on platform %u", (unsigned)pi);
            }
            if (d->device_index >= nd)
                return vyre_set_error(err, VYRE_ERR_BACKEND_UNAVAILABLE,
                                      "Fix: pick a device index listed by `clinfo -l` for that platform.",
                                      "OpenCL device index %u does not exist on platform %u (it has %u devices)",
                                      (unsigned)d->device_index, (unsigned)pi, (unsigned)nd);
            s->platform = plats[pi];
            s->device = devs[d->device_index];
            return VYRE_OK;
        }
        for (di = 0; di < nd; di++) {
            vyre__cl_bitfield type = vyre__cl_devu64(s, devs[di], VYRE__CL_DEVICE_TYPE, 8);
            uint64_t avail = vyre__cl_devu64(s, devs[di], VYRE__CL_DEVICE_AVAILABLE, 4);
            char name[64];
            total++;
            vyre__cl_str(s, devs[di], NULL, VYRE__CL_DEVICE_NAME, name, sizeof(name));
            if (fl + 80 < sizeof(found)) {
                int w = snprintf(found + fl, sizeof(found) - fl, "%s%u/%u '%s' (%s)", fl ? ", " : "", (unsigned)pi,
                                 (unsigned)di, name,
                                 (type & VYRE__CL_DEVICE_TYPE_GPU) ? "GPU"
                                 : (type & VYRE__CL_DEVICE_TYPE_CPU) ? "CPU" : "other");
                if (w > 0) fl += (size_t)w;
            }
            if (!avail) continue;
            if (n_all++ == d->ordinal) { first_d = devs[di]; first_p = plats[pi]; }
            if ((type & VYRE__CL_DEVICE_TYPE_GPU) && n_gpu++ == d->ordinal) { gpu_d = devs[di]; gpu_p = plats[pi]; }
            if ((type & VYRE__CL_DEVICE_TYPE_CPU) && n_cpu++ == d->ordinal) { cpu_d = devs[di]; cpu_p = plats[pi]; }
        }
    }
    if (s->count_only) { /* vyre_ocl_device_count */
        s->counted = d->select == VYRE_OCL_SELECT_GPU ? n_gpu : d->select == VYRE_OCL_SELECT_CPU ? n_cpu
                     : d->select == VYRE_OCL_SELECT_INDEX ? 0 : (n_gpu ? n_gpu : n_all);
        if (d->select == VYRE_OCL_SELECT_INDEX)
            return vyre_set_error(err, VYRE_ERR_BACKEND_UNAVAILABLE, "Fix: pick a platform index listed by `clinfo -l`.",
                                  "0 OpenCL devices: platform index %u does not exist (%u platforms)",
                                  (unsigned)d->platform_index, (unsigned)np);
        if (s->counted) return VYRE_OK;
        return vyre_set_error(err, VYRE_ERR_BACKEND_UNAVAILABLE,
                              "Fix: install a driver for the wanted device type or choose another vyre_ocl_desc.select.",
                              "0 available OpenCL %sdevices (%u platforms, %u devices: %s)",
                              d->select == VYRE_OCL_SELECT_GPU ? "GPU " : d->select == VYRE_OCL_SELECT_CPU ? "CPU " : "",
                              (unsigned)np, (unsigned)total, fl ? found : "none");
    }
    if (d->select != VYRE_OCL_SELECT_INDEX && d->ordinal > 0) {
        uint32_t have = d->select == VYRE_OCL_SELECT_GPU ? n_gpu : d->select == VYRE_OCL_SELECT_CPU ? n_cpu
                        : (n_gpu ? n_gpu : n_all);
        vyre__cl_device_id got = d->select == VYRE_OCL_SELECT_GPU ? gpu_d : d->select == VYRE_OCL_SELECT_CPU ? cpu_d
                                 : (n_gpu ? gpu_d : first_d);
        if (!got)
            return vyre_set_error(err, VYRE_ERR_BACKEND_UNAVAILABLE,
                                  "Fix: pick an ordinal below vyre_ocl_device_count() for this select.",
                                  "OpenCL ordinal %u requested, %u matching device(s) available (%s)", (unsigned)d->ordinal,
                                  (unsigned)have, fl ? found : "none");
    }
    switch (d->select) {
    case VYRE_OCL_SELECT_INDEX:
        return vyre_set_error(err, VYRE_ERR_BACKEND_UNAVAILABLE, "Fix: pick a platform index listed by `clinfo -l`.",
                              "OpenCL platform index %u does not exist (%u platforms)", (unsigned)d->platform_index,
                              (unsigned)np);
    case VYRE_OCL_SELECT_GPU:
        s->device = gpu_d; s->platform = gpu_p;
        break;
    case VYRE_OCL_SELECT_CPU:
        s->device = cpu_d; s->platform = cpu_p;
        break;
    default:
        s->device = gpu_d ? gpu_d : first_d;
        s->platform = gpu_d ? gpu_p : first_p;
        break;
    }
    if (!s->device)
        return vyre_set_error(err, VYRE_ERR_BACKEND_UNAVAILABLE,
                              "Fix: install a driver for the wanted device type, choose another vyre_ocl_desc.select, or "
                              "use the CPU backend (vyre_cpu_backend_create).",
                              "no available OpenCL %s device (%u platforms, %u devices: %s)",
                              d->select == VYRE_OCL_SELECT_GPU ? "GPU" : d->select == VYRE_OCL_SELECT_CPU ? "CPU" : "",
                              (unsigned)np, (unsigned)total, fl ? found : "none");
    return VYRE_OK;
}

/* --- >>ocl-cache: one program per kernel family, the binary cache ----------
   kernels.inc once per family (its unit mode; vyre.h >>backend-kit,
   VYRE_KERNELS_UNITS); the ring family is CUDA-only, so its OpenCL source is
   the common part alone and no program of vyre.h >>programs names it. */
#define VYRE_KERNELS_FOR_OPENCL
#define VYRE_KSRC(...) #__VA_ARGS__ "\n",
#define VYRE_KERNELS_ARRAYS vyre__cl_src  /* vyre__cl_src[unit], vyre__cl_src_count[unit] */
#include "kernels.inc"
#undef VYRE_KERNELS_ARRAYS
#undef VYRE_KSRC
#undef VYRE_KERNELS_FOR_OPENCL

static uint64_t vyre__cl_cache_key(vyre__cl_backend *s, uint32_t unit) {
    const char *parts[7];
    uint64_t h = 0x5659524543414C42ull + unit;
    size_t i;
    for (i = 0; i < vyre__cl_src_count[unit]; i++) h = vyre_kit_hash(vyre__cl_src[unit][i], strlen(vyre__cl_src[unit][i]), h);
    parts[0] = s->info.platform_name; parts[1] = s->info.platform_version; parts[2] = s->info.device_name;
    parts[3] = s->info.device_version; parts[4] = s->info.driver_version; parts[5] = VYRE__CL_BUILD_OPTIONS;
    parts[6] = VYRE_VERSION_STRING;
    for (i = 0; i < 7; i++) h = vyre_kit_hash(parts[i], strlen(parts[i]) + 1, h); /* the NUL separates the parts */
    return h;
}

#define VYRE__CL_CACHE_MAX (256u << 20)

/* Try the cache entry `path`: returns a built program or NULL (any problem = miss). */
static vyre__cl_program vyre__cl_cache_load(vyre__cl_backend *s, const char *path, uint64_t key, int *rejected) {
    size_t blen = 0;
    unsigned char *blob;
    *rejected = 0;
    blob = (unsigned char *)vyre_kit_cache_read(&s->alloc, path, key, VYRE__CL_CACHE_MAX, &blen, rejected);
    vyre__cl_program prog = NULL;
    if (blob) {
        const unsigned char *bp = blob;
        vyre__cl_int bst = 0, e = 0;
        prog = s->api.CreateProgramWithBinary(s->ctx, 1, &s->device, &blen, &bp, &bst, &e);
        if (prog && (e != VYRE__CL_SUCCESS || bst != VYRE__CL_SUCCESS)) {
            s->api.ReleaseProgram(prog);
            prog = NULL;
        }
        if (prog && s->api.BuildProgram(prog, 1, &s->device, VYRE__CL_BUILD_OPTIONS, NULL, NULL) != VYRE__CL_SUCCESS) {
            s->api.ReleaseProgram(prog);
            prog = NULL;
        }
        if (!prog) *rejected = 1; /* an entry for this key that the driver would not take back */
    }
    vyre_free(&s->alloc, blob);
    return prog;
}

static void vyre__cl_cache_store(vyre__cl_backend *s, vyre__cl_program prog, const char *path, uint64_t key) {
    size_t bsize = 0;
    unsigned char *blob, *bp;
    if (!path[0]) return;
    if (s->api.GetProgramInfo(prog, VYRE__CL_PROGRAM_BINARY_SIZES, sizeof(bsize), &bsize, NULL) !=
            VYRE__CL_SUCCESS ||
        bsize == 0 || bsize > VYRE__CL_CACHE_MAX)
        return;
    blob = (unsigned char *)vyre_alloc(&s->alloc, bsize);
    if (!blob) return;
    bp = blob;
    if (s->api.GetProgramInfo(prog, VYRE__CL_PROGRAM_BINARIES, sizeof(bp), &bp, NULL) == VYRE__CL_SUCCESS)
        (void)vyre_kit_cache_write(path, key, blob, bsize);
    vyre_free(&s->alloc, blob);
}

/* Build kernel family `unit` (or load it from the cache). Caller holds the lock. */
static vyre_result vyre__cl_ensure_program(vyre__cl_backend *s, uint32_t unit, vyre_error *err) {
    uint64_t t0, key;
    vyre__cl_int e = 0;
    vyre__cl_program prog;
    char name[16], path[sizeof s->info.cache_file];
    int first = !s->info.program_built, rejected = 0;
    if (s->programs[unit]) return VYRE_OK;
    t0 = vyre_now_ns();
    key = vyre__cl_cache_key(s, unit);
    snprintf(name, sizeof name, "ocl-%s", vyre_kit_family_name(unit));
    vyre_kit_cache_path(s->cache_dir, name, key, path, sizeof path);
    if (first) snprintf(s->info.cache_file, sizeof s->info.cache_file, "%s", path);
    prog = vyre__cl_cache_load(s, path, key, &rejected);
    if (first) s->kinfo.cache_rejected = rejected;
    if (prog) {
        s->programs[unit] = prog;
        if (first) s->info.program_from_cache = 1;
    } else {
        prog = s->api.CreateProgramWithSource(s->ctx, (vyre__cl_uint)vyre__cl_src_count[unit], (const char **)vyre__cl_src[unit],
                                              NULL, &e);
        if (!prog || e != VYRE__CL_SUCCESS) return vyre__cl_fail(s, err, e, "clCreateProgramWithSource");
        e = s->api.BuildProgram(prog, 1, &s->device, VYRE__CL_BUILD_OPTIONS, NULL, NULL);
        if (e != VYRE__CL_SUCCESS) {
            char log[440];
            size_t n = 0, off;
            char *full = NULL;
            log[0] = 0;
            if (s->api.GetProgramBuildInfo(prog, s->device, VYRE__CL_PROGRAM_BUILD_LOG, 0, NULL, &n) ==
                    VYRE__CL_SUCCESS &&
                n > 0)
                full = (char *)vyre_alloc(&s->alloc, n + 1);
            if (full && s->api.GetProgramBuildInfo(prog, s->device, VYRE__CL_PROGRAM_BUILD_LOG, n, full, NULL) ==
                            VYRE__CL_SUCCESS) {
                full[n] = 0;
                /* the first error line is the useful part */
                off = 0;
                {
                    const char *er = strstr(full, "error");
                    if (er) {
                        while (er > full && er[-1] != '\n') er--;
                        off = (size_t)(er - full);
                    }
                }
                snprintf(log, sizeof(log), "%s", full + off);
            }
            vyre_free(&s->alloc, full);
            s->api.ReleaseProgram(prog);
            return vyre_set_error(err, VYRE_ERR_KERNEL_COMPILE,
                                  "Fix: the kernel source (kernels.inc) does not compile for this OpenCL device; report "
                                  "the log and the device, or use the CPU backend (vyre_cpu_backend_create).",
                                  "clBuildProgram of kernel family %s failed with %s (%d) on '%s': %s",
                                  vyre_kit_family_name(unit), vyre__cl_errname(e), (int)e, s->info.device_name,
                                  log[0] ? log : "(no build log)");
        }
        s->programs[unit] = prog;
        s->info.program_from_cache = 0;
        vyre__cl_cache_store(s, prog, path, key);
    }
    s->info.program_built = 1;
    s->info.families |= VYRE_KERNELS_COMMON | VYRE_KERNELS_UNIT_BIT(unit);
    s->info.build_ns += vyre_now_ns() - t0;
    if (first) {
        s->kinfo.from_disk_cache = (int)s->info.program_from_cache;
        s->kinfo.build_ns = vyre_now_ns() - t0;
        snprintf(s->kinfo.cache_path, sizeof s->kinfo.cache_path, "%s", path);
    } else {
        s->kinfo.lazy_builds++;
    }
    return VYRE_OK;
}

/* The kernel index of program pi for a dispatch whose KEY_FILTER binding has kf_bytes: a literal
   program of a set with the key filter runs its _kf variant (vyre.h >>programs "Kernel variants"). */
static uint32_t vyre__cl_kernel_index(int pi, size_t kf_bytes) {
    return pi >= 0 && pi < 3 && kf_bytes >= VYRE_LIT_KF_MIN_BYTES ? (uint32_t)(VYRE__CL_NPROG + pi) : (uint32_t)pi;
}
static vyre_result vyre__cl_get_kernel(vyre__cl_backend *s, uint32_t ki, vyre_error *err) {
    uint32_t unit, pi = ki >= VYRE__CL_NPROG ? ki - VYRE__CL_NPROG : ki;
    const char *name = ki >= VYRE__CL_NPROG ? VYRE_LIT_KF_KERNEL(pi + 1u) : vyre_program_at(pi)->name;
    vyre__cl_int e = 0;
    vyre_result r;
    size_t wg = 0;
    if (s->kernels[ki]) return VYRE_OK;
    unit = vyre_kit_family_unit(vyre_program_at(pi)->families);
    r = vyre__cl_ensure_program(s, unit, err);
    if (r != VYRE_OK) return r;
    s->kernels[ki] = s->api.CreateKernel(s->programs[unit], name, &e);
    if (!s->kernels[ki] || e != VYRE__CL_SUCCESS) {
        s->kernels[ki] = NULL;
        return vyre_set_error(err, VYRE_ERR_KERNEL_COMPILE,
                              "Fix: kernels.inc must define every program of vyre.h >>programs and its variants; rebuild with a complete "
                              "kernels.inc.",
                              "clCreateKernel('%s') failed with %s (%d): the built program lacks that kernel",
                              name, vyre__cl_errname(e), (int)e);
    }
    s->kernel_local[ki] = s->local_size;
    if (s->api.GetKernelWorkGroupInfo(s->kernels[ki], s->device, VYRE__CL_KERNEL_WORK_GROUP_SIZE, sizeof(wg), &wg,
                                      NULL) == VYRE__CL_SUCCESS &&
        wg > 0 && wg < s->kernel_local[ki]) {
        size_t p = 1;
        while (p * 2 <= wg) p *= 2;
        s->kernel_local[ki] = p;
    }
    return VYRE_OK;
}

/* --- >>ocl-handles: buffer handles (slot, generation, tag) -------------------- */
static vyre_result vyre__cl_lookup(vyre__cl_backend *s, vyre_buffer h, vyre__cl_slot **out, vyre_error *err) {
    uint32_t idx = (uint32_t)(h & 0xFFFFFFFFu);
    uint32_t gen = (uint32_t)((h >> 32) & 0xFFFFu);
    uint32_t tag = (uint32_t)(h >> 48);
    *out = NULL;
    if (h == 0 || tag != s->tag || idx == 0 || idx > s->nslots || !s->slots[idx - 1].mem ||
        s->slots[idx - 1].gen != gen)
        return vyre_set_error(err, VYRE_ERR_BAD_HANDLE,
                              "Fix: pass a handle returned by vyre_buffer_alloc() on this same backend and not yet freed.",
                              "buffer handle 0x%016llx was not made by this OpenCL backend or was already freed",
                              (unsigned long long)h);
    *out = &s->slots[idx - 1];
    return VYRE_OK;
}

static vyre_result vyre__cl_range(const vyre__cl_slot *sl, vyre_buffer h, size_t off, size_t len, const char *what,
                                  vyre_error *err) {
    if (off > sl->bytes || len > sl->bytes - off)
        return vyre_set_error(err, VYRE_ERR_OUT_OF_RANGE,
                              "Fix: keep offset + length within the size the buffer was allocated with.",
                              "%s range [%llu, %llu + %llu) is outside buffer 0x%016llx of %llu bytes", what,
                              (unsigned long long)off, (unsigned long long)off, (unsigned long long)len,
                              (unsigned long long)h, (unsigned long long)sl->bytes);
    return VYRE_OK;
}

static vyre_result vyre__cl_finish(vyre__cl_backend *s, vyre_error *err) {
    vyre__cl_int e = s->api.Finish(s->queue);
    s->tel.syncs++;
    if (e != VYRE__CL_SUCCESS) return vyre__cl_fail(s, err, e, "clFinish");
    return VYRE_OK;
}

/* Device time span over events (0 = none). */
static uint64_t vyre__cl_span(vyre__cl_backend *s, vyre__cl_event *ev, size_t n) {
    uint64_t lo = UINT64_MAX, hi = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        vyre__cl_ulong a = 0, b = 0;
        if (!ev[i]) continue;
        if (s->api.GetEventProfilingInfo(ev[i], VYRE__CL_PROFILING_COMMAND_START, sizeof(a), &a, NULL) !=
                VYRE__CL_SUCCESS ||
            s->api.GetEventProfilingInfo(ev[i], VYRE__CL_PROFILING_COMMAND_END, sizeof(b), &b, NULL) !=
                VYRE__CL_SUCCESS)
            return VYRE_TIME_UNKNOWN;
        if (a < lo) lo = a;
        if (b > hi) hi = b;
    }
    if (lo == UINT64_MAX || hi < lo) return VYRE_TIME_UNKNOWN;
    return hi - lo;
}

/* Execution status of kernel events after a finish: negative = failed. */
static vyre_result vyre__cl_check_events(vyre__cl_backend *s, vyre__cl_event *ev, size_t n, vyre_error *err) {
    size_t i;
    for (i = 0; i < n; i++) {
        vyre__cl_int st = 0;
        if (!ev[i]) continue;
        if (s->api.GetEventInfo(ev[i], VYRE__CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof(st), &st, NULL) ==
                VYRE__CL_SUCCESS &&
            st < 0) {
            s->lost = 1;
            return vyre_set_error(err, VYRE_ERR_LAUNCH,
                                  "Fix: the kernel faulted; check its bounds and the driver log, then call "
                                  "vyre_backend_try_recover() or recreate the backend.",
                                  "an OpenCL command failed during execution with %s (%d)", vyre__cl_errname(st), (int)st);
        }
    }
    return VYRE_OK;
}

static void vyre__cl_release_events(vyre__cl_backend *s, vyre__cl_event *ev, size_t n) {
    size_t i;
    for (i = 0; i < n; i++)
        if (ev[i]) {
            s->api.ReleaseEvent(ev[i]);
            ev[i] = NULL;
        }
}

/* --- >>ocl-programs: validation (vyre.h >>programs) and launch ---------------- */
static int vyre__cl_program_index(const char *name) {
    const vyre_program_spec *p = vyre_program_find(name);
    return p ? (int)p->mode - 1 : -1;
}

static vyre_result vyre__cl_check_counts(const char *program, uint32_t nbuf, uint32_t nscal, int *pi_out,
                                         vyre_error *err) {
    const vyre_program_spec *p = vyre_program_check("opencl", program, nbuf, nscal, err);
    *pi_out = p ? (int)p->mode - 1 : -1;
    return p ? VYRE_OK : VYRE_ERR_BAD_PROGRAM;
}

/* Sizes the program will touch, checked against the bound buffers' sizes. */
static vyre_result vyre__cl_check_sizes(int pi, const size_t *sizes, const uint64_t *sc, vyre_error *err) {
    uint64_t need;
    uint32_t which = 0;
    const char *what = "";
    if (sc[0] > 0xFFFFFFFFull)
        return vyre_set_error(err, VYRE_ERR_HAYSTACK_CAPACITY, "Fix: split the haystack into dispatches under 4 GiB.",
                              "hay_len %llu is over the one-dispatch limit of 4294967295 bytes",
                              (unsigned long long)sc[0]);
    if ((uint64_t)sizes[0] < sc[0]) {
        which = 0; need = sc[0]; what = "haystack";
        goto bad;
    }
    if (pi == (int)VYRE_PROGRAM_ID_RE_CONFIRM - 1) {
        /* vyre_re_confirm (>>kernels-nfa): tasks, windows as the host side of vyre.h >>re-gpu made them */
        if (sizes[1] < 32) { which = 1; need = 32; what = "nfa layout"; goto bad; }
        if (sc[1] > (uint64_t)SIZE_MAX / 32 || (uint64_t)sizes[2] < sc[1] * 32) { which = 2; need = sc[1] * 32; what = "tasks (task_count * 32)"; goto bad; }
        if (sc[2] > ((uint64_t)SIZE_MAX - 8) / 12 || (uint64_t)sizes[4] < 8 + sc[2] * 12) { which = 4; need = 8 + sc[2] * 12; what = "hits (8 + match_cap * 12)"; goto bad; }
        return VYRE_OK;
    }
    if (pi >= (int)VYRE_PROGRAM_ID_BIG_MATCHES - 1) {
        /* vyre_big_* (>>kernels-big): minimum table sizes (header words, one offset pair, one flag), then the outputs */
        static const uint64_t min_tab[VYRE_BT_COUNT] = {VYRE_BH_WORDS * 4u, 8, 1, 8, 4};
        static const char *const tname[VYRE_BT_COUNT] = {"BIG head", "BIG blob", "pattern bytes", "pattern offsets", "pattern flags"};
        uint32_t k;
        for (k = 0; k < VYRE_BT_COUNT; k++)
            if ((uint64_t)sizes[1 + k] < min_tab[k]) { which = 1 + k; need = min_tab[k]; what = tname[k]; goto bad; }
        if (pi == (int)VYRE_PROGRAM_ID_BIG_PRESENCE - 1) {
            if (sc[1] > 0xFFFFFFFFull || (uint64_t)sizes[VYRE_BIG_BINDING_OUT0] < sc[1] * 4) {
                which = VYRE_BIG_BINDING_OUT0; need = sc[1] * 4; what = "region_starts (region_count * 4)"; goto bad;
            }
            if ((uint64_t)sizes[VYRE_BIG_BINDING_OUT1] < sc[1] * 4) { which = VYRE_BIG_BINDING_OUT1; need = sc[1] * 4; what = "presence (a row per region)"; goto bad; }
            return VYRE_OK;
        }
        if (sizes[VYRE_BIG_BINDING_OUT0] < 8) { which = VYRE_BIG_BINDING_OUT0; need = 8; what = "counter"; goto bad; }
        if (pi == (int)VYRE_PROGRAM_ID_BIG_MATCHES - 1 && (sc[2] > (uint64_t)SIZE_MAX / 8 || (uint64_t)sizes[VYRE_BIG_BINDING_OUT1] < sc[2] * 8)) {
            which = VYRE_BIG_BINDING_OUT1; need = sc[2] * 8; what = "matches (match_cap * 8)"; goto bad;
        }
        return VYRE_OK;
    }
    if (pi == 0) {
        if (sizes[VYRE_LIT_BINDING_OUT0] < 8) { which = VYRE_LIT_BINDING_OUT0; need = 8; what = "counter"; goto bad; }
        if (sc[2] > (uint64_t)SIZE_MAX / 8 || (uint64_t)sizes[VYRE_LIT_BINDING_OUT1] < sc[2] * 8) {
            which = VYRE_LIT_BINDING_OUT1; need = sc[2] * 8; what = "matches (match_cap * 8)";
            goto bad;
        }
    } else if (pi == 1) {
        if (sizes[VYRE_LIT_BINDING_OUT0] < 8) { which = VYRE_LIT_BINDING_OUT0; need = 8; what = "counter"; goto bad; }
    } else {
        if (sc[1] > 0xFFFFFFFFull || (uint64_t)sizes[VYRE_LIT_BINDING_OUT0] < sc[1] * 4) {
            which = VYRE_LIT_BINDING_OUT0; need = sc[1] * 4; what = "region_starts (region_count * 4)";
            goto bad;
        }
    }
    return VYRE_OK;
bad:
    return vyre_set_error(err, VYRE_ERR_OUT_OF_RANGE,
                          "Fix: allocate each binding with the size vyre.h >>programs requires for the scalars given.",
                          "binding %u (%s) of program '%s' is %llu bytes but the scalars need %llu", (unsigned)which, what,
                          vyre_program_at((uint32_t)pi)->name, (unsigned long long)sizes[which], (unsigned long long)need);
}

/* Set args and enqueue one kernel. Caller holds the lock and has created the kernel. */
static vyre_result vyre__cl_launch(vyre__cl_backend *s, int pi, uint32_t ki, vyre__cl_mem *mems, const uint64_t *sc,
                                   const uint32_t *grid, vyre__cl_event *ev, vyre_error *err) {
    vyre__cl_kernel k = s->kernels[ki];
    uint32_t i, nb = vyre_program_at((uint32_t)pi)->buffers, ns = vyre_program_at((uint32_t)pi)->scalars;
    size_t local = s->kernel_local[ki], gsz[3], lsz[3];
    uint64_t groups;
    vyre__cl_int e;
    for (i = 0; i < nb; i++) {
        e = s->api.SetKernelArg(k, i, sizeof(vyre__cl_mem), &mems[i]);
        if (e != VYRE__CL_SUCCESS) return vyre__cl_fail(s, err, e, "clSetKernelArg (buffer)");
    }
    for (i = 0; i < ns; i++) {
        vyre__cl_ulong v = (vyre__cl_ulong)sc[i];
        e = s->api.SetKernelArg(k, nb + i, sizeof(v), &v);
        if (e != VYRE__CL_SUCCESS) return vyre__cl_fail(s, err, e, "clSetKernelArg (scalar)");
    }
    if (grid && grid[0]) {
        groups = grid[0];
    } else {
        /* grid-stride kernels: never more groups than tiles of local * 16 bytes; at most 32 groups per GPU
           compute unit (OpenCL has no occupancy query; measured on an H100 with 1 GiB: 32 x CUs was the fastest
           grid for both pattern sets, while 8 x CUs hit a wave-quantisation tail, 25% slower on a 10k set;
           docs/opencl.md), 4 per CPU core */
        uint64_t per_group = (uint64_t)local * (pi >= (int)VYRE_PROGRAM_ID_BIG_MATCHES - 1 ? 8u : 16u); /* BIG: one 8-byte window per item */
        uint64_t cap = (uint64_t)(s->prof.compute_units ? s->prof.compute_units : 1) * (s->info.is_gpu ? 32u : 4u);
        groups = (sc[0] + per_group - 1) / per_group;
        if (groups > cap) groups = cap;
        if (groups == 0) groups = 1;
    }
    gsz[0] = (size_t)groups * local;
    gsz[1] = (grid && grid[0] && grid[1]) ? grid[1] : 1;
    gsz[2] = (grid && grid[0] && grid[2]) ? grid[2] : 1;
    lsz[0] = local;
    lsz[1] = 1;
    lsz[2] = 1;
    e = s->api.EnqueueNDRangeKernel(s->queue, k, (gsz[1] > 1 || gsz[2] > 1) ? 3u : 1u, NULL, gsz, lsz, 0, NULL, ev);
    if (e != VYRE__CL_SUCCESS) {
        if (ev) *ev = NULL;
        return vyre__cl_fail(s, err, e, "clEnqueueNDRangeKernel");
    }
    s->tel.launches++;
    return VYRE_OK;
}

/* --- >>ocl-vtable: the vtable entries (buffers, sequences, dispatch, lifecycle) --- */
static const char *vyre__cl_id(void *self) {
    (void)self;
    return "opencl";
}

static const char *vyre__cl_version(void *self) { return ((vyre__cl_backend *)self)->version_str; }

static vyre_result vyre__cl_profile(void *self, vyre_device_profile *out, vyre_error *err) {
    vyre__cl_backend *s = (vyre__cl_backend *)self;
    if (!out)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass a vyre_device_profile to fill.",
                              "profile output is NULL");
    pthread_mutex_lock(&s->lock);
    *out = s->prof;
    pthread_mutex_unlock(&s->lock);
    return VYRE_OK;
}

static vyre_result vyre__cl_alloc_locked(vyre__cl_backend *s, size_t bytes, vyre_buffer *out, vyre_error *err) {
    size_t ab;
    vyre__cl_int e = 0;
    vyre__cl_mem m;
    uint32_t idx;
    vyre__cl_slot *sl;
    unsigned char zero = 0;
    vyre_result r = vyre__cl_usable(s, err);
    if (r != VYRE_OK) return r;
    if (!vyre__cl_add_ok(bytes ? bytes : 1, 15, &ab))
        return vyre_set_error(err, VYRE_ERR_OVERFLOW, "Fix: allocate a smaller buffer.",
                              "buffer size %llu overflows when rounded up to 16 bytes", (unsigned long long)bytes);
    ab &= ~(size_t)15;
    if (s->prof.max_buffer_bytes && (uint64_t)ab > s->prof.max_buffer_bytes)
        return vyre_set_error(err, VYRE_ERR_DEVICE_OUT_OF_MEMORY,
                              "Fix: allocate smaller buffers (split the haystack into chunks).",
                              "buffer of %llu bytes is over the device's largest allocation (CL_DEVICE_MAX_MEM_ALLOC_SIZE "
                              "= %llu)",
                              (unsigned long long)bytes, (unsigned long long)s->prof.max_buffer_bytes);
    if (s->free_head == 0 && s->nslots == s->capslots) {
        vyre_result gr = vyre_kit_grow(&s->alloc, (void **)&s->slots, &s->capslots, s->nslots + 1u, sizeof(vyre__cl_slot),
                                       "OpenCL buffer table", err);
        if (gr != VYRE_OK) return gr;
    }
    m = s->api.CreateBuffer(s->ctx, VYRE__CL_MEM_READ_WRITE, ab, NULL, &e);
    if (!m || e != VYRE__CL_SUCCESS) return vyre__cl_fail(s, err, e ? e : VYRE__CL_MEM_OBJECT_ALLOCATION_FAILURE, "buffer alloc (clCreateBuffer)");
    e = s->api.EnqueueFillBuffer(s->queue, m, &zero, 1, 0, ab, 0, NULL, NULL);
    if (e == VYRE__CL_SUCCESS) e = s->api.Finish(s->queue);
    if (e != VYRE__CL_SUCCESS) {
        s->api.ReleaseMemObject(m);
        return vyre__cl_fail(s, err, e, "buffer alloc (zero fill)");
    }
    if (s->free_head) {
        idx = s->free_head - 1;
        s->free_head = s->slots[idx].next_free;
    } else {
        idx = s->nslots++;
        s->slots[idx].gen = 0;
    }
    sl = &s->slots[idx];
    sl->gen = (sl->gen + 1) & 0xFFFFu;
    if (sl->gen == 0) sl->gen = 1;
    sl->mem = m;
    sl->bytes = bytes;
    sl->alloc_bytes = ab;
    sl->next_free = 0;
    s->tel.live_resident_bytes += bytes;
    s->tel.live_resident_buffers++;
    *out = ((uint64_t)s->tag << 48) | ((uint64_t)sl->gen << 32) | (uint64_t)(idx + 1);
    return VYRE_OK;
}

static vyre_result vyre__cl_buffer_alloc(void *self, size_t bytes, vyre_buffer *out, vyre_error *err) {
    vyre__cl_backend *s = (vyre__cl_backend *)self;
    vyre_result r;
    if (!out)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass a vyre_buffer to receive the handle.",
                              "buffer_alloc output is NULL");
    *out = 0;
    pthread_mutex_lock(&s->lock);
    r = vyre__cl_alloc_locked(s, bytes, out, err);
    pthread_mutex_unlock(&s->lock);
    return r;
}

static void vyre__cl_free_slot(vyre__cl_backend *s, vyre__cl_slot *sl) {
    s->api.ReleaseMemObject(sl->mem);
    sl->mem = NULL;
    s->tel.live_resident_bytes -= sl->bytes;
    s->tel.live_resident_buffers--;
    sl->bytes = sl->alloc_bytes = 0;
    sl->next_free = s->free_head;
    s->free_head = (uint32_t)(sl - s->slots) + 1;
}

static vyre_result vyre__cl_buffer_free(void *self, vyre_buffer buf, vyre_error *err) {
    vyre__cl_backend *s = (vyre__cl_backend *)self;
    vyre__cl_slot *sl;
    vyre_result r;
    pthread_mutex_lock(&s->lock);
    r = s->shut ? vyre__cl_usable(s, err) : vyre__cl_lookup(s, buf, &sl, err);
    if (r == VYRE_OK) vyre__cl_free_slot(s, sl); /* also allowed after device loss */
    pthread_mutex_unlock(&s->lock);
    return r;
}

/* Validate a batch of ops of one kind (or any kind for sequences). */
static vyre_result vyre__cl_validate_ops(vyre__cl_backend *s, const vyre_op *ops, size_t n, int only_kind,
                                         vyre_error *err) {
    size_t i;
    uint32_t j;
    vyre_result r;
    for (i = 0; i < n; i++) {
        const vyre_op *o = &ops[i];
        vyre__cl_slot *sl;
        if (only_kind && (int)o->kind != only_kind)
            return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass only ops of the kind this call takes.",
                                  "op %llu has kind %d, expected %d", (unsigned long long)i, (int)o->kind, only_kind);
        switch (o->kind) {
        case VYRE_OP_UPLOAD:
        case VYRE_OP_DOWNLOAD:
        case VYRE_OP_FILL:
            r = vyre__cl_lookup(s, o->buffer, &sl, err);
            if (r != VYRE_OK) return r;
            r = vyre__cl_range(sl, o->buffer, o->offset, o->len,
                               o->kind == VYRE_OP_UPLOAD ? "upload" : o->kind == VYRE_OP_DOWNLOAD ? "download" : "fill",
                               err);
            if (r != VYRE_OK) return r;
            if (o->len && o->kind == VYRE_OP_UPLOAD && !o->src)
                return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: set vyre_op.src for uploads.",
                                      "op %llu: upload of %llu bytes with src NULL", (unsigned long long)i,
                                      (unsigned long long)o->len);
            if (o->len && o->kind == VYRE_OP_DOWNLOAD && !o->dst)
                return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: set vyre_op.dst for downloads.",
                                      "op %llu: download of %llu bytes with dst NULL", (unsigned long long)i,
                                      (unsigned long long)o->len);
            break;
        case VYRE_OP_DISPATCH: {
            const vyre_dispatch *d = o->dispatch;
            int pi;
            size_t sizes[VYRE__CL_MAX_BINDINGS];
            if (!d || (d->buffer_count && !d->buffers) || (d->scalar_count && !d->scalars))
                return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: fill vyre_op.dispatch completely.",
                                      "op %llu: dispatch is NULL or has NULL buffers/scalars", (unsigned long long)i);
            r = vyre__cl_check_counts(d->program, d->buffer_count, d->scalar_count, &pi, err);
            if (r != VYRE_OK) return r;
            for (j = 0; j < d->buffer_count; j++) {
                r = vyre__cl_lookup(s, d->buffers[j], &sl, err);
                if (r != VYRE_OK) return r;
                sizes[j] = sl->bytes;
            }
            r = vyre__cl_check_sizes(pi, sizes, d->scalars, err);
            if (r != VYRE_OK) return r;
            r = vyre__cl_get_kernel(s, vyre__cl_kernel_index(pi, pi < 3 ? sizes[VYRE_LIT_BINDING_TABLE0 + VYRE_LT_KEY_FILTER] : 0), err);
            if (r != VYRE_OK) return r;
            break;
        }
        default:
            return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: use a vyre_op_kind value.",
                                  "op %llu has unknown kind %d", (unsigned long long)i, (int)o->kind);
        }
    }
    return VYRE_OK;
}

/* Enqueue validated ops; events (n entries, may be NULL) receive one event per op. */
static vyre_result vyre__cl_enqueue_ops(vyre__cl_backend *s, const vyre_op *ops, size_t n, vyre__cl_event *ev,
                                        vyre_error *err) {
    size_t i;
    uint32_t j;
    vyre__cl_int e;
    vyre_result r;
    for (i = 0; i < n; i++) {
        const vyre_op *o = &ops[i];
        vyre__cl_slot *sl = NULL;
        vyre__cl_event *pe = ev ? &ev[i] : NULL;
        if (o->kind != VYRE_OP_DISPATCH) {
            (void)vyre__cl_lookup(s, o->buffer, &sl, NULL);
            if (o->len == 0) continue;
        }
        switch (o->kind) {
        case VYRE_OP_UPLOAD:
            e = s->api.EnqueueWriteBuffer(s->queue, sl->mem, VYRE__CL_FALSE, o->offset, o->len, o->src, 0, NULL, pe);
            if (e != VYRE__CL_SUCCESS) return vyre__cl_fail(s, err, e, "clEnqueueWriteBuffer");
            s->tel.h2d_bytes += o->len;
            break;
        case VYRE_OP_DOWNLOAD:
            e = s->api.EnqueueReadBuffer(s->queue, sl->mem, VYRE__CL_FALSE, o->offset, o->len, o->dst, 0, NULL, pe);
            if (e != VYRE__CL_SUCCESS) return vyre__cl_fail(s, err, e, "clEnqueueReadBuffer");
            s->tel.d2h_bytes += o->len;
            break;
        case VYRE_OP_FILL:
            e = s->api.EnqueueFillBuffer(s->queue, sl->mem, &o->value, 1, o->offset, o->len, 0, NULL, pe);
            if (e != VYRE__CL_SUCCESS) return vyre__cl_fail(s, err, e, "clEnqueueFillBuffer");
            s->tel.fills++;
            break;
        case VYRE_OP_DISPATCH: {
            const vyre_dispatch *d = o->dispatch;
            vyre__cl_mem mems[VYRE__CL_MAX_BINDINGS];
            int pi = vyre__cl_program_index(d->program);
            size_t kf_bytes = 0;
            for (j = 0; j < d->buffer_count; j++) {
                (void)vyre__cl_lookup(s, d->buffers[j], &sl, NULL);
                mems[j] = sl->mem;
                if (j == VYRE_LIT_BINDING_TABLE0 + VYRE_LT_KEY_FILTER) kf_bytes = sl->bytes;
            }
            r = vyre__cl_launch(s, pi, vyre__cl_kernel_index(pi, kf_bytes), mems, d->scalars, d->grid, pe, err);
            if (r != VYRE_OK) return r;
            break;
        }
        default:
            break;
        }
    }
    return VYRE_OK;
}

static void vyre__cl_clear_downloads(const vyre_op *ops, size_t n) {
    size_t i;
    for (i = 0; i < n; i++)
        if (ops[i].kind == VYRE_OP_DOWNLOAD && ops[i].dst && ops[i].len) memset(ops[i].dst, 0, ops[i].len);
}

/* Run validated ops with one finish; timing optional. */
static vyre_result vyre__cl_run_ops(vyre__cl_backend *s, const vyre_op *ops, size_t n, vyre_timing *timing,
                                    vyre_error *err) {
    vyre__cl_event stack_ev[16];
    vyre__cl_event *ev = stack_ev;
    uint64_t t0 = vyre_now_ns(), t1, t2;
    vyre_result r, r2;
    if (n > 16) {
        if (n > SIZE_MAX / sizeof(vyre__cl_event))
            return vyre_set_error(err, VYRE_ERR_OVERFLOW, "Fix: use fewer ops per call.", "%llu ops overflow",
                                  (unsigned long long)n);
        ev = (vyre__cl_event *)vyre_alloc(&s->alloc, n * sizeof(vyre__cl_event));
        if (!ev)
            return vyre_set_error(err, VYRE_ERR_OUT_OF_MEMORY, "Fix: use fewer ops per call.",
                                  "out of host memory for %llu events", (unsigned long long)n);
    }
    memset(ev, 0, (n ? n : 1) * sizeof(vyre__cl_event));
    r = vyre__cl_enqueue_ops(s, ops, n, ev, err);
    t1 = vyre_now_ns();
    /* always drain what was queued (uploads read caller memory) */
    r2 = vyre__cl_finish(s, r == VYRE_OK ? err : NULL);
    t2 = vyre_now_ns();
    if (r == VYRE_OK) r = r2;
    if (r == VYRE_OK) r = vyre__cl_check_events(s, ev, n, err);
    if (r == VYRE_OK && timing) {
        timing->device_ns = vyre__cl_span(s, ev, n);
        timing->enqueue_ns = t1 - t0;
        timing->wait_ns = t2 - t1;
        timing->wall_ns = t2 - t0;
    }
    vyre__cl_release_events(s, ev, n);
    if (ev != stack_ev) vyre_free(&s->alloc, ev);
    if (r != VYRE_OK) vyre__cl_clear_downloads(ops, n);
    return r;
}

static vyre_result vyre__cl_batch(vyre__cl_backend *s, const vyre_op *ops, size_t n, int kind, vyre_timing *timing,
                                  vyre_error *err) {
    vyre_result r;
    if (n && !ops)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass an array of n ops.", "ops is NULL with n = %llu",
                              (unsigned long long)n);
    pthread_mutex_lock(&s->lock);
    r = vyre__cl_usable(s, err);
    if (r == VYRE_OK) r = vyre__cl_validate_ops(s, ops, n, kind, err);
    if (r == VYRE_OK) r = vyre__cl_run_ops(s, ops, n, timing, err);
    else if (ops) vyre__cl_clear_downloads(ops, n);
    pthread_mutex_unlock(&s->lock);
    return r;
}

/* one upload or download as a one-op batch */
static vyre_result vyre__cl_one(void *self, vyre_op_kind kind, vyre_buffer buf, size_t offset, const void *src, void *dst,
                                size_t len, vyre_error *err) {
    vyre_op op;
    memset(&op, 0, sizeof(op));
    op.kind = kind; op.buffer = buf; op.offset = offset; op.len = len; op.src = src; op.dst = dst;
    return vyre__cl_batch((vyre__cl_backend *)self, &op, 1, kind, NULL, err);
}
static vyre_result vyre__cl_upload(void *self, vyre_buffer buf, size_t offset, const void *src, size_t len,
                                   vyre_error *err) {
    return vyre__cl_one(self, VYRE_OP_UPLOAD, buf, offset, src, NULL, len, err);
}

static vyre_result vyre__cl_upload_many(void *self, const vyre_op *ops, size_t n, vyre_error *err) {
    return vyre__cl_batch((vyre__cl_backend *)self, ops, n, VYRE_OP_UPLOAD, NULL, err);
}

static vyre_result vyre__cl_download(void *self, vyre_buffer buf, size_t offset, void *dst, size_t len,
                                     vyre_error *err) {
    return vyre__cl_one(self, VYRE_OP_DOWNLOAD, buf, offset, NULL, dst, len, err);
}

static vyre_result vyre__cl_download_many(void *self, const vyre_op *ops, size_t n, vyre_error *err) {
    return vyre__cl_batch((vyre__cl_backend *)self, ops, n, VYRE_OP_DOWNLOAD, NULL, err);
}

static vyre_result vyre__cl_fill(void *self, vyre_buffer buf, size_t offset, size_t len, uint8_t value,
                                 vyre_error *err) {
    vyre_op op;
    memset(&op, 0, sizeof(op));
    op.kind = VYRE_OP_FILL;
    op.buffer = buf;
    op.offset = offset;
    op.len = len;
    op.value = value;
    return vyre__cl_batch((vyre__cl_backend *)self, &op, 1, VYRE_OP_FILL, NULL, err);
}

static vyre_result vyre__cl_dispatch_resident(void *self, const vyre_dispatch *d, vyre_timing *timing,
                                              vyre_error *err) {
    vyre__cl_backend *s = (vyre__cl_backend *)self;
    vyre_op op;
    vyre_result r;
    vyre_timing t;
    if (!d)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass a vyre_dispatch.", "dispatch is NULL");
    memset(&op, 0, sizeof(op));
    op.kind = VYRE_OP_DISPATCH;
    op.dispatch = d;
    r = vyre__cl_batch(s, &op, 1, VYRE_OP_DISPATCH, &t, err);
    if (r == VYRE_OK && timing) *timing = t;
    return r;
}

static vyre_result vyre__cl_sequence(void *self, const vyre_op *ops, size_t n, vyre_timing *timing, vyre_error *err) {
    return vyre__cl_batch((vyre__cl_backend *)self, ops, n, 0, timing, err);
}

/* Borrowed dispatch: stage each argument in a temporary buffer. */
/* >>ocl-borrowed: borrowed dispatch, composed by vyre.h's kit from these resident ops (lock held) */
static vyre_result vyre__cl_kit_alloc(void *self, size_t bytes, vyre_buffer *out, vyre_error *err) {
    return vyre__cl_alloc_locked((vyre__cl_backend *)self, bytes, out, err);
}
static void vyre__cl_kit_release(void *self, vyre_buffer buf) {
    vyre__cl_backend *s = (vyre__cl_backend *)self;
    vyre__cl_slot *sl;
    if (vyre__cl_lookup(s, buf, &sl, NULL) == VYRE_OK) vyre__cl_free_slot(s, sl);
}
static vyre_result vyre__cl_kit_sequence(void *self, const vyre_op *ops, size_t n, vyre_timing *timing, vyre_error *err) {
    vyre__cl_backend *s = (vyre__cl_backend *)self;
    vyre_result r = vyre__cl_validate_ops(s, ops, n, 0, err);
    vyre_timing t;
    if (r == VYRE_OK) r = vyre__cl_run_ops(s, ops, n, &t, err);
    if (r == VYRE_OK && timing) *timing = t;
    return r;
}
static const vyre_kit_resident_ops vyre__cl_kit_ops = {vyre__cl_kit_alloc, vyre__cl_kit_release, vyre__cl_kit_sequence};
static vyre_result vyre__cl_dispatch(void *self, const char *program, const vyre_host_arg *args, uint32_t nargs,
                                     const uint64_t *scalars, uint32_t nscalars, vyre_timing *timing,
                                     vyre_error *err) {
    vyre__cl_backend *s = (vyre__cl_backend *)self;
    vyre_result r;
    pthread_mutex_lock(&s->lock);
    r = vyre__cl_usable(s, err);
    if (r == VYRE_OK) r = vyre_kit_borrowed_dispatch(&vyre__cl_kit_ops, s, "opencl", program, args, nargs, scalars, nscalars, timing, err);
    pthread_mutex_unlock(&s->lock);
    return r;
}

static vyre_result vyre__cl_telemetry(void *self, vyre_telemetry *out) {
    vyre__cl_backend *s = (vyre__cl_backend *)self;
    if (!out) return VYRE_ERR_INVALID_ARGUMENT;
    pthread_mutex_lock(&s->lock);
    *out = s->tel;
    pthread_mutex_unlock(&s->lock);
    return VYRE_OK;
}

static void vyre__cl_telemetry_reset(void *self) {
    vyre__cl_backend *s = (vyre__cl_backend *)self;
    pthread_mutex_lock(&s->lock);
    s->tel.h2d_bytes = s->tel.d2h_bytes = s->tel.launches = s->tel.syncs = s->tel.fills = 0;
    pthread_mutex_unlock(&s->lock);
}

static vyre_result vyre__cl_prepare(void *self, vyre_error *err) {
    vyre__cl_backend *s = (vyre__cl_backend *)self;
    vyre_result r;
    uint32_t i;
    pthread_mutex_lock(&s->lock);
    r = vyre__cl_usable(s, err);
    /* the literal family, which every literal scanner runs; the others are built on first use */
    for (i = 0; r == VYRE_OK && i < VYRE__CL_NKERN; i++)
        if (vyre_program_at(i < VYRE__CL_NPROG ? i : i - VYRE__CL_NPROG)->families & VYRE_KERNELS_LIT) r = vyre__cl_get_kernel(s, i, err);
    pthread_mutex_unlock(&s->lock);
    return r;
}

static vyre_result vyre__cl_flush(void *self, vyre_error *err) {
    vyre__cl_backend *s = (vyre__cl_backend *)self;
    vyre_result r;
    pthread_mutex_lock(&s->lock);
    r = vyre__cl_usable(s, err);
    if (r == VYRE_OK) r = vyre__cl_finish(s, err);
    pthread_mutex_unlock(&s->lock);
    return r;
}

/* Release every CL object (buffers, kernels, program, queue, context). */
static void vyre__cl_release_all(vyre__cl_backend *s) {
    uint32_t i;
    size_t h;
    if (s->queue) s->api.Finish(s->queue);
    for (h = 0; h < s->nhostmaps; h++) { /* staging the caller did not free: unmapped and released here */
        if (s->queue) s->api.EnqueueUnmapMemObject(s->queue, s->hostmaps[h].mem, s->hostmaps[h].p, 0, NULL, NULL);
        if (s->queue) s->api.Finish(s->queue);
        s->api.ReleaseMemObject(s->hostmaps[h].mem);
    }
    s->nhostmaps = 0;
    for (i = 0; i < s->nslots; i++)
        if (s->slots[i].mem) vyre__cl_free_slot(s, &s->slots[i]);
    for (i = 0; i < VYRE__CL_NKERN; i++)
        if (s->kernels[i]) {
            s->api.ReleaseKernel(s->kernels[i]);
            s->kernels[i] = NULL;
        }
    for (i = 0; i < VYRE_KERNELS_UNITS; i++)
        if (s->programs[i]) {
            s->api.ReleaseProgram(s->programs[i]);
            s->programs[i] = NULL;
        }
    s->info.program_built = 0;
    s->info.families = 0;
    if (s->queue) s->api.ReleaseCommandQueue(s->queue);
    s->queue = NULL;
    if (s->ctx) s->api.ReleaseContext(s->ctx);
    s->ctx = NULL;
}

static vyre_result vyre__cl_shutdown(void *self, vyre_error *err) {
    vyre__cl_backend *s = (vyre__cl_backend *)self;
    (void)err;
    pthread_mutex_lock(&s->lock);
    if (!s->shut) vyre__cl_release_all(s);
    s->shut = 1;
    pthread_mutex_unlock(&s->lock);
    return VYRE_OK;
}

static int vyre__cl_device_lost(void *self) {
    vyre__cl_backend *s = (vyre__cl_backend *)self;
    int l;
    pthread_mutex_lock(&s->lock);
    l = s->lost;
    pthread_mutex_unlock(&s->lock);
    return l;
}

static vyre_result vyre__cl_make_context(vyre__cl_backend *s, vyre_error *err) {
    vyre__cl_int e = 0;
    s->ctx = s->api.CreateContext(NULL, 1, &s->device, NULL, NULL, &e);
    if (!s->ctx || e != VYRE__CL_SUCCESS) {
        s->ctx = NULL;
        return vyre__cl_fail(s, err, e, "clCreateContext");
    }
    s->queue = s->api.CreateCommandQueue(s->ctx, s->device, VYRE__CL_QUEUE_PROFILING_ENABLE, &e);
    if (!s->queue || e != VYRE__CL_SUCCESS) {
        s->queue = NULL;
        return vyre__cl_fail(s, err, e, "clCreateCommandQueue");
    }
    return VYRE_OK;
}

static vyre_result vyre__cl_try_recover(void *self, vyre_error *err) {
    vyre__cl_backend *s = (vyre__cl_backend *)self;
    vyre_result r = VYRE_OK;
    pthread_mutex_lock(&s->lock);
    if (s->shut) {
        r = vyre__cl_usable(s, err);
    } else if (s->lost) {
        vyre__cl_release_all(s);
        s->lost = 0;
        r = vyre__cl_make_context(s, err);
        if (r != VYRE_OK) s->lost = 1;
    }
    pthread_mutex_unlock(&s->lock);
    return r;
}

/* --- >>ocl-staging: host staging memory (vtable host_alloc / host_free) ---------------- */
static vyre_result vyre__cl_host_alloc(void *self, size_t bytes, void **out, vyre_error *err) {
    vyre__cl_backend *s = (vyre__cl_backend *)self;
    vyre__cl_int e = VYRE__CL_SUCCESS;
    vyre__cl_mem m;
    void *p;
    vyre_result r;
    *out = NULL;
    if (bytes == 0) bytes = 1;
    pthread_mutex_lock(&s->lock);
    if ((r = vyre__cl_usable(s, err)) != VYRE_OK) { pthread_mutex_unlock(&s->lock); return r; }
    if ((r = vyre_kit_grow(&s->alloc, (void **)&s->hostmaps, &s->caphostmaps, s->nhostmaps + 1u, sizeof(vyre__cl_hostmap),
                           "OpenCL staging table", err)) != VYRE_OK) {
        pthread_mutex_unlock(&s->lock);
        return r;
    }
    m = s->api.CreateBuffer(s->ctx, VYRE__CL_MEM_READ_WRITE | VYRE__CL_MEM_ALLOC_HOST_PTR, bytes, NULL, &e);
    if (!m || e != VYRE__CL_SUCCESS) {
        r = vyre__cl_fail(s, err, e ? e : VYRE__CL_MEM_OBJECT_ALLOCATION_FAILURE, "host staging alloc (clCreateBuffer CL_MEM_ALLOC_HOST_PTR)");
        pthread_mutex_unlock(&s->lock);
        return r;
    }
    p = s->api.EnqueueMapBuffer(s->queue, m, VYRE__CL_TRUE, VYRE__CL_MAP_READ | VYRE__CL_MAP_WRITE, 0, bytes, 0, NULL, NULL, &e);
    if (!p || e != VYRE__CL_SUCCESS) {
        s->api.ReleaseMemObject(m);
        r = vyre__cl_fail(s, err, e ? e : VYRE__CL_MEM_OBJECT_ALLOCATION_FAILURE, "host staging map (clEnqueueMapBuffer)");
        pthread_mutex_unlock(&s->lock);
        return r;
    }
    s->hostmaps[s->nhostmaps].p = p;
    s->hostmaps[s->nhostmaps].mem = m;
    s->nhostmaps++;
    pthread_mutex_unlock(&s->lock);
    *out = p;
    return VYRE_OK;
}
static void vyre__cl_host_free(void *self, void *p) {
    vyre__cl_backend *s = (vyre__cl_backend *)self;
    size_t h;
    if (!p) return;
    pthread_mutex_lock(&s->lock);
    for (h = 0; h < s->nhostmaps; h++)
        if (s->hostmaps[h].p == p) {
            if (s->queue) {
                s->api.EnqueueUnmapMemObject(s->queue, s->hostmaps[h].mem, p, 0, NULL, NULL);
                s->api.Finish(s->queue);
            }
            s->api.ReleaseMemObject(s->hostmaps[h].mem);
            s->hostmaps[h] = s->hostmaps[--s->nhostmaps];
            break;
        }
    pthread_mutex_unlock(&s->lock);
}

static void vyre__cl_destroy(void *self) {
    vyre__cl_backend *s = (vyre__cl_backend *)self;
    vyre_allocator a;
    if (!s) return;
    if (s->api.lib) {
        vyre__cl_release_all(s);
        dlclose(s->api.lib);
    }
    pthread_mutex_destroy(&s->lock);
    a = s->alloc;
    vyre_free(&a, s->slots);
    vyre_free(&a, s->hostmaps);
    vyre_free(&a, s);
}

static vyre_result vyre__cl_kernel_info(void *self, vyre_kernel_info *out, vyre_error *err);
static const vyre_backend_vtable vyre__cl_vtable = {
    vyre__cl_id,
    vyre__cl_version,
    vyre__cl_profile,
    vyre__cl_dispatch,
    vyre__cl_buffer_alloc,
    vyre__cl_buffer_free,
    vyre__cl_upload,
    vyre__cl_upload_many,
    vyre__cl_download,
    vyre__cl_download_many,
    vyre__cl_fill,
    vyre__cl_dispatch_resident,
    vyre__cl_sequence,
    vyre__cl_telemetry,
    vyre__cl_telemetry_reset,
    vyre__cl_prepare,
    vyre__cl_flush,
    vyre__cl_shutdown,
    vyre__cl_device_lost,
    vyre__cl_try_recover,
    vyre__cl_destroy,
    NULL,
    NULL,
    NULL,
    vyre__cl_host_alloc, /* mapped CL_MEM_ALLOC_HOST_PTR buffers (>>ocl-staging) */
    vyre__cl_host_free,
    /* no persistent engine consumers: vyre_engine uses the batched path here */
    NULL,
    NULL,
    NULL,
    NULL,
    /* repeated sequences: the default (vyre.h vyre_sequence_repeat), one dispatch_resident per step, timings summed */
    NULL,
    vyre__cl_kernel_info,
};

/* --- >>ocl-create: create and info ------------------------------------------ */
VYREDEF vyre_result vyre_ocl_backend_create(const vyre_ocl_desc *desc, vyre_backend **out, vyre_error *err) {
    vyre_ocl_desc d;
    vyre_allocator a;
    vyre__cl_backend *s;
    vyre_result r;
    char ext[2048];
    if (!out)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass a vyre_backend ** to receive the backend.",
                              "vyre_ocl_backend_create: out is NULL");
    *out = NULL;
    memset(&d, 0, sizeof(d));
    if (desc) d = *desc;
    if ((uint32_t)d.select > (uint32_t)VYRE_OCL_SELECT_INDEX)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT,
                              "Fix: use VYRE_OCL_SELECT_AUTO, _GPU, _CPU or _INDEX.",
                              "vyre_ocl_desc.select %d is not a vyre_ocl_select value", (int)d.select);
    if (d.local_size > VYRE__CL_MAX_LOCAL || (d.local_size & (d.local_size - 1u)) != 0)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: use a power of two from 1 to 256, or 0 for 256.",
                              "vyre_ocl_desc.local_size %u is not a power of two up to %u (the kernels' VK_WG)",
                              (unsigned)d.local_size, (unsigned)VYRE__CL_MAX_LOCAL);
    r = vyre_allocator_resolve(&d.allocator, &a, err);
    if (r != VYRE_OK) return r;
    s = (vyre__cl_backend *)vyre_alloc(&a, sizeof(*s));
    if (!s)
        return vyre_set_error(err, VYRE_ERR_OUT_OF_MEMORY, "Fix: free host memory.",
                              "out of host memory for the OpenCL backend (%llu bytes)", (unsigned long long)sizeof(*s));
    memset(s, 0, sizeof(*s));
    s->alloc = a;
    if (pthread_mutex_init(&s->lock, NULL) != 0) {
        vyre_free(&a, s);
        return vyre_set_error(err, VYRE_ERR_THREAD, "Fix: check the process's resource limits.",
                              "pthread_mutex_init failed for the OpenCL backend");
    }
    s->tag = (uint32_t)((((uintptr_t)s) >> 4) ^ (((uintptr_t)s) >> 20)) & 0xFFFFu;
    if (s->tag == 0) s->tag = 0x0C1u;
#ifdef VYRE_OCL_USE_SYSTEM_HEADERS
    vyre__cl_typecheck(&s->api);
#endif
    r = vyre__cl_load(&s->api, d.library, err);
    if (r == VYRE_OK) r = vyre__cl_select(s, &d, err);
    if (r == VYRE_OK) r = vyre__cl_make_context(s, err);
    if (r != VYRE_OK) {
        vyre__cl_destroy(s);
        return r;
    }
    /* facts */
    vyre__cl_str(s, NULL, s->platform, VYRE__CL_PLATFORM_NAME, s->info.platform_name, sizeof(s->info.platform_name));
    vyre__cl_str(s, NULL, s->platform, VYRE__CL_PLATFORM_VERSION, s->info.platform_version,
                 sizeof(s->info.platform_version));
    vyre__cl_str(s, s->device, NULL, VYRE__CL_DEVICE_NAME, s->info.device_name, sizeof(s->info.device_name));
    vyre__cl_str(s, s->device, NULL, VYRE__CL_DEVICE_VERSION, s->info.device_version, sizeof(s->info.device_version));
    vyre__cl_str(s, s->device, NULL, VYRE__CL_DRIVER_VERSION, s->info.driver_version, sizeof(s->info.driver_version));
    vyre__cl_str(s, s->device, NULL, VYRE__CL_DEVICE_EXTENSIONS, ext, sizeof(ext));
    s->info.is_gpu = (vyre__cl_devu64(s, s->device, VYRE__CL_DEVICE_TYPE, 8) & VYRE__CL_DEVICE_TYPE_GPU) ? 1u : 0u;
    s->local_size = d.local_size ? d.local_size : 256u;
    {
        uint64_t maxwg = vyre__cl_devu64(s, s->device, VYRE__CL_DEVICE_MAX_WORK_GROUP_SIZE, sizeof(size_t));
        vyre_device_profile *p = &s->prof;
        while (maxwg && s->local_size > maxwg) s->local_size /= 2;
        memset(p, 0, sizeof(*p));
        snprintf(p->backend, sizeof(p->backend), "opencl");
        snprintf(p->device_name, sizeof(p->device_name), "%s", s->info.device_name);
        snprintf(p->driver_version, sizeof(p->driver_version), "%s", s->info.driver_version);
        p->caps = VYRE_CAP_RESIDENT | VYRE_CAP_DEVICE_TIMER | VYRE_CAP_SEQUENCE | VYRE_CAP_FILL;
        p->compute_units = (uint32_t)vyre__cl_devu64(s, s->device, VYRE__CL_DEVICE_MAX_COMPUTE_UNITS, 4);
        p->max_workgroup_size = (uint32_t)maxwg;
        p->shared_memory_bytes = (uint32_t)vyre__cl_devu64(s, s->device, VYRE__CL_DEVICE_LOCAL_MEM_SIZE, 8);
        p->memory_bytes = vyre__cl_devu64(s, s->device, VYRE__CL_DEVICE_GLOBAL_MEM_SIZE, 8);
        p->max_buffer_bytes = vyre__cl_devu64(s, s->device, VYRE__CL_DEVICE_MAX_MEM_ALLOC_SIZE, 8);
        p->l2_bytes = vyre__cl_devu64(s, s->device, VYRE__CL_DEVICE_GLOBAL_MEM_CACHE_SIZE, 8);
        if (strstr(ext, "cl_nv_device_attribute_query")) {
            p->subgroup_size = (uint32_t)vyre__cl_devu64(s, s->device, VYRE__CL_DEVICE_WARP_SIZE_NV, 4);
            p->arch = (uint32_t)(vyre__cl_devu64(s, s->device, VYRE__CL_DEVICE_COMPUTE_CAPABILITY_MAJOR_NV, 4) * 10u +
                                 vyre__cl_devu64(s, s->device, VYRE__CL_DEVICE_COMPUTE_CAPABILITY_MINOR_NV, 4));
        }
    }
    s->info.local_size = s->local_size;
    snprintf(s->version_str, sizeof(s->version_str), "%s (%s; %s)", VYRE_VERSION_STRING, s->info.platform_version,
             s->info.driver_version);
    vyre_kit_cache_dir(d.cache_dir, s->cache_dir, sizeof s->cache_dir);
    return vyre_backend_wrap(&vyre__cl_vtable, s, &a, out, err);
}

VYREDEF vyre_result vyre_ocl_device_count(const vyre_ocl_desc *desc, uint32_t *count, vyre_error *err) {
    vyre_ocl_desc d;
    vyre_allocator a;
    vyre__cl_backend *s;
    vyre_result r;
    if (!count)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass a uint32_t * to receive the count.",
                              "vyre_ocl_device_count: count is NULL");
    *count = 0;
    memset(&d, 0, sizeof(d));
    if (desc) { d.select = desc->select; d.platform_index = desc->platform_index; d.library = desc->library; }
    if ((uint32_t)d.select > (uint32_t)VYRE_OCL_SELECT_INDEX)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: use VYRE_OCL_SELECT_AUTO, _GPU, _CPU or _INDEX.",
                              "vyre_ocl_desc.select %d is not a vyre_ocl_select value", (int)d.select);
    r = vyre_allocator_resolve(NULL, &a, err);
    if (r != VYRE_OK) return r;
    s = (vyre__cl_backend *)vyre_alloc(&a, sizeof(*s));
    if (!s)
        return vyre_set_error(err, VYRE_ERR_OUT_OF_MEMORY, "Fix: free host memory.",
                              "out of host memory counting OpenCL devices (%llu bytes)", (unsigned long long)sizeof(*s));
    memset(s, 0, sizeof(*s));
    s->alloc = a;
    s->count_only = 1;
    if (pthread_mutex_init(&s->lock, NULL) != 0) {
        vyre_free(&a, s);
        return vyre_set_error(err, VYRE_ERR_THREAD, "Fix: check the process's resource limits.", "pthread_mutex_init failed");
    }
    r = vyre__cl_load(&s->api, d.library, err);
    if (r == VYRE_OK) r = vyre__cl_select(s, &d, err);
    if (r == VYRE_OK) *count = s->counted;
    else if (err) err->code = r;
    vyre__cl_destroy(s);
    return r;
}

/* the backend contract's view (vyre_backend_kernel_info): the first build is the literal family */
static vyre_result vyre__cl_kernel_info(void *self, vyre_kernel_info *out, vyre_error *err) {
    vyre__cl_backend *s = (vyre__cl_backend *)self;
    (void)err;
    pthread_mutex_lock(&s->lock);
    *out = s->kinfo;
    out->families = s->info.families;
    pthread_mutex_unlock(&s->lock);
    return VYRE_OK;
}

VYREDEF vyre_result vyre_ocl_backend_info(vyre_backend *b, vyre_ocl_info *out, vyre_error *err) {
    vyre__cl_backend *s;
    if (!b || !out || vyre_backend_vtable_of(b) != &vyre__cl_vtable)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass a backend made by vyre_ocl_backend_create().",
                              "vyre_ocl_backend_info: not an OpenCL backend (or NULL)");
    s = (vyre__cl_backend *)vyre_backend_self(b);
    pthread_mutex_lock(&s->lock);
    *out = s->info;
    pthread_mutex_unlock(&s->lock);
    return VYRE_OK;
}

#ifdef __cplusplus
}
#endif
#endif /* VYRE_OCL_IMPLEMENTATION */
