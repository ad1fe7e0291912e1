// SPDX-License-Identifier: GPL-2.0-or-later
/* device/e1000x.c - the fix table, ring arithmetic, and the write-back. */
#include "model/device/e1000x.h"

#include <string.h>

#include "model/desc.h"

const struct e1000_fix_info e1000_fixes[E1000_FIX_COUNT] = {
    [E1000_FIX_NONE] = {"none", "before QEMU's fix (e1000 < 7.1, e1000e < 7.2): one 16-byte"
                                " pci_dma_write with DD set"},
    [E1000_FIX_UPSTREAM] = {"upstream",
                            "QEMU's fix (e1000 7.1, e1000e 7.2, igb 8.0): 16 bytes with DD clear,"
                            " then the status field with DD"},
    [E1000_FIX_ATOMIC_STATUS] = {"atomic-status",
                                 "16 bytes with DD clear, a barrier, then the status field in one"
                                 " aligned store"},
    [E1000_FIX_BROKEN_DD_FIRST] = {"broken-dd-first",
                                   "deliberately wrong, for testing explain: the status field with"
                                   " DD, then the 16 bytes"},
    [E1000_FIX_DD_BYTE] = {"dd-byte", "the proposed QEMU patch (v2): 16 bytes with bytes 8-15 (DD,"
                                      " length) zero, then bytes 8-15 in one aligned 8-byte store"},
};


void e1000_init(E1000State *s, const struct gm_as *as, struct gm_region *gm, enum e1000_fix fix,
                const struct dma_copy *copy, unsigned gap)
{
    memset(s, 0, sizeof(*s));
    s->parent_obj.as = as;
    s->parent_obj.copy = copy;
    s->parent_obj.gap = gap;
    s->gm = gm;
    s->fix = fix;
    s->rxbuf_size = E1000_RXBUF_SIZE_DEFAULT;
}

uint32_t e1000x_ring_free_descr(const E1000State *s)
{
    uint32_t head = e1000x_rdh(s), tail = e1000x_rdt(s);
    /* RDLEN is read only when the free range wraps, as QEMU does. */
    uint32_t nb_desc = head > tail ? e1000x_rdlen(s) / (uint32_t)sizeof(struct e1000_rx_desc) : 0;
    return e1000x_free_descr(head, tail, nb_desc);
}

uint32_t e1000x_ring_advance(E1000State *s, uint32_t rdh, uint32_t rdlen)
{
    if (++rdh * sizeof(struct e1000_rx_desc) >= rdlen)
        rdh = 0;
    gm_store32(e1000x_as(s), &s->gm->rdh, rdh);
    return rdh;
}

ssize_t e1000x_write_packet_to_guest(E1000State *s, size_t total_size, enum rx_desc_format fmt,
                                     e1000x_write_rx_descr_fn write_rx_descr)
{
    PCIDevice *d = &s->parent_obj;
    uint8_t desc[16];
    uint64_t ba;
    uint32_t rdh = e1000x_rdh(s), rdlen = e1000x_rdlen(s);
    size_t desc_offset = 0, desc_size;

    do {
        desc_size = total_size - desc_offset;
        if (desc_size > s->rxbuf_size)
            desc_size = s->rxbuf_size;
        /* e1000e_ring_empty(): the guest has given nothing more. */
        if (rdh == e1000x_rdt(s)) {
            s->rx_overrun++;
            return -1;
        }
        volatile uint8_t *base = e1000x_rx_desc_base(s) + sizeof(desc) * rdh;
        pci_dma_read(d, base, desc, sizeof(desc));
        /* e1000e_read_rx_descr(): every read format keeps the (packet)
         * buffer address in its first 8 bytes. */
        memcpy(&ba, desc, sizeof(ba));
        bool last = false;
        uint16_t written = 0;
        if (ba) {
            /* QEMU DMA-writes the payload to ba here. */
            desc_offset += desc_size;
            written = (uint16_t)desc_size;
            last = desc_offset >= total_size;
        } else {
            s->rx_null_desc++; /* a descriptor without a buffer is skipped */
        }
        write_rx_descr(s, desc, ba, written, last);
        e1000x_write_rx_desc(s, base, desc, rx_status_offset(fmt), rx_status_len(fmt));
        rdh = e1000x_ring_advance(s, rdh, rdlen);
    } while (desc_offset < total_size);
    return (ssize_t)total_size;
}

