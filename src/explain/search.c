// SPDX-License-Identifier: GPL-2.0-or-later
/* search.c - iterative preemption bounding with replay and a state cache
 * (see search.h). */
#include "explain/search.h"

#include <stdlib.h>
#include <string.h>

#include "util/clock.h"
#include "explain/cache.h"
#include "explain/dfs.h"
#include "explain/exec.h"

/* A queued schedule, in a level's arena of 32-bit words:
 * [n][step << 2 | entity] x n. */
struct xp_level {
    uint32_t *w;
    size_t n, cap;
};

/* Queue the schedule dev[0..n) followed by *extra (if not NULL). */
static int level_push(struct xp_level *l, const uint32_t *dev, uint32_t n, const uint32_t *extra)
{
    size_t need = l->n + n + 2;
    if (need > l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 1024;
        while (cap < need)
            cap *= 2;
        uint32_t *w = realloc(l->w, cap * sizeof(*w));
        if (w == NULL)
            return -1;
        l->w = w;
        l->cap = cap;
    }
    l->w[l->n++] = n + (extra != NULL);
    if (n > 0)
        memcpy(&l->w[l->n], dev, n * sizeof(*dev));
    l->n += n;
    if (extra != NULL)
        l->w[l->n++] = *extra;
    return 0;
}

static uint32_t pack(uint32_t step, unsigned entity) { return step << 2 | entity; }
static uint32_t unpack_step(uint32_t w) { return w >> 2; }
static unsigned unpack_entity(uint32_t w) { return w & 3u; }

/* Levels tried before the depth-first cover (xp_search): 0 and 1. Every
 * violation known needs one preemption, and level 2 costs a replay per pair
 * of deviation points, which at ring 8 and 16 packets is most of the time
 * a proof takes; the cover finds anything dearer, and the levels then
 * minimise it. */
#define XP_QUICK_LEVELS 1

struct search {
    const struct xp_search_limits *lim;
    struct xp_search_result *r;
    struct xp_exec x;
    struct xp_cache cache;
    struct xp_level *levels;
    uint32_t nlevels;
    uint32_t *dev;       /* the schedule being run (a copy: arenas move) */
    size_t dev_cap;
    bool oom;
};

static struct xp_level *level(struct search *s, uint32_t c)
{
    if (c >= s->nlevels) {
        uint32_t n = c + 1;
        struct xp_level *l = realloc(s->levels, n * sizeof(*l));
        if (l == NULL)
            return NULL;
        memset(l + s->nlevels, 0, (n - s->nlevels) * sizeof(*l));
        s->levels = l;
        s->nlevels = n;
    }
    return &s->levels[c];
}

static int find_choice(const struct xp_choice *ch, unsigned n, unsigned entity)
{
    for (unsigned j = 0; j < n; j++)
        if (ch[j].entity == entity)
            return (int)j;
    return -1;
}

/* Run one queued schedule of cost c: replay its deviations, then follow
 * the default, queueing every alternative. */
