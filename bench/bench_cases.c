/* bench/bench_cases.c - the benchmark bodies: every case the Google Benchmark
   shim registers, written in C against the public vyre API.

   Environment (all optional):
     BENCH_QUICK=1        small corpus and sizes, short min time (CI, 2-core machines)
     BENCH_BACKENDS=LIST  comma list of cpu, cpu1, cuda, opencl, hs (default: cpu,cuda,opencl,hs)
     BENCH_PATTERNS=LIST  gitleaks-ci, rand10k (default: both)
     BENCH_WORKLOADS=LIST scan, count, session, oneshot, presence, pinned (default: all)
     BENCH_SIZES=LIST     haystack sizes, e.g. 4K,64K,1M,16M,256M,1G
     BENCH_MAX_CPU=SIZE   largest haystack for CPU engines (cpu, hs); default 16M quick, 256M full
     BENCH_MAX_GPU=SIZE   largest haystack for GPU backends; default 1G
     BENCH_CORPUS=SIZE    corpus bytes (default: the largest haystack, at least 64M)
     BENCH_REGIONS=SIZE   bytes of small files coalesced for the presence cases (default 8M quick, 64M full)
     BENCH_MIN_TIME=SEC   minimum time per benchmark (default 0.05 quick, 0.2 full)
     BENCH_HS_THREADS=N   threads for the "all cores" Hyperscan baseline (default: online CPUs)
     BENCH_CPU_THREADS=N  threads for the cpu backend (default: online CPUs)
     BENCH_NO_VERIFY=1    skip the match-count cross-check against Hyperscan at setup */
#define _POSIX_C_SOURCE 200809L
#include "bench.h"
#include "vyre.h"
#include "vyre_cuda.h"
#include "vyre_ocl.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { VB_K_SCAN = 1, VB_K_COUNT, VB_K_SESSION, VB_K_ONESHOT, VB_K_PRESENCE, VB_K_PRESENCE_SESSION, VB_K_PINNED,
       VB_K_PINNED_COUNT };
enum { VB_MAX_BACKENDS = 8, VB_MAX_PATSETS = 2, VB_MAX_SIZES = 16, VB_MAX_CASES = 512 };
#define VB_HS1 (-1)
#define VB_HSN (-2)
#define VB_UNKNOWN UINT64_MAX

typedef struct vb_backend {
    char name[16];
    vyre_backend *be;
    vyre_device_profile prof;
    int timer;
    vyre_scanner *sc[VB_MAX_PATSETS];          /* one scanner per pattern set, made on first use */
} vb_backend;

typedef struct vb_case {
    vb_case_info info;
    int kind, engine, pat;
    uint64_t size;
    /* state made at setup */
    int ready;
    size_t windows, iter;
    vyre_match_session *ms;
    vyre_presence_session *ps;
    vyre_match *mbuf;
    size_t mcap;
    uint32_t *pbuf;
    size_t pwords;
    uint32_t *starts32;
    uint8_t *pinned;
    int mismatch;
} vb_case;

static struct {
    int quick;
    double min_time;
    vb_corpus corpus;
    vb_regions regions;
    int have_regions;
    vb_patset pats[VB_MAX_PATSETS];
    vyre_literal_set *sets[VB_MAX_PATSETS];
    double compile_ms[VB_MAX_PATSETS];
    int npats;
    vb_backend backends[VB_MAX_BACKENDS];
    int nbackends;
    char skipped[VB_MAX_BACKENDS][768];
    int nskipped;
    int want_hs;
    unsigned hs_threads;
    vb_hs *hs[VB_MAX_PATSETS][2];               /* [pat][0] one thread, [1] all threads */
    uint64_t sizes[VB_MAX_SIZES];
    int nsizes;
    uint64_t max_cpu, max_gpu;
    size_t ncases;
    int verify;
    char workloads[256];
    char machine[256];
} g;
static vb_case g_cases[VB_MAX_CASES];

/* ---- pinned host memory for the CUDA end-to-end case (driver API via dlopen) */
typedef int (*vb_cu_init_fn)(unsigned);
typedef int (*vb_cu_devget_fn)(int *, int);
typedef int (*vb_cu_retain_fn)(void **, int);
typedef int (*vb_cu_push_fn)(void *);
typedef int (*vb_cu_pop_fn)(void **);
typedef int (*vb_cu_reg_fn)(void *, size_t, unsigned);
typedef int (*vb_cu_unreg_fn)(void *);
static struct {
    void *lib;
    void *ctx;
    vb_cu_push_fn push;
    vb_cu_pop_fn pop;
    vb_cu_reg_fn reg;
    vb_cu_unreg_fn unreg;
} vb_cu;

