/* SPDX-License-Identifier: Apache-2.0 */
/* Board-level services the core needs: the console UART. */
#ifndef BULKHEAD_PLAT_H
#define BULKHEAD_PLAT_H

#include <bulkhead/types.h>

/* Usable from the first instruction of C, with the MMU on or off. */
void plat_console_init(uint64_t uart_base);
void plat_console_putc(char c);
/* A received byte, or -1 if none is waiting. */
int plat_console_getc(void);
/* Raise the UART's interrupt when input arrives (receive and receive
 * timeout); the hypervisor then feeds it to console_input_char(). */
void plat_console_enable_rx_irq(void);

#endif /* BULKHEAD_PLAT_H */
