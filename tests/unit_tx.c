// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_tx.c - the TX path: QEMU's three TX write-backs, the drivers' reclaim
 * one call at a time, and the explorer's verdict per device x driver x copy
 * routine held to what the store patterns argue. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "explain/pattern.h"
#include "explain/tx.h"
#include "explain/tx_search.h"
#include "model/device/tx.h"
#include "model/driver/em_tx.h"
#include "model/driver/igb_tx.h"
#include "model/driver/linux_e1000_tx.h"
#include "tap.h"

/* ---- the model run live (no hooks): the TDT write runs the device ---- */

static TXState dev;
static uint64_t cur[TX_RING_MAX];
static unsigned nsent, nreclaimed, bad;

static void t_sent(void *arg, unsigned i, uint64_t buf)
{
    (void)arg;
    nsent++;
    bad += buf != cur[i];
}
static void t_filled(void *arg, unsigned i, uint64_t buf)
{
    (void)arg;
    cur[i] = buf;
}
static void t_reclaimed(void *arg, unsigned i, uint64_t buf)
{
    (void)arg;
    (void)buf;
    nreclaimed++;
    bad += cur[i] == 0; /* nothing handed over there */
    cur[i] = 0;
}
static void t_tdt(void *arg)
{
    (void)arg;
    tx_device_start_xmit(&dev);
}

static struct tx_region *region(enum tx_device_kind kind)
{
    struct tx_region *r = aligned_alloc(4096, sizeof(struct tx_region));
    if (r == NULL)
        abort();
    memset(r, 0, sizeof(*r));
    memset(cur, 0, sizeof(cur));
    nsent = nreclaimed = bad = 0;
    tx_device_init(&dev, &gm_as_live, r, kind, E1000_FIX_NONE, &dma_copies[DMA_COPY_SINGLE]);
    return r;
}
static void wire(struct tx_region *r)
{
    r->ev = (struct tx_events){t_sent, t_filled, t_reclaimed, t_tdt, NULL};
}

static uint8_t status_of(struct tx_region *r, unsigned i) { return r->ring[16u * i + TX_STATUS_OFF]; }

static void test_writebacks(void)
{
    /* e1000: DD written back only where RS is set. */
    struct tx_region *r = region(TX_DEV_E1000);
    struct e1000_tx_desc d = {0};
    r->tdlen = 64;
    d.buffer_addr = 0x1000;
    d.lower.data = E1000_TXD_CMD_EOP | 60u; /* no RS */
    memcpy(&r->ring[0], &d, 16);
    d.lower.data |= E1000_TXD_CMD_RS;
    memcpy(&r->ring[16], &d, 16);
    r->tdt = 2;
    start_xmit(&dev);
    is_u(r->tdh, 2, "e1000 start_xmit sends up to TDT");
    is_u(status_of(r, 0) & E1000_TXD_STAT_DD, 0, "e1000: no RS, no write-back");
    is_u(status_of(r, 1) & E1000_TXD_STAT_DD, 1, "e1000: RS, DD written back");
    free(r);

    /* e1000e with IVAR.TX_INT_EVERY_WB: every descriptor written back. */
    r = region(TX_DEV_E1000E);
    dev.every_wb = true;
    r->tdlen = 64;
    d.lower.data = E1000_TXD_CMD_EOP | 60u;
    memcpy(&r->ring[0], &d, 16);
    r->tdt = 1;
    e1000e_start_xmit(&dev);
    is_u(status_of(r, 0) & E1000_TXD_STAT_DD, 1, "e1000e every_wb: DD without RS");
    free(r);

    /* igb: 16 bytes of wb, rsvd and nxtseq_seed as read. */
    r = region(TX_DEV_IGB);
    r->tdlen = 64;
    union e1000_adv_tx_desc a;
    memset(&a, 0, sizeof(a));
    a.read.buffer_addr = 0xabc000;
    a.read.cmd_type_len = E1000_ADVTXD_DCMD_EOP | E1000_ADVTXD_DCMD_RS | 60u;
    memcpy(&r->ring[0], &a, 16);
    r->tdt = 1;
    igb_start_xmit(&dev);
    union e1000_adv_tx_desc back;
    memcpy(&back, &r->ring[0], 16);
    ok(back.wb.rsvd == 0xabc000 && (back.wb.status & E1000_TXD_STAT_DD),
       "igb: wb written whole, the buffer address kept, DD set");
    free(r);
}

