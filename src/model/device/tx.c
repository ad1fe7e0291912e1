// SPDX-License-Identifier: GPL-2.0-or-later
/* device/tx.c - QEMU's transmit paths and their write-backs (see tx.h).
 * Left out: TSO and checksum offload, context descriptors, VLANs, the
 * interrupt causes, statistics, igb's head write-back (TDWBAL bit 0, which
 * neither modelled driver enables) and the payload copy: a buffer here is a
 * number, and "sent" is reported to the harness. */
#include "model/device/tx.h"

#include <string.h>

void tx_device_init(TXState *s, const struct gm_as *as, struct tx_region *r,
                    enum tx_device_kind kind, enum e1000_fix fix, const struct dma_copy *copy)
{
    memset(s, 0, sizeof(*s));
    s->parent_obj.as = as;
    s->parent_obj.copy = copy;
    s->r = r;
    s->kind = kind;
    s->fix = fix;
}

static void tx_report_sent(TXState *s, unsigned idx, uint64_t buf)
{
    s->tx_sent++;
    if (s->r->ev.sent != NULL)
        s->r->ev.sent(s->r->ev.arg, idx, buf);
}

/* The status write: as QEMU (one pci_dma_write of `len` bytes at `off`
 * holding DD), or with dd-byte as the QEMU patch v2 does it
 * (e1000x_write_tx_desc): the bytes before 12 through the copy, then, after
 * smp_wmb(), the status dword (bytes 12-15, DD in its first byte) in one
 * aligned 4-byte store, last. Invariant: after the store that hands DD
 * over, the device stores nothing more to the descriptor. */
static void tx_write_status(TXState *s, volatile uint8_t *base, uint8_t *bytes, size_t off,
                            size_t len)
{
    PCIDevice *d = &s->parent_obj;
    uint8_t *status = bytes + (TX_STATUS_OFF - off);
    if (s->fix == E1000_FIX_DD_BYTE) {
        if (off < TX_STATUS_OFF)
            pci_dma_write(d, base + off, bytes, TX_STATUS_OFF - off);
        uint32_t dword;
        memcpy(&dword, status, sizeof(dword));
        gm_io_wmb(); /* smp_wmb() */
        gm_store32(d->as, base + TX_STATUS_OFF, dword);
        return;
    }
    /* RACES with a driver on another vCPU: if the copy stores the DD byte
     * more than once, the driver can see DD after the first store, reclaim
     * the descriptor and clear its status, and a later store sets DD again
     * on a descriptor the driver thinks it has cleaned. */
    pci_dma_write(d, base + off, bytes, len);
}

/* e1000: process_tx_desc, for plain data descriptors: the frame goes out
 * at EOP (xmit_seg). */
static void process_tx_desc(TXState *s, unsigned idx, const struct e1000_tx_desc *dp)
{
    if (dp->lower.data & E1000_TXD_CMD_EOP)
        tx_report_sent(s, idx, dp->buffer_addr);
}

/* e1000's txdesc_writeback: only descriptors with RS (or RPS); EC, LC and
 * TU cleared; the 4-byte `upper` in one pci_dma_write. */
static uint32_t txdesc_writeback(TXState *s, volatile uint8_t *base, struct e1000_tx_desc *dp)
{
    uint32_t txd_upper, txd_lower = dp->lower.data;
    if (!(txd_lower & (E1000_TXD_CMD_RS | E1000_TXD_CMD_RPS)))
        return 0;
    txd_upper = (dp->upper.data | E1000_TXD_STAT_DD) &
                ~(E1000_TXD_STAT_EC | E1000_TXD_STAT_LC | E1000_TXD_STAT_TU);
    dp->upper.data = txd_upper;
    tx_write_status(s, base, (uint8_t *)&dp->upper, offsetof(struct e1000_tx_desc, upper),
                    sizeof(dp->upper));
    return 1; /* E1000_ICR_TXDW */
}

void start_xmit(TXState *s)
{
    const struct gm_as *as = s->parent_obj.as;
    struct tx_region *r = s->r;
    struct e1000_tx_desc desc;
    uint32_t tdh_start = gm_load32(as, &r->tdh), tdlen = gm_load32(as, &r->tdlen);
    uint32_t tdh = tdh_start;

    /* QEMU reads mac_reg[TDT] each round; the guest cannot change it
     * meanwhile (its MMIO write waits for the big QEMU lock). */
    while (tdh != gm_load32(as, &r->tdt)) {
        volatile uint8_t *base = tx_desc_at(r, tdh);
        pci_dma_read(&s->parent_obj, base, &desc, sizeof(desc));
        process_tx_desc(s, tdh, &desc);
        txdesc_writeback(s, base, &desc);
        if (++tdh * sizeof(desc) >= tdlen)
            tdh = 0;
        gm_store32(as, &r->tdh, tdh);
        /* TDH wrapped to where it started: the guest gave too many. */
        if (tdh == tdh_start || tdh_start >= tdlen / sizeof(desc))
            break;
    }
}

