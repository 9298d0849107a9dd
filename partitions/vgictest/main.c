// SPDX-License-Identifier: Apache-2.0
/*
 * vGIC test guest: two vCPUs drive the virtual GIC the way an OS would.
 *
 *   - the virtual timer (PPI 27) every 10 ms on both vCPUs, injected by the
 *     hypervisor with the list-register HW bit;
 *   - SGI 1 to itself, SGI 2 to the sibling vCPU which answers with SGI 3;
 *   - a burst of 8 self-SGIs with distinct priorities, raised while IRQs
 *     are masked: more than the 4 list registers, so they must arrive in
 *     priority order through maintenance-interrupt refills;
 *   - an SPI the partition does not own must read as zero (RAZ/WI);
 *   - the passed-through PL031 RTC's SPI 34, routed to vCPU 1: a hardware
 *     interrupt once a second on core 1, deactivated by the guest's EOI;
 *   - the virtual UART's level SPI 33 (vgic_set_level from core/vuart.c):
 *     a TX interrupt every report period.
 *
 * Output, every 100 ms from vCPU 0:
 *   BH-VGIC gic=<2|3> timer_irqs=N timer1=N sgi_self=N sgi_sib=N
 *           burst=N order_ok=<0|1> foreign_ok=<0|1> rtc=N rtc_vcpu1=N
 *           uart_irqs=N
 */
#include "guest.h"

#define GICD 0x08000000UL
#define GICC 0x08010000UL /* GICv2: the hypervisor maps GICV here */
#define GICR 0x080a0000UL
#define GICR_STRIDE 0x20000UL
#define SGI_BASE 0x10000UL
#define PPI_VTIMER 27U
#define SGI_SELF 1U
#define SGI_PING 2U
#define SGI_PONG 3U
#define BURST_FIRST 4U
#define BURST_COUNT 8U
#define FOREIGN_SPI 40U
#define RTC 0x09010000UL /* PL031 (DDI 0224): passed through */
#define RTC_SPI 34U
#define UART 0x09000000UL /* the virtual PL011 (DDI 0183) */
#define UART_SPI 33U /* purely virtual, level: UARTINTR */
#define UART_TX BIT32(5) /* TXIM / TXMIS / TXIC */
#define BIT32(n) (1U << (n))

static volatile unsigned gic_ver;
static volatile uint64_t timer_irqs[2], sgi_self, sgi_ping, sgi_pong;
static volatile unsigned burst_seen, burst_order[BURST_COUNT];
static volatile uint64_t rtc_irqs, rtc_on_vcpu1, uart_irqs;
static uint64_t timer_period;

#define SYSREG_W(enc, v) __asm__ volatile("msr " enc ", %x0" : : "rZ"(v))
#define SYSREG_R(enc, v) __asm__ volatile("mrs %0, " enc : "=r"(v))

/* MMIO through single plain loads/stores: the hypervisor can only emulate
 * accesses with a valid syndrome (no writeback, no pairs). */
static void w32(uint64_t a, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" : : "rZ"(v), "r"(a) : "memory");
}

static uint32_t r32(uint64_t a)
{
	uint32_t v;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}

static unsigned my_index(void)
{
	return (unsigned)(g_mpidr() & 0xffU);
}

