/* bench/bench.h - shared pieces of the vyre benchmarks (C99).

   The benchmark bodies are C (bench_*.c) written against the public API;
   gbench_shim.cpp registers them with Google Benchmark through the small
   case interface at the bottom of this file; cpu_vs_hs.c uses the corpus,
   pattern and Hyperscan helpers directly. */
#ifndef VYRE_BENCH_H
#define VYRE_BENCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VB_KIB ((size_t)1024)
#define VB_MIB (VB_KIB * 1024)
#define VB_GIB (VB_MIB * 1024)

/* ---- the corpus: real bytes from the machine's own files ------------ */
/* Text (/usr/include, /usr/share) and binaries (/usr/lib, /usr/bin, ...)
   read in sorted order, alternating so each side holds about half the
   bytes; each file contributes at most max_file bytes. Deterministic for
   a given machine. Built once per process. */
typedef struct vb_corpus {
    uint8_t *data;
    size_t len;
    uint64_t *file_starts;          /* start of every file in data, ascending, [0] == 0 */
    size_t file_count;
    size_t text_bytes, binary_bytes;
    int repeated;                   /* the machine had too few bytes: the corpus repeats */
    double build_seconds;
    char desc[256];
} vb_corpus;

int vb_corpus_build(vb_corpus *c, size_t target, size_t max_file, char *err, size_t errlen);
void vb_corpus_free(vb_corpus *c);

/* Many small files coalesced: the corpus files of at most max_file_bytes,
   concatenated until `target` bytes. starts[0] == 0, ascending. */
typedef struct vb_regions {
    uint8_t *data;
    size_t len;
    uint64_t *starts;
    uint32_t count;
} vb_regions;
int vb_regions_build(const vb_corpus *c, size_t target, size_t max_file_bytes, vb_regions *out);
void vb_regions_free(vb_regions *r);

/* ---- pattern sets ---------------------------------------------------- */
typedef struct vb_patset {
    char name[32];                  /* "gitleaks-ci", "rand10k" */
    char source[512];               /* where it came from (file path, seed) */
    size_t count;
    uint8_t **bytes;
    size_t *lens;
    uint32_t flags;                 /* VYRE_CASELESS for every pattern, or 0 */
    size_t min_len, max_len;
} vb_patset;

/* Finds the gitleaks keyword list: $VYRE_BENCH_KEYWORDS, then
   ../shared/patterns/, patterns/, bench/patterns/, build/bench/ (relative
   to the current directory). Caseless. */
int vb_patset_gitleaks(vb_patset *p, char *err, size_t errlen);
/* `count` random literals of 8..32 bytes, half cut from the corpus, half
   random bytes; case-sensitive; fixed seed. */
int vb_patset_random(vb_patset *p, const vb_corpus *c, size_t count, uint64_t seed);
void vb_patset_free(vb_patset *p);

/* ---- Hyperscan baseline ---------------------------------------------- */
typedef struct vb_hs vb_hs;
/* Block mode, HS_FLAG_SOM_LEFTMOST (+ HS_FLAG_CASELESS), literal API,
   `threads` scratches (one per thread). */
int vb_hs_create(const vb_patset *p, unsigned threads, vb_hs **out, char *err, size_t errlen);
void vb_hs_free(vb_hs *h);
unsigned vb_hs_threads(const vb_hs *h);
/* All matches counted; with threads > 1 the data is split into one chunk
   per thread (each chunk re-reads max_len - 1 bytes of history, and a match
   counts in the chunk where it ends, so the count is exact). */
int vb_hs_count(vb_hs *h, const uint8_t *data, size_t len, uint64_t *matches);
/* Presence by region: one hs_scan per region (per file, as a CPU scanner
   does it), bits OR'ed into rows of words_per_row words; threads split the
   regions. Returns the number of matches seen. */
int vb_hs_presence(vb_hs *h, const uint8_t *data, size_t len, const uint64_t *starts, uint32_t count,
                   uint32_t *out, uint32_t words_per_row, uint64_t *matches);
const char *vb_hs_version(void);

/* ---- small helpers ----------------------------------------------------- */
uint64_t vb_now_ns(void);
unsigned vb_online_cpus(void);
/* "Intel(R) Xeon(R) ... x 16 CPUs, Linux 6.1" */
void vb_machine(char *buf, size_t n);
const char *vb_commit(void);        /* commit this binary was built from (+ "-dirty") */
/* "4KiB", "16MiB", "1GiB" */
void vb_size_name(uint64_t bytes, char *buf, size_t n);
/* Parses "4K", "16M", "1G", "65536": 0 on error. */
uint64_t vb_parse_size(const char *s);
uint64_t vb_splitmix64(uint64_t *state);

/* ---- the case interface used by gbench_shim.cpp ------------------------ */
typedef struct vb_case_info {
    char name[128];                 /* "scan/cuda/gitleaks-ci/16MiB" */
    char label[192];                /* backend and device name */
    char backend[24];               /* "cpu", "cuda", "opencl", "hs-1t", "hs-16t" */
    char workload[24];              /* "scan", "count", "session", "oneshot", "presence", ... */
    char patterns[24];
    uint64_t bytes;                 /* haystack bytes per iteration */
    int manual_time;                /* 1: the backend has a device timer (time = device time) */
    double min_time;                /* seconds; 0 = Google Benchmark's default */
} vb_case_info;

typedef struct vb_result {
    uint64_t wall_ns;               /* host clock around the whole call */
    uint64_t device_ns;             /* vyre_timing.device_ns; UINT64_MAX when unknown */
    uint64_t matches;               /* matches found in this iteration */
    uint64_t bytes;                 /* haystack bytes scanned */
} vb_result;

typedef void (*vb_context_fn)(const char *key, const char *value, void *user);

/* Reads the environment (BENCH_QUICK, BENCH_BACKENDS, BENCH_SIZES, ...),
   builds the corpus and pattern sets, creates the backends (a missing one
   is printed as "SKIP backend NAME: ..." on stdout and stderr) and lists
   the cases. Returns 0 on success, else prints why and returns -1. */
int vb_init(void);
void vb_context(vb_context_fn fn, void *user);
size_t vb_case_count(void);
const vb_case_info *vb_case_get(size_t i);
/* Per-case state is made lazily and kept until the next case: 0 on success,
   else -1 with a message in err. */
int vb_case_setup(size_t i, char *err, size_t errlen);
int vb_case_run(size_t i, vb_result *r, char *err, size_t errlen);
void vb_case_teardown(size_t i);
/* 1 if the setup cross-check found a different match count than Hyperscan. */
int vb_case_mismatch(size_t i);
void vb_shutdown(void);

/* 1 when d[0, len) has few distinct bytes (under a third of len, or under 4):
   such pieces of real files (zero padding) make Hyperscan's SOM tracking give
   up under overlapping-match storms, so literal generators skip them
   (bench/big_bench.c, tests/test_big.c). */
static inline int vb_low_entropy(const uint8_t *d, size_t len) {
    uint8_t seen[256];
    size_t j, distinct = 0;
    for (j = 0; j < 256; j++) seen[j] = 0;
    for (j = 0; j < len; j++) if (!seen[d[j]]) { seen[d[j]] = 1; distinct++; }
    return distinct * 3 < len || distinct < 4;
}

#ifdef __cplusplus
}
#endif
#endif
