// SPDX-License-Identifier: Apache-2.0
/*
 * The hypervisor console.  Lines are assembled in a local buffer and sent
 * under one lock so that output from several cores never interleaves within
 * a line.  The lock is only taken once the MMU is on (see log_enable_smp()).
 */
#include <stdarg.h>
#include <bulkhead/fmt.h>
#include <bulkhead/log.h>
#include <bulkhead/plat.h>
#include <bulkhead/spinlock.h>

#define LOG_LINE_MAX 256

static struct spinlock console_lock;
static bool console_smp;

void log_enable_smp(void);

void log_enable_smp(void)
{
	console_smp = true;
}

static void console_write(const char *s, size_t n)
{
	if (console_smp)
		spin_lock(&console_lock);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			plat_console_putc('\r');
		plat_console_putc(s[i]);
	}
	if (console_smp)
		spin_unlock(&console_lock);
}

static size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

void log_raw(const char *s)
{
	console_write(s, str_len(s));
}

void log_printf(const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	size_t n;
	va_list ap;

	n = (size_t)fmt_snprintf(line, sizeof(line), "bulkhead: ");
	va_start(ap, fmt);
	fmt_vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	va_end(ap);
	n = str_len(line);
	line[n++] = '\n';
	console_write(line, n);
}

void log_part_line(const char *part, const char *text, size_t len)
{
	char line[LOG_LINE_MAX];
	int n = fmt_snprintf(line, sizeof(line), "[%s] ", part);
	size_t pos = (size_t)n;

	for (size_t i = 0; i < len && pos + 2 < sizeof(line); i++)
		line[pos++] = text[i];
	line[pos++] = '\n';
	console_write(line, pos);
}