static void *vb_sym(void *lib, const char *name) { return lib ? dlsym(lib, name) : NULL; }
#define VB_LOAD(dst, name) do { void *p_ = vb_sym(vb_cu.lib, name); memcpy(&(dst), &p_, sizeof p_); } while (0)

/* Page-locks [p, p+len) for every context (CU_MEMHOSTREGISTER_PORTABLE) on
   device 0's primary context. 0 on success. */
static int vb_pin(void *p, size_t len, char *err, size_t errlen) {
    if (!vb_cu.lib) {
        vb_cu_init_fn init = NULL;
        vb_cu_devget_fn devget = NULL;
        vb_cu_retain_fn retain = NULL;
        int dev = 0;
        vb_cu.lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
        if (!vb_cu.lib) {
            snprintf(err, errlen, "libcuda.so.1 not loadable: %s", dlerror());
            return -1;
        }
        VB_LOAD(init, "cuInit");
        VB_LOAD(devget, "cuDeviceGet");
        VB_LOAD(retain, "cuDevicePrimaryCtxRetain");
        VB_LOAD(vb_cu.push, "cuCtxPushCurrent_v2");
        VB_LOAD(vb_cu.pop, "cuCtxPopCurrent_v2");
        VB_LOAD(vb_cu.reg, "cuMemHostRegister_v2");
        VB_LOAD(vb_cu.unreg, "cuMemHostUnregister");
        if (!init || !devget || !retain || !vb_cu.push || !vb_cu.pop || !vb_cu.reg || !vb_cu.unreg ||
            init(0) != 0 || devget(&dev, 0) != 0 || retain(&vb_cu.ctx, dev) != 0) {
            snprintf(err, errlen, "CUDA driver entry points missing or cuInit/primary context failed");
            dlclose(vb_cu.lib);
            memset(&vb_cu, 0, sizeof vb_cu);
            return -1;
        }
    }
    {
        void *old = NULL;
        int rc;
        vb_cu.push(vb_cu.ctx);
        rc = vb_cu.reg(p, len, 0x01u /* CU_MEMHOSTREGISTER_PORTABLE */);
        vb_cu.pop(&old);
        if (rc != 0) {
            snprintf(err, errlen, "cuMemHostRegister(%zu bytes) failed with CUresult %d", len, rc);
            return -1;
        }
    }
    return 0;
}

static void vb_unpin(void *p) {
    void *old = NULL;
    if (!vb_cu.lib || !p) return;
    vb_cu.push(vb_cu.ctx);
    vb_cu.unreg(p);
    vb_cu.pop(&old);
}

/* ---- configuration ----------------------------------------------------------- */
static int vb_list_has(const char *list, const char *item) {
    size_t n = strlen(item);
    const char *p = list;
    while (p && *p) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == n && strncmp(p, item, n) == 0) return 1;
        p = e ? e + 1 : NULL;
    }
    return 0;
}

static const char *vb_env(const char *name, const char *def) {
    const char *v = getenv(name);
    return v && *v ? v : def;
}

static uint64_t vb_env_size(const char *name, uint64_t def) {
    const char *v = getenv(name);
    uint64_t s;
    if (!v || !*v) return def;
    s = vb_parse_size(v);
    if (!s) {
        fprintf(stderr, "bench: ignoring %s=%s (not a size like 64K, 16M, 1G)\n", name, v);
        return def;
    }
    return s;
}

static void vb_err(char *err, size_t errlen, const char *what, const vyre_error *e) {
    char line[900];
    vyre_error_format(e, line, sizeof line);
    snprintf(err, errlen, "%s: %s", what, line);
}

