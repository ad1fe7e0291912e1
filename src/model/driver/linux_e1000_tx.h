// SPDX-License-Identifier: GPL-2.0-or-later
/* driver/linux_e1000_tx.h - Linux e1000's and e1000e's transmit:
 * e1000_xmit_frame (with e1000_tx_map and e1000_tx_queue) and
 * e1000_clean_tx_irq (drivers/net/ethernet/intel/e1000/e1000_main.c,
 * e1000e/netdev.c), one-descriptor frames without offloads.
 *
 * Two contexts share the ring: ndo_start_xmit on the CPU that sends (it
 * writes TDT, and QEMU sends and writes back in that write), NAPI's clean
 * on the CPU the interrupt reached. Their shared state - next_to_use,
 * next_to_clean, buffer_info[] - lives in struct tx_region, so that each
 * access is one the harness sees.
 *
 * The clean starts at next_to_clean, looks at DD of the descriptor
 * buffer_info[i].next_to_watch names, frees every buffer up to it and
 * zeroes each descriptor's `upper` (status with DD). next_to_watch is set
 * when a frame is mapped and never reset, and zero at first (vzalloc): the
 * zeroed DD is what keeps a stale next_to_watch from being taken for done.
 * e1000e stops once it reaches next_to_use; e1000 does not. */
#ifndef E1000_POC_DRIVER_LINUX_E1000_TX_H
#define E1000_POC_DRIVER_LINUX_E1000_TX_H

#include <stdbool.h>
#include <stdint.h>

#include "model/guest_mem.h"
#include "model/txdesc.h"

struct e1000_tx_ring {
    const struct gm_as *as; /* every access goes through it (guest_mem.h) */
    struct tx_region *r;
    unsigned count;
    bool stop_at_next_to_use; /* e1000e's `if (i == tx_ring->next_to_use) break;` */
};

/* e1000_setup_tx_resources and e1000_configure_tx: descriptors and
 * buffer_info zeroed (directly: the device is not running yet); every later
 * access through `as`, which must outlive the ring. e1000e: the e1000e
 * variant. 0, or -1. */
int linux_e1000_tx_setup(struct e1000_tx_ring *tx, const struct gm_as *as, struct tx_region *r,
                         unsigned count, bool e1000e);

/* e1000_xmit_frame of one frame in buffer `buf`, identified by skb (not 0):
 * true if queued, false if the ring has too few free descriptors
 * (NETDEV_TX_BUSY: the queue is stopped until the clean frees some). */
bool e1000_xmit_frame(struct e1000_tx_ring *tx, uint32_t skb, uint64_t buf);

/* e1000_clean_tx_irq: returns the descriptors it cleaned. */
unsigned e1000_clean_tx_irq(struct e1000_tx_ring *tx);

/* E1000_DESC_UNUSED, read through the accessors. */
unsigned e1000_desc_unused(struct e1000_tx_ring *tx);

#endif
