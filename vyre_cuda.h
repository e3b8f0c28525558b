/* vyre_cuda.h - v0.1.0 - CUDA backend for vyre (driver API + NVRTC, loaded at run time).
   Public domain / MIT (see vyre.h).

   DO THIS
       #define VYRE_IMPLEMENTATION        (once, for vyre.h)
       #define VYRE_CUDA_IMPLEMENTATION   (once, in the same or another file)
       #include "vyre_cuda.h"
   Link with -ldl -lpthread. No CUDA SDK is needed to build: libcuda.so.1 and
   NVRTC (libnvrtc.so, .so.13, .so.12, or /usr/local/cuda/lib64) are opened
   with dlopen when a backend is created. Without them (or without a device)
   vyre_cuda_backend_create returns VYRE_ERR_BACKEND_UNAVAILABLE with a Fix:.

   OPTIONS
       VYRE_CUDA_USE_SYSTEM_HEADERS   implementation file: include <cuda.h> and
                                      <nvrtc.h> and check every loaded entry
                                      point's type against them (no linking).

   WHAT IT DOES
       - Compiles kernels.inc with NVRTC for the device's architecture
         (sm_XY), one module per kernel family (vyre.h >>backend-kit,
         VYRE_KERNELS_UNITS), each built on first use and cached on disk as
         its own entry (cuda-sm<arch>-<family>; key: that family's source
         hash, architecture, NVRTC version, options); a corrupt entry is
         rebuilt. The literal family is built at create; the regex family
         (vyre_re_confirm) on the first regex dispatch; the ring family
         (vyre_ring_consume) when an engine first opens.
       - Implements the whole vyre_backend_vtable: resident buffers through an
         exact-size idle-buffer reuse under a byte budget (device memory / 32 by
         default, largest-first eviction), device memset fills, sequences on
         one stream with one synchronisation, event timing, telemetry.
       - A content-addressed static upload cache (vyre_cuda_static_acquire):
         identical bytes are uploaded once; identity is verified with memcmp
         against a host copy, never by hash alone.
       - A native literal scanner (VYRE_CAP_LITERAL_SCAN): tables uploaded
         once per set through the static cache; inputs of any size stream
         through pinned triple buffers on three streams so copies overlap
         scans; input already in pinned memory is copied without staging;
         pageable input is staged by the caller plus half the host's CPUs
         (the kit's worker pool, started on the first scan of >= 32 MiB).

   THREADING
       Every backend entry point takes the backend's mutex: a backend may be
       shared between threads (calls serialise). Lit states (scanners) are
       per thread.

   CONTENTS (grep for the anchors; shared, device-independent code lives in
   vyre.h >>backend-kit and >>programs)
       >>cuda-api       vyre_cuda_desc, vyre_cuda_device_count, idle-buffer/cache stats, module info, host memory, create
       >>cuda-impl      implementation starts
       >>cuda-rm        the resident manager: idle-buffer reuse and static upload cache (mockable memops)
       >>cuda-driver    driver API and NVRTC entry points (dlopen)
       >>cuda-state     the backend struct
       >>cuda-module    kernel source, NVRTC compile, the kit's disk cache
       >>cuda-vtable    buffers, transfers, sequences, resident and borrowed dispatch, lifecycle
       >>cuda-lit       the native literal scanner (lanes, pinned staging, copies on the worker pool)
       >>cuda-engine    persistent engine consumers: the resident ring kernel (VYRE_NO_RING)
       >>cuda-create    vyre_cuda_backend_create and the public helpers */
#ifndef VYRE_CUDA_H
#define VYRE_CUDA_H
#include "vyre.h"
#ifdef __cplusplus
extern "C" {
#endif
/* >>cuda-api */
typedef struct vyre_cuda_desc {
    int device_index;                /* CUDA device ordinal, 0 .. vyre_cuda_device_count() - 1; default 0.
                                        Several backends may open the same ordinal (each gets its own
                                        streams and buffers on the device's primary context); one backend
                                        per ordinal is how a process drives several GPUs (vyre.h >>multi) */
    const char *cache_dir;           /* compiled-module cache: NULL = $VYRE_CACHE_DIR, else $XDG_CACHE_HOME/vyre,
                                        else $HOME/.cache/vyre; "" disables the on-disk cache */
    uint64_t pool_budget_bytes;      /* budget of idle (freed, kept for reuse) buffers; default device memory / 32 */
    uint32_t flags;                  /* reserved, 0 */
    vyre_allocator allocator;
} vyre_cuda_desc;
/* Errors: VYRE_ERR_BACKEND_UNAVAILABLE (no libcuda.so.1 / NVRTC / device, with a Fix: hint),
   VYRE_ERR_DEVICE, VYRE_ERR_KERNEL_COMPILE (NVRTC log in the message), VYRE_ERR_OUT_OF_MEMORY. */
VYREDEF vyre_result vyre_cuda_backend_create(const vyre_cuda_desc *desc, vyre_backend **out, vyre_error *err);

/* The number of CUDA devices the driver sees (the valid device_index values
   are 0 .. *count - 1). Loads only libcuda.so.1 (no NVRTC), calls cuInit and
   cuDeviceGetCount, and closes the library again; nothing stays open.
   Returns VYRE_OK with *count >= 1, or VYRE_ERR_BACKEND_UNAVAILABLE with
   *count = 0 and the reason (no libcuda.so.1, cuInit failed, no device) in
   err, with a Fix: line; VYRE_ERR_INVALID_ARGUMENT if count is NULL.
   Honours CUDA_VISIBLE_DEVICES (the driver does). Thread safety: any thread. */
VYREDEF vyre_result vyre_cuda_device_count(uint32_t *count, vyre_error *err);

/* Idle-buffer reuse and static cache counters (bytes are logical buffer sizes).
   device_bytes / device_buffers: everything the backend holds on the device
   through the resident manager (live, idle ("pooled") and cached buffers).
   The name keeps "pool" for compatibility; the pooled_* and pool_* fields
   count idle buffers kept for exact-size reuse. */
typedef struct vyre_cuda_pool_stats {
    uint64_t device_bytes, device_buffers;
    uint64_t live_bytes, live_buffers;       /* handed out and not freed (incl. in-use cache entries) */
    uint64_t pooled_bytes, pooled_buffers;   /* idle, kept for exact-size reuse */
    uint64_t cached_bytes, cache_entries;    /* static upload cache (retained entries) */
    uint64_t budget_bytes;                   /* idle-buffer budget (= static cache budget) */
    uint64_t pool_hits, pool_misses, pool_evictions;
    uint64_t cache_hits, cache_misses, cache_evictions;
} vyre_cuda_pool_stats;
/* b must be a CUDA backend (VYRE_ERR_INVALID_ARGUMENT otherwise). */
VYREDEF vyre_result vyre_cuda_pool_stats_get(vyre_backend *b, vyre_cuda_pool_stats *out, vyre_error *err);
/* Drop every idle buffer and every unused cache entry. */
VYREDEF vyre_result vyre_cuda_trim(vyre_backend *b, vyre_error *err);

/* The static upload cache. Returns a resident buffer holding exactly
   data[0, len); if the same bytes are already resident (verified with a full
   compare) no bytes move and *hit = 1. Release with vyre_cuda_static_release
   (not vyre_buffer_free). The buffer must not be written. */
VYREDEF vyre_result vyre_cuda_static_acquire(vyre_backend *b, const void *data, size_t len, vyre_buffer *out,
                                             int *hit, vyre_error *err);
VYREDEF vyre_result vyre_cuda_static_release(vyre_backend *b, vyre_buffer buf, vyre_error *err);

/* Pinned (page-locked) host memory: lit scans from it skip the staging copy. */
VYREDEF vyre_result vyre_cuda_host_alloc(vyre_backend *b, size_t bytes, void **out, vyre_error *err);
VYREDEF void vyre_cuda_host_free(vyre_backend *b, void *p);

/* How the kernels were obtained. The first five fields describe the module
   built at create (the literal family, vyre.h VYRE_KERNELS_LIT); families
   built later on first use are counted in families / lazy_build_ns. */
typedef struct vyre_cuda_module_info {
    int from_disk_cache;             /* 1: cubin loaded from the on-disk cache */
    int cache_rejected;              /* 1: an on-disk entry existed but was corrupt and was rebuilt */
    uint64_t compile_ns;             /* NVRTC compile time (0 on a cache hit) */
    uint64_t create_ns;              /* whole vyre_cuda_backend_create */
    uint32_t arch;                   /* e.g. 90 */
    int nvrtc_major, nvrtc_minor;
    char cache_path[512];            /* "" when the disk cache is disabled */
    uint32_t families;               /* VYRE_KERNELS_* families built so far (COMMON | LIT after create) */
    uint32_t lazy_builds;            /* families built after create (compiled or loaded from the cache) */
    uint64_t lazy_build_ns;          /* host time of those builds */
} vyre_cuda_module_info;
VYREDEF vyre_result vyre_cuda_module_info_get(vyre_backend *b, vyre_cuda_module_info *out, vyre_error *err);
#ifdef __cplusplus
}
#endif
#endif /* VYRE_CUDA_H */

/* ==================================================================== */
/* >>cuda-impl                                                           */
/* ==================================================================== */
#if defined(VYRE_CUDA_IMPLEMENTATION) && !defined(VYRE_CUDA_IMPLEMENTATION_DONE)
#define VYRE_CUDA_IMPLEMENTATION_DONE
#define VYRE_KIT_WANT_DLOPEN             /* vyre.h >>kit-dlopen: vyre__kit_dlopen_first */
#include "vyre.h"
#include <string.h>
#include <stdlib.h>
#include <stdio.h>
#include <dlfcn.h>
#include <pthread.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include <errno.h>
#ifdef VYRE_CUDA_USE_SYSTEM_HEADERS
#include <cuda.h>
#include <nvrtc.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- >>cuda-rm
   The resident manager: handles, exact-size reuse of idle (freed) buffers
   under a byte budget and largest-first eviction, and the content-addressed static
   upload cache. It talks to memory only through vyre__cu_memops so tests
   can drive it with a recording mock and no GPU. */
typedef struct vyre__cu_memops {
    vyre_result (*alloc)(void *user, size_t bytes, uint64_t *dptr, vyre_error *err);
    vyre_result (*free)(void *user, uint64_t dptr, vyre_error *err);
    vyre_result (*upload)(void *user, uint64_t dptr, const void *src, size_t len, vyre_error *err);
    void *user;
} vyre__cu_memops;

enum { VYRE__CU_SLOT_EMPTY = 0, VYRE__CU_SLOT_LIVE = 1, VYRE__CU_SLOT_IDLE = 2, VYRE__CU_SLOT_CACHED = 3 };

typedef struct vyre__cu_slot {
    uint64_t dptr;
    size_t bytes;
    uint32_t gen;
    uint32_t state;
} vyre__cu_slot;

typedef struct vyre__cu_centry {
    uint64_t hash;
    size_t bytes;
    void *host;                      /* exact copy of the bytes (identity check) */
    uint32_t slot;
    uint32_t refs;
    int retained;                    /* counted in cached_bytes; kept at refs == 0 */
} vyre__cu_centry;

typedef struct vyre__cu_rm {
    vyre_allocator alloc;
    vyre__cu_memops ops;
    vyre__cu_slot *slots;
    uint32_t nslots, capslots;
    uint32_t *freeslots;             /* stack of EMPTY slot indices */
    uint32_t nfree, capfree;
    uint32_t *idle;                  /* VYRE__CU_SLOT_IDLE slot indices */
    uint32_t nidle, capidle;
    vyre__cu_centry *cache;
    uint32_t ncache, capcache;
    uint64_t budget;
    uint32_t tag;                    /* this backend's handle tag (bits 48..63, never 0): another backend's handle fails */
    uint64_t device_bytes, device_buffers, live_bytes, live_buffers, pooled_bytes, cached_bytes;
    uint64_t pool_hits, pool_misses, pool_evictions, cache_hits, cache_misses, cache_evictions;
} vyre__cu_rm;

static void vyre__cu_rm_init(vyre__cu_rm *rm, const vyre_allocator *a, const vyre__cu_memops *ops, uint64_t budget) {
    memset(rm, 0, sizeof *rm);
    rm->alloc = *a;
    rm->ops = *ops;
    rm->budget = budget;
    rm->tag = (uint32_t)((((uintptr_t)rm) >> 4) ^ (((uintptr_t)rm) >> 20)) & 0x7FFFu;
    rm->tag |= 0x8000u; /* CPU and OpenCL handles never carry this bit pattern in the same place */
}

static vyre_result vyre__cu_acc_sub(uint64_t *acc, uint64_t v, const char *what, vyre_error *err) {
    if (*acc < v)
        return vyre_set_error(err, VYRE_ERR_STATE, "Fix: this is a bug in vyre_cuda.h; please report it.",
                              "CUDA resident accounting underflowed removing %llu bytes from %s (%llu)",
                              (unsigned long long)v, what, (unsigned long long)*acc);
    *acc -= v;
    return VYRE_OK;
}

static vyre_buffer vyre__cu_handle(const vyre__cu_rm *rm, uint32_t idx) {
    /* tag << 48 | generation (16 bits) << 32 | slot + 1 */
    return ((uint64_t)rm->tag << 48) | ((uint64_t)(rm->slots[idx].gen & 0xFFFFu) << 32) | (uint64_t)(idx + 1u);
}

/* A slot in `state` for handle h, else VYRE_ERR_BAD_HANDLE. */
static vyre_result vyre__cu_rm_find(vyre__cu_rm *rm, vyre_buffer h, uint32_t *idx, vyre_error *err) {
    uint64_t lo = h & 0xFFFFFFFFu;
    uint32_t i;
    if (lo == 0 || lo > rm->nslots)
        return vyre_set_error(err, VYRE_ERR_BAD_HANDLE,
                              "Fix: pass a buffer returned by vyre_buffer_alloc on this backend and not yet freed.",
                              "resident buffer handle 0x%llx was not made by this CUDA backend",
                              (unsigned long long)h);
    if ((uint32_t)(h >> 48) != rm->tag)
        return vyre_set_error(err, VYRE_ERR_BAD_HANDLE,
                              "Fix: pass a buffer returned by vyre_buffer_alloc on this backend and not yet freed.",
                              "resident buffer handle 0x%llx was not made by this CUDA backend",
                              (unsigned long long)h);
    i = (uint32_t)(lo - 1u);
    if ((rm->slots[i].gen & 0xFFFFu) != (uint32_t)((h >> 32) & 0xFFFFu) ||
        (rm->slots[i].state != VYRE__CU_SLOT_LIVE && rm->slots[i].state != VYRE__CU_SLOT_CACHED))
        return vyre_set_error(err, VYRE_ERR_BAD_HANDLE,
                              "Fix: do not use a resident buffer after freeing it.",
                              "resident buffer handle 0x%llx is stale (already freed) on this CUDA backend",
                              (unsigned long long)h);
    *idx = i;
    return VYRE_OK;
}

static vyre_result vyre__cu_rm_new_slot(vyre__cu_rm *rm, uint32_t *idx, vyre_error *err) {
    vyre_result r;
    if (rm->nfree) {
        *idx = rm->freeslots[--rm->nfree];
        return VYRE_OK;
    }
    if (rm->nslots >= 0x7FFFFFFFu)
        return vyre_set_error(err, VYRE_ERR_OVERFLOW, "Fix: free resident buffers you no longer use.",
                              "CUDA backend has %u resident buffer slots (limit 2^31-1)", rm->nslots);
    r = vyre_kit_grow(&rm->alloc, (void **)&rm->slots, &rm->capslots, rm->nslots + 1u, sizeof(vyre__cu_slot), "CUDA buffer table", err);
    if (r) return r;
    /* the free-slot stack can always hold every slot, so releasing never allocates */
    r = vyre_kit_grow(&rm->alloc, (void **)&rm->freeslots, &rm->capfree, rm->capslots, sizeof(uint32_t), "CUDA free-slot list", err);
    if (r) return r;
    *idx = rm->nslots;
    rm->slots[rm->nslots].gen = 0;
    rm->slots[rm->nslots].state = VYRE__CU_SLOT_EMPTY;
    rm->slots[rm->nslots].dptr = 0;
    rm->slots[rm->nslots].bytes = 0;
    rm->nslots++;
    return VYRE_OK;
}

static void vyre__cu_rm_release_slot(vyre__cu_rm *rm, uint32_t idx) {
    rm->slots[idx].state = VYRE__CU_SLOT_EMPTY;
    rm->slots[idx].dptr = 0;
    rm->slots[idx].bytes = 0;
    rm->freeslots[rm->nfree++] = idx;
}

/* Device-free one slot's memory and retire the slot. Accounting already done by the caller. */
static vyre_result vyre__cu_rm_devfree(vyre__cu_rm *rm, uint32_t idx, vyre_error *err) {
    vyre_result r = rm->ops.free(rm->ops.user, rm->slots[idx].dptr, err);
    vyre_result r2 = vyre__cu_acc_sub(&rm->device_bytes, rm->slots[idx].bytes, "device bytes", r ? NULL : err);
    vyre_result r3 = vyre__cu_acc_sub(&rm->device_buffers, 1, "device buffers", (r || r2) ? NULL : err);
    vyre__cu_rm_release_slot(rm, idx);
    return r ? r : (r2 ? r2 : r3);
}

/* Evict the largest idle buffer. *done = 0 when there is none. */
static vyre_result vyre__cu_rm_evict_idle_one(vyre__cu_rm *rm, int *done, vyre_error *err) {
    uint32_t k, best = 0, idx;
    vyre_result r;
    *done = 0;
    if (rm->nidle == 0) return VYRE_OK;
    for (k = 1; k < rm->nidle; ++k)
        if (rm->slots[rm->idle[k]].bytes > rm->slots[rm->idle[best]].bytes) best = k;
    idx = rm->idle[best];
    rm->idle[best] = rm->idle[--rm->nidle];
    r = vyre__cu_acc_sub(&rm->pooled_bytes, rm->slots[idx].bytes, "pooled bytes", err);
    if (r) return r;
    rm->pool_evictions++;
    *done = 1;
    return vyre__cu_rm_devfree(rm, idx, err);
}

/* Evict the largest unused cache entry. */
static vyre_result vyre__cu_rm_evict_cache_one(vyre__cu_rm *rm, int *done, vyre_error *err) {
    uint32_t k, best = UINT32_MAX;
    vyre__cu_centry e;
    vyre_result r;
    *done = 0;
    for (k = 0; k < rm->ncache; ++k)
        if (rm->cache[k].refs == 0 && (best == UINT32_MAX || rm->cache[k].bytes > rm->cache[best].bytes)) best = k;
    if (best == UINT32_MAX) return VYRE_OK;
    e = rm->cache[best];
    rm->cache[best] = rm->cache[--rm->ncache];
    vyre_free(&rm->alloc, e.host);
    r = e.retained ? vyre__cu_acc_sub(&rm->cached_bytes, e.bytes, "cached bytes", err) : VYRE_OK;
    rm->cache_evictions++;
    *done = 1;
    {
        vyre_result r2 = vyre__cu_rm_devfree(rm, e.slot, r ? NULL : err);
        return r ? r : r2;
    }
}

static vyre_result vyre__cu_rm_alloc(vyre__cu_rm *rm, size_t bytes, vyre_buffer *out, vyre_error *err) {
    uint32_t k, idx = 0;
    uint64_t dptr = 0;
    vyre_result r;
    *out = 0;
    for (k = 0; k < rm->nidle; ++k) {
        idx = rm->idle[k];
        if (rm->slots[idx].bytes == bytes) {
            r = vyre__cu_acc_sub(&rm->pooled_bytes, bytes, "pooled bytes", err);
            if (r) return r;
            rm->idle[k] = rm->idle[--rm->nidle];
            rm->slots[idx].state = VYRE__CU_SLOT_LIVE;
            rm->slots[idx].gen++;
            rm->live_bytes += bytes;
            rm->live_buffers++;
            rm->pool_hits++;
            *out = vyre__cu_handle(rm, idx);
            return VYRE_OK;
        }
    }
    rm->pool_misses++;
    /* slot bookkeeping first (host memory), so a host OOM never leaks device memory */
    r = vyre__cu_rm_new_slot(rm, &idx, err);
    if (r) return r;
    for (;;) {
        vyre_error e2;
        r = rm->ops.alloc(rm->ops.user, bytes, &dptr, &e2);
        if (r == VYRE_OK) break;
        if (r == VYRE_ERR_DEVICE_OUT_OF_MEMORY) {
            int done = 0;
            vyre_result re = vyre__cu_rm_evict_idle_one(rm, &done, NULL);
            if (re == VYRE_OK && !done) re = vyre__cu_rm_evict_cache_one(rm, &done, NULL);
            if (re == VYRE_OK && done) continue;
        }
        vyre__cu_rm_release_slot(rm, idx);
        if (err) *err = e2;
        return r;
    }
    rm->slots[idx].dptr = dptr;
    rm->slots[idx].bytes = bytes;
    rm->slots[idx].gen++;
    rm->slots[idx].state = VYRE__CU_SLOT_LIVE;
    rm->device_bytes += bytes;
    rm->device_buffers++;
    rm->live_bytes += bytes;
    rm->live_buffers++;
    *out = vyre__cu_handle(rm, idx);
    return VYRE_OK;
}

