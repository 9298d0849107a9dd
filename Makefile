# SPDX-License-Identifier: Apache-2.0
#
# Bulkhead build.  `make` builds the default system; `make PLATFORM=p
# CONFIG=c` builds another into build/<p>/<c>/.  `make help` lists targets.
#
# Build steps for one system (the config is configs/<p>/<c>.dts):
#   0. cfgc:       the config compiled into C tables, a make fragment naming
#                  the guest images, and each partition's device trees
#                  (tools/cfgc/cfgc.mk); a bad config fails the build here
#   1. guests:     each image in IMAGES (from cfgc) -> guests/<n>.bin
#   2. images.S:   .incbin of those binaries, linked into the hypervisor
#   3. cfgcheck:   the tables compiled for the host and checked with the real
#                  image sizes (config_check, as at boot)
#   4. asm-offsets.h from C struct layouts, then the hypervisor itself
#   5. bulkhead.elf (+ .map) -> bulkhead.bin (arm64 Image format)

.DEFAULT_GOAL := all
PLATFORM ?= qemu-virt
CONFIG ?= default
CROSS_COMPILE ?= aarch64-linux-gnu-
BUILD ?= build/$(PLATFORM)/$(CONFIG)
GEN := $(BUILD)/gen
# V=1 shows every command.
Q := $(if $(V),,@)

