/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The virtual GIC: a distributor (and, for GICv3, one redistributor per
 * vCPU) emulated per partition, and list-register injection through the
 * GIC virtualization extensions (IHI 0069 ch. 11 for GICv3, IHI 0048B
 * ch. 5 for GICv2).
 *
 * A partition sees only its own interrupts: the SPIs of its devices, its
 * virtual UART's SPI, and its vCPUs' SGIs and PPIs.  Every other INTID
 * reads as zero and ignores writes.  Passed-through ("hardware") SPIs and
 * the timer PPIs are injected with the list-register HW bit so that the
 * guest's EOI deactivates the physical interrupt; everything else is purely
 * virtual.  One lock per partition guards all of its vGIC state.
 *
 * The register decoding and the pending/LR bookkeeping here are pure C; the
 * hardware is reached only through the arch_gic_* / arch_vgic_* hooks at
 * the end of this header (arch/arm64/gic.c, or a fake for host tests).
 */
#ifndef BULKHEAD_VGIC_H
#define BULKHEAD_VGIC_H

#include <bulkhead/mmio.h>
#include <bulkhead/spinlock.h>
#include <bulkhead/types.h>

struct part;
struct vcpu;

#define VGIC_NR_PRIVATE 32U /* SGIs 0-15 and PPIs 16-31 */
#define VGIC_MAX_SPIS 32U /* SPIs one partition may own */
#define VGIC_MAX_LRS 16U /* architectural maximum of list registers */
#define VGIC_INTID_MAINT 25U /* maintenance interrupt (PPI) */
#define VGIC_INTID_VTIMER 27U /* EL1 virtual timer (PPI) */
#define VGIC_INTID_PTIMER 30U /* EL1 physical timer (PPI) */
#define VGIC_PRIO_MASK 0xf8U /* 5 priority bits, as GICH_LR holds */
#define VGIC_GICD_SIZE 0x10000U
#define VGIC_GICR_STRIDE 0x20000U /* RD_base + SGI_base, IHI 0069 9.1 */
#define VGIC_GICV_SIZE 0x2000U /* GICv2 virtual CPU interface */
#define VGIC_NO_FAST 0xffffffffU

/* State of one virtual interrupt (IHI 0069 4.1.2 state machine). */
struct vgic_irq {
	uint32_t intid;
	uint8_t prio;
	uint8_t targets; /* GICv2 ITARGETSR byte: bit n = vCPU n */
	uint8_t sgi_src; /* GICv2: vCPU that sent a pending SGI */
	bool hw; /* backed by the physical INTID of the same number */
	bool group1;
	bool enabled;
	bool edge; /* ICFGR: edge-triggered */
	bool pending; /* latched: an edge, ISPENDR or a physical IRQ */
	bool level; /* input line of a level-triggered virtual IRQ */
	bool active;
	bool in_lr; /* held by a list register of its target vCPU */
	uint64_t irouter; /* GICv3 IROUTER (Aff3..0, IRM) */
};

/* A list register, independent of GICv2/GICv3 encodings. */
struct vgic_lr {
	uint32_t vintid;
	uint32_t pintid; /* hw only */
	uint8_t prio;
	uint8_t source; /* GICv2 SGIs: sending vCPU */
	bool hw, group1, eoi, pending, active;
};

/* Per vCPU: its banked interrupts and its redistributor. */
struct vgic_cpu {
	struct vgic_irq priv[VGIC_NR_PRIVATE];
	uint32_t waker; /* GICR_WAKER.ProcessorSleep as written */
	unsigned lr_used; /* list registers written by the last flush */
	bool dirty; /* state changed since the last flush: refill */
	/*
	 * VGIC_NO_FAST, or the hardware PPI that LR 0 alone holds since the
	 * last flush, with nothing else queued: its next occurrence may take
	 * the fast path (vgic_fast_hw_ppi).  Cleared with every change.
	 */
	uint32_t fast_intid;
	uint64_t flushes, maint_irqs;
};

/* Per partition: the distributor. */
struct vgic_dist {
	struct spinlock lock;
	unsigned version; /* 2 or 3: what the guest sees */
	uint32_t ctlr;
	uint32_t nr_lines; /* GICD_TYPER.ITLinesNumber covers these */
	struct vgic_irq spis[VGIC_MAX_SPIS];
	unsigned spi_count;
	uint64_t gicd_ipa, gicr_ipa;
	uint64_t dropped_sgis; /* to vCPUs outside the partition */
};

/* ---- called by the core and arch layers ---- */

/* At partition build, after its vCPUs are bound (boot core). */
void vgic_part_init(struct part *p);
/* Partition restart, with all of p's vCPUs out of their guests: every
 * virtual interrupt back to its reset state, hardware SPIs disabled and
 * re-routed until the new guest enables them. */
void vgic_part_reset(struct part *p);
/* On the vCPU's own core before its first entry (and after a restart):
 * enables the virtual CPU interface (ICH_HCR_EL2.En / GICH_HCR.En), clears
 * the list registers and any physical activation they left behind. */
