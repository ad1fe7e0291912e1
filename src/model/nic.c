// SPDX-License-Identifier: GPL-2.0-or-later
/* nic.c - the device and driver tables. */
#include "model/nic.h"

#include <stddef.h>
#include <stdio.h>

#include "model/device/e1000.h"
#include "model/device/e1000e.h"
#include "model/device/igb.h"

const struct nic_device nic_devices[NIC_DEV_COUNT] = {
    [NIC_DEV_E1000] = {"e1000", "QEMU e1000 (82540EM): legacy descriptors, 1-byte status",
                       "e1000_receive_iov", e1000_receive_iov, e1000_has_rxbufs},
    [NIC_DEV_E1000E] = {"e1000e",
                        "QEMU e1000e (82574): legacy or extended descriptors (RFCTL.EXTEN);"
                        " extended: 4-byte status_error",
                        "e1000e_receive_iov", e1000e_receive_iov, e1000e_has_rxbufs},
    [NIC_DEV_IGB] = {"igb", "QEMU igb (82576): advanced descriptors, 4-byte status_error",
                     "igb_receive_iov", igb_receive_iov, igb_has_rxbufs},
};

/* Adapters from the union to each driver's own functions. */
static int em_setup(union nic_queue *q, const struct gm_as *as, struct gm_region *gm,
                    uint16_t t, enum em_workaround w)
{
    return em_rx_queue_setup(&q->em, as, gm, t, w);
}
static void em_reset(union nic_queue *q) { em_rx_queue_reset(&q->em); }
static void em_release(union nic_queue *q) { em_rx_queue_release(&q->em); }
static uint16_t em_recv(union nic_queue *q, struct nic_pkt *p, uint16_t n)
{
    return eth_em_recv_pkts(&q->em, p, n);
}
static uint16_t em_next(const union nic_queue *q) { return q->em.rx_tail; }
static void em_work(union nic_queue *q, unsigned ns) { rx_work_set(&q->em.work, ns); }

static int igb_setup(union nic_queue *q, const struct gm_as *as, struct gm_region *gm,
                     uint16_t t, enum em_workaround w)
{
    return igb_rx_queue_setup(&q->igb, as, gm, t, w);
}
static void igb_reset(union nic_queue *q) { igb_rx_queue_reset(&q->igb); }
static void igb_release(union nic_queue *q) { igb_rx_queue_release(&q->igb); }
static uint16_t igb_recv(union nic_queue *q, struct nic_pkt *p, uint16_t n)
{
    return eth_igb_recv_pkts(&q->igb, p, n);
}
static uint16_t igb_next(const union nic_queue *q) { return q->igb.rx_tail; }
static void igb_work(union nic_queue *q, unsigned ns) { rx_work_set(&q->igb.work, ns); }

/* Linux's drivers have no rx_free_thresh: they give buffers back in
 * batches of E1000_RX_BUFFER_WRITE. */
static int le_setup(union nic_queue *q, const struct gm_as *as, struct gm_region *gm,
                    uint16_t t, enum em_workaround w)
{
    (void)t;
    return linux_e1000_ring_setup(&q->linux_e1000, as, gm, w);
}
static void le_reset(union nic_queue *q) { linux_e1000_ring_reset(&q->linux_e1000); }
static void le_release(union nic_queue *q) { linux_e1000_ring_release(&q->linux_e1000); }
static uint16_t le_recv(union nic_queue *q, struct nic_pkt *p, uint16_t n)
{
    return linux_e1000_poll(&q->linux_e1000, p, n);
}
static uint16_t le_next(const union nic_queue *q)
{
    return (uint16_t)q->linux_e1000.next_to_clean;
}
static void le_work(union nic_queue *q, unsigned ns) { rx_work_set(&q->linux_e1000.work, ns); }

