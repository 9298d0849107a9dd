// SPDX-License-Identifier: Apache-2.0
/* expect: partition 'b': memory 0x49000000+0x2000000 overlaps memory of partition 'a' */
#include "board.h"

CFG_IMAGE_DECLARE(heartbeat);

static const struct cfg_part parts[] = {
	{ .name = "a", .cpu_mask = 0x1, CFG_MEMS({ .pa = 0x48000000, .ipa = 0x48000000, .size = MiB(32) }), .kernel = CFG_IMAGE(heartbeat, 0x48000000), .vuart_ipa = 0x09000000 },
	{ .name = "b", .cpu_mask = 0x2, CFG_MEMS({ .pa = 0x49000000, .ipa = 0x49000000, .size = MiB(32) }), .kernel = CFG_IMAGE(heartbeat, 0x49000000), .vuart_ipa = 0x09000000 },
};

const struct cfg_system cfg_system = {
	.name = "bad-ram-overlap",
	.board = &board_qemu_virt,
	.parts = parts,
	.part_count = ARRAY_SIZE(parts),
};
