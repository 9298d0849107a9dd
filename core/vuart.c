// SPDX-License-Identifier: Apache-2.0
/*
 * The virtual PL011 (ARM DDI 0183, PrimeCell UART).  Transmit only for now:
 * the data register collects a line, which is printed tagged with the
 * partition's name; the flag register always reports an empty TX FIFO and an
 * empty RX FIFO.
 */
#include <bulkhead/log.h>
#include <bulkhead/vuart.h>

#define UART_DR 0x000U
#define UART_FR 0x018U
#define UART_IBRD 0x024U
#define UART_FBRD 0x028U
#define UART_LCRH 0x02cU
#define UART_CR 0x030U
#define UART_IFLS 0x034U
#define UART_IMSC 0x038U
#define UART_PERIPHID0 0xfe0U

#define UART_FR_RXFE BIT(4)
#define UART_FR_TXFE BIT(7)

/* PrimeCell identification: PL011 r1p5, then the PrimeCell ID 0xb105f00d. */
static const uint8_t vuart_id[8] = { 0x11, 0x10, 0x34, 0x00,
				     0x0d, 0xf0, 0x05, 0xb1 };

void vuart_init(struct vuart *u, const char *name)
{
	*u = (struct vuart){ .name = name, .cr = 0x300, .ifls = 0x12 };
}

static void vuart_tx(struct vuart *u, char c)
{
	if (c == '\r')
		return;
	if (c != '\n' && u->len < VUART_LINE_MAX) {
		u->line[u->len++] = c;
		if (u->len < VUART_LINE_MAX)
			return;
	}
	log_part_line(u->name, u->line, u->len);
	u->len = 0;
}

static uint32_t *vuart_reg(struct vuart *u, uint64_t off)
{
	switch (off) {
	case UART_IBRD:
		return &u->ibrd;
	case UART_FBRD:
		return &u->fbrd;
	case UART_LCRH:
		return &u->lcrh;
	case UART_CR:
		return &u->cr;
	case UART_IFLS:
		return &u->ifls;
	case UART_IMSC:
		return &u->imsc;
	default:
		return NULL;
	}
}

static uint64_t vuart_read(struct vuart *u, uint64_t off)
{
	uint32_t *r = vuart_reg(u, off);

	if (off == UART_FR)
		return UART_FR_TXFE | UART_FR_RXFE;
	if (off >= UART_PERIPHID0 && off < UART_PERIPHID0 + 0x20)
		return vuart_id[(off - UART_PERIPHID0) / 4];
	return r != NULL ? *r : 0;
}

enum mmio_result vuart_mmio(struct vuart *u, struct mmio_access *acc)
{
	uint32_t *r;

	if (acc->width > 4 || !IS_ALIGNED(acc->offset, acc->width))
		return MMIO_BAD_ACCESS;
	if (!acc->write) {
		acc->value = vuart_read(u, acc->offset & ~UINT64_C(3));
		return MMIO_OK;
	}
	if (acc->offset == UART_DR) {
		vuart_tx(u, (char)(acc->value & 0xff));
		return MMIO_OK;
	}
	r = vuart_reg(u, acc->offset);
	if (r != NULL)
		*r = (uint32_t)acc->value;
	return MMIO_OK;
}
