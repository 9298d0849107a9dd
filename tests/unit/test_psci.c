// SPDX-License-Identifier: Apache-2.0
/*
 * core/psci.c through smccc_handle(), with core/vcpu.c and the stop path of
 * core/part.c.  One partition with three vCPUs on cores 1-3 is built by
 * hand; the caller is vCPU 0 unless a test says otherwise.
 */
#include <bulkhead/part.h>
#include <bulkhead/psci.h>

#include "unit.h"

#define RAM_IPA UINT64_C(0x40000000)
#define RAM_SIZE MiB(256)
#define ENTRY (RAM_IPA + 0x80000)
#define PSCI_INVALID_ADDRESS (-9)

/* part.c builds partitions from this; these tests build theirs by hand. */
const struct cfg_system cfg_system = {.name = "unit"};

static const struct cfg_mem mem[] = {
    {.pa = 0x48000000, .ipa = RAM_IPA, .size = RAM_SIZE},
};
static const struct cfg_part cfg = {
    .name = "alpha",
    .cpu_mask = 0xe,
    .mem = mem,
    .mem_count = 1,
};

static struct part part;
static struct vcpu vc[3];

static int setup(void **state)
{
	(void)state;
	fake_reset();
	memset(&part, 0, sizeof(part));
	memset(vc, 0, sizeof(vc));
	part.cfg = &cfg;
	part.id = 4;
	part.state = PART_RUNNING;
	for (unsigned i = 0; i < ARRAY_SIZE(vc); i++) {
		vc[i].part = &part;
		vc[i].index = i;
		vc[i].cpu = i + 1;
		vc[i].vmpidr = vcpu_mpidr_of_index(i);
		vc[i].state = VCPU_OFF;
		part.vcpus[part.vcpu_count++] = &vc[i];
	}
	vc[0].state = VCPU_ON;
	fake.cpu_index = vc[0].cpu;
	return 0;
}

/* Issue one call from v; returns x0 as the signed SMCCC result. */
static int64_t call(struct vcpu *v, uint64_t fid, uint64_t a1, uint64_t a2,
		    uint64_t a3)
{
	v->regs.x[0] = fid;
	v->regs.x[1] = a1;
	v->regs.x[2] = a2;
	v->regs.x[3] = a3;
	smccc_handle(v);
	return (int64_t)v->regs.x[0];
}

static int64_t call0(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return call(&vc[0], fid, a1, a2, a3);
}

static void test_version(void **state)
{
	(void)state;
	assert_int_equal(call0(PSCI_VERSION, 0, 0, 0), 0x10001);
	/* Only W0 is the function ID: upper bits of x0 are ignored. */
	assert_int_equal(
	    call0(UINT64_C(0xffffffff00000000) | PSCI_VERSION, 0, 0, 0),
	    0x10001);
}

static void test_features(void **state)
{
	static const uint32_t known[] = {
	    PSCI_VERSION,	    PSCI_CPU_SUSPEND_64, PSCI_CPU_OFF,
	    PSCI_CPU_ON_32,	    PSCI_CPU_ON_64,	 PSCI_AFFINITY_INFO_64,
	    PSCI_MIGRATE_INFO_TYPE, PSCI_SYSTEM_OFF,	 PSCI_SYSTEM_RESET,
	    PSCI_FEATURES,
	};

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(known); i++)
		assert_int_equal(call0(PSCI_FEATURES, known[i], 0, 0),
				 PSCI_RET_SUCCESS);
	/* CPU_FREEZE, MIGRATE, SYSTEM_SUSPEND: not offered. */
	assert_int_equal(call0(PSCI_FEATURES, 0x8400000B, 0, 0),
			 PSCI_RET_NOT_SUPPORTED);
	assert_int_equal(call0(PSCI_FEATURES, 0x84000005, 0, 0),
			 PSCI_RET_NOT_SUPPORTED);
	assert_int_equal(call0(PSCI_FEATURES, 0xC400000E, 0, 0),
			 PSCI_RET_NOT_SUPPORTED);
}

static void test_unknown_function(void **state)
{
	(void)state;
	assert_int_equal(call0(0x84000099, 1, 2, 3), -1);
	assert_int_equal(vc[0].regs.x[0], UINT64_MAX);
	assert_int_equal(call0(0xC2000000, 0, 0, 0), -1); /* SiP service */
	assert_int_equal(call0(0, 0, 0, 0), -1);
	/* Nothing else was touched. */
	assert_int_equal(vc[0].regs.x[1], 0);
	assert_int_equal(fake.events_sent, 0);
}

