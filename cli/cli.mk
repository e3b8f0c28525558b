# cli/cli.mk - the `vyre` command-line scanner (included by the root Makefile).
# `make` builds $(BUILD)/vyre from cli/vyre.c, which compiles the whole
# library in (VYRE_IMPLEMENTATION, VYRE_CUDA_IMPLEMENTATION,
# VYRE_OCL_IMPLEMENTATION; the GPU drivers are loaded at run time).
# `make check-cli` runs the CLI's own test (tests/test_cli.sh).

# --version prints the commit the binary was built from (or "unknown" outside git)
VYRE_COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD -- 2>/dev/null || echo -dirty)
CLI_HEADERS = cli/lines.h cli/ignore.h cli/opts.h cli/patfile.h cli/rules_cli.h

# the bundled gitleaks rules (rules/gitleaks.toml) as a byte list for `--rules default` (cli/rules_cli.h)
$(BUILD)/rules_default.inc: rules/gitleaks.toml
	@mkdir -p $(BUILD)
	od -An -v -tx1 $< | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g' > $@

$(BUILD)/vyre: cli/vyre.c $(HEADERS) $(CLI_HEADERS) $(BUILD)/rules_default.inc
	@mkdir -p $(BUILD)
	$(CC) $(CPPFLAGS) $(CFLAGS) -DVYRE_GIT_COMMIT='"$(VYRE_COMMIT)"' -DVYRE_RULES_DEFAULT_INC='"$(abspath $(BUILD))/rules_default.inc"' -o $@ cli/vyre.c $(LDFLAGS) $(LDLIBS)

.PHONY: check-cli
check-cli: $(BUILD)/vyre
	sh tests/test_cli.sh $(BUILD)/vyre
