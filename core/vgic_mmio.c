// SPDX-License-Identifier: Apache-2.0
/*
 * Distributor (GICD) and GICv3 redistributor (GICR) emulation.
 *
 * The per-interrupt registers share one layout in the GICD and in the GICR
 * SGI_base frame (IHI 0069 12.9 / 12.10, IHI 0048B 4.3), so one table-driven
 * decoder serves both: a range gives the field and how many bits each
 * interrupt has.  A partition sees only its own interrupts; every other
 * INTID is RAZ/WI and nothing is ever forwarded to the physical GIC except
 * by vgic_update() for the partition's own hardware interrupts.
 */
#include <bulkhead/part.h>
#include <bulkhead/vgic.h>
#include "vgic_priv.h"

#define GICD_CTLR 0x0000U
#define GICD_TYPER 0x0004U
#define GICD_IIDR 0x0008U
#define GICD_SGIR 0x0f00U
#define GICD_IROUTER 0x6000U
#define GICD_IROUTER_END 0x7fe0U
#define GICD_PIDR2_V3 0xffe8U
#define GICD_PIDR2_V2 0x0fe8U
#define GICR_CTLR 0x0000U
#define GICR_IIDR 0x0004U
#define GICR_TYPER 0x0008U
#define GICR_WAKER 0x0014U
#define GICR_SGI_BASE 0x10000U
#define GICR_WAKER_SLEEP BIT(1)
/* Arm as implementer (JEP106 0x43b), product 'B'. */
#define VGIC_IIDR ((UINT32_C(0x42) << 24) | 0x43bU)
#define CTLR_ARE BIT(4)
#define CTLR_DS BIT(6)

enum vgic_field {
	F_GROUP,
	F_ENABLE,
	F_PEND,
	F_ACTIVE,
	F_PRIO,
	F_TARGET,
	F_CFG
};
enum vgic_op { OP_RW, OP_SET, OP_CLEAR };

struct vgic_range {
	uint32_t base, size;
	uint8_t bits; /* per interrupt */
	uint8_t field; /* enum vgic_field */
	uint8_t op; /* enum vgic_op */
};

/* IHI 0048B table 4-1, IHI 0069 table 12-25. */
static const struct vgic_range irq_ranges[] = {
    {0x0080, 0x80, 1, F_GROUP, OP_RW},	   {0x0100, 0x80, 1, F_ENABLE, OP_SET},
    {0x0180, 0x80, 1, F_ENABLE, OP_CLEAR}, {0x0200, 0x80, 1, F_PEND, OP_SET},
    {0x0280, 0x80, 1, F_PEND, OP_CLEAR},   {0x0300, 0x80, 1, F_ACTIVE, OP_SET},
    {0x0380, 0x80, 1, F_ACTIVE, OP_CLEAR}, {0x0400, 0x400, 8, F_PRIO, OP_RW},
    {0x0800, 0x400, 8, F_TARGET, OP_RW},   {0x0c00, 0x100, 2, F_CFG, OP_RW},
};

/* Whose interrupts a register access decodes against. */
struct vgic_bank {
	struct part *p;
	struct vcpu *cpu; /* owner of INTIDs 0-31 (accessor or GICR frame) */
	bool private_only; /* GICR SGI_base */
	bool spis_only; /* GICv3 GICD: 0-31 live in the GICR (ARE = 1) */
};

static struct vgic_irq *bank_irq(const struct vgic_bank *b, uint32_t intid)
{
	if (intid < VGIC_NR_PRIVATE)
		return b->spis_only ? NULL : &b->cpu->vgic.priv[intid];
	return b->private_only ? NULL : vgic_spi_of(b->p, intid);
}

static uint32_t field_get(const struct vgic_bank *b, const struct vgic_irq *i,
			  uint8_t field)
{
	switch (field) {
	case F_GROUP:
		return i->group1;
	case F_ENABLE:
		return i->enabled;
	case F_PEND:
		return vgic_is_pending(i);
	case F_ACTIVE:
		return i->active;
	case F_PRIO:
		return i->prio;
	case F_TARGET:
		if (b->p->vgic.version != 2)
			return 0; /* RES0 with affinity routing */
		return i->intid < VGIC_NR_PRIVATE ? (uint32_t)BIT(b->cpu->index)
						  : i->targets;
	default:
		return i->edge ? 2U : 0U;
	}
}

/* Set one interrupt's field from its bits x of a written value; false if
 * the write leaves it alone (a 0 bit of a set or clear register). */
