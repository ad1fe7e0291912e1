// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_driver.c - eth_em_recv_pkts, one call at a time. */
#include <stdint.h>
#include <string.h>

#include "model/detect.h"
#include "ring_fixture.h"
#include "tap.h"

static struct em_rx_queue rxq;
static struct nic_pkt pkts[16];

/* Mark descriptor i as the device would after a fill: DD|EOP, fill tag. */
static void fake_fill(struct gm_region *gm, uint32_t i, uint32_t tag)
{
    gm->rx_rings[i].length = 60;
    e1000_set_fill_tag((struct e1000_rx_desc *)&gm->rx_rings[i], tag);
    gm->rx_rings[i].status = E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP;
}

static struct gm_region *setup(uint32_t nb_desc, uint16_t thresh, enum em_workaround w)
{
    struct gm_region *gm = gm_alloc(nb_desc);
    em_rx_queue_setup(&rxq, &gm_as_live, gm, thresh, w);
    return gm;
}

static void test_setup(void)
{
    struct gm_region *gm = setup(8, 0, EM_WORKAROUND_NONE);
    int armed = 1;
    for (uint32_t i = 0; i < 8; i++)
        armed = armed && gm->rx_rings[i].buffer_addr == i + 1 && gm->rx_rings[i].status == 0;
    ok(armed, "setup arms descriptor i with buffer i+1, status 0");
    is_u(gm->rdlen, 128, "setup writes RDLEN = 8 * 16");
    is_u(gm->rdh, 0, "setup writes RDH = 0");
    is_u(gm->rdt, 7, "setup writes RDT = nb_desc - 1");
    em_rx_queue_release(&rxq);
    gm_free(gm);
}

static void test_consume(void)
{
    struct gm_region *gm = setup(8, 0, EM_WORKAROUND_NONE);

    is_u(eth_em_recv_pkts(&rxq, pkts, 4), 0, "nothing done: no packet");
    is_u(gm->rdt, 7, "nothing consumed: RDT not written");

    fake_fill(gm, 0, 0);
    fake_fill(gm, 1, 1);
    is_u(eth_em_recv_pkts(&rxq, pkts, 4), 2, "two done descriptors: two packets");
    is_u(pkts[0].rx_id, 0, "first packet from descriptor 0");
    is_u(pkts[0].buf_addr, 1, "first packet carries the buffer armed there");
    is_u(pkts[0].wb_buffer_addr, 1, "and the address the device left in the descriptor");
    is_u(pkts[0].fill_tag, 0, "and the fill tag");
    is_u(pkts[1].rx_id, 1, "second packet from descriptor 1");
    is_u(gm->rx_rings[0].buffer_addr, 9, "descriptor 0 re-armed with a fresh buffer (9)");
    is_u(gm->rx_rings[0].status, 0, "descriptor 0 status cleared");
    is_u(gm->rx_rings[1].buffer_addr, 10, "descriptor 1 re-armed with buffer 10");
    is_u(rxq.rx_tail, 2, "rx_tail is the next descriptor");
    is_u(gm->rdt, 1, "RDT = last processed (1) = next - 1");

    for (uint32_t i = 2; i < 8; i++)
        fake_fill(gm, i, i);
    is_u(eth_em_recv_pkts(&rxq, pkts, 4), 4, "burst size limits a call to 4");
    is_u(gm->rdt, 5, "RDT after the burst: 5");
    is_u(eth_em_recv_pkts(&rxq, pkts, 4), 2, "the remaining two");
    is_u(rxq.rx_tail, 0, "rx_tail wrapped to 0");
    is_u(gm->rdt, 7, "RDT = 7 when next is 0 (wraps backwards)");
    em_rx_queue_release(&rxq);
    gm_free(gm);
}

static void test_free_thresh(void)
{
    struct gm_region *gm = setup(16, 4, EM_WORKAROUND_NONE);
    fake_fill(gm, 0, 0);
    fake_fill(gm, 1, 1);
    is_u(eth_em_recv_pkts(&rxq, pkts, 4), 2, "thresh 4: two packets");
    is_u(gm->rdt, 15, "thresh 4: 2 held, RDT not written");
    is_u(rxq.nb_rx_hold, 2, "thresh 4: nb_rx_hold 2");
    for (uint32_t i = 2; i < 5; i++)
        fake_fill(gm, i, i);
    is_u(eth_em_recv_pkts(&rxq, pkts, 4), 3, "thresh 4: three more");
    is_u(gm->rdt, 4, "thresh 4: 5 held > 4, RDT written (last processed, 4)");
    is_u(rxq.nb_rx_hold, 0, "thresh 4: nb_rx_hold back to 0");
    em_rx_queue_release(&rxq);
    gm_free(gm);
}

