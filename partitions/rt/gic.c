// SPDX-License-Identifier: Apache-2.0
/*
 * Minimal guest-side GIC driver (see gic.h).  Only what one CPU needs to
 * take one PPI: no SPIs, no SGIs, no affinity routing of shared
 * interrupts.  All MMIO is done with 32-bit accesses, the one width every
 * GIC register supports (IHI 0069 and IHI 0048B, register access rules
 * of the programmers' model chapters) and the one a
 * trapping hypervisor is most likely to emulate.
 */
#include "gic.h"

/* Distributor (IHI 0069 "GIC Distributor register descriptions",
 * IHI 0048B "Distributor register descriptions"). */
#define GICD_CTLR 0x0000UL
#define GICD_ISENABLER0 0x0100UL
#define GICD_IPRIORITYR 0x0400UL
#define GICD_PIDR2_V2 0x0fe8UL /* in a GICv2's 4 KiB frame */
#define GICD_PIDR2_V3 0xffe8UL /* in a GICv3's 64 KiB frame */
#define GICD_CTLR_RWP (1U << 31)
/* With ARE set, bit 4 is ARE_NS/ARE, bit 1 EnableGrp1A/EnableGrp1 and
 * bit 0 EnableGrp1 (Non-secure view) or EnableGrp0 (DS = 1): setting all
 * three enables Group 1 in both views, as IHI 0069's GICD_CTLR
 * description lays them out. */
#define GICD_CTLR_V3 ((1U << 4) | (1U << 1) | (1U << 0))
/* EnableGrp0 and EnableGrp1 (IHI 0048B, GICD_CTLR). */
#define GICD_CTLR_V2 3U

/* Redistributor: RD_base frame, then SGI_base frame 64 KiB later
 * (IHI 0069, "The GIC Redistributor register map"). */
#define GICR_TYPER_LO 0x0008UL
#define GICR_TYPER_HI 0x000cUL
#define GICR_TYPER_LAST (1U << 4)
#define GICR_WAKER 0x0014UL
#define GICR_WAKER_SLEEP (1U << 1)
#define GICR_WAKER_ASLEEP (1U << 2)
#define GICR_SGI_BASE 0x10000UL
#define GICR_IGROUPR0 0x0080UL
#define GICR_ISENABLER0 0x0100UL
#define GICR_IPRIORITYR 0x0400UL
#define GICR_MAX_FRAMES 256U

/* CPU interface, GICv2 (IHI 0048B "CPU interface register
 * descriptions"). */
#define GICC_CTLR 0x0000UL
#define GICC_PMR 0x0004UL
#define GICC_IAR 0x000cUL
#define GICC_EOIR 0x0010UL
#define GICC_CTLR_ENABLES 7U

/* Mid-range priority: below (numerically above) anything a hypervisor
 * might reserve, above the priority mask 0xff that admits everything. */
#define RT_IRQ_PRIORITY 0xa0U
#define PRIORITY_MASK_ALL 0xffU
#define POLL_LIMIT 1000000U

static unsigned gic_ver;
static uint64_t gicr_sgi;

static volatile uint32_t *reg(uint64_t base, uint64_t off)
{
	return (volatile uint32_t *)(uintptr_t)(base + off);
}

static uint64_t read_pfr0(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, id_aa64pfr0_el1" : "=r"(v));
	return v;
}

static uint64_t read_mpidr(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(v));
	return v;
}

/* Set one byte of a priority register array with a 32-bit read-modify-
 * write (the byte-accessible GIC registers are also word-accessible). */
static void set_priority(uint64_t base, unsigned intid, uint32_t prio)
{
	volatile uint32_t *r = reg(base, (intid / 4U) * 4U);
	unsigned shift = (intid % 4U) * 8U;
	uint32_t v = *r;

	v &= ~(0xffU << shift);
	v |= prio << shift;
	*r = v;
}

