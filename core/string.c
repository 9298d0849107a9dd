// SPDX-License-Identifier: Apache-2.0
/*
 * The few libc memory functions the compiler may call even in freestanding
 * code (GCC emits memset/memcpy for struct assignments and large copies).
 */
#include <bulkhead/mem.h>
#include <bulkhead/types.h>

/* Whole 64-bit words where both ends allow it: partition images (a Linux
 * kernel is ~27 MiB) and whole partitions' RAM go through here. */
void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;
	size_t i = 0;

	if (IS_ALIGNED((uint64_t)(uintptr_t)d, 8)) {
		uint64_t w = (uint8_t)c * UINT64_C(0x0101010101010101);

		for (; i + 8 <= n; i += 8)
			*(uint64_t *)(void *)(d + i) = w;
	}
	for (; i < n; i++)
		d[i] = (uint8_t)c;
	return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	size_t i = 0;

	if (IS_ALIGNED((uint64_t)(uintptr_t)d | (uint64_t)(uintptr_t)s, 8))
		for (; i + 8 <= n; i += 8)
			*(uint64_t *)(void *)(d + i) =
			    *(const uint64_t *)(const void *)(s + i);
	for (; i < n; i++)
		d[i] = s[i];
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if (d < s)
		return memcpy(dst, src, n);
	while (n-- > 0)
		d[n] = s[n];
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;

	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}
