// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_nic.c - the e1000e and igb device models, the dpdk-igb, linux-e1000
 * linux-e1000e and linux-igb driver models, one call at a time; the order of writes
 * each fix makes for a 4-byte status field; and every device/driver pair
 * the tables allow, alternating on one thread with nothing detected. */
#include <stdint.h>
#include <string.h>

#include "model/detect.h"
#include "model/device/e1000e.h"
#include "model/device/igb.h"
#include "model/nic.h"
#include "tap.h"

/* ---- hooks that record what the device writes, in order ---------------- */

struct write_record {
    char kind; /* 'D': pci_dma_write, 'S': plain store, 'F': fence */
    size_t off; /* from the start of the ring */
    size_t len;
    uint8_t bytes[16];
};
static struct write_record rec[16];
static int nrec;
static struct gm_region *rec_gm;

static void note(char kind, const volatile void *dst, const void *src, size_t len)
{
    if (nrec < 16) {
        rec[nrec].kind = kind;
        rec[nrec].off = dst ? (size_t)((const volatile uint8_t *)dst -
                                       (const volatile uint8_t *)rec_gm->rx_rings)
                            : 0;
        rec[nrec].len = len;
        if (src && len <= 16)
            memcpy(rec[nrec].bytes, src, len);
        nrec++;
    }
}
static void h_load(void *arg, void *dst, const volatile void *src, unsigned len) { (void)arg; memcpy(dst, (const void *)src, len); }
static void h_store(void *arg, volatile void *dst, const void *src, unsigned len)
{
    (void)arg;
    const volatile uint8_t *p = dst;
    /* Only stores into the ring are the device's write-back; registers are
     * not recorded. */
    if (p >= (const volatile uint8_t *)rec_gm->rx_rings)
        note('S', dst, src, len);
    memcpy((void *)dst, src, len);
}
static void h_fence(void *arg) { (void)arg; note('F', NULL, NULL, 0); }
static void h_dma_read(void *arg, void *dst, const volatile void *src, size_t len) { (void)arg; memcpy(dst, (const void *)src, len); }
static void h_dma_write(void *arg, volatile void *dst, const void *src, size_t len)
{
    (void)arg;
    note('D', dst, src, len);
    memcpy((void *)dst, src, len);
}
static const struct gm_hooks recording = {h_load, h_store, h_fence, h_dma_read, h_dma_write};
/* The address space device and driver share: live, but for the recording
 * test, which hooks it around one receive. */
static struct gm_as as = {NULL, NULL};

static E1000State dev;
static union nic_queue q;
static struct nic_pkt pkts[64];

/* A ring set up by the driver model, and the device over it. */
static struct gm_region *pair(enum nic_device_id d, enum nic_driver_id k, uint32_t ring,
                              enum e1000_fix fix)
{
    struct gm_region *gm = gm_alloc(ring);
    nic_drivers[k].setup(&q, &as, gm, 0, EM_WORKAROUND_NONE);
    e1000_init(&dev, &as, gm, fix, &dma_copies[DMA_COPY_LIBC], 0);
    (void)d;
    return gm;
}

static void unpair(enum nic_driver_id k, struct gm_region *gm)
{
    nic_drivers[k].release(&q);
    gm_free(gm);
}

/* ---- devices ------------------------------------------------------------ */