static vyre_result vyre__cu_rm_free(vyre__cu_rm *rm, vyre_buffer h, vyre_error *err) {
    uint32_t idx;
    size_t bytes;
    vyre_result r = vyre__cu_rm_find(rm, h, &idx, err);
    if (r) return r;
    if (rm->slots[idx].state == VYRE__CU_SLOT_CACHED)
        return vyre_set_error(err, VYRE_ERR_BAD_HANDLE, "Fix: release it with vyre_cuda_static_release.",
                              "resident buffer 0x%llx belongs to the static upload cache",
                              (unsigned long long)h);
    bytes = rm->slots[idx].bytes;
    r = vyre__cu_acc_sub(&rm->live_bytes, bytes, "live bytes", err);
    if (r) return r;
    r = vyre__cu_acc_sub(&rm->live_buffers, 1, "live buffers", err);
    if (r) return r;
    if ((uint64_t)bytes <= rm->budget) {
        int done = 1;
        while (rm->pooled_bytes > rm->budget - (uint64_t)bytes && done) {
            r = vyre__cu_rm_evict_idle_one(rm, &done, err);
            if (r) break;
        }
        if (r == VYRE_OK && rm->pooled_bytes <= rm->budget - (uint64_t)bytes) {
            r = vyre_kit_grow(&rm->alloc, (void **)&rm->idle, &rm->capidle, rm->nidle + 1u, sizeof(uint32_t), "CUDA idle-buffer list", NULL);
            if (r == VYRE_OK) {
                rm->slots[idx].state = VYRE__CU_SLOT_IDLE;
                rm->slots[idx].gen++; /* the freed handle is stale from now on */
                rm->idle[rm->nidle++] = idx;
                rm->pooled_bytes += bytes;
                return VYRE_OK;
            }
        }
    }
    rm->slots[idx].gen++;
    return vyre__cu_rm_devfree(rm, idx, err);
}


static vyre_result vyre__cu_rm_static_acquire(vyre__cu_rm *rm, const void *data, size_t len, vyre_buffer *out,
                                              int *hit, vyre_error *err) {
    uint64_t hash = vyre_kit_hash(data, len, 0);
    uint32_t k, idx;
    vyre_buffer h;
    void *copy;
    vyre_result r;
    *out = 0;
    if (hit) *hit = 0;
    for (k = 0; k < rm->ncache; ++k) {
        vyre__cu_centry *e = &rm->cache[k];
        if (e->hash == hash && e->bytes == len && memcmp(e->host, data, len) == 0) {
            e->refs++;
            rm->cache_hits++;
            if (hit) *hit = 1;
            *out = vyre__cu_handle(rm, e->slot);
            return VYRE_OK;
        }
    }
    rm->cache_misses++;
    r = vyre_kit_grow(&rm->alloc, (void **)&rm->cache, &rm->capcache, rm->ncache + 1u, sizeof(vyre__cu_centry), "CUDA upload cache", err);
    if (r) return r;
    copy = vyre_alloc(&rm->alloc, len ? len : 1);
    if (!copy)
        return vyre_set_error(err, VYRE_ERR_OUT_OF_MEMORY, "Fix: free host memory.",
                              "out of host memory copying %zu bytes for the CUDA static upload cache", len);
    memcpy(copy, data, len);
    r = vyre__cu_rm_alloc(rm, len, &h, err);
    if (r) { vyre_free(&rm->alloc, copy); return r; }
    idx = (uint32_t)((h & 0xFFFFFFFFu) - 1u);
    r = rm->ops.upload(rm->ops.user, rm->slots[idx].dptr, data, len, err);
    if (r) {
        vyre__cu_rm_free(rm, h, NULL);
        vyre_free(&rm->alloc, copy);
        return r;
    }
    /* from now on the slot is owned by the cache (not a user live buffer) */
    rm->slots[idx].state = VYRE__CU_SLOT_CACHED;
    rm->live_bytes -= len;
    rm->live_buffers--;
    {
        vyre__cu_centry *e = &rm->cache[rm->ncache++];
        int done = 1;
        e->hash = hash;
        e->bytes = len;
        e->host = copy;
        e->slot = idx;
        e->refs = 1;
        e->retained = 0;
        if ((uint64_t)len <= rm->budget) {
            while (rm->cached_bytes > rm->budget - (uint64_t)len && done) {
                if (vyre__cu_rm_evict_cache_one(rm, &done, NULL) != VYRE_OK) break;
            }
            /* eviction may have moved entries: find ours again by slot */
            for (k = 0; k < rm->ncache; ++k)
                if (rm->cache[k].slot == idx) break;
            if (k < rm->ncache && rm->cached_bytes <= rm->budget - (uint64_t)len) {
                rm->cache[k].retained = 1;
                rm->cached_bytes += len;
            }
        }
    }
    *out = vyre__cu_handle(rm, idx);
    return VYRE_OK;
}

static vyre_result vyre__cu_rm_static_release(vyre__cu_rm *rm, vyre_buffer h, vyre_error *err) {
    uint32_t idx, k;
    vyre_result r = vyre__cu_rm_find(rm, h, &idx, err);
    if (r) return r;
    for (k = 0; k < rm->ncache; ++k)
        if (rm->cache[k].slot == idx) break;
    if (k == rm->ncache || rm->slots[idx].state != VYRE__CU_SLOT_CACHED || rm->cache[k].refs == 0)
        return vyre_set_error(err, VYRE_ERR_BAD_HANDLE, "Fix: release only buffers from vyre_cuda_static_acquire.",
                              "resident buffer 0x%llx is not an acquired static upload", (unsigned long long)h);
    rm->cache[k].refs--;
    if (rm->cache[k].refs == 0 && !rm->cache[k].retained) {
        vyre__cu_centry e = rm->cache[k];
        rm->cache[k] = rm->cache[--rm->ncache];
        vyre_free(&rm->alloc, e.host);
        return vyre__cu_rm_devfree(rm, e.slot, err);
    }
    return VYRE_OK;
}

/* Bytes of in-use cache entries (they count as live). */
static void vyre__cu_rm_stats(const vyre__cu_rm *rm, vyre_cuda_pool_stats *s) {
    uint32_t k;
    memset(s, 0, sizeof *s);
    s->device_bytes = rm->device_bytes;
    s->device_buffers = rm->device_buffers;
    s->live_bytes = rm->live_bytes;
    s->live_buffers = rm->live_buffers;
    for (k = 0; k < rm->ncache; ++k)
        if (rm->cache[k].refs) { s->live_bytes += rm->cache[k].bytes; s->live_buffers++; }
    s->pooled_bytes = rm->pooled_bytes;
    s->pooled_buffers = rm->nidle;
    s->cached_bytes = rm->cached_bytes;
    s->cache_entries = rm->ncache;
    s->budget_bytes = rm->budget;
    s->pool_hits = rm->pool_hits;
    s->pool_misses = rm->pool_misses;
    s->pool_evictions = rm->pool_evictions;
    s->cache_hits = rm->cache_hits;
    s->cache_misses = rm->cache_misses;
    s->cache_evictions = rm->cache_evictions;
}

/* Drop idle buffers and unused cache entries. */
static vyre_result vyre__cu_rm_trim(vyre__cu_rm *rm, vyre_error *err) {
    vyre_result first = VYRE_OK, r;
    int done = 1;
    while (done) {
        r = vyre__cu_rm_evict_idle_one(rm, &done, first ? NULL : err);
        if (r && !first) first = r;
        if (r) break;
    }
    done = 1;
    while (done) {
        r = vyre__cu_rm_evict_cache_one(rm, &done, first ? NULL : err);
        if (r && !first) first = r;
        if (r) break;
    }
    return first;
}

/* Release every device buffer (live, idle, cached) and the host tables.
   Attempts every release; returns the first error. */
static vyre_result vyre__cu_rm_destroy(vyre__cu_rm *rm, vyre_error *err) {
    vyre_result first = VYRE_OK;
    uint32_t k;
    for (k = 0; k < rm->ncache; ++k) vyre_free(&rm->alloc, rm->cache[k].host);
    for (k = 0; k < rm->nslots; ++k) {
        if (rm->slots[k].state != VYRE__CU_SLOT_EMPTY) {
            vyre_result r = rm->ops.free(rm->ops.user, rm->slots[k].dptr, first ? NULL : err);
            if (r && !first) first = r;
            rm->slots[k].state = VYRE__CU_SLOT_EMPTY;
        }
    }
    vyre_free(&rm->alloc, rm->slots);
    vyre_free(&rm->alloc, rm->freeslots);
    vyre_free(&rm->alloc, rm->idle);
    vyre_free(&rm->alloc, rm->cache);
    rm->slots = NULL; rm->freeslots = NULL; rm->idle = NULL; rm->cache = NULL;
    rm->nslots = rm->capslots = rm->nfree = rm->capfree = rm->nidle = rm->capidle = rm->ncache = rm->capcache = 0;
    rm->device_bytes = rm->device_buffers = rm->live_bytes = rm->live_buffers = 0;
    rm->pooled_bytes = rm->cached_bytes = 0;
    return first;
}

/* ------------------------------------------------------------ >>cuda-driver
   The few driver and NVRTC types, constants and entry points vyre uses,
   declared here so no SDK is needed. */
typedef int vyre__CUresult;
typedef int vyre__CUdevice;
typedef struct vyre__CUctx_st *vyre__CUcontext;
typedef struct vyre__CUmod_st *vyre__CUmodule;
typedef struct vyre__CUfunc_st *vyre__CUfunction;
typedef struct vyre__CUstream_st *vyre__CUstream;
typedef struct vyre__CUevent_st *vyre__CUevent;
typedef unsigned long long vyre__CUdeviceptr;
typedef int vyre__nvrtcResult;
typedef struct vyre__nvrtcProgram_st *vyre__nvrtcProgram;

#define VYRE__CU_SUCCESS 0
#define VYRE__CU_ERROR_OUT_OF_MEMORY 2
#define VYRE__CU_ERROR_NOT_READY 600
#define VYRE__CU_DEV_ATTR_MAX_THREADS_PER_BLOCK 1
#define VYRE__CU_DEV_ATTR_MAX_SHARED_PER_BLOCK 8
#define VYRE__CU_DEV_ATTR_WARP_SIZE 10
#define VYRE__CU_DEV_ATTR_SM_COUNT 16
#define VYRE__CU_DEV_ATTR_L2_SIZE 38
#define VYRE__CU_DEV_ATTR_CC_MAJOR 75
#define VYRE__CU_DEV_ATTR_CC_MINOR 76
#define VYRE__CU_STREAM_NON_BLOCKING 1
#define VYRE__CU_EVENT_DEFAULT 0
#define VYRE__CU_EVENT_DISABLE_TIMING 2

typedef struct vyre__cu_api {
    void *libcuda, *libnvrtc;
    vyre__CUresult (*cuInit)(unsigned int);
    vyre__CUresult (*cuDriverGetVersion)(int *);
    vyre__CUresult (*cuDeviceGetCount)(int *);
    vyre__CUresult (*cuDeviceGet)(vyre__CUdevice *, int);
    vyre__CUresult (*cuDeviceGetName)(char *, int, vyre__CUdevice);
    vyre__CUresult (*cuDeviceGetAttribute)(int *, int, vyre__CUdevice);
    vyre__CUresult (*cuDeviceTotalMem)(size_t *, vyre__CUdevice);
    vyre__CUresult (*cuDevicePrimaryCtxRetain)(vyre__CUcontext *, vyre__CUdevice);
    vyre__CUresult (*cuDevicePrimaryCtxRelease)(vyre__CUdevice);
    vyre__CUresult (*cuCtxSetCurrent)(vyre__CUcontext);
    vyre__CUresult (*cuCtxSynchronize)(void);
    vyre__CUresult (*cuModuleLoadData)(vyre__CUmodule *, const void *);
    vyre__CUresult (*cuModuleUnload)(vyre__CUmodule);
    vyre__CUresult (*cuModuleGetFunction)(vyre__CUfunction *, vyre__CUmodule, const char *);
    vyre__CUresult (*cuOccupancyMaxActiveBlocksPerMultiprocessor)(int *, vyre__CUfunction, int, size_t);
    vyre__CUresult (*cuMemAlloc)(vyre__CUdeviceptr *, size_t);
    vyre__CUresult (*cuMemFree)(vyre__CUdeviceptr);
    vyre__CUresult (*cuMemAllocHost)(void **, size_t);
    vyre__CUresult (*cuMemFreeHost)(void *);
    vyre__CUresult (*cuMemGetInfo)(size_t *, size_t *);
    vyre__CUresult (*cuMemcpyHtoDAsync)(vyre__CUdeviceptr, const void *, size_t, vyre__CUstream);
    vyre__CUresult (*cuMemcpyDtoHAsync)(void *, vyre__CUdeviceptr, size_t, vyre__CUstream);
    vyre__CUresult (*cuMemsetD8Async)(vyre__CUdeviceptr, unsigned char, size_t, vyre__CUstream);
    vyre__CUresult (*cuStreamCreate)(vyre__CUstream *, unsigned int);
    vyre__CUresult (*cuStreamDestroy)(vyre__CUstream);
    vyre__CUresult (*cuStreamSynchronize)(vyre__CUstream);
    vyre__CUresult (*cuEventCreate)(vyre__CUevent *, unsigned int);
    vyre__CUresult (*cuPointerGetAttributes)(unsigned int, int *, void **, vyre__CUdeviceptr); /* optional */
    vyre__CUresult (*cuEventDestroy)(vyre__CUevent);
    vyre__CUresult (*cuEventRecord)(vyre__CUevent, vyre__CUstream);
    vyre__CUresult (*cuEventSynchronize)(vyre__CUevent);
    vyre__CUresult (*cuEventElapsedTime)(float *, vyre__CUevent, vyre__CUevent);
    vyre__CUresult (*cuLaunchKernel)(vyre__CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned,
                                     unsigned, vyre__CUstream, void **, void **);
    vyre__CUresult (*cuFuncSetAttribute)(vyre__CUfunction, int, int);   /* optional (NULL: the ring kernel caches no tables) */
    vyre__CUresult (*cuFuncGetAttribute)(int *, int, vyre__CUfunction); /* optional (NULL: VYRE__CU_RING_STATIC_SMEM) */
    vyre__CUresult (*cuGetErrorName)(vyre__CUresult, const char **);
    vyre__CUresult (*cuGetErrorString)(vyre__CUresult, const char **);
    vyre__nvrtcResult (*nvrtcVersion)(int *, int *);
    vyre__nvrtcResult (*nvrtcCreateProgram)(vyre__nvrtcProgram *, const char *, const char *, int,
                                            const char *const *, const char *const *);
    vyre__nvrtcResult (*nvrtcCompileProgram)(vyre__nvrtcProgram, int, const char *const *);
    vyre__nvrtcResult (*nvrtcGetProgramLogSize)(vyre__nvrtcProgram, size_t *);
    vyre__nvrtcResult (*nvrtcGetProgramLog)(vyre__nvrtcProgram, char *);
    vyre__nvrtcResult (*nvrtcGetCUBINSize)(vyre__nvrtcProgram, size_t *);
    vyre__nvrtcResult (*nvrtcGetCUBIN)(vyre__nvrtcProgram, char *);
    vyre__nvrtcResult (*nvrtcDestroyProgram)(vyre__nvrtcProgram *);
    const char *(*nvrtcGetErrorString)(vyre__nvrtcResult);
} vyre__cu_api;

static void *vyre__cu_sym(void *lib, const char *a, const char *b) {
    void *p = dlsym(lib, a);
    if (!p && b) p = dlsym(lib, b);
    return p;
}

static void vyre__cu_api_close(vyre__cu_api *api) {
    if (api->libnvrtc) dlclose(api->libnvrtc);
    if (api->libcuda) dlclose(api->libcuda);
    api->libnvrtc = api->libcuda = NULL;
}

