// SPDX-License-Identifier: GPL-2.0-or-later
/* device/tx.h - QEMU's transmit paths, mirrored: e1000's start_xmit and
 * txdesc_writeback, e1000e's e1000e_start_xmit and e1000e_txdesc_writeback,
 * igb's igb_start_xmit and igb_txdesc_writeback (hw/net/e1000.c,
 * e1000e_core.c, igb_core.c).
 *
 * QEMU runs each of them from the guest's TDT write (set_tctl,
 * e1000e_set_tdt, igb_set_tdt): in the MMIO handler, in the thread of the
 * vCPU that wrote TDT, under the big QEMU lock. So the write-back of a
 * descriptor never overlaps that vCPU's own next instruction; it can
 * overlap only what another vCPU does meanwhile.
 *
 * The write-back is the one place that matters here. No QEMU release has
 * split it the way the RX fixes did (descriptor first, DD after): e1000
 * writes the 4-byte `upper` with DD in one pci_dma_write, e1000e the same,
 * igb the 16-byte `wb`. How many stores the C library makes of that write
 * decides whether DD can be stored twice.
 */
#ifndef E1000_POC_DEVICE_TX_H
#define E1000_POC_DEVICE_TX_H

#include <stdbool.h>

#include "model/device/e1000x.h"
#include "model/txdesc.h"

enum tx_device_kind { TX_DEV_E1000, TX_DEV_E1000E, TX_DEV_IGB };

typedef struct TXState {
    PCIDevice parent_obj;
    struct tx_region *r;
    enum tx_device_kind kind;
    /* none and upstream: what every QEMU release does (the same on TX);
     * dd-byte: the proposed patch carried over to TX (everything with DD
     * clear, then the status byte alone). Others are refused by the
     * harness. */
    enum e1000_fix fix;
    /* e1000e: IVAR.TX_INT_EVERY_WB (bit 31), which Linux e1000e sets in
     * MSI-X mode: every descriptor is written back, RS or not. Off after
     * tx_device_init(); the harness sets it for the driver that does. */
    bool every_wb;
    uint64_t tx_sent;
} TXState;

/* as: the address space every access of the device goes through (its
 * PCIDevice keeps it; it must outlive s). */
void tx_device_init(TXState *s, const struct gm_as *as, struct tx_region *r,
                    enum tx_device_kind kind, enum e1000_fix fix, const struct dma_copy *copy);

/* The three transmit paths: send and write back every descriptor from
 * TDH up to TDT. */
void start_xmit(TXState *s);
void e1000e_start_xmit(TXState *s);
void igb_start_xmit(TXState *s);

/* The one a device kind runs. */
void tx_device_start_xmit(TXState *s);

#endif
