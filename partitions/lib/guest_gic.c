// SPDX-License-Identifier: Apache-2.0
/*
 * Guest-side GIC helpers (see guest_gic.h).  Register offsets: IHI 0069
 * "The GIC Distributor register map" / "The GIC Redistributor register
 * map" and IHI 0048B "Distributor register descriptions" / "CPU interface
 * register descriptions".
 */
#include "guest.h"
#include "guest_gic.h"

#define GICD_CTLR 0x0000UL
#define GICD_IGROUPR 0x0080UL
#define GICD_ISENABLER 0x0100UL
#define GICD_IPRIORITYR 0x0400UL
#define GICD_ITARGETSR 0x0800UL
#define GICD_SGIR 0x0f00UL
#define GICD_IROUTER 0x6000UL
#define GICR_WAKER 0x0014UL
#define GICR_WAKER_SLEEP (1U << 1)
#define GICR_WAKER_ASLEEP (1U << 2)
#define GICC_CTLR 0x0000UL
#define GICC_PMR 0x0004UL
#define GICC_IAR 0x000cUL
#define GICC_EOIR 0x0010UL
#define GICC_CTLR_ENABLES 7U
/* EnableGrp0 | EnableGrp1 (IHI 0048B GICD_CTLR; the vGIC keeps these two
 * bits in both versions). */
#define GICD_CTLR_ENABLE 3U
#define PRIORITY_MASK_ALL 0xffUL
#define POLL_LIMIT 100000U

uint32_t g_mmio_r32(uint64_t addr)
{
	uint32_t v;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

void g_mmio_w32(uint64_t addr, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" : : "rZ"(v), "r"(addr) : "memory");
}

void g_mmio_w8(uint64_t addr, uint8_t v)
{
	__asm__ volatile("strb %w0, [%1]" : : "rZ"(v), "r"(addr) : "memory");
}

unsigned g_gic_version(void)
{
	uint64_t pfr0;

	__asm__ volatile("mrs %0, id_aa64pfr0_el1" : "=r"(pfr0));
	return ((pfr0 >> 24) & 0xfU) != 0 ? 3U : 2U;
}

unsigned g_vcpu_index(void)
{
	return (unsigned)(g_mpidr() & 0xffU);
}

static uint64_t my_redist(void)
{
	return G_GICR + g_vcpu_index() * G_GICR_STRIDE;
}

static void cpu_init_v3(void)
{
	uint64_t rd = my_redist();

	/* SRE, DFB, DIB: the system-register interface (IHI 0069
	 * ICC_SRE_EL1). */
	__asm__ volatile("msr icc_sre_el1, %0\n\tisb" : : "r"(7UL));
	g_mmio_w32(rd + GICR_WAKER,
		   g_mmio_r32(rd + GICR_WAKER) & ~GICR_WAKER_SLEEP);
	for (unsigned i = 0; i < POLL_LIMIT; i++)
		if ((g_mmio_r32(rd + GICR_WAKER) & GICR_WAKER_ASLEEP) == 0)
			break;
	/* Group 1 is the group signalled as IRQ at EL1. */
	g_mmio_w32(rd + G_GICR_SGI + GICD_IGROUPR, 0xffffffffU);
	__asm__ volatile("msr icc_pmr_el1, %0" : : "r"(PRIORITY_MASK_ALL));
	__asm__ volatile("msr icc_igrpen1_el1, %0\n\tisb" : : "r"(1UL));
}

static void cpu_init_v2(void)
{
	g_mmio_w32(G_GICC + GICC_PMR, (uint32_t)PRIORITY_MASK_ALL);
	/* EnableGrp0, EnableGrp1 and AckCtl (GICC_IAR acknowledges either
	 * group), EOImode 0 (IHI 0048B GICC_CTLR).  Read-modify-write: in
	 * Bulkhead's direct mode the CPU interface is the physical one and
	 * its FIQEn (Group 0 as FIQ, the hypervisor's) must stay as found. */
	g_mmio_w32(G_GICC + GICC_CTLR,
		   g_mmio_r32(G_GICC + GICC_CTLR) | GICC_CTLR_ENABLES);
}

void g_gic_init(void)
{
	g_mmio_w32(G_GICD + GICD_CTLR, GICD_CTLR_ENABLE);
	if (g_gic_version() == 3)
		cpu_init_v3();
	else
		cpu_init_v2();
}

void g_gic_enable(unsigned intid, uint8_t prio)
{
	uint64_t bank = G_GICD;
	uint64_t word = (intid / 32U) * 4U;
	uint32_t bit = 1U << (intid % 32U);

	if (g_gic_version() == 3 && intid < 32U) {
		bank = my_redist() + G_GICR_SGI;
	} else if (g_gic_version() == 3) {
		g_mmio_w32(G_GICD + GICD_IGROUPR + word,
			   g_mmio_r32(G_GICD + GICD_IGROUPR + word) | bit);
		g_mmio_w32(G_GICD + GICD_IROUTER + 8UL * intid, g_vcpu_index());
		g_mmio_w32(G_GICD + GICD_IROUTER + 8UL * intid + 4UL, 0);
	} else if (intid >= 32U) {
		g_mmio_w8(G_GICD + GICD_ITARGETSR + intid,
			  (uint8_t)(1U << g_vcpu_index()));
	}
	g_mmio_w8(bank + GICD_IPRIORITYR + intid, prio);
	g_mmio_w32(bank + GICD_ISENABLER + word, bit);
}

uint32_t g_gic_ack(void)
{
	uint64_t v;

	if (g_gic_version() == 3) {
		__asm__ volatile("mrs %0, icc_iar1_el1" : "=r"(v));
		return (uint32_t)v;
	}
	return g_mmio_r32(G_GICC + GICC_IAR);
}

void g_gic_eoi(uint32_t iar)
{
	if (g_gic_version() == 3)
		__asm__ volatile("msr icc_eoir1_el1, %0"
				 :
				 : "r"((uint64_t)iar));
	else
		g_mmio_w32(G_GICC + GICC_EOIR, iar);
}

void g_gic_sgi(unsigned intid, unsigned target)
{
	/* GICv3 ICC_SGI1R_EL1: INTID [27:24], TargetList [15:0] under
	 * Aff3.Aff2.Aff1 = 0.0.0.  GICv2 GICD_SGIR: TargetListFilter 0,
	 * CPUTargetList [23:16], INTID [3:0]. */
	if (g_gic_version() == 3)
		__asm__ volatile(
		    "msr icc_sgi1r_el1, %0"
		    :
		    : "r"(((uint64_t)intid << 24) | (1UL << target)));
	else
		g_mmio_w32(G_GICD + GICD_SGIR, (1U << (16U + target)) | intid);
	__asm__ volatile("isb" ::: "memory");
}
