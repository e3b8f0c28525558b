/* vyre.h - v0.1.0 - many patterns in many bytes, on the GPU and the CPU.
   Public domain / MIT (see end of file).

   vyre finds every occurrence of many literal byte patterns in many bytes.
   It is built for secret scanners, intrusion detection, log filters and
   malware triage that today run Hyperscan on CPUs: compiled tables stay
   resident on the device, only the haystack moves, many files go into one
   dispatch, and transfers overlap compute.

   DO THIS
       #define VYRE_IMPLEMENTATION
       #include "vyre.h"
   in exactly ONE C or C++ file. Every other file includes "vyre.h" plainly.
   Link with -lpthread (the CPU backend uses POSIX threads).

   GPU backends are separate single headers, each with its own
   IMPLEMENTATION macro, and load their driver at run time (no SDK needed to
   build):
       vyre_cuda.h   VYRE_CUDA_IMPLEMENTATION   CUDA driver API + NVRTC (dlopen)
       vyre_ocl.h    VYRE_OCL_IMPLEMENTATION    OpenCL through the ICD loader (dlopen)
   Their kernel source is kernels.inc, embedded as strings.

   OPTIONS (define before including)
       macro                       default             where
       VYRE_IMPLEMENTATION         -                   one file only
       VYRE_STATIC                 off                 globally: all API functions static
       VYRE_MALLOC/REALLOC/FREE    malloc/realloc/free implementation file; all three or none
       VYRE_ASSERT(x)              assert(x)           implementation file
       VYRE_NO_THREADS             off                 implementation file: CPU backend
                                                       runs on the calling thread only

   WHAT VYRE DOES NOT DO
       - No regular expressions yet: literal byte strings only (with a per-
         pattern ASCII case-insensitive flag).
       - No Unicode case folding: caseless means ASCII A-Z == a-z only.
       - No silent fallback: a GPU backend that was asked for and is missing
         is an error, never a quiet CPU run.

   WALKTHROUGH
       vyre_literal lits[2] = {{"AKIA", 4, 0}, {"secret", 6, VYRE_CASELESS}};
       vyre_literal_set *set; vyre_backend *be; vyre_scanner *sc; vyre_error err;
       vyre_literal_set_compile(lits, 2, NULL, &set, &err);   // once; immutable
       vyre_cpu_backend_create(NULL, &be, &err);              // or vyre_cuda_backend_create
       vyre_scanner_create(be, set, NULL, &sc, &err);         // per thread; tables go resident
       vyre_scan_cb(sc, data, len, on_match, user, &err);     // as often as you like
       vyre_scanner_destroy(sc); vyre_backend_destroy(be); vyre_literal_set_free(set);
   Every function returns a vyre_result; VYRE_OK (0) is success, negative is
   an error and `err` (which may be NULL) holds the message and a Fix: hint.

   CONTENTS (grep for the anchors)
       >>config        options and platform glue
       >>errors        result codes, vyre_error
       >>memory        allocators
       >>literal-set   compiling literals, the table layout, serialization
       >>backend       the backend contract (vtable) every backend implements
       >>backend-cpu   the CPU backend
       >>scan          scanners: matches, callbacks, counts, region presence, streams
       >>sessions      resident sessions (presence by region, match lists)
       >>impl          implementation

   MATCH SEMANTICS (identical on every backend; docs/semantics.md)
       Every occurrence of every pattern, overlapping ones included, is
       reported as (pattern_id, start, end) with `end` exclusive: exactly what
       Hyperscan reports in block mode with HS_FLAG_SOM_LEFTMOST (plus
       HS_FLAG_CASELESS for caseless patterns). Duplicate patterns report
       under each id. Results are sorted by (start, end, pattern_id).

   ERRORS
       Result codes are negative and grouped by area (vyre_result). The
       vyre_error struct carries the code, a message that names the bad value
       or the limit, and a sentence starting with "Fix:". Nothing partial is
       returned after an error: output counts are zero, output buffers are
       cleared. Errors are returned, never only logged.

   MEMORY
       Every allocation goes through VYRE_MALLOC/VYRE_REALLOC/VYRE_FREE or the
       vyre_allocator given in a desc struct; every allocation can fail and
       every failure is a clean VYRE_ERR_OUT_OF_MEMORY; every size computation
       is overflow-checked. There is no global mutable state.

   THREADING
       vyre_literal_set is immutable after compile: share it freely.
       vyre_backend functions are thread-safe unless noted.
       vyre_scanner, vyre_stream and the sessions are per-thread objects
       (Hyperscan's database/scratch split): use one from one thread at a time.

   LIMITS (each is a clear error naming the value and the limit)
       patterns per set        VYRE_MAX_PATTERNS (default, desc can lower)
       pattern length          1 .. VYRE_MAX_PATTERN_LEN bytes
       DFA size                vyre_compile_desc.max_dfa_bytes (default 1 GiB)
       one GPU dispatch        < 4 GiB of haystack (scanners chunk larger inputs)
*/
#ifndef VYRE_H
#define VYRE_H

/* ==================================================================== */
/* >>config                                                              */
/* ==================================================================== */
#include <stddef.h>
#include <stdint.h>

#define VYRE_VERSION_MAJOR 0
#define VYRE_VERSION_MINOR 1
#define VYRE_VERSION_PATCH 0
#define VYRE_VERSION_STRING "0.1.0"
/* (major << 16) | (minor << 8) | patch */
#define VYRE_VERSION_NUMBER ((VYRE_VERSION_MAJOR << 16) | (VYRE_VERSION_MINOR << 8) | VYRE_VERSION_PATCH)

