// SPDX-License-Identifier: GPL-2.0-or-later
/* snapshot.h - saving and restoring a state of one execution. */
#ifndef E1000_POC_XP_SNAPSHOT_H
#define E1000_POC_XP_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "explain/state.h"

/* Snapshots: everything an execution has changed (the executor, the shared
 * region, the driver's and checker's arrays, both coroutine stacks), so the
 * search can come back to a state without replaying from the start. Not
 * while tracing. Only where xp_coro_can_snapshot(). */
struct xp_snapshot {
    uint8_t *mem;
    size_t cap;
};
int xp_exec_snapshot(const struct xp_exec *x, struct xp_snapshot *s); /* 0, or -1: no memory */
void xp_exec_restore(struct xp_exec *x, const struct xp_snapshot *s);
void xp_snapshot_free(struct xp_snapshot *s);

#endif
