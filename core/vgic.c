// SPDX-License-Identifier: Apache-2.0
/*
 * Virtual GIC state and injection (see <bulkhead/vgic.h>).
 *
 * Pending state lives in the model (struct vgic_irq); list registers are a
 * cache of it that only the target vCPU's own core touches.  vgic_flush()
 * runs before every return to the guest: it folds the LRs back into the
 * model (vgic_sync) and refills them, active interrupts first, then the
 * highest-priority pending ones (IHI 0069 4.8, IHI 0048B 3.3).  Whatever
 * does not fit stays queued; NPIE asks for a maintenance interrupt once the
 * guest has taken everything in the LRs, so that the queue drains.
 */
#include <bulkhead/log.h>
#include <bulkhead/page.h>
#include <bulkhead/part.h>
#include <bulkhead/vgic.h>
#include "vgic_priv.h"

struct vgic_irq *vgic_spi_of(struct part *p, uint32_t intid)
{
	struct vgic_dist *d = &p->vgic;

	for (unsigned i = 0; i < d->spi_count; i++)
		if (d->spis[i].intid == intid)
			return &d->spis[i];
	return NULL;
}

struct vgic_irq *vgic_irq_of(struct vcpu *v, uint32_t intid)
{
	if (intid < VGIC_NR_PRIVATE)
		return &v->vgic.priv[intid];
	return vgic_spi_of(v->part, intid);
}

/* The vCPU an SPI is delivered to: IROUTER on v3 (Aff0 = vCPU index, IHI
 * 0069 9.9.13; IRM = 1 picks vCPU 0), lowest ITARGETSR bit on v2. */
struct vcpu *vgic_target(struct part *p, const struct vgic_irq *irq)
{
	unsigned idx = 0;

	if (p->vgic.version == 3) {
		/* IRM = 1: "any participating PE", affinity ignored (IHI
		 * 0069 12.9.20); we pick vCPU 0. */
		if (irq->irouter & BIT(31))
			return p->vcpus[0];
		if ((irq->irouter & UINT64_C(0xff00ffff00)) != 0)
			return NULL;
		idx = (unsigned)(irq->irouter & 0xffU);
	} else {
		if (irq->targets == 0)
			return NULL;
		idx = (unsigned)__builtin_ctz(irq->targets);
	}
	return idx < p->vcpu_count ? p->vcpus[idx] : NULL;
}

static void vgic_kick(struct vcpu *t)
{
	if (t->cpu == arch_cpu_index())
		return; /* flushed on this core's way back to the guest */
	/* Direct mode has no list registers to refill: a kick would only
	 * cost the guest an EL2 entry. */
	if (part_irq_direct(t->part))
		return;
	/* Not to a vCPU that is off: a pending kick would keep its core's
	 * WFE loop spinning.  Its queue is flushed at its first exit. */
	if (__atomic_load_n(&t->state, __ATOMIC_ACQUIRE) == VCPU_ON)
		arch_irq_send_sgi(t->cpu, HYP_SGI_KICK);
}

uint8_t vgic_direct_priority(uint8_t guest_prio)
{
	return (uint8_t)(0x80U | ((guest_prio & VGIC_PRIO_MASK) >> 1));
}

static uint8_t hw_priority(const struct part *p, const struct vgic_irq *irq)
{
	return part_irq_direct(p) ? vgic_direct_priority(irq->prio) : irq->prio;
}

/*
 * After any change to irq: mirror a hardware SPI's configuration into the
 * physical GIC, routed only to the core of the vCPU it targets (never to
 * another partition's), and kick that vCPU.  owner: the vCPU of a private
 * interrupt, NULL for an SPI.
 */
void vgic_update(struct part *p, struct vgic_irq *irq, struct vcpu *owner)
{
	struct vcpu *t = owner != NULL ? owner : vgic_target(p, irq);

	if (irq->hw && t != NULL) {
		if (owner == NULL) {
			arch_gic_hw_route(irq->intid, t->cpu);
			arch_gic_hw_config(irq->intid, irq->edge);
		}
		arch_gic_hw_priority(t->cpu, irq->intid, hw_priority(p, irq));
		arch_gic_hw_enable(t->cpu, irq->intid, irq->enabled);
	} else if (irq->hw && owner == NULL) {
		arch_gic_hw_enable(p->vcpus[0]->cpu, irq->intid, false);
	}
	if (t != NULL) {
		vgic_mark_dirty(t);
		vgic_kick(t);
	}
}

static void irq_reset(struct vgic_irq *irq, uint32_t intid, bool hw)
{
	*irq = (struct vgic_irq){
	    .intid = intid,
	    .hw = hw,
	    .prio = 0xa0,
	    .targets = 1,
	    /* SGIs are always edge-triggered (IHI 0069 4.4.1); PPIs and
		 * SPIs reset to level here. */
	    .edge = intid < 16,
	};
}