#ifndef VYREDEF
#  ifdef VYRE_STATIC
#    define VYREDEF static
#  elif defined(_WIN32) && defined(VYRE_DLL_EXPORT)
#    define VYREDEF __declspec(dllexport)
#  elif defined(_WIN32) && defined(VYRE_DLL_IMPORT)
#    define VYREDEF __declspec(dllimport)
#  else
#    define VYREDEF extern
#  endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Version of the library that was compiled in (VYRE_VERSION_STRING). */
VYREDEF const char *vyre_version(void);
VYREDEF uint32_t vyre_version_number(void);

/* ==================================================================== */
/* >>errors                                                              */
/* ==================================================================== */
typedef enum vyre_result {
    VYRE_OK = 0,
    VYRE_STOPPED = 1,                       /* a match callback returned non-zero; not an error */

    /* -1xx: bad arguments and bad patterns */
    VYRE_ERR_INVALID_ARGUMENT = -100,       /* NULL where a value is required, bad enum, bad flags */
    VYRE_ERR_EMPTY_PATTERN = -101,          /* a pattern of length 0 */
    VYRE_ERR_EMPTY_SET = -102,              /* compiling 0 patterns */
    VYRE_ERR_TOO_MANY_PATTERNS = -103,      /* over max_patterns */
    VYRE_ERR_PATTERN_TOO_LONG = -104,       /* over VYRE_MAX_PATTERN_LEN */
    VYRE_ERR_DFA_TOO_LARGE = -105,          /* the DFA would exceed max_dfa_bytes */
    VYRE_ERR_BAD_REGIONS = -106,            /* region starts empty, not starting at 0, descending, past the end */
    VYRE_ERR_BAD_ALLOCATOR = -107,          /* a half-filled vyre_allocator */
    VYRE_ERR_BAD_PROGRAM = -108,            /* unknown program name or wrong binding/scalar count */

    /* -2xx: capacities and sizes */
    VYRE_ERR_MATCH_CAPACITY = -200,         /* more matches than the output capacity; the count needed is reported */
    VYRE_ERR_REGION_CAPACITY = -201,        /* more regions than the session's max_regions */
    VYRE_ERR_HAYSTACK_CAPACITY = -202,      /* haystack larger than the session's resident capacity */
    VYRE_ERR_OUTPUT_TOO_SMALL = -203,       /* a caller output array (bitmap words...) is too small */
    VYRE_ERR_OUT_OF_RANGE = -204,           /* a buffer offset/length outside the buffer */

    /* -3xx: memory */
    VYRE_ERR_OUT_OF_MEMORY = -300,          /* host allocation failed */
    VYRE_ERR_OVERFLOW = -301,               /* a size computation would overflow */

    /* -4xx: backends and devices */
    VYRE_ERR_UNSUPPORTED = -400,            /* the backend lacks this feature (named in the message) */
    VYRE_ERR_BACKEND_UNAVAILABLE = -401,    /* driver/library/device not present */
    VYRE_ERR_DEVICE = -402,                 /* a driver call failed */
    VYRE_ERR_DEVICE_OUT_OF_MEMORY = -403,   /* device allocation failed */
    VYRE_ERR_DEVICE_LOST = -404,            /* context lost / device reset */
    VYRE_ERR_KERNEL_COMPILE = -405,         /* NVRTC / clBuildProgram failed; the log is in the message */
    VYRE_ERR_LAUNCH = -406,                 /* a kernel launch or execution failed */
    VYRE_ERR_BAD_HANDLE = -407,             /* a buffer handle this backend did not make, or already freed */
    VYRE_ERR_THREAD = -408,                 /* creating a worker thread failed */

    /* -5xx: serialized sets */
    VYRE_ERR_SERIAL_TRUNCATED = -500,       /* buffer shorter than its header says */
    VYRE_ERR_SERIAL_CORRUPT = -501,         /* bad magic, bad checksum, inconsistent fields */
    VYRE_ERR_SERIAL_VERSION = -502,         /* written by an incompatible format version */

    /* -6xx: state and I/O */
    VYRE_ERR_STATE = -600,                  /* object used in the wrong state (e.g. a closed stream) */
    VYRE_ERR_IO = -601,                     /* a file could not be read or written */

    VYRE_RESULT_FORCE_I32 = 0x7FFFFFFF
} vyre_result;

/* Detail for a failed call. `message` names the bad value or the limit;
   `fix` is one sentence that starts with "Fix:". Both are NUL-terminated. */
typedef struct vyre_error {
    vyre_result code;
    char message[512];
    char fix[256];
} vyre_error;

/* A short constant name for every code, e.g. "VYRE_ERR_EMPTY_PATTERN".
   Unknown values give "VYRE_ERR_UNKNOWN". Thread safety: any thread. */
VYREDEF const char *vyre_result_str(vyre_result code);
/* One line "VYRE_ERR_X: message Fix: ..." into buf (always terminated).
   Returns buf. */
VYREDEF char *vyre_error_format(const vyre_error *err, char *buf, size_t buf_size);

/* ==================================================================== */
/* >>memory                                                              */
/* ==================================================================== */
/* A runtime allocator. All three functions or none: an all-NULL struct means
   "use VYRE_MALLOC/VYRE_REALLOC/VYRE_FREE"; a partly filled one is
   VYRE_ERR_BAD_ALLOCATOR. `free` receives NULL-safe pointers only. */
typedef struct vyre_allocator {
    void *(*alloc)(size_t size, void *user);
    void *(*realloc)(void *ptr, size_t new_size, void *user);
    void (*free)(void *ptr, void *user);
    void *user;
} vyre_allocator;

