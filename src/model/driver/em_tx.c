// SPDX-License-Identifier: GPL-2.0-or-later
/* driver/em_tx.c - DPDK em's transmit (see em_tx.h). */
#include "model/driver/em_tx.h"

#include <string.h>

#include "model/guest_mem.h"

int em_tx_queue_setup(struct em_tx_queue *q, const struct gm_as *as, struct tx_region *r,
                      unsigned nb_desc, uint16_t tx_free_thresh, uint16_t tx_rs_thresh)
{
    /* eth_em_tx_queue_setup's checks. */
    if (nb_desc > TX_RING_MAX || tx_rs_thresh == 0 || tx_rs_thresh + 2u >= nb_desc ||
        tx_free_thresh + 3u >= nb_desc || tx_rs_thresh > tx_free_thresh)
        return -1;
    memset(q, 0, sizeof(*q));
    q->as = as;
    q->r = r;
    q->nb_tx_desc = (uint16_t)nb_desc;
    q->tx_free_thresh = tx_free_thresh;
    q->tx_rs_thresh = tx_rs_thresh;
    /* em_reset_tx_queue: DD on every descriptor, each its own last. */
    for (unsigned i = 0; i < nb_desc; i++) {
        struct e1000_tx_desc d = {0};
        d.upper.fields.status = E1000_TXD_STAT_DD;
        memcpy(&r->ring[16u * i], &d, sizeof(d));
        q->sw_ring[i].last_id = (uint16_t)i;
        q->sw_ring[i].next_id = (uint16_t)((i + 1) % nb_desc);
    }
    q->tx_tail = 0;
    q->nb_tx_used = 0;
    q->last_desc_cleaned = (uint16_t)(nb_desc - 1);
    q->nb_tx_free = (uint16_t)(nb_desc - 1);
    r->tdlen = 16u * nb_desc;
    r->tdh = r->tdt = 0;
    return 0;
}

/* Look at the DD of the descriptor closing the next batch; if set, the
 * whole batch is done: clear that status and count the batch free. */
static int em_xmit_cleanup(struct em_tx_queue *q)
{
    struct tx_region *r = q->r;
    uint16_t last_desc_cleaned = q->last_desc_cleaned, nb_tx_desc = q->nb_tx_desc;
    uint16_t desc_to_clean_to = (uint16_t)(last_desc_cleaned + q->tx_rs_thresh);
    uint16_t nb_tx_to_clean;

    if (desc_to_clean_to >= nb_tx_desc)
        desc_to_clean_to = (uint16_t)(desc_to_clean_to - nb_tx_desc);
    desc_to_clean_to = q->sw_ring[desc_to_clean_to].last_id;
    volatile uint8_t *status = tx_desc_at(r, desc_to_clean_to) + TX_STATUS_OFF;
    if (!(gm_load8(q->as, status) & E1000_TXD_STAT_DD))
        return -1; /* not done: better luck next time */
    if (last_desc_cleaned > desc_to_clean_to)
        nb_tx_to_clean = (uint16_t)((nb_tx_desc - last_desc_cleaned) + desc_to_clean_to);
    else
        nb_tx_to_clean = (uint16_t)(desc_to_clean_to - last_desc_cleaned);
    /* Only the batch's last descriptor had RS: reset just its status. */
    gm_store8(q->as, status, 0);
    q->last_desc_cleaned = desc_to_clean_to;
    q->nb_tx_free = (uint16_t)(q->nb_tx_free + nb_tx_to_clean);
    return 0;
}

uint16_t eth_em_xmit_pkts(struct em_tx_queue *q, const uint64_t *bufs, uint16_t nb_pkts)
{
    struct tx_region *r = q->r;
    uint16_t tx_id = q->tx_tail, nb_tx;
    struct em_tx_entry *txe = &q->sw_ring[tx_id];
    volatile uint8_t *txd = NULL;

    if (q->nb_tx_free < q->tx_free_thresh)
        em_xmit_cleanup(q);
    for (nb_tx = 0; nb_tx < nb_pkts; nb_tx++) {
        uint16_t nb_used = 1; /* one segment, no context descriptor */
        if (nb_used > q->nb_tx_free) {
            if (em_xmit_cleanup(q) != 0) {
                if (nb_tx == 0)
                    return 0;
                goto end_of_tx;
            }
        }
        struct em_tx_entry *txn = &q->sw_ring[txe->next_id];
        txd = tx_desc_at(r, tx_id);
        if (txe->mbuf != 0 && r->ev.reclaimed != NULL) /* rte_pktmbuf_free_seg */
            r->ev.reclaimed(r->ev.arg, tx_id, txe->mbuf);
        txe->mbuf = bufs[nb_tx];
        if (r->ev.filled != NULL)
            r->ev.filled(r->ev.arg, tx_id, bufs[nb_tx]);
        gm_store64(q->as, txd, bufs[nb_tx]);                          /* buffer_addr */
        gm_store32(q->as, txd + 8, E1000_TXD_CMD_IFCS | 60u);          /* lower: cmd | length */
        gm_store32(q->as, txd + TX_STATUS_OFF, 0);                     /* upper: popts_spec */
        txe->last_id = tx_id;
        tx_id = txe->next_id;
        txe = txn;
        q->nb_tx_used = (uint16_t)(q->nb_tx_used + nb_used);
        q->nb_tx_free = (uint16_t)(q->nb_tx_free - nb_used);
        uint32_t cmd_type_len = E1000_TXD_CMD_EOP;
        if (q->nb_tx_used >= q->tx_rs_thresh) {
            cmd_type_len |= E1000_TXD_CMD_RS;
            q->nb_tx_used = 0;
        }
        gm_store32(q->as, txd + 8, gm_load32(q->as, txd + 8) | cmd_type_len);
    }
end_of_tx:
    gm_io_wmb();
    gm_store32(q->as, &r->tdt, tx_id); /* E1000_PCI_REG_WRITE_RELAXED: QEMU sends now */
    if (r->ev.tdt_write != NULL)
        r->ev.tdt_write(r->ev.arg);
    q->tx_tail = tx_id;
    return nb_tx;
}
