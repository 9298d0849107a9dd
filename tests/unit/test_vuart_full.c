// SPDX-License-Identifier: Apache-2.0
/*
 * Host unit tests of the virtual PL011 (core/vuart.c) and the console input
 * multiplexer (core/console.c).
 *
 * Links core/vuart.c, core/console.c and the real log (core/log.c,
 * core/fmt.c) over the fake board console, so that output is asserted as
 * printed.  part_get and part_count are faked here over three partitions;
 * vgic_set_level is the fake layer's recorder (fake_vgic, reset by
 * fake_reset()).
 */
#include <bulkhead/console.h>
#include <bulkhead/part.h>
#include <bulkhead/vuart.h>

#include "unit.h"

#define VUART_INTID 33U

/* Offsets, as a guest driver would spell them (DDI 0183 3.2). */
#define DR 0x000U
#define RSR 0x004U
#define FR 0x018U
#define IBRD 0x024U
#define LCRH 0x02cU
#define CR 0x030U
#define IFLS 0x034U
#define IMSC 0x038U
#define RIS 0x03cU
#define MIS 0x040U
#define ICR 0x044U

#define FR_RXFE 0x10U
#define FR_TXFF 0x20U
#define FR_RXFF 0x40U
#define FR_TXFE 0x80U
#define FR_BUSY 0x08U
#define LCRH_FEN 0x10U
#define CR_EN_TX_RX 0x301U /* UARTEN | TXE | RXE */
#define CR_LBE 0x80U
#define INT_RX 0x10U
#define INT_TX 0x20U
#define INT_RT 0x40U
#define INT_OE 0x400U

/* ---- fakes ------------------------------------------------------------------ */

static const struct cfg_part cfgs[] = {
    {.name = "alpha", .console = CONSOLE_VUART, .vuart_intid = 33},
    {.name = "beta", .console = CONSOLE_VUART, .vuart_intid = 33},
    {.name = "gamma", .console = CONSOLE_NONE},
};
static struct part parts[ARRAY_SIZE(cfgs)];

struct part *part_get(unsigned id)
{
	return id < ARRAY_SIZE(parts) ? &parts[id] : NULL;
}

unsigned part_count(void)
{
	return (unsigned)ARRAY_SIZE(parts);
}

static int setup(void **state)
{
	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(parts); i++) {
		parts[i] = (struct part){.cfg = &cfgs[i], .id = i};
		vuart_init(&parts[i].vuart, &parts[i], cfgs[i].name,
			   cfgs[i].vuart_intid);
	}
	fake_reset();
	fake_console_clear();
	return 0;
}

static void wr(struct vuart *u, uint64_t off, uint32_t val);

/* Reset, then FIFOs on (LCR_H.FEN) everywhere, as Linux's driver runs. */
static int setup_fifo(void **state)
{
	setup(state);
	for (unsigned i = 0; i < ARRAY_SIZE(parts); i++)
		wr(&parts[i].vuart, LCRH, LCRH_FEN);
	return 0;
}

/* ---- helpers ---------------------------------------------------------------- */

static struct vuart *u0(void)
{
	return &parts[0].vuart;
}

static enum mmio_result acc(struct vuart *u, uint64_t off, unsigned width,
			    bool write, uint64_t *value)
{
	struct mmio_access a = {.offset = off,
				.width = width,
				.write = write,
				.value = write ? *value : 0xdeadbeefU};
	enum mmio_result r = vuart_mmio(u, &a);

	if (!write)
		*value = a.value;
	return r;
}

static uint32_t rd(struct vuart *u, uint64_t off)
{
	uint64_t v = 0;

	assert_int_equal(acc(u, off, 4, false, &v), MMIO_OK);
	return (uint32_t)v;
}

static void wr(struct vuart *u, uint64_t off, uint32_t val)
{
	uint64_t v = val;

	assert_int_equal(acc(u, off, 4, true, &v), MMIO_OK);
}

/* The console output since the last clear, then clear it. */
static const char *console_take(void)
{
	static char text[FAKE_CONSOLE_MAX];

	snprintf(text, sizeof(text), "%s", fake_console_text());
	fake_console_clear();
	return text;
}

static void push_str(struct vuart *u, const char *s)
{
	while (*s != '\0')
		vuart_rx_push(u, *s++);
}

static void assert_last_level(bool level)
{
	assert_true(fake_vgic.calls > 0);
	assert_ptr_equal(fake_vgic.part, &parts[0]);
	assert_int_equal(fake_vgic.intid, VUART_INTID);
	assert_int_equal(fake_vgic.level, level);
}