/*
 * Which GIC?  GICD_PIDR2.ArchRev (bits [7:4]) says, but the register is at
 * 0xffe8 in a GICv3 distributor's 64 KiB frame and at 0xfe8 in a GICv2's
 * 4 KiB one, and on QEMU virt (GICv2) 0x0800ffe8 is unmapped and aborts.
 * So ask the CPU first: ID_AA64PFR0_EL1.GIC (bits [27:24], Arm ARM
 * DDI 0487, ID_AA64PFR0_EL1) is non-zero when the GICv3 system-register
 * interface exists, and only then is the 64 KiB frame read.
 */
static unsigned detect(struct gic_info *info)
{
	uint32_t arch;

	if (RT_GIC_VERSION != 0)
		return RT_GIC_VERSION;
	if (((read_pfr0() >> 24) & 0xfU) != 0) {
		info->pidr2 = *reg(RT_GICD_BASE, GICD_PIDR2_V3);
		arch = (info->pidr2 >> 4) & 0xfU;
		/* ArchRev 3 or 4 (GICv4) is expected; a vGIC that reads its
		 * ID registers as zero still has the ICC_* interface. */
		return arch == 3U || arch == 4U || arch == 0U ? 3U : 0U;
	}
	info->pidr2 = *reg(RT_GICD_BASE, GICD_PIDR2_V2);
	arch = (info->pidr2 >> 4) & 0xfU;
	return arch == 1U || arch == 2U || arch == 0U ? 2U : 0U;
}

static int wait_rwp(void)
{
	for (unsigned i = 0; i < POLL_LIMIT; i++)
		if ((*reg(RT_GICD_BASE, GICD_CTLR) & GICD_CTLR_RWP) == 0)
			return 0;
	return -1;
}

/* This CPU's redistributor: the frame whose GICR_TYPER.Affinity_Value
 * (bits [63:32]) equals our MPIDR affinity (IHI 0069, GICR_TYPER).  The
 * stride is 128 KiB without VLPI frames (IHI 0069, "The GIC Redistributor
 * register map"). */
static uint64_t gicr_find(void)
{
	uint64_t m = read_mpidr();
	uint32_t aff = (uint32_t)(((m >> 32) & 0xffU) << 24 | (m & 0xffffffU));
	uint64_t rd = RT_GICR_BASE;

	for (unsigned i = 0; i < GICR_MAX_FRAMES; i++) {
		uint32_t lo = *reg(rd, GICR_TYPER_LO);

		if (*reg(rd, GICR_TYPER_HI) == aff)
			return rd;
		if (lo & GICR_TYPER_LAST)
			break;
		rd += RT_GICR_STRIDE;
	}
	return 0;
}

/* Wake the redistributor: clear ProcessorSleep, then wait for
 * ChildrenAsleep to clear (IHI 0069, GICR_WAKER). */
static int gicr_wake(uint64_t rd)
{
	*reg(rd, GICR_WAKER) &= ~GICR_WAKER_SLEEP;
	for (unsigned i = 0; i < POLL_LIMIT; i++)
		if ((*reg(rd, GICR_WAKER) & GICR_WAKER_ASLEEP) == 0)
			return 0;
	return -1;
}

/* System register interface on (IHI 0069, ICC_SRE_EL1.SRE); it
 * may be RAO/WI, or stuck at 0 if a higher EL keeps the legacy interface,
 * hence the read-back. */
static int icc_enable_sre(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, icc_sre_el1" : "=r"(v));
	v |= 1U;
	__asm__ volatile("msr icc_sre_el1, %0\n\tisb" : : "r"(v));
	__asm__ volatile("mrs %0, icc_sre_el1" : "=r"(v));
	return (v & 1U) != 0 ? 0 : -1;
}

