# bench/bench.mk - benchmarks (included by the root Makefile).
#
#   make bench                        build and run the Google Benchmark harness;
#                                     JSON in build/bench/bench.json, plot in build/bench/bench.svg
#   BENCH_QUICK=1 make bench          the same in a few minutes on a 2-core machine (CPU, POCL)
#   make bench-compare BASELINE=f.json   fresh run with BENCH_REPS repetitions, compared with a
#                                     saved baseline (Mann-Whitney U); exits 1 on a regression
#                                     larger than BENCH_THRESHOLD (default 0.10 = 10%)
#   make bench-cpu                    CPU backend vs Hyperscan, one run, same bytes (issue 2 §5)
#   make bench-engine                 the persistent engine vs the per-launch path, 10,000 x 1 KiB jobs
#                                     (issue 13; BENCH_ENGINE_BACKEND=cuda|opencl|cpu)
#   make bench-kit                    the C side as one relocatable object for the GPU machine
#                                     (build/bench/kit/), see scripts/device_bench.sh
#
# Extra arguments for the harness go in BENCH_ARGS (e.g.
# BENCH_ARGS=--benchmark_filter=scan/cpu). Everything is built in build/bench/.

BENCH_DIR := $(BUILD)/bench
BENCH_C := bench/bench_cases.c bench/bench_corpus.c bench/bench_hs.c bench/bench_impl.c
BENCH_OBJ := $(patsubst bench/%.c,$(BENCH_DIR)/%.o,$(BENCH_C))
BENCH_HS_LIB ?= $(firstword $(wildcard /usr/lib/x86_64-linux-gnu/libhs.a /usr/lib/libhs.a /usr/local/lib/libhs.a) -lhs)
BENCH_GBENCH_LIBS ?= -lbenchmark
BENCH_COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD -- 2>/dev/null || echo -dirty)
BENCH_OUT ?= $(BENCH_DIR)/bench.json
BENCH_REPS ?= 5
BENCH_THRESHOLD ?= 0.10
BENCH_ALPHA ?= 0.05
BENCH_CFLAGS = $(CPPFLAGS) $(CFLAGS) -Ibench
BENCH_LINK = $(LDFLAGS) $(BENCH_HS_LIB) -lstdc++ $(LDLIBS)

.PHONY: bench bench-compare bench-cpu bench-kit bench-build bench-engine

$(BENCH_DIR)/%.o: bench/%.c bench/bench.h $(HEADERS)
	@mkdir -p $(BENCH_DIR)
	$(CC) $(BENCH_CFLAGS) -c -o $@ $<

$(BENCH_DIR)/bench_corpus.o: bench/bench_corpus.c bench/bench.h .FORCE-bench-commit
	@mkdir -p $(BENCH_DIR)
	$(CC) $(BENCH_CFLAGS) -DVYRE_BENCH_COMMIT='"$(BENCH_COMMIT)"' -c -o $@ $<

.PHONY: .FORCE-bench-commit
.FORCE-bench-commit:

$(BENCH_DIR)/gbench_shim.o: bench/gbench_shim.cpp bench/bench.h
	@mkdir -p $(BENCH_DIR)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -Ibench -c -o $@ $<

$(BENCH_DIR)/vyre_bench: $(BENCH_DIR)/gbench_shim.o $(BENCH_OBJ)
	$(CXX) -o $@ $^ $(BENCH_GBENCH_LIBS) $(BENCH_LINK)

$(BENCH_DIR)/cpu_vs_hs: bench/cpu_vs_hs.c $(BENCH_DIR)/bench_corpus.o $(BENCH_DIR)/bench_hs.o $(BENCH_DIR)/bench_impl.o
	$(CC) $(BENCH_CFLAGS) -o $@ $^ $(BENCH_LINK)

# large literal sets (issue 15): compile 10^6 IOCs, 1-thread ratio vs Hyperscan on rand10k and 100k IOCs
$(BENCH_DIR)/big_bench: bench/big_bench.c $(BENCH_DIR)/bench_corpus.o $(BENCH_DIR)/bench_hs.o $(BENCH_DIR)/bench_impl.o
	$(CC) $(BENCH_CFLAGS) -o $@ $^ $(BENCH_LINK)

bench-big: $(BENCH_DIR)/big_bench
	$(BENCH_DIR)/big_bench

# no Hyperscan in it: it builds on the GPU machine as it is (scripts/gpu_ring.sh)
$(BENCH_DIR)/engine_bench: bench/engine_bench.c $(BENCH_DIR)/bench_corpus.o $(BENCH_DIR)/bench_impl.o
	$(CC) $(BENCH_CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)

# the engine's host-side cost per job (one thread, no scan)
$(BENCH_DIR)/engine_host_cost: bench/engine_host_cost.c $(HEADERS)
	@mkdir -p $(BENCH_DIR)
	$(CC) $(BENCH_CFLAGS) -o $@ $< $(LDFLAGS) $(LDLIBS)

bench-engine: $(BENCH_DIR)/engine_bench
	$(BENCH_DIR)/engine_bench