static void vb_add_backend(const char *name) {
    vb_backend *b = &g.backends[g.nbackends];
    vyre_error e;
    vyre_result rc;
    memset(b, 0, sizeof *b);
    memset(&e, 0, sizeof e);
    snprintf(b->name, sizeof b->name, "%s", name);
    if (strcmp(name, "cpu") == 0 || strcmp(name, "cpu1") == 0) {
        vyre_cpu_desc d;
        memset(&d, 0, sizeof d);
        d.threads = strcmp(name, "cpu1") == 0 ? 1u : (uint32_t)atoi(vb_env("BENCH_CPU_THREADS", "0"));
        rc = vyre_cpu_backend_create(&d, &b->be, &e);
    } else if (strcmp(name, "cuda") == 0) {
        vyre_cuda_desc d;
        memset(&d, 0, sizeof d);
        rc = vyre_cuda_backend_create(&d, &b->be, &e);
    } else if (strcmp(name, "opencl") == 0) {
        vyre_ocl_desc d;
        memset(&d, 0, sizeof d);
        rc = vyre_ocl_backend_create(&d, &b->be, &e);
    } else {
        rc = vyre_set_error(&e, VYRE_ERR_INVALID_ARGUMENT, "Fix: use cpu, cpu1, cuda, opencl or hs.",
                            "unknown backend '%s' in BENCH_BACKENDS", name);
    }
    if (rc == VYRE_OK) rc = vyre_backend_profile(b->be, &b->prof, &e);
    if (rc == VYRE_OK) {
        vyre_error pe;
        vyre_result prc = vyre_backend_prepare(b->be, &pe);
        if (prc != VYRE_OK && prc != VYRE_ERR_UNSUPPORTED) {
            rc = prc;
            e = pe;
        }
    }
    if (rc != VYRE_OK) {
        char line[700];
        vyre_error_format(&e, line, sizeof line);
        snprintf(g.skipped[g.nskipped], sizeof g.skipped[0], "SKIP backend %s: %s", name, line);
        printf("%s\n", g.skipped[g.nskipped]);
        fprintf(stderr, "%s\n", g.skipped[g.nskipped]);
        fflush(stdout);
        g.nskipped++;
        if (b->be) vyre_backend_destroy(b->be);
        return;
    }
    b->timer = (b->prof.caps & VYRE_CAP_DEVICE_TIMER) != 0;
    if (strcmp(name, "cpu1") == 0) snprintf(b->prof.backend, sizeof b->prof.backend, "cpu1");
    g.nbackends++;
}

static int vb_is_gpu(const vb_backend *b) { return (b->prof.caps & VYRE_CAP_HOST_MEMORY) == 0; }

static int vb_want(const char *w) { return vb_list_has(g.workloads, w); }

