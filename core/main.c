// SPDX-License-Identifier: Apache-2.0
/*
 * Boot flow (docs/architecture.md):
 *   boot.S    EL check, stack, bss, VBAR_EL2            (boot core)
 *   boot_main console, config check, EL2 MMU, GIC,
 *             partitions built, banner, secondaries started
 *   boot_secondary  MMU, GIC CPU interface          (other cores)
 *   cpu_enter each core runs its vCPU or parks
 */
#include <bulkhead/arch.h>
#include <bulkhead/boot.h>
#include <bulkhead/console.h>
#include <bulkhead/log.h>
#include <bulkhead/page.h>
#include <bulkhead/panic.h>
#include <bulkhead/part.h>
#include <bulkhead/plat.h>
#include <bulkhead/vgic.h>

#define HYP_POOL_PAGES 256U
/* make HYP_TEST_PANIC=1 sets it; see test_panic(). */
#ifndef BULKHEAD_TEST_PANIC
#define BULKHEAD_TEST_PANIC 0
#endif

extern struct vcpu vcpus[CFG_MAX_CPUS];

static uint8_t pool_pages[HYP_POOL_PAGES * PAGE_SIZE]
    __attribute__((aligned(4096)));
struct page_pool hyp_pool;

void log_enable_smp(void);

static _Noreturn void cpu_enter(unsigned cpu)
{
	struct vcpu *v = vcpu_of_cpu(cpu);

	if (v != NULL) {
		vgic_cpu_init(v);
		vcpu_wait_and_run(v);
	}
	log_printf("core %u: no partition, parked", cpu);
	arch_cpu_park();
}

static void check_config(void)
{
	struct config_error err;

	if (!config_check(&cfg_system, &err))
		panic("config '%s' failed its check: %s", cfg_system.name,
		      err.msg);
}

/*
 * Console input: the board UART's receive interrupt is taken at EL2 on a
 * core of the focused partition (console_input_follow(), from
 * console_init() and at every focus change) and fed to the console
 * multiplexer (core/console.c), which hands bytes to that partition's
 * virtual UART.
 */
static void console_input_init(void)
{
	uint32_t intid = cfg_system.board->uart_intid;

	console_init();
	if (intid < 32)
		return;
	arch_gic_hw_priority(0, intid, 0xa0);
	arch_gic_hw_enable(0, intid, true);
	plat_console_enable_rx_irq();
}

/*
 * Test builds only (make HYP_TEST_PANIC=1): a hypervisor bug on purpose.
 * Once the other cores run their guests, the boot core reads an address
 * its EL2 tables do not map: the exception vector must report it and stop
 * every core.
 */
static void test_panic(void)
{
	uint64_t until = arch_counter() + arch_counter_freq() / 2U;

	while (arch_counter() < until) {
	}
	log_printf("test: reading unmapped EL2 address 0x7ffffff000");
	(void)*(volatile uint64_t *)(uintptr_t)UINT64_C(0x7ffffff000);
}

static void start_secondaries(void)
{
	const struct cfg_board *b = cfg_system.board;

	for (unsigned cpu = 1; cpu < b->cpu_count; cpu++) {
		if (vcpu_of_cpu(cpu) == NULL)
			continue;
		if (!arch_cpu_start(cpu))
			log_printf("core %u: failed to start; its partition "
				   "runs without it",
				   cpu);
	}
}

_Noreturn void boot_main(uint64_t boot_dtb)
{
	const struct cfg_board *b = cfg_system.board;
	char cpu_desc[128];

	plat_console_init(b->uart_base);
	log_printf("Bulkhead " BULKHEAD_VERSION " on %s, config '%s'", b->name,
		   cfg_system.name);
	check_config();
	boot_cpu_init(0);
	log_enable_smp();
	arch_describe_cpu(cpu_desc, sizeof(cpu_desc));
	log_printf("cpu: %s; boot DTB at 0x%llx (not used)", cpu_desc,
		   (unsigned long long)boot_dtb);
	log_printf("gic: %s", arch_irq_describe());
	page_pool_init(&hyp_pool, pool_pages, HYP_POOL_PAGES);
	part_init_all();
	part_print_banner();
	console_input_init();
	log_printf("%u partitions on %u cores, %llu table pages used",
		   part_count(), b->cpu_count,
		   (unsigned long long)page_pool_used(&hyp_pool));
	start_secondaries();
	if (BULKHEAD_TEST_PANIC)
		test_panic();
	cpu_enter(0);
}

_Noreturn void boot_secondary(unsigned cpu)
{
	boot_cpu_init(cpu);
	cpu_enter(cpu);
}

void boot_cpu_init(unsigned cpu)
{
	vcpus[cpu].cpu = cpu;
	arch_cpu_init(cpu, &vcpus[cpu]);
}
