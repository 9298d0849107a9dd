// SPDX-License-Identifier: Apache-2.0
/*
 * The physical GIC as the hypervisor uses it: GICv2 (IHI 0048B) through the
 * memory-mapped CPU interface, GICv3 (IHI 0069) through the ICC system
 * registers.  The version comes from GICD_PIDR2.ArchRev.  Both run with
 * EOImode = 1 (priority drop and deactivation split), which the list
 * register HW bit needs to let a guest's EOI deactivate a passed-through
 * interrupt.
 */
#include <bulkhead/config.h>
#include <bulkhead/console.h>
#include <bulkhead/log.h>
#include <bulkhead/part.h>
#include <bulkhead/vgic.h>
#include "priv/arch_priv.h"
#include "priv/gic_regs.h"
#include "priv/sysreg.h"

#define GICD_PIDR2 0xffe8U
#define GICD_PIDR2_ARCH_SHIFT 4

#define GICC_CTLR 0x0000U
#define GICC_PMR 0x0004U
#define GICC_BPR 0x0008U
#define GICC_IAR 0x000cU
#define GICC_EOIR 0x0010U
#define GICC_DIR 0x1000U
/* Both enables, EOImodeS and EOImodeNS (bits 9/10; IHI 0048B 4.4.1). */
#define GICC_CTLR_VALUE (UINT32_C(3) | BIT(9) | BIT(10))

#define INTID_SPURIOUS 1020U
/* The hypervisor's own banked interrupts: its SGIs and the vGIC's
 * maintenance interrupt (IHI 0069 11.3.2, IHI 0048B 5.1). */
#define HYP_PRIVATE_IRQS                                                       \
	(uint32_t)(BIT(HYP_SGI_KICK) | BIT(HYP_SGI_STOP) |                     \
		   BIT(VGIC_INTID_MAINT) | BIT(INTID_CNTHP))
#define HYP_PRIORITY 0x80U

unsigned gic_hw_version;
uint64_t gic_gicc_base, gic_gich_base;
static uint8_t *gicr_of_cpu[CFG_MAX_CPUS];
static uint8_t v2_cpu_mask[CFG_MAX_CPUS];

#define reg32 gic_reg32
#define reg64 gic_reg64
#define ICC_RW GIC_SYSREG_RW

/* Encodings from IHI 0069 12.1, spelled out for older assemblers. */
ICC_RW(icc_sre_el2, "S3_4_C12_C9_5")
ICC_RW(icc_pmr_el1, "S3_0_C4_C6_0")
ICC_RW(icc_ctlr_el1, "S3_0_C12_C12_4")
ICC_RW(icc_igrpen1_el1, "S3_0_C12_C12_7")
ICC_RW(icc_iar1_el1, "S3_0_C12_C12_0")
ICC_RW(icc_eoir1_el1, "S3_0_C12_C12_1")
ICC_RW(icc_dir_el1, "S3_0_C12_C11_1")
ICC_RW(icc_sgi1r_el1, "S3_0_C12_C11_5")
ICC_RW(icc_sgi0r_el1, "S3_0_C12_C11_7")
ICC_RW(icc_bpr1_el1, "S3_0_C12_C12_3")

static void dist_init(uint64_t d)
{
	unsigned lines = 32U * ((*reg32(d, GICD_TYPER) & 0x1fU) + 1U);

	*reg32(d, GICD_CTLR) = 0;
	for (unsigned i = 32; i < lines; i += 32) {
		*reg32(d, GICD_ICENABLER + i / 8) = 0xffffffffU;
		/* GICv3: Group 1, what ICC_IAR1_EL1 acknowledges.  GICv2:
		 * Group 0, since with GICC_CTLR.AckCtl = 0 GICC_IAR answers
		 * 1022 for a Group 1 interrupt (IHI 0048B 4.4.4). */
		*reg32(d, GICD_IGROUPR + i / 8) =
		    gic_hw_version == 3 ? 0xffffffffU : 0;
	}
	for (unsigned i = 32; i < lines; i += 4)
		*reg32(d, GICD_IPRIORITYR + i) = 0xa0a0a0a0U;
	*reg32(d, GICD_CTLR) = gic_hw_version == 3 ? (GICD_CTLR_ARE | 3U) : 3U;
}

void arch_irq_init_boot(void)
{
	uint64_t d = cfg_system.board->gicd_base;

	/* GICD_PIDR2 sits at 0xffe8 in a GICv3 distributor's 64 KiB frame
	 * but at 0xfe8 in a GICv2's 4 KiB one, so ask the CPU first:
	 * ID_AA64PFR0_EL1.GIC says whether the system-register interface
	 * (GICv3) is there. */
	gic_hw_version =
	    ((read_id_aa64pfr0_el1() >> PFR0_GIC_SHIFT) & PFR0_GIC_MASK) != 0
		? 3U
		: 2U;
	gic_gicc_base = cfg_system.board->gicc_base;
	gic_gich_base = cfg_system.board->gich_base;
	dist_init(d);
}

