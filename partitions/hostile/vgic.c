// SPDX-License-Identifier: Apache-2.0
/*
 * Attacks on the virtual GIC.
 *
 * Distributor sweeps: every per-interrupt register (group, enable,
 * pending, active, priority, GICv2 targets, config, GICv3 routes) across
 * every SPI, read before and after writing all ones.  Everything but our
 * own SPI (the virtual UART's, VUART_INTID) must read as zero: "leaked"
 * counts foreign bits that did not.  "own=1" shows the write did reach our
 * own interrupt, so the sweep was not simply ignored.  The victim's RTC
 * SPI is among the foreign ones; the test checks that its interrupts keep
 * arriving.
 *
 *   name=gicd-<reg> result=raz-wi words=<n> leaked=<n> own=<0|1>
 *
 * Redistributors (GICv3): frames of vCPUs we do not have, up to the end of
 * the board's redistributor region, are not ours (contained).  The
 * hypervisor's private INTIDs in our own bank (SGIs 8 and 9, PPIs 25 and
 * 26) are only our virtual copies: after any writes to them, interrupts
 * still arrive, including a burst larger than the list registers, which
 * needs the maintenance interrupt.  SGIs to anybody but ourselves are
 * dropped.
 */
#include "hostile.h"

#define GICD_CTLR 0x0000UL
#define GICD_SETSPI_NSR 0x0040UL
#define GICD_CLRSPI_NSR 0x0048UL
#define GICD_SETSPI_SR 0x0050UL
#define GICD_CLRSPI_SR 0x0058UL
#define GICD_IGROUPR 0x0080UL
#define GICD_ISENABLER 0x0100UL
#define GICD_ICENABLER 0x0180UL
#define GICD_ISPENDR 0x0200UL
#define GICD_ICPENDR 0x0280UL
#define GICD_ISACTIVER 0x0300UL
#define GICD_ICACTIVER 0x0380UL
#define GICD_IPRIORITYR 0x0400UL
#define GICD_ITARGETSR 0x0800UL
#define GICD_ICFGR 0x0c00UL
#define GICD_SGIR 0x0f00UL
#define GICD_CPENDSGIR 0x0f10UL
#define GICD_SPENDSGIR 0x0f20UL
#define GICD_IROUTER 0x6000UL
#define GICR_TYPER 0x0008UL
#define GICR_WAKER 0x0014UL
#define GICR_REGION_END 0x09000000UL /* 0x080a0000 + 0xf60000 */
#define FIRST_SPI 32U
#define LAST_SPI 1019U
#define VUART_PRIO 0xa0U
#define BURST 8U

static void irqs_off(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
}

static void irqs_on(void)
{
	__asm__ volatile("msr daifclr, #2\n\tisb" ::: "memory");
}

static uint64_t self_total(void)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < 16U; i++)
		n += sgi_rx[i];
	return n;
}

/* Wait up to 10 ms for `sgi` to have arrived `count` times. */
static bool sgi_arrived(unsigned sgi, uint64_t count)
{
	uint64_t end = now_ms() + 10U;

	while (sgi_rx[sgi] < count && now_ms() < end) {
	}
	return sgi_rx[sgi] >= count;
}

/* Bits of register word `word` (bits per INTID: bits) that are ours. */
static uint32_t own_mask(unsigned word, unsigned bits)
{
	unsigned per_word = 32U / bits, first = word * per_word;

	if (VUART_INTID < first || VUART_INTID >= first + per_word)
		return 0;
	return (uint32_t)((1UL << bits) - 1U) << ((VUART_INTID - first) * bits);
}

struct sweep {
	unsigned words, leaked;
	bool own;
};

/* One register word: foreign bits must read zero before and after the
 * write; own bits must show `own_expect` afterwards. */
static void sweep_word(struct sweep *s, uint64_t addr, uint32_t own,
		       uint32_t write, uint32_t own_expect)
{
	uint32_t before = g_mmio_r32(addr), after;

	g_mmio_w32(addr, write);
	after = g_mmio_r32(addr);
	s->words++;
	s->leaked += ((before | after) & ~own) != 0;
	if (own != 0 && (after & own) == (own_expect & own))
		s->own = true;
}

