// SPDX-License-Identifier: Apache-2.0
/*
 * Partitions: built once at boot from the static config.  Each gets its own
 * VMID and stage-2 table mapping exactly its RAM and passed-through devices,
 * its images copied into that RAM, and one vCPU per assigned core.
 */
#include <bulkhead/console.h>
#include <bulkhead/fmt.h>
#include <bulkhead/log.h>
#include <bulkhead/mem.h>
#include <bulkhead/page.h>
#include <bulkhead/panic.h>
#include <bulkhead/part.h>

extern struct vcpu vcpus[CFG_MAX_CPUS];

static struct part parts[CFG_MAX_PARTS];
static unsigned parts_used;

struct part *part_get(unsigned id)
{
	return id < parts_used ? &parts[id] : NULL;
}

unsigned part_count(void)
{
	return parts_used;
}

static void part_map(struct part *p, uint64_t ipa, uint64_t pa, uint64_t size,
		     enum s2_mem_type type)
{
	enum s2_result r =
	    s2_map(&p->s2, ipa_init(ipa), pa_init(pa), size, type);

	/* The config was checked at build time: a failure here is our bug. */
	if (r != S2_OK)
		panic("partition '%s': stage-2 map ipa 0x%llx size 0x%llx: %s",
		      p->cfg->name, (unsigned long long)ipa,
		      (unsigned long long)size, s2_result_str(r));
}

static void part_build_s2(struct part *p)
{
	const struct cfg_part *c = p->cfg;
	enum s2_result r = s2_init(&p->s2, arch_s2_geometry());

	if (r != S2_OK)
		panic("partition '%s': %s", c->name, s2_result_str(r));
	for (uint32_t i = 0; i < c->mem_count; i++)
		part_map(p, c->mem[i].ipa, c->mem[i].pa, c->mem[i].size,
			 S2_MEM_NORMAL);
	for (uint32_t i = 0; i < c->dev_count; i++)
		part_map(p, c->devs[i].ipa, c->devs[i].pa, c->devs[i].size,
			 S2_MEM_DEVICE);
}

/* Copy an image into partition RAM and push it to the point of coherency,
 * since the guest starts with its MMU and caches off. */
static void part_load_image(struct part *p, const struct cfg_image *img)
{
	uint64_t size = cfg_image_size(img), pa;

	if (size == 0)
		return;
	if (!cfg_part_ipa_to_pa(p->cfg, img->load_ipa, size, &pa))
		panic("partition '%s': image '%s' outside its RAM",
		      p->cfg->name, img->name);
	memcpy(ptr_of_pa(pa_init(pa)), img->start, size);
	arch_dcache_clean_range(va_init(pa), size);
}

/* The guest's tree describes its GIC: the version found at boot. */
static const struct cfg_image *part_dtb(const struct part *p)
{
	return cfg_part_dtb(p->cfg, arch_gic_version());
}

static void part_load_images(struct part *p)
{
	const struct cfg_image *dtb = part_dtb(p);

	part_load_image(p, &p->cfg->kernel);
	if (dtb)
		part_load_image(p, dtb);
	part_load_image(p, &p->cfg->initrd);
	arch_icache_invalidate_all();
}

/* vCPU 0 boots with the Linux arm64 protocol: x0 = DTB or 0. */
static void part_boot(struct part *p)
{
	const struct cfg_image *dtb = part_dtb(p);

	vcpu_request_on(p->vcpus[0], p->cfg->kernel.load_ipa,
			dtb ? dtb->load_ipa : 0);
}

static void part_bind_vcpus(struct part *p)
{
	const struct cfg_part *c = p->cfg;

	for (unsigned cpu = 0; cpu < CFG_MAX_CPUS; cpu++) {
		struct vcpu *v = &vcpus[cpu];

		if (!(c->cpu_mask & BIT(cpu)))
			continue;
		v->part = p;
		v->index = p->vcpu_count;
		v->vmpidr = vcpu_mpidr_of_index(v->index);
		v->state = VCPU_OFF;
		p->vcpus[p->vcpu_count++] = v;
		arch_vcpu_init(v, p);
	}
}

