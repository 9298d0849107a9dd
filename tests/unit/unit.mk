# SPDX-License-Identifier: Apache-2.0
#
# Host unit tests (cmocka) of the core, against the fake arch layer in
# tests/unit/fake.  Included by the top-level Makefile; also usable alone:
#
#   make -f tests/unit/unit.mk unit        build into build/unit/, run all
#   make -f tests/unit/unit.mk unit-asan   the same under ASan + UBSan
#
# Each test_<name>.c is its own binary, linked with only the core sources it
# needs (UNIT_SRCS_<name>).  Every binary runs even if an earlier one fails;
# the target fails if any did.  UNIT_KNOWN_BUGS=1 also runs the tests of
# known, still open core bugs (skipped by default, see unit.h); it is read
# at run time, so no rebuild is needed.

HOSTCC ?= gcc
UNIT_DIR := tests/unit
UNIT_Q := $(if $(V),,@)

UNIT_WARNINGS := -Wall -Wextra -Werror -Wconversion -Wshadow -Wvla \
	-Wmissing-prototypes -Wstrict-prototypes -Wimplicit-fallthrough
# <bulkhead/arch/types.h> is the arch layer's public header (plain register
# structs, host-buildable); every arch_* function comes from the fake.
UNIT_CFLAGS := -std=c11 -g -O1 $(UNIT_WARNINGS) -Iarch/arm64/include \
	-Icore/include -I$(UNIT_DIR)/fake -I$(UNIT_DIR)
UNIT_ASAN_CFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
UNIT_LDLIBS := -lcmocka

UNIT_FAKE_SRCS := $(UNIT_DIR)/fake/fake_arch.c $(UNIT_DIR)/fake/fake_plat.c \
	$(UNIT_DIR)/fake/fake_vgic.c
