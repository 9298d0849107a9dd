// SPDX-License-Identifier: Apache-2.0
/*
 * Structure offsets for the assembly code, generated from the C layout so the
 * two can never disagree.  The build compiles this to assembly and turns each
 * "->NAME value" marker into a #define in asm-offsets.h.
 */
#include <bulkhead/vcpu.h>

#define DEFINE(sym, val)                                                       \
	__asm__ volatile("\n.ascii \"->" #sym " %0\"" : : "i"(val))

void asm_offsets(void);

void asm_offsets(void)
{
	DEFINE(VCPU_REGS, offsetof(struct vcpu, regs));
	DEFINE(REGS_X0, offsetof(struct arch_regs, x[0]));
	DEFINE(REGS_X30, offsetof(struct arch_regs, x[30]));
	DEFINE(REGS_ELR, offsetof(struct arch_regs, elr));
	DEFINE(REGS_SPSR, offsetof(struct arch_regs, spsr));
	DEFINE(HYP_STACK_SIZE, 16384);
}
