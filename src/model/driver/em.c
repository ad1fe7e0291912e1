// SPDX-License-Identifier: GPL-2.0-or-later
/* driver/em.c - DPDK's em receive loop, mirrored.
 *
 * Read beside DPDK's drivers/net/intel/e1000/em_rxtx.c: eth_em_recv_pkts()
 * keeps DPDK's names, its order of descriptor accesses (status first, then
 * the whole descriptor, then buffer_addr, then status = 0) and its RDT
 * update rule. The logic has not changed since DPDK 17.11. What is left out:
 * mbuf fields, offload flags, prefetches, statistics.
 */
#include "model/driver/em.h"

#include <stdlib.h>
#include <string.h>

const struct em_workaround_info em_workarounds[EM_WORKAROUND_COUNT] = {
    [EM_WORKAROUND_NONE] = {"none", "DPDK as released"},
    [EM_WORKAROUND_STOP_AT_RDH] = {"stop-at-rdh",
                                   "read RDH once per burst; the descriptor at RDH is not ready"},
};


/* DPDK's register macros name the hardware by its registers' addresses;
 * here the queue in scope (rxq) names the address space too. */
#define E1000_PCI_REG_WRITE(reg, value) rxq_reg_write(rxq->as, (reg), (value))
#define E1000_PCI_REG_READ(reg) rxq_reg_read(rxq->as, reg)

/* rte_mbuf_raw_alloc: the model's pool never runs dry. */
static uint64_t em_mbuf_alloc(struct em_rx_queue *rxq)
{
    return rxq->next_buf_addr++;
}

int em_rx_queue_setup(struct em_rx_queue *rxq, const struct gm_as *as, struct gm_region *gm,
                      uint16_t rx_free_thresh, enum em_workaround workaround)
{
    memset(rxq, 0, sizeof(*rxq));
    rxq->as = as;
    rxq->sw_ring = calloc(gm->nb_desc, sizeof(*rxq->sw_ring));
    if (rxq->sw_ring == NULL)
        return -1;
    rxq->rx_ring = gm->rx_rings;
    rxq->rdt_reg_addr = &gm->rdt;
    rxq->rdh_reg_addr = &gm->rdh;
    rxq->rdlen_reg_addr = &gm->rdlen;
    rxq->rfctl_reg_addr = &gm->rfctl;
    rxq->nb_rx_desc = gm->nb_desc;
    rxq->rx_free_thresh = rx_free_thresh;
    rxq->workaround = workaround;
    rxq->next_buf_addr = 1;
    em_rx_queue_reset(rxq);
    return 0;
}

void em_rx_queue_reset(struct em_rx_queue *rxq)
{
    rxq->rx_tail = 0;
    rxq->nb_rx_hold = 0;

    /* em_alloc_rx_queue_mbufs: every descriptor gets a buffer, status 0. */
    for (uint32_t i = 0; i < rxq->nb_rx_desc; i++) {
        uint64_t dma_addr = em_mbuf_alloc(rxq);
        rxq->sw_ring[i].buf_addr = dma_addr;
        gm_store64(rxq->as, &rxq->rx_ring[i].buffer_addr, dma_addr);
        gm_store8(rxq->as, &rxq->rx_ring[i].status, 0);
    }
    /* eth_em_rx_init: legacy descriptors (RFCTL.EXTEN clear, which matters
     * on an 82574/e1000e), ring length, then head 0 and tail at the last
     * descriptor, so the device may fill all but one. */
    E1000_PCI_REG_WRITE(rxq->rfctl_reg_addr,
                        E1000_PCI_REG_READ(rxq->rfctl_reg_addr) & ~E1000_RFCTL_EXTEN);
    E1000_PCI_REG_WRITE(rxq->rdlen_reg_addr,
                        rxq->nb_rx_desc * (uint32_t)sizeof(struct e1000_rx_desc));
    E1000_PCI_REG_WRITE(rxq->rdh_reg_addr, 0);
    E1000_PCI_REG_WRITE(rxq->rdt_reg_addr, rxq->nb_rx_desc - 1);
}

