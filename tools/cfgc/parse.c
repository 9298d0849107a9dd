// SPDX-License-Identifier: Apache-2.0
/*
 * Reading /partitions.  Every property and child node is looked up in a
 * table, so anything unknown is an error (with the nearest known name),
 * never silently ignored: a typo in an isolation setting must not pass.
 */
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "cfgc.h"

typedef bool (*prop_fn)(struct cfgc_model *m, struct cfgc_part *p, int node,
			const void *val, int len);

struct prop_rule {
	const char *name;
	prop_fn parse;
};

static int phandle_node(struct cfgc_model *m, const void *val, int i)
{
	uint32_t ph = fdt32_ld((const fdt32_t *)val + i);

	return fdt_node_offset_by_phandle(m->fdt, ph);
}

static bool want_string(struct cfgc_model *m, int node, const char *name,
			const void *val, int len)
{
	if (len <= 0 ||
	    memchr(val, '\0', (size_t)len) != (const char *)val + len - 1)
		return cfgc_fail(m, node, "'%s' must be one string", name);
	return true;
}

static bool want_cells(struct cfgc_model *m, int node, const char *name,
		       int len)
{
	if (len % 4 != 0)
		return cfgc_fail(m, node, "'%s' must be a list of cells", name);
	return true;
}

static bool p_cpus(struct cfgc_model *m, struct cfgc_part *p, int node,
		   const void *val, int len)
{
	char ref[128];

	if (!want_cells(m, node, "cpus", len))
		return false;
	for (int i = 0; i < len / 4; i++) {
		int cpu = phandle_node(m, val, i);
		unsigned c = 0;

		while (c < m->board.cpu_count && m->board.cpu_node[c] != cpu)
			c++;
		if (cpu < 0 || c == m->board.cpu_count)
			return cfgc_fail(
			    m, node,
			    "core %s is not a core of the board "
			    "(it has %u, under /cpus)",
			    cpu < 0 ? "<bad phandle>"
				    : cfgc_ref(m, cpu, ref, sizeof(ref)),
			    m->board.cpu_count);
		if (p->cpu_mask & (UINT64_C(1) << c))
			return cfgc_fail(m, node, "core %s is listed twice",
					 cfgc_ref(m, cpu, ref, sizeof(ref)));
		p->cpu_mask |= UINT64_C(1) << c;
		p->cpu[p->cpu_count++] = (int)c;
	}
	return true;
}

static bool p_devices(struct cfgc_model *m, struct cfgc_part *p, int node,
		      const void *val, int len)
{
	char ref[128];

	if (!want_cells(m, node, "devices", len))
		return false;
	for (int i = 0; i < len / 4; i++) {
		int dev = phandle_node(m, val, i);

		if (dev < 0)
			return cfgc_fail(m, node,
					 "'devices' entry %d is not a "
					 "node reference",
					 i);
		if (p->dev_count >= CFGC_MAX_DEVS)
			return cfgc_fail(m, node, "more than %d devices",
					 CFGC_MAX_DEVS);
		if (!cfgc_parse_dev(m, dev, &p->dev[p->dev_count]))
			return false;
		if (!p->dev[p->dev_count].has_win)
			return cfgc_fail(m, node,
					 "device %s has no 'reg' window",
					 cfgc_ref(m, dev, ref, sizeof(ref)));
		for (unsigned k = 0; k < m->shared_count; k++)
			p->dev[p->dev_count].shared |= m->shared[k] == dev;
		p->dev_count++;
	}
	return true;
}

static bool p_irqs(struct cfgc_model *m, struct cfgc_part *p, int node,
		   const void *val, int len)
{
	(void)val;
	(void)len;
	return cfgc_parse_irqs(m, node, "interrupts", p->irq, CFGC_MAX_IRQS,
			       &p->irq_count);
}

/* [a-z][a-z0-9_-]*: image and partition names become C symbols, make
 * variables and file names. */
