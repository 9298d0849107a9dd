// SPDX-License-Identifier: Apache-2.0
/* The boot-time page pool for translation tables (see page.h). */
#include <bulkhead/mem.h>
#include <bulkhead/page.h>

void page_pool_init(struct page_pool *pool, void *base, uint64_t page_count)
{
	pool->base = base;
	pool->page_count = page_count;
	pool->next = 0;
}

void *page_alloc(struct page_pool *pool, uint64_t n)
{
	uint64_t first;
	uint8_t *p;

	if (n == 0 || (n & (n - 1)) != 0)
		return NULL;
	/* Align the page index (the pool base itself is page aligned and the
	 * callers need alignment to n pages relative to PA 0). */
	first = pool->next;
	while (!IS_ALIGNED(
	    ((uint64_t)(uintptr_t)pool->base >> PAGE_SHIFT) + first, n))
		first++;
	if (first + n > pool->page_count)
		return NULL;
	p = pool->base + first * PAGE_SIZE;
	pool->next = first + n;
	memset(p, 0, n * PAGE_SIZE);
	return p;
}

uint64_t page_pool_used(const struct page_pool *pool)
{
	return pool->next;
}