/* ---- registers ---------------------------------------------------------------- */

static void test_id_registers(void **state)
{
	static const uint8_t id[8] = {0x11, 0x10, 0x34, 0x00,
				      0x0d, 0xf0, 0x05, 0xb1};
	uint64_t v = 0;

	(void)state;
	for (unsigned i = 0; i < 8; i++)
		assert_int_equal(rd(u0(), 0xfe0U + 4U * i), id[i]);
	assert_int_equal(acc(u0(), 0xfe4, 1, false, &v), MMIO_OK);
	assert_int_equal(v, 0x10);
	assert_int_equal(acc(u0(), 0xff0, 2, false, &v), MMIO_OK);
	assert_int_equal(v, 0x0d);
}

static void test_bad_accesses(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(acc(u0(), 0x0, 8, false, &v), MMIO_BAD_ACCESS);
	assert_int_equal(acc(u0(), 0x1, 2, false, &v), MMIO_BAD_ACCESS);
	assert_int_equal(acc(u0(), 0x2, 4, true, &v), MMIO_BAD_ACCESS);
	assert_int_equal(acc(u0(), 0x0, 3, false, &v), MMIO_BAD_ACCESS);
	assert_int_equal(acc(u0(), 0x0, 0, false, &v), MMIO_BAD_ACCESS);
	assert_int_equal(acc(u0(), 0x1000, 4, false, &v), MMIO_BAD_ACCESS);
	/* Unimplemented offsets: RAZ/WI. */
	assert_int_equal(rd(u0(), 0x800), 0);
	wr(u0(), 0x800, 0xffffffffU);
	assert_int_equal(rd(u0(), 0x800), 0);
}

static void test_reset_values(void **state)
{
	uint32_t fr = rd(u0(), FR);

	(void)state;
	assert_int_equal(rd(u0(), CR), 0x300);
	assert_int_equal(rd(u0(), IFLS), 0x12);
	assert_int_equal(rd(u0(), IMSC), 0);
	assert_int_equal(rd(u0(), RIS), 0);
	assert_int_equal(rd(u0(), MIS), 0);
	assert_int_equal(fr & 0x1f8U, FR_TXFE | FR_RXFE);
	assert_int_equal(fr & 0x7U, 0x7); /* CTS, DSR, DCD asserted */
	assert_int_equal(fake_vgic.calls, 0);
}

static void test_registers_masked_and_narrow(void **state)
{
	uint64_t v = 0xabcd;

	(void)state;
	wr(u0(), IBRD, 0x12345678U);
	assert_int_equal(rd(u0(), IBRD), 0x5678); /* 16 bits */
	assert_int_equal(acc(u0(), IBRD, 2, true, &v), MMIO_OK);
	assert_int_equal(rd(u0(), IBRD), 0xabcd);
	v = 0x11;
	assert_int_equal(acc(u0(), IBRD + 1, 1, true, &v), MMIO_OK);
	assert_int_equal(rd(u0(), IBRD), 0x11cd);
	assert_int_equal(acc(u0(), IBRD + 1, 1, false, &v), MMIO_OK);
	assert_int_equal(v, 0x11);
	wr(u0(), IFLS, 0xffffffffU);
	assert_int_equal(rd(u0(), IFLS), 0x3f);
	wr(u0(), IMSC, 0xffffffffU);
	assert_int_equal(rd(u0(), IMSC), 0x7ff);
	/* Read-only registers ignore writes. */
	wr(u0(), FR, 0);
	assert_int_equal(rd(u0(), FR) & 0xf0U, FR_TXFE | FR_RXFE);
}

/* ---- receive ------------------------------------------------------------------ */

static void test_fr_rx_fifo_full(void **state)
{
	(void)state;
	wr(u0(), LCRH, LCRH_FEN);
	for (int i = 0; i < 16; i++) {
		assert_int_equal(rd(u0(), FR) & FR_RXFF, 0);
		vuart_rx_push(u0(), (char)('a' + i));
		assert_int_equal(rd(u0(), FR) & FR_RXFE, 0);
	}
	assert_int_equal(rd(u0(), FR) & (FR_RXFF | FR_TXFF | FR_BUSY), FR_RXFF);
	/* Past FIFO and backlog a byte is an overrun: dropped, flagged. */
	for (unsigned i = 0; i <= VUART_BACKLOG; i++)
		vuart_rx_push(u0(), 'X');
	assert_int_equal(u0()->rx_dropped, 1);
	assert_int_equal(rd(u0(), RSR), 0x8);
	assert_int_equal(rd(u0(), RIS) & INT_OE, INT_OE);
	wr(u0(), RSR, 0); /* ECR */
	assert_int_equal(rd(u0(), RSR), 0);
	for (int i = 0; i < 16; i++)
		assert_int_equal(rd(u0(), DR), 'a' + i);
	for (unsigned i = 0; i < VUART_BACKLOG; i++)
		assert_int_equal(rd(u0(), DR), 'X');
	assert_int_equal(rd(u0(), FR) & (FR_RXFE | FR_RXFF), FR_RXFE);
	assert_int_equal(rd(u0(), DR), 0); /* empty FIFO reads 0 */
}

