/* SPDX-License-Identifier: Apache-2.0 */
/* Shared between core/vgic*.c only.  Callers hold the partition's lock. */
#ifndef BULKHEAD_VGIC_PRIV_H
#define BULKHEAD_VGIC_PRIV_H

#include <bulkhead/part.h>
#include <bulkhead/vgic.h>

/* The interrupt intid as seen by vCPU v, or NULL if not v's partition's. */
struct vgic_irq *vgic_irq_of(struct vcpu *v, uint32_t intid);
/* The SPI intid of p, or NULL if p does not own it. */
struct vgic_irq *vgic_spi_of(struct part *p, uint32_t intid);
/* The vCPU an SPI is delivered to, NULL if it names none of p's. */
struct vcpu *vgic_target(struct part *p, const struct vgic_irq *irq);
/* After a change to irq (owner: its vCPU if private, else NULL): mirror a
 * hardware interrupt into the physical GIC and kick the target vCPU. */
void vgic_update(struct part *p, struct vgic_irq *irq, struct vcpu *owner);
/* Send SGI intid from src to the vCPUs of its partition in mask. */
void vgic_send_sgis_locked(struct vcpu *src, uint32_t intid, uint64_t mask);
/* Fold v's list registers back into the model and empty them (v's core). */
void vgic_sync(struct vcpu *v);
/* v's model changed: refill at its next flush, no fast path until then. */
static inline void vgic_mark_dirty(struct vcpu *v)
{
	v->vgic.dirty = true;
	__atomic_store_n(&v->vgic.fast_intid, VGIC_NO_FAST, __ATOMIC_RELAXED);
}

/* Pending as the guest's ISPENDR shows it. */
bool vgic_is_pending(const struct vgic_irq *irq);

#endif /* BULKHEAD_VGIC_PRIV_H */
