// SPDX-License-Identifier: Apache-2.0
/* Panic: a hypervisor invariant is broken.  Report, stop everything. */
#include <stdarg.h>
#include <bulkhead/arch.h>
#include <bulkhead/config.h>
#include <bulkhead/fmt.h>
#include <bulkhead/log.h>
#include <bulkhead/panic.h>
#include <bulkhead/vcpu.h>

static bool panicking;

bool panic_in_progress(void)
{
	return __atomic_load_n(&panicking, __ATOMIC_ACQUIRE);
}

void panic_stop_others(void)
{
	unsigned self = arch_cpu_index();

	__atomic_store_n(&panicking, true, __ATOMIC_RELEASE);
	for (unsigned cpu = 0; cpu < cfg_system.board->cpu_count; cpu++)
		if (cpu != self && vcpu_of_cpu(cpu) != NULL)
			arch_irq_send_sgi(cpu, HYP_SGI_STOP);
	arch_send_event(); /* cores waiting for a CPU_ON look again */
}

_Noreturn void panic(const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_printf("PANIC on core %u: %s", arch_cpu_index(), msg);
	arch_backtrace();
	panic_stop_others();
	log_printf("PANIC: hypervisor halted, all cores stopped");
	arch_cpu_park();
}
