// SPDX-License-Identifier: Apache-2.0
/*
 * The GIC virtualization hardware behind core/vgic*.c: list registers and
 * the virtual interface control (GICv3 ICH_* system registers, IHI 0069
 * 12.5; GICv2 GICH_* memory-mapped registers, IHI 0048B 5.3), and the
 * physical distributor settings of passed-through interrupts.
 */
#include <bulkhead/spinlock.h>
#include <bulkhead/vgic.h>
#include "priv/arch_priv.h"
#include "priv/gic_regs.h"
#include "priv/sysreg.h"

GIC_SYSREG_RW(ich_hcr_el2, "S3_4_C12_C11_0")
GIC_SYSREG_RW(ich_vtr_el2, "S3_4_C12_C11_1")
GIC_SYSREG_RW(ich_vmcr_el2, "S3_4_C12_C11_7")
GIC_SYSREG_RW(ich_ap0r0_el2, "S3_4_C12_C8_0")
GIC_SYSREG_RW(ich_ap1r0_el2, "S3_4_C12_C9_0")

/* ICH_HCR_EL2 / GICH_HCR: En [0], NPIE [3] (IHI 0069 12.5.7). */
#define HCR_EN BIT(0)
#define HCR_NPIE BIT(3)

/* ICH_LR<n>_EL2 (IHI 0069 12.5.10). */
#define LR3_PINTID_SHIFT 32
#define LR3_EOI BIT(41)
#define LR3_PRIO_SHIFT 48
#define LR3_GROUP BIT(60)
#define LR3_HW BIT(61)
#define LR3_PENDING BIT(62)
#define LR3_ACTIVE BIT(63)

/* GICH_LR<n> (IHI 0048B 5.3.11). */
#define LR2_PINTID_SHIFT 10 /* HW = 1; CPUID of an SGI when HW = 0 */
#define LR2_EOI BIT(19)
#define LR2_PRIO_SHIFT 23 /* upper 5 bits of the priority */
#define LR2_PENDING BIT(28)
#define LR2_ACTIVE BIT(29)
#define LR2_GROUP1 BIT(30)
#define LR2_HW BIT(31)

static struct spinlock gicd_rmw_lock;

static uint64_t gich(void)
{
	return gic_gich_base;
}

/* ICH_LR<n>_EL2 encodings differ only in CRm/op2, so a switch is needed
 * (the register number is part of the instruction). */
#define LR_CASE(n, crm, op2)                                                   \
	case n:                                                                \
		if (write)                                                     \
			__asm__ volatile("msr S3_4_C12_" crm "_" op2 ", %x0"   \
					 :                                     \
					 : "rZ"(v));                           \
		else                                                           \
			__asm__ volatile("mrs %0, S3_4_C12_" crm "_" op2       \
					 : "=r"(v));                           \
		break

static uint64_t ich_lr(unsigned i, bool write, uint64_t v)
{
	switch (i) {
		LR_CASE(0, "C12", "0");
		LR_CASE(1, "C12", "1");
		LR_CASE(2, "C12", "2");
		LR_CASE(3, "C12", "3");
		LR_CASE(4, "C12", "4");
		LR_CASE(5, "C12", "5");
		LR_CASE(6, "C12", "6");
		LR_CASE(7, "C12", "7");
		LR_CASE(8, "C13", "0");
		LR_CASE(9, "C13", "1");
		LR_CASE(10, "C13", "2");
		LR_CASE(11, "C13", "3");
		LR_CASE(12, "C13", "4");
		LR_CASE(13, "C13", "5");
		LR_CASE(14, "C13", "6");
		LR_CASE(15, "C13", "7");
	default:
		break;
	}
	return v;
}

unsigned arch_vgic_lr_count(void)
{
	/* ListRegs: number of LRs minus one (ICH_VTR_EL2 [4:0], GICH_VTR
	 * [5:0]). */
	if (gic_phys_version() == 3)
		return (unsigned)(read_ich_vtr_el2() & 0x1fU) + 1U;
	return (*gic_reg32(gich(), GICH_VTR) & 0x3fU) + 1U;
}

static uint64_t lr3_encode(const struct vgic_lr *lr)
{
	uint64_t v = lr->vintid | ((uint64_t)lr->prio << LR3_PRIO_SHIFT);

	if (lr->hw)
		v |= LR3_HW |
		     ((uint64_t)(lr->pintid & 0x1fffU) << LR3_PINTID_SHIFT);
	else if (lr->eoi)
		v |= LR3_EOI;
	v |= lr->group1 ? LR3_GROUP : 0;
	v |= lr->pending ? LR3_PENDING : 0;
	v |= lr->active ? LR3_ACTIVE : 0;
	return v;
}

