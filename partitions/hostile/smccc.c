// SPDX-License-Identifier: Apache-2.0
/*
 * PSCI and SMCCC over both conduits (HVC, and SMC, which the hypervisor
 * traps with HCR_EL2.TSC).
 *
 * PSCI: CPU_ON of cores that are not ours (other Aff0..Aff3, the victim's
 * core among them) must return INVALID_PARAMETERS; CPU_ON of our own vCPU
 * with an entry point outside our RAM INVALID_ADDRESS; AFFINITY_INFO of
 * foreign cores INVALID_PARAMETERS; CPU_SUSPEND to a power-down state with
 * a foreign entry point returns to us.  The SMC32 forms narrow their
 * arguments to 32 bits (DEN 0028), so a 64-bit target whose low half is
 * zero names our own vCPU 0 there: ALREADY_ON / ON.
 *
 * Fuzz: FUZZ_CALLS calls per conduit with pseudo-random function IDs and
 * arguments from a fixed seed (xorshift64*).  Every result must be one the
 * hypervisor documents for that ID (NOT_SUPPORTED for all it does not
 * implement), and x1-x7 must come back unchanged.  Skipped, because they
 * legitimately end or restart the caller or are Bulkhead's own calls that
 * answer in x1-x3: CPU_OFF, SYSTEM_OFF, SYSTEM_RESET, BH_HC_INFO,
 * BH_HC_STATS (compared on the low 32 bits, as the hypervisor reads W0).
 *
 *   name=smccc-fuzz-<hvc|smc> result=refused calls=<n> known=<n>
 *        unsup=<n> bad=<n> skipped=<n> seed=0x<seed>
 */
#include "hostile.h"

#define FUZZ_CALLS 4096U
#define FUZZ_SEED 0x2545f4914f6cdd1dUL
#define FUZZ_ARGS 7U

struct call {
	uint64_t x[1 + FUZZ_ARGS]; /* x0 = function ID, x1-x7 arguments */
};

/* One call through the given conduit and immediate (the hypervisor must
 * not care about the immediate). */
static void conduit(bool smc, unsigned imm, struct call *c)
{
	register uint64_t x0 __asm__("x0") = c->x[0];
	register uint64_t x1 __asm__("x1") = c->x[1];
	register uint64_t x2 __asm__("x2") = c->x[2];
	register uint64_t x3 __asm__("x3") = c->x[3];
	register uint64_t x4 __asm__("x4") = c->x[4];
	register uint64_t x5 __asm__("x5") = c->x[5];
	register uint64_t x6 __asm__("x6") = c->x[6];
	register uint64_t x7 __asm__("x7") = c->x[7];

#define CALL(insn)                                                             \
	__asm__ volatile(insn                                                  \
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4),   \
			   "+r"(x5), "+r"(x6), "+r"(x7)                        \
			 :                                                     \
			 : "memory")
	if (smc && imm == 0)
		CALL("smc #0");
	else if (smc && imm == 1)
		CALL("smc #1");
	else if (smc)
		CALL("smc #0xffff");
	else if (imm == 0)
		CALL("hvc #0");
	else if (imm == 1)
		CALL("hvc #1");
	else
		CALL("hvc #0xffff");
#undef CALL
	c->x[0] = x0, c->x[1] = x1, c->x[2] = x2, c->x[3] = x3;
	c->x[4] = x4, c->x[5] = x5, c->x[6] = x6, c->x[7] = x7;
}

static int64_t psci(bool smc, uint64_t fid, uint64_t a1, uint64_t a2,
		    uint64_t a3)
{
	return smc ? g_smc(fid, a1, a2, a3) : g_hvc(fid, a1, a2, a3);
}

static bool is_32(uint64_t fid)
{
	return (fid & (1UL << 30)) == 0;
}

/* Does this target name our vCPU 0 once narrowed (affinity fields only,
 * as the hypervisor compares them)? */
static bool names_us(uint64_t fid, uint64_t target)
{
	if (is_32(fid))
		target &= 0xffffffffUL;
	return (target & 0xff00ffffffUL) == 0;
}