static void run_schedule(struct search *s, const uint32_t *dev, uint32_t ndev, uint32_t c)
{
    struct xp_exec *x = &s->x;
    struct xp_choice ch[XP_NENTITIES];
    uint32_t di = 0;
    unsigned n;

    xp_exec_start(x, false);
    while ((n = xp_exec_choices(x, ch)) > 0) {
        uint32_t k = x->steps;
        if (di < ndev) {
            int j = 0;
            if (unpack_step(dev[di]) == k) {
                j = find_choice(ch, n, unpack_entity(dev[di]));
                di++;
                if (j < 0)
                    abort(); /* cannot happen: the schedule was made here */
            }
            xp_exec_step(x, ch[j].entity, ch[j].cost, j != 0);
            continue;
        }
        /* A signal stops the search inside an execution, too (the caller
         * sees the flag and marks the result interrupted). */
        if (s->lim->stop != NULL && *s->lim->stop != 0)
            return;
        if (s->lim->state_cache) {
            uint64_t key[2];
            xp_exec_state_key(x, true, key);
            if (xp_cache_seen(&s->cache, key, c, k)) {
                s->r->pruned++;
                break;
            }
            if (s->cache.nomem) {
                s->oom = true;
                return;
            }
        }
        for (unsigned j = 1; j < n; j++) {
            uint32_t cc = c + ch[j].cost;
            if (cc > s->lim->max_preemptions)
                continue;
            struct xp_level *l = level(s, cc);
            uint32_t alt = pack(k, ch[j].entity);
            if (l == NULL || level_push(l, dev, ndev, &alt) != 0) {
                s->oom = true;
                return;
            }
        }
        xp_exec_step(x, ch[0].entity, ch[0].cost, false);
    }
    s->r->executions++;
    s->r->steps_total += x->steps;
    switch (x->status) {
    case XP_ST_VIOLATION:
        if (!s->r->found || x->steps < s->r->steps) {
            if (ndev > XP_SCHEDULE_MAX) {
                s->oom = true; /* cannot be written down: treat as a resource limit */
                return;
            }
            s->r->found = true;
            s->r->steps = x->steps;
            s->r->preemptions = c;
            s->r->violations = x->violations;
            s->r->schedule.n = ndev;
            for (uint32_t i = 0; i < ndev; i++) {
                s->r->schedule.d[i].step = unpack_step(dev[i]);
                s->r->schedule.d[i].entity = (uint8_t)unpack_entity(dev[i]);
            }
        }
        break;
    case XP_ST_STUTTER:
        s->r->stutters++;
        break;
    case XP_ST_LIMIT:
        s->r->step_limit = true;
        break;
    default:
        break;
    }
}

/* The levels 0..lim->max_preemptions, in order (see search.h). */
static int search_levels(const struct xp_config *cfg, const struct xp_search_limits *lim,
                         struct xp_search_result *r, const char **why)
{
    struct search s = {.lim = lim, .r = r};

    memset(r, 0, sizeof(*r));
    if (xp_exec_init(&s.x, cfg, why) != 0)
        return -1;
    xp_cache_init(&s.cache, lim->max_states);
    struct xp_level *l0 = level(&s, 0);
    if (l0 == NULL || level_push(l0, NULL, 0, NULL) != 0) { /* the default schedule */
        *why = "out of memory";
        xp_exec_free(&s.x);
        return -1;
    }

    for (uint32_t c = 0;; c++) {
        struct xp_level *l = level(&s, c);
        if (l == NULL) {
            s.oom = true;
            break;
        }
        if (l->n == 0) {
            /* No schedule costs c: none costs more either. */
            r->exhausted = true;
            r->complete = true;
            break;
        }
        for (size_t pos = 0; pos < s.levels[c].n && !s.oom;) {
            uint32_t ndev = s.levels[c].w[pos];
            if (ndev > s.dev_cap) {
                uint32_t *d = realloc(s.dev, ndev * sizeof(*d));
                if (d == NULL) {
                    s.oom = true;
                    break;
                }
                s.dev = d;
                s.dev_cap = ndev;
            }
            if (ndev > 0)
                memcpy(s.dev, &s.levels[c].w[pos + 1], ndev * sizeof(*s.dev));
            pos += 1 + ndev;
            run_schedule(&s, s.dev, ndev, c);
            if (lim->max_executions != 0 && r->executions >= lim->max_executions) {
                r->execution_limit = true;
                break;
            }
            if (lim->stop != NULL && *lim->stop != 0) {
                r->interrupted = true;
                break;
            }
        }
        free(s.levels[c].w);
        s.levels[c].w = NULL;
        s.levels[c].n = s.levels[c].cap = 0;
        if (s.oom || r->execution_limit || r->interrupted)
            break;
        r->levels = c + 1;
        if (r->found)
            break;
        if (c == lim->max_preemptions) {
            r->complete = true;
            break;
        }
    }
    r->states += s.cache.n;
    r->cache_full = r->cache_full || s.cache.full;
    if (r->step_limit || s.oom)
        r->complete = r->exhausted = false;

    for (uint32_t c = 0; c < s.nlevels; c++)
        free(s.levels[c].w);
    free(s.levels);
    free(s.dev);
    xp_cache_free(&s.cache);
    xp_exec_free(&s.x);
    if (s.oom && !r->found) {
        r->seconds = 0;
        *why = "out of memory (or a schedule too long to write down)";
        return -1;
    }
    return 0;
}