static void test_rx_interrupts(void **state)
{
	(void)state;
	wr(u0(), LCRH, LCRH_FEN); /* trigger: IFLS 0x12 -> 8 bytes */
	wr(u0(), IMSC, INT_RX | INT_RT);
	assert_int_equal(fake_vgic.calls, 0);

	vuart_rx_push(u0(), 'h');
	assert_int_equal(rd(u0(), RIS) & (INT_RX | INT_RT), INT_RT);
	assert_int_equal(rd(u0(), MIS), INT_RT);
	assert_int_equal(fake_vgic.calls, 1);
	assert_last_level(true);

	push_str(u0(), "ello, w"); /* 8 bytes now */
	assert_int_equal(rd(u0(), RIS) & (INT_RX | INT_RT), INT_RX | INT_RT);
	assert_int_equal(fake_vgic.calls, 1); /* level unchanged: no new call */

	assert_int_equal(rd(u0(), DR), 'h'); /* 7 left: below trigger */
	assert_int_equal(rd(u0(), RIS) & (INT_RX | INT_RT), INT_RT);
	for (const char *s = "ello, w"; *s != '\0'; s++)
		assert_int_equal(rd(u0(), DR), *s);
	assert_int_equal(rd(u0(), RIS), 0);
	assert_int_equal(rd(u0(), MIS), 0);
	assert_int_equal(fake_vgic.calls, 2);
	assert_last_level(false);
}

static void test_rx_mask_and_icr(void **state)
{
	(void)state;
	vuart_rx_push(u0(), 'x');
	assert_int_equal(rd(u0(), RIS) & INT_RT, INT_RT);
	assert_int_equal(rd(u0(), MIS), 0); /* masked */
	assert_int_equal(fake_vgic.calls, 0);

	wr(u0(), IMSC, INT_RT);
	assert_int_equal(rd(u0(), MIS), INT_RT);
	assert_last_level(true);

	wr(u0(), IMSC, 0);
	assert_last_level(false);
	wr(u0(), IMSC, INT_RT);
	assert_last_level(true);

	wr(u0(), ICR, INT_RT);
	assert_int_equal(rd(u0(), RIS) & INT_RT, 0);
	assert_last_level(false);
	assert_int_equal(fake_vgic.calls, 4);
	/* The byte is still there; a new one re-raises the timeout. */
	assert_int_equal(rd(u0(), FR) & FR_RXFE, 0);
	vuart_rx_push(u0(), 'y');
	assert_last_level(true);
	assert_int_equal(rd(u0(), DR), 'x');
	assert_int_equal(rd(u0(), DR), 'y');
	assert_last_level(false);
}

static void test_rx_character_mode(void **state)
{
	(void)state;
	/* FEN=0 (reset): 1-byte holding register, RXIS on every byte. */
	wr(u0(), IMSC, INT_RX);
	vuart_rx_push(u0(), 'a');
	assert_int_equal(rd(u0(), RIS) & INT_RX, INT_RX);
	assert_int_equal(rd(u0(), FR) & (FR_RXFF | FR_RXFE), FR_RXFF);
	assert_last_level(true);
	/* 'b' waits behind the full holding register, then follows. */
	vuart_rx_push(u0(), 'b');
	assert_int_equal(u0()->rx_dropped, 0);
	assert_int_equal(rd(u0(), DR), 'a');
	assert_int_equal(rd(u0(), RIS) & INT_RX, INT_RX);
	assert_int_equal(rd(u0(), DR), 'b');
	assert_int_equal(rd(u0(), RIS) & INT_RX, 0);
	assert_last_level(false);
}

/* ---- transmit ----------------------------------------------------------------- */

static void tx_str(struct vuart *u, const char *s)
{
	while (*s != '\0')
		wr(u, DR, (uint8_t)*s++);
}

