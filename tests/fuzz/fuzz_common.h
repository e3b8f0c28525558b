/* tests/fuzz/fuzz_common.h - shared by the libFuzzer targets: a byte reader
   that splits one fuzzer input into a pattern set, flags and a haystack, and
   a CPU backend created once per process.

   Input layout (every target): byte 0 = flags (bit 0 caseless set, bit 1
   the engine, bits 2..7 extra per target), byte 1 = pattern count (1..32),
   then each pattern as one length byte (1..16 used) and its bytes, then the
   haystack (the rest, at most 64 KiB used). A short input gives fewer or
   shorter patterns; nothing is rejected, so every input exercises the code. */
#ifndef VYRE_FUZZ_COMMON_H
#define VYRE_FUZZ_COMMON_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct fz_input {
    vyre_literal lits[32];
    size_t nlits;
    uint32_t flags;
    uint8_t extra;
    const uint8_t *hay;
    size_t hay_len;
} fz_input;

static void fz_parse(const uint8_t *d, size_t n, fz_input *in) {
    size_t p = 2, i, want;
    memset(in, 0, sizeof *in);
    if (n < 2) { in->hay = d; in->hay_len = 0; return; }
    in->flags = (d[0] & 1u) ? VYRE_CASELESS : 0;
    in->extra = d[0];
    want = 1 + d[1] % 32;
    for (i = 0; i < want && p < n; i++) {
        size_t l = 1 + d[p] % 16;
        p++;
        if (l > n - p) l = n - p;
        if (l == 0) break;
        in->lits[in->nlits].bytes = d + p;
        in->lits[in->nlits].len = l;
        in->lits[in->nlits].flags = (d[p] & 0x80u) && (d[0] & 2u) ? VYRE_CASELESS : 0;
        in->nlits++;
        p += l;
    }
    in->hay = d + p;
    in->hay_len = n - p > 65536 ? 65536 : n - p;
}

/* engine 0 = AUTO (prefilter), 1 = the plain DFA walk */
static vyre_backend *fz_cpu(int engine) {
    static vyre_backend *b[2];
    if (!b[engine]) {
        vyre_cpu_desc cd;
        memset(&cd, 0, sizeof cd);
        cd.threads = 2;
        cd.engine = engine ? VYRE_CPU_ENGINE_DFA : VYRE_CPU_ENGINE_AUTO;
        cd.min_bytes_per_thread = 4096; /* small inputs still cross thread seams */
        if (vyre_cpu_backend_create(&cd, &b[engine], NULL) != VYRE_OK) abort();
    }
    return b[engine];
}

/* the input's set (1..32 patterns of 1..16 bytes always compile) and a scanner for it on the CPU
   backend of engine bit 2, with these desc values; aborts on any error */
static vyre_scanner *fz_scanner(const fz_input *in, size_t chunk_bytes, uint32_t max_matches_per_chunk, vyre_literal_set **set) {
    vyre_compile_desc cd;
    vyre_scanner_desc sd;
    vyre_scanner *sc = NULL;
    vyre_error e;
    memset(&cd, 0, sizeof cd);
    cd.flags = in->flags;
    if (vyre_literal_set_compile(in->lits, in->nlits, &cd, set, &e) != VYRE_OK) abort();
    memset(&sd, 0, sizeof sd);
    sd.chunk_bytes = chunk_bytes;
    sd.max_matches_per_chunk = max_matches_per_chunk;
    if (vyre_scanner_create(fz_cpu((in->extra & 4u) != 0), *set, &sd, &sc, &e) != VYRE_OK) abort();
    return sc;
}
#endif
