// SPDX-License-Identifier: Apache-2.0
/*
 * Reading the board half of the tree: addresses (through #address-cells,
 * #size-cells and bus `ranges`), interrupts (through interrupt-parent to the
 * GIC), cores, RAM, the hypervisor's reservation, GIC, timer and console.
 */
#include <string.h>

#include <libfdt.h>

#include "cfgc.h"

#define GIB (UINT64_C(1) << 30)

/* Cells of a bus as libfdt reads them, limited to what fits in 64 bits. */
static bool bus_cells(struct cfgc_model *m, int bus, int *ac, int *sc)
{
	*ac = fdt_address_cells(m->fdt, bus);
	*sc = fdt_size_cells(m->fdt, bus);
	if (*ac < 1 || *ac > 2 || *sc < 0 || *sc > 2)
		return cfgc_fail(m, bus,
				 "#address-cells/#size-cells must be 1 or 2 "
				 "(got %d/%d)",
				 *ac, *sc);
	return true;
}

/* One `ranges` step: child-bus address -> parent-bus address. */
static bool translate_step(struct cfgc_model *m, int bus, uint64_t *addr)
{
	int len, ac, pac, sc, psc, parent = fdt_parent_offset(m->fdt, bus);
	const uint32_t *r = fdt_getprop(m->fdt, bus, "ranges", &len);

	if (r == NULL)
		return cfgc_fail(m, bus,
				 "bus has no 'ranges': its addresses are not "
				 "CPU addresses");
	if (len == 0)
		return true; /* identity */
	if (parent < 0 || !bus_cells(m, bus, &ac, &sc) ||
	    !bus_cells(m, parent, &pac, &psc))
		return false;
	int entry = ac + pac + sc, n = len / 4;

	if (sc == 0 || len % 4 != 0 || n % entry != 0)
		return cfgc_fail(m, bus, "malformed 'ranges'");
	for (int i = 0; i < n; i += entry) {
		struct cfgc_range child = {cfgc_cells(&r[i], ac),
					   cfgc_cells(&r[i + ac + pac], sc)};
		uint64_t pbase = cfgc_cells(&r[i + ac], pac);

		if (cfgc_contains(child, (struct cfgc_range){*addr, 1})) {
			*addr = pbase + (*addr - child.base);
			return true;
		}
	}
	return cfgc_fail(m, bus, "'ranges' does not cover address 0x%llx",
			 (unsigned long long)*addr);
}

/* Number of entries in a node's `reg` (0 if absent or malformed). */
static unsigned reg_count(struct cfgc_model *m, int node)
{
	int len, parent = fdt_parent_offset(m->fdt, node);
	int ac = fdt_address_cells(m->fdt, parent);
	int sc = fdt_size_cells(m->fdt, parent);

	if (parent < 0 || ac < 1 || sc < 1 ||
	    fdt_getprop(m->fdt, node, "reg", &len) == NULL)
		return 0;
	return (unsigned)len / ((unsigned)(ac + sc) * 4);
}

bool cfgc_parse_reg(struct cfgc_model *m, int node, unsigned idx,
		    struct cfgc_range *out)
{
	int ac, sc, len, parent = fdt_parent_offset(m->fdt, node);
	const uint32_t *reg = fdt_getprop(m->fdt, node, "reg", &len);

	if (parent < 0 || !bus_cells(m, parent, &ac, &sc))
		return false;
	if (reg == NULL || sc == 0 || len % ((ac + sc) * 4) != 0 ||
	    (unsigned)(len / ((ac + sc) * 4)) <= idx)
		return cfgc_fail(m, node, "missing or malformed 'reg' entry %u",
				 idx);
	reg += (size_t)idx * (size_t)(ac + sc);
	out->base = cfgc_cells(reg, ac);
	out->size = cfgc_cells(reg + ac, sc);
	/* Walk up through every bus between the node and the root. */
	for (int bus = parent, depth = 0; bus > 0; depth++) {
		if (depth > 16 || !translate_step(m, bus, &out->base))
			return depth > 16 ? cfgc_fail(m, node, "bus too deep")
					  : false;
		bus = fdt_parent_offset(m->fdt, bus);
	}
	return true;
}

/* The interrupt parent: the nearest interrupt-parent up the tree. */
static int irq_parent(struct cfgc_model *m, int node)
{
	for (int n = node, depth = 0; n >= 0 && depth < 32; depth++) {
		int len;
		const uint32_t *p =
		    fdt_getprop(m->fdt, n, "interrupt-parent", &len);

		if (p && len == 4)
			return fdt_node_offset_by_phandle(
			    m->fdt, fdt32_ld((const fdt32_t *)p));
		n = fdt_parent_offset(m->fdt, n);
	}
	return -1;
}

