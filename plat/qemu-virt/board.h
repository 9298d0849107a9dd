/* SPDX-License-Identifier: Apache-2.0 */
/* Addresses on QEMU virt that configs refer to. */
#ifndef PLAT_QEMU_VIRT_BOARD_H
#define PLAT_QEMU_VIRT_BOARD_H

#include <bulkhead/config.h>

#define VIRT_UART 0x09000000U
#define VIRT_UART_INTID 33U
#define VIRT_RTC 0x09010000U /* PL031, never given to a partition */

extern const struct cfg_board board_qemu_virt;

#endif /* PLAT_QEMU_VIRT_BOARD_H */
