/* test_ocl.c - the OpenCL backend (vyre_ocl.h): contract, parity with the CPU
   backend, sessions, binary cache.

   Runs for real on any OpenCL platform (POCL on CPUs in CI, NVIDIA's driver on
   the GPU machine). Without a loader/platform/device every case that needs one
   prints a line with "SKIPPED" and the program exits 0, unless
   VYRE_REQUIRE_OPENCL=1 (then a missing platform is a failure, exit 1).

   Environment: VYRE_OCL_SELECT = auto (default) | gpu | cpu; VT_SCALE,
   VT_FILTER, VT_SEED as in vt.h; VYRE_OCL_CORPUS_MB (default 8) bounds the
   real files read for the corpus tests.

   Build (from the repo root):
     cc -std=c99 -O2 -g -Wall -Wextra -Werror -pedantic -I. -Itests tests/test_ocl.c -o build/test_ocl -lpthread -ldl -lm */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#define VYRE_IMPLEMENTATION
#define VYRE_OCL_IMPLEMENTATION
#include "vyre_ocl.h"
#include "vt.h"


static vyre_ocl_select g_select = VYRE_OCL_SELECT_AUTO;

#define VT_DEV_NAME "OpenCL"
#define VT_DEV_REQUIRE_ENV "VYRE_REQUIRE_OPENCL"
#define VT_DEV_CORPUS_ENV "VYRE_OCL_CORPUS_MB"
#include "backend_conformance.h"

static void t_unavailable_loader(void) {
    vyre_ocl_desc d;
    vyre_backend *b = (vyre_backend *)&d; /* must be reset to NULL */
    vyre_error e;
    memset(&d, 0, sizeof d);
    d.library = "/nonexistent/vyre-test/libOpenCL.so.1";
    CHECK_RC(vyre_ocl_backend_create(&d, &b, &e), VYRE_ERR_BACKEND_UNAVAILABLE);
    CHECK_ERR(e, VYRE_ERR_BACKEND_UNAVAILABLE);
    CHECK_STR_CONTAINS(e.message, "/nonexistent/vyre-test/libOpenCL.so.1");
    CHECK(b == NULL);
}

/* A child process with an empty OCL_ICD_VENDORS folder sees no platform. */
static void t_unavailable_no_platform(void) {
    char dir[] = "/tmp/vyre-ocl-empty-XXXXXX";
    int st;
    if (!CHECK(mkdtemp(dir) != NULL)) return;
    st = conf_child_status("--child-no-platform", "OCL_ICD_VENDORS", dir, "OPENCL_VENDOR_PATH", dir);
    rmdir(dir);
    if (st == 2) {
        /* this ICD loader still lists a platform with an empty vendor folder
           (seen on the GPU machine): the no-platform path cannot be staged here */
        vt_skip("the ICD loader ignores an empty OCL_ICD_VENDORS folder; no-platform case not testable here");
        return;
    }
    CHECKF(st == 0, "child with an empty ICD folder: exit status %d (0 = BACKEND_UNAVAILABLE with a Fix: hint)", st);
}
static int child_no_platform(void) {
    vyre_backend *b = NULL;
    if (conf_child_unavailable(&b) == 0) return 0;
    if (b) {
        vyre_ocl_info in;
        vyre_ocl_backend_info(b, &in, NULL);
        printf("child: a platform is still listed: '%s' / '%s'\n", in.platform_name, in.device_name);
        vyre_backend_destroy(b);
        return 2;
    }
    return 1;
}