static vb_case *vb_new_case(int kind, int engine, int pat, uint64_t size, const char *workload) {
    vb_case *c;
    char sz[32];
    char bname[24];
    if (g.ncases >= VB_MAX_CASES) return NULL;
    c = &g_cases[g.ncases++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->engine = engine;
    c->pat = pat;
    c->size = size;
    vb_size_name(size, sz, sizeof sz);
    if (engine >= 0) {
        vb_backend *b = &g.backends[engine];
        snprintf(bname, sizeof bname, "%s", b->name);
        snprintf(c->info.label, sizeof c->info.label, "%s: %s", b->name, b->prof.device_name);
        c->info.manual_time = b->timer;
    } else {
        unsigned t = engine == VB_HS1 ? 1u : g.hs_threads;
        snprintf(bname, sizeof bname, "hs-%ut", t);
        snprintf(c->info.label, sizeof c->info.label, "hyperscan %s, %u thread%s", vb_hs_version(), t,
                 t == 1 ? "" : "s");
    }
    snprintf(c->info.backend, sizeof c->info.backend, "%s", bname);
    snprintf(c->info.workload, sizeof c->info.workload, "%s", workload);
    snprintf(c->info.patterns, sizeof c->info.patterns, "%s", g.pats[pat].name);
    snprintf(c->info.name, sizeof c->info.name, "%s/%s/%s/%s", workload, bname, g.pats[pat].name, sz);
    c->info.bytes = size;
    c->info.min_time = g.min_time;
    return c;
}

static void vb_build_cases(void) {
    int p, s, b;
    for (p = 0; p < g.npats; p++) {
        /* throughput against haystack size: every engine */
        for (s = 0; s < g.nsizes; s++) {
            uint64_t sz = g.sizes[s];
            if (sz > g.corpus.len) continue;
            if (vb_want("scan"))
                for (b = 0; b < g.nbackends; b++)
                    if (sz <= (vb_is_gpu(&g.backends[b]) ? g.max_gpu : g.max_cpu))
                        vb_new_case(VB_K_SCAN, b, p, sz, "scan");
            if (vb_want("scan") && g.want_hs && sz <= g.max_cpu) {
                vb_new_case(VB_K_SCAN, VB_HS1, p, sz, "scan");
                if (g.hs_threads > 1 && sz >= VB_MIB) vb_new_case(VB_K_SCAN, VB_HSN, p, sz, "scan");
            }
        }
        if (p != 0) continue; /* the workloads below use the first set (gitleaks keywords) */
        for (s = 0; s < g.nsizes; s++) {
            uint64_t sz = g.sizes[s];
            int is_mid = sz == 64 * VB_KIB || sz == 16 * VB_MIB;
            if (sz > g.corpus.len) continue;
            for (b = 0; b < g.nbackends; b++) {
                uint64_t mx = vb_is_gpu(&g.backends[b]) ? g.max_gpu : g.max_cpu;
                if (sz > mx) continue;
                if (vb_want("count") && (sz == 16 * VB_MIB || sz == mx)) vb_new_case(VB_K_COUNT, b, p, sz, "count");
                if (vb_want("session") && is_mid) vb_new_case(VB_K_SESSION, b, p, sz, "session");
                if (vb_want("oneshot") && is_mid) vb_new_case(VB_K_ONESHOT, b, p, sz, "oneshot");
                if (vb_want("pinned") && strcmp(g.backends[b].name, "cuda") == 0 && sz >= 16 * VB_MIB) {
                    vb_new_case(VB_K_PINNED, b, p, sz, "scan_pinned");
                    vb_new_case(VB_K_PINNED_COUNT, b, p, sz, "count_pinned");
                }
            }
        }
        if (vb_want("presence") && g.have_regions) {
            for (b = 0; b < g.nbackends; b++) {
                vb_new_case(VB_K_PRESENCE, b, p, g.regions.len, "presence");
                vb_new_case(VB_K_PRESENCE_SESSION, b, p, g.regions.len, "presence_session");
            }
            if (g.want_hs) {
                vb_new_case(VB_K_PRESENCE, VB_HS1, p, g.regions.len, "presence");
                if (g.hs_threads > 1) vb_new_case(VB_K_PRESENCE, VB_HSN, p, g.regions.len, "presence");
            }
        }
    }
}

int vb_init(void) {
    char err[1024];
    const char *backends, *pats, *sizes;
    uint64_t corpus_target, regions_target, biggest = 0;
    char *tmp, *tok, *save = NULL;
    int i;
    memset(&g, 0, sizeof g);
    g.quick = atoi(vb_env("BENCH_QUICK", "0")) != 0;
    g.min_time = atof(vb_env("BENCH_MIN_TIME", g.quick ? "0.05" : "0.2"));
    g.verify = atoi(vb_env("BENCH_NO_VERIFY", "0")) == 0;
    g.hs_threads = (unsigned)atoi(vb_env("BENCH_HS_THREADS", "0"));
    if (g.hs_threads == 0) g.hs_threads = vb_online_cpus();
    backends = vb_env("BENCH_BACKENDS", "cpu,cuda,opencl,hs");
    pats = vb_env("BENCH_PATTERNS", "gitleaks-ci,rand10k");
    snprintf(g.workloads, sizeof g.workloads, "%s", vb_env("BENCH_WORKLOADS", "scan,count,session,oneshot,presence,pinned"));
    sizes = vb_env("BENCH_SIZES", g.quick ? "4K,256K,16M" : "4K,64K,1M,16M,256M,1G");
    g.max_cpu = vb_env_size("BENCH_MAX_CPU", g.quick ? 16 * VB_MIB : 256 * VB_MIB);
    g.max_gpu = vb_env_size("BENCH_MAX_GPU", VB_GIB);
    vb_machine(g.machine, sizeof g.machine);

    tmp = (char *)malloc(strlen(sizes) + 1);
    if (!tmp) return -1;
    strcpy(tmp, sizes);
    for (tok = strtok_r(tmp, ",", &save); tok && g.nsizes < VB_MAX_SIZES; tok = strtok_r(NULL, ",", &save)) {
        uint64_t v = vb_parse_size(tok);
        if (!v) {
            fprintf(stderr, "bench: ignoring size '%s' in BENCH_SIZES\n", tok);
            continue;
        }
        g.sizes[g.nsizes++] = v;
    }
    free(tmp);

    /* backends first: the corpus size depends on whether a GPU is there */
    tmp = (char *)malloc(strlen(backends) + 1);
    if (!tmp) return -1;
    strcpy(tmp, backends);
    for (tok = strtok_r(tmp, ",", &save); tok && g.nbackends < VB_MAX_BACKENDS; tok = strtok_r(NULL, ",", &save)) {
        if (strcmp(tok, "hs") == 0) g.want_hs = 1;
        else vb_add_backend(tok);
    }
    free(tmp);

    for (i = 0; i < g.nsizes; i++) {
        int any_gpu = 0, b;
        for (b = 0; b < g.nbackends; b++) any_gpu |= vb_is_gpu(&g.backends[b]);
        if (g.sizes[i] <= (any_gpu ? g.max_gpu : g.max_cpu) && g.sizes[i] > biggest) biggest = g.sizes[i];
    }
    corpus_target = vb_env_size("BENCH_CORPUS", biggest > 64 * VB_MIB ? biggest : 64 * VB_MIB);
    if (vb_corpus_build(&g.corpus, (size_t)corpus_target, 8 * VB_MIB, err, sizeof err) != 0) {
        fprintf(stderr, "bench: %s\n", err);
        return -1;
    }
    fprintf(stderr, "bench: corpus %s\n", g.corpus.desc);
    regions_target = vb_env_size("BENCH_REGIONS", g.quick ? 8 * VB_MIB : 64 * VB_MIB);
    g.have_regions = vb_regions_build(&g.corpus, (size_t)regions_target, 64 * VB_KIB, &g.regions) == 0;

    if (vb_list_has(pats, "gitleaks-ci")) {
        if (vb_patset_gitleaks(&g.pats[g.npats], err, sizeof err) != 0) {
            fprintf(stderr, "bench: %s\n", err);
            return -1;
        }
        g.npats++;
    }
    if (vb_list_has(pats, "rand10k")) {
        if (vb_patset_random(&g.pats[g.npats], &g.corpus, 10000, 0x5eedu) != 0) {
            fprintf(stderr, "bench: out of memory for the random set\n");
            return -1;
        }
        g.npats++;
    }
    if (g.npats == 0) {
        fprintf(stderr, "bench: BENCH_PATTERNS names no known set (gitleaks-ci, rand10k)\n");
        return -1;
    }
    for (i = 0; i < g.npats; i++) {
        vb_patset *p = &g.pats[i];
        vyre_literal *lits = (vyre_literal *)malloc(p->count * sizeof *lits);
        vyre_error e;
        size_t k;
        uint64_t t0;
        if (!lits) return -1;
        for (k = 0; k < p->count; k++) {
            lits[k].bytes = p->bytes[k];
            lits[k].len = p->lens[k];
            lits[k].flags = p->flags;
        }
        t0 = vb_now_ns();
        if (vyre_literal_set_compile(lits, p->count, NULL, &g.sets[i], &e) != VYRE_OK) {
            vb_err(err, sizeof err, "vyre_literal_set_compile", &e);
            fprintf(stderr, "bench: %s (set %s)\n", err, p->name);
            free(lits);
            return -1;
        }
        g.compile_ms[i] = (double)(vb_now_ns() - t0) / 1e6;
        free(lits);
    }
    vb_build_cases();
    return 0;
}

void vb_context(vb_context_fn fn, void *user) {
    char key[64], val[1024];
    int i;
    fn("vyre.machine", g.machine, user);
    fn("vyre.commit", vb_commit(), user);
    fn("vyre.version", vyre_version(), user);
    fn("vyre.quick", g.quick ? "1" : "0", user);
    fn("vyre.corpus", g.corpus.desc, user);
    if (g.have_regions) {
        snprintf(val, sizeof val, "%u files of at most 64 KiB coalesced, %zu bytes", g.regions.count, g.regions.len);
        fn("vyre.regions", val, user);
    }
    for (i = 0; i < g.nbackends; i++) {
        vb_backend *b = &g.backends[i];
        snprintf(key, sizeof key, "vyre.backend.%s", b->name);
        snprintf(val, sizeof val, "%s | %s | driver %s | %u compute units | device timer %s", b->prof.backend,
                 b->prof.device_name, b->prof.driver_version, b->prof.compute_units, b->timer ? "yes" : "no");
        fn(key, val, user);
    }
    for (i = 0; i < g.nskipped; i++) {
        snprintf(key, sizeof key, "vyre.skipped.%d", i);
        fn(key, g.skipped[i], user);
    }
    if (g.want_hs) {
        snprintf(val, sizeof val, "hyperscan %s, literal API, block mode, SOM_LEFTMOST; threads 1 and %u", vb_hs_version(),
                 g.hs_threads);
        fn("vyre.baseline", val, user);
    }
    for (i = 0; i < g.npats; i++) {
        vyre_literal_set_info inf;
        memset(&inf, 0, sizeof inf);
        vyre_literal_set_get_info(g.sets[i], &inf);
        snprintf(key, sizeof key, "vyre.patterns.%s", g.pats[i].name);
        snprintf(val, sizeof val, "%s; %u DFA states, %llu table bytes, compiled in %.1f ms", g.pats[i].source,
                 inf.state_count, (unsigned long long)inf.table_bytes, g.compile_ms[i]);
        fn(key, val, user);
    }
}

size_t vb_case_count(void) { return g.ncases; }
const vb_case_info *vb_case_get(size_t i) { return i < g.ncases ? &g_cases[i].info : NULL; }

/* ---- running ------------------------------------------------------------------- */
static vyre_scanner *vb_scanner(int engine, int pat, char *err, size_t errlen) {
    vb_backend *b = &g.backends[engine];
    if (!b->sc[pat]) {
        vyre_error e;
        if (vyre_scanner_create(b->be, g.sets[pat], NULL, &b->sc[pat], &e) != VYRE_OK) {
            vb_err(err, errlen, "vyre_scanner_create", &e);
            b->sc[pat] = NULL;
            return NULL;
        }
    }
    return b->sc[pat];
}

static vb_hs *vb_hs_get(int engine, int pat, char *err, size_t errlen) {
    int k = engine == VB_HS1 ? 0 : 1;
    if (!g.hs[pat][k] && vb_hs_create(&g.pats[pat], k ? g.hs_threads : 1u, &g.hs[pat][k], err, errlen) != 0)
        return NULL;
    return g.hs[pat][k];
}

static const uint8_t *vb_window(vb_case *c, size_t k) {
    if (c->kind == VB_K_PRESENCE || c->kind == VB_K_PRESENCE_SESSION) return g.regions.data;
    if (c->kind == VB_K_PINNED || c->kind == VB_K_PINNED_COUNT) return c->pinned;
    return g.corpus.data + (k % c->windows) * c->size;
}

static int vb_count_cb(const vyre_match *m, void *user) {
    (void)m;
    (*(uint64_t *)user)++;
    return 0;
}

static uint64_t vb_popcount_words(const uint32_t *w, size_t n) {
    uint64_t t = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        uint32_t x = w[i];
        while (x) {
            x &= x - 1;
            t++;
        }
    }
    return t;
}

