/* SPDX-License-Identifier: Apache-2.0 */
/*
 * System register accessors and field definitions (Arm ARM D19, "AArch64
 * System Register Descriptions").  One macro generates typed accessors per
 * register; fields are *_SHIFT / *_MASK or single bits.  Private to arch/.
 */
#ifndef ARCH_SYSREG_H
#define ARCH_SYSREG_H

#include <bulkhead/types.h>

#define SYSREG_READ(name)                                                      \
	static inline uint64_t read_##name(void)                               \
	{                                                                      \
		uint64_t v;                                                    \
		__asm__ volatile("mrs %0, " #name : "=r"(v));                  \
		return v;                                                      \
	}
#define SYSREG_WRITE(name)                                                     \
	static inline void write_##name(uint64_t v)                            \
	{                                                                      \
		__asm__ volatile("msr " #name ", %x0" : : "rZ"(v));            \
	}
#define SYSREG_RW(name) SYSREG_READ(name) SYSREG_WRITE(name)

SYSREG_READ(currentel)
SYSREG_READ(mpidr_el1)
SYSREG_READ(midr_el1)
SYSREG_READ(id_aa64mmfr0_el1)
SYSREG_READ(id_aa64pfr0_el1)
SYSREG_READ(cntpct_el0)
SYSREG_READ(cntfrq_el0)
SYSREG_READ(esr_el2)
SYSREG_READ(far_el2)
SYSREG_READ(hpfar_el2)
SYSREG_READ(pmcr_el0)
SYSREG_RW(tpidr_el2)
SYSREG_RW(vbar_el2)
SYSREG_RW(sctlr_el2)
SYSREG_RW(tcr_el2)
SYSREG_RW(mair_el2)
SYSREG_RW(ttbr0_el2)
SYSREG_RW(hcr_el2)
SYSREG_RW(vttbr_el2)
SYSREG_RW(vtcr_el2)
SYSREG_RW(vmpidr_el2)
SYSREG_RW(vpidr_el2)
SYSREG_RW(cntvoff_el2)
SYSREG_RW(cnthctl_el2)
SYSREG_RW(cptr_el2)
SYSREG_RW(mdcr_el2)
SYSREG_RW(elr_el2)
SYSREG_RW(spsr_el2)
SYSREG_RW(sctlr_el1)
SYSREG_RW(tcr_el1)
SYSREG_RW(ttbr0_el1)
SYSREG_RW(ttbr1_el1)
SYSREG_RW(mair_el1)
SYSREG_RW(vbar_el1)
SYSREG_RW(esr_el1)
SYSREG_RW(far_el1)
SYSREG_RW(elr_el1)
SYSREG_RW(spsr_el1)
SYSREG_RW(sp_el1)
SYSREG_RW(sp_el0)
SYSREG_RW(cpacr_el1)
SYSREG_RW(contextidr_el1)
SYSREG_RW(tpidr_el1)
SYSREG_RW(tpidr_el0)
SYSREG_RW(cntkctl_el1)
SYSREG_RW(cntv_ctl_el0)
SYSREG_RW(cntp_ctl_el0)
SYSREG_RW(cnthp_ctl_el2)
SYSREG_RW(cnthp_cval_el2)
SYSREG_RW(par_el1)

static inline void isb(void)
{
	__asm__ volatile("isb" ::: "memory");
}

static inline void dsb_ish(void)
{
	__asm__ volatile("dsb ish" ::: "memory");
}

static inline void dsb_sy(void)
{
	__asm__ volatile("dsb sy" ::: "memory");
}

/* CurrentEL (D19.2.29): EL in bits [3:2]. */
#define CURRENTEL_EL_SHIFT 2
#define CURRENTEL_EL_MASK UINT64_C(0x3)

/* MPIDR_EL1 affinity fields (D19.2.101). */
#define MPIDR_AFF_MASK UINT64_C(0xff00ffffff)
#define MPIDR_AFF0_MASK UINT64_C(0xff)
#define MPIDR_AFF1_SHIFT 8
#define MPIDR_AFF2_SHIFT 16
#define MPIDR_AFF3_SHIFT 32

/* MIDR_EL1 (D19.2.100). */
#define MIDR_PARTNUM_SHIFT 4
#define MIDR_PARTNUM_MASK UINT64_C(0xfff)
#define MIDR_IMPL_SHIFT 24
#define MIDR_IMPL_MASK UINT64_C(0xff)

/* ID_AA64MMFR0_EL1.PARange (D19.2.64). */
#define MMFR0_PARANGE_MASK UINT64_C(0xf)
/* ID_AA64PFR0_EL1.GIC: system-register CPU interface present. */
#define PFR0_GIC_SHIFT 24
#define PFR0_GIC_MASK UINT64_C(0xf)

/* HCR_EL2 (D19.2.48). */
#define HCR_VM BIT(0)
#define HCR_SWIO BIT(1)
#define HCR_FMO BIT(3)
#define HCR_IMO BIT(4)
#define HCR_AMO BIT(5)
#define HCR_FB BIT(9)
#define HCR_BSU_IS (UINT64_C(1) << 10)
#define HCR_TSC BIT(19)
#define HCR_TIDCP BIT(20)
#define HCR_TSW BIT(22)
#define HCR_RW BIT(31)

/* SCTLR_EL2 / SCTLR_EL1 (D19.2.118-119). */
#define SCTLR_M BIT(0)
#define SCTLR_A BIT(1)
#define SCTLR_C BIT(2)
#define SCTLR_SA BIT(3)
#define SCTLR_I BIT(12)
#define SCTLR_EL2_RES1 UINT64_C(0x30c50830)
#define SCTLR_EL1_RES1 UINT64_C(0x30d00800)

/* TCR_EL2 (non-VHE, D19.2.124). */
#define TCR_T0SZ_SHIFT 0
#define TCR_IRGN0_WBWA (UINT64_C(1) << 8)
#define TCR_ORGN0_WBWA (UINT64_C(1) << 10)
#define TCR_SH0_INNER (UINT64_C(3) << 12)
#define TCR_PS_SHIFT 16
#define TCR_EL2_RES1 (BIT(31) | BIT(23))

/* VTCR_EL2 (D19.2.157). */
#define VTCR_T0SZ_SHIFT 0
#define VTCR_SL0_SHIFT 6
#define VTCR_IRGN0_WBWA (UINT64_C(1) << 8)
#define VTCR_ORGN0_WBWA (UINT64_C(1) << 10)
#define VTCR_SH0_INNER (UINT64_C(3) << 12)
#define VTCR_PS_SHIFT 16
#define VTCR_RES1 BIT(31)
#define VTTBR_VMID_SHIFT 48

/* MAIR attribute indices used by the EL2 stage-1 tables. */
#define MAIR_IDX_DEVICE 0 /* Device-nGnRE */
#define MAIR_IDX_NORMAL 1 /* Normal, inner/outer write-back */
#define MAIR_EL2_VALUE UINT64_C(0xff04)

/* CNTHP_CTL_EL2.ENABLE (Arm ARM D19.11, IMASK = 0: the timer asserts). */
#define CNTHP_CTL_ENABLE BIT(0)
/* The EL2 physical timer's PPI (SBSA, QEMU virt and the Pi 4 alike). */
#define INTID_CNTHP 26U
/* CNTHCTL_EL2 (non-VHE): EL1 may use the physical counter and timer. */
#define CNTHCTL_EL1PCTEN BIT(0)
#define CNTHCTL_EL1PCEN BIT(1)

/* CPTR_EL2 RES1 bits (non-VHE); TFP clear = FP/SIMD not trapped. */
#define CPTR_EL2_RES1 UINT64_C(0x33ff)

/* MDCR_EL2.HPMN: counters available to EL1 = PMCR_EL0.N. */
#define PMCR_N_SHIFT 11
#define PMCR_N_MASK UINT64_C(0x1f)

/* SPSR: EL1h with D, A, I, F masked (D1.6.4). */
#define SPSR_EL1H_MASKED UINT64_C(0x3c5)
#define SPSR_MODE_MASK UINT64_C(0x1f)
#define SPSR_MODE_EL0T 0x0U
#define SPSR_MODE_EL1T 0x4U
#define SPSR_MODE_EL1H 0x5U
#define SPSR_NRW BIT(4)

#endif /* ARCH_SYSREG_H */