/* GIC 3-cell specifier -> INTID: SPI n is 32 + n, PPI n is 16 + n. */
static bool gic_spec(struct cfgc_model *m, int node, const uint32_t *c,
		     struct cfgc_irq *irq)
{
	irq->type = (uint32_t)cfgc_cells(c, 1);
	irq->num = (uint32_t)cfgc_cells(c + 1, 1);
	irq->flags = (uint32_t)cfgc_cells(c + 2, 1);
	if (irq->type == 0 && irq->num < 988)
		irq->intid = 32 + irq->num;
	else if (irq->type == 1 && irq->num < 16)
		irq->intid = 16 + irq->num;
	else
		return cfgc_fail(m, node,
				 "interrupt <%u %u %u> is not a GIC SPI "
				 "(<0 0..987 f>) or PPI (<1 0..15 f>)",
				 irq->type, irq->num, irq->flags);
	return true;
}

static bool is_board_gic(struct cfgc_model *m, int node, int ctrl)
{
	int len;
	const uint32_t *cells =
	    fdt_getprop(m->fdt, ctrl, "#interrupt-cells", &len);

	if (ctrl < 0)
		return cfgc_fail(m, node,
				 "has interrupts but no interrupt "
				 "parent");
	if (ctrl != m->board.gic_node || cells == NULL || len != 4 ||
	    fdt32_ld((const fdt32_t *)cells) != 3)
		return cfgc_fail(
		    m, node,
		    "interrupt parent is not the board GIC "
		    "(only GIC-routed interrupts can be assigned)");
	return true;
}

/* `interrupts-extended`: <&ctrl a b c> entries, each must be the GIC. */
static bool parse_irqs_ext(struct cfgc_model *m, int node, const uint32_t *p,
			   int len, struct cfgc_irq *out, unsigned max,
			   unsigned *count)
{
	if (len % 16 != 0)
		return cfgc_fail(m, node, "malformed 'interrupts-extended'");
	for (int i = 0; i < len / 4; i += 4) {
		int ctrl = fdt_node_offset_by_phandle(
		    m->fdt, fdt32_ld((const fdt32_t *)&p[i]));

		if (*count >= max)
			return cfgc_fail(m, node, "more than %u interrupts",
					 max);
		if (!is_board_gic(m, node, ctrl) ||
		    !gic_spec(m, node, &p[i + 1], &out[(*count)++]))
			return false;
	}
	return true;
}

bool cfgc_parse_irqs(struct cfgc_model *m, int node, const char *prop,
		     struct cfgc_irq *out, unsigned max, unsigned *count)
{
	int len;
	const uint32_t *p =
	    fdt_getprop(m->fdt, node, "interrupts-extended", &len);

	*count = 0;
	if (p && strcmp(prop, "interrupts") == 0)
		return parse_irqs_ext(m, node, p, len, out, max, count);
	p = fdt_getprop(m->fdt, node, prop, &len);
	if (p == NULL)
		return true;
	if (!is_board_gic(m, node, irq_parent(m, node)))
		return false;
	if (len % 12 != 0 || (unsigned)len / 12 > max)
		return cfgc_fail(m, node,
				 "'%s' must be GIC 3-cell specifiers "
				 "(at most %u)",
				 prop, max);
	for (int i = 0; i < len / 4; i += 3)
		if (!gic_spec(m, node, &p[i], &out[(*count)++]))
			return false;
	return true;
}

bool cfgc_parse_dev(struct cfgc_model *m, int node, struct cfgc_dev *d)
{
	int len;

	memset(d, 0, sizeof(*d));
	d->node = node;
	if (fdt_getprop(m->fdt, node, "reg", &len)) {
		if (reg_count(m, node) > 1)
			return cfgc_fail(m, node,
					 "has several 'reg' windows; a "
					 "partition device has one");
		if (!cfgc_parse_reg(m, node, 0, &d->win))
			return false;
		d->has_win = true;
	}
	return cfgc_parse_irqs(m, node, "interrupts", d->irq, CFGC_MAX_IRQS,
			       &d->irq_count);
}

static bool parse_cpu(struct cfgc_model *m, int cpus, int cpu)
{
	struct cfgc_board *b = &m->board;
	int len, ac = fdt_address_cells(m->fdt, cpus);
	const uint32_t *reg = fdt_getprop(m->fdt, cpu, "reg", &len);
	const char *method = cfgc_str(m->fdt, cpu, "enable-method");

	if (b->cpu_count >= CFGC_MAX_CPUS)
		return cfgc_fail(m, cpu, "more than %d cores", CFGC_MAX_CPUS);
	if (reg == NULL || ac < 1 || ac > 2 || len != ac * 4)
		return cfgc_fail(m, cpu, "missing or malformed 'reg' (MPIDR)");
	b->cpu_node[b->cpu_count] = cpu;
	b->cpu_mpidr[b->cpu_count] = cfgc_cells(reg, ac);
	if (method && strcmp(method, "spin-table") == 0) {
		b->spin_table = true;
		if (!cfgc_u64(m->fdt, cpu, "cpu-release-addr",
			      &b->spin_release[b->cpu_count]))
			return cfgc_fail(m, cpu,
					 "spin-table core without "
					 "'cpu-release-addr'");
	}
	b->cpu_count++;
	return true;
}

