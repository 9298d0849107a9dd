/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A minimal guest-side GIC driver for the real-time guest: just enough to
 * take one private peripheral interrupt (PPI) on the calling CPU.
 *
 * GICv3 (IHI 0069) is driven through the ICC_* system registers and the
 * calling CPU's redistributor; GICv2 (IHI 0048B) through the memory-mapped
 * CPU interface (GICC).  The version is found at run time (see gic.c).
 *
 * The defaults are QEMU virt's addresses; another board overrides them on
 * the compiler's command line, e.g. for a Raspberry Pi 4 (GIC-400, GICv2):
 *   -DRT_GICD_BASE=0xff841000UL -DRT_GICC_BASE=0xff842000UL
 */
#ifndef RT_GIC_H
#define RT_GIC_H

#include <stdint.h>

#ifndef RT_GICD_BASE
#define RT_GICD_BASE 0x08000000UL
#endif
#ifndef RT_GICC_BASE
#define RT_GICC_BASE 0x08010000UL /* GICv2 only */
#endif
#ifndef RT_GICR_BASE
#define RT_GICR_BASE 0x080a0000UL /* GICv3 only: first redistributor */
#endif
#ifndef RT_GICR_STRIDE
#define RT_GICR_STRIDE 0x20000UL /* RD_base + SGI_base frames (no VLPI) */
#endif
/* 0 = detect; 2 or 3 forces a version (for a vGIC without ID registers). */
#ifndef RT_GIC_VERSION
#define RT_GIC_VERSION 0
#endif

/* INTIDs 1020-1023 are special: nothing was acknowledged (IHI 0069,
 * "Special INTIDs"; IHI 0048B, "Special interrupt numbers"). */
#define GIC_INTID_SPECIAL 1020U

/* Result of gic_init(). */
struct gic_info {
	unsigned version; /* 2 or 3; 0 if the init failed */
	uint32_t pidr2; /* GICD_PIDR2 as read (0 if not read) */
	uint64_t rd_base; /* GICv3: this CPU's redistributor RD_base */
	const char *error; /* why the init failed, or 0 */
};

/*
 * Set up the distributor and this CPU's interface, and enable the PPI
 * `intid` (16..31) as a Group 1 (GICv3) / Group 0 (GICv2, no Security
 * Extensions) interrupt signalled as IRQ.  Returns the version, 0 on error.
 */
unsigned gic_init(unsigned intid, struct gic_info *info);

/* Acknowledge the highest-priority pending interrupt; returns its INTID
 * (GICv2: the whole GICC_IAR value, whose CPUID bits gic_eoi() needs). */
uint32_t gic_ack(void);

/* The INTID in an acknowledge value (GICv2 keeps the source CPU of an SGI
 * in bits [12:10]; no LPIs are enabled, so 10 bits suffice for both). */
static inline uint32_t gic_intid(uint32_t iar)
{
	return iar & 0x3ffU;
}

/* End of interrupt: priority drop and deactivation (EOImode 0). */
void gic_eoi(uint32_t iar);

#endif /* RT_GIC_H */
