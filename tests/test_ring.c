/* test_ring.c - the work ring (vyre.h >>ring, seed 003): the seed's eleven
   tests, the extra cases, 64-bit counter wrap, and a stress test of
   8 producers x 8 consumers (>= 10^7 ring operations; every item checked in
   a bitmap: nothing lost, nothing duplicated). `make test` also runs this
   binary under ThreadSanitizer (build/tsan/test_ring). */
#define _POSIX_C_SOURCE 200809L
#define VYRE_IMPLEMENTATION
#include "vyre.h"
#include "vt.h"
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>

/* a broken ring hangs rather than fails: the watchdog turns that into a failure */
static void watchdog(int sig) {
    static const char msg[] = "FAIL test_ring: watchdog expired (a claim or enqueue never completed)\n0 passed, 1 failed, 0 skipped\n";
    (void)sig;
    if (write(1, msg, sizeof msg - 1) < 0) _exit(2);
    _exit(1);
}

static vyre_ring_item item(uint32_t i) {
    vyre_ring_item it = {0, 0, 0, 0};
    it.input_offset = i * 1024u;
    it.input_len = 1024u;
    it.rule_set_id = 0;
    it.correlation = i;
    return it;
}
static vyre_ring *ring_new(uint32_t cap) {
    vyre_ring *r = NULL;
    vyre_error err;
    if (vyre_ring_create(cap, NULL, &r, &err) != VYRE_OK) return NULL;
    return r;
}

/* seed: invalid_ring_size_has_explicit_error_api */
static void t_invalid_ring_size(void) {
    static const uint32_t bad[] = {0u, 1u, 3u, 7u, 12u, 0x80000001u, 0xFFFFFFFFu};
    vyre_ring *r = (vyre_ring *)1;
    vyre_error err;
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char want[32];
        r = (vyre_ring *)1;
        CHECK_RC(vyre_ring_try_create(bad[i], NULL, &r, &err), VYRE_ERR_INVALID_ARGUMENT);
        CHECK(r == NULL);
        CHECK_ERR(err, VYRE_ERR_INVALID_ARGUMENT);
        CHECK_STR_CONTAINS(err.fix, "Fix:");
        snprintf(want, sizeof want, "got %u", bad[i]);
        CHECK_STR_CONTAINS(err.message, want);
    }
    for (i = 1; i < 12; i++) {
        CHECK_RC(vyre_ring_try_create(1u << i, NULL, &r, &err), VYRE_OK);
        CHECK_EQ_U64(vyre_ring_capacity(r), 1u << i);
        vyre_ring_free(r);
    }
    CHECK_RC(vyre_ring_try_create(8, NULL, NULL, &err), VYRE_ERR_INVALID_ARGUMENT);
}

/* regression (tests/fuzz/fuzz_ring found it; corpus/ring/cap1_overwrite): with one slot
   the published sequence of position p (p + 1) is the free sequence of position p + 1, so
   a second enqueue overwrote the unclaimed item. One slot is rejected; two slots hold
   exactly two items. */
static void t_one_slot_rejected(void) {
    vyre_ring *r = (vyre_ring *)1;
    vyre_ring_item it = {0, 0, 0, 0};
    vyre_error err;
    CHECK_RC(vyre_ring_try_create(1, NULL, &r, &err), VYRE_ERR_INVALID_ARGUMENT);
    CHECK(r == NULL);
    CHECK_STR_CONTAINS(err.message, "at least 2");
    if (!CHECK(r = ring_new(1))) return;
    CHECK_EQ_U64(vyre_ring_capacity(r), 2);
    CHECK_RC(vyre_ring_enqueue(r, &(vyre_ring_item){0, 0, 0, 1}, NULL, NULL, NULL), VYRE_OK);
    CHECK_RC(vyre_ring_enqueue(r, &(vyre_ring_item){0, 0, 0, 2}, NULL, NULL, NULL), VYRE_OK);
    CHECK_RC(vyre_ring_enqueue(r, &(vyre_ring_item){0, 0, 0, 3}, NULL, NULL, NULL), VYRE_ERR_RING_FULL);
    CHECK(vyre_ring_claim(r, &it, NULL) == 1);
    CHECK_EQ_U64(it.correlation, 1);
    CHECK(vyre_ring_claim(r, &it, NULL) == 1);
    CHECK_EQ_U64(it.correlation, 2);
    CHECK(vyre_ring_claim(r, &it, NULL) == 0);
    vyre_ring_free(r);
}

