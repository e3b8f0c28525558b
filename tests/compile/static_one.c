/* VYRE_STATIC: every API function static in this translation unit. Two such
   units link into one program without duplicate symbols. */
#define VYRE_STATIC
#define VYRE_IMPLEMENTATION
#include "vyre.h"
#include <string.h>
int STATIC_FN(void);
int STATIC_FN(void) {
    vyre_literal lit;
    vyre_literal_set *set = NULL;
    vyre_literal_set_info info;
    lit.bytes = "abc";
    lit.len = 3;
    lit.flags = 0;
    if (vyre_literal_set_compile(&lit, 1, NULL, &set, NULL) != VYRE_OK) return 0;
    if (vyre_literal_set_get_info(set, &info) != VYRE_OK || info.pattern_count != 1) return 0;
    vyre_literal_set_free(set);
    return strcmp(vyre_version(), VYRE_VERSION_STRING) == 0;
}
