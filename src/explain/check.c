// SPDX-License-Identifier: GPL-2.0-or-later
/* check.c - violations, checked step by step (see check.h). */
#include "explain/check.h"

#include <string.h>

#include "model/desc.h"

const struct xp_violation_info xp_violations[XP_V_COUNT] = {
    [XP_V_DOUBLE] = {"double", "no fill of a descriptor is consumed twice"},
    [XP_V_STALE_ADDR] = {"stale-addr", "every packet comes in the buffer the driver armed"},
    [XP_V_TORN_READ] = {"torn-read", "the driver reads a descriptor only once the device has written all of it"},
    [XP_V_WRONG_FILL] = {"wrong-fill", "packets are handed up in fill order"},
    [XP_V_RDT_IS_RDH] = {"rdt-is-rdh", "the driver never writes RDT == RDH"},
    [XP_V_HANG] = {"hang", "the ring never stops while packets are waiting"},
    [XP_V_LOST] = {"lost", "every fill is handed up"},
};

static uint16_t byte_mask(unsigned first, unsigned len)
{
    return (uint16_t)(((1u << len) - 1u) << first);
}

void xp_check_on_load(struct xp_exec *x, enum xp_thread t, const struct xp_op *op,
                      uint16_t forwarded)
{
    unsigned k, b;
    if (xp_exec_place(x, op->off, &k, &b) != XP_PLACE_DESC)
        return;
    if (t == XP_DEVICE) {
        /* The device's pci_dma_read of a descriptor starts its fill. */
        if (op->origin == XP_ORIG_DMA_READ) {
            x->fill_active[k] = true;
            x->fill_covered[k] = 0;
            x->fill_read_serial[k] = x->serial;
        }
        return;
    }
    /* Driver. A load of the status field alone that finds DD clear is a
     * poll that found nothing: the driver leaves this descriptor alone, so
     * neither it nor what earlier looks saw counts. (Not every load of the
     * field: linux-e1000e loads it again, after the descriptor, for its
     * read-modify-write, and that must not forget what it read before.) */
    if (b == x->status_off && op->len == x->status_len && !(op->data[0] & E1000_RXD_STAT_DD)) {
        x->torn[k] = 0;
        return;
    }
    /* linux-igb polls length instead: a load of it that finds 0 is its
     * poll that found nothing. */
    struct nic_ready_field ready = nic_ready_field(&nic_drivers[x->cfg.driver]);
    if (ready.length && b == ready.off && op->len == ready.len && (op->data[0] | op->data[1]) == 0) {
        x->torn[k] = 0;
        return;
    }
    if (x->fill_active[k]) {
        uint16_t read = byte_mask(b, op->len);
        uint16_t own = (uint16_t)(forwarded << b); /* the driver's own stores */
        uint16_t uncovered = read & (uint16_t)~x->fill_covered[k] & (uint16_t)~own;
        x->torn[k] |= uncovered;
        x->step_torn |= uncovered;
    }
}

void xp_check_before_visible(struct xp_exec *x, enum xp_thread t, const struct xp_op *op)
{
    unsigned k, b;
    if (!x->tracing || t != XP_DEVICE || xp_exec_place(x, op->off, &k, &b) != XP_PLACE_DESC)
        return;
    /* A device store that changes a byte the driver wrote after the device
     * read this descriptor undoes the driver's write: the driver's write is
     * lost. (The trace marks it; the damage shows later as a violation.) */
    const uint8_t *mem = x->base + op->off;
    uint32_t first = op->off - x->ring_off;
    for (unsigned i = 0; i < op->len; i++) {
        if (x->last_writer[first + i] == 1 + XP_DRIVER &&
            x->write_serial[first + i] > x->fill_read_serial[k] && mem[i] != op->data[i]) {
            if (x->step_lost == 0)
                memcpy(&x->step_lost_before, x->base + x->ring_off + 16u * k, 16);
            x->step_lost |= (uint16_t)(1u << (b + i));
        }
    }
}

