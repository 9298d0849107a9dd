// SPDX-License-Identifier: Apache-2.0
/*
 * Output 2: the device tree a partition's guest boots with.  It describes
 * the machine as the guest sees it: its vCPUs numbered from 0, its RAM at
 * guest addresses, the virtual GIC, the timer, PSCI over HVC, its devices
 * and console.  Built with libfdt's read-write API in the caller's buffer.
 */
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "cfgc.h"

#define GIC_PHANDLE 1U
#define MAX_CLOCKS 8

/* State while one tree is built: copied clock providers get new phandles. */
struct dtb {
	const struct cfgc_model *m;
	const struct cfgc_part *p;
	unsigned gic; /* the GIC version this tree describes */
	void *fdt;
	int clk_src[MAX_CLOCKS];
	unsigned clk_count;
};

#define TRY(x)                                                                 \
	do {                                                                   \
		if ((x) < 0)                                                   \
			return -1;                                             \
	} while (0)

/* libfdt's fdt_setprop_string passes a size_t length as int. */
static int set_str(void *fdt, int node, const char *name, const char *s)
{
	return fdt_setprop(fdt, node, name, s, (int)strlen(s) + 1);
}

static int set_reg(void *fdt, int node, uint64_t base, uint64_t size)
{
	fdt64_t reg[2] = {cpu_to_fdt64(base), cpu_to_fdt64(size)};

	return fdt_setprop(fdt, node, "reg", reg, sizeof(reg));
}

/*
 * The specifiers as the guest must see them.  A PPI's flags carry a CPU
 * mask in bits [15:8] on GICv2 only (the GIC binding): the guest's own
 * vCPUs, whatever the board's mask said.
 */
static int set_irqs(const struct dtb *t, int node, const struct cfgc_irq *irq,
		    unsigned n)
{
	uint32_t ppi_mask =
	    t->gic == 2 ? ((UINT32_C(1) << t->p->cpu_count) - 1) << 8 : 0;
	fdt32_t cells[CFGC_MAX_IRQS * 3];
	fdt32_t *c = cells;

	if (n > CFGC_MAX_IRQS)
		return -1;
	for (unsigned k = 0; k < n; k++) {
		uint32_t flags = irq[k].type == 1
				     ? (irq[k].flags & 0xffU) | ppi_mask
				     : irq[k].flags;

		*c++ = cpu_to_fdt32(irq[k].type);
		*c++ = cpu_to_fdt32(irq[k].num);
		*c++ = cpu_to_fdt32(flags);
	}
	return fdt_setprop(t->fdt, node, "interrupts", cells,
			   (int)((size_t)(c - cells) * sizeof(fdt32_t)));
}

/* A subnode "<name>@<hex addr>" of parent. */
static int add_node_at(void *fdt, int parent, const char *name, uint64_t addr)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%s@%llx", name, (unsigned long long)addr);
	return fdt_add_subnode(fdt, parent, buf);
}

static int add_cpus(struct dtb *t)
{
	int cpus = fdt_add_subnode(t->fdt, 0, "cpus");

	TRY(cpus);
	TRY(fdt_setprop_u32(t->fdt, cpus, "#address-cells", 1));
	TRY(fdt_setprop_u32(t->fdt, cpus, "#size-cells", 0));
	/* Added last-first: libfdt inserts each subnode before the others. */
	for (unsigned v = t->p->cpu_count; v-- > 0;) {
		int src = t->m->board.cpu_node[t->p->cpu[v]], len;
		const void *compat =
		    fdt_getprop(t->m->fdt, src, "compatible", &len);
		int cpu = add_node_at(t->fdt, cpus, "cpu", v);

		TRY(cpu);
		TRY(set_str(t->fdt, cpu, "device_type", "cpu"));
		if (compat)
			TRY(fdt_setprop(t->fdt, cpu, "compatible", compat,
					len));
		TRY(fdt_setprop_u32(t->fdt, cpu, "reg", v));
		TRY(set_str(t->fdt, cpu, "enable-method", "psci"));
	}
	return 0;
}

static int add_memory(struct dtb *t)
{
	for (unsigned j = 0; j < t->p->mem_count; j++) {
		const struct cfgc_mem *r = &t->p->mem[j];
		int n = add_node_at(t->fdt, 0, "memory", r->ipa);

		TRY(n);
		TRY(set_str(t->fdt, n, "device_type", "memory"));
		TRY(set_reg(t->fdt, n, r->ipa, r->size));
	}
	return 0;
}