static uint32_t lr2_encode(const struct vgic_lr *lr)
{
	uint32_t v = (lr->vintid & 0x3ffU) |
		     ((uint32_t)(lr->prio >> 3) << LR2_PRIO_SHIFT);

	if (lr->hw)
		v |= (uint32_t)LR2_HW |
		     ((lr->pintid & 0x3ffU) << LR2_PINTID_SHIFT);
	else
		v |= ((uint32_t)(lr->source & 7U) << LR2_PINTID_SHIFT) |
		     (lr->eoi ? (uint32_t)LR2_EOI : 0U);
	v |= lr->group1 ? (uint32_t)LR2_GROUP1 : 0U;
	v |= lr->pending ? (uint32_t)LR2_PENDING : 0U;
	v |= lr->active ? (uint32_t)LR2_ACTIVE : 0U;
	return v;
}

struct vgic_lr arch_vgic_read_lr(unsigned i)
{
	if (gic_phys_version() == 3) {
		uint64_t v = ich_lr(i, false, 0);

		return (struct vgic_lr){
		    .vintid = (uint32_t)v,
		    .hw = (v & LR3_HW) != 0,
		    .pending = (v & LR3_PENDING) != 0,
		    .active = (v & LR3_ACTIVE) != 0,
		};
	}
	uint32_t w = *gic_reg32(gich(), GICH_LR0 + 4U * i);

	return (struct vgic_lr){
	    .vintid = w & 0x3ffU,
	    .hw = (w & LR2_HW) != 0,
	    .pending = (w & LR2_PENDING) != 0,
	    .active = (w & LR2_ACTIVE) != 0,
	};
}

void arch_vgic_write_lr(unsigned i, const struct vgic_lr *lr)
{
	if (gic_phys_version() == 3)
		(void)ich_lr(i, true, lr3_encode(lr));
	else
		*gic_reg32(gich(), GICH_LR0 + 4U * i) = lr2_encode(lr);
}

/* ICH_LR0_EL2 alone: no switch on the register number. */
GIC_SYSREG_RW(ich_lr0_el2, "S3_4_C12_C12_0")

bool arch_vgic_lr0_reuse(uint32_t intid)
{
	if (gic_phys_version() == 3) {
		uint64_t old = read_ich_lr0_el2();

		if ((old & (LR3_HW | LR3_PENDING | LR3_ACTIVE)) != LR3_HW ||
		    (uint32_t)old != intid)
			return false;
		write_ich_lr0_el2(old | LR3_PENDING);
		return true;
	}
	volatile uint32_t *lr = gic_reg32(gich(), GICH_LR0);
	uint32_t w = *lr;

	if ((w & (LR2_HW | LR2_PENDING | LR2_ACTIVE)) != LR2_HW ||
	    (w & 0x3ffU) != intid)
		return false;
	*lr = w | LR2_PENDING;
	return true;
}

void arch_vgic_set_hcr(bool npie)
{
	uint64_t v = HCR_EN | (npie ? HCR_NPIE : 0);

	if (gic_phys_version() == 3) {
		write_ich_hcr_el2(v);
		isb();
	} else {
		*gic_reg32(gich(), GICH_HCR) = (uint32_t)v;
	}
}

/* Nothing banked on this core may signal any more: not its guest's PPIs,
 * not the maintenance interrupt, not an SGI sent after we stopped. */
void gic_cpu_quiesce(void)
{
	unsigned cpu = arch_cpu_index();

	if (gic_phys_version() == 3) {
		write_ich_hcr_el2(0);
		isb();
		if (gic_redist_of(cpu) != 0)
			*gic_reg32(gic_redist_of(cpu) + GICR_SGI,
				   GICD_ICENABLER) = 0xffffffffU;
	} else if (gic_phys_version() == 2) {
		*gic_reg32(gich(), GICH_HCR) = 0;
		*gic_reg32(cfg_system.board->gicd_base, GICD_ICENABLER) =
		    0xffffffffU;
	}
}

