// SPDX-License-Identifier: Apache-2.0
/*
 * The board console faked for host unit tests: bytes are captured into a
 * buffer (always NUL-terminated) so that log lines can be asserted.
 */
#include <bulkhead/plat.h>

#include "fake.h"

static char console_buf[FAKE_CONSOLE_MAX];
static size_t console_len;

void plat_console_init(uint64_t uart_base)
{
	(void)uart_base;
}

void plat_console_putc(char c)
{
	/* Keep the last byte free for the terminator; drop the overflow. */
	if (console_len + 1 < sizeof(console_buf))
		console_buf[console_len++] = c;
	console_buf[console_len] = '\0';
}

int plat_console_getc(void)
{
	return -1;
}

void plat_console_enable_rx_irq(void)
{
	fake.console_rx_irq_enables++;
}

const char *fake_console_text(void)
{
	return console_buf;
}

size_t fake_console_len(void)
{
	return console_len;
}

void fake_console_clear(void)
{
	console_len = 0;
	console_buf[0] = '\0';
}
