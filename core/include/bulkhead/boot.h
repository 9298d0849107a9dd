/* SPDX-License-Identifier: Apache-2.0 */
/* Entry points from the arch boot code, and per-core bring-up. */
#ifndef BULKHEAD_BOOT_H
#define BULKHEAD_BOOT_H

#include <bulkhead/types.h>

#ifndef BULKHEAD_VERSION
#define BULKHEAD_VERSION "0.1"
#endif

struct vcpu;

/* Boot core, from boot.S: EL2, MMU off, bss zeroed, x0 = boot DTB. */
_Noreturn void boot_main(uint64_t boot_dtb);
/* Secondary core cpu, from boot.S, same state. */
_Noreturn void boot_secondary(unsigned cpu);
/* Common per-core bring-up. */
void boot_cpu_init(unsigned cpu);
/* Arch part of it: EL2 MMU on (tables built by the boot core on its first
 * call), GIC CPU interface, TPIDR_EL2 = self. */
void arch_cpu_init(unsigned cpu, struct vcpu *self);

#endif /* BULKHEAD_BOOT_H */
