// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer harness: the synchronous trap decoder (arch/arm64/traps.c) end
 * to end through the core: ESR/FAR/HPFAR decoding, MMIO emulation
 * (core/mmio.c, vuart.c, vgic*.c), SMCCC/PSCI, ICC_SGI1R, set/way and the
 * fault policy (core/fault.c), on the host against tests/unit/fake.
 *
 * traps.c is host-buildable with two shims, both in this file: the
 * system-register accessors of arch/arm64/priv/sysreg.h (inline MRS) are
 * replaced by reads of fuzzer-chosen values (that header's guard is defined
 * first so it is skipped), and its one inline "dc cisw" is absorbed by an
 * assembler macro named dc.  traps.c itself is #included unchanged.
 *
 * Partition A ("alpha": 2 vCPUs on cores 1-2, RAM at 0x40000000, virtual
 * UART at 0x09000000 on SPI 33, hardware SPIs 40-41) takes the traps;
 * partition B ("beta": core 3) must never be affected.  The input's first
 * byte picks GIC version, fault policy and LR count; then operations: a
 * synchronous trap with a fuzzed ESR (EC from the handled ones or any),
 * an SError or AArch32 trap, or a core entering a vCPU switched on by
 * PSCI.  A stopped partition is rebuilt.
 *
 * Invariants: the trap ends in one of the ways the real one can; B's
 * vUART, vGIC, vCPUs and list registers are unchanged; every lock is free;
 * an emulated read writes only its target register, zero- or
 * sign-extended as the ISS says; an emulated access steps the PC by 4.
 */
#include <string.h>

#include <bulkhead/page.h>
#include <bulkhead/part.h>
#include <bulkhead/psci.h>
#include <bulkhead/vgic.h>

#include "fake.h"
#include "fake_vgic_hw.h"
#include "fuzz_input.h"

/* ---- the host shim of arch/arm64/priv/sysreg.h, then traps.c ---- */
#define ARCH_SYSREG_H
static uint64_t fz_esr, fz_far, fz_hpfar;

static inline uint64_t read_esr_el2(void)
{
	return fz_esr;
}

static inline uint64_t read_far_el2(void)
{
	return fz_far;
}

static inline uint64_t read_hpfar_el2(void)
{
	return fz_hpfar;
}

/* "dc cisw, <reg>" becomes an empty assembler macro invocation. */
__asm__(".macro dc op:req, reg:req\n.endm\n");
#include "../../arch/arm64/traps.c"

/* ---- the system ---- */

#define GICD UINT64_C(0x08000000)
#define GICR UINT64_C(0x080a0000)
#define VUART UINT64_C(0x09000000)
#define RAM UINT64_C(0x40000000)
#define NCORES 4U

struct fake_vgic fake_vgic; /* see fuzz_vgic.c */

static const struct cfg_board board = {
    .name = "fuzz",
    .cpu_count = NCORES,
    .gicd_base = GICD,
    .gicr_base = GICR,
    .gicc_base = 0x08010000,
    .gich_base = 0x08030000,
    .gicv_base = 0x08040000,
};
const struct cfg_system cfg_system = {.name = "fuzz", .board = &board};

static const uint32_t a_intids[] = {40, 41};
static const struct cfg_dev a_devs[] = {
    {.name = "a-dev",
     .pa = 0x0a000000,
     .ipa = 0x0a000000,
     .size = 0x1000,
     .intids = a_intids,
     .intid_count = 2},
};
static const struct cfg_mem a_mem[] = {
    {.pa = 0x48000000, .ipa = RAM, .size = MiB(2)}};
static const struct cfg_mem b_mem[] = {
    {.pa = 0x58000000, .ipa = RAM, .size = MiB(2)}};
static struct cfg_part cfgs[2] = {
    {.name = "alpha",
     .cpu_mask = 0x6,
     .mem = a_mem,
     .mem_count = 1,
     .devs = a_devs,
     .dev_count = 1,
     .console = CONSOLE_VUART,
     .vuart_ipa = VUART,
     .vuart_intid = 33},
    {.name = "beta",
     .cpu_mask = 0x8,
     .mem = b_mem,
     .mem_count = 1,
     .console = CONSOLE_VUART,
     .vuart_ipa = VUART,
     .vuart_intid = 34},
};

static struct part parts[2];
static struct vcpu vc[3];
static struct vgic_lr banks[NCORES][VGIC_MAX_LRS];
static unsigned cur_core;