/* GICv3: board addresses, one 128 KiB redistributor per vCPU. */
static int set_gic_v3(struct dtb *t, int n)
{
	const struct cfgc_board *b = &t->m->board;
	fdt64_t reg[4] = {cpu_to_fdt64(b->gicd), cpu_to_fdt64(CFGC_VGICD_SIZE),
			  cpu_to_fdt64(b->gicr),
			  cpu_to_fdt64(CFGC_VGICR_STRIDE * t->p->cpu_count)};

	TRY(set_str(t->fdt, n, "compatible", "arm,gic-v3"));
	TRY(fdt_setprop(t->fdt, n, "reg", reg, sizeof(reg)));
	return fdt_setprop_u32(t->fdt, n, "#redistributor-regions", 1);
}

/*
 * GICv2: the distributor the hypervisor emulates, and as CPU interface the
 * hardware's virtual one (GICV), which the hypervisor maps where the
 * board's GICC is.  The compatible is the board's own GICv2 node's.
 */
static int set_gic_v2(struct dtb *t, int n)
{
	const struct cfgc_board *b = &t->m->board;
	fdt64_t reg[4] = {cpu_to_fdt64(b->gicd), cpu_to_fdt64(b->gicd_v2_size),
			  cpu_to_fdt64(b->gicc), cpu_to_fdt64(CFGC_GICV_SIZE)};
	int len;
	const void *compat =
	    fdt_getprop(t->m->fdt, b->gic_v2_node, "compatible", &len);

	TRY(compat ? 0 : -1);
	TRY(fdt_setprop(t->fdt, n, "compatible", compat, len));
	return fdt_setprop(t->fdt, n, "reg", reg, sizeof(reg));
}

/* The virtual GIC of the version this tree is for, at board addresses. */
static int add_gic(struct dtb *t)
{
	int n =
	    add_node_at(t->fdt, 0, "interrupt-controller", t->m->board.gicd);

	TRY(n);
	TRY(t->gic == 3 ? set_gic_v3(t, n) : set_gic_v2(t, n));
	TRY(fdt_setprop_u32(t->fdt, n, "#interrupt-cells", 3));
	TRY(fdt_setprop_u32(t->fdt, n, "#address-cells", 0));
	TRY(fdt_setprop(t->fdt, n, "interrupt-controller", NULL, 0));
	return fdt_setprop_u32(t->fdt, n, "phandle", GIC_PHANDLE);
}

static int add_timer_psci(struct dtb *t)
{
	const struct cfgc_board *b = &t->m->board;
	static const char psci_compat[] = "arm,psci-1.0\0arm,psci-0.2";
	int n = fdt_add_subnode(t->fdt, 0, "timer");

	TRY(n);
	TRY(set_str(t->fdt, n, "compatible", "arm,armv8-timer"));
	TRY(set_irqs(t, n, b->timer, b->timer_count));
	if (fdt_getprop(t->m->fdt, b->timer_node, "always-on", NULL))
		TRY(fdt_setprop(t->fdt, n, "always-on", NULL, 0));
	n = fdt_add_subnode(t->fdt, 0, "psci");
	TRY(n);
	TRY(fdt_setprop(t->fdt, n, "compatible", psci_compat,
			sizeof(psci_compat)));
	return set_str(t->fdt, n, "method", "hvc");
}

/* Copy a fixed-clock provider once; returns its phandle in the guest. */
static int copy_clock(struct dtb *t, int src)
{
	int len, prop, n;
	const fdt32_t *cells;
	char name[64];

	for (unsigned k = 0; k < t->clk_count; k++)
		if (t->clk_src[k] == src)
			return (int)(GIC_PHANDLE + 1 + k);
	cells = fdt_getprop(t->m->fdt, src, "#clock-cells", &len);
	if (t->clk_count >= MAX_CLOCKS || cells == NULL || len != 4 ||
	    fdt32_ld(cells) != 0 ||
	    fdt_node_check_compatible(t->m->fdt, src, "fixed-clock") != 0)
		return -1; /* only simple fixed clocks can follow a device */
	snprintf(name, sizeof(name), "%s", fdt_get_name(t->m->fdt, src, NULL));
	n = fdt_add_subnode(t->fdt, 0, name);
	TRY(n);
	fdt_for_each_property_offset(prop, t->m->fdt, src)
	{
		const char *pn;
		const void *val =
		    fdt_getprop_by_offset(t->m->fdt, prop, &pn, &len);

		if (val && strcmp(pn, "phandle") != 0)
			TRY(fdt_setprop(t->fdt, n, pn, val, len));
	}
	t->clk_src[t->clk_count++] = src;
	TRY(fdt_setprop_u32(t->fdt, n, "phandle", GIC_PHANDLE + t->clk_count));
	return (int)(GIC_PHANDLE + t->clk_count);
}

