// SPDX-License-Identifier: Apache-2.0
/* expect: partition 'a': memory pa 0x48000100 ipa 0x48000100 size 0x2000000 is not 4 KiB aligned */
#include "board.h"

CFG_IMAGE_DECLARE(heartbeat);

static const struct cfg_part parts[] = {
	{ .name = "a", .cpu_mask = 0x1, CFG_MEMS({ .pa = 0x48000100, .ipa = 0x48000100, .size = MiB(32) }), .kernel = CFG_IMAGE(heartbeat, 0x48000100), .vuart_ipa = 0x09000000 },
};

const struct cfg_system cfg_system = {
	.name = "bad-misaligned",
	.board = &board_qemu_virt,
	.parts = parts,
	.part_count = ARRAY_SIZE(parts),
};
