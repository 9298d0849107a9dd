// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer harness: the virtual PL011 (core/vuart.c) and the console input
 * multiplexer (core/console.c), on the host against tests/unit/fake.
 *
 * Three partitions: alpha and beta have a virtual UART, gamma has none.
 * Each input is a sequence of operations (see the switch below): guest
 * MMIO accesses at any offset and width, bytes pushed straight into a
 * FIFO, and byte streams through the console multiplexer.  After every
 * operation the invariants of check() must hold.
 */
#include <string.h>

#include <bulkhead/console.h>
#include <bulkhead/part.h>
#include <bulkhead/vuart.h>

#include "fake.h"
#include "fuzz_input.h"

#define FR 0x018U
#define DR 0x000U
#define FR_RXFE 0x10U
#define FR_TXFF 0x20U
#define FR_RXFF 0x40U
#define FR_TXFE 0x80U
#define FR_BUSY 0x08U
#define LCRH_FEN 0x10U
#define INT_RT 0x40U

static const struct cfg_part cfgs[] = {
    {.name = "alpha", .console = CONSOLE_VUART, .vuart_intid = 33},
    {.name = "beta", .console = CONSOLE_VUART, .vuart_intid = 34},
    {.name = "gamma", .console = CONSOLE_NONE, .vuart_intid = 35},
};
static struct part parts[ARRAY_SIZE(cfgs)];
static struct console_mux mux;

/* console.c's view of the partitions (no core/part.c linked). */
struct part *part_get(unsigned id)
{
	return id < ARRAY_SIZE(parts) ? &parts[id] : NULL;
}

unsigned part_count(void)
{
	return (unsigned)ARRAY_SIZE(parts);
}

/* Registers with behaviour, plus their neighbours and the ID block. */
static const uint16_t offsets[] = {
    0x000, 0x001, 0x002, 0x003, 0x004,	0x018,	0x019,	0x020, 0x024,
    0x028, 0x02c, 0x02d, 0x030, 0x031,	0x034,	0x038,	0x039, 0x03c,
    0x040, 0x044, 0x045, 0x048, 0x080,	0xfe0,	0xfe4,	0xfec, 0xff0,
    0xffc, 0xffd, 0xffe, 0xfff, 0x1000, 0x1004, 0xfffc,
};
static const unsigned widths[] = {1, 2, 4, 1, 2, 4, 8, 0, 3};

static unsigned depth(const struct vuart *u)
{
	return (u->lcrh & LCRH_FEN) ? VUART_FIFO_DEPTH : 1U;
}

static void check_one(struct part *p)
{
	struct vuart *u = &p->vuart;
	struct mmio_access a = {.offset = FR, .width = 4};
	uint32_t fr;

	FZ_CHECK(u->rx_count <= VUART_FIFO_DEPTH, "%s rx_count %u",
		 p->cfg->name, u->rx_count);
	FZ_CHECK(u->rx_head < VUART_FIFO_DEPTH, "rx_head %u", u->rx_head);
	FZ_CHECK(u->len < VUART_LINE_MAX, "line len %u", u->len);
	FZ_CHECK(u->level == ((u->ris & u->imsc & 0x7ffU) != 0),
		 "UARTINTR %d vs RIS 0x%x IMSC 0x%x", u->level, u->ris,
		 u->imsc);
	FZ_CHECK(!(u->ris & INT_RT) || u->rx_count > 0,
		 "RTIS with an empty FIFO");
	/* The lock is free between operations. */
	FZ_CHECK(atomic_load(&u->lock.next) == atomic_load(&u->lock.owner),
		 "vuart lock left held");
	/* FR is a pure read: flags consistent with the FIFO level. */
	FZ_CHECK(vuart_mmio(u, &a) == MMIO_OK, "FR read rejected");
	fr = (uint32_t)a.value;
	FZ_CHECK(!!(fr & FR_RXFE) == (u->rx_count == 0), "FR 0x%x, %u queued",
		 fr, u->rx_count);
	FZ_CHECK(!!(fr & FR_RXFF) == (u->rx_count >= depth(u)),
		 "FR 0x%x, %u queued, depth %u", fr, u->rx_count, depth(u));
	FZ_CHECK((fr & (FR_TXFF | FR_BUSY)) == 0 && (fr & FR_TXFE),
		 "FR 0x%x: TX never busy", fr);
	FZ_CHECK(a.value <= 0xffffffffU, "FR read 0x%llx",
		 (unsigned long long)a.value);
}

