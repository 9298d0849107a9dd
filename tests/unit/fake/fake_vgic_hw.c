// SPDX-License-Identifier: Apache-2.0
/* The GIC virtualization hardware for test_vgic (see fake_vgic_hw.h). */
#include <string.h>

#include "fake_vgic_hw.h"

struct fake_gic_hw fake_gic;

void fake_gic_reset(void)
{
	memset(&fake_gic, 0, sizeof(fake_gic));
	fake_gic.version = 3;
	fake_gic.lr_count = 4;
	for (unsigned i = 0; i < FAKE_GIC_INTIDS; i++)
		fake_gic.route[i] = -1;
}

unsigned arch_gic_version(void)
{
	return fake_gic.version;
}

unsigned arch_vgic_lr_count(void)
{
	return fake_gic.lr_count;
}

struct vgic_lr arch_vgic_read_lr(unsigned i)
{
	return i < VGIC_MAX_LRS ? fake_gic.lr[i] : (struct vgic_lr){0};
}

void arch_vgic_write_lr(unsigned i, const struct vgic_lr *lr)
{
	if (i < VGIC_MAX_LRS)
		fake_gic.lr[i] = *lr;
}

bool arch_vgic_lr0_reuse(uint32_t intid)
{
	struct vgic_lr *lr = &fake_gic.lr[0];

	if (!lr->hw || lr->pending || lr->active || lr->vintid != intid)
		return false;
	lr->pending = true;
	fake_gic.lr0_reuses++;
	return true;
}

void arch_vgic_set_hcr(bool npie)
{
	fake_gic.en = true;
	fake_gic.npie = npie;
}

void arch_vgic_cpu_init(bool direct)
{
	fake_gic.cpu_inits++;
	fake_gic.direct = direct;
	memset(fake_gic.lr, 0, sizeof(fake_gic.lr));
}

void arch_gic_hw_enable(unsigned cpu, uint32_t intid, bool on)
{
	fake_gic.hw_writes++;
	fake_gic.enabled[intid] = on;
	fake_gic.enable_cpu[intid] = cpu;
}

void arch_gic_hw_clear(unsigned cpu, uint32_t intid)
{
	(void)cpu;
	fake_gic.hw_writes++;
	fake_gic.cleared[intid]++;
}

void arch_gic_hw_priority(unsigned cpu, uint32_t intid, uint8_t prio)
{
	(void)cpu;
	fake_gic.hw_writes++;
	fake_gic.prio[intid] = prio;
}

void arch_gic_hw_config(uint32_t intid, bool edge)
{
	fake_gic.hw_writes++;
	fake_gic.edge[intid] = edge;
}

void arch_gic_send_guest_sgi(unsigned cpu, uint32_t intid)
{
	if (cpu < FAKE_GIC_CPUS && intid < 16)
		fake_gic.guest_sgis[cpu] |= (uint16_t)(1U << intid);
}

void arch_gic_hw_route(uint32_t intid, unsigned cpu)
{
	fake_gic.hw_writes++;
	fake_gic.route[intid] = (int)cpu;
}