static const char *init_v3(unsigned intid, struct gic_info *info)
{
	uint64_t rd, ctlr;

	if (icc_enable_sre() != 0)
		return "ICC_SRE_EL1.SRE reads 0";
	*reg(RT_GICD_BASE, GICD_CTLR) |= GICD_CTLR_V3;
	if (wait_rwp() != 0)
		return "GICD_CTLR.RWP stuck";
	rd = gicr_find();
	if (rd == 0)
		return "no redistributor matches MPIDR";
	info->rd_base = rd;
	if (gicr_wake(rd) != 0)
		return "GICR_WAKER.ChildrenAsleep stuck";
	gicr_sgi = rd + GICR_SGI_BASE;
	/* Group 1 (non-secure): it is the group signalled as IRQ at EL1
	 * (IHI 0069, "Interrupt grouping"); Group 0 would arrive as FIQ. */
	*reg(gicr_sgi, GICR_IGROUPR0) |= 1U << intid;
	set_priority(gicr_sgi + GICR_IPRIORITYR, intid, RT_IRQ_PRIORITY);
	*reg(gicr_sgi, GICR_ISENABLER0) = 1U << intid;
	/* EOImode 0: one EOIR write drops priority and deactivates
	 * (IHI 0069, ICC_CTLR_EL1.EOImode). */
	__asm__ volatile("mrs %0, icc_ctlr_el1" : "=r"(ctlr));
	ctlr &= ~(uint64_t)2U;
	__asm__ volatile("msr icc_ctlr_el1, %0" : : "r"(ctlr));
	__asm__ volatile("msr icc_pmr_el1, %0"
			 :
			 : "r"((uint64_t)PRIORITY_MASK_ALL));
	__asm__ volatile("msr icc_igrpen1_el1, %0\n\tisb" : : "r"((uint64_t)1));
	return 0;
}

static const char *init_v2(unsigned intid)
{
	/* PPI enable and priority registers are banked per CPU
	 * (IHI 0048B, "Interrupt
	 * handling and prioritization"), so these touch only our copy. */
	set_priority(RT_GICD_BASE + GICD_IPRIORITYR, intid, RT_IRQ_PRIORITY);
	*reg(RT_GICD_BASE, GICD_ISENABLER0) = 1U << intid;
	*reg(RT_GICD_BASE, GICD_CTLR) = GICD_CTLR_V2;
	*reg(RT_GICC_BASE, GICC_PMR) = PRIORITY_MASK_ALL;
	/* EnableGrp0, EnableGrp1 and AckCtl (GICC_IAR acknowledges either
	 * group), EOImode 0 (IHI 0048B, GICC_CTLR).  Read-modify-write: a
	 * hypervisor that hands us the physical CPU interface (Bulkhead's
	 * direct mode) keeps its own Group 0 as FIQ through FIQEn, which we
	 * leave as we find it (0 after reset: Group 0 is an IRQ then). */
	*reg(RT_GICC_BASE, GICC_CTLR) |= GICC_CTLR_ENABLES;
	return 0;
}

unsigned gic_init(unsigned intid, struct gic_info *info)
{
	info->version = 0;
	info->pidr2 = 0;
	info->rd_base = 0;
	info->error = 0;
	if (intid < 16U || intid > 31U) {
		info->error = "not a PPI";
		return 0;
	}
	gic_ver = detect(info);
	if (gic_ver == 3U)
		info->error = init_v3(intid, info);
	else if (gic_ver == 2U)
		info->error = init_v2(intid);
	else
		info->error = "unknown GICD_PIDR2.ArchRev";
	if (info->error != 0)
		gic_ver = 0;
	info->version = gic_ver;
	return gic_ver;
}

uint32_t gic_ack(void)
{
	uint64_t v;

	if (gic_ver == 3U) {
		__asm__ volatile("mrs %0, icc_iar1_el1" : "=r"(v));
		return (uint32_t)v & 0xffffffU;
	}
	return *reg(RT_GICC_BASE, GICC_IAR);
}

void gic_eoi(uint32_t iar)
{
	if (gic_ver == 3U) {
		__asm__ volatile("msr icc_eoir1_el1, %0"
				 :
				 : "r"((uint64_t)iar));
		return;
	}
	*reg(RT_GICC_BASE, GICC_EOIR) = iar;
}