const char *arch_irq_describe(void)
{
	return gic_hw_version == 3   ? "GICv3, system-register CPU interface"
	       : gic_hw_version == 2 ? "GICv2, memory-mapped CPU interface"
				     : "unknown GIC version";
}

/* Find this core's redistributor by its affinity in GICR_TYPER[63:32]. */
static uint8_t *gicr_find(uint64_t mpidr)
{
	uint64_t aff = ((mpidr >> 8) & 0xff0000U) | (mpidr & 0xffffU);
	uint64_t base = cfg_system.board->gicr_base;

	for (unsigned i = 0; i < 64; i++) {
		uint64_t r = base + (uint64_t)i * GICR_STRIDE;
		uint64_t typer = *reg64(r, GICR_TYPER);

		if ((typer >> 32) == aff)
			return (uint8_t *)(uintptr_t)r;
		if (typer & GICR_TYPER_LAST)
			break;
	}
	return NULL;
}

static void cpu_init_v3(unsigned cpu)
{
	uint8_t *r = gicr_find(arch_cpu_mpidr());
	uint64_t rb = (uint64_t)(uintptr_t)r;

	if (r == NULL) {
		log_printf("core %u: no GICv3 redistributor found", cpu);
		return;
	}
	gicr_of_cpu[cpu] = r;
	*reg32(rb, GICR_WAKER) &= ~(uint32_t)GICR_WAKER_SLEEP;
	while (*reg32(rb, GICR_WAKER) & GICR_WAKER_ASLEEP) {
	}
	*reg32(rb, GICR_SGI + GICD_IGROUPR) = 0xffffffffU;
	for (unsigned i = 0; i < 32; i += 4)
		*reg32(rb, GICR_SGI + GICD_IPRIORITYR + i) = 0x80808080U;
	*reg32(rb, GICR_SGI + GICD_ISENABLER) = HYP_PRIVATE_IRQS;
	/* SRE for EL2 and allow EL1 to use the system registers (bit 3). */
	write_icc_sre_el2(read_icc_sre_el2() | 0x9U);
	isb();
	write_icc_pmr_el1(0xff);
	write_icc_bpr1_el1(0);
	write_icc_ctlr_el1(BIT(1)); /* EOImode */
	write_icc_igrpen1_el1(1);
	isb();
}

static void cpu_init_v2(unsigned cpu)
{
	const struct cfg_board *b = cfg_system.board;

	/* ITARGETSR0..7 read back this interface's own CPU mask. */
	v2_cpu_mask[cpu] =
	    (uint8_t)(*reg32(b->gicd_base, GICD_ITARGETSR) & 0xffU);
	*reg32(b->gicd_base, GICD_ISENABLER) = HYP_PRIVATE_IRQS;
	*reg32(b->gicc_base, GICC_PMR) = 0xff;
	*reg32(b->gicc_base, GICC_BPR) = 0;
	*reg32(b->gicc_base, GICC_CTLR) = GICC_CTLR_VALUE;
}

void arch_irq_init_cpu(void)
{
	unsigned cpu = arch_cpu_index();

	if (gic_hw_version == 3)
		cpu_init_v3(cpu);
	else
		cpu_init_v2(cpu);
}

/*
 * SGI intid to physical core cpu.  GICv3 (IHI 0069 12.2.22/23): the group
 * is chosen by the register, and the SGI is only delivered if the target
 * configured it in that group.  GICv2 (IHI 0048B 4.3.15): the target's
 * group setting decides.
 */
static void sgi_send(unsigned cpu, uint32_t intid, bool group0)
{
	uint64_t m = cfg_system.board->cpu_mpidr[cpu];
	uint64_t v = ((m >> MPIDR_AFF3_SHIFT & 0xffU) << 48) |
		     ((m >> MPIDR_AFF2_SHIFT & 0xffU) << 32) |
		     ((uint64_t)(intid & 0xfU) << 24) |
		     ((m >> MPIDR_AFF1_SHIFT & 0xffU) << 16) | (BIT(m & 0xfU));

	dsb_ish();
	if (gic_hw_version == 3) {
		if (group0)
			write_icc_sgi0r_el1(v);
		else
			write_icc_sgi1r_el1(v);
		isb();
		return;
	}
	*reg32(cfg_system.board->gicd_base, GICD_SGIR) =
	    ((uint32_t)gic_v2_mask_of(cpu) << 16) | (intid & 0xfU);
}

