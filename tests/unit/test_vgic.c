// SPDX-License-Identifier: Apache-2.0
/*
 * core/vgic*.c against the fake GIC hardware (fake_vgic_hw.c).  One
 * partition with two vCPUs on cores 1 and 2 owns hardware SPIs 40 and 41
 * and the virtual UART's SPI 33; everything else must be invisible to it.
 */
#include "vgic_fixture.h"

static const uint32_t dev_intids[] = {40, 41};
static const struct cfg_dev devs[] = {
    {.name = "dev", .intids = dev_intids, .intid_count = 2},
};
static const struct cfg_part cfg = {
    .name = "alpha",
    .cpu_mask = 0x6,
    .devs = devs,
    .dev_count = 1,
    .console = CONSOLE_VUART,
    .vuart_intid = 33,
};

static struct vgic_lr *lr_find(uint32_t vintid)
{
	for (unsigned i = 0; i < fake_gic.lr_count; i++)
		if ((fake_gic.lr[i].pending || fake_gic.lr[i].active) &&
		    fake_gic.lr[i].vintid == vintid)
			return &fake_gic.lr[i];
	return NULL;
}

static void flush(struct vcpu *v)
{
	fake.cpu_index = v->cpu;
	vgic_flush(v);
}

/* The guest acknowledges (pending -> active) and EOIs every loaded LR. */
static void guest_takes_all(void)
{
	for (unsigned i = 0; i < fake_gic.lr_count; i++)
		fake_gic.lr[i].pending = fake_gic.lr[i].active = false;
}

/* ---- identification registers ---- */

static void test_id_regs_v3(void **state)
{
	(void)state;
	/* Highest SPI 41 -> 64 lines -> ITLinesNumber 1; 2 vCPUs. */
	assert_int_equal(rd(&vc[0], GICD + 0x4, 4) & 0xff, 0x21);
	assert_int_equal(rd(&vc[0], GICD + 0xffe8, 4), 0x30);
	/* ARE and DS read as one. */
	assert_int_equal(rd(&vc[0], GICD, 4), 0x50);
	wr(&vc[0], GICD, 4, 0x3);
	assert_int_equal(rd(&vc[0], GICD, 4), 0x53);
}

static void test_id_regs_v2(void **state)
{
	(void)state;
	assert_int_equal(rd(&vc[0], GICD + 0x4, 4), 0x21);
	assert_int_equal(rd(&vc[0], GICD + 0xfe8, 4), 0x20);
	assert_int_equal(rd(&vc[0], GICD, 4), 0);
}

/* GICv2: the GICV frame appears at the guest's GICC address. */
static void test_v2_gicv_mapped(void **state)
{
	struct paddr pa;

	(void)state;
	assert_true(s2_translate(&part.s2, ipa_init(GICC + 0x1000), &pa));
	assert_int_equal(pa_addr(pa), 0x08041000);
}

/* ---- enable / pending / active ---- */

static void test_enable_hw_spi(void **state)
{
	(void)state;
	wr(&vc[0], GICD + 0x104, 4, BIT(8)); /* ISENABLER1: SPI 40 */
	assert_int_equal(rd(&vc[0], GICD + 0x104, 4), BIT(8));
	assert_true(fake_gic.enabled[40]);
	assert_int_equal(fake_gic.route[40], 1); /* vCPU 0 = core 1 */
	wr(&vc[0], GICD + 0x184, 4, BIT(8)); /* ICENABLER1 */
	assert_int_equal(rd(&vc[0], GICD + 0x104, 4), 0);
	assert_false(fake_gic.enabled[40]);
}

/* Partition restart: the guest's configuration is forgotten, hardware
 * SPIs are disabled and their physical pending/active state cleared. */