static vyre_result vyre__cu_api_open(vyre__cu_api *api, vyre_error *err) {
    static const char *const cuda_names[] = {"libcuda.so.1", "libcuda.so", "/usr/lib/x86_64-linux-gnu/libcuda.so.1",
                                             "/usr/local/nvidia/lib64/libcuda.so.1"};
    static const char *const nvrtc_names[] = {"libnvrtc.so", "libnvrtc.so.13", "libnvrtc.so.12",
                                              "/usr/local/cuda/lib64/libnvrtc.so",
                                              "/usr/local/cuda/lib64/libnvrtc.so.13",
                                              "/usr/local/cuda/lib64/libnvrtc.so.12"};
    const char *missing = NULL, *dlerr = NULL;
    memset(api, 0, sizeof *api);
    api->libcuda = vyre__kit_dlopen_first(cuda_names, sizeof cuda_names / sizeof cuda_names[0], &dlerr);
    if (!api->libcuda)
        return vyre_set_error(err, VYRE_ERR_BACKEND_UNAVAILABLE,
                              "Fix: install the NVIDIA driver (it provides libcuda.so.1) on a machine with an NVIDIA GPU, "
                              "or use the CPU backend (vyre_cpu_backend_create).",
                              "the CUDA driver library libcuda.so.1 could not be loaded: %s",
                              dlerr ? dlerr : "not found");
    api->libnvrtc = vyre__kit_dlopen_first(nvrtc_names, sizeof nvrtc_names / sizeof nvrtc_names[0], &dlerr);
    if (!api->libnvrtc) {
        vyre__cu_api_close(api);
        return vyre_set_error(err, VYRE_ERR_BACKEND_UNAVAILABLE,
                              "Fix: install the CUDA toolkit's NVRTC (libnvrtc.so.12 or .13) or add /usr/local/cuda/lib64 "
                              "to LD_LIBRARY_PATH, or use the CPU backend (vyre_cpu_backend_create).",
                              "the NVRTC library (libnvrtc.so, .so.13, .so.12) could not be loaded: %s",
                              dlerr ? dlerr : "not found");
    }
#define VYRE__CU_LOAD(lib, field, n1, n2)                                               \
    do {                                                                                \
        *(void **)(&api->field) = vyre__cu_sym(api->lib, n1, n2);                     \
        if (!api->field && !missing) missing = n1;                                      \
    } while (0)
    VYRE__CU_LOAD(libcuda, cuInit, "cuInit", NULL);
    VYRE__CU_LOAD(libcuda, cuDriverGetVersion, "cuDriverGetVersion", NULL);
    VYRE__CU_LOAD(libcuda, cuDeviceGetCount, "cuDeviceGetCount", NULL);
    VYRE__CU_LOAD(libcuda, cuDeviceGet, "cuDeviceGet", NULL);
    VYRE__CU_LOAD(libcuda, cuDeviceGetName, "cuDeviceGetName", NULL);
    VYRE__CU_LOAD(libcuda, cuDeviceGetAttribute, "cuDeviceGetAttribute", NULL);
    VYRE__CU_LOAD(libcuda, cuDeviceTotalMem, "cuDeviceTotalMem_v2", NULL);
    VYRE__CU_LOAD(libcuda, cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain", NULL);
    VYRE__CU_LOAD(libcuda, cuDevicePrimaryCtxRelease, "cuDevicePrimaryCtxRelease_v2", "cuDevicePrimaryCtxRelease");
    VYRE__CU_LOAD(libcuda, cuCtxSetCurrent, "cuCtxSetCurrent", NULL);
    VYRE__CU_LOAD(libcuda, cuCtxSynchronize, "cuCtxSynchronize", NULL);
    VYRE__CU_LOAD(libcuda, cuModuleLoadData, "cuModuleLoadData", NULL);
    VYRE__CU_LOAD(libcuda, cuModuleUnload, "cuModuleUnload", NULL);
    VYRE__CU_LOAD(libcuda, cuModuleGetFunction, "cuModuleGetFunction", NULL);
    VYRE__CU_LOAD(libcuda, cuOccupancyMaxActiveBlocksPerMultiprocessor, "cuOccupancyMaxActiveBlocksPerMultiprocessor", NULL);
    VYRE__CU_LOAD(libcuda, cuMemAlloc, "cuMemAlloc_v2", NULL);
    VYRE__CU_LOAD(libcuda, cuMemFree, "cuMemFree_v2", NULL);
    VYRE__CU_LOAD(libcuda, cuMemAllocHost, "cuMemAllocHost_v2", NULL);
    VYRE__CU_LOAD(libcuda, cuMemFreeHost, "cuMemFreeHost", NULL);
    VYRE__CU_LOAD(libcuda, cuMemGetInfo, "cuMemGetInfo_v2", NULL);
    VYRE__CU_LOAD(libcuda, cuMemcpyHtoDAsync, "cuMemcpyHtoDAsync_v2", NULL);
    VYRE__CU_LOAD(libcuda, cuMemcpyDtoHAsync, "cuMemcpyDtoHAsync_v2", NULL);
    VYRE__CU_LOAD(libcuda, cuMemsetD8Async, "cuMemsetD8Async", NULL);
    VYRE__CU_LOAD(libcuda, cuStreamCreate, "cuStreamCreate", NULL);
    VYRE__CU_LOAD(libcuda, cuStreamDestroy, "cuStreamDestroy_v2", NULL);
    VYRE__CU_LOAD(libcuda, cuStreamSynchronize, "cuStreamSynchronize", NULL);
    VYRE__CU_LOAD(libcuda, cuEventCreate, "cuEventCreate", NULL);
    *(void **)(&api->cuPointerGetAttributes) = vyre__cu_sym(api->libcuda, "cuPointerGetAttributes", NULL);
    VYRE__CU_LOAD(libcuda, cuEventDestroy, "cuEventDestroy_v2", NULL);
    VYRE__CU_LOAD(libcuda, cuEventRecord, "cuEventRecord", NULL);
    VYRE__CU_LOAD(libcuda, cuEventSynchronize, "cuEventSynchronize", NULL);
    VYRE__CU_LOAD(libcuda, cuEventElapsedTime, "cuEventElapsedTime_v2", "cuEventElapsedTime");
    VYRE__CU_LOAD(libcuda, cuLaunchKernel, "cuLaunchKernel", NULL);
    *(void **)(&api->cuFuncSetAttribute) = vyre__cu_sym(api->libcuda, "cuFuncSetAttribute", NULL);
    *(void **)(&api->cuFuncGetAttribute) = vyre__cu_sym(api->libcuda, "cuFuncGetAttribute", NULL);
    VYRE__CU_LOAD(libcuda, cuGetErrorName, "cuGetErrorName", NULL);
    VYRE__CU_LOAD(libcuda, cuGetErrorString, "cuGetErrorString", NULL);
    VYRE__CU_LOAD(libnvrtc, nvrtcVersion, "nvrtcVersion", NULL);
    VYRE__CU_LOAD(libnvrtc, nvrtcCreateProgram, "nvrtcCreateProgram", NULL);
    VYRE__CU_LOAD(libnvrtc, nvrtcCompileProgram, "nvrtcCompileProgram", NULL);
    VYRE__CU_LOAD(libnvrtc, nvrtcGetProgramLogSize, "nvrtcGetProgramLogSize", NULL);
    VYRE__CU_LOAD(libnvrtc, nvrtcGetProgramLog, "nvrtcGetProgramLog", NULL);
    VYRE__CU_LOAD(libnvrtc, nvrtcGetCUBINSize, "nvrtcGetCUBINSize", NULL);
    VYRE__CU_LOAD(libnvrtc, nvrtcGetCUBIN, "nvrtcGetCUBIN", NULL);
    VYRE__CU_LOAD(libnvrtc, nvrtcDestroyProgram, "nvrtcDestroyProgram", NULL);
    VYRE__CU_LOAD(libnvrtc, nvrtcGetErrorString, "nvrtcGetErrorString", NULL);
#undef VYRE__CU_LOAD
#ifdef VYRE_CUDA_USE_SYSTEM_HEADERS
    {
        /* Compile-time check that the declared signatures match the SDK's. */
        CUresult (*c1)(CUdeviceptr *, size_t) = cuMemAlloc_v2;
        CUresult (*c2)(CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, CUstream,
                       void **, void **) = cuLaunchKernel;
        nvrtcResult (*c3)(nvrtcProgram, int, const char *const *) = nvrtcCompileProgram;
        (void)c1; (void)c2; (void)c3;
        (void)sizeof(char[sizeof(CUdeviceptr) == sizeof(vyre__CUdeviceptr) ? 1 : -1]);
        (void)sizeof(char[CUDA_ERROR_OUT_OF_MEMORY == VYRE__CU_ERROR_OUT_OF_MEMORY ? 1 : -1]);
        (void)sizeof(char[CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT == VYRE__CU_DEV_ATTR_SM_COUNT ? 1 : -1]);
    }
#endif
    if (missing) {
        vyre__cu_api_close(api);
        return vyre_set_error(err, VYRE_ERR_BACKEND_UNAVAILABLE,
                              "Fix: update the NVIDIA driver and CUDA toolkit (CUDA 12 or newer), or use the CPU backend (vyre_cpu_backend_create).",
                              "the CUDA driver or NVRTC library lacks the entry point %s", missing);
    }
    return VYRE_OK;
}

/* ------------------------------------------------------------ >>cuda-state */
#define VYRE__CU_LANES 3
#define VYRE__CU_WG 256u
#ifndef VYRE__CU_BLOCKS_PER_SM
#define VYRE__CU_BLOCKS_PER_SM 32
#endif
#define VYRE__CU_MAX_DISPATCH 0xFFFF0000u
#define VYRE__CU_STAGING_MAX ((size_t)64 << 20)

/* Staging copies from pageable memory into pinned buffers, split over the
   kit's worker pool (>>thread-pool; one host thread copies at ~7 GB/s, the
   link takes 55). The workers start on the first large pageable scan. */
#define VYRE__CU_COPY_THREADS 7u
#define VYRE__CU_COPY_MIN ((size_t)4 << 20)
typedef struct vyre__cu_copier {
    vyre_worker_pool *workers;       /* NULL: plain memcpy */
    int tried;                       /* the workers were started, or could not be (a speed, not a result, difference) */
} vyre__cu_copier;
typedef struct vyre__cu_copy_job { unsigned char *dst; const unsigned char *src; size_t len; uint32_t parts; } vyre__cu_copy_job;

static void vyre__cu_copy_part(void *arg, uint32_t part) {
    const vyre__cu_copy_job *j = (const vyre__cu_copy_job *)arg;
    size_t a = j->len / j->parts * part, e = part + 1 == j->parts ? j->len : j->len / j->parts * (part + 1);
    memcpy(j->dst + a, j->src + a, e - a);
}
static void vyre__cu_copier_start(vyre__cu_copier *c, const vyre_allocator *alloc, unsigned want) {
    if (c->tried || want == 0) return;
    if (want > VYRE__CU_COPY_THREADS) want = VYRE__CU_COPY_THREADS;
    c->tried = 1;
    if (vyre_worker_pool_create(alloc, want, "CUDA staging copies", &c->workers, NULL) != VYRE_OK) c->workers = NULL;
}
static void vyre__cu_copier_stop(vyre__cu_copier *c) {
    vyre_worker_pool_destroy(c->workers);
    c->workers = NULL;
    c->tried = 0;
}
static void vyre__cu_copy(vyre__cu_copier *c, void *dst, const void *src, size_t len) {
    vyre__cu_copy_job j;
    if (!c->workers || len < VYRE__CU_COPY_MIN) { memcpy(dst, src, len); return; }
    j.dst = (unsigned char *)dst; j.src = (const unsigned char *)src; j.len = len;
    j.parts = vyre_worker_pool_workers(c->workers) + 1u;
    vyre_worker_pool_run(c->workers, vyre__cu_copy_part, &j, j.parts);
}

typedef struct vyre__cu_backend {
    vyre_allocator alloc;
    vyre__cu_api api;
    pthread_mutex_t mu;
    int mu_ok;
    vyre__CUdevice dev;
    vyre__CUcontext ctx;
    vyre__CUmodule mods[VYRE_KERNELS_UNITS]; /* one per kernel family, built on first use (>>cuda-module) */
    vyre__CUfunction kfn[VYRE_PROGRAM_COUNT]; /* by program index (mode - 1); NULL until its family is built */
    int kocc[VYRE_PROGRAM_COUNT];    /* occupancy: blocks per SM at VYRE__CU_WG */
    vyre__CUfunction kfn_kf[3];      /* the literal programs' key-filter variants (vyre.h >>programs), by mode - 1 */
    int kocc_kf[3];
    char cache_dir[400];             /* the kit's disk-cache directory, "" = disabled */
    vyre__CUstream stream;
    vyre__CUevent ev0, ev1;
    vyre__CUstream lane_stream[VYRE__CU_LANES];
    vyre__CUevent lane_ev[VYRE__CU_LANES];
    vyre__CUevent lane_tev[VYRE__CU_LANES]; /* timing-enabled twins of lane_ev: device time of lit_scan */
    void *staging;                   /* pinned, for sequences */
    size_t staging_bytes;
    vyre__cu_rm rm;
    vyre_device_profile prof;
    vyre_cuda_module_info minfo;
    uint64_t h2d, d2h, launches, syncs, fills;
    int lost, shut;
    uint64_t ring_dyn_smem;          /* the ring kernel's dynamic shared-memory attribute so far (only raised:
                                        every engine on this backend shares the function) */
    char version[64];
    struct { uintptr_t p; size_t n; } pins[64]; /* vyre_cuda_host_alloc ranges (direct DMA in lit_scan) */
    int npins;
    vyre__cu_copier copier;          /* staging copies of large pageable scans */
} vyre__cu_backend;

static vyre_result vyre__cu_fail(vyre__cu_backend *b, vyre__CUresult rc, const char *what, vyre_error *err) {
    const char *name = NULL, *desc = NULL;
    if (b->api.cuGetErrorName) b->api.cuGetErrorName(rc, &name);
    if (b->api.cuGetErrorString) b->api.cuGetErrorString(rc, &desc);
    if (!name) name = "CUDA_ERROR_UNKNOWN";
    if (!desc) desc = "";
    if (rc == VYRE__CU_ERROR_OUT_OF_MEMORY)
        return vyre_set_error(err, VYRE_ERR_DEVICE_OUT_OF_MEMORY,
                              "Fix: scan in smaller chunks, free resident buffers, or lower pool_budget_bytes.",
                              "%s failed: %s (%s)", what, name, desc);
    /* sticky errors: the context is unusable after these */
    if (rc == 700 || rc == 714 || rc == 715 || rc == 716 || rc == 718 || rc == 719 || rc == 214 || rc == 709 ||
        rc == 4 || rc == 702 || rc == 999) {
        b->lost = 1;
        return vyre_set_error(err, VYRE_ERR_DEVICE_LOST,
                              "Fix: destroy this backend and create a new one; if it repeats, check the GPU with nvidia-smi.",
                              "%s failed: %s (%s); the CUDA context is lost", what, name, desc);
    }
    return vyre_set_error(err, strstr(what, "launch") ? VYRE_ERR_LAUNCH : VYRE_ERR_DEVICE,
                          "Fix: check the driver installation and the arguments; report it if it persists.",
                          "%s failed: %s (%s)", what, name, desc);
}
#define VYRE__CU_TRY(b, call, what)                              \
    do {                                                         \
        vyre__CUresult vyre__rc = (call);                        \
        if (vyre__rc != VYRE__CU_SUCCESS) return vyre__cu_fail((b), vyre__rc, (what), err); \
    } while (0)

/* memops for the resident manager */
static vyre_result vyre__cu_mem_alloc(void *user, size_t bytes, uint64_t *dptr, vyre_error *err) {
    vyre__cu_backend *b = (vyre__cu_backend *)user;
    vyre__CUdeviceptr p = 0;
    size_t phys;
    vyre__CUresult rc;
    if (bytes > SIZE_MAX - 256)
        return vyre_set_error(err, VYRE_ERR_OVERFLOW, "Fix: allocate smaller buffers.",
                              "resident buffer of %zu bytes overflows size_t when padded", bytes);
    phys = (bytes + 255u) & ~(size_t)255u; /* kernels may read up to 16-byte alignment past the end */
    if (phys == 0) phys = 256;
    rc = b->api.cuMemAlloc(&p, phys);
    if (rc != VYRE__CU_SUCCESS) {
        if (rc == VYRE__CU_ERROR_OUT_OF_MEMORY)
            return vyre_set_error(err, VYRE_ERR_DEVICE_OUT_OF_MEMORY,
                                  "Fix: free resident buffers, scan in smaller chunks, or use a GPU with more memory.",
                                  "cuMemAlloc of %zu bytes failed: device out of memory", phys);
        return vyre__cu_fail(b, rc, "cuMemAlloc", err);
    }
    *dptr = (uint64_t)p;
    return VYRE_OK;
}
static vyre_result vyre__cu_mem_free(void *user, uint64_t dptr, vyre_error *err) {
    vyre__cu_backend *b = (vyre__cu_backend *)user;
    vyre__CUresult rc = b->api.cuMemFree((vyre__CUdeviceptr)dptr);
    if (rc != VYRE__CU_SUCCESS && !b->lost) return vyre__cu_fail(b, rc, "cuMemFree", err);
    return VYRE_OK;
}
static vyre_result vyre__cu_mem_upload(void *user, uint64_t dptr, const void *src, size_t len, vyre_error *err) {
    vyre__cu_backend *b = (vyre__cu_backend *)user;
    if (len == 0) return VYRE_OK;
    VYRE__CU_TRY(b, b->api.cuMemcpyHtoDAsync((vyre__CUdeviceptr)dptr, src, len, b->stream), "cuMemcpyHtoDAsync");
    VYRE__CU_TRY(b, b->api.cuStreamSynchronize(b->stream), "cuStreamSynchronize");
    b->h2d += len;
    b->syncs++;
    return VYRE_OK;
}

/* ------------------------------------------------------------ >>cuda-module */
/* kernels.inc once per kernel family (vyre.h >>backend-kit, VYRE_KERNELS_UNITS):
   each unit is its own NVRTC program, module and disk-cache entry. */
#define VYRE_KSRC(...) #__VA_ARGS__ "\n",
#define VYRE_KERNELS_FOR_CUDA
#define VYRE_KERNELS_ARRAYS vyre__cu_ksrc  /* vyre__cu_ksrc[unit], vyre__cu_ksrc_count[unit] */
#include "kernels.inc"
#undef VYRE_KERNELS_ARRAYS
#undef VYRE_KERNELS_FOR_CUDA
#undef VYRE_KSRC

/* One family's source as one string (NVRTC takes one). */
static vyre_result vyre__cu_source(const vyre_allocator *a, uint32_t unit, char **out, size_t *outlen, vyre_error *err) {
    const char *const *part = vyre__cu_ksrc[unit];
    size_t n = 0, i, k = 0, np = vyre__cu_ksrc_count[unit];
    char *s;
    for (i = 0; i < np; ++i) n += strlen(part[i]);
    s = (char *)vyre_alloc(a, n + 1);
    if (!s)
        return vyre_set_error(err, VYRE_ERR_OUT_OF_MEMORY, "Fix: free host memory.",
                              "out of host memory assembling %zu bytes of kernel source", n + 1);
    for (i = 0; i < np; ++i) {
        size_t l = strlen(part[i]);
        memcpy(s + k, part[i], l);
        k += l;
    }
    s[k] = 0;
    *out = s;
    *outlen = k;
    return VYRE_OK;
}

/* the on-disk module cache is vyre.h >>backend-kit (vyre_kit_cache_*) */
#define VYRE__CU_CACHE_MAX ((size_t)256 << 20)

/* Build family `unit` into b->mods[unit]: the disk-cache entry
   cuda-sm<arch>-<family>, else NVRTC (then stored). The literal unit, built at
   create, fills minfo's create-time fields; later units only add to
   minfo.families / lazy_*. */
static vyre_result vyre__cu_compile(vyre__cu_backend *b, uint32_t unit, vyre_error *err) {
    char *src = NULL;
    size_t srclen = 0, binlen = 0;
    char arch_opt[64], path[512];
    const char *opts[3];
    void *bin = NULL;
    uint64_t key;
    int maj = 0, min = 0, rejected = 0, at_create = unit == 0;
    vyre_result r;
    vyre__CUresult rc;
    vyre__CUmodule *mod = &b->mods[unit];
    r = vyre__cu_source(&b->alloc, unit, &src, &srclen, err);
    if (r) return r;
    snprintf(arch_opt, sizeof arch_opt, "--gpu-architecture=sm_%u", b->prof.arch);
    opts[0] = arch_opt;
#if defined(VYRE__CU_DEBUG_OPT)   /* debugging the kernels: e.g. -DVYRE__CU_DEBUG_OPT='"-G"' (no device optimisation) */
    opts[1] = VYRE__CU_DEBUG_OPT;
#else
    opts[1] = "-lineinfo";
#endif
    opts[2] = "--std=c++14";
    b->api.nvrtcVersion(&maj, &min);
    b->minfo.nvrtc_major = maj;
    b->minfo.nvrtc_minor = min;
    b->minfo.arch = b->prof.arch;
    key = vyre_kit_hash(src, srclen, 0x5659524543554441ull + unit);
    {
        char kb[256];
        int kn = snprintf(kb, sizeof kb, "%s|%s|%s|nvrtc%d.%d|" VYRE_VERSION_STRING, opts[0], opts[1], opts[2], maj, min);
        key = vyre_kit_hash(kb, (size_t)(kn > 0 ? kn : 0), key);
    }
    {
        char name[48];
        snprintf(name, sizeof name, "cuda-sm%u-%s", b->prof.arch, vyre_kit_family_name(unit));
        vyre_kit_cache_path(b->cache_dir, name, key, path, sizeof path);
    }
    if (path[0]) {
        if (at_create) snprintf(b->minfo.cache_path, sizeof b->minfo.cache_path, "%s", path);
        bin = vyre_kit_cache_read(&b->alloc, path, key, VYRE__CU_CACHE_MAX, &binlen, &rejected);
        if (at_create) b->minfo.cache_rejected = rejected;
        if (bin) {
            rc = b->api.cuModuleLoadData(mod, bin);
            if (rc == VYRE__CU_SUCCESS) {
                if (at_create) b->minfo.from_disk_cache = 1;
                vyre_free(&b->alloc, bin);
                vyre_free(&b->alloc, src);
                return VYRE_OK;
            }
            *mod = NULL;
            if (at_create) b->minfo.cache_rejected = 1;
            vyre_free(&b->alloc, bin);
            bin = NULL;
        }
    }
    {
        vyre__nvrtcProgram prog = NULL;
        vyre__nvrtcResult nr;
        uint64_t t0 = vyre_now_ns();
        char pname[48];
        snprintf(pname, sizeof pname, "vyre_kernels_%s.cu", vyre_kit_family_name(unit));
        nr = b->api.nvrtcCreateProgram(&prog, src, pname, 0, NULL, NULL);
        vyre_free(&b->alloc, src);
        src = NULL;
        if (nr != 0)
            return vyre_set_error(err, VYRE_ERR_KERNEL_COMPILE, "Fix: check the NVRTC installation.",
                                  "nvrtcCreateProgram failed: %s", b->api.nvrtcGetErrorString(nr));
        nr = b->api.nvrtcCompileProgram(prog, 3, opts);
        if (nr != 0) {
            size_t ln = 0;
            char log[400];
            char *full = NULL;
            b->api.nvrtcGetProgramLogSize(prog, &ln);
            log[0] = 0;
            if (ln > 0) {
                full = (char *)vyre_alloc(&b->alloc, ln + 1);
                if (full) {
                    full[0] = 0;
                    b->api.nvrtcGetProgramLog(prog, full);
                    full[ln] = 0;
                    snprintf(log, sizeof log, "%s", full);
                    vyre_free(&b->alloc, full);
                }
            }
            b->api.nvrtcDestroyProgram(&prog);
            return vyre_set_error(err, VYRE_ERR_KERNEL_COMPILE,
                                  "Fix: use an NVRTC that supports this GPU (the log names the problem); report kernel errors.",
                                  "NVRTC failed to compile kernels.inc (family %s) for %s: %s; log: %s",
                                  vyre_kit_family_name(unit), arch_opt, b->api.nvrtcGetErrorString(nr), log);
        }
        if (b->api.nvrtcGetCUBINSize(prog, &binlen) != 0 || binlen == 0) {
            b->api.nvrtcDestroyProgram(&prog);
            return vyre_set_error(err, VYRE_ERR_KERNEL_COMPILE, "Fix: use an NVRTC that emits cubin for this GPU.",
                                  "NVRTC produced no cubin for %s", arch_opt);
        }
        bin = vyre_alloc(&b->alloc, binlen);
        if (!bin) {
            b->api.nvrtcDestroyProgram(&prog);
            return vyre_set_error(err, VYRE_ERR_OUT_OF_MEMORY, "Fix: free host memory.",
                                  "out of host memory for a %zu-byte cubin", binlen);
        }
        b->api.nvrtcGetCUBIN(prog, (char *)bin);
        b->api.nvrtcDestroyProgram(&prog);
        if (at_create) b->minfo.compile_ns = vyre_now_ns() - t0;
    }
    rc = b->api.cuModuleLoadData(mod, bin);
    if (rc != VYRE__CU_SUCCESS) {
        *mod = NULL;
        vyre_free(&b->alloc, bin);
        return vyre__cu_fail(b, rc, "cuModuleLoadData", err);
    }
    if (path[0]) (void)vyre_kit_cache_write(path, key, bin, binlen);
    vyre_free(&b->alloc, bin);
    return VYRE_OK;
}

/* Make family `unit` usable: build its module once, then look up the
   functions of its programs (vyre.h >>programs rows of that family) and their
   occupancy. Caller holds the lock (or is create). */
static vyre_result vyre__cu_family(vyre__cu_backend *b, uint32_t unit, vyre_error *err) {
    uint64_t t0;
    uint32_t pi;
    vyre_result r;
    if (b->mods[unit]) return VYRE_OK;
    t0 = vyre_now_ns();
    r = vyre__cu_compile(b, unit, err);
    for (pi = 0; r == VYRE_OK && pi < VYRE_PROGRAM_COUNT; ++pi) {
        const vyre_program_spec *p = vyre_program_at(pi);
        vyre__CUresult rc;
        if (vyre_kit_family_unit(p->families) != unit) continue;
        rc = b->api.cuModuleGetFunction(&b->kfn[pi], b->mods[unit], p->name);
        if (rc != VYRE__CU_SUCCESS) { b->kfn[pi] = NULL; r = vyre__cu_fail(b, rc, "cuModuleGetFunction", err); break; }
        if (b->api.cuOccupancyMaxActiveBlocksPerMultiprocessor(&b->kocc[pi], b->kfn[pi], (int)VYRE__CU_WG, 0) != VYRE__CU_SUCCESS)
            b->kocc[pi] = 1;
        if (pi < 3u) { /* the literal programs: their key-filter variants too */
            rc = b->api.cuModuleGetFunction(&b->kfn_kf[pi], b->mods[unit], VYRE_LIT_KF_KERNEL(pi + 1u));
            if (rc != VYRE__CU_SUCCESS) { b->kfn_kf[pi] = NULL; r = vyre__cu_fail(b, rc, "cuModuleGetFunction (key-filter variant)", err); break; }
            if (b->api.cuOccupancyMaxActiveBlocksPerMultiprocessor(&b->kocc_kf[pi], b->kfn_kf[pi], (int)VYRE__CU_WG, 0) != VYRE__CU_SUCCESS)
                b->kocc_kf[pi] = 1;
        }
    }
    if (r != VYRE_OK) {
        for (pi = 0; pi < VYRE_PROGRAM_COUNT; ++pi)
            if (vyre_kit_family_unit(vyre_program_at(pi)->families) == unit) { b->kfn[pi] = NULL; if (pi < 3u) b->kfn_kf[pi] = NULL; }
        if (b->mods[unit]) { b->api.cuModuleUnload(b->mods[unit]); b->mods[unit] = NULL; }
        return r;
    }
    b->minfo.families |= VYRE_KERNELS_COMMON | VYRE_KERNELS_UNIT_BIT(unit);
    if (unit != 0) {
        b->minfo.lazy_builds++;
        b->minfo.lazy_build_ns += vyre_now_ns() - t0;
    }
    return VYRE_OK;
}

/* ------------------------------------------------------------ >>cuda-vtable */
typedef struct vyre__cu_launch {
    int mode;                        /* 1 matches, 2 count, 3 presence, 4 re_confirm (vyre.h >>programs) */
    vyre__CUdeviceptr buf[VYRE_LIT_MATCHES_BINDINGS]; /* bindings */
    uint64_t sc[4];                  /* scalars */
    uint32_t grid;                   /* 0 = persistent default */
    int kf;                          /* literal programs: run the key-filter variant (the set has KEY_FILTER) */
} vyre__cu_launch;

static vyre_result vyre__cu_launch_enqueue(vyre__cu_backend *b, vyre__cu_launch *L, vyre__CUstream s, vyre_error *err) {
    void *args[VYRE_PROGRAM_MAX_BINDINGS + VYRE_PROGRAM_MAX_SCALARS];
    unsigned nb, ns, k;
    vyre__CUfunction f;
    int occ;
    uint64_t ntiles, grid;
    const uint32_t pi = (uint32_t)L->mode - 1u;
    const vyre_program_spec *spec = vyre_program_at(pi);
    if (!spec)
        return vyre_set_error(err, VYRE_ERR_BAD_PROGRAM, "Fix: launch a program of vyre.h >>programs.",
                              "CUDA launch of program mode %d, which vyre.h >>programs does not list", L->mode);
    if (!b->kfn[pi]) { /* its family is built on first use */
        vyre_result r = vyre__cu_family(b, vyre_kit_family_unit(spec->families), err);
        if (r != VYRE_OK) return r;
    }
    f = b->kfn[pi]; nb = spec->buffers; ns = spec->scalars; occ = b->kocc[pi];
    if (L->kf && pi < 3u && b->kfn_kf[pi]) { f = b->kfn_kf[pi]; occ = b->kocc_kf[pi]; }
    for (k = 0; k < nb; ++k) args[k] = &L->buf[k];
    for (k = 0; k < ns; ++k) args[nb + k] = &L->sc[k];
    if (L->mode == VYRE_PROGRAM_ID_RE_CONFIRM) {
        /* one work-item per task (grid-stride): the grid follows the task count, not the haystack */
        (void)occ;
        grid = L->grid ? L->grid : (L->sc[1] + VYRE__CU_WG - 1u) / VYRE__CU_WG;
        if (grid == 0) grid = 1;
        if (grid > 0x7FFFFFFFu) grid = 0x7FFFFFFFu;
        VYRE__CU_TRY(b, b->api.cuLaunchKernel(f, (unsigned)grid, 1, 1, VYRE__CU_WG, 1, 1, 0, s, args, NULL), "cuLaunchKernel (vyre_re_confirm)");
        b->launches++;
        return VYRE_OK;
    }
    /* the literal kernels take VYRE__CU_WG * 16 bytes per tile, the BIG ones one 8-byte window per thread */
    ntiles = L->mode >= VYRE_PROGRAM_ID_BIG_MATCHES ? (L->sc[0] + (VYRE__CU_WG * 8u) - 1u) / (VYRE__CU_WG * 8u)
                                                   : (L->sc[0] + (VYRE__CU_WG * 16u) - 1u) / (VYRE__CU_WG * 16u);
    /* Several waves of persistent blocks rather than exactly one: tiles differ
       in candidate density, and blocks that finish early leave room for
       queued ones (measured on H100: 32 blocks/SM 782 GB/s vs 642 GB/s at
       the occupancy default, gitleaks count). */
    grid = L->grid ? L->grid
                   : (uint64_t)b->prof.compute_units * (uint64_t)(occ > VYRE__CU_BLOCKS_PER_SM ? occ : VYRE__CU_BLOCKS_PER_SM);
    if (!L->grid && grid > ntiles) grid = ntiles;
    if (grid == 0) grid = 1;
    if (grid > 0x7FFFFFFFu) grid = 0x7FFFFFFFu;
    VYRE__CU_TRY(b, b->api.cuLaunchKernel(f, (unsigned)grid, 1, 1, VYRE__CU_WG, 1, 1, 0, s, args, NULL), "cuLaunchKernel (launch)");
    b->launches++;
    return VYRE_OK;
}

static vyre_result vyre__cu_check_state(vyre__cu_backend *b, vyre_error *err) {
    vyre_result r = vyre_kit_check_usable("CUDA", b->shut, b->lost, err);
    if (r != VYRE_OK) return r;
    if (b->api.cuCtxSetCurrent(b->ctx) != VYRE__CU_SUCCESS)
        return vyre_set_error(err, VYRE_ERR_DEVICE, "Fix: check the driver.", "cuCtxSetCurrent failed");
    return VYRE_OK;
}

static vyre_result vyre__cu_resolve(vyre__cu_backend *b, vyre_buffer h, vyre__CUdeviceptr *p, size_t *bytes,
                                    vyre_error *err) {
    uint32_t idx;
    vyre_result r = vyre__cu_rm_find(&b->rm, h, &idx, err);
    if (r) return r;
    *p = (vyre__CUdeviceptr)b->rm.slots[idx].dptr;
    *bytes = b->rm.slots[idx].bytes;
    return VYRE_OK;
}

static vyre_result vyre__cu_range(vyre__cu_backend *b, vyre_buffer h, size_t off, size_t len, vyre__CUdeviceptr *p,
                                  vyre_error *err) {
    size_t bytes;
    vyre_result r = vyre__cu_resolve(b, h, p, &bytes, err);
    if (r) return r;
    if (off > bytes || len > bytes - off)
        return vyre_set_error(err, VYRE_ERR_OUT_OF_RANGE, "Fix: keep offset + len within the buffer's size.",
                              "range [%zu, %zu + %zu) is outside resident buffer 0x%llx of %zu bytes", off, off, len,
                              (unsigned long long)h, bytes);
    *p += off;
    return VYRE_OK;
}

/* A BIG program's bindings: minimum table sizes (the header's words, one
   offset pair, one flag) as the literal programs' min_tab, then the outputs.
   The tables' contents are the set's (scanners and sessions upload them from
   one set); the kernel bounds every index it follows except the header's
   own offsets into BLOB. */
static vyre_result vyre__cu_big_check(vyre__cu_backend *b, const size_t *bytes, vyre__cu_launch *L, vyre_error *err) {
    static const size_t min_tab[VYRE_BT_COUNT] = {VYRE_BH_WORDS * 4u, 8, 1, 8, 4};
    uint32_t k;
    (void)b;
    if (L->sc[0] > VYRE__CU_MAX_DISPATCH || L->sc[0] > bytes[0])
        return vyre_set_error(err, L->sc[0] > VYRE__CU_MAX_DISPATCH ? VYRE_ERR_HAYSTACK_CAPACITY : VYRE_ERR_OUT_OF_RANGE,
                              "Fix: hay_len must fit the haystack buffer and stay under 4 GiB.",
                              "hay_len %llu does not fit the haystack buffer (%zu bytes) or the 4 GiB dispatch limit",
                              (unsigned long long)L->sc[0], bytes[0]);
    for (k = 0; k < VYRE_BT_COUNT; ++k)
        if (bytes[1 + k] < min_tab[k])
            return vyre_set_error(err, VYRE_ERR_OUT_OF_RANGE, "Fix: bind the BIG-form tables in vyre_big_table order (vyre_literal_set_big_table).",
                                  "table binding %u has %zu bytes, needs at least %zu", 1 + k, bytes[1 + k], min_tab[k]);
    if (L->mode == VYRE_PROGRAM_ID_BIG_MATCHES) {
        if (bytes[VYRE_BIG_BINDING_OUT0] < 8 || L->sc[2] > 0xFFFFFFFFull || L->sc[2] * 8u > bytes[VYRE_BIG_BINDING_OUT1])
            return vyre_set_error(err, VYRE_ERR_OUT_OF_RANGE, "Fix: counter needs 8 bytes and matches needs match_cap * 8 bytes.",
                                  "match_cap %llu needs %llu bytes, matches buffer has %zu (counter %zu)", (unsigned long long)L->sc[2],
                                  (unsigned long long)L->sc[2] * 8u, bytes[VYRE_BIG_BINDING_OUT1], bytes[VYRE_BIG_BINDING_OUT0]);
        if (L->sc[1] > 0xFFFFFFFFull) L->sc[1] = 0xFFFFFFFFull;
    } else if (L->mode == VYRE_PROGRAM_ID_BIG_COUNT) {
        if (bytes[VYRE_BIG_BINDING_OUT0] < 8)
            return vyre_set_error(err, VYRE_ERR_OUT_OF_RANGE, "Fix: the count program's counter needs 8 bytes.",
                                  "counter buffer has %zu bytes, needs 8", bytes[VYRE_BIG_BINDING_OUT0]);
        if (L->sc[1] > 0xFFFFFFFFull) L->sc[1] = 0xFFFFFFFFull;
    } else {
        if (L->sc[1] > 0xFFFFFFFFull || L->sc[1] * 4u > bytes[VYRE_BIG_BINDING_OUT0] || L->sc[1] * 4u > bytes[VYRE_BIG_BINDING_OUT1])
            return vyre_set_error(err, VYRE_ERR_OUT_OF_RANGE, "Fix: region_starts needs region_count u32 and presence region_count rows.",
                                  "region_count %llu does not fit region_starts (%zu bytes) / presence (%zu bytes)",
                                  (unsigned long long)L->sc[1], bytes[VYRE_BIG_BINDING_OUT0], bytes[VYRE_BIG_BINDING_OUT1]);
    }
    return VYRE_OK;
}

static vyre_result vyre__cu_build_launch(vyre__cu_backend *b, const vyre_dispatch *d, vyre__cu_launch *L,
                                         vyre_error *err) {
    static const size_t min_tab[VYRE_LT_COUNT] = {0, 0, 0, 0, 32, 8192, VYRE_BLOOM3_BITS / 8, (8 + 2048) * 4, 0, 0, 0,
                                                  0, 0, VYRE_LP_COUNT * 4, 4096, 4};
    size_t bytes[VYRE_LIT_MATCHES_BINDINGS];
    uint32_t nb, ns, k;
    vyre_result r;
    memset(L, 0, sizeof *L);
    {
        const vyre_program_spec *p = vyre_program_check("cuda", d->program, d->buffer_count, d->scalar_count, err);
        if (!p) return VYRE_ERR_BAD_PROGRAM;
        if (!d->buffers || !d->scalars)
            return vyre_set_error(err, VYRE_ERR_BAD_PROGRAM, "Fix: pass the bindings and scalars listed in vyre.h >>programs.",
                                  "program '%s' dispatched with a NULL buffer or scalar array", d->program);
        L->mode = p->mode; nb = p->buffers; ns = p->scalars;
    }
    for (k = 0; k < nb; ++k) {
        r = vyre__cu_resolve(b, d->buffers[k], &L->buf[k], &bytes[k], err);
        if (r) return r;
    }
    for (k = 0; k < ns; ++k) L->sc[k] = d->scalars[k];
    if (L->mode == VYRE_PROGRAM_ID_RE_CONFIRM) {
        /* vyre_re_confirm (kernels.inc >>kernels-nfa): bindings as vyre.h >>programs lists them */
        if (L->sc[0] > VYRE__CU_MAX_DISPATCH || L->sc[0] > bytes[0])
            return vyre_set_error(err, L->sc[0] > VYRE__CU_MAX_DISPATCH ? VYRE_ERR_HAYSTACK_CAPACITY : VYRE_ERR_OUT_OF_RANGE,
                                  "Fix: hay_len must fit the haystack buffer and stay under 4 GiB.",
                                  "hay_len %llu does not fit the haystack buffer (%zu bytes) or the 4 GiB dispatch limit",
                                  (unsigned long long)L->sc[0], bytes[0]);
        if (bytes[1] < 32 || L->sc[1] > ((uint64_t)1 << 40) || bytes[2] < L->sc[1] * 32u ||
            L->sc[2] > ((uint64_t)1 << 36) || bytes[4] < 8u + L->sc[2] * 12u)
            return vyre_set_error(err, VYRE_ERR_OUT_OF_RANGE,
                                  "Fix: nfa needs the >>re-layout array, tasks 32 bytes per task, hits 8 + 12 bytes per match_cap.",
                                  "vyre_re_confirm bindings too small: nfa %zu, tasks %zu (task_count %llu), hits %zu (match_cap %llu)",
                                  bytes[1], bytes[2], (unsigned long long)L->sc[1], bytes[4], (unsigned long long)L->sc[2]);
        if (d->grid[0]) L->grid = d->grid[0];
        return VYRE_OK;
    }
    if (L->mode >= VYRE_PROGRAM_ID_BIG_MATCHES) {
        /* vyre_big_* (kernels.inc >>kernels-big): minimum table sizes, then the outputs */
        if ((r = vyre__cu_big_check(b, bytes, L, err)) != VYRE_OK) return r;
        if (d->grid[0]) L->grid = d->grid[0];
        return VYRE_OK;
    }
    for (k = 0; k < VYRE_LT_COUNT; ++k)
        if (bytes[1 + k] < min_tab[k])
            return vyre_set_error(err, VYRE_ERR_OUT_OF_RANGE, "Fix: bind the literal-set tables in vyre_lit_table order.",
                                  "table binding %u has %zu bytes, needs at least %zu", 1 + k, bytes[1 + k], min_tab[k]);
    L->kf = bytes[1 + VYRE_LT_KEY_FILTER] >= VYRE_LIT_KF_MIN_BYTES; /* the key-filter variant (vyre.h >>programs) */
    if (L->sc[0] > VYRE__CU_MAX_DISPATCH)
        return vyre_set_error(err, VYRE_ERR_HAYSTACK_CAPACITY, "Fix: dispatch less than 4 GiB at a time.",
                              "hay_len %llu is over the one-dispatch limit of %u bytes", (unsigned long long)L->sc[0],
                              VYRE__CU_MAX_DISPATCH);
    if (L->sc[0] > bytes[0])
        return vyre_set_error(err, VYRE_ERR_OUT_OF_RANGE, "Fix: hay_len must fit the haystack buffer.",
                              "hay_len %llu exceeds the haystack buffer (%zu bytes)", (unsigned long long)L->sc[0], bytes[0]);
    if (L->mode == 1) {
        if (bytes[VYRE_LIT_BINDING_OUT0] < 8 || L->sc[2] > 0xFFFFFFFFull || L->sc[2] * 8u > bytes[VYRE_LIT_BINDING_OUT1])
            return vyre_set_error(err, VYRE_ERR_OUT_OF_RANGE,
                                  "Fix: counter needs 8 bytes and matches needs match_cap * 8 bytes.",
                                  "match_cap %llu needs %llu bytes, matches buffer has %zu (counter %zu)",
                                  (unsigned long long)L->sc[2], (unsigned long long)L->sc[2] * 8u, bytes[VYRE_LIT_BINDING_OUT1], bytes[VYRE_LIT_BINDING_OUT0]);
        if (L->sc[1] > 0xFFFFFFFFull) L->sc[1] = 0xFFFFFFFFull;
    } else if (L->mode == 2) {
        if (bytes[VYRE_LIT_BINDING_OUT0] < 8)
            return vyre_set_error(err, VYRE_ERR_OUT_OF_RANGE, "Fix: the count program's counter needs 8 bytes.",
                                  "counter buffer has %zu bytes, needs 8", bytes[VYRE_LIT_BINDING_OUT0]);
        if (L->sc[1] > 0xFFFFFFFFull) L->sc[1] = 0xFFFFFFFFull;
    } else {
        if (L->sc[1] > 0xFFFFFFFFull || L->sc[1] * 4u > bytes[VYRE_LIT_BINDING_OUT0] || (L->sc[1] > 0 && bytes[VYRE_LIT_BINDING_OUT1] < L->sc[1] * 4u))
            return vyre_set_error(err, VYRE_ERR_OUT_OF_RANGE,
                                  "Fix: region_starts needs region_count u32 and presence region_count rows.",
                                  "region_count %llu does not fit region_starts (%zu bytes) / presence (%zu bytes)",
                                  (unsigned long long)L->sc[1], bytes[VYRE_LIT_BINDING_OUT0], bytes[VYRE_LIT_BINDING_OUT1]);
    }
    if (d->grid[0]) L->grid = d->grid[0];
    return VYRE_OK;
}

static vyre_result vyre__cu_staging_reserve(vyre__cu_backend *b, size_t need, vyre_error *err) {
    void *p = NULL;
    if (need <= b->staging_bytes) return VYRE_OK;
    if (need < ((size_t)1 << 20)) need = (size_t)1 << 20;
    if (b->staging) { b->api.cuMemFreeHost(b->staging); b->staging = NULL; b->staging_bytes = 0; }
    VYRE__CU_TRY(b, b->api.cuMemAllocHost(&p, need), "cuMemAllocHost (staging)");
    b->staging = p;
    b->staging_bytes = need;
    return VYRE_OK;
}

/* The one execution path: validate everything, enqueue on one stream, one
   synchronisation, then copy staged downloads out. */
/* The end of one batch on the stream, shared by the sequence and the repeated sequence: the end event
   (when timed), ONE synchronisation, then the staged downloads copied out in the order they were
   staged (in ops, each upload and download of at most VYRE__CU_STAGING_MAX bytes took the next 16-byte
   aligned staging slot while stage_total lasted; with reads_only every op is a download), then the
   timing. r is what enqueuing returned: on an error the sync still runs and r is returned. */
static vyre_result vyre__cu_batch_end(vyre__cu_backend *b, vyre_result r, const vyre_op *ops, size_t n, int reads_only,
                                      size_t stage_total, int any, uint64_t t0, vyre_timing *timing, const char *what,
                                      vyre_error *err) {
    uint64_t t1, t2;
    size_t i, staged = 0;
    vyre__CUresult rc;
    if (timing && r == VYRE_OK) {
        rc = b->api.cuEventRecord(b->ev1, b->stream);
        if (rc != VYRE__CU_SUCCESS) r = vyre__cu_fail(b, rc, "cuEventRecord", err);
    }
    t1 = vyre_now_ns();
    rc = b->api.cuStreamSynchronize(b->stream);
    b->syncs++;
    if (rc != VYRE__CU_SUCCESS && r == VYRE_OK) r = vyre__cu_fail(b, rc, what, err);
    t2 = vyre_now_ns();
    if (r) return r;
    for (i = 0; i < n; ++i) {
        const vyre_op *o = &ops[i];
        size_t al = (o->len + 15u) & ~(size_t)15u;
        int down = reads_only || o->kind == VYRE_OP_DOWNLOAD;
        if ((!down && o->kind != VYRE_OP_UPLOAD) || o->len == 0) continue;
        if (!(stage_total && o->len <= VYRE__CU_STAGING_MAX && al <= stage_total - staged)) continue;
        if (down) memcpy(o->dst, (char *)b->staging + staged, o->len);
        staged += al;
    }
    if (timing) {
        float ms = 0.0f;
        timing->device_ns = VYRE_TIME_UNKNOWN;
        if (any && b->api.cuEventElapsedTime(&ms, b->ev0, b->ev1) == VYRE__CU_SUCCESS) timing->device_ns = (uint64_t)((double)ms * 1e6);
        else if (!any) timing->device_ns = 0;
        timing->enqueue_ns = t1 - t0;
        timing->wait_ns = t2 - t1;
        timing->wall_ns = vyre_now_ns() - t0;
    }
    return VYRE_OK;
}

static vyre_result vyre__cu_sequence_locked(vyre__cu_backend *b, const vyre_op *ops, size_t n, vyre_timing *timing,
                                            vyre_error *err) {
    uint64_t t0 = vyre_now_ns();
    size_t i, staged = 0, stage_total = 0;
    vyre__CUdeviceptr p;
    vyre__cu_launch L;
    vyre_result r;
    int any = 0;
    r = vyre__cu_check_state(b, err);
    if (r) return r;
    if (n && !ops)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass an array of n ops.", "NULL ops with n = %zu", n);
    for (i = 0; i < n; ++i) {
        const vyre_op *o = &ops[i];
        switch (o->kind) {
        case VYRE_OP_UPLOAD:
        case VYRE_OP_DOWNLOAD:
        case VYRE_OP_FILL:
            r = vyre__cu_range(b, o->buffer, o->offset, o->len, &p, err);
            if (r) return r;
            if (o->len && ((o->kind == VYRE_OP_UPLOAD && !o->src) || (o->kind == VYRE_OP_DOWNLOAD && !o->dst)))
                return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: give uploads a src and downloads a dst.",
                                      "op %zu has len %zu and a NULL host pointer", i, o->len);
            if (o->kind != VYRE_OP_FILL && o->len <= VYRE__CU_STAGING_MAX - stage_total)
                stage_total += (o->len + 15u) & ~(size_t)15u;
            break;
        case VYRE_OP_DISPATCH:
            if (!o->dispatch)
                return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: set op.dispatch.", "op %zu has no dispatch", i);
            r = vyre__cu_build_launch(b, o->dispatch, &L, err);
            if (r) return r;
            break;
        default:
            return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: use a vyre_op_kind value.",
                                  "op %zu has unknown kind %d", i, (int)o->kind);
        }
    }
    if (stage_total > VYRE__CU_STAGING_MAX) stage_total = VYRE__CU_STAGING_MAX;
    if (stage_total && vyre__cu_staging_reserve(b, stage_total, NULL) != VYRE_OK) stage_total = 0;
    if (timing) VYRE__CU_TRY(b, b->api.cuEventRecord(b->ev0, b->stream), "cuEventRecord");
    for (i = 0; i < n && r == VYRE_OK; ++i) {
        const vyre_op *o = &ops[i];
        vyre__CUresult rc = VYRE__CU_SUCCESS;
        const char *what = "";
        if (o->kind == VYRE_OP_DISPATCH) {
            r = vyre__cu_build_launch(b, o->dispatch, &L, err);
            if (r == VYRE_OK) r = vyre__cu_launch_enqueue(b, &L, b->stream, err);
            any = 1;
            continue;
        }
        if (o->len == 0) continue;
        vyre__cu_range(b, o->buffer, o->offset, o->len, &p, NULL);
        any = 1;
        if (o->kind == VYRE_OP_FILL) {
            rc = b->api.cuMemsetD8Async(p, o->value, o->len, b->stream);
            what = "cuMemsetD8Async";
            b->fills++;
        } else {
            size_t al = (o->len + 15u) & ~(size_t)15u;
            int stage = stage_total && o->len <= VYRE__CU_STAGING_MAX && al <= stage_total - staged;
            if (o->kind == VYRE_OP_UPLOAD) {
                const void *src = o->src;
                if (stage) {
                    memcpy((char *)b->staging + staged, o->src, o->len);
                    src = (char *)b->staging + staged;
                    staged += al;
                }
                rc = b->api.cuMemcpyHtoDAsync(p, src, o->len, b->stream);
                what = "cuMemcpyHtoDAsync";
                b->h2d += o->len;
            } else {
                void *dst = o->dst;
                if (stage) { dst = (char *)b->staging + staged; staged += al; }
                rc = b->api.cuMemcpyDtoHAsync(dst, p, o->len, b->stream);
                what = "cuMemcpyDtoHAsync";
                b->d2h += o->len;
            }
        }
        if (rc != VYRE__CU_SUCCESS) r = vyre__cu_fail(b, rc, what, err);
    }
    return vyre__cu_batch_end(b, r, ops, n, 0, stage_total, any, t0, timing, "cuStreamSynchronize (kernel execution)", err);
}

