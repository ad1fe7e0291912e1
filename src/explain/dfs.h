// SPDX-License-Identifier: GPL-2.0-or-later
/* dfs.h - cover every interleaving within a preemption bound, depth
 * first, returning to each branching state from a snapshot instead of
 * replaying the execution from the start.
 *
 * Every choice at every state is explored, except that a state already
 * expanded at no higher cost (preemptions so far) is not expanded again: its
 * futures were, or will be, explored with at least as much budget left.
 * States are keyed by call summaries (exec.h: memory, and each thread's own
 * state when its call began with the accesses since), so that histories
 * which leave the same state are expanded once; history_keys keeps the
 * older, finer key (every access since the start), which the tests hold
 * the summaries to (tests/unit_reduce.c).
 * Without a preemption bound the cost does not matter and a state is
 * expanded once. The first violation found is returned as a schedule, not
 * necessarily the shortest: xp_search minimises it afterwards.
 */
#ifndef E1000_POC_XP_DFS_H
#define E1000_POC_XP_DFS_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "explain/explain.h"

/* How to cover. */
struct xp_dfs_opts {
    uint32_t max_preemptions;    /* UINT32_MAX: no bound */
    size_t max_states;           /* state cache entries */
    bool history_keys;           /* key states by their whole history (the finer key);
                                    default: by call summaries (exec.h) */
    bool all_finals;             /* go on after a violation, so that every final state
                                    is reached (for cross-checks) */
    const volatile sig_atomic_t *stop; /* NULL, or a flag a signal handler sets: when
                                          it is non-zero the cover stops (interrupted) */
};

struct xp_dfs_result {
    bool found;
    struct xp_schedule schedule; /* valid if found and it fits */
    bool schedule_fits;
    uint32_t cost;               /* preemptions of the schedule found */
    unsigned violations;
    bool budget_cut;             /* some choice was skipped for the bound */
    uint64_t states, executions, steps, stutters, pruned;
    bool step_limit, cache_full;
    /* The distinct final states reached (fingerprints, xp_exec_final_print;
     * executions dropped as stutters have none) and an order-free digest of
     * the set: with all_finals, two complete
     * searches of one configuration reach the same set iff these agree
     * (but for hash collisions). */
    uint64_t finals;
    uint64_t finals_digest[2];
    bool interrupted; /* *stop became non-zero: the bound is not covered */
};

/* Returns 0, or -1 with a sentence in *why. */
int xp_dfs_cover(const struct xp_config *cfg, const struct xp_dfs_opts *o,
                 struct xp_dfs_result *r, const char **why);

#endif
