// SPDX-License-Identifier: Apache-2.0
/*
 * The arch layer faked for host unit tests (see fake.h).  Stage-2
 * descriptors use the real VMSAv8-64 shape for the fields core/s2.c relies
 * on: bit 0 valid, bit 1 table (levels 0-2) or page (level 3), output
 * address in bits [47:12].  The memory type goes in bits [5:2] so tests can
 * tell RAM from device mappings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <bulkhead/console.h>
#include <bulkhead/page.h>
#include <bulkhead/panic.h>
#include <bulkhead/part.h>
#include <bulkhead/vcpu.h>

#include "fake.h"

#define PTE_VALID BIT(0)
#define PTE_TABLE BIT(1) /* at level 3: "page" */
#define PTE_AF BIT(10)
#define PTE_ATTR_SHIFT 2
#define PTE_ADDR_MASK UINT64_C(0x0000fffffffff000)
#define POOL_ALIGN (64U * PAGE_SIZE)

struct fake_arch fake;
/* Normally defined by core/main.c, which unit tests do not link. */
struct page_pool hyp_pool;

static jmp_buf fake_escape_buf;
static bool fake_armed;
static enum fake_exit fake_exit_code;
static void *fake_pool_mem;

void fake_reset(void)
{
	memset(&fake, 0, sizeof(fake));
	memset(&fake_vgic, 0, sizeof(fake_vgic));
	fake_console_clear();
	fake.geo = (struct s2_geometry){
	    .ipa_bits = 40, .start_level = 1, .root_pages = 2};
	fake.timer_deadline = UINT64_MAX;
}

enum fake_exit fake_run(void (*fn)(void *), void *arg)
{
	fake_armed = true;
	switch (setjmp(fake_escape_buf)) {
	case 0:
		fn(arg);
		fake_armed = false;
		return FAKE_RETURNED;
	default:
		fake_armed = false;
		return fake_exit_code;
	}
}

/* Leave the code under test the way the real call would never return. */
_Noreturn static void fake_escape(enum fake_exit why)
{
	if (!fake_armed) {
		fail_msg("_Noreturn arch call (exit %d) outside fake_run()",
			 (int)why);
		abort();
	}
	fake_exit_code = why;
	longjmp(fake_escape_buf, 1);
}

void fake_pool_init(uint64_t pages)
{
	uint64_t bytes = ALIGN_UP(pages * PAGE_SIZE, POOL_ALIGN);

	fake_pool_free();
	fake_pool_mem = aligned_alloc(POOL_ALIGN, bytes ? bytes : POOL_ALIGN);
	assert_non_null(fake_pool_mem);
	/* Dirty it so that page_alloc's zeroing is really tested. */
	memset(fake_pool_mem, 0xa5, bytes);
	/* Filled in directly: the fake must link without core/page.c. */
	hyp_pool = (struct page_pool){
	    .base = fake_pool_mem, .page_count = pages, .next = 0};
}

void fake_pool_free(void)
{
	free(fake_pool_mem);
	fake_pool_mem = NULL;
	hyp_pool = (struct page_pool){0};
}

unsigned fake_pte_attr(uint64_t pte)
{
	return (unsigned)((pte >> PTE_ATTR_SHIFT) & 0xfU);
}

/* ---- CPU ---- */

unsigned arch_cpu_index(void)
{
	return fake.cpu_index;
}

uint64_t arch_cpu_mpidr(void)
{
	return fake.cpu_index;
}

bool arch_cpu_start(unsigned cpu)
{
	(void)cpu;
	fake.cpu_starts++;
	return true;
}

_Noreturn void arch_cpu_park(void)
{
	fake.parks++;
	fake_escape(FAKE_PARKED);
}

void arch_wait_event(void)
{
	fake.waits++;
	if (fake.wait_hook == NULL || fake.waits > FAKE_WAIT_LIMIT)
		fake_escape(FAKE_WAITED);
	fake.wait_hook();
}

/* Time passes at once. */
void arch_wait_until(uint64_t counter)
{
	if (fake.counter < counter)
		fake.counter = counter;
}

void arch_send_event(void)
{
	fake.events_sent++;
}

__attribute__((weak)) void console_input_follow(const struct part *focus)
{
	fake.console_follow = focus;
	fake.console_follows++;
}

__attribute__((weak)) void console_partition_stopped(void)
{
	fake.console_stops++;
}

void arch_timer_set(uint64_t deadline)
{
	fake.timer_deadline = deadline;
	fake.timer_sets++;
}

bool arch_timer_expired(void)
{
	if (fake.timer_deadline == UINT64_MAX ||
	    fake.counter < fake.timer_deadline)
		return false;
	fake.timer_deadline = UINT64_MAX;
	return true;
}

uint64_t arch_counter(void)
{
	uint64_t now = fake.counter;

	/* Time passes only if a test says so (waits that poll the counter). */
	fake.counter += fake.counter_step;
	return now;
}