/* ==================================================================== */
/* >>literal-set                                                         */
/* ==================================================================== */
#define VYRE_CASELESS 0x1u                 /* ASCII case-insensitive (A-Z == a-z) */
#define VYRE_MAX_PATTERN_LEN 65535u        /* bytes */
#define VYRE_MAX_PATTERNS (1u << 24)       /* hard cap on patterns in one set */

/* One literal: arbitrary bytes (NUL and >= 0x80 allowed) and flags. */
typedef struct vyre_literal {
    const void *bytes;
    size_t len;
    uint32_t flags;                        /* 0 or VYRE_CASELESS */
} vyre_literal;

/* Compile options. Zero means default for every field. */
typedef struct vyre_compile_desc {
    uint64_t max_dfa_bytes;                /* DFA transition budget; default 1 GiB */
    uint32_t max_patterns;                 /* default VYRE_MAX_PATTERNS */
    uint32_t flags;                        /* OR'ed into every pattern's flags (e.g. VYRE_CASELESS) */
    vyre_allocator allocator;              /* default: VYRE_MALLOC & co */
} vyre_compile_desc;

/* An immutable compiled literal set. Share it between threads and backends. */
typedef struct vyre_literal_set vyre_literal_set;

/* Compile `count` literals. Pattern ids are the indices 0..count-1.
   Errors: VYRE_ERR_EMPTY_SET, VYRE_ERR_EMPTY_PATTERN (names the index),
   VYRE_ERR_TOO_MANY_PATTERNS, VYRE_ERR_PATTERN_TOO_LONG,
   VYRE_ERR_DFA_TOO_LARGE (names states and budget), VYRE_ERR_INVALID_ARGUMENT
   (unknown flag bits), VYRE_ERR_OUT_OF_MEMORY, VYRE_ERR_BAD_ALLOCATOR.
   Thread safety: any thread. */
VYREDEF vyre_result vyre_literal_set_compile(const vyre_literal *lits, size_t count,
                                             const vyre_compile_desc *desc,
                                             vyre_literal_set **out, vyre_error *err);
/* NULL is allowed. */
VYREDEF void vyre_literal_set_free(vyre_literal_set *set);

typedef struct vyre_literal_set_info {
    uint32_t pattern_count;
    uint32_t state_count;                  /* Aho-Corasick DFA states */
    uint32_t min_len, max_len;             /* shortest / longest pattern, bytes */
    uint64_t table_bytes;                  /* all tables together */
    uint64_t dfa_bytes;                    /* the transition table alone */
} vyre_literal_set_info;
VYREDEF vyre_result vyre_literal_set_get_info(const vyre_literal_set *set, vyre_literal_set_info *out);
/* The bytes, length and flags of pattern `id` (as given to compile). */
VYREDEF vyre_result vyre_literal_set_pattern(const vyre_literal_set *set, uint32_t id,
                                             const uint8_t **bytes, size_t *len, uint32_t *flags);

/* --- the table layout (what every backend's kernels read) -------------
   fold(c) = c | 0x20 for c in 'A'..'Z', else c (ASCII lower case).
   All masks are built over folded bytes; case-sensitive patterns are
   confirmed exactly at verification. Tables are little-endian u32 arrays
   (PATTERN_BYTES is u8, zero-padded to a multiple of 4 bytes). */
typedef enum vyre_lit_table {
    VYRE_LT_TRANSITIONS = 0,   /* u32[states*256]: DFA over folded bytes; row s, column c (c already folded in the table) */
    VYRE_LT_OUTPUT_OFFSETS,    /* u32[states+1]: outputs of state s are OUTPUT_RECORDS[off[s] .. off[s+1]) */
    VYRE_LT_OUTPUT_RECORDS,    /* u32[]: pattern ids whose folded bytes are a suffix of the state's string */
    VYRE_LT_PATTERN_LENGTHS,   /* u32[patterns] */
    VYRE_LT_END_MASK,          /* u32[8]: bit fold(last byte) of every pattern */
    VYRE_LT_SUFFIX2_MASK,      /* u32[2048]: bit (fold(b[-2])<<8 | fold(b[-1])) of every pattern with len >= 2 */
    VYRE_LT_SUFFIX3_BLOOM,     /* u32[VYRE_BLOOM3_BITS/32]: bit VYRE_BLOOM3_HASH(last 3 folded bytes), len >= 3 */
    VYRE_LT_SHORT_MASK,        /* u32[8 + 2048]: bits [0,256): fold(c) of 1-byte patterns; bits 256 + (a<<8|b): 2-byte patterns */
    VYRE_LT_PATTERN_OFFSETS,   /* u32[patterns]: start of pattern p in PATTERN_BYTES */
    VYRE_LT_PATTERN_FLAGS,     /* u32[patterns]: VYRE_CASELESS */
    VYRE_LT_PATTERN_BYTES,     /* u8[]: pattern bytes; caseless ones stored folded */
    VYRE_LT_BUCKETS,           /* u32[3 * (bucket_mask+1)]: open addressing {key+1 (0 = empty), first, count} */
    VYRE_LT_BUCKET_IDS,        /* u32[patterns]: pattern ids, grouped by bucket, ascending id */
    VYRE_LT_PARAMS,            /* u32[VYRE_LP_COUNT]: the scalars below */
    VYRE_LT_COUNT,
    VYRE_LT_FORCE_I32 = 0x7FFFFFFF
} vyre_lit_table;

