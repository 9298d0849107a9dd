/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Basic types shared by the whole hypervisor.
 *
 * Physical, intermediate-physical and virtual addresses are distinct
 * one-member structs so that the compiler rejects a stage-2 mix-up (an IPA
 * passed where a PA is expected) instead of letting it map the wrong page.
 */
#ifndef BULKHEAD_TYPES_H
#define BULKHEAD_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct paddr {
	uint64_t pa;
};

struct ipaddr {
	uint64_t ipa;
};

struct vaddr {
	uint64_t va;
};

static inline struct paddr pa_init(uint64_t v)
{
	return (struct paddr){.pa = v};
}

static inline struct ipaddr ipa_init(uint64_t v)
{
	return (struct ipaddr){.ipa = v};
}

static inline struct vaddr va_init(uint64_t v)
{
	return (struct vaddr){.va = v};
}

static inline uint64_t pa_addr(struct paddr a)
{
	return a.pa;
}

static inline uint64_t ipa_addr(struct ipaddr a)
{
	return a.ipa;
}

static inline uint64_t va_addr(struct vaddr a)
{
	return a.va;
}

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define BIT(n) (UINT64_C(1) << (n))
#define KiB(n) ((uint64_t)(n) << 10)
#define MiB(n) ((uint64_t)(n) << 20)
#define GiB(n) ((uint64_t)(n) << 30)
#define IS_ALIGNED(x, a) (((x) & ((a)-1)) == 0)
#define ALIGN_UP(x, a) (((x) + ((a)-1)) & ~((uint64_t)(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a)-1))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define PAGE_SIZE UINT64_C(4096)
#define PAGE_SHIFT 12

/* True if [a, a+alen) and [b, b+blen) share at least one byte. */
static inline bool range_overlaps(uint64_t a, uint64_t alen, uint64_t b,
				  uint64_t blen)
{
	return alen != 0 && blen != 0 && a < b + blen && b < a + alen;
}

/* True if [inner, inner+ilen) lies entirely inside [outer, outer+olen). */
static inline bool range_contains(uint64_t outer, uint64_t olen, uint64_t inner,
				  uint64_t ilen)
{
	return inner >= outer && ilen <= olen && inner - outer <= olen - ilen;
}

#endif /* BULKHEAD_TYPES_H */