static void switch_core(unsigned c)
{
	if (c == cur_core)
		return;
	memcpy(banks[cur_core], fake_gic.lr, sizeof(fake_gic.lr));
	memcpy(fake_gic.lr, banks[c], sizeof(fake_gic.lr));
	cur_core = c;
	fake.cpu_index = c;
}

static void build_part(unsigned k)
{
	struct part *p = &parts[k];

	memset(p, 0, sizeof(*p));
	p->cfg = &cfgs[k];
	p->id = k;
	p->vmid = (uint16_t)(k + 1);
	p->state = PART_RUNNING;
	FZ_CHECK(s2_init(&p->s2, arch_s2_geometry()) == S2_OK, "s2_init");
	vuart_init(&p->vuart, p, p->cfg->name, p->cfg->vuart_intid);
	for (unsigned i = 0; i < ARRAY_SIZE(vc); i++) {
		if (!(p->cfg->cpu_mask & BIT(i + 1)))
			continue;
		memset(&vc[i], 0, sizeof(vc[i]));
		vc[i].part = p;
		vc[i].index = p->vcpu_count;
		vc[i].cpu = i + 1;
		vc[i].vmpidr = vcpu_mpidr_of_index(p->vcpu_count);
		vc[i].state = p->vcpu_count == 0 ? VCPU_ON : VCPU_OFF;
		vc[i].regs.elr = RAM;
		p->vcpus[p->vcpu_count++] = &vc[i];
	}
	vgic_part_init(p);
	for (unsigned i = 0; i < p->vcpu_count; i++) {
		switch_core(p->vcpus[i]->cpu);
		vgic_cpu_init(p->vcpus[i]);
	}
}

/* ---- B must not move ---- */

struct snap {
	struct vuart vuart;
	struct vgic_dist dist;
	struct vcpu v;
	struct vgic_lr lr[VGIC_MAX_LRS];
	enum part_state state;
};

static struct snap snap;

static void take_snap(void)
{
	snap.vuart = parts[1].vuart;
	snap.dist = parts[1].vgic;
	snap.v = vc[2];
	memcpy(snap.lr, vc[2].cpu == cur_core ? fake_gic.lr : banks[vc[2].cpu],
	       sizeof(snap.lr));
	snap.state = parts[1].state;
}

static void check(const char *what)
{
	FZ_CHECK(memcmp(&snap.vuart, &parts[1].vuart, sizeof(snap.vuart)) == 0,
		 "%s changed beta's vUART", what);
	FZ_CHECK(memcmp(&snap.dist, &parts[1].vgic, sizeof(snap.dist)) == 0,
		 "%s changed beta's distributor", what);
	FZ_CHECK(memcmp(&snap.v, &vc[2], sizeof(snap.v)) == 0,
		 "%s changed beta's vCPU", what);
	FZ_CHECK(memcmp(snap.lr,
			vc[2].cpu == cur_core ? fake_gic.lr : banks[vc[2].cpu],
			sizeof(snap.lr)) == 0,
		 "%s changed beta's list registers", what);
	FZ_CHECK(snap.state == parts[1].state, "%s stopped beta", what);
	for (unsigned k = 0; k < 2; k++) {
		FZ_CHECK(atomic_load(&parts[k].vgic.lock.next) ==
			     atomic_load(&parts[k].vgic.lock.owner),
			 "%s: vGIC lock left held", what);
		FZ_CHECK(atomic_load(&parts[k].vuart.lock.next) ==
			     atomic_load(&parts[k].vuart.lock.owner),
			 "%s: vUART lock left held", what);
	}
	FZ_CHECK(fake.bad_leaves == 0, "bad stage-2 leaves");
}

/* ---- operations ---- */

static void run_sync(void *arg)
{
	arch_trap_sync(arg);
}

static void run_serror(void *arg)
{
	arch_trap_serror(arg);
}

static void run_aarch32(void *arg)
{
	arch_trap_aarch32(arg);
}

static void run_core(void *arg)
{
	vcpu_wait_and_run(arg);
}

static const unsigned ecs[] = {EC_DABT_LOW, EC_DABT_LOW, EC_DABT_LOW,
			       EC_SYS64,    EC_HVC64,	 EC_SMC64,
			       EC_WFX,	    EC_IABT_LOW, EC_UNKNOWN};
