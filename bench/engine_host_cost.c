/* bench/engine_host_cost.c - the engine's host-side cost per job, one thread,
   no contention, no scan: submit 64 jobs of 1 KiB, play the device (claim
   each item from the ring, publish done with 0 matches), collect the 64; ns
   per job over N jobs (argument, default 1,000,000). What every producer
   pays per job however fast the consumers are (docs/PERF.md, issue 13).
   Build: make build/bench/engine_host_cost */
#define _POSIX_C_SOURCE 200809L
#define VYRE_IMPLEMENTATION
#include "vyre.h"
#include <stdio.h>
static vyre_backend_vtable vt;
static vyre_result (*cpu_prof)(void *, vyre_device_profile *, vyre_error *);
static void *blk;
static vyre_result prof(void *s, vyre_device_profile *o, vyre_error *e) { vyre_result r = cpu_prof(s, o, e); o->caps &= ~VYRE_CAP_HOST_MEMORY; return r; }
static vyre_result op(void *s, const vyre_engine_plan *p, void **b, void **st, vyre_error *e) { (void)s; (void)e; if (posix_memalign(&blk, 64, p->block_bytes)) return VYRE_ERR_OUT_OF_MEMORY; memset(blk, 0, p->block_bytes); *b = blk; *st = blk; return VYRE_OK; }
static vyre_result stt(void *s, void *st, vyre_error *e) { (void)s; (void)st; (void)e; return VYRE_OK; }
static vyre_result cl(void *s, void *st, vyre_error *e) { (void)s; (void)e; free(st); return VYRE_OK; }
static void de(void *s) { (void)s; }
int main(int argc, char **argv) {
    vyre_backend *cpu, *b; vyre_error err; vyre_literal l = {"key", 3, 0}; vyre_literal_set *set;
    vyre_engine_set sets[1]; vyre_engine_desc d; vyre_engine *e; unsigned char data[1024];
    int n = argc > 1 ? atoi(argv[1]) : 100000, i, W = 64, k;
    vyre_job jobs[64]; vyre_match m[16]; size_t cnt; vyre_job_info info;
    uint64_t t0, t1;
    memset(data, 'a', sizeof data);
    vyre_literal_set_compile(&l, 1, NULL, &set, &err);
    vyre_cpu_backend_create(NULL, &cpu, &err);
    vt = *vyre_backend_vtable_of(cpu); cpu_prof = vt.profile; vt.profile = prof; vt.destroy = de; vt.shutdown = NULL;
    vt.engine_open = op; vt.engine_start = stt; vt.engine_close = cl; vt.engine_kick = NULL;
    vyre_backend_wrap(&vt, vyre_backend_self(cpu), NULL, &b, &err);
    memset(&d, 0, sizeof d); sets[0].literal = set; d.sets = sets; d.set_count = 1; d.max_jobs = 4096; d.max_job_bytes = 1024; d.mode = VYRE_ENGINE_FORCE;
    if (vyre_engine_create(b, &d, &e, &err) != VYRE_OK) { printf("%s\n", err.message); return 1; }
    t0 = vyre_now_ns();
    for (i = 0; i < n; i += W) {
        for (k = 0; k < W; k++) if (vyre_engine_submit(e, 0, data, sizeof data, k, &jobs[k], &err) != VYRE_OK) { printf("submit %s\n", err.message); return 1; }
        for (k = 0; k < W; k++) { /* the "device": claim and publish */
            vyre_ring_item it; uint8_t *s;
            vyre__ring_take(&e->ring, &it, NULL);
            s = vyre__eslot(&e->plan, e->block, it.correlation);
            *VYRE__ES_COUNT(s) = 0;
            VYRE__AST(VYRE__ES_DONE(s), 1u, release);
        }
        for (k = 0; k < W; k++) if (vyre_engine_wait(e, jobs[k], 0, m, 16, &cnt, &info, &err) != VYRE_OK) { printf("wait %s\n", err.message); return 1; }
    }
    t1 = vyre_now_ns();
    printf("%d jobs: %.1f ns/job (submit + claim + publish + collect, one thread)\n", n, (double)(t1 - t0) / n);
    vyre_engine_destroy(e, &err);
    return 0;
}
