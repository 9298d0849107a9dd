// SPDX-License-Identifier: Apache-2.0
/*
 * Heartbeat guest: fills a 64 KiB "precious" region 1 MiB into its RAM with
 * a known pattern, then prints a heartbeat every 100 ms with its MPIDR, its
 * exception level and a checksum of that region.  Another partition that
 * managed to write the region would change the checksum.
 *
 *   BH-HB n=<count> mpidr=0x<mpidr> pcpu=<core> el=<1> sum=0x<crc>
 */
#include "guest.h"

#define PRECIOUS_OFFSET 0x100000UL
#define PRECIOUS_WORDS (0x10000UL / 4)
#define PERIOD_MS 100U

static volatile uint32_t *precious(void)
{
	return (volatile uint32_t *)(g_load_base() + PRECIOUS_OFFSET);
}

static void fill(void)
{
	volatile uint32_t *p = precious();
	uint32_t x = 0x12345678U;

	for (unsigned long i = 0; i < PRECIOUS_WORDS; i++) {
		x = x * 1664525U + 1013904223U;
		p[i] = x;
	}
}

static uint32_t checksum(void)
{
	volatile uint32_t *p = precious();
	uint32_t sum = 0;

	for (unsigned long i = 0; i < PRECIOUS_WORDS; i++)
		sum = (sum << 5 | sum >> 27) ^ p[i];
	return sum;
}

void guest_main(uint64_t dtb)
{
	uint64_t next = g_counter();
	uint64_t period = g_counter_freq() / 1000U * PERIOD_MS;

	int64_t pcpu = g_phys_cpu();

	fill();
	g_printf("BH-BOOT guest=heartbeat mpidr=0x%llx el=%u dtb=0x%llx "
		 "base=0x%llx\n",
		 (unsigned long long)g_mpidr(), g_current_el(),
		 (unsigned long long)dtb, (unsigned long long)g_load_base());
	for (unsigned n = 0;; n++) {
		g_printf("BH-HB n=%u mpidr=0x%llx pcpu=%lld el=%u "
			 "sum=0x%08x\n",
			 n, (unsigned long long)g_mpidr(), (long long)pcpu,
			 g_current_el(), checksum());
		next += period;
		while (g_counter() < next) {
		}
	}
}
