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
#include <bulkhead/log.h>
#include <bulkhead/part.h>
#include "priv/arch_priv.h"
#include "priv/sysreg.h"

#define GICD_CTLR 0x0000U
#define GICD_TYPER 0x0004U
#define GICD_IGROUPR 0x0080U
#define GICD_ICENABLER 0x0180U
#define GICD_ISENABLER 0x0100U
#define GICD_IPRIORITYR 0x0400U
#define GICD_ITARGETSR 0x0800U
#define GICD_SGIR 0x0f00U
#define GICD_PIDR2 0xffe8U
#define GICD_PIDR2_ARCH_SHIFT 4
#define GICD_CTLR_ARE BIT(4)

#define GICC_CTLR 0x0000U
#define GICC_PMR 0x0004U
#define GICC_BPR 0x0008U
#define GICC_IAR 0x000cU
#define GICC_EOIR 0x0010U
#define GICC_DIR 0x1000U
/* Both enables, EOImodeS and EOImodeNS (bits 9/10; IHI 0048B 4.4.1). */
#define GICC_CTLR_VALUE (UINT32_C(3) | BIT(9) | BIT(10))

#define GICR_STRIDE 0x20000U
#define GICR_WAKER 0x0014U
#define GICR_TYPER 0x0008U
#define GICR_TYPER_LAST BIT(4)
#define GICR_WAKER_SLEEP BIT(1)
#define GICR_WAKER_ASLEEP BIT(2)
#define GICR_SGI 0x10000U

#define INTID_SPURIOUS 1020U
#define HYP_PRIORITY 0x80U

static unsigned gic_version;
static uint8_t *gicr_of_cpu[CFG_MAX_CPUS];
static uint8_t v2_cpu_mask[CFG_MAX_CPUS];

static volatile uint32_t *reg32(uint64_t base, uint64_t off)
{
	return (volatile uint32_t *)(uintptr_t)(base + off);
}

static volatile uint64_t *reg64(uint64_t base, uint64_t off)
{
	return (volatile uint64_t *)(uintptr_t)(base + off);
}

#define ICC_RW(name, enc)                                                  \
	static inline uint64_t read_##name(void)                           \
	{                                                                  \
		uint64_t v;                                                \
		__asm__ volatile("mrs %0, " enc : "=r"(v));                \
		return v;                                                  \
	}                                                                  \
	static inline void write_##name(uint64_t v)                        \
	{                                                                  \
		__asm__ volatile("msr " enc ", %x0" : : "rZ"(v));          \
	}

/* Encodings from IHI 0069 12.1, spelled out for older assemblers. */
ICC_RW(icc_sre_el2, "S3_4_C12_C9_5")
ICC_RW(icc_pmr_el1, "S3_0_C4_C6_0")
ICC_RW(icc_ctlr_el1, "S3_0_C12_C12_4")
ICC_RW(icc_igrpen1_el1, "S3_0_C12_C12_7")
ICC_RW(icc_iar1_el1, "S3_0_C12_C12_0")
ICC_RW(icc_eoir1_el1, "S3_0_C12_C12_1")
ICC_RW(icc_dir_el1, "S3_0_C12_C11_1")
ICC_RW(icc_sgi1r_el1, "S3_0_C12_C11_5")
ICC_RW(icc_bpr1_el1, "S3_0_C12_C12_3")

static void dist_init(uint64_t d)
{
	unsigned lines = 32U * ((*reg32(d, GICD_TYPER) & 0x1fU) + 1U);

	*reg32(d, GICD_CTLR) = 0;
	for (unsigned i = 32; i < lines; i += 32) {
		*reg32(d, GICD_ICENABLER + i / 8) = 0xffffffffU;
		*reg32(d, GICD_IGROUPR + i / 8) = 0xffffffffU;
	}
	for (unsigned i = 32; i < lines; i += 4)
		*reg32(d, GICD_IPRIORITYR + i) = 0xa0a0a0a0U;
	*reg32(d, GICD_CTLR) = gic_version == 3 ? (GICD_CTLR_ARE | 3U) : 3U;
}

