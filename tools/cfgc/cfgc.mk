# SPDX-License-Identifier: Apache-2.0
# cfgc, the device-tree config compiler (docs/configuration.md).
#
# Included by the top-level Makefile with CONFIG_DTS set to the config,
# $(CONFIG_DIR)/$(CONFIG).dts.  It preprocesses and compiles the DTS (cpp +
# dtc -@, the labels are kept so messages can say &cpu1), runs cfgc, and
# includes the generated $(GEN)/config.mk (IMAGES, GUEST_SRC_*,
# GUEST_FLAGS_*, FILE_IMAGES, CFGC_SIZED, DTB_IMAGES).  It sets CONFIG_SRC
# (the C tables) and CONFIG_MK.
#
# cfgc runs twice: first for the tables and config.mk, which tell make what
# to build; then, once the ready-made blobs (kernel-file, initrd-file)
# exist, for the guest device trees, which need their exact sizes.

HOSTCC ?= gcc
Q ?= @
CFGC := build/tools/cfgc
CFGC_FUZZ := build/tools/fuzz_cfgc
CFGC_LIB := $(addprefix tools/cfgc/,util.c board.c parse.c check.c \
	emit_c.c emit_dtb.c)
CFGC_CFLAGS = -std=c11 -O1 -g -Wall -Wextra -Werror \
	-Wconversion -Wshadow -Wvla -Wmissing-prototypes -Wstrict-prototypes
# The board DTS is found by name (#include "qemu-virt.dts") under dts/.
CFGC_CPP := cpp -nostdinc -undef -D__DTS__ -x assembler-with-cpp -P -Idts
# The GICv2 layout node shares the GICv3 node's unit address (it is the
# same hardware in another mode), hence the one silenced check.
CFGC_DTC := dtc -@ -W no-unique_unit_address -I dts -O dtb

$(CFGC): $(CFGC_LIB) tools/cfgc/main.c tools/cfgc/cfgc.h
	@mkdir -p $(@D)
	@echo '  HOSTCC	$@'
	$(Q)$(HOSTCC) $(CFGC_CFLAGS) -o $@ $(CFGC_LIB) tools/cfgc/main.c -lfdt

# libFuzzer on malformed config DTBs: `make fuzz-cfgc` (30 s) or
# `make fuzz-cfgc FUZZ_TIME=10` for a CI pass.
FUZZ_TIME ?= 30
$(CFGC_FUZZ): $(CFGC_LIB) tools/cfgc/fuzz_cfgc.c tools/cfgc/cfgc.h
	@mkdir -p $(@D)
	@echo '  FUZZ	$@'
	$(Q)clang $(filter-out -O1,$(CFGC_CFLAGS)) -O1 \
		-fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -o $@ $(CFGC_LIB) \
		tools/cfgc/fuzz_cfgc.c -lfdt

.PHONY: fuzz-cfgc
fuzz-cfgc: $(CFGC_FUZZ)
	@mkdir -p build/tools/fuzz-corpus
	$(Q)set -e; for f in configs/*/*.dts tests/configs/good/*.dts \
		tests/configs/bad/*.dts; do \
		$(CFGC_CPP) $$f | $(CFGC_DTC) -o build/tools/fuzz-corpus/$$(echo $$f | tr / _).dtb - \
		2>/dev/null || true; done
	$(CFGC_FUZZ) -max_total_time=$(FUZZ_TIME) -max_len=16384 \
		-timeout=10 build/tools/fuzz-corpus

ifneq ($(CONFIG_DTS),)
CONFIG_SRC := $(GEN)/config.c
CONFIG_MK := $(GEN)/config.mk

# cpp -D flags for the config (`make bench` passes -DBENCH_SAMPLES=n); the
# stamp holds the last set, so a change recompiles the config.
CFGC_DEFINES ?=
.PHONY: cfgc-force
$(GEN)/cfgc-defines: cfgc-force
	@mkdir -p $(@D)
	@echo '$(CFGC_DEFINES)' | cmp -s - $@ || echo '$(CFGC_DEFINES)' > $@

# cpp -MD lists every file the config includes (the board, shared parts).
$(GEN)/config.dtb: $(CONFIG_DTS) $(GEN)/cfgc-defines
	@mkdir -p $(@D)
	@echo '  DTC	$@'
	$(Q)$(CFGC_CPP) $(CFGC_DEFINES) -MD -MP -MF $@.d -MT $@ $< | \
		$(CFGC_DTC) -o $@ -
-include $(GEN)/config.dtb.d

# Run 1: the C tables and the make fragment.  CFGC_ARGS may pass more
# options, e.g. known image sizes: -s heartbeat=<bytes>.
$(GEN)/config.mk: $(GEN)/config.dtb $(CFGC)
	@echo '  CFGC	$(CONFIG_DTS)'
	$(Q)$(CFGC) -f $(CONFIG_DTS) -n $(CONFIG) $(CFGC_ARGS) -o $(GEN)/config.c \
		-m $@.tmp -d $(BUILD)/guests -t $< && mv $@.tmp $@

$(GEN)/config.c: $(GEN)/config.mk ;

ifeq ($(filter clean help setup format,$(MAKECMDGOALS)),)
include $(GEN)/config.mk
endif

# Run 2: the guest device trees, with the sizes of the blobs in CFGC_SIZED
# (image:path), so that /chosen gets the exact initrd end.
cfgc_field = $(word $(1),$(subst :, ,$(2)))
CFGC_SIZED_PATHS := $(foreach f,$(CFGC_SIZED),$(call cfgc_field,2,$(f)))
CFGC_DTBS := $(foreach d,$(DTB_IMAGES),$(call cfgc_field,2,$(d)))

$(BUILD)/guests/.dtbs: $(GEN)/config.dtb $(CFGC) $(CFGC_SIZED_PATHS)
	@mkdir -p $(@D)
	@echo '  CFGC	$(BUILD)/guests/*.dtb'
	$(Q)$(CFGC) -f $(CONFIG_DTS) -n $(CONFIG) $(CFGC_ARGS) \
		$(foreach f,$(CFGC_SIZED),-s $(call cfgc_field,1,$(f))=$$(stat -c %s \
		$(call cfgc_field,2,$(f)))) -d $(@D) $<
	@touch $@

$(CFGC_DTBS): $(BUILD)/guests/.dtbs ;
FILE_IMAGES += $(DTB_IMAGES)

.PHONY: guest-dtbs
guest-dtbs: $(CFGC_DTBS)
endif
