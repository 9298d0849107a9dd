// SPDX-License-Identifier: Apache-2.0
/*
 * The virtual SBSA Generic Watchdog (core/vwdt.c): its registers as Linux's
 * sbsa_gwdt driver uses them, and the two-stage timeout on the guest's
 * virtual counter.  Pure logic: counter values are given by the test.
 */
#include <bulkhead/config.h>
#include <bulkhead/part.h>
#include <bulkhead/vcpu.h>
#include <bulkhead/vwdt.h>

#include "fake.h"
#include "unit.h"

#define CNTVOFF UINT64_C(1000000) /* guest virtual = physical - CNTVOFF */
#define NOW (CNTVOFF + 5000U)

static struct vwdt w;

static int setup(void **state)
{
	(void)state;
	memset(&w, 0, sizeof(w));
	vwdt_reset(&w, CNTVOFF);
	return 0;
}

static enum mmio_result acc(uint64_t off, unsigned width, bool write,
			    uint64_t *val, uint64_t now, uint64_t *deadline)
{
	struct mmio_access a = {
	    .offset = off, .width = width, .write = write, .value = *val};
	enum mmio_result r = vwdt_access(&w, &a, now, deadline);

	*val = a.value;
	return r;
}

static uint64_t rd(uint64_t off, uint64_t now)
{
	uint64_t v = 0, d;

	assert_int_equal(acc(off, 4, false, &v, now, &d), MMIO_OK);
	return v;
}

static uint64_t wr(uint64_t off, uint64_t v, uint64_t now)
{
	uint64_t d;

	assert_int_equal(acc(off, 4, true, &v, now, &d), MMIO_OK);
	return d;
}

/* After reset: disabled, no deadline, version 0 in W_IIDR. */
static void test_reset_state(void **state)
{
	(void)state;
	assert_int_equal(rd(VWDT_WCS, NOW), 0);
	assert_int_equal(rd(VWDT_WOR, NOW), 0);
	assert_int_equal((rd(VWDT_W_IIDR, NOW) >> 16) & 0xf, 0);
	assert_int_equal((rd(VWDT_FRAME_SIZE + VWDT_W_IIDR, NOW) >> 16) & 0xf,
			 0);
	assert_int_equal(wr(VWDT_FRAME_SIZE + VWDT_WRR, 0, NOW), UINT64_MAX);
}

/* sbsa_gwdt's start: WOR, then WCS.EN; the deadline is now + WOR on the
 * physical counter and WCV reads in guest (virtual) ticks. */
static void test_start_and_wcv(void **state)
{
	uint64_t d;

	(void)state;
	assert_int_equal(wr(VWDT_WOR, 600, NOW), UINT64_MAX); /* disabled */
	d = wr(VWDT_WCS, VWDT_WCS_EN, NOW);
	assert_int_equal(d, NOW + 600);
	assert_int_equal(rd(VWDT_WCS, NOW), VWDT_WCS_EN);
	assert_int_equal(rd(VWDT_WCV, NOW), NOW - CNTVOFF + 600);
	assert_int_equal(rd(VWDT_WCV + 4, NOW), 0);
}

/* A refresh (WRR) moves the deadline on and clears WS0. */
static void test_refresh_clears_ws0(void **state)
{
	uint64_t d;

	(void)state;
	wr(VWDT_WOR, 600, NOW);
	wr(VWDT_WCS, VWDT_WCS_EN, NOW);
	assert_false(vwdt_expire(&w, NOW + 600, &d));
	assert_int_equal(rd(VWDT_WCS, NOW + 600), VWDT_WCS_EN | VWDT_WCS_WS0);
	assert_int_equal(d, NOW + 1200);
	d = wr(VWDT_FRAME_SIZE + VWDT_WRR, 0, NOW + 700);
	assert_int_equal(d, NOW + 1300);
	assert_int_equal(rd(VWDT_WCS, NOW + 700), VWDT_WCS_EN);
}

/* No refresh: WS0 at WCV, WS1 one WOR later, then nothing more. */
static void test_two_stage_timeout(void **state)
{
	uint64_t d;

	(void)state;
	wr(VWDT_WOR, 600, NOW);
	wr(VWDT_WCS, VWDT_WCS_EN, NOW);
	assert_false(vwdt_expire(&w, NOW + 599, &d)); /* early: nothing */
	assert_int_equal(d, NOW + 600);
	assert_int_equal(rd(VWDT_WCS, NOW), VWDT_WCS_EN);
	assert_false(vwdt_expire(&w, NOW + 600, &d));
	assert_int_equal(d, NOW + 1200);
	assert_false(vwdt_expire(&w, NOW + 1100, &d));
	assert_true(vwdt_expire(&w, NOW + 1250, &d));
	assert_int_equal(d, UINT64_MAX);
	assert_int_equal(rd(VWDT_WCS, NOW),
			 VWDT_WCS_EN | VWDT_WCS_WS0 | VWDT_WCS_WS1);
	assert_false(vwdt_expire(&w, NOW + 5000, &d));
	assert_int_equal(w.fired, 1);
}

