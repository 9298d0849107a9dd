// SPDX-License-Identifier: Apache-2.0
/*
 * Output 1: the C tables of <bulkhead/config.h> (cfg_board, cfg_part[],
 * cfg_system), and the make fragment that tells the build which guest
 * images to compile and which generated DTBs to link.
 */
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "cfgc.h"

static const char *const fault_names[] = {
    "FAULT_POLICY_STOP", "FAULT_POLICY_INJECT", "FAULT_POLICY_RESTART"};
static const char *const irq_mode_names[] = {"IRQ_MODE_TRAP",
					     "IRQ_MODE_DIRECT"};
static const char *const console_names[] = {
    "CONSOLE_VUART", "CONSOLE_PASSTHROUGH", "CONSOLE_NONE"};
static const char *const wdt_action_names[] = {"WDT_ACTION_RESTART",
					       "WDT_ACTION_STOP"};

/* C identifier of an image / partition: '-' becomes '_' (as in images.S). */
static const char *sym(const char *name, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len && name[i]; i++)
		buf[i] = (char)(name[i] == '-' ? '_' : name[i]);
	buf[i] = '\0';
	return buf;
}

/* Whether no partition before i loads an image called name. */
static bool first_use(const struct cfgc_model *m, unsigned i, const char *name)
{
	for (unsigned j = 0; j < i; j++)
		if (strcmp(m->part[j].kernel.name, name) == 0 ||
		    (m->part[j].initrd.name &&
		     strcmp(m->part[j].initrd.name, name) == 0))
			return false;
	return true;
}

static void emit_board(FILE *f, const struct cfgc_board *b)
{
	fprintf(f, "static const struct cfg_board board = {\n");
	fprintf(f, "\t.name = \"%s\",\n", b->name);
	fprintf(f, "\t.ram_base = 0x%llx,\n\t.ram_size = 0x%llx,\n",
		(unsigned long long)b->ram[0].base,
		(unsigned long long)b->ram[0].size);
	fprintf(f, "\t.hyp_base = 0x%llx,\n\t.hyp_size = 0x%llx,\n",
		(unsigned long long)b->hyp.base,
		(unsigned long long)b->hyp.size);
	fprintf(f, "\t.uart_base = 0x%llx,\n\t.cpu_count = %u,\n",
		(unsigned long long)b->uart.win.base, b->cpu_count);
	if (b->uart.irq_count > 0)
		fprintf(f, "\t.uart_intid = %u,\n", b->uart.irq[0].intid);
	fprintf(f, "\t.cpu_mpidr = {");
	for (unsigned i = 0; i < b->cpu_count; i++)
		fprintf(f, "%s0x%llx", i ? ", " : "",
			(unsigned long long)b->cpu_mpidr[i]);
	fprintf(f, "},\n\t.smp = %s,\n",
		b->spin_table ? "SMP_SPIN_TABLE" : "SMP_PSCI_SMC");
	if (b->spin_table) {
		fprintf(f, "\t.spin_release = {");
		for (unsigned i = 0; i < b->cpu_count; i++)
			fprintf(f, "%s0x%llx", i ? ", " : "",
				(unsigned long long)b->spin_release[i]);
		fprintf(f, "},\n");
	}
	fprintf(f, "\t.gicd_base = 0x%llx,\n\t.gicr_base = 0x%llx,\n",
		(unsigned long long)b->gicd, (unsigned long long)b->gicr);
	fprintf(f, "\t.gicc_base = 0x%llx,\n\t.gich_base = 0x%llx,\n",
		(unsigned long long)b->gicc, (unsigned long long)b->gich);
	fprintf(f, "\t.gicv_base = 0x%llx,\n", (unsigned long long)b->gicv);
	fprintf(f, "\t.dev_base = 0x%llx,\n\t.dev_size = 0x%llx,\n};\n\n",
		(unsigned long long)b->dev_window.base,
		(unsigned long long)b->dev_window.size);
}

static void emit_intids(FILE *f, const char *ps, unsigned d,
			const struct cfgc_irq *irq, unsigned n)
{
	fprintf(f, "static const uint32_t irq_%s_%u[] = {", ps, d);
	for (unsigned k = 0; k < n; k++)
		fprintf(f, "%s%u", k ? ", " : "", irq[k].intid);
	fprintf(f, "};\n");
}

