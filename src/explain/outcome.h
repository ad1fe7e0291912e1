// SPDX-License-Identifier: GPL-2.0-or-later
/* outcome.h - what `explain` finds, as structs a renderer reads
 * (output/out_explain.h): one configuration's search and the interleaving
 * it shows, a replayed token, and the table of --all. Nothing here prints.
 *
 * An interleaving is kept as two executions of the same schedule: `x`
 * stopped where the schedule stops (the trace, its verdict, the picture)
 * and, when it violates a property, `after`, the same schedule run on with
 * no further preemption (what happens next). Both are functions of the
 * configuration and the schedule, so a renderer gets the same bytes from
 * the same token however it was found. */
#ifndef E1000_POC_XP_OUTCOME_H
#define E1000_POC_XP_OUTCOME_H

#include <stdbool.h>
#include <stdint.h>

#include "explain/exec.h"
#include "explain/search.h"
#include "explain/token.h"

/* One configuration: prepared, searched, its interleaving replayed. */
struct xp_outcome {
    struct xp_exec x;           /* prepared (the header: the store patterns); then the replay */
    struct xp_exec after;       /* has_after: the replay run on to its end */
    bool has_after;
    uint32_t max_preemptions;   /* the bound the header names */
    struct xp_search_result r;  /* xp_outcome_search's */
    /* The interleaving (xp_outcome_replay): shown when replayed. */
    bool shown;
    bool violated;              /* x stopped at a violation */
    uint32_t preemptions;
    unsigned steps, violations;
    char token[XP_TOKEN_MAX];   /* its replay token, or "(too long to write down)" */
};

/* Set up o for cfg (o->x ready for the header). Returns 0, or -1 with a
 * sentence in *why (the copy routine's pattern cannot be had here). */
int xp_outcome_prepare(struct xp_outcome *o, const struct xp_config *cfg,
                       uint32_t max_preemptions, const char **why);

/* Search o's configuration within lim; if it finds a violation, replay it
 * (xp_outcome_replay). Returns 0; -1 with *why if the search failed (out
 * of memory); -2 with *why if the schedule found does not replay. */
int xp_outcome_search(struct xp_outcome *o, const struct xp_search_limits *lim, const char **why);

/* Replay s on o (tracing): the interleaving's facts, its token, and the
 * run-on execution if it violates a property. Returns 0, or -1 with *why
 * if s does not fit the configuration. */
int xp_outcome_replay(struct xp_outcome *o, const struct xp_schedule *s, const char **why);

void xp_outcome_free(struct xp_outcome *o);

/* ---- --all: every qemu-fix x dpdk-fix x copy of each pair ------------------ */

enum xp_row_kind {
    XP_ROW_FOUND,        /* a violation within the bounds */
    XP_ROW_NONE,         /* none: the bounds were covered */
    XP_ROW_NOT_RUN,      /* could not run: why */
    XP_ROW_INTERRUPTED,  /* a signal cut the search short */
    XP_ROW_UNKNOWN,      /* the bounds were not covered */
};

struct xp_row {
    struct xp_config cfg;
    enum xp_row_kind kind;
    const char *why;                /* NOT_RUN */
    unsigned violations;            /* FOUND: XP_V_BITs */
    uint32_t preemptions, steps;    /* FOUND */
    uint64_t states;                /* NONE */
    bool expect;                    /* the expectation (expect.h), for FOUND and NONE */
    const char *because;
    bool agrees;                    /* FOUND or NONE: the explorer agrees */
};

/* A pair's rows, tallied. */
struct xp_tally {
    unsigned rows, agree, differ, not_run;
};

struct xp_all {
    unsigned npairs, done;          /* pairs asked for, pairs started */
    struct xp_tally per[NIC_DEV_COUNT * NIC_DRV_COUNT], total;
    double seconds[NIC_DEV_COUNT * NIC_DRV_COUNT];
    unsigned planned;               /* rows of every pair */
    bool interrupted;               /* *lim->stop ended it early */
};

/* Called once a row is known (so that a table grows as it runs); pair is
 * the row's index in pairs[]. */
typedef void (*xp_row_sink)(void *ctx, unsigned pair, const struct xp_row *row);

/* Run every row of pairs[0, npairs) until *lim->stop, tallied into a.
 * Returns 1 if some row differs from its expectation, else 0. */
int xp_explain_all(struct xp_all *a, const struct xp_config *pairs, unsigned npairs,
                   const struct xp_search_limits *lim, xp_row_sink sink, void *ctx);

#endif
