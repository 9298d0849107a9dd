// SPDX-License-Identifier: Apache-2.0
/*
 * Build-time config check: linked on the host with the config tables (as
 * cfgc generated them), the real guest images and core/config_check.c.  A
 * bad config fails `make` with the file, the partition and the conflict
 * named.  LOAD_ADDR, HYP_SIZE and TEXT_OFFSET come from the platform's
 * platform.mk.
 */
#include <stdio.h>
#include <bulkhead/config.h>

/* The linker lets the image grow to HYP_SIZE - TEXT_OFFSET bytes from
 * LOAD_ADDR (bulkhead.ld.S): memory the board must reserve for it. */
static bool image_in_reserved_ram(const struct cfg_board *b)
{
	uint64_t base = LOAD_ADDR, size = HYP_SIZE - TEXT_OFFSET;

	if (range_contains(b->hyp_base, b->hyp_size, base, size))
		return true;
	fprintf(stderr,
		"%s: error: the hypervisor image 0x%llx+0x%llx (LOAD_ADDR, "
		"HYP_SIZE in platform.mk) lies outside the board's hypervisor "
		"memory 0x%llx+0x%llx (bulkhead,hypervisor-memory)\n",
		CFG_FILE, (unsigned long long)base, (unsigned long long)size,
		(unsigned long long)b->hyp_base,
		(unsigned long long)b->hyp_size);
	return false;
}

int main(void)
{
	struct config_error err;

	if (!config_check(&cfg_system, &err)) {
		fprintf(stderr, "%s: error: %s\n", CFG_FILE, err.msg);
		return 1;
	}
	if (!image_in_reserved_ram(cfg_system.board))
		return 1;
	printf("%s: config '%s' OK (%u partitions)\n", CFG_FILE,
	       cfg_system.name, cfg_system.part_count);
	return 0;
}
