// SPDX-License-Identifier: GPL-2.0-or-later
/* driver/linux_e1000.c - Linux's e1000 receive path, mirrored.
 *
 * Read beside drivers/net/ethernet/intel/e1000/e1000_main.c:
 * e1000_clean_rx_irq() takes descriptors while DD is set, with dma_rmb()
 * before reading the rest, and writes `status = 0` after each one; the
 * buffers are re-armed later, E1000_RX_BUFFER_WRITE at a time and at the
 * end, by e1000_alloc_rx_buffers(), which then writes RDT = next_to_use - 1.
 * Left out: skbs, page handling, checksum offload, interrupts; dma_rmb() and
 * the write barriers are compiler barriers on x86.
 */
#include "model/driver/linux_e1000.h"

#include <stdlib.h>
#include <string.h>

#define E1000_DESC_UNUSED(R)                                                                   \
    ((((R)->next_to_clean > (R)->next_to_use) ? 0 : (R)->count) + (R)->next_to_clean -       \
     (R)->next_to_use - 1)

static void e1000_alloc_rx_buffers(struct e1000_rx_ring *rx_ring, uint32_t cleaned_count)
{
    uint32_t i = rx_ring->next_to_use;

    while (cleaned_count--) {
        struct e1000_rx_buffer *buffer_info = &rx_ring->buffer_info[i];
        buffer_info->dma = rx_ring->next_buf_addr++;
        gm_store64(rx_ring->as, &rx_ring->desc[i].buffer_addr, buffer_info->dma);
        if (++i == rx_ring->count)
            i = 0;
    }
    if (rx_ring->next_to_use != i) {
        rx_ring->next_to_use = i;
        if (i-- == 0)
            i = rx_ring->count - 1;
        /* dma_wmb(), then writel: the device may now fill up to i - 1. */
        rxq_reg_write(rx_ring->as, rx_ring->rdt, i);
    }
}

static uint16_t e1000_clean_rx_irq(struct e1000_rx_ring *rx_ring, struct nic_pkt *pkts,
                                   uint16_t work_to_do)
{
    volatile struct e1000_rx_desc *rx_desc, *next_rxd;
    struct e1000_rx_buffer *buffer_info, *next_buffer;
    struct e1000_rx_desc rxd;
    uint32_t i, cleaned_count = 0;
    uint32_t rdh = UINT32_MAX; /* the stop-at-rdh workaround's head */
    uint16_t work_done = 0;
    const struct gm_as *as = rx_ring->as; /* once, not again after every store */

    i = rx_ring->next_to_clean;
    rx_desc = &rx_ring->desc[i];
    buffer_info = &rx_ring->buffer_info[i];
    if (rx_ring->workaround == EM_WORKAROUND_STOP_AT_RDH)
        rdh = rxq_reg_read(as, rx_ring->rdh);

    /* RACES with the device: DD may come back from a store of the device's
     * that lands after `status = 0` below. */
    while (i != rdh && (gm_load8(as, &rx_desc->status) & E1000_RXD_STAT_DD)) {
        if (work_done >= work_to_do)
            break;
        gm_io_rmb(); /* dma_rmb() */
        gm_load_desc(as, &rxd, rx_desc);
        struct nic_pkt *p = &pkts[work_done++];
        p->rx_id = (uint16_t)i;
        p->buf_addr = buffer_info->dma;
        buffer_info->dma = 0;
        if (++i == rx_ring->count)
            i = 0;
        next_rxd = &rx_ring->desc[i];
        next_buffer = &rx_ring->buffer_info[i];
        cleaned_count++;

        p->wb_buffer_addr = rxd.buffer_addr;
        p->fill_tag = e1000_fill_tag(&rxd);
        p->format = RX_FMT_LEGACY;
        p->pkt_len = rxd.length;
        p->status = rxd.status;
        p->errors = rxd.errors;

        /* dma_unmap_single, copybreak or skb_put, e1000_rx_checksum,
         * e1000_receive_skb (napi_gro_receive): all before the clear. */
        rx_work_do(as, &rx_ring->work);
        gm_store8(as, &rx_desc->status, 0);
        /* Return some buffers to the hardware; one at a time is too slow. */
        if (cleaned_count >= E1000_RX_BUFFER_WRITE) {
            e1000_alloc_rx_buffers(rx_ring, cleaned_count);
            cleaned_count = 0;
        }
        rx_desc = next_rxd;
        buffer_info = next_buffer;
    }
    rx_ring->next_to_clean = i;

    cleaned_count = E1000_DESC_UNUSED(rx_ring);
    if (cleaned_count)
        e1000_alloc_rx_buffers(rx_ring, cleaned_count);
    return work_done;
}

int linux_e1000_ring_setup(struct e1000_rx_ring *ring, const struct gm_as *as,
                           struct gm_region *gm, enum em_workaround workaround)
{
    memset(ring, 0, sizeof(*ring));
    ring->as = as;
    ring->buffer_info = calloc(gm->nb_desc, sizeof(*ring->buffer_info));
    if (ring->buffer_info == NULL)
        return -1;
    ring->desc = gm->rx_rings;
    ring->count = gm->nb_desc;
    ring->rdt = &gm->rdt;
    ring->rdh = &gm->rdh;
    ring->rdlen = &gm->rdlen;
    ring->workaround = workaround;
    ring->next_buf_addr = 1;
    linux_e1000_ring_reset(ring);
    return 0;
}

void linux_e1000_ring_reset(struct e1000_rx_ring *ring)
{
    /* The ring memory starts zeroed (dma_alloc_coherent + memset). */
    for (uint32_t k = 0; k < ring->count; k++) {
        gm_store64(ring->as, &ring->desc[k], 0);
        gm_store64(ring->as, (volatile uint8_t *)&ring->desc[k] + 8, 0);
    }
    ring->next_to_use = ring->next_to_clean = 0;
    /* e1000_configure_rx: length, head and tail 0; then the first refill. */
    rxq_reg_write(ring->as, ring->rdlen, ring->count * (uint32_t)sizeof(struct e1000_rx_desc));
    rxq_reg_write(ring->as, ring->rdh, 0);
    rxq_reg_write(ring->as, ring->rdt, 0);
    e1000_alloc_rx_buffers(ring, E1000_DESC_UNUSED(ring));
}

void linux_e1000_ring_release(struct e1000_rx_ring *ring)
{
    free(ring->buffer_info);
    ring->buffer_info = NULL;
}

uint16_t linux_e1000_poll(struct e1000_rx_ring *ring, struct nic_pkt *pkts, uint16_t budget)
{
    return e1000_clean_rx_irq(ring, pkts, budget);
}