/* Indices into VYRE_LT_PARAMS. */
enum {
    VYRE_LP_PATTERN_COUNT = 0,
    VYRE_LP_STATE_COUNT,
    VYRE_LP_MIN_LEN,
    VYRE_LP_MAX_LEN,
    VYRE_LP_BUCKET_MASK,       /* bucket slots - 1 (a power of two minus one) */
    VYRE_LP_KEY_KINDS,         /* bit k-1 set if some pattern has min(len,3) == k, k in 1..3 */
    VYRE_LP_WORDS_PER_ROW,     /* presence words per region: ceil(patterns / 32) */
    VYRE_LP_COUNT = 8
};

/* Bucket keys: a pattern of length len is filed under
   key = (k << 24) | packed, k = min(len, 3), packed = its last k folded
   bytes, big-endian (e.g. k=3: a<<16 | b<<8 | c). Slot = VYRE_BUCKET_HASH(key)
   & bucket_mask, linear probing until an empty slot. */
#define VYRE_BLOOM3_BITS 262144u
#define VYRE_BLOOM3_HASH(a, b, c) \
    ((uint32_t)(((((uint32_t)(a) << 16) | ((uint32_t)(b) << 8) | (uint32_t)(c)) * 0x9E3779B1u) >> 14))
#define VYRE_BUCKET_HASH(key) \
    ((uint32_t)(((uint32_t)(key) * 0x85EBCA6Bu) ^ (((uint32_t)(key) * 0x85EBCA6Bu) >> 16)))

/* Candidate test at end position i (byte h[i] is the last byte of a match),
   where `lo` is the first byte that may be part of a match:
     c = fold(h[i]); END_MASK[c] must be set, then
     1-byte patterns:  SHORT_MASK bit c
     2-byte patterns:  i-1 >= lo and SHORT_MASK bit 256 + (fold(h[i-1])<<8 | c)
     longer patterns:  i-2 >= lo and SUFFIX2 bit (b<<8|c) and BLOOM3 bit hash(a,b,c)
   A candidate is confirmed through the buckets: for each k whose KEY_KINDS bit
   is set, look up key(k), and compare each listed pattern backwards from i
   (folded compare for caseless patterns, exact for the others). */

/* Read-only view of one table. Valid while the set lives. */
VYREDEF vyre_result vyre_literal_set_table(const vyre_literal_set *set, vyre_lit_table id,
                                           const void **data, size_t *bytes);

/* Serialization: versioned, checksummed. The blob stores the patterns and
   compile options; loading validates everything and recompiles, so a
   truncated or corrupted blob is an error (VYRE_ERR_SERIAL_*), never a crash.
   vyre_literal_set_serialize with out == NULL reports the size needed. */
VYREDEF vyre_result vyre_literal_set_serialize(const vyre_literal_set *set, void *out, size_t cap,
                                               size_t *size, vyre_error *err);
VYREDEF vyre_result vyre_literal_set_deserialize(const void *data, size_t size,
                                                 const vyre_compile_desc *desc,
                                                 vyre_literal_set **out, vyre_error *err);

/* ==================================================================== */
/* >>backend                                                             */
/* ==================================================================== */
/* The backend contract (docs/backend-contract.md). A backend is a vtable of
   function pointers plus its private state. Entries may be NULL: the public
   wrappers below then return VYRE_ERR_UNSUPPORTED naming the feature and the
   backend ("backend 'opencl' does not support resident fill"). Never a
   silent fallback to another backend.

   Resident buffers are opaque 64-bit handles owned by the backend that made
   them (0 is never a valid handle). Programs are named kernels with a fixed
   signature (see >>programs): every backend implements the same programs and
   must produce byte-identical outputs to the CPU backend. */

typedef uint64_t vyre_buffer;
typedef struct vyre_backend vyre_backend;

#define VYRE_TIME_UNKNOWN UINT64_MAX

/* Timing of one call. wall_ns: host clock around the whole call.
   device_ns: device timer (events) for the device work, or VYRE_TIME_UNKNOWN
   when the backend has no device timer. enqueue_ns: host time spent issuing
   work; wait_ns: host time spent waiting for completion (VYRE_TIME_UNKNOWN
   when not measured). */
typedef struct vyre_timing {
    uint64_t wall_ns;
    uint64_t device_ns;
    uint64_t enqueue_ns;
    uint64_t wait_ns;
} vyre_timing;

/* Capability bits of vyre_device_profile.caps. A bit is a promise. */
#define VYRE_CAP_RESIDENT      0x01u  /* resident buffers, uploads, downloads, resident dispatch */
#define VYRE_CAP_DEVICE_TIMER  0x02u  /* device_ns is measured */
#define VYRE_CAP_ASYNC_COPY    0x04u  /* copies overlap compute (streams/queues) */
#define VYRE_CAP_HOST_MEMORY   0x08u  /* "device" memory is host memory (CPU backend) */
#define VYRE_CAP_SEQUENCE      0x10u  /* native sequences with one synchronisation */
#define VYRE_CAP_LITERAL_SCAN  0x20u  /* native literal-set scanner (lit_* entries) */
#define VYRE_CAP_FILL          0x40u  /* device-side clear/fill */

typedef struct vyre_device_profile {
    char backend[16];                /* "cpu", "cuda", "opencl" */
    char device_name[128];
    char driver_version[64];
    uint32_t caps;                   /* VYRE_CAP_* */
    uint32_t compute_units;          /* SMs / CUs / CPU threads */
    uint32_t max_workgroup_size;
    uint32_t subgroup_size;          /* warp size, 0 if unknown */
    uint32_t shared_memory_bytes;    /* per workgroup, 0 if none */
    uint32_t arch;                   /* e.g. 90 for sm_90, 0 if n/a */
    uint64_t memory_bytes;           /* device (or host) memory */
    uint64_t max_buffer_bytes;       /* largest single buffer, 0 if unknown */
    uint64_t l2_bytes;               /* 0 if unknown */
} vyre_device_profile;

