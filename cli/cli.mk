# cli/cli.mk - the `vyre` command-line scanner (included by the root Makefile).
# `make` builds $(BUILD)/vyre from cli/vyre.c, which compiles the whole
# library in (VYRE_IMPLEMENTATION, VYRE_CUDA_IMPLEMENTATION,
# VYRE_OCL_IMPLEMENTATION; the GPU drivers are loaded at run time).
# `make check-cli` runs the CLI's own test (tests/test_cli.sh).

$(BUILD)/vyre: cli/vyre.c $(HEADERS)
	@mkdir -p $(BUILD)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ cli/vyre.c $(LDFLAGS) $(LDLIBS)

.PHONY: check-cli
check-cli: $(BUILD)/vyre
	sh tests/test_cli.sh $(BUILD)/vyre
