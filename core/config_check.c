// SPDX-License-Identifier: Apache-2.0
/*
 * Validation of the static system description.  The build runs this on the
 * host (tools/cfgcheck) so a bad config fails `make`; the hypervisor runs it
 * again at boot and panics if it fails, since that means the image was built
 * without the check.
 */
#include <stdarg.h>
#include <bulkhead/config.h>
#include <bulkhead/fmt.h>
#include <bulkhead/page.h>
#include <bulkhead/vgic.h>
#include <bulkhead/vuart.h>
#include <bulkhead/vwdt.h>

static bool fail(struct config_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static bool fail(struct config_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	err->failed = true;
	return false;
}

bool cfg_part_ipa_to_pa(const struct cfg_part *p, uint64_t ipa, uint64_t len,
			uint64_t *pa)
{
	for (uint32_t i = 0; i < p->mem_count; i++) {
		const struct cfg_mem *m = &p->mem[i];

		if (range_contains(m->ipa, m->size, ipa, len)) {
			*pa = m->pa + (ipa - m->ipa);
			return true;
		}
	}
	return false;
}

static bool check_cores(const struct cfg_system *s, const struct cfg_part *p,
			struct config_error *err)
{
	uint64_t valid = (UINT64_C(1) << s->board->cpu_count) - 1;

	if (p->cpu_mask == 0)
		return fail(err, "partition '%s': has no core", p->name);
	if (p->cpu_mask & ~valid)
		return fail(err,
			    "partition '%s': core mask 0x%llx names a core "
			    "the board '%s' does not have (it has %u)",
			    p->name, (unsigned long long)p->cpu_mask,
			    s->board->name, s->board->cpu_count);
	for (const struct cfg_part *q = s->parts; q < p; q++)
		if (q->cpu_mask & p->cpu_mask)
			return fail(err,
				    "partition '%s': core mask 0x%llx overlaps "
				    "partition '%s' (0x%llx)",
				    p->name, (unsigned long long)p->cpu_mask,
				    q->name, (unsigned long long)q->cpu_mask);
	return true;
}

static bool check_region(const struct cfg_system *s, const struct cfg_part *p,
			 const struct cfg_mem *m, struct config_error *err)
{
	const struct cfg_board *b = s->board;

	if (!IS_ALIGNED(m->pa | m->ipa | m->size, PAGE_SIZE) || m->size == 0)
		return fail(err,
			    "partition '%s': memory pa 0x%llx ipa 0x%llx size "
			    "0x%llx is not 4 KiB aligned",
			    p->name, (unsigned long long)m->pa,
			    (unsigned long long)m->ipa,
			    (unsigned long long)m->size);
	if (!range_contains(b->ram_base, b->ram_size, m->pa, m->size))
		return fail(err,
			    "partition '%s': memory 0x%llx+0x%llx lies outside "
			    "the board's RAM 0x%llx+0x%llx",
			    p->name, (unsigned long long)m->pa,
			    (unsigned long long)m->size,
			    (unsigned long long)b->ram_base,
			    (unsigned long long)b->ram_size);
	if (range_overlaps(m->pa, m->size, b->hyp_base, b->hyp_size))
		return fail(err,
			    "partition '%s': memory 0x%llx+0x%llx overlaps the "
			    "hypervisor image 0x%llx+0x%llx",
			    p->name, (unsigned long long)m->pa,
			    (unsigned long long)m->size,
			    (unsigned long long)b->hyp_base,
			    (unsigned long long)b->hyp_size);
	return true;
}

/* RAM of p against every earlier partition's RAM and its own regions. */
static bool check_ram_overlaps(const struct cfg_system *s,
			       const struct cfg_part *p,
			       struct config_error *err)
{
	for (uint32_t i = 0; i < p->mem_count; i++) {
		const struct cfg_mem *m = &p->mem[i];

		for (const struct cfg_part *q = s->parts; q <= p; q++)
			for (uint32_t j = 0; j < q->mem_count; j++) {
				const struct cfg_mem *n = &q->mem[j];

				if (q == p && j >= i)
					break;
				if (range_overlaps(m->pa, m->size, n->pa,
						   n->size))
					return fail(err,
						    "partition '%s': memory "
						    "0x%llx+0x%llx overlaps "
						    "memory of partition '%s'",
						    p->name,
						    (unsigned long long)m->pa,
						    (unsigned long long)m->size,
						    q->name);
				if (q == p && range_overlaps(m->ipa, m->size,
							     n->ipa, n->size))
					return fail(
					    err,
					    "partition '%s': guest "
					    "addresses 0x%llx+0x%llx "
					    "are mapped twice",
					    p->name, (unsigned long long)m->ipa,
					    (unsigned long long)m->size);
			}
	}
	return true;
}

static bool check_image(const struct cfg_part *p, const struct cfg_image *img,
			const char *what, struct config_error *err)
{
	uint64_t pa, size = cfg_image_size(img);

	if (img->start == NULL)
		return true;
	if (!cfg_part_ipa_to_pa(p, img->load_ipa, size ? size : 1, &pa))
		return fail(err,
			    "partition '%s': %s image '%s' (%llu bytes at "
			    "0x%llx) does not fit in the partition's memory",
			    p->name, what, img->name, (unsigned long long)size,
			    (unsigned long long)img->load_ipa);
	return true;
}

/*
 * Every image inside the partition's RAM and clear of the others.  The two
 * device trees are alternatives (one is loaded, for the GIC found at boot),
 * so they may share a slot.
 */
static bool check_images(const struct cfg_part *p, struct config_error *err)
{
	const struct cfg_image *imgs[] = {&p->kernel, &p->dtb_v3, &p->dtb_v2,
					  &p->initrd};
	const char *what[] = {"kernel", "dtb", "dtb", "initrd"};

	if (p->kernel.start == NULL)
		return fail(err, "partition '%s': has no kernel image",
			    p->name);
	for (unsigned i = 0; i < ARRAY_SIZE(imgs); i++)
		if (!check_image(p, imgs[i], what[i], err))
			return false;
	for (unsigned i = 0; i < ARRAY_SIZE(imgs); i++)
		for (unsigned j = i + 1; j < ARRAY_SIZE(imgs); j++)
			if (!(i == 1 && j == 2) &&
			    range_overlaps(
				imgs[i]->load_ipa, cfg_image_size(imgs[i]),
				imgs[j]->load_ipa, cfg_image_size(imgs[j])))
				return fail(err,
					    "partition '%s': image '%s' "
					    "overlaps image '%s'",
					    p->name, imgs[i]->name,
					    imgs[j]->name);
	return true;
}

static bool check_console(const struct cfg_part *p, struct config_error *err)
{
	for (uint32_t i = 0; i < p->mem_count; i++)
		if (p->console == CONSOLE_VUART &&
		    range_overlaps(p->vuart_ipa, 0x1000, p->mem[i].ipa,
				   p->mem[i].size))
			return fail(err,
				    "partition '%s': virtual UART at 0x%llx "
				    "overlaps its own memory",
				    p->name, (unsigned long long)p->vuart_ipa);
	return true;
}

/* The guest-side vGIC frames (at the board's addresses): distributor, the
 * GICv3 redistributors of up to every core, the GICv2 CPU interface. */
static bool over_vgic(const struct cfg_board *b, uint64_t a, uint64_t size)
{
	uint64_t rsize = (uint64_t)b->cpu_count * VGIC_GICR_STRIDE;

	return range_overlaps(a, size, b->gicd_base, VGIC_GICD_SIZE) ||
	       (b->gicr_base != 0 &&
		range_overlaps(a, size, b->gicr_base, rsize)) ||
	       (b->gicc_base != 0 &&
		range_overlaps(a, size, b->gicc_base, VGIC_GICV_SIZE));
}

/* The virtual watchdog's two frames: page aligned, clear of the guest's
 * RAM, its virtual UART, its virtual GIC and its passed-through devices
 * (by guest address: every access there must trap to the right place). */
static bool check_wdt(const struct cfg_board *b, const struct cfg_part *p,
		      struct config_error *err)
{
	uint64_t a = p->wdt_ipa;

	if (a == 0)
		return true;
	if (a & (PAGE_SIZE - 1))
		return fail(err,
			    "partition '%s': watchdog at 0x%llx is not 4 KiB "
			    "aligned",
			    p->name, (unsigned long long)a);
	for (uint32_t i = 0; i < p->mem_count; i++)
		if (range_overlaps(a, VWDT_SIZE, p->mem[i].ipa, p->mem[i].size))
			return fail(err,
				    "partition '%s': watchdog at 0x%llx "
				    "overlaps its own memory",
				    p->name, (unsigned long long)a);
	for (uint32_t i = 0; i < p->dev_count; i++)
		if (range_overlaps(a, VWDT_SIZE, p->devs[i].ipa,
				   p->devs[i].size))
			return fail(err,
				    "partition '%s': watchdog at 0x%llx "
				    "overlaps device '%s'",
				    p->name, (unsigned long long)a,
				    p->devs[i].name);
	if (p->console == CONSOLE_VUART &&
	    range_overlaps(a, VWDT_SIZE, p->vuart_ipa, VUART_SIZE))
		return fail(err,
			    "partition '%s': watchdog at 0x%llx overlaps its "
			    "virtual UART",
			    p->name, (unsigned long long)a);
	if (over_vgic(b, a, VWDT_SIZE))
		return fail(err,
			    "partition '%s': watchdog at 0x%llx overlaps the "
			    "virtual GIC",
			    p->name, (unsigned long long)a);
	/* WS0 drives a virtual SPI (IHI 0069 2.2: INTIDs 32-1019). */
	if (p->wdt_intid != 0 && (p->wdt_intid < 32 || p->wdt_intid >= 1020))
		return fail(err,
			    "partition '%s': watchdog interrupt %u is not an "
			    "SPI",
			    p->name, p->wdt_intid);
	return true;
}

/* A passed-through device window against RAM, the console and others. */
static bool check_dev(const struct cfg_system *s, const struct cfg_part *p,
		      const struct cfg_dev *d, struct config_error *err)
{
	const struct cfg_board *b = s->board;

	if (!IS_ALIGNED(d->pa | d->ipa | d->size, PAGE_SIZE) || d->size == 0)
		return fail(err,
			    "partition '%s': device '%s' window 0x%llx+0x%llx "
			    "is not 4 KiB aligned",
			    p->name, d->name, (unsigned long long)d->pa,
			    (unsigned long long)d->size);
	if (range_overlaps(d->pa, d->size, b->uart_base, PAGE_SIZE))
		return fail(err,
			    "partition '%s': device '%s' is the hypervisor's "
			    "console UART 0x%llx",
			    p->name, d->name, (unsigned long long)b->uart_base);
	if (range_overlaps(d->pa, d->size, b->ram_base, b->ram_size))
		return fail(err,
			    "partition '%s': device '%s' window 0x%llx+0x%llx "
			    "overlaps RAM",
			    p->name, d->name, (unsigned long long)d->pa,
			    (unsigned long long)d->size);
	for (const struct cfg_part *q = s->parts; q <= p; q++)
		for (uint32_t j = 0; j < q->dev_count; j++) {
			const struct cfg_dev *e = &q->devs[j];

			if (e == d)
				return true;
			/* Declared shared by every holder: allowed. */
			if (d->shared && e->shared)
				continue;
			if (range_overlaps(d->pa, d->size, e->pa, e->size))
				return fail(err,
					    "partition '%s': device '%s' is "
					    "also given to partition '%s' "
					    "(as '%s')",
					    p->name, d->name, q->name, e->name);
		}
	return true;
}

static bool check_devs(const struct cfg_system *s, const struct cfg_part *p,
		       struct config_error *err)
{
	for (uint32_t i = 0; i < p->dev_count; i++)
		if (!check_dev(s, p, &p->devs[i], err))
			return false;
	return true;
}

/* The vGIC holds VGIC_MAX_SPIS SPIs per partition (vgic.h): more would be
 * left out of it silently. */
static bool check_spi_count(const struct cfg_part *p, struct config_error *err)
{
	uint32_t n = p->intid_count;

	for (uint32_t i = 0; i < p->dev_count; i++)
		n += p->devs[i].intid_count;
	n += p->console == CONSOLE_VUART ? 1U : 0U;
	n += p->wdt_ipa != 0 && p->wdt_intid != 0 ? 1U : 0U;
	if (n > VGIC_MAX_SPIS)
		return fail(err,
			    "partition '%s': %u SPIs, the virtual GIC holds at "
			    "most %u",
			    p->name, n, VGIC_MAX_SPIS);
	return true;
}

static bool check_part(const struct cfg_system *s, const struct cfg_part *p,
		       struct config_error *err)
{
	if (p->name == NULL || p->name[0] == '\0')
		return fail(err, "partition #%u: has no name",
			    (unsigned)(p - s->parts));
	for (const struct cfg_part *q = s->parts; q < p; q++)
		for (unsigned i = 0;; i++) {
			if (q->name[i] != p->name[i])
				break;
			if (p->name[i] == '\0')
				return fail(err,
					    "partition '%s': name used twice",
					    p->name);
		}
	if (!check_cores(s, p, err))
		return false;
	if (p->mem_count == 0)
		return fail(err, "partition '%s': has no memory", p->name);
	for (uint32_t i = 0; i < p->mem_count; i++)
		if (!check_region(s, p, &p->mem[i], err))
			return false;
	return check_ram_overlaps(s, p, err) && check_images(p, err) &&
	       check_console(p, err) && check_devs(s, p, err) &&
	       check_wdt(s->board, p, err) && check_spi_count(p, err);
}

bool config_check(const struct cfg_system *s, struct config_error *err)
{
	err->failed = false;
	err->msg[0] = '\0';
	if (s->board == NULL)
		return fail(err, "system '%s': no board", s->name);
	if (s->board->cpu_count == 0 || s->board->cpu_count > CFG_MAX_CPUS)
		return fail(err, "board '%s': %u cores (1..%u supported)",
			    s->board->name, s->board->cpu_count, CFG_MAX_CPUS);
	if (s->part_count == 0 || s->part_count > CFG_MAX_PARTS)
		return fail(err, "system '%s': %u partitions (1..%u supported)",
			    s->name, s->part_count, CFG_MAX_PARTS);
	for (uint32_t i = 0; i < s->part_count; i++)
		if (!check_part(s, &s->parts[i], err))
			return false;
	return true;
}
