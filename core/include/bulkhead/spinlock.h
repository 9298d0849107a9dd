/* SPDX-License-Identifier: Apache-2.0 */
/* A ticket lock.  Only used with the MMU on (exclusives need Normal memory). */
#ifndef BULKHEAD_SPINLOCK_H
#define BULKHEAD_SPINLOCK_H

#include <stdatomic.h>
#include <stdint.h>

struct spinlock {
	atomic_uint next;
	atomic_uint owner;
};

static inline void spin_lock(struct spinlock *l)
{
	unsigned me =
	    atomic_fetch_add_explicit(&l->next, 1, memory_order_relaxed);
	while (atomic_load_explicit(&l->owner, memory_order_acquire) != me) {
	}
}

static inline void spin_unlock(struct spinlock *l)
{
	unsigned o = atomic_load_explicit(&l->owner, memory_order_relaxed);
	atomic_store_explicit(&l->owner, o + 1, memory_order_release);
}

#endif /* BULKHEAD_SPINLOCK_H */
