// SPDX-License-Identifier: GPL-2.0-or-later
/* txdesc.h - transmit descriptor formats and the TX ring's shared region.
 *
 * The TX path has the same shape as RX turned around: the driver fills a
 * descriptor (buffer address, length, command bits), hands it over by
 * writing TDT, the device sends the buffer and - when the descriptor asks
 * for it with RS - writes the status back with DD set. The driver polls DD
 * to learn that the buffer may be freed and the descriptor reused.
 *
 * Layouts as the 8254x/82574 (legacy) and 82576 (advanced) manuals give
 * them, little endian, kept in host order like desc.h.
 */
#ifndef E1000_POC_TXDESC_H
#define E1000_POC_TXDESC_H

#include <stddef.h>
#include <stdint.h>

/* Legacy transmit descriptor (e1000, e1000e). */
struct e1000_tx_desc {
    uint64_t buffer_addr;
    union {
        uint32_t data; /* length 0..15, CSO 16..23, CMD 24..31 */
        struct {
            uint16_t length;
            uint8_t cso;
            uint8_t cmd;
        } flags;
    } lower;
    union {
        uint32_t data; /* STA 0..3 (DD is bit 0), CSS 8..15, special 16..31 */
        struct {
            uint8_t status;
            uint8_t css;
            uint16_t special;
        } fields;
    } upper;
};
_Static_assert(sizeof(struct e1000_tx_desc) == 16, "legacy TX descriptor is 16 bytes");
_Static_assert(offsetof(struct e1000_tx_desc, upper) == 12, "upper @12");

#define E1000_TXD_CMD_EOP 0x01000000u  /* end of packet */
#define E1000_TXD_CMD_IFCS 0x02000000u /* insert FCS */
#define E1000_TXD_CMD_RS 0x08000000u   /* report status: write DD back */
#define E1000_TXD_CMD_RPS 0x10000000u  /* report packet sent (82542) */
#define E1000_TXD_STAT_DD 0x00000001u  /* descriptor done */
#define E1000_TXD_STAT_EC 0x00000002u  /* excess collisions */
#define E1000_TXD_STAT_LC 0x00000004u  /* late collision */
#define E1000_TXD_STAT_TU 0x00000008u  /* transmit underrun */

/* Advanced transmit descriptor (igb). QEMU writes `wb` back: all 16 bytes,
 * rsvd and nxtseq_seed holding what it read (the driver's buffer_addr and
 * cmd_type_len), status overlaying olinfo_status. */
union e1000_adv_tx_desc {
    struct {
        uint64_t buffer_addr;
        uint32_t cmd_type_len;
        uint32_t olinfo_status;
    } read;
    struct {
        uint64_t rsvd;
        uint32_t nxtseq_seed;
        uint32_t status;
    } wb;
};
_Static_assert(sizeof(union e1000_adv_tx_desc) == 16, "advanced TX descriptor is 16 bytes");
_Static_assert(offsetof(union e1000_adv_tx_desc, wb.status) == 12, "adv status @12");

#define E1000_ADVTXD_DTYP_DATA 0x00300000u
#define E1000_ADVTXD_DCMD_EOP 0x01000000u
#define E1000_ADVTXD_DCMD_IFCS 0x02000000u
#define E1000_ADVTXD_DCMD_RS 0x08000000u
#define E1000_ADVTXD_DCMD_DEXT 0x20000000u
#define E1000_ADVTXD_PAYLEN_SHIFT 14

/* Both formats keep the status byte holding DD at byte 12. */
#define TX_STATUS_OFF 12u

#define TX_RING_MAX 16 /* the explorer's largest TX ring */

/* What the harness learns from the model as it runs (NULL: nothing). The
 * device reports each buffer it sends; the driver each buffer it frees
 * (reclaims) and each it hands over; the driver's TDT write is an MMIO
 * write, which QEMU serves at once in the writing vCPU's thread: tdt_write
 * runs the device there. */
struct tx_events {
    void (*sent)(void *arg, unsigned idx, uint64_t buf);
    void (*filled)(void *arg, unsigned idx, uint64_t buf);
    void (*reclaimed)(void *arg, unsigned idx, uint64_t buf);
    void (*tdt_write)(void *arg);
    void *arg;
};

/* The TX shared region: the registers both sides touch, the driver's ring
 * state that its two contexts share (Linux: ndo_start_xmit on one CPU,
 * NAPI's clean on another), then the descriptor ring. */
struct tx_region {
    uint32_t tdh __attribute__((aligned(64))); /* written by the device */
    uint32_t tdt __attribute__((aligned(64))); /* written by the driver */
    uint32_t tdlen __attribute__((aligned(64)));
    /* Linux's struct e1000_ring: next_to_use is written by xmit,
     * next_to_clean by the clean; buffer_info[] by both. */
    uint32_t next_to_use __attribute__((aligned(64)));
    uint32_t next_to_clean;
    uint32_t bi_skb[TX_RING_MAX];       /* buffer_info[i].skb: 0 none, else a packet id */
    uint32_t bi_next_to_watch[TX_RING_MAX];
    struct tx_events ev;
    uint8_t ring[TX_RING_MAX * 16] __attribute__((aligned(4096)));
};

static inline volatile uint8_t *tx_desc_at(struct tx_region *r, unsigned i)
{
    return (volatile uint8_t *)&r->ring[16u * i];
}
static inline unsigned tx_nb_desc(const struct tx_region *r) { return r->tdlen / 16u; }

#endif