static const uint32_t fids[] = {
    PSCI_VERSION,	   PSCI_CPU_ON_64,    PSCI_CPU_ON_32, PSCI_CPU_OFF,
    PSCI_AFFINITY_INFO_64, PSCI_SYSTEM_OFF,   PSCI_FEATURES,  BH_HC_INFO,
    PSCI_CPU_SUSPEND_64,   PSCI_SYSTEM_RESET, 0x86000000U,
};

/* An IPA the data abort reports: mostly in an emulated device. */
static uint64_t pick_ipa(struct fz_in *in)
{
	switch (fz_u8(in) % 6U) {
	case 0:
	case 1:
		return VUART + (fz_u16(in) % 0x1004U);
	case 2:
		return GICD + (fz_u32(in) % 0x10008U);
	case 3:
		return GICR + (fz_u32(in) % 0x60000U);
	case 4:
		return RAM + fz_u32(in);
	default:
		return fz_u64(in) & UINT64_C(0xfffffffffff);
	}
}

static uint64_t dabt_iss(struct fz_in *in)
{
	uint16_t f = fz_u16(in);

	if ((f & 0xf000) == 0xf000)
		return fz_u32(in) & ESR_ISS_MASK; /* anything at all */
	return ((f & 0x0800) ? 0 : DABT_ISV) |
	       ((uint64_t)(f & 3U) << DABT_SAS_SHIFT) |
	       ((f & 4) ? DABT_SSE : 0) |
	       ((uint64_t)((f >> 3) & 0x1fU) << DABT_SRT_SHIFT) |
	       ((f & 0x100) ? DABT_SF : 0) | ((f & 0x200) ? DABT_WNR : 0) |
	       ((f & 0x400) && (f & 0x2000) ? DABT_S1PTW : 0) | 0x06U;
}

static uint64_t sys_iss(struct fz_in *in)
{
	uint8_t f = fz_u8(in);
	uint64_t rt = (uint64_t)(fz_u8(in) & 0x1fU) << SYS_RT_SHIFT;
	uint64_t dir = (f & 1) ? SYS_READ : 0;
	uint64_t sgi = (UINT64_C(3) << SYS_OP0_SHIFT) |
		       (UINT64_C(12) << SYS_CRN_SHIFT) |
		       (UINT64_C(11) << SYS_CRM_SHIFT);
	uint64_t sw = (UINT64_C(1) << SYS_OP0_SHIFT) |
		      (UINT64_C(2) << SYS_OP2_SHIFT) |
		      (UINT64_C(7) << SYS_CRN_SHIFT);

	switch ((f >> 1) % 4U) {
	case 0: /* ICC_SGI0R/ASGI1R/SGI1R_EL1 and neighbours */
		return sgi | ((uint64_t)((f >> 3) & 7U) << SYS_OP2_SHIFT) | rt |
		       dir;
	case 1: /* DC ISW/CSW/CISW and neighbours */
		return sw | ((uint64_t)((f >> 3) & 15U) << SYS_CRM_SHIFT) | rt |
		       dir;
	default:
		return fz_u32(in) & ESR_ISS_MASK;
	}
}

