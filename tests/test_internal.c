/* test_internal.c - tests of vyre.h's engine internals (Hyperscan's
   unit/internal next to unit/hyperscan): the engine table of the literal kind
   (>>engines, >>lit-engine) and the match sorts (>>sorting). test_api.c tests
   the public API only. */
#define VYRE_IMPLEMENTATION
#include "../vyre.h"
#include "vt.h"

#include <string.h>

/* The literal kind's engine table answers what the scanner asks it. */
static void t_lit_engine_table(void) {
    static const vyre_literal lits[3] = {{"abc", 3, 0}, {"x", 1, 0}, {"hello world", 11, VYRE_CASELESS}};
    vyre_literal_set *set = NULL;
    const vyre__engine_ops *ops;
    vyre_error e;
    const void *data;
    size_t bytes;
    uint32_t i;
    if (!CHECK_RC(vyre_literal_set_compile(lits, 3, NULL, &set, &e), VYRE_OK)) return;
    ops = set->ops;
    CHECK(ops == vyre__lit_engine());
    CHECK(ops->kind == VYRE_SET_LITERAL && strcmp(ops->name, "literal") == 0);
    CHECK_EQ_U64(ops->history_bytes(set), 10);               /* max_len - 1 */
    CHECK_EQ_U64(vyre__set_window(set), 11);
    CHECK_EQ_U64(ops->match_start(set, 0, 10), 7);           /* end - length */
    CHECK_EQ_U64(ops->match_start(set, 2, 11), 0);
    CHECK_EQ_U64(ops->match_start(set, 2, 10), UINT64_MAX);  /* too short to hold pattern 2 */
    CHECK_EQ_U64(ops->match_start(set, 3, 10), UINT64_MAX);  /* no such pattern */
    CHECK_EQ_U64(ops->table_count, VYRE_LT_COUNT);
    for (i = 0; i < ops->table_count; i++) {
        const void *pd; size_t pb;
        ops->table(set, i, &data, &bytes);
        CHECK_RC(vyre_literal_set_table(set, (vyre_lit_table)i, &pd, &pb), VYRE_OK);
        CHECK(data == pd && bytes == pb);
    }
    CHECK(strcmp(ops->program[VYRE_LIT_MATCHES - 1], VYRE_PROGRAM_LIT_MATCHES) == 0);
    CHECK(strcmp(ops->program[VYRE_LIT_COUNT - 1], VYRE_PROGRAM_LIT_COUNT) == 0);
    CHECK(strcmp(ops->program[VYRE_LIT_PRESENCE - 1], VYRE_PROGRAM_LIT_PRESENCE) == 0);
    CHECK((ops->kernel_families & (VYRE_KERNELS_COMMON | VYRE_KERNELS_LIT)) == (VYRE_KERNELS_COMMON | VYRE_KERNELS_LIT));
    vyre_literal_set_free(set);
}

/* The internal match sorts (radix for big unordered lists, merge sort, heap
   sort) must give the same order: sizes around the radix threshold, odd and
   even, pattern ids above 16 bits (the radix key holds only the low 16). */
static void t_sort_internal(void) {
    vyre_allocator A;
    size_t n;
    int seed;
    CHECK_RC(vyre_allocator_resolve(NULL, &A, NULL), VYRE_OK);
    for (n = 4090; n < 4106; n++) {
        for (seed = 1; seed < 4; seed++) {
            vyre_match *m = (vyre_match *)malloc(n * sizeof *m), *r = (vyre_match *)malloc(n * sizeof *m);
            vyre_match *h = (vyre_match *)malloc(n * sizeof *m), *t = (vyre_match *)malloc(n * sizeof *m);
            uint32_t x = (uint32_t)(seed * 7919 + (int)n);
            size_t i;
            if (!CHECK(m && r && h && t)) { free(m); free(r); free(h); free(t); return; }
            for (i = 0; i < n; i++) {
                x ^= x << 13; x ^= x >> 17; x ^= x << 5;
                m[i].start = x % 5000u; m[i].end = m[i].start + 1 + (x >> 29);
                m[i].pattern_id = (x >> 7) % 70000u; m[i].region = 0;
            }
            memcpy(r, m, n * sizeof *m);
            memcpy(h, m, n * sizeof *m);
            vyre__msort_m(m, t, n);
            CHECK(vyre__radix_matches(&A, r, n) == 1);
            vyre_sort_matches(h, n);
            CHECKF(memcmp(m, r, n * sizeof *m) == 0, "radix and merge sort differ (n %zu, seed %d)", n, seed);
            CHECKF(memcmp(m, h, n * sizeof *m) == 0, "heap and merge sort differ (n %zu, seed %d)", n, seed);
            for (i = 1; i < n; i++)
                if (!CHECKF(!vyre__match_less(&m[i], &m[i - 1]), "not sorted at %zu", i)) break;
            free(m); free(r); free(h); free(t);
        }
    }
}

