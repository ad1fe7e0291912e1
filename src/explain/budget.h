// SPDX-License-Identifier: GPL-2.0-or-later
/* budget.h - what a search will need, told before it starts, so that
 * bounds too large for this host fail at once with one line instead of an
 * out-of-memory kill minutes later.
 *
 * The memory a search holds grows with three things (search.h, dfs.h):
 *   state cache   up to --max-states entries of 24 bytes, in a table kept
 *                 at most half full that doubles (old and new table at once
 *                 while it grows): at most 1.5 x 24 bytes x (the power of two
 *                 at or above 2 x max-states);
 *   depth-first   one snapshot of the executor per step of the current
 *   path          path (the executor, the ring and the driver's arrays, the
 *                 live part of both coroutine stacks);
 *   traces        one step record per step of the one trace printed.
 * The longest path is not known before the search; it is taken as twice
 * the steps of the default execution (the one with no deviation), which
 * is run to measure it: retries and flushes lengthen an execution, but
 * every retry needs a change by the other thread and the stutter rule
 * drops repeats (exec.h). The estimate is an upper guess, not a bound:
 * the preemption levels that minimise a counterexample found beyond level
 * 1 queue schedules the estimate leaves out. */
#ifndef E1000_POC_XP_BUDGET_H
#define E1000_POC_XP_BUDGET_H

#include <stddef.h>
#include <stdint.h>

#include "explain/explain.h"

struct xp_budget {
    uint32_t default_steps;   /* of the execution with no deviation */
    size_t snapshot_bytes;    /* one snapshot at its end */
    uint64_t cache_bytes, path_bytes, trace_bytes, total_bytes;
};

/* Measure and estimate for cfg with a state cache of max_states. Returns
 * 0, or -1 with a sentence in *why (the configuration cannot run here). */
int xp_budget_estimate(const struct xp_config *cfg, size_t max_states, struct xp_budget *b,
                       const char **why);

/* This host's physical memory in bytes (0 if unknown). */
uint64_t xp_budget_host_bytes(void);

#endif