static bool plain_name(const char *s)
{
	if (!(*s >= 'a' && *s <= 'z'))
		return false;
	for (const char *c = s; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		      *c == '-' || *c == '_'))
			return false;
	return true;
}

static bool image_name(struct cfgc_model *m, int node, const char *prop,
		       const void *val, int len, const char **out)
{
	if (!want_string(m, node, prop, val, len))
		return false;
	if (!plain_name(val))
		return cfgc_fail(m, node,
				 "'%s' = \"%s\": image names are "
				 "[a-z][a-z0-9_-]*",
				 prop, (const char *)val);
	*out = val;
	return true;
}

static bool p_kernel(struct cfgc_model *m, struct cfgc_part *p, int node,
		     const void *val, int len)
{
	return image_name(m, node, "kernel", val, len, &p->kernel.name);
}

static bool p_initrd(struct cfgc_model *m, struct cfgc_part *p, int node,
		     const void *val, int len)
{
	return image_name(m, node, "initrd", val, len, &p->initrd.name);
}

static bool p_file(struct cfgc_model *m, int node, const char *prop,
		   const void *val, int len, const char **out)
{
	if (!want_string(m, node, prop, val, len))
		return false;
	if (strpbrk(val, " :\t\n\"'$"))
		return cfgc_fail(m, node,
				 "'%s': path may not contain spaces, "
				 "':', quotes or '$'",
				 prop);
	*out = val;
	return true;
}

static bool p_kernel_file(struct cfgc_model *m, struct cfgc_part *p, int node,
			  const void *val, int len)
{
	return p_file(m, node, "kernel-file", val, len, &p->kernel.file);
}

static bool p_initrd_file(struct cfgc_model *m, struct cfgc_part *p, int node,
			  const void *val, int len)
{
	return p_file(m, node, "initrd-file", val, len, &p->initrd.file);
}

static bool addr(struct cfgc_model *m, int node, const char *prop,
		 const void *val, int len, struct cfgc_image *img)
{
	if (len != 4 && len != 8)
		return cfgc_fail(m, node, "'%s' must be 1 or 2 cells", prop);
	img->ipa = cfgc_cells(val, len / 4);
	img->fixed_ipa = true;
	return true;
}

static bool p_kernel_addr(struct cfgc_model *m, struct cfgc_part *p, int node,
			  const void *val, int len)
{
	return addr(m, node, "kernel-addr", val, len, &p->kernel);
}

static bool p_initrd_addr(struct cfgc_model *m, struct cfgc_part *p, int node,
			  const void *val, int len)
{
	return addr(m, node, "initrd-addr", val, len, &p->initrd);
}

static bool p_dtb_addr(struct cfgc_model *m, struct cfgc_part *p, int node,
		       const void *val, int len)
{
	return addr(m, node, "dtb-addr", val, len, &p->dtb);
}

static bool p_bootargs(struct cfgc_model *m, struct cfgc_part *p, int node,
		       const void *val, int len)
{
	p->bootargs = val;
	return want_string(m, node, "bootargs", val, len);
}

/* One or more source files (C or assembly) of a bare-metal guest. */
static bool p_guest_src(struct cfgc_model *m, struct cfgc_part *p, int node,
			const void *val, int len)
{
	static const char prop[] = "bulkhead,guest-src";
	int n = fdt_stringlist_count(m->fdt, node, prop);

	(void)val;
	if (n < 1 || n > CFGC_MAX_SRCS)
		return cfgc_fail(m, node,
				 "'%s' must be a list of 1 to %d paths", prop,
				 CFGC_MAX_SRCS);
	for (int i = 0; i < n; i++) {
		const char *f = fdt_stringlist_get(m->fdt, node, prop, i, &len);

		if (f == NULL || !p_file(m, node, prop, f, len + 1,
					 &p->guest_src[p->guest_src_count++]))
			return f ? false
				 : cfgc_fail(m, node, "unreadable '%s'", prop);
	}
	return true;
}

