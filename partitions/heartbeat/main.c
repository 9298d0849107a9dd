// SPDX-License-Identifier: Apache-2.0
/*
 * Heartbeat guest: fills a 64 KiB "precious" region 1 MiB into its RAM with
 * a known pattern, then prints a heartbeat every 100 ms (HB_PERIOD_MS) with
 * its MPIDR, its exception level and a checksum of that region.  Another
 * partition that managed to write the region would change the checksum.
 *
 *   BH-HB n=<count> mpidr=0x<mpidr> pcpu=<core> el=<1> sum=0x<crc>
 *
 * Built with -DHB_IRQS=1 it also takes interrupts, so that a neighbour
 * tampering with the GIC would show: its virtual timer (PPI 27) every
 * 10 ms, the passed-through PL031 RTC's match interrupt (SPI 34) once a
 * second (unless built with -DHB_RTC=0: no RTC given), and every SGI is
 * enabled so that one sent by anybody else is counted.  With -DHB_SLEEP=1
 * as well it sleeps in WFI between beats (the tick wakes it) instead of
 * polling the counter, leaving its core idle.  The heartbeat ends with
 *
 *   ... ticks=<timer irqs> rtc=<rtc irqs> stray=<any other interrupt>
 */
#include "guest.h"
#include "guest_gic.h"

#ifndef HB_IRQS
#define HB_IRQS 0
#endif
#ifndef HB_SLEEP
#define HB_SLEEP 0
#endif
#if HB_SLEEP && !HB_IRQS
#error "HB_SLEEP needs HB_IRQS: the timer tick is what ends the WFI"
#endif
#ifndef HB_RTC
#define HB_RTC 0x09010000UL /* PL031 (ARM DDI 0224); 0: none */
#endif
#define HB_RTC_INTID 34U
#define RTC_DR 0x00UL
#define RTC_MR 0x04UL
#define RTC_IMSC 0x10UL
#define RTC_ICR 0x1cUL
#define VTIMER_INTID 27U
#define TICK_MS 10U
#define IRQ_PRIO 0x80U

#define PRECIOUS_OFFSET 0x100000UL
#define PRECIOUS_WORDS (0x10000UL / 4)
#ifndef HB_PERIOD_MS
#define HB_PERIOD_MS 100U /* between heartbeats */
#endif

static volatile uint64_t ticks, rtc_irqs, stray_irqs;

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

static void timer_arm(void)
{
	uint64_t tval = g_counter_freq() / 1000U * TICK_MS;

	__asm__ volatile("msr cntv_tval_el0, %0\n\t"
			 "msr cntv_ctl_el0, %1\n\tisb"
			 :
			 : "r"(tval), "r"(1UL));
}

/* The timer off, so that its line is low when the interrupt is ended:
 * re-armed only after the EOI.  (Re-arming first could leave the line high
 * again at the EOI if this vCPU were held up for a whole period, and QEMU's
 * GICv2 model does not re-signal a hardware interrupt whose line is
 * already high when a guest's EOI deactivates it through the list
 * register HW bit; the next interrupt would then wait for some other GIC
 * event.) */
static void timer_stop(void)
{
	__asm__ volatile("msr cntv_ctl_el0, xzr\n\tisb");
}

/* The RTC interrupts when its counter (seconds) reaches the match value. */
static void rtc_arm(void)
{
	if (!HB_RTC)
		return;
	g_mmio_w32(HB_RTC + RTC_ICR, 1U);
	g_mmio_w32(HB_RTC + RTC_MR, g_mmio_r32(HB_RTC + RTC_DR) + 1U);
}

bool guest_irq(void)
{
	if (!HB_IRQS)
		return false;
	for (;;) {
		uint32_t iar = g_gic_ack();
		uint32_t intid = iar & 0x3ffU;

		if (intid >= G_GIC_SPURIOUS)
			break;
		if (intid == VTIMER_INTID) {
			ticks++;
			timer_stop();
			g_gic_eoi(iar);
			timer_arm();
			continue;
		} else if (intid == HB_RTC_INTID) {
			rtc_irqs++;
			rtc_arm();
		} else {
			stray_irqs++;
		}
		g_gic_eoi(iar);
	}
	return true;
}

static void irqs_start(void)
{
	g_gic_init();
	for (unsigned sgi = 0; sgi < 16U; sgi++)
		g_gic_enable(sgi, IRQ_PRIO);
	g_gic_enable(VTIMER_INTID, IRQ_PRIO);
	timer_arm();
	if (HB_RTC) {
		g_gic_enable(HB_RTC_INTID, IRQ_PRIO);
		rtc_arm();
		g_mmio_w32(HB_RTC + RTC_IMSC, 1U);
	}
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}

static void beat(unsigned n, int64_t pcpu)
{
	g_printf("BH-HB n=%u mpidr=0x%llx pcpu=%lld el=%u sum=0x%08x", n,
		 (unsigned long long)g_mpidr(), (long long)pcpu, g_current_el(),
		 checksum());
	if (HB_IRQS)
		g_printf(" ticks=%llu rtc=%llu stray=%llu",
			 (unsigned long long)ticks,
			 (unsigned long long)rtc_irqs,
			 (unsigned long long)stray_irqs);
	g_printf("\n");
}

void guest_main(uint64_t dtb)
{
	uint64_t next = g_counter();
	uint64_t period = g_counter_freq() / 1000U * HB_PERIOD_MS;

	int64_t pcpu = g_phys_cpu();

	fill();
	g_printf("BH-BOOT guest=heartbeat mpidr=0x%llx el=%u dtb=0x%llx "
		 "base=0x%llx\n",
		 (unsigned long long)g_mpidr(), g_current_el(),
		 (unsigned long long)dtb, (unsigned long long)g_load_base());
	if (HB_IRQS)
		irqs_start();
	for (unsigned n = 0;; n++) {
		beat(n, pcpu);
		next += period;
		while (g_counter() < next)
			if (HB_SLEEP) /* the 10 ms tick ends the wait */
				__asm__ volatile("wfi" ::: "memory");
	}
}