static void test_e1000e_formats(void)
{
    struct gm_region *gm = pair(NIC_DEV_E1000E, NIC_DRV_LINUX_E1000E, 32, E1000_FIX_NONE);
    ok(gm->rfctl & E1000_RFCTL_EXTEN, "linux-e1000e sets RFCTL.EXTEN");
    is_u(e1000e_receive_iov(&dev, 60), 60, "e1000e, extended: a packet received");
    const volatile union e1000_rx_desc_extended *x = (const volatile void *)&gm->rx_rings[0];
    is_u(x->wb.upper.status_error, E1000_RXD_STAT_DD_32 | E1000_RXD_STAT_EOP_32,
         "extended write-back: status_error DD|EOP");
    is_u(x->wb.upper.length, 60, "extended write-back: length");
    is_u(x->wb.upper.vlan, 1, "extended write-back: vlan = 16-bit fill tag of fill 0 (1)");
    is_u(x->wb.lower.rss, 1, "extended write-back: rss = the buffer the device used (1)");
    is_u(x->wb.lower.mrq, 0, "extended write-back: mrq 0 (the buffer address is overwritten)");
    is_u(gm->rdh, 1, "RDH advanced");
    unpair(NIC_DRV_LINUX_E1000E, gm);

    gm = pair(NIC_DEV_E1000E, NIC_DRV_DPDK_EM, 8, E1000_FIX_NONE);
    ok(!(gm->rfctl & E1000_RFCTL_EXTEN), "dpdk-em leaves RFCTL.EXTEN clear");
    is_u(e1000e_receive_iov(&dev, 60), 60, "e1000e, legacy: a packet received");
    is_u(gm->rx_rings[0].status, E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP | E1000_RXD_STAT_IXSM,
         "legacy write-back from e1000e: DD|EOP|IXSM");
    is_u(gm->rx_rings[0].buffer_addr, 1, "legacy write-back keeps buffer_addr");
    is_u(e1000_fill_tag(&gm->rx_rings[0]), 0, "legacy write-back: 32-bit fill tag 0");
    gm->rdh = 5;
    gm->rdt = 5;
    is_i(e1000e_receive_iov(&dev, 60), -1, "RDH == RDT: refused");
    unpair(NIC_DRV_DPDK_EM, gm);
}

static void test_igb_device(void)
{
    struct gm_region *gm = pair(NIC_DEV_IGB, NIC_DRV_DPDK_IGB, 8, E1000_FIX_NONE);
    is_u(gm->rdt, 7, "dpdk-igb: RDT = nb_desc - 1");
    is_u(igb_receive_iov(&dev, 60), 60, "igb: a packet received");
    const volatile union e1000_adv_rx_desc *a = (const volatile void *)&gm->rx_rings[0];
    is_u(a->wb.upper.status_error, E1000_RXD_STAT_DD_32 | E1000_RXD_STAT_EOP_32,
         "advanced write-back: status_error DD|EOP");
    is_u(a->wb.upper.vlan, 1, "advanced write-back: vlan = 16-bit fill tag");
    is_u(a->wb.lower.rss, 1, "advanced write-back: rss = the buffer used");
    is_u(igb_receive_iov(&dev, 3000), 3000, "igb: a 3000-byte packet over two descriptors");
    is_u(a[1].wb.upper.status_error, E1000_RXD_STAT_DD_32, "first of two: DD, no EOP");
    is_u(a[2].wb.upper.length, 952, "second of two: the rest, 952 bytes");
    is_u(gm->rdh, 3, "RDH advanced by 3");
    unpair(NIC_DRV_DPDK_IGB, gm);
}

