# SPDX-License-Identifier: Apache-2.0
#
# libFuzzer harnesses of the core's guest-facing decoders, built for the
# host against the fake arch layer of the unit tests (tests/unit/fake), with
# ASan + UBSan.  See tests/fuzz/README.md.  Usable alone or included:
#
#   make -f tests/fuzz/fuzz.mk fuzz          every harness, FUZZ_TIME s each
#   make -f tests/fuzz/fuzz.mk fuzz-ci       every harness, FUZZ_CI_TIME s each
#   make -f tests/fuzz/fuzz.mk fuzz-build    build only (build/fuzz/)
#   make -f tests/fuzz/fuzz.mk fuzz-vgic     one harness (vuart vgic psci traps)
#   make -f tests/fuzz/fuzz.mk fuzz-repro FUZZ_TARGET=vgic FUZZ_INPUT=file
#
# Each harness keeps its corpus in build/fuzz/corpus/<name>/ (seeded from
# tests/fuzz/seeds/<name>/ if present) and writes crashes to
# build/fuzz/crashes/<name>/.  Every harness runs even if an earlier one
# fails; the target fails if any did.

FUZZ_CC ?= clang
FUZZ_TIME ?= 30
FUZZ_CI_TIME ?= 10
FUZZ_DIR := tests/fuzz
FUZZ_OUT := build/fuzz
FUZZ_Q := $(if $(V),,@)
FUZZ_UNIT := tests/unit

FUZZ_CFLAGS := -std=c11 -g -O1 -Wall -Wextra -Werror -Wconversion -Wshadow \
	-Wvla -Wmissing-prototypes -Wstrict-prototypes -Wimplicit-fallthrough \
	-Iarch/arm64/include -Icore/include -I$(FUZZ_UNIT)/fake \
	-I$(FUZZ_DIR) -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer
# fake_arch.c reports misuse through cmocka.
FUZZ_LDLIBS := -lcmocka
# -max_len: inputs are op sequences; longer ones only slow the search.
FUZZ_RUN_FLAGS ?= -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1

FUZZ_FAKE := $(FUZZ_UNIT)/fake/fake_arch.c $(FUZZ_UNIT)/fake/fake_plat.c
FUZZ_VGIC_CORE := core/vgic.c core/vgic_lr.c core/vgic_mmio.c
FUZZ_PART_CORE := core/part.c core/vcpu.c core/vwdt.c core/s2.c core/page.c \
	core/log.c core/fmt.c core/panic.c core/config_check.c core/restart.c

FUZZ_TARGETS := vuart vgic psci traps

FUZZ_SRCS_vuart := core/vuart.c core/console.c core/log.c core/fmt.c \
	core/page.c $(FUZZ_FAKE) $(FUZZ_UNIT)/fake/fake_vgic.c
FUZZ_SRCS_vgic := $(FUZZ_VGIC_CORE) core/s2.c core/page.c core/log.c \
	core/fmt.c $(FUZZ_FAKE) $(FUZZ_UNIT)/fake/fake_vgic_hw.c
FUZZ_SRCS_psci := core/psci.c core/vuart.c $(FUZZ_PART_CORE) $(FUZZ_FAKE) \
	$(FUZZ_UNIT)/fake/fake_vgic.c
# fuzz_traps.c #includes arch/arm64/traps.c (see its header comment).
FUZZ_SRCS_traps := arch/arm64/esr.c core/fault.c core/mmio.c core/psci.c \
	core/vuart.c $(FUZZ_VGIC_CORE) $(FUZZ_PART_CORE) $(FUZZ_FAKE) \
	$(FUZZ_UNIT)/fake/fake_vgic_hw.c
FUZZ_EXTRA_CFLAGS_traps := -Iarch/arm64

FUZZ_HDRS := $(wildcard core/include/bulkhead/*.h core/*.h $(FUZZ_DIR)/*.h \
	$(FUZZ_UNIT)/fake/*.h arch/arm64/include/bulkhead/arch/*.h \
	arch/arm64/priv/*.h)
FUZZ_BINS := $(patsubst %,$(FUZZ_OUT)/fuzz_%,$(FUZZ_TARGETS))

.PHONY: fuzz fuzz-ci fuzz-build fuzz-clean fuzz-repro \
	$(patsubst %,fuzz-%,$(FUZZ_TARGETS))

fuzz-build: $(FUZZ_BINS)

fuzz: $(FUZZ_BINS)
	$(FUZZ_Q)$(call fuzz_run_all,$(FUZZ_TIME))

fuzz-ci: $(FUZZ_BINS)
	$(FUZZ_Q)$(call fuzz_run_all,$(FUZZ_CI_TIME))

fuzz-clean:
	rm -rf $(FUZZ_OUT)

# Re-run one saved input (no fuzzing): FUZZ_TARGET=<name> FUZZ_INPUT=<file>.
fuzz-repro: $(FUZZ_BINS)
	./$(FUZZ_OUT)/fuzz_$(FUZZ_TARGET) $(FUZZ_INPUT)

# $(1) harness name, $(2) seconds.  Fuzzes into the corpus directory, then
# prints the corpus size and the edges it covers.
fuzz_run_one = mkdir -p $(FUZZ_OUT)/corpus/$(1) $(FUZZ_OUT)/crashes/$(1) && \
	{ [ ! -d $(FUZZ_DIR)/seeds/$(1) ] || \
	  cp -n $(FUZZ_DIR)/seeds/$(1)/* $(FUZZ_OUT)/corpus/$(1)/ 2>/dev/null; \
	  true; } && \
	echo "  FUZZ	$(1) ($(2) s)" && \
	./$(FUZZ_OUT)/fuzz_$(1) $(FUZZ_RUN_FLAGS) -max_total_time=$(2) \
		-artifact_prefix=$(FUZZ_OUT)/crashes/$(1)/ \
		$(FUZZ_OUT)/corpus/$(1) > $(FUZZ_OUT)/fuzz_$(1).log 2>&1; \
	rc=$$?; grep -E '^\#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss' \
		$(FUZZ_OUT)/fuzz_$(1).log | sed 's/^/	/'; \
	if [ $$rc -ne 0 ]; then echo "  FAIL	$(1): see $(FUZZ_OUT)/fuzz_$(1).log"; \
		grep -E 'ERROR|invariant failed|runtime error|SUMMARY|Test unit written' \
		$(FUZZ_OUT)/fuzz_$(1).log | head -8 | sed 's/^/	/'; fi; \
	[ $$rc -eq 0 ]

fuzz_run_all = fail=0; for t in $(FUZZ_TARGETS); do \
	$(call fuzz_run_one,$$t,$(1)) || fail=1; done; exit $$fail

define fuzz_rule
$(FUZZ_OUT)/fuzz_$(1): $(FUZZ_DIR)/fuzz_$(1).c $$(FUZZ_SRCS_$(1)) \
		$(FUZZ_HDRS) $(FUZZ_DIR)/fuzz.mk $(if $(filter traps,$(1)),arch/arm64/traps.c)
	@mkdir -p $$(@D)
	@echo '  FUZZCC	$$@'
	$(FUZZ_Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $$(FUZZ_EXTRA_CFLAGS_$(1)) -o $$@ \
		$(FUZZ_DIR)/fuzz_$(1).c $$(FUZZ_SRCS_$(1)) $(FUZZ_LDLIBS)

fuzz-$(1): $(FUZZ_OUT)/fuzz_$(1)
	$(FUZZ_Q)$$(call fuzz_run_one,$(1),$(FUZZ_TIME))
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_rule,$(t))))
