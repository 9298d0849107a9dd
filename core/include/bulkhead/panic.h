/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Panic: only for broken hypervisor invariants, never for anything a guest
 * can cause.  Prints the message, this core's registers and a backtrace,
 * stops the other cores and parks.
 */
#ifndef BULKHEAD_PANIC_H
#define BULKHEAD_PANIC_H

_Noreturn void panic(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* Print a frame-pointer backtrace of the current EL2 stack. */
void arch_backtrace(void);

#define BUG_ON(cond)                                                           \
	do {                                                                   \
		if (cond)                                                      \
			panic("BUG_ON(%s) at %s:%d", #cond, __FILE__,          \
			      __LINE__);                                       \
	} while (0)

#endif /* BULKHEAD_PANIC_H */
