// SPDX-License-Identifier: Apache-2.0
/*
 * core/config_check.c: a known-good system is accepted, and each kind of
 * conflict, introduced alone into it, is rejected with a message naming the
 * partition and the problem.
 */
#include <bulkhead/config.h>

#include "unit.h"

#define RAM_BASE UINT64_C(0x40000000)
#define HYP_SIZE MiB(16)
#define GUEST_RAM UINT64_C(0x40000000) /* guest IPA of RAM */
#define VUART_IPA UINT64_C(0x09000000)

/* Stand-ins for images linked into the hypervisor. */
static const uint8_t blob[0x6000];

static const struct cfg_board board = {
    .name = "testboard",
    .ram_base = RAM_BASE,
    .ram_size = GiB(1),
    .hyp_base = RAM_BASE,
    .hyp_size = HYP_SIZE,
    .uart_base = 0x09000000,
    .cpu_count = 4,
    .cpu_mpidr = {0, 1, 2, 3},
};

/* A mutable copy of the good system that each test breaks in one place. */
struct sys {
	struct cfg_board board;
	struct cfg_mem mem_a[2], mem_b[1];
	struct cfg_part parts[2];
	struct cfg_system sys;
	struct config_error err;
};

static struct sys s;

static struct cfg_image image(const char *name, uint64_t off, uint64_t len,
			      uint64_t ipa)
{
	return (struct cfg_image){
	    .name = name,
	    .start = blob + off,
	    .end = blob + off + len,
	    .load_ipa = ipa,
	};
}

/*
 * alpha: core 0, 64 MiB at PA 16 MiB into RAM, plus 2 MiB more elsewhere;
 * beta: cores 1-2, 128 MiB after it, with kernel, dtb and initrd.
 */
static int setup(void **state)
{
	(void)state;
	memset(&s, 0, sizeof(s));
	s.board = board;
	s.mem_a[0] = (struct cfg_mem){RAM_BASE + HYP_SIZE, GUEST_RAM, MiB(64)};
	s.mem_a[1] =
	    (struct cfg_mem){RAM_BASE + MiB(512), GUEST_RAM + GiB(1), MiB(2)};
	s.mem_b[0] = (struct cfg_mem){RAM_BASE + MiB(128), GUEST_RAM, MiB(128)};
	s.parts[0] = (struct cfg_part){
	    .name = "alpha",
	    .cpu_mask = 0x1,
	    .mem = s.mem_a,
	    .mem_count = 2,
	    .kernel = image("kern_a", 0, 0x2000, GUEST_RAM + 0x80000),
	    .console = CONSOLE_VUART,
	    .vuart_ipa = VUART_IPA,
	    .vuart_intid = 33,
	};
	s.parts[1] = (struct cfg_part){
	    .name = "beta",
	    .cpu_mask = 0x6,
	    .mem = s.mem_b,
	    .mem_count = 1,
	    .kernel = image("kern_b", 0, 0x2000, GUEST_RAM),
	    .dtb_v3 = image("dtb_b", 0x2000, 0x1000, GUEST_RAM + MiB(64)),
	    .dtb_v2 = image("dtb2_b", 0x2000, 0x1000, GUEST_RAM + MiB(64)),
	    .initrd = image("initrd_b", 0x3000, 0x3000, GUEST_RAM + MiB(65)),
	    .console = CONSOLE_VUART,
	    .vuart_ipa = VUART_IPA,
	};
	s.sys = (struct cfg_system){
	    .name = "test",
	    .board = &s.board,
	    .parts = s.parts,
	    .part_count = 2,
	};
	return 0;
}

static void assert_accepted(void)
{
	bool ok = config_check(&s.sys, &s.err);

	if (!ok)
		fail_msg("rejected: %s", s.err.msg);
	assert_false(s.err.failed);
	assert_string_equal(s.err.msg, "");
}

static void assert_rejected(const char *msg_part)
{
	assert_false(config_check(&s.sys, &s.err));
	assert_true(s.err.failed);
	assert_str_contains(s.err.msg, msg_part);
}

static void test_good_system(void **state)
{
	(void)state;
	/* A stale error from an earlier call is cleared. */
	s.err.failed = true;
	strcpy(s.err.msg, "old");
	assert_accepted();
}

/* The extremes that are still valid. */
static void test_good_edges(void **state)
{
	(void)state;
	/* RAM ending exactly at the board's end and starting at hyp end. */
	s.mem_a[1].pa = RAM_BASE + GiB(1) - MiB(2);
	s.mem_a[0].pa = RAM_BASE + HYP_SIZE;
	/* All eight cores of a maximal board. */
	s.board.cpu_count = CFG_MAX_CPUS;
	s.parts[1].cpu_mask = 0xfe;
	/* A kernel filling its region to the last byte. */
	s.parts[0].kernel =
	    image("kern_a", 0, 0x2000, GUEST_RAM + GiB(1) + MiB(2) - 0x2000);
	/* Without a vUART, its address may be anything. */
	s.parts[1].console = CONSOLE_NONE;
	s.parts[1].vuart_ipa = GUEST_RAM;
	assert_accepted();
}

