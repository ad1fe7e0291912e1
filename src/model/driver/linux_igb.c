// SPDX-License-Identifier: GPL-2.0-or-later
/* driver/linux_igb.c - Linux's igb receive path, mirrored.
 *
 * Read beside drivers/net/ethernet/intel/igb/igb_main.c (Linux 6.1):
 * igb_clean_rx_irq() refills first when IGB_RX_BUFFER_WRITE descriptors are
 * cleaned, takes the descriptor at next_to_clean while wb.upper.length is
 * not zero (then dma_rmb()), and igb_is_non_eop() moves next_to_clean on
 * and tests EOP in status_error; the poll ends with a refill of what was
 * cleaned. igb_alloc_rx_buffers() writes read.pkt_addr of each slot from
 * next_to_use, clears wb.upper.length of the slot after it, and writes RDT
 * = the new next_to_use once. Left out: pages and their reuse (a slot keeps
 * its buffer number until handed up), XDP, skbs, timestamps, checksums,
 * interrupts; each descriptor is handed up as one packet (the model's
 * packets fit one buffer).
 */
#include "model/driver/linux_igb.h"

#include <stdlib.h>
#include <string.h>

static uint32_t igb_desc_unused(const struct igb_ring *ring)
{
    uint32_t ntc = ring->next_to_clean, ntu = ring->next_to_use;
    return ((ntc > ntu) ? 0 : ring->count) + ntc - ntu - 1;
}

static void igb_alloc_rx_buffers(struct igb_ring *rx_ring, uint32_t cleaned_count)
{
    uint32_t i = rx_ring->next_to_use;

    if (!cleaned_count)
        return;
    do {
        struct e1000_rx_buffer *bi = &rx_ring->rx_buffer_info[i];
        /* igb_alloc_mapped_page: a slot whose page was handed up gets a
         * new one; the model numbers buffers 1, 2, 3, ... */
        if (bi->dma == 0)
            bi->dma = rx_ring->next_buf_addr++;
        gm_store64(rx_ring->as, &rx_ring->desc[i].read.pkt_addr, bi->dma);
        if (++i == rx_ring->count)
            i = 0;
        /* "clear the length for the next_to_use descriptor". RACES with
         * the device: if this slot was taken on the first store of a
         * write-back that stores its 16 bytes twice, the second store can
         * land after this clear and put the old length back. */
        gm_store16(rx_ring->as, &rx_ring->desc[i].wb.upper.length, 0);
    } while (--cleaned_count);

    if (rx_ring->next_to_use != i) {
        rx_ring->next_to_use = i;
        rx_ring->next_to_alloc = i;
        /* wmb(), then writel(i, tail): the device may fill up to i - 1. */
        rxq_reg_write(rx_ring->as, rx_ring->tail, i);
    }
}

static uint16_t igb_clean_rx_irq(struct igb_ring *rx_ring, struct nic_pkt *pkts,
                                 const uint16_t budget)
{
    uint32_t cleaned_count = igb_desc_unused(rx_ring);
    uint32_t rdh = UINT32_MAX; /* the stop-at-rdh workaround's head */
    uint16_t total_packets = 0;
    const struct gm_as *as = rx_ring->as; /* once, not again after every store */

    if (rx_ring->workaround == EM_WORKAROUND_STOP_AT_RDH)
        rdh = rxq_reg_read(as, rx_ring->head);
    while (total_packets < budget) {
        if (cleaned_count >= IGB_RX_BUFFER_WRITE) {
            igb_alloc_rx_buffers(rx_ring, cleaned_count);
            cleaned_count = 0;
        }
        uint32_t i = rx_ring->next_to_clean;
        if (i == rdh)
            break;
        volatile union e1000_adv_rx_desc *rx_desc = &rx_ring->desc[i];
        /* RACES with the device: QEMU writes `length` with the 16 bytes
         * that go out before DD, and the copy may store them twice; the
         * driver takes the descriptor on the first store. */
        uint16_t size = gm_load16(as, &rx_desc->wb.upper.length);
        if (!size)
            break;
        gm_io_rmb(); /* dma_rmb() */
        union e1000_adv_rx_desc rxd;
        gm_load_desc(as, &rxd, rx_desc);

        struct e1000_rx_buffer *rx_buffer = &rx_ring->rx_buffer_info[i];
        struct nic_pkt *p = &pkts[total_packets];
        p->rx_id = (uint16_t)i;
        p->buf_addr = rx_buffer->dma;
        p->wb_buffer_addr = rxd.wb.lower.rss;
        p->fill_tag = rxd.wb.upper.vlan;
        p->format = RX_FMT_ADVANCED;
        p->pkt_len = size;
        p->status = (uint8_t)rxd.wb.upper.status_error;
        p->errors = (uint8_t)(rxd.wb.upper.status_error >> 24);
        /* igb_get_rx_buffer, igb_build_skb, igb_put_rx_buffer (the page
         * is handed up: the slot needs a new one), napi_gro_receive. */
        rx_buffer->dma = 0;
        rx_work_do(as, &rx_ring->work);
        cleaned_count++;

        /* igb_is_non_eop: next_to_clean moves on either way. */
        rx_ring->next_to_clean = i + 1 < rx_ring->count ? i + 1 : 0;
        total_packets++;
    }
    if (cleaned_count)
        igb_alloc_rx_buffers(rx_ring, cleaned_count);
    return total_packets;
}

int linux_igb_ring_setup(struct igb_ring *ring, const struct gm_as *as, struct gm_region *gm,
                         enum em_workaround workaround)
{
    memset(ring, 0, sizeof(*ring));
    ring->as = as;
    ring->rx_buffer_info = calloc(gm->nb_desc, sizeof(*ring->rx_buffer_info));
    if (ring->rx_buffer_info == NULL)
        return -1;
    ring->desc = (volatile union e1000_adv_rx_desc *)gm->rx_rings;
    ring->count = gm->nb_desc;
    ring->tail = &gm->rdt;
    ring->head = &gm->rdh;
    ring->rdlen = &gm->rdlen;
    ring->workaround = workaround;
    ring->next_buf_addr = 1;
    linux_igb_ring_reset(ring);
    return 0;
}

void linux_igb_ring_reset(struct igb_ring *ring)
{
    /* igb_setup_rx_resources zeroes the ring; a restart hands every
     * buffer back (igb_clean_rx_ring), so each slot gets a new one. */
    for (uint32_t k = 0; k < ring->count; k++) {
        gm_store64(ring->as, &ring->desc[k].read.pkt_addr, 0);
        gm_store64(ring->as, &ring->desc[k].read.hdr_addr, 0);
        ring->rx_buffer_info[k].dma = 0;
    }
    ring->next_to_use = ring->next_to_clean = ring->next_to_alloc = 0;
    /* igb_configure_rx_ring: length, head and tail 0 (SRRCTL: advanced
     * one-buffer descriptors, which the device model always writes); then
     * igb_alloc_rx_buffers(ring, igb_desc_unused(ring)). */
    rxq_reg_write(ring->as, ring->rdlen, ring->count * 16u);
    rxq_reg_write(ring->as, ring->head, 0);
    rxq_reg_write(ring->as, ring->tail, 0);
    igb_alloc_rx_buffers(ring, igb_desc_unused(ring));
}

void linux_igb_ring_release(struct igb_ring *ring)
{
    free(ring->rx_buffer_info);
    ring->rx_buffer_info = NULL;
}

uint16_t linux_igb_poll(struct igb_ring *ring, struct nic_pkt *pkts, uint16_t budget)
{
    return igb_clean_rx_irq(ring, pkts, budget);
}
