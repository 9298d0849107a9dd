/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The memory functions the hypervisor provides for itself (core/string.c;
 * the host's libc in unit tests).  Standard prototypes: the compiler may
 * also call them on its own for struct copies.
 */
#ifndef BULKHEAD_MEM_H
#define BULKHEAD_MEM_H

#include <stddef.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#endif /* BULKHEAD_MEM_H */
