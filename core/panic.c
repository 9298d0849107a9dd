// SPDX-License-Identifier: Apache-2.0
/* Panic: a hypervisor invariant is broken.  Report, stop everything. */
#include <stdarg.h>
#include <bulkhead/arch.h>
#include <bulkhead/fmt.h>
#include <bulkhead/log.h>
#include <bulkhead/panic.h>

_Noreturn void panic(const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_printf("PANIC on core %u: %s", arch_cpu_index(), msg);
	arch_backtrace();
	log_printf("PANIC: hypervisor halted");
	arch_cpu_park();
}
