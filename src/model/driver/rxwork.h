// SPDX-License-Identifier: GPL-2.0-or-later
/* driver/rxwork.h - the per-packet work a driver does between reading a
 * descriptor (after it saw DD) and clearing or re-arming it.
 *
 * The race needs the driver's clear to land between two stores of the
 * device's copy. A driver model that clears at once has the widest window
 * there is: an upper bound. Upstream drivers do work in between (DPDK:
 * rte_mbuf_raw_alloc and prefetches; Linux: dma_unmap_single, the skb or
 * copybreak copy, checksum, napi_gro_receive), so the live run spends
 * --rx-work nanoseconds there, spinning. Each driver row in nic.c carries a
 * default derived from what its upstream function does per packet
 * (docs/status-word-race.md says how).
 *
 * The explorer has no notion of time: in an address space with hooks the
 * work is nothing, and `explain` covers every interleaving whatever the
 * work. */
#ifndef E1000_POC_DRIVER_RXWORK_H
#define E1000_POC_DRIVER_RXWORK_H

#include <stdint.h>

#include "model/guest_mem.h"

/* At most a second per packet: anything longer is a mistake. */
#define RX_WORK_NS_MAX 1000000000u

struct rx_work {
    unsigned ns;    /* as asked */
    uint64_t spins; /* iterations of rx_work_spin() that take about ns; 0: none */
};

/* Set w to about ns nanoseconds of work per packet. The first call with
 * ns > 0 calibrates the spin loop against the monotonic clock (a few
 * milliseconds, on the calling thread); later calls reuse it. */
void rx_work_set(struct rx_work *w, unsigned ns);

/* Nanoseconds one spin takes on this CPU, as calibrated (0 before). */
double rx_work_ns_per_spin(void);

/* A dependent count-down the compiler must keep: about one cycle a turn,
 * no memory traffic, so it delays the driver without disturbing the cache
 * lines the race is about. */
static inline void rx_work_spin(uint64_t n)
{
    while (n != 0) {
        n--;
        __asm__ __volatile__("" : "+r"(n));
    }
}

/* The work itself, at the place in the driver where upstream does it, by a
 * driver whose accesses go through `as`. Nothing when explored (as has
 * hooks: no time there) or when w->ns is 0 (the upper bound: today's
 * models). */
static inline void rx_work_do(const struct gm_as *as, const struct rx_work *w)
{
    if (w->spins == 0 || GM_UNLIKELY(as->hooks != NULL))
        return;
    rx_work_spin(w->spins);
}

#endif