static uint32_t vb_words_per_row(int pat) { return vyre_presence_words(g.sets[pat]); }

int vb_case_setup(size_t i, char *err, size_t errlen) {
    vb_case *c = &g_cases[i];
    vyre_error e;
    vb_result r;
    if (c->ready) return 0;
    {
        /* windows of `size` bytes rotated over at least 64 MiB (past any L2), at most 64 of them */
        size_t w = (size_t)(g.corpus.len / c->size);
        size_t want = (size_t)((64 * VB_MIB + c->size - 1) / c->size);
        if (w > want) w = want;
        if (w > 64) w = 64;
        c->windows = w ? w : 1;
    }
    c->iter = 0;
    if (c->engine >= 0 && c->kind != VB_K_PRESENCE_SESSION && c->kind != VB_K_SESSION &&
        !vb_scanner(c->engine, c->pat, err, errlen))
        return -1;
    if (c->engine < 0 && !vb_hs_get(c->engine, c->pat, err, errlen)) return -1;
    switch (c->kind) {
    case VB_K_SESSION: {
        /* resident match session: capacity = the largest window count */
        vyre_scanner *sc = vb_scanner(c->engine, c->pat, err, errlen);
        uint64_t most = 0, n;
        size_t k;
        if (!sc) return -1;
        for (k = 0; k < c->windows; k++) {
            if (vyre_scan_count(sc, vb_window(c, k), (size_t)c->size, &n, &e) != VYRE_OK) {
                vb_err(err, errlen, "vyre_scan_count", &e);
                return -1;
            }
            if (n > most) most = n;
        }
        c->mcap = (size_t)most + 16;
        c->mbuf = (vyre_match *)malloc(c->mcap * sizeof *c->mbuf);
        if (!c->mbuf) {
            snprintf(err, errlen, "out of memory for %zu matches", c->mcap);
            return -1;
        }
        if (vyre_match_session_create(g.backends[c->engine].be, g.sets[c->pat], (size_t)c->size, (uint32_t)c->mcap,
                                      &c->ms, &e) != VYRE_OK) {
            vb_err(err, errlen, "vyre_match_session_create", &e);
            return -1;
        }
        break;
    }
    case VB_K_PRESENCE:
    case VB_K_PRESENCE_SESSION: {
        uint32_t k;
        c->pwords = (size_t)g.regions.count * vb_words_per_row(c->pat);
        c->pbuf = (uint32_t *)calloc(c->pwords ? c->pwords : 1, sizeof *c->pbuf);
        if (!c->pbuf) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        c->windows = 1;
        if (c->kind == VB_K_PRESENCE_SESSION) {
            c->starts32 = (uint32_t *)malloc(g.regions.count * sizeof *c->starts32);
            if (!c->starts32) return -1;
            for (k = 0; k < g.regions.count; k++) c->starts32[k] = (uint32_t)g.regions.starts[k];
            if (vyre_presence_session_create(g.backends[c->engine].be, g.sets[c->pat], g.regions.len,
                                             g.regions.count, &c->ps, &e) != VYRE_OK) {
                vb_err(err, errlen, "vyre_presence_session_create", &e);
                return -1;
            }
        }
        break;
    }
    case VB_K_PINNED:
    case VB_K_PINNED_COUNT:
        c->windows = 1;
        c->pinned = (uint8_t *)malloc((size_t)c->size + 64);
        if (!c->pinned) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        memcpy(c->pinned, g.corpus.data, (size_t)c->size);
        if (vb_pin(c->pinned, (size_t)c->size, err, errlen) != 0) {
            free(c->pinned);
            c->pinned = NULL;
            return -1;
        }
        break;
    default:
        break;
    }
    c->ready = 1;
    /* warm-up (module loads, first allocations, page faults) and cross-check */
    if (vb_case_run(i, &r, err, errlen) != 0) return -1;
    c->iter = 0;
    if (g.verify && g.want_hs && c->engine >= 0 && c->size <= 16 * VB_MIB &&
        (c->kind == VB_K_SCAN || c->kind == VB_K_PRESENCE || c->kind == VB_K_PINNED || c->kind == VB_K_PINNED_COUNT)) {
        vb_hs *h = vb_hs_get(VB_HS1, c->pat, err, errlen);
        uint64_t want = 0;
        if (!h) return -1;
        if (c->kind == VB_K_PRESENCE) {
            uint32_t *tmpw = (uint32_t *)calloc(c->pwords ? c->pwords : 1, sizeof *tmpw);
            if (!tmpw) return -1;
            vb_hs_presence(h, g.regions.data, g.regions.len, g.regions.starts, g.regions.count, tmpw,
                           vb_words_per_row(c->pat), &want);
            want = vb_popcount_words(tmpw, c->pwords);
            free(tmpw);
        } else {
            vb_hs_count(h, vb_window(c, 0), (size_t)c->size, &want);
        }
        if (want != r.matches) {
            c->mismatch = 1;
            fprintf(stderr, "bench: MISMATCH %s: vyre %llu, hyperscan %llu\n", c->info.name,
                    (unsigned long long)r.matches, (unsigned long long)want);
        }
    }
    return 0;
}