/* seed: infallible_constructor_normalizes_ring_size */
static void t_normalizes_ring_size(void) {
    static const uint32_t in[] = {7, 0, 1, 2, 3, 8, 9, 1000, 4097};
    static const uint32_t want[] = {8, 2, 2, 2, 4, 8, 16, 1024, 8192};   /* the seed gives 1 for 0 and 1: a ring has at least 2 slots */
    vyre_ring *r;
    vyre_error err;
    size_t i;
    for (i = 0; i < sizeof in / sizeof in[0]; i++) {
        r = ring_new(in[i]);
        if (!CHECK(r != NULL)) continue;
        CHECKF(vyre_ring_capacity(r) == want[i], "create(%u) gave %u, want %u", in[i], vyre_ring_capacity(r), want[i]);
        vyre_ring_free(r);
    }
    r = (vyre_ring *)1;
    CHECK_RC(vyre_ring_create(0x80000001u, NULL, &r, &err), VYRE_ERR_OVERFLOW);
    CHECK(r == NULL);
    CHECK_STR_CONTAINS(err.fix, "Fix:");
    CHECK_STR_CONTAINS(err.message, "2147483649");
}

/* seed: enqueue_claim_fifo_single_thread */
static void t_fifo_single_thread(void) {
    vyre_ring *r = ring_new(8);
    vyre_ring_item it = {0, 0, 0, 0};
    uint32_t i, slot;
    if (!CHECK(r)) return;
    for (i = 0; i < 8; i++) {
        slot = 99;
        CHECK_RC(vyre_ring_enqueue(r, &(vyre_ring_item){i * 7u, 100u + i, i % 3u, 0xF0000000u + i}, &slot, NULL, NULL), VYRE_OK);
        CHECK_EQ_U64(slot, i);
    }
    for (i = 0; i < 8; i++) {
        slot = 99;
        if (!CHECK(vyre_ring_claim(r, &it, &slot) == 1)) break;
        CHECK_EQ_U64(slot, i);
        CHECK_EQ_U64(it.correlation, 0xF0000000u + i);
        CHECK_EQ_U64(it.input_offset, i * 7u);
        CHECK_EQ_U64(it.input_len, 100u + i);
        CHECK_EQ_U64(it.rule_set_id, i % 3u);
    }
    CHECK(vyre_ring_claim(r, &it, NULL) == 0);
    CHECK(vyre_ring_claim(r, NULL, NULL) == 0);
    vyre_ring_free(r);
}

/* seed: queue_full_on_overflow (and the reason) */
static void t_queue_full(void) {
    vyre_ring *r = ring_new(4);
    vyre_ring_full full;
    vyre_ring_item it = {0, 0, 0, 0}, x = item(99);
    vyre_error err;
    uint32_t i, slot = 7;
    if (!CHECK(r)) return;
    for (i = 0; i < 4; i++) CHECK_RC(vyre_ring_enqueue(r, &(vyre_ring_item){0, 0, 0, i}, NULL, NULL, NULL), VYRE_OK);
    memset(&full, 0, sizeof full);
    CHECK_RC(vyre_ring_enqueue(r, &x, &slot, &full, &err), VYRE_ERR_RING_FULL);
    CHECK_ERR(err, VYRE_ERR_RING_FULL);
    CHECK_STR_CONTAINS(err.message, "ring buffer is full");
    CHECK_STR_CONTAINS(err.fix, "Fix:");
    CHECK(full.order == VYRE_RING_BEHIND);
    CHECK_EQ_U64(full.position, 4);
    CHECK_EQ_U64(full.slot, 0);
    CHECK_EQ_U64(full.sequence, 1);   /* published by position 0, not yet claimed */
    CHECK_EQ_U64(full.capacity, 4);
    CHECK_EQ_U64(slot, 7);            /* untouched */
    CHECK_RC(vyre_ring_enqueue(r, &x, NULL, NULL, NULL), VYRE_ERR_RING_FULL);
    CHECK_EQ_U64(vyre_ring_head_counter(r), 4);
    for (i = 0; i < 4; i++) {         /* nothing of item 99 was written anywhere */
        if (!CHECK(vyre_ring_claim(r, &it, NULL))) break;
        CHECK_EQ_U64(it.correlation, i);
    }
    CHECK(vyre_ring_claim(r, &it, NULL) == 0);
    vyre_ring_free(r);
}

