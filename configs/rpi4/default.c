// SPDX-License-Identifier: Apache-2.0
/*
 * Default system on the Raspberry Pi 4: two bare-metal partitions on
 * dedicated cores, each printing heartbeats through its own virtual PL011
 * (seen at uart0's address, multiplexed onto the real uart0).  Cores 2 and 3
 * stay parked.
 *
 * Partition RAM starts above the hypervisor's 128 MiB region at 0.  The
 * intended production shape (Linux on cores 0-2 with 512 MiB, an RT
 * partition on core 3) is sketched at the end; it needs the GICv2 vGIC.
 */
#include "board.h"

CFG_IMAGE_DECLARE(heartbeat);

static const struct cfg_part parts[] = {
    {
	.name = "alpha",
	.cpu_mask = BIT(0),
	CFG_MEMS({.pa = 0x08000000, .ipa = 0x08000000, .size = MiB(64)}),
	.kernel = CFG_IMAGE(heartbeat, 0x08000000),
	.fault_policy = FAULT_POLICY_STOP,
	.console = CONSOLE_VUART,
	.vuart_ipa = RPI4_UART0,
    },
    {
	.name = "beta",
	.cpu_mask = BIT(1),
	CFG_MEMS({.pa = 0x0c000000, .ipa = 0x0c000000, .size = MiB(64)}),
	.kernel = CFG_IMAGE(heartbeat, 0x0c000000),
	.fault_policy = FAULT_POLICY_STOP,
	.console = CONSOLE_VUART,
	.vuart_ipa = RPI4_UART0,
    },
};

const struct cfg_system cfg_system = {
    .name = "default",
    .board = &board_rpi4,
    .parts = parts,
    .part_count = ARRAY_SIZE(parts),
};

/*
 * Target shape once Linux runs on GICv2 (kept here so the memory plan is
 * agreed; it is not compiled):
 *
 *   linux  cores 0-2  RAM PA 0x10000000 (IPA 0x10000000), 512 MiB
 *          kernel at IPA 0x10200000 (2 MiB aligned + text_offset 0),
 *          DTB at 0x18000000, initrd at 0x19000000 (FILE_IMAGES in .mk),
 *          vUART at RPI4_UART0 with vuart_intid RPI4_UART0_INTID,
 *          the DT from partitions/linux/mkdtb.sh with memory@10000000,
 *          no spin table (PSCI over HVC, answered by Bulkhead).
 *   rt     core 3     RAM PA 0x08000000, 64 MiB, IRQ_MODE_DIRECT later.
 *   free:  0x0c000000-0x10000000 and 0x30000000-0x3c000000 (the latter
 *          holds U-Boot and the DTB copy until Bulkhead starts).
 */