/* Compile work is linear in pattern bytes (issue 16 item 1): the work counter
   of >>lit-compile (build_ops: loop iterations, the sorts excepted) stays under
   a fixed part (two passes over the 65536 byte pairs) plus a small constant
   per pattern byte plus 256 per DFA state. Before the fix each 1-byte pattern
   cost a 256 x 256 loop (65536 ops) and each 2-byte one about 768. Shapes:
   many 1-byte patterns (all 256 bytes, mixed case), many 2-byte ones, mixed
   lengths, through compile and through deserialize. */
static int lin_check(const vyre_literal *lits, size_t n, const char *what) {
    vyre_literal_set *set = NULL, *back = NULL;
    vyre_error e;
    uint64_t bytes = 0, bound, ops;
    size_t i, sz = 0;
    void *blob;
    int ok = 1;
    if (!CHECK_RC(vyre_literal_set_compile(lits, n, NULL, &set, &e), VYRE_OK)) return 0;
    for (i = 0; i < n; i++) bytes += lits[i].len;
    ops = ((const vyre__lit_set *)(const void *)set)->build_ops;
    bound = 2u * 65536u + 64u * bytes + 300u * ((const vyre__lit_set *)(const void *)set)->nstates;
    ok &= CHECKF(ops <= bound, "%s: %llu compile ops for %zu patterns / %llu bytes / %u states, over the linear bound %llu", what,
                 (unsigned long long)ops, n, (unsigned long long)bytes, ((const vyre__lit_set *)(const void *)set)->nstates,
                 (unsigned long long)bound);
    CHECK_RC(vyre_literal_set_serialize(set, NULL, 0, &sz, &e), VYRE_OK);
    blob = malloc(sz);
    if (CHECK(blob != NULL) && CHECK_RC(vyre_literal_set_serialize(set, blob, sz, &sz, &e), VYRE_OK) &&
        CHECK_RC(vyre_literal_set_deserialize(blob, sz, NULL, &back, &e), VYRE_OK))
        ok &= CHECKF(((const vyre__lit_set *)(const void *)back)->build_ops == ops, "%s: deserialize did %llu ops, compile %llu", what,
                     (unsigned long long)((const vyre__lit_set *)(const void *)back)->build_ops, (unsigned long long)ops);
    free(blob);
    vyre_literal_set_free(back);
    vyre_literal_set_free(set);
    return ok;
}
static void t_compile_linear(void) {
    enum { N = 20000 };
    static uint8_t buf[N * 4];
    static vyre_literal lits[N];
    size_t i;
    uint32_t x = 12345;
    for (i = 0; i < N; i++) { /* 1-byte patterns, every byte value, some caseless */
        buf[i] = (uint8_t)(i * 7u);
        lits[i].bytes = buf + i; lits[i].len = 1; lits[i].flags = (i & 1u) ? VYRE_CASELESS : 0;
    }
    lin_check(lits, N, "1-byte patterns");
    for (i = 0; i < N; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        buf[2 * i] = (uint8_t)x; buf[2 * i + 1] = (uint8_t)(x >> 8);
        lits[i].bytes = buf + 2 * i; lits[i].len = 2; lits[i].flags = (x >> 20) & 1u ? VYRE_CASELESS : 0;
    }
    lin_check(lits, N, "2-byte patterns");
    for (i = 0; i < N; i++) {
        size_t l = 1 + i % 4, j;
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        for (j = 0; j < l; j++) buf[4 * i + j] = (uint8_t)("aAbB\x01\xff"[(x >> (3 * j)) % 6]);
        lits[i].bytes = buf + 4 * i; lits[i].len = l; lits[i].flags = (x >> 28) & 1u ? VYRE_CASELESS : 0;
    }
    lin_check(lits, N, "mixed 1..4-byte patterns");
}

int main(void) {
    VT_RUN(t_compile_linear);
    VT_RUN(t_lit_engine_table);
    VT_RUN(t_sort_internal);
    return vt_finish();
}