static bool p_guest_flags(struct cfgc_model *m, struct cfgc_part *p, int node,
			  const void *val, int len)
{
	int n = fdt_stringlist_count(m->fdt, node, "bulkhead,guest-flags");

	(void)val;
	(void)len;
	if (n < 0 || n > CFGC_MAX_FLAGS)
		return cfgc_fail(m, node,
				 "'bulkhead,guest-flags' must be a "
				 "list of at most %d strings",
				 CFGC_MAX_FLAGS);
	for (int i = 0; i < n; i++) {
		const char *f = fdt_stringlist_get(
		    m->fdt, node, "bulkhead,guest-flags", i, NULL);

		if (f == NULL || strpbrk(f, "\n$#"))
			return cfgc_fail(m, node,
					 "'bulkhead,guest-flags' "
					 "entry %d may not contain "
					 "newlines, '$' or '#'",
					 i);
		p->guest_flags[p->guest_flag_count++] = f;
	}
	return true;
}

/* A string property with a fixed set of values; returns the index. */
static bool choice(struct cfgc_model *m, int node, const char *prop,
		   const void *val, int len, const char *const *values,
		   unsigned *out)
{
	char list[96] = "";
	const char *hint;

	if (!want_string(m, node, prop, val, len))
		return false;
	for (unsigned i = 0; values[i]; i++) {
		if (strcmp(values[i], val) == 0) {
			*out = i;
			return true;
		}
		snprintf(list + strlen(list), sizeof(list) - strlen(list),
			 "%s\"%s\"", i ? ", " : "", values[i]);
	}
	hint = cfgc_closest(val, values);
	if (hint)
		return cfgc_fail(m, node,
				 "'%s' = \"%s\" is not one of %s (did "
				 "you mean \"%s\"?)",
				 prop, (const char *)val, list, hint);
	return cfgc_fail(m, node, "'%s' = \"%s\" is not one of %s", prop,
			 (const char *)val, list);
}

static bool p_console(struct cfgc_model *m, struct cfgc_part *p, int node,
		      const void *val, int len)
{
	static const char *const v[] = {"vuart", "passthrough", "none", NULL};
	unsigned c = 0;

	if (!choice(m, node, "console", val, len, v, &c))
		return false;
	p->console = (enum cfgc_console)c;
	return true;
}

static bool p_console_dev(struct cfgc_model *m, struct cfgc_part *p, int node,
			  const void *val, int len)
{
	(void)p;
	if (len != 4 || phandle_node(m, val, 0) < 0)
		return cfgc_fail(m, node,
				 "'console-device' must be one node "
				 "reference");
	return true; /* resolved against `devices` once all are read */
}

static bool p_fault(struct cfgc_model *m, struct cfgc_part *p, int node,
		    const void *val, int len)
{
	static const char *const v[] = {"stop", "inject", "restart", NULL};

	return choice(m, node, "fault-policy", val, len, v, &p->fault_policy);
}

static bool p_irq_mode(struct cfgc_model *m, struct cfgc_part *p, int node,
		       const void *val, int len)
{
	static const char *const v[] = {"trap", "direct", NULL};

	return choice(m, node, "interrupt-mode", val, len, v, &p->irq_mode);
}

/* Names taken for later features: known, so no "unknown" hint, but refused. */
static bool p_later(struct cfgc_model *m, struct cfgc_part *p, int node,
		    const void *val, int len)
{
	(void)p;
	(void)val;
	(void)len;
	return cfgc_fail(m, node,
			 "this property is reserved for a later "
			 "version and not supported yet");
}

static bool p_ignore(struct cfgc_model *m, struct cfgc_part *p, int node,
		     const void *val, int len)
{
	(void)m, (void)p, (void)node, (void)val, (void)len;
	return true;
}