static void add_spi(struct part *p, uint32_t intid, bool hw)
{
	struct vgic_dist *d = &p->vgic;

	if (intid < VGIC_NR_PRIVATE || intid >= 1020 || vgic_spi_of(p, intid) ||
	    d->spi_count >= VGIC_MAX_SPIS)
		return;
	irq_reset(&d->spis[d->spi_count++], intid, hw);
	d->nr_lines = MAX(d->nr_lines, (intid / 32U + 1U) * 32U);
}

/*
 * GICv2: the guest finds its CPU interface where the board's GICC is.  In
 * trap mode that is the virtual CPU interface (GICV, IHI 0048B 5.1); in
 * direct mode the physical GICC itself, whose registers are banked per
 * core, so a guest reaches only its own cores' interfaces.
 */
static void vgic_map_gicv(struct part *p)
{
	const struct cfg_board *b = cfg_system.board;
	uint64_t pa = part_irq_direct(p) ? b->gicc_base : b->gicv_base;
	enum s2_result r = s2_map(&p->s2, ipa_init(b->gicc_base), pa_init(pa),
				  VGIC_GICV_SIZE, S2_MEM_DEVICE);

	if (r != S2_OK)
		log_printf("partition '%s': GIC CPU interface not mapped: %s",
			   p->cfg->name, s2_result_str(r));
}

/* Private interrupts backed by the physical ones of the vCPU's core: the
 * EL1 timers; in direct mode also the guest's SGIs (vgic_forward_sgis()
 * raises them physically, so their enable and priority must be real). */
static bool private_is_hw(const struct part *p, uint32_t id)
{
	if (id == VGIC_INTID_VTIMER || id == VGIC_INTID_PTIMER)
		return true;
	return part_irq_direct(p) && id < VGIC_DIRECT_SGIS;
}

/* Every interrupt of p to its reset state; the caller excludes the guest. */
static void vgic_reset_state(struct part *p)
{
	const struct cfg_part *c = p->cfg;
	struct vgic_dist *d = &p->vgic;

	d->ctlr = 0;
	d->spi_count = 0;
	d->nr_lines = 32;
	for (uint32_t i = 0; i < c->dev_count; i++)
		for (uint32_t j = 0; j < c->devs[i].intid_count; j++)
			add_spi(p, c->devs[i].intids[j], true);
	for (uint32_t j = 0; j < c->intid_count; j++) /* 'interrupts' */
		add_spi(p, c->intids[j], true);
	if (c->console == CONSOLE_VUART)
		add_spi(p, c->vuart_intid, false);
	if (c->wdt_ipa != 0 && c->wdt_intid != 0)
		add_spi(p, c->wdt_intid, false); /* WS0 (vwdt.h) */
	for (unsigned i = 0; i < d->spi_count; i++)
		vgic_update(p, &d->spis[i], NULL);
	for (unsigned i = 0; i < p->vcpu_count; i++) {
		/* GICR_WAKER resets with ProcessorSleep set (IHI 0069
		 * 12.11.39). */
		p->vcpus[i]->vgic.waker = 2;
		vgic_mark_dirty(p->vcpus[i]);
		for (uint32_t id = 0; id < VGIC_NR_PRIVATE; id++)
			irq_reset(&p->vcpus[i]->vgic.priv[id], id,
				  private_is_hw(p, id));
	}
}

void vgic_part_init(struct part *p)
{
	struct vgic_dist *d = &p->vgic;

	d->version = arch_gic_version();
	d->gicd_ipa = cfg_system.board->gicd_base;
	d->gicr_ipa = cfg_system.board->gicr_base;
	vgic_reset_state(p);
	if (d->version == 2)
		vgic_map_gicv(p);
}

/* A hardware SPI the old guest left pending or active would never be
 * deactivated by the new one. */
static void vgic_clear_hw_spis(struct part *p)
{
	struct vgic_dist *d = &p->vgic;

	for (unsigned i = 0; i < d->spi_count; i++)
		if (d->spis[i].hw)
			arch_gic_hw_clear(p->vcpus[0]->cpu, d->spis[i].intid);
}

void vgic_part_reset(struct part *p)
{
	/* The console's core may drive the virtual UART line meanwhile. */
	spin_lock(&p->vgic.lock);
	vgic_reset_state(p);
	vgic_clear_hw_spis(p);
	spin_unlock(&p->vgic.lock);
}

void vgic_cpu_init(struct vcpu *v)
{
	bool direct = part_irq_direct(v->part);

	v->vgic.lr_used = 0;
	vgic_mark_dirty(v);
	arch_vgic_cpu_init(direct);
	/* Only this core reaches its banked copy of a hardware PPI.  It is
	 * off until the (new) guest enables it: in direct mode nothing else
	 * would keep an old guest's timer from reaching the new one. */
	for (uint32_t id = 0; id < VGIC_NR_PRIVATE; id++) {
		if (!v->vgic.priv[id].hw)
			continue;
		arch_gic_hw_enable(v->cpu, id, false);
		arch_gic_hw_clear(v->cpu, id);
	}
	if (!direct)
		arch_vgic_set_hcr(false);
}

