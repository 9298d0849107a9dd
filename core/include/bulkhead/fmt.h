/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A small, freestanding formatter.  Supports %s %c %d %i %u %x %X %p %%,
 * the l / ll / z length modifiers, '0' padding and a field width.
 */
#ifndef BULKHEAD_FMT_H
#define BULKHEAD_FMT_H

#include <stdarg.h>
#include <bulkhead/types.h>

/* Like vsnprintf: always NUL-terminates (if size > 0), returns the length
 * the full output would have had. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif /* BULKHEAD_FMT_H */
