/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSCI for guests (Arm DEN 0022, PSCI 1.1).  Function IDs use the SMC32
 * (0x84..) and SMC64 (0xC4..) fast-call ranges; return codes from table 5.
 */
#ifndef BULKHEAD_PSCI_H
#define BULKHEAD_PSCI_H

#include <bulkhead/types.h>

#define PSCI_VERSION 0x84000000U
#define PSCI_CPU_SUSPEND_32 0x84000001U
#define PSCI_CPU_SUSPEND_64 0xC4000001U
#define PSCI_CPU_OFF 0x84000002U
#define PSCI_CPU_ON_32 0x84000003U
#define PSCI_CPU_ON_64 0xC4000003U
#define PSCI_AFFINITY_INFO_32 0x84000004U
#define PSCI_AFFINITY_INFO_64 0xC4000004U
#define PSCI_MIGRATE_INFO_TYPE 0x84000006U
#define PSCI_SYSTEM_OFF 0x84000008U
#define PSCI_SYSTEM_RESET 0x84000009U
#define PSCI_FEATURES 0x8400000AU

#define PSCI_RET_SUCCESS 0
#define PSCI_RET_NOT_SUPPORTED (-1)
#define PSCI_RET_INVALID_PARAMS (-2)
#define PSCI_RET_DENIED (-3)
#define PSCI_RET_ALREADY_ON (-4)
#define PSCI_RET_ON_PENDING (-5)
#define PSCI_RET_INTERNAL_FAILURE (-6)

/* AFFINITY_INFO states. */
#define PSCI_AFF_ON 0
#define PSCI_AFF_OFF 1
#define PSCI_AFF_ON_PENDING 2

/* MIGRATE_INFO_TYPE: no Trusted OS, nothing to migrate. */
#define PSCI_TOS_NOT_PRESENT_MP 2

/* VERSION 1.1: major in bits [31:16], minor in [15:0]. */
#define PSCI_VERSION_1_1 0x00010001U

/*
 * Bulkhead hypercalls: SMCCC fast calls, SMC64, owning entity 6 (vendor
 * specific hypervisor service), DEN 0028 table 6-4.
 */
#define BH_HC_INFO 0xC6000001U
/* x1 = EL2 entries of the calling vCPU, x2 = of those IRQs, x3 = the rest. */
#define BH_HC_STATS 0xC6000002U

struct vcpu;

/*
 * Handle an SMC or HVC from a guest.  Reads the function ID and arguments
 * from x0..x3 and writes the result to x0.  Unknown IDs return
 * NOT_SUPPORTED and are never forwarded to firmware.
 */
void smccc_handle(struct vcpu *v);

#endif /* BULKHEAD_PSCI_H */
