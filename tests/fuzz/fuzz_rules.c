/* tests/fuzz/fuzz_rules.c - libFuzzer target for the gitleaks rule-file
   loader (>>rules-toml, >>rules-load): the input is a rule file; it loads or
   fails with a rules/regex code, an in-range line and a Fix: hint; what loads
   scans its own text. Build: make build/fuzz/fuzz_rules (tests/tests.mk). */
#define VYRE_IMPLEMENTATION
#include "../../vyre.h"
#include <stdlib.h>
#include <string.h>

static int on_f(const vyre_rules_finding *f, void *u) {
    uint32_t k; (void)u;
    if (f->end < f->start || f->secret_end < f->secret_start || (f->match_len && !f->match) || (f->secret_len && !f->secret)) abort();
    for (k = 0; k < f->required_count; k++) if (f->required[k].end < f->required[k].start) abort();
    return 0;
}
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    vyre_rules *R = NULL; vyre_error e; vyre_result r; size_t lines = 1, i;
    vyre_rules_desc d;
    memset(&d, 0, sizeof d);
    d.read_file = NULL; /* [extend] path: the default reader; a missing file is VYRE_ERR_IO */
    d.max_decode_depth = VYRE_RULES_GITLEAKS_DECODE_DEPTH; /* the decoding passes run on what loads */
    for (i = 0; i < size; i++) lines += data[i] == '\n';
    r = vyre_rules_load_gitleaks((const char *)data, size, &d, &R, &e);
    if (r == VYRE_OK) {
        if (!R) abort();
        r = vyre_rules_scan(R, data, size, "fuzz/input.txt", on_f, NULL, &e);
        if (r != VYRE_OK) abort();
        vyre_rules_free(R);
        return 0;
    }
    if (R) abort();
    if (strncmp(e.fix, "Fix:", 4) != 0) abort();
    if ((r == VYRE_ERR_RULES_SYNTAX || r == VYRE_ERR_RULES_INVALID || r == VYRE_ERR_RULES_UNSUPPORTED) && e.offset > lines) abort();
    return 0;
}