/* Own EL1 vectors: IRQs go to vgt_irq(), anything else is reported. */
__asm__(".pushsection .text.vgt_vectors, \"ax\"\n"
	".balign 0x800\n"
	".global vgt_vectors\n"
	"vgt_vectors:\n"
	".rept 16\n"
	".balign 0x80\n"
	"b vgt_entry\n"
	".endr\n"
	"vgt_entry:\n"
	"sub sp, sp, #(20 * 8)\n"
	"stp x0, x1, [sp]\n stp x2, x3, [sp, #16]\n"
	"stp x4, x5, [sp, #32]\n stp x6, x7, [sp, #48]\n"
	"stp x8, x9, [sp, #64]\n stp x10, x11, [sp, #80]\n"
	"stp x12, x13, [sp, #96]\n stp x14, x15, [sp, #112]\n"
	"stp x16, x17, [sp, #128]\n stp x18, x30, [sp, #144]\n"
	"bl vgt_exception\n"
	"ldp x0, x1, [sp]\n ldp x2, x3, [sp, #16]\n"
	"ldp x4, x5, [sp, #32]\n ldp x6, x7, [sp, #48]\n"
	"ldp x8, x9, [sp, #64]\n ldp x10, x11, [sp, #80]\n"
	"ldp x12, x13, [sp, #96]\n ldp x14, x15, [sp, #112]\n"
	"ldp x16, x17, [sp, #128]\n ldp x18, x30, [sp, #144]\n"
	"add sp, sp, #(20 * 8)\n"
	"eret\n"
	".popsection\n");

static uint32_t gic_ack(void)
{
	uint64_t v;

	if (gic_ver == 3) {
		SYSREG_R("S3_0_C12_C12_0", v); /* ICC_IAR1_EL1 */
		return (uint32_t)v;
	}
	return r32(GICC + 0x0c); /* GICC_IAR */
}

static void gic_eoi(uint32_t iar)
{
	if (gic_ver == 3)
		SYSREG_W("S3_0_C12_C12_1", (uint64_t)iar); /* ICC_EOIR1_EL1 */
	else
		w32(GICC + 0x10, iar); /* GICC_EOIR */
}

/* target: vCPU index; SGIs from ICC_SGI1R_EL1 or GICD_SGIR. */
static void send_sgi(unsigned intid, unsigned target)
{
	if (gic_ver == 3)
		SYSREG_W("S3_0_C12_C11_5",
			 ((uint64_t)intid << 24) | (1UL << target));
	else
		w32(GICD + 0xf00, (1U << (16 + target)) | intid);
	__asm__ volatile("isb" ::: "memory");
}

static void timer_arm(void)
{
	SYSREG_W("cntv_tval_el0", timer_period);
	SYSREG_W("cntv_ctl_el0", 1UL);
	__asm__ volatile("isb");
}

static void handle(uint32_t intid)
{
	unsigned me = my_index();

	if (intid == PPI_VTIMER) {
		timer_irqs[me & 1]++;
		timer_arm();
	} else if (intid == SGI_SELF) {
		sgi_self++;
	} else if (intid == SGI_PING) {
		sgi_ping++;
		send_sgi(SGI_PONG, 0);
	} else if (intid == SGI_PONG) {
		sgi_pong++;
	} else if (intid == UART_SPI) {
		/* TX interrupt: mask it and clear it, so the line drops. */
		uart_irqs += (r32(UART + 0x40) & UART_TX) != 0; /* UARTMIS */
		w32(UART + 0x38, 0); /* UARTIMSC */
		w32(UART + 0x44, UART_TX); /* UARTICR */
	} else if (intid == RTC_SPI) {
		rtc_irqs++;
		rtc_on_vcpu1 += me == 1;
		w32(RTC + 0x1c, 1); /* RTCICR: the line drops */
		w32(RTC + 0x04, r32(RTC) + 1); /* RTCMR: next second */
	} else if (intid >= BURST_FIRST && intid < BURST_FIRST + BURST_COUNT &&
		   burst_seen < BURST_COUNT) {
		burst_order[burst_seen++] = intid;
	}
}

void vgt_exception(void);
void vgt_exception(void)
{
	uint64_t esr;

	SYSREG_R("esr_el1", esr);
	if (esr != 0 && (esr >> 26) != 0) {
		uint64_t elr;

		SYSREG_R("elr_el1", elr);
		g_printf("BH-EXC esr=0x%llx elr=0x%llx\n",
			 (unsigned long long)esr, (unsigned long long)elr);
		for (;;)
			__asm__ volatile("wfi");
	}
	for (;;) {
		uint32_t iar = gic_ack();

		if ((iar & 0x3ffU) >= 1020U)
			break;
		handle(iar & 0x3ffU);
		gic_eoi(iar);
	}
}