static void test_no_board(void **state)
{
	(void)state;
	s.sys.board = NULL;
	assert_rejected("system 'test': no board");
}

static void test_board_core_count(void **state)
{
	(void)state;
	s.board.cpu_count = 0;
	assert_rejected("board 'testboard': 0 cores (1..8 supported)");
	s.board.cpu_count = CFG_MAX_CPUS + 1;
	assert_rejected("board 'testboard': 9 cores");
}

static void test_partition_count(void **state)
{
	(void)state;
	s.sys.part_count = 0;
	assert_rejected("system 'test': 0 partitions (1..8 supported)");
	s.sys.part_count = CFG_MAX_PARTS + 1;
	assert_rejected("9 partitions");
}

static void test_no_name(void **state)
{
	(void)state;
	s.parts[1].name = "";
	assert_rejected("partition #1: has no name");
	s.parts[1].name = NULL;
	assert_rejected("partition #1: has no name");
}

static void test_duplicate_name(void **state)
{
	(void)state;
	s.parts[1].name = "alpha";
	assert_rejected("partition 'alpha': name used twice");
}

/* A name that is a prefix of another is not a duplicate. */
static void test_prefix_name_ok(void **state)
{
	(void)state;
	s.parts[1].name = "alphabet";
	assert_accepted();
	s.parts[1].name = "alp";
	assert_accepted();
}

static void test_no_core(void **state)
{
	(void)state;
	s.parts[1].cpu_mask = 0;
	assert_rejected("partition 'beta': has no core");
}

static void test_core_beyond_board(void **state)
{
	(void)state;
	s.parts[1].cpu_mask = 0x12;
	assert_rejected("partition 'beta': core mask 0x12 names a core the "
			"board 'testboard' does not have (it has 4)");
}

static void test_core_twice(void **state)
{
	(void)state;
	s.parts[1].cpu_mask = 0x3;
	assert_rejected("partition 'beta': core mask 0x3 overlaps partition "
			"'alpha' (0x1)");
}

static void test_no_memory(void **state)
{
	(void)state;
	s.parts[1].mem_count = 0;
	assert_rejected("partition 'beta': has no memory");
}

static void test_misaligned_region(void **state)
{
	(void)state;
	s.mem_b[0].size = MiB(128) - 0x800;
	assert_rejected("partition 'beta': memory pa 0x48000000 ipa 0x40000000 "
			"size 0x7fff800 is not 4 KiB aligned");
	setup(NULL);
	s.mem_b[0].pa += 0x10;
	assert_rejected("is not 4 KiB aligned");
	setup(NULL);
	s.mem_b[0].ipa += 0x200;
	assert_rejected("is not 4 KiB aligned");
	setup(NULL);
	s.mem_b[0].size = 0;
	assert_rejected("is not 4 KiB aligned");
}

static void test_ram_outside_board(void **state)
{
	(void)state;
	s.mem_b[0].pa = RAM_BASE + GiB(2);
	assert_rejected("partition 'beta': memory 0xc0000000+0x8000000 lies "
			"outside the board's RAM 0x40000000+0x40000000");
	/* Straddling the end of RAM. */
	setup(NULL);
	s.mem_a[1].pa = RAM_BASE + GiB(1) - MiB(1);
	assert_rejected("partition 'alpha': memory 0x7ff00000+0x200000 lies "
			"outside the board's RAM");
	/* Below RAM. */
	setup(NULL);
	s.mem_b[0].pa = RAM_BASE - MiB(256);
	assert_rejected("lies outside the board's RAM");
}

static void test_ram_overlaps_hypervisor(void **state)
{
	(void)state;
	s.mem_a[0].pa = RAM_BASE + HYP_SIZE - KiB(4);
	assert_rejected("partition 'alpha': memory 0x40fff000+0x4000000 "
			"overlaps the hypervisor image 0x40000000+0x1000000");
}

static void test_ram_overlaps_other_partition(void **state)
{
	(void)state;
	/* beta's last page on alpha's first page of its second region. */
	s.mem_b[0].pa = RAM_BASE + MiB(512) - MiB(128) + KiB(4);
	assert_rejected("partition 'beta': memory 0x58001000+0x8000000 "
			"overlaps memory of partition 'alpha'");
}

