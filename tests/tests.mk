# tests/tests.mk - included by the root Makefile. `make test` builds every
# test binary (normal in build/tests/, ASan+UBSan in build/asan/), the CLI
# (build/vyre, for tests/test_cli.sh), then runs tests/run.sh, which ends with
# `N passed, N failed, N skipped` and exits non-zero on any failure.
# A test binary that fails to build is reported by run.sh as a failure (the
# build is run with -k so one broken test does not hide the others).
#
#   make test              everything
#   make test-build        build only
#   make test-quick        our unit tests only, no ASan (fast edit loop)
#   make test VT_SCALE=4   more random iterations

TEST_CC ?= $(CC)
TEST_WARN = -Wall -Wextra -Werror -pedantic
TEST_CFLAGS ?= -std=c99 -O2 -g $(TEST_WARN)
TEST_ASAN_CFLAGS ?= -std=c99 -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
                    -fno-sanitize-recover=all $(TEST_WARN)
TEST_TSAN_CFLAGS ?= -std=c99 -O2 -g -fsanitize=thread $(TEST_WARN)
TEST_LIBS = -lpthread -ldl -lm
TEST_JOBS ?= $(shell nproc 2>/dev/null || echo 2)

TESTS_OWN = test_api test_internal test_session test_prop test_hs test_oom test_fuzz test_generic test_ingest test_ring test_engine test_regex test_ignore test_big test_multi test_rules test_re_kind
TEST_BINS = $(addprefix $(BUILD)/tests/,$(TESTS_OWN))
ASAN_BINS = $(addprefix $(BUILD)/asan/,$(TESTS_OWN))
# ThreadSanitizer builds of the lock-free ring and the engine (>>ring, >>engine)
TESTS_TSAN = test_ring test_engine
TSAN_BINS = $(addprefix $(BUILD)/tsan/,$(TESTS_TSAN))
# the other areas' tests, when their sources exist
TESTS_EXT = $(patsubst tests/%.c,%,$(wildcard tests/test_cuda.c tests/test_ocl.c tests/test_re_gpu.c))
EXT_BINS = $(addprefix $(BUILD)/tests/,$(TESTS_EXT))
# the CLI, when its makefile fragment exists
TEST_CLI = $(if $(wildcard cli/cli.mk),$(BUILD)/vyre)
TEST_DEPS = vyre.h tests/vt.h tests/vt_hs.h bench/bench.h tests/backend_conformance.h tests/tests.mk

# -lhs only for the Hyperscan differential tests ($* is the stem after test_)
test_libs_for = $(TEST_LIBS) $(if $(filter hs big ingest re_hs,$(1)),-lhs)

# regex oracle tests (normal build only; they are long): Hyperscan (C) and RE2 (C++)
TESTS_RE = test_re_hs test_re2 test_rules_re2
RE_BINS = $(addprefix $(BUILD)/tests/,$(TESTS_RE))
RE_DEPS = tests/re_gen.h tests/re_common.h tests/re2_oracle.h
$(BUILD)/tests/test_re_hs: tests/test_re_hs.c $(TEST_DEPS) $(RE_DEPS) | $(BUILD)/tests
	@rm -f $@
	$(TEST_CC) $(TEST_CFLAGS) -I. $< -o $@ $(TEST_LIBS) -lhs
$(BUILD)/tests/test_rules_re2: tests/test_rules_re2.cpp tests/rules_ref.h $(TEST_DEPS) | $(BUILD)/tests
	@rm -f $@
	$(CXX) -std=c++17 -O2 -g -Wall -Wextra -Werror -I. $< -o $@ $(TEST_LIBS) -lre2
$(BUILD)/tests/test_re2: tests/test_re2.cpp $(TEST_DEPS) $(RE_DEPS) | $(BUILD)/tests
	@rm -f $@
	$(CXX) -std=c++17 -O2 -g -Wall -Wextra -Werror -I. $< -o $@ $(TEST_LIBS) -lre2

# the CLI's gitignore matcher, line counter, option table and pattern-file reader
$(BUILD)/tests/test_ignore $(BUILD)/asan/test_ignore: cli/ignore.h cli/lines.h cli/opts.h cli/patfile.h
# the GPU regex engine on every GPU backend (OpenCL here, CUDA on the GPU machine)
$(BUILD)/tests/test_re_gpu: vyre_ocl.h vyre_cuda.h kernels.inc $(RE_DEPS)
# the BIG form on every backend (OpenCL here, CUDA on the GPU machine)
$(BUILD)/tests/test_big $(BUILD)/asan/test_big: vyre_ocl.h vyre_cuda.h kernels.inc

.PHONY: test test-build test-quick

test:
	@$(MAKE) --no-print-directory -k -j$(TEST_JOBS) test-build || \
		echo "tests.mk: some targets failed to build; tests/run.sh reports them"
	@BUILD=$(BUILD) bash tests/run.sh

