/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cfgc: the Bulkhead config compiler.  It reads one DTB (a board device tree
 * plus a /partitions node, compiled by cpp + dtc) and produces the C tables
 * the hypervisor links, a make fragment naming the guest images, and one
 * device tree per partition.
 *
 * Parsing and checking (cfgc_load) never exit and never allocate: the model
 * lives in fixed arrays and its strings point into the caller's blob, so the
 * fuzzer can call it millions of times on garbage.
 */
#ifndef CFGC_H
#define CFGC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CFGC_MAX_CPUS 8
#define CFGC_MAX_PARTS 8
#define CFGC_MAX_RAM 8 /* board memory ranges */
#define CFGC_MAX_MEMS 8 /* per partition */
#define CFGC_MAX_DEVS 16 /* per partition */
#define CFGC_MAX_IRQS 8 /* per device */
#define CFGC_MAX_FLAGS 16
#define CFGC_MAX_SRCS 8 /* source files of one bare-metal guest */
#define CFGC_MAX_SIZES 32
#define CFGC_MSG 512

/* The virtual GIC as the hypervisor presents it (bulkhead/vgic.h). */
#define CFGC_VGICD_SIZE UINT64_C(0x10000) /* trapped distributor frame */
#define CFGC_VGICR_STRIDE UINT64_C(0x20000) /* per vCPU, GICv3 */
#define CFGC_GICV_SIZE UINT64_C(0x2000) /* GICV, seen at GICC, GICv2 */
#define CFGC_VUART_SIZE UINT64_C(0x1000) /* the virtual PL011's frame */
#define CFGC_MAX_PART_SPIS 32U /* VGIC_MAX_SPIS: what one vGIC holds */
/* A GIC specifier's trigger type (dt-bindings interrupt-controller/irq.h). */
#define CFGC_IRQ_TYPE_MASK 0xfU
#define CFGC_IRQ_LEVEL_HIGH 4U
/* The virtual SBSA watchdog (bulkhead/vwdt.h): control, then refresh frame. */
#define CFGC_VWDT_FRAME UINT64_C(0x1000)
#define CFGC_VWDT_SIZE (2 * CFGC_VWDT_FRAME)
#define CFGC_WDT_TIMEOUT_DEFAULT 10U /* Linux's sbsa_gwdt default */
#define CFGC_WDT_TIMEOUT_MAX 3600U

/* An interrupt as the user wrote it (GIC 3-cell) and as the GIC numbers it. */
struct cfgc_irq {
	uint32_t type; /* 0 = SPI, 1 = PPI */
	uint32_t num;
	uint32_t flags;
	uint32_t intid;
};

struct cfgc_range {
	uint64_t base;
	uint64_t size;
};

/* A board node referenced by a config: its window and interrupts. */
struct cfgc_dev {
	int node; /* offset in the blob */
	struct cfgc_range win; /* CPU physical, after `ranges` translation */
	bool has_win;
	struct cfgc_irq irq[CFGC_MAX_IRQS];
	unsigned irq_count;
	bool shared;
};

struct cfgc_board {
	const char *name;
	unsigned cpu_count;
	int cpu_node[CFGC_MAX_CPUS];
	uint64_t cpu_mpidr[CFGC_MAX_CPUS];
	bool spin_table;
	uint64_t spin_release[CFGC_MAX_CPUS];
	struct cfgc_range ram[CFGC_MAX_RAM];
	unsigned ram_count;
	struct cfgc_range hyp; /* bulkhead,hypervisor-memory */
	/*
	 * The GIC: the root's interrupt-parent (what device interrupts refer
	 * to), plus a node for each other mode the same GIC can run in (QEMU
	 * virt: GICv3, or GICv2 with gic-version=2).  Guests get a tree per
	 * version; the hypervisor loads the one that matches the GIC it finds.
	 */
	int gic_node;
	bool gic_v3, gic_v2; /* versions the board can run with */
	int gic_v2_node;
	uint64_t gicd, gicd_v2_size; /* one distributor for both */
	uint64_t gicr, gicr_size; /* GICv3 redistributors */
	uint64_t gicc, gich, gicv; /* GICv2 CPU, hyp and virtual interfaces */
	struct cfgc_irq gic_maint; /* the GIC maintenance interrupt */
	int timer_node;
	struct cfgc_irq timer[4]; /* secure, non-secure, virtual, hyp */
	unsigned timer_count;
	struct cfgc_dev
	    uart; /* the hypervisor's console: /chosen stdout-path */
	struct cfgc_range dev_window; /* 1 GiB aligned, covers UART and GIC */
};

/* Whether the board's GIC can run as version v (2 or 3). */
static inline bool cfgc_has_gic(const struct cfgc_board *b, unsigned v)
{
	return v == 3 ? b->gic_v3 : v == 2 && b->gic_v2;
}

enum cfgc_console { CFGC_CON_VUART, CFGC_CON_PASSTHROUGH, CFGC_CON_NONE };

/* A region of partition RAM: size, backing PA and guest address. */
struct cfgc_mem {
	int node;
	uint64_t pa, ipa, size;
	bool fixed_pa, fixed_ipa;
};

