// SPDX-License-Identifier: Apache-2.0
/*
 * Placing partition RAM that has no fixed address, then every conflict
 * check.  Each message names the config file, the node at fault and the
 * other party, so the user can fix the config without a debugger.
 */
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "cfgc.h"

#define PAGE UINT64_C(0x1000)
#define BLOCK UINT64_C(0x200000)
#define DTB_SLOT UINT64_C(0x10000) /* the guest DTB is at most 64 KiB */

static struct cfgc_range mem_pa(const struct cfgc_mem *r)
{
	return (struct cfgc_range){r->pa, r->size};
}

static struct cfgc_range mem_ipa(const struct cfgc_mem *r)
{
	return (struct cfgc_range){r->ipa, r->size};
}

/* "0x48000000+0x2000000" in a rotating buffer (several per message). */
static const char *rng(struct cfgc_range r)
{
	static char buf[4][48];
	static unsigned n;
	char *b = buf[n++ % 4];

	snprintf(b, sizeof(buf[0]), "0x%llx+0x%llx", (unsigned long long)r.base,
		 (unsigned long long)r.size);
	return b;
}

static bool check_align(struct cfgc_model *m)
{
	for (unsigned i = 0; i < m->part_count; i++)
		for (unsigned j = 0; j < m->part[i].mem_count; j++) {
			const struct cfgc_mem *r = &m->part[i].mem[j];
			const char *what = r->size % PAGE  ? "size"
					   : r->pa % PAGE  ? "phys-addr"
					   : r->ipa % PAGE ? "guest-addr"
							   : NULL;

			if (r->size == 0)
				return cfgc_fail(m, r->node, "size is 0");
			if (what)
				return cfgc_fail(
				    m, r->node,
				    "%s 0x%llx is not 4 KiB aligned", what,
				    (unsigned long long)(what[0] == 's'
							     ? r->size
							 : what[0] == 'p'
							     ? r->pa
							     : r->ipa));
		}
	return true;
}

/* The first placed region overlapping r (fixed, or placed earlier). */
static const struct cfgc_mem *taken(const struct cfgc_model *m,
				    struct cfgc_range r,
				    const struct cfgc_mem *self)
{
	for (unsigned i = 0; i < m->part_count; i++)
		for (unsigned j = 0; j < m->part[i].mem_count; j++) {
			const struct cfgc_mem *o = &m->part[i].mem[j];

			if (o != self && (o->fixed_pa || o < self) &&
			    cfgc_overlaps(mem_pa(o), r))
				return o;
		}
	return NULL;
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return v + (a - 1) < v ? UINT64_MAX & ~(a - 1) : (v + a - 1) & ~(a - 1);
}

/* First fit in board RAM; jumps past each obstacle, so it terminates. */
static bool place_one(struct cfgc_model *m, struct cfgc_mem *r)
{
	const struct cfgc_board *b = &m->board;
	uint64_t align = r->size >= BLOCK ? BLOCK : PAGE;

	for (unsigned k = 0; k < b->ram_count; k++) {
		struct cfgc_range c = {align_up(b->ram[k].base, align),
				       r->size};

		while (cfgc_contains(b->ram[k], c)) {
			const struct cfgc_mem *o = taken(m, c, r);
			struct cfgc_range ob = o ? mem_pa(o) : b->hyp;

			if (o == NULL && !cfgc_overlaps(c, b->hyp)) {
				r->pa = c.base;
				return true;
			}
			if (ob.base + ob.size < ob.base)
				break;
			c.base = align_up(ob.base + ob.size, align);
		}
	}
	return cfgc_fail(m, r->node, "no free board RAM for 0x%llx bytes",
			 (unsigned long long)r->size);
}

bool cfgc_place_memory(struct cfgc_model *m)
{
	for (unsigned i = 0; i < m->part_count; i++) {
		struct cfgc_part *p = &m->part[i];

		for (unsigned j = 0; j < p->mem_count; j++) {
			struct cfgc_mem *r = &p->mem[j];

			if (!r->fixed_pa && !place_one(m, r))
				return false;
			if (!r->fixed_ipa)
				r->ipa = r->pa;
		}
		if (!p->kernel.fixed_ipa)
			p->kernel.ipa = p->mem[0].ipa;
		if (!p->dtb.fixed_ipa)
			p->dtb.ipa =
			    p->mem[0].size >= 2 * DTB_SLOT
				? p->mem[0].ipa + p->mem[0].size - DTB_SLOT
				: 0;
	}
	return true;
}