static const struct prop_rule part_rules[] = {
    {"cpus", p_cpus},
    {"devices", p_devices},
    {"interrupts", p_irqs},
    {"kernel", p_kernel},
    {"kernel-file", p_kernel_file},
    {"kernel-addr", p_kernel_addr},
    {"initrd", p_initrd},
    {"initrd-file", p_initrd_file},
    {"initrd-addr", p_initrd_addr},
    {"dtb-addr", p_dtb_addr},
    {"bootargs", p_bootargs},
    {"console", p_console},
    {"console-device", p_console_dev},
    {"fault-policy", p_fault},
    {"interrupt-mode", p_irq_mode},
    {"bulkhead,guest-src", p_guest_src},
    {"bulkhead,guest-flags", p_guest_flags},
    {"shared-memory", p_later},
    {"cache-colors", p_later},
    {"phandle", p_ignore},
    {NULL, NULL},
};

static const char *const part_rule_names[] = {
    "cpus",
    "devices",
    "interrupts",
    "kernel",
    "kernel-file",
    "kernel-addr",
    "initrd",
    "initrd-file",
    "initrd-addr",
    "dtb-addr",
    "bootargs",
    "console",
    "console-device",
    "fault-policy",
    "interrupt-mode",
    "bulkhead,guest-src",
    "bulkhead,guest-flags",
    "shared-memory",
    "cache-colors",
    NULL,
};

static bool unknown(struct cfgc_model *m, int node, const char *what,
		    const char *name, const char *const *known)
{
	const char *hint = cfgc_closest(name, known);

	if (hint)
		return cfgc_fail(m, node,
				 "unknown %s '%s' (did you mean '%s'?)", what,
				 name, hint);
	return cfgc_fail(m, node, "unknown %s '%s'", what, name);
}

static bool parse_props(struct cfgc_model *m, struct cfgc_part *p, int node)
{
	int prop;

	fdt_for_each_property_offset(prop, m->fdt, node)
	{
		const char *name;
		int len;
		const void *val =
		    fdt_getprop_by_offset(m->fdt, prop, &name, &len);
		const struct prop_rule *r = part_rules;

		if (val == NULL || name == NULL)
			return cfgc_fail(m, node, "unreadable property");
		while (r->name && strcmp(r->name, name) != 0)
			r++;
		if (r->name == NULL)
			return unknown(m, node, "property", name,
				       part_rule_names);
		if (!r->parse(m, p, node, val, len))
			return false;
	}
	return true;
}

/* Every property of a child node is one of known. */
static bool only_known(struct cfgc_model *m, int node, const char *const *known)
{
	int prop;

	fdt_for_each_property_offset(prop, m->fdt, node)
	{
		const char *name;
		int len;

		if (fdt_getprop_by_offset(m->fdt, prop, &name, &len) == NULL)
			return cfgc_fail(m, node, "unreadable property");
		if (cfgc_closest(name, known) == NULL ||
		    strcmp(cfgc_closest(name, known), name) != 0)
			return unknown(m, node, "property", name, known);
	}
	return true;
}

/* A memory child: size, optional phys-addr and guest-addr. */
static bool parse_mem(struct cfgc_model *m, struct cfgc_part *p, int node)
{
	static const char *const known[] = {"size", "phys-addr", "guest-addr",
					    NULL};
	struct cfgc_mem *r = &p->mem[p->mem_count];

	if (p->mem_count >= CFGC_MAX_MEMS)
		return cfgc_fail(m, node, "more than %d memory regions",
				 CFGC_MAX_MEMS);
	if (!only_known(m, node, known))
		return false;
	r->node = node;
	if (!cfgc_u64(m->fdt, node, "size", &r->size))
		return cfgc_fail(m, node,
				 "missing required property 'size' "
				 "(1 or 2 cells)");
	r->fixed_pa = cfgc_u64(m->fdt, node, "phys-addr", &r->pa);
	r->fixed_ipa = cfgc_u64(m->fdt, node, "guest-addr", &r->ipa);
	if ((fdt_getprop(m->fdt, node, "phys-addr", NULL) && !r->fixed_pa) ||
	    (fdt_getprop(m->fdt, node, "guest-addr", NULL) && !r->fixed_ipa))
		return cfgc_fail(m, node, "addresses must be 1 or 2 cells");
	p->mem_count++;
	return true;
}

