/* A user formats an error into a small buffer, in the file that holds the
   implementation, compiled with -O2 -Wall -Werror: must build without a
   -Wformat-truncation error from inside vyre.h. */
#define VYRE_IMPLEMENTATION
#include "vyre.h"
#include <stdio.h>
int main(void) {
    vyre_error e;
    char small[16];
    vyre_set_error(&e, VYRE_ERR_IO, "Fix: check the path.", "cannot read %s", "x");
    vyre_error_format(&e, small, sizeof small);
    puts(small);
    return 0;
}