static bool check_cores(struct cfgc_model *m, const struct cfgc_part *p)
{
	char ref[128];

	if (p->cpu_mask == 0)
		return cfgc_fail(m, p->node, "has no core ('cpus' is empty)");
	for (const struct cfgc_part *q = m->part; q < p; q++) {
		uint64_t both = q->cpu_mask & p->cpu_mask;
		unsigned c = 0;

		if (both == 0)
			continue;
		while (!(both & (UINT64_C(1) << c)))
			c++;
		return cfgc_fail(
		    m, p->node, "core %s is also assigned to %s",
		    cfgc_ref(m, m->board.cpu_node[c], ref, sizeof(ref)),
		    q->path);
	}
	return true;
}

static bool in_board_ram(const struct cfgc_model *m, struct cfgc_range r)
{
	for (unsigned k = 0; k < m->board.ram_count; k++)
		if (cfgc_contains(m->board.ram[k], r))
			return true;
	return false;
}

/* Physical side: inside board RAM, clear of the hypervisor and others. */
static bool check_mem_pa(struct cfgc_model *m, const struct cfgc_part *p,
			 const struct cfgc_mem *r)
{
	struct cfgc_range pa = mem_pa(r);

	if (!in_board_ram(m, pa))
		return cfgc_fail(m, r->node,
				 "memory %s lies outside the board's RAM "
				 "(%s%s)",
				 rng(pa), rng(m->board.ram[0]),
				 m->board.ram_count > 1 ? ", ..." : "");
	if (cfgc_overlaps(pa, m->board.hyp))
		return cfgc_fail(m, r->node,
				 "memory %s overlaps the hypervisor's reserved "
				 "memory %s",
				 rng(pa), rng(m->board.hyp));
	for (const struct cfgc_part *q = m->part; q <= p; q++)
		for (unsigned j = 0; j < q->mem_count; j++) {
			const struct cfgc_mem *o = &q->mem[j];

			if (o == r)
				break;
			if (cfgc_overlaps(pa, mem_pa(o)))
				return cfgc_fail(m, r->node,
						 "memory %s overlaps memory %s "
						 "of %s",
						 rng(pa), rng(mem_pa(o)),
						 q->path);
		}
	return true;
}

/*
 * The frame of the virtual GIC, in any of the board's GIC versions, that
 * ipa overlaps ("distributor 0x8000000+0x10000"), NULL if none.
 */
static const char *vgic_frame(const struct cfgc_model *m,
			      const struct cfgc_part *p, struct cfgc_range ipa)
{
	static char buf[80];
	const struct cfgc_board *b = &m->board;
	const struct {
		const char *name;
		struct cfgc_range r;
		bool on;
	} frame[] = {
	    {"distributor", {b->gicd, CFGC_VGICD_SIZE}, true},
	    {"redistributors",
	     {b->gicr, CFGC_VGICR_STRIDE * p->cpu_count},
	     b->gic_v3},
	    {"CPU interface", {b->gicc, CFGC_GICV_SIZE}, b->gic_v2},
	};

	for (unsigned i = 0; i < sizeof(frame) / sizeof(frame[0]); i++)
		if (frame[i].on && cfgc_overlaps(ipa, frame[i].r)) {
			snprintf(buf, sizeof(buf), "%s %s", frame[i].name,
				 rng(frame[i].r));
			return buf;
		}
	return NULL;
}

static bool over_vgic(const struct cfgc_model *m, const struct cfgc_part *p,
		      struct cfgc_range ipa)
{
	return vgic_frame(m, p, ipa) != NULL;
}

