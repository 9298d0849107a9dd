// SPDX-License-Identifier: Apache-2.0
/*
 * The stage-2 table walker (Arm ARM D8.2, VMSAv8-64 translation with the
 * 4 KiB granule).  Each level resolves 9 bits of the IPA; level 1 and 2
 * entries may be blocks (1 GiB, 2 MiB), level 3 entries are pages.  The start
 * level may use up to 16 concatenated tables (D8.2.5), which we treat as one
 * table of 512 * root_pages entries.
 */
#include <bulkhead/page.h>
#include <bulkhead/s2.h>

#define S2_LAST_LEVEL 3U
#define S2_ENTRIES 512U

static unsigned level_shift(unsigned level)
{
	return PAGE_SHIFT + 9U * (S2_LAST_LEVEL - level);
}

static uint64_t level_size(unsigned level)
{
	return UINT64_C(1) << level_shift(level);
}

static uint64_t level_index(const struct s2_table *t, unsigned level,
			    uint64_t ipa)
{
	uint64_t entries = S2_ENTRIES;

	if (level == t->geo.start_level)
		entries *= t->geo.root_pages;
	return (ipa >> level_shift(level)) & (entries - 1);
}

static uint64_t *next_table(uint64_t pte)
{
	return ptr_of_pa(arch_pte_addr(pte));
}

enum s2_result s2_init(struct s2_table *t, struct s2_geometry geo)
{
	t->geo = geo;
	for (unsigned i = 0; i < ARRAY_SIZE(t->blocks); i++)
		t->blocks[i] = 0;
	t->root = page_alloc(&hyp_pool, geo.root_pages);
	if (t->root == NULL)
		return S2_ENOMEM;
	t->root_pa = pa_of_ptr(t->root);
	return S2_OK;
}

/* The largest leaf level usable for the next chunk of a mapping. */
static unsigned pick_level(const struct s2_table *t, uint64_t ipa, uint64_t pa,
			   uint64_t size)
{
	unsigned first = t->geo.start_level > 1 ? t->geo.start_level : 1;

	for (unsigned l = first; l < S2_LAST_LEVEL; l++) {
		uint64_t bs = level_size(l);

		if (IS_ALIGNED(ipa, bs) && IS_ALIGNED(pa, bs) && size >= bs)
			return l;
	}
	return S2_LAST_LEVEL;
}

/* True if nothing is mapped anywhere in the leaf slot (ipa, level). */
static bool slot_is_free(const struct s2_table *t, uint64_t ipa, unsigned level)
{
	const uint64_t *table = t->root;

	for (unsigned l = t->geo.start_level;; l++) {
		uint64_t pte = table[level_index(t, l, ipa)];

		if (!arch_pte_is_valid(pte))
			return true;
		if (l == level || !arch_pte_is_table(pte, l))
			return false;
		table = next_table(pte);
	}
}

/* Walk to the table holding the leaf for (ipa, level), creating tables. */
static uint64_t *walk_create(struct s2_table *t, uint64_t ipa, unsigned level)
{
	uint64_t *table = t->root;

	for (unsigned l = t->geo.start_level; l < level; l++) {
		uint64_t *pte = &table[level_index(t, l, ipa)];

		if (!arch_pte_is_valid(*pte)) {
			uint64_t *page = page_alloc(&hyp_pool, 1);

			if (page == NULL)
				return NULL;
			*pte = arch_s2_pte_table(pa_of_ptr(page));
		}
		table = next_table(*pte);
	}
	return table;
}

static enum s2_result check_args(const struct s2_table *t, uint64_t ipa,
				 uint64_t pa, uint64_t size)
{
	uint64_t limit = UINT64_C(1) << t->geo.ipa_bits;

	if (!IS_ALIGNED(ipa | pa | size, PAGE_SIZE))
		return S2_EALIGN;
	if (size == 0 || ipa >= limit || size > limit - ipa)
		return S2_ERANGE;
	return S2_OK;
}

enum s2_result s2_map(struct s2_table *t, struct ipaddr ipa, struct paddr pa,
		      uint64_t size, enum s2_mem_type type)
{
	uint64_t i = ipa_addr(ipa), p = pa_addr(pa), left = size;
	enum s2_result r = check_args(t, i, p, size);

	if (r != S2_OK)
		return r;
	/* Prepare: refuse before touching anything if any part is mapped. */
	while (left > 0) {
		unsigned l = pick_level(t, i, p, left);

		if (!slot_is_free(t, i, l))
			return S2_EOVERLAP;
		i += level_size(l);
		p += level_size(l);
		left -= level_size(l);
	}
	/* Commit. */
	for (i = ipa_addr(ipa), p = pa_addr(pa), left = size; left > 0;) {
		unsigned l = pick_level(t, i, p, left);
		uint64_t *table = walk_create(t, i, l);

		if (table == NULL)
			return S2_ENOMEM;
		table[level_index(t, l, i)] =
		    arch_s2_pte_leaf(pa_init(p), l, type);
		t->blocks[l]++;
		i += level_size(l);
		p += level_size(l);
		left -= level_size(l);
	}
	return S2_OK;
}

bool s2_translate(const struct s2_table *t, struct ipaddr ipa, struct paddr *pa)
{
	const uint64_t *table = t->root;
	uint64_t i = ipa_addr(ipa);

	if (i >> t->geo.ipa_bits)
		return false;
	for (unsigned l = t->geo.start_level; l <= S2_LAST_LEVEL; l++) {
		uint64_t pte = table[level_index(t, l, i)];

		if (!arch_pte_is_valid(pte))
			return false;
		if (l < S2_LAST_LEVEL && arch_pte_is_table(pte, l)) {
			table = next_table(pte);
			continue;
		}
		*pa = pa_init(pa_addr(arch_pte_addr(pte)) +
			      (i & (level_size(l) - 1)));
		return true;
	}
	return false;
}

const char *s2_result_str(enum s2_result r)
{
	static const char *const names[] = {
	    [S2_OK] = "ok",
	    [S2_ENOMEM] = "out of table pages",
	    [S2_EOVERLAP] = "overlaps an existing mapping",
	    [S2_EALIGN] = "not 4 KiB aligned",
	    [S2_ERANGE] = "outside the IPA space",
	};

	return (unsigned)r < ARRAY_SIZE(names) ? names[r] : "?";
}
