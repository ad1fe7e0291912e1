// SPDX-License-Identifier: GPL-2.0-or-later
/* budget.c - the memory estimate of a search (see budget.h). */
#include "explain/budget.h"

#include <string.h>
#include <unistd.h>

#include "explain/cache.h"
#include "explain/exec.h"
#include "explain/snapshot.h"

/* Path frames besides the snapshot: dfs.c's struct frame, rounded up. */
#define XP_FRAME_BYTES 32u

int xp_budget_estimate(const struct xp_config *cfg, size_t max_states, struct xp_budget *b,
                       const char **why)
{
    struct xp_exec x;
    struct xp_choice ch[XP_NENTITIES];
    struct xp_snapshot s = {0};

    memset(b, 0, sizeof(*b));
    if (xp_exec_init(&x, cfg, why) != 0)
        return -1;
    xp_exec_start(&x, false);
    while (xp_exec_choices(&x, ch) > 0)
        xp_exec_step(&x, ch[0].entity, ch[0].cost, false);
    b->default_steps = x.steps;
    if (xp_coro_can_snapshot()) {
        if (xp_exec_snapshot(&x, &s) != 0) {
            xp_exec_free(&x);
            *why = "out of memory";
            return -1;
        }
        b->snapshot_bytes = s.cap;
        xp_snapshot_free(&s);
    }
    xp_exec_free(&x);

    uint64_t slots = 1u << 12; /* cache.c's first table */
    while (slots < 2 * (uint64_t)max_states)
        slots *= 2;
    b->cache_bytes = (slots + slots / 2) * sizeof(struct xp_cache_entry);
    uint64_t depth = 2 * (uint64_t)b->default_steps;
    b->path_bytes = depth * (b->snapshot_bytes + XP_FRAME_BYTES);
    b->trace_bytes = depth * (sizeof(struct xp_step) + sizeof(struct xp_event));
    b->total_bytes = b->cache_bytes + b->path_bytes + b->trace_bytes;
    return 0;
}

uint64_t xp_budget_host_bytes(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    return pages > 0 && size > 0 ? (uint64_t)pages * (uint64_t)size : 0;
}
