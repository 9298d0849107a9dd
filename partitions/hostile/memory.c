// SPDX-License-Identifier: Apache-2.0
/*
 * Memory and device windows that are not ours: the victim's RAM (its
 * checksummed region) in every access form, the hypervisor's reserved RAM,
 * board RAM nobody owns, addresses past RAM and at and past the top of the
 * IPA space, the victim's passed-through RTC, unassigned devices and the
 * physical GIC frames.  Instruction fetches from the victim's and the
 * hypervisor's RAM, and stage-1 table walks whose tables lie there (or in
 * the emulated distributor), too.  Stage 2 maps none of them, so every access must
 * come back as an injected synchronous external abort that names the
 * address, with nothing loaded and no base register written back.
 *
 *   name=<target> result=contained addr=0x<first> ops=<n> ok=<n> esr=0x<e>
 */
#include "hostile.h"

#define POISON 0xdeadbeefUL

static void report(const char *name, const struct tally *t, uint64_t addr)
{
	atk_report(name, tally_result(t, "contained"),
		   "addr=0x%llx ops=%u ok=%u esr=0x%llx",
		   (unsigned long long)addr, t->ops, t->ok,
		   (unsigned long long)t->esr);
}

static void try_op(struct tally *t, enum op op, uint64_t va)
{
	struct probe p;

	probe(op, va, POISON, &p);
	tally_abort(t, &p, va);
}

/* A 32-bit read and write of va. */
static void try_rw(struct tally *t, uint64_t va)
{
	try_op(t, OP_R32, va);
	try_op(t, OP_W32, va);
}

static void one_target(const char *name, uint64_t va)
{
	struct tally t = {0};

	try_rw(&t, va);
	report(name, &t, va);
}

/* Every instruction form against the victim's precious region. */
static void victim_ram(void)
{
	struct tally t = {0};

	for (enum op op = OP_R8; op <= OP_EXEC; op++)
		try_op(&t, op, VICTIM_PRECIOUS);
	report("ram-victim", &t, VICTIM_PRECIOUS);
}

static void hyp_ram(void)
{
	struct tally t = {0};

	try_rw(&t, HYP_IMAGE);
	try_op(&t, OP_LDP, HYP_IMAGE);
	try_op(&t, OP_STP, HYP_IMAGE);
	try_op(&t, OP_ZVA, HYP_IMAGE);
	try_op(&t, OP_EXEC, HYP_IMAGE);
	try_rw(&t, 0x40000000UL); /* start of the reserved region */
	try_rw(&t, 0x47fff000UL); /* its last page */
	report("ram-hypervisor", &t, HYP_IMAGE);
}

/* Stage-1 table walks through tables that are not ours (mmu.c). */
static void table_walks(void)
{
	struct tally t = {0};

	try_op(&t, OP_R32, ALIAS_PTW_VICTIM);
	try_op(&t, OP_R32, ALIAS_PTW_HYP);
	try_op(&t, OP_R32, ALIAS_PTW_GICD);
	report("ptw-foreign", &t, ALIAS_PTW_VICTIM);
}

void attack_memory(void)
{
	victim_ram();
	hyp_ram();
	one_target("ram-unowned", 0x4c000000UL); /* board RAM, no owner */
	one_target("ram-top", 0x7ffff000UL); /* last page of board RAM */
	one_target("ram-beyond", 0x80000000UL); /* past board RAM */
	/* The last page below 1 TiB: inside a 40-bit IPA space, unmapped. */
	one_target("ipa-top", ALIAS_IPA_TOP + (0xfffffff000UL - IPA_TOP_BASE));
	/* 1 TiB: past the 40-bit IPA space the hypervisor gives its guests;
	 * a CPU with a 40-bit PA range cannot even express it. */
	if (pa_bits() > 40)
		one_target("ipa-beyond", ALIAS_IPA_BEYOND);
	table_walks();
}

/* The victim's RTC: read its counter, then try to mask its interrupt and
 * reload its counter (the victim would notice either). */
static void victim_rtc(void)
{
	struct tally t = {0};

	try_op(&t, OP_R32, VICTIM_RTC);
	try_op(&t, OP_W32, VICTIM_RTC + 0x10); /* RTCIMSC */
	try_op(&t, OP_W32, VICTIM_RTC + 0x08); /* RTCLR */
	try_op(&t, OP_W32, VICTIM_RTC + 0x1c); /* RTCICR */
	report("dev-victim-rtc", &t, VICTIM_RTC);
}

/* Instruction fetches from device pages: our emulated UART and the
 * victim's RTC, through an executable alias (mmu.c). */
static void exec_devices(void)
{
	struct tally t = {0};

	try_op(&t, OP_EXEC, ALIAS_EXEC + VUART);
	try_op(&t, OP_EXEC, ALIAS_EXEC + VICTIM_RTC);
	report("exec-mmio", &t, ALIAS_EXEC + VUART);
}

/* QEMU virt devices given to nobody (hw/arm/virt.c memory map). */
static void unassigned(void)
{
	static const uint32_t addrs[] = {
	    0x00000000U, /* flash 0 */
	    0x04000000U, /* flash 1 */
	    0x09020000U, /* fw_cfg */
	    0x09030000U, /* PL061 GPIO */
	    0x09040000U, /* second PL011 */
	    0x0a000000U, /* virtio-mmio */
	    0x0c000000U, /* platform bus */
	    0x10000000U, /* PCIe MMIO */
	    0x3eff0000U, /* PCIe PIO */
	};
	struct tally t = {0};

	for (unsigned i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++)
		try_rw(&t, addrs[i]);
	report("dev-unassigned", &t, addrs[0]);
}

/* Physical GIC frames no guest may touch.  On GICv2 the partition's GICC
 * address is its own (the hypervisor maps the virtual CPU interface
 * there), so that frame is probed on GICv3 only, where it is empty. */
static void gic_frames(void)
{
	if (gic_version == 3)
		one_target("gic-gicc", G_GICC);
	else /* past the 8 KiB of virtual CPU interface mapped there */
		one_target("gic-gicc-beyond", G_GICC + 0x2000UL);
	one_target("gic-v2m", 0x08020000UL);
	one_target("gic-gich", 0x08030000UL); /* hypervisor interface */
	one_target("gic-gicv", 0x08040000UL); /* virtual CPU interface */
	one_target("gic-its", GIC_ITS);
}

void attack_devices(void)
{
	victim_rtc();
	exec_devices();
	unassigned();
	gic_frames();
}
