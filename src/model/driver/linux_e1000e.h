// SPDX-License-Identifier: GPL-2.0-or-later
/* driver/linux_e1000e.h - Linux's e1000e driver receive path
 * (e1000_clean_rx_irq, e1000_alloc_rx_buffers in netdev.c), modelled:
 * extended descriptors, NAPI's poll run as a polling loop with a budget. */
#ifndef E1000_POC_DRIVER_LINUX_E1000E_H
#define E1000_POC_DRIVER_LINUX_E1000E_H

#include "model/driver/linux_e1000.h"

/* e1000e writes RDT once per E1000_RX_BUFFER_WRITE armed descriptors, so
 * its ring must hold at least two batches (Linux's E1000_MIN_RXD is 64). */
#define LINUX_E1000E_RING_MIN (2 * E1000_RX_BUFFER_WRITE)

/* The part of Linux's struct e1000_ring the receive path uses. */
struct e1000_ring {
    const struct gm_as *as; /* every access goes through it (guest_mem.h) */
    volatile union e1000_rx_desc_extended *desc;
    uint32_t count;
    uint32_t next_to_use, next_to_clean;
    struct e1000_rx_buffer *buffer_info;
    volatile uint32_t *tail, *head, *rdlen, *rfctl;
    enum em_workaround workaround;
    uint64_t next_buf_addr;
    uint32_t rx_buffer_write; /* the batch: E1000_RX_BUFFER_WRITE, unless a
                                 model shrinks it (a power of two) */
    struct rx_work work;      /* per packet, before the clear (rxwork.h) */
};

/* e1000_setup_rx_resources + e1000_configure_rx + the first refill,
 * through `as` (kept for every later access; it must outlive the ring). */
int linux_e1000e_ring_setup(struct e1000_ring *ring, const struct gm_as *as,
                            struct gm_region *gm, enum em_workaround workaround);
void linux_e1000e_ring_reset(struct e1000_ring *ring);
void linux_e1000e_ring_release(struct e1000_ring *ring);
uint16_t linux_e1000e_poll(struct e1000_ring *ring, struct nic_pkt *pkts, uint16_t budget);

/* A MODEL PARAMETER, not Linux: set up the ring again as if
 * E1000_RX_BUFFER_WRITE were `batch` (a power of two, 1..16), so that the
 * explorer can run the driver on a ring of batch + 2 descriptors instead of
 * 18 or more. The batch decides only how often RDT moves; what the driver
 * does to each descriptor does not change. Call it with the device stopped,
 * right after linux_e1000e_ring_setup(). */
void linux_e1000e_ring_set_batch(struct e1000_ring *ring, uint32_t batch);

#endif
