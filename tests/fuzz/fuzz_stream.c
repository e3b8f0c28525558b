/* tests/fuzz/fuzz_stream.c - libFuzzer target: streams with random
   chunkings. The haystack part of the input is written to a stream in
   pieces whose sizes come from the input itself; the matches (global
   offsets, found once across every piece boundary) must equal the naive
   reference over the whole haystack. Any difference aborts. */
#define VYRE_IMPLEMENTATION
#include "../../vyre.h"
#include "../vt.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz_input in;
    vyre_literal_set *set = NULL;
    vyre_scanner *sc;
    vyre_stream *st = NULL;
    vt_matches ref, got;
    vyre_error e;
    size_t off = 0, k = 0;
    int last_empty = 0;
    fz_parse(data, size, &in);
    if (in.nlits == 0) return 0;
    sc = fz_scanner(&in, (in.extra & 8u) ? 64 : 0, 0, &set);
    memset(&ref, 0, sizeof ref);
    memset(&got, 0, sizeof got);
    vt_naive(in.lits, in.nlits, in.flags, in.hay, in.hay_len, &ref);
    if (vyre_stream_open(sc, &st, &e) != VYRE_OK) abort();
    while (off < in.hay_len) {
        /* piece sizes 0..40 from the haystack's own bytes (0-length writes too) */
        size_t piece = in.hay[k % in.hay_len] % 41;
        /* a haystack whose bytes are all multiples of 41 would write 0 bytes forever (the harness
           hung, not the library: timeout-90de611c, now a seed); after an empty write comes a byte */
        if (piece == 0 && last_empty) piece = 1;
        last_empty = piece == 0;
        k++;
        if (piece > in.hay_len - off) piece = in.hay_len - off;
        if (vyre_stream_write(st, in.hay + off, piece, vt_collect_cb, &got, &e) != VYRE_OK) abort();
        off += piece;
        if (vyre_stream_offset(st) != off) abort();
    }
    if (vyre_stream_close(st, vt_collect_cb, &got, &e) != VYRE_OK) abort();
    vt_matches_sort(&got);
    if (!CHECK_MATCHES(got.m, got.n, ref.m, ref.n, "stream vs naive")) abort();
    vt_matches_free(&ref);
    vt_matches_free(&got);
    vyre_scanner_destroy(sc);
    vyre_literal_set_free(set);
    return 0;
}