static void op_sync(struct fz_in *in, struct vcpu *v)
{
	uint8_t how = fz_u8(in);
	unsigned ec = (how & 0x80) ? (how & 0x3fU) : FZ_PICK(in, ecs);
	uint64_t iss, ipa;
	struct arch_regs before;
	enum fake_exit e;
	unsigned rt;
	uint32_t faults = v->part->faults;

	for (unsigned i = 0; i < 31; i++)
		if (fz_u8(in) & 1)
			v->regs.x[i] = fz_value(in);
	if (ec == EC_HVC64 || ec == EC_SMC64)
		v->regs.x[0] = FZ_PICK(in, fids);
	if (ec == EC_HVC64 || ec == EC_SMC64)
		v->regs.x[1] = vcpu_mpidr_of_index(fz_u8(in) % 3U);
	if (ec == EC_HVC64 || ec == EC_SMC64)
		v->regs.x[2] = RAM + fz_u16(in);
	iss = ec == EC_DABT_LOW ? dabt_iss(in)
	      : ec == EC_SYS64	? sys_iss(in)
				: (fz_u32(in) & ESR_ISS_MASK);
	ipa = pick_ipa(in);
	fz_esr = ((uint64_t)ec << ESR_EC_SHIFT) | ESR_IL | iss;
	fz_hpfar = ((ipa >> PAGE_SHIFT) & HPFAR_FIPA_MASK) << HPFAR_FIPA_SHIFT;
	fz_far = (fz_u64(in) & ~(PAGE_SIZE - 1)) | (ipa & (PAGE_SIZE - 1));
	before = v->regs;
	switch_core(v->cpu);
	e = fake_run(run_sync, v);
	/* FAKE_ENTERED: the partition was restarted (SYSTEM_RESET or the
	 * restart fault policy) and boots again. */
	FZ_CHECK(e == FAKE_RETURNED || e == FAKE_PARKED || e == FAKE_WAITED ||
		     e == FAKE_ENTERED,
		 "EC 0x%x: exit %d", ec, e);
	if (e == FAKE_PARKED) {
		FZ_CHECK(v->part->state == PART_STOPPED, "parked, not stopped");
		return;
	}
	if (e != FAKE_RETURNED || ec != EC_DABT_LOW)
		return;
	rt = (unsigned)((iss >> DABT_SRT_SHIFT) & DABT_SRT_MASK);
	if (v->part->faults != faults) {
		/* Contained and injected: nothing emulated, PC unchanged. */
		FZ_CHECK(memcmp(&before, &v->regs, sizeof(before)) == 0,
			 "injected abort changed registers");
		return;
	}
	FZ_CHECK(v->regs.elr == before.elr + 4, "emulated access: PC 0x%llx",
		 (unsigned long long)v->regs.elr);
	for (unsigned i = 0; i < 31; i++)
		if (i != rt || (iss & DABT_WNR))
			FZ_CHECK(v->regs.x[i] == before.x[i],
				 "x%u changed by an access via x%u", i, rt);
	if (!(iss & DABT_WNR) && rt != 31) {
		unsigned w = 1U << ((iss >> DABT_SAS_SHIFT) & DABT_SAS_MASK);
		uint64_t val = v->regs.x[rt];

		if (!(iss & DABT_SF))
			FZ_CHECK(val <= 0xffffffffU, "W register read 0x%llx",
				 (unsigned long long)val);
		if (w < 8 && !(iss & DABT_SSE))
			FZ_CHECK(val < (UINT64_C(1) << (w * 8)),
				 "%u-byte read gave 0x%llx", w,
				 (unsigned long long)val);
	}
}

static void op_core(struct vcpu *v)
{
	if (v->state == VCPU_ON_PENDING || v->state == VCPU_OFF) {
		switch_core(v->cpu);
		(void)fake_run(run_core, v);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = fz_init(data, size);
	uint8_t cfg = fz_u8(&in);

	fz_map_ram(0x48000000, MiB(2));
	fz_map_ram(0x58000000, MiB(2));
	fake_reset();
	/* Restart back-off waits on the counter: let it run. */
	fake.counter_step = UINT64_C(1) << 24;
	fake_gic_reset();
	fake_gic.version = (cfg & 1) ? 2 : 3;
	fake_gic.lr_count = 1U + (cfg >> 4) % 4U;
	cfgs[0].fault_policy =
	    (cfg & 2) ? FAULT_POLICY_INJECT : FAULT_POLICY_STOP;
	if (hyp_pool.base == NULL)
		fake_pool_init(256);
	hyp_pool.next = 0;
	memset(banks, 0, sizeof(banks));
	cur_core = 0;
	build_part(0);
	build_part(1);
	while (!fz_done(&in)) {
		uint8_t op = fz_u8(&in);
		struct vcpu *v = &vc[fz_u8(&in) % 2U]; /* alpha's */

		take_snap();
		switch (op % 8U) {
		case 6:
			op_core(v);
			break;
		case 7:
			if (v->state != VCPU_ON)
				break;
			switch_core(v->cpu);
			fz_esr = fz_u32(&in);
			(void)fake_run((op & 0x80) ? run_aarch32 : run_serror,
				       v);
			break;
		default:
			if (v->state == VCPU_ON)
				op_sync(&in, v);
			break;
		}
		check("a trap of alpha");
		if (parts[0].state == PART_STOPPED) {
			hyp_pool.next = 0; /* beta's tables are not looked at */
			build_part(0);
		}
		if (fake_console_len() > FAKE_CONSOLE_MAX / 2)
			fake_console_clear();
	}
	return 0;
}
