/* test_fuzz.c - fuzz target for the parser of untrusted input: serialized
   literal sets (vyre_literal_set_deserialize).

   Two ways to run it:
     - standalone (make test, also under ASan+UBSan): mutates valid blobs of
       random sets with a fixed seed (bit flips, truncation, insertion,
       deletion, interesting u32/u64 values in the header and length fields)
       and feeds each one to the harness;
     - with libFuzzer: clang -std=c99 -g -O1 -fsanitize=fuzzer,address,undefined
       -DVT_LIBFUZZER -I. tests/test_fuzz.c -o fuzz_deserialize -lpthread -ldl -lm

   The harness checks, for every input:
     1. deserialize never crashes, reads out of bounds or leaks; an error
        leaves *out NULL and a SERIAL_* (or documented) code;
     2. the same input with its header repaired (magic, version, payload
        length, and the checksum recomputed with the documented FNV-1a 64 of
        the format comment in vyre.h) goes past the checksum into the field
        validation: still never a crash, and when it loads, serializing the
        set again gives back exactly the input bytes (a loaded set is the set
        the blob describes). */
#define VYRE_IMPLEMENTATION
#include "../vyre.h"
#include "vt.h"

static uint64_t fnv1a(uint64_t h, const uint8_t *p, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) { h ^= p[i]; h *= 0x100000001b3ull; }
    return h;
}
static void put32(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24); }
static void put64(uint8_t *p, uint64_t v) { put32(p, (uint32_t)v); put32(p + 4, (uint32_t)(v >> 32)); }

static long g_loaded, g_rejected, g_repaired_loaded;

static int allowed_error(vyre_result rc) {
    return rc == VYRE_ERR_SERIAL_TRUNCATED || rc == VYRE_ERR_SERIAL_CORRUPT || rc == VYRE_ERR_SERIAL_VERSION ||
           rc == VYRE_ERR_DFA_TOO_LARGE || rc == VYRE_ERR_OUT_OF_MEMORY;
}

static void one(const uint8_t *data, size_t size, int repaired) {
    vyre_literal_set *set = (vyre_literal_set *)&g_loaded;
    vyre_error err;
    vyre_compile_desc d;
    vyre_result rc;
    uint8_t *exact = (uint8_t *)malloc(size ? size : 1); /* exact-size heap copy: ASan sees over-reads */
    if (!exact) abort();
    if (size) memcpy(exact, data, size);
    memset(&d, 0, sizeof d);
    d.max_dfa_bytes = 64u << 20; /* keep hostile inputs from compiling huge DFAs */
    rc = vyre_literal_set_deserialize(exact, size, &d, &set, &err);
    {   /* the in-place load gives the same verdict (and reads only inside the buffer) */
        vyre_literal_set *in = NULL;
        vyre_error e2;
        vyre_result r2 = vyre_literal_set_load(exact, size, &d, &in, &e2);
        CHECKF(r2 == rc, "vyre_literal_set_load gave %s where deserialize gave %s", vyre_result_str(r2), vyre_result_str(rc));
        vyre_literal_set_free(in);
    }
    if (rc == VYRE_OK) {
        size_t need = 0;
        uint8_t *again;
        g_loaded++;
        if (repaired) g_repaired_loaded++;
        CHECK(set != NULL);
        if (set && CHECK_RC(vyre_literal_set_serialize(set, NULL, 0, &need, &err), VYRE_OK)) {
            again = (uint8_t *)malloc(need ? need : 1);
            if (!again) abort();
            if (CHECK_RC(vyre_literal_set_serialize(set, again, need, &need, &err), VYRE_OK))
                CHECKF(need == size && memcmp(again, exact, size) == 0,
                       "a blob that loaded (%zu bytes) does not serialize back to itself (%zu bytes)", size, need);
            free(again);
        }
        vyre_literal_set_free(set);
    } else {
        g_rejected++;
        CHECKF(set == NULL, "*out not NULL after %s", vyre_result_str(rc));
        CHECKF(allowed_error(rc), "deserialize of %zu bytes gave %s: %s", size, vyre_result_str(rc), err.message);
        CHECKF(err.code == rc && strncmp(err.fix, "Fix:", 4) == 0, "error detail missing for %s", vyre_result_str(rc));
    }
    free(exact);
}

static void harness(const uint8_t *data, size_t size) {
    one(data, size, 0);
    if (size >= 64 && vyre__get32(data + 8) == VYRE__SER_VERSION_BIG) { /* the BIG form: repaired with its own checksum (vyre__ser_big_sum) */
        uint8_t *fix = (uint8_t *)malloc(size);
        if (!fix) abort();
        memcpy(fix, data, size);
        memcpy(fix, "VYRELIT", 8);
        put64(fix + 16, (uint64_t)(size - 64));
        put64(fix + 24, vyre__ser_big_sum(fix, size));
        one(fix, size, 1);
        free(fix);
    } else if (size >= 32) {
        uint8_t *fix = (uint8_t *)malloc(size);
        uint64_t h;
        if (!fix) abort();
        memcpy(fix, data, size);
        memcpy(fix, "VYRELIT", 8);
        put32(fix + 8, 1);
        put64(fix + 16, (uint64_t)(size - 32));
        h = fnv1a(0xcbf29ce484222325ull, fix, 24);
        h = fnv1a(h, fix + 32, size - 32);
        put64(fix + 24, h);
        one(fix, size, 1);
        free(fix);
    }
}

