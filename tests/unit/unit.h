/* SPDX-License-Identifier: Apache-2.0 */
/* Common includes and helpers for the host unit tests (cmocka). */
#ifndef BULKHEAD_TEST_UNIT_H
#define BULKHEAD_TEST_UNIT_H

/* cmocka.h needs these first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake.h"

/* Fail, showing both strings, unless needle occurs in haystack. */
#define assert_str_contains(haystack, needle)                                  \
	do {                                                                   \
		const char *h_ = (haystack), *n_ = (needle);                   \
		if (h_ == NULL || strstr(h_, n_) == NULL)                      \
			fail_msg("\"%s\" does not contain \"%s\"",             \
				 h_ ? h_ : "(null)", n_);                      \
	} while (0)

/* Count the non-overlapping occurrences of needle in haystack. */
static inline unsigned str_count(const char *haystack, const char *needle)
{
	unsigned n = 0;
	size_t len = strlen(needle);

	for (const char *p = strstr(haystack, needle); p != NULL;
	     p = strstr(p + len, needle))
		n++;
	return n;
}

/*
 * Run a group.  cmocka writes results to stdout and the summary to stderr;
 * line buffering keeps the two in order when both go to one pipe (make).
 */
#define UNIT_RUN(name, tests)                                                  \
	(setvbuf(stdout, NULL, _IOLBF, 0),                                     \
	 cmocka_run_group_tests_name(name, tests, NULL, NULL))

/*
 * A test that documents a bug in core/ still to be fixed: skipped (visible
 * in the summary) unless the environment has UNIT_KNOWN_BUGS set non-empty
 * (`make unit UNIT_KNOWN_BUGS=1`), so the tier stays green while the bug is
 * open.  Delete the call once the fix lands.
 */
#define KNOWN_BUG(why)                                                         \
	do {                                                                   \
		const char *e_ = getenv("UNIT_KNOWN_BUGS");                    \
		if (e_ == NULL || *e_ == '\0') {                               \
			print_message("known core bug, skipped: %s\n", why);   \
			skip();                                                \
		}                                                              \
	} while (0)

#endif /* BULKHEAD_TEST_UNIT_H */
