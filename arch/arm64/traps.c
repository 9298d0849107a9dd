// SPDX-License-Identifier: Apache-2.0
/*
 * Synchronous traps from guests, dispatched by ESR_EL2.EC through a constant
 * table of small handlers that each return an explicit trap_result.
 */
#include <bulkhead/fault.h>
#include <bulkhead/fmt.h>
#include <bulkhead/mmio.h>
#include <bulkhead/part.h>
#include <bulkhead/psci.h>
#include <bulkhead/vgic.h>
#include "priv/arch_priv.h"
#include "priv/esr.h"
#include "priv/sysreg.h"

typedef enum trap_result (*trap_handler)(struct vcpu *v, uint64_t esr);

static enum trap_result contain(struct vcpu *v, uint64_t esr,
				enum fault_kind kind)
{
	char detail[160];
	struct guest_fault f = {
	    .kind = kind,
	    .esr = esr,
	    .far = read_far_el2(),
	    .ipa = ((read_hpfar_el2() >> HPFAR_FIPA_SHIFT) & HPFAR_FIPA_MASK)
		   << PAGE_SHIFT,
	    .ipa_valid = kind == FAULT_DABT || kind == FAULT_IABT ||
			 kind == FAULT_BAD_MMIO,
	    .detail = detail,
	};

	f.ipa |= f.far & (PAGE_SIZE - 1);
	esr_describe(esr, detail, sizeof(detail));
	fault_handle(v, &f);
	return TRAP_DONE; /* only reached if an abort was injected */
}

static enum trap_result trap_unknown(struct vcpu *v, uint64_t esr)
{
	return contain(v, esr, FAULT_UNKNOWN);
}

static enum trap_result trap_wfx(struct vcpu *v, uint64_t esr)
{
	(void)v, (void)esr;
	return TRAP_ADVANCE;
}

static enum trap_result trap_hvc(struct vcpu *v, uint64_t esr)
{
	(void)esr;
	v->exits[EXIT_HVC]++;
	smccc_handle(v);
	return TRAP_DONE; /* ELR already points after the HVC */
}

static enum trap_result trap_smc(struct vcpu *v, uint64_t esr)
{
	(void)esr;
	v->exits[EXIT_SMC]++;
	smccc_handle(v);
	return TRAP_ADVANCE; /* a trapped SMC returns to itself (D1.10.4) */
}

/* DC ISW / CSW / CISW: op0=1 op1=0 CRn=7 CRm=6/10/14 op2=2. */
static bool is_set_way_op(uint64_t iss)
{
	uint64_t enc = iss & SYS_ENC_MASK;
	uint64_t base = (UINT64_C(1) << SYS_OP0_SHIFT) |
			(UINT64_C(2) << SYS_OP2_SHIFT) |
			(UINT64_C(7) << SYS_CRN_SHIFT);

	return enc == (base | (UINT64_C(6) << SYS_CRM_SHIFT)) ||
	       enc == (base | (UINT64_C(10) << SYS_CRM_SHIFT)) ||
	       enc == (base | (UINT64_C(14) << SYS_CRM_SHIFT));
}

/* ICC_SGI0R_EL1 / ICC_SGI1R_EL1 / ICC_ASGI1R_EL1: op0=3 op1=0 CRn=12
 * CRm=11, op2 = 7 / 5 / 6.  With HCR_EL2.IMO/FMO set, EL1 writes to them
 * trap to EL2 (IHI 0069 12.2.21-23): they would raise physical SGIs. */
static bool is_sgi_reg(uint64_t iss, unsigned *op2)
{
	uint64_t base = (UINT64_C(3) << SYS_OP0_SHIFT) |
			(UINT64_C(12) << SYS_CRN_SHIFT) |
			(UINT64_C(11) << SYS_CRM_SHIFT);

	*op2 = (unsigned)((iss >> SYS_OP2_SHIFT) & 7U);
	return (iss & SYS_ENC_MASK & ~(UINT64_C(7) << SYS_OP2_SHIFT)) == base &&
	       *op2 >= 5;
}

static enum trap_result trap_sgi(struct vcpu *v, uint64_t iss, unsigned op2)
{
	unsigned rt = (unsigned)((iss >> SYS_RT_SHIFT) & 0x1f);

	if (iss & SYS_READ)
		return TRAP_INJECT_UNDEF; /* write-only registers */
	/* Secure Group 1 (ASGI1R) does not exist for a guest: dropped. */
	if (op2 != 6)
		vgic_sgi1r_write(v, rt == 31 ? 0 : v->regs.x[rt]);
	return TRAP_ADVANCE;
}

static enum trap_result trap_sysreg(struct vcpu *v, uint64_t esr)
{
	unsigned op2;
	uint64_t iss = esr & ESR_ISS_MASK;
	unsigned rt = (unsigned)((iss >> SYS_RT_SHIFT) & 0x1f);