/* A foreign bit that read back set is a leak ("reached"); our own
 * interrupt not taking the write means the emulation is broken. */
static void sweep_report(const char *name, const struct sweep *s)
{
	const char *r = s->leaked != 0 ? "reached"
			: s->own       ? "raz-wi"
				       : "unexpected";

	atk_report(name, r, "words=%u leaked=%u own=%u", s->words, s->leaked,
		   s->own);
}

/* Sweep a register array from the first SPI (GICv3: also INTIDs 0-31,
 * which live in the redistributor while affinity routing is on). */
static void sweep(const char *name, uint64_t base, unsigned bits,
		  uint32_t write, uint32_t own_expect, uint64_t clear_base)
{
	struct sweep s = {0};
	unsigned per_word = 32U / bits;
	unsigned first = gic_version == 3 ? 0U : FIRST_SPI / per_word;
	unsigned last = LAST_SPI / per_word;

	for (unsigned w = first; w <= last; w++) {
		uint32_t own = own_mask(w, bits);

		sweep_word(&s, G_GICD + base + 4UL * w, own, write, own_expect);
		if (clear_base != 0) /* set/clear pair: clear ours again */
			g_mmio_w32(G_GICD + clear_base + 4UL * w, own);
	}
	sweep_report(name, &s);
}

/* GICv3 IROUTER<n>: 64-bit, one per SPI; route everything to "vCPU 1"
 * (Aff0 = 1, another physical core's affinity) and to all (IRM). */
static void sweep_routes(void)
{
	struct sweep s = {0};

	for (unsigned n = FIRST_SPI; n <= LAST_SPI; n++) {
		uint64_t a = G_GICD + GICD_IROUTER + 8UL * n;
		uint64_t before, after, want = n == VUART_INTID ? 1U : 0U;

		__asm__ volatile("ldr %0, [%1]" : "=r"(before) : "r"(a));
		__asm__ volatile("str %0, [%1]" : : "r"(1UL), "r"(a));
		__asm__ volatile("ldr %0, [%1]" : "=r"(after) : "r"(a));
		g_mmio_w32(a, 1U << 31); /* IRM = 1 */
		s.words++;
		if (n == VUART_INTID)
			s.own = after == want;
		else
			s.leaked += (before | after | g_mmio_r32(a)) != 0;
		__asm__ volatile("str xzr, [%0]" : : "r"(a));
	}
	sweep_report("gicd-route", &s);
}

/* GICv3 message-based SPIs: set the victim's SPI pending, or any other. */
static void msi_spis(void)
{
	static const uint32_t regs[] = {GICD_SETSPI_NSR, GICD_CLRSPI_NSR,
					GICD_SETSPI_SR, GICD_CLRSPI_SR};
	struct sweep s = {0};

	for (unsigned i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		sweep_word(&s, G_GICD + regs[i], 0, VICTIM_RTC_INTID, 0);
		sweep_word(&s, G_GICD + regs[i], 0, 40U, 0);
	}
	s.own = true; /* nothing of ours behind these registers */
	atk_report("gicd-msi-spi", s.leaked == 0 ? "raz-wi" : "reached",
		   "words=%u leaked=%u", s.words, s.leaked);
}

/* GICv2 SGI pending registers: RAZ/WI (docs/interrupts.md). */
static void sgi_pend_regs(void)
{
	struct sweep s = {0};

	for (unsigned w = 0; w < 4; w++) {
		sweep_word(&s, G_GICD + GICD_SPENDSGIR + 4UL * w, 0, ~0U, 0);
		sweep_word(&s, G_GICD + GICD_CPENDSGIR + 4UL * w, 0, ~0U, 0);
	}
	atk_report("gicd-sgi-pending", s.leaked == 0 ? "raz-wi" : "reached",
		   "words=%u leaked=%u", s.words, s.leaked);
}

