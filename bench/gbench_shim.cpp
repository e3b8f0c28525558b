// bench/gbench_shim.cpp - registers the C benchmark bodies (bench_cases.c)
// with Google Benchmark. The only C++ in bench/.
//
// Per scan it reports: the iteration time (the device timer's time when the
// backend has one, via manual time; else the host wall clock), and counters
// wall_ns, device_ns, host_overhead_ns (wall - device), wall_GBps,
// device_GBps, matches (per scan), hay_bytes, device_timer, mismatch, plus
// Google Benchmark's bytes_per_second. The machine, commit, backends with
// their device names and the pattern sets go into the JSON context.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "bench.h"

namespace {

long g_current = -1;

void add_context(const char *key, const char *value, void *) { benchmark::AddCustomContext(key, value); }

void run_case(benchmark::State &st, size_t i) {
    char err[1024];
    const vb_case_info *ci = vb_case_get(i);
    if (g_current != static_cast<long>(i)) {
        if (g_current >= 0) vb_case_teardown(static_cast<size_t>(g_current));
        g_current = -1;
        if (vb_case_setup(i, err, sizeof err) != 0) {
            vb_case_teardown(i);
            std::fprintf(stderr, "bench: %s: %s\n", ci->name, err);
            st.SkipWithError(err);
            return;
        }
        g_current = static_cast<long>(i);
    }
    double wall = 0, dev = 0;
    uint64_t matches = 0, bytes = 0, n = 0;
    bool dev_known = ci->manual_time != 0;
    for (auto _ : st) {
        vb_result r;
        if (vb_case_run(i, &r, err, sizeof err) != 0) {
            st.SkipWithError(err);
            break;
        }
        bool known = r.device_ns != UINT64_MAX;
        if (!known) dev_known = false;
        if (ci->manual_time) st.SetIterationTime(static_cast<double>(known ? r.device_ns : r.wall_ns) * 1e-9);
        wall += static_cast<double>(r.wall_ns);
        if (known) dev += static_cast<double>(r.device_ns);
        matches += r.matches;
        bytes += r.bytes;
        n++;
    }
    if (n == 0) return;
    const double dn = static_cast<double>(n);
    st.SetBytesProcessed(static_cast<int64_t>(bytes));
    st.SetLabel(ci->label);
    st.counters["wall_ns"] = benchmark::Counter(wall / dn);
    st.counters["wall_GBps"] = benchmark::Counter(wall > 0 ? static_cast<double>(bytes) / wall : 0);
    st.counters["matches"] = benchmark::Counter(static_cast<double>(matches) / dn);
    st.counters["hay_bytes"] = benchmark::Counter(static_cast<double>(ci->bytes));
    st.counters["device_timer"] = benchmark::Counter(dev_known ? 1 : 0);
    st.counters["mismatch"] = benchmark::Counter(vb_case_mismatch(i));
    if (dev_known) {
        st.counters["device_ns"] = benchmark::Counter(dev / dn);
        st.counters["host_overhead_ns"] = benchmark::Counter((wall - dev) / dn);
        st.counters["device_GBps"] = benchmark::Counter(dev > 0 ? static_cast<double>(bytes) / dev : 0);
    }
}

}  // namespace

int main(int argc, char **argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    if (vb_init() != 0) return 2;
    vb_context(add_context, nullptr);
    for (size_t i = 0; i < vb_case_count(); i++) {
        const vb_case_info *ci = vb_case_get(i);
        benchmark::internal::Benchmark *b =
            benchmark::RegisterBenchmark(ci->name, [i](benchmark::State &st) { run_case(st, i); });
        if (ci->manual_time) b->UseManualTime();
        else b->UseRealTime();
        if (ci->min_time > 0) b->MinTime(ci->min_time);
        b->Unit(benchmark::kMicrosecond);
    }
    benchmark::RunSpecifiedBenchmarks();
    if (g_current >= 0) vb_case_teardown(static_cast<size_t>(g_current));
    vb_shutdown();
    benchmark::Shutdown();
    return 0;
}