/* e1000e_txdesc_writeback: RS, or every descriptor with
 * IVAR.TX_INT_EVERY_WB; `upper` with DD, 4 bytes. */
static uint32_t e1000e_txdesc_writeback(TXState *s, volatile uint8_t *base,
                                        struct e1000_tx_desc *dp)
{
    uint32_t txd_upper, txd_lower = dp->lower.data;
    if (!(txd_lower & E1000_TXD_CMD_RS) && !s->every_wb)
        return 0;
    txd_upper = dp->upper.data | E1000_TXD_STAT_DD;
    dp->upper.data = txd_upper;
    tx_write_status(s, base, (uint8_t *)&dp->upper, offsetof(struct e1000_tx_desc, upper),
                    sizeof(dp->upper));
    return 1;
}

/* e1000e_ring_empty / igb_ring_empty. */
static bool tx_ring_empty(TXState *s)
{
    const struct gm_as *as = s->parent_obj.as;
    uint32_t tdh = gm_load32(as, &s->r->tdh), tdt = gm_load32(as, &s->r->tdt);
    return tdh == tdt || tdt >= gm_load32(as, &s->r->tdlen) / 16u;
}

static void tx_ring_advance(TXState *s)
{
    const struct gm_as *as = s->parent_obj.as;
    uint32_t tdh = gm_load32(as, &s->r->tdh) + 1;
    if (tdh * 16u >= gm_load32(as, &s->r->tdlen))
        tdh = 0;
    gm_store32(as, &s->r->tdh, tdh);
}

/* The loop e1000e_start_xmit and igb_start_xmit share (igb_core.c is a
 * fork of e1000e_core.c): while the ring is not empty, read the descriptor
 * at TDH, process and write it back (`one`), advance TDH. */
static void tx_start_xmit_ring(TXState *s, void (*one)(TXState *s, unsigned idx,
                                                       volatile uint8_t *base))
{
    while (!tx_ring_empty(s)) {
        unsigned idx = gm_load32(s->parent_obj.as, &s->r->tdh);
        one(s, idx, tx_desc_at(s->r, idx));
        tx_ring_advance(s);
    }
}

static void e1000e_tx_one(TXState *s, unsigned idx, volatile uint8_t *base)
{
    struct e1000_tx_desc desc;
    pci_dma_read(&s->parent_obj, base, &desc, sizeof(desc));
    process_tx_desc(s, idx, &desc); /* e1000e_process_tx_desc, data descriptors */
    e1000e_txdesc_writeback(s, base, &desc);
}

void e1000e_start_xmit(TXState *s)
{
    tx_start_xmit_ring(s, e1000e_tx_one);
}

/* igb_txdesc_writeback: RS only; status |= DD, then all 16 bytes of `wb`
 * (rsvd and nxtseq_seed are what QEMU read: buffer_addr and
 * cmd_type_len). */
static uint32_t igb_txdesc_writeback(TXState *s, volatile uint8_t *base,
                                     union e1000_adv_tx_desc *tx_desc)
{
    if (!(tx_desc->read.cmd_type_len & E1000_ADVTXD_DCMD_RS))
        return 0;
    tx_desc->wb.status |= E1000_TXD_STAT_DD;
    tx_write_status(s, base, (uint8_t *)&tx_desc->wb, 0, sizeof(tx_desc->wb));
    return 1;
}

static void igb_tx_one(TXState *s, unsigned idx, volatile uint8_t *base)
{
    union e1000_adv_tx_desc desc;
    pci_dma_read(&s->parent_obj, base, &desc, sizeof(desc));
    if (desc.read.cmd_type_len & E1000_ADVTXD_DCMD_EOP) /* igb_process_tx_desc */
        tx_report_sent(s, idx, desc.read.buffer_addr);
    igb_txdesc_writeback(s, base, &desc);
}

void igb_start_xmit(TXState *s)
{
    tx_start_xmit_ring(s, igb_tx_one);
}

void tx_device_start_xmit(TXState *s)
{
    switch (s->kind) {
    case TX_DEV_E1000: start_xmit(s); break;
    case TX_DEV_E1000E: e1000e_start_xmit(s); break;
    case TX_DEV_IGB: igb_start_xmit(s); break;
    }
}