/* The order of writes each fix makes for the 4-byte status_error. */
static void test_fix_order_4byte(void)
{
    for (int fix = 0; fix < E1000_FIX_COUNT; fix++) {
        const char *name = e1000_fixes[fix].name;
        struct gm_region *gm = pair(NIC_DEV_IGB, NIC_DRV_DPDK_IGB, 8, (enum e1000_fix)fix);
        rec_gm = gm;
        nrec = 0;
        as.hooks = &recording;
        igb_receive_iov(&dev, 60);
        as.hooks = NULL;
        /* Fences: one before every DMA access and the atomic store's. */
        struct write_record w[8];
        int n = 0;
        for (int i = 0; i < nrec && n < 8; i++)
            if (rec[i].kind != 'F')
                w[n++] = rec[i];
        switch (fix) {
        case E1000_FIX_NONE:
            ok(n == 1 && w[0].kind == 'D' && w[0].len == 16 && (w[0].bytes[8] & 1),
               "%s: one 16-byte DMA write with DD", name);
            break;
        case E1000_FIX_UPSTREAM:
            ok(n == 2 && w[0].kind == 'D' && w[0].len == 16 && !(w[0].bytes[8] & 1) &&
                   w[1].kind == 'D' && w[1].off == 8 && w[1].len == 4 && (w[1].bytes[0] & 1),
               "%s: 16 bytes with DD clear, then a 4-byte DMA write of status_error with DD",
               name);
            break;
        case E1000_FIX_ATOMIC_STATUS:
            ok(n == 2 && w[0].kind == 'D' && w[0].len == 16 && !(w[0].bytes[8] & 1) &&
                   w[1].kind == 'S' && w[1].off == 8 && w[1].len == 4 && (w[1].bytes[0] & 1),
               "%s: 16 bytes with DD clear, then ONE plain 4-byte store of status_error", name);
            ok(nrec >= 2 && rec[nrec - 2].kind == 'F' && rec[nrec - 1].kind == 'S',
               "%s: a fence right before that store", name);
            break;
        case E1000_FIX_BROKEN_DD_FIRST:
            ok(n == 2 && w[0].off == 8 && w[0].len == 4 && (w[0].bytes[0] & 1) && w[1].len == 16,
               "%s: status_error with DD first (deliberately wrong)", name);
            break;
        case E1000_FIX_DD_BYTE: {
            /* The patch v2: bytes 8-15 (status_error, length, vlan) zero in
             * the copy, then the same 8 bytes in one plain store, last. */
            static const uint8_t zero8[8];
            ok(n == 2 && w[0].kind == 'D' && w[0].len == 16 && memcmp(w[0].bytes + 8, zero8, 8) == 0 &&
                   w[1].kind == 'S' && w[1].off == 8 && w[1].len == 8 &&
                   w[1].bytes[0] == (E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP) &&
                   w[1].bytes[4] == 60 && w[1].bytes[5] == 0,
               "%s: 16 bytes with bytes 8-15 zero, then ONE plain 8-byte store of bytes 8-15"
               " (status_error DD|EOP, length 60)", name);
            ok(nrec >= 1 && rec[nrec - 1].kind == 'S', "%s: nothing after that store", name);
            ok(((const volatile union e1000_adv_rx_desc *)&gm->rx_rings[0])->wb.upper.status_error ==
                   (E1000_RXD_STAT_DD_32 | E1000_RXD_STAT_EOP_32),
               "%s: status_error ends DD|EOP, as after the unfixed write", name);
            break;
        }
        }
        unpair(NIC_DRV_DPDK_IGB, gm);
    }
}

/* Each side reaches memory through its own address space, whatever the
 * other's: a device whose space records and a driver in live memory, taking
 * turns on one thread. Only the device's write-back reaches the hooks; a
 * mode switched for everyone at once would record the driver's re-arm too. */
static void test_spaces_apart(void)
{
    static const struct gm_as recorded = {&recording, NULL};
    struct gm_region *gm = gm_alloc(8);
    nic_drivers[NIC_DRV_DPDK_IGB].setup(&q, &gm_as_live, gm, 0, EM_WORKAROUND_NONE);
    e1000_init(&dev, &recorded, gm, E1000_FIX_NONE, &dma_copies[DMA_COPY_LIBC], 0);
    rec_gm = gm;
    nrec = 0;
    igb_receive_iov(&dev, 60);
    int device_writes = nrec;
    ok(device_writes == 1 && rec[0].kind == 'D' && rec[0].off == 0 && rec[0].len == 16,
       "recorded device: its one 16-byte write-back reaches its hooks (%d records)", nrec);
    is_u(nic_drivers[NIC_DRV_DPDK_IGB].recv(&q, pkts, 4), 1, "live driver: takes the packet");
    is_u(nrec, device_writes, "live driver: none of its accesses (re-arm, RDT) reach the hooks");
    is_u(((const volatile union e1000_adv_rx_desc *)&gm->rx_rings[0])->read.pkt_addr, 9,
         "live driver: its re-arm is in memory (buffer 9)");
    igb_receive_iov(&dev, 60);
    ok(nrec == device_writes + 1 && rec[nrec - 1].off == 16,
       "recorded device: its next write-back is recorded, at descriptor 1");
    unpair(NIC_DRV_DPDK_IGB, gm);
}

/* ---- drivers ------------------------------------------------------------ */

static void test_dpdk_igb_rearm(void)
{
    struct gm_region *gm = pair(NIC_DEV_IGB, NIC_DRV_DPDK_IGB, 8, E1000_FIX_NONE);
    igb_receive_iov(&dev, 60);
    is_u(nic_drivers[NIC_DRV_DPDK_IGB].recv(&q, pkts, 4), 1, "dpdk-igb: one packet");
    is_u(pkts[0].buf_addr, 1, "dpdk-igb: the buffer armed there");
    is_u(pkts[0].fill_tag, 1, "dpdk-igb: 16-bit tag 1");
    is_u(pkts[0].format, RX_FMT_ADVANCED, "dpdk-igb: advanced format");
    const volatile union e1000_adv_rx_desc *a = (const volatile void *)&gm->rx_rings[0];
    is_u(a->read.hdr_addr, 0, "dpdk-igb re-arm: hdr_addr = 0 (status_error, length, vlan cleared)");
    is_u(a->read.pkt_addr, 9, "dpdk-igb re-arm: a fresh pkt_addr (9)");
    is_u(gm->rdt, 0, "dpdk-igb: RDT = last processed");
    unpair(NIC_DRV_DPDK_IGB, gm);
}

