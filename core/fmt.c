// SPDX-License-Identifier: Apache-2.0
/* A small freestanding printf; see fmt.h for what it supports. */
#include <bulkhead/fmt.h>

struct fmt_out {
	char *buf;
	size_t size;
	size_t len;
};

struct fmt_spec {
	unsigned width;
	bool zero;
	unsigned lmod; /* 0 = int, 1 = long, 2 = long long, 3 = size_t */
};

static void out_char(struct fmt_out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_padded(struct fmt_out *o, const char *s, size_t n,
		       const struct fmt_spec *sp)
{
	char pad = sp->zero ? '0' : ' ';

	for (size_t i = n; i < sp->width; i++)
		out_char(o, pad);
	for (size_t i = 0; i < n; i++)
		out_char(o, s[i]);
}

static void out_unsigned(struct fmt_out *o, uint64_t v, unsigned base,
			 bool upper, const struct fmt_spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	size_t n = 0;

	do {
		tmp[sizeof(tmp) - 1 - n] = digits[v % base];
		v /= base;
		n++;
	} while (v != 0);
	out_padded(o, &tmp[sizeof(tmp) - n], n, sp);
}

static void out_signed(struct fmt_out *o, int64_t v, const struct fmt_spec *sp)
{
	struct fmt_spec rest = *sp;
	uint64_t mag;

	if (v >= 0) {
		out_unsigned(o, (uint64_t)v, 10, false, sp);
		return;
	}
	mag = (uint64_t)(-(v + 1)) + 1;
	/* "-0042" with zero padding, "  -42" with spaces. */
	rest.width = sp->width > 0 ? sp->width - 1 : 0;
	if (!sp->zero) {
		char digits[24];
		struct fmt_out tmp = {.buf = digits, .size = sizeof(digits)};
		struct fmt_spec none = {0};

		out_unsigned(&tmp, mag, 10, false, &none);
		for (size_t i = tmp.len + 1; i < sp->width; i++)
			out_char(o, ' ');
		rest.width = 0;
	}
	out_char(o, '-');
	out_unsigned(o, mag, 10, false, &rest);
}

static void out_string(struct fmt_out *o, const char *s,
		       const struct fmt_spec *sp)
{
	size_t n = 0;
	struct fmt_spec plain = *sp;

	if (s == NULL)
		s = "(null)";
	while (s[n] != '\0')
		n++;
	plain.zero = false;
	out_padded(o, s, n, &plain);
}

static const char *parse_spec(const char *f, struct fmt_spec *sp)
{
	sp->width = 0;
	sp->zero = false;
	sp->lmod = 0;
	if (*f == '0') {
		sp->zero = true;
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (unsigned)(*f++ - '0');
	while (*f == 'l') {
		sp->lmod++;
		f++;
	}
	if (*f == 'z') {
		sp->lmod = 3;
		f++;
	}
	return f;
}

/* long and long long are both 64 bits on every target we build for (LP64). */
static uint64_t arg_unsigned(va_list *ap, unsigned lmod)
{
	switch (lmod) {
	case 0:
		return va_arg(*ap, unsigned int);
	case 3:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned long long);
	}
}

static int64_t arg_signed(va_list *ap, unsigned lmod)
{
	switch (lmod) {
	case 0:
		return va_arg(*ap, int);
	case 3:
		return (int64_t)va_arg(*ap, size_t);
	default:
		return va_arg(*ap, long long);
	}
}

/* Emit one conversion; returns false for an unknown conversion character. */
static bool out_conversion(struct fmt_out *o, char c, struct fmt_spec *sp,
			   va_list *ap)
{
	switch (c) {
	case 'd':
	case 'i':
		out_signed(o, arg_signed(ap, sp->lmod), sp);
		return true;
	case 'u':
		out_unsigned(o, arg_unsigned(ap, sp->lmod), 10, false, sp);
		return true;
	case 'x':
	case 'X':
		out_unsigned(o, arg_unsigned(ap, sp->lmod), 16, c == 'X', sp);
		return true;
	case 'p':
		out_char(o, '0');
		out_char(o, 'x');
		out_unsigned(o, (uint64_t)(uintptr_t)va_arg(*ap, void *), 16,
			     false, sp);
		return true;
	case 's':
		out_string(o, va_arg(*ap, const char *), sp);
		return true;
	case 'c':
		out_char(o, (char)va_arg(*ap, int));
		return true;
	case '%':
		out_char(o, '%');
		return true;
	default:
		return false;
	}
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_out o = {.buf = buf, .size = size, .len = 0};
	struct fmt_spec sp;
	va_list args;

	va_copy(args, ap);
	for (const char *f = fmt; *f != '\0'; f++) {
		if (*f != '%') {
			out_char(&o, *f);
			continue;
		}
		f = parse_spec(f + 1, &sp);
		if (*f == '\0')
			break;
		if (!out_conversion(&o, *f, &sp, &args))
			out_char(&o, '?');
	}
	va_end(args);
	if (size > 0)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