void xp_check_on_visible(struct xp_exec *x, enum xp_thread t, const struct xp_op *op)
{
    unsigned k, b;
    enum xp_place p = xp_exec_place(x, op->off, &k, &b);

    x->serial++;
    if (p == XP_PLACE_DESC) {
        if (t == XP_DEVICE && x->fill_active[k])
            x->fill_covered[k] |= byte_mask(b, op->len);
        if (x->tracing) {
            uint32_t first = op->off - x->ring_off;
            for (unsigned i = 0; i < op->len; i++) {
                x->last_writer[first + i] = (uint8_t)(1 + t);
                x->write_serial[first + i] = x->serial;
            }
        }
    } else if (p == XP_PLACE_RDH && t == XP_DEVICE) {
        /* The device moves RDH past a descriptor once it is written. */
        memset(x->fill_active, 0, sizeof(x->fill_active));
    } else if (p == XP_PLACE_RDT && t == XP_DRIVER) {
        /* In correct operation no driver writes RDT == RDH. Count fills F
         * (RDH = F mod ring), descriptors given to the device G (RDT = G mod
         * ring) and consumed C; the device fills only while F < G, so
         * F <= G, and a driver gives back only what it consumed:
         *   dpdk-em, dpdk-igb: RDT = the last processed, G' = C + ring - 1,
         *     written only after consuming since the last write, so
         *     F <= G < G' <= F + ring - 1;
         *   linux-e1000: RDT = next_to_use - 1, linux-e1000e: RDT = an index
         *     just armed; either way G' > G (armed indices only grow) and
         *     G' < C + ring - 1 <= F + ring - 1 (it arms at most up to
         *     next_to_clean - 2).
         * So F < G' < F + ring and RDT != RDH. The one write with RDT == RDH
         * is set-up's (RDT = 0 on the Linux drivers), before the explorer
         * starts. */
        uint32_t rdt, rdh;
        memcpy(&rdt, op->data, 4);
        memcpy(&rdh, &x->gm->rdh, 4);
        if (rdt == rdh)
            xp_raise(x, XP_V_BIT(XP_V_RDT_IS_RDH));
    }
}

void xp_check_packets(struct xp_exec *x, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        const struct nic_pkt *p = &x->pkts[i];
        struct rx_check_detail why;
        unsigned ev = rx_check_pkt(&x->checker, p, &why);
        unsigned v = 0;
        if (ev & RX_EV_BIT(RX_EV_STALE_ADDR))
            v |= XP_V_BIT(XP_V_STALE_ADDR);
        if (ev & RX_EV_BIT(RX_EV_DOUBLE))
            v |= XP_V_BIT(XP_V_DOUBLE);
        if (ev & RX_EV_BIT(RX_EV_WRONG_FILL))
            v |= XP_V_BIT(XP_V_WRONG_FILL);
        if (x->torn[p->rx_id] != 0)
            v |= XP_V_BIT(XP_V_TORN_READ);
        bool filled;
        uint32_t fill = xp_pkt_fill(p, &filled);
        if (filled && fill < x->cfg.packets)
            x->fill_consumed[fill] = 1;

        struct xp_event *e = xp_event_add(x, XP_EV_PACKET, XP_DRIVER);
        if (e != NULL) {
            e->rx_id = p->rx_id;
            e->violations = v;
            e->fill = fill;
            e->no_fill = !filled;
            e->expected_fill = why.expected_tag;
            e->buf = p->buf_addr;
            e->wb_buf = p->wb_buffer_addr;
            e->prev_addr = why.prev_addr;
            e->torn = x->torn[p->rx_id];
        }
        x->torn[p->rx_id] = 0; /* checked: the next take starts afresh */
        xp_raise(x, v);
    }
}

void xp_check_end(struct xp_exec *x)
{
    if (!x->th[XP_DEVICE].done) {
        /* Both threads wait for each other: the device for RDT to move,
         * the driver for DD. */
        x->violations |= XP_V_BIT(XP_V_HANG);
    } else {
        for (uint32_t f = 0; f < x->dev.rx_fill_tag && f < x->cfg.packets; f++)
            if (!x->fill_consumed[f])
                x->violations |= XP_V_BIT(XP_V_LOST);
    }
    x->status = x->violations ? XP_ST_VIOLATION : XP_ST_OK;
}
