// SPDX-License-Identifier: Apache-2.0
/*
 * The virtual PL011 (ARM DDI 0183, PrimeCell UART r1p5), enough for Linux's
 * amba-pl011 driver with interrupts.
 *
 * Model (section numbers are those of DDI 0183G):
 *  - TX is instantaneous: a byte written to UARTDR is consumed at once, so
 *    the TX FIFO is always empty: FR.TXFE=1, FR.TXFF=0, FR.BUSY=0.  Bytes go
 *    to a line buffer printed on the board console as "[name] text"; '\r' is
 *    dropped.  TX happens whatever UARTEN/TXE say, so that minimal guests
 *    which never program UARTCR still print.
 *  - RX is a 16-byte FIFO (1 byte in character mode, LCR_H.FEN=0) filled by
 *    vuart_rx_push() from the console multiplexer.  A byte arriving with the
 *    FIFO full is lost and flags an overrun (RSR.OE, RIS.OEIS).
 *  - Interrupts (2.8): RXIS is set when a received byte brings the FIFO
 *    level to the IFLS trigger (any byte in character mode) and cleared
 *    when reads take it below, or by ICR.  The receive timeout is emulated
 *    as "expires at once": RTIS is set with every received byte and cleared
 *    when the FIFO is read empty, or by ICR.  TXIS is set after every UARTDR
 *    write (the FIFO drains through its trigger level to empty) and when
 *    the guest enables the TX interrupt path (UARTEN, TXE and TXIM all set
 *    after a CR/IMSC write that found one of them clear), since the FIFO is
 *    then at/below its trigger; only ICR clears it.  Linux's driver writes
 *    until FR.TXFF and arms TXIM only if data remains, and from its handler
 *    writes half a FIFO per TXIS, so both paths make progress.
 *  - UARTINTR = (RIS & IMSC) != 0 drives SPI intid through the vGIC;
 *    vgic_set_level() is called, under the vuart lock, whenever it changes.
 *  - Modem inputs read as a connected null-modem line: CTS, DSR, DCD
 *    asserted, RI not.  In loopback (CR.LBE) TX bytes are received instead
 *    of printed (modem outputs are not looped back).
 *  - 8/16/32-bit aligned accesses only.  A narrow write updates the bytes
 *    it covers; UARTDR transmits/pops only on accesses covering its byte 0.
 *    Unimplemented offsets (test registers included) read as zero and
 *    ignore writes.
 * Lock order: vuart lock, then whatever vgic_set_level() and the console
 * output take.
 */
#include <bulkhead/log.h>
#include <bulkhead/vuart.h>

#include <bulkhead/vgic.h>

/* Register offsets (DDI 0183 3.2, table 3-1). */
#define UART_DR 0x000U
#define UART_RSR 0x004U /* read: RSR; write: ECR */
#define UART_FR 0x018U
#define UART_ILPR 0x020U
#define UART_IBRD 0x024U
#define UART_FBRD 0x028U
#define UART_LCRH 0x02cU
#define UART_CR 0x030U
#define UART_IFLS 0x034U
#define UART_IMSC 0x038U
#define UART_RIS 0x03cU
#define UART_MIS 0x040U
#define UART_ICR 0x044U
#define UART_DMACR 0x048U
#define UART_PERIPHID0 0xfe0U

/* UARTRSR (3.3.2) */
#define UART_RSR_OE BIT(3)
/* UARTFR (3.3.3) */
#define UART_FR_CTS BIT(0)
#define UART_FR_DSR BIT(1)
#define UART_FR_DCD BIT(2)
#define UART_FR_RXFE BIT(4)
#define UART_FR_RXFF BIT(6)
#define UART_FR_TXFE BIT(7)
/* UARTLCR_H (3.3.7) */
#define UART_LCRH_FEN BIT(4)
/* UARTCR (3.3.8) */
#define UART_CR_UARTEN BIT(0)
#define UART_CR_LBE BIT(7)
#define UART_CR_TXE BIT(8)
#define UART_CR_RXE BIT(9)
/* UARTIMSC/RIS/MIS/ICR bits (3.3.10-3.3.13) */
#define UART_INT_RX BIT(4)
#define UART_INT_TX BIT(5)
#define UART_INT_RT BIT(6)
#define UART_INT_OE BIT(10)
#define UART_INT_ALL 0x7ffU

/* Writable bits of each stored register (reserved bits read as zero). */
#define UART_ILPR_MASK 0xffU
#define UART_IBRD_MASK 0xffffU
#define UART_FBRD_MASK 0x3fU
#define UART_LCRH_MASK 0xffU
#define UART_CR_MASK 0xff87U
#define UART_IFLS_MASK 0x3fU
#define UART_DMACR_MASK 0x7U

/* PrimeCell identification: PL011 r1p5, then the PrimeCell ID 0xb105f00d. */
static const uint8_t vuart_id[8] = {0x11, 0x10, 0x34, 0x00,
				    0x0d, 0xf0, 0x05, 0xb1};

