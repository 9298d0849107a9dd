// SPDX-License-Identifier: Apache-2.0
/*
 * SMCCC and PSCI 1.1 for guests (Arm DEN 0028 SMCCC, Arm DEN 0022 PSCI).
 * Calls arrive over SMC (trapped by HCR_EL2.TSC) or HVC.  A partition may
 * only act on its own vCPUs and never reaches firmware.
 */
#include <bulkhead/log.h>
#include <bulkhead/part.h>
#include <bulkhead/psci.h>

#define SMCCC_RET_NOT_SUPPORTED (-1)

struct psci_call {
	uint32_t fid;
	int64_t (*fn)(struct vcpu *v, uint64_t a1, uint64_t a2, uint64_t a3);
};

static int64_t psci_version(struct vcpu *v, uint64_t a1, uint64_t a2,
			    uint64_t a3)
{
	(void)v, (void)a1, (void)a2, (void)a3;
	return PSCI_VERSION_1_1;
}

static bool ipa_is_ram(const struct part *p, uint64_t ipa)
{
	uint64_t pa;

	return cfg_part_ipa_to_pa(p->cfg, ipa, 4, &pa);
}

static int64_t psci_cpu_on(struct vcpu *v, uint64_t target, uint64_t entry,
			   uint64_t context)
{
	struct vcpu *t = vcpu_find_by_mpidr(v->part, target);
	enum vcpu_state expected = VCPU_OFF;

	if (t == NULL)
		return PSCI_RET_INVALID_PARAMS;
	if (!ipa_is_ram(v->part, entry))
		return -9; /* INVALID_ADDRESS */
	/* Claim the vCPU first, publish ON_PENDING only once the entry point
	 * is written: its core starts the moment it sees ON_PENDING. */
	if (__atomic_compare_exchange_n(&t->state, &expected, VCPU_CLAIMED,
					false, __ATOMIC_ACQ_REL,
					__ATOMIC_ACQUIRE)) {
		vcpu_request_on(t, entry, context);
		return PSCI_RET_SUCCESS;
	}
	return expected == VCPU_ON_PENDING || expected == VCPU_CLAIMED
		   ? PSCI_RET_ON_PENDING
		   : PSCI_RET_ALREADY_ON;
}

static int64_t psci_cpu_off(struct vcpu *v, uint64_t a1, uint64_t a2,
			    uint64_t a3)
{
	(void)a1, (void)a2, (void)a3;
	__atomic_store_n(&v->state, VCPU_OFF, __ATOMIC_RELEASE);
	vcpu_wait_and_run(v);
}

static int64_t psci_cpu_suspend(struct vcpu *v, uint64_t a1, uint64_t a2,
				uint64_t a3)
{
	/* Every state is treated as standby: waking is immediate (DEN 0022
	 * 5.4.2 allows a power-down request to return as from standby). */
	(void)v, (void)a1, (void)a2, (void)a3;
	return PSCI_RET_SUCCESS;
}

static int64_t psci_affinity_info(struct vcpu *v, uint64_t target,
				  uint64_t level, uint64_t a3)
{
	struct vcpu *t = vcpu_find_by_mpidr(v->part, target);

	(void)a3;
	if (t == NULL || level != 0)
		return PSCI_RET_INVALID_PARAMS;
	switch (__atomic_load_n(&t->state, __ATOMIC_ACQUIRE)) {
	case VCPU_ON:
		return PSCI_AFF_ON;
	case VCPU_ON_PENDING:
	case VCPU_CLAIMED:
		return PSCI_AFF_ON_PENDING;
	default:
		return PSCI_AFF_OFF;
	}
}

static int64_t psci_migrate_info_type(struct vcpu *v, uint64_t a1, uint64_t a2,
				      uint64_t a3)
{
	(void)v, (void)a1, (void)a2, (void)a3;
	return PSCI_TOS_NOT_PRESENT_MP;
}

static int64_t psci_system_off(struct vcpu *v, uint64_t a1, uint64_t a2,
			       uint64_t a3)
{
	(void)a1, (void)a2, (void)a3;
	part_stop_self(v->part, "PSCI SYSTEM_OFF");
}

