/* examples/minimal.c - the README's copy-into-your-project example.
   cc -std=c99 -O2 minimal.c -lpthread -lm && ./a.out */
#define VYRE_IMPLEMENTATION
#include "../vyre.h"
#include <stdio.h>
#include <string.h>

static int on_match(const vyre_match *m, void *user) {
    const char *text = (const char *)user;
    printf("pattern %u at [%llu, %llu): %.*s\n", m->pattern_id, (unsigned long long)m->start,
           (unsigned long long)m->end, (int)(m->end - m->start), text + m->start);
    return 0; /* non-zero stops the scan */
}

int main(void) {
    const char *text = "export AWS_KEY=AKIAIOSFODNN7EXAMPLE # Secret: hunter2";
    vyre_literal lits[] = {
        {"AKIA", 4, 0},             /* case-sensitive */
        {"secret", 6, VYRE_CASELESS}, /* ASCII case-insensitive */
        {"key", 3, VYRE_CASELESS},
    };
    vyre_literal_set *set = NULL;
    vyre_backend *cpu = NULL;
    vyre_scanner *scanner = NULL;
    vyre_error err;
    char line[1024];

    vyre_result r;

    if (vyre_literal_set_compile(lits, 3, NULL, &set, &err) != VYRE_OK ||
        vyre_cpu_backend_create(NULL, &cpu, &err) != VYRE_OK ||
        vyre_scanner_create(cpu, set, NULL, &scanner, &err) != VYRE_OK) {
        fprintf(stderr, "%s\n", vyre_error_format(&err, line, sizeof line));
        return 1;
    }
    /* VYRE_STOPPED (> 0) means on_match returned non-zero: not an error */
    r = vyre_scan_cb(scanner, text, strlen(text), on_match, (void *)text, &err);
    if (r != VYRE_OK && r != VYRE_STOPPED) {
        fprintf(stderr, "%s\n", vyre_error_format(&err, line, sizeof line));
        return 1;
    }
    vyre_scanner_destroy(scanner);
    vyre_backend_destroy(cpu);
    vyre_literal_set_free(set);
    return 0;
}