/* One aligned store of the status field's width, after a full barrier. */
static void store_status_once(PCIDevice *d, volatile uint8_t *field, const uint8_t *value,
                              size_t len)
{
    gm_mb(d->as);
    if (len == 1) {
        gm_store8(d->as, field, value[0]);
    } else {
        uint32_t v;
        memcpy(&v, value, sizeof(v));
        gm_store32(d->as, field, v);
    }
}

/* The proposed QEMU patch, v2 (docs/qemu-patch/v2/, e1000x_write_rx_desc
 * there): the 16 bytes go out with bytes 8-15 zero, then, after a write
 * barrier, bytes 8-15 in one aligned 8-byte store (address_space_stq_le),
 * not a copy. Bytes 8-15 hold, in every format, what a driver polls to take
 * a descriptor: DD (legacy status at 12, status_error at 8) and the length
 * linux-igb polls (12-13 of an advanced descriptor). Invariant: while the
 * copy runs no driver can take the descriptor, however many stores the copy
 * routine makes, and after the one store that hands it over the device
 * stores nothing more to it. The copy's own barrier comes before it, so the
 * order of the two writes needs smp_wmb(): a store-store barrier, which
 * the explorer's SC and x86-TSO models keep already (gm_io_wmb: no step). */
static void publish_upper_once(PCIDevice *d, volatile uint8_t *base, uint8_t bytes[16])
{
    uint64_t upper;
    memcpy(&upper, bytes + 8, sizeof(upper));
    memset(bytes + 8, 0, sizeof(upper));
    pci_dma_write(d, base, bytes, 16);
    memcpy(bytes + 8, &upper, sizeof(upper));
    gm_io_wmb(); /* smp_wmb() */
    gm_store64(d->as, base + 8, upper);
}

void e1000x_write_rx_desc(E1000State *s, volatile uint8_t *base, void *desc, size_t status_off,
                          size_t status_len)
{
    PCIDevice *d = &s->parent_obj;
    uint8_t *bytes = desc;
    uint8_t *status = bytes + status_off;
    /* DD is bit 0 of the status field's first byte in every format
     * (E1000_RXD_STAT_DD; the 4-byte status_error is little endian). */

    switch (s->fix) {
    case E1000_FIX_NONE:
        /* RACES with the driver: this one write publishes DD. If the copy
         * routine stores the 16 bytes in more than one store, the driver can
         * see DD after the first, consume and re-arm the descriptor, and a
         * later store puts the old contents and DD back over the re-arm. */
        pci_dma_write(d, base, bytes, 16);
        break;
    case E1000_FIX_UPSTREAM:
        /* The 16 bytes go out with DD clear, so the driver cannot take the
         * descriptor yet; the second write, after the barrier inside
         * pci_dma_write, hands it over. RACES with the driver if the copy
         * routine stores the status field in more than one store: the
         * driver's clear of the field can land between them. */
        status[0] &= (uint8_t)~E1000_RXD_STAT_DD;
        pci_dma_write(d, base, bytes, 16);
        status[0] |= E1000_RXD_STAT_DD;
        pci_dma_write(d, base + status_off, status, status_len);
        break;
    case E1000_FIX_ATOMIC_STATUS:
        /* As upstream, but the field takes one store: nothing of the
         * device's can land after the driver has seen DD. */
        status[0] &= (uint8_t)~E1000_RXD_STAT_DD;
        pci_dma_write(d, base, bytes, 16);
        status[0] |= E1000_RXD_STAT_DD;
        store_status_once(d, base + status_off, status, status_len);
        break;
    case E1000_FIX_DD_BYTE:
        publish_upper_once(d, base, bytes);
        break;
    case E1000_FIX_BROKEN_DD_FIRST:
        /* Deliberately wrong (the upstream order reversed): DD is published
         * before the rest of the descriptor is written. */
        pci_dma_write(d, base + status_off, status, status_len);
        pci_dma_write(d, base, bytes, 16);
        break;
    default:
        break;
    }
}