/* Guest side: RAM clear of its own devices, vUART and virtual GIC. */
static bool check_mem_ipa(struct cfgc_model *m, const struct cfgc_part *p,
			  const struct cfgc_mem *r)
{
	const struct cfgc_board *b = &m->board;
	struct cfgc_range ipa = mem_ipa(r),
			  vuart = {b->uart.win.base, CFGC_VUART_SIZE};
	char ref[128];

	if (ipa.base + (ipa.size - 1) < ipa.base)
		return cfgc_fail(m, r->node, "guest range wraps around");
	for (unsigned j = 0; j < p->mem_count && &p->mem[j] != r; j++)
		if (cfgc_overlaps(ipa, mem_ipa(&p->mem[j])))
			return cfgc_fail(m, r->node,
					 "guest addresses %s are "
					 "mapped twice",
					 rng(ipa));
	if (over_vgic(m, p, ipa))
		return cfgc_fail(m, r->node,
				 "guest addresses %s overlap the "
				 "virtual GIC",
				 rng(ipa));
	if (p->console == CFGC_CON_VUART && cfgc_overlaps(ipa, vuart))
		return cfgc_fail(m, r->node,
				 "guest addresses %s overlap the "
				 "virtual UART at 0x%llx",
				 rng(ipa), (unsigned long long)vuart.base);
	for (unsigned d = 0; d < p->dev_count; d++)
		if (cfgc_overlaps(ipa, p->dev[d].win))
			return cfgc_fail(
			    m, r->node,
			    "guest addresses %s overlap "
			    "device %s window %s",
			    rng(ipa),
			    cfgc_ref(m, p->dev[d].node, ref, sizeof(ref)),
			    rng(p->dev[d].win));
	return true;
}

/*
 * The virtual watchdog's two frames, by guest address: page aligned (they
 * are trapped by page) and clear of everything else the partition sees,
 * or its accesses would go there instead.  0 means "no watchdog" in the
 * tables.
 */
static bool check_wdt(struct cfgc_model *m, const struct cfgc_part *p)
{
	const struct cfgc_wdt *w = &p->wdt;
	struct cfgc_range win = {w->ipa, CFGC_VWDT_SIZE},
			  vuart = {m->board.uart.win.base, CFGC_VUART_SIZE};
	char ref[128];

	if (!w->present)
		return true;
	if (w->ipa == 0 || w->ipa % PAGE)
		return cfgc_fail(m, w->node,
				 "guest-addr 0x%llx is not a 4 KiB aligned "
				 "address above 0",
				 (unsigned long long)w->ipa);
	if (win.base + (win.size - 1) < win.base)
		return cfgc_fail(m, w->node, "guest range wraps around");
	for (unsigned j = 0; j < p->mem_count; j++)
		if (cfgc_overlaps(win, mem_ipa(&p->mem[j])))
			return cfgc_fail(
			    m, w->node,
			    "watchdog frames %s overlap the partition's "
			    "memory %s (guest addresses of %s)",
			    rng(win), rng(mem_ipa(&p->mem[j])),
			    cfgc_path(m, p->mem[j].node, ref, sizeof(ref)));
	if (vgic_frame(m, p, win))
		return cfgc_fail(m, w->node,
				 "watchdog frames %s overlap the virtual GIC "
				 "%s",
				 rng(win), vgic_frame(m, p, win));
	if (p->console == CFGC_CON_VUART && cfgc_overlaps(win, vuart))
		return cfgc_fail(m, w->node,
				 "watchdog frames %s overlap the virtual UART "
				 "%s",
				 rng(win), rng(vuart));
	for (unsigned d = 0; d < p->dev_count; d++)
		if (cfgc_overlaps(win, p->dev[d].win))
			return cfgc_fail(
			    m, w->node,
			    "watchdog frames %s overlap device %s window %s",
			    rng(win),
			    cfgc_ref(m, p->dev[d].node, ref, sizeof(ref)),
			    rng(p->dev[d].win));
	return true;
}

static bool is_shared(const struct cfgc_model *m, int node)
{
	for (unsigned i = 0; i < m->shared_count; i++)
		if (m->shared[i] == node)
			return true;
	return false;
}