/* Native repeated sequence (vyre.h vyre_sequence_repeat): every dispatch of
   the prefix and the steps is built (and so validated) once and every read
   range checked before anything is enqueued; then the prefix, repeat_count
   x the steps (the built launches, reused: host preparation does not grow
   with repeat_count) and the reads go onto the one stream, with ONE
   synchronisation; staged reads are copied out after it. */
static vyre_result vyre__cu_repeat_locked(vyre__cu_backend *b, const vyre_repeat *rep, vyre_timing *timing,
                                          vyre_error *err) {
    uint64_t t0 = vyre_now_ns();
    size_t nl = rep->prefix_count + rep->step_count, i, stage_total = 0, staged = 0;
    vyre__cu_launch *L = NULL;
    vyre__CUdeviceptr p;
    vyre_result r;
    uint32_t round;
    int any = 0;
    if ((r = vyre__cu_check_state(b, err)) != VYRE_OK) return r;
    if (nl < rep->prefix_count || nl > ((size_t)-1) / sizeof *L)
        return vyre_set_error(err, VYRE_ERR_OVERFLOW, "Fix: pass fewer dispatches.", "repeated sequence of %zu + %zu dispatches",
                              rep->prefix_count, rep->step_count);
    if (nl) {
        L = (vyre__cu_launch *)vyre_alloc(&b->alloc, nl * sizeof *L);
        if (!L)
            return vyre_set_error(err, VYRE_ERR_OUT_OF_MEMORY, "Fix: free host memory or pass fewer dispatches.",
                                  "could not reserve %zu launch descriptions (%zu bytes)", nl, nl * sizeof *L);
    }
    for (i = 0; i < nl && r == VYRE_OK; ++i)
        r = vyre__cu_build_launch(b, i < rep->prefix_count ? &rep->prefix[i] : &rep->steps[i - rep->prefix_count], &L[i], err);
    for (i = 0; i < rep->read_count && r == VYRE_OK; ++i) {
        const vyre_op *o = &rep->reads[i];
        r = vyre__cu_range(b, o->buffer, o->offset, o->len, &p, err);
        if (r == VYRE_OK && o->len <= VYRE__CU_STAGING_MAX - stage_total) stage_total += (o->len + 15u) & ~(size_t)15u;
    }
    if (r != VYRE_OK) { vyre_free(&b->alloc, L); return r; }
    if (stage_total > VYRE__CU_STAGING_MAX) stage_total = VYRE__CU_STAGING_MAX;
    if (stage_total && vyre__cu_staging_reserve(b, stage_total, NULL) != VYRE_OK) stage_total = 0;
    if (timing) {
        vyre__CUresult rc = b->api.cuEventRecord(b->ev0, b->stream);
        if (rc != VYRE__CU_SUCCESS) { vyre_free(&b->alloc, L); return vyre__cu_fail(b, rc, "cuEventRecord", err); }
    }
    for (i = 0; i < rep->prefix_count && r == VYRE_OK; ++i) { r = vyre__cu_launch_enqueue(b, &L[i], b->stream, err); any = 1; }
    for (round = 0; r == VYRE_OK && rep->step_count && round < rep->repeat_count; ++round)
        for (i = rep->prefix_count; i < nl && r == VYRE_OK; ++i) { r = vyre__cu_launch_enqueue(b, &L[i], b->stream, err); any = 1; }
    for (i = 0; i < rep->read_count && r == VYRE_OK; ++i) {
        const vyre_op *o = &rep->reads[i];
        size_t al = (o->len + 15u) & ~(size_t)15u;
        void *dst = o->dst;
        vyre__CUresult rc;
        if (o->len == 0) continue;
        vyre__cu_range(b, o->buffer, o->offset, o->len, &p, NULL);
        if (stage_total && o->len <= VYRE__CU_STAGING_MAX && al <= stage_total - staged) { dst = (char *)b->staging + staged; staged += al; }
        rc = b->api.cuMemcpyDtoHAsync(dst, p, o->len, b->stream);
        b->d2h += o->len;
        any = 1;
        if (rc != VYRE__CU_SUCCESS) r = vyre__cu_fail(b, rc, "cuMemcpyDtoHAsync", err);
    }
    vyre_free(&b->alloc, L);
    return vyre__cu_batch_end(b, r, rep->reads, rep->read_count, 1, stage_total, any, t0, timing, "cuStreamSynchronize (repeated sequence)", err);
}

