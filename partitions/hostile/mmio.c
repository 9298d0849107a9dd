// SPDX-License-Identifier: Apache-2.0
/*
 * Malformed accesses to the devices the hypervisor emulates for us: the
 * virtual distributor, the virtual UART and (GICv3) our redistributor
 * frame.  Wrong widths and misaligned or straddling accesses have a
 * syndrome the emulation must refuse; load/store pair, writeback,
 * exclusive, SIMD and DC ZVA forms have none it can use (ISS.ISV = 0).
 * Every one must come back as an injected abort, with no register loaded
 * or written back and no byte reaching the console; afterwards a plain
 * 32-bit read must still give what it gave before ("intact").
 *
 * Misaligned, exclusive and DC ZVA forms go through the Normal alias
 * (mmu.c): on a Device mapping they would take an alignment fault at EL1,
 * before the hypervisor sees them.
 *
 *   name=mmio-<dev> result=contained ops=<n> ok=<n> esr=0x<e> intact=<0|1>
 */
#include "hostile.h"

#define TILDES 0x7e7e7e7e7e7e7e7eUL /* '~' in every byte lane */

static void try(struct tally *t, enum op op, uint64_t va)
{
	struct probe p;

	probe(op, va, TILDES, &p);
	tally_abort(t, &p, va);
}

/* base: the device's first register; id: a register that reads the same
 * every time; size: the emulated window (for the straddling access). */
static void malformed(const char *name, uint64_t base, uint64_t id,
		      uint64_t size)
{
	uint64_t alias = ALIAS_NC + base;
	uint32_t before = g_mmio_r32(id);
	struct tally t = {0};
	bool intact;

	try(&t, OP_R64, base); /* too wide */
	try(&t, OP_W64, base);
	try(&t, OP_R32, alias + 1); /* misaligned */
	try(&t, OP_W16, alias + 1);
	try(&t, OP_R64, alias + size - 4); /* across the window's end */
	try(&t, OP_LDP, base);
	try(&t, OP_STP, base);
	try(&t, OP_LDR_POST, base);
	try(&t, OP_STR_PRE, base);
	try(&t, OP_LDXR, alias);
	try(&t, OP_STXR, alias);
	try(&t, OP_LD1, base);
	try(&t, OP_ZVA, alias);
	intact = g_mmio_r32(id) == before;
	atk_report(name, intact ? tally_result(&t, "contained") : "unexpected",
		   "ops=%u ok=%u esr=0x%llx intact=%u", t.ops, t.ok,
		   (unsigned long long)t.esr, intact);
}

void attack_mmio(void)
{
	/* GICD_TYPER; UARTFR would change with the FIFO, the PL011's
	 * UARTPeriphID0 (0xfe0) does not; GICR_TYPER. */
	malformed("mmio-vgicd", G_GICD, G_GICD + 0x4, 0x10000);
	malformed("mmio-vuart", VUART, VUART + 0xfe0, 0x1000);
	if (gic_version == 3)
		malformed("mmio-vgicr", G_GICR, G_GICR + 0x8, G_GICR_STRIDE);
}
