/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host fake of the GIC virtualization hardware (the arch_gic_* and
 * arch_vgic_* hooks of <bulkhead/vgic.h>): list registers as an array, the
 * physical distributor as per-INTID records.  Used by test_vgic only.
 */
#ifndef BULKHEAD_TEST_FAKE_VGIC_HW_H
#define BULKHEAD_TEST_FAKE_VGIC_HW_H

#include <bulkhead/vgic.h>

#define FAKE_GIC_INTIDS 1020U
#define FAKE_GIC_CPUS 8U

struct fake_gic_hw {
	/* ---- set by tests ---- */
	unsigned version; /* 2 or 3 */
	unsigned lr_count;
	/* ---- the hardware's state, as the vGIC left it ---- */
	struct vgic_lr lr[VGIC_MAX_LRS];
	bool npie, en;
	unsigned cpu_inits;
	unsigned lr0_reuses; /* fast-path list-register writes */
	bool direct; /* the last arch_vgic_cpu_init() was for direct mode */
	/* Physical Group 1 SGIs sent for direct-mode guests, per core. */
	uint16_t guest_sgis[FAKE_GIC_CPUS];
	/* Physical distributor: last values written per INTID. */
	bool enabled[FAKE_GIC_INTIDS];
	unsigned enable_cpu[FAKE_GIC_INTIDS];
	uint8_t prio[FAKE_GIC_INTIDS];
	bool edge[FAKE_GIC_INTIDS];
	int route[FAKE_GIC_INTIDS]; /* core, -1 if never routed */
	unsigned cleared[FAKE_GIC_INTIDS]; /* pending+active cleared */
	unsigned hw_writes; /* every physical distributor write */
};

extern struct fake_gic_hw fake_gic;

/* version 3, 4 list registers, nothing written. */
void fake_gic_reset(void);

#endif /* BULKHEAD_TEST_FAKE_VGIC_HW_H */
