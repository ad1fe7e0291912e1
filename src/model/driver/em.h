// SPDX-License-Identifier: GPL-2.0-or-later
/* driver/em.h - DPDK's e1000 "em" poll-mode receive path, modelled. */
#ifndef E1000_POC_DRIVER_EM_H
#define E1000_POC_DRIVER_EM_H

#include <stdint.h>

#include "model/driver/rxq.h"
#include "model/guest_mem.h"

/* The part of DPDK's struct em_rx_queue the receive path uses. */
struct em_rx_queue {
    const struct gm_as *as; /* every access goes through it (guest_mem.h) */
    volatile struct e1000_rx_desc *rx_ring;
    volatile uint32_t *rdt_reg_addr;
    volatile uint32_t *rdh_reg_addr; /* read by the stop-at-rdh workaround; written at init */
    volatile uint32_t *rdlen_reg_addr;
    volatile uint32_t *rfctl_reg_addr;
    struct em_rx_entry *sw_ring;
    uint32_t nb_rx_desc;
    uint16_t rx_tail;        /* next descriptor to look at */
    uint16_t nb_rx_hold;     /* consumed descriptors not yet given back via RDT */
    uint16_t rx_free_thresh; /* give back when nb_rx_hold exceeds it (DPDK default 0) */
    enum em_workaround workaround;
    uint64_t next_buf_addr;  /* the mempool: buffers are numbered 1, 2, 3, ...
                                (0 would mean "no buffer" to the device) */
    struct rx_work work;     /* per packet, before the re-arm (rxwork.h) */
};

/* eth_em_rx_queue_setup + em_alloc_rx_queue_mbufs + eth_em_rx_init: arm every
 * descriptor with a buffer and status 0, then RDLEN, RDH = 0,
 * RDT = nb_desc - 1, all through `as` (kept for every later access; it must
 * outlive the queue). Returns 0, or -1 if sw_ring cannot be allocated. */
int em_rx_queue_setup(struct em_rx_queue *rxq, const struct gm_as *as, struct gm_region *gm,
                      uint16_t rx_free_thresh, enum em_workaround workaround);
void em_rx_queue_release(struct em_rx_queue *rxq);

/* Start the queue over, as a port restart does: fresh buffers in every
 * descriptor, status 0, RDH = 0, RDT = nb_desc - 1. The device must not be
 * receiving meanwhile (the live run's recovery parks both sides). */
void em_rx_queue_reset(struct em_rx_queue *rxq);

/* Receive up to nb_pkts packets. */
uint16_t eth_em_recv_pkts(struct em_rx_queue *rxq, struct nic_pkt *rx_pkts, uint16_t nb_pkts);

#endif
