// SPDX-License-Identifier: GPL-2.0-or-later
/* detect.c - stale buffer address, double consumption, ring hang. */
#include "model/detect.h"

#include <stdlib.h>
#include <string.h>

#include "model/desc.h"

const struct rx_event_info rx_events[RX_EV_COUNT] = {
    [RX_EV_STALE_ADDR] = {"stale_addr", "stale buffer address", "stale buffer addresses"},
    [RX_EV_DOUBLE] = {"double", "double consumption", "double consumptions"},
    [RX_EV_WRONG_FILL] = {"wrong_fill", "wrong fill number", "wrong fill numbers"},
    [RX_EV_HANG] = {"hang", "ring hang", "ring hangs"},
};

int rx_checker_init(struct rx_checker *c, uint32_t nb_desc)
{
    c->nb_desc = nb_desc;
    c->slot_tag = calloc(nb_desc, sizeof(*c->slot_tag));
    c->last_addr = 0;
    c->expect_tag = 0;
    c->consumed = 0;
    return c->slot_tag != NULL ? 0 : -1;
}

void rx_checker_resync(struct rx_checker *c, uint32_t next_tag)
{
    memset(c->slot_tag, 0, c->nb_desc * sizeof(*c->slot_tag));
    c->expect_tag = next_tag;
}

void rx_checker_free(struct rx_checker *c)
{
    free(c->slot_tag);
    c->slot_tag = NULL;
}

/* Legacy: the 32-bit fill tag is the fill number itself, and the device
 * writes back the buffer_addr it read. */
static unsigned check_legacy(struct rx_checker *c, const struct nic_pkt *p, uint64_t *slot)
{
    unsigned ev = 0;

    /* Anything but the buffer the driver armed means a store of the
     * device landed over the driver's re-arm (or the device read the
     * descriptor too early). */
    if (p->wb_buffer_addr != p->buf_addr)
        ev |= RX_EV_BIT(RX_EV_STALE_ADDR);

    /* Fills of one slot are ring-size apart, so with 32-bit fill numbers
     * the same number twice in a slot is the same fill consumed twice. */
    if (*slot == (uint64_t)p->fill_tag + 1)
        ev |= RX_EV_BIT(RX_EV_DOUBLE);
    else if (p->fill_tag != c->expect_tag)
        ev |= RX_EV_BIT(RX_EV_WRONG_FILL);
    if (!(ev & RX_EV_BIT(RX_EV_DOUBLE))) {
        c->expect_tag = p->fill_tag + 1;
        *slot = (uint64_t)p->fill_tag + 1;
    }
    return ev;
}

/* Extended and advanced: the write-back overlays the buffer address, so
 * the tag is 16 bits in vlan (never 0 from a fill) and rss holds the low 32
 * bits of the buffer the device used (desc.h). */
static unsigned check_writeback(struct rx_checker *c, const struct nic_pkt *p, uint64_t *slot)
{
    uint16_t tag = (uint16_t)p->fill_tag;

    /* vlan 0: no fill wrote this descriptor since the driver re-armed it
     * (a re-arm that zeroes the upper half, then DD put back). The same
     * tag twice in a slot: the same fill consumed twice. */
    if (tag == 0 || *slot == (uint64_t)tag + 1)
        return RX_EV_BIT(RX_EV_DOUBLE);

    unsigned ev = 0;
    /* Only a real fill says which buffer the device used. */
    if ((uint32_t)p->wb_buffer_addr != (uint32_t)p->buf_addr)
        ev |= RX_EV_BIT(RX_EV_STALE_ADDR);
    if (tag != e1000_fill_tag16(c->expect_tag))
        ev |= RX_EV_BIT(RX_EV_WRONG_FILL);
    /* Resynchronise on the fill this tag names: the nearest at or after
     * the one expected. */
    uint32_t ahead = (tag - 1u + E1000_FILL_TAG16_MOD - c->expect_tag % E1000_FILL_TAG16_MOD) %
                     E1000_FILL_TAG16_MOD;
    c->expect_tag += ahead + 1;
    *slot = (uint64_t)tag + 1;
    return ev;
}

unsigned rx_check_pkt(struct rx_checker *c, const struct nic_pkt *p, struct rx_check_detail *why)
{
    uint64_t *slot = &c->slot_tag[p->rx_id % c->nb_desc];
    unsigned ev;

    why->expected_tag = c->expect_tag;
    if (p->format == RX_FMT_LEGACY)
        ev = check_legacy(c, p, slot);
    else
        ev = check_writeback(c, p, slot);
    why->prev_addr = c->last_addr;
    c->last_addr = p->wb_buffer_addr;
    c->consumed++;
    return ev;
}

void hang_watch_reset(struct hang_watch *w)
{
    w->armed = false;
}

bool hang_watch_update(struct hang_watch *w, const struct hang_sample *s, uint64_t hang_ns)
{
    bool stuck = s->rdh == s->rdt && !s->next_ready;

    if (!stuck) {
        w->armed = false;
        return false;
    }
    /* Any movement starts the stretch again. */
    if (!w->armed || s->rdh != w->first.rdh || s->rdt != w->first.rdt ||
        s->driver_next != w->first.driver_next || s->fills != w->first.fills ||
        s->consumed != w->first.consumed) {
        w->armed = true;
        w->first = *s;
        return false;
    }
    return s->now_ns - w->first.now_ns >= hang_ns && s->empty_polls > w->first.empty_polls;
}