#define VYRE__CU_LOCK(b) pthread_mutex_lock(&(b)->mu)
#define VYRE__CU_UNLOCK(b) pthread_mutex_unlock(&(b)->mu)

static const char *vyre__cu_id(void *self) { (void)self; return "cuda"; }
static const char *vyre__cu_version(void *self) { return ((vyre__cu_backend *)self)->version; }
static vyre_result vyre__cu_profile(void *self, vyre_device_profile *out, vyre_error *err) {
    vyre__cu_backend *b = (vyre__cu_backend *)self;
    if (!out) return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass a profile to fill.", "NULL profile");
    VYRE__CU_LOCK(b);
    *out = b->prof;
    VYRE__CU_UNLOCK(b);
    return VYRE_OK;
}

static vyre_result vyre__cu_sequence(void *self, const vyre_op *ops, size_t n, vyre_timing *timing, vyre_error *err) {
    vyre__cu_backend *b = (vyre__cu_backend *)self;
    vyre_result r;
    size_t i;
    VYRE__CU_LOCK(b);
    r = vyre__cu_sequence_locked(b, ops, n, timing, err);
    VYRE__CU_UNLOCK(b);
    if (r != VYRE_OK && ops) /* no partial output: every download destination is cleared */
        for (i = 0; i < n; ++i)
            if (ops[i].kind == VYRE_OP_DOWNLOAD && ops[i].dst && ops[i].len) memset(ops[i].dst, 0, ops[i].len);
    return r;
}
static vyre_result vyre__cu_sequence_repeat(void *self, const vyre_repeat *rep, vyre_timing *timing, vyre_error *err) {
    vyre__cu_backend *b = (vyre__cu_backend *)self;
    vyre_result r;
    VYRE__CU_LOCK(b);
    r = vyre__cu_repeat_locked(b, rep, timing, err);
    VYRE__CU_UNLOCK(b);
    return r;   /* vyre_sequence_repeat clears the reads on an error */
}
static vyre_result vyre__cu_upload(void *self, vyre_buffer buf, size_t off, const void *src, size_t len, vyre_error *err) {
    vyre_op o;
    memset(&o, 0, sizeof o);
    o.kind = VYRE_OP_UPLOAD; o.buffer = buf; o.offset = off; o.len = len; o.src = src;
    return vyre__cu_sequence(self, &o, 1, NULL, err);
}
static vyre_result vyre__cu_download(void *self, vyre_buffer buf, size_t off, void *dst, size_t len, vyre_error *err) {
    vyre_op o;
    memset(&o, 0, sizeof o);
    o.kind = VYRE_OP_DOWNLOAD; o.buffer = buf; o.offset = off; o.len = len; o.dst = dst;
    return vyre__cu_sequence(self, &o, 1, NULL, err);
}
static vyre_result vyre__cu_fill(void *self, vyre_buffer buf, size_t off, size_t len, uint8_t value, vyre_error *err) {
    vyre_op o;
    memset(&o, 0, sizeof o);
    o.kind = VYRE_OP_FILL; o.buffer = buf; o.offset = off; o.len = len; o.value = value;
    return vyre__cu_sequence(self, &o, 1, NULL, err);
}
static vyre_result vyre__cu_many(void *self, const vyre_op *ops, size_t n, vyre_op_kind kind, vyre_error *err) {
    size_t i;
    for (i = 0; i < n; ++i)
        if (!ops || ops[i].kind != kind)
            return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: every op of a batch must have the batch's kind.",
                                  "op %zu of a batched %s has kind %d", i,
                                  kind == VYRE_OP_UPLOAD ? "upload" : "download", ops ? (int)ops[i].kind : -1);
    return vyre__cu_sequence(self, ops, n, NULL, err);
}
static vyre_result vyre__cu_upload_many(void *self, const vyre_op *ops, size_t n, vyre_error *err) {
    return vyre__cu_many(self, ops, n, VYRE_OP_UPLOAD, err);
}
static vyre_result vyre__cu_download_many(void *self, const vyre_op *ops, size_t n, vyre_error *err) {
    return vyre__cu_many(self, ops, n, VYRE_OP_DOWNLOAD, err);
}
static vyre_result vyre__cu_dispatch_resident(void *self, const vyre_dispatch *d, vyre_timing *timing, vyre_error *err) {
    vyre_op o;
    vyre_timing t;
    memset(&o, 0, sizeof o);
    if (!d) return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass a dispatch.", "NULL dispatch");
    o.kind = VYRE_OP_DISPATCH; o.dispatch = d;
    return vyre__cu_sequence(self, &o, 1, timing ? timing : &t, err);
}
static vyre_result vyre__cu_buffer_alloc(void *self, size_t bytes, vyre_buffer *out, vyre_error *err) {
    vyre__cu_backend *b = (vyre__cu_backend *)self;
    vyre_result r;
    if (!out) return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass an output handle.", "NULL out");
    *out = 0;
    VYRE__CU_LOCK(b);
    r = vyre__cu_check_state(b, err);
    if (!r) r = vyre__cu_rm_alloc(&b->rm, bytes, out, err);
    VYRE__CU_UNLOCK(b);
    return r;
}
static vyre_result vyre__cu_buffer_free(void *self, vyre_buffer buf, vyre_error *err) {
    vyre__cu_backend *b = (vyre__cu_backend *)self;
    vyre_result r;
    VYRE__CU_LOCK(b);
    if (!b->lost && !b->shut) b->api.cuCtxSetCurrent(b->ctx);
    r = vyre__cu_rm_free(&b->rm, buf, err);
    VYRE__CU_UNLOCK(b);
    return r;
}

/* borrowed dispatch, composed by vyre.h's kit from these resident ops (lock held) */
static vyre_result vyre__cu_kit_alloc(void *self, size_t bytes, vyre_buffer *out, vyre_error *err) {
    return vyre__cu_rm_alloc(&((vyre__cu_backend *)self)->rm, bytes, out, err);
}
static void vyre__cu_kit_release(void *self, vyre_buffer buf) { (void)vyre__cu_rm_free(&((vyre__cu_backend *)self)->rm, buf, NULL); }
static vyre_result vyre__cu_kit_sequence(void *self, const vyre_op *ops, size_t n, vyre_timing *timing, vyre_error *err) {
    return vyre__cu_sequence_locked((vyre__cu_backend *)self, ops, n, timing, err);
}
static const vyre_kit_resident_ops vyre__cu_kit_ops = {vyre__cu_kit_alloc, vyre__cu_kit_release, vyre__cu_kit_sequence};
static vyre_result vyre__cu_dispatch(void *self, const char *program, const vyre_host_arg *args, uint32_t nargs,
                                     const uint64_t *scalars, uint32_t nscalars, vyre_timing *timing, vyre_error *err) {
    vyre__cu_backend *b = (vyre__cu_backend *)self;
    vyre_result r;
    VYRE__CU_LOCK(b);
    r = vyre__cu_check_state(b, err);
    if (r == VYRE_OK) r = vyre_kit_borrowed_dispatch(&vyre__cu_kit_ops, b, "cuda", program, args, nargs, scalars, nscalars, timing, err);
    VYRE__CU_UNLOCK(b);
    return r;
}

static vyre_result vyre__cu_telemetry(void *self, vyre_telemetry *out) {
    vyre__cu_backend *b = (vyre__cu_backend *)self;
    vyre_cuda_pool_stats s;
    if (!out) return VYRE_ERR_INVALID_ARGUMENT;
    VYRE__CU_LOCK(b);
    vyre__cu_rm_stats(&b->rm, &s);
    out->h2d_bytes = b->h2d;
    out->d2h_bytes = b->d2h;
    out->launches = b->launches;
    out->syncs = b->syncs;
    out->fills = b->fills;
    out->live_resident_bytes = s.live_bytes;
    out->live_resident_buffers = s.live_buffers;
    VYRE__CU_UNLOCK(b);
    return VYRE_OK;
}
static void vyre__cu_telemetry_reset(void *self) {
    vyre__cu_backend *b = (vyre__cu_backend *)self;
    VYRE__CU_LOCK(b);
    b->h2d = b->d2h = b->launches = b->syncs = b->fills = 0;
    VYRE__CU_UNLOCK(b);
}
static vyre_result vyre__cu_prepare(void *self, vyre_error *err) {
    vyre__cu_backend *b = (vyre__cu_backend *)self;
    vyre_result r;
    VYRE__CU_LOCK(b);
    r = vyre__cu_check_state(b, err); /* kernels are compiled at create */
    VYRE__CU_UNLOCK(b);
    return r;
}
static vyre_result vyre__cu_flush(void *self, vyre_error *err) {
    vyre__cu_backend *b = (vyre__cu_backend *)self;
    vyre_result r;
    VYRE__CU_LOCK(b);
    r = vyre__cu_check_state(b, err);
    if (!r) {
        vyre__CUresult rc = b->api.cuCtxSynchronize();
        b->syncs++;
        if (rc != VYRE__CU_SUCCESS) r = vyre__cu_fail(b, rc, "cuCtxSynchronize", err);
    }
    VYRE__CU_UNLOCK(b);
    return r;
}

static vyre_result vyre__cu_release_all(vyre__cu_backend *b, vyre_error *err) {
    vyre_result first = VYRE_OK, r;
    int k;
    if (b->ctx) b->api.cuCtxSetCurrent(b->ctx);
    if (b->ctx && !b->lost) b->api.cuCtxSynchronize();
    r = vyre__cu_rm_destroy(&b->rm, err);
    if (r && !first) first = r;
    if (b->staging) { b->api.cuMemFreeHost(b->staging); b->staging = NULL; b->staging_bytes = 0; }
    /* vyre_host_alloc staging the caller did not free (tracked ones: the first 64 live) */
    for (k = 0; k < b->npins; ++k) b->api.cuMemFreeHost((void *)b->pins[k].p);
    b->npins = 0;
    for (k = 0; k < VYRE__CU_LANES; ++k) {
        if (b->lane_ev[k]) { b->api.cuEventDestroy(b->lane_ev[k]); b->lane_ev[k] = NULL; }
        if (b->lane_tev[k]) { b->api.cuEventDestroy(b->lane_tev[k]); b->lane_tev[k] = NULL; }
        if (b->lane_stream[k]) { b->api.cuStreamDestroy(b->lane_stream[k]); b->lane_stream[k] = NULL; }
    }
    if (b->ev0) { b->api.cuEventDestroy(b->ev0); b->ev0 = NULL; }
    if (b->ev1) { b->api.cuEventDestroy(b->ev1); b->ev1 = NULL; }
    if (b->stream) { b->api.cuStreamDestroy(b->stream); b->stream = NULL; }
    for (k = 0; k < (int)VYRE_KERNELS_UNITS; ++k)
        if (b->mods[k]) { b->api.cuModuleUnload(b->mods[k]); b->mods[k] = NULL; }
    memset(b->kfn, 0, sizeof b->kfn);
    if (b->ctx) { b->api.cuDevicePrimaryCtxRelease(b->dev); b->ctx = NULL; }
    return first;
}
static vyre_result vyre__cu_shutdown(void *self, vyre_error *err) {
    vyre__cu_backend *b = (vyre__cu_backend *)self;
    vyre_result r = VYRE_OK;
    VYRE__CU_LOCK(b);
    if (!b->shut) r = vyre__cu_release_all(b, err);
    b->shut = 1;
    VYRE__CU_UNLOCK(b);
    return r;
}
static int vyre__cu_device_lost(void *self) {
    vyre__cu_backend *b = (vyre__cu_backend *)self;
    int l;
    VYRE__CU_LOCK(b);
    l = b->lost;
    VYRE__CU_UNLOCK(b);
    return l;
}
static vyre_result vyre__cu_try_recover(void *self, vyre_error *err) {
    vyre__cu_backend *b = (vyre__cu_backend *)self;
    int l;
    VYRE__CU_LOCK(b);
    l = b->lost;
    VYRE__CU_UNLOCK(b);
    if (!l) return VYRE_OK;
    return vyre_set_error(err, VYRE_ERR_DEVICE_LOST,
                          "Fix: destroy this backend and create a new one (a lost CUDA context cannot be reused in place).",
                          "the CUDA context of this backend is lost; in-place recovery is not supported");
}
static void vyre__cu_destroy(void *self) {
    vyre__cu_backend *b = (vyre__cu_backend *)self;
    vyre_allocator a;
    if (!b) return;
    if (!b->shut) vyre__cu_release_all(b, NULL);
    vyre__cu_copier_stop(&b->copier);
    vyre__cu_api_close(&b->api);
    if (b->mu_ok) pthread_mutex_destroy(&b->mu);
    a = b->alloc;
    vyre_free(&a, b);
}

/* ------------------------------------------------------------ >>cuda-lit */
#define VYRE__CU_CHUNK ((size_t)16 << 20)

typedef struct vyre__cu_lane {
    vyre_buffer hay, ctr, mat, starts;
    vyre__CUdeviceptr hay_p, ctr_p, mat_p, starts_p;
    size_t hay_cap, starts_cap;
    uint32_t mat_cap;
    unsigned char *pin;              /* pinned: hay_cap bytes of haystack staging */
    uint32_t *spin;                  /* pinned: starts_cap region starts */
    uint64_t *res;                   /* pinned: 2 words of counter readback */
    int busy;
    uint64_t L;                      /* chunk load start in request coordinates */
    size_t n;
    uint32_t ctx;
} vyre__cu_lane;

typedef struct vyre__cu_lit {
    vyre_buffer tab[VYRE_LT_COUNT];
    vyre__CUdeviceptr tabp[VYRE_LT_COUNT];
    uint32_t max_len, wpr, npat;
    int kf;                          /* the set has the key filter: launch the _kf variants */
    size_t chunk;
    vyre__cu_lane lane[VYRE__CU_LANES];
    vyre_buffer pres;
    vyre__CUdeviceptr pres_p;
    size_t pres_cap;
    uint32_t *pres_host;             /* pinned presence readback */
} vyre__cu_lit;

static void vyre__cu_lane_release(vyre__cu_backend *b, vyre__cu_lane *ln) {
    if (ln->hay) vyre__cu_rm_free(&b->rm, ln->hay, NULL);
    if (ln->ctr) vyre__cu_rm_free(&b->rm, ln->ctr, NULL);
    if (ln->mat) vyre__cu_rm_free(&b->rm, ln->mat, NULL);
    if (ln->starts) vyre__cu_rm_free(&b->rm, ln->starts, NULL);
    if (ln->pin) b->api.cuMemFreeHost(ln->pin);
    if (ln->spin) b->api.cuMemFreeHost(ln->spin);
    if (ln->res) b->api.cuMemFreeHost(ln->res);
    memset(ln, 0, sizeof *ln);
}

static void vyre__cu_lit_close_locked(vyre__cu_backend *b, vyre__cu_lit *st) {
    int k;
    if (!b->shut) {
        b->api.cuCtxSetCurrent(b->ctx);
        for (k = 0; k < VYRE__CU_LANES; ++k) {
            if (b->lane_stream[k] && !b->lost) b->api.cuStreamSynchronize(b->lane_stream[k]);
            vyre__cu_lane_release(b, &st->lane[k]);
        }
        for (k = 0; k < VYRE_LT_COUNT; ++k)
            if (st->tab[k]) vyre__cu_rm_static_release(&b->rm, st->tab[k], NULL);
        if (st->pres) vyre__cu_rm_free(&b->rm, st->pres, NULL);
        if (st->pres_host) b->api.cuMemFreeHost(st->pres_host);
    }
    vyre_free(&b->alloc, st);
}

