/* dfs.h - cover every interleaving within a preemption bound, depth
 * first, returning to each branching state from a snapshot instead of
 * replaying the execution from the start.
 *
 * Every choice at every state is explored, except that a state already
 * expanded at no higher cost (preemptions so far) is not expanded again: its
 * futures were, or will be, explored with at least as much budget left.
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

struct xp_dfs_result {
    bool found;
    struct xp_schedule schedule; /* valid if found and it fits */
    bool schedule_fits;
    uint32_t cost;               /* preemptions of the schedule found */
    unsigned violations;
    bool budget_cut;             /* some choice was skipped for the bound */
    uint64_t states, executions, steps, stutters, pruned;
    bool step_limit, cache_full;
    bool interrupted; /* *stop became non-zero: the bound is not covered */
};

/* Returns 0, or -1 with a sentence in *why. */
int xp_dfs_cover(const struct xp_config *cfg, uint32_t max_preemptions, size_t max_states,
                 const volatile sig_atomic_t *stop, struct xp_dfs_result *r, const char **why);

#endif