static void test_cpu_on(void **state)
{
	(void)state;
	assert_int_equal(
	    call0(PSCI_CPU_ON_64, vcpu_mpidr_of_index(1), ENTRY, 0xc0ffee),
	    PSCI_RET_SUCCESS);
	assert_int_equal(vc[1].state, VCPU_ON_PENDING);
	assert_int_equal(vc[1].on_entry, ENTRY);
	assert_int_equal(vc[1].on_context, 0xc0ffee);
	assert_int_equal(fake.events_sent, 1); /* wakes the sibling's WFE */
	assert_int_equal(vc[2].state, VCPU_OFF);

	/* Again while it has not started yet. */
	assert_int_equal(
	    call0(PSCI_CPU_ON_64, vcpu_mpidr_of_index(1), ENTRY, 0),
	    PSCI_RET_ON_PENDING);
	assert_int_equal(vc[1].on_context, 0xc0ffee);
	/* Once running. */
	vc[1].state = VCPU_ON;
	assert_int_equal(call0(PSCI_CPU_ON_32, 1, ENTRY, 0),
			 PSCI_RET_ALREADY_ON);
	/* The caller itself. */
	assert_int_equal(call0(PSCI_CPU_ON_64, 0, ENTRY, 0),
			 PSCI_RET_ALREADY_ON);
}

/* Affinity fields only: bit 31 (RES1) and the MT/U bits do not matter. */
static void test_cpu_on_mpidr_match(void **state)
{
	(void)state;
	assert_int_equal(call0(PSCI_CPU_ON_64, 2, ENTRY, 0), PSCI_RET_SUCCESS);
	assert_int_equal(vc[2].state, VCPU_ON_PENDING);
	assert_int_equal(call0(PSCI_CPU_ON_64, 0xc1000001, ENTRY, 0),
			 PSCI_RET_SUCCESS);
	assert_int_equal(vc[1].state, VCPU_ON_PENDING);
}

/*
 * SMC32 calls pass 32-bit arguments: the callee must ignore the upper
 * halves of x1..x3 (KVM narrows them the same way).
 */
static void test_smc32_arguments_narrowed(void **state)
{
	(void)state;
	assert_int_equal(call0(PSCI_CPU_ON_32, UINT64_C(0xdeadbeef00000001),
			       UINT64_C(0xbeef000000000000) | ENTRY, 0),
			 PSCI_RET_SUCCESS);
	assert_int_equal(vc[1].on_entry, ENTRY);
	assert_int_equal(
	    call0(PSCI_AFFINITY_INFO_32, UINT64_C(0xdeadbeef00000001), 0, 0),
	    PSCI_AFF_ON_PENDING);
}

static void test_cpu_on_invalid(void **state)
{
	(void)state;
	/* No such vCPU: Aff0 3, Aff1 1, Aff3 1. */
	assert_int_equal(call0(PSCI_CPU_ON_64, 3, ENTRY, 0),
			 PSCI_RET_INVALID_PARAMS);
	assert_int_equal(call0(PSCI_CPU_ON_64, 0x101, ENTRY, 0),
			 PSCI_RET_INVALID_PARAMS);
	assert_int_equal(call0(PSCI_CPU_ON_64, UINT64_C(1) << 32 | 1, ENTRY, 0),
			 PSCI_RET_INVALID_PARAMS);
	/* Entry outside the partition's RAM. */
	assert_int_equal(call0(PSCI_CPU_ON_64, 1, RAM_IPA - 4, 0),
			 PSCI_INVALID_ADDRESS);
	assert_int_equal(call0(PSCI_CPU_ON_64, 1, RAM_IPA + RAM_SIZE, 0),
			 PSCI_INVALID_ADDRESS);
	assert_int_equal(call0(PSCI_CPU_ON_64, 1, RAM_IPA + RAM_SIZE - 2, 0),
			 PSCI_INVALID_ADDRESS);
	assert_int_equal(vc[1].state, VCPU_OFF);
	assert_int_equal(fake.events_sent, 0);
	/* The last instruction of RAM is a valid entry. */
	assert_int_equal(call0(PSCI_CPU_ON_64, 1, RAM_IPA + RAM_SIZE - 4, 0),
			 PSCI_RET_SUCCESS);
}

static void test_affinity_info(void **state)
{
	(void)state;
	vc[2].state = VCPU_ON_PENDING;
	assert_int_equal(call0(PSCI_AFFINITY_INFO_64, 0, 0, 0), PSCI_AFF_ON);
	assert_int_equal(call0(PSCI_AFFINITY_INFO_64, 1, 0, 0), PSCI_AFF_OFF);
	assert_int_equal(call0(PSCI_AFFINITY_INFO_32, 2, 0, 0),
			 PSCI_AFF_ON_PENDING);
	vc[1].state = VCPU_STOPPED;
	assert_int_equal(call0(PSCI_AFFINITY_INFO_64, 1, 0, 0), PSCI_AFF_OFF);
	/* Only level 0 is meaningful; unknown targets are invalid. */
	assert_int_equal(call0(PSCI_AFFINITY_INFO_64, 0, 1, 0),
			 PSCI_RET_INVALID_PARAMS);
	assert_int_equal(call0(PSCI_AFFINITY_INFO_64, 5, 0, 0),
			 PSCI_RET_INVALID_PARAMS);
}

