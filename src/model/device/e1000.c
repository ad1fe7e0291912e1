// SPDX-License-Identifier: GPL-2.0-or-later
/* device/e1000.c - QEMU's e1000 receive path, mirrored function by function.
 *
 * Read beside QEMU's hw/net/e1000.c: e1000_has_rxbufs() and
 * e1000_receive_iov() keep QEMU's names, order of operations and the
 * fields they set. What is left out: packet filtering, VLAN stripping,
 * interrupts, statistics and the payload copy (buffers here are numbers).
 *
 * Registers: QEMU runs the receive path and the guest's MMIO writes under the
 * big QEMU lock, so within one e1000_receive_iov() the guest cannot change
 * RDT and never sees RDH half-updated. The model reads each register once
 * where QEMU's result could not differ, and writes RDH once per descriptor
 * (already wrapped), which is what a guest can observe of QEMU's two writes.
 * Descriptors are not under any lock: that is where the race is.
 */
#include "model/device/e1000.h"

#include <string.h>

bool e1000_has_rxbufs(E1000State *s, size_t total_size)
{
    uint32_t rdh = e1000x_rdh(s);
    uint32_t rdt = e1000x_rdt(s);

    /* Fast path: a packet that fits one buffer needs one free descriptor. */
    if (total_size <= s->rxbuf_size)
        return rdh != rdt;
    /* RDLEN is read only when the free range wraps, as QEMU does. */
    uint32_t nb_desc = rdh > rdt ? e1000x_rdlen(s) / (uint32_t)sizeof(struct e1000_rx_desc) : 0;
    size_t bufs = e1000x_free_descr(rdh, rdt, nb_desc);
    return bufs != 0 && total_size <= bufs * s->rxbuf_size;
}

ssize_t e1000_receive_iov(E1000State *s, size_t size)
{
    PCIDevice *d = &s->parent_obj;
    struct e1000_rx_desc desc;
    volatile uint8_t *base;
    uint32_t rdh_start, rdh, rdlen;
    uint16_t vlan_special = 0; /* no VLAN tags in this model */
    uint8_t vlan_status = 0;
    size_t desc_offset, desc_size, total_size;

    /* Pad to the minimum Ethernet frame, as QEMU does. */
    if (size < E1000_MIN_BUF_SIZE)
        size = E1000_MIN_BUF_SIZE;

    rdh_start = e1000x_rdh(s);
    desc_offset = 0;
    total_size = size; /* no FCS: RCTL.SECRC is left at reset */
    if (!e1000_has_rxbufs(s, total_size)) {
        s->rx_overrun++; /* e1000_receiver_overrun() */
        return -1;
    }
    rdlen = e1000x_rdlen(s);
    rdh = rdh_start;
    do {
        desc_size = total_size - desc_offset;
        if (desc_size > s->rxbuf_size)
            desc_size = s->rxbuf_size;
        base = e1000x_rx_desc_base(s) + sizeof(desc) * rdh;
        pci_dma_read(d, base, &desc, sizeof(desc));
        desc.special = vlan_special;
        /* QEMU < 7.1 sets DD here; QEMU 7.1 clears it here and sets it
         * for the separate status write. Here DD is set, and
         * e1000x_write_rx_desc() writes it in the order of the fix. */
        desc.status |= (uint8_t)(vlan_status | E1000_RXD_STAT_DD);
        if (desc.buffer_addr) {
            /* QEMU DMA-writes the payload to buffer_addr here. */
            desc_offset += desc_size;
            desc.length = (uint16_t)desc_size;
            if (desc_offset >= total_size)
                desc.status |= E1000_RXD_STAT_EOP | E1000_RXD_STAT_IXSM;
            else
                desc.status &= (uint8_t)~E1000_RXD_STAT_EOP;
        } else {
            /* As the Intel manual says: skip a descriptor without a buffer
             * (it is still written back, without EOP). */
            s->rx_null_desc++;
        }
        e1000_set_fill_tag(&desc, s->rx_fill_tag++);
        e1000x_write_rx_desc(s, base, &desc, offsetof(struct e1000_rx_desc, status),
                             sizeof(desc.status));

        rdh = e1000x_ring_advance(s, rdh, rdlen);
        /* RDH wrapped back to where this packet started, or started beyond
         * the ring: the guest gave too few descriptors; drop the packet. */
        if (rdh == rdh_start || rdh_start >= rdlen / sizeof(desc)) {
            s->rx_overrun++;
            return -1;
        }
    } while (desc_offset < total_size);

    return (ssize_t)size;
}
