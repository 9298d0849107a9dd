/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The virtual UART: an emulated PL011 (ARM DDI 0183) per partition, complete
 * enough for Linux's unmodified amba-pl011 driver with interrupts.
 *
 * Transmit: every byte written to UARTDR leaves at once (the TX FIFO is
 * always empty); output is collected a line at a time and printed on the
 * board console tagged with the partition's name.
 * Receive: bytes from the console multiplexer (console.c) are queued in a
 * 16-entry RX FIFO with vuart_rx_push(), from any core.
 * Interrupt: the combined UARTINTR line is a level-triggered SPI of the
 * partition, driven through vgic_set_level().
 */
#ifndef BULKHEAD_VUART_H
#define BULKHEAD_VUART_H

#include <bulkhead/mmio.h>
#include <bulkhead/spinlock.h>
#include <bulkhead/types.h>

#define VUART_LINE_MAX 160U
#define VUART_SIZE 0x1000U
#define VUART_FIFO_DEPTH 16U /* DDI 0183 2.4.2: 16 entries each way */
#define VUART_BACKLOG 512U

struct part;

struct vuart {
	struct spinlock lock; /* guards everything below */
	struct part *part; /* whose vGIC the interrupt goes to */
	uint32_t intid; /* the SPI wired to UARTINTR */
	const char *name; /* tag printed before each line */
	char line[VUART_LINE_MAX];
	unsigned len;
	/* RX FIFO: count bytes starting at rx[head], wrapping. */
	uint8_t rx[VUART_FIFO_DEPTH];
	unsigned rx_head, rx_count;
	uint32_t rx_dropped; /* bytes lost to a full RX FIFO (overruns) */
	/* Input waiting behind the FIFO: the board console delivers bursts
	 * (a pasted line) far faster than a 115200 baud line would, so bytes
	 * wait here and enter the FIFO as the guest drains it. */
	uint8_t backlog[VUART_BACKLOG];
	unsigned bl_head, bl_count;
	/* PL011 registers (DDI 0183 3.2, 3.3). */
	uint32_t rsr; /* receive status: only OE is ever set */
	uint32_t ilpr; /* IrDA low-power divisor, stored only */
	uint32_t ibrd, fbrd, lcrh, cr, ifls, imsc, dmacr;
	uint32_t ris; /* raw interrupt status */
	bool level; /* UARTINTR as last given to the vGIC */
};

/*
 * Reset u (DDI 0183 3.3 reset values).  Its interrupt is SPI intid of
 * partition p (p->cfg->vuart_intid); name tags its output lines.  Does not
 * touch the vGIC: the line starts low.
 */
void vuart_init(struct vuart *u, struct part *p, const char *name,
		uint32_t intid);
/* Reset u again for a partition restart, from any core, keeping its
 * partition, name and interrupt; input still queued is dropped. */
void vuart_reset(struct vuart *u);
/* Emulate one guest access at acc->offset inside the PL011 window. */
enum mmio_result vuart_mmio(struct vuart *u, struct mmio_access *acc);
/*
 * A byte received for the guest (console input).  Any core.  Dropped, and
 * counted in rx_dropped with an overrun flagged, if the RX FIFO is full.
 */
void vuart_rx_push(struct vuart *u, char c);

#endif /* BULKHEAD_VUART_H */