/* seed: space_reclaims_after_claim */
static void t_space_reclaims(void) {
    vyre_ring *r = ring_new(4);
    vyre_ring_item it = {0, 0, 0, 0};
    uint32_t i, slot = 9;
    if (!CHECK(r)) return;
    for (i = 0; i < 4; i++) CHECK_RC(vyre_ring_enqueue(r, &(vyre_ring_item){0, 0, 0, i}, NULL, NULL, NULL), VYRE_OK);
    CHECK_RC(vyre_ring_enqueue(r, &(vyre_ring_item){0, 0, 0, 99}, NULL, NULL, NULL), VYRE_ERR_RING_FULL);
    CHECK(vyre_ring_claim(r, &it, NULL) == 1);
    CHECK_EQ_U64(it.correlation, 0);
    CHECK_RC(vyre_ring_enqueue(r, &(vyre_ring_item){0, 0, 0, 99}, &slot, NULL, NULL), VYRE_OK);
    CHECK_EQ_U64(slot, 0);            /* the reclaimed slot */
    CHECK_RC(vyre_ring_enqueue(r, &(vyre_ring_item){0, 0, 0, 100}, NULL, NULL, NULL), VYRE_ERR_RING_FULL);
    for (i = 1; i < 4; i++) { CHECK(vyre_ring_claim(r, &it, NULL) == 1); CHECK_EQ_U64(it.correlation, i); }
    CHECK(vyre_ring_claim(r, &it, NULL) == 1);
    CHECK_EQ_U64(it.correlation, 99);
    vyre_ring_free(r);
}

/* seed: in_flight_tracks_correctly (+ the u32 variant) */
static void t_in_flight(void) {
    vyre_ring *r = ring_new(16);
    vyre_ring_item it = {0, 0, 0, 0};
    vyre_error err;
    uint32_t n = 77, i;
    if (!CHECK(r)) return;
    CHECK_EQ_U64(vyre_ring_in_flight(r), 0);
    for (i = 0; i < 5; i++) vyre_ring_enqueue(r, &(vyre_ring_item){0, 0, 0, i}, NULL, NULL, NULL);
    CHECK_EQ_U64(vyre_ring_in_flight(r), 5);
    CHECK_RC(vyre_ring_try_in_flight(r, &n, &err), VYRE_OK);
    CHECK_EQ_U64(n, 5);
    vyre_ring_claim(r, &it, NULL);
    vyre_ring_claim(r, &it, NULL);
    CHECK_EQ_U64(vyre_ring_in_flight(r), 3);
    CHECK_EQ_U64(vyre_ring_head_counter(r), 5);
    CHECK_EQ_U64(vyre_ring_tail_counter(r), 2);
    vyre_ring_free(r);
}

