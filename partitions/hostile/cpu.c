// SPDX-License-Identifier: Apache-2.0
/*
 * Instructions the hypervisor must trap.
 *
 * Set/way cache maintenance (DC ISW / CSW / CISW) over every set and way
 * of the first data cache level and part of the second, plus operands no
 * cache has: each must trap (HCR_EL2.TSW; the count of hypervisor entries
 * from BH_HC_STATS must grow by at least the number of operations) and is
 * executed as clean+invalidate, so the victim keeps its data (the test
 * checks its checksum).
 *
 * System registers: implementation-defined ones (HCR_EL2.TIDCP) must give
 * an undefined-instruction exception from the hypervisor (trapped = ops,
 * counted with BH_HC_STATS); EL2 registers, the EL2 timer included, are
 * UNDEFINED at EL1 by the architecture (trapped=0: the hypervisor never
 * sees them); on GICv3 a read of the write-only ICC_SGI1R_EL1 is
 * undefined too (the CPU does not trap it, though the hypervisor would
 * refuse it if it did).  PMU and debug registers are not trapped
 * (MDCR_EL2 sets only HPMN, docs/security.md section 4): they work, on
 * this core only ("native").
 */
#include "hostile.h"

#define L2_SETS_MAX 64U /* of the second level: enough, and quick */

/* CCSIDR_EL1 of data/unified cache `level` (0-based), selected through
 * CSSELR_EL1 (Arm ARM D19.2.25, without FEAT_CCIDX). */
static uint64_t ccsidr(unsigned level)
{
	uint64_t v;

	__asm__ volatile("msr csselr_el1, %1\n\tisb\n\tmrs %0, ccsidr_el1"
			 : "=r"(v)
			 : "r"((uint64_t)level << 1));
	return v;
}

static unsigned log2_ceil(unsigned n)
{
	unsigned l = 0;

	while ((1U << l) < n)
		l++;
	return l;
}

static unsigned dc_sw(unsigned op, uint64_t sw)
{
	if (op == 0)
		__asm__ volatile("dc isw, %0" : : "r"(sw) : "memory");
	else if (op == 1)
		__asm__ volatile("dc csw, %0" : : "r"(sw) : "memory");
	else
		__asm__ volatile("dc cisw, %0" : : "r"(sw) : "memory");
	return 1;
}

/* Every op on sets [0, max_sets) and all ways of one level (DC *SW
 * operand: way [31:32-A], set [L+S-1:L], level [3:1]). */
static unsigned sweep_level(unsigned level, unsigned max_sets)
{
	uint64_t c = ccsidr(level);
	unsigned line = (unsigned)(c & 7U) + 4U;
	unsigned ways = (unsigned)((c >> 3) & 0x3ffU) + 1U;
	unsigned sets = (unsigned)((c >> 13) & 0x7fffU) + 1U;
	unsigned a = log2_ceil(ways), n = 0;

	if (sets > max_sets)
		sets = max_sets;
	for (unsigned op = 0; op < 3; op++)
		for (unsigned w = 0; w < ways; w++)
			for (unsigned s = 0; s < sets; s++) {
				uint64_t sw = ((uint64_t)s << line) |
					      ((uint64_t)level << 1);

				if (a != 0)
					sw |= (uint64_t)w << (32U - a);
				n += dc_sw(op, sw);
			}
	return n;
}

void attack_set_way(void)
{
	uint64_t clidr, exits;
	unsigned ops = 0;

	__asm__ volatile("mrs %0, clidr_el1" : "=r"(clidr));
	exits = hyp_exits();
	ops += sweep_level(0, 0xffffU);
	if (((clidr >> 3) & 7U) >= 2U) /* a level 2 data/unified cache */
		ops += sweep_level(1, L2_SETS_MAX);
	/* Operands no cache has: level 7, and every bit set. */
	for (unsigned op = 0; op < 3; op++) {
		ops += dc_sw(op, 7U << 1);
		ops += dc_sw(op, 0xffffffffUL);
	}
	exits = hyp_exits() - exits;
	atk_report("cache-set-way", exits >= ops ? "trapped" : "unexpected",
		   "ops=%u exits=%llu", ops, (unsigned long long)exits);
}

/* ---- system registers ---- */

/* One instruction per function, so that probe_fn() can run it. */
#define SYSREG_RD(name, enc)                                                   \
	static void rd_##name(void)                                            \
	{                                                                      \
		uint64_t v;                                                    \
		__asm__ volatile("mrs %0, " enc : "=r"(v)::"memory");          \
		(void)v;                                                       \
	}
#define SYSREG_WR(name, enc, val)                                              \
	static void wr_##name(void)                                            \
	{                                                                      \
		__asm__ volatile("msr " enc ", %0"                             \
				 :                                             \
				 : "r"((uint64_t)(val))                        \
				 : "memory");                                  \
	}

/* Implementation-defined (Cortex-A53/A57/A72 TRMs: CPUACTLR_EL1,
 * CPUECTLR_EL1, CPUMERRSR_EL1, L2MERRSR_EL1, L2CTLR_EL1, L2ECTLR_EL1),
 * and encodings in the IMPDEF space that no core defines. */