#ifdef VT_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    harness(data, size);
    if (vt__case_failures) abort();
    return 0;
}
#else
/* A valid blob of a random set. */
static uint8_t *seed_blob(vt_rng *r, size_t *size) {
    vyre_literal lits[12];
    uint8_t store[12 * 10];
    size_t n = (size_t)vt_range(r, 1, 12), i, j;
    vyre_literal_set *set = NULL;
    uint8_t *b = NULL;
    for (i = 0; i < n; i++) {
        size_t len = (size_t)vt_range(r, 1, 10);
        for (j = 0; j < len; j++) store[i * 10 + j] = vt_below(r, 2) ? (uint8_t)"aBz\0\xff"[vt_below(r, 5)] : (uint8_t)vt_next(r);
        lits[i].bytes = store + i * 10;
        lits[i].len = len;
        lits[i].flags = vt_below(r, 2) ? VYRE_CASELESS : 0;
    }
    *size = 0;
    {   /* every third seed in the BIG form (format 2) */
        vyre_compile_desc cd;
        memset(&cd, 0, sizeof cd);
        cd.form = vt_below(r, 3) == 0 ? VYRE_LIT_FORM_BIG : VYRE_LIT_FORM_AUTO;
        if (vyre_literal_set_compile(lits, n, &cd, &set, NULL) != VYRE_OK) return NULL;
    }
    if (vyre_literal_set_serialize(set, NULL, 0, size, NULL) == VYRE_OK && (b = (uint8_t *)malloc(*size + 64)) != NULL)
        vyre_literal_set_serialize(set, b, *size, size, NULL);
    vyre_literal_set_free(set);
    return b;
}

static void mutate(vt_rng *r, uint8_t *b, size_t *size, size_t cap) {
    static const uint32_t interesting[] = {0, 1, 2, 7, 8, 0x7F, 0x80, 0xFF, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000u,
                                           0xFFFFFFFEu, 0xFFFFFFFFu};
    int k, rounds = (int)vt_range(r, 1, 4);
    for (k = 0; k < rounds; k++) {
        size_t n = *size;
        switch (vt_below(r, 7)) {
        case 0: if (n) b[vt_below(r, n)] ^= (uint8_t)(1u << vt_below(r, 8)); break;
        case 1: if (n) b[vt_below(r, n)] = (uint8_t)vt_next(r); break;
        case 2: *size = (size_t)vt_below(r, n + 1); break; /* truncate */
        case 3: /* insert bytes */
            if (n + 8 <= cap) {
                size_t at = (size_t)vt_below(r, n + 1), cnt = (size_t)vt_range(r, 1, 8), i;
                memmove(b + at + cnt, b + at, n - at);
                for (i = 0; i < cnt; i++) b[at + i] = (uint8_t)vt_next(r);
                *size = n + cnt;
            }
            break;
        case 4: /* delete bytes */
            if (n) {
                size_t at = (size_t)vt_below(r, n), cnt = (size_t)vt_range(r, 1, 8);
                if (cnt > n - at) cnt = n - at;
                memmove(b + at, b + at + cnt, n - at - cnt);
                *size = n - cnt;
            }
            break;
        default: /* an interesting u32 at a header field or a payload length/flags field */
            if (n >= 4) {
                size_t at = vt_below(r, 2) ? 4 * (size_t)vt_below(r, n / 4) : (size_t)vt_below(r, n - 3);
                put32(b + at, interesting[vt_below(r, sizeof interesting / sizeof interesting[0])]);
            }
            break;
        }
    }
}

static void t_fuzz_deserialize(void) {
    vt_rng r = vt_rng_make(400);
    int it, iters = 30000 * vt_scale();
    for (it = 0; it < iters && vt__case_failures == 0; it++) {
        size_t size = 0;
        uint8_t *b = seed_blob(&r, &size);
        if (!CHECK(b != NULL)) return;
        if (it % 10) mutate(&r, b, &size, size + 64);
        harness(b, size);
        free(b);
    }
    vt_note("%ld inputs loaded (%ld after header repair), %ld rejected", g_loaded, g_repaired_loaded, g_rejected);
    CHECK(g_loaded > 0 && g_rejected > 0 && g_repaired_loaded > 0);
}

/* Fixed hostile inputs: huge counts and lengths with a valid checksum. */
static void t_fuzz_hostile(void) {
    uint8_t b[64];
    static const uint32_t counts[] = {0, 1, 2, 0x10000, 0xFFFFFFFFu};
    static const uint32_t lens[] = {0, 1, 23, 24, 25, 0xFFFFFFF0u, 0xFFFFFFFFu};
    size_t i, j;
    for (i = 0; i < sizeof counts / sizeof counts[0]; i++)
        for (j = 0; j < sizeof lens / sizeof lens[0]; j++) {
            memset(b, 'a', sizeof b);
            put32(b + 12, counts[i]);
            put32(b + 32, lens[j]);  /* first pattern's length */
            put32(b + 36, 0);        /* its flags */
            harness(b, sizeof b);
            put32(b + 36, 0xFFFFFFFFu); /* bad flags */
            harness(b, sizeof b);
        }
}

int main(void) {
    VT_RUN(t_fuzz_deserialize);
    VT_RUN(t_fuzz_hostile);
    return vt_finish();
}
#endif
