/* SPDX-License-Identifier: Apache-2.0 */
/* Physical GIC registers and state, shared by gic.c and gic_virt.c only. */
#ifndef ARCH_GIC_REGS_H
#define ARCH_GIC_REGS_H

#include <bulkhead/config.h>
#include <bulkhead/types.h>

/* Distributor (IHI 0048B 4.3, IHI 0069 12.9). */
#define GICD_CTLR 0x0000U
#define GICD_TYPER 0x0004U
#define GICD_IGROUPR 0x0080U
#define GICD_ISENABLER 0x0100U
#define GICD_ICENABLER 0x0180U
#define GICD_ICPENDR 0x0280U
#define GICD_ICACTIVER 0x0380U
#define GICD_IPRIORITYR 0x0400U
#define GICD_ITARGETSR 0x0800U
#define GICD_ICFGR 0x0c00U
#define GICD_SGIR 0x0f00U
#define GICD_IROUTER 0x6000U
#define GICD_CTLR_ARE BIT(4)

/* Redistributor (IHI 0069 12.10, 12.11). */
#define GICR_STRIDE 0x20000U
#define GICR_WAKER 0x0014U
#define GICR_TYPER 0x0008U
#define GICR_TYPER_LAST BIT(4)
#define GICR_WAKER_SLEEP BIT(1)
#define GICR_WAKER_ASLEEP BIT(2)
#define GICR_SGI 0x10000U

/* GICv2 virtual interface control (IHI 0048B 5.3). */
#define GICH_HCR 0x0000U
#define GICH_VTR 0x0004U
#define GICH_VMCR 0x0008U
#define GICH_APR 0x00f0U
#define GICH_LR0 0x0100U

static inline volatile uint32_t *gic_reg32(uint64_t base, uint64_t off)
{
	return (volatile uint32_t *)(uintptr_t)(base + off);
}

static inline volatile uint64_t *gic_reg64(uint64_t base, uint64_t off)
{
	return (volatile uint64_t *)(uintptr_t)(base + off);
}

/* GIC system registers by encoding (IHI 0069 12.1), for old assemblers. */
#define GIC_SYSREG_RW(name, enc)                                               \
	static inline uint64_t read_##name(void)                               \
	{                                                                      \
		uint64_t v;                                                    \
		__asm__ volatile("mrs %0, " enc : "=r"(v));                    \
		return v;                                                      \
	}                                                                      \
	static inline void write_##name(uint64_t v)                            \
	{                                                                      \
		__asm__ volatile("msr " enc ", %x0" : : "rZ"(v));              \
	}

/* The physical GIC's version (2 or 3) as found at boot (gic.c); read on
 * every interrupt, hence inline. */
extern unsigned gic_hw_version;
/* GICv2 CPU interface and virtual interface control frames, copied from
 * the board at boot: one load on the interrupt path instead of three. */
extern uint64_t gic_gicc_base, gic_gich_base;
static inline unsigned gic_phys_version(void)
{
	return gic_hw_version;
}
/* This core's or another core's redistributor (GICv3), NULL if unknown. */
uint64_t gic_redist_of(unsigned cpu);
/* GICv2 CPU-interface mask of core cpu (ITARGETSR encoding). */
uint8_t gic_v2_mask_of(unsigned cpu);

#endif /* ARCH_GIC_REGS_H */
