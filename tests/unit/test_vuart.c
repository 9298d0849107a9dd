// SPDX-License-Identifier: Apache-2.0
/*
 * core/vuart.c (the emulated PL011) and core/mmio.c (routing to it): the
 * PrimeCell ID, flags, line-buffered output, the register file, the RX
 * FIFO and the interrupt line, and which accesses are refused.
 */
#include <bulkhead/mmio.h>
#include <bulkhead/part.h>
#include <bulkhead/vuart.h>

#include "unit.h"

#define DR 0x000U
#define RSR 0x004U
#define FR 0x018U
#define IBRD 0x024U
#define FBRD 0x028U
#define LCRH 0x02cU
#define CR 0x030U
#define IFLS 0x034U
#define IMSC 0x038U
#define RIS 0x03cU
#define MIS 0x040U
#define ICR 0x044U

#define FR_CTS 0x01U
#define FR_DSR 0x02U
#define FR_DCD 0x04U
#define FR_BUSY 0x08U
#define FR_RXFE 0x10U
#define FR_TXFF 0x20U
#define FR_RXFF 0x40U
#define FR_TXFE 0x80U
#define INT_RX 0x10U
#define INT_TX 0x20U
#define INT_RT 0x40U
#define INT_OE 0x400U
#define LCRH_FEN 0x10U
#define CR_UARTEN 0x001U
#define CR_LBE 0x080U
#define CR_TXE 0x100U
#define CR_RXE 0x200U
#define INTID 33U

static struct part part;
static struct vuart *u = &part.vuart;

static int setup(void **state)
{
	(void)state;
	fake_reset();
	memset(&part, 0, sizeof(part));
	vuart_init(u, &part, "uart0", INTID);
	return 0;
}

static enum mmio_result access(uint64_t off, unsigned width, bool write,
			       uint64_t *value)
{
	struct mmio_access acc = {
	    .offset = off, .width = width, .write = write, .value = *value};
	enum mmio_result r = vuart_mmio(u, &acc);

	*value = acc.value;
	return r;
}

static uint64_t rd(uint64_t off)
{
	uint64_t v = 0xdeadbeef;

	assert_int_equal(access(off, 4, false, &v), MMIO_OK);
	return v;
}

static void wr(uint64_t off, uint64_t v)
{
	assert_int_equal(access(off, 4, true, &v), MMIO_OK);
}

static void put(const char *s)
{
	while (*s != '\0')
		wr(DR, (uint8_t)*s++);
}

static void test_primecell_id(void **state)
{
	static const uint8_t id[8] = {0x11, 0x10, 0x34, 0x00,
				      0x0d, 0xf0, 0x05, 0xb1};

	(void)state;
	for (unsigned i = 0; i < 8; i++)
		assert_int_equal(rd(0xfe0U + 4 * i), id[i]);
	/* Byte reads see the same value. */
	for (unsigned i = 0; i < 8; i++) {
		uint64_t v = 0;

		assert_int_equal(access(0xfe0U + 4 * i, 1, false, &v), MMIO_OK);
		assert_int_equal(v, id[i]);
	}
}

static void test_flags_after_reset(void **state)
{
	uint64_t fr;

	(void)state;
	fr = rd(FR);
	/* TX always empty and never busy; RX empty; null-modem inputs. */
	assert_int_equal(fr & (FR_TXFE | FR_RXFE), FR_TXFE | FR_RXFE);
	assert_int_equal(fr & (FR_TXFF | FR_RXFF | FR_BUSY), 0);
	assert_int_equal(fr, FR_TXFE | FR_RXFE | FR_CTS | FR_DSR | FR_DCD);
	/* Writing output does not change that. */
	put("abc");
	assert_int_equal(rd(FR), fr);
}

static void test_reset_values(void **state)
{
	(void)state;
	assert_int_equal(rd(CR), CR_RXE | CR_TXE);
	assert_int_equal(rd(IFLS), 0x12);
	assert_int_equal(rd(IMSC), 0);
	assert_int_equal(rd(RIS), 0);
	assert_int_equal(rd(IBRD), 0);
	assert_int_equal(rd(DR), 0);
	assert_int_equal(fake_vgic.calls, 0);
}

static void test_line_output(void **state)
{
	(void)state;
	put("hello");
	/* Nothing until the newline. */
	assert_int_equal(fake_console_len(), 0);
	put("\r\n");
	assert_string_equal(fake_console_text(), "[uart0] hello\r\n");
	fake_console_clear();
	put("a\r\rb\n\n");
	assert_string_equal(fake_console_text(), "[uart0] ab\r\n[uart0] \r\n");
}

