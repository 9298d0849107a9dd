// SPDX-License-Identifier: Apache-2.0
/*
 * vGIC test system on QEMU virt: partition "vgic" on cores 0-1 runs the
 * vgictest guest (virtual timer, SGIs between its two vCPUs, LR overflow,
 * foreign-SPI isolation, the PL031 RTC's SPI 34 passed through and routed
 * to its vCPU 1); "beta" on core 2 runs heartbeats next to it.
 */
#include "board.h"

CFG_IMAGE_DECLARE(vgictest);
CFG_IMAGE_DECLARE(heartbeat);

static const struct cfg_part parts[] = {
    {
	.name = "vgic",
	.cpu_mask = BIT(0) | BIT(1),
	CFG_MEMS({.pa = 0x48000000, .ipa = 0x48000000, .size = MiB(64)}),
	CFG_DEVS({.name = "rtc",
		  .pa = VIRT_RTC,
		  .ipa = VIRT_RTC,
		  .size = 0x1000,
		  .intids = (const uint32_t[]){34},
		  .intid_count = 1}),
	.kernel = CFG_IMAGE(vgictest, 0x48000000),
	.fault_policy = FAULT_POLICY_STOP,
	.console = CONSOLE_VUART,
	.vuart_ipa = VIRT_UART,
	.vuart_intid = 33,
    },
    {
	.name = "beta",
	.cpu_mask = BIT(2),
	CFG_MEMS({.pa = 0x4c000000, .ipa = 0x4c000000, .size = MiB(64)}),
	.kernel = CFG_IMAGE(heartbeat, 0x4c000000),
	.fault_policy = FAULT_POLICY_STOP,
	.console = CONSOLE_VUART,
	.vuart_ipa = VIRT_UART,
	.vuart_intid = 33,
    },
};

const struct cfg_system cfg_system = {
    .name = "vgictest",
    .board = &board_qemu_virt,
    .parts = parts,
    .part_count = ARRAY_SIZE(parts),
};
