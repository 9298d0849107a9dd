// SPDX-License-Identifier: Apache-2.0
/*
 * core/s2.c: block size selection, translation, and the prepare/commit rule
 * that a refused map leaves the table untouched.  Table pages come from a
 * host-allocated hyp_pool; the PAs being mapped are plain numbers, since the
 * walker never touches the memory it maps.
 */
#include <stdlib.h>

#include <bulkhead/page.h>
#include <bulkhead/s2.h>

#include "unit.h"

#define POOL_PAGES 64U
#define ADDR_MASK UINT64_C(0x0000fffffffff000)

static struct s2_table t;

static int setup(void **state)
{
	(void)state;
	fake_reset();
	fake_pool_init(POOL_PAGES);
	return s2_init(&t, fake.geo) == S2_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	fake_pool_free();
	return 0;
}

/*
 * An independent walk (not s2_translate) for the leaf descriptor that maps
 * ipa: returns it and its level, or 0 if ipa is unmapped.
 */
static uint64_t leaf_of(uint64_t ipa, unsigned *level)
{
	const uint64_t *table = t.root;

	for (unsigned l = t.geo.start_level; l <= 3; l++) {
		unsigned shift = 12U + 9U * (3U - l);
		uint64_t entries =
		    512U * (l == t.geo.start_level ? t.geo.root_pages : 1U);
		uint64_t pte = table[(ipa >> shift) & (entries - 1)];

		if (!(pte & 1))
			return 0;
		if (l < 3 && (pte & 2)) {
			table = (const uint64_t *)(uintptr_t)(pte & ADDR_MASK);
			continue;
		}
		*level = l;
		return pte;
	}
	return 0;
}

static void assert_maps(uint64_t ipa, uint64_t pa)
{
	struct paddr out = pa_init(0);

	if (!s2_translate(&t, ipa_init(ipa), &out))
		fail_msg("ipa 0x%llx unmapped, expected pa 0x%llx",
			 (unsigned long long)ipa, (unsigned long long)pa);
	assert_int_equal(pa_addr(out), pa);
}

static void assert_unmapped(uint64_t ipa)
{
	struct paddr out = pa_init(0xdead);

	assert_false(s2_translate(&t, ipa_init(ipa), &out));
	/* A miss must not write the result. */
	assert_int_equal(pa_addr(out), 0xdead);
}

static void assert_leaf_level(uint64_t ipa, unsigned want)
{
	unsigned level = 99;

	assert_int_not_equal(leaf_of(ipa, &level), 0);
	assert_int_equal(level, want);
}

static enum s2_result map(uint64_t ipa, uint64_t pa, uint64_t size)
{
	return s2_map(&t, ipa_init(ipa), pa_init(pa), size, S2_MEM_NORMAL);
}

static void test_init_empty(void **state)
{
	(void)state;
	assert_non_null(t.root);
	assert_int_equal(pa_addr(t.root_pa), (uintptr_t)t.root);
	assert_true(IS_ALIGNED(pa_addr(t.root_pa), 2 * PAGE_SIZE));
	assert_int_equal(page_pool_used(&hyp_pool), 2);
	for (unsigned i = 0; i < 1024; i++)
		assert_int_equal(t.root[i], 0);
	assert_unmapped(0);
	assert_unmapped(GiB(1));
}

static void test_1g_block(void **state)
{
	(void)state;
	assert_int_equal(map(GiB(1), GiB(2), GiB(1)), S2_OK);
	assert_int_equal(t.blocks[1], 1);
	assert_int_equal(t.blocks[2], 0);
	assert_int_equal(t.blocks[3], 0);
	/* A level-1 block needs no table page beyond the root. */
	assert_int_equal(page_pool_used(&hyp_pool), 2);
	assert_int_equal(t.root[1] & ADDR_MASK, GiB(2));
	assert_int_equal(t.root[1] & 3, 1); /* valid block, not table */
	assert_int_equal(fake_pte_attr(t.root[1]), FAKE_ATTR_NORMAL);
	assert_leaf_level(GiB(1) + 0x12345000, 1);
	assert_maps(GiB(1), GiB(2));
	assert_maps(GiB(1) + 0x12345678, GiB(2) + 0x12345678);
	assert_maps(GiB(2) - 1, GiB(3) - 1);
	assert_unmapped(GiB(1) - 1);
	assert_unmapped(GiB(2));
	assert_int_equal(fake.bad_leaves, 0);
}