uint64_t arch_counter_freq(void)
{
	return 62500000U;
}

void arch_dcache_clean_range(struct vaddr va, uint64_t len)
{
	fake.dcache_cleans++;
	fake.dcache_va = va_addr(va);
	fake.dcache_len = len;
}

void arch_icache_invalidate_all(void)
{
	fake.icache_invals++;
}

void arch_describe_cpu(char *buf, uint64_t len)
{
	static const char desc[] = "fake host cpu";

	if (len == 0)
		return;
	for (uint64_t i = 0; i < len; i++) {
		buf[i] = i < sizeof(desc) ? desc[i] : '\0';
		if (buf[i] == '\0')
			return;
	}
	buf[len - 1] = '\0';
}

void arch_backtrace(void)
{
	fake.backtraces++;
}

/* ---- Stage-2 descriptors ---- */

struct s2_geometry arch_s2_geometry(void)
{
	return fake.geo;
}

uint64_t arch_s2_pte_table(struct paddr next)
{
	if (!IS_ALIGNED(pa_addr(next), PAGE_SIZE))
		fake.bad_leaves++;
	return (pa_addr(next) & PTE_ADDR_MASK) | PTE_TABLE | PTE_VALID;
}

uint64_t arch_s2_pte_leaf(struct paddr pa, unsigned level,
			  enum s2_mem_type type)
{
	uint64_t attr =
	    type == S2_MEM_DEVICE ? FAKE_ATTR_DEVICE : FAKE_ATTR_NORMAL;
	uint64_t pte = (pa_addr(pa) & PTE_ADDR_MASK) | PTE_AF |
		       (attr << PTE_ATTR_SHIFT) | PTE_VALID;

	/* Blocks exist at levels 1 and 2 only; their PA must be aligned to
	 * the block size or the hardware would silently ignore low bits. */
	if (level < 1 || level > 3 ||
	    !IS_ALIGNED(pa_addr(pa), UINT64_C(1) << (12 + 9 * (3 - level))))
		fake.bad_leaves++;
	return level == 3 ? pte | PTE_TABLE : pte;
}

bool arch_pte_is_valid(uint64_t pte)
{
	return (pte & PTE_VALID) != 0;
}

bool arch_pte_is_table(uint64_t pte, unsigned level)
{
	return level < 3 && (pte & PTE_TABLE) != 0;
}

struct paddr arch_pte_addr(uint64_t pte)
{
	return pa_init(pte & PTE_ADDR_MASK);
}

void arch_s2_tlb_flush_vmid(uint16_t vmid)
{
	fake.tlb_flushes++;
	fake.tlb_vmid = vmid;
}

/* ---- vCPUs ---- */

void arch_vcpu_init(struct vcpu *v, const struct part *p)
{
	fake.vcpu_inits++;
	v->arch.vmpidr = v->vmpidr;
	v->arch.vttbr = ((uint64_t)p->vmid << 48) | pa_addr(p->s2.root_pa);
	v->arch.cntvoff = p->cntvoff;
}

void arch_vcpu_reset(struct vcpu *v, struct ipaddr entry, uint64_t x0)
{
	fake.resets++;
	fake.reset_vcpu = v;
	fake.reset_entry = ipa_addr(entry);
	fake.reset_x0 = x0;
	memset(&v->regs, 0, sizeof(v->regs));
	v->regs.x[0] = x0;
	v->regs.elr = ipa_addr(entry);
	v->regs.spsr = 0x3c5; /* EL1h, DAIF masked */
}

_Noreturn void arch_vcpu_enter(struct vcpu *v)
{
	fake.enters++;
	fake.entered = v;
	fake_escape(FAKE_ENTERED);
}

void arch_vcpu_advance_pc(struct vcpu *v)
{
	fake.pc_advances++;
	v->regs.elr += 4;
}

void arch_vcpu_inject_abort(struct vcpu *v, bool data, uint64_t far)
{
	(void)v;
	fake.aborts++;
	fake.abort_data = data;
	fake.abort_far = far;
}

void arch_vcpu_inject_undef(struct vcpu *v)
{
	(void)v;
	fake.undefs++;
}

void arch_vcpu_dump(const struct vcpu *v)
{
	(void)v;
	fake.dumps++;
}

/* ---- Interrupt controller ---- */

void arch_irq_init_boot(void)
{
}

void arch_irq_init_cpu(void)
{
}

void arch_irq_send_sgi(unsigned cpu, enum hyp_sgi sgi)
{
	if (fake.sgi_count < FAKE_SGI_MAX)
		fake.sgis[fake.sgi_count] = (struct fake_sgi){cpu, sgi};
	fake.sgi_count++;
}

const char *arch_irq_describe(void)
{
	return "fake interrupt controller";
}
