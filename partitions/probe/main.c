// SPDX-License-Identifier: Apache-2.0
/*
 * Isolation probe: one scripted access to an address this partition does not
 * own.  Built per probe with -DPROBE_ADDR, -DPROBE_WRITE (0/1) and
 * -DPROBE_TARGET (a word naming what lives there).  Prints
 *
 *   BH-PROBE target=<what> op=<read|write> addr=0x<addr> start
 *
 * then accesses it.  Under the "stop" fault policy the hypervisor stops the
 * partition at the access, so nothing follows.  Under "inject" the abort
 * comes back to us and we print result=fault; result=reached means isolation
 * failed.
 */
#include "guest.h"

#ifndef PROBE_ADDR
#error "PROBE_ADDR must be defined"
#endif
#ifndef PROBE_TARGET
#define PROBE_TARGET "unknown"
#endif

void guest_main(uint64_t dtb)
{
	volatile uint32_t *p = (volatile uint32_t *)PROBE_ADDR;
	const char *op = PROBE_WRITE ? "write" : "read";
	uint32_t value = 0;

	(void)dtb;
	g_printf("BH-BOOT guest=probe mpidr=0x%llx el=%u\n",
		 (unsigned long long)g_mpidr(), g_current_el());
	g_delay_ms(300); /* let the victim print a few heartbeats first */
	g_printf("BH-PROBE target=%s op=%s addr=0x%lx start\n", PROBE_TARGET,
		 op, (unsigned long)PROBE_ADDR);
	g_expect_fault = true;
	if (PROBE_WRITE)
		*p = 0xdeadbeefU;
	else
		value = *p;
	g_expect_fault = false;
	g_printf("BH-PROBE target=%s op=%s addr=0x%lx result=%s "
		 "esr=0x%llx value=0x%x\n",
		 PROBE_TARGET, op, (unsigned long)PROBE_ADDR,
		 g_fault_count ? "fault" : "reached",
		 (unsigned long long)g_last_esr, value);
	for (;;)
		g_delay_ms(1000);
}
