// SPDX-License-Identifier: GPL-2.0-or-later
/* device/e1000x.h - what the three device models share (QEMU keeps the
 * like of it in hw/net/e1000x_common.c): the device state, the fix
 * variants, ring arithmetic and the descriptor write-back in the order each
 * fix prescribes.
 *
 * src/model/device/: QEMU's receive paths (e1000, e1000e, igb), with
 * upstream's function names and control flow. It may use model/ and util/,
 * never driver/: a device knows the guest only through its memory. */
#ifndef E1000_POC_DEVICE_E1000X_H
#define E1000_POC_DEVICE_E1000X_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/dma.h"
#include "model/guest_mem.h"

/* How the device writes a filled descriptor back. One row each in
 * e1000_fixes[]. The status field is the 1-byte `status` of a legacy
 * descriptor, or the 4-byte `status_error` of an extended or advanced one. */
enum e1000_fix {
    E1000_FIX_NONE,          /* QEMU < 7.1 (e1000), < 7.2 (e1000e): all 16
                                bytes, DD set, in one pci_dma_write */
    E1000_FIX_UPSTREAM,      /* QEMU 7.1 e1000 (034d00d485), 7.2 e1000e
                                (8dc2779180), igb: 16 bytes with DD clear,
                                then the status field with DD in a second
                                pci_dma_write (which the C library copies) */
    E1000_FIX_ATOMIC_STATUS, /* 16 bytes with DD clear, a full barrier, then
                                the status field in ONE aligned store of its
                                width, as address_space_stl_le()'s RAM path
                                (stl_le_p) would give; not stl_le_pci_dma(),
                                which is dma_memory_write(), the same copy */
    E1000_FIX_BROKEN_DD_FIRST, /* DELIBERATELY WRONG, never a fix: the status
                                  field with DD first, then the 16 bytes. It
                                  exists so the tests can check that `explain`
                                  catches a wrong fix. */
    E1000_FIX_DD_BYTE,       /* the proposed QEMU patch (docs/qemu-patch/v2/):
                                16 bytes with bytes 8-15 zero (no DD, no
                                length), a write barrier, then bytes 8-15 in
                                ONE aligned 8-byte store, not a copy: DD and
                                the length linux-igb polls appear together,
                                and nothing is stored after them. (Its v1
                                wrote the DD byte with a 1-byte copy, which
                                aarch64 glibc stores three times.) The name
                                stays for the replay tokens, which name the
                                rows above and this one by number. */
    E1000_FIX_COUNT
};

struct e1000_fix_info {
    const char *name;    /* --qemu-fix=NAME */
    const char *summary; /* one line for --help and the run header */
};
extern const struct e1000_fix_info e1000_fixes[E1000_FIX_COUNT];

/* QEMU pads every frame to 60 bytes; RCTL.BSIZE after reset: 2048. */
#define E1000_MIN_BUF_SIZE 60
#define E1000_RXBUF_SIZE_DEFAULT 2048

/* The part of QEMU's device state (E1000State, E1000ECore, IGBCore) the
 * receive paths use; one struct serves the three models. */
typedef struct E1000State {
    PCIDevice parent_obj;  /* the DMA path: address space, barrier + copy routine */
    struct gm_region *gm;  /* mac_reg[RDH/RDT/RDLEN/RFCTL] and the ring (RDBA) */
    enum e1000_fix fix;
    uint32_t rxbuf_size;   /* from RCTL.BSIZE (SRRCTL on igb) */
    uint32_t rx_fill_tag;  /* next fill number (desc.h: the fill tag) */
    uint64_t rx_null_desc; /* descriptors skipped because buffer_addr was 0 */
    uint64_t rx_overrun;   /* packets refused: no free descriptor, or RDH wrapped */
} E1000State;
typedef E1000State E1000ECore;
typedef E1000State IGBCore;

/* as: the address space every access of the device goes through (its
 * PCIDevice keeps it; it must outlive s). */
void e1000_init(E1000State *s, const struct gm_as *as, struct gm_region *gm, enum e1000_fix fix,
                const struct dma_copy *copy, unsigned gap);

/* The device's address space (guest_mem.h). */
static inline const struct gm_as *e1000x_as(const E1000State *s) { return s->parent_obj.as; }

/* The registers, read and written through the accessor layer. */
static inline uint32_t e1000x_rdh(const E1000State *s)
{
    return gm_load32(e1000x_as(s), &s->gm->rdh);
}
static inline uint32_t e1000x_rdt(const E1000State *s)
{
    return gm_load32(e1000x_as(s), &s->gm->rdt);
}
static inline uint32_t e1000x_rdlen(const E1000State *s)
{
    return gm_load32(e1000x_as(s), &s->gm->rdlen);
}
static inline volatile uint8_t *e1000x_rx_desc_base(const E1000State *s)
{
    return (volatile uint8_t *)s->gm->rx_rings;
}

/* Free descriptors from head up to tail in a ring of nb_desc: the
 * arithmetic of e1000_has_rxbufs and e1000e_ring_free_descr. */
static inline uint32_t e1000x_free_descr(uint32_t head, uint32_t tail, uint32_t nb_desc)
{
    if (head < tail)
        return tail - head;
    if (head > tail)
        return nb_desc + tail - head;
    return 0; /* RDH == RDT: the guest has given the device nothing */
}

/* Free descriptors between RDH and RDT (e1000e_ring_free_descr). */
uint32_t e1000x_ring_free_descr(const E1000State *s);

/* After filling the descriptor at rdh: the next head, wrapped, written to
 * RDH once (the guest, behind the big QEMU lock, never sees it unwrapped). */
uint32_t e1000x_ring_advance(E1000State *s, uint32_t rdh, uint32_t rdlen);

/* Fill `desc` (as read from the ring) for write-back: a buffer of
 * `length` bytes, DD set, EOP when `last`; ba is the buffer address the
 * device used (0: none). One per format, in the device files. */
typedef void (*e1000x_write_rx_descr_fn)(E1000State *s, uint8_t desc[16], uint64_t ba,
                                         uint16_t length, bool last);

/* e1000e_write_packet_to_guest / igb_write_packet_to_guest: fill
 * descriptors from RDH until the packet of total_size bytes is placed.
 * Returns total_size, or -1 if the ring ran empty on the way. */
ssize_t e1000x_write_packet_to_guest(E1000State *s, size_t total_size, enum rx_desc_format fmt,
                                     e1000x_write_rx_descr_fn write_rx_descr);

/* Write the filled descriptor `desc` (16 bytes, its status field holding DD
 * and the other status bits) to `base`, as the fix prescribes. QEMU >= 7.1
 * has this as e1000e_pci_dma_write_rx_desc / igb_pci_dma_write_rx_desc (and
 * inline in e1000). */
void e1000x_write_rx_desc(E1000State *s, volatile uint8_t *base, void *desc, size_t status_off,
                          size_t status_len);

#endif
