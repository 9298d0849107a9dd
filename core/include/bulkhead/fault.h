/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest faults: who caused an error decides how it is handled.  A guest that
 * touches memory it does not own, executes something we must not allow, or
 * calls an unknown service is contained by its partition's fault policy;
 * every other partition runs on.
 */
#ifndef BULKHEAD_FAULT_H
#define BULKHEAD_FAULT_H

#include <bulkhead/types.h>

struct vcpu;

enum fault_kind {
	FAULT_DABT = 0, /* data abort on an unmapped/forbidden IPA */
	FAULT_IABT, /* instruction fetch from an unmapped IPA */
	FAULT_UNKNOWN, /* exception class we do not handle */
	FAULT_SERROR, /* asynchronous external abort */
	FAULT_BAD_MMIO, /* emulated device access we cannot decode */
	FAULT_AARCH32, /* exception from AArch32 state */
};

struct guest_fault {
	enum fault_kind kind;
	uint64_t esr;
	uint64_t far; /* faulting virtual address (guest VA) */
	uint64_t ipa; /* faulting IPA, if known (HPFAR) */
	bool ipa_valid;
	const char *detail; /* decoded ESR, in words */
};

enum trap_result {
	TRAP_DONE = 0, /* handled; return to the same instruction */
	TRAP_ADVANCE, /* handled; step over the trapped instruction */
	TRAP_INJECT_UNDEF, /* the guest gets an Undefined Instruction */
	TRAP_FAULT, /* apply the partition's fault policy */
};

/* Apply the fault policy of v's partition.  Returns only if the policy lets
 * the guest continue (inject). */
void fault_handle(struct vcpu *v, const struct guest_fault *f);
const char *fault_kind_str(enum fault_kind k);

#endif /* BULKHEAD_FAULT_H */
