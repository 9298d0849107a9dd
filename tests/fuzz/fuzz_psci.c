// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer harness: SMCCC / PSCI dispatch (core/psci.c: smccc_handle) with
 * core/vcpu.c and the stop path of core/part.c, on the host against
 * tests/unit/fake.
 *
 * Partition A has 3 vCPUs (cores 1-3) and 256 MiB of RAM at IPA
 * 0x40000000; partition B has 1 vCPU (core 4).  Each input is a sequence
 * of operations: an SMC/HVC with arbitrary x0..x3 from a vCPU that is on,
 * or a core whose vCPU is on its way up entering the guest.  CPU_OFF,
 * SYSTEM_OFF and SYSTEM_RESET never return on the real system: the fake's
 * fake_run() catches their arch_wait_event / arch_cpu_park escape.  A
 * stopped partition is rebuilt.
 *
 * Invariants: a call never changes the other partition's vCPUs; returns
 * to the caller only with a result its function can give, and with
 * x1-x30, PC and PSTATE untouched (BH_HC_INFO aside, which sets x1-x3);
 * CPU_ON success leaves the target ON_PENDING with the (SMC32-truncated)
 * entry and context; a CPU_OFF leaves the caller off and waiting; a
 * SYSTEM_OFF/RESET stops every vCPU of the caller's partition and parks.
 */
#include <string.h>

#include <bulkhead/part.h>
#include <bulkhead/psci.h>

#include "fake.h"
#include "fuzz_input.h"

#define RAM_IPA UINT64_C(0x40000000)
#define RAM_SIZE MiB(2) /* scrubbed on every restart: keep it small */
#define NVCPUS 4U

const struct cfg_system cfg_system = {.name = "fuzz"};

static const struct cfg_mem mem_a[] = {
    {.pa = 0x48000000, .ipa = RAM_IPA, .size = RAM_SIZE},
};
static const struct cfg_mem mem_b[] = {
    {.pa = 0x58000000, .ipa = RAM_IPA, .size = MiB(2)},
};
static const struct cfg_part cfgs[2] = {
    {.name = "alpha", .cpu_mask = 0xe, .mem = mem_a, .mem_count = 1},
    {.name = "beta", .cpu_mask = 0x10, .mem = mem_b, .mem_count = 1},
};

static struct part parts[2];
static struct vcpu vc[NVCPUS];

static const uint32_t fids[] = {
    PSCI_VERSION,
    PSCI_CPU_SUSPEND_32,
    PSCI_CPU_SUSPEND_64,
    PSCI_CPU_OFF,
    PSCI_CPU_ON_32,
    PSCI_CPU_ON_64,
    PSCI_AFFINITY_INFO_32,
    PSCI_AFFINITY_INFO_64,
    PSCI_MIGRATE_INFO_TYPE,
    PSCI_SYSTEM_OFF,
    PSCI_SYSTEM_RESET,
    PSCI_FEATURES,
    BH_HC_INFO,
    BH_HC_STATS,
    0xC4000002U,
    0x84000005U,
    0x8400000BU,
    0x80000000U,
    0xC6000000U,
};

static void build_part(unsigned k)
{
	struct part *p = &parts[k];

	memset(p, 0, sizeof(*p));
	p->cfg = &cfgs[k];
	p->id = k;
	p->vmid = (uint16_t)(k + 1);
	p->state = PART_RUNNING;
	for (unsigned i = 0; i < NVCPUS; i++) {
		if (!(p->cfg->cpu_mask & BIT(i + 1)))
			continue;
		memset(&vc[i], 0, sizeof(vc[i]));
		vc[i].part = p;
		vc[i].index = p->vcpu_count;
		vc[i].cpu = i + 1;
		vc[i].vmpidr = vcpu_mpidr_of_index(p->vcpu_count);
		vc[i].state = p->vcpu_count == 0 ? VCPU_ON : VCPU_OFF;
		vc[i].regs.elr = RAM_IPA;
		p->vcpus[p->vcpu_count++] = &vc[i];
	}
}

static void run_call(void *arg)
{
	smccc_handle(arg);
}

static void run_core(void *arg)
{
	vcpu_wait_and_run(arg);
}

static bool ret_in(int64_t r, const int64_t *ok, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (r == ok[i])
			return true;
	return false;
}