/* Disabled (sbsa_gwdt's stop): never fires. */
static void test_stop(void **state)
{
	uint64_t d;

	(void)state;
	wr(VWDT_WOR, 600, NOW);
	wr(VWDT_WCS, VWDT_WCS_EN, NOW);
	assert_int_equal(wr(VWDT_WCS, 0, NOW + 10), UINT64_MAX);
	assert_false(vwdt_expire(&w, NOW + 100000, &d));
	assert_false(vwdt_expire(&w, NOW + 200000, &d));
	assert_int_equal(d, UINT64_MAX);
}

/* 32-bit registers; WCV also 64-bit; anything else is refused. */
static void test_bad_accesses(void **state)
{
	uint64_t v = 0, d;

	(void)state;
	assert_int_equal(acc(VWDT_WCS, 2, false, &v, NOW, &d), MMIO_BAD_ACCESS);
	assert_int_equal(acc(VWDT_WOR, 8, false, &v, NOW, &d), MMIO_BAD_ACCESS);
	assert_int_equal(acc(VWDT_WCS + 1, 4, true, &v, NOW, &d),
			 MMIO_BAD_ACCESS);
	assert_int_equal(acc(VWDT_SIZE, 4, true, &v, NOW, &d), MMIO_BAD_ACCESS);
	v = UINT64_C(0x123456789);
	assert_int_equal(acc(VWDT_WCV, 8, true, &v, NOW, &d), MMIO_OK);
	v = 0;
	assert_int_equal(acc(VWDT_WCV, 8, false, &v, NOW, &d), MMIO_OK);
	assert_int_equal(v, UINT64_C(0x123456789));
	assert_int_equal(rd(VWDT_WCV + 4, NOW), 1);
	/* Reserved offsets read as zero and ignore writes. */
	wr(0x100, 0xffffffff, NOW);
	assert_int_equal(rd(0x100, NOW), 0);
}

/* A guest access through the partition glue, at fake.counter. */
static void guest_write(struct vcpu *v, uint64_t off, uint64_t val)
{
	struct mmio_access a = {.addr = ipa_init(v->part->cfg->wdt_ipa + off),
				.width = 4,
				.write = true,
				.value = val};

	assert_int_equal(vwdt_mmio(v, &a), MMIO_OK);
}

static struct cfg_part wdt_cfg = {.name = "p", .wdt_ipa = 0x0b000000};
static struct part wdt_part = {.cfg = &wdt_cfg};
static struct vcpu wdt_vcpu = {.part = &wdt_part};

/* The WS0 line (cfg_part.wdt_intid): raised with WS0, lowered by the
 * refresh that clears it; never driven where the config wired none. */
static void test_ws0_interrupt(void **state)
{
	uint64_t d;

	(void)state;
	fake_reset();
	wdt_cfg.wdt_intid = 44;
	vwdt_reset(&wdt_part.wdt, CNTVOFF);
	fake.counter = NOW;
	guest_write(&wdt_vcpu, VWDT_WOR, 600);
	guest_write(&wdt_vcpu, VWDT_WCS, VWDT_WCS_EN);
	assert_int_equal(fake.timer_deadline, NOW + 600);
	assert_false(fake_vgic.level);
	assert_false(vwdt_expire(&wdt_part.wdt, NOW + 600, &d));
	vwdt_signal(&wdt_part);
	assert_ptr_equal(fake_vgic.part, &wdt_part);
	assert_int_equal(fake_vgic.intid, 44);
	assert_true(fake_vgic.level);
	fake.counter = NOW + 700;
	guest_write(&wdt_vcpu, VWDT_FRAME_SIZE + VWDT_WRR, 0);
	assert_false(fake_vgic.level);
	assert_int_equal(fake.timer_deadline, NOW + 1300);

	fake_reset();
	wdt_cfg.wdt_intid = 0;
	assert_false(vwdt_expire(&wdt_part.wdt, NOW + 1300, &d));
	vwdt_signal(&wdt_part);
	guest_write(&wdt_vcpu, VWDT_FRAME_SIZE + VWDT_WRR, 0);
	assert_int_equal(fake_vgic.calls, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_reset_state, setup),
	    cmocka_unit_test_setup(test_start_and_wcv, setup),
	    cmocka_unit_test_setup(test_refresh_clears_ws0, setup),
	    cmocka_unit_test_setup(test_two_stage_timeout, setup),
	    cmocka_unit_test_setup(test_stop, setup),
	    cmocka_unit_test_setup(test_bad_accesses, setup),
	    cmocka_unit_test_setup(test_ws0_interrupt, setup),
	};

	return cmocka_run_group_tests_name("vwdt", tests, NULL, NULL);
}
