/* device/e1000.h - QEMU's e1000 receive path (hw/net/e1000.c), modelled. */
#ifndef E1000_POC_DEVICE_E1000_H
#define E1000_POC_DEVICE_E1000_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "dma.h"
#include "guest_mem.h"

/* How the device writes a filled descriptor back. One row each in
 * e1000_fixes[] (e1000.c). */
enum e1000_fix {
    E1000_FIX_NONE,     /* QEMU < 7.1: all 16 bytes, DD set, in one pci_dma_write */
    E1000_FIX_UPSTREAM, /* QEMU 7.1 (034d00d485): 16 bytes with DD clear, then
                           the 1-byte status with DD in a second pci_dma_write */
    E1000_FIX_BROKEN_DD_FIRST, /* DELIBERATELY WRONG, never a fix: the 1-byte
                                  status with DD first, then the 16 bytes. It
                                  exists so the tests can check that `explain`
                                  catches a wrong fix. */
    E1000_FIX_COUNT
};

struct e1000_fix_info {
    const char *name;    /* --qemu-fix=NAME */
    const char *summary; /* one line for --help and the run header */
};
extern const struct e1000_fix_info e1000_fixes[E1000_FIX_COUNT];
int e1000_fix_find(const char *name); /* index, or -1 */

/* The packet the live run receives: QEMU pads every frame to 60 bytes. */
#define E1000_MIN_BUF_SIZE 60
/* RCTL.BSIZE after reset: 2048-byte receive buffers. */
#define E1000_RXBUF_SIZE_DEFAULT 2048

/* The part of QEMU's E1000State the receive path uses. */
typedef struct E1000State {
    PCIDevice parent_obj;  /* the DMA path: barrier + copy routine */
    struct gm_region *gm;  /* mac_reg[RDH/RDT/RDLEN] and the ring (RDBA) */
    enum e1000_fix fix;
    uint32_t rxbuf_size;   /* from RCTL.BSIZE */
    uint32_t rx_fill_tag;  /* next fill number (desc.h: the fill tag) */
    uint64_t rx_null_desc; /* descriptors skipped because buffer_addr was 0 */
    uint64_t rx_overrun;   /* packets refused: no free descriptor, or RDH wrapped */
} E1000State;

void e1000_init(E1000State *s, struct gm_region *gm, enum e1000_fix fix,
                const struct dma_copy *copy, unsigned gap);

/* Room for a packet of total_size bytes between RDH and RDT? */
bool e1000_has_rxbufs(E1000State *s, size_t total_size);

/* Receive one packet of `size` bytes (QEMU: e1000_receive_iov with the
 * payload left out; the model's buffers are numbers, not memory). Returns
 * the size, or -1 when the ring has no room (QEMU then queues the packet and
 * retries when the guest writes RDT). */
ssize_t e1000_receive_iov(E1000State *s, size_t size);

#endif
