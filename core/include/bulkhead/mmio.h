/* SPDX-License-Identifier: Apache-2.0 */
/* Emulated MMIO: a guest load or store that stage 2 sent to EL2. */
#ifndef BULKHEAD_MMIO_H
#define BULKHEAD_MMIO_H

#include <bulkhead/types.h>

struct vcpu;

struct mmio_access {
	struct ipaddr addr; /* guest-physical address accessed */
	uint64_t offset; /* offset inside the emulated device */
	unsigned width; /* bytes: 1, 2, 4 or 8 */
	bool write;
	uint64_t value; /* written value, or where a read puts its result */
};

enum mmio_result {
	MMIO_OK = 0, /* emulated (reads filled value) */
	MMIO_UNHANDLED, /* no device here: a guest fault */
	MMIO_BAD_ACCESS, /* a device, but a width/alignment it rejects */
};

/*
 * Route an access to the partition's emulated devices (virtual UART,
 * virtual GIC).  Returns MMIO_UNHANDLED if no emulated device covers it.
 */
enum mmio_result mmio_dispatch(struct vcpu *v, struct mmio_access *acc);

#endif /* BULKHEAD_MMIO_H */
