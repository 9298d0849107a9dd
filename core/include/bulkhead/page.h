/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The page pool: a fixed array of zeroed 4 KiB pages for translation tables,
 * handed out at boot.  There is no free: the footprint is fixed after init.
 */
#ifndef BULKHEAD_PAGE_H
#define BULKHEAD_PAGE_H

#include <bulkhead/types.h>

struct page_pool {
	uint8_t *base;
	uint64_t page_count;
	uint64_t next; /* first page never handed out */
};

void page_pool_init(struct page_pool *pool, void *base, uint64_t page_count);
/* n contiguous zeroed pages aligned to n pages (n a power of two), or NULL. */
void *page_alloc(struct page_pool *pool, uint64_t n);
uint64_t page_pool_used(const struct page_pool *pool);

/* The hypervisor's own pool (in .bss). */
extern struct page_pool hyp_pool;

/* Identity: the hypervisor maps itself and all RAM with VA == PA. */
static inline struct paddr pa_of_ptr(const void *p)
{
	return pa_init((uint64_t)(uintptr_t)p);
}

static inline void *ptr_of_pa(struct paddr pa)
{
	return (void *)(uintptr_t)pa_addr(pa);
}

#endif /* BULKHEAD_PAGE_H */
