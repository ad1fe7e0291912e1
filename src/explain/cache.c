// SPDX-License-Identifier: GPL-2.0-or-later
/* cache.c - visited states (see cache.h). */
#include "explain/cache.h"

#include <stdlib.h>
#include <string.h>

void xp_cache_init(struct xp_cache *c, size_t max_entries)
{
    memset(c, 0, sizeof(*c));
    c->max = max_entries;
}

void xp_cache_free(struct xp_cache *c)
{
    free(c->e);
    memset(c, 0, sizeof(*c));
}

static struct xp_cache_entry *slot(struct xp_cache_entry *e, size_t cap, const uint64_t key[2])
{
    size_t i = (size_t)key[0] & (cap - 1);
    while ((e[i].key[0] | e[i].key[1]) != 0 && (e[i].key[0] != key[0] || e[i].key[1] != key[1]))
        i = (i + 1) & (cap - 1);
    return &e[i];
}

static bool grow(struct xp_cache *c)
{
    size_t cap = c->cap ? 2 * c->cap : 1u << 12;
    struct xp_cache_entry *e = calloc(cap, sizeof(*e));
    if (e == NULL)
        return false;
    for (size_t i = 0; i < c->cap; i++)
        if ((c->e[i].key[0] | c->e[i].key[1]) != 0)
            *slot(e, cap, c->e[i].key) = c->e[i];
    free(c->e);
    c->e = e;
    c->cap = cap;
    return true;
}

bool xp_cache_seen(struct xp_cache *c, const uint64_t key[2], uint32_t cost, uint32_t steps)
{
    uint64_t k[2] = {key[0], key[1]};
    if ((k[0] | k[1]) == 0)
        k[1] = 1; /* {0, 0} marks an empty slot */
    if (c->cap != 0) {
        struct xp_cache_entry *s = slot(c->e, c->cap, k);
        if ((s->key[0] | s->key[1]) != 0) {
            if (s->cost < cost || (s->cost == cost && s->steps <= steps))
                return true;
            s->cost = cost;
            s->steps = steps;
            return false;
        }
    }
    if (c->n >= c->max) {
        c->full = true; /* cannot remember it: expand it again if met again */
        return false;
    }
    if (c->nomem)
        return false;
    if (2 * (c->n + 1) > c->cap && !grow(c)) {
        c->full = c->nomem = true;
        return false;
    }
    struct xp_cache_entry *s = slot(c->e, c->cap, k);
    s->key[0] = k[0];
    s->key[1] = k[1];
    s->cost = cost;
    s->steps = steps;
    c->n++;
    return false;
}
