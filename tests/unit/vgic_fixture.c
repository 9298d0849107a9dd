// SPDX-License-Identifier: Apache-2.0
/* The vGIC unit tests' system (see vgic_fixture.h). */
#include "vgic_fixture.h"

/* fake_arch.c resets it; fake_vgic.c (its usual home) is not linked with
 * the vGIC tests because they link the real vgic_set_level(). */
struct fake_vgic fake_vgic;

static const struct cfg_board board = {
    .name = "unit",
    .cpu_count = 4,
    .gicd_base = GICD,
    .gicr_base = GICR,
    .gicc_base = GICC,
    .gich_base = 0x08030000,
    .gicv_base = 0x08040000,
};
const struct cfg_system cfg_system = {.name = "unit", .board = &board};

struct part part;
struct vcpu vc[2];
const struct cfg_part *vgic_fixture_cfg;

void vgic_fixture_build(const struct cfg_part *cfg, unsigned version)
{
	fake_reset();
	fake_gic_reset();
	fake_gic.version = version;
	fake_pool_init(64);
	memset(&part, 0, sizeof(part));
	memset(vc, 0, sizeof(vc));
	part.cfg = cfg;
	assert_int_equal(s2_init(&part.s2, arch_s2_geometry()), S2_OK);
	for (unsigned i = 0; i < ARRAY_SIZE(vc); i++) {
		vc[i].part = &part;
		vc[i].index = i;
		vc[i].cpu = i + 1;
		vc[i].state = VCPU_ON;
		part.vcpus[part.vcpu_count++] = &vc[i];
	}
	vgic_part_init(&part);
	fake.cpu_index = 1;
	vgic_cpu_init(&vc[0]);
}

int setup3(void **state)
{
	(void)state;
	vgic_fixture_build(vgic_fixture_cfg, 3);
	return 0;
}

int setup2(void **state)
{
	(void)state;
	vgic_fixture_build(vgic_fixture_cfg, 2);
	return 0;
}

int teardown(void **state)
{
	(void)state;
	fake_pool_free();
	return 0;
}

uint64_t rd(struct vcpu *v, uint64_t addr, unsigned width)
{
	struct mmio_access a = {.addr = ipa_init(addr), .width = width};

	fake.cpu_index = v->cpu;
	assert_int_equal(vgic_mmio(v, &a), MMIO_OK);
	return a.value;
}

void wr(struct vcpu *v, uint64_t addr, unsigned width, uint64_t val)
{
	struct mmio_access a = {.addr = ipa_init(addr),
				.width = width,
				.write = true,
				.value = val};

	fake.cpu_index = v->cpu;
	assert_int_equal(vgic_mmio(v, &a), MMIO_OK);
}

unsigned lrs_loaded(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < fake_gic.lr_count; i++)
		n += fake_gic.lr[i].pending || fake_gic.lr[i].active;
	return n;
}