static int lee_setup(union nic_queue *q, const struct gm_as *as, struct gm_region *gm,
                     uint16_t t, enum em_workaround w)
{
    (void)t;
    return linux_e1000e_ring_setup(&q->linux_e1000e, as, gm, w);
}
static void lee_reset(union nic_queue *q) { linux_e1000e_ring_reset(&q->linux_e1000e); }
static void lee_release(union nic_queue *q) { linux_e1000e_ring_release(&q->linux_e1000e); }
static uint16_t lee_recv(union nic_queue *q, struct nic_pkt *p, uint16_t n)
{
    return linux_e1000e_poll(&q->linux_e1000e, p, n);
}
static uint16_t lee_next(const union nic_queue *q)
{
    return (uint16_t)q->linux_e1000e.next_to_clean;
}
static void lee_work(union nic_queue *q, unsigned ns) { rx_work_set(&q->linux_e1000e.work, ns); }

static int lig_setup(union nic_queue *q, const struct gm_as *as, struct gm_region *gm,
                     uint16_t t, enum em_workaround w)
{
    (void)t;
    return linux_igb_ring_setup(&q->linux_igb, as, gm, w);
}
static void lig_reset(union nic_queue *q) { linux_igb_ring_reset(&q->linux_igb); }
static void lig_release(union nic_queue *q) { linux_igb_ring_release(&q->linux_igb); }
static uint16_t lig_recv(union nic_queue *q, struct nic_pkt *p, uint16_t n)
{
    return linux_igb_poll(&q->linux_igb, p, n);
}
static uint16_t lig_next(const union nic_queue *q)
{
    return (uint16_t)q->linux_igb.next_to_clean;
}
static void lig_work(union nic_queue *q, unsigned ns) { rx_work_set(&q->linux_igb.work, ns); }

/* Per-packet work before the clear or re-arm, derived from upstream (see
 * docs/status-word-race.md, "Driver work"): DPDK's PMDs allocate an mbuf
 * from the per-core mempool cache and issue prefetches, a few nanoseconds
 * (bench/rx_work measures an analogue); Linux unmaps the buffer, copies or
 * builds the skb and hands it to napi_gro_receive first, which costs
 * hundreds of nanoseconds per packet even for small frames. */
#define RX_WORK_DPDK_NS 10u
#define RX_WORK_LINUX_NS 500u
/* DPDK's defaults: em sets no default_rxconf (rx_free_thresh 0); igb's is
 * IGB_DEFAULT_RX_FREE_THRESH. */
#define EM_DEFAULT_RX_FREE_THRESH 0u
#define IGB_DEFAULT_RX_FREE_THRESH 32u

const struct nic_driver nic_drivers[NIC_DRV_COUNT] = {
    [NIC_DRV_DPDK_EM] = {"dpdk-em", "DPDK em PMD: legacy descriptors (RFCTL.EXTEN clear);"
                                    " re-arms buffer_addr, then status = 0",
                         "eth_em_recv_pkts", "dpdk-em", RX_FMT_LEGACY, false,
                         {[NIC_DEV_E1000] = true, [NIC_DEV_E1000E] = true}, EM_RING_MIN,
                         em_setup, em_reset, em_release, em_recv, em_next,
                         EM_DEFAULT_RX_FREE_THRESH, RX_WORK_DPDK_NS,
                         "rte_mbuf_raw_alloc and prefetches", em_work},
    [NIC_DRV_DPDK_IGB] = {"dpdk-igb", "DPDK igb PMD: advanced descriptors;"
                                      " re-arms hdr_addr = 0 (clears status_error), then pkt_addr",
                          "eth_igb_recv_pkts", "dpdk-igb", RX_FMT_ADVANCED, false,
                          {[NIC_DEV_IGB] = true}, EM_RING_MIN,
                          igb_setup, igb_reset, igb_release, igb_recv, igb_next,
                          IGB_DEFAULT_RX_FREE_THRESH, RX_WORK_DPDK_NS,
                          "rte_mbuf_raw_alloc and prefetches", igb_work},
    [NIC_DRV_LINUX_E1000] = {"linux-e1000", "Linux e1000: legacy descriptors; status = 0 after"
                                            " each, buffers re-armed in batches, then RDT",
                             "e1000_clean_rx_irq", "linux-e1000", RX_FMT_LEGACY, false,
                             {[NIC_DEV_E1000] = true}, EM_RING_MIN,
                             le_setup, le_reset, le_release, le_recv, le_next, 0,
                             RX_WORK_LINUX_NS, "dma_unmap_single, skb, napi_gro_receive",
                             le_work},
    [NIC_DRV_LINUX_E1000E] = {"linux-e1000e", "Linux e1000e: extended descriptors;"
                                              " status_error &= ~0xFF after each (read-modify-write)",
                              "e1000_clean_rx_irq (e1000e)", "linux-e1000e", RX_FMT_EXTENDED, false,
                              {[NIC_DEV_E1000E] = true}, LINUX_E1000E_RING_MIN,
                              lee_setup, lee_reset, lee_release, lee_recv, lee_next, 0,
                              RX_WORK_LINUX_NS, "dma_unmap_single, skb, napi_gro_receive",
                              lee_work},
    [NIC_DRV_LINUX_IGB] = {"linux-igb", "Linux igb: advanced descriptors; takes a descriptor when"
                                        " length != 0 (not DD), clears length after each re-arm",
                           "igb_clean_rx_irq", "linux-igb", RX_FMT_ADVANCED, true,
                           {[NIC_DEV_IGB] = true}, EM_RING_MIN,
                           lig_setup, lig_reset, lig_release, lig_recv, lig_next, 0,
                           RX_WORK_LINUX_NS, "igb_build_skb, napi_gro_receive", lig_work},
};