/* Our own SPI back to its reset state: disabled, idle, level, group 0,
 * priority 0xa0, routed to vCPU 0. */
static void own_spi_reset(void)
{
	uint32_t bit = 1U << (VUART_INTID % 32U);
	uint64_t word = (VUART_INTID / 32U) * 4UL;
	uint64_t cfg = (VUART_INTID / 16U) * 4UL;

	g_mmio_w32(G_GICD + GICD_ICENABLER + word, bit);
	g_mmio_w32(G_GICD + GICD_ICPENDR + word, bit);
	g_mmio_w32(G_GICD + GICD_ICACTIVER + word, bit);
	g_mmio_w32(G_GICD + GICD_IGROUPR + word,
		   g_mmio_r32(G_GICD + GICD_IGROUPR + word) & ~bit);
	g_mmio_w32(G_GICD + GICD_ICFGR + cfg, 0);
	g_mmio_w8(G_GICD + GICD_IPRIORITYR + VUART_INTID, VUART_PRIO);
	if (gic_version == 2)
		g_mmio_w8(G_GICD + GICD_ITARGETSR + VUART_INTID, 1U);
}

/* Our distributor off and on again: only our emulated copy changes. */
static void dist_off(void)
{
	uint32_t off;
	uint64_t before = sgi_rx[2];
	bool ctrl;

	g_mmio_w32(G_GICD + GICD_CTLR, 0);
	off = g_mmio_r32(G_GICD + GICD_CTLR);
	g_delay_ms(20);
	g_mmio_w32(G_GICD + GICD_CTLR, 3U);
	g_gic_sgi(2, 0);
	ctrl = sgi_arrived(2, before + 1U);
	atk_report("gicd-ctlr",
		   ctrl && (off & 3U) == 0 ? "contained" : "unexpected",
		   "off=0x%x ctrl=%u", off, ctrl);
}

/* End of interrupt and deactivation of INTIDs we were never given: the
 * victim's SPI, the hypervisor's PPIs and SGIs, our own idle ones.  They
 * reach only our virtual CPU interface, which has none of them. */
static void foreign_eoi(void)
{
	static const uint32_t ids[] = {VICTIM_RTC_INTID, 25, 26, 8,   9,
				       VUART_INTID,	 27, 30, 1023};
	unsigned n = 0;
	uint64_t before = self_total() + other_rx;

	for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++, n += 2) {
		if (gic_version == 3) {
			__asm__ volatile("msr icc_eoir1_el1, %0\n\t"
					 "msr icc_dir_el1, %0\n\tisb"
					 :
					 : "r"((uint64_t)ids[i]));
		} else {
			g_mmio_w32(G_GICC + 0x10, ids[i]); /* GICC_EOIR */
			g_mmio_w32(G_GICC + 0x1000, ids[i]); /* GICC_DIR */
		}
	}
	g_delay_ms(5);
	atk_report("gic-foreign-eoi",
		   self_total() + other_rx == before ? "contained"
						     : "unexpected",
		   "writes=%u", n);
}

void attack_gicd(void)
{
	irqs_off();
	sweep("gicd-group", GICD_IGROUPR, 1, ~0U, ~0U, 0);
	sweep("gicd-enable", GICD_ISENABLER, 1, ~0U, ~0U, 0);
	sweep("gicd-disable", GICD_ICENABLER, 1, ~0U, 0, 0);
	sweep("gicd-pending", GICD_ISPENDR, 1, ~0U, ~0U, GICD_ICPENDR);
	sweep("gicd-active", GICD_ISACTIVER, 1, ~0U, ~0U, GICD_ICACTIVER);
	sweep("gicd-priority", GICD_IPRIORITYR, 8, 0x80808080U, 0x80808080U, 0);
	sweep("gicd-config", GICD_ICFGR, 2, 0xaaaaaaaaU, 0xaaaaaaaaU, 0);
	if (gic_version == 2) {
		/* Every CPU as target; our own SPI keeps only the targets
		 * we have (vCPU 0). */
		sweep("gicd-target", GICD_ITARGETSR, 8, ~0U, 0x01010101U, 0);
		sgi_pend_regs();
	} else {
		sweep_routes();
		msi_spis();
	}
	own_spi_reset();
	irqs_on();
	dist_off();
	foreign_eoi();
}