void vgic_cpu_init(struct vcpu *v);
/* A guest access to the GICD window or (GICv3) its GICR frames; returns
 * MMIO_UNHANDLED if acc is outside both. */
enum mmio_result vgic_mmio(struct vcpu *v, struct mmio_access *acc);
/* Drive the line of a level-triggered virtual SPI (e.g. the virtual
 * UART's).  Any core; kicks the target vCPU's core if it is another. */
void vgic_set_level(struct part *p, uint32_t intid, bool level);
/* Make an edge (or, for level SPIs, latch a pending) on virtual intid. */
void vgic_inject(struct part *p, struct vcpu *target, uint32_t intid);
/*
 * A physical interrupt other than the hypervisor's own was taken on v's
 * core.  True if it belongs to v's partition and was queued for injection
 * with the HW bit: the caller then only drops priority (EOImode = 1) and
 * the guest's EOI deactivates it.  False: the caller deactivates it.
 */
bool vgic_phys_irq(struct vcpu *v, uint32_t intid);
/*
 * The trap path's fast case, on v's core right after the physical
 * interrupt intid was acknowledged and priority-dropped: if it is v's
 * hardware PPI (its timer) that LR 0 held alone since the last flush and
 * the guest has finished with, LR 0 is made pending again with the HW bit,
 * true is returned, and no vgic_flush() is needed.  The model does not
 * change (the interrupt stays "in a list register").  False: use
 * vgic_phys_irq() and vgic_flush() as usual.  Lock-free: anything that
 * changes v's state clears fast_intid first and kicks v's core.
 */
bool vgic_fast_hw_ppi(struct vcpu *v, uint32_t intid);
/* Before returning to v's guest, on v's core: reconcile the list registers
 * with the pending state and refill them, highest priority first. */
void vgic_flush(struct vcpu *v);
/* The maintenance interrupt fired on v's core (list registers drained). */
void vgic_maintenance(struct vcpu *v);
/* GICv3: the guest wrote ICC_SGI1R_EL1 (trapped with HCR_EL2.IMO or FMO). */
void vgic_sgi1r_write(struct vcpu *v, uint64_t value);

/*
 * Direct mode: SGIs 0..VGIC_DIRECT_SGIS-1 are the guest's; the others are
 * the hypervisor's Group 0 SGIs on its cores (enum hyp_sgi).
 */
#define VGIC_DIRECT_SGIS 8U
/*
 * Direct mode: the physical priority of a guest-programmed one.  The
 * guest's order is kept, but squeezed into the lower half (0x80-0xf8), so
 * an active guest interrupt never masks the hypervisor's Group 0 SGIs at
 * priority 0 (IHI 0069 4.8 / IHI 0048B 3.3 preemption by running priority).
 */
uint8_t vgic_direct_priority(uint8_t guest_prio);

/* ---- implemented by the arch layer ---- */

/* 2 or 3: the physical GIC's architecture version. */
unsigned arch_gic_version(void);
unsigned arch_vgic_lr_count(void);
struct vgic_lr arch_vgic_read_lr(unsigned i);
void arch_vgic_write_lr(unsigned i, const struct vgic_lr *lr);
/*
 * The fast path's list-register write: if LR 0 is an idle (neither pending
 * nor active) HW entry for intid, make it pending again, as it was written
 * (priority and group cannot have changed: that would have cleared
 * fast_intid), and return true; else change nothing and return false.
 */
bool arch_vgic_lr0_reuse(uint32_t intid);
/* Virtual CPU interface on (En) with or without the "no pending" maintenance
 * interrupt (NPIE: IHI 0069 12.5.7, IHI 0048B 5.3.1). */
void arch_vgic_set_hcr(bool npie);
/*
 * This core: LRs and active priorities cleared.  direct: the core's
 * physical CPU interface goes to its guest (IRQ_MODE_DIRECT): the
 * hypervisor's own SGIs become Group 0, signalled as FIQ to EL2 at the
 * highest priority, EOImode 0 (the guest's EOI deactivates), the virtual
 * interface and its maintenance interrupt off.
 */
void arch_vgic_cpu_init(bool direct);
/* A physical Group 1 SGI to core cpu, for a direct-mode guest (GICv3
 * ICC_SGI1R_EL1 from EL2, GICv2 GICD_SGIR). */
void arch_gic_send_guest_sgi(unsigned cpu, uint32_t intid);
/* Physical GIC, for hardware-backed interrupts.  cpu selects the banked
 * copy of a PPI (GICv3 redistributor; GICv2 only for the calling core). */
void arch_gic_hw_enable(unsigned cpu, uint32_t intid, bool on);
void arch_gic_hw_priority(unsigned cpu, uint32_t intid, uint8_t prio);
/* Clear the pending and active state of intid (a list register holding it
 * with the HW bit was dropped, so no guest EOI will deactivate it). */
void arch_gic_hw_clear(unsigned cpu, uint32_t intid);
void arch_gic_hw_config(uint32_t intid, bool edge);
/* Route SPI intid to physical core cpu only. */
void arch_gic_hw_route(uint32_t intid, unsigned cpu);

#endif /* BULKHEAD_VGIC_H */