/* The second half of the root (IPA >= 512 GiB) is the concatenated page. */
static void test_1g_block_in_second_root_page(void **state)
{
	(void)state;
	assert_int_equal(map(GiB(700), GiB(3), GiB(1)), S2_OK);
	assert_int_equal(t.root[700] & ADDR_MASK, GiB(3));
	assert_maps(GiB(700) + 42, GiB(3) + 42);
	assert_unmapped(GiB(700 - 512));
}

static void test_2m_blocks(void **state)
{
	(void)state;
	/* 2 MiB aligned, not 1 GiB aligned: three level-2 blocks. */
	assert_int_equal(map(GiB(2) + MiB(2), GiB(1) + MiB(4), MiB(6)), S2_OK);
	assert_int_equal(t.blocks[1], 0);
	assert_int_equal(t.blocks[2], 3);
	assert_int_equal(t.blocks[3], 0);
	assert_int_equal(page_pool_used(&hyp_pool), 3); /* root + one L2 */
	for (unsigned i = 0; i < 3; i++)
		assert_leaf_level(GiB(2) + MiB(2) + i * MiB(2), 2);
	assert_maps(GiB(2) + MiB(2), GiB(1) + MiB(4));
	assert_maps(GiB(2) + MiB(8) - 8, GiB(1) + MiB(10) - 8);
	assert_unmapped(GiB(2) + MiB(8));
	assert_unmapped(GiB(2) + MiB(2) - 1);
	assert_int_equal(fake.bad_leaves, 0);
}

/* IPA 1 GiB aligned but PA only 2 MiB aligned: no 1 GiB block possible. */
static void test_pa_alignment_limits_block(void **state)
{
	(void)state;
	assert_int_equal(map(GiB(4), GiB(1) + MiB(2), GiB(1)), S2_OK);
	assert_int_equal(t.blocks[1], 0);
	assert_int_equal(t.blocks[2], 512);
	assert_maps(GiB(4) + 0x3ffff123, GiB(1) + MiB(2) + 0x3ffff123);
	assert_int_equal(fake.bad_leaves, 0);
}

/* Misaligned head and tail as pages, the 2 MiB aligned middle as blocks. */
static void test_pages_around_2m_blocks(void **state)
{
	uint64_t ipa = GiB(1) + MiB(2) - KiB(8);
	uint64_t pa = GiB(3) + MiB(2) - KiB(8);
	uint64_t size = KiB(8) + MiB(4) + KiB(12);

	(void)state;
	assert_int_equal(map(ipa, pa, size), S2_OK);
	assert_int_equal(t.blocks[1], 0);
	assert_int_equal(t.blocks[2], 2);
	assert_int_equal(t.blocks[3], 5);
	/* root (2) + one L2 table + two L3 tables (head and tail). */
	assert_int_equal(page_pool_used(&hyp_pool), 5);
	assert_leaf_level(ipa, 3);
	assert_leaf_level(ipa + KiB(4), 3);
	assert_leaf_level(ipa + KiB(8), 2);
	assert_leaf_level(ipa + KiB(8) + MiB(2), 2);
	assert_leaf_level(ipa + KiB(8) + MiB(4), 3);
	assert_leaf_level(ipa + size - 1, 3);
	for (uint64_t off = 0; off < size; off += KiB(4))
		assert_maps(ipa + off + 0x10, pa + off + 0x10);
	assert_unmapped(ipa - 1);
	assert_unmapped(ipa + size);
	assert_int_equal(fake.bad_leaves, 0);
}

/* IPA and PA differ modulo 2 MiB: every chunk must be a 4 KiB page. */
static void test_incongruent_pa_uses_pages(void **state)
{
	(void)state;
	assert_int_equal(map(GiB(1), GiB(2) + KiB(4), MiB(4)), S2_OK);
	assert_int_equal(t.blocks[2], 0);
	assert_int_equal(t.blocks[3], 1024);
	assert_maps(GiB(1) + MiB(3) + 7, GiB(2) + KiB(4) + MiB(3) + 7);
	assert_int_equal(fake.bad_leaves, 0);
}

static void test_device_type(void **state)
{
	unsigned level;

	(void)state;
	assert_int_equal(s2_map(&t, ipa_init(0x09000000), pa_init(0x09000000),
				KiB(4), S2_MEM_DEVICE),
			 S2_OK);
	assert_int_equal(fake_pte_attr(leaf_of(0x09000000, &level)),
			 FAKE_ATTR_DEVICE);
	assert_int_equal(level, 3);
	assert_maps(0x09000abc, 0x09000abc);
}