static void test_part_reset(void **state)
{
	(void)state;
	wr(&vc[0], GICD + 0x104, 4, BIT(1) | BIT(8)); /* enable 33, 40 */
	wr(&vc[0], GICD + 0x204, 4, BIT(1)); /* pend 33 */
	wr(&vc[0], GICD + 0x400 + 40, 1, 0x10);
	vgic_set_level(&part, 33, true);
	assert_true(fake_gic.enabled[40]);
	vgic_part_reset(&part);
	assert_int_equal(part.vgic.spi_count, 3);
	assert_int_equal(rd(&vc[0], GICD + 0x104, 4), 0);
	assert_int_equal(rd(&vc[0], GICD + 0x204, 4), 0);
	assert_int_equal(rd(&vc[0], GICD + 0x400 + 40, 1), 0xa0);
	assert_false(fake_gic.enabled[40]);
	assert_false(fake_gic.enabled[41]);
	assert_int_equal(fake_gic.route[40], 1);
	assert_int_equal(fake_gic.cleared[40], 1);
	assert_int_equal(fake_gic.cleared[41], 1);
	assert_int_equal(fake_gic.cleared[33], 0); /* virtual: nothing */
	/* The virtual timer is still backed by hardware after the reset, and
	 * the core's own init clears what its list registers left active. */
	assert_true(vc[1].vgic.priv[VGIC_INTID_VTIMER].hw);
	fake.cpu_index = vc[1].cpu;
	vgic_cpu_init(&vc[1]);
	assert_int_equal(fake_gic.cleared[VGIC_INTID_VTIMER], 2);
}

static void test_foreign_raz_wi(void **state)
{
	unsigned writes;

	(void)state;
	writes = fake_gic.hw_writes;
	wr(&vc[0], GICD + 0x108, 4, 0xffffffff); /* SPIs 64-95: none ours */
	assert_int_equal(fake_gic.hw_writes, writes);
	assert_int_equal(rd(&vc[0], GICD + 0x108, 4), 0);
	/* Of SPIs 32-63 only 33, 40, 41 stick. */
	wr(&vc[0], GICD + 0x104, 4, 0xffffffff);
	assert_int_equal(rd(&vc[0], GICD + 0x104, 4), BIT(1) | BIT(8) | BIT(9));
	assert_false(fake_gic.enabled[50]);
	wr(&vc[0], GICD + 0x400 + 50, 1, 0x10);
	assert_int_equal(rd(&vc[0], GICD + 0x400 + 50, 1), 0);
	/* GICv3: SGIs/PPIs live in the redistributor (ARE = 1). */
	wr(&vc[0], GICD + 0x100, 4, 0xffffffff);
	assert_int_equal(rd(&vc[0], GICD + 0x100, 4), 0);
}

static void test_pending_active_virtual(void **state)
{
	(void)state;
	wr(&vc[0], GICD + 0x204, 4, BIT(1)); /* ISPENDR1: SPI 33 */
	assert_int_equal(rd(&vc[0], GICD + 0x204, 4), BIT(1));
	wr(&vc[0], GICD + 0x284, 4, BIT(1)); /* ICPENDR1 */
	assert_int_equal(rd(&vc[0], GICD + 0x204, 4), 0);
	wr(&vc[0], GICD + 0x304, 4, BIT(1)); /* ISACTIVER1 */
	assert_int_equal(rd(&vc[0], GICD + 0x384, 4), BIT(1));
	wr(&vc[0], GICD + 0x384, 4, BIT(1)); /* ICACTIVER1 */
	assert_int_equal(rd(&vc[0], GICD + 0x304, 4), 0);
	/* Hardware SPIs' pending state belongs to the physical GIC. */
	wr(&vc[0], GICD + 0x204, 4, BIT(8));
	assert_int_equal(rd(&vc[0], GICD + 0x204, 4), 0);
}

static void test_priority_bytes(void **state)
{
	(void)state;
	wr(&vc[0], GICD + 0x400 + 41, 1, 0xff);
	/* 5 implemented bits: the low 3 read as zero. */
	assert_int_equal(rd(&vc[0], GICD + 0x400 + 41, 1), 0xf8);
	assert_int_equal(fake_gic.prio[41], 0xf8);
	wr(&vc[0], GICD + 0x400 + 40, 1, 0x40);
	assert_int_equal(rd(&vc[0], GICD + 0x428, 4), 0xf840);
	wr(&vc[0], GICD + 0x428, 4, 0x12345678);
	assert_int_equal(rd(&vc[0], GICD + 0x428, 4), 0x5078);
	/* Redistributor SGI frame of vCPU 1, PPI 27. */
	wr(&vc[0], GICR + 0x20000 + SGI_BASE + 0x400 + 27, 1, 0x88);
	assert_int_equal(vc[1].vgic.priv[27].prio, 0x88);
	assert_int_equal(vc[0].vgic.priv[27].prio, 0xa0);
}