static bool field_set(const struct vgic_bank *b, struct vgic_irq *i,
		      const struct vgic_range *r, uint32_t x)
{
	bool bit = x != 0, set = r->op == OP_SET;

	if (r->op != OP_RW && !bit)
		return false;
	switch (r->field) {
	case F_GROUP:
		i->group1 = bit;
		break;
	case F_ENABLE:
		i->enabled = set;
		break;
	case F_PEND: /* hardware pending state is the physical GIC's */
		if (!i->hw)
			i->pending = set;
		break;
	case F_ACTIVE:
		if (!i->hw)
			i->active = set;
		break;
	case F_PRIO:
		i->prio = (uint8_t)(x & VGIC_PRIO_MASK);
		break;
	case F_TARGET:
		if (b->p->vgic.version == 2 && i->intid >= VGIC_NR_PRIVATE)
			i->targets =
			    (uint8_t)(x & ((1U << b->p->vcpu_count) - 1U));
		break;
	default: /* SGIs are edge; the timer PPIs' config is fixed */
		if (i->intid >= VGIC_NR_PRIVATE || (i->intid >= 16 && !i->hw))
			i->edge = (x & 2U) != 0;
		break;
	}
	return true;
}

static void irq_access(const struct vgic_bank *b, const struct vgic_range *r,
		       struct mmio_access *acc, uint32_t off)
{
	uint32_t first = (off - r->base) * 8U / r->bits;
	uint32_t count = acc->width * 8U / r->bits;
	uint32_t mask = (uint32_t)((UINT64_C(1) << r->bits) - 1);
	uint64_t val = 0;

	for (uint32_t n = 0; n < count; n++) {
		struct vgic_irq *i = bank_irq(b, first + n);
		uint32_t x = (uint32_t)(acc->value >> (n * r->bits)) & mask;

		if (i == NULL)
			continue; /* not the partition's: RAZ/WI */
		if (!acc->write) {
			val |= (uint64_t)field_get(b, i, r->field)
			       << (n * r->bits);
			continue;
		}
		/* Only what the write touched: the physical GIC mirrors
		 * hardware interrupts, and untouched ones need no writes. */
		if (field_set(b, i, r, x))
			vgic_update(b->p, i,
				    i->intid < VGIC_NR_PRIVATE ? b->cpu : NULL);
	}
	if (!acc->write)
		acc->value = val;
}

/* A per-interrupt register, or false if off is in none of the ranges. */
static bool irq_regs(const struct vgic_bank *b, struct mmio_access *acc,
		     uint32_t off)
{
	for (unsigned k = 0; k < ARRAY_SIZE(irq_ranges); k++) {
		const struct vgic_range *r = &irq_ranges[k];

		if (off >= r->base && off - r->base < r->size) {
			irq_access(b, r, acc, off);
			return true;
		}
	}
	return false;
}

static uint32_t dist_typer(const struct part *p)
{
	/* ITLinesNumber [4:0], CPUNumber [7:5] (IHI 0048B 4.3.2); IDbits
	 * [23:19] = 9 for 10-bit INTIDs (IHI 0069 12.9.38). */
	uint32_t t = (p->vgic.nr_lines / 32U - 1U) |
		     ((uint32_t)(p->vcpu_count - 1U) << 5);

	return p->vgic.version == 3 ? t | (9U << 19) : t;
}

static void kick_all(struct part *p)
{
	for (unsigned i = 0; i < p->vcpu_count; i++)
		vgic_update(p, &p->vcpus[i]->vgic.priv[0], p->vcpus[i]);
}

static void dist_ctlr(struct part *p, struct mmio_access *acc)
{
	struct vgic_dist *d = &p->vgic;

	if (!acc->write) {
		/* GICv3: ARE and DS are RAO/WI, a single Security state. */
		acc->value =
		    d->ctlr | (d->version == 3 ? CTLR_ARE | CTLR_DS : 0);
		return;
	}
	d->ctlr = (uint32_t)acc->value & 3U;
	kick_all(p);
}

/* GICv2 GICD_SGIR (IHI 0048B 4.3.15): TargetListFilter [25:24]. */
static void dist_sgir(struct vcpu *v, uint64_t val)
{
	uint64_t all = (UINT64_C(1) << v->part->vcpu_count) - 1;
	uint64_t mask;

	switch ((val >> 24) & 3U) {
	case 0:
		mask = (val >> 16) & 0xffU;
		break;
	case 1:
		mask = all & ~BIT(v->index);
		break;
	case 2:
		mask = BIT(v->index);
		break;
	default:
		return;
	}
	vgic_send_sgis_locked(v, (uint32_t)val & 0xfU, mask);
}

/* GICv3 GICD_IROUTER<n> (IHI 0069 12.9.22), 64-bit or as two words. */
static void dist_irouter(struct part *p, struct mmio_access *acc, uint32_t off)
{
	uint32_t intid = (off - GICD_IROUTER) / 8U;
	unsigned shift = (off & 4U) * 8U;
	uint64_t keep = acc->width == 8 ? 0 : ~(UINT64_C(0xffffffff) << shift);
	struct vgic_irq *i = vgic_spi_of(p, intid);

	if (i == NULL) {
		acc->value = 0;
		return;
	}
	if (!acc->write) {
		acc->value = i->irouter >> shift;
		return;
	}
	i->irouter = ((i->irouter & keep) | (acc->value << shift)) &
		     UINT64_C(0xff80ffffff);
	vgic_update(p, i, NULL);
}

