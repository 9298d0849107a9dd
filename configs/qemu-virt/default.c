// SPDX-License-Identifier: Apache-2.0
/*
 * Default system on QEMU virt: two bare-metal partitions on dedicated cores,
 * each printing heartbeats through its own virtual UART.  Cores 2 and 3 are
 * left free (they stay parked).
 */
#include "board.h"

CFG_IMAGE_DECLARE(heartbeat);

static const struct cfg_part parts[] = {
    {
	.name = "alpha",
	.cpu_mask = BIT(0),
	CFG_MEMS({.pa = 0x48000000, .ipa = 0x48000000, .size = MiB(64)}),
	.kernel = CFG_IMAGE(heartbeat, 0x48000000),
	.fault_policy = FAULT_POLICY_STOP,
	.console = CONSOLE_VUART,
	.vuart_ipa = VIRT_UART,
    },
    {
	.name = "beta",
	.cpu_mask = BIT(1),
	CFG_MEMS({.pa = 0x4c000000, .ipa = 0x4c000000, .size = MiB(64)}),
	.kernel = CFG_IMAGE(heartbeat, 0x4c000000),
	.fault_policy = FAULT_POLICY_STOP,
	.console = CONSOLE_VUART,
	.vuart_ipa = VIRT_UART,
    },
};

const struct cfg_system cfg_system = {
    .name = "default",
    .board = &board_qemu_virt,
    .parts = parts,
    .part_count = ARRAY_SIZE(parts),
};