/* Devices of one partition; shared devices carry no interrupts. */
static unsigned emit_devs(const struct cfgc_model *m, FILE *f,
			  const struct cfgc_part *p, const char *ps)
{
	for (unsigned d = 0; d < p->dev_count; d++)
		if (p->dev[d].irq_count && !p->dev[d].shared)
			emit_intids(f, ps, d, p->dev[d].irq,
				    p->dev[d].irq_count);
	if (p->irq_count)
		emit_intids(f, ps, p->dev_count, p->irq, p->irq_count);
	if (p->dev_count == 0)
		return 0;
	fprintf(f, "static const struct cfg_dev dev_%s[] = {\n", ps);
	for (unsigned d = 0; d < p->dev_count; d++) {
		const struct cfgc_dev *v = &p->dev[d];

		fprintf(f,
			"\t{.name = \"%s\", .pa = 0x%llx, .ipa = 0x%llx, "
			".size = 0x%llx",
			fdt_get_name(m->fdt, v->node, NULL),
			(unsigned long long)v->win.base,
			(unsigned long long)v->win.base,
			(unsigned long long)v->win.size);
		if (v->shared)
			fprintf(f, ", .shared = true");
		else if (v->irq_count)
			fprintf(f, ", .intids = irq_%s_%u, .intid_count = %u",
				ps, d, v->irq_count);
		fprintf(f, "},\n");
	}
	fprintf(f, "};\n");
	return p->dev_count;
}

static void emit_image(FILE *f, const char *field, const char *name,
		       uint64_t ipa)
{
	char s[64];

	fprintf(f, "\t\t.%s = CFG_IMAGE(%s, 0x%llx),\n", field,
		sym(name, s, sizeof(s)), (unsigned long long)ipa);
}

static void emit_part(const struct cfgc_model *m, FILE *f,
		      const struct cfgc_part *p, unsigned ndev)
{
	char ps[64], dtb[80];
	const struct cfgc_board *b = &m->board;

	sym(p->name, ps, sizeof(ps));
	fprintf(f, "\t{\n\t\t.name = \"%s\",\n\t\t.cpu_mask = 0x%llx,\n",
		p->name, (unsigned long long)p->cpu_mask);
	fprintf(f, "\t\t.mem = mem_%s,\n\t\t.mem_count = %u,\n", ps,
		p->mem_count);
	if (ndev)
		fprintf(f, "\t\t.devs = dev_%s,\n\t\t.dev_count = %u,\n", ps,
			ndev);
	emit_image(f, "kernel", p->kernel.name, p->kernel.ipa);
	for (unsigned v = 2; v <= 3; v++) {
		if (!cfgc_has_gic(b, v))
			continue;
		snprintf(dtb, sizeof(dtb), "dtb_v%u_%s", v, ps);
		emit_image(f, v == 2 ? "dtb_v2" : "dtb_v3", dtb, p->dtb.ipa);
	}
	if (p->initrd.name)
		emit_image(f, "initrd", p->initrd.name, p->initrd.ipa);
	fprintf(f, "\t\t.fault_policy = %s,\n\t\t.irq_mode = %s,\n",
		fault_names[p->fault_policy], irq_mode_names[p->irq_mode]);
	fprintf(f, "\t\t.console = %s,\n", console_names[p->console]);
	if (p->irq_count)
		fprintf(f, "\t\t.intids = irq_%s_%u,\n\t\t.intid_count = %u,\n",
			ps, p->dev_count, p->irq_count);
	if (p->console == CFGC_CON_VUART)
		fprintf(f, "\t\t.vuart_ipa = 0x%llx,\n\t\t.vuart_intid = %u,\n",
			(unsigned long long)b->uart.win.base,
			b->uart.irq[0].intid);
	if (p->wdt.present)
		fprintf(f, "\t\t.wdt_ipa = 0x%llx,\n\t\t.wdt_action = %s,\n",
			(unsigned long long)p->wdt.ipa,
			wdt_action_names[p->wdt.action]);
	if (p->wdt.present && p->wdt.irq_count)
		fprintf(f, "\t\t.wdt_intid = %u,\n", p->wdt.irq.intid);
	fprintf(f, "\t},\n");
}

static void emit_declares(FILE *f, const struct cfgc_model *m)
{
	char s[64];

	for (unsigned i = 0; i < m->part_count; i++) {
		const struct cfgc_part *p = &m->part[i];

		if (first_use(m, i, p->kernel.name))
			fprintf(f, "CFG_IMAGE_DECLARE(%s);\n",
				sym(p->kernel.name, s, sizeof(s)));
		if (p->initrd.name && first_use(m, i, p->initrd.name))
			fprintf(f, "CFG_IMAGE_DECLARE(%s);\n",
				sym(p->initrd.name, s, sizeof(s)));
		for (unsigned v = 2; v <= 3; v++)
			if (cfgc_has_gic(&m->board, v))
				fprintf(f, "CFG_IMAGE_DECLARE(dtb_v%u_%s);\n",
					v, sym(p->name, s, sizeof(s)));
	}
	fprintf(f, "\n");
}

