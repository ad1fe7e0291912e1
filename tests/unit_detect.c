// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_detect.c - each detector on a deterministically injected fault (the
 * seed's log lines: unit_seedlog.c). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/detect.h"
#include "output/out_run.h"
#include "ring_fixture.h"
#include "tap.h"

static struct gm_region *gm;
static E1000State dev;
static struct em_rx_queue rxq;
static struct rx_checker chk;
static unsigned seen;        /* events seen so far, OR-ed */
static unsigned last_events; /* events of the last packet */

static void setup(void)
{
    gm = gm_alloc(8);
    em_rx_queue_setup(&rxq, &gm_as_live, gm, 0, EM_WORKAROUND_NONE);
    e1000_init(&dev, &gm_as_live, gm, E1000_FIX_NONE, &dma_copies[DMA_COPY_LIBC], 0);
    rx_checker_init(&chk, 8);
    seen = last_events = 0;
}

static void teardown(void)
{
    rx_checker_free(&chk);
    em_rx_queue_release(&rxq);
    gm_free(gm);
}

/* One driver call; returns packets, records their events. */
static unsigned drive(uint16_t burst)
{
    struct nic_pkt pkts[8];
    struct rx_check_detail why;
    uint16_t n = eth_em_recv_pkts(&rxq, pkts, burst);
    for (uint16_t i = 0; i < n; i++) {
        last_events = rx_check_pkt(&chk, &pkts[i], &why);
        seen |= last_events;
    }
    return n;
}

static unsigned fill(unsigned n)
{
    unsigned done = 0;
    while (done < n && e1000_receive_iov(&dev, 60) > 0)
        done++;
    return done;
}

/* Descriptor 0 is filled and consumed; then "store 2" of the device's copy
 * lands late and puts back `late` over the driver's re-arm. */
static void race_on_descriptor_0(struct e1000_rx_desc *late)
{
    fill(1);
    *late = fixture_desc(gm, 0); /* the 16 bytes the device wrote */
    drive(4);
}

static void test_stale_and_double_then_hang(void)
{
    struct e1000_rx_desc late;
    setup();
    race_on_descriptor_0(&late);
    is_u(gm->rx_rings[0].buffer_addr, 9, "driver re-armed descriptor 0 with buffer 9");
    memcpy((void *)&gm->rx_rings[0], &late, sizeof(late)); /* old address, old fill, DD */
    is_u(seen, 0, "no event before the driver comes round");

    is_u(fill(8), 7, "device fills 1..7, then RDH == RDT == 0");
    is_u(drive(4), 4, "driver consumes 1..4");
    is_u(drive(4), 4, "driver consumes 5..7 and the resurrected 0");
    is_u(last_events, RX_EV_BIT(RX_EV_STALE_ADDR) | RX_EV_BIT(RX_EV_DOUBLE),
         "resurrected descriptor: stale address and double consumption");
    is_u(gm->rdh, gm->rdt, "the double consumption leaves RDH == RDT");
    is_u(gm->rdh, 0, "... both 0");
    is_u(fill(1), 0, "the device now sees no free descriptor");
    is_u(drive(4), 0, "and the driver waits on descriptor 1, never filled");

    /* The hang watch on what the live run would sample. */
    struct hang_watch w;
    struct hang_sample s = {
        .now_ns = 1000000000u, .rdh = gm->rdh, .rdt = gm->rdt, .driver_next = rxq.rx_tail,
        .next_ready = (gm->rx_rings[rxq.rx_tail].status & E1000_RXD_STAT_DD) != 0, .fills = dev.rx_fill_tag,
        .consumed = chk.consumed, .empty_polls = 100,
    };
    const uint64_t hang_ns = 10000000u;
    hang_watch_reset(&w);
    ok(!hang_watch_update(&w, &s, hang_ns), "hang watch: first stuck sample only arms");
    s.now_ns += 5000000u;
    s.empty_polls += 50;
    ok(!hang_watch_update(&w, &s, hang_ns), "hang watch: stuck 5 ms < 10 ms: not yet");
    s.now_ns += 5000000u;
    s.empty_polls += 50;
    ok(hang_watch_update(&w, &s, hang_ns), "hang watch: stuck 10 ms while the driver polls: hang");

    /* --continue's recovery: start the ring over, and it works again. */
    em_rx_queue_reset(&rxq);
    rx_checker_resync(&chk, dev.rx_fill_tag);
    seen = 0;
    is_u(gm->rdh, 0, "recovery: RDH 0");
    is_u(gm->rdt, 7, "recovery: RDT 7");
    is_u(rxq.rx_tail, 0, "recovery: the driver starts at descriptor 0");
    unsigned got = 0;
    for (int round = 0; round < 6; round++) {
        fill(5);
        got += drive(8);
    }
    is_u(got, 30, "recovery: 30 packets through the restarted ring");
    is_u(seen, 0, "recovery: no event after the restart");
    teardown();
}

