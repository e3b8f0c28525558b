/* VYRE_MALLOC/REALLOC/FREE all defined: compiles, and they are used. */
#include <stdlib.h>
static int vt_mallocs;
static void *vt_my_malloc(size_t n) { vt_mallocs++; return malloc(n); }
#define VYRE_MALLOC(sz) vt_my_malloc(sz)
#define VYRE_REALLOC(p, sz) realloc(p, sz)
#define VYRE_FREE(p) free(p)
#define VYRE_IMPLEMENTATION
#include "vyre.h"
int main(void) {
    vyre_literal lit;
    vyre_literal_set *set = NULL;
    lit.bytes = "abc";
    lit.len = 3;
    lit.flags = 0;
    if (vyre_literal_set_compile(&lit, 1, NULL, &set, NULL) != VYRE_OK) return 1;
    vyre_literal_set_free(set);
    return vt_mallocs > 0 ? 0 : 2;
}