static void test_ram_overlaps_own_region(void **state)
{
	(void)state;
	s.mem_a[1].pa = s.mem_a[0].pa + MiB(63);
	assert_rejected("partition 'alpha': memory 0x44f00000+0x200000 "
			"overlaps memory of partition 'alpha'");
}

static void test_guest_addresses_twice(void **state)
{
	(void)state;
	s.mem_a[1].ipa = GUEST_RAM + MiB(32);
	assert_rejected(
	    "partition 'alpha': guest addresses 0x42000000+0x200000 "
	    "are mapped twice");
}

static void test_no_kernel(void **state)
{
	(void)state;
	s.parts[1].kernel = (struct cfg_image){.name = "none"};
	assert_rejected("partition 'beta': has no kernel image");
}

static void test_image_does_not_fit(void **state)
{
	(void)state;
	/* One byte past the end of alpha's first region. */
	s.parts[0].kernel =
	    image("kern_a", 0, 0x2000, GUEST_RAM + MiB(64) - 0x1fff);
	assert_rejected(
	    "partition 'alpha': kernel image 'kern_a' (8192 bytes "
	    "at 0x43ffe001) does not fit in the partition's memory");
	/* Entirely outside. */
	setup(NULL);
	s.parts[1].initrd.load_ipa = 0x1000;
	assert_rejected("partition 'beta': initrd image 'initrd_b' (12288 "
			"bytes at 0x1000) does not fit");
	setup(NULL);
	s.parts[1].dtb_v3.load_ipa = GUEST_RAM + MiB(128);
	assert_rejected("dtb image 'dtb_b'");
	/* Spanning two regions that are not contiguous in IPA space. */
	setup(NULL);
	s.parts[0].kernel = image("kern_a", 0, 0x2000, GUEST_RAM + MiB(64));
	assert_rejected("kernel image 'kern_a'");
}

static void test_images_overlap(void **state)
{
	(void)state;
	s.parts[1].dtb_v3.load_ipa = GUEST_RAM + 0x1000;
	assert_rejected("partition 'beta': image 'kern_b' overlaps image "
			"'dtb_b'");
	setup(NULL);
	s.parts[1].initrd.load_ipa = GUEST_RAM + MiB(64) - 0x1000;
	assert_rejected("partition 'beta': image 'dtb_b' overlaps image "
			"'initrd_b'");
	/* Touching is not overlapping. */
	setup(NULL);
	s.parts[1].dtb_v3.load_ipa = GUEST_RAM + 0x2000;
	s.parts[1].initrd.load_ipa = GUEST_RAM + 0x3000;
	assert_accepted();
}

/* Both device trees are checked; they may share a slot, as the boot loads
 * only the one for the GIC it finds. */
static void test_dtb_per_gic_version(void **state)
{
	(void)state;
	s.parts[1].dtb_v2.load_ipa = GUEST_RAM + MiB(128);
	assert_rejected("partition 'beta': dtb image 'dtb2_b'");
	setup(NULL);
	s.parts[1].dtb_v2.load_ipa = GUEST_RAM + 0x1000;
	assert_rejected("partition 'beta': image 'kern_b' overlaps image "
			"'dtb2_b'");
	setup(NULL);
	s.parts[1].dtb_v2.load_ipa = GUEST_RAM + MiB(64) + 0x800;
	assert_accepted();
}

static void test_dtb_chosen_by_gic_version(void **state)
{
	(void)state;
	assert_ptr_equal(cfg_part_dtb(&s.parts[1], GIC_V2), &s.parts[1].dtb_v2);
	assert_ptr_equal(cfg_part_dtb(&s.parts[1], GIC_V3), &s.parts[1].dtb_v3);
	s.parts[1].dtb_v2 = (struct cfg_image){0};
	assert_null(cfg_part_dtb(&s.parts[1], GIC_V2));
	assert_null(cfg_part_dtb(&s.parts[0], GIC_V3));
}

static void test_vuart_overlaps_ram(void **state)
{
	(void)state;
	s.parts[1].vuart_ipa = GUEST_RAM + MiB(100);
	assert_rejected("partition 'beta': virtual UART at 0x46400000 overlaps "
			"its own memory");
	/* The page just below RAM is fine, the last RAM page is not. */
	setup(NULL);
	s.parts[1].vuart_ipa = GUEST_RAM - 0x1000;
	assert_accepted();
	s.parts[1].vuart_ipa = GUEST_RAM + MiB(128) - 0x1000;
	assert_rejected("virtual UART");
}

/* The virtual watchdog's two frames must trap: not over the partition's
 * RAM, its virtual UART or the virtual GIC, and page aligned. */