include plat/$(PLATFORM)/platform.mk
# Board-specific targets (e.g. the Raspberry Pi 4 SD card image).
-include plat/$(PLATFORM)/targets.mk
CONFIG_DIR ?= configs/$(PLATFORM)
include partitions/linux/linux.mk
# cfgc compiles the config into $(GEN)/config.c and $(GEN)/config.mk.
CONFIG_DTS := $(CONFIG_DIR)/$(CONFIG).dts
ifeq ($(wildcard $(CONFIG_DTS))$(filter clean help setup format,$(MAKECMDGOALS)),)
$(error no config $(CONFIG_DTS) (configs: $(notdir $(basename $(wildcard $(CONFIG_DIR)/*.dts)))))
endif
include tools/cfgc/cfgc.mk

CC := $(CROSS_COMPILE)gcc
LD := $(CROSS_COMPILE)ld
OBJCOPY := $(CROSS_COMPILE)objcopy
ADDR2LINE := $(CROSS_COMPILE)addr2line
HOSTCC ?= gcc
QEMU ?= qemu-system-aarch64
PYTEST ?= pytest-3
QEMU_TIMEOUT ?= 0

GUEST_UART ?= 0x09000000UL

WARNINGS := -Wall -Wextra -Werror -Wconversion -Wshadow -Wvla \
	-Wmissing-prototypes -Wstrict-prototypes -Wimplicit-fallthrough
# Freestanding EL2 code: no FP/SIMD registers, no unaligned accesses (the
# MMU is off at first, where every access is Device memory), no libgcc
# out-of-line atomics, frame pointers for backtraces, and reads of PA 0 kept.
TARGET_CFLAGS := -std=c11 -O2 -g -ffreestanding -nostdlib -fno-builtin \
	-mgeneral-regs-only -mstrict-align -mno-outline-atomics \
	-fno-omit-frame-pointer -fno-stack-protector -fno-pic -fno-pie \
	-fno-asynchronous-unwind-tables -fno-unwind-tables \
	-fno-delete-null-pointer-checks -fno-tree-loop-distribute-patterns \
	$(WARNINGS)
# -ffixed-x18: hypervisor code never touches x18 (AAPCS64's platform
# register), so the interrupt path need not save the guest's (vectors.S).
# HYP_TEST_PANIC=1 (tests only, with its own BUILD=...): the boot core
# faults at EL2 on purpose once the other partitions run, to show what a
# hypervisor bug prints (tests/system/test_foundation.py).
HYP_TEST_PANIC ?= 0
HYP_CFLAGS := $(TARGET_CFLAGS) -ffixed-x18 -Icore/include \
	-Iarch/arm64/include -Iplat/$(PLATFORM) -I$(GEN) \
	-DCONFIG_NAME='"$(CONFIG)"' -DBULKHEAD_TEST_PANIC=$(HYP_TEST_PANIC)
GUEST_CFLAGS := $(TARGET_CFLAGS) -fno-jump-tables -Icore/include \
	-Ipartitions/lib -DGUEST_UART=$(GUEST_UART)

CORE_SRCS := $(wildcard core/*.c)
ARCH_SRCS := $(filter-out arch/arm64/asm-offsets.c,$(wildcard arch/arm64/*.c))
ASM_SRCS := arch/arm64/boot.S arch/arm64/vectors.S
PLAT_SRCS := plat/common/pl011.c $(BOARD_SRCS)
HYP_OBJS := $(patsubst %,$(BUILD)/obj/%.o,$(CORE_SRCS) $(ARCH_SRCS) \
	$(ASM_SRCS) $(PLAT_SRCS) $(CONFIG_SRC)) $(BUILD)/obj/images.o

GUEST_LIB := partitions/lib/start.S partitions/lib/runtime.c \
	partitions/lib/guest_gic.c core/fmt.c core/string.c

.PHONY: all run debug test unit system check format setup clean help \
	configs-all addr2line cfgcheck fuzz fuzz-ci

all: $(BUILD)/bulkhead.bin

help:
	@echo "make [PLATFORM=qemu-virt] [CONFIG=default]   build build/<p>/<c>/"
	@echo "make run      boot the system in QEMU (exit: Ctrl-a x)"
	@echo "make test     install what is missing, run all tests"
	@echo "make debug    QEMU halted with a gdb stub + gdb-multiarch"
	@echo "make check    clang-format, clang-tidy, cppcheck, layering"
	@echo "make fuzz     libFuzzer on the MMIO emulation, traps, PSCI, cfgc"
	@echo "make bench    interrupt latency vs bare metal under icount (docs/realtime.md)"
	@echo "make setup    install prerequisites (Debian packages)"
	@echo "make addr2line ADDR=0x...   resolve a panic backtrace address"

# ---- 0. prerequisites ------------------------------------------------------
$(BUILD)/.prereq:
	@command -v $(CC) >/dev/null || scripts/setup.sh
	@mkdir -p $(@D) && touch $@

# ---- 1. guests --------------------------------------------------------------
# GUEST_SRC_<img> (bulkhead,guest-src) defaults to every .c and .S file in
# partitions/<img>/; GUEST_FLAGS_<img> (bulkhead,guest-flags) adds -D flags
# (the probes are one source built per target).  config.mk carries the
# flags: a change rebuilds.
guest_src = $(or $(GUEST_SRC_$(1)),$(wildcard partitions/$(1)/*.c partitions/$(1)/*.S))
define guest_rule
$(BUILD)/guests/$(1).elf: $$(GUEST_LIB) $$(call guest_src,$(1)) $$(wildcard partitions/lib/*.h $$(addsuffix *.h,$$(sort $$(dir $$(call guest_src,$(1)))))) partitions/lib/guest.ld $(CONFIG_MK) $(BUILD)/.prereq
	@mkdir -p $$(@D)
	@echo '  GUEST	$$@'
	$$(Q)$$(CC) $$(GUEST_CFLAGS) $$(GUEST_FLAGS_$(1)) -Wl,-T,partitions/lib/guest.ld -Wl,--build-id=none -Wl,--no-warn-rwx-segments -static -o $$@ $$(GUEST_LIB) $$(call guest_src,$(1))
$(BUILD)/guests/$(1).bin: $(BUILD)/guests/$(1).elf
	$$(Q)$$(OBJCOPY) -O binary $$< $$@
endef
$(foreach img,$(IMAGES),$(eval $(call guest_rule,$(img))))

GUEST_BINS := $(patsubst %,$(BUILD)/guests/%.bin,$(IMAGES))

# FILE_IMAGES (from cfgc): name:path pairs of ready-made blobs to link in:
# kernel-file, initrd-file and the guest device trees.
FILE_IMAGE_PATHS := $(foreach f,$(FILE_IMAGES),$(word 2,$(subst :, ,$(f))))

# ---- 2. images.S ------------------------------------------------------------
$(GEN)/images.S: $(GUEST_BINS) $(FILE_IMAGE_PATHS) $(CONFIG_MK)
	@mkdir -p $(@D)
	@{ echo '/* Generated: guest images linked into the hypervisor. */'; \
	  echo '.section .note.GNU-stack, "", %progbits'; \
	  echo '.section .images, "a"'; \
	  $(foreach img,$(IMAGES),n=$$(echo $(img) | tr - _); \
	    echo ".balign 4096"; echo ".global bh_image_$${n}_start"; \
	    echo "bh_image_$${n}_start:"; \
	    echo ".incbin \"$(BUILD)/guests/$(img).bin\""; \
	    echo ".global bh_image_$${n}_end"; echo "bh_image_$${n}_end:";) \
	  $(foreach f,$(FILE_IMAGES),n=$(word 1,$(subst :, ,$(f))); \
	    echo ".balign 4096"; echo ".global bh_image_$${n}_start"; \
	    echo "bh_image_$${n}_start:"; \
	    echo ".incbin \"$(word 2,$(subst :, ,$(f)))\""; \
	    echo ".global bh_image_$${n}_end"; echo "bh_image_$${n}_end:";) \
	} > $@

$(BUILD)/obj/images.o: $(GEN)/images.S
	@mkdir -p $(@D)
	@echo '  CC	$@'
	$(Q)$(CC) -c -o $@ $<

# ---- 3. config check on the host --------------------------------------------
$(BUILD)/cfgcheck: tools/cfgcheck.c core/config_check.c core/fmt.c \
		$(CONFIG_SRC) $(BOARD_SRCS) $(GEN)/images.S \
		plat/$(PLATFORM)/platform.mk
	@echo '  HOSTCC	$@'
	$(Q)$(HOSTCC) -std=c11 -O1 $(WARNINGS) -Icore/include -Iarch/arm64/include \
		-Iplat/$(PLATFORM) -DCFG_FILE='"$(CONFIG_DTS)"' \
		-DCONFIG_NAME='"$(CONFIG)"' -DLOAD_ADDR=$(LOAD_ADDR)ULL \
		-DHYP_SIZE=$(HYP_SIZE)ULL -DTEXT_OFFSET=$(TEXT_OFFSET)ULL -o $@ \
		tools/cfgcheck.c core/config_check.c core/fmt.c $(CONFIG_SRC) \
		$(BOARD_SRCS) $(GEN)/images.S

cfgcheck: $(BUILD)/cfgcheck.ok

$(BUILD)/cfgcheck.ok: $(BUILD)/cfgcheck
	$(Q)$(BUILD)/cfgcheck
	@touch $@

# ---- 4. hypervisor objects ---------------------------------------------------
$(GEN)/asm-offsets.h: arch/arm64/asm-offsets.c core/include/bulkhead/vcpu.h \
		arch/arm64/include/bulkhead/arch/types.h $(BUILD)/.prereq
	@mkdir -p $(@D)
	@echo '  CC	$@'
	$(Q)$(CC) $(HYP_CFLAGS) -S -o $(GEN)/asm-offsets.s $<
	$(Q)sed -n 's/.*->\([A-Z_0-9]*\) #\{0,1\}\([0-9-]*\).*/#define \1 \2/p' \
		$(GEN)/asm-offsets.s > $@

$(BUILD)/obj/%.c.o: %.c $(BUILD)/.prereq Makefile
	@mkdir -p $(@D)
	@echo '  CC	$@'
	$(Q)$(CC) $(HYP_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/obj/%.S.o: %.S $(GEN)/asm-offsets.h Makefile
	@mkdir -p $(@D)
	@echo '  CC	$@'
	$(Q)$(CC) $(HYP_CFLAGS) -DTEXT_OFFSET=$(TEXT_OFFSET) -MMD -MP -c -o $@ $<

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# ---- 5. link ------------------------------------------------------------------
$(GEN)/bulkhead.ld: arch/arm64/bulkhead.ld.S plat/$(PLATFORM)/platform.mk
	@mkdir -p $(@D)
	@echo '  CC	$@'
	$(Q)$(CC) -E -P -x c -DLOAD_ADDR=$(LOAD_ADDR) -DHYP_SIZE=$(HYP_SIZE) \
		-DTEXT_OFFSET=$(TEXT_OFFSET) -o $@ $<

$(BUILD)/bulkhead.elf: $(HYP_OBJS) $(GEN)/bulkhead.ld $(BUILD)/cfgcheck.ok
	@echo '  LD	$@'
	$(Q)$(LD) -nostdlib -T $(GEN)/bulkhead.ld -Map $(BUILD)/bulkhead.map \
		--no-warn-rwx-segments -o $@ $(HYP_OBJS)

$(BUILD)/bulkhead.bin: $(BUILD)/bulkhead.elf
	@echo '  OBJCOPY	$@'
	$(Q)$(OBJCOPY) -O binary $< $@
	@echo "built $@ ($$(stat -c %s $@) bytes)"

# ---- running -----------------------------------------------------------------
# QEMU_TIMEOUT=<s> (0: none) bounds the run with coreutils timeout, as the
# tests do (test_linux.py runs `make run` so); --foreground keeps QEMU in
# the terminal's foreground process group, where it may read the console.
QEMU_CMD = $(if $(filter-out 0,$(QEMU_TIMEOUT)),timeout --foreground --kill-after=5 \
	$(QEMU_TIMEOUT) )$(QEMU) $(QEMU_MACHINE) -nographic -no-reboot \
	-kernel $(BUILD)/bulkhead.bin $(QEMU_EXTRA)

run: all
	@scripts/setup.sh --quiet-if-ok
	@echo "Booting $(BUILD)/bulkhead.bin in QEMU. Exit: press Ctrl-a, then x."
	$(QEMU_CMD)

debug: all
	@scripts/setup.sh --quiet-if-ok
	scripts/debug.sh "$(BUILD)/bulkhead.elf" $(QEMU_CMD) -S -gdb tcp::1234

addr2line: all
	$(ADDR2LINE) -f -i -e $(BUILD)/bulkhead.elf $(ADDR)

# ---- tests -----------------------------------------------------------------------
# Every config under configs/<platform>/ must build (and pass its check).
CONFIGS_ALL := $(foreach p,$(notdir $(wildcard configs/*)), \
	$(foreach c,$(sort $(basename $(notdir $(wildcard configs/$(p)/*.dts)))), \
	$(p)/$(c)))

configs-all:
	@set -e; for pc in $(CONFIGS_ALL); do \
		$(MAKE) --no-print-directory PLATFORM=$${pc%%/*} CONFIG=$${pc##*/} all; \
	done

-include tests/unit/unit.mk
-include tests/fuzz/fuzz.mk
-include scripts/bench.mk
# `make fuzz` / `make fuzz-ci` also run the cfgc fuzzer (tools/cfgc/cfgc.mk).
fuzz: fuzz-cfgc
fuzz-ci: FUZZ_TIME = 10
fuzz-ci: fuzz-cfgc

test:
	@scripts/setup.sh --quiet-if-ok
	$(MAKE) --no-print-directory unit unit-asan
	$(MAKE) --no-print-directory fuzz-ci
	$(MAKE) --no-print-directory configs-all
	$(MAKE) --no-print-directory system

system:
	$(PYTEST) -v -rs tests/system

# ---- static checks ------------------------------------------------------------------
CHECK_SRCS := $(shell git ls-files '*.c' '*.h' 2>/dev/null)
check:
	@scripts/setup.sh --quiet-if-ok
	scripts/check.sh

setup:
	scripts/setup.sh

format:
	clang-format -i $(CHECK_SRCS)

clean:
	rm -rf build/qemu-virt build/rpi4 build/unit build/unit-asan build/tools