static void test_cfg(void **state)
{
	(void)state;
	/* ICFGR2 covers SPIs 32-47: SPI 40 edge = bit 17. */
	wr(&vc[0], GICD + 0xc08, 4, BIT(17));
	assert_int_equal(rd(&vc[0], GICD + 0xc08, 4), BIT(17));
	assert_true(fake_gic.edge[40]);
	/* SGIs read as edge in ICFGR0 and cannot change. */
	wr(&vc[0], GICR + SGI_BASE + 0xc00, 4, 0);
	assert_int_equal(rd(&vc[0], GICR + SGI_BASE + 0xc00, 4), 0xaaaaaaaa);
}

/* ---- routing ---- */

static void test_irouter_own_vcpus_only(void **state)
{
	(void)state;
	wr(&vc[0], GICD + 0x104, 4, BIT(8));
	wr(&vc[0], GICD + 0x6000 + 8 * 40, 8, 1); /* Aff0 = vCPU 1 */
	assert_int_equal(rd(&vc[0], GICD + 0x6000 + 8 * 40, 8), 1);
	assert_int_equal(fake_gic.route[40], 2);
	assert_int_equal(fake_gic.enable_cpu[40], 2);
	/* No vCPU 5, no Aff1 = 1: delivered nowhere, the line is off. */
	wr(&vc[0], GICD + 0x6000 + 8 * 40, 8, 5);
	assert_false(fake_gic.enabled[40]);
	assert_int_equal(fake_gic.route[40], 2);
	wr(&vc[0], GICD + 0x6000 + 8 * 40, 4, 0x100);
	assert_false(fake_gic.enabled[40]);
	/* Upper half as its own word. */
	wr(&vc[0], GICD + 0x6000 + 8 * 40, 4, 0);
	wr(&vc[0], GICD + 0x6000 + 8 * 40 + 4, 4, 0);
	assert_true(fake_gic.enabled[40]);
	assert_int_equal(fake_gic.route[40], 1);
	/* Foreign SPI: RAZ/WI. */
	wr(&vc[0], GICD + 0x6000 + 8 * 50, 8, 1);
	assert_int_equal(rd(&vc[0], GICD + 0x6000 + 8 * 50, 8), 0);
	assert_int_equal(fake_gic.route[50], -1);
}

static void test_v2_itargetsr(void **state)
{
	(void)state;
	wr(&vc[0], GICD + 0x800 + 40, 1, 0xff);
	assert_int_equal(rd(&vc[0], GICD + 0x800 + 40, 1), 0x3);
	wr(&vc[0], GICD + 0x800 + 40, 1, 0x2);
	assert_int_equal(fake_gic.route[40], 2);
	/* SGIs/PPIs: the accessing vCPU's own mask, read-only. */
	assert_int_equal(rd(&vc[1], GICD + 0x800, 4), 0x02020202);
}

/* ---- redistributors ---- */

static void test_gicr_frames(void **state)
{
	struct mmio_access a = {.addr = ipa_init(GICR + 2 * 0x20000 + 8),
				.width = 8};

	(void)state;
	/* TYPER: Affinity = vCPU index, Processor_Number, Last. */
	assert_int_equal(rd(&vc[0], GICR + 8, 8), 0);
	assert_int_equal(rd(&vc[0], GICR + 0x20000 + 8, 8),
			 (UINT64_C(1) << 32) | (1U << 8) | BIT(4));
	assert_int_equal(rd(&vc[0], GICR + 0x20000 + 12, 4), 1);
	assert_int_equal(rd(&vc[0], GICR + 0xffe8, 4), 0x30);
	/* WAKER resets asleep; ChildrenAsleep follows ProcessorSleep. */
	assert_int_equal(rd(&vc[0], GICR + 0x14, 4), 6);
	wr(&vc[0], GICR + 0x14, 4, 0);
	assert_int_equal(rd(&vc[0], GICR + 0x14, 4), 0);
	/* Only as many frames as vCPUs. */
	assert_int_equal(vgic_mmio(&vc[0], &a), MMIO_UNHANDLED);
}

/* ---- injection ---- */

static void enable_dist(void)
{
	wr(&vc[0], GICD, 4, 3);
}

static void test_lr_overflow_by_priority(void **state)
{
	struct vgic_lr *lr;

	(void)state;
	enable_dist();
	for (unsigned i = 0; i < 6; i++) {
		wr(&vc[0], GICR + SGI_BASE + 0x400 + i, 1, 0xa0 - 0x10 * i);
		vgic_inject(&part, &vc[0], i);
	}
	wr(&vc[0], GICR + SGI_BASE + 0x100, 4, 0x3f);
	flush(&vc[0]);
	assert_int_equal(lrs_loaded(), 4);
	for (unsigned i = 2; i < 6; i++)
		assert_non_null(lr_find(i)); /* the four highest */
	assert_true(fake_gic.npie);
	lr = lr_find(5);
	assert_int_equal(lr->prio, 0x50);
	assert_false(lr->hw);
	guest_takes_all();
	vgic_maintenance(&vc[0]);
	assert_int_equal(lrs_loaded(), 2);
	assert_non_null(lr_find(0));
	assert_non_null(lr_find(1));
	assert_false(fake_gic.npie);
}