/*
 * Copy the providers of a device's `clocks` first: adding nodes moves the
 * offsets of nodes added before, so the device node is created after.
 * Returns the number of cells in out, 0 if the clocks cannot follow.
 */
static int copy_clocks(struct dtb *t, int src, fdt32_t *out)
{
	int len;
	const fdt32_t *c = fdt_getprop(t->m->fdt, src, "clocks", &len);

	if (c == NULL || len <= 0 || len % 4 || len / 4 > MAX_CLOCKS)
		return 0;
	for (int k = 0; k < len / 4; k++) {
		int ph = copy_clock(
		    t, fdt_node_offset_by_phandle(t->m->fdt, fdt32_ld(&c[k])));

		if (ph < 0)
			return 0;
		out[k] = cpu_to_fdt32((uint32_t)ph);
	}
	return len / 4;
}

static int set_clocks(struct dtb *t, int src, int dst, const fdt32_t *clk,
		      int n)
{
	int len;
	const void *names = fdt_getprop(t->m->fdt, src, "clock-names", &len);

	if (n == 0)
		return 0;
	TRY(fdt_setprop(t->fdt, dst, "clocks", clk, n * 4));
	return names ? fdt_setprop(t->fdt, dst, "clock-names", names, len) : 0;
}

/* Properties holding board phandles or board-relative cells. */
static bool skip_prop(const char *name)
{
	static const char *const skip[] = {"reg",
					   "interrupts",
					   "interrupts-extended",
					   "interrupt-parent",
					   "phandle",
					   "linux,phandle",
					   "clocks",
					   "clock-names",
					   "resets",
					   "dmas",
					   "power-domains",
					   "iommus",
					   "msi-parent",
					   "gpios",
					   NULL};
	size_t len = strlen(name);

	for (unsigned i = 0; skip[i]; i++)
		if (strcmp(skip[i], name) == 0)
			return true;
	return strncmp(name, "pinctrl-", 8) == 0 ||
	       (len > 6 && strcmp(name + len - 6, "-gpios") == 0);
}

/* "pl011@0" on a board bus becomes "pl011@9000000" at the guest root. */
static const char *guest_name(const struct dtb *t, const struct cfgc_dev *d,
			      char *buf, size_t len)
{
	const char *name = fdt_get_name(t->m->fdt, d->node, NULL);
	const char *at = strchr(name, '@');
	int base = at ? (int)(at - name) : (int)strlen(name);

	snprintf(buf, len, "%.*s@%llx", base, name,
		 (unsigned long long)d->win.base);
	return buf;
}

/* A board device flattened under the guest root, at its guest address. */
static int add_device(struct dtb *t, const struct cfgc_dev *d, bool irqs)
{
	const void *fdt = t->m->fdt;
	char name[96];
	fdt32_t clk[MAX_CLOCKS];
	int nclk = copy_clocks(t, d->node, clk);
	int n =
	    fdt_add_subnode(t->fdt, 0, guest_name(t, d, name, sizeof(name)));
	int prop, len;

	TRY(n);
	fdt_for_each_property_offset(prop, fdt, d->node)
	{
		const char *pn;
		const void *val = fdt_getprop_by_offset(fdt, prop, &pn, &len);

		if (val && !skip_prop(pn))
			TRY(fdt_setprop(t->fdt, n, pn, val, len));
	}
	TRY(set_reg(t->fdt, n, d->win.base, d->win.size));
	if (irqs && d->irq_count)
		TRY(set_irqs(t, n, d->irq, d->irq_count));
	TRY(set_clocks(t, d->node, n, clk, nclk));
	return n;
}

static int add_devices(struct dtb *t)
{
	for (unsigned d = t->p->dev_count; d-- > 0;) {
		const struct cfgc_dev *v = &t->p->dev[d];
		bool shared = false;

		for (unsigned k = 0; k < t->m->shared_count; k++)
			shared |= t->m->shared[k] == v->node;
		TRY(add_device(t, v, !shared));
	}
	return 0;
}

/*
 * The virtual SBSA Generic Watchdog ("arm,sbsa-gwdt"): reg is the control
 * frame, then the refresh frame (the binding's order; Linux's sbsa_gwdt
 * maps resource 0 as control, 1 as refresh), and the WS0 interrupt if the
 * config wires one (Linux uses it only with sbsa_gwdt's action=1; without
 * it, the driver runs single-stage and the partition's watchdog action
 * comes timeout-sec after the last ping).
 */