static void test_linux_e1000(void)
{
    struct gm_region *gm = pair(NIC_DEV_E1000, NIC_DRV_LINUX_E1000, 8, E1000_FIX_NONE);
    const struct e1000_rx_ring *r = &q.linux_e1000;
    is_u(r->next_to_use, 7, "linux-e1000: 7 of 8 armed at start (E1000_DESC_UNUSED)");
    is_u(gm->rdt, 6, "linux-e1000: RDT = next_to_use - 1 = 6");
    is_u(gm->rx_rings[7].buffer_addr, 0, "linux-e1000: the last descriptor starts unarmed");
    for (int i = 0; i < 3; i++)
        nic_devices[NIC_DEV_E1000].receive(&dev, 60);
    is_u(nic_drivers[NIC_DRV_LINUX_E1000].recv(&q, pkts, 2), 2, "linux-e1000: budget 2 takes 2");
    is_u(gm->rx_rings[0].status, 0, "linux-e1000: status = 0 after consuming");
    is_u(r->next_to_clean, 2, "linux-e1000: next_to_clean 2");
    is_u(gm->rx_rings[7].buffer_addr, 8, "linux-e1000: the refill at the end arms descriptor 7");
    is_u(gm->rx_rings[0].buffer_addr, 9, "... and descriptor 0 with a fresh buffer");
    is_u(r->next_to_use, 1, "linux-e1000: next_to_use 1");
    is_u(gm->rdt, 0, "linux-e1000: RDT = next_to_use - 1 = 0");
    unpair(NIC_DRV_LINUX_E1000, gm);
}

static void test_linux_e1000e(void)
{
    struct gm_region *gm = pair(NIC_DEV_E1000E, NIC_DRV_LINUX_E1000E, 32, E1000_FIX_NONE);
    const struct e1000_ring *r = &q.linux_e1000e;
    is_u(r->next_to_use, 31, "linux-e1000e: 31 of 32 armed at start");
    is_u(gm->rdt, 16, "linux-e1000e: RDT written at index 16 (every 16th armed)");
    for (int i = 0; i < 3; i++)
        nic_devices[NIC_DEV_E1000E].receive(&dev, 60);
    volatile union e1000_rx_desc_extended *x = (volatile void *)&gm->rx_rings[0];
    x->wb.upper.status_error |= 0x00500000u; /* error bits the clear must keep */
    is_u(nic_drivers[NIC_DRV_LINUX_E1000E].recv(&q, pkts, 8), 3, "linux-e1000e: three packets");
    is_u(x->wb.upper.status_error, 0x00500000u,
         "linux-e1000e: status_error &= ~0xFF clears the low byte only");
    is_u(pkts[2].fill_tag, 3, "linux-e1000e: third packet, tag 3");
    is_u(r->next_to_clean, 3, "linux-e1000e: next_to_clean 3");
    unpair(NIC_DRV_LINUX_E1000E, gm);
}

