// SPDX-License-Identifier: Apache-2.0
/*
 * List-register management: the vCPU's pending interrupts, highest priority
 * first, in as many list registers as the GIC has (4 on QEMU virt and the
 * Raspberry Pi 4); the rest wait in the model.  Only the vCPU's own core
 * runs this, with the partition's vGIC lock held.
 *
 * HW = 1 entries (IHI 0069 4.8.2 / IHI 0048B 5.2.1) are physical interrupts
 * the hypervisor acknowledged and priority-dropped: the guest's EOI or DIR
 * deactivates the physical INTID.  Level-triggered virtual interrupts get
 * the LR EOI bit, so that a still-high line is noticed on deactivation.
 */
#include <bulkhead/part.h>
#include <bulkhead/vgic.h>
#include "vgic_priv.h"

bool vgic_is_pending(const struct vgic_irq *irq)
{
	return irq->pending || irq->in_lr ||
	       (!irq->edge && !irq->hw && irq->level);
}

static bool group_enabled(const struct vgic_dist *d, const struct vgic_irq *irq)
{
	/* GICD_CTLR.EnableGrp0 = bit 0, EnableGrp1 = bit 1 (IHI 0048B
	 * 4.3.1; IHI 0069 9.9.4 with DS = 1). */
	return (d->ctlr & (irq->group1 ? 2U : 1U)) != 0;
}

/* Deliverable now: pending and enabled at both distributor levels. */
static bool can_signal(const struct vgic_dist *d, const struct vgic_irq *irq)
{
	return irq->enabled && group_enabled(d, irq) &&
	       (irq->pending || (!irq->edge && !irq->hw && irq->level));
}

static bool wants_lr(const struct vgic_dist *d, const struct vgic_irq *irq)
{
	/* Cheap test first: flushes scan every interrupt of the vCPU, and
	 * almost all of them are neither pending, active nor high. */
	if (!(irq->pending | irq->active | irq->level))
		return false;
	return !irq->in_lr && (irq->active || can_signal(d, irq));
}

/* a beats b: active before pending, then lower priority value, then
 * lower INTID (IHI 0069 4.8 leaves ties to the implementation). */
static bool beats(const struct vgic_irq *a, const struct vgic_irq *b)
{
	if (b == NULL)
		return true;
	if (a->active != b->active)
		return a->active;
	if (a->prio != b->prio)
		return a->prio < b->prio;
	return a->intid < b->intid;
}

/*
 * Keep the n best candidates in top[0..*count), best first: one pass over
 * the vCPU's interrupts per flush, not one per list register filled (the
 * scans were most of the trap path's cost).  Sets *more if a candidate did
 * not fit.
 */
static void consider(struct vgic_irq *irq, struct vgic_irq **top,
		     unsigned *count, unsigned n, bool *more)
{
	unsigned i = *count;

	if (i == n) {
		*more = true;
		if (n == 0 || !beats(irq, top[n - 1]))
			return;
		i = n - 1; /* the last one drops out: still a candidate */
	} else {
		(*count)++;
	}
	for (; i > 0 && beats(irq, top[i - 1]); i--)
		top[i] = top[i - 1];
	top[i] = irq;
}

static unsigned best_candidates(struct vcpu *v, struct vgic_irq **top,
				unsigned n, bool *more)
{
	struct part *p = v->part;
	struct vgic_dist *d = &p->vgic;
	unsigned count = 0;

	*more = false;
	for (unsigned i = 0; i < VGIC_NR_PRIVATE; i++)
		if (wants_lr(d, &v->vgic.priv[i]))
			consider(&v->vgic.priv[i], top, &count, n, more);
	for (unsigned i = 0; i < d->spi_count; i++)
		if (wants_lr(d, &d->spis[i]) &&
		    vgic_target(p, &d->spis[i]) == v)
			consider(&d->spis[i], top, &count, n, more);
	return count;
}