void vuart_init(struct vuart *u, struct part *p, const char *name,
		uint32_t intid)
{
	/* Reset values: DDI 0183 3.2, table 3-1. */
	*u = (struct vuart){.part = p,
			    .intid = intid,
			    .name = name,
			    .cr = UART_CR_RXE | UART_CR_TXE,
			    .ifls = 0x12};
}

void vuart_reset(struct vuart *u)
{
	struct vuart fresh;

	vuart_init(&fresh, u->part, u->name, u->intid);
	/* The console's core may be pushing input at this very moment, so
	 * the reset happens under the lock.  The lock itself must survive:
	 * a ticket lock zeroed under a waiter would never be granted. */
	spin_lock(&u->lock);
	u->len = 0;
	u->rx_head = u->rx_count = u->rx_dropped = 0;
	u->bl_head = u->bl_count = 0;
	u->rsr = fresh.rsr;
	u->ilpr = fresh.ilpr;
	u->ibrd = fresh.ibrd;
	u->fbrd = fresh.fbrd;
	u->lcrh = fresh.lcrh;
	u->cr = fresh.cr;
	u->ifls = fresh.ifls;
	u->imsc = fresh.imsc;
	u->dmacr = fresh.dmacr;
	u->ris = fresh.ris;
	u->level = fresh.level;
	spin_unlock(&u->lock);
}

/* ---- interrupts ----------------------------------------------------------- */

/* Drive UARTINTR (2.8.6) if it changed.  Lock held. */
static void vuart_update_irq(struct vuart *u)
{
	bool level = (u->ris & u->imsc & UART_INT_ALL) != 0;

	if (level == u->level)
		return;
	u->level = level;
	vgic_set_level(u->part, u->intid, level);
}

/* RX FIFO trigger level in bytes (IFLS.RXIFLSEL, 3.3.9). */
static unsigned vuart_rx_trigger(const struct vuart *u)
{
	/* 1/8, 1/4, 1/2, 3/4, 7/8 of 16; reserved encodings taken as 1/2. */
	static const uint8_t level[8] = {2, 4, 8, 12, 14, 8, 8, 8};

	if ((u->lcrh & UART_LCRH_FEN) == 0)
		return 1; /* character mode: interrupt on every byte */
	return level[(u->ifls >> 3) & 7U];
}

static unsigned vuart_rx_depth(const struct vuart *u)
{
	return (u->lcrh & UART_LCRH_FEN) != 0 ? VUART_FIFO_DEPTH : 1U;
}

/* True if the guest can take TX interrupts: UARTEN, TXE and TXIM set. */
static bool vuart_tx_armed(const struct vuart *u)
{
	uint32_t en = UART_CR_UARTEN | UART_CR_TXE;

	return (u->cr & en) == en && (u->imsc & UART_INT_TX) != 0;
}

/* ---- receive ---------------------------------------------------------------- */

/* Overrun (3.3.2 OE): the byte is lost.  Lock held. */
static void vuart_overrun(struct vuart *u)
{
	u->rsr |= UART_RSR_OE;
	u->ris |= UART_INT_OE;
	u->rx_dropped++;
}

/* Queue one received byte.  Lock held. */
static void vuart_rx_queue(struct vuart *u, uint8_t c)
{
	if (u->rx_count >= vuart_rx_depth(u)) {
		vuart_overrun(u);
		return;
	}
	u->rx[(u->rx_head + u->rx_count) % VUART_FIFO_DEPTH] = c;
	u->rx_count++;
	if (u->rx_count >= vuart_rx_trigger(u))
		u->ris |= UART_INT_RX;
	u->ris |= UART_INT_RT; /* timeout emulated as "data present" */
}

/* Pop the oldest received byte (0 if none).  Lock held. */
static uint8_t vuart_rx_pop(struct vuart *u)
{
	uint8_t c;

	if (u->rx_count == 0)
		return 0;
	c = u->rx[u->rx_head];
	u->rx_head = (u->rx_head + 1) % VUART_FIFO_DEPTH;
	u->rx_count--;
	if (u->rx_count < vuart_rx_trigger(u))
		u->ris &= ~(uint32_t)UART_INT_RX;
	if (u->rx_count == 0)
		u->ris &= ~(uint32_t)UART_INT_RT;
	/* The line delivers the next waiting byte as room appears. */
	if (u->bl_count > 0 && u->rx_count < vuart_rx_depth(u)) {
		vuart_rx_queue(u, u->backlog[u->bl_head]);
		u->bl_head = (u->bl_head + 1) % VUART_BACKLOG;
		u->bl_count--;
	}
	return c;
}

void vuart_rx_push(struct vuart *u, char c)
{
	spin_lock(&u->lock);
	if (u->bl_count == 0 && u->rx_count < vuart_rx_depth(u))
		vuart_rx_queue(u, (uint8_t)c);
	else if (u->bl_count < VUART_BACKLOG)
		u->backlog[(u->bl_head + u->bl_count++) % VUART_BACKLOG] =
		    (uint8_t)c;
	else
		vuart_overrun(u);
	vuart_update_irq(u);
	spin_unlock(&u->lock);
}