static void test_misc_calls(void **state)
{
	(void)state;
	assert_int_equal(call0(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0), 2);
	assert_int_equal(call0(PSCI_CPU_SUSPEND_64, 0x10000, ENTRY, 0),
			 PSCI_RET_SUCCESS);
	assert_int_equal(call(&vc[2], BH_HC_INFO, 0, 0, 0), PSCI_RET_SUCCESS);
	assert_int_equal(vc[2].regs.x[1], 3); /* physical core */
	assert_int_equal(vc[2].regs.x[2], 4); /* partition id */
	assert_int_equal(vc[2].regs.x[3], 2); /* vCPU index */
}

static void do_call(void *arg)
{
	smccc_handle(arg);
}

static enum fake_exit run_call(struct vcpu *v, uint64_t fid)
{
	v->regs.x[0] = fid;
	return fake_run(do_call, v);
}

static void test_system_off(void **state)
{
	(void)state;
	vc[1].state = VCPU_ON; /* core 2: must be told to stop */
	vc[2].state = VCPU_OFF; /* core 3: waiting, sees the state change */
	assert_int_equal(run_call(&vc[0], PSCI_SYSTEM_OFF), FAKE_PARKED);
	assert_int_equal(part.state, PART_STOPPED);
	for (unsigned i = 0; i < ARRAY_SIZE(vc); i++)
		assert_int_equal(vc[i].state, VCPU_STOPPED);
	assert_int_equal(fake.sgi_count, 1);
	assert_int_equal(fake.sgis[0].cpu, 2);
	assert_int_equal(fake.sgis[0].sgi, HYP_SGI_STOP);
	assert_true(fake.events_sent >= 1);
	assert_int_equal(fake.parks, 1);
	assert_str_contains(fake_console_text(),
			    "bulkhead: partition 'alpha' stopped: PSCI "
			    "SYSTEM_OFF; its cores are parked\r\n");
}

/* No RAM to scrub: the host cannot write the partition's physical RAM. */
static const struct cfg_part cfg_noram = {.name = "alpha", .cpu_mask = 0xe};

/* vCPU 0, running its guest, takes the STOP SGI and acks from its loop. */
static void sibling_acks_recall(void)
{
	if (vc[0].state == VCPU_RESTARTING)
		vc[0].restart_ack = true;
	else
		fake.wait_hook = NULL; /* restart over: the caller waits */
}

/* Called from a secondary: the boot vCPU is recalled and boots again. */
static void test_system_reset_from_secondary(void **state)
{
	(void)state;
	part.cfg = &cfg_noram;
	vc[0].online = vc[1].online = true;
	vc[1].state = VCPU_ON;
	vc[2].state = VCPU_OFF; /* never came up: nothing to recall */
	fake.cpu_index = vc[1].cpu;
	fake.counter_step = 100000; /* lets the back-off pass */
	fake.wait_hook = sibling_acks_recall;
	assert_int_equal(run_call(&vc[1], PSCI_SYSTEM_RESET), FAKE_WAITED);
	assert_int_equal(fake.sgi_count, 1);
	assert_int_equal(fake.sgis[0].cpu, 1);
	assert_int_equal(fake.sgis[0].sgi, HYP_SGI_STOP);
	assert_int_equal(part.state, PART_RUNNING);
	assert_false(part.restarting);
	assert_int_equal(fake_vgic.part_resets, 1);
	assert_int_equal(vc[0].state, VCPU_ON_PENDING);
	assert_int_equal(vc[1].state, VCPU_OFF);
	assert_int_equal(vc[2].state, VCPU_OFF);
	assert_false(vc[0].restart_ack);
	assert_int_equal(fake.enters, 0);
	assert_str_contains(fake_console_text(),
			    "bulkhead: partition 'alpha' restarting (PSCI "
			    "SYSTEM_RESET), restart 1, back-off 20000 us\r\n");
	assert_str_contains(fake_console_text(),
			    "bulkhead: partition 'alpha' restarted in ");
}