void em_rx_queue_release(struct em_rx_queue *rxq)
{
    free(rxq->sw_ring);
    rxq->sw_ring = NULL;
}

uint16_t eth_em_recv_pkts(struct em_rx_queue *rxq, struct nic_pkt *rx_pkts, uint16_t nb_pkts)
{
    volatile struct e1000_rx_desc *rx_ring = rxq->rx_ring;
    const struct gm_as *as = rxq->as; /* once, not again after every store */
    volatile struct e1000_rx_desc *rxdp;
    struct em_rx_entry *sw_ring = rxq->sw_ring;
    struct em_rx_entry *rxe;
    struct e1000_rx_desc rxd;
    struct nic_pkt *rxm;
    uint64_t nmb, dma_addr;
    uint32_t rdh = UINT32_MAX; /* no descriptor is held back unless the workaround says so */
    uint16_t rx_id, nb_rx, nb_hold;
    uint8_t status;

    nb_rx = 0;
    nb_hold = 0;
    rx_id = rxq->rx_tail;
    if (rxq->workaround == EM_WORKAROUND_STOP_AT_RDH)
        rdh = E1000_PCI_REG_READ(rxq->rdh_reg_addr);
    while (nb_rx < nb_pkts) {
        /* Workaround: the device may be writing the descriptor at RDH right
         * now; every descriptor before it has been written completely. */
        if (rx_id == rdh)
            break;
        rxdp = &rx_ring[rx_id];
        /* RACES with the device: DD may have been published by the first of
         * several stores of the device's descriptor write. */
        status = gm_load8(as, &rxdp->status);
        if (!(status & E1000_RXD_STAT_DD))
            break;
        /* DPDK relies on volatile order alone here: status first, then the
         * rest, with no read barrier. That holds on x86 (loads are not
         * reordered with older loads); on arm64 volatile orders only the
         * compiler, and these loads may be satisfied before the status load
         * (docs/platforms.md). Mirrored as upstream has it. */
        gm_load_desc(as, &rxd, rxdp);

        nmb = em_mbuf_alloc(rxq);
        /* What upstream does here before the re-arm (rte_mbuf_raw_alloc,
         * sw_ring bookkeeping, prefetches) takes time the model otherwise
         * skips; the RACE above needs the re-arm inside the device's copy,
         * so this time narrows it. */
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
        /* Re-arm: a fresh buffer, then clear status. RACES with the device:
         * a device store still in flight can land after these two and
         * overwrite them with the old buffer_addr and DD. */
        dma_addr = nmb;
        gm_store64(as, &rxdp->buffer_addr, dma_addr);
        gm_store8(as, &rxdp->status, 0);

        rxm->wb_buffer_addr = rxd.buffer_addr;
        rxm->fill_tag = e1000_fill_tag(&rxd);
        rxm->format = RX_FMT_LEGACY;
        rxm->pkt_len = rxd.length; /* crc_len 0: CRC stripped */
        rxm->status = rxd.status;
        rxm->errors = rxd.errors;
        nb_rx++;
    }
    rxq->rx_tail = rx_id;

    /* Give consumed descriptors back once more than rx_free_thresh are held:
     * RDT = last processed descriptor, i.e. next to look at minus one, so that
     * in correct operation RDT never equals RDH (RDH == RDT would tell the
     * device the ring is full). */
    nb_hold = (uint16_t)(nb_hold + rxq->nb_rx_hold);
    if (nb_hold > rxq->rx_free_thresh) {
        rx_id = (uint16_t)((rx_id == 0) ? (rxq->nb_rx_desc - 1u) : ((uint32_t)rx_id - 1u));
        E1000_PCI_REG_WRITE(rxq->rdt_reg_addr, rx_id);
        nb_hold = 0;
    }
    rxq->nb_rx_hold = nb_hold;
    return nb_rx;
}
