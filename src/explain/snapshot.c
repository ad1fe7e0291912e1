// SPDX-License-Identifier: GPL-2.0-or-later
/* snapshot.c - saving and restoring an execution's state (exec.h). */
#include <stdlib.h>
#include <string.h>

#include "explain/snapshot.h"

/* The arrays outside struct xp_exec that an execution changes. */
static unsigned snap_parts(const struct xp_exec *x, struct xp_part part[6])
{
    part[0] = (struct xp_part){(void *)&x->gm->rdh, 4};
    part[1] = (struct xp_part){(void *)&x->gm->rdt, 4};
    part[2] = (struct xp_part){(void *)&x->gm->rfctl, 4};
    part[3] = (struct xp_part){(void *)x->gm->rx_rings, 16u * x->cfg.ring};
    part[4] = xp_driver_array(x);
    part[5] = (struct xp_part){x->checker.slot_tag, sizeof(*x->checker.slot_tag) * x->cfg.ring};
    return 6;
}

/* Every part starts 8-byte aligned in the snapshot (stacks are copied in
 * words under ASan). */
static size_t align8(size_t n)
{
    return (n + 7u) & ~(size_t)7u;
}

int xp_exec_snapshot(const struct xp_exec *x, struct xp_snapshot *s)
{
    struct xp_part part[6];
    unsigned np = snap_parts(x, part);
    size_t used[XP_NTHREADS], need = align8(sizeof(*x)) + align8(x->cfg.packets);

    for (unsigned i = 0; i < np; i++)
        need += align8(part[i].n);
    for (int t = 0; t < XP_NTHREADS; t++) {
        used[t] = xp_coro_stack_used(&x->th[t].coro);
        need += align8(used[t]);
    }
    if (need > s->cap) {
        uint8_t *m = realloc(s->mem, need);
        if (m == NULL)
            return -1;
        s->mem = m;
        s->cap = need;
    }
    uint8_t *p = s->mem;
    memcpy(p, x, sizeof(*x));
    p += align8(sizeof(*x));
    for (unsigned i = 0; i < np; i++) {
        memcpy(p, part[i].p, part[i].n);
        p += align8(part[i].n);
    }
    memcpy(p, x->fill_consumed, x->cfg.packets);
    p += align8(x->cfg.packets);
    for (int t = 0; t < XP_NTHREADS; t++) {
        xp_coro_stack_save(&x->th[t].coro, p);
        p += align8(used[t]);
    }
    return 0;
}

void xp_exec_restore(struct xp_exec *x, const struct xp_snapshot *s)
{
    struct xp_part part[6];
    const uint8_t *p = s->mem;

    /* The executor first: it holds the coroutines' saved stack pointers,
     * and the arrays' addresses, which do not change between start()s. */
    memcpy(x, p, sizeof(*x));
    p += align8(sizeof(*x));
    unsigned np = snap_parts(x, part);
    for (unsigned i = 0; i < np; i++) {
        memcpy(part[i].p, p, part[i].n);
        p += align8(part[i].n);
    }
    memcpy(x->fill_consumed, p, x->cfg.packets);
    p += align8(x->cfg.packets);
    for (int t = 0; t < XP_NTHREADS; t++) {
        size_t used = xp_coro_stack_used(&x->th[t].coro);
        xp_coro_stack_restore(&x->th[t].coro, p, used);
        p += align8(used);
    }
}

void xp_snapshot_free(struct xp_snapshot *s)
{
    free(s->mem);
    s->mem = NULL;
    s->cap = 0;
}