	v->exits[EXIT_SYSREG]++;
	if (is_sgi_reg(iss, &op2))
		return trap_sgi(v, iss, op2);
	if (is_set_way_op(iss)) {
		/* A guest invalidate by set/way could discard other
		 * partitions' dirty lines; clean+invalidate never loses
		 * data, so every set/way op becomes DC CISW. */
		uint64_t sw = rt == 31 ? 0 : v->regs.x[rt];

		__asm__ volatile("dc cisw, %0" : : "r"(sw) : "memory");
		return TRAP_ADVANCE;
	}
	/* Implementation-defined registers (TIDCP) and anything else we
	 * trap: the guest sees an undefined instruction. */
	return TRAP_INJECT_UNDEF;
}

static enum trap_result trap_iabt(struct vcpu *v, uint64_t esr)
{
	v->exits[EXIT_IABT]++;
	return contain(v, esr, FAULT_IABT);
}

static void mmio_complete_read(struct vcpu *v, uint64_t iss, uint64_t val,
			       unsigned width)
{
	unsigned rt = (unsigned)((iss >> DABT_SRT_SHIFT) & DABT_SRT_MASK);

	if (width < 8)
		val &= (UINT64_C(1) << (width * 8)) - 1;
	if ((iss & DABT_SSE) && width < 8 &&
	    (val & (UINT64_C(1) << (width * 8 - 1))))
		val |= ~((UINT64_C(1) << (width * 8)) - 1);
	if (!(iss & DABT_SF))
		val &= 0xffffffffU;
	if (rt != 31)
		v->regs.x[rt] = val;
}

static enum trap_result trap_dabt(struct vcpu *v, uint64_t esr)
{
	uint64_t iss = esr & ESR_ISS_MASK;
	unsigned rt = (unsigned)((iss >> DABT_SRT_SHIFT) & DABT_SRT_MASK);
	uint64_t ipa =
	    (((read_hpfar_el2() >> HPFAR_FIPA_SHIFT) & HPFAR_FIPA_MASK)
	     << PAGE_SHIFT) |
	    (read_far_el2() & (PAGE_SIZE - 1));
	struct mmio_access acc = {
	    .addr = ipa_init(ipa),
	    .width = 1U << ((iss >> DABT_SAS_SHIFT) & DABT_SAS_MASK),
	    .write = (iss & DABT_WNR) != 0,
	};
	enum mmio_result r;

	v->exits[EXIT_DABT]++;
	/* Without a valid syndrome (load/store pair, writeback) we cannot
	 * emulate the access; treat it as a fault (D19.2.37 ISV). */
	if (!(iss & DABT_ISV) || (iss & DABT_S1PTW))
		return contain(v, esr, FAULT_DABT);
	if (acc.write)
		acc.value = rt == 31 ? 0 : v->regs.x[rt];
	r = mmio_dispatch(v, &acc);
	if (r == MMIO_UNHANDLED)
		return contain(v, esr, FAULT_DABT);
	if (r == MMIO_BAD_ACCESS)
		return contain(v, esr, FAULT_BAD_MMIO);
	if (!acc.write)
		mmio_complete_read(v, iss, acc.value, acc.width);
	return TRAP_ADVANCE;
}

static const trap_handler trap_table[EC_COUNT] = {
    [EC_WFX] = trap_wfx,       [EC_HVC64] = trap_hvc,
    [EC_SMC64] = trap_smc,     [EC_SYS64] = trap_sysreg,
    [EC_IABT_LOW] = trap_iabt, [EC_DABT_LOW] = trap_dabt,
};

void arch_trap_sync(struct vcpu *v);
void arch_trap_serror(struct vcpu *v);
void arch_trap_aarch32(struct vcpu *v);

void arch_trap_sync(struct vcpu *v)
{
	uint64_t esr = read_esr_el2();
	trap_handler h = trap_table[esr_ec(esr)];

	switch ((h != NULL ? h : trap_unknown)(v, esr)) {
	case TRAP_ADVANCE:
		arch_vcpu_advance_pc(v);
		break;
	case TRAP_INJECT_UNDEF:
		arch_vcpu_inject_undef(v);
		break;
	case TRAP_DONE:
	case TRAP_FAULT:
	default:
		break;
	}
	vgic_flush(v);
}

void arch_trap_serror(struct vcpu *v)
{
	v->exits[EXIT_OTHER]++;
	contain(v, read_esr_el2(), FAULT_SERROR);
	vgic_flush(v);
}

void arch_trap_aarch32(struct vcpu *v)
{
	v->exits[EXIT_OTHER]++;
	contain(v, read_esr_el2(), FAULT_AARCH32);
}