/* From the boot vCPU itself: it is the one that boots again. */
static void test_system_reset_reenters_boot_vcpu(void **state)
{
	(void)state;
	part.cfg = &cfg_noram;
	fake.counter_step = 100000;
	assert_int_equal(run_call(&vc[0], PSCI_SYSTEM_RESET), FAKE_ENTERED);
	assert_ptr_equal(fake.entered, &vc[0]);
	assert_int_equal(vc[0].state, VCPU_ON);
	assert_int_equal(fake.sgi_count, 0);
	assert_int_equal(part.restarts.total, 1);
}

/* The budget spent: the partition is stopped, naming the limit. */
static void test_system_reset_limit_stops(void **state)
{
	(void)state;
	part.cfg = &cfg_noram;
	part.restarts = (struct restart_budget){
	    .total = RESTART_MAX, .in_window = RESTART_MAX, .window_start = 0};
	fake.counter = 1000;
	assert_int_equal(run_call(&vc[0], PSCI_SYSTEM_RESET), FAKE_PARKED);
	assert_int_equal(part.state, PART_STOPPED);
	assert_str_contains(fake_console_text(),
			    "bulkhead: partition 'alpha' stopped: restart "
			    "limit reached (5 restarts within 60000 ms)");
	assert_int_equal(str_count(fake_console_text(), "restarting"), 0);
}

/* The sibling's CPU_ON, as it would arrive while this core waits. */
static struct vcpu *waiting;

static void sibling_cpu_on(void)
{
	assert_int_equal(waiting->state, VCPU_OFF);
	assert_int_equal(
	    call0(PSCI_CPU_ON_64, waiting->vmpidr, ENTRY + 0x100, 0x77),
	    PSCI_RET_SUCCESS);
}

static void test_cpu_off_then_on(void **state)
{
	(void)state;
	vc[1].state = VCPU_ON;
	fake.cpu_index = vc[1].cpu;
	waiting = &vc[1];
	fake.wait_hook = sibling_cpu_on;
	assert_int_equal(run_call(&vc[1], PSCI_CPU_OFF), FAKE_ENTERED);
	assert_int_equal(fake.waits, 1);
	assert_ptr_equal(fake.entered, &vc[1]);
	assert_int_equal(fake.resets, 1);
	assert_int_equal(fake.reset_entry, ENTRY + 0x100);
	assert_int_equal(vc[1].regs.elr, ENTRY + 0x100);
	assert_int_equal(vc[1].regs.x[0], 0x77);
	assert_int_equal(vc[1].state, VCPU_ON);
}

static void stop_partition(void)
{
	waiting->state = VCPU_STOPPED;
}

static void test_cpu_off_then_stopped(void **state)
{
	(void)state;
	vc[2].state = VCPU_ON;
	waiting = &vc[2];
	fake.wait_hook = stop_partition;
	assert_int_equal(run_call(&vc[2], PSCI_CPU_OFF), FAKE_PARKED);
	assert_int_equal(fake.enters, 0);
	assert_int_equal(fake.resets, 0);
}

/* With nobody to switch it on, the core keeps waiting (never returns). */
static void test_cpu_off_waits(void **state)
{
	(void)state;
	vc[2].state = VCPU_ON;
	assert_int_equal(run_call(&vc[2], PSCI_CPU_OFF), FAKE_WAITED);
	assert_int_equal(vc[2].state, VCPU_OFF);
	assert_int_equal(call0(PSCI_AFFINITY_INFO_64, 2, 0, 0), PSCI_AFF_OFF);
}

static void test_vcpu_lookup(void **state)
{
	(void)state;
	assert_int_equal(vcpu_mpidr_of_index(5), 0x80000005);
	assert_ptr_equal(vcpu_find_by_mpidr(&part, 0x80000002), &vc[2]);
	assert_ptr_equal(vcpu_find_by_mpidr(&part, 2), &vc[2]);
	assert_null(vcpu_find_by_mpidr(&part, 0x80000003));
	/* The global table is untouched by hand-built vCPUs. */
	assert_null(vcpu_of_cpu(1));
	assert_null(vcpu_of_cpu(CFG_MAX_CPUS));
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_version),
	    T(test_features),
	    T(test_unknown_function),
	    T(test_cpu_on),
	    T(test_cpu_on_mpidr_match),
	    T(test_smc32_arguments_narrowed),
	    T(test_cpu_on_invalid),
	    T(test_affinity_info),
	    T(test_misc_calls),
	    T(test_system_off),
	    T(test_system_reset_from_secondary),
	    T(test_system_reset_reenters_boot_vcpu),
	    T(test_system_reset_limit_stops),
	    T(test_cpu_off_then_on),
	    T(test_cpu_off_then_stopped),
	    T(test_cpu_off_waits),
	    T(test_vcpu_lookup),
	};

	return UNIT_RUN("psci", tests);
}
