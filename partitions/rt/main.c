// SPDX-License-Identifier: Apache-2.0
/*
 * Real-time guest: a periodic interrupt from the EL1 virtual timer, and how
 * late each one arrives.
 *
 * The virtual timer (CNTV_*, Arm ARM DDI 0487 "The Generic Timer in AArch64
 * state") is armed with absolute deadlines: deadline[n+1] = deadline[n] +
 * period, so the schedule never drifts however late a handler runs.  The
 * IRQ entry (vectors.S) reads CNTVCT_EL0 first thing and
 *
 *   lateness = CNTVCT_EL0 at handler entry - deadline     (counter ticks)
 *
 * A period is a MISS when lateness > period / 2: by then half the budget a
 * periodic task released at the deadline would have is gone.  A period is
 * never skipped: if the next deadline has already passed, the timer fires
 * again at once, and that period is measured (and most likely missed) too.
 *
 * Lines (counter ticks; the counter runs at freq Hz):
 *   BH-RT start period_ticks=P freq=F gic=V mpidr=0x.. el=E base=0x..
 *         pcpu=C pidr2=0x.. samples=K
 *   BH-RT periods=N misses=M lat_min=a lat_max=b lat_mean=c freq=F gic=V
 *         win_max=w [el2_irq=i]       (every RT_REPORT_EVERY periods;
 *                                      el2_irq with RT_STATS: IRQ exits
 *                                      of our core since the start)
 *   BH-RT hist b0=.. .. b15=..        (RT_SAMPLES only, then:)
 *   BH-RT done periods=N misses=M lat_min=a lat_max=b lat_mean=c freq=F
 *         gic=V other_irqs=o spurious=s
 *   BH-RT error what=...              (and the guest stops)
 * Histogram bucket b0 counts lateness <= 0, bucket b (1..14) lateness in
 * [2^(b-1), 2^b - 1], b15 lateness >= 2^14.
 *
 * Build options (-D):
 *   RT_PERIOD_US=n     period in microseconds (default 1000)
 *   RT_REPORT_EVERY=n  periods between report lines (default 1000)
 *   RT_SAMPLES=K       stop after K periods: histogram, summary, PSCI
 *                      SYSTEM_OFF (default 0: run for ever)
 *   RT_PSCI_SMC=1      PSCI over SMC instead of HVC
 *   RT_BAREMETAL=1     no hypervisor: skip Bulkhead's BH_HC_INFO call
 *   RT_WARMUP=n        periods run but not recorded first (default 0),
 *                      e.g. while a neighbour partition boots
 *   RT_STATS=1         read Bulkhead's EL2 entry counts (BH_HC_STATS) at
 *                      the first and the last recorded period and print
 *   BH-RT stats el2_total=.. el2_irq=.. el2_other=.. periods=..
 *                      (el2_total and el2_other exclude the closing
 *                      BH_HC_STATS call itself), and at every report
 *   RT_GIC*            see gic.h
 */
#include <bulkhead/fmt.h>
#include "gic.h"
#include "guest.h"

#ifndef RT_PERIOD_US
#define RT_PERIOD_US 1000U
#endif
#ifndef RT_REPORT_EVERY
#define RT_REPORT_EVERY 1000U
#endif
#ifndef RT_SAMPLES
#define RT_SAMPLES 0U
#endif
#ifndef RT_BAREMETAL
#define RT_BAREMETAL 0
#endif
#ifndef RT_WARMUP
#define RT_WARMUP 0U
#endif
#ifndef RT_STATS
#define RT_STATS 0
#endif
#ifndef RT_PSCI_SMC
#define RT_PSCI_SMC 0
#endif
/* EL1 virtual timer PPI, as the Server Base System Architecture assigns
 * it (Arm DEN 0029, "PPI assignments") and QEMU virt wires it. */
#ifndef RT_TIMER_INTID
#define RT_TIMER_INTID 27U
#endif

#define HIST_BUCKETS 16U
#define PSCI_SYSTEM_OFF 0x84000008UL
#define BH_HC_STATS 0xC6000002UL
/* CNTV_CTL_EL0: ENABLE (bit 0) with IMASK (bit 1) clear (Arm ARM,
 * CNTV_CTL_EL0). */
#define CNTV_CTL_ENABLE 1UL

struct rt_stats {
	uint64_t count;
	uint64_t misses;
	int64_t min;
	int64_t max;
	int64_t sum;
	int64_t win_max; /* over the win_count periods since the last report */
	uint64_t win_count;
	uint64_t other_irqs;
	uint64_t spurious;
	uint64_t hist[HIST_BUCKETS];
};

/* Written only by rt_irq() (IRQs masked); main reads a snapshot taken
 * with IRQs masked. */
static struct rt_stats stats;
static uint64_t deadline;
static uint64_t period;
static volatile bool finished;
static uint64_t warmup_left = RT_WARMUP;
/* BH_HC_STATS x1..x3 at the first and after the last recorded period. */
static uint64_t el2_begin[3];
static uint64_t el2_end[3];

