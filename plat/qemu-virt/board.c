// SPDX-License-Identifier: Apache-2.0
/*
 * QEMU virt (hw/arm/virt.c memory map) with -smp 4 -m 1G.  A later build step
 * generates this table from dts/; until then it is written by hand.
 */
#include "board.h"

const struct cfg_board board_qemu_virt = {
    .name = "qemu-virt",
    .ram_base = 0x40000000,
    .ram_size = GiB(1),
    .hyp_base = 0x40000000,
    .hyp_size = MiB(128),
    .uart_base = 0x09000000,
    .uart_intid = 33,
    .cpu_count = 4,
    .cpu_mpidr = {0x0, 0x1, 0x2, 0x3},
    .smp = SMP_PSCI_SMC,
    .gicd_base = 0x08000000,
    .gicr_base = 0x080a0000,
    .gicc_base = 0x08010000,
    .gich_base = 0x08030000,
    .gicv_base = 0x08040000,
    .dev_base = 0,
    .dev_size = GiB(1),
};