static void test_double_with_fresh_address(void)
{
    struct e1000_rx_desc late;
    setup();
    race_on_descriptor_0(&late);
    /* Only the status came back (what a separately written status word can
     * do): the driver's fresh buffer survives, the old fill number with it. */
    late.buffer_addr = gm->rx_rings[0].buffer_addr;
    memcpy((void *)&gm->rx_rings[0], &late, sizeof(late));
    fill(8);
    drive(4);
    drive(4);
    is_u(last_events, RX_EV_BIT(RX_EV_DOUBLE), "fresh address, old fill: double consumption only");
    teardown();
}

static void test_stale_refilled_by_device(void)
{
    struct e1000_rx_desc late;
    setup();
    race_on_descriptor_0(&late);
    memcpy((void *)&gm->rx_rings[0], &late, sizeof(late));
    fill(8);
    drive(4);
    drive(3); /* 5..7: the driver stops short of descriptor 0 */
    is_u(seen, 0, "no event yet");
    is_u(fill(1), 1, "the device refills descriptor 0 first (reading the old address)");
    is_u(drive(4), 1, "the driver takes it");
    is_u(last_events, RX_EV_BIT(RX_EV_STALE_ADDR),
         "refilled with the old address: stale address only, the fill is new");
    teardown();
}

static void test_wrong_fill(void)
{
    struct rx_checker c;
    struct rx_check_detail why;
    struct nic_pkt p = {.buf_addr = 5, .wb_buffer_addr = 5};
    rx_checker_init(&c, 8);
    p.rx_id = 0; p.fill_tag = 0;
    is_u(rx_check_pkt(&c, &p, &why), 0, "fill 0 in order");
    p.rx_id = 1; p.fill_tag = 2;
    is_u(rx_check_pkt(&c, &p, &why), RX_EV_BIT(RX_EV_WRONG_FILL), "fill 2 after 0: wrong fill number");
    is_u(why.expected_tag, 1, "expected fill 1");
    p.rx_id = 2; p.fill_tag = 3;
    is_u(rx_check_pkt(&c, &p, &why), 0, "fill 3 after 2: in order again");
    is_u(why.prev_addr, 5, "previous address reported");
    rx_checker_free(&c);
}

/* Extended and advanced write-back: the 16-bit tag in vlan, the used
 * buffer's low half in rss. */
