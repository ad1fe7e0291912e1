// SPDX-License-Identifier: GPL-2.0-or-later
/* outcome.c - explain's runs, each leaving a struct (see outcome.h). */
#include "explain/outcome.h"

#include <stdio.h>
#include <string.h>

#include "explain/expect.h"
#include "util/clock.h"

int xp_outcome_prepare(struct xp_outcome *o, const struct xp_config *cfg,
                       uint32_t max_preemptions, const char **why)
{
    memset(o, 0, sizeof(*o));
    o->max_preemptions = max_preemptions;
    return xp_exec_init(&o->x, cfg, why);
}

int xp_outcome_replay(struct xp_outcome *o, const struct xp_schedule *s, const char **why)
{
    uint32_t pre;
    o->x.keep_going = false;
    if (xp_replay(&o->x, s, true, &o->preemptions, why) != 0)
        return -1;
    o->steps = o->x.ntrace;
    o->violations = o->x.violations;
    o->violated = o->x.status == XP_ST_VIOLATION;
    if (o->violated) {
        /* What happens next: the same schedule, run on with no further
         * preemption, in an execution of its own (x stays as it stopped). */
        if (o->has_after)
            xp_exec_free(&o->after);
        o->has_after = false;
        if (xp_exec_init(&o->after, &o->x.cfg, why) != 0)
            return -1;
        o->has_after = true;
        o->after.keep_going = true;
        if (xp_replay(&o->after, s, true, &pre, why) != 0)
            return -1;
    }
    if (xp_token_encode(o->token, sizeof(o->token), &o->x.cfg, s) != 0)
        snprintf(o->token, sizeof(o->token), "(too long to write down)");
    o->shown = true;
    return 0;
}

int xp_outcome_search(struct xp_outcome *o, const struct xp_search_limits *lim, const char **why)
{
    if (xp_search(&o->x.cfg, lim, &o->r, why) != 0)
        return -1;
    if (o->r.found && !o->r.interrupted && xp_outcome_replay(o, &o->r.schedule, why) != 0)
        return -2;
    return 0;
}

void xp_outcome_free(struct xp_outcome *o)
{
    if (o->has_after)
        xp_exec_free(&o->after);
    o->has_after = false;
    xp_exec_free(&o->x);
}

/* ---- --all ----------------------------------------------------------------- */

static bool stopped(const struct xp_search_limits *lim)
{
    return lim->stop != NULL && *lim->stop != 0;
}

/* One row: its expectation from the store patterns, then the search. */
static void all_row(struct xp_row *row, const struct xp_search_limits *lim)
{
    struct xp_exec x;
    struct xp_search_result r;
    const char *why = NULL;

    if (xp_exec_init(&x, &row->cfg, &why) != 0) {
        row->kind = XP_ROW_NOT_RUN;
        row->why = why;
        return;
    }
    row->expect = xp_expect_violation(&row->cfg, &x.pat_desc, &x.pat_status, &row->because);
    xp_exec_free(&x);
    if (xp_search(&row->cfg, lim, &r, &why) != 0) {
        row->kind = XP_ROW_NOT_RUN;
        row->why = why;
    } else if (r.interrupted) {
        row->kind = XP_ROW_INTERRUPTED;
    } else if (r.found) {
        row->kind = XP_ROW_FOUND;
        row->violations = r.violations;
        row->preemptions = r.preemptions;
        row->steps = r.steps;
    } else if (r.complete) {
        row->kind = XP_ROW_NONE;
        row->states = r.states;
    } else {
        row->kind = XP_ROW_UNKNOWN;
    }
    row->agrees = (row->kind == XP_ROW_FOUND) == row->expect;
}

static void tally(struct xp_tally *t, const struct xp_row *row)
{
    t->rows++;
    if (row->kind != XP_ROW_FOUND && row->kind != XP_ROW_NONE)
        t->not_run++;
    else if (row->agrees)
        t->agree++;
    else
        t->differ++;
}

int xp_explain_all(struct xp_all *a, const struct xp_config *pairs, unsigned npairs,
                   const struct xp_search_limits *lim, xp_row_sink sink, void *ctx)
{
    memset(a, 0, sizeof(*a));
    a->npairs = npairs;
    a->planned = npairs * E1000_FIX_COUNT * EM_WORKAROUND_COUNT * DMA_COPY_COUNT;
    for (unsigned i = 0; i < npairs && !stopped(lim); i++, a->done++) {
        uint64_t t0 = clock_now_ns();
        for (int fix = 0; fix < E1000_FIX_COUNT; fix++)
            for (int wa = 0; wa < EM_WORKAROUND_COUNT; wa++)
                for (int copy = 0; copy < DMA_COPY_COUNT && !stopped(lim); copy++) {
                    struct xp_row row = {.cfg = pairs[i]};
                    row.cfg.fix = (enum e1000_fix)fix;
                    row.cfg.workaround = (enum em_workaround)wa;
                    row.cfg.copy = (enum dma_copy_id)copy;
                    all_row(&row, lim);
                    tally(&a->per[i], &row);
                    tally(&a->total, &row);
                    sink(ctx, i, &row);
                }
        a->seconds[i] = clock_ns_to_s(clock_now_ns() - t0);
    }
    a->interrupted = stopped(lim);
    return a->total.differ ? 1 : 0;
}