static void vyre__cu_lit_close(void *self, void *state) {
    vyre__cu_backend *b = (vyre__cu_backend *)self;
    if (!state) return;
    VYRE__CU_LOCK(b);
    vyre__cu_lit_close_locked(b, (vyre__cu_lit *)state);
    VYRE__CU_UNLOCK(b);
}

static vyre_result vyre__cu_lit_open(void *self, const vyre_literal_set *set, size_t max_chunk, void **state,
                                     vyre_error *err) {
    vyre__cu_backend *b = (vyre__cu_backend *)self;
    vyre__cu_lit *st;
    vyre_result r = VYRE_OK;
    int k;
    (void)max_chunk;
    if (!set || !state)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass a compiled set and a state pointer.",
                              "lit_open with a NULL set or state");
    *state = NULL;
    {
        vyre_literal_set_info info;
        memset(&info, 0, sizeof info);
        if (vyre_literal_set_get_info(set, &info) == VYRE_OK && info.form == VYRE_LIT_FORM_BIG)
            return vyre_set_error(err, VYRE_ERR_UNSUPPORTED,
                                  "Fix: scan it through vyre_scanner_create (which runs the BIG form's programs vyre_big_* on this backend) or a session.",
                                  "backend 'cuda': the native literal scanner serves the DFA form; a set in the BIG form (vyre.h >>big-layout) runs the vyre_big_* programs");
    }
    st = (vyre__cu_lit *)vyre_alloc(&b->alloc, sizeof *st);
    if (!st)
        return vyre_set_error(err, VYRE_ERR_OUT_OF_MEMORY, "Fix: free host memory.", "out of host memory for a CUDA scanner");
    memset(st, 0, sizeof *st);
    st->chunk = VYRE__CU_CHUNK;
    VYRE__CU_LOCK(b);
    r = vyre__cu_check_state(b, err);
    for (k = 0; k < VYRE_LT_COUNT && r == VYRE_OK; ++k) {
        const void *data = NULL;
        size_t bytes = 0;
        /* the kernels never read the DFA: it stays on the host */
        if (k == VYRE_LT_TRANSITIONS || k == VYRE_LT_OUTPUT_OFFSETS || k == VYRE_LT_OUTPUT_RECORDS) continue;
        r = vyre_literal_set_table(set, (vyre_lit_table)k, &data, &bytes);
        if (r) {
            vyre_set_error(err, r, "Fix: pass a set made by vyre_literal_set_compile.",
                           "literal set table %d could not be read", k);
            break;
        }
        if (k == VYRE_LT_PARAMS) {
            uint32_t pr[VYRE_LP_COUNT];
            if (bytes < sizeof pr) {
                r = vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass a set made by vyre_literal_set_compile.",
                                   "literal set PARAMS table has %zu bytes, expected %zu", bytes, sizeof pr);
                break;
            }
            memcpy(pr, data, sizeof pr);
            st->npat = pr[VYRE_LP_PATTERN_COUNT];
            st->max_len = pr[VYRE_LP_MAX_LEN];
            st->wpr = pr[VYRE_LP_WORDS_PER_ROW];
            st->kf = pr[VYRE_LP_KF_BITS] != 0u;
        }
        if (bytes == 0) { data = &st->npat; bytes = 4; } /* keep every binding a valid pointer */
        r = vyre__cu_rm_static_acquire(&b->rm, data, bytes, &st->tab[k], NULL, err);
        if (r == VYRE_OK) {
            size_t nb;
            vyre__cu_resolve(b, st->tab[k], &st->tabp[k], &nb, NULL);
        }
    }
    if (r) {
        vyre__cu_lit_close_locked(b, st);
        VYRE__CU_UNLOCK(b);
        return r;
    }
    st->tabp[VYRE_LT_TRANSITIONS] = st->tabp[VYRE_LT_END_MASK];
    st->tabp[VYRE_LT_OUTPUT_OFFSETS] = st->tabp[VYRE_LT_END_MASK];
    st->tabp[VYRE_LT_OUTPUT_RECORDS] = st->tabp[VYRE_LT_END_MASK];
    VYRE__CU_UNLOCK(b);
    *state = st;
    return VYRE_OK;
}

static vyre_result vyre__cu_pinned_grow(vyre__cu_backend *b, void **p, size_t *cap, size_t need, size_t elem,
                                        vyre_error *err) {
    void *np = NULL;
    if (need <= *cap && *p) return VYRE_OK;
    if (need > SIZE_MAX / elem)
        return vyre_set_error(err, VYRE_ERR_OVERFLOW, "Fix: scan less at once.", "pinned buffer of %zu x %zu bytes overflows",
                              need, elem);
    if (*p) { b->api.cuMemFreeHost(*p); *p = NULL; *cap = 0; }
    VYRE__CU_TRY(b, b->api.cuMemAllocHost(&np, need * elem), "cuMemAllocHost (lit staging)");
    *p = np;
    *cap = need;
    return VYRE_OK;
}

static vyre_result vyre__cu_dev_grow(vyre__cu_backend *b, vyre_buffer *h, vyre__CUdeviceptr *p, size_t need,
                                     vyre_error *err) {
    size_t nb;
    vyre_result r;
    if (*h) { vyre__cu_rm_free(&b->rm, *h, NULL); *h = 0; *p = 0; }
    r = vyre__cu_rm_alloc(&b->rm, need, h, err);
    if (r) return r;
    return vyre__cu_resolve(b, *h, p, &nb, err);
}

static vyre_result vyre__cu_lane_ready(vyre__cu_backend *b, vyre__cu_lane *ln, size_t n, uint32_t mat_cap, vyre_error *err) {
    vyre_result r;
    if (n > ln->hay_cap || !ln->hay) {
        size_t cap = n;
        r = vyre__cu_dev_grow(b, &ln->hay, &ln->hay_p, (cap + 15u) & ~(size_t)15u, err);
        if (r) return r;
        ln->hay_cap = 0;
        r = vyre__cu_pinned_grow(b, (void **)&ln->pin, &ln->hay_cap, cap, 1, err);
        if (r) return r;
    }
    if (!ln->ctr) {
        size_t one = 0;
        r = vyre__cu_dev_grow(b, &ln->ctr, &ln->ctr_p, 16, err);
        if (r) return r;
        r = vyre__cu_pinned_grow(b, (void **)&ln->res, &one, 2, sizeof(uint64_t), err);
        if (r) return r;
    }
    if (mat_cap > ln->mat_cap || !ln->mat) {
        r = vyre__cu_dev_grow(b, &ln->mat, &ln->mat_p, (size_t)mat_cap * 8u, err);
        if (r) return r;
        ln->mat_cap = mat_cap;
    }
    return VYRE_OK;
}

static vyre_result vyre__cu_lane_launch(vyre__cu_backend *b, vyre__cu_lit *st, vyre__cu_lane *ln, int mode,
                                        vyre__CUstream s, uint64_t nreg, vyre__CUdeviceptr pres, uint64_t reg_end,
                                        vyre_error *err) {
    vyre__cu_launch L;
    int k;
    memset(&L, 0, sizeof L);
    L.mode = mode;
    L.kf = st->kf;
    L.buf[0] = ln->hay_p;
    for (k = 0; k < VYRE_LT_COUNT; ++k) L.buf[1 + k] = st->tabp[k];
    L.sc[0] = ln->n;
    if (mode == 1) { L.buf[VYRE_LIT_BINDING_OUT0] = ln->ctr_p; L.buf[VYRE_LIT_BINDING_OUT1] = ln->mat_p; L.sc[1] = ln->ctx; L.sc[2] = ln->mat_cap; }
    else if (mode == 2) { L.buf[VYRE_LIT_BINDING_OUT0] = ln->ctr_p; L.sc[1] = ln->ctx; }
    else { L.buf[VYRE_LIT_BINDING_OUT0] = ln->starts_p; L.buf[VYRE_LIT_BINDING_OUT1] = pres; L.sc[1] = nreg; L.sc[2] = 0; L.sc[3] = reg_end; }
    VYRE__CU_TRY(b, b->api.cuMemsetD8Async(ln->ctr_p, 0, 16, s), "cuMemsetD8Async");
    b->fills++;
    {
        vyre_result r = vyre__cu_launch_enqueue(b, &L, s, err);
        if (r) return r;
    }
    VYRE__CU_TRY(b, b->api.cuMemcpyDtoHAsync(ln->res, ln->ctr_p, 16, s), "cuMemcpyDtoHAsync");
    b->d2h += 16;
    return VYRE_OK;
}

/* Wait for a lane's chunk and fold its results into the request. */
static vyre_result vyre__cu_lane_harvest(vyre__cu_backend *b, vyre__cu_lit *st, int li, const vyre_lit_request *req,
                                         uint64_t *total, size_t *stored, int *saturated, vyre_error *err) {
    vyre__cu_lane *ln = &st->lane[li];
    vyre__CUstream s = b->lane_stream[li];
    vyre_result r;
    if (!ln->busy) return VYRE_OK;
    ln->busy = 0;
    VYRE__CU_TRY(b, b->api.cuEventSynchronize(b->lane_ev[li]), "cuEventSynchronize (kernel execution)");
    b->syncs++;
    if (req->mode == VYRE_LIT_COUNT) {
        *total += ln->res[0];
        return VYRE_OK;
    }
    if (req->mode == VYRE_LIT_MATCHES) {
        uint32_t c[2];
        size_t room, take, i;
        memcpy(c, ln->res, 8);
        if (c[1]) { *saturated = 1; *total += 0xFFFFFFFFull; return VYRE_OK; }
        *total += c[0];
        room = req->cap > *stored ? req->cap - *stored : 0;
        if (c[0] > ln->mat_cap && room > ln->mat_cap) {
            /* the device buffer was too small and the caller still has room: rerun this chunk bigger */
            r = vyre__cu_lane_ready(b, ln, ln->n, c[0], err);
            if (r) return r;
            r = vyre__cu_lane_launch(b, st, ln, 1, s, 0, 0, 0, err);
            if (r) return r;
            VYRE__CU_TRY(b, b->api.cuStreamSynchronize(s), "cuStreamSynchronize (kernel execution)");
            b->syncs++;
        }
        take = c[0];
        if (take > ln->mat_cap) take = ln->mat_cap;
        if (take > room) take = room;
        if (take) {
            VYRE__CU_TRY(b, b->api.cuMemcpyDtoHAsync(req->matches + *stored, ln->mat_p, take * 8u, s), "cuMemcpyDtoHAsync");
            VYRE__CU_TRY(b, b->api.cuStreamSynchronize(s), "cuStreamSynchronize");
            b->d2h += take * 8u;
            b->syncs++;
            for (i = 0; i < take; ++i) req->matches[*stored + i].end += (uint32_t)ln->L;
            *stored += take;
        }
    }
    return VYRE_OK;
}

static vyre_result vyre__cu_lit_scan_locked(vyre__cu_backend *b, vyre__cu_lit *st, const vyre_lit_request *req,
                                            vyre_lit_result *res, vyre_error *err) {
    const size_t look = st->max_len ? st->max_len - 1u : 0;
    size_t chunk = st->chunk, nchunks, ci, stored = 0;
    uint64_t total = 0, t0 = vyre_now_ns(), tq;
    int pinned = 0, saturated = 0, mode, li, lanes_used = 0;
    uint32_t mat_cap;
    vyre_result r = VYRE_OK;
    mode = req->mode == VYRE_LIT_MATCHES ? 1 : (req->mode == VYRE_LIT_COUNT ? 2 : 3);
    if (req->len > (size_t)0xFFFFFFFFu && mode == 1)
        return vyre_set_error(err, VYRE_ERR_HAYSTACK_CAPACITY, "Fix: pass at most 4 GiB per lit_scan in MATCHES mode.",
                              "lit_scan of %zu bytes in MATCHES mode: raw match offsets are 32-bit", req->len);
    /* input inside a vyre_cuda_host_alloc range goes straight to the device */
    {
        int k;
        for (k = 0; k < b->npins; ++k)
            if ((uintptr_t)req->data >= b->pins[k].p && req->len <= b->pins[k].n &&
                (uintptr_t)req->data - b->pins[k].p <= b->pins[k].n - req->len)
                pinned = 1;
        /* caller memory already page-locked (cuMemHostRegister, cudaHostAlloc): both ends must be host
           memory the driver knows. cuPointerGetAttributes answers "not a CUDA pointer" with success and
           zeros (the singular call returns an error for pageable memory, which sanitizers flag). */
        if (!pinned && req->len >= ((size_t)1 << 20) && b->api.cuPointerGetAttributes) {
            int attr = 2; /* CU_POINTER_ATTRIBUTE_MEMORY_TYPE */
            unsigned int t0m = 0, t1m = 0;
            void *d0 = &t0m, *d1 = &t1m;
            if (b->api.cuPointerGetAttributes(1, &attr, &d0, (vyre__CUdeviceptr)(uintptr_t)req->data) == VYRE__CU_SUCCESS &&
                b->api.cuPointerGetAttributes(1, &attr, &d1, (vyre__CUdeviceptr)(uintptr_t)(req->data + req->len - 1u)) ==
                    VYRE__CU_SUCCESS &&
                t0m == 1u /* CU_MEMORYTYPE_HOST */ && t1m == 1u)
                pinned = 1;
        }
    }
    if (!pinned && req->len >= 2 * VYRE__CU_CHUNK && !b->copier.tried) {
        long ncpu = sysconf(_SC_NPROCESSORS_ONLN); /* half the CPUs copy, the rest stay for the caller's work */
        vyre__cu_copier_start(&b->copier, &b->alloc, ncpu > 2 ? (unsigned)(ncpu / 2) : 0u);
    }
    VYRE__CU_TRY(b, b->api.cuEventRecord(b->ev0, b->lane_stream[0]), "cuEventRecord (scan start)");
    if (chunk > req->len) chunk = req->len;
    nchunks = req->len / chunk + (req->len % chunk != 0);
    mat_cap = (uint32_t)(chunk / 16u < 4096u ? 4096u : (chunk / 16u > (1u << 22) ? (1u << 22) : chunk / 16u));
    if (mode == 3) {
        size_t words;
        if ((uint64_t)req->region_count * st->wpr > (uint64_t)(SIZE_MAX / 4u))
            return vyre_set_error(err, VYRE_ERR_OVERFLOW, "Fix: scan fewer regions at once.",
                                  "%u regions x %u words overflow", req->region_count, st->wpr);
        words = (size_t)req->region_count * st->wpr;
        if (words * 4u > st->pres_cap) {
            size_t cap = 0;
            r = vyre__cu_dev_grow(b, &st->pres, &st->pres_p, words * 4u, err);
            if (r) return r;
            if (st->pres_host) { b->api.cuMemFreeHost(st->pres_host); st->pres_host = NULL; }
            r = vyre__cu_pinned_grow(b, (void **)&st->pres_host, &cap, words, 4, err);
            if (r) return r;
            st->pres_cap = words * 4u;
        }
        VYRE__CU_TRY(b, b->api.cuMemsetD8Async(st->pres_p, 0, words * 4u, b->stream), "cuMemsetD8Async");
        VYRE__CU_TRY(b, b->api.cuStreamSynchronize(b->stream), "cuStreamSynchronize");
        b->fills++;
        b->syncs++;
    }
    for (ci = 0; ci < nchunks && r == VYRE_OK; ++ci) {
        vyre__cu_lane *ln;
        vyre__CUstream s;
        uint64_t a = (uint64_t)ci * chunk, e = a + chunk, L, cx;
        uint64_t nreg = 0, reg_end = 0;
        vyre__CUdeviceptr pres = 0;
        const unsigned char *src;
        li = (int)(ci % VYRE__CU_LANES);
        ln = &st->lane[li];
        s = b->lane_stream[li];
        r = vyre__cu_lane_harvest(b, st, li, req, &total, &stored, &saturated, err);
        if (r) break;
        if (e > req->len) e = req->len;
        L = a - (a < look ? a : look);
        ln->L = L;
        ln->n = (size_t)(e - L);
        cx = a > req->context_len ? a : req->context_len;
        if (cx > e) cx = e;
        ln->ctx = (uint32_t)(cx - L);
        r = vyre__cu_lane_ready(b, ln, ln->n, mat_cap, err);
        if (r) break;
        if (mode == 3) {
            /* the regions this chunk touches, rebased to the chunk */
            uint32_t lo = 0, hi = req->region_count, r0, r1, j;
            uint64_t next;
            size_t scap = ln->starts_cap;
            while (hi - lo > 1u) { uint32_t mid = (lo + hi) / 2u; if (req->region_starts[mid] <= L) lo = mid; else hi = mid; }
            r0 = lo;
            lo = r0; hi = req->region_count;
            while (hi - lo > 1u) { uint32_t mid = (lo + hi) / 2u; if (req->region_starts[mid] < e) lo = mid; else hi = mid; }
            r1 = lo;
            nreg = (uint64_t)r1 - r0 + 1u;
            if (nreg > ln->starts_cap || !ln->starts) {
                r = vyre__cu_dev_grow(b, &ln->starts, &ln->starts_p, (size_t)nreg * 4u, err);
                if (r) break;
                scap = 0;
                if (ln->spin) { b->api.cuMemFreeHost(ln->spin); ln->spin = NULL; }
                r = vyre__cu_pinned_grow(b, (void **)&ln->spin, &scap, (size_t)nreg, 4, err);
                if (r) break;
                ln->starts_cap = (size_t)nreg;
            }
            for (j = 0; j < nreg; ++j) {
                uint64_t sv = req->region_starts[r0 + j];
                ln->spin[j] = (uint32_t)((sv > L ? sv : L) - L);
            }
            next = r1 + 1u < req->region_count ? req->region_starts[r1 + 1u] : req->regions_end;
            if (next > e) next = e;
            reg_end = next > L ? next - L : 0;
            pres = st->pres_p + (vyre__CUdeviceptr)((uint64_t)r0 * st->wpr * 4u);
            VYRE__CU_TRY(b, b->api.cuMemcpyHtoDAsync(ln->starts_p, ln->spin, (size_t)nreg * 4u, s), "cuMemcpyHtoDAsync");
            b->h2d += nreg * 4u;
        }
        src = req->data + L;
        if (!pinned) { vyre__cu_copy(&b->copier, ln->pin, src, ln->n); src = ln->pin; }
        VYRE__CU_TRY(b, b->api.cuMemcpyHtoDAsync(ln->hay_p, src, ln->n, s), "cuMemcpyHtoDAsync");
        b->h2d += ln->n;
        r = vyre__cu_lane_launch(b, st, ln, mode, s, nreg, pres, reg_end, err);
        if (r) break;
        VYRE__CU_TRY(b, b->api.cuEventRecord(b->lane_ev[li], s), "cuEventRecord");
        VYRE__CU_TRY(b, b->api.cuEventRecord(b->lane_tev[li], s), "cuEventRecord (timing)");
        if (li + 1 > lanes_used) lanes_used = li + 1;
        ln->busy = 1;
    }
    tq = vyre_now_ns();
    for (li = 0; li < VYRE__CU_LANES; ++li) {
        /* harvest in chunk order of the remaining lanes (any order is fine for the results) */
        vyre_result r2 = r ? VYRE_OK : vyre__cu_lane_harvest(b, st, li, req, &total, &stored, &saturated, err);
        if (r) {
            if (st->lane[li].busy) b->api.cuStreamSynchronize(b->lane_stream[li]);
            st->lane[li].busy = 0;
        }
        if (r2 && !r) r = r2;
    }
    if (r) return r;
    if (mode == 3) {
        size_t words = (size_t)req->region_count * st->wpr, i;
        if (words) {
            VYRE__CU_TRY(b, b->api.cuMemcpyDtoHAsync(st->pres_host, st->pres_p, words * 4u, b->stream), "cuMemcpyDtoHAsync");
            VYRE__CU_TRY(b, b->api.cuStreamSynchronize(b->stream), "cuStreamSynchronize");
            b->d2h += words * 4u;
            b->syncs++;
            for (i = 0; i < words; ++i) req->presence[i] |= st->pres_host[i];
        }
    }
    res->count = total;
    res->timing.wall_ns = vyre_now_ns() - t0;
    res->timing.device_ns = VYRE_TIME_UNKNOWN;
    if (lanes_used) { /* device span: scan start to the last lane's completion (copies and kernels) */
        float best = 0.0f;
        int ok = 1;
        for (li = 0; li < lanes_used; ++li) {
            float ms = 0.0f;
            if (b->api.cuEventElapsedTime(&ms, b->ev0, b->lane_tev[li]) != VYRE__CU_SUCCESS) ok = 0;
            else if (ms > best) best = ms;
        }
        if (ok) res->timing.device_ns = (uint64_t)((double)best * 1e6);
    }
    res->timing.enqueue_ns = tq - t0;
    res->timing.wait_ns = vyre_now_ns() - tq;
    if (mode == 1 && (saturated || total > req->cap))
        return vyre_set_error(err, VYRE_ERR_MATCH_CAPACITY,
                              "Fix: pass a larger match capacity (the count needed is reported) or scan less at once.",
                              "%s%llu matches found, capacity is %zu", saturated ? "at least " : "",
                              (unsigned long long)total, req->cap);
    return VYRE_OK;
}