#define RET_IN(r, ...)                                                         \
	ret_in(r, (const int64_t[]){__VA_ARGS__},                              \
	       sizeof((const int64_t[]){__VA_ARGS__}) / sizeof(int64_t))

static void op_call(struct fz_in *in, struct vcpu *v)
{
	struct part *p = v->part, *other = &parts[p == &parts[0]];
	uint8_t how = fz_u8(in);
	uint64_t x[4];
	struct arch_regs before;
	struct vcpu other_before[NVCPUS];
	enum vcpu_state tstate = VCPU_OFF;
	struct vcpu *t;
	enum fake_exit e;
	uint32_t fid;
	int64_t r;
	bool smc64;

	x[0] = (how & 1) ? fz_u64(in) : FZ_PICK(in, fids);
	if (how & 2)
		x[0] |= (uint64_t)fz_u32(in) << 32; /* W0 only is the FID */
	/* x1: often an MPIDR, ours or the other partition's, maybe dirty */
	if (how & 4)
		x[1] = fz_value(in);
	else
		x[1] = vcpu_mpidr_of_index(fz_u8(in) % 5U) |
		       ((how & 8) ? fz_value(in) << 8 : 0);
	x[2] = (how & 0x10) ? fz_value(in)
			    : RAM_IPA + (fz_u32(in) % (RAM_SIZE + 0x2000));
	x[3] = (how & 0x20) ? fz_u8(in) : fz_value(in);
	memcpy(v->regs.x, x, sizeof(x));
	before = v->regs;
	for (unsigned i = 0; i < NVCPUS; i++)
		other_before[i] = vc[i];
	fid = (uint32_t)x[0];
	smc64 = (fid & BIT(30)) != 0;
	t = vcpu_find_by_mpidr(p, smc64 ? x[1] : (x[1] & 0xffffffffU));
	if (t != NULL)
		tstate = t->state;
	fake.cpu_index = v->cpu;
	e = fake_run(run_call, v);

	/* Isolation: the other partition's vCPUs are untouched. */
	for (unsigned i = 0; i < NVCPUS; i++)
		if (vc[i].part == other)
			FZ_CHECK(memcmp(&vc[i], &other_before[i],
					sizeof(vc[i])) == 0,
				 "call 0x%x from %s changed %s's vCPU %u", fid,
				 p->cfg->name, other->cfg->name, vc[i].index);
	if (fid == PSCI_SYSTEM_RESET && e != FAKE_PARKED) {
		/* A restart: the partition boots again on this core (or
		 * waits for its siblings to leave) unless the limit hit. */
		FZ_CHECK(e == FAKE_ENTERED || e == FAKE_WAITED,
			 "SYSTEM_RESET exit %d", e);
		build_part(p->id);
		return;
	}
	if (fid == PSCI_SYSTEM_OFF || fid == PSCI_SYSTEM_RESET) {
		FZ_CHECK(e == FAKE_PARKED, "SYSTEM_OFF/RESET exit %d", e);
		FZ_CHECK(p->state == PART_STOPPED, "partition not stopped");
		for (unsigned i = 0; i < p->vcpu_count; i++)
			FZ_CHECK(p->vcpus[i]->state == VCPU_STOPPED,
				 "vCPU %u still %d", i, p->vcpus[i]->state);
		build_part(p->id); /* a restart, as far as this harness goes */
		return;
	}
	if (fid == PSCI_CPU_OFF) {
		FZ_CHECK(e == FAKE_WAITED, "CPU_OFF exit %d", e);
		FZ_CHECK(v->state == VCPU_OFF, "CPU_OFF left state %d",
			 v->state);
		return;
	}
	FZ_CHECK(e == FAKE_RETURNED, "FID 0x%x did not return (%d)", fid, e);
	r = (int64_t)v->regs.x[0];
	/* Nothing but x0 (and x1-x3 for BH_HC_INFO) changes. */
	FZ_CHECK(memcmp(&v->regs.x[4], &before.x[4], sizeof(uint64_t) * 27) ==
			 0 &&
		     v->regs.elr == before.elr && v->regs.spsr == before.spsr,
		 "FID 0x%x changed registers beyond x0-x3", fid);
	if (fid != BH_HC_INFO && fid != BH_HC_STATS)
		FZ_CHECK(memcmp(&v->regs.x[1], &before.x[1],
				sizeof(uint64_t) * 3) == 0,
			 "FID 0x%x changed x1-x3", fid);
	switch (fid) {
	case PSCI_VERSION:
		FZ_CHECK(r == PSCI_VERSION_1_1, "VERSION %lld", (long long)r);
		break;
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
		FZ_CHECK(RET_IN(r, 0, -2, -4, -5, -9), "CPU_ON %lld",
			 (long long)r);
		if (t == NULL) {
			FZ_CHECK(r == PSCI_RET_INVALID_PARAMS,
				 "CPU_ON of no vCPU of ours: %lld",
				 (long long)r);
			break;
		}
		if (r == 0) {
			uint64_t m = smc64 ? ~UINT64_C(0) : 0xffffffffU;

			FZ_CHECK(tstate == VCPU_OFF, "CPU_ON succeeded from %d",
				 tstate);
			FZ_CHECK(t->state == VCPU_ON_PENDING &&
				     t->on_entry == (x[2] & m) &&
				     t->on_context == (x[3] & m),
				 "CPU_ON target state %d entry 0x%llx",
				 t->state, (unsigned long long)t->on_entry);
			FZ_CHECK(t->on_entry >= RAM_IPA &&
				     t->on_entry + 4 <=
					 RAM_IPA + p->cfg->mem[0].size,
				 "CPU_ON entry 0x%llx outside RAM",
				 (unsigned long long)t->on_entry);
		} else {
			FZ_CHECK(t->state == tstate,
				 "failed CPU_ON moved state");
		}
		break;
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
		FZ_CHECK(RET_IN(r, 0, 1, 2, -2), "AFFINITY_INFO %lld",
			 (long long)r);
		break;
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
		FZ_CHECK(r == 0, "CPU_SUSPEND %lld", (long long)r);
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		FZ_CHECK(r == PSCI_TOS_NOT_PRESENT_MP, "MIGRATE_INFO_TYPE");
		break;
	case PSCI_FEATURES:
		FZ_CHECK(RET_IN(r, 0, -1), "FEATURES %lld", (long long)r);
		break;
	case BH_HC_INFO:
		FZ_CHECK(r == 0 && v->regs.x[1] == v->cpu &&
			     v->regs.x[2] == p->id && v->regs.x[3] == v->index,
			 "BH_HC_INFO");
		break;
	case BH_HC_STATS:
		FZ_CHECK(r == 0 && v->regs.x[1] == v->regs.x[2] + v->regs.x[3],
			 "BH_HC_STATS");
		break;
	default:
		FZ_CHECK(r == -1, "unknown FID 0x%x returned %lld", fid,
			 (long long)r);
		break;
	}
}

