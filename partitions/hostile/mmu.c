// SPDX-License-Identifier: Apache-2.0
/*
 * The hostile guest's own stage-1 translation, so that it can make
 * accesses a guest with its MMU off cannot: with the MMU off every data
 * access is Device-nGnRnE, and a misaligned access or DC ZVA then takes an
 * alignment fault at EL1 before the hypervisor ever sees it.  Through a
 * Normal mapping they reach stage 2 and the hypervisor has to deal with
 * them.
 *
 * One level-1 table, 4 KiB granule, 39-bit VA (TCR_EL1.T0SZ = 25), 1 GiB
 * blocks (Arm ARM D8.3, "Translation table descriptor formats"):
 *   VA 0-1 GiB    -> PA 0           Device-nGnRE, XN  (device space)
 *   VA 1-4 GiB    -> PA 1-4 GiB     Normal write-back (RAM and beyond)
 *   VA 4 GiB      -> PA 0           Normal Non-cacheable, XN (ALIAS_NC)
 *   VA 5 GiB      -> PA 0xffc0000000 (the top of a 40-bit IPA space)
 *   VA 6 GiB      -> PA 1 TiB       (past it), only if the CPU's PA range
 *                                   reaches that far
 *   VA 7, 8, 9 GiB -> a level-2 table in the victim's RAM, the hypervisor's
 *                    image and the emulated distributor: the walk itself
 *                    must fault at stage 2
 *   VA 10 GiB     -> a level-2 table of our own with one 2 MiB block, PA
 *                    0x09000000, Normal and executable (ALIAS_EXEC)
 */
#include "hostile.h"

#define DESC_BLOCK 0x1UL
#define DESC_TABLE 0x3UL
#define DESC_ATTR(i) ((uint64_t)(i) << 2)
#define DESC_SH_INNER (3UL << 8)
#define DESC_AF (1UL << 10)
#define DESC_XN ((1UL << 53) | (1UL << 54)) /* PXN | UXN */
#define ATTR_DEVICE 0 /* MAIR index: Device-nGnRE (0x04) */
#define ATTR_WB 1 /* Normal, inner/outer write-back (0xff) */
#define ATTR_NC 2 /* Normal, inner/outer Non-cacheable (0x44) */
#define MAIR ((0x04UL << 0) | (0xffUL << 8) | (0x44UL << 16))
#define GIB (1UL << 30)
/* TCR_EL1: T0SZ = 25, table walks Non-cacheable (IRGN0 = ORGN0 = 0, so
 * tables written with the MMU off need no cache maintenance), TG0 = 4 KiB,
 * EPD1 (no TTBR1 walks), T1SZ = 25, IPS [34:32] = the CPU's PA range. */
#define TCR_BASE ((25UL << 0) | (1UL << 23) | (25UL << 16))
#define TCR_IPS_SHIFT 32
#define SCTLR_M (1UL << 0)
#define SCTLR_C (1UL << 2)
#define SCTLR_I (1UL << 12)
#define CPACR_FPEN (3UL << 20)

static uint64_t l1_table[512] __attribute__((aligned(4096)));
static uint64_t exec_l2[512] __attribute__((aligned(4096)));

static uint64_t parange(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, id_aa64mmfr0_el1" : "=r"(v));
	return v & 0xfU;
}

/* ID_AA64MMFR0_EL1.PARange (Arm ARM D19.2.64). */
unsigned pa_bits(void)
{
	static const unsigned char bits[] = {32, 36, 40, 42, 44, 48, 52};
	uint64_t r = parange();

	return r < sizeof(bits) ? bits[r] : 48U;
}

static uint64_t block(uint64_t pa, unsigned attr)
{
	uint64_t d = pa | DESC_BLOCK | DESC_ATTR(attr) | DESC_AF;

	if (attr == ATTR_DEVICE || attr == ATTR_NC)
		d |= DESC_XN;
	if (attr == ATTR_WB)
		d |= DESC_SH_INNER;
	return d;
}

void mmu_enable(void)
{
	uint64_t sctlr, ips = parange() > 5 ? 5 : parange(); /* <= 48 bits */

	l1_table[0] = block(0, ATTR_DEVICE);
	for (unsigned i = 1; i < 4; i++)
		l1_table[i] = block(i * GIB, ATTR_WB);
	l1_table[ALIAS_NC / GIB] = block(0, ATTR_NC);
	l1_table[ALIAS_IPA_TOP / GIB] = block(IPA_TOP_BASE, ATTR_NC);
	if (pa_bits() > 40)
		l1_table[ALIAS_IPA_BEYOND / GIB] =
		    block(IPA_BEYOND_BASE, ATTR_NC);
	l1_table[ALIAS_PTW_VICTIM / GIB] = VICTIM_PRECIOUS | DESC_TABLE;
	l1_table[ALIAS_PTW_HYP / GIB] = HYP_IMAGE | DESC_TABLE;
	l1_table[ALIAS_PTW_GICD / GIB] = G_GICD | DESC_TABLE;
	exec_l2[(VUART % GIB) >> 21] =
	    VUART | DESC_BLOCK | DESC_ATTR(ATTR_NC) | DESC_AF; /* executable */
	l1_table[ALIAS_EXEC / GIB] = (uint64_t)(uintptr_t)exec_l2 | DESC_TABLE;
	__asm__ volatile("dsb sy\n\t"
			 "msr mair_el1, %0\n\t"
			 "msr tcr_el1, %1\n\t"
			 "msr ttbr0_el1, %2\n\t"
			 "isb\n\t"
			 "tlbi vmalle1\n\t"
			 "dsb nsh\n\t"
			 "isb"
			 :
			 : "r"(MAIR), "r"(TCR_BASE | (ips << TCR_IPS_SHIFT)),
			   "r"((uint64_t)(uintptr_t)l1_table)
			 : "memory");
	__asm__ volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
	sctlr |= SCTLR_M | SCTLR_C | SCTLR_I;
	__asm__ volatile("msr sctlr_el1, %0\n\tisb" : : "r"(sctlr) : "memory");
	/* FP/SIMD on at EL1 for the SIMD load probes (CPACR_EL1.FPEN). */
	__asm__ volatile("msr cpacr_el1, %0\n\tisb" : : "r"(CPACR_FPEN));
}