static void test_disabled_not_injected(void **state)
{
	(void)state;
	enable_dist();
	vgic_inject(&part, &vc[0], 3);
	flush(&vc[0]);
	assert_int_equal(lrs_loaded(), 0);
	assert_int_equal(rd(&vc[0], GICR + SGI_BASE + 0x200, 4), BIT(3));
	wr(&vc[0], GICR + SGI_BASE + 0x100, 4, BIT(3));
	flush(&vc[0]);
	assert_non_null(lr_find(3));
}

static void test_phys_irq_hw_bit(void **state)
{
	struct vgic_lr *lr;

	(void)state;
	enable_dist();
	wr(&vc[0], GICR + SGI_BASE + 0x100, 4, BIT(27));
	assert_true(fake_gic.enabled[27]);
	assert_int_equal(fake_gic.enable_cpu[27], 1);
	assert_true(vgic_phys_irq(&vc[0], 27));
	assert_false(vgic_phys_irq(&vc[0], 50)); /* nobody's */
	assert_false(vgic_phys_irq(&vc[0], 33)); /* purely virtual */
	flush(&vc[0]);
	lr = lr_find(27);
	assert_non_null(lr);
	assert_true(lr->hw);
	assert_int_equal(lr->pintid, 27);
	assert_true(lr->pending);
	/* Guest acknowledges: active stays in the LR, not re-queued. */
	lr->pending = false;
	lr->active = true;
	flush(&vc[0]);
	lr = lr_find(27);
	assert_true(lr->active && !lr->pending && lr->hw);
	guest_takes_all();
	flush(&vc[0]);
	assert_int_equal(lrs_loaded(), 0);
}

/* The trap path's fast case: the timer alone in LR 0 is made pending again
 * without a flush, and only while nothing else changed. */
static void test_fast_hw_ppi(void **state)
{
	(void)state;
	enable_dist();
	wr(&vc[0], GICR + SGI_BASE + 0x100, 4, BIT(27));
	/* Nothing in the LRs yet: the first occurrence takes the slow path. */
	assert_false(vgic_fast_hw_ppi(&vc[0], 27));
	assert_true(vgic_phys_irq(&vc[0], 27));
	flush(&vc[0]);
	assert_int_equal(vc[0].vgic.fast_intid, 27);
	/* Still pending in LR 0 (not taken): no reuse. */
	assert_false(vgic_fast_hw_ppi(&vc[0], 27));
	guest_takes_all();
	assert_false(vgic_fast_hw_ppi(&vc[0], 30)); /* another PPI */
	assert_true(vgic_fast_hw_ppi(&vc[0], 27));
	assert_true(fake_gic.lr[0].pending && fake_gic.lr[0].hw);
	assert_int_equal(fake_gic.lr0_reuses, 1);
	guest_takes_all();
	/* Anything queued for the vCPU ends the fast case until a flush. */
	wr(&vc[0], GICD + 0x104, 4, BIT(1));
	vgic_inject(&part, &vc[0], 33);
	assert_int_equal(vc[0].vgic.fast_intid, VGIC_NO_FAST);
	assert_false(vgic_fast_hw_ppi(&vc[0], 27));
	assert_true(vgic_phys_irq(&vc[0], 27));
	flush(&vc[0]);
	assert_non_null(lr_find(27));
	assert_non_null(lr_find(33));
	assert_int_equal(vc[0].vgic.fast_intid, VGIC_NO_FAST);
	guest_takes_all();
	flush(&vc[0]);
	/* A disabled timer is never re-injected by the fast path. */
	assert_true(vgic_phys_irq(&vc[0], 27));
	flush(&vc[0]);
	guest_takes_all();
	assert_int_equal(vc[0].vgic.fast_intid, 27);
	vc[0].vgic.priv[27].enabled = false;
	assert_false(vgic_fast_hw_ppi(&vc[0], 27));
	assert_int_equal(fake_gic.lr0_reuses, 1);
}