static void test_writeback_checks(void)
{
    struct rx_checker c;
    struct rx_check_detail why;
    struct nic_pkt p = {.format = RX_FMT_ADVANCED};
    rx_checker_init(&c, 4);
    for (uint32_t fill = 0; fill < 8; fill++) {
        p.rx_id = (uint16_t)(fill % 4);
        p.buf_addr = p.wb_buffer_addr = 100 + fill;
        p.fill_tag = e1000_fill_tag16(fill);
        if (rx_check_pkt(&c, &p, &why) != 0)
            break;
    }
    is_u(c.expect_tag, 8, "write-back: eight fills in order, nothing detected");
    p.rx_id = 0;
    p.fill_tag = e1000_fill_tag16(4); /* slot 0's last fill, again */
    p.buf_addr = 200;
    p.wb_buffer_addr = 7; /* not a fill's: not looked at */
    is_u(rx_check_pkt(&c, &p, &why), RX_EV_BIT(RX_EV_DOUBLE),
         "write-back: the same tag twice in a slot is a double consumption (and only that)");
    p.fill_tag = 0;
    is_u(rx_check_pkt(&c, &p, &why), RX_EV_BIT(RX_EV_DOUBLE),
         "write-back: vlan 0 (zeroed by the re-arm, DD put back) is a double consumption");
    p.rx_id = 0;
    p.fill_tag = e1000_fill_tag16(8);
    p.buf_addr = 300;
    p.wb_buffer_addr = 299;
    is_u(rx_check_pkt(&c, &p, &why), RX_EV_BIT(RX_EV_STALE_ADDR),
         "write-back: a real fill in another buffer than the armed one is a stale address");
    p.rx_id = 1;
    p.fill_tag = e1000_fill_tag16(11);
    p.wb_buffer_addr = p.buf_addr = 301;
    is_u(rx_check_pkt(&c, &p, &why), RX_EV_BIT(RX_EV_WRONG_FILL),
         "write-back: fill 11 when 9 was due is a wrong fill");
    is_u(c.expect_tag, 12, "write-back: ... and the checker resynchronises on it");
    p.rx_id = 2;
    p.fill_tag = e1000_fill_tag16(12);
    is_u(rx_check_pkt(&c, &p, &why), 0, "write-back: fill 12 then is in order");
    /* Across the tag's wrap: fill 65535 has tag 1 again. */
    c.expect_tag = 65534;
    p.rx_id = 3;
    p.fill_tag = e1000_fill_tag16(65534);
    is_u(rx_check_pkt(&c, &p, &why), 0, "write-back: fill 65534 (tag 65535) in order");
    p.rx_id = 0;
    p.fill_tag = e1000_fill_tag16(65535);
    is_u(p.fill_tag, 1, "the 16-bit tag wraps to 1, never 0");
    is_u(rx_check_pkt(&c, &p, &why), 0, "write-back: fill 65535 (tag 1) in order across the wrap");
    rx_checker_free(&c);
}

static void test_hang_watch_negatives(void)
{
    struct hang_watch w;
    const uint64_t ms = 1000000u;
    struct hang_sample s = {.now_ns = 0, .rdh = 4, .rdt = 4, .driver_next = 5, .next_ready = false,
                            .fills = 10, .consumed = 10, .empty_polls = 0};

    hang_watch_reset(&w);
    hang_watch_update(&w, &s, 10 * ms);
    s.now_ns = 100 * ms;
    ok(!hang_watch_update(&w, &s, 10 * ms), "stuck 100 ms but the driver did not poll: not a hang");

    hang_watch_reset(&w);
    s.next_ready = true;
    s.now_ns = 0;
    hang_watch_update(&w, &s, 10 * ms);
    s.now_ns = 100 * ms;
    s.empty_polls = 1000;
    ok(!hang_watch_update(&w, &s, 10 * ms),
       "RDH == RDT with DD set where the driver polls (ring full): not a hang");

    hang_watch_reset(&w);
    s.next_ready = false;
    s.rdt = 3;
    s.now_ns = 0;
    hang_watch_update(&w, &s, 10 * ms);
    s.now_ns = 100 * ms;
    s.empty_polls = 2000;
    ok(!hang_watch_update(&w, &s, 10 * ms), "RDH != RDT: not a hang");

    hang_watch_reset(&w);
    s.rdt = 4;
    s.now_ns = 0;
    hang_watch_update(&w, &s, 10 * ms);
    s.now_ns = 9 * ms;
    s.fills = 11; /* the device moved */
    s.empty_polls = 3000;
    ok(!hang_watch_update(&w, &s, 10 * ms), "progress restarts the stretch");
    s.now_ns = 18 * ms;
    s.empty_polls = 4000;
    ok(!hang_watch_update(&w, &s, 10 * ms), "9 ms since the progress: not yet");
    s.now_ns = 19 * ms;
    s.empty_polls = 5000;
    ok(hang_watch_update(&w, &s, 10 * ms), "10 ms since the progress: hang");
}

int main(void)
{
    test_stale_and_double_then_hang();
    test_double_with_fresh_address();
    test_stale_refilled_by_device();
    test_wrong_fill();
    test_writeback_checks();
    test_hang_watch_negatives();
    return tap_done();
}
