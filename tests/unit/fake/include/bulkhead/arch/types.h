/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host stand-in for arch/arm64/include/bulkhead/arch/types.h.  The unit tests
 * put tests/unit/fake/include first on the include path so that core/ sees
 * these definitions.  The layout mirrors arm64 on purpose: tests index x[]
 * exactly as the real exception vectors would fill it.
 */
#ifndef BULKHEAD_ARCH_TYPES_H
#define BULKHEAD_ARCH_TYPES_H

#include <stdint.h>

struct arch_regs {
	uint64_t x[31];
	uint64_t elr; /* guest PC */
	uint64_t spsr;
};

struct arch_vcpu {
	uint64_t hcr;
	uint64_t vttbr;
	uint64_t vtcr;
	uint64_t vmpidr;
	uint64_t cntvoff;
	uint64_t cnthctl;
};

#endif /* BULKHEAD_ARCH_TYPES_H */
