// SPDX-License-Identifier: GPL-2.0-or-later
/* driver/linux_igb.h - Linux's igb driver receive path (igb_clean_rx_irq,
 * igb_alloc_rx_buffers in igb_main.c), modelled: advanced one-buffer
 * descriptors, NAPI's poll run as a polling loop with a budget.
 *
 * Unlike every other driver here, Linux igb does not poll DD: it takes a
 * descriptor as soon as wb.upper.length is not zero, and never clears
 * status_error; it clears `length` of the descriptor after each one it
 * re-arms. QEMU's upstream fix writes `length` in its FIRST write (the
 * 16 bytes with DD clear), so that write, itself two stores under glibc,
 * is what hands the descriptor over. */
#ifndef E1000_POC_DRIVER_LINUX_IGB_H
#define E1000_POC_DRIVER_LINUX_IGB_H

#include "model/driver/linux_e1000.h"

/* Refill in the poll loop once this many are cleaned (igb.h); the end of
 * every poll refills whatever was cleaned, so RDT moves after each poll. */
#define IGB_RX_BUFFER_WRITE 16

/* The part of Linux's struct igb_ring the receive path uses. */
struct igb_ring {
    const struct gm_as *as; /* every access goes through it (guest_mem.h) */
    volatile union e1000_adv_rx_desc *desc;
    uint32_t count;
    uint32_t next_to_use, next_to_clean, next_to_alloc;
    struct e1000_rx_buffer *rx_buffer_info; /* dma 0: the slot's page was handed up */
    volatile uint32_t *tail, *head, *rdlen;
    enum em_workaround workaround;
    uint64_t next_buf_addr;
    struct rx_work work;      /* per packet, before the next refill (rxwork.h) */
};

/* igb_setup_rx_resources + igb_configure_rx_ring + the first refill,
 * through `as` (kept for every later access; it must outlive the ring). */
int linux_igb_ring_setup(struct igb_ring *ring, const struct gm_as *as, struct gm_region *gm,
                         enum em_workaround workaround);
void linux_igb_ring_reset(struct igb_ring *ring);
void linux_igb_ring_release(struct igb_ring *ring);

/* One NAPI poll: igb_clean_rx_irq with `budget`. */
uint16_t linux_igb_poll(struct igb_ring *ring, struct nic_pkt *pkts, uint16_t budget);

#endif
