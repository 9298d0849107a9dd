/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The contract between the core and the architecture layer.
 *
 * core/ calls only the functions declared here (implemented in arch/arm64/,
 * or by tests/unit/fake for host tests) and never includes an arch-private
 * header.  The implementation is chosen at link time.
 */
#ifndef BULKHEAD_ARCH_H
#define BULKHEAD_ARCH_H

#include <bulkhead/arch/types.h>
#include <bulkhead/types.h>

struct vcpu;
struct part;

/* ---- CPU ---- */

/* Linear index of the running physical core (0 = boot core). */
unsigned arch_cpu_index(void);
/* Affinity fields of this core's MPIDR. */
uint64_t arch_cpu_mpidr(void);
/* Start physical core `cpu` at the hypervisor's secondary entry. */
bool arch_cpu_start(unsigned cpu);
/* Stop this core for good: interrupts masked, low-power wait loop. */
_Noreturn void arch_cpu_park(void);
void arch_wait_event(void);
void arch_send_event(void);
/* Sleep on this core until the physical counter reaches `counter`. */
void arch_wait_until(uint64_t counter);
/* Physical counter value and frequency (CNTPCT_EL0, CNTFRQ_EL0). */
uint64_t arch_counter(void);
uint64_t arch_counter_freq(void);
/* Clean and invalidate [va, va+len) to the point of coherency. */
void arch_dcache_clean_range(struct vaddr va, uint64_t len);
void arch_icache_invalidate_all(void);
/* One line describing the CPU (part name, PA size, GIC) for the banner. */
void arch_describe_cpu(char *buf, uint64_t len);

/* ---- Stage-2 translation (the walker lives in core/s2.c) ---- */

enum s2_mem_type {
	S2_MEM_NORMAL = 0, /* write-back cacheable RAM */
	S2_MEM_DEVICE, /* Device-nGnRE, for passed-through MMIO */
};

struct s2_geometry {
	unsigned ipa_bits; /* size of the guest-physical space */
	unsigned start_level; /* first lookup level, 0..2 */
	unsigned root_pages; /* concatenated tables at the start level */
};

struct s2_geometry arch_s2_geometry(void);
uint64_t arch_s2_pte_table(struct paddr next);
uint64_t arch_s2_pte_leaf(struct paddr pa, unsigned level,
			  enum s2_mem_type type);
bool arch_pte_is_valid(uint64_t pte);
bool arch_pte_is_table(uint64_t pte, unsigned level);
struct paddr arch_pte_addr(uint64_t pte);
/* Invalidate all stage-1+2 TLB entries tagged with vmid, inner shareable. */
void arch_s2_tlb_flush_vmid(uint16_t vmid);

/* ---- vCPUs ---- */

/* Compute the EL2 controls for a vCPU of partition p. */
void arch_vcpu_init(struct vcpu *v, const struct part *p);
/* Architectural reset: EL1h, MMU off, PC = entry, x0 = arg, x1-x3 = 0. */
void arch_vcpu_reset(struct vcpu *v, struct ipaddr entry, uint64_t x0);
/* Load the vCPU's state into this core and return to the guest. */
_Noreturn void arch_vcpu_enter(struct vcpu *v);
/* Step the guest PC over the trapped instruction. */
void arch_vcpu_advance_pc(struct vcpu *v);
/* Make the guest take a synchronous external abort on its next instruction. */
void arch_vcpu_inject_abort(struct vcpu *v, bool data, uint64_t far);
/* Make the guest take an Undefined Instruction exception. */
void arch_vcpu_inject_undef(struct vcpu *v);
/* Print the guest's registers (GPRs, PC, PSTATE, EL1 state). */
void arch_vcpu_dump(const struct vcpu *v);

/* ---- The hypervisor's timer (EL2 physical timer, one per core) ---- */

/*
 * At physical counter value deadline this core enters EL2 (whatever its
 * guest does) and calls vcpu_timer_fired(); UINT64_MAX disarms.  One
 * deadline per core: the last one set wins.
 */
void arch_timer_set(uint64_t deadline);
/* true, once, if this core's deadline has passed (it is then disarmed).
 * For loops that wait in EL2 with interrupts masked. */
bool arch_timer_expired(void);

/* ---- Interrupt controller ---- */

/* Software-generated interrupts the hypervisor sends to itself. */
enum hyp_sgi {
	HYP_SGI_KICK = 8, /* look at this core's vCPU state again */
	HYP_SGI_STOP = 9, /* the partition on this core is stopping */
};

void arch_irq_init_boot(void);
void arch_irq_init_cpu(void);
void arch_irq_send_sgi(unsigned cpu, enum hyp_sgi sgi);
const char *arch_irq_describe(void);

#endif /* BULKHEAD_ARCH_H */
