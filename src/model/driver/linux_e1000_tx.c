// SPDX-License-Identifier: GPL-2.0-or-later
/* driver/linux_e1000_tx.c - Linux e1000's and e1000e's transmit (see the
 * header). The buffer of descriptor i is skb's address, kept by the
 * harness; the model keeps buffer_info[i].skb as the skb's number. */
#include "model/driver/linux_e1000_tx.h"

#include <string.h>

#include "model/guest_mem.h"

int linux_e1000_tx_setup(struct e1000_tx_ring *tx, const struct gm_as *as, struct tx_region *r,
                         unsigned count, bool e1000e)
{
    if (count < 4 || count > TX_RING_MAX)
        return -1;
    tx->as = as;
    tx->r = r;
    tx->count = count;
    tx->stop_at_next_to_use = e1000e;
    memset(r->ring, 0, sizeof(r->ring));
    memset(r->bi_skb, 0, sizeof(r->bi_skb));
    memset(r->bi_next_to_watch, 0, sizeof(r->bi_next_to_watch));
    r->next_to_use = r->next_to_clean = 0;
    r->tdlen = 16u * count;
    r->tdh = r->tdt = 0;
    return 0;
}

unsigned e1000_desc_unused(struct e1000_tx_ring *tx)
{
    uint32_t ntc = gm_load32(tx->as, &tx->r->next_to_clean);
    uint32_t ntu = gm_load32(tx->as, &tx->r->next_to_use);
    return (ntc > ntu ? 0 : tx->count) + ntc - ntu - 1;
}

/* The buffer a descriptor's skb stands for. */
static uint64_t skb_buf(uint32_t skb) { return 0x10000u * (uint64_t)skb; }

/* e1000_put_txbuf / e1000_unmap_and_free_tx_resource: free the skb (if
 * any); time_stamp cleared; next_to_watch left as it is. */
static void e1000_put_txbuf(struct e1000_tx_ring *tx, unsigned i)
{
    struct tx_region *r = tx->r;
    uint32_t skb = gm_load32(tx->as, &r->bi_skb[i]);
    if (r->ev.reclaimed != NULL)
        r->ev.reclaimed(r->ev.arg, i, skb ? skb_buf(skb) : 0);
    if (skb != 0)
        gm_store32(tx->as, &r->bi_skb[i], 0);
}

bool e1000_xmit_frame(struct e1000_tx_ring *tx, uint32_t skb, uint64_t buf)
{
    struct tx_region *r = tx->r;
    unsigned count = 1;
    (void)buf;
    /* e1000_maybe_stop_tx(count + 2): the queue stops while fewer are
     * unused. (The check after queueing, MAX_SKB_FRAGS + 2, is left out: the
     * model's small rings could never meet it.) */
    if (e1000_desc_unused(tx) < count + 2)
        return false;
    unsigned first = gm_load32(tx->as, &r->next_to_use), i = first;
    /* e1000_tx_map */
    gm_store32(tx->as, &r->bi_next_to_watch[i], i);
    gm_store32(tx->as, &r->bi_skb[i], skb);
    gm_store32(tx->as, &r->bi_next_to_watch[first], i);
    if (r->ev.filled != NULL)
        r->ev.filled(r->ev.arg, i, skb_buf(skb));
    /* e1000_tx_queue */
    volatile uint8_t *tx_desc = tx_desc_at(r, i);
    gm_store64(tx->as, tx_desc, skb_buf(skb));                       /* buffer_addr */
    gm_store32(tx->as, tx_desc + 8, E1000_TXD_CMD_IFCS | 60u);       /* lower: txd_lower | length */
    gm_store32(tx->as, tx_desc + TX_STATUS_OFF, 0);                  /* upper: txd_upper */
    if (++i == tx->count)
        i = 0;
    /* The last descriptor: adapter->txd_cmd = EOP | IFCS | RS. */
    gm_store32(tx->as, tx_desc + 8,
               gm_load32(tx->as, tx_desc + 8) | E1000_TXD_CMD_EOP | E1000_TXD_CMD_RS);
    gm_io_wmb();
    gm_store32(tx->as, &r->next_to_use, i);
    gm_store32(tx->as, &r->tdt, i); /* writel: QEMU sends in this write */
    if (r->ev.tdt_write != NULL)
        r->ev.tdt_write(r->ev.arg);
    return true;
}

unsigned e1000_clean_tx_irq(struct e1000_tx_ring *tx)
{
    struct tx_region *r = tx->r;
    unsigned i = gm_load32(tx->as, &r->next_to_clean), count = 0;
    unsigned eop = gm_load32(tx->as, &r->bi_next_to_watch[i]);
    volatile uint8_t *eop_desc = tx_desc_at(r, eop);

    while ((gm_load32(tx->as, eop_desc + TX_STATUS_OFF) & E1000_TXD_STAT_DD) && count < tx->count) {
        bool cleaned = false;
        gm_io_rmb(); /* read buffer_info after eop_desc */
        for (; !cleaned; count++) {
            volatile uint8_t *tx_desc = tx_desc_at(r, i);
            cleaned = i == eop;
            e1000_put_txbuf(tx, i);
            gm_store32(tx->as, tx_desc + TX_STATUS_OFF, 0); /* tx_desc->upper.data = 0 */
            if (++i == tx->count)
                i = 0;
        }
        if (tx->stop_at_next_to_use && i == gm_load32(tx->as, &r->next_to_use))
            break;
        eop = gm_load32(tx->as, &r->bi_next_to_watch[i]);
        eop_desc = tx_desc_at(r, eop);
    }
    gm_store32(tx->as, &r->next_to_clean, i); /* smp_store_release */
    return count;
}
