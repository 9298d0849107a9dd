/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The libFuzzer harnesses' input decoder: the input is a byte stream read
 * front to back as a sequence of operations.  Reading past the end yields
 * zeros, and fz_done() tells a harness to stop.  FZ_CHECK is an invariant
 * check that survives NDEBUG and aborts (libFuzzer then saves the input).
 */
#ifndef BULKHEAD_FUZZ_INPUT_H
#define BULKHEAD_FUZZ_INPUT_H

#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct fz_in {
	const uint8_t *p;
	size_t len, pos;
};

static inline struct fz_in fz_init(const uint8_t *p, size_t len)
{
	return (struct fz_in){.p = p, .len = len, .pos = 0};
}

static inline int fz_done(const struct fz_in *in)
{
	return in->pos >= in->len;
}

static inline uint8_t fz_u8(struct fz_in *in)
{
	return in->pos < in->len ? in->p[in->pos++] : 0;
}

static inline uint16_t fz_u16(struct fz_in *in)
{
	uint16_t lo = fz_u8(in);

	return (uint16_t)(lo | (uint16_t)(fz_u8(in) << 8));
}

static inline uint32_t fz_u32(struct fz_in *in)
{
	uint32_t lo = fz_u16(in);

	return lo | ((uint32_t)fz_u16(in) << 16);
}

static inline uint64_t fz_u64(struct fz_in *in)
{
	uint64_t lo = fz_u32(in);

	return lo | ((uint64_t)fz_u32(in) << 32);
}

/* One of the n entries of a table. */
#define FZ_PICK(in, table)                                                     \
	((table)[fz_u8(in) % (sizeof(table) / sizeof((table)[0]))])

/* A 64-bit value, often a small one or one with few bits, since those are
 * what registers decode specially. */
static inline uint64_t fz_value(struct fz_in *in)
{
	switch (fz_u8(in) & 3U) {
	case 0:
		return fz_u8(in);
	case 1:
		return fz_u32(in);
	case 2:
		return UINT64_C(1) << (fz_u8(in) & 63U);
	default:
		return fz_u64(in);
	}
}

#define FZ_CHECK(cond, ...)                                                    \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr,                                        \
				"%s:%d: invariant failed: %s: ", __FILE__,     \
				__LINE__, #cond);                              \
			fprintf(stderr, __VA_ARGS__);                          \
			fputc('\n', stderr);                                   \
			abort();                                               \
		}                                                              \
	} while (0)

/* -std=c11 hides these Linux flags; their values are the kernel ABI. */
#ifndef MAP_ANONYMOUS
#define MAP_ANONYMOUS 0x20
#endif
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

/*
 * Give a partition's "physical" RAM a host mapping at the same address: the
 * core scrubs and reloads RAM on a restart through identity pointers
 * (page.h), as the hypervisor does.  Idempotent.
 */
static inline void fz_map_ram(uint64_t pa, uint64_t size)
{
	void *want = (void *)(uintptr_t)pa;
	void *p =
	    mmap(want, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (p == want)
		return;
	if (p == MAP_FAILED && errno == EEXIST)
		return;
	abort();
}

#endif /* BULKHEAD_FUZZ_INPUT_H */