static void t_bad_desc(void) {
    vyre_ocl_desc d;
    vyre_backend *b = NULL;
    vyre_error e;
    memset(&d, 0, sizeof d);
    d.select = (vyre_ocl_select)77;
    CHECK_RC(vyre_ocl_backend_create(&d, &b, &e), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_ERR(e, VYRE_ERR_INVALID_ARGUMENT);
    CHECK_STR_CONTAINS(e.message, "77");
    memset(&d, 0, sizeof d);
    d.local_size = 3;
    CHECK_RC(vyre_ocl_backend_create(&d, &b, &e), VYRE_ERR_INVALID_ARGUMENT);
    d.local_size = 512;
    CHECK_RC(vyre_ocl_backend_create(&d, &b, &e), VYRE_ERR_INVALID_ARGUMENT);
    CHECK_STR_CONTAINS(e.message, "512");
    conf_bad_desc_common();
    if (!need_dev()) return;
    memset(&d, 0, sizeof d);
    d.select = VYRE_OCL_SELECT_INDEX;
    d.platform_index = 999;
    CHECK_RC(vyre_ocl_backend_create(&d, &b, &e), VYRE_ERR_BACKEND_UNAVAILABLE);
    CHECK_ERR(e, VYRE_ERR_BACKEND_UNAVAILABLE);
    CHECK_STR_CONTAINS(e.message, "999");
    d.platform_index = 0;
    d.device_index = 999;
    CHECK_RC(vyre_ocl_backend_create(&d, &b, &e), VYRE_ERR_BACKEND_UNAVAILABLE);
    CHECK_STR_CONTAINS(e.message, "999");
    CHECK(b == NULL);
}

static void t_select(void) {
    vyre_ocl_desc d;
    vyre_backend *b = NULL;
    vyre_error e;
    vyre_ocl_info gi, bi;
    vyre_result r;
    if (!need_dev()) return;
    CHECK_RC(vyre_ocl_backend_info(g_dev, &gi, &e), VYRE_OK);
    CHECK_RC(vyre_ocl_backend_info(g_cpu, &bi, &e), VYRE_ERR_INVALID_ARGUMENT);
    /* INDEX 0/0 always exists */
    memset(&d, 0, sizeof d);
    d.select = VYRE_OCL_SELECT_INDEX;
    d.cache_dir = "";
    if (CHECK_RC(vyre_ocl_backend_create(&d, &b, &e), VYRE_OK)) {
        CHECK_RC(vyre_ocl_backend_info(b, &bi, &e), VYRE_OK);
        CHECK(bi.device_name[0] != 0);
        CHECK(bi.cache_file[0] == 0);
        vyre_backend_destroy(b);
    }
    /* GPU: either a GPU device or BACKEND_UNAVAILABLE naming the devices seen */
    d.select = VYRE_OCL_SELECT_GPU;
    r = vyre_ocl_backend_create(&d, &b, &e);
    if (r == VYRE_OK) {
        CHECK_RC(vyre_ocl_backend_info(b, &bi, &e), VYRE_OK);
        CHECK(bi.is_gpu == 1);
        vyre_backend_destroy(b);
    } else {
        CHECK_RC(r, VYRE_ERR_BACKEND_UNAVAILABLE);
        CHECK_ERR(e, VYRE_ERR_BACKEND_UNAVAILABLE);
        CHECK(gi.is_gpu == 0); /* AUTO prefers a GPU: if it found none, GPU must fail too */
    }
    /* AUTO picks a GPU whenever GPU selection succeeds */
    if (r == VYRE_OK && g_select == VYRE_OCL_SELECT_AUTO) CHECK(gi.is_gpu == 1);
}

static void t_profile(void) {
    vyre_device_profile p;
    vyre_error e;
    if (!need_dev()) return;
    CHECK(strcmp(vyre_backend_id(g_dev), "opencl") == 0);
    CHECK(vyre_backend_version(g_dev) != NULL && vyre_backend_version(g_dev)[0] != 0);
    if (!CHECK_RC(vyre_backend_profile(g_dev, &p, &e), VYRE_OK)) return;
    CHECK(strcmp(p.backend, "opencl") == 0);
    CHECK(p.device_name[0] != 0);
    CHECK((p.caps & (VYRE_CAP_RESIDENT | VYRE_CAP_DEVICE_TIMER | VYRE_CAP_SEQUENCE | VYRE_CAP_FILL)) ==
          (VYRE_CAP_RESIDENT | VYRE_CAP_DEVICE_TIMER | VYRE_CAP_SEQUENCE | VYRE_CAP_FILL));
    CHECK((p.caps & VYRE_CAP_LITERAL_SCAN) == 0); /* no native scanner: generic programs */
    CHECK((p.caps & VYRE_CAP_REPEAT) == 0);       /* repeated sequences: the default, one dispatch per step */
    CHECK(p.compute_units > 0);
    CHECK(p.max_workgroup_size > 0);
    CHECK(p.memory_bytes > 0);
    CHECK(p.max_buffer_bytes > 0);
    printf("  device: %s | driver %s | %u CUs | %llu MiB | version %s\n", p.device_name, p.driver_version,
           p.compute_units, (unsigned long long)(p.memory_bytes >> 20), vyre_backend_version(g_dev));
}

/* ------------------------------------------------------------------ */
/* resident buffers                                                     */
/* ------------------------------------------------------------------ */

/* the conformance suite's fresh-backend hook (t_lifecycle, t_alloc_failures) */
CONF_DEFINE_DEV_CREATE(vyre_ocl_desc, vyre_ocl_backend_create, d.select = g_select)

int main(int argc, char **argv) {
    vyre_ocl_desc d;
    vyre_error e;
    vyre_result r;
    const char *sel = getenv("VYRE_OCL_SELECT");
    snprintf(g_self, sizeof g_self, "%s", argv[0]);
    {
        ssize_t n = readlink("/proc/self/exe", g_self, sizeof g_self - 1);
        if (n > 0) g_self[n] = 0;
    }
    if (argc > 1 && strcmp(argv[1], "--child-no-platform") == 0) return child_no_platform();
    if (sel && strcmp(sel, "gpu") == 0) g_select = VYRE_OCL_SELECT_GPU;
    if (sel && strcmp(sel, "cpu") == 0) g_select = VYRE_OCL_SELECT_CPU;

    VT_RUN(t_unavailable_loader);
    VT_RUN(t_unavailable_no_platform);

    if (vyre_cpu_backend_create(NULL, &g_cpu, &e) != VYRE_OK) {
        printf("cannot create the CPU backend: %s\n", e.message);
        return 1;
    }
    memset(&d, 0, sizeof d);
    d.select = g_select;
    r = vyre_ocl_backend_create(&d, &g_dev, &e);
    if (r != VYRE_OK) {
        g_dev = NULL;
        snprintf(g_why, sizeof g_why, "no OpenCL backend: %s: %s %s", vyre_result_str(r), e.message, e.fix);
        printf("SKIPPED OpenCL tests: %s\n", g_why);
    } else {
        vyre_ocl_info in;
        r = vyre_backend_prepare(g_dev, &e);
        vyre_ocl_backend_info(g_dev, &in, NULL);
        printf("OpenCL: platform '%s' (%s), device '%s', driver %s, local size %u, program %s in %.1f ms\n",
               in.platform_name, in.platform_version, in.device_name, in.driver_version, in.local_size,
               in.program_from_cache ? "from cache" : "built", in.build_ns / 1e6);
        if (r != VYRE_OK) printf("prepare failed: %s %s\n", e.message, e.fix);
    }

    VT_RUN(t_bad_desc);
    VT_RUN(t_select);
    VT_RUN(t_profile);
    conformance_run_all();

    conformance_free();
    return vt_finish();
}
