// SPDX-License-Identifier: Apache-2.0
/*
 * The hypervisor's own EL2 stage-1 translation: an identity map built from
 * 1 GiB blocks at level 1 (4 KiB granule, 39-bit VA, so one 512-entry table;
 * Arm ARM D8.2).  The board's device space is Device-nGnRE and execute-never,
 * its RAM Normal write-back.  Nothing else is mapped.
 */
#include <bulkhead/config.h>
#include "priv/arch_priv.h"
#include "priv/sysreg.h"

#define EL2_VA_BITS 39U
#define PTE_BLOCK UINT64_C(0x1)
#define PTE_ATTRIDX_SHIFT 2
#define PTE_SH_INNER (UINT64_C(3) << 8)
#define PTE_AF BIT(10)
#define PTE_XN BIT(54)

static uint64_t el2_l1[512] __attribute__((aligned(4096)));

static const unsigned parange_bits[] = {32, 36, 40, 42, 44, 48, 52};

uint64_t arch_parange(void)
{
	uint64_t r = read_id_aa64mmfr0_el1() & MMFR0_PARANGE_MASK;

	return r < ARRAY_SIZE(parange_bits) ? r : ARRAY_SIZE(parange_bits) - 1;
}

unsigned arch_pa_bits(void)
{
	return parange_bits[arch_parange()];
}

static void map_gib(uint64_t base, uint64_t size, uint64_t attrs)
{
	for (uint64_t a = ALIGN_DOWN(base, GiB(1)); a < base + size;
	     a += GiB(1)) {
		if ((a >> 30) >= ARRAY_SIZE(el2_l1))
			return;
		el2_l1[a >> 30] = a | attrs;
	}
}

static void build_tables(void)
{
	const struct cfg_board *b = cfg_system.board;
	uint64_t dev = PTE_BLOCK | PTE_AF | PTE_XN |
		       ((uint64_t)MAIR_IDX_DEVICE << PTE_ATTRIDX_SHIFT);
	uint64_t ram = PTE_BLOCK | PTE_AF | PTE_SH_INNER |
		       ((uint64_t)MAIR_IDX_NORMAL << PTE_ATTRIDX_SHIFT);

	map_gib(b->dev_base, b->dev_size, dev);
	map_gib(b->ram_base, b->ram_size, ram);
	/* The table was written with the MMU off: make sure no stale line
	 * hides it from the walker. */
	arch_dcache_clean_range(va_init((uint64_t)(uintptr_t)el2_l1),
				sizeof(el2_l1));
}

void arch_mmu_enable(bool build)
{
	uint64_t tcr = TCR_EL2_RES1 | ((64U - EL2_VA_BITS) << TCR_T0SZ_SHIFT) |
		       TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER |
		       (MIN(arch_parange(), UINT64_C(5)) << TCR_PS_SHIFT);

	if (build)
		build_tables();
	__asm__ volatile("tlbi alle2\n\tdsb ish\n\tisb" ::: "memory");
	write_mair_el2(MAIR_EL2_VALUE);
	write_tcr_el2(tcr);
	write_ttbr0_el2((uint64_t)(uintptr_t)el2_l1);
	isb();
	write_sctlr_el2(SCTLR_EL2_RES1 | SCTLR_M | SCTLR_C | SCTLR_I |
			SCTLR_SA);
	isb();
}
