/* The ring (>>ring) in the implementation file: compiles as C99 (GCC/Clang
   __atomic builtins), C11 (<stdatomic.h>) and C++17, and works. Prints which
   atomics were used; compile_tests.sh checks that C11 got <stdatomic.h>. */
#define VYRE_IMPLEMENTATION
#include "vyre.h"
#include <stdio.h>
int main(void) {
    vyre_ring *r = NULL;
    vyre_ring_item it = {1, 2, 3, 4}, got;
    vyre_error err;
    uint32_t slot = 9;
    if (vyre_ring_create(3, NULL, &r, &err) != VYRE_OK || vyre_ring_capacity(r) != 4) return 1;
    if (vyre_ring_enqueue(r, &it, &slot, NULL, &err) != VYRE_OK || slot != 0) return 2;
    if (!vyre_ring_claim(r, &got, NULL) || got.correlation != 4 || got.rule_set_id != 3) return 3;
    if (vyre_ring_claim(r, &got, NULL) != 0) return 4;
    vyre_ring_free(r);
    printf("ring atomics: %s\n", VYRE__RING_ATOMICS);
    return 0;
}
