// SPDX-License-Identifier: GPL-2.0-or-later
/* cache.h - the states the search has already expanded, each with the
 * cheapest (preemptions, steps) it was reached at.
 *
 * Open addressing on the 128-bit state key (xp_exec_state_key); the table
 * doubles when half full. */
#ifndef E1000_POC_XP_CACHE_H
#define E1000_POC_XP_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct xp_cache_entry {
    uint64_t key[2];  /* {0, 0} = empty slot */
    uint32_t steps;
    uint32_t cost;
};

struct xp_cache {
    struct xp_cache_entry *e;
    size_t cap, n;
    size_t max;       /* refuse to grow beyond this many entries */
    bool full;        /* an insert was refused */
    bool nomem;       /* the table could not grow: memory is out (ulimit -v); never
                         retried (a retry per state spun for ever), the search ends */
};

void xp_cache_init(struct xp_cache *c, size_t max_entries);
void xp_cache_free(struct xp_cache *c);

/* Seen at (cost, steps) or cheaper? If not, remember (cost, steps) and
 * return false: the caller expands the state. Lexicographic: fewer
 * preemptions first, then fewer steps. After a failed allocation c->nomem
 * is set and stays set: the caller must stop (a resource limit). */
bool xp_cache_seen(struct xp_cache *c, const uint64_t key[2], uint32_t cost, uint32_t steps);

#endif
