/* Only some of VYRE_MALLOC/REALLOC/FREE defined: must NOT compile (#error). */
#include <stdlib.h>
#ifdef ONLY_MALLOC
#define VYRE_MALLOC(sz) malloc(sz)
#endif
#ifdef ONLY_MALLOC_FREE
#define VYRE_MALLOC(sz) malloc(sz)
#define VYRE_FREE(p) free(p)
#endif
#ifdef ONLY_REALLOC
#define VYRE_REALLOC(p, sz) realloc(p, sz)
#endif
#define VYRE_IMPLEMENTATION
#include "vyre.h"
int main(void) { return 0; }