/* Telemetry counters since creation or the last reset. */
typedef struct vyre_telemetry {
    uint64_t h2d_bytes;              /* host-to-device bytes (uploads, staging) */
    uint64_t d2h_bytes;              /* device-to-host bytes (downloads) */
    uint64_t launches;               /* kernel launches / program dispatches */
    uint64_t syncs;                  /* host waits on the device */
    uint64_t fills;                  /* device-side clears/fills */
    uint64_t live_resident_bytes;    /* bytes in live resident buffers now (not reset) */
    uint64_t live_resident_buffers;  /* live resident buffers now (not reset) */
} vyre_telemetry;

/* One dispatch of a named program on resident buffers. */
typedef struct vyre_dispatch {
    const char *program;             /* e.g. VYRE_PROGRAM_LIT_MATCHES */
    const vyre_buffer *buffers;      /* bindings in program order */
    uint32_t buffer_count;
    const uint64_t *scalars;         /* scalar arguments in program order */
    uint32_t scalar_count;
    uint32_t grid[3];                /* workgroups; all zero = the backend decides */
} vyre_dispatch;

/* One binding of a borrowed (host-memory) dispatch. Read-only bindings set
   `data`; read-write bindings set `out` (its contents are the initial value
   and receive the result). */
typedef struct vyre_host_arg {
    const void *data;
    void *out;
    size_t len;
} vyre_host_arg;

typedef enum vyre_op_kind {
    VYRE_OP_UPLOAD = 1,              /* buffer[offset, offset+len) <- src */
    VYRE_OP_FILL = 2,                /* buffer[offset, offset+len) <- value (device-side) */
    VYRE_OP_DISPATCH = 3,            /* run *dispatch */
    VYRE_OP_DOWNLOAD = 4,            /* dst <- buffer[offset, offset+len) */
    VYRE_OP_FORCE_I32 = 0x7FFFFFFF
} vyre_op_kind;

/* One step of a sequence: executed in order, with ONE host synchronisation at
   the end. Source bytes of uploads must stay valid until the call returns;
   downloads are complete when it returns. */
typedef struct vyre_op {
    vyre_op_kind kind;
    vyre_buffer buffer;
    size_t offset, len;
    const void *src;                 /* UPLOAD */
    void *dst;                       /* DOWNLOAD */
    uint8_t value;                   /* FILL */
    const vyre_dispatch *dispatch;   /* DISPATCH */
} vyre_op;

/* A request to a backend's native literal scanner (optional vtable entries
   lit_open/lit_scan/lit_close). data[0, len) is scanned; matches are those
   wholly inside data whose end (exclusive) is > context_len: the first
   context_len bytes are history carried from the previous chunk. Offsets
   given back are relative to data. */
typedef enum vyre_lit_mode {
    VYRE_LIT_MATCHES = 1,            /* fill matches[0, cap) in any order; report total in *count */
    VYRE_LIT_COUNT = 2,              /* only *count */
    VYRE_LIT_PRESENCE = 3,           /* OR region presence bits into `presence` */
    VYRE_LIT_MODE_FORCE_I32 = 0x7FFFFFFF
} vyre_lit_mode;

/* A raw match as backends produce it: pattern id and exclusive end offset
   relative to the dispatch's data. start = end - pattern length. */
typedef struct vyre_raw_match {
    uint32_t pattern_id;
    uint32_t end;
} vyre_raw_match;

typedef struct vyre_lit_request {
    vyre_lit_mode mode;
    const uint8_t *data;
    size_t len;
    size_t context_len;
    /* VYRE_LIT_MATCHES */
    vyre_raw_match *matches;         /* capacity `cap`; if the total exceeds cap, matches[0,cap) */
    size_t cap;                      /* hold an arbitrary subset and VYRE_ERR_MATCH_CAPACITY is returned */
    /* VYRE_LIT_PRESENCE: regions in data coordinates; region r = [starts[r], starts[r+1]),
       the last one ends at regions_end. Rows of words_per_row u32 words. */
    const uint64_t *region_starts;
    uint32_t region_count;
    uint64_t regions_end;
    uint32_t *presence;              /* region_count * words_per_row words, OR-accumulated */
} vyre_lit_request;

typedef struct vyre_lit_result {
    uint64_t count;                  /* matches found (MATCHES, COUNT) */
    vyre_timing timing;
} vyre_lit_result;

/* The vtable. `self` is the backend's private state. Every entry that can
   fail returns a vyre_result and fills `err` (which may be NULL). */