/* seed: done_marker_flows_through (+ bounds errors) */
static void t_done_marker(void) {
    vyre_ring *r = ring_new(4);
    vyre_ring_item it = {0, 0, 0, 0};
    vyre_error err;
    uint32_t slot = 9;
    int done = 5;
    if (!CHECK(r)) return;
    CHECK_RC(vyre_ring_enqueue(r, &(vyre_ring_item){0, 0, 0, 1}, &slot, NULL, NULL), VYRE_OK);
    CHECK_RC(vyre_ring_is_done(r, slot, &done, &err), VYRE_OK);
    CHECK(done == 0);
    CHECK(vyre_ring_claim(r, &it, NULL) == 1);
    CHECK_EQ_U64(it.correlation, 1);
    CHECK_RC(vyre_ring_mark_done(r, slot, &err), VYRE_OK);
    CHECK_RC(vyre_ring_is_done(r, slot, &done, &err), VYRE_OK);
    CHECK(done == 1);
    /* the next enqueue into that slot clears it */
    CHECK_RC(vyre_ring_enqueue(r, &(vyre_ring_item){0, 0, 0, 2}, NULL, NULL, NULL), VYRE_OK);
    CHECK_RC(vyre_ring_enqueue(r, &(vyre_ring_item){0, 0, 0, 3}, NULL, NULL, NULL), VYRE_OK);
    CHECK_RC(vyre_ring_enqueue(r, &(vyre_ring_item){0, 0, 0, 4}, NULL, NULL, NULL), VYRE_OK);
    CHECK_RC(vyre_ring_enqueue(r, &(vyre_ring_item){0, 0, 0, 5}, &slot, NULL, NULL), VYRE_OK);
    CHECK_EQ_U64(slot, 0);
    CHECK_RC(vyre_ring_is_done(r, 0, &done, &err), VYRE_OK);
    CHECK(done == 0);
    CHECK_RC(vyre_ring_mark_done(r, 4, &err), VYRE_ERR_OUT_OF_RANGE);
    CHECK_STR_CONTAINS(err.message, "slot_idx=4 is outside ring_size=4");
    CHECK_STR_CONTAINS(err.fix, "Fix:");
    CHECK_RC(vyre_ring_is_done(r, 0xFFFFFFFFu, &done, &err), VYRE_ERR_OUT_OF_RANGE);
    CHECK_STR_CONTAINS(err.message, "slot_idx=4294967295");
    CHECK_STR_CONTAINS(err.fix, "reading done state");
    vyre_ring_free(r);
}

/* seed: multi_producer_single_consumer_no_item_lost (4 x 16) */
typedef struct mp_arg { vyre_ring *r; uint32_t p, n; } mp_arg;
static void *mp_producer(void *a_) {
    mp_arg *a = (mp_arg *)a_;
    uint32_t i;
    for (i = 0; i < a->n; i++) {
        vyre_ring_item it = item(a->p * 1000u + i);
        while (vyre_ring_enqueue(a->r, &it, NULL, NULL, NULL) != VYRE_OK) sched_yield();
    }
    return NULL;
}
static void t_mpsc_no_item_lost(void) {
    int run;
    for (run = 0; run < 20 * vt_scale(); run++) {
        vyre_ring *r = ring_new(128);
        pthread_t th[4];
        mp_arg a[4];
        uint8_t seen[4000];
        uint32_t got = 0, p, dup = 0;
        vyre_ring_item it = {0, 0, 0, 0};
        if (!CHECK(r)) return;
        memset(seen, 0, sizeof seen);
        for (p = 0; p < 4; p++) { a[p].r = r; a[p].p = p; a[p].n = 16; pthread_create(&th[p], NULL, mp_producer, &a[p]); }
        while (got < 64) {
            if (vyre_ring_claim(r, &it, NULL)) {
                if (it.correlation < 4000 && seen[it.correlation]++) dup++;
                got++;
            } else sched_yield();
        }
        for (p = 0; p < 4; p++) pthread_join(th[p], NULL);
        CHECK(vyre_ring_claim(r, &it, NULL) == 0);
        CHECKF(dup == 0, "run %d: %u duplicate items consumed", run, dup);
        for (p = 0; p < 4; p++) {
            uint32_t i;
            for (i = 0; i < 16; i++) CHECKF(seen[p * 1000u + i] == 1, "run %d: missing correlation id %u", run, p * 1000u + i);
        }
        vyre_ring_free(r);
    }
}

/* seed: wrap_around_works_for_large_throughput */
static void t_wrap_around(void) {
    vyre_ring *r = ring_new(16);
    vyre_ring_item it = {0, 0, 0, 0};
    vyre_error err;
    uint32_t p, i, h = 0, t = 0, n = 9;
    if (!CHECK(r)) return;
    for (p = 0; p < 10; p++) {
        for (i = 0; i < 16; i++) CHECK_RC(vyre_ring_enqueue(r, &(vyre_ring_item){0, 0, 0, p * 1000u + i}, NULL, NULL, NULL), VYRE_OK);
        for (i = 0; i < 16; i++) {
            if (!CHECK(vyre_ring_claim(r, &it, NULL))) break;
            CHECK_EQ_U64(it.correlation, p * 1000u + i);
        }
    }
    CHECK_RC(vyre_ring_head(r, &h, &err), VYRE_OK);
    CHECK_RC(vyre_ring_tail(r, &t, &err), VYRE_OK);
    CHECK_EQ_U64(h, 160);
    CHECK_EQ_U64(t, 160);
    CHECK_RC(vyre_ring_try_in_flight(r, &n, &err), VYRE_OK);
    CHECK_EQ_U64(n, 0);
    vyre_ring_free(r);
}

