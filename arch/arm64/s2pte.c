// SPDX-License-Identifier: Apache-2.0
/*
 * Stage-2 descriptor encodings (Arm ARM D8.3, VMSAv8-64 descriptor formats;
 * D8.5.5 stage 2 memory attributes) and the VTCR geometry.
 */
#include "priv/arch_priv.h"
#include "priv/sysreg.h"

#define PTE_VALID BIT(0)
#define PTE_TYPE_TABLE BIT(1) /* also "page" at level 3 */
#define PTE_ADDR_MASK UINT64_C(0x0000fffffffff000)
#define S2_MEMATTR_SHIFT 2
#define S2_MEMATTR_NORMAL_WB UINT64_C(0xf)
#define S2_MEMATTR_DEVICE_NGNRE UINT64_C(0x1)
#define S2_AP_RW (UINT64_C(3) << 6)
#define S2_SH_INNER (UINT64_C(3) << 8)
#define S2_AF BIT(10)
#define S2_XN (UINT64_C(2) << 53)

/* Guest IPA space: the CPU's PA size, capped at 40 bits so that the start
 * level is always 1 with at most two concatenated tables (D8.2.5). */
#define S2_MAX_IPA_BITS 40U

struct s2_geometry arch_s2_geometry(void)
{
	unsigned bits = MIN(arch_pa_bits(), S2_MAX_IPA_BITS);

	return (struct s2_geometry){
	    .ipa_bits = bits,
	    .start_level = 1,
	    .root_pages = bits > 39 ? 1U << (bits - 39) : 1U,
	};
}

uint64_t arch_s2_vtcr(void)
{
	struct s2_geometry g = arch_s2_geometry();

	/* SL0 = 1: start at level 1 with the 4 KiB granule. */
	return VTCR_RES1 | ((64U - g.ipa_bits) << VTCR_T0SZ_SHIFT) |
	       (UINT64_C(1) << VTCR_SL0_SHIFT) | VTCR_IRGN0_WBWA |
	       VTCR_ORGN0_WBWA | VTCR_SH0_INNER |
	       (MIN(arch_parange(), UINT64_C(5)) << VTCR_PS_SHIFT);
}

uint64_t arch_s2_pte_table(struct paddr next)
{
	return (pa_addr(next) & PTE_ADDR_MASK) | PTE_VALID | PTE_TYPE_TABLE;
}

uint64_t arch_s2_pte_leaf(struct paddr pa, unsigned level,
			  enum s2_mem_type type)
{
	uint64_t pte =
	    (pa_addr(pa) & PTE_ADDR_MASK) | PTE_VALID | S2_AP_RW | S2_AF;

	if (level == 3)
		pte |= PTE_TYPE_TABLE;
	if (type == S2_MEM_DEVICE)
		return pte | S2_XN |
		       (S2_MEMATTR_DEVICE_NGNRE << S2_MEMATTR_SHIFT);
	return pte | S2_SH_INNER | (S2_MEMATTR_NORMAL_WB << S2_MEMATTR_SHIFT);
}

bool arch_pte_is_valid(uint64_t pte)
{
	return (pte & PTE_VALID) != 0;
}

bool arch_pte_is_table(uint64_t pte, unsigned level)
{
	return level < 3 && (pte & (PTE_VALID | PTE_TYPE_TABLE)) ==
				(PTE_VALID | PTE_TYPE_TABLE);
}

struct paddr arch_pte_addr(uint64_t pte)
{
	return pa_init(pte & PTE_ADDR_MASK);
}

void arch_s2_tlb_flush_vmid(uint16_t vmid)
{
	uint64_t saved = read_vttbr_el2();

	write_vttbr_el2((uint64_t)vmid << VTTBR_VMID_SHIFT);
	isb();
	__asm__ volatile("tlbi vmalls12e1is\n\tdsb ish" ::: "memory");
	write_vttbr_el2(saved);
	isb();
}
