// SPDX-License-Identifier: GPL-2.0-or-later
/* driver/linux_e1000e.c - Linux's e1000e receive path, mirrored.
 *
 * Read beside drivers/net/ethernet/intel/e1000e/netdev.c: the driver
 * programs RFCTL.EXTEN (extended descriptors); e1000_clean_rx_irq() takes
 * descriptors while DD is set in status_error and, after each, clears its
 * low byte with `status_error &= ~0xFF`, a read-modify-write of the whole
 * 4-byte field; e1000_alloc_rx_buffers() re-arms read.buffer_addr and
 * writes RDT = the index just armed at every E1000_RX_BUFFER_WRITE-th one.
 * Left out: skbs, packet split, jumbo paths, checksums, interrupts.
 */
#include "model/driver/linux_e1000e.h"

#include <stdlib.h>
#include <string.h>


static uint32_t e1000_desc_unused(const struct e1000_ring *ring)
{
    if (ring->next_to_clean > ring->next_to_use)
        return ring->next_to_clean - ring->next_to_use - 1;
    return ring->count + ring->next_to_clean - ring->next_to_use - 1;
}

static void e1000_alloc_rx_buffers(struct e1000_ring *rx_ring, uint32_t cleaned_count)
{
    uint32_t i = rx_ring->next_to_use;

    while (cleaned_count--) {
        struct e1000_rx_buffer *buffer_info = &rx_ring->buffer_info[i];
        buffer_info->dma = rx_ring->next_buf_addr++;
        gm_store64(rx_ring->as, &rx_ring->desc[i].read.buffer_addr, buffer_info->dma);
        if (!(i & (rx_ring->rx_buffer_write - 1))) {
            /* wmb(), then writel(i, tail): the device may fill up to i - 1. */
            rxq_reg_write(rx_ring->as, rx_ring->tail, i);
        }
        if (++i == rx_ring->count)
            i = 0;
    }
    rx_ring->next_to_use = i;
}

static uint16_t e1000_clean_rx_irq(struct e1000_ring *rx_ring, struct nic_pkt *pkts,
                                   uint16_t work_to_do)
{
    volatile union e1000_rx_desc_extended *rx_desc, *next_rxd;
    struct e1000_rx_buffer *buffer_info, *next_buffer;
    union e1000_rx_desc_extended rxd;
    uint32_t i, staterr, cleaned_count = 0;
    uint32_t rdh = UINT32_MAX; /* the stop-at-rdh workaround's head */
    uint16_t work_done = 0;
    const struct gm_as *as = rx_ring->as; /* once, not again after every store */

    i = rx_ring->next_to_clean;
    rx_desc = &rx_ring->desc[i];
    if (rx_ring->workaround == EM_WORKAROUND_STOP_AT_RDH)
        rdh = rxq_reg_read(as, rx_ring->head);
    staterr = i == rdh ? 0 : gm_load32(as, &rx_desc->wb.upper.status_error);
    buffer_info = &rx_ring->buffer_info[i];

    /* RACES with the device: under the upstream fix the device writes
     * status_error with the C library's copy, which may store it twice; the
     * clear below can land between the two stores and DD come back. */
    while (staterr & E1000_RXD_STAT_DD_32) {
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

        p->wb_buffer_addr = rxd.wb.lower.rss;
        p->fill_tag = rxd.wb.upper.vlan;
        p->format = RX_FMT_EXTENDED;
        p->pkt_len = rxd.wb.upper.length;
        p->status = (uint8_t)rxd.wb.upper.status_error;
        p->errors = (uint8_t)(rxd.wb.upper.status_error >> 24);

        /* dma_unmap_single, copybreak or skb_put, e1000_rx_checksum,
         * e1000_rx_hash, e1000_receive_skb (napi_gro_receive): upstream
         * does all of it before the clear below, microseconds after it
         * read DD; the RACE needs the clear within the device's copy. */
        rx_work_do(as, &rx_ring->work);
        /* rx_desc->wb.upper.status_error &= cpu_to_le32(~0xFF); */
        gm_store32(as, &rx_desc->wb.upper.status_error,
                   gm_load32(as, &rx_desc->wb.upper.status_error) & ~0xFFu);
        if (cleaned_count >= rx_ring->rx_buffer_write) {
            e1000_alloc_rx_buffers(rx_ring, cleaned_count);
            cleaned_count = 0;
        }
        rx_desc = next_rxd;
        buffer_info = next_buffer;
        staterr = i == rdh ? 0 : gm_load32(as, &rx_desc->wb.upper.status_error);
    }
    rx_ring->next_to_clean = i;

    cleaned_count = e1000_desc_unused(rx_ring);
    if (cleaned_count)
        e1000_alloc_rx_buffers(rx_ring, cleaned_count);
    return work_done;
}

int linux_e1000e_ring_setup(struct e1000_ring *ring, const struct gm_as *as,
                            struct gm_region *gm, enum em_workaround workaround)
{
    memset(ring, 0, sizeof(*ring));
    ring->as = as;
    ring->buffer_info = calloc(gm->nb_desc, sizeof(*ring->buffer_info));
    if (ring->buffer_info == NULL)
        return -1;
    ring->desc = (volatile union e1000_rx_desc_extended *)gm->rx_rings;
    ring->count = gm->nb_desc;
    ring->tail = &gm->rdt;
    ring->head = &gm->rdh;
    ring->rdlen = &gm->rdlen;
    ring->rfctl = &gm->rfctl;
    ring->workaround = workaround;
    ring->next_buf_addr = 1;
    ring->rx_buffer_write = E1000_RX_BUFFER_WRITE;
    linux_e1000e_ring_reset(ring);
    return 0;
}

void linux_e1000e_ring_set_batch(struct e1000_ring *ring, uint32_t batch)
{
    ring->rx_buffer_write = batch;
    ring->next_buf_addr = 1; /* buffers numbered as after a plain setup */
    linux_e1000e_ring_reset(ring);
}

void linux_e1000e_ring_reset(struct e1000_ring *ring)
{
    for (uint32_t k = 0; k < ring->count; k++) {
        gm_store64(ring->as, &ring->desc[k].read.buffer_addr, 0);
        gm_store64(ring->as, &ring->desc[k].read.reserved, 0);
    }
    ring->next_to_use = ring->next_to_clean = 0;
    /* e1000_setup_rctl / e1000_configure_rx: extended descriptors, length,
     * head and tail 0; then the first refill. */
    rxq_reg_write(ring->as, ring->rfctl,
                  rxq_reg_read(ring->as, ring->rfctl) | E1000_RFCTL_EXTEN);
    rxq_reg_write(ring->as, ring->rdlen, ring->count * 16u);
    rxq_reg_write(ring->as, ring->head, 0);
    rxq_reg_write(ring->as, ring->tail, 0);
    e1000_alloc_rx_buffers(ring, e1000_desc_unused(ring));
}

void linux_e1000e_ring_release(struct e1000_ring *ring)
{
    free(ring->buffer_info);
    ring->buffer_info = NULL;
}

uint16_t linux_e1000e_poll(struct e1000_ring *ring, struct nic_pkt *pkts, uint16_t budget)
{
    return e1000_clean_rx_irq(ring, pkts, budget);
}
