// SPDX-License-Identifier: GPL-2.0-or-later
/* desc.h - receive descriptor formats shared by the device and driver models.
 *
 * Every format is 16 bytes and little endian, as the hardware (and QEMU's
 * emulation of it) defines. The layouts are checked at compile time below and
 * at run time in tests/unit_desc.c.
 */
#ifndef E1000_POC_DESC_H
#define E1000_POC_DESC_H

#include <stddef.h>
#include <stdint.h>

/* Descriptors live in guest memory in little-endian order. The models keep
 * them in host order, which is the same thing on the little-endian hosts this
 * tool supports (x86-64, arm64, riscv64, ...); where QEMU and DPDK write
 * cpu_to_le16() and friends, the models write nothing. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "e1000_poc models descriptors in host order and needs a little-endian host"
#endif

/* Legacy receive descriptor (8254x manual 3.2.3). The driver writes
 * buffer_addr (and, by convention, zeroes status); the device writes all of it
 * back when it fills the descriptor. */
struct e1000_rx_desc {
    uint64_t buffer_addr; /* guest-physical address of the packet buffer */
    uint16_t length;      /* bytes the device put into the buffer */
    uint16_t csum;        /* packet checksum (see E1000_FILL_TAG below) */
    uint8_t status;       /* E1000_RXD_STAT_*; DD says "the device is done" */
    uint8_t errors;       /* E1000_RXD_ERR_* */
    uint16_t special;     /* VLAN tag (see E1000_FILL_TAG below) */
};

_Static_assert(sizeof(struct e1000_rx_desc) == 16, "legacy descriptor is 16 bytes");
_Static_assert(offsetof(struct e1000_rx_desc, buffer_addr) == 0, "buffer_addr @0");
_Static_assert(offsetof(struct e1000_rx_desc, length) == 8, "length @8");
_Static_assert(offsetof(struct e1000_rx_desc, csum) == 10, "csum @10");
_Static_assert(offsetof(struct e1000_rx_desc, status) == 12, "status @12");
_Static_assert(offsetof(struct e1000_rx_desc, errors) == 13, "errors @13");
_Static_assert(offsetof(struct e1000_rx_desc, special) == 14, "special @14");

/* Status bits of the legacy descriptor. */
#define E1000_RXD_STAT_DD 0x01    /* descriptor done */
#define E1000_RXD_STAT_EOP 0x02   /* end of packet */
#define E1000_RXD_STAT_IXSM 0x04  /* ignore checksum indication */
#define E1000_RXD_STAT_VP 0x08    /* packet is 802.1Q tagged */
#define E1000_RXD_STAT_UDPCS 0x10 /* UDP checksum calculated */
#define E1000_RXD_STAT_TCPCS 0x20 /* TCP checksum calculated */
#define E1000_RXD_STAT_IPCS 0x40  /* IP checksum calculated */
#define E1000_RXD_STAT_PIF 0x80   /* passed in-exact filter */

/* Error bits of the legacy descriptor. */
#define E1000_RXD_ERR_CE 0x01   /* CRC or alignment error */
#define E1000_RXD_ERR_SE 0x02   /* symbol error */
#define E1000_RXD_ERR_SEQ 0x04  /* sequence error */
#define E1000_RXD_ERR_CXE 0x10  /* carrier extension error */
#define E1000_RXD_ERR_TCPE 0x20 /* TCP/UDP checksum error */
#define E1000_RXD_ERR_IPE 0x40  /* IP checksum error */
#define E1000_RXD_ERR_RXE 0x80  /* RX data error */

/* The fill tag: the project's instrumentation, not hardware behaviour.
 *
 * Every time the device model fills a descriptor it numbers the fill (0, 1,
 * 2, ...) and writes the number into two fields the driver never writes:
 * the low 16 bits into csum, the high 16 bits into special (the model
 * receives no VLAN-tagged packets, so special is otherwise 0). The driver-side
 * checker then sees when a descriptor is consumed twice even if its buffer
 * address looks fresh. 32 bits keep consecutive fills of one slot distinct for
 * every ring size up to 65536. */
static inline uint32_t e1000_fill_tag(const struct e1000_rx_desc *d)
{
    return (uint32_t)d->csum | ((uint32_t)d->special << 16);
}

static inline void e1000_set_fill_tag(struct e1000_rx_desc *d, uint32_t tag)
{
    d->csum = (uint16_t)tag;
    d->special = (uint16_t)(tag >> 16);
}

/* Extended receive descriptor (82574, QEMU's e1000e; Linux e1000e uses it).
 * The driver writes the read format; the device writes back over it, the
 * buffer address included. */