UNIT_HDRS := $(wildcard core/include/bulkhead/*.h $(UNIT_DIR)/*.h \
	$(UNIT_DIR)/fake/*.h arch/arm64/include/bulkhead/arch/*.h)

UNIT_TESTS := s2 page fmt config vuart psci fault vwdt

# part.c (for part_stop_self, part_restart) drags in what it builds partitions with.
UNIT_PART_SRCS := core/part.c core/vcpu.c core/restart.c core/s2.c \
	core/page.c core/log.c core/fmt.c core/panic.c core/config_check.c \
	core/vuart.c core/vwdt.c
UNIT_SRCS_s2 := core/s2.c core/page.c
UNIT_SRCS_page := core/page.c
UNIT_SRCS_fmt := core/fmt.c
UNIT_SRCS_config := core/config_check.c core/fmt.c
UNIT_SRCS_vuart := core/vuart.c core/mmio.c core/vwdt.c core/log.c core/fmt.c
UNIT_SRCS_psci := core/psci.c $(UNIT_PART_SRCS)
UNIT_SRCS_fault := core/fault.c $(UNIT_PART_SRCS)
UNIT_SRCS_vwdt := core/vwdt.c

UNIT_BINS := $(patsubst %,build/unit/test_%,$(UNIT_TESTS))
UNIT_ASAN_BINS := $(patsubst %,build/unit-asan/test_%,$(UNIT_TESTS))

.PHONY: unit unit-asan unit-build unit-asan-build unit-clean

unit: $(UNIT_BINS)
	$(UNIT_Q)$(call unit_run,$(UNIT_BINS))

unit-asan: $(UNIT_ASAN_BINS)
	$(UNIT_Q)ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1 $(call unit_run,$(UNIT_ASAN_BINS))

unit-build: $(UNIT_BINS)
unit-asan-build: $(UNIT_ASAN_BINS)

unit-clean:
	rm -rf build/unit build/unit-asan

# Run every binary in $(1); fail at the end if any failed.
unit_run = fail=0; for t in $(1); do \
	UNIT_KNOWN_BUGS='$(UNIT_KNOWN_BUGS)' ./$$t || fail=1; done; exit $$fail

# $(1) test name, $(2) output dir, $(3) extra flags.
define unit_rule
$(2)/test_$(1): $(UNIT_DIR)/test_$(1).c $$(sort $$(UNIT_SRCS_$(1))) \
		$(UNIT_FAKE_SRCS) $(UNIT_HDRS) $(UNIT_DIR)/unit.mk
	@mkdir -p $$(@D)
	@echo '  HOSTCC	$$@'
	$(UNIT_Q)$(HOSTCC) $(UNIT_CFLAGS) $(3) -o $$@ \
		$$(filter %.c,$$^) $(UNIT_LDLIBS)
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_rule,$(t),build/unit,)))
$(foreach t,$(UNIT_TESTS),$(eval \
	$(call unit_rule,$(t),build/unit-asan,$(UNIT_ASAN_CFLAGS))))

# ---- vuart_full: the virtual PL011 and the console input multiplexer ------
# (Appended separately; equivalent to adding vuart_full to UNIT_TESTS.)
# The test fakes part_get and part_count itself (no core/part.c); core/page.c
# because fake_arch.c calls page_pool_init.
UNIT_SRCS_vuart_full := core/vuart.c core/console.c core/log.c core/fmt.c \
	core/page.c
UNIT_TESTS += vuart_full
UNIT_BINS += build/unit/test_vuart_full
UNIT_ASAN_BINS += build/unit-asan/test_vuart_full
unit unit-build: build/unit/test_vuart_full
unit-asan unit-asan-build: build/unit-asan/test_vuart_full
$(eval $(call unit_rule,vuart_full,build/unit,))
$(eval $(call unit_rule,vuart_full,build/unit-asan,$(UNIT_ASAN_CFLAGS)))

# ---- vgic, vgic_direct: the virtual GIC against the fake GIC hardware ---------
# They link the real vgic_set_level(), so not fake_vgic.c: their own rule.
UNIT_VGIC_SRCS := core/vgic.c core/vgic_lr.c \
	core/vgic_mmio.c core/s2.c core/page.c core/log.c core/fmt.c \
	$(UNIT_DIR)/fake/fake_arch.c $(UNIT_DIR)/fake/fake_plat.c \
	$(UNIT_DIR)/fake/fake_vgic_hw.c $(UNIT_DIR)/vgic_fixture.c
UNIT_VGIC_TESTS := vgic vgic_direct vgic_cfg
UNIT_BINS += $(patsubst %,build/unit/test_%,$(UNIT_VGIC_TESTS))
UNIT_ASAN_BINS += $(patsubst %,build/unit-asan/test_%,$(UNIT_VGIC_TESTS))
unit unit-build: $(patsubst %,build/unit/test_%,$(UNIT_VGIC_TESTS))
unit-asan unit-asan-build: \
	$(patsubst %,build/unit-asan/test_%,$(UNIT_VGIC_TESTS))
# $(1) test name, $(2) output dir, $(3) extra flags.
define unit_vgic_rule
$(2)/test_$(1): $(UNIT_DIR)/test_$(1).c $(UNIT_VGIC_SRCS) core/vgic_priv.h \
		$(UNIT_HDRS) $(UNIT_DIR)/unit.mk
	@mkdir -p $$(@D)
	@echo '  HOSTCC	$$@'
	$(UNIT_Q)$(HOSTCC) $(UNIT_CFLAGS) $(3) -o $$@ $$< $(UNIT_VGIC_SRCS) \
		$(UNIT_LDLIBS)
endef
$(foreach t,$(UNIT_VGIC_TESTS),$(eval \
	$(call unit_vgic_rule,$(t),build/unit,)))
$(foreach t,$(UNIT_VGIC_TESTS),$(eval \
	$(call unit_vgic_rule,$(t),build/unit-asan,$(UNIT_ASAN_CFLAGS))))

# ---- restart: the restart budget (limit and back-off) -----------------------
# Pure arithmetic on counter ticks: needs nothing but core/restart.c (the
# fakes are linked by the shared rule, unused).
UNIT_SRCS_restart := core/restart.c
UNIT_TESTS += restart
UNIT_BINS += build/unit/test_restart
UNIT_ASAN_BINS += build/unit-asan/test_restart
unit unit-build: build/unit/test_restart
unit-asan unit-asan-build: build/unit-asan/test_restart
$(eval $(call unit_rule,restart,build/unit,))
$(eval $(call unit_rule,restart,build/unit-asan,$(UNIT_ASAN_CFLAGS)))
