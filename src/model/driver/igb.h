// SPDX-License-Identifier: GPL-2.0-or-later
/* driver/igb.h - DPDK's igb poll-mode receive path (eth_igb_recv_pkts),
 * modelled, with advanced descriptors. */
#ifndef E1000_POC_DRIVER_IGB_H
#define E1000_POC_DRIVER_IGB_H

#include "model/driver/rxq.h"

/* The part of DPDK's struct igb_rx_queue the receive path uses. */
struct igb_rx_queue {
    const struct gm_as *as; /* every access goes through it (guest_mem.h) */
    volatile union e1000_adv_rx_desc *rx_ring;
    volatile uint32_t *rdt_reg_addr;
    volatile uint32_t *rdh_reg_addr;
    volatile uint32_t *rdlen_reg_addr;
    struct em_rx_entry *sw_ring; /* DPDK: struct igb_rx_entry, an mbuf each */
    uint32_t nb_rx_desc;
    uint16_t rx_tail;
    uint16_t nb_rx_hold;
    uint16_t rx_free_thresh;
    enum em_workaround workaround;
    uint64_t next_buf_addr; /* the mempool: buffers 1, 2, 3, ... */
    struct rx_work work;    /* per packet, before the re-arm (rxwork.h) */
};

/* eth_igb_rx_queue_setup + igb_alloc_rx_queue_mbufs + eth_igb_rx_init,
 * through `as` (kept for every later access; it must outlive the queue). */
int igb_rx_queue_setup(struct igb_rx_queue *rxq, const struct gm_as *as, struct gm_region *gm,
                       uint16_t rx_free_thresh, enum em_workaround workaround);
void igb_rx_queue_reset(struct igb_rx_queue *rxq);
void igb_rx_queue_release(struct igb_rx_queue *rxq);

uint16_t eth_igb_recv_pkts(struct igb_rx_queue *rxq, struct nic_pkt *rx_pkts, uint16_t nb_pkts);

#endif
