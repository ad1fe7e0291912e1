// SPDX-License-Identifier: GPL-2.0-or-later
/* device/e1000e.c - QEMU's e1000e receive path, mirrored.
 *
 * Read beside QEMU's hw/net/e1000e_core.c: e1000e_receive_iov() checks
 * e1000e_has_rxbufs() and writes the packet descriptor by descriptor
 * (e1000e_write_packet_to_guest, shared with igb in e1000x.c), each filled
 * by e1000e_write_lgcy_rx_descr() or e1000e_write_ext_rx_descr() and
 * written back by e1000e_pci_dma_write_rx_desc() (e1000x_write_rx_desc).
 * Since QEMU 7.2 that write puts the descriptor out with DD clear and then
 * the status field: the 1-byte `status` of a legacy descriptor, the 4-byte
 * `status_error` of an extended one. Left out: RSS, checksums, VLANs,
 * packet split, interrupts, several queues.
 */
#include "model/device/e1000e.h"

#include <string.h>

/* e1000e_rx_use_legacy_descriptor(): the driver's choice in RFCTL. */
static bool e1000e_rx_use_legacy_descriptor(E1000ECore *core)
{
    return !(gm_load32(e1000x_as(core), &core->gm->rfctl) & E1000_RFCTL_EXTEN);
}

bool e1000e_has_rxbufs(E1000ECore *core, size_t total_size)
{
    uint32_t bufs = e1000x_ring_free_descr(core);
    return total_size <= (size_t)bufs * core->rxbuf_size;
}

static void e1000e_write_lgcy_rx_descr(E1000ECore *core, uint8_t raw[16], uint64_t ba,
                                       uint16_t length, bool last)
{
    struct e1000_rx_desc desc;
    (void)ba;
    memcpy(&desc, raw, sizeof(desc));
    desc.length = length;
    desc.status = E1000_RXD_STAT_DD;
    if (last)
        desc.status |= E1000_RXD_STAT_EOP | E1000_RXD_STAT_IXSM;
    desc.errors = 0;
    /* csum and special carry the fill tag (desc.h), as on e1000. */
    e1000_set_fill_tag(&desc, core->rx_fill_tag++);
    memcpy(raw, &desc, sizeof(desc));
}

static void e1000e_write_ext_rx_descr(E1000ECore *core, uint8_t raw[16], uint64_t ba,
                                      uint16_t length, bool last)
{
    union e1000_rx_desc_extended desc;
    memset(&desc.wb, 0, sizeof(desc.wb)); /* write-back overlays the read format */
    desc.wb.upper.length = length;
    desc.wb.upper.status_error = E1000_RXD_STAT_DD_32 | (last ? E1000_RXD_STAT_EOP_32 : 0);
    /* The model's RSS hash and VLAN tag are instrumentation (desc.h). */
    desc.wb.lower.rss = (uint32_t)ba;
    desc.wb.upper.vlan = e1000_fill_tag16(core->rx_fill_tag++);
    memcpy(raw, &desc, sizeof(desc));
}

ssize_t e1000e_receive_iov(E1000ECore *core, size_t size)
{
    size_t total_size;

    if (size < E1000_MIN_BUF_SIZE)
        size = E1000_MIN_BUF_SIZE; /* padded to the minimum frame */
    total_size = size;             /* no FCS */
    if (!e1000e_has_rxbufs(core, total_size)) {
        core->rx_overrun++;
        return -1;
    }
    if (e1000e_rx_use_legacy_descriptor(core))
        return e1000x_write_packet_to_guest(core, total_size, RX_FMT_LEGACY,
                                            e1000e_write_lgcy_rx_descr);
    return e1000x_write_packet_to_guest(core, total_size, RX_FMT_EXTENDED,
                                        e1000e_write_ext_rx_descr);
}
