// SPDX-License-Identifier: Apache-2.0
/*
 * One access that may fault, in each instruction form the attacks use, and
 * the bookkeeping of what came back.  The runtime's EL1 vectors record the
 * ESR and FAR of a synchronous exception taken while g_expect_fault is set
 * and resume after the faulting instruction, so a load that faulted leaves
 * its destination register as it was (the sentinel).
 */
#include "hostile.h"

/* ESR_EL1 (Arm ARM D19.2.37): EC [31:26]; for a data abort DFSC [5:0],
 * (IFSC for an instruction abort) 0x10 = synchronous external abort, not on
 * a translation table walk. */
#define ESR_EC(esr) (((esr) >> 26) & 0x3fU)
#define EC_UNKNOWN 0x00U
#define EC_IABT_CUR 0x21U
#define EC_DABT_CUR 0x25U
#define FSC_SEA 0x10U

unsigned long total_aborts, total_undefs;

static void catch_begin(void)
{
	g_fault_count = 0;
	g_last_esr = 0;
	g_last_far = 0;
	g_expect_fault = true;
}

static void catch_end(struct probe *p)
{
	unsigned ec;

	g_expect_fault = false;
	g_resume_at = 0; /* a branch that did not fault leaves it set */
	p->exceptions = (unsigned)g_fault_count;
	p->esr = g_last_esr;
	p->far = g_last_far;
	ec = ESR_EC(p->esr);
	if (p->exceptions == 0)
		p->out = OUT_NONE;
	else if (p->exceptions == 1 &&
		 (ec == EC_DABT_CUR || ec == EC_IABT_CUR) &&
		 (p->esr & 0x3fU) == FSC_SEA)
		p->out = OUT_SEA;
	else if (p->exceptions == 1 && ec == EC_UNKNOWN)
		p->out = OUT_UNDEF;
	else
		p->out = OUT_OTHER;
	if (p->out == OUT_SEA)
		total_aborts++;
	else if (p->out == OUT_UNDEF)
		total_undefs++;
}

/* Loads: v starts as the sentinel and stays so if the load was skipped. */
static uint64_t load(enum op op, uint64_t a, uint64_t *base)
{
	uint64_t v = PROBE_SENTINEL, v2 = PROBE_SENTINEL;

	switch (op) {
	case OP_R8:
		__asm__ volatile("ldrb %w0, [%1]"
				 : "+r"(v)
				 : "r"(a)
				 : "memory");
		break;
	case OP_R16:
		__asm__ volatile("ldrh %w0, [%1]"
				 : "+r"(v)
				 : "r"(a)
				 : "memory");
		break;
	case OP_R32:
		__asm__ volatile("ldr %w0, [%1]" : "+r"(v) : "r"(a) : "memory");
		break;
	case OP_R64:
		__asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(a) : "memory");
		break;
	case OP_LDP:
		__asm__ volatile("ldp %0, %1, [%2]"
				 : "+&r"(v), "+&r"(v2)
				 : "r"(a)
				 : "memory");
		v ^= v2 ^ PROBE_SENTINEL; /* sentinel only if both kept */
		break;
	case OP_LDR_POST:
		__asm__ volatile("ldr %w0, [%1], #4"
				 : "+&r"(v), "+r"(*base)
				 :
				 : "memory");
		break;
	case OP_LDXR:
		__asm__ volatile("ldxr %0, [%1]" : "+r"(v) : "r"(a) : "memory");
		break;
	default: /* OP_LD1: through v31, which nothing else uses */
		__asm__ volatile("fmov d31, %0\n\t"
				 "ld1 {v31.2d}, [%1]\n\t"
				 "fmov %0, d31"
				 : "+r"(v)
				 : "r"(a)
				 : "memory");
		break;
	}
	return v;
}

/* Stores; OP_STXR reports its status register as the value (the sentinel
 * if the instruction was skipped, 0 or 1 if it executed). */
