// SPDX-License-Identifier: Apache-2.0
/* ESR_ELx in words (Arm ARM D19.2.37), for fault reports and panics. */
#include <bulkhead/fmt.h>
#include "priv/arch_priv.h"
#include "priv/esr.h"

static const char *ec_name(unsigned ec)
{
	switch (ec) {
	case EC_UNKNOWN:
		return "unknown reason";
	case EC_WFX:
		return "WFI/WFE";
	case EC_FP:
		return "FP/SIMD access";
	case EC_ILLEGAL:
		return "illegal execution state";
	case EC_SVC64:
		return "SVC";
	case EC_HVC64:
		return "HVC";
	case EC_SMC64:
		return "SMC";
	case EC_SYS64:
		return "MSR/MRS/system instruction";
	case EC_IABT_LOW:
	case EC_IABT_CUR:
		return "instruction abort";
	case EC_PC_ALIGN:
		return "PC alignment fault";
	case EC_DABT_LOW:
	case EC_DABT_CUR:
		return "data abort";
	case EC_SP_ALIGN:
		return "SP alignment fault";
	case EC_SERROR:
		return "SError";
	case EC_BRK64:
		return "BRK";
	default:
		return "other exception class";
	}
}

static const char *fsc_name(unsigned fsc)
{
	if (fsc >= 0x04 && fsc <= 0x07)
		return "translation fault";
	if (fsc >= 0x08 && fsc <= 0x0b)
		return "access flag fault";
	if (fsc >= 0x0c && fsc <= 0x0f)
		return "permission fault";
	if (fsc == FSC_SEA)
		return "synchronous external abort";
	if (fsc == 0x21)
		return "alignment fault";
	return "other fault";
}

static void describe_abort(uint64_t esr, char *buf, uint64_t len,
			   const char *what)
{
	uint64_t iss = esr & ESR_ISS_MASK;
	unsigned fsc = (unsigned)(iss & DABT_FSC_MASK);

	if (!(iss & DABT_ISV)) {
		fmt_snprintf(buf, len,
			     "%s: %s at level %u, %s, no valid syndrome "
			     "(e.g. load/store pair)",
			     what, fsc_name(fsc), fsc & 3U,
			     (iss & DABT_WNR) ? "write" : "read");
		return;
	}
	fmt_snprintf(buf, len, "%s: %s at level %u, %s of %u bytes via x%u%s",
		     what, fsc_name(fsc), fsc & 3U,
		     (iss & DABT_WNR) ? "write" : "read",
		     1U << ((iss >> DABT_SAS_SHIFT) & DABT_SAS_MASK),
		     (unsigned)((iss >> DABT_SRT_SHIFT) & DABT_SRT_MASK),
		     (iss & DABT_S1PTW) ? ", on a stage-1 table walk" : "");
}

void esr_describe(uint64_t esr, char *buf, uint64_t len)
{
	unsigned ec = esr_ec(esr);

	if (ec == EC_DABT_LOW || ec == EC_DABT_CUR) {
		describe_abort(esr, buf, len, "data abort");
		return;
	}
	if (ec == EC_IABT_LOW || ec == EC_IABT_CUR) {
		fmt_snprintf(buf, len, "instruction abort: %s at level %u",
			     fsc_name((unsigned)(esr & DABT_FSC_MASK)),
			     (unsigned)(esr & 3U));
		return;
	}
	fmt_snprintf(buf, len, "%s (EC 0x%02x, ISS 0x%07llx)", ec_name(ec), ec,
		     (unsigned long long)(esr & ESR_ISS_MASK));
}
