// SPDX-License-Identifier: Apache-2.0
/*
 * The virtual SBSA Generic Watchdog's registers and timing (see
 * <bulkhead/vwdt.h>): logic on counter values, then vwdt_mmio(), which
 * arms the hypervisor timer.  core/part.c takes the action (vwdt_timer).
 */
#include <bulkhead/arch.h>
#include <bulkhead/part.h>
#include <bulkhead/vgic.h>
#include <bulkhead/vwdt.h>

/* W_IIDR (DEN 0029): architecture version 0 in [19:16], so that Linux uses
 * a 32-bit WOR; no JEP106 implementer code of our own. */
#define VWDT_IIDR 0U

void vwdt_reset(struct vwdt *w, uint64_t cntvoff)
{
	spin_lock(&w->lock);
	w->enabled = w->ws0 = w->ws1 = false;
	w->wor = 0;
	w->wcv = 0;
	w->cntvoff = cntvoff;
	spin_unlock(&w->lock);
}

static uint64_t guest_now(const struct vwdt *w, uint64_t now)
{
	return now - w->cntvoff;
}

/* Explicit refresh: a new watch period from now, WS0 cleared. */
static void refresh(struct vwdt *w, uint64_t now)
{
	w->wcv = guest_now(w, now) + w->wor;
	w->ws0 = false;
}

static uint64_t next_deadline(const struct vwdt *w)
{
	if (!w->enabled || w->ws1)
		return UINT64_MAX;
	return w->wcv + w->cntvoff;
}

static uint32_t wcs(const struct vwdt *w)
{
	return (w->enabled ? (uint32_t)VWDT_WCS_EN : 0U) |
	       (w->ws0 ? (uint32_t)VWDT_WCS_WS0 : 0U) |
	       (w->ws1 ? (uint32_t)VWDT_WCS_WS1 : 0U);
}

/* WCV by halves (Linux reads it low word first) or whole. */
static void wcv_access(struct vwdt *w, struct mmio_access *acc)
{
	unsigned shift = acc->offset == VWDT_WCV + 4U ? 32U : 0U;
	uint64_t mask = acc->width == 8 ? UINT64_MAX : UINT64_C(0xffffffff);

	if (!acc->write) {
		acc->value = (w->wcv >> shift) & mask;
		return;
	}
	w->wcv = (w->wcv & ~(mask << shift)) | ((acc->value & mask) << shift);
}

static void control_access(struct vwdt *w, struct mmio_access *acc,
			   uint64_t now)
{
	switch (acc->offset) {
	case VWDT_WCS:
		if (acc->write) {
			w->enabled = (acc->value & VWDT_WCS_EN) != 0;
			refresh(w, now);
		} else {
			acc->value = wcs(w);
		}
		break;
	case VWDT_WOR:
		if (acc->write) {
			w->wor = (uint32_t)acc->value;
			refresh(w, now);
		} else {
			acc->value = w->wor;
		}
		break;
	case VWDT_WCV:
	case VWDT_WCV + 4U:
		wcv_access(w, acc);
		break;
	case VWDT_W_IIDR:
		acc->value = acc->write ? acc->value : VWDT_IIDR;
		break;
	default: /* reserved and ID registers: RAZ/WI */
		acc->value = acc->write ? acc->value : 0;
		break;
	}
}

static void refresh_access(struct vwdt *w, struct mmio_access *acc,
			   uint64_t now)
{
	uint64_t off = acc->offset - VWDT_FRAME_SIZE;

	if (acc->write) {
		if (off == VWDT_WRR)
			refresh(w, now);
		return;
	}
	acc->value = off == VWDT_W_IIDR ? VWDT_IIDR : 0;
}

/* 32-bit registers, and WCV also as one 64-bit one (DEN 0029). */
static bool access_ok(const struct mmio_access *acc)
{
	if (acc->offset >= VWDT_SIZE || (acc->offset & (acc->width - 1)) != 0)
		return false;
	return acc->width == 4 || (acc->width == 8 && acc->offset == VWDT_WCV);
}

enum mmio_result vwdt_access(struct vwdt *w, struct mmio_access *acc,
			     uint64_t now, uint64_t *deadline)
{
	if (!access_ok(acc))
		return MMIO_BAD_ACCESS;
	spin_lock(&w->lock);
	if (acc->offset < VWDT_FRAME_SIZE)
		control_access(w, acc, now);
	else
		refresh_access(w, acc, now);
	*deadline = next_deadline(w);
	spin_unlock(&w->lock);
	return MMIO_OK;
}

bool vwdt_expire(struct vwdt *w, uint64_t now, uint64_t *deadline)
{
	bool fire = false;

	spin_lock(&w->lock);
	if (w->enabled && !w->ws1 && guest_now(w, now) >= w->wcv) {
		if (!w->ws0) {
			/* Timeout refresh: WS0, and one more period. */
			w->ws0 = true;
			w->wcv = guest_now(w, now) + w->wor;
		} else {
			w->ws1 = true;
			w->fired++;
			fire = true;
		}
	}
	*deadline = next_deadline(w);
	spin_unlock(&w->lock);
	return fire;
}

enum mmio_result vwdt_mmio(struct vcpu *v, struct mmio_access *acc)
{
	uint64_t deadline;
	enum mmio_result r;

	acc->offset = ipa_addr(acc->addr) - v->part->cfg->wdt_ipa;
	r = vwdt_access(&v->part->wdt, acc, arch_counter(), &deadline);
	/* This core is one of the partition's: its timer will catch the
	 * deadline even if the guest hangs here with interrupts masked. */
	if (r == MMIO_OK && acc->write) {
		arch_timer_set(deadline);
		vwdt_signal(v->part);
	}
	return r;
}

/* The line is set under the watchdog's lock (lock order: vwdt, then vGIC,
 * as for the virtual UART), so whichever core sets it last leaves it at
 * the current WS0: a refresh on one core racing a timeout on another
 * cannot leave it stale. */
void vwdt_signal(struct part *p)
{
	uint32_t intid = p->cfg->wdt_intid;

	if (intid == 0)
		return;
	spin_lock(&p->wdt.lock);
	vgic_set_level(p, intid, p->wdt.ws0);
	spin_unlock(&p->wdt.lock);
}
