# SPDX-License-Identifier: Apache-2.0
# cfgc, the device-tree config compiler (docs/configuration.md).
#
# Included by the top-level Makefile in place of the config's .mk, with
# CONFIG_DTS set to $(CONFIG_DIR)/$(CONFIG).dts if that file exists.  For a
# DTS config it: preprocesses and compiles the DTS (cpp + dtc -@, the labels
# are kept so messages can say &cpu1), runs cfgc, and includes the generated
# $(GEN)/config.mk (IMAGES, GUEST_SRC_*, GUEST_FLAGS_*, FILE_IMAGES,
# DTB_IMAGES).  It sets CONFIG_SRC (the C tables) and CONFIG_MK.  Otherwise
# it includes the hand-written $(CONFIG_DIR)/$(CONFIG).mk.

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

$(GEN)/config.dtb: $(CONFIG_DTS) $(wildcard dts/*.dts dts/*.dtsi)
	@mkdir -p $(@D)
	@echo '  DTC	$@'
	$(Q)$(CFGC_CPP) $< | $(CFGC_DTC) -o $@ -

# One run writes the C tables, the make fragment and the guest DTBs.
# CFGC_ARGS may pass known image sizes: -s linux-initrd=<bytes> ...
$(GEN)/config.mk: $(GEN)/config.dtb $(CFGC)
	@mkdir -p $(BUILD)/guests
	@echo '  CFGC	$(CONFIG_DTS)'
	$(Q)$(CFGC) -f $(CONFIG_DTS) -n $(CONFIG) $(CFGC_ARGS) -o $(GEN)/config.c \
		-m $@.tmp -d $(BUILD)/guests $< && mv $@.tmp $@

$(GEN)/config.c: $(GEN)/config.mk ;

ifeq ($(filter clean help setup format,$(MAKECMDGOALS)),)
include $(GEN)/config.mk
endif

CFGC_DTBS := $(foreach d,$(DTB_IMAGES),$(word 2,$(subst :, ,$(d))))
$(CFGC_DTBS): $(GEN)/config.mk ;
FILE_IMAGES += $(DTB_IMAGES)
else ifneq ($(CONFIG_DIR),)
CONFIG_MK := $(CONFIG_DIR)/$(CONFIG).mk
include $(CONFIG_MK)
endif