typedef struct vyre_backend_vtable {
    /* identity */
    const char *(*id)(void *self);                                   /* required: "cpu", "cuda", "opencl" */
    const char *(*version)(void *self);                              /* required */
    vyre_result (*profile)(void *self, vyre_device_profile *out, vyre_error *err); /* required */

    /* borrowed dispatch: host arguments in, outputs copied back to host */
    vyre_result (*dispatch)(void *self, const char *program, const vyre_host_arg *args, uint32_t nargs,
                            const uint64_t *scalars, uint32_t nscalars, vyre_timing *timing, vyre_error *err);

    /* resident buffers */
    vyre_result (*buffer_alloc)(void *self, size_t bytes, vyre_buffer *out, vyre_error *err);
    vyre_result (*buffer_free)(void *self, vyre_buffer buf, vyre_error *err);
    vyre_result (*upload)(void *self, vyre_buffer buf, size_t offset, const void *src, size_t len, vyre_error *err);
    vyre_result (*upload_many)(void *self, const vyre_op *uploads, size_t n, vyre_error *err);  /* kind == UPLOAD */
    vyre_result (*download)(void *self, vyre_buffer buf, size_t offset, void *dst, size_t len, vyre_error *err);
    vyre_result (*download_many)(void *self, const vyre_op *downloads, size_t n, vyre_error *err); /* kind == DOWNLOAD */
    vyre_result (*fill)(void *self, vyre_buffer buf, size_t offset, size_t len, uint8_t value, vyre_error *err);
    vyre_result (*dispatch_resident)(void *self, const vyre_dispatch *d, vyre_timing *timing, vyre_error *err);
    vyre_result (*sequence)(void *self, const vyre_op *ops, size_t n, vyre_timing *timing, vyre_error *err);

    /* telemetry */
    vyre_result (*telemetry)(void *self, vyre_telemetry *out);
    void (*telemetry_reset)(void *self);

    /* lifecycle */
    vyre_result (*prepare)(void *self, vyre_error *err);             /* warm up: compile kernels, etc. */
    vyre_result (*flush)(void *self, vyre_error *err);               /* wait for all queued work */
    vyre_result (*shutdown)(void *self, vyre_error *err);            /* release device resources; backend unusable after */
    int (*device_lost)(void *self);                                  /* non-zero if the device was lost */
    vyre_result (*try_recover)(void *self, vyre_error *err);
    void (*destroy)(void *self);                                     /* required: free `self` */

    /* optional native literal scanner */
    vyre_result (*lit_open)(void *self, const vyre_literal_set *set, size_t max_chunk, void **state, vyre_error *err);
    vyre_result (*lit_scan)(void *self, void *state, const vyre_lit_request *req, vyre_lit_result *res, vyre_error *err);
    void (*lit_close)(void *self, void *state);
} vyre_backend_vtable;

/* Wrap a vtable into a vyre_backend (for backend implementers). Takes
   ownership of `self` (destroy is called on failure too). */
VYREDEF vyre_result vyre_backend_wrap(const vyre_backend_vtable *vt, void *self, const vyre_allocator *alloc,
                                      vyre_backend **out, vyre_error *err);
/* Calls shutdown (if any) then destroy. NULL is allowed. Buffers still live
   are released by the backend. */
VYREDEF void vyre_backend_destroy(vyre_backend *b);
VYREDEF const vyre_backend_vtable *vyre_backend_vtable_of(const vyre_backend *b);
VYREDEF void *vyre_backend_self(const vyre_backend *b);

/* Public wrappers: check arguments, turn a NULL entry into
   VYRE_ERR_UNSUPPORTED, and time the call where asked. */
VYREDEF const char *vyre_backend_id(const vyre_backend *b);
VYREDEF const char *vyre_backend_version(const vyre_backend *b);
VYREDEF vyre_result vyre_backend_profile(vyre_backend *b, vyre_device_profile *out, vyre_error *err);
VYREDEF vyre_result vyre_backend_dispatch(vyre_backend *b, const char *program, const vyre_host_arg *args,
                                          uint32_t nargs, const uint64_t *scalars, uint32_t nscalars,
                                          vyre_timing *timing, vyre_error *err);
VYREDEF vyre_result vyre_buffer_alloc(vyre_backend *b, size_t bytes, vyre_buffer *out, vyre_error *err);
VYREDEF vyre_result vyre_buffer_free(vyre_backend *b, vyre_buffer buf, vyre_error *err);
VYREDEF vyre_result vyre_buffer_upload(vyre_backend *b, vyre_buffer buf, size_t offset, const void *src,
                                       size_t len, vyre_error *err);
VYREDEF vyre_result vyre_buffer_upload_many(vyre_backend *b, const vyre_op *uploads, size_t n, vyre_error *err);
VYREDEF vyre_result vyre_buffer_download(vyre_backend *b, vyre_buffer buf, size_t offset, void *dst,
                                         size_t len, vyre_error *err);
VYREDEF vyre_result vyre_buffer_download_many(vyre_backend *b, const vyre_op *downloads, size_t n, vyre_error *err);
VYREDEF vyre_result vyre_buffer_fill(vyre_backend *b, vyre_buffer buf, size_t offset, size_t len,
                                     uint8_t value, vyre_error *err);
VYREDEF vyre_result vyre_dispatch_resident(vyre_backend *b, const vyre_dispatch *d, vyre_timing *timing,
                                           vyre_error *err);
VYREDEF vyre_result vyre_sequence(vyre_backend *b, const vyre_op *ops, size_t n, vyre_timing *timing,
                                  vyre_error *err);
VYREDEF vyre_result vyre_backend_telemetry(vyre_backend *b, vyre_telemetry *out, vyre_error *err);
VYREDEF vyre_result vyre_backend_telemetry_reset(vyre_backend *b, vyre_error *err);
VYREDEF vyre_result vyre_backend_prepare(vyre_backend *b, vyre_error *err);
VYREDEF vyre_result vyre_backend_flush(vyre_backend *b, vyre_error *err);
VYREDEF vyre_result vyre_backend_shutdown(vyre_backend *b, vyre_error *err);
VYREDEF int vyre_backend_device_lost(vyre_backend *b);
VYREDEF vyre_result vyre_backend_try_recover(vyre_backend *b, vyre_error *err);

/* Monotonic host clock in nanoseconds (for timings). */
VYREDEF uint64_t vyre_now_ns(void);