static int add_watchdog(struct dtb *t)
{
	const struct cfgc_wdt *w = &t->p->wdt;
	fdt64_t reg[4] = {cpu_to_fdt64(w->ipa), cpu_to_fdt64(CFGC_VWDT_FRAME),
			  cpu_to_fdt64(w->ipa + CFGC_VWDT_FRAME),
			  cpu_to_fdt64(CFGC_VWDT_FRAME)};
	int n;

	if (!w->present)
		return 0;
	n = add_node_at(t->fdt, 0, "watchdog", w->ipa);
	TRY(n);
	TRY(set_str(t->fdt, n, "compatible", "arm,sbsa-gwdt"));
	TRY(fdt_setprop(t->fdt, n, "reg", reg, sizeof(reg)));
	if (w->irq_count)
		TRY(set_irqs(t, n, &w->irq, w->irq_count));
	return fdt_setprop_u32(t->fdt, n, "timeout-sec", w->timeout_sec);
}

static uint64_t image_size(const struct cfgc_model *m, const char *name)
{
	for (unsigned i = 0; name && i < m->opts->size_count; i++)
		if (strcmp(m->opts->sizes[i].name, name) == 0)
			return m->opts->sizes[i].size;
	return 0;
}

/* stdout-path, bootargs and the initrd range the kernel should use. */
static int add_chosen(struct dtb *t, const char *console)
{
	const struct cfgc_part *p = t->p;
	int n = fdt_add_subnode(t->fdt, 0, "chosen"), a;

	TRY(n);
	if (p->bootargs)
		TRY(set_str(t->fdt, n, "bootargs", p->bootargs));
	if (p->initrd.name) {
		uint64_t end = p->initrd.ipa + image_size(t->m, p->initrd.name);

		TRY(fdt_setprop_u64(t->fdt, n, "linux,initrd-start",
				    p->initrd.ipa));
		TRY(fdt_setprop_u64(t->fdt, n, "linux,initrd-end", end));
	}
	if (console == NULL)
		return 0;
	TRY(set_str(t->fdt, n, "stdout-path", console));
	a = fdt_add_subnode(t->fdt, 0, "aliases");
	TRY(a);
	return set_str(t->fdt, a, "serial0", console);
}

static int add_console(struct dtb *t, char *path, size_t len)
{
	const struct cfgc_part *p = t->p;
	struct cfgc_dev vuart = t->m->board.uart;
	const struct cfgc_dev *d = &vuart;
	char name[96];

	if (p->console == CFGC_CON_NONE)
		return 0;
	if (p->console == CFGC_CON_PASSTHROUGH) {
		d = &p->dev[p->console_dev];
	} else {
		/*
		 * The vUART mimics the board's UART (its address, interrupt
		 * and clocks) as one 4 KiB PL011 frame: that is what the
		 * hypervisor emulates, and where Linux's AMBA bus looks for
		 * the ID registers (0xfe0), whatever the board's window.
		 */
		vuart.win.size = CFGC_VUART_SIZE;
		TRY(add_device(t, &vuart, true));
	}
	snprintf(path, len, "/%s", guest_name(t, d, name, sizeof(name)));
	return 1;
}

static int add_root(struct dtb *t)
{
	char model[128];

	snprintf(model, sizeof(model), "Bulkhead partition %s on %s",
		 t->p->name, t->m->board.name);
	TRY(fdt_setprop_u32(t->fdt, 0, "#address-cells", 2));
	TRY(fdt_setprop_u32(t->fdt, 0, "#size-cells", 2));
	TRY(set_str(t->fdt, 0, "model", model));
	TRY(set_str(t->fdt, 0, "compatible", "bulkhead,partition"));
	return fdt_setprop_u32(t->fdt, 0, "interrupt-parent", GIC_PHANDLE);
}

int cfgc_build_dtb(const struct cfgc_model *m, unsigned i, unsigned gic,
		   void *buf, int bufsize)
{
	struct dtb t = {.m = m, .p = &m->part[i], .gic = gic, .fdt = buf};
	char console[80];
	int has_console;

	if (i >= m->part_count || !cfgc_has_gic(&m->board, gic))
		return -1;
	TRY(fdt_create_empty_tree(buf, bufsize));
	TRY(add_root(&t));
	TRY(add_watchdog(&t));
	TRY(add_devices(&t));
	TRY(has_console = add_console(&t, console, sizeof(console)));
	TRY(add_chosen(&t, has_console ? console : NULL));
	TRY(add_timer_psci(&t));
	TRY(add_gic(&t));
	TRY(add_memory(&t));
	TRY(add_cpus(&t));
	TRY(fdt_pack(buf));
	return (int)fdt_totalsize(buf);
}