static enum mmio_result dist_access(struct vcpu *v, struct mmio_access *acc)
{
	struct part *p = v->part;
	uint32_t off = (uint32_t)acc->offset;
	struct vgic_bank b = {p, v, false, p->vgic.version == 3};
	uint32_t pidr2 = p->vgic.version == 3 ? GICD_PIDR2_V3 : GICD_PIDR2_V2;

	if (p->vgic.version == 3 && off >= GICD_IROUTER &&
	    off < GICD_IROUTER_END) {
		dist_irouter(p, acc, off);
		return MMIO_OK;
	}
	if (acc->width == 8)
		return MMIO_BAD_ACCESS;
	if (irq_regs(&b, acc, off))
		return MMIO_OK;
	if (off == GICD_CTLR) {
		dist_ctlr(p, acc);
		return MMIO_OK;
	}
	if (off == GICD_SGIR && p->vgic.version == 2 && acc->write)
		dist_sgir(v, acc->value);
	acc->value = off == GICD_TYPER	? dist_typer(p)
		     : off == GICD_IIDR ? VGIC_IIDR
		     : off == pidr2	? p->vgic.version << 4
					: 0;
	return MMIO_OK;
}

/* GICR_TYPER (IHI 0069 12.11.35): Affinity [63:32] = the vCPU's MPIDR
 * Aff0 (its index), Processor_Number [23:8], Last [4]. */
static uint64_t redist_typer(const struct vcpu *f)
{
	return ((uint64_t)f->index << 32) | ((uint64_t)f->index << 8) |
	       (f->index + 1U == f->part->vcpu_count ? BIT(4) : 0);
}

static void redist_rd(struct vcpu *f, struct mmio_access *acc, uint32_t off)
{
	if (acc->write) {
		if (off == GICR_WAKER)
			f->vgic.waker = (uint32_t)acc->value & GICR_WAKER_SLEEP;
		return;
	}
	if (off == GICR_TYPER || off == GICR_TYPER + 4)
		acc->value = redist_typer(f) >> ((off - GICR_TYPER) * 8U);
	else if (off == GICR_WAKER) /* ChildrenAsleep follows at once */
		acc->value = f->vgic.waker | (f->vgic.waker << 1);
	else if (off == GICR_IIDR)
		acc->value = VGIC_IIDR;
	else
		acc->value = off == GICD_PIDR2_V3 ? 3U << 4 : 0;
}

static enum mmio_result redist_access(struct vcpu *v, struct mmio_access *acc)
{
	struct part *p = v->part;
	unsigned idx = (unsigned)(acc->offset / VGIC_GICR_STRIDE);
	uint32_t off = (uint32_t)(acc->offset % VGIC_GICR_STRIDE);
	struct vgic_bank b = {p, NULL, true, false};

	if (idx >= p->vcpu_count)
		return MMIO_UNHANDLED;
	b.cpu = p->vcpus[idx];
	if (acc->width == 8 && off != GICR_TYPER)
		return MMIO_BAD_ACCESS;
	if (off < GICR_SGI_BASE) {
		redist_rd(b.cpu, acc, off);
		return MMIO_OK;
	}
	if (!irq_regs(&b, acc, off - GICR_SGI_BASE) && !acc->write)
		acc->value = 0;
	return MMIO_OK;
}

enum mmio_result vgic_mmio(struct vcpu *v, struct mmio_access *acc)
{
	struct part *p = v->part;
	uint64_t a = ipa_addr(acc->addr);
	enum mmio_result r = MMIO_UNHANDLED;
	uint64_t rsize = (uint64_t)p->vcpu_count * VGIC_GICR_STRIDE;

	if (!IS_ALIGNED(a, acc->width))
		return MMIO_BAD_ACCESS;
	spin_lock(&p->vgic.lock);
	/* The model must be current before the guest reads or changes it. */
	vgic_sync(v);
	vgic_mark_dirty(v);
	if (range_contains(p->vgic.gicd_ipa, VGIC_GICD_SIZE, a, acc->width)) {
		acc->offset = a - p->vgic.gicd_ipa;
		r = dist_access(v, acc);
	} else if (p->vgic.version == 3 &&
		   range_contains(p->vgic.gicr_ipa, rsize, a, acc->width)) {
		acc->offset = a - p->vgic.gicr_ipa;
		r = redist_access(v, acc);
	}
	spin_unlock(&p->vgic.lock);
	return r;
}
