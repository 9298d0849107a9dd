// SPDX-License-Identifier: Apache-2.0
/* Per-core services: identity, counters, caches, start/park, banner. */
#include <bulkhead/boot.h>
#include <bulkhead/config.h>
#include <bulkhead/fmt.h>
#include <bulkhead/log.h>
#include <bulkhead/plat.h>
#include <bulkhead/vcpu.h>
#include "priv/arch_priv.h"
#include "priv/sysreg.h"

extern uint8_t hyp_stacks[];
extern const uint8_t secondary_entry[];
extern const uint8_t secondary_entry_spin[];

/* MPIDR of each core for secondary_entry_spin (boot.S), which has no other
 * way to learn its core index: the spin table passes x0 = 0. */
uint64_t spin_mpidr[CFG_MAX_CPUS];

unsigned arch_cpu_index(void)
{
	const struct vcpu *self = (const struct vcpu *)read_tpidr_el2();

	return self != NULL ? self->cpu : 0;
}

uint64_t arch_cpu_mpidr(void)
{
	return read_mpidr_el1() & MPIDR_AFF_MASK;
}

/*
 * The hypervisor's timer: CNTHP_EL2 (Arm ARM D11.2, its PPI 26 enabled at
 * the GIC for the hypervisor, see gic.c).  One deadline per core, 0 when
 * disarmed; only the core itself touches its entry.
 */
static uint64_t timer_deadline[CFG_MAX_CPUS];

static void timer_program(uint64_t cval)
{
	if (cval == 0) {
		write_cnthp_ctl_el2(0);
	} else {
		write_cnthp_cval_el2(cval);
		write_cnthp_ctl_el2(CNTHP_CTL_ENABLE);
	}
	isb();
}

void arch_timer_set(uint64_t deadline)
{
	unsigned cpu = arch_cpu_index();

	timer_deadline[cpu] = deadline == UINT64_MAX ? 0 : deadline;
	timer_program(timer_deadline[cpu]);
}

void arch_timer_silence(void)
{
	write_cnthp_ctl_el2(0);
	isb();
}

bool arch_timer_expired(void)
{
	unsigned cpu = arch_cpu_index();
	uint64_t d = timer_deadline[cpu];

	if (d == 0)
		return false;
	if (arch_counter() >= d) {
		arch_timer_set(UINT64_MAX);
		return true;
	}
	timer_program(d); /* early: wait on */
	return false;
}

/*
 * Wait for another core to change something (it then sends an event).
 * QEMU's TCG implements WFE as a yield: a core waiting in a WFE loop
 * spins, and on a small host starves the cores that run guests.  So the
 * wait is a WFI with the hypervisor's timer as a 1 ms alarm (or earlier,
 * at the core's own deadline): cheap in QEMU and on hardware alike, at
 * the price of up to 1 ms of reaction time.  WFI wakes on the pending
 * timer even with interrupts masked (Arm ARM D1.6.2).
 */
void arch_wait_event(void)
{
	unsigned cpu = arch_cpu_index();
	uint64_t alarm = read_cntpct_el0() + read_cntfrq_el0() / 1000U;
	uint64_t d = timer_deadline[cpu];

	timer_program(d != 0 && d < alarm ? d : alarm);
	__asm__ volatile("wfi" ::: "memory");
	timer_program(d);
}

/* The same WFI with the hypervisor's timer set for the wake-up (or for the
 * core's own deadline, if that comes first: then the loop sleeps on). */
void arch_wait_until(uint64_t counter)
{
	unsigned cpu = arch_cpu_index();
	uint64_t d = timer_deadline[cpu];

	while (read_cntpct_el0() < counter) {
		timer_program(d != 0 && d < counter && d > read_cntpct_el0()
				  ? d
				  : counter);
		__asm__ volatile("wfi" ::: "memory");
	}
	timer_program(d);
}

void arch_send_event(void)
{
	__asm__ volatile("dsb ish\n\tsev" ::: "memory");
}

/*
 * WFI wakes on any pending interrupt, masked or not (Arm ARM D1.6.2), so a
 * parked core must not leave one asserted, or it spins instead of sleeping
 * and, under QEMU's icount, eats the other cores' share of time.  The
 * stopped guest's EL1 timers (level-triggered PPIs) go off, and so does
 * the virtual CPU interface, whose maintenance interrupt could be high.
 */
_Noreturn void arch_cpu_park(void)
{
	__asm__ volatile("msr daifset, #0xf" ::: "memory");
	write_cntv_ctl_el0(0);
	write_cntp_ctl_el0(0);
	arch_timer_silence();
	gic_cpu_quiesce();
	for (;;)
		__asm__ volatile("wfi" ::: "memory");
}

uint64_t arch_counter(void)
{
	isb();
	return read_cntpct_el0();
}

