// SPDX-License-Identifier: GPL-2.0-or-later
/* driver/igb_tx.h - DPDK igb PMD's transmit: eth_igb_xmit_pkts
 * (drivers/net/intel/e1000/igb_rxtx.c), one-segment packets, no context
 * descriptor.
 *
 * Every packet's last descriptor carries RS. Before it fills descriptor
 * tx_id the PMD checks DD of the last descriptor of the packet that follows
 * the previous user of tx_id (sw_ring[].last_id / next_id): with one
 * segment, descriptor tx_id + 1. It never clears DD; filling overwrites it.
 * A buffer is freed when its descriptor is filled again. Everything runs on
 * the calling lcore, TDT write included. */
#ifndef E1000_POC_DRIVER_IGB_TX_H
#define E1000_POC_DRIVER_IGB_TX_H

#include <stdint.h>

#include "model/guest_mem.h"
#include "model/txdesc.h"

struct igb_tx_entry {
    uint64_t mbuf;
    uint16_t next_id, last_id;
};

struct igb_tx_queue {
    const struct gm_as *as; /* every access goes through it (guest_mem.h) */
    struct tx_region *r;
    struct igb_tx_entry sw_ring[TX_RING_MAX];
    uint16_t nb_tx_desc, tx_tail;
};

/* igb_reset_tx_queue: DD on every descriptor (written directly: the device
 * is not running yet); every later access through `as`, which must outlive
 * the queue. 0, or -1 (ring too large). */
int igb_tx_queue_setup(struct igb_tx_queue *q, const struct gm_as *as, struct tx_region *r,
                       unsigned nb_desc);
uint16_t eth_igb_xmit_pkts(struct igb_tx_queue *q, const uint64_t *bufs, uint16_t n);

#endif