/* timeout-sec: one cell, as Linux reads it (of_property_read_u32). */
static bool wdt_timeout(struct cfgc_model *m, struct cfgc_wdt *w, int node)
{
	int len;
	const fdt32_t *t = fdt_getprop(m->fdt, node, "timeout-sec", &len);

	w->timeout_sec = CFGC_WDT_TIMEOUT_DEFAULT;
	if (t == NULL)
		return true;
	if (len != 4 || fdt32_ld(t) == 0 || fdt32_ld(t) > CFGC_WDT_TIMEOUT_MAX)
		return cfgc_fail(m, node,
				 "'timeout-sec' must be one cell, 1 to %u "
				 "seconds",
				 CFGC_WDT_TIMEOUT_MAX);
	w->timeout_sec = fdt32_ld(t);
	return true;
}

/*
 * The virtual watchdog: where the guest sees its two frames (required),
 * the timeout its guest tree announces, what its second timeout does (the
 * order of enum wdt_action) and the SPI its WS0 signal drives (optional).
 * Its frames and interrupt are checked in check.c.
 */
static bool parse_wdt(struct cfgc_model *m, struct cfgc_part *p, int node)
{
	static const char *const known[] = {"guest-addr", "timeout-sec",
					    "action", "interrupts", NULL};
	static const char *const actions[] = {"restart", "stop", NULL};
	struct cfgc_wdt *w = &p->wdt;
	int len;
	const void *act = fdt_getprop(m->fdt, node, "action", &len);

	if (!only_known(m, node, known))
		return false;
	w->present = true;
	w->node = node;
	if (fdt_getprop(m->fdt, node, "guest-addr", NULL) == NULL)
		return cfgc_fail(m, node,
				 "missing required property 'guest-addr' "
				 "(1 or 2 cells)");
	if (!cfgc_u64(m->fdt, node, "guest-addr", &w->ipa))
		return cfgc_fail(m, node, "'guest-addr' must be 1 or 2 cells");
	if (!wdt_timeout(m, w, node) ||
	    !cfgc_parse_irqs(m, node, "interrupts", &w->irq, 1, &w->irq_count))
		return false;
	return act == NULL ||
	       choice(m, node, "action", act, len, actions, &w->action);
}

static bool parse_children(struct cfgc_model *m, struct cfgc_part *p, int node)
{
	static const char *const known[] = {"memory", "watchdog", NULL};
	int child;

	fdt_for_each_subnode(child, m->fdt, node)
	{
		const char *name = fdt_get_name(m->fdt, child, NULL);

		if (name == NULL)
			return cfgc_fail(m, node, "unreadable node");
		/* memory, memory-<anything>: several regions, no unit address */
		if (strncmp(name, "memory", 6) == 0 &&
		    (name[6] == '\0' || name[6] == '-')) {
			if (!parse_mem(m, p, child))
				return false;
			continue;
		}
		if (strcmp(name, "watchdog") == 0) {
			if (!parse_wdt(m, p, child))
				return false;
			continue;
		}
		return unknown(m, child, "node", name, known);
	}
	return true;
}

