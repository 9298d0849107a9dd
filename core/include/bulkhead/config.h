/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The static system description: board facts and partitions.
 *
 * This is plain data, generated at build time by tools/cfgc from the
 * device-tree config configs/<board>/<name>.dts: the hypervisor never parses
 * a device tree at run time.  config_check() validates the tables at build
 * time (a host program runs it and fails the build) and again at boot as a
 * broken-invariant check.
 */
#ifndef BULKHEAD_CONFIG_H
#define BULKHEAD_CONFIG_H

#include <bulkhead/types.h>

#define CFG_MAX_CPUS 8U
#define CFG_MAX_PARTS 8U
#define CFG_MAX_VCPUS CFG_MAX_CPUS

/* What happens when a guest does something the hypervisor must contain. */
enum fault_policy {
	FAULT_POLICY_STOP = 0, /* park the partition's cores */
	FAULT_POLICY_INJECT, /* reflect an abort / undef into the guest */
	FAULT_POLICY_RESTART, /* reload and reboot the partition */
};

/* How a partition's physical interrupts reach it. */
enum irq_mode {
	IRQ_MODE_TRAP = 0, /* taken at EL2, injected through list registers */
	IRQ_MODE_DIRECT, /* delivered straight to EL1 */
};

/* What a virtual watchdog's second timeout (WS1) does to its partition. */
enum wdt_action {
	WDT_ACTION_RESTART = 0,
	WDT_ACTION_STOP,
};

enum console_kind {
	CONSOLE_VUART = 0, /* emulated PL011 multiplexed on the board UART */
	CONSOLE_PASSTHROUGH, /* the guest owns a physical UART */
	CONSOLE_NONE,
};

enum gic_version {
	GIC_V2 = 2,
	GIC_V3 = 3,
};

enum smp_method {
	SMP_PSCI_SMC = 0, /* PSCI CPU_ON over SMC (QEMU virt, TF-A boards) */
	SMP_SPIN_TABLE, /* release address per core (Raspberry Pi 4) */
};

/* A window of guest RAM: size bytes at PA pa, seen by the guest at ipa. */
struct cfg_mem {
	uint64_t pa;
	uint64_t ipa;
	uint64_t size;
};

/* A passed-through device: its MMIO window and its interrupts (GIC INTIDs). */
struct cfg_dev {
	const char *name;
	uint64_t pa;
	uint64_t ipa;
	uint64_t size;
	const uint32_t *intids;
	uint32_t intid_count;
	/*
	 * Declared shared by the config (/partitions shared-devices): mapped
	 * into several partitions on purpose; its interrupts go to none.
	 */
	bool shared;
};

/*
 * A blob copied into the partition's RAM before it boots: bytes [start, end)
 * of the hypervisor image (or of a region the boot loader filled) land at
 * guest address load_ipa.
 */
struct cfg_image {
	const char *name;
	const uint8_t *start;
	const uint8_t *end;
	uint64_t load_ipa;
};

struct cfg_part {
	const char *name;
	uint64_t cpu_mask; /* physical cores, bit n = core n */
	const struct cfg_mem *mem;
	uint32_t mem_count;
	const struct cfg_dev *devs;
	uint32_t dev_count;
	struct cfg_image kernel; /* entry point = kernel.load_ipa */
	/*
	 * The guest's device tree (x0 = its load_ipa, else 0), one per GIC
	 * version the board can run with: it describes the virtual GIC, whose
	 * version is that of the GIC found at boot.
	 */
	struct cfg_image dtb_v2;
	struct cfg_image dtb_v3;
	struct cfg_image initrd; /* optional */
	enum fault_policy fault_policy;
	enum irq_mode irq_mode;
	enum console_kind console;
	uint64_t vuart_ipa; /* where the guest sees its PL011 */
	uint32_t vuart_intid; /* the virtual UART's interrupt */
	/* Interrupts (GIC INTIDs) routed here that belong to no device. */
	const uint32_t *intids;
	uint32_t intid_count;
	/* Virtual SBSA watchdog (vwdt.h): guest address of its two frames
	 * (VWDT_SIZE bytes), 0 if the partition has none. */
	uint64_t wdt_ipa;
	enum wdt_action wdt_action;
	/* Its WS0 signal: a virtual level-triggered SPI, 0 if not wired. */
	uint32_t wdt_intid;
};

/* The board: everything the hypervisor must know about the hardware. */
struct cfg_board {
	const char *name;
	uint64_t ram_base;
	uint64_t ram_size;
	uint64_t hyp_base; /* reserved for the hypervisor image, pool, stacks */
	uint64_t hyp_size;
	uint64_t uart_base; /* the hypervisor's console, a PL011 */
	uint32_t uart_intid; /* its interrupt (console input), 0 if none */
	uint32_t cpu_count;
	uint64_t cpu_mpidr[CFG_MAX_CPUS];
	enum smp_method smp;
	uint64_t spin_release[CFG_MAX_CPUS]; /* SMP_SPIN_TABLE only */
	uint64_t gicd_base;
	uint64_t gicr_base; /* GICv3 */
	uint64_t gicc_base; /* GICv2 */
	uint64_t gich_base; /* GICv2 */
	uint64_t gicv_base; /* GICv2 */
	/* Device space mapped for the hypervisor at EL2 (1 GiB aligned). */
	uint64_t dev_base;
	uint64_t dev_size;
};

struct cfg_system {
	const char *name;
	const struct cfg_board *board;
	const struct cfg_part *parts;
	uint32_t part_count;
};

/* Defined by the generated config of this build. */
extern const struct cfg_system cfg_system;

/* An image linked into the hypervisor by the build (see images.S). */
#define CFG_IMAGE_DECLARE(sym)                                                 \
	extern const uint8_t bh_image_##sym##_start[];                         \
	extern const uint8_t bh_image_##sym##_end[]
#define CFG_IMAGE(sym, ipa)                                                    \
	{                                                                      \
		.name = #sym, .start = bh_image_##sym##_start,                 \
		.end = bh_image_##sym##_end, .load_ipa = (ipa)                 \
	}

/* Result of config_check(): one line naming the node and the conflict. */
struct config_error {
	bool failed;
	char msg[256];
};

/*
 * Check a system description for every conflict we know of (cores assigned
 * twice or missing, RAM overlaps, images that do not fit, ...).  Returns true
 * if the config is valid; otherwise fills err with the first problem.
 */
bool config_check(const struct cfg_system *sys, struct config_error *err);

/* Number of bytes of the image (0 if absent). */
static inline uint64_t cfg_image_size(const struct cfg_image *img)
{
	return img->start ? (uint64_t)(img->end - img->start) : 0;
}

/* The guest device tree for a host GIC of that version, NULL if none. */
static inline const struct cfg_image *cfg_part_dtb(const struct cfg_part *p,
						   unsigned gic_version)
{
	const struct cfg_image *d =
	    gic_version == GIC_V2 ? &p->dtb_v2 : &p->dtb_v3;

	return d->start ? d : NULL;
}

/* Translate a partition IPA to the PA that backs it, false if unmapped. */
bool cfg_part_ipa_to_pa(const struct cfg_part *p, uint64_t ipa, uint64_t len,
			uint64_t *pa);

#endif /* BULKHEAD_CONFIG_H */