union e1000_rx_desc_extended {
    struct {
        uint64_t buffer_addr;
        uint64_t reserved;
    } read;
    struct {
        struct {
            uint32_t mrq; /* RSS type and queue */
            uint32_t rss; /* RSS hash (see E1000_WB_USED_ADDR below) */
        } lower;
        struct {
            uint32_t status_error; /* status bits 0..19, errors 20..31; DD is bit 0 */
            uint16_t length;
            uint16_t vlan; /* VLAN tag (see the 16-bit fill tag below) */
        } upper;
    } wb;
};

/* Advanced receive descriptor (82576, QEMU's igb; DPDK's igb PMD). The
 * driver re-arms with hdr_addr = 0 and pkt_addr, all 16 bytes. */
union e1000_adv_rx_desc {
    struct {
        uint64_t pkt_addr;
        uint64_t hdr_addr; /* overlays status_error, length and vlan */
    } read;
    struct {
        struct {
            uint32_t lo_dword; /* packet and header type */
            uint32_t rss;      /* RSS hash (see E1000_WB_USED_ADDR below) */
        } lower;
        struct {
            uint32_t status_error;
            uint16_t length;
            uint16_t vlan;
        } upper;
    } wb;
};

_Static_assert(sizeof(union e1000_rx_desc_extended) == 16, "extended descriptor is 16 bytes");
_Static_assert(offsetof(union e1000_rx_desc_extended, wb.lower.rss) == 4, "ext rss @4");
_Static_assert(offsetof(union e1000_rx_desc_extended, wb.upper.status_error) == 8, "ext status_error @8");
_Static_assert(offsetof(union e1000_rx_desc_extended, wb.upper.length) == 12, "ext length @12");
_Static_assert(offsetof(union e1000_rx_desc_extended, wb.upper.vlan) == 14, "ext vlan @14");
_Static_assert(sizeof(union e1000_adv_rx_desc) == 16, "advanced descriptor is 16 bytes");
_Static_assert(offsetof(union e1000_adv_rx_desc, read.hdr_addr) == 8, "adv hdr_addr @8");
_Static_assert(offsetof(union e1000_adv_rx_desc, wb.lower.rss) == 4, "adv rss @4");
_Static_assert(offsetof(union e1000_adv_rx_desc, wb.upper.status_error) == 8, "adv status_error @8");
_Static_assert(offsetof(union e1000_adv_rx_desc, wb.upper.length) == 12, "adv length @12");
_Static_assert(offsetof(union e1000_adv_rx_desc, wb.upper.vlan) == 14, "adv vlan @14");

/* The three formats, and where each keeps its status field (DD is bit 0
 * of the field's first byte in all three). */
enum rx_desc_format {
    RX_FMT_LEGACY,   /* struct e1000_rx_desc: 1-byte status at 12 */
    RX_FMT_EXTENDED, /* union e1000_rx_desc_extended: 4-byte status_error at 8 */
    RX_FMT_ADVANCED, /* union e1000_adv_rx_desc: 4-byte status_error at 8 */
    RX_FMT_COUNT
};
static const char *const rx_format_names[RX_FMT_COUNT] __attribute__((unused)) = {
    [RX_FMT_LEGACY] = "legacy", [RX_FMT_EXTENDED] = "extended", [RX_FMT_ADVANCED] = "advanced"};
static inline size_t rx_status_offset(enum rx_desc_format f)
{
    return f == RX_FMT_LEGACY ? offsetof(struct e1000_rx_desc, status)
                              : offsetof(union e1000_rx_desc_extended, wb.upper.status_error);
}
static inline size_t rx_status_len(enum rx_desc_format f)
{
    return f == RX_FMT_LEGACY ? 1 : 4;
}

/* status_error bits of the extended and advanced write-back. */
#define E1000_RXD_STAT_DD_32 0x00000001u
#define E1000_RXD_STAT_EOP_32 0x00000002u

/* The write-back formats overlay the buffer address, so the model's device
 * keeps two more pieces of instrumentation there, where QEMU writes an RSS
 * hash and a VLAN tag the model does not compute:
 *  - E1000_WB_USED_ADDR: rss = the low 32 bits of the buffer address the
 *    device used, so the driver side can tell a stale buffer;
 *  - the 16-bit fill tag: vlan = fill % 65535 + 1, never 0, so a vlan of 0
 *    (what a re-arm that zeroes the upper half leaves) means "not written by
 *    any fill since the driver re-armed it". 65535 is odd and above half the
 *    largest ring, so two fills of one slot never share a tag. */
#define E1000_FILL_TAG16_MOD 65535u
static inline uint16_t e1000_fill_tag16(uint32_t fill)
{
    return (uint16_t)(fill % E1000_FILL_TAG16_MOD + 1);
}

#endif
