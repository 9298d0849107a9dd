// SPDX-License-Identifier: Apache-2.0
/* expect: partition 'a': memory 0x40000000+0x2000000 overlaps the hypervisor image 0x40000000+0x8000000 */
#include "board.h"

CFG_IMAGE_DECLARE(heartbeat);

static const struct cfg_part parts[] = {
	{ .name = "a", .cpu_mask = 0x1, CFG_MEMS({ .pa = 0x40000000, .ipa = 0x40000000, .size = MiB(32) }), .kernel = CFG_IMAGE(heartbeat, 0x40000000), .vuart_ipa = 0x09000000 },
};

const struct cfg_system cfg_system = {
	.name = "bad-ram-hyp",
	.board = &board_qemu_virt,
	.parts = parts,
	.part_count = ARRAY_SIZE(parts),
};