static bool check_dev(struct cfgc_model *m, const struct cfgc_part *p,
		      const struct cfgc_dev *d)
{
	char ref[128];
	const char *name = cfgc_ref(m, d->node, ref, sizeof(ref));

	if (d->win.base % PAGE || d->win.size % PAGE)
		return cfgc_fail(m, p->node,
				 "device %s window %s is not 4 KiB "
				 "aligned (stage 2 maps whole pages: "
				 "the guest would reach its "
				 "neighbours)",
				 name, rng(d->win));
	if (d->node == m->board.uart.node)
		return cfgc_fail(m, p->node,
				 "device %s is the hypervisor's "
				 "console UART (/chosen stdout-path)",
				 name);
	for (unsigned k = 0; k < m->board.ram_count; k++)
		if (cfgc_overlaps(d->win, m->board.ram[k]))
			return cfgc_fail(m, p->node,
					 "device %s window %s overlaps "
					 "board RAM %s",
					 name, rng(d->win),
					 rng(m->board.ram[k]));
	for (const struct cfgc_part *q = m->part; q < p; q++)
		for (unsigned j = 0; j < q->dev_count; j++)
			if (q->dev[j].node == d->node && !is_shared(m, d->node))
				return cfgc_fail(
				    m, p->node,
				    "device %s is also assigned to "
				    "%s (list it in /partitions "
				    "shared-devices to share it)",
				    name, q->path);
	return true;
}

/* Every interrupt routed to p, with the node it came from. */
static unsigned part_irqs(const struct cfgc_model *m, const struct cfgc_part *p,
			  const struct cfgc_irq **irq, int *src, unsigned max)
{
	unsigned n = 0;

	for (unsigned d = 0; d < p->dev_count; d++) {
		/* A shared device's MMIO is mapped everywhere; its lines go
		 * nowhere, as there is no one owner to inject them into. */
		if (is_shared(m, p->dev[d].node))
			continue;
		for (unsigned k = 0; k < p->dev[d].irq_count && n < max; k++) {
			irq[n] = &p->dev[d].irq[k];
			src[n++] = p->dev[d].node;
		}
	}
	for (unsigned k = 0; k < p->irq_count && n < max; k++) {
		irq[n] = &p->irq[k];
		src[n++] = p->node;
	}
	return n;
}

static const char *hyp_irq(const struct cfgc_model *m, uint32_t intid)
{
	const struct cfgc_board *b = &m->board;

	if (intid == b->gic_maint.intid)
		return "GIC maintenance interrupt";
	if (intid == b->timer[3].intid)
		return "EL2 timer";
	if (intid == b->uart.irq[0].intid)
		return "console UART";
	return NULL;
}

#define MAX_PART_IRQS (CFGC_MAX_DEVS * CFGC_MAX_IRQS + CFGC_MAX_IRQS)

/* The first partition in [m->part, end) that intid is routed to, or NULL. */
static const struct cfgc_part *irq_holder(const struct cfgc_model *m,
					  uint32_t intid,
					  const struct cfgc_part *end)
{
	const struct cfgc_irq *irq[MAX_PART_IRQS];
	int src[MAX_PART_IRQS];

	for (const struct cfgc_part *q = m->part; q < end; q++) {
		unsigned n = part_irqs(m, q, irq, src, MAX_PART_IRQS);

		for (unsigned k = 0; k < n; k++)
			if (irq[k]->intid == intid)
				return q;
	}
	return NULL;
}

static bool check_irq(struct cfgc_model *m, const struct cfgc_part *p,
		      const struct cfgc_irq *irq, int src)
{
	const struct cfgc_part *q = irq_holder(m, irq->intid, p);
	char is[64], ref[128];
	const char *from = src == p->node ? "'interrupts'"
					  : cfgc_ref(m, src, ref, sizeof(ref));

	cfgc_irq_str(irq, is, sizeof(is));
	if (irq->type != 0)
		return cfgc_fail(m, p->node,
				 "interrupt %s of %s is a PPI "
				 "(banked per core); only SPIs can "
				 "be assigned",
				 is, from);
	if (hyp_irq(m, irq->intid))
		return cfgc_fail(m, p->node,
				 "interrupt %s of %s is owned by "
				 "the hypervisor (%s)",
				 is, from, hyp_irq(m, irq->intid));
	if (q != NULL)
		return cfgc_fail(m, p->node,
				 "interrupt %s of %s is also assigned to %s",
				 is, from, q->path);
	return true;
}