static void report_tally(const char *name, const struct tally *t,
			 const char *fmt_tail, unsigned tail)
{
	atk_report(name, tally_result(t, "contained"),
		   "ops=%u ok=%u esr=0x%llx %s=%u", t->ops, t->ok,
		   (unsigned long long)t->esr, fmt_tail, tail);
}

void attack_gicr(void)
{
	struct tally t = {0};
	struct probe p;
	uint32_t own_typer;

	if (gic_version != 3)
		return;
	/* Our one frame: Last set (IHI 0069 GICR_TYPER bit 4). */
	own_typer = g_mmio_r32(G_GICR + GICR_TYPER);
	/* Frame 1 (a vCPU we do not have), its SGI_base page, frames 2 and
	 * 3, the last frame of the region and its SGI page. */
	for (uint64_t f = G_GICR + G_GICR_STRIDE; f < GICR_REGION_END;
	     f += G_GICR_STRIDE) {
		bool probe_it = f < G_GICR + 4 * G_GICR_STRIDE ||
				f + G_GICR_STRIDE >= GICR_REGION_END;

		if (!probe_it)
			continue;
		probe(OP_R32, f + GICR_TYPER, 0, &p);
		tally_abort(&t, &p, f + GICR_TYPER);
		probe(OP_W32, f + GICR_WAKER, 0, &p);
		tally_abort(&t, &p, f + GICR_WAKER);
		probe(OP_W32, f + G_GICR_SGI + GICD_ISENABLER, ~0UL, &p);
		tally_abort(&t, &p, f + G_GICR_SGI + GICD_ISENABLER);
		probe(OP_R64, f + GICR_TYPER, 0, &p);
		tally_abort(&t, &p, f + GICR_TYPER);
	}
	report_tally("gicr-foreign", &t, "own_last", (own_typer >> 4) & 1U);
}

/* BURST self-SGIs raised with IRQs masked: more than the 4 list
 * registers, so the rest needs maintenance-interrupt refills. */
static unsigned burst(void)
{
	uint64_t before[BURST];
	unsigned got = 0;

	irqs_off();
	for (unsigned i = 0; i < BURST; i++) {
		before[i] = sgi_rx[i];
		g_gic_sgi(i, 0);
	}
	irqs_on();
	for (unsigned i = 0; i < BURST; i++)
		got += sgi_arrived(i, before[i] + 1U);
	return got;
}

/* Private registers of our own bank (GICv3: our redistributor's SGI_base
 * page; GICv2: the banked distributor words). */
static uint64_t private_bank(void)
{
	return gic_version == 3 ? G_GICR + G_GICR_SGI : G_GICD;
}

void attack_private_intids(void)
{
	uint64_t b = private_bank();
	uint32_t hyp = (1U << 8) | (1U << 9) | (1U << 25) | (1U << 26);
	unsigned got;

	irqs_off();
	g_mmio_w32(b + GICD_ICENABLER, ~0U);
	g_mmio_w32(b + GICD_ISPENDR, hyp);
	g_mmio_w32(b + GICD_ISACTIVER, hyp);
	g_mmio_w32(b + GICD_ICFGR + 4, 0xaaaaaaaaU); /* PPIs edge */
	for (unsigned id = 8; id <= 9; id++)
		g_mmio_w8(b + GICD_IPRIORITYR + id, 0);
	for (unsigned id = 25; id <= 26; id++)
		g_mmio_w8(b + GICD_IPRIORITYR + id, 0);
	if (gic_version == 3) /* our redistributor asleep, then awake */
		g_mmio_w32(G_GICR + GICR_WAKER, 2U);
	/* Back to a usable state: nothing pending or active, SGIs on. */
	g_mmio_w32(b + GICD_ICPENDR, ~0U);
	g_mmio_w32(b + GICD_ICACTIVER, ~0U);
	g_mmio_w32(b + GICD_ICFGR + 4, 0);
	if (gic_version == 3)
		g_mmio_w32(G_GICR + GICR_WAKER, 0);
	for (unsigned id = 0; id < 16U; id++)
		g_gic_enable(id, 0x80U);
	irqs_on();
	got = burst();
	atk_report("gic-hyp-private", got == BURST ? "contained" : "unexpected",
		   "burst=%u/%u", got, BURST);
}

