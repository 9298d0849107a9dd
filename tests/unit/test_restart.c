// SPDX-License-Identifier: Apache-2.0
/*
 * core/restart.c: the restart budget.  At most RESTART_MAX restarts per
 * window, a back-off doubling with each, and a fresh start once a window
 * has passed quietly.
 */
#include <bulkhead/restart.h>

#include "unit.h"

#define FREQ UINT64_C(62500000)
#define MS (FREQ / 1000U)

static struct restart_budget b;
static struct restart_limits lim;

static int setup(void **state)
{
	(void)state;
	memset(&b, 0, sizeof(b));
	lim = restart_limits_default(FREQ);
	return 0;
}

static void test_defaults_in_ticks(void **state)
{
	(void)state;
	assert_int_equal(lim.max, RESTART_MAX);
	assert_int_equal(lim.window, RESTART_WINDOW_MS * MS);
	assert_int_equal(lim.backoff, RESTART_BACKOFF_MS * MS);
}

static void test_backoff_doubles_until_limit(void **state)
{
	uint64_t delay = 0, now = 1000;

	(void)state;
	for (uint32_t i = 0; i < RESTART_MAX; i++) {
		assert_true(restart_budget_take(&b, &lim, now, &delay));
		assert_int_equal(delay, lim.backoff << i);
		assert_int_equal(b.total, i + 1);
		now += delay + 10 * MS;
	}
	delay = 77;
	assert_false(restart_budget_take(&b, &lim, now, &delay));
	/* Refused: nothing counted, nothing waited for. */
	assert_int_equal(b.total, RESTART_MAX);
	assert_int_equal(b.in_window, RESTART_MAX);
	assert_int_equal(delay, 77);
}

static void test_quiet_window_resets_backoff(void **state)
{
	uint64_t delay = 0, now = 5;

	(void)state;
	for (uint32_t i = 0; i < RESTART_MAX; i++)
		assert_true(restart_budget_take(&b, &lim, now + i, &delay));
	/* Exactly one window after the first restart: a new window. */
	now += lim.window;
	assert_true(restart_budget_take(&b, &lim, now, &delay));
	assert_int_equal(delay, lim.backoff);
	assert_int_equal(b.in_window, 1);
	assert_int_equal(b.window_start, now);
	assert_int_equal(b.total, RESTART_MAX + 1);
}

static void test_limit_holds_within_window(void **state)
{
	uint64_t delay = 0;

	(void)state;
	for (uint32_t i = 0; i < RESTART_MAX; i++)
		assert_true(restart_budget_take(&b, &lim, 0, &delay));
	assert_false(restart_budget_take(&b, &lim, lim.window - 1, &delay));
}

/* The counter is free-running: a window spanning its wrap still counts. */
static void test_counter_wrap(void **state)
{
	uint64_t delay = 0, start = UINT64_MAX - 10;

	(void)state;
	for (uint32_t i = 0; i < RESTART_MAX; i++)
		assert_true(restart_budget_take(&b, &lim, start, &delay));
	assert_false(restart_budget_take(&b, &lim, 100, &delay));
	assert_true(restart_budget_take(&b, &lim, start + lim.window, &delay));
	assert_int_equal(delay, lim.backoff);
}

static void test_shift_is_capped(void **state)
{
	struct restart_limits many = {
	    .max = 100, .window = UINT64_MAX, .backoff = 1};
	uint64_t delay = 0;

	(void)state;
	for (uint32_t i = 0; i < 40; i++)
		assert_true(restart_budget_take(&b, &many, i, &delay));
	assert_int_equal(delay, UINT64_C(1) << RESTART_BACKOFF_MAX_SHIFT);
}

static void test_zero_limit_never_restarts(void **state)
{
	struct restart_limits none = {.max = 0, .window = 1000, .backoff = 1};
	uint64_t delay = 0;

	(void)state;
	assert_false(restart_budget_take(&b, &none, 0, &delay));
	assert_false(restart_budget_take(&b, &none, 5000, &delay));
	assert_int_equal(b.total, 0);
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_defaults_in_ticks),
	    T(test_backoff_doubles_until_limit),
	    T(test_quiet_window_resets_backoff),
	    T(test_limit_holds_within_window),
	    T(test_counter_wrap),
	    T(test_shift_is_capped),
	    T(test_zero_limit_never_restarts),
	};

	return UNIT_RUN("restart", tests);
}
