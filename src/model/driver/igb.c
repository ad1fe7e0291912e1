// SPDX-License-Identifier: GPL-2.0-or-later
/* driver/igb.c - DPDK's igb receive loop, mirrored.
 *
 * Read beside DPDK's drivers/net/intel/e1000/igb_rxtx.c: eth_igb_recv_pkts()
 * polls status_error of the advanced descriptor, copies the descriptor,
 * re-arms it with hdr_addr = 0 and then pkt_addr (all 16 bytes: hdr_addr
 * overlays status_error, length and vlan), and gives descriptors back with
 * the same RDT rule as em. Left out: mbuf fields, offload flags, prefetches.
 */
#include "model/driver/igb.h"

#include <stdlib.h>
#include <string.h>

/* As in em.c: the queue in scope (rxq) names the address space. */
#define E1000_PCI_REG_WRITE(reg, value) rxq_reg_write(rxq->as, (reg), (value))
#define E1000_PCI_REG_READ(reg) rxq_reg_read(rxq->as, reg)

static uint64_t igb_mbuf_alloc(struct igb_rx_queue *rxq)
{
    return rxq->next_buf_addr++;
}

int igb_rx_queue_setup(struct igb_rx_queue *rxq, const struct gm_as *as, struct gm_region *gm,
                       uint16_t rx_free_thresh, enum em_workaround workaround)
{
    memset(rxq, 0, sizeof(*rxq));
    rxq->as = as;
    rxq->sw_ring = calloc(gm->nb_desc, sizeof(*rxq->sw_ring));
    if (rxq->sw_ring == NULL)
        return -1;
    rxq->rx_ring = (volatile union e1000_adv_rx_desc *)gm->rx_rings;
    rxq->rdt_reg_addr = &gm->rdt;
    rxq->rdh_reg_addr = &gm->rdh;
    rxq->rdlen_reg_addr = &gm->rdlen;
    rxq->nb_rx_desc = gm->nb_desc;
    rxq->rx_free_thresh = rx_free_thresh;
    rxq->workaround = workaround;
    rxq->next_buf_addr = 1;
    igb_rx_queue_reset(rxq);
    return 0;
}

void igb_rx_queue_reset(struct igb_rx_queue *rxq)
{
    rxq->rx_tail = 0;
    rxq->nb_rx_hold = 0;
    /* igb_alloc_rx_queue_mbufs: a buffer in every descriptor, hdr_addr 0. */
    for (uint32_t i = 0; i < rxq->nb_rx_desc; i++) {
        uint64_t dma_addr = igb_mbuf_alloc(rxq);
        rxq->sw_ring[i].buf_addr = dma_addr;
        gm_store64(rxq->as, &rxq->rx_ring[i].read.hdr_addr, 0);
        gm_store64(rxq->as, &rxq->rx_ring[i].read.pkt_addr, dma_addr);
    }
    /* eth_igb_rx_init: length, head 0, tail at the last descriptor. */
    E1000_PCI_REG_WRITE(rxq->rdlen_reg_addr, rxq->nb_rx_desc * 16u);
    E1000_PCI_REG_WRITE(rxq->rdh_reg_addr, 0);
    E1000_PCI_REG_WRITE(rxq->rdt_reg_addr, rxq->nb_rx_desc - 1);
}

void igb_rx_queue_release(struct igb_rx_queue *rxq)
{
    free(rxq->sw_ring);
    rxq->sw_ring = NULL;
}

uint16_t eth_igb_recv_pkts(struct igb_rx_queue *rxq, struct nic_pkt *rx_pkts, uint16_t nb_pkts)
{
    volatile union e1000_adv_rx_desc *rx_ring = rxq->rx_ring;
    const struct gm_as *as = rxq->as; /* once, not again after every store */
    volatile union e1000_adv_rx_desc *rxdp;
    struct em_rx_entry *sw_ring = rxq->sw_ring;
    struct em_rx_entry *rxe;
    union e1000_adv_rx_desc rxd;
    struct nic_pkt *rxm;
    uint64_t nmb, dma_addr;
    uint32_t staterr;
    uint32_t rdh = UINT32_MAX; /* the stop-at-rdh workaround's head */
    uint16_t rx_id, nb_rx = 0, nb_hold = 0;

    rx_id = rxq->rx_tail;
    if (rxq->workaround == EM_WORKAROUND_STOP_AT_RDH)
        rdh = E1000_PCI_REG_READ(rxq->rdh_reg_addr);
    while (nb_rx < nb_pkts) {
        if (rx_id == rdh)
            break;
        rxdp = &rx_ring[rx_id];
        /* RACES with the device: DD may have come from a store the device
         * repeats after this driver has re-armed the descriptor. */
        staterr = gm_load32(as, &rxdp->wb.upper.status_error);
        if (!(staterr & E1000_RXD_STAT_DD_32))
            break;
        gm_load_desc(as, &rxd, rxdp);

        nmb = igb_mbuf_alloc(rxq);
        /* rte_mbuf_raw_alloc, sw_ring bookkeeping, prefetches: upstream's
         * time between reading status_error and the re-arm below. */
        rx_work_do(as, &rxq->work);
        nb_hold++;
        rxe = &sw_ring[rx_id];
        rxm = &rx_pkts[nb_rx];
        rxm->rx_id = rx_id;
        rx_id++;
        if (rx_id == rxq->nb_rx_desc)
            rx_id = 0;

        rxm->buf_addr = rxe->buf_addr;
        rxe->buf_addr = nmb;
        /* Re-arm: hdr_addr = 0 clears status_error (and length, vlan), then
         * the fresh buffer. RACES with the device's second status_error
         * store under the upstream fix when the copy routine stores 4 bytes
         * twice: it can put DD back after this clear. */
        dma_addr = nmb;
        gm_store64(as, &rxdp->read.hdr_addr, 0);
        gm_store64(as, &rxdp->read.pkt_addr, dma_addr);

        rxm->wb_buffer_addr = rxd.wb.lower.rss;
        rxm->fill_tag = rxd.wb.upper.vlan;
        rxm->format = RX_FMT_ADVANCED;
        rxm->pkt_len = rxd.wb.upper.length;
        rxm->status = (uint8_t)rxd.wb.upper.status_error;
        rxm->errors = (uint8_t)(rxd.wb.upper.status_error >> 24);
        nb_rx++;
    }
    rxq->rx_tail = rx_id;

    /* Same rule as em: RDT = last processed, never equal to RDH. */
    nb_hold = (uint16_t)(nb_hold + rxq->nb_rx_hold);
    if (nb_hold > rxq->rx_free_thresh) {
        rx_id = (uint16_t)((rx_id == 0) ? (rxq->nb_rx_desc - 1u) : ((uint32_t)rx_id - 1u));
        E1000_PCI_REG_WRITE(rxq->rdt_reg_addr, rx_id);
        nb_hold = 0;
    }
    rxq->nb_rx_hold = nb_hold;
    return nb_rx;
}