static void check(void)
{
	for (unsigned i = 0; i < ARRAY_SIZE(parts); i++)
		check_one(&parts[i]);
	/* Input never reaches a partition without a virtual UART. */
	FZ_CHECK(parts[2].vuart.rx_count == 0 && parts[2].vuart.ris == 0,
		 "gamma got console input");
	FZ_CHECK(mux.focus == CONSOLE_NO_FOCUS || mux.focus < 2,
		 "focus on partition %u", mux.focus);
	/* The last interrupt line change went to the vuart's own SPI. */
	if (fake_vgic.calls != 0) {
		struct part *p = fake_vgic.part;

		FZ_CHECK(p >= parts && p < parts + ARRAY_SIZE(parts),
			 "vgic_set_level on a foreign partition");
		FZ_CHECK(fake_vgic.intid == p->cfg->vuart_intid,
			 "SPI %u for %s", fake_vgic.intid, p->cfg->name);
	}
}

static void mmio(struct fz_in *in)
{
	struct part *p = &parts[fz_u8(in) % 2U];
	struct vuart *u = &p->vuart;
	uint8_t how = fz_u8(in);
	struct mmio_access a = {
	    .offset =
		(how & 0x80) ? FZ_PICK(in, offsets) : (fz_u16(in) & 0x1fffU),
	    .width = FZ_PICK(in, widths),
	    .write = (how & 1) != 0,
	};
	unsigned count = u->rx_count;
	unsigned waiting = u->rx_count + u->bl_count;
	uint8_t head = u->rx[u->rx_head];
	bool pops =
	    !a.write && (a.offset & ~UINT64_C(3)) == DR && (a.offset & 3U) == 0;
	enum mmio_result r;

	if (a.write)
		a.value = fz_value(in);
	else
		a.value = fz_u64(in); /* garbage a read must overwrite */
	r = vuart_mmio(u, &a);
	if (r != MMIO_OK) {
		FZ_CHECK(r == MMIO_BAD_ACCESS, "result %d", r);
		FZ_CHECK(
		    a.width != 1 && a.width != 2 && a.width != 4
			? true
			: (a.offset % a.width != 0 || a.offset >= VUART_SIZE),
		    "good access rejected: off 0x%llx width %u",
		    (unsigned long long)a.offset, a.width);
		FZ_CHECK(u->rx_count == count, "rejected access changed FIFO");
		return;
	}
	FZ_CHECK(a.width == 1 || a.width == 2 || a.width == 4,
		 "width %u accepted", a.width);
	if (a.write)
		return;
	FZ_CHECK(a.value < (UINT64_C(1) << (a.width * 8)),
		 "read of %u bytes at 0x%llx gave 0x%llx", a.width,
		 (unsigned long long)a.offset, (unsigned long long)a.value);
	if (pops && count > 0) {
		/* One byte leaves; a byte waiting in the backlog may move
		 * into the FIFO behind it. */
		FZ_CHECK(u->rx_count + u->bl_count == waiting - 1,
			 "DR read did not pop");
		FZ_CHECK(a.value == head, "DR 0x%llx, FIFO head 0x%x",
			 (unsigned long long)a.value, head);
	} else if (!pops) {
		FZ_CHECK(u->rx_count == count, "read at 0x%llx popped",
			 (unsigned long long)a.offset);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = fz_init(data, size);

	fake_reset();
	for (unsigned i = 0; i < ARRAY_SIZE(parts); i++) {
		parts[i] = (struct part){.cfg = &cfgs[i], .id = i};
		vuart_init(&parts[i].vuart, &parts[i], cfgs[i].name,
			   cfgs[i].vuart_intid);
	}
	console_mux_init(&mux);
	while (!fz_done(&in)) {
		uint8_t op = fz_u8(&in);

		switch (op % 4U) {
		case 0:
		case 1:
			mmio(&in);
			break;
		case 2: /* a byte from another core's console IRQ */
			vuart_rx_push(&parts[fz_u8(&in) % 2U].vuart,
				      (char)fz_u8(&in));
			break;
		default: /* a burst of board-console input */
			for (unsigned n = (op >> 2) % 16U + 1U; n > 0; n--)
				console_mux_input(&mux, (char)fz_u8(&in));
			break;
		}
		check();
	}
	return 0;
}
