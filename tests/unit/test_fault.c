// SPDX-License-Identifier: Apache-2.0
/*
 * core/fault.c: the fault policy decides between injecting into the guest
 * and stopping its partition, and logging is rate-limited (two full
 * reports, then only at power-of-two counts).
 */
#include <bulkhead/fault.h>
#include <bulkhead/part.h>

#include "unit.h"

/* part.c builds partitions from this; these tests build theirs by hand. */
const struct cfg_system cfg_system = {.name = "unit"};

static struct cfg_part cfg = {.name = "beta", .cpu_mask = 0x3};
static struct part part;
static struct vcpu vc[2];

static int setup(void **state)
{
	(void)state;
	fake_reset();
	memset(&part, 0, sizeof(part));
	memset(vc, 0, sizeof(vc));
	cfg.fault_policy = FAULT_POLICY_INJECT;
	part.cfg = &cfg;
	part.state = PART_RUNNING;
	for (unsigned i = 0; i < ARRAY_SIZE(vc); i++) {
		vc[i] = (struct vcpu){.part = &part, .index = i, .cpu = i};
		vc[i].state = VCPU_ON;
		part.vcpus[part.vcpu_count++] = &vc[i];
	}
	vc[0].regs.elr = 0x40001234;
	return 0;
}

static struct guest_fault fault(enum fault_kind k)
{
	return (struct guest_fault){
	    .kind = k,
	    .esr = 0x92000046,
	    .far = 0xffff000012345000,
	    .ipa = 0x80000000,
	    .ipa_valid = true,
	    .detail = "test detail",
	};
}

static struct guest_fault pending;

static void do_fault(void *arg)
{
	fault_handle(arg, &pending);
}

static enum fake_exit run_fault(enum fault_kind k)
{
	pending = fault(k);
	return fake_run(do_fault, &vc[0]);
}

static void test_inject_data_abort(void **state)
{
	(void)state;
	assert_int_equal(run_fault(FAULT_DABT), FAKE_RETURNED);
	assert_int_equal(fake.aborts, 1);
	assert_true(fake.abort_data);
	assert_int_equal(fake.abort_far, 0xffff000012345000);
	assert_int_equal(fake.undefs, 0);
	assert_int_equal(part.state, PART_RUNNING);
	assert_int_equal(part.faults, 1);
	assert_str_contains(fake_console_text(),
			    "bulkhead: FAULT part=beta vcpu=0 cpu=0 kind=data "
			    "abort ipa=0x80000000 va=0xffff000012345000 "
			    "esr=0x92000046 pc=0x40001234\r\n");
	assert_str_contains(fake_console_text(), "bulkhead:   test detail\r\n");
	assert_int_equal(fake.dumps, 1);
}

static void test_inject_instruction_abort(void **state)
{
	(void)state;
	assert_int_equal(run_fault(FAULT_IABT), FAKE_RETURNED);
	assert_int_equal(fake.aborts, 1);
	assert_false(fake.abort_data);
	assert_int_equal(run_fault(FAULT_BAD_MMIO), FAKE_RETURNED);
	assert_int_equal(fake.aborts, 2);
	assert_true(fake.abort_data);
}

static void test_inject_undef(void **state)
{
	(void)state;
	assert_int_equal(run_fault(FAULT_UNKNOWN), FAKE_RETURNED);
	assert_int_equal(fake.undefs, 1);
	assert_int_equal(fake.aborts, 0);
}

/* An SError cannot be reflected: even INJECT stops the partition. */
static void test_serror_stops_even_with_inject(void **state)
{
	(void)state;
	assert_int_equal(run_fault(FAULT_SERROR), FAKE_PARKED);
	assert_int_equal(part.state, PART_STOPPED);
	assert_int_equal(fake.aborts + fake.undefs, 0);
	assert_str_contains(fake_console_text(),
			    "partition 'beta' stopped: SError");
	assert_int_equal(run_fault(FAULT_AARCH32), FAKE_PARKED);
}

static void test_stop_policy(void **state)
{
	(void)state;
	cfg.fault_policy = FAULT_POLICY_STOP;
	assert_int_equal(run_fault(FAULT_DABT), FAKE_PARKED);
	assert_int_equal(part.state, PART_STOPPED);
	assert_int_equal(vc[0].state, VCPU_STOPPED);
	assert_int_equal(vc[1].state, VCPU_STOPPED);
	/* The other running core is told; the faulting one parks itself. */
	assert_int_equal(fake.sgi_count, 1);
	assert_int_equal(fake.sgis[0].cpu, 1);
	assert_int_equal(fake.sgis[0].sgi, HYP_SGI_STOP);
	assert_int_equal(fake.aborts, 0);
	assert_str_contains(fake_console_text(),
			    "partition 'beta' stopped: data abort; its cores "
			    "are parked");
}

/* Policy restart: the partition boots again, and the fault is still
 * reported (rate limiting carries across restarts). */
static void test_restart_policy(void **state)
{
	(void)state;
	cfg.fault_policy = FAULT_POLICY_RESTART;
	fake.counter_step = 100000; /* lets the back-off pass */
	assert_int_equal(run_fault(FAULT_DABT), FAKE_ENTERED);
	assert_ptr_equal(fake.entered, &vc[0]);
	assert_int_equal(vc[0].state, VCPU_ON);
	assert_int_equal(part.state, PART_RUNNING);
	assert_int_equal(part.faults, 1);
	assert_int_equal(fake.aborts, 0);
	assert_str_contains(fake_console_text(),
			    "bulkhead: partition 'beta' restarting (data "
			    "abort), restart 1");
	assert_int_equal(str_count(fake_console_text(), "stopped"), 0);
}

static void test_rate_limited_log(void **state)
{
	(void)state;
	for (unsigned i = 0; i < 20; i++)
		assert_int_equal(run_fault(FAULT_DABT), FAKE_RETURNED);
	assert_int_equal(part.faults, 20);
	assert_int_equal(fake.aborts, 20);
	/* Two full reports, then counts 4, 8 and 16 only. */
	assert_int_equal(str_count(fake_console_text(), "FAULT part=beta"), 2);
	assert_int_equal(fake.dumps, 2);
	assert_int_equal(str_count(fake_console_text(), "(rate-limited)"), 3);
	assert_str_contains(fake_console_text(),
			    "partition 'beta': 4 guest faults so far");
	assert_str_contains(fake_console_text(), "16 guest faults so far");
	assert_int_equal(str_count(fake_console_text(), "3 guest faults"), 0);
}

static void test_unknown_ipa_shown_as_zero(void **state)
{
	(void)state;
	pending = fault(FAULT_DABT);
	pending.ipa_valid = false;
	assert_int_equal(fake_run(do_fault, &vc[0]), FAKE_RETURNED);
	assert_str_contains(fake_console_text(), "ipa=0x0 ");
}

static void test_kind_str(void **state)
{
	(void)state;
	assert_string_equal(fault_kind_str(FAULT_DABT), "data abort");
	assert_string_equal(fault_kind_str(FAULT_BAD_MMIO),
			    "undecodable MMIO access");
	assert_string_equal(fault_kind_str((enum fault_kind)99), "?");
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_inject_data_abort), T(test_inject_instruction_abort),
	    T(test_inject_undef),      T(test_serror_stops_even_with_inject),
	    T(test_stop_policy),       T(test_restart_policy),
	    T(test_rate_limited_log),  T(test_unknown_ipa_shown_as_zero),
	    T(test_kind_str),
	};

	return UNIT_RUN("fault", tests);
}
