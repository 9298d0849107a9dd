/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Stage-2 translation tables: the generic walker.  PTE encodings come from
 * the arch layer (arch_s2_pte_*), table pages from the page pool.
 */
#ifndef BULKHEAD_S2_H
#define BULKHEAD_S2_H

#include <bulkhead/arch.h>
#include <bulkhead/types.h>

struct s2_table {
	struct s2_geometry geo;
	uint64_t *root; /* root_pages concatenated pages */
	struct paddr root_pa;
	uint64_t
	    blocks[4]; /* leaf entries written per level, for tests/banner */
};

enum s2_result {
	S2_OK = 0,
	S2_ENOMEM, /* the page pool is exhausted */
	S2_EOVERLAP, /* part of the range is already mapped */
	S2_EALIGN, /* ipa, pa or size not page aligned */
	S2_ERANGE, /* beyond the IPA space */
};

/* Initialise an empty table with the given geometry. */
enum s2_result s2_init(struct s2_table *t, struct s2_geometry geo);
/*
 * Map [ipa, ipa+size) to [pa, pa+size).  Uses 1 GiB and 2 MiB blocks
 * wherever ipa, pa and the remaining size allow, 4 KiB pages elsewhere.
 * Refuses to replace an existing mapping.
 */
enum s2_result s2_map(struct s2_table *t, struct ipaddr ipa, struct paddr pa,
		      uint64_t size, enum s2_mem_type type);
/* Look up ipa: true and *pa set if mapped. */
bool s2_translate(const struct s2_table *t, struct ipaddr ipa,
		  struct paddr *pa);
const char *s2_result_str(enum s2_result r);

#endif /* BULKHEAD_S2_H */
