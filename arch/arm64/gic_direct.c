// SPDX-License-Identifier: Apache-2.0
/*
 * Direct interrupt delivery (IRQ_MODE_DIRECT, docs/realtime.md): a core
 * whose partition asked for it runs with HCR_EL2.IMO clear, so physical
 * IRQs (Group 1) go straight to the guest at EL1 and the guest uses the
 * physical CPU interface: ICC_IAR1_EL1/ICC_EOIR1_EL1 on GICv3 (IHI 0069
 * 12.2, with IMO clear these are not redirected to the ICV_* registers),
 * the banked GICC frame on GICv2 (mapped by core/vgic.c).
 *
 * The hypervisor keeps one way back in: its own SGIs are Group 0 on such
 * a core, at priority 0, and HCR_EL2.FMO stays set, so they arrive as FIQ
 * at EL2 whatever the guest's PSTATE (Arm ARM D1.3.5, "Asynchronous
 * exception routing").  With FMO set, a guest's ICC_*0_EL1 and common
 * register accesses (PMR, CTLR, DIR, RPR) go to the unused virtual
 * interface, so it cannot mask Group 0, and its SGI register writes still
 * trap (IHI 0069 12.2.21-23) and are filtered by core/vgic.c.
 */
#include <bulkhead/config.h>
#include <bulkhead/part.h>
#include <bulkhead/vgic.h>
#include "priv/arch_priv.h"
#include "priv/gic_regs.h"
#include "priv/sysreg.h"

GIC_SYSREG_RW(icc_iar0_el1, "S3_0_C12_C8_0")
GIC_SYSREG_RW(icc_eoir0_el1, "S3_0_C12_C8_1")
GIC_SYSREG_RW(icc_igrpen0_el1, "S3_0_C12_C12_6")
GIC_SYSREG_RW(icc_ctlr_el1, "S3_0_C12_C12_4")
GIC_SYSREG_RW(ich_hcr_el2, "S3_4_C12_C11_0")

/* ICC_CTLR_EL1.EOImode (IHI 0069 12.2.6). */
#define ICC_CTLR_EOIMODE BIT(1)
/* GICC_CTLR without Security Extensions (IHI 0048B 4.4.1): EnableGrp0,
 * EnableGrp1, AckCtl (GICC_IAR also acknowledges Group 1), FIQEn (Group 0
 * is signalled as FIQ); EOImode 0. */
#define GICC_CTLR_DIRECT (BIT(0) | BIT(1) | BIT(2) | BIT(3))
#define GICC_CTLR 0x0000U
#define GICC_IAR 0x000cU
#define GICC_EOIR 0x0010U
#define GICC_HPPIR 0x0018U
#define INTID_MASK 0x3ffU
#define INTID_SPURIOUS 1020U
/* The hypervisor's own private interrupts: its SGIs and its timer
 * (arch_wait_event). */
#define HYP_GROUP0_SGIS                                                        \
	((uint32_t)(BIT(HYP_SGI_KICK) | BIT(HYP_SGI_STOP) | BIT(INTID_CNTHP)))

static uint64_t fiqs_spurious;

bool gic_cpu_is_direct(unsigned cpu)
{
	const struct vcpu *v = vcpu_of_cpu(cpu);

	return v != NULL && part_irq_direct(v->part);
}

static bool is_hyp_group0(uint32_t intid)
{
	return intid < 32 && (HYP_GROUP0_SGIS & BIT(intid)) != 0;
}

/* The banked SGI/PPI group, enable and priority registers of this core:
 * its redistributor's SGI frame (v3) or the distributor (v2). */
static void direct_banked_init(uint64_t frame)
{
	*gic_reg32(frame, GICD_ICENABLER) = (uint32_t)BIT(VGIC_INTID_MAINT);
	*gic_reg32(frame, GICD_IGROUPR) = ~HYP_GROUP0_SGIS;
	*(volatile uint8_t *)(uintptr_t)(frame + GICD_IPRIORITYR +
					 HYP_SGI_KICK) = 0;
	*(volatile uint8_t *)(uintptr_t)(frame + GICD_IPRIORITYR +
					 HYP_SGI_STOP) = 0;
	*(volatile uint8_t *)(uintptr_t)(frame + GICD_IPRIORITYR +
					 INTID_CNTHP) = 0;
}

void gic_direct_cpu_init(void)
{
	unsigned cpu = arch_cpu_index();
	const struct cfg_board *b = cfg_system.board;

	if (gic_phys_version() == 3) {
		if (gic_redist_of(cpu) == 0)
			return;
		direct_banked_init(gic_redist_of(cpu) + GICR_SGI);
		write_icc_ctlr_el1(read_icc_ctlr_el1() & ~ICC_CTLR_EOIMODE);
		write_icc_igrpen0_el1(1);
		write_ich_hcr_el2(0);
		isb();
		return;
	}
	direct_banked_init(b->gicd_base);
	*gic_reg32(b->gicc_base, GICC_CTLR) = GICC_CTLR_DIRECT;
	*gic_reg32(b->gich_base, GICH_HCR) = 0;
}

/* Acknowledge the hypervisor's own pending Group 0 interrupt, 1023 if
 * there is none.  GICv2 with AckCtl would also hand out the guest's Group 1
 * interrupts, so its highest pending one is looked at first: ours are at
 * priority 0 and win whenever one is pending. */
static uint32_t fiq_ack(void)
{
	uint64_t c = cfg_system.board->gicc_base;

	if (gic_phys_version() == 3)
		return (uint32_t)read_icc_iar0_el1();
	if (!is_hyp_group0(*gic_reg32(c, GICC_HPPIR) & INTID_MASK))
		return 1023;
	return *gic_reg32(c, GICC_IAR);
}

/* EOImode 0: priority drop and deactivation in one write. */
static void fiq_eoi(uint32_t iar)
{
	if (gic_phys_version() == 3)
		write_icc_eoir0_el1(iar);
	else
		*gic_reg32(cfg_system.board->gicc_base, GICC_EOIR) = iar;
}

/* Only direct-mode cores signal FIQ. */
void arch_trap_fiq(struct vcpu *v)
{
	v->exits[EXIT_IRQ]++;
	for (;;) {
		uint32_t iar = fiq_ack();

		if ((iar & INTID_MASK) >= INTID_SPURIOUS)
			break;
		/* The timer's line must be low before its deactivation. */
		if ((iar & INTID_MASK) == INTID_CNTHP)
			arch_timer_silence();
		fiq_eoi(iar);
		/* KICK and STOP both mean "look at your state", below. */
		if (!is_hyp_group0(iar & INTID_MASK))
			fiqs_spurious++;
	}
	if (arch_timer_expired())
		vcpu_timer_fired(v);
	vcpu_leave_if_recalled(v);
}
