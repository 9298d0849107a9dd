// SPDX-License-Identifier: Apache-2.0
/*
 * The hostile guest (see hostile.h): sets itself up, runs every attack
 * group once, in a fixed order with fixed seeds, reports, then locks its
 * own core in a fault loop while the test watches its neighbour carry on.
 *
 *   BH-BOOT guest=hostile mpidr=0x<mpidr> el=<el> gic=<2|3> pa_bits=<n>
 *   BH-ATK id=<n> name=<attack> result=<result> <key=value ...>
 *   BH-ATK-DONE count=<n> bad=<n> aborts=<n> undefs=<n> stray=<n>
 *   BH-ATK-LOOP vbar=0x<addr>      (then an endless fault loop)
 */
#include <stdarg.h>
#include <bulkhead/fmt.h>
#include "hostile.h"

/* The virtual UART cuts a line at 160 characters (core/vuart.c); with the
 * "[hostile] " tag a report must stay below that to remain one line. */
#define LINE_MAX 150U
#define SETTLE_MS 300U /* let the victim print a few heartbeats first */
#define OWN_IRQ_PRIO 0x80U

unsigned gic_version;
volatile uint64_t sgi_rx[16];
volatile uint64_t other_rx;
static unsigned attack_count, bad_count;

/* Every result an attack can document; anything else, or "reached" and
 * "unexpected", is bad. */
static bool result_is_documented(const char *r)
{
	static const char good[][10] = {"contained", "raz-wi",	"refused",
					"undef",     "trapped", "survived",
					"native"};

	for (unsigned i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		const char *a = good[i], *b = r;

		while (*a != '\0' && *a == *b)
			a++, b++;
		if (*a == '\0' && *b == '\0')
			return true;
	}
	return false;
}

void atk_report(const char *name, const char *result, const char *fmt, ...)
{
	char detail[LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	attack_count++;
	if (!result_is_documented(result))
		bad_count++;
	g_printf("BH-ATK id=%u name=%s result=%s %s\n", attack_count, name,
		 result, detail);
}

uint64_t now_ms(void)
{
	return g_counter() / (g_counter_freq() / 1000U);
}

uint64_t hyp_exits(void)
{
	register uint64_t x0 __asm__("x0") = BH_HC_STATS;
	register uint64_t x1 __asm__("x1") = 0;
	register uint64_t x2 __asm__("x2") = 0;
	register uint64_t x3 __asm__("x3") = 0;

	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "memory");
	return x3;
}

/* Our own interrupts: SGIs are counted by INTID, anything else is
 * counted as "other" and reported as stray at the end. */
bool guest_irq(void)
{
	for (;;) {
		uint32_t iar = g_gic_ack();
		uint32_t intid = iar & 0x3ffU;

		if (intid >= G_GIC_SPURIOUS)
			break;
		if (intid == 30U) {
			storm_timer_irq(iar);
			continue;
		}
		if (intid < 16U)
			sgi_rx[intid]++;
		else
			other_rx++;
		g_gic_eoi(iar);
	}
	return true;
}

static void setup(void)
{
	gic_version = g_gic_version();
	mmu_enable();
	g_gic_init();
	for (unsigned sgi = 0; sgi < 16U; sgi++)
		g_gic_enable(sgi, OWN_IRQ_PRIO);
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}

void guest_main(uint64_t dtb)
{
	(void)dtb;
	setup();
	g_printf("BH-BOOT guest=hostile mpidr=0x%llx el=%u gic=%u "
		 "pa_bits=%u\n",
		 (unsigned long long)g_mpidr(), g_current_el(), gic_version,
		 pa_bits());
	g_delay_ms(SETTLE_MS);
	attack_memory();
	attack_devices();
	attack_gicd();
	attack_gicr();
	attack_private_intids();
	attack_sgis();
	attack_psci();
	attack_smccc_fuzz();
	attack_set_way();
	attack_sysregs();
	attack_mmio();
	attack_storms();
	g_printf("BH-ATK-DONE count=%u bad=%u aborts=%lu undefs=%lu "
		 "stray=%llu\n",
		 attack_count, bad_count, total_aborts, total_undefs,
		 (unsigned long long)other_rx);
	g_delay_ms(SETTLE_MS);
	fault_loop();
	for (;;)
		__asm__ volatile("wfi");
}
