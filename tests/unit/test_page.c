// SPDX-License-Identifier: Apache-2.0
/*
 * core/page.c: the boot-time page pool.  Each test gets a buffer aligned to
 * 64 pages and may start the pool a few pages into it, so that the
 * alignment page_alloc must add is known exactly.
 */
#include <stdlib.h>

#include <bulkhead/page.h>

#include "unit.h"

#define BUF_PAGES 64U
#define BUF_ALIGN (BUF_PAGES * PAGE_SIZE)
#define DIRT 0xa5

static uint8_t *buf;
static struct page_pool pool;

static int setup(void **state)
{
	(void)state;
	buf = aligned_alloc(BUF_ALIGN, BUF_PAGES * PAGE_SIZE);
	if (buf == NULL)
		return -1;
	/* Dirty, so that zeroing by page_alloc is observable. */
	memset(buf, DIRT, BUF_PAGES * PAGE_SIZE);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(buf);
	return 0;
}

/* A pool of `pages` pages that starts `skew` pages into the buffer. */
static void pool_at(unsigned skew, uint64_t pages)
{
	page_pool_init(&pool, buf + skew * PAGE_SIZE, pages);
}

static void assert_all(const uint8_t *p, uint8_t v, uint64_t bytes)
{
	for (uint64_t i = 0; i < bytes; i++)
		if (p[i] != v)
			fail_msg("byte %llu is 0x%02x, expected 0x%02x",
				 (unsigned long long)i, p[i], v);
}

static uint8_t *page(unsigned index)
{
	return buf + index * PAGE_SIZE;
}

static void test_init(void **state)
{
	(void)state;
	pool_at(0, 10);
	assert_ptr_equal(pool.base, buf);
	assert_int_equal(pool.page_count, 10);
	assert_int_equal(page_pool_used(&pool), 0);
}

static void test_single_pages_in_order_and_zeroed(void **state)
{
	(void)state;
	pool_at(0, 8);
	for (unsigned i = 0; i < 3; i++) {
		uint8_t *p = page_alloc(&pool, 1);

		assert_ptr_equal(p, page(i));
		assert_all(p, 0, PAGE_SIZE);
		assert_int_equal(page_pool_used(&pool), i + 1);
	}
	/* Pages not handed out are not touched. */
	assert_all(page(3), DIRT, PAGE_SIZE);
}

static void test_bad_counts(void **state)
{
	(void)state;
	pool_at(0, 8);
	assert_null(page_alloc(&pool, 0));
	assert_null(page_alloc(&pool, 3));
	assert_null(page_alloc(&pool, 6));
	assert_int_equal(page_pool_used(&pool), 0);
}

/* Alignment is to n pages of the address, not of the pool index. */
static void test_multi_page_alignment(void **state)
{
	uint8_t *p;

	(void)state;
	pool_at(1, 32); /* pool index 0 is buffer page 1 */
	p = page_alloc(&pool, 2);
	assert_ptr_equal(p, page(2));
	assert_true(IS_ALIGNED((uintptr_t)p, 2 * PAGE_SIZE));
	assert_int_equal(page_pool_used(&pool), 3);
	assert_all(p, 0, 2 * PAGE_SIZE);
	/* The skipped page is neither handed out nor zeroed. */
	assert_all(page(1), DIRT, PAGE_SIZE);

	p = page_alloc(&pool, 4);
	assert_ptr_equal(p, page(4));
	assert_true(IS_ALIGNED((uintptr_t)p, 4 * PAGE_SIZE));
	assert_int_equal(page_pool_used(&pool), 7);

	p = page_alloc(&pool, 16);
	assert_ptr_equal(p, page(16));
	assert_true(IS_ALIGNED((uintptr_t)p, 16 * PAGE_SIZE));
	assert_int_equal(page_pool_used(&pool), 31);
	assert_all(page(8), DIRT, 8 * PAGE_SIZE);
	assert_all(p, 0, 16 * PAGE_SIZE);

	/* A single page fills the last slot. */
	assert_ptr_equal(page_alloc(&pool, 1), page(32));
	assert_int_equal(page_pool_used(&pool), 32);
}

static void test_exhaustion(void **state)
{
	(void)state;
	pool_at(0, 4);
	assert_ptr_equal(page_alloc(&pool, 4), page(0));
	assert_null(page_alloc(&pool, 1));
	assert_int_equal(page_pool_used(&pool), 4);
	/* Nothing outside the pool was zeroed. */
	assert_all(page(4), DIRT, PAGE_SIZE);
}

/* Alignment padding that would overrun the pool fails without using it. */
static void test_exhaustion_by_alignment(void **state)
{
	(void)state;
	pool_at(1, 4);
	assert_null(page_alloc(&pool, 4));
	assert_int_equal(page_pool_used(&pool), 0);
	assert_all(page(1), DIRT, 4 * PAGE_SIZE);
	assert_ptr_equal(page_alloc(&pool, 2), page(2));
	assert_ptr_equal(page_alloc(&pool, 1), page(4));
	assert_null(page_alloc(&pool, 1));
}

static void test_empty_pool(void **state)
{
	(void)state;
	pool_at(0, 0);
	assert_null(page_alloc(&pool, 1));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_init),	T(test_single_pages_in_order_and_zeroed),
	    T(test_bad_counts), T(test_multi_page_alignment),
	    T(test_exhaustion), T(test_exhaustion_by_alignment),
	    T(test_empty_pool),
	};

	return UNIT_RUN("page", tests);
}