static void part_init(struct part *p, unsigned id, const struct cfg_part *c)
{
	p->cfg = c;
	p->id = id;
	p->vmid = (uint16_t)(id + 1); /* VMID 0 is never used by a guest */
	p->state = PART_BOOTING;
	/* The guest's virtual counter starts near 0 when it boots. */
	p->cntvoff = arch_counter();
	vuart_init(&p->vuart, p, c->name, c->vuart_intid);
	vwdt_reset(&p->wdt, p->cntvoff);
	part_build_s2(p);
	part_load_images(p);
	part_bind_vcpus(p);
	vgic_part_init(p);
	part_boot(p);
	p->state = PART_RUNNING;
}

void part_init_all(void)
{
	for (uint32_t i = 0; i < cfg_system.part_count; i++)
		part_init(&parts[i], i, &cfg_system.parts[i]);
	parts_used = cfg_system.part_count;
}

void part_print_banner(void)
{
	for (unsigned i = 0; i < parts_used; i++) {
		const struct part *p = &parts[i];
		const struct cfg_part *c = p->cfg;
		uint64_t ram = 0;

		for (uint32_t m = 0; m < c->mem_count; m++)
			ram += c->mem[m].size;
		log_printf("partition %u '%s': vmid %u, cores 0x%llx, "
			   "%llu MiB RAM at 0x%llx, image '%s' (%llu bytes), "
			   "s2 blocks 1G=%llu 2M=%llu 4K=%llu",
			   i, c->name, p->vmid, (unsigned long long)c->cpu_mask,
			   (unsigned long long)(ram >> 20),
			   (unsigned long long)c->mem[0].pa, c->kernel.name,
			   (unsigned long long)cfg_image_size(&c->kernel),
			   (unsigned long long)p->s2.blocks[1],
			   (unsigned long long)p->s2.blocks[2],
			   (unsigned long long)p->s2.blocks[3]);
	}
}

_Noreturn void part_stop_self(struct part *p, const char *why)
{
	unsigned self = arch_cpu_index();

	p->state = PART_STOPPED;
	for (unsigned i = 0; i < p->vcpu_count; i++) {
		struct vcpu *v = p->vcpus[i];
		enum vcpu_state old = __atomic_exchange_n(
		    &v->state, VCPU_STOPPED, __ATOMIC_ACQ_REL);

		if (v->cpu != self && old == VCPU_ON)
			arch_irq_send_sgi(v->cpu, HYP_SGI_STOP);
	}
	arch_send_event();
	log_printf("partition '%s' stopped: %s; its cores are parked",
		   p->cfg->name, why);
	console_partition_stopped();
	arch_cpu_park();
}

/* ---- restart ---------------------------------------------------------- */

static uint64_t ticks_to_us(uint64_t ticks)
{
	return ticks * 1000000U / arch_counter_freq();
}

/* The back-off, asleep on this core (the partition's own): it costs no
 * other partition, nor the emulator under QEMU, anything. */
static void part_wait_ticks(uint64_t ticks)
{
	arch_wait_until(arch_counter() + ticks);
}

/* Zero every RAM region: nothing of the old guest may survive into the
 * new one.  The new guest starts with caches off, so push it to memory. */
static void part_scrub_ram(struct part *p)
{
	const struct cfg_part *c = p->cfg;

	for (uint32_t i = 0; i < c->mem_count; i++) {
		memset(ptr_of_pa(pa_init(c->mem[i].pa)), 0, c->mem[i].size);
		arch_dcache_clean_range(va_init(c->mem[i].pa), c->mem[i].size);
	}
}

/*
 * Get every other vCPU of p out of its guest and into its wait loop, and
 * wait until each says so: the RAM and vGIC state are about to be rebuilt.
 * A racing PSCI CPU_ON may still switch a sibling on, so recalls repeat
 * until the acks are in.  A core that never came up has nothing to leave.
 */
static void part_recall_vcpus(struct part *p, const struct vcpu *self)
{
	for (;;) {
		bool all_out = true;

		for (unsigned i = 0; i < p->vcpu_count; i++) {
			struct vcpu *v = p->vcpus[i];

			if (v == self || !v->online ||
			    __atomic_load_n(&v->restart_ack, __ATOMIC_ACQUIRE))
				continue;
			all_out = false;
			vcpu_recall(v);
		}
		if (all_out)
			return;
		/* A sibling's SYSTEM_OFF won: its stop wins too. */
		if (p->state == PART_STOPPED)
			arch_cpu_park();
		/* Acks and every state change come with an event. */
		arch_wait_event();
	}
}

