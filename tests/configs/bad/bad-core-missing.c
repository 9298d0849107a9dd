// SPDX-License-Identifier: Apache-2.0
/* expect: partition 'a': core mask 0x10 names a core the board 'qemu-virt' does not have (it has 4) */
#include "board.h"

CFG_IMAGE_DECLARE(heartbeat);

static const struct cfg_part parts[] = {
	{ .name = "a", .cpu_mask = 0x10, CFG_MEMS({ .pa = 0x48000000, .ipa = 0x48000000, .size = MiB(32) }), .kernel = CFG_IMAGE(heartbeat, 0x48000000), .vuart_ipa = 0x09000000 },
};

const struct cfg_system cfg_system = {
	.name = "bad-core-missing",
	.board = &board_qemu_virt,
	.parts = parts,
	.part_count = ARRAY_SIZE(parts),
};
