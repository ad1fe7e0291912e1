// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_desc.c - descriptor layout, status bits, fill tag, region layout. */
#include <stddef.h>
#include <stdint.h>

#include "model/desc.h"
#include "model/guest_mem.h"
#include "tap.h"

int main(void)
{
    /* The compile-time asserts in desc.h already hold; say so in TAP too,
     * with the numbers, so a port that changes packing shows here. */
    is_u(sizeof(struct e1000_rx_desc), 16, "legacy descriptor is 16 bytes");
    is_u(offsetof(struct e1000_rx_desc, buffer_addr), 0, "buffer_addr at offset 0");
    is_u(offsetof(struct e1000_rx_desc, length), 8, "length at offset 8");
    is_u(offsetof(struct e1000_rx_desc, csum), 10, "csum at offset 10");
    is_u(offsetof(struct e1000_rx_desc, status), 12, "status at offset 12");
    is_u(offsetof(struct e1000_rx_desc, errors), 13, "errors at offset 13");
    is_u(offsetof(struct e1000_rx_desc, special), 14, "special at offset 14");

    is_u(E1000_RXD_STAT_DD, 0x01, "DD is bit 0");
    is_u(E1000_RXD_STAT_EOP, 0x02, "EOP is bit 1");
    is_u(E1000_RXD_STAT_IXSM, 0x04, "IXSM is bit 2");
    is_u(E1000_RXD_STAT_VP, 0x08, "VP is bit 3");
    is_u(E1000_RXD_STAT_UDPCS | E1000_RXD_STAT_TCPCS | E1000_RXD_STAT_IPCS | E1000_RXD_STAT_PIF,
         0xf0, "checksum and filter bits are the high nibble");
    is_u(E1000_RXD_ERR_CE | E1000_RXD_ERR_SE | E1000_RXD_ERR_SEQ | E1000_RXD_ERR_CXE |
             E1000_RXD_ERR_TCPE | E1000_RXD_ERR_IPE | E1000_RXD_ERR_RXE,
         0xf7, "error bits: all but bit 3");

    /* Little-endian bytes in memory, as the device and the guest see them. */
    struct e1000_rx_desc d;
    memset(&d, 0, sizeof(d));
    d.buffer_addr = 0x1122334455667788ull;
    d.status = E1000_RXD_STAT_DD;
    const uint8_t *b = (const uint8_t *)&d;
    is_u(b[0], 0x88, "buffer_addr is little endian (low byte first)");
    is_u(b[12], E1000_RXD_STAT_DD, "status is byte 12");

    e1000_set_fill_tag(&d, 0xabcd1234u);
    is_u(d.csum, 0x1234, "fill tag low half goes to csum");
    is_u(d.special, 0xabcd, "fill tag high half goes to special");
    is_u(e1000_fill_tag(&d), 0xabcd1234u, "fill tag round-trips");
    is_u(d.status, E1000_RXD_STAT_DD, "fill tag leaves status alone");
    is_u(d.buffer_addr, 0x1122334455667788ull, "fill tag leaves buffer_addr alone");

    is_u(sizeof(union e1000_rx_desc_extended), 16, "extended descriptor is 16 bytes");
    is_u(offsetof(union e1000_rx_desc_extended, wb.lower.rss), 4, "extended rss at 4");
    is_u(offsetof(union e1000_rx_desc_extended, wb.upper.status_error), 8, "extended status_error at 8");
    is_u(offsetof(union e1000_rx_desc_extended, wb.upper.length), 12, "extended length at 12");
    is_u(offsetof(union e1000_rx_desc_extended, wb.upper.vlan), 14, "extended vlan at 14");
    is_u(sizeof(union e1000_adv_rx_desc), 16, "advanced descriptor is 16 bytes");
    is_u(offsetof(union e1000_adv_rx_desc, read.hdr_addr), 8,
         "advanced hdr_addr at 8, over status_error, length and vlan");
    is_u(offsetof(union e1000_adv_rx_desc, wb.upper.status_error), 8, "advanced status_error at 8");
    is_u(rx_status_offset(RX_FMT_LEGACY) * 10 + rx_status_len(RX_FMT_LEGACY), 121,
         "legacy status field: 1 byte at 12");
    is_u(rx_status_offset(RX_FMT_ADVANCED) * 10 + rx_status_len(RX_FMT_ADVANCED), 84,
         "advanced status field: 4 bytes at 8");
    /* The 16-bit tag is never 0, and two fills of one slot (ring-size
     * apart) never share it, for every ring size the tool allows. */
    unsigned zero = 0, clash = 0;
    for (uint32_t f = 0; f < 3u * 65535u; f++)
        zero += e1000_fill_tag16(f) == 0;
    for (uint32_t ring = 8; ring <= 65536; ring += 8)
        for (uint32_t f = 0; f < 4; f++)
            clash += e1000_fill_tag16(f) == e1000_fill_tag16(f + ring);
    is_u(zero, 0, "16-bit fill tag: never 0");
    is_u(clash, 0, "16-bit fill tag: consecutive fills of a slot differ for every ring size");

    struct gm_region *gm = gm_alloc(8);
    ok(gm != NULL, "gm_alloc maps a region");
    is_u((uintptr_t)gm->rx_rings % 4096, 0, "ring is page aligned");
    is_u((uintptr_t)&gm->rdh / GM_CACHE_LINE != (uintptr_t)&gm->rdt / GM_CACHE_LINE, 1,
         "RDH and RDT are on different cache lines");
    is_u(gm->nb_desc, 8, "nb_desc recorded");
    is_u(gm->rdh | gm->rdt | gm->rdlen, 0, "registers start at zero");
    gm_free(gm);
    return tap_done();
}
