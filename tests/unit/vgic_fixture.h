/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The system the vGIC unit tests run on (test_vgic.c, test_vgic_direct.c):
 * a QEMU-virt-like board, one partition with two vCPUs on cores 1 and 2,
 * the fake GIC hardware, and helpers for guest MMIO to the vGIC.
 */
#ifndef BULKHEAD_TEST_VGIC_FIXTURE_H
#define BULKHEAD_TEST_VGIC_FIXTURE_H

#include <bulkhead/page.h>
#include <bulkhead/part.h>
#include <bulkhead/vgic.h>

#include "fake_vgic_hw.h"
#include "unit.h"

#define GICD UINT64_C(0x08000000)
#define GICR UINT64_C(0x080a0000)
#define GICC UINT64_C(0x08010000)
#define SGI_BASE UINT64_C(0x10000)

extern struct part part;
extern struct vcpu vc[2];

/* Build part from cfg on a GIC of the given version (2 or 3), with vCPU 0
 * (core 1) initialised as before its first entry. */
void vgic_fixture_build(const struct cfg_part *cfg, unsigned version);
/* The partition every test of the binary builds (set it in main), and the
 * cmocka setups that build it on a GICv3 or a GICv2, and the teardown. */
extern const struct cfg_part *vgic_fixture_cfg;
int setup3(void **state);
int setup2(void **state);
int teardown(void **state);
/* Guest MMIO from vCPU v (on its own core); the access must be handled. */
uint64_t rd(struct vcpu *v, uint64_t addr, unsigned width);
void wr(struct vcpu *v, uint64_t addr, unsigned width, uint64_t val);
/* List registers that are pending or active. */
unsigned lrs_loaded(void);

#endif /* BULKHEAD_TEST_VGIC_FIXTURE_H */