/* Defaults and cross-property rules of one partition. */
static bool finish_part(struct cfgc_model *m, struct cfgc_part *p, int node)
{
	int len;
	const void *cd = fdt_getprop(m->fdt, node, "console-device", &len);
	char ref[128];

	if (fdt_getprop(m->fdt, node, "cpus", NULL) == NULL)
		return cfgc_fail(m, node, "missing required property 'cpus'");
	if (p->kernel.name == NULL)
		return cfgc_fail(m, node, "missing required property 'kernel'");
	if (p->mem_count == 0)
		return cfgc_fail(m, node, "missing required node 'memory'");
	if (p->initrd.name && !p->initrd.fixed_ipa)
		return cfgc_fail(m, node, "'initrd' needs 'initrd-addr'");
	if ((p->initrd.file && !p->initrd.name) ||
	    (p->kernel.file && !p->kernel.name))
		return cfgc_fail(m, node,
				 "'*-file' names the blob of an image: "
				 "give 'kernel'/'initrd' too");
	if ((p->console == CFGC_CON_PASSTHROUGH) != (cd != NULL))
		return cfgc_fail(m, node,
				 "'console-device' goes with console "
				 "= \"passthrough\" (and only with it)");
	if (cd == NULL)
		return true;
	for (unsigned i = 0; i < p->dev_count; i++)
		if (p->dev[i].node == phandle_node(m, cd, 0)) {
			p->console_dev = (int)i;
			return true;
		}
	return cfgc_fail(m, node, "console-device %s is not in 'devices'",
			 cfgc_ref(m, phandle_node(m, cd, 0), ref, sizeof(ref)));
}

static bool parse_part(struct cfgc_model *m, int node)
{
	struct cfgc_part *p = &m->part[m->part_count];

	if (m->part_count >= CFGC_MAX_PARTS)
		return cfgc_fail(m, node, "more than %d partitions",
				 CFGC_MAX_PARTS);
	memset(p, 0, sizeof(*p));
	p->node = node;
	p->console_dev = -1;
	p->name = fdt_get_name(m->fdt, node, NULL);
	if (p->name == NULL || !plain_name(p->name) || strlen(p->name) > 48)
		return cfgc_fail(m, node,
				 "partition names are [a-z][a-z0-9_-]* "
				 "(no unit address, at most 48)");
	snprintf(p->path, sizeof(p->path), "/partitions/%s", p->name);
	m->part_count++;
	return parse_props(m, p, node) && parse_children(m, p, node) &&
	       finish_part(m, p, node);
}

static bool parse_shared(struct cfgc_model *m, int node)
{
	int len;
	const void *val = fdt_getprop(m->fdt, node, "shared-devices", &len);

	if (val == NULL)
		return true;
	if (len % 4 != 0 || len / 4 > CFGC_MAX_DEVS)
		return cfgc_fail(m, node,
				 "'shared-devices' must be at most %d "
				 "node references",
				 CFGC_MAX_DEVS);
	for (int i = 0; i < len / 4; i++) {
		m->shared[i] = phandle_node(m, val, i);
		if (m->shared[i] < 0)
			return cfgc_fail(m, node,
					 "'shared-devices' entry %d "
					 "is not a node reference",
					 i);
	}
	m->shared_count = (unsigned)len / 4;
	return true;
}

bool cfgc_parse_parts(struct cfgc_model *m)
{
	static const char *const known[] = {"shared-devices", NULL};
	int top = fdt_path_offset(m->fdt, "/partitions"), prop, node;

	if (top < 0)
		return cfgc_fail(m, -1, "no /partitions node");
	fdt_for_each_property_offset(prop, m->fdt, top)
	{
		const char *name;

		if (fdt_getprop_by_offset(m->fdt, prop, &name, NULL) == NULL)
			return cfgc_fail(m, top, "unreadable property");
		if (strcmp(name, "shared-devices") != 0)
			return unknown(m, top, "property", name, known);
	}
	if (!parse_shared(m, top))
		return false;
	fdt_for_each_subnode(node, m->fdt,
			     top) if (!parse_part(m, node)) return false;
	if (m->part_count == 0)
		return cfgc_fail(m, top, "no partitions");
	return true;
}
