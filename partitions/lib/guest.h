/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The bare-metal guest runtime: console, counters, PSCI, and the report
 * format the system tests read.  Every machine-readable line starts with
 * "BH-" and a word naming its kind, followed by key=value pairs.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdint.h>
#include <stdbool.h>

#ifndef GUEST_UART
#define GUEST_UART 0x09000000UL
#endif

void guest_main(uint64_t dtb);
void guest_secondary_main(uint64_t context);
void guest_secondary_start(void);

void g_putc(char c);
void g_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

uint64_t g_counter(void); /* CNTVCT_EL0 */
uint64_t g_counter_freq(void); /* CNTFRQ_EL0 */
uint64_t g_mpidr(void);
unsigned g_current_el(void);
void g_delay_ms(uint64_t ms);

int64_t g_hvc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
int64_t g_smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
/* Address of a symbol at run time (we run wherever we were loaded). */
uint64_t g_load_base(void);
/* Physical core we run on, from Bulkhead's BH_HC_INFO hypercall (-1 if
 * there is no hypervisor answering). */
int64_t g_phys_cpu(void);

/* Exceptions: if g_expect_fault is set, a synchronous exception is recorded
 * in g_last_esr/g_last_far and the faulting instruction is skipped, or, if
 * g_resume_at is set, execution resumes there (once: it is cleared).  The
 * latter is for an instruction fetch that faults, where there is no next
 * instruction to skip to. */
extern volatile bool g_expect_fault;
extern volatile uint64_t g_fault_count;
extern volatile uint64_t g_last_esr;
extern volatile uint64_t g_last_far;
extern volatile uint64_t g_resume_at;

/* Interrupts: a guest that unmasks IRQs provides guest_irq(), called for an
 * IRQ taken at EL1; it returns false if it did not handle it (the runtime
 * then reports it as an unexpected exception and halts). */
bool guest_irq(void);

#endif /* GUEST_H */
