// SPDX-License-Identifier: Apache-2.0
/*
 * Where console input is taken (see console_input_follow() in console.h):
 * the board UART's interrupt is routed to a core of the partition being
 * typed to, so that typing costs that partition and never a neighbour (a
 * real-time one, say).  A direct-mode core would hand the interrupt to its
 * guest, and a stopped partition's cores are parked: then the first core
 * of a running trap-mode partition takes it.
 */
#include <bulkhead/arch.h>
#include <bulkhead/console.h>
#include <bulkhead/log.h>
#include <bulkhead/part.h>
#include <bulkhead/vgic.h>

#define NO_CORE (~0U)

static unsigned input_cpu = NO_CORE;

static bool can_take_input(const struct part *p)
{
	return p != NULL && p->cfg->cpu_mask != 0 && !part_irq_direct(p) &&
	       p->state != PART_STOPPED;
}

/* The partition's first core (from the config: at boot, secondaries have
 * not come up to fill in their vCPUs yet). */
static unsigned first_core(const struct part *p)
{
	return (unsigned)__builtin_ctzll(p->cfg->cpu_mask);
}

static unsigned input_core(const struct part *focus)
{
	if (can_take_input(focus))
		return first_core(focus);
	for (unsigned id = 0; id < part_count(); id++) {
		const struct part *p = part_get(id);

		if (can_take_input(p))
			return first_core(p);
	}
	return NO_CORE;
}

void console_input_follow(const struct part *focus)
{
	uint32_t intid = cfg_system.board->uart_intid;
	unsigned cpu = input_core(focus);

	if (intid < 32 || cpu == input_cpu)
		return;
	input_cpu = cpu;
	if (cpu == NO_CORE) {
		log_printf("console input off: no running trap-mode partition");
		return;
	}
	arch_gic_hw_route(intid, cpu);
	log_printf("console input on core %u", cpu);
}