/* ---- transmit --------------------------------------------------------------- */

/* Collect one output byte; print the line at '\n' or when full. */
static void vuart_line_putc(struct vuart *u, char c)
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

/* A write to UARTDR (3.3.1): the byte leaves at once.  Lock held. */
static void vuart_tx(struct vuart *u, uint8_t c)
{
	if ((u->cr & UART_CR_LBE) != 0)
		vuart_rx_queue(u, c);
	else
		vuart_line_putc(u, (char)c);
	/* The TX FIFO went through its trigger level to empty. */
	u->ris |= UART_INT_TX;
}

/* ---- register file ---------------------------------------------------------- */

static uint32_t vuart_fr(const struct vuart *u)
{
	uint32_t fr = UART_FR_TXFE | UART_FR_CTS | UART_FR_DSR | UART_FR_DCD;

	if (u->rx_count == 0)
		fr |= UART_FR_RXFE;
	if (u->rx_count >= vuart_rx_depth(u))
		fr |= UART_FR_RXFF;
	return (uint32_t)fr;
}

/* The stored register at off, with its writable bits, or NULL. */
static uint32_t *vuart_reg(struct vuart *u, uint64_t off, uint32_t *mask)
{
	switch (off) {
	case UART_ILPR:
		*mask = UART_ILPR_MASK;
		return &u->ilpr;
	case UART_IBRD:
		*mask = UART_IBRD_MASK;
		return &u->ibrd;
	case UART_FBRD:
		*mask = UART_FBRD_MASK;
		return &u->fbrd;
	case UART_LCRH:
		*mask = UART_LCRH_MASK;
		return &u->lcrh;
	case UART_CR:
		*mask = UART_CR_MASK;
		return &u->cr;
	case UART_IFLS:
		*mask = UART_IFLS_MASK;
		return &u->ifls;
	case UART_IMSC:
		*mask = UART_INT_ALL;
		return &u->imsc;
	case UART_DMACR:
		*mask = UART_DMACR_MASK;
		return &u->dmacr;
	default:
		return NULL;
	}
}

/* The 32-bit register at word offset off; pop selects a UARTDR pop. */
static uint32_t vuart_read_reg(struct vuart *u, uint64_t off, bool pop)
{
	uint32_t mask;
	uint32_t *r = vuart_reg(u, off, &mask);

	if (r != NULL)
		return *r;
	switch (off) {
	case UART_DR:
		return pop ? vuart_rx_pop(u) : 0;
	case UART_RSR:
		return u->rsr;
	case UART_FR:
		return vuart_fr(u);
	case UART_RIS:
		return u->ris;
	case UART_MIS:
		return u->ris & u->imsc;
	default:
		break;
	}
	if (off >= UART_PERIPHID0)
		return vuart_id[(off - UART_PERIPHID0) / 4];
	return 0;
}

/*
 * Write the byte lanes lanes of the register at word offset off with val
 * (already shifted into place).
 */
static void vuart_write_reg(struct vuart *u, uint64_t off, uint32_t val,
			    uint32_t lanes)
{
	uint32_t mask;
	uint32_t *r = vuart_reg(u, off, &mask);
	bool armed = vuart_tx_armed(u);

	if (r != NULL) {
		*r = ((*r & ~lanes) | (val & lanes)) & mask;
		if (!armed && vuart_tx_armed(u))
			u->ris |= UART_INT_TX; /* FIFO already below trigger */
		return;
	}
	switch (off) {
	case UART_DR:
		if ((lanes & 0xffU) != 0)
			vuart_tx(u, (uint8_t)(val & 0xffU));
		break;
	case UART_RSR: /* UARTECR: any write clears the errors (3.3.2) */
		u->rsr = 0;
		break;
	case UART_ICR:
		u->ris &= ~(val & lanes & UART_INT_ALL);
		break;
	default:
		break; /* read-only or unimplemented */
	}
}

enum mmio_result vuart_mmio(struct vuart *u, struct mmio_access *acc)
{
	uint64_t word = acc->offset & ~UINT64_C(3);
	unsigned shift = (unsigned)(acc->offset & 3U) * 8U;
	uint32_t lanes;

	if ((acc->width != 1 && acc->width != 2 && acc->width != 4) ||
	    !IS_ALIGNED(acc->offset, acc->width) || acc->offset >= VUART_SIZE)
		return MMIO_BAD_ACCESS;
	lanes = (uint32_t)(BIT(acc->width * 8U) - 1U) << shift;
	spin_lock(&u->lock);
	if (acc->write) {
		vuart_write_reg(u, word, (uint32_t)(acc->value << shift),
				lanes);
	} else {
		acc->value =
		    (vuart_read_reg(u, word, shift == 0) & lanes) >> shift;
	}
	vuart_update_irq(u);
	spin_unlock(&u->lock);
	return MMIO_OK;
}