SYSREG_RD(cpuactlr, "S3_1_C15_C2_0")
SYSREG_WR(cpuactlr, "S3_1_C15_C2_0", 0)
SYSREG_RD(cpuectlr, "S3_1_C15_C2_1")
SYSREG_WR(cpuectlr, "S3_1_C15_C2_1", 0)
SYSREG_RD(cpumerrsr, "S3_1_C15_C2_2")
SYSREG_WR(cpumerrsr, "S3_1_C15_C2_2", 0)
SYSREG_RD(l2merrsr, "S3_1_C15_C2_3")
SYSREG_RD(l2ctlr, "S3_1_C11_C0_2")
SYSREG_WR(l2ctlr, "S3_1_C11_C0_2", 0)
SYSREG_RD(l2ectlr, "S3_1_C11_C0_3")
SYSREG_WR(l2ectlr, "S3_1_C11_C0_3", 0)
SYSREG_RD(impdef_a, "S3_0_C15_C0_0")
SYSREG_WR(impdef_b, "S3_7_C15_C15_7", ~0UL)
SYSREG_RD(impdef_c, "S3_3_C11_C4_2")

/* EL2 registers from EL1. */
SYSREG_RD(hcr, "hcr_el2")
SYSREG_WR(hcr, "hcr_el2", 0)
SYSREG_RD(vttbr, "vttbr_el2")
SYSREG_WR(vttbr, "vttbr_el2", 0)
SYSREG_RD(ich_hcr, "S3_4_C12_C11_0")
SYSREG_WR(vbar2, "vbar_el2", 0)
SYSREG_RD(cnthp_ctl, "cnthp_ctl_el2") /* the hypervisor's timer */
SYSREG_WR(cntvoff, "cntvoff_el2", 0)

/* GICv3: ICC_SGI1R_EL1 is write-only. */
SYSREG_RD(sgi1r, "S3_0_C12_C11_5")

/* PMU and debug. */
SYSREG_RD(pmcr, "pmcr_el0")
SYSREG_WR(pmcntenset, "pmcntenset_el0", 1UL << 31)
SYSREG_RD(pmccntr, "pmccntr_el0")
SYSREG_WR(pmcntenclr, "pmcntenclr_el0", 1UL << 31)
SYSREG_RD(mdscr, "mdscr_el1")
SYSREG_RD(dbgbvr0, "dbgbvr0_el1")
SYSREG_WR(dbgbvr0, "dbgbvr0_el1", 0)

static void run(struct tally *t, void (*fn)(void), enum outcome want)
{
	struct probe p;

	probe_fn(fn, &p);
	tally_want(t, &p, want);
}

static void report(const char *name, const struct tally *t, const char *good,
		   uint64_t exits)
{
	atk_report(name, tally_result(t, good), "ops=%u ok=%u trapped=%llu",
		   t->ops, t->ok, (unsigned long long)exits);
}

static void impdef(void)
{
	struct tally t = {0};
	uint64_t exits = hyp_exits();

	run(&t, rd_cpuactlr, OUT_UNDEF);
	run(&t, wr_cpuactlr, OUT_UNDEF);
	run(&t, rd_cpuectlr, OUT_UNDEF);
	run(&t, wr_cpuectlr, OUT_UNDEF);
	run(&t, rd_cpumerrsr, OUT_UNDEF);
	run(&t, wr_cpumerrsr, OUT_UNDEF);
	run(&t, rd_l2merrsr, OUT_UNDEF);
	run(&t, rd_l2ctlr, OUT_UNDEF);
	run(&t, wr_l2ctlr, OUT_UNDEF);
	run(&t, rd_l2ectlr, OUT_UNDEF);
	run(&t, wr_l2ectlr, OUT_UNDEF);
	run(&t, rd_impdef_a, OUT_UNDEF);
	run(&t, wr_impdef_b, OUT_UNDEF);
	run(&t, rd_impdef_c, OUT_UNDEF);
	/* hyp_exits() counts its own call: one extra. */
	exits = hyp_exits() - exits - 1U;
	if (exits < t.ops) /* undefined, but not by the hypervisor */
		t.ok = 0;
	report("sysreg-impdef", &t, "undef", exits);
}

static void el2_regs(void)
{
	struct tally t = {0};
	uint64_t exits = hyp_exits();

	run(&t, rd_hcr, OUT_UNDEF);
	run(&t, wr_hcr, OUT_UNDEF);
	run(&t, rd_vttbr, OUT_UNDEF);
	run(&t, wr_vttbr, OUT_UNDEF);
	run(&t, rd_ich_hcr, OUT_UNDEF);
	run(&t, wr_vbar2, OUT_UNDEF);
	run(&t, rd_cnthp_ctl, OUT_UNDEF);
	run(&t, wr_cntvoff, OUT_UNDEF);
	report("sysreg-el2", &t, "undef", hyp_exits() - exits - 1U);
}

static void sgi_read(void)
{
	struct tally t = {0};
	uint64_t exits = hyp_exits();

	run(&t, rd_sgi1r, OUT_UNDEF);
	report("sysreg-sgi1r-read", &t, "undef", hyp_exits() - exits - 1U);
}

static void pmu_debug(void)
{
	struct tally t = {0};
	uint64_t exits = hyp_exits();

	run(&t, rd_pmcr, OUT_NONE);
	run(&t, wr_pmcntenset, OUT_NONE);
	run(&t, rd_pmccntr, OUT_NONE);
	run(&t, wr_pmcntenclr, OUT_NONE);
	run(&t, rd_mdscr, OUT_NONE);
	run(&t, rd_dbgbvr0, OUT_NONE);
	run(&t, wr_dbgbvr0, OUT_NONE);
	/* "reached" would be misleading here: these are expected to work. */
	atk_report("sysreg-pmu-debug", t.ok == t.ops ? "native" : "unexpected",
		   "ops=%u ok=%u trapped=%llu", t.ops, t.ok,
		   (unsigned long long)(hyp_exits() - exits - 1U));
}

void attack_sysregs(void)
{
	impdef();
	el2_regs();
	if (gic_version == 3)
		sgi_read();
	pmu_debug();
}