static void test_tx_line_and_txis(void **state)
{
	(void)state;
	tx_str(u0(), "hello\r");
	assert_int_equal(fake_console_len(), 0);
	wr(u0(), DR, '\n');
	/* '\r' dropped; log.c turns '\n' into "\r\n" on the board UART. */
	assert_string_equal(console_take(), "[alpha] hello\r\n");
	assert_int_equal(rd(u0(), RIS) & INT_TX, INT_TX);
	assert_int_equal(rd(u0(), MIS), 0);
	assert_int_equal(fake_vgic.calls, 0);
	assert_int_equal(rd(u0(), FR) & (FR_TXFE | FR_TXFF | FR_BUSY), FR_TXFE);

	wr(u0(), ICR, INT_TX);
	assert_int_equal(rd(u0(), RIS) & INT_TX, 0);
	wr(u0(), CR, CR_EN_TX_RX);
	assert_int_equal(rd(u0(), RIS) & INT_TX, 0); /* TXIM still off */
	wr(u0(), IMSC, INT_TX);
	/* Enabling the TX interrupt path with an empty FIFO asserts TXIS. */
	assert_int_equal(rd(u0(), MIS), INT_TX);
	assert_last_level(true);
	wr(u0(), ICR, INT_TX);
	assert_last_level(false);
	wr(u0(), IMSC, INT_TX | INT_RX); /* TXIM already on: no new TXIS */
	assert_int_equal(rd(u0(), RIS) & INT_TX, 0);
	wr(u0(), DR, 'x'); /* every write drains through the trigger */
	assert_last_level(true);
	assert_int_equal(fake_vgic.calls, 3);
}

static void test_tx_long_line_splits(void **state)
{
	const char *text;

	(void)state;
	for (unsigned i = 0; i < VUART_LINE_MAX; i++)
		wr(u0(), DR, 'z');
	text = console_take();
	assert_int_equal(str_count(text, "[alpha] "), 1);
	assert_int_equal(strlen(text), strlen("[alpha] \r\n") + VUART_LINE_MAX);
	tx_str(u0(), "tail\n");
	assert_string_equal(console_take(), "[alpha] tail\r\n");
}

static void test_tx_loopback(void **state)
{
	(void)state;
	wr(u0(), CR, CR_EN_TX_RX | CR_LBE);
	wr(u0(), DR, 'q');
	wr(u0(), DR, '\n');
	assert_int_equal(fake_console_len(), 0);
	assert_int_equal(rd(u0(), DR), 'q');
	assert_int_equal(rd(u0(), DR), '\n');
	assert_int_equal(rd(u0(), FR) & FR_RXFE, FR_RXFE);
}

/* ---- console multiplexer ------------------------------------------------------ */

static void mux_str(struct console_mux *m, const char *s)
{
	while (*s != '\0')
		console_mux_input(m, *s++);
}

/* Ctrl-\ then c. */
static void mux_cmd(struct console_mux *m, char c)
{
	console_mux_input(m, CONSOLE_ESCAPE);
	console_mux_input(m, c);
}

static unsigned rx_level(unsigned id)
{
	return parts[id].vuart.rx_count;
}

static void test_console_routes_to_focus(void **state)
{
	struct console_mux m;

	(void)state;
	console_mux_init(&m);
	assert_int_equal(m.focus, 0);
	mux_str(&m, "ab");
	assert_int_equal(rx_level(0), 2);
	assert_int_equal(rx_level(1), 0);

	mux_cmd(&m, '1');
	assert_int_equal(m.focus, 1);
	assert_string_equal(console_take(),
			    "bulkhead: console focus -> 'beta'\r\n");
	mux_str(&m, "c");
	assert_int_equal(rx_level(0), 2);
	assert_int_equal(rx_level(1), 1);
	assert_int_equal(rd(&parts[1].vuart, DR), 'c');
	/* The escape and the digit themselves reached nobody. */
	assert_int_equal(rd(u0(), DR), 'a');
	assert_int_equal(rd(u0(), DR), 'b');
	assert_int_equal(rx_level(0), 0);
}

static void test_console_bad_targets(void **state)
{
	struct console_mux m;

	(void)state;
	console_mux_init(&m);
	mux_cmd(&m, '2'); /* gamma: no virtual UART */
	assert_int_equal(m.focus, 0);
	assert_str_contains(console_take(), "no partition 2");
	mux_cmd(&m, '7'); /* no such partition */
	assert_int_equal(m.focus, 0);
	assert_str_contains(console_take(), "no partition 7");
	mux_cmd(&m, 'x'); /* unknown command: help, dropped */
	assert_false(m.escape);
	assert_str_contains(console_take(), "Ctrl-\\ then 0-9");
	assert_int_equal(rx_level(0), 0);
	assert_int_equal(rx_level(1), 0);
}

