/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The virtual watchdog: an emulated SBSA Generic Watchdog (Arm DEN 0029,
 * Server Base System Architecture, "Generic Watchdog"), architecture
 * version 0, which Linux drives with its unmodified sbsa_gwdt driver.
 *
 * Two 4 KiB frames, the control frame at cfg_part.wdt_ipa and the refresh
 * frame right after it, as the "arm,sbsa-gwdt" device tree binding lists
 * them.  The watchdog counts on the guest's virtual counter: an explicit
 * refresh (a write to WRR, WOR or WCS) sets WCV = counter + WOR and clears
 * WS0; when the counter reaches WCV the first time, WS0 is set and WCV
 * moves WOR on (a timeout refresh); the second time, WS1 fires and the
 * partition's watchdog action is taken: restart it, or stop it.  WS0 is
 * also a level-triggered virtual SPI (cfg_part.wdt_intid) if the config
 * wires one: Linux's sbsa_gwdt, loaded with action=1, then panics at WS0
 * (two-stage); without it, Linux runs the single-stage mode (the action
 * after twice WOR).
 *
 * The hypervisor's own timer on the partition's cores (arch_timer_set)
 * brings the partition's core into EL2 at the deadline, whatever its guest
 * is doing: a hung guest with interrupts masked is still caught.
 */
#ifndef BULKHEAD_VWDT_H
#define BULKHEAD_VWDT_H

#include <bulkhead/mmio.h>
#include <bulkhead/spinlock.h>
#include <bulkhead/types.h>

#define VWDT_FRAME_SIZE 0x1000U
#define VWDT_SIZE 0x2000U /* control, then refresh frame */

/* Control frame (DEN 0029 "Watchdog control frame"). */
#define VWDT_WCS 0x000U
#define VWDT_WOR 0x008U
#define VWDT_WCV 0x010U
/* Both frames. */
#define VWDT_W_IIDR 0xfccU
/* Refresh frame. */
#define VWDT_WRR 0x000U

#define VWDT_WCS_EN BIT(0)
#define VWDT_WCS_WS0 BIT(1)
#define VWDT_WCS_WS1 BIT(2)

struct part;
struct vcpu;

struct vwdt {
	struct spinlock lock; /* guards everything below */
	bool enabled; /* WCS.EN */
	bool ws0, ws1;
	uint32_t wor; /* offset register, in counter ticks */
	uint64_t wcv; /* compare value, on the guest's virtual counter */
	uint64_t cntvoff; /* guest virtual = physical - cntvoff */
	uint64_t fired; /* WS1 events, for the log */
};

/* Back to the reset state (disabled), with the guest's counter offset. */
void vwdt_reset(struct vwdt *w, uint64_t cntvoff);

/*
 * A guest access at offset acc->offset of the two frames (0..VWDT_SIZE),
 * at physical counter value now.  32-bit accesses, and 64-bit ones to
 * WCV; anything else is MMIO_BAD_ACCESS.  *deadline receives the physical
 * counter value at which vwdt_expire() must next run (UINT64_MAX: never).
 */
enum mmio_result vwdt_access(struct vwdt *w, struct mmio_access *acc,
			     uint64_t now, uint64_t *deadline);

/*
 * The deadline passed (or a timer fired early) at physical counter value
 * now: WS0, then WS1.  Returns true once WS1 fires: the caller takes the
 * watchdog action.  *deadline as for vwdt_access().
 */
bool vwdt_expire(struct vwdt *w, uint64_t now, uint64_t *deadline);

/* ---- the partition-level glue (core/part.c) ---- */

/* The MMIO window of v's partition's watchdog: route the access. */
enum mmio_result vwdt_mmio(struct vcpu *v, struct mmio_access *acc);
/* Drive p's WS0 interrupt, if it has one, at the watchdog's WS0 state:
 * after anything that may have changed it.  Any core. */
void vwdt_signal(struct part *p);
/* The hypervisor timer fired on v's core: check v's partition's watchdog
 * and, once WS1 fires, restart or stop the partition (no return then). */
void vwdt_timer(struct vcpu *v);

#endif /* BULKHEAD_VWDT_H */
