// SPDX-License-Identifier: Apache-2.0
/* The bare-metal guest runtime (see guest.h). */
#include <stdarg.h>
#include <bulkhead/fmt.h>
#include "guest.h"

volatile bool g_expect_fault;
volatile uint64_t g_fault_count;
volatile uint64_t g_last_esr;
volatile uint64_t g_last_far;
volatile uint64_t g_resume_at;

void g_putc(char c)
{
	volatile uint32_t *dr = (volatile uint32_t *)GUEST_UART;
	volatile uint32_t *fr = (volatile uint32_t *)(GUEST_UART + 0x18);

	while (*fr & (1U << 5)) {
	}
	*dr = (uint32_t)(uint8_t)c;
}

void g_printf(const char *fmt, ...)
{
	char buf[200];
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (const char *p = buf; *p != '\0'; p++)
		g_putc(*p);
}

uint64_t g_counter(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v));
	return v;
}

uint64_t g_counter_freq(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

uint64_t g_mpidr(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(v));
	return v;
}

unsigned g_current_el(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, CurrentEL" : "=r"(v));
	return (unsigned)((v >> 2) & 3);
}

void g_delay_ms(uint64_t ms)
{
	uint64_t end = g_counter() + g_counter_freq() / 1000 * ms;

	while (g_counter() < end) {
	}
}

int64_t g_hvc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "memory");
	return (int64_t)x0;
}

int64_t g_smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "memory");
	return (int64_t)x0;
}

uint64_t g_load_base(void)
{
	extern char _start[];

	return (uint64_t)(uintptr_t)_start; /* adrp: the run-time address */
}

int64_t g_phys_cpu(void)
{
	register uint64_t x0 __asm__("x0") = 0xC6000001U;
	register uint64_t x1 __asm__("x1") = 0;

	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1)
			 :
			 : "x2", "x3", "memory");
	return x0 == 0 ? (int64_t)x1 : -1;
}

void guest_exception(uint64_t kind, uint64_t *frame);

/* Default for guests that take no interrupts: an IRQ is unexpected. */
__attribute__((weak)) bool guest_irq(void)
{
	return false;
}

void guest_exception(uint64_t kind, uint64_t *frame)
{
	uint64_t esr, far, elr;

	(void)frame;
	/* IRQ from the current EL (slot 1 with SP_EL0, 5 with SP_ELx). */
	if ((kind == 1 || kind == 5) && guest_irq())
		return;
	__asm__ volatile("mrs %0, esr_el1" : "=r"(esr));
	__asm__ volatile("mrs %0, far_el1" : "=r"(far));
	__asm__ volatile("mrs %0, elr_el1" : "=r"(elr));
	g_fault_count++;
	g_last_esr = esr;
	g_last_far = far;
	if (g_expect_fault && (kind == 4 || kind == 0)) {
		uint64_t pc = g_resume_at != 0 ? g_resume_at : elr + 4;

		g_resume_at = 0;
		__asm__ volatile("msr elr_el1, %0" : : "r"(pc));
		return;
	}
	g_printf("BH-EXC kind=%llu esr=0x%llx far=0x%llx elr=0x%llx\n",
		 (unsigned long long)kind, (unsigned long long)esr,
		 (unsigned long long)far, (unsigned long long)elr);
	for (;;)
		__asm__ volatile("wfi");
}

/* Default for guests that do not start secondaries. */
__attribute__((weak)) void guest_secondary_main(uint64_t context)
{
	(void)context;
}