struct nic_ready_field nic_ready_field(const struct nic_driver *drv)
{
    if (drv->polls_length)
        return (struct nic_ready_field){offsetof(union e1000_adv_rx_desc, wb.upper.length), 2,
                                        true};
    return (struct nic_ready_field){rx_status_offset(drv->format), rx_status_len(drv->format),
                                    false};
}

bool nic_ready_field_done(const struct nic_ready_field *r, const volatile uint8_t *desc)
{
    if (r->length)
        return (desc[r->off] | desc[r->off + 1]) != 0;
    return (desc[r->off] & E1000_RXD_STAT_DD) != 0;
}

bool nic_desc_ready(const struct nic_driver *drv, const volatile uint8_t *desc)
{
    struct nic_ready_field r = nic_ready_field(drv);
    return nic_ready_field_done(&r, desc);
}

enum nic_driver_id nic_default_driver(enum nic_device_id dev)
{
    for (int d = 0; d < NIC_DRV_COUNT; d++)
        if (nic_drivers[d].binds[dev])
            return (enum nic_driver_id)d;
    return NIC_DRV_DPDK_EM;
}

const char *nic_pair_problem(enum nic_device_id dev, enum nic_driver_id drv)
{
    static char why[160];
    if (nic_drivers[drv].binds[dev])
        return NULL;
    int n = snprintf(why, sizeof(why), "%s does not drive %s (it drives:", nic_drivers[drv].name,
                     nic_devices[dev].name);
    for (int d = 0; d < NIC_DEV_COUNT && n < (int)sizeof(why); d++)
        if (nic_drivers[drv].binds[d])
            n += snprintf(why + n, sizeof(why) - (size_t)n, " %s", nic_devices[d].name);
    if (n < (int)sizeof(why))
        snprintf(why + n, sizeof(why) - (size_t)n, ")");
    return why;
}

/* The device may fill at most ring - 1 descriptors (RDT starts at the last
 * one and RDH must not reach it), and a DPDK driver writes RDT only once it
 * holds more than rx_free_thresh consumed descriptors. With rx_free_thresh
 * >= ring - 1 the driver can never hold that many: RDH meets RDT and stays
 * there, a ring hang that needs no race at all, so a verdict on it would
 * blame the race for the configuration. */
const char *nic_thresh_problem(unsigned ring, unsigned rx_free_thresh)
{
    static char why[200];
    if (ring >= 2 && rx_free_thresh <= ring - 2)
        return NULL;
    snprintf(why, sizeof(why),
             "rx_free_thresh %u with a ring of %u hangs without any race: the device fills at"
             " most %u descriptor%s and the driver gives none back until it holds %u; use at most %u",
             rx_free_thresh, ring, ring ? ring - 1 : 0, ring == 2 ? "" : "s", rx_free_thresh + 1,
             ring >= 2 ? ring - 2 : 0);
    return why;
}
