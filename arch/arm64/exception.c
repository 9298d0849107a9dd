// SPDX-License-Identifier: Apache-2.0
/*
 * An exception taken from EL2 itself is always a hypervisor bug: print the
 * saved registers, the decoded ESR and a backtrace, then halt.
 */
#include <bulkhead/fmt.h>
#include <bulkhead/log.h>
#include <bulkhead/panic.h>
#include "priv/arch_priv.h"
#include "priv/sysreg.h"

extern const uint8_t __image_start[], __image_end[];

/* Layout pushed by hyp_entry in vectors.S. */
struct hyp_frame {
	uint64_t x[30];
	uint64_t lr;
	uint64_t sp;
	uint64_t elr;
	uint64_t spsr;
};

_Static_assert(sizeof(struct hyp_frame) == 34 * 8,
	       "struct hyp_frame must match the 34-slot frame in vectors.S");

static const char *const kind_names[] = {
    "sync (SP_EL0)", "IRQ (SP_EL0)", "FIQ (SP_EL0)", "SError (SP_EL0)",
    "sync",	     "IRQ",	     "FIQ",	     "SError",
};

static bool in_image(uint64_t a)
{
	return a >= (uint64_t)(uintptr_t)__image_start &&
	       a < (uint64_t)(uintptr_t)__image_end;
}

/* AAPCS64 frame records: x29 points at {previous x29, return address}. */
static void backtrace_from(uint64_t fp, uint64_t pc)
{
	log_printf("backtrace:");
	log_printf("  #0 0x%llx", (unsigned long long)pc);
	for (unsigned depth = 1;
	     depth < 16 && fp != 0 && in_image(fp) && IS_ALIGNED(fp, 16);
	     depth++) {
		const uint64_t *rec = (const uint64_t *)(uintptr_t)fp;

		if (rec[1] == 0)
			break;
		log_printf("  #%u 0x%llx", depth,
			   (unsigned long long)(rec[1] - 4));
		fp = rec[0];
	}
	log_printf("(resolve with: make addr2line ADDR=<pc>)");
}

void arch_backtrace(void)
{
	uint64_t fp = (uint64_t)(uintptr_t)__builtin_frame_address(0);

	backtrace_from(fp, (uint64_t)(uintptr_t)&arch_backtrace);
}

void arch_hyp_exception(struct hyp_frame *f, uint64_t kind);

_Noreturn void arch_hyp_exception(struct hyp_frame *f, uint64_t kind)
{
	char esr[160];
	uint64_t e = read_esr_el2();

	esr_describe(e, esr, sizeof(esr));
	log_printf("PANIC: exception in the hypervisor: %s on core %u",
		   kind < ARRAY_SIZE(kind_names) ? kind_names[kind] : "?",
		   arch_cpu_index());
	log_printf("  esr 0x%llx: %s", (unsigned long long)e, esr);
	log_printf("  far 0x%llx  elr 0x%llx  spsr 0x%llx",
		   (unsigned long long)read_far_el2(),
		   (unsigned long long)f->elr, (unsigned long long)f->spsr);
	for (unsigned i = 0; i < 30; i += 2)
		log_printf("  x%02u %016llx  x%02u %016llx", i,
			   (unsigned long long)f->x[i], i + 1,
			   (unsigned long long)f->x[i + 1]);
	log_printf("  lr  %016llx  sp  %016llx", (unsigned long long)f->lr,
		   (unsigned long long)f->sp);
	backtrace_from(f->x[29], f->elr);
	panic_stop_others();
	log_printf("PANIC: hypervisor halted, all cores stopped");
	arch_cpu_park();
}
