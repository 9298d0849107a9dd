/* SPDX-License-Identifier: Apache-2.0 */
/* Functions shared between arch/arm64 files only. */
#ifndef ARCH_PRIV_H
#define ARCH_PRIV_H

#include <bulkhead/arch.h>

#define HYP_STACK_BYTES 16384U

/* Physical address size of this CPU, from ID_AA64MMFR0_EL1.PARange. */
unsigned arch_pa_bits(void);
uint64_t arch_parange(void);
/* VTCR_EL2 value matching arch_s2_geometry(). */
uint64_t arch_s2_vtcr(void);
/* Build the EL2 tables (boot core) and turn the MMU on. */
void arch_mmu_enable(bool build);
uint8_t *arch_stack_top(unsigned cpu);
/* vectors.S: first entry into a vCPU on an empty stack. */
_Noreturn void vcpu_eret(struct vcpu *v, uint8_t *stack_top);
/* Decode an ESR into words. */
void esr_describe(uint64_t esr, char *buf, uint64_t len);
/* The hypervisor timer's interrupt was taken: lower its line (cpu.c);
 * arch_timer_expired() then says whether the deadline passed. */
void arch_timer_silence(void);
/* This core's virtual CPU interface off (gic_virt.c), before parking. */
void gic_cpu_quiesce(void);
/* Direct interrupt delivery (gic_direct.c). */
bool gic_cpu_is_direct(unsigned cpu);
/* This core's CPU interface handed to its direct-mode guest. */
void gic_direct_cpu_init(void);
/* Interrupt exceptions from a guest (vectors.S): IRQ (gic.c), FIQ, the
 * hypervisor's Group 0 SGIs on a direct-mode core (gic_direct.c). */
void arch_trap_irq(struct vcpu *v);
void arch_trap_fiq(struct vcpu *v);

#endif /* ARCH_PRIV_H */
