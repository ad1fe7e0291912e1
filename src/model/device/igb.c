// SPDX-License-Identifier: GPL-2.0-or-later
/* device/igb.c - QEMU's igb receive path, mirrored.
 *
 * Read beside QEMU's hw/net/igb_core.c (a fork of e1000e_core.c):
 * igb_receive_iov() checks igb_has_rxbufs() and writes the packet
 * descriptor by descriptor (igb_write_packet_to_guest, shared in e1000x.c),
 * each filled by igb_write_adv_rx_descr() and written back by
 * igb_pci_dma_write_rx_desc() (e1000x_write_rx_desc): since QEMU 8.0, the
 * descriptor with DD clear, then the 4-byte `status_error`, which overlays
 * the driver's hdr_addr. Left out: legacy descriptors on igb, RSS, VLANs,
 * virtual functions, interrupts, several queues.
 */
#include "model/device/igb.h"

#include <string.h>

bool igb_has_rxbufs(IGBCore *core, size_t total_size)
{
    uint32_t bufs = e1000x_ring_free_descr(core);
    return total_size <= (size_t)bufs * core->rxbuf_size;
}

static void igb_write_adv_rx_descr(IGBCore *core, uint8_t raw[16], uint64_t ba, uint16_t length,
                                   bool last)
{
    union e1000_adv_rx_desc desc;
    memset(&desc.wb, 0, sizeof(desc.wb)); /* write-back overlays pkt_addr and hdr_addr */
    desc.wb.upper.length = length;
    desc.wb.upper.status_error = E1000_RXD_STAT_DD_32 | (last ? E1000_RXD_STAT_EOP_32 : 0);
    /* The model's RSS hash and VLAN tag are instrumentation (desc.h). */
    desc.wb.lower.rss = (uint32_t)ba;
    desc.wb.upper.vlan = e1000_fill_tag16(core->rx_fill_tag++);
    memcpy(raw, &desc, sizeof(desc));
}

ssize_t igb_receive_iov(IGBCore *core, size_t size)
{
    if (size < E1000_MIN_BUF_SIZE)
        size = E1000_MIN_BUF_SIZE;
    if (!igb_has_rxbufs(core, size)) {
        core->rx_overrun++;
        return -1;
    }
    return e1000x_write_packet_to_guest(core, size, RX_FMT_ADVANCED, igb_write_adv_rx_descr);
}
