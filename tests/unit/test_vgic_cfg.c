// SPDX-License-Identifier: Apache-2.0
/*
 * Which SPIs the config gives a partition's vGIC (core/vgic.c,
 * vgic_reset_state), against the fake GIC hardware: its devices' lines and
 * its bare 'interrupts' backed by the hardware, the virtual UART's and the
 * watchdog's WS0 purely virtual.
 */
#include "vgic_fixture.h"

static const uint32_t dev_intids[] = {40};
static const struct cfg_dev devs[] = {
    {.name = "dev", .intids = dev_intids, .intid_count = 1},
    {.name = "shared", .shared = true}, /* cfgc gives it no lines */
};
static const uint32_t bare_intids[] = {72};
static const struct cfg_part cfg = {
    .name = "monitor",
    .cpu_mask = 0x6,
    .devs = devs,
    .dev_count = 2,
    .intids = bare_intids,
    .intid_count = 1,
    .console = CONSOLE_VUART,
    .vuart_intid = 33,
    .wdt_ipa = 0x0b000000,
    .wdt_intid = 44,
};

static bool has_spi(uint32_t intid, bool hw)
{
	for (unsigned i = 0; i < part.vgic.spi_count; i++)
		if (part.vgic.spis[i].intid == intid)
			return part.vgic.spis[i].hw == hw;
	return false;
}

/* Four SPIs, each backed (or not) as its source says; the distributor's
 * ITLinesNumber covers the highest, 72 (96 lines: 2). */
static void test_spis_from_config(void **state)
{
	(void)state;
	assert_int_equal(part.vgic.spi_count, 4);
	assert_true(has_spi(40, true));
	assert_true(has_spi(72, true));
	assert_true(has_spi(33, false));
	assert_true(has_spi(44, false));
	assert_int_equal(rd(&vc[0], GICD + 0x4, 4) & 0x1f, 2);
}

/* The bare interrupt is the partition's at the hardware: enabling it
 * enables and routes the physical line to the vCPU's core. */
static void test_bare_interrupt_reaches_hardware(void **state)
{
	(void)state;
	wr(&vc[0], GICD + 0x108, 4, BIT(72 - 64)); /* ISENABLER2 */
	assert_int_equal(rd(&vc[0], GICD + 0x108, 4), BIT(72 - 64));
	assert_true(fake_gic.enabled[72]);
	assert_int_equal(fake_gic.route[72], 1);
}

/* WS0 is virtual: enabling it touches no physical line, and the watchdog's
 * level makes it pending for the guest. */
static void test_ws0_is_virtual(void **state)
{
	unsigned writes = fake_gic.hw_writes;

	(void)state;
	/* ISENABLER1: SPI 40 (hardware) shares the word, untouched. */
	wr(&vc[0], GICD + 0x104, 4, BIT(44 - 32));
	assert_int_equal(fake_gic.hw_writes, writes);
	assert_int_equal(rd(&vc[0], GICD + 0x104, 4), BIT(44 - 32));
	assert_false(fake_gic.enabled[44]);
	assert_int_equal(fake_gic.route[44], -1); /* never routed */
	vgic_set_level(&part, 44, true);
	assert_int_equal(rd(&vc[0], GICD + 0x204, 4), BIT(44 - 32));
	vgic_set_level(&part, 44, false);
	assert_int_equal(rd(&vc[0], GICD + 0x204, 4), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_spis_from_config, setup3,
					    teardown),
	    cmocka_unit_test_setup_teardown(
		test_bare_interrupt_reaches_hardware, setup3, teardown),
	    cmocka_unit_test_setup_teardown(test_ws0_is_virtual, setup3,
					    teardown),
	};

	vgic_fixture_cfg = &cfg;
	return cmocka_run_group_tests_name("vgic cfg", tests, NULL, NULL);
}