static void test_level_from_other_core(void **state)
{
	struct vgic_lr *lr;

	(void)state;
	enable_dist();
	wr(&vc[0], GICD + 0x104, 4, BIT(1));
	wr(&vc[0], GICD + 0x6000 + 8 * 33, 8, 1); /* to vCPU 1 */
	fake.sgi_count = 0;
	fake.cpu_index = 3; /* some other partition's core */
	vgic_set_level(&part, 33, true);
	assert_int_equal(fake.sgi_count, 1);
	assert_int_equal(fake.sgis[0].cpu, 2);
	assert_int_equal(fake.sgis[0].sgi, HYP_SGI_KICK);
	flush(&vc[1]);
	lr = lr_find(33);
	assert_non_null(lr);
	assert_true(lr->pending && lr->eoi && !lr->hw);
	/* EOI with the line still high: injected again. */
	guest_takes_all();
	vgic_maintenance(&vc[1]);
	assert_non_null(lr_find(33));
	/* Line dropped before the guest took it: withdrawn. */
	vgic_set_level(&part, 33, false);
	flush(&vc[1]);
	assert_null(lr_find(33));
}

static void test_sgi1r_own_vcpus_only(void **state)
{
	(void)state;
	/* TargetList 0xf: Aff0 0-3, only vCPUs 0 and 1 exist. */
	vgic_sgi1r_write(&vc[0], (UINT64_C(5) << 24) | 0xf);
	assert_true(vc[0].vgic.priv[5].pending);
	assert_true(vc[1].vgic.priv[5].pending);
	assert_int_equal(part.vgic.dropped_sgis, 1);
	/* Aff1 = 1 names another cluster: nobody. */
	vgic_sgi1r_write(&vc[0], (UINT64_C(6) << 24) | (1U << 16) | 0x3);
	assert_false(vc[0].vgic.priv[6].pending);
	assert_false(vc[1].vgic.priv[6].pending);
	/* IRM: everyone but the sender. */
	vgic_sgi1r_write(&vc[1], (UINT64_C(7) << 24) | BIT(40));
	assert_true(vc[0].vgic.priv[7].pending);
	assert_false(vc[1].vgic.priv[7].pending);
}

static void test_v2_sgir(void **state)
{
	struct vgic_lr *lr;

	(void)state;
	enable_dist();
	wr(&vc[1], GICD + 0x100, 4, 0xffff);
	wr(&vc[0], GICD + 0xf00, 4, (1U << 24) | 9); /* all but self */
	assert_false(vc[0].vgic.priv[9].pending);
	flush(&vc[1]);
	lr = lr_find(9);
	assert_non_null(lr);
	assert_int_equal(lr->source, 0);
	wr(&vc[1], GICD + 0xf00, 4, (0xfcU << 16) | 4); /* no such CPUs */
	assert_false(vc[0].vgic.priv[4].pending);
	assert_false(vc[1].vgic.priv[4].pending);
}

int main(void)
{
	const struct CMUnitTest v3[] = {
	    cmocka_unit_test_setup_teardown(test_id_regs_v3, setup3, teardown),
	    cmocka_unit_test_setup_teardown(test_enable_hw_spi, setup3,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_foreign_raz_wi, setup3,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_part_reset, setup3, teardown),
	    cmocka_unit_test_setup_teardown(test_pending_active_virtual, setup3,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_priority_bytes, setup3,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_cfg, setup3, teardown),
	    cmocka_unit_test_setup_teardown(test_irouter_own_vcpus_only, setup3,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_gicr_frames, setup3, teardown),
	    cmocka_unit_test_setup_teardown(test_lr_overflow_by_priority,
					    setup3, teardown),
	    cmocka_unit_test_setup_teardown(test_disabled_not_injected, setup3,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_phys_irq_hw_bit, setup3,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_fast_hw_ppi, setup3, teardown),
	    cmocka_unit_test_setup_teardown(test_level_from_other_core, setup3,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_sgi1r_own_vcpus_only, setup3,
					    teardown),
	};
	const struct CMUnitTest v2[] = {
	    cmocka_unit_test_setup_teardown(test_id_regs_v2, setup2, teardown),
	    cmocka_unit_test_setup_teardown(test_v2_gicv_mapped, setup2,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_v2_itargetsr, setup2,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_v2_sgir, setup2, teardown),
	};

	vgic_fixture_cfg = &cfg;
	return UNIT_RUN("vgic-v3", v3) | UNIT_RUN("vgic-v2", v2);
}