static vyre_result vyre__cu_lit_scan(void *self, void *state, const vyre_lit_request *req, vyre_lit_result *res,
                                     vyre_error *err) {
    vyre__cu_backend *b = (vyre__cu_backend *)self;
    vyre_result r;
    if (!state || !req || !res)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass the state from lit_open, a request and a result.",
                              "lit_scan with a NULL state, request or result");
    memset(res, 0, sizeof *res);
    if (req->mode != VYRE_LIT_MATCHES && req->mode != VYRE_LIT_COUNT && req->mode != VYRE_LIT_PRESENCE)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: use a vyre_lit_mode value.",
                              "lit_scan mode %d is not a vyre_lit_mode", (int)req->mode);
    if ((req->len && !req->data) || (req->mode == VYRE_LIT_MATCHES && req->cap && !req->matches) ||
        (req->mode == VYRE_LIT_PRESENCE && req->region_count && (!req->region_starts || !req->presence)))
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass the buffers the mode needs.",
                              "lit_scan with a NULL data, matches, region_starts or presence pointer");
    if (req->len == 0 || (req->mode == VYRE_LIT_PRESENCE && req->region_count == 0)) return VYRE_OK;
    VYRE__CU_LOCK(b);
    r = vyre__cu_check_state(b, err);
    if (!r) r = vyre__cu_lit_scan_locked(b, (vyre__cu_lit *)state, req, res, err);
    if (r && r != VYRE_ERR_MATCH_CAPACITY) res->count = 0;
    VYRE__CU_UNLOCK(b);
    return r;
}

/* ------------------------------------------------------------ >>cuda-create (forward declarations) */
static vyre_result vyre__cu_host_alloc(void *self, size_t bytes, void **out, vyre_error *err);
static void vyre__cu_host_free(void *self, void *p);
static vyre_result vyre__cu_kernel_info(void *self, vyre_kernel_info *out, vyre_error *err);
/* ------------------------------------------------------------ >>cuda-engine */
/* Persistent consumers for vyre.h >>engine (VYRE_CAP_PERSISTENT): the
   resident kernel vyre_ring_consume (kernels.inc >>kernels-ring, where the
   device side of the protocol and its correctness argument are written).
   The engine block is page-locked host memory (cuMemAllocHost; with UVA,
   which every 64-bit CUDA 12 platform has, the same address is valid on the
   device), so producers write job bytes and ring items with plain stores:
   no copy and no driver call per job. One fetcher warp moves published
   items in batches (one PCIe round trip for up to 128 ring slots) into a
   device ring (dstate), each scanner warp takes a ticket (one position, an
   atomic add in device memory), stages the item's bytes in shared memory,
   filters set 0 with the literal kernels' shared-memory filter and publishes
   the item with one system-scope fence as soon as it is scanned. The grid is
   vyre_engine_desc.workers scanner warps (default 2 blocks of 4 warps per
   SM, at most 4 blocks per SM). One launch serves jobs until the
   grid idles out (VYRE__CU_RING_IDLE_NS without an item) or the engine
   stops; engine_kick relaunches when the fetcher has left (ctl[ALIVE] == 0:
   the host publishes, fences seq_cst, reads ALIVE; the fetcher stores
   ALIVE = 0, fences, re-reads the ring). Each launch carries an epoch: the
   fetcher stores it in dstate's exit word when its grid must leave, so a
   later grid's scanners never act on an earlier grid's exit. Closing
   stores STOP (the core does) and waits for the fetcher to leave, bounded
   by plan->timeout_ns: VYRE_ERR_TIMEOUT, and the memory the kernel may
   still touch is then deliberately not freed. */
#if !defined(VYRE_NO_RING)
#ifndef VYRE__CU_RING_IDLE_NS
#define VYRE__CU_RING_IDLE_NS 5000000ull   /* 5 ms without work: the resident grid leaves the GPU */
#endif
#define VYRE__CU_RING_THREADS 128u         /* kernels.inc VK_RING_WARPS * 32 */
#ifndef VYRE__CU_RING_BLOCKS_PER_SM
#define VYRE__CU_RING_BLOCKS_PER_SM 2u     /* default grid: 2 blocks of 4 warps per SM */
#endif
#define VYRE__CU_RING_MAX_BLOCKS_PER_SM 4u /* 41 KB of shared memory and 92 registers a thread (scripts/ptx_regs.sh): 4 fit on an sm_80+ SM */
#define VYRE__CU_RING_STATIC_SMEM 41392u   /* the kernel's static shared memory when the driver cannot say (scripts/ptx_regs.sh) */
#define VYRE__CU_FUNC_ATTR_SHARED_SIZE 1
#define VYRE__CU_RING_TCACHE_MAX 65536u    /* set 0's confirmation tables are cached in shared memory up to this */
#define VYRE__CU_DEV_ATTR_MAX_SHARED_PER_SM 81
#define VYRE__CU_DEV_ATTR_MAX_SHARED_OPTIN 97
#define VYRE__CU_FUNC_ATTR_MAX_DYNAMIC_SHARED 8
#define VYRE__CU_RING_DSTATE 1024u         /* dstate bytes before the device ring and its sequences (kernels.inc >>kernels-ring) */
typedef struct vyre__cu_engine {
    vyre__cu_backend *b;
    vyre_engine_plan plan;
    uint8_t *block;                  /* page-locked, UVA-mapped */
    vyre__CUdeviceptr dstate;        /* u64 tail, u32 live blocks */
    vyre__CUdeviceptr dsets;         /* set_count x 16 table pointers (vyre_lit_table order) */
    vyre_buffer *tables;             /* set_count x VYRE_LT_COUNT resident buffers */
    vyre__CUfunction fn;
    vyre__CUstream stream;
    unsigned grid;
    uint64_t idle_ns;
    uint64_t epoch;                  /* launches so far: the kernel's exit word names the grid that leaves */
    uint64_t tcache;                 /* dynamic shared bytes: set 0's confirmation tables in each block (0: none) */
    uint64_t smem_static;            /* the kernel's static shared bytes, as the driver reports them */
    pthread_mutex_t mu;
    int mu_ok, leaked;
} vyre__cu_engine;

/* Bytes of set 0's BUCKETS, BUCKET_IDS, PATTERN_LENGTHS / OFFSETS / FLAGS and PATTERN_BYTES
   (kernels.inc >>kernels-ring copies them into each block's shared memory in that order),
   or 0 when they do not fit (VYRE__CU_RING_TCACHE_MAX, the device's opt-in limit per
   block) or the driver cannot raise the kernel's dynamic shared memory: the kernel then
   reads them from global memory, as for every other set. Called with the backend locked. */
static uint64_t vyre__cu_ring_tcache(vyre__cu_backend *b, vyre__cu_engine *E, const vyre_engine_plan *plan) {
    static const vyre_lit_table tix[6] = {VYRE_LT_BUCKETS, VYRE_LT_BUCKET_IDS, VYRE_LT_PATTERN_LENGTHS,
                                          VYRE_LT_PATTERN_OFFSETS, VYRE_LT_PATTERN_FLAGS, VYRE_LT_PATTERN_BYTES};
    const void *d = NULL;
    size_t bytes = 0, total = 0, np, nb;
    const uint32_t *par;
    int optin = 0, k;
    if (!b->api.cuFuncSetAttribute || plan->set_count == 0) return 0;
    if (vyre_literal_set_table(plan->sets[0].literal, VYRE_LT_PARAMS, &d, &bytes) != VYRE_OK || bytes < 9u * 4u) return 0;
    par = (const uint32_t *)d;
    np = par[VYRE_LP_PATTERN_COUNT];
    nb = 3u * ((size_t)par[VYRE_LP_BUCKET_MASK] + 1u);
    for (k = 0; k < 6; ++k) {
        size_t want = k == 0 ? nb * 4u : np * 4u;
        if (vyre_literal_set_table(plan->sets[0].literal, tix[k], &d, &bytes) != VYRE_OK) return 0;
        if (k < 5 && bytes != want) return 0;      /* not the layout the kernel copies */
        if (k == 5 && (bytes & 3u) != 0) return 0;
        total += bytes;
    }
    if (total == 0 || total > VYRE__CU_RING_TCACHE_MAX) return 0;
    b->api.cuDeviceGetAttribute(&optin, VYRE__CU_DEV_ATTR_MAX_SHARED_OPTIN, b->dev);
    if (optin <= 0 || E->smem_static + total > (uint64_t)optin) return 0;
    if (total > b->ring_dyn_smem) {   /* never lowered: an older engine's launches use what it asked for */
        if (b->api.cuFuncSetAttribute(E->fn, VYRE__CU_FUNC_ATTR_MAX_DYNAMIC_SHARED, (int)total) != VYRE__CU_SUCCESS) return 0;
        b->ring_dyn_smem = total;
    }
    return total;
}

static vyre_result vyre__cu_engine_launch(vyre__cu_engine *E, vyre_error *err) {
    vyre__cu_backend *b = E->b;
    const vyre_engine_plan *p = &E->plan;
    uint64_t a[13];
    void *args[16];
    vyre__CUdeviceptr blk = (vyre__CUdeviceptr)(uintptr_t)E->block;
    vyre__CUresult rc;
    unsigned k;
    a[0] = p->off_ctl; a[1] = p->off_ring; a[2] = p->off_results; a[3] = p->off_arena; a[4] = p->result_stride;
    a[5] = p->ring_capacity; a[6] = p->max_jobs; a[7] = p->max_job_bytes; a[8] = p->max_matches; a[9] = p->set_count;
    a[10] = E->idle_ns;
    a[11] = ++E->epoch;
    a[12] = E->tcache;
    args[0] = &blk; args[1] = &E->dstate; args[2] = &E->dsets;
    for (k = 0; k < 13; ++k) args[3 + k] = &a[k];
    __atomic_store_n((uint32_t *)(void *)(E->block + p->off_ctl) + VYRE_ENGINE_CTL_ALIVE, 1u, __ATOMIC_SEQ_CST);
    VYRE__CU_LOCK(b);
    rc = b->api.cuCtxSetCurrent(b->ctx);
    if (rc == VYRE__CU_SUCCESS)
        rc = b->api.cuLaunchKernel(E->fn, E->grid, 1, 1, VYRE__CU_RING_THREADS, 1, 1, (unsigned)E->tcache, E->stream, args, NULL);
    if (rc == VYRE__CU_SUCCESS) b->launches++;
    VYRE__CU_UNLOCK(b);
    if (rc != VYRE__CU_SUCCESS) {
        vyre_error e2;
        vyre_result r = vyre__cu_fail(b, rc, "cuLaunchKernel (persistent ring consumer launch)", err ? err : &e2);
        __atomic_store_n((uint32_t *)(void *)(E->block + p->off_ctl) + VYRE_ENGINE_CTL_ALIVE, 0u, __ATOMIC_SEQ_CST);
        __atomic_store_n((uint32_t *)(void *)(E->block + p->off_ctl) + VYRE_ENGINE_CTL_ERROR, (uint32_t)r, __ATOMIC_RELEASE);
        return r;
    }
    return VYRE_OK;
}

static void vyre__cu_engine_free(vyre__cu_engine *E) {
    vyre__cu_backend *b = E->b;
    uint32_t i, n = E->plan.set_count * (uint32_t)VYRE_LT_COUNT;
    vyre_allocator A = b->alloc;
    if (!E->leaked) {
        if (E->tables)
            for (i = 0; i < n; ++i)
                if (E->tables[i]) vyre__cu_buffer_free(b, E->tables[i], NULL);
        VYRE__CU_LOCK(b);
        if (!b->shut) {
            b->api.cuCtxSetCurrent(b->ctx);
            if (E->stream) b->api.cuStreamDestroy(E->stream);
            if (E->dstate) b->api.cuMemFree(E->dstate);
            if (E->dsets) b->api.cuMemFree(E->dsets);
            if (E->block) b->api.cuMemFreeHost(E->block);
        }
        VYRE__CU_UNLOCK(b);
    }
    vyre_free(&A, E->tables);
    if (E->mu_ok) pthread_mutex_destroy(&E->mu);
    vyre_free(&A, E);
}

/* 16 table pointers per set (the ring kernel's stride, kernels.inc >>kernels-ring): VYRE_LT_COUNT must fit it */
typedef char vyre__cu_ring_tables_fit[(int)VYRE_LT_COUNT <= 16 ? 1 : -1];
static vyre_result vyre__cu_engine_open(void *self, const vyre_engine_plan *plan, void **block, void **state, vyre_error *err) {
    vyre__cu_backend *b = (vyre__cu_backend *)self;
    vyre__cu_engine *E;
    uint64_t *ptrs = NULL;
    vyre_result r = VYRE_OK;
    vyre__CUresult rc;
    uint32_t s, t;
    E = (vyre__cu_engine *)vyre_alloc(&b->alloc, sizeof *E);
    if (!E) return vyre_set_error(err, VYRE_ERR_OUT_OF_MEMORY, "Fix: free host memory.", "out of memory for the CUDA engine state");
    memset(E, 0, sizeof *E);
    E->b = b;
    E->plan = *plan;
    E->idle_ns = VYRE__CU_RING_IDLE_NS;
    E->mu_ok = pthread_mutex_init(&E->mu, NULL) == 0;
    E->tables = (vyre_buffer *)vyre_alloc(&b->alloc, (size_t)plan->set_count * VYRE_LT_COUNT * sizeof(vyre_buffer));
    ptrs = (uint64_t *)vyre_alloc(&b->alloc, (size_t)plan->set_count * 16u * sizeof(uint64_t));
    if (!E->tables || !ptrs || !E->mu_ok) {
        vyre_free(&b->alloc, ptrs);
        vyre__cu_engine_free(E);
        return vyre_set_error(err, VYRE_ERR_OUT_OF_MEMORY, "Fix: free host memory or use fewer sets.",
                              "out of memory for the CUDA engine's table list (%u sets)", plan->set_count);
    }
    memset(E->tables, 0, (size_t)plan->set_count * VYRE_LT_COUNT * sizeof(vyre_buffer));
    memset(ptrs, 0, (size_t)plan->set_count * 16u * sizeof(uint64_t));
    for (s = 0; s < plan->set_count && r == VYRE_OK; ++s) {
        vyre_literal_set_info li;
        memset(&li, 0, sizeof li);
        if (vyre_literal_set_get_info(plan->sets[s].literal, &li) == VYRE_OK && li.form == VYRE_LIT_FORM_BIG)
            r = vyre_set_error(err, VYRE_ERR_UNSUPPORTED,
                               "Fix: use VYRE_ENGINE_AUTO or VYRE_ENGINE_DISABLE (the batched path scans every form), or compile the set with form = VYRE_LIT_FORM_DFA.",
                               "the CUDA resident ring kernel scans DFA-form literal sets only; set %u is in the large-set (BIG) form", s);
    }
    /* the sets' tables, resident once for the engine's life */
    for (s = 0; s < plan->set_count && r == VYRE_OK; ++s)
        for (t = 0; t < (uint32_t)VYRE_LT_COUNT && r == VYRE_OK; ++t) {
            const void *data = NULL;
            size_t bytes = 0;
            vyre_buffer *h = &E->tables[(size_t)s * VYRE_LT_COUNT + t];
            uint32_t idx = 0;
            r = vyre_literal_set_table(plan->sets[s].literal, (vyre_lit_table)t, &data, &bytes);
            if (r != VYRE_OK) vyre_set_error(err, r, "Fix: pass compiled literal sets.", "set %u has no table %u", s, t);
            if (r == VYRE_OK) r = vyre__cu_buffer_alloc(b, bytes ? bytes : 4u, h, err);
            if (r == VYRE_OK && bytes) r = vyre__cu_upload(b, *h, 0, data, bytes, err);
            if (r == VYRE_OK) {
                VYRE__CU_LOCK(b);
                r = vyre__cu_rm_find(&b->rm, *h, &idx, err);
                if (r == VYRE_OK) ptrs[(size_t)s * 16u + t] = b->rm.slots[idx].dptr;
                VYRE__CU_UNLOCK(b);
            }
        }
    if (r == VYRE_OK) {
        VYRE__CU_LOCK(b);
        r = vyre__cu_check_state(b, err);
        if (r == VYRE_OK) r = vyre__cu_family(b, vyre_kit_family_unit(VYRE_KERNELS_RING), err); /* built on first engine open */
        if (r == VYRE_OK && (rc = b->api.cuModuleGetFunction(&E->fn, b->mods[vyre_kit_family_unit(VYRE_KERNELS_RING)], "vyre_ring_consume")) != VYRE__CU_SUCCESS)
            r = vyre__cu_fail(b, rc, "cuModuleGetFunction (vyre_ring_consume)", err);
        if (r == VYRE_OK && (rc = b->api.cuMemAllocHost((void **)&E->block, plan->block_bytes)) != VYRE__CU_SUCCESS) {
            E->block = NULL;
            r = rc == VYRE__CU_ERROR_OUT_OF_MEMORY
                    ? vyre_set_error(err, VYRE_ERR_OUT_OF_MEMORY, "Fix: lower max_jobs or max_job_bytes (the engine block is page-locked).",
                                     "cuMemAllocHost of the %zu-byte engine block failed: out of pinned host memory", plan->block_bytes)
                    : vyre__cu_fail(b, rc, "cuMemAllocHost (engine block)", err);
        }
        if (r == VYRE_OK && (rc = b->api.cuMemAlloc(&E->dstate, VYRE__CU_RING_DSTATE + (size_t)plan->ring_capacity * 28u)) != VYRE__CU_SUCCESS) {
            E->dstate = 0;
            r = vyre__cu_fail(b, rc, "cuMemAlloc (engine state and device ring)", err);
        }
        if (r == VYRE_OK && (rc = b->api.cuMemAlloc(&E->dsets, (size_t)plan->set_count * 16u * 8u)) != VYRE__CU_SUCCESS) { E->dsets = 0; r = vyre__cu_fail(b, rc, "cuMemAlloc (engine sets)", err); }
        if (r == VYRE_OK && (rc = b->api.cuStreamCreate(&E->stream, VYRE__CU_STREAM_NON_BLOCKING)) != VYRE__CU_SUCCESS) { E->stream = NULL; r = vyre__cu_fail(b, rc, "cuStreamCreate (engine)", err); }
        if (r == VYRE_OK) {
            rc = b->api.cuMemsetD8Async(E->dstate, 0, VYRE__CU_RING_DSTATE + (size_t)plan->ring_capacity * 28u, E->stream);
            if (rc == VYRE__CU_SUCCESS) rc = b->api.cuMemcpyHtoDAsync(E->dsets, ptrs, (size_t)plan->set_count * 16u * 8u, E->stream);
            if (rc == VYRE__CU_SUCCESS) rc = b->api.cuStreamSynchronize(E->stream);
            if (rc != VYRE__CU_SUCCESS) r = vyre__cu_fail(b, rc, "engine state upload", err);
        }
        if (r == VYRE_OK) {
            memset(E->block, 0, plan->block_bytes);
            /* vyre_engine_desc.workers = scanner warps wanted (rounded up to whole blocks; block 0
               also holds the fetcher warp), at most VYRE__CU_RING_MAX_BLOCKS_PER_SM blocks per SM so
               that the whole grid is resident at once */
            unsigned maxg, per_sm = VYRE__CU_RING_MAX_BLOCKS_PER_SM;
            const unsigned wpb = VYRE__CU_RING_THREADS / 32u;
            int sst = 0;
            E->smem_static = b->api.cuFuncGetAttribute &&
                                     b->api.cuFuncGetAttribute(&sst, VYRE__CU_FUNC_ATTR_SHARED_SIZE, E->fn) == VYRE__CU_SUCCESS && sst > 0
                                 ? (uint64_t)sst : VYRE__CU_RING_STATIC_SMEM;
            E->tcache = vyre__cu_ring_tcache(b, E, plan);
            {   /* every block resident at once: shared memory per SM bounds the blocks */
                int smsm = 0;
                b->api.cuDeviceGetAttribute(&smsm, VYRE__CU_DEV_ATTR_MAX_SHARED_PER_SM, b->dev);
                if (smsm > 0) {
                    unsigned fit = (unsigned)((uint64_t)smsm / (E->smem_static + E->tcache + 1024u));
                    if (fit >= 1 && fit < per_sm) per_sm = fit;
                }
            }
            maxg = b->prof.compute_units * per_sm;
            E->grid = plan->workers ? (unsigned)(((uint64_t)plan->workers + 1u + wpb - 1u) / wpb)
                                    : b->prof.compute_units * VYRE__CU_RING_BLOCKS_PER_SM;
            if (maxg == 0) maxg = 1;
            if (E->grid > maxg) E->grid = maxg;
            if (E->grid == 0) E->grid = 1;
            if (plan->consumers) *plan->consumers = E->grid * (VYRE__CU_RING_THREADS / 32u) - 1u;   /* scanner warps */
        }
        VYRE__CU_UNLOCK(b);
    }
    vyre_free(&b->alloc, ptrs);
    if (r != VYRE_OK) { vyre__cu_engine_free(E); return r; }
    *block = E->block;
    *state = E;
    return VYRE_OK;
}
static vyre_result vyre__cu_engine_start(void *self, void *state, vyre_error *err) {
    (void)self;
    return vyre__cu_engine_launch((vyre__cu_engine *)state, err);
}
static void vyre__cu_engine_kick(void *self, void *state) {
    vyre__cu_engine *E = (vyre__cu_engine *)state;
    uint32_t *ctl = (uint32_t *)(void *)(E->block + E->plan.off_ctl);
    (void)self;
#if defined(__SANITIZE_THREAD__)   /* TSan has no fences; a seq_cst RMW is a full barrier on x86 */
    __atomic_fetch_add(&ctl[VYRE_ENGINE_CTL_WORDS - 1], 0u, __ATOMIC_SEQ_CST);
#else
    __atomic_thread_fence(__ATOMIC_SEQ_CST);   /* the item's publication before the ALIVE read (see >>kernels-ring) */
#endif
    if (__atomic_load_n(&ctl[VYRE_ENGINE_CTL_ALIVE], __ATOMIC_ACQUIRE) != 0u) return;
    pthread_mutex_lock(&E->mu);
    if (__atomic_load_n(&ctl[VYRE_ENGINE_CTL_ALIVE], __ATOMIC_ACQUIRE) == 0u &&
        __atomic_load_n(&ctl[VYRE_ENGINE_CTL_STOP], __ATOMIC_ACQUIRE) == 0u)
        vyre__cu_engine_launch(E, NULL);           /* a failure is stored in ctl[ERROR]: waits report it */
    pthread_mutex_unlock(&E->mu);
}
static vyre_result vyre__cu_engine_close(void *self, void *state, vyre_error *err) {
    vyre__cu_engine *E = (vyre__cu_engine *)state;
    vyre__cu_backend *b = (vyre__cu_backend *)self;
    uint32_t *ctl = (uint32_t *)(void *)(E->block + E->plan.off_ctl);
    uint64_t t0 = vyre_now_ns();
    vyre_result r = VYRE_OK;
    __atomic_store_n(&ctl[VYRE_ENGINE_CTL_STOP], 1u, __ATOMIC_SEQ_CST);
    pthread_mutex_lock(&E->mu);                    /* no launch in flight from a kick */
    pthread_mutex_unlock(&E->mu);
    while (__atomic_load_n(&ctl[VYRE_ENGINE_CTL_ALIVE], __ATOMIC_ACQUIRE) != 0u) {
        if (vyre_now_ns() - t0 > E->plan.timeout_ns) {
            E->leaked = 1;
            r = vyre_set_error(err, VYRE_ERR_TIMEOUT,
                               "Fix: check the GPU (nvidia-smi) and raise timeout_ns; the engine's memory was kept because the kernel may still use it.",
                               "the persistent ring kernel did not stop within %.3f ms of the stop flag",
                               (double)E->plan.timeout_ns / 1e6);
            break;
        }
        sched_yield();
    }
    if (!E->leaked) {
        vyre__CUresult rc;
        VYRE__CU_LOCK(b);
        b->api.cuCtxSetCurrent(b->ctx);
        rc = b->api.cuStreamSynchronize(E->stream);
        b->syncs++;
        VYRE__CU_UNLOCK(b);
        if (rc != VYRE__CU_SUCCESS) { r = vyre__cu_fail(b, rc, "cuStreamSynchronize (persistent ring kernel)", err); E->leaked = b->lost ? 0 : 1; }
    }
    vyre__cu_engine_free(E);
    return r;
}
#  define VYRE__CU_ENGINE_ENTRIES vyre__cu_engine_open, vyre__cu_engine_start, vyre__cu_engine_kick, vyre__cu_engine_close
#  define VYRE__CU_CAP_PERSISTENT VYRE_CAP_PERSISTENT
#else
#  define VYRE__CU_ENGINE_ENTRIES NULL, NULL, NULL, NULL
#  define VYRE__CU_CAP_PERSISTENT 0u
#endif /* VYRE_NO_RING: >>cuda-engine */