static const char *verdict(unsigned calls, unsigned ok)
{
	return ok == calls ? "refused" : "unexpected";
}

static void cpu_on_foreign(void)
{
	static const uint64_t targets[] = {
	    1,	     2,		  3,	      0x100,
	    0x10000, 0x100000000, 0x80000001, 0xff00ffffff,
	    ~0UL,    0x81,
	};
	uint64_t entry = (uint64_t)(uintptr_t)&guest_secondary_start;
	unsigned calls = 0, ok = 0;
	int64_t r = 0;

	for (unsigned smc = 0; smc < 2; smc++)
		for (unsigned w = 0; w < 2; w++)
			for (unsigned i = 0; i < sizeof(targets) / 8; i++) {
				uint64_t fid =
				    w ? PSCI_CPU_ON_32 : PSCI_CPU_ON_64;
				int64_t want = names_us(fid, targets[i])
						   ? PSCI_RET_ALREADY_ON
						   : PSCI_RET_INVALID_PARAMS;

				r = psci(smc, fid, targets[i], entry, 0);
				calls++;
				ok += r == want;
			}
	atk_report("psci-cpu-on-foreign", verdict(calls, ok),
		   "calls=%u ok=%u last=%lld", calls, ok, (long long)r);
}

static void cpu_on_bad_entry(void)
{
	static const uint64_t entries[] = {
	    VICTIM_RAM, HYP_IMAGE, 0, ~0UL, VUART, 0x4c000000UL, 0x80000000UL,
	};
	unsigned calls = 0, ok = 0;
	int64_t ctrl;

	for (unsigned smc = 0; smc < 2; smc++)
		for (unsigned i = 0; i < sizeof(entries) / 8; i++) {
			int64_t r = psci(smc, PSCI_CPU_ON_64, 0, entries[i], 0);

			calls++;
			ok += r == PSCI_INVALID_ADDRESS;
		}
	/* The control: a valid entry on our running vCPU. */
	ctrl = psci(false, PSCI_CPU_ON_64, 0,
		    (uint64_t)(uintptr_t)&guest_secondary_start, 0);
	atk_report("psci-cpu-on-bad-entry",
		   ctrl == PSCI_RET_ALREADY_ON ? verdict(calls, ok)
					       : "unexpected",
		   "calls=%u ok=%u ctrl=%lld", calls, ok, (long long)ctrl);
}

static void affinity_foreign(void)
{
	static const uint64_t targets[] = {1, 3, 0x100, 0x10000, 0x100000000};
	unsigned calls = 0, ok = 0;
	int64_t lvl1;

	for (unsigned smc = 0; smc < 2; smc++)
		for (unsigned w = 0; w < 2; w++)
			for (unsigned i = 0; i < sizeof(targets) / 8; i++) {
				uint64_t fid = w ? PSCI_AFFINITY_INFO_32
						 : PSCI_AFFINITY_INFO_64;
				int64_t want = names_us(fid, targets[i])
						   ? 0 /* ON */
						   : PSCI_RET_INVALID_PARAMS;

				calls++;
				ok += psci(smc, fid, targets[i], 0, 0) == want;
			}
	lvl1 = psci(false, PSCI_AFFINITY_INFO_64, 0, 1, 0);
	calls++;
	ok += lvl1 == PSCI_RET_INVALID_PARAMS; /* only level 0 is supported */
	atk_report("psci-affinity-foreign", verdict(calls, ok),
		   "calls=%u ok=%u", calls, ok);
}

/* CPU_SUSPEND to a power-down state (StateType, bit 16 of the original
 * power_state format) with an entry point in the victim's RAM: the
 * hypervisor treats every state as standby, so the call must simply
 * return SUCCESS here, never resume at the entry point. */
static void suspend_foreign_entry(void)
{
	unsigned calls = 0, ok = 0;

	for (unsigned smc = 0; smc < 2; smc++) {
		ok += psci(smc, PSCI_CPU_SUSPEND_64, 1UL << 16, VICTIM_RAM,
			   0) == 0;
		ok += psci(smc, PSCI_CPU_SUSPEND_32, 1UL << 16, HYP_IMAGE, 0) ==
		      0;
		calls += 2;
	}
	atk_report("psci-suspend-foreign-entry",
		   ok == calls ? "contained" : "unexpected", "calls=%u ok=%u",
		   calls, ok);
}