int vb_case_run(size_t i, vb_result *r, char *err, size_t errlen) {
    vb_case *c = &g_cases[i];
    const uint8_t *data = vb_window(c, c->iter);
    size_t len = c->kind == VB_K_PRESENCE || c->kind == VB_K_PRESENCE_SESSION ? g.regions.len : (size_t)c->size;
    vyre_error e;
    vyre_timing t;
    vyre_result rc = VYRE_OK;
    uint64_t t0;
    memset(r, 0, sizeof *r);
    memset(&t, 0, sizeof t);
    t.device_ns = VB_UNKNOWN;
    r->bytes = len;
    c->iter++;
    if (c->engine < 0) {
        vb_hs *h = vb_hs_get(c->engine, c->pat, err, errlen);
        int hrc;
        if (!h) return -1;
        t0 = vb_now_ns();
        if (c->kind == VB_K_PRESENCE)
            hrc = vb_hs_presence(h, data, len, g.regions.starts, g.regions.count, c->pbuf, vb_words_per_row(c->pat),
                                 &r->matches);
        else
            hrc = vb_hs_count(h, data, len, &r->matches);
        r->wall_ns = vb_now_ns() - t0;
        r->device_ns = VB_UNKNOWN;
        if (c->kind == VB_K_PRESENCE) r->matches = vb_popcount_words(c->pbuf, c->pwords);
        if (hrc != 0) {
            snprintf(err, errlen, "hs_scan failed");
            return -1;
        }
        return 0;
    }
    {
        vb_backend *b = &g.backends[c->engine];
        vyre_scanner *sc = b->sc[c->pat];
        switch (c->kind) {
        case VB_K_SCAN:
        case VB_K_PINNED:
            t0 = vb_now_ns();
            rc = vyre_scan_cb(sc, data, len, vb_count_cb, &r->matches, &e);
            r->wall_ns = vb_now_ns() - t0;
            vyre_scanner_last_timing(sc, &t);
            break;
        case VB_K_COUNT:
        case VB_K_PINNED_COUNT:
            t0 = vb_now_ns();
            rc = vyre_scan_count(sc, data, len, &r->matches, &e);
            r->wall_ns = vb_now_ns() - t0;
            vyre_scanner_last_timing(sc, &t);
            break;
        case VB_K_ONESHOT: {
            /* what a naive caller does per buffer: bind the set, scan, unbind */
            vyre_scanner *one = NULL;
            t0 = vb_now_ns();
            rc = vyre_scanner_create(b->be, g.sets[c->pat], NULL, &one, &e);
            if (rc == VYRE_OK) rc = vyre_scan_cb(one, data, len, vb_count_cb, &r->matches, &e);
            if (one) {
                vyre_timing lt;
                if (vyre_scanner_last_timing(one, &lt) == VYRE_OK) t = lt;
                vyre_scanner_destroy(one);
            }
            r->wall_ns = vb_now_ns() - t0;
            break;
        }
        case VB_K_SESSION: {
            size_t n = 0;
            t0 = vb_now_ns();
            rc = vyre_match_session_scan(c->ms, data, len, c->mbuf, c->mcap, &n, &t, &e);
            r->wall_ns = vb_now_ns() - t0;
            r->matches = n;
            break;
        }
        case VB_K_PRESENCE:
            t0 = vb_now_ns();
            rc = vyre_scan_presence(sc, data, len, g.regions.starts, g.regions.count, c->pbuf, c->pwords, &e);
            r->wall_ns = vb_now_ns() - t0;
            vyre_scanner_last_timing(sc, &t);
            if (rc == VYRE_OK) r->matches = vb_popcount_words(c->pbuf, c->pwords);
            break;
        case VB_K_PRESENCE_SESSION:
            t0 = vb_now_ns();
            rc = vyre_presence_session_scan(c->ps, data, len, c->starts32, g.regions.count, 0, c->pbuf, c->pwords, &t,
                                            &e);
            r->wall_ns = vb_now_ns() - t0;
            if (rc == VYRE_OK) r->matches = vb_popcount_words(c->pbuf, c->pwords);
            break;
        default:
            snprintf(err, errlen, "unknown case kind %d", c->kind);
            return -1;
        }
        if (rc != VYRE_OK) {
            vb_err(err, errlen, c->info.name, &e);
            return -1;
        }
        r->device_ns = b->timer ? t.device_ns : VB_UNKNOWN;
    }
    return 0;
}