/* ------------------------------------------------------------ >>cuda-create */
static const vyre_backend_vtable vyre__cu_vtable = {
    vyre__cu_id, vyre__cu_version, vyre__cu_profile, vyre__cu_dispatch, vyre__cu_buffer_alloc, vyre__cu_buffer_free,
    vyre__cu_upload, vyre__cu_upload_many, vyre__cu_download, vyre__cu_download_many, vyre__cu_fill,
    vyre__cu_dispatch_resident, vyre__cu_sequence, vyre__cu_telemetry, vyre__cu_telemetry_reset, vyre__cu_prepare,
    vyre__cu_flush, vyre__cu_shutdown, vyre__cu_device_lost, vyre__cu_try_recover, vyre__cu_destroy,
    vyre__cu_lit_open, vyre__cu_lit_scan, vyre__cu_lit_close, vyre__cu_host_alloc, vyre__cu_host_free,
    VYRE__CU_ENGINE_ENTRIES, vyre__cu_sequence_repeat, vyre__cu_kernel_info};

static vyre_result vyre__cu_init_device(vyre__cu_backend *b, const vyre_cuda_desc *d, vyre_error *err) {
    int count = 0, v = 0, maj = 0, min = 0, k;
    size_t total = 0;
    vyre__CUresult rc;
    int idx = d ? d->device_index : 0;
    rc = b->api.cuInit(0);
    if (rc != VYRE__CU_SUCCESS) {
        const char *name = NULL;
        if (b->api.cuGetErrorName) b->api.cuGetErrorName(rc, &name);
        return vyre_set_error(err, VYRE_ERR_BACKEND_UNAVAILABLE,
                              "Fix: check that an NVIDIA GPU is present and the driver is loaded (nvidia-smi), or use the CPU backend (vyre_cpu_backend_create).",
                              "cuInit failed: %s (no usable CUDA device or driver)", name ? name : "unknown error");
    }
    if (b->api.cuDeviceGetCount(&count) != VYRE__CU_SUCCESS || count <= 0)
        return vyre_set_error(err, VYRE_ERR_BACKEND_UNAVAILABLE,
                              "Fix: run on a machine with an NVIDIA GPU, or use the CPU backend (vyre_cpu_backend_create).", "no CUDA device found");
    if (idx < 0 || idx >= count)
        return vyre_set_error(err, VYRE_ERR_BACKEND_UNAVAILABLE, "Fix: pick a device_index below the device count.",
                              "CUDA device_index %d requested, %d device(s) present", idx, count);
    VYRE__CU_TRY(b, b->api.cuDeviceGet(&b->dev, idx), "cuDeviceGet");
    VYRE__CU_TRY(b, b->api.cuDevicePrimaryCtxRetain(&b->ctx, b->dev), "cuDevicePrimaryCtxRetain");
    VYRE__CU_TRY(b, b->api.cuCtxSetCurrent(b->ctx), "cuCtxSetCurrent");
    memset(&b->prof, 0, sizeof b->prof);
    snprintf(b->prof.backend, sizeof b->prof.backend, "cuda");
    b->api.cuDeviceGetName(b->prof.device_name, (int)sizeof b->prof.device_name, b->dev);
    b->api.cuDriverGetVersion(&v);
    snprintf(b->prof.driver_version, sizeof b->prof.driver_version, "CUDA driver %d.%d", v / 1000, (v % 1000) / 10);
    b->api.cuDeviceGetAttribute(&maj, VYRE__CU_DEV_ATTR_CC_MAJOR, b->dev);
    b->api.cuDeviceGetAttribute(&min, VYRE__CU_DEV_ATTR_CC_MINOR, b->dev);
    b->prof.arch = (uint32_t)(maj * 10 + min);
    k = 0; b->api.cuDeviceGetAttribute(&k, VYRE__CU_DEV_ATTR_SM_COUNT, b->dev); b->prof.compute_units = (uint32_t)k;
    k = 0; b->api.cuDeviceGetAttribute(&k, VYRE__CU_DEV_ATTR_MAX_THREADS_PER_BLOCK, b->dev); b->prof.max_workgroup_size = (uint32_t)k;
    k = 0; b->api.cuDeviceGetAttribute(&k, VYRE__CU_DEV_ATTR_WARP_SIZE, b->dev); b->prof.subgroup_size = (uint32_t)k;
    k = 0; b->api.cuDeviceGetAttribute(&k, VYRE__CU_DEV_ATTR_MAX_SHARED_PER_BLOCK, b->dev); b->prof.shared_memory_bytes = (uint32_t)k;
    k = 0; b->api.cuDeviceGetAttribute(&k, VYRE__CU_DEV_ATTR_L2_SIZE, b->dev); b->prof.l2_bytes = (uint64_t)k;
    b->api.cuDeviceTotalMem(&total, b->dev);
    b->prof.memory_bytes = total;
    b->prof.max_buffer_bytes = total;
    b->prof.caps = VYRE_CAP_RESIDENT | VYRE_CAP_DEVICE_TIMER | VYRE_CAP_ASYNC_COPY | VYRE_CAP_SEQUENCE | VYRE_CAP_REPEAT |
                   VYRE_CAP_LITERAL_SCAN | VYRE_CAP_FILL | VYRE__CU_CAP_PERSISTENT;
    if (b->prof.compute_units == 0) b->prof.compute_units = 1;
    return VYRE_OK;
}

VYREDEF vyre_result vyre_cuda_backend_create(const vyre_cuda_desc *desc, vyre_backend **out, vyre_error *err) {
    vyre_allocator a;
    vyre__cu_backend *b;
    vyre__cu_memops ops;
    vyre_result r;
    uint64_t t0 = vyre_now_ns();
    int k;
    if (!out) return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass a vyre_backend ** to receive the backend.",
                                    "vyre_cuda_backend_create with out == NULL");
    *out = NULL;
    if (desc && desc->flags)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: set vyre_cuda_desc.flags to 0.",
                              "vyre_cuda_desc.flags 0x%x has reserved bits set", desc->flags);
    r = vyre_allocator_resolve(desc ? &desc->allocator : NULL, &a, err);
    if (r) return r;
    b = (vyre__cu_backend *)vyre_alloc(&a, sizeof *b);
    if (!b) return vyre_set_error(err, VYRE_ERR_OUT_OF_MEMORY, "Fix: free host memory.",
                                  "out of host memory for the CUDA backend (%zu bytes)", sizeof *b);
    memset(b, 0, sizeof *b);
    b->alloc = a;
    if (pthread_mutex_init(&b->mu, NULL) != 0) {
        vyre_free(&a, b);
        return vyre_set_error(err, VYRE_ERR_THREAD, "Fix: check system resources.", "pthread_mutex_init failed");
    }
    b->mu_ok = 1;
    r = vyre__cu_api_open(&b->api, err);
    if (r == VYRE_OK) r = vyre__cu_init_device(b, desc, err);
    if (r == VYRE_OK) {
        uint64_t budget = desc && desc->pool_budget_bytes ? desc->pool_budget_bytes : b->prof.memory_bytes / 32u;
        ops.alloc = vyre__cu_mem_alloc;
        ops.free = vyre__cu_mem_free;
        ops.upload = vyre__cu_mem_upload;
        ops.user = b;
        vyre__cu_rm_init(&b->rm, &a, &ops, budget);
        vyre_kit_cache_dir(desc ? desc->cache_dir : NULL, b->cache_dir, sizeof b->cache_dir);
        r = vyre__cu_family(b, vyre_kit_family_unit(VYRE_KERNELS_LIT), err); /* other families: on first use */
    }
    if (r == VYRE_OK) {
        vyre__CUresult rc = b->api.cuStreamCreate(&b->stream, VYRE__CU_STREAM_NON_BLOCKING);
        if (rc == VYRE__CU_SUCCESS) rc = b->api.cuEventCreate(&b->ev0, VYRE__CU_EVENT_DEFAULT);
        if (rc == VYRE__CU_SUCCESS) rc = b->api.cuEventCreate(&b->ev1, VYRE__CU_EVENT_DEFAULT);
        for (k = 0; k < VYRE__CU_LANES && rc == VYRE__CU_SUCCESS; ++k) {
            rc = b->api.cuStreamCreate(&b->lane_stream[k], VYRE__CU_STREAM_NON_BLOCKING);
            if (rc == VYRE__CU_SUCCESS) rc = b->api.cuEventCreate(&b->lane_ev[k], VYRE__CU_EVENT_DISABLE_TIMING);
            if (rc == VYRE__CU_SUCCESS) rc = b->api.cuEventCreate(&b->lane_tev[k], VYRE__CU_EVENT_DEFAULT);
        }
        if (rc != VYRE__CU_SUCCESS) r = vyre__cu_fail(b, rc, "cuStreamCreate/cuEventCreate", err);
    }
    if (r) {
        vyre__cu_destroy(b);
        return r;
    }
    snprintf(b->version, sizeof b->version, "vyre-cuda " VYRE_VERSION_STRING " sm_%u nvrtc %d.%d", b->prof.arch,
             b->minfo.nvrtc_major, b->minfo.nvrtc_minor);
    b->minfo.create_ns = vyre_now_ns() - t0;
    return vyre_backend_wrap(&vyre__cu_vtable, b, &a, out, err);
}

VYREDEF vyre_result vyre_cuda_device_count(uint32_t *count, vyre_error *err) {
    static const char *const names[] = {"libcuda.so.1", "libcuda.so", "/usr/lib/x86_64-linux-gnu/libcuda.so.1",
                                        "/usr/local/nvidia/lib64/libcuda.so.1"};
    vyre__CUresult (*cu_init)(unsigned int) = NULL;
    vyre__CUresult (*cu_count)(int *) = NULL;
    const char *dlerr = NULL;
    void *lib;
    int n = 0;
    vyre__CUresult rc;
    vyre_result r = VYRE_OK;
    if (!count)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass a uint32_t * to receive the count.",
                              "vyre_cuda_device_count with count == NULL");
    *count = 0;
    lib = vyre__kit_dlopen_first(names, sizeof names / sizeof names[0], &dlerr);
    if (!lib)
        return vyre_set_error(err, VYRE_ERR_BACKEND_UNAVAILABLE,
                              "Fix: install the NVIDIA driver (it provides libcuda.so.1) on a machine with an NVIDIA GPU, "
                              "or use the CPU backend (vyre_cpu_backend_create).",
                              "0 CUDA devices: the CUDA driver library libcuda.so.1 could not be loaded: %s",
                              dlerr ? dlerr : "not found");
    *(void **)(&cu_init) = dlsym(lib, "cuInit");
    *(void **)(&cu_count) = dlsym(lib, "cuDeviceGetCount");
    if (!cu_init || !cu_count)
        r = vyre_set_error(err, VYRE_ERR_BACKEND_UNAVAILABLE, "Fix: install a CUDA driver of version 12 or newer.",
                           "0 CUDA devices: libcuda.so.1 lacks %s", !cu_init ? "cuInit" : "cuDeviceGetCount");
    else if ((rc = cu_init(0)) != VYRE__CU_SUCCESS)
        r = vyre_set_error(err, VYRE_ERR_BACKEND_UNAVAILABLE,
                           "Fix: check that an NVIDIA GPU is present and the driver is loaded (nvidia-smi), and that "
                           "CUDA_VISIBLE_DEVICES does not hide every device.",
                           "0 CUDA devices: cuInit failed with CUresult %d", (int)rc);
    else if ((rc = cu_count(&n)) != VYRE__CU_SUCCESS || n <= 0)
        r = vyre_set_error(err, VYRE_ERR_BACKEND_UNAVAILABLE,
                           "Fix: run on a machine with an NVIDIA GPU (check CUDA_VISIBLE_DEVICES), or use the CPU backend.",
                           "0 CUDA devices: cuDeviceGetCount returned %d devices (CUresult %d)", n, (int)rc);
    else {
        *count = (uint32_t)n;
    }
    dlclose(lib);
    return r;
}

static vyre__cu_backend *vyre__cu_self(vyre_backend *be, vyre_error *err) {
    const vyre_backend_vtable *vt = be ? vyre_backend_vtable_of(be) : NULL;
    if (!vt || vt->id != vyre__cu_id) {
        vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass a backend made by vyre_cuda_backend_create.",
                       "backend '%s' is not a CUDA backend", be ? vyre_backend_id(be) : "(null)");
        return NULL;
    }
    return (vyre__cu_backend *)vyre_backend_self(be);
}

VYREDEF vyre_result vyre_cuda_pool_stats_get(vyre_backend *be, vyre_cuda_pool_stats *out, vyre_error *err) {
    vyre__cu_backend *b = vyre__cu_self(be, err);
    if (!b) return VYRE_ERR_INVALID_ARGUMENT;
    if (!out) return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass a stats struct.", "NULL stats");
    VYRE__CU_LOCK(b);
    vyre__cu_rm_stats(&b->rm, out);
    VYRE__CU_UNLOCK(b);
    return VYRE_OK;
}
VYREDEF vyre_result vyre_cuda_trim(vyre_backend *be, vyre_error *err) {
    vyre__cu_backend *b = vyre__cu_self(be, err);
    vyre_result r;
    if (!b) return VYRE_ERR_INVALID_ARGUMENT;
    VYRE__CU_LOCK(b);
    r = vyre__cu_check_state(b, err);
    if (!r) r = vyre__cu_rm_trim(&b->rm, err);
    VYRE__CU_UNLOCK(b);
    return r;
}
VYREDEF vyre_result vyre_cuda_static_acquire(vyre_backend *be, const void *data, size_t len, vyre_buffer *out,
                                             int *hit, vyre_error *err) {
    vyre__cu_backend *b = vyre__cu_self(be, err);
    vyre_result r;
    if (!b) return VYRE_ERR_INVALID_ARGUMENT;
    if (!out || (len && !data))
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass data and an output handle.",
                              "vyre_cuda_static_acquire with NULL data or out");
    VYRE__CU_LOCK(b);
    r = vyre__cu_check_state(b, err);
    if (!r) r = vyre__cu_rm_static_acquire(&b->rm, data, len, out, hit, err);
    VYRE__CU_UNLOCK(b);
    return r;
}
VYREDEF vyre_result vyre_cuda_static_release(vyre_backend *be, vyre_buffer buf, vyre_error *err) {
    vyre__cu_backend *b = vyre__cu_self(be, err);
    vyre_result r;
    if (!b) return VYRE_ERR_INVALID_ARGUMENT;
    VYRE__CU_LOCK(b);
    if (!b->shut && !b->lost) b->api.cuCtxSetCurrent(b->ctx);
    r = vyre__cu_rm_static_release(&b->rm, buf, err);
    VYRE__CU_UNLOCK(b);
    return r;
}
VYREDEF vyre_result vyre_cuda_host_alloc(vyre_backend *be, size_t bytes, void **out, vyre_error *err) {
    vyre__cu_backend *b = vyre__cu_self(be, err);
    if (!b) return VYRE_ERR_INVALID_ARGUMENT;
    return vyre__cu_host_alloc(b, bytes, out, err);
}
VYREDEF void vyre_cuda_host_free(vyre_backend *be, void *p) {
    vyre__cu_backend *b = vyre__cu_self(be, NULL);
    if (b) vyre__cu_host_free(b, p);
}
/* vtable host_alloc / host_free: page-locked memory (cuMemAllocHost), registered so lit_scan copies it directly */
static vyre_result vyre__cu_host_alloc(void *self, size_t bytes, void **out, vyre_error *err) {
    vyre__cu_backend *b = (vyre__cu_backend *)self;
    vyre_result r;
    if (!out) return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass an output pointer.", "NULL out");
    *out = NULL;
    VYRE__CU_LOCK(b);
    r = vyre__cu_check_state(b, err);
    if (!r) {
        vyre__CUresult rc = b->api.cuMemAllocHost(out, bytes ? bytes : 1);
        if (rc != VYRE__CU_SUCCESS) {
            *out = NULL;
            r = rc == VYRE__CU_ERROR_OUT_OF_MEMORY
                    ? vyre_set_error(err, VYRE_ERR_OUT_OF_MEMORY, "Fix: pin less memory.",
                                     "cuMemAllocHost of %zu bytes failed: out of pinned host memory", bytes)
                    : vyre__cu_fail(b, rc, "cuMemAllocHost", err);
        } else if (b->npins < (int)(sizeof b->pins / sizeof b->pins[0])) {
            b->pins[b->npins].p = (uintptr_t)*out;
            b->pins[b->npins].n = bytes;
            b->npins++;
        }
    }
    VYRE__CU_UNLOCK(b);
    return r;
}
static void vyre__cu_host_free(void *self, void *p) {
    vyre__cu_backend *b = (vyre__cu_backend *)self;
    if (!b || !p) return;
    VYRE__CU_LOCK(b);
    {
        int k;
        for (k = 0; k < b->npins; ++k)
            if (b->pins[k].p == (uintptr_t)p) { b->pins[k] = b->pins[--b->npins]; break; }
    }
    if (!b->shut) { b->api.cuCtxSetCurrent(b->ctx); b->api.cuMemFreeHost(p); }
    VYRE__CU_UNLOCK(b);
}
/* the backend contract's view of minfo (vyre_backend_kernel_info): the first build is create's literal family */
static vyre_result vyre__cu_kernel_info(void *self, vyre_kernel_info *out, vyre_error *err) {
    vyre__cu_backend *b = (vyre__cu_backend *)self;
    (void)err;
    VYRE__CU_LOCK(b);
    out->families = b->minfo.families;
    out->lazy_builds = b->minfo.lazy_builds;
    out->from_disk_cache = b->minfo.from_disk_cache;
    out->cache_rejected = b->minfo.cache_rejected;
    out->build_ns = b->minfo.from_disk_cache ? b->minfo.create_ns : b->minfo.compile_ns;
    snprintf(out->cache_path, sizeof out->cache_path, "%s", b->minfo.cache_path);
    VYRE__CU_UNLOCK(b);
    return VYRE_OK;
}
VYREDEF vyre_result vyre_cuda_module_info_get(vyre_backend *be, vyre_cuda_module_info *out, vyre_error *err) {
    vyre__cu_backend *b = vyre__cu_self(be, err);
    if (!b) return VYRE_ERR_INVALID_ARGUMENT;
    if (!out) return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass an info struct.", "NULL info");
    VYRE__CU_LOCK(b); /* families build lazily under the lock */
    *out = b->minfo;
    VYRE__CU_UNLOCK(b);
    return VYRE_OK;
}

#ifdef __cplusplus
}
#endif
#endif /* VYRE_CUDA_IMPLEMENTATION */
