/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hostile guest: a bare-metal partition that attacks the hypervisor and
 * its neighbours in a fixed order and reports each attack as one line
 *
 *   BH-ATK id=<n> name=<attack> result=<result> <key=value ...>
 *
 * then BH-ATK-DONE count=<n> bad=<n> aborts=<n> undefs=<n> stray=<n>, and
 * BH-ATK-LOOP as it puts its own core into an endless fault loop.
 * It runs under fault policy "inject": an access the hypervisor refuses
 * comes back as a synchronous external abort, caught by the runtime's EL1
 * vectors, recorded and skipped.  docs/security.md lists the attacks and
 * what each result means; tests/system/test_hostile.py holds the same
 * table.
 */
#ifndef HOSTILE_H
#define HOSTILE_H

#include <stdbool.h>
#include <stdint.h>
#include <bulkhead/psci.h>
#include "guest.h"
#include "guest_gic.h"

/* QEMU virt, as the hostile config lays it out (configs/qemu-virt/
 * hostile.dts, dts/qemu-virt.dts). */
#define VICTIM_RAM 0x48000000UL
#define VICTIM_PRECIOUS 0x48100000UL /* what its heartbeat checksums */
#define VICTIM_RTC 0x09010000UL /* the victim's passed-through PL031 */
#define VICTIM_RTC_INTID 34U
#define HYP_IMAGE 0x40080000UL
#define VUART 0x09000000UL
#define VUART_INTID 33U /* our own virtual UART's SPI */
#define GIC_ITS 0x08080000UL

/* The guest's stage-1 map (mmu.c): RAM and device space identity-mapped,
 * plus aliases that reach what the identity map cannot. */
#define ALIAS_NC 0x100000000UL /* + PA in 0-1 GiB: Normal Non-cacheable */
#define ALIAS_IPA_TOP 0x140000000UL /* the top GiB of a 40-bit IPA space */
#define ALIAS_IPA_BEYOND 0x180000000UL /* 1 TiB: past a 40-bit IPA space */
/* 1 GiB each whose level-2 table is not ours: the stage-1 walk itself
 * reads the victim's RAM, the hypervisor's, or the emulated distributor. */
#define ALIAS_PTW_VICTIM 0x1c0000000UL
#define ALIAS_PTW_HYP 0x200000000UL
#define ALIAS_PTW_GICD 0x240000000UL
/* + PA, for the 2 MiB at 0x09000000 only (the virtual UART, the victim's
 * RTC): an executable Normal alias, for instruction fetches from device
 * pages. */
#define ALIAS_EXEC 0x280000000UL
#define IPA_TOP_BASE 0xffc0000000UL
#define IPA_BEYOND_BASE 0x10000000000UL

/* SMCCC / PSCI IDs and return codes, and Bulkhead's own calls, as the
 * hypervisor defines them (<bulkhead/psci.h>), plus what it returns without
 * naming it. */
#define SMCCC_NOT_SUPPORTED (-1)
#define PSCI_INVALID_ADDRESS (-9)

/* ---- main.c: reporting ---- */

/* Print one attack line; detail is printf-formatted key=value pairs.  A
 * result other than the attack's documented one counts as bad. */
void atk_report(const char *name, const char *result, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
extern unsigned gic_version;

/* Interrupts this vCPU took, by INTID (SGIs) and the rest. */
extern volatile uint64_t sgi_rx[16];
extern volatile uint64_t other_rx;

/* Milliseconds since boot, from the virtual counter. */
uint64_t now_ms(void);

/* Non-IRQ hypervisor entries of this vCPU so far (BH_HC_STATS x3; the
 * call itself counts as one). */
uint64_t hyp_exits(void);

/* ---- probe.c: one access that may fault ---- */

enum op {
	OP_R8,
	OP_R16,
	OP_R32,
	OP_R64,
	OP_W8,
	OP_W16,
	OP_W32,
	OP_W64,
	OP_LDP, /* load pair: no valid syndrome (ISV = 0) */
	OP_STP,
	OP_LDR_POST, /* ldr w, [x], #4: writeback, ISV = 0 */
	OP_STR_PRE, /* str w, [x, #4]!: writeback, ISV = 0 */
	OP_LDXR, /* exclusives: ISV = 0 */
	OP_STXR,
	OP_LD1, /* SIMD&FP load: ISV = 0 */
	OP_ZVA, /* DC ZVA: a block of zeros */
	OP_EXEC, /* branch there: an instruction fetch */
};

/* What the access did. */
enum outcome {
	OUT_NONE, /* no exception: the access happened */
	OUT_SEA, /* synchronous external abort (data or instruction), as the
		    hypervisor injects */
	OUT_UNDEF, /* undefined instruction (EC 0) */
	OUT_OTHER, /* any other exception */
};

struct probe {
	enum op op;
	enum outcome out;
	unsigned exceptions;
	uint64_t esr, far, value;
	bool writeback; /* the base register changed */
};

/* Run one access of kind op at addr (value for stores); reads start from
 * a sentinel so a load that was skipped is seen as such. */
void probe(enum op op, uint64_t addr, uint64_t value, struct probe *p);
#define PROBE_SENTINEL 0x5a5a5a5a5a5a5a5aUL

/* Run one trapped instruction through a callback; classifies as above. */
void probe_fn(void (*fn)(void), struct probe *p);

/* Tallies of probes against the outcome an attack requires. */
struct tally {
	unsigned ops, ok, reached;
	uint64_t esr; /* of the first probe that was not ok, else the last */
};

/* Count p against `want`; an abort must also name an address on the page
 * of `va` and leave a loaded register and the base register alone. */
void tally_abort(struct tally *t, const struct probe *p, uint64_t va);
void tally_want(struct tally *t, const struct probe *p, enum outcome want);
/* `good` if every probe was ok; "reached" if any access went through
 * where it must not; else "unexpected". */
const char *tally_result(const struct tally *t, const char *good);

/* Synchronous external aborts and undefs this guest received. */
extern unsigned long total_aborts, total_undefs;

/* ---- mmu.c ---- */
void mmu_enable(void);
unsigned pa_bits(void);

/* ---- attack groups, in the order they run ---- */
void attack_memory(void);
void attack_devices(void);
void attack_gicd(void);
void attack_gicr(void);
void attack_private_intids(void);
void attack_sgis(void);
void attack_psci(void);
void attack_smccc_fuzz(void);
void attack_set_way(void);
void attack_sysregs(void);
void attack_mmio(void);
void attack_storms(void);
/* Our physical timer's interrupt: handles and ends it. */
void storm_timer_irq(uint32_t iar);
void fault_loop(void); /* the epilogue: never returns in practice */

#endif /* HOSTILE_H */