/* Counts of two phases together. */
static void add_counts(struct xp_search_result *r, const struct xp_search_result *a)
{
    r->executions += a->executions;
    r->steps_total += a->steps_total;
    r->stutters += a->stutters;
    r->pruned += a->pruned;
    r->cache_full = r->cache_full || a->cache_full;
    r->step_limit = r->step_limit || a->step_limit;
}

int xp_search(const struct xp_config *cfg, const struct xp_search_limits *lim,
              struct xp_search_result *r, const char **why)
{
    uint64_t t0 = clock_now_ns();
    struct xp_search_limits lv = *lim;
    struct xp_search_result quick;
    struct xp_dfs_result d;

    memset(r, 0, sizeof(*r));
    if (lim->replay_only || !xp_coro_can_snapshot() || lim->max_executions != 0) {
        int rc = search_levels(cfg, lim, r, why);
        r->seconds = (double)(clock_now_ns() - t0) / 1e9;
        return rc;
    }
    /* 1. The cheap levels first: most violations need a preemption or two,
     *    and the levels find the cheapest one directly. */
    lv.max_preemptions = lim->max_preemptions < XP_QUICK_LEVELS ? lim->max_preemptions
                                                                : XP_QUICK_LEVELS;
    if (search_levels(cfg, &lv, &quick, why) != 0)
        return -1;
    if (quick.found || quick.exhausted || lv.max_preemptions == lim->max_preemptions ||
        quick.step_limit || quick.interrupted) {
        *r = quick;
        r->seconds = (double)(clock_now_ns() - t0) / 1e9;
        return 0;
    }
    /* 2. Cover the whole bound depth-first from snapshots. */
    struct xp_dfs_opts o = {.max_preemptions = lim->max_preemptions, .max_states = lim->max_states,
                            .history_keys = lim->history_keys, .stop = lim->stop};
    if (xp_dfs_cover(cfg, &o, &d, why) != 0)
        return -1;
    if (!d.found) {
        r->used_snapshots = true;
        r->executions = d.executions;
        r->steps_total = d.steps;
        r->states = d.states;
        r->finals = d.finals;
        r->stutters = d.stutters;
        r->pruned = d.pruned;
        r->cache_full = d.cache_full;
        r->step_limit = d.step_limit;
        add_counts(r, &quick);
        r->interrupted = d.interrupted;
        r->complete = !r->step_limit && !d.interrupted;
        r->exhausted = r->complete && !d.budget_cut;
        r->levels = lim->max_preemptions == XP_PREEMPTIONS_ALL ? 0 : lim->max_preemptions + 1;
        r->seconds = (double)(clock_now_ns() - t0) / 1e9;
        return 0;
    }
    /* 3. A violation that needs more preemptions: the levels up to its cost
     *    find the cheapest, and the shortest among those. */
    lv.max_preemptions = d.cost;
    if (search_levels(cfg, &lv, r, why) != 0)
        return -1;
    r->used_snapshots = true;
    add_counts(r, &quick);
    r->executions += d.executions;
    r->steps_total += d.steps;
    r->seconds = (double)(clock_now_ns() - t0) / 1e9;
    return 0;
}

int xp_replay(struct xp_exec *x, const struct xp_schedule *s, bool tracing,
              uint32_t *preemptions, const char **why)
{
    struct xp_choice ch[XP_NENTITIES];
    unsigned n, di = 0;

    *preemptions = 0;
    xp_exec_start(x, tracing);
    while ((n = xp_exec_choices(x, ch)) > 0) {
        int j = 0;
        if (di < s->n && s->d[di].step == x->steps) {
            j = find_choice(ch, n, s->d[di].entity);
            if (j <= 0) {
                *why = j < 0 ? "the schedule chooses a thread that cannot run at that step"
                             : "the schedule deviates to the default choice";
                return -1;
            }
            di++;
        }
        *preemptions += ch[j].cost;
        xp_exec_step(x, ch[j].entity, ch[j].cost, j != 0);
    }
    if (di < s->n) {
        *why = "the execution ends before the schedule's last deviation";
        return -1;
    }
    return 0;
}