static void sync_one(struct vcpu *v, unsigned i)
{
	static const struct vgic_lr empty;
	struct vgic_lr lr = arch_vgic_read_lr(i);
	struct vgic_irq *irq = vgic_irq_of(v, lr.vintid);

	arch_vgic_write_lr(i, &empty);
	if (irq == NULL || !irq->in_lr)
		return;
	irq->in_lr = false;
	irq->active = lr.active;
	/* An edge or a physical IRQ the guest has not acknowledged yet goes
	 * back to the queue; a level line is sampled again at refill. */
	if (lr.pending && (irq->edge || irq->hw))
		irq->pending = true;
}

void vgic_sync(struct vcpu *v)
{
	for (unsigned i = 0; i < v->vgic.lr_used; i++)
		sync_one(v, i);
	v->vgic.lr_used = 0;
	__atomic_store_n(&v->vgic.fast_intid, VGIC_NO_FAST, __ATOMIC_RELAXED);
}

static struct vgic_lr lr_of(const struct vgic_dist *d, struct vgic_irq *irq)
{
	struct vgic_lr lr = {
	    .vintid = irq->intid,
	    .pintid = irq->intid,
	    .prio = irq->prio,
	    .source = irq->intid < 16 ? irq->sgi_src : 0,
	    .hw = irq->hw,
	    .group1 = irq->group1,
	    .active = irq->active,
	    .pending = can_signal(d, irq),
	};

	/* HW entries are never pending and active at once (IHI 0069
	 * 4.8.2): a physical IRQ cannot fire again before its EOI. */
	if (irq->hw && lr.active)
		lr.pending = false;
	lr.eoi = !irq->hw && !irq->edge;
	if (lr.pending)
		irq->pending = false;
	irq->in_lr = true;
	return lr;
}

/* Fill free LRs best first; true if candidates are left over while some LR
 * is pending, i.e. NPIE will fire once the guest has taken those. */
static bool refill(struct vcpu *v, const struct vgic_dist *d, unsigned n)
{
	struct vgic_irq *top[VGIC_MAX_LRS];
	unsigned free = n - MIN(v->vgic.lr_used, n);
	bool more;
	bool any_pending = false;
	unsigned count = best_candidates(v, top, free, &more);

	for (unsigned i = 0; i < count; i++) {
		struct vgic_lr lr = lr_of(d, top[i]);

		any_pending |= lr.pending;
		arch_vgic_write_lr(v->vgic.lr_used++, &lr);
	}
	/* One hardware PPI alone in LR 0 (the timer's steady state): its
	 * next occurrence can reuse the LR without a flush. */
	if (count == 1 && !more && top[0]->hw &&
	    top[0]->intid < VGIC_NR_PRIVATE)
		__atomic_store_n(&v->vgic.fast_intid, top[0]->intid,
				 __ATOMIC_RELAXED);
	return more && any_pending;
}

void vgic_flush(struct vcpu *v)
{
	struct vgic_dist *d = &v->part->vgic;
	unsigned n = MIN(arch_vgic_lr_count(), VGIC_MAX_LRS);

	/* Direct mode has no list registers: the guest's interrupts are its
	 * physical ones, never queued here. */
	if (part_irq_direct(v->part))
		return;
	spin_lock(&d->lock);
	/* Nothing in the LRs and nothing new: the common trap (a virtual UART
	 * access, a hypercall) costs no list-register traffic. */
	if (v->vgic.lr_used != 0 || v->vgic.dirty) {
		v->vgic.dirty = false;
		vgic_sync(v);
		arch_vgic_set_hcr(refill(v, d, n));
		v->vgic.flushes++;
	}
	spin_unlock(&d->lock);
}

bool vgic_fast_hw_ppi(struct vcpu *v, uint32_t intid)
{
	const struct vgic_irq *irq;

	if (__atomic_load_n(&v->vgic.fast_intid, __ATOMIC_RELAXED) != intid)
		return false;
	irq = &v->vgic.priv[intid];
	/* A racing change (the guest's other vCPU disabling it) is as if
	 * this occurrence had come just before: its kick follows. */
	return irq->enabled && group_enabled(&v->part->vgic, irq) &&
	       arch_vgic_lr0_reuse(intid);
}

void vgic_maintenance(struct vcpu *v)
{
	v->vgic.maint_irqs++;
	vgic_flush(v);
}
