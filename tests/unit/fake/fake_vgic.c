// SPDX-License-Identifier: Apache-2.0
/*
 * Recorder for the virtual GIC's input, which core/vuart.c drives.  The
 * prototypes come from <bulkhead/vgic.h>, so a change of signature breaks
 * this build instead of going unnoticed.
 */
#include <bulkhead/types.h>
#include <bulkhead/vgic.h>

#include "fake.h"

struct fake_vgic fake_vgic;

void vgic_set_level(struct part *p, uint32_t intid, bool level)
{
	fake_vgic.calls++;
	fake_vgic.part = p;
	fake_vgic.intid = intid;
	fake_vgic.level = level;
}

/*
 * The rest of the vGIC, for tests that link core/part.c, core/mmio.c or
 * core/main.c without core/vgic*.c: nothing is emulated.  Weak, so that
 * test_vgic (which links the real vGIC, and not this file) is unaffected
 * should the two ever meet.
 */
__attribute__((weak)) void vgic_part_init(struct part *p)
{
	(void)p;
}

__attribute__((weak)) void vgic_part_reset(struct part *p)
{
	(void)p;
	fake_vgic.part_resets++;
}

__attribute__((weak)) void vgic_cpu_init(struct vcpu *v)
{
	(void)v;
}

/* core/part.c picks the guest device tree by GIC version. */
__attribute__((weak)) unsigned arch_gic_version(void)
{
	return 3;
}

__attribute__((weak)) enum mmio_result vgic_mmio(struct vcpu *v,
						 struct mmio_access *acc)
{
	(void)v, (void)acc;
	return MMIO_UNHANDLED;
}