/* The core of v looks at its vCPU again (a kick or an event). */
static void op_core(struct vcpu *v)
{
	enum vcpu_state s = v->state;
	uint64_t entry = v->on_entry, ctx = v->on_context;
	enum fake_exit e;

	if (s == VCPU_ON)
		return; /* running a guest: not in the wait loop */
	fake.cpu_index = v->cpu;
	e = fake_run(run_core, v);
	switch (s) {
	case VCPU_ON_PENDING:
		FZ_CHECK(e == FAKE_ENTERED && v->state == VCPU_ON &&
			     v->regs.elr == entry && v->regs.x[0] == ctx,
			 "CPU_ON entry: exit %d state %d", e, v->state);
		break;
	case VCPU_STOPPED:
		FZ_CHECK(e == FAKE_PARKED, "stopped vCPU not parked: %d", e);
		break;
	default:
		FZ_CHECK(e == FAKE_WAITED && v->state == VCPU_OFF,
			 "off vCPU: exit %d state %d", e, v->state);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = fz_init(data, size);

	fz_map_ram(0x48000000, MiB(2));
	fz_map_ram(0x58000000, MiB(2));
	fake_reset();
	/* Restart back-off waits on the counter: let it run. */
	fake.counter_step = UINT64_C(1) << 24;
	build_part(0);
	build_part(1);
	while (!fz_done(&in)) {
		uint8_t op = fz_u8(&in);
		struct vcpu *v = &vc[fz_u8(&in) % NVCPUS];

		if (op % 4U == 3) {
			op_core(v);
			continue;
		}
		/* Only a vCPU running guest code can make a call. */
		if (v->state == VCPU_ON)
			op_call(&in, v);
		if (fake_console_len() > FAKE_CONSOLE_MAX / 2)
			fake_console_clear();
	}
	return 0;
}
