// SPDX-License-Identifier: Apache-2.0
/*
 * Linux next to real time on QEMU virt (GICv3):
 *   rt     core 0     bare-metal periodic virtual-timer loop, 64 MiB
 *   linux  cores 1-2  Debian's arm64 cloud kernel + busybox initramfs,
 *                     256 MiB at 0x50000000 (identity mapped)
 *   core 3 is left free: with a busy-polling third partition on it, the
 *   GICv2 variant showed multi-second real-time stalls at startup under
 *   TCG (under investigation, see the closing notes).
 * The Linux guest's device tree is dts/qemu-virt-linux-guest.dts.
 */
#include "board.h"

CFG_IMAGE_DECLARE(rt);
CFG_IMAGE_DECLARE(linux_kernel);
CFG_IMAGE_DECLARE(linux_initrd);
CFG_IMAGE_DECLARE(linux_dtb);

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
    {
	.name = "linux",
	.cpu_mask = BIT(1) | BIT(2),
	CFG_MEMS({.pa = 0x50000000, .ipa = 0x50000000, .size = MiB(256)}),
	.kernel = CFG_IMAGE(linux_kernel, 0x50200000),
	.initrd = CFG_IMAGE(linux_initrd, 0x58000000),
	.dtb = CFG_IMAGE(linux_dtb, 0x5fe00000),
	.fault_policy = FAULT_POLICY_INJECT,
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