void vgic_set_level(struct part *p, uint32_t intid, bool level)
{
	struct vgic_irq *irq;

	if (p == NULL)
		return;
	spin_lock(&p->vgic.lock);
	irq = vgic_spi_of(p, intid);
	if (irq != NULL && !irq->hw && irq->level != level) {
		irq->level = level;
		if (irq->edge && level)
			irq->pending = true;
		vgic_update(p, irq, NULL);
	}
	spin_unlock(&p->vgic.lock);
}

/* Caller holds the lock. */
static void inject_locked(struct part *p, struct vcpu *t, uint32_t intid,
			  uint8_t src)
{
	struct vgic_irq *irq = vgic_irq_of(t, intid);

	if (irq == NULL || irq->hw)
		return;
	irq->pending = true;
	irq->sgi_src = src;
	vgic_update(p, irq, intid < VGIC_NR_PRIVATE ? t : NULL);
}

void vgic_inject(struct part *p, struct vcpu *target, uint32_t intid)
{
	spin_lock(&p->vgic.lock);
	inject_locked(p, target, intid, 0);
	spin_unlock(&p->vgic.lock);
}

/* Direct mode: the targets' CPU interfaces are the guest's own, so its SGI
 * becomes a physical one, to its own cores only. */
static void vgic_forward_sgis(struct part *p, uint32_t intid, uint64_t mask)
{
	if (intid >= VGIC_DIRECT_SGIS) {
		p->vgic.dropped_sgis++;
		return;
	}
	for (unsigned i = 0; i < p->vcpu_count; i++)
		if (mask & BIT(i))
			arch_gic_send_guest_sgi(p->vcpus[i]->cpu, intid);
	if (mask >> p->vcpu_count)
		p->vgic.dropped_sgis++;
}

void vgic_send_sgis_locked(struct vcpu *src, uint32_t intid, uint64_t mask)
{
	struct part *p = src->part;

	if (part_irq_direct(p)) {
		vgic_forward_sgis(p, intid & 0xfU, mask);
		return;
	}
	for (unsigned i = 0; i < p->vcpu_count; i++)
		if (mask & BIT(i))
			inject_locked(p, p->vcpus[i], intid & 0xfU,
				      (uint8_t)src->index);
	if (mask >> p->vcpu_count)
		p->vgic.dropped_sgis++;
}

static void vgic_send_sgis(struct vcpu *src, uint32_t intid, uint64_t mask)
{
	spin_lock(&src->part->vgic.lock);
	vgic_send_sgis_locked(src, intid, mask);
	spin_unlock(&src->part->vgic.lock);
}

/*
 * ICC_SGI1R_EL1 (IHI 0069 12.2.23): IRM = 1 is every vCPU but the sender;
 * otherwise TargetList bit n names Aff0 = RS * 16 + n under Aff3.Aff2.Aff1,
 * which is 0.0.0 for every vCPU (vcpu_mpidr_of_index).
 */
void vgic_sgi1r_write(struct vcpu *v, uint64_t value)
{
	uint32_t intid = (uint32_t)(value >> 24) & 0xfU;
	unsigned rs = (unsigned)(value >> 44) & 0xfU;
	uint64_t aff321 = value & UINT64_C(0xff00ff00ff0000);
	uint64_t mask;

	if (value & BIT(40))
		mask =
		    ((UINT64_C(1) << v->part->vcpu_count) - 1) & ~BIT(v->index);
	else if (aff321 != 0 || rs >= 4)
		mask = 0;
	else
		mask = (value & 0xffffU) << (rs * 16);
	if (mask == 0 && !(value & BIT(40))) {
		v->part->vgic.dropped_sgis++;
		return;
	}
	vgic_send_sgis(v, intid, mask);
}

bool vgic_phys_irq(struct vcpu *v, uint32_t intid)
{
	struct part *p = v->part;
	struct vgic_irq *irq;
	bool mine;

	spin_lock(&p->vgic.lock);
	irq = vgic_irq_of(v, intid);
	mine = irq != NULL && irq->hw;
	if (mine) {
		struct vcpu *t =
		    intid < VGIC_NR_PRIVATE ? v : vgic_target(p, irq);

		irq->pending = true;
		vgic_mark_dirty(v);
		/* Re-routed while in flight: its new target takes it. */
		if (t != NULL && t != v) {
			vgic_mark_dirty(t);
			vgic_kick(t);
		}
	}
	spin_unlock(&p->vgic.lock);
	return mine;
}