static bool parse_cpus(struct cfgc_model *m)
{
	int cpus = fdt_path_offset(m->fdt, "/cpus"), cpu;

	if (cpus < 0)
		return cfgc_fail(m, 0, "board has no /cpus node");
	fdt_for_each_subnode(cpu, m->fdt, cpus)
	{
		const char *type = cfgc_str(m->fdt, cpu, "device_type");

		if (type && strcmp(type, "cpu") == 0 &&
		    !parse_cpu(m, cpus, cpu))
			return false;
	}
	if (m->board.cpu_count == 0)
		return cfgc_fail(m, cpus, "board has no cpu nodes");
	return true;
}

static bool parse_memory(struct cfgc_model *m)
{
	struct cfgc_board *b = &m->board;
	int node;

	fdt_for_each_subnode(node, m->fdt, 0)
	{
		const char *type = cfgc_str(m->fdt, node, "device_type");

		if (type == NULL || strcmp(type, "memory") != 0)
			continue;
		for (unsigned i = 0, n = reg_count(m, node); i == 0 || i < n;
		     i++) {
			struct cfgc_range r;

			if (b->ram_count >= CFGC_MAX_RAM)
				return cfgc_fail(m, node,
						 "too many RAM ranges");
			if (!cfgc_parse_reg(m, node, i, &r))
				return false;
			b->ram[b->ram_count++] = r;
		}
	}
	if (b->ram_count == 0)
		return cfgc_fail(m, 0, "board has no memory node");
	return true;
}

static bool parse_hyp(struct cfgc_model *m)
{
	int n = fdt_node_offset_by_compatible(m->fdt, -1,
					      "bulkhead,hypervisor-memory");

	if (n < 0)
		return cfgc_fail(m, 0,
				 "board reserves no RAM for the hypervisor "
				 "(a node compatible "
				 "\"bulkhead,hypervisor-memory\")");
	return cfgc_parse_reg(m, n, 0, &m->board.hyp);
}

/* GIC compatibles by version; a GICv2 node has D, C, H and V frames. */
static const char *const gic_v3_compat[] = {"arm,gic-v3", NULL};
static const char *const gic_v2_compat[] = {"arm,cortex-a15-gic", "arm,gic-400",
					    "arm,cortex-a9-gic", NULL};

static bool is_compat(struct cfgc_model *m, int node, const char *const *c)
{
	for (; *c; c++)
		if (fdt_node_check_compatible(m->fdt, node, *c) == 0)
			return true;
	return false;
}