bench-build: $(BENCH_DIR)/vyre_bench $(BENCH_DIR)/cpu_vs_hs $(BENCH_DIR)/engine_bench

bench: $(BENCH_DIR)/vyre_bench
	$(BENCH_DIR)/vyre_bench --benchmark_out=$(BENCH_OUT) --benchmark_out_format=json $(BENCH_ARGS)
	python3 scripts/bench_plot.py $(BENCH_OUT) -o $(BENCH_OUT:.json=.svg)
	@echo "bench: JSON $(BENCH_OUT), plot $(BENCH_OUT:.json=.svg)"

bench-compare: $(BENCH_DIR)/vyre_bench
	@test -n "$(BASELINE)" || { echo "bench-compare: set BASELINE=file.json (e.g. bench/baselines/h100.json)"; exit 2; }
	$(BENCH_DIR)/vyre_bench --benchmark_repetitions=$(BENCH_REPS) --benchmark_out=$(BENCH_DIR)/compare.json \
		--benchmark_out_format=json $(BENCH_ARGS)
	python3 scripts/bench_compare.py $(BASELINE) $(BENCH_DIR)/compare.json \
		--threshold $(BENCH_THRESHOLD) --alpha $(BENCH_ALPHA)

bench-cpu: $(BENCH_DIR)/cpu_vs_hs
	$(BENCH_DIR)/cpu_vs_hs

# The GPU machine has Google Benchmark but no Hyperscan: carry the C side
# (bodies + vyre + the Hyperscan members it needs, from the static libhs.a)
# as one relocatable object and link the shim there.
bench-kit: $(BENCH_OBJ) $(BENCH_DIR)/cpu_vs_hs.o
	@mkdir -p $(BENCH_DIR)/kit
	ld -r -S -o $(BENCH_DIR)/kit/vyre_bench_c.o $(BENCH_OBJ) $(BENCH_HS_LIB)
	cp $(BENCH_DIR)/cpu_vs_hs.o $(BENCH_DIR)/kit/cpu_vs_hs.o
	@ls -la $(BENCH_DIR)/kit

# the 221 gitleaks regexes: vyre's CPU regex engine vs Hyperscan (one thread)
.PHONY: bench-re
$(BENCH_DIR)/re_cpu_vs_hs: bench/re_cpu_vs_hs.c vyre.h tests/re_common.h
	@mkdir -p $(BENCH_DIR)
	$(CC) $(CPPFLAGS) -std=c99 -O2 -g -o $@ $< $(BENCH_HS_LIB) -lstdc++ $(LDLIBS)
bench-re: $(BENCH_DIR)/re_cpu_vs_hs
	$(BENCH_DIR)/re_cpu_vs_hs

# the 221 gitleaks regexes resident on a GPU (vyre.h >>re-gpu) vs Hyperscan 1/16 threads; static
# libhs.a where present, so the binary runs on the GPU machine (scripts/gpu_regex.sh)
.PHONY: bench-re-gpu
$(BENCH_DIR)/re_gpu_bench: bench/re_gpu_bench.c vyre.h vyre_cuda.h vyre_ocl.h kernels.inc tests/re_common.h
	@mkdir -p $(BENCH_DIR)
	$(CC) $(CPPFLAGS) -std=c99 -O2 -g -Wall -Wextra -Werror -Wno-unused-function -pedantic -I. -o $@ $< $(BENCH_HS_LIB) -lstdc++ $(LDLIBS) -lpthread -ldl -lm
bench-re-gpu: $(BENCH_DIR)/re_gpu_bench
	$(BENCH_DIR)/re_gpu_bench

# the rule-scanning goal's comparison point (issue 12): gitleaks' semantics with a Hyperscan keyword
# prefilter and RE2 confirmation (tests/rules_ref.h), N threads over a tree:
#   build/bench/rules_hs_re2 --threads 16 [--depth 5] PATH...   (next to `vyre scan --rules default PATH...`)
# static libhs.a where present; RE2_LIBS (default -lre2) links RE2
RE2_LIBS ?= -lre2
$(BENCH_DIR)/rules_hs_re2: bench/rules_hs_re2.cpp tests/rules_ref.h vyre.h
	@mkdir -p $(BENCH_DIR)
	$(CXX) -std=c++17 -O2 -g -I. -Itests -o $@ $< $(BENCH_HS_LIB) $(RE2_LIBS) $(LDLIBS)
# vyre_rules_scan alone on one thread over files (the CPU path of the same semantics):
#   find PATH -type f | build/bench/rules_cpu [--depth N] [-v] -
$(BENCH_DIR)/rules_cpu: bench/rules_cpu.c vyre.h
	@mkdir -p $(BENCH_DIR)
	$(CC) $(CPPFLAGS) -std=c99 -O2 -g -Wall -Wextra -Werror -Wno-unused-function -I. -o $@ $< $(LDLIBS) -lpthread -lm
bench-rules: $(BENCH_DIR)/rules_hs_re2 $(BENCH_DIR)/rules_cpu
