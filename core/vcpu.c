// SPDX-License-Identifier: Apache-2.0
/*
 * vCPU life cycle.  A vCPU is off until its partition boots it (vCPU 0) or a
 * sibling calls PSCI CPU_ON; its core waits in EL2 with WFE meanwhile.
 */
#include <bulkhead/log.h>
#include <bulkhead/panic.h>
#include <bulkhead/part.h>
#include <bulkhead/vcpu.h>
#include <bulkhead/vwdt.h>

struct vcpu vcpus[CFG_MAX_CPUS];

struct vcpu *vcpu_of_cpu(unsigned cpu)
{
	if (cpu >= CFG_MAX_CPUS || vcpus[cpu].part == NULL)
		return NULL;
	return &vcpus[cpu];
}

uint64_t vcpu_mpidr_of_index(unsigned index)
{
	/* MPIDR_EL1 bit 31 is RES1; Aff0 carries the vCPU number. */
	return BIT(31) | (uint64_t)index;
}

struct vcpu *vcpu_find_by_mpidr(struct part *p, uint64_t mpidr)
{
	/* Compare affinity fields only (Aff3 [39:32], Aff2..Aff0 [23:0]). */
	const uint64_t aff = UINT64_C(0xff00ffffff);

	for (unsigned i = 0; i < p->vcpu_count; i++)
		if ((p->vcpus[i]->vmpidr & aff) == (mpidr & aff))
			return p->vcpus[i];
	return NULL;
}

void vcpu_request_on(struct vcpu *v, uint64_t entry, uint64_t context)
{
	v->on_entry = entry;
	v->on_context = context;
	__atomic_store_n(&v->state, VCPU_ON_PENDING, __ATOMIC_RELEASE);
	arch_send_event();
}

void vcpu_recall(struct vcpu *v)
{
	enum vcpu_state old =
	    __atomic_exchange_n(&v->state, VCPU_RESTARTING, __ATOMIC_ACQ_REL);

	/* A guest leaves only on an interrupt; a waiting core on an event. */
	if (old == VCPU_ON)
		arch_irq_send_sgi(v->cpu, HYP_SGI_STOP);
	if (old != VCPU_RESTARTING)
		arch_send_event();
}

/* Tell the restarting core we are out of the guest, then wait for it: the
 * partition's memory and vGIC are being rebuilt under our feet. */
static void vcpu_sit_out_restart(struct vcpu *v)
{
	struct part *p = v->part;

	__atomic_store_n(&v->restart_ack, true, __ATOMIC_RELEASE);
	arch_send_event(); /* the restarting core waits for this */
	while (__atomic_load_n(&p->restarting, __ATOMIC_ACQUIRE)) {
		if (p->state == PART_STOPPED)
			arch_cpu_park();
		arch_wait_event();
	}
	/* Our list registers still hold the old guest's interrupts. */
	vgic_cpu_init(v);
}

/* ON_PENDING -> ON, unless a recall or stop got there first. */
static bool vcpu_try_start(struct vcpu *v)
{
	enum vcpu_state expected = VCPU_ON_PENDING;

	arch_vcpu_reset(v, ipa_init(v->on_entry), v->on_context);
	return __atomic_compare_exchange_n(&v->state, &expected, VCPU_ON, false,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/*
 * The partition's first guest instruction is about to run: log the
 * counter.  Under QEMU's icount with a 1 GHz counter that is the number of
 * instructions all cores executed since the hypervisor's first one, the
 * boot path `make bench` reports (docs/realtime.md).
 */
static void note_first_entry(struct vcpu *v)
{
	struct part *p = v->part;

	if (v->index != 0 || p->first_entry != 0)
		return;
	p->first_entry = arch_counter();
	log_printf("partition '%s' entered at counter %llu", p->cfg->name,
		   (unsigned long long)p->first_entry);
}

_Noreturn void vcpu_wait_and_run(struct vcpu *v)
{
	v->online = true;
	for (;;) {
		enum vcpu_state s =
		    __atomic_load_n(&v->state, __ATOMIC_ACQUIRE);

		if (s == VCPU_STOPPED || panic_in_progress())
			arch_cpu_park();
		if (s == VCPU_RESTARTING) {
			vcpu_sit_out_restart(v);
			continue;
		}
		if (s == VCPU_ON_PENDING && vcpu_try_start(v)) {
			note_first_entry(v);
			arch_vcpu_enter(v);
		}
		arch_wait_event();
		/* A watchdog runs on while this vCPU is off. */
		if (arch_timer_expired())
			vcpu_timer_fired(v);
	}
}

void vcpu_timer_fired(struct vcpu *v)
{
	vwdt_timer(v);
}

void vcpu_leave_if_recalled(struct vcpu *v)
{
	enum vcpu_state s = __atomic_load_n(&v->state, __ATOMIC_ACQUIRE);

	if (s == VCPU_STOPPED || panic_in_progress())
		arch_cpu_park();
	if (s == VCPU_RESTARTING)
		vcpu_wait_and_run(v);
}
