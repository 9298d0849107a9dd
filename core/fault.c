// SPDX-License-Identifier: Apache-2.0
/*
 * Guest fault containment.  The first few faults of a partition are logged
 * with a register dump; after that only every power-of-two count is, so a
 * guest cannot flood the console.  Then the partition's policy applies.
 */
#include <bulkhead/fault.h>
#include <bulkhead/log.h>
#include <bulkhead/part.h>

#define FAULT_LOG_FULL 2U /* faults logged with a register dump */

const char *fault_kind_str(enum fault_kind k)
{
	static const char *const names[] = {
	    [FAULT_DABT] = "data abort",
	    [FAULT_IABT] = "instruction abort",
	    [FAULT_UNKNOWN] = "unhandled exception",
	    [FAULT_SERROR] = "SError",
	    [FAULT_BAD_MMIO] = "undecodable MMIO access",
	    [FAULT_AARCH32] = "AArch32 exception",
	};

	return (unsigned)k < ARRAY_SIZE(names) ? names[k] : "?";
}

static bool is_power_of_two(uint32_t n)
{
	return n != 0 && (n & (n - 1)) == 0;
}

static void fault_log(struct vcpu *v, const struct guest_fault *f)
{
	struct part *p = v->part;

	p->faults++;
	if (p->faults_logged >= FAULT_LOG_FULL) {
		if (is_power_of_two(p->faults))
			log_printf("partition '%s': %u guest faults so far "
				   "(rate-limited)",
				   p->cfg->name, p->faults);
		return;
	}
	p->faults_logged++;
	log_printf("FAULT part=%s vcpu=%u cpu=%u kind=%s ipa=0x%llx "
		   "va=0x%llx esr=0x%llx pc=0x%llx",
		   p->cfg->name, v->index, v->cpu, fault_kind_str(f->kind),
		   (unsigned long long)(f->ipa_valid ? f->ipa : 0),
		   (unsigned long long)f->far, (unsigned long long)f->esr,
		   (unsigned long long)v->regs.elr);
	log_printf("  %s", f->detail);
	arch_vcpu_dump(v);
}

static bool fault_injectable(enum fault_kind k)
{
	return k == FAULT_DABT || k == FAULT_IABT || k == FAULT_UNKNOWN ||
	       k == FAULT_BAD_MMIO;
}

void fault_handle(struct vcpu *v, const struct guest_fault *f)
{
	struct part *p = v->part;

	fault_log(v, f);
	if (p->cfg->fault_policy == FAULT_POLICY_INJECT &&
	    fault_injectable(f->kind)) {
		if (f->kind == FAULT_UNKNOWN)
			arch_vcpu_inject_undef(v);
		else
			arch_vcpu_inject_abort(v, f->kind != FAULT_IABT,
					       f->far);
		return;
	}
	if (p->cfg->fault_policy == FAULT_POLICY_RESTART)
		part_restart(p, fault_kind_str(f->kind));
	part_stop_self(p, fault_kind_str(f->kind));
}
