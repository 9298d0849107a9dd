// SPDX-License-Identifier: Apache-2.0
/*
 * Restart budget (see <bulkhead/restart.h>).  The window opens with the
 * first restart after a quiet period, so a partition that crashed once an
 * hour ago starts over with a short back-off and a full allowance.
 */
#include <bulkhead/restart.h>

static uint64_t ms_to_ticks(uint64_t ms, uint64_t freq)
{
	return ms * (freq / 1000U);
}

struct restart_limits restart_limits_default(uint64_t freq)
{
	return (struct restart_limits){
	    .max = RESTART_MAX,
	    .window = ms_to_ticks(RESTART_WINDOW_MS, freq),
	    .backoff = ms_to_ticks(RESTART_BACKOFF_MS, freq),
	};
}

static bool window_expired(const struct restart_budget *b,
			   const struct restart_limits *l, uint64_t now)
{
	return b->in_window == 0 || now - b->window_start >= l->window;
}

bool restart_budget_take(struct restart_budget *b,
			 const struct restart_limits *l, uint64_t now,
			 uint64_t *delay)
{
	uint32_t shift;

	if (window_expired(b, l, now)) {
		b->in_window = 0;
		b->window_start = now;
	}
	if (b->in_window >= l->max)
		return false;
	shift = MIN(b->in_window, RESTART_BACKOFF_MAX_SHIFT);
	*delay = l->backoff << shift;
	b->in_window++;
	b->total++;
	return true;
}
