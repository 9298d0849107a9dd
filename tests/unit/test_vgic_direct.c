// SPDX-License-Identifier: Apache-2.0
/*
 * Direct interrupt delivery (IRQ_MODE_DIRECT) in core/vgic*.c, against the
 * fake GIC hardware: one direct-mode partition with two vCPUs on cores 1
 * and 2 that owns hardware SPI 40.  The distributor stays emulated; what
 * changes is that nothing goes through list registers, hardware priorities
 * stay below the hypervisor's, and SGIs become physical ones to the
 * partition's own cores only.
 */
#include "vgic_fixture.h"

static const uint32_t dev_intids[] = {40};
static const struct cfg_dev devs[] = {
    {.name = "dev", .intids = dev_intids, .intid_count = 1},
};
static const struct cfg_part cfg = {
    .name = "rt",
    .cpu_mask = 0x6,
    .devs = devs,
    .dev_count = 1,
    .irq_mode = IRQ_MODE_DIRECT,
    .console = CONSOLE_VUART,
    .vuart_intid = 33,
};

/* The core is handed over: direct CPU interface setup, and the virtual
 * interface (ICH_HCR_EL2.En) is never switched on. */
static void test_cpu_handed_over(void **state)
{
	(void)state;
	assert_true(fake_gic.direct);
	assert_false(fake_gic.en);
}

/* Guest order kept, always below the hypervisor's Group 0 at 0. */
static void test_priority_squeezed(void **state)
{
	(void)state;
	assert_int_equal(vgic_direct_priority(0x00), 0x80);
	assert_int_equal(vgic_direct_priority(0x10), 0x88);
	assert_int_equal(vgic_direct_priority(0xa0), 0xd0);
	assert_int_equal(vgic_direct_priority(0xf8), 0xfc);
	for (unsigned p = 0; p < 0x100; p += 8)
		assert_true(vgic_direct_priority((uint8_t)p) >= 0x80);
	/* The vtimer PPI in vCPU 0's redistributor: enable reaches the
	 * hardware of core 1, priority 0 arrives as 0x80. */
	wr(&vc[0], GICR + SGI_BASE + 0x400 + VGIC_INTID_VTIMER, 1, 0);
	wr(&vc[0], GICR + SGI_BASE + 0x100, 4, BIT(VGIC_INTID_VTIMER));
	assert_true(fake_gic.enabled[VGIC_INTID_VTIMER]);
	assert_int_equal(fake_gic.enable_cpu[VGIC_INTID_VTIMER], 1);
	assert_int_equal(fake_gic.prio[VGIC_INTID_VTIMER], 0x80);
	/* A hardware SPI too. */
	wr(&vc[0], GICD + 0x400 + 40, 1, 0x40);
	assert_int_equal(fake_gic.prio[40], 0xa0);
}

/* Nothing is ever put in a list register, even with a virtual SPI
 * pending and enabled. */
static void test_no_list_registers(void **state)
{
	(void)state;
	wr(&vc[0], GICD, 4, 3);
	wr(&vc[0], GICD + 0x104, 4, BIT(1)); /* SPI 33 enabled */
	vgic_inject(&part, &vc[0], 33);
	fake.cpu_index = 1;
	vgic_flush(&vc[0]);
	vgic_maintenance(&vc[0]);
	assert_int_equal(lrs_loaded(), 0);
}

/* A restart (vgic_cpu_init again) turns the old guest's timer off. */
static void test_reinit_disables_hw_ppis(void **state)
{
	(void)state;
	wr(&vc[0], GICR + SGI_BASE + 0x100, 4, BIT(VGIC_INTID_VTIMER));
	assert_true(fake_gic.enabled[VGIC_INTID_VTIMER]);
	vgic_part_reset(&part);
	fake.cpu_index = 1;
	vgic_cpu_init(&vc[0]);
	assert_false(fake_gic.enabled[VGIC_INTID_VTIMER]);
}

/* GICv3: ICC_SGI1R_EL1 writes (trapped through HCR_EL2.FMO) become
 * physical SGIs to the partition's own cores, never to another core, and
 * never with a hypervisor SGI number. */