static void test_translate_round_trips(void **state)
{
	static const struct {
		uint64_t ipa, pa, size;
	} r[] = {
	    {GiB(1), GiB(8), GiB(1)},
	    {GiB(2), GiB(20) + MiB(6), MiB(10)},
	    {GiB(2) + MiB(10) + KiB(4), GiB(30) + KiB(4), KiB(20)},
	    {GiB(3) - KiB(4), GiB(40) - KiB(4), KiB(4)},
	};

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(r); i++)
		assert_int_equal(map(r[i].ipa, r[i].pa, r[i].size), S2_OK);
	for (unsigned i = 0; i < ARRAY_SIZE(r); i++) {
		assert_maps(r[i].ipa, r[i].pa);
		assert_maps(r[i].ipa + r[i].size / 2 + 3,
			    r[i].pa + r[i].size / 2 + 3);
		assert_maps(r[i].ipa + r[i].size - 1, r[i].pa + r[i].size - 1);
	}
	assert_unmapped(GiB(2) + MiB(10));
	assert_unmapped(GiB(2) + MiB(10) + KiB(24));
	assert_int_equal(fake.bad_leaves, 0);
}

/* Copy of the whole pool, to prove that a refused map changed nothing. */
struct snapshot {
	uint64_t used;
	uint64_t blocks[4];
	uint8_t *pages;
};

static void snap_take(struct snapshot *s)
{
	s->used = page_pool_used(&hyp_pool);
	memcpy(s->blocks, t.blocks, sizeof(s->blocks));
	s->pages = malloc(POOL_PAGES * PAGE_SIZE);
	assert_non_null(s->pages);
	memcpy(s->pages, hyp_pool.base, POOL_PAGES * PAGE_SIZE);
}

static void snap_assert_same(struct snapshot *s)
{
	assert_int_equal(page_pool_used(&hyp_pool), s->used);
	assert_memory_equal(t.blocks, s->blocks, sizeof(s->blocks));
	assert_memory_equal(hyp_pool.base, s->pages, POOL_PAGES * PAGE_SIZE);
	free(s->pages);
}

static void assert_refused(uint64_t ipa, uint64_t pa, uint64_t size,
			   enum s2_result want)
{
	struct snapshot s;

	snap_take(&s);
	assert_int_equal(map(ipa, pa, size), want);
	snap_assert_same(&s);
}

static void test_overlap_refused_unchanged(void **state)
{
	uint64_t base = GiB(2) + MiB(4);

	(void)state;
	assert_int_equal(map(base, GiB(9), MiB(2)), S2_OK);
	/* Same range again, a page inside, straddling either end. */
	assert_refused(base, GiB(9), MiB(2), S2_EOVERLAP);
	assert_refused(base + KiB(12), GiB(7), KiB(4), S2_EOVERLAP);
	assert_refused(base - KiB(4), GiB(7), KiB(8), S2_EOVERLAP);
	assert_refused(base + MiB(2) - KiB(4), GiB(7), KiB(8), S2_EOVERLAP);
	/* A free 1 GiB + 4 MiB head, the clash only at the very end: the
	 * free part (which would need new tables) must not be written. */
	assert_refused(GiB(1), GiB(5), GiB(1) + MiB(4) + KiB(4), S2_EOVERLAP);
	assert_unmapped(GiB(1));
	assert_maps(base, GiB(9));
}

/* A 2 MiB block over an existing page, a page inside an existing block. */
static void test_overlap_across_levels(void **state)
{
	(void)state;
	assert_int_equal(map(GiB(1) + KiB(8), GiB(6), KiB(4)), S2_OK);
	assert_refused(GiB(1), GiB(7), MiB(2), S2_EOVERLAP);
	assert_refused(GiB(1), GiB(7), GiB(1), S2_EOVERLAP);
	assert_int_equal(map(GiB(3), GiB(8), GiB(1)), S2_OK);
	assert_refused(GiB(3) + MiB(6), GiB(7), KiB(4), S2_EOVERLAP);
	assert_refused(GiB(3) + MiB(6), GiB(7), MiB(2), S2_EOVERLAP);
	/* The pages next to the existing one are still free. */
	assert_int_equal(map(GiB(1) + KiB(4), GiB(6) - KiB(4), KiB(4)), S2_OK);
	assert_int_equal(map(GiB(1) + KiB(12), GiB(6) + KiB(4), KiB(4)), S2_OK);
}

static void test_misaligned(void **state)
{
	(void)state;
	assert_refused(GiB(1) + 1, GiB(2), KiB(4), S2_EALIGN);
	assert_refused(GiB(1), GiB(2) + 0x800, KiB(4), S2_EALIGN);
	assert_refused(GiB(1), GiB(2), KiB(4) + 1, S2_EALIGN);
	assert_refused(GiB(1), GiB(2), 0x10, S2_EALIGN);
}

