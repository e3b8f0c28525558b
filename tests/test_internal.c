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

int main(void) {
    VT_RUN(t_lit_engine_table);
    VT_RUN(t_sort_internal);
    return vt_finish();
}