/* seed: multi_consumer_no_double_claim (100 items, 4 consumers) */
typedef struct mc_arg { vyre_ring *r; uint32_t got[128]; uint32_t n; } mc_arg;
static void *mc_consumer(void *a_) {
    mc_arg *a = (mc_arg *)a_;
    vyre_ring_item it = {0, 0, 0, 0};
    while (vyre_ring_claim(a->r, &it, NULL)) if (a->n < 128) a->got[a->n++] = it.correlation;
    return NULL;
}
static void t_multi_consumer_no_double_claim(void) {
    int run;
    for (run = 0; run < 20 * vt_scale(); run++) {
        vyre_ring *r = ring_new(128);
        static mc_arg a[4];
        pthread_t th[4];
        uint32_t i, c, count[100], total = 0;
        if (!CHECK(r)) return;
        for (i = 0; i < 100; i++) CHECK_RC(vyre_ring_enqueue(r, &(vyre_ring_item){0, 0, 0, i}, NULL, NULL, NULL), VYRE_OK);
        memset(count, 0, sizeof count);
        for (c = 0; c < 4; c++) { a[c].r = r; a[c].n = 0; pthread_create(&th[c], NULL, mc_consumer, &a[c]); }
        for (c = 0; c < 4; c++) pthread_join(th[c], NULL);
        for (c = 0; c < 4; c++)
            for (i = 0; i < a[c].n; i++) { total++; if (CHECK(a[c].got[i] < 100)) count[a[c].got[i]]++; }
        CHECK_EQ_U64(total, 100);
        for (i = 0; i < 100; i++) CHECKF(count[i] == 1, "run %d: item %u claimed %u times", run, i, count[i]);
        vyre_ring_free(r);
    }
}

/* seed: queue_full_error_display_is_useful */
static void t_queue_full_display(void) {
    char buf[256];
    vyre_ring_full f;
    f.position = 12; f.sequence = 5; f.slot = 4; f.order = VYRE_RING_BEHIND; f.capacity = 8;
    CHECK_STR_CONTAINS(vyre_ring_full_str(&f, buf, sizeof buf), "ring buffer");
    CHECK_STR_CONTAINS(buf, "position 12");
    CHECK_STR_CONTAINS(buf, "slot 4 of 8");
    CHECK_STR_CONTAINS(vyre_ring_full_str(NULL, buf, sizeof buf), "ring buffer");
    CHECK_STR_CONTAINS(vyre_result_str(VYRE_ERR_RING_FULL), "VYRE_ERR_RING_FULL");
    vyre_ring_full_str(&f, buf, 8);
    CHECK(strlen(buf) == 7);
}

/* packing: the documented field widths */
static void t_pack_and_order(void) {
    vyre_ring_item a = {0xFFFFFFFFu, 0x12345678u, 0x80000001u, 0xDEADBEEFu}, b;
    uint64_t w[2];
    vyre_ring_pack(&a, w);
    CHECK_EQ_U64(w[0], 0x12345678FFFFFFFFull);
    CHECK_EQ_U64(w[1], 0xDEADBEEF80000001ull);
    vyre_ring_unpack(w, &b);
    CHECK(memcmp(&a, &b, sizeof a) == 0);
    CHECK(sizeof(vyre_ring_item) == 16);
    CHECK(vyre_ring_sequence_order(5, 5) == VYRE_RING_FREE);
    CHECK(vyre_ring_sequence_order(4, 5) == VYRE_RING_BEHIND);
    CHECK(vyre_ring_sequence_order(6, 5) == VYRE_RING_AHEAD);
    CHECK(vyre_ring_sequence_order(0, UINT64_MAX) == VYRE_RING_AHEAD);     /* across the 2^64 wrap */
    CHECK(vyre_ring_sequence_order(UINT64_MAX, 1) == VYRE_RING_BEHIND);
}

