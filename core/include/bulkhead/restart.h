/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The restart budget of a partition (fault policy "restart", PSCI
 * SYSTEM_RESET).  A guest that keeps crashing must not keep its cores busy
 * rebooting forever: at most RESTART_MAX restarts are allowed within
 * RESTART_WINDOW_MS, and the n-th restart of a window first waits
 * RESTART_BACKOFF_MS << (n - 1).  Once the limit is hit the partition is
 * stopped.  Pure arithmetic on counter ticks, so that host tests can drive
 * it with any clock.
 */
#ifndef BULKHEAD_RESTART_H
#define BULKHEAD_RESTART_H

#include <bulkhead/types.h>

/* Build-time tunables (e.g. -DRESTART_BACKOFF_MS=5 for a quick test rig). */
#ifndef RESTART_MAX
#define RESTART_MAX 5U
#endif
#ifndef RESTART_WINDOW_MS
#define RESTART_WINDOW_MS 60000U
#endif
#ifndef RESTART_BACKOFF_MS
#define RESTART_BACKOFF_MS 20U
#endif

/* The doubling stops here: a longer wait only delays the verdict. */
#define RESTART_BACKOFF_MAX_SHIFT 16U

struct restart_limits {
	uint32_t max; /* restarts allowed per window */
	uint64_t window; /* window length, counter ticks */
	uint64_t backoff; /* wait before the first restart of a window */
};

struct restart_budget {
	uint64_t total; /* every restart granted, for the console */
	uint32_t in_window; /* restarts granted in the current window */
	uint64_t window_start; /* counter value of its first restart */
};

/* The RESTART_* defaults converted to ticks of a counter at freq Hz. */
struct restart_limits restart_limits_default(uint64_t freq);

/*
 * A restart is wanted at counter value now.  true: it is granted (and
 * counted) after waiting *delay ticks.  false: the limit is reached; the
 * budget is left unchanged.
 */
bool restart_budget_take(struct restart_budget *b,
			 const struct restart_limits *l, uint64_t now,
			 uint64_t *delay);

#endif /* BULKHEAD_RESTART_H */