int cfgc_emit_c(const struct cfgc_model *m, const char *path)
{
	unsigned ndev[CFGC_MAX_PARTS];
	FILE *f = fopen(path, "w");
	char ps[64];

	if (f == NULL)
		return -1;
	fprintf(f, "// Generated by cfgc from %s: do not edit.\n",
		m->opts->file);
	fprintf(f, "#include <bulkhead/config.h>\n\n");
	emit_declares(f, m);
	emit_board(f, &m->board);
	for (unsigned i = 0; i < m->part_count; i++) {
		const struct cfgc_part *p = &m->part[i];

		sym(p->name, ps, sizeof(ps));
		fprintf(f, "static const struct cfg_mem mem_%s[] = {\n", ps);
		for (unsigned j = 0; j < p->mem_count; j++)
			fprintf(f,
				"\t{.pa = 0x%llx, .ipa = 0x%llx, .size = "
				"0x%llx},\n",
				(unsigned long long)p->mem[j].pa,
				(unsigned long long)p->mem[j].ipa,
				(unsigned long long)p->mem[j].size);
		fprintf(f, "};\n");
		ndev[i] = emit_devs(m, f, p, ps);
	}
	fprintf(f, "\nstatic const struct cfg_part parts[] = {\n");
	for (unsigned i = 0; i < m->part_count; i++)
		emit_part(m, f, &m->part[i], ndev[i]);
	fprintf(f, "};\n\nconst struct cfg_system cfg_system = {\n");
	fprintf(f, "\t.name = \"%s\",\n\t.board = &board,\n\t.parts = parts,\n",
		m->opts->system_name);
	fprintf(f, "\t.part_count = %u,\n};\n", m->part_count);
	return fclose(f);
}

static void emit_list(FILE *f, const char *var, const char *img,
		      const char *const *v, unsigned n)
{
	if (n == 0)
		return;
	fprintf(f, "%s_%s :=", var, img);
	for (unsigned i = 0; i < n; i++)
		fprintf(f, " %s", v[i]);
	fprintf(f, "\n");
}

static void emit_guest(FILE *f, const struct cfgc_part *p)
{
	emit_list(f, "GUEST_SRC", p->kernel.name, p->guest_src,
		  p->guest_src_count);
	emit_list(f, "GUEST_FLAGS", p->kernel.name, p->guest_flags,
		  p->guest_flag_count);
}

/*
 * The ready-made blobs whose sizes cfgc needs when it writes the guest
 * trees (the initrd end in /chosen), as image:path.
 */
static void emit_sized(FILE *f, const struct cfgc_model *m)
{
	fprintf(f, "CFGC_SIZED :=");
	for (unsigned i = 0; i < m->part_count; i++) {
		const struct cfgc_part *p = &m->part[i];

		if (p->kernel.file && first_use(m, i, p->kernel.name))
			fprintf(f, " %s:%s", p->kernel.name, p->kernel.file);
		if (p->initrd.file && first_use(m, i, p->initrd.name))
			fprintf(f, " %s:%s", p->initrd.name, p->initrd.file);
	}
	fprintf(f, "\n");
}

/* IMAGES: guests built from source; FILE_IMAGES: ready-made blobs. */
int cfgc_emit_mk(const struct cfgc_model *m, const char *path,
		 const char *dtb_dir)
{
	FILE *f = fopen(path, "w");
	char s[64];

	if (f == NULL)
		return -1;
	fprintf(f, "# Generated by cfgc from %s: do not edit.\nIMAGES :=",
		m->opts->file);
	for (unsigned i = 0; i < m->part_count; i++) {
		const struct cfgc_part *p = &m->part[i];

		if (first_use(m, i, p->kernel.name) && !p->kernel.file)
			fprintf(f, " %s", p->kernel.name);
	}
	fprintf(f, "\n");
	for (unsigned i = 0; i < m->part_count; i++) {
		const struct cfgc_part *p = &m->part[i];

		if (!p->kernel.file)
			emit_guest(f, p);
		if (p->kernel.file && first_use(m, i, p->kernel.name))
			fprintf(f, "FILE_IMAGES += %s:%s\n",
				sym(p->kernel.name, s, sizeof(s)),
				p->kernel.file);
		if (p->initrd.file && first_use(m, i, p->initrd.name))
			fprintf(f, "FILE_IMAGES += %s:%s\n",
				sym(p->initrd.name, s, sizeof(s)),
				p->initrd.file);
	}
	emit_sized(f, m);
	fprintf(f, "DTB_IMAGES :=");
	for (unsigned i = 0; i < m->part_count; i++)
		for (unsigned v = 2; v <= 3; v++)
			if (cfgc_has_gic(&m->board, v))
				fprintf(f, " dtb_v%u_%s:%s/%s.gicv%u.dtb", v,
					sym(m->part[i].name, s, sizeof(s)),
					dtb_dir, m->part[i].name, v);
	fprintf(f, "\n");
	return fclose(f);
}
