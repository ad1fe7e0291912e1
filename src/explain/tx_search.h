// SPDX-License-Identifier: GPL-2.0-or-later
/* tx_search.h - the TX explorer's search: depth first over the branch
 * points of each execution (tx_exec.h), at most cfg.preemptions switches
 * away from a thread that could go on, fewest first. */
#ifndef E1000_POC_XP_TX_SEARCH_H
#define E1000_POC_XP_TX_SEARCH_H

#include "explain/tx.h"

struct xt_result {
    unsigned violations;  /* bits 1 << enum xt_violation */
    unsigned long executions;
    struct xt_schedule sched; /* the first violating schedule */
    bool limited;         /* some execution hit the step limit */
};

/* Explore c. 0, or -1 with a sentence in *why (no store pattern here). */
int xt_search(const struct xt_config *c, struct xt_result *res, const char **why);

#endif