/* --- >>programs: the named kernels every backend implements -------------
   Bindings are resident buffers in this order; the 14 literal-set tables
   (VYRE_LT_*) are bindings 1..14 in vyre_lit_table order.

   VYRE_PROGRAM_LIT_MATCHES "vyre_lit_matches"
     buffers: 0 haystack (u8, >= hay_len bytes rounded up to 16),
              1..14 tables, 15 counter (u32[2], must arrive zeroed),
              16 matches (vyre_raw_match[match_cap])
     scalars: 0 hay_len, 1 context_len, 2 match_cap
     For every match wholly inside [0, hay_len) with end > context_len:
     slot = counter[0]++ (atomic); if slot < match_cap, matches[slot] =
     {pattern_id, end}. counter[0] ends as the total (saturating at
     0xFFFFFFFF, counter[1] set to 1 on saturation). Order is unspecified.

   VYRE_PROGRAM_LIT_COUNT "vyre_lit_count"
     buffers: 0 haystack, 1..14 tables, 15 counter (u64, must arrive zeroed)
     scalars: 0 hay_len, 1 context_len
     counter += number of matches as above.

   VYRE_PROGRAM_LIT_PRESENCE "vyre_lit_presence"
     buffers: 0 haystack, 1..14 tables, 15 region_starts (u32[max_regions],
              unused tail padded with 0xFFFFFFFF), 16 presence
              (u32[region_count * words_per_row], OR-accumulated: must
              arrive zeroed over the used prefix)
     scalars: 0 hay_len, 1 region_count, 2 region_base, 3 regions_end
     A match [s, e) of pattern p sets bit p of row r iff region r =
     [starts[r], next) contains [s + region_base, e + region_base), where
     next = starts[r+1] for r < region_count-1 and regions_end for the last. */
#define VYRE_PROGRAM_LIT_MATCHES "vyre_lit_matches"
#define VYRE_PROGRAM_LIT_COUNT "vyre_lit_count"
#define VYRE_PROGRAM_LIT_PRESENCE "vyre_lit_presence"
#define VYRE_LIT_BINDING_TABLE0 1u
#define VYRE_LIT_MATCHES_BINDINGS 17u
#define VYRE_LIT_COUNT_BINDINGS 16u
#define VYRE_LIT_PRESENCE_BINDINGS 17u

/* ==================================================================== */
/* >>backend-cpu                                                         */
/* ==================================================================== */
typedef enum vyre_cpu_engine {
    VYRE_CPU_ENGINE_AUTO = 0,        /* prefilter + bucket verification (fastest) */
    VYRE_CPU_ENGINE_PREFILTER = 1,
    VYRE_CPU_ENGINE_DFA = 2,         /* plain Aho-Corasick DFA walk (the seed tables' reference) */
    VYRE_CPU_ENGINE_FORCE_I32 = 0x7FFFFFFF
} vyre_cpu_engine;

typedef struct vyre_cpu_desc {
    uint32_t threads;                /* worker threads; default: online CPUs */
    vyre_cpu_engine engine;          /* default: VYRE_CPU_ENGINE_AUTO */
    size_t min_bytes_per_thread;     /* below this a scan uses fewer threads; default 256 KiB */
    vyre_allocator allocator;
} vyre_cpu_desc;

/* The CPU backend implements the whole contract with host memory (resident
   buffers are host allocations; device_ns is VYRE_TIME_UNKNOWN).
   Errors: VYRE_ERR_BAD_ALLOCATOR, VYRE_ERR_OUT_OF_MEMORY, VYRE_ERR_THREAD. */
VYREDEF vyre_result vyre_cpu_backend_create(const vyre_cpu_desc *desc, vyre_backend **out, vyre_error *err);

/* ==================================================================== */
/* >>scan                                                                */
/* ==================================================================== */
/* A match: pattern `pattern_id` occupies bytes [start, end). In region scans
   `region` is the region index and offsets are relative to the region start;
   otherwise region is 0 and offsets are from the start of the data (or the
   stream). */
typedef struct vyre_match {
    uint64_t start;
    uint64_t end;
    uint32_t pattern_id;
    uint32_t region;
} vyre_match;

/* Return non-zero to stop the scan (the scan then returns VYRE_STOPPED). */
typedef int (*vyre_match_cb)(const vyre_match *m, void *user);

typedef struct vyre_scanner_desc {
    size_t chunk_bytes;              /* bytes per dispatch; default: 64 MiB (GPU) / whole input (CPU) */
    size_t max_matches_per_chunk;    /* device match buffer; default chunk_bytes / 16, min 64 Ki; grown on demand */
    vyre_allocator allocator;
} vyre_scanner_desc;

/* A scanner binds a set to a backend: the set's tables are made resident
   once at create time; each scan moves only the haystack. Per thread.
   Uses the backend's native literal scanner when it has one
   (VYRE_CAP_LITERAL_SCAN), else the generic resident programs. */
typedef struct vyre_scanner vyre_scanner;
VYREDEF vyre_result vyre_scanner_create(vyre_backend *b, const vyre_literal_set *set,
                                        const vyre_scanner_desc *desc, vyre_scanner **out, vyre_error *err);
VYREDEF void vyre_scanner_destroy(vyre_scanner *s);

/* All matches into out[0, cap), sorted. If there are more than cap,
   returns VYRE_ERR_MATCH_CAPACITY with *count = the number needed and
   out[0, cap) cleared. */
VYREDEF vyre_result vyre_scan(vyre_scanner *s, const void *data, size_t len, vyre_match *out, size_t cap,
                              size_t *count, vyre_error *err);
/* All matches, sorted, to a callback. VYRE_STOPPED if it returned non-zero. */
VYREDEF vyre_result vyre_scan_cb(vyre_scanner *s, const void *data, size_t len, vyre_match_cb cb, void *user,
                                 vyre_error *err);
