// SPDX-License-Identifier: Apache-2.0
/* core/fmt.c: the freestanding printf, checked against exact strings. */
#include <limits.h>

#include <bulkhead/fmt.h>

#include "unit.h"

/* Format into a guarded buffer; check the return value and the text. */
#define CHECK(want, ...)                                                       \
	do {                                                                   \
		char b_[128];                                                  \
		int n_;                                                        \
		memset(b_, 'Z', sizeof(b_));                                   \
		n_ = fmt_snprintf(b_, sizeof(b_), __VA_ARGS__);                \
		assert_string_equal(b_, want);                                 \
		assert_int_equal(n_, strlen(want));                            \
	} while (0)

/* Calls through a non-literal format, for what -Wformat would reject. */
static int fmt_dyn(char *buf, size_t size, const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = fmt_vsnprintf(buf, size, f, ap);
	va_end(ap);
	return n;
}

static void test_plain(void **state)
{
	(void)state;
	CHECK("", "%s", "");
	CHECK("hello, world", "hello, %s", "world");
	CHECK("100%", "100%%");
	CHECK("a%b", "a%cb", '%');
	CHECK("x=Q", "x=%c", 'Q');
}

static void test_signed(void **state)
{
	(void)state;
	CHECK("0", "%d", 0);
	CHECK("42 -42", "%d %i", 42, -42);
	CHECK("2147483647", "%d", INT_MAX);
	CHECK("-2147483648", "%d", INT_MIN);
	CHECK("-9223372036854775808", "%lld", LLONG_MIN);
	CHECK("9223372036854775807", "%lld", LLONG_MAX);
	CHECK("-1", "%ld", -1L);
	/* An int argument is sign-extended from 32 bits, not 64. */
	CHECK("-1", "%d", -1);
}

static void test_unsigned(void **state)
{
	(void)state;
	CHECK("0", "%u", 0U);
	CHECK("4294967295", "%u", UINT_MAX);
	CHECK("18446744073709551615", "%llu", ULLONG_MAX);
	CHECK("18446744073709551615", "%lu", ULONG_MAX);
	CHECK("12345", "%zu", (size_t)12345);
	/* %u of a negative int shows the 32-bit pattern only. */
	CHECK("4294967295", "%u", (unsigned)-1);
}

static void test_hex(void **state)
{
	(void)state;
	CHECK("ff FF", "%x %X", 255U, 255U);
	CHECK("0", "%x", 0U);
	CHECK("deadbeef", "%x", 0xdeadbeefU);
	CHECK("ffffffffffffffff", "%llx", ULLONG_MAX);
	CHECK("123456789abcdef0", "%llx", 0x123456789abcdef0ULL);
	CHECK("00000000deadbeef", "%016llx", 0xdeadbeefULL);
	CHECK("0000000000000000", "%016llx", 0ULL);
	/* A value wider than the field is not cut. */
	CHECK("23456789", "%04x", 0x23456789U);
}

static void test_width(void **state)
{
	(void)state;
	CHECK("   42", "%5d", 42);
	CHECK("00042", "%05d", 42);
	CHECK("-0042", "%05d", -42);
	CHECK("-00001", "%06lld", -1LL);
	CHECK("   ff", "%5x", 255U);
	CHECK("0x00ab", "0x%04x", 0xabU);
	CHECK("    ab|", "%6s|", "ab");
	CHECK("abcdef", "%3s", "abcdef");
	CHECK("[  7]", "[%3u]", 7U);
}

/* printf puts the sign after space padding: "%5d" of -42 is "  -42". */
static void test_width_negative_space_padded(void **state)
{
	(void)state;
	CHECK("  -42", "%5d", -42);
	CHECK("   -1", "%5lld", -1LL);
}

/* volatile, so that GCC cannot see the NULL and reject the call. */
static const char *volatile null_str;

static void test_string_null(void **state)
{
	(void)state;
	CHECK("(null)", "%s", null_str);
	CHECK("[  (null)]", "[%8s]", null_str);
}

static void test_pointer(void **state)
{
	(void)state;
	CHECK("0x1234", "%p", (void *)0x1234);
	CHECK("0x0", "%p", (void *)0);
	CHECK("0xffff800012345678", "%p", (void *)0xffff800012345678ULL);
}

static void test_unknown_and_trailing(void **state)
{
	char b[32];

	(void)state;
	/* An unknown conversion prints '?' and consumes no argument. */
	assert_int_equal(fmt_dyn(b, sizeof(b), "a%qb%d", 7), 4);
	assert_string_equal(b, "a?b7");
	/* A lone '%' at the end is dropped. */
	assert_int_equal(fmt_dyn(b, sizeof(b), "abc%"), 3);
	assert_string_equal(b, "abc");
}

static void test_truncation(void **state)
{
	char b[16];

	(void)state;
	memset(b, 'Z', sizeof(b));
	assert_int_equal(fmt_snprintf(b, 5, "hello %s", "world"), 11);
	assert_string_equal(b, "hell");
	assert_int_equal(b[5], 'Z'); /* nothing written past size */

	/* Exactly fits (with the NUL), one short. */
	assert_int_equal(fmt_snprintf(b, 6, "%d", -1234), 5);
	assert_string_equal(b, "-1234");
	assert_int_equal(fmt_snprintf(b, 5, "%d", -1234), 5);
	assert_string_equal(b, "-123");

	/* size 1: only the terminator. */
	b[0] = 'Z';
	assert_int_equal(fmt_snprintf(b, 1, "%016llx", 1ULL), 16);
	assert_int_equal(b[0], '\0');

	/* size 0 writes nothing at all, and NULL is allowed. */
	b[0] = 'Z';
	assert_int_equal(fmt_snprintf(b, 0, "%s", "abc"), 3);
	assert_int_equal(b[0], 'Z');
	assert_int_equal(fmt_snprintf(NULL, 0, "%u", 123456U), 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain),
	    cmocka_unit_test(test_signed),
	    cmocka_unit_test(test_unsigned),
	    cmocka_unit_test(test_hex),
	    cmocka_unit_test(test_width),
	    cmocka_unit_test(test_width_negative_space_padded),
	    cmocka_unit_test(test_string_null),
	    cmocka_unit_test(test_pointer),
	    cmocka_unit_test(test_unknown_and_trailing),
	    cmocka_unit_test(test_truncation),
	};

	return UNIT_RUN("fmt", tests);
}
