// SPDX-License-Identifier: Apache-2.0
/*
 * Isolation probes on the Raspberry Pi 4, fault policy "stop" (the same
 * shape as configs/qemu-virt/isolation.c): a heartbeat victim on core 0 and
 * three probers on cores 1-3, each making one forbidden access:
 *   p-ram   writes the victim's RAM (its checksummed region, 1 MiB in)
 *   p-hyp   reads the hypervisor's RAM (its image at 0x80000)
 *   p-dev   writes an unassigned device (the BCM2711 system timer)
 */
#include "board.h"

CFG_IMAGE_DECLARE(heartbeat);
CFG_IMAGE_DECLARE(probe_ram_w);
CFG_IMAGE_DECLARE(probe_hyp_r);
CFG_IMAGE_DECLARE(probe_dev_w);

#define PART(nm, core, base, img)                                              \
	{                                                                      \
		.name = nm, .cpu_mask = BIT(core),                             \
		CFG_MEMS({.pa = (base), .ipa = (base), .size = MiB(32)}),      \
		.kernel = CFG_IMAGE(img, base),                                \
		.fault_policy = FAULT_POLICY_STOP, .console = CONSOLE_VUART,   \
		.vuart_ipa = RPI4_UART0,                                       \
	}

static const struct cfg_part parts[] = {
    PART("victim", 0, 0x08000000, heartbeat),
    PART("p-ram", 1, 0x0a000000, probe_ram_w),
    PART("p-hyp", 2, 0x0c000000, probe_hyp_r),
    PART("p-dev", 3, 0x0e000000, probe_dev_w),
};

const struct cfg_system cfg_system = {
    .name = "isolation",
    .board = &board_rpi4,
    .parts = parts,
    .part_count = ARRAY_SIZE(parts),
};
