/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Raspberry Pi 4 Model B (BCM2711) addresses that configs refer to.  These
 * are ARM physical addresses (the "low peripheral" mode the Pi firmware
 * sets up by default), not the 0x7e... VideoCore bus addresses that the
 * device tree's ranges translate from.
 */
#ifndef PLAT_RPI4_BOARD_H
#define PLAT_RPI4_BOARD_H

#include <bulkhead/config.h>

#define RPI4_UART0 0xfe201000U /* PL011 "uart0", GPIO14/15 */
#define RPI4_UART0_INTID 153U /* SPI 121: VC IRQ 57 on the GIC-400 */
#define RPI4_SYSTIMER 0xfe003000U /* never given to a partition */
#define RPI4_AUX 0xfe215000U /* mini-UART, never given to a partition */
#define RPI4_PM 0xfe100000U /* power management / watchdog */

/* Where the hypervisor's region ends and partition RAM may start. */
#define RPI4_PART_RAM_BASE 0x08000000U

extern const struct cfg_board board_rpi4;

#endif /* PLAT_RPI4_BOARD_H */
