/* Each header alone, declarations only: must compile cleanly (C99, C11, C++17). */
#include HEADER
int main(void) { return 0; }
