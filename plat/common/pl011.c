// SPDX-License-Identifier: Apache-2.0
/*
 * The board console: an Arm PL011 (DDI 0183).  Polled, no interrupts; usable
 * with the MMU off (Device memory) from the first C function on.
 */
#include <bulkhead/plat.h>

#define UART_DR 0x00U
#define UART_FR 0x18U
#define UART_IMSC 0x38U
#define UART_ICR 0x44U
#define UART_IMSC_RXIM (1U << 4)
#define UART_IMSC_RTIM (1U << 6)
#define UART_FR_RXFE (1U << 4)
#define UART_FR_TXFF (1U << 5)

static uint64_t uart_base;

static volatile uint32_t *uart_reg(uint64_t off)
{
	return (volatile uint32_t *)(uintptr_t)(uart_base + off);
}

void plat_console_init(uint64_t base)
{
	/* Firmware (or QEMU) has set the baud rate; we keep it. */
	uart_base = base;
}

void plat_console_putc(char c)
{
	if (uart_base == 0)
		return;
	while (*uart_reg(UART_FR) & UART_FR_TXFF) {
	}
	*uart_reg(UART_DR) = (uint8_t)c;
}

int plat_console_getc(void)
{
	if (uart_base == 0 || (*uart_reg(UART_FR) & UART_FR_RXFE))
		return -1;
	return (int)(*uart_reg(UART_DR) & 0xffU);
}

void plat_console_enable_rx_irq(void)
{
	if (uart_base == 0)
		return;
	/* DDI 0183 3.3.10: receive and receive-timeout interrupts only. */
	*uart_reg(UART_ICR) = 0x7ffU;
	*uart_reg(UART_IMSC) = UART_IMSC_RXIM | UART_IMSC_RTIM;
}