/* Everything the old guest could have changed, back to how boot left it. */
static void part_reset(struct part *p)
{
	/* The UART first: its line is low after the vGIC reset too. */
	vuart_reset(&p->vuart);
	vgic_part_reset(p);
	part_scrub_ram(p);
	part_load_images(p);
	/* Last, so the new guest's virtual counter starts near 0 again. */
	p->cntvoff = arch_counter();
	vwdt_reset(&p->wdt, p->cntvoff);
	for (unsigned i = 0; i < p->vcpu_count; i++)
		arch_vcpu_init(p->vcpus[i], p);
}

/* Every vCPU off, vCPU 0 booting, the waiting cores let go. */
static void part_release_vcpus(struct part *p)
{
	for (unsigned i = 0; i < p->vcpu_count; i++) {
		p->vcpus[i]->restart_ack = false;
		__atomic_store_n(&p->vcpus[i]->state, VCPU_OFF,
				 __ATOMIC_RELEASE);
	}
	part_boot(p);
	p->state = PART_RUNNING;
	__atomic_store_n(&p->restarting, false, __ATOMIC_RELEASE);
	arch_send_event();
}

_Noreturn static void part_restart_denied(struct part *p)
{
	char why[96];

	fmt_snprintf(why, sizeof(why),
		     "restart limit reached (%u restarts within %u ms)",
		     RESTART_MAX, RESTART_WINDOW_MS);
	part_stop_self(p, why);
}

/* The vCPU of p on this core: restarts are only asked for by p itself. */
static struct vcpu *part_vcpu_here(struct part *p)
{
	unsigned self = arch_cpu_index();

	for (unsigned i = 0; i < p->vcpu_count; i++)
		if (p->vcpus[i]->cpu == self)
			return p->vcpus[i];
	panic("partition '%s': restart from core %u, not one of its own",
	      p->cfg->name, self);
}

_Noreturn void part_restart(struct part *p, const char *why)
{
	struct vcpu *self = part_vcpu_here(p);
	struct restart_limits lim = restart_limits_default(arch_counter_freq());
	bool idle = false;
	uint64_t delay, t0, t1, work;

	/* Two of its cores may fail at once: one restarts, one waits. */
	if (!__atomic_compare_exchange_n(&p->restarting, &idle, true, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		vcpu_wait_and_run(self);
	if (!restart_budget_take(&p->restarts, &lim, arch_counter(), &delay))
		part_restart_denied(p);
	log_printf("partition '%s' restarting (%s), restart %llu, back-off "
		   "%llu us",
		   p->cfg->name, why, (unsigned long long)p->restarts.total,
		   (unsigned long long)ticks_to_us(delay));
	t0 = arch_counter();
	p->state = PART_BOOTING;
	__atomic_store_n(&self->state, VCPU_RESTARTING, __ATOMIC_RELEASE);
	part_recall_vcpus(p, self);
	work = arch_counter() - t0;
	part_wait_ticks(delay);
	t1 = arch_counter();
	part_reset(p);
	work += arch_counter() - t1;
	log_printf("partition '%s' restarted in %llu us", p->cfg->name,
		   (unsigned long long)ticks_to_us(work));
	part_release_vcpus(p);
	vgic_cpu_init(self);
	vcpu_wait_and_run(self);
}

/* ---- the virtual watchdog's partition glue (vwdt.h) ---------------------- */

void vwdt_timer(struct vcpu *v)
{
	struct part *p = v->part;
	uint64_t deadline;

	if (p->cfg->wdt_ipa == 0)
		return;
	if (!vwdt_expire(&p->wdt, arch_counter(), &deadline)) {
		arch_timer_set(deadline);
		vwdt_signal(p); /* WS0 may have been raised */
		return;
	}
	log_printf("partition '%s': watchdog expired (second timeout)",
		   p->cfg->name);
	if (p->cfg->wdt_action == WDT_ACTION_STOP)
		part_stop_self(p, "watchdog expired");
	part_restart(p, "watchdog expired");
}