void attack_psci(void)
{
	cpu_on_foreign();
	cpu_on_bad_entry();
	affinity_foreign();
	suspend_foreign_entry();
}

/* ---- fuzzing ---- */

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dUL;
}

/* A function ID: a quarter anything at all, a quarter fast calls of any
 * owning entity, a quarter around the PSCI IDs, a quarter around
 * Bulkhead's vendor-hypervisor range (owner 6) and the SiP range. */
static uint64_t fuzz_fid(uint64_t r)
{
	uint64_t sel = r & 3U, width = (r >> 2) & 1U ? 1UL << 30 : 0;

	if (sel == 0)
		return r;
	if (sel == 1)
		return (1UL << 31) | width | (((r >> 8) & 0x3fU) << 24) |
		       ((r >> 16) & 0xffffU);
	if (sel == 2)
		return 0x84000000UL | width | ((r >> 8) & 0x1fU);
	return ((r >> 3) & 1U ? 0x86000000UL : 0x82000000UL) | width |
	       ((r >> 8) & 0xffU);
}

static bool skipped(uint32_t fid)
{
	return fid == PSCI_CPU_OFF || fid == PSCI_SYSTEM_OFF ||
	       fid == PSCI_SYSTEM_RESET || fid == BH_HC_INFO ||
	       fid == BH_HC_STATS;
}

/* Is r a documented answer to fid (docs/architecture.md, SMC/HVC)?
 * Sets *known if fid is one the hypervisor implements. */
static bool answer_ok(uint32_t fid, int64_t r, bool *known)
{
	*known = true;
	switch (fid) {
	case PSCI_VERSION:
		return r == PSCI_VERSION_1_1;
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
		return r == 0;
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64: /* never SUCCESS: our only vCPU is on */
		return r == PSCI_RET_INVALID_PARAMS ||
		       r == PSCI_INVALID_ADDRESS || r == PSCI_RET_ALREADY_ON ||
		       r == PSCI_RET_ON_PENDING;
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
		return r == 0 || r == PSCI_RET_INVALID_PARAMS;
	case PSCI_MIGRATE_INFO_TYPE:
		return r == 2; /* no Trusted OS */
	case PSCI_FEATURES:
		return r == 0 || r == SMCCC_NOT_SUPPORTED;
	default:
		*known = false;
		return r == SMCCC_NOT_SUPPORTED;
	}
}

static void fuzz(bool smc)
{
	uint64_t s = FUZZ_SEED ^ (smc ? 0x5eedUL : 0);
	unsigned known = 0, unsup = 0, bad = 0, skip = 0;

	for (unsigned n = 0; n < FUZZ_CALLS; n++) {
		struct call c, in;
		uint64_t r = rng_next(&s);
		bool k;

		c.x[0] = fuzz_fid(r);
		for (unsigned i = 1; i <= FUZZ_ARGS; i++)
			c.x[i] = rng_next(&s);
		if (skipped((uint32_t)c.x[0])) {
			skip++;
			continue;
		}
		in = c;
		conduit(smc, (unsigned)(r >> 40) % 3U, &c);
		if (!answer_ok((uint32_t)in.x[0], (int64_t)c.x[0], &k))
			bad++;
		for (unsigned i = 1; i <= FUZZ_ARGS; i++)
			bad += c.x[i] != in.x[i];
		known += k;
		unsup += (int64_t)c.x[0] == SMCCC_NOT_SUPPORTED;
	}
	atk_report(smc ? "smccc-fuzz-smc" : "smccc-fuzz-hvc",
		   bad == 0 ? "refused" : "unexpected",
		   "calls=%u known=%u unsup=%u bad=%u skipped=%u seed=0x%lx",
		   FUZZ_CALLS - skip, known, unsup, bad, skip,
		   (unsigned long)FUZZ_SEED);
}

void attack_smccc_fuzz(void)
{
	fuzz(false);
	fuzz(true);
}
