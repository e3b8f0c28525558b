# vyre - build, test, bench. `make` builds build/vyre; `make test` runs everything.
CC ?= cc
CXX ?= c++
BUILD ?= build
OPT ?= -O2
WARN = -Wall -Wextra -Werror -pedantic
CFLAGS ?= -std=c99 $(OPT) -g $(WARN)
CXXFLAGS ?= -std=c++17 $(OPT) -g -Wall -Wextra -Werror
CPPFLAGS += -I.
LDLIBS += -lpthread -ldl -lm
HEADERS = vyre.h vyre_cuda.h vyre_ocl.h kernels.inc

.PHONY: all test bench bench-compare clean
all: $(BUILD)/vyre

-include cli/cli.mk
-include tests/tests.mk
-include bench/bench.mk

clean:
	rm -rf $(BUILD)

# The main job: build the scanner and run it on the bundled sample corpus.
.PHONY: demo
demo: $(BUILD)/vyre
	$(BUILD)/vyre scan -i -f patterns/gitleaks-keywords.txt samples/; \
	rc=$$?; [ $$rc -le 1 ] || exit $$rc