void rt_irq(uint64_t entry);

/* ---- CPU helpers ---------------------------------------------------- */

static void irq_mask(void)
{
	__asm__ volatile("msr daifset, #2" : : : "memory");
}

static void irq_unmask(void)
{
	__asm__ volatile("msr daifclr, #2" : : : "memory");
}

static void wait_for_interrupt(void)
{
	__asm__ volatile("wfi" : : : "memory");
}

static void timer_set_deadline(uint64_t cval)
{
	__asm__ volatile("msr cntv_cval_el0, %0" : : "r"(cval));
}

static void timer_control(uint64_t ctl)
{
	/* ISB: the new CVAL/CTL must reach the timer before we go on,
	 * in particular before the EOI that follows in rt_irq() (a still
	 * asserted level PPI would otherwise pend again at once). */
	__asm__ volatile("msr cntv_ctl_el0, %0\n\tisb" : : "r"(ctl));
}

static void install_vectors(void)
{
	extern char rt_vectors[];

	__asm__ volatile("msr vbar_el1, %0\n\tisb"
			 :
			 : "r"((uint64_t)(uintptr_t)rt_vectors));
}

static void halt(void)
{
	irq_mask();
	for (;;)
		wait_for_interrupt();
}

static void system_off(void)
{
	int64_t ret = RT_PSCI_SMC ? g_smc(PSCI_SYSTEM_OFF, 0, 0, 0)
				  : g_hvc(PSCI_SYSTEM_OFF, 0, 0, 0);

	g_printf("BH-RT error what=psci_system_off ret=%lld\n", (long long)ret);
	halt();
}

/* ---- measurement (IRQ context) ------------------------------------- */

static unsigned bucket_of(int64_t lat)
{
	unsigned bits;

	if (lat <= 0)
		return 0;
	bits = 64U - (unsigned)__builtin_clzll((unsigned long long)lat);
	return bits < HIST_BUCKETS ? bits : HIST_BUCKETS - 1U;
}

static void record(int64_t lat)
{
	if (stats.count == 0 || lat < stats.min)
		stats.min = lat;
	if (stats.count == 0 || lat > stats.max)
		stats.max = lat;
	if (stats.win_count == 0 || lat > stats.win_max)
		stats.win_max = lat;
	stats.win_count++;
	stats.sum += lat;
	stats.count++;
	if (lat > (int64_t)(period / 2U))
		stats.misses++;
	stats.hist[bucket_of(lat)]++;
}

/* The RT_SAMPLES test is preprocessed away when it is 0, where the
 * comparison would be always true to the compiler (-Wtype-limits). */
static bool enough_samples(void)
{
#if RT_SAMPLES != 0
	return stats.count >= RT_SAMPLES;
#else
	return false;
#endif
}

/* Read in IRQ context so that the window is exactly the recorded
 * periods; the call's own exit is counted in "other". */
static void read_el2_stats(uint64_t out[3])
{
	register uint64_t x0 __asm__("x0") = BH_HC_STATS;
	register uint64_t x1 __asm__("x1") = 0;
	register uint64_t x2 __asm__("x2") = 0;
	register uint64_t x3 __asm__("x3") = 0;

	if (!RT_STATS || RT_BAREMETAL)
		return;
	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "memory");
	out[0] = x1;
	out[1] = x2;
	out[2] = x3;
}

static void on_tick(uint64_t entry)
{
	if (warmup_left != 0) {
		warmup_left--;
	} else {
		if (stats.count == 0)
			read_el2_stats(el2_begin);
		record((int64_t)(entry - deadline));
	}
	if (enough_samples()) {
		read_el2_stats(el2_end);
		finished = true;
		return;
	}
	deadline += period;
}

/* Called from vectors.S with the counter value read at IRQ entry. */
void rt_irq(uint64_t entry)
{
	uint32_t iar = gic_ack();
	uint32_t intid = gic_intid(iar);

	if (intid >= GIC_INTID_SPECIAL) {
		stats.spurious++; /* nothing acknowledged: no EOI */
		return;
	}
	if (intid != RT_TIMER_INTID) {
		stats.other_irqs++;
		gic_eoi(iar);
		return;
	}
	/*
	 * The timer is off across the EOI and armed again after it: if the
	 * next deadline has already passed, its line rises anew rather than
	 * staying high through the deactivation.  QEMU's GICv2 model does not
	 * re-signal a level interrupt that is still high when a guest's EOI
	 * deactivates it through a list register's HW bit, so it would wait
	 * for some unrelated GIC event (docs/interrupts.md).
	 */
	timer_control(0);
	on_tick(entry);
	gic_eoi(iar);
	if (!finished) {
		timer_set_deadline(deadline);
		timer_control(CNTV_CTL_ENABLE);
	}
}

/* ---- reporting (thread context) ------------------------------------ */

static void snapshot(struct rt_stats *s)
{
	irq_mask();
	*s = stats;
	stats.win_count = 0;
	irq_unmask();
}

static int64_t mean(const struct rt_stats *s)
{
	return s->count != 0 ? s->sum / (int64_t)s->count : 0;
}

