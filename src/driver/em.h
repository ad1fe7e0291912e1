/* driver/em.h - DPDK's e1000 "em" poll-mode receive path, modelled. */
#ifndef E1000_POC_DRIVER_EM_H
#define E1000_POC_DRIVER_EM_H

#include <stdint.h>

#include "guest_mem.h"

/* Guest-side workarounds. One row each in em_workarounds[] (em.c). */
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
int em_workaround_find(const char *name); /* index, or -1 */

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

/* What eth_em_recv_pkts hands up per packet (DPDK: an rte_mbuf). */
struct nic_pkt {
    uint64_t buf_addr;       /* the buffer the driver armed in this slot */
    uint64_t wb_buffer_addr; /* buffer_addr as the device left it in the
                                descriptor; not in DPDK, kept so the
                                application can check it (detect.h) */
    uint32_t fill_tag;       /* the device's fill number (desc.h) */
    uint16_t rx_id;          /* ring index the packet came from */
    uint16_t pkt_len;
    uint8_t status;
    uint8_t errors;
};

/* The part of DPDK's struct em_rx_queue the receive path uses. */
struct em_rx_queue {
    volatile struct e1000_rx_desc *rx_ring;
    volatile uint32_t *rdt_reg_addr;
    volatile uint32_t *rdh_reg_addr; /* read by the stop-at-rdh workaround; written at init */
    volatile uint32_t *rdlen_reg_addr;
    struct em_rx_entry *sw_ring;
    uint32_t nb_rx_desc;
    uint16_t rx_tail;        /* next descriptor to look at */
    uint16_t nb_rx_hold;     /* consumed descriptors not yet given back via RDT */
    uint16_t rx_free_thresh; /* give back when nb_rx_hold exceeds it (DPDK default 0) */
    enum em_workaround workaround;
    uint64_t next_buf_addr;  /* the mempool: buffers are numbered 1, 2, 3, ...
                                (0 would mean "no buffer" to the device) */
};

/* eth_em_rx_queue_setup + em_alloc_rx_queue_mbufs + eth_em_rx_init: arm every
 * descriptor with a buffer and status 0, then RDLEN, RDH = 0,
 * RDT = nb_desc - 1. Returns 0, or -1 if sw_ring cannot be allocated. */
int em_rx_queue_setup(struct em_rx_queue *rxq, struct gm_region *gm, uint16_t rx_free_thresh,
                      enum em_workaround workaround);
void em_rx_queue_release(struct em_rx_queue *rxq);

/* Start the queue over, as a port restart does: fresh buffers in every
 * descriptor, status 0, RDH = 0, RDT = nb_desc - 1. The device must not be
 * receiving meanwhile (the live run's recovery parks both sides). */
void em_rx_queue_reset(struct em_rx_queue *rxq);

/* Receive up to nb_pkts packets. */
uint16_t eth_em_recv_pkts(struct em_rx_queue *rxq, struct nic_pkt *rx_pkts, uint16_t nb_pkts);

#endif