static void test_sgi1r_forwarded_to_own_cores(void **state)
{
	(void)state;
	/* TargetList 0xf: Aff0 0-3; vCPUs 0, 1 are cores 1, 2. */
	vgic_sgi1r_write(&vc[0], (UINT64_C(3) << 24) | 0xf);
	assert_int_equal(fake_gic.guest_sgis[1], BIT(3));
	assert_int_equal(fake_gic.guest_sgis[2], BIT(3));
	assert_int_equal(fake_gic.guest_sgis[0] | fake_gic.guest_sgis[3], 0);
	assert_int_equal(part.vgic.dropped_sgis, 1);
	/* IRM = 1: everyone but the sender. */
	vgic_sgi1r_write(&vc[1], (UINT64_C(5) << 24) | BIT(40));
	assert_int_equal(fake_gic.guest_sgis[1], BIT(3) | BIT(5));
	assert_int_equal(fake_gic.guest_sgis[2], BIT(3));
	/* SGI 9 is the hypervisor's STOP on these cores: dropped. */
	vgic_sgi1r_write(&vc[0], (UINT64_C(9) << 24) | 0x3);
	assert_int_equal(fake_gic.guest_sgis[1], BIT(3) | BIT(5));
	assert_int_equal(fake_gic.guest_sgis[2], BIT(3));
	assert_int_equal(part.vgic.dropped_sgis, 2);
	/* The guest's SGIs are real ones on its cores: enabling one in its
	 * redistributor enables it at the GIC (priority squeezed), but not
	 * the hypervisor's 8-15. */
	wr(&vc[0], GICR + SGI_BASE + 0x400 + 3, 1, 0x20);
	wr(&vc[0], GICR + SGI_BASE + 0x100, 4, BIT(3) | BIT(9));
	assert_true(fake_gic.enabled[3]);
	assert_int_equal(fake_gic.prio[3], 0x90);
	assert_false(fake_gic.enabled[9]);
	/* Another cluster: nobody. */
	vgic_sgi1r_write(&vc[0], (UINT64_C(2) << 24) | (1U << 16) | 0x3);
	assert_int_equal(fake_gic.guest_sgis[1] & BIT(2), 0);
	assert_false(vc[0].vgic.priv[3].pending); /* never virtual */
}

/* GICv2: the guest's GICC window is the physical, banked GICC (not the
 * GICV frame trap mode maps there). */
static void test_v2_physical_gicc_mapped(void **state)
{
	struct paddr pa;

	(void)state;
	assert_true(s2_translate(&part.s2, ipa_init(GICC + 0x1000), &pa));
	assert_int_equal(pa_addr(pa), GICC + 0x1000);
}

/* GICv2: GICD_SGIR (emulated) is forwarded the same way. */
static void test_v2_sgir_forwarded(void **state)
{
	(void)state;
	wr(&vc[0], GICD + 0xf00, 4, (1U << 24) | 6); /* all but self */
	assert_int_equal(fake_gic.guest_sgis[2], BIT(6));
	assert_int_equal(fake_gic.guest_sgis[1], 0);
	wr(&vc[1], GICD + 0xf00, 4, (0x1U << 16) | 8); /* hypervisor's */
	assert_int_equal(fake_gic.guest_sgis[1], 0);
}

int main(void)
{
	const struct CMUnitTest v3[] = {
	    cmocka_unit_test_setup_teardown(test_cpu_handed_over, setup3,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_priority_squeezed, setup3,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_no_list_registers, setup3,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_reinit_disables_hw_ppis,
					    setup3, teardown),
	    cmocka_unit_test_setup_teardown(test_sgi1r_forwarded_to_own_cores,
					    setup3, teardown),
	};
	const struct CMUnitTest v2[] = {
	    cmocka_unit_test_setup_teardown(test_v2_physical_gicc_mapped,
					    setup2, teardown),
	    cmocka_unit_test_setup_teardown(test_v2_sgir_forwarded, setup2,
					    teardown),
	};
	int failed;

	vgic_fixture_cfg = &cfg;
	failed = cmocka_run_group_tests_name("vgic direct v3", v3, NULL, NULL);

	return failed |
	       cmocka_run_group_tests_name("vgic direct v2", v2, NULL, NULL);
}
