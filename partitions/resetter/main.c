// SPDX-License-Identifier: Apache-2.0
/*
 * Restart guest: prints a boot line, runs for a while, then asks to be
 * reset.  Its RAM is scrubbed at every restart, so it cannot count its own
 * boots: the hypervisor's "restart N" lines do that.
 *
 *   BH-RESET boot mpidr=0x<mpidr> pcpu=<core> cnt=<virtual counter>
 *   BH-RESET reset            (then PSCI SYSTEM_RESET over HVC)
 *
 * Built with -DRESETTER_FAULT=1 it writes an address it does not own
 * instead, to exercise fault policy "restart":
 *
 *   BH-RESET fault addr=0x<addr>
 *
 * With -DRESETTER_SMP=1 vCPU 0 switches on vCPU 1 and keeps running, and it
 * is vCPU 1 that resets or faults: the restart then starts on a secondary
 * core and must pull vCPU 0 out of its guest.
 *
 *   BH-RESET secondary mpidr=0x<mpidr> pcpu=<core>
 */
#include "guest.h"

#define PSCI_SYSTEM_RESET 0x84000009UL
#define RUN_MS 200U
/* QEMU virt flash bank 1: never part of a partition. */
#define UNOWNED_ADDR 0x04000000UL

#define PSCI_CPU_ON_64 0xC4000003UL

#ifndef RESETTER_FAULT
#define RESETTER_FAULT 0
#endif
#ifndef RESETTER_SMP
#define RESETTER_SMP 0
#endif

/* A fresh guest: its .data must hold its initial value, not one we left. */
static volatile unsigned boots_seen = 0;

static void crash(void)
{
	g_printf("BH-RESET fault addr=0x%lx\n", UNOWNED_ADDR);
	*(volatile uint32_t *)UNOWNED_ADDR = 0xdeadU;
}

static void reset(void)
{
	int64_t r;

	g_printf("BH-RESET reset\n");
	r = g_hvc(PSCI_SYSTEM_RESET, 0, 0, 0);
	g_printf("BH-RESET reset-returned ret=%lld\n", (long long)r);
}

/* Run a while, then end this guest the configured way. */
static void run_then_end(void)
{
	g_delay_ms(RUN_MS);
	if (RESETTER_FAULT)
		crash();
	else
		reset();
}

void guest_secondary_main(uint64_t context)
{
	(void)context;
	g_printf("BH-RESET secondary mpidr=0x%llx pcpu=%lld\n",
		 (unsigned long long)g_mpidr(), (long long)g_phys_cpu());
	run_then_end();
}

static void start_secondary(void)
{
	int64_t r = g_hvc(PSCI_CPU_ON_64, 1,
			  (uint64_t)(uintptr_t)&guest_secondary_start, 0);

	if (r != 0)
		g_printf("BH-RESET cpu_on failed ret=%lld\n", (long long)r);
}

void guest_main(uint64_t dtb)
{
	(void)dtb;
	boots_seen++;
	g_printf("BH-RESET boot mpidr=0x%llx pcpu=%lld cnt=%llu seen=%u\n",
		 (unsigned long long)g_mpidr(), (long long)g_phys_cpu(),
		 (unsigned long long)g_counter(), boots_seen);
	if (RESETTER_SMP)
		start_secondary();
	else
		run_then_end();
	for (;;)
		g_delay_ms(1000);
}