FUZZ_CC ?= clang
FUZZ_OK := $(shell echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n){(void)d;(void)n;return 0;}' | $(FUZZ_CC) -x c -fsanitize=fuzzer -o /dev/null - 2>/dev/null && echo yes)
test-build: $(TEST_BINS) $(ASAN_BINS) $(TSAN_BINS) $(EXT_BINS) $(RE_BINS) $(TEST_CLI) $(if $(FUZZ_OK),$(FUZZ_BINS))

test-quick: $(TEST_BINS)
	@BUILD=$(BUILD) VT_ONLY=test_ bash tests/run.sh

$(BUILD)/tests $(BUILD)/asan $(BUILD)/tsan:
	@mkdir -p $@

$(BUILD)/tests/test_%: tests/test_%.c $(TEST_DEPS) | $(BUILD)/tests
	@rm -f $@
	$(TEST_CC) $(TEST_CFLAGS) -I. $< -o $@ $(call test_libs_for,$*)

$(BUILD)/asan/test_%: tests/test_%.c $(TEST_DEPS) | $(BUILD)/asan
	@rm -f $@
	$(TEST_CC) $(TEST_ASAN_CFLAGS) -I. $< -o $@ $(call test_libs_for,$*)

$(BUILD)/tsan/test_%: tests/test_%.c $(TEST_DEPS) | $(BUILD)/tsan
	@rm -f $@
	$(TEST_CC) $(TEST_TSAN_CFLAGS) -I. $< -o $@ $(call test_libs_for,$*)

# GPU backend tests (their owners' files): they define the implementations.
$(BUILD)/tests/test_cuda: tests/test_cuda.c vyre.h vyre_cuda.h kernels.inc $(TEST_DEPS) | $(BUILD)/tests
	@rm -f $@
	$(TEST_CC) $(TEST_CFLAGS) -I. $< -o $@ $(TEST_LIBS)

$(BUILD)/tests/test_ocl: tests/test_ocl.c vyre.h vyre_ocl.h kernels.inc $(TEST_DEPS) | $(BUILD)/tests
	@rm -f $@
	$(TEST_CC) $(TEST_CFLAGS) -I. $< -o $@ $(TEST_LIBS)

# libFuzzer targets (tests/fuzz/, issue 16): each built with ASan+UBSan, run by
# tests/run.sh through tests/fuzz/run_fuzz.sh (VYRE_FUZZ_SECONDS each; 60 in CI)
# on its seed corpus tests/fuzz/corpus/NAME. By hand:
#   make fuzz FUZZ_SECONDS=600        every target for 10 minutes
FUZZ_SECONDS ?= 60
FUZZ_TARGETS = deserialize scan stream rules ring ignore regex
FUZZ_FLAGS = -std=c99 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -I.
FUZZ_BINS = $(addprefix $(BUILD)/fuzz/fuzz_,$(FUZZ_TARGETS))
# (test-build's list above is expanded where it is read, before FUZZ_BINS exists: add them here,
#  or make test silently skips every fuzz target)
test-build: $(if $(FUZZ_OK),$(FUZZ_BINS))
.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BINS)
$(BUILD)/fuzz:
	@mkdir -p $@
$(BUILD)/fuzz/fuzz_deserialize: tests/test_fuzz.c $(TEST_DEPS) | $(BUILD)/fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) -DVT_LIBFUZZER tests/test_fuzz.c -o $@ $(TEST_LIBS)
$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(TEST_DEPS) | $(BUILD)/fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) $< -o $@ $(TEST_LIBS)
# the CLI's gitignore matcher against a reference matcher (tests/fuzz/fuzz_ignore.c)
$(BUILD)/fuzz/fuzz_ignore: cli/ignore.h
# the regex parser and compiler against RE2 (C++ only for the oracle; tests/fuzz/fuzz_regex.cpp)
FUZZ_CXX ?= clang++
$(BUILD)/fuzz/fuzz_regex: tests/fuzz/fuzz_regex.cpp tests/re_common.h tests/re2_oracle.h $(TEST_DEPS) | $(BUILD)/fuzz
	$(FUZZ_CXX) -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -I. $< -o $@ $(TEST_LIBS) -lre2 -lhs
fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do BUILD=$(BUILD) bash tests/fuzz/run_fuzz.sh $$t $(FUZZ_SECONDS) || exit 1; done

# the engine test also runs the batched path on OpenCL (POCL in CI) and the resident kernel on CUDA (GPU only)
$(BUILD)/tests/test_engine $(BUILD)/asan/test_engine $(BUILD)/tsan/test_engine: vyre_ocl.h vyre_cuda.h kernels.inc
$(BUILD)/tests/test_ingest $(BUILD)/asan/test_ingest: vyre_cuda.h vyre_ocl.h

# the gitleaks rule-file loader's fuzz target (tests/fuzz/fuzz_rules.c, >>rules): self-contained;
# `make build/fuzz/fuzz_rules && build/fuzz/fuzz_rules -max_total_time=60 tests/fuzz/corpus/rules`
$(BUILD)/fuzz/fuzz_rules: tests/fuzz/fuzz_rules.c $(TEST_DEPS) | $(BUILD)/fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) $< -o $@ $(TEST_LIBS)
