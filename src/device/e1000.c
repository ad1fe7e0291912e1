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
#include "device/e1000.h"

#include <string.h>

const struct e1000_fix_info e1000_fixes[E1000_FIX_COUNT] = {
    [E1000_FIX_NONE] = {"none", "QEMU < 7.1: one 16-byte pci_dma_write with DD set"},
    [E1000_FIX_UPSTREAM] = {"upstream",
                            "QEMU >= 7.1: 16 bytes with DD clear, then the status byte with DD"},
    [E1000_FIX_BROKEN_DD_FIRST] = {"broken-dd-first",
                                   "deliberately wrong, for testing explain: the status byte with DD,"
                                   " then the 16 bytes"},
};

int e1000_fix_find(const char *name)
{
    for (int i = 0; i < E1000_FIX_COUNT; i++)
        if (strcmp(e1000_fixes[i].name, name) == 0)
            return i;
    return -1;
}

void e1000_init(E1000State *s, struct gm_region *gm, enum e1000_fix fix,
                const struct dma_copy *copy, unsigned gap)
{
    memset(s, 0, sizeof(*s));
    s->parent_obj.copy = copy;
    s->parent_obj.gap = gap;
    s->gm = gm;
    s->fix = fix;
    s->rxbuf_size = E1000_RXBUF_SIZE_DEFAULT;
}

/* s->mac_reg[RDH], s->mac_reg[RDT], s->mac_reg[RDLEN] */
static uint32_t mac_reg_rdh(E1000State *s) { return gm_load32(&s->gm->rdh); }
static uint32_t mac_reg_rdt(E1000State *s) { return gm_load32(&s->gm->rdt); }
static uint32_t mac_reg_rdlen(E1000State *s) { return gm_load32(&s->gm->rdlen); }

static volatile uint8_t *rx_desc_base(E1000State *s)
{
    return (volatile uint8_t *)s->gm->rx_rings;
}

bool e1000_has_rxbufs(E1000State *s, size_t total_size)
{
    uint32_t rdh = mac_reg_rdh(s);
    uint32_t rdt = mac_reg_rdt(s);
    size_t bufs;

    /* Fast path: a packet that fits one buffer needs one free descriptor. */
    if (total_size <= s->rxbuf_size)
        return rdh != rdt;
    if (rdh < rdt)
        bufs = rdt - rdh;
    else if (rdh > rdt)
        bufs = mac_reg_rdlen(s) / sizeof(struct e1000_rx_desc) + rdt - rdh;
    else
        return false; /* RDH == RDT: the guest has given the device nothing */
    return total_size <= bufs * s->rxbuf_size;
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

    rdh_start = mac_reg_rdh(s);
    desc_offset = 0;
    total_size = size; /* no FCS: RCTL.SECRC is left at reset */
    if (!e1000_has_rxbufs(s, total_size)) {
        s->rx_overrun++; /* e1000_receiver_overrun() */
        return -1;
    }
    rdlen = mac_reg_rdlen(s);
    rdh = rdh_start;
    do {
        desc_size = total_size - desc_offset;
        if (desc_size > s->rxbuf_size)
            desc_size = s->rxbuf_size;
        base = rx_desc_base(s) + sizeof(desc) * rdh;
        pci_dma_read(d, base, &desc, sizeof(desc));
        desc.special = vlan_special;
        if (s->fix == E1000_FIX_NONE)
            desc.status |= (uint8_t)(vlan_status | E1000_RXD_STAT_DD);
        else
            desc.status &= (uint8_t)~E1000_RXD_STAT_DD;
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

        if (s->fix == E1000_FIX_BROKEN_DD_FIRST) {
            /* Deliberately wrong (the upstream order reversed), kept only so
             * the tests can check the explorer catches it: DD is published
             * before the rest of the descriptor is written. */
            desc.status |= (uint8_t)(vlan_status | E1000_RXD_STAT_DD);
            pci_dma_write(d, base + offsetof(struct e1000_rx_desc, status), &desc.status,
                          sizeof(desc.status));
        }
        /* RACES with the driver (fix none): this write publishes DD. If the
         * copy routine stores the 16 bytes in more than one store, the
         * driver can see DD after the first, consume and re-arm the
         * descriptor, and then have a later store put the old buffer_addr
         * and DD back over its re-arm. */
        pci_dma_write(d, base, &desc, sizeof(desc));
        if (s->fix == E1000_FIX_UPSTREAM) {
            /* The 16 bytes above carried DD clear, so the driver cannot
             * touch the descriptor yet; only this 1-byte write, after the
             * barrier inside pci_dma_write, hands it over. */
            desc.status |= (uint8_t)(vlan_status | E1000_RXD_STAT_DD);
            pci_dma_write(d, base + offsetof(struct e1000_rx_desc, status), &desc.status,
                          sizeof(desc.status));
        }

        if (++rdh * sizeof(desc) >= rdlen)
            rdh = 0;
        gm_store32(&s->gm->rdh, rdh);
        /* RDH wrapped back to where this packet started, or started beyond
         * the ring: the guest gave too few descriptors; drop the packet. */
        if (rdh == rdh_start || rdh_start >= rdlen / sizeof(desc)) {
            s->rx_overrun++;
            return -1;
        }
    } while (desc_offset < total_size);

    return (ssize_t)size;
}