static void test_stop_at_rdh(void)
{
    struct gm_region *gm = setup(8, 0, EM_WORKAROUND_STOP_AT_RDH);
    fake_fill(gm, 0, 0);
    fake_fill(gm, 1, 1);
    fake_fill(gm, 2, 2);
    gm->rdh = 2; /* the device is still writing descriptor 2 */
    is_u(eth_em_recv_pkts(&rxq, pkts, 4), 2, "stop-at-rdh: stops before the descriptor at RDH");
    is_u(gm->rx_rings[2].status & E1000_RXD_STAT_DD, E1000_RXD_STAT_DD,
         "stop-at-rdh: descriptor at RDH left alone although DD is set");
    gm->rdh = 3;
    is_u(eth_em_recv_pkts(&rxq, pkts, 4), 1, "stop-at-rdh: taken once RDH has moved past it");
    is_u(pkts[0].rx_id, 2, "stop-at-rdh: descriptor 2");
    em_rx_queue_release(&rxq);
    gm_free(gm);
}

/* Device and driver alternate in a fixed pseudo-random order on one thread:
 * every packet arrives intact, and the driver never writes an RDT equal to
 * RDH (DPDK's rule: RDH == RDT would tell the device it has nothing). */
static void test_alternation(enum em_workaround w, uint16_t thresh)
{
    const char *name = em_workarounds[w].name;
    struct gm_region *gm = setup(32, thresh, w);
    E1000State dev;
    struct rx_checker chk;
    struct rx_check_detail why;
    uint32_t lcg = 12345;
    unsigned events = 0, rdt_equal = 0, refused = 0;
    uint64_t consumed = 0;

    e1000_init(&dev, &gm_as_live, gm, E1000_FIX_NONE, &dma_copies[DMA_COPY_LIBC], 0);
    rx_checker_init(&chk, 32);
    for (int step = 0; step < 20000; step++) {
        lcg = lcg * 1103515245u + 12345u;
        unsigned fills = (lcg >> 16) % 6;
        if ((step / 500) % 2)
            fills *= 4; /* stretches where the device outruns the driver */
        for (unsigned i = 0; i < fills; i++)
            if (e1000_receive_iov(&dev, 60) < 0)
                refused++;
        uint32_t rdt_before = gm->rdt;
        uint16_t n = eth_em_recv_pkts(&rxq, pkts, (uint16_t)(1 + (lcg >> 24) % 8));
        if (gm->rdt != rdt_before && gm->rdt == gm->rdh)
            rdt_equal++;
        for (uint16_t i = 0; i < n; i++)
            events += rx_check_pkt(&chk, &pkts[i], &why) != 0;
        consumed += n;
    }
    ok(consumed > 10000, "%s/thresh %u: packets flowed (%llu)", name, thresh,
       (unsigned long long)consumed);
    ok(refused > 0, "%s/thresh %u: the device also met a full ring (%u times)", name, thresh, refused);
    is_u(events, 0, "%s/thresh %u: no stale address, double or wrong fill number", name, thresh);
    is_u(rdt_equal, 0, "%s/thresh %u: the driver never wrote RDT == RDH", name, thresh);
    is_u(consumed, dev.rx_fill_tag - (gm->rdh + 32 - rxq.rx_tail) % 32,
         "%s/thresh %u: consumed = filled - still in the ring", name, thresh);
    rx_checker_free(&chk);
    em_rx_queue_release(&rxq);
    gm_free(gm);
}

int main(void)
{
    test_setup();
    test_consume();
    test_free_thresh();
    test_stop_at_rdh();
    test_alternation(EM_WORKAROUND_NONE, 0);
    test_alternation(EM_WORKAROUND_NONE, 7);
    test_alternation(EM_WORKAROUND_STOP_AT_RDH, 0);
    return tap_done();
}