static void prio_set(uint64_t base, unsigned intid, uint8_t prio)
{
	__asm__ volatile("strb %w0, [%1]"
			 :
			 : "rZ"(prio), "r"(base + 0x400 + intid)
			 : "memory");
}

static void cpu_if_v3(unsigned me)
{
	uint64_t rd = GICR + me * GICR_STRIDE, sgi = rd + SGI_BASE;

	SYSREG_W("S3_0_C12_C12_5", 7UL); /* ICC_SRE_EL1: SRE, DFB, DIB */
	__asm__ volatile("isb");
	w32(rd + 0x14, r32(rd + 0x14) & ~2U); /* GICR_WAKER.ProcessorSleep */
	while (r32(rd + 0x14) & 4U) {
	}
	w32(sgi + 0x80, 0xffffffffU); /* IGROUPR0: Group 1 */
	for (unsigned i = 0; i < 32; i++)
		prio_set(sgi, i, (uint8_t)(0x40 + 8 * i));
	w32(sgi + 0x100, (1U << PPI_VTIMER) | 0xffffU);
	SYSREG_W("S3_0_C4_C6_0", 0xffUL); /* ICC_PMR_EL1 */
	SYSREG_W("S3_0_C12_C12_7", 1UL); /* ICC_IGRPEN1_EL1 */
	__asm__ volatile("isb");
}

static void cpu_if_v2(void)
{
	for (unsigned i = 0; i < 32; i++)
		prio_set(GICD, i, (uint8_t)(0x40 + 8 * i));
	w32(GICD + 0x100, (1U << PPI_VTIMER) | 0xffffU); /* banked */
	w32(GICC + 0x4, 0xff); /* GICC_PMR */
	w32(GICC + 0x0, 1); /* GICC_CTLR.EnableGrp0 */
}

static void cpu_setup(void)
{
	extern char vgt_vectors[];
	unsigned me = my_index();

	SYSREG_W("vbar_el1", (uint64_t)(uintptr_t)vgt_vectors);
	__asm__ volatile("isb");
	if (gic_ver == 3)
		cpu_if_v3(me);
	else
		cpu_if_v2();
	timer_period = g_counter_freq() / 100U; /* 10 ms */
	timer_arm();
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}

void guest_secondary_main(uint64_t context)
{
	(void)context;
	cpu_setup();
	for (;;)
		__asm__ volatile("wfi");
}

/* Burst priorities fall with the INTID: the hypervisor must deliver them
 * highest first, i.e. BURST_FIRST + 7 down to BURST_FIRST. */
static unsigned burst_test(uint64_t prio_base)
{
	unsigned ok = 1;

	for (unsigned i = 0; i < BURST_COUNT; i++)
		prio_set(prio_base, BURST_FIRST + i,
			 (uint8_t)(0xe0 - 0x10 * i));
	__asm__ volatile("msr daifset, #2" ::: "memory");
	for (unsigned i = 0; i < BURST_COUNT; i++)
		send_sgi(BURST_FIRST + i, 0);
	__asm__ volatile("msr daifclr, #2" ::: "memory");
	g_delay_ms(20);
	for (unsigned i = 0; i < burst_seen; i++)
		if (burst_order[i] != BURST_FIRST + BURST_COUNT - 1 - i)
			ok = 0;
	return ok && burst_seen == BURST_COUNT;
}

/* An SPI of nobody's (not in the config): enable must not stick. */
static unsigned foreign_test(void)
{
	uint64_t off = 0x100 + (FOREIGN_SPI / 32) * 4;

	w32(GICD + off, 1U << (FOREIGN_SPI % 32));
	return (r32(GICD + off) & (1U << (FOREIGN_SPI % 32))) == 0;
}

