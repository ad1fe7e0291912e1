// SPDX-License-Identifier: GPL-2.0-or-later
/* dfs.c - depth-first coverage with snapshots (see dfs.h). */
#include "explain/dfs.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "explain/cache.h"
#include "explain/exec.h"
#include "explain/snapshot.h"
#include "explain/summary.h"

/* One state on the current path. */
struct frame {
    struct xp_choice ch[XP_NENTITIES];
    uint8_t n;        /* choices at this state */
    uint8_t next;     /* next choice to try */
    bool expanded;    /* choices computed */
    bool started;     /* a child has run: later children start from the snapshot */
    uint32_t cost;    /* preemptions on the path to here */
};

struct dfs {
    struct xp_exec x;
    struct xp_cache cache;
    struct xp_cache finals; /* fingerprints of the final states (all_finals) */
    struct frame *f;
    struct xp_snapshot *snap;
    size_t cap;
};

static int grow(struct dfs *d, size_t depth)
{
    if (depth < d->cap)
        return 0;
    size_t cap = d->cap ? 2 * d->cap : 256;
    while (cap <= depth)
        cap *= 2;
    struct frame *f = realloc(d->f, cap * sizeof(*f));
    if (f == NULL)
        return -1;
    d->f = f;
    struct xp_snapshot *s = realloc(d->snap, cap * sizeof(*s));
    if (s == NULL)
        return -1;
    memset(s + d->cap, 0, (cap - d->cap) * sizeof(*s));
    d->snap = s;
    d->cap = cap;
    return 0;
}

/* The path to the current state as deviations from the default. */
static void path_schedule(const struct dfs *d, size_t depth, struct xp_dfs_result *r)
{
    r->schedule.n = 0;
    r->schedule_fits = true;
    for (size_t i = 0; i < depth; i++) {
        unsigned j = d->f[i].next - 1u;
        if (j == 0)
            continue;
        if (r->schedule.n == XP_SCHEDULE_MAX) {
            r->schedule_fits = false;
            return;
        }
        r->schedule.d[r->schedule.n].step = (uint32_t)i;
        r->schedule.d[r->schedule.n].entity = d->f[i].ch[j].entity;
        r->schedule.n++;
    }
}

static void release(struct dfs *d)
{
    for (size_t i = 0; i < d->cap; i++)
        xp_snapshot_free(&d->snap[i]);
    free(d->snap);
    free(d->f);
    xp_cache_free(&d->cache);
    xp_cache_free(&d->finals);
    xp_exec_free(&d->x);
}

/* A final state: count its fingerprint once, into an order-free digest. */
static void final_state(struct dfs *d, struct xp_dfs_result *r)
{
    uint64_t fp[2];
    xp_exec_final_print(&d->x, fp);
    if (xp_cache_seen(&d->finals, fp, 0, 0))
        return;
    r->finals++;
    r->finals_digest[0] += fp[0];
    r->finals_digest[1] ^= fp[1];
}

int xp_dfs_cover(const struct xp_config *cfg, const struct xp_dfs_opts *o,
                 struct xp_dfs_result *r, const char **why)
{
    struct dfs d = {0};
    uint32_t max_preemptions = o->max_preemptions;
    bool bounded = max_preemptions != UINT32_MAX;
    int rc = 0;

    memset(r, 0, sizeof(*r));
    if (xp_exec_init(&d.x, cfg, why) != 0)
        return -1;
    xp_cache_init(&d.cache, o->max_states);
    xp_cache_init(&d.finals, SIZE_MAX);
    d.x.call_summary = !o->history_keys;
    xp_exec_start(&d.x, false);
    if (grow(&d, 0) != 0)
        goto oom;
    memset(&d.f[0], 0, sizeof(d.f[0]));

    for (size_t depth = 0;;) {
        struct frame *f = &d.f[depth];
        if (!f->expanded) {
            f->expanded = true;
            f->n = (uint8_t)xp_exec_choices(&d.x, f->ch);
            if (f->n == 0) {
                /* The execution is over. */
                r->executions++;
                r->steps += d.x.steps;
                if (d.x.status != XP_ST_STUTTER)
                    final_state(&d, r);
                if (d.finals.nomem)
                    goto oom;
                if (d.x.status == XP_ST_VIOLATION && !r->found) {
                    r->found = true;
                    r->cost = f->cost;
                    r->violations = d.x.violations;
                    path_schedule(&d, depth, r);
                }
                if (d.x.status == XP_ST_VIOLATION && o->all_finals)
                    goto up;
                if (d.x.status == XP_ST_VIOLATION)
                    break;
                if (d.x.status == XP_ST_STUTTER)
                    r->stutters++;
                if (d.x.status == XP_ST_LIMIT)
                    r->step_limit = true;
                if (o->stop != NULL && *o->stop != 0) {
                    r->interrupted = true;
                    break;
                }
                goto up;
            }
            if (o->stop != NULL && *o->stop != 0) {
                r->interrupted = true;
                break;
            }
            uint64_t key[2];
            xp_exec_state_key(&d.x, bounded, key);
            if (xp_cache_seen(&d.cache, key, bounded ? f->cost : 0, 0)) {
                r->pruned++;
                goto up;
            }
            if (d.cache.nomem)
                goto oom;
            unsigned within = 0;
            for (unsigned j = 0; j < f->n; j++) {
                if (f->cost + f->ch[j].cost <= max_preemptions)
                    within++;
                else
                    r->budget_cut = true;
            }
            if (within > 1 && xp_exec_snapshot(&d.x, &d.snap[depth]) != 0)
                goto oom;
        }
        while (f->next < f->n && f->cost + f->ch[f->next].cost > max_preemptions)
            f->next++;
        if (f->next == f->n)
            goto up;
        unsigned j = f->next++;
        if (f->started)
            xp_exec_restore(&d.x, &d.snap[depth]);
        f->started = true;
        xp_exec_step(&d.x, f->ch[j].entity, f->ch[j].cost, j != 0);
        if (grow(&d, depth + 1) != 0)
            goto oom;
        f = &d.f[depth];
        memset(&d.f[depth + 1], 0, sizeof(d.f[depth + 1]));
        d.f[depth + 1].cost = f->cost + f->ch[j].cost;
        depth++;
        continue;
    up:
        if (depth == 0)
            break;
        depth--;
    }
    goto done;
oom:
    *why = "out of memory";
    rc = -1;
done:
    r->states = d.cache.n;
    r->cache_full = d.cache.full;
    release(&d);
    return rc;
}