int vb_case_mismatch(size_t i) { return i < g.ncases ? g_cases[i].mismatch : 0; }

void vb_case_teardown(size_t i) {
    vb_case *c = &g_cases[i];
    vyre_error e;
    if (!c->ready) return;
    if (c->ms) vyre_match_session_free(c->ms, &e);
    if (c->ps) vyre_presence_session_free(c->ps, &e);
    if (c->pinned) {
        vb_unpin(c->pinned);
        free(c->pinned);
    }
    free(c->mbuf);
    free(c->pbuf);
    free(c->starts32);
    c->ms = NULL;
    c->ps = NULL;
    c->pinned = NULL;
    c->mbuf = NULL;
    c->pbuf = NULL;
    c->starts32 = NULL;
    c->ready = 0;
}

void vb_shutdown(void) {
    size_t i;
    int b, p;
    for (i = 0; i < g.ncases; i++) vb_case_teardown(i);
    for (b = 0; b < g.nbackends; b++) {
        for (p = 0; p < VB_MAX_PATSETS; p++)
            if (g.backends[b].sc[p]) vyre_scanner_destroy(g.backends[b].sc[p]);
        vyre_backend_destroy(g.backends[b].be);
    }
    for (p = 0; p < VB_MAX_PATSETS; p++) {
        vb_hs_free(g.hs[p][0]);
        vb_hs_free(g.hs[p][1]);
        vyre_literal_set_free(g.sets[p]);
        vb_patset_free(&g.pats[p]);
    }
    vb_regions_free(&g.regions);
    vb_corpus_free(&g.corpus);
    g.nbackends = 0;
    g.ncases = 0;
}