void arch_irq_init_boot(void)
{
	uint64_t d = cfg_system.board->gicd_base;

	/* GICD_PIDR2 sits at 0xffe8 in a GICv3 distributor's 64 KiB frame
	 * but at 0xfe8 in a GICv2's 4 KiB one, so ask the CPU first:
	 * ID_AA64PFR0_EL1.GIC says whether the system-register interface
	 * (GICv3) is there. */
	gic_version = ((read_id_aa64pfr0_el1() >> PFR0_GIC_SHIFT) &
		       PFR0_GIC_MASK) != 0 ? 3U : 2U;
	dist_init(d);
}

const char *arch_irq_describe(void)
{
	return gic_version == 3 ? "GICv3, system-register CPU interface" :
	       gic_version == 2 ? "GICv2, memory-mapped CPU interface" :
				  "unknown GIC version";
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
	*reg32(rb, GICR_SGI + GICD_ISENABLER) =
		(uint32_t)(BIT(HYP_SGI_KICK) | BIT(HYP_SGI_STOP));
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
	v2_cpu_mask[cpu] = (uint8_t)(*reg32(b->gicd_base, GICD_ITARGETSR) &
				     0xffU);
	*reg32(b->gicd_base, GICD_ISENABLER) =
		(uint32_t)(BIT(HYP_SGI_KICK) | BIT(HYP_SGI_STOP));
	*reg32(b->gicc_base, GICC_PMR) = 0xff;
	*reg32(b->gicc_base, GICC_BPR) = 0;
	*reg32(b->gicc_base, GICC_CTLR) = GICC_CTLR_VALUE;
}

void arch_irq_init_cpu(void)
{
	unsigned cpu = arch_cpu_index();

	if (gic_version == 3)
		cpu_init_v3(cpu);
	else
		cpu_init_v2(cpu);
}

void arch_irq_send_sgi(unsigned cpu, enum hyp_sgi sgi)
{
	uint64_t m = cfg_system.board->cpu_mpidr[cpu];

	dsb_ish();
	if (gic_version == 3) {
		/* ICC_SGI1R_EL1 (IHI 0069 12.2.24). */
		write_icc_sgi1r_el1(((m >> MPIDR_AFF3_SHIFT & 0xffU) << 48) |
				    ((m >> MPIDR_AFF2_SHIFT & 0xffU) << 32) |
				    ((uint64_t)sgi << 24) |
				    ((m >> MPIDR_AFF1_SHIFT & 0xffU) << 16) |
				    (BIT(m & 0xfU)));
		isb();
		return;
	}
	*reg32(cfg_system.board->gicd_base, GICD_SGIR) =
		((uint32_t)v2_cpu_mask[cpu] << 16) | (uint32_t)sgi;
}

static uint32_t gic_ack(void)
{
	if (gic_version == 3)
		return (uint32_t)read_icc_iar1_el1();
	return *reg32(cfg_system.board->gicc_base, GICC_IAR);
}

static void gic_eoi_deactivate(uint32_t iar)
{
	if (gic_version == 3) {
		write_icc_eoir1_el1(iar);
		write_icc_dir_el1(iar);
		return;
	}
	*reg32(cfg_system.board->gicc_base, GICC_EOIR) = iar;
	*reg32(cfg_system.board->gicc_base, GICC_DIR) = iar;
}

void gic_handle_irq(struct vcpu *v)
{
	for (;;) {
		uint32_t iar = gic_ack();
		uint32_t intid = iar & 0x3ffU;

		if (intid >= INTID_SPURIOUS)
			break;
		/* Hypervisor SGIs only carry "look at your state". */
		gic_eoi_deactivate(iar);
	}
	if (__atomic_load_n(&v->state, __ATOMIC_ACQUIRE) == VCPU_STOPPED)
		arch_cpu_park();
}