/* counters that start just below 2^64 (and above 2^32): the protocol is wrap-safe,
   the u32 views report VYRE_ERR_OVERFLOW */
static void ring_set_position(vyre_ring *r, uint64_t pos) {
    uint32_t s, cap = r->v.cap;
    VYRE__AST(r->v.head, pos, relaxed);
    VYRE__AST(r->v.tail, pos, relaxed);
    for (s = 0; s < cap; s++) { /* ready[slot] = the position in [pos, pos+cap) that maps to slot */
        uint64_t p = pos + (uint64_t)((s - (uint32_t)(pos & (cap - 1u))) & (cap - 1u));
        VYRE__AST(&r->v.ready[s], p, relaxed);
    }
}
static void t_counter_wrap(void) {
    vyre_ring *r = ring_new(8);
    vyre_ring_item it = {0, 0, 0, 0};
    vyre_error err;
    uint32_t i, h = 1, n = 0;
    if (!CHECK(r)) return;
    ring_set_position(r, UINT64_MAX - 5u);
    for (i = 0; i < 8; i++) CHECK_RC(vyre_ring_enqueue(r, &(vyre_ring_item){0, 0, 0, i}, NULL, NULL, NULL), VYRE_OK);
    CHECK_RC(vyre_ring_enqueue(r, &(vyre_ring_item){0, 0, 0, 99}, NULL, NULL, NULL), VYRE_ERR_RING_FULL);
    CHECK_EQ_U64(vyre_ring_in_flight(r), 8);
    for (i = 0; i < 20; i++) {
        if (!CHECK(vyre_ring_claim(r, &it, NULL))) break;
        CHECK_EQ_U64(it.correlation, i);
        CHECK_RC(vyre_ring_enqueue(r, &(vyre_ring_item){0, 0, 0, i + 8}, NULL, NULL, NULL), VYRE_OK);
    }
    CHECK_EQ_U64(vyre_ring_head_counter(r), UINT64_MAX - 5u + 28u);   /* wrapped past zero */
    CHECK_EQ_U64(vyre_ring_in_flight(r), 8);
    CHECK_RC(vyre_ring_try_in_flight(r, &n, &err), VYRE_OK);
    CHECK_EQ_U64(n, 8);
    vyre_ring_free(r);

    r = ring_new(4);
    if (!CHECK(r)) return;
    ring_set_position(r, 0xFFFFFFFEull);
    for (i = 0; i < 3; i++) CHECK_RC(vyre_ring_enqueue(r, &(vyre_ring_item){0, 0, 0, i}, NULL, NULL, NULL), VYRE_OK);
    CHECK_RC(vyre_ring_head(r, &h, &err), VYRE_ERR_OVERFLOW);
    CHECK_EQ_U64(h, 0);
    CHECK_STR_CONTAINS(err.message, "4294967297");
    CHECK_STR_CONTAINS(err.fix, "vyre_ring_head_counter");
    CHECK_RC(vyre_ring_tail(r, &h, &err), VYRE_OK);
    CHECK_EQ_U64(h, 0xFFFFFFFEu);
    for (i = 0; i < 3; i++) CHECK(vyre_ring_claim(r, &it, NULL));
    CHECK_RC(vyre_ring_tail(r, &h, &err), VYRE_ERR_OVERFLOW);
    CHECK_STR_CONTAINS(err.fix, "vyre_ring_tail_counter");
    vyre_ring_free(r);
}

/* many consumers draining a full ring at once, released together: claims
   collide on the tail CAS; every item must come out exactly once */
