// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_device.c - e1000_receive_iov and e1000_has_rxbufs, one call at a time. */
#include <stdint.h>
#include <string.h>

#include "ring_fixture.h"
#include "tap.h"

/* Hooks that perform every access directly and record each DMA write, so
 * the tests can see exactly what a fix hands to pci_dma_write. */
struct dma_record {
    size_t offset; /* from the start of the descriptor ring */
    size_t len;
    uint8_t bytes[16];
};
static struct dma_record records[8];
static int nrecords;
static struct gm_region *recorded_gm;

static void h_load(void *arg, void *dst, const volatile void *src, unsigned len) { (void)arg; memcpy(dst, (const void *)src, len); }
static void h_store(void *arg, volatile void *dst, const void *src, unsigned len) { (void)arg; memcpy((void *)dst, src, len); }
static void h_fence(void *arg) { (void)arg; }
static void h_dma_read(void *arg, void *dst, const volatile void *src, size_t len) { (void)arg; memcpy(dst, (const void *)src, len); }
static void h_dma_write(void *arg, volatile void *dst, const void *src, size_t len)
{
    (void)arg;
    if (nrecords < 8 && len <= 16) {
        records[nrecords].offset = (size_t)((const volatile uint8_t *)dst - (const volatile uint8_t *)recorded_gm->rx_rings);
        records[nrecords].len = len;
        memcpy(records[nrecords].bytes, src, len);
        nrecords++;
    }
    memcpy((void *)dst, src, len);
}
static const struct gm_hooks recording_hooks = {h_load, h_store, h_fence, h_dma_read, h_dma_write};

static E1000State dev;
/* The device's address space: live, but for test_dma_writes, which hooks
 * it to record. */
static struct gm_as as = {NULL, NULL};

static struct gm_region *setup(enum e1000_fix fix, uint32_t nb_desc, int null_buffers)
{
    struct gm_region *gm = gm_alloc(nb_desc);
    fixture_arm(gm, nb_desc, null_buffers);
    e1000_init(&dev, &as, gm, fix, &dma_copies[DMA_COPY_LIBC], 0);
    return gm;
}

static void test_one_fill(enum e1000_fix fix)
{
    const char *f = e1000_fixes[fix].name;
    struct gm_region *gm = setup(fix, 8, 0);

    is_u(e1000_receive_iov(&dev, 60), 60, "%s: receive returns the packet size", f);
    struct e1000_rx_desc d = fixture_desc(gm, 0);
    is_u(d.status, E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP | E1000_RXD_STAT_IXSM,
         "%s: status DD|EOP|IXSM, as QEMU sets it", f);
    is_u(d.length, 60, "%s: length is the packet size", f);
    is_u(d.buffer_addr, 100, "%s: buffer_addr written back unchanged", f);
    is_u(e1000_fill_tag(&d), 0, "%s: first fill is number 0", f);
    is_u(d.errors, 0, "%s: no errors", f);
    is_u(gm->rdh, 1, "%s: RDH advanced to 1", f);
    is_u(fixture_desc(gm, 1).status, 0, "%s: next descriptor untouched", f);

    is_u(e1000_receive_iov(&dev, 1), 60, "%s: short frame padded to 60", f);
    is_u(fixture_desc(gm, 1).length, 60, "%s: padded length", f);
    is_u(e1000_fill_tag(&gm->rx_rings[1]), 1, "%s: fill numbers count up", f);
    gm_free(gm);
}

static void test_dma_writes(void)
{
    struct gm_region *gm = setup(E1000_FIX_NONE, 8, 0);
    recorded_gm = gm;
    as.hooks = &recording_hooks;

    nrecords = 0;
    e1000_receive_iov(&dev, 60);
    is_u(nrecords, 1, "fix none: one DMA write per descriptor");
    is_u(records[0].offset, 0, "fix none: at the descriptor");
    is_u(records[0].len, 16, "fix none: all 16 bytes");
    is_u(records[0].bytes[12] & E1000_RXD_STAT_DD, E1000_RXD_STAT_DD,
         "fix none: the 16 bytes carry DD (the exposed write)");

    dev.fix = E1000_FIX_UPSTREAM;
    nrecords = 0;
    e1000_receive_iov(&dev, 60);
    is_u(nrecords, 2, "fix upstream: two DMA writes per descriptor");
    is_u(records[0].offset, 16, "fix upstream: first write at descriptor 1");
    is_u(records[0].len, 16, "fix upstream: first write is 16 bytes");
    is_u(records[0].bytes[12] & E1000_RXD_STAT_DD, 0, "fix upstream: ... with DD clear");
    is_u(records[0].bytes[12], E1000_RXD_STAT_EOP | E1000_RXD_STAT_IXSM,
         "fix upstream: ... and the other status bits set");
    is_u(records[1].offset, 16 + 12, "fix upstream: second write at the status byte");
    is_u(records[1].len, 1, "fix upstream: second write is 1 byte");
    is_u(records[1].bytes[0], E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP | E1000_RXD_STAT_IXSM,
         "fix upstream: second write sets DD");

    as.hooks = NULL;
    gm_free(gm);
}