static void test_long_line_flushed(void **state)
{
	char want[VUART_LINE_MAX + 32];

	(void)state;
	for (unsigned i = 0; i < VUART_LINE_MAX; i++)
		wr(DR, (uint64_t)('a' + i % 26));
	/* The full buffer went out at once, without a newline written. */
	strcpy(want, "[uart0] ");
	for (unsigned i = 0; i < VUART_LINE_MAX; i++)
		want[8 + i] = (char)('a' + i % 26);
	strcpy(want + 8 + VUART_LINE_MAX, "\r\n");
	assert_string_equal(fake_console_text(), want);
	/* The next byte starts a new line. */
	fake_console_clear();
	put("z\n");
	assert_string_equal(fake_console_text(), "[uart0] z\r\n");
}

static void test_register_readback(void **state)
{
	(void)state;
	wr(IBRD, 13);
	wr(FBRD, 1);
	wr(LCRH, 0x70);
	wr(IFLS, 0x09);
	assert_int_equal(rd(IBRD), 13);
	assert_int_equal(rd(FBRD), 1);
	assert_int_equal(rd(LCRH), 0x70);
	assert_int_equal(rd(IFLS), 0x09);
	/* Reserved bits read as zero. */
	wr(IBRD, 0xffffffff);
	wr(FBRD, 0xffffffff);
	assert_int_equal(rd(IBRD), 0xffff);
	assert_int_equal(rd(FBRD), 0x3f);
	/* Read-only registers ignore writes. */
	wr(FR, 0);
	assert_int_equal(rd(FR) & FR_TXFE, FR_TXFE);
}

static void test_narrow_writes(void **state)
{
	uint64_t v = 0x12;

	(void)state;
	wr(IBRD, 0x3456);
	assert_int_equal(access(IBRD + 1, 1, true, &v), MMIO_OK);
	assert_int_equal(rd(IBRD), 0x1256);
	v = 0;
	assert_int_equal(access(IBRD, 2, false, &v), MMIO_OK);
	assert_int_equal(v, 0x1256);
	/* A byte write to DR transmits. */
	v = 'x';
	assert_int_equal(access(DR, 1, true, &v), MMIO_OK);
	put("\n");
	assert_string_equal(fake_console_text(), "[uart0] x\r\n");
}

static void test_bad_access(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(access(DR, 8, false, &v), MMIO_BAD_ACCESS);
	assert_int_equal(access(DR, 8, true, &v), MMIO_BAD_ACCESS);
	assert_int_equal(access(IBRD + 2, 4, false, &v), MMIO_BAD_ACCESS);
	assert_int_equal(access(IBRD + 1, 2, true, &v), MMIO_BAD_ACCESS);
	assert_int_equal(access(IBRD, 3, false, &v), MMIO_BAD_ACCESS);
	assert_int_equal(access(VUART_SIZE, 4, false, &v), MMIO_BAD_ACCESS);
	/* A refused write did not reach the register. */
	v = 0x99;
	assert_int_equal(access(IBRD + 2, 4, true, &v), MMIO_BAD_ACCESS);
	assert_int_equal(rd(IBRD), 0);
}

static void test_rx_fifo(void **state)
{
	(void)state;
	wr(LCRH, LCRH_FEN);
	vuart_rx_push(u, 'h');
	vuart_rx_push(u, 'i');
	assert_int_equal(rd(FR) & (FR_RXFE | FR_RXFF), 0);
	assert_int_equal(rd(DR), 'h');
	assert_int_equal(rd(DR), 'i');
	assert_int_equal(rd(FR) & FR_RXFE, FR_RXFE);
	/* 16 fit, the 17th waits behind the FIFO and follows in order. */
	for (unsigned i = 0; i < VUART_FIFO_DEPTH + 1; i++)
		vuart_rx_push(u, (char)('A' + i));
	assert_int_equal(rd(FR) & FR_RXFF, FR_RXFF);
	assert_int_equal(u->rx_dropped, 0);
	for (unsigned i = 0; i < VUART_FIFO_DEPTH + 1; i++)
		assert_int_equal(rd(DR), 'A' + i);
	assert_int_equal(rd(DR), 0);
	/* Only when the backlog is full too is a byte an overrun. */
	for (unsigned i = 0; i < VUART_FIFO_DEPTH + VUART_BACKLOG + 1; i++)
		vuart_rx_push(u, 'x');
	assert_int_equal(u->rx_dropped, 1);
	assert_int_equal(rd(RSR) & 0x8, 0x8);
	assert_int_equal(rd(RIS) & INT_OE, INT_OE);
	/* Writing ECR clears the error. */
	wr(RSR, 0);
	assert_int_equal(rd(RSR), 0);
}

