/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest-side GIC helpers for bare-metal guests that take interrupts: the
 * version found at run time, one vCPU's CPU interface, enabling an
 * interrupt, acknowledge / end of interrupt and SGIs.
 *
 * The addresses are those a Bulkhead partition sees on QEMU virt: its
 * emulated distributor, on GICv3 one emulated redistributor frame per vCPU
 * (vCPU n at G_GICR + n * G_GICR_STRIDE, n = MPIDR.Aff0), on GICv2 the
 * virtual CPU interface mapped at the GICC address.  Another board
 * overrides them on the compiler's command line.
 */
#ifndef GUEST_GIC_H
#define GUEST_GIC_H

#include <stdint.h>

#ifndef G_GICD
#define G_GICD 0x08000000UL
#endif
#ifndef G_GICC
#define G_GICC 0x08010000UL /* GICv2 only */
#endif
#ifndef G_GICR
#define G_GICR 0x080a0000UL /* GICv3 only */
#endif
#define G_GICR_STRIDE 0x20000UL /* RD_base + SGI_base, no VLPI frames */
#define G_GICR_SGI 0x10000UL /* SGI_base within a redistributor frame */

/* INTIDs 1020-1023 are special: nothing was acknowledged (IHI 0069
 * "Special INTIDs", IHI 0048B "Special interrupt numbers"). */
#define G_GIC_SPURIOUS 1020U

/* 3 if the CPU has the GICv3 system-register interface
 * (ID_AA64PFR0_EL1.GIC != 0), else 2. */
unsigned g_gic_version(void);

/* This vCPU's index (MPIDR_EL1.Aff0, as Bulkhead numbers vCPUs). */
unsigned g_vcpu_index(void);

/* The distributor on, and this vCPU's CPU interface: every SGI and PPI in
 * the group signalled as IRQ, priority mask open. */
void g_gic_init(void);

/* Enable one interrupt with a priority; an SPI is routed to this vCPU. */
void g_gic_enable(unsigned intid, uint8_t prio);

/* Acknowledge (returns the raw IAR value; its low 10 bits are the INTID)
 * and end of interrupt (priority drop and deactivation). */
uint32_t g_gic_ack(void);
void g_gic_eoi(uint32_t iar);

/* SGI `intid` to the vCPU with index `target` of this partition. */
void g_gic_sgi(unsigned intid, unsigned target);

/* 32-bit MMIO with single plain load/store instructions: the only form a
 * trapping hypervisor can emulate (a valid ISS, ISV = 1). */
uint32_t g_mmio_r32(uint64_t addr);
void g_mmio_w32(uint64_t addr, uint32_t v);
void g_mmio_w8(uint64_t addr, uint8_t v);

#endif /* GUEST_GIC_H */