/* Number of matches only (no match list is built). */
VYREDEF vyre_result vyre_scan_count(vyre_scanner *s, const void *data, size_t len, uint64_t *count,
                                    vyre_error *err);
/* Many files coalesced into one buffer: region r = [starts[r], starts[r+1])
   (the last ends at len); starts ascending (equal = empty region), starts[0]
   == 0, all <= len. Bit p of row r (row = words_per_row u32 words, see
   vyre_presence_words) is set iff pattern p has a match lying wholly inside
   region r. out_words >= region_count * words_per_row; out is overwritten.
   Errors: VYRE_ERR_BAD_REGIONS (names the index), VYRE_ERR_OUTPUT_TOO_SMALL. */
VYREDEF vyre_result vyre_scan_presence(vyre_scanner *s, const void *data, size_t len, const uint64_t *starts,
                                       uint32_t region_count, uint32_t *out, size_t out_words, vyre_error *err);
/* Matches lying wholly inside regions, sorted by (region, start, end, id),
   offsets relative to the region start, to a callback. */
VYREDEF vyre_result vyre_scan_regions_cb(vyre_scanner *s, const void *data, size_t len, const uint64_t *starts,
                                         uint32_t region_count, vyre_match_cb cb, void *user, vyre_error *err);
/* ceil(pattern_count / 32). */
VYREDEF uint32_t vyre_presence_words(const vyre_literal_set *set);
/* Timing of the scanner's last scan call. */
VYREDEF vyre_result vyre_scanner_last_timing(const vyre_scanner *s, vyre_timing *out);

/* Streaming: feed a long input in chunks of any size (e.g. a 20 GB file read
   64 MiB at a time). Reports exactly the matches of the whole stream,
   including those that cross chunk boundaries, with offsets from the stream
   start, sorted. Matches that may still be followed by an earlier-starting
   match are held back (at most max_len - 1 bytes' worth) until the next
   write or close. One stream per scanner at a time. */
typedef struct vyre_stream vyre_stream;
VYREDEF vyre_result vyre_stream_open(vyre_scanner *s, vyre_stream **out, vyre_error *err);
VYREDEF vyre_result vyre_stream_write(vyre_stream *st, const void *data, size_t len, vyre_match_cb cb, void *user,
                                      vyre_error *err);
/* Delivers the held-back matches and frees the stream (also on error). */
VYREDEF vyre_result vyre_stream_close(vyre_stream *st, vyre_match_cb cb, void *user, vyre_error *err);
/* Bytes written so far. */
VYREDEF uint64_t vyre_stream_offset(const vyre_stream *st);

/* ==================================================================== */
/* >>sessions                                                            */
/* ==================================================================== */
/* Resident sessions (seed 000 and its match-list sibling) are built only on
   the generic contract: the immutable tables are uploaded once at create;
   each scan moves only the haystack, the control values and a device-side
   reset of the used prefix of the output; every binding is resident. Caps
   and capacity are checked before anything is uploaded; after an error no
   partial output is returned. free() attempts every release and returns the
   first error. */
typedef struct vyre_presence_session vyre_presence_session;
VYREDEF vyre_result vyre_presence_session_create(vyre_backend *b, const vyre_literal_set *set,
                                                 size_t haystack_capacity, uint32_t max_regions,
                                                 vyre_presence_session **out, vyre_error *err);
/* region_starts in session coordinates (u32), starts[0] == 0, ascending;
   region_base is added to every match position before the region lookup
   (0 for a single dispatch). out receives region_count * words_per_row words. */
VYREDEF vyre_result vyre_presence_session_scan(vyre_presence_session *s, const void *data, size_t len,
                                               const uint32_t *region_starts, uint32_t region_count,
                                               uint32_t region_base, uint32_t *out, size_t out_words,
                                               vyre_timing *timing, vyre_error *err);
VYREDEF vyre_result vyre_presence_session_free(vyre_presence_session *s, vyre_error *err);

typedef struct vyre_match_session vyre_match_session;
VYREDEF vyre_result vyre_match_session_create(vyre_backend *b, const vyre_literal_set *set,
                                              size_t haystack_capacity, uint32_t max_matches,
                                              vyre_match_session **out, vyre_error *err);
/* Sorted matches into out[0, cap). More than max_matches (or cap) is
   VYRE_ERR_MATCH_CAPACITY with *count = the number found; nothing written. */
VYREDEF vyre_result vyre_match_session_scan(vyre_match_session *s, const void *data, size_t len,
                                            vyre_match *out, size_t cap, size_t *count,
                                            vyre_timing *timing, vyre_error *err);
VYREDEF vyre_result vyre_match_session_free(vyre_match_session *s, vyre_error *err);

/* --- helpers for backend and tool implementers ---------------------- */
/* Set err (if non-NULL) and return code. printf-style message; fix is a
   fixed sentence that should start with "Fix:". */
VYREDEF vyre_result vyre_set_error(vyre_error *err, vyre_result code, const char *fix, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Sort matches by (region, start, end, pattern_id). */
VYREDEF void vyre_sort_matches(vyre_match *m, size_t n);
/* Resolve a desc allocator (all-NULL = defaults). VYRE_ERR_BAD_ALLOCATOR if half-filled. */
VYREDEF vyre_result vyre_allocator_resolve(const vyre_allocator *in, vyre_allocator *out, vyre_error *err);
VYREDEF void *vyre_alloc(const vyre_allocator *a, size_t size);
VYREDEF void *vyre_realloc(const vyre_allocator *a, void *p, size_t size);
VYREDEF void vyre_free(const vyre_allocator *a, void *p);

#ifdef __cplusplus
}
#endif
#endif /* VYRE_H */
