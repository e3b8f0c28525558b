/* VYRE_NO_RING: the ring and the engine are compiled out (declarations and
   implementation); the rest of the library still builds and links. */
#define VYRE_NO_RING
#define VYRE_IMPLEMENTATION
#include "vyre.h"
#ifdef VYRE__RING_HDR
#error "VYRE_NO_RING left the ring implementation in"
#endif
typedef int vyre_ring_item; /* would clash if the ring's declarations were present */
int main(void) { return vyre_version_number() == VYRE_VERSION_NUMBER ? 0 : 1; }