uint64_t arch_counter_freq(void)
{
	return read_cntfrq_el0();
}

void arch_dcache_clean_range(struct vaddr va, uint64_t len)
{
	/* 64 bytes is the smallest line on the cores we support; CTR_EL0
	 * could tell the exact size, but a smaller stride is always safe. */
	for (uint64_t a = ALIGN_DOWN(va_addr(va), 64); a < va_addr(va) + len;
	     a += 64)
		__asm__ volatile("dc civac, %0" : : "r"(a) : "memory");
	dsb_sy();
}

void arch_icache_invalidate_all(void)
{
	__asm__ volatile("ic ialluis\n\tdsb ish\n\tisb" ::: "memory");
}

static const char *cpu_name(uint64_t midr)
{
	uint64_t impl = (midr >> MIDR_IMPL_SHIFT) & MIDR_IMPL_MASK;
	uint64_t part = (midr >> MIDR_PARTNUM_SHIFT) & MIDR_PARTNUM_MASK;

	if (impl != 0x41)
		return impl == 0 ? "QEMU max" : "non-Arm core";
	switch (part) {
	case 0xd03:
		return "Cortex-A53";
	case 0xd07:
		return "Cortex-A57";
	case 0xd08:
		return "Cortex-A72";
	case 0xd0b:
		return "Cortex-A76";
	default:
		return "Arm core";
	}
}

void arch_describe_cpu(char *buf, uint64_t len)
{
	uint64_t midr = read_midr_el1();
	struct s2_geometry g = arch_s2_geometry();

	fmt_snprintf(buf, len,
		     "%s (MIDR 0x%llx), PA %u bits, guest IPA %u bits, "
		     "counter %llu Hz",
		     cpu_name(midr), (unsigned long long)midr, arch_pa_bits(),
		     g.ipa_bits, (unsigned long long)arch_counter_freq());
}

uint8_t *arch_stack_top(unsigned cpu)
{
	return hyp_stacks + (uint64_t)(cpu + 1) * HYP_STACK_BYTES;
}

void arch_cpu_init(unsigned cpu, struct vcpu *self)
{
	write_tpidr_el2((uint64_t)(uintptr_t)self);
	arch_mmu_enable(cpu == 0);
	if (cpu == 0)
		arch_irq_init_boot();
	arch_irq_init_cpu();
}

/* PSCI CPU_ON (Arm DEN 0022 5.1.4) to firmware over SMC. */
static int64_t psci_fw_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t ctx)
{
	register uint64_t x0 __asm__("x0") = 0xc4000003;
	register uint64_t x1 __asm__("x1") = mpidr;
	register uint64_t x2 __asm__("x2") = entry;
	register uint64_t x3 __asm__("x3") = ctx;

	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "memory");
	return (int64_t)x0;
}

/* Spin table (Linux Documentation/arch/arm64/booting.rst, 4c): write the
 * entry to the release address, make it visible, wake the core. */
static bool spin_table_release(unsigned cpu, uint64_t entry)
{
	const struct cfg_board *b = cfg_system.board;
	volatile uint64_t *rel = (uint64_t *)(uintptr_t)b->spin_release[cpu];

	spin_mpidr[cpu] = b->cpu_mpidr[cpu] & MPIDR_AFF_MASK;
	arch_dcache_clean_range(va_init((uint64_t)(uintptr_t)&spin_mpidr[cpu]),
				sizeof(spin_mpidr[cpu]));
	*rel = entry;
	arch_dcache_clean_range(va_init(b->spin_release[cpu]), 8);
	arch_send_event();
	return true;
}

bool arch_cpu_start(unsigned cpu)
{
	const struct cfg_board *b = cfg_system.board;
	uint64_t entry = (uint64_t)(uintptr_t)secondary_entry;
	int64_t r;

	if (b->smp == SMP_SPIN_TABLE)
		return spin_table_release(
		    cpu, (uint64_t)(uintptr_t)secondary_entry_spin);
	r = psci_fw_cpu_on(b->cpu_mpidr[cpu] & MPIDR_AFF_MASK, entry, cpu);
	if (r != 0)
		log_printf("core %u: PSCI CPU_ON returned %lld", cpu,
			   (long long)r);
	return r == 0;
}

/* Called from boot.S when the image was not entered at EL2. */
void boot_wrong_el(uint64_t el);

void boot_wrong_el(uint64_t el)
{
	plat_console_init(cfg_system.board->uart_base);
	log_printf("entered at EL%llu, but Bulkhead must be started at EL2.",
		   (unsigned long long)el);
	log_printf(el < 2 ? "QEMU: use -M virt,virtualization=on; firmware: "
			    "boot the image at EL2 (HYP mode)"
			  : "EL3: let firmware (TF-A, U-Boot) drop to EL2 "
			    "first");
	log_printf("halted");
}
