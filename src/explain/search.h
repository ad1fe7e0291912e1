// SPDX-License-Identifier: GPL-2.0-or-later
/* search.h - find the interleaving with the fewest preemptions, then the
 * fewest steps, that violates a property; or explore every interleaving
 * within the bounds and find none.
 *
 * Method: iterative preemption bounding (as in CHESS) over stateless,
 * replayed executions, with a visited-state cache.
 *
 *   - A schedule is the list of points where the scheduler deviates from
 *     its default (the thread that ran last goes on). A deviation that
 *     switches away from a thread that could have gone on is a preemption
 *     and costs 1; any other choice is free.
 *   - Level c holds the schedules of cost c. Running one replays its
 *     deviations from the initial state and then follows the default to the
 *     end; at every state past the last deviation each alternative choice
 *     becomes a new schedule, queued at level c (free) or c + 1.
 *   - Levels run in order, so the first level with a violation has the
 *     fewest preemptions; the whole level runs, and the violation reached in
 *     the fewest steps is kept.
 *   - A state already expanded at (fewer preemptions) or (as many and no
 *     more steps) is not expanded again: everything after it was or will be
 *     explored at no greater cost. This keeps the answer exact.
 *
 * Proving the absence of a violation needs every level up to the bound,
 * which replaying makes slow; so where coroutine stacks can be snapshotted
 * (x86-64) the search runs levels 0 and 1 (every known violation needs
 * one preemption), then covers the bound depth-first from snapshots with
 * states keyed by call summaries (dfs.h), and runs the levels again only
 * when that finds a violation, to minimise it. Both phases explore the same
 * choices; the levels keep the whole-history key, so the counterexample
 * they pick does not depend on the cover.
 */
#ifndef E1000_POC_XP_SEARCH_H
#define E1000_POC_XP_SEARCH_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "explain/explain.h"
#include "explain/exec.h"

#define XP_PREEMPTIONS_ALL UINT32_MAX

struct xp_search_limits {
    uint32_t max_preemptions;  /* XP_PREEMPTIONS_ALL: no bound */
    bool state_cache;          /* false: plain preemption bounding (slow; for cross-checks) */
    size_t max_states;         /* cache entries before it stops remembering */
    uint64_t max_executions;   /* 0: no limit; else stop (incomplete) there */
    bool replay_only;          /* never use snapshots: levels only (for cross-checks) */
    bool history_keys;         /* the depth-first cover keys states by their whole
                                  history, not by call summaries (for cross-checks) */
    const volatile sig_atomic_t *stop; /* NULL, or a flag a signal handler sets: when it is
                                          non-zero the search stops (interrupted, incomplete)
                                          at the end of the execution it is in */
};

struct xp_search_result {
    bool found;                /* a violation: schedule, preemptions, steps, violations */
    struct xp_schedule schedule;
    uint32_t preemptions, steps;
    unsigned violations;
    bool complete;             /* every interleaving within the bounds was explored */
    bool exhausted;            /* ... and no interleaving needs more preemptions */
    uint32_t levels;           /* preemption levels fully explored */
    uint64_t executions, steps_total, states, stutters, pruned;
    uint64_t finals;           /* distinct final states the depth-first cover reached */
    bool cache_full, execution_limit, step_limit;
    bool interrupted;          /* stopped by lim->stop: nothing is proven */
    bool used_snapshots;       /* the bound was covered depth-first from snapshots */
    double seconds;
};

/* Search cfg. Returns 0, or -1 with a sentence in *why (configuration not
 * runnable here, out of memory). */
int xp_search(const struct xp_config *cfg, const struct xp_search_limits *lim,
              struct xp_search_result *r, const char **why);

/* Run exactly schedule s on x (already initialised) to its end, recording a
 * trace if tracing. Returns 0, or -1 with a sentence in *why when s does
 * not fit this configuration (a deviation at a step the execution never
 * reaches, or a choice that is not possible there). *preemptions gets the
 * schedule's cost. */
int xp_replay(struct xp_exec *x, const struct xp_schedule *s, bool tracing,
              uint32_t *preemptions, const char **why);

#endif
