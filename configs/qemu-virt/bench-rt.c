// SPDX-License-Identifier: Apache-2.0
/*
 * `make bench`, trap mode with the real-time partition alone: the rt guest
 * on core 0 and nothing else, so that every EL2 entry on core 0 is the cost
 * of its own timer interrupt.  Runs on GICv3 and GICv2 alike (the guest
 * probes the GIC itself).
 */
#include "board.h"

CFG_IMAGE_DECLARE(rt);

static const struct cfg_part parts[] = {
    {
	.name = "rt",
	.cpu_mask = BIT(0),
	CFG_MEMS({.pa = 0x48000000, .ipa = 0x48000000, .size = MiB(64)}),
	.kernel = CFG_IMAGE(rt, 0x48000000),
	.fault_policy = FAULT_POLICY_STOP,
	.console = CONSOLE_VUART,
	.vuart_ipa = VIRT_UART,
	.vuart_intid = VIRT_UART_INTID,
    },
};

const struct cfg_system cfg_system = {
    .name = CONFIG_NAME,
    .board = &board_qemu_virt,
    .parts = parts,
    .part_count = ARRAY_SIZE(parts),
};
