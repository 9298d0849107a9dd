/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A vCPU.  There is exactly one per physical core that belongs to a
 * partition and no scheduler: the vCPU runs on its core until its partition
 * stops.  vcpus[] is indexed by physical core.
 */
#ifndef BULKHEAD_VCPU_H
#define BULKHEAD_VCPU_H

#include <bulkhead/arch.h>
#include <bulkhead/types.h>
#include <bulkhead/vgic.h>

enum vcpu_state {
	VCPU_OFF = 0, /* waiting in EL2 for a PSCI CPU_ON */
	VCPU_CLAIMED, /* a CPU_ON is writing the entry point; wait */
	VCPU_ON_PENDING, /* CPU_ON accepted, its core has not entered yet */
	VCPU_ON, /* running guest code */
	VCPU_STOPPED, /* its partition was stopped; the core is parked */
	VCPU_RESTARTING, /* its partition restarts: leave the guest, wait */
};

/* Why the core entered EL2: counted per core, exported for benchmarks. */
enum exit_cause {
	EXIT_IRQ = 0,
	EXIT_HVC,
	EXIT_SMC,
	EXIT_DABT,
	EXIT_IABT,
	EXIT_SYSREG,
	EXIT_OTHER,
	EXIT_CAUSE_COUNT,
};

struct vcpu {
	/* Saved by vectors.S at every EL2 entry: must stay first. */
	struct arch_regs regs;
	struct part *part;
	unsigned index; /* vCPU number inside its partition */
	unsigned cpu; /* physical core */
	uint64_t vmpidr;
	volatile enum vcpu_state state;
	/* Its core has reached the wait loop once: it can answer a recall. */
	volatile bool online;
	/* Out of the guest and waiting for its partition's restart to end. */
	volatile bool restart_ack;
	/* CPU_ON arguments, valid in VCPU_ON_PENDING. */
	uint64_t on_entry;
	uint64_t on_context;
	uint64_t exits[EXIT_CAUSE_COUNT];
	struct vgic_cpu vgic; /* banked interrupts, list registers */
	struct arch_vcpu arch;
};

/* The vCPU bound to physical core cpu, or NULL if the core is unassigned. */
struct vcpu *vcpu_of_cpu(unsigned cpu);
/* The vCPU of partition p whose virtual MPIDR is mpidr, or NULL. */
struct vcpu *vcpu_find_by_mpidr(struct part *p, uint64_t mpidr);
/* Virtual MPIDR of vCPU number index: Aff0 = index, RES1 bit 31 set. */
uint64_t vcpu_mpidr_of_index(unsigned index);

/* Request that vCPU v starts at entry with x0 = context (PSCI CPU_ON). */
void vcpu_request_on(struct vcpu *v, uint64_t entry, uint64_t context);
/*
 * The idle loop of a core whose vCPU is off: waits until it is switched on
 * (or stopped), then enters the guest.  Never returns.
 */
_Noreturn void vcpu_wait_and_run(struct vcpu *v);
/*
 * On v's own core at a guest exit, after interrupts were handled: leaves
 * the guest for good if its partition stopped (park) or is restarting
 * (wait loop).  Returns otherwise.
 */
void vcpu_leave_if_recalled(struct vcpu *v);
/* This core's hypervisor timer (arch_timer_set) fired; v runs here. */
void vcpu_timer_fired(struct vcpu *v);
/*
 * Restart of v's partition, from another of its cores: make v leave its
 * guest (or its wait) and sit out the restart.  Repeatable until v acks.
 */
void vcpu_recall(struct vcpu *v);

#endif /* BULKHEAD_VCPU_H */
