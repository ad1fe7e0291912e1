// SPDX-License-Identifier: GPL-2.0-or-later
/* driver/linux_e1000.h - Linux's e1000 driver receive path
 * (e1000_clean_rx_irq, e1000_alloc_rx_buffers), modelled: legacy
 * descriptors, NAPI's poll run as a polling loop with a budget. */
#ifndef E1000_POC_DRIVER_LINUX_E1000_H
#define E1000_POC_DRIVER_LINUX_E1000_H

#include "model/driver/rxq.h"

/* Re-arm in batches of this many (e1000.h). */
#define E1000_RX_BUFFER_WRITE 16

struct e1000_rx_buffer {
    uint64_t dma; /* the buffer armed in this slot (Linux also keeps the skb) */
};

/* The part of Linux's struct e1000_rx_ring the receive path uses. */
struct e1000_rx_ring {
    const struct gm_as *as; /* every access goes through it (guest_mem.h) */
    volatile struct e1000_rx_desc *desc;
    uint32_t count;
    uint32_t next_to_use;   /* next descriptor to arm */
    uint32_t next_to_clean; /* next descriptor to look at */
    struct e1000_rx_buffer *buffer_info;
    volatile uint32_t *rdt, *rdh, *rdlen;
    enum em_workaround workaround;
    uint64_t next_buf_addr; /* buffers 1, 2, 3, ... */
    struct rx_work work;    /* per packet, before status = 0 (rxwork.h) */
};

/* e1000_setup_rx_resources + e1000_configure_rx + the first refill,
 * through `as` (kept for every later access; it must outlive the queue). */
int linux_e1000_ring_setup(struct e1000_rx_ring *ring, const struct gm_as *as,
                           struct gm_region *gm, enum em_workaround workaround);
void linux_e1000_ring_reset(struct e1000_rx_ring *ring);
void linux_e1000_ring_release(struct e1000_rx_ring *ring);

/* One NAPI poll: e1000_clean_rx_irq with `budget` as work_to_do. */
uint16_t linux_e1000_poll(struct e1000_rx_ring *ring, struct nic_pkt *pkts, uint16_t budget);

#endif
