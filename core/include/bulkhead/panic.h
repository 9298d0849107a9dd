/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Panic: only for broken hypervisor invariants, never for anything a guest
 * can cause.  Prints the message, this core's registers and a backtrace,
 * stops the other cores and parks.
 */
#ifndef BULKHEAD_PANIC_H
#define BULKHEAD_PANIC_H

#include <stdbool.h>

_Noreturn void panic(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* Stop every other core: they park at their next EL2 entry (an SGI makes
 * sure there is one) or as soon as they look at their vCPU's state. */
void panic_stop_others(void);
/* True once any core has panicked. */
bool panic_in_progress(void);

/* Print a frame-pointer backtrace of the current EL2 stack. */
void arch_backtrace(void);

#define BUG_ON(cond)                                                           \
	do {                                                                   \
		if (cond)                                                      \
			panic("BUG_ON(%s) at %s:%d", #cond, __FILE__,          \
			      __LINE__);                                       \
	} while (0)

#endif /* BULKHEAD_PANIC_H */