static void test_has_rxbufs(void)
{
    struct gm_region *gm = setup(E1000_FIX_NONE, 8, 0);

    gm->rdh = 3; gm->rdt = 3;
    ok(!e1000_has_rxbufs(&dev, 60), "RDH == RDT: no free descriptor");
    gm->rdt = 4;
    ok(e1000_has_rxbufs(&dev, 60), "RDH != RDT: room for a short packet");
    /* 5000 bytes in 2048-byte buffers need 3 descriptors. */
    gm->rdh = 0; gm->rdt = 2;
    ok(!e1000_has_rxbufs(&dev, 5000), "2 free descriptors: no room for 3 buffers");
    gm->rdt = 3;
    ok(e1000_has_rxbufs(&dev, 5000), "3 free descriptors: room for 3 buffers");
    gm->rdh = 6; gm->rdt = 0;
    ok(!e1000_has_rxbufs(&dev, 5000), "wrapped, 2 free (6,7): no room for 3");
    gm->rdt = 1;
    ok(e1000_has_rxbufs(&dev, 5000), "wrapped, 3 free (6,7,0): room for 3");
    gm->rdh = 5; gm->rdt = 5;
    ok(!e1000_has_rxbufs(&dev, 5000), "RDH == RDT: no room for a long packet either");
    gm_free(gm);
}

static void test_no_room(void)
{
    struct gm_region *gm = setup(E1000_FIX_NONE, 8, 0);
    gm->rdh = 5; gm->rdt = 5;
    struct e1000_rx_desc before = fixture_desc(gm, 5);

    is_i(e1000_receive_iov(&dev, 60), -1, "RDH == RDT: packet refused (-1)");
    is_u(dev.rx_overrun, 1, "refusal counted as an overrun");
    is_u(gm->rdh, 5, "RDH unchanged");
    ok(memcmp(&before, (const void *)&gm->rx_rings[5], 16) == 0, "descriptor at RDH untouched");
    is_u(dev.rx_fill_tag, 0, "no fill numbered");
    gm_free(gm);
}

static void test_wrap_and_fill_all(void)
{
    struct gm_region *gm = setup(E1000_FIX_NONE, 8, 0);
    int filled = 0;
    while (e1000_receive_iov(&dev, 60) > 0)
        filled++;
    is_u(filled, 7, "a fresh ring takes 7 packets (RDT = 7 leaves one descriptor back)");
    is_u(gm->rdh, 7, "then RDH == RDT == 7");

    gm->rdt = 3; /* the guest gives back 0..2 */
    is_u(e1000_receive_iov(&dev, 60), 60, "after RDT moves, descriptor 7 is filled");
    is_u(gm->rdh, 0, "RDH wraps from 7 to 0");
    is_u(e1000_receive_iov(&dev, 60), 60, "descriptor 0 is filled next");
    is_u(gm->rdh, 1, "RDH 1");
    gm_free(gm);
}

static void test_multi_descriptor(void)
{
    struct gm_region *gm = setup(E1000_FIX_NONE, 8, 0);
    is_u(e1000_receive_iov(&dev, 3000), 3000, "3000-byte packet received");
    struct e1000_rx_desc d0 = fixture_desc(gm, 0), d1 = fixture_desc(gm, 1);
    is_u(d0.length, 2048, "first descriptor holds a full 2048-byte buffer");
    is_u(d0.status, E1000_RXD_STAT_DD, "first descriptor: DD, no EOP");
    is_u(d1.length, 952, "second descriptor holds the rest");
    is_u(d1.status, E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP | E1000_RXD_STAT_IXSM,
         "second descriptor: DD|EOP|IXSM");
    is_u(gm->rdh, 2, "RDH advanced by 2");
    gm_free(gm);
}

static void test_null_buffers(void)
{
    /* Every buffer_addr 0: QEMU skips each descriptor (written back with
     * DD, without EOP) until RDH comes back to where it started. */
    struct gm_region *gm = setup(E1000_FIX_NONE, 8, 1);
    is_i(e1000_receive_iov(&dev, 60), -1, "all-null ring: packet dropped (-1)");
    is_u(dev.rx_null_desc, 8, "all 8 descriptors skipped");
    is_u(gm->rdh, 0, "RDH wrapped back to rdh_start");
    is_u(dev.rx_overrun, 1, "drop counted as an overrun");
    struct e1000_rx_desc d = fixture_desc(gm, 3);
    is_u(d.status, E1000_RXD_STAT_DD, "skipped descriptor: DD without EOP");
    is_u(d.length, 0, "skipped descriptor: length 0");
    gm_free(gm);
}

static void test_rdh_start_guard(void)
{
    /* RDH beyond the ring (RDLEN says 8, RDH 9): QEMU writes one descriptor
     * and then refuses. The region has 16 so the stray write stays inside. */
    struct gm_region *gm = setup(E1000_FIX_NONE, 16, 0);
    gm->rdlen = 8 * 16;
    gm->rdh = 9;
    gm->rdt = 3;
    is_i(e1000_receive_iov(&dev, 60), -1, "RDH beyond RDLEN: packet refused (-1)");
    is_u(dev.rx_overrun, 1, "counted as an overrun");
    is_u(gm->rdh, 0, "RDH wrapped to 0");
    gm_free(gm);
}

int main(void)
{
    test_one_fill(E1000_FIX_NONE);
    test_one_fill(E1000_FIX_UPSTREAM);
    test_dma_writes();
    test_has_rxbufs();
    test_no_room();
    test_wrap_and_fill_all();
    test_multi_descriptor();
    test_null_buffers();
    test_rdh_start_guard();
    return tap_done();
}