/* The one node of the board with one of the compatibles, or -1. */
static bool find_gic(struct cfgc_model *m, const char *const *compat, int *out)
{
	char first[128];
	int node;

	*out = -1;
	for (node = fdt_next_node(m->fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(m->fdt, node, NULL)) {
		if (!is_compat(m, node, compat))
			continue;
		if (*out >= 0)
			return cfgc_fail(
			    m, node, "a second GICv%c node (the first is %s)",
			    compat == gic_v3_compat ? '3' : '2',
			    cfgc_path(m, *out, first, sizeof(first)));
		*out = node;
	}
	return true;
}

static bool parse_gic_v3(struct cfgc_model *m, int node)
{
	struct cfgc_board *b = &m->board;
	struct cfgc_range d = {0, 0}, r = {0, 0};

	if (!cfgc_parse_reg(m, node, 0, &d) || !cfgc_parse_reg(m, node, 1, &r))
		return false;
	b->gic_v3 = true;
	b->gicd = d.base;
	b->gicr = r.base;
	b->gicr_size = r.size;
	return true;
}

/* Same hardware in another mode: it must be the same distributor. */
static bool parse_gic_v2(struct cfgc_model *m, int node)
{
	struct cfgc_board *b = &m->board;
	struct cfgc_range f[4] = {{0, 0}};
	char other[128];

	for (unsigned i = 0; i < 4; i++)
		if (!cfgc_parse_reg(m, node, i, &f[i]))
			return false;
	if (b->gic_v3 && f[0].base != b->gicd)
		return cfgc_fail(
		    m, node,
		    "distributor 0x%llx differs from the one of "
		    "%s (0x%llx): a GICv2 node describes the "
		    "same GIC in GICv2 mode",
		    (unsigned long long)f[0].base,
		    cfgc_path(m, b->gic_node, other, sizeof(other)),
		    (unsigned long long)b->gicd);
	b->gic_v2 = true;
	b->gic_v2_node = node;
	b->gicd = f[0].base;
	b->gicd_v2_size = f[0].size;
	b->gicc = f[1].base;
	b->gich = f[2].base;
	b->gicv = f[3].base;
	return true;
}

/*
 * The root's interrupt-parent is the GIC devices' interrupts refer to.  A
 * board whose GIC can also run in the other mode describes that mode in a
 * second node (disabled, as only one mode is live at a time).
 */
static bool parse_gic(struct cfgc_model *m)
{
	struct cfgc_board *b = &m->board;
	int v3, v2;
	unsigned n;

	b->gic_node = irq_parent(m, 0);
	if (b->gic_node < 0 || !(is_compat(m, b->gic_node, gic_v3_compat) ||
				 is_compat(m, b->gic_node, gic_v2_compat)))
		return cfgc_fail(m, 0,
				 "the root's interrupt-parent must be a GIC "
				 "(\"arm,gic-v3\", \"arm,gic-400\" or "
				 "\"arm,cortex-a15-gic\")");
	if (!find_gic(m, gic_v3_compat, &v3) ||
	    !find_gic(m, gic_v2_compat, &v2) ||
	    (v3 >= 0 && !parse_gic_v3(m, v3)) ||
	    (v2 >= 0 && !parse_gic_v2(m, v2)))
		return false;
	return cfgc_parse_irqs(m, b->gic_node, "interrupts", &b->gic_maint, 1,
			       &n);
}

static bool parse_timer(struct cfgc_model *m)
{
	struct cfgc_board *b = &m->board;

	b->timer_node =
	    fdt_node_offset_by_compatible(m->fdt, -1, "arm,armv8-timer");
	if (b->timer_node < 0)
		return cfgc_fail(m, 0, "board has no \"arm,armv8-timer\" node");
	if (!cfgc_parse_irqs(m, b->timer_node, "interrupts", b->timer, 4,
			     &b->timer_count))
		return false;
	if (b->timer_count != 4)
		return cfgc_fail(m, b->timer_node, "timer needs 4 interrupts");
	return true;
}

/* The console is /chosen stdout-path (a path or alias, ":opts" dropped). */
static bool parse_console(struct cfgc_model *m)
{
	int chosen = fdt_path_offset(m->fdt, "/chosen"), node;
	const char *sp =
	    chosen >= 0 ? cfgc_str(m->fdt, chosen, "stdout-path") : NULL;
	const char *colon;

	if (sp == NULL)
		return cfgc_fail(m, 0,
				 "board has no /chosen stdout-path (the "
				 "hypervisor's console)");
	colon = strchr(sp, ':');
	node = fdt_path_offset_namelen(
	    m->fdt, sp, colon ? (int)(colon - sp) : (int)strlen(sp));
	if (node < 0)
		return cfgc_fail(m, chosen, "stdout-path \"%s\" not found", sp);
	if (fdt_node_check_compatible(m->fdt, node, "arm,pl011") != 0)
		return cfgc_fail(m, node,
				 "the hypervisor console must be a "
				 "PL011");
	if (!cfgc_parse_dev(m, node, &m->board.uart))
		return false;
	if (!m->board.uart.has_win || m->board.uart.irq_count != 1)
		return cfgc_fail(m, node,
				 "console UART needs 'reg' and one "
				 "interrupt");
	return true;
}

/* EL2 maps device space in 1 GiB blocks: cover console and GIC frames. */
static void dev_window(struct cfgc_board *b)
{
	uint64_t addrs[] = {b->uart.win.base, b->gicd, b->gicr,
			    b->gicc,	      b->gich, b->gicv};
	uint64_t lo = UINT64_MAX, hi = 0;

	for (unsigned i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		if (i >= 2 && addrs[i] == 0)
			continue; /* the frames of a GIC version not there */
		lo = addrs[i] < lo ? addrs[i] : lo;
		hi = addrs[i] > hi ? addrs[i] : hi;
	}
	b->dev_window.base = lo & ~(GIB - 1);
	b->dev_window.size = ((hi | (GIB - 1)) + 1) - b->dev_window.base;
}

bool cfgc_parse_board(struct cfgc_model *m)
{
	struct cfgc_board *b = &m->board;

	b->name = cfgc_str(m->fdt, 0, "bulkhead,board");
	if (b->name == NULL)
		return cfgc_fail(m, 0, "board has no 'bulkhead,board' name");
	if (!parse_cpus(m) || !parse_memory(m) || !parse_hyp(m) ||
	    !parse_gic(m) || !parse_timer(m) || !parse_console(m))
		return false;
	dev_window(b);
	return true;
}
