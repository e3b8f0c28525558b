/* tests/fuzz/fuzz_ring.c - libFuzzer target for the work ring (vyre.h >>ring):
   a random sequence of operations on one ring against a model FIFO queue.

   Input: byte 0 = log2 of the capacity - 1 (mod 6: 2 .. 64 slots; one slot is
   rejected, checked too), byte 1 bit 0 =
   start the counters just below 2^64 (bit 1: just below 2^32), so that the
   wrap of the 64-bit counters and the u32 views' VYRE_ERR_OVERFLOW are
   reached; then one op per byte (op = byte % 8, its argument the next byte):
     0,1 enqueue an item made from a counter; 2,3 claim; 4 mark_done(arg
     slot, may be out of range); 5 is_done(arg slot); 6 the counters and
     in-flight views; 7 a burst: enqueue until full, then claim until empty.
   Checked after every op: the claimed item is the model's front (FIFO, no
   loss, no duplicate), the slot of position p is p & (cap - 1), RING_FULL
   exactly when the model holds cap items with ring_full's fields right,
   done markers as the model says (cleared by an enqueue into the slot),
   out-of-range slots are VYRE_ERR_OUT_OF_RANGE with a Fix: hint, and head,
   tail and in_flight equal the model's. Any mismatch aborts (a crash for
   libFuzzer). Build: make build/fuzz/fuzz_ring (tests/tests.mk). */
#define VYRE_IMPLEMENTATION
#include "../../vyre.h"
#include <stdlib.h>
#include <string.h>

#define FZ_MAXCAP 64u
typedef struct model {
    uint64_t head, tail;          /* positions, as the ring's counters */
    vyre_ring_item q[FZ_MAXCAP];  /* q[p & (cap-1)] for tail <= p < head */
    int done[FZ_MAXCAP];
    uint32_t cap;
} model;

#include <stdio.h>
static void must_at(int ok, int line) { if (!ok) { fprintf(stderr, "fuzz_ring: check at line %d failed\n", line); abort(); } }
#define must(ok) must_at((ok), __LINE__)

/* counters at `pos` (white-box, as tests/test_ring.c does): ready[slot] = the
   position in [pos, pos + cap) that maps to slot */
static void ring_set_position(vyre_ring *r, uint64_t pos) {
    uint32_t s, cap = r->v.cap;
    VYRE__AST(r->v.head, pos, relaxed);
    VYRE__AST(r->v.tail, pos, relaxed);
    for (s = 0; s < cap; s++) {
        uint64_t p = pos + (uint64_t)((s - (uint32_t)(pos & (cap - 1u))) & (cap - 1u));
        VYRE__AST(&r->v.ready[s], p, relaxed);
    }
}

static vyre_ring_item make_item(uint32_t k) {
    vyre_ring_item it;
    it.input_offset = k * 2654435761u;
    it.input_len = k ^ 0xA5A5A5A5u;
    it.rule_set_id = k >> 3;
    it.correlation = k;
    return it;
}

static void op_enqueue(vyre_ring *r, model *m, uint32_t *counter) {
    vyre_ring_item it = make_item((*counter)++);
    vyre_ring_full full;
    vyre_error err;
    uint32_t slot = 0xFFFFFFFFu;
    vyre_result rc;
    memset(&full, 0, sizeof full);
    rc = vyre_ring_enqueue(r, &it, &slot, &full, &err);
    if (m->head - m->tail == m->cap) {
        must(rc == VYRE_ERR_RING_FULL);
        must(full.position == m->head && full.slot == (uint32_t)(m->head & (m->cap - 1u)) && full.capacity == m->cap);
        must(full.order == VYRE_RING_BEHIND);
        must(strncmp(err.fix, "Fix:", 4) == 0);
        return;
    }
    must(rc == VYRE_OK);
    must(slot == (uint32_t)(m->head & (m->cap - 1u)));
    m->q[slot] = it;
    m->done[slot] = 0;
    m->head++;
}

