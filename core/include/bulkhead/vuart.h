/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The virtual UART: an emulated PL011 per partition.  Output is collected a
 * line at a time and printed on the board console tagged with the
 * partition's name.
 */
#ifndef BULKHEAD_VUART_H
#define BULKHEAD_VUART_H

#include <bulkhead/mmio.h>
#include <bulkhead/types.h>

#define VUART_LINE_MAX 160U
#define VUART_SIZE 0x1000U

struct vuart {
	const char *name; /* tag printed before each line */
	char line[VUART_LINE_MAX];
	unsigned len;
	/* PL011 registers the guest may write and read back. */
	uint32_t cr, imsc, lcrh, ibrd, fbrd, ifls;
};

void vuart_init(struct vuart *u, const char *name);
/* Emulate one guest access at acc->offset inside the PL011 window. */
enum mmio_result vuart_mmio(struct vuart *u, struct mmio_access *acc);

#endif /* BULKHEAD_VUART_H */
