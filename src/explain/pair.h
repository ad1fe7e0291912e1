// SPDX-License-Identifier: GPL-2.0-or-later
/* pair.h - what `explain` needs to know about a device x driver pair
 * beyond the tables of nic.h: the smallest ring each driver works with in
 * the explorer (below the live run's minimum: the explorer wants the
 * smallest ring that shows the story), what its bounds are called, which
 * descriptor bytes the driver writes, and whether a configuration can run.
 *
 * Ring minimum per driver, from its RDT rule (the device may fill RDH up
 * to RDT - 1, so the driver must hand over at least one descriptor):
 *   dpdk-em, dpdk-igb  2: RDT = the last descriptor processed, so the
 *                      device owns every descriptor the driver has given back;
 *   linux-e1000        3: the driver arms up to next_to_clean - 2 and writes
 *                      RDT = next_to_use - 1, which leaves the device ring - 2;
 *   linux-e1000e       batch + 2: RDT moves only to an index that is a
 *                      multiple of E1000_RX_BUFFER_WRITE (Linux: 16), and the
 *                      armed descriptors (ring - 1 of them) must reach one
 *                      beyond the head. The explorer shrinks the batch (a
 *                      model parameter, stated in every header that uses it):
 *                      2 by default, so a ring of 4 instead of 18;
 *   linux-igb          2: every poll ends with a refill of what it cleaned
 *                      and RDT = next_to_use, as DPDK's rule.
 */
#ifndef E1000_POC_XP_PAIR_H
#define E1000_POC_XP_PAIR_H

#include <stdbool.h>
#include <stdint.h>

#include "explain/explain.h"

struct xp_driver_model {
    const char *vendor;     /* "DPDK", "Linux": for headers */
    const char *burst_name; /* what --burst is to it: "burst" (nb_pkts), "budget" (NAPI) */
    bool rx_free_thresh;    /* takes DPDK's rx_free_thresh */
    bool batch;             /* RDT moves in E1000_RX_BUFFER_WRITE batches (linux-e1000e) */
    uint16_t writes;        /* descriptor bytes it writes when it takes one (bit i: byte i) */
    const char *writes_text;
};
extern const struct xp_driver_model xp_driver_models[NIC_DRV_COUNT];

/* linux-e1000e's batch in the explorer, unless --rx-buffer-write says. */
#define XP_BATCH_DEFAULT 2u
#define XP_BATCH_MAX E1000_RX_BUFFER_WRITE

/* The smallest ring c's driver works with here (see the top of this file). */
unsigned xp_ring_min(const struct xp_config *c);

/* The descriptor format c's driver asks the device for. */
static inline enum rx_desc_format xp_format(const struct xp_config *c)
{
    return nic_drivers[c->driver].format;
}

/* NULL if c can run; else one sentence saying what is wrong (a pair that
 * does not bind, a bound out of range, an option the driver does not have). */
const char *xp_config_problem(const struct xp_config *c);

/* "QEMU igb_receive_iov", "DPDK eth_igb_recv_pkts": for headers and traces. */
const char *xp_device_title(const struct xp_config *c, char *buf, unsigned n);
const char *xp_driver_title(const struct xp_config *c, char *buf, unsigned n);

#endif