void arch_vgic_cpu_init(bool direct)
{
	static const struct vgic_lr empty;
	unsigned n = arch_vgic_lr_count();

	for (unsigned i = 0; i < n; i++)
		arch_vgic_write_lr(i, &empty);
	if (gic_phys_version() == 3) {
		write_ich_ap0r0_el2(0);
		write_ich_ap1r0_el2(0);
		write_ich_vmcr_el2(0);
	} else {
		*gic_reg32(gich(), GICH_APR) = 0;
		*gic_reg32(gich(), GICH_VMCR) = 0;
	}
	if (direct)
		gic_direct_cpu_init();
}

/* The frame holding the banked (PPI) or shared (SPI) copy of intid, 0 if
 * a GICv2 PPI of another core (banked, unreachable from here). */
static uint64_t hw_frame(unsigned cpu, uint32_t intid)
{
	if (intid >= 32)
		return cfg_system.board->gicd_base;
	if (gic_phys_version() == 3)
		return gic_redist_of(cpu) != 0 ? gic_redist_of(cpu) + GICR_SGI
					       : 0;
	return cpu == arch_cpu_index() ? cfg_system.board->gicd_base : 0;
}

void arch_gic_hw_enable(unsigned cpu, uint32_t intid, bool on)
{
	uint64_t f = hw_frame(cpu, intid);

	if (f != 0)
		*gic_reg32(f, (on ? GICD_ISENABLER : GICD_ICENABLER) +
				  4U * (intid / 32U)) =
		    (uint32_t)BIT(intid % 32U);
}

void arch_gic_hw_clear(unsigned cpu, uint32_t intid)
{
	uint64_t f = hw_frame(cpu, intid);
	uint32_t off = 4U * (intid / 32U);

	if (f == 0)
		return;
	*gic_reg32(f, GICD_ICPENDR + off) = (uint32_t)BIT(intid % 32U);
	*gic_reg32(f, GICD_ICACTIVER + off) = (uint32_t)BIT(intid % 32U);
}

void arch_gic_hw_priority(unsigned cpu, uint32_t intid, uint8_t prio)
{
	uint64_t f = hw_frame(cpu, intid);

	/* IPRIORITYR is byte-accessible (IHI 0069 12.9.18). */
	if (f != 0)
		*(volatile uint8_t *)(uintptr_t)(f + GICD_IPRIORITYR + intid) =
		    prio;
}

void arch_gic_hw_config(uint32_t intid, bool edge)
{
	uint64_t d = cfg_system.board->gicd_base;
	uint64_t off = GICD_ICFGR + 4U * (intid / 16U);
	uint32_t bit = (uint32_t)BIT(2U * (intid % 16U) + 1U);
	uint32_t v;

	if (intid < 32)
		return;
	/* Several partitions' SPIs share one ICFGR word. */
	spin_lock(&gicd_rmw_lock);
	v = *gic_reg32(d, off);
	if (((v & bit) != 0) != edge)
		*gic_reg32(d, off) = edge ? v | bit : v & ~bit;
	spin_unlock(&gicd_rmw_lock);
}

/* GICv2 acknowledges Group 0 at EL2 (gic.c dist_init); an SPI routed to a
 * direct-mode core must be Group 1 to reach its guest as an IRQ. */
static void gic_v2_set_group1(uint32_t intid, bool group1)
{
	uint64_t off = GICD_IGROUPR + 4U * (intid / 32U);
	uint32_t bit = (uint32_t)BIT(intid % 32U);
	uint64_t d = cfg_system.board->gicd_base;
	uint32_t v;

	spin_lock(&gicd_rmw_lock);
	v = *gic_reg32(d, off);
	if (((v & bit) != 0) != group1)
		*gic_reg32(d, off) = group1 ? v | bit : v & ~bit;
	spin_unlock(&gicd_rmw_lock);
}

void arch_gic_hw_route(uint32_t intid, unsigned cpu)
{
	uint64_t d = cfg_system.board->gicd_base;

	if (intid < 32 || cpu >= CFG_MAX_CPUS)
		return;
	if (gic_phys_version() == 3) {
		/* IROUTER: Aff3 [39:32], Aff2..Aff0 [23:0], IRM = 0. */
		*gic_reg64(d, GICD_IROUTER + 8U * intid) =
		    cfg_system.board->cpu_mpidr[cpu] & MPIDR_AFF_MASK;
		return;
	}
	*(volatile uint8_t *)(uintptr_t)(d + GICD_ITARGETSR + intid) =
	    gic_v2_mask_of(cpu);
	gic_v2_set_group1(intid, gic_cpu_is_direct(cpu));
}
