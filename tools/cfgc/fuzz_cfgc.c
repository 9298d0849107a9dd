// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer harness: malformed DTBs through parsing, checking and guest
 * DTB construction.  Seeded with the compiled configs (make fuzz-cfgc), so
 * mutations start from trees that reach deep into the checks.
 */
#include <stdlib.h>
#include <string.h>

#include "cfgc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cfgc_model model;
	static char dtb[0x10000];
	struct cfgc_opts opts = {.file = "fuzz.dts", .system_name = "fuzz"};
	/* libfdt wants the blob 8-byte aligned; the fuzzer's copy may not be */
	void *blob = malloc(size ? size : 1);

	if (blob == NULL)
		return 0;
	memcpy(blob, data, size);
	if (cfgc_load(&model, blob, size, &opts))
		for (unsigned i = 0; i < model.part_count; i++)
			for (unsigned gic = 2; gic <= 3; gic++)
				(void)cfgc_build_dtb(&model, i, gic, dtb,
						     (int)sizeof(dtb));
	free(blob);
	return 0;
}
