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
   Link with -lpthread -lm (the CPU backend uses POSIX threads; the gitleaks
   rules chapter uses log2 for entropy; with VYRE_NO_RULES -lm is not needed).

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
       VYRE_NO_SIMD                off                 implementation file: no AVX2 path
                                                       (the portable scalar engine only)
       VYRE_NO_AVX512              off                 implementation file: no AVX-512 VBMI
                                                       front of the AVX2 path (>>lit-cpu)
       VYRE_DLL_EXPORT/IMPORT      off                 globally, Windows DLL builds
       VYRE_NO_REGEX               off                 globally: the regex engine (>>re-*) compiles out
       VYRE_NO_RING                off                 globally: no work ring (>>ring), no
                                                       persistent engine (>>engine)
       VYRE_NO_INGEST              off                 globally: the file-ingest pipeline (>>ingest)
       VYRE_NO_MULTI               off                 globally: the multi-device scanner (>>multi)
       VYRE_NO_RULES               off                 globally: gitleaks rule files (>>rules; off without regex)

   OPTIONAL PARTS (stb_image's STBI_NO_*, miniaudio's MA_NO_*)
       Each optional part is exactly two guarded blocks, one in the API half
       (its declarations) and one under VYRE_IMPLEMENTATION (its code), each
       opening with the part's anchor:
           #if !defined(VYRE_NO_REGEX)      / * >>re-parse ... * /
           #define VYRE_HAS_REGEX 1         (API block only)
           ...
           #endif / * VYRE_NO_REGEX * /
       Code outside a part that uses it tests VYRE_HAS_<PART>, never the
       VYRE_NO_ macro. The same VYRE_NO_ macro must be defined (or not) in
       every file that includes a header. tests/compile_tests.sh builds the
       headers with every VYRE_NO_* defined and with none.

   WHAT VYRE DOES NOT DO
       - Regular expressions (>>regex, the RE2/Go syntax on bytes) run on the
         CPU only so far (scanners, streams, rule sessions and ingest take
         them through vyre_regex_set_as_pattern_set; GPU backends say
         VYRE_ERR_UNSUPPORTED until the regex kernels exist).
         No backreferences, look-around or \p{..} (VYRE_ERR_REGEX_UNSUPPORTED).
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
       API half (declarations)
       >>config        options, optional parts (VYRE_NO_*), platform glue
       >>errors        result codes, vyre_error (with the culprit: pattern_index, offset)
       >>memory        allocators
       >>pattern-set   vyre_pattern_set: one compiled-set type for every engine kind
       >>literal-set   the literal kind: compile, info, serialization
         >>lit-layout  the literal tables every backend's kernels read
       >>regex         the regex kind: regular-expression sets, syntax, modes,
                       CPU scan API (VYRE_NO_REGEX)
       >>rules         gitleaks rule files: TOML loader, secret-scan semantics (VYRE_NO_RULES)
       >>backend       the backend contract (vtable) every backend implements
       >>programs      VYRE_PROGRAM_LIST: the one program table, kernel families
       >>backend-cpu   the CPU backend's options
       >>scan          scanners: matches, callbacks, counts, region presence, streams
       >>sessions      resident sessions (presence by region, match lists)
       >>multi         the multi-device scanner: one scan over N backends (VYRE_NO_MULTI)
       >>ingest        the file-ingest pipeline: walk, read, scan trees of files (VYRE_NO_INGEST)
       >>ring          the lock-free work ring, its layout and memory ordering (VYRE_NO_RING)
       >>engine        the persistent engine: many small jobs, submit / poll / wait
       >>backend-kit   helpers for backend implementers: kernel disk cache, hash,
                       kernel families as build units (VYRE_KERNELS_UNITS),
                       borrowed dispatch from resident ops, dispatch builder,
                       the worker pool, growable arrays, state checks, errors
       implementation half (>>impl, under VYRE_IMPLEMENTATION)
       >>checked-math  overflow-checked sizes, growable arrays (vyre__vec)
       >>sorting       match sorts (merge, radix, heap fallback)
       >>engines       THE ENGINE SWITCH: vyre__engine_ops, one table per kind.
                       To add an engine kind, fill one table here (see the
                       literal kind's, >>lit-engine); scanners and sessions
                       do not change. docs/architecture.md shows the layers.
       >>lit-compile   the literal compiler (Aho-Corasick, filters, buckets)
       >>lit-cpu       the CPU scan engines (>>cpu-engine), the reference for every backend
       >>lit-engine    vyre__lit_ops: the literal kind's engine table
       >>big-layout, >>big-compile, >>big-cpu  the literal kind's BIG form for large
                       sets (hashed aligned pieces, no automaton; vyre__big_ops;
                       docs/large-sets.md); GPU programs vyre_big_* (kernels.inc >>kernels-big)
       >>re-parse, >>re-compile, >>re-cpu, >>re-engine  the regex kind (VYRE_NO_REGEX);
                       vyre__re_ops, the regex kind's engine table
       >>re-layout     the regex set as bit-parallel NFAs for the GPU (after >>scan)
       >>re-gpu        the GPU regex engine's host side: vyre__re_gpu_open / _scan / _close
       >>rules-toml, >>rules-load, >>rules-scan  gitleaks rule files (VYRE_NO_RULES)
       >>thread-pool   THE worker pool (vyre_worker_pool): CPU backend scan parts,
                       CUDA staging copies, ingest readers
       >>backend-kit   (implementation) and >>programs (the table)
       >>backend-cpu   the CPU backend. To add a backend: fill a vtable
                       (>>backend), use >>programs and >>backend-kit, run
                       tests/backend_conformance.h (vyre_cuda.h, vyre_ocl.h
                       are the examples; docs/architecture.md, "Adding a
                       backend")
       >>scan, >>sessions (implementation)
       >>kit-dlopen    after the implementation: the GPU headers' library loader
                       (compiled only under VYRE_KIT_WANT_DLOPEN, so CPU-only
                       users need no -ldl)

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
       Misuse is loud: each scanner has an atomic in-use flag (>>scan), so a
       call that overlaps another on the same scanner or its stream (another
       thread, or a match callback calling its own scanner) returns
       VYRE_ERR_STATE naming the scanner. vyre_scanner_destroy detaches an
       open stream: its writes then fail and its close frees it with
       VYRE_ERR_STATE (held-back matches are lost; close streams first).
       Free functions without an object (vyre_result_str, vyre_version,
       vyre_literal_set_compile, vyre_*_backend_create) may run on any thread.

   BACKEND CONTRACT (>>backend, docs/backend-contract.md)
       Every backend is a vyre_backend_vtable: identity + device profile,
       borrowed dispatch of a named program, resident buffers (allocate,
       ranged/batched upload and download, device-side fill, free), resident
       dispatch with wall/device/enqueue/wait timing, sequences of uploads,
       fills, dispatches and downloads with ONE synchronisation, repeated
       sequences (prefix + repeat_count x steps + reads; a default built from
       single dispatches whose timings sum where a backend has no native
       entry), telemetry
       (bytes each way, launches, syncs, live resident bytes), lifecycle
       (prepare, flush, shutdown, device_lost, try_recover), and an optional
       native literal scanner. A NULL entry is VYRE_ERR_UNSUPPORTED naming the
       feature and the backend, except prepare, flush and shutdown: a NULL
       lifecycle hook is a successful no-op. Programs: vyre_lit_matches, vyre_lit_count,
       vyre_lit_presence (>>programs), byte-identical on every backend.

   LIMITS (each is a clear error naming the value and the limit)
       patterns per set        VYRE_MAX_PATTERNS (default, desc can lower)
       pattern length          1 .. VYRE_MAX_PATTERN_LEN bytes
       DFA size                vyre_compile_desc.max_dfa_bytes (default 1 GiB; DFA form only)
       BIG-form tables         vyre_compile_desc.max_table_bytes (default 4 GiB; >>big-layout)
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
#    if defined(__GNUC__) || defined(__clang__)
#      define VYREDEF static __attribute__((unused))
#    else
#      define VYREDEF static
#    endif
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
    VYRE_PENDING = 2,                       /* a polled engine job has not completed yet; not an error (>>engine) */

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
    VYRE_ERR_TABLES_TOO_LARGE = -109,       /* the large-set tables (>>big-layout) would exceed max_table_bytes */
    VYRE_ERR_REGEX_SYNTAX = -120,           /* a malformed regex; pattern_index and offset say where */
    VYRE_ERR_REGEX_UNSUPPORTED = -121,      /* a regex construct vyre does not support (named, with its offset) */
    VYRE_ERR_REGEX_TOO_LARGE = -122,        /* a regex or regex set over a compile limit (named) */
    VYRE_ERR_RULES_SYNTAX = -130,           /* a rule file that is not valid TOML (line in offset) (>>rules) */
    VYRE_ERR_RULES_INVALID = -131,          /* a rule file gitleaks rejects (rule in pattern_index, line in offset) */
    VYRE_ERR_RULES_UNSUPPORTED = -132,      /* a rule-file feature vyre does not implement ([extend] url, inline tables) */

    /* -2xx: capacities and sizes */
    VYRE_ERR_MATCH_CAPACITY = -200,         /* more matches than the output capacity; the count needed is reported */
    VYRE_ERR_REGION_CAPACITY = -201,        /* more regions than the session's max_regions */
    VYRE_ERR_HAYSTACK_CAPACITY = -202,      /* haystack larger than the session's resident capacity */
    VYRE_ERR_OUTPUT_TOO_SMALL = -203,       /* a caller output array (bitmap words...) is too small */
    VYRE_ERR_OUT_OF_RANGE = -204,           /* a buffer offset/length outside the buffer */
    VYRE_ERR_RING_FULL = -205,              /* a work ring (or the engine's job slots) is full; retry after a claim (>>ring) */

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
    VYRE_ERR_BACKEND_OUTPUT = -409,         /* a backend returned an impossible result: a duplicated or out-of-range
                                               match record (a backend bug, reported instead of printed) */
    VYRE_ERR_TIMEOUT = -410,                /* a bounded wait expired (the device or a consumer did not answer in time) */

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
   `fix` is one sentence that starts with "Fix:". Both are NUL-terminated.
   The culprit, where an error has one (hs_compile_error's `expression`):
   pattern_index is the index of the pattern that failed to compile and
   offset the byte offset inside it (VYRE_ERROR_NO_PATTERN / VYRE_ERROR_NO_OFFSET
   when the error has none). Every vyre_set_error resets both to "none". */
#define VYRE_ERROR_NO_PATTERN UINT32_MAX
#define VYRE_ERROR_NO_OFFSET UINT64_MAX
typedef struct vyre_error {
    vyre_result code;
    char message[512];
    char fix[256];
    uint32_t pattern_index;
    uint64_t offset;
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
/* >>pattern-set                                                         */
/* ==================================================================== */
/* A compiled pattern set: one opaque type for every engine, with a kind.
   Each kind has its own compiler (vyre_literal_set_compile for literals;
   the regular-expression engine will add its own) and produces a
   vyre_pattern_set. Scanners, streams, region scans, callbacks and sessions
   take any kind: they ask the kind's engine table (vyre.h >>engines, in the
   implementation; docs/architecture.md) how many history bytes a chunk join
   needs, where a match starts, how to scan on the CPU and which programs run
   it on a GPU, and never read a kind's fields.
   Adding a kind: a new VYRE_SET_* value, one vyre__engine_ops table filled
   in its own chapter (>>lit-* is the model), its compiler; nothing in >>scan
   or >>sessions changes. */
typedef struct vyre_pattern_set vyre_pattern_set;
typedef enum vyre_set_kind {
    VYRE_SET_LITERAL = 1,                  /* literal byte strings (>>lit-layout, >>lit-compile, >>lit-cpu) */
    VYRE_SET_REGEX = 2,                    /* regular expressions (vyre_regex_set_as_pattern_set; >>re-*, >>re-engine) */
    VYRE_SET_KIND_FORCE_I32 = 0x7FFFFFFF
} vyre_set_kind;
/* The kind of a set; 0 for NULL. */
VYREDEF vyre_set_kind vyre_pattern_set_kind(const vyre_pattern_set *set);
/* Pattern ids are 0 .. count-1; 0 for NULL. */
VYREDEF uint32_t vyre_pattern_set_count(const vyre_pattern_set *set);
/* The kind's name ("literal"), "(null)" for NULL. */
VYREDEF const char *vyre_pattern_set_kind_name(const vyre_pattern_set *set);
/* Frees a set of any kind. NULL is allowed. */
VYREDEF void vyre_pattern_set_free(vyre_pattern_set *set);

/* ==================================================================== */
/* >>literal-set  (>>lit-layout: the tables; >>lit-compile, >>lit-cpu in >>impl) */
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
    uint32_t form;                         /* vyre_lit_form: VYRE_LIT_FORM_AUTO (0, default) picks per set */
    uint64_t max_table_bytes;              /* large form (>>big-layout) table budget; default 4 GiB */
} vyre_compile_desc;

/* The two forms of a compiled literal set (docs/large-sets.md).
   DFA: the Aho-Corasick DFA plus filters (>>lit-layout): fastest for small
        sets, size grows with automaton states (256 x 4 bytes per state).
   BIG: hashed pieces (>>big-layout): size grows with the pattern bytes, no
        automaton; for large sets.
   AUTO (default) builds the DFA when it fits max_dfa_bytes and the BIG form
   when it does not (every backend runs both; GPU kernels >>kernels-big), so no set hits VYRE_ERR_DFA_TOO_LARGE unless the DFA is
   forced; vyre_literal_set_info.form says which. Force BIG for large sets
   scanned on the CPU (rand10k: 0.7-0.9x Hyperscan BIG, 0.19x DFA). */
typedef enum vyre_lit_form {
    VYRE_LIT_FORM_AUTO = 0,
    VYRE_LIT_FORM_DFA = 1,
    VYRE_LIT_FORM_BIG = 2,
    VYRE_LIT_FORM_FORCE_I32 = 0x7FFFFFFF
} vyre_lit_form;
#ifndef VYRE_BIG_AUTO_STATE_RATIO
#define VYRE_BIG_AUTO_STATE_RATIO 8u       /* AUTO skips the DFA attempt when pattern bytes > 8 x the budget's states */
#endif

/* An immutable compiled literal set: a vyre_pattern_set (>>pattern-set) of
   kind VYRE_SET_LITERAL. It is the same C type as vyre_pattern_set, so every
   function that takes a pattern set (scanners, streams, sessions) takes it
   without a cast. Share it between threads and backends. */
typedef vyre_pattern_set vyre_literal_set;

/* Compile `count` literals. Pattern ids are the indices 0..count-1.
   Errors: VYRE_ERR_EMPTY_SET, VYRE_ERR_EMPTY_PATTERN (names the index),
   VYRE_ERR_TOO_MANY_PATTERNS, VYRE_ERR_PATTERN_TOO_LONG,
   VYRE_ERR_DFA_TOO_LARGE (names states and budget), VYRE_ERR_INVALID_ARGUMENT
   (unknown flag bits), VYRE_ERR_OUT_OF_MEMORY, VYRE_ERR_BAD_ALLOCATOR.
   Thread safety: any thread. */
VYREDEF vyre_result vyre_literal_set_compile(const vyre_literal *lits, size_t count,
                                             const vyre_compile_desc *desc,
                                             vyre_literal_set **out, vyre_error *err);
/* Same as vyre_pattern_set_free (any kind). NULL is allowed. */
VYREDEF void vyre_literal_set_free(vyre_literal_set *set);

typedef struct vyre_literal_set_info {
    uint32_t pattern_count;
    uint32_t state_count;                  /* Aho-Corasick DFA states */
    uint32_t min_len, max_len;             /* shortest / longest pattern, bytes */
    uint64_t table_bytes;                  /* all tables together */
    uint64_t dfa_bytes;                    /* the transition table alone (0 in the BIG form) */
    uint32_t form;                         /* vyre_lit_form the compiler chose: DFA or BIG */
} vyre_literal_set_info;
VYREDEF vyre_result vyre_literal_set_get_info(const vyre_literal_set *set, vyre_literal_set_info *out);
/* The bytes, length and flags of pattern `id` (as given to compile). */
VYREDEF vyre_result vyre_literal_set_pattern(const vyre_literal_set *set, uint32_t id,
                                             const uint8_t **bytes, size_t *len, uint32_t *flags);

/* --- >>lit-layout: the table layout (what every backend's kernels read) ---
   The vyre_literal_set_* functions below check the set's kind: a set of
   another kind is VYRE_ERR_INVALID_ARGUMENT (or 0 / NULL results).
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
    VYRE_LT_Q4,                /* u32[1 << q4_bits]: suffix filter, see "Q4" below */
    VYRE_LT_KEY_FILTER,        /* u32[]: bucket-key filters of large sets, see "Key filter" below */
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
    VYRE_LP_Q4_BITS,           /* log2 of the Q4 table's word count, 10..15 */
    VYRE_LP_LONG_KINDS,        /* bits 0, 1, 2: some pattern of length >= 3 is filed under key kind 3, 4, 8 ("Bucket keys") */
    VYRE_LP_KF_BITS,           /* log2 of each key filter's bit count, 17..23; 0 = no key filter ("Key filter") */
    VYRE_LP_COUNT = 10
};

/* Bucket keys: a pattern of length len is filed under key = (k << 24) | v:
     len 1..2: k = len, v = its folded bytes, big-endian;
     len 3, and every len >= 3 in sets of fewer than VYRE_LIT_WIDE_KEYS_MIN
               patterns: k = 3, v = its last 3 folded bytes, big-endian
               (a<<16 | b<<8 | c);
     len 4..7 in larger sets: k = 4, v = VYRE_KEY4_HASH(w4);
     len >= 8 in larger sets: k = 8, v = VYRE_KEY8_HASH(w8, w4);
   where w4 = the last 4 folded bytes as a little-endian u32 (the last byte
   in bits 24..31) and w8 = the 4 folded bytes before those, the same way.
   In a large set a key covers 4 or 8 bytes, so a bucket lists only patterns
   that share their last 4 (8) bytes, or whose 24-bit hashes collide, not the
   ~100 that can share a 3-byte suffix; a small set keeps one probe per
   candidate. LONG_KINDS says which of k = 3, 4, 8 occur. Every entry is
   confirmed over all its bytes. Slot = VYRE_BUCKET_HASH(key) & bucket_mask,
   linear probing until an empty slot. */
#define VYRE_LIT_WIDE_KEYS_MIN 1024u
#define VYRE_KEY4_HASH(w4) ((uint32_t)((uint32_t)(w4) * 0x9E3779B1u) >> 8)
#define VYRE_KEY8_HASH(w8, w4) ((uint32_t)(((uint32_t)(w8) * 0x85EBCA6Bu) ^ ((uint32_t)(w4) * 0x9E3779B1u)) >> 8)
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
   Q4, a sharper filter for patterns of length >= 3 (one lookup per position):
     k3 = fold(h[i-2]) | fold(h[i-1]) << 8 | fold(h[i]) << 16,
     w = Q4[(k3 * 0x9E3779B1) >> (32 - q4_bits)];
     a 3-byte pattern sets bit 0 of its word, a longer one bit (fold(its 4th-last
     byte) & 31); position i passes iff w & (1 | (i-3 >= lo ? 1 << (fold(h[i-3]) & 31) : 0)).
   A candidate is confirmed through the buckets: for k = 1, 2 whose KEY_KINDS
   bit is set, and for k = 3, 4, 8 whose LONG_KINDS bit is set (and enough
   bytes exist before i: k - 1), look up key(k), and compare each listed
   pattern ending at i (folded compare for caseless patterns, exact for the
   others). */
#define VYRE_Q4_HASH(k3, q4_bits) ((uint32_t)((uint32_t)(k3) * 0x9E3779B1u) >> (32u - (q4_bits)))
/* Key filter (KEY_FILTER, sets of >= VYRE_LIT_WIDE_KEYS_MIN patterns with a
   pattern of length >= 3; KF_BITS = 0 and one zero word otherwise): bit
   tables over the hashes of the wide bucket keys, a sharper superset than Q4
   where patterns share 3-byte suffixes (rand10k: Q4 passes 42.6% of
   positions, these 4.5%). With w4, w8 at end position i as in "Bucket keys",
       h4 = w4 * 0x9E3779B1,   h8 = (w8 * 0x85EBCA6B) ^ h4,   F = KF_BITS,
   f4 holds bit h4 >> (32 - F) of every pattern of length 4..7 and of every
   3-byte pattern under all 256 folded bytes before it; f8 holds bit
   h8 >> (32 - F) of every pattern of length >= 8. A long pattern can end at
   i only if f4 bit h4 >> (32 - F) or f8 bit h8 >> (32 - F) is set (a byte
   before the haystack may be read as anything: the 3-byte entries cover all
   256, longer patterns need real bytes). Words, W = 1 << (F - 5):
     [0, 4096)            the fold: word j ORs words j*n .. j*n + n - 1 of f4
                          and of f8 (n = W / 4096). Test: bit (h >> (32 - F)) & 31
                          of word h >> 20, for h = h4 and h = h8 (a superset of
                          both tables: 16 KiB, which the GPU kernels keep in
                          shared memory in place of the folded Q4)
     [4096, 4096 + W)     f4, if LONG_KINDS & 3
     then W words         f8, if LONG_KINDS & 4
   F = log2(64 x entries) clamped to 17..23 (an entry: a pattern of length
   >= 4, or 256 per 3-byte pattern): about 1.5% of the bits set; rand10k:
   F = 20, 128 KiB per table (fits L2 with room; the fold fits shared memory). */
#define VYRE_KF_FOLD_WORDS 4096u

/* Read-only view of one table. Valid while the set lives. */
VYREDEF vyre_result vyre_literal_set_table(const vyre_literal_set *set, vyre_lit_table id,
                                           const void **data, size_t *bytes);

/* The BIG form's tables (>>big-layout; what the vyre_big_* programs bind).
   A set in the BIG form has no DFA: vyre_literal_set_table answers only
   PATTERN_LENGTHS, PATTERN_FLAGS and PARAMS for it; these are its kernels' tables.
     VYRE_BT_HEAD      u32[VYRE_BH_WORDS]: the header below
     VYRE_BT_BLOB      u64[]: per class its filter, directory and pieces (offsets in the header)
     VYRE_BT_BYTES     u8[]: every pattern's bytes as given (not folded), concatenated
     VYRE_BT_OFFSETS   u32[patterns + 1]: pattern p is BYTES[off[p] .. off[p+1])
     VYRE_BT_FLAGS     u32[patterns]: VYRE_CASELESS
   Header: words VYRE_BH_* (pattern count, min/max length, presence words per
   row, used-class mask, class count, BYTES length), then per class c at
   VYRE_BH_CLASS0 + c * VYRE_BH_CLASS_WORDS: W, S, min_len, max_len, fbits,
   sbits, pieces, and the filter (u64 index into BLOB), directory (u32 index)
   and pieces (u64 index) offsets. A piece is 3 u64: key, check, id | (len |
   offset << 16) << 32 (>>big-layout describes the lookup). */
typedef enum vyre_big_table {
    VYRE_BT_HEAD = 0, VYRE_BT_BLOB, VYRE_BT_BYTES, VYRE_BT_OFFSETS, VYRE_BT_FLAGS,
    VYRE_BT_COUNT, VYRE_BT_FORCE_I32 = 0x7FFFFFFF
} vyre_big_table;
enum {
    VYRE_BH_PATTERN_COUNT = 0, VYRE_BH_MIN_LEN, VYRE_BH_MAX_LEN, VYRE_BH_WORDS_PER_ROW, VYRE_BH_USED,
    VYRE_BH_CLASSES, VYRE_BH_BYTES_LEN, VYRE_BH_CLASS0 = 8,
    VYRE_BH_C_W = 0, VYRE_BH_C_S, VYRE_BH_C_MIN, VYRE_BH_C_MAX, VYRE_BH_C_FBITS, VYRE_BH_C_SBITS, VYRE_BH_C_PIECES,
    VYRE_BH_C_FILTER, VYRE_BH_C_DIR, VYRE_BH_C_ENT, VYRE_BH_CLASS_WORDS = 12,
    VYRE_BH_WORDS = 8 + 7 * 12
};
/* Read-only view of one BIG-form table; VYRE_ERR_INVALID_ARGUMENT for a set in the DFA form. */
VYREDEF vyre_result vyre_literal_set_big_table(const vyre_literal_set *set, vyre_big_table id, const void **data, size_t *bytes);

/* Serialization: versioned, checksummed. A set in the DFA form stores its
   patterns (format 1) and loading recompiles; a set in the BIG form stores
   its tables as they are used (format 3, docs/large-sets.md) and loading
   copies them after checking the patterns and the layout (10^6 literals:
   docs/PERF.md). A truncated or corrupted blob is an error (VYRE_ERR_SERIAL_*),
   never a crash. Loading a format-2 blob with desc->form = VYRE_LIT_FORM_DFA
   compiles the DFA from its patterns.
   vyre_literal_set_serialize with out == NULL reports the size needed. */
VYREDEF vyre_result vyre_literal_set_serialize(const vyre_literal_set *set, void *out, size_t cap,
                                               size_t *size, vyre_error *err);
VYREDEF vyre_result vyre_literal_set_deserialize(const void *data, size_t size,
                                                 const vyre_compile_desc *desc,
                                                 vyre_literal_set **out, vyre_error *err);
/* As vyre_literal_set_deserialize, but a format-2 (BIG form) blob's tables are
   used in place: `data` (8-byte aligned, e.g. an mmap of the file) must stay
   mapped and unchanged until vyre_literal_set_free. The patterns are still
   checked and copied (they are small next to the tables) and the checksum
   is still verified. Format-1 blobs and forced-DFA loads own everything, as
   with vyre_literal_set_deserialize. */
VYREDEF vyre_result vyre_literal_set_load(const void *data, size_t size, const vyre_compile_desc *desc,
                                          vyre_literal_set **out, vyre_error *err);

/* ==================================================================== */
/* >>regex         regular-expression sets (compiled out by VYRE_NO_REGEX) */
/* ==================================================================== */
#if !defined(VYRE_NO_REGEX) /* >>regex */
#define VYRE_HAS_REGEX 1
/* Syntax: the RE2 / Go regexp dialect, byte-oriented (docs/regex.md).
   Literals and escapes \t \n \r \f \v \a \xHH \x{HH} \0oo, escaped
   punctuation, \Q...\E; `.`; classes [...] with ranges, negation, escapes,
   [:alpha:]-style POSIX names; \d \w \s \D \W \S; anchors ^ $ \A \z; \b \B;
   groups ( ), (?: ), (?P<name> ) and (?<name> ); flags (?i) (?s) (?m) (?U)
   and their negations, for the rest of the group or scoped (?i: ); | ;
   * + ? {n} {n,} {n,m} and their lazy forms (counts up to
   vyre_regex_desc.max_repeat, default 1000). `\w`, `\b`, `\s` and case
   folding are ASCII; `.` is one byte other than \n; patterns and input are
   bytes (a byte >= 0x80 is itself). Backreferences, look-around, \p{..},
   possessive quantifiers, atomic groups, recursion and the like are
   VYRE_ERR_REGEX_UNSUPPORTED naming the construct and its byte offset; a
   malformed pattern is VYRE_ERR_REGEX_SYNTAX with the offset. Both set
   vyre_error.pattern_index and vyre_error.offset.

   Two match modes (per pattern; pattern_id = index in the compile array):
     VYRE_RE_ALL_MATCHES (default): every end offset at which some non-empty
       match ends, with the leftmost start of a match ending there (Hyperscan
       HS_FLAG_SOM_LEFTMOST). Empty matches are never reported.
     VYRE_RE_LEFTMOST_FIRST: non-overlapping leftmost-first matches exactly
       as Go's regexp FindAllIndex (and RE2 with longest_match false)
       produce them, empty matches and their rules included, with the byte
       span of every capture group.
   Results are sorted by (start, end, pattern_id). */
#define VYRE_RE_CASELESS  0x1u             /* (?i) for the whole pattern (== VYRE_CASELESS) */
#define VYRE_RE_DOTALL    0x2u             /* (?s) */
#define VYRE_RE_MULTILINE 0x4u             /* (?m) */
#define VYRE_RE_UNGREEDY  0x8u             /* (?U) */
#define VYRE_RE_MAX_REPEAT 100000u         /* hard cap on vyre_regex_desc.max_repeat */
#define VYRE_RE_UNBOUNDED UINT64_MAX       /* "no bound" for lengths and history */

typedef struct vyre_regex {
    const char *pattern;                   /* the bytes of the regex (need not be NUL-terminated) */
    size_t len;                            /* bytes; 0 means strlen(pattern) */
    uint32_t flags;                        /* VYRE_RE_* */
} vyre_regex;

/* Compile options and limits. Zero means default for every field; each
   limit is an error naming the pattern, the value and the limit. */
typedef struct vyre_regex_desc {
    uint32_t flags;                        /* OR'ed into every pattern's flags */
    uint32_t max_patterns;                 /* default VYRE_MAX_PATTERNS */
    uint32_t max_repeat;                   /* largest count in {n,m}; default 1000, at most VYRE_RE_MAX_REPEAT */
    uint32_t max_insts;                    /* program instructions per pattern; default 1 << 20 */
    uint32_t max_depth;                    /* group nesting depth; default 1000 */
    uint64_t max_program_bytes;            /* all programs and classes together; default 1 GiB */
    vyre_allocator allocator;
} vyre_regex_desc;

/* An immutable compiled regex set (programs, classes, literal factors and
   their literal prefilter). Share it between threads. */
typedef struct vyre_regex_set vyre_regex_set;

/* Errors: VYRE_ERR_EMPTY_SET, VYRE_ERR_TOO_MANY_PATTERNS, VYRE_ERR_REGEX_SYNTAX,
   VYRE_ERR_REGEX_UNSUPPORTED, VYRE_ERR_REGEX_TOO_LARGE, VYRE_ERR_INVALID_ARGUMENT
   (unknown flag bits, NULL pattern), VYRE_ERR_OUT_OF_MEMORY, VYRE_ERR_BAD_ALLOCATOR.
   Thread safety: any thread. */
VYREDEF vyre_result vyre_regex_set_compile(const vyre_regex *res, size_t count, const vyre_regex_desc *desc,
                                           vyre_regex_set **out, vyre_error *err);
VYREDEF void vyre_regex_set_free(vyre_regex_set *set);

typedef struct vyre_regex_set_info {
    uint32_t pattern_count;
    uint32_t prefiltered;                  /* patterns with literal factors (confirmed around candidates) */
    uint32_t factor_count;                 /* literal factors of all patterns */
    uint32_t max_groups;                   /* most capture groups of any pattern */
    uint64_t inst_count;                   /* program instructions, all patterns */
    uint64_t class_count;                  /* byte classes */
    uint64_t max_match_len;                /* longest possible match, or VYRE_RE_UNBOUNDED */
    uint64_t table_bytes;
} vyre_regex_set_info;
VYREDEF vyre_result vyre_regex_set_get_info(const vyre_regex_set *set, vyre_regex_set_info *out);

typedef struct vyre_regex_pattern_info {
    const char *pattern; size_t len;       /* as given (valid while the set lives) */
    uint32_t flags;                        /* as given, desc flags OR'ed in */
    uint32_t group_count;                  /* capture groups (group 0, the whole match, not counted) */
    uint64_t min_len, max_len;             /* match lengths; max_len may be VYRE_RE_UNBOUNDED */
    uint32_t factor_count;                 /* 0: no usable literal factor (whole-input scan) */
    uint32_t nullable;                     /* 1 if the pattern matches the empty string somewhere */
} vyre_regex_pattern_info;
VYREDEF vyre_result vyre_regex_set_pattern(const vyre_regex_set *set, uint32_t index, vyre_regex_pattern_info *out);
/* The literal factors of pattern `index`: every match contains one of them.
   Returns VYRE_OK with *count = 0 when the pattern has none. */
VYREDEF vyre_result vyre_regex_set_factors(const vyre_regex_set *set, uint32_t index, vyre_literal *out, size_t cap,
                                           size_t *count, vyre_error *err);
/* Name of capture group `group` (1-based) of pattern `index`, "" if unnamed, NULL if no such group. */
VYREDEF const char *vyre_regex_set_group_name(const vyre_regex_set *set, uint32_t index, uint32_t group);

/* Serialization: versioned, checksummed; stores the patterns and the
   options, loading validates and recompiles (a damaged blob is a
   VYRE_ERR_SERIAL_* error, never a crash). out == NULL reports the size. */
VYREDEF vyre_result vyre_regex_set_serialize(const vyre_regex_set *set, void *out, size_t cap, size_t *size, vyre_error *err);
VYREDEF vyre_result vyre_regex_set_deserialize(const void *data, size_t size, const vyre_allocator *allocator,
                                               vyre_regex_set **out, vyre_error *err);

typedef enum vyre_re_mode {
    VYRE_RE_ALL_MATCHES = 0,
    VYRE_RE_LEFTMOST_FIRST = 1,
    VYRE_RE_MODE_FORCE_I32 = 0x7FFFFFFF
} vyre_re_mode;

#define VYRE_RE_SCAN_GPU_EXPERIMENTAL 0x1u  /* vyre_regex_scan_backend: run the experimental GPU engine */
/* Scan options. Zero means default. */
typedef struct vyre_re_scan_desc {
    vyre_re_mode mode;                     /* default VYRE_RE_ALL_MATCHES */
    uint64_t max_scan_bytes;               /* 0: unbounded (exact). Otherwise the search from each start
                                              position looks at most this many bytes ahead: a match longer
                                              than the bound is DROPPED; work is
                                              O(len * max_scan_bytes). */
    uint32_t threads;                      /* reserved, 0 */
    uint32_t flags;                        /* 0, or VYRE_RE_SCAN_GPU_EXPERIMENTAL (vyre_regex_scan_backend only) */
} vyre_re_scan_desc;

/* A capture-group span; VYRE_RE_NO_SPAN in both fields when the group did not take part. */
typedef struct vyre_span { uint64_t start, end; } vyre_span;
#define VYRE_RE_NO_SPAN UINT64_MAX

typedef struct vyre_re_match {
    uint64_t start, end;                   /* [start, end) */
    uint32_t pattern_id;
    uint32_t group_count;                  /* LEFTMOST_FIRST: the pattern's capture groups; ALL_MATCHES: 0 */
    uint64_t groups;                       /* index of group 1's span in the groups array */
} vyre_re_match;

/* Return non-zero to stop (the scan then returns VYRE_STOPPED). `groups` holds m->group_count spans. */
typedef int (*vyre_re_match_cb)(const vyre_re_match *m, const vyre_span *groups, void *user);

/* Scan a buffer on the CPU (the reference engine). Matches go to out[0, cap)
   and group spans to groups[0, groups_cap), sorted. More than cap matches
   (or groups_cap spans) is VYRE_ERR_MATCH_CAPACITY (or VYRE_ERR_OUTPUT_TOO_SMALL)
   with *count / *groups_count = the numbers needed and nothing written:
   never a truncated list. groups may be NULL in ALL_MATCHES mode.
   Thread safety: any thread (scratch is per call). */
VYREDEF vyre_result vyre_regex_scan(const vyre_regex_set *set, const vyre_re_scan_desc *opts, const void *data, size_t len,
                                    vyre_re_match *out, size_t cap, size_t *count,
                                    vyre_span *groups, size_t groups_cap, size_t *groups_count, vyre_error *err);
/* The same matches, sorted, to a callback. */
VYREDEF vyre_result vyre_regex_scan_cb(const vyre_regex_set *set, const vyre_re_scan_desc *opts, const void *data, size_t len,
                                       vyre_re_match_cb cb, void *user, vyre_error *err);
/* Bytes of history a chunked scan must carry so that a match across a chunk
   join is found: the longest possible match minus one, or VYRE_RE_UNBOUNDED. */
VYREDEF uint64_t vyre_regex_set_history_bytes(const vyre_regex_set *set);

/* EXPERIMENTAL. The GPU regex engine (>>re-layout, >>re-gpu; kernels.inc
   >>kernels-nfa) on backend `b` (CUDA, OpenCL). Exact but slow: on the H200
   (CUDA and NVIDIA's OpenCL) it agrees with the CPU engine on the 221
   gitleaks rules, the hand-written and the random cases (tests/test_re_gpu.c,
   every case finishing since label mode), but it scans the gitleaks rules at
   1.5 GB/s (1 GiB of real files, docs/PERF.md, session 8: one work-item per
   task, three rules finished on the host), slower than the CPU engine or
   Hyperscan on 16 threads (6.5 GB/s), so it runs only with
   VYRE_RE_SCAN_GPU_EXPERIMENTAL in opts->flags; without it the call is
   VYRE_ERR_UNSUPPORTED. Meant to give the same matches as vyre_regex_scan_cb, sorted,
   to a callback. This one-shot call uploads the set's tables for itself; the
   resident rule session keeps them on the device across scans.
   Errors: VYRE_ERR_UNSUPPORTED (a backend without resident buffers or the
   program vyre_re_confirm - the CPU backend: use vyre_regex_scan),
   VYRE_ERR_REGEX_TOO_LARGE (a pattern over the GPU layout's 1024 states,
   pattern_index set), VYRE_ERR_HAYSTACK_CAPACITY (len >= 2^32 - 1), the
   backend's device errors, VYRE_ERR_OUT_OF_MEMORY. Returns VYRE_STOPPED if
   cb returned non-zero. Thread safety: as the backend (calls are serialised
   per backend). */
struct vyre_backend; /* >>backend */
VYREDEF vyre_result vyre_regex_scan_backend(struct vyre_backend *b, const vyre_regex_set *set, const vyre_re_scan_desc *opts,
                                            const void *data, size_t len, vyre_re_match_cb cb, void *user, vyre_error *err);

/* The regex set as a vyre_pattern_set (>>pattern-set) of kind
   VYRE_SET_REGEX, with its scan options fixed: everything that takes a
   pattern set then takes rule sets too (scanners: vyre_scan, vyre_scan_cb,
   vyre_scan_groups_cb, counts, region and presence scans, streams; the
   resident rule session vyre_rule_session_*; the ingest pipeline). Matches
   are exactly vyre_regex_scan's with the same opts (mode, max_scan_bytes).
     - The pattern set BORROWS `set` (no tables are copied; creating one is
       cheap): free it with vyre_pattern_set_free before the regex set. One
       regex set may back several pattern sets (e.g. one per mode).
     - Regions (vyre_scan_regions_cb, vyre_scan_presence, ingest batches)
       are separate texts: ^ \A \b see a region's first byte as the start
       of text and $ \z its last byte as the end, as if each file were
       scanned alone.
     - Streams: exact for VYRE_RE_ALL_MATCHES when the longest match is
       bounded (vyre_regex_set_history_bytes) or opts->max_scan_bytes bounds
       it (longer matches are dropped, as in vyre_regex_scan). Otherwise
       vyre_stream_open is VYRE_ERR_UNSUPPORTED naming the pattern, with
       the Fix. LEFTMOST_FIRST streams are VYRE_ERR_UNSUPPORTED.
     - Backends: the CPU backend runs the CPU engine (>>re-cpu) on the
       calling thread. A GPU backend runs the kind's programs when it sets
       VYRE_CAP_REGEX; one without it is VYRE_ERR_UNSUPPORTED at
       vyre_scanner_create / vyre_rule_session_create (never a CPU
       fallback).
   Errors: VYRE_ERR_INVALID_ARGUMENT (NULL, unknown mode, reserved fields),
   VYRE_ERR_OUT_OF_MEMORY. Thread safety: any thread; the pattern set is
   immutable and shareable like the regex set. */
VYREDEF vyre_result vyre_regex_set_as_pattern_set(const vyre_regex_set *set, const vyre_re_scan_desc *opts,
                                                  vyre_pattern_set **out, vyre_error *err);
/* The regex set behind a pattern set of kind VYRE_SET_REGEX (and its scan
   options into *opts when opts is not NULL); NULL for other kinds. */
VYREDEF const vyre_regex_set *vyre_pattern_set_regex(const vyre_pattern_set *set, vyre_re_scan_desc *opts);
#endif /* VYRE_NO_REGEX */

/* ==================================================================== */
/* >>rules         gitleaks rule files: load, scan (compiled out by VYRE_NO_RULES; needs >>regex) */
/* ==================================================================== */
#if !defined(VYRE_NO_RULES) && defined(VYRE_HAS_REGEX) /* >>rules */
#define VYRE_HAS_RULES 1
/* Secret scanning with gitleaks rule files (docs/rules.md). The loader reads
   the TOML subset gitleaks files use (tables, arrays of tables, basic /
   literal / multi-line strings, arrays, integers, floats, booleans,
   comments; no inline tables, no dates) with its own strict reader, and
   gitleaks' format: [[rules]] id, description, regex, secretGroup, entropy,
   keywords, path, tags; [[rules.allowlists]] and the older [rules.allowlist]
   (regexes, regexTarget, stopwords, paths, commits, condition); global
   [allowlist] / [[allowlists]] (targetRules); [extend] useDefault / path /
   disabledRules; composite rules: [[rules.required]] (id, withinLines,
   withinColumns) and skipReport. Keys match case-insensitively (viper).
   Unknown keys are errors (gitleaks ignores them). Every error names the
   line of the file, the rule id and the key, with a Fix:.
   Detection follows gitleaks' detect/detect.go in files mode (one fragment
   per buffer), with its decoding passes (detect/codec: percent, unicode,
   hex, base64) up to vyre_rules_desc.max_decode_depth; docs/rules.md lists
   the differences. */
typedef struct vyre_rules vyre_rules;

/* Reads a file named by [extend] path; returns 0 and a buffer from the
   allocator (freed by the loader) or non-zero on failure. */
typedef int (*vyre_rules_read_fn)(const char *path, void **data, size_t *len, void *user);

typedef struct vyre_rules_desc {
    const char *default_text;              /* the rules [extend] useDefault = true extends (patterns/gitleaks.toml); NULL: useDefault is an error */
    size_t default_len;
    vyre_rules_read_fn read_file;          /* default: stdio (fopen) */
    void *read_user;
    const char *config_path;               /* the file's own path: gitleaks skips scanning it */
    uint32_t max_decode_depth;             /* gitleaks' --max-decode-depth: decoding passes after the first scan;
                                              0: none (gitleaks' library default), VYRE_RULES_GITLEAKS_DECODE_DEPTH: its CLI default */
    uint32_t confirm_set_min;              /* the shared confirm scan (vyre_rules_scan, step 2) runs on a pass where at least
                                              this many keyword-selected rules have a regex; 0: VYRE_RULES_CONFIRM_SET_MIN;
                                              UINT32_MAX: never (one regex scan per selected rule). Findings are the same either way. */
    vyre_allocator allocator;
} vyre_rules_desc;
#define VYRE_RULES_CONFIRM_SET_MIN 8u
#define VYRE_RULES_GITLEAKS_DECODE_DEPTH 5u

/* Errors: VYRE_ERR_RULES_SYNTAX (TOML), VYRE_ERR_RULES_INVALID (what gitleaks
   rejects), VYRE_ERR_RULES_UNSUPPORTED ([extend] url, inline tables),
   VYRE_ERR_REGEX_* (a rule's regex; the message names the rule), VYRE_ERR_IO,
   VYRE_ERR_OUT_OF_MEMORY. err->offset is the 1-based line, pattern_index the rule. */
VYREDEF vyre_result vyre_rules_load_gitleaks(const char *text, size_t len, const vyre_rules_desc *desc,
                                             vyre_rules **out, vyre_error *err);
VYREDEF void vyre_rules_free(vyre_rules *rules);
VYREDEF uint32_t vyre_rules_count(const vyre_rules *rules);

typedef struct vyre_rule_info {
    const char *id, *description;
    const char *regex, *path;              /* NULL when absent */
    uint32_t secret_group;
    double entropy;                        /* 0: no entropy check */
    uint32_t keyword_count, tag_count, allowlist_count;
    const char *const *keywords;           /* lower-cased */
    const char *const *tags;
    uint32_t required_count;               /* [[rules.required]] entries (a composite rule) */
    uint32_t skip_report;                  /* 1: skipReport = true (reported only as a required finding) */
} vyre_rule_info;
VYREDEF vyre_result vyre_rules_rule(const vyre_rules *rules, uint32_t index, vyre_rule_info *out);

/* One finding, gitleaks' conventions: lines 1-based; columns as gitleaks'
   location() computes them (1-based on the first line; on later lines
   counted from the preceding '\n', so one more than the usual column).
   A finding in decoded text (decode_depth > 0) is located where gitleaks
   puts it: start/end are the original bytes its match maps back to (the
   whole encoded segment when the match lies inside one); its Match and
   Secret are decoded text (match, secret). */
#define VYRE_RULES_DECODED_PERCENT 0x1u    /* gitleaks' tag "decoded:percent" */
#define VYRE_RULES_DECODED_UNICODE 0x2u    /* "decoded:unicode" */
#define VYRE_RULES_DECODED_HEX     0x4u    /* "decoded:hex" */
#define VYRE_RULES_DECODED_BASE64  0x8u    /* "decoded:base64" */
typedef struct vyre_rules_finding {
    uint32_t rule;                         /* index for vyre_rules_rule */
    uint32_t path_only;                    /* 1: a path rule; Match is "file detected: PATH" */
    uint64_t start, end;                   /* the Match bytes [start, end) of the scanned buffer (decoded: the original range) */
    uint64_t secret_start, secret_end;     /* the Secret bytes (decoded: = start, end) */
    uint64_t line_start, line_end;         /* the Line gitleaks checks for gitleaks:allow */
    uint64_t start_line, end_line, start_column, end_column;
    double entropy;                        /* Shannon entropy of the secret (bits per rune) */
    const uint8_t *match, *secret;         /* gitleaks' Match and Secret text; valid during the callback */
    size_t match_len, secret_len;
    uint32_t decode_depth;                 /* 0: in the bytes as given; N: found after N decoding passes ("decode-depth:N") */
    uint32_t decoded;                      /* VYRE_RULES_DECODED_* of the segments the match overlaps (tags, in this bit order) */
    uint32_t required_count;               /* a composite rule's finding: its required findings (gitleaks' RequiredFinding) */
    const struct vyre_rules_finding *required;
} vyre_rules_finding;
typedef int (*vyre_rules_finding_cb)(const vyre_rules_finding *f, void *user);

/* Scan one buffer (one file; path may be NULL or "") and deliver its
   findings, sorted by (start, rule), after gitleaks' generic-rule dedupe.
   Pipeline: 1. keyword prefilter (one caseless literal set of all keywords,
   the literal engine), 2. per selected rule, regex confirmation on the CPU
   regex engine (vyre__rules_confirm: the step a GPU path replaces); when
   at least vyre_rules_desc.confirm_set_min selected rules have a regex, one
   leftmost-first scan of the set of every rule's regex (compiled once at
   load) gives each rule its matches in one pass over the text instead of
   one pass per rule (a pattern's matches in a set are its matches alone),
   3. secret, entropy, allowlists, stopwords, composite rules on the host;
   4. up to max_decode_depth decoding passes (gitleaks' codec), each
   rescanning the decoded text; findings must overlap a decoded segment.
   Thread safety: any thread; the rules object is immutable. */
VYREDEF vyre_result vyre_rules_scan(const vyre_rules *rules, const void *data, size_t len, const char *path,
                                    vyre_rules_finding_cb cb, void *user, vyre_error *err);
/* gitleaks' shannonEntropy (runes of UTF-8, invalid bytes each U+FFFD; terms summed in rune order). */
VYREDEF double vyre_rules_entropy(const void *data, size_t len);
#endif /* VYRE_NO_RULES */


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
#define VYRE_CAP_PERSISTENT    0x80u  /* persistent engine consumers (engine_* entries, >>engine) */
#define VYRE_CAP_REGEX         0x100u /* runs the regex kind's GPU programs (kernels.inc >>kernels-nfa) */
#define VYRE_CAP_REPEAT        0x200u /* native repeated sequences (sequence_repeat entry): one synchronisation */

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

/* A repeated sequence (seed 004's fixed-point hot path; vyre_sequence_repeat):
   the `prefix` dispatches once, then the `steps` dispatches `repeat_count`
   times, in order, then the `reads` (VYRE_OP_DOWNLOAD ops into caller
   memory). A native entry (VYRE_CAP_REPEAT) runs the whole chain with ONE
   host synchronisation and prepares each step once, however large
   repeat_count is: a repeated kernel group costs no host op per iteration. */
typedef struct vyre_repeat {
    const vyre_dispatch *prefix;     /* run once, first */
    size_t prefix_count;
    const vyre_dispatch *steps;      /* run repeat_count times, after the prefix */
    size_t step_count;
    uint32_t repeat_count;           /* 0: the prefix and the reads only */
    const vyre_op *reads;            /* kind VYRE_OP_DOWNLOAD, after the last step */
    size_t read_count;
} vyre_repeat;

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

struct vyre_engine_plan; /* >>engine */

/* The vtable. `self` is the backend's private state. Every entry that can
   fail returns a vyre_result and fills `err` (which may be NULL). */
struct vyre_kernel_info; /* below: vyre_backend_kernel_info */
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
    vyre_result (*prepare)(void *self, vyre_error *err);             /* warm up: build the literal kernel family, etc.
                                                                        (other families build on first use) */
    vyre_result (*flush)(void *self, vyre_error *err);               /* wait for all queued work */
    vyre_result (*shutdown)(void *self, vyre_error *err);            /* release device resources; backend unusable after */
    int (*device_lost)(void *self);                                  /* non-zero if the device was lost */
    vyre_result (*try_recover)(void *self, vyre_error *err);
    void (*destroy)(void *self);                                     /* required: free `self` */

    /* optional native literal scanner */
    vyre_result (*lit_open)(void *self, const vyre_literal_set *set, size_t max_chunk, void **state, vyre_error *err);
    vyre_result (*lit_scan)(void *self, void *state, const vyre_lit_request *req, vyre_lit_result *res, vyre_error *err);
    void (*lit_close)(void *self, void *state);

    /* host staging memory (added last): the backend's best host memory for
       input it will scan (page-locked on CUDA, so copies are direct DMA).
       Both NULL = plain memory from the backend's allocator. Set both or
       neither. host_free(NULL) is a no-op. */
    vyre_result (*host_alloc)(void *self, size_t bytes, void **out, vyre_error *err);
    void (*host_free)(void *self, void *p);
    /* optional persistent consumers for the engine (VYRE_CAP_PERSISTENT; >>engine documents the protocol) */
    vyre_result (*engine_open)(void *self, const struct vyre_engine_plan *plan, void **block, void **state, vyre_error *err);
    vyre_result (*engine_start)(void *self, void *state, vyre_error *err);
    void (*engine_kick)(void *self, void *state);
    vyre_result (*engine_close)(void *self, void *state, vyre_error *err);
    /* optional native repeated sequence (VYRE_CAP_REPEAT; vyre_sequence_repeat documents it).
       NULL: vyre_sequence_repeat runs the default, built from single dispatch_resident calls */
    vyre_result (*sequence_repeat)(void *self, const vyre_repeat *rep, vyre_timing *timing, vyre_error *err);
    /* optional: what the backend's kernel builds did (vyre_backend_kernel_info); NULL = it builds none */
    vyre_result (*kernel_info)(void *self, struct vyre_kernel_info *out, vyre_error *err);
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

/* What a GPU backend's kernel builds did, the same fields on every backend
   that compiles kernels.inc (CUDA: NVRTC + cubin; OpenCL: clBuildProgram),
   through the kit's disk cache (>>backend-kit: one layout, one hash, 0700).
   The "first build" is the literal family (VYRE_KERNELS_LIT): CUDA builds it
   in vyre_cuda_backend_create, OpenCL in vyre_backend_prepare or on the
   first literal program. For cold-start questions ("did this process
   compile, or load from the cache?"); the backend-specific structs
   (vyre_cuda_module_info, vyre_ocl_info) say more. */
typedef struct vyre_kernel_info {
    uint32_t families;          /* VYRE_KERNELS_* families built so far (0: none yet) */
    uint32_t lazy_builds;       /* families built after the first (compiled or loaded) */
    int from_disk_cache;        /* 1: the first build was loaded from the disk cache (no compile) */
    int cache_rejected;         /* 1: its cache entry existed but was corrupt or for another key, and was rebuilt */
    uint64_t build_ns;          /* host time of the first build (the compile, or the load) */
    char cache_path[512];       /* its cache entry's file, "" when the disk cache is off */
} vyre_kernel_info;
/* VYRE_ERR_UNSUPPORTED for a backend that builds no kernels (the CPU
   backend, wrappers without the entry); VYRE_ERR_INVALID_ARGUMENT for NULL. */
VYREDEF vyre_result vyre_backend_kernel_info(vyre_backend *b, vyre_kernel_info *out, vyre_error *err);

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
/* Repeated sequence (vyre_repeat). Checked before anything runs: a NULL
   array with a count, a dispatch without a program or buffers, a read that
   is not VYRE_OP_DOWNLOAD or has no destination (VYRE_ERR_INVALID_ARGUMENT
   naming the entry). A native entry (VYRE_CAP_REPEAT: CPU, CUDA) also checks
   every handle, program and range first (BAD_HANDLE, BAD_PROGRAM,
   OUT_OF_RANGE with nothing run) and synchronises once. On any error every
   read destination is cleared: no partial output.
   Timing: native: the whole chain, measured once (device_ns from the device
   timer where the backend has one). The default (a NULL sequence_repeat
   entry, and vyre_sequence_repeat_default on any backend) is seed 004's:
   each dispatch through dispatch_resident, in order, then the reads through
   download_many (or download); device_ns, enqueue_ns and wait_ns are the
   sums of the single dispatches' timings (VYRE_TIME_UNKNOWN when any of
   them does not measure it; 0 with no dispatch; a sum that does not fit
   below VYRE_TIME_UNKNOWN is VYRE_ERR_OVERFLOW, never clamped); wall_ns is
   the host clock around the call. The default synchronises per dispatch,
   and a dispatch that fails stops it with the device effects of the
   dispatches before it in place (the reads are then not done). It needs
   dispatch_resident (and download_many or download when read_count > 0):
   else VYRE_ERR_UNSUPPORTED naming the backend. */
VYREDEF vyre_result vyre_sequence_repeat(vyre_backend *b, const vyre_repeat *rep, vyre_timing *timing, vyre_error *err);
VYREDEF vyre_result vyre_sequence_repeat_default(vyre_backend *b, const vyre_repeat *rep, vyre_timing *timing,
                                                 vyre_error *err);
VYREDEF vyre_result vyre_backend_telemetry(vyre_backend *b, vyre_telemetry *out, vyre_error *err);
VYREDEF vyre_result vyre_backend_telemetry_reset(vyre_backend *b, vyre_error *err);
VYREDEF vyre_result vyre_backend_prepare(vyre_backend *b, vyre_error *err);
VYREDEF vyre_result vyre_backend_flush(vyre_backend *b, vyre_error *err);
VYREDEF vyre_result vyre_backend_shutdown(vyre_backend *b, vyre_error *err);
VYREDEF int vyre_backend_device_lost(vyre_backend *b);
VYREDEF vyre_result vyre_backend_try_recover(vyre_backend *b, vyre_error *err);

/* Host staging memory for input to scan on `b` (vtable host_alloc): page-
   locked on CUDA, a mapped CL_MEM_ALLOC_HOST_PTR buffer on OpenCL (pinned by
   the driver), plain memory on the CPU backend (and on any backend whose
   entries are NULL). Page-locking costs time (about 0.5 ms per MiB on the
   H200 machine): allocate staging once and reuse it. At least `bytes` (1 for 0). Free it with
   vyre_host_free on the same backend, before the backend is destroyed.
   Errors: VYRE_ERR_OUT_OF_MEMORY, the backend's device errors. */
VYREDEF vyre_result vyre_host_alloc(vyre_backend *b, size_t bytes, void **out, vyre_error *err);
VYREDEF void vyre_host_free(vyre_backend *b, void *p);

/* Monotonic host clock in nanoseconds (for timings). */
VYREDEF uint64_t vyre_now_ns(void);

/* --- >>programs: the named kernels every backend implements -------------
   Bindings are resident buffers in this order; the 16 literal-set tables
   (VYRE_LT_*) are bindings 1..16 in vyre_lit_table order (VYRE_LIT_BINDING_*).

   VYRE_PROGRAM_LIT_MATCHES "vyre_lit_matches"
     buffers: 0 haystack (u8, >= hay_len bytes rounded up to 16),
              1..16 tables, 17 counter (u32[2], must arrive zeroed),
              18 matches (vyre_raw_match[match_cap])
     scalars: 0 hay_len, 1 context_len, 2 match_cap
     For every match wholly inside [0, hay_len) with end > context_len:
     slot = counter[0]++ (atomic); if slot < match_cap, matches[slot] =
     {pattern_id, end}. counter[0] ends as the total (saturating at
     0xFFFFFFFF, counter[1] set to 1 on saturation). Order is unspecified.

   VYRE_PROGRAM_LIT_COUNT "vyre_lit_count"
     buffers: 0 haystack, 1..16 tables, 17 counter (u64, must arrive zeroed)
     scalars: 0 hay_len, 1 context_len
     counter += number of matches as above.

   VYRE_PROGRAM_LIT_PRESENCE "vyre_lit_presence"
     buffers: 0 haystack, 1..16 tables, 17 region_starts (u32[max_regions],
              unused tail padded with 0xFFFFFFFF), 18 presence
              (u32[region_count * words_per_row], OR-accumulated: must
              arrive zeroed over the used prefix)
     scalars: 0 hay_len, 1 region_count, 2 region_base, 3 regions_end
     A match [s, e) of pattern p sets bit p of row r iff region r =
     [starts[r], next) contains [s + region_base, e + region_base), where
     next = starts[r+1] for r < region_count-1 and regions_end for the last. */
#define VYRE_PROGRAM_LIT_MATCHES "vyre_lit_matches"
#define VYRE_PROGRAM_LIT_COUNT "vyre_lit_count"
#define VYRE_PROGRAM_LIT_PRESENCE "vyre_lit_presence"
/* Kernel variants of the three literal programs (GPU backends; same bindings,
   scalars and results): a dispatch whose KEY_FILTER binding (VYRE_LIT_BINDING_TABLE0
   + VYRE_LT_KEY_FILTER) holds at least VYRE_LIT_KF_MIN_BYTES - the set has the
   key filter (>>lit-layout "Key filter"; sets of >= VYRE_LIT_WIDE_KEYS_MIN
   patterns) - runs vyre_lit_matches_kf / _count_kf / _presence_kf
   (VYRE_LIT_KF_KERNEL(mode)), which filter with it instead of Q4. Every other
   set runs the plain kernels, whose code (and registers: scripts/ptx_regs.sh)
   the key filter leaves as it was. A _kf kernel given a set without the key
   filter (KF_BITS = 0) passes every position to the buckets: slower, correct. */
#define VYRE_LIT_KF_MIN_BYTES (4u * VYRE_KF_FOLD_WORDS)
#define VYRE_LIT_KF_KERNEL(mode) \
    ((mode) == 1u ? "vyre_lit_matches_kf" : (mode) == 2u ? "vyre_lit_count_kf" : "vyre_lit_presence_kf")
/* VYRE_PROGRAM_RE_CONFIRM "vyre_re_confirm" (kernels.inc >>kernels-nfa; the
   regex engine's device step, driven by vyre.h >>re-gpu; the CPU backend
   does not implement it: VYRE_ERR_UNSUPPORTED)
     buffers: 0 haystack (u8), 1 nfa (u32, the >>re-layout array),
              2 tasks (u32[8] per task: pattern, first window, windows,
              e_lo, e_hi, carry (0 = the pattern's longest match bounds the
              starts searched), out: long-thread flag, kind: 0 a confirm
              task, 1 a run task: no windows; appends the run windows of
              the pattern's layout run block clipped to the starts
              [e_lo, e_hi) as triples {pattern_id, a, b} (b inclusive)
              instead of matches),
              3 windows (u32[2] each: allowed starts [a, b]),
              4 hits (u32: counter, flags (bit 0 saturation, bit 1 a task
              set its long-thread flag), then match_cap triples
              {pattern_id, start, end}; the first two words must arrive zeroed)
     scalars: 0 hay_len, 1 task_count, 2 match_cap, 3 max_scan_bytes (0 = none)
     For every task: every end e with e_lo < e <= e_hi of a non-empty match
     of the pattern that starts at an allowed position of the task's windows
     (and is at most max_scan_bytes long), with its leftmost such start:
     slot = counter++ (atomic); slot < match_cap: triple[slot]. Order is
     unspecified. A task with a carry C searches starts in [e - C, e - 1]
     and sets its flag (and stops) when the NFA stays live for C positions:
     its results are then incomplete and the caller reruns the pattern. */
#define VYRE_PROGRAM_RE_CONFIRM "vyre_re_confirm"
#define VYRE_RE_CONFIRM_BINDINGS 5u
/* The BIG form's programs (kernels.inc >>kernels-big; literal sets in the
   BIG form, vyre.h >>big-layout): the same contract as the three literal
   programs above (same outputs, scalars, saturation and region rules), over
   the form's VYRE_BIG_TABLE_COUNT tables (vyre_literal_set_big_table) instead of the 16:
   bindings 0 haystack, 1..5 tables (VYRE_BT_* order), then the outputs at
   VYRE_BIG_BINDING_OUT0 / _OUT1.
   VYRE_PROGRAM_BIG_MATCHES "vyre_big_matches"   6 counter, 7 matches; scalars hay_len, context_len, match_cap
   VYRE_PROGRAM_BIG_COUNT   "vyre_big_count"     6 counter (u64);     scalars hay_len, context_len
   VYRE_PROGRAM_BIG_PRESENCE "vyre_big_presence" 6 region_starts, 7 presence; scalars hay_len, region_count,
                                                 region_base, regions_end */
#define VYRE_PROGRAM_BIG_MATCHES "vyre_big_matches"
#define VYRE_PROGRAM_BIG_COUNT "vyre_big_count"
#define VYRE_PROGRAM_BIG_PRESENCE "vyre_big_presence"
#define VYRE_BIG_TABLE_COUNT 5u
#define VYRE_BIG_BINDING_OUT0 (1u + VYRE_BIG_TABLE_COUNT)
#define VYRE_BIG_BINDING_OUT1 (2u + VYRE_BIG_TABLE_COUNT)
#define VYRE_BIG_MATCHES_BINDINGS (3u + VYRE_BIG_TABLE_COUNT)
#define VYRE_BIG_COUNT_BINDINGS (2u + VYRE_BIG_TABLE_COUNT)
#define VYRE_BIG_PRESENCE_BINDINGS (3u + VYRE_BIG_TABLE_COUNT)
/* The program table: ONE list that the CPU, CUDA and OpenCL backends, the
   tests and the bench iterate (sokol_gfx's _SG_LOG_ITEMS style X-macro).
   X(ID, name, buffers, scalars, mode, kernel family):
     mode: the number every backend and kernels.inc use for the program
           (1 matches, 2 count, 3 presence = vyre_lit_mode); programs are
           numbered by mode and vyre_program_at(mode - 1) is the program.
   A new engine adds its rows here (and its kernels under its family). */
#define VYRE_PROGRAM_LIST(X) \
    X(LIT_MATCHES,  VYRE_PROGRAM_LIT_MATCHES,  VYRE_LIT_MATCHES_BINDINGS,  3u, 1u, VYRE_KERNELS_LIT) \
    X(LIT_COUNT,    VYRE_PROGRAM_LIT_COUNT,    VYRE_LIT_COUNT_BINDINGS,    2u, 2u, VYRE_KERNELS_LIT) \
    X(LIT_PRESENCE, VYRE_PROGRAM_LIT_PRESENCE, VYRE_LIT_PRESENCE_BINDINGS, 4u, 3u, VYRE_KERNELS_LIT) \
    X(RE_CONFIRM,   VYRE_PROGRAM_RE_CONFIRM,   VYRE_RE_CONFIRM_BINDINGS,   4u, 4u, VYRE_KERNELS_NFA) \
    X(BIG_MATCHES,  VYRE_PROGRAM_BIG_MATCHES,  VYRE_BIG_MATCHES_BINDINGS,  3u, 5u, VYRE_KERNELS_BIG) \
    X(BIG_COUNT,    VYRE_PROGRAM_BIG_COUNT,    VYRE_BIG_COUNT_BINDINGS,    2u, 6u, VYRE_KERNELS_BIG) \
    X(BIG_PRESENCE, VYRE_PROGRAM_BIG_PRESENCE, VYRE_BIG_PRESENCE_BINDINGS, 4u, 7u, VYRE_KERNELS_BIG)
typedef enum vyre_program_id {
#define VYRE__PROGRAM_ENUM(id, name, nbuf, nscalar, mode, family) VYRE_PROGRAM_ID_##id = (int)(mode),
    VYRE_PROGRAM_LIST(VYRE__PROGRAM_ENUM)
#undef VYRE__PROGRAM_ENUM
    VYRE_PROGRAM_ID_FORCE_I32 = 0x7FFFFFFF
} vyre_program_id;
#define VYRE__PROGRAM_PLUS1(id, name, nbuf, nscalar, mode, family) +1
#define VYRE_PROGRAM_COUNT (0 VYRE_PROGRAM_LIST(VYRE__PROGRAM_PLUS1))
#define VYRE_PROGRAM_MAX_BINDINGS VYRE_LIT_MATCHES_BINDINGS   /* the most buffers any program binds */
#define VYRE_PROGRAM_MAX_SCALARS 4u                           /* the most scalars any program takes */
/* One row of the table, as exported data. */
typedef struct vyre_program_spec {
    const char *name;
    uint32_t buffers, scalars;
    uint32_t mode;                   /* 1-based, as above */
    uint32_t families;               /* VYRE_KERNELS_* bits the program's kernel needs */
} vyre_program_spec;
/* Row `index` (0 .. VYRE_PROGRAM_COUNT-1), NULL past the end. */
VYREDEF const vyre_program_spec *vyre_program_at(uint32_t index);
/* The row named `name`, NULL if none. */
VYREDEF const vyre_program_spec *vyre_program_find(const char *name);
/* For backends: the row of `name` if the counts match, else NULL and
   VYRE_ERR_BAD_PROGRAM in err naming the program, the backend and the counts. */
VYREDEF const vyre_program_spec *vyre_program_check(const char *backend, const char *name, uint32_t buffers,
                                                    uint32_t scalars, vyre_error *err);

/* Kernel families (kernels.inc >>kernels-*): each set kind names the families
   its programs need (vyre__engine_ops.kernel_families); a GPU backend
   compiles and caches only those, one build unit per family, on first use
   (>>backend-kit, VYRE_KERNELS_UNITS). */
#define VYRE_KERNELS_COMMON 0x1u   /* >>kernels-common: helpers every family uses */
#define VYRE_KERNELS_LIT    0x2u   /* >>kernels-lit: the literal programs */
#define VYRE_KERNELS_NFA    0x4u   /* >>kernels-nfa: the regex engine's confirm program (vyre_re_confirm) */
#define VYRE_KERNELS_RING   0x8u   /* >>kernels-ring: the persistent engine's ring consumer (vyre_ring_consume, CUDA) */
#define VYRE_KERNELS_BIG    0x10u  /* >>kernels-big: the BIG form's literal programs (vyre_big_*) */
/* binding indices: haystack, first table, then the outputs */
#define VYRE_LIT_BINDING_HAYSTACK 0u
#define VYRE_LIT_BINDING_TABLE0 1u
#define VYRE_LIT_BINDING_OUT0 (1u + (unsigned)VYRE_LT_COUNT)  /* counter (matches, count) or region_starts (presence) */
#define VYRE_LIT_BINDING_OUT1 (2u + (unsigned)VYRE_LT_COUNT)  /* matches (matches) or presence (presence) */
#define VYRE_LIT_MATCHES_BINDINGS (3u + (unsigned)VYRE_LT_COUNT)
#define VYRE_LIT_COUNT_BINDINGS (2u + (unsigned)VYRE_LT_COUNT)
#define VYRE_LIT_PRESENCE_BINDINGS (3u + (unsigned)VYRE_LT_COUNT)

/* ==================================================================== */
/* >>backend-cpu                                                         */
/* ==================================================================== */
typedef enum vyre_cpu_engine {
    VYRE_CPU_ENGINE_AUTO = 0,        /* prefilter + bucket verification (fastest) */
    VYRE_CPU_ENGINE_PREFILTER = 1,
    VYRE_CPU_ENGINE_DFA = 2,         /* plain Aho-Corasick DFA walk (the reference engine) */
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
    size_t chunk_bytes;              /* bytes per match-list request; default 64 MiB. Counts and presence go
                                        up to 1 GiB per request on backends with a native scanner */
    size_t max_matches_per_chunk;    /* initial match buffers, in matches (host staging and, on backends
                                        without a native scanner, the device buffer); default 64 Ki, at
                                        most 2^32 - 1; grown on demand, never truncated */
    vyre_allocator allocator;
} vyre_scanner_desc;

/* A scanner binds a set to a backend: the set's tables are made resident
   once at create time; each scan moves only the haystack. Per thread.
   Uses the backend's native literal scanner when it has one
   (VYRE_CAP_LITERAL_SCAN), else the generic resident programs. */
typedef struct vyre_scanner vyre_scanner;
VYREDEF vyre_result vyre_scanner_create(vyre_backend *b, const vyre_pattern_set *set,
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
#if defined(VYRE_HAS_REGEX)
/* All matches, sorted, to a callback that also gets each match's capture
   spans: for a regex pattern set (vyre_regex_set_as_pattern_set) in
   VYRE_RE_LEFTMOST_FIRST mode, m->group_count spans of groups 1..n (the
   secret group of a rule); otherwise group_count is 0 and groups NULL. Any
   kind of set. VYRE_STOPPED if cb returned non-zero. */
VYREDEF vyre_result vyre_scan_groups_cb(vyre_scanner *s, const void *data, size_t len, vyre_re_match_cb cb, void *user,
                                        vyre_error *err);
#endif
/* ceil(pattern_count / 32). */
VYREDEF uint32_t vyre_presence_words(const vyre_pattern_set *set);
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
/* Delivers the held-back matches and frees the stream (also on error). After
   vyre_scanner_destroy of its scanner, a stream is detached: write returns
   VYRE_ERR_STATE, close frees it and returns VYRE_ERR_STATE with the number
   of held-back matches that were not delivered. */
VYREDEF vyre_result vyre_stream_close(vyre_stream *st, vyre_match_cb cb, void *user, vyre_error *err);
/* Bytes written so far. */
VYREDEF uint64_t vyre_stream_offset(const vyre_stream *st);

/* ==================================================================== */
/* >>sessions                                                            */
/* ==================================================================== */
/* Resident sessions (presence by region, and match lists) are built only on
   the generic contract: the immutable tables are uploaded once at create;
   each scan moves only the haystack, the control values and a device-side
   reset of the used prefix of the output; every binding is resident. Caps
   and capacity are checked before anything is uploaded; after an error no
   partial output is returned. free() attempts every release and returns the
   first error. */
typedef struct vyre_presence_session vyre_presence_session;
VYREDEF vyre_result vyre_presence_session_create(vyre_backend *b, const vyre_pattern_set *set,
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
VYREDEF vyre_result vyre_match_session_create(vyre_backend *b, const vyre_pattern_set *set,
                                              size_t haystack_capacity, uint32_t max_matches,
                                              vyre_match_session **out, vyre_error *err);
/* Sorted matches into out[0, cap). More than max_matches (or cap) is
   VYRE_ERR_MATCH_CAPACITY with *count = the number found; nothing written. */
VYREDEF vyre_result vyre_match_session_scan(vyre_match_session *s, const void *data, size_t len,
                                            vyre_match *out, size_t cap, size_t *count,
                                            vyre_timing *timing, vyre_error *err);
VYREDEF vyre_result vyre_match_session_free(vyre_match_session *s, vyre_error *err);

/* The resident rule session (seed 001's ResidentRulePipeline): for sets
   whose kind finds whole matches (regex: vyre_regex_set_as_pattern_set).
   create uploads the kind's tables once; each scan moves only the haystack
   (one ranged upload) and resets the 4-byte hit counter (one ranged upload),
   dispatches the kind's match program against the resident tables and reads
   the hit buffer: the u32 counter, then (pattern_id, start, end) u32 triples
   (VYRE_RULE_HITS_BYTES(max_matches) bytes). A count above max_matches is
   VYRE_ERR_MATCH_CAPACITY with the count and a Fix, never a truncated
   list. A haystack over the capacity is VYRE_ERR_HAYSTACK_CAPACITY before
   anything is uploaded. On the CPU backend the kind's CPU engine runs on the
   caller's bytes (host memory: no copies). A GPU backend runs the kind's
   program only if it promises VYRE_CAP_REGEX; without it, create is
   VYRE_ERR_UNSUPPORTED (loud; no CPU fallback). The program (for
   GPU backends): VYRE_PROGRAM_RE_MATCHES, buffers haystack, the kind's 3
   tables (>>re-engine), hits; scalars len, max_scan_bytes (0 = unbounded),
   max_matches; it writes min(count, max_matches) triples after the counter
   and counts them all. Per thread; free attempts every release and returns
   the first error. */
#define VYRE_PROGRAM_RE_MATCHES "vyre_re_matches"
#define VYRE_RULE_HITS_BYTES(max_matches) (4u + 12u * (size_t)(max_matches))
typedef struct vyre_rule_session vyre_rule_session;
VYREDEF vyre_result vyre_rule_session_create(vyre_backend *b, const vyre_pattern_set *set, size_t haystack_capacity,
                                             uint32_t max_matches, vyre_rule_session **out, vyre_error *err);
/* Sorted matches into out[0, cap), the set's own bound (if any). */
VYREDEF vyre_result vyre_rule_session_scan(vyre_rule_session *s, const void *data, size_t len, vyre_match *out, size_t cap,
                                           size_t *count, vyre_timing *timing, vyre_error *err);
/* The same with the search from each start bounded to max_scan_bytes: O(len *
   max_scan_bytes) work; a match longer than the bound is DROPPED (seed 001's
   scan_bounded). 0 = the set's own options. */
VYREDEF vyre_result vyre_rule_session_scan_bounded(vyre_rule_session *s, const void *data, size_t len, uint64_t max_scan_bytes,
                                                   vyre_match *out, size_t cap, size_t *count, vyre_timing *timing,
                                                   vyre_error *err);
VYREDEF vyre_result vyre_rule_session_free(vyre_rule_session *s, vyre_error *err);

/* ==================================================================== */
/* >>multi                                                               */
/* ==================================================================== */
/* The multi-device scanner (docs/multi-gpu.md): one process, N backends
   (any mix: CUDA ordinals, OpenCL devices, CPU backends standing in for
   devices in tests, the same device or the same backend twice), one scan.
   Entry point: vyre_multi_create. Each backend gets one scanner at create
   (the set's tables go resident on each device once) and one worker
   thread. A scan is cut into units of unit_bytes; unit k owns the matches
   that END in (k*unit, (k+1)*unit] and is scanned with history_bytes of
   the set (max_len - 1 for literals) in front, so a match across a cut is
   found exactly once. Workers PULL the next unit from one shared counter
   when they are free (a faster or less loaded device takes more units; no
   round-robin), at most `window` units ahead of the delivery. The caller's
   thread merges the units back in order: the output is byte-identical to
   vyre_scan / vyre_scan_cb / vyre_scan_count on one device.

   What spreads over the devices:
     - vyre_multi_scan, _scan_cb, _scan_count: one buffer of any size.
     - The file-ingest pipeline (>>ingest): give vyre_ingest_desc.backends
       (an array) instead of .backend; every backend gets a lane and all
       lanes pull the next batch or chunk from one queue (same output order).
     - Rule sets: any set kind a scanner takes (literal sets; regex sets
       scan on the CPU only, >>regex) may be given; several sets = several
       vyre_multi objects over the same backends (tables resident per set
       per device).
     - The persistent engine (>>engine) is per backend: one engine per
       device, the caller chooses where each job goes (vyre_multi does not
       route engine jobs).
   Errors: the first unit that fails stops the scan (no later unit is
   started, nothing after it is delivered) and its error is returned; a
   device that fails is not retried on another (no silent re-routing).
   Threads: a vyre_multi is used from one thread at a time (like a
   scanner); callbacks run on that thread. POSIX threads (compiled out by
   VYRE_NO_MULTI, VYRE_NO_THREADS and on Windows). */
#if !defined(VYRE_NO_MULTI) && (defined(VYRE_NO_THREADS) || defined(_WIN32))
#  define VYRE_NO_MULTI
#endif
#ifndef VYRE_NO_MULTI
#define VYRE_HAS_MULTI 1
#define VYRE_MULTI_MAX_DEVICES 64u

typedef struct vyre_multi_desc {
    size_t unit_bytes;               /* bytes of input per unit; default 16 MiB; raised to history_bytes + 1 */
    uint32_t window;                 /* units taken and not yet delivered; default 2 * devices + 2, at most 1024 */
    vyre_scanner_desc scanner;       /* each device's scanner (zero = defaults; its allocator defaults to ours) */
    vyre_allocator allocator;
} vyre_multi_desc;

typedef struct vyre_multi_device_stats {
    char backend_id[16];             /* vyre_backend_id */
    uint64_t bytes;                  /* input bytes this device owned (without the history in front) */
    uint64_t units;                  /* units it scanned */
    uint64_t busy_ns;                /* time inside unit scans */
    uint64_t matches;                /* matches it found (MATCHES scans) */
} vyre_multi_device_stats;

typedef struct vyre_multi_stats {
    uint32_t devices;
    uint64_t scans, units, bytes;    /* since create */
    uint64_t wall_ns;                /* the scan calls, summed */
    vyre_multi_device_stats dev[VYRE_MULTI_MAX_DEVICES];
} vyre_multi_stats;

typedef struct vyre_multi vyre_multi;
/* backends[0, count): 1 .. VYRE_MULTI_MAX_DEVICES, none NULL; a backend may
   appear more than once (it gets two scanners and two workers; backends are
   thread-safe). The set and the backends must outlive the object.
   Errors: VYRE_ERR_INVALID_ARGUMENT (count, a NULL entry, window),
   VYRE_ERR_THREAD, VYRE_ERR_OUT_OF_MEMORY, and vyre_scanner_create's errors
   (the message names the device index). Nothing is left behind on error. */
VYREDEF vyre_result vyre_multi_create(vyre_backend *const *backends, uint32_t count, const vyre_pattern_set *set,
                                      const vyre_multi_desc *desc, vyre_multi **out, vyre_error *err);
/* As vyre_scan: all matches sorted into out[0, cap); more than cap is
   VYRE_ERR_MATCH_CAPACITY with *count = the number needed and out cleared. */
VYREDEF vyre_result vyre_multi_scan(vyre_multi *m, const void *data, size_t len, vyre_match *out, size_t cap,
                                    size_t *count, vyre_error *err);
/* As vyre_scan_cb: sorted, on the calling thread; VYRE_STOPPED if cb returned non-zero. */
VYREDEF vyre_result vyre_multi_scan_cb(vyre_multi *m, const void *data, size_t len, vyre_match_cb cb, void *user,
                                       vyre_error *err);
/* As vyre_scan_count. */
VYREDEF vyre_result vyre_multi_scan_count(vyre_multi *m, const void *data, size_t len, uint64_t *count, vyre_error *err);
/* Counters since create (per device: bytes, units, busy time, matches). */
VYREDEF vyre_result vyre_multi_get_stats(const vyre_multi *m, vyre_multi_stats *out);
/* Stops the workers, frees the scanners (not the backends). NULL is allowed. */
VYREDEF void vyre_multi_destroy(vyre_multi *m);
#endif /* VYRE_NO_MULTI */

/* ==================================================================== */
/* >>ingest                                                              */
/* ==================================================================== */
/* The file-ingest pipeline (docs/ingest.md): scan whole trees of files at
   host-read speed. A walker thread lists PATHs (directories recursively,
   entries sorted byte-wise, regular files only, symbolic links never
   followed); reader threads (default: one per online CPU) read the files
   straight into staging buffers that the backend supplies (vyre_host_alloc:
   page-locked on CUDA). Files smaller than small_file_bytes are coalesced
   into batches (one region per file); larger files (and standard input) are
   cut into chunks of chunk_bytes that carry the set's max_len - 1 bytes of
   look-ahead, so a match across a chunk boundary is found exactly once.
   Several units (batches or chunks) are in flight at once, so reading,
   transfer, kernel and result decoding overlap. Results reach the callbacks
   in walk order, matches sorted by (start, end, pattern_id) within a file:
   the same output as scanning the files one by one.

   Where scans run: with VYRE_INGEST_CPU the reader threads scan on CPU
   lanes (one single-threaded CPU backend each); a backend given in the desc
   or attached later with vyre_ingest_attach (from any thread, e.g. once a
   GPU backend finished its start-up on a background thread) gets its own
   lane thread; with both, a reader hands a unit to the backend lane when its
   queue has room and scans it itself otherwise.

   Bounded memory (vyre_ingest_budget_bytes): slots staging buffers of
   max(batch_bytes, chunk_bytes + max_len) bytes, each with a result buffer
   of result_matches vyre_match and per-file bookkeeping for up to
   max_regions files, plus one raw-match buffer of result_matches entries
   and one presence row block per lane; never more, whatever the number of
   files or matches. A unit whose matches overflow its result buffer is
   delivered in parts (a scan request that overflows is re-split), never
   truncated. COUNT builds no match lists (count requests, or raw matches
   counted in bounded pieces); FIRST uses region presence and stops reading
   a file after its first matching chunk. The walker runs at most
   max_pending entries ahead of the readers.

   Live file systems: a file that vanishes, shrinks, grows or is replaced
   between the walk and its read gets a per-file VYRE_ERR_IO naming it
   (matches found before the change may already have been delivered) and
   everything else is still reported.

   Mapped chunks (desc.flags VYRE_INGEST_MMAP, with VYRE_INGEST_CPU): a
   chunk of a large file that a reader scans itself (no backend lane is
   attached when it is read) is mapped read-only (MAP_POPULATE) and scanned
   in place: no copy into staging, which on a CPU-only run is about a third
   of the CPU time of a warm-cache scan. Chunks for a backend lane, batches
   of small files and standard input are still read into staging. A file
   truncated while mapped would raise SIGBUS on the pages past its new end:
   for the run, vyre installs a SIGBUS handler that maps zero pages over the
   rest of such a mapping and notes it (a SIGBUS at any other address goes to
   the handler that was installed before, or ends the process as it would
   have); after the scan the reader also compares the file's size (fstat)
   with the mapped range. Either way the chunk's results are dropped and the
   file gets the per-file VYRE_ERR_IO "shrank" error, as with read(). The
   previous SIGBUS disposition is restored when the last such run ends; an
   application that changes SIGBUS during a run must not use the flag.

   Threads: callbacks run on the thread that called vyre_ingest_run, one at
   a time. POSIX only (compiled out by VYRE_NO_INGEST, VYRE_NO_THREADS, on
   Windows, and where _POSIX_C_SOURCE < 200809L: define _POSIX_C_SOURCE
   200809L before including vyre.h with -std=c99). */
#if !defined(VYRE_NO_INGEST) && (defined(VYRE_NO_THREADS) || defined(_WIN32) || !defined(_POSIX_C_SOURCE) || (_POSIX_C_SOURCE + 0) < 200809L)
#  define VYRE_NO_INGEST
#endif
#ifndef VYRE_NO_INGEST
#define VYRE_INGEST_MAX_BACKENDS 64u         /* vyre_ingest_desc.backend_count */
typedef enum vyre_ingest_mode {
    VYRE_INGEST_MATCHES = 1,         /* every match to cb.match, then cb.file with the number delivered */
    VYRE_INGEST_COUNT = 2,           /* cb.file with the file's match count; no match lists are built */
    VYRE_INGEST_FIRST = 3,           /* cb.file with 1 if the file has a match, else 0 (-l) */
    VYRE_INGEST_MODE_FORCE_I32 = 0x7FFFFFFF
} vyre_ingest_mode;

typedef enum vyre_ingest_event_kind {
    VYRE_INGEST_EV_LINK = 1,         /* a symbolic link: never followed, not scanned */
    VYRE_INGEST_EV_SPECIAL = 2,      /* not a regular file or directory: skipped */
    VYRE_INGEST_EV_WALK_ERROR = 3,   /* a PATH or directory entry could not be read (err: VYRE_ERR_IO) */
    VYRE_INGEST_EV_FORCE_I32 = 0x7FFFFFFF
} vyre_ingest_event_kind;

typedef struct vyre_ingest_event {
    vyre_ingest_event_kind kind;
    const char *path;
    uint32_t depth;                  /* 0: one of desc.paths */
    int at_open;                     /* 1: a walked file that changed type before it was read */
    const vyre_error *err;           /* WALK_ERROR only, else NULL */
} vyre_ingest_event;

typedef struct vyre_ingest_file {
    const char *path;                /* as walked (PATH, '/', names); "-" for standard input */
    uint64_t index;                  /* 0-based, walk order */
    uint64_t size;                   /* bytes (at the walk; bytes read for standard input) */
    int is_stdin;
} vyre_ingest_file;

typedef struct vyre_ingest_stats {
    uint64_t files_walked, bytes_walked;   /* found by the walk so far */
    uint64_t files_done, bytes_done;       /* files delivered, bytes read */
    uint64_t file_errors;                  /* files delivered with an error */
    uint64_t batches, chunked_files, chunks;
    uint64_t parts;                        /* partial deliveries (a unit's matches overflowed its buffer) */
    uint64_t parks;                        /* units a backend lane set aside until their turn to deliver a part */
    uint64_t resplits;                     /* scan requests re-split because they overflowed the raw buffer */
    uint64_t cpu_bytes;                    /* bytes scanned on CPU lanes */
    uint64_t backend_bytes;                /* bytes scanned on the attached backend's lane */
    char backend_id[16];                   /* the attached backend ("" if none) */
    uint64_t wall_ns;                      /* vyre_ingest_run, start to end */
    uint64_t walk_ns;                      /* walker busy time */
    uint64_t read_ns;                      /* reader threads in open/read (summed over threads) */
    uint64_t cpu_scan_ns;                  /* CPU lanes scanning (summed) */
    uint64_t backend_scan_ns;              /* the backend lane in scan requests (transfer + kernel + decode) */
    uint64_t backend_device_ns;            /* device (kernel) time, VYRE_TIME_UNKNOWN if not measured */
    uint64_t output_ns;                    /* in the callbacks */
    uint64_t attach_ns;                    /* from the start of the run until the backend lane was ready (0: never) */
    uint64_t budget_bytes;
    int cancelled;
    uint64_t lane_bytes[VYRE_INGEST_MAX_BACKENDS]; /* bytes scanned per backend lane (desc.backends order; [0] = .backend) */
    uint64_t mapped_chunks, mapped_bytes;  /* chunks scanned in place, mapped (VYRE_INGEST_MMAP), and their bytes */
} vyre_ingest_stats;

typedef struct vyre_ingest_callbacks {
    /* MATCHES: one match of f (offsets from the file start, region 0). Non-zero stops the run (VYRE_STOPPED). */
    int (*match)(void *user, const vyre_ingest_file *f, const vyre_match *m);
    /* Every file, after its matches: count (see the modes), status VYRE_OK or the per-file error in err.
       Non-zero stops the run. */
    int (*file)(void *user, const vyre_ingest_file *f, uint64_t count, vyre_result status, const vyre_error *err);
    /* Walk notes and errors, in walk order among the files. */
    void (*event)(void *user, const vyre_ingest_event *ev);
    /* About every 100 ms while the run lasts (may be NULL). */
    void (*progress)(void *user, const vyre_ingest_stats *st);
    void *user;
} vyre_ingest_callbacks;

#define VYRE_INGEST_CPU 0x1u                 /* reader threads also scan on CPU lanes */
#define VYRE_INGEST_FEED 0x2u                /* the caller feeds PATHs while the run goes (vyre_ingest_feed) */
#define VYRE_INGEST_MMAP 0x8u               /* with VYRE_INGEST_CPU, Linux/POSIX: a large file's chunk that a CPU lane
                                                scans is mapped (mmap) and scanned in place instead of read into
                                                staging; the run installs a SIGBUS handler (see "Mapped chunks") */
#define VYRE_INGEST_CPU_UNTIL_READY 0x4u     /* with VYRE_INGEST_CPU: CPU lanes scan only until the backend lane is
                                                ready, then every unit goes to the backend (a GPU that is faster than
                                                the CPUs, started in the background: CPU threads bridge its start-up) */

typedef struct vyre_ingest_desc {
    const char *const *paths;        /* files and directories; "-" = standard input */
    size_t path_count;
    vyre_ingest_mode mode;
    uint32_t flags;                  /* VYRE_INGEST_CPU */
    vyre_backend *backend;           /* a lane from the start (NULL: none; see vyre_ingest_attach) */
    vyre_backend *const *backends;   /* several devices (>>multi): backends[0, backend_count), each its own lane and
                                        scanner; every lane pulls the next unit from one queue when it is free.
                                        Instead of .backend (both is VYRE_ERR_INVALID_ARGUMENT); a backend may repeat */
    uint32_t backend_count;          /* 0 .. VYRE_INGEST_MAX_BACKENDS */
    uint32_t readers;                /* reader threads; default online CPUs (max 256) */
    uint32_t slots;                  /* units in flight; default readers + 4, 2..64 */
    size_t batch_bytes;              /* coalesced batch; default 16 MiB */
    size_t small_file_bytes;         /* files below this are batched; default 1 MiB; <= batch_bytes */
    size_t chunk_bytes;              /* large files are cut into chunks of this; default 16 MiB */
    uint32_t max_regions;            /* files per batch; default 65536 (FIRST: also 4 Mi presence words) */
    size_t result_matches;           /* matches per result buffer / raw buffer; default 256 Ki */
    size_t max_pending;              /* walked entries waiting for readers; default 65536 */
    const volatile int *cancel;      /* when *cancel becomes non-zero the run stops soon (e.g. Ctrl-C) */
    vyre_ingest_callbacks cb;
    /* testing: called by a reader right before it reads [offset, offset+len) of path (may be NULL) */
    void (*read_hook)(void *user, const char *path, uint64_t offset, uint64_t len);
    void *hook_user;
    vyre_allocator allocator;
} vyre_ingest_desc;

typedef struct vyre_ingest vyre_ingest;
/* Checks the desc (VYRE_ERR_INVALID_ARGUMENT naming the field) and the budget;
   starts nothing. The set and backends must outlive the ingest object. */
VYREDEF vyre_result vyre_ingest_create(const vyre_literal_set *set, const vyre_ingest_desc *desc, vyre_ingest **out,
                                       vyre_error *err);
/* Adds a backend lane (one per ingest object); any thread, before or during
   vyre_ingest_run. Units waiting for a backend start on it once its
   scanner is ready. VYRE_ERR_STATE if one is attached or the run ended. */
VYREDEF vyre_result vyre_ingest_attach(vyre_ingest *g, vyre_backend *b, vyre_error *err);
/* Feeding PATHs during the run (desc.flags VYRE_INGEST_FEED): a caller with
   its own walk (ignore rules, filters) hands PATHs over one by one while
   vyre_ingest_run scans on another thread, so that its walk and the scan
   overlap. desc.paths come first, then the fed PATHs, in the order given;
   each is walked as a desc.paths entry is (a directory recursively, a link
   reported, not followed). One feeding thread at a time; it may block while
   max_pending entries wait for the readers. vyre_ingest_feed_end says that
   no more come (the run cannot end before it; call it on every path out,
   errors included). vyre_ingest_feed blocks until vyre_ingest_run has
   started. Both return VYRE_ERR_STATE without VYRE_INGEST_FEED or
   after feed_end, VYRE_STOPPED once the run stopped (stop feeding). */
VYREDEF vyre_result vyre_ingest_feed(vyre_ingest *g, const char *path, vyre_error *err);
/* The same for a regular file the caller has just stat'ed (size, st_dev,
   st_ino): queued without another lstat. A file that changed before it is
   read is still a per-file error, as for any walked file. */
VYREDEF vyre_result vyre_ingest_feed_file(vyre_ingest *g, const char *path, uint64_t size, uint64_t dev, uint64_t ino,
                                          vyre_error *err);
VYREDEF vyre_result vyre_ingest_feed_end(vyre_ingest *g);
/* Stops the run with `why` (e.g. the backend that was being created failed);
   any thread. vyre_ingest_run then returns why->code. */
VYREDEF void vyre_ingest_abort(vyre_ingest *g, const vyre_error *why);
/* Runs the pipeline to the end on the calling thread (once per object).
   VYRE_OK (per-file errors went to cb.file), VYRE_STOPPED (a callback
   stopped it, or *cancel), or the first backend error (nothing after it is
   delivered). */
VYREDEF vyre_result vyre_ingest_run(vyre_ingest *g, vyre_error *err);
VYREDEF vyre_result vyre_ingest_get_stats(vyre_ingest *g, vyre_ingest_stats *out);
/* The memory budget in bytes (staging + results + bookkeeping), fixed at create. */
VYREDEF uint64_t vyre_ingest_budget_bytes(const vyre_ingest *g);
/* Frees everything (staging memory goes back to the backends that made it:
   destroy the ingest object before its backends). NULL is allowed. */
VYREDEF void vyre_ingest_destroy(vyre_ingest *g);
#endif /* VYRE_NO_INGEST */
/* >>ring                                                                */
/* ==================================================================== */
/* A bounded lock-free multi-producer multi-consumer work ring:
   the host side of the persistent engine (>>engine), usable on its own.
   Compiled out by VYRE_NO_RING (which also removes the engine).

   Layout and protocol (the device consumer in kernels.inc >>kernels-ring
   follows the same rules):
     capacity      a power of two, 2 .. 2^31 (with one slot a published item and a free
                   slot have the same sequence); slot(position) = position & (capacity - 1)
     head, tail    monotonically increasing 64-bit counters: the next position a
                   producer (head) or a consumer (tail) will claim. tail <= head
                   <= tail + capacity at every instant.
     ready[s]      per-slot publication sequence, initialised to s. Slot s is free
                   for the producer at position p when ready[s] == p; it holds a
                   published item for the consumer at position p when
                   ready[s] == p + 1; the consumer hands it back to the producer
                   of position p + capacity by storing p + capacity.
     slot words    the 16-byte item as two 64-bit words (vyre_ring_pack).
     done[s]       per-slot completion marker (0 at enqueue, 1 after mark_done).
   Ordering: a producer loads ready[s] with acquire, claims p by a CAS on head
   (acq_rel), stores the two slot words (relaxed), clears done[s] and then
   stores ready[s] = p + 1 with RELEASE. A consumer loads ready[s] with ACQUIRE
   (so the slot words written before the producer's release are visible),
   claims p by a CAS on tail (acq_rel), loads the words and stores
   ready[s] = p + capacity with RELEASE (so its reads of the words happen
   before the next producer's writes). mark_done stores with release,
   is_done loads with acquire. Sequences are compared by the signed
   difference (vyre_ring_sequence_order), so counters may wrap.

   Atomics: C11 <stdatomic.h> when the implementation file is compiled as C11
   or later (and the compiler has atomics), otherwise the GCC/Clang __atomic
   builtins (C99, C++); anything else stops with an #error that names
   VYRE_NO_RING. Thread safety: every vyre_ring_* call may run on any thread
   concurrently with any other, except vyre_ring_free. */
#if !defined(VYRE_NO_RING)
/* One scan unit: all fields 32-bit so the item lays out identically on the
   host and the device. Packed as word0 = input_offset | input_len << 32,
   word1 = rule_set_id | correlation << 32. */
typedef struct vyre_ring_item {
    uint32_t input_offset;           /* byte offset into the input arena (an arena is < 4 GiB) */
    uint32_t input_len;              /* bytes in this scan unit */
    uint32_t rule_set_id;            /* which set scans it (index into the engine's sets) */
    uint32_t correlation;            /* caller-opaque id echoed with the result */
} vyre_ring_item;

/* Where a slot's publication sequence stands relative to a position. */
typedef enum vyre_ring_order {
    VYRE_RING_BEHIND = -1,           /* sequence < position: the slot is still occupied (producer) or not yet published (consumer) */
    VYRE_RING_FREE = 0,              /* sequence == position: this position may claim the slot */
    VYRE_RING_AHEAD = 1,             /* sequence > position: another thread already claimed this position; reload */
    VYRE_RING_ORDER_FORCE_I32 = 0x7FFFFFFF
} vyre_ring_order;

/* Why an enqueue found the ring full (the seed's QueueFull): the slot of the
   next head position still holds an item no consumer has claimed. */
typedef struct vyre_ring_full {
    uint64_t position;               /* the head position the producer tried to claim */
    uint64_t sequence;               /* the slot's publication sequence it observed */
    uint32_t slot;                   /* position & (capacity - 1) */
    vyre_ring_order order;           /* always VYRE_RING_BEHIND for a full ring */
    uint32_t capacity;
} vyre_ring_full;

typedef struct vyre_ring vyre_ring;

/* try_new: capacity must be a power of two from 2 to 2^31, else
   VYRE_ERR_INVALID_ARGUMENT naming the value. VYRE_ERR_OUT_OF_MEMORY names
   what could not be reserved. `alloc` may be NULL (VYRE_MALLOC & co). */
VYREDEF vyre_result vyre_ring_try_create(uint32_t capacity, const vyre_allocator *alloc, vyre_ring **out, vyre_error *err);
/* new: rounds capacity up to the next power of two (0 and 1 become 2); over 2^31
   is VYRE_ERR_OVERFLOW (the seed panics there; C returns the error). */
VYREDEF vyre_result vyre_ring_create(uint32_t capacity, const vyre_allocator *alloc, vyre_ring **out, vyre_error *err);
VYREDEF void vyre_ring_free(vyre_ring *r);   /* NULL is allowed */
VYREDEF uint32_t vyre_ring_capacity(const vyre_ring *r);
/* Enqueue one item. VYRE_OK: *slot (may be NULL) = its slot index.
   VYRE_ERR_RING_FULL: nothing was written; *full (may be NULL) says where
   and why; err (may be NULL: pass NULL in hot loops, formatting costs) has
   the message. Lock-free under concurrent producers. */
VYREDEF vyre_result vyre_ring_enqueue(vyre_ring *r, const vyre_ring_item *item, uint32_t *slot, vyre_ring_full *full,
                                      vyre_error *err);
/* Claim the next item: 1 with *item (and *slot, may be NULL) filled, 0 when
   the ring is empty. Lock-free under concurrent consumers; no item is
   claimed twice. */
VYREDEF int vyre_ring_claim(vyre_ring *r, vyre_ring_item *item, uint32_t *slot);
/* Per-slot completion markers. slot >= capacity is VYRE_ERR_OUT_OF_RANGE
   naming the slot and the capacity. A marker describes the item most
   recently enqueued into that slot (an enqueue clears it). */
VYREDEF vyre_result vyre_ring_mark_done(vyre_ring *r, uint32_t slot, vyre_error *err);
VYREDEF vyre_result vyre_ring_is_done(const vyre_ring *r, uint32_t slot, int *done, vyre_error *err);
/* Items enqueued and not yet claimed (head - tail; tail is read first, so
   the value is never negative under concurrency). */
VYREDEF uint64_t vyre_ring_in_flight(const vyre_ring *r);
/* The same as a u32: over 0xFFFFFFFF is VYRE_ERR_OVERFLOW. */
VYREDEF vyre_result vyre_ring_try_in_flight(const vyre_ring *r, uint32_t *out, vyre_error *err);
VYREDEF uint64_t vyre_ring_head_counter(const vyre_ring *r);
VYREDEF uint64_t vyre_ring_tail_counter(const vyre_ring *r);
/* The counters as u32 (the seed's legacy head()/tail()): over 0xFFFFFFFF is
   VYRE_ERR_OVERFLOW telling the caller to use the 64-bit counter. */
VYREDEF vyre_result vyre_ring_head(const vyre_ring *r, uint32_t *out, vyre_error *err);
VYREDEF vyre_result vyre_ring_tail(const vyre_ring *r, uint32_t *out, vyre_error *err);
/* Pure helpers: the packing and the sequence comparison. */
VYREDEF void vyre_ring_pack(const vyre_ring_item *item, uint64_t words[2]);
VYREDEF void vyre_ring_unpack(const uint64_t words[2], vyre_ring_item *item);
VYREDEF vyre_ring_order vyre_ring_sequence_order(uint64_t sequence, uint64_t position);
/* A one-line description of a full ring ("persistent engine ring buffer is
   full: ..."), always terminated. Returns buf. */
VYREDEF char *vyre_ring_full_str(const vyre_ring_full *full, char *buf, size_t buf_size);
#endif /* VYRE_NO_RING */

/* ==================================================================== */
/* >>engine                                                              */
/* ==================================================================== */
/* The persistent engine: many small scan jobs (packets, log
   lines, 1 KiB records) submitted from many threads go through the work ring
   (>>ring) to long-lived consumers, so a stream of jobs pays a launch once
   instead of once per job. Compiled out by VYRE_NO_RING.

   Paths (vyre_engine_desc.mode):
     persistent  the backend's own consumers claim items from the ring: the
                 CPU backend's worker threads, CUDA's resident kernel
                 (vyre_cuda.h >>cuda-engine). Backends with it set
                 VYRE_CAP_PERSISTENT and the engine_* vtable entries.
     batched     one host thread claims whatever is in the ring (up to
                 batch_jobs), copies the jobs back to back and scans them with
                 ONE region scan (vyre_scan_regions_cb) per set: a launch per
                 batch instead of per job. Works on every backend.
     AUTO picks persistent when the backend has it, else batched (and says so
     in vyre_engine_stats.path_reason); FORCE is VYRE_ERR_UNSUPPORTED naming
     the backend when it has no persistent consumers; DISABLE is batched.

   Jobs: submit copies the bytes into the job's slot of the input arena and
   returns at once with a vyre_job handle (submit_many: a burst of jobs, all or
   none, one ring claim and one wake-up for all of them: use it when jobs come
   in groups, it halves the host's cost per job); the job's results (match count and
   (pattern, start, end) triples, offsets relative to the job) land in the
   job's result slot. When a job has more matches than max_matches_per_job
   its slot says "overflowed" and the collecting call rescans the job on the
   host side of the backend: a result is never silently cut. Results are
   identical to vyre_scan of the job's bytes, sorted the same way.

   Thread safety: submit, poll, wait and stats may run on any threads
   concurrently; one job is collected once (a second concurrent collector of
   the same job gets VYRE_ERR_STATE). destroy on one thread, after the
   others are done with the engine. Uncollected jobs are discarded by destroy.
   Every wait is bounded (timeout_ns): VYRE_ERR_TIMEOUT, never a hang. */
#if !defined(VYRE_NO_RING)
typedef enum vyre_engine_mode {
    VYRE_ENGINE_AUTO = 0,            /* persistent when the backend has it, else batched */
    VYRE_ENGINE_FORCE = 1,           /* persistent, or VYRE_ERR_UNSUPPORTED */
    VYRE_ENGINE_DISABLE = 2,         /* always batched */
    VYRE_ENGINE_MODE_FORCE_I32 = 0x7FFFFFFF
} vyre_engine_mode;

typedef enum vyre_engine_path {
    VYRE_ENGINE_PATH_PERSISTENT = 1,
    VYRE_ENGINE_PATH_BATCHED = 2,
    VYRE_ENGINE_PATH_FORCE_I32 = 0x7FFFFFFF
} vyre_engine_path;

/* One set jobs can be scanned with; its index in vyre_engine_desc.sets is
   the rule_set_id jobs name. Exactly one pointer is set (other set kinds,
   such as regex rule sets, become further pointer fields). The set must
   outlive the engine. */
typedef struct vyre_engine_set {
    const vyre_literal_set *literal;
} vyre_engine_set;

#define VYRE_ENGINE_MAX_SETS 4096u
#define VYRE_ENGINE_MAX_JOBS (1u << 20)

/* Zero means default for every field except sets/set_count. */
typedef struct vyre_engine_desc {
    vyre_engine_mode mode;
    const vyre_engine_set *sets;     /* required: set_count entries, indexed by rule_set_id */
    uint32_t set_count;              /* 1 .. VYRE_ENGINE_MAX_SETS */
    uint32_t max_jobs;               /* jobs in flight (submitted, not collected); default 1024, at most VYRE_ENGINE_MAX_JOBS */
    uint32_t max_job_bytes;          /* largest job; default 64 KiB; max_jobs * max_job_bytes must be < 4 GiB */
    uint32_t max_matches_per_job;    /* result slot size; default 64; more matches overflow to a host rescan */
    uint32_t workers;                /* persistent consumers: CPU, worker threads (default: the backend's threads);
                                        CUDA, scanner warps of the resident kernel, rounded up to blocks of 4
                                        warps, at most 4 blocks per SM (default: 2 blocks per SM) */
    uint32_t batch_jobs;             /* batched path: most jobs per region scan; default 1024 */
    uint64_t timeout_ns;             /* bound of waits on consumers and the device; default 10 s */
    vyre_allocator allocator;
} vyre_engine_desc;

typedef struct vyre_engine vyre_engine;
/* A submitted job: generation << 32 | slot. 0 is never a job. */
typedef uint64_t vyre_job;

#define VYRE_JOB_OVERFLOWED 0x1u     /* the result slot overflowed; the matches came from a host rescan */

typedef struct vyre_job_info {
    uint64_t user_tag;               /* as given to submit */
    uint32_t rule_set_id;
    uint32_t flags;                  /* VYRE_JOB_* */
    uint64_t match_count;
    uint64_t len;                    /* the job's bytes */
    uint64_t submit_ns;              /* monotonic ns at submit (vyre_now_ns's clock where it is CLOCK_MONOTONIC) */
    uint32_t dev_wait_ns;            /* device consumers that trace it (CUDA): from the item reaching the device to a
                                        scanner taking it; 0 = not measured; saturates at 2097151 */
    uint32_t dev_scan_ns;            /* the same: from taken to scanned (staging the bytes, the scan) */
    uint64_t complete_ns;            /* the same clock: when the consumer published the result (host consumers), or
                                        when the host first saw it (device consumers); minus submit_ns = latency */
} vyre_job_info;

typedef struct vyre_engine_stats {
    vyre_engine_path path;
    char path_reason[192];           /* why this path, e.g. "backend 'opencl' has no persistent consumers ..." */
    uint64_t submitted, collected;
    uint64_t overflows;              /* jobs rescanned on the host because their slot overflowed */
    uint64_t dispatches;             /* batched: region scans issued; persistent: consumer starts (launches) */
    uint64_t batched_jobs;           /* batched: jobs those region scans covered */
    uint64_t in_ring;                /* submitted, not yet claimed by a consumer (CUDA persistent path: not yet
                                        fetched to the device, from a tail mirror the kernel's fetcher stores;
                                        never above jobs_in_flight, 0 once everything is collected) */
    uint64_t jobs_in_flight;         /* submitted, not yet collected */
    uint32_t consumers;              /* consumer threads / resident blocks */
} vyre_engine_stats;

/* Create an engine over a backend (which must outlive it). Errors:
   VYRE_ERR_INVALID_ARGUMENT (no sets, a set entry without a set, bad mode,
   limits: each names the field and the limit), VYRE_ERR_UNSUPPORTED (FORCE
   without persistent consumers; a build with VYRE_NO_THREADS),
   VYRE_ERR_OUT_OF_MEMORY, VYRE_ERR_THREAD, and the backend's errors. */
VYREDEF vyre_result vyre_engine_create(vyre_backend *b, const vyre_engine_desc *desc, vyre_engine **out, vyre_error *err);
/* Queue one job: data[0, len) scanned with set rule_set_id. The bytes are
   copied; `data` may be reused at once. VYRE_ERR_RING_FULL when max_jobs
   jobs are in flight (collect some and retry); VYRE_ERR_HAYSTACK_CAPACITY
   when len > max_job_bytes; VYRE_ERR_INVALID_ARGUMENT for an unknown set. */
VYREDEF vyre_result vyre_engine_submit(vyre_engine *e, uint32_t rule_set_id, const void *data, size_t len,
                                       uint64_t user_tag, vyre_job *job, vyre_error *err);
/* Many jobs in one call, all or none: either every job of jobs[0, n) is
   queued (in order, handles in out[0, n)) or none is. One call claims the
   ring positions of all n with one atomic step and wakes the consumers once,
   so a producer with a burst of jobs (packets read together, the lines of
   one read) pays the ring's shared cache lines once per burst instead of
   once per job: use it whenever jobs arrive in groups. Errors: the single
   submit's, for the first bad job (its index in err->pattern_index), before
   anything is queued; VYRE_ERR_RING_FULL when fewer than n job slots are
   free (nothing queued; collect and retry); VYRE_ERR_INVALID_ARGUMENT when n
   exceeds max_jobs (it could never fit). n = 0 is VYRE_OK. */
typedef struct vyre_engine_job_desc {
    uint32_t rule_set_id;
    const void *data;
    size_t len;
    uint64_t user_tag;
} vyre_engine_job_desc;
VYREDEF vyre_result vyre_engine_submit_many(vyre_engine *e, const vyre_engine_job_desc *jobs, size_t n, vyre_job *out,
                                            vyre_error *err);
/* Collect a job if it has completed: VYRE_OK with the sorted matches in
   out[0, *count) and *info (may be NULL); the job is then released (its
   handle becomes invalid). VYRE_PENDING: not done yet, nothing changed.
   VYRE_ERR_MATCH_CAPACITY: more than cap matches, *count = the number
   needed, out cleared, the job stays collectable. VYRE_ERR_BAD_HANDLE: not a
   live job of this engine. A consumer's error for the job is returned as is
   (the job is released). */
VYREDEF vyre_result vyre_engine_poll(vyre_engine *e, vyre_job job, vyre_match *out, size_t cap, size_t *count,
                                     vyre_job_info *info, vyre_error *err);
/* poll, waiting up to timeout_ns (0: the engine's timeout_ns) for the job:
   VYRE_ERR_TIMEOUT when it expires (the job stays collectable). */
VYREDEF vyre_result vyre_engine_wait(vyre_engine *e, vyre_job job, uint64_t timeout_ns, vyre_match *out, size_t cap,
                                     size_t *count, vyre_job_info *info, vyre_error *err);
VYREDEF vyre_result vyre_engine_get_stats(vyre_engine *e, vyre_engine_stats *out, vyre_error *err);
/* Stop the consumers (bounded by timeout_ns), free everything. NULL is
   allowed. Returns the first error met while stopping. */
VYREDEF vyre_result vyre_engine_destroy(vyre_engine *e, vyre_error *err);

/* --- for backend implementers: persistent consumers -----------------
   vyre_engine_create asks a backend with VYRE_CAP_PERSISTENT for ONE
   host-visible block of plan->block_bytes (engine_open; zeroed, 64-byte
   aligned, device-readable and -writable for a device backend), lays it
   out as below, then calls engine_start. The consumers (threads, a resident
   kernel) repeat: claim an item from the ring (the >>ring protocol at
   off_ring, capacity ring_capacity; a device may be the ring's single
   consumer that takes published positions in order, in batches, hands each
   slot back with ready = position + capacity and stores the tail word after
   each batch: CUDA's fetcher), scan arena[input_offset, +input_len)
   with set rule_set_id, write the job's result slot (slot = correlation),
   then store the slot's done word = 1 with release semantics (system scope
   for a device), then call plan->notify (host consumers only). They stop
   when ctl[VYRE_ENGINE_CTL_STOP] != 0. engine_kick is called after every
   publication (wake sleeping consumers, restart an exited kernel);
   engine_close is called with the stop word set and must stop the consumers
   within plan->timeout_ns and free the block.

   Block layout (byte offsets in the plan):
     off_ctl      u32 ctl[16]: STOP (host sets), ERROR (a vyre_result the
                  consumers report when they die: the engine's waits return it)
     off_ring     the ring (>>ring layout) in the ENGINE'S SLOT ORDER: position p lives in
                  slot vyre_engine_ring_slot(ring_capacity, p) (for capacities of 64 and
                  more the low 3 bits of p & (capacity - 1) rotate to the top, so
                  consecutive positions, which different producers claim, lie in
                  different cache lines), ready[] starts as ready[slot(p)] = p, and the
                  ring's done markers are not used (the result slots carry done)
     off_results  max_jobs result slots of result_stride bytes:
                  u32 done, u32 flags (VYRE_JOB_*), u32 count (matches found,
                  saturating), i32 status (0 or a vyre_result for this job),
                  u64 complete_ns (0 = unknown), u64 device trace (0 = none: bits
                  0-20 ns from fetch to claim, 21-41 claim to scanned, each
                  saturating at 2^21 - 1), then max_matches triples
                  u32 {pattern_id, start, end} (any order; the host sorts)
     off_arena    max_jobs * max_job_bytes input bytes; job slot j at j * max_job_bytes */
enum {
    VYRE_ENGINE_CTL_STOP = 0,
    VYRE_ENGINE_CTL_ERROR = 1,
    VYRE_ENGINE_CTL_ALIVE = 2,       /* consumers running (a device kernel clears it when it exits) */
    VYRE_ENGINE_CTL_WORDS = 16
};
#define VYRE_ENGINE_RESULT_HEADER 32u
VYREDEF uint32_t vyre_engine_ring_slot(uint32_t ring_capacity, uint64_t position);
typedef struct vyre_engine_plan {
    vyre_backend *backend;
    const vyre_engine_set *sets;
    uint32_t set_count;
    uint32_t ring_capacity, max_jobs, max_job_bytes, max_matches;
    uint32_t workers;
    uint64_t timeout_ns;
    size_t block_bytes, off_ctl, off_ring, off_results, off_arena, result_stride;
    void (*notify)(void *ctx);       /* host consumers call it after publishing done words */
    void *notify_ctx;
    uint32_t *consumers;             /* engine_open stores how many consumers it runs (threads, resident blocks) */
} vyre_engine_plan;
#endif /* VYRE_NO_RING */

/* ==================================================================== */
/* >>backend-kit: helpers for backend and tool implementers              */
/* ==================================================================== */
/* What every GPU backend needs and nothing device-specific (miniaudio's
   backend helpers, documented beside the callback table): the program table
   (>>programs: vyre_program_check), the kernel disk cache below, errors
   (vyre_set_error, vyre_error_locate), allocators, match sorting. A backend
   header keeps only driver calls, its memory manager and its launch code.

   Kernel disk cache: one layout, one hash, one directory rule for every
   backend. An entry is "<dir>/<name>-<key as 16 hex digits>.bin":
       bytes 0..8   "VYREKC01"       bytes 16..24  payload length (u64, host order)
       bytes 8..16  key (u64)        bytes 24..32  vyre_kit_hash(payload, len, 0)
       bytes 32..   payload (a cubin, an OpenCL program binary...)
   The key is vyre_kit_hash over the kernel source, the compiler options and
   the device/driver identity, chained through the seed. Directories are made
   with mode 0700; writes go to a temporary file renamed into place; any
   problem reading an entry is a miss (never an error); write failures are
   ignored (the cache is an optimisation). */
/* Borrowed dispatch composed from a backend's resident operations: checks
   the program and arguments (vyre_program_check; bindings with neither data
   nor out are VYRE_ERR_INVALID_ARGUMENT), allocates one resident buffer per
   binding, then ONE sequence: uploads, the dispatch, downloads of the `out`
   bindings; releases every buffer; on any error the `out` bindings are
   cleared (nothing partial). The backend calls it with its lock held and
   lends the three entries below, which must not take that lock. */
typedef struct vyre_kit_resident_ops {
    vyre_result (*alloc)(void *self, size_t bytes, vyre_buffer *out, vyre_error *err);
    void (*release)(void *self, vyre_buffer buf);
    vyre_result (*sequence)(void *self, const vyre_op *ops, size_t n, vyre_timing *timing, vyre_error *err);
} vyre_kit_resident_ops;
VYREDEF vyre_result vyre_kit_borrowed_dispatch(const vyre_kit_resident_ops *ops, void *self, const char *backend,
                                               const char *program, const vyre_host_arg *args, uint32_t nargs,
                                               const uint64_t *scalars, uint32_t nscalars, vyre_timing *timing,
                                               vyre_error *err);
/* Dispatch builder: the one way vyre code fills a vyre_dispatch (program,
   bindings in program order, scalars in program order, grid all zero so the
   backend decides). */
VYREDEF void vyre_kit_dispatch(vyre_dispatch *d, const char *program, const vyre_buffer *bindings, uint32_t binding_count,
                               const uint64_t *scalars, uint32_t scalar_count);
/* The state check every backend entry makes, with one code per condition on
   every backend: shut down is VYRE_ERR_STATE, a lost device VYRE_ERR_DEVICE_LOST
   (message names the backend). VYRE_OK otherwise. */
VYREDEF vyre_result vyre_kit_check_usable(const char *backend, int shut_down, int device_lost, vyre_error *err);
/* THE worker pool (>>thread-pool): the CPU backend's scan parts, the CUDA
   staging copies and the ingest pipeline's readers all run on it; a backend
   needing host threads uses it too. A job is fn(arg, i) for i in
   0..ntasks-1, each index exactly once; one job at a time per pool.
   create: `workers` threads besides the caller (0 is valid: jobs run on the
   caller; a VYRE_NO_THREADS build always has 0); `who` names the owner in
   errors (VYRE_ERR_THREAD when a thread cannot start, nothing left running).
   run: the caller takes indices too; returns when every index is done.
   begin/wait: only the workers take indices (long-running tasks such as
   reader loops; give at least ntasks workers), the caller returns at once and
   must call wait from the same thread. With 0 workers begin runs the job. */
typedef struct vyre_worker_pool vyre_worker_pool;
typedef void (*vyre_task_fn)(void *arg, uint32_t index);
VYREDEF vyre_result vyre_worker_pool_create(const vyre_allocator *alloc, uint32_t workers, const char *who,
                                            vyre_worker_pool **out, vyre_error *err);
VYREDEF uint32_t vyre_worker_pool_workers(const vyre_worker_pool *p);
VYREDEF void vyre_worker_pool_run(vyre_worker_pool *p, vyre_task_fn fn, void *arg, uint32_t ntasks);
VYREDEF void vyre_worker_pool_begin(vyre_worker_pool *p, vyre_task_fn fn, void *arg, uint32_t ntasks);
VYREDEF void vyre_worker_pool_wait(vyre_worker_pool *p);
VYREDEF void vyre_worker_pool_destroy(vyre_worker_pool *p); /* NULL is a no-op */
/* Growable array of `elem`-byte items (host tables of handles, slots, cache
   entries): make *arr hold at least `need` items, doubling *cap from 16.
   VYRE_ERR_OVERFLOW or VYRE_ERR_OUT_OF_MEMORY naming `what` (e.g. "CUDA
   buffer table"); *arr and *cap are unchanged on error. */
VYREDEF vyre_result vyre_kit_grow(const vyre_allocator *a, void **arr, uint32_t *cap, uint32_t need, size_t elem,
                                  const char *what, vyre_error *err);
/* Kernel families as build units (kernels.inc, FAMILIES). A GPU backend
   builds one device module per unit, on first use, from kernels.inc included
   with VYRE_KERNELS_FAMILIES = VYRE_KERNELS_COMMON | VYRE_KERNELS_UNIT_BIT(u),
   and caches it as its own disk-cache entry named after the unit
   ("<backend>-<vyre_kit_family_name(u)>"), so a backend compiles only what
   the sets it runs need:
       unit  family              built when                          programs
       0     VYRE_KERNELS_LIT    backend create (CUDA), first literal vyre_lit_matches/count/presence
                                 program or prepare (OpenCL)
       1     VYRE_KERNELS_NFA    first vyre_re_confirm dispatch      vyre_re_confirm
                                 (a regex set scanned on the GPU)
       2     VYRE_KERNELS_RING   first engine open (CUDA only)       vyre_ring_consume
   A program's unit is vyre_kit_family_unit(spec->families). */
#define VYRE_KERNELS_UNITS 4u
#define VYRE_KERNELS_UNIT_BIT(u) (VYRE_KERNELS_LIT << (u))
/* "lit", "nfa", "ring"; "?" past the end. */
VYREDEF const char *vyre_kit_family_name(uint32_t unit);
/* The build unit of a VYRE_KERNELS_* mask (its lowest family bit above
   COMMON), VYRE_KERNELS_UNITS when it names none. */
VYREDEF uint32_t vyre_kit_family_unit(uint32_t families);
/* 64-bit hash of data (8 bytes a step, then a finaliser), chained by seed. */
VYREDEF uint64_t vyre_kit_hash(const void *data, size_t len, uint64_t seed);
/* The cache directory: want == NULL -> $VYRE_CACHE_DIR (set but empty
   disables), else $XDG_CACHE_HOME/vyre, else $HOME/.cache/vyre; want == ""
   disables; else want. out is "" when disabled. */
VYREDEF void vyre_kit_cache_dir(const char *want, char *out, size_t cap);
/* out = "<dir>/<name>-<key>.bin", or "" when dir is "" or it does not fit. */
VYREDEF void vyre_kit_cache_path(const char *dir, const char *name, uint64_t key, char *out, size_t cap);
/* The payload of entry `path` for `key` (allocated with a; *len set), or NULL:
   *rejected = 1 when an entry existed but was corrupt or for another key. */
VYREDEF void *vyre_kit_cache_read(const vyre_allocator *a, const char *path, uint64_t key, size_t max_len,
                                  size_t *len, int *rejected);
/* Store an entry (mkdir -p 0700 of its directory, temp file + rename).
   Returns 0 when stored, -1 otherwise. */
VYREDEF int vyre_kit_cache_write(const char *path, uint64_t key, const void *data, size_t len);

/* Set err (if non-NULL) and return code. printf-style message; fix is a
   fixed sentence that should start with "Fix:". */
VYREDEF vyre_result vyre_set_error(vyre_error *err, vyre_result code, const char *fix, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Name the culprit of the error just set (pattern index, byte offset in it;
   VYRE_ERROR_NO_* for none) and return `code`. err may be NULL. Compilers use
   return vyre_error_locate(err, vyre_set_error(err, ...), index, offset); */
VYREDEF vyre_result vyre_error_locate(vyre_error *err, vyre_result code, uint32_t pattern_index, uint64_t offset);
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

/* ==================================================================== */
/* >>impl                                                                */
/* ==================================================================== */
#if defined(VYRE_IMPLEMENTATION) && !defined(VYRE_IMPLEMENTATION_DONE)
#define VYRE_IMPLEMENTATION_DONE

#if defined(VYRE_MALLOC) && defined(VYRE_REALLOC) && defined(VYRE_FREE)
/* all three given */
#elif !defined(VYRE_MALLOC) && !defined(VYRE_REALLOC) && !defined(VYRE_FREE)
#  include <stdlib.h>
#  define VYRE_MALLOC(sz) malloc(sz)
#  define VYRE_REALLOC(p, sz) realloc(p, sz)
#  define VYRE_FREE(p) free(p)
#else
#  error "vyre.h: define all of VYRE_MALLOC, VYRE_REALLOC and VYRE_FREE, or none of them"
#endif

#ifndef VYRE_ASSERT
#  include <assert.h>
#  define VYRE_ASSERT(x) assert(x)
#endif

#include <string.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <time.h>
#if !defined(_WIN32)
#  include <unistd.h>
#  include <sys/stat.h>
#endif
#if !defined(VYRE_NO_THREADS)
#  include <pthread.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- version, errors ---------------------------------------------- */
VYREDEF const char *vyre_version(void) { return VYRE_VERSION_STRING; }
VYREDEF uint32_t vyre_version_number(void) { return (uint32_t)VYRE_VERSION_NUMBER; }

VYREDEF const char *vyre_result_str(vyre_result code) {
    switch (code) {
    case VYRE_OK: return "VYRE_OK";
    case VYRE_STOPPED: return "VYRE_STOPPED";
    case VYRE_PENDING: return "VYRE_PENDING";
    case VYRE_ERR_INVALID_ARGUMENT: return "VYRE_ERR_INVALID_ARGUMENT";
    case VYRE_ERR_EMPTY_PATTERN: return "VYRE_ERR_EMPTY_PATTERN";
    case VYRE_ERR_EMPTY_SET: return "VYRE_ERR_EMPTY_SET";
    case VYRE_ERR_TOO_MANY_PATTERNS: return "VYRE_ERR_TOO_MANY_PATTERNS";
    case VYRE_ERR_PATTERN_TOO_LONG: return "VYRE_ERR_PATTERN_TOO_LONG";
    case VYRE_ERR_DFA_TOO_LARGE: return "VYRE_ERR_DFA_TOO_LARGE";
    case VYRE_ERR_BAD_REGIONS: return "VYRE_ERR_BAD_REGIONS";
    case VYRE_ERR_BAD_ALLOCATOR: return "VYRE_ERR_BAD_ALLOCATOR";
    case VYRE_ERR_BAD_PROGRAM: return "VYRE_ERR_BAD_PROGRAM";
    case VYRE_ERR_TABLES_TOO_LARGE: return "VYRE_ERR_TABLES_TOO_LARGE";
    case VYRE_ERR_REGEX_SYNTAX: return "VYRE_ERR_REGEX_SYNTAX";
    case VYRE_ERR_REGEX_UNSUPPORTED: return "VYRE_ERR_REGEX_UNSUPPORTED";
    case VYRE_ERR_REGEX_TOO_LARGE: return "VYRE_ERR_REGEX_TOO_LARGE";
    case VYRE_ERR_RULES_SYNTAX: return "VYRE_ERR_RULES_SYNTAX";
    case VYRE_ERR_RULES_INVALID: return "VYRE_ERR_RULES_INVALID";
    case VYRE_ERR_RULES_UNSUPPORTED: return "VYRE_ERR_RULES_UNSUPPORTED";
    case VYRE_ERR_MATCH_CAPACITY: return "VYRE_ERR_MATCH_CAPACITY";
    case VYRE_ERR_REGION_CAPACITY: return "VYRE_ERR_REGION_CAPACITY";
    case VYRE_ERR_HAYSTACK_CAPACITY: return "VYRE_ERR_HAYSTACK_CAPACITY";
    case VYRE_ERR_OUTPUT_TOO_SMALL: return "VYRE_ERR_OUTPUT_TOO_SMALL";
    case VYRE_ERR_OUT_OF_RANGE: return "VYRE_ERR_OUT_OF_RANGE";
    case VYRE_ERR_RING_FULL: return "VYRE_ERR_RING_FULL";
    case VYRE_ERR_OUT_OF_MEMORY: return "VYRE_ERR_OUT_OF_MEMORY";
    case VYRE_ERR_OVERFLOW: return "VYRE_ERR_OVERFLOW";
    case VYRE_ERR_UNSUPPORTED: return "VYRE_ERR_UNSUPPORTED";
    case VYRE_ERR_BACKEND_UNAVAILABLE: return "VYRE_ERR_BACKEND_UNAVAILABLE";
    case VYRE_ERR_DEVICE: return "VYRE_ERR_DEVICE";
    case VYRE_ERR_DEVICE_OUT_OF_MEMORY: return "VYRE_ERR_DEVICE_OUT_OF_MEMORY";
    case VYRE_ERR_DEVICE_LOST: return "VYRE_ERR_DEVICE_LOST";
    case VYRE_ERR_KERNEL_COMPILE: return "VYRE_ERR_KERNEL_COMPILE";
    case VYRE_ERR_LAUNCH: return "VYRE_ERR_LAUNCH";
    case VYRE_ERR_BAD_HANDLE: return "VYRE_ERR_BAD_HANDLE";
    case VYRE_ERR_THREAD: return "VYRE_ERR_THREAD";
    case VYRE_ERR_BACKEND_OUTPUT: return "VYRE_ERR_BACKEND_OUTPUT";
    case VYRE_ERR_TIMEOUT: return "VYRE_ERR_TIMEOUT";
    case VYRE_ERR_SERIAL_TRUNCATED: return "VYRE_ERR_SERIAL_TRUNCATED";
    case VYRE_ERR_SERIAL_CORRUPT: return "VYRE_ERR_SERIAL_CORRUPT";
    case VYRE_ERR_SERIAL_VERSION: return "VYRE_ERR_SERIAL_VERSION";
    case VYRE_ERR_STATE: return "VYRE_ERR_STATE";
    case VYRE_ERR_IO: return "VYRE_ERR_IO";
    default: return "VYRE_ERR_UNKNOWN";
    }
}

VYREDEF vyre_result vyre_set_error(vyre_error *err, vyre_result code, const char *fix, const char *fmt, ...) {
    if (err) {
        va_list ap;
        err->code = code;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
        snprintf(err->fix, sizeof err->fix, "%s", fix ? fix : "");
        err->pattern_index = VYRE_ERROR_NO_PATTERN;
        err->offset = VYRE_ERROR_NO_OFFSET;
    }
    return code;
}
VYREDEF vyre_result vyre_error_locate(vyre_error *err, vyre_result code, uint32_t pattern_index, uint64_t offset) {
    if (err) { err->pattern_index = pattern_index; err->offset = offset; }
    return code;
}

/* bounded append: copies as much of src as fits, always terminates */
static size_t vyre__append(char *buf, size_t size, size_t at, const char *src) {
    while (*src && at + 1 < size) buf[at++] = *src++;
    buf[at] = 0;
    return at;
}
VYREDEF char *vyre_error_format(const vyre_error *err, char *buf, size_t buf_size) {
    size_t at = 0;
    if (!buf || buf_size == 0) return buf;
    buf[0] = 0;
    if (!err) { vyre__append(buf, buf_size, 0, "(no error)"); return buf; }
    at = vyre__append(buf, buf_size, at, vyre_result_str(err->code));
    at = vyre__append(buf, buf_size, at, ": ");
    at = vyre__append(buf, buf_size, at, err->message);
    if (err->fix[0]) {
        at = vyre__append(buf, buf_size, at, " ");
        vyre__append(buf, buf_size, at, err->fix);
    }
    return buf;
}

static void vyre__clear_error(vyre_error *err) {
    if (err) {
        err->code = VYRE_OK; err->message[0] = 0; err->fix[0] = 0;
        err->pattern_index = VYRE_ERROR_NO_PATTERN; err->offset = VYRE_ERROR_NO_OFFSET;
    }
}

#define VYRE__OOM(err, what, bytes) \
    vyre_set_error((err), VYRE_ERR_OUT_OF_MEMORY, "Fix: free memory, lower the input or set size, or give a larger allocator.", \
                   "out of memory allocating %s (%llu bytes)", (what), (unsigned long long)(bytes))
#define VYRE__NULLARG(err, name) \
    vyre_set_error((err), VYRE_ERR_INVALID_ARGUMENT, "Fix: pass a valid, non-NULL " name ".", "argument '" name "' is NULL")

/* ---- allocators ---------------------------------------------------- */
static void *vyre__default_alloc(size_t size, void *user) { (void)user; return VYRE_MALLOC(size); }
static void *vyre__default_realloc(void *p, size_t size, void *user) { (void)user; return VYRE_REALLOC(p, size); }
static void vyre__default_free(void *p, void *user) { (void)user; VYRE_FREE(p); }

VYREDEF vyre_result vyre_allocator_resolve(const vyre_allocator *in, vyre_allocator *out, vyre_error *err) {
    int n;
    if (!out) return VYRE__NULLARG(err, "out");
    n = in ? (in->alloc != NULL) + (in->realloc != NULL) + (in->free != NULL) : 0;
    if (n == 0) {
        out->alloc = vyre__default_alloc; out->realloc = vyre__default_realloc; out->free = vyre__default_free;
        out->user = NULL;
        return VYRE_OK;
    }
    if (n != 3)
        return vyre_set_error(err, VYRE_ERR_BAD_ALLOCATOR,
                              "Fix: set all three of alloc, realloc and free, or leave the whole vyre_allocator zeroed for the defaults.",
                              "half-filled vyre_allocator: alloc=%s realloc=%s free=%s",
                              in->alloc ? "set" : "NULL", in->realloc ? "set" : "NULL", in->free ? "set" : "NULL");
    *out = *in;
    return VYRE_OK;
}
VYREDEF void *vyre_alloc(const vyre_allocator *a, size_t size) { return size ? a->alloc(size, a->user) : NULL; }
VYREDEF void *vyre_realloc(const vyre_allocator *a, void *p, size_t size) { return a->realloc(p, size, a->user); }
VYREDEF void vyre_free(const vyre_allocator *a, void *p) { if (p) a->free(p, a->user); }

/* ---- >>checked-math: overflow-checked size arithmetic, growable arrays (vyre__vec) ---- */
static int vyre__mul(size_t a, size_t b, size_t *out) {
    if (b && a > (size_t)-1 / b) return 0;
    *out = a * b; return 1;
}
static int vyre__add(size_t a, size_t b, size_t *out) {
    if (a > (size_t)-1 - b) return 0;
    *out = a + b; return 1;
}
#define VYRE__OVERFLOW(err, what) \
    vyre_set_error((err), VYRE_ERR_OVERFLOW, "Fix: split the input or lower the sizes involved.", "size of %s overflows", (what))

/* zeroed allocation of n*size bytes, checked */
static void *vyre__calloc(const vyre_allocator *a, size_t n, size_t size, const char *what, vyre_error *err) {
    size_t bytes; void *p;
    if (!vyre__mul(n, size, &bytes)) { VYRE__OVERFLOW(err, what); return NULL; }
    if (bytes == 0) bytes = 1;
    p = a->alloc(bytes, a->user);
    if (!p) { VYRE__OOM(err, what, bytes); return NULL; }
    memset(p, 0, bytes);
    return p;
}

/* a growable array of fixed-size items */
typedef struct vyre__vec { void *data; size_t len, cap, item; } vyre__vec;
static int vyre__vec_reserve(const vyre_allocator *a, vyre__vec *v, size_t want) {
    size_t ncap, bytes; void *p;
    if (want <= v->cap) return 1;
    ncap = v->cap ? v->cap : 64;
    while (ncap < want) { if (ncap > ((size_t)-1) / 4) { ncap = want; break; } ncap *= 2; }
    if (!vyre__mul(ncap, v->item, &bytes)) return 0;
    p = a->realloc(v->data, bytes, a->user);
    if (!p) return 0;
    v->data = p; v->cap = ncap;
    return 1;
}

VYREDEF uint64_t vyre_now_ns(void) {
#if defined(CLOCK_MONOTONIC) && !defined(_WIN32)
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
#else
    return (uint64_t)clock() * (1000000000ull / CLOCKS_PER_SEC);
#endif
}

/* ---- >>sorting: match sorts (merge sort with context: C99 qsort has none) --- */
typedef int (*vyre__cmp_fn)(const void *a, const void *b, const void *ctx);
static void vyre__msort_rec(unsigned char *base, unsigned char *tmp, size_t n, size_t sz, vyre__cmp_fn cmp, const void *ctx) {
    size_t h, i, j, k;
    if (n < 2) return;
    if (n <= 12) { /* insertion sort */
        for (i = 1; i < n; i++) {
            memcpy(tmp, base + i * sz, sz);
            for (j = i; j > 0 && cmp(base + (j - 1) * sz, tmp, ctx) > 0; j--) memcpy(base + j * sz, base + (j - 1) * sz, sz);
            memcpy(base + j * sz, tmp, sz);
        }
        return;
    }
    h = n / 2;
    vyre__msort_rec(base, tmp, h, sz, cmp, ctx);
    vyre__msort_rec(base + h * sz, tmp, n - h, sz, cmp, ctx);
    if (cmp(base + (h - 1) * sz, base + h * sz, ctx) <= 0) return;
    memcpy(tmp, base, n * sz);
    i = 0; j = h; k = 0;
    while (i < h && j < n) {
        if (cmp(tmp + j * sz, tmp + i * sz, ctx) < 0) { memcpy(base + k * sz, tmp + j * sz, sz); j++; }
        else { memcpy(base + k * sz, tmp + i * sz, sz); i++; }
        k++;
    }
    if (i < h) memcpy(base + k * sz, tmp + i * sz, (h - i) * sz);
    else if (j < n) memcpy(base + k * sz, tmp + j * sz, (n - j) * sz);
}
/* returns 0 on allocation failure */
static int vyre__msort(const vyre_allocator *a, void *base, size_t n, size_t sz, vyre__cmp_fn cmp, const void *ctx) {
    size_t bytes; void *tmp;
    if (n < 2) return 1;
    if (!vyre__mul(n, sz, &bytes)) return 0;
    tmp = a->alloc(bytes, a->user);
    if (!tmp) return 0;
    vyre__msort_rec((unsigned char *)base, (unsigned char *)tmp, n, sz, cmp, ctx);
    a->free(tmp, a->user);
    return 1;
}

static int vyre__match_less(const vyre_match *x, const vyre_match *y) {
    if (x->region != y->region) return x->region < y->region;
    if (x->start != y->start) return x->start < y->start;
    if (x->end != y->end) return x->end < y->end;
    return x->pattern_id < y->pattern_id;
}
/* In-place sort without allocation: heap sort after an O(n) sortedness check
   (backends usually hand back nearly sorted data, so check runs first). */
static void vyre__sift(vyre_match *m, size_t i, size_t n) {
    for (;;) {
        size_t l = 2 * i + 1, big = i; vyre_match t;
        if (l < n && vyre__match_less(&m[big], &m[l])) big = l;
        if (l + 1 < n && vyre__match_less(&m[big], &m[l + 1])) big = l + 1;
        if (big == i) return;
        t = m[i]; m[i] = m[big]; m[big] = t; i = big;
    }
}
/* typed merge sort for matches: insertion sort below 24, halves already in
   order are not merged (backends hand back long ordered runs) */
static void vyre__msort_m(vyre_match *a, vyre_match *tmp, size_t n) {
    size_t h, i, j, k;
    if (n < 24) {
        for (i = 1; i < n; i++) {
            vyre_match t = a[i];
            for (j = i; j > 0 && vyre__match_less(&t, &a[j - 1]); j--) a[j] = a[j - 1];
            a[j] = t;
        }
        return;
    }
    h = n / 2;
    vyre__msort_m(a, tmp, h);
    vyre__msort_m(a + h, tmp, n - h);
    if (!vyre__match_less(&a[h], &a[h - 1])) return;
    memcpy(tmp, a, h * sizeof *a);
    i = 0; j = h; k = 0;
    while (i < h && j < n) a[k++] = vyre__match_less(&a[j], &tmp[i]) ? a[j++] : tmp[i++];
    while (i < h) a[k++] = tmp[i++];
}
/* LSD radix sort for large match lists: key = (start - min) << 32 | len << 16 |
   (pattern_id & 0xFFFF), 11-bit digits, digits shared by every key skipped;
   ties of (start, end) are then put in pattern_id order. Returns 0 (and
   leaves m untouched) when it does not apply or scratch cannot be had. */
static int vyre__radix_matches(const vyre_allocator *A, vyre_match *m, size_t n) {
    uint64_t lo = (uint64_t)-1, hi = 0, *k0, *k1;
    uint32_t *i0, *i1, bits, shift;
    size_t i, j, bytes, cnt[2048];
    vyre_match *tmp;
    unsigned char *mem;
    for (i = 0; i < n; i++) {
        if (m[i].region != 0 || m[i].end < m[i].start || m[i].end - m[i].start > 0xFFFFu) return 0;
        if (m[i].start < lo) lo = m[i].start;
        if (m[i].start > hi) hi = m[i].start;
    }
    if (hi - lo >= ((uint64_t)1 << 31)) return 0;
    if (!vyre__mul(n, 2 * 8 + 2 * 4 + sizeof(vyre_match), &bytes)) return 0;
    mem = (unsigned char *)A->alloc(bytes, A->user);
    if (!mem) return 0;
    k0 = (uint64_t *)mem; k1 = k0 + n; i0 = (uint32_t *)(k1 + n); i1 = i0 + n;
    tmp = (vyre_match *)(void *)(i1 + n); /* offset 24n: 8-byte aligned for vyre_match */
    for (i = 0; i < n; i++) {
        k0[i] = ((m[i].start - lo) << 32) | ((m[i].end - m[i].start) << 16) | (m[i].pattern_id & 0xFFFFu);
        i0[i] = (uint32_t)i;
    }
    for (bits = 0; (hi - lo) >> bits; bits++) {}
    bits += 32;
    for (shift = 0; shift < bits; shift += 11) {
        size_t sum = 0;
        uint64_t *tk;
        uint32_t *ti;
        memset(cnt, 0, sizeof cnt);
        for (i = 0; i < n; i++) cnt[(k0[i] >> shift) & 2047u]++;
        for (j = 0; j < 2048; j++) { size_t c = cnt[j]; if (c == n) break; cnt[j] = sum; sum += c; }
        if (j < 2048) continue; /* every key has the same digit: nothing to do */
        for (i = 0; i < n; i++) { size_t d = (size_t)((k0[i] >> shift) & 2047u); k1[cnt[d]] = k0[i]; i1[cnt[d]++] = i0[i]; }
        tk = k0; k0 = k1; k1 = tk; ti = i0; i0 = i1; i1 = ti;
    }
    for (i = 0; i < n; i++) tmp[i] = m[i0[i]];
    /* equal (start, end): order by the full pattern_id (the key held its low 16 bits) */
    for (i = 1; i < n; i++) {
        vyre_match t = tmp[i];
        for (j = i; j > 0 && tmp[j - 1].start == t.start && tmp[j - 1].end == t.end && tmp[j - 1].pattern_id > t.pattern_id; j--)
            tmp[j] = tmp[j - 1];
        tmp[j] = t;
    }
    memcpy(m, tmp, n * sizeof *m);
    A->free(mem, A->user);
    return 1;
}

/* sort with scratch from `A`: radix for big unordered lists, merge sort
   (near-linear on ordered runs) otherwise; heap sort if scratch fails */
static void vyre__sort_matches_a(const vyre_allocator *A, vyre_match *m, size_t n) {
    size_t i, bytes;
    vyre_match *tmp;
    if (!m || n < 2) return;
    for (i = 1; i < n; i++) if (vyre__match_less(&m[i], &m[i - 1])) break;
    if (i == n) return;
    if (n >= 4096 && vyre__radix_matches(A, m, n)) return;
    if (vyre__mul(n / 2 + 1, sizeof *m, &bytes) && (tmp = (vyre_match *)A->alloc(bytes, A->user)) != NULL) {
        vyre__msort_m(m, tmp, n);
        A->free(tmp, A->user);
        return;
    }
    vyre_sort_matches(m, n);
}
VYREDEF void vyre_sort_matches(vyre_match *m, size_t n) {
    size_t i;
    if (!m || n < 2) return;
    for (i = 1; i < n; i++) if (vyre__match_less(&m[i], &m[i - 1])) break;
    if (i == n) return;
    for (i = n / 2; i-- > 0;) vyre__sift(m, i, n);
    for (i = n - 1; i > 0; i--) { vyre_match t = m[0]; m[0] = m[i]; m[i] = t; vyre__sift(m, 0, i); }
}

/* ---- >>engines: the engine switch ------------------------------------
   Every compiled set starts with a vyre_pattern_set header that names its
   kind and its engine table. Scanners, streams, region scans, callbacks and
   sessions (>>scan, >>sessions) reach a kind only through this table, the way
   Hyperscan dispatches by NFA type: to add a kind, fill one vyre__engine_ops
   in the kind's own chapter and set it in the compiler's output; nothing in
   >>scan or >>sessions changes. The literal kind (vyre__lit_ops, after
   >>lit-cpu) is the model.

   entry              answers                                          literal kind
   name               the kind's name in messages                      "literal"
   kernel_families    VYRE_KERNELS_* a GPU backend compiles for it     VYRE_KERNELS_COMMON | VYRE_KERNELS_LIT
   history_bytes      bytes before a chunk that a match ending in the  max_len - 1
                      chunk may start in (a chunk join re-scans that
                      many bytes; streams keep that many). The longest
                      match is history_bytes + 1 bytes.
                      VYRE__HISTORY_UNBOUNDED: no bound (scanners then
                      refuse the set until the kind brings its own
                      stream state; see >>scan)
   match_start        start of a match of pattern `id` ending at `end`  end - length(id)
                      (exclusive), or UINT64_MAX if no match of `id`
                      can end there (a backend bug, reported)
   table_count/table  the resident tables bound after the haystack     the 16 VYRE_LT_* tables
                      for the kind's GPU programs
   program[mode-1]    program name per vyre_lit_mode (matches, count,  vyre_lit_matches/count/presence
                      presence); bindings: haystack, tables, outputs
   cpu_open/_close    the CPU engine's per-set state                   a vyre__view of the tables
   cpu_scan           scan match ends [from, to) of h into a sink on    prefilter / DFA walk
                      the CPU (the CPU backend runs it on its workers)
   free               frees the set                                    vyre__lit_free
   cpu_matches        kinds whose match start depends on the bytes      NULL
                      (regex): every match of h[0, n) whose end lies
                      in [min_end, max_end], with its start and capture
                      spans, to emit (bound: 0, or a tighter per-start
                      search bound, as max_scan_bytes). Set: scanners, streams, sessions
                      and the ingest pipeline take the kind path
                      (>>scan "kind path") instead of raw (pattern, end)
                      records; match_start is then never asked
   gpu_cap            VYRE_CAP_* bit a non-CPU backend must promise     0 (the programs
                      before the kind's GPU programs run on it; a       above always run)
                      backend without it is VYRE_ERR_UNSUPPORTED
                      (loud, never a CPU fallback)
*/
#define VYRE__HISTORY_UNBOUNDED UINT64_MAX
struct vyre__sink;
/* one match of a kind with its own match finder: caps holds 2 * ngroups
   offsets (group k+1 = caps[2k], caps[2k+1]; UINT64_MAX = did not take part).
   Return non-zero to stop. */
typedef int (*vyre__kind_emit_fn)(void *u, uint32_t pid, uint64_t start, uint64_t end, const uint64_t *caps, uint32_t ngroups);
typedef struct vyre__engine_ops {
    vyre_set_kind kind;
    const char *name;
    uint32_t kernel_families;
    uint64_t (*history_bytes)(const vyre_pattern_set *set);
    uint64_t (*match_start)(const vyre_pattern_set *set, uint32_t pattern_id, uint64_t end);
    uint32_t table_count;
    void (*table)(const vyre_pattern_set *set, uint32_t index, const void **data, size_t *bytes);
    const char *program[3];
    vyre_result (*cpu_open)(const vyre_pattern_set *set, const vyre_allocator *A, void **state, vyre_error *err);
    void (*cpu_close)(void *state, const vyre_allocator *A);
    void (*cpu_scan)(const void *state, int dfa, const uint8_t *h, size_t from, size_t to, struct vyre__sink *k);
    void (*free)(vyre_pattern_set *set);
    vyre_result (*cpu_matches)(const vyre_pattern_set *set, uint64_t bound, const uint8_t *h, size_t n, uint64_t min_end, uint64_t max_end,
                               vyre__kind_emit_fn emit, void *u, vyre_error *err);
    uint32_t gpu_cap;
} vyre__engine_ops;

/* The header every kind's set begins with (its first member). */
struct vyre_pattern_set {
    vyre_set_kind kind;
    const vyre__engine_ops *ops;
    uint32_t pattern_count;
    vyre_allocator alloc;
};

VYREDEF vyre_set_kind vyre_pattern_set_kind(const vyre_pattern_set *set) { return set ? set->kind : (vyre_set_kind)0; }
VYREDEF uint32_t vyre_pattern_set_count(const vyre_pattern_set *set) { return set ? set->pattern_count : 0; }
VYREDEF const char *vyre_pattern_set_kind_name(const vyre_pattern_set *set) { return set ? set->ops->name : "(null)"; }
VYREDEF void vyre_pattern_set_free(vyre_pattern_set *set) { if (set) set->ops->free(set); }
VYREDEF void vyre_literal_set_free(vyre_literal_set *set) { vyre_pattern_set_free(set); }
VYREDEF uint32_t vyre_presence_words(const vyre_pattern_set *set) { return set ? (set->pattern_count + 31u) / 32u : 0; }
/* bytes of the longest match (history + 1), saturating */
static uint64_t vyre__set_window(const vyre_pattern_set *set) {
    uint64_t h = set->ops->history_bytes(set);
    return h == VYRE__HISTORY_UNBOUNDED ? h : h + 1;
}
static vyre_result vyre__not_literal(const vyre_pattern_set *set, vyre_error *err) {
    return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: call the vyre_literal_set_* functions on sets made by vyre_literal_set_compile only.",
                          "the set is of kind '%s', not 'literal'", vyre_pattern_set_kind_name(set));
}

/* ---- >>literal-set implementation: >>lit-layout in memory, >>lit-compile ---- */
/* an entry of the CPU's kind-8 table (t8): a pattern of length >= 8, its
   bucket key, id, length | caseless flag (bit 31), and its
   first and last 8 bytes as PATTERN_BYTES holds them (folded when
   caseless), as little-endian u64 */
typedef struct vyre__lent {
    uint32_t key, pid, len_cl, pad;
    uint64_t head, tail;
} vyre__lent;
typedef struct vyre__lit_set {
    vyre_pattern_set base;     /* kind VYRE_SET_LITERAL, vyre__lit_ops; first member */
    vyre_allocator alloc;
    uint32_t npat, nstates, min_len, max_len;
    uint32_t key_kinds, long_kinds, bucket_mask;
    uint32_t desc_flags;
    uint64_t max_dfa_bytes;
    uint8_t *raw;              /* original bytes of all patterns */
    uint32_t *raw_off;         /* npat + 1 offsets into raw */
    uint32_t *raw_flags;       /* flags as given (desc flags OR'ed in) */
    void *tables[VYRE_LT_COUNT];
    size_t table_bytes[VYRE_LT_COUNT];
    uint8_t fold[256];
    /* CPU-side derived: raw-byte pair prefilter, index = h[i-1] | h[i] << 8,
       a superset of every candidate test (short patterns included). */
    uint32_t pair[2048];
    /* CPU-side derived: raw-byte 3-gram filter over every case variant of the
       last 3 bytes of patterns with len >= 3 (tri, 1 << tri_bits bits), and the
       raw pair filter of 1- and 2-byte patterns alone (pair_short). */
    uint32_t *tri;
    uint32_t tri_bits;
    uint32_t pair_short[2048];
    /* CPU-side derived, for the AVX2 path: q4 is a word table indexed by
       ((k3 * 0x9E3779B1) >> (32 - q4_bits)), k3 = the folded last 3 bytes
       (a | b << 8 | c << 16); bit 0 marks a len-3 pattern, bit (folded 4th-last
       byte & 31) a longer one. short_keys holds the distinct folded keys of
       1-2 byte patterns (len << 16 | b << 8 | c); nshort = their count, or
       0xFFFFFFFF when there are more than 8 (the pair_short filter is used). */
    uint32_t *q4;
    uint32_t q4_bits, nshort;
    uint32_t short_keys[8];
    /* CPU-side derived, for the AVX2 path of sets of >= VYRE__F48_MIN
       patterns (NULL otherwise): bit tables of 1 << f_bits bits over the
       bucket-key hashes of long patterns. f4: bit (w4 * 0x9E3779B1) >>
       (32 - f_bits) of every pattern of length 4..7, and of every 3-byte
       pattern under all 256 folded bytes before it; f8: bit
       ((w8 * 0x85EBCA6B) ^ (w4 * 0x9E3779B1)) >> (32 - f_bits) of every
       pattern of length >= 8 (w4, w8 as in >>lit-layout "Bucket keys"). A
       position passes if its f4 or f8 bit is set: one gather per class and 8
       positions, and far fewer survivors than Q4 on sets whose patterns share
       3-byte suffixes. Both point into the KEY_FILTER table (>>lit-layout
       "Key filter", which the GPU kernels read too); f_bits = 0 without them. */
    uint32_t *f4, *f8;
    uint32_t f_bits;
    /* CPU-side derived with f8: the patterns of length >= 8 once more,
       grouped by slot = VYRE_BUCKET_HASH(kind-8 key) & t8_mask (slots >= the
       number of such patterns): slot q's entries are t8[t8_off[q] ..
       t8_off[q + 1]). A candidate reads two words of t8_off (a small table)
       and one or two cache lines of entries (which the AVX2 path prefetches),
       instead of a bucket slot and five table reads per entry. */
    struct vyre__lent *t8;
    uint32_t *t8_off;
    uint32_t t8_mask;
    /* CPU-side derived, for the AVX-512 VBMI pre-filter of the AVX2 path
       (sets below VYRE__F48_MIN patterns; sh4_on = 0 otherwise): the
       patterns of length >= 3 in 8 buckets (by folded last byte), and
       sh4[k][c] = the buckets with a pattern whose k-th byte from the end
       folds as raw byte c does (every bucket with a pattern shorter than
       k + 1). A position whose last 4 bytes share no bucket ends no long
       pattern: a superset test in 3 byte lookups per 64 positions, no gather.
       Rows 4 and 5 hold the short keys (nshort 1..8) the same way: bit j of
       sh4[4][c] iff byte c passes key j's last-byte compare of the AVX2 path
       (a letter by c | 0x20, other bytes exactly), of sh4[5][c] iff it passes
       its previous-byte compare (every byte for a 1-byte key). */
    uint8_t sh4[6][256];
    int sh4_on;
    void *big;                 /* the BIG form's tables (>>big-layout), or NULL in the DFA form */
    /* compile work counter (VYRE__OPS): loop iterations of >>lit-compile, so
       tests bound the work per pattern byte (test_internal), not the time */
    uint64_t build_ops;
} vyre__lit_set;
#define VYRE__OPS(s, k) ((s)->build_ops += (uint64_t)(k))
#define VYRE__F48_MIN VYRE_LIT_WIDE_KEYS_MIN /* sets from this many patterns get the CPU f4/f8 filters (they test the wide keys) */
static const vyre__engine_ops *vyre__lit_engine(void);
/* the BIG form (>>big-compile): which form a compile builds, the builder, its info */
static int vyre__big_form(const vyre_compile_desc *desc, const vyre__lit_set *s, const vyre_allocator *A, vyre_error *err);
struct vyre__big_src;
static vyre_result vyre__big_build(vyre__lit_set *s, const vyre_compile_desc *desc, const struct vyre__big_src *src, vyre_error *err);
static void vyre__big_info(const vyre__lit_set *s, vyre_literal_set_info *out);
static vyre_result vyre__big_fallback(vyre__lit_set *s, const vyre_compile_desc *desc, vyre_result r, vyre_error *err);
static void vyre__big_table(const vyre_pattern_set *set, uint32_t index, const void **data, size_t *bytes);
struct vyre__big_view;
static vyre_result vyre__big_view_from_tables(const void *const *p, const size_t *len, struct vyre__big_view *v, vyre_error *err);
static void vyre__big_cpu_scan(const void *state, int dfa, const uint8_t *h, size_t from, size_t to, struct vyre__sink *k);
/* the literal set behind a pattern set, or NULL for another kind / NULL */
static const vyre__lit_set *vyre__lit_of(const vyre_pattern_set *set) {
    return set && set->kind == VYRE_SET_LITERAL ? (const vyre__lit_set *)(const void *)set : NULL;
}

static uint32_t vyre__fold(uint32_t c) { return (c - 65u < 26u) ? (c | 32u) : c; }
#define VYRE__BIT(tab, i) (((tab)[(i) >> 5] >> ((i) & 31u)) & 1u)
#define VYRE__SETBIT(tab, i) ((tab)[(i) >> 5] |= (1u << ((i) & 31u)))

static void vyre__lit_free(vyre_pattern_set *ps) {
    vyre__lit_set *set = (vyre__lit_set *)ps;
    int i;
    vyre_allocator a;
    if (!set) return;
    a = set->alloc;
    for (i = 0; i < VYRE_LT_COUNT; i++) vyre_free(&a, set->tables[i]);
    vyre_free(&a, set->raw);
    vyre_free(&a, set->raw_off);
    vyre_free(&a, set->raw_flags);
    vyre_free(&a, set->tri);
    vyre_free(&a, set->t8);
    vyre_free(&a, set->t8_off);
    vyre_free(&a, set);
}

typedef struct vyre__sortctx { const vyre__lit_set *s; } vyre__sortctx;
/* order pattern ids by folded bytes (for counting trie nodes) */
static int vyre__cmp_folded(const void *pa, const void *pb, const void *ctx) {
    const vyre__lit_set *s = ((const vyre__sortctx *)ctx)->s;
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    const uint8_t *x = s->raw + s->raw_off[a], *y = s->raw + s->raw_off[b];
    uint32_t lx = s->raw_off[a + 1] - s->raw_off[a], ly = s->raw_off[b + 1] - s->raw_off[b], i, n = lx < ly ? lx : ly;
    for (i = 0; i < n; i++) {
        uint32_t cx = vyre__fold(x[i]), cy = vyre__fold(y[i]);
        if (cx != cy) return cx < cy ? -1 : 1;
    }
    if (lx != ly) return lx < ly ? -1 : 1;
    return a < b ? -1 : (a > b);
}
/* the folded little-endian u32 of x[0..3] (SWAR: | 0x20 on bytes 'A'..'Z') */
static uint32_t vyre__fold_le4(const uint8_t *x) {
    const uint32_t w = (uint32_t)x[0] | ((uint32_t)x[1] << 8) | ((uint32_t)x[2] << 16) | ((uint32_t)x[3] << 24);
    const uint32_t t = w & 0x7F7F7F7Fu, up = (t + 0x3F3F3F3Fu) & ~(t + 0x25252525u) & ~w & 0x80808080u;
    return w | (up >> 2);
}
/* the bucket key of pattern p (>>lit-layout, "Bucket keys") */
static uint32_t vyre__bucket_key(const vyre__lit_set *s, uint32_t p) {
    const uint8_t *x = s->raw + s->raw_off[p];
    uint32_t len = s->raw_off[p + 1] - s->raw_off[p], packed = 0, i;
    if (s->npat >= VYRE_LIT_WIDE_KEYS_MIN && len >= 8) return (8u << 24) | VYRE_KEY8_HASH(vyre__fold_le4(x + len - 8), vyre__fold_le4(x + len - 4));
    if (s->npat >= VYRE_LIT_WIDE_KEYS_MIN && len >= 4) return (4u << 24) | VYRE_KEY4_HASH(vyre__fold_le4(x + len - 4));
    for (i = len > 3 ? len - 3 : 0; i < len; i++) packed = (packed << 8) | vyre__fold(x[i]);
    return ((len < 3 ? len : 3) << 24) | packed;
}
static int vyre__cmp_key(const void *pa, const void *pb, const void *ctx) {
    const vyre__lit_set *s = ((const vyre__sortctx *)ctx)->s;
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    uint32_t ka = vyre__bucket_key(s, a), kb = vyre__bucket_key(s, b);
    if (ka != kb) return ka < kb ? -1 : 1;
    return a < b ? -1 : (a > b);
}

static vyre_result vyre__table_alloc(vyre__lit_set *s, int id, size_t n_u32, vyre_error *err) {
    size_t bytes;
    if (!vyre__mul(n_u32, 4, &bytes)) return VYRE__OVERFLOW(err, "literal-set table");
    s->tables[id] = vyre__calloc(&s->alloc, n_u32, 4, "literal-set table", err);
    if (!s->tables[id]) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
    s->table_bytes[id] = bytes;
    return VYRE_OK;
}

static vyre_result vyre__build_tables(vyre__lit_set *s, vyre_error *err) {
    uint32_t n = s->npat, p, i, c;
    uint32_t *order = NULL, *fail = NULL, *queue = NULL, *own_cnt = NULL, *own_first = NULL, *own_list = NULL, *node_of = NULL;
    uint32_t *T, *outoff, *outrec, *lens, *endm, *s2, *b3, *shortm, *poff, *pflags, *bk, *bids, *params;
    uint8_t *pbytes;
    uint64_t states64 = 1, dfa_bytes, total_out;
    uint32_t nstates, next_state, qh, qt, nkeys, slots, bytes_total = 0;
    vyre__sortctx ctx;
    vyre_result r = VYRE_OK;
    const vyre_allocator *A = &s->alloc;
    ctx.s = s;

    for (i = 0; i < 256; i++) s->fold[i] = (uint8_t)vyre__fold(i);
    /* 1. exact trie size: sort by folded bytes, count new nodes per pattern */
    order = (uint32_t *)vyre__calloc(A, n, 4, "pattern order", err);
    if (!order) { r = err ? err->code : VYRE_ERR_OUT_OF_MEMORY; goto done; }
    for (p = 0; p < n; p++) order[p] = p;
    if (!vyre__msort(A, order, n, 4, vyre__cmp_folded, &ctx)) { r = VYRE__OOM(err, "pattern sort", (uint64_t)n * 4); goto done; }
    for (i = 0; i < n; i++) {
        uint32_t a = order[i], la = s->raw_off[a + 1] - s->raw_off[a], lcp = 0;
        if (i > 0) {
            uint32_t b = order[i - 1], lb = s->raw_off[b + 1] - s->raw_off[b];
            const uint8_t *x = s->raw + s->raw_off[a], *y = s->raw + s->raw_off[b];
            while (lcp < la && lcp < lb && vyre__fold(x[lcp]) == vyre__fold(y[lcp])) lcp++;
        }
        states64 += la - lcp;
        VYRE__OPS(s, la);
    }
    dfa_bytes = states64 * 256u * 4u;
    if (states64 > 0xFFFFFFF0u || dfa_bytes > s->max_dfa_bytes) {
        r = vyre_set_error(err, VYRE_ERR_DFA_TOO_LARGE,
                           "Fix: raise vyre_compile_desc.max_dfa_bytes, or split the patterns into several smaller sets.",
                           "the DFA needs %llu states = %llu bytes, over the max_dfa_bytes budget of %llu",
                           (unsigned long long)states64, (unsigned long long)dfa_bytes, (unsigned long long)s->max_dfa_bytes);
        goto done;
    }
    nstates = (uint32_t)states64;
    s->nstates = nstates;

    /* 2. trie in the dense table (0 = no child while building) */
    if ((r = vyre__table_alloc(s, VYRE_LT_TRANSITIONS, (size_t)nstates * 256u, err)) != VYRE_OK) goto done;
    T = (uint32_t *)s->tables[VYRE_LT_TRANSITIONS];
    node_of = (uint32_t *)vyre__calloc(A, n, 4, "pattern nodes", err);
    if (!node_of) { r = err ? err->code : VYRE_ERR_OUT_OF_MEMORY; goto done; }
    next_state = 1;
    for (p = 0; p < n; p++) {
        uint32_t st = 0, j, len = s->raw_off[p + 1] - s->raw_off[p];
        const uint8_t *x = s->raw + s->raw_off[p];
        VYRE__OPS(s, len);
        for (j = 0; j < len; j++) {
            uint32_t cc = vyre__fold(x[j]), nx = T[(size_t)st * 256u + cc];
            if (!nx) { nx = next_state++; T[(size_t)st * 256u + cc] = nx; }
            st = nx;
        }
        node_of[p] = st;
    }
    VYRE_ASSERT(next_state == nstates);

    /* 3. failure links + DFA completion, BFS */
    fail = (uint32_t *)vyre__calloc(A, nstates, 4, "failure links", err);
    queue = (uint32_t *)vyre__calloc(A, nstates, 4, "BFS queue", err);
    if (!fail || !queue) { r = err ? err->code : VYRE_ERR_OUT_OF_MEMORY; goto done; }
    qh = qt = 0;
    for (c = 0; c < 256; c++) {
        uint32_t ch = T[c];
        if (ch) { fail[ch] = 0; queue[qt++] = ch; }
    }
    while (qh < qt) {
        uint32_t st = queue[qh++], f = fail[st];
        uint32_t *row = T + (size_t)st * 256u, *frow = T + (size_t)f * 256u;
        VYRE__OPS(s, 256);
        for (c = 0; c < 256; c++) {
            if (row[c]) { fail[row[c]] = frow[c]; queue[qt++] = row[c]; }
            else row[c] = frow[c];
        }
    }
    /* fold columns: an upper-case byte goes where its lower case goes */
    for (i = 0; i < nstates; i++) {
        uint32_t *row = T + (size_t)i * 256u;
        for (c = 'A'; c <= 'Z'; c++) row[c] = row[c | 32u];
    }

    /* 4. outputs: own patterns (ascending id) then the failure state's */
    own_cnt = (uint32_t *)vyre__calloc(A, (size_t)nstates + 1, 4, "output counts", err);
    own_first = (uint32_t *)vyre__calloc(A, (size_t)nstates + 1, 4, "output index", err);
    own_list = (uint32_t *)vyre__calloc(A, n, 4, "output list", err);
    if (!own_cnt || !own_first || !own_list) { r = err ? err->code : VYRE_ERR_OUT_OF_MEMORY; goto done; }
    for (p = 0; p < n; p++) own_cnt[node_of[p]]++;
    for (i = 0, c = 0; i < nstates; i++) { own_first[i] = c; c += own_cnt[i]; }
    for (i = 0; i < nstates; i++) own_cnt[i] = 0;
    for (p = 0; p < n; p++) own_list[own_first[node_of[p]] + own_cnt[node_of[p]]++] = p;
    if ((r = vyre__table_alloc(s, VYRE_LT_OUTPUT_OFFSETS, (size_t)nstates + 1, err)) != VYRE_OK) goto done;
    outoff = (uint32_t *)s->tables[VYRE_LT_OUTPUT_OFFSETS];
    {
        uint64_t *tot = (uint64_t *)vyre__calloc(A, nstates, 8, "output totals", err);
        if (!tot) { r = err ? err->code : VYRE_ERR_OUT_OF_MEMORY; goto done; }
        tot[0] = own_cnt[0];
        for (i = 0; i < qt; i++) { uint32_t st = queue[i]; tot[st] = own_cnt[st] + tot[fail[st]]; }
        total_out = 0;
        for (i = 0; i < nstates; i++) {
            if (total_out > 0xFFFFFFFFull) break;
            outoff[i] = (uint32_t)total_out;
            total_out += tot[i];
        }
        vyre_free(A, tot);
        if (total_out > 0x3FFFFFFFull) {
            r = vyre_set_error(err, VYRE_ERR_DFA_TOO_LARGE, "Fix: split the patterns into several smaller sets.",
                               "the DFA output table needs %llu records, over the limit of %u", (unsigned long long)total_out,
                               0x3FFFFFFFu);
            goto done;
        }
        outoff[nstates] = (uint32_t)total_out;
    }
    if ((r = vyre__table_alloc(s, VYRE_LT_OUTPUT_RECORDS, (size_t)total_out ? (size_t)total_out : 1, err)) != VYRE_OK) goto done;
    s->table_bytes[VYRE_LT_OUTPUT_RECORDS] = (size_t)total_out * 4;
    outrec = (uint32_t *)s->tables[VYRE_LT_OUTPUT_RECORDS];
    /* root has no own outputs (no empty patterns); BFS order guarantees fail[st] is filled first */
    for (i = 0; i < qt; i++) {
        uint32_t st = queue[i], o = outoff[st], j, f = fail[st];
        VYRE__OPS(s, 1 + outoff[st + 1] - outoff[st]);
        for (j = 0; j < own_cnt[st]; j++) outrec[o++] = own_list[own_first[st] + j];
        for (j = outoff[f]; j < outoff[f + 1]; j++) outrec[o++] = outrec[j];
        VYRE_ASSERT(o == outoff[st + 1]);
    }

    /* 5. pattern tables */
    if ((r = vyre__table_alloc(s, VYRE_LT_PATTERN_LENGTHS, n, err)) != VYRE_OK) goto done;
    if ((r = vyre__table_alloc(s, VYRE_LT_PATTERN_OFFSETS, n, err)) != VYRE_OK) goto done;
    if ((r = vyre__table_alloc(s, VYRE_LT_PATTERN_FLAGS, n, err)) != VYRE_OK) goto done;
    lens = (uint32_t *)s->tables[VYRE_LT_PATTERN_LENGTHS];
    poff = (uint32_t *)s->tables[VYRE_LT_PATTERN_OFFSETS];
    pflags = (uint32_t *)s->tables[VYRE_LT_PATTERN_FLAGS];
    bytes_total = s->raw_off[n];
    if ((r = vyre__table_alloc(s, VYRE_LT_PATTERN_BYTES, ((size_t)bytes_total + 3) / 4, err)) != VYRE_OK) goto done;
    pbytes = (uint8_t *)s->tables[VYRE_LT_PATTERN_BYTES];
    for (p = 0; p < n; p++) {
        uint32_t j, len = s->raw_off[p + 1] - s->raw_off[p];
        const uint8_t *x = s->raw + s->raw_off[p];
        int cl = (s->raw_flags[p] & VYRE_CASELESS) != 0;
        lens[p] = len; poff[p] = s->raw_off[p]; pflags[p] = cl ? VYRE_CASELESS : 0u;
        for (j = 0; j < len; j++) pbytes[s->raw_off[p] + j] = cl ? (uint8_t)vyre__fold(x[j]) : x[j];
    }

    /* 6. prefilter masks */
    if ((r = vyre__table_alloc(s, VYRE_LT_END_MASK, 8, err)) != VYRE_OK) goto done;
    if ((r = vyre__table_alloc(s, VYRE_LT_SUFFIX2_MASK, 2048, err)) != VYRE_OK) goto done;
    if ((r = vyre__table_alloc(s, VYRE_LT_SUFFIX3_BLOOM, VYRE_BLOOM3_BITS / 32, err)) != VYRE_OK) goto done;
    if ((r = vyre__table_alloc(s, VYRE_LT_SHORT_MASK, 8 + 2048, err)) != VYRE_OK) goto done;
    endm = (uint32_t *)s->tables[VYRE_LT_END_MASK];
    s2 = (uint32_t *)s->tables[VYRE_LT_SUFFIX2_MASK];
    b3 = (uint32_t *)s->tables[VYRE_LT_SUFFIX3_BLOOM];
    shortm = (uint32_t *)s->tables[VYRE_LT_SHORT_MASK];
    memset(s->pair, 0, sizeof s->pair);
    s->min_len = 0xFFFFFFFFu; s->max_len = 0; s->key_kinds = 0; s->long_kinds = 0;
    for (p = 0; p < n; p++) {
        uint32_t len = lens[p];
        const uint8_t *x = s->raw + s->raw_off[p];
        uint32_t cz = vyre__fold(x[len - 1]);
        if (len < s->min_len) s->min_len = len;
        if (len > s->max_len) s->max_len = len;
        s->key_kinds |= 1u << ((len < 3 ? len : 3) - 1);
        if (len >= 3) s->long_kinds |= n < VYRE_LIT_WIDE_KEYS_MIN ? 1u : len >= 8 ? 4u : len >= 4 ? 2u : 1u;
        VYRE__SETBIT(endm, cz);
        VYRE__OPS(s, 1);
        if (len == 1) {
            VYRE__SETBIT(shortm, cz);
        } else {
            uint32_t cy = vyre__fold(x[len - 2]);
            VYRE__SETBIT(s2, (cy << 8) | cz);
            if (len == 2) VYRE__SETBIT(shortm, 256u + ((cy << 8) | cz));
            else VYRE__SETBIT(b3, VYRE_BLOOM3_HASH(vyre__fold(x[len - 3]), cy, cz));
        }
    }
    /* the raw pair filter, once per distinct folded key (not per pattern: a
       blob of a million 1-byte patterns must not cost a million 256 x 256
       loops): every raw (lo, hi) whose folded hi is a 1-byte pattern, or whose
       folded (lo, hi) ends a longer one */
    for (i = 0; i < 65536u; i++) {
        uint32_t lo = i & 255u, hi = i >> 8;
        VYRE__OPS(s, 1);
        if (VYRE__BIT(shortm, vyre__fold(hi)) || VYRE__BIT(s2, (vyre__fold(lo) << 8) | vyre__fold(hi))) VYRE__SETBIT(s->pair, i);
    }

    /* 6b. CPU 3-gram filter: every case variant of the last 3 bytes */
    {
        uint64_t entries = 0, bits;
        uint32_t tb = 15;
        for (p = 0; p < n; p++) if (lens[p] >= 3) entries += (s->raw_flags[p] & VYRE_CASELESS) ? 8u : 1u;
        bits = entries * 128u;   /* < 1% of the bits set: false positives stay rare */
        while (tb < 22 && (1ull << tb) < bits) tb++;
        s->tri_bits = tb;
        s->tri = (uint32_t *)vyre__calloc(A, (size_t)1 << (tb - 5), 4, "3-gram filter", err);
        if (!s->tri) { r = err ? err->code : VYRE_ERR_OUT_OF_MEMORY; goto done; }
        /* the pair filter restricted to short patterns: first the distinct keys
           (raw bytes for case-sensitive patterns, folded for caseless ones),
           then one pass over the 65536 pairs */
        uint32_t *k1 = NULL, *k2 = NULL;   /* k1: [0,8) raw 1-byte, [8,16) folded 1-byte; k2: [0,2048) raw pairs, [2048,4096) folded */
        k1 = (uint32_t *)vyre__calloc(A, 16, 4, "short-pattern keys", err);
        k2 = (uint32_t *)vyre__calloc(A, 4096, 4, "short-pattern keys", err);
        if (!k1 || !k2) { vyre_free(A, k1); vyre_free(A, k2); r = err ? err->code : VYRE_ERR_OUT_OF_MEMORY; goto done; }
        memset(s->pair_short, 0, sizeof s->pair_short);
        for (p = 0; p < n; p++) {
            uint32_t len = lens[p], cl = (s->raw_flags[p] & VYRE_CASELESS) != 0;
            const uint8_t *x = s->raw + s->raw_off[p];
            VYRE__OPS(s, 1);
            if (len == 1) VYRE__SETBIT(k1, cl ? 256u + vyre__fold(x[0]) : x[0]);
            else if (len == 2) VYRE__SETBIT(k2, cl ? 65536u + (vyre__fold(x[0]) | (vyre__fold(x[1]) << 8)) : (x[0] | ((uint32_t)x[1] << 8)));
        }
        for (i = 0; i < 65536u; i++) {
            uint32_t lo = i & 255u, hi = i >> 8;
            VYRE__OPS(s, 1);
            if (VYRE__BIT(k1, hi) || VYRE__BIT(k1, 256u + vyre__fold(hi)) || VYRE__BIT(k2, i) ||
                VYRE__BIT(k2, 65536u + (vyre__fold(lo) | (vyre__fold(hi) << 8))))
                VYRE__SETBIT(s->pair_short, i);
        }
        vyre_free(A, k1); vyre_free(A, k2);
        for (p = 0; p < n; p++) {
            uint32_t len = lens[p], v3;
            const uint8_t *x = s->raw + s->raw_off[p];
            if (len < 3) continue;
            VYRE__OPS(s, 8);
            for (v3 = 0; v3 < 8; v3++) {
                uint32_t a0 = x[len - 3], a1 = x[len - 2], a2 = x[len - 1], key;
                if (s->raw_flags[p] & VYRE_CASELESS) {
                    a0 = vyre__fold(a0); a1 = vyre__fold(a1); a2 = vyre__fold(a2);
                    if (v3 & 1) { if (a0 - 97u < 26u) a0 -= 32u; else continue; }
                    if (v3 & 2) { if (a1 - 97u < 26u) a1 -= 32u; else continue; }
                    if (v3 & 4) { if (a2 - 97u < 26u) a2 -= 32u; else continue; }
                } else if (v3) break;
                key = a0 | (a1 << 8) | (a2 << 16);
                VYRE__SETBIT(s->tri, (key * 0x9E3779B1u) >> (32 - tb));
            }
        }
        /* the AVX2 path's tables (over folded bytes: a superset for case-sensitive patterns) */
        {
            uint32_t nl = 0, qb = 10;
            for (p = 0; p < n; p++) if (lens[p] >= 3) nl++;
            while (qb < 15 && (1u << qb) < nl * 16u) qb++;   /* <= 128 KiB: fits GPU shared memory */
            s->q4_bits = qb;
            if ((r = vyre__table_alloc(s, VYRE_LT_Q4, (size_t)1 << qb, err)) != VYRE_OK) goto done;
            s->q4 = (uint32_t *)s->tables[VYRE_LT_Q4];
            s->nshort = 0;
            for (p = 0; p < n; p++) {
                uint32_t len = lens[p], k3, key, j;
                const uint8_t *x = s->raw + s->raw_off[p];
                if (len >= 3) {
                    k3 = vyre__fold(x[len - 3]) | (vyre__fold(x[len - 2]) << 8) | (vyre__fold(x[len - 1]) << 16);
                    s->q4[(k3 * 0x9E3779B1u) >> (32 - qb)] |= 1u << (len == 3 ? 0u : (vyre__fold(x[len - 4]) & 31u));
                    continue;
                }
                if (s->nshort > 8) continue;
                key = (len << 16) | (len == 2 ? vyre__fold(x[0]) << 8 : 0u) | vyre__fold(x[len - 1]);
                for (j = 0; j < s->nshort; j++) if (s->short_keys[j] == key) break;
                if (j < s->nshort) continue;
                if (s->nshort == 8) s->nshort = 0xFFFFFFFFu;
                else s->short_keys[s->nshort++] = key;
            }
            /* the sh4 pre-filter (see the struct): buckets by folded last byte, about nl / 8 patterns each */
            memset(s->sh4, 0, sizeof s->sh4);
            s->sh4_on = 0;
            if (n < VYRE__F48_MIN && nl) {
                uint32_t hist[256], bof[256], cb, acc = 0, k;
                uint8_t f4m[4][256], short3 = 0; /* short3: the buckets of 3-byte patterns (any 4th-last byte) */
                memset(hist, 0, sizeof hist);
                memset(f4m, 0, sizeof f4m);
                for (p = 0; p < n; p++) if (lens[p] >= 3) hist[vyre__fold(s->raw[s->raw_off[p] + lens[p] - 1])]++;
                for (cb = 0; cb < 256; cb++) { bof[cb] = (uint32_t)(((uint64_t)acc * 8u) / nl); acc += hist[cb]; }
                for (p = 0; p < n; p++) {
                    uint32_t len = lens[p];
                    const uint8_t *x = s->raw + s->raw_off[p];
                    uint8_t bit;
                    if (len < 3) continue;
                    bit = (uint8_t)(1u << bof[vyre__fold(x[len - 1])]);
                    VYRE__OPS(s, 4);
                    for (k = 0; k < 3; k++) f4m[k][vyre__fold(x[len - 1 - k])] |= bit;
                    if (len > 3) f4m[3][vyre__fold(x[len - 4])] |= bit;
                    else short3 |= bit;
                }
                for (k = 0; k < 4; k++)
                    for (cb = 0; cb < 256; cb++) s->sh4[k][cb] = (uint8_t)(f4m[k][vyre__fold(cb)] | (k == 3 ? short3 : 0u));
                for (k = 0; s->nshort <= 8 && k < s->nshort; k++) {
                    const uint32_t key = s->short_keys[k], lc = key & 255u, pc = (key >> 8) & 255u;
                    for (cb = 0; cb < 256; cb++) {
                        if (lc - 97u < 26u ? (cb | 32u) == lc : cb == lc) s->sh4[4][cb] |= (uint8_t)(1u << k);
                        if ((key >> 16) != 2u || (pc - 97u < 26u ? (cb | 32u) == pc : cb == pc)) s->sh4[5][cb] |= (uint8_t)(1u << k);
                    }
                }
                s->sh4_on = 1;
            }
        }
    }

    /* 6c. the bucket-key filters f4 / f8 (KEY_FILTER, >>lit-layout "Key filter") for sets of
       >= VYRE__F48_MIN patterns: the CPU's AVX2 path and the GPU kernels filter with them */
    s->f_bits = 0; s->f4 = NULL; s->f8 = NULL;
    if (n >= VYRE__F48_MIN && (s->long_kinds & 7u)) {
        uint64_t entries = 0, fbits;
        uint32_t fb = 17, x, w, q, *kf;
        for (p = 0; p < n; p++) entries += lens[p] == 3 ? 256u : lens[p] >= 4 ? 1u : 0u;
        fbits = entries * 64u;   /* ~1.5% of the bits set */
        while (fb < 23 && (1ull << fb) < fbits) fb++;
        s->f_bits = fb;
        w = 1u << (fb - 5);
        if ((r = vyre__table_alloc(s, VYRE_LT_KEY_FILTER, VYRE_KF_FOLD_WORDS + ((s->long_kinds & 3u) ? w : 0u) + ((s->long_kinds & 4u) ? w : 0u), err)) != VYRE_OK) goto done;
        kf = (uint32_t *)s->tables[VYRE_LT_KEY_FILTER];
        if (s->long_kinds & 3u) s->f4 = kf + VYRE_KF_FOLD_WORDS;
        if (s->long_kinds & 4u) s->f8 = kf + VYRE_KF_FOLD_WORDS + ((s->long_kinds & 3u) ? w : 0u);
        for (p = 0; p < n; p++) {
            uint32_t len = lens[p];
            const uint8_t *xb = s->raw + s->raw_off[p];
            VYRE__OPS(s, len == 3 ? 256u : 1u);
            if (len == 3) {
                const uint32_t k3 = (vyre__fold(xb[0]) << 8) | (vyre__fold(xb[1]) << 16) | (vyre__fold(xb[2]) << 24);
                for (x = 0; x < 256; x++) VYRE__SETBIT(s->f4, ((k3 | vyre__fold(x)) * 0x9E3779B1u) >> (32 - fb));
            } else if (len >= 8) {
                VYRE__SETBIT(s->f8, ((vyre__fold_le4(xb + len - 8) * 0x85EBCA6Bu) ^ (vyre__fold_le4(xb + len - 4) * 0x9E3779B1u)) >> (32 - fb));
            } else if (len >= 4) {
                VYRE__SETBIT(s->f4, (vyre__fold_le4(xb + len - 4) * 0x9E3779B1u) >> (32 - fb));
            }
        }
        /* the fold (the GPU kernels' shared-memory copy): n = w / 4096 words of each table per word */
        VYRE__OPS(s, w);
        for (x = 0; x < VYRE_KF_FOLD_WORDS; x++) {
            uint32_t acc = 0, nf = w / VYRE_KF_FOLD_WORDS;
            for (q = 0; q < nf; q++) acc |= (s->f4 ? s->f4[x * nf + q] : 0u) | (s->f8 ? s->f8[x * nf + q] : 0u);
            kf[x] = acc;
        }
    } else if ((r = vyre__table_alloc(s, VYRE_LT_KEY_FILTER, 1, err)) != VYRE_OK) {
        goto done;   /* no key filter: one zero word (every binding a valid buffer) */
    }

    /* 7. buckets */
    for (p = 0; p < n; p++) order[p] = p;
    if (!vyre__msort(A, order, n, 4, vyre__cmp_key, &ctx)) { r = VYRE__OOM(err, "bucket sort", (uint64_t)n * 4); goto done; }
    nkeys = 0;
    for (i = 0; i < n; i++) if (i == 0 || vyre__bucket_key(s, order[i]) != vyre__bucket_key(s, order[i - 1])) nkeys++;
    slots = 16;
    while (slots < 2u * nkeys) slots *= 2;
    s->bucket_mask = slots - 1;
    if ((r = vyre__table_alloc(s, VYRE_LT_BUCKETS, (size_t)slots * 3u, err)) != VYRE_OK) goto done;
    if ((r = vyre__table_alloc(s, VYRE_LT_BUCKET_IDS, n, err)) != VYRE_OK) goto done;
    bk = (uint32_t *)s->tables[VYRE_LT_BUCKETS];
    bids = (uint32_t *)s->tables[VYRE_LT_BUCKET_IDS];
    for (i = 0; i < n;) {
        uint32_t key = vyre__bucket_key(s, order[i]), j = i, slot;
        while (j < n && vyre__bucket_key(s, order[j]) == key) { bids[j] = order[j]; j++; }
        slot = VYRE_BUCKET_HASH(key) & s->bucket_mask;
        while (bk[slot * 3u]) slot = (slot + 1) & s->bucket_mask;
        bk[slot * 3u] = key + 1; bk[slot * 3u + 1] = i; bk[slot * 3u + 2] = j - i;
        i = j;
    }
    if (s->f8) {
        uint32_t n8 = 0, t8n = 16, q;
        for (p = 0; p < n; p++) n8 += lens[p] >= 8;
        while (t8n < n8) t8n *= 2;
        s->t8 = (vyre__lent *)vyre__calloc(A, n8 ? n8 : 1, sizeof *s->t8, "kind-8 table", err);
        s->t8_off = (uint32_t *)vyre__calloc(A, (size_t)t8n + 1, 4, "kind-8 table index", err);
        if (!s->t8 || !s->t8_off) { r = err ? err->code : VYRE_ERR_OUT_OF_MEMORY; goto done; }
        s->t8_mask = t8n - 1;
        /* counting sort by slot: counts, exclusive sums, then place (ascending id within a slot) */
        for (p = 0; p < n; p++) if (lens[p] >= 8) s->t8_off[(VYRE_BUCKET_HASH(vyre__bucket_key(s, p)) & s->t8_mask) + 1]++;
        for (q = 0; q < t8n; q++) s->t8_off[q + 1] += s->t8_off[q];
        VYRE__OPS(s, t8n);
        for (p = 0; p < n; p++) {
            const uint32_t L = lens[p];
            const uint8_t *pb = pbytes + poff[p];
            uint32_t t, key, slot;
            vyre__lent *e;
            if (L < 8) continue;
            VYRE__OPS(s, 1);
            key = vyre__bucket_key(s, p);
            slot = VYRE_BUCKET_HASH(key) & s->t8_mask;
            e = s->t8 + s->t8_off[slot]++;
            e->key = key;
            e->pid = p;
            e->len_cl = L | (pflags[p] & VYRE_CASELESS ? 0x80000000u : 0u);
            for (t = 0; t < 8; t++) {
                e->head |= (uint64_t)pb[t] << (8 * t);
                e->tail |= (uint64_t)pb[L - 8 + t] << (8 * t);
            }
        }
        for (q = t8n; q > 0; q--) s->t8_off[q] = s->t8_off[q - 1]; /* each moved to its slot's end: shift back */
        s->t8_off[0] = 0;
    }

    /* 8. params */
    if ((r = vyre__table_alloc(s, VYRE_LT_PARAMS, VYRE_LP_COUNT, err)) != VYRE_OK) goto done;
    params = (uint32_t *)s->tables[VYRE_LT_PARAMS];
    params[VYRE_LP_PATTERN_COUNT] = n;
    params[VYRE_LP_STATE_COUNT] = nstates;
    params[VYRE_LP_MIN_LEN] = s->min_len;
    params[VYRE_LP_MAX_LEN] = s->max_len;
    params[VYRE_LP_BUCKET_MASK] = s->bucket_mask;
    params[VYRE_LP_KEY_KINDS] = s->key_kinds;
    params[VYRE_LP_WORDS_PER_ROW] = (n + 31) / 32;
    params[VYRE_LP_Q4_BITS] = s->q4_bits;
    params[VYRE_LP_LONG_KINDS] = s->long_kinds;
    params[VYRE_LP_KF_BITS] = s->f_bits;
done:
    vyre_free(A, order); vyre_free(A, fail); vyre_free(A, queue); vyre_free(A, own_cnt);
    vyre_free(A, own_first); vyre_free(A, own_list); vyre_free(A, node_of);
    return r;
}

/* A serialized BIG set's stored tables (vyre_literal_set_deserialize, format 3): the
   compile sizes the classes from the patterns as always, then takes these instead of
   hashing the pieces; a stored header that differs from the computed one is corrupt. */
typedef struct vyre__big_src { const uint32_t *head; const uint8_t *blob; uint64_t blob_bytes; int borrow; } vyre__big_src;
static vyre_result vyre__lit_compile(const vyre_literal *lits, size_t count, const vyre_compile_desc *desc, const vyre__big_src *src,
                                     vyre_literal_set **out, vyre_error *err);
VYREDEF vyre_result vyre_literal_set_compile(const vyre_literal *lits, size_t count, const vyre_compile_desc *desc,
                                             vyre_literal_set **out, vyre_error *err) {
    return vyre__lit_compile(lits, count, desc, NULL, out, err);
}
static vyre_result vyre__lit_compile(const vyre_literal *lits, size_t count, const vyre_compile_desc *desc, const vyre__big_src *src,
                                     vyre_literal_set **out, vyre_error *err) {
    vyre_allocator A;
    vyre__lit_set *s;
    vyre_result r;
    size_t i, total = 0;
    uint32_t maxp = VYRE_MAX_PATTERNS, dflags = 0;
    uint64_t maxdfa = 1ull << 30;
    vyre__clear_error(err);
    if (!out) return VYRE__NULLARG(err, "out");
    *out = NULL;
    if ((r = vyre_allocator_resolve(desc ? &desc->allocator : NULL, &A, err)) != VYRE_OK) return r;
    if (desc) {
        if (desc->max_patterns) maxp = desc->max_patterns < VYRE_MAX_PATTERNS ? desc->max_patterns : VYRE_MAX_PATTERNS;
        if (desc->max_dfa_bytes) maxdfa = desc->max_dfa_bytes;
        dflags = desc->flags;
        if (dflags & ~VYRE_CASELESS)
            return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: use only VYRE_CASELESS (0x1) in vyre_compile_desc.flags.",
                                  "unknown bits 0x%x in vyre_compile_desc.flags", (unsigned)(dflags & ~VYRE_CASELESS));
    }
    if (count == 0)
        return vyre_set_error(err, VYRE_ERR_EMPTY_SET, "Fix: pass at least one pattern.", "cannot compile an empty pattern set (0 patterns)");
    if (!lits) return VYRE__NULLARG(err, "lits");
    if (count > maxp)
        return vyre_set_error(err, VYRE_ERR_TOO_MANY_PATTERNS,
                              "Fix: split the patterns into several sets, or raise vyre_compile_desc.max_patterns (hard cap VYRE_MAX_PATTERNS).",
                              "%llu patterns is over the limit of %u patterns per set", (unsigned long long)count, maxp);
    for (i = 0; i < count; i++) {
        /* each error names the pattern (err->pattern_index) and, where there is one, the byte (err->offset) */
        const uint32_t at = (uint32_t)i;
        if (lits[i].len == 0)
            return vyre_error_locate(err, vyre_set_error(err, VYRE_ERR_EMPTY_PATTERN, "Fix: remove empty patterns; every pattern needs at least one byte.",
                                                    "pattern %llu is empty (length 0)", (unsigned long long)i ), at, 0);
        if (!lits[i].bytes)
            return vyre_error_locate(err, vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: point vyre_literal.bytes at the pattern's bytes.",
                                                    "pattern %llu has NULL bytes with length %llu", (unsigned long long)i,
                                                    (unsigned long long)lits[i].len ), at, VYRE_ERROR_NO_OFFSET);
        if (lits[i].len > VYRE_MAX_PATTERN_LEN)
            return vyre_error_locate(err, vyre_set_error(err, VYRE_ERR_PATTERN_TOO_LONG, "Fix: shorten the pattern (or match a distinctive part of it).",
                                                    "pattern %llu is %llu bytes, over the limit of %u bytes", (unsigned long long)i,
                                                    (unsigned long long)lits[i].len, VYRE_MAX_PATTERN_LEN ), at, VYRE_MAX_PATTERN_LEN);
        if (lits[i].flags & ~VYRE_CASELESS)
            return vyre_error_locate(err, vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: use only VYRE_CASELESS (0x1) in vyre_literal.flags.",
                                                    "pattern %llu has unknown flag bits 0x%x", (unsigned long long)i,
                                                    (unsigned)(lits[i].flags & ~VYRE_CASELESS) ), at, VYRE_ERROR_NO_OFFSET);
        total += lits[i].len;
        if (total > 0xFFFFFFF0u)
            return vyre_error_locate(err, vyre_set_error(err, VYRE_ERR_OVERFLOW, "Fix: split the patterns into several sets.",
                                                    "the patterns add up to more than 4 GiB (at pattern %llu)", (unsigned long long)i ),
                                     at, VYRE_ERROR_NO_OFFSET);
    }
    s = (vyre__lit_set *)vyre__calloc(&A, 1, sizeof *s, "literal set", err);
    if (!s) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
    s->base.kind = VYRE_SET_LITERAL;
    s->base.ops = vyre__lit_engine();
    s->base.pattern_count = (uint32_t)count;
    s->base.alloc = A;
    s->alloc = A;
    s->npat = (uint32_t)count;
    s->desc_flags = dflags;
    s->max_dfa_bytes = maxdfa;
    s->raw = (uint8_t *)vyre__calloc(&A, total, 1, "pattern bytes", err);
    s->raw_off = (uint32_t *)vyre__calloc(&A, count + 1, 4, "pattern offsets", err);
    s->raw_flags = (uint32_t *)vyre__calloc(&A, count, 4, "pattern flags", err);
    if (!s->raw || !s->raw_off || !s->raw_flags) { r = err ? err->code : VYRE_ERR_OUT_OF_MEMORY; vyre__lit_free(&s->base); return r; }
    total = 0;
    for (i = 0; i < count; i++) {
        s->raw_off[i] = (uint32_t)total;
        memcpy(s->raw + total, lits[i].bytes, lits[i].len);
        s->raw_flags[i] = lits[i].flags | dflags;
        total += lits[i].len;
    }
    s->raw_off[count] = (uint32_t)total;
    if (src) r = vyre__big_build(s, desc, src, err);
    else if ((r = (vyre_result)vyre__big_form(desc, s, &A, err)) < 0 ||
             (r = ((int)r == (int)VYRE_LIT_FORM_BIG ? vyre__big_build(s, desc, NULL, err) : vyre__build_tables(s, err))) == VYRE_ERR_DFA_TOO_LARGE)
        r = vyre__big_fallback(s, desc, r, err); /* AUTO: the BIG form where the DFA does not fit */
    if (r != VYRE_OK) {
        s->base.ops->free(&s->base);
        return r;
    }
    *out = &s->base;
    return VYRE_OK;
}

VYREDEF vyre_result vyre_literal_set_get_info(const vyre_literal_set *ps, vyre_literal_set_info *out) {
    const vyre__lit_set *set = vyre__lit_of(ps);
    int i;
    if (!set || !out) return VYRE_ERR_INVALID_ARGUMENT;
    memset(out, 0, sizeof *out); /* padding too: infos compare with memcmp */
    out->pattern_count = set->npat;
    out->state_count = set->nstates;
    out->min_len = set->min_len;
    out->max_len = set->max_len;
    out->table_bytes = 0;
    for (i = 0; i < VYRE_LT_COUNT; i++) out->table_bytes += set->table_bytes[i];
    out->dfa_bytes = set->table_bytes[VYRE_LT_TRANSITIONS];
    out->form = VYRE_LIT_FORM_DFA;
    if (set->base.ops != vyre__lit_engine()) vyre__big_info(set, out);
    return VYRE_OK;
}
VYREDEF vyre_result vyre_literal_set_pattern(const vyre_literal_set *ps, uint32_t id, const uint8_t **bytes, size_t *len,
                                             uint32_t *flags) {
    const vyre__lit_set *set = vyre__lit_of(ps);
    if (!set || id >= set->npat) return VYRE_ERR_INVALID_ARGUMENT;
    if (bytes) *bytes = set->raw + set->raw_off[id];
    if (len) *len = set->raw_off[id + 1] - set->raw_off[id];
    if (flags) *flags = set->raw_flags[id];
    return VYRE_OK;
}
VYREDEF vyre_result vyre_literal_set_big_table(const vyre_literal_set *ps, vyre_big_table id, const void **data, size_t *bytes) {
    const vyre__lit_set *set = vyre__lit_of(ps);
    if (data) *data = NULL;
    if (bytes) *bytes = 0;
    if (!set || !set->big || (int)id < 0 || (int)id >= VYRE_BT_COUNT) return VYRE_ERR_INVALID_ARGUMENT;
    {
        const void *d; size_t n;
        vyre__big_table(ps, (uint32_t)id, &d, &n);
        if (data) *data = d;
        if (bytes) *bytes = n;
    }
    return VYRE_OK;
}
VYREDEF vyre_result vyre_literal_set_table(const vyre_literal_set *ps, vyre_lit_table id, const void **data, size_t *bytes) {
    const vyre__lit_set *set = vyre__lit_of(ps);
    if ((int)id < 0 || (int)id >= VYRE_LT_COUNT) return VYRE_ERR_INVALID_ARGUMENT;
    if (!set) {                /* NULL or another kind: no table */
        if (data) *data = NULL;
        if (bytes) *bytes = 0;
        return VYRE_ERR_INVALID_ARGUMENT;
    }
    if (data) *data = set->tables[id];
    if (bytes) *bytes = set->table_bytes[id];
    return VYRE_OK;
}

/* ---- serialization -------------------------------------------------- */
#define VYRE__SER_MAGIC "VYRELIT"
#define VYRE__SER_VERSION 1u
#define VYRE__SER_HEADER 32u
static uint64_t vyre__fnv1a(uint64_t h, const uint8_t *p, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) { h ^= p[i]; h *= 0x100000001b3ull; }
    return h;
}
static void vyre__put32(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24); }
static void vyre__put64(uint8_t *p, uint64_t v) { vyre__put32(p, (uint32_t)v); vyre__put32(p + 4, (uint32_t)(v >> 32)); }
static uint32_t vyre__get32(const uint8_t *p) { return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24); }
static uint64_t vyre__get64(const uint8_t *p) { return (uint64_t)vyre__get32(p) | ((uint64_t)vyre__get32(p + 4) << 32); }

/* format 3 (the BIG form's tables as they are used): >>big-cpu end, vyre__serialize_big */
#define VYRE__SER_VERSION_BIG 3u
static vyre_result vyre__serialize_big(const vyre__lit_set *set, uint8_t *o, size_t cap, size_t *size, vyre_error *err);
static vyre_result vyre__deserialize_big(const uint8_t *d, size_t size, const vyre_compile_desc *desc, const vyre_allocator *A,
                                         int borrow, vyre_literal_set **out, vyre_error *err);
/* Format 1 (the DFA form): "VYRELIT\0" | u32 version | u32 pattern count | u64 payload bytes | u64 checksum
   (FNV-1a 64 over header bytes 0..24 and the payload) | payload: per pattern u32 len, u32 flags, bytes;
   loading recompiles. */
VYREDEF vyre_result vyre_literal_set_serialize(const vyre_literal_set *ps, void *out, size_t cap, size_t *size, vyre_error *err) {
    const vyre__lit_set *set = vyre__lit_of(ps);
    size_t need = VYRE__SER_HEADER, payload, i;
    uint8_t *o = (uint8_t *)out, *w;
    uint64_t h;
    vyre__clear_error(err);
    if (!ps) return VYRE__NULLARG(err, "set");
    if (!set) return vyre__not_literal(ps, err);
    if (!size) return VYRE__NULLARG(err, "size");
    if (set->big) return vyre__serialize_big(set, o, cap, size, err);
    payload = (size_t)set->npat * 8u + set->raw_off[set->npat];
    need += payload;
    *size = need;
    if (!out) return VYRE_OK;
    if (cap < need)
        return vyre_set_error(err, VYRE_ERR_OUTPUT_TOO_SMALL, "Fix: call with out == NULL first to get the size, then pass a buffer that large.",
                              "serialized set needs %llu bytes but the buffer holds %llu", (unsigned long long)need, (unsigned long long)cap);
    memset(o, 0, VYRE__SER_HEADER);
    memcpy(o, VYRE__SER_MAGIC, 8);
    vyre__put32(o + 8, VYRE__SER_VERSION);
    vyre__put32(o + 12, set->npat);
    vyre__put64(o + 16, (uint64_t)payload);
    w = o + VYRE__SER_HEADER;
    for (i = 0; i < set->npat; i++) {
        uint32_t len = set->raw_off[i + 1] - set->raw_off[i];
        vyre__put32(w, len); vyre__put32(w + 4, set->raw_flags[i]);
        memcpy(w + 8, set->raw + set->raw_off[i], len);
        w += 8 + len;
    }
    h = vyre__fnv1a(0xcbf29ce484222325ull, o, 24);
    h = vyre__fnv1a(h, o + VYRE__SER_HEADER, payload);
    vyre__put64(o + 24, h);
    return VYRE_OK;
}

static vyre_result vyre__deserialize(const void *data, size_t size, const vyre_compile_desc *desc, int borrow, vyre_literal_set **out,
                                     vyre_error *err);
VYREDEF vyre_result vyre_literal_set_deserialize(const void *data, size_t size, const vyre_compile_desc *desc,
                                                 vyre_literal_set **out, vyre_error *err) {
    return vyre__deserialize(data, size, desc, 0, out, err);
}
VYREDEF vyre_result vyre_literal_set_load(const void *data, size_t size, const vyre_compile_desc *desc, vyre_literal_set **out,
                                          vyre_error *err) {
    return vyre__deserialize(data, size, desc, 1, out, err);
}
static vyre_result vyre__deserialize(const void *data, size_t size, const vyre_compile_desc *desc, int borrow, vyre_literal_set **out,
                                     vyre_error *err) {
    const uint8_t *d = (const uint8_t *)data, *q, *end;
    uint32_t ver, n, i;
    uint64_t payload, h;
    vyre_literal *lits;
    vyre_allocator A;
    vyre_compile_desc cd;
    vyre_result r;
    static const char *fix = "Fix: pass the exact bytes vyre_literal_set_serialize wrote; re-serialize the set if the copy was damaged.";
    vyre__clear_error(err);
    if (!out) return VYRE__NULLARG(err, "out");
    *out = NULL;
    if (!data && size) return VYRE__NULLARG(err, "data");
    if ((r = vyre_allocator_resolve(desc ? &desc->allocator : NULL, &A, err)) != VYRE_OK) return r;
    if (size < VYRE__SER_HEADER)
        return vyre_set_error(err, VYRE_ERR_SERIAL_TRUNCATED, fix, "serialized set is %llu bytes, shorter than the %u-byte header",
                              (unsigned long long)size, VYRE__SER_HEADER);
    if (memcmp(d, VYRE__SER_MAGIC, 8) != 0)
        return vyre_set_error(err, VYRE_ERR_SERIAL_CORRUPT, fix, "bad magic: not a serialized vyre literal set");
    ver = vyre__get32(d + 8);
    if (ver == VYRE__SER_VERSION_BIG) return vyre__deserialize_big(d, size, desc, &A, borrow, out, err);
    if (ver != VYRE__SER_VERSION)
        return vyre_set_error(err, VYRE_ERR_SERIAL_VERSION, "Fix: re-serialize the set with this version of vyre.",
                              "serialized format version %u, this build reads versions %u and %u", ver, VYRE__SER_VERSION, VYRE__SER_VERSION_BIG);
    n = vyre__get32(d + 12);
    payload = vyre__get64(d + 16);
    if (payload > (uint64_t)(size - VYRE__SER_HEADER))
        return vyre_set_error(err, VYRE_ERR_SERIAL_TRUNCATED, fix, "serialized set is truncated: header says %llu payload bytes, %llu present",
                              (unsigned long long)payload, (unsigned long long)(size - VYRE__SER_HEADER));
    if (payload < (uint64_t)(size - VYRE__SER_HEADER))
        return vyre_set_error(err, VYRE_ERR_SERIAL_CORRUPT, fix, "serialized set has %llu trailing bytes after its payload",
                              (unsigned long long)((uint64_t)(size - VYRE__SER_HEADER) - payload));
    h = vyre__fnv1a(0xcbf29ce484222325ull, d, 24);
    h = vyre__fnv1a(h, d + VYRE__SER_HEADER, (size_t)payload);
    if (h != vyre__get64(d + 24))
        return vyre_set_error(err, VYRE_ERR_SERIAL_CORRUPT, fix, "checksum mismatch: the serialized set is corrupted");
    if (n == 0 || (uint64_t)n * 8u > payload)
        return vyre_set_error(err, VYRE_ERR_SERIAL_CORRUPT, fix, "pattern count %u does not fit the %llu-byte payload", n, (unsigned long long)payload);
    if (desc && desc->max_patterns && n > desc->max_patterns)  /* the caller's limit, not corruption */
        return vyre_set_error(err, VYRE_ERR_TOO_MANY_PATTERNS,
                              "Fix: raise vyre_compile_desc.max_patterns to at least the blob's pattern count (0 = the default VYRE_MAX_PATTERNS), or load a smaller set.",
                              "the serialized set holds %u patterns, over the caller's limit vyre_compile_desc.max_patterns = %u", n,
                              desc->max_patterns);
    lits = (vyre_literal *)vyre__calloc(&A, n, sizeof *lits, "deserialized patterns", err);
    if (!lits) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
    q = d + VYRE__SER_HEADER; end = q + payload;
    for (i = 0; i < n; i++) {
        uint32_t len;
        if ((size_t)(end - q) < 8) { vyre_free(&A, lits); return vyre_set_error(err, VYRE_ERR_SERIAL_CORRUPT, fix, "pattern %u header runs past the payload", i); }
        len = vyre__get32(q);
        lits[i].flags = vyre__get32(q + 4);
        q += 8;
        if ((size_t)(end - q) < len) { vyre_free(&A, lits); return vyre_set_error(err, VYRE_ERR_SERIAL_CORRUPT, fix, "pattern %u (length %u) runs past the payload", i, len); }
        lits[i].bytes = q; lits[i].len = len;
        q += len;
    }
    if (q != end) { vyre_free(&A, lits); return vyre_set_error(err, VYRE_ERR_SERIAL_CORRUPT, fix, "payload has %llu unused bytes", (unsigned long long)(end - q)); }
    if (desc) cd = *desc; else memset(&cd, 0, sizeof cd);
    cd.allocator = A;
    cd.flags = 0;
    r = vyre_literal_set_compile(lits, n, &cd, out, err);
    vyre_free(&A, lits);
    if (r != VYRE_OK && r != VYRE_ERR_OUT_OF_MEMORY && r != VYRE_ERR_DFA_TOO_LARGE && r != VYRE_ERR_TOO_MANY_PATTERNS) {
        char m[sizeof err->message];
        if (err) {
            uint32_t pi = err->pattern_index;
            uint64_t off = err->offset;
            snprintf(m, sizeof m, "%s", err->message);
            vyre_set_error(err, VYRE_ERR_SERIAL_CORRUPT, fix, "serialized set holds invalid patterns: %s", m);
            vyre_error_locate(err, VYRE_ERR_SERIAL_CORRUPT, pi, off);
        }
        return VYRE_ERR_SERIAL_CORRUPT;
    }
    return r;
}

/* ---- >>lit-cpu >>cpu-engine: the CPU scan engine (also the reference for every backend) ----- */
typedef struct vyre__view {
    /* the VYRE_LT_* tables (>>lit-layout), by name */
    const uint32_t *transitions, *out_offsets, *out_records, *lens, *end_mask, *suffix2, *bloom3, *short_mask;
    const uint32_t *pat_offsets, *pat_flags, *buckets, *bucket_ids;
    const uint8_t *pat_bytes;
    uint32_t npat, nstates, min_len, max_len, bucket_mask, key_kinds, long_kinds;
    size_t pat_bytes_len, out_records_len;
    const uint32_t *pair;      /* raw-byte pair superset (may be computed) */
    const uint32_t *tri;       /* raw 3-gram filter (set-based views only), or NULL */
    const uint32_t *pair_short;
    uint32_t tri_shift;
    uint8_t fold[256];
    const uint32_t *q4;        /* AVX2 path tables (set-based views only), or NULL */
    uint32_t q4_shift, nshort;
    uint32_t short_keys[8];
    const uint32_t *f4, *f8;   /* AVX2 path bucket-key filters (set-based views of large sets), or NULL */
    uint32_t f_shift;
    const vyre__lent *t8;      /* the kind-8 table (with f8), or NULL */
    const uint32_t *t8_off;
    uint32_t t8_mask;
    const uint8_t *sh4;        /* the AVX-512 VBMI pre-filter's tables (sh4[6][256], set-based views), or NULL */
} vyre__view;

static void vyre__view_of_set(const vyre__lit_set *s, vyre__view *v) {
    int i;
    v->transitions = (const uint32_t *)s->tables[VYRE_LT_TRANSITIONS];
    v->out_offsets = (const uint32_t *)s->tables[VYRE_LT_OUTPUT_OFFSETS];
    v->out_records = (const uint32_t *)s->tables[VYRE_LT_OUTPUT_RECORDS];
    v->lens = (const uint32_t *)s->tables[VYRE_LT_PATTERN_LENGTHS];
    v->end_mask = (const uint32_t *)s->tables[VYRE_LT_END_MASK];
    v->suffix2 = (const uint32_t *)s->tables[VYRE_LT_SUFFIX2_MASK];
    v->bloom3 = (const uint32_t *)s->tables[VYRE_LT_SUFFIX3_BLOOM];
    v->short_mask = (const uint32_t *)s->tables[VYRE_LT_SHORT_MASK];
    v->pat_offsets = (const uint32_t *)s->tables[VYRE_LT_PATTERN_OFFSETS];
    v->pat_flags = (const uint32_t *)s->tables[VYRE_LT_PATTERN_FLAGS];
    v->pat_bytes = (const uint8_t *)s->tables[VYRE_LT_PATTERN_BYTES];
    v->buckets = (const uint32_t *)s->tables[VYRE_LT_BUCKETS];
    v->bucket_ids = (const uint32_t *)s->tables[VYRE_LT_BUCKET_IDS];
    v->npat = s->npat; v->nstates = s->nstates; v->min_len = s->min_len; v->max_len = s->max_len;
    v->bucket_mask = s->bucket_mask; v->key_kinds = s->key_kinds; v->long_kinds = s->long_kinds;
    v->pat_bytes_len = s->table_bytes[VYRE_LT_PATTERN_BYTES];
    v->out_records_len = s->table_bytes[VYRE_LT_OUTPUT_RECORDS] / 4;
    v->pair = s->pair;
    v->tri = s->tri;
    v->tri_shift = 32u - s->tri_bits;
    v->pair_short = s->pair_short;
    for (i = 0; i < 256; i++) v->fold[i] = (uint8_t)vyre__fold((uint32_t)i);
    v->q4 = s->q4;
    v->q4_shift = 32u - s->q4_bits;
    v->nshort = s->nshort;
    for (i = 0; i < 8; i++) v->short_keys[i] = s->short_keys[i];
    v->f4 = s->f4;
    v->f8 = s->f8;
    v->f_shift = 32u - s->f_bits;
    v->t8 = s->t8;
    v->t8_off = s->t8_off;
    v->t8_mask = s->t8_mask;
    v->sh4 = s->sh4_on ? &s->sh4[0][0] : NULL;
}

/* Where matches go. */
enum { VYRE__SINK_MATCHES = 1, VYRE__SINK_COUNT = 2, VYRE__SINK_PRESENCE = 3 };
typedef struct vyre__sink {
    int mode, failed;
    const vyre_allocator *A;
    vyre__vec vec;                 /* vyre_raw_match, MATCHES */
    uint64_t count;
    int capped;                    /* MATCHES: store at most `limit` (count goes on): memory stays bounded */
    size_t limit;
    /* PRESENCE (positions in data coordinates + base) */
    const uint64_t *starts;
    uint32_t nreg, words_per_row;
    uint64_t rend, base;
    uint32_t *presence;
    const uint32_t *lens;          /* pattern lengths (literal kind), or NULL: starts come from offs or the set's match_start */
    const uint32_t *offs;          /* BIG-form pattern offsets (length = offs[p+1] - offs[p]), or NULL */
    const vyre_pattern_set *set;
} vyre__sink;

static void vyre__or_word(uint32_t *w, uint32_t bit) {
#if defined(__GNUC__) || defined(__clang__)
    __atomic_fetch_or(w, bit, __ATOMIC_RELAXED);
#else
    *w |= bit; /* VYRE_NO_THREADS builds only */
#endif
}

static void vyre__sink_put(vyre__sink *k, uint32_t pid, size_t end) {
    if (k->mode == VYRE__SINK_COUNT) { k->count++; return; }
    if (k->mode == VYRE__SINK_MATCHES) {
        vyre_raw_match *m;
        k->count++;
        if (k->failed || (k->capped && k->vec.len >= k->limit)) return;
        if (k->vec.len == k->vec.cap && !vyre__vec_reserve(k->A, &k->vec, k->vec.len + 1)) { k->failed = 1; return; }
        m = (vyre_raw_match *)k->vec.data + k->vec.len++;
        m->pattern_id = pid; m->end = (uint32_t)end;
        return;
    }
    { /* presence: region r holds [s, e) iff starts[r] <= s and e <= next(r) */
        uint64_t e = (uint64_t)end + k->base, s = k->lens ? e - k->lens[pid] : k->offs ? e - (k->offs[pid + 1] - k->offs[pid]) : k->set->ops->match_start(k->set, pid, e);
        uint32_t lo = 0, hi = k->nreg, r;
        if (!k->nreg || s < k->starts[0]) return;
        while (hi - lo > 1) { uint32_t mid = lo + (hi - lo) / 2; if (k->starts[mid] <= s) lo = mid; else hi = mid; }
        r = lo;
        if (e > (r + 1 < k->nreg ? k->starts[r + 1] : k->rend)) return;
        vyre__or_word(&k->presence[(size_t)r * k->words_per_row + pid / 32u], 1u << (pid & 31u));
    }
}

static int vyre__bucket_find(const vyre__view *v, uint32_t key, uint32_t *first, uint32_t *count) {
    uint32_t slot = VYRE_BUCKET_HASH(key) & v->bucket_mask, guard = 0;
    while (v->buckets[slot * 3u]) {
        if (v->buckets[slot * 3u] == key + 1) { *first = v->buckets[slot * 3u + 1]; *count = v->buckets[slot * 3u + 2]; return 1; }
        slot = (slot + 1) & v->bucket_mask;
        if (++guard > v->bucket_mask) break;
    }
    return 0;
}

/* Confirm the patterns of length >= 3 filed under `key` that end at byte i.
   `known` trailing bytes are equal (folded) for every entry: 3 for a
   kind-3 key (the key is those bytes), 0 for a hashed kind-4/8 key. The
   compare runs backwards from the last unknown byte (cheap rejection first). */
static void vyre__confirm_long(const vyre__view *v, const uint8_t *h, size_t i, uint32_t key, uint32_t known, vyre__sink *k) {
    uint32_t first, cnt, j;
    if (!vyre__bucket_find(v, key, &first, &cnt)) return;
    for (j = first; j < first + cnt; j++) {
        uint32_t p = v->bucket_ids[j], L = v->lens[p], t;
        const uint8_t *pb = v->pat_bytes + v->pat_offsets[p], *hs;
        if (L > i + 1) continue;
        hs = h + (i + 1 - L);
        if (v->pat_flags[p] & VYRE_CASELESS) {
            for (t = L - known; t > 0; t--) if (v->fold[hs[t - 1]] != pb[t - 1]) break;
            if (t) continue;
        } else {
            if (hs[L - 1 - (known < L ? known : 0)] != pb[L - 1 - (known < L ? known : 0)]) continue;
            if (memcmp(hs, pb, L) != 0) continue;
        }
        vyre__sink_put(k, p, i + 1);
    }
}

/* the little-endian u64 at x, and its ASCII fold (SWAR) */
static uint64_t vyre__le8(const uint8_t *x) {
    uint64_t w = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(&w, x, 8);
#else
    int t;
    for (t = 7; t >= 0; t--) w = (w << 8) | x[t];
#endif
    return w;
}
static uint64_t vyre__fold8(uint64_t w) {
    const uint64_t t = w & 0x7F7F7F7F7F7F7F7Full;
    const uint64_t up = (t + 0x3F3F3F3F3F3F3F3Full) & ~(t + 0x2525252525252525ull) & ~w & 0x8080808080808080ull;
    return w | (up >> 2);
}
#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__)) && !defined(VYRE_NO_SIMD)
/* the kind-8 bucket key at byte i (i >= 7); only the AVX2 path prefetches with it */
static uint32_t vyre__key8_at(const uint8_t *h, size_t i) {
    return (8u << 24) | VYRE_KEY8_HASH(vyre__fold_le4(h + i - 7), vyre__fold_le4(h + i - 3));
}
#endif
/* Confirm the patterns of length >= 8 with kind-8 key `key` at byte i
   (i >= 7) through the t8 table: the entries of its slot by key, last 8
   bytes, first 8 bytes, then the bytes between. */
static void vyre__confirm8(const vyre__view *v, const uint8_t *h, size_t i, uint32_t key, vyre__sink *k) {
    const uint32_t slot = VYRE_BUCKET_HASH(key) & v->t8_mask;
    const uint64_t raw = vyre__le8(h + i - 7), fold = vyre__fold8(raw);
    const vyre__lent *e = v->t8 + v->t8_off[slot], *end = v->t8 + v->t8_off[slot + 1];
    for (; e < end; e++) {
        const uint32_t L = e->len_cl & 0x7FFFFFFFu, cl = e->len_cl >> 31;
        const uint8_t *hs;
        if (e->key != key || L > i + 1 || (cl ? fold : raw) != e->tail) continue;
        hs = h + (i + 1 - L);
        if (L > 8) {
            const uint64_t hd = vyre__le8(hs);
            if ((cl ? vyre__fold8(hd) : hd) != e->head) continue;
            if (L > 16) {
                const uint8_t *pb = v->pat_bytes + v->pat_offsets[e->pid];
                uint32_t t;
                if (cl) {
                    for (t = 8; t < L - 8; t++) if (v->fold[hs[t]] != pb[t]) break;
                    if (t < L - 8) continue;
                } else if (memcmp(hs + 8, pb + 8, L - 16) != 0) continue;
            }
        }
        vyre__sink_put(k, e->pid, i + 1);
    }
}

/* Confirm patterns of length >= 3 ending at byte i (i >= 2): one bucket
   per LONG_KINDS class (>>lit-layout, "Bucket keys"). */
static void vyre__verify_long(const vyre__view *v, const uint8_t *h, size_t i, vyre__sink *k) {
    const uint32_t lk = v->long_kinds;
    const uint8_t *f = v->fold;
    if (lk & 1u) vyre__confirm_long(v, h, i, (3u << 24) | ((uint32_t)f[h[i - 2]] << 16) | ((uint32_t)f[h[i - 1]] << 8) | f[h[i]], 3u, k);
    if ((lk & 6u) && i >= 3) {
        const uint32_t w4 = vyre__fold_le4(h + i - 3);
        if (lk & 2u) vyre__confirm_long(v, h, i, (4u << 24) | VYRE_KEY4_HASH(w4), 0u, k);
        if ((lk & 4u) && i >= 7) {
            const uint32_t key = (8u << 24) | VYRE_KEY8_HASH(vyre__fold_le4(h + i - 7), w4);
            if (v->t8) vyre__confirm8(v, h, i, key, k);
            else vyre__confirm_long(v, h, i, key, 0u, k);
        }
    }
}

/* Confirm candidates ending at byte i (exclusive end i+1); bytes h[0..i] exist. */
static void vyre__verify(const vyre__view *v, const uint8_t *h, size_t i, vyre__sink *k) {
    uint32_t c = v->fold[h[i]], first, cnt, j, b, a;
    if (!VYRE__BIT(v->end_mask, c)) return;
    if ((v->key_kinds & 1u) && VYRE__BIT(v->short_mask, c) && vyre__bucket_find(v, (1u << 24) | c, &first, &cnt)) {
        for (j = first; j < first + cnt; j++) {
            uint32_t p = v->bucket_ids[j];
            uint8_t pc = v->pat_bytes[v->pat_offsets[p]];
            if ((v->pat_flags[p] & VYRE_CASELESS) ? c == pc : h[i] == pc) vyre__sink_put(k, p, i + 1);
        }
    }
    if (i < 1) return;
    b = v->fold[h[i - 1]];
    if ((v->key_kinds & 2u) && VYRE__BIT(v->short_mask, 256u + ((b << 8) | c)) &&
        vyre__bucket_find(v, (2u << 24) | (b << 8) | c, &first, &cnt)) {
        for (j = first; j < first + cnt; j++) {
            uint32_t p = v->bucket_ids[j];
            const uint8_t *pb = v->pat_bytes + v->pat_offsets[p];
            if ((v->pat_flags[p] & VYRE_CASELESS) ? (b == pb[0] && c == pb[1]) : (h[i - 1] == pb[0] && h[i] == pb[1]))
                vyre__sink_put(k, p, i + 1);
        }
    }
    if (i < 2 || !(v->key_kinds & 4u) || !VYRE__BIT(v->suffix2, (b << 8) | c)) return;
    a = v->fold[h[i - 2]];
    if (!VYRE__BIT(v->bloom3, VYRE_BLOOM3_HASH(a, b, c))) return;
    vyre__verify_long(v, h, i, k);
}
/* Confirm 1- and 2-byte patterns ending at byte i. */
static void vyre__verify_short(const vyre__view *v, const uint8_t *h, size_t i, vyre__sink *k) {
    uint32_t c = v->fold[h[i]], first, cnt, j, b;
    if ((v->key_kinds & 1u) && vyre__bucket_find(v, (1u << 24) | c, &first, &cnt)) {
        for (j = first; j < first + cnt; j++) {
            uint32_t p = v->bucket_ids[j];
            uint8_t pc = v->pat_bytes[v->pat_offsets[p]];
            if ((v->pat_flags[p] & VYRE_CASELESS) ? c == pc : h[i] == pc) vyre__sink_put(k, p, i + 1);
        }
    }
    if (i < 1 || !(v->key_kinds & 2u)) return;
    b = v->fold[h[i - 1]];
    if (vyre__bucket_find(v, (2u << 24) | (b << 8) | c, &first, &cnt)) {
        for (j = first; j < first + cnt; j++) {
            uint32_t p = v->bucket_ids[j];
            const uint8_t *pb = v->pat_bytes + v->pat_offsets[p];
            if ((v->pat_flags[p] & VYRE_CASELESS) ? (b == pb[0] && c == pb[1]) : (h[i - 1] == pb[0] && h[i] == pb[1]))
                vyre__sink_put(k, p, i + 1);
        }
    }
}
/* 3-gram engine: one hashed bit test per position for long patterns, the
   short-pattern pair filter for 1-2 byte ones. Last-byte indices [from, to). */
static void vyre__scan_tri_scalar(const vyre__view *v, const uint8_t *h, size_t from, size_t to, vyre__sink *k) {
    const uint32_t *tri = v->tri, *ps = v->pair_short;
    const uint32_t sh = v->tri_shift;
    const int shorts = (v->key_kinds & 3u) != 0, longs = (v->key_kinds & 4u) != 0;
    size_t i = from;
    for (; i < to && i < 2; i++) {
        if (shorts && (i == 0 ? 1u : VYRE__BIT(ps, h[i - 1] | ((uint32_t)h[i] << 8)))) vyre__verify_short(v, h, i, k);
    }
    if (i + 4 <= to) {
        /* hot loop: x = h[i-2] | h[i-1] << 8 | h[i] << 16; one hashed bit test per position */
        uint32_t x = (uint32_t)h[i - 2] | ((uint32_t)h[i - 1] << 8);
        for (; i + 4 <= to; i += 4) {
            uint32_t x0 = x | ((uint32_t)h[i] << 16);
            uint32_t x1 = (x0 >> 8) | ((uint32_t)h[i + 1] << 16);
            uint32_t x2 = (x1 >> 8) | ((uint32_t)h[i + 2] << 16);
            uint32_t x3 = (x2 >> 8) | ((uint32_t)h[i + 3] << 16);
            uint32_t m = 0;
            if (longs)
                m = VYRE__BIT(tri, (x0 * 0x9E3779B1u) >> sh) | (VYRE__BIT(tri, (x1 * 0x9E3779B1u) >> sh) << 1) |
                    (VYRE__BIT(tri, (x2 * 0x9E3779B1u) >> sh) << 2) | (VYRE__BIT(tri, (x3 * 0x9E3779B1u) >> sh) << 3);
            if (shorts)
                m |= (VYRE__BIT(ps, x0 >> 8) << 4) | (VYRE__BIT(ps, x1 >> 8) << 5) | (VYRE__BIT(ps, x2 >> 8) << 6) |
                     (VYRE__BIT(ps, x3 >> 8) << 7);
            x = x3 >> 8;
            if (m) {
                uint32_t t;
                for (t = 0; t < 4; t++) {
                    if (m & (1u << t)) vyre__verify_long(v, h, i + t, k);
                    if (m & (16u << t)) vyre__verify_short(v, h, i + t, k);
                }
            }
        }
    }
    for (; i < to; i++) {
        uint32_t x = (uint32_t)h[i - 2] | ((uint32_t)h[i - 1] << 8) | ((uint32_t)h[i] << 16);
        if (longs && VYRE__BIT(tri, (x * 0x9E3779B1u) >> sh)) vyre__verify_long(v, h, i, k);
        if (shorts && VYRE__BIT(ps, (x >> 8))) vyre__verify_short(v, h, i, k);
    }
}

#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__)) && !defined(VYRE_NO_SIMD)
#define VYRE__AVX2 1
#ifdef __cplusplus
}
#endif
#include <immintrin.h>
#ifdef __cplusplus
extern "C" {
#endif
#define VYRE__TGT __attribute__((target("avx2")))
/* ASCII fold of 32 bytes: x | 0x20 where x - 'A' < 26 */
static VYRE__TGT __m256i vyre__fold_avx2(__m256i x) {
    __m256i t = _mm256_sub_epi8(x, _mm256_set1_epi8('A'));
    __m256i in = _mm256_cmpeq_epi8(_mm256_min_epu8(t, _mm256_set1_epi8(25)), t);
    return _mm256_or_si256(x, _mm256_and_si256(in, _mm256_set1_epi8(0x20)));
}
/* q4 test of 8 positions (dword = folded 4th-last .. last byte): the flag in bit 31 */
static VYRE__TGT __m256i vyre__q4_avx2(const int *q4, __m256i d, __m256i mul, __m128i sh, __m256i c31) {
    __m256i w = _mm256_i32gather_epi32(q4, _mm256_srl_epi32(_mm256_mullo_epi32(_mm256_srli_epi32(d, 8), mul), sh), 4);
    return _mm256_or_si256(_mm256_sllv_epi32(w, _mm256_andnot_si256(d, c31)), _mm256_slli_epi32(w, 31));
}
/* bit (hv >> shift) of bit table f for 8 hash values: the flag in bit 31 */
static VYRE__TGT __m256i vyre__fbit_avx2(const int *f, __m256i hv, __m128i sh, __m256i c31) {
    __m256i idx = _mm256_srl_epi32(hv, sh);
    __m256i w = _mm256_i32gather_epi32(f, _mm256_srli_epi32(idx, 5), 4);
    return _mm256_sllv_epi32(w, _mm256_andnot_si256(idx, c31));
}
#if !defined(VYRE_NO_AVX512)
#define VYRE__AVX512 1
#define VYRE__TGT512 __attribute__((target("avx512f,avx512bw,avx512vbmi")))
#ifndef VYRE__PRE_AHEAD
#define VYRE__PRE_AHEAD 2048
#endif
/* sh4[k][x] for 64 raw bytes x: two vpermi2b (entries 0..127, 128..255) and a blend on the top bit */
#define VYRE__SH4_LUT(t, x) _mm512_mask_blend_epi8(_mm512_movepi8_mask(x), _mm512_permutex2var_epi8((t)[0], (x), (t)[1]), \
                                                   _mm512_permutex2var_epi8((t)[2], (x), (t)[3]))
/* The AVX-512 VBMI front of the AVX2 path, for nb blocks of 32 last-byte
   positions from p (p[-3] is readable; nothing at or past p + 32 nb is
   read). With longs, bit t of outP[b] is set iff the sh4 buckets
   (vyre__lit_set.sh4 rows 0-3) of the 4 bytes ending at p + 32 b + t
   intersect; with shorts (nshort 1..8), bit t of outS[b] iff a short key ends
   there (rows 4, 5: the AVX2 path's compares). 64 positions per step, no
   loop over patterns or keys. */
static VYRE__TGT512 void vyre__pre_avx512(const uint8_t *tab, int longs, int shorts, const uint8_t *p, size_t nb, uint32_t *outP,
                                         uint32_t *outS) {
    __m512i t0[4], t1[4], t2[4], t3[4], s0[4], s1[4];
    size_t b;
    uint32_t j;
    for (j = 0; j < 4; j++) {
        t0[j] = _mm512_loadu_si512((const void *)(tab + 64 * j));
        t1[j] = _mm512_loadu_si512((const void *)(tab + 256 + 64 * j));
        t2[j] = _mm512_loadu_si512((const void *)(tab + 512 + 64 * j));
        t3[j] = _mm512_loadu_si512((const void *)(tab + 768 + 64 * j));
        s0[j] = _mm512_loadu_si512((const void *)(tab + 1024 + 64 * j));
        s1[j] = _mm512_loadu_si512((const void *)(tab + 1280 + 64 * j));
    }
    for (b = 0; b < nb; b += 2) {
        const __mmask64 ld = nb - b >= 2 ? ~(__mmask64)0 : (__mmask64)0xFFFFFFFFu;
        const __m512i x0 = _mm512_maskz_loadu_epi8(ld, (const void *)(p + 32 * b));
        const __m512i x1 = _mm512_maskz_loadu_epi8(ld, (const void *)(p + 32 * b - 1));
        __mmask64 rP = 0, rS = 0;
        _mm_prefetch((const char *)(p + 32 * b + VYRE__PRE_AHEAD), _MM_HINT_T0);
        if (longs) {
            const __m512i x2 = _mm512_maskz_loadu_epi8(ld, (const void *)(p + 32 * b - 2));
            const __m512i x3 = _mm512_maskz_loadu_epi8(ld, (const void *)(p + 32 * b - 3));
            __m512i m = _mm512_and_si512(VYRE__SH4_LUT(t0, x0), VYRE__SH4_LUT(t1, x1));
            m = _mm512_and_si512(m, _mm512_and_si512(VYRE__SH4_LUT(t2, x2), VYRE__SH4_LUT(t3, x3)));
            rP = _mm512_test_epi8_mask(m, m) & ld;
        }
        if (shorts) {
            const __m512i m = _mm512_and_si512(VYRE__SH4_LUT(s0, x0), VYRE__SH4_LUT(s1, x1));
            rS = _mm512_test_epi8_mask(m, m) & ld;
        }
        outP[b] = (uint32_t)rP; outS[b] = (uint32_t)rS;
        if (b + 1 < nb) { outP[b + 1] = (uint32_t)(rP >> 32); outS[b + 1] = (uint32_t)(rS >> 32); }
    }
}
#undef VYRE__SH4_LUT
#undef VYRE__TGT512
#endif
/* AVX2 filter over 32 last-byte positions at a time, from i (>= 7) while
   i + 40 <= to: long patterns through f4 / f8 where the set has them (one
   gather per class and 8 positions), else q4 (folded 3-gram word, 4th-last
   byte bit; one gather per 8 positions), short ones through compares of folded
   keys (or gathers from pair_short). A superset of the scalar engine's
   candidates; the same verifiers confirm them, in position order. The masks
   of up to 8 blocks are computed before any is verified, so the gathers
   overlap. With pre (the CPU has AVX-512 VBMI and the set sh4 tables), a
   block's long-pattern test runs only where the sh4 pre-filter passes some
   position, and its mask is ANDed with the pre-filter's (both are supersets).
   Returns where it stopped. */
static VYRE__TGT size_t vyre__scan_tri_avx2(const vyre__view *v, const uint8_t *h, size_t i, size_t to, int pre, vyre__sink *k) {
    const int *q4 = (const int *)v->q4, *ps = (const int *)v->pair_short;
    /* lane-local dwords: ctl_a at byte offsets 0..3 (+0..3), ctl_b at 4..7 */
    const __m256i ctl_a = _mm256_setr_epi8(0, 1, 2, 3, 1, 2, 3, 4, 2, 3, 4, 5, 3, 4, 5, 6, 0, 1, 2, 3, 1, 2, 3, 4, 2, 3, 4, 5, 3, 4, 5, 6);
    const __m256i ctl_b = _mm256_setr_epi8(4, 5, 6, 7, 5, 6, 7, 8, 6, 7, 8, 9, 7, 8, 9, 10, 4, 5, 6, 7, 5, 6, 7, 8, 6, 7, 8, 9, 7, 8, 9, 10);
    const __m256i mul = _mm256_set1_epi32((int)0x9E3779B1u), c31 = _mm256_set1_epi32(31);
    const __m256i mul8 = _mm256_set1_epi32((int)0x85EBCA6Bu);
    const __m128i sh = _mm_cvtsi32_si128((int)v->q4_shift), fsh = _mm_cvtsi32_si128((int)v->f_shift);
    const int *f4 = (const int *)v->f4, *f8 = (const int *)v->f8;
    const int fmode = f4 || f8;
    const int longs = (v->key_kinds & 4u) != 0, shorts = (v->key_kinds & 3u) != 0;
    const uint32_t ns = shorts ? v->nshort : 0u;
    __m256i kc[8], kp[8], kco[8], kpo[8];
    int kcl[8], kpl[8];
    uint32_t j, mL[8], mS[8];
    /* pre: the AVX-512 front's masks of blocks [wst, wst + 32 wn) (bit t of wP / wS as in vyre__pre_avx512) */
    uint32_t wP[64], wS[64];
#ifdef VYRE__AVX512
    size_t wst = 0, wn = 0;
#endif
    const uint32_t pns = ns && ns <= 8 ? ns : 0u;
    for (j = 0; j < 8; j++) {
        uint32_t key = j < ns && ns <= 8 ? v->short_keys[j] : 0u, c = key & 255u, b = (key >> 8) & 255u;
        kc[j] = _mm256_set1_epi8((char)c);
        kcl[j] = c - 97u < 26u;
        kp[j] = _mm256_set1_epi8((char)b);
        kpl[j] = (key >> 16) == 2u ? (b - 97u < 26u ? 1 : 0) : -1;
        /* x | 0x20 == letter c matches exactly its two cases; a 1-byte key's prev test always holds */
        kco[j] = _mm256_set1_epi8((char)(kcl[j] ? 0x20 : 0));
        kpo[j] = _mm256_set1_epi8((char)(kpl[j] < 0 ? 0xFF : kpl[j] ? 0x20 : 0));
        if (kpl[j] < 0) kp[j] = _mm256_set1_epi8((char)0xFF);
    }
    while (i + 40 <= to) {
        size_t nb = (to - i - 8) / 32, b;
        size_t w0 = 0;
        if (nb > 8) nb = 8;
#ifdef VYRE__AVX512
        if (pre) {
            if (i >= wst + 32 * wn) {
                wn = (to - i - 8) / 32;
                if (wn > 64) wn = 64;
                wst = i;
                vyre__pre_avx512(v->sh4, longs, pns != 0, h + i, wn, wP, wS);
            }
            w0 = (i - wst) / 32;
            if (nb > wn - w0) nb = wn - w0;
        }
#endif
        for (b = 0; b < nb; b++) {
            const uint8_t *p = h + i + 32 * b;
            const int lq = longs && (!pre || wP[w0 + b]);
            mL[b] = 0; mS[b] = 0;
            if (lq && fmode) {
                /* the f4 / f8 bucket-key filters: dwords ending at each position (d*) and 4 bytes earlier (e*) */
                __m256i f0 = vyre__fold_avx2(_mm256_loadu_si256((const __m256i *)(p - 3)));
                __m256i f1 = vyre__fold_avx2(_mm256_loadu_si256((const __m256i *)(p + 5)));
                __m256i d[4], t[4];
                int q;
                d[0] = _mm256_shuffle_epi8(f0, ctl_a); d[1] = _mm256_shuffle_epi8(f0, ctl_b);
                d[2] = _mm256_shuffle_epi8(f1, ctl_a); d[3] = _mm256_shuffle_epi8(f1, ctl_b);
                for (q = 0; q < 4; q++) t[q] = _mm256_setzero_si256();
                if (f4) for (q = 0; q < 4; q++) t[q] = vyre__fbit_avx2(f4, _mm256_mullo_epi32(d[q], mul), fsh, c31);
                if (f8) {
                    __m256i g0 = vyre__fold_avx2(_mm256_loadu_si256((const __m256i *)(p - 7)));
                    __m256i g1 = vyre__fold_avx2(_mm256_loadu_si256((const __m256i *)(p + 1)));
                    __m256i e[4];
                    e[0] = _mm256_shuffle_epi8(g0, ctl_a); e[1] = _mm256_shuffle_epi8(g0, ctl_b);
                    e[2] = _mm256_shuffle_epi8(g1, ctl_a); e[3] = _mm256_shuffle_epi8(g1, ctl_b);
                    for (q = 0; q < 4; q++)
                        t[q] = _mm256_or_si256(t[q], vyre__fbit_avx2(f8, _mm256_xor_si256(_mm256_mullo_epi32(e[q], mul8), _mm256_mullo_epi32(d[q], mul)), fsh, c31));
                }
                mL[b] = (uint32_t)_mm256_movemask_epi8(_mm256_packs_epi16(_mm256_packs_epi32(t[0], t[1]), _mm256_packs_epi32(t[2], t[3])));
            } else if (lq) {
                /* lo lane of f0 starts at p - 3 (positions 0..7), hi lane at p + 13 (16..23); f1: 8..15, 24..31 */
                __m256i f0 = vyre__fold_avx2(_mm256_loadu_si256((const __m256i *)(p - 3)));
                __m256i f1 = vyre__fold_avx2(_mm256_loadu_si256((const __m256i *)(p + 5)));
                __m256i d0 = _mm256_shuffle_epi8(f0, ctl_a), d1 = _mm256_shuffle_epi8(f0, ctl_b);
                __m256i d2 = _mm256_shuffle_epi8(f1, ctl_a), d3 = _mm256_shuffle_epi8(f1, ctl_b);
                __m256i t0 = vyre__q4_avx2(q4, d0, mul, sh, c31), t1 = vyre__q4_avx2(q4, d1, mul, sh, c31);
                __m256i t2 = vyre__q4_avx2(q4, d2, mul, sh, c31), t3 = vyre__q4_avx2(q4, d3, mul, sh, c31);
                /* signed packs keep the flag (the sign) and put the positions in order */
                mL[b] = (uint32_t)_mm256_movemask_epi8(_mm256_packs_epi16(_mm256_packs_epi32(t0, t1), _mm256_packs_epi32(t2, t3)));
            }
            if (pre) { mL[b] &= wP[w0 + b]; mS[b] = wS[w0 + b]; }
            if (pre && pns) {
                /* the short keys came with the pre-filter */
            } else if (ns && ns <= 8) {
                __m256i cur = _mm256_loadu_si256((const __m256i *)p), prev = _mm256_loadu_si256((const __m256i *)(p - 1));
                __m256i acc = _mm256_setzero_si256();
                for (j = 0; j < ns; j++) {
                    acc = _mm256_or_si256(acc, _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_or_si256(cur, kco[j]), kc[j]),
                                                                _mm256_cmpeq_epi8(_mm256_or_si256(prev, kpo[j]), kp[j])));
                }
                mS[b] = (uint32_t)_mm256_movemask_epi8(acc);
            } else if (ns) {
                const __m256i ctl2 = _mm256_setr_epi8(2, 3, -1, -1, 3, 4, -1, -1, 4, 5, -1, -1, 5, 6, -1, -1,
                                                      6, 7, -1, -1, 7, 8, -1, -1, 8, 9, -1, -1, 9, 10, -1, -1);
                int g;
                for (g = 0; g < 4; g++) {
                    __m256i d = _mm256_shuffle_epi8(_mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(p + 8 * g - 3))), ctl2);
                    __m256i w = _mm256_i32gather_epi32(ps, _mm256_srli_epi32(d, 5), 4);
                    __m256i t = _mm256_sllv_epi32(w, _mm256_andnot_si256(d, c31));
                    mS[b] |= (uint32_t)_mm256_movemask_ps(_mm256_castsi256_ps(t)) << (8 * g);
                }
            }
        }
        if (v->t8) /* the t8 entries of every long candidate of the batch, before any is confirmed */
            for (b = 0; b < nb; b++) {
                uint32_t m = mL[b];
                while (m) {
                    const size_t at = i + 32 * b + (uint32_t)__builtin_ctz(m);
                    m &= m - 1u;
                    __builtin_prefetch(v->t8 + v->t8_off[VYRE_BUCKET_HASH(vyre__key8_at(h, at)) & v->t8_mask]);
                }
            }
        for (b = 0; b < nb; b++, i += 32) {
            uint32_t m = mL[b] | mS[b];
            while (m) {
                uint32_t t = (uint32_t)__builtin_ctz(m), bit = 1u << t;
                m &= m - 1u;
                if (mL[b] & bit) vyre__verify_long(v, h, i + t, k);
                if (mS[b] & bit) vyre__verify_short(v, h, i + t, k);
            }
        }
    }
    return i;
}
#undef VYRE__TGT
#endif

/* 3-gram engine: the AVX2 filter where the CPU has it, else the scalar one. */
static void vyre__scan_tri(const vyre__view *v, const uint8_t *h, size_t from, size_t to, vyre__sink *k) {
#ifdef VYRE__AVX2
    if (v->q4 && to > from && to - from >= 256 && __builtin_cpu_supports("avx2")) {
        size_t s = from < 7 ? 7 : from, e;
        int pre = 0;
#ifdef VYRE__AVX512
        pre = v->sh4 && __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("avx512bw");
#endif
        vyre__scan_tri_scalar(v, h, from, s, k);
        e = vyre__scan_tri_avx2(v, h, s, to, pre, k);
        vyre__scan_tri_scalar(v, h, e, to, k);
        return;
    }
#endif
    vyre__scan_tri_scalar(v, h, from, to, k);
}

/* Prefilter engine: every match whose last byte index i is in [from, to). */
static void vyre__scan_prefilter(const vyre__view *v, const uint8_t *h, size_t from, size_t to, vyre__sink *k) {
    const uint32_t *pair = v->pair;
    size_t i = from;
    if (i >= to) return;
    if (i == 0) { vyre__verify(v, h, 0, k); i = 1; }
    /* unrolled skip loop: test the raw-byte pair bitmap (8 KiB, L1-resident) */
    while (i + 4 <= to) {
        uint32_t x0 = h[i - 1] | ((uint32_t)h[i] << 8), x1 = h[i] | ((uint32_t)h[i + 1] << 8);
        uint32_t x2 = h[i + 1] | ((uint32_t)h[i + 2] << 8), x3 = h[i + 2] | ((uint32_t)h[i + 3] << 8);
        uint32_t m = VYRE__BIT(pair, x0) | (VYRE__BIT(pair, x1) << 1) | (VYRE__BIT(pair, x2) << 2) | (VYRE__BIT(pair, x3) << 3);
        if (m) {
            if (m & 1u) vyre__verify(v, h, i, k);
            if (m & 2u) vyre__verify(v, h, i + 1, k);
            if (m & 4u) vyre__verify(v, h, i + 2, k);
            if (m & 8u) vyre__verify(v, h, i + 3, k);
        }
        i += 4;
    }
    for (; i < to; i++)
        if (VYRE__BIT(pair, h[i - 1] | ((uint32_t)h[i] << 8))) vyre__verify(v, h, i, k);
}

/* DFA engine: the seed tables' Aho-Corasick walk; same results. */
static void vyre__scan_dfa(const vyre__view *v, const uint8_t *h, size_t from, size_t to, vyre__sink *k) {
    size_t i, start = from > (size_t)v->max_len - 1 ? from - ((size_t)v->max_len - 1) : 0;
    uint32_t st = 0;
    for (i = start; i < to; i++) {
        st = v->transitions[(size_t)st * 256u + h[i]];
        if (i >= from && v->out_offsets[st] != v->out_offsets[st + 1]) {
            uint32_t r;
            for (r = v->out_offsets[st]; r < v->out_offsets[st + 1]; r++) {
                uint32_t p = v->out_records[r];
                if (!(v->pat_flags[p] & VYRE_CASELESS) && memcmp(h + (i + 1 - v->lens[p]), v->pat_bytes + v->pat_offsets[p], v->lens[p]) != 0)
                    continue;
                vyre__sink_put(k, p, i + 1);
            }
        }
    }
}

/* ---- <<cpu-engine end ---- */

/* ---- >>lit-engine: the literal kind's engine table (>>engines) ------- */
static const vyre__lit_set *vyre__lit_cast(const vyre_pattern_set *set) { return (const vyre__lit_set *)(const void *)set; }
static uint64_t vyre__lit_history(const vyre_pattern_set *set) { return (uint64_t)vyre__lit_cast(set)->max_len - 1u; }
static uint64_t vyre__lit_match_start(const vyre_pattern_set *set, uint32_t id, uint64_t end) {
    const vyre__lit_set *L = vyre__lit_cast(set);
    uint32_t len;
    if (id >= L->npat) return UINT64_MAX;
    len = ((const uint32_t *)L->tables[VYRE_LT_PATTERN_LENGTHS])[id];
    return end < len ? UINT64_MAX : end - len;
}
static void vyre__lit_table(const vyre_pattern_set *set, uint32_t index, const void **data, size_t *bytes) {
    const vyre__lit_set *L = vyre__lit_cast(set);
    *data = L->tables[index]; *bytes = L->table_bytes[index];
}
static vyre_result vyre__lit_cpu_open(const vyre_pattern_set *set, const vyre_allocator *A, void **state, vyre_error *err) {
    vyre__view *v = (vyre__view *)vyre__calloc(A, 1, sizeof *v, "CPU scanner state", err);
    if (!v) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
    vyre__view_of_set(vyre__lit_cast(set), v);
    *state = v;
    return VYRE_OK;
}
static void vyre__lit_cpu_close(void *state, const vyre_allocator *A) { vyre_free(A, state); }
static void vyre__lit_cpu_scan(const void *state, int dfa, const uint8_t *h, size_t from, size_t to, vyre__sink *k) {
    const vyre__view *v = (const vyre__view *)state;
    if (dfa) vyre__scan_dfa(v, h, from, to, k);
    else if (v->tri) vyre__scan_tri(v, h, from, to, k);
    else vyre__scan_prefilter(v, h, from, to, k);
}
static const vyre__engine_ops vyre__lit_ops = {
    VYRE_SET_LITERAL, "literal", VYRE_KERNELS_COMMON | VYRE_KERNELS_LIT,
    vyre__lit_history, vyre__lit_match_start,
    (uint32_t)VYRE_LT_COUNT, vyre__lit_table,
    {VYRE_PROGRAM_LIT_MATCHES, VYRE_PROGRAM_LIT_COUNT, VYRE_PROGRAM_LIT_PRESENCE},
    vyre__lit_cpu_open, vyre__lit_cpu_close, vyre__lit_cpu_scan,
    vyre__lit_free,
    NULL, 0,
};
static const vyre__engine_ops *vyre__lit_engine(void) { return &vyre__lit_ops; }

/* ---- >>big-layout >>big-compile >>big-cpu: the literal kind's BIG form --------
   A literal set in the BIG form (vyre_lit_form, docs/large-sets.md) has no
   automaton: its size grows with the pattern bytes. Patterns go to classes
   by length; class (W, S) files every pattern of length L >= S + W - 1 under
   S pieces: for o = 0 .. S-1 the W folded bytes at pattern offset o. A scan
   looks only at haystack positions a that are multiples of S: an occurrence
   at [s, s + L) is found exactly once, at the first multiple of S that is
   >= s (offset o = a - s < S, and o + W <= L by the length bound), so one
   lookup per S bytes finds every pattern of the class and nothing repeats.
       class   W  S  lengths     lookups per byte
       0       8  8  15 ..       1/8
       1       8  4  11 .. 14    1/4
       2       8  1  8 .. 10     1
       3       4  1  4 .. 7      1
       4..6    L  1  3, 2, 1     1 (W = L)
   Keys are 8 bytes wherever the length allows: 4-byte keys of binary files
   collide too often (zero padding, small integers) and make long buckets.
   Per class, key = the W folded bytes read little-endian into a u64,
   f = (key * 0x9E3779B97F4A7C15) >> (64 - fbits):
       filter  u64[2^fbits / 64]: bit f set for every piece (16 bits per piece, 32 at S = 4,
               128 at S = 1: VYRE__BIG_FBITS)
       dir     u32[2^sbits + 1]: the pieces of slot f >> (fbits - sbits) are
               ent[dir[slot] .. dir[slot + 1]) (sbits: 2 slots per piece)
       ent     {u64 key, u64 check, u32 id, u32 len | o << 16}, 24 bytes: the
               piece's key, the pattern's last 8 folded bytes (L >= 8) for a
               one-compare rejection, the pattern id, its length and offset.
   Verification compares the key, then `check`, then the pattern (memcmp, or
   a folded compare for caseless patterns): no bucket walk over patterns
   that merely share a short suffix. Every class lives in one flat block
   (vyre__big.blob, offsets 64-byte aligned) so a set can be written and
   mapped as one piece. The entry point is vyre__big_build (>>big-compile);
   vyre__big_ops (>>big-cpu end) is the form's engine table (>>engines). */
#define VYRE__BIG_CLASSES 7u
typedef struct vyre__big_ent { uint64_t key, check; uint32_t id, lo; } vyre__big_ent;
typedef struct vyre__big_cls {
    uint32_t W, S, min_len, max_len, fbits, sbits;
    uint64_t nent, filter_off, dir_off, ent_off;  /* offsets into the blob */
    const uint64_t *filter;
    const uint32_t *dir;
    const vyre__big_ent *ent;
} vyre__big_cls;
/* What the CPU engine reads: the classes, the patterns and their flags.
   Built from the set (vyre__big_build) or from the five VYRE_BT_* tables
   (vyre__big_view_from_tables: the CPU backend's vyre_big_* programs), so
   one engine serves both; the lookup bounds every index it follows
   (directory entries by the piece count, ids by the pattern count, lengths
   by the offsets), so tables that passed the O(classes) header check can be
   wrong but never make it read out of bounds. */
typedef struct vyre__big_view {
    vyre__big_cls cls[VYRE__BIG_CLASSES];
    const uint8_t *raw;        /* BT_BYTES */
    const uint32_t *off;       /* BT_OFFSETS: npat + 1 */
    const uint32_t *flags;     /* BT_FLAGS: npat */
    uint32_t npat, max_len, used; /* used: bit c = class c has pieces */
    uint64_t raw_len;
} vyre__big_view;
typedef struct vyre__big {
    vyre__big_cls cls[VYRE__BIG_CLASSES];
    uint8_t *blob;
    uint64_t blob_bytes;
    uint32_t used;             /* bit c: class c has pieces */
    int borrowed;              /* blob lies in the caller's buffer (vyre_literal_set_load): not freed */
    uint32_t head[VYRE_BH_WORDS]; /* VYRE_BT_HEAD */
    vyre__big_view v;          /* the CPU engine's view of this set */
} vyre__big;
static const uint32_t vyre__big_shape[VYRE__BIG_CLASSES][4] = {
    /* W, S, min_len, max_len */
    {8, 8, 15, VYRE_MAX_PATTERN_LEN}, {8, 4, 11, 14}, {8, 1, 8, 10}, {4, 1, 4, 7}, {3, 1, 3, 3}, {2, 1, 2, 2}, {1, 1, 1, 1}};
#define VYRE__BIG_MUL 0x9E3779B97F4A7C15ull

static uint64_t vyre__fold64(uint64_t x) {
    const uint64_t hi = 0x8080808080808080ull, ones = 0x0101010101010101ull, t = x & ~hi;
    const uint64_t ge = t + ones * (0x80u - 0x41u), gt = t + ones * (0x80u - 0x5Bu);
    return x | (((ge & ~gt & ~x) & hi) >> 2);
}
static uint64_t vyre__ld64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static uint32_t vyre__ld32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
/* the folded W bytes at p as the key (the same bytes in the same order as the pattern side) */
static uint64_t vyre__big_key(const uint8_t *p, uint32_t W) {
    if (W == 8) return vyre__fold64(vyre__ld64(p));
    if (W == 4) return vyre__fold64((uint64_t)vyre__ld32(p));
    { uint8_t b[8] = {0, 0, 0, 0, 0, 0, 0, 0}; memcpy(b, p, W); return vyre__fold64(vyre__ld64(b)); }
}
static uint32_t vyre__ceil_log2(uint64_t n) { uint32_t b = 0; while (((uint64_t)1 << b) < n) b++; return b; }

/* >>big-compile: which form a compile builds (VYRE_LIT_FORM_DFA or _BIG), or a negative error */
static int vyre__big_form(const vyre_compile_desc *desc, const vyre__lit_set *s, const vyre_allocator *A, vyre_error *err) {
    uint32_t form = desc ? desc->form : 0;
    uint64_t bound = (uint64_t)s->raw_off[s->npat] + 1u;
    (void)A;
    if (form > (uint32_t)VYRE_LIT_FORM_BIG)
        return (int)vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: set vyre_compile_desc.form to VYRE_LIT_FORM_AUTO (0), _DFA (1) or _BIG (2).",
                                   "vyre_compile_desc.form = %u is not a vyre_lit_form", (unsigned)form);
    if (form) return (int)form;
    /* AUTO: the DFA (every backend has its kernels) unless it cannot fit: the state bound
       (pattern bytes + 1) over VYRE_BIG_AUTO_STATE_RATIO x the budget's states goes BIG at once;
       otherwise the DFA is tried and VYRE_ERR_DFA_TOO_LARGE falls back to BIG (vyre__big_fallback) */
    if (bound / VYRE_BIG_AUTO_STATE_RATIO > s->max_dfa_bytes / 1024u) return (int)VYRE_LIT_FORM_BIG;
    return (int)VYRE_LIT_FORM_DFA;
}
/* AUTO only: a DFA over budget is rebuilt in the BIG form (the DFA's partial tables freed) */
static vyre_result vyre__big_fallback(vyre__lit_set *s, const vyre_compile_desc *desc, vyre_result r, vyre_error *err) {
    int i;
    if (desc && desc->form) return r; /* the DFA was forced: its error stands */
    for (i = 0; i < VYRE_LT_COUNT; i++) { vyre_free(&s->alloc, s->tables[i]); s->tables[i] = NULL; s->table_bytes[i] = 0; }
    vyre_free(&s->alloc, s->tri); s->tri = NULL; s->q4 = NULL; s->f4 = NULL; s->f8 = NULL; s->f_bits = 0;
    s->nstates = 0;
    vyre__clear_error(err);
    return vyre__big_build(s, desc, NULL, err);
}

static void vyre__big_free(vyre_pattern_set *ps) {
    vyre__lit_set *s = (vyre__lit_set *)ps;
    if (!s) return;
    if (s->big) { vyre__big *B = (vyre__big *)s->big; if (!B->borrowed) vyre_free(&s->alloc, B->blob); vyre_free(&s->alloc, B); s->big = NULL; }
    vyre__lit_free(ps);
}
static const vyre__engine_ops *vyre__big_engine(void);

/* VYRE_BT_HEAD from the built classes, and the CPU engine's view */
static void vyre__big_head(const vyre__lit_set *s, vyre__big *B) {
    uint32_t *h = B->head, c;
    memset(h, 0, sizeof B->head);
    h[VYRE_BH_PATTERN_COUNT] = s->npat; h[VYRE_BH_MIN_LEN] = s->npat ? s->min_len : 0; h[VYRE_BH_MAX_LEN] = s->max_len;
    h[VYRE_BH_WORDS_PER_ROW] = (s->npat + 31u) / 32u; h[VYRE_BH_USED] = B->used; h[VYRE_BH_CLASSES] = VYRE__BIG_CLASSES;
    h[VYRE_BH_BYTES_LEN] = s->raw_off[s->npat];
    for (c = 0; c < VYRE__BIG_CLASSES; c++) {
        const vyre__big_cls *C = &B->cls[c];
        uint32_t *w = h + VYRE_BH_CLASS0 + c * VYRE_BH_CLASS_WORDS;
        w[VYRE_BH_C_W] = C->W; w[VYRE_BH_C_S] = C->S; w[VYRE_BH_C_MIN] = C->min_len; w[VYRE_BH_C_MAX] = C->max_len;
        if (!C->nent) continue;
        w[VYRE_BH_C_FBITS] = C->fbits; w[VYRE_BH_C_SBITS] = C->sbits; w[VYRE_BH_C_PIECES] = (uint32_t)C->nent;
        w[VYRE_BH_C_FILTER] = (uint32_t)(C->filter_off / 8u); w[VYRE_BH_C_DIR] = (uint32_t)(C->dir_off / 4u);
        w[VYRE_BH_C_ENT] = (uint32_t)(C->ent_off / 8u);
    }
    memcpy(B->v.cls, B->cls, sizeof B->cls);
    B->v.raw = s->raw; B->v.off = s->raw_off; B->v.flags = (const uint32_t *)s->tables[VYRE_LT_PATTERN_FLAGS];
    B->v.npat = s->npat; B->v.max_len = s->max_len; B->v.used = B->used; B->v.raw_len = s->raw_off[s->npat];
}
/* The view over the five VYRE_BT_* tables (p[i], len[i]): the header is checked
   against every table's size in O(classes); see vyre__big_view for what the
   lookup bounds itself. */
static vyre_result vyre__big_view_from_tables(const void *const *p, const size_t *len, vyre__big_view *v, vyre_error *err) {
    static const char *fix = "Fix: bind the five tables of one BIG-form set, as vyre_literal_set_big_table returns them, in vyre_big_table order.";
    const uint32_t *h = (const uint32_t *)p[VYRE_BT_HEAD];
    uint64_t blob_words = len[VYRE_BT_BLOB] / 8u;
    uint32_t c, n;
    memset(v, 0, sizeof *v);
    if (len[VYRE_BT_HEAD] < (size_t)VYRE_BH_WORDS * 4u || h[VYRE_BH_CLASSES] != VYRE__BIG_CLASSES)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, fix, "BIG head binding is %llu bytes (needs %u) or names %u classes (needs %u)",
                              (unsigned long long)len[VYRE_BT_HEAD], (unsigned)VYRE_BH_WORDS * 4u, len[VYRE_BT_HEAD] >= 24 ? h[VYRE_BH_CLASSES] : 0u,
                              (unsigned)VYRE__BIG_CLASSES);
    n = h[VYRE_BH_PATTERN_COUNT];
    if (len[VYRE_BT_OFFSETS] / 4u < (uint64_t)n + 1u || len[VYRE_BT_FLAGS] / 4u < (uint64_t)n || len[VYRE_BT_BYTES] < h[VYRE_BH_BYTES_LEN] ||
        h[VYRE_BH_MAX_LEN] > VYRE_MAX_PATTERN_LEN || (h[VYRE_BH_USED] >> VYRE__BIG_CLASSES) != 0)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, fix, "BIG tables do not fit their head: %u patterns, offsets %llu bytes, flags %llu bytes, bytes %llu of %u",
                              n, (unsigned long long)len[VYRE_BT_OFFSETS], (unsigned long long)len[VYRE_BT_FLAGS], (unsigned long long)len[VYRE_BT_BYTES],
                              h[VYRE_BH_BYTES_LEN]);
    v->raw = (const uint8_t *)p[VYRE_BT_BYTES]; v->off = (const uint32_t *)p[VYRE_BT_OFFSETS]; v->flags = (const uint32_t *)p[VYRE_BT_FLAGS];
    v->npat = n; v->max_len = h[VYRE_BH_MAX_LEN]; v->used = h[VYRE_BH_USED]; v->raw_len = h[VYRE_BH_BYTES_LEN];
    for (c = 0; c < VYRE__BIG_CLASSES; c++) {
        const uint32_t *w = h + VYRE_BH_CLASS0 + c * VYRE_BH_CLASS_WORDS;
        vyre__big_cls *C = &v->cls[c];
        C->W = w[VYRE_BH_C_W]; C->S = w[VYRE_BH_C_S]; C->min_len = w[VYRE_BH_C_MIN]; C->max_len = w[VYRE_BH_C_MAX];
        if (!(v->used & (1u << c))) continue;
        C->fbits = w[VYRE_BH_C_FBITS]; C->sbits = w[VYRE_BH_C_SBITS]; C->nent = w[VYRE_BH_C_PIECES];
        C->filter_off = (uint64_t)w[VYRE_BH_C_FILTER] * 8u; C->dir_off = (uint64_t)w[VYRE_BH_C_DIR] * 4u; C->ent_off = (uint64_t)w[VYRE_BH_C_ENT] * 8u;
        if (C->W < 1 || C->W > 8 || C->S < 1 || C->S > 8 || C->W + C->S - 1u > C->min_len || C->fbits < 6 || C->fbits > 34 || C->sbits > C->fbits ||
            w[VYRE_BH_C_FILTER] + (((uint64_t)1 << C->fbits) / 64u) > blob_words ||
            (uint64_t)w[VYRE_BH_C_DIR] + ((uint64_t)1 << C->sbits) + 1u > blob_words * 2u ||
            w[VYRE_BH_C_ENT] + C->nent * 3u > blob_words)
            return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, fix, "BIG class %u of the head does not fit the %llu-byte blob (W %u, S %u, fbits %u, sbits %u, %llu pieces)",
                                  c, (unsigned long long)len[VYRE_BT_BLOB], C->W, C->S, C->fbits, C->sbits, (unsigned long long)C->nent);
        C->filter = (const uint64_t *)p[VYRE_BT_BLOB] + w[VYRE_BH_C_FILTER];
        C->dir = (const uint32_t *)p[VYRE_BT_BLOB] + w[VYRE_BH_C_DIR];
        C->ent = (const vyre__big_ent *)(const void *)((const uint64_t *)p[VYRE_BT_BLOB] + w[VYRE_BH_C_ENT]);
    }
    return VYRE_OK;
}

/* The piece a pattern files for residue d (an occurrence at s is seen at the
   first aligned a >= s, d = a - s): any offset o = d + S j with o + W <= L
   works (a + S j is aligned and inside the occurrence), so among the first
   VYRE__BIG_PICK_CHOICES the compile takes the key that the fewest of the
   class's candidate pieces share (pick: saturating 8-bit counts by a second
   hash of the key, 2^VYRE__BIG_PICK_BITS of them at most, over at most
   about 2^VYRE__BIG_PICK_SAMPLE patterns of the class, evenly spaced),
   keys of at most two distinct bytes (zero padding, 0xFF fill) counted as
   VYRE__BIG_PICK_FLAT more; ties keep the smaller offset. Common keys then
   head short buckets, so a filter hit walks few equal-key entries. */
/* filter bits per piece, log2: 16 where one lookup covers 8 positions, 32 at
   S = 4 and 128 at S = 1 (every position looked up: the false hits of a 1/16
   filter there would outnumber the true ones) */
#define VYRE__BIG_FBITS(S) ((S) == 1u ? 7u : (S) == 4u ? 5u : 4u)
#define VYRE__BIG_PICK_BITS 20u
#define VYRE__BIG_PICK_SAMPLE 17u
#define VYRE__BIG_PICK_CHOICES 4u
#define VYRE__BIG_PICK_FLAT 64u
#define VYRE__BIG_MUL2 0xC2B2AE3D27D4EB4Full
static uint32_t vyre__big_flat(uint64_t key, uint32_t W) {
    uint64_t b0 = key & 0xFFu, b1 = b0;
    uint32_t j;
    for (j = 1; j < W; j++) {
        uint64_t b = (key >> (8u * j)) & 0xFFu;
        if (b == b0 || b == b1) continue;
        if (b1 != b0) return 0;
        b1 = b;
    }
    return 1;
}
static uint32_t vyre__big_pick_off(const vyre__big_cls *C, const uint8_t *pick, uint32_t cb, const uint8_t *x, uint32_t L, uint32_t d) {
    uint32_t best = d, o, j;
    uint64_t bs = ~(uint64_t)0;
    if (d + C->S + C->W > L) return d; /* one choice */
    for (j = 0, o = d; j < VYRE__BIG_PICK_CHOICES && o + C->W <= L; j++, o += C->S) {
        uint64_t key = vyre__big_key(x + o, C->W), sc = pick[(key * VYRE__BIG_MUL2) >> (64u - cb)];
        if (vyre__big_flat(key, C->W)) sc += VYRE__BIG_PICK_FLAT;
        if (sc < bs) { bs = sc; best = o; }
    }
    return best;
}

/* The BIG form's entry point: fills s->big and the per-pattern tables the
   engine table reads (PATTERN_LENGTHS, PATTERN_FLAGS, PARAMS). */
static vyre_result vyre__big_build(vyre__lit_set *s, const vyre_compile_desc *desc, const vyre__big_src *src, vyre_error *err) {
    const vyre_allocator *A = &s->alloc;
    uint64_t budget = (desc && desc->max_table_bytes) ? desc->max_table_bytes : ((uint64_t)4 << 30), off = 0, need;
    uint32_t n = s->npat, p, c, cb, step, *lens, *flags, *params, *slots = NULL, *fill = NULL;
    uint8_t *pick = NULL;
    uint16_t *pofs = NULL;
    vyre__big *B;
    vyre_result r;
    s->base.ops = vyre__big_engine();
    s->min_len = 0xFFFFFFFFu; s->max_len = 0;
    if ((r = vyre__table_alloc(s, VYRE_LT_PATTERN_LENGTHS, n, err)) != VYRE_OK) return r;
    if ((r = vyre__table_alloc(s, VYRE_LT_PATTERN_FLAGS, n, err)) != VYRE_OK) return r;
    if ((r = vyre__table_alloc(s, VYRE_LT_PARAMS, VYRE_LP_COUNT, err)) != VYRE_OK) return r;
    lens = (uint32_t *)s->tables[VYRE_LT_PATTERN_LENGTHS];
    flags = (uint32_t *)s->tables[VYRE_LT_PATTERN_FLAGS];
    B = (vyre__big *)vyre__calloc(A, 1, sizeof *B, "large-set header", err);
    if (!B) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
    s->big = B;
    for (p = 0; p < n; p++) {
        uint32_t L = s->raw_off[p + 1] - s->raw_off[p];
        lens[p] = L; flags[p] = s->raw_flags[p] & VYRE_CASELESS;
        if (L < s->min_len) s->min_len = L;
        if (L > s->max_len) s->max_len = L;
        for (c = 0; c < VYRE__BIG_CLASSES; c++)
            if (L >= vyre__big_shape[c][2] && L <= vyre__big_shape[c][3]) { B->cls[c].nent += vyre__big_shape[c][1]; break; }
    }
    /* sizes, offsets and the budget, before any large allocation */
    for (c = 0; c < VYRE__BIG_CLASSES; c++) {
        vyre__big_cls *C = &B->cls[c];
        uint32_t lg = vyre__ceil_log2(C->nent ? C->nent : 1);
        C->W = vyre__big_shape[c][0]; C->S = vyre__big_shape[c][1];
        C->min_len = vyre__big_shape[c][2]; C->max_len = vyre__big_shape[c][3];
        if (!C->nent) continue;
        if (C->nent > 0xFFFFFFF0ull) {
            return vyre_set_error(err, VYRE_ERR_TABLES_TOO_LARGE, "Fix: split the patterns into several sets.",
                                  "large-set class %u has %llu pieces, over the limit of 4294967280", c, (unsigned long long)C->nent);
        }
        B->used |= 1u << c;
        C->fbits = lg + VYRE__BIG_FBITS(C->S) < 10u ? 10u : lg + VYRE__BIG_FBITS(C->S);
        if (C->fbits > 34u) C->fbits = 34u;
        C->sbits = lg + 1u > C->fbits ? C->fbits : lg + 1u;
        C->filter_off = off; off += (((uint64_t)1 << C->fbits) / 8u + 63u) & ~(uint64_t)63u;
        C->dir_off = off; off += ((((uint64_t)1 << C->sbits) + 1u) * 4u + 63u) & ~(uint64_t)63u;
        C->ent_off = off; off += C->nent * sizeof(vyre__big_ent);
        off = (off + 63u) & ~(uint64_t)63u;
    }
    need = off + (uint64_t)n * 12u;
    if (need > budget)
        return vyre_set_error(err, VYRE_ERR_TABLES_TOO_LARGE,
                              "Fix: raise vyre_compile_desc.max_table_bytes, or split the patterns into several smaller sets.",
                              "the large-set tables need %llu bytes, over the max_table_bytes budget of %llu",
                              (unsigned long long)need, (unsigned long long)budget);
    if ((uint64_t)(size_t)off != off) return VYRE__OVERFLOW(err, "large-set tables");
    if (src && src->blob_bytes != off)
        return vyre_set_error(err, VYRE_ERR_SERIAL_CORRUPT, "Fix: pass the exact bytes vyre_literal_set_serialize wrote.",
                              "serialized BIG tables are %llu bytes, the patterns need %llu", (unsigned long long)src->blob_bytes, (unsigned long long)off);
    B->blob_bytes = off;
    if (src && src->borrow) { B->blob = (uint8_t *)(uintptr_t)src->blob; B->borrowed = 1; } /* read in place, never written */
    else {
        B->blob = (uint8_t *)(src ? vyre_alloc(A, (size_t)(off ? off : 1)) : vyre__calloc(A, (size_t)(off ? off : 1), 1, "large-set tables", err));
        if (!B->blob) return src ? VYRE__OOM(err, "large-set tables", off) : (err ? err->code : VYRE_ERR_OUT_OF_MEMORY);
        if (src) memcpy(B->blob, src->blob, (size_t)off); /* the stored tables: no piece is hashed again */
    }
    for (c = 0; c < VYRE__BIG_CLASSES; c++) {
        vyre__big_cls *C = &B->cls[c];
        if (!C->nent) continue;
        C->filter = (const uint64_t *)(void *)(B->blob + C->filter_off);
        C->dir = (const uint32_t *)(void *)(B->blob + C->dir_off);
        C->ent = (const vyre__big_ent *)(void *)(B->blob + C->ent_off);
    }
    for (c = 0; c < VYRE__BIG_CLASSES && r == VYRE_OK && !src; c++) {
        vyre__big_cls *C = &B->cls[c];
        uint64_t *filter = (uint64_t *)(void *)(B->blob + C->filter_off);
        uint32_t *dir = (uint32_t *)(void *)(B->blob + C->dir_off), nslots, e, sh;
        vyre__big_ent *ent = (vyre__big_ent *)(void *)(B->blob + C->ent_off);
        if (!C->nent) continue;
        C->filter = filter; C->dir = dir; C->ent = ent;
        nslots = (uint32_t)1 << C->sbits;
        sh = C->fbits - C->sbits;
        slots = (uint32_t *)vyre__calloc(A, (size_t)C->nent, 4, "large-set slots", err);
        fill = (uint32_t *)vyre__calloc(A, (size_t)nslots + 1u, 4, "large-set slot fill", err);
        if (!slots || !fill) { r = err ? err->code : VYRE_ERR_OUT_OF_MEMORY; break; }
        cb = C->fbits - 2u > VYRE__BIG_PICK_BITS ? VYRE__BIG_PICK_BITS : C->fbits - 2u;
        pick = (uint8_t *)vyre__calloc(A, (size_t)1 << cb, 1, "large-set piece counts", err);
        pofs = (uint16_t *)vyre__calloc(A, (size_t)C->nent, 2, "large-set piece offsets", err);
        if (!pick || !pofs) { r = err ? err->code : VYRE_ERR_OUT_OF_MEMORY; break; }
        step = (uint32_t)((C->nent / C->S) >> VYRE__BIG_PICK_SAMPLE) + 1u;
        for (e = 0, p = 0; p < n; p++) { /* how often each candidate key occurs among (a sample of) the class's patterns */
            uint32_t L = lens[p], o, on;
            const uint8_t *x = s->raw + s->raw_off[p];
            if (L < C->min_len || L > C->max_len || (e++ % step) != 0) continue;
            on = L - C->W + 1u < C->S * VYRE__BIG_PICK_CHOICES ? L - C->W + 1u : C->S * VYRE__BIG_PICK_CHOICES;
            for (o = 0; o < on; o++) {
                uint8_t *q = &pick[(vyre__big_key(x + o, C->W) * VYRE__BIG_MUL2) >> (64u - cb)];
                if (*q < 0xFFu) (*q)++;
            }
        }
        /* pass 1: filter bits and slot counts; pass 2: counting sort into slots (ascending id in a slot) */
        for (e = 0, p = 0; p < n; p++) {
            uint32_t L = lens[p], d;
            const uint8_t *x = s->raw + s->raw_off[p];
            if (L < C->min_len || L > C->max_len) continue;
            for (d = 0; d < C->S; d++, e++) {
                uint64_t key, f;
                pofs[e] = (uint16_t)vyre__big_pick_off(C, pick, cb, x, L, d);
                key = vyre__big_key(x + pofs[e], C->W); f = (key * VYRE__BIG_MUL) >> (64u - C->fbits);
                filter[f >> 6] |= (uint64_t)1 << (f & 63u);
                slots[e] = (uint32_t)(f >> sh);
                dir[slots[e] + 1u]++;
            }
        }
        for (e = 0; e < nslots; e++) dir[e + 1u] += dir[e];
        memcpy(fill, dir, ((size_t)nslots + 1u) * 4u);
        for (e = 0, p = 0; p < n; p++) {
            uint32_t L = lens[p], o;
            const uint8_t *x = s->raw + s->raw_off[p];
            uint64_t check = 0;
            if (L < C->min_len || L > C->max_len) continue;
            if (L >= 8) check = vyre__fold64(vyre__ld64(x + L - 8));
            for (o = 0; o < C->S; o++, e++) {
                const uint32_t po = pofs[e];
                vyre__big_ent *d = &ent[fill[slots[e]]++];
                uint64_t key = vyre__big_key(x + po, C->W);
                d->key = key; d->check = check; d->id = p; d->lo = L | (po << 16);
            }
        }
        vyre_free(A, slots); vyre_free(A, fill); vyre_free(A, pick); vyre_free(A, pofs); slots = fill = NULL; pick = NULL; pofs = NULL;
    }
    vyre_free(A, slots); vyre_free(A, fill); vyre_free(A, pick); vyre_free(A, pofs);
    if (r != VYRE_OK) return r;
    params = (uint32_t *)s->tables[VYRE_LT_PARAMS];
    params[VYRE_LP_PATTERN_COUNT] = n;
    params[VYRE_LP_MIN_LEN] = s->min_len;
    params[VYRE_LP_MAX_LEN] = s->max_len;
    params[VYRE_LP_WORDS_PER_ROW] = (n + 31u) / 32u;
    vyre__big_head(s, B);
    if (src && memcmp(B->head, src->head, sizeof B->head) != 0)
        return vyre_set_error(err, VYRE_ERR_SERIAL_CORRUPT, "Fix: pass the exact bytes vyre_literal_set_serialize wrote.",
                              "the serialized BIG header differs from the one its patterns give");
    return VYRE_OK;
}

static void vyre__big_info(const vyre__lit_set *s, vyre_literal_set_info *out) {
    const vyre__big *B = (const vyre__big *)s->big;
    out->form = VYRE_LIT_FORM_BIG;
    out->state_count = 0;
    out->dfa_bytes = 0;
    if (B) out->table_bytes += B->blob_bytes;
}

/* >>big-cpu: the BIG form's CPU engine (the reference for its GPU kernels) */
static int vyre__big_eq(const uint8_t *h, const uint8_t *x, uint32_t L, int caseless) {
    uint32_t j = 0;
    if (!caseless) {
        for (; j + 8 <= L; j += 8)
            if (vyre__ld64(h + j) != vyre__ld64(x + j)) return 0;
        for (; j < L; j++)
            if (h[j] != x[j]) return 0;
        return 1;
    }
    for (; j + 8 <= L; j += 8)
        if (vyre__fold64(vyre__ld64(h + j)) != vyre__fold64(vyre__ld64(x + j))) return 0;
    for (; j < L; j++)
        if (vyre__fold(h[j]) != vyre__fold(x[j])) return 0;
    return 1;
}
/* the pieces of slot f's bucket that match at aligned position a (every index bounded: vyre__big_view) */
static void vyre__big_confirm(const vyre__big_view *v, const vyre__big_cls *C, uint64_t key, uint64_t f, const uint8_t *h, size_t a,
                              size_t from, size_t to, vyre__sink *k) {
    uint64_t slot = f >> (C->fbits - C->sbits), e, e1 = C->dir[slot + 1u];
    if (e1 > C->nent) e1 = C->nent;
    for (e = C->dir[slot]; e < e1; e++) {
        const vyre__big_ent *d = &C->ent[e];
        uint32_t L, o, id;
        size_t st, en;
        if (d->key != key) continue;
        L = d->lo & 0xFFFFu; o = d->lo >> 16; id = d->id;
        if (a < o) continue;
        st = a - o; en = st + L;
        if (en > to || en <= from) continue;
        if (L >= 8 && vyre__fold64(vyre__ld64(h + en - 8)) != d->check) continue;
        if (id >= v->npat || v->off[id + 1] - v->off[id] != L || v->off[id + 1] > v->raw_len || v->off[id] > v->off[id + 1]) continue;
        if (!vyre__big_eq(h + st, v->raw + v->off[id], L, (v->flags[id] & VYRE_CASELESS) != 0)) continue;
        vyre__sink_put(k, id, en);
    }
}
/* Filter hits are confirmed in batches of VYRE__BIG_BATCH: the position loop
   prefetches each hit's directory pair, the batch then reads the pairs and
   prefetches each bucket's first entries, and only then walks the buckets,
   so the directory, entry and pattern misses of many hits overlap instead
   of following one another (the tables of 10^5 patterns are tens of MB). */
#define VYRE__BIG_BATCH 32u
#if defined(__GNUC__) || defined(__clang__)
#define VYRE__BIG_PF(p) __builtin_prefetch(p)
#else
#define VYRE__BIG_PF(p) ((void)(p))
#endif
typedef struct vyre__big_batch { uint32_t n; size_t a[VYRE__BIG_BATCH]; uint64_t key[VYRE__BIG_BATCH], f[VYRE__BIG_BATCH]; } vyre__big_batch;
static void vyre__big_flush(const vyre__big_view *v, const vyre__big_cls *C, vyre__big_batch *b, const uint8_t *h, size_t from, size_t to,
                            vyre__sink *k) {
    const uint32_t sh = C->fbits - C->sbits;
    uint32_t i;
    for (i = 0; i < b->n; i++) {
        const uint64_t e0 = C->dir[b->f[i] >> sh];
        if (e0 < C->nent) { VYRE__BIG_PF(&C->ent[e0]); VYRE__BIG_PF((const uint8_t *)&C->ent[e0] + 64); }
    }
    for (i = 0; i < b->n; i++) vyre__big_confirm(v, C, b->key[i], b->f[i], h, b->a[i], from, to, k);
    b->n = 0;
}
#define VYRE__BIG_HIT(key_, f_, at_)                                                    \
    do {                                                                                \
        VYRE__BIG_PF(&C->dir[(f_) >> sh]);                                              \
        b.a[b.n] = (at_); b.key[b.n] = (key_); b.f[b.n] = (f_);                         \
        if (++b.n == VYRE__BIG_BATCH) vyre__big_flush(v, C, &b, h, from, to, k);        \
    } while (0)
/* one class over match ends (from, to]: aligned positions a = multiples of S
   (S = 1: each 8 haystack bytes folded once, the 8 windows made by shifts) */
static void vyre__big_scan_cls(const vyre__big_view *v, const vyre__big_cls *C, const uint8_t *h, size_t from, size_t to, vyre__sink *k) {
    size_t maxl = C->max_len < v->max_len ? C->max_len : v->max_len, lo = from + 1 > maxl ? from + 1 - maxl : 0, a;
    const uint32_t W = C->W, S = C->S, fsh = 64u - C->fbits, sh = C->fbits - C->sbits;
    const uint64_t *F = C->filter;
    vyre__big_batch b;
    if (to < W) return;
    b.n = 0;
    a = (lo + S - 1) / S * S;
    if (S == 1 && (W == 8 || W == 4)) { /* every position: fold 8 bytes once, the 8 windows by shifts */
        const uint64_t wm = W == 8 ? ~(uint64_t)0 : 0xFFFFFFFFull;
        for (; a + 16 <= to; a += 8) {
            const uint64_t f0 = vyre__fold64(vyre__ld64(h + a)), f1 = vyre__fold64(vyre__ld64(h + a + 8));
            uint32_t j;
            for (j = 0; j < 8; j++) {
                const uint64_t key = (j ? (f0 >> (8u * j)) | (f1 << (64u - 8u * j)) : f0) & wm, f = (key * VYRE__BIG_MUL) >> fsh;
                if ((F[f >> 6] >> (f & 63u)) & 1u) VYRE__BIG_HIT(key, f, a + j);
            }
        }
    }
    if (W == 8) {
        for (; a + 8 <= to; a += S) {
            uint64_t key = vyre__fold64(vyre__ld64(h + a)), f = (key * VYRE__BIG_MUL) >> fsh;
            if ((F[f >> 6] >> (f & 63u)) & 1u) VYRE__BIG_HIT(key, f, a);
        }
    } else if (W == 4) {
        for (; a + 4 <= to; a += S) {
            uint64_t key = vyre__fold64((uint64_t)vyre__ld32(h + a)), f = (key * VYRE__BIG_MUL) >> fsh;
            if ((F[f >> 6] >> (f & 63u)) & 1u) VYRE__BIG_HIT(key, f, a);
        }
    } else {
        for (; a + W <= to; a += S) {
            uint64_t key = vyre__big_key(h + a, W), f = (key * VYRE__BIG_MUL) >> fsh;
            if ((F[f >> 6] >> (f & 63u)) & 1u) VYRE__BIG_HIT(key, f, a);
        }
    }
    if (b.n) vyre__big_flush(v, C, &b, h, from, to, k);
}
#undef VYRE__BIG_HIT
/* state: a vyre__big_view */
static void vyre__big_cpu_scan(const void *state, int dfa, const uint8_t *h, size_t from, size_t to, vyre__sink *k) {
    const vyre__big_view *v = (const vyre__big_view *)state;
    uint32_t c;
    (void)dfa;
    for (c = 0; c < VYRE__BIG_CLASSES; c++)
        if (v->used & (1u << c)) vyre__big_scan_cls(v, &v->cls[c], h, from, to, k);
}
static vyre_result vyre__big_cpu_open(const vyre_pattern_set *set, const vyre_allocator *A, void **state, vyre_error *err) {
    const vyre__lit_set *s = (const vyre__lit_set *)set;
    (void)A; (void)err;
    *state = (void *)(uintptr_t)&((const vyre__big *)s->big)->v; /* the set is immutable: the engine reads its view */
    return VYRE_OK;
}
static void vyre__big_cpu_close(void *state, const vyre_allocator *A) { (void)state; (void)A; }
/* the five VYRE_BT_* tables (the bindings of the vyre_big_* programs) */
static void vyre__big_table(const vyre_pattern_set *set, uint32_t index, const void **data, size_t *bytes) {
    const vyre__lit_set *s = (const vyre__lit_set *)set;
    const vyre__big *B = (const vyre__big *)s->big;
    *data = NULL; *bytes = 0;
    switch (index) {
    case VYRE_BT_HEAD: *data = B->head; *bytes = sizeof B->head; break;
    case VYRE_BT_BLOB: *data = B->blob; *bytes = (size_t)B->blob_bytes; break;
    case VYRE_BT_BYTES: *data = s->raw; *bytes = s->raw_off[s->npat]; break;
    case VYRE_BT_OFFSETS: *data = s->raw_off; *bytes = ((size_t)s->npat + 1u) * 4u; break;
    case VYRE_BT_FLAGS: *data = s->tables[VYRE_LT_PATTERN_FLAGS]; *bytes = s->table_bytes[VYRE_LT_PATTERN_FLAGS]; break;
    default: break;
    }
}
/* The GPU programs are kernels.inc >>kernels-big; the CPU backend runs the
   same programs with the engine above (vyre__cpu_program). */
static const vyre__engine_ops vyre__big_ops = {
    VYRE_SET_LITERAL, "literal", VYRE_KERNELS_COMMON | VYRE_KERNELS_BIG,
    vyre__lit_history, vyre__lit_match_start,
    VYRE_BIG_TABLE_COUNT, vyre__big_table,
    {VYRE_PROGRAM_BIG_MATCHES, VYRE_PROGRAM_BIG_COUNT, VYRE_PROGRAM_BIG_PRESENCE},
    vyre__big_cpu_open, vyre__big_cpu_close, vyre__big_cpu_scan,
    vyre__big_free,
    NULL, 0,
};
static const vyre__engine_ops *vyre__big_engine(void) { return &vyre__big_ops; }
/* ---- serialization format 3 (vyre_literal_set_serialize, docs/large-sets.md) ---- */
/* Format 3, the BIG form (sets in the BIG form write it; version 2 blobs, of the
   layout before per-residue piece picks and the larger S = 1 and 4 filters, are
   VYRE_ERR_SERIAL_VERSION): the tables as they are used,
   so loading copies them instead of hashing every piece again.
     header, 64 bytes: "VYRELIT\0" | u32 version 3 | u32 pattern count | u64 payload bytes |
       u64 checksum | u32 form (2) | u32 0 | u64 pattern bytes | u64 BIG blob bytes | u64 0
     payload, each section at a 64-byte aligned offset from the blob's start, zero padded:
       u32 flags[patterns] (as given) | u32 offsets[patterns + 1] | pattern bytes |
       u32 VYRE_BT_HEAD[VYRE_BH_WORDS] | the BIG blob (VYRE_BT_BLOB)
   Tables are stored in the host's byte order (little-endian hosts; elsewhere the checksum
   fails: VYRE_ERR_SERIAL_CORRUPT). The checksum (vyre__sum64: four multiply-xor lanes over
   8-byte words, several GB/s) covers header bytes 0..24 and 32..64 and the payload. Loading
   checks the patterns as a compile does, sizes the classes from them, and requires the
   stored header to equal the computed one: the blob's layout is then the compile's, and
   every index its lookups follow is bounded (>>big-layout, vyre__big_view). */
#define VYRE__SER_HEADER_BIG 64u
static uint64_t vyre__sum64(uint64_t seed, const uint8_t *p, size_t n) {
    const uint64_t P = 0x9E3779B97F4A7C15ull;
    uint64_t h0 = seed, h1 = seed ^ 0x243F6A8885A308D3ull, h2 = seed ^ 0x13198A2E03707344ull, h3 = seed ^ 0xA4093822299F31D0ull, t = 0;
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        uint64_t w[4];
        memcpy(w, p + i, 32);
        h0 = (h0 ^ w[0]) * P; h1 = (h1 ^ w[1]) * P; h2 = (h2 ^ w[2]) * P; h3 = (h3 ^ w[3]) * P;
    }
    for (; i < n; i++) t = (t ^ p[i]) * P;
    h0 ^= (h1 << 17 | h1 >> 47) ^ (h2 << 31 | h2 >> 33) ^ (h3 << 47 | h3 >> 17) ^ t ^ (uint64_t)n;
    h0 ^= h0 >> 29; h0 *= 0xBF58476D1CE4E5B9ull; h0 ^= h0 >> 32;
    return h0;
}
static uint64_t vyre__a64(uint64_t n) { return (n + 63u) & ~(uint64_t)63u; }
/* the five sections' offsets (from the blob's start) and the total size of a format-2 blob */
static uint64_t vyre__ser_big_layout(uint32_t n, uint64_t raw_len, uint64_t blob_bytes, uint64_t off[5]) {
    off[0] = VYRE__SER_HEADER_BIG;
    off[1] = vyre__a64(off[0] + (uint64_t)n * 4u);
    off[2] = vyre__a64(off[1] + ((uint64_t)n + 1u) * 4u);
    off[3] = vyre__a64(off[2] + raw_len);
    off[4] = vyre__a64(off[3] + (uint64_t)VYRE_BH_WORDS * 4u);
    return off[4] + blob_bytes;
}
static uint64_t vyre__ser_big_sum(const uint8_t *o, uint64_t total) {
    return vyre__sum64(vyre__sum64(vyre__sum64(0x76797265424947ull, o, 24), o + 32, 32), o + VYRE__SER_HEADER_BIG, (size_t)(total - VYRE__SER_HEADER_BIG));
}
static vyre_result vyre__serialize_big(const vyre__lit_set *set, uint8_t *o, size_t cap, size_t *size, vyre_error *err) {
    const vyre__big *B = (const vyre__big *)set->big;
    uint64_t off[5], raw_len = set->raw_off[set->npat], total = vyre__ser_big_layout(set->npat, raw_len, B->blob_bytes, off);
    if ((uint64_t)(size_t)total != total) return VYRE__OVERFLOW(err, "serialized BIG set");
    *size = (size_t)total;
    if (!o) return VYRE_OK;
    if (cap < total)
        return vyre_set_error(err, VYRE_ERR_OUTPUT_TOO_SMALL, "Fix: call with out == NULL first to get the size, then pass a buffer that large.",
                              "serialized set needs %llu bytes but the buffer holds %llu", (unsigned long long)total, (unsigned long long)cap);
    memset(o, 0, (size_t)off[4]); /* header and the padding between sections */
    memcpy(o, VYRE__SER_MAGIC, 8);
    vyre__put32(o + 8, VYRE__SER_VERSION_BIG);
    vyre__put32(o + 12, set->npat);
    vyre__put64(o + 16, total - VYRE__SER_HEADER_BIG);
    vyre__put32(o + 32, (uint32_t)VYRE_LIT_FORM_BIG);
    vyre__put64(o + 40, raw_len);
    vyre__put64(o + 48, B->blob_bytes);
    memcpy(o + off[0], set->raw_flags, (size_t)set->npat * 4u);
    memcpy(o + off[1], set->raw_off, ((size_t)set->npat + 1u) * 4u);
    memcpy(o + off[2], set->raw, (size_t)raw_len);
    memcpy(o + off[3], B->head, sizeof B->head);
    memcpy(o + off[4], B->blob, (size_t)B->blob_bytes);
    vyre__put64(o + 24, vyre__ser_big_sum(o, total));
    return VYRE_OK;
}
/* load a format-2 blob (header checked for magic and version by the caller) */
static vyre_result vyre__deserialize_big(const uint8_t *d, size_t size, const vyre_compile_desc *desc, const vyre_allocator *A,
                                         int borrow, vyre_literal_set **out, vyre_error *err) {
    static const char *fix = "Fix: pass the exact bytes vyre_literal_set_serialize wrote; re-serialize the set if the copy was damaged.";
    uint32_t n, i, form;
    uint64_t payload, raw_len, blob_bytes, off[5], total;
    const uint8_t *flags, *roff;
    vyre_literal *lits;
    vyre_compile_desc cd;
    vyre__big_src src;
    vyre_result r;
    uint32_t head[VYRE_BH_WORDS];
    if (size < VYRE__SER_HEADER_BIG)
        return vyre_set_error(err, VYRE_ERR_SERIAL_TRUNCATED, fix, "serialized set is %llu bytes, shorter than the %u-byte header",
                              (unsigned long long)size, VYRE__SER_HEADER_BIG);
    n = vyre__get32(d + 12); payload = vyre__get64(d + 16); form = vyre__get32(d + 32);
    raw_len = vyre__get64(d + 40); blob_bytes = vyre__get64(d + 48);
    if (payload > (uint64_t)(size - VYRE__SER_HEADER_BIG))
        return vyre_set_error(err, VYRE_ERR_SERIAL_TRUNCATED, fix, "serialized set is truncated: header says %llu payload bytes, %llu present",
                              (unsigned long long)payload, (unsigned long long)(size - VYRE__SER_HEADER_BIG));
    if (payload < (uint64_t)(size - VYRE__SER_HEADER_BIG))
        return vyre_set_error(err, VYRE_ERR_SERIAL_CORRUPT, fix, "serialized set has %llu trailing bytes after its payload",
                              (unsigned long long)((uint64_t)(size - VYRE__SER_HEADER_BIG) - payload));
    if (vyre__ser_big_sum(d, size) != vyre__get64(d + 24))
        return vyre_set_error(err, VYRE_ERR_SERIAL_CORRUPT, fix, "checksum mismatch: the serialized set is corrupted");
    if (form != (uint32_t)VYRE_LIT_FORM_BIG || n == 0 || raw_len > 0xFFFFFFF0u || blob_bytes > ((uint64_t)1 << 48) ||
        (total = vyre__ser_big_layout(n, raw_len, blob_bytes, off)) != (uint64_t)size)
        return vyre_set_error(err, VYRE_ERR_SERIAL_CORRUPT, fix, "serialized BIG set: form %u, %u patterns, %llu pattern bytes and %llu table bytes do not fit its %llu bytes",
                              form, n, (unsigned long long)raw_len, (unsigned long long)blob_bytes, (unsigned long long)size);
    if (desc && desc->max_patterns && n > desc->max_patterns)
        return vyre_set_error(err, VYRE_ERR_TOO_MANY_PATTERNS,
                              "Fix: raise vyre_compile_desc.max_patterns to at least the blob's pattern count (0 = the default VYRE_MAX_PATTERNS), or load a smaller set.",
                              "the serialized set holds %u patterns, over the caller's limit vyre_compile_desc.max_patterns = %u", n, desc->max_patterns);
    if (borrow && ((uintptr_t)d & 7u) != 0u)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass an 8-byte aligned buffer (an mmap of the file, or malloc), or use vyre_literal_set_deserialize.",
                              "vyre_literal_set_load: the buffer at %p is not 8-byte aligned", (const void *)d);
    {   /* the reserved header words and the padding between sections are zero (a loaded set serializes back to its bytes) */
        const uint64_t ends[5] = {off[0] + (uint64_t)n * 4u, off[1] + ((uint64_t)n + 1u) * 4u, off[2] + raw_len, off[3] + (uint64_t)VYRE_BH_WORDS * 4u, 0};
        uint64_t k, z = vyre__get32(d + 36) | vyre__get64(d + 56);
        for (i = 0; i < 4; i++)
            for (k = ends[i]; k < off[i + 1]; k++) z |= d[k];
        if (z) return vyre_set_error(err, VYRE_ERR_SERIAL_CORRUPT, fix, "serialized BIG set has non-zero reserved or padding bytes");
    }
    flags = d + off[0]; roff = d + off[1]; /* read as little-endian words: the buffer need not be aligned */
    if (vyre__get32(roff) != 0 || vyre__get32(roff + 4u * (size_t)n) != raw_len)
        return vyre_set_error(err, VYRE_ERR_SERIAL_CORRUPT, fix, "serialized pattern offsets run from %u to %u, not 0 to %llu", vyre__get32(roff),
                              vyre__get32(roff + 4u * (size_t)n), (unsigned long long)raw_len);
    lits = (vyre_literal *)vyre__calloc(A, n, sizeof *lits, "deserialized patterns", err);
    if (!lits) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
    for (i = 0; i < n; i++) {
        uint32_t o0 = vyre__get32(roff + 4u * (size_t)i), o1 = vyre__get32(roff + 4u * (size_t)i + 4u);
        if (o1 < o0) { vyre_free(A, lits); return vyre_set_error(err, VYRE_ERR_SERIAL_CORRUPT, fix, "serialized pattern %u has offsets %u..%u", i, o0, o1); }
        lits[i].bytes = d + off[2] + o0; lits[i].len = o1 - o0; lits[i].flags = vyre__get32(flags + 4u * (size_t)i);
    }
    memcpy(head, d + off[3], sizeof head);
    src.head = head; src.blob = d + off[4]; src.blob_bytes = blob_bytes; src.borrow = borrow;
    if (desc) cd = *desc; else memset(&cd, 0, sizeof cd);
    cd.allocator = *A;
    cd.flags = 0;
    /* a caller that forces the DFA gets it compiled from the patterns; otherwise the stored BIG tables */
    r = vyre__lit_compile(lits, n, &cd, cd.form == (uint32_t)VYRE_LIT_FORM_DFA ? NULL : &src, out, err);
    vyre_free(A, lits);
    if (r != VYRE_OK && r != VYRE_ERR_OUT_OF_MEMORY && r != VYRE_ERR_DFA_TOO_LARGE && r != VYRE_ERR_TOO_MANY_PATTERNS &&
        r != VYRE_ERR_TABLES_TOO_LARGE && r != VYRE_ERR_SERIAL_CORRUPT) {
        char m[sizeof err->message];
        if (err) {
            uint32_t pi = err->pattern_index;
            uint64_t eo = err->offset;
            snprintf(m, sizeof m, "%s", err->message);
            vyre_set_error(err, VYRE_ERR_SERIAL_CORRUPT, fix, "serialized set holds invalid patterns: %s", m);
            vyre_error_locate(err, VYRE_ERR_SERIAL_CORRUPT, pi, eo);
        }
        return VYRE_ERR_SERIAL_CORRUPT;
    }
    return r;
}

/* ---- <<big-cpu end ---- */

/* the host's online cores (1 where that cannot be asked): the default thread count of the CPU
   backend, the ingest readers and the GPU regex engine's host finish */
static uint32_t vyre__host_cores(void) {
#if !defined(_WIN32) && defined(_SC_NPROCESSORS_ONLN)
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (uint32_t)n : 1u;
#else
    return 1u;
#endif
}
/* ---- >>thread-pool: THE worker pool (vyre_worker_pool, >>backend-kit) ----
   One implementation for every part that runs work on host threads: the CPU
   backend's scan parts, the CUDA staging copies (vyre_cuda.h), the ingest
   pipeline's readers (>>ingest). A job is fn(arg, 0..ntasks-1); each index
   runs exactly once, on a worker or (vyre_worker_pool_run) the caller. One
   job at a time per pool: a second run/begin waits for the first to end. */
struct vyre_worker_pool {
    vyre_allocator A;
    uint32_t workers;          /* threads besides the caller */
#if !defined(VYRE_NO_THREADS)
    pthread_t *th;
    pthread_mutex_t mu, job_mu;
    pthread_cond_t cv_work, cv_done;
#endif
    vyre_task_fn fn;
    void *arg;
    uint32_t ntasks, next, done;
    uint64_t gen;
    int quit;
};

#if !defined(VYRE_NO_THREADS)
static void *vyre__pool_main(void *p_) {
    vyre_worker_pool *p = (vyre_worker_pool *)p_;
    uint64_t seen = 0;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->quit && p->gen == seen) pthread_cond_wait(&p->cv_work, &p->mu);
        if (p->quit) break;
        seen = p->gen;
        while (p->next < p->ntasks) {
            uint32_t idx = p->next++;
            pthread_mutex_unlock(&p->mu);
            p->fn(p->arg, idx);
            pthread_mutex_lock(&p->mu);
            if (++p->done == p->ntasks) pthread_cond_broadcast(&p->cv_done);
        }
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static void vyre__pool_stop(vyre_worker_pool *p, uint32_t started) {
    uint32_t i;
    pthread_mutex_lock(&p->mu);
    p->quit = 1;
    pthread_cond_broadcast(&p->cv_work);
    pthread_mutex_unlock(&p->mu);
    for (i = 0; i < started; i++) pthread_join(p->th[i], NULL);
    pthread_mutex_destroy(&p->mu); pthread_mutex_destroy(&p->job_mu);
    pthread_cond_destroy(&p->cv_work); pthread_cond_destroy(&p->cv_done);
    vyre_free(&p->A, p->th);
    p->th = NULL;
}
#endif

VYREDEF vyre_result vyre_worker_pool_create(const vyre_allocator *alloc, uint32_t workers, const char *who,
                                            vyre_worker_pool **out, vyre_error *err) {
    vyre_allocator A;
    vyre_worker_pool *p;
    vyre_result r;
    vyre__clear_error(err);
    if (!out) return VYRE__NULLARG(err, "out");
    *out = NULL;
    if ((r = vyre_allocator_resolve(alloc, &A, err)) != VYRE_OK) return r;
    if (!who) who = "worker pool";
    if (workers > 1024)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: use at most 1024 worker threads.",
                              "%s: %u worker threads is over the limit of 1024", who, workers);
    p = (vyre_worker_pool *)vyre__calloc(&A, 1, sizeof *p, "worker pool", err);
    if (!p) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
    p->A = A;
#if defined(VYRE_NO_THREADS)
    (void)workers;
    p->workers = 0;
#else
    {
        uint32_t i;
        if (workers) {
            p->th = (pthread_t *)vyre__calloc(&A, workers, sizeof(pthread_t), "worker threads", err);
            if (!p->th) { vyre_free(&A, p); return err ? err->code : VYRE_ERR_OUT_OF_MEMORY; }
        }
        pthread_mutex_init(&p->mu, NULL); pthread_mutex_init(&p->job_mu, NULL);
        pthread_cond_init(&p->cv_work, NULL); pthread_cond_init(&p->cv_done, NULL);
        for (i = 0; i < workers; i++) {
            int rc = pthread_create(&p->th[i], NULL, vyre__pool_main, p);
            if (rc != 0) {
                vyre__pool_stop(p, i);
                vyre_free(&A, p);
                return vyre_set_error(err, VYRE_ERR_THREAD, "Fix: use fewer threads or raise the process thread limit.",
                                      "%s: could not start worker thread %u of %u (error %d)", who, i + 1, workers, rc);
            }
        }
        p->workers = workers;
    }
#endif
    *out = p;
    return VYRE_OK;
}

VYREDEF uint32_t vyre_worker_pool_workers(const vyre_worker_pool *p) { return p ? p->workers : 0; }

VYREDEF void vyre_worker_pool_destroy(vyre_worker_pool *p) {
    vyre_allocator A;
    if (!p) return;
    A = p->A;
#if !defined(VYRE_NO_THREADS)
    vyre__pool_stop(p, p->workers);
#endif
    vyre_free(&A, p);
}

VYREDEF void vyre_worker_pool_run(vyre_worker_pool *p, vyre_task_fn fn, void *arg, uint32_t ntasks) {
    uint32_t i;
#if !defined(VYRE_NO_THREADS)
    if (p && p->workers && ntasks > 1) {
        pthread_mutex_lock(&p->job_mu);
        pthread_mutex_lock(&p->mu);
        p->fn = fn; p->arg = arg; p->ntasks = ntasks; p->next = 0; p->done = 0; p->gen++;
        pthread_cond_broadcast(&p->cv_work);
        while (p->next < p->ntasks) {
            uint32_t idx = p->next++;
            pthread_mutex_unlock(&p->mu);
            fn(arg, idx);
            pthread_mutex_lock(&p->mu);
            if (++p->done == p->ntasks) pthread_cond_broadcast(&p->cv_done);
        }
        while (p->done < p->ntasks) pthread_cond_wait(&p->cv_done, &p->mu);
        pthread_mutex_unlock(&p->mu);
        pthread_mutex_unlock(&p->job_mu);
        return;
    }
#endif
    (void)p;
    for (i = 0; i < ntasks; i++) fn(arg, i);
}

VYREDEF void vyre_worker_pool_begin(vyre_worker_pool *p, vyre_task_fn fn, void *arg, uint32_t ntasks) {
#if !defined(VYRE_NO_THREADS)
    if (p && p->workers) {
        pthread_mutex_lock(&p->job_mu); /* held until vyre_worker_pool_wait */
        pthread_mutex_lock(&p->mu);
        p->fn = fn; p->arg = arg; p->ntasks = ntasks; p->next = 0; p->done = 0; p->gen++;
        pthread_cond_broadcast(&p->cv_work);
        pthread_mutex_unlock(&p->mu);
        return;
    }
#endif
    { uint32_t i; (void)p; for (i = 0; i < ntasks; i++) fn(arg, i); }
}

VYREDEF void vyre_worker_pool_wait(vyre_worker_pool *p) {
#if !defined(VYRE_NO_THREADS)
    if (p && p->workers) {
        pthread_mutex_lock(&p->mu);
        while (p->done < p->ntasks) pthread_cond_wait(&p->cv_done, &p->mu);
        p->ntasks = 0; p->done = 0; p->next = 0;
        pthread_mutex_unlock(&p->mu);
        pthread_mutex_unlock(&p->job_mu);
    }
#endif
    (void)p;
}

/* ---- >>backend: wrap and public wrappers ------------------------------ */
struct vyre_backend {
    const vyre_backend_vtable *vt;
    void *self;
    vyre_allocator alloc;
};

VYREDEF vyre_result vyre_backend_wrap(const vyre_backend_vtable *vt, void *self, const vyre_allocator *alloc, vyre_backend **out,
                                      vyre_error *err) {
    vyre_allocator A;
    vyre_result r;
    vyre_backend *b;
    if (!out) { if (vt && vt->destroy) vt->destroy(self); return VYRE__NULLARG(err, "out"); }
    *out = NULL;
    if (!vt || !vt->id || !vt->version || !vt->profile || !vt->destroy) {
        if (vt && vt->destroy) vt->destroy(self);
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: a backend vtable must set id, version, profile and destroy.",
                              "backend vtable is missing a required entry (id, version, profile or destroy)");
    }
    if ((r = vyre_allocator_resolve(alloc, &A, err)) != VYRE_OK) { vt->destroy(self); return r; }
    b = (vyre_backend *)vyre__calloc(&A, 1, sizeof *b, "backend", err);
    if (!b) { vt->destroy(self); return err ? err->code : VYRE_ERR_OUT_OF_MEMORY; }
    b->vt = vt; b->self = self; b->alloc = A;
    *out = b;
    return VYRE_OK;
}
VYREDEF void vyre_backend_destroy(vyre_backend *b) {
    vyre_allocator A;
    if (!b) return;
    if (b->vt->shutdown) b->vt->shutdown(b->self, NULL);
    b->vt->destroy(b->self);
    A = b->alloc;
    vyre_free(&A, b);
}
VYREDEF const vyre_backend_vtable *vyre_backend_vtable_of(const vyre_backend *b) { return b ? b->vt : NULL; }
VYREDEF void *vyre_backend_self(const vyre_backend *b) { return b ? b->self : NULL; }
VYREDEF const char *vyre_backend_id(const vyre_backend *b) { return b ? b->vt->id(b->self) : "(null)"; }
VYREDEF const char *vyre_backend_version(const vyre_backend *b) { return b ? b->vt->version(b->self) : "(null)"; }

static vyre_result vyre__unsupported(vyre_backend *b, const char *feature, vyre_error *err) {
    return vyre_set_error(err, VYRE_ERR_UNSUPPORTED,
                          "Fix: use a backend that supports it (the CPU backend implements the whole contract), or avoid this call.",
                          "backend '%s' does not support %s", vyre_backend_id(b), feature);
}
#define VYRE__NEED(b, entry, feature) \
    do { \
        vyre__clear_error(err); \
        if (!(b)) return VYRE__NULLARG(err, "backend"); \
        if (!(b)->vt->entry) return vyre__unsupported((b), (feature), err); \
    } while (0)

VYREDEF vyre_result vyre_backend_profile(vyre_backend *b, vyre_device_profile *out, vyre_error *err) {
    VYRE__NEED(b, profile, "device profiles");
    if (!out) return VYRE__NULLARG(err, "out");
    memset(out, 0, sizeof *out);
    return b->vt->profile(b->self, out, err);
}
VYREDEF vyre_result vyre_host_alloc(vyre_backend *b, size_t bytes, void **out, vyre_error *err) {
    vyre__clear_error(err);
    if (!out) return VYRE__NULLARG(err, "out");
    *out = NULL;
    if (!b) return VYRE__NULLARG(err, "backend");
    if (b->vt->host_alloc && b->vt->host_free) return b->vt->host_alloc(b->self, bytes, out, err);
    *out = b->alloc.alloc(bytes ? bytes : 1, b->alloc.user);
    if (!*out) return VYRE__OOM(err, "host staging memory", (uint64_t)bytes);
    return VYRE_OK;
}
VYREDEF void vyre_host_free(vyre_backend *b, void *p) {
    if (!b || !p) return;
    if (b->vt->host_alloc && b->vt->host_free) b->vt->host_free(b->self, p);
    else b->alloc.free(p, b->alloc.user);
}
static void vyre__timing_unknown(vyre_timing *t) {
    if (t) { t->wall_ns = 0; t->device_ns = VYRE_TIME_UNKNOWN; t->enqueue_ns = VYRE_TIME_UNKNOWN; t->wait_ns = VYRE_TIME_UNKNOWN; }
}
VYREDEF vyre_result vyre_backend_dispatch(vyre_backend *b, const char *program, const vyre_host_arg *args, uint32_t nargs,
                                          const uint64_t *scalars, uint32_t nscalars, vyre_timing *timing, vyre_error *err) {
    uint64_t t0; vyre_result r;
    VYRE__NEED(b, dispatch, "borrowed dispatch");
    if (!program) return VYRE__NULLARG(err, "program");
    if (nargs && !args) return VYRE__NULLARG(err, "args");
    if (nscalars && !scalars) return VYRE__NULLARG(err, "scalars");
    vyre__timing_unknown(timing);
    t0 = vyre_now_ns();
    r = b->vt->dispatch(b->self, program, args, nargs, scalars, nscalars, timing, err);
    if (timing) timing->wall_ns = vyre_now_ns() - t0;
    return r;
}
VYREDEF vyre_result vyre_buffer_alloc(vyre_backend *b, size_t bytes, vyre_buffer *out, vyre_error *err) {
    VYRE__NEED(b, buffer_alloc, "resident buffer allocation");
    if (!out) return VYRE__NULLARG(err, "out");
    *out = 0;
    return b->vt->buffer_alloc(b->self, bytes, out, err);
}
VYREDEF vyre_result vyre_backend_kernel_info(vyre_backend *b, vyre_kernel_info *out, vyre_error *err) {
    vyre__clear_error(err);
    if (!b) return VYRE__NULLARG(err, "backend");
    if (!out) return VYRE__NULLARG(err, "out");
    memset(out, 0, sizeof *out);
    if (!b->vt->kernel_info)
        return vyre_set_error(err, VYRE_ERR_UNSUPPORTED, "Fix: ask a GPU backend (CUDA, OpenCL); this one compiles no kernels.",
                              "backend '%s' builds no kernels, so it has no kernel build to report", b->vt->id(b->self));
    return b->vt->kernel_info(b->self, out, err);
}
VYREDEF vyre_result vyre_buffer_free(vyre_backend *b, vyre_buffer buf, vyre_error *err) {
    VYRE__NEED(b, buffer_free, "resident buffer free");
    return b->vt->buffer_free(b->self, buf, err);
}
VYREDEF vyre_result vyre_buffer_upload(vyre_backend *b, vyre_buffer buf, size_t offset, const void *src, size_t len, vyre_error *err) {
    VYRE__NEED(b, upload, "resident ranged upload");
    if (len && !src) return VYRE__NULLARG(err, "src");
    return b->vt->upload(b->self, buf, offset, src, len, err);
}
VYREDEF vyre_result vyre_buffer_upload_many(vyre_backend *b, const vyre_op *uploads, size_t n, vyre_error *err) {
    size_t i;
    VYRE__NEED(b, upload_many, "resident batched upload");
    if (n && !uploads) return VYRE__NULLARG(err, "uploads");
    for (i = 0; i < n; i++)
        if (uploads[i].kind != VYRE_OP_UPLOAD || (uploads[i].len && !uploads[i].src))
            return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: every entry needs kind VYRE_OP_UPLOAD and a source.",
                                  "upload %llu has kind %d or a NULL source", (unsigned long long)i, (int)uploads[i].kind);
    return b->vt->upload_many(b->self, uploads, n, err);
}
VYREDEF vyre_result vyre_buffer_download(vyre_backend *b, vyre_buffer buf, size_t offset, void *dst, size_t len, vyre_error *err) {
    VYRE__NEED(b, download, "resident ranged download");
    if (len && !dst) return VYRE__NULLARG(err, "dst");
    return b->vt->download(b->self, buf, offset, dst, len, err);
}
VYREDEF vyre_result vyre_buffer_download_many(vyre_backend *b, const vyre_op *downloads, size_t n, vyre_error *err) {
    size_t i;
    VYRE__NEED(b, download_many, "resident batched download");
    if (n && !downloads) return VYRE__NULLARG(err, "downloads");
    for (i = 0; i < n; i++)
        if (downloads[i].kind != VYRE_OP_DOWNLOAD || (downloads[i].len && !downloads[i].dst))
            return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: every entry needs kind VYRE_OP_DOWNLOAD and a destination.",
                                  "download %llu has kind %d or a NULL destination", (unsigned long long)i, (int)downloads[i].kind);
    return b->vt->download_many(b->self, downloads, n, err);
}
VYREDEF vyre_result vyre_buffer_fill(vyre_backend *b, vyre_buffer buf, size_t offset, size_t len, uint8_t value, vyre_error *err) {
    VYRE__NEED(b, fill, "resident fill");
    return b->vt->fill(b->self, buf, offset, len, value, err);
}
VYREDEF vyre_result vyre_dispatch_resident(vyre_backend *b, const vyre_dispatch *d, vyre_timing *timing, vyre_error *err) {
    uint64_t t0; vyre_result r;
    VYRE__NEED(b, dispatch_resident, "resident dispatch");
    if (!d || !d->program) return VYRE__NULLARG(err, "dispatch");
    vyre__timing_unknown(timing);
    t0 = vyre_now_ns();
    r = b->vt->dispatch_resident(b->self, d, timing, err);
    if (timing) timing->wall_ns = vyre_now_ns() - t0;
    return r;
}
VYREDEF vyre_result vyre_sequence(vyre_backend *b, const vyre_op *ops, size_t n, vyre_timing *timing, vyre_error *err) {
    uint64_t t0; vyre_result r;
    VYRE__NEED(b, sequence, "resident dispatch sequences");
    if (n && !ops) return VYRE__NULLARG(err, "ops");
    vyre__timing_unknown(timing);
    t0 = vyre_now_ns();
    r = b->vt->sequence(b->self, ops, n, timing, err);
    if (timing) timing->wall_ns = vyre_now_ns() - t0;
    return r;
}
/* the structural checks every repeated sequence gets before anything runs */
static vyre_result vyre__repeat_check(const vyre_repeat *rep, vyre_error *err) {
    static const char *const part[2] = {"prefix", "steps"};
    const vyre_dispatch *arr[2];
    size_t cnt[2], k, i;
    if (!rep) return VYRE__NULLARG(err, "rep");
    arr[0] = rep->prefix; cnt[0] = rep->prefix_count; arr[1] = rep->steps; cnt[1] = rep->step_count;
    for (k = 0; k < 2; k++) {
        if (cnt[k] && !arr[k])
            return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass an array of that many dispatches, or a count of 0.",
                                  "repeated sequence: %s is NULL with a count of %llu", part[k], (unsigned long long)cnt[k]);
        for (i = 0; i < cnt[k]; i++)
            if (!arr[k][i].program || (arr[k][i].buffer_count && !arr[k][i].buffers) || (arr[k][i].scalar_count && !arr[k][i].scalars))
                return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: give every dispatch a program and its buffer and scalar arrays.",
                                      "repeated sequence: %s[%llu] has a NULL program, buffers or scalars", part[k], (unsigned long long)i);
    }
    if (rep->read_count && !rep->reads)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass an array of that many reads, or a count of 0.",
                              "repeated sequence: reads is NULL with a count of %llu", (unsigned long long)rep->read_count);
    for (i = 0; i < rep->read_count; i++)
        if (rep->reads[i].kind != VYRE_OP_DOWNLOAD || (rep->reads[i].len && !rep->reads[i].dst))
            return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: every read needs kind VYRE_OP_DOWNLOAD and a destination.",
                                  "repeated sequence: reads[%llu] has kind %d or a NULL destination", (unsigned long long)i, (int)rep->reads[i].kind);
    return VYRE_OK;
}
static void vyre__repeat_clear_reads(const vyre_repeat *rep) {
    size_t i;
    if (!rep || !rep->reads) return;
    for (i = 0; i < rep->read_count; i++)
        if (rep->reads[i].kind == VYRE_OP_DOWNLOAD && rep->reads[i].dst && rep->reads[i].len) memset(rep->reads[i].dst, 0, rep->reads[i].len);
}
/* acc += v for one timing field: unknown stays unknown; a sum that reaches VYRE_TIME_UNKNOWN is an error */
static vyre_result vyre__timing_sum(uint64_t *acc, uint64_t v, const char *field, vyre_error *err) {
    if (*acc == VYRE_TIME_UNKNOWN) return VYRE_OK;
    if (v == VYRE_TIME_UNKNOWN) { *acc = VYRE_TIME_UNKNOWN; return VYRE_OK; }
    if (v >= VYRE_TIME_UNKNOWN - *acc)
        return vyre_set_error(err, VYRE_ERR_OVERFLOW, "Fix: split the repetition into several calls, or time the steps one by one.",
                              "repeated sequence %s overflows 64-bit nanoseconds (%llu + %llu)", field, (unsigned long long)*acc, (unsigned long long)v);
    *acc += v;
    return VYRE_OK;
}
/* one dispatch of the default, its timings added to sum */
static vyre_result vyre__repeat_one(vyre_backend *b, const vyre_dispatch *d, vyre_timing *sum, vyre_error *err) {
    vyre_timing t;
    vyre_result r;
    vyre__timing_unknown(&t);
    if ((r = b->vt->dispatch_resident(b->self, d, &t, err)) != VYRE_OK) return r;
    if ((r = vyre__timing_sum(&sum->device_ns, t.device_ns, "device time", err)) != VYRE_OK) return r;
    if ((r = vyre__timing_sum(&sum->enqueue_ns, t.enqueue_ns, "enqueue time", err)) != VYRE_OK) return r;
    return vyre__timing_sum(&sum->wait_ns, t.wait_ns, "wait time", err);
}
static vyre_result vyre__repeat_default(vyre_backend *b, const vyre_repeat *rep, vyre_timing *timing, vyre_error *err) {
    vyre_timing sum;
    vyre_result r = VYRE_OK;
    uint32_t round;
    size_t i;
    if (!b->vt->dispatch_resident && (rep->prefix_count || (rep->step_count && rep->repeat_count)))
        return vyre__unsupported(b, "resident dispatch (repeated sequences are built from it)", err);
    if (rep->read_count && !b->vt->download_many && !b->vt->download)
        return vyre__unsupported(b, "resident downloads (the reads of a repeated sequence)", err);
    sum.wall_ns = 0; sum.device_ns = 0; sum.enqueue_ns = 0; sum.wait_ns = 0;
    for (i = 0; r == VYRE_OK && i < rep->prefix_count; i++) r = vyre__repeat_one(b, &rep->prefix[i], &sum, err);
    for (round = 0; r == VYRE_OK && rep->step_count && round < rep->repeat_count; round++)
        for (i = 0; r == VYRE_OK && i < rep->step_count; i++) r = vyre__repeat_one(b, &rep->steps[i], &sum, err);
    if (r == VYRE_OK && rep->read_count) {
        if (b->vt->download_many) r = b->vt->download_many(b->self, rep->reads, rep->read_count, err);
        else
            for (i = 0; r == VYRE_OK && i < rep->read_count; i++)
                r = b->vt->download(b->self, rep->reads[i].buffer, rep->reads[i].offset, rep->reads[i].dst, rep->reads[i].len, err);
    }
    if (r == VYRE_OK && timing) { timing->device_ns = sum.device_ns; timing->enqueue_ns = sum.enqueue_ns; timing->wait_ns = sum.wait_ns; }
    return r;
}
static vyre_result vyre__repeat_run(vyre_backend *b, const vyre_repeat *rep, vyre_timing *timing, int native, vyre_error *err) {
    uint64_t t0;
    vyre_result r;
    vyre__clear_error(err);
    if (!b) return VYRE__NULLARG(err, "backend");
    if ((r = vyre__repeat_check(rep, err)) != VYRE_OK) { vyre__repeat_clear_reads(rep); return r; }
    vyre__timing_unknown(timing);
    t0 = vyre_now_ns();
    r = native && b->vt->sequence_repeat ? b->vt->sequence_repeat(b->self, rep, timing, err) : vyre__repeat_default(b, rep, timing, err);
    if (timing) timing->wall_ns = vyre_now_ns() - t0;
    if (r != VYRE_OK) { vyre__repeat_clear_reads(rep); vyre__timing_unknown(timing); }
    return r;
}
VYREDEF vyre_result vyre_sequence_repeat(vyre_backend *b, const vyre_repeat *rep, vyre_timing *timing, vyre_error *err) {
    return vyre__repeat_run(b, rep, timing, 1, err);
}
VYREDEF vyre_result vyre_sequence_repeat_default(vyre_backend *b, const vyre_repeat *rep, vyre_timing *timing, vyre_error *err) {
    return vyre__repeat_run(b, rep, timing, 0, err);
}
VYREDEF vyre_result vyre_backend_telemetry(vyre_backend *b, vyre_telemetry *out, vyre_error *err) {
    VYRE__NEED(b, telemetry, "telemetry counters");
    if (!out) return VYRE__NULLARG(err, "out");
    memset(out, 0, sizeof *out);
    return b->vt->telemetry(b->self, out);
}
VYREDEF vyre_result vyre_backend_telemetry_reset(vyre_backend *b, vyre_error *err) {
    VYRE__NEED(b, telemetry_reset, "telemetry reset");
    b->vt->telemetry_reset(b->self);
    return VYRE_OK;
}
VYREDEF vyre_result vyre_backend_prepare(vyre_backend *b, vyre_error *err) {
    vyre__clear_error(err);
    if (!b) return VYRE__NULLARG(err, "backend");
    if (!b->vt->prepare) return VYRE_OK; /* a NULL lifecycle hook is a successful no-op (seed 004) */
    return b->vt->prepare(b->self, err);
}
VYREDEF vyre_result vyre_backend_flush(vyre_backend *b, vyre_error *err) {
    vyre__clear_error(err);
    if (!b) return VYRE__NULLARG(err, "backend");
    if (!b->vt->flush) return VYRE_OK; /* a NULL lifecycle hook is a successful no-op (seed 004) */
    return b->vt->flush(b->self, err);
}
VYREDEF vyre_result vyre_backend_shutdown(vyre_backend *b, vyre_error *err) {
    vyre__clear_error(err);
    if (!b) return VYRE__NULLARG(err, "backend");
    if (!b->vt->shutdown) return VYRE_OK; /* a NULL lifecycle hook is a successful no-op (seed 004) */
    return b->vt->shutdown(b->self, err);
}
VYREDEF int vyre_backend_device_lost(vyre_backend *b) { return (b && b->vt->device_lost) ? b->vt->device_lost(b->self) : 0; }
VYREDEF vyre_result vyre_backend_try_recover(vyre_backend *b, vyre_error *err) {
    VYRE__NEED(b, try_recover, "device recovery");
    return b->vt->try_recover(b->self, err);
}

/* ---- >>backend-kit implementation ----------------------------------- */
VYREDEF uint64_t vyre_kit_hash(const void *data, size_t len, uint64_t seed) {
    const uint8_t *p = (const uint8_t *)data;
    uint64_t h = seed ^ 0x9E3779B97F4A7C15ull ^ ((uint64_t)len * 0xC2B2AE3D27D4EB4Full);
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t v;
        memcpy(&v, p + i, 8);
        h ^= v * 0x87C37B91114253D5ull;
        h = (h << 31) | (h >> 33);
        h *= 0x4CF5AD432745937Full;
    }
    for (; i < len; ++i) {
        h ^= p[i];
        h *= 0x100000001B3ull;
    }
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    return h;
}
VYREDEF const char *vyre_kit_family_name(uint32_t unit) {
    static const char *const names[VYRE_KERNELS_UNITS] = {"lit", "nfa", "ring", "big"};
    return unit < VYRE_KERNELS_UNITS ? names[unit] : "?";
}
VYREDEF uint32_t vyre_kit_family_unit(uint32_t families) {
    uint32_t u;
    for (u = 0; u < VYRE_KERNELS_UNITS; u++)
        if (families & VYRE_KERNELS_UNIT_BIT(u)) return u;
    return VYRE_KERNELS_UNITS;
}
VYREDEF void vyre_kit_cache_dir(const char *want, char *out, size_t cap) {
    const char *e;
    if (!out || !cap) return;
    out[0] = 0;
    if (want) {
        if (want[0]) snprintf(out, cap, "%s", want);
        return;
    }
    if ((e = getenv("VYRE_CACHE_DIR")) != NULL) { snprintf(out, cap, "%s", e); return; }
    if ((e = getenv("XDG_CACHE_HOME")) != NULL && e[0]) { snprintf(out, cap, "%s/vyre", e); return; }
    if ((e = getenv("HOME")) != NULL && e[0]) snprintf(out, cap, "%s/.cache/vyre", e);
}
VYREDEF void vyre_kit_cache_path(const char *dir, const char *name, uint64_t key, char *out, size_t cap) {
    int n;
    if (!out || !cap) return;
    out[0] = 0;
    if (!dir || !dir[0]) return;
    n = snprintf(out, cap, "%s/%s-%016llx.bin", dir, name ? name : "kernels", (unsigned long long)key);
    if (n < 0 || (size_t)n >= cap) out[0] = 0;
}
#define VYRE__KC_MAGIC "VYREKC01"
#define VYRE__KC_HEADER 32u
VYREDEF void *vyre_kit_cache_read(const vyre_allocator *a, const char *path, uint64_t key, size_t max_len, size_t *len,
                                  int *rejected) {
    FILE *f;
    unsigned char hdr[VYRE__KC_HEADER];
    uint64_t k, n, sum;
    void *p;
    if (rejected) *rejected = 0;
    if (!a || !path || !path[0] || !len) return NULL;
    if ((f = fopen(path, "rb")) == NULL) return NULL;
    if (fread(hdr, 1, VYRE__KC_HEADER, f) != VYRE__KC_HEADER || memcmp(hdr, VYRE__KC_MAGIC, 8) != 0) goto bad;
    memcpy(&k, hdr + 8, 8); memcpy(&n, hdr + 16, 8); memcpy(&sum, hdr + 24, 8);
    if (k != key || n == 0 || n > (uint64_t)max_len) goto bad;
    if ((p = vyre_alloc(a, (size_t)n)) == NULL) { fclose(f); return NULL; }
    if (fread(p, 1, (size_t)n, f) != (size_t)n || fgetc(f) != EOF || vyre_kit_hash(p, (size_t)n, 0) != sum) {
        vyre_free(a, p);
        goto bad;
    }
    fclose(f);
    *len = (size_t)n;
    return p;
bad:
    fclose(f);
    if (rejected) *rejected = 1;
    return NULL;
}
/* mkdir -p of the directory part of path, mode 0700 */
static int vyre__mkdirs_for(const char *path) {
    char tmp[1024];
    size_t i, n = strlen(path);
    if (n == 0 || n >= sizeof tmp) return -1;
    memcpy(tmp, path, n + 1);
    while (n > 0 && tmp[n - 1] != '/') n--;
    if (n == 0) return 0;
    tmp[n - 1] = 0;
    for (i = 1; i < n; i++) {
        if (tmp[i] == '/' || tmp[i] == 0) {
            char c = tmp[i];
            tmp[i] = 0;
#if defined(_WIN32)
            (void)0;
#else
            (void)mkdir(tmp, 0700);
#endif
            tmp[i] = c;
        }
    }
    return 0;
}
VYREDEF int vyre_kit_cache_write(const char *path, uint64_t key, const void *data, size_t len) {
    char tmp[1100];
    unsigned char hdr[VYRE__KC_HEADER];
    uint64_t n = len, sum;
    FILE *f;
    int ok;
    if (!path || !path[0] || !data || !len) return -1;
    vyre__mkdirs_for(path);
    sum = vyre_kit_hash(data, len, 0);
#if defined(_WIN32)
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
#else
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
#endif
    if ((f = fopen(tmp, "wb")) == NULL) return -1;
    memcpy(hdr, VYRE__KC_MAGIC, 8); memcpy(hdr + 8, &key, 8); memcpy(hdr + 16, &n, 8); memcpy(hdr + 24, &sum, 8);
    ok = fwrite(hdr, 1, VYRE__KC_HEADER, f) == VYRE__KC_HEADER && fwrite(data, 1, len, f) == len;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) { remove(tmp); return -1; }
    return 0;
}

VYREDEF vyre_result vyre_kit_grow(const vyre_allocator *a, void **arr, uint32_t *cap, uint32_t need, size_t elem,
                                  const char *what, vyre_error *err) {
    uint32_t ncap;
    void *p;
    if (need <= *cap) return VYRE_OK;
    if (!what) what = "table";
    ncap = *cap ? *cap : 16u;
    while (ncap < need) {
        if (ncap > 0x7FFFFFFFu)
            return vyre_set_error(err, VYRE_ERR_OVERFLOW, "Fix: free resident buffers you no longer use.",
                                  "%s of %u entries cannot grow further", what, *cap);
        ncap *= 2u;
    }
    if (elem == 0 || (size_t)ncap > SIZE_MAX / elem)
        return vyre_set_error(err, VYRE_ERR_OVERFLOW, "Fix: free resident buffers you no longer use.",
                              "%s of %u entries of %zu bytes overflows size_t", what, ncap, elem);
    p = vyre_realloc(a, *arr, (size_t)ncap * elem);
    if (!p)
        return vyre_set_error(err, VYRE_ERR_OUT_OF_MEMORY, "Fix: free host memory or resident buffers.",
                              "out of host memory growing the %s to %u entries", what, ncap);
    *arr = p;
    *cap = ncap;
    return VYRE_OK;
}

VYREDEF void vyre_kit_dispatch(vyre_dispatch *d, const char *program, const vyre_buffer *bindings, uint32_t binding_count,
                               const uint64_t *scalars, uint32_t scalar_count) {
    memset(d, 0, sizeof *d);
    d->program = program; d->buffers = bindings; d->buffer_count = binding_count;
    d->scalars = scalars; d->scalar_count = scalar_count;
}

VYREDEF vyre_result vyre_kit_check_usable(const char *backend, int shut_down, int device_lost, vyre_error *err) {
    if (shut_down)
        return vyre_set_error(err, VYRE_ERR_STATE, "Fix: create a new backend; a shut-down backend cannot be used.",
                              "the %s backend was shut down", backend);
    if (device_lost)
        return vyre_set_error(err, VYRE_ERR_DEVICE_LOST, "Fix: call vyre_backend_try_recover() or destroy and recreate the backend.",
                              "the %s device was lost by an earlier failure", backend);
    return VYRE_OK;
}
VYREDEF vyre_result vyre_kit_borrowed_dispatch(const vyre_kit_resident_ops *ro, void *self, const char *backend,
                                               const char *program, const vyre_host_arg *args, uint32_t nargs,
                                               const uint64_t *scalars, uint32_t nscalars, vyre_timing *timing,
                                               vyre_error *err) {
    vyre_buffer bufs[VYRE_PROGRAM_MAX_BINDINGS];
    vyre_op ops[2 * VYRE_PROGRAM_MAX_BINDINGS + 1];
    vyre_dispatch d;
    size_t nops = 0;
    uint32_t i;
    vyre_result r = VYRE_OK;
    if (!vyre_program_check(backend, program, nargs, nscalars, err)) return VYRE_ERR_BAD_PROGRAM;
    if ((nargs && !args) || (nscalars && !scalars))
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass the args and scalars arrays.",
                              "dispatch of '%s' with NULL args or scalars", program);
    for (i = 0; i < nargs; i++)
        if (args[i].len && !args[i].data && !args[i].out)
            return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: set data (read-only) or out (read-write) for every binding.",
                                  "binding %u of '%s' has %llu bytes but neither data nor out", (unsigned)i, program,
                                  (unsigned long long)args[i].len);
    memset(bufs, 0, sizeof bufs);
    memset(ops, 0, sizeof ops);
    for (i = 0; r == VYRE_OK && i < nargs; i++) {
        r = ro->alloc(self, args[i].len ? args[i].len : 16, &bufs[i], err);
        if (r == VYRE_OK && args[i].len) {
            ops[nops].kind = VYRE_OP_UPLOAD; ops[nops].buffer = bufs[i]; ops[nops].len = args[i].len;
            ops[nops].src = args[i].data ? args[i].data : (const void *)args[i].out;
            nops++;
        }
    }
    if (r == VYRE_OK) {
        vyre_kit_dispatch(&d, program, bufs, nargs, scalars, nscalars);
        ops[nops].kind = VYRE_OP_DISPATCH; ops[nops].dispatch = &d;
        nops++;
        for (i = 0; i < nargs; i++) {
            if (!args[i].out || !args[i].len) continue;
            ops[nops].kind = VYRE_OP_DOWNLOAD; ops[nops].buffer = bufs[i]; ops[nops].len = args[i].len; ops[nops].dst = args[i].out;
            nops++;
        }
        r = ro->sequence(self, ops, nops, timing, err);
    }
    for (i = 0; i < nargs; i++)
        if (bufs[i]) ro->release(self, bufs[i]);
    if (r != VYRE_OK)
        for (i = 0; args && i < nargs; i++)
            if (args[i].out && args[i].len) memset(args[i].out, 0, args[i].len);
    return r;
}

/* ---- >>programs: the program table, from VYRE_PROGRAM_LIST --------- */
static const vyre_program_spec vyre__programs[VYRE_PROGRAM_COUNT] = {
#define VYRE__PROGRAM_ROW(id, name, nbuf, nscalar, mode, family) {name, nbuf, nscalar, mode, VYRE_KERNELS_COMMON | (family)},
    VYRE_PROGRAM_LIST(VYRE__PROGRAM_ROW)
#undef VYRE__PROGRAM_ROW
};
VYREDEF const vyre_program_spec *vyre_program_at(uint32_t index) { return index < VYRE_PROGRAM_COUNT ? &vyre__programs[index] : NULL; }
VYREDEF const vyre_program_spec *vyre_program_find(const char *name) {
    uint32_t i;
    if (!name) return NULL;
    for (i = 0; i < VYRE_PROGRAM_COUNT; i++)
        if (strcmp(name, vyre__programs[i].name) == 0) return &vyre__programs[i];
    return NULL;
}
VYREDEF const vyre_program_spec *vyre_program_check(const char *backend, const char *name, uint32_t nbuf, uint32_t nscalar, vyre_error *err) {
    const vyre_program_spec *p = vyre_program_find(name);
    if (!p) {
        vyre_set_error(err, VYRE_ERR_BAD_PROGRAM, "Fix: name one of the programs of vyre.h >>programs (VYRE_PROGRAM_LIST).",
                       "unknown program '%s' on backend '%s'", name ? name : "(null)", backend);
        return NULL;
    }
    if (nbuf != p->buffers || nscalar != p->scalars) {
        vyre_set_error(err, VYRE_ERR_BAD_PROGRAM, "Fix: bind the buffers and scalars listed for this program in vyre.h >>programs.",
                       "program '%s' on backend '%s' takes %u buffers and %u scalars, got %u and %u", name, backend,
                       p->buffers, p->scalars, nbuf, nscalar);
        return NULL;
    }
    return p;
}
/* the program's mode (1..3) for a known program with the right counts; -1 and an error otherwise */
static int vyre__program_check(const char *backend, const char *name, uint32_t nbuf, uint32_t nscalar, vyre_error *err) {
    const vyre_program_spec *p = vyre_program_check(backend, name, nbuf, nscalar, err);
    return p ? (int)p->mode : -1;
}

/* Build a table view from the 16 table bindings, checking every size the
   engine relies on (a binding from another set or a truncated upload is an
   error, never an out-of-bounds read). pair must hold 2048 words. */
static vyre_result vyre__view_from_bindings(const void *const *p, const size_t *len, uint32_t *pair, vyre__view *v, vyre_error *err) {
    const uint32_t *par;
    uint32_t i, lo, hi;
    uint64_t need;
    static const char *fix = "Fix: bind the 16 tables of one literal set, as vyre_literal_set_table returns them, in vyre_lit_table order.";
#define VYRE__TB(id) (p[(id)])
    if (len[VYRE_LT_PARAMS] < VYRE_LP_COUNT * 4u) return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, fix, "PARAMS table is %llu bytes, needs %u", (unsigned long long)len[VYRE_LT_PARAMS], VYRE_LP_COUNT * 4u);
    par = (const uint32_t *)VYRE__TB(VYRE_LT_PARAMS);
    memset(v, 0, sizeof *v);
    v->npat = par[VYRE_LP_PATTERN_COUNT]; v->nstates = par[VYRE_LP_STATE_COUNT]; v->min_len = par[VYRE_LP_MIN_LEN];
    v->max_len = par[VYRE_LP_MAX_LEN]; v->bucket_mask = par[VYRE_LP_BUCKET_MASK]; v->key_kinds = par[VYRE_LP_KEY_KINDS];
    v->long_kinds = par[VYRE_LP_LONG_KINDS];
    if (v->npat == 0 || v->nstates == 0 || (v->bucket_mask & (v->bucket_mask + 1)) != 0 || v->max_len == 0 || v->max_len > VYRE_MAX_PATTERN_LEN)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, fix, "PARAMS table is inconsistent (patterns %u, states %u, bucket mask 0x%x)", v->npat, v->nstates, v->bucket_mask);
    need = (uint64_t)v->nstates * 1024u;
    if (len[VYRE_LT_TRANSITIONS] != need || len[VYRE_LT_OUTPUT_OFFSETS] != ((uint64_t)v->nstates + 1) * 4u ||
        len[VYRE_LT_PATTERN_LENGTHS] != (uint64_t)v->npat * 4u || len[VYRE_LT_PATTERN_OFFSETS] != (uint64_t)v->npat * 4u ||
        len[VYRE_LT_PATTERN_FLAGS] != (uint64_t)v->npat * 4u || len[VYRE_LT_BUCKET_IDS] != (uint64_t)v->npat * 4u ||
        len[VYRE_LT_END_MASK] != 32u || len[VYRE_LT_SUFFIX2_MASK] != 8192u || len[VYRE_LT_SUFFIX3_BLOOM] != VYRE_BLOOM3_BITS / 8u ||
        len[VYRE_LT_SHORT_MASK] != (8u + 2048u) * 4u || len[VYRE_LT_BUCKETS] != ((uint64_t)v->bucket_mask + 1) * 12u ||
        par[VYRE_LP_Q4_BITS] < 10u || par[VYRE_LP_Q4_BITS] > 15u || len[VYRE_LT_Q4] != (uint64_t)4u << par[VYRE_LP_Q4_BITS] ||
        (par[VYRE_LP_KF_BITS] == 0u ? len[VYRE_LT_KEY_FILTER] < 4u
                                    : (par[VYRE_LP_KF_BITS] < 17u || par[VYRE_LP_KF_BITS] > 23u ||
                                       len[VYRE_LT_KEY_FILTER] != 4u * (VYRE_KF_FOLD_WORDS + (((v->long_kinds & 3u) != 0u) + ((v->long_kinds & 4u) != 0u)) * ((uint64_t)1 << (par[VYRE_LP_KF_BITS] - 5u))))))
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, fix, "a table binding's size does not match the PARAMS table (%u patterns, %u states)", v->npat, v->nstates);
    v->transitions = (const uint32_t *)VYRE__TB(VYRE_LT_TRANSITIONS);
    v->out_offsets = (const uint32_t *)VYRE__TB(VYRE_LT_OUTPUT_OFFSETS);
    v->out_records = (const uint32_t *)VYRE__TB(VYRE_LT_OUTPUT_RECORDS);
    v->lens = (const uint32_t *)VYRE__TB(VYRE_LT_PATTERN_LENGTHS);
    v->end_mask = (const uint32_t *)VYRE__TB(VYRE_LT_END_MASK);
    v->suffix2 = (const uint32_t *)VYRE__TB(VYRE_LT_SUFFIX2_MASK);
    v->bloom3 = (const uint32_t *)VYRE__TB(VYRE_LT_SUFFIX3_BLOOM);
    v->short_mask = (const uint32_t *)VYRE__TB(VYRE_LT_SHORT_MASK);
    v->pat_offsets = (const uint32_t *)VYRE__TB(VYRE_LT_PATTERN_OFFSETS);
    v->pat_flags = (const uint32_t *)VYRE__TB(VYRE_LT_PATTERN_FLAGS);
    v->pat_bytes = (const uint8_t *)VYRE__TB(VYRE_LT_PATTERN_BYTES);
    v->buckets = (const uint32_t *)VYRE__TB(VYRE_LT_BUCKETS);
    v->bucket_ids = (const uint32_t *)VYRE__TB(VYRE_LT_BUCKET_IDS);
    v->pat_bytes_len = len[VYRE_LT_PATTERN_BYTES];
    v->out_records_len = len[VYRE_LT_OUTPUT_RECORDS] / 4u;
    for (i = 0; i < v->npat; i++)
        if (v->lens[i] == 0 || v->lens[i] > v->max_len || (uint64_t)v->pat_offsets[i] + v->lens[i] > v->pat_bytes_len || v->bucket_ids[i] >= v->npat)
            return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, fix, "pattern %u's table entries are out of range", i);
    for (i = 0; i <= v->bucket_mask; i++)
        if (v->buckets[i * 3u] && (uint64_t)v->buckets[i * 3u + 1] + v->buckets[i * 3u + 2] > v->npat)
            return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, fix, "bucket slot %u is out of range", i);
    /* the CPU's raw-byte pair prefilter, derived from the masks */
    memset(pair, 0, 2048 * 4);
    for (hi = 0; hi < 256; hi++) {
        uint32_t c = vyre__fold(hi);
        if (!VYRE__BIT(v->end_mask, c)) continue;
        for (lo = 0; lo < 256; lo++) {
            uint32_t b = vyre__fold(lo);
            if (VYRE__BIT(v->short_mask, c) || VYRE__BIT(v->short_mask, 256u + ((b << 8) | c)) || VYRE__BIT(v->suffix2, (b << 8) | c))
                VYRE__SETBIT(pair, lo | (hi << 8));
        }
    }
    v->pair = pair;
    for (i = 0; i < 256; i++) v->fold[i] = (uint8_t)vyre__fold(i);
    return VYRE_OK;
#undef VYRE__TB
}

/* ---- >>backend-cpu ---------------------------------------------------- */
/* the CPU backend's persistent engine consumers live in >>engine */
#if !defined(VYRE_NO_RING) && !defined(VYRE_NO_THREADS)
static vyre_result vyre__cpu_engine_open(void *self, const vyre_engine_plan *plan, void **block, void **state, vyre_error *err);
static vyre_result vyre__cpu_engine_start(void *self, void *state, vyre_error *err);
static void vyre__cpu_engine_kick(void *self, void *state);
static vyre_result vyre__cpu_engine_close(void *self, void *state, vyre_error *err);
#  define VYRE__CPU_ENGINE_ENTRIES vyre__cpu_engine_open, vyre__cpu_engine_start, vyre__cpu_engine_kick, vyre__cpu_engine_close
#  define VYRE__CPU_CAP_PERSISTENT VYRE_CAP_PERSISTENT
#else
#  define VYRE__CPU_ENGINE_ENTRIES NULL, NULL, NULL, NULL
#  define VYRE__CPU_CAP_PERSISTENT 0u
#endif
typedef struct vyre__cpu_buf { uint8_t *p; size_t size; uint32_t gen; int live; } vyre__cpu_buf;
typedef struct vyre__cpu {
    vyre_allocator A;
    uint32_t threads;
    vyre_cpu_engine engine;
    size_t min_bytes;
    vyre_worker_pool *workers;   /* threads - 1 workers (>>thread-pool) */
#if !defined(VYRE_NO_THREADS)
    pthread_mutex_t mu;
#endif
    vyre__cpu_buf *bufs;
    uint32_t nbufs, capbufs;
    vyre_telemetry tel;
    int shut;
} vyre__cpu;

#if !defined(VYRE_NO_THREADS)
#  define VYRE__CPU_LOCK(c) pthread_mutex_lock(&(c)->mu)
#  define VYRE__CPU_UNLOCK(c) pthread_mutex_unlock(&(c)->mu)
#else
#  define VYRE__CPU_LOCK(c) ((void)0)
#  define VYRE__CPU_UNLOCK(c) ((void)0)
#endif

static const char *vyre__cpu_id(void *self) { (void)self; return "cpu"; }
static const char *vyre__cpu_version(void *self) { (void)self; return VYRE_VERSION_STRING; }
static vyre_result vyre__cpu_profile(void *self, vyre_device_profile *out, vyre_error *err) {
    vyre__cpu *c = (vyre__cpu *)self;
    (void)err;
    snprintf(out->backend, sizeof out->backend, "cpu");
    snprintf(out->device_name, sizeof out->device_name, "host CPU (%u threads)", c->threads);
    snprintf(out->driver_version, sizeof out->driver_version, "vyre %s", VYRE_VERSION_STRING);
    out->caps = VYRE_CAP_RESIDENT | VYRE_CAP_HOST_MEMORY | VYRE_CAP_SEQUENCE | VYRE_CAP_REPEAT | VYRE_CAP_LITERAL_SCAN | VYRE_CAP_FILL |
                VYRE__CPU_CAP_PERSISTENT;
    out->compute_units = c->threads;
    out->max_workgroup_size = 1;
#if !defined(_WIN32) && defined(_SC_PHYS_PAGES) && defined(_SC_PAGESIZE)
    {
        long pages = sysconf(_SC_PHYS_PAGES), psz = sysconf(_SC_PAGESIZE);
        if (pages > 0 && psz > 0) out->memory_bytes = (uint64_t)pages * (uint64_t)psz;
    }
#endif
    return VYRE_OK;
}

/* resolve a handle to its host memory and check [offset, offset+len) */
/* after shutdown every call that would use the device is VYRE_ERR_STATE (as on CUDA) */
static vyre_result vyre__cpu_shut_error(const char *what, vyre_error *err) {
    return vyre_set_error(err, VYRE_ERR_STATE, "Fix: create a new backend; a backend cannot be used after vyre_backend_shutdown.",
                          "backend 'cpu' was shut down: %s refused", what);
}
static vyre_result vyre__cpu_resolve(vyre__cpu *c, vyre_buffer h, size_t offset, size_t len, vyre__cpu_buf **out, vyre_error *err) {
    uint32_t idx = (uint32_t)(h & 0xFFFFFFFFu), gen = (uint32_t)(h >> 32);
    size_t endo;
    if (c->shut) return vyre__cpu_shut_error("a resident-buffer operation", err);
    if (idx == 0 || idx > c->nbufs || !c->bufs[idx - 1].live || c->bufs[idx - 1].gen != gen)
        return vyre_set_error(err, VYRE_ERR_BAD_HANDLE, "Fix: pass a handle from vyre_buffer_alloc on this backend that has not been freed.",
                              "buffer handle 0x%llx is not a live buffer of backend 'cpu'", (unsigned long long)h);
    if (!vyre__add(offset, len, &endo) || endo > c->bufs[idx - 1].size)
        return vyre_set_error(err, VYRE_ERR_OUT_OF_RANGE, "Fix: keep offset + length within the buffer's size.",
                              "range [%llu, %llu + %llu) is outside buffer 0x%llx of %llu bytes", (unsigned long long)offset,
                              (unsigned long long)offset, (unsigned long long)len, (unsigned long long)h,
                              (unsigned long long)c->bufs[idx - 1].size);
    *out = &c->bufs[idx - 1];
    return VYRE_OK;
}

static vyre_result vyre__cpu_alloc(void *self, size_t bytes, vyre_buffer *out, vyre_error *err) {
    vyre__cpu *c = (vyre__cpu *)self;
    uint32_t i;
    uint8_t *p;
    if (c->shut) return vyre__cpu_shut_error("buffer allocation", err);
    p = (uint8_t *)vyre__calloc(&c->A, bytes ? bytes : 1, 1, "resident buffer", err);
    if (!p) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
    VYRE__CPU_LOCK(c);
    for (i = 0; i < c->nbufs; i++) if (!c->bufs[i].live) break;
    if (i == c->nbufs) {
        if (c->nbufs == c->capbufs) {
            uint32_t ncap = c->capbufs ? c->capbufs * 2 : 16;
            vyre__cpu_buf *nb = (vyre__cpu_buf *)vyre_realloc(&c->A, c->bufs, (size_t)ncap * sizeof *nb);
            if (!nb || ncap > 0x7FFFFFFFu) {
                VYRE__CPU_UNLOCK(c);
                vyre_free(&c->A, p);
                return VYRE__OOM(err, "buffer table", (uint64_t)ncap * sizeof *nb);
            }
            memset(nb + c->capbufs, 0, (size_t)(ncap - c->capbufs) * sizeof *nb);
            c->bufs = nb; c->capbufs = ncap;
        }
        c->nbufs++;
    }
    c->bufs[i].p = p; c->bufs[i].size = bytes; c->bufs[i].live = 1; c->bufs[i].gen++;
    c->tel.live_resident_bytes += bytes;
    c->tel.live_resident_buffers++;
    *out = ((uint64_t)c->bufs[i].gen << 32) | (uint64_t)(i + 1);
    VYRE__CPU_UNLOCK(c);
    return VYRE_OK;
}
static vyre_result vyre__cpu_free(void *self, vyre_buffer h, vyre_error *err) {
    vyre__cpu *c = (vyre__cpu *)self;
    vyre__cpu_buf *b = NULL;
    vyre_result r;
    uint8_t *p;
    VYRE__CPU_LOCK(c);
    if ((r = vyre__cpu_resolve(c, h, 0, 0, &b, err)) != VYRE_OK) { VYRE__CPU_UNLOCK(c); return r; }
    p = b->p; b->p = NULL; b->live = 0;
    c->tel.live_resident_bytes -= b->size;
    c->tel.live_resident_buffers--;
    b->size = 0;
    VYRE__CPU_UNLOCK(c);
    vyre_free(&c->A, p);
    return VYRE_OK;
}
static vyre_result vyre__cpu_upload(void *self, vyre_buffer h, size_t off, const void *src, size_t len, vyre_error *err) {
    vyre__cpu *c = (vyre__cpu *)self;
    vyre__cpu_buf *b = NULL;
    vyre_result r;
    VYRE__CPU_LOCK(c);
    if ((r = vyre__cpu_resolve(c, h, off, len, &b, err)) == VYRE_OK) {
        if (len) memcpy(b->p + off, src, len);
        c->tel.h2d_bytes += len;
    }
    VYRE__CPU_UNLOCK(c);
    return r;
}
static vyre_result vyre__cpu_download(void *self, vyre_buffer h, size_t off, void *dst, size_t len, vyre_error *err) {
    vyre__cpu *c = (vyre__cpu *)self;
    vyre__cpu_buf *b = NULL;
    vyre_result r;
    VYRE__CPU_LOCK(c);
    if ((r = vyre__cpu_resolve(c, h, off, len, &b, err)) == VYRE_OK) {
        if (len) memcpy(dst, b->p + off, len);
        c->tel.d2h_bytes += len;
    }
    VYRE__CPU_UNLOCK(c);
    return r;
}
static vyre_result vyre__cpu_fill(void *self, vyre_buffer h, size_t off, size_t len, uint8_t value, vyre_error *err) {
    vyre__cpu *c = (vyre__cpu *)self;
    vyre__cpu_buf *b = NULL;
    vyre_result r;
    VYRE__CPU_LOCK(c);
    if ((r = vyre__cpu_resolve(c, h, off, len, &b, err)) == VYRE_OK) {
        if (len) memset(b->p + off, value, len);
        c->tel.fills++;
    }
    VYRE__CPU_UNLOCK(c);
    return r;
}
/* batched transfers validate every entry before moving any byte */
static vyre_result vyre__cpu_many(vyre__cpu *c, const vyre_op *ops, size_t n, int up, vyre_error *err) {
    size_t i;
    vyre__cpu_buf *b = NULL;
    vyre_result r;
    VYRE__CPU_LOCK(c);
    for (i = 0; i < n; i++)
        if ((r = vyre__cpu_resolve(c, ops[i].buffer, ops[i].offset, ops[i].len, &b, err)) != VYRE_OK) { VYRE__CPU_UNLOCK(c); return r; }
    for (i = 0; i < n; i++) {
        vyre__cpu_resolve(c, ops[i].buffer, ops[i].offset, ops[i].len, &b, NULL);
        if (!ops[i].len) continue;
        if (up) { memcpy(b->p + ops[i].offset, ops[i].src, ops[i].len); c->tel.h2d_bytes += ops[i].len; }
        else { memcpy(ops[i].dst, b->p + ops[i].offset, ops[i].len); c->tel.d2h_bytes += ops[i].len; }
    }
    VYRE__CPU_UNLOCK(c);
    return VYRE_OK;
}
static vyre_result vyre__cpu_upload_many(void *self, const vyre_op *ops, size_t n, vyre_error *err) {
    return vyre__cpu_many((vyre__cpu *)self, ops, n, 1, err);
}
static vyre_result vyre__cpu_download_many(void *self, const vyre_op *ops, size_t n, vyre_error *err) {
    return vyre__cpu_many((vyre__cpu *)self, ops, n, 0, err);
}

/* parallel scan of last-byte indices [from, to) into one sink per part */
typedef void (*vyre__cpu_scan_fn)(const void *state, int dfa, const uint8_t *h, size_t from, size_t to, vyre__sink *k);
typedef struct vyre__par {
    vyre__cpu_scan_fn scan;
    const void *state;         /* the engine's CPU state (a vyre__view for literals) */
    const uint8_t *h;
    size_t from, to;
    uint32_t parts;
    int dfa;
    vyre__sink *sinks;
} vyre__par;
static void vyre__par_task(void *arg, uint32_t idx) {
    vyre__par *P = (vyre__par *)arg;
    size_t span = P->to - P->from, a = P->from + span / P->parts * idx, b = (idx + 1 == P->parts) ? P->to : P->from + span / P->parts * (idx + 1);
    P->scan(P->state, P->dfa, P->h, a, b, &P->sinks[idx]);
}
/* Scan into `parts` sinks prepared by the caller (proto copied to each). */
/* the matches or count programs' outputs from the scan parts, as the GPU kernels write them: matches
   (out != NULL) appended at the u32 counter with its saturation flag, room for match_cap; otherwise the
   parts' counts added to the u64 counter */
static void vyre__cpu_program_out(const vyre__sink *sinks, uint32_t parts, void *counter, vyre_raw_match *out, uint64_t match_cap) {
    uint32_t i;
    if (out) {
        uint32_t *ctr = (uint32_t *)counter;
        for (i = 0; i < parts; i++) {
            size_t j;
            const vyre_raw_match *m = (const vyre_raw_match *)sinks[i].vec.data;
            for (j = 0; j < sinks[i].vec.len; j++) {
                uint32_t slot = ctr[0];
                if (slot == 0xFFFFFFFFu) { ctr[1] = 1; continue; }
                ctr[0] = slot + 1;
                if (slot < match_cap) out[slot] = m[j];
            }
        }
    } else {
        uint64_t total = 0, cur;
        unsigned char *q = (unsigned char *)counter;
        for (i = 0; i < parts; i++) total += sinks[i].count;
        memcpy(&cur, q, 8);
        cur += total;
        memcpy(q, &cur, 8);
    }
}
static vyre_result vyre__cpu_par_scan(vyre__cpu *c, vyre__cpu_scan_fn scan, const void *state, const uint8_t *h, size_t from, size_t to,
                                      const vyre__sink *proto, vyre__sink **sinks_out, uint32_t *parts_out, int dfa, vyre_error *err) {
    vyre__par P;
    uint32_t parts = 1, i;
    size_t span = to > from ? to - from : 0;
    if (c->threads > 1 && span > c->min_bytes) {
        size_t want = span / c->min_bytes;
        parts = want < c->threads ? (uint32_t)want : c->threads;
        if (parts < 1) parts = 1;
    }
    P.sinks = (vyre__sink *)vyre__calloc(&c->A, parts, sizeof(vyre__sink), "scan parts", err);
    if (!P.sinks) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
    for (i = 0; i < parts; i++) { P.sinks[i] = *proto; P.sinks[i].A = &c->A; P.sinks[i].vec.item = sizeof(vyre_raw_match); }
    P.scan = scan; P.state = state; P.h = h; P.from = from; P.to = to; P.parts = parts; P.dfa = dfa;
    if (span) vyre_worker_pool_run(c->workers, vyre__par_task, &P, parts);
    *sinks_out = P.sinks;
    *parts_out = parts;
    for (i = 0; i < parts; i++)
        if (P.sinks[i].failed) return VYRE__OOM(err, "match list", (uint64_t)P.sinks[i].vec.cap * sizeof(vyre_raw_match));
    return VYRE_OK;
}
static void vyre__cpu_free_sinks(vyre__cpu *c, vyre__sink *s, uint32_t parts) {
    uint32_t i;
    if (!s) return;
    for (i = 0; i < parts; i++) vyre_free(&c->A, s[i].vec.data);
    vyre_free(&c->A, s);
}

/* One body for the literal and BIG programs on host pointers (p[i], len[i]; >>programs): the
   three outputs - matches, count, presence - differ only in the engine's scan function, its view of
   the bindings, and how a pattern's length is known (lens for the literal tables, offs for BIG). */
typedef struct {
    int out;                       /* VYRE__SINK_MATCHES, VYRE__SINK_COUNT or VYRE__SINK_PRESENCE */
    vyre__cpu_scan_fn scan;
    const void *view;
    uint32_t npat;
    const uint32_t *lens, *offs;   /* one of the two, for presence's region test */
    uint32_t out0, out1;           /* binding indices of the two outputs */
} vyre__cpu_prog;
static vyre_result vyre__cpu_program_run(vyre__cpu *c, const vyre__cpu_prog *g, void *const *p, const size_t *len,
                                         const uint64_t *sc, vyre_error *err) {
    static const char *fixsz = "Fix: size the bindings as vyre.h >>programs describes.";
    vyre__sink proto, *sinks = NULL;
    uint32_t parts = 0, i;
    vyre_result r;
    uint64_t hay_len = sc[0];
    /* one condition, one code on every backend: over 4 GiB is HAYSTACK_CAPACITY, past the binding OUT_OF_RANGE */
    if (hay_len > 0xFFFFFFFFull)
        return vyre_set_error(err, VYRE_ERR_HAYSTACK_CAPACITY, "Fix: dispatch less than 4 GiB at a time.", "hay_len %llu is over 4 GiB", (unsigned long long)hay_len);
    if (hay_len > len[0])
        return vyre_set_error(err, VYRE_ERR_OUT_OF_RANGE, fixsz, "hay_len %llu is larger than the %llu-byte haystack binding",
                              (unsigned long long)hay_len, (unsigned long long)len[0]);
    memset(&proto, 0, sizeof proto);
    if (g->out != VYRE__SINK_PRESENCE) {
        /* matches: scalars hay_len, context, match_cap; count: hay_len, context (no third scalar) */
        int matches = g->out == VYRE__SINK_MATCHES;
        uint64_t ctx = sc[1] > hay_len ? hay_len : sc[1], cap = matches ? sc[2] : 0;
        if (len[g->out0] < 8) return vyre_set_error(err, VYRE_ERR_OUT_OF_RANGE, fixsz, "counter binding is %llu bytes, needs 8", (unsigned long long)len[g->out0]);
        if (matches && len[g->out1] / sizeof(vyre_raw_match) < cap)
            return vyre_set_error(err, VYRE_ERR_OUT_OF_RANGE, fixsz, "matches binding is %llu bytes, match_cap %llu needs %llu",
                                  (unsigned long long)len[g->out1], (unsigned long long)cap, (unsigned long long)cap * sizeof(vyre_raw_match));
        proto.mode = g->out;
        r = vyre__cpu_par_scan(c, g->scan, g->view, (const uint8_t *)p[0], (size_t)ctx, (size_t)hay_len, &proto, &sinks, &parts, 0, err);
        if (r == VYRE_OK) vyre__cpu_program_out(sinks, parts, p[g->out0], matches ? (vyre_raw_match *)p[g->out1] : NULL, cap);
    } else {
        /* presence: scalars hay_len, region_count, base, region_end; out0 the u32 region starts */
        uint32_t nreg = (uint32_t)sc[1], wpr = (g->npat + 31) / 32;
        uint64_t *starts;
        const uint32_t *s32 = (const uint32_t *)p[g->out0];
        size_t need;
        if (sc[1] > 0xFFFFFFFFull || (uint64_t)nreg * 4u > len[g->out0] || !vyre__mul((size_t)nreg * wpr, 4, &need) || need > len[g->out1])
            return vyre_set_error(err, VYRE_ERR_OUT_OF_RANGE, fixsz, "region_count %llu does not fit the region_starts (%llu bytes) or presence (%llu bytes) bindings",
                                  (unsigned long long)sc[1], (unsigned long long)len[g->out0], (unsigned long long)len[g->out1]);
        starts = (uint64_t *)vyre__calloc(&c->A, nreg ? nreg : 1, 8, "region starts", err);
        if (!starts) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
        for (i = 0; i < nreg; i++) starts[i] = s32[i];
        proto.mode = VYRE__SINK_PRESENCE; proto.starts = starts; proto.nreg = nreg; proto.words_per_row = wpr;
        proto.rend = sc[3]; proto.base = sc[2]; proto.presence = (uint32_t *)p[g->out1]; proto.lens = g->lens; proto.offs = g->offs;
        r = vyre__cpu_par_scan(c, g->scan, g->view, (const uint8_t *)p[0], 0, (size_t)hay_len, &proto, &sinks, &parts, 0, err);
        vyre_free(&c->A, starts);
    }
    vyre__cpu_free_sinks(c, sinks, parts);
    return r;
}
/* run one program on host pointers: the literal programs over a view of their tables, the vyre_big_*
   programs over the BIG form's view */
static vyre_result vyre__cpu_program(vyre__cpu *c, int mode, void *const *p, const size_t *len, const uint64_t *sc, vyre_error *err) {
    uint32_t pair[2048];
    vyre__view v;
    vyre__big_view bv;
    vyre__cpu_prog g;
    vyre_result r;
    memset(&g, 0, sizeof g);
    if (mode == VYRE_PROGRAM_ID_RE_CONFIRM)
        return vyre_set_error(err, VYRE_ERR_UNSUPPORTED, "Fix: scan regex sets on the CPU with vyre_regex_scan (the CPU engine), or use a GPU backend for vyre_re_confirm.",
                              "backend 'cpu' does not implement the program '%s' (the GPU regex engine's confirm step)", VYRE_PROGRAM_RE_CONFIRM);
    if (mode >= VYRE_PROGRAM_ID_BIG_MATCHES && mode <= VYRE_PROGRAM_ID_BIG_PRESENCE) {
        if ((r = vyre__big_view_from_tables((const void *const *)(p + 1), len + 1, &bv, err)) != VYRE_OK) return r;
        g.out = mode == VYRE_PROGRAM_ID_BIG_MATCHES ? VYRE__SINK_MATCHES : mode == VYRE_PROGRAM_ID_BIG_COUNT ? VYRE__SINK_COUNT : VYRE__SINK_PRESENCE;
        g.scan = vyre__big_cpu_scan; g.view = &bv; g.npat = bv.npat; g.offs = bv.off;
        g.out0 = VYRE_BIG_BINDING_OUT0; g.out1 = VYRE_BIG_BINDING_OUT1;
    } else {
        if ((r = vyre__view_from_bindings((const void *const *)(p + 1), len + 1, pair, &v, err)) != VYRE_OK) return r;
        g.out = mode == VYRE_PROGRAM_ID_LIT_MATCHES ? VYRE__SINK_MATCHES : mode == VYRE_PROGRAM_ID_LIT_COUNT ? VYRE__SINK_COUNT : VYRE__SINK_PRESENCE;
        g.scan = vyre__lit_cpu_scan; g.view = &v; g.npat = v.npat; g.lens = v.lens;
        g.out0 = VYRE_LIT_BINDING_OUT0; g.out1 = VYRE_LIT_BINDING_OUT1;
    }
    return vyre__cpu_program_run(c, &g, p, len, sc, err);
}

static vyre_result vyre__cpu_dispatch(void *self, const char *program, const vyre_host_arg *args, uint32_t nargs,
                                      const uint64_t *scalars, uint32_t nscalars, vyre_timing *timing, vyre_error *err) {
    vyre__cpu *c = (vyre__cpu *)self;
    void *p[VYRE_LIT_MATCHES_BINDINGS];
    if (c->shut) return vyre__cpu_shut_error("borrowed dispatch", err);
    size_t len[VYRE_LIT_MATCHES_BINDINGS];
    uint32_t i;
    vyre_result r;
    int mode = vyre__program_check("cpu", program, nargs, nscalars, err);
    (void)timing;
    if (mode < 0) return VYRE_ERR_BAD_PROGRAM;
    for (i = 0; i < nargs; i++) {
        if (args[i].out) {
            if (args[i].data && args[i].data != args[i].out) memmove(args[i].out, args[i].data, args[i].len);
            p[i] = args[i].out;
        } else {
            if (!args[i].data && args[i].len)
                return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: set data (read-only) or out (read-write) for every binding.",
                                      "binding %u of '%s' has neither data nor out", i, program);
            p[i] = (void *)(uintptr_t)args[i].data;
        }
        len[i] = args[i].len;
    }
    r = vyre__cpu_program(c, mode, p, len, scalars, err);
    VYRE__CPU_LOCK(c);
    c->tel.launches++; c->tel.syncs++;
    VYRE__CPU_UNLOCK(c);
    return r;
}

static vyre_result vyre__cpu_dispatch_res(void *self, const vyre_dispatch *d, vyre_timing *timing, vyre_error *err) {
    vyre__cpu *c = (vyre__cpu *)self;
    void *p[VYRE_LIT_MATCHES_BINDINGS];
    size_t len[VYRE_LIT_MATCHES_BINDINGS];
    uint32_t i;
    vyre_result r;
    int mode = vyre__program_check("cpu", d->program, d->buffer_count, d->scalar_count, err);
    (void)timing;
    if (mode < 0) return VYRE_ERR_BAD_PROGRAM;
    if (!d->buffers || (d->scalar_count && !d->scalars)) return VYRE__NULLARG(err, "dispatch buffers/scalars");
    VYRE__CPU_LOCK(c);
    for (i = 0; i < d->buffer_count; i++) {
        vyre__cpu_buf *b = NULL;
        if ((r = vyre__cpu_resolve(c, d->buffers[i], 0, 0, &b, err)) != VYRE_OK) {
            VYRE__CPU_UNLOCK(c);
            return r;
        }
        p[i] = b->p; len[i] = b->size;
    }
    c->tel.launches++;
    VYRE__CPU_UNLOCK(c);
    return vyre__cpu_program(c, mode, p, len, d->scalars, err);
}

static vyre_result vyre__cpu_sequence(void *self, const vyre_op *ops, size_t n, vyre_timing *timing, vyre_error *err) {
    vyre__cpu *c = (vyre__cpu *)self;
    size_t i;
    vyre_result r = VYRE_OK;
    (void)timing;
    /* every op is checked before any is applied (as CUDA does): a bad handle,
       range or kind in op k leaves earlier uploads unapplied and downloads unfilled */
    VYRE__CPU_LOCK(c);
    for (i = 0; i < n && r == VYRE_OK; i++) {
        vyre__cpu_buf *b = NULL;
        uint32_t j;
        switch (ops[i].kind) {
        case VYRE_OP_UPLOAD: case VYRE_OP_FILL: case VYRE_OP_DOWNLOAD:
            r = vyre__cpu_resolve(c, ops[i].buffer, ops[i].offset, ops[i].len, &b, err);
            if (r == VYRE_OK && ops[i].len && ((ops[i].kind == VYRE_OP_UPLOAD && !ops[i].src) || (ops[i].kind == VYRE_OP_DOWNLOAD && !ops[i].dst)))
                r = ops[i].kind == VYRE_OP_UPLOAD ? VYRE__NULLARG(err, "ops[i].src") : VYRE__NULLARG(err, "ops[i].dst");
            break;
        case VYRE_OP_DISPATCH:
            if (!ops[i].dispatch || !ops[i].dispatch->program) { r = VYRE__NULLARG(err, "ops[i].dispatch"); break; }
            if (ops[i].dispatch->buffer_count && !ops[i].dispatch->buffers) { r = VYRE__NULLARG(err, "ops[i].dispatch->buffers"); break; }
            for (j = 0; j < ops[i].dispatch->buffer_count && r == VYRE_OK; j++)
                r = vyre__cpu_resolve(c, ops[i].dispatch->buffers[j], 0, 0, &b, err);
            break;
        default:
            r = vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: use VYRE_OP_UPLOAD, FILL, DISPATCH or DOWNLOAD.",
                               "sequence op %llu has unknown kind %d", (unsigned long long)i, (int)ops[i].kind);
        }
    }
    VYRE__CPU_UNLOCK(c);
    if (r != VYRE_OK) { /* nothing partial: the download destinations of the valid ops before the bad one are cleared */
        size_t bad = i - 1, k;
        for (k = 0; k < bad; k++) if (ops[k].kind == VYRE_OP_DOWNLOAD && ops[k].dst && ops[k].len) memset(ops[k].dst, 0, ops[k].len);
        return r;
    }
    for (i = 0; i < n && r == VYRE_OK; i++) {
        switch (ops[i].kind) {
        case VYRE_OP_UPLOAD: r = vyre__cpu_upload(c, ops[i].buffer, ops[i].offset, ops[i].src, ops[i].len, err); break;
        case VYRE_OP_FILL: r = vyre__cpu_fill(c, ops[i].buffer, ops[i].offset, ops[i].len, ops[i].value, err); break;
        case VYRE_OP_DOWNLOAD: r = vyre__cpu_download(c, ops[i].buffer, ops[i].offset, ops[i].dst, ops[i].len, err); break;
        case VYRE_OP_DISPATCH:
            if (!ops[i].dispatch) return VYRE__NULLARG(err, "ops[i].dispatch");
            r = vyre__cpu_dispatch_res(c, ops[i].dispatch, NULL, err);
            break;
        default:
            r = vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: use VYRE_OP_UPLOAD, FILL, DISPATCH or DOWNLOAD.",
                               "sequence op %llu has unknown kind %d", (unsigned long long)i, (int)ops[i].kind);
        }
    }
    VYRE__CPU_LOCK(c);
    c->tel.syncs++;
    VYRE__CPU_UNLOCK(c);
    return r;
}
/* native repeated sequence: every dispatch of the prefix and the steps and
   every read is checked first (program, counts, handles, ranges), so an
   error runs nothing; then the chain runs in order, each step prepared
   once; one synchronisation in the telemetry */
static vyre_result vyre__cpu_check_dispatch(vyre__cpu *c, const vyre_dispatch *d, vyre_error *err) {
    vyre__cpu_buf *b = NULL;
    vyre_result r = VYRE_OK;
    uint32_t j;
    int mode = vyre__program_check("cpu", d->program, d->buffer_count, d->scalar_count, err);
    if (mode < 0) return VYRE_ERR_BAD_PROGRAM;
    if (mode == VYRE_PROGRAM_ID_RE_CONFIRM)
        return vyre_set_error(err, VYRE_ERR_UNSUPPORTED, "Fix: scan regex sets on the CPU with vyre_regex_scan (the CPU engine), or use a GPU backend for vyre_re_confirm.",
                              "backend 'cpu' does not implement the program '%s' (the GPU regex engine's confirm step)", VYRE_PROGRAM_RE_CONFIRM);
    for (j = 0; j < d->buffer_count && r == VYRE_OK; j++) r = vyre__cpu_resolve(c, d->buffers[j], 0, 0, &b, err);
    return r;
}
static vyre_result vyre__cpu_sequence_repeat(void *self, const vyre_repeat *rep, vyre_timing *timing, vyre_error *err) {
    vyre__cpu *c = (vyre__cpu *)self;
    vyre_result r = VYRE_OK;
    uint32_t round;
    size_t i;
    (void)timing;
    if (c->shut) return vyre__cpu_shut_error("a repeated sequence", err);
    VYRE__CPU_LOCK(c);
    for (i = 0; i < rep->prefix_count && r == VYRE_OK; i++) r = vyre__cpu_check_dispatch(c, &rep->prefix[i], err);
    for (i = 0; i < rep->step_count && r == VYRE_OK; i++) r = vyre__cpu_check_dispatch(c, &rep->steps[i], err);
    for (i = 0; i < rep->read_count && r == VYRE_OK; i++) {
        vyre__cpu_buf *b = NULL;
        r = vyre__cpu_resolve(c, rep->reads[i].buffer, rep->reads[i].offset, rep->reads[i].len, &b, err);
    }
    VYRE__CPU_UNLOCK(c);
    if (r != VYRE_OK) return r;
    for (i = 0; i < rep->prefix_count && r == VYRE_OK; i++) r = vyre__cpu_dispatch_res(c, &rep->prefix[i], NULL, err);
    for (round = 0; r == VYRE_OK && rep->step_count && round < rep->repeat_count; round++)
        for (i = 0; i < rep->step_count && r == VYRE_OK; i++) r = vyre__cpu_dispatch_res(c, &rep->steps[i], NULL, err);
    for (i = 0; i < rep->read_count && r == VYRE_OK; i++)
        r = vyre__cpu_download(c, rep->reads[i].buffer, rep->reads[i].offset, rep->reads[i].dst, rep->reads[i].len, err);
    VYRE__CPU_LOCK(c);
    c->tel.syncs++;
    VYRE__CPU_UNLOCK(c);
    return r;
}
static vyre_result vyre__cpu_telemetry(void *self, vyre_telemetry *out) {
    vyre__cpu *c = (vyre__cpu *)self;
    VYRE__CPU_LOCK(c);
    *out = c->tel;
    VYRE__CPU_UNLOCK(c);
    return VYRE_OK;
}
static void vyre__cpu_telemetry_reset(void *self) {
    vyre__cpu *c = (vyre__cpu *)self;
    VYRE__CPU_LOCK(c);
    c->tel.h2d_bytes = c->tel.d2h_bytes = c->tel.launches = c->tel.syncs = c->tel.fills = 0;
    VYRE__CPU_UNLOCK(c);
}
static vyre_result vyre__cpu_prepare(void *self, vyre_error *err) { return ((vyre__cpu *)self)->shut ? vyre__cpu_shut_error("prepare", err) : VYRE_OK; }
static vyre_result vyre__cpu_flush(void *self, vyre_error *err) { (void)self; (void)err; return VYRE_OK; }
static vyre_result vyre__cpu_shutdown(void *self, vyre_error *err) {
    vyre__cpu *c = (vyre__cpu *)self;
    uint32_t i;
    (void)err;
    if (c->shut) return VYRE_OK;
    c->shut = 1;
    vyre_worker_pool_destroy(c->workers);
    c->workers = NULL;
    for (i = 0; i < c->nbufs; i++) if (c->bufs[i].live) { vyre_free(&c->A, c->bufs[i].p); c->bufs[i].live = 0; }
    c->tel.live_resident_bytes = 0; c->tel.live_resident_buffers = 0;
    return VYRE_OK;
}
static int vyre__cpu_lost(void *self) { (void)self; return 0; }
static vyre_result vyre__cpu_recover(void *self, vyre_error *err) { (void)self; (void)err; return VYRE_OK; }
static void vyre__cpu_destroy(void *self) {
    vyre__cpu *c = (vyre__cpu *)self;
    vyre_allocator A;
    if (!c) return;
    vyre__cpu_shutdown(c, NULL);
#if !defined(VYRE_NO_THREADS)
    pthread_mutex_destroy(&c->mu);
#endif
    A = c->A;
    vyre_free(&A, c->bufs);
    vyre_free(&A, c);
}

/* native literal scanner */
/* native scanner: any kind with a CPU engine (vyre__engine_ops.cpu_*) */
typedef struct vyre__cpu_lit { const vyre_pattern_set *set; void *state; const uint32_t *lens; } vyre__cpu_lit;
static void vyre__cpu_lit_close(void *self, void *state) {
    vyre__cpu *c = (vyre__cpu *)self;
    vyre__cpu_lit *L = (vyre__cpu_lit *)state;
    if (!L) return;
    if (L->state) L->set->ops->cpu_close(L->state, &c->A);
    vyre_free(&c->A, L);
}
static vyre_result vyre__cpu_lit_open(void *self, const vyre_literal_set *set, size_t max_chunk, void **state, vyre_error *err) {
    vyre__cpu *c = (vyre__cpu *)self;
    vyre__cpu_lit *L;
    const vyre__lit_set *lit = vyre__lit_of(set);
    if (c->shut) return vyre__cpu_shut_error("opening a literal scanner", err);
    vyre_result r;
    (void)max_chunk;
    if (!set->ops->cpu_open)
        return vyre_set_error(err, VYRE_ERR_UNSUPPORTED, "Fix: use a backend with an engine for this kind of set.",
                              "backend 'cpu' has no CPU engine for sets of kind '%s'", set->ops->name);
    L = (vyre__cpu_lit *)vyre__calloc(&c->A, 1, sizeof *L, "CPU scanner state", err);
    if (!L) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
    L->set = set;
    L->lens = lit ? (const uint32_t *)lit->tables[VYRE_LT_PATTERN_LENGTHS] : NULL;
    if ((r = set->ops->cpu_open(set, &c->A, &L->state, err)) != VYRE_OK) { L->state = NULL; vyre__cpu_lit_close(self, L); return r; }
    *state = L;
    return VYRE_OK;
}
static vyre_result vyre__cpu_lit_scan(void *self, void *state, const vyre_lit_request *q, vyre_lit_result *res, vyre_error *err) {
    vyre__cpu *c = (vyre__cpu *)self;
    vyre__cpu_lit *L = (vyre__cpu_lit *)state;
    vyre__sink proto, *sinks = NULL;
    if (c->shut) return vyre__cpu_shut_error("a scan", err);
    uint32_t parts = 0, i;
    vyre_result r;
    size_t ctx = q->context_len < q->len ? q->context_len : q->len;
    int dfa = c->engine == VYRE_CPU_ENGINE_DFA;
    memset(&proto, 0, sizeof proto);
    res->count = 0;
    if (q->len > 0xFFFFFFFFull)
        return vyre_set_error(err, VYRE_ERR_HAYSTACK_CAPACITY, "Fix: scan less than 4 GiB per request (scanners split larger inputs).",
                              "literal request of %llu bytes is over 4 GiB", (unsigned long long)q->len);
    switch (q->mode) {
    case VYRE_LIT_MATCHES: proto.mode = VYRE__SINK_MATCHES; proto.capped = 1; proto.limit = q->cap; break;
    case VYRE_LIT_COUNT: proto.mode = VYRE__SINK_COUNT; break;
    case VYRE_LIT_PRESENCE:
        proto.mode = VYRE__SINK_PRESENCE; proto.starts = q->region_starts; proto.nreg = q->region_count;
        proto.rend = q->regions_end; proto.presence = q->presence; proto.words_per_row = (L->set->pattern_count + 31) / 32;
        proto.lens = L->lens; proto.set = L->set;
        break;
    default:
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: use VYRE_LIT_MATCHES, VYRE_LIT_COUNT or VYRE_LIT_PRESENCE.",
                              "unknown literal request mode %d", (int)q->mode);
    }
    r = vyre__cpu_par_scan(c, L->set->ops->cpu_scan, L->state, q->data, ctx, q->len, &proto, &sinks, &parts, dfa, err);
    if (r == VYRE_OK) {
        uint64_t total = 0;
        for (i = 0; i < parts; i++) total += sinks[i].count;
        res->count = total;
        if (q->mode == VYRE_LIT_MATCHES) {
            size_t o = 0;
            for (i = 0; i < parts && o < q->cap; i++) {
                size_t n = sinks[i].vec.len;
                if (n > q->cap - o) n = q->cap - o;
                if (n) memcpy(q->matches + o, sinks[i].vec.data, n * sizeof(vyre_raw_match));
                o += n;
            }
            if (total > q->cap)
                r = vyre_set_error(err, VYRE_ERR_MATCH_CAPACITY, "Fix: give a larger match buffer (the count needed is reported).",
                                   "%llu matches found but the buffer holds %llu", (unsigned long long)total, (unsigned long long)q->cap);
        }
    }
    vyre__cpu_free_sinks(c, sinks, parts);
    VYRE__CPU_LOCK(c);
    c->tel.launches++;
    VYRE__CPU_UNLOCK(c);
    return r;
}

static vyre_result vyre__cpu_host_alloc(void *self, size_t bytes, void **out, vyre_error *err) {
    vyre__cpu *c = (vyre__cpu *)self;
    *out = c->A.alloc(bytes ? bytes : 1, c->A.user);
    if (!*out) return VYRE__OOM(err, "host staging memory", (uint64_t)bytes);
    return VYRE_OK;
}
static void vyre__cpu_host_free(void *self, void *p) { vyre__cpu *c = (vyre__cpu *)self; if (p) c->A.free(p, c->A.user); }

static const vyre_backend_vtable vyre__cpu_vtable = {
    vyre__cpu_id, vyre__cpu_version, vyre__cpu_profile, vyre__cpu_dispatch,
    vyre__cpu_alloc, vyre__cpu_free, vyre__cpu_upload, vyre__cpu_upload_many, vyre__cpu_download, vyre__cpu_download_many,
    vyre__cpu_fill, vyre__cpu_dispatch_res, vyre__cpu_sequence,
    vyre__cpu_telemetry, vyre__cpu_telemetry_reset,
    vyre__cpu_prepare, vyre__cpu_flush, vyre__cpu_shutdown, vyre__cpu_lost, vyre__cpu_recover, vyre__cpu_destroy,
    vyre__cpu_lit_open, vyre__cpu_lit_scan, vyre__cpu_lit_close,
    vyre__cpu_host_alloc, vyre__cpu_host_free,
    VYRE__CPU_ENGINE_ENTRIES,
    vyre__cpu_sequence_repeat,
    NULL /* kernel_info: the CPU backend compiles no kernels */
};

VYREDEF vyre_result vyre_cpu_backend_create(const vyre_cpu_desc *desc, vyre_backend **out, vyre_error *err) {
    vyre_allocator A;
    vyre__cpu *c;
    vyre_result r;
    uint32_t threads = 0;
    vyre__clear_error(err);
    if (!out) return VYRE__NULLARG(err, "out");
    *out = NULL;
    if ((r = vyre_allocator_resolve(desc ? &desc->allocator : NULL, &A, err)) != VYRE_OK) return r;
    if (desc && (desc->engine < VYRE_CPU_ENGINE_AUTO || desc->engine > VYRE_CPU_ENGINE_DFA))
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: use VYRE_CPU_ENGINE_AUTO, _PREFILTER or _DFA.",
                              "unknown vyre_cpu_desc.engine %d", (int)desc->engine);
    if (desc && desc->threads) threads = desc->threads;
    if (!threads) threads = vyre__host_cores();
    if (threads > 1024)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: use at most 1024 threads.", "vyre_cpu_desc.threads = %u is over the limit of 1024", threads);
#if defined(VYRE_NO_THREADS)
    threads = 1;
#endif
    c = (vyre__cpu *)vyre__calloc(&A, 1, sizeof *c, "CPU backend", err);
    if (!c) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
    c->A = A;
    c->threads = threads;
    c->engine = desc ? desc->engine : VYRE_CPU_ENGINE_AUTO;
    c->min_bytes = (desc && desc->min_bytes_per_thread) ? desc->min_bytes_per_thread : (size_t)256 * 1024;
#if !defined(VYRE_NO_THREADS)
    pthread_mutex_init(&c->mu, NULL);
#endif
    if ((r = vyre_worker_pool_create(&A, threads - 1, "CPU backend (vyre_cpu_desc.threads)", &c->workers, err)) != VYRE_OK) {
#if !defined(VYRE_NO_THREADS)
        pthread_mutex_destroy(&c->mu);
#endif
        vyre_free(&A, c);
        return r;
    }
    return vyre_backend_wrap(&vyre__cpu_vtable, c, &A, out, err);
}

/* ---- resident tables (shared by the generic scanner path and sessions) --- */
/* Release `n` resident buffers (0 = none), attempting every release and
   returning the first error; each handle is zeroed. */
static vyre_result vyre__release(vyre_backend *b, vyre_buffer *const *bufs, size_t n, vyre_error *err) {
    vyre_result first = VYRE_OK;
    size_t i;
    for (i = 0; i < n; i++) {
        if (*bufs[i]) {
            vyre_error e2;
            vyre_result r = vyre_buffer_free(b, *bufs[i], first == VYRE_OK ? err : &e2);
            if (r != VYRE_OK && first == VYRE_OK) first = r;
            *bufs[i] = 0;
        }
    }
    return first;
}
/* Resident tables and bindings of any kind: haystack, the kind's tables
   (vyre__engine_ops.table_count of them), then one or two outputs. */
#define VYRE__MAX_TABLES 24u
#define VYRE__MAX_BINDINGS (VYRE__MAX_TABLES + 3u)
static vyre_result vyre__tables_free(vyre_backend *b, vyre_buffer *t, vyre_error *err) {
    vyre_buffer *bufs[VYRE__MAX_TABLES];
    uint32_t i;
    for (i = 0; i < VYRE__MAX_TABLES; i++) bufs[i] = &t[i];
    return vyre__release(b, bufs, VYRE__MAX_TABLES, err);
}
/* allocate the tables and upload them once (one batched upload when the backend has it) */
static vyre_result vyre__tables_up(vyre_backend *b, const vyre_pattern_set *set, vyre_buffer *t, vyre_error *err) {
    vyre_op ups[VYRE__MAX_TABLES];
    vyre_result r;
    uint32_t i, nt = set->ops->table_count;
    for (i = 0; i < VYRE__MAX_TABLES; i++) t[i] = 0;
    if (nt > VYRE__MAX_TABLES)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: raise VYRE__MAX_TABLES in vyre.h for this kind.",
                              "sets of kind '%s' have %u tables, more than the %u a dispatch binds", set->ops->name, nt, VYRE__MAX_TABLES);
    for (i = 0; i < nt; i++) {
        const void *data; size_t bytes;
        set->ops->table(set, i, &data, &bytes);
        if ((r = vyre_buffer_alloc(b, bytes ? bytes : 4, &t[i], err)) != VYRE_OK) {
            vyre__tables_free(b, t, NULL);
            return r;
        }
        memset(&ups[i], 0, sizeof ups[i]);
        ups[i].kind = VYRE_OP_UPLOAD; ups[i].buffer = t[i]; ups[i].src = data; ups[i].len = bytes;
    }
    if (b->vt->upload_many) r = vyre_buffer_upload_many(b, ups, nt, err);
    else for (i = 0, r = VYRE_OK; i < nt && r == VYRE_OK; i++) r = vyre_buffer_upload(b, t[i], 0, ups[i].src, ups[i].len, err);
    if (r != VYRE_OK) vyre__tables_free(b, t, NULL);
    return r;
}
static size_t vyre__pad16(size_t n) { return n > (size_t)-1 - 16 ? n : (n + 15) & ~(size_t)15; }
/* (re)size a resident scratch buffer to at least `need` bytes */
static vyre_result vyre__ensure_buf(vyre_backend *b, vyre_buffer *buf, size_t *cap, size_t need, vyre_error *err) {
    vyre_result r;
    if (*buf && *cap >= need) return VYRE_OK;
    if (*buf) { vyre_buffer_free(b, *buf, NULL); *buf = 0; *cap = 0; }
    if ((r = vyre_buffer_alloc(b, need ? need : 16, buf, err)) != VYRE_OK) return r;
    *cap = need ? need : 16;
    return VYRE_OK;
}

/* ---- >>scan: scanners ------------------------------------------------- */
/* The in-use flag (THREADING: scanners are per-thread; misuse is loud): every
   scanner and stream call sets it on entry and clears it on return, so a
   second call that overlaps the first (another thread, or a match callback
   calling back into its own scanner) returns VYRE_ERR_STATE naming the
   scanner. C11 atomic_exchange when the implementation file is C11 with
   atomics; else the GCC/Clang __atomic builtins (C99, C++); else (other
   compilers) a plain int: re-entry from a callback is still caught, two
   threads entering at the same instant may not be. */
#if !defined(__cplusplus) && defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L && !defined(__STDC_NO_ATOMICS__)
#  include <stdatomic.h>
typedef atomic_int vyre__busy_t;
#  define VYRE__BUSY_TRY(p) (atomic_exchange_explicit((p), 1, memory_order_acquire) == 0)
#  define VYRE__BUSY_END(p) atomic_store_explicit((p), 0, memory_order_release)
#  define VYRE__BUSY_KIND "stdatomic"
#elif defined(__GNUC__) || defined(__clang__)
typedef int vyre__busy_t;
#  define VYRE__BUSY_TRY(p) (__atomic_exchange_n((p), 1, __ATOMIC_ACQUIRE) == 0)
#  define VYRE__BUSY_END(p) __atomic_store_n((p), 0, __ATOMIC_RELEASE)
#  define VYRE__BUSY_KIND "gnu-builtins"
#else
typedef volatile int vyre__busy_t;
#  define VYRE__BUSY_TRY(p) (*(p) ? 0 : (*(p) = 1, 1))
#  define VYRE__BUSY_END(p) (*(p) = 0)
#  define VYRE__BUSY_KIND "plain"
#endif
struct vyre_scanner;
static void vyre__stream_detach(struct vyre_scanner *s);
/* the resident buffers of a scanner that runs the kind's programs */
typedef struct vyre__resident {
    vyre_buffer tables[VYRE__MAX_TABLES];
    vyre_buffer hay, counter, matches, region_starts, presence;
    size_t hay_cap, counter_cap, matches_cap, region_starts_cap, presence_cap;
} vyre__resident;

/* A scanner knows its set only through set->ops (>>engines): history bytes
   for chunk joins, match starts, tables and program names. */
struct vyre_scanner {
    vyre_backend *b;
    const vyre_pattern_set *set;
    vyre_allocator A;
    void *native_state;        /* the backend's native scanner state, or NULL when running programs */
    int via_programs;          /* 1: no native scanner; the kind's programs run on resident buffers */
    size_t history;            /* set->ops->history_bytes: bytes re-scanned before each chunk */
    size_t window;             /* history + 1: the longest match */
    size_t match_chunk;        /* bytes per MATCHES request */
    size_t bulk_chunk;         /* bytes per COUNT / PRESENCE request */
    size_t max_matches;
    vyre__vec raw;             /* vyre_raw_match */
    vyre__vec pending;         /* vyre_match held back */
    vyre__vec tmp64;           /* uint64_t scratch (region starts) */
    vyre__vec tmp32;           /* uint32_t scratch */
    vyre_timing last;
    int streaming;
    struct vyre_stream *stream; /* the open stream, detached by destroy */
    vyre__busy_t busy;         /* in-use flag: a second concurrent call is VYRE_ERR_STATE */
    vyre__resident dev;
    int kind_path;             /* 1: the kind finds its own matches (vyre__engine_ops.cpu_matches; see "kind path") */
    vyre__vec kres;            /* kind path: vyre__kmatch */
    vyre__vec kgrp;            /* kind path: capture spans (2 x uint64_t each) */
};

VYREDEF void vyre_scanner_destroy(vyre_scanner *s) {
    vyre_allocator A;
    if (!s) return;
    A = s->A;
    vyre__stream_detach(s);
    if (s->native_state && s->b->vt->lit_close) s->b->vt->lit_close(s->b->self, s->native_state);
    if (s->via_programs) {
        vyre_buffer *bs[5];
        bs[0] = &s->dev.hay; bs[1] = &s->dev.counter; bs[2] = &s->dev.matches; bs[3] = &s->dev.region_starts; bs[4] = &s->dev.presence;
        vyre__tables_free(s->b, s->dev.tables, NULL);
        vyre__release(s->b, bs, 5, NULL);
    }
    vyre_free(&A, s->raw.data); vyre_free(&A, s->pending.data); vyre_free(&A, s->tmp64.data); vyre_free(&A, s->tmp32.data);
    vyre_free(&A, s->kres.data); vyre_free(&A, s->kgrp.data);
    vyre_free(&A, s);
}

/* ---- the kind path: kinds that find their own matches ----------------
   A kind with vyre__engine_ops.cpu_matches (regex) reports whole matches
   (start, end, id, capture spans) instead of raw (id, end) records, so the
   scanner runs it over whole buffers: one-shot scans, callbacks and counts
   over the whole data, region scans and presence region by region (each
   region its own text), streams by re-scanning history_bytes bytes (the
   longest match + 1 byte in front) before each write and holding back the
   ends in the last byte (its $ \b need the next byte) until the next write
   or close. On the CPU backend the kind's CPU engine runs on the calling
   thread; on other backends only when they promise vyre__engine_ops.gpu_cap
   and the kind names GPU programs (loud VYRE_ERR_UNSUPPORTED otherwise). */
typedef struct vyre__kmatch { uint64_t start, end; uint32_t pattern_id, ngroups; uint64_t g0; } vyre__kmatch;
typedef struct vyre__kcoll {
    vyre_scanner *s;
    int what;                  /* 0: s->kres/kgrp, 1: count, 2: presence row, 3: s->pending */
    uint64_t base, count;
    uint32_t *row;
    int oom;
} vyre__kcoll;
static int vyre__k_emit(void *u, uint32_t pid, uint64_t st, uint64_t e, const uint64_t *caps, uint32_t ng) {
    vyre__kcoll *c = (vyre__kcoll *)u;
    vyre_scanner *s = c->s;
    c->count++;
    if (c->what == 1) return 0;
    if (c->what == 2) { c->row[pid >> 5] |= 1u << (pid & 31u); return 0; }
    if (c->what == 3) {
        vyre_match *m;
        if (!vyre__vec_reserve(&s->A, &s->pending, s->pending.len + 1)) { c->oom = 1; return 1; }
        m = (vyre_match *)s->pending.data + s->pending.len++;
        m->start = c->base + st; m->end = c->base + e; m->pattern_id = pid; m->region = 0;
        return 0;
    } else {
        vyre__kmatch *m;
        uint32_t k;
        if (!vyre__vec_reserve(&s->A, &s->kres, s->kres.len + 1) || (ng && !vyre__vec_reserve(&s->A, &s->kgrp, s->kgrp.len + ng))) { c->oom = 1; return 1; }
        m = (vyre__kmatch *)s->kres.data + s->kres.len++;
        m->start = c->base + st; m->end = c->base + e; m->pattern_id = pid; m->ngroups = ng; m->g0 = s->kgrp.len;
        for (k = 0; k < ng; k++) {
            uint64_t *sp = (uint64_t *)s->kgrp.data + 2 * s->kgrp.len++;
            if (caps[2 * k] == UINT64_MAX || caps[2 * k + 1] == UINT64_MAX) sp[0] = sp[1] = UINT64_MAX;
            else { sp[0] = c->base + caps[2 * k]; sp[1] = c->base + caps[2 * k + 1]; }
        }
        return 0;
    }
}
static int vyre__kmatch_cmp(const void *x, const void *y, const void *ctx) {
    const vyre__kmatch *a = (const vyre__kmatch *)x, *b = (const vyre__kmatch *)y;
    (void)ctx;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    if (a->end != b->end) return a->end < b->end ? -1 : 1;
    if (a->pattern_id != b->pattern_id) return a->pattern_id < b->pattern_id ? -1 : 1;
    return 0;
}
/* matches of h[0, n) ending in [min_end, max_end] into the collector */
static vyre_result vyre__k_run(vyre_scanner *s, const uint8_t *h, size_t n, uint64_t min_end, uint64_t max_end, vyre__kcoll *c, vyre_error *err) {
    vyre_result r;
    c->s = s;
    r = s->set->ops->cpu_matches(s->set, 0, h, n, min_end, max_end, vyre__k_emit, c, err);
    if (c->oom) r = VYRE__OOM(err, "match list", (uint64_t)(s->kres.len + s->pending.len + 1) * sizeof(vyre__kmatch));
    if (r == VYRE_STOPPED && !c->oom) r = VYRE_OK;
    s->last.device_ns = VYRE_TIME_UNKNOWN;
    return r;
}
/* whole-buffer match list, sorted, in s->kres / s->kgrp */
static vyre_result vyre__k_list(vyre_scanner *s, const uint8_t *h, size_t n, vyre_error *err) {
    vyre__kcoll c;
    vyre_result r;
    memset(&c, 0, sizeof c);
    s->kres.len = 0; s->kgrp.len = 0;
    if ((r = vyre__k_run(s, h, n, 0, UINT64_MAX, &c, err)) != VYRE_OK) return r;
    if (!vyre__msort(&s->A, s->kres.data, s->kres.len, sizeof(vyre__kmatch), vyre__kmatch_cmp, NULL))
        return VYRE__OOM(err, "match sort", (uint64_t)s->kres.len * sizeof(vyre__kmatch));
    return VYRE_OK;
}
static vyre_result vyre__k_create(vyre_backend *b, const vyre_pattern_set *set, vyre_scanner *s, vyre_error *err) {
    (void)set;
    if (b->vt != &vyre__cpu_vtable) {
        vyre_device_profile prof;
        memset(&prof, 0, sizeof prof);
        if (vyre_backend_profile(b, &prof, NULL) == VYRE_OK && (prof.caps & set->ops->gpu_cap) && set->ops->program[0])
            return vyre_set_error(err, VYRE_ERR_UNSUPPORTED, "Fix: scan this set on the CPU backend, or use vyre_rule_session_* (which runs the kind's GPU programs).",
                                  "backend '%s' runs the GPU programs of kind '%s', but scanners do not dispatch them yet", vyre_backend_id(b), set->ops->name);
        return vyre_set_error(err, VYRE_ERR_UNSUPPORTED, "Fix: scan this set on the CPU backend (vyre_cpu_backend_create); vyre never falls back to the CPU silently.",
                              "backend '%s' cannot scan sets of kind '%s': it has no GPU programs for them (capability bit 0x%x, kernels.inc >>kernels-nfa)",
                              vyre_backend_id(b), set->ops->name, set->ops->gpu_cap);
    }
    s->kind_path = 1;
    s->kres.item = sizeof(vyre__kmatch); s->kgrp.item = 16;
    return VYRE_OK;
}

VYREDEF vyre_result vyre_scanner_create(vyre_backend *b, const vyre_pattern_set *set, const vyre_scanner_desc *desc, vyre_scanner **out,
                                        vyre_error *err) {
    vyre_allocator A;
    vyre_scanner *s;
    vyre_result r;
    uint64_t window;
    vyre__clear_error(err);
    if (!out) return VYRE__NULLARG(err, "out");
    *out = NULL;
    if (!b) return VYRE__NULLARG(err, "backend");
    if (!set) return VYRE__NULLARG(err, "set");
    if (set->ops->cpu_matches) { /* the kind path */
        if ((r = vyre_allocator_resolve(desc ? &desc->allocator : NULL, &A, err)) != VYRE_OK) return r;
        s = (vyre_scanner *)vyre__calloc(&A, 1, sizeof *s, "scanner", err);
        if (!s) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
        s->b = b; s->set = set; s->A = A;
        s->pending.item = sizeof(vyre_match); s->raw.item = sizeof(vyre_raw_match); s->tmp64.item = 8; s->tmp32.item = 4;
        if ((r = vyre__k_create(b, set, s, err)) != VYRE_OK) { vyre_free(&A, s); return r; }
        *out = s;
        return VYRE_OK;
    }
    window = vyre__set_window(set);
    if (window == VYRE__HISTORY_UNBOUNDED || window > ((size_t)1 << 30))
        return vyre_set_error(err, VYRE_ERR_UNSUPPORTED, "Fix: scan this set with an API of its own engine; the scanner joins chunks by re-scanning a bounded history.",
                              "sets of kind '%s' need an unbounded match history, which the scanner's chunk join does not support", set->ops->name);
    if ((r = vyre_allocator_resolve(desc ? &desc->allocator : NULL, &A, err)) != VYRE_OK) return r;
    s = (vyre_scanner *)vyre__calloc(&A, 1, sizeof *s, "scanner", err);
    if (!s) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
    s->b = b; s->set = set; s->A = A;
    s->window = (size_t)window; s->history = (size_t)window - 1;
    s->raw.item = sizeof(vyre_raw_match); s->pending.item = sizeof(vyre_match);
    s->tmp64.item = 8; s->tmp32.item = 4;
    /* the CPU backend's native scanner runs any kind's CPU engine; a GPU backend's native literal
       scanner serves the DFA form (vyre__lit_ops): the BIG form runs its programs (>>kernels-big) there */
    s->via_programs = !(b->vt->lit_open && b->vt->lit_scan && b->vt->lit_close) ||
                      (set->ops != vyre__lit_engine() && b->vt != &vyre__cpu_vtable);
    s->match_chunk = (desc && desc->chunk_bytes) ? desc->chunk_bytes : (size_t)64 << 20;
    if (s->match_chunk < s->window * 2 + 4096) s->match_chunk = s->window * 2 + 4096;
    if (s->match_chunk > ((size_t)1 << 31)) s->match_chunk = (size_t)1 << 31;
    s->bulk_chunk = s->via_programs ? s->match_chunk : ((size_t)1 << 30);
    if (s->bulk_chunk < s->match_chunk) s->bulk_chunk = s->match_chunk;
    s->max_matches = (desc && desc->max_matches_per_chunk) ? desc->max_matches_per_chunk : 65536;
    if ((uint64_t)s->max_matches > 0xFFFFFFFFull) {
        vyre_scanner_destroy(s);
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: use at most 4294967295 (a request reports 32-bit counts); buffers grow on demand anyway.",
                              "vyre_scanner_desc.max_matches_per_chunk = %llu is over the limit of 4294967295",
                              (unsigned long long)desc->max_matches_per_chunk);
    }
    if (!s->via_programs) {
        r = b->vt->lit_open(b->self, set, s->bulk_chunk + s->window, &s->native_state, err);
        if (r != VYRE_OK) { s->native_state = NULL; vyre_scanner_destroy(s); return r; }
    } else {
        if (!b->vt->buffer_alloc || !b->vt->upload || !b->vt->fill || !b->vt->sequence || !b->vt->dispatch_resident) {
            vyre_scanner_destroy(s);
            return vyre__unsupported(b, "literal scanning (neither a native scanner nor resident buffers, fill and sequences)", err);
        }
        if ((r = vyre__tables_up(b, set, s->dev.tables, err)) != VYRE_OK) { s->via_programs = 0; vyre_scanner_destroy(s); return r; }
        if ((r = vyre__ensure_buf(b, &s->dev.hay, &s->dev.hay_cap, vyre__pad16(s->bulk_chunk + s->window), err)) != VYRE_OK ||
            (r = vyre__ensure_buf(b, &s->dev.counter, &s->dev.counter_cap, 16, err)) != VYRE_OK ||
            (r = vyre__ensure_buf(b, &s->dev.matches, &s->dev.matches_cap, s->max_matches * sizeof(vyre_raw_match), err)) != VYRE_OK) {
            vyre_scanner_destroy(s);
            return r;
        }
    }
    *out = s;
    return VYRE_OK;
}

VYREDEF vyre_result vyre_scanner_last_timing(const vyre_scanner *s, vyre_timing *out) {
    if (!s || !out) return VYRE_ERR_INVALID_ARGUMENT;
    *out = s->last;
    return VYRE_OK;
}

static void vyre__time_add(vyre_timing *acc, const vyre_timing *t) {
    if (t->device_ns == VYRE_TIME_UNKNOWN || acc->device_ns == VYRE_TIME_UNKNOWN) acc->device_ns = VYRE_TIME_UNKNOWN;
    else acc->device_ns += t->device_ns;
    if (t->enqueue_ns == VYRE_TIME_UNKNOWN || acc->enqueue_ns == VYRE_TIME_UNKNOWN) acc->enqueue_ns = VYRE_TIME_UNKNOWN;
    else acc->enqueue_ns += t->enqueue_ns;
    if (t->wait_ns == VYRE_TIME_UNKNOWN || acc->wait_ns == VYRE_TIME_UNKNOWN) acc->wait_ns = VYRE_TIME_UNKNOWN;
    else acc->wait_ns += t->wait_ns;
}
static void vyre__time_begin(vyre_scanner *s) { s->last.wall_ns = vyre_now_ns(); s->last.device_ns = 0; s->last.enqueue_ns = 0; s->last.wait_ns = 0; }
static void vyre__time_end(vyre_scanner *s) { s->last.wall_ns = vyre_now_ns() - s->last.wall_ns; }

#if defined(VYRE_HAS_REGEX)
typedef struct vyre__gcb { vyre_re_match_cb cb; void *user; } vyre__gcb;
#endif
/* kind path: the sorted matches of h[0, n) to cb (region `region`, or 0 when
   region == UINT32_MAX) or, with their capture spans, to gcb (a vyre__gcb) */
static vyre_result vyre__k_deliver(vyre_scanner *s, const uint8_t *h, size_t n, uint32_t region, vyre_match_cb cb, const void *gcb, void *user,
                                   vyre_error *err) {
    vyre_result r;
    size_t i;
    if ((r = vyre__k_list(s, h, n, err)) != VYRE_OK) return r;
    for (i = 0; i < s->kres.len; i++) {
        const vyre__kmatch *m = (const vyre__kmatch *)s->kres.data + i;
        int stop;
        if (cb) {
            vyre_match o;
            o.start = m->start; o.end = m->end; o.pattern_id = m->pattern_id; o.region = region == UINT32_MAX ? 0 : region;
            stop = cb(&o, user);
        } else {
#if defined(VYRE_HAS_REGEX)
            vyre_re_match o;
            o.start = m->start; o.end = m->end; o.pattern_id = m->pattern_id; o.group_count = m->ngroups; o.groups = 0;
            stop = ((const vyre__gcb *)gcb)->cb(&o, m->ngroups ? (const vyre_span *)((const uint64_t *)s->kgrp.data + 2 * m->g0) : NULL, user);
#else
            (void)gcb; stop = 0;
#endif
        }
        if (stop) return VYRE_STOPPED;
    }
    return VYRE_OK;
}

/* One request through the kind's resident programs (data fits the hay buffer).
   Bindings: haystack, the kind's tables, then the outputs. */
static vyre_result vyre__run_programs(vyre_scanner *s, const vyre_lit_request *q, vyre_lit_result *res, vyre_error *err) {
    vyre_backend *b = s->b;
    const vyre__engine_ops *eo = s->set->ops;
    const uint32_t nt = eo->table_count, out0 = 1u + nt, out1 = 2u + nt;
    vyre_buffer binds[VYRE__MAX_BINDINGS];
    uint64_t sc[4];
    vyre_dispatch d;
    vyre_op ops[6];
    uint32_t ctr[2] = {0, 0};
    uint64_t cnt64 = 0;
    vyre_result r;
    size_t i, nops = 0;
    memset(ops, 0, sizeof ops);
    res->count = 0;
    if (q->len > s->dev.hay_cap)
        return vyre_set_error(err, VYRE_ERR_HAYSTACK_CAPACITY, "Fix: this is an internal chunking bug; report it.",
                              "request of %llu bytes exceeds the scanner's resident haystack of %llu", (unsigned long long)q->len,
                              (unsigned long long)s->dev.hay_cap);
    binds[0] = s->dev.hay;
    for (i = 0; i < nt; i++) binds[1 + i] = s->dev.tables[i];
    ops[nops].kind = VYRE_OP_UPLOAD; ops[nops].buffer = s->dev.hay; ops[nops].src = q->data; ops[nops].len = q->len; nops++;
    if (q->mode == VYRE_LIT_MATCHES || q->mode == VYRE_LIT_COUNT) {
        size_t want = q->mode == VYRE_LIT_MATCHES ? (q->cap < s->dev.matches_cap / 8 ? q->cap : s->dev.matches_cap / 8) : 0;
        ops[nops].kind = VYRE_OP_FILL; ops[nops].buffer = s->dev.counter; ops[nops].len = 8; nops++;
        binds[out0] = s->dev.counter;
        if (q->mode == VYRE_LIT_MATCHES) {
            binds[out1] = s->dev.matches;
            sc[0] = q->len; sc[1] = q->context_len; sc[2] = s->dev.matches_cap / 8;
            vyre_kit_dispatch(&d, eo->program[VYRE_LIT_MATCHES - 1], binds, out1 + 1, sc, 3);
        } else {
            sc[0] = q->len; sc[1] = q->context_len;
            vyre_kit_dispatch(&d, eo->program[VYRE_LIT_COUNT - 1], binds, out0 + 1, sc, 2);
        }
        ops[nops].kind = VYRE_OP_DISPATCH; ops[nops].dispatch = &d; nops++;
        ops[nops].kind = VYRE_OP_DOWNLOAD; ops[nops].buffer = s->dev.counter; ops[nops].len = 8;
        ops[nops].dst = q->mode == VYRE_LIT_MATCHES ? (void *)ctr : (void *)&cnt64; nops++;
        if (q->mode == VYRE_LIT_MATCHES && want) {
            size_t first = want < 4096 ? want : 4096; /* speculative prefix: most chunks need one sync */
            ops[nops].kind = VYRE_OP_DOWNLOAD; ops[nops].buffer = s->dev.matches; ops[nops].len = first * 8; ops[nops].dst = q->matches; nops++;
        }
        size_t have = 0; /* records of THIS dispatch already in q->matches (the speculative prefix) */
        if (q->mode == VYRE_LIT_MATCHES && want) have = want < 4096 ? want : 4096;
        if ((r = vyre_sequence(b, ops, nops, &res->timing, err)) != VYRE_OK) return r;
        if (q->mode == VYRE_LIT_COUNT) { res->count = cnt64; return VYRE_OK; }
        res->count = ctr[1] ? 0xFFFFFFFFull + 1 : ctr[0];
        if (res->count > s->dev.matches_cap / 8 && res->count <= q->cap) {
            /* The device buffer was too small: grow it and run the dispatch again (the haystack stays resident).
               Records come out in a different order on every run (work-groups race for the output counter),
               so the speculative prefix of the first run must not be mixed with the second run's records:
               everything is downloaded again from record 0. */
            vyre_timing t2;
            if ((r = vyre__ensure_buf(b, &s->dev.matches, &s->dev.matches_cap, (size_t)res->count * 8, err)) != VYRE_OK) return r;
            binds[out1] = s->dev.matches; sc[2] = s->dev.matches_cap / 8;
            if ((r = vyre_sequence(b, ops + 1, 3, &t2, err)) != VYRE_OK) return r;
            vyre__time_add(&res->timing, &t2);
            res->count = ctr[1] ? 0xFFFFFFFFull + 1 : ctr[0];
            have = 0;
        }
        if (res->count > q->cap)
            return vyre_set_error(err, VYRE_ERR_MATCH_CAPACITY, "Fix: give a larger match buffer (the count needed is reported).",
                                  "%llu matches found but the buffer holds %llu", (unsigned long long)res->count, (unsigned long long)q->cap);
        if (res->count > have &&
            (r = vyre_buffer_download(b, s->dev.matches, have * 8, q->matches + have, ((size_t)res->count - have) * 8, err)) != VYRE_OK)
            return r;
        return VYRE_OK;
    } else { /* presence */
        uint32_t wpr = vyre_presence_words(s->set), *s32;
        size_t pres_bytes, regb;
        if (!vyre__mul((size_t)q->region_count * wpr, 4, &pres_bytes) || !vyre__mul(q->region_count, 4, &regb)) return VYRE__OVERFLOW(err, "presence rows");
        if ((r = vyre__ensure_buf(b, &s->dev.region_starts, &s->dev.region_starts_cap, regb, err)) != VYRE_OK) return r;
        if ((r = vyre__ensure_buf(b, &s->dev.presence, &s->dev.presence_cap, pres_bytes, err)) != VYRE_OK) return r;
        if (!vyre__vec_reserve(&s->A, &s->tmp32, q->region_count + (size_t)q->region_count * wpr + 1)) return VYRE__OOM(err, "region scratch", regb);
        s32 = (uint32_t *)s->tmp32.data;
        for (i = 0; i < q->region_count; i++) s32[i] = (uint32_t)q->region_starts[i];
        ops[nops].kind = VYRE_OP_UPLOAD; ops[nops].buffer = s->dev.region_starts; ops[nops].src = s32; ops[nops].len = regb; nops++;
        ops[nops].kind = VYRE_OP_FILL; ops[nops].buffer = s->dev.presence; ops[nops].len = pres_bytes; nops++;
        binds[out0] = s->dev.region_starts; binds[out1] = s->dev.presence;
        sc[0] = q->len; sc[1] = q->region_count; sc[2] = 0; sc[3] = q->regions_end;
        vyre_kit_dispatch(&d, eo->program[VYRE_LIT_PRESENCE - 1], binds, out1 + 1, sc, 4);
        ops[nops].kind = VYRE_OP_DISPATCH; ops[nops].dispatch = &d; nops++;
        ops[nops].kind = VYRE_OP_DOWNLOAD; ops[nops].buffer = s->dev.presence; ops[nops].len = pres_bytes; ops[nops].dst = s32 + q->region_count; nops++;
        if ((r = vyre_sequence(b, ops, nops, &res->timing, err)) != VYRE_OK) return r;
        for (i = 0; i < (size_t)q->region_count * wpr; i++) q->presence[i] |= s32[q->region_count + i];
        return VYRE_OK;
    }
}

/* One request to the backend: its native scanner, or the kind's programs. */
static vyre_result vyre__run_request(vyre_scanner *s, const vyre_lit_request *q, vyre_lit_result *res, vyre_error *err) {
    vyre_result r;
    res->timing.device_ns = VYRE_TIME_UNKNOWN; res->timing.enqueue_ns = VYRE_TIME_UNKNOWN; res->timing.wait_ns = VYRE_TIME_UNKNOWN;
    if (s->via_programs) r = vyre__run_programs(s, q, res, err);
    else r = s->b->vt->lit_scan(s->b->self, s->native_state, q, res, err);
    vyre__time_add(&s->last, &res->timing);
    return r;
}

/* Decoding guards: a backend's match records are checked before anything is
   delivered, so a race or a read-back bug in a backend fails loudly with
   VYRE_ERR_BACKEND_OUTPUT instead of printing wrong matches. vyre__check_raw:
   every record names a pattern of the set, ends inside (context_len, len] and
   starts at or after 0. vyre__check_dups: sorted matches hold no record twice
   (a race that writes one record into two slots also loses another). */
static vyre_result vyre__check_raw(const vyre_backend *b, const vyre_pattern_set *set, const vyre_raw_match *m, size_t n, size_t len,
                                   size_t context_len, vyre_error *err) {
    size_t i;
    for (i = 0; i < n; i++) {
        if (m[i].pattern_id >= set->pattern_count || m[i].end > len || m[i].end <= context_len ||
            set->ops->match_start(set, m[i].pattern_id, m[i].end) == UINT64_MAX)
            return vyre_set_error(err, VYRE_ERR_BACKEND_OUTPUT, "Fix: this is a bug in vyre or in the backend (its kernel or read-back); report it with the backend name and the input.",
                                  "backend '%s' returned match record %llu (pattern %u, end %u) outside the %llu-byte request "
                                  "(new matches end in (%llu, %llu]; the set has %u patterns)",
                                  vyre_backend_id(b), (unsigned long long)i, m[i].pattern_id, m[i].end, (unsigned long long)len,
                                  (unsigned long long)context_len, (unsigned long long)len, set->pattern_count);
    }
    return VYRE_OK;
}
static vyre_result vyre__check_dups(const vyre_backend *b, const vyre_match *m, size_t n, vyre_error *err) {
    size_t i;
    for (i = 1; i < n; i++)
        if (m[i].start == m[i - 1].start && m[i].end == m[i - 1].end && m[i].pattern_id == m[i - 1].pattern_id)
            return vyre_set_error(err, VYRE_ERR_BACKEND_OUTPUT, "Fix: this is a bug in vyre or in the backend (its kernel or read-back); report it with the backend name and the input.",
                                  "backend '%s' returned the match (pattern %u, %llu..%llu) twice", vyre_backend_id(b), m[i].pattern_id,
                                  (unsigned long long)m[i].start, (unsigned long long)m[i].end);
    return VYRE_OK;
}

/* Matches whose end lies in (x, y] of buf, as raw matches in s->raw (data at buf + *d0). */
static vyre_result vyre__req_matches(vyre_scanner *s, const uint8_t *buf, size_t x, size_t y, size_t *d0, size_t *n, vyre_error *err) {
    vyre_lit_request q;
    vyre_lit_result res;
    vyre_result r;
    size_t L1 = s->history, tries;
    memset(&q, 0, sizeof q);
    *d0 = x > L1 ? x - L1 : 0;
    q.mode = VYRE_LIT_MATCHES; q.data = buf + *d0; q.len = y - *d0; q.context_len = x - *d0;
    if (s->raw.cap == 0 && !vyre__vec_reserve(&s->A, &s->raw, s->max_matches))
        return VYRE__OOM(err, "match buffer", (uint64_t)s->max_matches * sizeof(vyre_raw_match));
    for (tries = 0;; tries++) {
        q.matches = (vyre_raw_match *)s->raw.data; q.cap = s->raw.cap;
        r = vyre__run_request(s, &q, &res, err);
        if (r == VYRE_ERR_MATCH_CAPACITY && tries < 2 && res.count > q.cap) {
            if (res.count > (uint64_t)((size_t)-1 / 16) || !vyre__vec_reserve(&s->A, &s->raw, (size_t)res.count))
                return VYRE__OOM(err, "match buffer", res.count * 8);
            continue;
        }
        if (r != VYRE_OK) return r;
        *n = (size_t)res.count;
        return vyre__check_raw(s->b, s->set, (const vyre_raw_match *)s->raw.data, *n, q.len, q.context_len, err);
    }
}
static void vyre__raw_to_match(const vyre_scanner *s, const vyre_raw_match *m, uint64_t base, vyre_match *o) {
    o->end = base + m->end;
    o->start = base + s->set->ops->match_start(s->set, m->pattern_id, m->end);
    o->pattern_id = m->pattern_id;
    o->region = 0;
}

static vyre_result vyre__scan_body(vyre_scanner *s, const void *data, size_t len, vyre_match *out, size_t cap, size_t *count, vyre_error *err) {
    size_t x, total = 0, d0, n, j;
    vyre_result r = VYRE_OK;
    vyre__clear_error(err);
    if (count) *count = 0;
    if (!s) return VYRE__NULLARG(err, "scanner");
    if (!count) return VYRE__NULLARG(err, "count");
    if (len && !data) return VYRE__NULLARG(err, "data");
    if (cap && !out) return VYRE__NULLARG(err, "out");
    vyre__time_begin(s);
    if (s->kind_path) {
        r = vyre__k_list(s, (const uint8_t *)data, len, err);
        vyre__time_end(s);
        if (r != VYRE_OK) return r;
        total = s->kres.len;
        if (total > cap) {
            if (out && cap) memset(out, 0, cap * sizeof *out);
            *count = total;
            return vyre_set_error(err, VYRE_ERR_MATCH_CAPACITY, "Fix: pass a buffer of at least the reported count, or use vyre_scan_cb.",
                                  "%llu matches found but the output holds %llu", (unsigned long long)total, (unsigned long long)cap);
        }
        for (j = 0; j < total; j++) {
            const vyre__kmatch *m = (const vyre__kmatch *)s->kres.data + j;
            out[j].start = m->start; out[j].end = m->end; out[j].pattern_id = m->pattern_id; out[j].region = 0;
        }
        *count = total;
        return VYRE_OK;
    }
    for (x = 0; x < len && r == VYRE_OK;) {
        size_t y = len - x > s->match_chunk ? x + s->match_chunk : len;
        if ((r = vyre__req_matches(s, (const uint8_t *)data, x, y, &d0, &n, err)) != VYRE_OK) break;
        for (j = 0; j < n; j++, total++)
            if (total < cap) vyre__raw_to_match(s, (const vyre_raw_match *)s->raw.data + j, d0, &out[total]);
        x = y;
    }
    vyre__time_end(s);
    if (r == VYRE_OK && total > cap)
        r = vyre_set_error(err, VYRE_ERR_MATCH_CAPACITY, "Fix: pass a buffer of at least the reported count, or use vyre_scan_cb.",
                           "%llu matches found but the output holds %llu", (unsigned long long)total, (unsigned long long)cap);
    if (r != VYRE_OK) {
        if (out && cap) memset(out, 0, (total < cap ? total : cap) * sizeof *out);
        *count = r == VYRE_ERR_MATCH_CAPACITY ? total : 0;
        return r;
    }
    vyre__sort_matches_a(&s->A, out, total);
    if ((r = vyre__check_dups(s->b, out, total, err)) != VYRE_OK) {
        memset(out, 0, total * sizeof *out);
        return r;
    }
    *count = total;
    return VYRE_OK;
}

/* Sort s->pending and deliver the matches that start before `limit`.
   Region mode maps each to its region (dropping ones that cross a region end). */
typedef struct vyre__region_map { const uint64_t *starts; uint32_t n; uint64_t end; } vyre__region_map;
static vyre_result vyre__deliver(vyre_scanner *s, uint64_t limit, const vyre__region_map *rm, vyre_match_cb cb, void *user, vyre_error *err) {
    vyre_match *m = (vyre_match *)s->pending.data;
    size_t i, n = s->pending.len;
    vyre_result r = VYRE_OK;
    vyre__sort_matches_a(&s->A, m, n);
    if ((r = vyre__check_dups(s->b, m, n, err)) != VYRE_OK) return r;
    for (i = 0; i < n && m[i].start < limit; i++) {
        vyre_match o = m[i];
        if (rm) {
            uint32_t lo = 0, hi = rm->n;
            uint64_t rend;
            if (o.start < rm->starts[0]) continue;
            while (hi - lo > 1) { uint32_t mid = lo + (hi - lo) / 2; if (rm->starts[mid] <= o.start) lo = mid; else hi = mid; }
            rend = lo + 1 < rm->n ? rm->starts[lo + 1] : rm->end;
            if (o.end > rend) continue;
            o.region = lo; o.start -= rm->starts[lo]; o.end -= rm->starts[lo];
        }
        if (cb(&o, user)) { i++; r = VYRE_STOPPED; break; }
    }
    if (i && n > i) memmove(m, m + i, (n - i) * sizeof *m);
    s->pending.len = n - i;
    return r;
}
/* append raw matches (data base d0, global offset g) to pending */
static vyre_result vyre__hold_matches(vyre_scanner *s, size_t n, uint64_t g, vyre_error *err) {
    size_t j;
    if (!vyre__vec_reserve(&s->A, &s->pending, s->pending.len + n)) return VYRE__OOM(err, "pending matches", (uint64_t)(s->pending.len + n) * sizeof(vyre_match));
    for (j = 0; j < n; j++) vyre__raw_to_match(s, (const vyre_raw_match *)s->raw.data + j, g, (vyre_match *)s->pending.data + s->pending.len++);
    return VYRE_OK;
}
/* matches of buf[0, len) ending in (x0, len], in pieces, delivered in order */
static vyre_result vyre__cb_range(vyre_scanner *s, const uint8_t *buf, size_t x0, size_t len, uint64_t gbase, int final, const vyre__region_map *rm,
                                  vyre_match_cb cb, void *user, vyre_error *err) {
    size_t x, d0, n;
    vyre_result r = VYRE_OK;
    uint64_t L = s->window;
    for (x = x0; x < len;) {
        size_t y = len - x > s->match_chunk ? x + s->match_chunk : len;
        if ((r = vyre__req_matches(s, buf, x, y, &d0, &n, err)) != VYRE_OK) return r;
        if ((r = vyre__hold_matches(s, n, gbase + d0, err)) != VYRE_OK) return r;
        x = y;
        if (y < len || !final) {
            uint64_t lim = gbase + y + 1 > L ? gbase + y + 1 - L : 0;
            if ((r = vyre__deliver(s, lim, rm, cb, user, err)) != VYRE_OK) return r;
        }
    }
    if (final) r = vyre__deliver(s, (uint64_t)-1, rm, cb, user, err);
    return r;
}

static vyre_result vyre__scan_cb_body(vyre_scanner *s, const void *data, size_t len, vyre_match_cb cb, void *user, vyre_error *err) {
    vyre_result r;
    vyre__clear_error(err);
    if (!s) return VYRE__NULLARG(err, "scanner");
    if (!cb) return VYRE__NULLARG(err, "cb");
    if (len && !data) return VYRE__NULLARG(err, "data");
    if (s->streaming) return vyre_set_error(err, VYRE_ERR_STATE, "Fix: close the scanner's open stream first, or use a second scanner.", "the scanner has an open stream");
    vyre__time_begin(s);
    s->pending.len = 0;
    if (s->kind_path) r = vyre__k_deliver(s, (const uint8_t *)data, len, UINT32_MAX, cb, NULL, user, err);
    else r = vyre__cb_range(s, (const uint8_t *)data, 0, len, 0, 1, NULL, cb, user, err);
    s->pending.len = 0;
    vyre__time_end(s);
    return r;
}

#if defined(VYRE_HAS_REGEX)
static int vyre__gcb_lit(const vyre_match *m, void *u) { /* a literal match as a vyre_re_match without groups */
    const vyre__gcb *g = (const vyre__gcb *)u;
    vyre_re_match o;
    o.start = m->start; o.end = m->end; o.pattern_id = m->pattern_id; o.group_count = 0; o.groups = 0;
    return g->cb(&o, NULL, g->user);
}
VYREDEF vyre_result vyre_scan_groups_cb(vyre_scanner *s, const void *data, size_t len, vyre_re_match_cb cb, void *user, vyre_error *err) {
    vyre_result r;
    vyre__gcb g;
    vyre__clear_error(err);
    if (!s) return VYRE__NULLARG(err, "scanner");
    if (!cb) return VYRE__NULLARG(err, "cb");
    if (len && !data) return VYRE__NULLARG(err, "data");
    if (s->streaming) return vyre_set_error(err, VYRE_ERR_STATE, "Fix: close the scanner's open stream first, or use a second scanner.", "the scanner has an open stream");
    if (!s->kind_path) { g.cb = cb; g.user = user; return vyre_scan_cb(s, data, len, vyre__gcb_lit, &g, err); }
    vyre__time_begin(s);
    g.cb = cb; g.user = user;
    r = vyre__k_deliver(s, (const uint8_t *)data, len, UINT32_MAX, NULL, &g, g.user, err);
    vyre__time_end(s);
    return r;
}
#endif

static vyre_result vyre__scan_count_body(vyre_scanner *s, const void *data, size_t len, uint64_t *count, vyre_error *err) {
    size_t x, L1;
    uint64_t total = 0;
    vyre_result r = VYRE_OK;
    vyre__clear_error(err);
    if (count) *count = 0;
    if (!s) return VYRE__NULLARG(err, "scanner");
    if (!count) return VYRE__NULLARG(err, "count");
    if (len && !data) return VYRE__NULLARG(err, "data");
    L1 = s->history;
    vyre__time_begin(s);
    if (s->kind_path) {
        vyre__kcoll c;
        memset(&c, 0, sizeof c);
        c.what = 1;
        r = vyre__k_run(s, (const uint8_t *)data, len, 0, UINT64_MAX, &c, err);
        vyre__time_end(s);
        if (r == VYRE_OK) *count = c.count;
        return r;
    }
    for (x = 0; x < len;) {
        size_t y = len - x > s->bulk_chunk ? x + s->bulk_chunk : len, d0 = x > L1 ? x - L1 : 0;
        vyre_lit_request q;
        vyre_lit_result res;
        memset(&q, 0, sizeof q);
        q.mode = VYRE_LIT_COUNT; q.data = (const uint8_t *)data + d0; q.len = y - d0; q.context_len = x - d0;
        if ((r = vyre__run_request(s, &q, &res, err)) != VYRE_OK) break;
        total += res.count;
        x = y;
    }
    vyre__time_end(s);
    if (r == VYRE_OK) *count = total;
    return r;
}

static vyre_result vyre__check_regions(const uint64_t *starts, uint32_t n, size_t len, vyre_error *err) {
    uint32_t i;
    static const char *fix = "Fix: pass one start offset per coalesced file: ascending, the first 0, none past the data length.";
    if (n == 0) return vyre_set_error(err, VYRE_ERR_BAD_REGIONS, fix, "region_count is 0: at least one region is needed");
    if (!starts) return VYRE__NULLARG(err, "starts");
    if (starts[0] != 0) return vyre_set_error(err, VYRE_ERR_BAD_REGIONS, fix, "region starts[0] is %llu, must be 0", (unsigned long long)starts[0]);
    for (i = 0; i < n; i++) {
        if (starts[i] > len)
            return vyre_set_error(err, VYRE_ERR_BAD_REGIONS, fix, "region starts[%u] = %llu is past the data length %llu", i,
                                  (unsigned long long)starts[i], (unsigned long long)len);
        if (i && starts[i] < starts[i - 1])
            return vyre_set_error(err, VYRE_ERR_BAD_REGIONS, fix, "region starts[%u] = %llu is below starts[%u] = %llu (must ascend)", i,
                                  (unsigned long long)starts[i], i - 1, (unsigned long long)starts[i - 1]);
    }
    return VYRE_OK;
}

static vyre_result vyre__scan_presence_body(vyre_scanner *s, const void *data, size_t len, const uint64_t *starts, uint32_t region_count, uint32_t *out,
                                       size_t out_words, vyre_error *err) {
    uint32_t wpr;
    size_t need, x, L1;
    vyre_result r = VYRE_OK;
    vyre__clear_error(err);
    if (!s) return VYRE__NULLARG(err, "scanner");
    if (len && !data) return VYRE__NULLARG(err, "data");
    if (!out) return VYRE__NULLARG(err, "out");
    if ((r = vyre__check_regions(starts, region_count, len, err)) != VYRE_OK) return r;
    wpr = vyre_presence_words(s->set);
    if (!vyre__mul(region_count, wpr, &need)) return VYRE__OVERFLOW(err, "presence bitmap");
    if (out_words < need)
        return vyre_set_error(err, VYRE_ERR_OUTPUT_TOO_SMALL, "Fix: pass region_count * vyre_presence_words(set) words.",
                              "presence bitmap needs %llu words (%u regions x %u words) but out holds %llu", (unsigned long long)need,
                              region_count, wpr, (unsigned long long)out_words);
    memset(out, 0, need * 4);
    L1 = s->history;
    vyre__time_begin(s);
    if (s->kind_path) {
        uint32_t i;
        for (i = 0; i < region_count && r == VYRE_OK; i++) {
            vyre__kcoll c;
            uint64_t e = i + 1 < region_count ? starts[i + 1] : len;
            memset(&c, 0, sizeof c);
            c.what = 2; c.row = out + (size_t)i * wpr;
            r = vyre__k_run(s, (const uint8_t *)data + starts[i], (size_t)(e - starts[i]), 0, UINT64_MAX, &c, err);
        }
        vyre__time_end(s);
        if (r != VYRE_OK) memset(out, 0, need * 4);
        return r;
    }
    for (x = 0; x < len && r == VYRE_OK;) {
        size_t y = len - x > s->bulk_chunk ? x + s->bulk_chunk : len, d0 = x > L1 ? x - L1 : 0;
        uint32_t lo = 0, hi = region_count, r0, r1, i;
        uint64_t *st;
        vyre_lit_request q;
        vyre_lit_result res;
        /* r0 = last region starting at or before d0; r1 = first region starting at or after y */
        while (hi - lo > 1) { uint32_t mid = lo + (hi - lo) / 2; if (starts[mid] <= d0) lo = mid; else hi = mid; }
        r0 = lo;
        for (r1 = r0 + 1; r1 < region_count && starts[r1] < y; r1++) {}
        if (!vyre__vec_reserve(&s->A, &s->tmp64, r1 - r0)) { r = VYRE__OOM(err, "region scratch", (uint64_t)(r1 - r0) * 8); break; }
        st = (uint64_t *)s->tmp64.data;
        for (i = r0; i < r1; i++) st[i - r0] = starts[i] > d0 ? starts[i] - d0 : 0;
        memset(&q, 0, sizeof q);
        q.mode = VYRE_LIT_PRESENCE; q.data = (const uint8_t *)data + d0; q.len = y - d0; q.context_len = 0;
        q.region_starts = st; q.region_count = r1 - r0; q.regions_end = (r1 < region_count ? starts[r1] : len) - d0;
        q.presence = out + (size_t)r0 * wpr;
        r = vyre__run_request(s, &q, &res, err);
        x = y;
    }
    vyre__time_end(s);
    if (r != VYRE_OK) memset(out, 0, need * 4);
    return r;
}

static vyre_result vyre__scan_regions_cb_body(vyre_scanner *s, const void *data, size_t len, const uint64_t *starts, uint32_t region_count,
                                         vyre_match_cb cb, void *user, vyre_error *err) {
    vyre__region_map rm;
    vyre_result r;
    vyre__clear_error(err);
    if (!s) return VYRE__NULLARG(err, "scanner");
    if (!cb) return VYRE__NULLARG(err, "cb");
    if (len && !data) return VYRE__NULLARG(err, "data");
    if ((r = vyre__check_regions(starts, region_count, len, err)) != VYRE_OK) return r;
    if (s->streaming) return vyre_set_error(err, VYRE_ERR_STATE, "Fix: close the scanner's open stream first, or use a second scanner.", "the scanner has an open stream");
    rm.starts = starts; rm.n = region_count; rm.end = len;
    vyre__time_begin(s);
    s->pending.len = 0;
    if (s->kind_path) {
        uint32_t i;
        for (i = 0, r = VYRE_OK; i < region_count && r == VYRE_OK; i++) {
            uint64_t e = i + 1 < region_count ? starts[i + 1] : len;
            r = vyre__k_deliver(s, (const uint8_t *)data + starts[i], (size_t)(e - starts[i]), i, cb, NULL, user, err);
        }
        vyre__time_end(s);
        return r;
    }
    r = vyre__cb_range(s, (const uint8_t *)data, 0, len, 0, 1, &rm, cb, user, err);
    s->pending.len = 0;
    vyre__time_end(s);
    return r;
}

/* ---- streams --------------------------------------------------------- */
/* Use after destroy: vyre_scanner_destroy detaches its open stream (the
   stream keeps its own allocator); a later write returns VYRE_ERR_STATE and
   close frees the stream and returns VYRE_ERR_STATE saying how many held-back
   matches were never delivered. */
struct vyre_stream {
    vyre_scanner *s;           /* NULL once the scanner was destroyed */
    vyre_allocator A;
    uint64_t off;              /* bytes written so far */
    uint8_t *hist;             /* last min(off, history) bytes, then room for as many more */
    size_t hlen;
    size_t lost;               /* held-back matches dropped by the scanner's destroy */
    int dead;
    /* kind path: bytes [kboff, off) (the longest match + 1 before the first undecided end), ends <= kdone decided */
    vyre__vec kbuf;
    uint64_t kboff, kdone, kwin;
};
static void vyre__stream_detach(vyre_scanner *s) {
    vyre_stream *st = s->stream;
    if (!st) return;
    st->s = NULL; st->dead = 1; st->lost = s->pending.len;
    s->stream = NULL;
}
VYREDEF uint64_t vyre_stream_offset(const vyre_stream *st) { return st ? st->off : 0; }
static vyre_result vyre__stream_open_body(vyre_scanner *s, vyre_stream **out, vyre_error *err) {
    vyre_stream *st;
    vyre__clear_error(err);
    if (!out) return VYRE__NULLARG(err, "out");
    *out = NULL;
    if (!s) return VYRE__NULLARG(err, "scanner");
    if (s->streaming) return vyre_set_error(err, VYRE_ERR_STATE, "Fix: close the open stream first, or use a second scanner.", "the scanner already has an open stream");
    if (s->kind_path) {
        uint64_t w = s->set->ops->history_bytes(s->set);
        if (w == VYRE__HISTORY_UNBOUNDED || w > ((uint64_t)1 << 30)) {
#if defined(VYRE_HAS_REGEX)
            vyre_re_scan_desc ro;
            const vyre_regex_set *rs = vyre_pattern_set_regex(s->set, &ro);
            uint32_t i;
            if (rs && ro.mode != VYRE_RE_ALL_MATCHES)
                return vyre_set_error(err, VYRE_ERR_UNSUPPORTED, "Fix: scan whole buffers (vyre_scan_groups_cb) in VYRE_RE_LEFTMOST_FIRST mode, or stream in VYRE_RE_ALL_MATCHES mode.",
                                      "streams of regex sets in LEFTMOST_FIRST mode are not supported (where a match starts depends on where the previous one ended)");
            for (i = 0; rs && i < s->set->pattern_count; i++) {
                vyre_regex_pattern_info pi;
                if (vyre_regex_set_pattern(rs, i, &pi) == VYRE_OK && pi.max_len == VYRE_RE_UNBOUNDED)
                    return vyre_set_error(err, VYRE_ERR_UNSUPPORTED,
                                          "Fix: bound the matches with vyre_re_scan_desc.max_scan_bytes when making the pattern set (vyre_regex_set_as_pattern_set; longer matches are dropped, as in vyre_regex_scan), or scan whole buffers.",
                                          "regex pattern %u (%.*s) has no longest match (unbounded repeat), so a stream cannot bound the history it keeps",
                                          i, (int)(pi.len > 60 ? 60 : pi.len), pi.pattern);
            }
#endif
            return vyre_set_error(err, VYRE_ERR_UNSUPPORTED, "Fix: bound the longest match of the set (e.g. vyre_re_scan_desc.max_scan_bytes, at most 1 GiB), or scan whole buffers.",
                                  "sets of kind '%s' with these options need %s bytes of stream history", s->set->ops->name,
                                  w == VYRE__HISTORY_UNBOUNDED ? "unbounded" : "more than 1 GiB of");
        }
        st = (vyre_stream *)vyre__calloc(&s->A, 1, sizeof *st, "stream", err);
        if (!st) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
        st->kbuf.item = 1; st->kwin = w;
        st->s = s;
        s->streaming = 1;
        s->pending.len = 0;
        *out = st;
        return VYRE_OK;
    }
    st = (vyre_stream *)vyre__calloc(&s->A, 1, sizeof *st, "stream", err);
    if (!st) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
    st->hist = (uint8_t *)vyre__calloc(&s->A, 2 * s->window + 2, 1, "stream history", err);
    if (!st->hist) { vyre_free(&s->A, st); return err ? err->code : VYRE_ERR_OUT_OF_MEMORY; }
    st->s = s; st->A = s->A;
    s->streaming = 1; s->stream = st;
    s->pending.len = 0;
    *out = st;
    return VYRE_OK;
}
static vyre_result vyre__stream_write_body(vyre_stream *st, const void *data, size_t len, vyre_match_cb cb, void *user, vyre_error *err) {
    vyre_scanner *s;
    size_t L1, m, d0, n, keep;
    vyre_result r = VYRE_OK;
    const uint8_t *d = (const uint8_t *)data;
    vyre__clear_error(err);
    if (!st) return VYRE__NULLARG(err, "stream");
    if (!cb) return VYRE__NULLARG(err, "cb");
    if (len && !data) return VYRE__NULLARG(err, "data");
    if (!st->s) return vyre_set_error(err, VYRE_ERR_STATE, "Fix: close every stream before destroying its scanner.", "stream %p: its scanner was destroyed", (const void *)st);
    if (st->dead) return vyre_set_error(err, VYRE_ERR_STATE, "Fix: close this stream (it stopped or failed) and open a new one.", "the stream stopped or failed earlier");
    s = st->s;
    if (len == 0) return VYRE_OK;
    if (s->kind_path) {
        vyre__kcoll c;
        uint64_t noff = st->off + len, lim, nb;
        size_t n;
        vyre__time_begin(s);
        if (!vyre__vec_reserve(&s->A, &st->kbuf, st->kbuf.len + len)) {
            st->dead = 1;
            return VYRE__OOM(err, "stream history", (uint64_t)(st->kbuf.len + len));
        }
        memcpy((uint8_t *)st->kbuf.data + st->kbuf.len, d, len);
        st->kbuf.len += len;
        n = st->kbuf.len;
        /* ends in (kdone, noff - 1]: the last byte's ends wait for the byte after it */
        memset(&c, 0, sizeof c);
        c.what = 3; c.base = st->kboff;
        if (noff - 1 > st->kdone) r = vyre__k_run(s, (const uint8_t *)st->kbuf.data, n, st->kdone + 1 - st->kboff, noff - 1 - st->kboff, &c, err);
        if (r == VYRE_OK) {
            st->kdone = noff - 1;
            /* a later match ends after kdone, so it starts at or after kdone + 1 - kwin */
            lim = st->kdone + 1 > st->kwin ? st->kdone + 1 - st->kwin : 0;
            r = vyre__deliver(s, lim, NULL, cb, user, err);
            nb = st->kdone > st->kwin ? st->kdone - st->kwin : 0;   /* keep one byte before the earliest start */
            if (nb > st->kboff) {
                memmove(st->kbuf.data, (uint8_t *)st->kbuf.data + (nb - st->kboff), (size_t)(st->kboff + n - nb));
                st->kbuf.len = (size_t)(st->kboff + n - nb);
                st->kboff = nb;
            }
        }
        st->off = noff;
        vyre__time_end(s);
        if (r != VYRE_OK) st->dead = 1;
        return r;
    }
    L1 = s->history;
    vyre__time_begin(s);
    /* A: matches ending in the first min(len, L1) new bytes, with the history in front */
    m = len < L1 ? len : L1;
    if (st->hlen && m) {
        memcpy(st->hist + st->hlen, d, m);
        r = vyre__req_matches(s, st->hist, st->hlen, st->hlen + m, &d0, &n, err);
        if (r == VYRE_OK) r = vyre__hold_matches(s, n, st->off - st->hlen + d0, err);
    } else m = 0;
    /* B: the rest, straight from the caller's buffer */
    if (r == VYRE_OK) r = vyre__cb_range(s, d, m, len, st->off, 0, NULL, cb, user, err);
    if (r == VYRE_OK) {
        uint64_t noff = st->off + len, lim = noff + 1 > (uint64_t)s->window ? noff + 1 - s->window : 0;
        r = vyre__deliver(s, lim, NULL, cb, user, err);
    }
    /* keep the last L1 bytes as history */
    keep = st->hlen + len < L1 ? st->hlen + len : L1;
    if (len >= keep) memcpy(st->hist, d + len - keep, keep);
    else { memmove(st->hist, st->hist + (st->hlen + len - keep), st->hlen - (st->hlen + len - keep)); memcpy(st->hist + keep - len, d, len); }
    st->hlen = keep;
    st->off += len;
    vyre__time_end(s);
    if (r != VYRE_OK) st->dead = 1;
    return r;
}
static vyre_result vyre__stream_close_body(vyre_stream *st, vyre_match_cb cb, void *user, vyre_error *err) {
    vyre_scanner *s;
    vyre_result r = VYRE_OK;
    vyre__clear_error(err);
    if (!st) return VYRE__NULLARG(err, "stream");
    s = st->s;
    if (!s) {
        vyre_allocator A = st->A;
        size_t lost = st->lost;
        vyre_free(&A, st->hist);
        vyre_free(&A, st);
        return vyre_set_error(err, VYRE_ERR_STATE, "Fix: close every stream before destroying its scanner.",
                              "the stream's scanner was destroyed before the stream was closed: %llu held-back matches were not delivered",
                              (unsigned long long)lost);
    }
    if (!st->dead) {
        if (!cb) r = VYRE__NULLARG(err, "cb");
        else {
            if (s->kind_path && st->off > st->kdone) {
                vyre__kcoll c;
                memset(&c, 0, sizeof c);
                c.what = 3; c.base = st->kboff;
                r = vyre__k_run(s, (const uint8_t *)st->kbuf.data, st->kbuf.len, st->kdone + 1 - st->kboff, UINT64_MAX, &c, err);
            }
            if (r == VYRE_OK) r = vyre__deliver(s, (uint64_t)-1, NULL, cb, user, err);
        }
    }
    s->pending.len = 0;
    s->streaming = 0; s->stream = NULL;
    vyre_free(&s->A, st->kbuf.data);
    vyre_free(&s->A, st->hist);
    vyre_free(&s->A, st);
    return r;
}

/* the public scanner and stream calls: the body under the in-use flag */
static vyre_result vyre__busy_error(const vyre_scanner *s, const char *call, vyre_error *err) {
    vyre__clear_error(err);
    return vyre_set_error(err, VYRE_ERR_STATE, "Fix: use one scanner per thread (scanners are per-thread objects), and do not call a scanner from its own match callback.",
                          "scanner %p is in use by another call: %s overlapped it", (const void *)s, call);
}
VYREDEF vyre_result vyre_scan(vyre_scanner *s, const void *data, size_t len, vyre_match *out, size_t cap, size_t *count, vyre_error *err) {
    vyre_result r;
    if (s && !VYRE__BUSY_TRY(&s->busy)) { if (count) *count = 0; return vyre__busy_error(s, "vyre_scan", err); }
    r = vyre__scan_body(s, data, len, out, cap, count, err);
    if (s) VYRE__BUSY_END(&s->busy);
    return r;
}
VYREDEF vyre_result vyre_scan_cb(vyre_scanner *s, const void *data, size_t len, vyre_match_cb cb, void *user, vyre_error *err) {
    vyre_result r;
    if (s && !VYRE__BUSY_TRY(&s->busy)) { return vyre__busy_error(s, "vyre_scan_cb", err); }
    r = vyre__scan_cb_body(s, data, len, cb, user, err);
    if (s) VYRE__BUSY_END(&s->busy);
    return r;
}
VYREDEF vyre_result vyre_scan_count(vyre_scanner *s, const void *data, size_t len, uint64_t *count, vyre_error *err) {
    vyre_result r;
    if (s && !VYRE__BUSY_TRY(&s->busy)) { if (count) *count = 0; return vyre__busy_error(s, "vyre_scan_count", err); }
    r = vyre__scan_count_body(s, data, len, count, err);
    if (s) VYRE__BUSY_END(&s->busy);
    return r;
}
VYREDEF vyre_result vyre_scan_presence(vyre_scanner *s, const void *data, size_t len, const uint64_t *starts, uint32_t region_count, uint32_t *out,
                                       size_t out_words, vyre_error *err) {
    vyre_result r;
    if (s && !VYRE__BUSY_TRY(&s->busy)) { return vyre__busy_error(s, "vyre_scan_presence", err); }
    r = vyre__scan_presence_body(s, data, len, starts, region_count, out, out_words, err);
    if (s) VYRE__BUSY_END(&s->busy);
    return r;
}
VYREDEF vyre_result vyre_scan_regions_cb(vyre_scanner *s, const void *data, size_t len, const uint64_t *starts, uint32_t region_count,
                                         vyre_match_cb cb, void *user, vyre_error *err) {
    vyre_result r;
    if (s && !VYRE__BUSY_TRY(&s->busy)) { return vyre__busy_error(s, "vyre_scan_regions_cb", err); }
    r = vyre__scan_regions_cb_body(s, data, len, starts, region_count, cb, user, err);
    if (s) VYRE__BUSY_END(&s->busy);
    return r;
}
VYREDEF vyre_result vyre_stream_open(vyre_scanner *s, vyre_stream **out, vyre_error *err) {
    vyre_result r;
    if (s && !VYRE__BUSY_TRY(&s->busy)) { if (out) *out = NULL; return vyre__busy_error(s, "vyre_stream_open", err); }
    r = vyre__stream_open_body(s, out, err);
    if (s) VYRE__BUSY_END(&s->busy);
    return r;
}
VYREDEF vyre_result vyre_stream_write(vyre_stream *st, const void *data, size_t len, vyre_match_cb cb, void *user, vyre_error *err) {
    vyre_scanner *s = st ? st->s : NULL;
    vyre_result r;
    if (s && !VYRE__BUSY_TRY(&s->busy)) return vyre__busy_error(s, "vyre_stream_write", err);
    r = vyre__stream_write_body(st, data, len, cb, user, err);
    if (s) VYRE__BUSY_END(&s->busy);
    return r;
}
VYREDEF vyre_result vyre_stream_close(vyre_stream *st, vyre_match_cb cb, void *user, vyre_error *err) {
    vyre_scanner *s = st ? st->s : NULL;
    vyre_result r;
    if (s && !VYRE__BUSY_TRY(&s->busy)) return vyre__busy_error(s, "vyre_stream_close", err);
    r = vyre__stream_close_body(st, cb, user, err);
    if (s) VYRE__BUSY_END(&s->busy);
    return r;
}

/* ---- >>sessions ------------------------------------------------------- */
/* the checks both session kinds make before allocating anything */
static vyre_result vyre__session_precheck(vyre_backend *b, const vyre_pattern_set *set, size_t haystack_capacity,
                                          int needs_download, vyre_error *err) {
    if (!b) return VYRE__NULLARG(err, "backend");
    if (!set) return VYRE__NULLARG(err, "set");
    if (haystack_capacity == 0 || haystack_capacity > 0xFFFFFFF0u)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass a haystack capacity between 1 byte and 4 GiB - 16.",
                              "haystack_capacity %llu is out of range", (unsigned long long)haystack_capacity);
    if (!b->vt->buffer_alloc || !b->vt->sequence || !b->vt->fill || !b->vt->dispatch_resident || !b->vt->upload ||
        (needs_download && !b->vt->download))
        return vyre__unsupported(b, "resident sessions (resident buffers, fill and sequences)", err);
    return VYRE_OK;
}
/* What both session kinds hold: the set's tables resident, a haystack buffer
   and the program's two outputs (presence: region starts, rows; matches:
   counter, records). Bindings: haystack, tables, out0, out1. */
typedef struct vyre__session_core {
    vyre_backend *b;
    const vyre_pattern_set *set;
    vyre_allocator A;
    vyre_buffer tables[VYRE__MAX_TABLES];
    vyre_buffer hay, out0, out1;
    size_t hay_cap;
} vyre__session_core;
/* every release attempted, the first error kept */
static vyre_result vyre__core_free(vyre__session_core *c, vyre_error *err) {
    vyre_result first, r;
    vyre_error e2;
    vyre_buffer *bs[3];
    first = vyre__tables_free(c->b, c->tables, err);
    bs[0] = &c->hay; bs[1] = &c->out0; bs[2] = &c->out1;
    r = vyre__release(c->b, bs, 3, first == VYRE_OK ? err : &e2);
    return first == VYRE_OK ? r : first;
}
static vyre_result vyre__core_create(vyre__session_core *c, vyre_backend *b, const vyre_pattern_set *set, size_t haystack_capacity,
                                     size_t out0_bytes, size_t out1_bytes, vyre_error *err) {
    vyre_result r;
    c->b = b; c->set = set; c->A = b->alloc; c->hay_cap = vyre__pad16(haystack_capacity);
    if ((r = vyre__tables_up(b, set, c->tables, err)) != VYRE_OK ||
        (r = vyre_buffer_alloc(b, c->hay_cap, &c->hay, err)) != VYRE_OK ||
        (r = vyre_buffer_alloc(b, out0_bytes, &c->out0, err)) != VYRE_OK ||
        (r = vyre_buffer_alloc(b, out1_bytes, &c->out1, err)) != VYRE_OK)
        return r;
    return VYRE_OK;
}
/* frees a session: the core's buffers, its host staging and the session itself */
static vyre_result vyre__session_release(vyre__session_core *c, void *staging, void *session, vyre_error *err) {
    vyre_result first = vyre__core_free(c, err);
    vyre_allocator A = c->A;
    vyre_free(&A, staging);
    vyre_free(&A, session);
    return first;
}
/* the dispatch of the kind's program for `mode` on the core's buffers */
static void vyre__core_dispatch(const vyre__session_core *c, vyre_lit_mode mode, vyre_buffer *binds, const uint64_t *sc, uint32_t nsc,
                                vyre_dispatch *d) {
    const vyre__engine_ops *eo = c->set->ops;
    uint32_t i, nt = eo->table_count;
    binds[0] = c->hay;
    for (i = 0; i < nt; i++) binds[1 + i] = c->tables[i];
    binds[1 + nt] = c->out0; binds[2 + nt] = c->out1;
    vyre_kit_dispatch(d, eo->program[mode - 1], binds, 3 + nt, sc, nsc);
}
struct vyre_presence_session {
    vyre__session_core c;      /* out0 = region starts, out1 = presence rows */
    uint32_t max_regions, wpr;
    uint32_t *staging;         /* max_regions region starts (padded) */
};
VYREDEF vyre_result vyre_presence_session_free(vyre_presence_session *s, vyre_error *err) {
    vyre__clear_error(err);
    return s ? vyre__session_release(&s->c, s->staging, s, err) : VYRE_OK;
}
VYREDEF vyre_result vyre_presence_session_create(vyre_backend *b, const vyre_pattern_set *set, size_t haystack_capacity, uint32_t max_regions,
                                                 vyre_presence_session **out, vyre_error *err) {
    vyre_presence_session *s;
    vyre_result r;
    size_t pres_bytes;
    vyre__clear_error(err);
    if (!out) return VYRE__NULLARG(err, "out");
    *out = NULL;
    if (b && set && max_regions == 0)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass the largest number of coalesced files one scan will hold (at least 1).",
                              "max_regions must be >= 1 (got 0)");
    if ((r = vyre__session_precheck(b, set, haystack_capacity, 0, err)) != VYRE_OK) return r;
    s = (vyre_presence_session *)vyre__calloc(&b->alloc, 1, sizeof *s, "presence session", err);
    if (!s) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
    s->c.b = b; s->c.A = b->alloc; s->max_regions = max_regions; s->wpr = vyre_presence_words(set);
    if (!vyre__mul((size_t)max_regions * s->wpr, 4, &pres_bytes)) { vyre_free(&s->c.A, s); return VYRE__OVERFLOW(err, "presence buffer (max_regions x words per region)"); }
    s->staging = (uint32_t *)vyre__calloc(&s->c.A, max_regions, 4, "region staging", err);
    if (!s->staging) { vyre_free(&s->c.A, s); return err ? err->code : VYRE_ERR_OUT_OF_MEMORY; }
    if ((r = vyre__core_create(&s->c, b, set, haystack_capacity, (size_t)max_regions * 4, pres_bytes, err)) != VYRE_OK) {
        vyre_presence_session_free(s, NULL);
        return r;
    }
    *out = s;
    return VYRE_OK;
}
VYREDEF vyre_result vyre_presence_session_scan(vyre_presence_session *s, const void *data, size_t len, const uint32_t *region_starts,
                                               uint32_t region_count, uint32_t region_base, uint32_t *out, size_t out_words,
                                               vyre_timing *timing, vyre_error *err) {
    vyre_buffer binds[VYRE__MAX_BINDINGS];
    uint64_t sc[4];
    vyre_dispatch d;
    vyre_op ops[5];
    size_t used, i;
    vyre_result r;
    static const char *fixr = "Fix: pass one start offset per coalesced file, ascending, beginning with 0.";
    vyre__clear_error(err);
    if (!s) return VYRE__NULLARG(err, "session");
    if (!out) return VYRE__NULLARG(err, "out");
    used = (size_t)region_count * s->wpr;
    if (out_words) memset(out, 0, (used < out_words ? used : out_words) * 4);
    if (region_count == 0) return vyre_set_error(err, VYRE_ERR_BAD_REGIONS, fixr, "region_starts must be non-empty (region_count is 0)");
    if (!region_starts) return VYRE__NULLARG(err, "region_starts");
    if (region_starts[0] != 0) return vyre_set_error(err, VYRE_ERR_BAD_REGIONS, fixr, "region_starts[0] must be 0, got %u", region_starts[0]);
    if (region_count > s->max_regions)
        return vyre_set_error(err, VYRE_ERR_REGION_CAPACITY,
                              "Fix: raise max_regions in vyre_presence_session_create, or scan this batch with vyre_scan_presence (sized per batch).",
                              "batch has %u regions but the session was prepared for at most %u", region_count, s->max_regions);
    for (i = 1; i < region_count; i++)
        if (region_starts[i] < region_starts[i - 1])
            return vyre_set_error(err, VYRE_ERR_BAD_REGIONS, fixr, "region_starts[%llu] = %u is below the previous start %u", (unsigned long long)i,
                                  region_starts[i], region_starts[i - 1]);
    if (len && !data) return VYRE__NULLARG(err, "data");
    if (len > s->c.hay_cap)
        return vyre_set_error(err, VYRE_ERR_HAYSTACK_CAPACITY, "Fix: raise haystack_capacity in vyre_presence_session_create, or split the batch.",
                              "haystack is %llu bytes but the resident buffer holds %llu", (unsigned long long)len, (unsigned long long)s->c.hay_cap);
    if (out_words < used)
        return vyre_set_error(err, VYRE_ERR_OUTPUT_TOO_SMALL, "Fix: pass region_count * vyre_presence_words(set) words.",
                              "out holds %llu words but %u regions need %llu", (unsigned long long)out_words, region_count, (unsigned long long)used);
    for (i = 0; i < s->max_regions; i++) s->staging[i] = i < region_count ? region_starts[i] : 0xFFFFFFFFu;
    sc[0] = len; sc[1] = region_count; sc[2] = region_base; sc[3] = (uint64_t)region_base + len;
    vyre__core_dispatch(&s->c, VYRE_LIT_PRESENCE, binds, sc, 4, &d);
    memset(ops, 0, sizeof ops);
    ops[0].kind = VYRE_OP_UPLOAD; ops[0].buffer = s->c.hay; ops[0].src = data; ops[0].len = len;
    ops[1].kind = VYRE_OP_UPLOAD; ops[1].buffer = s->c.out0; ops[1].src = s->staging; ops[1].len = (size_t)s->max_regions * 4;
    ops[2].kind = VYRE_OP_FILL; ops[2].buffer = s->c.out1; ops[2].len = used * 4;
    ops[3].kind = VYRE_OP_DISPATCH; ops[3].dispatch = &d;
    ops[4].kind = VYRE_OP_DOWNLOAD; ops[4].buffer = s->c.out1; ops[4].len = used * 4; ops[4].dst = out;
    r = vyre_sequence(s->c.b, ops, 5, timing, err);
    if (r != VYRE_OK) memset(out, 0, used * 4);
    return r;
}

struct vyre_match_session {
    vyre__session_core c;      /* out0 = counter, out1 = match records */
    uint32_t max_matches;
    vyre_raw_match *raw;
};
VYREDEF vyre_result vyre_match_session_free(vyre_match_session *s, vyre_error *err) {
    vyre__clear_error(err);
    return s ? vyre__session_release(&s->c, s->raw, s, err) : VYRE_OK;
}
VYREDEF vyre_result vyre_match_session_create(vyre_backend *b, const vyre_pattern_set *set, size_t haystack_capacity, uint32_t max_matches,
                                              vyre_match_session **out, vyre_error *err) {
    vyre_match_session *s;
    vyre_result r;
    vyre__clear_error(err);
    if (!out) return VYRE__NULLARG(err, "out");
    *out = NULL;
    if (b && set && max_matches == 0)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass the most matches one scan may return (at least 1).", "max_matches must be >= 1 (got 0)");
    if ((r = vyre__session_precheck(b, set, haystack_capacity, 1, err)) != VYRE_OK) return r;
    s = (vyre_match_session *)vyre__calloc(&b->alloc, 1, sizeof *s, "match session", err);
    if (!s) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
    s->c.b = b; s->c.A = b->alloc; s->max_matches = max_matches;
    s->raw = (vyre_raw_match *)vyre__calloc(&s->c.A, max_matches, sizeof(vyre_raw_match), "match staging", err);
    if (!s->raw) { vyre_free(&s->c.A, s); return err ? err->code : VYRE_ERR_OUT_OF_MEMORY; }
    if ((r = vyre__core_create(&s->c, b, set, haystack_capacity, 16, (size_t)max_matches * sizeof(vyre_raw_match), err)) != VYRE_OK) {
        vyre_match_session_free(s, NULL);
        return r;
    }
    *out = s;
    return VYRE_OK;
}
VYREDEF vyre_result vyre_match_session_scan(vyre_match_session *s, const void *data, size_t len, vyre_match *out, size_t cap, size_t *count,
                                            vyre_timing *timing, vyre_error *err) {
    vyre_buffer binds[VYRE__MAX_BINDINGS];
    const vyre__engine_ops *eo;
    uint64_t sc[3], total;
    vyre_dispatch d;
    vyre_op ops[5];
    uint32_t ctr[2] = {0, 0};
    size_t i, first;
    vyre_result r;
    vyre__clear_error(err);
    if (count) *count = 0;
    if (!s) return VYRE__NULLARG(err, "session");
    if (!count) return VYRE__NULLARG(err, "count");
    if (cap && !out) return VYRE__NULLARG(err, "out");
    if (len && !data) return VYRE__NULLARG(err, "data");
    if (len > s->c.hay_cap)
        return vyre_set_error(err, VYRE_ERR_HAYSTACK_CAPACITY, "Fix: raise haystack_capacity in vyre_match_session_create, or split the input.",
                              "haystack is %llu bytes but the resident buffer holds %llu", (unsigned long long)len, (unsigned long long)s->c.hay_cap);
    eo = s->c.set->ops;
    sc[0] = len; sc[1] = 0; sc[2] = s->max_matches;
    vyre__core_dispatch(&s->c, VYRE_LIT_MATCHES, binds, sc, 3, &d);
    first = s->max_matches < 4096 ? s->max_matches : 4096;
    memset(ops, 0, sizeof ops);
    ops[0].kind = VYRE_OP_UPLOAD; ops[0].buffer = s->c.hay; ops[0].src = data; ops[0].len = len;
    ops[1].kind = VYRE_OP_FILL; ops[1].buffer = s->c.out0; ops[1].len = 8;
    ops[2].kind = VYRE_OP_DISPATCH; ops[2].dispatch = &d;
    ops[3].kind = VYRE_OP_DOWNLOAD; ops[3].buffer = s->c.out0; ops[3].len = 8; ops[3].dst = ctr;
    ops[4].kind = VYRE_OP_DOWNLOAD; ops[4].buffer = s->c.out1; ops[4].len = first * sizeof(vyre_raw_match); ops[4].dst = s->raw;
    if ((r = vyre_sequence(s->c.b, ops, 5, timing, err)) != VYRE_OK) return r;
    total = ctr[1] ? 0x100000000ull : ctr[0];
    if (total > s->max_matches || total > cap) {
        *count = (size_t)total;
        return vyre_set_error(err, VYRE_ERR_MATCH_CAPACITY,
                              total > s->max_matches ? "Fix: raise max_matches in vyre_match_session_create, or scan smaller pieces."
                                                     : "Fix: pass an output buffer of at least the reported count.",
                              "%llu matches found but the session holds %u and the output %llu", (unsigned long long)total,
                              s->max_matches, (unsigned long long)cap);
    }
    if (total > first && (r = vyre_buffer_download(s->c.b, s->c.out1, first * sizeof(vyre_raw_match), s->raw + first,
                                                   ((size_t)total - first) * sizeof(vyre_raw_match), err)) != VYRE_OK)
        return r;
    if ((r = vyre__check_raw(s->c.b, s->c.set, s->raw, (size_t)total, len, 0, err)) != VYRE_OK) {
        memset(out, 0, (size_t)total * sizeof *out);
        return r;
    }
    for (i = 0; i < (size_t)total; i++) {
        out[i].end = s->raw[i].end; out[i].start = eo->match_start(s->c.set, s->raw[i].pattern_id, s->raw[i].end);
        out[i].pattern_id = s->raw[i].pattern_id; out[i].region = 0;
    }
    vyre__sort_matches_a(&s->c.A, out, (size_t)total);
    if ((r = vyre__check_dups(s->c.b, out, (size_t)total, err)) != VYRE_OK) {
        memset(out, 0, (size_t)total * sizeof *out);
        return r;
    }
    *count = (size_t)total;
    return VYRE_OK;
}

/* ---- >>multi: the multi-device scanner ------------------------------------ */
#ifndef VYRE_NO_MULTI
enum { VYRE__MU_FREE = 0, VYRE__MU_RUNNING, VYRE__MU_DONE };
typedef struct vyre__munit {
    uint64_t idx;
    int state;
    vyre__vec res;                   /* vyre_match, sorted, absolute offsets (MATCHES) */
    uint64_t count;                  /* COUNT */
} vyre__munit;
typedef struct vyre__mworker { vyre_multi *m; uint32_t dev; } vyre__mworker;
struct vyre_multi {
    vyre_allocator A;
    const vyre_pattern_set *set;
    uint32_t n, window;
    vyre_backend **be;
    vyre_scanner **sc;
    pthread_t *th;
    vyre__mworker *wk;
    uint32_t nth;
    size_t unit, H;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int quit;
    /* the scan in progress (under mu) */
    int mode;                        /* 1 matches, 2 count */
    const uint8_t *data;
    size_t len;
    uint64_t nunits, next, dseq;
    uint32_t busy;                   /* workers inside a unit */
    int abort;
    vyre_result fatal;
    vyre_error ferr;
    vyre__munit *slots;              /* window */
    vyre_multi_stats st;
};
typedef struct vyre__mcollect { vyre_multi *m; vyre__munit *u; uint64_t base, own_from; int oom; } vyre__mcollect;
static int vyre__mu_collect(const vyre_match *x, void *user) {
    vyre__mcollect *c = (vyre__mcollect *)user;
    vyre_match y;
    if (c->base + x->end <= c->own_from) return 0; /* the previous unit owns it */
    if (!vyre__vec_reserve(&c->m->A, &c->u->res, c->u->res.len + 1)) { c->oom = 1; return 1; }
    y = *x; y.start += c->base; y.end += c->base;
    ((vyre_match *)c->u->res.data)[c->u->res.len++] = y;
    return 0;
}
/* scan unit u->idx on device d (no lock held) */
static vyre_result vyre__mu_scan_unit(vyre_multi *m, uint32_t d, vyre__munit *u, vyre_error *err) {
    uint64_t own_from = u->idx * (uint64_t)m->unit, own_to = own_from + m->unit;
    uint64_t from = own_from > m->H ? own_from - m->H : 0;
    vyre_result r;
    if (own_to > m->len) own_to = m->len;
    u->res.len = 0; u->count = 0;
    if (m->mode == 2) {
        uint64_t a = 0, b = 0;
        r = vyre_scan_count(m->sc[d], m->data + from, (size_t)(own_to - from), &a, err);
        if (r == VYRE_OK && own_from > from) r = vyre_scan_count(m->sc[d], m->data + from, (size_t)(own_from - from), &b, err);
        if (r == VYRE_OK) u->count = a - b;
        return r;
    } else {
        vyre__mcollect c;
        c.m = m; c.u = u; c.base = from; c.own_from = own_from; c.oom = 0;
        r = vyre_scan_cb(m->sc[d], m->data + from, (size_t)(own_to - from), vyre__mu_collect, &c, err);
        if (c.oom) return VYRE__OOM(err, "a unit's match list", (uint64_t)(u->res.len + 1) * sizeof(vyre_match));
        return r;
    }
}
static void *vyre__mu_worker(void *arg) {
    vyre__mworker *w = (vyre__mworker *)arg;
    vyre_multi *m = w->m;
    pthread_mutex_lock(&m->mu);
    for (;;) {
        vyre__munit *u;
        vyre_error e;
        vyre_result r;
        uint64_t t, own;
        while (!m->quit && !(!m->abort && m->next < m->nunits && m->next - m->dseq < m->window)) pthread_cond_wait(&m->cv, &m->mu);
        if (m->quit) break;
        u = &m->slots[m->next % m->window];
        u->idx = m->next++;
        u->state = VYRE__MU_RUNNING;
        m->busy++;
        pthread_mutex_unlock(&m->mu);
        memset(&e, 0, sizeof e);
        t = vyre_now_ns();
        r = vyre__mu_scan_unit(m, w->dev, u, &e);
        t = vyre_now_ns() - t;
        own = u->idx * (uint64_t)m->unit;
        own = (m->len - own < m->unit) ? m->len - own : m->unit;
        pthread_mutex_lock(&m->mu);
        m->st.dev[w->dev].units++;
        m->st.dev[w->dev].bytes += own;
        m->st.dev[w->dev].busy_ns += t;
        m->st.dev[w->dev].matches += u->res.len;
        if (r != VYRE_OK && !m->fatal) {
            m->fatal = r;
            m->ferr = e;
            if (m->ferr.code == VYRE_OK) m->ferr.code = r;
            m->abort = 1;
        }
        u->state = VYRE__MU_DONE;
        m->busy--;
        pthread_cond_broadcast(&m->cv);
    }
    pthread_mutex_unlock(&m->mu);
    return NULL;
}
/* matches out: a callback, or an array (cap, count) */
typedef struct vyre__msink { vyre_match_cb cb; void *user; vyre_match *out; size_t cap, n; } vyre__msink;
static int vyre__mu_emit(vyre__msink *k, const vyre_match *x) {
    if (k->cb) return k->cb(x, k->user);
    if (k->n < k->cap) k->out[k->n] = *x;
    k->n++;
    return 0;
}
/* runs one scan; sink for MATCHES, *count for COUNT */
static vyre_result vyre__mu_run(vyre_multi *m, int mode, const void *data, size_t len, vyre__msink *sink, uint64_t *count,
                                vyre_error *err) {
    vyre__vec pend, tmp;
    vyre_result r = VYRE_OK;
    uint64_t t0 = vyre_now_ns(), total = 0;
    int stop = 0;
    vyre__clear_error(err);
    if (!data && len) return VYRE__NULLARG(err, "data");
    memset(&pend, 0, sizeof pend); pend.item = sizeof(vyre_match);
    memset(&tmp, 0, sizeof tmp); tmp.item = sizeof(vyre_match);
    pthread_mutex_lock(&m->mu);
    m->mode = mode; m->data = (const uint8_t *)data; m->len = len;
    m->nunits = len ? (len - 1) / m->unit + 1 : 0;
    m->next = 0; m->dseq = 0; m->abort = 0; m->fatal = VYRE_OK;
    pthread_cond_broadcast(&m->cv);
    while (m->dseq < m->nunits) {
        vyre__munit *u = &m->slots[m->dseq % m->window];
        if (m->abort) break;
        if (u->state != VYRE__MU_DONE || u->idx != m->dseq) { pthread_cond_wait(&m->cv, &m->mu); continue; }
        pthread_mutex_unlock(&m->mu);
        if (mode == 2) total += u->count;
        else {
            /* merge the held-back tail of earlier units with this unit; matches starting before
               (k+1)*unit - H can no longer be preceded by a later unit's match */
            const vyre_match *a = (const vyre_match *)pend.data, *b = (const vyre_match *)u->res.data;
            size_t i = 0, j = 0, na = pend.len, nb = u->res.len;
            uint64_t lim = (u->idx + 1) * (uint64_t)m->unit;
            lim = lim > m->H ? lim - m->H : 0;
            if (u->idx + 1 == m->nunits) lim = UINT64_MAX;
            tmp.len = 0;
            while (!stop && (i < na || j < nb)) {
                const vyre_match *x = (j >= nb || (i < na && vyre__match_less(&a[i], &b[j]))) ? &a[i++] : &b[j++];
                if (x->start < lim) { if (vyre__mu_emit(sink, x)) stop = 1; }
                else {
                    if (!vyre__vec_reserve(&m->A, &tmp, tmp.len + 1)) { r = VYRE__OOM(err, "held-back matches", (uint64_t)(tmp.len + 1) * sizeof(vyre_match)); stop = 1; break; }
                    ((vyre_match *)tmp.data)[tmp.len++] = *x;
                }
            }
            { vyre__vec sw = pend; pend = tmp; tmp = sw; }
        }
        pthread_mutex_lock(&m->mu);
        u->state = VYRE__MU_FREE;
        m->dseq++;
        pthread_cond_broadcast(&m->cv);
        if (stop) { m->abort = 1; break; }
    }
    /* no unit is started any more; wait for the running ones */
    m->nunits = 0;
    while (m->busy) pthread_cond_wait(&m->cv, &m->mu);
    {
        uint32_t s;
        for (s = 0; s < m->window; s++) m->slots[s].state = VYRE__MU_FREE;
    }
    m->st.scans++;
    m->st.units += m->dseq;
    m->st.bytes += len;
    m->st.wall_ns += vyre_now_ns() - t0;
    if (m->fatal && r == VYRE_OK) {
        r = m->fatal;
        if (err) *err = m->ferr;
    }
    m->data = NULL; m->len = 0;
    pthread_mutex_unlock(&m->mu);
    vyre_free(&m->A, pend.data);
    vyre_free(&m->A, tmp.data);
    if (r != VYRE_OK) return r;
    if (stop) return VYRE_STOPPED;
    if (count) *count = total;
    return VYRE_OK;
}

VYREDEF vyre_result vyre_multi_scan_cb(vyre_multi *m, const void *data, size_t len, vyre_match_cb cb, void *user, vyre_error *err) {
    vyre__msink k;
    if (!m) return VYRE__NULLARG(err, "multi");
    if (!cb) return VYRE__NULLARG(err, "cb");
    memset(&k, 0, sizeof k); k.cb = cb; k.user = user;
    return vyre__mu_run(m, 1, data, len, &k, NULL, err);
}
VYREDEF vyre_result vyre_multi_scan(vyre_multi *m, const void *data, size_t len, vyre_match *out, size_t cap, size_t *count,
                                    vyre_error *err) {
    vyre__msink k;
    vyre_result r;
    if (count) *count = 0;
    if (!m) return VYRE__NULLARG(err, "multi");
    if (!count) return VYRE__NULLARG(err, "count");
    if (cap && !out) return VYRE__NULLARG(err, "out");
    memset(&k, 0, sizeof k); k.out = out; k.cap = cap;
    r = vyre__mu_run(m, 1, data, len, &k, NULL, err);
    if (r != VYRE_OK) { if (cap) memset(out, 0, cap * sizeof *out); return r; }
    if (k.n > cap) {
        if (cap) memset(out, 0, cap * sizeof *out);
        *count = k.n;
        return vyre_set_error(err, VYRE_ERR_MATCH_CAPACITY, "Fix: pass an output array of at least the reported count.",
                              "%zu matches found, output capacity is %zu", k.n, cap);
    }
    *count = k.n;
    return VYRE_OK;
}
VYREDEF vyre_result vyre_multi_scan_count(vyre_multi *m, const void *data, size_t len, uint64_t *count, vyre_error *err) {
    if (count) *count = 0;
    if (!m) return VYRE__NULLARG(err, "multi");
    if (!count) return VYRE__NULLARG(err, "count");
    return vyre__mu_run(m, 2, data, len, NULL, count, err);
}
VYREDEF vyre_result vyre_multi_get_stats(const vyre_multi *m, vyre_multi_stats *out) {
    if (!m || !out) return VYRE_ERR_INVALID_ARGUMENT;
    pthread_mutex_lock((pthread_mutex_t *)&m->mu);
    *out = m->st;
    pthread_mutex_unlock((pthread_mutex_t *)&m->mu);
    return VYRE_OK;
}
VYREDEF void vyre_multi_destroy(vyre_multi *m) {
    vyre_allocator A;
    uint32_t i;
    if (!m) return;
    A = m->A;
    if (m->nth) {
        pthread_mutex_lock(&m->mu);
        m->quit = 1;
        pthread_cond_broadcast(&m->cv);
        pthread_mutex_unlock(&m->mu);
        for (i = 0; i < m->nth; i++) pthread_join(m->th[i], NULL);
    }
    if (m->sc) for (i = 0; i < m->n; i++) if (m->sc[i]) vyre_scanner_destroy(m->sc[i]);
    if (m->slots) for (i = 0; i < m->window; i++) vyre_free(&A, m->slots[i].res.data);
    if (m->window) { pthread_cond_destroy(&m->cv); pthread_mutex_destroy(&m->mu); }
    vyre_free(&A, m->be); vyre_free(&A, m->sc); vyre_free(&A, m->th); vyre_free(&A, m->wk); vyre_free(&A, m->slots);
    vyre_free(&A, m);
}
VYREDEF vyre_result vyre_multi_create(vyre_backend *const *backends, uint32_t count, const vyre_pattern_set *set,
                                      const vyre_multi_desc *desc, vyre_multi **out, vyre_error *err) {
    vyre_multi_desc d;
    vyre_allocator A;
    vyre_multi *m;
    vyre_result r;
    uint32_t i;
    uint64_t H;
    vyre__clear_error(err);
    if (!out) return VYRE__NULLARG(err, "out");
    *out = NULL;
    if (!backends) return VYRE__NULLARG(err, "backends");
    if (!set) return VYRE__NULLARG(err, "set");
    if (count < 1 || count > VYRE_MULTI_MAX_DEVICES)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass 1 to VYRE_MULTI_MAX_DEVICES (64) backends.",
                              "vyre_multi_create: count = %u is outside 1..%u", count, VYRE_MULTI_MAX_DEVICES);
    for (i = 0; i < count; i++)
        if (!backends[i])
            return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass a created backend in every entry.",
                                  "vyre_multi_create: backends[%u] is NULL", i);
    memset(&d, 0, sizeof d);
    if (desc) d = *desc;
    if (d.window > 1024)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: use a window of at most 1024 units (0 = the default).",
                              "vyre_multi_desc.window = %u is over 1024", d.window);
    if ((r = vyre_allocator_resolve(&d.allocator, &A, err)) != VYRE_OK) return r;
    H = set->ops->history_bytes(set); /* >>engines */
    if (set->ops->cpu_matches) /* kinds with whole-match finders (regex) need the look-ahead byte and their own joins */
        return vyre_set_error(err, VYRE_ERR_UNSUPPORTED, "Fix: scan rule sets with one scanner (vyre_scan) or vyre_stream_* on the CPU backend.",
                              "the multi-device scanner does not split sets of kind '%s' across devices yet", set->ops->name);
    if (H == VYRE__HISTORY_UNBOUNDED)
        return vyre_set_error(err, VYRE_ERR_UNSUPPORTED, "Fix: scan this set kind with one scanner (vyre_scan).",
                              "the multi-device scanner needs a bounded match history; the %s kind has none", set->ops->name);
    if (!d.unit_bytes) d.unit_bytes = (size_t)16 << 20;
    if (d.unit_bytes <= H) d.unit_bytes = (size_t)H + 1;
    if (!d.window) d.window = 2 * count + 2;
    m = (vyre_multi *)vyre__calloc(&A, 1, sizeof *m, "multi-device scanner", err);
    if (!m) return VYRE_ERR_OUT_OF_MEMORY;
    m->A = A; m->set = set; m->n = count; m->unit = d.unit_bytes; m->H = (size_t)H;
    m->be = (vyre_backend **)vyre__calloc(&A, count, sizeof *m->be, "backend list", err);
    m->sc = (vyre_scanner **)vyre__calloc(&A, count, sizeof *m->sc, "scanners", err);
    m->th = (pthread_t *)vyre__calloc(&A, count, sizeof *m->th, "threads", err);
    m->wk = (vyre__mworker *)vyre__calloc(&A, count, sizeof *m->wk, "threads", err);
    m->slots = (vyre__munit *)vyre__calloc(&A, d.window, sizeof *m->slots, "units", err);
    if (!m->be || !m->sc || !m->th || !m->wk || !m->slots) { vyre_multi_destroy(m); return VYRE_ERR_OUT_OF_MEMORY; }
    for (i = 0; i < d.window; i++) m->slots[i].res.item = sizeof(vyre_match);
    if (pthread_mutex_init(&m->mu, NULL) != 0) { vyre_multi_destroy(m); return vyre_set_error(err, VYRE_ERR_THREAD, "Fix: check system resources.", "pthread_mutex_init failed"); }
    if (pthread_cond_init(&m->cv, NULL) != 0) {
        pthread_mutex_destroy(&m->mu); vyre_multi_destroy(m);
        return vyre_set_error(err, VYRE_ERR_THREAD, "Fix: check system resources.", "pthread_cond_init failed");
    }
    m->window = d.window; /* sync objects live */
    m->st.devices = count;
    {
        vyre_scanner_desc sd = d.scanner;
        if (!sd.allocator.alloc && !sd.allocator.realloc && !sd.allocator.free) sd.allocator = A;
        for (i = 0; i < count; i++) {
            m->be[i] = backends[i];
            snprintf(m->st.dev[i].backend_id, sizeof m->st.dev[i].backend_id, "%s", vyre_backend_id(backends[i]));
            if ((r = vyre_scanner_create(backends[i], set, &sd, &m->sc[i], err)) != VYRE_OK) {
                if (err) {
                    char msg[sizeof err->message];
                    int w = snprintf(msg, sizeof msg, "device %u (%.15s): ", i, vyre_backend_id(backends[i]));
                    if (w > 0 && (size_t)w < sizeof msg) {
                        size_t room = sizeof msg - (size_t)w, ml = strlen(err->message);
                        if (ml >= room) ml = room - 1;
                        memcpy(msg + w, err->message, ml);
                        msg[(size_t)w + ml] = 0;
                        memcpy(err->message, msg, sizeof msg);
                    }
                }
                vyre_multi_destroy(m);
                return r;
            }
        }
    }
    for (i = 0; i < count; i++) {
        m->wk[i].m = m; m->wk[i].dev = i;
        if (pthread_create(&m->th[i], NULL, vyre__mu_worker, &m->wk[i]) != 0) {
            vyre_multi_destroy(m);
            return vyre_set_error(err, VYRE_ERR_THREAD, "Fix: check system resources (thread limits).",
                                  "creating the worker thread of device %u failed", i);
        }
        m->nth++;
    }
    *out = m;
    return VYRE_OK;
}
#endif /* VYRE_NO_MULTI */

/* ---- the resident rule session (kinds with cpu_matches) ---- */
struct vyre_rule_session {
    vyre_backend *b;
    const vyre_pattern_set *set;
    vyre_allocator A;
    int on_cpu;                /* the CPU backend: the kind's CPU engine on the caller's bytes */
    vyre_buffer tables[VYRE__MAX_TABLES];
    vyre_buffer hay, hits;
    size_t hay_cap;
    uint32_t max_matches;
    uint32_t *staging;         /* the hit buffer read back (GPU path) */
    vyre__vec found;           /* vyre_match (CPU path) */
};
VYREDEF vyre_result vyre_rule_session_free(vyre_rule_session *s, vyre_error *err) {
    vyre_result first = VYRE_OK, r;
    vyre_error e2;
    vyre_buffer *bs[2];
    vyre_allocator A;
    vyre__clear_error(err);
    if (!s) return VYRE_OK;
    if (!s->on_cpu) {
        first = vyre__tables_free(s->b, s->tables, err);
        bs[0] = &s->hay; bs[1] = &s->hits;
        r = vyre__release(s->b, bs, 2, first == VYRE_OK ? err : &e2);
        if (first == VYRE_OK) first = r;
    }
    A = s->A;
    vyre_free(&A, s->staging);
    vyre_free(&A, s->found.data);
    vyre_free(&A, s);
    return first;
}
VYREDEF vyre_result vyre_rule_session_create(vyre_backend *b, const vyre_pattern_set *set, size_t haystack_capacity,
                                             uint32_t max_matches, vyre_rule_session **out, vyre_error *err) {
    vyre_rule_session *s;
    vyre_result r;
    vyre__clear_error(err);
    if (!out) return VYRE__NULLARG(err, "out");
    *out = NULL;
    if (!b) return VYRE__NULLARG(err, "backend");
    if (!set) return VYRE__NULLARG(err, "set");
    if (!set->ops->cpu_matches)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: use vyre_match_session_* for sets of this kind; rule sessions take regex pattern sets (vyre_regex_set_as_pattern_set).",
                              "sets of kind '%s' have no rule program", set->ops->name);
    if (max_matches == 0)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass the most matches one scan may return (at least 1).", "max_matches must be >= 1 (got 0)");
    if (haystack_capacity == 0 || haystack_capacity > 0xFFFFFFF0u)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass a haystack capacity between 1 byte and 4 GiB - 16 (match offsets are u32 on the device).",
                              "haystack_capacity %llu is out of range", (unsigned long long)haystack_capacity);
    if (b->vt != &vyre__cpu_vtable) {
        vyre_device_profile prof;
        memset(&prof, 0, sizeof prof);
        if ((r = vyre_backend_profile(b, &prof, err)) != VYRE_OK) return r;
        if (!(prof.caps & set->ops->gpu_cap) || !set->ops->program[0])
            return vyre_set_error(err, VYRE_ERR_UNSUPPORTED, "Fix: use the CPU backend for rule sets until this backend has the regex programs; vyre never falls back to the CPU silently.",
                                  "backend '%s' has no resident rule program for sets of kind '%s' (capability bit 0x%x not promised, kernels.inc >>kernels-nfa)",
                                  vyre_backend_id(b), set->ops->name, set->ops->gpu_cap);
        if (!b->vt->buffer_alloc || !b->vt->upload || !b->vt->download || !b->vt->dispatch_resident)
            return vyre__unsupported(b, "resident rule sessions (resident buffers, uploads, downloads, resident dispatch)", err);
    }
    s = (vyre_rule_session *)vyre__calloc(&b->alloc, 1, sizeof *s, "rule session", err);
    if (!s) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
    s->b = b; s->set = set; s->A = b->alloc; s->max_matches = max_matches; s->hay_cap = haystack_capacity;
    s->on_cpu = b->vt == &vyre__cpu_vtable;
    s->found.item = sizeof(vyre_match);
    if (!s->on_cpu) {
        if (!(s->staging = (uint32_t *)vyre__calloc(&s->A, VYRE_RULE_HITS_BYTES(max_matches), 1, "rule hit staging", err))) {
            vyre_rule_session_free(s, NULL);
            return VYRE_ERR_OUT_OF_MEMORY;
        }
        if ((r = vyre__tables_up(b, set, s->tables, err)) != VYRE_OK ||
            (r = vyre_buffer_alloc(b, vyre__pad16(haystack_capacity), &s->hay, err)) != VYRE_OK ||
            (r = vyre_buffer_alloc(b, VYRE_RULE_HITS_BYTES(max_matches), &s->hits, err)) != VYRE_OK) {
            vyre_rule_session_free(s, NULL);
            return r;
        }
    }
    *out = s;
    return VYRE_OK;
}
static int vyre__rule_emit(void *u, uint32_t pid, uint64_t st, uint64_t e, const uint64_t *caps, uint32_t ng) {
    vyre_rule_session *s = (vyre_rule_session *)u;
    vyre_match *m;
    (void)caps; (void)ng;
    if (!vyre__vec_reserve(&s->A, &s->found, s->found.len + 1)) return 1;
    m = (vyre_match *)s->found.data + s->found.len++;
    m->start = st; m->end = e; m->pattern_id = pid; m->region = 0;
    return 0;
}
VYREDEF vyre_result vyre_rule_session_scan_bounded(vyre_rule_session *s, const void *data, size_t len, uint64_t max_scan_bytes,
                                                   vyre_match *out, size_t cap, size_t *count, vyre_timing *timing,
                                                   vyre_error *err) {
    uint64_t total, t0 = vyre_now_ns();
    size_t i;
    vyre_result r;
    vyre__clear_error(err);
    if (count) *count = 0;
    if (timing) { timing->wall_ns = 0; timing->device_ns = VYRE_TIME_UNKNOWN; timing->enqueue_ns = VYRE_TIME_UNKNOWN; timing->wait_ns = VYRE_TIME_UNKNOWN; }
    if (!s) return VYRE__NULLARG(err, "session");
    if (!count) return VYRE__NULLARG(err, "count");
    if (cap && !out) return VYRE__NULLARG(err, "out");
    if (len && !data) return VYRE__NULLARG(err, "data");
    if (len > s->hay_cap)
        return vyre_set_error(err, VYRE_ERR_HAYSTACK_CAPACITY, "Fix: raise haystack_capacity in vyre_rule_session_create, or split the input.",
                              "haystack is %llu bytes but the session's resident buffer holds %llu", (unsigned long long)len, (unsigned long long)s->hay_cap);
    if (s->on_cpu) {
        s->found.len = 0;
        r = s->set->ops->cpu_matches(s->set, max_scan_bytes, (const uint8_t *)data, len, 0, UINT64_MAX, vyre__rule_emit, s, err);
        if (r == VYRE_STOPPED) r = VYRE__OOM(err, "rule matches", (uint64_t)(s->found.len + 1) * sizeof(vyre_match));
        if (r != VYRE_OK) return r;
        total = s->found.len;
        if (total && total <= s->max_matches && total <= cap) memcpy(out, s->found.data, (size_t)total * sizeof *out);
    } else {
        static const uint32_t zero = 0;
        vyre_buffer binds[VYRE__MAX_BINDINGS];
        uint64_t sc[3];
        vyre_dispatch d;
        uint32_t nt = s->set->ops->table_count, k;
        vyre_timing t;
        if ((r = vyre_buffer_upload(s->b, s->hay, 0, data, len, err)) != VYRE_OK) return r;
        if ((r = vyre_buffer_upload(s->b, s->hits, 0, &zero, 4, err)) != VYRE_OK) return r;
        binds[0] = s->hay;
        for (k = 0; k < nt; k++) binds[1 + k] = s->tables[k];
        binds[1 + nt] = s->hits;
        memset(&d, 0, sizeof d);
        sc[0] = len; sc[1] = max_scan_bytes; sc[2] = s->max_matches;
        d.program = s->set->ops->program[0]; d.buffers = binds; d.buffer_count = 2 + nt; d.scalars = sc; d.scalar_count = 3;
        if ((r = vyre_dispatch_resident(s->b, &d, &t, err)) != VYRE_OK) return r;
        if (timing) *timing = t;
        if ((r = vyre_buffer_download(s->b, s->hits, 0, s->staging, 4, err)) != VYRE_OK) return r;
        total = s->staging[0];
        if (total && total <= s->max_matches && total <= cap &&
            (r = vyre_buffer_download(s->b, s->hits, 4, s->staging + 1, (size_t)total * 12u, err)) != VYRE_OK)
            return r;
        if (total <= s->max_matches && total <= cap) {
            for (i = 0; i < (size_t)total; i++) {
                const uint32_t *tr = s->staging + 1 + 3 * i;
                if (tr[0] >= s->set->pattern_count || tr[1] > tr[2] || tr[2] > len) {
                    memset(out, 0, (size_t)total * sizeof *out);
                    return vyre_set_error(err, VYRE_ERR_BACKEND_OUTPUT, "Fix: this is a bug in vyre or in the backend's rule program; report it with the backend name and the input.",
                                          "backend '%s' returned rule hit %llu (pattern %u, %u..%u) outside the %llu-byte haystack or the set's %u patterns",
                                          vyre_backend_id(s->b), (unsigned long long)i, tr[0], tr[1], tr[2], (unsigned long long)len, s->set->pattern_count);
                }
                out[i].pattern_id = tr[0]; out[i].start = tr[1]; out[i].end = tr[2]; out[i].region = 0;
            }
        }
    }
    if (total > s->max_matches || total > cap) {
        *count = (size_t)total;
        return vyre_set_error(err, VYRE_ERR_MATCH_CAPACITY,
                              total > s->max_matches ? "Fix: raise max_matches in vyre_rule_session_create, or scan smaller pieces (the hit buffer is never truncated)."
                                                     : "Fix: pass an output buffer of at least the reported count.",
                              "%llu rule matches found but the session's hit buffer holds %u and the output %llu", (unsigned long long)total,
                              s->max_matches, (unsigned long long)cap);
    }
    vyre__sort_matches_a(&s->A, out, (size_t)total);
    if ((r = vyre__check_dups(s->b, out, (size_t)total, err)) != VYRE_OK) { memset(out, 0, (size_t)total * sizeof *out); return r; }
    if (timing) timing->wall_ns = vyre_now_ns() - t0;
    *count = (size_t)total;
    return VYRE_OK;
}
VYREDEF vyre_result vyre_rule_session_scan(vyre_rule_session *s, const void *data, size_t len, vyre_match *out, size_t cap,
                                           size_t *count, vyre_timing *timing, vyre_error *err) {
    return vyre_rule_session_scan_bounded(s, data, len, 0, out, cap, count, timing, err);
}

/* ---- >>ingest: the file-ingest pipeline --------------------------------- */
#ifndef VYRE_NO_INGEST
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>

/* PARKED: a backend lane's unit whose result buffer filled while an earlier unit was still to be
   delivered; its results so far wait as a part, and once taken the unit is queued again and the
   lane resumes it at resume_x (a lane never blocks on a unit that is not next in line) */
enum { VYRE__IU_FREE = 0, VYRE__IU_READING, VYRE__IU_QUEUED, VYRE__IU_SCANNING, VYRE__IU_DONE, VYRE__IU_PARKED };

/* one walked entry: a file or an event */
typedef struct vyre__ient {
    struct vyre__ient *next;
    char *path;
    int is_event, is_stdin;
    vyre_ingest_event_kind ev;
    uint32_t depth;
    vyre_error *err;                 /* walk error (event) or the file's first error */
    vyre_result status;              /* file: first error */
    int skip;                        /* file: 0, or VYRE_INGEST_EV_LINK / _SPECIAL found at open */
    uint64_t size, index, dev, ino;
    uint64_t count;                  /* delivered (delivery thread only) */
    int stop;                        /* under the mutex: FIRST found / failed: plan no more chunks */
} vyre__ient;

typedef struct vyre__iunit {
    uint64_t seq;
    int state, part_ready, chunk, last;
    int parked, resuming;            /* a backend lane parked it (see VYRE__IU_PARKED) / resumes it */
    size_t resume_x;                 /* where the lane resumes the unit's scan */
    uint64_t foff;                   /* chunk: file offset of data[0] */
    uint8_t *data;
    size_t cap, dlen, olen;
    vyre_backend *owner;             /* who made `data` (NULL: the allocator) */
    vyre__ient **items;              /* delivery order */
    uint32_t nitems, nreg;
    uint32_t *reg_item;              /* region -> item */
    uint64_t *starts;                /* region starts (batch) */
    uint64_t *cnt;                   /* COUNT / FIRST per region */
    vyre_match *res;
    size_t nres, rescap;
    uint32_t dcur;                   /* delivery: next item to finish */
    vyre_result st;                  /* chunk: the file's error for this chunk */
    vyre_error err;
    int plan_skip;                   /* chunk: an empty final unit (the file stopped early) */
    int skip;                        /* chunk: the file changed type (VYRE_INGEST_EV_LINK / _SPECIAL) */
    /* a mapped chunk (VYRE_INGEST_MMAP): data points into map (map_len bytes at a page boundary), the
       staging buffer waits in stage; map_fd stays open for the size check; map_slot in vyre__ing_maps */
    uint8_t *map, *stage;
    size_t map_len;
    int map_fd, map_slot, map_bad;
} vyre__iunit;

typedef struct vyre__ilane {
    vyre_backend *be;
    int own_be;
    vyre_scanner *sc;
    vyre_raw_match *raw;
    size_t rawcap;
    uint32_t *pres;
    size_t prescap;
    size_t hint;                     /* piece length that fitted the raw buffer last */
    int is_cpu;
    int parks;                       /* a backend lane: parks a unit whose part cannot be delivered yet */
} vyre__ilane;

struct vyre_ingest {
    vyre_allocator A;
    const vyre_literal_set *set;
    vyre_ingest_desc d;
    char **paths;                    /* copies of desc.paths */
    size_t L1;                       /* max_len - 1 */
    uint32_t wpr;
    size_t slot_bytes;
    uint64_t budget;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int started, ended;
    /* walker queue */
    vyre__ient *qhead, *qtail;
    size_t qlen;
    /* the walker's own list of entries not yet queued (walker thread only, no lock):
       entries are queued VYRE__ING_WALK_BATCH at a time so that the walker takes the
       mutex and wakes the readers once per batch, not once per file */
    vyre__ient *whead, *wtail;
    size_t wlen;
    int walker_waits;                /* the walker waits for room (qlen >= max_pending) */
    int feed_ended;                  /* VYRE_INGEST_FEED: vyre_ingest_feed_end was called */
    int walker_listed;               /* the walker thread listed desc.paths (feeding may start) */
    uint64_t walk_t0;                /* walker start (walk_ns in feed mode: to the last fed PATH) */
    uint64_t fed;                    /* PATHs fed so far (the feeding thread only) */
    int walk_done;
    uint64_t next_file_index;
    /* planner */
    int planning, plan_done;
    vyre__ient *ccur;                /* the file being chunked */
    uint64_t coff;
    uint8_t *carry;                  /* standard input look-ahead */
    size_t carry_len;
    int stdin_eof;
    uint64_t next_seq, dseq;
    /* units */
    vyre__iunit *units;              /* slots */
    vyre__iunit **ring;              /* seq % slots -> unit */
    /* backend lane */
    vyre_backend *attached;
    vyre__ilane blane;
    int blane_ready, blane_started;
    pthread_t bthread;
    vyre__iunit **bq;                /* FIFO of units for the backend lanes (capacity slots) */
    /* more backend lanes (desc.backends[1..]): pull from bq like blane (>>multi) */
    vyre__ilane *xlanes;
    pthread_t *xthreads;
    struct vyre__ing_xarg *xargs;
    uint32_t nx, nx_started;
    size_t bq_head, bq_len;
    /* readers */
    pthread_t walker;
    vyre_worker_pool *readers;  /* d.readers workers running vyre__ing_reader (>>thread-pool) */
    vyre__ilane *rlanes;
    uint32_t nthreads_started;  /* d.readers once the readers' job began, else 0 */
    int walker_started;
    /* end */
    int abort;
    vyre_result fatal;
    vyre_error ferr;
    int stopped;
    int bus_on;                      /* this run installed (counts in) the SIGBUS handler of mapped chunks */
    uint64_t t0;
    vyre_ingest_stats st;
};

static void vyre__ing_ev_free(vyre_ingest *g, vyre__ient *e) {
    if (!e) return;
    vyre_free(&g->A, e->path);
    vyre_free(&g->A, e->err);
    vyre_free(&g->A, e);
}

static void vyre__ing_fail(vyre_ingest *g, vyre_result r, const vyre_error *e) { /* under the mutex */
    if (!g->fatal) {
        g->fatal = r;
        if (e) g->ferr = *e;
        else vyre_set_error(&g->ferr, r, "Fix: see the message.", "ingest failed (%s)", vyre_result_str(r));
        if (g->ferr.code == VYRE_OK) g->ferr.code = r;
    }
    g->abort = 1;
    pthread_cond_broadcast(&g->cv);
}

/* ---- the walker ---------------------------------------------------------- */
static char *vyre__ing_strdup(vyre_ingest *g, const char *s) {
    size_t n = strlen(s) + 1;
    char *p = (char *)g->A.alloc(n, g->A.user);
    if (p) memcpy(p, s, n);
    return p;
}
/* push an entry (takes ownership); 0 on abort */
/* g->abort read by the walking thread (once per directory or PATH) */
static int vyre__ing_stopped(vyre_ingest *g) {
    int a;
    pthread_mutex_lock(&g->mu);
    a = g->abort;
    pthread_mutex_unlock(&g->mu);
    return a;
}
#define VYRE__ING_WALK_BATCH 256u
/* queue the walker's pending entries (walker thread); 0 if the run was aborted */
static int vyre__ing_flush_walk(vyre_ingest *g) {
    vyre__ient *e;
    if (!g->whead) return !g->abort;
    pthread_mutex_lock(&g->mu);
    while (!g->abort && g->qlen >= g->d.max_pending) {
        g->walker_waits = 1;
        pthread_cond_wait(&g->cv, &g->mu);
    }
    g->walker_waits = 0;
    if (g->abort) {
        pthread_mutex_unlock(&g->mu);
        while ((e = g->whead) != NULL) { g->whead = e->next; vyre__ing_ev_free(g, e); }
        g->wtail = NULL; g->wlen = 0;
        return 0;
    }
    for (e = g->whead; e; e = e->next) {
        if (e->is_event) continue;
        e->index = g->next_file_index++;
        g->st.files_walked++;
        g->st.bytes_walked += e->size;
    }
    if (g->qtail) g->qtail->next = g->whead; else g->qhead = g->whead;
    g->qtail = g->wtail;
    g->qlen += g->wlen;
    g->whead = g->wtail = NULL; g->wlen = 0;
    pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->mu);
    return 1;
}
/* after the n-th PATH of a list (desc.paths or fed): queue the pending entries now? Each of the
   first 64 at once (the readers may be idle), then every 64th PATH or a full batch */
static int vyre__ing_flush_due(const vyre_ingest *g, uint64_t n) {
    return g->wlen && (g->wlen >= VYRE__ING_WALK_BATCH || n < 64 || (n & 63) == 0);
}
/* add an entry to the walker's pending list; queued in batches (vyre__ing_flush_walk) */
static int vyre__ing_push(vyre_ingest *g, vyre__ient *e) {
    e->next = NULL;
    if (g->wtail) g->wtail->next = e; else g->whead = e;
    g->wtail = e;
    g->wlen++;
    if (g->wlen >= VYRE__ING_WALK_BATCH) return vyre__ing_flush_walk(g);
    return 1; /* an abort is seen at the next flush (under the mutex) */
}
static vyre__ient *vyre__ing_new(vyre_ingest *g, const char *path) {
    vyre__ient *e = (vyre__ient *)vyre__calloc(&g->A, 1, sizeof *e, "walk entry", NULL);
    if (!e) return NULL;
    e->path = vyre__ing_strdup(g, path);
    if (!e->path) { vyre_free(&g->A, e); return NULL; }
    return e;
}
static int vyre__ing_oom(vyre_ingest *g, const char *what) {
    vyre_error e;
    VYRE__OOM(&e, what, 0);
    pthread_mutex_lock(&g->mu);
    vyre__ing_fail(g, VYRE_ERR_OUT_OF_MEMORY, &e);
    pthread_mutex_unlock(&g->mu);
    return 0;
}
static int vyre__ing_event(vyre_ingest *g, const char *path, vyre_ingest_event_kind k, uint32_t depth, const char *fix, const char *msg,
                           int errnum) {
    vyre__ient *e = vyre__ing_new(g, path);
    if (!e) return vyre__ing_oom(g, "walk entry");
    e->is_event = 1; e->ev = k; e->depth = depth;
    if (k == VYRE_INGEST_EV_WALK_ERROR) {
        e->err = (vyre_error *)vyre__calloc(&g->A, 1, sizeof *e->err, "walk error", NULL);
        if (!e->err) { vyre__ing_ev_free(g, e); return vyre__ing_oom(g, "walk error"); }
        if (errnum == ENAMETOOLONG) {
            /* the path is longer than the message: the reason first, then its first and last bytes (ev->path has all of it) */
            size_t pl = strlen(path);
            if (pl > 320)
                vyre_set_error(e->err, VYRE_ERR_IO, fix, "%s%s: the path is %llu bytes: %.120s...%s", msg, strerror(errnum),
                               (unsigned long long)pl, path, path + pl - 180);
            else
                vyre_set_error(e->err, VYRE_ERR_IO, fix, "%s%s: the path is %llu bytes: %s", msg, strerror(errnum), (unsigned long long)pl, path);
        } else
            vyre_set_error(e->err, VYRE_ERR_IO, fix, "%s: %s%s.", path, msg, strerror(errnum));
    }
    return vyre__ing_push(g, e);
}
static int vyre__ing_file(vyre_ingest *g, const char *path, const struct stat *st, int is_stdin) {
    vyre__ient *e = vyre__ing_new(g, path);
    if (!e) return vyre__ing_oom(g, "walk entry");
    e->is_stdin = is_stdin;
    if (st) { e->size = (uint64_t)st->st_size; e->dev = (uint64_t)st->st_dev; e->ino = (uint64_t)st->st_ino; }
    return vyre__ing_push(g, e);
}
static int vyre__ing_cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static int vyre__ing_walk_dir(vyre_ingest *g, const char *dir, uint32_t depth);
/* a path over the system's length limit: the entry and its subtree are
   skipped, each reported by name as a walk error (never a silent stop) */
static const char *vyre__ing_toolong_fix =
    "Fix: the path is longer than the system allows (PATH_MAX); start the scan closer to the deep directory or shorten directory names. This entry and everything under it were not scanned.";
static int vyre__ing_walk_child(vyre_ingest *g, const char *path, uint32_t depth) {
    struct stat st;
    if (lstat(path, &st) != 0) {
        int en = errno;
        if (en == ENAMETOOLONG)
            return vyre__ing_event(g, path, VYRE_INGEST_EV_WALK_ERROR, depth, vyre__ing_toolong_fix, "path skipped, with its subtree: ", en);
        return vyre__ing_event(g, path, VYRE_INGEST_EV_WALK_ERROR, depth,
                               depth ? "Fix: check that the file still exists and its directory is readable."
                                     : "Fix: check the path; name existing files or directories to scan.",
                               "", en);
    }
    if (S_ISDIR(st.st_mode)) return vyre__ing_walk_dir(g, path, depth);
    if (S_ISREG(st.st_mode)) return vyre__ing_file(g, path, &st, 0);
    if (S_ISLNK(st.st_mode)) return vyre__ing_event(g, path, VYRE_INGEST_EV_LINK, depth, NULL, NULL, 0);
    return vyre__ing_event(g, path, VYRE_INGEST_EV_SPECIAL, depth, NULL, NULL, 0);
}
static int vyre__ing_walk_dir(vyre_ingest *g, const char *dir, uint32_t depth) {
    DIR *dp;
    struct dirent *de;
    char **names = NULL, *child = NULL;
    size_t n = 0, cap = 0, i, dl = strlen(dir), ccap = 0;
    int ok = 1, slash = dl > 0 && dir[dl - 1] != '/';
    if (vyre__ing_stopped(g)) return 0;
    dp = opendir(dir);
    if (!dp) {
        int en = errno;
        if (en == ENAMETOOLONG)
            return vyre__ing_event(g, dir, VYRE_INGEST_EV_WALK_ERROR, depth, vyre__ing_toolong_fix, "directory skipped, with its subtree: ", en);
        return vyre__ing_event(g, dir, VYRE_INGEST_EV_WALK_ERROR, depth,
                               "Fix: check the directory's permissions, or leave it out of the paths to scan.", "cannot open directory: ", en);
    }
    for (;;) {
        errno = 0;
        de = readdir(dp);
        if (!de) {
            if (errno)
                ok = vyre__ing_event(g, dir, VYRE_INGEST_EV_WALK_ERROR, depth,
                                     "Fix: check the directory and the file system; entries after the failure were not scanned.",
                                     "cannot read directory: ", errno);
            break;
        }
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 32;
            char **nn = (char **)g->A.realloc(names, nc * sizeof *nn, g->A.user);
            if (!nn) { ok = vyre__ing_oom(g, "directory listing"); break; }
            names = nn; cap = nc;
        }
        if (!(names[n] = vyre__ing_strdup(g, de->d_name))) { ok = vyre__ing_oom(g, "directory listing"); break; }
        n++;
    }
    closedir(dp);
    if (n) qsort(names, n, sizeof *names, vyre__ing_cmp_names);
    for (i = 0; i < n; i++) {
        if (ok) {
            size_t nl = strlen(names[i]), need = dl + (size_t)slash + nl + 1;
            if (need > ccap) {
                char *nc = (char *)g->A.realloc(child, need, g->A.user);
                if (!nc) ok = vyre__ing_oom(g, "path");
                else { child = nc; ccap = need; }
            }
            if (ok) {
                memcpy(child, dir, dl);
                if (slash) child[dl] = '/';
                memcpy(child + dl + (size_t)slash, names[i], nl + 1);
                ok = vyre__ing_walk_child(g, child, depth + 1);
            }
        }
        vyre_free(&g->A, names[i]);
    }
    vyre_free(&g->A, names);
    vyre_free(&g->A, child);
    /* a directory's entries are queued when it ends, so the readers never wait for a batch to fill */
    if (ok && g->wlen) ok = vyre__ing_flush_walk(g);
    return ok && !vyre__ing_stopped(g);
}
static void *vyre__ing_walker(void *arg) {
    vyre_ingest *g = (vyre_ingest *)arg;
    size_t i;
    uint64_t t = vyre_now_ns();
    for (i = 0; i < g->d.path_count && !vyre__ing_stopped(g); i++) {
        const char *p = g->paths[i];
        if (strcmp(p, "-") == 0) { if (!vyre__ing_file(g, p, NULL, 1)) break; }
        else if (!vyre__ing_walk_child(g, p, 0)) break;
        /* a list of files (as the CLI passes): queue a batch as soon as the readers may be idle */
        if (vyre__ing_flush_due(g, i) && !vyre__ing_flush_walk(g)) break;
    }
    vyre__ing_flush_walk(g);
    pthread_mutex_lock(&g->mu);
    if (g->d.flags & VYRE_INGEST_FEED) {
        /* the fed PATHs come next, on the feeder's thread; walk_done is set by vyre_ingest_feed_end */
        g->walker_listed = 1;
        g->walk_t0 = t;
        pthread_cond_broadcast(&g->cv);
        while (!g->abort && !g->feed_ended) pthread_cond_wait(&g->cv, &g->mu);
    } else {
        g->st.walk_ns = vyre_now_ns() - t;
    }
    g->walk_done = 1;
    pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->mu);
    return NULL;
}

/* ---- planning (under the mutex, g->planning set) ------------------------ */
static int vyre__ing_grow_items(vyre_ingest *g, vyre__iunit *u) {
    /* items/reg_item/starts/cnt are allocated at max_regions + 1 entries per slot at first use */
    size_t n = (size_t)g->d.max_regions + 1;
    if (u->items) return 1;
    u->items = (vyre__ient **)vyre__calloc(&g->A, n, sizeof *u->items, "batch items", NULL);
    u->reg_item = (uint32_t *)vyre__calloc(&g->A, n, sizeof *u->reg_item, "batch regions", NULL);
    u->starts = (uint64_t *)vyre__calloc(&g->A, n, sizeof *u->starts, "batch regions", NULL);
    u->cnt = (uint64_t *)vyre__calloc(&g->A, n, sizeof *u->cnt, "batch counts", NULL);
    return u->items && u->reg_item && u->starts && u->cnt;
}
static int vyre__ing_is_large(const vyre_ingest *g, const vyre__ient *e) { return e->is_stdin || e->size >= g->d.small_file_bytes; }
/* the next chunk of g->ccur into u; 1 */
static void vyre__ing_plan_chunk(vyre_ingest *g, vyre__iunit *u) {
    vyre__ient *e = g->ccur;
    u->chunk = 1;
    u->items[0] = e; u->nitems = 1; u->nreg = 1; u->reg_item[0] = 0; u->starts[0] = 0;
    u->foff = g->coff;
    g->st.chunks++;
    if (e->stop) { u->plan_skip = 1; u->last = 1; g->ccur = NULL; return; }
    if (e->is_stdin) { u->last = 0; return; } /* decided by the read */
    u->olen = e->size - g->coff < g->d.chunk_bytes ? (size_t)(e->size - g->coff) : g->d.chunk_bytes;
    u->dlen = e->size - g->coff < (uint64_t)g->d.chunk_bytes + g->L1 ? (size_t)(e->size - g->coff) : g->d.chunk_bytes + g->L1;
    g->coff += u->olen;
    if (g->coff >= e->size) { u->last = 1; g->ccur = NULL; }
}
/* Fills u with the next unit. Returns 1, or 0 when nothing is left (or abort). May wait for the walker. */
static int vyre__ing_plan(vyre_ingest *g, vyre__iunit *u) {
    size_t planned = 0;
    if (!vyre__ing_grow_items(g, u)) { VYRE__OOM(&u->err, "batch bookkeeping", 0); vyre__ing_fail(g, VYRE_ERR_OUT_OF_MEMORY, &u->err); return 0; }
    u->nitems = 0; u->nreg = 0; u->chunk = 0; u->last = 0; u->plan_skip = 0; u->dlen = u->olen = 0; u->foff = 0;
    if (g->ccur) { vyre__ing_plan_chunk(g, u); return 1; }
    for (;;) {
        vyre__ient *e;
        if (g->abort) return 0;
        e = g->qhead;
        if (!e) {
            if (g->walk_done) break;
            pthread_cond_wait(&g->cv, &g->mu);
            continue;
        }
        if (!e->is_event && vyre__ing_is_large(g, e)) {
            if (u->nitems) break;
        } else if (u->nitems > g->d.max_regions || (!e->is_event && (u->nreg == g->d.max_regions || planned + e->size + 1 > g->d.batch_bytes))) {
            break;
        }
        g->qhead = e->next;
        if (!g->qhead) g->qtail = NULL;
        g->qlen--;
        e->next = NULL;
        if (g->walker_waits && g->qlen < g->d.max_pending) pthread_cond_broadcast(&g->cv); /* room for the walker */
        if (!e->is_event && vyre__ing_is_large(g, e)) {
            g->ccur = e; g->coff = 0; g->carry_len = 0; g->stdin_eof = 0;
            g->st.chunked_files++;
            vyre__ing_plan_chunk(g, u);
            return 1;
        }
        if (!e->is_event) { u->reg_item[u->nreg++] = u->nitems; planned += (size_t)e->size; }
        u->items[u->nitems++] = e;
        if (u->nitems > g->d.max_regions) break;
    }
    if (u->nitems) g->st.batches++;
    return u->nitems > 0;
}

/* ---- mapped chunks (VYRE_INGEST_MMAP) ---------------------------------------- */
#include <signal.h>
#include <sys/mman.h>
/* the mappings being scanned, process-wide: base 0 = free, 1 = being claimed; the SIGBUS handler reads
   them with atomic loads (no lock) */
#define VYRE__ING_MAPS 256
static uintptr_t vyre__ing_map_base[VYRE__ING_MAPS], vyre__ing_map_len[VYRE__ING_MAPS];
static int vyre__ing_map_hit[VYRE__ING_MAPS];
static pthread_mutex_t vyre__ing_bus_mu = PTHREAD_MUTEX_INITIALIZER;
static int vyre__ing_bus_users;                 /* runs with the handler installed (under vyre__ing_bus_mu) */
static struct sigaction vyre__ing_bus_old;      /* the disposition before the first of them */
static uintptr_t vyre__ing_pagesz;
#if defined(MAP_ANONYMOUS)
#  define VYRE__ING_ZERO_MAP MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1
#elif defined(MAP_ANON)
#  define VYRE__ING_ZERO_MAP MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1
#else
static int vyre__ing_zero_fd = -1;               /* /dev/zero, where anonymous mappings have no name */
#  define VYRE__ING_ZERO_MAP MAP_PRIVATE | MAP_FIXED, vyre__ing_zero_fd
#endif
static void vyre__ing_shrank(vyre_ingest *g, vyre__ient *e, vyre__iunit *u, uint64_t now);
/* SIGBUS: inside a mapping of ours (its file was truncated), map zero pages from the faulting page to the
   mapping's end and mark it (the access then reads zeros, the reader drops the chunk); elsewhere, the
   previous handler, or the default action (the access faults again) */
static void vyre__ing_bus(int sig, siginfo_t *si, void *uc) {
    const uintptr_t a = (uintptr_t)si->si_addr;
    uint32_t i;
    for (i = 0; si->si_code > 0 && i < VYRE__ING_MAPS; i++) { /* a fault (a sent signal has si_code <= 0) */
        const uintptr_t b = __atomic_load_n(&vyre__ing_map_base[i], __ATOMIC_ACQUIRE), n = __atomic_load_n(&vyre__ing_map_len[i], __ATOMIC_ACQUIRE);
        if (b > 1 && a >= b && a - b < n) {
            const uintptr_t pg = a & ~(vyre__ing_pagesz - 1);
            if (mmap((void *)pg, (size_t)(b + n - pg), PROT_READ, VYRE__ING_ZERO_MAP, 0) != MAP_FAILED) {
                __atomic_store_n(&vyre__ing_map_hit[i], 1, __ATOMIC_RELEASE);
                return;
            }
            break;
        }
    }
    if (vyre__ing_bus_old.sa_flags & SA_SIGINFO) {
        if (vyre__ing_bus_old.sa_sigaction) { vyre__ing_bus_old.sa_sigaction(sig, si, uc); return; }
    } else if (vyre__ing_bus_old.sa_handler != SIG_DFL && vyre__ing_bus_old.sa_handler != SIG_IGN) {
        vyre__ing_bus_old.sa_handler(sig);
        return;
    }
    {
        struct sigaction d;
        memset(&d, 0, sizeof d);
        d.sa_handler = SIG_DFL;
        sigemptyset(&d.sa_mask);
        sigaction(sig, &d, NULL);
        if (si->si_code <= 0) raise(sig); /* sent, not a fault: deliver it again under the default action */
    }
}
/* install (first run) / count the handler; 0 if it could not be installed (chunks are then read) */
static int vyre__ing_bus_begin(void) {
    int ok = 1;
    pthread_mutex_lock(&vyre__ing_bus_mu);
    if (vyre__ing_bus_users == 0) {
        struct sigaction sa;
        long pg = sysconf(_SC_PAGESIZE);
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = vyre__ing_bus;
        sa.sa_flags = SA_SIGINFO;
        sigemptyset(&sa.sa_mask);
        vyre__ing_pagesz = pg > 0 ? (uintptr_t)pg : 4096u;
#if !defined(MAP_ANONYMOUS) && !defined(MAP_ANON)
        if (vyre__ing_zero_fd < 0) vyre__ing_zero_fd = open("/dev/zero", O_RDONLY | O_CLOEXEC);
        ok = vyre__ing_zero_fd >= 0;
#endif
        ok = ok && (pg > 0 && (pg & (pg - 1)) == 0) && sigaction(SIGBUS, &sa, &vyre__ing_bus_old) == 0;
    }
    if (ok) vyre__ing_bus_users++;
    pthread_mutex_unlock(&vyre__ing_bus_mu);
    return ok;
}
static void vyre__ing_bus_end(void) {
    pthread_mutex_lock(&vyre__ing_bus_mu);
    if (--vyre__ing_bus_users == 0) sigaction(SIGBUS, &vyre__ing_bus_old, NULL);
    pthread_mutex_unlock(&vyre__ing_bus_mu);
}
/* map chunk u of the open file fd in place of reading it; 1 if mapped (fd is kept in u->map_fd) */
static int vyre__ing_map(vyre_ingest *g, vyre__iunit *u, int fd) {
    const uint64_t moff = u->foff - u->foff % vyre__ing_pagesz;
    const size_t delta = (size_t)(u->foff - moff), n = delta + u->dlen;
    uint32_t i;
    void *p;
    int flags = MAP_PRIVATE;
    (void)g;
    if (u->dlen == 0) return 0;
    for (i = 0; i < VYRE__ING_MAPS; i++) {
        uintptr_t z = 0;
        if (__atomic_compare_exchange_n(&vyre__ing_map_base[i], &z, (uintptr_t)1, 0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) break;
    }
    if (i == VYRE__ING_MAPS) return 0; /* every slot busy (many runs at once): read it */
#ifdef MAP_POPULATE
    flags |= MAP_POPULATE;
#endif
    p = mmap(NULL, n, PROT_READ, flags, fd, (off_t)moff);
    if (p == MAP_FAILED) { __atomic_store_n(&vyre__ing_map_base[i], (uintptr_t)0, __ATOMIC_RELEASE); return 0; }
#ifndef MAP_POPULATE
    posix_madvise(p, n, POSIX_MADV_WILLNEED);
#endif
    __atomic_store_n(&vyre__ing_map_hit[i], 0, __ATOMIC_RELAXED);
    __atomic_store_n(&vyre__ing_map_len[i], (uintptr_t)n, __ATOMIC_RELAXED);
    __atomic_store_n(&vyre__ing_map_base[i], (uintptr_t)p, __ATOMIC_RELEASE);
    u->stage = u->data;
    u->map = (uint8_t *)p; u->map_len = n; u->map_fd = fd; u->map_slot = (int)i; u->map_bad = 0;
    u->data = u->map + delta;
    return 1;
}
/* did mapped chunk u's bytes change under the scan (a SIGBUS in it, or the file is now shorter)? sticky */
static int vyre__ing_map_changed(vyre__iunit *u, uint64_t *now) {
    struct stat st;
    if (fstat(u->map_fd, &st) != 0) { st.st_size = 0; u->map_bad = 1; }
    *now = (uint64_t)st.st_size;
    if (__atomic_load_n(&vyre__ing_map_hit[u->map_slot], __ATOMIC_ACQUIRE) || (uint64_t)st.st_size < u->foff + u->dlen) u->map_bad = 1;
    return u->map_bad;
}
/* after the scan of mapped chunk u: check, unmap, staging back; a changed file drops the chunk's results
   and gets the "shrank" error */
static void vyre__ing_unmap(vyre_ingest *g, vyre__iunit *u) {
    uint64_t now = 0;
    const int bad = vyre__ing_map_changed(u, &now);
    __atomic_store_n(&vyre__ing_map_base[u->map_slot], (uintptr_t)0, __ATOMIC_RELEASE);
    munmap(u->map, u->map_len);
    close(u->map_fd);
    u->data = u->stage;
    u->map = NULL; u->stage = NULL; u->map_len = 0; u->map_fd = -1;
    if (bad) {
        vyre__ing_shrank(g, u->items[0], u, now);
        u->nres = 0; u->cnt[0] = 0; u->dlen = u->olen = 0;
    }
}

/* ---- reading --------------------------------------------------------------- */
static void vyre__ing_ferr(vyre_ingest *g, vyre__ient *e, vyre__iunit *u, const char *fix, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* a per-file error: on the entry (batch: this reader owns it) or the unit (chunk) */
static void vyre__ing_ferr(vyre_ingest *g, vyre__ient *e, vyre__iunit *u, const char *fix, const char *fmt, ...) {
    char msg[480];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (u->chunk) {
        if (u->st == VYRE_OK) vyre_set_error(&u->err, VYRE_ERR_IO, fix, "%s", msg);
        u->st = VYRE_ERR_IO;
        pthread_mutex_lock(&g->mu);
        e->stop = 1;
        pthread_mutex_unlock(&g->mu);
    } else if (e->status == VYRE_OK) {
        e->err = (vyre_error *)vyre__calloc(&g->A, 1, sizeof *e->err, "file error", NULL);
        if (e->err) vyre_set_error(e->err, VYRE_ERR_IO, fix, "%s", msg);
        e->status = VYRE_ERR_IO;
    }
}
static int vyre__ing_read_full(int fd, uint8_t *p, size_t n, uint64_t off, int seq, size_t *got) {
    size_t done = 0;
    while (done < n) {
        ssize_t k = seq ? read(fd, p + done, n - done) : pread(fd, p + done, n - done, (off_t)(off + done));
        if (k < 0) {
            if (errno == EINTR) continue;
            *got = done;
            return errno ? errno : EIO;
        }
        if (k == 0) break;
        done += (size_t)k;
    }
    *got = done;
    return 0;
}
/* open a walked file; -1 and the entry/unit marked on failure */
static int vyre__ing_open(vyre_ingest *g, vyre__ient *e, vyre__iunit *u) {
    struct stat st;
    int fd = open(e->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        int er = errno;
        if (er == ELOOP) {
            if (u->chunk) { u->skip = VYRE_INGEST_EV_LINK; pthread_mutex_lock(&g->mu); e->stop = 1; pthread_mutex_unlock(&g->mu); }
            else e->skip = VYRE_INGEST_EV_LINK;
            return -1;
        }
        if (er == ENOENT)
            vyre__ing_ferr(g, e, u, "Fix: the file was deleted after the walk; scan it again once the tree is quiet (the other files were scanned).",
                           "%s: cannot open: %s (it vanished while the tree was scanned)", e->path, strerror(er));
        else
            vyre__ing_ferr(g, e, u, "Fix: check the file's permissions (it was skipped; the other files were scanned).",
                           "%s: cannot open: %s", e->path, strerror(er));
        return -1;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        if (u->chunk) { u->skip = VYRE_INGEST_EV_SPECIAL; pthread_mutex_lock(&g->mu); e->stop = 1; pthread_mutex_unlock(&g->mu); }
        else e->skip = VYRE_INGEST_EV_SPECIAL;
        return -1;
    }
    if ((uint64_t)st.st_ino != e->ino || (uint64_t)st.st_dev != e->dev) {
        close(fd);
        vyre__ing_ferr(g, e, u, "Fix: scan it again once the tree is quiet (the other files were scanned).",
                       "%s: the file was replaced while the tree was scanned", e->path);
        return -1;
    }
    return fd;
}
static void vyre__ing_grew(vyre_ingest *g, vyre__ient *e, vyre__iunit *u) {
    vyre__ing_ferr(g, e, u, "Fix: scan it again once nothing writes to it (the other files were scanned).",
                   "%s: the file grew while it was read (%llu bytes at the walk, more now)", e->path, (unsigned long long)e->size);
}
static void vyre__ing_shrank(vyre_ingest *g, vyre__ient *e, vyre__iunit *u, uint64_t now) {
    vyre__ing_ferr(g, e, u, "Fix: scan it again once nothing writes to it (the other files were scanned).",
                   "%s: the file shrank while it was read (%llu bytes at the walk, %llu now)", e->path, (unsigned long long)e->size,
                   (unsigned long long)now);
}
static int vyre__ing_staging(vyre_ingest *g, vyre__iunit *u, vyre_error *err) {
    vyre_backend *want;
    pthread_mutex_lock(&g->mu);
    want = g->blane_ready ? g->attached : NULL;
    pthread_mutex_unlock(&g->mu);
    if (u->data && u->owner == want) return 1;
    if (u->data && want == NULL) return 1; /* keep whatever it is */
    if (want) {
        void *p = NULL;
        if (vyre_host_alloc(want, g->slot_bytes, &p, NULL) == VYRE_OK) {
            if (u->data) { if (u->owner) vyre_host_free(u->owner, u->data); else vyre_free(&g->A, u->data); }
            u->data = (uint8_t *)p; u->owner = want;
            return 1;
        }
        if (u->data) return 1; /* page-locked memory ran out: plain memory still works */
    }
    u->data = (uint8_t *)g->A.alloc(g->slot_bytes, g->A.user);
    u->owner = NULL;
    if (!u->data) { VYRE__OOM(err, "staging buffer", (uint64_t)g->slot_bytes); return 0; }
    return 1;
}
static void vyre__ing_hook(vyre_ingest *g, const char *path, uint64_t off, uint64_t len) {
    if (g->d.read_hook) g->d.read_hook(g->d.hook_user, path, off, len);
}
/* reads a unit's bytes; 0 on a fatal error (set) */
static int vyre__ing_read(vyre_ingest *g, vyre__iunit *u) {
    vyre_error e;
    uint32_t i, reg;
    memset(&e, 0, sizeof e);
    if (!vyre__ing_staging(g, u, &e)) {
        pthread_mutex_lock(&g->mu); vyre__ing_fail(g, e.code, &e); pthread_mutex_unlock(&g->mu);
        return 0;
    }
    if (u->chunk) {
        vyre__ient *f = u->items[0];
        int fd, er;
        size_t got = 0;
        if (u->plan_skip) { u->dlen = u->olen = 0; return 1; }
        if (f->is_stdin) {
            /* sequential: the planner is held (g->planning) until this returns */
            size_t want = g->d.chunk_bytes + g->L1;
            if (g->carry_len) memcpy(u->data, g->carry, g->carry_len);
            vyre__ing_hook(g, f->path, u->foff, want);
            er = vyre__ing_read_full(0, u->data + g->carry_len, want - g->carry_len, 0, 1, &got);
            u->dlen = g->carry_len + got;
            if (er) {
                vyre__ing_ferr(g, f, u, "Fix: check what feeds standard input; its matches up to the failure were reported.",
                               "%s: read error after %llu bytes: %s", "(standard input)", (unsigned long long)(u->foff + u->dlen), strerror(er));
                u->dlen = 0;
            }
            if (er || u->dlen < want) { u->last = 1; u->olen = u->dlen; }
            else {
                u->olen = g->d.chunk_bytes;
                g->carry_len = u->dlen - u->olen;
                memcpy(g->carry, u->data + u->olen, g->carry_len);
            }
            f->size = u->foff + u->olen;
            return 1;
        }
        vyre__ing_hook(g, f->path, u->foff, u->dlen);
        fd = vyre__ing_open(g, f, u);
        if (fd < 0) { u->dlen = u->olen = 0; return 1; }
        if (g->bus_on) {
            /* mapped in place when this reader will scan it (no backend lane to hand it to) */
            int alone;
            pthread_mutex_lock(&g->mu);
            alone = g->attached == NULL;
            pthread_mutex_unlock(&g->mu);
            if (alone && vyre__ing_map(g, u, fd)) {
                if (u->last) {
                    uint8_t probe;
                    size_t pg = 0;
                    if (vyre__ing_read_full(fd, &probe, 1, f->size, 0, &pg) == 0 && pg == 1) {
                        vyre__ing_unmap(g, u);
                        vyre__ing_grew(g, f, u);
                        u->dlen = u->olen = 0;
                    }
                }
                return 1;
            }
        }
        er = vyre__ing_read_full(fd, u->data, u->dlen, u->foff, 0, &got);
        if (er) {
            vyre__ing_ferr(g, f, u, "Fix: check the file and the device it is on (the other files were scanned).",
                           "%s: read error at byte %llu: %s", f->path, (unsigned long long)(u->foff + got), strerror(er));
            u->dlen = u->olen = 0;
        } else if (got < u->dlen) {
            vyre__ing_shrank(g, f, u, u->foff + got);
            u->dlen = u->olen = 0;
        } else if (u->last) {
            uint8_t probe;
            size_t pg = 0;
            if (vyre__ing_read_full(fd, &probe, 1, f->size, 0, &pg) == 0 && pg == 1) { vyre__ing_grew(g, f, u); u->dlen = u->olen = 0; }
        }
        close(fd);
        return 1;
    }
    u->dlen = 0;
    for (i = 0, reg = 0; i < u->nitems; i++) {
        vyre__ient *f = u->items[i];
        size_t got = 0, want;
        int fd = -1, er;
        if (f->is_event) continue;
        if (!g->abort && !(g->d.cancel && *g->d.cancel)) {
            vyre__ing_hook(g, f->path, 0, f->size);
            fd = vyre__ing_open(g, f, u);
        }
        if (fd >= 0) {
            want = (size_t)f->size + 1; /* one more byte: did it grow? */
            er = vyre__ing_read_full(fd, u->data + u->dlen, want, 0, 0, &got);
            close(fd);
            if (er) vyre__ing_ferr(g, f, u, "Fix: check the file and the device it is on (it was skipped; the other files were scanned).",
                                   "%s: read error: %s", f->path, strerror(er));
            else if (got == want) vyre__ing_grew(g, f, u);
            else if (got < f->size) vyre__ing_shrank(g, f, u, got);
        }
        /* the region: [start, start + size) when read whole, empty otherwise */
        u->starts[reg++] = u->dlen;
        if (fd >= 0 && f->status == VYRE_OK) u->dlen += (size_t)f->size;
    }
    u->olen = u->dlen;
    return 1;
}

/* ---- scanning ------------------------------------------------------------- */
static vyre_result vyre__ing_lane_open(vyre_ingest *g, vyre__ilane *L, vyre_error *err) {
    vyre_scanner_desc sd;
    vyre_result r;
    if (L->sc) return VYRE_OK;
    if (!L->be) {
        vyre_cpu_desc cd;
        memset(&cd, 0, sizeof cd);
        cd.threads = 1;
        cd.allocator = g->A;
        if ((r = vyre_cpu_backend_create(&cd, &L->be, err)) != VYRE_OK) return r;
        L->own_be = 1;
        L->is_cpu = 1;
    }
    memset(&sd, 0, sizeof sd);
    sd.chunk_bytes = g->slot_bytes;
    sd.max_matches_per_chunk = g->d.result_matches;
    sd.allocator = g->A;
    if ((r = vyre_scanner_create(L->be, g->set, &sd, &L->sc, err)) != VYRE_OK) return r;
    L->rawcap = g->d.result_matches;
    L->raw = (vyre_raw_match *)vyre__calloc(&g->A, L->rawcap, sizeof *L->raw, "raw match buffer", err);
    if (!L->raw) return VYRE_ERR_OUT_OF_MEMORY;
    if (g->d.mode == VYRE_INGEST_FIRST) {
        L->prescap = ((size_t)g->d.max_regions + 1) * g->wpr;
        L->pres = (uint32_t *)vyre__calloc(&g->A, L->prescap, sizeof *L->pres, "presence rows", err);
        if (!L->pres) return VYRE_ERR_OUT_OF_MEMORY;
    }
    L->hint = g->slot_bytes;
    return VYRE_OK;
}
static void vyre__ing_lane_close(vyre_ingest *g, vyre__ilane *L) {
    if (L->sc) vyre_scanner_destroy(L->sc);
    if (L->own_be && L->be) vyre_backend_destroy(L->be);
    vyre_free(&g->A, L->raw);
    vyre_free(&g->A, L->pres);
    memset(L, 0, sizeof *L);
}
/* hand the unit's results so far to the delivery thread and wait until taken */
static int vyre__ing_part(vyre_ingest *g, vyre__iunit *u) {
    pthread_mutex_lock(&g->mu);
    u->part_ready = 1;
    pthread_cond_broadcast(&g->cv);
    while (u->part_ready && !g->abort) pthread_cond_wait(&g->cv, &g->mu);
    pthread_mutex_unlock(&g->mu);
    return !g->abort;
}
/* region of unit offset s (batch), by binary search */
static uint32_t vyre__ing_region(const vyre__iunit *u, uint64_t s) {
    uint32_t lo = 0, hi = u->nreg;
    while (hi - lo > 1) { uint32_t mid = lo + (hi - lo) / 2; if (u->starts[mid] <= s) lo = mid; else hi = mid; }
    return lo;
}
static uint64_t vyre__ing_rend(const vyre__iunit *u, uint32_t r) { return r + 1 < u->nreg ? u->starts[r + 1] : u->dlen; }
/* matches starting in [0, olen), in pieces whose raw matches fit the lane's buffer: to the result
   buffer (MATCHES, sorted) or per-region counts (COUNT) */
static vyre_result vyre__ing_pieces(vyre_ingest *g, vyre__ilane *L, vyre__iunit *u, int counting, uint64_t *dev, vyre_error *err) {
    const vyre_pattern_set *set = g->set;
    size_t x = u->resuming ? u->resume_x : 0;
    vyre_result r;
    u->resuming = 0;
    while (x < u->olen) {
        size_t n = u->olen - x < L->hint ? u->olen - x : L->hint, y, e, j, k, n0;
        vyre_lit_request q;
        vyre_lit_result res;
        if (n == 0) n = 1;
        y = x + n;
        e = y + g->L1 < u->dlen ? y + g->L1 : u->dlen;
        memset(&q, 0, sizeof q);
        memset(&res, 0, sizeof res);
        q.mode = VYRE_LIT_MATCHES; q.data = u->data + x; q.len = e - x; q.context_len = 0;
        q.matches = L->raw; q.cap = L->rawcap;
        r = vyre__run_request(L->sc, &q, &res, err);
        if (res.timing.device_ns != VYRE_TIME_UNKNOWN && *dev != VYRE_TIME_UNKNOWN) *dev += res.timing.device_ns;
        else *dev = VYRE_TIME_UNKNOWN;
        if (r == VYRE_ERR_MATCH_CAPACITY) {
            vyre__clear_error(err);
            pthread_mutex_lock(&g->mu); g->st.resplits++; pthread_mutex_unlock(&g->mu);
            if (n > 1) {
                /* the density says how long a piece fits: aim at half the buffer */
                double fit = (double)(e - x) * (double)L->rawcap / (2.0 * (double)(res.count ? res.count : 1));
                size_t nn = fit < 1.0 ? 1 : (size_t)fit;
                if (nn > g->L1) nn -= g->L1; else nn = 1;
                L->hint = nn < n / 2 ? nn : n / 2;
                if (L->hint == 0) L->hint = 1;
            } else {
                /* one start position whose look-ahead alone overflows: grow the buffer to exactly what it needs */
                vyre_raw_match *nr;
                if (res.count > (uint64_t)((size_t)-1 / 16)) return VYRE__OVERFLOW(err, "raw match buffer");
                nr = (vyre_raw_match *)g->A.realloc(L->raw, (size_t)res.count * sizeof *nr, g->A.user);
                if (!nr) return VYRE__OOM(err, "raw match buffer", res.count * sizeof *nr);
                L->raw = nr; L->rawcap = (size_t)res.count;
            }
            continue;
        }
        if (r != VYRE_OK) return r;
        k = (size_t)res.count;
        if (counting) {
            for (j = 0; j < k; j++) {
                uint64_t end = (uint64_t)x + L->raw[j].end, s = (uint64_t)x + set->ops->match_start(set, L->raw[j].pattern_id, L->raw[j].end);
                uint32_t reg;
                if (s >= y) continue;
                reg = u->chunk ? 0 : vyre__ing_region(u, s);
                if (!u->chunk && end > vyre__ing_rend(u, reg)) continue;
                u->cnt[reg]++;
            }
        } else {
            if (u->nres + k > u->rescap) {
                if (u->nres && L->parks) {
                    /* a lane thread serves many units: waiting here for this unit's turn could wait for a
                       unit queued behind it on this very lane; park it (this piece is scanned again) */
                    int next;
                    pthread_mutex_lock(&g->mu);
                    next = u->seq == g->dseq;
                    pthread_mutex_unlock(&g->mu);
                    if (!next) { u->parked = 1; u->resume_x = x; return VYRE_OK; }
                }
                if (u->nres && u->map) {
                    /* a mapped chunk's part goes out only while the file still holds the mapped bytes */
                    uint64_t now;
                    if (vyre__ing_map_changed(u, &now)) { u->nres = 0; return VYRE_OK; }
                }
                if (u->nres && !vyre__ing_part(g, u)) return VYRE_STOPPED;
                if (k > u->rescap) {
                    vyre_match *nm = (vyre_match *)g->A.realloc(u->res, k * sizeof *nm, g->A.user);
                    if (!nm) return VYRE__OOM(err, "result buffer", (uint64_t)k * sizeof *nm);
                    u->res = nm; u->rescap = k;
                }
            }
            n0 = u->nres;
            for (j = 0; j < k; j++) {
                uint64_t end = (uint64_t)x + L->raw[j].end, s = (uint64_t)x + set->ops->match_start(set, L->raw[j].pattern_id, L->raw[j].end);
                vyre_match *m;
                if (s >= y) continue;
                m = &u->res[u->nres++];
                m->start = s; m->end = end; m->pattern_id = L->raw[j].pattern_id; m->region = 0;
            }
            vyre__sort_matches_a(&g->A, u->res + n0, u->nres - n0);
            if (u->chunk) {
                for (j = n0; j < u->nres; j++) { u->res[j].start += u->foff; u->res[j].end += u->foff; }
            } else {
                size_t w = n0;
                for (j = n0; j < u->nres; j++) {
                    vyre_match m = u->res[j];
                    uint32_t reg = vyre__ing_region(u, m.start);
                    if (m.end > vyre__ing_rend(u, reg)) continue; /* crosses into the next file */
                    m.region = reg; m.start -= u->starts[reg]; m.end -= u->starts[reg];
                    u->res[w++] = m;
                }
                u->nres = w;
            }
        }
        if (k < L->rawcap / 4 && L->hint < g->slot_bytes) L->hint = L->hint > g->slot_bytes / 2 ? g->slot_bytes : L->hint * 2;
        x = y;
        if (g->abort) return VYRE_STOPPED;
    }
    return VYRE_OK;
}
static vyre_result vyre__ing_count_req(vyre__ilane *L, const uint8_t *p, size_t len, uint64_t *out, uint64_t *dev, vyre_error *err) {
    vyre_lit_request q;
    vyre_lit_result res;
    vyre_result r;
    *out = 0;
    if (!len) return VYRE_OK;
    memset(&q, 0, sizeof q);
    memset(&res, 0, sizeof res);
    q.mode = VYRE_LIT_COUNT; q.data = p; q.len = len;
    r = vyre__run_request(L->sc, &q, &res, err);
    if (res.timing.device_ns != VYRE_TIME_UNKNOWN && *dev != VYRE_TIME_UNKNOWN) *dev += res.timing.device_ns;
    else *dev = VYRE_TIME_UNKNOWN;
    if (r == VYRE_OK) *out = res.count;
    return r;
}
/* kinds that find whole matches (vyre__engine_ops.cpu_matches: regex): each
   region (file) is scanned alone, as its own text; a file split into chunks
   is refused loudly (the chunk join of these kinds is the scanner's stream) */
typedef struct vyre__ikc { vyre_ingest *g; vyre__iunit *u; uint32_t reg; int oom; } vyre__ikc;
static int vyre__ing_kemit(void *p, uint32_t pid, uint64_t st, uint64_t e, const uint64_t *caps, uint32_t ng) {
    vyre__ikc *c = (vyre__ikc *)p;
    vyre__iunit *u = c->u;
    (void)caps; (void)ng;
    if (c->g->d.mode != VYRE_INGEST_MATCHES) { u->cnt[c->reg]++; return c->g->d.mode == VYRE_INGEST_FIRST; }
    if (u->nres == u->rescap) {
        size_t nc = u->rescap ? 2 * u->rescap : 64;
        vyre_match *nm = (vyre_match *)c->g->A.realloc(u->res, nc * sizeof *nm, c->g->A.user);
        if (!nm) { c->oom = 1; return 1; }
        u->res = nm; u->rescap = nc;
    }
    u->res[u->nres].start = st; u->res[u->nres].end = e; u->res[u->nres].pattern_id = pid;
    u->res[u->nres].region = u->chunk ? 0 : c->reg;
    u->nres++;
    return 0;
}
static vyre_result vyre__ing_kscan(vyre_ingest *g, vyre__iunit *u, vyre_error *err) {
    uint32_t i;
    vyre_result r = VYRE_OK;
    (void)err;
    if (u->chunk && (u->foff > 0 || !u->last)) { /* a per-file error: the other files are scanned */
        if (u->st == VYRE_OK)
            vyre_set_error(&u->err, VYRE_ERR_UNSUPPORTED,
                           "Fix: raise vyre_ingest_desc.chunk_bytes above the largest file (rule sets scan each file whole), or scan this file with a vyre_stream.",
                           "%s is larger than the %llu-byte ingest chunk, and sets of kind '%s' are not scanned in chunks by the ingest pipeline",
                           u->items[0]->path ? u->items[0]->path : "(standard input)", (unsigned long long)g->d.chunk_bytes, g->set->ops->name);
        u->st = VYRE_ERR_UNSUPPORTED;
        pthread_mutex_lock(&g->mu); u->items[0]->stop = 1; pthread_mutex_unlock(&g->mu);
        return VYRE_OK;
    }
    for (i = 0; i < u->nreg && r == VYRE_OK; i++) {
        vyre__ikc c;
        uint64_t a = u->chunk ? 0 : u->starts[i], e = u->chunk ? u->olen : vyre__ing_rend(u, i);
        size_t n0 = u->nres;
        c.g = g; c.u = u; c.reg = i; c.oom = 0;
        r = g->set->ops->cpu_matches(g->set, 0, u->data + a, (size_t)(e - a), 0, UINT64_MAX, vyre__ing_kemit, &c, err);
        if (c.oom) return VYRE__OOM(err, "result buffer", (uint64_t)u->rescap * 2 * sizeof(vyre_match));
        if (r == VYRE_STOPPED) r = VYRE_OK;
        if (g->d.mode == VYRE_INGEST_FIRST) u->cnt[i] = u->cnt[i] ? 1 : 0;
        if (u->nres > n0) vyre__sort_matches_a(&g->A, u->res + n0, u->nres - n0);
    }
    if (r == VYRE_OK && u->chunk && g->d.mode == VYRE_INGEST_FIRST && u->cnt[0]) { pthread_mutex_lock(&g->mu); u->items[0]->stop = 1; pthread_mutex_unlock(&g->mu); }
    return r;
}
static vyre_result vyre__ing_scan(vyre_ingest *g, vyre__ilane *L, vyre__iunit *u, uint64_t *dev, vyre_error *err) {
    uint32_t i;
    vyre_result r = VYRE_OK;
    if (u->resuming) return vyre__ing_pieces(g, L, u, 0, dev, err); /* MATCHES, after a part was taken */
    if (u->nreg) memset(u->cnt, 0, (size_t)u->nreg * sizeof *u->cnt);
    u->nres = 0;
    if (u->olen == 0 || u->nreg == 0) return VYRE_OK;
    if (g->set->ops->cpu_matches) {
        if (!L->is_cpu && L->be && vyre_backend_vtable_of(L->be) != &vyre__cpu_vtable)
            return vyre_set_error(err, VYRE_ERR_UNSUPPORTED, "Fix: ingest rule sets with the CPU backend (VYRE_INGEST_CPU); vyre never falls back to the CPU silently.",
                                  "backend '%s' has no GPU programs for sets of kind '%s' in the ingest pipeline", vyre_backend_id(L->be), g->set->ops->name);
        return vyre__ing_kscan(g, u, err);
    }
    switch (g->d.mode) {
    case VYRE_INGEST_MATCHES: return vyre__ing_pieces(g, L, u, 0, dev, err);
    case VYRE_INGEST_COUNT:
        if (u->chunk) {
            /* matches starting in [0, olen) = wholly in [0, dlen) minus wholly in [olen, dlen) */
            uint64_t a = 0, b = 0;
            if ((r = vyre__ing_count_req(L, u->data, u->dlen, &a, dev, err)) != VYRE_OK) return r;
            if (u->dlen > u->olen && (r = vyre__ing_count_req(L, u->data + u->olen, u->dlen - u->olen, &b, dev, err)) != VYRE_OK) return r;
            u->cnt[0] = a - b;
            return VYRE_OK;
        }
        if (L->is_cpu || u->nreg <= 4) {
            for (i = 0; i < u->nreg; i++) {
                uint64_t s = u->starts[i], e = vyre__ing_rend(u, i);
                if ((r = vyre__ing_count_req(L, u->data + s, (size_t)(e - s), &u->cnt[i], dev, err)) != VYRE_OK) return r;
            }
            return VYRE_OK;
        }
        return vyre__ing_pieces(g, L, u, 1, dev, err);
    default: { /* FIRST: region presence */
        vyre_lit_request q;
        vyre_lit_result res;
        size_t words = (size_t)u->nreg * g->wpr, w;
        memset(&q, 0, sizeof q);
        memset(&res, 0, sizeof res);
        memset(L->pres, 0, words * sizeof *L->pres);
        q.mode = VYRE_LIT_PRESENCE; q.data = u->data; q.len = u->dlen;
        q.region_starts = u->starts; q.region_count = u->nreg; q.regions_end = u->dlen; q.presence = L->pres;
        r = vyre__run_request(L->sc, &q, &res, err);
        if (res.timing.device_ns != VYRE_TIME_UNKNOWN && *dev != VYRE_TIME_UNKNOWN) *dev += res.timing.device_ns;
        else *dev = VYRE_TIME_UNKNOWN;
        if (r != VYRE_OK) return r;
        for (i = 0; i < u->nreg; i++) {
            uint32_t any = 0;
            for (w = 0; w < g->wpr; w++) any |= L->pres[(size_t)i * g->wpr + w];
            u->cnt[i] = any ? 1 : 0;
        }
        if (u->chunk && u->cnt[0]) { pthread_mutex_lock(&g->mu); u->items[0]->stop = 1; pthread_mutex_unlock(&g->mu); }
        return VYRE_OK;
    }
    }
}
/* scan on a lane and mark done; 0 on a fatal error */
static int vyre__ing_scan_done(vyre_ingest *g, vyre__ilane *L, vyre__iunit *u, int backend) {
    vyre_error e;
    vyre_result r;
    uint64_t t = vyre_now_ns(), dev = 0;
    memset(&e, 0, sizeof e);
    r = vyre__ing_scan(g, L, u, &dev, &e);
    if (u->map) vyre__ing_unmap(g, u);
    t = vyre_now_ns() - t;
    size_t nb;
    pthread_mutex_lock(&g->mu);
    nb = u->parked ? 0 : u->olen; /* a parked unit's bytes count once, when it completes */
    if (backend) { /* 1 + the lane's index in desc.backends */
        g->st.backend_scan_ns += t; g->st.backend_bytes += nb;
        if ((uint32_t)(backend - 1) < VYRE_INGEST_MAX_BACKENDS) g->st.lane_bytes[backend - 1] += nb;
        if (dev == VYRE_TIME_UNKNOWN || g->st.backend_device_ns == VYRE_TIME_UNKNOWN) g->st.backend_device_ns = VYRE_TIME_UNKNOWN;
        else g->st.backend_device_ns += dev;
    } else { g->st.cpu_scan_ns += t; g->st.cpu_bytes += nb; }
    if (r != VYRE_OK && r != VYRE_STOPPED) vyre__ing_fail(g, r, &e);
    if (u->parked && r == VYRE_OK) {
        /* its results so far are a part; the delivery thread queues it again once it took them */
        u->parked = 0;
        u->resuming = 1;
        u->part_ready = 1;
        u->state = VYRE__IU_PARKED;
        g->st.parks++;
    } else {
        u->parked = 0;
        u->resuming = 0;
        u->state = VYRE__IU_DONE;
    }
    pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->mu);
    return r == VYRE_OK;
}

/* ---- threads ------------------------------------------------------------------ */
typedef struct vyre__ing_rarg { vyre_ingest *g; uint32_t idx; } vyre__ing_rarg;
static void *vyre__ing_reader(void *arg) {
    vyre_ingest *g = ((vyre__ing_rarg *)arg)->g;
    vyre__ilane *L = &g->rlanes[((vyre__ing_rarg *)arg)->idx];
    vyre_error e;
    for (;;) {
        vyre__iunit *u = NULL;
        uint32_t s;
        int ok;
        uint64_t t;
        pthread_mutex_lock(&g->mu);
        for (;;) {
            if (g->abort || g->plan_done) break;
            if (!g->planning && g->next_seq - g->dseq < g->d.slots) {
                for (s = 0; s < g->d.slots; s++) if (g->units[s].state == VYRE__IU_FREE) { u = &g->units[s]; break; }
                if (u) break;
            }
            pthread_cond_wait(&g->cv, &g->mu);
        }
        if (!u) { pthread_mutex_unlock(&g->mu); break; }
        u->state = VYRE__IU_READING;
        g->planning = 1;
        ok = vyre__ing_plan(g, u);
        if (!ok) {
            u->state = VYRE__IU_FREE;
            g->planning = 0;
            if (!g->abort) g->plan_done = 1;
            pthread_cond_broadcast(&g->cv);
            pthread_mutex_unlock(&g->mu);
            break;
        }
        u->seq = g->next_seq++;
        g->ring[u->seq % g->d.slots] = u;
        u->st = VYRE_OK; u->skip = 0; u->dcur = 0; u->nres = 0; u->part_ready = 0;
        u->parked = 0; u->resuming = 0; u->resume_x = 0;
        memset(u->cnt, 0, ((size_t)u->nreg + 1) * sizeof *u->cnt);
        if (!(u->chunk && u->items[0]->is_stdin && !u->plan_skip)) { g->planning = 0; pthread_cond_broadcast(&g->cv); }
        pthread_mutex_unlock(&g->mu);
        t = vyre_now_ns();
        ok = vyre__ing_read(g, u);
        t = vyre_now_ns() - t;
        pthread_mutex_lock(&g->mu);
        g->st.read_ns += t;
        g->st.bytes_done += u->olen;
        if (u->map) { g->st.mapped_chunks++; g->st.mapped_bytes += u->olen; }
        if (g->planning && u->chunk && u->items[0]->is_stdin && !u->plan_skip) {
            /* standard input: the next chunk can be planned now */
            if (u->last) g->ccur = NULL;
            else g->coff = u->foff + u->olen;
            g->planning = 0;
        }
        if (!ok) { u->state = VYRE__IU_DONE; pthread_cond_broadcast(&g->cv); pthread_mutex_unlock(&g->mu); continue; }
        if (u->olen == 0 || u->nreg == 0) { u->state = VYRE__IU_DONE; pthread_cond_broadcast(&g->cv); pthread_mutex_unlock(&g->mu); continue; }
        /* with CPU lanes too, the backend gets a unit while its queue holds fewer than the slots the
           readers do not need (at least 2); past that the reader scans it itself */
        if (!u->map && g->attached && (!(g->d.flags & VYRE_INGEST_CPU) || (g->blane_ready && (g->d.flags & VYRE_INGEST_CPU_UNTIL_READY)) ||
                            (g->blane_ready && g->bq_len < (g->d.slots > g->d.readers + 2 ? g->d.slots - g->d.readers : 2)))) {
            g->bq[(g->bq_head + g->bq_len) % g->d.slots] = u;
            g->bq_len++;
            u->state = VYRE__IU_QUEUED;
            pthread_cond_broadcast(&g->cv);
            pthread_mutex_unlock(&g->mu);
            continue;
        }
        if (!(g->d.flags & VYRE_INGEST_CPU)) {
            /* no backend yet: queue for the one that will be attached */
            g->bq[(g->bq_head + g->bq_len) % g->d.slots] = u;
            g->bq_len++;
            u->state = VYRE__IU_QUEUED;
            pthread_cond_broadcast(&g->cv);
            pthread_mutex_unlock(&g->mu);
            continue;
        }
        u->state = VYRE__IU_SCANNING;
        pthread_mutex_unlock(&g->mu);
        if (!L->sc) {
            vyre_result r;
            memset(&e, 0, sizeof e);
            r = vyre__ing_lane_open(g, L, &e);
            if (r != VYRE_OK) {
                if (u->map) vyre__ing_unmap(g, u);
                pthread_mutex_lock(&g->mu); vyre__ing_fail(g, r, &e); u->state = VYRE__IU_DONE; pthread_mutex_unlock(&g->mu);
                break;
            }
        }
        vyre__ing_scan_done(g, L, u, 0);
    }
    return NULL;
}
static void vyre__ing_reader_task(void *g, uint32_t idx) { /* reader idx as a worker-pool task */
    vyre__ing_rarg a;
    a.g = (vyre_ingest *)g; a.idx = idx;
    (void)vyre__ing_reader(&a);
}
typedef struct vyre__ing_xarg { vyre_ingest *g; uint32_t idx; } vyre__ing_xarg;
/* a backend lane: lane 0 is blane (desc.backend, backends[0] or the attached one), lanes 1.. are xlanes */
static void *vyre__ing_lane_run(vyre_ingest *g, vyre__ilane *L, uint32_t lane) {
    vyre_error e;
    vyre_result r;
    memset(&e, 0, sizeof e);
    r = vyre__ing_lane_open(g, L, &e);
    pthread_mutex_lock(&g->mu);
    if (r != VYRE_OK) { vyre__ing_fail(g, r, &e); pthread_mutex_unlock(&g->mu); return NULL; }
    if (lane == 0) {
        g->blane_ready = 1;
        g->st.attach_ns = vyre_now_ns() - g->t0;
    }
    pthread_cond_broadcast(&g->cv);
    L->parks = 1; /* one thread, many units: park, never wait for a later unit's turn */
    for (;;) {
        vyre__iunit *u;
        while (!g->abort && !g->ended && g->bq_len == 0) pthread_cond_wait(&g->cv, &g->mu);
        if (g->abort || (g->ended && g->bq_len == 0)) break;
        u = g->bq[g->bq_head];
        g->bq_head = (g->bq_head + 1) % g->d.slots;
        g->bq_len--;
        u->state = VYRE__IU_SCANNING;
        pthread_cond_broadcast(&g->cv);
        pthread_mutex_unlock(&g->mu);
        vyre__ing_scan_done(g, L, u, 1 + (int)lane);
        pthread_mutex_lock(&g->mu);
    }
    pthread_mutex_unlock(&g->mu);
    return NULL;
}
static void *vyre__ing_blane(void *arg) { vyre_ingest *g = (vyre_ingest *)arg; return vyre__ing_lane_run(g, &g->blane, 0); }
static void *vyre__ing_xlane(void *arg) {
    vyre__ing_xarg *x = (vyre__ing_xarg *)arg;
    return vyre__ing_lane_run(x->g, &x->g->xlanes[x->idx], x->idx + 1);
}

/* ---- delivery (the caller's thread) --------------------------------------------- */
static void vyre__ing_fileinfo(const vyre__ient *e, vyre_ingest_file *f) {
    f->path = e->path; f->index = e->index; f->size = e->size; f->is_stdin = e->is_stdin;
}
/* finish item i of u: events, file results. Returns non-zero to stop. */
static int vyre__ing_finish(vyre_ingest *g, vyre__iunit *u, uint32_t i) {
    vyre__ient *e = u->items[i];
    int stop = 0;
    if (e->is_event) {
        vyre_ingest_event ev;
        ev.kind = e->ev; ev.path = e->path; ev.depth = e->depth; ev.at_open = 0; ev.err = e->err;
        if (g->d.cb.event) g->d.cb.event(g->d.cb.user, &ev);
        return 0;
    }
    if (u->chunk) {
        if (u->skip && !e->skip && e->status == VYRE_OK) e->skip = u->skip;
        if (u->st != VYRE_OK && e->status == VYRE_OK && !e->skip) {
            e->status = u->st;
            e->err = (vyre_error *)vyre__calloc(&g->A, 1, sizeof *e->err, "file error", NULL);
            if (e->err) *e->err = u->err;
        }
        if (!u->last) return 0;
    }
    if (e->skip) {
        vyre_ingest_event ev;
        ev.kind = (vyre_ingest_event_kind)e->skip; ev.path = e->path; ev.depth = e->depth; ev.at_open = 1; ev.err = NULL;
        if (g->d.cb.event) g->d.cb.event(g->d.cb.user, &ev);
        return 0;
    }
    {
        vyre_ingest_file f;
        vyre_error fallback;
        const vyre_error *pe = e->err;
        vyre__ing_fileinfo(e, &f);
        if (e->status != VYRE_OK && !pe) {
            vyre_set_error(&fallback, e->status, "Fix: see the message.", "%s: could not be read (and the error detail could not be allocated)", e->path);
            pe = &fallback;
        }
        pthread_mutex_lock(&g->mu); /* vyre_ingest_get_stats may read them from another thread */
        g->st.files_done++;
        if (e->status != VYRE_OK) g->st.file_errors++;
        pthread_mutex_unlock(&g->mu);
        if (g->d.cb.file) stop = g->d.cb.file(g->d.cb.user, &f, e->status == VYRE_OK ? e->count : 0, e->status, e->status == VYRE_OK ? NULL : pe);
    }
    return stop;
}
/* deliver what u holds; done = the unit is complete. Returns non-zero to stop. */
static int vyre__ing_deliver(vyre_ingest *g, vyre__iunit *u, int done) {
    size_t j;
    uint32_t i;
    if (g->d.mode == VYRE_INGEST_MATCHES) {
        for (j = 0; j < u->nres; j++) {
            const vyre_match *m = &u->res[j];
            uint32_t it = u->chunk ? 0 : u->reg_item[m->region];
            vyre__ient *e;
            vyre_ingest_file f;
            vyre_match o;
            while (u->dcur < it) if (vyre__ing_finish(g, u, u->dcur++)) return 1;
            e = u->items[it];
            if (e->status != VYRE_OK || e->skip) continue;
            o = *m; o.region = 0;
            vyre__ing_fileinfo(e, &f);
            e->count++;
            if (g->d.cb.match && g->d.cb.match(g->d.cb.user, &f, &o)) return 1;
        }
    } else if (done) {
        for (i = 0; i < u->nreg; i++) {
            vyre__ient *e = u->items[u->reg_item[i]];
            if (g->d.mode == VYRE_INGEST_FIRST) { if (u->cnt[i]) e->count = 1; }
            else e->count += u->cnt[i];
        }
    }
    if (done) while (u->dcur < u->nitems) if (vyre__ing_finish(g, u, u->dcur++)) return 1;
    return 0;
}
static void vyre__ing_release_unit(vyre_ingest *g, vyre__iunit *u) {
    uint32_t i;
    for (i = 0; i < u->nitems; i++) {
        vyre__ient *e = u->items[i];
        if (!u->chunk || u->last) vyre__ing_ev_free(g, e);
    }
    u->nitems = 0; u->nreg = 0; u->nres = 0;
    u->state = VYRE__IU_FREE;
}

/* ---- public ---------------------------------------------------------------------- */
VYREDEF vyre_result vyre_ingest_create(const vyre_literal_set *set, const vyre_ingest_desc *desc, vyre_ingest **out, vyre_error *err) {
    vyre_allocator A;
    vyre_ingest *g;
    vyre_result r;
    vyre_ingest_desc d;
    size_t i, per_slot, lanes;
    static const char *fixd = "Fix: set the field as vyre.h >>ingest describes (0 = the default).";
    vyre__clear_error(err);
    if (!out) return VYRE__NULLARG(err, "out");
    *out = NULL;
    if (!set) return VYRE__NULLARG(err, "set");
    if (!desc) return VYRE__NULLARG(err, "desc");
    d = *desc;
    if (d.path_count && !d.paths) return VYRE__NULLARG(err, "desc.paths");
    for (i = 0; i < d.path_count; i++) if (!d.paths[i]) return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, fixd, "desc.paths[%zu] is NULL", i);
    if (d.mode != VYRE_INGEST_MATCHES && d.mode != VYRE_INGEST_COUNT && d.mode != VYRE_INGEST_FIRST)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: use VYRE_INGEST_MATCHES, VYRE_INGEST_COUNT or VYRE_INGEST_FIRST.",
                              "desc.mode = %d is not a vyre_ingest_mode", (int)d.mode);
    if (d.flags & ~(VYRE_INGEST_CPU | VYRE_INGEST_FEED | VYRE_INGEST_CPU_UNTIL_READY | VYRE_INGEST_MMAP)) return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, fixd, "desc.flags = 0x%x has unknown bits", (unsigned)d.flags);
    if (d.backend_count) { /* several backends (>>multi) */
        if (!d.backends) return VYRE__NULLARG(err, "desc.backends");
        if (d.backend_count > VYRE_INGEST_MAX_BACKENDS)
            return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass at most VYRE_INGEST_MAX_BACKENDS (64) backends.",
                                  "desc.backend_count = %u is over %u", d.backend_count, VYRE_INGEST_MAX_BACKENDS);
        if (d.backend)
            return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: set desc.backend or desc.backends, not both.",
                                  "desc.backend and desc.backends are both set");
        for (i = 0; i < d.backend_count; i++)
            if (!d.backends[i]) return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, fixd, "desc.backends[%zu] is NULL", i);
        d.backend = d.backends[0];
    }
    if (!(d.flags & VYRE_INGEST_CPU) && !d.backend && d.path_count == 0) { /* nothing to scan anyway */ }
    if ((r = vyre_allocator_resolve(&d.allocator, &A, err)) != VYRE_OK) return r;
    if (!d.readers) d.readers = vyre__host_cores();
    if (d.readers > 256) return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, fixd, "desc.readers = %u is over the limit of 256", d.readers);
    if (!d.slots) d.slots = d.readers + 4;
    if (d.slots > 64) d.slots = desc->slots ? d.slots : 64;
    if (d.slots < 2 || d.slots > 64) return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, fixd, "desc.slots = %u is outside 2..64", d.slots);
    if (!d.batch_bytes) d.batch_bytes = (size_t)16 << 20;
    if (!d.chunk_bytes) d.chunk_bytes = (size_t)16 << 20;
    if (!desc->small_file_bytes) d.small_file_bytes = d.batch_bytes < ((size_t)1 << 20) ? d.batch_bytes : ((size_t)1 << 20);
    if (d.small_file_bytes > d.batch_bytes)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: make small_file_bytes at most batch_bytes.",
                              "desc.small_file_bytes = %zu is larger than desc.batch_bytes = %zu", d.small_file_bytes, d.batch_bytes);
    if (d.batch_bytes > ((size_t)1 << 31) || d.chunk_bytes > ((size_t)1 << 31))
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: use batches and chunks of at most 2 GiB.",
                              "desc.batch_bytes = %zu / chunk_bytes = %zu: over 2 GiB", d.batch_bytes, d.chunk_bytes);
    if (!d.max_regions) d.max_regions = 65536;
    if (d.max_regions > (1u << 24)) return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, fixd, "desc.max_regions = %u is over 16 Mi", d.max_regions);
    if (d.mode == VYRE_INGEST_FIRST) {
        uint32_t wpr = vyre_presence_words(set), lim = (uint32_t)(((size_t)4 << 20) / (wpr ? wpr : 1));
        if (lim < 1) lim = 1;
        if (d.max_regions > lim) d.max_regions = lim;
    }
    if (!d.result_matches) d.result_matches = (size_t)256 << 10;
    if (d.result_matches > ((size_t)1 << 32) - 1)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, fixd, "desc.result_matches = %zu is over 2^32 - 1", d.result_matches);
    if (!d.max_pending) d.max_pending = 65536;
    g = (vyre_ingest *)vyre__calloc(&A, 1, sizeof *g, "ingest", err);
    if (!g) return VYRE_ERR_OUT_OF_MEMORY;
    g->A = A; g->set = set; g->d = d;
    g->L1 = set->ops->history_bytes(set) == VYRE__HISTORY_UNBOUNDED ? 0 : (size_t)set->ops->history_bytes(set); /* >>engines */
    if (set->ops->cpu_matches) g->L1 = 0; /* whole files (vyre__ing_kscan) */
    g->wpr = vyre_presence_words(set);
    g->slot_bytes = (d.batch_bytes > d.chunk_bytes + g->L1 ? d.batch_bytes : d.chunk_bytes + g->L1) + 1;
    per_slot = g->slot_bytes + d.result_matches * sizeof(vyre_match) + ((size_t)d.max_regions + 1) * (sizeof(void *) + 4 + 8 + 8);
    lanes = (size_t)d.readers * ((d.flags & VYRE_INGEST_CPU) ? 1 : 0) + (d.backend_count > 1 ? d.backend_count : 1);
    g->budget = (uint64_t)d.slots * per_slot +
                (uint64_t)lanes * (d.result_matches * sizeof(vyre_raw_match) +
                                   (d.mode == VYRE_INGEST_FIRST ? ((size_t)d.max_regions + 1) * g->wpr * 4 : 0)) +
                (uint64_t)d.max_pending * (sizeof(vyre__ient) + 64) + g->L1;
    g->st.budget_bytes = g->budget;
    g->fatal = VYRE_OK;
    g->paths = (char **)vyre__calloc(&A, d.path_count + 1, sizeof *g->paths, "paths", err);
    g->units = (vyre__iunit *)vyre__calloc(&A, d.slots, sizeof *g->units, "units", err);
    g->ring = (vyre__iunit **)vyre__calloc(&A, d.slots, sizeof *g->ring, "units", err);
    g->bq = (vyre__iunit **)vyre__calloc(&A, d.slots, sizeof *g->bq, "units", err);
    g->rlanes = (vyre__ilane *)vyre__calloc(&A, d.readers, sizeof *g->rlanes, "lanes", err);
    g->carry = (uint8_t *)vyre__calloc(&A, g->L1 + 1, 1, "look-ahead", err);
    if (!g->paths || !g->units || !g->ring || !g->bq || !g->rlanes || !g->carry) { vyre_ingest_destroy(g); return VYRE_ERR_OUT_OF_MEMORY; }
    for (i = 0; i < d.path_count; i++)
        if (!(g->paths[i] = vyre__ing_strdup(g, d.paths[i]))) { vyre_ingest_destroy(g); return VYRE__OOM(err, "paths", 0); }
    for (i = 0; i < d.slots; i++) {
        g->units[i].rescap = d.result_matches;
        g->units[i].res = (vyre_match *)g->A.alloc(d.result_matches * sizeof(vyre_match), g->A.user);
        if (!g->units[i].res) { vyre_ingest_destroy(g); return VYRE__OOM(err, "result buffers", (uint64_t)d.result_matches * sizeof(vyre_match)); }
    }
    if (pthread_mutex_init(&g->mu, NULL) != 0) { vyre_ingest_destroy(g); return vyre_set_error(err, VYRE_ERR_THREAD, "Fix: check system resources.", "pthread_mutex_init failed"); }
    if (pthread_cond_init(&g->cv, NULL) != 0) {
        pthread_mutex_destroy(&g->mu);
        vyre_ingest_destroy(g);
        return vyre_set_error(err, VYRE_ERR_THREAD, "Fix: check system resources.", "pthread_cond_init failed");
    }
    g->started = -1; /* sync objects live */
    if (d.backend) g->attached = d.backend;
    if (d.backend_count > 1) {
        g->nx = d.backend_count - 1;
        g->xlanes = (vyre__ilane *)vyre__calloc(&A, g->nx, sizeof *g->xlanes, "lanes", err);
        g->xthreads = (pthread_t *)vyre__calloc(&A, g->nx, sizeof *g->xthreads, "threads", err);
        g->xargs = (vyre__ing_xarg *)vyre__calloc(&A, g->nx, sizeof *g->xargs, "threads", err);
        if (!g->xlanes || !g->xthreads || !g->xargs) { vyre_ingest_destroy(g); return VYRE_ERR_OUT_OF_MEMORY; }
        for (i = 0; i < g->nx; i++) { g->xlanes[i].be = d.backends[i + 1]; g->xargs[i].g = g; g->xargs[i].idx = (uint32_t)i; }
    }
    *out = g;
    return VYRE_OK;
}

VYREDEF uint64_t vyre_ingest_budget_bytes(const vyre_ingest *g) { return g ? g->budget : 0; }

VYREDEF vyre_result vyre_ingest_attach(vyre_ingest *g, vyre_backend *b, vyre_error *err) {
    vyre_result r = VYRE_OK;
    vyre__clear_error(err);
    if (!g) return VYRE__NULLARG(err, "ingest");
    if (!b) return VYRE__NULLARG(err, "backend");
    pthread_mutex_lock(&g->mu);
    if ((g->attached && g->attached != b) || g->blane_started || g->ended)
        r = vyre_set_error(err, VYRE_ERR_STATE, "Fix: attach one backend per ingest object, before or during vyre_ingest_run.",
                           "a backend is already attached or the run has ended");
    else {
        g->attached = b;
        snprintf(g->st.backend_id, sizeof g->st.backend_id, "%s", vyre_backend_id(b));
        g->blane.be = b;
        if (g->started == 1) {
            if (pthread_create(&g->bthread, NULL, vyre__ing_blane, g) != 0) {
                g->attached = NULL;
                r = vyre_set_error(err, VYRE_ERR_THREAD, "Fix: check system resources (thread limits).", "creating the backend lane thread failed");
            } else g->blane_started = 1;
        }
        pthread_cond_broadcast(&g->cv);
    }
    pthread_mutex_unlock(&g->mu);
    return r;
}

typedef struct vyre__ing_known { uint64_t size, dev, ino; } vyre__ing_known;
static vyre_result vyre__ing_feed(vyre_ingest *g, const char *path, const vyre__ing_known *known, vyre_error *err);
VYREDEF vyre_result vyre_ingest_feed(vyre_ingest *g, const char *path, vyre_error *err) {
    return vyre__ing_feed(g, path, NULL, err);
}
VYREDEF vyre_result vyre_ingest_feed_file(vyre_ingest *g, const char *path, uint64_t size, uint64_t dev, uint64_t ino,
                                          vyre_error *err) {
    vyre__ing_known k;
    k.size = size; k.dev = dev; k.ino = ino;
    return vyre__ing_feed(g, path, &k, err);
}
static vyre_result vyre__ing_feed(vyre_ingest *g, const char *path, const vyre__ing_known *known, vyre_error *err) {
    int ok;
    vyre__clear_error(err);
    if (!g) return VYRE__NULLARG(err, "ingest");
    if (!path) return VYRE__NULLARG(err, "path");
    pthread_mutex_lock(&g->mu);
    if (!(g->d.flags & VYRE_INGEST_FEED) || g->feed_ended) {
        pthread_mutex_unlock(&g->mu);
        return vyre_set_error(err, VYRE_ERR_STATE, "Fix: create the ingest object with VYRE_INGEST_FEED and feed before vyre_ingest_feed_end.",
                              "vyre_ingest_feed without VYRE_INGEST_FEED or after vyre_ingest_feed_end");
    }
    /* desc.paths first: wait until the walker thread listed them (vyre_ingest_run started it) */
    while (!g->abort && !g->walker_listed) pthread_cond_wait(&g->cv, &g->mu);
    if (g->abort) { pthread_mutex_unlock(&g->mu); return VYRE_STOPPED; }
    pthread_mutex_unlock(&g->mu);
    if (known) {
        vyre__ient *en = vyre__ing_new(g, path);
        if (!en) ok = vyre__ing_oom(g, "walk entry");
        else {
            en->size = known->size; en->dev = known->dev; en->ino = known->ino;
            ok = vyre__ing_push(g, en);
        }
    } else if (strcmp(path, "-") == 0) ok = vyre__ing_file(g, path, NULL, 1);
    else ok = vyre__ing_walk_child(g, path, 0);
    /* queue soon while the readers may be idle, then in batches */
    g->fed++;
    if (ok && vyre__ing_flush_due(g, g->fed)) ok = vyre__ing_flush_walk(g);
    return ok ? VYRE_OK : VYRE_STOPPED;
}

VYREDEF vyre_result vyre_ingest_feed_end(vyre_ingest *g) {
    if (!g) return VYRE_ERR_INVALID_ARGUMENT;
    pthread_mutex_lock(&g->mu);
    if (!(g->d.flags & VYRE_INGEST_FEED) || g->feed_ended) { pthread_mutex_unlock(&g->mu); return VYRE_ERR_STATE; }
    pthread_mutex_unlock(&g->mu);
    vyre__ing_flush_walk(g); /* the feeder's pending entries (frees them if the run stopped) */
    pthread_mutex_lock(&g->mu);
    g->feed_ended = 1;
    if (g->walk_t0) g->st.walk_ns = vyre_now_ns() - g->walk_t0;
    pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->mu);
    return VYRE_OK;
}

VYREDEF void vyre_ingest_abort(vyre_ingest *g, const vyre_error *why) {
    if (!g) return;
    pthread_mutex_lock(&g->mu);
    vyre__ing_fail(g, why && why->code ? why->code : VYRE_ERR_STATE, why);
    pthread_mutex_unlock(&g->mu);
}

VYREDEF vyre_result vyre_ingest_get_stats(vyre_ingest *g, vyre_ingest_stats *out) {
    if (!g || !out) return VYRE_ERR_INVALID_ARGUMENT;
    pthread_mutex_lock(&g->mu);
    *out = g->st;
    if (!g->ended && g->t0) out->wall_ns = vyre_now_ns() - g->t0;
    pthread_mutex_unlock(&g->mu);
    return VYRE_OK;
}

VYREDEF vyre_result vyre_ingest_run(vyre_ingest *g, vyre_error *err) {
    vyre_result r;
    uint32_t i;
    uint64_t last_prog;
    vyre__clear_error(err);
    if (!g) return VYRE__NULLARG(err, "ingest");
    pthread_mutex_lock(&g->mu);
    if (g->started == 1 || g->ended) {
        pthread_mutex_unlock(&g->mu);
        return vyre_set_error(err, VYRE_ERR_STATE, "Fix: create a new ingest object for every run.", "vyre_ingest_run was already called on this object");
    }
    g->started = 1;
    g->t0 = vyre_now_ns();
    last_prog = g->t0;
    if (g->attached) {
        g->blane.be = g->attached;
        snprintf(g->st.backend_id, sizeof g->st.backend_id, "%s", vyre_backend_id(g->attached));
        if (pthread_create(&g->bthread, NULL, vyre__ing_blane, g) == 0) g->blane_started = 1;
        else { vyre_error e; vyre_set_error(&e, VYRE_ERR_THREAD, "Fix: check system resources (thread limits).", "creating the backend lane thread failed"); vyre__ing_fail(g, e.code, &e); }
    }
    for (i = 0; i < g->nx && !g->abort; i++) { /* desc.backends[1..] (>>multi) */
        if (pthread_create(&g->xthreads[i], NULL, vyre__ing_xlane, &g->xargs[i]) == 0) g->nx_started++;
        else { vyre_error e; vyre_set_error(&e, VYRE_ERR_THREAD, "Fix: check system resources (thread limits).", "creating backend lane %u's thread failed", i + 1); vyre__ing_fail(g, e.code, &e); }
    }
    pthread_mutex_unlock(&g->mu);
    if ((g->d.flags & VYRE_INGEST_MMAP) && (g->d.flags & VYRE_INGEST_CPU)) g->bus_on = vyre__ing_bus_begin();
    if (!g->abort) {
        if (pthread_create(&g->walker, NULL, vyre__ing_walker, g) == 0) g->walker_started = 1;
        else { vyre_error e; vyre_set_error(&e, VYRE_ERR_THREAD, "Fix: check system resources (thread limits).", "creating the walker thread failed"); pthread_mutex_lock(&g->mu); vyre__ing_fail(g, e.code, &e); pthread_mutex_unlock(&g->mu); }
    }
    if (!g->abort) {
        vyre_error e;
        if (vyre_worker_pool_create(&g->A, g->d.readers, "ingest readers (lower desc.readers)", &g->readers, &e) == VYRE_OK) {
            vyre_worker_pool_begin(g->readers, vyre__ing_reader_task, g, g->d.readers);
            g->nthreads_started = g->d.readers;
        } else { pthread_mutex_lock(&g->mu); vyre__ing_fail(g, e.code, &e); pthread_mutex_unlock(&g->mu); }
    }
    /* deliver in order */
    pthread_mutex_lock(&g->mu);
    for (;;) {
        vyre__iunit *u;
        uint64_t now;
        if (g->abort) break;
        if (g->d.cancel && *g->d.cancel) { g->st.cancelled = 1; g->stopped = 1; g->abort = 1; pthread_cond_broadcast(&g->cv); break; }
        u = g->dseq < g->next_seq ? g->ring[g->dseq % g->d.slots] : NULL;
        if (u && u->seq == g->dseq && u->state != VYRE__IU_FREE && (u->part_ready || u->state == VYRE__IU_DONE)) {
            int done = u->state == VYRE__IU_DONE, stop;
            uint64_t t = vyre_now_ns();
            pthread_mutex_unlock(&g->mu);
            stop = vyre__ing_deliver(g, u, done);
            pthread_mutex_lock(&g->mu);
            g->st.output_ns += vyre_now_ns() - t;
            if (!done) g->st.parts++;
            if (stop) { g->stopped = 1; g->abort = 1; pthread_cond_broadcast(&g->cv); break; }
            if (done) { vyre__ing_release_unit(g, u); g->dseq++; }
            else {
                u->nres = 0; u->part_ready = 0;
                if (u->state == VYRE__IU_PARKED) { /* back to its lane, which resumes it at resume_x */
                    g->bq[(g->bq_head + g->bq_len) % g->d.slots] = u;
                    g->bq_len++;
                    u->state = VYRE__IU_QUEUED;
                }
            }
            pthread_cond_broadcast(&g->cv);
            continue;
        }
        if (g->plan_done && g->dseq == g->next_seq) break;
        now = vyre_now_ns();
        if (g->d.cb.progress && now - last_prog >= 100000000u) {
            vyre_ingest_stats s = g->st;
            s.wall_ns = now - g->t0;
            last_prog = now;
            pthread_mutex_unlock(&g->mu);
            g->d.cb.progress(g->d.cb.user, &s);
            pthread_mutex_lock(&g->mu);
            continue;
        }
        {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += 50000000L;
            if (ts.tv_nsec >= 1000000000L) { ts.tv_sec++; ts.tv_nsec -= 1000000000L; }
            pthread_cond_timedwait(&g->cv, &g->mu, &ts);
        }
    }
    g->ended = 1;
    g->abort = 1; /* everything still running stops */
    pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->mu);
    if (g->walker_started) pthread_join(g->walker, NULL);
    if (g->nthreads_started) vyre_worker_pool_wait(g->readers);
    pthread_mutex_lock(&g->mu);
    pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->mu);
    if (g->blane_started) pthread_join(g->bthread, NULL);
    g->blane_started = 0;
    for (i = 0; i < g->nx_started; i++) pthread_join(g->xthreads[i], NULL);
    g->nx_started = 0;
    if (g->bus_on) { vyre__ing_bus_end(); g->bus_on = 0; }
    pthread_mutex_lock(&g->mu);
    g->st.wall_ns = vyre_now_ns() - g->t0;
    pthread_mutex_unlock(&g->mu);
    if (g->fatal) {
        if (err) *err = g->ferr;
        return g->fatal;
    }
    r = g->stopped ? VYRE_STOPPED : VYRE_OK;
    return r;
}

VYREDEF void vyre_ingest_destroy(vyre_ingest *g) {
    vyre_allocator A;
    uint32_t i;
    if (!g) return;
    A = g->A;
    /* a file being chunked whose last chunk was never planned */
    if (g->ccur) {
        int held = 0;
        if (g->units) for (i = 0; i < g->d.slots; i++) if (g->units[i].state != VYRE__IU_FREE && g->units[i].chunk && g->units[i].last && g->units[i].items[0] == g->ccur) held = 1;
        if (!held) vyre__ing_ev_free(g, g->ccur);
    }
    if (g->units)
        for (i = 0; i < g->d.slots; i++) {
            vyre__iunit *u = &g->units[i];
            uint32_t k;
            if (u->state != VYRE__IU_FREE)
                for (k = 0; k < u->nitems; k++) if (!u->chunk || u->last) vyre__ing_ev_free(g, u->items[k]);
            if (u->data) { if (u->owner) vyre_host_free(u->owner, u->data); else vyre_free(&A, u->data); }
            vyre_free(&A, u->items); vyre_free(&A, u->reg_item); vyre_free(&A, u->starts); vyre_free(&A, u->cnt); vyre_free(&A, u->res);
        }
    while (g->qhead) { vyre__ient *n = g->qhead->next; vyre__ing_ev_free(g, g->qhead); g->qhead = n; }
    if (g->rlanes) for (i = 0; i < g->d.readers; i++) vyre__ing_lane_close(g, &g->rlanes[i]);
    vyre__ing_lane_close(g, &g->blane);
    if (g->xlanes) for (i = 0; i < g->nx; i++) vyre__ing_lane_close(g, &g->xlanes[i]);
    vyre_free(&A, g->xlanes); vyre_free(&A, g->xthreads); vyre_free(&A, g->xargs);
    if (g->paths) for (i = 0; i < g->d.path_count; i++) vyre_free(&A, g->paths[i]);
    if (g->started) { pthread_cond_destroy(&g->cv); pthread_mutex_destroy(&g->mu); }
    vyre_free(&A, g->paths); vyre_free(&A, g->units); vyre_free(&A, g->ring); vyre_free(&A, g->bq);
    vyre_worker_pool_destroy(g->readers); vyre_free(&A, g->rlanes); vyre_free(&A, g->carry);
    vyre_free(&A, g);
}
#endif /* VYRE_NO_INGEST */
/* ==================================================================== */
/* >>ring implementation                                                 */
/* ==================================================================== */
#if !defined(VYRE_NO_RING)
/* Atomics for the ring and the engine. C11 <stdatomic.h> when compiled as C11+
   with atomics; else GCC/Clang __atomic builtins (C99 and C++ builds). The
   builtins and the C11 operations compile to the same instructions. */
#if !defined(__cplusplus) && defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L && !defined(__STDC_NO_ATOMICS__)
#  include <stdatomic.h>
#  define VYRE__RING_ATOMICS "stdatomic"
typedef _Atomic uint64_t vyre__au64;
typedef _Atomic uint32_t vyre__au32;
#  define VYRE__MO_relaxed memory_order_relaxed
#  define VYRE__MO_acquire memory_order_acquire
#  define VYRE__MO_release memory_order_release
#  define VYRE__MO_acq_rel memory_order_acq_rel
#  define VYRE__MO_seq_cst memory_order_seq_cst
#  define VYRE__ALD(p, mo) atomic_load_explicit((p), VYRE__MO_##mo)
#  define VYRE__AST(p, v, mo) atomic_store_explicit((p), (v), VYRE__MO_##mo)
#  define VYRE__AADD(p, v, mo) atomic_fetch_add_explicit((p), (v), VYRE__MO_##mo)
#  define VYRE__ACAS(p, expp, des) \
    atomic_compare_exchange_weak_explicit((p), (expp), (des), memory_order_acq_rel, memory_order_acquire)
#  define VYRE__AFENCE() atomic_thread_fence(memory_order_seq_cst)
#elif defined(__GNUC__) || defined(__clang__)
#  define VYRE__RING_ATOMICS "gnu-builtins"
typedef uint64_t vyre__au64;
typedef uint32_t vyre__au32;
#  define VYRE__MO_relaxed __ATOMIC_RELAXED
#  define VYRE__MO_acquire __ATOMIC_ACQUIRE
#  define VYRE__MO_release __ATOMIC_RELEASE
#  define VYRE__MO_acq_rel __ATOMIC_ACQ_REL
#  define VYRE__MO_seq_cst __ATOMIC_SEQ_CST
#  define VYRE__ALD(p, mo) __atomic_load_n((p), VYRE__MO_##mo)
#  define VYRE__AST(p, v, mo) __atomic_store_n((p), (v), VYRE__MO_##mo)
#  define VYRE__AADD(p, v, mo) __atomic_fetch_add((p), (v), VYRE__MO_##mo)
#  define VYRE__ACAS(p, expp, des) __atomic_compare_exchange_n((p), (expp), (des), 1, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)
#  define VYRE__AFENCE() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#else
#  error "vyre.h >>ring: the work ring needs C11 <stdatomic.h> (compile the implementation file as C11) or the GCC/Clang __atomic builtins; define VYRE_NO_RING to build without the ring and the persistent engine"
#endif

#if defined(__x86_64__) || defined(__i386__)
#  define VYRE__PAUSE() __builtin_ia32_pause()
#elif (defined(__aarch64__) || defined(__arm__)) && (defined(__GNUC__) || defined(__clang__))
#  define VYRE__PAUSE() __asm__ __volatile__("yield")
#else
#  define VYRE__PAUSE() ((void)0)
#endif
#if !defined(_WIN32) && !defined(VYRE_NO_THREADS)
#  include <sched.h>
#  define VYRE__YIELD() sched_yield()
#else
#  define VYRE__YIELD() ((void)0)
#endif
/* spin politely: pause, and give the CPU away now and then (a producer that
   was preempted between its head CAS and its publication holds consumers up) */
static void vyre__spin(uint32_t *n) {
    if ((++*n & 63u) == 0) VYRE__YIELD();
    else VYRE__PAUSE();
}

/* The ring's memory, placeable anywhere host-visible (the engine puts it in
   memory a device can read): head at byte 0, tail at 64, then 2 x u64 words
   per slot, u64 ready[capacity], u32 done[capacity]. */
#define VYRE__RING_HDR 128u
typedef struct vyre__ringv {
    vyre__au64 *head, *tail, *words, *ready;
    vyre__au32 *done;
    uint32_t cap;
    uint32_t shift;                  /* 0: slot = position & (cap - 1); else the engine's order (vyre_engine_ring_slot) */
    int engine;                      /* the engine's work ring: no done markers (result slots have their own) */
} vyre__ringv;
/* the slot of a position: the public ring's (position & mask), or the engine's
   rotation, which puts consecutive positions 8 slots' lines apart */
static uint32_t vyre__slot_of(uint32_t cap, uint32_t shift, uint64_t pos) {
    const uint64_t m = pos & ((uint64_t)cap - 1u);
    return shift ? (uint32_t)(((m & 7u) << shift) | (m >> 3)) : (uint32_t)m;
}
static uint32_t vyre__ring_slot(const vyre__ringv *v, uint64_t pos) { return vyre__slot_of(v->cap, v->shift, pos); }
static uint32_t vyre__engine_ring_shift(uint32_t cap) {
    uint32_t lg = 0;
    if (cap < 64u) return 0;
    while ((1u << lg) < cap) lg++;
    return lg - 3u;
}

static int vyre__ring_bytes(uint32_t cap, size_t *bytes) {
    size_t per, n;
    if (!vyre__mul((size_t)cap, 28u, &per) || !vyre__add(per, VYRE__RING_HDR, &n)) return 0;
    *bytes = n;
    return 1;
}
/* lay out and initialise a ring of `cap` slots at mem (8-byte aligned, vyre__ring_bytes long) */
static void vyre__ring_init(vyre__ringv *v, void *mem, uint32_t cap) {
    uint8_t *p = (uint8_t *)mem;
    uint32_t i;
    v->cap = cap;
    v->shift = 0;
    v->engine = 0;
    v->head = (vyre__au64 *)(void *)p;
    v->tail = (vyre__au64 *)(void *)(p + 64);
    v->words = (vyre__au64 *)(void *)(p + VYRE__RING_HDR);
    v->ready = (vyre__au64 *)(void *)(p + VYRE__RING_HDR + (size_t)cap * 16u);
    v->done = (vyre__au32 *)(void *)(p + VYRE__RING_HDR + (size_t)cap * 24u);
    VYRE__AST(v->head, 0, relaxed);
    VYRE__AST(v->tail, 0, relaxed);
    for (i = 0; i < cap; i++) {
        VYRE__AST(&v->words[2 * (size_t)i], 0, relaxed);
        VYRE__AST(&v->words[2 * (size_t)i + 1], 0, relaxed);
        VYRE__AST(&v->ready[i], (uint64_t)i, relaxed);
        VYRE__AST(&v->done[i], 0, relaxed);
    }
    /* no fence: the ring reaches other threads through thread creation or a
       release store of its pointer */
}

/* make an initialised ring the engine's work ring: its slot order (consecutive positions in
   different cache lines: producers on other cores do not write the same lines) and no
   done markers; the sequences restart as "slot(p) is free for p" for the first round */
static void vyre__engine_ring_view(vyre__ringv *v) {
    uint64_t p;
    v->shift = vyre__engine_ring_shift(v->cap);
    v->engine = 1;
    for (p = 0; p < v->cap; p++) VYRE__AST(&v->ready[vyre__ring_slot(v, p)], p, relaxed);
}
VYREDEF uint32_t vyre_engine_ring_slot(uint32_t cap, uint64_t pos) {
    if (cap == 0) cap = 1;
    return vyre__slot_of(cap, vyre__engine_ring_shift(cap), pos);
}
VYREDEF void vyre_ring_pack(const vyre_ring_item *it, uint64_t w[2]) {
    w[0] = (uint64_t)it->input_offset | ((uint64_t)it->input_len << 32);
    w[1] = (uint64_t)it->rule_set_id | ((uint64_t)it->correlation << 32);
}
VYREDEF void vyre_ring_unpack(const uint64_t w[2], vyre_ring_item *it) {
    it->input_offset = (uint32_t)w[0];
    it->input_len = (uint32_t)(w[0] >> 32);
    it->rule_set_id = (uint32_t)w[1];
    it->correlation = (uint32_t)(w[1] >> 32);
}
VYREDEF vyre_ring_order vyre_ring_sequence_order(uint64_t sequence, uint64_t position) {
    uint64_t d = sequence - position;   /* signed difference, wrap-safe */
    if (d == 0) return VYRE_RING_FREE;
    return (d >> 63) ? VYRE_RING_BEHIND : VYRE_RING_AHEAD;
}

static vyre_result vyre__ring_put(vyre__ringv *v, const vyre_ring_item *it, uint32_t *slot, vyre_ring_full *full) {
    uint64_t w[2];
    uint32_t spins = 0;
    vyre_ring_pack(it, w);
    for (;;) {
        uint64_t head = VYRE__ALD(v->head, acquire);
        uint32_t s = vyre__ring_slot(v, head);
        uint64_t seq = VYRE__ALD(&v->ready[s], acquire);
        vyre_ring_order o = vyre_ring_sequence_order(seq, head);
        if (o == VYRE_RING_BEHIND) {
            if (full) {
                full->position = head; full->sequence = seq; full->slot = s;
                full->order = o; full->capacity = v->cap;
            }
            return VYRE_ERR_RING_FULL;
        }
        if (o == VYRE_RING_AHEAD) { vyre__spin(&spins); continue; }
        if (VYRE__ACAS(v->head, &head, head + 1u)) {
            VYRE__AST(&v->words[2 * (size_t)s], w[0], relaxed);
            VYRE__AST(&v->words[2 * (size_t)s + 1], w[1], relaxed);
            if (!v->engine) VYRE__AST(&v->done[s], 0u, release);
            VYRE__AST(&v->ready[s], head + 1u, release);
            if (slot) *slot = s;
            return VYRE_OK;
        }
    }
}
static int vyre__ring_take(vyre__ringv *v, vyre_ring_item *it, uint32_t *slot) {
    uint32_t spins = 0;
    for (;;) {
        uint64_t tail = VYRE__ALD(v->tail, acquire);
        uint32_t s = vyre__ring_slot(v, tail);
        uint64_t seq = VYRE__ALD(&v->ready[s], acquire);
        vyre_ring_order o = vyre_ring_sequence_order(seq, tail + 1u);
        if (o == VYRE_RING_BEHIND) {
            /* not published: empty, or a producer between its claim and its publication */
            if (tail >= VYRE__ALD(v->head, acquire)) return 0;
            vyre__spin(&spins);
            continue;
        }
        if (o == VYRE_RING_AHEAD) { vyre__spin(&spins); continue; }
        if (VYRE__ACAS(v->tail, &tail, tail + 1u)) {
            uint64_t w[2];
            w[0] = VYRE__ALD(&v->words[2 * (size_t)s], relaxed);
            w[1] = VYRE__ALD(&v->words[2 * (size_t)s + 1], relaxed);
            VYRE__AST(&v->ready[s], tail + (uint64_t)v->cap, release);
            if (it) vyre_ring_unpack(w, it);
            if (slot) *slot = s;
            return 1;
        }
    }
}
static uint64_t vyre__ring_pending(const vyre__ringv *v) {
    uint64_t tail = VYRE__ALD(v->tail, acquire);   /* tail first: head read later is >= it */
    uint64_t head = VYRE__ALD(v->head, acquire);
    return head - tail;
}

struct vyre_ring {
    vyre_allocator A;
    void *mem;
    vyre__ringv v;
};

VYREDEF vyre_result vyre_ring_try_create(uint32_t cap, const vyre_allocator *alloc, vyre_ring **out, vyre_error *err) {
    vyre_allocator A;
    vyre_result r;
    vyre_ring *g;
    size_t bytes;
    vyre__clear_error(err);
    if (!out) return VYRE__NULLARG(err, "out");
    *out = NULL;
    if (cap < 2 || (cap & (cap - 1u)) != 0 || cap > 0x80000000u)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT,
                              "Fix: use a power of two from 2 to 2^31 (2, 4, 8, ...), or vyre_ring_create, which rounds up.",
                              cap == 1 ? "ring capacity must be a power of two of at least 2, got %u (one slot cannot tell a published item from a free slot)"
                                       : "ring capacity must be a power of two of at least 2, got %u", cap);
    if ((r = vyre_allocator_resolve(alloc, &A, err)) != VYRE_OK) return r;
    if (!vyre__ring_bytes(cap, &bytes) || !vyre__add(bytes, 64u, &bytes)) return VYRE__OVERFLOW(err, "ring");
    g = (vyre_ring *)vyre__calloc(&A, 1, sizeof *g, "ring", err);
    if (!g) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
    g->A = A;
    g->mem = A.alloc(bytes, A.user);
    if (!g->mem) {
        vyre_free(&A, g);
        return vyre_set_error(err, VYRE_ERR_OUT_OF_MEMORY, "Fix: use a smaller ring capacity or free memory.",
                              "could not reserve %u ring slot(s) with their ready and done markers (%llu bytes)", cap,
                              (unsigned long long)bytes);
    }
    vyre__ring_init(&g->v, (void *)(((uintptr_t)g->mem + 63u) & ~(uintptr_t)63u), cap);
    *out = g;
    return VYRE_OK;
}
VYREDEF vyre_result vyre_ring_create(uint32_t cap, const vyre_allocator *alloc, vyre_ring **out, vyre_error *err) {
    uint32_t c = 2;
    if (cap > 0x80000000u) {
        if (out) *out = NULL;
        return vyre_set_error(err, VYRE_ERR_OVERFLOW, "Fix: use a ring capacity of at most 2^31 slots.",
                              "ring capacity %u cannot be rounded to a nonzero power of two without overflow", cap);
    }
    while (c < cap) c <<= 1;
    return vyre_ring_try_create(c, alloc, out, err);
}
VYREDEF void vyre_ring_free(vyre_ring *g) {
    vyre_allocator A;
    if (!g) return;
    A = g->A;
    vyre_free(&A, g->mem);
    vyre_free(&A, g);
}
VYREDEF uint32_t vyre_ring_capacity(const vyre_ring *g) { return g ? g->v.cap : 0; }

VYREDEF char *vyre_ring_full_str(const vyre_ring_full *f, char *buf, size_t size) {
    char m[256];
    if (!buf || !size) return buf;
    if (!f) snprintf(m, sizeof m, "persistent engine ring buffer is full");
    else
        snprintf(m, sizeof m,
                 "persistent engine ring buffer is full: position %llu needs slot %u of %u, whose sequence %llu is behind "
                 "(no consumer has claimed the item there yet)",
                 (unsigned long long)f->position, f->slot, f->capacity, (unsigned long long)f->sequence);
    vyre__append(buf, size, 0, m);   /* bounded copy, always terminated */
    return buf;
}
VYREDEF vyre_result vyre_ring_enqueue(vyre_ring *g, const vyre_ring_item *item, uint32_t *slot, vyre_ring_full *full,
                                      vyre_error *err) {
    vyre_ring_full f;
    vyre_result r;
    if (!g) return VYRE__NULLARG(err, "ring");
    if (!item) return VYRE__NULLARG(err, "item");
    r = vyre__ring_put(&g->v, item, slot, &f);
    if (r == VYRE_ERR_RING_FULL) {
        if (full) *full = f;
        if (err) {
            char m[256];
            vyre_set_error(err, r, "Fix: let consumers claim items (or collect completed jobs) and retry, or use a larger capacity.",
                           "%s", vyre_ring_full_str(&f, m, sizeof m));
        }
    }
    return r;
}
VYREDEF int vyre_ring_claim(vyre_ring *g, vyre_ring_item *item, uint32_t *slot) {
    return g ? vyre__ring_take(&g->v, item, slot) : 0;
}
VYREDEF vyre_result vyre_ring_mark_done(vyre_ring *g, uint32_t slot, vyre_error *err) {
    if (!g) return VYRE__NULLARG(err, "ring");
    if (slot >= g->v.cap)
        return vyre_set_error(err, VYRE_ERR_OUT_OF_RANGE,
                              "Fix: reject stale or corrupt completion markers before marking done.",
                              "ring slot_idx=%u is outside ring_size=%u", slot, g->v.cap);
    VYRE__AST(&g->v.done[slot], 1u, release);
    return VYRE_OK;
}
VYREDEF vyre_result vyre_ring_is_done(const vyre_ring *g, uint32_t slot, int *done, vyre_error *err) {
    if (done) *done = 0;
    if (!g) return VYRE__NULLARG(err, "ring");
    if (!done) return VYRE__NULLARG(err, "done");
    if (slot >= g->v.cap)
        return vyre_set_error(err, VYRE_ERR_OUT_OF_RANGE,
                              "Fix: reject stale or corrupt completion markers before reading done state.",
                              "ring slot_idx=%u is outside ring_size=%u", slot, g->v.cap);
    *done = VYRE__ALD(&g->v.done[slot], acquire) != 0;
    return VYRE_OK;
}
VYREDEF uint64_t vyre_ring_in_flight(const vyre_ring *g) { return g ? vyre__ring_pending(&g->v) : 0; }
VYREDEF vyre_result vyre_ring_try_in_flight(const vyre_ring *g, uint32_t *out, vyre_error *err) {
    uint64_t n;
    if (!g) return VYRE__NULLARG(err, "ring");
    if (!out) return VYRE__NULLARG(err, "out");
    *out = 0;
    n = vyre__ring_pending(&g->v);
    if (n > 0xFFFFFFFFull)
        return vyre_set_error(err, VYRE_ERR_OVERFLOW,
                              "Fix: drain the ring or use vyre_ring_in_flight (64-bit) before exporting GPU-visible queue metadata.",
                              "ring in-flight count %llu exceeds 0xFFFFFFFF", (unsigned long long)n);
    *out = (uint32_t)n;
    return VYRE_OK;
}
VYREDEF uint64_t vyre_ring_head_counter(const vyre_ring *g) { return g ? VYRE__ALD(g->v.head, acquire) : 0; }
VYREDEF uint64_t vyre_ring_tail_counter(const vyre_ring *g) { return g ? VYRE__ALD(g->v.tail, acquire) : 0; }
static vyre_result vyre__ring_u32(uint64_t v, const char *what, const char *wide, uint32_t *out, vyre_error *err) {
    *out = 0;
    if (v > 0xFFFFFFFFull) {
        char fix[160];
        snprintf(fix, sizeof fix, "Fix: use %s() for long-running rings instead of truncating telemetry.", wide);
        return vyre_set_error(err, VYRE_ERR_OVERFLOW, fix, "ring %s counter %llu exceeds 0xFFFFFFFF", what, (unsigned long long)v);
    }
    *out = (uint32_t)v;
    return VYRE_OK;
}
VYREDEF vyre_result vyre_ring_head(const vyre_ring *g, uint32_t *out, vyre_error *err) {
    if (!g) return VYRE__NULLARG(err, "ring");
    if (!out) return VYRE__NULLARG(err, "out");
    return vyre__ring_u32(vyre_ring_head_counter(g), "head", "vyre_ring_head_counter", out, err);
}
VYREDEF vyre_result vyre_ring_tail(const vyre_ring *g, uint32_t *out, vyre_error *err) {
    if (!g) return VYRE__NULLARG(err, "ring");
    if (!out) return VYRE__NULLARG(err, "out");
    return vyre__ring_u32(vyre_ring_tail_counter(g), "tail", "vyre_ring_tail_counter", out, err);
}
#endif /* VYRE_NO_RING */

/* ==================================================================== */
/* >>engine implementation                                               */
/* ==================================================================== */
#if !defined(VYRE_NO_RING) && !defined(VYRE_NO_THREADS)
#if !defined(CLOCK_REALTIME)
#  include <sys/time.h>
#endif
/* Sleeping host consumers. A producer publishes, bumps `epoch` (seq_cst)
   and wakes sleepers only if it sees any (seq_cst load); a consumer reads
   the epoch BEFORE it tries to claim, and sleeps only while the epoch is
   unchanged after announcing itself (seq_cst). In the single total order
   of these seq_cst operations either the producer sees the sleeper (and
   broadcasts under the mutex the sleeper holds until it waits) or the
   sleeper sees the new epoch: no lost wake-up. The timed wait is a
   safety net only. */
typedef struct vyre__waker {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    vyre__au32 sleepers;
    vyre__au64 epoch;
} vyre__waker;
/* wall-clock nanoseconds that advance while the process sleeps (vyre_now_ns
   falls back to clock(), CPU time, in strict C99 builds without
   CLOCK_MONOTONIC: bounded waits cannot use it there) */
static uint64_t vyre__mono_ns(void) {
#if defined(CLOCK_MONOTONIC)
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
#else
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (uint64_t)tv.tv_sec * 1000000000ull + (uint64_t)tv.tv_usec * 1000ull;
#endif
}
static void vyre__waker_init(vyre__waker *w) {
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    VYRE__AST(&w->sleepers, 0u, relaxed);
    VYRE__AST(&w->epoch, 0u, relaxed);
}
static void vyre__waker_fini(vyre__waker *w) { pthread_mutex_destroy(&w->mu); pthread_cond_destroy(&w->cv); }
static uint64_t vyre__waker_epoch(vyre__waker *w) { return VYRE__ALD(&w->epoch, seq_cst); }
static void vyre__waker_kick(vyre__waker *w) {
    VYRE__AADD(&w->epoch, 1u, seq_cst);
    if (VYRE__ALD(&w->sleepers, seq_cst)) {
        pthread_mutex_lock(&w->mu);
        pthread_cond_broadcast(&w->cv);
        pthread_mutex_unlock(&w->mu);
    }
}
static void vyre__abs_deadline(struct timespec *ts, uint64_t ns) {
#if defined(CLOCK_REALTIME)
    clock_gettime(CLOCK_REALTIME, ts);
#else /* strict C99 without POSIX feature macros: <sys/time.h> still has it */
    struct timeval tv;
    gettimeofday(&tv, NULL);
    ts->tv_sec = tv.tv_sec;
    ts->tv_nsec = (long)tv.tv_usec * 1000L;
#endif
    ts->tv_sec += (time_t)(ns / 1000000000ull);
    ts->tv_nsec += (long)(ns % 1000000000ull);
    if (ts->tv_nsec >= 1000000000L) { ts->tv_sec++; ts->tv_nsec -= 1000000000L; }
}
/* sleep while the epoch is still `seen` and *stop is 0, at most max_ns */
static void vyre__waker_sleep(vyre__waker *w, uint64_t seen, vyre__au32 *stop, uint64_t max_ns) {
    struct timespec ts;
    pthread_mutex_lock(&w->mu);
    VYRE__AADD(&w->sleepers, 1u, seq_cst);
    if (VYRE__ALD(&w->epoch, seq_cst) == seen && !(stop && VYRE__ALD(stop, acquire))) {
        vyre__abs_deadline(&ts, max_ns);
        pthread_cond_timedwait(&w->cv, &w->mu, &ts);
    }
    VYRE__AADD(&w->sleepers, (uint32_t)-1, seq_cst);
    pthread_mutex_unlock(&w->mu);
}

/* how long a waiter spins before it yields / sleeps (vyre__engine_collect) */
#ifndef VYRE__ENGINE_SPIN_DEVICE_NS
#define VYRE__ENGINE_SPIN_DEVICE_NS 200000ull
#endif
#ifndef VYRE__ENGINE_SPIN_HOST_NS
#define VYRE__ENGINE_SPIN_HOST_NS 20000ull
#endif

/* result slot access */
static uint8_t *vyre__eslot(const vyre_engine_plan *p, uint8_t *block, uint32_t j) {
    return block + p->off_results + (size_t)j * p->result_stride;
}
#define VYRE__ES_DONE(s) ((vyre__au32 *)(void *)(s))
#define VYRE__ES_FLAGS(s) ((uint32_t *)(void *)((s) + 4))
#define VYRE__ES_COUNT(s) ((uint32_t *)(void *)((s) + 8))
#define VYRE__ES_STATUS(s) ((int32_t *)(void *)((s) + 12))
#define VYRE__ES_TIME(s) ((uint64_t *)(void *)((s) + 16))
#define VYRE__ES_TRACE(s) ((uint64_t *)(void *)((s) + 24))
#define VYRE__ES_MATCH(s) ((uint32_t *)(void *)((s) + VYRE_ENGINE_RESULT_HEADER))

/* one host consumer's scan of one item (CPU persistent workers): vyre_scan
   into a buffer of max_matches; more is an overflow (the collector rescans) */
static void vyre__engine_consume(const vyre_engine_plan *p, uint8_t *block, const vyre_ring_item *it,
                                 vyre_scanner **scanners, vyre_match *buf) {
    uint8_t *s;
    vyre_result r = VYRE_OK;
    size_t n = 0, i;
    uint32_t flags = 0, count = 0;
    vyre_error e2;
    if (it->correlation >= p->max_jobs) return;   /* not a job of this engine: nothing to publish to */
    s = vyre__eslot(p, block, it->correlation);
    if (it->rule_set_id >= p->set_count || (uint64_t)it->input_offset + it->input_len > (uint64_t)p->max_jobs * p->max_job_bytes)
        r = VYRE_ERR_OUT_OF_RANGE;
    if (r == VYRE_OK && !scanners[it->rule_set_id])
        r = vyre_scanner_create(p->backend, p->sets[it->rule_set_id].literal, NULL, &scanners[it->rule_set_id], &e2);
    if (r == VYRE_OK) {
        r = vyre_scan(scanners[it->rule_set_id], block + p->off_arena + it->input_offset, it->input_len, buf, p->max_matches, &n, &e2);
        if (r == VYRE_ERR_MATCH_CAPACITY) { flags = VYRE_JOB_OVERFLOWED; r = VYRE_OK; n = 0; count = 0xFFFFFFFFu; }
        else if (r == VYRE_OK) count = (uint32_t)n;
        if (r == VYRE_OK) {
            uint32_t *t = VYRE__ES_MATCH(s);
            for (i = 0; i < n; i++) {
                t[3 * i] = buf[i].pattern_id;
                t[3 * i + 1] = (uint32_t)buf[i].start;
                t[3 * i + 2] = (uint32_t)buf[i].end;
            }
        }
    }
    *VYRE__ES_FLAGS(s) = flags;
    *VYRE__ES_COUNT(s) = r == VYRE_OK ? count : 0;
    *VYRE__ES_STATUS(s) = (int32_t)r;
    *VYRE__ES_TIME(s) = vyre__mono_ns();
    VYRE__AST(VYRE__ES_DONE(s), 1u, release);
}

/* ---- the CPU backend's persistent consumers: worker threads ---------- */
typedef struct vyre__cpu_engine {
    vyre_allocator A;
    vyre_engine_plan plan;
    void *mem;
    uint8_t *block;
    vyre__ringv ring;
    vyre__au32 *ctl;
    vyre__waker wake;
    pthread_t *th;
    uint32_t nth;
} vyre__cpu_engine;

static void *vyre__cpu_engine_worker(void *arg) {
    vyre__cpu_engine *E = (vyre__cpu_engine *)arg;
    const vyre_engine_plan *p = &E->plan;
    vyre_scanner **sc = (vyre_scanner **)vyre__calloc(&E->A, p->set_count, sizeof *sc, "engine worker scanners", NULL);
    vyre_match *buf = (vyre_match *)vyre__calloc(&E->A, p->max_matches ? p->max_matches : 1, sizeof *buf, "engine worker matches", NULL);
    uint32_t i;
    if (!sc || !buf) {
        uint32_t want = (uint32_t)VYRE_ERR_OUT_OF_MEMORY;   /* the engine's waits report it */
        VYRE__AST(&E->ctl[VYRE_ENGINE_CTL_ERROR], want, release);
        if (p->notify) p->notify(p->notify_ctx);
    } else {
        for (;;) {
            vyre_ring_item it;
            uint64_t ep = vyre__waker_epoch(&E->wake);
            if (vyre__ring_take(&E->ring, &it, NULL)) {
                vyre__engine_consume(p, E->block, &it, sc, buf);
                if (p->notify) p->notify(p->notify_ctx);
                continue;
            }
            if (VYRE__ALD(&E->ctl[VYRE_ENGINE_CTL_STOP], acquire)) break;
            vyre__waker_sleep(&E->wake, ep, &E->ctl[VYRE_ENGINE_CTL_STOP], 50000000ull);
        }
    }
    if (sc) for (i = 0; i < p->set_count; i++) vyre_scanner_destroy(sc[i]);
    vyre_free(&E->A, sc);
    vyre_free(&E->A, buf);
    return NULL;
}
static vyre_result vyre__cpu_engine_open(void *self, const vyre_engine_plan *plan, void **block, void **state, vyre_error *err) {
    vyre__cpu *c = (vyre__cpu *)self;
    vyre__cpu_engine *E;
    size_t bytes;
    E = (vyre__cpu_engine *)vyre__calloc(&c->A, 1, sizeof *E, "CPU engine", err);
    if (!E) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
    E->A = c->A;
    E->plan = *plan;
    if (!vyre__add(plan->block_bytes, 64u, &bytes)) { vyre_free(&c->A, E); return VYRE__OVERFLOW(err, "engine block"); }
    E->mem = vyre__calloc(&c->A, bytes, 1, "engine block", err);
    if (!E->mem) { vyre_free(&c->A, E); return err ? err->code : VYRE_ERR_OUT_OF_MEMORY; }
    E->block = (uint8_t *)(((uintptr_t)E->mem + 63u) & ~(uintptr_t)63u);
    E->nth = plan->workers ? plan->workers : c->threads;
    if (plan->consumers) *plan->consumers = E->nth;
    if (E->nth > 1024) E->nth = 1024;
    vyre__waker_init(&E->wake);
    *block = E->block;
    *state = E;
    return VYRE_OK;
}
static vyre_result vyre__cpu_engine_start(void *self, void *state, vyre_error *err) {
    vyre__cpu_engine *E = (vyre__cpu_engine *)state;
    uint32_t i;
    (void)self;
    /* the core initialised the ring at off_ring; take a view of it */
    E->ring.cap = E->plan.ring_capacity;
    E->ring.head = (vyre__au64 *)(void *)(E->block + E->plan.off_ring);
    E->ring.tail = (vyre__au64 *)(void *)(E->block + E->plan.off_ring + 64);
    E->ring.words = (vyre__au64 *)(void *)(E->block + E->plan.off_ring + VYRE__RING_HDR);
    E->ring.ready = (vyre__au64 *)(void *)(E->block + E->plan.off_ring + VYRE__RING_HDR + (size_t)E->ring.cap * 16u);
    E->ring.done = (vyre__au32 *)(void *)(E->block + E->plan.off_ring + VYRE__RING_HDR + (size_t)E->ring.cap * 24u);
    E->ring.shift = vyre__engine_ring_shift(E->ring.cap);
    E->ring.engine = 1;
    E->ctl = (vyre__au32 *)(void *)(E->block + E->plan.off_ctl);
    E->th = (pthread_t *)vyre__calloc(&E->A, E->nth, sizeof(pthread_t), "engine workers", err);
    if (!E->th) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
    for (i = 0; i < E->nth; i++) {
        int rc = pthread_create(&E->th[i], NULL, vyre__cpu_engine_worker, E);
        if (rc != 0) {
            uint32_t k;
            VYRE__AST(&E->ctl[VYRE_ENGINE_CTL_STOP], 1u, release);
            vyre__waker_kick(&E->wake);
            for (k = 0; k < i; k++) pthread_join(E->th[k], NULL);
            E->nth = 0;
            return vyre_set_error(err, VYRE_ERR_THREAD, "Fix: lower vyre_engine_desc.workers or raise the process thread limit.",
                                  "could not start engine worker thread %u of %u (error %d)", i + 1, E->nth, rc);
        }
    }
    VYRE__AST(&E->ctl[VYRE_ENGINE_CTL_ALIVE], 1u, release);
    return VYRE_OK;
}
static void vyre__cpu_engine_kick(void *self, void *state) {
    (void)self;
    vyre__waker_kick(&((vyre__cpu_engine *)state)->wake);
}
static vyre_result vyre__cpu_engine_close(void *self, void *state, vyre_error *err) {
    vyre__cpu_engine *E = (vyre__cpu_engine *)state;
    vyre_allocator A;
    uint32_t i;
    (void)self; (void)err;
    if (!E) return VYRE_OK;
    if (E->ctl) VYRE__AST(&E->ctl[VYRE_ENGINE_CTL_STOP], 1u, release);
    vyre__waker_kick(&E->wake);
    if (E->th) for (i = 0; i < E->nth; i++) pthread_join(E->th[i], NULL);
    vyre__waker_fini(&E->wake);
    A = E->A;
    vyre_free(&A, E->th);
    vyre_free(&A, E->mem);
    vyre_free(&A, E);
    return VYRE_OK;
}

/* ---- the engine ---------------------------------------------------- */
/* Free job slots live in up to VYRE__ENGINE_SHARDS free lists (each an MPMC
   ring of slot indices that can hold every slot). A thread takes from the
   list its thread number picks and returns collected slots to its own list,
   so slots migrate to the threads that use them and producers on different
   threads do not share the free lists' cache lines (one shared list cost
   two contended CASes and the false sharing of its ready words per job).
   An empty list is refilled by taking from the others in turn; RING_FULL
   only when every list was empty when looked at. */
#define VYRE__ENGINE_SHARDS 16u
#if defined(__GNUC__) || defined(__clang__)
static __thread uint32_t vyre__tls_thread_no;   /* 0: not numbered yet */
static vyre__au32 vyre__thread_count;
static uint32_t vyre__thread_no(void) {
    uint32_t n = vyre__tls_thread_no;
    if (n == 0) {
        n = VYRE__AADD(&vyre__thread_count, 1u, relaxed) + 1u;
        if (n == 0) n = 1;
        vyre__tls_thread_no = n;
    }
    return n - 1u;
}
#else /* no thread-local storage: threads' stacks lie megabytes apart */
static uint32_t vyre__thread_no(void) {
    volatile char c = 0;
    return (uint32_t)((((uint64_t)(uintptr_t)&c >> 20) * 0x9E3779B97F4A7C15ull) >> 40) + (uint32_t)c;
}
#endif
typedef struct vyre__ejob {
    vyre__au64 word;                 /* generation << 2 | state (0 free, 1 submitted, 2 being collected) */
    uint64_t tag, submit_ns;
    uint32_t set, len;
    uint8_t pad[32];                 /* one cache line a job: neighbouring slots belong to other threads */
} vyre__ejob;

struct vyre_engine {
    vyre_allocator A;
    vyre_backend *b;
    vyre_engine_plan plan;
    uint32_t consumers;              /* stored by the backend's engine_open (plan.consumers) */
    vyre_engine_path path;
    char reason[192];
    vyre_engine_set *sets;
    uint32_t batch_jobs;
    /* the block: the backend's (persistent) or ours (batched) */
    void *own_mem;
    uint8_t *block;
    void *bstate;
    vyre__au32 *ctl;
    vyre__ringv ring;
    /* free job slots: nfree MPMC rings of slot indices (vyre__engine_take_slot) and their host state */
    void *free_mem;
    vyre__ringv freel[VYRE__ENGINE_SHARDS];
    uint32_t nfree;
    vyre__ejob *jobs;
    /* collectors */
    vyre__waker done;
    int host_consumers;              /* consumers call notify (no need to poll) */
    /* batched path */
    vyre__waker wake;
    pthread_t batcher;
    int batcher_started;
    vyre_scanner **bscan;
    vyre_ring_item *items;
    uint32_t *group;
    uint64_t *starts, *cnt;
    uint8_t *stage;
    size_t stage_cap;
    /* rescans of overflowed jobs */
    pthread_mutex_t rmu;
    vyre_scanner **rscan;
    /* counters */
    /* submitted = the work ring's head, collected = the free list's head - max_jobs
       (no shared counter written per job) */
    vyre__au64 n_overflows, n_dispatches, n_batched;
    vyre__au64 n_unused;             /* slots submit_many took and gave back (RING_FULL): free-list puts that were no collect */
};

static void vyre__engine_notify(void *ctx) {
    vyre_engine *e = (vyre_engine *)ctx;
    vyre__waker_kick(&e->done);
}

/* batched path: one region scan over the items of one set */
typedef struct vyre__bctx { vyre_engine *e; const uint32_t *group; uint64_t *cnt; } vyre__bctx;
static int vyre__engine_batch_cb(const vyre_match *m, void *user) {
    vyre__bctx *x = (vyre__bctx *)user;
    vyre_engine *e = x->e;
    uint32_t k = m->region, j = e->items[x->group[k]].correlation;
    uint64_t c = x->cnt[k]++;
    if (c < e->plan.max_matches) {
        uint32_t *t = VYRE__ES_MATCH(vyre__eslot(&e->plan, e->block, j)) + 3 * c;
        t[0] = m->pattern_id; t[1] = (uint32_t)m->start; t[2] = (uint32_t)m->end;
    }
    return 0;
}
static void vyre__engine_batch_group(vyre_engine *e, uint32_t set, const uint32_t *group, uint32_t ng) {
    const vyre_engine_plan *p = &e->plan;
    vyre_result r = VYRE_OK;
    size_t total = 0;
    uint32_t k;
    vyre_error e2;
    for (k = 0; k < ng; k++) total += e->items[group[k]].input_len;
    if (total > e->stage_cap) {
        uint8_t *ns = (uint8_t *)vyre_realloc(&e->A, e->stage, total);
        if (!ns) r = VYRE_ERR_OUT_OF_MEMORY;
        else { e->stage = ns; e->stage_cap = total; }
    }
    if (r == VYRE_OK) {
        size_t at = 0;
        for (k = 0; k < ng; k++) {
            const vyre_ring_item *it = &e->items[group[k]];
            e->starts[k] = at;
            e->cnt[k] = 0;
            if (it->input_len) memcpy(e->stage + at, e->block + p->off_arena + it->input_offset, it->input_len);
            at += it->input_len;
        }
        if (total) {
            vyre__bctx x;
            x.e = e; x.group = group; x.cnt = e->cnt;
            r = vyre_scan_regions_cb(e->bscan[set], e->stage, total, e->starts, ng, vyre__engine_batch_cb, &x, &e2);
        }
        VYRE__AADD(&e->n_dispatches, 1u, relaxed);
        VYRE__AADD(&e->n_batched, (uint64_t)ng, relaxed);
    }
    for (k = 0; k < ng; k++) {
        uint8_t *s = vyre__eslot(p, e->block, e->items[group[k]].correlation);
        uint64_t c = r == VYRE_OK ? e->cnt[k] : 0;
        *VYRE__ES_FLAGS(s) = c > p->max_matches ? VYRE_JOB_OVERFLOWED : 0u;
        *VYRE__ES_COUNT(s) = c > 0xFFFFFFFFull ? 0xFFFFFFFFu : (uint32_t)c;
        *VYRE__ES_STATUS(s) = (int32_t)r;
        *VYRE__ES_TIME(s) = vyre__mono_ns();
        VYRE__AST(VYRE__ES_DONE(s), 1u, release);
    }
}
static void vyre__engine_batch(vyre_engine *e, uint32_t n) {
    uint32_t i, k, ng;
    /* group by set, keeping submission order inside a group */
    for (i = 0; i < n; i++) {
        uint32_t set = e->items[i].rule_set_id;
        if (set == 0xFFFFFFFFu) continue;
        ng = 0;
        for (k = i; k < n; k++)
            if (e->items[k].rule_set_id == set) e->group[ng++] = k;
        if (set >= e->plan.set_count) { /* cannot happen: submit checks; fail the jobs loudly */
            for (k = 0; k < ng; k++) {
                uint8_t *s = vyre__eslot(&e->plan, e->block, e->items[e->group[k]].correlation);
                *VYRE__ES_STATUS(s) = (int32_t)VYRE_ERR_OUT_OF_RANGE;
                VYRE__AST(VYRE__ES_DONE(s), 1u, release);
            }
        } else {
            vyre__engine_batch_group(e, set, e->group, ng);
        }
        for (k = 0; k < ng; k++) e->items[e->group[k]].rule_set_id = 0xFFFFFFFFu;
    }
    vyre__engine_notify(e);
}
static void *vyre__engine_batcher(void *arg) {
    vyre_engine *e = (vyre_engine *)arg;
    for (;;) {
        uint64_t ep = vyre__waker_epoch(&e->wake);
        uint32_t n = 0;
        while (n < e->batch_jobs && vyre__ring_take(&e->ring, &e->items[n], NULL)) n++;
        if (n) { vyre__engine_batch(e, n); continue; }
        if (VYRE__ALD(&e->ctl[VYRE_ENGINE_CTL_STOP], acquire)) break;
        vyre__waker_sleep(&e->wake, ep, &e->ctl[VYRE_ENGINE_CTL_STOP], 50000000ull);
    }
    return NULL;
}

static size_t vyre__align64(size_t n) { return (n + 63u) & ~(size_t)63u; }

static void vyre__engine_free(vyre_engine *e) {
    vyre_allocator A = e->A;
    uint32_t i;
    if (e->bscan) for (i = 0; i < e->plan.set_count; i++) vyre_scanner_destroy(e->bscan[i]);
    if (e->rscan) for (i = 0; i < e->plan.set_count; i++) vyre_scanner_destroy(e->rscan[i]);
    vyre_free(&A, e->bscan); vyre_free(&A, e->rscan);
    vyre_free(&A, e->items); vyre_free(&A, e->group); vyre_free(&A, e->starts); vyre_free(&A, e->cnt);
    vyre_free(&A, e->stage);
    vyre_free(&A, e->jobs);
    vyre_free(&A, e->free_mem);
    vyre_free(&A, e->own_mem);
    vyre_free(&A, e->sets);
    pthread_mutex_destroy(&e->rmu);
    vyre__waker_fini(&e->done);
    vyre__waker_fini(&e->wake);
    vyre_free(&A, e);
}

VYREDEF vyre_result vyre_engine_destroy(vyre_engine *e, vyre_error *err) {
    vyre_result r = VYRE_OK;
    vyre__clear_error(err);
    if (!e) return VYRE_OK;
    if (e->ctl) VYRE__AST(&e->ctl[VYRE_ENGINE_CTL_STOP], 1u, release);
    if (e->batcher_started) {
        vyre__waker_kick(&e->wake);
        pthread_join(e->batcher, NULL);
    }
    if (e->bstate) r = e->b->vt->engine_close(e->b->self, e->bstate, err);
    vyre__engine_free(e);
    return r;
}

VYREDEF vyre_result vyre_engine_create(vyre_backend *b, const vyre_engine_desc *desc, vyre_engine **out, vyre_error *err) {
    vyre_allocator A;
    vyre_engine *e;
    vyre_engine_plan *p;
    vyre_device_profile prof;
    vyre_result r;
    size_t ring_bytes, n;
    uint32_t i, cap;
    int persistent;
    vyre__clear_error(err);
    if (!out) return VYRE__NULLARG(err, "out");
    *out = NULL;
    if (!b) return VYRE__NULLARG(err, "backend");
    if (!desc) return VYRE__NULLARG(err, "desc");
    if ((r = vyre_allocator_resolve(&desc->allocator, &A, err)) != VYRE_OK) return r;
    if (desc->mode < VYRE_ENGINE_AUTO || desc->mode > VYRE_ENGINE_DISABLE)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: use VYRE_ENGINE_AUTO, VYRE_ENGINE_FORCE or VYRE_ENGINE_DISABLE.",
                              "unknown vyre_engine_desc.mode %d", (int)desc->mode);
    if (!desc->sets || desc->set_count == 0 || desc->set_count > VYRE_ENGINE_MAX_SETS)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass 1 to 4096 sets in vyre_engine_desc.sets / set_count.",
                              "vyre_engine_desc has %u sets%s (limit %u)", desc->set_count, desc->sets ? "" : " and a NULL sets array",
                              VYRE_ENGINE_MAX_SETS);
    for (i = 0; i < desc->set_count; i++)
        if (!desc->sets[i].literal)
            return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: give every vyre_engine_set entry a compiled set.",
                                  "vyre_engine_desc.sets[%u] names no set", i);
    if (desc->max_jobs > VYRE_ENGINE_MAX_JOBS)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: use at most 1048576 jobs in flight.",
                              "vyre_engine_desc.max_jobs = %u is over the limit of %u", desc->max_jobs, VYRE_ENGINE_MAX_JOBS);
    if ((r = vyre_backend_profile(b, &prof, err)) != VYRE_OK) return r;
    persistent = (prof.caps & VYRE_CAP_PERSISTENT) && b->vt->engine_open && b->vt->engine_start && b->vt->engine_close;
    if (desc->mode == VYRE_ENGINE_FORCE && !persistent)
        return vyre_set_error(err, VYRE_ERR_UNSUPPORTED,
                              "Fix: use VYRE_ENGINE_AUTO (batched per-launch path) or a backend with persistent consumers (cpu, cuda).",
                              "backend '%s' has no persistent consumers (VYRE_CAP_PERSISTENT) and VYRE_ENGINE_FORCE was asked for",
                              vyre_backend_id(b));
    if (desc->mode == VYRE_ENGINE_DISABLE) persistent = 0;

    e = (vyre_engine *)vyre__calloc(&A, 1, sizeof *e, "engine", err);
    if (!e) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
    e->A = A;
    e->b = b;
    pthread_mutex_init(&e->rmu, NULL);
    vyre__waker_init(&e->done);
    vyre__waker_init(&e->wake);
    p = &e->plan;
    p->backend = b;
    p->set_count = desc->set_count;
    p->max_jobs = desc->max_jobs ? desc->max_jobs : 1024u;
    p->max_job_bytes = desc->max_job_bytes ? desc->max_job_bytes : 65536u;
    p->max_matches = desc->max_matches_per_job ? desc->max_matches_per_job : 64u;
    p->workers = desc->workers;
    p->timeout_ns = desc->timeout_ns ? desc->timeout_ns : 10000000000ull;
    e->batch_jobs = desc->batch_jobs ? desc->batch_jobs : 1024u;
    if (e->batch_jobs > p->max_jobs) e->batch_jobs = p->max_jobs;
    if ((uint64_t)p->max_jobs * p->max_job_bytes > 0xFFFFFFFFull) {
        r = vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT,
                           "Fix: lower max_jobs or max_job_bytes: the input arena is addressed by 32-bit ring items.",
                           "max_jobs %u x max_job_bytes %u = %llu bytes of input arena is not below 4 GiB", p->max_jobs,
                           p->max_job_bytes, (unsigned long long)p->max_jobs * p->max_job_bytes);
        goto fail;
    }
    if (p->max_matches > (0xFFFFFFFFu - VYRE_ENGINE_RESULT_HEADER) / 12u / p->max_jobs) {
        r = vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: lower max_matches_per_job or max_jobs.",
                           "max_matches_per_job %u x max_jobs %u result slots are over 4 GiB", p->max_matches, p->max_jobs);
        goto fail;
    }
    for (cap = 2; cap < p->max_jobs; cap <<= 1) {}   /* a ring has at least 2 slots (>>ring) */
    p->ring_capacity = cap;
    e->sets = (vyre_engine_set *)vyre__calloc(&A, p->set_count, sizeof *e->sets, "engine sets", err);
    if (!e->sets) { r = err ? err->code : VYRE_ERR_OUT_OF_MEMORY; goto fail; }
    memcpy(e->sets, desc->sets, (size_t)p->set_count * sizeof *e->sets);
    p->sets = e->sets;
    /* block layout */
    vyre__ring_bytes(cap, &ring_bytes);
    p->off_ctl = 0;
    p->off_ring = 64;
    /* whole cache lines: a producer resetting slot j never shares a line with the consumer
       writing slot j - 1's results */
    p->result_stride = (VYRE_ENGINE_RESULT_HEADER + 12u * (size_t)p->max_matches + 63u) & ~(size_t)63u;
    p->off_results = vyre__align64(p->off_ring + ring_bytes);
    p->off_arena = vyre__align64(p->off_results + (size_t)p->max_jobs * p->result_stride);
    p->block_bytes = vyre__align64(p->off_arena + (size_t)p->max_jobs * p->max_job_bytes);
    p->notify = vyre__engine_notify;
    p->notify_ctx = e;
    /* host state of job slots, the free list */
    e->jobs = (vyre__ejob *)vyre__calloc(&A, p->max_jobs, sizeof *e->jobs, "engine jobs", err);
    if (!e->jobs) { r = err ? err->code : VYRE_ERR_OUT_OF_MEMORY; goto fail; }
    /* free lists: at most 4 MiB of them in all, each able to hold every slot */
    for (e->nfree = VYRE__ENGINE_SHARDS; e->nfree > 1 && (size_t)e->nfree * ring_bytes > ((size_t)4 << 20); e->nfree >>= 1) {}
    if (p->max_jobs < 2u * e->nfree) e->nfree = 1;
    n = vyre__align64(ring_bytes);
    if (!(e->free_mem = vyre__calloc(&A, n * e->nfree + 64u, 1, "engine free lists", err))) { r = err ? err->code : VYRE_ERR_OUT_OF_MEMORY; goto fail; }
    for (i = 0; i < e->nfree; i++)
        vyre__ring_init(&e->freel[i], (void *)((((uintptr_t)e->free_mem + 63u) & ~(uintptr_t)63u) + (size_t)i * n), cap);
    for (i = 0; i < p->max_jobs; i++) {
        vyre_ring_item it;
        memset(&it, 0, sizeof it);
        it.correlation = i;
        vyre__ring_put(&e->freel[i % e->nfree], &it, NULL, NULL);
    }
    /* the block */
    if (persistent) {
        void *blk = NULL;
        vyre_error e2;
        p->consumers = &e->consumers;
        r = b->vt->engine_open(b->self, p, &blk, &e->bstate, err ? err : &e2);
        if (r == VYRE_ERR_UNSUPPORTED && desc->mode == VYRE_ENGINE_AUTO) {
            /* the persistent consumers cannot take one of the sets (CUDA: a large-set form):
               AUTO takes the batched path and says why; FORCE reports the error */
            const vyre_error *why = err ? err : &e2;
            e->bstate = NULL;
            persistent = 0;
            snprintf(e->reason, sizeof e->reason, "batched per-launch path: %.150s", why->message);
            vyre__clear_error(err);
        } else if (r != VYRE_OK) {
            e->bstate = NULL;
            goto fail;
        } else {
            e->block = (uint8_t *)blk;
            e->path = VYRE_ENGINE_PATH_PERSISTENT;
            e->host_consumers = (prof.caps & VYRE_CAP_HOST_MEMORY) != 0;
            snprintf(e->reason, sizeof e->reason, "backend '%s' runs persistent consumers (VYRE_CAP_PERSISTENT, mode %s)",
                     vyre_backend_id(b), desc->mode == VYRE_ENGINE_FORCE ? "FORCE" : "AUTO");
        }
    }
    if (!persistent) {
        e->own_mem = vyre__calloc(&A, p->block_bytes + 64u, 1, "engine block", err);
        if (!e->own_mem) { r = err ? err->code : VYRE_ERR_OUT_OF_MEMORY; goto fail; }
        e->block = (uint8_t *)(((uintptr_t)e->own_mem + 63u) & ~(uintptr_t)63u);
        e->path = VYRE_ENGINE_PATH_BATCHED;
        e->host_consumers = 1;
        if (desc->mode == VYRE_ENGINE_DISABLE)
            snprintf(e->reason, sizeof e->reason, "batched per-launch path: VYRE_ENGINE_DISABLE (jobs coalesced into region scans)");
        else if (!e->reason[0])
            snprintf(e->reason, sizeof e->reason,
                     "batched per-launch path: backend '%s' has no persistent consumers (VYRE_CAP_PERSISTENT); jobs are coalesced into region scans",
                     vyre_backend_id(b));
    }
    e->ctl = (vyre__au32 *)(void *)(e->block + p->off_ctl);
    vyre__ring_init(&e->ring, e->block + p->off_ring, cap);
    vyre__engine_ring_view(&e->ring);
    if (persistent) {
        if ((r = b->vt->engine_start(b->self, e->bstate, err)) != VYRE_OK) goto fail;
    } else {
        e->bscan = (vyre_scanner **)vyre__calloc(&A, p->set_count, sizeof *e->bscan, "engine scanners", err);
        e->items = (vyre_ring_item *)vyre__calloc(&A, e->batch_jobs, sizeof *e->items, "engine batch", err);
        e->group = (uint32_t *)vyre__calloc(&A, e->batch_jobs, sizeof *e->group, "engine batch", err);
        e->starts = (uint64_t *)vyre__calloc(&A, e->batch_jobs, sizeof *e->starts, "engine batch", err);
        e->cnt = (uint64_t *)vyre__calloc(&A, e->batch_jobs, sizeof *e->cnt, "engine batch", err);
        if (!e->bscan || !e->items || !e->group || !e->starts || !e->cnt) { r = VYRE__OOM(err, "engine batch state", 0); goto fail; }
        for (i = 0; i < p->set_count; i++)
            if ((r = vyre_scanner_create(b, e->sets[i].literal, NULL, &e->bscan[i], err)) != VYRE_OK) goto fail;
        if (pthread_create(&e->batcher, NULL, vyre__engine_batcher, e) != 0) {
            r = vyre_set_error(err, VYRE_ERR_THREAD, "Fix: raise the process thread limit.", "could not start the engine's batch thread");
            goto fail;
        }
        e->batcher_started = 1;
        VYRE__AST(&e->ctl[VYRE_ENGINE_CTL_ALIVE], 1u, release);
    }
    e->rscan = (vyre_scanner **)vyre__calloc(&A, p->set_count, sizeof *e->rscan, "engine rescan scanners", err);
    if (!e->rscan) { r = err ? err->code : VYRE_ERR_OUT_OF_MEMORY; goto fail; }
    *out = e;
    return VYRE_OK;
fail:
    {
        vyre_error e2;
        vyre_engine_destroy(e, &e2);
    }
    return r;
}

/* a free job slot: this thread's list first, then the others in turn */
static int vyre__engine_take_slot(vyre_engine *e, vyre_ring_item *it) {
    uint32_t home = vyre__thread_no() & (e->nfree - 1u), k;
    for (k = 0; k < e->nfree; k++)
        if (vyre__ring_take(&e->freel[(home + k) & (e->nfree - 1u)], it, NULL)) return 1;
    return 0;
}
/* back to this thread's list. A list never holds more than max_jobs <= capacity slots,
   but a put can find the slot of its head position still held by a take that has
   claimed it (tail CAS done, hand-back store not yet): RING_FULL that lasts a few
   instructions. Retry; dropping the slot would shrink the engine for good. */
static void vyre__engine_put_slot(vyre_engine *e, const vyre_ring_item *it) {
    vyre__ringv *f = &e->freel[vyre__thread_no() & (e->nfree - 1u)];
    uint32_t spins = 0;
    while (vyre__ring_put(f, it, NULL, NULL) != VYRE_OK) vyre__spin(&spins);
}

/* the checks of one job (submit and submit_many) */
static vyre_result vyre__engine_check_job(vyre_engine *e, uint32_t set, const void *data, size_t len, vyre_error *err) {
    const vyre_engine_plan *p = &e->plan;
    if (len && !data) return VYRE__NULLARG(err, "data");
    if (set >= p->set_count)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: use a rule_set_id below the engine's set_count.",
                              "rule_set_id %u is not a set of this engine (it has %u)", set, p->set_count);
    if (len > p->max_job_bytes)
        return vyre_set_error(err, VYRE_ERR_HAYSTACK_CAPACITY,
                              "Fix: raise vyre_engine_desc.max_job_bytes, split the job, or scan it with vyre_scan.",
                              "job of %llu bytes is larger than max_job_bytes = %u", (unsigned long long)len, p->max_job_bytes);
    return VYRE_OK;
}
/* copy a job into slot j, reset its result slot, arm its host state; returns its handle
   and fills the ring item that hands it to the consumers */
static vyre_job vyre__engine_fill(vyre_engine *e, uint32_t j, uint32_t set, const void *data, size_t len, uint64_t tag,
                                  vyre_ring_item *it) {
    const vyre_engine_plan *p = &e->plan;
    vyre__ejob *J = &e->jobs[j];
    uint8_t *s = vyre__eslot(p, e->block, j);
    uint64_t gen;
#if defined(__GNUC__) || defined(__clang__)
    /* the result slot's line was last written by the consumer (a device: it is not in this
       core's cache): start its fetch for writing now, under the copy, not at the reset */
    __builtin_prefetch(s, 1, 3);
#endif
    if (len) memcpy(e->block + p->off_arena + (size_t)j * p->max_job_bytes, data, len);
    *VYRE__ES_FLAGS(s) = 0; *VYRE__ES_COUNT(s) = 0; *VYRE__ES_STATUS(s) = 0; *VYRE__ES_TIME(s) = 0; *VYRE__ES_TRACE(s) = 0;
    VYRE__AST(VYRE__ES_DONE(s), 0u, relaxed);   /* published to the consumer by the ring's release */
    J->tag = tag;
    J->set = set;
    J->len = (uint32_t)len;
    J->submit_ns = vyre__mono_ns();
    gen = (VYRE__ALD(&J->word, relaxed) >> 2) + 1u;
    if (gen > 0xFFFFFFFFull) gen = 1;
    VYRE__AST(&J->word, (gen << 2) | 1u, release);
    it->input_offset = (uint32_t)((size_t)j * p->max_job_bytes);
    it->input_len = (uint32_t)len;
    it->rule_set_id = set;
    it->correlation = j;
    return (gen << 32) | j;
}
static void vyre__engine_kick(vyre_engine *e) {
    if (e->path == VYRE_ENGINE_PATH_BATCHED) vyre__waker_kick(&e->wake);
    else if (e->b->vt->engine_kick) e->b->vt->engine_kick(e->b->self, e->bstate);
}
static vyre_result vyre__engine_stopping(vyre_engine *e, vyre_error *err) {
    if (VYRE__ALD(&e->ctl[VYRE_ENGINE_CTL_STOP], acquire))
        return vyre_set_error(err, VYRE_ERR_STATE, "Fix: do not submit to an engine that is being destroyed.", "engine is stopping");
    return VYRE_OK;
}
static vyre_result vyre__engine_full(vyre_engine *e, vyre_error *err) {
    if (err)
        vyre_set_error(err, VYRE_ERR_RING_FULL,
                       "Fix: collect completed jobs (vyre_engine_wait / vyre_engine_poll) and retry, or raise max_jobs.",
                       "all %u job slots of the engine are in flight (persistent engine ring buffer is full)", e->plan.max_jobs);
    return VYRE_ERR_RING_FULL;
}

/* The engine's producers claim ring positions with ONE atomic add of the head (no CAS,
   so no retries when producers collide) and publish n items. Sound only for the
   engine's ring: a producer claims positions only while holding that many job slots,
   and the ring never holds more items than job slots (<= capacity), so the item of
   p - capacity has been claimed by a consumer (consumers claim in position order; were
   it not, positions p - capacity .. p - 1 and ours would be capacity + 1 items), and at
   most its hand-back store (ready = p) is still on its way: wait for it. A slot that
   stays occupied is a bug (the position is claimed and cannot be given back): after
   `limit_ns` RING_FULL, and the engine is broken. */
static vyre_result vyre__ring_put_engine(vyre__ringv *v, const vyre_ring_item *it, size_t n, uint64_t limit_ns) {
    const uint64_t head = VYRE__AADD(v->head, (uint64_t)n, acq_rel);
    size_t i;
    for (i = 0; i < n; i++) {
        const uint64_t pos = head + i;
        const uint32_t s = vyre__ring_slot(v, pos);
        uint64_t w[2];
        if (VYRE__ALD(&v->ready[s], acquire) != pos) {
            uint32_t spins = 0;
            const uint64_t t0 = vyre__mono_ns();
            while (VYRE__ALD(&v->ready[s], acquire) != pos) {
                vyre__spin(&spins);
                if ((spins & 1023u) == 0 && vyre__mono_ns() - t0 > limit_ns) return VYRE_ERR_RING_FULL;
            }
        }
        vyre_ring_pack(&it[i], w);
        VYRE__AST(&v->words[2 * (size_t)s], w[0], relaxed);
        VYRE__AST(&v->words[2 * (size_t)s + 1], w[1], relaxed);
        VYRE__AST(&v->ready[s], pos + 1u, release);
    }
    return VYRE_OK;
}

VYREDEF vyre_result vyre_engine_submit(vyre_engine *e, uint32_t set, const void *data, size_t len, uint64_t tag,
                                       vyre_job *job, vyre_error *err) {
    vyre_ring_item it;
    vyre_job h;
    vyre_result r;
    if (job) *job = 0;
    if (!e) return VYRE__NULLARG(err, "engine");
    if (!job) return VYRE__NULLARG(err, "job");
    if ((r = vyre__engine_check_job(e, set, data, len, err)) != VYRE_OK) return r;
    if ((r = vyre__engine_stopping(e, err)) != VYRE_OK) return r;
    if (!vyre__engine_take_slot(e, &it)) return vyre__engine_full(e, err);
    h = vyre__engine_fill(e, it.correlation, set, data, len, tag, &it);
    if (vyre__ring_put_engine(&e->ring, &it, 1, e->plan.timeout_ns) != VYRE_OK) /* cannot happen: every item holds a job slot */
        return vyre_set_error(err, VYRE_ERR_RING_FULL, "Fix: report this bug (the engine's ring is broken; destroy the engine).",
                              "work ring slot still occupied after %.3f ms with a job slot in hand", (double)e->plan.timeout_ns / 1e6);
    vyre__engine_kick(e);
    *job = h;
    return VYRE_OK;
}

VYREDEF vyre_result vyre_engine_submit_many(vyre_engine *e, const vyre_engine_job_desc *jobs, size_t n, vyre_job *out,
                                            vyre_error *err) {
    enum { CHUNK = 64 };
    vyre_ring_item its[CHUNK];
    vyre_result r;
    size_t i, got = 0;
    vyre__clear_error(err);
    if (!e) return VYRE__NULLARG(err, "engine");
    if (n == 0) return VYRE_OK;
    if (!jobs) return VYRE__NULLARG(err, "jobs");
    if (!out) return VYRE__NULLARG(err, "out");
    for (i = 0; i < n; i++) out[i] = 0;
    if (n > e->plan.max_jobs)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: submit at most max_jobs jobs per call, or raise vyre_engine_desc.max_jobs.",
                              "vyre_engine_submit_many of %llu jobs: more than the engine's max_jobs = %u", (unsigned long long)n,
                              e->plan.max_jobs);
    for (i = 0; i < n; i++)
        if ((r = vyre__engine_check_job(e, jobs[i].rule_set_id, jobs[i].data, jobs[i].len, err)) != VYRE_OK) {
            if (err) {
                char m[sizeof err->message];
                int k = snprintf(m, sizeof m, "job %llu of %llu: ", (unsigned long long)i, (unsigned long long)n);
                vyre__append(m, sizeof m, k > 0 ? (size_t)k : 0, err->message);
                memcpy(err->message, m, sizeof m);
                err->pattern_index = (uint32_t)i;
            }
            return r;
        }
    if ((r = vyre__engine_stopping(e, err)) != VYRE_OK) return r;
    /* every slot first (all or none); the handles' low words hold the slots meanwhile */
    for (got = 0; got < n; got++) {
        vyre_ring_item it;
        if (!vyre__engine_take_slot(e, &it)) break;
        out[got] = it.correlation;
    }
    if (got < n) {
        VYRE__AADD(&e->n_unused, (uint64_t)got, relaxed);   /* before the puts: collected never runs ahead */
        for (i = 0; i < got; i++) {
            vyre_ring_item it;
            memset(&it, 0, sizeof it);
            it.correlation = (uint32_t)out[i];
            vyre__engine_put_slot(e, &it);
            out[i] = 0;
        }
        return vyre__engine_full(e, err);
    }
    for (i = 0; i < n; i += CHUNK) {
        size_t k, m = n - i < (size_t)CHUNK ? n - i : (size_t)CHUNK;
        for (k = 0; k < m; k++) {
            const vyre_engine_job_desc *d = &jobs[i + k];
            out[i + k] = vyre__engine_fill(e, (uint32_t)out[i + k], d->rule_set_id, d->data, d->len, d->user_tag, &its[k]);
        }
        if (vyre__ring_put_engine(&e->ring, its, m, e->plan.timeout_ns) != VYRE_OK) /* cannot happen: every item holds a job slot */
            return vyre_set_error(err, VYRE_ERR_RING_FULL, "Fix: report this bug.",
                                  "work ring stayed full with %llu free job slots in hand", (unsigned long long)m);
    }
    vyre__engine_kick(e);
    return VYRE_OK;
}

static vyre_result vyre__engine_collect(vyre_engine *e, vyre_job job, int wait, uint64_t timeout_ns, vyre_match *out, size_t cap,
                                        size_t *count, vyre_job_info *info, vyre_error *err) {
    const vyre_engine_plan *p;
    uint32_t j = (uint32_t)job, flags, cnt;
    uint64_t gen = job >> 32, expect, t0 = 0, complete, trace;
    int32_t status;
    vyre__ejob *J;
    uint8_t *s;
    size_t n, i;
    vyre_result r;
    vyre__clear_error(err);
    if (count) *count = 0;
    if (info) memset(info, 0, sizeof *info);
    if (!e) return VYRE__NULLARG(err, "engine");
    if (!count) return VYRE__NULLARG(err, "count");
    if (cap && !out) return VYRE__NULLARG(err, "out");
    p = &e->plan;
    if (gen == 0 || j >= p->max_jobs)
        return vyre_set_error(err, VYRE_ERR_BAD_HANDLE, "Fix: pass a handle vyre_engine_submit returned and that was not collected yet.",
                              "job 0x%llx is not a job of this engine", (unsigned long long)job);
    J = &e->jobs[j];
    expect = (gen << 2) | 1u;
    if (!VYRE__ACAS(&J->word, &expect, (gen << 2) | 2u)) {
        if (expect == ((gen << 2) | 2u))
            return vyre_set_error(err, VYRE_ERR_STATE, "Fix: collect each job from one thread at a time.",
                                  "job 0x%llx is being collected by another call", (unsigned long long)job);
        if (expect == ((gen << 2) | 1u)) { /* a spurious CAS failure: retry once strongly */
            expect = (gen << 2) | 1u;
            if (!VYRE__ACAS(&J->word, &expect, (gen << 2) | 2u))
                return vyre_set_error(err, VYRE_ERR_STATE, "Fix: collect each job from one thread at a time.",
                                      "job 0x%llx is being collected by another call", (unsigned long long)job);
        } else {
            return vyre_set_error(err, VYRE_ERR_BAD_HANDLE,
                                  "Fix: pass a handle vyre_engine_submit returned and that was not collected yet.",
                                  "job 0x%llx is not a live job of this engine (already collected, or never submitted)",
                                  (unsigned long long)job);
        }
    }
    s = vyre__eslot(p, e->block, j);
    if (!VYRE__ALD(VYRE__ES_DONE(s), acquire)) {
        /* Spin first (a device publishes within microseconds and nothing wakes
           the host for it), then yield, then sleep in short steps; host
           consumers notify, so their waiters sleep on the waker after a
           shorter spin (the consumers need those CPUs). Bounded by limit. */
        uint64_t limit = timeout_ns ? timeout_ns : p->timeout_ns;
        uint64_t spin_ns = e->host_consumers ? VYRE__ENGINE_SPIN_HOST_NS : VYRE__ENGINE_SPIN_DEVICE_NS;
        int32_t dead = 0;
        t0 = vyre__mono_ns();
        while (wait) {
            uint64_t ep = vyre__waker_epoch(&e->done), now;
            uint32_t k;
            if (VYRE__ALD(VYRE__ES_DONE(s), acquire)) break;
            dead = (int32_t)VYRE__ALD(&e->ctl[VYRE_ENGINE_CTL_ERROR], acquire);
            if (dead) break;
            now = vyre__mono_ns();
            if (now - t0 >= limit) break;
            if (now - t0 < spin_ns) {
                for (k = 0; k < 16u && !VYRE__ALD(VYRE__ES_DONE(s), acquire); k++) VYRE__PAUSE();
            } else if (e->host_consumers) {
                vyre__waker_sleep(&e->done, ep, NULL, limit - (now - t0));
            } else if (now - t0 < 16u * spin_ns) {
                VYRE__YIELD();
            } else { /* a timed sleep of at most 50 us (nothing kicks this waker for device consumers) */
                uint64_t left = limit - (now - t0);
                vyre__waker_sleep(&e->done, ep, NULL, left < 50000u ? left : 50000u);
            }
        }
        if (!VYRE__ALD(VYRE__ES_DONE(s), acquire)) {
            VYRE__AST(&J->word, (gen << 2) | 1u, release);   /* still collectable */
            if (!wait) return VYRE_PENDING;
            if (dead)
                return vyre_set_error(err, (vyre_result)dead, "Fix: destroy the engine; see the backend's error for the cause.",
                                      "the engine's consumers stopped with %s before job 0x%llx completed",
                                      vyre_result_str((vyre_result)dead), (unsigned long long)job);
            return vyre_set_error(err, VYRE_ERR_TIMEOUT,
                                  "Fix: wait again, raise timeout_ns, or check the consumers (vyre_engine_get_stats).",
                                  "job 0x%llx did not complete within %.3f ms (%s path, %llu items not yet claimed)",
                                  (unsigned long long)job, (double)limit / 1e6,
                                  e->path == VYRE_ENGINE_PATH_PERSISTENT ? "persistent" : "batched",
                                  (unsigned long long)vyre__ring_pending(&e->ring));
        }
    }
    flags = *VYRE__ES_FLAGS(s);
    cnt = *VYRE__ES_COUNT(s);
    status = *VYRE__ES_STATUS(s);
    complete = *VYRE__ES_TIME(s);
    trace = *VYRE__ES_TRACE(s);
    if (!complete) complete = vyre__mono_ns();
    if (status != 0) {
        r = vyre_set_error(err, (vyre_result)status, "Fix: check the job's set and size; see the backend for device errors.",
                           "the engine's consumer failed job 0x%llx with %s", (unsigned long long)job,
                           vyre_result_str((vyre_result)status));
        goto release;
    }
    if ((flags & VYRE_JOB_OVERFLOWED) || cnt > p->max_matches) {
        /* the slot overflowed: rescan the job's bytes on the host side of the backend */
        pthread_mutex_lock(&e->rmu);
        r = VYRE_OK;
        if (!e->rscan[J->set]) r = vyre_scanner_create(e->b, e->sets[J->set].literal, NULL, &e->rscan[J->set], err);
        n = 0;
        if (r == VYRE_OK)
            r = vyre_scan(e->rscan[J->set], e->block + p->off_arena + (size_t)j * p->max_job_bytes, J->len, out, cap, &n, err);
        pthread_mutex_unlock(&e->rmu);
        if (r != VYRE_OK) {
            if (r == VYRE_ERR_MATCH_CAPACITY) *count = n;
            VYRE__AST(&J->word, (gen << 2) | 1u, release);
            return r;
        }
        flags |= VYRE_JOB_OVERFLOWED;
        VYRE__AADD(&e->n_overflows, 1u, relaxed);
    } else {
        const uint32_t *t = VYRE__ES_MATCH(s);
        n = cnt;
        if (n > cap) {
            if (cap) memset(out, 0, cap * sizeof *out);
            *count = n;
            VYRE__AST(&J->word, (gen << 2) | 1u, release);
            return vyre_set_error(err, VYRE_ERR_MATCH_CAPACITY, "Fix: give a larger match buffer (the count needed is reported).",
                                  "job 0x%llx has %llu matches but the buffer holds %llu", (unsigned long long)job,
                                  (unsigned long long)n, (unsigned long long)cap);
        }
        for (i = 0; i < n; i++) {
            out[i].pattern_id = t[3 * i];
            out[i].start = t[3 * i + 1];
            out[i].end = t[3 * i + 2];
            out[i].region = 0;
        }
        vyre_sort_matches(out, n);
    }
    *count = n;
    if (info) {
        info->user_tag = J->tag; info->rule_set_id = J->set; info->flags = flags; info->match_count = n;
        info->len = J->len; info->submit_ns = J->submit_ns; info->complete_ns = complete;
        info->dev_wait_ns = (uint32_t)(trace & 0x1FFFFFu);
        info->dev_scan_ns = (uint32_t)((trace >> 21) & 0x1FFFFFu);
    }
    r = VYRE_OK;
release:
    {
        vyre_ring_item it;
        memset(&it, 0, sizeof it);
        it.correlation = j;
        VYRE__AST(&J->word, gen << 2, release);
        vyre__engine_put_slot(e, &it);
    }
    return r;
}
VYREDEF vyre_result vyre_engine_poll(vyre_engine *e, vyre_job job, vyre_match *out, size_t cap, size_t *count,
                                     vyre_job_info *info, vyre_error *err) {
    return vyre__engine_collect(e, job, 0, 0, out, cap, count, info, err);
}
VYREDEF vyre_result vyre_engine_wait(vyre_engine *e, vyre_job job, uint64_t timeout_ns, vyre_match *out, size_t cap,
                                     size_t *count, vyre_job_info *info, vyre_error *err) {
    return vyre__engine_collect(e, job, 1, timeout_ns, out, cap, count, info, err);
}
VYREDEF vyre_result vyre_engine_get_stats(vyre_engine *e, vyre_engine_stats *o, vyre_error *err) {
    uint64_t sub, col;
    uint32_t i;
    vyre__clear_error(err);
    if (!e) return VYRE__NULLARG(err, "engine");
    if (!o) return VYRE__NULLARG(err, "out");
    memset(o, 0, sizeof *o);
    o->path = e->path;
    snprintf(o->path_reason, sizeof o->path_reason, "%s", e->reason);
    for (col = 0, i = 0; i < e->nfree; i++) col += VYRE__ALD(e->freel[i].head, acquire);   /* first: a collected job was submitted before */
    {   /* a rollback's puts may be seen after its count: never below 0 */
        const uint64_t base = e->plan.max_jobs + VYRE__ALD(&e->n_unused, acquire);
        col = col >= base ? col - base : 0;
    }
    sub = VYRE__ALD(e->ring.head, acquire);
    o->submitted = sub;
    o->collected = col;
    o->overflows = VYRE__ALD(&e->n_overflows, relaxed);
    o->dispatches = VYRE__ALD(&e->n_dispatches, relaxed);
    o->batched_jobs = VYRE__ALD(&e->n_batched, relaxed);
    o->jobs_in_flight = sub >= col ? sub - col : 0;
    /* On the CUDA persistent path the ring's tail word is a mirror the kernel's one fetcher
       stores after each batch it moves to the device (monotonic, at most one batch behind);
       a collected job was fetched, so the jobs in flight bound it. */
    o->in_ring = vyre__ring_pending(&e->ring);
    if (o->in_ring > o->jobs_in_flight) o->in_ring = o->jobs_in_flight;
    o->consumers = e->path == VYRE_ENGINE_PATH_BATCHED ? 1u : e->consumers;
    return VYRE_OK;
}
#elif !defined(VYRE_NO_RING) /* VYRE_NO_THREADS: the engine needs threads */
VYREDEF vyre_result vyre_engine_create(vyre_backend *b, const vyre_engine_desc *desc, vyre_engine **out, vyre_error *err) {
    (void)b; (void)desc;
    if (out) *out = NULL;
    return vyre_set_error(err, VYRE_ERR_UNSUPPORTED, "Fix: build without VYRE_NO_THREADS to use the engine.",
                          "the persistent engine needs threads and this build has VYRE_NO_THREADS");
}
VYREDEF vyre_result vyre_engine_submit(vyre_engine *e, uint32_t s, const void *d, size_t l, uint64_t t, vyre_job *j, vyre_error *err) {
    (void)e; (void)s; (void)d; (void)l; (void)t; if (j) *j = 0;
    return vyre_set_error(err, VYRE_ERR_UNSUPPORTED, "Fix: build without VYRE_NO_THREADS.", "no engine in a VYRE_NO_THREADS build");
}
VYREDEF vyre_result vyre_engine_submit_many(vyre_engine *e, const vyre_engine_job_desc *jobs, size_t n, vyre_job *out,
                                            vyre_error *err) {
    size_t i;
    (void)e; (void)jobs;
    if (out) for (i = 0; i < n; i++) out[i] = 0;
    return vyre_set_error(err, VYRE_ERR_UNSUPPORTED, "Fix: build without VYRE_NO_THREADS.", "no engine in a VYRE_NO_THREADS build");
}
VYREDEF vyre_result vyre_engine_poll(vyre_engine *e, vyre_job j, vyre_match *o, size_t c, size_t *n, vyre_job_info *i, vyre_error *err) {
    (void)e; (void)j; (void)o; (void)c; (void)i; if (n) *n = 0;
    return vyre_set_error(err, VYRE_ERR_UNSUPPORTED, "Fix: build without VYRE_NO_THREADS.", "no engine in a VYRE_NO_THREADS build");
}
VYREDEF vyre_result vyre_engine_wait(vyre_engine *e, vyre_job j, uint64_t t, vyre_match *o, size_t c, size_t *n, vyre_job_info *i,
                                     vyre_error *err) {
    (void)t;
    return vyre_engine_poll(e, j, o, c, n, i, err);
}
VYREDEF vyre_result vyre_engine_get_stats(vyre_engine *e, vyre_engine_stats *o, vyre_error *err) {
    (void)e; if (o) memset(o, 0, sizeof *o);
    return vyre_set_error(err, VYRE_ERR_UNSUPPORTED, "Fix: build without VYRE_NO_THREADS.", "no engine in a VYRE_NO_THREADS build");
}
VYREDEF vyre_result vyre_engine_destroy(vyre_engine *e, vyre_error *err) { (void)e; (void)err; return VYRE_OK; }
#endif /* engine */
#if !defined(VYRE_NO_REGEX) /* >>re-parse, >>re-compile, >>re-cpu */
/* ==================================================================== */
/* >>re-parse: regex parser (RE2/Go syntax, bytes) -> syntax tree       */
/* ==================================================================== */
#define VYRE__RE_NONE 0xFFFFFFFFu
enum { VYRE__RN_EMPTY = 0, VYRE__RN_CLASS, VYRE__RN_ASSERT, VYRE__RN_CAT, VYRE__RN_ALT, VYRE__RN_REP, VYRE__RN_CAP };
enum { VYRE__RA_BOT = 1, VYRE__RA_EOT = 2, VYRE__RA_BOL = 3, VYRE__RA_EOL = 4, VYRE__RA_WB = 5, VYRE__RA_NWB = 6 };
/* parse-time flags */
#define VYRE__RF_I 1u
#define VYRE__RF_S 2u
#define VYRE__RF_M 4u
#define VYRE__RF_U 8u
#define VYRE__RF_FOLDED 16u /* on CLASS nodes: built under (?i) */

typedef struct vyre__rn {
    uint8_t type, greedy;
    uint16_t flags;
    uint32_t arg;          /* CLASS: class index; ASSERT: VYRE__RA_*; CAP: group number */
    int32_t min, max;      /* REP: max -1 = unbounded */
    uint32_t child;        /* CAT/ALT: first child; REP/CAP: the child */
    uint32_t next;         /* next sibling in a CAT/ALT */
} vyre__rn;

typedef struct vyre__rcls { uint32_t w[8]; } vyre__rcls;

typedef struct vyre__rp {
    const uint8_t *s;
    size_t n, i;
    const vyre_allocator *A;
    vyre__vec nodes;       /* vyre__rn */
    vyre__vec cls;         /* vyre__rcls */
    vyre__vec names;       /* uint64_t: offset << 16 | len, per group (0 = unnamed), index = group - 1 */
    uint32_t ncap, depth, max_depth, max_repeat, pidx;
    vyre_error *err;
    vyre_result rc;
} vyre__rp;

static const char *vyre__re_fix_unsup =
    "Fix: rewrite the pattern in the RE2/Go syntax vyre supports (no backreferences, look-around, \\p{..}, possessive quantifiers, atomic groups or recursion).";
static const char *vyre__re_fix_syntax = "Fix: correct the pattern at the byte offset named (RE2/Go syntax; escape metacharacters with \\).";

static vyre_result vyre__re_err(vyre__rp *p, vyre_result code, size_t off, const char *fmt, const char *what) {
    if (p->rc != VYRE_OK) return p->rc;
    p->rc = vyre_set_error(p->err, code, code == VYRE_ERR_REGEX_UNSUPPORTED ? vyre__re_fix_unsup : vyre__re_fix_syntax,
                           fmt, p->pidx, what, (unsigned long long)off);
    if (p->err) { p->err->pattern_index = p->pidx; p->err->offset = (uint64_t)off; }
    return p->rc;
}
#define VYRE__RE_SYNTAX(p, off, what) vyre__re_err((p), VYRE_ERR_REGEX_SYNTAX, (off), "regex %u: %s at byte %llu", (what))
#define VYRE__RE_UNSUP(p, off, what) vyre__re_err((p), VYRE_ERR_REGEX_UNSUPPORTED, (off), "regex %u: %s at byte %llu is not supported", (what))
static uint32_t vyre__re_oom(vyre__rp *p) {
    if (p->rc == VYRE_OK) p->rc = VYRE__OOM(p->err, "regex syntax tree", (uint64_t)(p->nodes.len + 1) * sizeof(vyre__rn));
    return VYRE__RE_NONE;
}

#define VYRE__RN(p, i) (((vyre__rn *)(p)->nodes.data)[i])
#define VYRE__RC(p, i) (((vyre__rcls *)(p)->cls.data)[i])

static uint32_t vyre__re_node(vyre__rp *p, int type) {
    vyre__rn *n;
    if (p->nodes.len >= 0x7FFFFFF0u || !vyre__vec_reserve(p->A, &p->nodes, p->nodes.len + 1)) return vyre__re_oom(p);
    n = (vyre__rn *)p->nodes.data + p->nodes.len;
    memset(n, 0, sizeof *n);
    n->type = (uint8_t)type; n->child = VYRE__RE_NONE; n->next = VYRE__RE_NONE; n->greedy = 1;
    return (uint32_t)p->nodes.len++;
}
static uint32_t vyre__re_class_node(vyre__rp *p, const vyre__rcls *c, uint32_t flags) {
    uint32_t id;
    if (p->cls.len >= 0x7FFFFFF0u || !vyre__vec_reserve(p->A, &p->cls, p->cls.len + 1)) return vyre__re_oom(p);
    ((vyre__rcls *)p->cls.data)[p->cls.len] = *c;
    if ((id = vyre__re_node(p, VYRE__RN_CLASS)) == VYRE__RE_NONE) return id;
    VYRE__RN(p, id).arg = (uint32_t)p->cls.len++;
    VYRE__RN(p, id).flags = (uint16_t)flags;
    return id;
}
static void vyre__rc_add(vyre__rcls *c, uint32_t lo, uint32_t hi) { for (; lo <= hi; lo++) c->w[lo >> 5] |= 1u << (lo & 31u); }
static int vyre__rc_has(const vyre__rcls *c, uint32_t b) { return (int)((c->w[b >> 5] >> (b & 31u)) & 1u); }
static void vyre__rc_fold(vyre__rcls *c) {
    uint32_t b;
    for (b = 'a'; b <= 'z'; b++)
        if (vyre__rc_has(c, b) || vyre__rc_has(c, b - 32u)) { vyre__rc_add(c, b, b); vyre__rc_add(c, b - 32u, b - 32u); }
}
static void vyre__rc_negate(vyre__rcls *c) { int k; for (k = 0; k < 8; k++) c->w[k] = ~c->w[k]; }
static void vyre__rc_or(vyre__rcls *c, const vyre__rcls *d) { int k; for (k = 0; k < 8; k++) c->w[k] |= d->w[k]; }
static int vyre__re_isword(uint32_t b) { return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || b == '_'; }

/* Perl classes \d \s \w (upper case = negated) */
static int vyre__rc_perl(uint32_t ch, vyre__rcls *c) {
    memset(c, 0, sizeof *c);
    switch (ch | 0x20u) {
    case 'd': vyre__rc_add(c, '0', '9'); break;
    case 's': vyre__rc_add(c, '\t', '\n'); vyre__rc_add(c, '\f', '\r'); vyre__rc_add(c, ' ', ' '); break;
    case 'w': vyre__rc_add(c, '0', '9'); vyre__rc_add(c, 'A', 'Z'); vyre__rc_add(c, 'a', 'z'); vyre__rc_add(c, '_', '_'); break;
    default: return 0;
    }
    if (ch >= 'A' && ch <= 'Z') vyre__rc_negate(c);
    return 1;
}
static int vyre__rc_posix(const uint8_t *name, size_t len, vyre__rcls *c) {
    static const char *names[] = {"alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph",
                                  "lower", "print", "punct", "space", "upper", "word", "xdigit"};
    int k, neg = 0;
    memset(c, 0, sizeof *c);
    if (len && name[0] == '^') { neg = 1; name++; len--; }
    for (k = 0; k < 14; k++) if (strlen(names[k]) == len && memcmp(names[k], name, len) == 0) break;
    switch (k) {
    case 0: vyre__rc_add(c, '0', '9'); vyre__rc_add(c, 'A', 'Z'); vyre__rc_add(c, 'a', 'z'); break;
    case 1: vyre__rc_add(c, 'A', 'Z'); vyre__rc_add(c, 'a', 'z'); break;
    case 2: vyre__rc_add(c, 0, 0x7F); break;
    case 3: vyre__rc_add(c, '\t', '\t'); vyre__rc_add(c, ' ', ' '); break;
    case 4: vyre__rc_add(c, 0, 0x1F); vyre__rc_add(c, 0x7F, 0x7F); break;
    case 5: vyre__rc_add(c, '0', '9'); break;
    case 6: vyre__rc_add(c, '!', '~'); break;
    case 7: vyre__rc_add(c, 'a', 'z'); break;
    case 8: vyre__rc_add(c, ' ', '~'); break;
    case 9: vyre__rc_add(c, '!', '/'); vyre__rc_add(c, ':', '@'); vyre__rc_add(c, '[', '`'); vyre__rc_add(c, '{', '~'); break;
    case 10: vyre__rc_add(c, '\t', '\r'); vyre__rc_add(c, ' ', ' '); break;
    case 11: vyre__rc_add(c, 'A', 'Z'); break;
    case 12: vyre__rc_add(c, '0', '9'); vyre__rc_add(c, 'A', 'Z'); vyre__rc_add(c, 'a', 'z'); vyre__rc_add(c, '_', '_'); break;
    case 13: vyre__rc_add(c, '0', '9'); vyre__rc_add(c, 'A', 'F'); vyre__rc_add(c, 'a', 'f'); break;
    default: return 0;
    }
    if (neg) vyre__rc_negate(c);
    return 1;
}
static int vyre__re_hex(uint32_t c) {
    if (c >= '0' && c <= '9') return (int)(c - '0');
    c |= 0x20u;
    if (c >= 'a' && c <= 'f') return (int)(c - 'a' + 10);
    return -1;
}

/* One escape at p->i (just after the backslash). Kinds: 1 = byte (*byte),
   2 = class (*cls), 3 = assertion (*byte = VYRE__RA_*), 4 = \Q. 0 = error. */
static int vyre__re_escape(vyre__rp *p, int in_class, uint32_t *byte, vyre__rcls *cls) {
    size_t at = p->i - 1;
    uint32_t c;
    if (p->i >= p->n) { VYRE__RE_SYNTAX(p, at, "trailing backslash"); return 0; }
    c = p->s[p->i++];
    if (c >= '1' && c <= '9' && !(p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '7' && c <= '7')) {
        VYRE__RE_UNSUP(p, at, "backreference"); return 0;
    }
    if (c >= '0' && c <= '7') {
        uint32_t v = c - '0', k;
        for (k = 1; k < 3 && p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '7'; k++) v = v * 8u + (p->s[p->i++] - '0');
        if (v > 0xFF) { VYRE__RE_UNSUP(p, at, "octal escape above \\377 (not a byte)"); return 0; }
        *byte = v; return 1;
    }
    switch (c) {
    case 'a': *byte = 7; return 1;
    case 'f': *byte = 12; return 1;
    case 't': *byte = 9; return 1;
    case 'n': *byte = 10; return 1;
    case 'r': *byte = 13; return 1;
    case 'v': *byte = 11; return 1;
    case 'x': {
        int h1, h2;
        if (p->i < p->n && p->s[p->i] == '{') {
            uint32_t v = 0; size_t k = p->i + 1, digits = 0;
            while (k < p->n && vyre__re_hex(p->s[k]) >= 0) { if (v <= 0x10FFFFu) v = v * 16u + (uint32_t)vyre__re_hex(p->s[k]); k++; digits++; }
            if (k >= p->n || p->s[k] != '}' || digits == 0) { VYRE__RE_SYNTAX(p, at, "invalid escape \\x{...}"); return 0; }
            if (v > 0xFF) { VYRE__RE_UNSUP(p, at, "\\x{...} above 0xFF (patterns are bytes, not code points)"); return 0; }
            p->i = k + 1; *byte = v; return 1;
        }
        if (p->i + 2 > p->n || (h1 = vyre__re_hex(p->s[p->i])) < 0 || (h2 = vyre__re_hex(p->s[p->i + 1])) < 0) {
            VYRE__RE_SYNTAX(p, at, "invalid escape \\x (needs two hex digits or {...})"); return 0;
        }
        p->i += 2; *byte = (uint32_t)(h1 * 16 + h2); return 1;
    }
    case 'd': case 'D': case 's': case 'S': case 'w': case 'W':
        vyre__rc_perl(c, cls); return 2;
    case 'p': case 'P': VYRE__RE_UNSUP(p, at, "Unicode class \\p / \\P"); return 0;
    case 'b': case 'B': case 'A': case 'z':
        if (in_class) { VYRE__RE_SYNTAX(p, at, "invalid escape in character class"); return 0; }
        *byte = c == 'b' ? VYRE__RA_WB : c == 'B' ? VYRE__RA_NWB : c == 'A' ? VYRE__RA_BOT : VYRE__RA_EOT;
        return 3;
    case 'Q':
        if (in_class) { VYRE__RE_SYNTAX(p, at, "invalid escape \\Q in character class"); return 0; }
        return 4;
    case 'Z': VYRE__RE_UNSUP(p, at, "\\Z (use \\z or $)"); return 0;
    case 'G': VYRE__RE_UNSUP(p, at, "\\G"); return 0;
    case 'K': VYRE__RE_UNSUP(p, at, "\\K (match reset)"); return 0;
    case 'R': case 'X': case 'N': case 'h': case 'H': case 'V': case 'C':
        VYRE__RE_UNSUP(p, at, "PCRE escape \\R \\X \\N \\h \\H \\V \\C"); return 0;
    case 'g': case 'k': VYRE__RE_UNSUP(p, at, "backreference \\g / \\k"); return 0;
    case 'e': case 'c': case 'u': case 'U': case 'l': case 'L': case 'E':
        VYRE__RE_UNSUP(p, at, "PCRE escape \\e \\c \\u \\U \\l \\L \\E"); return 0;
    default: break;
    }
    if (c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) { *byte = c; return 1; }
    VYRE__RE_SYNTAX(p, at, "invalid escape sequence");
    return 0;
}

/* a class [...] at p->i (on the '[') */
static uint32_t vyre__re_class(vyre__rp *p, uint32_t flags) {
    size_t open = p->i;
    vyre__rcls c, t;
    int neg = 0, first = 1;
    memset(&c, 0, sizeof c);
    p->i++;
    if (p->i < p->n && p->s[p->i] == '^') { neg = 1; p->i++; }
    for (;;) {
        uint32_t lo, hi;
        int kind;
        if (p->i >= p->n) { VYRE__RE_SYNTAX(p, open, "missing closing ] of character class"); return VYRE__RE_NONE; }
        if (p->s[p->i] == ']' && !first) { p->i++; break; }
        first = 0;
        if (p->s[p->i] == '[' && p->i + 1 < p->n && p->s[p->i + 1] == ':') {
            size_t k = p->i + 2;
            while (k + 1 < p->n && !(p->s[k] == ':' && p->s[k + 1] == ']')) k++;
            if (k + 1 < p->n) {
                if (!vyre__rc_posix(p->s + p->i + 2, k - (p->i + 2), &t)) {
                    VYRE__RE_SYNTAX(p, p->i, "invalid POSIX class name [:...:]"); return VYRE__RE_NONE;
                }
                vyre__rc_or(&c, &t);
                p->i = k + 2;
                continue;
            }
        }
        if (p->s[p->i] == '\\') {
            p->i++;
            kind = vyre__re_escape(p, 1, &lo, &t);
            if (!kind) return VYRE__RE_NONE;
            if (kind == 2) { vyre__rc_or(&c, &t); continue; }
        } else {
            lo = p->s[p->i++];
        }
        hi = lo;
        if (p->i + 1 < p->n && p->s[p->i] == '-' && p->s[p->i + 1] != ']') {
            size_t at = p->i;
            p->i++;
            if (p->s[p->i] == '\\') {
                p->i++;
                kind = vyre__re_escape(p, 1, &hi, &t);
                if (!kind) return VYRE__RE_NONE;
                if (kind != 1) { VYRE__RE_SYNTAX(p, at, "invalid character class range"); return VYRE__RE_NONE; }
            } else {
                hi = p->s[p->i++];
            }
            if (hi < lo) { VYRE__RE_SYNTAX(p, at - 1, "invalid character class range (end before start)"); return VYRE__RE_NONE; }
        }
        vyre__rc_add(&c, lo, hi);
    }
    if (flags & VYRE__RF_I) vyre__rc_fold(&c);
    if (neg) vyre__rc_negate(&c);
    return vyre__re_class_node(p, &c, (flags & VYRE__RF_I) ? VYRE__RF_FOLDED : 0);
}

static uint32_t vyre__re_literal(vyre__rp *p, uint32_t b, uint32_t flags) {
    vyre__rcls c;
    memset(&c, 0, sizeof c);
    vyre__rc_add(&c, b, b);
    if (flags & VYRE__RF_I) vyre__rc_fold(&c);
    return vyre__re_class_node(p, &c, (flags & VYRE__RF_I) ? VYRE__RF_FOLDED : 0);
}

/* {n}, {n,}, {n,m} at p->s[at]; returns 1 and the counts if it is one (p->i not moved) */
/* {n}, {n,} or {n,m} at `at`, else 0 (then '{' is a literal, as in Go and RE2); a count with a leading
   zero ({00,20}, {01}) is not a count there either */
static int vyre__re_braces(const vyre__rp *p, size_t at, long *mn, long *mx, size_t *end) {
    size_t k = at + 1;
    long a = 0, b;
    int digits = 0;
    while (k < p->n && p->s[k] >= '0' && p->s[k] <= '9') { if (a < 100000000L) a = a * 10 + (p->s[k] - '0'); k++; digits++; }
    if (!digits || k >= p->n || (digits > 1 && p->s[at + 1] == '0')) return 0;
    if (p->s[k] == '}') { *mn = a; *mx = a; *end = k + 1; return 1; }
    if (p->s[k] != ',') return 0;
    k++;
    if (k < p->n && p->s[k] == '}') { *mn = a; *mx = -1; *end = k + 1; return 1; }
    b = 0; digits = 0;
    while (k < p->n && p->s[k] >= '0' && p->s[k] <= '9') { if (b < 100000000L) b = b * 10 + (p->s[k] - '0'); k++; digits++; }
    if (!digits || k >= p->n || p->s[k] != '}' || (digits > 1 && p->s[k - (size_t)digits] == '0')) return 0;
    *mn = a; *mx = b; *end = k + 1;
    return 1;
}
static int vyre__re_is_quant(const vyre__rp *p, size_t at) {
    long a, b; size_t e;
    if (at >= p->n) return 0;
    if (p->s[at] == '*' || p->s[at] == '+' || p->s[at] == '?') return 1;
    return p->s[at] == '{' && vyre__re_braces(p, at, &a, &b, &e);
}

static uint32_t vyre__re_alt(vyre__rp *p, uint32_t *flags);

/* Go's and RE2's rule: nested counted repeats may not multiply to more than
   max_repeat copies of the innermost thing ({n,} counts n) */
static int vyre__re_rep_ok(const vyre__rp *p, uint32_t id, long n, int depth) {
    const vyre__rn *nd = &VYRE__RN(p, id);
    uint32_t c;
    if (depth > 64) return 1;                 /* deeper nests are bounded by max_insts */
    if (nd->type == VYRE__RN_REP) {
        long m = nd->max;
        if (m == 0) return 1;
        if (m < 0) m = nd->min;
        if (m > n) return 0;
        if (m > 0) n /= m;
        return vyre__re_rep_ok(p, nd->child, n, depth + 1);
    }
    if (nd->type == VYRE__RN_CAP) return vyre__re_rep_ok(p, nd->child, n, depth + 1);
    if (nd->type == VYRE__RN_CAT || nd->type == VYRE__RN_ALT)
        for (c = nd->child; c != VYRE__RE_NONE; c = VYRE__RN(p, c).next) if (!vyre__re_rep_ok(p, c, n, depth + 1)) return 0;
    return 1;
}

/* after an atom: quantifiers */
static uint32_t vyre__re_quant(vyre__rp *p, uint32_t atom, uint32_t flags) {
    size_t at = p->i;
    long mn, mx;
    size_t end;
    uint32_t r;
    if (p->i >= p->n) return atom;
    switch (p->s[p->i]) {
    case '*': mn = 0; mx = -1; end = p->i + 1; break;
    case '+': mn = 1; mx = -1; end = p->i + 1; break;
    case '?': mn = 0; mx = 1; end = p->i + 1; break;
    case '{':
        if (!vyre__re_braces(p, p->i, &mn, &mx, &end)) return atom;
        if (mn > (long)p->max_repeat || mx > (long)p->max_repeat) {
            VYRE__RE_SYNTAX(p, at, "repeat count over the limit (vyre_regex_desc.max_repeat, default 1000)"); return VYRE__RE_NONE;
        }
        if (mx >= 0 && mx < mn) { VYRE__RE_SYNTAX(p, at, "invalid repeat count {n,m} with m < n"); return VYRE__RE_NONE; }
        break;
    default: return atom;
    }
    p->i = end;
    if ((r = vyre__re_node(p, VYRE__RN_REP)) == VYRE__RE_NONE) return r;
    VYRE__RN(p, r).child = atom; VYRE__RN(p, r).min = (int32_t)mn; VYRE__RN(p, r).max = (int32_t)mx;
    VYRE__RN(p, r).greedy = (uint8_t)((flags & VYRE__RF_U) ? 0 : 1);
    if ((mn >= 2 || mx >= 2) && !vyre__re_rep_ok(p, r, (long)p->max_repeat, 0)) {
        VYRE__RE_SYNTAX(p, at, "invalid nested repetition size (the nested counts multiply to more than max_repeat, default 1000)"); return VYRE__RE_NONE;
    }
    if (p->i < p->n && p->s[p->i] == '?') { VYRE__RN(p, r).greedy ^= 1u; p->i++; }
    if (p->i < p->n && p->s[p->i] == '+') { VYRE__RE_UNSUP(p, p->i, "possessive quantifier"); return VYRE__RE_NONE; }
    if (vyre__re_is_quant(p, p->i)) { VYRE__RE_SYNTAX(p, p->i, "invalid nested repetition operator"); return VYRE__RE_NONE; }
    return r;
}

/* group after '(' at p->i pointing just past '('; returns the atom, or
   VYRE__RE_NONE with p->rc == VYRE_OK for a pure flag group (flags updated) */
static uint32_t vyre__re_group(vyre__rp *p, uint32_t *flags) {
    size_t open = p->i - 1;
    uint32_t inner = *flags, child, cap = 0, nf;
    uint64_t name = 0;
    int capture = 1;
    if (p->depth >= p->max_depth) { VYRE__RE_SYNTAX(p, open, "groups nested deeper than the limit (vyre_regex_desc.max_depth, default 1000)"); return VYRE__RE_NONE; }
    if (p->i < p->n && p->s[p->i] == '?') {
        size_t k = p->i + 1;
        uint32_t c = k < p->n ? p->s[k] : 0;
        if (c == 'P' || (c == '<' && !(k + 1 < p->n && (p->s[k + 1] == '=' || p->s[k + 1] == '!')))) {
            size_t nb, j;
            if (c == 'P') {
                if (k + 1 < p->n && p->s[k + 1] == '=') { VYRE__RE_UNSUP(p, open, "named backreference (?P=name)"); return VYRE__RE_NONE; }
                if (k + 1 < p->n && p->s[k + 1] == '>') { VYRE__RE_UNSUP(p, open, "recursion (?P>name)"); return VYRE__RE_NONE; }
                if (!(k + 1 < p->n && p->s[k + 1] == '<')) { VYRE__RE_SYNTAX(p, open, "invalid named group syntax (?P"); return VYRE__RE_NONE; }
                k++;
            }
            nb = k + 1; j = nb;
            while (j < p->n && vyre__re_isword(p->s[j])) j++;
            if (j >= p->n || p->s[j] != '>' || j == nb) { VYRE__RE_SYNTAX(p, open, "invalid capture group name"); return VYRE__RE_NONE; }
            if (j - nb > 0xFFFF) { VYRE__RE_SYNTAX(p, open, "capture group name too long"); return VYRE__RE_NONE; }
            {
                size_t g;
                for (g = 0; g < p->names.len; g++) {
                    uint64_t o = ((uint64_t *)p->names.data)[g];
                    if (o && (size_t)(o & 0xFFFF) == j - nb && memcmp(p->s + (o >> 16), p->s + nb, j - nb) == 0) {
                        VYRE__RE_SYNTAX(p, open, "duplicate capture group name"); return VYRE__RE_NONE;
                    }
                }
            }
            name = ((uint64_t)nb << 16) | (uint64_t)(j - nb);
            p->i = j + 1;
        } else {
            /* flags, or an unsupported Perl construct */
            int neg = 0, saw = 0;
            switch (c) {
            case '=': case '!': VYRE__RE_UNSUP(p, open, "look-ahead (?= (?!"); return VYRE__RE_NONE;
            case '<': VYRE__RE_UNSUP(p, open, "look-behind (?<= (?<!"); return VYRE__RE_NONE;
            case '>': VYRE__RE_UNSUP(p, open, "atomic group (?>"); return VYRE__RE_NONE;
            case '#': VYRE__RE_UNSUP(p, open, "comment group (?#"); return VYRE__RE_NONE;
            case '|': VYRE__RE_UNSUP(p, open, "branch reset (?|"); return VYRE__RE_NONE;
            case '\'': VYRE__RE_UNSUP(p, open, "named group (?'name'"); return VYRE__RE_NONE;
            case 'R': case '&': case '+': case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
                VYRE__RE_UNSUP(p, open, "recursion / subroutine call"); return VYRE__RE_NONE;
            case '(': VYRE__RE_UNSUP(p, open, "conditional (?("); return VYRE__RE_NONE;
            default: break;
            }
            nf = *flags;
            for (;;) {
                if (k >= p->n) { VYRE__RE_SYNTAX(p, open, "missing closing ) of flag group"); return VYRE__RE_NONE; }
                c = p->s[k++];
                if (c == 'i' || c == 's' || c == 'm' || c == 'U') {
                    uint32_t f = c == 'i' ? VYRE__RF_I : c == 's' ? VYRE__RF_S : c == 'm' ? VYRE__RF_M : VYRE__RF_U;
                    if (neg) nf &= ~f; else nf |= f;
                    saw = 1;
                    continue;
                }
                if (c == 'x' || c == 'n' || c == 'J' || c == 'X') { VYRE__RE_UNSUP(p, k - 1, "flag (?x) / (?n) / (?J) / (?X)"); return VYRE__RE_NONE; }
                if (c == '-') {
                    if (neg) { VYRE__RE_SYNTAX(p, open, "invalid flag group (two '-')"); return VYRE__RE_NONE; }
                    neg = 1; saw = 0; continue;
                }
                if (c == ':' || c == ')') {
                    if (neg && !saw) { VYRE__RE_SYNTAX(p, open, "invalid flag group ('-' without a flag)"); return VYRE__RE_NONE; }
                    break;
                }
                VYRE__RE_SYNTAX(p, open, "invalid or unsupported Perl syntax (?");
                return VYRE__RE_NONE;
            }
            p->i = k;
            if (c == ')') { *flags = nf; return VYRE__RE_NONE; }
            inner = nf;
            capture = 0;
        }
    }
    if (capture) {
        uint64_t nm = name;
        if (p->ncap >= 0xFFFFu) { VYRE__RE_SYNTAX(p, open, "too many capture groups (limit 65535)"); return VYRE__RE_NONE; }
        if (!vyre__vec_reserve(p->A, &p->names, p->names.len + 1)) return vyre__re_oom(p);
        ((uint64_t *)p->names.data)[p->names.len++] = nm;
        cap = ++p->ncap;
    }
    p->depth++;
    child = vyre__re_alt(p, &inner);
    p->depth--;
    if (child == VYRE__RE_NONE) return VYRE__RE_NONE;
    if (p->i >= p->n || p->s[p->i] != ')') { VYRE__RE_SYNTAX(p, open, "missing closing )"); return VYRE__RE_NONE; }
    p->i++;
    if (capture) {
        uint32_t g = vyre__re_node(p, VYRE__RN_CAP);
        if (g == VYRE__RE_NONE) return g;
        VYRE__RN(p, g).child = child; VYRE__RN(p, g).arg = cap;
        return g;
    }
    return child;
}

/* a concatenation up to | or ) or the end */
static uint32_t vyre__re_cat(vyre__rp *p, uint32_t *flags) {
    uint32_t cat = vyre__re_node(p, VYRE__RN_CAT), tail = VYRE__RE_NONE, prev_tail = VYRE__RE_NONE;
    int count = 0;
    if (cat == VYRE__RE_NONE) return cat;
    while (p->i < p->n && p->s[p->i] != '|' && p->s[p->i] != ')') {
        uint32_t c = p->s[p->i], atom = VYRE__RE_NONE;
        size_t at = p->i;
        int quantifiable = 1;
        if (c == '(') {
            p->i++;
            atom = vyre__re_group(p, flags);
            if (atom == VYRE__RE_NONE) { if (p->rc != VYRE_OK) return VYRE__RE_NONE; continue; }
        } else if (c == '[') {
            if ((atom = vyre__re_class(p, *flags)) == VYRE__RE_NONE) return atom;
        } else if (c == '.') {
            vyre__rcls k;
            memset(&k, 0xFF, sizeof k);
            if (!(*flags & VYRE__RF_S)) k.w[0] &= ~(1u << 10);
            p->i++;
            if ((atom = vyre__re_class_node(p, &k, 0)) == VYRE__RE_NONE) return atom;
        } else if (c == '^' || c == '$') {
            p->i++;
            if ((atom = vyre__re_node(p, VYRE__RN_ASSERT)) == VYRE__RE_NONE) return atom;
            VYRE__RN(p, atom).arg = c == '^' ? ((*flags & VYRE__RF_M) ? VYRE__RA_BOL : VYRE__RA_BOT)
                                             : ((*flags & VYRE__RF_M) ? VYRE__RA_EOL : VYRE__RA_EOT);
        } else if (vyre__re_is_quant(p, p->i)) {
            VYRE__RE_SYNTAX(p, at, "missing argument to repetition operator");
            return VYRE__RE_NONE;
        } else if (c == '\\') {
            uint32_t b; vyre__rcls k; int kind;
            p->i++;
            kind = vyre__re_escape(p, 0, &b, &k);
            if (!kind) return VYRE__RE_NONE;
            if (kind == 1) atom = vyre__re_literal(p, b, *flags);
            else if (kind == 2) atom = vyre__re_class_node(p, &k, 0);
            else if (kind == 3) {
                if ((atom = vyre__re_node(p, VYRE__RN_ASSERT)) != VYRE__RE_NONE) VYRE__RN(p, atom).arg = b;
            } else {
                /* \Q...\E: each byte a literal; a quantifier after it applies to the last byte */
                size_t e = p->i;
                while (e < p->n && !(p->s[e] == '\\' && e + 1 < p->n && p->s[e + 1] == 'E')) e++;
                while (p->i < e) {
                    uint32_t lit = vyre__re_literal(p, p->s[p->i++], *flags);
                    if (lit == VYRE__RE_NONE) return lit;
                    if (p->i < e) {
                        if (tail == VYRE__RE_NONE) VYRE__RN(p, cat).child = lit; else VYRE__RN(p, tail).next = lit;
                        prev_tail = tail; tail = lit; count++;
                    } else atom = lit;
                }
                p->i = e < p->n ? e + 2 : e;
                if (atom == VYRE__RE_NONE) continue;
            }
            if (atom == VYRE__RE_NONE) return atom;
        } else {
            p->i++;
            if ((atom = vyre__re_literal(p, c, *flags)) == VYRE__RE_NONE) return atom;
        }
        if (quantifiable && (atom = vyre__re_quant(p, atom, *flags)) == VYRE__RE_NONE) return atom;
        if (tail == VYRE__RE_NONE) VYRE__RN(p, cat).child = atom; else VYRE__RN(p, tail).next = atom;
        prev_tail = tail; tail = atom; count++;
    }
    (void)prev_tail;
    if (count == 0) { VYRE__RN(p, cat).type = VYRE__RN_EMPTY; return cat; }
    if (count == 1) return VYRE__RN(p, cat).child;
    return cat;
}

static uint32_t vyre__re_alt(vyre__rp *p, uint32_t *flags) {
    uint32_t first = vyre__re_cat(p, flags), alt, tail;
    if (first == VYRE__RE_NONE || p->i >= p->n || p->s[p->i] != '|') return first;
    if ((alt = vyre__re_node(p, VYRE__RN_ALT)) == VYRE__RE_NONE) return alt;
    VYRE__RN(p, alt).child = first; tail = first;
    while (p->i < p->n && p->s[p->i] == '|') {
        uint32_t b;
        p->i++;
        if ((b = vyre__re_cat(p, flags)) == VYRE__RE_NONE) return b;
        VYRE__RN(p, tail).next = b; tail = b;
    }
    return alt;
}

/* Parse a whole pattern; root node in *root. */
static vyre_result vyre__re_parse(vyre__rp *p, uint32_t flags, uint32_t *root) {
    uint32_t f = 0, r;
    if (flags & VYRE_RE_CASELESS) f |= VYRE__RF_I;
    if (flags & VYRE_RE_DOTALL) f |= VYRE__RF_S;
    if (flags & VYRE_RE_MULTILINE) f |= VYRE__RF_M;
    if (flags & VYRE_RE_UNGREEDY) f |= VYRE__RF_U;
    r = vyre__re_alt(p, &f);
    if (r == VYRE__RE_NONE) { if (p->rc == VYRE_OK) vyre__re_oom(p); return p->rc; }
    if (p->i < p->n) return VYRE__RE_SYNTAX(p, p->i, "unexpected ) (no group open)");
    *root = r;
    return VYRE_OK;
}
/* ==================================================================== */
/* >>re-compile: syntax tree -> Pike-VM program, lengths, literal factors */
/* ==================================================================== */
/* Program: one instruction array per pattern (indices local to it).
     BYTE x      consume one byte in class x, go to pc+1
     SPLIT x y   go to x (preferred) and y
     JMP x
     SAVE x      capture slot x := position, go to pc+1
     ASSERT x    empty-width test VYRE__RA_x, go to pc+1
     MATCH
   The shape follows RE2 / Go (x{n,m} = n copies and m-n nested x?,
   x* of a nullable x = (x+)?), so that the priority order of threads, and so
   leftmost-first matches and their captures, are theirs. */
enum { VYRE__RI_BYTE = 1, VYRE__RI_SPLIT, VYRE__RI_JMP, VYRE__RI_SAVE, VYRE__RI_ASSERT, VYRE__RI_MATCH };
typedef struct vyre__rinst { uint32_t op, x, y; } vyre__rinst;

typedef struct vyre__rprog {
    uint64_t inst0;              /* first instruction in set->insts */
    uint32_t ninst, ngroups;
    uint32_t flags, nullable;
    uint64_t min_len, max_len;   /* max_len VYRE_RE_UNBOUNDED if unbounded */
    uint32_t factor0, nfactors;  /* into set->factors */
    uint64_t factor_pre;         /* a match starts at most this many bytes before its factor occurrence */
    uint64_t pat_off, pat_len;   /* into set->raw */
    uint64_t names0;             /* ngroups entries in set->names (offset << 16 | len into raw; 0 = unnamed) */
} vyre__rprog;

typedef struct vyre__rfactor { uint64_t off; uint32_t len, flags; } vyre__rfactor;
/* what only the CPU engine reads, per pattern: the reversed program (the start finder, >>re-cpu)
   and where the end finder may start matches around a factor occurrence */
typedef struct vyre__rcpu {
    uint64_t rinst0;             /* first instruction in set->rinsts */
    uint32_t rninst;
    uint32_t pre_null;           /* vyre__fset.pre_null of the factors */
    uint32_t run_k;              /* no factors: every match holds run_k consecutive bytes of class run_cls */
    uint64_t run_pre;            /* ... and starts at most run_pre bytes before them (0 when run_k is 0) */
    uint32_t run_cls[8];
    uint32_t has_first;          /* first / rfirst are filled (at compile; a scan computes them otherwise) */
    uint32_t use_first, ruse_first;
    uint8_t first[256], rfirst[256];   /* vyre__rvm.first of the program and of the reversed program */
} vyre__rcpu;

struct vyre_regex_set {
    vyre_allocator A;
    uint32_t npat, max_groups;
    vyre_regex_desc desc;
    vyre__rprog *progs;
    vyre__rinst *insts;
    uint64_t ninst;
    uint32_t *cls;               /* 8 words per class */
    uint64_t ncls;
    uint8_t *raw;                /* patterns, then factor bytes */
    uint64_t raw_len;
    uint64_t *names;
    vyre__rfactor *factors;
    uint32_t nfactors, prefiltered;
    uint32_t *factor_pat;        /* literal id -> pattern */
    vyre_literal_set *lits;      /* the factors as a literal set (NULL if none) */
    uint64_t max_len;            /* longest match over all patterns */
    vyre__rcpu *cpu;             /* npat entries */
    vyre__rinst *rinsts;         /* the reversed programs, class ids as in insts */
    uint64_t nrinst;
    struct vyre__rdc *dcache;    /* lazy DFAs kept from the last scan (>>re-cpu vyre__rdc; NULL: none) */
};

/* ---- lengths and nullability ---- */
static uint64_t vyre__re_sat_add(uint64_t a, uint64_t b) { return (a == VYRE_RE_UNBOUNDED || b == VYRE_RE_UNBOUNDED || a > VYRE_RE_UNBOUNDED - b) ? VYRE_RE_UNBOUNDED : a + b; }
static uint64_t vyre__re_sat_mul(uint64_t a, uint64_t k) {
    if (a == 0 || k == 0) return 0;
    if (a == VYRE_RE_UNBOUNDED || k == VYRE_RE_UNBOUNDED || a > (VYRE_RE_UNBOUNDED - 1) / k) return VYRE_RE_UNBOUNDED;
    return a * k;
}
static void vyre__re_lens(const vyre__rp *p, uint32_t id, uint64_t *mn, uint64_t *mx) {
    const vyre__rn *n = &VYRE__RN(p, id);
    uint64_t a, b, ca, cb;
    uint32_t c;
    switch (n->type) {
    case VYRE__RN_CLASS: {
        const vyre__rcls *k = &VYRE__RC(p, n->arg);
        int any = 0, w;
        for (w = 0; w < 8; w++) any |= k->w[w] != 0;
        *mn = 1; *mx = 1;
        if (!any) { *mn = VYRE_RE_UNBOUNDED; *mx = 0; } /* matches nothing */
        return;
    }
    case VYRE__RN_CAT:
        a = 0; b = 0;
        for (c = n->child; c != VYRE__RE_NONE; c = VYRE__RN(p, c).next) { vyre__re_lens(p, c, &ca, &cb); a = vyre__re_sat_add(a, ca); b = vyre__re_sat_add(b, cb); }
        *mn = a; *mx = b; return;
    case VYRE__RN_ALT:
        a = VYRE_RE_UNBOUNDED; b = 0;
        for (c = n->child; c != VYRE__RE_NONE; c = VYRE__RN(p, c).next) { vyre__re_lens(p, c, &ca, &cb); if (ca < a) a = ca; if (cb > b) b = cb; }
        *mn = a; *mx = b; return;
    case VYRE__RN_REP:
        vyre__re_lens(p, n->child, &ca, &cb);
        *mn = n->min == 0 ? 0 : vyre__re_sat_mul(ca, (uint64_t)n->min);
        *mx = n->max < 0 ? (cb == 0 ? 0 : VYRE_RE_UNBOUNDED) : vyre__re_sat_mul(cb, (uint64_t)n->max);
        if (ca == VYRE_RE_UNBOUNDED && n->min == 0) *mn = 0;
        return;
    case VYRE__RN_CAP: vyre__re_lens(p, n->child, mn, mx); return;
    default: *mn = 0; *mx = 0; return;
    }
}
static int vyre__re_nullable(const vyre__rp *p, uint32_t id) {
    const vyre__rn *n = &VYRE__RN(p, id);
    uint32_t c;
    switch (n->type) {
    case VYRE__RN_CLASS: return 0;
    case VYRE__RN_CAT:
        for (c = n->child; c != VYRE__RE_NONE; c = VYRE__RN(p, c).next) if (!vyre__re_nullable(p, c)) return 0;
        return 1;
    case VYRE__RN_ALT:
        for (c = n->child; c != VYRE__RE_NONE; c = VYRE__RN(p, c).next) if (vyre__re_nullable(p, c)) return 1;
        return 0;
    case VYRE__RN_REP: return n->min == 0 || vyre__re_nullable(p, n->child);
    case VYRE__RN_CAP: return vyre__re_nullable(p, n->child);
    default: return 1;
    }
}

/* ---- emission ---- */
typedef struct vyre__rcomp {
    vyre__rp *p;
    vyre__vec *insts;            /* vyre__rinst (this pattern) */
    uint32_t max_insts;
    int over;
    int rev;                     /* emit the reversed regex (CPU start finder): concatenations backwards,
                                    ^ \A <-> $ \z swapped, no SAVEs */
} vyre__rcomp;
static uint32_t vyre__rc_put(vyre__rcomp *c, uint32_t op, uint32_t x, uint32_t y) {
    vyre__rinst *in;
    if (c->over || c->p->rc != VYRE_OK) return 0;
    if (c->insts->len >= c->max_insts) { c->over = 1; return 0; }
    if (!vyre__vec_reserve(c->p->A, c->insts, c->insts->len + 1)) { vyre__re_oom(c->p); return 0; }
    in = (vyre__rinst *)c->insts->data + c->insts->len;
    in->op = op; in->x = x; in->y = y;
    return (uint32_t)c->insts->len++;
}
#define VYRE__RI(c, i) (((vyre__rinst *)(c)->insts->data)[i])
#define VYRE__RC_PC(c) ((uint32_t)(c)->insts->len)
#define VYRE__RC_BAD(c) ((c)->over || (c)->p->rc != VYRE_OK)

static void vyre__rc_emit(vyre__rcomp *c, uint32_t id);
/* x+ : L: x; SPLIT L, end (lazy: SPLIT end, L) */
static void vyre__rc_plus(vyre__rcomp *c, uint32_t child, int greedy) {
    uint32_t L = VYRE__RC_PC(c), s;
    vyre__rc_emit(c, child);
    s = vyre__rc_put(c, VYRE__RI_SPLIT, 0, 0);
    if (VYRE__RC_BAD(c)) return;
    if (greedy) { VYRE__RI(c, s).x = L; VYRE__RI(c, s).y = s + 1; } else { VYRE__RI(c, s).x = s + 1; VYRE__RI(c, s).y = L; }
}
static void vyre__rc_quest_open(vyre__rcomp *c, uint32_t *s) { *s = vyre__rc_put(c, VYRE__RI_SPLIT, 0, 0); }
static void vyre__rc_quest_close(vyre__rcomp *c, uint32_t s, int greedy, uint32_t end) {
    if (VYRE__RC_BAD(c)) return;
    if (greedy) { VYRE__RI(c, s).x = s + 1; VYRE__RI(c, s).y = end; } else { VYRE__RI(c, s).x = end; VYRE__RI(c, s).y = s + 1; }
}
static void vyre__rc_star(vyre__rcomp *c, uint32_t child, int greedy) {
    uint32_t s, j;
    if (vyre__re_nullable(c->p, child)) { /* (x+)? */
        vyre__rc_quest_open(c, &s);
        vyre__rc_plus(c, child, greedy);
        vyre__rc_quest_close(c, s, greedy, VYRE__RC_PC(c));
        return;
    }
    s = vyre__rc_put(c, VYRE__RI_SPLIT, 0, 0);
    vyre__rc_emit(c, child);
    j = vyre__rc_put(c, VYRE__RI_JMP, s, 0);
    (void)j;
    vyre__rc_quest_close(c, s, greedy, VYRE__RC_PC(c));
}
static void vyre__rc_emit(vyre__rcomp *c, uint32_t id) {
    const vyre__rn n = VYRE__RN(c->p, id);
    uint32_t ch;
    if (VYRE__RC_BAD(c)) return;
    switch (n.type) {
    case VYRE__RN_EMPTY: return;
    case VYRE__RN_CLASS: vyre__rc_put(c, VYRE__RI_BYTE, n.arg, 0); return;
    case VYRE__RN_ASSERT: {
        uint32_t a = n.arg;
        if (c->rev) {
            if (a == VYRE__RA_BOT) a = VYRE__RA_EOT; else if (a == VYRE__RA_EOT) a = VYRE__RA_BOT;
            else if (a == VYRE__RA_BOL) a = VYRE__RA_EOL; else if (a == VYRE__RA_EOL) a = VYRE__RA_BOL;
        }
        vyre__rc_put(c, VYRE__RI_ASSERT, a, 0);
        return;
    }
    case VYRE__RN_CAT:
        if (c->rev) {
            uint32_t cnt = 0, k, *kids;
            for (ch = n.child; ch != VYRE__RE_NONE; ch = VYRE__RN(c->p, ch).next) cnt++;
            kids = (uint32_t *)vyre_alloc(c->p->A, (size_t)cnt * 4u + 4u);
            if (!kids) { vyre__re_oom(c->p); return; }
            for (k = 0, ch = n.child; ch != VYRE__RE_NONE; ch = VYRE__RN(c->p, ch).next) kids[k++] = ch;
            while (k > 0) vyre__rc_emit(c, kids[--k]);
            vyre_free(c->p->A, kids);
            return;
        }
        for (ch = n.child; ch != VYRE__RE_NONE; ch = VYRE__RN(c->p, ch).next) vyre__rc_emit(c, ch);
        return;
    case VYRE__RN_CAP:
        if (c->rev) { vyre__rc_emit(c, n.child); return; }
        vyre__rc_put(c, VYRE__RI_SAVE, 2u * n.arg, 0);
        vyre__rc_emit(c, n.child);
        vyre__rc_put(c, VYRE__RI_SAVE, 2u * n.arg + 1u, 0);
        return;
    case VYRE__RN_ALT: {
        /* SPLIT L1, next; L1: a; JMP end; next: SPLIT ... ; last */
        uint32_t first_jmp = VYRE__RE_NONE, prev_jmp = VYRE__RE_NONE;
        for (ch = n.child; ch != VYRE__RE_NONE; ch = VYRE__RN(c->p, ch).next) {
            if (VYRE__RN(c->p, ch).next != VYRE__RE_NONE) {
                uint32_t s = vyre__rc_put(c, VYRE__RI_SPLIT, 0, 0), j;
                vyre__rc_emit(c, ch);
                j = vyre__rc_put(c, VYRE__RI_JMP, VYRE__RE_NONE, 0);
                if (VYRE__RC_BAD(c)) return;
                VYRE__RI(c, s).x = s + 1; VYRE__RI(c, s).y = VYRE__RC_PC(c);
                /* chain the pending jumps through y until the end is known */
                VYRE__RI(c, j).y = VYRE__RE_NONE;
                if (prev_jmp != VYRE__RE_NONE) VYRE__RI(c, prev_jmp).y = j; else first_jmp = j;
                prev_jmp = j;
            } else {
                vyre__rc_emit(c, ch);
            }
        }
        if (VYRE__RC_BAD(c)) return;
        while (first_jmp != VYRE__RE_NONE) { uint32_t nx = VYRE__RI(c, first_jmp).y; VYRE__RI(c, first_jmp).x = VYRE__RC_PC(c); VYRE__RI(c, first_jmp).y = 0; first_jmp = nx; }
        return;
    }
    case VYRE__RN_REP: {
        int greedy = n.greedy, k;
        if (n.max == 0) return;                                   /* x{0}: empty */
        if (n.min == 0 && n.max < 0) { vyre__rc_star(c, n.child, greedy); return; }
        if (n.max < 0) {                                          /* x{n,} = x^(n-1) x+ */
            for (k = 0; k < n.min - 1; k++) vyre__rc_emit(c, n.child);
            vyre__rc_plus(c, n.child, greedy);
            return;
        }
        for (k = 0; k < n.min; k++) vyre__rc_emit(c, n.child);   /* x{n,m} = x^n (x(x(x)?)?)? */
        if (n.max > n.min) {
            uint32_t first = VYRE__RC_PC(c), cnt = (uint32_t)(n.max - n.min), i, end;
            uint32_t *opens = NULL;
            /* the SPLITs are at known places only after emission; record them in the y field chain */
            uint32_t prev = VYRE__RE_NONE, head = VYRE__RE_NONE;
            (void)first; (void)opens;
            for (i = 0; i < cnt; i++) {
                uint32_t s;
                vyre__rc_quest_open(c, &s);
                if (VYRE__RC_BAD(c)) return;
                VYRE__RI(c, s).x = VYRE__RE_NONE;
                if (prev != VYRE__RE_NONE) VYRE__RI(c, prev).x = s; else head = s;
                prev = s;
                vyre__rc_emit(c, n.child);
                if (VYRE__RC_BAD(c)) return;
            }
            end = VYRE__RC_PC(c);
            while (head != VYRE__RE_NONE) { uint32_t nx = VYRE__RI(c, head).x; vyre__rc_quest_close(c, head, greedy, end); head = nx; }
        }
        return;
    }
    default: return;
    }
}

/* ---- literal factors: sets of strings at least one of which every match contains ---- */
#define VYRE__F_MAXN 16
#define VYRE__F_MAXLEN 16
#define VYRE__F_MINLEN 2      /* shorter factors are not worth a prefilter */
#define VYRE__F_DEPTH 48
typedef struct vyre__fstr { uint8_t len, fold; uint8_t b[VYRE__F_MAXLEN]; } vyre__fstr;
typedef struct vyre__fset { int ok, pre_null; uint32_t n; uint64_t pre; vyre__fstr s[VYRE__F_MAXN]; } vyre__fset;
/* pre (required sets only): a match starts at most `pre` bytes before the start of its factor occurrence;
   pre_null: what precedes the occurrence in the pattern can match empty without an assertion, so if a
   match contains the occurrence at fs, a match starting at fs ends at the same place (the end finder
   then starts matches only at factor occurrences) */

static int vyre__f_add(vyre__fset *f, const vyre__fstr *s) {
    uint32_t i;
    for (i = 0; i < f->n; i++)
        if (f->s[i].len == s->len && f->s[i].fold == s->fold && memcmp(f->s[i].b, s->b, s->len) == 0) return 1;
    if (f->n >= VYRE__F_MAXN) return 0;
    f->s[f->n++] = *s;
    return 1;
}
/* exact set of a class: its bytes, or its case-folded letters, when few */
static void vyre__f_class(const vyre__rcls *k, vyre__fset *out) {
    uint32_t b, nb = 0, nrep = 0;
    int closed = 1;
    vyre__fstr s;
    out->ok = 0; out->n = 0;
    for (b = 0; b < 256; b++) if (vyre__rc_has(k, b)) nb++;
    if (nb == 0) return;
    for (b = 'a'; b <= 'z'; b++) if (vyre__rc_has(k, b) != vyre__rc_has(k, b - 32u)) closed = 0;
    if (closed) {
        for (b = 0; b < 256; b++) if (vyre__rc_has(k, b) && !(b >= 'A' && b <= 'Z')) nrep++;
        if (nrep <= 4) {
            for (b = 0; b < 256; b++) {
                if (!vyre__rc_has(k, b) || (b >= 'A' && b <= 'Z')) continue;
                s.len = 1; s.b[0] = (uint8_t)b; s.fold = (uint8_t)(b >= 'a' && b <= 'z');
                vyre__f_add(out, &s);
            }
            out->ok = 1;
            return;
        }
    }
    if (nb > 4) return;
    for (b = 0; b < 256; b++) if (vyre__rc_has(k, b)) { s.len = 1; s.b[0] = (uint8_t)b; s.fold = 0; vyre__f_add(out, &s); }
    out->ok = 1;
}
/* a x b; 0 if too many strings or too long (out->ok = 0) */
static int vyre__f_product(const vyre__fset *a, const vyre__fset *b, vyre__fset *out, int truncate) {
    uint32_t i, j;
    out->n = 0; out->ok = 0;
    if ((uint64_t)a->n * b->n > VYRE__F_MAXN) return 0;
    for (i = 0; i < a->n; i++)
        for (j = 0; j < b->n; j++) {
            vyre__fstr s;
            uint32_t L = (uint32_t)a->s[i].len + b->s[j].len, k;
            if (L > VYRE__F_MAXLEN) { if (!truncate) return 0; L = VYRE__F_MAXLEN; }
            s.fold = (uint8_t)(a->s[i].fold | b->s[j].fold);
            memcpy(s.b, a->s[i].b, a->s[i].len);
            memcpy(s.b + a->s[i].len, b->s[j].b, L - a->s[i].len);
            s.len = (uint8_t)L;
            if (s.fold) for (k = 0; k < L; k++) if (s.b[k] >= 'A' && s.b[k] <= 'Z') s.b[k] = (uint8_t)(s.b[k] + 32);
            vyre__f_add(out, &s);
        }
    out->ok = 1;
    return 1;
}
static void vyre__f_empty(vyre__fset *f) { f->ok = 1; f->n = 1; f->s[0].len = 0; f->s[0].fold = 0; }
static uint32_t vyre__f_minlen(const vyre__fset *f) { uint32_t i, m = 255; for (i = 0; i < f->n; i++) if (f->s[i].len < m) m = f->s[i].len; return f->n ? m : 0; }
/* better candidate: longer shortest string, then fewer strings */
static int vyre__f_better(const vyre__fset *a, const vyre__fset *b) {
    uint32_t la, lb;
    if (!a->ok || !a->n) return 0;
    if (!b->ok || !b->n) return 1;
    la = vyre__f_minlen(a); lb = vyre__f_minlen(b);
    /* among usable sets, a bounded distance to the match start first: an unbounded one makes every
       match start candidate from the beginning of the input */
    if (la >= VYRE__F_MINLEN && lb >= VYRE__F_MINLEN && (a->pre == VYRE_RE_UNBOUNDED) != (b->pre == VYRE_RE_UNBOUNDED))
        return a->pre != VYRE_RE_UNBOUNDED;
    if (la != lb) return la > lb;
    return a->n < b->n;
}

static void vyre__f_exact(const vyre__rp *p, uint32_t id, vyre__fset *out, int depth) {
    const vyre__rn *n = &VYRE__RN(p, id);
    vyre__fset a, t;
    uint32_t c;
    int k;
    out->ok = 0; out->n = 0;
    if (depth > VYRE__F_DEPTH) return;
    switch (n->type) {
    case VYRE__RN_EMPTY: case VYRE__RN_ASSERT: vyre__f_empty(out); return;
    case VYRE__RN_CLASS: vyre__f_class(&VYRE__RC(p, n->arg), out); return;
    case VYRE__RN_CAP: vyre__f_exact(p, n->child, out, depth + 1); return;
    case VYRE__RN_CAT:
        vyre__f_empty(out);
        for (c = n->child; c != VYRE__RE_NONE; c = VYRE__RN(p, c).next) {
            vyre__f_exact(p, c, &a, depth + 1);
            if (!a.ok || !vyre__f_product(out, &a, &t, 0)) { out->ok = 0; out->n = 0; return; }
            *out = t;
        }
        return;
    case VYRE__RN_ALT:
        out->ok = 1;
        for (c = n->child; c != VYRE__RE_NONE; c = VYRE__RN(p, c).next) {
            uint32_t i;
            vyre__f_exact(p, c, &a, depth + 1);
            if (!a.ok) { out->ok = 0; out->n = 0; return; }
            for (i = 0; i < a.n; i++) if (!vyre__f_add(out, &a.s[i])) { out->ok = 0; out->n = 0; return; }
        }
        return;
    case VYRE__RN_REP: {
        vyre__fset pw;
        if (n->max < 0 || n->max > 4) return;
        vyre__f_exact(p, n->child, &a, depth + 1);
        if (!a.ok) return;
        vyre__f_empty(&pw);
        out->ok = 1; out->n = 0;
        for (k = 0; k <= n->max; k++) {
            uint32_t i;
            if (k >= n->min) for (i = 0; i < pw.n; i++) if (!vyre__f_add(out, &pw.s[i])) { out->ok = 0; out->n = 0; return; }
            if (k == n->max) break;
            if (!vyre__f_product(&pw, &a, &t, 0)) { out->ok = 0; out->n = 0; return; }
            pw = t;
        }
        return;
    }
    default: return;
    }
}

static uint64_t vyre__re_maxlen(const vyre__rp *p, uint32_t id) { uint64_t a, b; vyre__re_lens(p, id, &a, &b); return b; }
/* matches the empty string on a path without assertions */
static int vyre__re_null_free(const vyre__rp *p, uint32_t id, int depth) {
    const vyre__rn *n = &VYRE__RN(p, id);
    uint32_t c;
    if (depth > VYRE__F_DEPTH) return 0;
    switch (n->type) {
    case VYRE__RN_EMPTY: return 1;
    case VYRE__RN_CAT:
        for (c = n->child; c != VYRE__RE_NONE; c = VYRE__RN(p, c).next) if (!vyre__re_null_free(p, c, depth + 1)) return 0;
        return 1;
    case VYRE__RN_ALT:
        for (c = n->child; c != VYRE__RE_NONE; c = VYRE__RN(p, c).next) if (vyre__re_null_free(p, c, depth + 1)) return 1;
        return 0;
    case VYRE__RN_REP: return n->min == 0 || n->max == 0 || vyre__re_null_free(p, n->child, depth + 1);
    case VYRE__RN_CAP: return vyre__re_null_free(p, n->child, depth + 1);
    default: return 0;
    }
}
static void vyre__f_req(const vyre__rp *p, uint32_t id, vyre__fset *out, int depth) {
    const vyre__rn *n = &VYRE__RN(p, id);
    vyre__fset a, t;
    uint32_t c;
    out->ok = 0; out->n = 0; out->pre = 0; out->pre_null = 1;
    if (depth > VYRE__F_DEPTH) return;
    switch (n->type) {
    case VYRE__RN_CLASS: vyre__f_class(&VYRE__RC(p, n->arg), out); out->pre = 0; out->pre_null = 1; return;
    case VYRE__RN_CAP: vyre__f_req(p, n->child, out, depth + 1); return;
    case VYRE__RN_REP:
        if (n->min >= 1) {
            vyre__f_exact(p, id, out, depth + 1);
            out->pre = 0; out->pre_null = 1;
            if (out->ok && vyre__f_minlen(out) > 0) return;
            vyre__f_req(p, n->child, out, depth + 1);   /* an occurrence in the first iteration */
        }
        return;
    case VYRE__RN_ALT:
        out->ok = 1; out->pre = 0; out->pre_null = 1;
        for (c = n->child; c != VYRE__RE_NONE; c = VYRE__RN(p, c).next) {
            uint32_t i;
            vyre__f_req(p, c, &a, depth + 1);
            if (!a.ok || vyre__f_minlen(&a) == 0) { out->ok = 0; out->n = 0; return; }
            for (i = 0; i < a.n; i++) if (!vyre__f_add(out, &a.s[i])) { out->ok = 0; out->n = 0; return; }
            if (a.pre > out->pre) out->pre = a.pre;
            if (!a.pre_null) out->pre_null = 0;
        }
        return;
    case VYRE__RN_CAT: {
        vyre__fset run, best;
        uint64_t before = 0;           /* longest span of the children before this one */
        int bnull = 1;                 /* ... and they all match empty without assertions */
        vyre__f_empty(&run);
        run.pre = 0; run.pre_null = 1;
        best.ok = 0; best.n = 0; best.pre = 0; best.pre_null = 1;
        for (c = n->child; c != VYRE__RE_NONE; c = VYRE__RN(p, c).next) {
            uint64_t ml = vyre__re_maxlen(p, c);
            vyre__f_exact(p, c, &a, depth + 1);
            if (a.ok) {
                if (vyre__f_product(&run, &a, &t, 0)) {
                    t.pre = run.pre; t.pre_null = run.pre_null; run = t;
                    before = vyre__re_sat_add(before, ml); bnull = bnull && vyre__re_null_free(p, c, depth + 1);
                    continue;
                }
                /* too long: the truncated product still must occur; too many: close the run */
                if (vyre__f_product(&run, &a, &t, 1)) { t.pre = run.pre; t.pre_null = run.pre_null; if (vyre__f_better(&t, &best)) best = t; }
                if (vyre__f_better(&run, &best)) best = run;
                run = a; run.pre = before; run.pre_null = bnull;
                before = vyre__re_sat_add(before, ml); bnull = bnull && vyre__re_null_free(p, c, depth + 1);
                continue;
            }
            if (vyre__f_better(&run, &best)) best = run;
            vyre__f_req(p, c, &a, depth + 1);
            if (a.ok && vyre__f_minlen(&a) > 0) {
                a.pre = vyre__re_sat_add(before, a.pre); a.pre_null = a.pre_null && bnull;
                if (vyre__f_better(&a, &best)) best = a;
            }
            before = vyre__re_sat_add(before, ml); bnull = bnull && vyre__re_null_free(p, c, depth + 1);
            vyre__f_empty(&run);
            run.pre = before; run.pre_null = bnull;
        }
        if (vyre__f_better(&run, &best)) best = run;
        *out = best;
        return;
    }
    default: return;
    }
}
/* ---- class runs: for a rule without literal factors, k consecutive bytes of one class that every
   match holds (e.g. [a-f0-9]{40}), found by sampling every k-th byte ---- */
typedef struct vyre__frun { int ok; uint32_t k; uint64_t pre; vyre__rcls c; } vyre__frun;
static double vyre__f_run_score(const vyre__frun *r) {   /* bits of selectivity: k * log2(256 / |class|) */
    uint32_t b, nb = 0;
    double x = 1.0, bits = 0.0;
    for (b = 0; b < 256; b++) nb += (uint32_t)vyre__rc_has(&r->c, b);
    if (!r->ok || nb == 0 || nb >= 256) return 0.0;
    for (x = 256.0 / nb; x >= 2.0; x /= 2.0) bits += 1.0;
    return (bits + (x - 1.0)) * r->k;
}
static int vyre__f_run_better(const vyre__frun *a, const vyre__frun *b) {
    if (!a->ok) return 0;
    if (!b->ok) return 1;
    return vyre__f_run_score(a) > vyre__f_run_score(b);
}
/* a class or a repeat of one: its class into *c and its least count into *mn */
static int vyre__f_classish(const vyre__rp *p, uint32_t id, vyre__rcls *c, uint32_t *mn) {
    const vyre__rn *n = &VYRE__RN(p, id);
    if (n->type == VYRE__RN_CLASS) { *c = VYRE__RC(p, n->arg); *mn = 1; return 1; }
    if (n->type == VYRE__RN_REP && n->max != 0 && VYRE__RN(p, n->child).type == VYRE__RN_CLASS) {
        *c = VYRE__RC(p, VYRE__RN(p, n->child).arg); *mn = (uint32_t)n->min; return 1;
    }
    return 0;
}
static void vyre__f_run(const vyre__rp *p, uint32_t id, vyre__frun *out, int depth) {
    const vyre__rn *n = &VYRE__RN(p, id);
    vyre__frun a;
    uint32_t c, mn;
    memset(out, 0, sizeof *out);
    if (depth > VYRE__F_DEPTH) return;
    switch (n->type) {
    case VYRE__RN_CAP: vyre__f_run(p, n->child, out, depth + 1); return;
    case VYRE__RN_CLASS: case VYRE__RN_REP:
        if (vyre__f_classish(p, id, &out->c, &mn)) { out->ok = mn > 0; out->k = mn; return; }
        if (n->type == VYRE__RN_REP && n->min >= 1) vyre__f_run(p, n->child, out, depth + 1);   /* in the first iteration */
        return;
    case VYRE__RN_ALT:
        for (c = n->child; c != VYRE__RE_NONE; c = VYRE__RN(p, c).next) {
            vyre__f_run(p, c, &a, depth + 1);
            if (!a.ok) { out->ok = 0; return; }
            if (c == n->child) { *out = a; continue; }
            vyre__rc_or(&out->c, &a.c);
            if (a.k < out->k) out->k = a.k;
            if (a.pre > out->pre) out->pre = a.pre;
        }
        return;
    case VYRE__RN_CAT: {
        vyre__frun run, best;
        uint64_t before = 0;
        memset(&run, 0, sizeof run); memset(&best, 0, sizeof best);
        for (c = n->child; c != VYRE__RE_NONE; c = VYRE__RN(p, c).next) {
            vyre__rcls k;
            uint64_t ml = vyre__re_maxlen(p, c);
            if (VYRE__RN(p, c).type == VYRE__RN_ASSERT || VYRE__RN(p, c).type == VYRE__RN_EMPTY) continue;   /* consume nothing */
            if (vyre__f_classish(p, c, &k, &mn)) {
                if (!run.k && !mn) { before = vyre__re_sat_add(before, ml); run.pre = before; continue; }
                vyre__rc_or(&run.c, &k);
                run.k += mn; run.ok = run.k > 0;
                before = vyre__re_sat_add(before, ml);
                continue;
            }
            if (vyre__f_run_better(&run, &best)) best = run;
            vyre__f_run(p, c, &a, depth + 1);
            if (a.ok) { a.pre = vyre__re_sat_add(before, a.pre); if (vyre__f_run_better(&a, &best)) best = a; }
            before = vyre__re_sat_add(before, ml);
            memset(&run, 0, sizeof run);
            run.pre = before;
        }
        if (vyre__f_run_better(&run, &best)) best = run;
        *out = best;
        return;
    }
    default: return;
    }
}
/* ==================================================================== */
/* >>re-cpu: the CPU regex engine (reference for every backend)         */
/* ==================================================================== */
/* Two Pike VMs over a pattern's program.
   ALL_MATCHES: threads carry their start; a thread list is kept in
   ascending start order (older threads first, the new start thread last),
   so the first thread to reach a state has the leftmost start, and the
   first to reach MATCH at position p gives the leftmost start of a match
   ending at p.
   LEFTMOST_FIRST: threads carry capture slots and run in priority order;
   reaching MATCH cuts the lower-priority threads (Go's regexp machine).
   Patterns with literal factors run only inside windows around the
   factors' occurrences (found by the literal engine): every match
   contains an occurrence, so it starts within factor_pre bytes before it;
   patterns without factors, around their class runs (vyre__rs_run_windows).
   A non-nullable pattern (bound 0) first goes through the lazy DFA end
   finder (vyre__rs_dfa_ends) and the reversed-program start finder
   (vyre__rs_rev_starts): mode 1 emits (start, end) from them directly,
   mode 2 runs the VM only in [start(e), e - 1]; the VMs over the factor
   windows are the exact fallback when a DFA gives up. The DFAs' states are
   kept across scans of one set (vyre__rdc: at most one bundle per set, at
   most VYRE__RDC_KEEP bytes, never shared by two scans at once). */
typedef struct vyre__rq { uint32_t *sparse, *dense; uint64_t *val; uint32_t n; uint64_t mstart; } vyre__rq;
typedef struct vyre__rst { uint32_t pc, slot; uint64_t val; } vyre__rst;
typedef struct vyre__rvm {
    const vyre_allocator *A;
    const vyre__rinst *I;
    const uint32_t *cls;
    uint32_t ninst, ncap, cap_insts, cap_ncap;
    const uint8_t *h;
    size_t n;
    vyre__rq q[2];
    vyre__rst *stack;
    uint64_t *cap, *mcap;
    int use_first;               /* the pattern cannot match empty: a start at p needs first[h[p]] */
    uint8_t first[256];
} vyre__rvm;

#define VYRE__RQ_HAS(q, pc) ((q)->sparse[pc] < (q)->n && (q)->dense[(q)->sparse[pc]] == (pc))
#define VYRE__RCLS_HAS(cls, k, b) (((cls)[(size_t)(k) * 8u + ((b) >> 5)] >> ((b) & 31u)) & 1u)
static void vyre__rvm_free(vyre__rvm *m) {
    int k;
    for (k = 0; k < 2; k++) { vyre_free(m->A, m->q[k].sparse); vyre_free(m->A, m->q[k].dense); vyre_free(m->A, m->q[k].val); }
    vyre_free(m->A, m->stack); vyre_free(m->A, m->cap); vyre_free(m->A, m->mcap);
    memset(m->q, 0, sizeof m->q); m->stack = NULL; m->cap = m->mcap = NULL; m->cap_insts = 0; m->cap_ncap = 0;
}
/* scratch for a program of ninst instructions and ncap capture slots (0 = ALL_MATCHES) */
/* scratch for the program I[0, ninst); first / use_first: the program's first-byte table when the
   compiler kept it (vyre__rcpu), else NULL and it is computed here (a walk of the start closure and
   256 bytes per instruction in it: ~70k instructions for a gitleaks rule, once per scan) */
static int vyre__rvm_prepare_prog(vyre__rvm *m, const vyre__rinst *I, const uint32_t *cls, uint32_t ninst, uint32_t ncap,
                                  const uint8_t *first, uint32_t use_first) {
    int k;
    m->I = I; m->cls = cls; m->ninst = ninst; m->ncap = ncap;
    if (ninst > m->cap_insts || (ncap ? ncap : 1) > m->cap_ncap) {
        uint32_t ni = ninst > m->cap_insts ? ninst : m->cap_insts, nc = (ncap ? ncap : 1) > m->cap_ncap ? (ncap ? ncap : 1) : m->cap_ncap;
        size_t vals;
        vyre__rvm_free(m);
        if (!vyre__mul((size_t)ni, nc, &vals)) return 0;
        for (k = 0; k < 2; k++) {
            m->q[k].sparse = (uint32_t *)vyre_alloc(m->A, (size_t)ni * 4u);
            m->q[k].dense = (uint32_t *)vyre_alloc(m->A, (size_t)ni * 4u);
            m->q[k].val = (uint64_t *)vyre_alloc(m->A, vals * 8u);
            if (!m->q[k].sparse || !m->q[k].dense || !m->q[k].val) return 0;
            memset(m->q[k].sparse, 0, (size_t)ni * 4u);
        }
        m->stack = (vyre__rst *)vyre_alloc(m->A, ((size_t)ni + 2u) * sizeof(vyre__rst));
        m->cap = (uint64_t *)vyre_alloc(m->A, (size_t)nc * 8u);
        m->mcap = (uint64_t *)vyre_alloc(m->A, (size_t)nc * 8u);
        if (!m->stack || !m->cap || !m->mcap) return 0;
        m->cap_insts = ni; m->cap_ncap = nc;
    }
    m->q[0].n = m->q[1].n = 0;
    if (first) { memcpy(m->first, first, sizeof m->first); m->use_first = (int)use_first; return 1; }
    {   /* bytes a match can begin with (assertions passed through); none if MATCH is reachable */
        vyre__rq *q = &m->q[0];
        uint32_t sp = 0, b;
        memset(m->first, 0, sizeof m->first);
        m->use_first = 1;
        q->n = 0;
        m->stack[sp++].pc = 0;
        while (sp) {
            uint32_t pc = m->stack[--sp].pc;
            for (;;) {
                const vyre__rinst *in;
                if (VYRE__RQ_HAS(q, pc)) break;
                q->sparse[pc] = q->n; q->dense[q->n++] = pc;
                in = &m->I[pc];
                if (in->op == VYRE__RI_JMP) { pc = in->x; continue; }
                if (in->op == VYRE__RI_SPLIT) { m->stack[sp++].pc = in->y; pc = in->x; continue; }
                if (in->op == VYRE__RI_SAVE || in->op == VYRE__RI_ASSERT) { pc++; continue; }
                if (in->op == VYRE__RI_MATCH) m->use_first = 0;
                else for (b = 0; b < 256; b++) if (VYRE__RCLS_HAS(m->cls, in->x, b)) m->first[b] = 1;
                break;
            }
        }
        q->n = 0;
    }
    return 1;
}
static int vyre__rvm_prepare(vyre__rvm *m, const vyre_regex_set *set, const vyre__rprog *pg, uint32_t ncap) {
    const vyre__rcpu *pc = set->cpu ? &set->cpu[pg - set->progs] : NULL;
    return vyre__rvm_prepare_prog(m, set->insts + pg->inst0, set->cls, pg->ninst, ncap, pc && pc->has_first ? pc->first : NULL, pc ? pc->use_first : 0);
}
static int vyre__re_assert_ok(uint32_t kind, const uint8_t *h, size_t n, size_t p) {
    int a, b;
    switch (kind) {
    case VYRE__RA_BOT: return p == 0;
    case VYRE__RA_EOT: return p == n;
    case VYRE__RA_BOL: return p == 0 || h[p - 1] == '\n';
    case VYRE__RA_EOL: return p == n || h[p] == '\n';
    default:
        a = p > 0 && vyre__re_isword(h[p - 1]);
        b = p < n && vyre__re_isword(h[p]);
        return kind == VYRE__RA_WB ? a != b : a == b;
    }
}
/* ALL_MATCHES: follow empty transitions from pc at position p for a thread started at `start` */
static void vyre__rvm_add1(vyre__rvm *m, vyre__rq *q, uint32_t pc0, size_t p, uint64_t start) {
    uint32_t sp = 0;
    m->stack[sp++].pc = pc0;
    while (sp) {
        uint32_t pc = m->stack[--sp].pc;
        for (;;) {
            const vyre__rinst *in;
            if (VYRE__RQ_HAS(q, pc)) break;
            q->sparse[pc] = q->n; q->dense[q->n] = pc; q->val[q->n] = start; q->n++;
            in = &m->I[pc];
            if (in->op == VYRE__RI_JMP) { pc = in->x; continue; }
            if (in->op == VYRE__RI_SPLIT) { m->stack[sp++].pc = in->y; pc = in->x; continue; }
            if (in->op == VYRE__RI_SAVE) { pc++; continue; }
            if (in->op == VYRE__RI_ASSERT) { if (vyre__re_assert_ok(in->x, m->h, m->n, p)) { pc++; continue; } break; }
            if (in->op == VYRE__RI_MATCH && q->mstart == VYRE_RE_UNBOUNDED) q->mstart = start;
            break;
        }
    }
}

typedef int (*vyre__re_emit_fn)(void *u, uint32_t pid, uint64_t s, uint64_t e, const uint64_t *caps, uint32_t ngroups);

/* LEFTMOST_FIRST: follow empty transitions with captures (cap is restored on return) */
static void vyre__rvm_add2(vyre__rvm *m, vyre__rq *q, uint32_t pc0, size_t p, uint64_t *cap) {
    uint32_t sp = 0, nc = m->ncap;
    m->stack[sp].pc = pc0; m->stack[sp].slot = VYRE__RE_NONE; sp++;
    while (sp) {
        vyre__rst e = m->stack[--sp];
        uint32_t pc = e.pc;
        if (e.slot != VYRE__RE_NONE) { cap[e.slot] = e.val; continue; }
        for (;;) {
            const vyre__rinst *in;
            if (VYRE__RQ_HAS(q, pc)) break;
            q->sparse[pc] = q->n; q->dense[q->n] = pc; q->n++;
            in = &m->I[pc];
            if (in->op == VYRE__RI_JMP) { pc = in->x; continue; }
            if (in->op == VYRE__RI_SPLIT) { m->stack[sp].pc = in->y; m->stack[sp].slot = VYRE__RE_NONE; sp++; pc = in->x; continue; }
            if (in->op == VYRE__RI_SAVE) {
                if (in->x < nc) {
                    m->stack[sp].pc = 0; m->stack[sp].slot = in->x; m->stack[sp].val = cap[in->x]; sp++;
                    cap[in->x] = (uint64_t)p;
                }
                pc++; continue;
            }
            if (in->op == VYRE__RI_ASSERT) { if (vyre__re_assert_ok(in->x, m->h, m->n, p)) { pc++; continue; } break; }
            memcpy(q->val + (size_t)(q->n - 1) * nc, cap, (size_t)nc * 8u);   /* BYTE, MATCH: a thread */
            break;
        }
    }
}
/* Leftmost-first search: first match starting at >= pos (only at pos if anchored), ending <= limit.
   mcap receives the capture slots. Returns 1 if found. */
static int vyre__rvm_search(vyre__rvm *m, size_t pos, size_t limit, int anchored) {
    vyre__rq *cur = &m->q[0], *nxt = &m->q[1];
    uint32_t nc = m->ncap, k;
    int matched = 0;
    size_t p;
    cur->n = 0;
    for (p = pos; ; p++) {
        uint32_t j, c = 0;
        int have = p < limit;
        if (cur->n == 0 && (matched || (anchored && p > pos))) break;
        if (!matched && (!anchored || p == pos)) {
            for (k = 0; k < nc; k++) m->cap[k] = VYRE_RE_UNBOUNDED;
            m->cap[0] = (uint64_t)p;
            vyre__rvm_add2(m, cur, 0, p, m->cap);
        }
        if (have) c = m->h[p];
        nxt->n = 0;
        for (j = 0; j < cur->n; j++) {
            const vyre__rinst *in = &m->I[cur->dense[j]];
            uint64_t *tc = cur->val + (size_t)j * nc;
            if (in->op == VYRE__RI_MATCH) {
                memcpy(m->mcap, tc, (size_t)nc * 8u);
                m->mcap[1] = (uint64_t)p;
                matched = 1;
                break;                                    /* cut lower-priority threads */
            }
            if (in->op == VYRE__RI_BYTE && have && VYRE__RCLS_HAS(m->cls, in->x, c)) vyre__rvm_add2(m, nxt, cur->dense[j] + 1, p + 1, tc);
        }
        if (!have) break;
        { vyre__rq *t = cur; cur = nxt; nxt = t; }
    }
    return matched;
}

/* ---- the scan over one pattern ---- */
typedef struct vyre__rwin { uint64_t a, b; } vyre__rwin;   /* allowed match starts [a, b] */
typedef struct vyre__rscan {
    const vyre_regex_set *set;
    vyre_re_mode mode;
    uint64_t bound;              /* max_scan_bytes, 0 = none */
    const uint8_t *h;
    size_t n;
    uint64_t min_end, max_end;   /* report only matches with min_end <= end <= max_end (chunk joins) */
    vyre__re_emit_fn emit;
    void *u;
    vyre__rvm vm;
    vyre__rvm rvm;               /* the reversed program (start finder) */
    struct vyre__rck *ck;        /* the start finder's checkpoints, one per 256 bytes (vyre__rs_rev_starts) */
    uint64_t ck_gen;
    const vyre__rwin *w;         /* the pattern's allowed starts, sorted, disjoint */
    size_t nw, k;                /* k: cursor into w */
    uint64_t pos, prev_end;      /* LEFTMOST_FIRST loop state */
    uint64_t *ring;              /* bounded ALL_MATCHES */
    size_t ring_cap;
    struct vyre__rdfa *D;        /* the lazy DFA the end or start finder runs on (vyre__rdc) */
} vyre__rscan;

/* first allowed start >= p (moves the cursor forward), VYRE_RE_UNBOUNDED if none */
static uint64_t vyre__ra_next(vyre__rscan *S, uint64_t p) {
    while (S->k < S->nw && S->w[S->k].b < p) S->k++;
    if (S->k == S->nw) return VYRE_RE_UNBOUNDED;
    return p < S->w[S->k].a ? S->w[S->k].a : p;
}
/* ... whose byte can begin a match (patterns that cannot match empty) */
static uint64_t vyre__ra_next_first(vyre__rscan *S, uint64_t p) {
    const vyre__rvm *m = &S->vm;
    for (;;) {
        uint64_t e;
        p = vyre__ra_next(S, p);
        if (p == VYRE_RE_UNBOUNDED || !m->use_first) return p;
        if (p >= (uint64_t)S->n) return VYRE_RE_UNBOUNDED;
        e = S->w[S->k].b < (uint64_t)S->n - 1u ? S->w[S->k].b : (uint64_t)S->n - 1u;
        while (p <= e && !m->first[S->h[p]]) p++;
        if (p <= e) return p;
        p = e + 1u;
    }
}
static void vyre__ra_seek(vyre__rscan *S, uint64_t p) {
    size_t lo = 0, hi = S->nw;
    while (lo < hi) { size_t mid = lo + (hi - lo) / 2; if (S->w[mid].b < p) lo = mid + 1; else hi = mid; }
    S->k = lo;
}
static int vyre__ra_allowed(vyre__rscan *S, uint64_t p) {
    const vyre__rvm *m = &S->vm;
    if (vyre__ra_next(S, p) != p) return 0;
    return !m->use_first || (p < (uint64_t)S->n && m->first[S->h[p]]);
}

/* ALL_MATCHES: one sweep over the allowed starts, skipping ahead while no thread is alive */
static int vyre__rs_all(vyre__rscan *S, uint32_t pid) {
    vyre__rvm *m = &S->vm;
    vyre__rq *cur = &m->q[0], *nxt = &m->q[1];
    const uint8_t *h = S->h;
    uint64_t p = 0, n = (uint64_t)S->n;
    cur->n = 0; cur->mstart = VYRE_RE_UNBOUNDED;
    S->k = 0;
    for (;;) {
        uint32_t j, c;
        if (cur->n == 0) {
            uint64_t q = vyre__ra_next_first(S, p);
            if (q == VYRE_RE_UNBOUNDED || q >= n) break;
            p = q;
        }
        if (p < n && vyre__ra_allowed(S, p)) vyre__rvm_add1(m, cur, 0, (size_t)p, p);
        if (cur->mstart < p && p >= S->min_end && p <= S->max_end && S->emit(S->u, pid, cur->mstart, p, NULL, 0)) return 1;
        if (p >= n || p >= S->max_end) break;
        nxt->n = 0; nxt->mstart = VYRE_RE_UNBOUNDED;
        c = h[p];
        for (j = 0; j < cur->n; j++) {
            const vyre__rinst *in = &m->I[cur->dense[j]];
            if (in->op == VYRE__RI_BYTE && VYRE__RCLS_HAS(m->cls, in->x, c)) vyre__rvm_add1(m, nxt, cur->dense[j] + 1, (size_t)p + 1, cur->val[j]);
        }
        { vyre__rq *t = cur; cur = nxt; nxt = t; }
        p++;
    }
    return 0;
}

/* ALL_MATCHES with max_scan_bytes: an anchored run of at most `bound` bytes per allowed start;
   ring[e % R] holds the leftmost start found so far for end e */
static int vyre__rs_all_bounded(vyre__rscan *S, uint32_t pid) {
    uint64_t n = (uint64_t)S->n, B = S->bound, s, fin = 0, e, last = VYRE_RE_UNBOUNDED;
    size_t R = (size_t)(B < n ? B : n) + 1u;
    vyre__rvm *m = &S->vm;
    if (R > S->ring_cap) {
        vyre_free(S->vm.A, S->ring);
        S->ring = (uint64_t *)vyre_alloc(S->vm.A, R * 8u);
        if (!S->ring) { S->ring_cap = 0; return 2; }
        S->ring_cap = R;
    }
    for (e = 0; e < R; e++) S->ring[e] = VYRE_RE_UNBOUNDED;
    S->k = 0;
    for (s = vyre__ra_next_first(S, 0);; s = vyre__ra_next_first(S, s + 1)) {
        uint64_t upto = s == VYRE_RE_UNBOUNDED ? n : s, lim, p;
        vyre__rq *cur = &m->q[0], *nxt = &m->q[1];
        /* ends <= upto are final: no later start reaches them. The pending ones lie in (last, last + B]. */
        if (last != VYRE_RE_UNBOUNDED) {
            uint64_t top = vyre__re_sat_add(last, B) < upto ? last + B : upto;
            for (fin = last + 1u; fin <= top; fin++) {
                uint64_t *slot = &S->ring[fin % R];
                if (*slot != VYRE_RE_UNBOUNDED) {
                    if (fin >= S->min_end && fin <= S->max_end && S->emit(S->u, pid, *slot, fin, NULL, 0)) return 1;
                    *slot = VYRE_RE_UNBOUNDED;
                }
            }
        }
        if (s == VYRE_RE_UNBOUNDED || s >= n) break;
        lim = n - s > B ? s + B : n;
        last = s;
        cur->n = 0; cur->mstart = VYRE_RE_UNBOUNDED;
        vyre__rvm_add1(m, cur, 0, (size_t)s, s);
        for (p = s;; p++) {
            uint32_t j, c;
            if (cur->mstart != VYRE_RE_UNBOUNDED && p > s && S->ring[p % R] == VYRE_RE_UNBOUNDED) S->ring[p % R] = s;
            if (p >= lim || cur->n == 0) break;
            nxt->n = 0; nxt->mstart = VYRE_RE_UNBOUNDED;
            c = m->h[p];
            for (j = 0; j < cur->n; j++) {
                const vyre__rinst *in = &m->I[cur->dense[j]];
                if (in->op == VYRE__RI_BYTE && VYRE__RCLS_HAS(m->cls, in->x, c)) vyre__rvm_add1(m, nxt, cur->dense[j] + 1, (size_t)p + 1, s);
            }
            { vyre__rq *t = cur; cur = nxt; nxt = t; }
        }
    }
    return 0;
}

/* LEFTMOST_FIRST: the first match starting at an allowed position >= pos (Go's machine) */
static int vyre__rs_search(vyre__rscan *S, uint64_t pos) {
    vyre__rvm *m = &S->vm;
    vyre__rq *cur = &m->q[0], *nxt = &m->q[1];
    uint32_t nc = m->ncap, k;
    uint64_t p = pos, n = (uint64_t)S->n;
    int matched = 0;
    vyre__ra_seek(S, pos);
    cur->n = 0;
    for (;;) {
        uint32_t j, c = 0;
        int have;
        if (cur->n == 0) {
            uint64_t q;
            if (matched) break;
            q = vyre__ra_next_first(S, p);
            if (q == VYRE_RE_UNBOUNDED || q > n) break;
            p = q;
        }
        have = p < n;
        if (!matched && vyre__ra_allowed(S, p)) {
            for (k = 0; k < nc; k++) m->cap[k] = VYRE_RE_UNBOUNDED;
            m->cap[0] = p;
            vyre__rvm_add2(m, cur, 0, (size_t)p, m->cap);
        }
        if (have) c = S->h[p];
        nxt->n = 0;
        for (j = 0; j < cur->n; j++) {
            const vyre__rinst *in = &m->I[cur->dense[j]];
            uint64_t *tc = cur->val + (size_t)j * nc;
            if (in->op == VYRE__RI_MATCH) {
                memcpy(m->mcap, tc, (size_t)nc * 8u);
                m->mcap[1] = p;
                matched = 1;
                break;                                    /* cut lower-priority threads */
            }
            if (in->op == VYRE__RI_BYTE && have && VYRE__RCLS_HAS(m->cls, in->x, c)) vyre__rvm_add2(m, nxt, cur->dense[j] + 1, (size_t)p + 1, tc);
        }
        if (!have) break;
        { vyre__rq *t = cur; cur = nxt; nxt = t; }
        p++;
    }
    return matched;
}

/* Go's FindAllIndex loop */
static int vyre__rs_first(vyre__rscan *S, uint32_t pid, const vyre__rprog *pg) {
    vyre__rvm *m = &S->vm;
    uint32_t ng = pg->ngroups;
    uint64_t n = (uint64_t)S->n;
    S->pos = 0; S->prev_end = VYRE_RE_UNBOUNDED;
    while (S->pos <= n) {
        uint64_t pos = S->pos;
        int found = 0, accept = 1;
        if (!S->bound) found = vyre__rs_search(S, pos);
        else {
            uint64_t s;
            vyre__ra_seek(S, pos);
            for (s = vyre__ra_next_first(S, pos); s != VYRE_RE_UNBOUNDED && s <= n && !found; s = vyre__ra_next_first(S, s + 1)) {
                size_t lim = (size_t)(n - s > S->bound ? s + S->bound : n);
                found = vyre__rvm_search(m, (size_t)s, lim, 1);
            }
        }
        if (!found) break;
        if (m->mcap[1] == pos) {
            if (m->mcap[0] == S->prev_end) accept = 0;
            S->pos = pos + 1u;
        } else {
            S->pos = m->mcap[1];
        }
        S->prev_end = m->mcap[1];
        if (accept && m->mcap[1] >= S->min_end && m->mcap[1] <= S->max_end && S->emit(S->u, pid, m->mcap[0], m->mcap[1], m->mcap + 2, ng)) return 1;
    }
    return 0;
}

/* ---- end finder and start finder: lazy DFAs over a program's state sets ----------
   A DFA state is the set of program positions after a byte (plus the
   unanchored start where allowed) and what the previous byte was (start of
   input, word byte, newline; only the flags the program's assertions read);
   empty-width tests are decided when the next byte is known, as RE2 does.
   The end finder runs the program forward from the allowed starts and
   reports every match end; the start finder runs the reversed program
   (>>re-compile, vyre__rcpu) backwards from each end, anchored there. A
   full cache (VYRE__RDFA_MAX_STATES) is emptied and refilled; after
   VYRE__RDFA_MAX_FLUSH resets the DFA gives up (returns 3) and the caller
   runs the exact VMs over the factor windows. */
#define VYRE__RDFA_MAX_STATES 2048u
#define VYRE__RDFA_UNKNOWN 0xFFFFFFFFu
#define VYRE__RDFA_MATCH 0x80000000u
#define VYRE__RDFA_DEAD 0x40000000u    /* on a transition: the next state has no thread */
#define VYRE__RDFA_ID(t) ((t) & 0x3FFFFFFFu)
enum { VYRE__RX_START = 1, VYRE__RX_WORD = 2, VYRE__RX_NL = 4 };
typedef struct vyre__rdfa {
    const vyre_allocator *A;
    vyre__vec pcsets;            /* uint32_t: the pc sets, back to back */
    vyre__vec st;                /* uint64_t per state: pcsets offset << 24 | count << 3 | flags */
    uint32_t *trans[2];          /* [state * 256 + byte]: next | VYRE__RDFA_MATCH, or UNKNOWN; [1]: a match may start here */
    uint32_t *slot;              /* hash table of state ids + 1 */
    uint32_t nslot, cap;         /* cap: states the transition tables hold (grown on demand) */
    uint32_t *tmp, *tmp2;        /* ninst pcs each */
    uint64_t *acc;               /* per state: 0 not known, 0xFF no, else count | bytes << 8 (at most VYRE__RX_ACC_MAX): the bytes that leave it */
    uint32_t flushes;            /* times the full cache was emptied */
    uint32_t fmask;              /* the context flags the program's assertions read (others are dropped) */
    size_t kept;                 /* its bytes as vyre__rdc.bytes counts them */
} vyre__rdfa;
static int vyre__rx_ok(uint32_t kind, uint32_t flags, int next) {
    int a = (flags & VYRE__RX_WORD) != 0, b = next >= 0 && vyre__re_isword((uint32_t)next);
    switch (kind) {
    case VYRE__RA_BOT: return (flags & VYRE__RX_START) != 0;
    case VYRE__RA_EOT: return next < 0;
    case VYRE__RA_BOL: return (flags & (VYRE__RX_START | VYRE__RX_NL)) != 0;
    case VYRE__RA_EOL: return next < 0 || next == '\n';
    case VYRE__RA_WB: return a != b;
    default: return a == b;
    }
}
/* closure of the state's pcs and pc 0 under the context (flags, next byte or -1);
   leaves the closed set in vm->q[0]; returns 1 if MATCH is in it */
static int vyre__rx_close(vyre__rvm *m, const uint32_t *pcs, uint32_t cnt, uint32_t flags, int next, int start) {
    vyre__rq *q = &m->q[0];
    uint32_t sp = 0, k;
    int match = 0;
    q->n = 0;
    if (start) m->stack[sp++].pc = 0;
    for (k = cnt; k > 0; k--) m->stack[sp++].pc = pcs[k - 1];
    while (sp) {
        uint32_t pc = m->stack[--sp].pc;
        for (;;) {
            const vyre__rinst *in;
            if (VYRE__RQ_HAS(q, pc)) break;
            q->sparse[pc] = q->n; q->dense[q->n++] = pc;
            in = &m->I[pc];
            if (in->op == VYRE__RI_JMP) { pc = in->x; continue; }
            if (in->op == VYRE__RI_SPLIT) { m->stack[sp++].pc = in->y; pc = in->x; continue; }
            if (in->op == VYRE__RI_SAVE) { pc++; continue; }
            if (in->op == VYRE__RI_ASSERT) { if (vyre__rx_ok(in->x, flags, next)) { pc++; continue; } break; }
            if (in->op == VYRE__RI_MATCH) match = 1;
            break;
        }
    }
    return match;
}
static int vyre__u32_cmp(const void *a, const void *b, const void *c) { uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b; (void)c; return x < y ? -1 : x > y; }
static uint64_t vyre__rx_hash(const uint32_t *pcs, uint32_t cnt, uint32_t flags) {
    uint64_t h = 0xcbf29ce484222325ull ^ flags;
    uint32_t k;
    for (k = 0; k < cnt; k++) { h ^= pcs[k]; h *= 0x100000001b3ull; }
    return h;
}
/* the id of state (pcs, flags), made if new; VYRE__RDFA_UNKNOWN when full or out of memory. The hash
   table (nslot, a power of two) is kept at most half full: it starts at 64 slots and doubles. */
static uint32_t vyre__rx_state(vyre__rdfa *D, const uint32_t *pcs, uint32_t cnt, uint32_t flags) {
    uint64_t h;
    uint32_t i, id;
    flags &= D->fmask;
    h = vyre__rx_hash(pcs, cnt, flags);
    for (i = (uint32_t)(h & (D->nslot - 1));; i = (i + 1) & (D->nslot - 1)) {
        uint64_t e;
        if (!D->slot[i]) break;
        e = ((const uint64_t *)D->st.data)[D->slot[i] - 1];
        if ((uint32_t)(e & 7u) == flags && (uint32_t)((e >> 3) & 0x1FFFFF) == cnt &&
            (cnt == 0 || memcmp((const uint32_t *)D->pcsets.data + (e >> 24), pcs, cnt * 4u) == 0)) return D->slot[i] - 1;
    }
    if (D->st.len >= VYRE__RDFA_MAX_STATES || cnt > 0x1FFFFF || D->pcsets.len > ((uint64_t)1 << 38)) return VYRE__RDFA_UNKNOWN;
    if (!vyre__vec_reserve(D->A, &D->pcsets, D->pcsets.len + cnt + 1) || !vyre__vec_reserve(D->A, &D->st, D->st.len + 1)) return VYRE__RDFA_UNKNOWN;
    if (2u * (D->st.len + 1u) > D->nslot) {   /* grow the hash table, every state put again */
        uint32_t ns = D->nslot * 2u, *sl = (uint32_t *)vyre_alloc(D->A, (size_t)ns * 4u), x, j;
        if (!sl) return VYRE__RDFA_UNKNOWN;
        memset(sl, 0, (size_t)ns * 4u);
        for (x = 0; x < (uint32_t)D->st.len; x++) {
            const uint64_t e = ((const uint64_t *)D->st.data)[x];
            for (j = (uint32_t)(vyre__rx_hash((const uint32_t *)D->pcsets.data + (e >> 24), (uint32_t)((e >> 3) & 0x1FFFFF), (uint32_t)(e & 7u)) & (ns - 1)); sl[j];
                 j = (j + 1) & (ns - 1)) {}
            sl[j] = x + 1;
        }
        vyre_free(D->A, D->slot);
        D->slot = sl; D->nslot = ns;
        for (i = (uint32_t)(h & (ns - 1)); D->slot[i]; i = (i + 1) & (ns - 1)) {}
    }
    if (D->st.len == D->cap) {
        uint32_t nc = D->cap * 2u, k;
        for (k = 0; k < 2; k++) {
            uint32_t *t = (uint32_t *)vyre_realloc(D->A, D->trans[k], (size_t)nc * 256u * 4u);
            if (!t) return VYRE__RDFA_UNKNOWN;
            D->trans[k] = t;
        }
        {
            uint64_t *a = (uint64_t *)vyre_realloc(D->A, D->acc, (size_t)nc * 8u);
            if (!a) return VYRE__RDFA_UNKNOWN;
            D->acc = a;
        }
        D->cap = nc;
    }
    id = (uint32_t)D->st.len;
    if (cnt) memcpy((uint32_t *)D->pcsets.data + D->pcsets.len, pcs, cnt * 4u);
    ((uint64_t *)D->st.data)[D->st.len++] = ((uint64_t)D->pcsets.len << 24) | ((uint64_t)cnt << 3) | flags;
    D->pcsets.len += cnt;
    D->slot[i] = id + 1;
    memset(D->trans[0] + (size_t)id * 256u, 0xFF, 256u * 4u);
    memset(D->trans[1] + (size_t)id * 256u, 0xFF, 256u * 4u);
    D->acc[id] = 0;
    return id;
}
/* transition of state id on byte c (computed and cached) */
static uint32_t vyre__rx_step(vyre__rdfa *D, vyre__rvm *m, uint32_t id, uint32_t c, int start) {
    uint64_t e = ((const uint64_t *)D->st.data)[id];
    uint32_t flags = (uint32_t)(e & 7u), cnt = (uint32_t)((e >> 3) & 0x1FFFFF), j, n = 0, nf, t;
    int match = vyre__rx_close(m, (const uint32_t *)D->pcsets.data + (e >> 24), cnt, flags, (int)c, start);
    vyre__rq *q = &m->q[0];
    for (j = 0; j < q->n; j++) {
        const vyre__rinst *in = &m->I[q->dense[j]];
        if (in->op == VYRE__RI_BYTE && VYRE__RCLS_HAS(m->cls, in->x, c)) D->tmp[n++] = q->dense[j] + 1;
    }
    if (n > 1 && !vyre__msort(D->A, D->tmp, n, 4, vyre__u32_cmp, NULL)) return VYRE__RDFA_UNKNOWN;
    nf = (vyre__re_isword(c) ? (uint32_t)VYRE__RX_WORD : 0u) | (c == 10u ? (uint32_t)VYRE__RX_NL : 0u);
    t = vyre__rx_state(D, D->tmp, n, nf);
    if (t == VYRE__RDFA_UNKNOWN) return t;
    t |= (match ? VYRE__RDFA_MATCH : 0u) | (n == 0 ? VYRE__RDFA_DEAD : 0u);
    D->trans[start][(size_t)id * 256u + c] = t;
    return t;
}
static void vyre__rdfa_free(vyre__rdfa *D) {
    vyre_free(D->A, D->trans[0]); vyre_free(D->A, D->trans[1]); vyre_free(D->A, D->slot); vyre_free(D->A, D->tmp); vyre_free(D->A, D->tmp2);
    vyre_free(D->A, D->acc);
    vyre_free(D->A, D->pcsets.data); vyre_free(D->A, D->st.data);
    memset(D, 0, sizeof *D);
}
/* an empty cache for a program of ninst instructions, and its 8 empty states (one per context) in empty[];
   a cache kept from an earlier scan (D->A set, vyre__rdc) keeps its states and only has its flush count
   reset (the give-up rule counts per scan). 2 = out of memory, 3 = gave up */
static int vyre__rdfa_init(vyre__rdfa *D, const vyre_allocator *A, const vyre__rinst *I, uint32_t ninst, uint32_t *empty) {
    uint32_t k;
    if (D->A) {
        D->flushes = 0;
        for (k = 0; k < 8; k++) if ((empty[k] = vyre__rx_state(D, NULL, 0, (uint32_t)k)) == VYRE__RDFA_UNKNOWN) return 3;
        return 0;
    }
    memset(D, 0, sizeof *D);
    D->fmask = VYRE__RX_START;
    for (k = 0; k < ninst; k++)
        if (I[k].op == VYRE__RI_ASSERT) {
            if (I[k].x == VYRE__RA_WB || I[k].x == VYRE__RA_NWB) D->fmask |= VYRE__RX_WORD;
            if (I[k].x == VYRE__RA_BOL) D->fmask |= VYRE__RX_NL;
        }
    D->A = A; D->pcsets.item = 4; D->st.item = 8;
    D->nslot = 64;
    D->cap = 4;
    D->trans[0] = (uint32_t *)vyre_alloc(D->A, (size_t)D->cap * 256u * 4u);
    D->trans[1] = (uint32_t *)vyre_alloc(D->A, (size_t)D->cap * 256u * 4u);
    D->slot = (uint32_t *)vyre_alloc(D->A, (size_t)D->nslot * 4u);
    D->tmp = (uint32_t *)vyre_alloc(D->A, ((size_t)ninst + 1u) * 4u);
    D->tmp2 = (uint32_t *)vyre_alloc(D->A, ((size_t)ninst + 1u) * 4u);
    D->acc = (uint64_t *)vyre_alloc(D->A, (size_t)D->cap * 8u);
    if (!D->trans[0] || !D->trans[1] || !D->slot || !D->tmp || !D->tmp2 || !D->acc) { vyre__rdfa_free(D); return 2; }
    memset(D->slot, 0, (size_t)D->nslot * 4u);
    for (k = 0; k < 8; k++) if ((empty[k] = vyre__rx_state(D, NULL, 0, (uint32_t)k)) == VYRE__RDFA_UNKNOWN) { vyre__rdfa_free(D); return 3; }
    return 0;
}
/* The lazy DFAs kept across scans. Building DFA states (vyre__rx_step) is work every scan repeated for
   the same set: per file or per chunk (vyre scan, the CPU backend, the ingest pipeline) it is most of
   a small scan. A scan takes the set's kept bundle (one forward and one reversed DFA per pattern, made
   on first use) by an atomic exchange, or makes an empty one when another scan holds it (so any number
   of threads may scan with one set at once: no DFA is ever shared by two scans), and gives it back at
   its end by a compare-exchange; a bundle that finds another one already back is freed. So a set keeps
   at most one bundle, of at most VYRE__RDC_KEEP bytes: a DFA that would take the bundle past it is
   freed after its pattern (as every DFA was before). A full DFA is still emptied and refilled
   (VYRE__RDFA_MAX_STATES) and given up after VYRE__RDFA_MAX_FLUSH resets in one scan. Compilers
   without the GCC / Clang __atomic builtins keep nothing (every scan builds its DFAs). */
#ifndef VYRE__RDC_KEEP
#define VYRE__RDC_KEEP ((size_t)32 << 20)
#endif
#if defined(__GNUC__) || defined(__clang__)
#define VYRE__RDC_ATOMIC 1
#endif
typedef struct vyre__rdc {
    uint32_t npat;
    size_t bytes;                /* the sum of the kept DFAs' sizes */
    vyre__rdfa d[1];             /* 2 npat: forward DFA of pattern p at p, reversed at npat + p */
} vyre__rdc;
static size_t vyre__rdfa_bytes(const vyre__rdfa *D) {
    return (size_t)D->cap * (2u * 256u * 4u + 8u) + (size_t)D->nslot * 4u + D->pcsets.cap * 4u + D->st.cap * 8u;
}
static void vyre__rdc_free(const vyre_allocator *A, vyre__rdc *c) {
    uint32_t k;
    if (!c) return;
    for (k = 0; k < 2u * c->npat; k++) if (c->d[k].A) vyre__rdfa_free(&c->d[k]);
    vyre_free(A, c);
}
/* the set's kept bundle, or a new empty one; NULL when out of memory (the scan then keeps nothing) */
static vyre__rdc *vyre__rdc_take(const vyre_regex_set *set) {
    vyre__rdc *c = NULL;
    size_t bytes;
#ifdef VYRE__RDC_ATOMIC
    c = __atomic_exchange_n((vyre__rdc **)&((vyre_regex_set *)set)->dcache, (vyre__rdc *)NULL, __ATOMIC_ACQUIRE);
#endif
    if (c || !set->npat || !vyre__mul((size_t)set->npat * 2u, sizeof(vyre__rdfa), &bytes)) return c;
    c = (vyre__rdc *)vyre_alloc(&set->A, sizeof(vyre__rdc) + bytes);
    if (c) { memset(c, 0, sizeof(vyre__rdc) + bytes); c->npat = set->npat; }
    return c;
}
static void vyre__rdc_give(const vyre_regex_set *set, vyre__rdc *c) {
#ifdef VYRE__RDC_ATOMIC
    vyre__rdc *none = NULL;
    if (c && __atomic_compare_exchange_n((vyre__rdc **)&((vyre_regex_set *)set)->dcache, &none, c, 0, __ATOMIC_RELEASE, __ATOMIC_RELAXED)) return;
#endif
    vyre__rdc_free(&set->A, c);
}
/* after a pattern's finder ran on D (a DFA of bundle c, or a scratch one when c is NULL): keep it, or
   free it when the bundle would pass VYRE__RDC_KEEP */
static void vyre__rdc_after(vyre__rdc *c, vyre__rdfa *D) {
    size_t b;
    if (!D->A) return;
    if (!c) { vyre__rdfa_free(D); return; }
    c->bytes -= D->kept;
    b = vyre__rdfa_bytes(D);
    if (c->bytes + b > VYRE__RDC_KEEP) { vyre__rdfa_free(D); return; }
    D->kept = b;
    c->bytes += b;
}
#define VYRE__RDFA_CNT(D, st) ((uint32_t)((((const uint64_t *)(D)->st.data)[st] >> 3) & 0x1FFFFF))
/* The transition of *st on c when it is not cached: computed; when the cache is full, the cache is
   emptied (RE2's reset) and *st and empty[] made again in it. UNKNOWN = give up (out of memory, or
   the cache was emptied more than VYRE__RDFA_MAX_FLUSH times: the DFA thrashes, the exact VMs are
   cheaper). */
#define VYRE__RDFA_MAX_FLUSH 64u
static uint32_t vyre__rdfa_miss(vyre__rdfa *D, vyre__rvm *m, uint32_t *st, uint32_t c, int start, uint32_t *empty) {
    uint32_t t = vyre__rx_step(D, m, *st, c, start), k, cnt, flags;
    uint64_t e;
    if (t != VYRE__RDFA_UNKNOWN || D->st.len < VYRE__RDFA_MAX_STATES || ++D->flushes > VYRE__RDFA_MAX_FLUSH) return t;
    e = ((const uint64_t *)D->st.data)[*st];
    flags = (uint32_t)(e & 7u); cnt = (uint32_t)((e >> 3) & 0x1FFFFF);
    if (cnt) memcpy(D->tmp2, (const uint32_t *)D->pcsets.data + (e >> 24), cnt * 4u);
    D->st.len = 0; D->pcsets.len = 0;
    memset(D->slot, 0, (size_t)D->nslot * 4u);
    for (k = 0; k < 8; k++) if ((empty[k] = vyre__rx_state(D, NULL, 0, k)) == VYRE__RDFA_UNKNOWN) return VYRE__RDFA_UNKNOWN;
    if ((*st = vyre__rx_state(D, D->tmp2, cnt, flags)) == VYRE__RDFA_UNKNOWN) return VYRE__RDFA_UNKNOWN;
    return vyre__rx_step(D, m, *st, c, start);
}
/* Acceleration (as Hyperscan's): a state that every byte but at most 3 leaves unchanged (start = 0;
   e.g. inside [\s\S]{64,}) is left by skipping to the next of those bytes. The bytes of st, 0 if
   it has more (or they cannot be computed now). */
#define VYRE__RX_ACC_MAX 6u   /* a state is skipped over when at most this many bytes leave it */
static uint64_t vyre__rdfa_accel(vyre__rdfa *D, vyre__rvm *m, uint32_t st) {
    uint32_t c, t, nb = 0;
    uint64_t a = 0;
    if (D->acc[st]) return D->acc[st] == 0xFFu ? 0u : D->acc[st];
    for (c = 0; c < 256; c++) {
        t = D->trans[0][(size_t)st * 256u + c];
        if (t == VYRE__RDFA_UNKNOWN && (t = vyre__rx_step(D, m, st, c, 0)) == VYRE__RDFA_UNKNOWN) return 0;   /* cache full: later */
        if (t != st) { if (nb == VYRE__RX_ACC_MAX) { D->acc[st] = 0xFFu; return 0; } a |= (uint64_t)c << (8u + 8u * nb++); }
    }
    if (!nb) { D->acc[st] = 0xFFu; return 0; }   /* never left: nothing to find (the caller's loop ends) */
    D->acc[st] = a | nb;
    return a | nb;
}
/* The word-context sibling of state st (the same threads after a byte of the other word-ness), made if
   new; st itself when the program has no \b / \B; VYRE__RDFA_UNKNOWN when the cache is full. */
static uint32_t vyre__rdfa_sib(vyre__rdfa *D, uint32_t st) {
    uint64_t e = ((const uint64_t *)D->st.data)[st];
    uint32_t flags = (uint32_t)(e & 7u), cnt = (uint32_t)((e >> 3) & 0x1FFFFF);
    if (!(D->fmask & VYRE__RX_WORD)) return st;
    if (cnt) memcpy(D->tmp2, (const uint32_t *)D->pcsets.data + (e >> 24), cnt * 4u);
    return vyre__rx_state(D, D->tmp2, cnt, flags ^ VYRE__RX_WORD);
}
static int vyre__rdfa_same_threads(const vyre__rdfa *D, uint32_t x, uint32_t y) {
    uint64_t ex = ((const uint64_t *)D->st.data)[x], ey = ((const uint64_t *)D->st.data)[y];
    uint32_t cx = (uint32_t)((ex >> 3) & 0x1FFFFF), cy = (uint32_t)((ey >> 3) & 0x1FFFFF);
    return cx == cy && (cx == 0 || memcmp((const uint32_t *)D->pcsets.data + (ex >> 24), (const uint32_t *)D->pcsets.data + (ey >> 24), cx * 4u) == 0);
}
/* vyre__rdfa_accel for the pair of st and its word-context sibling (a program with \b alternates
   between the two on every word / non-word byte, so neither stays put alone): the bytes that take
   either state anywhere but the pair's member of that byte's word-ness (*wst after a word byte, *nst
   after another), at most VYRE__RX_ACC_MAX of them; 0 = none. */
static uint64_t vyre__rdfa_accel_pair(vyre__rdfa *D, vyre__rvm *m, uint32_t st, uint32_t *wst, uint32_t *nst) {
    uint32_t s2, c, k, t, nb = 0;
    uint64_t a = 0;
    uint8_t esc[256];
    if (D->acc[st] == 0xFFu) return 0;   /* known: no pair skip from here (success is not cached: it is rare and pays off) */
    s2 = vyre__rdfa_sib(D, st);
    if (s2 == VYRE__RDFA_UNKNOWN) return 0;
    if (s2 == st) { *wst = *nst = st; return vyre__rdfa_accel(D, m, st); }
    if ((((const uint64_t *)D->st.data)[st] & VYRE__RX_WORD) != 0) { *wst = st; *nst = s2; } else { *wst = s2; *nst = st; }
    memset(esc, 0, sizeof esc);
    for (k = 0; k < 2; k++)
        for (c = 0; c < 256; c++) {
            const uint32_t x = k ? s2 : st;
            t = D->trans[0][(size_t)x * 256u + c];
            if (t == VYRE__RDFA_UNKNOWN && (t = vyre__rx_step(D, m, x, c, 0)) == VYRE__RDFA_UNKNOWN) return 0;   /* cache full: later */
            if (t != (vyre__re_isword(c) ? *wst : *nst) && !esc[c]) {
                if (nb == VYRE__RX_ACC_MAX) { D->acc[st] = D->acc[s2] = 0xFFu; return 0; }
                esc[c] = 1;
                a |= (uint64_t)c << (8u + 8u * nb++);
            }
        }
    if (!nb) D->acc[st] = D->acc[s2] = 0xFFu;
    return nb ? a | nb : 0;
}
/* the accel bytes of a (vyre__rdfa_accel), the first repeated into the unused slots */
static void vyre__rx_acc_bytes(uint64_t a, uint8_t b[VYRE__RX_ACC_MAX]) {
    uint32_t k, nb = (uint32_t)(a & 0xFFu);
    for (k = 0; k < VYRE__RX_ACC_MAX; k++) b[k] = (uint8_t)(a >> (8u + 8u * (k < nb ? k : 0u)));
}
#define VYRE__RX_ACC_HIT(b, c) ((c) == (b)[0] || (c) == (b)[1] || (c) == (b)[2] || (c) == (b)[3] || (c) == (b)[4] || (c) == (b)[5])
#if defined(VYRE__AVX2) && defined(__SSE2__)
/* 32 bytes at a time (AVX2, where the CPU has it; else the SSE2 loops below, 16 at a time): the mask of
   the positions holding one of the 6 accel bytes in v[] */
#define VYRE__RX_TGT __attribute__((target("avx2")))
static VYRE__RX_TGT uint32_t vyre__rx_acc_mask32(__m256i x, const __m256i *v) {
    __m256i m = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(x, v[0]), _mm256_cmpeq_epi8(x, v[1])), _mm256_cmpeq_epi8(x, v[2]));
    m = _mm256_or_si256(m, _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(x, v[3]), _mm256_cmpeq_epi8(x, v[4])), _mm256_cmpeq_epi8(x, v[5])));
    return (uint32_t)_mm256_movemask_epi8(m);
}
/* vyre__rx_skip over [p, end) 64 bytes per step while they last: the first hit (*hit = 1), else where
   it stopped (fewer than 64 bytes left) */
static VYRE__RX_TGT size_t vyre__rx_skip_avx2(const uint8_t *h, size_t p, size_t end, const uint8_t *b, int *hit) {
    __m256i v[VYRE__RX_ACC_MAX];
    uint32_t k;
    *hit = 0;
    for (k = 0; k < VYRE__RX_ACC_MAX; k++) v[k] = _mm256_set1_epi8((char)b[k]);
    for (; p + 64 <= end; p += 64) {
        const uint32_t m0 = vyre__rx_acc_mask32(_mm256_loadu_si256((const __m256i *)(h + p)), v);
        const uint32_t m1 = vyre__rx_acc_mask32(_mm256_loadu_si256((const __m256i *)(h + p + 32)), v);
        if (m0 | m1) { *hit = 1; return p + (m0 ? (size_t)__builtin_ctz(m0) : 32u + (size_t)__builtin_ctz(m1)); }
    }
    return p;
}
/* vyre__rx_skip_back over [lo, p) 64 bytes per step (from the top) while they last: the q of
   vyre__rx_skip_back when a hit is found, else where it stopped (p - lo < 64 left) */
static VYRE__RX_TGT size_t vyre__rx_skip_back_avx2(const uint8_t *h, size_t lo, size_t p, const uint8_t *b, int *hit) {
    __m256i v[VYRE__RX_ACC_MAX];
    uint32_t k;
    *hit = 0;
    for (k = 0; k < VYRE__RX_ACC_MAX; k++) v[k] = _mm256_set1_epi8((char)b[k]);
    for (; p >= lo + 64; p -= 64) {
        const uint32_t m1 = vyre__rx_acc_mask32(_mm256_loadu_si256((const __m256i *)(h + p - 32)), v);
        const uint32_t m0 = vyre__rx_acc_mask32(_mm256_loadu_si256((const __m256i *)(h + p - 64)), v);
        if (m0 | m1) { *hit = 1; return m1 ? p - 32 + (size_t)(32 - __builtin_clz(m1)) : p - 64 + (size_t)(32 - __builtin_clz(m0)); }
    }
    return p;
}
#undef VYRE__RX_TGT
static int vyre__rx_acc_mask(__m128i x, const __m128i *v) {
    __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, v[0]), _mm_cmpeq_epi8(x, v[1])), _mm_cmpeq_epi8(x, v[2]));
    m = _mm_or_si128(m, _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, v[3]), _mm_cmpeq_epi8(x, v[4])), _mm_cmpeq_epi8(x, v[5])));
    return _mm_movemask_epi8(m);
}
#endif
/* the first q in [p, end) with h[q] one of the accel bytes, else end */
static size_t vyre__rx_skip(const uint8_t *h, size_t p, size_t end, uint64_t a) {
    uint8_t b[VYRE__RX_ACC_MAX];
    vyre__rx_acc_bytes(a, b);
#if defined(VYRE__AVX2) && defined(__SSE2__)
    {
        __m128i v[VYRE__RX_ACC_MAX];
        uint32_t k;
        if (end - p >= 64 && __builtin_cpu_supports("avx2")) {
            int hit;
            p = vyre__rx_skip_avx2(h, p, end, b, &hit);
            if (hit) return p;
        }
        for (k = 0; k < VYRE__RX_ACC_MAX; k++) v[k] = _mm_set1_epi8((char)b[k]);
        for (; p + 16 <= end; p += 16) {
            int mk = vyre__rx_acc_mask(_mm_loadu_si128((const __m128i *)(h + p)), v);
            if (mk) return p + (size_t)__builtin_ctz((unsigned)mk);
        }
    }
#endif
    for (; p < end; p++) if (VYRE__RX_ACC_HIT(b, h[p])) return p;
    return end;
}
/* the largest q in [lo, p] with q == lo or h[q - 1] one of the accel bytes */
static size_t vyre__rx_skip_back(const uint8_t *h, size_t lo, size_t p, uint64_t a) {
    uint8_t b[VYRE__RX_ACC_MAX];
    vyre__rx_acc_bytes(a, b);
#if defined(VYRE__AVX2) && defined(__SSE2__)
    {
        __m128i v[VYRE__RX_ACC_MAX];
        uint32_t k;
        if (p - lo >= 64 && __builtin_cpu_supports("avx2")) {
            int hit;
            p = vyre__rx_skip_back_avx2(h, lo, p, b, &hit);
            if (hit) return p;
        }
        for (k = 0; k < VYRE__RX_ACC_MAX; k++) v[k] = _mm_set1_epi8((char)b[k]);
        for (; p >= lo + 16; p -= 16) {
            int mk = vyre__rx_acc_mask(_mm_loadu_si128((const __m128i *)(h + p - 16)), v);
            if (mk) return p - 16 + (size_t)(32 - __builtin_clz((unsigned)mk));
        }
    }
#endif
    for (; p > lo; p--) if (VYRE__RX_ACC_HIT(b, h[p - 1])) return p;
    return lo;
}
#define VYRE__RX_CTX(c) ((vyre__re_isword(c) ? (uint32_t)VYRE__RX_WORD : 0u) | ((c) == 10u ? (uint32_t)VYRE__RX_NL : 0u))
/* From the allowed starts S->w (factor windows, or the whole input): every end e of a match
   starting at an allowed position, increasing, into *out (uint64_t); 3 = gave up */
static int vyre__rs_dfa_ends(vyre__rscan *S, const vyre__rprog *pg, vyre__vec *out) {
    vyre__rdfa *const D = S->D;
    vyre__rvm *m = &S->vm;
    uint64_t p, n = (uint64_t)S->n;
    uint32_t st, empty[8];
    int r;
    out->len = 0;
    if ((r = vyre__rdfa_init(D, &S->set->A, m->I, pg->ninst, empty)) != 0) goto done;
    st = empty[VYRE__RX_START];
    S->k = 0;
    p = 0;
    for (;;) {
        uint64_t e, run_end;
        int in_win;
        if (VYRE__RDFA_CNT(D, st) == 0) {   /* no thread alive: jump */
            uint64_t q = vyre__ra_next_first(S, p);
            if (q == VYRE_RE_UNBOUNDED || q >= n) break;
            if (q != p) { st = empty[VYRE__RX_CTX((uint32_t)S->h[q - 1])]; p = q; }
        }
        if (p >= n) break;
        e = vyre__ra_next(S, p);
        in_win = e == p;
        /* a run of positions with one kind of start rule: inside a window (start where the byte
           can begin a match) or between windows (no start) */
        run_end = in_win ? (S->w[S->k].b + 1u < n ? S->w[S->k].b + 1u : n) : (e == VYRE_RE_UNBOUNDED || e > n ? n : e);
        while (p < run_end) {
            uint32_t c, t;
            int start;
            if (!in_win) {   /* no starts here: the plain DFA loop until something happens */
                const uint32_t *T0 = D->trans[0];
                const uint8_t *H = S->h;
                int stop = 0;
                /* acc_w / acc_n: a state (with its word-context sibling, vyre__rdfa_accel_pair) that stayed
                   put for a whole block and leaves only on <= VYRE__RX_ACC_MAX (6) bytes; whenever the DFA is
                   back in it (after an escape byte that led nowhere, e.g. 'K' not followed by "EY-----" in a
                   rule past its `[\s\S]{64,}`), the skip resumes at once instead of after another block of
                   single steps */
                uint32_t acc_w = 0xFFFFFFFFu, acc_n = 0xFFFFFFFFu;   /* the accelerated pair (vyre__rdfa_accel_pair) */
                uint64_t acc_a = 0;
                while (p < run_end) {
                    uint64_t blk, a;
                    uint32_t st0, w2, n2;
                    if (st == acc_w || st == acc_n) {
                        const uint64_t q = vyre__rx_skip(H, (size_t)p, (size_t)run_end, acc_a);
                        if (q > p) st = vyre__re_isword(H[q - 1]) ? acc_w : acc_n;
                        p = q;
                        if (p >= run_end) break;
                    }
                    blk = run_end - p > 64 ? p + 64 : run_end;
                    st0 = st;
                    while (p < blk) {
                        t = T0[(size_t)st * 256u + H[p]];
                        if (t & (VYRE__RDFA_MATCH | VYRE__RDFA_DEAD)) { stop = 1; break; }
                        st = t; p++;
                        if (st == acc_w || st == acc_n) break;
                    }
                    if (stop) break;
                    if (st != acc_w && st != acc_n && p < run_end && (st == st0 || vyre__rdfa_same_threads(D, st, st0)) &&
                        (a = vyre__rdfa_accel_pair(D, m, st, &w2, &n2)) != 0) {
                        acc_w = w2; acc_n = n2; acc_a = a;
                    }
                    T0 = D->trans[0];
                }
                if (!stop) break;
            }
            c = S->h[p];
            start = in_win && (!m->use_first || m->first[c]);
            t = D->trans[start][(size_t)st * 256u + c];
            if (t == VYRE__RDFA_UNKNOWN && (t = vyre__rdfa_miss(D, m, &st, c, start, empty)) == VYRE__RDFA_UNKNOWN) { r = 3; goto done; }
            st = VYRE__RDFA_ID(t);
            if ((t & VYRE__RDFA_MATCH) && p) {   /* a match ends at p */
                if (!vyre__vec_reserve(D->A, out, out->len + 1)) { r = 2; goto done; }
                ((uint64_t *)out->data)[out->len++] = p;
            }
            p++;
            if (!in_win && (t & VYRE__RDFA_DEAD)) break;
        }
    }
    if (p >= n && n) {   /* a match ending at the end of the input */
        uint64_t e = ((const uint64_t *)D->st.data)[st];
        if (vyre__rx_close(m, (const uint32_t *)D->pcsets.data + (e >> 24), (uint32_t)((e >> 3) & 0x1FFFFF), (uint32_t)(e & 7u), -1, 0)) {
            if (!vyre__vec_reserve(D->A, out, out->len + 1)) { r = 2; goto done; }
            ((uint64_t *)out->data)[out->len++] = n;
        }
    }
done:
    m->q[0].n = 0;
    return r;
}
/* Start finder: for every end e in ends[0, ne), the leftmost start of a match ending at e, into
   starts[], by the reversed program (S->rvm prepared with it) run backwards from e, anchored there,
   until no thread is alive or below `lo` (no match starts before it). Every 256th position a run
   leaves its state in S->ck; a later run reaching a position in the state an earlier run left
   there shares that run's remaining way down, so it stops and takes the earlier answer when it
   lies at or below that position (long matches, e.g. [\s\S]{64,}, cost O(n), not O(n) per end).
   At most `budget` bytes in all; 3 = gave up (over the budget, or the cache thrashes),
   2 = out of memory. */
typedef struct vyre__rck { uint32_t st, idx; uint64_t gen; } vyre__rck;
static int vyre__rs_rev_starts(vyre__rscan *S, uint32_t ninst, const uint64_t *ends, size_t ne, uint64_t *starts, uint64_t lo, uint64_t budget) {
    vyre__rdfa *const D = S->D;
    vyre__rvm *m = &S->rvm;
    const uint8_t *h = S->h;
    uint64_t n = (uint64_t)S->n, gen;
    uint32_t empty[8], fl;
    size_t i;
    int r;
    if (!S->ck) {
        S->ck = (vyre__rck *)vyre__calloc(&S->set->A, (size_t)(n >> 8) + 1u, sizeof(vyre__rck), "regex start finder", NULL);
        if (!S->ck) return 2;
    }
    if ((r = vyre__rdfa_init(D, &S->set->A, m->I, ninst, empty)) != 0) goto done;
    gen = ++S->ck_gen; fl = 0;
    for (i = 0; i < ne; i++) {
        uint64_t e = ends[i], p = e, best = VYRE_RE_UNBOUNDED;
        uint32_t st = empty[e >= n ? (uint32_t)VYRE__RX_START : VYRE__RX_CTX((uint32_t)h[e])], t, c;
        int start = 1, dead = 0;
        while (p > 0) {
            c = h[p - 1];
            t = D->trans[start][(size_t)st * 256u + c];
            if (t == VYRE__RDFA_UNKNOWN && (t = vyre__rdfa_miss(D, m, &st, c, start, empty)) == VYRE__RDFA_UNKNOWN) { r = 3; goto done; }
            if (D->flushes != fl) { fl = D->flushes; gen = ++S->ck_gen; }   /* state ids changed */
            if ((t & VYRE__RDFA_MATCH) && p < e) best = p;   /* a match [p, e) */
            if (p <= lo) { dead = 1; break; }
            st = VYRE__RDFA_ID(t);
            start = 0;
            p--;
            if (t & VYRE__RDFA_DEAD) { dead = 1; break; }
            if (budget-- == 0) { r = 3; goto done; }
            {   /* a state no byte but a few leaves: skip to them (at once whenever the run is back in a
                   state known to be one; others are tested every 64th position) */
                uint64_t a = D->acc[st];
                if (!a && (p & 63u) == 0 && p > lo + 64 && D->trans[0][(size_t)st * 256u + h[p - 1]] == st) a = vyre__rdfa_accel(D, m, st);
                if (a && a != 0xFFu && p > lo) p = vyre__rx_skip_back(h, (size_t)lo, (size_t)p, a);
            }
            if ((p & 255u) == 0) {
                vyre__rck *k = &S->ck[p >> 8];
                if (k->gen == gen && k->st == st) {
                    if (starts[k->idx] <= p && starts[k->idx] < best) best = starts[k->idx];
                    dead = 1;
                    break;
                }
                k->gen = gen; k->st = st; k->idx = (uint32_t)i;
            }
        }
        if (!dead && p == 0) {
            uint64_t x = ((const uint64_t *)D->st.data)[st];
            if (vyre__rx_close(m, (const uint32_t *)D->pcsets.data + (x >> 24), (uint32_t)((x >> 3) & 0x1FFFFF), (uint32_t)(x & 7u), -1, start) && e > 0)
                best = 0;
        }
        if (best == VYRE_RE_UNBOUNDED) { r = 3; goto done; }   /* cannot happen for a real end; the exact path decides */
        starts[i] = best;
    }
done:
    m->q[0].n = 0;
    return r;
}

static int vyre__rs_pattern(vyre__rscan *S, uint32_t pid, const vyre__rwin *wins, size_t nw) {
    const vyre__rprog *pg = &S->set->progs[pid];
    if (!vyre__rvm_prepare(&S->vm, S->set, pg, S->mode == VYRE_RE_LEFTMOST_FIRST ? 2u * (pg->ngroups + 1u) : 0u)) return 2;
    S->w = wins; S->nw = nw; S->k = 0;
    if (S->mode == VYRE_RE_LEFTMOST_FIRST) return vyre__rs_first(S, pid, pg);
    return S->bound ? vyre__rs_all_bounded(S, pid) : vyre__rs_all(S, pid);
}

typedef struct vyre__rhit { uint32_t pid; uint32_t pad; uint64_t fs; } vyre__rhit;
/* append [a, b] to sorted windows (a not below the last window's a), merging overlaps; 0 = out of memory */
static int vyre__rwin_push(const vyre_allocator *A, vyre__vec *v, uint64_t a, uint64_t b) {
    vyre__rwin *w = v->len ? (vyre__rwin *)v->data + v->len - 1 : NULL;
    if (w && (w->b == VYRE_RE_UNBOUNDED || w->b + 1u >= a)) { if (b > w->b) w->b = b; return 1; }
    if (!vyre__vec_reserve(A, v, v->len + 1)) return 0;
    w = (vyre__rwin *)v->data + v->len++;
    w->a = a; w->b = b;
    return 1;
}
/* The allowed starts of a rule found by its class run: every maximal run [r0, r1) of run_cls bytes
   with r1 - r0 >= run_k gives [r0 - run_pre, r1 - run_k], in increasing order. Two ways, the same
   windows (test_internal compares them): with AVX2, a class mask of every byte, 64 at a time, and the
   runs read from the masks (vyre__rs_run_windows_avx2; no branch per byte: the two factorless gitleaks
   rules are dense classes, [a-f0-9] and \d, whose short runs made the sampled loop below mispredict);
   else the sampled loop: such a run holds a byte at a multiple of run_k minus one, so only those bytes
   are tested first. 0 = out of memory. */
static int vyre__rs_run_windows_scalar(const vyre_allocator *A, const vyre__rcpu *pc, const uint8_t *h, size_t n, vyre__vec *out) {
    const uint32_t *C = pc->run_cls;
    size_t k = pc->run_k, i, r0, r1;
#define VYRE__RUN_IN(b) ((C[(b) >> 5] >> ((b) & 31u)) & 1u)
    out->len = 0;
    for (i = k - 1; i < n; i += k) {
        if (!VYRE__RUN_IN(h[i])) continue;
        for (r0 = i; r0 > 0 && VYRE__RUN_IN(h[r0 - 1]); r0--) {}
        for (r1 = i + 1; r1 < n && VYRE__RUN_IN(h[r1]); r1++) {}
        if (r1 - r0 >= k && !vyre__rwin_push(A, out, r0 > pc->run_pre ? r0 - pc->run_pre : 0, r1 - k)) return 0;
        while (i + k < r1) i += k;   /* the next sample past the run */
    }
#undef VYRE__RUN_IN
    return 1;
}
#if defined(VYRE__AVX2)
#define VYRE__RUN_TGT __attribute__((target("avx2")))
/* the run [r0, r1) found by the mask loop, pushed if long enough */
#define VYRE__RUN_PUSH(r0, r1) do { if ((r1) - (r0) >= k && !vyre__rwin_push(A, out, (r0) > pc->run_pre ? (r0) - pc->run_pre : 0, (r1) - k)) return 0; } while (0)
static VYRE__RUN_TGT int vyre__rs_run_windows_avx2(const vyre_allocator *A, const vyre__rcpu *pc, const uint8_t *h, size_t n, vyre__vec *out) {
    const uint32_t *C = pc->run_cls;
    const size_t k = pc->run_k;
    uint8_t la[16], lb[16], ha[16], hb[16];
    __m256i LA, LB, HA, HB;
    const __m256i nib = _mm256_set1_epi8(0x0F), zero = _mm256_setzero_si256();
    size_t base, cur = 0;   /* cur: class bytes right before base */
    uint32_t x, hi;
    int high = 0;                /* the class has bytes >= 0x80 */
    /* byte x is in the class iff bit (x >> 4) of the 16-bit word lo-table[x & 15] is set: bits 0-7 in
       la (ha[hi] = that bit for hi < 8), bits 8-15 in lb (hb) */
    memset(la, 0, sizeof la); memset(lb, 0, sizeof lb); memset(ha, 0, sizeof ha); memset(hb, 0, sizeof hb);
    for (x = 0; x < 256; x++)
        if ((C[x >> 5] >> (x & 31u)) & 1u) { hi = x >> 4; if (hi < 8) la[x & 15u] |= (uint8_t)(1u << hi); else { lb[x & 15u] |= (uint8_t)(1u << (hi - 8)); high = 1; } }
    for (hi = 0; hi < 16; hi++) { ha[hi] = (uint8_t)(hi < 8 ? 1u << hi : 0u); hb[hi] = (uint8_t)(hi < 8 ? 0u : 1u << (hi - 8)); }
    LA = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)la)); LB = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)lb));
    HA = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)ha)); HB = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)hb));
    out->len = 0;
    for (base = 0; base + 64 <= n; base += 64) {
        uint64_t M = 0, inner, Y;
        uint32_t half, lead, trail, s;
        for (half = 0; half < 2; half++) {
            const __m256i v = _mm256_loadu_si256((const __m256i *)(h + base + 32u * half));
            const __m256i lo = _mm256_and_si256(v, nib), hn = _mm256_and_si256(_mm256_srli_epi16(v, 4), nib);
            __m256i t = _mm256_and_si256(_mm256_shuffle_epi8(LA, lo), _mm256_shuffle_epi8(HA, hn));
            if (high) t = _mm256_or_si256(t, _mm256_and_si256(_mm256_shuffle_epi8(LB, lo), _mm256_shuffle_epi8(HB, hn)));
            M |= (uint64_t)(uint32_t)~_mm256_movemask_epi8(_mm256_cmpeq_epi8(t, zero)) << (32u * half);
        }
        /* (no branch here that depends on the bytes but the rare ones: a taken branch per block on
           text made this slower than the sampled loop) */
        if (M == ~(uint64_t)0) { cur += 64; continue; }
        lead = (uint32_t)__builtin_ctzll(~M);            /* class bytes from base on (< 64: M has a zero) */
        trail = (uint32_t)__builtin_clzll(~M);           /* class bytes up to base + 64 (< 64) */
        if (cur + lead >= k) VYRE__RUN_PUSH(base - cur, base + lead);
        inner = M & ~(((uint64_t)1 << lead) - 1u) & (~(uint64_t)0 >> trail);
        if (k < 64) {
            /* Y bit j: bits j .. j + k - 1 of inner all set; a run's first such j is where it begins */
            Y = inner;
            for (s = 1; 2u * s <= k; s *= 2u) Y &= Y >> s;
            Y &= Y >> (k - s);
            while (Y) {
                const uint32_t j = (uint32_t)__builtin_ctzll(Y), r1 = j + (uint32_t)__builtin_ctzll(~(inner >> j));
                VYRE__RUN_PUSH(base + j, base + r1);
                Y &= r1 >= 64 ? 0u : ~(((uint64_t)1 << r1) - 1u);
            }
        }
        cur = trail;
    }
    for (; base < n; base++) {   /* the last bytes, one at a time */
        if ((C[h[base] >> 5] >> (h[base] & 31u)) & 1u) { cur++; continue; }
        if (cur) VYRE__RUN_PUSH(base - cur, base);
        cur = 0;
    }
    if (cur) VYRE__RUN_PUSH(n - cur, n);
    return 1;
}
#undef VYRE__RUN_PUSH
#undef VYRE__RUN_TGT
#endif
static int vyre__rs_run_windows(const vyre_allocator *A, const vyre__rcpu *pc, const uint8_t *h, size_t n, vyre__vec *out) {
#if defined(VYRE__AVX2)
    if (__builtin_cpu_supports("avx2")) return vyre__rs_run_windows_avx2(A, pc, h, n, out);
#endif
    return vyre__rs_run_windows_scalar(A, pc, h, n, out);
}
static int vyre__rwin_cmp(const void *x, const void *y, const void *ctx) {
    const vyre__rwin *a = (const vyre__rwin *)x, *b = (const vyre__rwin *)y;
    (void)ctx;
    return a->a < b->a ? -1 : a->a > b->a;
}   /* a factor occurrence starting at fs */
static int vyre__rhit_cmp(const void *x, const void *y, const void *ctx) {
    const vyre__rhit *a = (const vyre__rhit *)x, *b = (const vyre__rhit *)y;
    (void)ctx;
    if (a->pid != b->pid) return a->pid < b->pid ? -1 : 1;
    if (a->fs != b->fs) return a->fs < b->fs ? -1 : 1;
    return 0;
}

/* sort factor occurrences as vyre__rhit_cmp orders them (pattern, then fs): a stable counting sort by
   pattern (the scanners emit occurrences in about position order), then a merge sort of any pattern's
   run that is not already in fs order. 0 = out of memory. */
static int vyre__rhit_sort(const vyre_allocator *A, vyre__vec *v, uint32_t npat) {
    vyre__rhit *a = (vyre__rhit *)v->data, *b;
    size_t *cnt, i, n = v->len;
    uint32_t p;
    if (n < 2) return 1;
    if (n < 64 || !npat) return vyre__msort(A, v->data, n, sizeof(vyre__rhit), vyre__rhit_cmp, NULL);
    cnt = (size_t *)vyre__calloc(A, (size_t)npat + 1u, sizeof(size_t), "regex factor hits (sort)", NULL);
    b = (vyre__rhit *)vyre_alloc(A, n * sizeof(vyre__rhit));
    if (!cnt || !b) { vyre_free(A, cnt); vyre_free(A, b); return 0; }
    for (i = 0; i < n; i++) cnt[a[i].pid + 1u]++;
    for (p = 0; p < npat; p++) cnt[p + 1u] += cnt[p];
    for (i = 0; i < n; i++) b[cnt[a[i].pid]++] = a[i];
    memcpy(a, b, n * sizeof(vyre__rhit));
    vyre_free(A, b);
    /* cnt[p] is now the end of pattern p's run */
    for (p = 0, i = 0; p < npat; p++) {
        size_t e = cnt[p], j;
        for (j = i + 1; j < e && a[j - 1].fs <= a[j].fs; j++) {}
        if (j < e && !vyre__msort(A, a + i, e - i, sizeof(vyre__rhit), vyre__rhit_cmp, NULL)) { vyre_free(A, cnt); return 0; }
        i = e;
    }
    vyre_free(A, cnt);
    return 1;
}
/* step 2 of vyre__re_scan_cpu on given factor occurrences (hits: sorted by pattern, then fs, as
   vyre__rhit_cmp sorts them), for the patterns with only[pid] != 0 (only = NULL: all of them); the
   GPU engine finishes the patterns it cannot chunk here (vyre.h >>re-gpu) */
static vyre_result vyre__re_scan_cpu_hits(const vyre_regex_set *set, vyre_re_mode mode, uint64_t max_scan_bytes, const uint8_t *h, size_t n,
                                          uint64_t min_end, uint64_t max_end, const vyre__rhit *hits, size_t nhits, const uint8_t *only,
                                          vyre__re_emit_fn emit, void *u, vyre_error *err) {
    vyre__rscan S;
    vyre__vec wins, dwins, ends, starts;
    vyre_result rc = VYRE_OK;
    uint32_t pid;
    size_t hi = 0;
    int r = 0;
    vyre__rdc *dc = vyre__rdc_take(set);
    vyre__rdfa scratch;          /* the DFA when no bundle could be had */
    memset(&S, 0, sizeof S);
    memset(&scratch, 0, sizeof scratch);
    memset(&wins, 0, sizeof wins); wins.item = sizeof(vyre__rwin);
    memset(&dwins, 0, sizeof dwins); dwins.item = sizeof(vyre__rwin);
    memset(&ends, 0, sizeof ends); ends.item = 8;
    memset(&starts, 0, sizeof starts); starts.item = 8;
    S.set = set; S.mode = mode; S.bound = max_scan_bytes; S.h = h; S.n = n; S.min_end = min_end; S.max_end = max_end; S.emit = emit; S.u = u;
    S.vm.A = &set->A; S.vm.h = h; S.vm.n = n;
    S.rvm.A = &set->A; S.rvm.h = h; S.rvm.n = n;
    /* 2. per pattern: its windows, the end finder, the start finder, and the VMs where needed */
    for (pid = 0; pid < set->npat && rc == VYRE_OK && !r; pid++) {
        const vyre__rprog *pg = &set->progs[pid];
        const vyre__rcpu *pc = &set->cpu[pid];
        uint64_t pre = pg->factor_pre, dpre;
        size_t q;
        int rv = 3;
        if (only && !only[pid]) continue;
        if (max_scan_bytes && max_scan_bytes < pre) pre = max_scan_bytes;
        dpre = pc->pre_null ? 0 : pre;
        wins.len = 0; dwins.len = 0;
        if (!pg->nfactors && pc->run_k && n) {
            if (!vyre__rs_run_windows(&set->A, pc, h, n, &wins)) { rc = VYRE__OOM(err, "regex windows", (uint64_t)(wins.len + 1) * 16u); break; }
            if (!vyre__vec_reserve(&set->A, &dwins, wins.len)) { rc = VYRE__OOM(err, "regex windows", (uint64_t)(wins.len + 1) * 16u); break; }
            if (wins.len) memcpy(dwins.data, wins.data, wins.len * sizeof(vyre__rwin));
            dwins.len = wins.len;
        } else if (!pg->nfactors) {
            if (!vyre__rwin_push(&set->A, &wins, 0, n)) { rc = VYRE__OOM(err, "regex windows", 64); break; }
        } else {
            /* a match containing the occurrence at fs starts in [fs - pre, fs]; one ends where a match
               starting in [fs - dpre, fs] ends */
            while (hi < nhits && hits[hi].pid < pid) hi++;
            while (hi < nhits && hits[hi].pid == pid) {
                const vyre__rhit *t = hits + hi++;
                uint64_t a = (pre == VYRE_RE_UNBOUNDED || t->fs < pre) ? 0 : t->fs - pre;
                uint64_t da = (dpre == VYRE_RE_UNBOUNDED || t->fs < dpre) ? 0 : t->fs - dpre;
                if (!vyre__rwin_push(&set->A, &wins, a, t->fs) || !vyre__rwin_push(&set->A, &dwins, da, t->fs)) {
                    rc = VYRE__OOM(err, "regex windows", (uint64_t)(wins.len + 1) * 32u); break;
                }
            }
            if (rc != VYRE_OK) break;
        }
        if (!pg->nullable && n && wins.len) {
            /* a lazy DFA finds where matches (starting at allowed positions) end */
            int de;
            if (!vyre__rvm_prepare(&S.vm, set, pg, 0)) { rc = VYRE__OOM(err, "regex scan scratch", (uint64_t)pg->ninst * 64u); break; }
            S.w = pg->nfactors || pc->run_k ? (const vyre__rwin *)dwins.data : (const vyre__rwin *)wins.data;
            S.nw = pg->nfactors || pc->run_k ? dwins.len : wins.len;
            S.D = dc ? &dc->d[pid] : &scratch;
            de = vyre__rs_dfa_ends(&S, pg, &ends);
            vyre__rdc_after(dc, S.D);
            if (de == 2) { rc = VYRE__OOM(err, "regex end finder", (uint64_t)VYRE__RDFA_MAX_STATES * 2048u); break; }
            if (de == 0) {
                const uint64_t *E = (const uint64_t *)ends.data;
                if (!ends.len) continue;
                if (!S.bound) {
                    /* the reversed program from each end gives its leftmost start */
                    if (!vyre__vec_reserve(&set->A, &starts, ends.len) || !vyre__rvm_prepare_prog(&S.rvm, set->rinsts + pc->rinst0, set->cls, pc->rninst, 0,
                                                                                                          pc->has_first ? pc->rfirst : NULL, pc->ruse_first)) {
                        rc = VYRE__OOM(err, "regex start finder", (uint64_t)ends.len * 8u); break;
                    }
                    S.D = dc ? &dc->d[set->npat + pid] : &scratch;
                    rv = vyre__rs_rev_starts(&S, pc->rninst, E, ends.len, (uint64_t *)starts.data, ((const vyre__rwin *)wins.data)[0].a,
                                             4u * (uint64_t)n + 65536u);
                    vyre__rdc_after(dc, S.D);
                    if (rv == 2) { rc = VYRE__OOM(err, "regex start finder", (uint64_t)VYRE__RDFA_MAX_STATES * 2048u); break; }
                }
                if (rv == 0 && mode == VYRE_RE_ALL_MATCHES) {
                    const uint64_t *St = (const uint64_t *)starts.data;
                    for (q = 0; q < ends.len; q++)
                        if (E[q] >= min_end && E[q] <= max_end && emit(u, pid, St[q], E[q], NULL, 0)) { r = 1; break; }
                    continue;
                }
                /* the VMs run only around the ends: a match ending at e starts in [start(e), e - 1]
                   (or [e - L, e - 1] without the start finder) */
                wins.len = 0;
                if (rv == 0) {
                    const uint64_t *St = (const uint64_t *)starts.data;
                    if (!vyre__vec_reserve(&set->A, &dwins, ends.len)) { rc = VYRE__OOM(err, "regex windows", (uint64_t)ends.len * 16u); break; }
                    for (q = 0; q < ends.len; q++) { ((vyre__rwin *)dwins.data)[q].a = St[q]; ((vyre__rwin *)dwins.data)[q].b = E[q] - 1u; }
                    dwins.len = ends.len;
                    if (!vyre__msort(&set->A, dwins.data, dwins.len, sizeof(vyre__rwin), vyre__rwin_cmp, NULL)) { rc = VYRE__OOM(err, "regex windows", (uint64_t)ends.len * 16u); break; }
                    for (q = 0; q < dwins.len && rc == VYRE_OK; q++)
                        if (!vyre__rwin_push(&set->A, &wins, ((vyre__rwin *)dwins.data)[q].a, ((vyre__rwin *)dwins.data)[q].b)) rc = VYRE__OOM(err, "regex windows", (uint64_t)ends.len * 16u);
                } else if (pg->max_len != VYRE_RE_UNBOUNDED) {
                    uint64_t L = pg->max_len;
                    for (q = 0; q < ends.len && rc == VYRE_OK; q++)
                        if (!vyre__rwin_push(&set->A, &wins, E[q] > L ? E[q] - L : 0, E[q] - 1u)) rc = VYRE__OOM(err, "regex windows", (uint64_t)ends.len * 16u);
                } else {
                    /* the factor windows, rebuilt */
                    for (q = hi; q > 0 && hits[q - 1].pid == pid; q--) {}
                    for (; q < hi && rc == VYRE_OK; q++) {
                        uint64_t fs = hits[q].fs;
                        if (!vyre__rwin_push(&set->A, &wins, (pre == VYRE_RE_UNBOUNDED || fs < pre) ? 0 : fs - pre, fs)) rc = VYRE__OOM(err, "regex windows", 64);
                    }
                    if (!pg->nfactors && pc->run_k && rc == VYRE_OK && !vyre__rs_run_windows(&set->A, pc, h, n, &wins)) rc = VYRE__OOM(err, "regex windows", 64);
                    if (!pg->nfactors && !pc->run_k && rc == VYRE_OK && !vyre__rwin_push(&set->A, &wins, 0, n)) rc = VYRE__OOM(err, "regex windows", 64);
                }
                if (rc != VYRE_OK) break;
            }
        }
        if (!wins.len) continue;   /* no allowed start, no match: no VM scratch to prepare (a fixed cost per pattern and scan) */
        r = vyre__rs_pattern(&S, pid, (const vyre__rwin *)wins.data, wins.len);
        if (r == 2) rc = VYRE__OOM(err, "regex scan scratch", (uint64_t)pg->ninst * 64u);
    }
    vyre__rvm_free(&S.vm);
    vyre__rvm_free(&S.rvm);
    vyre_free(&set->A, S.ck);
    vyre_free(&set->A, S.ring);
    vyre_free(&set->A, wins.data);
    vyre_free(&set->A, dwins.data);
    vyre_free(&set->A, ends.data);
    vyre_free(&set->A, starts.data);
    vyre__rdc_give(set, dc);
    if (rc == VYRE_OK && r == 1) rc = VYRE_STOPPED;
    return rc;
}
/* The engine's internal entry point (for the engine switch): scan h[0, n) for
   every pattern and emit (pattern, start, end[, capture slots]) per match, in
   increasing end order per pattern, patterns in index order. Only matches with
   min_end <= end <= max_end are reported: a chunked caller passes the chunk
   with vyre_regex_set_history_bytes() bytes of history before it (min_end =
   history + 1) and at least one byte after it (max_end = the chunk's end), so
   that ^ \b $ see their real neighbours. Exact for ALL_MATCHES when the
   history covers the longest match; LEFTMOST_FIRST depends on where the
   previous match ended and needs the whole input (no chunking).
   Returns VYRE_OK, VYRE_STOPPED (emit returned non-zero) or an error. */
/* only: NULL, or the patterns to scan (only[pid] != 0; the others report nothing, and each
   pattern's matches do not depend on the others') */
static vyre_result vyre__re_scan_cpu_only(const vyre_regex_set *set, vyre_re_mode mode, uint64_t max_scan_bytes, const uint8_t *h, size_t n,
                                          uint64_t min_end, uint64_t max_end, const uint8_t *only, vyre__re_emit_fn emit, void *u, vyre_error *err) {
    vyre__vec hits;
    vyre_result rc = VYRE_OK;
    memset(&hits, 0, sizeof hits); hits.item = sizeof(vyre__rhit);
    /* 1. the literal factors, in blocks whose ends fit the u32 raw matches */
    if (set->lits && n) {
        vyre__view v;
        vyre__sink k;
        size_t B, block = (size_t)1 << 30, maxl;
        vyre__view_of_set(vyre__lit_of(set->lits), &v);
        maxl = v.max_len;
        for (B = 0; B < n && rc == VYRE_OK; B += block) {
            size_t E = n - B > block ? B + block : n, B0 = B > maxl ? B - maxl : 0, j;
            memset(&k, 0, sizeof k);
            k.mode = VYRE__SINK_MATCHES; k.A = &set->A; k.vec.item = sizeof(vyre_raw_match);
            if (v.tri) vyre__scan_tri(&v, h + B0, B - B0, E - B0, &k); else vyre__scan_prefilter(&v, h + B0, B - B0, E - B0, &k);
            if (k.failed || !vyre__vec_reserve(&set->A, &hits, hits.len + k.vec.len)) {
                rc = VYRE__OOM(err, "regex factor hits", (uint64_t)(hits.len + k.vec.len) * sizeof(vyre__rhit));
            } else {
                for (j = 0; j < k.vec.len; j++) {
                    const vyre_raw_match *rm = (const vyre_raw_match *)k.vec.data + j;
                    vyre__rhit *t;
                    if (only && !only[set->factor_pat[rm->pattern_id]]) continue;
                    t = (vyre__rhit *)hits.data + hits.len++;
                    t->pid = set->factor_pat[rm->pattern_id]; t->pad = 0;
                    t->fs = (uint64_t)rm->end + B0 - set->factors[rm->pattern_id].len;
                }
            }
            vyre_free(&set->A, k.vec.data);
        }
        if (rc == VYRE_OK && !vyre__rhit_sort(&set->A, &hits, set->npat))
            rc = VYRE__OOM(err, "regex factor hits (sort)", (uint64_t)hits.len * sizeof(vyre__rhit));
    }
    if (rc == VYRE_OK) rc = vyre__re_scan_cpu_hits(set, mode, max_scan_bytes, h, n, min_end, max_end, (const vyre__rhit *)hits.data, hits.len, only, emit, u, err);
    vyre_free(&set->A, hits.data);
    return rc;
}
static vyre_result vyre__re_scan_cpu(const vyre_regex_set *set, vyre_re_mode mode, uint64_t max_scan_bytes, const uint8_t *h, size_t n,
                                     uint64_t min_end, uint64_t max_end, vyre__re_emit_fn emit, void *u, vyre_error *err) {
    return vyre__re_scan_cpu_only(set, mode, max_scan_bytes, h, n, min_end, max_end, NULL, emit, u, err);
}
/* ---- >>re-compile: the public compile, info, serialization ---- */
VYREDEF void vyre_regex_set_free(vyre_regex_set *set) {
    vyre_allocator A;
    if (!set) return;
    A = set->A;
    vyre_literal_set_free(set->lits);
    vyre_free(&A, set->progs); vyre_free(&A, set->insts); vyre_free(&A, set->cls); vyre_free(&A, set->raw);
    vyre_free(&A, set->names); vyre_free(&A, set->factors); vyre_free(&A, set->factor_pat);
    vyre_free(&A, set->cpu); vyre_free(&A, set->rinsts);
    vyre__rdc_free(&A, set->dcache);
    vyre_free(&A, set);
}

#define VYRE__RE_FLAGS (VYRE_RE_CASELESS | VYRE_RE_DOTALL | VYRE_RE_MULTILINE | VYRE_RE_UNGREEDY)

VYREDEF vyre_result vyre_regex_set_compile(const vyre_regex *res, size_t count, const vyre_regex_desc *desc,
                                           vyre_regex_set **out, vyre_error *err) {
    vyre_allocator A;
    vyre_regex_desc d;
    vyre_regex_set *set = NULL;
    vyre__vec insts, cls, names, factors, raw, pinsts, rinsts, prinsts;
    vyre_result r;
    size_t i;
    uint64_t total_bytes;
    vyre__clear_error(err);
    if (!out) return VYRE__NULLARG(err, "out");
    *out = NULL;
    if (!res && count) return VYRE__NULLARG(err, "res");
    if ((r = vyre_allocator_resolve(desc ? &desc->allocator : NULL, &A, err)) != VYRE_OK) return r;
    if (desc) d = *desc; else memset(&d, 0, sizeof d);
    d.allocator = A;
    if (!d.max_patterns) d.max_patterns = VYRE_MAX_PATTERNS;
    if (!d.max_repeat) d.max_repeat = 1000;
    if (!d.max_insts) d.max_insts = 1u << 20;
    if (!d.max_depth) d.max_depth = 1000;
    if (!d.max_program_bytes) d.max_program_bytes = (uint64_t)1 << 30;
    if (d.flags & ~VYRE__RE_FLAGS)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: use only VYRE_RE_CASELESS, _DOTALL, _MULTILINE and _UNGREEDY in vyre_regex_desc.flags.",
                              "unknown regex flag bits 0x%x in vyre_regex_desc.flags", (unsigned)(d.flags & ~VYRE__RE_FLAGS));
    if (d.max_repeat > VYRE_RE_MAX_REPEAT)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: set vyre_regex_desc.max_repeat to at most VYRE_RE_MAX_REPEAT (100000).",
                              "vyre_regex_desc.max_repeat = %u is over the limit of %u", d.max_repeat, VYRE_RE_MAX_REPEAT);
    if (count == 0) return vyre_set_error(err, VYRE_ERR_EMPTY_SET, "Fix: pass at least one regex.", "cannot compile an empty regex set (0 patterns)");
    if (count > d.max_patterns || count > VYRE_MAX_PATTERNS)
        return vyre_set_error(err, VYRE_ERR_TOO_MANY_PATTERNS, "Fix: split the regexes into several sets or raise vyre_regex_desc.max_patterns.",
                              "%llu regexes is over the limit of %u", (unsigned long long)count, d.max_patterns < VYRE_MAX_PATTERNS ? d.max_patterns : VYRE_MAX_PATTERNS);
    for (i = 0; i < count; i++) {
        if (!res[i].pattern) { r = VYRE__NULLARG(err, "vyre_regex.pattern"); if (err) err->pattern_index = (uint32_t)i; return r; }
        if (res[i].flags & ~VYRE__RE_FLAGS) {
            r = vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: use only VYRE_RE_CASELESS, _DOTALL, _MULTILINE and _UNGREEDY in vyre_regex.flags.",
                               "regex %u: unknown flag bits 0x%x", (unsigned)i, (unsigned)(res[i].flags & ~VYRE__RE_FLAGS));
            if (err) err->pattern_index = (uint32_t)i;
            return r;
        }
    }
    set = (vyre_regex_set *)vyre__calloc(&A, 1, sizeof *set, "regex set", err);
    if (!set) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
    set->A = A; set->desc = d; set->npat = (uint32_t)count;
    set->progs = (vyre__rprog *)vyre__calloc(&A, count, sizeof(vyre__rprog), "regex programs", err);
    if (!set->progs) { vyre_free(&A, set); return err ? err->code : VYRE_ERR_OUT_OF_MEMORY; }
    memset(&insts, 0, sizeof insts); insts.item = sizeof(vyre__rinst);
    memset(&pinsts, 0, sizeof pinsts); pinsts.item = sizeof(vyre__rinst);
    memset(&rinsts, 0, sizeof rinsts); rinsts.item = sizeof(vyre__rinst);
    memset(&prinsts, 0, sizeof prinsts); prinsts.item = sizeof(vyre__rinst);
    set->cpu = (vyre__rcpu *)vyre__calloc(&A, count, sizeof(vyre__rcpu), "regex CPU programs", err);
    if (!set->cpu) { vyre_free(&A, set->progs); vyre_free(&A, set); return err ? err->code : VYRE_ERR_OUT_OF_MEMORY; }
    memset(&cls, 0, sizeof cls); cls.item = 32;
    memset(&names, 0, sizeof names); names.item = 8;
    memset(&factors, 0, sizeof factors); factors.item = sizeof(vyre__rfactor);
    memset(&raw, 0, sizeof raw); raw.item = 1;
    r = VYRE_OK;
    set->max_len = 0;
    /* pattern bytes first (names point into them) */
    for (i = 0; i < count && r == VYRE_OK; i++) {
        size_t len = res[i].len ? res[i].len : strlen(res[i].pattern);
        if (!vyre__vec_reserve(&A, &raw, raw.len + len + 1)) { r = VYRE__OOM(err, "regex pattern copy", raw.len + len + 1); break; }
        memcpy((uint8_t *)raw.data + raw.len, res[i].pattern, len);
        ((uint8_t *)raw.data)[raw.len + len] = 0;
        set->progs[i].pat_off = raw.len; set->progs[i].pat_len = len;
        set->progs[i].flags = res[i].flags | d.flags;
        raw.len += len + 1;
    }
    for (i = 0; i < count && r == VYRE_OK; i++) {
        vyre__rprog *pg = &set->progs[i];
        vyre__rp p;
        vyre__rcomp c;
        uint32_t root = 0, k;
        uint64_t mn, mx;
        memset(&p, 0, sizeof p);
        p.s = (const uint8_t *)raw.data + pg->pat_off; p.n = (size_t)pg->pat_len; p.A = &A; p.err = err; p.pidx = (uint32_t)i;
        p.nodes.item = sizeof(vyre__rn); p.cls.item = sizeof(vyre__rcls); p.names.item = 8;
        p.max_depth = d.max_depth; p.max_repeat = d.max_repeat;
        r = vyre__re_parse(&p, pg->flags, &root);
        if (r == VYRE_OK) {
            vyre__re_lens(&p, root, &mn, &mx);
            pg->min_len = mn == VYRE_RE_UNBOUNDED ? 0 : mn; pg->max_len = mx;
            pg->nullable = (uint32_t)vyre__re_nullable(&p, root);
            pg->ngroups = p.ncap;
            if (p.ncap > set->max_groups) set->max_groups = p.ncap;
            memset(&c, 0, sizeof c);
            c.p = &p; c.insts = &pinsts; c.max_insts = d.max_insts;
            pinsts.len = 0;
            vyre__rc_emit(&c, root);
            vyre__rc_put(&c, VYRE__RI_MATCH, 0, 0);
            if (p.rc == VYRE_OK && !c.over) {
                c.insts = &prinsts; c.rev = 1;
                prinsts.len = 0;
                vyre__rc_emit(&c, root);
                vyre__rc_put(&c, VYRE__RI_MATCH, 0, 0);
            }
            if (p.rc != VYRE_OK) r = p.rc;
            else if (c.over) {
                r = vyre_set_error(err, VYRE_ERR_REGEX_TOO_LARGE, "Fix: lower the repeat counts or split the regex, or raise vyre_regex_desc.max_insts.",
                                   "regex %u compiles to more than %u instructions (vyre_regex_desc.max_insts)", (unsigned)i, d.max_insts);
                if (err) err->pattern_index = (uint32_t)i;
            }
        }
        if (r == VYRE_OK) {
            /* classes and instructions into the set (class ids shifted) */
            uint64_t cls0 = cls.len;
            if (!vyre__vec_reserve(&A, &cls, cls.len + p.cls.len) || !vyre__vec_reserve(&A, &insts, insts.len + pinsts.len) ||
                !vyre__vec_reserve(&A, &rinsts, rinsts.len + prinsts.len) || !vyre__vec_reserve(&A, &names, names.len + p.names.len + 1)) {
                r = VYRE__OOM(err, "regex program", (uint64_t)(insts.len + pinsts.len) * sizeof(vyre__rinst));
            } else {
                if (p.cls.len) memcpy((uint8_t *)cls.data + cls.len * 32u, p.cls.data, p.cls.len * 32u);
                cls.len += p.cls.len;
                pg->inst0 = insts.len; pg->ninst = (uint32_t)pinsts.len;
                for (k = 0; k < pinsts.len; k++) {
                    vyre__rinst in = ((vyre__rinst *)pinsts.data)[k];
                    if (in.op == VYRE__RI_BYTE) in.x = (uint32_t)(in.x + cls0);
                    ((vyre__rinst *)insts.data)[insts.len++] = in;
                }
                set->cpu[i].rinst0 = rinsts.len; set->cpu[i].rninst = (uint32_t)prinsts.len;
                for (k = 0; k < prinsts.len; k++) {
                    vyre__rinst in = ((vyre__rinst *)prinsts.data)[k];
                    if (in.op == VYRE__RI_BYTE) in.x = (uint32_t)(in.x + cls0);
                    ((vyre__rinst *)rinsts.data)[rinsts.len++] = in;
                }
                pg->names0 = names.len;
                for (k = 0; k < p.names.len && r == VYRE_OK; k++) {
                    /* names are copied, NUL-terminated, after the patterns (p.s moves if raw grows) */
                    uint64_t o = ((uint64_t *)p.names.data)[k];
                    size_t nl = (size_t)(o & 0xFFFF), no = (size_t)(o >> 16);
                    if (!o) { ((uint64_t *)names.data)[names.len++] = 0; continue; }
                    if (!vyre__vec_reserve(&A, &raw, raw.len + nl + 1)) { r = VYRE__OOM(err, "regex group names", raw.len + nl + 1); break; }
                    memcpy((uint8_t *)raw.data + raw.len, (const uint8_t *)raw.data + pg->pat_off + no, nl);
                    ((uint8_t *)raw.data)[raw.len + nl] = 0;
                    ((uint64_t *)names.data)[names.len++] = ((uint64_t)raw.len << 16) | nl;
                    raw.len += nl + 1;
                }
                if (cls0 + p.cls.len > 0xFFFFFFFFull) r = vyre_set_error(err, VYRE_ERR_REGEX_TOO_LARGE, "Fix: split the regexes into several sets.", "more than 2^32 byte classes in one regex set");
            }
        }
        if (r == VYRE_OK && !pg->nullable) {
            vyre__fset f;
            vyre__f_req(&p, root, &f, 0);
            if (!(f.ok && f.n && vyre__f_minlen(&f) >= VYRE__F_MINLEN)) {
                vyre__frun fr;
                vyre__f_run(&p, root, &fr, 0);
                if (fr.ok && fr.pre != VYRE_RE_UNBOUNDED && vyre__f_run_score(&fr) >= 24.0) {
                    set->cpu[i].run_k = fr.k; set->cpu[i].run_pre = fr.pre;
                    memcpy(set->cpu[i].run_cls, fr.c.w, sizeof fr.c.w);
                }
            }
            if (f.ok && f.n && vyre__f_minlen(&f) >= VYRE__F_MINLEN) {
                pg->factor0 = (uint32_t)factors.len; pg->nfactors = f.n; pg->factor_pre = f.pre;
                set->cpu[i].pre_null = (uint32_t)f.pre_null;
                if (!vyre__vec_reserve(&A, &factors, factors.len + f.n) || !vyre__vec_reserve(&A, &raw, raw.len + (size_t)f.n * VYRE__F_MAXLEN)) {
                    r = VYRE__OOM(err, "regex factors", (uint64_t)f.n * VYRE__F_MAXLEN);
                } else {
                    for (k = 0; k < f.n; k++) {
                        vyre__rfactor *fa = (vyre__rfactor *)factors.data + factors.len++;
                        fa->off = raw.len; fa->len = f.s[k].len; fa->flags = f.s[k].fold ? VYRE_CASELESS : 0u;
                        memcpy((uint8_t *)raw.data + raw.len, f.s[k].b, f.s[k].len);
                        raw.len += f.s[k].len;
                    }
                    set->prefiltered++;
                }
            }
        }
        if (r == VYRE_OK && pg->max_len > set->max_len) set->max_len = pg->max_len;
        vyre_free(&A, p.nodes.data); vyre_free(&A, p.cls.data); vyre_free(&A, p.names.data);
    }
    vyre_free(&A, pinsts.data); vyre_free(&A, prinsts.data);
    set->insts = (vyre__rinst *)insts.data; set->ninst = insts.len;
    set->rinsts = (vyre__rinst *)rinsts.data; set->nrinst = rinsts.len;
    set->cls = (uint32_t *)cls.data; set->ncls = cls.len;
    set->names = (uint64_t *)names.data;
    if (r == VYRE_OK) { /* the first-byte tables of every program and reversed program, once (vyre__rvm_prepare_prog) */
        vyre__rvm tm; uint32_t pid;
        memset(&tm, 0, sizeof tm); tm.A = &A;
        for (pid = 0; pid < set->npat && r == VYRE_OK; pid++) {
            vyre__rcpu *pc = &set->cpu[pid]; const vyre__rprog *pg = &set->progs[pid];
            if (!pg->ninst) continue;
            if (!vyre__rvm_prepare_prog(&tm, set->insts + pg->inst0, set->cls, pg->ninst, 0, NULL, 0)) { r = VYRE__OOM(err, "regex first-byte tables", (uint64_t)pg->ninst * 64u); break; }
            memcpy(pc->first, tm.first, 256); pc->use_first = (uint32_t)tm.use_first;
            if (pc->rninst) {
                if (!vyre__rvm_prepare_prog(&tm, set->rinsts + pc->rinst0, set->cls, pc->rninst, 0, NULL, 0)) { r = VYRE__OOM(err, "regex first-byte tables", (uint64_t)pc->rninst * 64u); break; }
                memcpy(pc->rfirst, tm.first, 256); pc->ruse_first = (uint32_t)tm.use_first;
            }
            pc->has_first = 1;
        }
        vyre__rvm_free(&tm);
    }
    set->factors = (vyre__rfactor *)factors.data; set->nfactors = (uint32_t)factors.len;
    set->raw = (uint8_t *)raw.data; set->raw_len = raw.len;
    total_bytes = (uint64_t)set->ninst * sizeof(vyre__rinst) + set->ncls * 32u + set->raw_len;
    if (r == VYRE_OK && total_bytes > d.max_program_bytes)
        r = vyre_set_error(err, VYRE_ERR_REGEX_TOO_LARGE, "Fix: split the regexes into several sets or raise vyre_regex_desc.max_program_bytes.",
                           "regex set tables need %llu bytes, over the limit of %llu (vyre_regex_desc.max_program_bytes)",
                           (unsigned long long)total_bytes, (unsigned long long)d.max_program_bytes);
    if (r == VYRE_OK && set->nfactors) {
        vyre_literal *lits = (vyre_literal *)vyre__calloc(&A, set->nfactors, sizeof(vyre_literal), "regex factor literals", err);
        set->factor_pat = (uint32_t *)vyre__calloc(&A, set->nfactors, 4, "regex factor owners", err);
        if (!lits || !set->factor_pat) r = err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
        else {
            vyre_compile_desc cd;
            uint32_t pid, k;
            for (pid = 0; pid < set->npat; pid++)
                for (k = 0; k < set->progs[pid].nfactors; k++) set->factor_pat[set->progs[pid].factor0 + k] = pid;
            for (k = 0; k < set->nfactors; k++) {
                lits[k].bytes = set->raw + set->factors[k].off; lits[k].len = set->factors[k].len; lits[k].flags = set->factors[k].flags;
            }
            memset(&cd, 0, sizeof cd);
            cd.allocator = A;
            cd.form = VYRE_LIT_FORM_DFA; /* the factor scan below reads the DFA form's view */
            r = vyre_literal_set_compile(lits, set->nfactors, &cd, &set->lits, err);
        }
        vyre_free(&A, lits);
    }
    if (r != VYRE_OK) { vyre_regex_set_free(set); return r; }
    *out = set;
    return VYRE_OK;
}

VYREDEF vyre_result vyre_regex_set_get_info(const vyre_regex_set *set, vyre_regex_set_info *out) {
    if (!set || !out) return VYRE_ERR_INVALID_ARGUMENT;
    memset(out, 0, sizeof *out);
    out->pattern_count = set->npat; out->prefiltered = set->prefiltered; out->factor_count = set->nfactors;
    out->max_groups = set->max_groups; out->inst_count = set->ninst; out->class_count = set->ncls;
    out->max_match_len = set->max_len;
    out->table_bytes = set->ninst * sizeof(vyre__rinst) + set->ncls * 32u + set->raw_len + (uint64_t)set->npat * sizeof(vyre__rprog);
    return VYRE_OK;
}
VYREDEF vyre_result vyre_regex_set_pattern(const vyre_regex_set *set, uint32_t index, vyre_regex_pattern_info *out) {
    const vyre__rprog *pg;
    if (!set || !out || index >= set->npat) return VYRE_ERR_INVALID_ARGUMENT;
    pg = &set->progs[index];
    out->pattern = (const char *)set->raw + pg->pat_off; out->len = (size_t)pg->pat_len; out->flags = pg->flags;
    out->group_count = pg->ngroups; out->min_len = pg->min_len; out->max_len = pg->max_len;
    out->factor_count = pg->nfactors; out->nullable = pg->nullable;
    return VYRE_OK;
}
VYREDEF vyre_result vyre_regex_set_factors(const vyre_regex_set *set, uint32_t index, vyre_literal *out, size_t cap,
                                           size_t *count, vyre_error *err) {
    const vyre__rprog *pg;
    uint32_t k;
    vyre__clear_error(err);
    if (!set) return VYRE__NULLARG(err, "set");
    if (!count) return VYRE__NULLARG(err, "count");
    if (index >= set->npat)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass a pattern index below the set's pattern count.",
                              "pattern index %u is out of range (%u patterns)", index, set->npat);
    pg = &set->progs[index];
    *count = pg->nfactors;
    if (cap < pg->nfactors || (!out && pg->nfactors))
        return vyre_set_error(err, VYRE_ERR_OUTPUT_TOO_SMALL, "Fix: pass room for *count literals.",
                              "pattern %u has %u factors but the buffer holds %llu", index, pg->nfactors, (unsigned long long)cap);
    for (k = 0; k < pg->nfactors; k++) {
        const vyre__rfactor *f = &set->factors[pg->factor0 + k];
        out[k].bytes = set->raw + f->off; out[k].len = f->len; out[k].flags = f->flags;
    }
    return VYRE_OK;
}
VYREDEF const char *vyre_regex_set_group_name(const vyre_regex_set *set, uint32_t index, uint32_t group) {
    static const char *empty = "";
    const vyre__rprog *pg;
    uint64_t o;
    if (!set || index >= set->npat) return NULL;
    pg = &set->progs[index];
    if (group == 0 || group > pg->ngroups) return NULL;
    o = set->names[pg->names0 + group - 1];
    if (!o) return empty;
    return (const char *)set->raw + (o >> 16);
}
VYREDEF uint64_t vyre_regex_set_history_bytes(const vyre_regex_set *set) {
    if (!set) return 0;
    return set->max_len == VYRE_RE_UNBOUNDED ? VYRE_RE_UNBOUNDED : (set->max_len ? set->max_len - 1 : 0);
}

/* layout: "VYRERE\0\0" | u32 version | u32 pattern count | u64 payload bytes | u64 checksum (FNV-1a 64 over
   header bytes 0..24 and the payload) | payload: desc (flags, max_patterns, max_repeat, max_insts, max_depth
   u32; max_program_bytes u64), then per pattern u32 flags, u32 len, bytes */
#define VYRE__RSER_MAGIC "VYRERE\0"
#define VYRE__RSER_VERSION 1u
VYREDEF vyre_result vyre_regex_set_serialize(const vyre_regex_set *set, void *out, size_t cap, size_t *size, vyre_error *err) {
    size_t need = 32u + 28u, i;
    uint8_t *o = (uint8_t *)out, *w;
    uint64_t h;
    vyre__clear_error(err);
    if (!set) return VYRE__NULLARG(err, "set");
    if (!size) return VYRE__NULLARG(err, "size");
    for (i = 0; i < set->npat; i++) need += 8u + (size_t)set->progs[i].pat_len;
    *size = need;
    if (!out) return VYRE_OK;
    if (cap < need)
        return vyre_set_error(err, VYRE_ERR_OUTPUT_TOO_SMALL, "Fix: call with out == NULL first to get the size, then pass a buffer that large.",
                              "serialized regex set needs %llu bytes but the buffer holds %llu", (unsigned long long)need, (unsigned long long)cap);
    memset(o, 0, 32);
    memcpy(o, VYRE__RSER_MAGIC, 8);
    vyre__put32(o + 8, VYRE__RSER_VERSION);
    vyre__put32(o + 12, set->npat);
    vyre__put64(o + 16, (uint64_t)(need - 32u));
    w = o + 32;
    vyre__put32(w, set->desc.flags); vyre__put32(w + 4, set->desc.max_patterns); vyre__put32(w + 8, set->desc.max_repeat);
    vyre__put32(w + 12, set->desc.max_insts); vyre__put32(w + 16, set->desc.max_depth); vyre__put64(w + 20, set->desc.max_program_bytes);
    w += 28;
    for (i = 0; i < set->npat; i++) {
        const vyre__rprog *pg = &set->progs[i];
        vyre__put32(w, pg->flags & ~set->desc.flags); vyre__put32(w + 4, (uint32_t)pg->pat_len);
        memcpy(w + 8, set->raw + pg->pat_off, (size_t)pg->pat_len);
        w += 8 + (size_t)pg->pat_len;
    }
    h = vyre__fnv1a(0xcbf29ce484222325ull, o, 24);
    h = vyre__fnv1a(h, o + 32, need - 32u);
    vyre__put64(o + 24, h);
    return VYRE_OK;
}
VYREDEF vyre_result vyre_regex_set_deserialize(const void *data, size_t size, const vyre_allocator *allocator,
                                               vyre_regex_set **out, vyre_error *err) {
    const uint8_t *d = (const uint8_t *)data, *q, *end;
    static const char *fix = "Fix: pass the exact bytes vyre_regex_set_serialize wrote; re-serialize the set if the copy was damaged.";
    uint32_t ver, n, i;
    uint64_t payload, h;
    vyre_allocator A;
    vyre_regex_desc rd;
    vyre_regex *res;
    vyre_result r;
    vyre__clear_error(err);
    if (!out) return VYRE__NULLARG(err, "out");
    *out = NULL;
    if (!data && size) return VYRE__NULLARG(err, "data");
    if ((r = vyre_allocator_resolve(allocator, &A, err)) != VYRE_OK) return r;
    if (size < 32u + 28u)
        return vyre_set_error(err, VYRE_ERR_SERIAL_TRUNCATED, fix, "serialized regex set is %llu bytes, shorter than its %u-byte header", (unsigned long long)size, 60u);
    if (memcmp(d, VYRE__RSER_MAGIC, 8) != 0) return vyre_set_error(err, VYRE_ERR_SERIAL_CORRUPT, fix, "bad magic: not a serialized vyre regex set");
    ver = vyre__get32(d + 8);
    if (ver != VYRE__RSER_VERSION)
        return vyre_set_error(err, VYRE_ERR_SERIAL_VERSION, "Fix: re-serialize the set with this version of vyre.",
                              "serialized regex format version %u, this build reads version %u", ver, VYRE__RSER_VERSION);
    n = vyre__get32(d + 12);
    payload = vyre__get64(d + 16);
    if (payload > (uint64_t)(size - 32u))
        return vyre_set_error(err, VYRE_ERR_SERIAL_TRUNCATED, fix, "serialized regex set is truncated: header says %llu payload bytes, %llu present",
                              (unsigned long long)payload, (unsigned long long)(size - 32u));
    if (payload < (uint64_t)(size - 32u))
        return vyre_set_error(err, VYRE_ERR_SERIAL_CORRUPT, fix, "serialized regex set has %llu trailing bytes", (unsigned long long)((uint64_t)(size - 32u) - payload));
    h = vyre__fnv1a(0xcbf29ce484222325ull, d, 24);
    h = vyre__fnv1a(h, d + 32, (size_t)payload);
    if (h != vyre__get64(d + 24)) return vyre_set_error(err, VYRE_ERR_SERIAL_CORRUPT, fix, "checksum mismatch: the serialized regex set is corrupted");
    if (n == 0 || payload < 28u || (uint64_t)n * 8u > payload - 28u)
        return vyre_set_error(err, VYRE_ERR_SERIAL_CORRUPT, fix, "pattern count %u does not fit the %llu-byte payload", n, (unsigned long long)payload);
    q = d + 32;
    memset(&rd, 0, sizeof rd);
    rd.flags = vyre__get32(q); rd.max_patterns = vyre__get32(q + 4); rd.max_repeat = vyre__get32(q + 8);
    rd.max_insts = vyre__get32(q + 12); rd.max_depth = vyre__get32(q + 16); rd.max_program_bytes = vyre__get64(q + 20);
    rd.allocator = A;
    q += 28; end = d + 32 + payload;
    res = (vyre_regex *)vyre__calloc(&A, n, sizeof *res, "deserialized regexes", err);
    if (!res) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
    for (i = 0; i < n; i++) {
        uint32_t len;
        if ((size_t)(end - q) < 8) { vyre_free(&A, res); return vyre_set_error(err, VYRE_ERR_SERIAL_CORRUPT, fix, "regex %u header runs past the payload", i); }
        res[i].flags = vyre__get32(q); len = vyre__get32(q + 4); q += 8;
        if ((size_t)(end - q) < len) { vyre_free(&A, res); return vyre_set_error(err, VYRE_ERR_SERIAL_CORRUPT, fix, "regex %u (length %u) runs past the payload", i, len); }
        if (len == 0) { res[i].pattern = ""; res[i].len = 0; }
        else { res[i].pattern = (const char *)q; res[i].len = len; }
        if (len && memchr(q, 0, len) == NULL) { /* len == 0 means strlen: a pattern with no NUL is exact */ }
        q += len;
    }
    if (q != end) { vyre_free(&A, res); return vyre_set_error(err, VYRE_ERR_SERIAL_CORRUPT, fix, "payload has %llu unused bytes", (unsigned long long)(end - q)); }
    r = vyre_regex_set_compile(res, n, &rd, out, err);
    vyre_free(&A, res);
    if (r != VYRE_OK && r != VYRE_ERR_OUT_OF_MEMORY) {
        char m[sizeof err->message];
        if (err) { snprintf(m, sizeof m, "%s", err->message); vyre_set_error(err, VYRE_ERR_SERIAL_CORRUPT, fix, "serialized regex set holds invalid regexes: %s", m); }
        return VYRE_ERR_SERIAL_CORRUPT;
    }
    return r;
}

/* ---- >>re-cpu: public scan entry points ---- */
typedef struct vyre__rcoll {
    const vyre_allocator *A;
    vyre__vec m;                 /* vyre_re_match */
    vyre__vec g;                 /* vyre_span */
    int oom;
} vyre__rcoll;
static int vyre__rcoll_emit(void *u, uint32_t pid, uint64_t s, uint64_t e, const uint64_t *caps, uint32_t ng) {
    vyre__rcoll *c = (vyre__rcoll *)u;
    vyre_re_match *m;
    uint32_t k;
    if (!vyre__vec_reserve(c->A, &c->m, c->m.len + 1) || (ng && !vyre__vec_reserve(c->A, &c->g, c->g.len + ng))) { c->oom = 1; return 1; }
    m = (vyre_re_match *)c->m.data + c->m.len++;
    m->start = s; m->end = e; m->pattern_id = pid; m->group_count = ng; m->groups = c->g.len;
    for (k = 0; k < ng; k++) {
        vyre_span *sp = (vyre_span *)c->g.data + c->g.len++;
        if (caps[2 * k] == VYRE_RE_UNBOUNDED || caps[2 * k + 1] == VYRE_RE_UNBOUNDED) { sp->start = sp->end = VYRE_RE_NO_SPAN; }
        else { sp->start = caps[2 * k]; sp->end = caps[2 * k + 1]; }
    }
    return 0;
}
static int vyre__rmatch_cmp(const void *x, const void *y, const void *ctx) {
    const vyre_re_match *a = (const vyre_re_match *)x, *b = (const vyre_re_match *)y;
    (void)ctx;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    if (a->end != b->end) return a->end < b->end ? -1 : 1;
    if (a->pattern_id != b->pattern_id) return a->pattern_id < b->pattern_id ? -1 : 1;
    return 0;
}
static vyre_result vyre__regex_collect(const vyre_regex_set *set, const vyre_re_scan_desc *opts, const void *data, size_t len,
                                       vyre__rcoll *c, vyre_error *err) {
    vyre_re_mode mode = opts ? opts->mode : VYRE_RE_ALL_MATCHES;
    vyre_result r;
    memset(c, 0, sizeof *c);
    c->A = &set->A; c->m.item = sizeof(vyre_re_match); c->g.item = sizeof(vyre_span);
    if (mode != VYRE_RE_ALL_MATCHES && mode != VYRE_RE_LEFTMOST_FIRST)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: use VYRE_RE_ALL_MATCHES or VYRE_RE_LEFTMOST_FIRST.", "unknown vyre_re_scan_desc.mode %d", (int)mode);
    if (opts && (opts->threads || opts->flags))
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: leave vyre_re_scan_desc.threads and .flags zero (reserved).", "reserved vyre_re_scan_desc fields are set");
    if (!data && len) return VYRE__NULLARG(err, "data");
    r = vyre__re_scan_cpu(set, mode, opts ? opts->max_scan_bytes : 0, (const uint8_t *)data, len, 0, VYRE_RE_UNBOUNDED, vyre__rcoll_emit, c, err);
    if (c->oom) r = VYRE__OOM(err, "regex match list", (uint64_t)c->m.cap * sizeof(vyre_re_match));
    if (r == VYRE_OK && !vyre__msort(&set->A, c->m.data, c->m.len, sizeof(vyre_re_match), vyre__rmatch_cmp, NULL))
        r = VYRE__OOM(err, "regex match sort", (uint64_t)c->m.len * sizeof(vyre_re_match));
    if (r != VYRE_OK) { vyre_free(&set->A, c->m.data); vyre_free(&set->A, c->g.data); memset(&c->m, 0, sizeof c->m); memset(&c->g, 0, sizeof c->g); }
    return r;
}

VYREDEF vyre_result vyre_regex_scan(const vyre_regex_set *set, const vyre_re_scan_desc *opts, const void *data, size_t len,
                                    vyre_re_match *out, size_t cap, size_t *count,
                                    vyre_span *groups, size_t groups_cap, size_t *groups_count, vyre_error *err) {
    vyre__rcoll c;
    vyre_result r;
    size_t i, gi = 0;
    vyre__clear_error(err);
    if (count) *count = 0;
    if (groups_count) *groups_count = 0;
    if (!set) return VYRE__NULLARG(err, "set");
    if (!count) return VYRE__NULLARG(err, "count");
    if (!out && cap) return VYRE__NULLARG(err, "out");
    if (!groups && groups_cap) return VYRE__NULLARG(err, "groups");
    if ((r = vyre__regex_collect(set, opts, data, len, &c, err)) != VYRE_OK) return r;
    *count = c.m.len;
    if (groups_count) *groups_count = c.g.len;
    if (c.m.len > cap) {
        r = vyre_set_error(err, VYRE_ERR_MATCH_CAPACITY, "Fix: give a larger match buffer (the count needed is in *count).",
                           "%llu regex matches found but the buffer holds %llu", (unsigned long long)c.m.len, (unsigned long long)cap);
    } else if (c.g.len > groups_cap) {
        r = vyre_set_error(err, VYRE_ERR_OUTPUT_TOO_SMALL, "Fix: give a larger group-span buffer (the count needed is in *groups_count).",
                           "%llu capture-group spans found but the buffer holds %llu", (unsigned long long)c.g.len, (unsigned long long)groups_cap);
    } else if (c.g.len && !groups_count) {
        r = VYRE__NULLARG(err, "groups_count");
    } else {
        for (i = 0; i < c.m.len; i++) {
            const vyre_re_match *m = (const vyre_re_match *)c.m.data + i;
            out[i] = *m;
            out[i].groups = gi;
            if (m->group_count) memcpy(groups + gi, (const vyre_span *)c.g.data + m->groups, m->group_count * sizeof(vyre_span));
            gi += m->group_count;
        }
    }
    if (r != VYRE_OK && out && cap) memset(out, 0, (cap < c.m.len ? cap : c.m.len) * sizeof *out);
    vyre_free(&set->A, c.m.data); vyre_free(&set->A, c.g.data);
    return r;
}
VYREDEF vyre_result vyre_regex_scan_cb(const vyre_regex_set *set, const vyre_re_scan_desc *opts, const void *data, size_t len,
                                       vyre_re_match_cb cb, void *user, vyre_error *err) {
    vyre__rcoll c;
    vyre_result r;
    size_t i;
    vyre__clear_error(err);
    if (!set) return VYRE__NULLARG(err, "set");
    if (!cb) return VYRE__NULLARG(err, "cb");
    if ((r = vyre__regex_collect(set, opts, data, len, &c, err)) != VYRE_OK) return r;
    for (i = 0; i < c.m.len && r == VYRE_OK; i++) {
        vyre_re_match m = ((const vyre_re_match *)c.m.data)[i];
        const vyre_span *g = m.group_count ? (const vyre_span *)c.g.data + m.groups : NULL;
        m.groups = 0;
        if (cb(&m, g, user)) r = VYRE_STOPPED;
    }
    vyre_free(&set->A, c.m.data); vyre_free(&set->A, c.g.data);
    return r;
}

/* ---- >>re-engine: the regex kind's engine table (>>engines) ---- */
/* A pattern set of kind VYRE_SET_REGEX: a regex set (borrowed) and the scan
   options fixed for it. Its tables, for the GPU programs (>>kernels-nfa):
   0 the per-pattern programs (vyre__rprog), 1 the instructions
   (vyre__rinst), 2 the byte classes (8 u32 words each). */
typedef struct vyre__re_pset {
    vyre_pattern_set base;       /* kind VYRE_SET_REGEX, vyre__re_ops; first member */
    const vyre_regex_set *rs;
    vyre_re_scan_desc opts;
} vyre__re_pset;
static const vyre__re_pset *vyre__re_pcast(const vyre_pattern_set *set) { return (const vyre__re_pset *)(const void *)set; }
/* the longest reported match (the bound included) */
static uint64_t vyre__re_pwindow(const vyre__re_pset *P) {
    uint64_t w = P->rs->max_len;
    if (P->opts.max_scan_bytes && (w == VYRE_RE_UNBOUNDED || P->opts.max_scan_bytes < w)) w = P->opts.max_scan_bytes;
    return w;
}
/* history = the longest match + 1 byte in front, so that a match ending after
   a chunk join never starts at the first byte of the re-scanned data and
   ^ \b see the real byte before it. LEFTMOST_FIRST depends on where the
   previous match ended: no bounded history. */
static uint64_t vyre__re_history(const vyre_pattern_set *set) {
    const vyre__re_pset *P = vyre__re_pcast(set);
    if (P->opts.mode != VYRE_RE_ALL_MATCHES) return VYRE__HISTORY_UNBOUNDED;
    return vyre__re_pwindow(P) == VYRE_RE_UNBOUNDED ? VYRE__HISTORY_UNBOUNDED : vyre__re_pwindow(P);
}
static uint64_t vyre__re_match_start(const vyre_pattern_set *set, uint32_t id, uint64_t end) { (void)set; (void)id; (void)end; return UINT64_MAX; }
static void vyre__re_table(const vyre_pattern_set *set, uint32_t index, const void **data, size_t *bytes) {
    const vyre_regex_set *rs = vyre__re_pcast(set)->rs;
    switch (index) {
    case 0: *data = rs->progs; *bytes = (size_t)rs->npat * sizeof(vyre__rprog); break;
    case 1: *data = rs->insts; *bytes = (size_t)rs->ninst * sizeof(vyre__rinst); break;
    default: *data = rs->cls; *bytes = (size_t)rs->ncls * 32u; break;
    }
}
static vyre_result vyre__re_cpu_matches(const vyre_pattern_set *set, uint64_t bound, const uint8_t *h, size_t n, uint64_t min_end,
                                        uint64_t max_end, vyre__kind_emit_fn emit, void *u, vyre_error *err) {
    const vyre__re_pset *P = vyre__re_pcast(set);
    uint64_t b = P->opts.max_scan_bytes;
    if (bound && (!b || bound < b)) b = bound;
    return vyre__re_scan_cpu(P->rs, P->opts.mode, b, h, n, min_end, max_end, emit, u, err);
}
static void vyre__re_pfree(vyre_pattern_set *set) { vyre_allocator A = set->alloc; vyre_free(&A, set); }
static const vyre__engine_ops vyre__re_ops = {
    VYRE_SET_REGEX, "regex", VYRE_KERNELS_COMMON | VYRE_KERNELS_NFA,
    vyre__re_history, vyre__re_match_start,
    3u, vyre__re_table,
    {VYRE_PROGRAM_RE_MATCHES, NULL, NULL}, /* GPU programs (>>kernels-nfa), run where VYRE_CAP_REGEX is promised */
    NULL, NULL, NULL,            /* no raw-record CPU engine: cpu_matches below */
    vyre__re_pfree,
    vyre__re_cpu_matches, VYRE_CAP_REGEX,
};
VYREDEF vyre_result vyre_regex_set_as_pattern_set(const vyre_regex_set *set, const vyre_re_scan_desc *opts,
                                                  vyre_pattern_set **out, vyre_error *err) {
    vyre__re_pset *P;
    vyre__clear_error(err);
    if (!out) return VYRE__NULLARG(err, "out");
    *out = NULL;
    if (!set) return VYRE__NULLARG(err, "set");
    if (opts && opts->mode != VYRE_RE_ALL_MATCHES && opts->mode != VYRE_RE_LEFTMOST_FIRST)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: use VYRE_RE_ALL_MATCHES or VYRE_RE_LEFTMOST_FIRST.", "unknown vyre_re_scan_desc.mode %d", (int)opts->mode);
    if (opts && (opts->threads || opts->flags))
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: leave vyre_re_scan_desc.threads and .flags zero (reserved).", "reserved vyre_re_scan_desc fields are set");
    P = (vyre__re_pset *)vyre__calloc(&set->A, 1, sizeof *P, "regex pattern set", err);
    if (!P) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
    P->base.kind = VYRE_SET_REGEX; P->base.ops = &vyre__re_ops; P->base.pattern_count = set->npat; P->base.alloc = set->A;
    P->rs = set;
    if (opts) P->opts = *opts;
    *out = &P->base;
    return VYRE_OK;
}
VYREDEF const vyre_regex_set *vyre_pattern_set_regex(const vyre_pattern_set *set, vyre_re_scan_desc *opts) {
    if (!set || set->kind != VYRE_SET_REGEX) return NULL;
    if (opts) *opts = vyre__re_pcast(set)->opts;
    return vyre__re_pcast(set)->rs;
}
#endif /* VYRE_NO_REGEX */

#if !defined(VYRE_NO_REGEX) /* >>re-layout, >>re-gpu */
/* ==================================================================== */
/* >>re-layout: a regex set as the GPU confirm kernel reads it          */
/* ==================================================================== */
/* Per pattern, a bit-parallel position NFA (Glushkov-style) derived from the
   Pike-VM program (>>re-compile). States are the program's BYTE, ASSERT and
   MATCH instructions, numbered in program order, so consecutive BYTEs of a
   concatenation are consecutive bits. A set of live states is W = ceil(states
   / 32) u32 words (bit i of word i >> 5).

   follow(i) = the states reached from instruction pc(i) + 1 through JMP,
   SPLIT and SAVE (stopping at BYTE, ASSERT, MATCH). One byte c is consumed by
       X  = D & CLASS[class(c)]                 (BYTE states whose class has c)
       D' = ((X << 1) & LIN)                    (the shift-and part: i -> i+1)
            | OR of GROUP_FOLLOW[g] over the groups g with X & GROUP_MEMBERS[g] != 0
   where LIN bit j means j is in follow(j-1) and the groups collect the BYTE
   states with the same remaining follow set (follow(i) minus the shift edge).
   Empty-width tests (^ $ \A \z \b \B, VYRE__RA_*) are states too: at a
   position p, once h[p-1] and h[p] are known, every live ASSERT state whose
   test holds adds its own follow set (repeated until no new ASSERT state
   turns live; each is tested once per position), then all ASSERT bits are
   cleared. A live MATCH bit after that means a match ends at p. INIT is
   follow of the program start (pc 0).

   One u32 array (binding 1 of vyre_re_confirm), little-endian words:
     [0] VYRE__RL_MAGIC, [1] patterns P, [2] total words, [3] largest W,
     [4..7] 0, then P records of VYRE__RL_REC words at 8 + 16 * pid:
       W, states, match state, max_len (0xFFFFFFFF = unbounded or >= 2^32),
       off_bytemap, off_class, off_init, off_lin, off_assert_mask,
       groups G, off_groups, asserts A, off_asserts, byte classes,
       run_k, off_run (a pattern without literal factors whose every match
       holds run_k consecutive bytes of one class, vyre__rcpu.run_k; else 0, 0)
     and at the offsets (word indices into the same array):
       bytemap   64 words: 256 u8 byte-class ids (byte c in byte c & 3 of word c >> 2)
       class     classes * W words
       init, lin, assert_mask   W words each
       groups    G * 2W words: members, follow; then G words: the word
                 ranges that are not zero, members lo | hi << 8, follow
                 lo << 16 | hi << 24 (a step reads only those words)
       asserts   A * (2 + W) words: state, kind (VYRE__RA_*), follow
       run       9 words (when run_k != 0): the run class as a 256-bit byte
                 set, then run_pre (a match starts at most run_pre bytes
                 before its run; 0xFFFFFFFF: anywhere before it)
   Limit: W <= VYRE_RE_GPU_MAX_WORDS (32: 1024 states) per pattern; a larger
   pattern is VYRE_ERR_REGEX_TOO_LARGE from vyre__re_layout_build naming the
   pattern and its state count (the CPU engine, vyre_regex_scan, has no such
   limit). */
#define VYRE_RE_GPU_MAX_WORDS 32u
#define VYRE__RL_MAGIC 0x314E5256u   /* "VRN1" */
#define VYRE__RL_REC 16u
#define VYRE__RL_HDR 8u

typedef struct vyre__rlb {
    const vyre_allocator *A;
    const vyre_regex_set *set;
    const vyre__rinst *I;
    uint32_t ninst, nst, W;
    uint32_t *sidx;              /* pc -> state index or VYRE__RE_NONE */
    uint32_t *spc;               /* state -> pc */
    uint32_t *stack;
    uint8_t *seen;
} vyre__rlb;

/* out[W] = the states reached from pc through JMP / SPLIT / SAVE */
static void vyre__rl_closure(vyre__rlb *L, uint32_t pc0, uint32_t *out) {
    uint32_t sp = 0;
    memset(out, 0, (size_t)L->W * 4u);
    memset(L->seen, 0, L->ninst);
    L->stack[sp++] = pc0;
    while (sp) {
        uint32_t pc = L->stack[--sp];
        while (pc < L->ninst && !L->seen[pc]) {
            const vyre__rinst *in = &L->I[pc];
            L->seen[pc] = 1;
            if (in->op == VYRE__RI_JMP) { pc = in->x; continue; }
            if (in->op == VYRE__RI_SPLIT) { L->stack[sp++] = in->y; pc = in->x; continue; }
            if (in->op == VYRE__RI_SAVE) { pc++; continue; }
            out[L->sidx[pc] >> 5] |= 1u << (L->sidx[pc] & 31u);
            break;
        }
    }
}

/* Build the layout of every pattern of `set`: *out (words, VYRE_FREE'd by the
   caller through set->A) and *nwords. Errors: VYRE_ERR_REGEX_TOO_LARGE (a
   pattern over the limits above, pattern_index set), VYRE_ERR_OUT_OF_MEMORY. */
static vyre_result vyre__re_layout_build(const vyre_regex_set *set, uint32_t **out, size_t *nwords, vyre_error *err) {
    const vyre_allocator *A = &set->A;
    vyre__vec o;
    vyre__rlb L;
    uint32_t pid, maxw = 0;
    vyre_result r = VYRE_OK;
    uint32_t *tmp = NULL, *fol = NULL, *cls = NULL;
    size_t k;
    *out = NULL; *nwords = 0;
    memset(&o, 0, sizeof o); o.item = 4;
    memset(&L, 0, sizeof L);
    L.A = A; L.set = set;
#define VYRE__RL_PUT(v) do { if (!vyre__vec_reserve(A, &o, o.len + 1)) goto oom; ((uint32_t *)o.data)[o.len++] = (uint32_t)(v); } while (0)
#define VYRE__RL_W(i) (((uint32_t *)o.data)[(i)])
    for (k = 0; k < VYRE__RL_HDR + (size_t)VYRE__RL_REC * set->npat; k++) VYRE__RL_PUT(0);
    for (pid = 0; pid < set->npat && r == VYRE_OK; pid++) {
        const vyre__rprog *pg = &set->progs[pid];
        uint32_t pc, i, W, nst = 0, nbc = 0, G = 0, na = 0, w, b, matchst = VYRE__RE_NONE;
        size_t rec = VYRE__RL_HDR + (size_t)VYRE__RL_REC * pid, off_bm, off_cls, off_init, off_lin, off_am, off_grp, off_as;
        uint8_t bmap[256];
        L.I = set->insts + pg->inst0; L.ninst = pg->ninst;
        vyre_free(A, L.sidx); vyre_free(A, L.spc); vyre_free(A, L.stack); vyre_free(A, L.seen);
        L.sidx = (uint32_t *)vyre_alloc(A, ((size_t)L.ninst + 1) * 4u);
        L.spc = (uint32_t *)vyre_alloc(A, ((size_t)L.ninst + 1) * 4u);
        L.stack = (uint32_t *)vyre_alloc(A, ((size_t)L.ninst + 2) * 4u);
        L.seen = (uint8_t *)vyre_alloc(A, (size_t)L.ninst + 1);
        if (!L.sidx || !L.spc || !L.stack || !L.seen) goto oom;
        for (pc = 0; pc < L.ninst; pc++) {
            uint32_t op = L.I[pc].op;
            L.sidx[pc] = VYRE__RE_NONE;
            if (op == VYRE__RI_BYTE || op == VYRE__RI_ASSERT || op == VYRE__RI_MATCH) {
                if (op == VYRE__RI_ASSERT) na++;
                if (op == VYRE__RI_MATCH) matchst = nst;
                L.spc[nst] = pc; L.sidx[pc] = nst++;
            }
        }
        W = (nst + 31u) / 32u;
        if (W > VYRE_RE_GPU_MAX_WORDS || matchst == VYRE__RE_NONE) {
            r = vyre_set_error(err, VYRE_ERR_REGEX_TOO_LARGE,
                               "Fix: lower the repeat counts of this regex (or split it), or scan the set with the CPU engine (vyre_regex_scan).",
                               "regex %u has %u NFA states; the GPU layout holds at most %u states per pattern",
                               (unsigned)pid, (unsigned)nst, VYRE_RE_GPU_MAX_WORDS * 32u);
            if (err) err->pattern_index = pid;
            break;
        }
        if (W > maxw) maxw = W;
        L.nst = nst; L.W = W;
        vyre_free(A, tmp); vyre_free(A, fol); vyre_free(A, cls);
        tmp = (uint32_t *)vyre_alloc(A, (size_t)W * 4u);
        fol = (uint32_t *)vyre_alloc(A, (size_t)nst * W * 4u);     /* residual follow per state */
        cls = (uint32_t *)vyre_alloc(A, (size_t)256 * W * 4u);     /* column per byte */
        if (!tmp || !fol || !cls) goto oom;
        /* byte columns, then byte classes (bytes with equal columns) */
        memset(cls, 0, (size_t)256 * W * 4u);
        for (i = 0; i < nst; i++) {
            const vyre__rinst *in = &L.I[L.spc[i]];
            if (in->op != VYRE__RI_BYTE) continue;
            for (b = 0; b < 256; b++) if (VYRE__RCLS_HAS(set->cls, in->x, b)) cls[(size_t)b * W + (i >> 5)] |= 1u << (i & 31u);
        }
        off_bm = o.len;
        for (b = 0; b < 256; b++) {
            uint32_t c2;
            for (c2 = 0; c2 < b; c2++) if (memcmp(cls + (size_t)b * W, cls + (size_t)c2 * W, (size_t)W * 4u) == 0) break;
            bmap[b] = c2 < b ? bmap[c2] : (uint8_t)nbc++;
        }
        for (w = 0; w < 64; w++) VYRE__RL_PUT((uint32_t)bmap[4 * w] | (uint32_t)bmap[4 * w + 1] << 8 | (uint32_t)bmap[4 * w + 2] << 16 | (uint32_t)bmap[4 * w + 3] << 24);
        off_cls = o.len;
        {
            uint32_t c, done = 0;
            for (c = 0; c < nbc; c++)
                for (b = 0; b < 256; b++)
                    if (bmap[b] == c) { for (w = 0; w < W; w++) VYRE__RL_PUT(cls[(size_t)b * W + w]); done++; break; }
            (void)done;
        }
        off_init = o.len;
        vyre__rl_closure(&L, 0, tmp);
        for (w = 0; w < W; w++) VYRE__RL_PUT(tmp[w]);
        /* follow sets, the shift edges, residuals */
        off_lin = o.len;
        for (w = 0; w < W; w++) VYRE__RL_PUT(0);
        for (i = 0; i < nst; i++) {
            uint32_t *f = fol + (size_t)i * W;
            memset(f, 0, (size_t)W * 4u);
            if (L.I[L.spc[i]].op != VYRE__RI_BYTE) continue;
            vyre__rl_closure(&L, L.spc[i] + 1u, f);
            if (i + 1u < nst && ((f[(i + 1u) >> 5] >> ((i + 1u) & 31u)) & 1u)) {
                VYRE__RL_W(off_lin + ((i + 1u) >> 5)) |= 1u << ((i + 1u) & 31u);
                f[(i + 1u) >> 5] &= ~(1u << ((i + 1u) & 31u));
            }
        }
        off_am = o.len;
        for (w = 0; w < W; w++) VYRE__RL_PUT(0);
        for (i = 0; i < nst; i++) if (L.I[L.spc[i]].op == VYRE__RI_ASSERT) VYRE__RL_W(off_am + (i >> 5)) |= 1u << (i & 31u);
        /* groups: BYTE states with the same non-empty residual follow set */
        off_grp = o.len;
        for (i = 0; i < nst; i++) {
            uint32_t *f = fol + (size_t)i * W, j, any = 0, g;
            if (L.I[L.spc[i]].op != VYRE__RI_BYTE) continue;
            for (w = 0; w < W; w++) any |= f[w];
            if (!any) continue;
            for (j = 0; j < i; j++) if (L.I[L.spc[j]].op == VYRE__RI_BYTE && memcmp(f, fol + (size_t)j * W, (size_t)W * 4u) == 0) break;
            if (j < i) {   /* join j's group: find it by its follow set */
                for (g = 0; g < G; g++) if (memcmp(&VYRE__RL_W(off_grp + (size_t)g * 2u * W + W), f, (size_t)W * 4u) == 0) break;
                VYRE__RL_W(off_grp + (size_t)g * 2u * W + (i >> 5)) |= 1u << (i & 31u);
                continue;
            }
            for (w = 0; w < W; w++) VYRE__RL_PUT(w == (i >> 5) ? 1u << (i & 31u) : 0u);
            for (w = 0; w < W; w++) VYRE__RL_PUT(f[w]);
            G++;
        }
        /* each group's word ranges: members lo, hi, follow lo, hi (a byte each), so a step reads only those */
        for (k = 0; k < G; k++) {
            uint32_t mlo = W, mhi = 0, flo = W, fhi = 0;
            for (w = 0; w < W; w++) {
                if (VYRE__RL_W(off_grp + k * 2u * W + w)) { if (w < mlo) mlo = w; mhi = w; }
                if (VYRE__RL_W(off_grp + k * 2u * W + W + w)) { if (w < flo) flo = w; fhi = w; }
            }
            if (mlo > mhi) { mlo = 1; mhi = 0; }   /* no word (cannot happen): an empty loop */
            if (flo > fhi) { flo = 1; fhi = 0; }
            VYRE__RL_PUT(mlo | mhi << 8 | flo << 16 | fhi << 24);
        }
        off_as = o.len;
        for (i = 0; i < nst; i++) {
            const vyre__rinst *in = &L.I[L.spc[i]];
            if (in->op != VYRE__RI_ASSERT) continue;
            VYRE__RL_PUT(i); VYRE__RL_PUT(in->x);
            vyre__rl_closure(&L, L.spc[i] + 1u, tmp);
            for (w = 0; w < W; w++) VYRE__RL_PUT(tmp[w]);
        }
        VYRE__RL_W(rec + 0) = W; VYRE__RL_W(rec + 1) = nst; VYRE__RL_W(rec + 2) = matchst;
        VYRE__RL_W(rec + 3) = pg->max_len >= 0xFFFFFFFFull ? 0xFFFFFFFFu : (uint32_t)pg->max_len;
        VYRE__RL_W(rec + 4) = (uint32_t)off_bm; VYRE__RL_W(rec + 5) = (uint32_t)off_cls; VYRE__RL_W(rec + 6) = (uint32_t)off_init;
        VYRE__RL_W(rec + 7) = (uint32_t)off_lin; VYRE__RL_W(rec + 8) = (uint32_t)off_am; VYRE__RL_W(rec + 9) = G;
        VYRE__RL_W(rec + 10) = (uint32_t)off_grp; VYRE__RL_W(rec + 11) = na; VYRE__RL_W(rec + 12) = (uint32_t)off_as;
        VYRE__RL_W(rec + 13) = nbc;
        if (!pg->nfactors && set->cpu[pid].run_k) {   /* the class run every match holds (kernels.inc vk_re_runs) */
            size_t off_run = o.len;
            for (w = 0; w < 8; w++) VYRE__RL_PUT(set->cpu[pid].run_cls[w]);
            VYRE__RL_PUT(set->cpu[pid].run_pre >= 0xFFFFFFFFull ? 0xFFFFFFFFu : (uint32_t)set->cpu[pid].run_pre);
            VYRE__RL_W(rec + 14) = set->cpu[pid].run_k; VYRE__RL_W(rec + 15) = (uint32_t)off_run;
        }
        if (o.len > 0xFFFFFFF0u) {
            r = vyre_set_error(err, VYRE_ERR_REGEX_TOO_LARGE, "Fix: split the regexes into several sets.",
                               "the GPU layout of the regex set is over 2^32 words (at pattern %u)", (unsigned)pid);
            break;
        }
    }
    if (r == VYRE_OK) {
        VYRE__RL_W(0) = VYRE__RL_MAGIC; VYRE__RL_W(1) = set->npat; VYRE__RL_W(2) = (uint32_t)o.len; VYRE__RL_W(3) = maxw;
    }
    goto done;
oom:
    r = VYRE__OOM(err, "regex GPU layout", (uint64_t)(o.len + 1) * 4u);
done:
    vyre_free(A, tmp); vyre_free(A, fol); vyre_free(A, cls);
    vyre_free(A, L.sidx); vyre_free(A, L.spc); vyre_free(A, L.stack); vyre_free(A, L.seen);
    if (r != VYRE_OK) { vyre_free(A, o.data); return r; }
    *out = (uint32_t *)o.data; *nwords = o.len;
    return VYRE_OK;
#undef VYRE__RL_PUT
#undef VYRE__RL_W
}

/* ==================================================================== */
/* >>re-gpu: the regex set on a GPU backend (host side of >>kernels-nfa) */
/* ==================================================================== */
/* INTERFACE for the engine switch and the resident rule session (the
   VYRE_SET_REGEX kind's GPU programs). Any backend with resident buffers
   and the program VYRE_PROGRAM_RE_CONFIRM (CUDA, OpenCL) runs it:

     vyre__re_gpu_open(b, set, &g, err)      uploads the layout (>>re-layout)
                                             and the factor literal tables ONCE
     vyre__re_gpu_scan(g, hay, data, n, mode, max_scan_bytes, max_hits,
                       emit, user, err)      one scan: every match of h[0, n)
                                             to emit(user, pid, start, end,
                                             caps, ngroups), per pattern in
                                             increasing end order, patterns in
                                             index order (vyre__re_scan_cpu's
                                             contract with min_end = 0,
                                             max_end = n)
     vyre__re_gpu_close(g, err)              frees every buffer, first error

   hay: a resident buffer of >= n bytes rounded up to 16 that already holds
   the haystack (the session's), or 0: the bytes `data` are uploaded into
   g's own haystack buffer. data must be the same bytes in host memory in
   VYRE_RE_LEFTMOST_FIRST mode (spans are computed there), may be NULL in
   ALL_MATCHES mode when hay != 0. n < 2^32 - 1 per scan.
   max_hits: capacity of the device hit buffer in triples; 0 = grow as needed
   (the confirm step is re-run with room for the count reported). A count
   over a non-zero max_hits is VYRE_ERR_MATCH_CAPACITY naming the count and
   nothing is emitted.

   One scan (docs/regex.md "GPU"):
     1. factors: vyre_lit_matches over the haystack with the factor set's
        tables (the literal kernels); the raw hits come back (count first, the
        list re-dispatched with room when it did not fit);
     2. host: each factor occurrence at fs allows starts in [fs - pre, fs]
        (pre clamped to max_scan_bytes), merged per pattern as the CPU engine
        merges them. A pattern without factors whose every match holds a
        run of k bytes of one class (vyre__rcpu.run_k; the layout's run
        block) gets its allowed starts from run windows (step 1b: one
        vyre_re_confirm launch of run tasks, kernels.inc vk_re_runs: each
        maximal run [r0, r1) of >= k class bytes allows [r0 - run_pre,
        r1 - k], the CPU engine's vyre__rs_run_windows); any other pattern
        without factors allows every start. The
        allowed starts are cut into tasks of about VYRE__RG_CHUNK positions;
        a task of a pattern with a bounded longest match L reports the ends
        in its own range (X_t, X_t+1] and carries the allowed starts from
        X_t + 1 - L, so every end is reported by exactly one task. Patterns
        with an unbounded longest match (and no max_scan_bytes) carry
        VYRE__RG_CARRY starts instead of L; a task that sees one thread live
        for longer than its carry flags the pattern (any thread that outlives
        the carry is seen by the task owning the end where it turns carry - 1
        bytes old, since that task carries its start);
     3b. the flagged patterns' chunked results are dropped and the CPU engine
        finishes them over the same factor occurrences (vyre__re_scan_cpu_hits:
        lazy-DFA end finder, reversed start finder), one host thread per
        pattern (g->pool), from the caller's bytes or the resident haystack
        downloaded into kept host staging memory (g->hostbuf). On the H200
        that is 3 of the 221 gitleaks rules on 1 GiB of /usr/lib (163, the
        private-key rule, `[\s\S-]{64,}?` past its first header; 40 and 41,
        curl's `.*` over long lines): about 0.45 s, where one GPU thread per
        pattern did not finish in 150 s. g->seq_on_device = 1 reruns each as
        one sequential device task instead (tests keep that path covered);
     3. vyre_re_confirm, one work-item per task: the bit-parallel NFA sweeps
        the task's allowed starts (jumping over gaps while no state is live);
        at each end e it finds the leftmost start by anchored runs from the
        allowed starts in [e - L, e - 1] in ascending order (only for
        confirmed ends: the price of starts is paid per match), and appends
        (pattern, start, end) to the hit buffer (u32 counter, saturation
        flag, triples);
     4. ALL_MATCHES: the triples, sorted per pattern by end, are the result.
        LEFTMOST_FIRST: every non-empty leftmost-first match [s, e) lies in
        the ALL_MATCHES interval [s0, e) reported at its end (s0 <= s), so
        the union of those intervals per pattern holds every match; the CPU
        engine's Go FindAllIndex loop (vyre__rs_first, capture spans) then
        runs with starts allowed only inside them, cut to the pattern's
        factor windows (every match starts in one). Patterns that can match
        the empty string have empty matches anywhere; in LEFTMOST_FIRST they
        run that loop over the whole input on the host (documented).
   Thread safety: one vyre__re_gpu per thread (it owns buffers of one backend). */
#define VYRE__RG_CHUNK 16384u   /* H200, 1 GiB, 221 gitleaks rules: confirm pass 0 232.6 ms at 65536, 165.8 at 16384, 167.8 at 4096 */
#define VYRE__RG_TASK_WORDS 8u
#define VYRE__RG_CARRY 16384u   /* allowed starts carried into a task of a pattern with an unbounded longest match */
#define VYRE__RG_RUNCHUNK 16384u /* starts per run task (the run windows of a pattern without factors) */

typedef struct vyre__re_gpu {
    vyre_backend *b;
    const vyre_regex_set *set;
    vyre_buffer nfa;
    vyre_buffer lit[VYRE_LT_COUNT];
    vyre_buffer hay, lit_ctr, lit_out, tasks, wins, hits;
    size_t hay_cap, lit_ctr_cap, lit_cap, tasks_cap, wins_cap, hits_cap;   /* bytes */
    uint32_t *maxlen;            /* per pattern, from the layout */
    uint64_t launches;           /* confirm dispatches (tests) */
    uint64_t chunk;              /* allowed starts per task, default VYRE__RG_CHUNK (tests set small ones) */
    uint64_t carry;              /* carry of unbounded patterns, default VYRE__RG_CARRY (tests set small ones) */
    /* the last scan, for benchmarks: factor occurrences, tasks, windows, matches (device triples), and the host
       time of its steps (1 factors on the device incl. download, 2 windows and tasks, 3 confirm incl. uploads and
       download, 4 results incl. the host span step of LEFTMOST_FIRST) */
    uint64_t last_factor_hits, last_tasks, last_windows, last_triples, last_sequential;
    uint64_t label_sweeps;   /* confirm launches in which some task entered label mode (flag 4) */
    uint64_t last_ns[5];     /* [4]: the run windows (step 1b), launch and download */
    uint64_t last_run_windows;   /* run windows found by step 1b (before merging) */
    uint32_t nrun;           /* patterns with run windows (no factor, a class run: layout words 14, 15) */
    uint32_t only_pid;       /* benchmarks: 0 = every pattern, else only pattern only_pid - 1 */
    uint64_t runchunk;       /* starts per run task, default VYRE__RG_RUNCHUNK (tests set small ones) */
    uint64_t last_run_tasks; /* run tasks of the last scan */
    uint64_t last_pass_ns[2];    /* confirm time of pass 0 (chunked) and pass 1 (the flagged patterns again) */
    uint32_t last_seq_pid[8];    /* the first flagged patterns of the last scan (last_sequential of them in all) */
    int seq_on_device;           /* 1: flagged patterns rerun as one sequential device task each (tests), 0: on the host */
    vyre_worker_pool *pool;      /* step 3b's host threads (one flagged pattern each), made on first need */
    uint32_t host_threads;       /* their number incl. the caller; 0 = the host's cores, at most 16 */
    uint8_t *hostbuf;            /* step 3b's copy of a resident haystack (the backend's staging memory), kept */
    size_t hostbuf_cap;
} vyre__re_gpu;

static vyre_result vyre__rg_ensure(vyre__re_gpu *g, vyre_buffer *buf, size_t *cap, size_t need, vyre_error *err) {
    vyre_result r;
    if (need == 0) need = 16;
    need = (need + 15u) & ~(size_t)15u;
    if (*buf && *cap >= need) return VYRE_OK;
    if (*buf) { r = vyre_buffer_free(g->b, *buf, err); *buf = 0; *cap = 0; if (r != VYRE_OK) return r; }
    if ((r = vyre_buffer_alloc(g->b, need, buf, err)) != VYRE_OK) { *buf = 0; return r; }
    *cap = need;
    return VYRE_OK;
}

static vyre_result vyre__re_gpu_close(vyre__re_gpu *g, vyre_error *err) {
    vyre_result first = VYRE_OK, r;
    vyre_buffer *all[6 + VYRE_LT_COUNT];
    size_t i, n = 0;
    if (!g) return VYRE_OK;
    all[n++] = &g->nfa; all[n++] = &g->hay; all[n++] = &g->lit_ctr; all[n++] = &g->lit_out; all[n++] = &g->tasks; all[n++] = &g->wins;
    for (i = 0; i < VYRE_LT_COUNT; i++) all[n++] = &g->lit[i];
    for (i = 0; i < n; i++)
        if (*all[i]) { r = vyre_buffer_free(g->b, *all[i], first == VYRE_OK ? err : NULL); if (r != VYRE_OK && first == VYRE_OK) first = r; *all[i] = 0; }
    if (g->hits) { r = vyre_buffer_free(g->b, g->hits, first == VYRE_OK ? err : NULL); if (r != VYRE_OK && first == VYRE_OK) first = r; }
    vyre_worker_pool_destroy(g->pool);
    if (g->hostbuf) vyre_host_free(g->b, g->hostbuf);
    vyre_free(&g->set->A, g->maxlen);
    vyre_free(&g->set->A, g);
    return first;
}

static vyre_result vyre__re_gpu_open(vyre_backend *b, const vyre_regex_set *set, vyre__re_gpu **out, vyre_error *err) {
    vyre__re_gpu *g;
    uint32_t *lay = NULL;
    size_t nw = 0, i;
    vyre_result r;
    vyre_device_profile prof;
    vyre__clear_error(err);
    if (!out) return VYRE__NULLARG(err, "out");
    *out = NULL;
    if (!b) return VYRE__NULLARG(err, "backend");
    if (!set) return VYRE__NULLARG(err, "set");
    if ((r = vyre_backend_profile(b, &prof, err)) != VYRE_OK) return r;
    if (!(prof.caps & VYRE_CAP_RESIDENT))
        return vyre_set_error(err, VYRE_ERR_UNSUPPORTED, "Fix: use a backend with resident buffers (CUDA, OpenCL) or the CPU engine (vyre_regex_scan).",
                              "backend '%s' has no resident buffers: it cannot run the GPU regex engine", vyre_backend_id(b));
    if (!vyre_program_find(VYRE_PROGRAM_RE_CONFIRM)) return VYRE_ERR_BAD_PROGRAM;
    g = (vyre__re_gpu *)vyre__calloc(&set->A, 1, sizeof *g, "regex GPU state", err);
    if (!g) return err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
    g->b = b; g->set = set;
    r = vyre__re_layout_build(set, &lay, &nw, err);
    if (r == VYRE_OK) {
        g->maxlen = (uint32_t *)vyre__calloc(&set->A, set->npat ? set->npat : 1, 4, "regex GPU lengths", err);
        if (!g->maxlen) r = err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
        else for (i = 0; i < set->npat; i++) {
            g->maxlen[i] = lay[VYRE__RL_HDR + VYRE__RL_REC * i + 3];
            if (lay[VYRE__RL_HDR + VYRE__RL_REC * i + 14]) g->nrun++;
        }
    }
    if (r == VYRE_OK && (r = vyre_buffer_alloc(b, nw * 4u, &g->nfa, err)) == VYRE_OK) r = vyre_buffer_upload(b, g->nfa, 0, lay, nw * 4u, err);
    for (i = 0; set->lits && i < VYRE_LT_COUNT && r == VYRE_OK; i++) {
        const void *p = NULL;
        size_t bytes = 0;
        if ((r = vyre_literal_set_table(set->lits, (vyre_lit_table)i, &p, &bytes)) != VYRE_OK) {
            r = vyre_set_error(err, r, "Fix: report this: the regex set's factor literal set has no table.", "factor literal table %u is missing", (unsigned)i);
            break;
        }
        if ((r = vyre_buffer_alloc(b, bytes ? bytes : 4, &g->lit[i], err)) == VYRE_OK && bytes) r = vyre_buffer_upload(b, g->lit[i], 0, p, bytes, err);
    }
    vyre_free(&set->A, lay);
    if (r != VYRE_OK) { (void)vyre__re_gpu_close(g, NULL); return r; }
    *out = g;
    return VYRE_OK;
}

typedef struct vyre__rg_trip { uint32_t pid, start, end; } vyre__rg_trip;
static int vyre__rg_trip_end(const void *x, const void *y, const void *ctx) {
    const vyre__rg_trip *a = (const vyre__rg_trip *)x, *b = (const vyre__rg_trip *)y;
    (void)ctx;
    if (a->pid != b->pid) return a->pid < b->pid ? -1 : 1;
    if (a->end != b->end) return a->end < b->end ? -1 : 1;
    return a->start < b->start ? -1 : a->start > b->start;
}
static int vyre__rg_trip_start(const void *x, const void *y, const void *ctx) {
    const vyre__rg_trip *a = (const vyre__rg_trip *)x, *b = (const vyre__rg_trip *)y;
    (void)ctx;
    if (a->pid != b->pid) return a->pid < b->pid ? -1 : 1;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    return a->end < b->end ? -1 : a->end > b->end;
}

/* tasks of one pattern from its allowed-start windows (sorted, disjoint) */
static int vyre__rg_tasks(const vyre_allocator *A, uint32_t pid, const vyre__rwin *w, size_t nw, uint64_t L, uint64_t n, uint64_t C,
                          vyre__vec *tasks, vyre__vec *wins) {
    size_t i;
#define VYRE__RG_WIN(a_, b_) do { uint32_t *q_; if (!vyre__vec_reserve(A, wins, wins->len + 1)) return 0; \
        q_ = (uint32_t *)wins->data + 2u * wins->len++; q_[0] = (uint32_t)(a_); q_[1] = (uint32_t)(b_); } while (0)
#define VYRE__RG_TASK(w0_, elo_, ehi_) do { uint32_t *q_; if (!vyre__vec_reserve(A, tasks, tasks->len + 1)) return 0; \
        q_ = (uint32_t *)tasks->data + VYRE__RG_TASK_WORDS * tasks->len++; q_[0] = pid; q_[1] = (uint32_t)(w0_); \
        q_[2] = (uint32_t)(wins->len - (w0_)); q_[3] = (uint32_t)(elo_); q_[4] = (uint32_t)(ehi_); q_[5] = q_[6] = q_[7] = 0; } while (0)
    if (!nw) return 1;
    if (L == VYRE_RE_UNBOUNDED) {   /* one task over every window */
        size_t w0 = wins->len;
        for (i = 0; i < nw; i++) VYRE__RG_WIN(w[i].a, w[i].b > n ? n : w[i].b);
        VYRE__RG_TASK(w0, 0, n);
        return 1;
    }
    {
        /* the allowed starts in pieces of at most VYRE__RG_CHUNK positions; a task owns the pieces from
           X (its first piece's start; 0 for the pattern's first task) to the next task's X, reports the
           ends in (X, X_next] and carries the allowed starts in [X + 1 - L, X - 1] before its own */
        size_t k = 0, first_k = 0, w0 = 0;
        uint64_t pa = w[0].a, X = 0, span0 = 0;
        int have = 0, first_task = 1;
        while (k < nw) {
            uint64_t b = w[k].b > n ? n : w[k].b, pb;
            if (pa > b) { k++; if (k < nw) pa = w[k].a; continue; }
            pb = b - pa + 1u > C ? pa + C - 1u : b;
            if (have && pb - span0 + 1u > C) { VYRE__RG_TASK(w0, X, pa); have = 0; }
            if (!have) {
                uint64_t lo = pa + 1u > L ? pa + 1u - L : 0;
                size_t j;
                X = first_task ? 0 : pa;
                first_task = 0;
                w0 = wins->len;
                while (first_k < k && (w[first_k].b > n ? n : w[first_k].b) < lo) first_k++;
                if (X) for (j = first_k; j <= k; j++) {
                    uint64_t a = w[j].a < lo ? lo : w[j].a, bb = w[j].b > n ? n : w[j].b;
                    if (bb >= pa) bb = pa - 1u;
                    if (a <= bb) VYRE__RG_WIN(a, bb);
                }
                have = 1; span0 = pa;
            }
            VYRE__RG_WIN(pa, pb);
            pa = pb + 1u;
        }
        if (have) VYRE__RG_TASK(w0, X, n);
    }
    return 1;
#undef VYRE__RG_WIN
#undef VYRE__RG_TASK
}

/* the factor windows [fs - pre, fs] of pattern pid (fh: factor occurrences sorted by pattern, then
   fs; pre clamped to bound), merged, appended to wins; 0 = out of memory */
static int vyre__rg_factor_windows(const vyre_regex_set *set, uint32_t pid, const vyre__vec *fh, uint64_t bound, vyre__vec *wins) {
    const vyre__rhit *h = (const vyre__rhit *)fh->data;
    uint64_t pre = set->progs[pid].factor_pre;
    size_t lo = 0, hi = fh->len;
    if (bound && bound < pre) pre = bound;
    while (lo < hi) { size_t mid = lo + (hi - lo) / 2; if (h[mid].pid < pid) lo = mid + 1; else hi = mid; }
    for (; lo < fh->len && h[lo].pid == pid; lo++)
        if (!vyre__rwin_push(&set->A, wins, (pre == VYRE_RE_UNBOUNDED || h[lo].fs < pre) ? 0 : h[lo].fs - pre, h[lo].fs)) return 0;
    return 1;
}
/* the allowed-start windows of pattern pid (sorted factor occurrences fh, pre clamped to the bound), then
   its tasks: pass 0 chunks every pattern (a pattern with an unbounded longest match with the carry
   VYRE__RG_CARRY, flagged in the task so that the kernel reports a longer-lived thread); pass 1 runs
   the pattern as one sequential task. Returns 0 when out of memory. */
static int vyre__rg_pattern_tasks(vyre__re_gpu *g, uint32_t pid, const vyre__vec *fh, const vyre__vec *runw, size_t n, uint64_t bound,
                                  uint32_t pass, vyre__vec *wins, vyre__vec *tasks, vyre__vec *twin) {
    const vyre_regex_set *set = g->set;
    const vyre__rprog *pg = &set->progs[pid];
    const vyre_allocator *A = &set->A;
    uint64_t L = g->maxlen[pid] == 0xFFFFFFFFu ? VYRE_RE_UNBOUNDED : g->maxlen[pid], carry = 0;
    size_t lo, hi, t0 = tasks->len;
    if (bound && bound < L) L = bound;
    if (L == VYRE_RE_UNBOUNDED && !pass) { carry = g->carry ? g->carry : VYRE__RG_CARRY; L = carry; }
    wins->len = 0;
    if (!pg->nfactors && set->cpu[pid].run_k) {
        /* the run windows of step 1b (sorted by pattern, then start), merged */
        const vyre__rg_trip *rw = (const vyre__rg_trip *)runw->data;
        lo = 0; hi = runw->len;
        while (lo < hi) { size_t mid = lo + (hi - lo) / 2; if (rw[mid].pid < pid) lo = mid + 1; else hi = mid; }
        for (; lo < runw->len && rw[lo].pid == pid; lo++)
            if (!vyre__rwin_push(A, wins, rw[lo].start, rw[lo].end)) return 0;
    } else if (!pg->nfactors) {
        if (!vyre__vec_reserve(A, wins, 1)) return 0;
        ((vyre__rwin *)wins->data)[0].a = 0; ((vyre__rwin *)wins->data)[0].b = n - 1u; wins->len = 1;
    } else if (!vyre__rg_factor_windows(set, pid, fh, bound, wins)) return 0;
    if (!vyre__rg_tasks(A, pid, (const vyre__rwin *)wins->data, wins->len, L, (uint64_t)n - 1u, g->chunk ? g->chunk : VYRE__RG_CHUNK, tasks, twin)) return 0;
    for (; t0 < tasks->len; t0++) {
        uint32_t *q = (uint32_t *)tasks->data + VYRE__RG_TASK_WORDS * t0;
        q[5] = (uint32_t)carry;
        if (t0 + 1 == tasks->len) q[4] = (uint32_t)n;   /* the pattern's last task reports ends up to n */
    }
    return 1;
}

/* upload tasks and windows, run vyre_re_confirm (re-run with room when the hit buffer was too small and
   max_hits is 0), append the triples to *trips; *long_thread: some task flagged a thread older than its
   carry (tasks then holds the kernel's flags, word 6) */
static vyre_result vyre__rg_confirm(vyre__re_gpu *g, vyre_buffer hay, size_t n, uint64_t max_scan_bytes, uint64_t max_hits,
                                    vyre__vec *tasks, const vyre__vec *twin, vyre__vec *trips, int *long_thread, vyre_error *err) {
    const vyre_allocator *A = &g->set->A;
    uint64_t cap = max_hits ? max_hits : (g->hits_cap > 8 ? (g->hits_cap - 8u) / 12u : 0);
    uint32_t ctr[2];
    vyre_result r;
    const uint64_t capmax = (((uint64_t)1 << 32) - 16u) / 12u;
    *long_thread = 0;
    if (!max_hits && cap < 4096) cap = 4096;
    if ((r = vyre__rg_ensure(g, &g->tasks, &g->tasks_cap, tasks->len * tasks->item, err)) != VYRE_OK ||
        (r = vyre__rg_ensure(g, &g->wins, &g->wins_cap, twin->len * 8u, err)) != VYRE_OK)
        return r;
    if (twin->len && (r = vyre_buffer_upload(g->b, g->wins, 0, twin->data, twin->len * 8u, err)) != VYRE_OK) return r;
    for (;;) {
        vyre_buffer bind[5];
        uint64_t sc[4];
        vyre_dispatch d;
        if (cap > capmax) cap = capmax;
        if ((r = vyre__rg_ensure(g, &g->hits, &g->hits_cap, 8u + (size_t)cap * 12u, err)) != VYRE_OK) return r;
        memset(ctr, 0, sizeof ctr);
        if ((r = vyre_buffer_upload(g->b, g->hits, 0, ctr, 8, err)) != VYRE_OK) return r;
        if ((r = vyre_buffer_upload(g->b, g->tasks, 0, tasks->data, tasks->len * tasks->item, err)) != VYRE_OK) return r;
        bind[0] = hay; bind[1] = g->nfa; bind[2] = g->tasks; bind[3] = g->wins; bind[4] = g->hits;
        sc[0] = n; sc[1] = tasks->len; sc[2] = cap; sc[3] = max_scan_bytes;
        memset(&d, 0, sizeof d);
        d.program = VYRE_PROGRAM_RE_CONFIRM; d.buffers = bind; d.buffer_count = 5; d.scalars = sc; d.scalar_count = 4;
        d.grid[0] = (uint32_t)((tasks->len + 255u) / 256u);
        if ((r = vyre_dispatch_resident(g->b, &d, NULL, err)) != VYRE_OK) return r;
        g->launches++;
        if ((r = vyre_buffer_download(g->b, g->hits, 0, ctr, 8, err)) != VYRE_OK) return r;
        if ((ctr[1] & 1u) || ctr[0] > cap) {
            if (max_hits || (ctr[1] & 1u) || cap >= capmax)
                return vyre_set_error(err, VYRE_ERR_MATCH_CAPACITY, "Fix: raise the session's max_matches (or scan smaller pieces).",
                                      "the regex scan found %s%llu matches, over the hit buffer's capacity of %llu", (ctr[1] & 1u) ? "more than " : "",
                                      (unsigned long long)((ctr[1] & 1u) ? 0xFFFFFFFFull : ctr[0]), (unsigned long long)cap);
            cap = ctr[0];
            continue;
        }
        break;
    }
    if (!vyre__vec_reserve(A, trips, trips->len + ctr[0] + 1)) return VYRE__OOM(err, "regex matches", (uint64_t)ctr[0] * 12u);
    if (ctr[0] && (r = vyre_buffer_download(g->b, g->hits, 8, (vyre__rg_trip *)trips->data + trips->len, (size_t)ctr[0] * 12u, err)) != VYRE_OK) return r;
    trips->len += ctr[0];
#if defined(VYRE__RE_GPU_DUMP)   /* debugging the confirm kernel: every task and its triples on stderr */
    {
        size_t t_, w_;
        for (t_ = 0; t_ < tasks->len; t_++) {
            const uint32_t *T_ = (const uint32_t *)tasks->data + VYRE__RG_TASK_WORDS * t_;
            fprintf(stderr, "task %zu pid %u ends (%u,%u] carry %u windows", t_, T_[0], T_[3], T_[4], T_[5]);
            for (w_ = 0; w_ < T_[2]; w_++) fprintf(stderr, " [%u,%u]", ((const uint32_t *)twin->data)[2u * (T_[1] + w_)], ((const uint32_t *)twin->data)[2u * (T_[1] + w_) + 1u]);
            fprintf(stderr, "\n");
        }
        for (t_ = trips->len - ctr[0]; t_ < trips->len; t_++) {
            const vyre__rg_trip *x_ = (const vyre__rg_trip *)trips->data + t_;
            fprintf(stderr, "trip %u %u %u\n", x_->pid, x_->start, x_->end);
        }
    }
#endif
    if (ctr[1] & 4u) g->label_sweeps++;
    if (ctr[1] & 2u) {
        *long_thread = 1;
        if ((r = vyre_buffer_download(g->b, g->tasks, 0, tasks->data, tasks->len * tasks->item, err)) != VYRE_OK) return r;
    }
    return VYRE_OK;
}

/* step 3b's collector: the host's matches of the flagged patterns as triples (failed: 1 out of memory,
   2 over max_hits) */
typedef struct vyre__rg_hostc { const vyre_allocator *A; vyre__vec *trips; uint64_t max_hits; int failed; } vyre__rg_hostc;
static int vyre__rg_host_emit(void *u, uint32_t pid, uint64_t s, uint64_t e, const uint64_t *caps, uint32_t ng) {
    vyre__rg_hostc *c = (vyre__rg_hostc *)u;
    vyre__rg_trip *t;
    (void)caps; (void)ng;
    if (c->max_hits && c->trips->len >= c->max_hits) { c->failed = 2; return 1; }
    if (!vyre__vec_reserve(c->A, c->trips, c->trips->len + 1)) { c->failed = 1; return 1; }
    t = (vyre__rg_trip *)c->trips->data + c->trips->len++;
    t->pid = pid; t->start = (uint32_t)s; t->end = (uint32_t)e;
    return 0;
}
/* step 3b's job: flagged pattern J->pids[i] alone on the host, into J->part[i] */
typedef struct vyre__rg_hostjob {
    const vyre_regex_set *set; const uint8_t *h; size_t n; uint64_t bound, max_hits;
    const vyre__rhit *fh; size_t nfh; const uint32_t *pids;
    vyre__vec *part; vyre_result *r; vyre_error *err;
} vyre__rg_hostjob;
static void vyre__rg_host_task(void *arg, uint32_t i) {
    vyre__rg_hostjob *J = (vyre__rg_hostjob *)arg;
    const vyre_allocator *A = &J->set->A;
    vyre__rg_hostc hc;
    uint8_t *only = (uint8_t *)vyre__calloc(A, J->set->npat, 1, "regex GPU flagged patterns", &J->err[i]);
    vyre_result r;
    if (!only) { J->r[i] = J->err[i].code; return; }
    only[J->pids[i]] = 1;
    hc.A = A; hc.trips = &J->part[i]; hc.max_hits = J->max_hits; hc.failed = 0;
    r = vyre__re_scan_cpu_hits(J->set, VYRE_RE_ALL_MATCHES, J->bound, J->h, J->n, 0, J->n, J->fh, J->nfh, only, vyre__rg_host_emit, &hc, &J->err[i]);
    if (r == VYRE_STOPPED && hc.failed == 1) r = VYRE__OOM(&J->err[i], "regex matches", (uint64_t)(J->part[i].len + 1) * 12u);
    else if (r == VYRE_STOPPED && hc.failed == 2)
        r = vyre_set_error(&J->err[i], VYRE_ERR_MATCH_CAPACITY, "Fix: raise the session's max_matches (or scan smaller pieces).",
                           "the regex scan found more than %llu matches, over the hit buffer's capacity of %llu",
                           (unsigned long long)J->max_hits, (unsigned long long)J->max_hits);
    J->r[i] = r;
    vyre_free(A, only);
}

static vyre_result vyre__re_gpu_scan(vyre__re_gpu *g, vyre_buffer hay, const uint8_t *data, size_t n, vyre_re_mode mode,
                                     uint64_t max_scan_bytes, uint64_t max_hits, vyre__re_emit_fn emit, void *u, vyre_error *err) {
    const vyre_regex_set *set;
    const vyre_allocator *A;
    vyre__vec fh, wins, tasks, twin, trips, runw;
    vyre_result r = VYRE_OK;
    uint32_t pid;
    size_t i;
    uint32_t ctr[2];
    uint64_t t_step;
    vyre__clear_error(err);
    if (!g) return VYRE__NULLARG(err, "g");
    if (!emit) return VYRE__NULLARG(err, "emit");
    set = g->set; A = &set->A;
    if (mode != VYRE_RE_ALL_MATCHES && mode != VYRE_RE_LEFTMOST_FIRST)
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: pass VYRE_RE_ALL_MATCHES or VYRE_RE_LEFTMOST_FIRST.", "unknown regex mode %d", (int)mode);
    if ((!data && (!hay || mode == VYRE_RE_LEFTMOST_FIRST)) && n) return VYRE__NULLARG(err, "data");
    if ((uint64_t)n >= 0xFFFFFFFFull)
        return vyre_set_error(err, VYRE_ERR_HAYSTACK_CAPACITY, "Fix: scan less than 4 GiB at a time (chunks with vyre_regex_set_history_bytes() of overlap).",
                              "haystack of %llu bytes is over the GPU regex engine's limit of 4294967294 bytes per scan", (unsigned long long)n);
    memset(&fh, 0, sizeof fh); fh.item = sizeof(vyre__rhit);
    memset(&wins, 0, sizeof wins); wins.item = sizeof(vyre__rwin);
    memset(&tasks, 0, sizeof tasks); tasks.item = VYRE__RG_TASK_WORDS * 4u;
    memset(&twin, 0, sizeof twin); twin.item = 8;
    memset(&trips, 0, sizeof trips); trips.item = sizeof(vyre__rg_trip);
    memset(&runw, 0, sizeof runw); runw.item = sizeof(vyre__rg_trip);
    if (!hay && n) {
        if ((r = vyre__rg_ensure(g, &g->hay, &g->hay_cap, n, err)) != VYRE_OK) return r;
        if ((r = vyre_buffer_upload(g->b, g->hay, 0, data, n, err)) != VYRE_OK) return r;
        hay = g->hay;
    } else if (!hay) {
        if ((r = vyre__rg_ensure(g, &g->hay, &g->hay_cap, 16, err)) != VYRE_OK) return r;
        hay = g->hay;
    }
    g->last_factor_hits = g->last_tasks = g->last_windows = g->last_triples = g->last_sequential = 0;
    g->last_pass_ns[0] = g->last_pass_ns[1] = 0;
    t_step = vyre_now_ns();
    /* 1. factor occurrences on the device */
    if (set->lits && n) {
        uint64_t cap = g->lit_cap / 8u;
        for (;;) {
            vyre_buffer bind[VYRE_LIT_MATCHES_BINDINGS];
            uint64_t sc[3];
            vyre_dispatch d;
            if ((r = vyre__rg_ensure(g, &g->lit_ctr, &g->lit_ctr_cap, 8, err)) != VYRE_OK) break;
            if (cap < 1024) cap = 1024;
            if ((r = vyre__rg_ensure(g, &g->lit_out, &g->lit_cap, (size_t)cap * 8u, err)) != VYRE_OK) break;
            memset(ctr, 0, sizeof ctr);
            if ((r = vyre_buffer_upload(g->b, g->lit_ctr, 0, ctr, 8, err)) != VYRE_OK) break;
            bind[0] = hay;
            for (i = 0; i < VYRE_LT_COUNT; i++) bind[1 + i] = g->lit[i];
            bind[VYRE_LIT_BINDING_OUT0] = g->lit_ctr; bind[VYRE_LIT_BINDING_OUT1] = g->lit_out;
            sc[0] = n; sc[1] = 0; sc[2] = cap;
            memset(&d, 0, sizeof d);
            d.program = VYRE_PROGRAM_LIT_MATCHES; d.buffers = bind; d.buffer_count = VYRE_LIT_MATCHES_BINDINGS; d.scalars = sc; d.scalar_count = 3;
            if ((r = vyre_dispatch_resident(g->b, &d, NULL, err)) != VYRE_OK) break;
            if ((r = vyre_buffer_download(g->b, g->lit_ctr, 0, ctr, 8, err)) != VYRE_OK) break;
            if (ctr[1]) { cap = cap * 4u; if (cap > ((uint64_t)1 << 31)) { r = vyre_set_error(err, VYRE_ERR_MATCH_CAPACITY, "Fix: scan a smaller haystack.", "more than 2^31 regex factor occurrences in one scan"); break; } continue; }
            if (ctr[0] > cap) { cap = ctr[0]; continue; }
            if (!vyre__vec_reserve(A, &fh, ctr[0] ? ctr[0] : 1)) { r = VYRE__OOM(err, "regex factor hits", (uint64_t)ctr[0] * 16u); break; }
            if (ctr[0]) {
                vyre_raw_match *rm = (vyre_raw_match *)vyre_alloc(A, (size_t)ctr[0] * 8u);
                if (!rm) { r = VYRE__OOM(err, "regex factor hits", (uint64_t)ctr[0] * 8u); break; }
                r = vyre_buffer_download(g->b, g->lit_out, 0, rm, (size_t)ctr[0] * 8u, err);
                for (i = 0; r == VYRE_OK && i < ctr[0]; i++) {
                    vyre__rhit *t = (vyre__rhit *)fh.data + fh.len++;
                    t->pid = set->factor_pat[rm[i].pattern_id]; t->pad = 0;
                    t->fs = (uint64_t)rm[i].end - set->factors[rm[i].pattern_id].len;
                }
                vyre_free(A, rm);
                if (r == VYRE_OK && !vyre__rhit_sort(A, &fh, set->npat)) r = VYRE__OOM(err, "regex factor hits (sort)", (uint64_t)fh.len * 16u);
            }
            break;
        }
    }
    g->last_factor_hits = fh.len;
    g->last_ns[0] = vyre_now_ns() - t_step; t_step = vyre_now_ns();
    /* 1b. run windows: the patterns without a literal factor whose every match holds a class run
       (layout words 14, 15) get their allowed starts from run tasks (kernels.inc vk_re_runs: one task
       per VYRE__RG_RUNCHUNK starts, each appending the windows of the runs near it as triples
       (pid, a, b)), so that they sweep the bytes around runs instead of the whole input */
    g->last_run_windows = g->last_run_tasks = 0;
    if (r == VYRE_OK && g->nrun && n) {
        int lt = 0;
        const uint64_t rch = g->runchunk ? g->runchunk : VYRE__RG_RUNCHUNK;
        tasks.len = 0;
        for (pid = 0; pid < set->npat && r == VYRE_OK; pid++) {
            uint64_t c0;
            if (set->progs[pid].nfactors || !set->cpu[pid].run_k || (g->only_pid && pid + 1u != g->only_pid)) continue;
            for (c0 = 0; c0 < n && r == VYRE_OK; c0 += rch) {
                uint32_t *q;
                if (!vyre__vec_reserve(A, &tasks, tasks.len + 1)) { r = VYRE__OOM(err, "regex GPU run tasks", (uint64_t)(tasks.len + 1) * 32u); break; }
                q = (uint32_t *)tasks.data + VYRE__RG_TASK_WORDS * tasks.len++;
                q[0] = pid; q[1] = 0; q[2] = 0; q[3] = (uint32_t)c0;
                q[4] = (uint32_t)(n - c0 > rch ? c0 + rch : n); q[5] = 0; q[6] = 0; q[7] = 1;
            }
        }
        if (r == VYRE_OK && tasks.len) r = vyre__rg_confirm(g, hay, n, 0, 0, &tasks, &twin, &runw, &lt, err);
        if (r == VYRE_OK && !vyre__msort(A, runw.data, runw.len, sizeof(vyre__rg_trip), vyre__rg_trip_start, NULL))
            r = VYRE__OOM(err, "regex run windows (sort)", (uint64_t)runw.len * 12u);
        g->last_run_windows = runw.len; g->last_run_tasks = tasks.len;
        tasks.len = 0;
    }
    g->last_ns[4] = vyre_now_ns() - t_step; t_step = vyre_now_ns();
    /* 2. windows and tasks; 3. the confirm kernel; 3b. the patterns whose carry was too short (a thread
       outlived it: `(?s)BEGIN.*KEY`-style rules past their first header) are finished by the CPU engine
       over the same factor occurrences (vyre__re_scan_cpu_hits: its lazy-DFA end finder and reversed
       start finder, about 1 GB/s per such pattern on one host core, where one GPU thread sweeping the
       whole input managed a few MB/s), or, with g->seq_on_device, as one sequential device task each */
    {
        vyre__vec seq;             /* uint32_t: the flagged patterns */
        uint8_t *flagged = NULL;   /* per pattern: 1 = flagged */
        uint32_t pass;
        memset(&seq, 0, sizeof seq); seq.item = 4;
        for (pass = 0; pass < 2 && r == VYRE_OK; pass++) {
            size_t q;
            tasks.len = 0; twin.len = 0;
            for (q = 0; r == VYRE_OK && n && q < (pass ? seq.len : set->npat); q++) {
                pid = pass ? ((uint32_t *)seq.data)[q] : (uint32_t)q;
                if (mode == VYRE_RE_LEFTMOST_FIRST && set->progs[pid].nullable) continue;   /* whole input on the host (step 4) */
                if (g->only_pid && pid + 1u != g->only_pid) continue;
                if (!vyre__rg_pattern_tasks(g, pid, &fh, &runw, n, max_scan_bytes, pass, &wins, &tasks, &twin)) r = VYRE__OOM(err, "regex GPU tasks", (uint64_t)tasks.len * 32u);
            }
            if (!pass) { g->last_tasks = tasks.len; g->last_windows = twin.len; g->last_ns[1] = vyre_now_ns() - t_step; t_step = vyre_now_ns(); }
            if (r == VYRE_OK && tasks.len) {
                int long_thread = 0;
                size_t keep = trips.len, k2;
                uint64_t t_pass = vyre_now_ns();
                r = vyre__rg_confirm(g, hay, n, max_scan_bytes, max_hits, &tasks, &twin, &trips, &long_thread, err);
                if (r == VYRE_OK && long_thread && !pass) {
                    /* the patterns of the tasks whose sweep saw one thread live for longer than their carry:
                       their chunked results are dropped (a later task may have missed that thread's start) */
                    flagged = (uint8_t *)vyre__calloc(A, set->npat, 1, "regex GPU flagged patterns", err);
                    if (!flagged) r = err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
                    for (k2 = 0; k2 < tasks.len && r == VYRE_OK; k2++) {
                        const uint32_t *T = (const uint32_t *)tasks.data + VYRE__RG_TASK_WORDS * k2;
                        if (T[6] && !flagged[T[0]]) {
                            flagged[T[0]] = 1;
                            if (!vyre__vec_reserve(A, &seq, seq.len + 1)) r = VYRE__OOM(err, "regex GPU tasks", 4u * (seq.len + 1));
                            else ((uint32_t *)seq.data)[seq.len++] = T[0];
                        }
                    }
                    for (k2 = keep; r == VYRE_OK && k2 < trips.len; k2++) {
                        const vyre__rg_trip *t = (const vyre__rg_trip *)trips.data + k2;
                        if (!flagged[t->pid]) ((vyre__rg_trip *)trips.data)[keep++] = *t;
                    }
                    if (r == VYRE_OK) trips.len = keep;
                }
                g->last_pass_ns[pass] = vyre_now_ns() - t_pass;
            }
            if (!seq.len || !g->seq_on_device) break;
        }
        if (r == VYRE_OK && seq.len && !g->seq_on_device) {
            /* 3b on the host: the bytes are the caller's, or the resident haystack downloaded once; one
               flagged pattern per host thread */
            uint64_t t_pass = vyre_now_ns();
            uint8_t *hb = NULL;
            vyre__rg_hostjob J;
            size_t q;
            memset(&J, 0, sizeof J);
            if (!data) {   /* into the backend's host staging memory (page-locked on CUDA), kept for the next scan */
                if (g->hostbuf_cap < n) {
                    if (g->hostbuf) vyre_host_free(g->b, g->hostbuf);
                    g->hostbuf = NULL; g->hostbuf_cap = 0;
                    if ((r = vyre_host_alloc(g->b, n, (void **)&g->hostbuf, err)) == VYRE_OK) g->hostbuf_cap = n;
                    else g->hostbuf = NULL;
                }
                if (r == VYRE_OK) { hb = g->hostbuf; r = vyre_buffer_download(g->b, hay, 0, hb, n, err); }
            }
            if (r == VYRE_OK && !g->pool && seq.len > 1) {
                uint32_t th = g->host_threads;
                if (!th) { th = vyre__host_cores(); if (th > 16) th = 16; }
                if (th > 1) r = vyre_worker_pool_create(A, th - 1, "GPU regex host finish (vyre__re_gpu.host_threads)", &g->pool, err);
            }
            J.part = (vyre__vec *)vyre__calloc(A, seq.len, sizeof(vyre__vec) + sizeof(vyre_result) + sizeof(vyre_error), "regex GPU host finish", err);
            if (r == VYRE_OK && !J.part) r = err ? err->code : VYRE_ERR_OUT_OF_MEMORY;
            if (r == VYRE_OK) {
                J.r = (vyre_result *)(void *)(J.part + seq.len);
                J.err = (vyre_error *)(void *)(J.r + seq.len + (seq.len & 1u));
                J.set = set; J.h = data ? data : hb; J.n = n; J.bound = max_scan_bytes; J.max_hits = max_hits;
                J.fh = (const vyre__rhit *)fh.data; J.nfh = fh.len; J.pids = (const uint32_t *)seq.data;
                for (q = 0; q < seq.len; q++) J.part[q].item = sizeof(vyre__rg_trip);
                vyre_worker_pool_run(g->pool, vyre__rg_host_task, &J, (uint32_t)seq.len);
                for (q = 0; q < seq.len && r == VYRE_OK; q++)
                    if (J.r[q] != VYRE_OK) { r = J.r[q]; if (err) *err = J.err[q]; }
                for (q = 0; q < seq.len && r == VYRE_OK; q++) {
                    if (!vyre__vec_reserve(A, &trips, trips.len + J.part[q].len + 1)) { r = VYRE__OOM(err, "regex matches", (uint64_t)(trips.len + J.part[q].len) * 12u); break; }
                    if (J.part[q].len) memcpy((vyre__rg_trip *)trips.data + trips.len, J.part[q].data, J.part[q].len * sizeof(vyre__rg_trip));
                    trips.len += J.part[q].len;
                }
                if (r == VYRE_OK && max_hits && trips.len > max_hits)
                    r = vyre_set_error(err, VYRE_ERR_MATCH_CAPACITY, "Fix: raise the session's max_matches (or scan smaller pieces).",
                                       "the regex scan found %llu matches, over the hit buffer's capacity of %llu",
                                       (unsigned long long)trips.len, (unsigned long long)max_hits);
                for (q = 0; q < seq.len; q++) vyre_free(A, J.part[q].data);
            }
            vyre_free(A, J.part);
            g->last_pass_ns[1] = vyre_now_ns() - t_pass;
        }
        g->last_sequential = seq.len;
        for (i = 0; i < seq.len && i < 8; i++) g->last_seq_pid[i] = ((uint32_t *)seq.data)[i];
        vyre_free(A, seq.data);
        vyre_free(A, flagged);
    }
    g->last_triples = trips.len;
    g->last_ns[2] = vyre_now_ns() - t_step; t_step = vyre_now_ns();
    /* 4. results */
    if (r == VYRE_OK) {
        vyre__rg_trip *t = (vyre__rg_trip *)trips.data;
        if (!vyre__msort(A, trips.data, trips.len, sizeof(vyre__rg_trip), mode == VYRE_RE_ALL_MATCHES ? vyre__rg_trip_end : vyre__rg_trip_start, NULL))
            r = VYRE__OOM(err, "regex matches (sort)", (uint64_t)trips.len * 12u);
        else if (mode == VYRE_RE_ALL_MATCHES) {
            for (i = 0; i < trips.len; i++)
                if (emit(u, t[i].pid, t[i].start, t[i].end, NULL, 0)) { r = VYRE_STOPPED; break; }
        } else {
            vyre__rscan S;
            vyre__vec cut, fwin;       /* the intervals cut to the factor windows; those windows */
            size_t k = 0;
            memset(&S, 0, sizeof S);
            memset(&cut, 0, sizeof cut); cut.item = sizeof(vyre__rwin);
            memset(&fwin, 0, sizeof fwin); fwin.item = sizeof(vyre__rwin);
            S.set = set; S.mode = VYRE_RE_LEFTMOST_FIRST; S.bound = max_scan_bytes; S.h = data; S.n = n; S.min_end = 0; S.max_end = n;
            S.emit = emit; S.u = u;
            S.vm.A = A; S.vm.h = data; S.vm.n = n;
            for (pid = 0; pid < set->npat && r == VYRE_OK; pid++) {
                int rr;
                wins.len = 0;
                if (set->progs[pid].nullable) {
                    if (!vyre__vec_reserve(A, &wins, 1)) { r = VYRE__OOM(err, "regex windows", 64); break; }
                    ((vyre__rwin *)wins.data)[0].a = 0; ((vyre__rwin *)wins.data)[0].b = n; wins.len = 1;
                }
                for (; k < trips.len && t[k].pid == pid; k++) {
                    vyre__rwin *w = wins.len ? (vyre__rwin *)wins.data + wins.len - 1 : NULL;
                    if (set->progs[pid].nullable) continue;
                    if (w && t[k].start <= w->b + 1u) { if ((uint64_t)t[k].end - 1u > w->b) w->b = (uint64_t)t[k].end - 1u; continue; }
                    if (!vyre__vec_reserve(A, &wins, wins.len + 1)) { r = VYRE__OOM(err, "regex windows", (uint64_t)(wins.len + 1) * 16u); break; }
                    w = (vyre__rwin *)wins.data + wins.len++;
                    w->a = t[k].start; w->b = (uint64_t)t[k].end - 1u;
                }
                if (r != VYRE_OK || !wins.len) continue;
                if (!set->progs[pid].nullable && set->progs[pid].nfactors) {
                    /* a match also starts in a factor window [fs - pre, fs]: only those starts inside the
                       intervals (the VM then jumps over the rest of a long interval, e.g. rule 163's from its
                       first header to its last end, instead of starting a thread at every byte of it) */
                    size_t j = 0, q2 = 0;
                    const vyre__rwin *iv = (const vyre__rwin *)wins.data, *fw;
                    cut.len = 0; fwin.len = 0;
                    if (!vyre__rg_factor_windows(set, pid, &fh, max_scan_bytes, &fwin)) { r = VYRE__OOM(err, "regex windows", (uint64_t)(fwin.len + 1) * 16u); break; }
                    fw = (const vyre__rwin *)fwin.data;
                    while (r == VYRE_OK && j < wins.len && q2 < fwin.len) {   /* two sorted disjoint lists: their intersection */
                        const uint64_t x = iv[j].a > fw[q2].a ? iv[j].a : fw[q2].a, y = iv[j].b < fw[q2].b ? iv[j].b : fw[q2].b;
                        if (x <= y && !vyre__rwin_push(A, &cut, x, y)) { r = VYRE__OOM(err, "regex windows", (uint64_t)(cut.len + 1) * 16u); break; }
                        if (iv[j].b < fw[q2].b) j++; else q2++;
                    }
                    if (r != VYRE_OK) break;
                    if (!cut.len) continue;
                    rr = vyre__rs_pattern(&S, pid, (const vyre__rwin *)cut.data, cut.len);
                } else
                rr = vyre__rs_pattern(&S, pid, (const vyre__rwin *)wins.data, wins.len);
                if (rr == 2) r = VYRE__OOM(err, "regex scan scratch", (uint64_t)set->progs[pid].ninst * 64u);
                else if (rr == 1) r = VYRE_STOPPED;
            }
            vyre__rvm_free(&S.vm);
            vyre_free(A, S.ring);
            vyre_free(A, cut.data); vyre_free(A, fwin.data);
        }
    }
    g->last_ns[3] = vyre_now_ns() - t_step;
    vyre_free(A, fh.data); vyre_free(A, wins.data); vyre_free(A, tasks.data); vyre_free(A, twin.data); vyre_free(A, trips.data);
    vyre_free(A, runw.data);
    return r;
}

VYREDEF vyre_result vyre_regex_scan_backend(vyre_backend *b, const vyre_regex_set *set, const vyre_re_scan_desc *opts,
                                            const void *data, size_t len, vyre_re_match_cb cb, void *user, vyre_error *err) {
    vyre__re_gpu *g = NULL;
    vyre__rcoll c;
    vyre_re_mode mode = opts ? opts->mode : VYRE_RE_ALL_MATCHES;
    vyre_result r, rc;
    size_t i;
    vyre__clear_error(err);
    if (!set) return VYRE__NULLARG(err, "set");
    if (!cb) return VYRE__NULLARG(err, "cb");
    if (!data && len) return VYRE__NULLARG(err, "data");
    if (opts && (opts->threads || (opts->flags & ~VYRE_RE_SCAN_GPU_EXPERIMENTAL)))
        return vyre_set_error(err, VYRE_ERR_INVALID_ARGUMENT, "Fix: leave vyre_re_scan_desc.threads zero and .flags 0 or VYRE_RE_SCAN_GPU_EXPERIMENTAL.", "reserved vyre_re_scan_desc fields are set");
    if (!opts || !(opts->flags & VYRE_RE_SCAN_GPU_EXPERIMENTAL))
        return vyre_set_error(err, VYRE_ERR_UNSUPPORTED,
                              "Fix: scan with vyre_regex_scan (the CPU engine), or set VYRE_RE_SCAN_GPU_EXPERIMENTAL in vyre_re_scan_desc.flags to run the GPU engine knowing it can be slow on GPUs.",
                              "the GPU regex engine is experimental: exact on the H200 but slower than the CPU engine (1.5 GB/s on the 221 gitleaks rules over 1 GiB, docs/PERF.md), so it is not run without an explicit opt-in");
    memset(&c, 0, sizeof c);
    c.A = &set->A; c.m.item = sizeof(vyre_re_match); c.g.item = sizeof(vyre_span);
    if ((r = vyre__re_gpu_open(b, set, &g, err)) != VYRE_OK) return r;
    r = vyre__re_gpu_scan(g, 0, (const uint8_t *)data, len, mode, opts ? opts->max_scan_bytes : 0, 0, vyre__rcoll_emit, &c, err);
    if (c.oom) r = VYRE__OOM(err, "regex match list", (uint64_t)c.m.cap * sizeof(vyre_re_match));
    rc = vyre__re_gpu_close(g, r == VYRE_OK ? err : NULL);
    if (r == VYRE_OK) r = rc;
    if (r == VYRE_OK && !vyre__msort(&set->A, c.m.data, c.m.len, sizeof(vyre_re_match), vyre__rmatch_cmp, NULL))
        r = VYRE__OOM(err, "regex match sort", (uint64_t)c.m.len * sizeof(vyre_re_match));
    for (i = 0; r == VYRE_OK && i < c.m.len; i++) {
        vyre_re_match m = ((const vyre_re_match *)c.m.data)[i];
        const vyre_span *gs = m.group_count ? (const vyre_span *)c.g.data + m.groups : NULL;
        m.groups = 0;
        if (cb(&m, gs, user)) r = VYRE_STOPPED;
    }
    vyre_free(&set->A, c.m.data); vyre_free(&set->A, c.g.data);
    return r;
}
#endif /* VYRE_NO_REGEX (>>re-layout, >>re-gpu) */

#ifdef __cplusplus
}
#endif

#if defined(VYRE_HAS_RULES) /* >>rules-toml, >>rules-load, >>rules-scan */
#include <errno.h>
#include <math.h>
/* ---- >>rules-toml: a small strict TOML reader (the subset gitleaks files use) ---- */
enum { VYRE__TV_STR = 1, VYRE__TV_INT, VYRE__TV_FLT, VYRE__TV_BOOL, VYRE__TV_ARR, VYRE__TV_TAB };
typedef struct vyre__tnode {
    int type, defined_header;
    uint32_t line;
    char *key;                     /* owned; NULL for array items */
    char *s; size_t slen;          /* STR */
    int64_t i; double f;           /* INT, BOOL (i), FLT */
    int32_t first, last, next;     /* children (ARR, TAB), sibling */
} vyre__tnode;
typedef struct vyre__toml {
    const vyre_allocator *A;
    vyre__vec nodes;
    const char *p, *e; uint32_t line;
    const char *file;
    vyre_error *err;
} vyre__toml;
#define VYRE__TN(T, k) (((vyre__tnode *)(T)->nodes.data)[k])

static vyre_result vyre__t_err(vyre__toml *T, const char *fix, const char *what) {
    vyre_result r = vyre_set_error(T->err, VYRE_ERR_RULES_SYNTAX, fix, "%s line %u: %s", T->file, T->line, what);
    if (T->err) T->err->offset = T->line;
    return r;
}
static int32_t vyre__t_new(vyre__toml *T, int type) {
    vyre__tnode *n;
    if (!vyre__vec_reserve(T->A, &T->nodes, T->nodes.len + 1)) { VYRE__OOM(T->err, "TOML nodes", (T->nodes.len + 1) * sizeof(vyre__tnode)); return -1; }
    n = (vyre__tnode *)T->nodes.data + T->nodes.len;
    memset(n, 0, sizeof *n); n->type = type; n->line = T->line; n->first = n->last = n->next = -1;
    return (int32_t)T->nodes.len++;
}
static void vyre__t_add(vyre__toml *T, int32_t parent, int32_t child) {
    if (VYRE__TN(T, parent).last < 0) VYRE__TN(T, parent).first = child; else VYRE__TN(T, VYRE__TN(T, parent).last).next = child;
    VYRE__TN(T, parent).last = child;
}
static int32_t vyre__t_find(vyre__toml *T, int32_t tab, const char *key) {
    int32_t c;
    for (c = VYRE__TN(T, tab).first; c >= 0; c = VYRE__TN(T, c).next) if (VYRE__TN(T, c).key && strcmp(VYRE__TN(T, c).key, key) == 0) return c;
    return -1;
}
static void vyre__t_free(vyre__toml *T) {
    size_t k;
    for (k = 0; k < T->nodes.len; k++) { vyre_free(T->A, ((vyre__tnode *)T->nodes.data)[k].key); vyre_free(T->A, ((vyre__tnode *)T->nodes.data)[k].s); }
    vyre_free(T->A, T->nodes.data); T->nodes.data = NULL; T->nodes.len = T->nodes.cap = 0;
}
/* whitespace, comments; nl: also newlines */
static vyre_result vyre__t_ws(vyre__toml *T, int nl) {
    while (T->p < T->e) {
        char c = *T->p;
        if (c == ' ' || c == '\t') T->p++;
        else if (c == '#') {
            while (T->p < T->e && *T->p != '\n') {
                unsigned char u = (unsigned char)*T->p;
                if ((u < 0x20 && u != '\t' && u != '\r') || u == 0x7f) return vyre__t_err(T, "Fix: remove control characters from comments.", "control character in a comment");
                T->p++;
            }
        } else if (nl && c == '\n') { T->p++; T->line++; }
        else if (nl && c == '\r' && T->p + 1 < T->e && T->p[1] == '\n') { T->p += 2; T->line++; }
        else break;
    }
    return VYRE_OK;
}
typedef struct { char *d; size_t n, cap; int oom; const vyre_allocator *A; } vyre__sbuf;
static void vyre__sb_put(vyre__sbuf *b, const char *s, size_t n) {
    if (b->oom) return;
    if (b->n + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 64; char *q;
        while (nc < b->n + n + 1) nc *= 2;
        q = (char *)vyre_realloc(b->A, b->d, nc);
        if (!q) { b->oom = 1; return; }
        b->d = q; b->cap = nc;
    }
    memcpy(b->d + b->n, s, n); b->n += n; b->d[b->n] = 0;
}
static void vyre__sb_utf8(vyre__sbuf *b, uint32_t cp) {
    char o[4]; size_t n;
    if (cp < 0x80) { o[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { o[0] = (char)(0xC0 | (cp >> 6)); o[1] = (char)(0x80 | (cp & 63)); n = 2; }
    else if (cp < 0x10000) { o[0] = (char)(0xE0 | (cp >> 12)); o[1] = (char)(0x80 | ((cp >> 6) & 63)); o[2] = (char)(0x80 | (cp & 63)); n = 3; }
    else { o[0] = (char)(0xF0 | (cp >> 18)); o[1] = (char)(0x80 | ((cp >> 12) & 63)); o[2] = (char)(0x80 | ((cp >> 6) & 63)); o[3] = (char)(0x80 | (cp & 63)); n = 4; }
    vyre__sb_put(b, o, n);
}
/* a string at T->p (one of " ' """ '''); the result into b */
static vyre_result vyre__t_string(vyre__toml *T, vyre__sbuf *b, int allow_multi) {
    char q = *T->p;
    int multi = allow_multi && T->e - T->p >= 3 && T->p[1] == q && T->p[2] == q;
    vyre__sb_put(b, "", 0);
    T->p += multi ? 3 : 1;
    if (multi) { /* a newline right after the opening quotes is trimmed */
        if (T->p < T->e && *T->p == '\n') { T->p++; T->line++; }
        else if (T->e - T->p >= 2 && T->p[0] == '\r' && T->p[1] == '\n') { T->p += 2; T->line++; }
    }
    for (;;) {
        unsigned char c;
        if (T->p >= T->e) return vyre__t_err(T, "Fix: close the string with its quote.", "unterminated string");
        c = (unsigned char)*T->p;
        if (c == (unsigned char)q) {
            if (!multi) { T->p++; break; }
            if (T->e - T->p >= 3 && T->p[1] == q && T->p[2] == q) {
                /* up to two more quotes before the closing three belong to the string */
                int extra = 0;
                while (extra < 2 && T->e - T->p >= 4 + extra && T->p[3 + extra] == q) extra++;
                vyre__sb_put(b, T->p, (size_t)extra);
                T->p += 3 + extra; break;
            }
            vyre__sb_put(b, T->p, 1); T->p++; continue;
        }
        if (c == '\n') {
            if (!multi) return vyre__t_err(T, "Fix: close the string on the same line, or use a multi-line string (''' or \"\"\").", "newline in a single-line string");
            vyre__sb_put(b, "\n", 1); T->p++; T->line++; continue;
        }
        if (c == '\r' && multi && T->p + 1 < T->e && T->p[1] == '\n') { vyre__sb_put(b, "\n", 1); T->p += 2; T->line++; continue; }
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return vyre__t_err(T, "Fix: write control characters as escapes (\\n, \\t, \\uXXXX) in a basic string.", "control character in a string");
        if (c == '\\' && q == '"') {
            char x;
            T->p++;
            if (T->p >= T->e) return vyre__t_err(T, "Fix: close the string with its quote.", "unterminated string");
            x = *T->p;
            if (multi && (x == ' ' || x == '\t' || x == '\n' || x == '\r')) { /* line-ending backslash */
                const char *s = T->p; int saw_nl = 0;
                while (s < T->e && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) { if (*s == '\n') { saw_nl = 1; T->line++; } s++; }
                if (!saw_nl) return vyre__t_err(T, "Fix: a backslash before spaces must end the line in a multi-line string.", "invalid escape '\\ '");
                T->p = s; continue;
            }
            T->p++;
            switch (x) {
            case 'b': vyre__sb_put(b, "\b", 1); break;
            case 't': vyre__sb_put(b, "\t", 1); break;
            case 'n': vyre__sb_put(b, "\n", 1); break;
            case 'f': vyre__sb_put(b, "\f", 1); break;
            case 'r': vyre__sb_put(b, "\r", 1); break;
            case 'e': vyre__sb_put(b, "\x1b", 1); break;
            case '"': vyre__sb_put(b, "\"", 1); break;
            case '\\': vyre__sb_put(b, "\\", 1); break;
            case 'u': case 'U': {
                int nd = x == 'u' ? 4 : 8, k; uint32_t cp = 0;
                for (k = 0; k < nd; k++) {
                    char h = T->p < T->e ? *T->p : 0; int v;
                    if (h >= '0' && h <= '9') v = h - '0'; else if (h >= 'a' && h <= 'f') v = h - 'a' + 10; else if (h >= 'A' && h <= 'F') v = h - 'A' + 10;
                    else return vyre__t_err(T, "Fix: write \\u with 4 or \\U with 8 hex digits.", "bad unicode escape");
                    cp = cp * 16 + (uint32_t)v; T->p++;
                }
                if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return vyre__t_err(T, "Fix: use a Unicode scalar value (not a surrogate, at most 10FFFF).", "invalid unicode escape");
                vyre__sb_utf8(b, cp); break; }
            default:
                return vyre__t_err(T, "Fix: use a literal string ('...' or '''...''') for regexes, or escape the backslash (\\\\).", "invalid escape in a basic string");
            }
            continue;
        }
        vyre__sb_put(b, T->p, 1); T->p++;
    }
    if (b->oom) return VYRE__OOM(T->err, "TOML string", b->cap * 2);
    return VYRE_OK;
}
static int vyre__t_barech(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'; }
/* a key (bare or quoted); lower-cased (viper's keys are case-insensitive) */
static vyre_result vyre__t_key(vyre__toml *T, vyre__sbuf *b) {
    size_t k;
    b->n = 0; vyre__sb_put(b, "", 0);
    if (T->p < T->e && (*T->p == '"' || *T->p == '\'')) { vyre_result r = vyre__t_string(T, b, 0); if (r) return r; }
    else {
        const char *s = T->p;
        while (T->p < T->e && vyre__t_barech(*T->p)) T->p++;
        if (T->p == s) return vyre__t_err(T, "Fix: write key = value, a [table] or an [[array of tables]].", "expected a key");
        vyre__sb_put(b, s, (size_t)(T->p - s));
    }
    if (b->oom) return VYRE__OOM(T->err, "TOML key", b->cap);
    for (k = 0; k < b->n; k++) if (b->d[k] >= 'A' && b->d[k] <= 'Z') b->d[k] = (char)(b->d[k] | 0x20);
    return VYRE_OK;
}
static char *vyre__strndup(const vyre_allocator *A, const char *s, size_t n) {
    char *d = (char *)vyre_alloc(A, n + 1);
    if (d) { memcpy(d, s, n); d[n] = 0; }
    return d;
}
static vyre_result vyre__t_value(vyre__toml *T, int32_t *out, int depth);
static vyre_result vyre__t_value(vyre__toml *T, int32_t *out, int depth) {
    vyre_result r;
    int32_t n;
    if (T->p >= T->e) return vyre__t_err(T, "Fix: give the key a value.", "expected a value");
    if (depth > 64) return vyre__t_err(T, "Fix: nest arrays less than 64 deep.", "arrays nested too deep");
    if (*T->p == '"' || *T->p == '\'') {
        vyre__sbuf b; memset(&b, 0, sizeof b); b.A = T->A;
        r = vyre__t_string(T, &b, 1);
        if (r) { vyre_free(T->A, b.d); return r; }
        if ((n = vyre__t_new(T, VYRE__TV_STR)) < 0) { vyre_free(T->A, b.d); return VYRE_ERR_OUT_OF_MEMORY; }
        VYRE__TN(T, n).s = b.d; VYRE__TN(T, n).slen = b.n;
        *out = n; return VYRE_OK;
    }
    if (*T->p == '[') {
        if ((n = vyre__t_new(T, VYRE__TV_ARR)) < 0) return VYRE_ERR_OUT_OF_MEMORY;
        T->p++;
        for (;;) {
            int32_t c;
            if ((r = vyre__t_ws(T, 1))) return r;
            if (T->p < T->e && *T->p == ']') { T->p++; break; }
            if ((r = vyre__t_value(T, &c, depth + 1))) return r;
            vyre__t_add(T, n, c);
            if ((r = vyre__t_ws(T, 1))) return r;
            if (T->p < T->e && *T->p == ',') { T->p++; continue; }
            if (T->p < T->e && *T->p == ']') { T->p++; break; }
            return vyre__t_err(T, "Fix: separate array items with commas and close the array with ].", "expected ',' or ']' in an array");
        }
        *out = n; return VYRE_OK;
    }
    if (*T->p == '{') {
        r = vyre_set_error(T->err, VYRE_ERR_RULES_UNSUPPORTED, "Fix: write the inline table as a [table] section.", "%s line %u: inline tables are not supported", T->file, T->line);
        if (T->err) T->err->offset = T->line;
        return r;
    }
    { /* bare word: boolean, integer, float */
        const char *s = T->p; char buf[80]; size_t L, k, o = 0; int isf = 0;
        while (T->p < T->e && (vyre__t_barech(*T->p) || *T->p == '+' || *T->p == '.')) T->p++;
        L = (size_t)(T->p - s);
        if ((L == 4 && memcmp(s, "true", 4) == 0) || (L == 5 && memcmp(s, "false", 5) == 0)) {
            if ((n = vyre__t_new(T, VYRE__TV_BOOL)) < 0) return VYRE_ERR_OUT_OF_MEMORY;
            VYRE__TN(T, n).i = L == 4; *out = n; return VYRE_OK;
        }
        if (L == 0 || L >= sizeof buf) return vyre__t_err(T, "Fix: values are \"strings\", 'literal strings', numbers, true/false or [arrays].", "expected a value");
        for (k = 0; k < L; k++) {
            char c = s[k];
            if (c == '_') { /* underscores only between digits */
                if (k == 0 || k + 1 == L || !(s[k - 1] >= '0' && s[k - 1] <= '9') || !(s[k + 1] >= '0' && s[k + 1] <= '9'))
                    return vyre__t_err(T, "Fix: put underscores in numbers only between digits.", "bad number");
                continue;
            }
            if (c == '.' || c == 'e' || c == 'E') isf = 1;
            else if (!((c >= '0' && c <= '9') || c == '+' || c == '-')) return vyre__t_err(T, "Fix: quote string values: \"...\" or '...'.", "expected a value (bare words are not strings)");
            buf[o++] = c;
        }
        buf[o] = 0;
        { /* strict shape: [+-]digits[.digits][e[+-]digits], no leading zeros */
            const char *q = buf; int digits = 0;
            if (*q == '+' || *q == '-') q++;
            if (q[0] == '0' && q[1] >= '0' && q[1] <= '9') return vyre__t_err(T, "Fix: write numbers without leading zeros.", "bad number");
            while (*q >= '0' && *q <= '9') { q++; digits++; }
            if (!digits) return vyre__t_err(T, "Fix: write a decimal number such as 3 or 3.5.", "bad number");
            if (*q == '.') { q++; digits = 0; while (*q >= '0' && *q <= '9') { q++; digits++; } if (!digits) return vyre__t_err(T, "Fix: put digits after the decimal point.", "bad number"); }
            if (*q == 'e' || *q == 'E') { q++; if (*q == '+' || *q == '-') q++; digits = 0; while (*q >= '0' && *q <= '9') { q++; digits++; } if (!digits) return vyre__t_err(T, "Fix: put digits after the exponent.", "bad number"); }
            if (*q) return vyre__t_err(T, "Fix: write a decimal number such as 3 or 3.5.", "bad number");
        }
        if ((n = vyre__t_new(T, isf ? VYRE__TV_FLT : VYRE__TV_INT)) < 0) return VYRE_ERR_OUT_OF_MEMORY;
        if (isf) VYRE__TN(T, n).f = strtod(buf, NULL);
        else {
            errno = 0; VYRE__TN(T, n).i = (int64_t)strtoll(buf, NULL, 10);
            if (errno) return vyre__t_err(T, "Fix: integers must fit in 64 bits.", "integer out of range");
        }
        *out = n; return VYRE_OK;
    }
}
/* parse the whole document; node 0 is the root table */
static vyre_result vyre__t_parse(vyre__toml *T, const char *text, size_t len) {
    vyre__sbuf kb; vyre_result r = VYRE_OK;
    int32_t root, cur;
    memset(&kb, 0, sizeof kb); kb.A = T->A;
    T->p = text; T->e = text + len; T->line = 1;
    T->nodes.item = sizeof(vyre__tnode);
    if ((root = vyre__t_new(T, VYRE__TV_TAB)) < 0) return VYRE_ERR_OUT_OF_MEMORY;
    cur = root;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) T->p += 3;
    while (r == VYRE_OK) {
        if ((r = vyre__t_ws(T, 1))) break;
        if (T->p >= T->e) break;
        if (*T->p == '[') { /* [a.b] or [[a.b]] */
            int arr = T->e - T->p >= 2 && T->p[1] == '[';
            int32_t t = root;
            T->p += arr ? 2 : 1;
            for (;;) {
                int32_t c; int last;
                if ((r = vyre__t_ws(T, 0))) break;
                if ((r = vyre__t_key(T, &kb))) break;
                if ((r = vyre__t_ws(T, 0))) break;
                last = !(T->p < T->e && *T->p == '.');
                c = vyre__t_find(T, t, kb.d);
                if (!last) {
                    T->p++;
                    if (c < 0) {
                        if ((c = vyre__t_new(T, VYRE__TV_TAB)) < 0 || !(VYRE__TN(T, c).key = vyre__strndup(T->A, kb.d, kb.n))) { r = VYRE__OOM(T->err, "TOML key", kb.n); break; }
                        vyre__t_add(T, t, c);
                    }
                    if (VYRE__TN(T, c).type == VYRE__TV_ARR) {
                        if (VYRE__TN(T, c).last < 0 || VYRE__TN(T, VYRE__TN(T, c).last).type != VYRE__TV_TAB) { r = vyre__t_err(T, "Fix: a table header cannot name into a plain array.", "key is not a table"); break; }
                        c = VYRE__TN(T, c).last;
                    } else if (VYRE__TN(T, c).type != VYRE__TV_TAB) { r = vyre__t_err(T, "Fix: rename the key or the table; one key cannot be both a value and a table.", "key is already a value"); break; }
                    t = c; continue;
                }
                if (arr) {
                    int32_t item;
                    if (c < 0) {
                        if ((c = vyre__t_new(T, VYRE__TV_ARR)) < 0 || !(VYRE__TN(T, c).key = vyre__strndup(T->A, kb.d, kb.n))) { r = VYRE__OOM(T->err, "TOML key", kb.n); break; }
                        VYRE__TN(T, c).defined_header = 2;
                        vyre__t_add(T, t, c);
                    } else if (VYRE__TN(T, c).type != VYRE__TV_ARR || VYRE__TN(T, c).defined_header != 2) { r = vyre__t_err(T, "Fix: [[name]] cannot reuse a key that is already a table or value.", "array of tables redefines a key"); break; }
                    if ((item = vyre__t_new(T, VYRE__TV_TAB)) < 0) { r = VYRE_ERR_OUT_OF_MEMORY; break; }
                    vyre__t_add(T, c, item);
                    cur = item;
                } else {
                    if (c < 0) {
                        if ((c = vyre__t_new(T, VYRE__TV_TAB)) < 0 || !(VYRE__TN(T, c).key = vyre__strndup(T->A, kb.d, kb.n))) { r = VYRE__OOM(T->err, "TOML key", kb.n); break; }
                        vyre__t_add(T, t, c);
                    } else if (VYRE__TN(T, c).type != VYRE__TV_TAB || VYRE__TN(T, c).defined_header) { r = vyre__t_err(T, "Fix: define each [table] once.", "table defined twice"); break; }
                    VYRE__TN(T, c).defined_header = 1; VYRE__TN(T, c).line = T->line;
                    cur = c;
                }
                break;
            }
            if (r) break;
            if (T->p >= T->e || *T->p != ']' || (arr && (T->e - T->p < 2 || T->p[1] != ']'))) { r = vyre__t_err(T, arr ? "Fix: close the header with ]]." : "Fix: close the header with ].", "unterminated table header"); break; }
            T->p += arr ? 2 : 1;
        } else { /* key = value (dotted keys make sub-tables) */
            int32_t t = cur, v, c;
            uint32_t kline = T->line;
            for (;;) {
                if ((r = vyre__t_key(T, &kb))) break;
                if ((r = vyre__t_ws(T, 0))) break;
                if (T->p < T->e && *T->p == '.') {
                    T->p++;
                    if ((r = vyre__t_ws(T, 0))) break;
                    c = vyre__t_find(T, t, kb.d);
                    if (c < 0) {
                        if ((c = vyre__t_new(T, VYRE__TV_TAB)) < 0 || !(VYRE__TN(T, c).key = vyre__strndup(T->A, kb.d, kb.n))) { r = VYRE__OOM(T->err, "TOML key", kb.n); break; }
                        vyre__t_add(T, t, c);
                    } else if (VYRE__TN(T, c).type != VYRE__TV_TAB) { r = vyre__t_err(T, "Fix: one key cannot be both a value and a table.", "dotted key names a value"); break; }
                    t = c; continue;
                }
                break;
            }
            if (r) break;
            if (vyre__t_find(T, t, kb.d) >= 0) { r = vyre__t_err(T, "Fix: give each key once per table.", "duplicate key"); break; }
            if (T->p >= T->e || *T->p != '=') { r = vyre__t_err(T, "Fix: write key = value.", "expected '=' after a key"); break; }
            T->p++;
            if ((r = vyre__t_ws(T, 0))) break;
            if ((r = vyre__t_value(T, &v, 0))) break;
            if (!(VYRE__TN(T, v).key = vyre__strndup(T->A, kb.d, kb.n))) { r = VYRE__OOM(T->err, "TOML key", kb.n); break; }
            VYRE__TN(T, v).line = kline;
            vyre__t_add(T, t, v);
            if ((r = vyre__t_ws(T, 0))) break;
            if (T->p < T->e && !(*T->p == '\n' || (*T->p == '\r' && T->p + 1 < T->e && T->p[1] == '\n'))) { r = vyre__t_err(T, "Fix: put one key = value per line.", "expected a newline after a value"); break; }
        }
    }
    vyre_free(T->A, kb.d);
    return r;
}
/* ---- >>rules-load: gitleaks' config (config/config.go Translate, rule.go / allowlist.go Validate) ---- */
typedef struct vyre__gl_allow {
    int and_cond, target;          /* target 0 secret, 1 match, 2 line */
    uint32_t ncommits;
    vyre_regex_set *paths, *regexes;   /* joined "(?:a|b)" as gitleaks joins them */
    char **stop; uint32_t nstop;
} vyre__gl_allow;
/* one [[rules.required]] entry (config.Required) */
typedef struct vyre__gl_req {
    char *id; uint32_t line;
    uint32_t rule;                 /* the required rule's index after loading; UINT32_MAX: not in the final rules (disabled) */
    int has_lines, has_cols; int64_t lines, cols;   /* withinLines / withinColumns (nil when has_* = 0) */
} vyre__gl_req;
typedef struct vyre__gl_rule {
    char *id, *desc, *regex, *path;
    uint32_t secret_group; double entropy;
    char **kw; uint32_t nkw; char **tags; uint32_t ntags;
    uint32_t *kwi;                 /* each keyword's index in vyre_rules.kw (UINT32_MAX: empty keyword) */
    vyre_regex_set *re, *pre;
    vyre__gl_allow *al; uint32_t nal;
    vyre__gl_req *req; uint32_t nreq; int skip_report;
    uint32_t line;                 /* line of its [[rules]] header in the top file (0: extended) */
} vyre__gl_rule;
struct vyre_rules {
    vyre_allocator A;
    vyre__gl_rule *rules; uint32_t nrules;
    vyre__gl_allow *global; uint32_t nglobal;
    vyre_literal_set *kwset; uint32_t nkw; char **kw;   /* distinct lower-cased keywords */
    char *config_path;
    uint32_t max_decode_depth;
    vyre_regex_set *cset;     /* the shared confirm set: pattern i is rule cset_rule[i]'s regex (NULL: none) */
    uint32_t *cset_rule, ncset, cset_min;
};
static vyre_result vyre__gl_err(vyre_error *err, vyre_result code, uint32_t line, uint32_t rule, const char *id, const char *key,
                                const char *fix, const char *what) {
    vyre_result r = vyre_set_error(err, code, fix, "line %u: rule '%s' key '%s': %s", line, id ? id : "", key ? key : "", what);
    if (err) { err->offset = line; err->pattern_index = rule; }
    return r;
}
static vyre_result vyre__gl_compile(const vyre_allocator *A, const char *pat, vyre_regex_set **out, uint32_t line, uint32_t ri, const char *id, const char *key, vyre_error *err) {
    vyre_regex re; vyre_regex_desc d; vyre_result r; vyre_error e2;
    memset(&re, 0, sizeof re); memset(&d, 0, sizeof d);
    re.pattern = pat; re.len = strlen(pat); d.allocator = *A;
    if (!re.len) { /* an empty regex matches everywhere; vyre's compiler takes "(?:)" */
        re.pattern = "(?:)"; re.len = 4;
    }
    r = vyre_regex_set_compile(&re, 1, &d, out, &e2);
    if (r != VYRE_OK) {
        char msg[600];
        snprintf(msg, sizeof msg, "regex does not compile at byte %llu: %s", (unsigned long long)e2.offset, e2.message);
        return vyre__gl_err(err, r, line, ri, id, key, e2.fix[0] ? e2.fix : "Fix: write the regex in RE2/Go syntax.", msg);
    }
    return VYRE_OK;
}
static void vyre__gl_allow_free(const vyre_allocator *A, vyre__gl_allow *a) {
    uint32_t k;
    vyre_regex_set_free(a->paths); vyre_regex_set_free(a->regexes);
    for (k = 0; k < a->nstop; k++) vyre_free(A, a->stop[k]);
    vyre_free(A, a->stop);
}
static void vyre__gl_rule_free(const vyre_allocator *A, vyre__gl_rule *r) {
    uint32_t k;
    vyre_free(A, r->id); vyre_free(A, r->desc); vyre_free(A, r->regex); vyre_free(A, r->path);
    for (k = 0; k < r->nkw; k++) vyre_free(A, r->kw[k]);
    for (k = 0; k < r->ntags; k++) vyre_free(A, r->tags[k]);
    vyre_free(A, r->kw); vyre_free(A, r->tags); vyre_free(A, r->kwi);
    for (k = 0; k < r->nreq; k++) vyre_free(A, r->req[k].id);
    vyre_free(A, r->req);
    vyre_regex_set_free(r->re); vyre_regex_set_free(r->pre);
    for (k = 0; k < r->nal; k++) vyre__gl_allow_free(A, &r->al[k]);
    vyre_free(A, r->al);
}
VYREDEF void vyre_rules_free(vyre_rules *R) {
    uint32_t k; vyre_allocator A;
    if (!R) return;
    A = R->A;
    for (k = 0; k < R->nrules; k++) vyre__gl_rule_free(&A, &R->rules[k]);
    for (k = 0; k < R->nglobal; k++) vyre__gl_allow_free(&A, &R->global[k]);
    for (k = 0; k < R->nkw; k++) vyre_free(&A, R->kw[k]);
    vyre_free(&A, R->rules); vyre_free(&A, R->global); vyre_free(&A, R->kw); vyre_free(&A, R->config_path);
    vyre_literal_set_free(R->kwset);
    vyre_regex_set_free(R->cset); vyre_free(&A, R->cset_rule);
    vyre_free(&A, R);
}
VYREDEF uint32_t vyre_rules_count(const vyre_rules *R) { return R ? R->nrules : 0; }

/* string array from a TOML array node */
static vyre_result vyre__gl_strs(vyre__toml *T, int32_t n, char ***out, uint32_t *count, int lower, uint32_t ri, const char *id, vyre_error *err) {
    int32_t c; uint32_t k = 0, cnt = 0;
    if (VYRE__TN(T, n).type != VYRE__TV_ARR)
        return vyre__gl_err(err, VYRE_ERR_RULES_INVALID, VYRE__TN(T, n).line, ri, id, VYRE__TN(T, n).key, "Fix: write an array of strings, e.g. ['a', 'b'].", "expected an array of strings");
    for (c = VYRE__TN(T, n).first; c >= 0; c = VYRE__TN(T, c).next) {
        if (VYRE__TN(T, c).type != VYRE__TV_STR)
            return vyre__gl_err(err, VYRE_ERR_RULES_INVALID, VYRE__TN(T, n).line, ri, id, VYRE__TN(T, n).key, "Fix: every item must be a string.", "array item is not a string");
        cnt++;
    }
    *out = (char **)vyre__calloc(T->A, cnt ? cnt : 1, sizeof(char *), "rule strings", err);
    if (!*out) return VYRE_ERR_OUT_OF_MEMORY;
    for (c = VYRE__TN(T, n).first; c >= 0; c = VYRE__TN(T, c).next) {
        size_t j;
        char *s = vyre__strndup(T->A, VYRE__TN(T, c).s, VYRE__TN(T, c).slen);
        if (!s) return VYRE__OOM(err, "rule string", VYRE__TN(T, c).slen);
        if (lower) for (j = 0; s[j]; j++) if (s[j] >= 'A' && s[j] <= 'Z') s[j] = (char)(s[j] | 0x20);
        (*out)[k++] = s; *count = k;
    }
    return VYRE_OK;
}
static int vyre__gl_ieq(const char *a, const char *b) {
    for (; *a && *b; a++, b++) { char x = *a, y = *b; if (x >= 'A' && x <= 'Z') x |= 0x20; if (y >= 'A' && y <= 'Z') y |= 0x20; if (x != y) return 0; }
    return *a == *b;
}
/* one allowlist table (parseAllowlist + Validate); targets: global targetRules out */
static vyre_result vyre__gl_allowlist(vyre__toml *T, int32_t tab, vyre__gl_allow *a, int global, char ***targets, uint32_t *ntargets,
                                      uint32_t ri, const char *id, vyre_error *err) {
    int32_t c; vyre_result r = VYRE_OK;
    char **paths = NULL, **res = NULL, **commits = NULL; uint32_t np = 0, nr = 0, nc = 0, k;
    const vyre_allocator *A = T->A;
    memset(a, 0, sizeof *a);
    for (c = VYRE__TN(T, tab).first; c >= 0 && r == VYRE_OK; c = VYRE__TN(T, c).next) {
        const char *key = VYRE__TN(T, c).key; uint32_t ln = VYRE__TN(T, c).line; int ty = VYRE__TN(T, c).type;
        if (strcmp(key, "description") == 0) { if (ty != VYRE__TV_STR) r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, ln, ri, id, key, "Fix: write description = \"...\".", "expected a string"); }
        else if (strcmp(key, "condition") == 0 || strcmp(key, "regextarget") == 0) {
            const char *s;
            if (ty != VYRE__TV_STR) { r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, ln, ri, id, key, "Fix: write the value as a string.", "expected a string"); break; }
            s = VYRE__TN(T, c).s;
            if (key[0] == 'c') {
                if (vyre__gl_ieq(s, "and") || strcmp(s, "&&") == 0) a->and_cond = 1;
                else if (!(s[0] == 0 || vyre__gl_ieq(s, "or") || strcmp(s, "||") == 0))
                    r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, ln, ri, id, key, "Fix: write condition = \"AND\" or \"OR\".", "unknown allowlist |condition| (expected 'and', 'or')");
            } else {
                if (strcmp(s, "") == 0 || strcmp(s, "secret") == 0) a->target = 0;
                else if (strcmp(s, "match") == 0) a->target = 1;
                else if (strcmp(s, "line") == 0) a->target = 2;
                else r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, ln, ri, id, key, "Fix: write regexTarget = \"secret\", \"match\" or \"line\" (case matters).", "unknown allowlist |regexTarget| (expected 'match', 'line')");
            }
        }
        else if (strcmp(key, "paths") == 0) r = vyre__gl_strs(T, c, &paths, &np, 0, ri, id, err);
        else if (strcmp(key, "regexes") == 0) r = vyre__gl_strs(T, c, &res, &nr, 0, ri, id, err);
        else if (strcmp(key, "commits") == 0) r = vyre__gl_strs(T, c, &commits, &nc, 0, ri, id, err);
        else if (strcmp(key, "stopwords") == 0) r = vyre__gl_strs(T, c, &a->stop, &a->nstop, 1, ri, id, err);
        else if (global && strcmp(key, "targetrules") == 0) r = vyre__gl_strs(T, c, targets, ntargets, 0, ri, id, err);
        else r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, ln, ri, id, key, "Fix: use description, condition, regexTarget, regexes, paths, commits, stopwords (and targetRules in a global allowlist).", "unknown allowlist key");
    }
    if (r == VYRE_OK && !np && !nr && !nc && !a->nstop)
        r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, VYRE__TN(T, tab).line, ri, id, "allowlist", "Fix: give the allowlist commits, paths, regexes or stopwords, or delete it.", "must contain at least one check for: commits, paths, regexes, or stopwords");
    a->ncommits = nc;
    /* joinRegexOr: "(?:" + p1 + "|" + p2 ... + ")" */
    for (k = 0; k < 2 && r == VYRE_OK; k++) {
        char **v = k ? res : paths; uint32_t n = k ? nr : np, j; vyre__sbuf b;
        if (!n) continue;
        memset(&b, 0, sizeof b); b.A = A;
        vyre__sb_put(&b, "(?:", 3);
        for (j = 0; j < n; j++) {
            /* each must compile alone (regexp.MustCompile) */
            vyre_regex_set *one = NULL;
            r = vyre__gl_compile(A, v[j], &one, VYRE__TN(T, tab).line, ri, id, k ? "regexes" : "paths", err);
            vyre_regex_set_free(one);
            if (r) break;
            if (j) vyre__sb_put(&b, "|", 1);
            vyre__sb_put(&b, v[j], strlen(v[j]));
        }
        vyre__sb_put(&b, ")", 1);
        if (r == VYRE_OK && b.oom) r = VYRE__OOM(err, "allowlist regex", b.cap);
        if (r == VYRE_OK) r = vyre__gl_compile(A, b.d, k ? &a->regexes : &a->paths, VYRE__TN(T, tab).line, ri, id, k ? "regexes" : "paths", err);
        vyre_free(A, b.d);
    }
    for (k = 0; k < np; k++) vyre_free(A, paths[k]);
    for (k = 0; k < nr; k++) vyre_free(A, res[k]);
    for (k = 0; k < nc; k++) vyre_free(A, commits[k]);
    vyre_free(A, paths); vyre_free(A, res); vyre_free(A, commits);
    return r;
}
typedef struct vyre__gl_cfg {
    vyre__vec rules;               /* vyre__gl_rule */
    vyre__vec lines;               /* uint32_t: line of each rule's [[rules]] */
    vyre__vec glob;                /* vyre__gl_allow without targets */
    vyre__vec targeted;            /* vyre__gl_allow with targets (top level only) */
    vyre__vec tnames;              /* char*: target rule id per targeted allowlist (one entry per target) */
    vyre__vec tidx;                /* uint32_t: index into targeted per tnames entry */
    int use_default; char *ext_path; char **disabled; uint32_t ndisabled;
} vyre__gl_cfg;
static void vyre__gl_cfg_free(const vyre_allocator *A, vyre__gl_cfg *c) {
    size_t k;
    for (k = 0; k < c->rules.len; k++) vyre__gl_rule_free(A, (vyre__gl_rule *)c->rules.data + k);
    for (k = 0; k < c->glob.len; k++) vyre__gl_allow_free(A, (vyre__gl_allow *)c->glob.data + k);
    for (k = 0; k < c->targeted.len; k++) vyre__gl_allow_free(A, (vyre__gl_allow *)c->targeted.data + k);
    for (k = 0; k < c->tnames.len; k++) vyre_free(A, ((char **)c->tnames.data)[k]);
    for (k = 0; k < c->ndisabled; k++) vyre_free(A, c->disabled[k]);
    vyre_free(A, c->rules.data); vyre_free(A, c->lines.data); vyre_free(A, c->glob.data); vyre_free(A, c->targeted.data);
    vyre_free(A, c->tnames.data); vyre_free(A, c->tidx.data); vyre_free(A, c->disabled); vyre_free(A, c->ext_path);
    memset(c, 0, sizeof *c);
}
static int vyre__gl_push(const vyre_allocator *A, vyre__vec *v, const void *item) {
    if (!vyre__vec_reserve(A, v, v->len + 1)) return 0;
    memcpy((char *)v->data + v->len * v->item, item, v->item); v->len++;
    return 1;
}
static vyre_result vyre__gl_add_allow(vyre__toml *T, int32_t tab, vyre__gl_allow **al, uint32_t *nal, uint32_t ri, const char *id, vyre_error *err) {
    vyre__gl_allow a, *n; vyre_result r = vyre__gl_allowlist(T, tab, &a, 0, NULL, NULL, ri, id, err);
    if (r) { vyre__gl_allow_free(T->A, &a); return r; }
    n = (vyre__gl_allow *)vyre_realloc(T->A, *al, (*nal + 1) * sizeof *n);
    if (!n) { vyre__gl_allow_free(T->A, &a); return VYRE__OOM(err, "allowlists", (*nal + 1) * sizeof *n); }
    *al = n; n[(*nal)++] = a;
    return VYRE_OK;
}
/* [[rules.required]] tables of one rule (viperRequired: id, withinLines, withinColumns) */
static vyre_result vyre__gl_required(vyre__toml *T, int32_t arr, vyre__gl_rule *R, uint32_t ri, const char *id, vyre_error *err) {
    int32_t a, g; vyre_result r = VYRE_OK;
    for (a = VYRE__TN(T, arr).first; a >= 0 && r == VYRE_OK; a = VYRE__TN(T, a).next) {
        vyre__gl_req q, *v; uint32_t ln = VYRE__TN(T, a).line;
        memset(&q, 0, sizeof q); q.line = ln; q.rule = UINT32_MAX;
        if (VYRE__TN(T, a).type != VYRE__TV_TAB) return vyre__gl_err(err, VYRE_ERR_RULES_INVALID, ln, ri, id, "required", "Fix: write [[rules.required]] tables with id = \"RULE\".", "required must be tables");
        for (g = VYRE__TN(T, a).first; g >= 0 && r == VYRE_OK; g = VYRE__TN(T, g).next) {
            const char *k = VYRE__TN(T, g).key; uint32_t l2 = VYRE__TN(T, g).line; int ty = VYRE__TN(T, g).type;
            if (strcmp(k, "id") == 0) {
                if (ty != VYRE__TV_STR) r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, l2, ri, id, "required.id", "Fix: write id = \"RULE\".", "expected a string");
                else if (!q.id && !(q.id = vyre__strndup(T->A, VYRE__TN(T, g).s, VYRE__TN(T, g).slen))) r = VYRE__OOM(err, "required id", 0);
            } else if (strcmp(k, "withinlines") == 0 || strcmp(k, "withincolumns") == 0) {
                int64_t v2 = VYRE__TN(T, g).i;
                if (ty != VYRE__TV_INT || v2 < INT32_MIN || v2 > INT32_MAX) r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, l2, ri, id, k, "Fix: write withinLines = N / withinColumns = N (an integer).", "expected an integer");
                else if (k[6] == 'l') { q.has_lines = 1; q.lines = v2; } else { q.has_cols = 1; q.cols = v2; }
            } else r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, l2, ri, id, k, "Fix: [[rules.required]] takes id, withinLines, withinColumns.", "unknown or mistyped [[rules.required]] key");
        }
        if (r == VYRE_OK && (!q.id || !q.id[0])) r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, ln, ri, id, "required.id", "Fix: give each [[rules.required]] an id = \"RULE\".", "[[rules.required]] rule ID is empty");
        if (r == VYRE_OK && !(v = (vyre__gl_req *)vyre_realloc(T->A, R->req, (R->nreq + 1) * sizeof *v))) r = VYRE__OOM(err, "required rules", 0);
        if (r != VYRE_OK) { vyre_free(T->A, q.id); return r; }
        R->req = v; R->req[R->nreq++] = q;
    }
    return r;
}
/* one file into cfg (ViperConfig + the parts of Translate that do not depend on depth) */
static vyre_result vyre__gl_read(const vyre_allocator *A, const char *text, size_t len, const char *file, int top, vyre__gl_cfg *cfg, vyre_error *err) {
    vyre__toml T; vyre_result r; int32_t c;
    memset(&T, 0, sizeof T); T.A = A; T.err = err; T.file = file;
    cfg->rules.item = sizeof(vyre__gl_rule); cfg->lines.item = 4; cfg->glob.item = sizeof(vyre__gl_allow);
    cfg->targeted.item = sizeof(vyre__gl_allow); cfg->tnames.item = sizeof(char *); cfg->tidx.item = 4;
    r = vyre__t_parse(&T, text, len);
    if (r) { vyre__t_free(&T); return r; }
    for (c = VYRE__TN(&T, 0).first; c >= 0 && r == VYRE_OK; c = VYRE__TN(&T, c).next) {
        const char *key = VYRE__TN(&T, c).key; uint32_t ln = VYRE__TN(&T, c).line; int ty = VYRE__TN(&T, c).type;
        if (strcmp(key, "title") == 0 || strcmp(key, "description") == 0 || strcmp(key, "minversion") == 0) {
            if (ty != VYRE__TV_STR) r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, ln, VYRE_ERROR_NO_PATTERN, NULL, key, "Fix: write the value as a string.", "expected a string");
        } else if (strcmp(key, "extend") == 0 && ty == VYRE__TV_TAB) {
            int32_t e;
            for (e = VYRE__TN(&T, c).first; e >= 0 && r == VYRE_OK; e = VYRE__TN(&T, e).next) {
                const char *k2 = VYRE__TN(&T, e).key; uint32_t l2 = VYRE__TN(&T, e).line; int t2 = VYRE__TN(&T, e).type;
                if (strcmp(k2, "usedefault") == 0 && t2 == VYRE__TV_BOOL) cfg->use_default = (int)VYRE__TN(&T, e).i;
                else if (strcmp(k2, "path") == 0 && t2 == VYRE__TV_STR) { if (!(cfg->ext_path = vyre__strndup(A, VYRE__TN(&T, e).s, VYRE__TN(&T, e).slen))) r = VYRE__OOM(err, "extend path", 0); }
                else if (strcmp(k2, "disabledrules") == 0) r = vyre__gl_strs(&T, e, &cfg->disabled, &cfg->ndisabled, 0, VYRE_ERROR_NO_PATTERN, NULL, err);
                else if (strcmp(k2, "url") == 0) r = vyre__gl_err(err, VYRE_ERR_RULES_UNSUPPORTED, l2, VYRE_ERROR_NO_PATTERN, NULL, "extend.url", "Fix: download the file and use [extend] path = \"FILE\".", "[extend] url is not supported (gitleaks does not implement it either)");
                else r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, l2, VYRE_ERROR_NO_PATTERN, NULL, k2, "Fix: [extend] takes useDefault = true|false, path = \"FILE\", disabledRules = [...].", "unknown or mistyped [extend] key");
            }
        } else if ((strcmp(key, "allowlist") == 0 && ty == VYRE__TV_TAB) || (strcmp(key, "allowlists") == 0 && ty == VYRE__TV_ARR)) {
            int32_t first = ty == VYRE__TV_TAB ? c : VYRE__TN(&T, c).first, a;
            if (ty == VYRE__TV_TAB && vyre__t_find(&T, 0, "allowlists") >= 0) { r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, ln, VYRE_ERROR_NO_PATTERN, NULL, "allowlist", "Fix: move the [allowlist] entries into an [[allowlists]] table.", "[allowlist] is deprecated, it cannot be used alongside [[allowlists]]"); break; }
            if (ty == VYRE__TV_ARR && vyre__t_find(&T, 0, "allowlist") >= 0) continue; /* reported at [allowlist] */
            for (a = first; a >= 0 && r == VYRE_OK; a = ty == VYRE__TV_TAB ? -1 : VYRE__TN(&T, a).next) {
                vyre__gl_allow al; char **tg = NULL; uint32_t nt = 0, k;
                if (VYRE__TN(&T, a).type != VYRE__TV_TAB) { r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, ln, VYRE_ERROR_NO_PATTERN, NULL, key, "Fix: write [[allowlists]] tables.", "allowlists must be tables"); break; }
                r = vyre__gl_allowlist(&T, a, &al, 1, &tg, &nt, VYRE_ERROR_NO_PATTERN, NULL, err);
                if (r == VYRE_OK && nt == 0) { if (!vyre__gl_push(A, &cfg->glob, &al)) r = VYRE__OOM(err, "allowlists", 0); }
                else if (r == VYRE_OK && !top) vyre__gl_allow_free(A, &al); /* gitleaks attaches targeted allowlists at the top level only */
                else if (r == VYRE_OK) {
                    uint32_t ti = (uint32_t)cfg->targeted.len;
                    if (!vyre__gl_push(A, &cfg->targeted, &al)) r = VYRE__OOM(err, "allowlists", 0);
                    for (k = 0; k < nt && r == VYRE_OK; k++) {
                        if (!vyre__gl_push(A, &cfg->tnames, &tg[k]) || !vyre__gl_push(A, &cfg->tidx, &ti)) r = VYRE__OOM(err, "allowlists", 0);
                        else tg[k] = NULL;
                    }
                } else vyre__gl_allow_free(A, &al);
                for (k = 0; k < nt; k++) vyre_free(A, tg[k]);
                vyre_free(A, tg);
            }
        } else if (strcmp(key, "rules") == 0 && ty == VYRE__TV_ARR) {
            int32_t t;
            for (t = VYRE__TN(&T, c).first; t >= 0 && r == VYRE_OK; t = VYRE__TN(&T, t).next) {
                vyre__gl_rule R; int32_t f, idn; uint32_t ri = (uint32_t)cfg->rules.len, tl;
                const char *id;
                memset(&R, 0, sizeof R);
                R.line = top ? VYRE__TN(&T, t).line : 0;
                if (VYRE__TN(&T, t).type != VYRE__TV_TAB) { r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, ln, ri, NULL, "rules", "Fix: write rules as [[rules]] tables.", "rules must be tables"); break; }
                tl = VYRE__TN(&T, t).line;
                idn = vyre__t_find(&T, t, "id");
                id = idn >= 0 && VYRE__TN(&T, idn).type == VYRE__TV_STR ? VYRE__TN(&T, idn).s : "";
                if (vyre__t_find(&T, t, "allowlist") >= 0 && vyre__t_find(&T, t, "allowlists") >= 0) {
                    r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, VYRE__TN(&T, vyre__t_find(&T, t, "allowlist")).line, ri, id, "allowlist", "Fix: move the [rules.allowlist] entries into [[rules.allowlists]].", "[rules.allowlist] is deprecated, it cannot be used alongside [[rules.allowlist]]");
                    break;
                }
                for (f = VYRE__TN(&T, t).first; f >= 0 && r == VYRE_OK; f = VYRE__TN(&T, f).next) {
                    const char *k2 = VYRE__TN(&T, f).key; uint32_t l2 = VYRE__TN(&T, f).line; int t2 = VYRE__TN(&T, f).type;
                    char **dst = NULL;
                    if (strcmp(k2, "id") == 0) dst = &R.id;
                    else if (strcmp(k2, "description") == 0) dst = &R.desc;
                    else if (strcmp(k2, "regex") == 0) dst = &R.regex;
                    else if (strcmp(k2, "path") == 0) dst = &R.path;
                    if (dst) {
                        if (t2 != VYRE__TV_STR) r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, l2, ri, id, k2, "Fix: write the value as a string ('...' for regexes).", "expected a string");
                        else if (!(*dst = vyre__strndup(A, VYRE__TN(&T, f).s, VYRE__TN(&T, f).slen))) r = VYRE__OOM(err, "rule string", 0);
                        else if (memchr(VYRE__TN(&T, f).s, 0, VYRE__TN(&T, f).slen)) r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, l2, ri, id, k2, "Fix: write NUL as \\x00 inside the regex.", "NUL byte in a string");
                    } else if (strcmp(k2, "secretgroup") == 0) {
                        if (t2 != VYRE__TV_INT || VYRE__TN(&T, f).i < 0 || VYRE__TN(&T, f).i > 100000) r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, l2, ri, id, k2, "Fix: write secretGroup = N, a capture group number.", "expected a non-negative integer");
                        else R.secret_group = (uint32_t)VYRE__TN(&T, f).i;
                    } else if (strcmp(k2, "entropy") == 0) {
                        if (t2 == VYRE__TV_FLT) R.entropy = VYRE__TN(&T, f).f;
                        else if (t2 == VYRE__TV_INT) R.entropy = (double)VYRE__TN(&T, f).i;
                        else r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, l2, ri, id, k2, "Fix: write entropy = 3.5.", "expected a number");
                    } else if (strcmp(k2, "keywords") == 0) r = vyre__gl_strs(&T, f, &R.kw, &R.nkw, 1, ri, id, err);
                    else if (strcmp(k2, "tags") == 0) r = vyre__gl_strs(&T, f, &R.tags, &R.ntags, 0, ri, id, err);
                    else if (strcmp(k2, "allowlist") == 0 && t2 == VYRE__TV_TAB) r = vyre__gl_add_allow(&T, f, &R.al, &R.nal, ri, id, err);
                    else if (strcmp(k2, "allowlists") == 0 && t2 == VYRE__TV_ARR) {
                        int32_t a;
                        for (a = VYRE__TN(&T, f).first; a >= 0 && r == VYRE_OK; a = VYRE__TN(&T, a).next) {
                            if (VYRE__TN(&T, a).type != VYRE__TV_TAB) r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, l2, ri, id, k2, "Fix: write [[rules.allowlists]] tables.", "allowlists must be tables");
                            else r = vyre__gl_add_allow(&T, a, &R.al, &R.nal, ri, id, err);
                        }
                    } else if (strcmp(k2, "required") == 0 && t2 == VYRE__TV_ARR) r = vyre__gl_required(&T, f, &R, ri, id, err);
                    else if (strcmp(k2, "skipreport") == 0) {
                        if (t2 != VYRE__TV_BOOL) r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, l2, ri, id, k2, "Fix: write skipReport = true or false.", "expected a boolean");
                        else R.skip_report = (int)VYRE__TN(&T, f).i;
                    }
                    else r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, l2, ri, id, k2, "Fix: rules take id, description, regex, secretGroup, entropy, keywords, path, tags, skipReport, [[rules.allowlists]], [[rules.required]].", "unknown or mistyped rule key");
                }
                if (r == VYRE_OK && !R.id && !(R.id = vyre__strndup(A, "", 0))) r = VYRE__OOM(err, "rule id", 0);
                if (r == VYRE_OK && !R.desc && !(R.desc = vyre__strndup(A, "", 0))) r = VYRE__OOM(err, "rule description", 0);
                if (r == VYRE_OK) { /* a repeated id replaces the earlier rule (gitleaks' rule map) */
                    size_t k; int done = 0;
                    for (k = 0; k < cfg->rules.len; k++) {
                        vyre__gl_rule *o = (vyre__gl_rule *)cfg->rules.data + k;
                        if (strcmp(o->id, R.id) == 0) { vyre__gl_rule_free(A, o); *o = R; ((uint32_t *)cfg->lines.data)[k] = tl; done = 1; break; }
                    }
                    if (!done && (!vyre__gl_push(A, &cfg->rules, &R) || !vyre__gl_push(A, &cfg->lines, &tl))) { vyre__gl_rule_free(A, &R); r = VYRE__OOM(err, "rules", 0); }
                } else vyre__gl_rule_free(A, &R);
            }
            /* Translate: every required id names a rule of this same file (before any extend) */
            {
                size_t k, q, j;
                for (k = 0; k < cfg->rules.len && r == VYRE_OK; k++) {
                    const vyre__gl_rule *x = (const vyre__gl_rule *)cfg->rules.data + k;
                    for (q = 0; q < x->nreq && r == VYRE_OK; q++) {
                        int found = 0;
                        for (j = 0; j < cfg->rules.len && !found; j++) found = strcmp(((const vyre__gl_rule *)cfg->rules.data)[j].id, x->req[q].id) == 0;
                        if (!found) {
                            char m[300]; snprintf(m, sizeof m, "[[rules.required]] rule ID '%.200s' does not exist", x->req[q].id);
                            r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, x->req[q].line, (uint32_t)k, x->id, "required.id", "Fix: name a rule defined in the same file (gitleaks checks before [extend] merges other files).", m);
                        }
                    }
                }
            }
        } else r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, ln, VYRE_ERROR_NO_PATTERN, NULL, key, "Fix: the top level takes title, description, minVersion, [extend], [[rules]], [allowlist] / [[allowlists]].", "unknown or mistyped top-level key");
    }
    vyre__t_free(&T);
    return r;
}
static int vyre__gl_default_read(const char *path, void **data, size_t *len, void *user) {
    const vyre_allocator *A = (const vyre_allocator *)user;
    FILE *f = fopen(path, "rb"); long n; char *b;
    if (!f) return 1;
    if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) { fclose(f); return 1; }
    b = (char *)vyre_alloc(A, (size_t)n + 1);
    if (!b || fread(b, 1, (size_t)n, f) != (size_t)n) { vyre_free(A, b); fclose(f); return 1; }
    fclose(f); *data = b; *len = (size_t)n;
    return 0;
}
static int vyre__gl_cmp_id(const void *a, const void *b) { return strcmp(((const vyre__gl_rule *)a)->id, ((const vyre__gl_rule *)b)->id); }
/* Translate at depth `depth`: read, then extend (maxExtendDepth 2), merging into cfg */
static vyre_result vyre__gl_translate(const vyre_allocator *A, const vyre_rules_desc *d, const char *text, size_t len, const char *file, int depth,
                                      vyre__gl_cfg *cfg, vyre_error *err) {
    vyre_result r = vyre__gl_read(A, text, len, file, depth == 0, cfg, err);
    vyre__gl_cfg ext; size_t k, j;
    if (r || depth == 2) return r;
    if (cfg->use_default && cfg->ext_path)
        return vyre__gl_err(err, VYRE_ERR_RULES_INVALID, 0, VYRE_ERROR_NO_PATTERN, NULL, "extend", "Fix: set either [extend] useDefault = true or path = \"FILE\", not both.", "unable to load config due to extend.path and extend.useDefault being set");
    if (!cfg->use_default && !cfg->ext_path) return VYRE_OK;
    memset(&ext, 0, sizeof ext);
    if (cfg->use_default) {
        if (!d || !d->default_text)
            return vyre__gl_err(err, VYRE_ERR_RULES_INVALID, 0, VYRE_ERROR_NO_PATTERN, NULL, "extend.useDefault", "Fix: set vyre_rules_desc.default_text to the bundled rules (patterns/gitleaks.toml), or remove useDefault.", "useDefault = true but no default rules were given");
        r = vyre__gl_translate(A, d, d->default_text, d->default_len ? d->default_len : strlen(d->default_text), "default", depth + 1, &ext, err);
    } else {
        void *buf = NULL; size_t n = 0;
        int fail = d && d->read_file ? d->read_file(cfg->ext_path, &buf, &n, d->read_user) : vyre__gl_default_read(cfg->ext_path, &buf, &n, (void *)A);
        if (fail) return vyre_set_error(err, VYRE_ERR_IO, "Fix: check the [extend] path (relative paths are relative to the working directory, as in gitleaks).", "failed to load extended config '%s'", cfg->ext_path);
        r = vyre__gl_translate(A, d, (const char *)buf, n, cfg->ext_path, depth + 1, &ext, err);
        vyre_free(A, buf);
    }
    /* Config.extend */
    for (k = 0; k < ext.rules.len && r == VYRE_OK; k++) {
        vyre__gl_rule *b = (vyre__gl_rule *)ext.rules.data + k, *cur = NULL;
        int disabled = 0;
        for (j = 0; j < cfg->ndisabled; j++) if (strcmp(cfg->disabled[j], b->id) == 0) disabled = 1;
        if (disabled) continue;
        for (j = 0; j < cfg->rules.len; j++) if (strcmp(((vyre__gl_rule *)cfg->rules.data)[j].id, b->id) == 0) cur = (vyre__gl_rule *)cfg->rules.data + j;
        if (!cur) {
            uint32_t zero = 0;
            if (!vyre__gl_push(A, &cfg->rules, b) || !vyre__gl_push(A, &cfg->lines, &zero)) { r = VYRE__OOM(err, "rules", 0); break; }
            memset(b, 0, sizeof *b);
        } else { /* the base rule, overridden by the current one's set fields; lists appended */
            vyre__gl_rule m = *b; char **v; vyre__gl_allow *al;
            if (cur->desc[0]) { char *t = m.desc; m.desc = cur->desc; cur->desc = t; }
            if (cur->entropy != 0) m.entropy = cur->entropy;
            if (cur->secret_group) m.secret_group = cur->secret_group;
            if (cur->regex) { char *t = m.regex; m.regex = cur->regex; cur->regex = t; }
            if (cur->path) { char *t = m.path; m.path = cur->path; cur->path = t; }
            v = (char **)vyre_realloc(A, m.tags, (m.ntags + cur->ntags + 1) * sizeof(char *));
            if (!v) { r = VYRE__OOM(err, "tags", 0); break; }
            m.tags = v; for (j = 0; j < cur->ntags; j++) m.tags[m.ntags++] = cur->tags[j]; cur->ntags = 0;
            v = (char **)vyre_realloc(A, m.kw, (m.nkw + cur->nkw + 1) * sizeof(char *));
            if (!v) { r = VYRE__OOM(err, "keywords", 0); break; }
            m.kw = v; for (j = 0; j < cur->nkw; j++) m.kw[m.nkw++] = cur->kw[j]; cur->nkw = 0;
            al = (vyre__gl_allow *)vyre_realloc(A, m.al, (m.nal + cur->nal + 1) * sizeof *al);
            if (!al) { r = VYRE__OOM(err, "allowlists", 0); break; }
            m.al = al; for (j = 0; j < cur->nal; j++) m.al[m.nal++] = cur->al[j]; cur->nal = 0;
            memset(b, 0, sizeof *b);
            { char *id = m.id; m.id = cur->id; cur->id = id; }
            vyre__gl_rule_free(A, cur);
            *cur = m;
        }
    }
    for (k = 0; k < ext.glob.len && r == VYRE_OK; k++) {
        if (!vyre__gl_push(A, &cfg->glob, (vyre__gl_allow *)ext.glob.data + k)) r = VYRE__OOM(err, "allowlists", 0);
        else memset((vyre__gl_allow *)ext.glob.data + k, 0, sizeof(vyre__gl_allow));
    }
    if (r == VYRE_OK && cfg->rules.len) qsort(cfg->rules.data, cfg->rules.len, sizeof(vyre__gl_rule), vyre__gl_cmp_id); /* sort.Strings(OrderedRules) */
    vyre__gl_cfg_free(A, &ext);
    return r;
}
VYREDEF vyre_result vyre_rules_load_gitleaks(const char *text, size_t len, const vyre_rules_desc *desc, vyre_rules **out, vyre_error *err) {
    vyre_allocator A; vyre__gl_cfg cfg; vyre_result r; vyre_rules *R; size_t k, j;
    vyre__clear_error(err);
    if (!out) return VYRE__NULLARG(err, "out");
    *out = NULL;
    if (!text && len) return VYRE__NULLARG(err, "text");
    if ((r = vyre_allocator_resolve(desc ? &desc->allocator : NULL, &A, err))) return r;
    memset(&cfg, 0, sizeof cfg);
    r = vyre__gl_translate(&A, desc, text ? text : "", len, desc && desc->config_path ? desc->config_path : "config", 0, &cfg, err);
    /* depth 0: Rule.Validate, then targeted allowlists */
    for (k = 0; k < cfg.rules.len && r == VYRE_OK; k++) {
        vyre__gl_rule *x = (vyre__gl_rule *)cfg.rules.data + k; const char *s = x->id; int blank = 1;
        for (; *s; s++) if (!(*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\v' || *s == '\f')) blank = 0;
        if (blank) r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, x->line, (uint32_t)k, x->id, "id", "Fix: give every [[rules]] an id = \"...\".", "rule |id| is missing or empty");
        else if ((!x->regex || !x->regex[0]) && (!x->path || !x->path[0]))
            r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, x->line, (uint32_t)k, x->id, "regex", "Fix: give the rule a regex or a path.", "both |regex| and |path| are empty, this rule will have no effect");
        if (r == VYRE_OK && x->regex && x->regex[0]) {
            vyre_regex_pattern_info pi;
            if ((r = vyre__gl_compile(&A, x->regex, &x->re, x->line, (uint32_t)k, x->id, "regex", err))) break;
            vyre_regex_set_pattern(x->re, 0, &pi);
            if (x->secret_group > pi.group_count) {
                char m[160]; snprintf(m, sizeof m, "invalid regex secret group %u, max regex secret group %u", x->secret_group, pi.group_count);
                r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, x->line, (uint32_t)k, x->id, "secretGroup", "Fix: set secretGroup to a capture group of the regex (or 0).", m);
            }
        }
        if (r == VYRE_OK && x->path && x->path[0]) r = vyre__gl_compile(&A, x->path, &x->pre, x->line, (uint32_t)k, x->id, "path", err);
    }
    for (k = 0; k < cfg.tnames.len && r == VYRE_OK; k++) {
        const char *name = ((char **)cfg.tnames.data)[k]; vyre__gl_rule *x = NULL; vyre__gl_allow *al, *src;
        for (j = 0; j < cfg.rules.len; j++) if (strcmp(((vyre__gl_rule *)cfg.rules.data)[j].id, name) == 0) x = (vyre__gl_rule *)cfg.rules.data + j;
        if (!x) { r = vyre__gl_err(err, VYRE_ERR_RULES_INVALID, 0, VYRE_ERROR_NO_PATTERN, name, "targetRules", "Fix: name existing rule ids in targetRules.", "[[allowlists]] target rule ID does not exist"); break; }
        al = (vyre__gl_allow *)vyre_realloc(&A, x->al, (x->nal + 1) * sizeof *al);
        if (!al) { r = VYRE__OOM(err, "allowlists", 0); break; }
        x->al = al;
        src = (vyre__gl_allow *)cfg.targeted.data + ((uint32_t *)cfg.tidx.data)[k];
        /* one allowlist may target several rules: each gets its own compiled copy */
        memset(&al[x->nal], 0, sizeof *al);
        al[x->nal].and_cond = src->and_cond; al[x->nal].target = src->target; al[x->nal].ncommits = src->ncommits;
        x->nal++;
        {
            vyre__gl_allow *d = &al[x->nal - 1]; vyre_regex_pattern_info pi; uint32_t s;
            if (src->paths) { vyre_regex_set_pattern(src->paths, 0, &pi); { char *p = vyre__strndup(&A, pi.pattern, pi.len); if (!p) { r = VYRE__OOM(err, "allowlist", 0); break; } r = vyre__gl_compile(&A, p, &d->paths, 0, 0, name, "paths", err); vyre_free(&A, p); } }
            if (r == VYRE_OK && src->regexes) { vyre_regex_set_pattern(src->regexes, 0, &pi); { char *p = vyre__strndup(&A, pi.pattern, pi.len); if (!p) { r = VYRE__OOM(err, "allowlist", 0); break; } r = vyre__gl_compile(&A, p, &d->regexes, 0, 0, name, "regexes", err); vyre_free(&A, p); } }
            if (r == VYRE_OK && src->nstop) {
                if (!(d->stop = (char **)vyre__calloc(&A, src->nstop, sizeof(char *), "stopwords", err))) { r = VYRE_ERR_OUT_OF_MEMORY; break; }
                for (s = 0; s < src->nstop; s++) { if (!(d->stop[s] = vyre__strndup(&A, src->stop[s], strlen(src->stop[s])))) { r = VYRE__OOM(err, "stopword", 0); break; } d->nstop = s + 1; }
            }
        }
    }
    if (r != VYRE_OK) { vyre__gl_cfg_free(&A, &cfg); return r; }
    R = (vyre_rules *)vyre__calloc(&A, 1, sizeof *R, "rules", err);
    if (!R) { vyre__gl_cfg_free(&A, &cfg); return VYRE_ERR_OUT_OF_MEMORY; }
    R->A = A;
    R->rules = (vyre__gl_rule *)cfg.rules.data; R->nrules = (uint32_t)cfg.rules.len; cfg.rules.data = NULL; cfg.rules.len = 0;
    R->global = (vyre__gl_allow *)cfg.glob.data; R->nglobal = (uint32_t)cfg.glob.len; cfg.glob.data = NULL; cfg.glob.len = 0;
    vyre__gl_cfg_free(&A, &cfg);
    if (desc && desc->config_path && !(R->config_path = vyre__strndup(&A, desc->config_path, strlen(desc->config_path)))) { vyre_rules_free(R); return VYRE__OOM(err, "config path", 0); }
    /* the keyword prefilter: distinct lower-cased keywords, one caseless literal set */
    for (k = 0; k < R->nrules; k++) {
        uint32_t w;
        for (w = 0; w < R->rules[k].nkw; w++) {
            const char *kw = R->rules[k].kw[w]; uint32_t q; int seen = 0;
            if (!kw[0]) continue;
            for (q = 0; q < R->nkw; q++) if (strcmp(R->kw[q], kw) == 0) seen = 1;
            if (seen) continue;
            { char **v = (char **)vyre_realloc(&A, R->kw, (R->nkw + 1) * sizeof(char *));
              if (!v) { vyre_rules_free(R); return VYRE__OOM(err, "keywords", 0); }
              R->kw = v;
              if (!(R->kw[R->nkw] = vyre__strndup(&A, kw, strlen(kw)))) { vyre_rules_free(R); return VYRE__OOM(err, "keywords", 0); }
              R->nkw++; }
        }
    }
    if (R->nkw) {
        vyre_literal *lits = (vyre_literal *)vyre__calloc(&A, R->nkw, sizeof(vyre_literal), "keyword literals", err);
        vyre_compile_desc cd;
        if (!lits) { vyre_rules_free(R); return VYRE_ERR_OUT_OF_MEMORY; }
        for (k = 0; k < R->nkw; k++) { lits[k].bytes = R->kw[k]; lits[k].len = strlen(R->kw[k]); lits[k].flags = VYRE_CASELESS; }
        memset(&cd, 0, sizeof cd); cd.allocator = A;
        r = vyre_literal_set_compile(lits, R->nkw, &cd, &R->kwset, err);
        vyre_free(&A, lits);
        if (r) { vyre_rules_free(R); return r; }
    }
    for (k = 0; k < R->nrules; k++) {
        vyre__gl_rule *x = &R->rules[k]; uint32_t w, q;
        if (x->nkw && !(x->kwi = (uint32_t *)vyre__calloc(&A, x->nkw, sizeof(uint32_t), "keyword indices", err))) { vyre_rules_free(R); return VYRE_ERR_OUT_OF_MEMORY; }
        for (w = 0; w < x->nkw; w++) { x->kwi[w] = UINT32_MAX; for (q = 0; q < R->nkw; q++) if (strcmp(R->kw[q], x->kw[w]) == 0) { x->kwi[w] = q; break; } }
        for (q = 0; q < x->nreq; q++) { /* d.Config.Rules[id]: a rule disabled by a later extend is absent */
            x->req[q].rule = UINT32_MAX;
            for (w = 0; w < R->nrules; w++) if (strcmp(R->rules[w].id, x->req[q].id) == 0) { x->req[q].rule = w; break; }
        }
    }
    R->max_decode_depth = desc ? desc->max_decode_depth : 0;
    R->cset_min = desc && desc->confirm_set_min ? desc->confirm_set_min : VYRE_RULES_CONFIRM_SET_MIN;
    if (R->cset_min != UINT32_MAX) {
        /* the shared confirm set: every rule's regex as one set. Each regex compiled alone above, so a
           combined compile that fails (a size limit of the whole set) only means the per-rule scans */
        vyre_regex *res = (vyre_regex *)vyre__calloc(&A, R->nrules ? R->nrules : 1, sizeof(vyre_regex), "confirm set", err);
        if (!res || !(R->cset_rule = (uint32_t *)vyre__calloc(&A, R->nrules ? R->nrules : 1, sizeof(uint32_t), "confirm set", err))) {
            vyre_free(&A, res); vyre_rules_free(R); return VYRE_ERR_OUT_OF_MEMORY;
        }
        for (k = 0; k < R->nrules; k++)
            if (R->rules[k].re) {
                res[R->ncset].pattern = R->rules[k].regex; res[R->ncset].len = strlen(R->rules[k].regex);
                R->cset_rule[R->ncset++] = (uint32_t)k;
            }
        if (R->ncset >= 2) {
            vyre_regex_desc rd; vyre_error e2;
            memset(&rd, 0, sizeof rd); rd.allocator = A;
            if (vyre_regex_set_compile(res, R->ncset, &rd, &R->cset, &e2) != VYRE_OK) R->cset = NULL;
        }
        vyre_free(&A, res);
    }
    *out = R;
    return VYRE_OK;
}
VYREDEF vyre_result vyre_rules_rule(const vyre_rules *R, uint32_t index, vyre_rule_info *o) {
    const vyre__gl_rule *x;
    if (!R || !o || index >= R->nrules) return VYRE_ERR_INVALID_ARGUMENT;
    x = &R->rules[index];
    memset(o, 0, sizeof *o);
    o->id = x->id; o->description = x->desc; o->regex = x->regex && x->regex[0] ? x->regex : NULL; o->path = x->path && x->path[0] ? x->path : NULL;
    o->secret_group = x->secret_group; o->entropy = x->entropy;
    o->keyword_count = x->nkw; o->tag_count = x->ntags; o->allowlist_count = x->nal;
    o->keywords = (const char *const *)x->kw; o->tags = (const char *const *)x->tags;
    o->required_count = x->nreq; o->skip_report = (uint32_t)x->skip_report;
    return VYRE_OK;
}

/* ---- >>rules-scan: gitleaks' DetectContext / detectRule / location / filter, files mode ---- */
VYREDEF double vyre_rules_entropy(const void *data, size_t len) {
    /* shannonEntropy: counts per rune (Go's range over a string: invalid bytes are U+FFFD), 1/len(bytes) */
    const uint8_t *s = (const uint8_t *)data; size_t i = 0, n = 0, k; double e = 0, inv;
    uint32_t small[257]; /* runes < 256 and U+FFFD (slot 256) counted directly; others in a short list */
    uint32_t big[64], bigc[64]; size_t nb = 0; int overflow = 0;
    if (!len) return 0;
    memset(small, 0, sizeof small);
    while (i < len) {
        uint32_t cp = 0xFFFD; size_t l = 1; uint8_t c = s[i];
        if (c < 0x80) { cp = c; }
        else if (c >= 0xC2 && c <= 0xDF && i + 1 < len && (s[i + 1] & 0xC0) == 0x80) { cp = ((uint32_t)(c & 0x1F) << 6) | (s[i + 1] & 0x3F); l = 2; }
        else if (c >= 0xE0 && c <= 0xEF && i + 2 < len && (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
            uint32_t v = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
            if (v >= 0x800 && !(v >= 0xD800 && v <= 0xDFFF)) { cp = v; l = 3; }
        } else if (c >= 0xF0 && c <= 0xF4 && i + 3 < len && (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80 && (s[i + 3] & 0xC0) == 0x80) {
            uint32_t v = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[i + 1] & 0x3F) << 12) | ((uint32_t)(s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
            if (v >= 0x10000 && v <= 0x10FFFF) { cp = v; l = 4; }
        }
        i += l;
        if (cp < 256) small[cp]++;
        else if (cp == 0xFFFD) small[256]++;
        else {
            for (k = 0; k < nb; k++) if (big[k] == cp) { bigc[k]++; break; }
            if (k == nb) { if (nb < 64) { big[nb] = cp; bigc[nb++] = 1; } else overflow = 1; }
        }
        n++;
    }
    (void)n; (void)overflow; /* more than 64 distinct runes >= 256 in one secret: the rest are not counted (documented) */
    inv = 1.0 / (double)len;
    for (k = 0; k < 257; k++) if (small[k]) { double f = (double)small[k] * inv; e -= f * log2(f); }
    for (k = 0; k < nb; k++) { double f = (double)bigc[k] * inv; e -= f * log2(f); }
    return e;
}
static int vyre__gl_stop_cb(const vyre_re_match *m, const vyre_span *g, void *u) { (void)m; (void)g; (void)u; return 1; }
/* regexp.MatchString: any match, empty ones included */
static int vyre__gl_matches(const vyre_regex_set *set, const void *s, size_t n, vyre_error *err, vyre_result *rc) {
    vyre_re_scan_desc o; vyre_result r;
    if (!set) return 0;
    memset(&o, 0, sizeof o); o.mode = VYRE_RE_LEFTMOST_FIRST;
    r = vyre_regex_scan_cb(set, &o, n ? s : "", n, vyre__gl_stop_cb, NULL, err);
    if (r == VYRE_STOPPED) return 1;
    if (r != VYRE_OK && *rc == VYRE_OK) *rc = r;
    return 0;
}
static int vyre__gl_path_allowed(const vyre__gl_allow *a, const char *path, vyre_error *err, vyre_result *rc) {
    return path && path[0] && a->paths && vyre__gl_matches(a->paths, path, strlen(path), err, rc);
}
/* checkCommitOrPathAllowed (no commit in files mode) */
static int vyre__gl_commit_or_path(const vyre__gl_allow *al, uint32_t n, const char *path, vyre_error *err, vyre_result *rc) {
    uint32_t k;
    if (!path || !path[0]) return 0;
    for (k = 0; k < n; k++) {
        const vyre__gl_allow *a = &al[k]; int pa = vyre__gl_path_allowed(a, path, err, rc);
        if (a->and_cond) {
            int all = 1;
            if (a->ncommits) all = 0;          /* commitAllowed is false without a commit */
            if (a->paths && !pa) all = 0;
            if (a->regexes || a->nstop) continue;
            if (all) return 1;
        } else if (pa) return 1;
    }
    return 0;
}
static int vyre__gl_icontains(const uint8_t *s, size_t n, const char *w) {
    size_t L = strlen(w), i, j;
    if (L > n) return 0;
    for (i = 0; i + L <= n; i++) {
        for (j = 0; j < L; j++) { uint8_t c = s[i + j]; if (c >= 'A' && c <= 'Z') c |= 0x20; if (c != (uint8_t)w[j]) break; }
        if (j == L) return 1;
    }
    return 0;
}
/* A finding on its way out: the public struct plus what the allowlists and
   the composite step need. */
typedef struct vyre__gl_hit {
    vyre_rules_finding f;
    const uint8_t *lt; size_t ll;  /* regexTarget = line: the Line, or gitleaks' currentLine in decoded text */
    size_t req_first;              /* a composite rule's finding: its required findings in vyre__gl_scan.req */
    size_t seq;                    /* the order found (ties in the final sort) */
} vyre__gl_hit;
/* checkFindingAllowed */
static int vyre__gl_finding_allowed(const vyre__gl_allow *al, uint32_t n, const vyre__gl_hit *x, const char *path, vyre_error *err, vyre_result *rc) {
    const vyre_rules_finding *f = &x->f; uint32_t k;
    for (k = 0; k < n; k++) {
        const vyre__gl_allow *a = &al[k];
        const uint8_t *t; size_t tn; int ra, sw = 0; uint32_t s;
        if (a->target == 1) { t = f->match; tn = f->match_len; }
        else if (a->target == 2) { t = x->lt; tn = x->ll; }
        else { t = f->secret; tn = f->secret_len; }
        ra = tn && a->regexes && vyre__gl_matches(a->regexes, t, tn, err, rc);
        if (f->secret_len)
            for (s = 0; s < a->nstop && !sw; s++) sw = vyre__gl_icontains(f->secret, f->secret_len, a->stop[s]);
        if (a->and_cond) {
            int all = 1;
            if (a->ncommits) all = 0;
            if (a->paths && !vyre__gl_path_allowed(a, path, err, rc)) all = 0;
            if (a->regexes && !ra) all = 0;
            if (a->nstop && !sw) all = 0;
            if (all) return 1;
        } else if (ra || sw) return 1;
    }
    return 0;
}
typedef struct { vyre__vec *v; const vyre_allocator *A; int oom; } vyre__gl_mc;
static int vyre__gl_collect(const vyre_re_match *m, const vyre_span *g, void *u) {
    vyre__gl_mc *c = (vyre__gl_mc *)u; vyre_span s; (void)g;
    s.start = m->start; s.end = m->end;
    if (!vyre__gl_push(c->A, c->v, &s)) { c->oom = 1; return 1; }
    return 0;
}
typedef struct { vyre_span g[1]; uint32_t ng, found; vyre_span groups[64]; } vyre__gl_first;
static int vyre__gl_first_cb(const vyre_re_match *m, const vyre_span *g, void *u) {
    vyre__gl_first *F = (vyre__gl_first *)u; uint32_t k;
    F->found = 1; F->ng = m->group_count < 64 ? m->group_count : 64;
    for (k = 0; k < F->ng; k++) F->groups[k] = g[k];
    return 1;
}
/* The confirm step: leftmost-first matches of one rule's regex over the
   fragment. A GPU path replaces this function (same spans, same order). */
static vyre_result vyre__rules_confirm(const vyre__gl_rule *x, const uint8_t *h, size_t n, vyre__vec *spans, const vyre_allocator *A, vyre_error *err) {
    vyre_re_scan_desc o; vyre__gl_mc c; vyre_result r;
    memset(&o, 0, sizeof o); o.mode = VYRE_RE_LEFTMOST_FIRST;
    c.v = spans; c.A = A; c.oom = 0;
    r = vyre_regex_scan_cb(x->re, &o, n ? (const void *)h : "", n, vyre__gl_collect, &c, err);
    if (c.oom) return VYRE__OOM(err, "rule matches", spans->len * sizeof(vyre_span));
    return r == VYRE_STOPPED ? VYRE_OK : r;
}
/* location(): newline byte offsets nl[0..nn) of the fragment. gitleaks walks
   every line for each finding; the line holding start (lo <= start < nl[k]) and
   the one holding end (lo < end <= nl[k]) are found by binary search instead,
   and applied in gitleaks' loop order (a later line's assignments win). */
static size_t vyre__gl_first_above(const uint64_t *L, size_t N, uint64_t x, int strict) {   /* the first k with L[k] > x (strict) or >= x */
    size_t lo = 0, hi = N;
    while (lo < hi) { size_t mid = lo + (hi - lo) / 2; if (strict ? L[mid] > x : L[mid] >= x) hi = mid; else lo = mid + 1; }
    return lo;
}
static void vyre__gl_location(const uint64_t *nl, size_t nn, uint64_t rawlen, const uint8_t *raw, uint64_t start, uint64_t end, vyre_rules_finding *f) {
    uint64_t prev, sl = 0, el = 0, sc = 0, ec = 0, sli = 0, eli = 0; size_t ks, ke, step; int set = 0;
    uint64_t one = rawlen;
    const uint64_t *L = nl; size_t N = nn;
    if (!N) { L = &one; N = 1; }
    ks = vyre__gl_first_above(L, N, start, 1);              /* prev(ks) <= start holds: L[ks - 1] <= start */
    ke = vyre__gl_first_above(L, N, end, 0);                /* prev(ke) < end holds for ke > 0 */
    if (ke == 0 && end == 0) ke = N;                        /* line 0 needs 0 < end */
    for (step = 0; step < 2; step++) {                      /* the smaller line first; at one line, start before end */
        int do_start = (ks <= ke) ? step == 0 : step == 1;
        if (do_start) { if (ks < N) { prev = ks ? L[ks - 1] : 0; set = 1; sl = ks; el = ks; sc = start - prev + 1; sli = prev; eli = L[ks]; } }
        else if (ke < N) { prev = ke ? L[ke - 1] : 0; el = ke; ec = end - prev; eli = L[ke]; }
    }
    if (!set) {
        uint64_t i = 0;
        prev = L[N - 1];
        sc = start - prev + 1; ec = end - prev; sl = N; el = N;
        while (end + i < rawlen && raw[end + i] != '\n' && raw[end + i] != '\r') i++;
        eli = end + i;
    }
    f->start_line = sl; f->end_line = el; f->start_column = sc; f->end_column = ec; f->line_start = sli; f->line_end = eli;
}
static int vyre__gl_hit_cmp(const void *a, const void *b) {
    const vyre__gl_hit *x = (const vyre__gl_hit *)a, *y = (const vyre__gl_hit *)b;
    if (x->f.start != y->f.start) return x->f.start < y->f.start ? -1 : 1;
    if (x->f.rule != y->f.rule) return x->f.rule < y->f.rule ? -1 : 1;
    if (x->f.end != y->f.end) return x->f.end < y->f.end ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}
static int vyre__gl_is_generic(const char *id) { return vyre__gl_icontains((const uint8_t *)id, strlen(id), "generic"); }
/* strings.Contains(big, small) */
static int vyre__gl_has(const uint8_t *big, size_t bn, const uint8_t *small, size_t sn) {
    size_t i;
    if (sn == 0) return 1;
    for (i = 0; i + sn <= bn; i++) if (big[i] == small[0] && memcmp(big + i, small, sn) == 0) return 1;
    return 0;
}

/* ---- gitleaks' codec (detect/codec): one decoding pass ----
   The encodings regex (percent | unicode | hex | base64, leftmost-first) is
   matched by hand: percent %XX(.*%XX)?, unicode (U+XXXX(\s|$))+ or
   (?i)(\\{1,2}uXXXX)+, hex [0-9A-Fa-f]{32,}, base64 [\w/+-]{16,}={0,2}.
   Segments keep gitleaks' three ranges (original, encoded in the previous
   pass's text, decoded in this pass's text); a pass's text is never longer
   than the previous one (every decoder shrinks). */
typedef struct vyre__gl_se { int64_t s, e; } vyre__gl_se;
typedef struct vyre__gl_seg { vyre__gl_se orig, enc, dec; uint32_t kinds, depth; } vyre__gl_seg;
typedef struct vyre__gl_pass { const uint8_t *t; size_t n; uint8_t *own; vyre__gl_seg *seg; size_t nseg; } vyre__gl_pass;
typedef struct vyre__gl_em { int kind; size_t s, e; } vyre__gl_em;   /* kind 0 percent, 1 unicode, 2 hex, 3 base64 */
static int vyre__gl_ov(vyre__gl_se a, vyre__gl_se b) { return b.s <= a.e && b.e >= a.s; }   /* startEnd.overlaps: ends touch */
/* toOriginal: a range of pass L's text to the original, one pass per step as gitleaks climbs */
static vyre__gl_se vyre__gl_to_orig(const vyre__gl_pass *P, size_t L, vyre__gl_se d) {
    while (L > 0 && P[L].nseg) {
        vyre__gl_se enc; size_t k;
        enc.s = enc.e = 0;
        for (k = 0; k < P[L].nseg; k++) {
            const vyre__gl_seg *g = &P[L].seg[k]; vyre__gl_se o;
            if (!vyre__gl_ov(g->dec, d)) continue;
            if (g->dec.s <= d.s && d.e <= g->dec.e) return g->orig;
            o.s = g->enc.s + ((d.s < g->dec.s ? d.s : g->dec.s) - g->dec.s);
            o.e = g->enc.e + ((d.e > g->dec.e ? d.e : g->dec.e) - g->dec.e);
            if (enc.e == 0) enc = o;
            else { if (o.s < enc.s) enc.s = o.s; if (o.e > enc.e) enc.e = o.e; }
        }
        if (enc.e == 0) return d;
        d = enc; L--;
    }
    return d;
}
static int vyre__gl_nib(uint8_t c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; }
static int vyre__gl_hexc(uint8_t c) { return vyre__gl_nib(c) >= 0; }
static int vyre__gl_hex4(const uint8_t *t, size_t n, size_t i) { return i + 4 <= n && vyre__gl_hexc(t[i]) && vyre__gl_hexc(t[i + 1]) && vyre__gl_hexc(t[i + 2]) && vyre__gl_hexc(t[i + 3]); }
static int vyre__gl_pct(const uint8_t *t, size_t n, size_t i) { return i + 3 <= n && t[i] == '%' && vyre__gl_hexc(t[i + 1]) && vyre__gl_hexc(t[i + 2]); }
static int vyre__gl_prt(uint8_t b) { return b > 0x08 && b < 0x7f; }   /* printableASCII */
/* byte classes for findEncodingMatches: 1 hex digit, 2 base64 character (std or URL), 4 '%', 'U' or '\\'
   (the bytes an encoding match can start with besides runs); 0: none of them */
static const uint8_t vyre__gl_cls[256] = {
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    0,0,0,0,0,4,0,0,0,0,0,2,0,2,0,2,3,3,3,3,3,3,3,3,3,3,0,0,0,0,0,0,
    0,3,3,3,3,3,3,2,2,2,2,2,2,2,2,2,2,2,2,2,2,6,2,2,2,2,2,0,4,0,0,2,
    0,3,3,3,3,3,3,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,0,0,0,0,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
};
/* the encodings regex at p (its alternatives in order); the match end, 0 for none */
static size_t vyre__gl_enc_at(const uint8_t *t, size_t n, size_t p, size_t hexend, size_t b64end, int *kind) {
    size_t q, e = 0;
    if (vyre__gl_pct(t, n, p)) {
        for (q = p + 3, e = p + 3; q < n && t[q] != '\n'; q++) if (vyre__gl_pct(t, n, q)) e = q + 3;   /* greedy .* then the last %XX of the line */
        *kind = 0; return e;
    }
    if (t[p] == 'U') {
        for (q = p; q + 6 <= n && t[q] == 'U' && t[q + 1] == '+' && vyre__gl_hex4(t, n, q + 2);) {
            size_t r = q + 6;
            if (r == n) { e = r; break; }
            if (t[r] == ' ' || t[r] == '\t' || t[r] == '\n' || t[r] == '\f' || t[r] == '\r') { e = q = r + 1; continue; }
            break;
        }
        if (e) { *kind = 1; return e; }
    }
    if (t[p] == '\\') {
        for (q = p;;) {
            if (q + 7 <= n && t[q] == '\\' && t[q + 1] == '\\' && (t[q + 2] | 0x20) == 'u' && vyre__gl_hex4(t, n, q + 3)) q += 7;
            else if (q + 6 <= n && t[q] == '\\' && (t[q + 1] | 0x20) == 'u' && vyre__gl_hex4(t, n, q + 2)) q += 6;
            else break;
            e = q;
        }
        if (e) { *kind = 1; return e; }
    }
    if (hexend >= p + 32) { *kind = 2; return hexend; }
    if (b64end >= p + 16) {
        e = b64end;
        if (e < n && t[e] == '=') { e++; if (e < n && t[e] == '=') e++; }
        *kind = 3; return e;
    }
    return 0;
}
static size_t vyre__gl_utf8(uint8_t *o, uint32_t cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
    if (cp < 0x80) { o[0] = (uint8_t)cp; return 1; }
    if (cp < 0x800) { o[0] = (uint8_t)(0xC0 | (cp >> 6)); o[1] = (uint8_t)(0x80 | (cp & 63)); return 2; }
    o[0] = (uint8_t)(0xE0 | (cp >> 12)); o[1] = (uint8_t)(0x80 | ((cp >> 6) & 63)); o[2] = (uint8_t)(0x80 | (cp & 63)); return 3;
}
static uint32_t vyre__gl_hexv(const uint8_t *t) { return (uint32_t)(vyre__gl_nib(t[0]) << 12 | vyre__gl_nib(t[1]) << 8 | vyre__gl_nib(t[2]) << 4 | vyre__gl_nib(t[3])); }
/* the decoders (decodePercent, decodeUnicode, decodeHex, decodeBase64): the decoded length into o (room for n bytes); 0: not decoded */
static size_t vyre__gl_decode_one(int kind, const uint8_t *v, size_t n, uint8_t *o) {
    size_t i = 0, d = 0;
    if (kind == 0) {
        while (i < n) {
            if (v[i] == '%' && i + 2 < n && vyre__gl_hexc(v[i + 1]) && vyre__gl_hexc(v[i + 2])) {
                uint8_t b = (uint8_t)(vyre__gl_nib(v[i + 1]) << 4 | vyre__gl_nib(v[i + 2]));
                if (!vyre__gl_prt(b)) return 0;
                o[d++] = b; i += 3; continue;
            }
            o[d++] = v[i++];
        }
        return d;
    }
    if (kind == 1) {   /* the segment is one run of U+XXXX (whitespace between) or of \uXXXX / \\uXXXX: its runes */
        if (v[0] == 'U') { while (i + 6 <= n) { if (v[i] == 'U' && v[i + 1] == '+') { d += vyre__gl_utf8(o + d, vyre__gl_hexv(v + i + 2)); i += 6; } else i++; } }
        else while (i < n) { if (v[i] == '\\') { i++; continue; } d += vyre__gl_utf8(o + d, vyre__gl_hexv(v + i + 1)); i += 5; }
        return d;
    }
    if (kind == 2) {
        int digit = 0;
        if (n % 2) return 0;
        for (i = 0; i < n && !digit; i++) digit = v[i] >= '0' && v[i] <= '9';
        if (!digit) return 0;
        for (i = 0; i < n; i += 2) { uint8_t b = (uint8_t)(vyre__gl_nib(v[i]) << 4 | vyre__gl_nib(v[i + 1])); if (!vyre__gl_prt(b)) return 0; o[d++] = b; }
        return d;
    }
    {   /* base64: a digit or one of + / - _ must occur; StdEncoding (padded), then RawURLEncoding; printable ASCII only */
        int likely = 0, pass, pad = 0;
        for (i = 0; i < n && !likely; i++) likely = (v[i] >= '0' && v[i] <= '9') || v[i] == '+' || v[i] == '/' || v[i] == '-' || v[i] == '_';
        if (!likely) return 0;
        while (pad < 2 && pad < (int)n && v[n - 1 - pad] == '=') pad++;
        for (pass = 0; pass < 2; pass++) {
            size_t m = pass ? n : n - (size_t)pad; uint32_t acc = 0; int bits = 0, ok = 1;
            if (pass == 0 && n % 4) continue;
            if (pass == 1 && (pad || n % 4 == 1)) continue;
            for (i = 0, d = 0; i < m && ok; i++) {
                uint8_t c = v[i]; int x;
                if (c >= 'A' && c <= 'Z') x = c - 'A'; else if (c >= 'a' && c <= 'z') x = c - 'a' + 26; else if (c >= '0' && c <= '9') x = c - '0' + 52;
                else if (c == (pass ? '-' : '+')) x = 62; else if (c == (pass ? '_' : '/')) x = 63; else { ok = 0; break; }
                acc = (acc << 6) | (uint32_t)x; bits += 6;
                if (bits >= 8) { bits -= 8; o[d] = (uint8_t)(acc >> bits); if (!vyre__gl_prt(o[d])) ok = 0; d++; }
            }
            if (ok && d) return d;
        }
        return 0;
    }
}
/* findEncodingMatches' candidates, 64 positions at a time. A match of the
   encodings regex starts only at a '%', 'U' or '\\' or where a base64 run of
   16 or more bytes starts (a hex run of 32 is such a run: hex digits are
   base64 characters). vyre__gl_mask64 gives the byte-class bits of 64 bytes
   (b64: base64 character; sp: '%', 'U', '\\'); vyre__gl_r16 turns base64 bits
   of two adjacent blocks into "a run of 16 starts here" bits of the first. */
static void vyre__gl_mask64(const uint8_t *t, uint64_t *b64, uint64_t *sp) {
    uint64_t b = 0, s = 0; unsigned i;
    for (i = 0; i < 64; i++) { const uint64_t c = vyre__gl_cls[t[i]]; b |= (c >> 1 & 1u) << i; s |= (c >> 2 & 1u) << i; }
    *b64 = b; *sp = s;
}
#ifdef VYRE__AVX2
#define VYRE__GL_TGT __attribute__((target("avx2")))
static VYRE__GL_TGT void vyre__gl_mask64_avx2(const uint8_t *t, uint64_t *b64, uint64_t *sp) {
    uint64_t b = 0, s = 0; int h;
    for (h = 0; h < 2; h++) {
        const __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(t + 32 * h));
        const __m256i l = _mm256_sub_epi8(_mm256_or_si256(x, _mm256_set1_epi8(0x20)), _mm256_set1_epi8('a'));   /* letters: (x | 0x20) - 'a' < 26 */
        const __m256i d = _mm256_sub_epi8(x, _mm256_set1_epi8('0'));
        __m256i m = _mm256_or_si256(_mm256_cmpeq_epi8(_mm256_min_epu8(l, _mm256_set1_epi8(25)), l), _mm256_cmpeq_epi8(_mm256_min_epu8(d, _mm256_set1_epi8(9)), d));
        __m256i q = _mm256_or_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8('%')), _mm256_cmpeq_epi8(x, _mm256_set1_epi8('\\')));
        m = _mm256_or_si256(m, _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8('+')), _mm256_cmpeq_epi8(x, _mm256_set1_epi8('/'))),
                                               _mm256_or_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8('-')), _mm256_cmpeq_epi8(x, _mm256_set1_epi8('_')))));
        q = _mm256_or_si256(q, _mm256_cmpeq_epi8(x, _mm256_set1_epi8('U')));
        b |= (uint64_t)(uint32_t)_mm256_movemask_epi8(m) << (32 * h);
        s |= (uint64_t)(uint32_t)_mm256_movemask_epi8(q) << (32 * h);
    }
    *b64 = b; *sp = s;
}
#undef VYRE__GL_TGT
#endif
static uint64_t vyre__gl_r16(uint64_t lo, uint64_t hi) {
    unsigned k;
    for (k = 1; k < 16; k <<= 1) { lo &= (lo >> k) | (hi << (64 - k)); hi &= hi >> k; }
    return lo;
}
static unsigned vyre__gl_ctz64(uint64_t x) {
#if defined(__GNUC__) || defined(__clang__)
    return (unsigned)__builtin_ctzll(x);
#else
    unsigned k = 0;
    while (!(x & 1u)) { x >>= 1; k++; }
    return k;
#endif
}
/* the masks of the block at b (zero past n) */
static void vyre__gl_block(const uint8_t *t, size_t n, size_t b, int simd, uint64_t *b64, uint64_t *sp) {
    uint8_t pad[64];
    const uint8_t *x = t + b;
    if (b >= n) { *b64 = *sp = 0; return; }
    if (n - b < 64) { memset(pad, 0, sizeof pad); memcpy(pad, t + b, n - b); x = pad; }
#ifdef VYRE__AVX2
    if (simd) { vyre__gl_mask64_avx2(x, b64, sp); return; }
#endif
    (void)simd;
    vyre__gl_mask64(x, b64, sp);
}
/* findEncodingMatches over t[0..n): the encodings regex's leftmost-first
   matches in order into em (vyre__gl_em); *big: the longest. simd: use the
   AVX2 masks (the caller checked the CPU). 0: out of memory. */
static int vyre__gl_find(const vyre_allocator *A, const uint8_t *t, size_t n, int simd, vyre__vec *em, size_t *big) {
    size_t p = 0, hexend = 0, b64end = 0, blk = 0;
    uint64_t cand = 0, B0 = 0, S0 = 0, B1 = 0, S1 = 0;
    int have = 0;
    while (p < n) {
        const size_t b = p & ~(size_t)63; uint64_t c; vyre__gl_em m; size_t e;
        if (!have || b != blk) {
            if (have && b == blk + 64) { B0 = B1; S0 = S1; } else vyre__gl_block(t, n, b, simd, &B0, &S0);   /* the next block: its masks are known */
            vyre__gl_block(t, n, b + 64, simd, &B1, &S1);
            cand = vyre__gl_r16(B0, B1) | S0; blk = b; have = 1;
        }
        c = cand >> (p - b);
        if (!c) { p = b + 64; continue; }
        p += vyre__gl_ctz64(c);
        if (p >= hexend) { hexend = p; while (hexend < n && (vyre__gl_cls[t[hexend]] & 1)) hexend++; }
        if (p >= b64end) { b64end = p; while (b64end < n && (vyre__gl_cls[t[b64end]] & 2)) b64end++; }
        e = vyre__gl_enc_at(t, n, p, hexend, b64end, &m.kind);
        if (!e) { p++; continue; }   /* a '%', 'U' or '\\' that starts no match */
        m.s = p; m.e = e;
        if (!vyre__gl_push(A, em, &m)) return 0;
        if (e - p > *big) *big = e - p;
        p = e;
    }
    return 1;
}
/* Decoder.Decode: pass L's text into pass L+1 (segments decoded in place) */
static vyre_result vyre__gl_decode(const vyre_allocator *A, vyre__gl_pass *P, size_t L, vyre_error *err) {
    const vyre__gl_pass *in = &P[L]; vyre__gl_pass *out = &P[L + 1];
    const uint8_t *t = in->t; size_t n = in->n, k, w = 0, from = 0, big = 0, nseg = 0;
    vyre__vec em; uint8_t *dv = NULL; int64_t shift = 0; vyre_result rc = VYRE_OK; int simd = 0;
    static const int prec[4] = { 4, 3, 2, 1 };
    memset(out, 0, sizeof *out);
    memset(&em, 0, sizeof em); em.item = sizeof(vyre__gl_em);
#ifdef VYRE__AVX2
    simd = __builtin_cpu_supports("avx2");
#endif
    if (!vyre__gl_find(A, t, n, simd, &em, &big)) { vyre_free(A, em.data); return VYRE__OOM(err, "encoded segments", em.len * sizeof(vyre__gl_em)); }
    if (!em.len) return VYRE_OK;
    out->own = (uint8_t *)vyre_alloc(A, n + 1);
    out->seg = (vyre__gl_seg *)vyre_alloc(A, em.len * sizeof(vyre__gl_seg));
    dv = (uint8_t *)vyre_alloc(A, big + 1);
    if (!out->own || !out->seg || !dv) rc = VYRE__OOM(err, "decoded text", n + em.len * sizeof(vyre__gl_seg));
    for (k = 0; k < em.len && rc == VYRE_OK; k++) {
        const vyre__gl_em *all = (const vyre__gl_em *)em.data, *m = &all[k]; vyre__gl_seg *g; vyre__gl_se se; size_t dl, j;
        if (em.len > 1) { /* a match touching a neighbour of higher precedence waits for the next pass */
            if (k > 0 && all[k - 1].s <= m->e && all[k - 1].e >= m->s && prec[all[k - 1].kind] > prec[m->kind]) continue;
            if (k + 1 < em.len && all[k + 1].s <= m->e && all[k + 1].e >= m->s && prec[all[k + 1].kind] > prec[m->kind]) continue;
        }
        dl = vyre__gl_decode_one(m->kind, t + m->s, m->e - m->s, dv);
        if (!dl) continue;
        g = &out->seg[nseg++];
        se.s = (int64_t)m->s; se.e = (int64_t)m->e;
        g->enc = se; g->orig = vyre__gl_to_orig(P, L, se);
        g->dec.s = (int64_t)m->s + shift; g->dec.e = g->dec.s + (int64_t)dl;
        g->kinds = 1u << m->kind; g->depth = 1;
        shift += (int64_t)dl - (int64_t)(m->e - m->s);
        if (L > 0) {
            g->depth = 1 + in->seg[0].depth;
            for (j = 0; j < in->nseg; j++) if (vyre__gl_ov(g->enc, in->seg[j].dec)) g->kinds |= in->seg[j].kinds;
        }
        memcpy(out->own + w, t + from, m->s - from); w += m->s - from;
        memcpy(out->own + w, dv, dl); w += dl;
        from = m->e;
    }
    if (rc == VYRE_OK && nseg) {
        memcpy(out->own + w, t + from, n - from); w += n - from;
        out->t = out->own; out->n = w; out->nseg = nseg;
    } else { vyre_free(A, out->own); vyre_free(A, out->seg); memset(out, 0, sizeof *out); }
    vyre_free(A, dv); vyre_free(A, em.data);
    return rc;
}

/* ---- detectRule / processRequiredRules / DetectContext ---- */
typedef struct vyre__gl_scan {
    const vyre_rules *R; const vyre_allocator *A; vyre_error *err; const char *path;
    const uint8_t *raw; size_t len;        /* the fragment (pass 0) */
    const uint64_t *nl; size_t nn;         /* its newline offsets */
    vyre__gl_pass *P; size_t L;            /* the passes 0..L; L is the current one */
    vyre__vec spans;                       /* scratch: one rule's matches */
    int use_set;                           /* this pass: rules take their matches from cspans (the shared confirm scan) */
    vyre__vec cspans;                      /* vyre_span: the matches of every rule of the set, grouped by rule */
    size_t *coff;                          /* rule ri's matches: cspans[coff[ri] .. coff[ri + 1]) */
    vyre__vec cm;                          /* vyre__gl_cm: the set scan's matches in delivery order */
    vyre__vec req;                         /* vyre_rules_finding: composite findings' required findings */
    vyre__vec allow;                       /* uint64_t: the offsets of "gitleaks:allow" in the fragment, in order */
    int allow_done;                        /* allow is filled (on the first finding that asks) */
    size_t seq;
} vyre__gl_scan;
/* Does raw[ls, le) hold "gitleaks:allow"? gitleaks searches the Line of each
   finding; the fragment's occurrences are found once and binary-searched, so
   many findings on one long line (minified text, binaries) cost no rescans. */
static vyre_result vyre__gl_allow_line(vyre__gl_scan *S, uint64_t ls, uint64_t le, int *hit) {
    const uint64_t *o; size_t k;
    *hit = 0;
    if (!S->allow_done) {
        const uint8_t *p = S->raw, *end = S->raw + S->len;
        S->allow.item = sizeof(uint64_t); S->allow_done = 1;
        while (end - p >= 14 && (p = (const uint8_t *)memchr(p, 'g', (size_t)(end - p) - 13)) != NULL) {
            if (memcmp(p, "gitleaks:allow", 14) == 0) {
                uint64_t at = (uint64_t)(p - S->raw);
                if (!vyre__gl_push(S->A, &S->allow, &at)) return VYRE__OOM(S->err, "gitleaks:allow offsets", S->allow.len * 8);
                p += 14;
            } else p++;
        }
    }
    if (le < ls + 14) return VYRE_OK;
    o = (const uint64_t *)S->allow.data;
    k = vyre__gl_first_above(o, S->allow.len, ls, 0);   /* the first occurrence at or after ls */
    *hit = k < S->allow.len && o[k] + 14 <= le;
    return VYRE_OK;
}
static int vyre__gl_within(const vyre__gl_req *q, const vyre_rules_finding *p, const vyre_rules_finding *r) {
    int64_t d;
    if (q->has_lines) { d = (int64_t)p->start_line - (int64_t)r->start_line; if (d < 0) d = -d; if (d > q->lines) return 0; }
    if (q->has_cols) { d = (int64_t)p->start_column - (int64_t)r->start_column; if (d < 0) d = -d; if (d > q->cols) return 0; }
    return 1;
}
static vyre_result vyre__gl_detect_rule(vyre__gl_scan *S, uint32_t ri, int inherited, vyre__vec *out);
/* processRequiredRules: the primary findings out[first..] stay only with a required finding of every required rule in proximity */
static vyre_result vyre__gl_required_step(vyre__gl_scan *S, const vyre__gl_rule *x, vyre__vec *out, size_t first) {
    const vyre_allocator *A = S->A; size_t np = out->len - first, k, q, i; vyre_result rc = VYRE_OK;
    vyre__gl_hit *prim = (vyre__gl_hit *)vyre_alloc(A, np * sizeof(vyre__gl_hit));
    vyre__vec *rq = (vyre__vec *)vyre__calloc(A, x->nreq, sizeof(vyre__vec), "required findings", S->err);
    if (!prim || !rq) { vyre_free(A, prim); vyre_free(A, rq); return VYRE__OOM(S->err, "composite rule", np * sizeof(vyre__gl_hit)); }
    memcpy(prim, (vyre__gl_hit *)out->data + first, np * sizeof(vyre__gl_hit));
    out->len = first;
    for (q = 0; q < x->nreq && rc == VYRE_OK; q++) {
        rq[q].item = sizeof(vyre__gl_hit);
        if (x->req[q].rule != UINT32_MAX) rc = vyre__gl_detect_rule(S, x->req[q].rule, 1, &rq[q]);
    }
    for (k = 0; k < np && rc == VYRE_OK; k++) {
        size_t rs = S->req.len; int all = 1;
        for (q = 0; q < x->nreq && rc == VYRE_OK; q++)
            for (i = 0; i < rq[q].len; i++) {
                const vyre__gl_hit *h = (const vyre__gl_hit *)rq[q].data + i;
                if (vyre__gl_within(&x->req[q], &prim[k].f, &h->f) && !vyre__gl_push(A, &S->req, &h->f)) { rc = VYRE__OOM(S->err, "required findings", 0); break; }
            }
        for (q = 0; q < x->nreq && all; q++) { /* hasAllRequiredRules */
            int found = 0;
            for (i = rs; i < S->req.len && !found; i++) found = ((const vyre_rules_finding *)S->req.data)[i].rule == x->req[q].rule;
            all = found;
        }
        if (rc == VYRE_OK && S->req.len > rs && all) {
            prim[k].req_first = rs; prim[k].f.required_count = (uint32_t)(S->req.len - rs);
            if (!vyre__gl_push(A, out, &prim[k])) rc = VYRE__OOM(S->err, "findings", 0);
        } else S->req.len = rs;
    }
    for (q = 0; q < x->nreq; q++) vyre_free(A, rq[q].data);
    vyre_free(A, rq); vyre_free(A, prim);
    return rc;
}
/* detectRule on the current pass; inherited: called for a composite rule (no skipReport, no required step) */
static vyre_result vyre__gl_detect_rule(vyre__gl_scan *S, uint32_t ri, int inherited, vyre__vec *out) {
    const vyre__gl_rule *x = &S->R->rules[ri]; const vyre__gl_pass *P = &S->P[S->L];
    const uint8_t *t = P->t, *raw = S->raw; size_t j, first = out->len, ns; const vyre_span *sp; vyre_result rc = VYRE_OK; vyre_error *err = S->err;
    if (x->skip_report && !inherited) return VYRE_OK;
    if (vyre__gl_commit_or_path(x->al, x->nal, S->path, err, &rc) || rc) return rc;
    if (x->pre) {
        int pm = vyre__gl_matches(x->pre, S->path, strlen(S->path), err, &rc);
        if (rc) return rc;
        if (!x->re && S->L == 0) { /* a path-only rule (reported before any required step, as gitleaks returns early) */
            if (pm) {
                vyre__gl_hit h; memset(&h, 0, sizeof h);
                h.f.rule = ri; h.f.path_only = 1; h.f.match = h.f.secret = (const uint8_t *)""; h.seq = S->seq++;
                if (!vyre__gl_push(S->A, out, &h)) rc = VYRE__OOM(err, "findings", 0);
            }
            return rc;
        }
        if (!pm) return VYRE_OK;
    }
    if (!x->re) return VYRE_OK;
    if (S->use_set) { /* the shared confirm scan has this rule's matches */
        sp = (const vyre_span *)S->cspans.data + S->coff[ri]; ns = S->coff[ri + 1] - S->coff[ri];
    } else {
        S->spans.len = 0;
        if ((rc = vyre__rules_confirm(x, t, P->n, &S->spans, S->A, err))) return rc;
        sp = (const vyre_span *)S->spans.data; ns = S->spans.len;
    }
    for (j = 0; j < ns && rc == VYRE_OK; j++) {
        vyre_span m = sp[j];
        uint64_t ts = m.start, te = m.end; vyre__gl_hit h; vyre__gl_first F; vyre_re_scan_desc o; vyre_result r2; size_t i;
        /* secret := strings.Trim(match, "\n") */
        while (ts < te && t[ts] == '\n') ts++;
        while (te > ts && t[te - 1] == '\n') te--;
        memset(&h, 0, sizeof h);
        h.f.rule = ri; h.seq = S->seq++;
        h.f.match = t + ts; h.f.match_len = (size_t)(te - ts);
        if (S->L == 0) { h.f.start = m.start; h.f.end = m.start + (te - ts); }   /* matchIndex[1] = matchIndex[0] + len(secret) */
        else { /* SegmentsWithDecodedOverlap, AdjustMatchIndex, Tags, CurrentLine */
            vyre__gl_se ms, dm, adj; int any = 0; int64_t a, b;
            ms.s = (int64_t)m.start; ms.e = (int64_t)m.end; dm = ms;
            for (i = 0; i < P->nseg; i++) {
                const vyre__gl_seg *g = &P->seg[i];
                if (!vyre__gl_ov(g->dec, ms)) continue;
                if (!any) { h.f.decode_depth = g->depth; dm = g->dec; }
                else { if (g->dec.s < dm.s) dm.s = g->dec.s; if (g->dec.e > dm.e) dm.e = g->dec.e; }
                h.f.decoded |= g->kinds; any = 1;
            }
            if (!any) continue;   /* found in an earlier pass */
            adj = vyre__gl_to_orig(S->P, S->L, ms);
            if (adj.s < 0) adj.s = 0;
            if (adj.e > (int64_t)S->len) adj.e = (int64_t)S->len;
            if (adj.e < adj.s) adj.e = adj.s;
            h.f.start = (uint64_t)adj.s; h.f.end = (uint64_t)adj.e;
            for (a = dm.s, b = 0; a > -1; a--) if (t[a] == '\n') { b = a; break; }
            h.lt = t + b;
            for (a = dm.e; a < (int64_t)P->n && t[a] != '\n'; a++) {}
            h.ll = (size_t)(a - b);
        }
        vyre__gl_location(S->nl, S->nn, S->len, raw, h.f.start, h.f.end, &h.f);
        if (h.f.end > h.f.line_end) h.f.line_end = h.f.end;
        h.f.start_line += 1; h.f.end_line += 1;   /* fragment.StartLine = 1 */
        if (S->L == 0) { h.lt = raw + h.f.line_start; h.ll = (size_t)(h.f.line_end - h.f.line_start); }
        { /* gitleaks:allow in the Line (case-sensitive) */
            int hit = 0;
            if (h.f.line_end > h.f.line_start && (rc = vyre__gl_allow_line(S, h.f.line_start, h.f.line_end, &hit))) break;
            if (hit) continue;
        }
        /* the secret: FindStringSubmatch on the Match text */
        h.f.secret = h.f.match; h.f.secret_len = h.f.match_len;
        memset(&F, 0, sizeof F); memset(&o, 0, sizeof o); o.mode = VYRE_RE_LEFTMOST_FIRST;
        r2 = vyre_regex_scan_cb(x->re, &o, h.f.match_len ? (const void *)h.f.match : "", h.f.match_len, vyre__gl_first_cb, &F, err);
        if (r2 != VYRE_OK && r2 != VYRE_STOPPED) { rc = r2; break; }
        if (F.found && F.ng >= 1) {
            if (x->secret_group > 0) {
                vyre_span g = F.groups[x->secret_group - 1];
                if (g.start == VYRE_RE_NO_SPAN) h.f.secret_len = 0;
                else { h.f.secret = h.f.match + g.start; h.f.secret_len = (size_t)(g.end - g.start); }
            } else {
                uint32_t gi;
                for (gi = 0; gi < F.ng; gi++)
                    if (F.groups[gi].start != VYRE_RE_NO_SPAN && F.groups[gi].end > F.groups[gi].start) {
                        h.f.secret = h.f.match + F.groups[gi].start; h.f.secret_len = (size_t)(F.groups[gi].end - F.groups[gi].start); break;
                    }
            }
        }
        if (S->L == 0) { h.f.secret_start = (uint64_t)(h.f.secret - raw); h.f.secret_end = h.f.secret_start + h.f.secret_len; }
        else { h.f.secret_start = h.f.start; h.f.secret_end = h.f.end; }
        h.f.entropy = vyre_rules_entropy(h.f.secret, h.f.secret_len);
        if (x->entropy != 0.0 && h.f.entropy <= x->entropy) continue;
        if (vyre__gl_finding_allowed(S->R->global, S->R->nglobal, &h, S->path, err, &rc) || rc) continue;
        if (vyre__gl_finding_allowed(x->al, x->nal, &h, S->path, err, &rc) || rc) continue;
        if (!vyre__gl_push(S->A, out, &h)) rc = VYRE__OOM(err, "findings", out->len * sizeof h);
    }
    if (rc != VYRE_OK || inherited || !x->nreq || out->len == first) return rc;
    return vyre__gl_required_step(S, x, out, first);
}
/* which keywords occur in text (caseless; the literal engine) */
static vyre_result vyre__gl_keywords(const vyre_rules *R, const uint8_t *h, size_t len, uint8_t *kwhit, vyre_error *err) {
    vyre__view v; vyre__sink s; size_t B, block = (size_t)1 << 30, j; vyre_result rc = VYRE_OK;
    memset(kwhit, 0, R->nkw);
    vyre__view_of_set(vyre__lit_of(R->kwset), &v);
    for (B = 0; B < len && rc == VYRE_OK; B += block) {
        size_t E = len - B > block ? B + block : len, B0 = B > v.max_len ? B - v.max_len : 0;
        memset(&s, 0, sizeof s); s.mode = VYRE__SINK_MATCHES; s.A = &R->A; s.vec.item = sizeof(vyre_raw_match);
        if (v.tri) vyre__scan_tri(&v, h + B0, B - B0, E - B0, &s); else vyre__scan_prefilter(&v, h + B0, B - B0, E - B0, &s);
        if (s.failed) rc = VYRE__OOM(err, "keyword matches", s.vec.len * sizeof(vyre_raw_match));
        for (j = 0; j < s.vec.len; j++) kwhit[((const vyre_raw_match *)s.vec.data)[j].pattern_id] = 1;
        vyre_free(&R->A, s.vec.data);
    }
    return rc;
}
/* detectRule's keyword gate: a rule without keywords always runs, others when one of theirs occurs */
static int vyre__gl_selected(const vyre__gl_rule *x, const uint8_t *kwhit) {
    uint32_t w;
    if (!x->nkw) return 1;
    for (w = 0; w < x->nkw; w++) if (x->kwi[w] != UINT32_MAX && kwhit[x->kwi[w]]) return 1;
    return 0;
}
/* The shared confirm scan of one pass: one leftmost-first scan of R->cset over the text, its matches
   grouped by rule. The CPU engine emits each pattern's matches in that pattern's own order
   (increasing starts), and the grouping is stable, so each rule's matches come in the order its own
   scan gives them. */
typedef struct { uint32_t rule; vyre_span m; } vyre__gl_cm;
typedef struct { const vyre_rules *R; vyre__vec *v; const vyre_allocator *A; int oom; } vyre__gl_sc;
static int vyre__gl_set_emit(void *u, uint32_t pid, uint64_t s, uint64_t e, const uint64_t *caps, uint32_t ngroups) {
    vyre__gl_sc *c = (vyre__gl_sc *)u; vyre__gl_cm x; (void)caps; (void)ngroups;
    x.rule = c->R->cset_rule[pid]; x.m.start = s; x.m.end = e;
    if (!vyre__gl_push(c->A, c->v, &x)) { c->oom = 1; return 1; }
    return 0;
}
/* only[pid]: the set's pattern pid belongs to a rule this pass selected (the others are not scanned) */
static vyre_result vyre__gl_set_scan(vyre__gl_scan *S, const uint8_t *t, size_t n, const uint8_t *only) {
    const vyre_rules *R = S->R; vyre__gl_sc c; vyre_result r; size_t k, m, ri;
    const vyre__gl_cm *cm;
    S->cm.len = 0; c.R = R; c.v = &S->cm; c.A = S->A; c.oom = 0;
    /* the CPU engine directly: each pattern's matches come in its own (start) order, which the grouping keeps */
    r = vyre__re_scan_cpu_only(R->cset, VYRE_RE_LEFTMOST_FIRST, 0, n ? t : (const uint8_t *)"", n, 0, VYRE_RE_UNBOUNDED, only, vyre__gl_set_emit, &c, S->err);
    if (c.oom) return VYRE__OOM(S->err, "rule matches", S->cm.len * sizeof(vyre__gl_cm));
    if (r != VYRE_OK && r != VYRE_STOPPED) return r;
    m = S->cm.len; cm = (const vyre__gl_cm *)S->cm.data;
    if (!S->coff && !(S->coff = (size_t *)vyre__calloc(S->A, (size_t)R->nrules + 2, sizeof(size_t), "rule matches", S->err))) return VYRE_ERR_OUT_OF_MEMORY;
    /* counting sort by rule: counts at coff[ri + 2], sums, then placing moves coff[ri + 1] to rule ri's end */
    memset(S->coff, 0, ((size_t)R->nrules + 2) * sizeof(size_t));
    for (k = 0; k < m; k++) S->coff[cm[k].rule + 2]++;
    for (ri = 0; ri < R->nrules; ri++) S->coff[ri + 2] += S->coff[ri + 1];
    S->cspans.len = 0;
    if (m && !vyre__vec_reserve(S->A, &S->cspans, m)) return VYRE__OOM(S->err, "rule matches", m * sizeof(vyre_span));
    for (k = 0; k < m; k++) ((vyre_span *)S->cspans.data)[S->coff[cm[k].rule + 1]++] = cm[k].m;
    S->cspans.len = m;
    return VYRE_OK;
}
VYREDEF vyre_result vyre_rules_scan(const vyre_rules *R, const void *data, size_t len, const char *path,
                                    vyre_rules_finding_cb cb, void *user, vyre_error *err) {
    const uint8_t *h = (const uint8_t *)data;
    const vyre_allocator *A;
    vyre__vec nl, hits, passes; vyre__gl_scan S; uint8_t *kwhit = NULL, *sel = NULL; vyre_result rc = VYRE_OK; uint32_t ri; size_t k, j, L;
    vyre__clear_error(err);
    if (!R) return VYRE__NULLARG(err, "rules");
    if (!cb) return VYRE__NULLARG(err, "cb");
    if (!h && len) return VYRE__NULLARG(err, "data");
    if (!h) h = (const uint8_t *)"";
    A = &R->A;
    if (!path) path = "";
    if (!len && !path[0]) return VYRE_OK;
    if (path[0] && R->config_path && strcmp(path, R->config_path) == 0) return VYRE_OK;
    if (vyre__gl_commit_or_path(R->global, R->nglobal, path, err, &rc)) return rc;
    if (rc) return rc;
    memset(&nl, 0, sizeof nl); nl.item = 8;
    memset(&hits, 0, sizeof hits); hits.item = sizeof(vyre__gl_hit);
    memset(&passes, 0, sizeof passes); passes.item = sizeof(vyre__gl_pass);
    memset(&S, 0, sizeof S);
    S.R = R; S.A = A; S.err = err; S.path = path; S.raw = h; S.len = len;
    S.spans.item = sizeof(vyre_span); S.req.item = sizeof(vyre_rules_finding);
    S.cspans.item = sizeof(vyre_span); S.cm.item = sizeof(vyre__gl_cm);
    if (R->nkw && !(kwhit = (uint8_t *)vyre__calloc(A, R->nkw, 1, "keyword flags", err))) return VYRE_ERR_OUT_OF_MEMORY;
    if (R->nrules && !(sel = (uint8_t *)vyre__calloc(A, (size_t)R->nrules + R->ncset, 1, "selected rules", err))) { vyre_free(A, kwhit); return VYRE_ERR_OUT_OF_MEMORY; }
    for (k = 0; k < len && rc == VYRE_OK; k++) {
        const uint8_t *q = (const uint8_t *)memchr(h + k, '\n', len - k);
        uint64_t o;
        if (!q) break;
        o = (uint64_t)(q - h); k = (size_t)o;
        if (!vyre__gl_push(A, &nl, &o)) rc = VYRE__OOM(err, "newline offsets", nl.len * 8);
    }
    S.nl = (const uint64_t *)nl.data; S.nn = nl.len;
    if (rc == VYRE_OK && !vyre__vec_reserve(A, &passes, 2)) rc = VYRE__OOM(err, "decoding passes", 2 * sizeof(vyre__gl_pass));
    if (rc == VYRE_OK) { vyre__gl_pass *p0 = (vyre__gl_pass *)passes.data; memset(p0, 0, sizeof *p0); p0->t = h; p0->n = len; passes.len = 1; }
    /* DetectContext's ScanLoop: scan, then decode and rescan up to max_decode_depth times */
    for (L = 0; rc == VYRE_OK; L++) {
        const vyre__gl_pass *P;
        S.P = (vyre__gl_pass *)passes.data; S.L = L; P = &S.P[L];
        if (R->nkw && (rc = vyre__gl_keywords(R, P->t, P->n, kwhit, err))) break;
        {   /* the keyword gate, once per pass: bit 1 of sel[ri], rule ri runs */
            uint32_t nsel = 0;
            for (ri = 0; ri < R->nrules; ri++) { sel[ri] = (uint8_t)vyre__gl_selected(&R->rules[ri], kwhit); nsel += sel[ri] && R->rules[ri].re; }
            S.use_set = 0;
            if (R->cset && nsel >= R->cset_min) { /* enough selected rules with a regex: one shared confirm scan for all of them */
                /* its patterns: the selected rules' and those of the rules they require (bit 2: a
                   composite rule's required rules run whatever their keywords) */
                uint32_t q, pid;
                for (ri = 0; ri < R->nrules; ri++)
                    if (sel[ri] & 1)
                        for (q = 0; q < R->rules[ri].nreq; q++) if (R->rules[ri].req[q].rule != UINT32_MAX) sel[R->rules[ri].req[q].rule] |= 2;
                for (pid = 0; pid < R->ncset; pid++) sel[R->nrules + pid] = sel[R->cset_rule[pid]] != 0;
                if ((rc = vyre__gl_set_scan(&S, P->t, P->n, sel + R->nrules))) break;
                S.use_set = 1;
            }
        }
        for (ri = 0; ri < R->nrules && rc == VYRE_OK; ri++)
            if (sel[ri] & 1) rc = vyre__gl_detect_rule(&S, ri, 0, &hits);
        if (rc || L + 1 > R->max_decode_depth) break;
        if (!vyre__vec_reserve(A, &passes, L + 2)) { rc = VYRE__OOM(err, "decoding passes", (L + 2) * sizeof(vyre__gl_pass)); break; }
        if ((rc = vyre__gl_decode(A, (vyre__gl_pass *)passes.data, L, err))) break;
        passes.len = L + 2;
        if (!((vyre__gl_pass *)passes.data)[L + 1].nseg) break;
    }
    /* filter(): a generic rule's finding yields to a non-generic one on the same line whose secret contains it */
    if (rc == VYRE_OK) {
        vyre__gl_hit *H = (vyre__gl_hit *)hits.data; size_t n = hits.len, out = 0;
        uint8_t *drop = n ? (uint8_t *)vyre__calloc(A, n, 1, "finding filter", err) : NULL;
        if (n && !drop) rc = VYRE_ERR_OUT_OF_MEMORY;
        for (k = 0; k < n && rc == VYRE_OK; k++) {
            if (!vyre__gl_is_generic(R->rules[H[k].f.rule].id)) continue;
            for (j = 0; j < n; j++) {
                if (H[k].f.start_line == H[j].f.start_line && strcmp(R->rules[H[k].f.rule].id, R->rules[H[j].f.rule].id) != 0 &&
                    !vyre__gl_is_generic(R->rules[H[j].f.rule].id) && vyre__gl_has(H[j].f.secret, H[j].f.secret_len, H[k].f.secret, H[k].f.secret_len)) { drop[k] = 1; break; }
            }
        }
        for (k = 0; k < n && rc == VYRE_OK; k++) if (!drop[k]) H[out++] = H[k];
        hits.len = out;
        vyre_free(A, drop);
        if (rc == VYRE_OK && hits.len) qsort(hits.data, hits.len, sizeof(vyre__gl_hit), vyre__gl_hit_cmp);
        for (k = 0; k < hits.len && rc == VYRE_OK; k++) {
            vyre_rules_finding f = ((vyre__gl_hit *)hits.data)[k].f;
            if (f.required_count) f.required = (const vyre_rules_finding *)S.req.data + ((vyre__gl_hit *)hits.data)[k].req_first;
            if (cb(&f, user)) rc = VYRE_STOPPED;
        }
    }
    for (k = 1; k < passes.len; k++) { vyre_free(A, ((vyre__gl_pass *)passes.data)[k].own); vyre_free(A, ((vyre__gl_pass *)passes.data)[k].seg); }
    vyre_free(A, passes.data);
    vyre_free(A, kwhit); vyre_free(A, nl.data); vyre_free(A, hits.data); vyre_free(A, S.spans.data); vyre_free(A, S.req.data);
    vyre_free(A, S.cspans.data); vyre_free(A, S.cm.data); vyre_free(A, S.coff); vyre_free(A, S.allow.data); vyre_free(A, sel);
    return rc;
}
#endif /* VYRE_HAS_RULES */

#endif /* VYRE_IMPLEMENTATION */

/* ==================================================================== */
/* >>kit-dlopen: library loading for the GPU backends' implementations   */
/* ==================================================================== */
/* Compiled into a translation unit only when it asks: a GPU header's
   implementation defines VYRE_KIT_WANT_DLOPEN and includes vyre.h again
   (this part has its own guard), so CPU-only users of vyre.h need no -ldl.
   vyre__kit_dlopen_first opens the first of names[0..n-1] that loads
   (RTLD_NOW | RTLD_LOCAL, in order); NULL when none does, with *why set to
   the last dlerror() text (or "not found"). */
#if defined(VYRE_KIT_WANT_DLOPEN) && !defined(VYRE_KIT_DLOPEN_DONE)
#define VYRE_KIT_DLOPEN_DONE
#include <dlfcn.h>
static void *vyre__kit_dlopen_first(const char *const *names, size_t n, const char **why) {
    void *lib = NULL;
    size_t i;
    *why = "not found";
    for (i = 0; i < n && !lib; ++i) {
        lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        if (!lib) {
            const char *e = dlerror();
            if (e) *why = e;
        }
    }
    return lib;
}
#endif /* VYRE_KIT_WANT_DLOPEN */

/*
------------------------------------------------------------------------------
This software is available under 2 licenses -- choose whichever you prefer.
------------------------------------------------------------------------------
ALTERNATIVE A - MIT License
Copyright (c) 2026 the vyre authors
Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:
The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.
THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
------------------------------------------------------------------------------
ALTERNATIVE B - Public Domain (www.unlicense.org)
This is free and unencumbered software released into the public domain.
Anyone is free to copy, modify, publish, use, compile, sell, or distribute this
software, either in source code form or as a compiled binary, for any purpose,
commercial or non-commercial, and by any means.
------------------------------------------------------------------------------
*/
