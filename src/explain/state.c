// SPDX-License-Identifier: GPL-2.0-or-later
/* state.c - the leaf helpers every part of one execution calls. */
#include "explain/state.h"

#include "explain/hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/guest_mem.h"

void xp_fatal(const char *what)
{
    fprintf(stderr, "e1000_poc: explorer: %s\n", what);
    abort();
}

struct xp_part xp_driver_array(const struct xp_exec *x)
{
    switch (x->cfg.driver) {
    case NIC_DRV_DPDK_EM:
        return (struct xp_part){x->q.em.sw_ring, sizeof(*x->q.em.sw_ring) * x->cfg.ring};
    case NIC_DRV_DPDK_IGB:
        return (struct xp_part){x->q.igb.sw_ring, sizeof(*x->q.igb.sw_ring) * x->cfg.ring};
    case NIC_DRV_LINUX_E1000:
        return (struct xp_part){x->q.linux_e1000.buffer_info,
                                sizeof(*x->q.linux_e1000.buffer_info) * x->cfg.ring};
    case NIC_DRV_LINUX_E1000E:
        return (struct xp_part){x->q.linux_e1000e.buffer_info,
                                sizeof(*x->q.linux_e1000e.buffer_info) * x->cfg.ring};
    case NIC_DRV_LINUX_IGB:
        return (struct xp_part){x->q.linux_igb.rx_buffer_info,
                                sizeof(*x->q.linux_igb.rx_buffer_info) * x->cfg.ring};
    default:
        xp_fatal("a driver without a per-descriptor array rule");
    }
}

enum xp_place xp_exec_place(const struct xp_exec *x, uint32_t off, unsigned *desc, unsigned *byte)
{
    if (off == offsetof(struct gm_region, rdh))
        return XP_PLACE_RDH;
    if (off == offsetof(struct gm_region, rdt))
        return XP_PLACE_RDT;
    if (off == offsetof(struct gm_region, rdlen))
        return XP_PLACE_RDLEN;
    if (off == offsetof(struct gm_region, rfctl))
        return XP_PLACE_RFCTL;
    if (off >= x->ring_off && off < x->ring_off + 16u * x->cfg.ring) {
        *desc = (off - x->ring_off) / 16u;
        *byte = (off - x->ring_off) % 16u;
        return XP_PLACE_DESC;
    }
    return XP_PLACE_OTHER;
}

void *xp_grow(void *array, unsigned *cap, unsigned used, size_t elem, unsigned first)
{
    if (used < *cap)
        return array;
    unsigned n = *cap ? 2 * *cap : first;
    void *p = realloc(array, n * elem);
    if (p == NULL)
        xp_fatal("out of memory for the trace");
    *cap = n;
    return p;
}

void xp_raise(struct xp_exec *x, unsigned violations)
{
    x->pending |= violations;
    x->step_violations |= violations;
}

struct xp_event *xp_event_add(struct xp_exec *x, enum xp_event_kind kind, enum xp_thread t)
{
    if (!x->tracing)
        return NULL;
    x->events = xp_grow(x->events, &x->events_cap, x->nevents, sizeof(*x->events), 64);
    struct xp_event *e = &x->events[x->nevents++];
    memset(e, 0, sizeof(*e));
    e->step = x->steps;
    e->kind = (uint8_t)kind;
    e->thread = (uint8_t)t;
    return e;
}

void xp_hash_shared(uint64_t h[2], const struct xp_exec *x)
{
    const struct gm_region *gm = x->gm;
    xp_hash_u64(h, (uint64_t)gm->rdh | (uint64_t)gm->rdt << 32);
    xp_hash_u64(h, gm->rdlen | (uint64_t)gm->rfctl << 32);
    xp_hash_bytes(h, (const void *)gm->rx_rings, 16u * x->cfg.ring);
}
