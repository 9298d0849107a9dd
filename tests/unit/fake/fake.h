/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The host fake of the arch and platform layers, for unit tests.
 *
 * Inputs (geometry, core number, counter) are plain fields of `fake` that a
 * test sets after fake_reset(); every arch call the core makes is counted or
 * recorded there so that a test can assert on it.  The _Noreturn calls
 * (arch_cpu_park, arch_vcpu_enter, and arch_wait_event without a hook)
 * longjmp back to the fake_run() that started the code under test.
 */
#ifndef BULKHEAD_TEST_FAKE_H
#define BULKHEAD_TEST_FAKE_H

#include <bulkhead/arch.h>
#include <bulkhead/types.h>

#define FAKE_SGI_MAX 32U
#define FAKE_CONSOLE_MAX 16384U
#define FAKE_WAIT_LIMIT 1000U

/* How the code started by fake_run() ended. */
enum fake_exit {
	FAKE_RETURNED = 0, /* it returned normally */
	FAKE_PARKED, /* arch_cpu_park() */
	FAKE_ENTERED, /* arch_vcpu_enter() */
	FAKE_WAITED, /* arch_wait_event() with no wait_hook, or too often */
};

struct fake_sgi {
	unsigned cpu;
	enum hyp_sgi sgi;
};

struct fake_arch {
	/* ---- set by tests ---- */
	struct s2_geometry geo; /* what arch_s2_geometry() returns */
	unsigned cpu_index; /* what arch_cpu_index() returns */
	uint64_t counter; /* what arch_counter() returns */
	uint64_t counter_step; /* added to counter after every read */
	/* Called by arch_wait_event(); may change vCPU state, or escape. */
	void (*wait_hook)(void);

	/* ---- recorded by the fake ---- */
	unsigned parks, enters, waits, events_sent;
	struct vcpu *entered; /* last vCPU given to arch_vcpu_enter */
	unsigned resets;
	struct vcpu *reset_vcpu;
	uint64_t reset_entry, reset_x0;
	unsigned vcpu_inits, pc_advances, dumps, backtraces;
	unsigned aborts, undefs;
	bool abort_data;
	uint64_t abort_far;
	unsigned sgi_count;
	struct fake_sgi sgis[FAKE_SGI_MAX];
	unsigned tlb_flushes;
	uint16_t tlb_vmid;
	unsigned dcache_cleans;
	uint64_t dcache_va, dcache_len;
	unsigned icache_invals, cpu_starts;
	unsigned console_rx_irq_enables;
	/* Leaf PTEs requested for a misaligned PA or an impossible level. */
	unsigned bad_leaves;
	/* console_input_follow() / console_partition_stopped() (weak fakes
	 * where the test links neither console.c nor console_route.c). */
	const struct part *console_follow;
	unsigned console_follows, console_stops;
	/* arch_timer_set(): the last deadline and how often it was set. */
	uint64_t timer_deadline;
	unsigned timer_sets;
};

extern struct fake_arch fake;

/* Forget everything recorded (vGIC and console too); geometry 40 bits / level 1 / 2 root pages. */
void fake_reset(void);
/* Run fn(arg), catching the fake's escapes from _Noreturn calls. */
enum fake_exit fake_run(void (*fn)(void *), void *arg);

/* The fake stage-2 descriptor's memory attribute field, bits [5:2]. */
#define FAKE_ATTR_NORMAL 0xfU
#define FAKE_ATTR_DEVICE 0x1U
unsigned fake_pte_attr(uint64_t pte);

/* Give hyp_pool `pages` fresh pages, 64-page aligned (see fake_arch.c). */
void fake_pool_init(uint64_t pages);
void fake_pool_free(void);

/* The last vgic_set_level() call, and how many there were. */
struct fake_vgic {
	unsigned calls;
	struct part *part;
	uint32_t intid;
	bool level;
	unsigned part_resets; /* vgic_part_reset() calls */
};

extern struct fake_vgic fake_vgic;

/* Everything written with plat_console_putc since the last clear, as text. */
const char *fake_console_text(void);
size_t fake_console_len(void);
void fake_console_clear(void);

#endif /* BULKHEAD_TEST_FAKE_H */