static void op_claim(vyre_ring *r, model *m) {
    vyre_ring_item it;
    uint32_t slot = 0xFFFFFFFFu;
    int got = vyre_ring_claim(r, &it, &slot);
    if (m->head == m->tail) { must(got == 0); return; }
    must(got == 1);
    must(slot == (uint32_t)(m->tail & (m->cap - 1u)));
    must(memcmp(&it, &m->q[slot], sizeof it) == 0);
    m->tail++;
}

static void check_views(vyre_ring *r, const model *m) {
    uint32_t v = 0;
    vyre_error err;
    vyre_result rc;
    must(vyre_ring_capacity(r) == m->cap);
    must(vyre_ring_head_counter(r) == m->head && vyre_ring_tail_counter(r) == m->tail);
    must(vyre_ring_in_flight(r) == m->head - m->tail);
    must(vyre_ring_try_in_flight(r, &v, &err) == VYRE_OK && v == (uint32_t)(m->head - m->tail));
    rc = vyre_ring_head(r, &v, &err);
    must(m->head > 0xFFFFFFFFull ? rc == VYRE_ERR_OVERFLOW && strncmp(err.fix, "Fix:", 4) == 0 : rc == VYRE_OK && v == m->head);
    rc = vyre_ring_tail(r, &v, &err);
    must(m->tail > 0xFFFFFFFFull ? rc == VYRE_ERR_OVERFLOW && strncmp(err.fix, "Fix:", 4) == 0 : rc == VYRE_OK && v == m->tail);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    vyre_ring *r = NULL;
    vyre_error err;
    model m;
    uint32_t counter = 0;
    size_t i;
    if (size < 2) return 0;
    memset(&m, 0, sizeof m);
    if (vyre_ring_try_create(1, NULL, &r, &err) != VYRE_ERR_INVALID_ARGUMENT || r) abort();
    m.cap = 2u << (data[0] % 6u);
    if (vyre_ring_try_create(m.cap, NULL, &r, &err) != VYRE_OK) abort();
    if (data[1] & 1u) m.head = m.tail = UINT64_MAX - (uint64_t)(data[1] >> 2);
    else if (data[1] & 2u) m.head = m.tail = 0xFFFFFFFFull - (uint64_t)(data[1] >> 2);
    if (m.head) ring_set_position(r, m.head);
    check_views(r, &m);
    for (i = 2; i < size; i++) {
        uint8_t op = data[i] % 8u, arg = i + 1 < size ? data[i + 1] : 0;
        switch (op) {
        case 0: case 1: op_enqueue(r, &m, &counter); break;
        case 2: case 3: op_claim(r, &m); break;
        case 4: case 5: {
            uint32_t slot = arg % (2u * m.cap);   /* half of them out of range */
            int done = -1;
            vyre_result rc;
            i++;
            if (op == 4) {
                rc = vyre_ring_mark_done(r, slot, &err);
                if (slot < m.cap) { must(rc == VYRE_OK); m.done[slot] = 1; }
            } else {
                rc = vyre_ring_is_done(r, slot, &done, &err);
                if (slot < m.cap) must(rc == VYRE_OK && done == m.done[slot]);
            }
            if (slot >= m.cap) must(rc == VYRE_ERR_OUT_OF_RANGE && strncmp(err.fix, "Fix:", 4) == 0);
            break;
        }
        case 6: {
            uint64_t w[2];
            vyre_ring_item a = make_item(arg * 977u), b;
            vyre_ring_pack(&a, w);
            vyre_ring_unpack(w, &b);
            must(memcmp(&a, &b, sizeof a) == 0);
            must(w[0] == ((uint64_t)a.input_offset | (uint64_t)a.input_len << 32));
            must(w[1] == ((uint64_t)a.rule_set_id | (uint64_t)a.correlation << 32));
            break;
        }
        default: {
            uint32_t k;
            for (k = 0; k <= m.cap; k++) op_enqueue(r, &m, &counter);
            must(m.head - m.tail == m.cap);
            for (k = 0; k <= m.cap; k++) op_claim(r, &m);
            must(m.head == m.tail);
        }
        }
        check_views(r, &m);
    }
    while (m.head != m.tail) op_claim(r, &m);
    op_claim(r, &m);
    check_views(r, &m);
    vyre_ring_free(r);
    return 0;
}