static void test_linux_igb(void)
{
    struct gm_region *gm = pair(NIC_DEV_IGB, NIC_DRV_LINUX_IGB, 8, E1000_FIX_UPSTREAM);
    const struct igb_ring *r = &q.linux_igb;
    volatile union e1000_adv_rx_desc *d = (volatile void *)gm->rx_rings;
    is_u(r->next_to_use, 7, "linux-igb: 7 of 8 armed at start (igb_desc_unused)");
    is_u(gm->rdt, 7, "linux-igb: RDT = next_to_use = 7");
    is_u(d[0].read.pkt_addr, 1, "linux-igb: descriptor 0 armed with buffer 1");
    is_u(d[7].read.pkt_addr, 0, "linux-igb: the last descriptor starts unarmed");
    is_u(nic_drivers[NIC_DRV_LINUX_IGB].recv(&q, pkts, 8), 0, "linux-igb: length 0: nothing taken");

    /* DD without a length is not taken; a length without DD is: the
     * driver polls wb.upper.length, never status_error. */
    d[0].wb.upper.status_error = 0x3; /* DD|EOP, length still 0 */
    is_u(nic_drivers[NIC_DRV_LINUX_IGB].recv(&q, pkts, 8), 0, "linux-igb: DD alone is not taken");
    d[0].read.hdr_addr = 0;
    nic_devices[NIC_DEV_IGB].receive(&dev, 60);
    nic_devices[NIC_DEV_IGB].receive(&dev, 60);
    d[1].wb.upper.status_error &= ~1u; /* as after the fix's first write: DD clear */
    is_u(nic_drivers[NIC_DRV_LINUX_IGB].recv(&q, pkts, 8), 2,
         "linux-igb: both taken on their length, DD clear on the second");
    is_u(pkts[1].fill_tag, 2, "linux-igb: second packet, tag 2");
    is_u(pkts[0].pkt_len, 60, "linux-igb: the length it polled");
    is_u(r->next_to_clean, 2, "linux-igb: next_to_clean 2");
    is_u(d[7].read.pkt_addr, 8, "linux-igb: the refill at the end arms descriptor 7 (buffer 8)");
    is_u(d[0].read.pkt_addr, 9, "... and descriptor 0 with a fresh buffer");
    is_u(d[1].wb.upper.length, 0, "... and clears the length of the slot after it");
    is_u(d[2].wb.upper.length, 0, "... which it had cleared at start too");
    is_u(d[0].wb.upper.status_error & 1u, 1, "linux-igb: status_error is never cleared");
    is_u(gm->rdt, 1, "linux-igb: RDT = next_to_use = 1");
    unpair(NIC_DRV_LINUX_IGB, gm);
}

/* ---- every pair, alternating, nothing detected -------------------------- */

static void test_pairs_alternate(void)
{
    for (int d = 0; d < NIC_DEV_COUNT; d++)
        for (int k = 0; k < NIC_DRV_COUNT; k++) {
            if (!nic_drivers[k].binds[d])
                continue;
            for (int w = 0; w < EM_WORKAROUND_COUNT; w++) {
                char name[64];
                snprintf(name, sizeof(name), "%s/%s/%s", nic_devices[d].name, nic_drivers[k].name,
                         em_workarounds[w].name);
                uint32_t ring = nic_drivers[k].ring_min > 32 ? nic_drivers[k].ring_min : 32;
                struct gm_region *gm = gm_alloc(ring);
                struct rx_checker chk;
                struct rx_check_detail why;
                uint32_t lcg = 777u + (uint32_t)(d * 10 + k);
                unsigned events = 0, refused = 0;
                uint64_t got = 0;
                nic_drivers[k].setup(&q, &gm_as_live, gm, 0, (enum em_workaround)w);
                e1000_init(&dev, &gm_as_live, gm, E1000_FIX_NONE, &dma_copies[DMA_COPY_LIBC], 0);
                rx_checker_init(&chk, ring);
                for (int step = 0; step < 20000; step++) {
                    lcg = lcg * 1103515245u + 12345u;
                    unsigned fills = (lcg >> 16) % 6 * (((step / 500) % 2) ? 4 : 1);
                    for (unsigned i = 0; i < fills; i++)
                        refused += nic_devices[d].receive(&dev, 60) < 0;
                    uint16_t n = nic_drivers[k].recv(&q, pkts, (uint16_t)(1 + (lcg >> 24) % 16));
                    for (uint16_t i = 0; i < n; i++)
                        events += rx_check_pkt(&chk, &pkts[i], &why) != 0;
                    got += n;
                }
                ok(got > 10000 && refused > 0 && events == 0,
                   "%s: %llu packets, the ring full %u times, nothing detected (%u events)", name,
                   (unsigned long long)got, refused, events);
                rx_checker_free(&chk);
                nic_drivers[k].release(&q);
                gm_free(gm);
            }
        }
}

int main(void)
{
    test_e1000e_formats();
    test_igb_device();
    test_fix_order_4byte();
    test_spaces_apart();
    test_dpdk_igb_rearm();
    test_linux_e1000();
    test_linux_e1000e();
    test_linux_igb();
    test_pairs_alternate();
    return tap_done();
}
