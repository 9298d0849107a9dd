// SPDX-License-Identifier: Apache-2.0
/* expect: partition 'b': device 'rtc' is also given to partition 'a' (as 'rtc') */
#include "board.h"

CFG_IMAGE_DECLARE(heartbeat);

#define RTC CFG_DEVS({ .name = "rtc", .pa = VIRT_RTC, .ipa = VIRT_RTC, .size = 0x1000 })

static const struct cfg_part parts[] = {
	{ .name = "a", .cpu_mask = 0x1, CFG_MEMS({ .pa = 0x48000000, .ipa = 0x48000000, .size = MiB(32) }), RTC, .kernel = CFG_IMAGE(heartbeat, 0x48000000), .vuart_ipa = 0x09000000 },
	{ .name = "b", .cpu_mask = 0x2, CFG_MEMS({ .pa = 0x4a000000, .ipa = 0x4a000000, .size = MiB(32) }), RTC, .kernel = CFG_IMAGE(heartbeat, 0x4a000000), .vuart_ipa = 0x09000000 },
};

const struct cfg_system cfg_system = {
	.name = "bad-dev-twice",
	.board = &board_qemu_virt,
	.parts = parts,
	.part_count = ARRAY_SIZE(parts),
};
