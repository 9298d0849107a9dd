// SPDX-License-Identifier: Apache-2.0
/*
 * The world switch.  With one vCPU per core and no scheduler, EL1 state never
 * has to be saved for another guest: entering a vCPU means writing its EL2
 * controls once and returning with ERET; every later trap saves and restores
 * only the general-purpose registers (vectors.S).
 */
#include <bulkhead/fmt.h>
#include <bulkhead/log.h>
#include <bulkhead/part.h>
#include "priv/arch_priv.h"
#include "priv/sysreg.h"

/*
 * HCR_EL2 for every guest (Arm ARM D19.2.48):
 *  VM       stage 2 on;            SWIO   set/way invalidate -> clean+inv
 *  IMO/FMO  IRQ/FIQ taken at EL2;  AMO    SError taken at EL2
 *  FB/BSU   guest TLB/cache maintenance broadcast inner shareable
 *  TSC      SMC traps (PSCI is ours, firmware is never reached)
 *  TSW      set/way cache maintenance traps (emulated, see traps.c)
 *  TIDCP    implementation-defined registers trap
 *  RW       EL1 is AArch64
 * TWI/TWE stay clear: the core is dedicated, so WFI/WFE run natively.
 * Direct interrupt delivery clears IMO only (gic_direct.c): physical IRQs
 * go to EL1, FIQs (the hypervisor's Group 0 SGIs) still come here.
 */
#define GUEST_HCR                                                              \
	(HCR_VM | HCR_SWIO | HCR_IMO | HCR_FMO | HCR_AMO | HCR_FB |            \
	 HCR_BSU_IS | HCR_TSC | HCR_TSW | HCR_TIDCP | HCR_RW)

void arch_vcpu_init(struct vcpu *v, const struct part *p)
{
	v->arch = (struct arch_vcpu){
	    .hcr = part_irq_direct(p) ? GUEST_HCR & ~HCR_IMO : GUEST_HCR,
	    .vttbr = ((uint64_t)p->vmid << VTTBR_VMID_SHIFT) |
		     pa_addr(p->s2.root_pa),
	    .vtcr = arch_s2_vtcr(),
	    .vmpidr = v->vmpidr,
	    .cntvoff = p->cntvoff,
	    .cnthctl = CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN,
	};
}

/* EL1 state of a core coming out of reset, as a guest expects it. */
static void reset_el1(void)
{
	write_sctlr_el1(SCTLR_EL1_RES1);
	write_tcr_el1(0);
	write_ttbr0_el1(0);
	write_ttbr1_el1(0);
	write_mair_el1(0);
	write_vbar_el1(0);
	write_cpacr_el1(0);
	write_contextidr_el1(0);
	write_tpidr_el1(0);
	write_tpidr_el0(0);
	write_sp_el1(0);
	write_sp_el0(0);
	write_esr_el1(0);
	write_far_el1(0);
	write_cntkctl_el1(0);
	write_cntv_ctl_el0(0);
	write_cntp_ctl_el0(0);
}

void arch_vcpu_reset(struct vcpu *v, struct ipaddr entry, uint64_t x0)
{
	for (unsigned i = 0; i < ARRAY_SIZE(v->regs.x); i++)
		v->regs.x[i] = 0;
	v->regs.x[0] = x0;
	v->regs.elr = ipa_addr(entry);
	v->regs.spsr = SPSR_EL1H_MASKED;
	reset_el1();
}

_Noreturn void arch_vcpu_enter(struct vcpu *v)
{
	uint64_t hpmn = (read_pmcr_el0() >> PMCR_N_SHIFT) & PMCR_N_MASK;

	write_vtcr_el2(v->arch.vtcr);
	write_vttbr_el2(v->arch.vttbr);
	write_vmpidr_el2(v->arch.vmpidr);
	write_vpidr_el2(read_midr_el1());
	write_cntvoff_el2(v->arch.cntvoff);
	write_cnthctl_el2(v->arch.cnthctl);
	write_cptr_el2(CPTR_EL2_RES1);
	write_mdcr_el2(hpmn);
	write_hcr_el2(v->arch.hcr);
	isb();
	/* Nothing of this VMID may survive from before (firmware, an earlier
	 * run of the partition): D8.13, TLB maintenance by VMID. */
	__asm__ volatile("tlbi vmalls12e1\n\tdsb nsh\n\tisb" ::: "memory");
	vcpu_eret(v, arch_stack_top(v->cpu));
}

void arch_vcpu_advance_pc(struct vcpu *v)
{
	/* Every trapped AArch64 instruction is 4 bytes (ESR.IL = 1). */
	v->regs.elr += 4;
}

/* Vector offset for an exception taken to EL1 from the guest's mode
 * (D1.3.1). */
static uint64_t el1_vector(uint64_t spsr)
{
	switch (spsr & SPSR_MODE_MASK) {
	case SPSR_MODE_EL1T:
		return 0x000;
	case SPSR_MODE_EL1H:
		return 0x200;
	default:
		return 0x400; /* from EL0 */
	}
}

/* Emulate exception entry to EL1 with the given syndrome (D1.10.2). */
static void inject_sync(struct vcpu *v, uint64_t esr, uint64_t far)
{
	write_esr_el1(esr);
	write_far_el1(far);
	write_elr_el1(v->regs.elr);
	write_spsr_el1(v->regs.spsr);
	v->regs.elr = read_vbar_el1() + el1_vector(v->regs.spsr);
	v->regs.spsr = SPSR_EL1H_MASKED;
}

static bool from_el0(const struct vcpu *v)
{
	return (v->regs.spsr & SPSR_MODE_MASK) == SPSR_MODE_EL0T;
}

void arch_vcpu_inject_abort(struct vcpu *v, bool data, uint64_t far)
{
	/* EC: 0x24/0x20 from EL0, 0x25/0x21 from EL1; FSC 0x10 =
	 * synchronous external abort, not on a translation walk. */
	uint64_t ec = (data ? 0x24U : 0x20U) + (from_el0(v) ? 0U : 1U);

	inject_sync(v, (ec << 26) | BIT(25) | 0x10U, far);
}

void arch_vcpu_inject_undef(struct vcpu *v)
{
	inject_sync(v, BIT(25), 0); /* EC 0: unknown reason */
}

static void dump_pair(const char *a, uint64_t va, const char *b, uint64_t vb)
{
	log_printf("  %8s %016llx  %8s %016llx", a, (unsigned long long)va, b,
		   (unsigned long long)vb);
}

void arch_vcpu_dump(const struct vcpu *v)
{
	char n1[8], n2[8];

	for (unsigned i = 0; i < 30; i += 2) {
		fmt_snprintf(n1, sizeof(n1), "x%u", i);
		fmt_snprintf(n2, sizeof(n2), "x%u", i + 1);
		dump_pair(n1, v->regs.x[i], n2, v->regs.x[i + 1]);
	}
	dump_pair("x30", v->regs.x[30], "pc", v->regs.elr);
	dump_pair("spsr", v->regs.spsr, "sp_el1", read_sp_el1());
	dump_pair("sctlr1", read_sctlr_el1(), "vbar1", read_vbar_el1());
	dump_pair("esr1", read_esr_el1(), "far1", read_far_el1());
	dump_pair("elr1", read_elr_el1(), "ttbr0_1", read_ttbr0_el1());
}
