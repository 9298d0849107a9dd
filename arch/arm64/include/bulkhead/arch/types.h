/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The arch layer's public types: what the core may see of a vCPU's register
 * state.  Everything else about arm64 (system registers, ESR layouts, GIC
 * registers) is private to arch/arm64/priv and never included by core/.
 */
#ifndef BULKHEAD_ARCH_TYPES_H
#define BULKHEAD_ARCH_TYPES_H

#include <stdint.h>

/* Guest general-purpose state saved on every EL2 entry (vectors.S). */
struct arch_regs {
	uint64_t x[31];
	uint64_t elr; /* guest PC */
	uint64_t spsr;
};

/* Per-vCPU EL2 controls, computed once and written at every entry. */
struct arch_vcpu {
	uint64_t hcr;
	uint64_t vttbr;
	uint64_t vtcr;
	uint64_t vmpidr;
	uint64_t cntvoff;
	uint64_t cnthctl;
};

#endif /* BULKHEAD_ARCH_TYPES_H */
