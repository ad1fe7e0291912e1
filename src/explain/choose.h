// SPDX-License-Identifier: GPL-2.0-or-later
/* choose.h - the configurations an `explain` command line names: the
 * device x driver pairs (one, or every pair that binds with "all"), each
 * with its driver's defaults, and the bounds refused before anything runs
 * because the search could need more memory than allowed. Nothing prints:
 * a refusal is one sentence in a buffer, for the command line to show. */
#ifndef E1000_POC_XP_CHOOSE_H
#define E1000_POC_XP_CHOOSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "explain/search.h"

/* packets: one lap of the ring and one more */
#define XP_PACKETS_DEFAULT_EXTRA 1

/* What the command line chose besides the variant. */
struct xp_pick {
    int device, driver;        /* NIC_*_COUNT: "all"; -1: not given */
    bool several_drivers;      /* set by xp_pick_pairs: --driver=all or --device=all, so
                                  options of one driver (rx_free_thresh, the batch) apply
                                  where they exist */
    bool ring_given, packets_given, thresh_given, batch_given;
    unsigned batch;
};

/* The pairs p names, each base with the pair's defaults: the ring the
 * driver's smallest, packets ring + 1, linux-e1000e's batch
 * XP_BATCH_DEFAULT. pairs has room for NIC_DEV_COUNT * NIC_DRV_COUNT.
 * Returns how many (at least 1), or 0 with a sentence in why. */
unsigned xp_pick_pairs(const struct xp_config *base, struct xp_pick *p, struct xp_config *pairs,
                       char *why, size_t why_len);

/* Whether the search of a pair could need more than limit_bytes (the
 * host's memory, 0: unknown, no check; or --max-memory's max_memory_mb
 * when not 0); all: --all's rows, any copy routine. 0, or 1 with a
 * sentence naming the bound and the estimate in why. */
int xp_pick_over_budget(const struct xp_config *pairs, unsigned npairs, bool all,
                        const struct xp_search_limits *lim, uint64_t limit_bytes,
                        unsigned max_memory_mb, char *why, size_t why_len);

#endif
