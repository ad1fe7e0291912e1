/* unit_desc.c - descriptor layout, status bits, fill tag, region layout. */
#include <stddef.h>
#include <stdint.h>

#include "desc.h"
#include "guest_mem.h"
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
