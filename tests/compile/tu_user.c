/* Translation unit 2 of 2: a plain user of the API, linked against tu_impl. */
#include <stdio.h>
#include <string.h>
#include "vyre.h"
#include "vyre_cuda.h"
#include "vyre_ocl.h"
#ifdef __cplusplus
extern "C" int vt_tu_impl_marker(void);
#else
int vt_tu_impl_marker(void);
#endif
int main(void) {
    vyre_literal lit;
    vyre_literal_set *set = NULL;
    vyre_backend *be = NULL;
    vyre_scanner *sc = NULL;
    vyre_match m[4];
    size_t n = 0;
    vyre_error err;
    lit.bytes = "needle";
    lit.len = 6;
    lit.flags = VYRE_CASELESS;
    if (!vt_tu_impl_marker()) return 1;
    if (strcmp(vyre_version(), VYRE_VERSION_STRING) != 0) return 2;
    if (vyre_literal_set_compile(&lit, 1, NULL, &set, &err) != VYRE_OK) return 3;
    if (vyre_cpu_backend_create(NULL, &be, &err) != VYRE_OK) return 4;
    if (vyre_scanner_create(be, set, NULL, &sc, &err) != VYRE_OK) return 5;
    if (vyre_scan(sc, "a NEEDLE in a needle", 20, m, 4, &n, &err) != VYRE_OK || n != 2) return 6;
    if (m[0].start != 2 || m[1].start != 14) return 7;
    vyre_scanner_destroy(sc);
    vyre_backend_destroy(be);
    vyre_literal_set_free(set);
    (void)vyre_cuda_backend_create;
    (void)vyre_ocl_backend_create;
    printf("vyre %s ok\n", vyre_version());
    return 0;
}
