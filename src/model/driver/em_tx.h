// SPDX-License-Identifier: GPL-2.0-or-later
/* driver/em_tx.h - DPDK em PMD's transmit: eth_em_xmit_pkts and
 * em_xmit_cleanup (drivers/net/intel/e1000/em_rxtx.c), one-segment
 * packets without offloads.
 *
 * The PMD reclaims in batches: it sets RS only on the descriptor that
 * closes a batch of tx_rs_thresh, and em_xmit_cleanup looks at that one
 * descriptor's DD, then clears its status. A buffer is freed when its
 * descriptor is filled again (txe->mbuf). Everything runs on the lcore
 * that calls eth_em_xmit_pkts, TDT write included. */
#ifndef E1000_POC_DRIVER_EM_TX_H
#define E1000_POC_DRIVER_EM_TX_H

#include <stdint.h>

#include "model/guest_mem.h"
#include "model/txdesc.h"

struct em_tx_entry {
    uint64_t mbuf; /* the buffer's address, 0: none */
    uint16_t next_id, last_id;
};

struct em_tx_queue {
    const struct gm_as *as; /* every access goes through it (guest_mem.h) */
    struct tx_region *r;
    struct em_tx_entry sw_ring[TX_RING_MAX];
    uint16_t nb_tx_desc, tx_tail, nb_tx_free, last_desc_cleaned, nb_tx_used;
    uint16_t tx_free_thresh, tx_rs_thresh;
};

/* em_reset_tx_queue after eth_em_tx_queue_setup: every descriptor DD, as
 * the PMD leaves them (written directly: the device is not running yet).
 * Every later access goes through `as`, which must outlive the queue.
 * Returns 0, or -1 if the thresholds do not fit. */
int em_tx_queue_setup(struct em_tx_queue *q, const struct gm_as *as, struct tx_region *r,
                      unsigned nb_desc, uint16_t tx_free_thresh, uint16_t tx_rs_thresh);
/* Send the buffers bufs[0..n); returns how many went into the ring. */
uint16_t eth_em_xmit_pkts(struct em_tx_queue *q, const uint64_t *bufs, uint16_t n);

#endif
