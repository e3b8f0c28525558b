/* With VYRE_NO_REGEX the regex API is not declared: this must not compile. */
#include "vyre.h"
int main(void) {
    vyre_regex_set *set = 0;
    return (int)vyre_regex_set_compile(0, 0, 0, &set, 0);
}