static void test_watchdog_window(void **state)
{
	(void)state;
	s.board.gicd_base = 0x08000000;
	s.board.gicr_base = 0x080a0000;
	s.parts[1].wdt_ipa = 0x0b000000;
	assert_accepted();
	s.parts[1].wdt_ipa = 0x0b000800;
	assert_rejected("partition 'beta': watchdog at 0xb000800 is not 4 KiB "
			"aligned");
	s.parts[1].wdt_ipa = GUEST_RAM + MiB(128) - 0x1000;
	assert_rejected("partition 'beta': watchdog at 0x47fff000 overlaps its "
			"own memory");
	s.parts[1].wdt_ipa = VUART_IPA - 0x1000;
	assert_rejected("overlaps its virtual UART");
	s.parts[1].wdt_ipa = 0x080a0000 + 4 * 0x20000 - 0x1000;
	assert_rejected("partition 'beta': watchdog at 0x811f000 overlaps the "
			"virtual GIC");
	s.parts[1].wdt_ipa = 0x080a0000 + 4 * 0x20000;
	assert_accepted();
	s.parts[1].wdt_intid = 27;
	assert_rejected(
	    "partition 'beta': watchdog interrupt 27 is not an SPI");
	s.parts[1].wdt_intid = 1020;
	assert_rejected("watchdog interrupt 1020 is not an SPI");
	s.parts[1].wdt_intid = 44;
	assert_accepted();
}

/* No more SPIs than the vGIC holds (32): devices', bare, vUART, WS0. */
static void test_spi_count(void **state)
{
	static uint32_t many[31];
	static struct cfg_dev dev = {
	    .name = "d", .pa = 0x0a000000, .ipa = 0x0a000000, .size = 0x1000};

	(void)state;
	dev.intids = many;
	dev.intid_count = 30;
	s.parts[1].devs = &dev;
	s.parts[1].dev_count = 1;
	s.parts[1].intids = many;
	s.parts[1].intid_count = 1;
	assert_accepted(); /* 30 + 1 + the vUART's */
	s.parts[1].wdt_ipa = 0x0b000000;
	s.parts[1].wdt_intid = 44;
	assert_rejected("partition 'beta': 33 SPIs, the virtual GIC holds at "
			"most 32");
	s.parts[1].wdt_intid = 0;
	assert_accepted();
}

/* The first problem wins, and the message is always terminated. */
static void test_long_names_truncated(void **state)
{
	static char name[400];

	(void)state;
	memset(name, 'n', sizeof(name) - 1);
	s.parts[0].name = name;
	s.parts[0].cpu_mask = 0;
	assert_rejected("partition 'nnnn");
	assert_int_equal(strlen(s.err.msg), sizeof(s.err.msg) - 1);
}

static void test_ipa_to_pa(void **state)
{
	const struct cfg_part *a = &s.parts[0];
	uint64_t pa = 0;

	(void)state;
	assert_true(cfg_part_ipa_to_pa(a, GUEST_RAM + 0x1234, 4, &pa));
	assert_int_equal(pa, RAM_BASE + HYP_SIZE + 0x1234);
	assert_true(
	    cfg_part_ipa_to_pa(a, GUEST_RAM + GiB(1) + MiB(2) - 8, 8, &pa));
	assert_int_equal(pa, RAM_BASE + MiB(514) - 8);
	pa = 7;
	assert_false(
	    cfg_part_ipa_to_pa(a, GUEST_RAM + GiB(1) + MiB(2) - 8, 9, &pa));
	assert_false(cfg_part_ipa_to_pa(a, GUEST_RAM - 1, 2, &pa));
	assert_false(cfg_part_ipa_to_pa(a, UINT64_MAX, 1, &pa));
	assert_int_equal(pa, 7);
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_good_system),
	    T(test_good_edges),
	    T(test_no_board),
	    T(test_board_core_count),
	    T(test_partition_count),
	    T(test_no_name),
	    T(test_duplicate_name),
	    T(test_prefix_name_ok),
	    T(test_no_core),
	    T(test_core_beyond_board),
	    T(test_core_twice),
	    T(test_no_memory),
	    T(test_misaligned_region),
	    T(test_ram_outside_board),
	    T(test_ram_overlaps_hypervisor),
	    T(test_ram_overlaps_other_partition),
	    T(test_ram_overlaps_own_region),
	    T(test_guest_addresses_twice),
	    T(test_no_kernel),
	    T(test_image_does_not_fit),
	    T(test_images_overlap),
	    T(test_dtb_per_gic_version),
	    T(test_dtb_chosen_by_gic_version),
	    T(test_vuart_overlaps_ram),
	    T(test_watchdog_window),
	    T(test_spi_count),
	    T(test_long_names_truncated),
	    T(test_ipa_to_pa),
	};

	return UNIT_RUN("config", tests);
}
