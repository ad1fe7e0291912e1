// SPDX-License-Identifier: GPL-2.0-or-later
/* check.h - what the explorer calls a violation, checked as the
 * execution runs.
 *
 * On what the driver hands up, detect.c's rx_check_pkt(), as in the live
 * run: stale buffer address, double consumption, wrong fill number. Added
 * here, because only a scheduler that sees every store can check them:
 *
 *   torn read    the driver took a descriptor while the device's write of
 *                it was under way and some byte the driver read had not been
 *                written yet (a descriptor must become visible whole, with
 *                DD last). Byte positions, not values: a byte the device
 *                rewrites with the value it already held still counts as
 *                not yet written, because with other traffic the value would
 *                differ (error bits, VLAN tag).
 *   RDT == RDH   the driver wrote RDT equal to RDH: no modelled driver
 *                does in correct operation (DPDK writes "last processed",
 *                Linux an index it armed, both short of a full lap ahead of
 *                RDH; the argument is at the check, check.c), and
 *                equality hands the device an empty ring.
 *   ring hang    nobody can move: the device has packets left and sees
 *                RDH == RDT, the driver waits for DD on a descriptor the
 *                device will never fill.
 *   lost packet  everyone stopped, the device received every packet, but a
 *                fill was never handed up.
 */
#ifndef E1000_POC_XP_CHECK_H
#define E1000_POC_XP_CHECK_H

#include "explain/state.h"

/* A load was performed (forwarded: bytes that came from t's own buffer). */
void xp_check_on_load(struct xp_exec *x, enum xp_thread t, const struct xp_op *op,
                      uint16_t forwarded);
/* A store is about to reach memory, and has reached it. */
void xp_check_before_visible(struct xp_exec *x, enum xp_thread t, const struct xp_op *op);
void xp_check_on_visible(struct xp_exec *x, enum xp_thread t, const struct xp_op *op);

/* The driver handed up x->pkts[0..n). */
void xp_check_packets(struct xp_exec *x, unsigned n);

/* Nobody can move: decide how the execution ended. */
void xp_check_end(struct xp_exec *x);

/* The fill number a packet carries: legacy, the 32-bit fill tag itself;
 * extended and advanced, the 16-bit tag in vlan minus one, where vlan 0
 * (*filled = false) means no fill wrote the descriptor since the driver
 * re-armed it (desc.h). The explorer's fills stay below 65535. */
static inline uint32_t xp_pkt_fill(const struct nic_pkt *p, bool *filled)
{
    if (p->format == RX_FMT_LEGACY) {
        *filled = true;
        return p->fill_tag;
    }
    *filled = (uint16_t)p->fill_tag != 0;
    return *filled ? (uint16_t)p->fill_tag - 1u : 0;
}

#endif