static void test_out_of_range(void **state)
{
	uint64_t limit = UINT64_C(1) << 40;

	(void)state;
	assert_refused(limit, GiB(2), KiB(4), S2_ERANGE);
	assert_refused(limit - KiB(4), GiB(2), KiB(8), S2_ERANGE);
	assert_refused(GiB(1), GiB(2), 0, S2_ERANGE);
	/* A size that wraps 64 bits must not pass as small. */
	assert_refused(GiB(1), GiB(2), UINT64_MAX - KiB(4) + 1, S2_ERANGE);
	/* The last page below the limit is fine. */
	assert_int_equal(map(limit - KiB(4), GiB(2), KiB(4)), S2_OK);
	assert_maps(limit - 1, GiB(2) + KiB(4) - 1);
	assert_unmapped(limit);
	assert_unmapped(UINT64_MAX);
}

static void test_pool_exhaustion(void **state)
{
	(void)state;
	/* Only the root fits: a page mapping needs two more tables. */
	fake_pool_init(2);
	assert_int_equal(s2_init(&t, fake.geo), S2_OK);
	assert_int_equal(map(GiB(1), GiB(2), KiB(4)), S2_ENOMEM);
	/* A level-1 block needs no table and still works. */
	assert_int_equal(map(GiB(2), GiB(2), GiB(1)), S2_OK);
	/* Not even the root fits. */
	fake_pool_init(1);
	assert_int_equal(s2_init(&t, fake.geo), S2_ENOMEM);
}

/* 48-bit IPA with a level-0 root: 1 GiB blocks sit below an L0 table. */
static void test_start_level_0(void **state)
{
	(void)state;
	fake.geo = (struct s2_geometry){48, 0, 1};
	fake_pool_init(POOL_PAGES);
	assert_int_equal(s2_init(&t, fake.geo), S2_OK);
	assert_int_equal(map(GiB(1024) + GiB(1), GiB(1), GiB(1)), S2_OK);
	assert_int_equal(t.blocks[1], 1);
	assert_int_equal(page_pool_used(&hyp_pool), 2); /* root + one L1 */
	assert_leaf_level(GiB(1025), 1);
	assert_maps(GiB(1025) + 5, GiB(1) + 5);
	assert_int_equal(map(UINT64_C(1) << 47, GiB(5), KiB(4)), S2_OK);
	assert_maps((UINT64_C(1) << 47) + 1, GiB(5) + 1);
	assert_int_equal(fake.bad_leaves, 0);
}

/* 32-bit IPA starting at level 2: no level-1 blocks exist at all. */
static void test_start_level_2(void **state)
{
	(void)state;
	fake.geo = (struct s2_geometry){32, 2, 4};
	fake_pool_init(POOL_PAGES);
	assert_int_equal(s2_init(&t, fake.geo), S2_OK);
	assert_int_equal(map(GiB(3), GiB(1), GiB(1)), S2_OK);
	assert_int_equal(t.blocks[1], 0);
	assert_int_equal(t.blocks[2], 512);
	assert_int_equal(page_pool_used(&hyp_pool), 4);
	assert_maps(GiB(4) - 1, GiB(2) - 1);
	assert_refused(GiB(4), GiB(1), KiB(4), S2_ERANGE);
	assert_int_equal(fake.bad_leaves, 0);
}

static void test_result_str(void **state)
{
	(void)state;
	assert_string_equal(s2_result_str(S2_OK), "ok");
	assert_string_equal(s2_result_str(S2_EOVERLAP),
			    "overlaps an existing mapping");
	assert_string_equal(s2_result_str(S2_ERANGE), "outside the IPA space");
	assert_string_equal(s2_result_str((enum s2_result)42), "?");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_init_empty),
	    T(test_1g_block),
	    T(test_1g_block_in_second_root_page),
	    T(test_2m_blocks),
	    T(test_pa_alignment_limits_block),
	    T(test_pages_around_2m_blocks),
	    T(test_incongruent_pa_uses_pages),
	    T(test_device_type),
	    T(test_translate_round_trips),
	    T(test_overlap_refused_unchanged),
	    T(test_overlap_across_levels),
	    T(test_misaligned),
	    T(test_out_of_range),
	    T(test_pool_exhaustion),
	    T(test_start_level_0),
	    T(test_start_level_2),
	    T(test_result_str),
	};

	return UNIT_RUN("s2", tests);
}
