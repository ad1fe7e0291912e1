// SPDX-License-Identifier: GPL-2.0-or-later
/* driver/rxq.h - what every driver model shares: the packet it hands up,
 * the guest-side workarounds, the ring limits, and the "mempool".
 *
 * src/model/driver/: the guest drivers (DPDK em and igb, Linux e1000 and
 * e1000e), with upstream's function names and control flow. It may use
 * model/ and util/, never device/: a driver knows the NIC only through
 * its registers and descriptors. Each queue keeps the address space
 * (guest_mem.h) its setup was handed, and makes every access through it. */
#ifndef E1000_POC_DRIVER_RXQ_H
#define E1000_POC_DRIVER_RXQ_H

#include <stdint.h>

#include "model/driver/rxwork.h"
#include "model/guest_mem.h"

/* A guest's 32-bit register write: DPDK's E1000_PCI_REG_WRITE is
 * rte_write32, i.e. rte_io_wmb() then one store; Linux's writel() is
 * dma_wmb()-strength ordering then one store. The barrier keeps the re-arm
 * stores before the RDT write that hands the descriptors back: a compiler
 * barrier on x86, dmb oshst on arm64. In a VM the store is an MMIO exit. */
static inline void rxq_reg_write(const struct gm_as *as, volatile uint32_t *reg, uint32_t value)
{
    gm_io_wmb();
    gm_store32(as, reg, value);
}

/* DPDK's E1000_PCI_REG_READ is rte_read32: one load, then rte_io_rmb(). */
static inline uint32_t rxq_reg_read(const struct gm_as *as, volatile uint32_t *reg)
{
    uint32_t v = gm_load32(as, reg);
    gm_io_rmb();
    return v;
}

/* Guest-side workarounds. One row each in em_workarounds[] (em.c); every
 * driver model takes them. */
enum em_workaround {
    EM_WORKAROUND_NONE,        /* DPDK as released: no change was ever made */
    EM_WORKAROUND_STOP_AT_RDH, /* read RDH once per burst; the descriptor at
                                  RDH belongs to the device: not ready */
    EM_WORKAROUND_COUNT
};

struct em_workaround_info {
    const char *name;    /* --dpdk-fix=NAME */
    const char *summary; /* one line for --help and the run header */
};
extern const struct em_workaround_info em_workarounds[EM_WORKAROUND_COUNT];

/* DPDK em: the ring holds 32..4096 descriptors; this tool allows 8..65536
 * (the seed's 8 included), always a multiple of 8 (RDLEN is a multiple of
 * 128 bytes). */
#define EM_RING_MIN 8
#define EM_RING_MAX 65536
#define EM_RING_ALIGN 8

/* sw_ring entry: the buffer armed in a slot (DPDK keeps an mbuf pointer). */
struct em_rx_entry {
    uint64_t buf_addr;
};

/* What a driver hands up per packet (DPDK: an rte_mbuf; Linux: an skb),
 * with what the application-side checks need (detect.h). */
struct nic_pkt {
    uint64_t buf_addr;       /* the buffer the driver armed in this slot */
    uint64_t wb_buffer_addr; /* legacy: buffer_addr as the device left it in
                                the descriptor; extended and advanced: the
                                low 32 bits of the buffer the device used
                                (the model's rss field, desc.h) */
    uint32_t fill_tag;       /* legacy: the 32-bit fill tag; extended and
                                advanced: the 16-bit one, 0 = none (desc.h) */
    uint8_t format;          /* enum rx_desc_format of the descriptor */
    uint16_t rx_id;          /* ring index the packet came from */
    uint16_t pkt_len;
    uint8_t status;
    uint8_t errors;
};

#endif