static void print_common(const char *head, const struct rt_stats *s,
			 uint64_t freq, unsigned gic)
{
	g_printf("BH-RT %speriods=%llu misses=%llu lat_min=%lld lat_max=%lld "
		 "lat_mean=%lld freq=%llu gic=%u",
		 head, (unsigned long long)s->count,
		 (unsigned long long)s->misses, (long long)s->min,
		 (long long)s->max, (long long)mean(s),
		 (unsigned long long)freq, gic);
}

static void print_hist(const struct rt_stats *s)
{
	/* "BH-RT hist" + 16 x " bNN=" and up to 20 digits: never truncated,
	 * so n stays inside buf. */
	char buf[16 + HIST_BUCKETS * 26];
	int n = fmt_snprintf(buf, sizeof(buf), "BH-RT hist");

	for (unsigned b = 0; b < HIST_BUCKETS; b++)
		n += fmt_snprintf(buf + n, sizeof(buf) - (size_t)n, " b%u=%llu",
				  b, (unsigned long long)s->hist[b]);
	for (const char *p = buf; *p != '\0'; p++)
		g_putc(*p);
	g_putc('\n');
}

static void print_start(uint64_t freq, const struct gic_info *gi)
{
	int64_t pcpu = RT_BAREMETAL ? -1 : g_phys_cpu();

	g_printf("BH-RT start period_ticks=%llu freq=%llu gic=%u mpidr=0x%llx "
		 "el=%u base=0x%llx pcpu=%lld pidr2=0x%x samples=%llu\n",
		 (unsigned long long)period, (unsigned long long)freq,
		 gi->version, (unsigned long long)g_mpidr(), g_current_el(),
		 (unsigned long long)g_load_base(), (long long)pcpu,
		 (unsigned)gi->pidr2, (unsigned long long)RT_SAMPLES);
}

static void finish(uint64_t freq, unsigned gic)
{
	struct rt_stats s;

	snapshot(&s);
	print_hist(&s);
	if (RT_STATS && !RT_BAREMETAL)
		g_printf("BH-RT stats el2_total=%llu el2_irq=%llu "
			 "el2_other=%llu periods=%llu\n",
			 (unsigned long long)(el2_end[0] - el2_begin[0] - 1U),
			 (unsigned long long)(el2_end[1] - el2_begin[1]),
			 (unsigned long long)(el2_end[2] - el2_begin[2] - 1U),
			 (unsigned long long)s.count);
	print_common("done ", &s, freq, gic);
	g_printf(" other_irqs=%llu spurious=%llu\n",
		 (unsigned long long)s.other_irqs,
		 (unsigned long long)s.spurious);
	system_off();
}

/* RT_STATS: how many of our core's EL2 entries since the start were IRQs
 * (direct interrupt delivery must keep this at 0). */
static void print_el2_irqs(const uint64_t start[3])
{
	uint64_t now[3] = {0, 0, 0};

	read_el2_stats(now);
	g_printf(" el2_irq=%llu", (unsigned long long)(now[1] - start[1]));
}

static void run(uint64_t freq, unsigned gic)
{
	uint64_t next_report = RT_REPORT_EVERY;
	uint64_t start[3] = {0, 0, 0};
	struct rt_stats s;

	read_el2_stats(start);
	deadline = g_counter() + period;
	timer_set_deadline(deadline);
	timer_control(CNTV_CTL_ENABLE);
	irq_unmask();
	for (;;) {
		/* Test and sleep with IRQs masked, else an IRQ that sets
		 * `finished` between the test and the WFI would leave us
		 * asleep with the timer off.  A pending IRQ wakes WFI
		 * whatever PSTATE.I says (Arm ARM, "Wait For
		 * Interrupt" wake-up events) and is taken once we unmask. */
		irq_mask();
		if (!finished && stats.count < next_report)
			wait_for_interrupt();
		irq_unmask();
		if (finished)
			finish(freq, gic);
		if (stats.count < next_report)
			continue;
		snapshot(&s);
		next_report += RT_REPORT_EVERY;
		print_common("", &s, freq, gic);
		g_printf(" win_max=%lld", (long long)s.win_max);
		if (RT_STATS && !RT_BAREMETAL)
			print_el2_irqs(start);
		g_putc('\n');
	}
}

void guest_main(uint64_t dtb)
{
	uint64_t freq = g_counter_freq();
	struct gic_info gi;

	(void)dtb;
	install_vectors();
	period = freq * RT_PERIOD_US / 1000000U;
	if (gic_init(RT_TIMER_INTID, &gi) == 0) {
		g_printf("BH-RT error what=gic_init reason=\"%s\" pidr2=0x%x\n",
			 gi.error, (unsigned)gi.pidr2);
		if (RT_SAMPLES != 0)
			system_off();
		halt();
	}
	print_start(freq, &gi);
	if (period == 0) {
		g_printf("BH-RT error what=period_zero\n");
		halt();
	}
	run(freq, gi.version);
}
