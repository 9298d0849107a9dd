// SPDX-License-Identifier: Apache-2.0
/*
 * Storms: tight loops of hypercalls, SMCs, SGIs to ourselves, interrupts
 * from our own physical timer, trapped MMIO, broadcast TLB maintenance
 * and faulting accesses, each for at least STORM_MIN iterations and
 * STORM_MS milliseconds (the fault storm: FAULT_STORM faults), while the victim keeps its heartbeat (the test
 * checks that it heartbeats during every storm).  Each must simply
 * survive: every call answered correctly, every SGI delivered, every
 * fault injected back.  The fault storm also drives the hypervisor's
 * rate-limited fault log (the test counts its lines).
 *
 *   name=storm-<kind> result=survived n=<iterations> ms=<duration> bad=<n>
 */
#include "hostile.h"

#define STORM_MIN 2000U
#define STORM_MS 600U
#define FAULT_STORM 512U
#define GICD_TYPER 0x4UL
#define UART_PERIPHID0 0xfe0UL
#define PTIMER_INTID 30U

struct storm {
	unsigned n, bad;
	uint64_t start;
};

static bool storm_more(const struct storm *s)
{
	return s->n < STORM_MIN || now_ms() - s->start < STORM_MS;
}

static void storm_report(const char *name, const struct storm *s)
{
	atk_report(name, s->bad == 0 ? "survived" : "unexpected",
		   "n=%u ms=%llu bad=%u", s->n,
		   (unsigned long long)(now_ms() - s->start), s->bad);
}

static void calls(bool smc)
{
	struct storm s = {0, 0, now_ms()};

	for (; storm_more(&s); s.n++) {
		int64_t r = smc ? g_smc(PSCI_VERSION, 0, 0, 0)
				: g_hvc(PSCI_VERSION, 0, 0, 0);

		s.bad += r != PSCI_VERSION_1_1;
	}
	storm_report(smc ? "storm-smc" : "storm-hvc", &s);
}

/* Self-SGIs, one in flight at a time: each must be taken before the
 * next is sent. */
static void sgis(void)
{
	struct storm s = {0, 0, now_ms()};

	for (; storm_more(&s); s.n++) {
		uint64_t want = sgi_rx[5] + 1U;
		unsigned spin = 0;

		g_gic_sgi(5, 0);
		while (sgi_rx[5] < want && spin < 100000U)
			spin++;
		s.bad += sgi_rx[5] < want;
	}
	storm_report("storm-sgi", &s);
}

static void mmio(void)
{
	struct storm s = {0, 0, now_ms()};
	uint32_t typer = g_mmio_r32(G_GICD + GICD_TYPER);
	uint32_t pid = g_mmio_r32(VUART + UART_PERIPHID0);

	for (; storm_more(&s); s.n++) {
		s.bad += g_mmio_r32(G_GICD + GICD_TYPER) != typer;
		s.bad += g_mmio_r32(VUART + UART_PERIPHID0) != pid;
	}
	storm_report("storm-mmio", &s);
}

/* Hundreds of faults: reads of the victim's RAM, each injected back. */
static void faults(void)
{
	struct storm s = {0, 0, now_ms()};

	for (; s.n < FAULT_STORM; s.n++) {
		struct probe p;

		probe(OP_R32, VICTIM_PRECIOUS + 4U * s.n, 0, &p);
		s.bad += p.out != OUT_SEA || p.value != PROBE_SENTINEL;
	}
	storm_report("storm-fault", &s);
}

/* A hardware interrupt storm: our physical timer (PPI 30) with a compare
 * value in the past, so it fires again the moment it is re-enabled.  The
 * handler switches it off, ends the interrupt and switches it on again
 * (off across the EOI: QEMU's GICv2 model does not re-signal a line that
 * is still high when a list-register HW bit deactivates it), until
 * STORM_MS have passed. */
static volatile uint64_t timer_irqs, timer_deadline;
static volatile bool timer_on;

void storm_timer_irq(uint32_t iar)
{
	timer_irqs++;
	__asm__ volatile("msr cntp_ctl_el0, xzr\n\tisb");
	g_gic_eoi(iar);
	if (now_ms() < timer_deadline)
		__asm__ volatile("msr cntp_ctl_el0, %0\n\tisb" : : "r"(1UL));
	else
		timer_on = false;
}

static void timer(void)
{
	struct storm s = {0, 0, now_ms()};
	uint64_t give_up = s.start + 20U * STORM_MS;

	timer_deadline = s.start + STORM_MS;
	timer_on = true;
	g_gic_enable(PTIMER_INTID, 0x80U);
	__asm__ volatile("msr cntp_cval_el0, xzr\n\t"
			 "msr cntp_ctl_el0, %0\n\tisb"
			 :
			 : "r"(1UL)); /* ENABLE, not masked */
	while (timer_on && now_ms() < give_up) {
	}
	s.n = (unsigned)timer_irqs;
	s.bad = timer_on || s.n == 0;
	__asm__ volatile("msr cntp_ctl_el0, xzr\n\tisb");
	storm_report("storm-timer-irq", &s);
}

/* Broadcast TLB and instruction-cache invalidation: with HCR_EL2.FB set,
 * to every core, but only for our VMID. */
static void maintenance(void)
{
	struct storm s = {0, 0, now_ms()};

	for (; storm_more(&s); s.n++)
		__asm__ volatile("tlbi vmalle1is\n\t"
				 "ic ialluis\n\t"
				 "dsb ish\n\tisb" ::
				     : "memory");
	storm_report("storm-tlbi", &s);
}

void attack_storms(void)
{
	calls(false);
	calls(true);
	sgis();
	timer();
	mmio();
	maintenance();
	faults();
}

/* After the report: point VBAR_EL1 at the victim's RAM and fault.  Every
 * injected abort then faults again at the vector, so this core stays in a
 * fault loop for good; the test checks that the victim is unaffected and
 * that the hypervisor's fault log stays bounded. */
void fault_loop(void)
{
	g_printf("BH-ATK-LOOP vbar=0x%lx\n", (unsigned long)VICTIM_RAM);
	__asm__ volatile("msr daifset, #0xf\n\t"
			 "msr vbar_el1, %0\n\t"
			 "isb\n\t"
			 "ldr x0, [%1]"
			 :
			 : "r"(VICTIM_RAM), "r"(VICTIM_PRECIOUS)
			 : "x0", "memory");
}