typedef struct dr_shared { vyre_ring *r; uint32_t go, n; uint8_t *count; uint32_t bad; } dr_shared;
static void *dr_consumer(void *a_) {
    dr_shared *s = (dr_shared *)a_;
    vyre_ring_item it = {0, 0, 0, 0};
    while (!__atomic_load_n(&s->go, __ATOMIC_ACQUIRE)) VYRE__PAUSE();
    while (vyre_ring_claim(s->r, &it, NULL)) {
        if (it.correlation < s->n) __atomic_fetch_add(&s->count[it.correlation], 1u, __ATOMIC_RELAXED);
        else __atomic_fetch_add(&s->bad, 1u, __ATOMIC_RELAXED);
    }
    return NULL;
}
static void t_drain_contention(void) {
    dr_shared s;
    pthread_t th[8];
    uint32_t round, i, c, wrong = 0;
    memset(&s, 0, sizeof s);
    s.n = 1u << 16;
    s.r = ring_new(s.n);
    s.count = (uint8_t *)malloc(s.n);
    if (!CHECK(s.r && s.count)) return;
#if defined(__SANITIZE_THREAD__)
    const uint32_t rounds = 2u;       /* ThreadSanitizer: the 8 x 8 stress below carries the volume */
#else
    const uint32_t rounds = 8u;
#endif
    for (round = 0; round < rounds * (uint32_t)vt_scale(); round++) {
        memset(s.count, 0, s.n);
        s.go = 0;
        for (i = 0; i < s.n; i++) CHECK_RC(vyre_ring_enqueue(s.r, &(vyre_ring_item){0, 0, 0, i}, NULL, NULL, NULL), VYRE_OK);
        for (c = 0; c < 8; c++) pthread_create(&th[c], NULL, dr_consumer, &s);
        __atomic_store_n(&s.go, 1u, __ATOMIC_RELEASE);
        for (c = 0; c < 8; c++) pthread_join(th[c], NULL);
        for (i = 0; i < s.n; i++) if (s.count[i] != 1) wrong++;
    }
    CHECKF(wrong == 0 && s.bad == 0, "%u items claimed other than exactly once, %u out of range", wrong, s.bad);
    CHECK_EQ_U64(vyre_ring_in_flight(s.r), 0);
    free(s.count);
    vyre_ring_free(s.r);
}

/* 8 producers, 8 consumers, every correlation id once; consumers mark done
   and check the slot they got. Ring operations = enqueues + claims. */
