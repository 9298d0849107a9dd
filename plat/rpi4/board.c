// SPDX-License-Identifier: Apache-2.0
/*
 * Raspberry Pi 4 Model B (BCM2711, 4x Cortex-A72, GIC-400) as the firmware
 * and U-Boot hand it over, and as QEMU's -M raspi4b models it.
 *
 * Facts that shape this table (see docs/boards/rpi4.md):
 *  - RAM is memory@0.  We describe the first 960 MiB only: that is what
 *    QEMU's raspi4b and a 1 GiB board expose below the VideoCore carve-out,
 *    and it is the only range every Pi 4 variant has.
 *  - The low page 0x0-0x1000 holds the firmware's spin table (the DT says
 *    /memreserve/ 0x0 0x1000): the hypervisor region starts at 0 so that no
 *    partition can ever be given it, and the image is linked at 0x80000,
 *    where the firmware, QEMU -kernel and U-Boot booti all put an arm64
 *    Image.
 *  - There is no PSCI and nothing at EL3 to answer an SMC: secondaries are
 *    released through the spin table at 0xd8 + 8 * core.
 *  - The counter runs at 54 MHz on hardware and 62.5 MHz under QEMU, so
 *    nothing here carries a frequency: the hypervisor reads CNTFRQ_EL0.
 */
#include "board.h"

const struct cfg_board board_rpi4 = {
    .name = "rpi4",
    .ram_base = 0x00000000,
    .ram_size = MiB(960),
    /* Spin-table page, then the image at 0x80000 with its guest images,
     * page pool and stacks.  Must match HYP_SIZE in platform.mk. */
    .hyp_base = 0x00000000,
    .hyp_size = MiB(128),
    .uart_base = RPI4_UART0,
    .uart_intid = 153, /* SPI 121 */
    .cpu_count = 4,
    .cpu_mpidr = {0x0, 0x1, 0x2, 0x3},
    .smp = SMP_SPIN_TABLE,
    .spin_release = {0xd8, 0xe0, 0xe8, 0xf0},
    .gicd_base = 0xff841000,
    .gicr_base = 0, /* GIC-400 is a GICv2: no redistributors */
    .gicc_base = 0xff842000,
    .gich_base = 0xff844000,
    .gicv_base = 0xff846000,
    /* 3-4 GiB: the peripherals at 0xfc000000-0xff7fffff and the ARM
     * local block with the GIC at 0xff800000 (1 GiB blocks at EL2). */
    .dev_base = 0xc0000000,
    .dev_size = GiB(1),
};