static void test_console_next_cycles(void **state)
{
	struct console_mux m;

	(void)state;
	console_mux_init(&m);
	mux_cmd(&m, 'n');
	assert_int_equal(m.focus, 1);
	assert_string_equal(console_take(),
			    "bulkhead: console focus -> 'beta'\r\n");
	mux_cmd(&m, 'n'); /* skips gamma, wraps */
	assert_int_equal(m.focus, 0);
	assert_string_equal(console_take(),
			    "bulkhead: console focus -> 'alpha'\r\n");
}

static void test_console_literal_escape(void **state)
{
	struct console_mux m;

	(void)state;
	console_mux_init(&m);
	mux_cmd(&m, CONSOLE_ESCAPE);
	mux_str(&m, "d");
	assert_int_equal(rx_level(0), 2);
	assert_int_equal(rd(u0(), DR), 0x1c);
	assert_int_equal(rd(u0(), DR), 'd');
	assert_int_equal(m.focus, 0);
	assert_int_equal(fake_console_len(), 0);
	/* An escape pending across calls keeps its meaning. */
	console_mux_input(&m, CONSOLE_ESCAPE);
	assert_true(m.escape);
	assert_int_equal(rx_level(0), 0);
	console_mux_input(&m, '1');
	assert_int_equal(m.focus, 1);
}

static void test_console_list(void **state)
{
	struct console_mux m;
	const char *text;

	(void)state;
	console_mux_init(&m);
	mux_cmd(&m, '?');
	text = console_take();
	assert_int_equal(str_count(text, "bulkhead: console: "),
			 1 + ARRAY_SIZE(parts));
	assert_str_contains(text, "* 0 'alpha'");
	assert_str_contains(text, "  1 'beta'");
	assert_str_contains(text, "2 'gamma' no virtual UART");
	assert_int_equal(rx_level(0), 0);
	assert_int_equal(m.focus, 0);
}

static void test_console_global(void **state)
{
	(void)state;
	console_init();
	assert_str_contains(console_take(),
			    "bulkhead: console focus -> 'alpha'");
	assert_ptr_equal(console_focus(), &parts[0]);
	/* Input is taken where it goes: on the focused partition's core. */
	assert_ptr_equal(fake.console_follow, &parts[0]);
	console_input_char('k');
	console_input_char(CONSOLE_ESCAPE);
	assert_int_equal(fake.console_follows, 1);
	console_input_char('1');
	assert_ptr_equal(console_focus(), &parts[1]);
	assert_ptr_equal(fake.console_follow, &parts[1]);
	assert_int_equal(fake.console_follows, 2);
	console_input_char('m');
	assert_int_equal(rd(u0(), DR), 'k');
	assert_int_equal(rd(&parts[1].vuart, DR), 'm');
}

static void test_console_interrupt_path(void **state)
{
	struct console_mux m;

	(void)state;
	/* End to end: input byte -> RX FIFO -> RTIS -> vGIC line. */
	console_mux_init(&m);
	wr(u0(), IMSC, INT_RX | INT_RT);
	console_mux_input(&m, 'z');
	assert_last_level(true);
	assert_int_equal(rd(u0(), DR), 'z');
	assert_last_level(false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_id_registers, setup),
	    cmocka_unit_test_setup(test_bad_accesses, setup),
	    cmocka_unit_test_setup(test_reset_values, setup),
	    cmocka_unit_test_setup(test_registers_masked_and_narrow, setup),
	    cmocka_unit_test_setup(test_fr_rx_fifo_full, setup),
	    cmocka_unit_test_setup(test_rx_interrupts, setup),
	    cmocka_unit_test_setup(test_rx_mask_and_icr, setup_fifo),
	    cmocka_unit_test_setup(test_rx_character_mode, setup),
	    cmocka_unit_test_setup(test_tx_line_and_txis, setup),
	    cmocka_unit_test_setup(test_tx_long_line_splits, setup),
	    cmocka_unit_test_setup(test_tx_loopback, setup_fifo),
	    cmocka_unit_test_setup(test_console_routes_to_focus, setup_fifo),
	    cmocka_unit_test_setup(test_console_bad_targets, setup_fifo),
	    cmocka_unit_test_setup(test_console_next_cycles, setup_fifo),
	    cmocka_unit_test_setup(test_console_literal_escape, setup_fifo),
	    cmocka_unit_test_setup(test_console_list, setup_fifo),
	    cmocka_unit_test_setup(test_console_global, setup_fifo),
	    cmocka_unit_test_setup(test_console_interrupt_path, setup_fifo),
	};

	return cmocka_run_group_tests_name("vuart_full", tests, NULL, NULL);
}