/*
 * The watchdog's WS0 interrupt is virtual: a level-triggered SPI (DEN
 * 0029 makes WS0 a level) that no partition's device or 'interrupts' has
 * and the hypervisor does not own, so that one INTID never means two
 * things on the board.
 */
static bool check_wdt_irq(struct cfgc_model *m, const struct cfgc_part *p)
{
	const struct cfgc_irq *irq = &p->wdt.irq;
	const struct cfgc_part *q;
	char is[64];

	if (!p->wdt.present || p->wdt.irq_count == 0)
		return true;
	cfgc_irq_str(irq, is, sizeof(is));
	if (irq->type != 0 ||
	    (irq->flags & CFGC_IRQ_TYPE_MASK) != CFGC_IRQ_LEVEL_HIGH)
		return cfgc_fail(m, p->wdt.node,
				 "watchdog interrupt %s must be a "
				 "level-high SPI (WS0 is a level)",
				 is);
	if (hyp_irq(m, irq->intid))
		return cfgc_fail(m, p->wdt.node,
				 "watchdog interrupt %s is owned by the "
				 "hypervisor (%s)",
				 is, hyp_irq(m, irq->intid));
	q = irq_holder(m, irq->intid, m->part + m->part_count);
	if (q != NULL)
		return cfgc_fail(m, p->wdt.node,
				 "watchdog interrupt %s is also assigned to %s",
				 is, q->path);
	return true;
}

