/* SPDX-License-Identifier: Apache-2.0 */
/* A partition: dedicated cores, stage-2 memory, devices, a console. */
#ifndef BULKHEAD_PART_H
#define BULKHEAD_PART_H

#include <bulkhead/config.h>
#include <bulkhead/restart.h>
#include <bulkhead/s2.h>
#include <bulkhead/vcpu.h>
#include <bulkhead/vgic.h>
#include <bulkhead/vuart.h>
#include <bulkhead/vwdt.h>

enum part_state {
	PART_BOOTING = 0,
	PART_RUNNING,
	PART_STOPPED,
};

struct part {
	const struct cfg_part *cfg;
	unsigned id;
	uint16_t vmid;
	uint64_t cntvoff; /* this partition's virtual counter offset */
	volatile enum part_state state;
	struct s2_table s2;
	struct vcpu *vcpus[CFG_MAX_VCPUS];
	unsigned vcpu_count;
	struct vuart vuart;
	struct vwdt wdt; /* used if cfg->wdt_ipa != 0 */
	struct vgic_dist vgic; /* virtual distributor */
	/* Guest misbehaviour, counted; only the first few are logged. */
	uint32_t faults;
	uint32_t faults_logged;
	/* Set by the core rebuilding the partition; its other cores wait. */
	volatile bool restarting;
	struct restart_budget restarts;
	/* Physical counter when its boot vCPU first entered the guest. */
	uint64_t first_entry;
};

/* Direct interrupt delivery: the partition's cores take its interrupts at
 * EL1 without entering the hypervisor (docs/realtime.md). */
static inline bool part_irq_direct(const struct part *p)
{
	return p->cfg->irq_mode == IRQ_MODE_DIRECT;
}

/* Partition number id (0-based), or NULL. */
struct part *part_get(unsigned id);
unsigned part_count(void);

/*
 * Build every partition from cfg_system: stage-2 tables, images copied in,
 * vCPUs bound to their cores.  Runs once on the boot core.
 */
void part_init_all(void);

/* Stop partition p: mark it, park its other cores, never returns if the
 * caller runs on one of p's cores. */
_Noreturn void part_stop_self(struct part *p, const char *why);

/*
 * Restart partition p from one of its cores (fault policy "restart", PSCI
 * SYSTEM_RESET): its other vCPUs are recalled into their wait loops, its
 * RAM is scrubbed and its images reloaded, its vGIC, virtual UART and
 * timers are reset, and vCPU 0 boots again.  Stops p instead once its
 * restart budget is spent.  Never returns.
 */
_Noreturn void part_restart(struct part *p, const char *why);

/* Print name, cores and memory of every partition (the boot banner). */
void part_print_banner(void);

#endif /* BULKHEAD_PART_H */