static uint64_t store(enum op op, uint64_t a, uint64_t x, uint64_t *base)
{
	uint64_t status = PROBE_SENTINEL;

	switch (op) {
	case OP_W8:
		__asm__ volatile("strb %w0, [%1]"
				 :
				 : "r"(x), "r"(a)
				 : "memory");
		break;
	case OP_W16:
		__asm__ volatile("strh %w0, [%1]"
				 :
				 : "r"(x), "r"(a)
				 : "memory");
		break;
	case OP_W32:
		__asm__ volatile("str %w0, [%1]" : : "r"(x), "r"(a) : "memory");
		break;
	case OP_W64:
		__asm__ volatile("str %0, [%1]" : : "r"(x), "r"(a) : "memory");
		break;
	case OP_STP:
		__asm__ volatile("stp %0, %0, [%1]"
				 :
				 : "r"(x), "r"(a)
				 : "memory");
		break;
	case OP_STR_PRE:
		__asm__ volatile("str %w1, [%0, #4]!"
				 : "+r"(*base)
				 : "r"(x)
				 : "memory");
		break;
	case OP_STXR:
		__asm__ volatile("stxr %w0, %1, [%2]"
				 : "+&r"(status)
				 : "r"(x), "r"(a)
				 : "memory");
		break;
	default: /* OP_ZVA */
		__asm__ volatile("dc zva, %0" : : "r"(a) : "memory");
		break;
	}
	return status;
}

/* Branch to a: if the fetch faults, the runtime resumes at the label after
 * the branch (g_resume_at).  Should it not fault, whatever is there runs
 * with our registers, and the attack has failed anyway. */
static void branch(uint64_t a)
{
	__asm__ volatile("adr x9, 1f\n\t"
			 "str x9, [%1]\n\t"
			 "blr %0\n"
			 "1:"
			 :
			 : "r"(a), "r"(&g_resume_at)
			 : "x9", "x30", "memory");
}

static bool is_load(enum op op)
{
	return op == OP_R8 || op == OP_R16 || op == OP_R32 || op == OP_R64 ||
	       op == OP_LDP || op == OP_LDR_POST || op == OP_LDXR ||
	       op == OP_LD1;
}

void probe(enum op op, uint64_t addr, uint64_t value, struct probe *p)
{
	uint64_t base = addr;

	p->op = op;
	catch_begin();
	if (op == OP_EXEC) {
		branch(addr);
		p->value = PROBE_SENTINEL;
	} else if (is_load(op)) {
		p->value = load(op, addr, &base);
	} else {
		p->value = store(op, addr, value, &base);
	}
	catch_end(p);
	p->writeback = base != addr;
}

void probe_fn(void (*fn)(void), struct probe *p)
{
	catch_begin();
	fn();
	catch_end(p);
	p->op = OP_R8; /* not an access */
	p->value = PROBE_SENTINEL;
	p->writeback = false;
}

static void tally_count(struct tally *t, const struct probe *p, bool ok)
{
	if (t->ops == 0 || t->ok == t->ops)
		t->esr = p->esr; /* the last, until one is not ok */
	t->ops++;
	if (ok)
		t->ok++;
	else if (p->out == OUT_NONE)
		t->reached++;
}

/* A store-exclusive whose monitor is not armed (its load-exclusive
 * faulted) may fail, status 1, without accessing memory at all (Arm ARM
 * B2.9): refused just as well. */
static bool stxr_failed(const struct probe *p)
{
	return p->op == OP_STXR && p->out == OUT_NONE && p->value == 1;
}

void tally_abort(struct tally *t, const struct probe *p, uint64_t va)
{
	tally_count(t, p,
		    stxr_failed(p) ||
			(p->out == OUT_SEA && (p->far >> 12) == (va >> 12) &&
			 p->value == PROBE_SENTINEL && !p->writeback));
}

void tally_want(struct tally *t, const struct probe *p, enum outcome want)
{
	tally_count(t, p, p->out == want);
}

const char *tally_result(const struct tally *t, const char *good)
{
	if (t->ops > 0 && t->ok == t->ops)
		return good;
	return t->reached > 0 ? "reached" : "unexpected";
}