static bool check_irqs(struct cfgc_model *m, const struct cfgc_part *p)
{
	const struct cfgc_irq *irq[MAX_PART_IRQS];
	int src[MAX_PART_IRQS];
	unsigned n = part_irqs(m, p, irq, src, MAX_PART_IRQS);
	unsigned spis = n + (p->console == CFGC_CON_VUART ? 1U : 0U) +
			(p->wdt.present ? p->wdt.irq_count : 0U);

	if (spis > CFGC_MAX_PART_SPIS)
		return cfgc_fail(m, p->node,
				 "%u SPIs (its devices', 'interrupts', the "
				 "virtual UART's, the watchdog's): the "
				 "virtual GIC holds at most %u",
				 spis, CFGC_MAX_PART_SPIS);

	for (unsigned k = 0; k < n; k++)
		if (!check_irq(m, p, irq[k], src[k]))
			return false;
	return true;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_list(const char *const *a, unsigned na, const char *const *b,
		      unsigned nb)
{
	if (na != nb)
		return false;
	for (unsigned i = 0; i < na; i++)
		if (!same_str(a[i], b[i]))
			return false;
	return true;
}

static bool same_build(const struct cfgc_part *p, const struct cfgc_part *q)
{
	return same_list(p->guest_src, p->guest_src_count, q->guest_src,
			 q->guest_src_count) &&
	       same_list(p->guest_flags, p->guest_flag_count, q->guest_flags,
			 q->guest_flag_count);
}

/* One image name, one binary: two partitions may share it only as is. */
static bool check_image_names(struct cfgc_model *m, const struct cfgc_part *p)
{
	if (strncmp(p->kernel.name, "dtb_", 4) == 0 ||
	    (p->initrd.name && strncmp(p->initrd.name, "dtb_", 4) == 0))
		return cfgc_fail(m, p->node,
				 "image names starting with dtb_ "
				 "are taken by the guest DTBs");
	for (const struct cfgc_part *q = m->part; q < p; q++)
		if (strcmp(q->kernel.name, p->kernel.name) == 0 &&
		    (!same_build(p, q) ||
		     !same_str(p->kernel.file, q->kernel.file)))
			return cfgc_fail(m, p->node,
					 "image \"%s\" is built differently "
					 "by %s: give it another name",
					 p->kernel.name, q->path);
	return true;
}

static uint64_t known_size(const struct cfgc_model *m, const char *name)
{
	for (unsigned i = 0; name && i < m->opts->size_count; i++)
		if (strcmp(m->opts->sizes[i].name, name) == 0)
			return m->opts->sizes[i].size;
	return 0;
}

static bool fits(const struct cfgc_part *p, struct cfgc_range r)
{
	for (unsigned j = 0; j < p->mem_count; j++)
		if (cfgc_contains(mem_ipa(&p->mem[j]), r))
			return true;
	return false;
}

/* Sizes of built images are known only when passed (--image-size). */
static bool check_fit(struct cfgc_model *m, const struct cfgc_part *p)
{
	const struct cfgc_image *img[] = {&p->kernel, &p->initrd};
	const char *what[] = {"kernel", "initrd"};

	for (unsigned i = 0; i < 2; i++) {
		uint64_t size = known_size(m, img[i]->name);

		if (img[i]->name &&
		    !fits(p, (struct cfgc_range){img[i]->ipa, size ? size : 1}))
			return cfgc_fail(m, p->node,
					 "%s image \"%s\" (%llu bytes at "
					 "0x%llx) does not fit in the "
					 "partition's memory",
					 what[i], img[i]->name,
					 (unsigned long long)size,
					 (unsigned long long)img[i]->ipa);
	}
	if (!fits(p, (struct cfgc_range){p->dtb.ipa, DTB_SLOT}))
		return cfgc_fail(m, p->node,
				 "the guest DTB slot 0x%llx+64 KiB "
				 "does not fit in the partition's "
				 "memory (set 'dtb-addr')",
				 (unsigned long long)p->dtb.ipa);
	return true;
}

static bool check_part(struct cfgc_model *m, const struct cfgc_part *p)
{
	if (!check_cores(m, p))
		return false;
	for (unsigned j = 0; j < p->mem_count; j++)
		if (!check_mem_pa(m, p, &p->mem[j]) ||
		    !check_mem_ipa(m, p, &p->mem[j]))
			return false;
	for (unsigned d = 0; d < p->dev_count; d++)
		if (!check_dev(m, p, &p->dev[d]))
			return false;
	return check_wdt(m, p) && check_wdt_irq(m, p) && check_irqs(m, p) &&
	       check_image_names(m, p) && check_fit(m, p);
}

bool cfgc_check(struct cfgc_model *m)
{
	for (unsigned i = 0; i < m->part_count; i++)
		if (!check_part(m, &m->part[i]))
			return false;
	return true;
}

/*
 * Every property name must resolve inside the strings block.  libfdt 1.6.1's
 * fdt_check_full() dereferences a failed name lookup (a NULL string) on
 * some malformed blobs, so screen for that first; the header is checked
 * before any tag is walked.
 */
static bool prop_names_ok(const void *fdt, size_t len)
{
	int off = 0, next = 0;
	uint32_t tag;

	if (fdt_check_header(fdt) != 0 || fdt_totalsize(fdt) > len)
		return false;
	do {
		tag = fdt_next_tag(fdt, off, &next);
		if (tag == FDT_PROP) {
			const struct fdt_property *p =
			    fdt_get_property_by_offset(fdt, off, NULL);

			if (p == NULL ||
			    fdt_get_string(fdt, (int)fdt32_ld(&p->nameoff),
					   NULL) == NULL)
				return false;
		}
		if (next < 0 || (next <= off && tag != FDT_END))
			return false;
		off = next;
	} while (tag != FDT_END);
	return true;
}

bool cfgc_load(struct cfgc_model *m, const void *fdt, size_t len,
	       const struct cfgc_opts *opts)
{
	memset(m, 0, sizeof(*m));
	m->fdt = fdt;
	m->opts = opts;
	if (len < FDT_V17_SIZE || !prop_names_ok(fdt, len) ||
	    fdt_check_full(fdt, len) != 0) {
		snprintf(m->err, sizeof(m->err), "%s: not a valid DTB",
			 opts->file);
		return false;
	}
	return cfgc_parse_board(m) && cfgc_parse_parts(m) && check_align(m) &&
	       cfgc_place_memory(m) && cfgc_check(m);
}
