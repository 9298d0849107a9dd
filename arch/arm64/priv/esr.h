/* SPDX-License-Identifier: Apache-2.0 */
/* ESR_ELx layout (Arm ARM D19.2.37) and exception classes.  Private. */
#ifndef ARCH_ESR_H
#define ARCH_ESR_H

#include <bulkhead/types.h>

#define ESR_EC_SHIFT 26
#define ESR_EC_MASK UINT64_C(0x3f)
#define ESR_IL BIT(25)
#define ESR_ISS_MASK UINT64_C(0x1ffffff)

#define EC_UNKNOWN 0x00U
#define EC_WFX 0x01U
#define EC_FP 0x07U
#define EC_ILLEGAL 0x0eU
#define EC_SVC64 0x15U
#define EC_HVC64 0x16U
#define EC_SMC64 0x17U
#define EC_SYS64 0x18U
#define EC_IABT_LOW 0x20U
#define EC_IABT_CUR 0x21U
#define EC_PC_ALIGN 0x22U
#define EC_DABT_LOW 0x24U
#define EC_DABT_CUR 0x25U
#define EC_SP_ALIGN 0x26U
#define EC_SERROR 0x2fU
#define EC_BRK64 0x3cU
#define EC_COUNT 64U

/* Data abort ISS (D19.2.37, "ISS encoding for a Data Abort"). */
#define DABT_ISV BIT(24)
#define DABT_SAS_SHIFT 22
#define DABT_SAS_MASK UINT64_C(0x3)
#define DABT_SSE BIT(21)
#define DABT_SRT_SHIFT 16
#define DABT_SRT_MASK UINT64_C(0x1f)
#define DABT_SF BIT(15)
#define DABT_FNV BIT(10)
#define DABT_S1PTW BIT(7)
#define DABT_WNR BIT(6)
#define DABT_FSC_MASK UINT64_C(0x3f)

/* Fault status codes. */
#define FSC_TRANS_L0 0x04U
#define FSC_SEA 0x10U

/* Trapped MSR/MRS/SYS (EC 0x18) ISS fields. */
#define SYS_OP0_SHIFT 20
#define SYS_OP2_SHIFT 17
#define SYS_OP1_SHIFT 14
#define SYS_CRN_SHIFT 10
#define SYS_RT_SHIFT 5
#define SYS_CRM_SHIFT 1
#define SYS_READ BIT(0)
#define SYS_ENC_MASK (UINT64_C(0x3ffc1e)) /* op0 op2 op1 crn crm */

/* HPFAR_EL2.FIPA: IPA bits [51:12] in [43:4]. */
#define HPFAR_FIPA_SHIFT 4
#define HPFAR_FIPA_MASK UINT64_C(0xfffffffffff)

static inline unsigned esr_ec(uint64_t esr)
{
	return (unsigned)((esr >> ESR_EC_SHIFT) & ESR_EC_MASK);
}

#endif /* ARCH_ESR_H */