/* ---- SGIs to vCPUs and cores that are not ours ---- */

/* ICC_SGI1R_EL1 fields (IHI 0069 ICC_SGI1R_EL1): TargetList [15:0],
 * Aff1 [23:16], INTID [27:24], Aff2 [39:32], IRM [40], RS [47:44],
 * Aff3 [55:48]. */
static unsigned sgis_v3(void)
{
	static const uint64_t forms[] = {
	    0xfffeUL, /* every other Aff0 in our cluster */
	    (1UL << 16) | 0xffffUL, /* Aff1 = 1 */
	    (1UL << 32) | 0xffffUL, /* Aff2 = 1 */
	    (1UL << 48) | 0xffffUL, /* Aff3 = 1 */
	    (1UL << 44) | 0xffffUL, /* RS = 1: Aff0 16-31 */
	    (15UL << 44) | 0xffffUL, /* RS = 15 */
	    1UL << 40, /* IRM: everyone but us */
	};
	unsigned sent = 0;

	for (unsigned id = 0; id < 16U; id++) {
		uint64_t sgi = (uint64_t)id << 24;

		for (unsigned f = 0; f < sizeof(forms) / sizeof(forms[0]);
		     f++, sent++)
			__asm__ volatile("msr icc_sgi1r_el1, %0\n\tisb"
					 :
					 : "r"(sgi | forms[f]));
		/* Group 0 to the others, and Secure Group 1 to all of us. */
		__asm__ volatile("msr icc_sgi0r_el1, %0\n\tisb"
				 :
				 : "r"(sgi | 0xfffeUL));
		__asm__ volatile("msr icc_asgi1r_el1, %0\n\tisb"
				 :
				 : "r"(sgi | 0xffffUL));
		sent += 2;
	}
	return sent;
}

/* GICD_SGIR (IHI 0048B): TargetListFilter [25:24], CPUTargetList
 * [23:16], NSATT [15], INTID [3:0]. */
static unsigned sgis_v2(void)
{
	static const uint32_t forms[] = {
	    0xfeU << 16, /* list: every other CPU */
	    0, /* list: nobody */
	    1U << 24, /* all but us: nobody else */
	    (3U << 24) | (0xffU << 16), /* reserved filter */
	    (0xfeU << 16) | (1U << 15), /* NSATT */
	};
	unsigned sent = 0;

	for (unsigned id = 0; id < 16U; id++)
		for (unsigned f = 0; f < sizeof(forms) / sizeof(forms[0]);
		     f++, sent++)
			g_mmio_w32(G_GICD + GICD_SGIR, forms[f] | id);
	return sent;
}

void attack_sgis(void)
{
	uint64_t before = self_total(), ctrl_before = sgi_rx[3];
	unsigned sent = gic_version == 3 ? sgis_v3() : sgis_v2();
	uint64_t self;
	bool ctrl;

	g_delay_ms(5);
	self = self_total() - before;
	g_gic_sgi(3, 0); /* the control: to ourselves */
	ctrl = sgi_arrived(3, ctrl_before + 1U);
	atk_report("sgi-foreign",
		   self == 0 && ctrl ? "contained" : "unexpected",
		   "sent=%u self_rx=%llu ctrl=%u", sent,
		   (unsigned long long)self, ctrl);
}