/* SPI 34 to vCPU 1 (IROUTER Aff0 = 1 / ITARGETSR bit 1), level, and the
 * RTC matching one second from now. */
static void rtc_setup(void)
{
	uint64_t bit = 1U << (RTC_SPI % 32);

	prio_set(GICD, RTC_SPI, 0x80);
	if (gic_ver == 3) {
		/* Group 1: the only group this guest enables (IGRPEN1). */
		w32(GICD + 0x80 + (RTC_SPI / 32) * 4, (uint32_t)bit);
		w32(GICD + 0x6000 + 8 * RTC_SPI, 1);
		w32(GICD + 0x6000 + 8 * RTC_SPI + 4, 0);
	} else {
		__asm__ volatile("strb %w0, [%1]"
				 :
				 : "r"(2), "r"(GICD + 0x800 + RTC_SPI)
				 : "memory");
	}
	w32(RTC + 0x04, r32(RTC) + 1);
	w32(RTC + 0x10, 1); /* RTCIMSC */
	w32(GICD + 0x100 + (RTC_SPI / 32) * 4, (uint32_t)bit);
}

/* The virtual UART's SPI to vCPU 0: a TX interrupt each time main()
 * unmasks TXIM (the emulated TX FIFO is always empty). */
static void uart_irq_setup(void)
{
	uint32_t bit = 1U << (UART_SPI % 32);

	if (gic_ver == 3)
		w32(GICD + 0x80 + (UART_SPI / 32) * 4,
		    r32(GICD + 0x80 + (UART_SPI / 32) * 4) | bit);
	prio_set(GICD, UART_SPI, 0x90);
	w32(UART + 0x30, 0x301); /* UARTCR: UARTEN, TXE, RXE */
	w32(GICD + 0x100 + (UART_SPI / 32) * 4, bit);
}

static void start_sibling(void)
{
	int64_t r = g_smc(0xC4000003UL, 1,
			  (uint64_t)(uintptr_t)&guest_secondary_start, 0);

	g_printf("BH-VGIC cpu_on=%lld\n", (long long)r);
	g_delay_ms(20);
}

void guest_main(uint64_t dtb)
{
	uint64_t pfr0;
	unsigned order_ok, foreign_ok;

	(void)dtb;
	SYSREG_R("id_aa64pfr0_el1", pfr0);
	gic_ver = ((pfr0 >> 24) & 0xfU) != 0 ? 3U : 2U;
	w32(GICD, 3); /* GICD_CTLR: both groups */
	g_printf("BH-VGIC boot gic=%u typer=0x%x pidr2=0x%x\n", gic_ver,
		 r32(GICD + 4), r32(GICD + (gic_ver == 3 ? 0xffe8 : 0xfe8)));
	cpu_setup();
	start_sibling();
	order_ok = burst_test(gic_ver == 3 ? GICR + SGI_BASE : GICD);
	foreign_ok = foreign_test();
	rtc_setup();
	uart_irq_setup();
	for (unsigned n = 0;; n++) {
		send_sgi(SGI_SELF, 0);
		send_sgi(SGI_PING, 1);
		w32(UART + 0x38, UART_TX); /* UARTIMSC.TXIM */
		g_delay_ms(100);
		g_printf("BH-VGIC n=%u timer_irqs=%llu timer1=%llu "
			 "sgi_self=%llu sgi_sib=%llu/%llu burst=%u "
			 "order_ok=%u foreign_ok=%u rtc=%llu rtc_vcpu1=%llu "
			 "uart_irqs=%llu\n",
			 n, (unsigned long long)timer_irqs[0],
			 (unsigned long long)timer_irqs[1],
			 (unsigned long long)sgi_self,
			 (unsigned long long)sgi_ping,
			 (unsigned long long)sgi_pong, burst_seen, order_ok,
			 foreign_ok, (unsigned long long)rtc_irqs,
			 (unsigned long long)rtc_on_vcpu1,
			 (unsigned long long)uart_irqs);
	}
}
