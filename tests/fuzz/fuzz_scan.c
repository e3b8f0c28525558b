/* tests/fuzz/fuzz_scan.c - libFuzzer target: compile a set from the input,
   scan the rest of the input with the CPU backend (list scan with a chunk
   size taken from the input, callback scan, count), and compare every match
   with the naive reference matcher of tests/vt.h. Any difference aborts.
   Build and run: make fuzz (tests/tests.mk). */
#define VYRE_IMPLEMENTATION
#include "../../vyre.h"
#include "../vt.h"
#include "fuzz_common.h"

static vyre_match g_out[1 << 16];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz_input in;
    vyre_literal_set *set = NULL;
    vyre_scanner *sc;
    vt_matches ref, got;
    size_t n = 0;
    uint64_t c = 0;
    vyre_error e;
    vyre_result r;
    fz_parse(data, size, &in);
    if (in.nlits == 0) return 0;
    sc = fz_scanner(&in, (in.extra & 8u) ? 64u + (size_t)(in.extra >> 4) * 97u : 0, (in.extra & 16u) ? 1 : 0, &set);
    memset(&ref, 0, sizeof ref);
    memset(&got, 0, sizeof got);
    vt_naive(in.lits, in.nlits, in.flags, in.hay, in.hay_len, &ref);
    r = vyre_scan(sc, in.hay, in.hay_len, g_out, sizeof g_out / sizeof g_out[0], &n, &e);
    if (ref.n <= sizeof g_out / sizeof g_out[0]) {
        if (r != VYRE_OK || !CHECK_MATCHES(g_out, n, ref.m, ref.n, "list scan vs naive")) abort();
    } else if (r != VYRE_ERR_MATCH_CAPACITY || n != ref.n) abort();
    if (vyre_scan_cb(sc, in.hay, in.hay_len, vt_collect_cb, &got, &e) != VYRE_OK) abort();
    if (!CHECK_MATCHES(got.m, got.n, ref.m, ref.n, "callback scan vs naive")) abort();
    if (vyre_scan_count(sc, in.hay, in.hay_len, &c, &e) != VYRE_OK || c != ref.n) abort();
    vt_matches_free(&ref);
    vt_matches_free(&got);
    vyre_scanner_destroy(sc);
    vyre_literal_set_free(set);
    return 0;
}