/* On a direct-mode core the hypervisor's SGIs are its Group 0 ones. */
void arch_irq_send_sgi(unsigned cpu, enum hyp_sgi sgi)
{
	sgi_send(cpu, (uint32_t)sgi, gic_cpu_is_direct(cpu));
}

void arch_gic_send_guest_sgi(unsigned cpu, uint32_t intid)
{
	if (cpu < CFG_MAX_CPUS)
		sgi_send(cpu, intid, false);
}

static uint32_t gic_ack(void)
{
	if (gic_hw_version == 3)
		return (uint32_t)read_icc_iar1_el1();
	return *reg32(gic_gicc_base, GICC_IAR);
}

/* Priority drop only (EOImode = 1): what a HW-bit injection leaves to the
 * guest is the deactivation (IHI 0069 4.1.1, IHI 0048B 5.2.1). */
static void gic_eoi(uint32_t iar)
{
	if (gic_hw_version == 3)
		write_icc_eoir1_el1(iar);
	else
		*reg32(gic_gicc_base, GICC_EOIR) = iar;
}

static void gic_deactivate(uint32_t iar)
{
	if (gic_hw_version == 3)
		write_icc_dir_el1(iar);
	else
		*reg32(gic_gicc_base, GICC_DIR) = iar;
}

static uint64_t unowned_irqs;

/* true: injected into v's guest, which deactivates it itself. */
static bool gic_dispatch(struct vcpu *v, uint32_t intid)
{
	if (intid == VGIC_INTID_MAINT) {
		/* Refill first: the maintenance line is level-sensitive and
		 * stays asserted until the LRs no longer match NPIE/EOI. */
		vgic_maintenance(v);
		return false;
	}
	if (intid == INTID_CNTHP) {
		arch_timer_silence(); /* level: low before it is deactivated */
		return false; /* the deadline is looked at on the way out */
	}
	if (intid == HYP_SGI_KICK || intid == HYP_SGI_STOP)
		return false; /* "look at your state": done on the way out */
	if (intid == cfg_system.board->uart_intid) {
		console_drain_input();
		return false;
	}
	if (vgic_phys_irq(v, intid))
		return true;
	unowned_irqs++;
	return false;
}

/* Priority drop, then dispatch or deactivate. */
static void gic_take(struct vcpu *v, uint32_t iar)
{
	gic_eoi(iar);
	if (!gic_dispatch(v, iar & 0x3ffU))
		gic_deactivate(iar);
}

void arch_trap_irq(struct vcpu *v);

/*
 * An IRQ exception from a guest (vectors.S saved only the registers a C
 * call clobbers): acknowledge and dispatch everything pending, then bring
 * the list registers up to date.  This is the path a real-time guest's
 * timer interrupt takes on every period, so its common case comes first:
 * the guest's own hardware PPI goes straight into a list register.
 * Anything else pending raises the IRQ again as soon as the guest runs,
 * and a stop or restart request is an SGI of its own.
 */
/* Everything but the fast case; iar was acknowledged and, unless
 * spurious, priority-dropped. */
__attribute__((noinline)) static void irq_slow(struct vcpu *v, uint32_t iar)
{
	if ((iar & 0x3ffU) < INTID_SPURIOUS) {
		if (!gic_dispatch(v, iar & 0x3ffU))
			gic_deactivate(iar);
		for (iar = gic_ack(); (iar & 0x3ffU) < INTID_SPURIOUS;
		     iar = gic_ack())
			gic_take(v, iar);
	}
	/* After the interrupts are deactivated: this may not return. */
	if (arch_timer_expired())
		vcpu_timer_fired(v);
	vcpu_leave_if_recalled(v);
	vgic_flush(v);
}

void arch_trap_irq(struct vcpu *v)
{
	uint32_t iar = gic_ack();

	v->exits[EXIT_IRQ]++;
	if ((iar & 0x3ffU) < INTID_SPURIOUS) {
		gic_eoi(iar);
		if (vgic_fast_hw_ppi(v, iar & 0x3ffU))
			return;
	}
	irq_slow(v, iar);
}

unsigned arch_gic_version(void)
{
	return gic_hw_version;
}

uint64_t gic_redist_of(unsigned cpu)
{
	return cpu < CFG_MAX_CPUS ? (uint64_t)(uintptr_t)gicr_of_cpu[cpu] : 0;
}

uint8_t gic_v2_mask_of(unsigned cpu)
{
	if (cpu >= CFG_MAX_CPUS)
		return 0;
	return v2_cpu_mask[cpu] != 0 ? v2_cpu_mask[cpu] : (uint8_t)BIT(cpu);
}