/*
 * An image loaded into the partition.  For bare-metal guests `name` is a
 * guest built from source; with `file` it is a ready-made blob.
 */
struct cfgc_image {
	const char *name; /* NULL: none */
	const char *file;
	uint64_t ipa;
	bool fixed_ipa;
};

/* A partition's virtual watchdog: its `watchdog` child node. */
struct cfgc_wdt {
	bool present;
	int node;
	uint64_t ipa; /* guest address of the control frame */
	uint32_t timeout_sec; /* the guest DTB's timeout-sec */
	unsigned action; /* enum wdt_action values */
	struct cfgc_irq irq; /* WS0, a virtual SPI, if irq_count is 1 */
	unsigned irq_count;
};

struct cfgc_part {
	int node;
	const char *name;
	char path[96]; /* "/partitions/<name>" */
	uint64_t cpu_mask;
	int cpu[CFGC_MAX_CPUS]; /* board cpu index per vCPU */
	unsigned cpu_count;
	struct cfgc_mem mem[CFGC_MAX_MEMS];
	unsigned mem_count;
	struct cfgc_dev dev[CFGC_MAX_DEVS];
	unsigned dev_count;
	struct cfgc_irq irq[CFGC_MAX_IRQS]; /* bare `interrupts` */
	unsigned irq_count;
	struct cfgc_image kernel, initrd, dtb;
	const char *guest_src[CFGC_MAX_SRCS];
	unsigned guest_src_count;
	const char *guest_flags[CFGC_MAX_FLAGS];
	unsigned guest_flag_count;
	const char *bootargs;
	enum cfgc_console console;
	int console_dev; /* index in dev[] for passthrough, else -1 */
	unsigned fault_policy; /* enum fault_policy values */
	unsigned irq_mode; /* enum irq_mode values */
	struct cfgc_wdt wdt;
};

/* Image sizes known to the caller (built guests), to check their fit. */
struct cfgc_size {
	const char *name;
	uint64_t size;
};

struct cfgc_opts {
	const char *file; /* the config file, for messages */
	const char *system_name;
	struct cfgc_size sizes[CFGC_MAX_SIZES];
	unsigned size_count;
};

struct cfgc_model {
	const void *fdt;
	const struct cfgc_opts *opts;
	struct cfgc_board board;
	struct cfgc_part part[CFGC_MAX_PARTS];
	unsigned part_count;
	int shared[CFGC_MAX_DEVS]; /* nodes of /partitions shared-devices */
	unsigned shared_count;
	char err[2 * CFGC_MSG];
};

/*
 * Parse and check a config DTB of len bytes.  Returns true if valid; else
 * m->err holds "<file>: <node path>: <problem>".
 */
bool cfgc_load(struct cfgc_model *m, const void *fdt, size_t len,
	       const struct cfgc_opts *opts);

/* Outputs, all return 0 or -1 with errno / a message on stderr. */
int cfgc_emit_c(const struct cfgc_model *m, const char *path);
int cfgc_emit_mk(const struct cfgc_model *m, const char *path,
		 const char *dtb_dir);
/*
 * Build the guest tree of partition i for a host GIC of version gic (2 or
 * 3, one the board has) into buf; returns its size or -1.
 */
int cfgc_build_dtb(const struct cfgc_model *m, unsigned i, unsigned gic,
		   void *buf, int bufsize);

/* ---- internal, shared by the parser files ---- */
bool cfgc_fail(struct cfgc_model *m, int node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "&label" if the node has one (dtc -@), else its path. */
const char *cfgc_ref(const struct cfgc_model *m, int node, char *buf,
		     size_t len);
const char *cfgc_path(const struct cfgc_model *m, int node, char *buf,
		      size_t len);
/* A string property, NULL if absent or not NUL terminated inside it. */
const char *cfgc_str(const void *fdt, int node, const char *prop);
/* A 1- or 2-cell number property; false if absent or malformed. */
bool cfgc_u64(const void *fdt, int node, const char *prop, uint64_t *out);
/* Read n (1 or 2) big-endian cells. */
uint64_t cfgc_cells(const uint32_t *p, int n);
bool cfgc_overlaps(struct cfgc_range a, struct cfgc_range b);
bool cfgc_contains(struct cfgc_range outer, struct cfgc_range inner);
/* "<0 1 4> (SPI 1, INTID 33)" */
const char *cfgc_irq_str(const struct cfgc_irq *irq, char *buf, size_t len);
unsigned cfgc_distance(const char *a, const char *b);
const char *cfgc_closest(const char *word, const char *const *known);

bool cfgc_parse_board(struct cfgc_model *m);
bool cfgc_parse_reg(struct cfgc_model *m, int node, unsigned idx,
		    struct cfgc_range *out);
bool cfgc_parse_irqs(struct cfgc_model *m, int node, const char *prop,
		     struct cfgc_irq *out, unsigned max, unsigned *count);
bool cfgc_parse_dev(struct cfgc_model *m, int node, struct cfgc_dev *d);
bool cfgc_parse_parts(struct cfgc_model *m);
bool cfgc_place_memory(struct cfgc_model *m);
bool cfgc_check(struct cfgc_model *m);

#endif /* CFGC_H */
