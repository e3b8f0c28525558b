# cli/cli.mk - the `vyre` command-line scanner (included by the root Makefile).
# `make` builds $(BUILD)/vyre from cli/vyre.c, which compiles the whole
# library in (VYRE_IMPLEMENTATION, VYRE_CUDA_IMPLEMENTATION,
# VYRE_OCL_IMPLEMENTATION; the GPU drivers are loaded at run time).
# `make check-cli` runs the CLI's own test (tests/test_cli.sh).

# --version prints the commit the binary was built from (or "unknown" outside git)
VYRE_COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD -- 2>/dev/null || echo -dirty)
CLI_HEADERS = cli/lines.h cli/ignore.h cli/opts.h cli/patfile.h

$(BUILD)/vyre: cli/vyre.c $(HEADERS) $(CLI_HEADERS)
	@mkdir -p $(BUILD)
	$(CC) $(CPPFLAGS) $(CFLAGS) -DVYRE_GIT_COMMIT='"$(VYRE_COMMIT)"' -o $@ cli/vyre.c $(LDFLAGS) $(LDLIBS)

.PHONY: check-cli
check-cli: $(BUILD)/vyre
	sh tests/test_cli.sh $(BUILD)/vyre