static void test_dpdk(void)
{
    struct tx_region *r = region(TX_DEV_E1000);
    struct em_tx_queue q;
    ok(em_tx_queue_setup(&q, &gm_as_live, r, 8, 4, 4) == 0, "em: ring 8, thresholds 4");
    wire(r);
    unsigned queued = 0;
    for (unsigned p = 0; p < 20; p++) {
        uint64_t buf = 0x10000u * (p + 1);
        queued += eth_em_xmit_pkts(&q, &buf, 1);
    }
    is_u(queued, 20, "em: 20 frames through a ring of 8");
    is_u(nsent, 20, "em: each sent once");
    is_u(bad, 0, "em: every buffer freed after it was sent, each sent as filled");
    free(r);

    r = region(TX_DEV_IGB);
    struct igb_tx_queue iq;
    ok(igb_tx_queue_setup(&iq, &gm_as_live, r, 4) == 0, "igb: ring 4");
    wire(r);
    queued = 0;
    for (unsigned p = 0; p < 10; p++) {
        uint64_t buf = 0x10000u * (p + 1);
        queued += eth_igb_xmit_pkts(&iq, &buf, 1);
    }
    is_u(queued, 10, "igb: 10 frames through a ring of 4");
    is_u(bad, 0, "igb: every buffer freed after it was sent");
    free(r);
}

/* The mechanism behind the Linux verdict, by hand: DD put back on a
 * descriptor after the clean zeroed it (what a second store of one
 * write-back does) makes a later clean take a stale next_to_watch for done. */
static void test_linux_stale_dd(bool e1000e)
{
    struct tx_region *r = region(e1000e ? TX_DEV_E1000E : TX_DEV_E1000);
    struct e1000_tx_ring tx;
    const char *n = e1000e ? "e1000e" : "e1000";
    ok(linux_e1000_tx_setup(&tx, &gm_as_live, r, 4, e1000e) == 0, "%s: ring 4", n);
    wire(r);
    ok(e1000_xmit_frame(&tx, 1, 0x10000), "%s: frame 1 queued and sent", n);
    is_u(e1000_clean_tx_irq(&tx), 1, "%s: the clean takes it", n);
    is_u(status_of(r, 0) & E1000_TXD_STAT_DD, 0, "%s: the clean zeroed its DD", n);
    r->ring[TX_STATUS_OFF] |= E1000_TXD_STAT_DD; /* the write-back's second store */
    ok(e1000_xmit_frame(&tx, 2, 0x20000), "%s: frame 2 queued and sent", n);
    unsigned cleaned = e1000_clean_tx_irq(&tx);
    if (e1000e) /* it stops at next_to_use; the next call starts there */
        cleaned += e1000_clean_tx_irq(&tx);
    ok(cleaned > 1 && bad > 0, "%s: the clean reclaimed a descriptor never handed over (%u)", n,
       cleaned);
    /* next_to_clean went around the ring and stopped behind next_to_use, on
     * a descriptor the clean zeroed itself: nothing will ever be cleaned. */
    ok(r->next_to_clean != r->next_to_use, "%s: next_to_clean is off next_to_use", n);
    ok(!e1000_xmit_frame(&tx, 3, 0x30000) && e1000_clean_tx_irq(&tx) == 0,
       "%s: the queue stays stopped: xmit refuses, the clean frees nothing", n);
    free(r);
}

/* ---- the explorer's verdicts, argued from the store patterns ---- */

/* Does the copy store the DD byte (descriptor byte 12) more than once in
 * the write-back? Then the clean can zero DD between two of them. */