static int64_t psci_system_reset(struct vcpu *v, uint64_t a1, uint64_t a2,
				 uint64_t a3)
{
	(void)a1, (void)a2, (void)a3;
	/* Only the calling partition: the board is everyone's. */
	part_restart(v->part, "PSCI SYSTEM_RESET");
}

static int64_t psci_features(struct vcpu *v, uint64_t fid, uint64_t a2,
			     uint64_t a3);

/* Bulkhead's own call: x1 = physical core, x2 = partition id, x3 = vCPU
 * index.  Lets test guests prove which core they really run on. */
static int64_t bh_info(struct vcpu *v, uint64_t a1, uint64_t a2, uint64_t a3)
{
	(void)a1, (void)a2, (void)a3;
	v->regs.x[1] = v->cpu;
	v->regs.x[2] = v->part->id;
	v->regs.x[3] = v->index;
	return PSCI_RET_SUCCESS;
}

/* Bulkhead's own call: this vCPU's EL2 entries so far, x1 = all, x2 = IRQ
 * exits, x3 = the rest (this call included).  A real-time guest reads it
 * around a measurement to see what the hypervisor cost its core. */

static int64_t bh_stats(struct vcpu *v, uint64_t a1, uint64_t a2, uint64_t a3)
{
	uint64_t total = 0;

	(void)a1, (void)a2, (void)a3;
	for (unsigned i = 0; i < EXIT_CAUSE_COUNT; i++)
		total += v->exits[i];
	v->regs.x[1] = total;
	v->regs.x[2] = v->exits[EXIT_IRQ];
	v->regs.x[3] = total - v->exits[EXIT_IRQ];
	return PSCI_RET_SUCCESS;
}

static const struct psci_call psci_calls[] = {
    {PSCI_VERSION, psci_version},
    {PSCI_CPU_SUSPEND_32, psci_cpu_suspend},
    {PSCI_CPU_SUSPEND_64, psci_cpu_suspend},
    {PSCI_CPU_OFF, psci_cpu_off},
    {PSCI_CPU_ON_32, psci_cpu_on},
    {PSCI_CPU_ON_64, psci_cpu_on},
    {PSCI_AFFINITY_INFO_32, psci_affinity_info},
    {PSCI_AFFINITY_INFO_64, psci_affinity_info},
    {PSCI_MIGRATE_INFO_TYPE, psci_migrate_info_type},
    {PSCI_SYSTEM_OFF, psci_system_off},
    {PSCI_SYSTEM_RESET, psci_system_reset},
    {PSCI_FEATURES, psci_features},
    {BH_HC_INFO, bh_info},
    {BH_HC_STATS, bh_stats},
};

static const struct psci_call *psci_lookup(uint64_t fid)
{
	for (unsigned i = 0; i < ARRAY_SIZE(psci_calls); i++)
		if (psci_calls[i].fid == fid)
			return &psci_calls[i];
	return NULL;
}

static int64_t psci_features(struct vcpu *v, uint64_t fid, uint64_t a2,
			     uint64_t a3)
{
	(void)v, (void)a2, (void)a3;
	return psci_lookup(fid) != NULL ? PSCI_RET_SUCCESS
					: PSCI_RET_NOT_SUPPORTED;
}

void smccc_handle(struct vcpu *v)
{
	uint64_t *x = v->regs.x;
	/* SMCCC: the function ID is the low 32 bits of W0. */
	const struct psci_call *c = psci_lookup(x[0] & 0xffffffffU);

	if (c == NULL) {
		x[0] = (uint64_t)(int64_t)SMCCC_RET_NOT_SUPPORTED;
		return;
	}
	/* SMC32 calls (bit 30 clear) pass 32-bit arguments: the upper halves
	 * of x1-x3 are undefined (DEN 0028 2.6). */
	uint64_t mask = (x[0] & BIT(30)) ? ~UINT64_C(0) : UINT64_C(0xffffffff);

	x[0] = (uint64_t)c->fn(v, x[1] & mask, x[2] & mask, x[3] & mask);
}
