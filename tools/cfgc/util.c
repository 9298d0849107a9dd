// SPDX-License-Identifier: Apache-2.0
/* cfgc helpers: messages, property access, ranges, name suggestions. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "cfgc.h"

bool cfgc_fail(struct cfgc_model *m, int node, const char *fmt, ...)
{
	char path[256], msg[CFGC_MSG];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (node >= 0)
		snprintf(m->err, sizeof(m->err), "%s: %s: %s", m->opts->file,
			 cfgc_path(m, node, path, sizeof(path)), msg);
	else
		snprintf(m->err, sizeof(m->err), "%s: %s", m->opts->file, msg);
	return false;
}

const char *cfgc_path(const struct cfgc_model *m, int node, char *buf,
		      size_t len)
{
	if (fdt_get_path(m->fdt, node, buf, (int)len) != 0)
		snprintf(buf, len, "<node at offset %d>", node);
	return buf;
}

/* dtc -@ records every label in /__symbols__ as label = "path". */
const char *cfgc_ref(const struct cfgc_model *m, int node, char *buf,
		     size_t len)
{
	char path[256];
	int sym = fdt_path_offset(m->fdt, "/__symbols__");
	int prop;

	cfgc_path(m, node, path, sizeof(path));
	if (sym >= 0)
		fdt_for_each_property_offset(prop, m->fdt, sym)
		{
			const char *name;
			int plen;
			const char *val =
			    fdt_getprop_by_offset(m->fdt, prop, &name, &plen);

			if (val && plen > 0 &&
			    memchr(val, '\0', (size_t)plen) == val + plen - 1 &&
			    strcmp(val, path) == 0) {
				snprintf(buf, len, "&%s", name);
				return buf;
			}
		}
	snprintf(buf, len, "%s", path);
	return buf;
}

const char *cfgc_str(const void *fdt, int node, const char *prop)
{
	int len;
	const char *s = fdt_getprop(fdt, node, prop, &len);

	if (s == NULL || len <= 0 || memchr(s, '\0', (size_t)len) == NULL)
		return NULL;
	return s;
}

uint64_t cfgc_cells(const uint32_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = (v << 32) | fdt32_ld((const fdt32_t *)&p[i]);
	return v;
}

bool cfgc_u64(const void *fdt, int node, const char *prop, uint64_t *out)
{
	int len;
	const uint32_t *p = fdt_getprop(fdt, node, prop, &len);

	if (p == NULL || (len != 4 && len != 8))
		return false;
	*out = cfgc_cells(p, len / 4);
	return true;
}

/* Ranges are [base, base + size); a size of 0 overlaps nothing. */
bool cfgc_overlaps(struct cfgc_range a, struct cfgc_range b)
{
	if (a.size == 0 || b.size == 0)
		return false;
	return a.base <= b.base + (b.size - 1) &&
	       b.base <= a.base + (a.size - 1);
}

bool cfgc_contains(struct cfgc_range outer, struct cfgc_range inner)
{
	return inner.size != 0 && inner.base >= outer.base &&
	       inner.base + (inner.size - 1) >= inner.base &&
	       inner.base - outer.base <= outer.size - 1 &&
	       inner.size - 1 <= outer.size - 1 - (inner.base - outer.base);
}

const char *cfgc_irq_str(const struct cfgc_irq *irq, char *buf, size_t len)
{
	snprintf(buf, len, "<%u %u %u> (%s %u, INTID %u)", irq->type, irq->num,
		 irq->flags, irq->type ? "PPI" : "SPI", irq->num, irq->intid);
	return buf;
}

static unsigned bounded_len(const char *s, unsigned max)
{
	unsigned n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

/* Levenshtein distance, for "did you mean" hints; names are short. */
unsigned cfgc_distance(const char *a, const char *b)
{
	unsigned row[64], la = bounded_len(a, 63), lb = bounded_len(b, 63);

	for (unsigned j = 0; j <= lb; j++)
		row[j] = j;
	for (unsigned i = 1; i <= la; i++) {
		unsigned diag = row[0];

		row[0] = i;
		for (unsigned j = 1; j <= lb; j++) {
			unsigned up = row[j];
			unsigned best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* The known name nearest to word, if near enough to be a plausible typo. */
const char *cfgc_closest(const char *word, const char *const *known)
{
	const char *best = NULL;
	unsigned best_d = ~0U;

	for (; *known; known++) {
		unsigned d = cfgc_distance(word, *known);

		if (d < best_d) {
			best_d = d;
			best = *known;
		}
	}
	if (best && best_d <= 2 + (unsigned)strlen(word) / 4)
		return best;
	return NULL;
}
