// SPDX-License-Identifier: GPL-2.0-or-later
/* driver/igb_tx.c - DPDK igb's transmit (see igb_tx.h). */
#include "model/driver/igb_tx.h"

#include <string.h>

#include "model/guest_mem.h"

int igb_tx_queue_setup(struct igb_tx_queue *q, const struct gm_as *as, struct tx_region *r,
                       unsigned nb_desc)
{
    if (nb_desc > TX_RING_MAX || nb_desc < 2)
        return -1;
    memset(q, 0, sizeof(*q));
    q->as = as;
    q->r = r;
    q->nb_tx_desc = (uint16_t)nb_desc;
    for (unsigned i = 0; i < nb_desc; i++) {
        union e1000_adv_tx_desc d;
        memset(&d, 0, sizeof(d));
        d.wb.status = E1000_TXD_STAT_DD;
        memcpy(&r->ring[16u * i], &d, sizeof(d));
        q->sw_ring[i].last_id = (uint16_t)i;
        q->sw_ring[i].next_id = (uint16_t)((i + 1) % nb_desc);
    }
    r->tdlen = 16u * nb_desc;
    r->tdh = r->tdt = 0;
    return 0;
}

uint16_t eth_igb_xmit_pkts(struct igb_tx_queue *q, const uint64_t *bufs, uint16_t nb_pkts)
{
    struct tx_region *r = q->r;
    uint16_t tx_id = q->tx_tail, nb_tx;
    struct igb_tx_entry *txe = &q->sw_ring[tx_id];

    for (nb_tx = 0; nb_tx < nb_pkts; nb_tx++) {
        uint16_t tx_last = tx_id; /* one segment */
        /* Rule 1: the last descriptor it needs is free when the packet
         * after that descriptor's previous packet is done. Rule 2 (never
         * the last free one) follows from the same lookahead. */
        uint16_t tx_end = q->sw_ring[tx_last].last_id;
        tx_end = q->sw_ring[tx_end].next_id;
        tx_end = q->sw_ring[tx_end].last_id;
        if (!(gm_load32(q->as, tx_desc_at(r, tx_end) + TX_STATUS_OFF) & E1000_TXD_STAT_DD)) {
            if (nb_tx == 0)
                return 0;
            goto end_of_tx;
        }
        struct igb_tx_entry *txn = &q->sw_ring[txe->next_id];
        volatile uint8_t *txd = tx_desc_at(r, tx_id);
        if (txe->mbuf != 0 && r->ev.reclaimed != NULL) /* rte_pktmbuf_free_seg */
            r->ev.reclaimed(r->ev.arg, tx_id, txe->mbuf);
        txe->mbuf = bufs[nb_tx];
        if (r->ev.filled != NULL)
            r->ev.filled(r->ev.arg, tx_id, bufs[nb_tx]);
        gm_store64(q->as, txd, bufs[nb_tx]); /* read.buffer_addr */
        gm_store32(q->as, txd + 8, E1000_ADVTXD_DTYP_DATA | E1000_ADVTXD_DCMD_IFCS |
                                E1000_ADVTXD_DCMD_DEXT | 60u); /* read.cmd_type_len */
        gm_store32(q->as, txd + 12, 60u << E1000_ADVTXD_PAYLEN_SHIFT); /* read.olinfo_status */
        txe->last_id = tx_last;
        tx_id = txe->next_id;
        txe = txn;
        /* The packet's last descriptor: EOP and RS. */
        gm_store32(q->as, txd + 8,
                   gm_load32(q->as, txd + 8) | E1000_ADVTXD_DCMD_EOP | E1000_ADVTXD_DCMD_RS);
    }
end_of_tx:
    gm_io_wmb();
    gm_store32(q->as, &r->tdt, tx_id);
    if (r->ev.tdt_write != NULL)
        r->ev.tdt_write(r->ev.arg);
    q->tx_tail = tx_id;
    return nb_tx;
}