#define ST_PRODUCERS 8
#define ST_CONSUMERS 8
typedef struct st_shared {
    vyre_ring *r;
    uint32_t per_producer, total;
    uint64_t *bitmap;
    uint32_t consumed;       /* atomic */
    uint32_t dups, bad;      /* atomic */
    uint32_t full_seen;      /* atomic */
} st_shared;
typedef struct st_arg { st_shared *s; uint32_t id; } st_arg;
static void *st_producer(void *a_) {
    st_arg *a = (st_arg *)a_;
    st_shared *s = a->s;
    uint32_t i, fulls = 0;
    for (i = 0; i < s->per_producer; i++) {
        uint32_t corr = a->id * s->per_producer + i;
        vyre_ring_item it = {0, 0, 0, 0};
        it.input_offset = corr * 3u; it.input_len = corr ^ 0x5A5A5A5Au; it.rule_set_id = a->id; it.correlation = corr;
        while (vyre_ring_enqueue(s->r, &it, NULL, NULL, NULL) == VYRE_ERR_RING_FULL) { fulls++; sched_yield(); }
    }
    __atomic_fetch_add(&s->full_seen, fulls, __ATOMIC_RELAXED);
    return NULL;
}
static void *st_consumer(void *a_) {
    st_arg *a = (st_arg *)a_;
    st_shared *s = a->s;
    vyre_ring_item it = {0, 0, 0, 0};
    uint32_t slot, spins = 0;
    for (;;) {
        if (vyre_ring_claim(s->r, &it, &slot)) {
            uint64_t bit = 1ull << (it.correlation & 63u), old;
            spins = 0;
            if (it.correlation >= s->total || it.input_offset != it.correlation * 3u ||
                it.input_len != (it.correlation ^ 0x5A5A5A5Au) || it.rule_set_id != it.correlation / s->per_producer ||
                slot >= vyre_ring_capacity(s->r)) {
                __atomic_fetch_add(&s->bad, 1u, __ATOMIC_RELAXED);
            } else {
                old = __atomic_fetch_or(&s->bitmap[it.correlation >> 6], bit, __ATOMIC_RELAXED);
                if (old & bit) __atomic_fetch_add(&s->dups, 1u, __ATOMIC_RELAXED);
            }
            vyre_ring_mark_done(s->r, slot, NULL);
            if (__atomic_add_fetch(&s->consumed, 1u, __ATOMIC_ACQ_REL) >= s->total) break;
        } else {
            if (__atomic_load_n(&s->consumed, __ATOMIC_ACQUIRE) >= s->total) break;
            if (++spins > 4) sched_yield();
        }
    }
    return NULL;
}
static void t_stress_8x8(void) {
    st_shared s;
    pthread_t th[ST_PRODUCERS + ST_CONSUMERS];
    st_arg a[ST_PRODUCERS + ST_CONSUMERS];
    uint64_t t0 = vyre_now_ns(), missing = 0, ops;
    uint32_t i;
    const char *env = getenv("VT_RING_ITEMS");
    uint32_t items = env ? (uint32_t)strtoul(env, NULL, 10) : 5000000u;   /* 5M items = 10^7 ring operations */
    memset(&s, 0, sizeof s);
    s.per_producer = (items + ST_PRODUCERS - 1) / ST_PRODUCERS;
    s.total = s.per_producer * ST_PRODUCERS;
    s.r = ring_new(1024);
    s.bitmap = (uint64_t *)calloc((s.total + 63u) / 64u, sizeof(uint64_t));
    if (!CHECK(s.r && s.bitmap)) return;
    for (i = 0; i < ST_PRODUCERS + ST_CONSUMERS; i++) {
        a[i].s = &s;
        a[i].id = i < ST_PRODUCERS ? i : i - ST_PRODUCERS;
        CHECK(pthread_create(&th[i], NULL, i < ST_PRODUCERS ? st_producer : st_consumer, &a[i]) == 0);
    }
    for (i = 0; i < ST_PRODUCERS + ST_CONSUMERS; i++) pthread_join(th[i], NULL);
    for (i = 0; i < s.total; i++) if (!((s.bitmap[i >> 6] >> (i & 63u)) & 1u)) missing++;
    ops = vyre_ring_head_counter(s.r) + vyre_ring_tail_counter(s.r);
    CHECKF(s.dups == 0, "%u items claimed twice", s.dups);
    CHECKF(s.bad == 0, "%u items arrived corrupted", s.bad);
    CHECKF(missing == 0, "%llu items never claimed", (unsigned long long)missing);
    CHECK_EQ_U64(s.consumed, s.total);
    CHECK_EQ_U64(vyre_ring_head_counter(s.r), s.total);
    CHECK_EQ_U64(vyre_ring_tail_counter(s.r), s.total);
    CHECK_EQ_U64(vyre_ring_in_flight(s.r), 0);
    if (!env) CHECKF(ops >= 10000000ull, "only %llu ring operations", (unsigned long long)ops);
    vt_note("stress: %u items, %llu ring operations, 8 producers x 8 consumers, %u full retries, %.2f s",
            s.total, (unsigned long long)ops, s.full_seen, (double)(vyre_now_ns() - t0) / 1e9);
    free(s.bitmap);
    vyre_ring_free(s.r);
}

int main(void) {
    const char *wd = getenv("VT_RING_WATCHDOG");
    signal(SIGALRM, watchdog);
    alarm(wd ? (unsigned)atoi(wd) : 240u);
    VT_RUN(t_invalid_ring_size);
    VT_RUN(t_normalizes_ring_size);
    VT_RUN(t_fifo_single_thread);
    VT_RUN(t_queue_full);
    VT_RUN(t_space_reclaims);
    VT_RUN(t_in_flight);
    VT_RUN(t_done_marker);
    VT_RUN(t_mpsc_no_item_lost);
    VT_RUN(t_one_slot_rejected);
    VT_RUN(t_wrap_around);
    VT_RUN(t_multi_consumer_no_double_claim);
    VT_RUN(t_queue_full_display);
    VT_RUN(t_pack_and_order);
    VT_RUN(t_counter_wrap);
    VT_RUN(t_drain_contention);
    VT_RUN(t_stress_8x8);
    return vt_finish();
}