static int dd_stored_twice(enum dma_copy_id id, size_t len, size_t off)
{
    struct dma_pattern p;
    const char *why;
    if (xp_copy_pattern(id, len, off, &p, &why) != 0)
        return -1;
    unsigned n = 0;
    for (unsigned i = 0; i < p.n; i++)
        n += off + p.s[i].off <= TX_STATUS_OFF && TX_STATUS_OFF < off + p.s[i].off + p.s[i].len;
    return n > 1;
}

static void test_verdicts(void)
{
    static const struct {
        enum nic_device_id dev;
        enum nic_driver_id drv;
    } pairs[] = {{NIC_DEV_E1000, NIC_DRV_LINUX_E1000}, {NIC_DEV_E1000E, NIC_DRV_LINUX_E1000E},
                 {NIC_DEV_E1000, NIC_DRV_DPDK_EM}, {NIC_DEV_E1000E, NIC_DRV_DPDK_EM},
                 {NIC_DEV_IGB, NIC_DRV_DPDK_IGB}};
    for (unsigned k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++) {
        for (int cp = 0; cp < DMA_COPY_COUNT; cp++) {
            struct xt_config c = {pairs[k].dev, pairs[k].drv, E1000_FIX_NONE,
                                  (enum dma_copy_id)cp, 0, 0, 1};
            xt_config_defaults(&c);
            bool igb = c.device == NIC_DEV_IGB;
            int twice = dd_stored_twice(c.copy, igb ? 16 : 4, igb ? 0 : 12);
            const char *name = dma_copies[cp].name;
            if (twice < 0) {
                printf("ok %d - # SKIP %s/%s/%s: no store pattern here\n", ++tap_count,
                       nic_devices[c.device].name, nic_drivers[c.driver].name, name);
                continue;
            }
            struct xt_result res;
            const char *why;
            if (!ok(xt_search(&c, &res, &why) == 0, "%s/%s/%s explored",
                    nic_devices[c.device].name, nic_drivers[c.driver].name, name))
                continue;
            bool want = xt_two_vcpus(&c) && twice;
            ok((res.violations != 0) == want, "%s/%s/%s: %s", nic_devices[c.device].name,
               nic_drivers[c.driver].name, name,
               want ? "exposed: DD stored twice, the clean on another vCPU"
                    : twice ? "not exposed: one context" : "not exposed: DD stored once");
            if (!xt_two_vcpus(&c))
                is_u(res.executions, 1, "%s/%s/%s: one context, one execution",
                     nic_devices[c.device].name, nic_drivers[c.driver].name, name);
            if (want)
                ok(res.violations & (1u << XT_V_UNOWNED), "... and the violation is unowned");
            /* The patch's shape: DD alone, in a 1-byte write. */
            c.fix = E1000_FIX_DD_BYTE;
            if (xt_two_vcpus(&c) && xt_search(&c, &res, &why) == 0)
                is_u(res.violations, 0, "%s/%s/%s with dd-byte: clean",
                     nic_devices[c.device].name, nic_drivers[c.driver].name, name);
        }
    }
}

static void test_config(void)
{
    struct xt_config c = {NIC_DEV_IGB, NIC_DRV_LINUX_IGB, E1000_FIX_NONE, DMA_COPY_SINGLE, 4, 4, 1};
    ok(xt_config_problem(&c) != NULL, "linux-igb's TX is refused, not half-modelled");
    c = (struct xt_config){NIC_DEV_E1000, NIC_DRV_LINUX_E1000, E1000_FIX_ATOMIC_STATUS,
                           DMA_COPY_SINGLE, 4, 4, 1};
    ok(xt_config_problem(&c) != NULL, "a fix with no TX meaning is refused");
    c.fix = E1000_FIX_NONE;
    c.ring = 3;
    ok(xt_config_problem(&c) != NULL, "a ring below 4 is refused");
}

int main(void)
{
    test_writebacks();
    test_dpdk();
    test_linux_stale_dd(false);
    test_linux_stale_dd(true);
    test_config();
    test_verdicts();
    return tap_done();
}
