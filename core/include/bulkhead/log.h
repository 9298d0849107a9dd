/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hypervisor log.  Every line starts with "bulkhead: " so that it can be told
 * apart from partition output ("[name] ...") on the shared console.
 * ERROR is for hypervisor bugs and bad configs only; guest misbehaviour is
 * counted and rate-limited by the fault code, never logged unbounded.
 */
#ifndef BULKHEAD_LOG_H
#define BULKHEAD_LOG_H

#include <bulkhead/types.h>

void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Raw output, no prefix; the caller holds no console lock. */
void log_raw(const char *s);
/* A partition's complete output line, tagged with its name. */
void log_part_line(const char *part, const char *line, size_t len);

#define pr_info(...) log_printf(__VA_ARGS__)

#endif /* BULKHEAD_LOG_H */