/* Without FEN the FIFO is one byte deep (character mode). */
static void test_rx_character_mode(void **state)
{
	(void)state;
	vuart_rx_push(u, '1');
	vuart_rx_push(u, '2');
	assert_int_equal(rd(FR) & FR_RXFF, FR_RXFF);
	assert_int_equal(u->rx_dropped, 0);
	assert_int_equal(rd(DR), '1');
	assert_int_equal(rd(DR), '2');
	assert_int_equal(rd(FR) & FR_RXFE, FR_RXFE);
}

static void test_rx_interrupt(void **state)
{
	(void)state;
	wr(IMSC, INT_RX | INT_RT);
	assert_int_equal(fake_vgic.calls, 0);
	vuart_rx_push(u, 'k');
	assert_int_equal(fake_vgic.calls, 1);
	assert_ptr_equal(fake_vgic.part, &part);
	assert_int_equal(fake_vgic.intid, INTID);
	assert_true(fake_vgic.level);
	assert_int_equal(rd(MIS), INT_RX | INT_RT);
	/* Reading the byte lowers the line again. */
	assert_int_equal(rd(DR), 'k');
	assert_int_equal(fake_vgic.calls, 2);
	assert_false(fake_vgic.level);
	assert_int_equal(rd(MIS), 0);
}

/* Masked interrupts show in RIS but never reach the vGIC. */
static void test_masked_interrupt(void **state)
{
	(void)state;
	vuart_rx_push(u, 'k');
	assert_int_equal(rd(RIS) & (INT_RX | INT_RT), INT_RX | INT_RT);
	assert_int_equal(rd(MIS), 0);
	assert_int_equal(fake_vgic.calls, 0);
}

static void test_tx_interrupt_and_icr(void **state)
{
	(void)state;
	wr(CR, CR_UARTEN | CR_TXE | CR_RXE);
	assert_int_equal(fake_vgic.calls, 0);
	/* Arming TXIM with the FIFO empty raises TXIS at once. */
	wr(IMSC, INT_TX);
	assert_int_equal(rd(MIS), INT_TX);
	assert_true(fake_vgic.level);
	wr(ICR, INT_TX);
	assert_int_equal(rd(RIS) & INT_TX, 0);
	assert_false(fake_vgic.level);
	/* Every transmitted byte raises it again. */
	wr(DR, 'q');
	assert_true(fake_vgic.level);
	assert_int_equal(fake_vgic.calls, 3);
}

static void test_loopback(void **state)
{
	(void)state;
	wr(CR, CR_UARTEN | CR_TXE | CR_RXE | CR_LBE);
	put("L\n");
	assert_int_equal(fake_console_len(), 0);
	assert_int_equal(rd(DR), 'L');
}

/* ---- mmio_dispatch ---- */

static struct cfg_part cfg = {
    .name = "uart0",
    .console = CONSOLE_VUART,
    .vuart_ipa = 0x09000000,
};

static enum mmio_result dispatch(uint64_t ipa, unsigned width, uint64_t *val)
{
	struct vcpu v = {.part = &part};
	struct mmio_access acc = {
	    .addr = ipa_init(ipa), .width = width, .value = *val};
	enum mmio_result r;

	part.cfg = &cfg;
	r = mmio_dispatch(&v, &acc);
	*val = acc.value;
	return r;
}

static void test_dispatch(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(dispatch(0x09000fe0, 4, &v), MMIO_OK);
	assert_int_equal(v, 0x11);
	assert_int_equal(dispatch(0x09000018, 4, &v), MMIO_OK);
	assert_int_equal(v & FR_TXFE, FR_TXFE);
	assert_int_equal(dispatch(0x08fffffc, 4, &v), MMIO_UNHANDLED);
	assert_int_equal(dispatch(0x09001000, 4, &v), MMIO_UNHANDLED);
	/* Straddling the end of the window is not the device's. */
	assert_int_equal(dispatch(0x09000ffe, 4, &v), MMIO_UNHANDLED);
	assert_int_equal(dispatch(0x09000000, 8, &v), MMIO_BAD_ACCESS);
	cfg.console = CONSOLE_NONE;
	assert_int_equal(dispatch(0x09000fe0, 4, &v), MMIO_UNHANDLED);
	cfg.console = CONSOLE_VUART;
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_primecell_id),
	    T(test_flags_after_reset),
	    T(test_reset_values),
	    T(test_line_output),
	    T(test_long_line_flushed),
	    T(test_register_readback),
	    T(test_narrow_writes),
	    T(test_bad_access),
	    T(test_rx_fifo),
	    T(test_rx_character_mode),
	    T(test_rx_interrupt),
	    T(test_masked_interrupt),
	    T(test_tx_interrupt_and_icr),
	    T(test_loopback),
	    T(test_dispatch),
	};

	return UNIT_RUN("vuart", tests);
}
