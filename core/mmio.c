// SPDX-License-Identifier: Apache-2.0
/* Routing of trapped guest MMIO to the partition's emulated devices. */
#include <bulkhead/mmio.h>
#include <bulkhead/part.h>
#include <bulkhead/vgic.h>

enum mmio_result mmio_dispatch(struct vcpu *v, struct mmio_access *acc)
{
	struct part *p = v->part;
	const struct cfg_part *c = p->cfg;
	uint64_t a = ipa_addr(acc->addr);

	if (c->console == CONSOLE_VUART &&
	    range_contains(c->vuart_ipa, VUART_SIZE, a, acc->width)) {
		acc->offset = a - c->vuart_ipa;
		return vuart_mmio(&p->vuart, acc);
	}
	if (c->wdt_ipa != 0 &&
	    range_contains(c->wdt_ipa, VWDT_SIZE, a, acc->width))
		return vwdt_mmio(v, acc);
	/* The virtual GICD, and on GICv3 the GICR frames of its vCPUs. */
	return vgic_mmio(v, acc);
}
