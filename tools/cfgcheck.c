// SPDX-License-Identifier: Apache-2.0
/*
 * Build-time config check: linked on the host with the config tables and
 * core/config_check.c.  A bad config fails `make` with the file, the
 * partition and the conflict named.
 */
#include <stdio.h>
#include <bulkhead/config.h>

int main(void)
{
	struct config_error err;

	if (!config_check(&cfg_system, &err)) {
		fprintf(stderr, "%s: error: %s\n", CFG_FILE, err.msg);
		return 1;
	}
	printf("%s: config '%s' OK (%u partitions)\n", CFG_FILE,
	       cfg_system.name, cfg_system.part_count);
	return 0;
}
